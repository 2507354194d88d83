//! Merging another note set into this one: sources matched by the fingerprint of their
//! text (a document the other study has and this one lacks is added), union of
//! highlights by id, topics of the same name unified, and where both changed one
//! highlight, the newer kept and the other listed for review. One [`Edit`], so one undo.

use crate::core::study::edit::Edit;
use crate::core::study::highlight::Highlight;
use crate::core::study::note_set::NoteSet;
use crate::core::study::source::SourceId;
use crate::core::study::topic::TopicId;
use std::collections::HashMap;

/// A highlight both sets changed differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The version now in the set (the newer one).
    pub kept: Highlight,
    /// The version set aside.
    pub other: Highlight,
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MergeReport {
    pub topics_added: usize,
    pub topics_unified: usize,
    pub highlights_added: usize,
    /// Highlights of the other set with no place in this text, kept as orphans here.
    pub orphans_added: usize,
    /// Documents of the other study this one did not have.
    pub sources_added: usize,
    pub conflicts: Vec<Conflict>,
}

impl MergeReport {
    /// One line for the status bar.
    pub fn summary(&self) -> String {
        let mut line = format!(
            "{} highlights and {} topics added, {} topics unified by name, {} conflicts",
            self.highlights_added,
            self.topics_added,
            self.topics_unified,
            self.conflicts.len()
        );
        if self.sources_added > 0 {
            line.push_str(&format!("; {} documents added", self.sources_added));
        }
        if self.orphans_added > 0 {
            line.push_str(&format!(
                "; {} not placed in this text, listed in the Highlights tab",
                self.orphans_added
            ));
        }
        line
    }
}

/// The edit that merges `other` into `current`, and what it will do.
pub fn merge(current: &NoteSet, other: &NoteSet) -> (Edit, MergeReport) {
    let mut merger = Merger {
        current,
        edits: Vec::new(),
        note_edits: Vec::new(),
        report: MergeReport::default(),
        topic_map: HashMap::new(),
        source_map: HashMap::new(),
    };
    merger.topics(other);
    merger.sources(other);
    merger.highlights(other);
    merger.orphans(other);
    let Merger {
        mut edits,
        note_edits,
        report,
        ..
    } = merger;
    edits.extend(note_edits);
    if let Some(merged) = merged_note(current.study_note(), other.study_note()) {
        edits.push(Edit::SetStudyNote(merged));
    }
    (
        Edit::Batch {
            label: "Merge note set".into(),
            edits,
        },
        report,
    )
}

/// A merge under way: the edits so far (document notes last), what it did, and where
/// the other set's topics and sources are in this one.
struct Merger<'a> {
    current: &'a NoteSet,
    edits: Vec<Edit>,
    note_edits: Vec<Edit>,
    report: MergeReport,
    topic_map: HashMap<TopicId, TopicId>,
    source_map: HashMap<SourceId, SourceId>,
}

