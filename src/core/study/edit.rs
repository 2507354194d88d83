//! Every change to a note set is an [`Edit`]. Applying one returns its inverse, so undo
//! and redo are just more edits, and a compound change (deleting a topic that highlights
//! carry) is a [`Edit::Batch`] that applies whole or not at all.

use crate::core::document::Document;
use crate::core::study::anchor::Anchor;
use crate::core::study::highlight::{Highlight, HighlightId};
use crate::core::study::note_set::NoteSet;
use crate::core::study::source::{SourceId, SourceRecord};
use crate::core::study::topic::{Color, PATH_SEPARATOR, Topic, TopicId, normalize_name};
use crate::core::text::CharRange;
use crate::core::time::Timestamp;

/// One change to a note set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    InsertHighlight(Box<Highlight>),
    RemoveHighlight(HighlightId),
    SetTopics {
        highlight: HighlightId,
        topics: Vec<TopicId>,
        modified: Timestamp,
    },
    SetNote {
        highlight: HighlightId,
        note: String,
        modified: Timestamp,
    },
    /// The note on one source.
    SetSourceNote {
        source: SourceId,
        note: String,
    },
    /// The note on the whole study.
    SetStudyNote(String),
    /// Records a document as a source of the study.
    AddSource(Box<SourceRecord>),
    /// Takes a source's record out; refused while highlights name it.
    RemoveSource(SourceId),
    /// Sets (or, with `None`, resets) how the study cites one of its documents.
    SetCitationTemplate {
        source: SourceId,
        template: Option<String>,
    },
    InsertTopic {
        topic: Topic,
        index: usize,
    },
    RemoveTopic(TopicId),
    RenameTopic {
        topic: TopicId,
        name: String,
    },
    RecolorTopic {
        topic: TopicId,
        color: Color,
    },
    /// Gives an orphaned highlight a place in the text again.
    PlaceOrphan {
        highlight: HighlightId,
        anchor: Anchor,
    },
    /// Makes a highlight an orphan again (the inverse of [`Edit::PlaceOrphan`]), with
    /// the anchor it had.
    Unplace {
        highlight: HighlightId,
        anchor: Anchor,
    },
    /// Several edits applied in order, all or none, under one name ("Merge topics").
    Batch {
        label: std::borrow::Cow<'static, str>,
        edits: Vec<Edit>,
    },
}

/// Why an edit could not be applied. The note set is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("that highlight no longer exists")]
    NoHighlight(HighlightId),
    #[error("a highlight with this id exists already")]
    DuplicateHighlight(HighlightId),
    #[error("that topic no longer exists")]
    NoTopic(TopicId),
    #[error("a topic named “{0}” exists already")]
    DuplicateName(String),
    #[error("a topic needs a name")]
    EmptyName,
    #[error("the topic “{0}” is still given to highlights")]
    TopicInUse(String),
    #[error("a highlight needs some text: the selection is empty")]
    EmptyHighlight,
    #[error("that document is not a source of this study")]
    NoSource(SourceId),
    #[error("source {0} is recorded already")]
    DuplicateSource(SourceId),
    #[error("the document “{0}” still has highlights")]
    SourceInUse(String),
    #[error("{cause}; {kept} of the changes made before it could not be taken back")]
    PartlyUndone { cause: Box<EditError>, kept: usize },
}

impl Edit {
    /// What the edit does, in the words the Undo and Redo menu items use.
    pub fn label(&self) -> &str {
        match self {
            Edit::InsertHighlight(_) => "Create highlight",
            Edit::RemoveHighlight(_) => "Delete highlight",
            Edit::SetTopics { .. } => "Change topics",
            Edit::SetNote { .. } => "Edit note",
            Edit::SetSourceNote { .. } => "Edit document notes",
            Edit::SetStudyNote(_) => "Edit study notes",
            Edit::AddSource(_) => "Add document",
            Edit::RemoveSource(_) => "Remove document",
            Edit::SetCitationTemplate { .. } => "Change citation",
            Edit::InsertTopic { .. } => "Create topic",
            Edit::RemoveTopic(_) => "Delete topic",
            Edit::RenameTopic { .. } => "Rename topic",
            Edit::RecolorTopic { .. } => "Change topic colour",
            Edit::PlaceOrphan { .. } => "Place highlight",
            Edit::Unplace { .. } => "Unplace highlight",
            Edit::Batch { label, .. } => label,
        }
    }

