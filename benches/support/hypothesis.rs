//! Hypothesis's way of finding a highlight again, written here from its published
//! description (the client's `match-quote`), to measure the program against it on the
//! same text and edits: the saved offsets first, if the quote still stands there; else
//! every verbatim occurrence of the quote; else every approximate one within half the
//! quote's length in edits (at most 256), by the same bit-parallel search. Each is scored
//! by the quote's likeness (weight 50), the likeness of the text before and after it to
//! the saved prefix and suffix (20 each) and its nearness to the saved offset (2), and
//! the best is taken, whatever its score: Hypothesis has no threshold.

use marginalia::core::reanchor::myers;
use marginalia::core::study::anchor::Anchor;

/// A text prepared once for every highlight.
pub struct Text<'a> {
    text: &'a str,
    chars: Vec<char>,
    /// The character index of each byte that begins a character.
    char_of_byte: Vec<u32>,
}

impl<'a> Text<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut char_of_byte = vec![0u32; text.len() + 1];
        let mut chars = Vec::with_capacity(text.len());
        for (i, (b, c)) in text.char_indices().enumerate() {
            char_of_byte[b] = i as u32;
            chars.push(c);
        }
        char_of_byte[text.len()] = chars.len() as u32;
        Text {
            text,
            chars,
            char_of_byte,
        }
    }

    /// Where Hypothesis would put `anchor`: its character range, or none.
    pub fn place(&self, anchor: &Anchor) -> Option<(usize, usize)> {
        let quote: Vec<char> = anchor.quote.chars().collect();
        let m = quote.len();
        if m == 0 {
            return None;
        }
        let (start, end) = (anchor.start.0, anchor.end.0);
        if end <= self.chars.len() && self.chars[start.min(end)..end] == quote[..] {
            return Some((start, end));
        }
        let mut matches: Vec<myers::Match> = self
            .text
            .match_indices(anchor.quote.as_str())
            .map(|(b, _)| {
                let s = self.char_of_byte[b] as usize;
                myers::Match {
                    start: s,
                    end: s + m,
                    errors: 0,
                }
            })
            .collect();
        if matches.is_empty() {
            matches = myers::find(&self.chars, &quote, (m / 2).min(256));
        }
        let prefix: Vec<char> = anchor.prefix.chars().collect();
        let suffix: Vec<char> = anchor.suffix.chars().collect();
        let n = self.chars.len().max(1) as f64;
        let score = |x: &myers::Match| -> f64 {
            let quote_score = 1.0 - x.errors as f64 / m as f64;
            let before = &self.chars[x.start.saturating_sub(prefix.len())..x.start];
            let after = &self.chars[x.end..(x.end + suffix.len()).min(self.chars.len())];
            let prefix_score = likeness(before, &prefix);
            let suffix_score = likeness(after, &suffix);
            let position = 1.0 - x.start.abs_diff(start) as f64 / n;
            (50.0 * quote_score + 20.0 * prefix_score + 20.0 * suffix_score + 2.0 * position) / 92.0
        };
        matches
            .iter()
            .map(|x| (score(x), x))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, x)| (x.start, x.end))
    }
}

/// How well `wanted` occurs somewhere in `text`: one minus its fewest edits there over
/// its length (no context saved counts as agreeing; no text to compare, as nothing).
fn likeness(text: &[char], wanted: &[char]) -> f64 {
    if wanted.is_empty() {
        return 1.0;
    }
    if text.is_empty() {
        return 0.0;
    }
    // Sellers' table: `wanted` against text that may begin and end anywhere.
    let mut column: Vec<usize> = (0..=wanted.len()).collect();
    let mut fewest = wanted.len();
    for &c in text {
        let mut diagonal = 0;
        column[0] = 0;
        for (i, &w) in wanted.iter().enumerate() {
            let above = column[i + 1];
            column[i + 1] = (above + 1)
                .min(column[i] + 1)
                .min(diagonal + usize::from(w != c));
            diagonal = above;
        }
        fewest = fewest.min(column[wanted.len()]);
    }
    1.0 - fewest as f64 / wanted.len() as f64
}
