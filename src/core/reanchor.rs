//! Finding a highlight again in a text that changed: another edition, a corrected
//! transcription. Exact place first, then the quote elsewhere (chosen by its context and
//! nearness), then an approximate match of the quote; what cannot be placed is an orphan.
//!
//! A place is taken only when the text around it agrees with the context the highlight
//! was made in (or the quote is long and found once). A short quote found elsewhere with
//! other words around it ("NATO", "SALT") is not the same passage: it is only proposed,
//! as [`Placement::Uncertain`], for the reader to confirm.

use crate::core::anchor::Anchor;
use crate::core::document::Document;
use crate::core::offset::{ByteOffset, CharOffset, CharRange};

/// How a highlight was placed in the new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Same offsets, same quote.
    Exact,
    /// The same quote, elsewhere.
    Moved,
    /// A close but not identical quote.
    Fuzzy,
    /// The quote (or one close to it) is there, but its surroundings disagree with the
    /// highlight's context: a proposal for the reader to confirm, never a placement.
    Uncertain,
}

/// How many highlights were placed each way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReanchorReport {
    pub exact: usize,
    pub moved: usize,
    pub fuzzy: usize,
    /// Found only doubtfully: kept unplaced, with a proposed place to confirm.
    pub uncertain: usize,
    pub orphaned: usize,
}

impl ReanchorReport {
    /// Counts one outcome.
    pub fn count(&mut self, placement: Option<Placement>) {
        match placement {
            Some(Placement::Exact) => self.exact += 1,
            Some(Placement::Moved) => self.moved += 1,
            Some(Placement::Fuzzy) => self.fuzzy += 1,
            Some(Placement::Uncertain) => self.uncertain += 1,
            None => self.orphaned += 1,
        }
    }

    /// Every highlight counted, whichever way it went.
    pub fn total(&self) -> usize {
        self.exact + self.moved + self.fuzzy + self.uncertain + self.orphaned
    }

    /// Highlights that are not placed: orphaned, or placed only doubtfully.
    pub fn unplaced(&self) -> usize {
        self.uncertain + self.orphaned
    }

    /// "12 exact, 2 moved, 1 fuzzy, 1 uncertain, 0 orphaned".
    pub fn summary(&self) -> String {
        format!(
            "{} exact, {} moved, {} fuzzy, {} uncertain, {} orphaned",
            self.exact, self.moved, self.fuzzy, self.uncertain, self.orphaned
        )
    }
}

/// Quotes shorter than this are only placed exactly: a few letters match anywhere.
const MIN_FUZZY_CHARS: usize = 8;
/// Longest quote matched approximately as a whole; longer ones by their head and tail.
const MAX_DIRECT_CHARS: usize = 200;
/// How far from its expected place a highlight is looked for approximately, in
/// characters, at the least.
const FUZZY_WINDOW: usize = 4_000;

/// Places `anchor` in `doc`, or `None` when it cannot be found (an orphan).
pub fn reanchor(doc: &Document, anchor: &Anchor) -> Option<(Placement, Anchor)> {
    exactly(doc, anchor).or_else(|| approximately(doc, anchor, anchor.start))
}

/// How far around the expected place the quote is first looked for, in characters.
const NEAR: usize = 50_000;

/// How far around the place its neighbours suggest a quote is looked for first.
const SUGGESTED: usize = 2_000;

/// The exact quote at its old place, or elsewhere (near its old place first, then
/// anywhere), chosen by context and nearness.
pub fn exactly(doc: &Document, anchor: &Anchor) -> Option<(Placement, Anchor)> {
    exactly_near(doc, anchor, anchor.start)
}

