//! "Only matching passages": which blocks fold away under a topic filter.

use crate::core::document::{BlockKind, Document};
use crate::core::study::filter::TopicFilter;
use crate::core::study::note_set::NoteSet;
use std::collections::BTreeSet;

/// For each block of a document, whether it is folded away.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FoldPlan {
    folded: Vec<bool>,
}

impl FoldPlan {
    /// Nothing folded.
    pub fn open(block_count: usize) -> Self {
        FoldPlan {
            folded: vec![false; block_count],
        }
    }

    /// Folds every block that holds no highlight passing `filter`, except the heading
    /// and the blocks in `unfolded` (stretches the user opened again).
    pub fn new(
        doc: &Document,
        set: &NoteSet,
        source: crate::core::study::source::SourceId,
        filter: &TopicFilter,
        unfolded: &BTreeSet<usize>,
    ) -> Self {
        let compiled = filter.compile(set);
        let folded = doc
            .blocks()
            .iter()
            .enumerate()
            .map(|(i, block)| {
                block.kind != BlockKind::Heading
                    && !unfolded.contains(&i)
                    && !set
                        .highlights_overlapping(source, block.range)
                        .any(|h| compiled.matches(h))
            })
            .collect();
        FoldPlan { folded }
    }

    /// True when block `i` is folded away.
    pub fn is_folded(&self, i: usize) -> bool {
        self.folded.get(i).copied().unwrap_or(false)
    }

    /// True when block `i` begins a folded stretch (where its "… N paragraphs" bar goes).
    pub fn starts_run(&self, i: usize) -> bool {
        self.is_folded(i) && (i == 0 || !self.is_folded(i - 1))
    }

    /// The blocks of the folded stretch that contains block `i` (empty if it is not folded).
    pub fn run(&self, i: usize) -> std::ops::Range<usize> {
        if !self.is_folded(i) {
            return i..i;
        }
        let mut start = i;
        while start > 0 && self.is_folded(start - 1) {
            start -= 1;
        }
        let mut end = i + 1;
        while self.is_folded(end) {
            end += 1;
        }
        start..end
    }

    /// How many blocks are folded in all.
    pub fn folded_count(&self) -> usize {
        self.folded.iter().filter(|f| **f).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::study::edit::Edit;
    use crate::core::study::topic::PALETTE;
    use crate::core::text::CharRange;
    use crate::core::time::Timestamp;

    #[test]
    fn folds_blocks_without_matching_highlights_and_keeps_the_heading() {
        let doc = Document::seed();
        let mut set = NoteSet::new();
        let (edit, topic) = Edit::create_topic(&set, "SALT", PALETTE[0]).unwrap();
        edit.apply(&mut set).unwrap();
        let block = doc.blocks()[7].range;
        let range = CharRange::new(block.start, block.start + 10);
        let (edit, _) =
            Edit::create_highlight(&set, &doc, range, vec![topic], Timestamp(0)).unwrap();
        edit.apply(&mut set).unwrap();
        let filter = TopicFilter {
            topics: [topic].into(),
            ..Default::default()
        };
        let plan = FoldPlan::new(
            &doc,
            &set,
            crate::core::study::source::SourceId::FIRST,
            &filter,
            &BTreeSet::new(),
        );
        assert!(!plan.is_folded(0) && !plan.is_folded(7));
        assert!(plan.starts_run(1) && plan.is_folded(6) && !plan.starts_run(6));
        assert_eq!(plan.run(3), 1..7);
        assert_eq!(plan.run(8), 8..doc.blocks().len());
        assert_eq!(plan.folded_count(), doc.blocks().len() - 2);
        let unfolded: BTreeSet<usize> = (1..7).collect();
        let plan = FoldPlan::new(
            &doc,
            &set,
            crate::core::study::source::SourceId::FIRST,
            &filter,
            &unfolded,
        );
        assert!(!plan.is_folded(3));
        assert_eq!(FoldPlan::open(3).folded_count(), 0);
    }
}
