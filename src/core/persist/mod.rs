//! Note sets on disk: reading and checking files, saving them atomically, re-anchoring
//! them to the document at hand, and finding that document.

pub mod atomic;
pub mod format;
mod open;
pub mod recovery;

use crate::core::document::Document;
use crate::core::progress::{self, Progress};
use crate::core::reanchor::ReanchorReport;
use crate::core::study::note_set::NoteSet;
pub use format::{DocumentRef, FORMAT_VERSION, FormatError, NoteSetFile};
pub use open::{OpenError, OpenOn, OpenedSet, open_note_set};
use std::path::{Path, PathBuf};

/// Note-set files over this size (256 MiB) are refused.
pub const MAX_NOTESET_BYTES: u64 = 256 * 1024 * 1024;

/// Why a note set could not be read or written, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum NoteSetError {
    #[error("Cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is {kind}, not a note-set file; only regular files are opened.")]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("{path} is {size} bytes or more; note sets over 256 MiB are not opened.")]
    TooLarge { path: PathBuf, size: u64 },
    #[error(
        "{path}:{line}:{column}: this is not UTF-8 text, so it is not a note set written by Marginalia. \
         If it was edited by hand, save it as UTF-8."
    )]
    NotText {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    #[error("{path}:{error}")]
    Format { path: PathBuf, error: FormatError },
    #[error("Opening {path} was cancelled.")]
    Cancelled { path: PathBuf },
    #[error("Cannot save {path}: {source}. The notes are still open and unsaved.")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Reads and checks a note-set file. Never writes to it. Returns the parsed file and its
/// text (for messages that point into it).
pub fn load(path: &Path) -> Result<(NoteSetFile, String), NoteSetError> {
    load_with(path, &Progress::default())
}

/// [`load`], reporting how far it has read to `progress` and stopping when it is cancelled.
pub fn load_with(path: &Path, progress: &Progress) -> Result<(NoteSetFile, String), NoteSetError> {
    let read = |source: std::io::Error| {
        if progress.is_cancelled() {
            NoteSetError::Cancelled {
                path: path.to_path_buf(),
            }
        } else {
            NoteSetError::Read {
                path: path.to_path_buf(),
                source,
            }
        }
    };
    let bytes = progress::read_file(path, MAX_NOTESET_BYTES, progress).map_err(|e| match e {
        progress::ReadError::Io(source) => read(source),
        progress::ReadError::NotRegular { kind } => NoteSetError::NotRegular {
            path: path.to_path_buf(),
            kind,
        },
        progress::ReadError::TooLarge { read } => NoteSetError::TooLarge {
            path: path.to_path_buf(),
            size: read,
        },
    })?;
    progress.begin("Checking the note set", 0);
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let byte = e.utf8_error().valid_up_to();
        let (line, column) = crate::core::document::error::line_and_column(e.as_bytes(), byte);
        NoteSetError::NotText {
            path: path.to_path_buf(),
            line,
            column,
        }
    })?;
    // Editors on Windows start UTF-8 files with a byte-order mark; it is not part of the set.
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    let file = NoteSetFile::from_ron(&text).map_err(|error| NoteSetError::Format {
        path: path.to_path_buf(),
        error,
    })?;
    Ok((file, text))
}

/// Saves atomically, keeping the previous version as `NAME.ron.bak`. Returns the stamp of
/// what it wrote, to notice later whether another program has changed the file.
pub fn save(path: &Path, file: &NoteSetFile) -> Result<DiskStamp, NoteSetError> {
    let text = file.to_ron();
    atomic::write_atomic(path, text.as_bytes()).map_err(|source| NoteSetError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(DiskStamp::of_bytes(text.as_bytes()))
}

/// What a note-set file held when this program last read or wrote it: its length and a
/// hash of its bytes. Times are not used: copies and some editors keep them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskStamp {
    len: u64,
    hash: [u8; 32],
}

impl DiskStamp {
    pub fn of_bytes(bytes: &[u8]) -> Self {
        use sha2::Digest;
        DiskStamp {
            len: bytes.len() as u64,
            hash: sha2::Sha256::digest(bytes).into(),
        }
    }

