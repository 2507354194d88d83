//! The autosaved copy of unsaved work, kept in the program's data folder (never over the
//! user's own file), offered back after a crash.
//!
//! Each window has a copy of its own, `recovery-ID.ron`, and holds a lock on
//! `recovery-ID.lock` while it lives: another window never offers, reads over or removes
//! a live window's copy, and the copy of a window that died (the system releases its
//! lock, even after `kill -9`) is offered at the next start of any window. A copy from an
//! older version (`recovery.ron`, without a lock) is offered too.

use crate::core::persist::atomic::backup_path;
use crate::core::persist::lock::try_lock;
use crate::core::persist::{NoteSetError, NoteSetFile, load, save};
use crate::core::time::Timestamp;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// The folder for program data: `$XDG_DATA_HOME/marginalia`, else
/// `~/.local/share/marginalia` (`%APPDATA%\marginalia` on Windows), else a temp folder.
pub fn data_folder() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("APPDATA").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("marginalia")
}

/// The single recovery file that versions before per-window copies wrote in `folder`.
fn legacy_recovery_path(folder: &Path) -> PathBuf {
    folder.join("recovery.ron")
}

/// The recovery copies in `folder`, live or not, by name.
pub fn files(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            *p == legacy_recovery_path(folder)
                || p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| slot_id(n).is_some())
        })
        .collect();
    out.sort();
    out
}

/// The id in `recovery-ID.ron`.
fn slot_id(name: &str) -> Option<&str> {
    name.strip_prefix("recovery-")?
        .strip_suffix(".ron")
        .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

fn lock_path(copy: &Path) -> PathBuf {
    copy.with_extension("lock")
}

/// Opens `path` (making it if need be) and takes its lock; `None` when another process
/// holds it.
fn claim(path: &Path) -> std::io::Result<Option<File>> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    Ok(try_lock(&file)?.then_some(file))
}

/// What a recovery file holds, for the offer to restore it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    pub file: NoteSetFile,
    /// When it was written (the file's modification time).
    pub written: Option<Timestamp>,
}

/// This window's own recovery copy. Its lock is taken with the first write and held
/// until the copy is cleared or the process ends.
#[derive(Debug)]
pub struct Slot {
    folder: PathBuf,
    id: String,
    held: Option<File>,
}

impl Slot {
    /// A copy of its own for this window in `folder`; nothing is written yet.
    pub fn new(folder: &Path) -> Slot {
        let millis = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        static COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Slot {
            folder: folder.to_path_buf(),
            id: format!("{}-{millis}-{n}", std::process::id()),
            held: None,
        }
    }

    /// The folder it is in.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Where the copy is written.
    pub fn path(&self) -> PathBuf {
        self.folder.join(format!("recovery-{}.ron", self.id))
    }

    /// Writes the unsaved state (atomically), taking the copy's lock first.
    pub fn write(&mut self, file: &NoteSetFile) -> Result<(), NoteSetError> {
        let write_error = |path: &Path, source| NoteSetError::Write {
            path: path.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(&self.folder).map_err(|e| write_error(&self.folder, e))?;
        if self.held.is_none() {
            let lock = lock_path(&self.path());
            match claim(&lock) {
                Ok(Some(held)) => self.held = Some(held),
                Ok(None) => {
                    return Err(write_error(
                        &lock,
                        std::io::Error::other("another window holds this recovery copy"),
                    ));
                }
                Err(e) => return Err(write_error(&lock, e)),
            }
        }
        save(&self.path(), file).map(|_| ())
    }

    /// Whether a copy has been written and not cleared.
    pub fn exists(&self) -> bool {
        self.path().exists()
    }

    /// Removes the copy (after a clean save or a discard), its backup and its lock.
    pub fn clear(&mut self) {
        let path = self.path();
        let _ = std::fs::remove_file(backup_path(&path));
        let _ = std::fs::remove_file(&path);
        if self.held.take().is_some() {
            let _ = std::fs::remove_file(lock_path(&path));
        }
    }
}

/// A recovery copy no live window holds: a window that died left it. Its lock is held
/// while it is offered, so two windows starting together do not both offer it.
#[derive(Debug)]
pub struct Orphan {
    pub path: PathBuf,
    /// What it holds, or why it cannot be read (it is then left where it is).
    pub found: Result<Recovery, NoteSetError>,
    held: Option<File>,
}

impl Orphan {
    /// Removes the copy, its backup and its lock: it was restored into another copy, or
    /// the user discarded it.
    pub fn discard(self) {
        let _ = std::fs::remove_file(backup_path(&self.path));
        let _ = std::fs::remove_file(&self.path);
        if self.held.is_some() {
            let _ = std::fs::remove_file(lock_path(&self.path));
        }
    }
}

/// The copies in `folder` that no live window holds, oldest name first. Copies of live
/// windows are not read.
pub fn orphans(folder: &Path) -> Vec<Orphan> {
    let mut out = Vec::new();
    for path in files(folder) {
        let legacy = path == legacy_recovery_path(folder);
        let held = if legacy {
            None
        } else {
            match claim(&lock_path(&path)) {
                Ok(Some(held)) => Some(held),
                // A live window's copy, or one whose lock cannot be made: left alone.
                Ok(None) | Err(_) => continue,
            }
        };
        let written = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| Timestamp(d.as_millis() as i64));
        let found = load(&path).map(|(file, _)| Recovery { file, written });
        out.push(Orphan { path, found, held });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::study::note_set::NoteSet;

    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("marginalia-recovery-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_live_window_copy_is_never_offered_and_a_dead_one_is() {
        let dir = folder("live");
        let mut first = Slot::new(&dir);
        let mut second = Slot::new(&dir);
        first
            .write(&NoteSetFile::new("first", NoteSet::new()))
            .unwrap();
        second
            .write(&NoteSetFile::new("second", NoteSet::new()))
            .unwrap();
        assert_ne!(first.path(), second.path());
        // Both windows live: a third window finds nothing to offer.
        assert!(orphans(&dir).is_empty());
        // The first window dies (its lock goes with it; its copy stays).
        drop(first);
        let offered = orphans(&dir);
        assert_eq!(offered.len(), 1);
        let title = offered[0]
            .found
            .as_ref()
            .map(|r| r.file.title.clone())
            .unwrap();
        assert_eq!(title, "first");
        // While one window offers it, another does not.
        assert!(orphans(&dir).is_empty());
        offered.into_iter().for_each(Orphan::discard);
        assert_eq!(files(&dir), vec![second.path()]);
        second.clear();
        assert!(files(&dir).is_empty());
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "litter left");
    }

    #[test]
    fn an_older_single_copy_is_offered() {
        let dir = folder("legacy");
        std::fs::create_dir_all(&dir).unwrap();
        save(
            &legacy_recovery_path(&dir),
            &NoteSetFile::new("old", NoteSet::new()),
        )
        .unwrap();
        let offered = orphans(&dir);
        assert_eq!(offered.len(), 1);
        offered.into_iter().for_each(Orphan::discard);
        assert!(files(&dir).is_empty());
    }
}
