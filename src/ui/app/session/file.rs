//! What the window does with the note set's file: new, open, save, save as, merge,
//! recent files, and the unsaved-changes prompt. A child of `session.rs`, so it may set
//! the session's fields as these steps need.

use super::{HintOffer, Pending, RECENT_COUNT, SAVE_WAIT, Session, UNTITLED};
use crate::core::document::Document;
use crate::core::persist::{self, NoteSetFile, OnDisk};
use crate::core::study::Study;
use crate::core::study::merge::merge;
use crate::core::study::note_set::NoteSet;
use crate::ui::action::{DiskChoice, MissingDocumentChoice, PromptChoice};
use crate::ui::app::{MarginaliaApp, NoticeKind, STATUS_SECONDS, SideTab};
use crate::ui::system::dialogs::{DialogPurpose, PendingDialog};
use std::path::{Path, PathBuf};

impl MarginaliaApp {
    /// True when the note set has changes that are not saved.
    pub fn is_dirty(&self) -> bool {
        self.session.is_dirty()
    }

    /// The note set as it is now.
    pub fn notes(&self) -> &NoteSet {
        self.study.set()
    }

    /// The note set with its undo history.
    pub fn study(&self) -> &Study {
        &self.study
    }

    /// The document being read.
    pub fn document(&self) -> &Document {
        self.workspace.document()
    }

    /// The note set's file: its path, title and saved state.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// What is on screen.
    pub fn view(&self) -> &crate::ui::app::View {
        &self.view
    }

    /// What is on screen, to change as a user would (tests, a start position).
    pub fn view_mut(&mut self) -> &mut crate::ui::app::View {
        &mut self.view
    }

    /// Each panel's state: the reader's place and selection, the tool windows.
    pub fn panels(&self) -> &crate::ui::app::PanelStates {
        &self.panels
    }

    /// Each panel's state, to change as a user would (tests).
    pub fn panels_mut(&mut self) -> &mut crate::ui::app::PanelStates {
        &mut self.panels
    }

    /// The user's preferences.
    pub fn prefs(&self) -> &crate::ui::system::prefs::Preferences {
        &self.prefs
    }

    /// Does `pending` now, or asks first if there are unsaved changes.
    pub(in crate::ui::app) fn after_prompt(&mut self, ctx: &egui::Context, pending: Pending) {
        // Any unsaved change asks, even one that emptied the set: the file still has what
        // the user deleted, and might want to keep that deletion.
        if self.is_dirty() {
            self.session.pending = Some(pending);
        } else {
            self.carry_out(ctx, pending);
        }
    }

