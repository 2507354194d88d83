//! How highlights, search hits and notes look in the reader: colours per run of text,
//! derived from the core's span builder.

use crate::core::document::Block;
use crate::core::study::filter::TopicFilter;
use crate::core::study::highlight::{Highlight, HighlightId};
use crate::core::study::note_set::NoteSet;
use crate::core::study::spans::build_spans;
use crate::core::study::topic::Color;
use crate::core::text::CharRange;
use egui::{Color32, Stroke};

/// A stretch of a block drawn with one background and underline.
#[derive(Debug, Clone, PartialEq)]
pub struct StyledRun {
    pub range: CharRange,
    pub background: Color32,
    pub underline: Stroke,
}

/// The colour for highlights that carry no topic.
pub fn untagged_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_gray(150)
    } else {
        Color32::from_gray(175)
    }
}

/// A topic colour as egui's colour.
pub fn topic_color(color: Color) -> Color32 {
    let [r, g, b] = color.0;
    Color32::from_rgb(r, g, b)
}

/// A highlight's main colour: its first topic's, or the neutral one.
pub fn highlight_color(set: &NoteSet, highlight: &Highlight, dark: bool) -> Color32 {
    highlight
        .topics
        .iter()
        .find_map(|t| set.topic(*t))
        .map_or(untagged_color(dark), |t| topic_color(t.color))
}

/// The highlights of `block` that the filter lets through, in text order.
pub fn visible_highlights<'a>(
    set: &'a NoteSet,
    source: crate::core::study::source::SourceId,
    filter: &'a TopicFilter,
    block: &Block,
) -> impl Iterator<Item = &'a Highlight> {
    set.highlights_overlapping(source, block.range)
        .filter(move |h| filter.matches(set, h))
}

/// Runs of `block` with their look. Where highlights overlap, the innermost (shortest)
/// one gives the colour and the background is deeper; a highlight with several topics is
/// underlined in its second topic's colour; the selected highlight is underlined in
/// `accent`.
pub fn styled_runs(
    set: &NoteSet,
    source: crate::core::study::source::SourceId,
    filter: &TopicFilter,
    block: &Block,
    selected: Option<HighlightId>,
    dark: bool,
    accent: Color32,
) -> Vec<StyledRun> {
    let highlights: Vec<&Highlight> = visible_highlights(set, source, filter, block).collect();
    if highlights.is_empty() {
        return Vec::new();
    }
    let ranges: Vec<CharRange> = highlights.iter().map(|h| h.range()).collect();
    let alpha = |layers: usize| -> f32 {
        let base = if dark { 0.42 } else { 0.34 };
        (base + 0.18 * (layers.saturating_sub(1)) as f32).min(0.8)
    };
    build_spans(block.range, &ranges)
        .into_iter()
        .filter(|s| !s.covering.is_empty())
        .map(|span| {
            let inner = span
                .covering
                .iter()
                .map(|&i| highlights[i])
                .min_by_key(|h| h.range().len())
                .unwrap_or(highlights[span.covering[0]]);
            let color = highlight_color(set, inner, dark);
            let background = color.gamma_multiply(alpha(span.covering.len()));
            let is_selected = span
                .covering
                .iter()
                .any(|&i| Some(highlights[i].id) == selected);
            let underline = if is_selected {
                Stroke::new(2.0, accent)
            } else if let Some(second) = inner.topics.get(1).and_then(|t| set.topic(*t)) {
                Stroke::new(2.0, topic_color(second.color))
            } else {
                Stroke::NONE
            };
            StyledRun {
                range: span.range,
                background,
                underline,
            }
        })
        .collect()
}

/// The search hits that fall in `range`, with their index in `hits`.
pub fn hits_in(
    hits: &[CharRange],
    range: CharRange,
) -> impl Iterator<Item = (usize, CharRange)> + '_ {
    let from = hits.partition_point(|h| h.end <= range.start);
    hits[from..]
        .iter()
        .enumerate()
        .take_while(move |(_, h)| h.start < range.end)
        .filter_map(move |(i, h)| h.intersect(&range).map(|part| (from + i, part)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::text::CharOffset;

    #[test]
    fn hits_in_a_range_keep_their_global_index() {
        let r = |a, b| CharRange::new(CharOffset(a), CharOffset(b));
        let hits = [r(0, 2), r(5, 8), r(9, 12), r(20, 22)];
        let got: Vec<(usize, CharRange)> = hits_in(&hits, r(6, 10)).collect();
        assert_eq!(got, vec![(1, r(6, 8)), (2, r(9, 10))]);
        assert_eq!(hits_in(&hits, r(12, 20)).count(), 0);
    }
}
