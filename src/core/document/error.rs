//! What can go wrong when a document is opened, in words a user can act on.

use std::path::PathBuf;

/// The largest document file that is opened (64 MiB); a whole FRUS volume is about 4 MB.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// Why a document could not be opened. Each message names the file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("Cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is a folder, not a text file. Choose a .txt file.")]
    NotAFile { path: PathBuf },
    #[error("{path} is {kind}, not a text file; only regular files are opened.")]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error(
        "{path} is an XML file but not a TEI volume; Marginalia reads plain text, FRUS volumes in TEI, and PDFs."
    )]
    Xml { path: PathBuf },
    #[error("{path} is empty: there is no text to read.")]
    Empty { path: PathBuf },
    #[error(
        "{path} is {size} bytes; documents over 64 MiB are not opened. Split it into smaller files."
    )]
    TooLarge {
        path: PathBuf,
        /// The file's length, or as many bytes as were read before the read stopped.
        size: u64,
    },
    #[error(
        "{path} is not UTF-8 text: invalid byte at line {line}, column {column} (byte {byte}). \
         Save the file as UTF-8 and open it again."
    )]
    InvalidUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
        byte: usize,
    },
}

/// Line and column (from 1, columns in characters) of the byte at `at` in `bytes`, for a
/// message that points at invalid UTF-8 the way an editor would.
pub fn line_and_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}
