//! Native file dialogs, run on a worker thread so the window keeps drawing.
//!
//! A dialog that returns nothing means "cancelled or no dialog available": both leave
//! the current document open. The chosen file is read and parsed on the same thread.

use crate::core::document::Document;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

/// A dialog that answered faster than this was never shown: there is no dialog service.
const UNAVAILABLE_WITHIN: Duration = Duration::from_millis(150);

/// How an Open dialog ended.
#[derive(Debug)]
pub enum DialogOutcome {
    /// The user cancelled.
    Cancelled,
    /// No file dialog could be shown on this system.
    Unavailable,
    /// A document was chosen and read.
    Opened(Box<Document>),
    /// A file was chosen but could not be opened; the message says why.
    Failed(String),
}

/// An Open dialog in progress.
pub struct PendingDialog {
    receiver: Receiver<DialogOutcome>,
}

impl PendingDialog {
    /// Shows the Open document dialog on a worker thread, starting in `folder`.
    pub fn open_document(ctx: &egui::Context, folder: Option<PathBuf>) -> Self {
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("open-dialog".into())
            .spawn(move || {
                let started = Instant::now();
                let mut dialog = rfd::FileDialog::new()
                    .set_title("Open document")
                    .add_filter("Plain text", &["txt", "text"])
                    .add_filter("All files", &["*"]);
                if let Some(folder) = folder {
                    dialog = dialog.set_directory(folder);
                }
                let outcome = match dialog.pick_file() {
                    None if started.elapsed() < UNAVAILABLE_WITHIN => DialogOutcome::Unavailable,
                    None => DialogOutcome::Cancelled,
                    Some(path) => match Document::open(&path) {
                        Ok(doc) => DialogOutcome::Opened(Box::new(doc)),
                        Err(e) => DialogOutcome::Failed(e.to_string()),
                    },
                };
                // The window may have closed meanwhile; then nobody needs the answer.
                let _ = sender.send(outcome);
                ctx.request_repaint();
            });
        if let Err(e) = spawned {
            let (sender, receiver) = channel();
            let _ = sender.send(DialogOutcome::Failed(format!(
                "Could not start the file dialog: {e}"
            )));
            return Self { receiver };
        }
        Self { receiver }
    }

    /// The outcome, once the dialog has closed.
    pub fn poll(&self) -> Option<DialogOutcome> {
        match self.receiver.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(DialogOutcome::Failed(
                "The file dialog stopped unexpectedly.".into(),
            )),
        }
    }
}
