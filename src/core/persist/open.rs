//! Opening a note set onto its documents: read the file, find (or take) each source's
//! text, fit the highlights to it. The window and the command line open sets this one
//! way.

use super::{
    DiskStamp, DocumentNotFound, Found, NoteSetError, NoteSetFile, attach_all, find_source,
};
use crate::core::document::Document;
use crate::core::library::{Library, Loaded};
use crate::core::progress::Progress;
use crate::core::reanchor::ReanchorReport;
use crate::core::study::note_set::NoteSet;
use crate::core::study::source::SourceId;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Which document a set is opened onto.
#[derive(Debug, Clone, Copy)]
pub enum OpenOn<'a> {
    /// This one, whatever text the set was made on: it is taken for the source it is
    /// (or the set's only source), whose highlights are re-anchored to it. The set's
    /// other sources are found as with `Own`. A text that is none of a study's several
    /// documents (nor read from a source's file) is fitted to none (see
    /// [`super::source_for_at`]).
    Document(&'a Document),
    /// The set's own documents: `current` for the source that has its text, the others
    /// found by [`find_source`] (never a file the set's hint names with another text).
    Own { current: Option<&'a Document> },
}

/// What became of one source when the set was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceOutcome {
    /// Its text was found and its highlights fitted to it.
    Placed(ReanchorReport),
    /// Its text was not found: its highlights are kept as saved, unchecked.
    Missing(DocumentNotFound),
}

/// A set opened and fitted to its documents.
#[derive(Debug)]
pub struct OpenedSet {
    /// The file as read: title and the records of its sources.
    pub file: NoteSetFile,
    /// The document to show first, when it is not the one given (`OpenOn`): the given
    /// or current document when the set has it, else its first source found.
    pub found: Option<Document>,
    /// The set placed on its documents: orphans and proposals kept.
    pub set: NoteSet,
    /// Every placed source's counts together.
    pub report: ReanchorReport,
    /// Each source's outcome, by id.
    pub outcomes: BTreeMap<SourceId, SourceOutcome>,
    /// The texts found, by source.
    pub library: Library,
    /// What the file held, to notice later changes by other programs.
    pub stamp: DiskStamp,
}

impl OpenedSet {
    /// The sources whose text was not found.
    pub fn missing(&self) -> Vec<(SourceId, &DocumentNotFound)> {
        (self.outcomes.iter())
            .filter_map(|(id, o)| match o {
                SourceOutcome::Missing(m) => Some((*id, m)),
                SourceOutcome::Placed(_) => None,
            })
            .collect()
    }
}

/// Why a set could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The file could not be read or is not a note set.
    #[error(transparent)]
    NoteSet(#[from] NoteSetError),
    /// None of the set's documents was found.
    #[error("{}: {missing}", .set.display())]
    DocumentNotFound {
        set: PathBuf,
        missing: DocumentNotFound,
    },
}

/// Opens the set at `path` onto its documents (see [`OpenOn`]), reporting to `progress`
/// and stopping when it is cancelled. A source whose text is not found keeps its
/// highlights as saved and is listed in [`OpenedSet::outcomes`]; the open fails only when
/// no source's text is found at all. Temp files that killed saves left in the set's folder
/// are removed (those of running programs are not).
pub fn open_note_set(
    path: &Path,
    on: OpenOn<'_>,
    progress: &Progress,
) -> Result<OpenedSet, OpenError> {
    let (file, text) = super::load_with(path, progress)?;
    // Temp files of saves that were killed mid-write, left beside the set: nobody's now.
    super::atomic::sweep_stale_temps(super::atomic::folder_of(path));
    fit_note_set(file, &text, path, on, progress)
}

/// Fits a set already read (`text` is what it was read from, for messages; `path` where
/// it is, for finding its documents) to its documents, as [`open_note_set`] does.
pub fn fit_note_set(
    file: NoteSetFile,
    text: &str,
    path: &Path,
    on: OpenOn<'_>,
    progress: &Progress,
) -> Result<OpenedSet, OpenError> {
    let mut library = Library::new();
    let mut outcomes = BTreeMap::new();
    // The given document, for the source it is.
    let given = match on {
        OpenOn::Document(doc) => super::source_for_at(&file.set, doc, path).map(|id| (id, doc)),
        OpenOn::Own { current } => current.and_then(|c| {
            let fingerprint = c.fingerprint();
            (file.set.sources().iter())
                .find(|r| r.fingerprint == fingerprint)
                .map(|r| (r.id, c))
        }),
    };
    if let Some((id, doc)) = given {
        library.insert(id, Loaded::Text(Arc::new(doc.clone())));
    }
    progress.begin("Finding the documents", 0);
    let mut found = Found::default();
    let mut first_missing = None;
    for record in file.set.sources() {
        if given.is_some_and(|(id, _)| id == record.id) {
            continue;
        }
        if progress.is_cancelled() {
            return Err(NoteSetError::Cancelled {
                path: path.to_path_buf(),
            }
            .into());
        }
        match find_source(record, path, &mut found) {
            Ok(mut loaded) => {
                // A copy of the same text without its sidecar still cites as the set
                // recorded.
                if let Loaded::Text(doc) = &mut loaded {
                    Arc::make_mut(doc).fill_missing_info(
                        &record.fingerprint,
                        record.citation.as_deref(),
                        record.url.as_deref(),
                    );
                }
                library.insert(record.id, loaded);
            }
            Err(missing) => {
                first_missing.get_or_insert_with(|| missing.clone());
                outcomes.insert(record.id, SourceOutcome::Missing(missing));
            }
        }
    }
    if library.is_empty()
        && let Some(missing) = first_missing
    {
        return Err(OpenError::DocumentNotFound {
            set: path.to_path_buf(),
            missing,
        });
    }
    let docs = library.documents();
    let (set, reports) = attach_all(path, text, &file, &docs, progress)?;
    let mut report = ReanchorReport::default();
    for (id, r) in reports {
        report.add(&r);
        outcomes.insert(id, SourceOutcome::Placed(r));
    }
    // The given or current document is the one shown when the set has it; else the
    // first found.
    let found = match given {
        Some(_) => None,
        None => match on {
            OpenOn::Document(_) => None,
            OpenOn::Own { .. } => library.iter().next().map(|(_, d)| d.clone()),
        },
    };
    Ok(OpenedSet {
        stamp: DiskStamp::of_bytes(text.as_bytes()),
        file,
        found,
        set,
        report,
        outcomes,
        library,
    })
}
