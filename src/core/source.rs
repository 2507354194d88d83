//! Opening whatever file a user names: a plain-text document, a FRUS TEI volume (told
//! apart by content, not by extension), or one document of a volume named as
//! `volume.xml#d84`.

use crate::core::document::error::DocumentError;
use crate::core::document::{Document, read_document_bytes};
use crate::core::progress::Progress;
use crate::core::tei::{self, Volume};
use std::path::Path;
use std::sync::Arc;

/// Splits a document source `volume.xml#d84` into the volume's path and the document's
/// id, when the part after `#` looks like an id and the part before names an XML file.
pub fn split_source(source: &str) -> Option<(&str, &str)> {
    let (path, id) = source.rsplit_once('#')?;
    let id_like = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
    (id_like && path.to_ascii_lowercase().ends_with(".xml")).then_some((path, id))
}

/// Why a file could not be opened: as a document, as a volume, or the document asked
/// for is not in the volume.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error(transparent)]
    Document(#[from] DocumentError),
    #[error(transparent)]
    Volume(#[from] tei::TeiError),
    #[error(
        "{path} has no document “{wanted}”; its documents are numbered {first}–{last} (ids such as d{first})."
    )]
    NoSuchDocument {
        path: std::path::PathBuf,
        wanted: String,
        first: String,
        last: String,
    },
    #[error("{path} cannot be read: {reason}.")]
    Pdf {
        path: std::path::PathBuf,
        reason: crate::core::pdf::PdfError,
    },
}

/// What a file turned out to be.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // Made once per open; boxing would only add a step.
pub enum Source {
    /// A plain-text document.
    Text(Document),
    /// A TEI volume, and which of its documents to show first.
    Volume { volume: Arc<Volume>, index: usize },
}

impl Source {
    /// The document to show.
    pub fn document(&self) -> &Document {
        match self {
            Source::Text(doc) => doc,
            Source::Volume { volume, index } => &volume.documents()[*index],
        }
    }

    /// The volume, when the file was one.
    pub fn volume(&self) -> Option<&Arc<Volume>> {
        match self {
            Source::Text(_) => None,
            Source::Volume { volume, .. } => Some(volume),
        }
    }
}

/// Opens `path`: a text document, or a volume at its document `wanted` (an id such as
/// `d84` or a number), else its first. A path of the form `volume.xml#d84` that names no
/// file opens that document of that volume.
pub fn open_source(
    path: &Path,
    wanted: Option<&str>,
    progress: &Progress,
) -> Result<Source, SourceError> {
    let text_path = path.to_string_lossy();
    if !path.exists()
        && let Some((volume_path, id)) = split_source(&text_path)
    {
        let volume_path = Path::new(volume_path);
        if volume_path.is_file() {
            return open_source(volume_path, Some(wanted.unwrap_or(id)), progress);
        }
    }
    let bytes = read_document_bytes(path, progress)?;
    if let Ok(text) = std::str::from_utf8(&bytes)
        && tei::is_tei(text)
    {
        progress.begin("Reading the volume's documents", 0);
        let volume = Volume::read(text, &path.display().to_string())?;
        let index = match wanted {
            None => 0,
            Some(w) => volume.find(w).ok_or_else(|| {
                let docs = volume.documents();
                let label = |d: &Document| {
                    d.info()
                        .number
                        .map(|n| n.to_string())
                        .or_else(|| d.info().id.clone())
                        .unwrap_or_default()
                };
                SourceError::NoSuchDocument {
                    path: path.to_path_buf(),
                    wanted: w.to_string(),
                    first: docs.first().map(label).unwrap_or_default(),
                    last: docs.last().map(label).unwrap_or_default(),
                }
            })?,
        };
        return Ok(Source::Volume {
            volume: Arc::new(volume),
            index,
        });
    }
    if crate::core::pdf::is_pdf(&bytes) {
        let (parts, _) = crate::core::pdf::read(&bytes, &path.display().to_string(), progress)
            .map_err(|reason| SourceError::Pdf {
                path: path.to_path_buf(),
                reason,
            })?;
        let mut doc = Document::from_parts(parts);
        doc.apply_meta_beside(path);
        return Ok(Source::Text(doc));
    }
    let doc = Document::from_bytes_with_meta(&bytes, path, progress)?;
    Ok(Source::Text(doc))
}

/// Opens the one document `path` names: a text file, or `volume.xml#d84`. A volume named
/// without a document gives its first.
pub fn open_document(path: &Path) -> Result<Document, SourceError> {
    match open_source(path, None, &Progress::default())? {
        Source::Text(doc) => Ok(doc),
        Source::Volume { volume, index } => Ok(volume.documents()[index].clone()),
    }
}

/// The file `doc` was read from: the volume's file for a document of a TEI volume
/// (whose source reads `volume.xml#d84`), else its own.
pub fn file_of(doc: &Document) -> std::path::PathBuf {
    let source = &doc.info().source;
    match split_source(source) {
        Some((volume, _)) if doc.info().id.is_some() => std::path::PathBuf::from(volume),
        _ => std::path::PathBuf::from(source),
    }
}
