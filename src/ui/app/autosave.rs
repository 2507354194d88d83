//! Unsaved work kept safe: the recovery copy written a moment after each change and at a
//! panic, offered back at the next start.

use super::session::*;
use super::*;
use crate::core::persist::{self, NoteSetFile, recovery};

impl MarginaliaApp {
    pub(super) fn discard_recovery(&mut self) {
        if let Some(folder) = &self.session.recovery_dir {
            recovery::clear(folder);
        }
    }

    /// Offers back unsaved work found at start.
    pub(super) fn look_for_recovery(&mut self) {
        let Some(folder) = self.session.recovery_dir.clone() else {
            return;
        };
        match recovery::read(&folder) {
            None => {}
            Some(Ok(found)) => self.session.recovery_offer = Some(found),
            Some(Err(e)) => self.view.notices.push(Notice::problem(format!("Unsaved work was kept after a crash but cannot be read ({e}). The file is left where it is."))),
        }
    }

    /// Restores the offered unsaved work.
    pub(super) fn restore_recovery(&mut self) {
        let Some(found) = self.session.recovery_offer.take() else {
            return;
        };
        let file = found.file;
        let origin = file.recovery_of.as_ref().map(PathBuf::from);
        let at = origin
            .clone()
            .unwrap_or_else(|| self.session.saves_dir.join("recovered.ron"));
        let text = file.to_ron();
        let title = file.title.clone();
        let on = persist::OpenOn::Own {
            current: Some(&self.document),
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
        self.library = opened.library;
        if let Some(doc) = opened.found {
            let source = (self.study.set().source_of(&doc))
                .and_then(|r| self.library.get(r.id))
                .map(|l| l.to_source())
                .unwrap_or(crate::core::source::Source::Text(doc));
            self.open_source(source);
        }
        self.sync_library();
        // Restored work is not saved yet.
        self.session.mark_unsaved();
    }

    /// Drops the offered unsaved work.
    pub(super) fn discard_offered_recovery(&mut self) {
        self.session.recovery_offer = None;
        self.discard_recovery();
    }

    /// Writes the recovery copy once the set has been quiet for a moment.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let Some(folder) = self.session.recovery_dir.clone() else {
            return;
        };
        if !self.is_dirty() || self.session.autosave_is_current() {
            return;
        }
        let now = ctx.input(|i| i.time);
        let wait = self.session.last_change + AUTOSAVE_AFTER - now;
        if wait > 0.0 {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
            return;
        }
        match recovery::write(&folder, &self.recovery_file()) {
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
        let mut file = self.as_file(self.session.path.clone().as_deref());
        file.recovery_of = self
            .session
            .path
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned());
        file
    }

    /// After a panic in a frame: writes the recovery copy now (without waiting for the
    /// set to be quiet), then says what happened and where the notes are.
    pub(super) fn after_panic(&mut self, ctx: &egui::Context, message: &str) {
        let saved = match self.session.recovery_dir.clone() {
            Some(folder) if self.is_dirty() => {
                let written = format!(
                    "Your unsaved notes were written to {}; they will be offered back at the next start.",
                    recovery::recovery_path(&folder).display()
                );
                // A panic that recurs every frame writes the copy once per change, not
                // once per frame.
                if self.session.autosave_is_current() && recovery::recovery_path(&folder).exists() {
                    written
                } else {
                    match recovery::write(&folder, &self.recovery_file()) {
                        Ok(()) => {
                            self.session.mark_autosaved();
                            written
                        }
                        Err(e) => {
                            format!("Writing the recovery copy failed too ({e}): save now.")
                        }
                    }
                }
            }
            Some(_) => "There were no unsaved changes.".to_string(),
            None => "Save your notes now.".to_string(),
        };
        let notice = format!(
            "Marginalia ran into an internal error and skipped drawing a frame ({message}). {saved}"
        );
        // The same failure in every frame is reported once.
        if !self.view.notices.iter().any(|n| n.text == notice) {
            self.notify(notice);
        }
        ctx.request_repaint();
    }
}
