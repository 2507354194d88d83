//! The note set as a file: new, open, save, save as, merge, recent files, and the
//! unsaved-changes prompt. (Autosave and recovery: `autosave.rs`; what the window shows
//! of all this: `session_panels.rs`.)

use super::{MarginaliaApp, NoticeKind, STATUS_SECONDS, SideTab};
use crate::core::document::Document;
use crate::core::persist::recovery::{Orphan, Slot};
use crate::core::persist::{self, DiskStamp, NoteSetFile, NoteSetSummary, OnDisk};
use crate::core::study::Study;
use crate::core::study::merge::{Conflict, merge};
use crate::core::study::note_set::NoteSet;
use crate::ui::action::{DiskChoice, MissingDocumentChoice, PromptChoice};
use crate::ui::system::dialogs::{DialogPurpose, PendingDialog};
use std::path::{Path, PathBuf};

/// Seconds of quiet after a change before the recovery copy is written.
pub(super) const AUTOSAVE_AFTER: f64 = 1.0;
/// How long a save waits for another program writing in the same folder.
const SAVE_WAIT: std::time::Duration = std::time::Duration::from_secs(3);
/// How many recent note sets the File menu remembers.
const RECENT_COUNT: usize = 10;
/// The title of a note set that has not been named.
pub const UNTITLED: &str = "Untitled reading";

/// What waits for the user's answer to "Save changes?".
#[derive(Debug, Clone)]
pub enum Pending {
    Close,
    NewSet,
    OpenSet(PathBuf),
}

/// The note set's life as a file.
#[derive(Debug)]
pub struct Session {
    /// Where the set is saved; `None` until the first save.
    path: Option<PathBuf>,
    title: String,
    /// Counts changes to what a save writes: the set's content and the title.
    changes: u64,
    /// `changes` when the set was last saved or opened.
    saved_changes: u64,
    /// The folder the Note sets panel lists and new sets are saved in.
    saves_dir: PathBuf,
    /// This window's own recovery copy; `None` turns autosave off (tests, screenshots).
    recovery: Option<Slot>,
    /// `changes` when the recovery copy was last written.
    autosaved_changes: u64,
    /// When the set last changed (egui time, seconds).
    last_change: f64,
    /// The Note sets panel's list, read again when stale.
    listing: Vec<NoteSetSummary>,
    listing_stale: bool,
    /// An action waiting for "Save changes?".
    pending: Option<Pending>,
    /// Unsaved work a window that died left, offered back: the one asked about now.
    recovery_offer: Option<Orphan>,
    /// More such copies, offered one at a time once the work in the window is saved.
    recovery_queue: Vec<Orphan>,
    /// Highlights changed on both sides of the last merge.
    conflicts: Vec<Conflict>,
    /// The user chose to close without saving.
    closing: bool,
    /// What the set's file held when it was last read or written here.
    disk_stamp: Option<DiskStamp>,
    /// A save stopped because the file changed or went away since: the question shown.
    disk_conflict: Option<(PathBuf, OnDisk)>,
    /// A set's path hint names a file with another text: asking whether to use it.
    hint_offer: Option<HintOffer>,
    /// Asking, in the window, what to call a set saved for the first time.
    naming: bool,
}

/// A note set whose document was not found: the question which document to use. The
/// file its path hint names (whose text differs) is offered, never opened unasked.
#[derive(Debug, Clone)]
pub struct HintOffer {
    pub set: PathBuf,
    pub missing: persist::DocumentNotFound,
}

impl Session {
    /// A session saving into `saves_dir`, autosaving into `recovery_dir` if given.
    pub fn new(saves_dir: PathBuf, recovery_dir: Option<PathBuf>) -> Self {
        Session {
            path: None,
            title: UNTITLED.into(),
            changes: 0,
            saved_changes: 0,
            saves_dir,
            recovery: recovery_dir.as_deref().map(Slot::new),
            autosaved_changes: 0,
            last_change: 0.0,
            listing: Vec::new(),
            listing_stale: true,
            pending: None,
            recovery_offer: None,
            recovery_queue: Vec::new(),
            conflicts: Vec::new(),
            closing: false,
            disk_stamp: None,
            disk_conflict: None,
            hint_offer: None,
            naming: false,
        }
    }

    /// Where the set is saved; `None` until its first save.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The set's title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Gives the set `title`; true when that changed it (a change to record).
    pub(super) fn set_title(&mut self, title: String) -> bool {
        let changed = title != self.title;
        self.title = title;
        changed
    }

    /// The change count when the set was last saved or opened.
    pub fn saved_changes(&self) -> u64 {
        self.saved_changes
    }

