//! Note sets on disk: reading and checking files, saving them atomically, re-anchoring
//! them to the document at hand, and finding that document.

pub mod atomic;
pub mod format;
pub mod lock;
mod open;
pub mod recovery;

use crate::core::document::Document;
use crate::core::library::Loaded;
use crate::core::progress::{self, Progress};
use crate::core::reanchor::ReanchorReport;
use crate::core::study::note_set::NoteSet;
use crate::core::study::source::{SourceId, SourceRecord};
pub use format::{FORMAT_VERSION, FormatError, NoteSetFile};
pub use open::{OpenError, OpenOn, OpenedSet, SourceOutcome, fit_note_set, open_note_set};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    #[error("Cannot save {path}: {source}. The file was left as it was.")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path} was changed by another program since it was read here, so saving would lose \
         that program's changes; nothing was written. Run the command again to work on the new version."
    )]
    Changed { path: PathBuf },
    #[error(
        "{path} was deleted or moved by another program since it was read here; nothing was written."
    )]
    Gone { path: PathBuf },
    #[error("{path} exists already; nothing was written.")]
    Exists { path: PathBuf },
    #[error(transparent)]
    Locked(#[from] lock::LockError),
}

/// What a save expects to find at its path, checked under the [`lock::WriteLock`] just
/// before the new file takes its place.
#[derive(Debug, Clone, Copy)]
pub enum Expect<'a> {
    /// The file as it was read or last written here (its stamp).
    Unchanged(&'a DiskStamp),
    /// No file: a new set.
    Absent,
    /// Whatever is there is replaced (the user said so).
    Anything,
}

/// Saves as [`save`] does, but only when the file is as `expect` says: another program's
/// save since is never lost. `lock` must be held on the set's folder
/// ([`lock::WriteLock::acquire`]) from before the set was read, for a command that reads,
/// changes and saves; a window that keeps a set open takes it just for the save.
pub fn save_expecting(
    path: &Path,
    file: &NoteSetFile,
    expect: Expect,
    _lock: &lock::WriteLock,
) -> Result<DiskStamp, NoteSetError> {
    let exists = std::fs::symlink_metadata(path).is_ok();
    match expect {
        Expect::Anything => {}
        Expect::Absent if exists => {
            return Err(NoteSetError::Exists {
                path: path.to_path_buf(),
            });
        }
        Expect::Absent => {}
        Expect::Unchanged(stamp) => match on_disk(path, stamp) {
            OnDisk::Unchanged => {}
            OnDisk::Changed => {
                return Err(NoteSetError::Changed {
                    path: path.to_path_buf(),
                });
            }
            OnDisk::Missing => {
                return Err(NoteSetError::Gone {
                    path: path.to_path_buf(),
                });
            }
        },
    }
    save(path, file)
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
    /// The stamp of a file's bytes. A leading byte-order mark is not counted: the set is
    /// read without it, and a stamp taken of what was read must match the file.
    pub fn of_bytes(bytes: &[u8]) -> Self {
        use sha2::Digest;
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
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
        Ok(m) if m.len() != stamp.len && m.len() != stamp.len + 3 => return OnDisk::Changed,
        _ => {}
    }
    match DiskStamp::read(path) {
        Ok(Some(now)) if now == *stamp => OnDisk::Unchanged,
        Ok(None) => OnDisk::Missing,
        Ok(Some(_)) | Err(_) => OnDisk::Changed,
    }
}

/// Fits a loaded set to `doc` as its source `source` (the set's only source when it
/// has one): for the same text, checks the offsets; for any text, re-anchors every
/// highlight of that source, and keeps those it cannot place as orphans.
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
    let mut docs = BTreeMap::new();
    let source = source_for(&file.set, doc);
    if let Some(source) = source {
        docs.insert(source, doc);
    }
    let (set, reports) = attach_all(path, text, file, &docs, progress)?;
    Ok((
        set,
        source
            .and_then(|s| reports.get(&s).copied())
            .unwrap_or_default(),
    ))
}

