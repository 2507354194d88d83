//! Finding text in the document: case-insensitive, and optionally blind to diacritics
//! (so `Sadat` finds `Sādāt`, `Tiflis` matches `Tíflis`).

use crate::core::offset::{CharOffset, CharRange};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// How to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SearchOptions {
    /// Treat `é`, `e` and `e` + combining accent as the same letter.
    pub ignore_diacritics: bool,
}

/// The text folded for comparison, with the original code-point offset of each folded
/// character.
fn fold(text: &str, options: SearchOptions) -> (Vec<char>, Vec<usize>) {
    let mut folded = Vec::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        for lower in c.to_lowercase() {
            if options.ignore_diacritics {
                for d in std::iter::once(lower).nfd() {
                    if !is_combining_mark(d) {
                        folded.push(d);
                        origin.push(i);
                    }
                }
            } else {
                folded.push(lower);
                origin.push(i);
            }
        }
    }
    (folded, origin)
}

/// Every non-overlapping match of `query` in `text`, in order, as code-point ranges of
/// `text`. An empty query (or one that folds to nothing) finds nothing.
pub fn find_all(text: &str, query: &str, options: SearchOptions) -> Vec<CharRange> {
    let (needle, _) = fold(query, options);
    if needle.is_empty() {
        return Vec::new();
    }
    let (hay, origin) = fold(text, options);
    let total = text.chars().count();
    let mut hits = Vec::new();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if hay[i] == needle[0] && hay[i..i + needle.len()] == needle[..] {
            let start = origin[i];
            let next = i + needle.len();
            // A match ends after the original character of its last folded letter; when
            // accents are folded away it also takes the combining marks that follow.
            let mut end = origin[next - 1] + 1;
            if options.ignore_diacritics {
                end = end.max(origin.get(next).copied().unwrap_or(total));
            }
            hits.push(CharRange::new(CharOffset(start), CharOffset(end)));
            i = next;
        } else {
            i += 1;
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, query: &str, ignore: bool) -> Vec<String> {
        find_all(
            text,
            query,
            SearchOptions {
                ignore_diacritics: ignore,
            },
        )
        .into_iter()
        .map(|r| text.chars().skip(r.start.0).take(r.len()).collect())
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
    fn offsets_are_code_points_of_the_original() {
        let text = "Брежнев — “Brezhnev”";
        let hits = find_all(text, "brezhnev", SearchOptions::default());
        assert_eq!(hits, vec![CharRange::new(CharOffset(11), CharOffset(19))]);
        let hits = find_all(text, "брежнев", SearchOptions::default());
        assert_eq!(hits, vec![CharRange::new(CharOffset(0), CharOffset(7))]);
    }
}
