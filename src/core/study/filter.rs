//! Which highlights a topic filter lets through.

use crate::core::study::highlight::Highlight;
use crate::core::study::note_set::NoteSet;
use crate::core::study::topic::TopicId;
use std::collections::{BTreeSet, HashMap};

/// A [`TopicFilter`] with its topics' families looked up (see [`TopicFilter::compile`]):
/// the same answers, each in time proportional to the highlight's own topics.
#[derive(Debug, Clone)]
pub struct CompiledFilter {
    active: bool,
    mode: FilterMode,
    show_untagged: bool,
    /// For each topic, which chosen topics' families it belongs to (bit `i`: the `i`-th
    /// chosen topic).
    families: HashMap<TopicId, u128>,
    /// A bit for each chosen topic.
    all: u128,
    /// More than 128 topics chosen: answered by the filter itself.
    fallback: Option<(TopicFilter, NoteSet)>,
}

impl CompiledFilter {
    /// True when `highlight` passes the filter.
    pub fn matches(&self, highlight: &Highlight) -> bool {
        if let Some((filter, set)) = &self.fallback {
            return filter.matches(set, highlight);
        }
        if !self.active {
            return true;
        }
        if highlight.topics.is_empty() {
            return self.show_untagged;
        }
        if self.all == 0 {
            return false;
        }
        let covered = (highlight.topics.iter())
            .filter_map(|t| self.families.get(t))
            .fold(0, |bits, b| bits | b);
        match self.mode {
            FilterMode::Any => covered != 0,
            FilterMode::All => covered & self.all == self.all,
        }
    }
}

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

    /// The filter made ready for many highlights of `set`: each chosen topic with the
    /// topics nested below it, looked up once.
    pub fn compile(&self, set: &NoteSet) -> CompiledFilter {
        let mut compiled = CompiledFilter {
            active: self.is_active(),
            mode: self.mode,
            show_untagged: self.show_untagged,
            families: HashMap::new(),
            all: 0,
            fallback: None,
        };
        if self.topics.len() > 128 {
            compiled.fallback = Some((self.clone(), set.clone()));
            return compiled;
        }
        for (bit, chosen) in self.topics.iter().enumerate() {
            let mask = 1u128 << bit;
            compiled.all |= mask;
            let Some(chosen) = set.topic(*chosen) else {
                continue;
            };
            for t in set.topics().iter().filter(|t| t.is_within(&chosen.name)) {
                *compiled.families.entry(t.id).or_default() |= mask;
            }
        }
        compiled
    }

    /// True when `highlight` passes the filter (topics are looked up in `set`). For many
    /// highlights, [`TopicFilter::compile`] once.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::corpus;
    use crate::core::document::Document;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The compiled filter answers as the filter does, for any choice of topics,
        /// mode and untagged switch, on a set with nested topics and untagged highlights.
        #[test]
        fn the_compiled_filter_agrees(
            chosen in proptest::collection::vec(0usize..32, 0..6),
            all in any::<bool>(),
            untagged in any::<bool>(),
        ) {
            let doc = Document::seed();
            let set = corpus::note_set(&doc, 300, 7);
            let filter = TopicFilter {
                // 30 topics: 30 and 31 name topics that are not in the set.
                topics: chosen
                    .iter()
                    .map(|&i| set.topics().get(i).map_or(TopicId(uuid::Uuid::from_u128(i as u128)), |t| t.id))
                    .collect(),
                mode: if all { FilterMode::All } else { FilterMode::Any },
                show_untagged: untagged,
            };
            let compiled = filter.compile(&set);
            for h in set.highlights() {
                prop_assert_eq!(compiled.matches(h), filter.matches(&set, h), "{:?}", h.topics);
            }
        }
    }
}
