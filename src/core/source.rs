//! Opening whatever file a user names: a plain-text document, a FRUS TEI volume (told
//! apart by content, not by extension), or one document of a volume named as
//! `volume.xml#d84`.

use crate::core::document::Document;
use crate::core::document::error::{DocumentError, MAX_DOCUMENT_BYTES};
use crate::core::document::metadata::DocumentMeta;
use crate::core::progress::{self, Progress};
use crate::core::tei::{self, Volume};
use std::path::Path;
use std::sync::Arc;

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
        && let Some((volume_path, id)) = tei::split_source(&text_path)
    {
        let volume_path = Path::new(volume_path);
        if volume_path.is_file() {
            return open_source(volume_path, Some(wanted.unwrap_or(id)), progress);
        }
    }
    let io = |source| DocumentError::Io {
        path: path.to_path_buf(),
        source,
    };
    if std::fs::metadata(path)
        .map_err(io)
        .map_err(SourceError::from)?
        .is_dir()
    {
        return Err(DocumentError::NotAFile {
            path: path.to_path_buf(),
        }
        .into());
    }
    let bytes = progress::read_file(path, MAX_DOCUMENT_BYTES, progress)
        .map_err(|e| match e {
            progress::ReadError::Io(source) => io(source),
            progress::ReadError::NotRegular { kind } => DocumentError::NotRegular {
                path: path.to_path_buf(),
                kind,
            },
            progress::ReadError::TooLarge { read } => DocumentError::TooLarge {
                path: path.to_path_buf(),
                size: read,
            },
        })
        .map_err(SourceError::from)?;
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
    progress.begin("Reading the structure", 0);
    let mut doc = Document::from_bytes(&bytes, path).map_err(SourceError::from)?;
    match DocumentMeta::load_beside(path) {
        Ok(Some(meta)) => doc.apply_meta(meta),
        Ok(None) => {}
        Err(e) => doc.push_warning(format!("the metadata file was not read: {e}")),
    }
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
