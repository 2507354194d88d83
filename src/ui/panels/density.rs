//! The density strip beside the reader: where in the open document the highlights the
//! filter shows lie, in their topics' colours, the part in view outlined; a click there
//! scrolls to that place. Each pixel row of the strip stands for a stretch of the text
//! and shows the colour of the topic with most highlights there, deeper where there are
//! more; the rows are worked out once per change of the set, the filter or the strip's
//! height, so the strip costs a few hundred rectangles a frame whatever the number of
//! highlights.

use crate::core::document::Document;
use crate::core::study::filter::TopicFilter;
use crate::core::study::note_set::NoteSet;
use crate::core::study::source::SourceId;
use crate::core::study::topic::{Color, TopicId};
use crate::core::text::CharOffset;
use crate::ui::widgets::marks::topic_color;
use std::collections::HashMap;

/// One row of the strip: the colour of its most frequent topic, and how many highlights
/// lie there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StripRow {
    pub color: Color,
    pub count: u32,
}

/// The strip's rows, and what they were worked out for.
#[derive(Debug, Default)]
pub struct DensityState {
    key: Option<(u64, SourceId, TopicFilter, usize, String)>,
    rows: Vec<Option<StripRow>>,
    most: u32,
}

/// Rows of a strip of `rows` pixels for the highlights of `source` in `doc` that
/// `filter` lets through: each highlight counts in every row its span covers, under its
/// first topic's colour (grey when it has none).
pub fn strip_rows(
    doc: &Document,
    set: &NoteSet,
    source: SourceId,
    filter: &TopicFilter,
    rows: usize,
) -> Vec<Option<StripRow>> {
    let len = doc.char_len().max(1) as f64;
    let rows = rows.max(1);
    let compiled = filter.compile(set);
    let mut per_row: Vec<HashMap<Option<TopicId>, u32>> = vec![HashMap::new(); rows];
    for h in set
        .highlights_in(source)
        .iter()
        .filter(|h| compiled.matches(h))
    {
        let first = ((h.anchor.start.index() as f64 / len) * rows as f64) as usize;
        let last = (((h.anchor.end.index().max(1) - 1) as f64 / len) * rows as f64) as usize;
        let topic = h.topics.first().copied();
        for row in per_row
            .iter_mut()
            .take(last.min(rows - 1) + 1)
            .skip(first.min(rows - 1))
        {
            *row.entry(topic).or_default() += 1;
        }
    }
    per_row
        .into_iter()
        .map(|counts| {
            let count: u32 = counts.values().sum();
            let (topic, _) = counts
                .into_iter()
                .max_by_key(|(t, n)| (*n, t.map(|t| t.0)))?;
            let color = topic
                .and_then(|t| set.topic(t))
                .map_or(Color([0x99, 0x99, 0x99]), |t| t.color);
            Some(StripRow { color, count })
        })
        .collect()
}

impl DensityState {
    /// The rows for this revision, document, filter and height; worked out again only
    /// when one of them changed.
    pub fn rows(
        &mut self,
        doc: &Document,
        set: &NoteSet,
        revision: u64,
        source: SourceId,
        filter: &TopicFilter,
        height: usize,
    ) -> &[Option<StripRow>] {
        let key = (
            revision,
            source,
            filter.clone(),
            height,
            doc.info().source.clone(),
        );
        if self.key.as_ref() != Some(&key) {
            self.rows = strip_rows(doc, set, source, filter, height);
            self.most = self
                .rows
                .iter()
                .flatten()
                .map(|r| r.count)
                .max()
                .unwrap_or(1);
            self.key = Some(key);
        }
        &self.rows
    }
}

/// Everything the strip reads.
pub struct DensityInput<'a> {
    pub doc: &'a Document,
    pub set: &'a NoteSet,
    pub revision: u64,
    pub source: SourceId,
    pub filter: &'a TopicFilter,
    /// The stretch of text in view.
    pub visible: (CharOffset, CharOffset),
}

/// Draws the strip in `ui`'s whole height; a click returns the place to scroll to.
pub fn density_ui(
    ui: &mut egui::Ui,
    state: &mut DensityState,
    input: &DensityInput<'_>,
) -> Option<CharOffset> {
    let rect = ui.max_rect();
    let response = ui.interact(
        rect,
        ui.scope_id().with("density-strip"),
        egui::Sense::click(),
    );
    let height = rect.height().max(1.0) as usize;
    state.rows(
        input.doc,
        input.set,
        input.revision,
        input.source,
        input.filter,
        height,
    );
    let (rows, most) = (&state.rows, state.most.max(1) as f32);
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, ui.visuals().faint_bg_color);
    for (y, row) in rows.iter().enumerate() {
        let Some(row) = row else {
            continue;
        };
        // Deeper where more highlights lie: a third of the colour at least.
        let strength = 0.35 + 0.65 * (row.count as f32 / most).sqrt();
        let top = rect.top() + y as f32;
        painter.rect_filled(
            egui::Rect::from_min_max(
                egui::pos2(rect.left() + 1.0, top),
                egui::pos2(rect.right() - 1.0, top + 1.0),
            ),
            0.0,
            topic_color(row.color).gamma_multiply(strength),
        );
    }
    // The part in view.
    let len = input.doc.char_len().max(1) as f32;
    let (from, to) = input.visible;
    let y0 = rect.top() + rect.height() * (from.index() as f32 / len);
    let y1 = (rect.top() + rect.height() * (to.index() as f32 / len)).max(y0 + 3.0);
    painter.rect_stroke(
        egui::Rect::from_min_max(egui::pos2(rect.left(), y0), egui::pos2(rect.right(), y1)),
        1.0,
        egui::Stroke::new(1.0, ui.visuals().strong_text_color().gamma_multiply(0.7)),
        egui::StrokeKind::Inside,
    );
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            "Where the highlights lie in this document (click to go there)",
        )
    });
    let response =
        response.on_hover_text("Where this document's highlights lie; click to go there");
    if response.clicked()
        && let Some(at) = response.interact_pointer_pos()
    {
        let fraction = ((at.y - rect.top()) / rect.height()).clamp(0.0, 1.0);
        return Some(CharOffset((fraction * len) as usize));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::corpus;

    #[test]
    fn rows_take_the_most_frequent_topic_and_count_every_highlight() {
        let doc = Document::seed();
        let set = corpus::seed_reading(&doc);
        let rows = strip_rows(&doc, &set, SourceId::FIRST, &TopicFilter::default(), 100);
        assert_eq!(rows.len(), 100);
        let marked: u32 = rows.iter().flatten().map(|r| r.count).sum();
        assert!(marked >= set.highlights().len() as u32, "{marked}");
        // Each highlight's row holds a colour of one of its topics (or grey).
        for h in set.highlights() {
            let row = (h.anchor.start.index() * 100) / doc.char_len();
            assert!(rows[row].is_some(), "row {row}");
        }
        // Filtered to one topic: only its highlights' rows.
        let salt = set.topics()[0].id;
        let filter = TopicFilter {
            topics: [salt].into(),
            ..Default::default()
        };
        let rows = strip_rows(&doc, &set, SourceId::FIRST, &filter, 100);
        let with_salt = set
            .highlights()
            .iter()
            .filter(|h| h.topics.contains(&salt))
            .count();
        assert!(rows.iter().flatten().count() >= with_salt);
        assert!(rows.iter().flatten().count() < 100);
    }
}
