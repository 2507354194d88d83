//! Unsaved work kept safe: the recovery copy written a moment after each change and at a
//! panic, offered back at the next start.

use super::session::*;
use super::{MarginaliaApp, Notice};
use crate::core::persist::recovery;
use crate::core::persist::{self, NoteSetFile};
use std::path::PathBuf;

impl MarginaliaApp {
    /// Removes this window's recovery copy (its work is saved, or was discarded).
    pub(super) fn discard_recovery(&mut self) {
        if let Some(slot) = self.session.recovery_slot() {
            slot.clear();
        }
    }

    /// Offers back unsaved work that windows which died left behind; never a live
    /// window's.
    pub(super) fn look_for_recovery(&mut self) {
        let Some(folder) = self.session.recovery_folder() else {
            return;
        };
        for orphan in recovery::orphans(&folder) {
            match &orphan.found {
                Ok(_) => self.session.queue_recovery(orphan),
                Err(e) => self.view.notify(Notice::problem(format!(
                    "Unsaved work was kept after a crash but cannot be read ({e}). The file is left where it is: {}",
                    orphan.path.display()
                ))),
            }
        }
        self.offer_next_recovery();
    }

    /// Puts the next kept copy up for the question, once nothing in the window would be
    /// lost by restoring it (the work in it is saved).
    pub(super) fn offer_next_recovery(&mut self) {
        let saved = !self.is_dirty();
        self.session.offer_next_recovery(saved);
    }

    /// Restores the offered unsaved work.
    pub(super) fn restore_recovery(&mut self) {
        let Some(orphan) = self.session.take_recovery_offer() else {
            return;
        };
        let Ok(found) = &orphan.found else {
            return;
        };
        let file = found.file.clone();
        let origin = file.recovery_of.as_ref().map(PathBuf::from);
        let at = origin
            .clone()
            .unwrap_or_else(|| self.session.saves_dir().join("recovered.ron"));
        let text = file.to_ron();
        let title = file.title.clone();
        let on = persist::OpenOn::Own {
            current: Some(self.workspace.document()),
        };
        let opened = match persist::fit_note_set(file, &text, &at, on, &Default::default()) {
            Ok(opened) => opened,
            Err(e) => {
                self.notify(format!(
                    "The unsaved work could not be restored ({e}); the recovery file is kept."
                ));
                return;
            }
        };
        self.replace_notes(opened.set, origin, title);
        self.workspace.replace_library(opened.library);
        if let Some(doc) = opened.found {
            let source = (self.study.set().source_of(&doc))
                .and_then(|r| self.workspace.library().get(r.id))
                .map(|l| l.to_source())
                .unwrap_or(crate::core::source::Source::Text(doc));
            self.open_source(source);
        }
        self.sync_library();
        // Restored work is not saved yet. It goes into this window's own copy at once;
        // only then is the dead window's copy removed.
        self.session.mark_unsaved();
        let file = self.recovery_file();
        let written = match self.session.recovery_slot() {
            Some(slot) => slot.write(&file).map_err(|e| e.to_string()),
            None => Err("autosave is off".to_string()),
        };
        match written {
            Ok(()) => {
                self.session.mark_autosaved();
                orphan.discard();
            }
            Err(e) => self.notify(format!(
                "The restored work could not be copied for safe keeping ({e}); the copy it came from is kept at {}. Save now.",
                orphan.path.display()
            )),
        }
    }

    /// Drops the offered unsaved work.
    pub(super) fn discard_offered_recovery(&mut self) {
        if let Some(orphan) = self.session.take_recovery_offer() {
            orphan.discard();
        }
        self.offer_next_recovery();
    }

    /// Writes the recovery copy once the set has been quiet for a moment.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        if !self.session.autosaves() {
            return;
        }
        if !self.is_dirty() || self.session.autosave_is_current() {
            return;
        }
        let now = ctx.input(|i| i.time);
        let wait = self.session.last_change() + AUTOSAVE_AFTER - now;
        if wait > 0.0 {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
            return;
        }
        let file = self.recovery_file();
        let Some(slot) = self.session.recovery_slot() else {
            return;
        };
        match slot.write(&file) {
            Ok(()) => self.session.mark_autosaved(),
            Err(e) => {
                // Reported once per change; the user's own file is untouched either way.
                self.session.mark_autosaved();
                self.notify(format!("Autosave failed: {e}"));
            }
        }
    }

    /// The set as a recovery copy: as it would be saved, naming the file it belongs to.
    pub(super) fn recovery_file(&self) -> NoteSetFile {
        let mut file = self.as_file(self.session.path());
        file.recovery_of = (self.session.path()).map(|p| p.to_string_lossy().into_owned());
        file
    }

    /// After a panic in a frame: writes the recovery copy now (without waiting for the
    /// set to be quiet), then says what happened and where the notes are.
    pub(super) fn after_panic(&mut self, ctx: &egui::Context, message: &str) {
        let dirty = self.is_dirty();
        let written_already = self.session.recovery_written();
        let file = (dirty && !written_already).then(|| self.recovery_file());
        let saved = match self.session.recovery_slot() {
            Some(slot) if dirty => {
                let written = format!(
                    "Your unsaved notes were written to {}; they will be offered back at the next start.",
                    slot.path().display()
                );
                // A panic that recurs every frame writes the copy once per change, not
                // once per frame.
                match file {
                    None => written,
                    Some(file) => match slot.write(&file) {
                        Ok(()) => {
                            self.session.mark_autosaved();
                            written
                        }
                        Err(e) => {
                            format!("Writing the recovery copy failed too ({e}): save now.")
                        }
                    },
                }
            }
            Some(_) => "There were no unsaved changes.".to_string(),
            None => "Save your notes now.".to_string(),
        };
        let notice = format!(
            "Marginalia ran into an internal error and skipped drawing a frame ({message}). {saved}"
        );
        // The same failure in every frame is reported once.
        if !self.view.notices().iter().any(|n| n.text == notice) {
            self.notify(notice);
        }
        ctx.request_repaint();
    }
}
