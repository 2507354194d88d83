//! A note set: everything a reader adds to the documents of a study — the sources,
//! topics, highlights and notes.
//! Changed only through [`crate::core::study::edit::Edit`]s, so every change can be undone.

use crate::core::study::anchor::Anchor;
use crate::core::study::highlight::{Highlight, HighlightId};
use crate::core::study::source::{SourceId, SourceRecord};
use crate::core::study::topic::{Topic, TopicId};
use crate::core::text::CharRange;
use std::collections::BTreeMap;

/// Sources, topics, highlights and notes of a study.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteSet {
    /// The documents highlighted or annotated, by id. A document is recorded the first
    /// time something is added to it.
    pub(crate) sources: Vec<SourceRecord>,
    /// Topics in the order the user made them.
    pub(crate) topics: Vec<Topic>,
    /// Highlights sorted by [`Highlight::sort_key`]: by source, then in text order.
    pub(crate) highlights: Vec<Highlight>,
    /// The note on the whole study (each source's own note is in its record).
    pub(crate) study_note: String,
    /// Highlights that could not be placed in this document's text (after re-anchoring
    /// against another edition). Kept, listed and saved; never dropped.
    pub(crate) orphans: Vec<Highlight>,
    /// For orphans whose quote was found only doubtfully (among other words than it was
    /// highlighted in): where it may be, for the reader to confirm. Never saved: worked
    /// out again from the text each time a set is fitted to it.
    pub(crate) proposals: BTreeMap<HighlightId, Anchor>,
    /// The length of the longest highlight: with highlights sorted by start, those that
    /// can overlap a range start at most this far before it.
    pub(crate) longest: usize,
    /// Each highlight's sort key but its id (source and start), by id: a highlight is
    /// found by a binary search, not a scan (a batch of 40,000 edits stays linear).
    places: std::collections::HashMap<HighlightId, (SourceId, usize)>,
}

impl NoteSet {
    /// An empty note set.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty study of one document, `doc`, as its first source.
    pub fn of_document(doc: &crate::core::document::Document) -> Self {
        NoteSet {
            sources: vec![SourceRecord::of(doc, SourceId::FIRST, None)],
            ..Self::default()
        }
    }

    /// Topics in creation order.
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    /// Every highlight of the study: by source, each source's in text order.
    pub fn highlights(&self) -> &[Highlight] {
        &self.highlights
    }

    /// The highlights of one source, in text order.
    pub fn highlights_in(&self, source: SourceId) -> &[Highlight] {
        &self.highlights[self.source_range(source)]
    }

    /// Where one source's highlights lie in [`NoteSet::highlights`].
    pub fn source_range(&self, source: SourceId) -> std::ops::Range<usize> {
        let from = self.highlights.partition_point(|h| h.source < source);
        let to = from + self.highlights[from..].partition_point(|h| h.source == source);
        from..to
    }

    /// The documents of the study, by id.
    pub fn sources(&self) -> &[SourceRecord] {
        &self.sources
    }

    /// The documents of the study in the order a reader of them goes: by date (a day
    /// after its month: `1978-02` before `1978-02-25`), the undated last; then by number
    /// (a volume's order), then by the order they joined the study. Lists across the
    /// study (the Passages tab, exports) follow it.
    pub fn reading_order(&self) -> Vec<SourceId> {
        let mut order: Vec<&SourceRecord> = self.sources.iter().collect();
        order.sort_by(|a, b| {
            let date = |r: &SourceRecord| {
                r.date
                    .clone()
                    .filter(|d| crate::core::dates::is_calendar_date(d))
            };
            let (da, db) = (date(a), date(b));
            (da.is_none(), da, a.number, a.id).cmp(&(db.is_none(), db, b.number, b.id))
        });
        order.into_iter().map(|r| r.id).collect()
    }

    /// The record of source `id`.
    pub fn source(&self, id: SourceId) -> Option<&SourceRecord> {
        self.sources
            .binary_search_by_key(&id, |s| s.id)
            .ok()
            .map(|i| &self.sources[i])
    }