    /// The stamp of the file at `path` now; `None` when there is no file there.
    pub fn read(path: &Path) -> std::io::Result<Option<Self>> {
        match progress::read_file(path, MAX_NOTESET_BYTES, &Progress::default()) {
            Ok(bytes) => Ok(Some(DiskStamp::of_bytes(&bytes))),
            Err(progress::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(progress::ReadError::Io(e)) => Err(e),
            // Something no save of ours could have left there: it is not the file we read.
            Err(other) => Err(std::io::Error::other(format!("{other:?}"))),
        }
    }
}

/// How the file at a set's path stands against the stamp taken when it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnDisk {
    /// As it was: saving over it loses nothing.
    Unchanged,
    /// Another program wrote to it since.
    Changed,
    /// It is gone (deleted or moved).
    Missing,
}

/// Compares the file at `path` with `stamp`. A file that cannot be read counts as changed:
/// better to ask than to overwrite what cannot be checked.
pub fn on_disk(path: &Path, stamp: &DiskStamp) -> OnDisk {
    // Another length settles it without reading a large file.
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return OnDisk::Missing,
        Ok(m) if m.len() != stamp.len => return OnDisk::Changed,
        _ => {}
    }
    match DiskStamp::read(path) {
        Ok(Some(now)) if now == *stamp => OnDisk::Unchanged,
        Ok(None) => OnDisk::Missing,
        Ok(Some(_)) | Err(_) => OnDisk::Changed,
    }
}

/// Fits a loaded set to `doc`: for the same text, checks the offsets; for any text,
/// re-anchors every highlight, and keeps those it cannot place as orphans.
pub fn attach(
    path: &Path,
    text: &str,
    file: &NoteSetFile,
    doc: &Document,
) -> Result<(NoteSet, ReanchorReport), NoteSetError> {
    attach_with(path, text, file, doc, &Progress::default())
}

/// [`attach`], reporting the highlights placed to `progress` and stopping when it is
/// cancelled.
pub fn attach_with(
    path: &Path,
    text: &str,
    file: &NoteSetFile,
    doc: &Document,
    progress: &Progress,
) -> Result<(NoteSet, ReanchorReport), NoteSetError> {
    if file.document.fingerprint == doc.fingerprint() {
        format::check_against(text, file, doc).map_err(|error| NoteSetError::Format {
            path: path.to_path_buf(),
            error,
        })?;
    }
    reanchor_set_with(doc, &file.set, progress).ok_or_else(|| NoteSetError::Cancelled {
        path: path.to_path_buf(),
    })
}

/// Re-anchors every highlight (and every orphan, which may fit this text) of `set` in `doc`.
///
/// First every quote that is still there exactly; then the rest approximately, each looked
/// for where its placed neighbours say the text has moved it.
pub fn reanchor_set(doc: &Document, set: &NoteSet) -> (NoteSet, ReanchorReport) {
    match reanchor_set_with(doc, set, &Progress::default()) {
        Some(done) => done,
        // Never cancelled: nothing else holds this progress.
        None => (set.clone(), ReanchorReport::default()),
    }
}

/// [`reanchor_set`], reporting its progress as the stage "Placing highlights"; `None`
/// once `progress` is cancelled. The work is [`crate::core::reanchor::place_set`]'s.
pub fn reanchor_set_with(
    doc: &Document,
    set: &NoteSet,
    progress: &Progress,
) -> Option<(NoteSet, ReanchorReport)> {
    crate::core::reanchor::place_set(doc, set, progress, Default::default())
}

/// The path hint to store for `document` in a set saved at `set_path`: relative to the
/// set's folder when the document is below it or beside it, else as it is.
pub fn path_hint(document: &Path, set_path: &Path) -> String {
    // One document of a TEI volume: the volume's hint and the document's id.
    let source = document.to_string_lossy();
    if !document.exists()
        && let Some((volume, id)) = crate::core::tei::split_source(&source)
        && Path::new(volume).is_file()
    {
        return format!("{}#{id}", path_hint(Path::new(volume), set_path));
    }
    let absolute = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let doc = absolute(document);
    if let Some(folder) = set_path.parent().map(absolute)
        && let Some(parent) = folder.parent()
        && let Ok(relative) = doc.strip_prefix(parent)
    {
        return Path::new("..")
            .join(relative)
            .to_string_lossy()
            .into_owned();
    }
    // Elsewhere: absolute, since a relative hint is read from the set's folder.
    doc.to_string_lossy().into_owned()
}

