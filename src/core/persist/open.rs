//! Opening a note set onto a document: read the file, find (or take) its document, fit
//! the highlights to it. The window and the command line open sets this one way.

use super::{DiskStamp, DocumentNotFound, NoteSetError, NoteSetFile, attach_with, find_document};
use crate::core::document::Document;
use crate::core::progress::Progress;
use crate::core::reanchor::ReanchorReport;
use crate::core::study::note_set::NoteSet;
use std::path::{Path, PathBuf};

/// Which document a set is opened onto.
#[derive(Debug, Clone, Copy)]
pub enum OpenOn<'a> {
    /// This one, whatever text the set was made on (its highlights are re-anchored).
    Document(&'a Document),
    /// The set's own: `current` when it is the same text, else the one
    /// [`find_document`] finds (never a file the set's hint names with another text).
    Own { current: Option<&'a Document> },
}

/// A set opened and fitted to its document.
#[derive(Debug)]
pub struct OpenedSet {
    /// The file as read: title and the record of its document.
    pub file: NoteSetFile,
    /// The document found for it, when it is not the one given (`OpenOn`).
    pub found: Option<Document>,
    /// The set placed on the document: orphans and proposals kept.
    pub set: NoteSet,
    pub report: ReanchorReport,
    /// What the file held, to notice later changes by other programs.
    pub stamp: DiskStamp,
}

/// Why a set could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The file could not be read or is not a note set.
    #[error(transparent)]
    NoteSet(#[from] NoteSetError),
    /// The set's own document was not found.
    #[error("{}: {missing}", .set.display())]
    DocumentNotFound {
        set: PathBuf,
        missing: DocumentNotFound,
    },
}

/// Opens the set at `path` onto a document (see [`OpenOn`]), reporting to `progress`
/// and stopping when it is cancelled.
pub fn open_note_set(
    path: &Path,
    on: OpenOn<'_>,
    progress: &Progress,
) -> Result<OpenedSet, OpenError> {
    let (file, text) = super::load_with(path, progress)?;
    let given = match on {
        OpenOn::Document(doc) => Some(doc),
        OpenOn::Own { current } => current.filter(|c| c.fingerprint() == file.document.fingerprint),
    };
    let mut found = None;
    let target: &Document = match given {
        Some(doc) => doc,
        None => {
            progress.begin("Finding the document", 0);
            let mut doc =
                find_document(&file, path).map_err(|missing| OpenError::DocumentNotFound {
                    set: path.to_path_buf(),
                    missing,
                })?;
            // A copy of the same text without its sidecar still cites as the set
            // recorded.
            doc.fill_missing_info(
                &file.document.fingerprint,
                file.document.citation.as_deref(),
                file.document.url.as_deref(),
            );
            found.insert(doc)
        }
    };
    let (set, report) = attach_with(path, &text, &file, target, progress)?;
    Ok(OpenedSet {
        stamp: DiskStamp::of_bytes(text.as_bytes()),
        file,
        found,
        set,
        report,
    })
}