    /// Applies the edit to `set` and returns the edit that undoes it.
    pub fn apply(self, set: &mut NoteSet) -> Result<Edit, EditError> {
        match self {
            Edit::InsertHighlight(h) => insert_highlight(set, *h),
            Edit::RemoveHighlight(id) => {
                let i = set.highlight_index(id).ok_or(EditError::NoHighlight(id))?;
                Ok(Edit::InsertHighlight(Box::new(set.remove_highlight(i))))
            }
            Edit::SetTopics {
                highlight,
                topics,
                modified,
            } => set_topics(set, highlight, topics, modified),
            Edit::SetNote {
                highlight,
                note,
                modified,
            } => set_note(set, highlight, note, modified),
            Edit::SetSourceNote { source, note } => {
                let record = source_mut(set, source)?;
                let old = std::mem::replace(&mut record.note, note);
                Ok(Edit::SetSourceNote { source, note: old })
            }
            Edit::SetStudyNote(note) => Ok(Edit::SetStudyNote(std::mem::replace(
                &mut set.study_note,
                note,
            ))),
            Edit::AddSource(record) => add_source(set, *record),
            Edit::RemoveSource(id) => remove_source(set, id),
            Edit::SetCitationTemplate { source, template } => {
                let record = source_mut(set, source)?;
                let old = std::mem::replace(&mut record.citation_template, template);
                Ok(Edit::SetCitationTemplate {
                    source,
                    template: old,
                })
            }
            Edit::InsertTopic { topic, index } => insert_topic(set, topic, index),
            Edit::RemoveTopic(id) => remove_topic(set, id),
            Edit::RenameTopic { topic, name } => {
                let name = normalize_name(&name);
                check_name(set, &name, Some(topic))?;
                let t = topic_mut(set, topic)?;
                Ok(Edit::RenameTopic {
                    topic,
                    name: std::mem::replace(&mut t.name, name),
                })
            }
            Edit::RecolorTopic { topic, color } => {
                let t = topic_mut(set, topic)?;
                Ok(Edit::RecolorTopic {
                    topic,
                    color: std::mem::replace(&mut t.color, color),
                })
            }
            Edit::PlaceOrphan { highlight, anchor } => place_orphan(set, highlight, anchor),
            Edit::Unplace { highlight, anchor } => unplace(set, highlight, anchor),
            Edit::Batch { label, edits } => apply_batch(set, label, edits),
        }
    }

    /// A new highlight of `range` in `doc` with `topics`. When `doc` is not yet a source
    /// of the study, the edit records it first (one undo step takes both back). Returns
    /// the edit and the new id.
    pub fn create_highlight(
        set: &NoteSet,
        doc: &Document,
        range: CharRange,
        topics: Vec<TopicId>,
        now: Timestamp,
    ) -> Result<(Edit, HighlightId), EditError> {
        if range.is_empty() {
            return Err(EditError::EmptyHighlight);
        }
        let (source, add) = Edit::source_for(set, doc);
        let highlight = Highlight::new(source, Anchor::new(doc, range), topics, now);
        let id = highlight.id;
        let insert = Edit::InsertHighlight(Box::new(highlight));
        Ok((Edit::with_source(add, insert, "Create highlight"), id))
    }

    /// The source `doc` is in `set`, and the edit that records it when it is new.
    pub fn source_for(set: &NoteSet, doc: &Document) -> (SourceId, Option<Edit>) {
        match set.source_of(doc) {
            Some(record) => (record.id, None),
            None => {
                let id = set.next_source_id();
                (
                    id,
                    Some(Edit::AddSource(Box::new(Self::new_source(doc, id)))),
                )
            }
        }
    }

    /// The record of `doc` as a new source `id`, its path hint the file it was read from
    /// (for a document of a volume, the volume's file: it is found again by that and its
    /// id).
    pub fn new_source(doc: &Document, id: SourceId) -> SourceRecord {
        let hint = Some(doc.source_path().to_string_lossy().into_owned()).filter(|h| !h.is_empty());
        let mut record = SourceRecord::of(doc, id, hint);
        if record.document_id.is_some()
            && let Some(hint) = &record.path_hint
            && let Some((volume, _)) = crate::core::source::split_source(hint)
        {
            record.path_hint = Some(volume.to_string());
        }
        record
    }

    /// `edit`, preceded by `add` (recording its source) when there is one.
    pub fn with_source(add: Option<Edit>, edit: Edit, label: &'static str) -> Edit {
        match add {
            Some(add) => Edit::Batch {
                label: label.into(),
                edits: vec![add, edit],
            },
            None => edit,
        }
    }