    /// The source `doc` is, if the study has it: the same text, else the same document of
    /// a volume (whose text has changed since).
    pub fn source_of(&self, doc: &crate::core::document::Document) -> Option<&SourceRecord> {
        let fingerprint = doc.fingerprint();
        if let Some(same) = self.sources.iter().find(|s| s.fingerprint == fingerprint) {
            return Some(same);
        }
        // Only a document of a volume is named by its id; compared first, it spares
        // reading every record's file name.
        let id = doc.info().id.as_deref()?;
        (self.sources.iter())
            .filter(|s| s.document_id.as_deref() == Some(id))
            .find(|s| s.names(doc))
    }

    /// The id a newly recorded source gets: one past every recorded id (every
    /// highlight's source is recorded: edits and the file's checks see to it).
    pub fn next_source_id(&self) -> SourceId {
        let used = self.sources.last().map_or(0, |s| s.id.0);
        SourceId(used.saturating_add(1))
    }

    /// The note on the whole study.
    pub fn study_note(&self) -> &str {
        &self.study_note
    }

    /// The reader's note on source `id` (empty when there is none).
    pub fn source_note(&self, id: SourceId) -> &str {
        self.source(id).map_or("", |s| s.note.as_str())
    }

    /// Highlights that could not be placed in their source's current text.
    pub fn orphans(&self) -> &[Highlight] {
        &self.orphans
    }

    /// The orphans of one source.
    pub fn orphans_in(&self, source: SourceId) -> impl Iterator<Item = &Highlight> {
        self.orphans.iter().filter(move |h| h.source == source)
    }

    /// How many highlights (placed or not) each source has.
    pub fn count_in(&self, source: SourceId) -> usize {
        self.highlights_in(source).len() + self.orphans_in(source).count()
    }

    /// Where an unplaced highlight may be in this text, when its quote was found only
    /// doubtfully ("uncertain — please confirm"); `None` for a placed highlight or an
    /// orphan that was not found at all.
    pub fn proposal(&self, id: HighlightId) -> Option<&Anchor> {
        self.proposals
            .get(&id)
            .filter(|_| self.orphans.iter().any(|o| o.id == id))
    }

    /// The same set with these proposals for its orphans.
    pub fn with_proposals(mut self, proposals: BTreeMap<HighlightId, Anchor>) -> Self {
        self.proposals = proposals;
        self
    }

    /// The citation template set for source `id`, if the user changed the default.
    pub fn citation_template(&self, id: SourceId) -> Option<&str> {
        self.source(id).and_then(|s| s.citation_template.as_deref())
    }

    /// The same set with `hint` as source `id`'s path hint (where its file is).
    pub fn with_path_hint(mut self, id: SourceId, hint: Option<String>) -> Self {
        if let Ok(i) = self.sources.binary_search_by_key(&id, |s| s.id) {
            self.sources[i].path_hint = hint;
        }
        self
    }

    /// The same set with source `id`'s record changed by `change` (a set read from a
    /// file that says otherwise; tests).
    pub fn map_source(mut self, id: SourceId, change: impl FnOnce(&mut SourceRecord)) -> Self {
        if let Ok(i) = self.sources.binary_search_by_key(&id, |s| s.id) {
            change(&mut self.sources[i]);
        }
        self
    }

    /// Builds a note set from parts read from a file. Sources are sorted by id and
    /// highlights into text order; the caller has checked ids and references.
    pub fn from_parts(
        mut sources: Vec<SourceRecord>,
        topics: Vec<Topic>,
        mut highlights: Vec<Highlight>,
        study_note: String,
        mut orphans: Vec<Highlight>,
    ) -> Self {
        sources.sort_by_key(|s| s.id);
        highlights.sort_by_key(Highlight::sort_key);
        orphans.sort_by_key(Highlight::sort_key);
        NoteSet {
            sources,
            topics,
            study_note,
            longest: highlights_longest(&highlights),
            places: places_of(&highlights),
            highlights,
            orphans,
            proposals: BTreeMap::new(),
        }
    }

    /// Puts `highlight` in its sorted place.
    pub(crate) fn insert_highlight(&mut self, highlight: Highlight) {
        self.longest = self.longest.max(highlight.range().len());
        let at = self.insertion_index(&highlight);
        let (source, start, id) = highlight.sort_key();
        self.places.insert(id, (source, start));
        self.highlights.insert(at, highlight);
    }

