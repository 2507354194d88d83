//! Aligning a pattern made of a context before, a middle and a context after with a
//! stretch of text: which characters are the same, changed, added or lost, and where the
//! middle lies. The table is the searcher's own columns of bit vectors.

use super::{Pattern, fold};

/// One step of an alignment, seen from the pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The same character (after [`fold`]).
    Same,
    /// Another character in its place.
    Changed,
    /// A text character the pattern lacks.
    Added,
    /// A pattern character the text lacks.
    Lost,
}

/// Where a pattern made of a `before` part, a middle and an `after` part lies in `text`
/// when the whole of it is aligned there with the fewest edits (the text may begin and
/// end anywhere): the text positions of the middle's start and end, and the steps that
/// align the middle.
pub struct Aligned {
    pub start: usize,
    pub end: usize,
    pub steps: Vec<Step>,
}

/// Aligns `before` + `middle` + `after` with a stretch of `text` (the fewest edits; the
/// stretch may begin and end anywhere) and reports where `middle` lies. Text added just
/// before or after the middle is left outside it.
pub fn align(text: &[char], before: &[char], middle: &[char], after: &[char]) -> Aligned {
    let pattern: Vec<char> = before
        .iter()
        .chain(middle)
        .chain(after)
        .map(|&c| fold(c))
        .collect();
    let text_folded: Vec<char> = text.iter().map(|&c| fold(c)).collect();
    if pattern.is_empty() {
        return Aligned {
            start: text.len(),
            end: text.len(),
            steps: Vec::new(),
        };
    }
    // The table is kept as each column's vertical differences (the bit vectors of
    // [`Pattern`]), a few words a column instead of a number a cell; a cell's cost is
    // the count of rises less the count of falls above it.
    let prepared = Pattern::new(&pattern);
    let words = prepared.words;
    let cols = text.len() + 1;
    let mut rises: Vec<u64> = Vec::with_capacity(cols * words);
    let mut falls: Vec<u64> = Vec::with_capacity(cols * words);
    let mut bottom: Vec<usize> = Vec::with_capacity(cols);
    // The first column: each row one more than the row above.
    rises.extend(std::iter::repeat_n(u64::MAX, words));
    falls.extend(std::iter::repeat_n(0, words));
    bottom.push(pattern.len());
    prepared.columns(
        text_folded.iter().copied(),
        false,
        |_, plus, minus, errors| {
            rises.extend_from_slice(plus);
            falls.extend_from_slice(minus);
            bottom.push(errors);
        },
    );
    // cost(i, j): the pattern's first i characters against text ending at j.
    let cost = |i: usize, j: usize| -> u32 {
        let column = j * words;
        let (full, rest) = (i / 64, i % 64);
        let mut d: i64 = 0;
        for w in column..column + full {
            d += i64::from(rises[w].count_ones()) - i64::from(falls[w].count_ones());
        }
        if rest > 0 {
            let mask = (1u64 << rest) - 1;
            d += i64::from((rises[column + full] & mask).count_ones())
                - i64::from((falls[column + full] & mask).count_ones());
        }
        d as u32
    };
    let j = (0..cols)
        .min_by_key(|&j| (bottom[j], std::cmp::Reverse(j)))
        .unwrap_or(0);
    traced(
        &pattern,
        &text_folded,
        (before.len(), middle.len()),
        j,
        cost,
    )
}

/// The alignment read back from a table of `cost` (the pattern's first `i` characters
/// against text ending at `j`), from the best end `j` to where the match begins, with the
/// matched characters gathered towards the middle: where the middle (`at`: its start
/// and length in the pattern) lies, and its steps.
fn traced(
    pattern: &[char],
    text_folded: &[char],
    at: (usize, usize),
    mut j: usize,
    cost: impl Fn(usize, usize) -> u32,
) -> Aligned {
    // Back from the end: each step with the pattern index it consumed (if any).
    let mut path: Vec<(Step, Option<usize>, usize)> = Vec::new();
    let mut i = pattern.len();
    while i > 0 {
        let here = cost(i, j);
        let step = if j > 0
            && here == cost(i - 1, j - 1) + u32::from(pattern[i - 1] != text_folded[j - 1])
        {
            if pattern[i - 1] == text_folded[j - 1] {
                Step::Same
            } else {
                Step::Changed
            }
        } else if here == cost(i - 1, j) + 1 {
            Step::Lost
        } else {
            Step::Added
        };
        match step {
            Step::Same | Step::Changed => {
                i -= 1;
                j -= 1;
                path.push((step, Some(i), j));
            }
            Step::Lost => {
                i -= 1;
                path.push((step, Some(i), j));
            }
            Step::Added => {
                j -= 1;
                path.push((step, None, j));
            }
        }
    }
    path.reverse();
    let (from, to) = (at.0, at.0 + at.1);
    gather(&mut path, pattern, text_folded, (from + to) / 2);
    let in_middle = |p: &Option<usize>| p.is_some_and(|p| p >= from && p < to);
    let first = path.iter().position(|s| in_middle(&s.1));
    let last = path.iter().rposition(|s| in_middle(&s.1));
    match (first, last) {
        (Some(first), Some(last)) => {
            let start = path[first].2;
            let (step, _, at) = path[last];
            let end = if step == Step::Lost { at } else { at + 1 };
            Aligned {
                start,
                end: end.max(start),
                steps: path[first..=last].iter().map(|s| s.0).collect(),
            }
        }
        _ => {
            // An empty middle: where the pattern passes from before to after.
            let at = path
                .iter()
                .find(|s| s.1.is_some_and(|p| p >= from))
                .map_or(j, |s| s.2);
            Aligned {
                start: at,
                end: at,
                steps: Vec::new(),
            }
        }
    }
}

