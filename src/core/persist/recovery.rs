//! The autosaved copy of unsaved work, kept in the program's data folder (never over the
//! user's own file), offered back after a crash.

use crate::core::persist::{NoteSetError, NoteSetFile, load, save};
use crate::core::time::Timestamp;
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

/// The recovery file in `folder`.
pub fn recovery_path(folder: &Path) -> PathBuf {
    folder.join("recovery.ron")
}

/// What a recovery file holds, for the offer to restore it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    pub file: NoteSetFile,
    /// When it was written (the file's modification time).
    pub written: Option<Timestamp>,
}

/// Writes the unsaved state (atomically).
pub fn write(folder: &Path, file: &NoteSetFile) -> Result<(), NoteSetError> {
    std::fs::create_dir_all(folder).map_err(|source| NoteSetError::Write {
        path: folder.to_path_buf(),
        source,
    })?;
    save(&recovery_path(folder), file).map(|_| ())
}

/// The recovery file, if there is one. One that cannot be read is reported, not deleted.
pub fn read(folder: &Path) -> Option<Result<Recovery, NoteSetError>> {
    let path = recovery_path(folder);
    if !path.exists() {
        return None;
    }
    let written = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| Timestamp(d.as_millis() as i64));
    Some(load(&path).map(|(file, _)| Recovery { file, written }))
}

/// Removes the recovery file (after a clean save or a discard), and its backup.
pub fn clear(folder: &Path) {
    let path = recovery_path(folder);
    let _ = std::fs::remove_file(crate::core::persist::atomic::backup_path(&path));
    let _ = std::fs::remove_file(path);
}
