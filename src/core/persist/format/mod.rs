//! The note-set file: RON, one field per line and one highlight per block, written the
//! same way for the same content, so `git diff` and `git merge` work line by line.
//!
//! Version 1 was the first format; version 2 added `citation_template`. A file of an
//! older version is read with the fields it lacks at their defaults; `tests/fixtures/`
//! keeps a file of every version.

use crate::core::document::Document;
use crate::core::study::anchor::Anchor;
use crate::core::study::highlight::{Highlight, HighlightId};
use crate::core::study::note_set::NoteSet;
use crate::core::study::topic::{Color, Topic, TopicId};
use crate::core::text::CharOffset;
use crate::core::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

mod fast;
mod validate;
mod write;

pub use validate::check_against;
use validate::{finish, locate, parse_v1_v2, spanned};

/// The format version this program writes.
pub const FORMAT_VERSION: u32 = 2;

/// Which document a note set belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, rename = "Document")]
pub struct DocumentRef {
    pub title: String,
    pub citation: Option<String>,
    pub url: Option<String>,
    /// Where the document was when the set was saved (relative to the set's folder when
    /// it was below it).
    pub path_hint: Option<String>,
    /// [`Document::fingerprint`] of the text the offsets refer to.
    pub fingerprint: String,
}

impl DocumentRef {
    /// The reference to `doc`, with `path_hint` as given.
    pub fn of(doc: &Document, path_hint: Option<String>) -> Self {
        let info = doc.info();
        DocumentRef {
            title: info.title.clone(),
            citation: info.citation.clone(),
            url: info.url.clone(),
            path_hint,
            fingerprint: doc.fingerprint(),
        }
    }
}

/// One topic as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Topic")]
struct TopicV1 {
    id: TopicId,
    name: String,
    color: Color,
}

/// One highlight as stored.
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

/// The whole file, version 1.
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

/// Just enough of any version to read its version number.
#[derive(Deserialize)]
#[serde(rename = "NoteSet")]
struct VersionOnly {
    format_version: u32,
}

/// A note set as it is on disk: the set, its title and its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSetFile {
    pub title: String,
    pub document: DocumentRef,
    /// For an autosaved recovery file: the note-set file it was the unsaved state of.
    pub recovery_of: Option<String>,
    pub set: NoteSet,
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
    /// document: version, types, ids, topic references, offsets in order.
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
            1 | 2 => parse_v1_v2(text, version.format_version),
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
        let general: FileV1 = ron::from_str(text).unwrap();
        let (version, fast) = fast::parse(text).expect("the writer's own layout is read fast");
        assert_eq!(version, general.format_version);
        assert_eq!(fast, general);
    }

    #[test]
    fn fast_reader_agrees_on_shipped_files() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for file in [
            "tests/fixtures/noteset-v1.ron",
            "tests/fixtures/noteset-v2.ron",
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
            document: DocumentRef::of(&doc, None),
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
            Edit::SetNote { highlight: id, note, modified: Timestamp(5) }.apply(&mut set).unwrap();
            set.citation_template = template;
            let file = NoteSetFile { title, document: DocumentRef::of(&doc, None), recovery_of: None, set };
            let text = file.to_ron();
            let general: FileV1 = ron::from_str(&text).unwrap();
            let (_, fast) = fast::parse(&text).unwrap();
            prop_assert_eq!(fast, general);
        }
    }
}