impl Merger<'_> {
    /// Topics: the same id or the same name is the same topic; another is added.
    fn topics(&mut self, other: &NoteSet) {
        let current = self.current;
        let mut added_names: Vec<String> = Vec::new();
        for topic in other.topics() {
            if current.topic(topic.id).is_some() {
                self.topic_map.insert(topic.id, topic.id);
            } else if let Some(same) = current.topic_by_name(&topic.name) {
                self.topic_map.insert(topic.id, same.id);
                self.report.topics_unified += 1;
            } else if !added_names.contains(&topic.name) {
                self.topic_map.insert(topic.id, topic.id);
                added_names.push(topic.name.clone());
                self.edits.push(Edit::InsertTopic {
                    topic: topic.clone(),
                    index: current.topics().len() + self.report.topics_added,
                });
                self.report.topics_added += 1;
            }
        }
    }

    /// Sources: the same text is the same source (its notes merged); another is added
    /// under a new id.
    fn sources(&mut self, other: &NoteSet) {
        let current = self.current;
        let mut next = current.next_source_id().0;
        for theirs in other.sources() {
            match current
                .sources()
                .iter()
                .find(|s| s.fingerprint == theirs.fingerprint)
            {
                Some(ours) => {
                    self.source_map.insert(theirs.id, ours.id);
                    if let Some(merged) = merged_note(&ours.note, &theirs.note) {
                        self.note_edits.push(Edit::SetSourceNote {
                            source: ours.id,
                            note: merged,
                        });
                    }
                }
                None => {
                    let id = SourceId(next);
                    next += 1;
                    self.source_map.insert(theirs.id, id);
                    let mut record = theirs.clone();
                    record.id = id;
                    self.edits.push(Edit::AddSource(Box::new(record)));
                    self.report.sources_added += 1;
                }
            }
        }
    }

    /// A highlight of the other set with this set's ids for its source and topics.
    fn mapped(&self, h: &Highlight) -> Highlight {
        let mut topics = Vec::new();
        for t in h.topics.iter().filter_map(|t| self.topic_map.get(t)) {
            if !topics.contains(t) {
                topics.push(*t);
            }
        }
        Highlight {
            topics,
            source: self.source_map.get(&h.source).copied().unwrap_or(h.source),
            ..h.clone()
        }
    }

    /// Highlights: a new one is added; where both sets changed one, the newer is kept
    /// and the other listed as a conflict.
    fn highlights(&mut self, other: &NoteSet) {
        for theirs in other.highlights() {
            let theirs = self.mapped(theirs);
            match self.current.highlight(theirs.id) {
                None => {
                    self.edits.push(Edit::InsertHighlight(Box::new(theirs)));
                    self.report.highlights_added += 1;
                }
                Some(ours) if *ours == theirs => {}
                Some(ours) => {
                    if theirs.modified > ours.modified {
                        self.edits.push(Edit::RemoveHighlight(ours.id));
                        self.edits
                            .push(Edit::InsertHighlight(Box::new(theirs.clone())));
                        self.report.conflicts.push(Conflict {
                            kept: theirs,
                            other: ours.clone(),
                        });
                    } else {
                        self.report.conflicts.push(Conflict {
                            kept: ours.clone(),
                            other: theirs,
                        });
                    }
                }
            }
        }
    }

    /// The other set's highlights that have no place in this text come along as orphans
    /// (inserted, then unplaced with the anchor they had): a merge drops nothing.
    fn orphans(&mut self, other: &NoteSet) {
        let current = self.current;
        let known =
            |id| current.highlight(id).is_some() || current.orphans().iter().any(|o| o.id == id);
        for orphan in other.orphans().iter().filter(|o| !known(o.id)) {
            let orphan = self.mapped(orphan);
            let unplace = Edit::Unplace {
                highlight: orphan.id,
                anchor: orphan.anchor.clone(),
            };
            self.edits.push(Edit::InsertHighlight(Box::new(orphan)));
            self.edits.push(unplace);
            self.report.orphans_added += 1;
        }
    }
}

/// Two versions of a note as one, or `None` when the other adds nothing.
fn merged_note(ours: &str, theirs: &str) -> Option<String> {
    let (ours, theirs) = (ours.trim(), theirs.trim());
    if theirs.is_empty() || ours.contains(theirs) {
        return None;
    }
    Some(if ours.is_empty() {
        theirs.to_string()
    } else {
        format!("{ours}\n\n— merged —\n{theirs}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::document::Document;
    use crate::core::text::{CharOffset, CharRange};
    use crate::core::time::Timestamp;

    #[test]
    fn the_other_set_s_orphans_come_along_as_orphans() {
        let doc = Document::seed();
        let mut other = NoteSet::new();
        let range = CharRange::new(CharOffset(200), CharOffset(230));
        let (edit, id) = Edit::create_highlight(&other, &doc, range, vec![], Timestamp(1)).unwrap();
        edit.apply(&mut other).unwrap();
        // Re-anchored to a text without it: an orphan of the other set.
        let elsewhere = Document::from_text("1. Another Letter\n\nNothing alike.\n", "x.txt");
        let (other, _) = crate::core::persist::reanchor_set(&elsewhere, &other);
        assert_eq!(other.orphans().len(), 1);
        let mut current = NoteSet::new();
        let (edit, report) = merge(&current, &other);
        assert_eq!(report.orphans_added, 1);
        let undo = edit.apply(&mut current).unwrap();
        assert_eq!(current.orphans().len(), 1);
        assert_eq!(current.orphans()[0].id, id);
        assert!(current.highlights().is_empty());
        // One undo takes it out again.
        undo.apply(&mut current).unwrap();
        assert!(current.orphans().is_empty());
    }
}
