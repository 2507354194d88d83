//! A note set being worked on: the set, its undo history, and a count of its changes.
//!
//! Every change to the set goes through here, so the history always holds the way back
//! and [`Study::revision`] always tells views built from the set (a laid-out paragraph,
//! the highlights list) that they are stale. Whether the set is saved is the file's
//! business, not this: renaming the file changes no highlight.

pub mod anchor;
pub mod citation;
pub mod edit;
pub mod filter;
pub mod fold;
pub mod highlight;
pub mod history;
pub mod merge;
pub mod note_set;
pub mod source;
pub mod spans;
pub mod topic;

use crate::core::study::edit::{Edit, EditError};
use crate::core::study::history::{Coalesce, History};
use crate::core::study::note_set::NoteSet;

/// The note set being worked on, with its history.
#[derive(Debug, Clone, Default)]
pub struct Study {
    set: NoteSet,
    history: History,
    revision: u64,
}

impl Study {
    /// A study of `set`, with nothing to undo.
    pub fn new(set: NoteSet) -> Self {
        Study {
            set,
            history: History::default(),
            revision: 0,
        }
    }

    /// The note set as it is now.
    pub fn set(&self) -> &NoteSet {
        &self.set
    }

    /// What Undo and Redo would do.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Counts every change to the set (never the same number for two different states
    /// reached by edits, undo or redo): what views built from the set are keyed by.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Applies `edit`, recorded for undo under its label; edits with the same `coalesce`
    /// key close in time (`now`, seconds) undo together. A refused edit changes nothing.
    pub fn apply(
        &mut self,
        edit: Edit,
        coalesce: Option<Coalesce>,
        now: f64,
    ) -> Result<(), EditError> {
        self.history.apply(&mut self.set, edit, coalesce, now)?;
        self.revision += 1;
        Ok(())
    }

    /// Takes back the last step; its label, or `None` when there was nothing to undo.
    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        let label = self.history.undo(&mut self.set)?;
        if label.is_some() {
            self.revision += 1;
        }
        Ok(label)
    }

    /// Does the last undone step again; its label, or `None`.
    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        let label = self.history.redo(&mut self.set)?;
        if label.is_some() {
            self.revision += 1;
        }
        Ok(label)
    }

    /// Ends a burst of typing: the next edit is an undo step of its own.
    pub fn seal(&mut self) {
        self.history.seal();
    }

    /// Puts another set in place (opened, restored, started afresh): nothing to undo.
    pub fn replace(&mut self, set: NoteSet) {
        self.set = set;
        self.history.clear();
        self.revision += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::document::Document;
    use crate::core::text::{CharOffset, CharRange};
    use crate::core::time::Timestamp;

    #[test]
    fn every_change_counts_and_undo_returns_to_the_start() {
        let doc = Document::seed();
        let mut study = Study::default();
        let start = study.set().clone();
        let range = CharRange::new(CharOffset(10), CharOffset(20));
        let (edit, id) =
            Edit::create_highlight(study.set(), &doc, range, vec![], Timestamp(1)).unwrap();
        study.apply(edit, None, 0.0).unwrap();
        assert_eq!(study.revision(), 1);
        let note = |text: &str| Edit::SetNote {
            highlight: id,
            note: text.into(),
            modified: Timestamp(2),
        };
        let key = Some(Coalesce::Note(id));
        study.apply(note("a"), key, 1.0).unwrap();
        study.apply(note("ab"), key, 1.5).unwrap();
        assert_eq!(study.revision(), 3, "each keystroke is a change");
        assert_eq!(study.history().undo_label(), Some("Edit note"));
        assert_eq!(study.undo().unwrap().as_deref(), Some("Edit note"));
        assert_eq!(study.set().highlight(id).map(|h| h.note.as_str()), Some(""));
        assert_eq!(study.undo().unwrap().as_deref(), Some("Create highlight"));
        assert_eq!(study.set(), &start);
        assert_eq!(study.undo().unwrap(), None, "nothing left to undo");
        assert_eq!(
            study.revision(),
            5,
            "an undo that does nothing is no change"
        );
        assert_eq!(study.redo().unwrap().as_deref(), Some("Create highlight"));
        // A refused edit (a note on a highlight the set does not have) changes neither
        // the set nor the count.
        let (_, stranger) =
            Edit::create_highlight(study.set(), &doc, range, vec![], Timestamp(3)).unwrap();
        let before = (study.set().clone(), study.revision());
        let refused = Edit::SetNote {
            highlight: stranger,
            note: "x".into(),
            modified: Timestamp(4),
        };
        assert!(study.apply(refused, None, 9.0).is_err());
        assert_eq!((study.set().clone(), study.revision()), before);
        study.replace(NoteSet::new());
        assert_eq!(study.history().undo_label(), None);
        assert_eq!(study.revision(), 7);
    }
}
