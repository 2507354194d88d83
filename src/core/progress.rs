//! How far a long task has got, shared between the thread doing it and the window that
//! shows it, and a way for the window to ask the task to stop.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// A task's progress: a stage ("Reading"), how much of it is done out of how much, and
/// whether it was cancelled. Clones share one state.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    stage: Mutex<String>,
    done: AtomicU64,
    total: AtomicU64,
    cancelled: AtomicBool,
}

impl Progress {
    /// Starts a stage of `total` units; 0 when its length is unknown.
    pub fn begin(&self, stage: &str, total: u64) {
        if let Ok(mut s) = self.inner.stage.lock() {
            stage.clone_into(&mut s);
        }
        self.inner.done.store(0, Ordering::Relaxed);
        self.inner.total.store(total, Ordering::Relaxed);
    }

    /// `n` more units of the stage are done.
    pub fn advance(&self, n: u64) {
        self.inner.done.fetch_add(n, Ordering::Relaxed);
    }

    /// The stage's name, and the part done (0–1) when its length is known.
    pub fn snapshot(&self) -> (String, Option<f32>) {
        let stage = self
            .inner
            .stage
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default();
        let total = self.inner.total.load(Ordering::Relaxed);
        let done = self.inner.done.load(Ordering::Relaxed).min(total);
        let fraction = (total > 0).then(|| (done as f64 / total as f64) as f32);
        (stage, fraction)
    }

    /// Asks the task to stop at its next check.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::Relaxed)
    }
}

/// Why a file could not be read whole.
#[derive(Debug)]
pub enum ReadError {
    /// The operating system refused or failed (missing file, no permission, cancelled).
    Io(std::io::Error),
    /// Not a regular file: a device, a pipe, a socket. Such a file may never end (or never
    /// start: a pipe blocks until a writer comes), so it is not opened.
    NotRegular { kind: &'static str },
    /// Longer than the limit; `read` bytes were read when the read stopped (the length
    /// the file system gives is 0 for devices and `/proc` files, so it is not trusted).
    TooLarge { read: u64 },
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// What kind of non-regular file `meta` describes, in words a user knows.
pub(crate) fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Reads a whole regular file of at most `limit` bytes in 1 MiB pieces, counting them as
/// the stage "Reading". Devices, pipes and sockets are refused before they are opened;
/// a file that turns out longer than `limit` (whatever its stated length) stops the read
/// at `limit + 1` bytes. Cancelling stops with an `Io` error of kind `Interrupted`.
pub fn read_file(path: &Path, limit: u64, progress: &Progress) -> Result<Vec<u8>, ReadError> {
    const PIECE: usize = 1024 * 1024;
    // Looked at before opening: opening a pipe for reading waits for a writer.
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular {
            kind: file_kind(&meta),
        });
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { read: meta.len() });
    }
    let file = std::fs::File::open(path)?;
    // Checked again on the open file: the path may have been swapped in between.
    let opened = file.metadata()?;
    if !opened.is_file() {
        return Err(ReadError::NotRegular {
            kind: file_kind(&opened),
        });
    }
    let size = opened.len();
    progress.begin("Reading", size);
    // The size is a hint only: the file may change while it is read, and `/proc` files
    // say 0. The read itself is bounded.
    let mut file = file.take(limit + 1);
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(limit)).unwrap_or(0).min(1 << 30));
    let mut piece = vec![0; PIECE];
    loop {
        if progress.is_cancelled() {
            return Err(ReadError::Io(cancelled()));
        }
        let n = match file.read(&mut piece) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ReadError::Io(e)),
        };
        bytes.extend_from_slice(&piece[..n]);
        progress.advance(n as u64);
        if bytes.len() as u64 > limit {
            return Err(ReadError::TooLarge {
                read: bytes.len() as u64,
            });
        }
    }
    Ok(bytes)
}

/// The error a cancelled read ends with.
pub fn cancelled() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::Interrupted, "cancelled")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_counts_every_byte_and_stops_when_cancelled() {
        let dir = std::env::temp_dir().join(format!("marginalia-progress-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.txt");
        let data: Vec<u8> = (0..3_500_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::write(&path, &data).unwrap();

        let progress = Progress::default();
        assert_eq!(read_file(&path, 1 << 30, &progress).unwrap(), data);
        assert_eq!(progress.snapshot(), ("Reading".to_string(), Some(1.0)));

        let cancelled = Progress::default();
        cancelled.cancel();
        let err = read_file(&path, 1 << 30, &cancelled).unwrap_err();
        assert!(
            matches!(&err, ReadError::Io(e) if e.kind() == std::io::ErrorKind::Interrupted),
            "{err:?}"
        );

        let err = read_file(&path, 1000, &Progress::default()).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }), "{err:?}");

        let unknown = Progress::default();
        unknown.begin("Reading the structure", 0);
        assert_eq!(unknown.snapshot().1, None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn devices_pipes_and_endless_files_are_refused_at_once() {
        let start = std::time::Instant::now();
        let err = read_file(Path::new("/dev/zero"), 1 << 20, &Progress::default()).unwrap_err();
        assert!(
            matches!(err, ReadError::NotRegular { kind: "a device" }),
            "{err:?}"
        );
        // A /proc file says its length is 0 but has text: read, within the limit.
        if Path::new("/proc/self/status").exists() {
            let bytes = read_file(
                Path::new("/proc/self/status"),
                1 << 20,
                &Progress::default(),
            )
            .unwrap();
            assert!(!bytes.is_empty());
            let err =
                read_file(Path::new("/proc/self/status"), 10, &Progress::default()).unwrap_err();
            assert!(matches!(err, ReadError::TooLarge { read: 11 }), "{err:?}");
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }
}