/// Fits every source of a loaded set that has a text in `docs`: offsets checked where
/// the text is the same, highlights re-anchored where it changed; sources without a text
/// keep their highlights as saved.
pub fn attach_all(
    path: &Path,
    text: &str,
    file: &NoteSetFile,
    docs: &BTreeMap<SourceId, &Document>,
    progress: &Progress,
) -> Result<(NoteSet, BTreeMap<SourceId, ReanchorReport>), NoteSetError> {
    for (&source, doc) in docs {
        if file
            .set
            .source(source)
            .is_some_and(|r| r.fingerprint == doc.fingerprint())
        {
            format::check_against(text, file, source, doc).map_err(|error| {
                NoteSetError::Format {
                    path: path.to_path_buf(),
                    error,
                }
            })?;
        }
    }
    crate::core::reanchor::place_study(&file.set, docs, progress, Default::default()).ok_or_else(
        || NoteSetError::Cancelled {
            path: path.to_path_buf(),
        },
    )
}

/// Which source of `set` `doc` is taken for: the one it is (the same text, or the same
/// document of a volume), else the set's only source (another edition of its one
/// document). In a study of several documents, a text that is none of them is taken for
/// none: `None`.
pub fn source_for(set: &NoteSet, doc: &Document) -> Option<SourceId> {
    set.source_of(doc)
        .map(|r| r.id)
        .or_else(|| match set.sources() {
            [only] => Some(only.id),
            _ => None,
        })
}

/// [`source_for`], and besides: the source whose path hint (from the set at `set_path`)
/// names the file `doc` was read from — the user named that file for it, a corrected
/// edition say.
pub fn source_for_at(set: &NoteSet, doc: &Document, set_path: &Path) -> Option<SourceId> {
    source_for(set, doc).or_else(|| {
        let folder = atomic::folder_of(set_path);
        let read_from = doc.info().source.clone();
        let (file, id) = match crate::core::source::split_source(&read_from) {
            Some((volume, id)) if doc.info().id.is_some() => (volume.to_string(), Some(id)),
            _ => (read_from, None),
        };
        let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        set.sources()
            .iter()
            .find(|r| {
                r.path_hint
                    .as_deref()
                    .is_some_and(|h| same(&hint_path(h, folder), Path::new(&file)))
                    && r.document_id.as_deref() == id
            })
            .map(|r| r.id)
    })
}

/// Re-anchors every highlight (and every orphan, which may fit this text) of `set` in `doc`
/// (as the source [`source_for`] picks).
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
    match source_for(set, doc) {
        Some(source) => {
            crate::core::reanchor::place_set(doc, set, source, progress, Default::default())
        }
        None => Some((set.clone(), ReanchorReport::default())),
    }
}

/// The path hint to store for `document` in a set saved at `set_path`: relative to the
/// set's folder when the document is below it or beside it, else as it is.
pub fn path_hint(document: &Path, set_path: &Path) -> String {
    // One document of a TEI volume: the volume's hint and the document's id.
    let source = document.to_string_lossy();
    if !document.exists()
        && let Some((volume, id)) = crate::core::source::split_source(&source)
        && Path::new(volume).is_file()
    {
        return format!("{}#{id}", path_hint(Path::new(volume), set_path));
    }
    let absolute = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let doc = absolute(document);
    let folder = absolute(atomic::folder_of(set_path));
    if let Some(parent) = folder.parent()
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

/// Volumes already read while finding a study's documents, by path: a volume is read
/// once however many of its documents the study has.
#[derive(Default)]
pub struct Found {
    /// Each file read, as a volume or a text (`None`: it could not be read).
    files: BTreeMap<PathBuf, Option<Loaded>>,
    /// The `.txt` and `.xml` files of the set's folder with the fingerprints of their
    /// documents, read one at a time when first needed: only what matches is kept whole.
    folder: Option<Vec<(PathBuf, Vec<String>)>>,
    seed: Option<Arc<Document>>,
}

impl Found {
    /// The file at `path`: a text, or a volume (as its first document).
    fn file(&mut self, path: &Path) -> Option<Loaded> {
        self.files
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                crate::core::source::open_source(path, None, &Progress::default())
                    .ok()
                    .map(Loaded::from_source)
            })
            .clone()
    }

    /// The files of `folder` that hold a document with `fingerprint`: the folder is read
    /// once, a file at a time, keeping each file's fingerprints and nothing more, so a
    /// folder of a hundred volumes never sits in memory at once.
    fn in_folder(&mut self, folder: &Path, fingerprint: &str) -> Vec<PathBuf> {
        let index = self.folder.get_or_insert_with(|| {
            let mut out = Vec::new();
            let Ok(entries) = std::fs::read_dir(folder) else {
                return out;
            };
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for path in paths {
                if path.extension().is_some_and(|e| e == "txt")
                    && let Ok(doc) = Document::open(&path)
                {
                    out.push((path, vec![doc.fingerprint()]));
                } else if path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
                    && let Ok(volume) = crate::core::tei::Volume::open(&path)
                {
                    let prints = volume.documents().iter().map(|d| d.fingerprint()).collect();
                    out.push((path, prints));
                }
            }
            out
        });
        (index.iter())
            .filter(|(_, prints)| prints.iter().any(|p| p == fingerprint))
            .map(|(path, _)| path.clone())
            .collect()
    }
}