    /// How the study cites `doc` (`None`: its default), recording it as a source first
    /// when it is new.
    pub fn set_citation_template(set: &NoteSet, doc: &Document, template: Option<String>) -> Edit {
        let (source, add) = Edit::source_for(set, doc);
        Edit::with_source(
            add,
            Edit::SetCitationTemplate { source, template },
            "Change citation",
        )
    }

    /// The note on `doc`, recording it as a source first when it is new.
    pub fn set_document_note(set: &NoteSet, doc: &Document, note: String) -> Edit {
        let (source, add) = Edit::source_for(set, doc);
        Edit::with_source(
            add,
            Edit::SetSourceNote { source, note },
            "Edit document notes",
        )
    }

    /// Gives `topic` to the highlight, or takes it away if it has it.
    pub fn toggle_topic(
        set: &NoteSet,
        highlight: HighlightId,
        topic: TopicId,
        now: Timestamp,
    ) -> Result<Edit, EditError> {
        let h = set
            .highlight(highlight)
            .ok_or(EditError::NoHighlight(highlight))?;
        set.topic(topic).ok_or(EditError::NoTopic(topic))?;
        let mut topics = h.topics.clone();
        match topics.iter().position(|t| *t == topic) {
            Some(i) => {
                topics.remove(i);
            }
            None => topics.push(topic),
        }
        Ok(Edit::SetTopics {
            highlight,
            topics,
            modified: now,
        })
    }

    /// A new topic at the end of the list.
    pub fn create_topic(
        set: &NoteSet,
        name: &str,
        color: Color,
    ) -> Result<(Edit, TopicId), EditError> {
        let topic = Topic::new(name, color);
        check_name(set, &topic.name, None)?;
        let id = topic.id;
        Ok((
            Edit::InsertTopic {
                topic,
                index: set.topics.len(),
            },
            id,
        ))
    }

    /// Renames a topic; topics nested below it move with it
    /// (`Arms control/SALT` follows `Arms control` → `Disarmament`).
    pub fn rename_topic(set: &NoteSet, topic: TopicId, name: &str) -> Result<Edit, EditError> {
        let old = set
            .topic(topic)
            .ok_or(EditError::NoTopic(topic))?
            .name
            .clone();
        let new = normalize_name(name);
        check_name(set, &new, Some(topic))?;
        let mut edits = vec![Edit::RenameTopic {
            topic,
            name: new.clone(),
        }];
        for child in set
            .topics
            .iter()
            .filter(|t| t.id != topic && t.is_within(&old))
        {
            let renamed = format!("{new}{}", &child.name[old.len()..]);
            check_name(set, &renamed, Some(child.id))?;
            edits.push(Edit::RenameTopic {
                topic: child.id,
                name: renamed,
            });
        }
        Ok(Edit::Batch {
            label: "Rename topic".into(),
            edits,
        })
    }

    /// Deletes a topic: highlights keep their other topics. Topics nested below it stay.
    pub fn delete_topic(set: &NoteSet, topic: TopicId, now: Timestamp) -> Result<Edit, EditError> {
        set.topic(topic).ok_or(EditError::NoTopic(topic))?;
        let mut edits: Vec<Edit> = set
            .highlights
            .iter()
            .filter(|h| h.topics.contains(&topic))
            .map(|h| Edit::SetTopics {
                highlight: h.id,
                topics: h.topics.iter().copied().filter(|t| *t != topic).collect(),
                modified: now,
            })
            .collect();
        edits.push(Edit::RemoveTopic(topic));
        Ok(Edit::Batch {
            label: "Delete topic".into(),
            edits,
        })
    }

    /// Merges topic `from` into `into`: every highlight with `from` gets `into` instead,
    /// and `from` is deleted.
    pub fn merge_topics(
        set: &NoteSet,
        from: TopicId,
        into: TopicId,
        now: Timestamp,
    ) -> Result<Edit, EditError> {
        set.topic(from).ok_or(EditError::NoTopic(from))?;
        set.topic(into).ok_or(EditError::NoTopic(into))?;
        if from == into {
            return Ok(Edit::Batch {
                label: "Merge topics".into(),
                edits: Vec::new(),
            });
        }
        let mut edits: Vec<Edit> = set
            .highlights
            .iter()
            .filter(|h| h.topics.contains(&from))
            .map(|h| {
                let mut topics = Vec::with_capacity(h.topics.len());
                for t in &h.topics {
                    let t = if *t == from { into } else { *t };
                    if !topics.contains(&t) {
                        topics.push(t);
                    }
                }
                Edit::SetTopics {
                    highlight: h.id,
                    topics,
                    modified: now,
                }
            })
            .collect();
        edits.push(Edit::RemoveTopic(from));
        Ok(Edit::Batch {
            label: "Merge topics".into(),
            edits,
        })
    }
}

