//! The note set as a file: new, open, save, save as, merge, recent files, the unsaved-
//! changes prompt, autosave and crash recovery.

use super::{MarginaliaApp, Notice, NoticeKind, STATUS_SECONDS, SideTab};
use crate::core::document::Document;
use crate::core::edit::Edit;
use crate::core::merge::{Conflict, merge};
use crate::core::note_set::NoteSet;
use crate::core::persist::recovery::{self, Recovery};
use crate::core::persist::{self, DiskStamp, DocumentRef, NoteSetFile, NoteSetSummary, OnDisk};
use crate::core::study::Study;
use crate::ui::action::Action;
use crate::ui::action::{DiskChoice, MissingDocumentChoice, PromptChoice};
use crate::ui::dialogs::{DialogPurpose, PendingDialog};
use egui::{RichText, Ui};
use std::path::{Path, PathBuf};

/// Seconds of quiet after a change before the recovery copy is written.
const AUTOSAVE_AFTER: f64 = 1.0;
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
    OpenDocument(Box<Document>),
}

/// The note set's life as a file.
#[derive(Debug)]
pub struct Session {
    /// Where the set is saved; `None` until the first save.
    pub path: Option<PathBuf>,
    pub title: String,
    /// Counts changes to what a save writes: the set's content and the title.
    changes: u64,
    /// `changes` when the set was last saved or opened.
    pub saved_changes: u64,
    /// The folder the Note sets panel lists and new sets are saved in.
    pub saves_dir: PathBuf,
    /// Where the recovery copy goes; `None` turns autosave off (tests, screenshots).
    pub recovery_dir: Option<PathBuf>,
    /// `changes` when the recovery copy was last written.
    autosaved_changes: u64,
    /// When the set last changed (egui time, seconds).
    last_change: f64,
    /// The Note sets panel's list, read again when stale.
    pub listing: Vec<NoteSetSummary>,
    listing_stale: bool,
    /// An action waiting for "Save changes?".
    pub pending: Option<Pending>,
    /// Unsaved work found at start, offered back.
    pub recovery_offer: Option<Recovery>,
    /// Highlights changed on both sides of the last merge.
    pub conflicts: Vec<Conflict>,
    /// The user chose to close without saving.
    pub closing: bool,
    /// What the set's file held when it was last read or written here.
    pub disk_stamp: Option<DiskStamp>,
    /// A save stopped because the file changed or went away since: the question shown.
    pub disk_conflict: Option<(PathBuf, OnDisk)>,
    /// A set's path hint names a file with another text: asking whether to use it.
    pub hint_offer: Option<HintOffer>,
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
            recovery_dir,
            autosaved_changes: 0,
            last_change: 0.0,
            listing: Vec::new(),
            listing_stale: true,
            pending: None,
            recovery_offer: None,
            conflicts: Vec::new(),
            closing: false,
            disk_stamp: None,
            disk_conflict: None,
            hint_offer: None,
        }
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
        let slug: String = self
            .title
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
}

impl Session {
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
    pub(super) fn start_clean(&mut self) {
        self.changes += 1;
        self.saved_changes = self.changes;
        self.autosaved_changes = self.changes;
    }

    /// The set as it is now is what its file holds.
    fn mark_saved(&mut self) {
        self.saved_changes = self.changes;
    }

    /// Work restored from a recovery copy: not in any file yet.
    fn mark_unsaved(&mut self) {
        self.saved_changes = self.changes.wrapping_sub(1);
    }

    /// The recovery copy holds the set as it is now.
    fn mark_autosaved(&mut self) {
        self.autosaved_changes = self.changes;
    }

