//! Setting a match's edges: aligning quote and context around an approximate match,
//! cutting ragged edges and lost sentences, keeping whole words and one paragraph.

use super::judge::{Candidate, Shape, ragged_edges, similarity};
use super::myers;
use super::search::{Text, Wanted};
use super::*;

impl Wanted<'_> {
    /// True when the passage begins and ends where a sentence or a paragraph does (or at
    /// the text's edge): a passage that can be moved whole, into other surroundings. A
    /// phrase cut out of a sentence cannot; a copy of it elsewhere with other words
    /// around it is another use of those words (a telegram that repeats itself).
    pub(super) fn stands_alone(&self) -> bool {
        let closes = |t: &[char]| -> bool {
            let mut end = t.len();
            while end > 0 && matches!(t[end - 1], '”' | '’' | '"' | '\'' | ')' | ']') {
                end -= 1;
            }
            end > 0 && matches!(t[end - 1], '.' | '!' | '?' | ';' | ':')
        };
        let trimmed = |t: &[char]| -> usize {
            t.iter()
                .rposition(|c| !c.is_whitespace())
                .map_or(0, |i| i + 1)
        };
        let before = &self.prefix[..trimmed(&self.prefix)];
        let starts =
            before.is_empty() || self.prefix[before.len()..].contains(&'\n') || closes(before);
        let quote = &self.quote[..trimmed(&self.quote)];
        let after_break = self
            .suffix
            .iter()
            .take_while(|c| c.is_whitespace())
            .any(|&c| c == '\n');
        let ends = self.suffix.iter().all(|c| c.is_whitespace()) || after_break || closes(quote);
        starts && ends
    }
}