/// Where a path hint points: an absolute hint as it is, a relative one from the set's
/// folder (never from the folder the program was started in). Hints are only ever read.
pub fn hint_path(hint: &str, set_folder: &Path) -> PathBuf {
    let hint = Path::new(hint);
    if hint.is_absolute() {
        hint.to_path_buf()
    } else {
        set_folder.join(hint)
    }
}

/// Why a set's document was not found: its title, and where its path hint points (when
/// it has one), with whether a file is there at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentNotFound {
    pub title: String,
    /// The hinted path, resolved against the set's folder.
    pub hint: Option<PathBuf>,
    /// A file is at the hinted path, but its text is not the one the highlights were made
    /// on. It is not opened on the set's word alone: only when the user names it.
    pub hint_differs: bool,
}

impl std::fmt::Display for DocumentNotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the document “{}” was not found", self.title)?;
        match (&self.hint, self.hint_differs) {
            (Some(hint), true) => write!(
                f,
                "; the note set points to {}, but that file's text is not the text its highlights were made on. \
                 If it is the right document (another edition, say), open it yourself",
                hint.display()
            ),
            (Some(hint), false) => write!(
                f,
                "; the note set points to {}, and no readable text file with the same text is there",
                hint.display()
            ),
            (None, _) => write!(f, " by its text"),
        }
    }
}

/// Where a set's document is: the file its path hint names (see [`hint_path`]), then the
/// bundled seed, then any `.txt` (or any document of a TEI volume) in the set's own folder — always only a text
/// whose fingerprint is the one the set records. A note set is data from anywhere: its
/// hint alone never makes the program read (let alone export) a file the user did not
/// choose. A changed text is used only when the user names it (`--document`, or in the
/// window).
pub fn find_document(file: &NoteSetFile, set_path: &Path) -> Result<Document, DocumentNotFound> {
    let folder = set_path.parent().unwrap_or(Path::new("."));
    let matches = |doc: &Document| doc.fingerprint() == file.document.fingerprint;
    let hint = file
        .document
        .path_hint
        .as_deref()
        .map(|h| hint_path(h, folder));
    let mut hint_differs = false;
    if let Some(hint) = &hint {
        // Read (bounded, regular files only) to compare fingerprints; kept only on a match.
        if let Ok(doc) = crate::core::source::open_document(hint) {
            if matches(&doc) {
                return Ok(doc);
            }
            hint_differs = true;
        }
    }
    let seed = Document::seed();
    if matches(&seed) {
        return Ok(seed);
    }
    // The set's own folder only: never a folder that depends on where the program was
    // started from.
    if let Ok(entries) = std::fs::read_dir(folder) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "txt")
                && let Ok(doc) = Document::open(&path)
                && matches(&doc)
            {
                return Ok(doc);
            }
            // A TEI volume beside the set: any of its documents.
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
                && let Ok(volume) = crate::core::tei::Volume::open(&path)
                && let Some(doc) = volume.documents().iter().find(|d| matches(d))
            {
                return Ok(doc.clone());
            }
        }
    }
    Err(DocumentNotFound {
        title: file.document.title.clone(),
        hint,
        hint_differs,
    })
}

/// `folder/STEM.EXT`, or the first of `STEM-2.EXT`, `STEM-3.EXT`, … that is free.
pub fn free_path(folder: &Path, stem: &str, extension: &str) -> PathBuf {
    let mut path = folder.join(format!("{stem}.{extension}"));
    let mut n = 2;
    while std::fs::symlink_metadata(&path).is_ok() {
        path = folder.join(format!("{stem}-{n}.{extension}"));
        n += 1;
    }
    path
}

/// What the Note sets panel shows about a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSetSummary {
    pub path: PathBuf,
    pub title: String,
    pub document: String,
    pub highlights: usize,
}

/// The `.ron` note sets in `folder`, by file name; unreadable files are listed with the
/// reason as their title, so nothing is hidden.
pub fn list_folder(folder: &Path) -> Vec<NoteSetSummary> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| match load(&path) {
            Ok((file, _)) => NoteSetSummary {
                title: file.title.clone(),
                document: file.document.title.clone(),
                highlights: file.set.highlights().len() + file.set.orphans().len(),
                path,
            },
            Err(e) => NoteSetSummary {
                title: format!("(cannot be read: {e})"),
                document: String::new(),
                highlights: 0,
                path,
            },
        })
        .collect()
}
