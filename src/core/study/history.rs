//! Undo and redo: a stack of inverse edits, each with the words a menu shows.

use crate::core::study::edit::{Edit, EditError};
use crate::core::study::highlight::HighlightId;
use crate::core::study::note_set::NoteSet;

/// Seconds within which typing into the same note stays one undo step.
pub const COALESCE_SECONDS: f64 = 2.0;

/// What a burst of edits is about: edits with the same key, close in time, undo together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coalesce {
    Note(HighlightId),
    /// Typing in the note on one source.
    SourceNote(crate::core::study::source::SourceId),
    StudyNote,
    CitationTemplate(crate::core::study::source::SourceId),
}

#[derive(Debug, Clone)]
struct Entry {
    label: String,
    edit: Edit,
    coalesce: Option<Coalesce>,
    at: f64,
}

/// The undo and redo stacks of one note set.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
}

impl History {
    /// Applies `edit` to `set` and records how to undo it, under the edit's own label
    /// ("Delete highlight"). An edit with the same `coalesce` key as the previous one,
    /// within [`COALESCE_SECONDS`] (`now` in seconds, any clock), joins its undo step.
    pub fn apply(
        &mut self,
        set: &mut NoteSet,
        edit: Edit,
        coalesce: Option<Coalesce>,
        now: f64,
    ) -> Result<(), EditError> {
        let label = edit.label().to_string();
        let inverse = edit.apply(set)?;
        self.redo.clear();
        if let (Some(key), Some(last)) = (coalesce, self.undo.last_mut())
            && last.coalesce == Some(key)
            && now - last.at <= COALESCE_SECONDS
        {
            // The older inverse already restores the state before the burst.
            last.at = now;
            return Ok(());
        }
        self.undo.push(Entry {
            label: label.to_string(),
            edit: inverse,
            coalesce,
            at: now,
        });
        Ok(())
    }

    /// Undoes the last step; returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self, set: &mut NoteSet) -> Result<Option<String>, EditError> {
        Self::step(set, &mut self.undo, &mut self.redo)
    }

    /// Redoes the last undone step; returns its label.
    pub fn redo(&mut self, set: &mut NoteSet) -> Result<Option<String>, EditError> {
        Self::step(set, &mut self.redo, &mut self.undo)
    }

    fn step(
        set: &mut NoteSet,
        from: &mut Vec<Entry>,
        to: &mut Vec<Entry>,
    ) -> Result<Option<String>, EditError> {
        let Some(entry) = from.pop() else {
            return Ok(None);
        };
        match entry.edit.clone().apply(set) {
            Ok(inverse) => {
                let label = entry.label.clone();
                to.push(Entry {
                    edit: inverse,
                    coalesce: None,
                    ..entry
                });
                Ok(Some(label))
            }
            Err(e) => {
                from.push(entry);
                Err(e)
            }
        }
    }

    /// Ends the current burst of typing: the next edit starts a new undo step.
    pub fn seal(&mut self) {
        if let Some(last) = self.undo.last_mut() {
            last.coalesce = None;
        }
    }

    /// The label of the step Undo would take back.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|e| e.label.as_str())
    }

    /// The label of the step Redo would do again.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|e| e.label.as_str())
    }

    /// Forgets both stacks (a different note set was opened).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}
