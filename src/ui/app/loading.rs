//! Opening large files off the UI thread: the window stays responsive, shows what it is
//! opening and how far it has got, and Cancel stops the work (whatever it still sends is
//! dropped).

use crate::core::document::Document;
use crate::core::document::error::DocumentError;
use crate::core::persist;
use crate::core::progress::Progress;
use crate::core::reanchor::ReanchorReport;
use crate::core::source::{Source, open_source};
use crate::core::study::note_set::NoteSet;
use crate::ui::system::worker::{Polled, Worker};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files larger than this are opened on a worker thread (1 MiB): smaller ones open in
/// well under a frame's worth of a second.
pub const BACKGROUND_BYTES: u64 = 1024 * 1024;

/// A note set read, fitted to its document, and ready to show.
pub struct PreparedSet {
    pub path: PathBuf,
    /// The set's document, when it is not the one already open.
    pub document: Option<Document>,
    pub set: NoteSet,
    pub report: ReanchorReport,
    pub title: String,
    /// What the file held, to notice later changes by other programs.
    pub stamp: persist::DiskStamp,
    /// The texts of the set's sources that were found.
    pub library: crate::core::library::Library,
    /// Sources whose text was not found, in words ("“Title”: …").
    pub missing: Vec<String>,
}

/// Why a document could not be opened in the background.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Document(#[from] DocumentError),
    #[error(transparent)]
    Source(#[from] crate::core::source::SourceError),
    #[error("Could not start opening the file: {0}")]
    NotStarted(Arc<std::io::Error>),
    #[error("Opening the file stopped unexpectedly.")]
    Stopped,
}

/// Reads the note set at `path` and fits it to its document: `current` when the texts
/// match or `here` is set, else the document found from the set. The message says why not.
pub fn prepare_note_set(
    current: &Document,
    path: &Path,
    here: bool,
) -> Result<PreparedSet, persist::OpenError> {
    prepare_note_set_with(current, path, here, &Progress::default())
}

/// [`prepare_note_set`], reporting to `progress` and stopping when it is cancelled.
pub fn prepare_note_set_with(
    current: &Document,
    path: &Path,
    here: bool,
    progress: &Progress,
) -> Result<PreparedSet, persist::OpenError> {
    let on = if here {
        persist::OpenOn::Document(current)
    } else {
        persist::OpenOn::Own {
            current: Some(current),
        }
    };
    let opened = persist::open_note_set(path, on, progress)?;
    let missing = (opened.missing().into_iter())
        .map(|(_, m)| m.to_string())
        .collect();
    Ok(PreparedSet {
        path: path.to_path_buf(),
        document: opened.found,
        set: opened.set,
        report: opened.report,
        title: opened.file.title,
        stamp: opened.stamp,
        library: opened.library,
        missing,
    })
}

/// What a background open produced.
pub enum Loaded {
    Document(Result<Box<Source>, LoadError>),
    NoteSet(Result<Box<PreparedSet>, persist::OpenError>),
}

/// An open in progress.
pub struct Loading {
    /// The file's name, for "Opening …".
    pub name: String,
    /// How far the worker has got; cancelling it stops the worker at its next check.
    pub progress: Progress,
    /// The worker, or why none could be started.
    job: Result<Worker<Loaded>, Arc<std::io::Error>>,
}

impl Loading {
    /// Opens a document on a worker thread.
    pub fn document(ctx: &egui::Context, path: PathBuf) -> Self {
        Self::spawn(ctx, &path.clone(), move |progress| {
            Loaded::Document(
                open_source(&path, None, progress)
                    .map(Box::new)
                    .map_err(LoadError::from),
            )
        })
    }

    /// Reads a note set and fits it to its document on a worker thread.
    pub fn note_set(ctx: &egui::Context, current: Document, path: PathBuf, here: bool) -> Self {
        Self::spawn(ctx, &path.clone(), move |progress| {
            Loaded::NoteSet(prepare_note_set_with(&current, &path, here, progress).map(Box::new))
        })
    }

    fn spawn(
        ctx: &egui::Context,
        path: &Path,
        work: impl FnOnce(&Progress) -> Loaded + Send + 'static,
    ) -> Self {
        let progress = Progress::default();
        let worker_progress = progress.clone();
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let job = Worker::spawn(ctx, "open-file", move || work(&worker_progress)).map_err(Arc::new);
        Loading {
            name,
            progress,
            job,
        }
    }

    /// True once the worker has stopped, its result sent or dropped.
    pub fn is_finished(&self) -> bool {
        self.job.as_ref().map_or(true, Worker::is_finished)
    }

    /// The result, once the work is done.
    pub fn poll(&self) -> Option<Loaded> {
        match &self.job {
            Err(error) => Some(Loaded::Document(Err(LoadError::NotStarted(Arc::clone(
                error,
            ))))),
            Ok(worker) => match worker.poll() {
                Polled::Waiting => None,
                Polled::Done(loaded) => Some(loaded),
                Polled::Lost => Some(Loaded::Document(Err(LoadError::Stopped))),
            },
        }
    }
}

/// True when `path` is large enough to open in the background.
pub fn is_large(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > BACKGROUND_BYTES)
}