/// Where a set's document is (a set of one source; see [`find_source`]).
pub fn find_document(file: &NoteSetFile, set_path: &Path) -> Result<Document, DocumentNotFound> {
    let Some(record) = file.first_source() else {
        return Err(DocumentNotFound {
            title: file.title.clone(),
            hint: None,
            hint_differs: false,
        });
    };
    find_source(record, set_path, &mut Found::default()).map(|l| l.document().clone())
}

/// Where a source's text is: the file its path hint names (see [`hint_path`]; for a
/// document of a volume, the volume's document with the recorded id), then the bundled
/// seed, then any `.txt` (or any document of a TEI volume) in the set's own folder —
/// always only a text whose fingerprint is the one the set records. A note set is data
/// from anywhere: its hint alone never makes the program read (let alone export) a file
/// the user did not choose. A changed text is used only when the user names it
/// (`--document`, or in the window).
pub fn find_source(
    record: &SourceRecord,
    set_path: &Path,
    found: &mut Found,
) -> Result<Loaded, DocumentNotFound> {
    let folder = atomic::folder_of(set_path);
    let matches = |doc: &Document| doc.fingerprint() == record.fingerprint;
    let hint = record.path_hint.as_deref().map(|h| hint_path(h, folder));
    let mut hint_differs = false;
    if let Some(hint) = hint.as_deref().filter(|h| h.is_file()) {
        // Read (bounded, regular files only) to compare fingerprints; kept only on a match.
        match found.file(hint) {
            Some(Loaded::InVolume(volume, _)) => {
                let docs = volume.documents();
                let by_id = (record.document_id.as_deref()).and_then(|id| volume.index_of_id(id));
                let pick = by_id
                    .filter(|&i| matches(&docs[i]))
                    .or_else(|| docs.iter().position(&matches));
                if let Some(index) = pick {
                    return Ok(Loaded::InVolume(volume, index));
                }
                hint_differs = true;
            }
            Some(text @ Loaded::Text(_)) => {
                if matches(text.document()) {
                    return Ok(text);
                }
                hint_differs = true;
            }
            None => {}
        }
    }
    let seed = found
        .seed
        .get_or_insert_with(|| Arc::new(Document::seed()))
        .clone();
    if matches(&seed) {
        return Ok(Loaded::Text(seed));
    }
    // The set's own folder only: never a folder that depends on where the program was
    // started from.
    for path in found.in_folder(folder, &record.fingerprint) {
        match found.file(&path) {
            Some(Loaded::InVolume(volume, _)) => {
                if let Some(index) = volume.documents().iter().position(&matches) {
                    return Ok(Loaded::InVolume(volume, index));
                }
            }
            Some(text) if matches(text.document()) => return Ok(text),
            _ => {}
        }
    }
    Err(DocumentNotFound {
        title: record.title.clone(),
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
                document: match file.set.sources() {
                    [one] => one.title.clone(),
                    many => format!("{} documents", many.len()),
                },
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