/// [`exactly`], trying first the place `expected` where the highlights before it were
/// found to have moved: an occurrence there with the whole of its context is taken at
/// once, without searching the wider stretch.
pub fn exactly_near(
    doc: &Document,
    anchor: &Anchor,
    expected: CharOffset,
) -> Option<(Placement, Anchor)> {
    let quote_len = anchor.quote.chars().count();
    if quote_len == 0 {
        return None;
    }
    if anchor.end.0 <= doc.char_len()
        && doc.slice(anchor.range()) == anchor.quote
        && context_agrees(doc, anchor, &anchor.range())
    {
        return Some((Placement::Exact, Anchor::new(doc, anchor.range())));
    }
    let find_in = |from: usize, to: usize| -> Vec<CharRange> {
        let (b0, b1) = (
            doc.byte_of(CharOffset(from)).0,
            doc.byte_of(CharOffset(to.min(doc.char_len()))).0,
        );
        doc.text()[b0..b1]
            .match_indices(anchor.quote.as_str())
            .map(|(byte, _)| {
                let start = doc.char_of(ByteOffset(b0 + byte));
                CharRange::new(start, start + quote_len)
            })
            .collect()
    };
    if expected != anchor.start {
        let around = find_in(
            expected.0.saturating_sub(SUGGESTED),
            expected.0 + quote_len + SUGGESTED,
        );
        if let Some(found) = around
            .iter()
            .find(|r| whole_context_matches(doc, anchor, r))
        {
            return Some((Placement::Moved, Anchor::new(doc, *found)));
        }
    }
    // Most edits move a passage a little: search near it before searching everything.
    let near = find_in(anchor.start.0.saturating_sub(NEAR), anchor.end.0 + NEAR);
    let candidates = if near.is_empty() {
        find_in(0, doc.char_len())
    } else {
        near
    };
    let best = best_by_context(doc, anchor, &candidates, 0)?;
    // Context decides; a long quote that occurs once in the whole text needs none (a
    // passage moved whole, a paragraph reordered).
    let confident = context_agrees(doc, anchor, &best)
        || (quote_len >= LONG_QUOTE_CHARS && find_in(0, doc.char_len()).len() == 1);
    let placement = if confident {
        Placement::Moved
    } else {
        Placement::Uncertain
    };
    Some((placement, Anchor::new(doc, best)))
}

/// A quote at least this long, found verbatim once in the whole text, is the passage
/// whatever its surroundings.
const LONG_QUOTE_CHARS: usize = 40;

/// How alike a side of the context must be to the text beside a place (0–1, by edit
/// distance) for that side to agree.
const SIDE_AGREES: f64 = 0.75;
/// How alike one side alone must be when the other disagrees.
const ONE_SIDE_AGREES: f64 = 0.9;
/// The shortest quote that one agreeing side of context is enough for.
const ONE_SIDE_QUOTE_CHARS: usize = 12;

/// How alike `expected` (a saved prefix or suffix) is to `found` (the text beside a
/// place), from 0 (nothing alike) to 1 (the same): one minus their edit distance over the
/// longer length. Both empty (a highlight at the very start or end) counts as the same.
fn similarity(expected: &str, found: &str) -> f64 {
    let a: Vec<char> = expected.chars().collect();
    let b: Vec<char> = found.chars().collect();
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 1.0;
    }
    1.0 - levenshtein(&a, &b) as f64 / longer as f64
}

/// Edit distance (insertions, deletions, substitutions) of two short strings: the plain
/// definition, also what the tests check the faster table against.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The text just before and just after `r`, as long as the anchor's prefix and suffix.
fn surroundings(doc: &Document, anchor: &Anchor, r: &CharRange) -> (String, String) {
    let before = CharOffset(r.start.0.saturating_sub(anchor.prefix.chars().count()));
    let after = CharOffset((r.end.0 + anchor.suffix.chars().count()).min(doc.char_len()));
    (
        doc.slice(CharRange::new(before, r.start)).to_string(),
        doc.slice(CharRange::new(r.end, after)).to_string(),
    )
}

/// True when the text around `r` agrees with the context the highlight was made in:
/// both sides alike, or one side nearly the same for a quote that is not tiny. Small
/// edits (a corrected letter, OCR noise) beside a passage keep it; a short quote found
/// among other words does not pass.
pub fn context_agrees(doc: &Document, anchor: &Anchor, r: &CharRange) -> bool {
    let (before, after) = surroundings(doc, anchor, r);
    let prefix = similarity(&anchor.prefix, &before);
    let suffix = similarity(&anchor.suffix, &after);
    let quote_len = anchor.quote.chars().count();
    (prefix >= SIDE_AGREES && suffix >= SIDE_AGREES)
        || (quote_len >= ONE_SIDE_QUOTE_CHARS && prefix.max(suffix) >= ONE_SIDE_AGREES)
}

/// An approximate match of the quote around `expected` (where the text's other
/// highlights suggest it now starts).
pub fn approximately(
    doc: &Document,
    anchor: &Anchor,
    expected: CharOffset,
) -> Option<(Placement, Anchor)> {
    if anchor.quote.chars().count() < MIN_FUZZY_CHARS {
        return None;
    }
    let (range, errors) = fuzzy(doc, anchor, expected)?;
    let quote_len = anchor.quote.chars().count();
    // A close quote is the passage when its context agrees, or when it is long and
    // barely changed (a corrected letter or two).
    let confident = context_agrees(doc, anchor, &range)
        || (quote_len >= LONG_QUOTE_CHARS && errors * 10 <= quote_len);
    let placement = if confident {
        Placement::Fuzzy
    } else {
        Placement::Uncertain
    };
    Some((placement, Anchor::new(doc, range)))
}