    fn carry_out(&mut self, ctx: &egui::Context, pending: Pending) {
        match pending {
            Pending::Close => {
                self.discard_recovery();
                self.session.closing = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Pending::NewSet => {
                self.replace_notes(NoteSet::new(), None, UNTITLED.into());
                self.discard_recovery();
            }
            Pending::OpenSet(path) => self.open_note_set(ctx, &path, false),
        }
    }

    /// The answer to "Save changes?".
    pub(in crate::ui::app) fn answer_prompt(&mut self, ctx: &egui::Context, choice: PromptChoice) {
        let Some(pending) = self.session.pending.take() else {
            return;
        };
        match choice {
            PromptChoice::Cancel => {}
            PromptChoice::Discard => self.carry_out(ctx, pending),
            PromptChoice::Save => {
                // Without a file yet, save into the note-sets folder under the title.
                let path = self
                    .session
                    .path
                    .clone()
                    .unwrap_or_else(|| self.session.suggested_path());
                if self.save_to(ctx, &path) {
                    self.carry_out(ctx, pending);
                }
            }
        }
    }

    /// Puts a set in place as the current one, saved as it is. Everything that belonged
    /// to the set before (filter, opened folds, selection, conflicts, its file) goes with
    /// it.
    pub(in crate::ui::app) fn replace_notes(
        &mut self,
        set: NoteSet,
        path: Option<PathBuf>,
        title: String,
    ) {
        self.study.replace(set);
        self.view.start_afresh();
        self.session.conflicts.clear();
        self.session.path = path;
        self.session.disk_stamp = None;
        self.session.title = title;
        self.session.start_clean();
        self.workspace.replace_library(Default::default());
        self.sync_library();
    }

    /// The set as a file to be saved at `path`: each source's path hint names its file
    /// from there (relative when it is near, see [`persist::path_hint`]): the file its
    /// text was read from when it is open, else the hint it had, from where the set was.
    pub(in crate::ui::app) fn as_file(&self, path: Option<&Path>) -> NoteSetFile {
        let mut set = self.study.set().clone();
        let old_folder = (self.session.path.as_deref())
            .and_then(Path::parent)
            .map(Path::to_path_buf);
        let ids: Vec<_> = set.sources().iter().map(|r| r.id).collect();
        for id in ids {
            let read_from = self
                .workspace
                .library()
                .document(id)
                .map(crate::core::source::file_of);
            set = set.map_source(id, |record| {
                let file = read_from.or_else(|| {
                    let hint = record.path_hint.as_deref()?;
                    Some(match &old_folder {
                        Some(folder) => persist::hint_path(hint, folder),
                        None => PathBuf::from(hint),
                    })
                });
                record.path_hint = file.map(|f| match path {
                    Some(p) => persist::path_hint(&f, p),
                    // No file yet (a recovery copy of a set never saved): a hint that
                    // does not depend on where the program was started.
                    None => std::fs::canonicalize(&f)
                        .unwrap_or(f)
                        .to_string_lossy()
                        .into_owned(),
                });
            });
        }
        NoteSetFile::new(self.session.title.clone(), set)
    }

    /// Saves to `path`; true on success. A failure is reported and the notes stay open
    /// and unsaved.
    pub(in crate::ui::app) fn save_to(&mut self, ctx: &egui::Context, path: &Path) -> bool {
        self.save_checked(ctx, path, false)
    }

    /// Saves to `path`; unless `overwrite`, first checks that the set's own file is as it
    /// was read or last written here, and asks when another program changed or removed it.
    pub(in crate::ui::app) fn save_checked(
        &mut self,
        ctx: &egui::Context,
        path: &Path,
        overwrite: bool,
    ) -> bool {
        // The set's own file is checked against what it held when read or last written
        // here, under the lock other writers take, so no other program's save between
        // the check and this one is lost.
        let expect = match &self.session.disk_stamp {
            Some(stamp) if !overwrite && self.session.path.as_deref() == Some(path) => {
                persist::Expect::Unchanged(stamp)
            }
            _ => persist::Expect::Anything,
        };
        if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty())
            && let Err(e) = std::fs::create_dir_all(folder)
        {
            self.notify(format!(
                "Cannot create the folder {}: {e}. The notes are still open and unsaved.",
                folder.display()
            ));
            return false;
        }
        let lock = match persist::lock::WriteLock::acquire(path, SAVE_WAIT) {
            Ok(lock) => lock,
            Err(e) => {
                self.notify(format!("{e} The notes are still open and unsaved."));
                return false;
            }
        };
        let file = self.as_file(Some(path));
        match persist::save_expecting(path, &file, expect, &lock) {
            Ok(stamp) => {
                self.session.path = Some(path.to_path_buf());
                self.session.disk_stamp = Some(stamp);
                self.session.disk_conflict = None;
                self.session.mark_saved();
                self.session.listing_stale = true;
                self.remember_recent(path);
                self.discard_recovery();
                self.say(ctx, format!("Saved {}", path.display()));
                true
            }
            Err(persist::NoteSetError::Changed { .. }) => {
                self.session.disk_conflict = Some((path.to_path_buf(), OnDisk::Changed));
                false
            }
            Err(persist::NoteSetError::Gone { .. }) => {
                self.session.disk_conflict = Some((path.to_path_buf(), OnDisk::Missing));
                false
            }
            Err(e) => {
                self.notify(format!("{e} The notes are still open and unsaved."));
                false
            }
        }
    }

    /// Save: to the set's file; a set never saved is first given a name, in the window
    /// (where "Choose a file…" opens the system's dialog for another folder).
    pub(in crate::ui::app) fn save(&mut self, ctx: &egui::Context) {
        match self.session.path.clone() {
            Some(path) => {
                self.save_to(ctx, &path);
            }
            None => self.session.naming = true,
        }
    }

