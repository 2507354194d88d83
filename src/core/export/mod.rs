//! Highlights out of the program, each with a citation right to the page: Markdown, CSV,
//! HTML, W3C Web Annotation (JSON-LD) and REFI-QDA (`.qdpx`).

pub mod csv;
pub mod escape;
pub mod html;
mod layout;
pub mod markdown;
pub mod qdpx;
pub mod web_annotation;

use crate::core::document::Document;
use crate::core::library::Library;
use crate::core::study::citation::{cite, cite_document, pages_label};
use crate::core::study::filter::{CompiledFilter, TopicFilter};
use crate::core::study::highlight::Highlight;
use crate::core::study::note_set::NoteSet;
use crate::core::study::source::{SourceId, SourceRecord};
use crate::core::study::topic::Topic;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The formats highlights can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Csv,
    Html,
    WebAnnotation,
    Qdpx,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 5] = [
        Format::Markdown,
        Format::Csv,
        Format::Html,
        Format::WebAnnotation,
        Format::Qdpx,
    ];

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::WebAnnotation => "jsonld",
            Format::Qdpx => "qdpx",
        }
    }

    /// The name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown (Obsidian, Zotero notes, a draft)",
            Format::Csv => "CSV (spreadsheets)",
            Format::Html => "HTML (print or share)",
            Format::WebAnnotation => "W3C Web Annotation (JSON-LD)",
            Format::Qdpx => "REFI-QDA project (QualCoder, ATLAS.ti, MAXQDA, NVivo)",
        }
    }

    /// The format named by a file extension or a short name (`md`, `csv`, `html`,
    /// `jsonld`, `qdpx`).
    pub fn from_name(name: &str) -> Option<Format> {
        let name = name.trim().to_ascii_lowercase();
        // The names people say as well as the extensions: `markdown`, `json-ld`, `refi-qda`.
        let name = match name.as_str() {
            "markdown" => "md",
            "htm" => "html",
            "json" | "json-ld" | "webannotation" | "web-annotation" => "jsonld",
            "refi-qda" | "refiqda" => "qdpx",
            other => other,
        };
        Format::ALL.into_iter().find(|f| f.extension() == name)
    }

    /// True for formats that are text (written to standard output when no file is given).
    pub fn is_text(self) -> bool {
        self != Format::Qdpx
    }
}

/// Whether a highlight has a place in the exported text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Placed,
    /// Its quote was found only among other words: a proposed place, not confirmed.
    Uncertain,
    /// Its quote was not found in this text.
    NotFound,
}

impl Status {
    /// The word exports write: `placed`, `uncertain`, `not found`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Placed => "placed",
            Status::Uncertain => "uncertain",
            Status::NotFound => "not found",
        }
    }
}

/// How Markdown and HTML list highlights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    /// Under each of their topics (a highlight with two topics appears twice), untagged
    /// last; within a topic, by source.
    #[default]
    ByTopic,
    /// By source, in the study's order, each in the order of its text.
    TextOrder,
}

/// Everything an export needs.
pub struct ExportInput<'a> {
    /// The sources' texts (a source without one is cited without pages).
    pub library: &'a Library,
    pub set: &'a NoteSet,
    /// The note set's title.
    pub title: &'a str,
    /// Only the highlights this filter lets through (`None`: all).
    pub filter: Option<&'a TopicFilter>,
    /// Only these sources (`None`: every source of the study).
    pub sources: Option<&'a BTreeSet<SourceId>>,
    pub grouping: Grouping,
    /// CSV only: start with a UTF-8 byte order mark, as Excel on Windows needs to read
    /// UTF-8 (off by default: some scripts read the mark as part of the first column's
    /// name).
    pub csv_bom: bool,
}

impl<'a> ExportInput<'a> {
    /// Every highlight of `set`, grouped by topic, with the texts in `library`.
    pub fn new(library: &'a Library, set: &'a NoteSet, title: &'a str) -> Self {
        ExportInput {
            library,
            set,
            title,
            filter: None,
            sources: None,
            grouping: Grouping::ByTopic,
            csv_bom: false,
        }
    }

    fn passes(&self, h: &Highlight, filter: Option<&CompiledFilter>) -> bool {
        self.sources.is_none_or(|s| s.contains(&h.source)) && filter.is_none_or(|f| f.matches(h))
    }

