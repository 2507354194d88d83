//! Native file dialogs, run on a worker thread so the window keeps drawing.
//!
//! A dialog that returns nothing means "cancelled or no dialog available": both leave
//! everything as it was. The app reads the chosen file itself.

use crate::ui::system::worker::{Polled, Worker};
use std::path::PathBuf;
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
    /// True for a dialog that names a file to write (which may not exist yet).
    fn saves(self) -> bool {
        matches!(
            self,
            DialogPurpose::SaveNoteSetAs | DialogPurpose::ExportTo(_)
        )
    }

    /// The dialog's file-type filters: a name and the extensions it lists.
    fn filters(self) -> Vec<(&'static str, Vec<&'static str>)> {
        match self {
            DialogPurpose::OpenDocument => vec![
                (
                    "Documents (text, TEI, PDF)",
                    vec!["txt", "text", "xml", "pdf"],
                ),
                ("All files", vec!["*"]),
            ],
            DialogPurpose::OpenNoteSet
            | DialogPurpose::SaveNoteSetAs
            | DialogPurpose::MergeNoteSet => vec![("Note set", vec!["ron"])],
            DialogPurpose::ExportTo(format) => vec![
                (format.label(), vec![format.extension()]),
                ("All files", vec!["*"]),
            ],
        }
    }

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
    /// The dialog's thread, or why none could be started.
    job: Result<Worker<DialogOutcome>, String>,
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
        let job = Worker::spawn(ctx, "file-dialog", move || {
            let started = Instant::now();
            let mut dialog = rfd::FileDialog::new().set_title(purpose.title());
            for (name, extensions) in purpose.filters() {
                dialog = dialog.add_filter(name, &extensions);
            }
            if let Some(folder) = folder {
                dialog = dialog.set_directory(folder);
            }
            if let Some(name) = file_name {
                dialog = dialog.set_file_name(name);
            }
            let chosen = if purpose.saves() {
                dialog.save_file()
            } else {
                dialog.pick_file()
            };
            match chosen {
                None if started.elapsed() < UNAVAILABLE_WITHIN => DialogOutcome::Unavailable,
                None => DialogOutcome::Cancelled,
                Some(path) => DialogOutcome::Chosen(path),
            }
        })
        .map_err(|e| format!("Could not start the file dialog: {e}"));
        Self { purpose, job }
    }

    /// The outcome, once the dialog has closed.
    pub fn poll(&self) -> Option<DialogOutcome> {
        match &self.job {
            Err(message) => Some(DialogOutcome::Failed(message.clone())),
            Ok(worker) => match worker.poll() {
                Polled::Waiting => None,
                Polled::Done(outcome) => Some(outcome),
                Polled::Lost => Some(DialogOutcome::Failed(
                    "The file dialog stopped unexpectedly.".into(),
                )),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::export::Format;

    #[test]
    fn an_export_asks_where_to_save_a_file_of_its_own_kind() {
        for format in [Format::Markdown, Format::Csv, Format::Qdpx] {
            let purpose = DialogPurpose::ExportTo(format);
            assert!(
                purpose.saves(),
                "{format:?}: a save dialog, not an open one"
            );
            let filters = purpose.filters();
            assert_eq!(filters[0].1, vec![format.extension()], "{format:?}");
            assert!(filters.iter().all(|(_, e)| !e.contains(&"ron")));
        }
        assert!(DialogPurpose::SaveNoteSetAs.saves());
        assert!(!DialogPurpose::OpenNoteSet.saves());
        assert!(!DialogPurpose::MergeNoteSet.saves());
    }
}