    /// The answer to the naming question: the set takes `title` and is saved into the
    /// note-sets folder under a file named after it.
    pub(in crate::ui::app) fn save_named(&mut self, ctx: &egui::Context, title: String) {
        self.session.naming = false;
        let title = title.trim().to_string();
        if !title.is_empty() && title != self.session.title {
            self.session.title = title;
            self.session.record_change(ctx.input(|i| i.time));
        }
        let path = self.session.suggested_path();
        self.save_to(ctx, &path);
    }

    /// Save as: a dialog where there is one; else a new file in the note-sets folder.
    pub(in crate::ui::app) fn save_as(&mut self, ctx: &egui::Context) {
        if self.runtime.dialog.is_none() {
            let suggested = self.session.suggested_path();
            let name = suggested
                .file_name()
                .map(|n| n.to_string_lossy().into_owned());
            self.runtime.dialog = Some(PendingDialog::show(
                ctx,
                DialogPurpose::SaveNoteSetAs,
                Some(self.session.saves_dir.clone()),
                name,
            ));
        }
    }

    /// Opens the note set at `path`, with its document (found by path hint or fingerprint,
    /// or the open document if the texts match), re-anchoring if the text differs. With
    /// `here`, it is attached to the open document whatever its text.
    pub(in crate::ui::app) fn open_note_set(
        &mut self,
        ctx: &egui::Context,
        path: &Path,
        here: bool,
    ) {
        if crate::ui::app::loading::is_large(path) {
            self.runtime.loading = Some(crate::ui::app::loading::Loading::note_set(
                ctx,
                self.workspace.document().clone(),
                path.to_path_buf(),
                here,
            ));
            return;
        }
        match crate::ui::app::loading::prepare_note_set(self.workspace.document(), path, here) {
            Ok(prepared) => self.show_note_set(prepared),
            Err(error) => self.set_not_opened(error),
        }
    }

    /// Says why a set was not opened; when its path hint names a file with another text,
    /// asks whether to use that file (a note set alone never opens it).
    pub(in crate::ui::app) fn set_not_opened(&mut self, error: persist::OpenError) {
        match error {
            persist::OpenError::DocumentNotFound { set, missing } => {
                self.session.hint_offer = Some(HintOffer { set, missing });
            }
            other => self.notify(other.to_string()),
        }
    }

    /// The answer to "use the file the note set points to?": open that file as the
    /// document (the user named it now) and re-anchor the set to it, or say what was not
    /// opened.
    pub(in crate::ui::app) fn open_with_hinted_document(
        &mut self,
        ctx: &egui::Context,
        answer: Option<MissingDocumentChoice>,
    ) {
        let Some(offer) = self.session.hint_offer.take() else {
            return;
        };
        match (answer, &offer.missing.hint) {
            (Some(MissingDocumentChoice::HintedFile), Some(hint)) => match Document::open(hint) {
                Ok(doc) => {
                    self.open_document(doc);
                    self.open_note_set(ctx, &offer.set, true);
                }
                Err(e) => self.notify(e.to_string()),
            },
            (Some(MissingDocumentChoice::OpenDocument), _) => {
                self.open_note_set(ctx, &offer.set, true)
            }
            _ => self.notify(format!(
                "{} was not opened: {}.",
                offer.set.display(),
                offer.missing
            )),
        }
    }

