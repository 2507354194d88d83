//! The note-set file: RON, one field per line and one highlight per block, written the
//! same way for the same content, so `git diff` and `git merge` work line by line.
//!
//! Version 1 was the first format; version 2 added `citation_template`; version 3 made
//! a set a study of many documents: a list of `sources` (each with its own citation
//! template), and a `source` on every highlight. A file of version 1 or 2 is read as a study of one source (its `document`,
//! with the document note as that source's note); it is written as version 3 when it is
//! saved. `tests/fixtures/` keeps a file of every version.

use crate::core::document::Document;
use crate::core::study::anchor::Anchor;
use crate::core::study::highlight::{Highlight, HighlightId};
use crate::core::study::note_set::NoteSet;
use crate::core::study::source::{SourceId, SourceRecord};
use crate::core::study::topic::{Color, Topic, TopicId};
use crate::core::text::CharOffset;
use crate::core::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

mod fast;
mod validate;
mod write;

pub use validate::check_against;
use validate::{finish, locate, parse_any, spanned};

/// The format version this program writes.
pub const FORMAT_VERSION: u32 = 3;

/// The one document of a version 1 or 2 file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, rename = "Document")]
struct DocumentRef {
    title: String,
    citation: Option<String>,
    url: Option<String>,
    path_hint: Option<String>,
    fingerprint: String,
}

/// One topic as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Topic")]
struct TopicV1 {
    id: TopicId,
    name: String,
    color: Color,
}

/// One highlight as stored in versions 1 and 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Highlight")]
struct HighlightV1 {
    id: HighlightId,
    start: usize,
    end: usize,
    quote: String,
    prefix: String,
    suffix: String,
    topics: Vec<TopicId>,
    note: String,
    created: Timestamp,
    modified: Timestamp,
}

/// One highlight as stored since version 3: with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Highlight")]
struct HighlightV3 {
    id: HighlightId,
    source: SourceId,
    start: usize,
    end: usize,
    quote: String,
    prefix: String,
    suffix: String,
    topics: Vec<TopicId>,
    note: String,
    created: Timestamp,
    modified: Timestamp,
}

impl HighlightV1 {
    fn in_source(self, source: SourceId) -> HighlightV3 {
        HighlightV3 {
            id: self.id,
            source,
            start: self.start,
            end: self.end,
            quote: self.quote,
            prefix: self.prefix,
            suffix: self.suffix,
            topics: self.topics,
            note: self.note,
            created: self.created,
            modified: self.modified,
        }
    }
}

/// The whole file, versions 1 and 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "NoteSet")]
struct FileV1 {
    format_version: u32,
    title: String,
    document: DocumentRef,
    #[serde(default)]
    recovery_of: Option<String>,
    document_note: String,
    /// Since version 2.
    #[serde(default)]
    citation_template: Option<String>,
    topics: Vec<TopicV1>,
    highlights: Vec<HighlightV1>,
    #[serde(default)]
    orphans: Vec<HighlightV1>,
}

/// The whole file, version 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "NoteSet")]
struct FileV3 {
    format_version: u32,
    title: String,
    #[serde(default)]
    recovery_of: Option<String>,
    study_note: String,
    sources: Vec<SourceRecord>,
    topics: Vec<TopicV1>,
    highlights: Vec<HighlightV3>,
    #[serde(default)]
    orphans: Vec<HighlightV3>,
}

impl From<FileV1> for FileV3 {
    /// A one-document file as a study of that one source: its document note becomes the
    /// source's note, and a hint of the form `volume.xml#d84` becomes the volume's hint
    /// and the document's id.
    fn from(old: FileV1) -> Self {
        let d = old.document;
        let (path_hint, document_id) = match d
            .path_hint
            .as_deref()
            .and_then(crate::core::source::split_source)
        {
            Some((volume, id)) => (Some(volume.to_string()), Some(id.to_string())),
            None => (d.path_hint.clone(), None),
        };
        let source = SourceRecord {
            id: SourceId::FIRST,
            title: d.title,
            number: None,
            date: None,
            citation: d.citation,
            url: d.url,
            citation_template: old.citation_template,
            path_hint,
            document_id,
            fingerprint: d.fingerprint,
            note: old.document_note,
        };
        FileV3 {
            format_version: old.format_version,
            title: old.title,
            recovery_of: old.recovery_of,
            study_note: String::new(),
            sources: vec![source],
            topics: old.topics,
            highlights: (old.highlights.into_iter())
                .map(|h| h.in_source(SourceId::FIRST))
                .collect(),
            orphans: (old.orphans.into_iter())
                .map(|h| h.in_source(SourceId::FIRST))
                .collect(),
        }
    }
}

/// Just enough of any version to read its version number.
#[derive(Deserialize)]
#[serde(rename = "NoteSet")]
struct VersionOnly {
    format_version: u32,
}

/// A note set as it is on disk: the set (with its sources) and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSetFile {
    pub title: String,
    /// For an autosaved recovery file: the note-set file it was the unsaved state of.
    pub recovery_of: Option<String>,
    pub set: NoteSet,
}

impl NoteSetFile {
    /// `set` under `title`.
    pub fn new(title: impl Into<String>, set: NoteSet) -> Self {
        NoteSetFile {
            title: title.into(),
            recovery_of: None,
            set,
        }
    }

