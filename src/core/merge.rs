//! Merging another note set of the same document into this one: union by id, topics of
//! the same name unified, and where both changed one highlight, the newer kept and the
//! other listed for review. One [`Edit`], so one undo.

use crate::core::edit::Edit;
use crate::core::highlight::Highlight;
use crate::core::note_set::NoteSet;
use crate::core::topic::TopicId;
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
    pub conflicts: Vec<Conflict>,
}

impl MergeReport {
    /// One line for the status bar.
    pub fn summary(&self) -> String {
        format!(
            "{} highlights and {} topics added, {} topics unified by name, {} conflicts",
            self.highlights_added,
            self.topics_added,
            self.topics_unified,
            self.conflicts.len()
        )
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
    let (ours, theirs) = (current.document_note().trim(), other.document_note().trim());
    if !theirs.is_empty() && !ours.contains(theirs) {
        let merged = if ours.is_empty() {
            theirs.to_string()
        } else {
            format!("{ours}\n\n— merged —\n{theirs}")
        };
        edits.push(Edit::SetDocumentNote(merged));
    }
    (Edit::Batch(edits), report)
}