/// True when the text just before and after `r` is the anchor's prefix and suffix, whole.
fn whole_context_matches(doc: &Document, anchor: &Anchor, r: &CharRange) -> bool {
    let before = r.start.0.checked_sub(anchor.prefix.chars().count());
    let after = r.end.0 + anchor.suffix.chars().count();
    match before {
        Some(before) if after <= doc.char_len() => {
            doc.slice(CharRange::new(CharOffset(before), r.start)) == anchor.prefix
                && doc.slice(CharRange::new(r.end, CharOffset(after))) == anchor.suffix
        }
        _ => false,
    }
}

/// Among `candidates`, the one whose surroundings best match the anchor's prefix and
/// suffix, then the one nearest the old place. `errors` are each candidate's edit
/// distances (0 for exact candidates) folded into the score.
fn best_by_context(
    doc: &Document,
    anchor: &Anchor,
    candidates: &[CharRange],
    errors: usize,
) -> Option<CharRange> {
    let prefix: Vec<char> = anchor.prefix.chars().collect();
    let suffix: Vec<char> = anchor.suffix.chars().collect();
    let score = |r: &CharRange| -> (i64, i64) {
        let before: Vec<char> = doc
            .slice(CharRange::new(
                CharOffset(r.start.0.saturating_sub(prefix.len())),
                r.start,
            ))
            .chars()
            .collect();
        let after: Vec<char> = doc
            .slice(CharRange::new(
                r.end,
                CharOffset((r.end.0 + suffix.len()).min(doc.char_len())),
            ))
            .chars()
            .collect();
        let same_before = before
            .iter()
            .rev()
            .zip(prefix.iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let same_after = after
            .iter()
            .zip(suffix.iter())
            .take_while(|(a, b)| a == b)
            .count();
        let distance = (r.start.0 as i64 - anchor.start.0 as i64).abs();
        (
            (same_before + same_after) as i64 * 4 - errors as i64 * 8,
            -distance,
        )
    };
    candidates.iter().copied().max_by_key(score)
}

/// Approximate occurrences of `pattern` in `text` with at most `max_errors` edits, as
/// (start, end, errors) in `text`'s char indices; the best per region.
fn approximate(text: &[char], pattern: &[char], max_errors: usize) -> Vec<(usize, usize, usize)> {
    let m = pattern.len();
    // Sellers' algorithm: a match may start anywhere, so the top row is all zeros.
    let mut column: Vec<usize> = (0..=m).collect();
    let mut ends: Vec<(usize, usize)> = Vec::new();
    for (i, &c) in text.iter().enumerate() {
        let mut diagonal = 0;
        column[0] = 0;
        for j in 0..m {
            let above = column[j + 1];
            column[j + 1] = (above + 1)
                .min(column[j] + 1)
                .min(diagonal + usize::from(pattern[j] != c));
            diagonal = above;
        }
        if column[m] <= max_errors {
            ends.push((i + 1, column[m]));
        }
    }
    // Recover a match's start: the start that gives the fewest edits, then the one that
    // makes the match nearest the quote's length.
    let start_for = |end: usize| -> (usize, usize) {
        let lo = end.saturating_sub(m + max_errors);
        let hi = end.saturating_sub(m.saturating_sub(max_errors)).min(end);
        let costs = distances_to_starts(pattern, &text[lo..end]);
        let start = (lo..=hi)
            .min_by_key(|&s| (costs[end - s], (end - s).abs_diff(m)))
            .unwrap_or(lo);
        (start, costs[end - start])
    };
    // Keep the best match of each run of nearby ends: fewest edits, then the length
    // nearest the quote's (so a quote whose last character changed, `“cold war”` against
    // `"cold war"`, keeps that character instead of stopping one short).
    let mut best: Vec<(usize, usize, usize)> = Vec::new();
    for (end, errors) in ends {
        match best.last_mut() {
            Some(last) if end <= last.1 + m / 2 => {
                if errors < last.2 {
                    *last = (start_for(end).0, end, errors);
                } else if errors == last.2 {
                    let start = start_for(end).0;
                    if (end - start).abs_diff(m) < (last.1 - last.0).abs_diff(m) {
                        *last = (start, end, errors);
                    }
                }
            }
            _ => best.push((start_for(end).0, end, errors)),
        }
    }
    best
}

/// For each `k` from 0 to `segment.len()`, the edit distance between `pattern` and the
/// last `k` characters of `segment`: one table, filled backwards from the segment's end,
/// instead of a full edit distance for every possible start.
fn distances_to_starts(pattern: &[char], segment: &[char]) -> Vec<usize> {
    // row[i]: distance between the last i pattern characters and the last k segment
    // characters, for the k reached so far.
    let m = pattern.len();
    let mut row: Vec<usize> = (0..=m).collect();
    let mut out = Vec::with_capacity(segment.len() + 1);
    out.push(row[m]);
    for (k, &c) in segment.iter().rev().enumerate() {
        let mut diagonal = row[0];
        row[0] = k + 1;
        for i in 1..=m {
            let above = row[i];
            row[i] = (above + 1)
                .min(row[i - 1] + 1)
                .min(diagonal + usize::from(pattern[m - i] != c));
            diagonal = above;
        }
        out.push(row[m]);
    }
    out
}

/// The approximate place of the anchor's quote near `expected`, if any is close enough,
/// with its number of edits.
fn fuzzy(doc: &Document, anchor: &Anchor, expected: CharOffset) -> Option<(CharRange, usize)> {
    let quote: Vec<char> = anchor.quote.chars().collect();
    let reach = FUZZY_WINDOW.max(quote.len() * 10);
    let from = expected.0.saturating_sub(reach).min(doc.char_len());
    let to = (expected.0 + quote.len() + reach).min(doc.char_len());
    let window: Vec<char> = doc
        .slice(CharRange::new(CharOffset(from), CharOffset(to)))
        .chars()
        .collect();
    let found = |pattern: &[char]| -> Vec<(usize, usize, usize)> {
        // Up to a quarter of the letters may differ.
        let max_errors = (pattern.len() / 4).max(1);
        approximate(&window, pattern, max_errors)
    };
    let candidates: Vec<(CharRange, usize)> = if quote.len() <= MAX_DIRECT_CHARS {
        found(&quote)
            .into_iter()
            .map(|(s, e, err)| {
                (
                    CharRange::new(CharOffset(from + s), CharOffset(from + e)),
                    err,
                )
            })
            .collect()
    } else {
        // A long quote: find its head and its tail, and take what lies between when the
        // span is about as long as the quote was.
        let part = MAX_DIRECT_CHARS / 2;
        let heads = found(&quote[..part]);
        let tails = found(&quote[quote.len() - part..]);
        let mut spans = Vec::new();
        for &(hs, _, he) in &heads {
            for &(_, te, tr) in &tails {
                let span = te.saturating_sub(hs);
                if te > hs && span.abs_diff(quote.len()) <= quote.len() / 4 {
                    spans.push((
                        CharRange::new(CharOffset(from + hs), CharOffset(from + te)),
                        he + tr,
                    ));
                }
            }
        }
        spans
    };
    let fewest = candidates.iter().map(|c| c.1).min()?;
    let best: Vec<CharRange> = candidates
        .iter()
        .filter(|c| c.1 == fewest)
        .map(|c| c.0)
        .collect();
    best_by_context(doc, anchor, &best, fewest).map(|r| (r, fewest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        let d = |a: &str, b: &str| {
            levenshtein(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("“cold war”", "\"cold war\""), 2);
    }

    #[test]
    fn one_backward_table_gives_every_start_s_distance() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        for (pattern, segment) in [
            (
                "neutron weapons",
                "the mutual refusal to produce neutron weapon",
            ),
            ("abc", ""),
            ("", "xyz"),
            ("détente", "a détente détente"),
            ("Backfire", "Backfir bomber Backfire"),
        ] {
            let (p, seg) = (chars(pattern), chars(segment));
            let table = distances_to_starts(&p, &seg);
            assert_eq!(table.len(), seg.len() + 1);
            for (k, &cost) in table.iter().enumerate() {
                assert_eq!(
                    cost,
                    levenshtein(&p, &seg[seg.len() - k..]),
                    "{pattern} / {k}"
                );
            }
        }
    }

    #[test]
    fn approximate_finds_the_closest_stretch() {
        let text: Vec<char> = "the cold war began; the cld war ended".chars().collect();
        let pattern: Vec<char> = "cold war".chars().collect();
        let hits = approximate(&text, &pattern, 1);
        let words: Vec<String> = hits
            .iter()
            .map(|&(s, e, _)| text[s..e].iter().collect())
            .collect();
        assert_eq!(words, ["cold war", "cld war"]);
        assert_eq!(hits[1].2, 1);
    }
}