    /// The one source of a set made on one document, else the first.
    pub fn first_source(&self) -> Option<&SourceRecord> {
        self.set.sources().first()
    }
}

/// A file that is not a valid note set: where and why. `line` and `column` count from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl NoteSetFile {
    /// Reads a note-set file's text, checking everything that can be checked without the
    /// documents: version, types, ids, source and topic references, offsets in order.
    pub fn from_ron(text: &str) -> Result<Self, FormatError> {
        if text.trim().is_empty() {
            return Err(FormatError {
                line: 1,
                column: 1,
                message: "the file is empty; a note set starts with `(`".into(),
            });
        }
        // The writer's own layout is read without the general parser (and without reading
        // the file twice for its version).
        if let Some((version @ 1..=FORMAT_VERSION, file)) = fast::parse(text) {
            return finish(text, version, file);
        }
        let version: VersionOnly = ron::from_str(text).map_err(|e| spanned(&e))?;
        match version.format_version {
            1..=FORMAT_VERSION => parse_any(text, version.format_version),
            0 => Err(FormatError {
                line: 1,
                column: 1,
                message: "format_version 0 does not exist; the first format is 1".into(),
            }),
            newer => Err(FormatError {
                line: locate(text, "format_version").0,
                column: locate(text, "format_version").1,
                message: format!(
                    "this note set was written in format {newer}, newer than this program reads ({FORMAT_VERSION}); update Marginalia to open it"
                ),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::corpus;
    use crate::core::study::edit::Edit;
    use proptest::prelude::*;

    /// The fast reader and the general parser agree on `text`.
    fn agree(text: &str) {
        let general = general(text);
        let (version, fast) = fast::parse(text).expect("the writer's own layout is read fast");
        assert_eq!(version, general.format_version);
        assert_eq!(fast, general);
    }

    /// `text` read by the general parser, as version 3.
    fn general(text: &str) -> FileV3 {
        let version: VersionOnly = ron::from_str(text).unwrap();
        if version.format_version < 3 {
            ron::from_str::<FileV1>(text).unwrap().into()
        } else {
            ron::from_str(text).unwrap()
        }
    }

    #[test]
    fn fast_reader_agrees_on_shipped_files() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for file in [
            "tests/fixtures/noteset-v1.ron",
            "tests/fixtures/noteset-v2.ron",
            "tests/fixtures/noteset-v3.ron",
            "saves/example-brezhnev-1978.ron",
        ] {
            agree(&std::fs::read_to_string(root.join(file)).unwrap());
        }
        // A generated set with orphans and a recovery origin.
        let doc = Document::seed();
        let mut set = corpus::note_set(&doc, 200, 5);
        set.orphans.push(set.highlights[3].clone());
        let file = NoteSetFile {
            title: "t".into(),
            recovery_of: Some("/tmp/x.ron".into()),
            set,
        };
        agree(&file.to_ron());
    }

    #[test]
    fn anything_else_goes_to_the_general_parser() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/noteset-v2.ron"),
        )
        .unwrap();
        for edited in [
            text.replacen("    title:", "    title :", 1),
            text.replacen("        (\n", "        ( \n", 1),
            text.replacen("    ],\n    highlights", "    ] ,\n    highlights", 1),
            text.replacen("start: ", "start: 0", 1),
            format!("{text}\n// trailing comment"),
            text.replacen("note: \"", "note: r\"", 1),
        ] {
            assert!(fast::parse(&edited).is_none(), "{}", &edited[..200]);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn fast_reader_agrees_on_any_text(note in ".*", title in ".*", template in proptest::option::of(".*")) {
            let doc = Document::seed();
            let mut set = corpus::seed_reading(&doc);
            let id = set.highlights()[0].id;
            Edit::SetNote { highlight: id, note: note.clone(), modified: Timestamp(5) }.apply(&mut set).unwrap();
            Edit::SetSourceNote { source: SourceId::FIRST, note: note.clone() }.apply(&mut set).unwrap();
            Edit::SetStudyNote(note.clone()).apply(&mut set).unwrap();
            set.sources[0].citation_template = template.clone();
            // A second source with any text in its fields, and a highlight in it.
            let mut other = SourceRecord::of(&doc, SourceId(7), Some(note.clone()));
            other.title = title.clone();
            other.note = note.clone();
            other.date = Some(note);
            other.document_id = template.clone();
            other.citation_template = template;
            other.fingerprint = "sha256:other".into();
            Edit::AddSource(Box::new(other)).apply(&mut set).unwrap();
            let mut copy = set.highlights()[1].clone();
            copy.id = HighlightId::new();
            copy.source = SourceId(7);
            Edit::InsertHighlight(Box::new(copy)).apply(&mut set).unwrap();
            let file = NoteSetFile { title, recovery_of: None, set };
            let text = file.to_ron();
            let general = general(&text);
            let (_, fast) = fast::parse(&text).unwrap();
            prop_assert_eq!(&fast, &general);
            // And the file reads back to the same set.
            let again = NoteSetFile::from_ron(&text).unwrap();
            prop_assert_eq!(again, file);
        }
    }
}
