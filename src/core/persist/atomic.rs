//! Writing a file so that a crash, a full disk or a power cut leaves either the old file
//! or the new one, never a mix: temp file in the same folder, fsync, keep the previous
//! version as `NAME.bak`, rename over, fsync the folder.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// `NAME.ron` → `NAME.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name: OsString = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

fn temp_path(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// Writes `bytes` to `path` atomically, keeping the previous version as `path.bak`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_via(path, bytes, &|file| Box::new(file))
}

/// Writes `bytes` to `path` atomically without keeping a backup (for exports, which can
/// be made again).
pub fn replace_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_file(path, bytes, &|file| Box::new(file), false)
}

/// As [`write_atomic`], with the temp file's writer made by `wrap` (tests pass one that
/// fails part-way, as a full disk would).
pub fn write_atomic_via(
    path: &Path,
    bytes: &[u8],
    wrap: &dyn Fn(File) -> Box<dyn Write>,
) -> io::Result<()> {
    write_file(path, bytes, wrap, true)
}

/// Where a write to `path` lands: `path` itself, or, when it is a symbolic link, the file
/// it points to (followed through any chain of links, also to a file not made yet). A
/// user who links a note set or an export into another folder expects the link to stay
/// a link and the file behind it to change — not the link to be replaced by a copy.
pub fn write_target(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // A loop of links is refused rather than followed for ever.
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = if target.is_absolute() {
                    target
                } else {
                    current.parent().unwrap_or(Path::new(".")).join(target)
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other(format!(
        "{} is a loop of symbolic links",
        path.display()
    )))
}

fn write_file(
    path: &Path,
    bytes: &[u8],
    wrap: &dyn Fn(File) -> Box<dyn Write>,
    backup: bool,
) -> io::Result<()> {
    let path = &write_target(path)?;
    let temp = temp_path(path);
    let result = (|| {
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        let mut writer = wrap(file.try_clone()?);
        writer.write_all(bytes)?;
        writer.flush()?;
        drop(writer);
        file.sync_all()?;
        drop(file);
        if backup && path.exists() {
            keep_backup(path)?;
        }
        fs::rename(&temp, path)?;
        sync_folder(path);
        Ok(())
    })();
    if result.is_err() {
        // The old file was never touched; only the half-written temp file goes.
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Keeps the current file as `NAME.bak`, through a temp name so a crash here leaves the
/// old backup or the new one. A hard link costs no copy and no fsync: the old contents
/// are already on disk, and the new file replaces the name, not the data. Where links are
/// not allowed, the file is copied and synced instead.
fn keep_backup(path: &Path) -> io::Result<()> {
    let backup = backup_path(path);
    let temp = temp_path(&backup);
    let result = (|| {
        if fs::hard_link(path, &temp).is_err() {
            fs::copy(path, &temp)?;
            File::open(&temp)?.sync_all()?;
        }
        fs::rename(&temp, &backup)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Makes the rename itself durable. Not all systems allow opening a folder; where they
/// do not, there is nothing more to do.
fn sync_folder(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(handle) = File::open(dir)
    {
        let _ = handle.sync_all();
    }
}