    /// The folder the Note sets panel lists and new sets are saved in.
    pub fn saves_dir(&self) -> &Path {
        &self.saves_dir
    }

    /// Lists and saves sets in `folder` from now on.
    pub(super) fn set_saves_dir(&mut self, folder: PathBuf) {
        self.saves_dir = folder;
    }

    /// The note sets in the folder, as last read.
    pub fn listing(&self) -> &[NoteSetSummary] {
        &self.listing
    }

    /// Highlights changed on both sides of the last merge, still to review.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// Takes conflict `i` off the list (it was resolved or kept as it is).
    pub(super) fn take_conflict(&mut self, i: usize) -> Option<Conflict> {
        (i < self.conflicts.len()).then(|| self.conflicts.remove(i))
    }

    /// Whether the window is asking what to call a set saved for the first time.
    pub fn is_naming(&self) -> bool {
        self.naming
    }

    /// Starts or stops asking for a name.
    pub(super) fn set_naming(&mut self, naming: bool) {
        self.naming = naming;
    }

    /// Whether the user chose to close without saving.
    pub fn is_closing(&self) -> bool {
        self.closing
    }

    /// What waits for the answer to "Save changes?".
    pub fn pending(&self) -> Option<&Pending> {
        self.pending.as_ref()
    }

    /// The question shown when the set's file changed or went away since it was read.
    pub fn disk_conflict(&self) -> Option<&(PathBuf, OnDisk)> {
        self.disk_conflict.as_ref()
    }

    /// The question shown when a set's document was not found.
    pub fn hint_offer(&self) -> Option<&HintOffer> {
        self.hint_offer.as_ref()
    }

    /// This window's own recovery copy (`None`: autosave is off).
    pub(super) fn recovery_slot(&mut self) -> Option<&mut Slot> {
        self.recovery.as_mut()
    }

    /// Whether this window keeps a recovery copy, and the copy's folder.
    pub(super) fn recovery_folder(&self) -> Option<PathBuf> {
        self.recovery.as_ref().map(|s| s.folder().to_path_buf())
    }

    /// Whether the recovery copy is written and as current as the set.
    pub(super) fn recovery_written(&self) -> bool {
        self.autosave_is_current() && self.recovery.as_ref().is_some_and(Slot::exists)
    }

    /// When the set last changed (egui seconds).
    pub(super) fn last_change(&self) -> f64 {
        self.last_change
    }

    /// Unsaved work a dead window left, being offered back now.
    pub fn recovery_offer(&self) -> Option<&Orphan> {
        self.recovery_offer.as_ref()
    }

    /// How many more such copies wait to be offered.
    pub fn queued_recoveries(&self) -> usize {
        self.recovery_queue.len()
    }

    /// Keeps a dead window's copy to offer once nothing else is asked.
    pub(super) fn queue_recovery(&mut self, orphan: Orphan) {
        self.recovery_queue.push(orphan);
    }

    /// Puts the next kept copy up for the question, when none is up and the work in the
    /// window is `saved` (nothing would be lost by restoring).
    pub(super) fn offer_next_recovery(&mut self, saved: bool) {
        if self.recovery_offer.is_none() && !self.recovery_queue.is_empty() && saved {
            self.recovery_offer = Some(self.recovery_queue.remove(0));
        }
    }

    /// Takes the copy offered, to restore or discard it.
    pub(super) fn take_recovery_offer(&mut self) -> Option<Orphan> {
        self.recovery_offer.take()
    }

    /// The file name offered for a new save: the title made safe, not taken yet.
    pub fn suggested_path(&self) -> PathBuf {
        persist::free_path(&self.saves_dir, &self.slug(), "ron")
    }

    /// The name files made from this set start with: the saved file's name, else the
    /// title in lower case with dashes (`reading` for an empty one).
    pub fn file_stem(&self) -> String {
        match self.path.as_ref().and_then(|p| p.file_stem()) {
            Some(stem) => stem.to_string_lossy().into_owned(),
            None => self.slug(),
        }
    }

    fn slug(&self) -> String {
        slug_of(&self.title)
    }

    /// True when the set or its title changed since it was last saved or opened.
    pub fn is_dirty(&self) -> bool {
        self.changes != self.saved_changes
    }

    /// Records a change (at `now`, egui seconds) for the dirty mark and autosave.
    pub fn record_change(&mut self, now: f64) {
        self.changes += 1;
        self.last_change = now;
    }

    /// A set just put in place, as saved as the file it came from.
    fn start_clean(&mut self) {
        self.changes += 1;
        self.saved_changes = self.changes;
        self.autosaved_changes = self.changes;
    }