/// A topic name must be non-empty and unique (`except` is the topic being renamed).
fn check_name(set: &NoteSet, name: &str, except: Option<TopicId>) -> Result<(), EditError> {
    if name.trim().is_empty() || name.split(PATH_SEPARATOR).any(|l| l.trim().is_empty()) {
        return Err(EditError::EmptyName);
    }
    if set
        .topics
        .iter()
        .any(|t| t.name == name && Some(t.id) != except)
    {
        return Err(EditError::DuplicateName(name.to_string()));
    }
    Ok(())
}

// What each kind of edit does to the set; each returns the edit that undoes it, and
// refuses (changing nothing) what would leave the set inconsistent.

fn insert_highlight(set: &mut NoteSet, h: Highlight) -> Result<Edit, EditError> {
    if set.highlight_index(h.id).is_some() {
        return Err(EditError::DuplicateHighlight(h.id));
    }
    if set.source(h.source).is_none() {
        return Err(EditError::NoSource(h.source));
    }
    if let Some(t) = h.topics.iter().find(|t| set.topic(**t).is_none()) {
        return Err(EditError::NoTopic(*t));
    }
    let id = h.id;
    set.insert_highlight(h);
    Ok(Edit::RemoveHighlight(id))
}

fn set_topics(
    set: &mut NoteSet,
    highlight: HighlightId,
    topics: Vec<TopicId>,
    modified: Timestamp,
) -> Result<Edit, EditError> {
    if let Some(t) = topics.iter().find(|t| set.topic(**t).is_none()) {
        return Err(EditError::NoTopic(*t));
    }
    let i = set
        .highlight_index(highlight)
        .ok_or(EditError::NoHighlight(highlight))?;
    let h = &mut set.highlights[i];
    let old = std::mem::replace(&mut h.topics, topics);
    let old_modified = std::mem::replace(&mut h.modified, modified);
    Ok(Edit::SetTopics {
        highlight,
        topics: old,
        modified: old_modified,
    })
}

fn set_note(
    set: &mut NoteSet,
    highlight: HighlightId,
    note: String,
    modified: Timestamp,
) -> Result<Edit, EditError> {
    let i = set
        .highlight_index(highlight)
        .ok_or(EditError::NoHighlight(highlight))?;
    let h = &mut set.highlights[i];
    let old = std::mem::replace(&mut h.note, note);
    let old_modified = std::mem::replace(&mut h.modified, modified);
    Ok(Edit::SetNote {
        highlight,
        note: old,
        modified: old_modified,
    })
}

/// Source `id`'s record, to change.
fn source_mut(set: &mut NoteSet, id: SourceId) -> Result<&mut SourceRecord, EditError> {
    let i =
        (set.sources.binary_search_by_key(&id, |s| s.id)).map_err(|_| EditError::NoSource(id))?;
    Ok(&mut set.sources[i])
}

fn add_source(set: &mut NoteSet, record: SourceRecord) -> Result<Edit, EditError> {
    let id = record.id;
    match set.sources.binary_search_by_key(&id, |s| s.id) {
        Ok(_) => Err(EditError::DuplicateSource(id)),
        Err(at) => {
            set.sources.insert(at, record);
            Ok(Edit::RemoveSource(id))
        }
    }
}

fn remove_source(set: &mut NoteSet, id: SourceId) -> Result<Edit, EditError> {
    let i =
        (set.sources.binary_search_by_key(&id, |s| s.id)).map_err(|_| EditError::NoSource(id))?;
    if set.count_in(id) > 0 {
        return Err(EditError::SourceInUse(set.sources[i].title.clone()));
    }
    Ok(Edit::AddSource(Box::new(set.sources.remove(i))))
}

/// Topic `id`, to change.
fn topic_mut(set: &mut NoteSet, id: TopicId) -> Result<&mut Topic, EditError> {
    (set.topics.iter_mut())
        .find(|t| t.id == id)
        .ok_or(EditError::NoTopic(id))
}

fn insert_topic(set: &mut NoteSet, topic: Topic, index: usize) -> Result<Edit, EditError> {
    check_name(set, &topic.name, None)?;
    if set.topic(topic.id).is_some() {
        return Err(EditError::DuplicateName(topic.name));
    }
    let id = topic.id;
    set.topics.insert(index.min(set.topics.len()), topic);
    Ok(Edit::RemoveTopic(id))
}

