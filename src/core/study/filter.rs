//! Which highlights a topic filter lets through.

use crate::core::study::highlight::Highlight;
use crate::core::study::note_set::NoteSet;
use crate::core::study::topic::TopicId;
use std::collections::BTreeSet;

/// Whether a highlight needs one of the chosen topics or all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FilterMode {
    #[default]
    Any,
    All,
}

/// A filter by topics. Choosing a topic also takes in the topics nested below it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TopicFilter {
    pub topics: BTreeSet<TopicId>,
    pub mode: FilterMode,
    /// Let highlights without any topic through too.
    pub show_untagged: bool,
}

impl TopicFilter {
    /// True when the filter hides anything at all.
    pub fn is_active(&self) -> bool {
        !self.topics.is_empty() || self.show_untagged
    }

    /// Clears the filter: everything shows.
    pub fn clear(&mut self) {
        self.topics.clear();
        self.show_untagged = false;
    }

    /// True when `highlight` passes the filter (topics are looked up in `set`).
    pub fn matches(&self, set: &NoteSet, highlight: &Highlight) -> bool {
        if !self.is_active() {
            return true;
        }
        if highlight.topics.is_empty() {
            return self.show_untagged;
        }
        if self.topics.is_empty() {
            return false;
        }
        let covers = |chosen: &TopicId| {
            let Some(chosen) = set.topic(*chosen) else {
                return false;
            };
            highlight
                .topics
                .iter()
                .filter_map(|t| set.topic(*t))
                .any(|t| t.is_within(&chosen.name))
        };
        match self.mode {
            FilterMode::Any => self.topics.iter().any(covers),
            FilterMode::All => self.topics.iter().all(covers),
        }
    }
}
