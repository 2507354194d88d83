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
    let mut report = MergeReport::default();
    let mut edits = Vec::new();
    let mut topic_map: HashMap<TopicId, TopicId> = HashMap::new();
    let mut added_names: Vec<String> = Vec::new();
    for topic in other.topics() {
        if current.topic(topic.id).is_some() {
            topic_map.insert(topic.id, topic.id);
        } else if let Some(same) = current.topic_by_name(&topic.name) {
            topic_map.insert(topic.id, same.id);
            report.topics_unified += 1;
        } else if !added_names.contains(&topic.name) {
            topic_map.insert(topic.id, topic.id);
            added_names.push(topic.name.clone());
            edits.push(Edit::InsertTopic {
                topic: topic.clone(),
                index: current.topics().len() + report.topics_added,
            });
            report.topics_added += 1;
        }
    }
    // Sources: the same text is the same source; another is added under a new id.
    let mut source_map: HashMap<SourceId, SourceId> = HashMap::new();
    let mut next = current.next_source_id().0;
    let mut note_edits = Vec::new();
    for theirs in other.sources() {
        match current
            .sources()
            .iter()
            .find(|s| s.fingerprint == theirs.fingerprint)
        {
            Some(ours) => {
                source_map.insert(theirs.id, ours.id);
                if let Some(merged) = merged_note(&ours.note, &theirs.note) {
                    note_edits.push(Edit::SetSourceNote {
                        source: ours.id,
                        note: merged,
                    });
                }
            }
            None => {
                let id = SourceId(next);
                next += 1;
                source_map.insert(theirs.id, id);
                let mut record = theirs.clone();
                record.id = id;
                edits.push(Edit::AddSource(Box::new(record)));
                report.sources_added += 1;
            }
        }
    }
    let map_source = |s: SourceId| source_map.get(&s).copied().unwrap_or(s);
    let map_topics = |topics: &[TopicId]| -> Vec<TopicId> {
        let mut out = Vec::new();
        for t in topics.iter().filter_map(|t| topic_map.get(t)) {
            if !out.contains(t) {
                out.push(*t);
            }
        }
        out
    };
    for theirs in other.highlights() {
        let theirs = Highlight {
            topics: map_topics(&theirs.topics),
            source: map_source(theirs.source),
            ..theirs.clone()
        };
        match current.highlight(theirs.id) {
            None => {
                edits.push(Edit::InsertHighlight(Box::new(theirs)));
                report.highlights_added += 1;
            }
            Some(ours) if *ours == theirs => {}
            Some(ours) => {
                if theirs.modified > ours.modified {
                    edits.push(Edit::RemoveHighlight(ours.id));
                    edits.push(Edit::InsertHighlight(Box::new(theirs.clone())));
                    report.conflicts.push(Conflict {
                        kept: theirs,
                        other: ours.clone(),
                    });
                } else {
                    report.conflicts.push(Conflict {
                        kept: ours.clone(),
                        other: theirs,
                    });
                }
            }
        }
    }
    // The other set's highlights that have no place in this text come along as orphans
    // (inserted, then unplaced with the anchor they had): a merge drops nothing.
    let known =
        |id| current.highlight(id).is_some() || current.orphans().iter().any(|o| o.id == id);
    for orphan in other.orphans().iter().filter(|o| !known(o.id)) {
        let orphan = Highlight {
            topics: map_topics(&orphan.topics),
            source: map_source(orphan.source),
            ..orphan.clone()
        };
        let unplace = Edit::Unplace {
            highlight: orphan.id,
            anchor: orphan.anchor.clone(),
        };
        edits.push(Edit::InsertHighlight(Box::new(orphan)));
        edits.push(unplace);
        report.orphans_added += 1;
    }
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