    /// True when the recovery copy already holds the set as it is now.
    fn autosave_is_current(&self) -> bool {
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
            Pending::OpenDocument(doc) => {
                self.open_document(*doc);
                self.replace_notes(NoteSet::new(), None, UNTITLED.into());
                self.discard_recovery();
            }
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

    /// Puts a set in place as the current one, saved as it is.
    fn replace_notes(&mut self, set: NoteSet, path: Option<PathBuf>, title: String) {
        self.study.replace(set);
        self.filter.clear();
        self.unfolded.clear();
        self.selected_highlight = None;
        self.session.conflicts.clear();
        self.session.path = path;
        self.session.disk_stamp = None;
        self.session.title = title;
        self.session.start_clean();
    }

    /// The set as a file, for saving to `path`.
    fn as_file(&self, path: Option<&Path>) -> NoteSetFile {
        let source = self.document.source_path();
        let hint = path.map_or_else(
            || source.to_string_lossy().into_owned(),
            |p| persist::path_hint(&source, p),
        );
        NoteSetFile {
            title: self.session.title.clone(),
            document: DocumentRef::of(&self.document, Some(hint)),
            recovery_of: None,
            set: self.study.set().clone(),
        }
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
        if !overwrite
            && self.session.path.as_deref() == Some(path)
            && let Some(stamp) = &self.session.disk_stamp
        {
            let state = persist::on_disk(path, stamp);
            if state != OnDisk::Unchanged {
                self.session.disk_conflict = Some((path.to_path_buf(), state));
                return false;
            }
        }
        if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty())
            && let Err(e) = std::fs::create_dir_all(folder)
        {
            self.notify(format!(
                "Cannot create the folder {}: {e}. The notes are still open and unsaved.",
                folder.display()
            ));
            return false;
        }
        match persist::save(path, &self.as_file(Some(path))) {
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
            Err(e) => {
                self.notify(e.to_string());
                false
            }
        }
    }

    /// Save: to the set's file, or Save as when it has none.
    pub(super) fn save(&mut self, ctx: &egui::Context) {
        match self.session.path.clone() {
            Some(path) => {
                self.save_to(ctx, &path);
            }
            None => self.save_as(ctx),
        }
    }