    /// The set as it is now is what its file holds.
    fn mark_saved(&mut self) {
        self.saved_changes = self.changes;
    }

    /// Work restored from a recovery copy: not in any file yet.
    pub(super) fn mark_unsaved(&mut self) {
        self.saved_changes = self.changes.wrapping_sub(1);
    }

    /// The recovery copy holds the set as it is now.
    pub(super) fn mark_autosaved(&mut self) {
        self.autosaved_changes = self.changes;
    }

    /// True when the recovery copy already holds the set as it is now.
    pub(super) fn autosave_is_current(&self) -> bool {
        self.autosaved_changes == self.changes
    }
}

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
    pub fn view(&self) -> &super::View {
        &self.view
    }

    /// What is on screen, to change as a user would (tests, a start position).
    pub fn view_mut(&mut self) -> &mut super::View {
        &mut self.view
    }

    /// The user's preferences.
    pub fn prefs(&self) -> &crate::ui::system::prefs::Preferences {
        &self.prefs
    }

    /// Does `pending` now, or asks first if there are unsaved changes.
    pub(super) fn after_prompt(&mut self, ctx: &egui::Context, pending: Pending) {
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
    pub(super) fn answer_prompt(&mut self, ctx: &egui::Context, choice: PromptChoice) {
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
    pub(super) fn replace_notes(&mut self, set: NoteSet, path: Option<PathBuf>, title: String) {
        self.study.replace(set);
        self.view.filter.clear();
        self.view.unfolded.clear();
        self.view.selected_highlight = None;
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
    pub(super) fn as_file(&self, path: Option<&Path>) -> NoteSetFile {
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
    pub(super) fn save_to(&mut self, ctx: &egui::Context, path: &Path) -> bool {
        self.save_checked(ctx, path, false)
    }

    /// Saves to `path`; unless `overwrite`, first checks that the set's own file is as it
    /// was read or last written here, and asks when another program changed or removed it.
    pub(super) fn save_checked(
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
    pub(super) fn save(&mut self, ctx: &egui::Context) {
        match self.session.path.clone() {
            Some(path) => {
                self.save_to(ctx, &path);
            }
            None => self.session.naming = true,
        }
    }

    /// The answer to the naming question: the set takes `title` and is saved into the
    /// note-sets folder under a file named after it.
    pub(super) fn save_named(&mut self, ctx: &egui::Context, title: String) {
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
    pub(super) fn save_as(&mut self, ctx: &egui::Context) {
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
    pub(super) fn open_note_set(&mut self, ctx: &egui::Context, path: &Path, here: bool) {
        if super::loading::is_large(path) {
            self.runtime.loading = Some(super::loading::Loading::note_set(
                ctx,
                self.workspace.document().clone(),
                path.to_path_buf(),
                here,
            ));
            return;
        }
        match super::loading::prepare_note_set(self.workspace.document(), path, here) {
            Ok(prepared) => self.show_note_set(prepared),
            Err(error) => self.set_not_opened(error),
        }
    }

    /// Says why a set was not opened; when its path hint names a file with another text,
    /// asks whether to use that file (a note set alone never opens it).
    pub(super) fn set_not_opened(&mut self, error: persist::OpenError) {
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
    pub(super) fn open_with_hinted_document(
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
    pub(super) fn show_note_set(&mut self, prepared: super::loading::PreparedSet) {
        let super::loading::PreparedSet {
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
            self.view.side_tab = SideTab::Highlights;
        }
    }

    /// Merges the set at `path` into the current one, as one undoable step.
    pub(super) fn merge_note_set(&mut self, ctx: &egui::Context, path: &Path) {
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
    pub(super) fn say(&mut self, ctx: &egui::Context, message: String) {
        let until = ctx.input(|i| i.time) + STATUS_SECONDS;
        self.view.status = Some((message, until));
    }

    /// Carries out the answer to "changed on disk".
    pub(super) fn resolve_disk_conflict(&mut self, ctx: &egui::Context, choice: DiskChoice) {
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
    pub(super) fn refresh_listing(&mut self) {
        if self.session.listing_stale {
            self.session.listing = persist::list_folder(&self.session.saves_dir);
            self.session.listing_stale = false;
        }
    }

    /// Marks the listing for re-reading (after a save, or on request).
    pub(super) fn listing_changed(&mut self) {
        self.session.listing_stale = true;
    }
}

/// A title as a file name: lower case, words joined by dashes (`reading` for none).
pub fn slug_of(title: &str) -> String {
    let slug: String = title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "reading".to_string()
    } else {
        slug
    }
}
