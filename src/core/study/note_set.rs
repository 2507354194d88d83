//! A note set: everything a reader adds to one document — topics, highlights, notes.
//! Changed only through [`crate::core::study::edit::Edit`]s, so every change can be undone.

use crate::core::study::anchor::Anchor;
use crate::core::study::highlight::{Highlight, HighlightId};
use crate::core::study::topic::{Topic, TopicId};
use crate::core::text::CharRange;
use std::collections::BTreeMap;

/// Topics, highlights and the document note for one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteSet {
    /// Topics in the order the user made them.
    pub(crate) topics: Vec<Topic>,
    /// Highlights sorted by [`Highlight::sort_key`].
    pub(crate) highlights: Vec<Highlight>,
    pub(crate) document_note: String,
    /// Highlights that could not be placed in this document's text (after re-anchoring
    /// against another edition). Kept, listed and saved; never dropped.
    pub(crate) orphans: Vec<Highlight>,
    /// For orphans whose quote was found only doubtfully (among other words than it was
    /// highlighted in): where it may be, for the reader to confirm. Never saved: worked
    /// out again from the text each time a set is fitted to it.
    pub(crate) proposals: BTreeMap<HighlightId, Anchor>,
    /// How this set cites its document (see [`crate::core::study::citation::cite`]); `None`: the
    /// default for the document.
    pub(crate) citation_template: Option<String>,
    /// The length of the longest highlight: with highlights sorted by start, those that
    /// can overlap a range start at most this far before it.
    pub(crate) longest: usize,
}

impl NoteSet {
    /// An empty note set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Topics in creation order.
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    /// Highlights in text order.
    pub fn highlights(&self) -> &[Highlight] {
        &self.highlights
    }

    /// The note on the whole document.
    pub fn document_note(&self) -> &str {
        &self.document_note
    }

    /// Highlights that could not be placed in the current text.
    pub fn orphans(&self) -> &[Highlight] {
        &self.orphans
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

    /// The citation template set for this document, if the user changed the default.
    pub fn citation_template(&self) -> Option<&str> {
        self.citation_template.as_deref()
    }

    /// The same set with `template` as its citation template.
    pub fn with_citation_template(mut self, template: Option<String>) -> Self {
        self.citation_template = template;
        self
    }

    /// Builds a note set from parts read from a file. Highlights are sorted into text
    /// order; the caller has checked ids and topic references.
    pub fn from_parts(
        topics: Vec<Topic>,
        mut highlights: Vec<Highlight>,
        document_note: String,
        mut orphans: Vec<Highlight>,
    ) -> Self {
        highlights.sort_by_key(Highlight::sort_key);
        orphans.sort_by_key(Highlight::sort_key);
        NoteSet {
            topics,
            document_note,
            longest: highlights_longest(&highlights),
            highlights,
            orphans,
            proposals: BTreeMap::new(),
            citation_template: None,
        }
    }

    /// Puts `highlight` in its sorted place.
    pub(crate) fn insert_highlight(&mut self, highlight: Highlight) {
        self.longest = self.longest.max(highlight.range().len());
        let at = self.insertion_index(&highlight);
        self.highlights.insert(at, highlight);
    }

    /// Takes out the highlight at `index`.
    pub(crate) fn remove_highlight(&mut self, index: usize) -> Highlight {
        let removed = self.highlights.remove(index);
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
        self.highlights.iter().position(|h| h.id == id)
    }

    /// Where a highlight with this key belongs in the sorted list.
    pub(crate) fn insertion_index(&self, highlight: &Highlight) -> usize {
        let key = highlight.sort_key();
        self.highlights.partition_point(|h| h.sort_key() < key)
    }

    /// Highlights that overlap `range` (touching is not overlapping), in text order.
    pub fn highlights_overlapping(&self, range: CharRange) -> impl Iterator<Item = &Highlight> {
        // Sorted by start: nothing starting at or past `range.end` overlaps, and nothing
        // starting more than the longest highlight's length before `range.start` reaches it.
        // Two binary searches, then only the candidates: O(log n + k).
        let stop = self
            .highlights
            .partition_point(|h| h.anchor.start < range.end);
        let earliest = range.start - self.longest;
        let from = self.highlights[..stop].partition_point(|h| h.anchor.start < earliest);
        self.highlights[from..stop]
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

fn highlights_longest(highlights: &[Highlight]) -> usize {
    highlights
        .iter()
        .map(|h| h.range().len())
        .max()
        .unwrap_or(0)
}
