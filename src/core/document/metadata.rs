//! Bibliographic facts about a document that its text does not carry, stored beside it.
//!
//! For `letter.txt` the program looks for `letter.meta.ron` in the same folder. The bundled
//! FRUS document ships one with its citation and its address on history.state.gov.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The version written into new sidecar files; older ones still load.
pub const META_FORMAT_VERSION: u32 = 1;

/// Sidecar files over this size (1 MiB) are not read: one holds a few lines.
pub const MAX_META_BYTES: u64 = 1024 * 1024;

/// What a sidecar `.meta.ron` file may say about its document. Every field is optional;
/// what it gives overrides what the parser read from the text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DocumentMeta {
    /// Format version of this file.
    pub format_version: u32,
    /// The document's title, when the heading does not give the right one.
    pub title: Option<String>,
    /// The document's number in its volume.
    pub number: Option<u32>,
    /// How the document is cited, without page, e.g. "Foreign Relations of the United
    /// States, 1977–1980, Volume VI, Soviet Union, Document 84".
    pub citation: Option<String>,
    /// Where the document is published online.
    pub url: Option<String>,
    /// When it was written: `1978-02-25`, or the month `1978-02` (the Overview counts
    /// passages by month of their documents' dates).
    pub date: Option<String>,
}

impl DocumentMeta {
    /// Parses a sidecar file's text; `origin` names it in the error message.
    pub fn from_ron(text: &str, origin: &str) -> Result<Self, MetadataError> {
        let meta: DocumentMeta = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .map_err(|e| MetadataError::Syntax {
                origin: origin.to_string(),
                at: e.span.start.to_string(),
                problem: e.code.to_string(),
            })?;
        if meta.format_version > META_FORMAT_VERSION {
            return Err(MetadataError::TooNew {
                origin: origin.to_string(),
                version: meta.format_version,
            });
        }
        Ok(meta)
    }

    /// The sidecar path for a document at `document_path`.
    pub fn sidecar_path(document_path: &Path) -> PathBuf {
        document_path.with_extension("meta.ron")
    }

    /// Reads the sidecar of `document_path` if there is one. `Ok(None)` when there is none;
    /// `Err` with a message when it exists but cannot be read or parsed.
    pub fn load_beside(document_path: &Path) -> Result<Option<Self>, MetadataError> {
        let path = Self::sidecar_path(document_path);
        use crate::core::progress::{self, Progress, ReadError};
        let unread = |why: String| MetadataError::Unread {
            path: path.clone(),
            why,
        };
        let bytes = match progress::read_file(&path, MAX_META_BYTES, &Progress::default()) {
            Ok(bytes) => bytes,
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(ReadError::Io(e)) => return Err(unread(e.to_string())),
            Err(ReadError::NotRegular { kind }) => {
                return Err(unread(format!("it is {kind}, not a file")));
            }
            Err(ReadError::TooLarge { .. }) => {
                return Err(unread(
                    "it is over 1 MiB, and a metadata file holds a few lines".into(),
                ));
            }
        };
        let text = String::from_utf8(bytes).map_err(|_| unread("it is not UTF-8 text".into()))?;
        Self::from_ron(
            text.trim_start_matches('\u{feff}'),
            &path.display().to_string(),
        )
        .map(Some)
    }
}

/// Why a document's metadata file was not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetadataError {
    /// It could not be read at all.
    #[error("{}: {why}", .path.display())]
    Unread { path: PathBuf, why: String },
    /// Its text is not a metadata record: where (line:column) and what.
    #[error("{origin}:{at}: {problem}")]
    Syntax {
        origin: String,
        at: String,
        problem: String,
    },
    /// Written by a newer program.
    #[error(
        "{origin}: format version {version} is newer than this program reads ({META_FORMAT_VERSION}); update Marginalia"
    )]
    TooNew { origin: String, version: u32 },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_implicit_some_and_reports_position() {
        let meta = DocumentMeta::from_ron(
            "(format_version: 1, citation: \"FRUS, Document 1\", number: 1)",
            "x.meta.ron",
        )
        .unwrap();
        assert_eq!(meta.citation.as_deref(), Some("FRUS, Document 1"));
        assert_eq!(meta.number, Some(1));
        let err = DocumentMeta::from_ron("(citation: 5)", "x.meta.ron")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.meta.ron:1:"), "{err}");
        let err = DocumentMeta::from_ron("(format_version: 99)", "x.meta.ron").unwrap_err();
        assert!(matches!(err, MetadataError::TooNew { version: 99, .. }));
        assert!(err.to_string().contains("newer"), "{err}");
    }

    #[test]
    fn an_unreadable_sidecar_is_an_error_that_names_it_and_a_missing_one_is_none() {
        let dir = std::env::temp_dir().join(format!("marginalia-meta-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let doc = dir.join("memo.txt");
        assert_eq!(DocumentMeta::load_beside(&doc), Ok(None));
        std::fs::write(DocumentMeta::sidecar_path(&doc), [0xff, 0xfe, b'(']).unwrap();
        let err = DocumentMeta::load_beside(&doc).unwrap_err();
        assert!(matches!(err, MetadataError::Unread { .. }), "{err:?}");
        let message = err.to_string();
        assert!(
            message.contains("memo.meta.ron") && message.contains("UTF-8"),
            "{message}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
