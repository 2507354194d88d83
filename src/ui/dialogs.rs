//! Native file dialogs, run on a worker thread so the window keeps drawing.
//!
//! A dialog that returns nothing means "cancelled or no dialog available": both leave
//! everything as it was. The app reads the chosen file itself.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

/// A dialog that answered faster than this was never shown: there is no dialog service.
const UNAVAILABLE_WITHIN: Duration = Duration::from_millis(150);

/// What a dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogPurpose {
    OpenDocument,
    OpenNoteSet,
    SaveNoteSetAs,
    MergeNoteSet,
    /// Where to write an export of this format.
    ExportTo(crate::core::export::Format),
}

impl DialogPurpose {
    fn title(self) -> &'static str {
        match self {
            DialogPurpose::OpenDocument => "Open document",
            DialogPurpose::OpenNoteSet => "Open note set",
            DialogPurpose::SaveNoteSetAs => "Save note set as",
            DialogPurpose::MergeNoteSet => "Merge note set into this one",
            DialogPurpose::ExportTo(_) => "Export highlights to",
        }
    }
}

/// How a dialog ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogOutcome {
    /// The user cancelled.
    Cancelled,
    /// No file dialog could be shown on this system.
    Unavailable,
    /// A file was chosen.
    Chosen(PathBuf),
    /// The dialog could not be started.
    Failed(String),
}

/// A dialog in progress.
pub struct PendingDialog {
    pub purpose: DialogPurpose,
    receiver: Receiver<DialogOutcome>,
}

impl PendingDialog {
    /// Shows a dialog on a worker thread, starting in `folder`, suggesting `file_name`
    /// (for Save as).
    pub fn show(
        ctx: &egui::Context,
        purpose: DialogPurpose,
        folder: Option<PathBuf>,
        file_name: Option<String>,
    ) -> Self {
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let started = Instant::now();
                let mut dialog = rfd::FileDialog::new().set_title(purpose.title());
                dialog = match purpose {
                    DialogPurpose::OpenDocument => dialog
                        .add_filter("Plain text", &["txt", "text"])
                        .add_filter("All files", &["*"]),
                    _ => dialog.add_filter("Note set", &["ron"]),
                };
                if let Some(folder) = folder {
                    dialog = dialog.set_directory(folder);
                }
                if let Some(name) = file_name {
                    dialog = dialog.set_file_name(name);
                }
                let chosen = match purpose {
                    DialogPurpose::SaveNoteSetAs => dialog.save_file(),
                    _ => dialog.pick_file(),
                };
                let outcome = match chosen {
                    None if started.elapsed() < UNAVAILABLE_WITHIN => DialogOutcome::Unavailable,
                    None => DialogOutcome::Cancelled,
                    Some(path) => DialogOutcome::Chosen(path),
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
            return Self { purpose, receiver };
        }
        Self { purpose, receiver }
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