/// Moves matched characters towards the middle of the pattern (at pattern index `mid`)
/// across runs of lost pattern characters, where the same character stands at the other
/// end of the run: the alignment costs the same, but a word the text kept at the edge of
/// a cut ("…granted and efforts" where "…efforts made to raise…" was) is matched whole
/// beside the rest of the passage, not letter by letter with the lost words' letters.
fn gather(path: &mut [(Step, Option<usize>, usize)], pattern: &[char], text: &[char], mid: usize) {
    let pattern_at = |step: &(Step, Option<usize>, usize)| step.1.unwrap_or(0);
    // After the middle: each match is pulled back over the lost run before it.
    let mut k = 0;
    while k < path.len() {
        if path[k].0 == Step::Same && pattern_at(&path[k]) > mid {
            let mut r = k;
            while r > 0 && path[r - 1].0 == Step::Lost && pattern_at(&path[r - 1]) >= mid {
                r -= 1;
            }
            let t = path[k].2;
            if r < k && pattern[pattern_at(&path[r])] == text[t] {
                let first = pattern_at(&path[r]);
                path[r] = (Step::Same, Some(first), t);
                for (n, step) in path[r + 1..=k].iter_mut().enumerate() {
                    *step = (Step::Lost, Some(first + 1 + n), t + 1);
                }
                // The next match may now follow a longer run.
            }
        }
        k += 1;
    }
    // Before the middle: each match is pushed forward over the lost run after it.
    let mut k = path.len();
    while k > 0 {
        k -= 1;
        if path[k].0 == Step::Same && pattern_at(&path[k]) < mid {
            let mut e = k;
            while e + 1 < path.len()
                && path[e + 1].0 == Step::Lost
                && pattern_at(&path[e + 1]) < mid
            {
                e += 1;
            }
            let t = path[k].2;
            if e > k && pattern[pattern_at(&path[e])] == text[t] {
                let first = pattern_at(&path[k]);
                for (n, step) in path[k..e].iter_mut().enumerate() {
                    *step = (Step::Lost, Some(first + n), t);
                }
                path[e] = (Step::Same, Some(first + (e - k)), t);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    use crate::core::reanchor::test_rng::Lcg;

    /// The alignment as it was first written: the whole table, a number a cell.
    fn align_plain(text: &[char], before: &[char], middle: &[char], after: &[char]) -> Aligned {
        let pattern: Vec<char> = before
            .iter()
            .chain(middle)
            .chain(after)
            .map(|&c| fold(c))
            .collect();
        let text_folded: Vec<char> = text.iter().map(|&c| fold(c)).collect();
        let (rows, cols) = (pattern.len() + 1, text.len() + 1);
        // cost[i][j]: the pattern's first i characters against text ending at j.
        let mut cost = vec![0u32; rows * cols];
        for i in 1..rows {
            cost[i * cols] = i as u32;
            for j in 1..cols {
                let diagonal =
                    cost[(i - 1) * cols + j - 1] + u32::from(pattern[i - 1] != text_folded[j - 1]);
                let up = cost[(i - 1) * cols + j] + 1;
                let left = cost[i * cols + j - 1] + 1;
                cost[i * cols + j] = diagonal.min(up).min(left);
            }
        }
        let last = rows - 1;
        let j = (0..cols)
            .min_by_key(|&j| (cost[last * cols + j], std::cmp::Reverse(j)))
            .unwrap_or(0);
        traced(
            &pattern,
            &text_folded,
            (before.len(), middle.len()),
            j,
            |i, j| cost[i * cols + j],
        )
    }

    #[test]
    fn the_bit_parallel_alignment_is_the_plain_one() {
        let mut rng = Lcg(17);
        let alphabet = chars("abc .—");
        for round in 0..1_500 {
            let lens: Vec<usize> = (0..4).map(|_| rng.below(90)).collect();
            let before = rng.string(&alphabet, lens[0] % 40);
            let middle = rng.string(&alphabet, lens[1]);
            let after = rng.string(&alphabet, lens[2] % 40);
            let text = rng.string(&alphabet, lens[3] + 20);
            let fast = align(&text, &before, &middle, &after);
            let plain = align_plain(&text, &before, &middle, &after);
            assert_eq!(
                (fast.start, fast.end, &fast.steps),
                (plain.start, plain.end, &plain.steps),
                "round {round}"
            );
        }
        // Longer than one word, with the pattern planted.
        for round in 0..200 {
            let len = 100 + rng.below(300);
            let middle = rng.string(&alphabet, len);
            let mut text = rng.string(&alphabet, 30);
            text.extend(&middle[..middle.len() / 2]);
            text.extend(rng.string(&alphabet, 10));
            text.extend(&middle[middle.len() / 2 + 5..]);
            let before = rng.string(&alphabet, 64);
            let after = rng.string(&alphabet, 64);
            let fast = align(&text, &before, &middle, &after);
            let plain = align_plain(&text, &before, &middle, &after);
            assert_eq!(
                (fast.start, fast.end, &fast.steps),
                (plain.start, plain.end, &plain.steps),
                "long round {round}"
            );
        }
    }
}
