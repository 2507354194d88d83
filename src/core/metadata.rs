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
}

impl DocumentMeta {
    /// Parses a sidecar file's text; `origin` names it in the error message.
    pub fn from_ron(text: &str, origin: &str) -> Result<Self, String> {
        let meta: DocumentMeta = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .map_err(|e| format!("{origin}:{}: {}", e.span.start, e.code))?;
        if meta.format_version > META_FORMAT_VERSION {
            return Err(format!(
                "{origin}: format version {} is newer than this program reads ({META_FORMAT_VERSION}); \
                 update Marginalia",
                meta.format_version
            ));
        }
        Ok(meta)
    }

    /// The sidecar path for a document at `document_path`.
    pub fn sidecar_path(document_path: &Path) -> PathBuf {
        document_path.with_extension("meta.ron")
    }

    /// Reads the sidecar of `document_path` if there is one. `Ok(None)` when there is none;
    /// `Err` with a message when it exists but cannot be read or parsed.
    pub fn load_beside(document_path: &Path) -> Result<Option<Self>, String> {
        let path = Self::sidecar_path(document_path);
        use crate::core::progress::{self, Progress, ReadError};
        let bytes = match progress::read_file(&path, MAX_META_BYTES, &Progress::default()) {
            Ok(bytes) => bytes,
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(ReadError::Io(e)) => return Err(format!("{}: {e}", path.display())),
            Err(ReadError::NotRegular { kind }) => {
                return Err(format!(
                    "{} is {kind}, not a file; it was not read",
                    path.display()
                ));
            }
            Err(ReadError::TooLarge { .. }) => {
                return Err(format!(
                    "{} is over 1 MiB; a metadata file holds a few lines, so it was not read",
                    path.display()
                ));
            }
        };
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("{} is not UTF-8 text; it was not read", path.display()))?;
        Self::from_ron(
            text.trim_start_matches('\u{feff}'),
            &path.display().to_string(),
        )
        .map(Some)
    }
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
        let err = DocumentMeta::from_ron("(citation: 5)", "x.meta.ron").unwrap_err();
        assert!(err.starts_with("x.meta.ron:1:"), "{err}");
        let err = DocumentMeta::from_ron("(format_version: 99)", "x.meta.ron").unwrap_err();
        assert!(err.contains("newer"), "{err}");
    }
}
