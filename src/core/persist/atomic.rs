//! Writing a file so that a crash, a full disk or a power cut leaves either the old file
//! or the new one, never a mix: temp file in the same folder, fsync, rename over, fsync
//! the folder; the previous version becomes `NAME.bak` only once the new one is in place.
//! Only regular files (or new paths) are written: a device, a pipe or a folder at the
//! path is refused, never replaced. Temp files of processes that died mid-write are
//! swept away on the next write into the same folder.

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

/// The folder a path is in: `.` for a bare file name (whose `parent()` is empty).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

/// `.NAME.PID.N.tmp` beside `path`: hidden, and naming the process that writes it, so
/// that a later write can tell a dead process's leftovers from a live one's work.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    folder_of(path).join(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// The process id a temp file of ours names, if `name` is one (`.NAME.PID.N.tmp`).
fn temp_owner(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let mut parts = inner.rsplitn(3, '.');
    let n = parts.next()?;
    let pid = parts.next()?;
    let stem = parts.next()?;
    (!stem.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        .then(|| pid.parse().ok())
        .flatten()
}

/// Whether the process `pid` is running on this machine. Where this cannot be asked,
/// every process counts as running, so nothing of a live one is ever removed.
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
        let answer = unsafe { libc::kill(pid, 0) };
        answer == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Removes the temp files that processes which have died left in `folder` (a crash or a
/// `kill -9` mid-write leaves one). Files of running processes, and anything not named
/// as ours, are left alone. Returns how many were removed.
pub fn sweep_stale_temps(folder: &Path) -> usize {
    let Ok(entries) = fs::read_dir(folder) else {
        return 0;
    };
    let me = std::process::id();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        let regular = entry.file_type().is_ok_and(|t| t.is_file());
        if regular && pid != me && !process_alive(pid) && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
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
                    folder_of(&current).join(target)
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

/// Refuses a path that holds something other than a regular file: writing there would
/// replace a device (`/dev/null`), a named pipe or a folder with a plain file.
fn check_writable_kind(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if !meta.file_type().is_file() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is {}, not a regular file; only regular files are written",
                path.display(),
                crate::core::progress::file_kind(&meta)
            ),
        )),
        _ => Ok(()),
    }
}

fn write_file(
    path: &Path,
    bytes: &[u8],
    wrap: &dyn Fn(File) -> Box<dyn Write>,
    backup: bool,
) -> io::Result<()> {
    write_file_renaming(path, bytes, wrap, backup, &|from, to| fs::rename(from, to))
}

/// [`write_file`] with the step that puts the new file in place given (tests pass one
/// that fails, as a rename over a file another program holds open fails on Windows, or
/// over an immutable file anywhere).
fn write_file_renaming(
    path: &Path,
    bytes: &[u8],
    wrap: &dyn Fn(File) -> Box<dyn Write>,
    backup: bool,
    rename: &dyn Fn(&Path, &Path) -> io::Result<()>,
) -> io::Result<()> {
    let path = &write_target(path)?;
    check_writable_kind(path)?;
    if backup {
        check_writable_kind(&backup_path(path))?;
    }
    sweep_stale_temps(folder_of(path));
    let temp = temp_path(path);
    // The current file, linked under a temp name before the new one takes its place: it
    // becomes `.bak` only once the new file is in, so a save that fails keeps the older
    // backup as it was.
    let mut kept: Option<PathBuf> = None;
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
            kept = Some(link_previous(path)?);
        }
        rename(&temp, path)?;
        if let Some(previous) = kept.take() {
            rotate_backup(&previous, &backup_path(path))?;
        }
        sync_folder(path);
        Ok(())
    })();
    if result.is_err() {
        // The old file was never touched; only the half-written temp file goes, and the
        // link to the previous version that did not become the backup.
        let _ = fs::remove_file(&temp);
        if let Some(previous) = kept {
            let _ = fs::remove_file(previous);
        }
    }
    result
}