    fn compiled(&self) -> Option<CompiledFilter> {
        self.filter.map(|f| f.compile(self.set))
    }

    /// Each source's place in the study's reading order ([`NoteSet::reading_order`]).
    fn ranks(&self) -> HashMap<SourceId, usize> {
        (self.set.reading_order().into_iter().enumerate())
            .map(|(rank, id)| (id, rank))
            .collect()
    }

    /// The highlights to export: by source in the study's reading order, each in text
    /// order.
    pub fn highlights(&self) -> Vec<&'a Highlight> {
        let filter = self.compiled();
        let mut out: Vec<&'a Highlight> = (self.set.highlights().iter())
            .filter(|h| self.passes(h, filter.as_ref()))
            .collect();
        // Stable: a source's highlights keep their text order.
        let ranks = self.ranks();
        out.sort_by_key(|h| ranks.get(&h.source).copied().unwrap_or(usize::MAX));
        out
    }

    /// Highlights of the set that have no place in their text (orphaned, or found only
    /// doubtfully), that the filter lets through. Exported too, marked: an export never
    /// drops a highlight without a word.
    pub fn unplaced(&self) -> Vec<&'a Highlight> {
        let filter = self.compiled();
        let mut out: Vec<&'a Highlight> = (self.set.orphans().iter())
            .filter(|h| self.passes(h, filter.as_ref()))
            .collect();
        let ranks = self.ranks();
        out.sort_by_key(|h| ranks.get(&h.source).copied().unwrap_or(usize::MAX));
        out
    }

    /// The sources the export speaks of: those with an exported highlight, in the
    /// study's reading order; when none has one, every chosen source (so an empty export
    /// still names its documents).
    pub fn sources(&self) -> Vec<&'a SourceRecord> {
        let with: HashSet<SourceId> = (self.highlights().into_iter())
            .chain(self.unplaced())
            .map(|h| h.source)
            .collect();
        let set: &'a NoteSet = self.set;
        let chosen: Vec<&'a SourceRecord> = (set.reading_order().into_iter())
            .filter_map(|id| set.source(id))
            .filter(|r| self.sources.is_none_or(|s| s.contains(&r.id)))
            .collect();
        let named: Vec<&'a SourceRecord> = (chosen.iter().copied())
            .filter(|r| with.contains(&r.id))
            .collect();
        if named.is_empty() { chosen } else { named }
    }

    /// True when the export covers more than one document: its sections then name each.
    pub fn is_multi(&self) -> bool {
        self.sources().len() > 1
    }

    /// The text of `h`'s source, when it is at hand.
    pub fn doc(&self, h: &Highlight) -> Option<&'a Document> {
        self.library.document(h.source)
    }

    /// The record of `h`'s source.
    pub fn record(&self, h: &Highlight) -> Option<&'a SourceRecord> {
        self.set.source(h.source)
    }

    /// Whether `h` is placed in its text.
    pub fn status(&self, h: &Highlight) -> Status {
        if !self.set.orphans().iter().any(|o| o.id == h.id) {
            Status::Placed
        } else if self.set.proposal(h.id).is_some() {
            Status::Uncertain
        } else {
            Status::NotFound
        }
    }

    /// For a highlight found only doubtfully: the pages where it may be (`p. 287`).
    pub fn proposed_pages(&self, h: &Highlight) -> Option<String> {
        let doc = self.doc(h)?;
        self.set
            .proposal(h.id)
            .map(|a| pages_label(doc, a.range()))
            .filter(|p| !p.is_empty())
    }

    /// The citation of `h`, from the set's template or its document's default; for a
    /// highlight with no place in its text, the document's citation without pages; for a
    /// source whose text is not at hand, its recorded citation.
    pub fn citation(&self, h: &Highlight) -> String {
        let Some(doc) = self.doc(h) else {
            return self
                .record(h)
                .map(|r| r.citation.clone().unwrap_or_else(|| r.title.clone()))
                .unwrap_or_default();
        };
        let template = crate::core::study::citation::template_of(self.set, h.source, doc);
        match self.status(h) {
            Status::Placed => cite(doc, template, h.range()),
            Status::Uncertain | Status::NotFound => cite_document(doc, template),
        }
    }

    /// `p. 287` / `pp. 286–87`, or empty (also for a highlight with no place in its text).
    pub fn pages(&self, h: &Highlight) -> String {
        match (self.status(h), self.doc(h)) {
            (Status::Placed, Some(doc)) => pages_label(doc, h.range()),
            _ => String::new(),
        }
    }

    /// The topics of `h`, in its order.
    pub fn topics_of(&self, h: &Highlight) -> Vec<&'a Topic> {
        h.topics.iter().filter_map(|t| self.set.topic(*t)).collect()
    }

    /// Groups for Markdown and HTML: a heading (topic name, or `None` for text order /
    /// untagged) and its highlights, by source.
    pub fn groups(&self) -> Vec<(Option<&'a Topic>, Vec<&'a Highlight>)> {
        let highlights = self.highlights();
        match self.grouping {
            Grouping::TextOrder => vec![(None, highlights)],
            Grouping::ByTopic => {
                let mut topics: Vec<&Topic> = self.set.topics().iter().collect();
                topics.sort_by_key(|t| t.name.to_lowercase());
                let mut groups: Vec<(Option<&Topic>, Vec<&Highlight>)> = topics
                    .into_iter()
                    .map(|t| {
                        (
                            Some(t),
                            highlights
                                .iter()
                                .copied()
                                .filter(|h| h.topics.contains(&t.id))
                                .collect::<Vec<_>>(),
                        )
                    })
                    .filter(|(_, hs)| !hs.is_empty())
                    .collect();
                let untagged: Vec<&Highlight> = highlights
                    .iter()
                    .copied()
                    .filter(|h| h.topics.is_empty())
                    .collect();
                if !untagged.is_empty() {
                    groups.push((None, untagged));
                }
                groups
            }
        }
    }

    /// Where a source can be found: its URL, or a `urn:sha256:` name of its text.
    pub fn source_uri(record: &SourceRecord) -> String {
        record.url.clone().unwrap_or_else(|| {
            format!(
                "urn:sha256:{}",
                record.fingerprint.trim_start_matches("sha256:")
            )
        })
    }

    /// The heading of a document's note: "Document notes", and which document when the
    /// export covers several.
    pub fn note_heading(&self, record: &SourceRecord) -> String {
        if self.is_multi() {
            format!("Document notes: {}", ExportInput::source_heading(record))
        } else {
            "Document notes".to_string()
        }
    }

    /// A source as a heading: "Document 84: Letter From … (1978-02-25)".
    pub fn source_heading(record: &SourceRecord) -> String {
        let mut out = match record.number {
            Some(n) => format!("Document {n}: {}", record.title),
            None => record.title.clone(),
        };
        if let Some(date) = &record.date {
            out.push_str(&format!(" ({date})"));
        }
        out
    }
}

