//! Work on a thread of its own, so the window keeps drawing: a file dialog, a large file
//! being opened. The worker asks for a repaint when it is done, and its result is taken
//! with [`Worker::poll`] on a later frame.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// A job running on its own thread, with the result it will send.
pub struct Worker<T> {
    receiver: Receiver<T>,
    /// Set once the job has sent its result (or found nobody left to send it to).
    finished: Arc<AtomicBool>,
}

/// What a worker's result turned out to be.
#[derive(Debug, PartialEq)]
pub enum Polled<T> {
    /// Not done yet.
    Waiting,
    Done(T),
    /// The thread ended without a result (it panicked).
    Lost,
}

impl<T: Send + 'static> Worker<T> {
    /// Runs `job` on a thread named `name`; `Err` when no thread could be started.
    pub fn spawn(
        ctx: &egui::Context,
        name: &str,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        let (sender, receiver) = channel();
        let finished = Arc::new(AtomicBool::new(false));
        let worker_finished = Arc::clone(&finished);
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                // Whoever asked may have gone (a cancelled open, a closed window): then
                // the result goes nowhere.
                let _ = sender.send(job());
                worker_finished.store(true, Ordering::Release);
                ctx.request_repaint();
            })?;
        Ok(Worker { receiver, finished })
    }

    /// The result, once there is one.
    pub fn poll(&self) -> Polled<T> {
        match self.receiver.try_recv() {
            Ok(result) => Polled::Done(result),
            Err(TryRecvError::Empty) => Polled::Waiting,
            Err(TryRecvError::Disconnected) => Polled::Lost,
        }
    }

    /// True once the job has stopped, its result sent or dropped.
    pub fn is_finished(&self) -> bool {
        self.finished.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn wait<T: Send + 'static>(worker: &Worker<T>) -> Polled<T> {
        let started = Instant::now();
        loop {
            match worker.poll() {
                Polled::Waiting if started.elapsed() < Duration::from_secs(10) => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                other => return other,
            }
        }
    }

    #[test]
    fn a_result_arrives_and_a_panic_is_reported_as_lost() {
        let ctx = egui::Context::default();
        let worker = Worker::spawn(&ctx, "test-job", || 6 * 7).expect("a thread");
        assert_eq!(wait(&worker), Polled::Done(42));
        assert!(worker.is_finished());
        let panicking = Worker::<u8>::spawn(&ctx, "test-panic", || panic!("a job that fails"))
            .expect("a thread");
        assert_eq!(wait(&panicking), Polled::Lost);
        assert!(!panicking.is_finished(), "it never got to send");
    }
}