/// The current file under a temp name, to become the backup. A hard link costs no copy
/// and no fsync: the old contents are already on disk, and the new file replaces the
/// name, not the data. Where links are not allowed, the file is copied and synced.
fn link_previous(path: &Path) -> io::Result<PathBuf> {
    let temp = temp_path(&backup_path(path));
    let result = (|| {
        if fs::hard_link(path, &temp).is_err() {
            fs::copy(path, &temp)?;
            File::open(&temp)?.sync_all()?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Moves the linked previous version over `NAME.bak`. When the backup already is that
/// very file (a hard link of it, as an interrupted save can leave), the rename does
/// nothing and leaves the temp name: it is removed.
fn rotate_backup(previous: &Path, backup: &Path) -> io::Result<()> {
    fs::rename(previous, backup)?;
    match fs::remove_file(previous) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Makes the rename itself durable. Not all systems allow opening a folder; where they
/// do not, there is nothing more to do.
fn sync_folder(path: &Path) {
    if let Ok(handle) = File::open(folder_of(path)) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("marginalia-atomic-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn temp_names_name_their_process() {
        assert_eq!(temp_owner(".s.ron.4242.7.tmp"), Some(4242));
        assert_eq!(temp_owner(".a.b.ron.1.0.tmp"), Some(1));
        assert_eq!(temp_owner("s.ron.4242.7.tmp"), None);
        assert_eq!(temp_owner(".s.ron.x.7.tmp"), None);
        assert_eq!(temp_owner(".4242.7.tmp"), None);
    }

    #[test]
    fn a_dead_process_temp_is_swept_and_a_live_one_kept() {
        let dir = folder("sweep");
        // pid_max on Linux is at most 2^22: this process cannot exist.
        let dead = dir.join(".s.ron.99999999.0.tmp");
        let live = dir.join(format!(".s.ron.{}.0.tmp", std::process::id()));
        let other = dir.join("notes.txt");
        for p in [&dead, &live, &other] {
            fs::write(p, "x").unwrap();
        }
        write_atomic(&dir.join("s.ron"), b"new").unwrap();
        assert!(!dead.exists(), "a dead process's temp file stays");
        assert!(live.exists(), "this process's own temp file was removed");
        assert!(other.exists());
    }

    #[test]
    fn a_backup_that_is_a_link_of_the_file_leaves_no_temp() {
        let dir = folder("linked-bak");
        let path = dir.join("s.ron");
        fs::write(&path, "one").unwrap();
        fs::hard_link(&path, backup_path(&path)).unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(fs::read_to_string(backup_path(&path)).unwrap(), "one");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "left behind: {names:?}");
    }

    #[test]
    fn a_failed_rename_keeps_the_older_backup() {
        let dir = folder("failed-rename");
        let path = dir.join("s.ron");
        fs::write(&path, "current").unwrap();
        fs::write(backup_path(&path), "older").unwrap();
        // The new file is written and synced, then cannot take the old one's place (an
        // immutable file; on Windows, one another program holds open).
        let refuse = |_: &Path, _: &Path| Err(io::Error::other("operation not permitted"));
        let plain = |file: File| -> Box<dyn Write> { Box::new(file) };
        assert!(write_file_renaming(&path, b"new", &plain, true, &refuse).is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "current");
        assert_eq!(fs::read_to_string(backup_path(&path)).unwrap(), "older");
        assert_eq!(
            fs::read_dir(&dir).unwrap().count(),
            2,
            "a temp file was left"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_not_replaced() {
        let dir = folder("fifo");
        let pipe = dir.join("out.md");
        let c = std::ffi::CString::new(pipe.to_string_lossy().as_bytes()).unwrap();
        // SAFETY: a valid C string and a mode.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let e = replace_atomic(&pipe, b"x").unwrap_err();
        assert!(e.to_string().contains("a pipe"), "{e}");
        assert!(
            fs::symlink_metadata(&pipe)
                .unwrap()
                .file_type()
                .is_fifo_like()
        );
        let e = replace_atomic(Path::new("/dev/null"), b"x").unwrap_err();
        assert!(e.to_string().contains("a device"), "{e}");
    }

    #[cfg(unix)]
    trait FifoLike {
        fn is_fifo_like(&self) -> bool;
    }
    #[cfg(unix)]
    impl FifoLike for fs::FileType {
        fn is_fifo_like(&self) -> bool {
            use std::os::unix::fs::FileTypeExt;
            self.is_fifo()
        }
    }
}
