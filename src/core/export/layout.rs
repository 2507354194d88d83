//! The order of a document-shaped export (Markdown, HTML): title, the sources, the study's
//! and the documents' notes, the highlights in their groups (a heading a group, and a
//! sub-heading a document when the export covers several), then the highlights without
//! a place in their text. One walk decides that order; each format says how a part looks.

use crate::core::export::{ExportInput, Grouping, Status};
use crate::core::study::highlight::Highlight;
use crate::core::study::source::SourceRecord;
use crate::core::study::topic::Topic;

/// How one format writes each part of the export. Texts come as the set holds them
/// (not trimmed, not escaped): escaping is the format's.
pub(super) trait Layout {
    fn title(&mut self, title: &str);
    /// The one document the export covers.
    fn one_source(&mut self, record: &SourceRecord);
    /// The documents of an export that covers several (two or more).
    fn sources(&mut self, records: &[&SourceRecord]);
    /// The study's own note (not blank).
    fn study_note(&mut self, note: &str);
    /// A document's note (not blank) under its heading.
    fn document_note(&mut self, heading: &str, note: &str);
    /// A heading of the set's words (a topic, a document): `level` 2 for a group, 2 or
    /// 3 for a document within one.
    fn heading(&mut self, level: u8, text: &str);
    /// A group's heading in the program's own words ("Untagged", "Highlights").
    fn own_heading(&mut self, text: &'static str);
    /// A highlight listed under the topic `section` (`None`: under no topic, so its own
    /// topics are worth naming).
    fn highlight(&mut self, h: &Highlight, section: Option<&Topic>);
    /// The heading and explanation of the highlights without a place.
    fn unplaced_intro(&mut self);
    /// A highlight without a place: `status` as judged, and the pages a proposed place
    /// would have.
    fn unplaced(&mut self, h: &Highlight, status: Status, proposed: Option<String>);
    /// After everything.
    fn end(&mut self) {}
}

/// Writes `input` through `layout`, part by part, in the export's order.
pub(super) fn walk(input: &ExportInput<'_>, layout: &mut impl Layout) {
    layout.title(input.title);
    let sources = input.sources();
    match sources.as_slice() {
        [] => {}
        [one] => layout.one_source(one),
        many => layout.sources(many),
    }
    let study_note = input.set.study_note();
    if !study_note.trim().is_empty() {
        layout.study_note(study_note);
    }
    for record in sources.iter().filter(|r| !r.note.trim().is_empty()) {
        layout.document_note(&input.note_heading(record), &record.note);
    }
    for (topic, highlights) in input.groups() {
        // In text order across several documents, the documents are the headings.
        let level = if topic.is_none() && input.grouping == Grouping::TextOrder && input.is_multi()
        {
            2
        } else {
            match (topic, input.grouping) {
                (Some(t), _) => layout.heading(2, &t.name),
                (None, Grouping::ByTopic) => layout.own_heading("Untagged"),
                (None, Grouping::TextOrder) => layout.own_heading("Highlights"),
            }
            3
        };
        for (heading, run) in input.by_source(&highlights) {
            if let Some(heading) = heading {
                layout.heading(level, &heading);
            }
            for h in run {
                layout.highlight(h, topic);
            }
        }
    }
    let unplaced = input.unplaced();
    if !unplaced.is_empty() {
        layout.unplaced_intro();
        for h in unplaced {
            layout.unplaced(h, input.status(h), input.proposed_pages(h));
        }
    }
    layout.end();
}