    /// Save as: a dialog where there is one; else a new file in the note-sets folder.
    pub(super) fn save_as(&mut self, ctx: &egui::Context) {
        if self.dialog.is_none() {
            let suggested = self.session.suggested_path();
            let name = suggested
                .file_name()
                .map(|n| n.to_string_lossy().into_owned());
            self.dialog = Some(PendingDialog::show(
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
            self.loading = Some(super::loading::Loading::note_set(
                ctx,
                self.document.clone(),
                path.to_path_buf(),
                here,
            ));
            return;
        }
        match super::loading::prepare_note_set(&self.document, path, here) {
            Ok(prepared) => self.show_note_set(prepared),
            Err(error) => self.set_not_opened(error),
        }
    }

    /// Says why a set was not opened; when its path hint names a file with another text,
    /// asks whether to use that file (a note set alone never opens it).
    pub(super) fn set_not_opened(&mut self, error: super::loading::PrepareError) {
        match error {
            super::loading::PrepareError::DocumentNotFound { set, missing } => {
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
            reference,
        } = prepared;
        if let Some(doc) = document {
            self.open_document(doc);
        }
        // The open document without a sidecar still cites as the set recorded.
        self.document.fill_missing_info(
            &reference.fingerprint,
            reference.citation.as_deref(),
            reference.url.as_deref(),
        );
        self.replace_notes(set, Some(path.clone()), title);
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
            self.side_tab = SideTab::Highlights;
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
        let other = match persist::attach(path, &text, &file, &self.document) {
            Ok((set, _)) => set,
            Err(e) => {
                self.notify(e.to_string());
                return;
            }
        };
        let (edit, report) = merge(self.study.set(), &other);
        let summary = report.summary();
        self.edit(ctx, edit, "Merge note set", None);
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
        self.status = Some((message, until));
    }

    fn discard_recovery(&mut self) {
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
            Some(Err(e)) => self.notices.push(Notice::problem(format!("Unsaved work was kept after a crash but cannot be read ({e}). The file is left where it is."))),
        }
    }

    /// Restores the offered unsaved work.
    pub(super) fn restore_recovery(&mut self) {
        let Some(found) = self.session.recovery_offer.take() else {
            return;
        };
        let file = found.file;
        let origin = file.recovery_of.as_ref().map(PathBuf::from);
        if file.document.fingerprint != self.document.fingerprint() {
            let at = origin
                .clone()
                .unwrap_or_else(|| self.session.saves_dir.join("recovered.ron"));
            match persist::find_document(&file, &at) {
                Ok(doc) => self.open_document(doc),
                Err(_) => {
                    self.notify(format!("The document of the unsaved work (“{}”) was not found; the recovery file is kept.", file.document.title));
                    return;
                }
            }
        }
        let (set, _) = persist::reanchor_set(&self.document, &file.set);
        self.replace_notes(set, origin, file.title.clone());
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
    fn recovery_file(&self) -> NoteSetFile {
        let mut file = self.as_file(self.session.path.clone().as_deref());
        file.recovery_of = self
            .session
            .path
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned());
        file
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
        if !self.notices.iter().any(|n| n.text == notice) {
            self.notify(notice);
        }
        ctx.request_repaint();
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

/// The Note sets section of the left panel: this set's title and save buttons, and the
/// sets in the folder, each to open or merge.
pub fn note_sets_ui(ui: &mut Ui, app: &mut MarginaliaApp) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.label(RichText::new("Note set").strong());
    let label = ui.label(RichText::new("Title").weak());
    let mut title = app.session.title.clone();
    if ui
        .add(egui::TextEdit::singleline(&mut title).desired_width(f32::INFINITY))
        .labelled_by(label.id)
        .changed()
    {
        actions.push(Action::SetNoteSetTitle(title));
    }
    let file = match &app.session.path {
        Some(path) => path.display().to_string(),
        None => "not saved yet".into(),
    };
    ui.label(RichText::new(file).small().weak());
    ui.horizontal_wrapped(|ui| {
        let save = if app.is_dirty() { "Save*" } else { "Save" };
        // A set never saved goes straight into this folder, named after its title: the
        // panel works where no file dialog does.
        if ui.button(save).on_hover_text("Ctrl+S").clicked() {
            actions.push(match app.session.path {
                Some(_) => Action::Run(crate::ui::action::Command::Save),
                None => Action::SaveAsNew,
            });
        }
        if ui.button("Save as new file").clicked() {
            actions.push(Action::SaveAsNew);
        }
    });
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("Saved in this folder").strong());
        if ui.small_button("Refresh").clicked() {
            actions.push(Action::RefreshNoteSets);
        }
    });
    let folder_id = ui.make_persistent_id("saves-folder-edit");
    let shown = app.session.saves_dir.display().to_string();
    let mut folder = ui
        .data_mut(|d| d.get_temp::<String>(folder_id))
        .unwrap_or_else(|| shown.clone());
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new("Folder").weak());
        ui.add(egui::TextEdit::singleline(&mut folder).desired_width(ui.available_width() - 44.0))
            .labelled_by(label.id);
        let changed = folder.trim() != shown && !folder.trim().is_empty();
        if ui
            .add_enabled(changed, egui::Button::new("Use"))
            .on_hover_text("List and save note sets in this folder")
            .clicked()
        {
            actions.push(Action::SetSavesFolder(PathBuf::from(folder.trim())));
        }
    });
    ui.data_mut(|d| d.insert_temp(folder_id, folder));
    if app.session.listing.is_empty() {
        ui.label(RichText::new("No note sets saved here yet.").weak());
    }
    for entry in &app.session.listing {
        let current = app.session.path.as_ref() == Some(&entry.path);
        let name = entry
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = entry_text(entry);
        let response = ui
            .add(egui::Button::selectable(current, text).wrap())
            .on_hover_text(&name);
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Open note set {name}"))
        });
        if response.clicked() && !current {
            actions.push(Action::OpenNoteSet(entry.path.clone()));
        }
        if !current {
            response.context_menu(|ui| {
                if ui.button("Merge into the current note set").clicked() {
                    actions.push(Action::MergeNoteSet(entry.path.clone()));
                    ui.close();
                }
            });
        }
    }
    actions
}

/// What a row of the note-set list says: title, highlight count, document, and the file
/// name (two sets may have the same title).
pub fn entry_text(entry: &NoteSetSummary) -> String {
    let name = entry
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(
        "{} — {} highlights\n{}\n{name}",
        entry.title,
        crate::ui::numbers::grouped(entry.highlights),
        entry.document
    )
}

