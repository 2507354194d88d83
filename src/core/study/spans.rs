//! Overlapping highlights → disjoint runs, each knowing every highlight that covers it.
//! Drawing runs instead of highlights makes nested and crossing highlights come out right
//! whatever order they were made in.

use crate::core::text::{CharOffset, CharRange};

/// A stretch of text covered by the same set of highlights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub range: CharRange,
    /// Indices (into the slice given to [`build_spans`]) of the highlights covering this
    /// stretch, in the slice's order. Empty for plain text.
    pub covering: Vec<usize>,
}

/// Cuts `range` into runs at every highlight boundary inside it. The runs cover `range`
/// exactly once, in order; highlights outside `range` are ignored.
pub fn build_spans(range: CharRange, highlights: &[CharRange]) -> Vec<Span> {
    if range.is_empty() {
        return Vec::new();
    }
    let mut cuts: Vec<CharOffset> = vec![range.start, range.end];
    for h in highlights {
        for edge in [h.start, h.end] {
            if range.start < edge && edge < range.end {
                cuts.push(edge);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|pair| {
            let run = CharRange::new(pair[0], pair[1]);
            let covering = highlights
                .iter()
                .enumerate()
                .filter(|(_, h)| h.start <= run.start && run.end <= h.end)
                .map(|(i, _)| i)
                .collect();
            Span {
                range: run,
                covering,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(a: usize, b: usize) -> CharRange {
        CharRange::new(CharOffset(a), CharOffset(b))
    }

    #[test]
    fn nested_crossing_and_adjacent() {
        // 0..20 with [2,10) ⊃ [4,6), crossing [8,14), adjacent [14,16).
        let spans = build_spans(r(0, 20), &[r(2, 10), r(4, 6), r(8, 14), r(14, 16)]);
        let got: Vec<(usize, usize, Vec<usize>)> = spans
            .iter()
            .map(|s| {
                (
                    s.range.start.index(),
                    s.range.end.index(),
                    s.covering.clone(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 2, vec![]),
                (2, 4, vec![0]),
                (4, 6, vec![0, 1]),
                (6, 8, vec![0]),
                (8, 10, vec![0, 2]),
                (10, 14, vec![2]),
                (14, 16, vec![3]),
                (16, 20, vec![]),
            ]
        );
    }

    #[test]
    fn highlights_beyond_the_range_are_clipped() {
        let spans = build_spans(r(10, 20), &[r(0, 12), r(18, 40), r(30, 35)]);
        let got: Vec<(usize, usize, Vec<usize>)> = spans
            .iter()
            .map(|s| {
                (
                    s.range.start.index(),
                    s.range.end.index(),
                    s.covering.clone(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![(10, 12, vec![0]), (12, 18, vec![]), (18, 20, vec![1])]
        );
        assert!(build_spans(r(5, 5), &[r(0, 10)]).is_empty());
    }
}
