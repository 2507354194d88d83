//! An advisory lock that keeps two programs from writing one note set at once: each
//! writer holds it from the moment it reads the set it will change until its save is in
//! place, so a second writer waits and then reads what the first one wrote. It locks the
//! set's folder (every Marginalia writer asks for it), so it leaves no file behind and
//! outlives no process: the system releases it when its holder ends, even by `kill -9`.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The lock on the folder of a note set; released when dropped.
#[derive(Debug)]
pub struct WriteLock {
    /// The open folder the lock is held on (`None` where the system offers no lock).
    _held: Option<File>,
}

/// Why the lock was not had.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another program is writing a note set in {folder} (waited {waited} s); nothing was written. \
         Try again when it has finished."
    )]
    Busy { folder: PathBuf, waited: u64 },
    #[error("cannot lock {folder} for writing: {source}")]
    Io {
        folder: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl WriteLock {
    /// Takes the lock for writing the note set at `path`, waiting up to `wait` for another
    /// writer to finish. A folder that cannot be opened (it does not exist yet, say) is
    /// not locked: there is nothing in it to protect, and the write reports the problem.
    pub fn acquire(path: &Path, wait: Duration) -> Result<WriteLock, LockError> {
        let target = super::atomic::write_target(path).unwrap_or_else(|_| path.to_path_buf());
        let folder = super::atomic::folder_of(&target).to_path_buf();
        let Ok(handle) = File::open(&folder) else {
            return Ok(WriteLock { _held: None });
        };
        let start = Instant::now();
        loop {
            match try_lock(&handle) {
                Ok(true) => {
                    return Ok(WriteLock {
                        _held: Some(handle),
                    });
                }
                Ok(false) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                Ok(false) => {
                    return Err(LockError::Busy {
                        folder,
                        waited: wait.as_secs(),
                    });
                }
                Err(source) => return Err(LockError::Io { folder, source }),
            }
        }
    }
}

/// Takes an exclusive lock on `file` without waiting: `Ok(false)` when another holds it.
#[cfg(unix)]
pub(crate) fn try_lock(file: &File) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor this function borrows; no memory is passed.
    let answer = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if answer == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::EWOULDBLOCK) => Ok(false),
        // A file system without locks (some network mounts): nothing to wait for.
        Some(libc::ENOLCK) | Some(libc::EOPNOTSUPP) => Ok(true),
        _ => Err(error),
    }
}

/// Elsewhere the lock is the file's own: taken whenever the file opens.
#[cfg(not(unix))]
pub(crate) fn try_lock(_file: &File) -> io::Result<bool> {
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_and_then_gives_up_with_a_message() {
        let dir = std::env::temp_dir().join(format!("marginalia-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let set = dir.join("s.ron");
        let first = WriteLock::acquire(&set, Duration::ZERO).unwrap();
        let second = WriteLock::acquire(&set, Duration::from_millis(100));
        let message = second.unwrap_err().to_string();
        assert!(message.contains("another program is writing"), "{message}");
        drop(first);
        assert!(WriteLock::acquire(&set, Duration::ZERO).is_ok());
    }
}