impl<'a> ExportInput<'a> {
    /// Runs of consecutive highlights of the same document, each with the heading to put
    /// above it: the document's (`source_heading`) when the export covers several, none
    /// when it covers one.
    pub fn by_source(
        &self,
        highlights: &[&'a Highlight],
    ) -> Vec<(Option<String>, Vec<&'a Highlight>)> {
        let mut runs: Vec<(SourceId, Vec<&'a Highlight>)> = Vec::new();
        for h in highlights {
            match runs.last_mut() {
                Some((s, run)) if *s == h.source => run.push(h),
                _ => runs.push((h.source, vec![h])),
            }
        }
        let multi = self.is_multi();
        runs.into_iter()
            .map(|(source, run)| {
                let heading = (self.set.source(source))
                    .filter(|_| multi)
                    .map(ExportInput::source_heading);
                (heading, run)
            })
            .collect()
    }
}

/// A UUID made from `seed` (its SHA-256): the same export twice gives the same ids.
pub fn stable_uuid(seed: &str) -> uuid::Uuid {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(seed.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// Why an export could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("cannot write the annotations as JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot build the .qdpx archive: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("the export is not valid UTF-8 text: {0}")]
    NotText(#[from] std::string::FromUtf8Error),
    #[error("cannot build the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot create the folder {}: {source}", .folder.display())]
    Folder {
        folder: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{} is the same file as {}, one of the study's own files (the note set, its backup or a document it reads); \
         the export would replace it, so nothing was written. Choose another file.",
        .path.display(),
        .input.display()
    )]
    OverInput {
        path: std::path::PathBuf,
        input: std::path::PathBuf,
    },
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

/// Makes the export and writes it to `path` (atomically; its folder created if need
/// be, and removed again if the write fails). Returns the bytes written. The window and
/// the command line both write this way. Never over the study's own file (`study`), its
/// backup, or a file one of its documents was read from: an export is refused there,
/// whatever the user asked.
pub fn write_export(
    format: Format,
    input: &ExportInput<'_>,
    path: &std::path::Path,
    study: Option<&std::path::Path>,
) -> Result<usize, ExportError> {
    // Each file once: every document of a volume was read from the same file.
    let mut inputs: BTreeSet<std::path::PathBuf> = input
        .library
        .iter()
        .map(|(_, doc)| crate::core::source::file_of(doc))
        .collect();
    if let Some(study) = study {
        inputs.insert(study.to_path_buf());
        inputs.insert(crate::core::persist::atomic::backup_path(study));
    }
    if let Some(input_file) = inputs.iter().find(|i| same_file(path, i)) {
        return Err(ExportError::OverInput {
            path: path.to_path_buf(),
            input: input_file.clone(),
        });
    }
    let bytes = export(format, input)?;
    let made = make_folders(path)?;
    crate::core::persist::atomic::replace_atomic(path, &bytes).map_err(|source| {
        // A failed export leaves nothing behind, not even the folders made for it.
        for folder in made.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
        ExportError::Write {
            path: path.to_path_buf(),
            source,
        }
    })?;
    Ok(bytes.len())
}

/// Whether `a` and `b` name one file (through links, `..` and the like).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    let real = |p: &std::path::Path| {
        crate::core::persist::atomic::write_target(p)
            .ok()
            .and_then(|t| std::fs::canonicalize(t).ok())
    };
    matches!((real(a), real(b)), (Some(a), Some(b)) if a == b)
}

/// Makes the folders `path` needs; returns those it made, outermost first.
fn make_folders(path: &std::path::Path) -> Result<Vec<std::path::PathBuf>, ExportError> {
    let mut missing = Vec::new();
    let mut folder = path.parent().filter(|f| !f.as_os_str().is_empty());
    while let Some(f) = folder {
        if let Ok(meta) = std::fs::metadata(f) {
            if !meta.is_dir() {
                return Err(ExportError::Folder {
                    folder: f.to_path_buf(),
                    source: std::io::Error::other("a file is there, not a folder"),
                });
            }
            break;
        }
        missing.push(f.to_path_buf());
        folder = f.parent().filter(|f| !f.as_os_str().is_empty());
    }
    missing.reverse();
    // Through `..` a folder that seemed missing may be one that was there: only plain
    // names are ever removed again.
    let plain = path.components().all(|c| {
        matches!(
            c,
            std::path::Component::Normal(_)
                | std::path::Component::RootDir
                | std::path::Component::Prefix(_)
        )
    });
    if let Some(deepest) = missing.last() {
        std::fs::create_dir_all(deepest).map_err(|source| {
            for made in missing.iter().rev().filter(|_| plain) {
                let _ = std::fs::remove_dir(made);
            }
            ExportError::Folder {
                folder: deepest.clone(),
                source,
            }
        })?;
    }
    Ok(if plain { missing } else { Vec::new() })
}

/// Writes `format` for `input`: UTF-8 text, or the bytes of a zip for QDPX.
pub fn export(format: Format, input: &ExportInput<'_>) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        Format::Markdown => markdown::export(input).into_bytes(),
        Format::Csv => csv::export(input)?.into_bytes(),
        Format::Html => html::export(input).into_bytes(),
        Format::WebAnnotation => web_annotation::export(input)?.into_bytes(),
        Format::Qdpx => qdpx::export(input)?,
    })
}

#[cfg(test)]
mod tests {
    use super::Format;

    #[test]
    fn a_format_is_named_by_its_extension_or_its_common_name() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.extension()), Some(f));
            assert_eq!(Format::from_name(&f.extension().to_uppercase()), Some(f));
        }
        assert_eq!(Format::from_name("markdown"), Some(Format::Markdown));
        assert_eq!(Format::from_name("JSON-LD"), Some(Format::WebAnnotation));
        assert_eq!(Format::from_name("refi-qda"), Some(Format::Qdpx));
        assert_eq!(Format::from_name("docx"), None);
        assert_eq!(Format::from_name(""), None);
    }
}
