//! The note set as a file: the `Session` (path, title, saved state, the questions it
//! asks), its fields changed only by its own methods and by what the window does with
//! the file (`session/file.rs`: new, open, save, save as, merge, recent files, the
//! unsaved-changes prompt). (Autosave and recovery: `autosave.rs`; what the window shows
//! of all this: `session_panels.rs`.)

mod file;

use crate::core::persist::recovery::{Orphan, Slot};
use crate::core::persist::{self, DiskStamp, NoteSetSummary, OnDisk};
use crate::core::study::merge::Conflict;
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

    /// Whether this window keeps a recovery copy (autosave is on).
    pub(super) fn autosaves(&self) -> bool {
        self.recovery.is_some()
    }

    /// The folder of this window's recovery copy (`None`: autosave is off).
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