/// "Save changes?" and the recovery offer, as modal windows.
pub fn prompts_ui(ctx: &egui::Context, app: &MarginaliaApp) -> Vec<Action> {
    let mut actions = Vec::new();
    if let Some((path, state)) = &app.session.disk_conflict {
        egui::Modal::new(egui::Id::unique("changed-on-disk")).show(ctx, |ui| {
            let name = path.display();
            if *state == OnDisk::Missing {
                ui.heading("The note set's file is gone");
                ui.label(format!(
                    "{name} was deleted or moved by another program since it was opened here. Your notes are still open."
                ));
            } else {
                ui.heading("Changed by another program");
                ui.label(format!(
                    "{name} was changed by another program since it was opened here. Saving would replace those changes."
                ));
            }
            ui.horizontal(|ui| {
                let overwrite = if *state == OnDisk::Missing {
                    "Save it there again"
                } else {
                    "Replace it"
                };
                if ui.button(overwrite).clicked() {
                    actions.push(Action::DiskConflict(DiskChoice::Overwrite));
                }
                if *state == OnDisk::Changed
                    && ui
                        .button("Merge its changes in")
                        .on_hover_text("Bring the other version's highlights and notes into this set, then save")
                        .clicked()
                {
                    actions.push(Action::DiskConflict(DiskChoice::MergeFirst));
                }
                if ui.button("Save as a new file").clicked() {
                    actions.push(Action::DiskConflict(DiskChoice::Cancel));
                    actions.push(Action::SaveAsNew);
                }
                if ui.button("Cancel").clicked() {
                    actions.push(Action::DiskConflict(DiskChoice::Cancel));
                }
            });
        });
    } else if let Some(pending) = &app.session.pending {
        let what = match pending {
            Pending::Close => "before closing",
            Pending::NewSet => "before starting a new note set",
            Pending::OpenSet(_) => "before opening another note set",
            Pending::OpenDocument(_) => "before opening another document",
        };
        egui::Modal::new(egui::Id::unique("save-changes")).show(ctx, |ui| {
            ui.heading("Save changes?");
            ui.label(format!(
                "“{}” has unsaved changes. Save them {what}?",
                app.session.title
            ));
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    actions.push(Action::Prompt(PromptChoice::Save));
                }
                if ui.button("Discard").clicked() {
                    actions.push(Action::Prompt(PromptChoice::Discard));
                }
                if ui.button("Cancel").clicked() {
                    actions.push(Action::Prompt(PromptChoice::Cancel));
                }
            });
        });
    } else if let Some(offer) = &app.session.hint_offer {
        egui::Modal::new(egui::Id::unique("hinted-document")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading("Document not found");
            ui.label(format!(
                "The note set {} was made on “{}”, and no file with that text was found.",
                offer.set.display(),
                offer.missing.title,
            ));
            if let (Some(hint), true) = (&offer.missing.hint, offer.missing.hint_differs) {
                ui.label(format!(
                    "It points to {}, but that file's text is not the text its highlights were made on.",
                    hint.display()
                ));
            }
            ui.label("Open it on another document only if that is the one you expect (another edition, say): its highlights are re-anchored, and those not found are kept as orphans.");
            ui.horizontal_wrapped(|ui| {
                if let (Some(hint), true) = (&offer.missing.hint, offer.missing.hint_differs)
                    && ui.button(format!("Use {}", hint.display())).clicked()
                {
                    actions.push(Action::OpenSetWithHintedDocument(Some(
                        MissingDocumentChoice::HintedFile,
                    )));
                }
                if ui
                    .button(format!("Use the open document (“{}”)", crate::ui::reader::short(&app.document.info().title, 40)))
                    .clicked()
                {
                    actions.push(Action::OpenSetWithHintedDocument(Some(
                        MissingDocumentChoice::OpenDocument,
                    )));
                }
                if ui.button("Cancel").clicked() {
                    actions.push(Action::OpenSetWithHintedDocument(None));
                }
            });
        });
    } else if let Some(found) = &app.session.recovery_offer {
        egui::Modal::new(egui::Id::unique("recovery")).show(ctx, |ui| {
            ui.heading("Restore unsaved work?");
            let when = found.written.map_or_else(|| "an unknown time".to_string(), |t| t.to_string().replace('T', " ").chars().take(16).collect::<String>() + " UTC");
            let count = found.file.set.highlights().len() + found.file.set.orphans().len();
            ui.label(format!(
                "Marginalia closed without saving “{}”. A copy written at {when} holds {count} highlights.",
                found.file.title
            ));
            ui.horizontal(|ui| {
                if ui.button("Restore").clicked() {
                    actions.push(Action::RestoreRecovery);
                }
                if ui.button("Discard").clicked() {
                    actions.push(Action::DiscardRecovery);
                }
            });
        });
    }
    actions
}