    /// Puts a read and fitted note set (and its document) in place.
    pub(in crate::ui::app) fn show_note_set(
        &mut self,
        prepared: crate::ui::app::loading::PreparedSet,
    ) {
        let crate::ui::app::loading::PreparedSet {
            path,
            document,
            set,
            report,
            title,
            stamp: prepared_stamp,
            library,
            missing,
        } = prepared;
        self.replace_notes(set, Some(path.clone()), title);
        self.workspace.replace_library(library);
        if let Some(doc) = document {
            // A document of a volume the study reads opens with its volume.
            let source = self
                .study
                .set()
                .source_of(&doc)
                .and_then(|r| self.workspace.library().get(r.id))
                .map(|l| l.to_source())
                .unwrap_or(crate::core::source::Source::Text(doc));
            self.open_source(source);
        }
        // The open document without a sidecar still cites as the set recorded.
        if let Some(record) = self
            .study
            .set()
            .source_of(self.workspace.document())
            .cloned()
        {
            self.workspace.fill_missing_info(
                &record.fingerprint,
                record.citation.as_deref(),
                record.url.as_deref(),
            );
        }
        self.sync_library();
        if !missing.is_empty() {
            self.notify(format!(
                "{} of the study's documents {} not found; their highlights are kept as saved: {}",
                missing.len(),
                if missing.len() == 1 { "was" } else { "were" },
                missing.join("; ")
            ));
        }
        self.session.disk_stamp = Some(prepared_stamp);
        self.remember_recent(&path);
        if report.exact != report.total() {
            self.inform(
                format!(
                    "{} was made on another version of this text. Re-anchored: {}.",
                    path.display(),
                    report.summary()
                ),
                NoticeKind::Info,
            );
        }
        if report.unplaced() > 0 {
            self.view.show_side_tab(SideTab::Highlights);
        }
    }

    /// Merges the set at `path` into the current one, as one undoable step.
    pub(in crate::ui::app) fn merge_note_set(&mut self, ctx: &egui::Context, path: &Path) {
        let (file, text) = match persist::load(path) {
            Ok(loaded) => loaded,
            Err(e) => {
                self.notify(e.to_string());
                return;
            }
        };
        // The other set's sources are fitted to the texts at hand: this study's (the
        // same text is the same source) and those found from the other set.
        let on = persist::OpenOn::Own {
            current: Some(self.workspace.document()),
        };
        let (other, other_library) =
            match persist::fit_note_set(file, &text, path, on, &Default::default()) {
                Ok(opened) => (opened.set, opened.library),
                Err(e) => {
                    self.notify(e.to_string());
                    return;
                }
            };
        let (edit, report) = merge(self.study.set(), &other);
        let summary = report.summary();
        self.edit(ctx, edit, None);
        // The texts of documents the other study brought.
        for (id, doc) in other_library.iter() {
            if let Some(ours) = self.study.set().source_of(doc).map(|r| r.id)
                && self.workspace.library().get(ours).is_none()
                && let Some(loaded) = other_library.get(id)
            {
                self.workspace.insert_text(ours, loaded.clone());
            }
        }
        self.session.conflicts = report.conflicts;
        self.say(ctx, format!("Merged {}: {summary}", path.display()));
    }

    fn remember_recent(&mut self, path: &Path) {
        let path = path.to_string_lossy().into_owned();
        self.prefs.recent.retain(|p| *p != path);
        self.prefs.recent.insert(0, path);
        self.prefs.recent.truncate(RECENT_COUNT);
    }

    /// Shows `message` in the status bar for a few seconds.
    pub(in crate::ui::app) fn say(&mut self, ctx: &egui::Context, message: String) {
        let until = ctx.input(|i| i.time) + STATUS_SECONDS;
        self.view.set_status(message, until);
    }

    /// Carries out the answer to "changed on disk".
    pub(in crate::ui::app) fn resolve_disk_conflict(
        &mut self,
        ctx: &egui::Context,
        choice: DiskChoice,
    ) {
        let Some((path, _)) = self.session.disk_conflict.take() else {
            return;
        };
        match choice {
            DiskChoice::Overwrite => {
                self.save_checked(ctx, &path, true);
            }
            DiskChoice::MergeFirst => {
                // What is on disk now becomes part of this set; the next save may replace
                // the file, since nothing in it is left out.
                let stamp = persist::DiskStamp::read(&path).ok().flatten();
                self.merge_note_set(ctx, &path);
                self.session.disk_stamp = stamp;
            }
            DiskChoice::Cancel => {}
        }
    }

    /// The note sets in the saves folder, read again when they may have changed.
    pub(in crate::ui::app) fn refresh_listing(&mut self) {
        if self.session.listing_stale {
            self.session.listing = persist::list_folder(&self.session.saves_dir);
            self.session.listing_stale = false;
        }
    }

    /// Marks the listing for re-reading (after a save, or on request).
    pub(in crate::ui::app) fn listing_changed(&mut self) {
        self.session.listing_stale = true;
    }
}
