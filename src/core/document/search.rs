//! Finding text in the document: case-insensitive unless asked, and optionally blind to
//! diacritics (so `Sadat` finds `Sādāt`, `Tiflis` matches `Tíflis`); and in many
//! documents at once.

use crate::core::text::{CharOffset, CharRange};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// How to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SearchOptions {
    /// Treat `é`, `e` and `e` + combining accent as the same letter.
    pub ignore_diacritics: bool,
    /// Tell `A` from `a`.
    pub case_sensitive: bool,
}

/// A text folded for comparison (lower case, and without accents if asked), with the
/// original code-point offset of every byte of it. Build it once per text and search it
/// as often as the query changes.
pub struct Folded {
    text: String,
    origin: Vec<u32>,
    /// Code points in the original text.
    total: usize,
    options: SearchOptions,
}

impl std::fmt::Debug for Folded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Folded")
            .field("options", &self.options)
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

/// Passes `c` folded, letter by letter, to `push`. Curly quotes and apostrophes fold to
/// the straight ones a keyboard types, so `Brezhnev's` finds `Brezhnev’s`.
fn fold_char(c: char, options: SearchOptions, mut push: impl FnMut(char)) {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{02BC}' => return push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => return push('"'),
        _ => {}
    }
    if c.is_ascii() {
        push(if options.case_sensitive {
            c
        } else {
            c.to_ascii_lowercase()
        });
        return;
    }
    let cased: Vec<char> = if options.case_sensitive {
        vec![c]
    } else {
        c.to_lowercase().collect()
    };
    for lower in cased {
        if options.ignore_diacritics {
            for d in std::iter::once(lower).nfd() {
                if !is_combining_mark(d) {
                    push(d);
                }
            }
        } else {
            push(lower);
        }
    }
}

impl Folded {
    /// Folds `text`.
    pub fn new(text: &str, options: SearchOptions) -> Self {
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        let mut total = 0;
        for (i, c) in text.chars().enumerate() {
            fold_char(c, options, |f| {
                folded.push(f);
                origin.extend(std::iter::repeat_n(i as u32, f.len_utf8()));
            });
            total = i + 1;
        }
        Folded {
            text: folded,
            origin,
            total,
            options,
        }
    }

    /// The options it was folded with.
    pub fn options(&self) -> SearchOptions {
        self.options
    }

    /// Every non-overlapping match of `query`, in order, as code-point ranges of the
    /// original text. An empty query (or one that folds to nothing) finds nothing.
    pub fn find(&self, query: &str) -> Vec<CharRange> {
        let mut needle = String::new();
        for c in query.chars() {
            fold_char(c, self.options, |f| needle.push(f));
        }
        if needle.is_empty() {
            return Vec::new();
        }
        self.text
            .match_indices(needle.as_str())
            .map(|(byte, _)| {
                let start = self.origin[byte] as usize;
                let next = byte + needle.len();
                // A match ends after the original character of its last folded letter; when
                // accents are folded away it also takes the combining marks that follow.
                let mut end = self.origin[next - 1] as usize + 1;
                if self.options.ignore_diacritics {
                    end = end.max(self.origin.get(next).map_or(self.total, |&o| o as usize));
                }
                CharRange::new(CharOffset(start), CharOffset(end))
            })
            .collect()
    }
}

/// Every non-overlapping match of `query` in `text`, in order, as code-point ranges of
/// `text`. An empty query (or one that folds to nothing) finds nothing.
pub fn find_all(text: &str, query: &str, options: SearchOptions) -> Vec<CharRange> {
    Folded::new(text, options).find(query)
}

/// Every match of `query` in each of `texts` (folded once, searched as often as the query
/// changes): for each text that has any, its key and the matches in order.
pub fn find_in<'a, K: Clone + 'a>(
    texts: impl IntoIterator<Item = (&'a K, &'a Folded)>,
    query: &str,
) -> Vec<(K, Vec<CharRange>)> {
    texts
        .into_iter()
        .filter_map(|(key, folded)| {
            let hits = folded.find(query);
            (!hits.is_empty()).then(|| (key.clone(), hits))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, query: &str, ignore: bool) -> Vec<String> {
        find_all(
            text,
            query,
            SearchOptions {
                case_sensitive: false,
                ignore_diacritics: ignore,
            },
        )
        .into_iter()
        .map(|r| text.chars().skip(r.start.index()).take(r.len()).collect())
        .collect()
    }

    #[test]
    fn case_insensitive_and_non_overlapping() {
        assert_eq!(
            found("Soviet-US and soviet", "SOVIET", false),
            ["Soviet", "soviet"]
        );
        assert_eq!(found("aaaa", "aa", false), ["aa", "aa"]);
        assert!(found("text", "", false).is_empty());
    }

    #[test]
    fn diacritics_fold_only_when_asked() {
        let text = "Sādāt met Sadat in Tíflis and Ti\u{301}flis";
        assert_eq!(found(text, "sadat", false), ["Sadat"]);
        assert_eq!(found(text, "sadat", true), ["Sādāt", "Sadat"]);
        // Precomposed and combining forms both match, and the hit keeps the accent.
        assert_eq!(found(text, "tiflis", true), ["Tíflis", "Ti\u{301}flis"]);
        assert_eq!(found(text, "TÍFLIS", true), ["Tíflis", "Ti\u{301}flis"]);
    }

    #[test]
    fn straight_and_curly_quotes_find_each_other() {
        let text = "the Soviet Union’s “cold war” and the US's \"detente\"";
        assert_eq!(found(text, "union's", false), ["Union’s"]);
        assert_eq!(found(text, "US’s", false), ["US's"]);
        assert_eq!(found(text, "\"cold war\"", false), ["“cold war”"]);
        assert_eq!(found(text, "“detente”", false), ["\"detente\""]);
    }

    #[test]
    fn offsets_are_code_points_of_the_original() {
        let text = "Брежнев — “Brezhnev”";
        let hits = find_all(text, "brezhnev", SearchOptions::default());
        assert_eq!(hits, vec![CharRange::new(CharOffset(11), CharOffset(19))]);
        let hits = find_all(text, "брежнев", SearchOptions::default());
        assert_eq!(hits, vec![CharRange::new(CharOffset(0), CharOffset(7))]);
    }
}