fn remove_topic(set: &mut NoteSet, id: TopicId) -> Result<Edit, EditError> {
    let index = (set.topics.iter())
        .position(|t| t.id == id)
        .ok_or(EditError::NoTopic(id))?;
    if set.highlights.iter().any(|h| h.topics.contains(&id)) {
        return Err(EditError::TopicInUse(set.topics[index].name.clone()));
    }
    Ok(Edit::InsertTopic {
        topic: set.topics.remove(index),
        index,
    })
}

fn place_orphan(
    set: &mut NoteSet,
    highlight: HighlightId,
    anchor: Anchor,
) -> Result<Edit, EditError> {
    let i = (set.orphans.iter())
        .position(|h| h.id == highlight)
        .ok_or(EditError::NoHighlight(highlight))?;
    let mut h = set.orphans.remove(i);
    let old = std::mem::replace(&mut h.anchor, anchor);
    set.insert_highlight(h);
    Ok(Edit::Unplace {
        highlight,
        anchor: old,
    })
}

fn unplace(set: &mut NoteSet, highlight: HighlightId, anchor: Anchor) -> Result<Edit, EditError> {
    let i = set
        .highlight_index(highlight)
        .ok_or(EditError::NoHighlight(highlight))?;
    let mut h = set.remove_highlight(i);
    let old = std::mem::replace(&mut h.anchor, anchor);
    let key = h.sort_key();
    let at = set.orphans.partition_point(|o| o.sort_key() < key);
    set.orphans.insert(at, h);
    Ok(Edit::PlaceOrphan {
        highlight,
        anchor: old,
    })
}

/// Applies `edits` in order, as one; when one is refused, those before it are undone.
fn apply_batch(
    set: &mut NoteSet,
    label: std::borrow::Cow<'static, str>,
    edits: Vec<Edit>,
) -> Result<Edit, EditError> {
    let mut inverses = Vec::with_capacity(edits.len());
    for edit in edits {
        match edit.apply(set) {
            Ok(inverse) => inverses.push(inverse),
            Err(e) => {
                // Put back what was done, newest first, so the set is unchanged. Each
                // inverse undoes a change just made, so it applies; were one refused, the
                // set would keep that part of the batch, and the error says so.
                let mut kept = 0;
                for inverse in inverses.into_iter().rev() {
                    kept += usize::from(inverse.apply(set).is_err());
                }
                return Err(if kept == 0 {
                    e
                } else {
                    EditError::PartlyUndone {
                        cause: Box::new(e),
                        kept,
                    }
                });
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch {
        label,
        edits: inverses,
    })
}

#[cfg(test)]
mod index_tests {
    use crate::core::document::Document;
    use crate::core::study::edit::Edit;
    use crate::core::study::note_set::NoteSet;
    use crate::core::text::CharRange;
    use crate::core::time::Timestamp;

    #[test]
    fn every_highlight_is_found_by_id_after_inserts_and_removals() {
        let doc = Document::seed();
        let mut set = NoteSet::new();
        let mut ids = Vec::new();
        // Several at one start (different ends), and others spread over the letter.
        for (start, len) in [(100, 5), (100, 9), (100, 2), (2000, 4), (50, 3), (4000, 8)] {
            let range = CharRange::new(
                crate::core::text::CharOffset(start),
                crate::core::text::CharOffset(start + len),
            );
            let (edit, id) =
                Edit::create_highlight(&set, &doc, range, Vec::new(), Timestamp(1)).unwrap();
            edit.apply(&mut set).unwrap();
            ids.push(id);
        }
        for id in &ids {
            assert_eq!(set.highlight(*id).map(|h| h.id), Some(*id));
        }
        // Remove two; the rest are still found, the removed are not.
        for gone in [ids[1], ids[3]] {
            Edit::RemoveHighlight(gone).apply(&mut set).unwrap();
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(set.highlight(*id).is_some(), i != 1 && i != 3, "{i}");
        }
        // A set built from parts indexes its highlights too.
        let rebuilt = NoteSet::from_parts(
            set.sources().to_vec(),
            set.topics().to_vec(),
            set.highlights().to_vec(),
            String::new(),
            Vec::new(),
        );
        assert!(
            ids.iter()
                .all(|id| rebuilt.highlight(*id).is_some() == set.highlight(*id).is_some())
        );
    }
}
