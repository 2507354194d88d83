//! A highlighted passage: where it is, which topics it carries, and the reader's note.

use crate::core::study::anchor::Anchor;
use crate::core::study::source::SourceId;
use crate::core::study::topic::TopicId;
use crate::core::text::CharRange;
use crate::core::time::Timestamp;
use serde::{Deserialize, Serialize};

/// A highlight's identity: a UUID v7, unique across machines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HighlightId(pub uuid::Uuid);

impl HighlightId {
    /// A new, time-ordered id.
    pub fn new() -> Self {
        HighlightId(uuid::Uuid::now_v7())
    }
}

impl Default for HighlightId {
    fn default() -> Self {
        Self::new()
    }
}

/// A highlighted passage of the canonical text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    pub id: HighlightId,
    /// The document of the study it is in.
    pub source: SourceId,
    pub anchor: Anchor,
    /// Topics in the order they were given.
    pub topics: Vec<TopicId>,
    /// The reader's note, plain text; empty when there is none.
    pub note: String,
    pub created: Timestamp,
    pub modified: Timestamp,
}

impl Highlight {
    /// A new highlight of `anchor` in `source` with `topics`, made `now`.
    pub fn new(source: SourceId, anchor: Anchor, topics: Vec<TopicId>, now: Timestamp) -> Self {
        Highlight {
            id: HighlightId::new(),
            source,
            anchor,
            topics,
            note: String::new(),
            created: now,
            modified: now,
        }
    }

    /// The highlighted span.
    pub fn range(&self) -> CharRange {
        self.anchor.range()
    }

    /// The order highlights are kept and listed in: by source, then start, then id — so
    /// each source's highlights lie together, in the order of its text.
    pub fn sort_key(&self) -> (SourceId, usize, HighlightId) {
        (self.source, self.anchor.start.index(), self.id)
    }
}