impl Text<'_> {
    /// The place of the quote around an approximate match at `start..end`, its edges set
    /// by aligning the saved prefix, quote and suffix together (so a word added inside
    /// the passage is taken in, and a word lost at its edge is not replaced by its
    /// neighbour), then cut where an edge is mostly changed text (a sentence before or
    /// after the passage that was deleted, whose place other words took).
    pub(super) fn refine(
        &self,
        wanted: &Wanted,
        start: usize,
        end: usize,
        errors: usize,
        expected: &Expected,
    ) -> Option<Candidate> {
        let m = wanted.quote.len();
        if errors == 0 || m > MAX_ALIGNED_CHARS {
            return Some(self.candidate(wanted, start, end, errors, expected));
        }
        let slack = errors + 8;
        let from = start.saturating_sub(wanted.prefix.len() + slack);
        let to = (end + wanted.suffix.len() + slack).min(self.len());
        let aligned = myers::align(
            &self.chars[from..to],
            &wanted.prefix,
            &wanted.quote,
            &wanted.suffix,
        );
        // An edge whose side of the context stands as it was is where the passage
        // begins (or ends), however much was cut out next to it.
        let (a, b) = (from + aligned.start, from + aligned.end);
        let side_holds = |wanted_side: &[char], found: &[char]| {
            !wanted_side.is_empty() && similarity(wanted_side, found) >= ONE_SIDE_AGREES
        };
        let front_holds = side_holds(
            &wanted.prefix,
            &self.chars[a.saturating_sub(wanted.prefix.len())..a],
        );
        let back_holds = side_holds(
            &wanted.suffix,
            &self.chars[b..(b + wanted.suffix.len()).min(self.len())],
        );
        let edges = ragged_edges(&aligned.steps, !front_holds, !back_holds);
        let start = from + aligned.start + edges.front_text;
        let end = (from + aligned.end).saturating_sub(edges.back_text);
        let (start, end) = self.whole_words(wanted, start, end);
        let (mut start, mut end) = self.trimmed(start, end);
        if end <= start {
            return None;
        }
        let mut shape = edges.shape;
        // A sentence at an edge of the quote that is gone, the first words of the next
        // sentence in its place ("…tuurkerwal. Which vilosnor kelvil" read as "…tuurkerwal.
        // Osin vilosnor"): the passage ends (or begins) at the sentence's end.
        let (a, b) = self.sentence_edges(
            wanted,
            &aligned.steps,
            from + aligned.start,
            (start, end),
            !front_holds,
            !back_holds,
        );
        if (a, b) != (start, end) {
            ((start, end), shape) = self.narrowed(wanted, a, b)?;
        }
        // A passage within one paragraph stays within one: the part of the match on the
        // other side of a paragraph break is other text.
        if let Some((a, b)) = self.one_paragraph(wanted, start, end) {
            ((start, end), shape) = self.narrowed(wanted, a, b)?;
        }
        let errors = myers::levenshtein(&wanted.quote, &self.chars[start..end]);
        Some(Candidate {
            shape,
            ..self.candidate(wanted, start, end, errors, expected)
        })
    }

    /// The passage narrowed to `a..b` (trimmed), with the shape of its edges against the
    /// quote; `None` when nothing is left.
    fn narrowed(&self, wanted: &Wanted, a: usize, b: usize) -> Option<((usize, usize), Shape)> {
        let (start, end) = self.trimmed(a, b);
        if end <= start {
            return None;
        }
        let piece = myers::align(&self.chars[start..end], &[], &wanted.quote, &[]);
        Some(((start, end), ragged_edges(&piece.steps, true, true).shape))
    }

    /// `start..end` in whole words, as the passage was highlighted: a piece of a word at
    /// an edge is taken whole when most of it is in, and left out otherwise.
    fn whole_words(&self, wanted: &Wanted, start: usize, end: usize) -> (usize, usize) {
        let starts_word = wanted.prefix.last().is_none_or(|&c| !c.is_alphanumeric())
            || wanted.quote.first().is_none_or(|&c| !c.is_alphanumeric());
        let ends_word = wanted.suffix.first().is_none_or(|&c| !c.is_alphanumeric())
            || wanted.quote.last().is_none_or(|&c| !c.is_alphanumeric());
        let start = if starts_word && start < end {
            self.word_edge(start, 0, end, true)
        } else {
            start
        };
        let end = if ends_word && start < end {
            self.word_edge(end, start, self.len(), false)
        } else {
            end
        };
        (start, end)
    }

    /// A passage within one paragraph stays within one: when `start..end` crosses a
    /// paragraph break the quote does not have, the longest piece between breaks (the
    /// rest is other text); `None` when it crosses none.
    fn one_paragraph(&self, wanted: &Wanted, start: usize, end: usize) -> Option<(usize, usize)> {
        let breaks = |t: &[char]| t.windows(2).any(|w| w == ['\n', '\n']);
        if breaks(&wanted.quote) || !breaks(&self.chars[start..end]) {
            return None;
        }
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut at = start;
        for i in start..end - 1 {
            if self.chars[i] == '\n' && self.chars[i + 1] == '\n' {
                pieces.push((at, i));
                at = i + 2;
            }
        }
        pieces.push((at.min(end), end));
        pieces
            .into_iter()
            .max_by_key(|(a, b)| b.saturating_sub(*a))
            .or(Some((start, end)))
    }

    /// `start..end` without a first or last sentence that is not the quote's: the quote's
    /// first (or last) sentence end is found in the text through the alignment `steps`
    /// (which begin at text position `origin`), and the text beyond it dropped when it is
    /// unlike the quote beyond it. Only edges whose side of the context did not hold are
    /// cut.
    pub(super) fn sentence_edges(
        &self,
        wanted: &Wanted,
        steps: &[myers::Step],
        origin: usize,
        (start, end): (usize, usize),
        front: bool,
        back: bool,
    ) -> (usize, usize) {
        use myers::Step;
        // Just after a sentence's closing mark (followed by white space) in the quote.
        let quote = &wanted.quote[..];
        let ends: Vec<usize> = (1..quote.len())
            .filter(|&i| matches!(quote[i - 1], '.' | '!' | '?' | ';') && quote[i].is_whitespace())
            .collect();
        // The text position aligned with quote position `q`.
        let text_at = |q: usize| -> usize {
            let (mut qi, mut ti) = (0, origin);
            for step in steps {
                if qi >= q {
                    break;
                }
                match step {
                    Step::Same | Step::Changed => {
                        qi += 1;
                        ti += 1;
                    }
                    Step::Lost => qi += 1,
                    Step::Added => ti += 1,
                }
            }
            ti.clamp(start, end)
        };
        let trim = |t: &[char]| -> Vec<char> {
            t.iter()
                .copied()
                .skip_while(|c| c.is_whitespace())
                .collect()
        };
        // The text's part against as much of the quote's: a part the text kept only the
        // beginning (or the end) of is not unlike it.
        let unlike = |quote: &[char], text: &[char], from_front: bool| {
            let (quote, text) = (trim(quote), trim(text));
            if text.is_empty() {
                return false;
            }
            let n = text.len().min(quote.len());
            let quote = if from_front {
                &quote[..n]
            } else {
                &quote[quote.len() - n..]
            };
            similarity(quote, &text) < SIDE_AGREES
        };
        let (mut a, mut b) = (start, end);
        if back && let Some(&q) = ends.last() {
            let t = text_at(q);
            if unlike(&quote[q..], &self.chars[t..end], true) {
                b = t;
            }
        }
        if front && let Some(&q) = ends.first() {
            let t = text_at(q);
            if t < b && unlike(&quote[..q], &self.chars[start..t], false) {
                a = t;
            }
        }
        (a, b)
    }
}
