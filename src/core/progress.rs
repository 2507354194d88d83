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

/// Reads a whole file in 1 MiB pieces, counting them as the stage "Reading"; stops with
/// `ErrorKind::Interrupted` when cancelled.
pub fn read_file(path: &Path, progress: &Progress) -> std::io::Result<Vec<u8>> {
    const PIECE: usize = 1024 * 1024;
    let mut file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    progress.begin("Reading", size);
    // The size is a hint only: the file may change while it is read.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).min(1 << 30));
    let mut piece = vec![0; PIECE];
    loop {
        if progress.is_cancelled() {
            return Err(cancelled());
        }
        let n = match file.read(&mut piece) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        bytes.extend_from_slice(&piece[..n]);
        progress.advance(n as u64);
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
        assert_eq!(read_file(&path, &progress).unwrap(), data);
        assert_eq!(progress.snapshot(), ("Reading".to_string(), Some(1.0)));

        let cancelled = Progress::default();
        cancelled.cancel();
        let err = read_file(&path, &cancelled).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::Interrupted);

        let unknown = Progress::default();
        unknown.begin("Reading the structure", 0);
        assert_eq!(unknown.snapshot().1, None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