/// Orphaned highlights and merge conflicts, at the foot of the Highlights tab.
pub fn review_ui(ui: &mut Ui, app: &MarginaliaApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let orphans = app.notes().orphans();
    if !orphans.is_empty() {
        let uncertain = orphans
            .iter()
            .filter(|h| app.notes().proposal(h.id).is_some())
            .count();
        ui.separator();
        ui.label(
            RichText::new(format!(
                "Not placed in this text ({}: {uncertain} uncertain, {} not found)",
                orphans.len(),
                orphans.len() - uncertain
            ))
            .strong(),
        );
        ui.label(RichText::new("These highlights were made on another version of the document. Uncertain ones have a similar passage here, but among other words: show it, and confirm it only if it is the same passage. For the others, select the passage they belong to, then attach.").small().weak());
        for h in orphans {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                let proposal = app.notes().proposal(h.id);
                let status = match proposal {
                    Some(p) => {
                        let pages = crate::core::citation::pages_label(&app.document, p.range());
                        if pages.is_empty() {
                            "Uncertain — please confirm".to_string()
                        } else {
                            format!("Uncertain — a similar passage is on {pages}; please confirm")
                        }
                    }
                    None => "Not found in this text".to_string(),
                };
                ui.label(RichText::new(status).small().strong());
                ui.label(
                    RichText::new(format!(
                        "“{}”",
                        crate::ui::reader::short(&h.anchor.quote, 160)
                    ))
                    .italics(),
                );
                if !h.note.is_empty() {
                    ui.label(RichText::new(crate::ui::reader::short(&h.note, 160)).small());
                }
                ui.horizontal_wrapped(|ui| {
                    if proposal.is_some() {
                        if ui
                            .button("Show")
                            .on_hover_text("Select the proposed passage in the text")
                            .clicked()
                        {
                            actions.push(Action::ShowProposal(h.id));
                        }
                        if ui
                            .button("Confirm")
                            .on_hover_text("Place the highlight on the proposed passage")
                            .clicked()
                        {
                            actions.push(Action::ConfirmProposal(h.id));
                        }
                    }
                    if ui
                        .add_enabled(
                            app.reader.selection.is_some(),
                            egui::Button::new("Attach to the selection"),
                        )
                        .clicked()
                    {
                        actions.push(Action::PlaceOrphan(h.id));
                    }
                });
            });
        }
    }
    if !app.session.conflicts.is_empty() {
        ui.separator();
        ui.label(
            RichText::new(format!("Merge conflicts ({})", app.session.conflicts.len())).strong(),
        );
        for (i, conflict) in app.session.conflicts.iter().enumerate() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(format!(
                        "“{}”",
                        crate::ui::reader::short(&conflict.kept.anchor.quote, 80)
                    ))
                    .italics(),
                );
                ui.label(
                    RichText::new(format!(
                        "Kept (newer): {}",
                        crate::ui::reader::short(&conflict.kept.note, 120)
                    ))
                    .small(),
                );
                ui.label(
                    RichText::new(format!(
                        "Other: {}",
                        crate::ui::reader::short(&conflict.other.note, 120)
                    ))
                    .small(),
                );
                ui.horizontal(|ui| {
                    if ui.button("Use the other").clicked() {
                        actions.push(Action::UseOtherVersion(i));
                    }
                    if ui.button("Keep").clicked() {
                        actions.push(Action::DismissConflict(i));
                    }
                });
            });
        }
    }
    actions
}

/// The edit that puts the other version of a conflict in place of the kept one.
pub fn use_other(conflict: &Conflict) -> Edit {
    Edit::Batch(vec![
        Edit::RemoveHighlight(conflict.kept.id),
        Edit::InsertHighlight(Box::new(conflict.other.clone())),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_rows_of_two_sets_with_one_title_differ_by_file_name() {
        let row = |file: &str| {
            entry_text(&NoteSetSummary {
                path: PathBuf::from("saves").join(file),
                title: "Reading".into(),
                document: "84. Letter".into(),
                highlights: 1200,
            })
        };
        assert_ne!(row("a.ron"), row("b.ron"));
        assert!(row("a.ron").ends_with("\na.ron"));
        assert!(row("a.ron").contains("1,200 highlights"));
    }
}