    /// Takes out the highlight at `index`.
    pub(crate) fn remove_highlight(&mut self, index: usize) -> Highlight {
        let removed = self.highlights.remove(index);
        self.places.remove(&removed.id);
        if removed.range().len() >= self.longest {
            self.longest = highlights_longest(&self.highlights);
        }
        removed
    }

    pub fn topic(&self, id: TopicId) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }

    pub fn topic_by_name(&self, name: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.name == name)
    }

    pub fn highlight(&self, id: HighlightId) -> Option<&Highlight> {
        self.highlight_index(id).map(|i| &self.highlights[i])
    }

    pub(crate) fn highlight_index(&self, id: HighlightId) -> Option<usize> {
        let &(source, start) = self.places.get(&id)?;
        let key = (source, start, id);
        let at = self.highlights.partition_point(|h| h.sort_key() < key);
        (self.highlights.get(at).is_some_and(|h| h.id == id)).then_some(at)
    }

    /// Where a highlight with this key belongs in the sorted list.
    pub(crate) fn insertion_index(&self, highlight: &Highlight) -> usize {
        let key = highlight.sort_key();
        self.highlights.partition_point(|h| h.sort_key() < key)
    }

    /// Highlights of `source` that overlap `range` (touching is not overlapping), in text
    /// order.
    pub fn highlights_overlapping(
        &self,
        source: SourceId,
        range: CharRange,
    ) -> impl Iterator<Item = &Highlight> {
        // Sorted by start within the source: nothing starting at or past `range.end`
        // overlaps, and nothing starting more than the longest highlight's length before
        // `range.start` reaches it. Binary searches, then only the candidates: O(log n + k).
        let highlights = self.highlights_in(source);
        let stop = highlights.partition_point(|h| h.anchor.start < range.end);
        let earliest = range.start - self.longest;
        let from = highlights[..stop].partition_point(|h| h.anchor.start < earliest);
        highlights[from..stop]
            .iter()
            .filter(move |h| h.anchor.end > range.start)
    }

    /// How many highlights carry topic `id` itself.
    pub fn topic_count(&self, id: TopicId) -> usize {
        self.highlights
            .iter()
            .filter(|h| h.topics.contains(&id))
            .count()
    }

    /// How many highlights carry `topic` or any topic nested below it.
    pub fn topic_count_with_children(&self, topic: &Topic) -> usize {
        let family: Vec<TopicId> = self
            .topics
            .iter()
            .filter(|t| t.is_within(&topic.name))
            .map(|t| t.id)
            .collect();
        self.highlights
            .iter()
            .filter(|h| h.topics.iter().any(|t| family.contains(t)))
            .count()
    }
}

/// [`NoteSet::places`] of `highlights`.
fn places_of(
    highlights: &[Highlight],
) -> std::collections::HashMap<HighlightId, (SourceId, usize)> {
    (highlights.iter())
        .map(|h| {
            let (source, start, id) = h.sort_key();
            (id, (source, start))
        })
        .collect()
}

fn highlights_longest(highlights: &[Highlight]) -> usize {
    highlights
        .iter()
        .map(|h| h.range().len())
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod reading_order_tests {
    use super::*;

    fn record(id: u32, number: Option<u32>, date: Option<&str>) -> SourceRecord {
        SourceRecord {
            id: SourceId(id),
            title: format!("Document {id}"),
            number,
            date: date.map(str::to_string),
            citation: None,
            url: None,
            citation_template: None,
            path_hint: None,
            document_id: None,
            fingerprint: format!("sha256:{id}"),
            note: String::new(),
        }
    }

    #[test]
    fn documents_are_read_by_date_then_number_then_joining_order() {
        let set = NoteSet::from_parts(
            vec![
                record(1, Some(84), Some("1978-02")),
                record(2, Some(2), Some("1975-05-28")),
                record(3, Some(90), None),
                record(4, Some(85), Some("1978-02-25")),
                record(5, Some(12), None),
                // Not a calendar date: with the undated.
                record(6, Some(1), Some("1978-13")),
                record(7, Some(83), Some("1978-02")),
            ],
            Vec::new(),
            Vec::new(),
            String::new(),
            Vec::new(),
        );
        let order: Vec<u32> = set.reading_order().iter().map(|id| id.0).collect();
        assert_eq!(order, [2, 7, 1, 4, 6, 5, 3]);
    }
}
