//! The documents a study reads: each recorded with what identifies it (the fingerprint
//! of its canonical text), where it was (a path hint, and its id inside a TEI volume),
//! how it is cited, and the reader's note on it. Highlights name their source by id.

use crate::core::document::Document;
use serde::{Deserialize, Serialize};

/// A source's identity within one study: a small number, never reused for another
/// document of the same study, written as is in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SourceId(pub u32);

impl SourceId {
    /// The source of a set made on one document (and of every v1/v2 file).
    pub const FIRST: SourceId = SourceId(1);
}

impl std::fmt::Display for SourceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One document of a study.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Source")]
pub struct SourceRecord {
    pub id: SourceId,
    pub title: String,
    /// Its number in its volume (FRUS document 84).
    pub number: Option<u32>,
    /// When it was written: `1978-02-25`, or a month `1978-02`.
    pub date: Option<String>,
    pub citation: Option<String>,
    pub url: Option<String>,
    /// How this study cites the document (see [`crate::core::study::citation::cite`]);
    /// `None`: the default for the document. Each document has its own: a template that
    /// names a volume must not be used for another volume's documents.
    #[serde(default)]
    pub citation_template: Option<String>,
    /// Where the file was when the set was saved (the volume's file for a document of a
    /// TEI volume), relative to the set's folder when it was near it.
    pub path_hint: Option<String>,
    /// The document's id inside its volume (`d84`), for a document of a TEI volume.
    pub document_id: Option<String>,
    /// [`Document::fingerprint`] of the text the highlights' offsets count in.
    pub fingerprint: String,
    /// The reader's note on this document.
    pub note: String,
}

impl SourceRecord {
    /// The record of `doc` as source `id`, with `path_hint` (the file, without `#d84`).
    pub fn of(doc: &Document, id: SourceId, path_hint: Option<String>) -> Self {
        let info = doc.info();
        SourceRecord {
            id,
            title: info.title.clone(),
            number: info.number,
            date: info.date.clone(),
            citation: info.citation.clone(),
            url: info.url.clone(),
            citation_template: None,
            path_hint,
            document_id: info.id.clone(),
            fingerprint: doc.fingerprint(),
            note: String::new(),
        }
    }

    /// How the source is named in lists: "84 · Letter From … · 1978-02-25".
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = self.number {
            parts.push(n.to_string());
        }
        parts.push(if self.title.trim().is_empty() {
            "(untitled)".to_string()
        } else {
            self.title.clone()
        });
        if let Some(date) = &self.date {
            parts.push(date.clone());
        }
        parts.join(" · ")
    }

    /// Whether this record names `doc`: the same text, or the same document (by its id)
    /// of the same volume file (whose text may have been corrected since). An id alone is
    /// not enough: every FRUS volume has a `d84`.
    pub fn names(&self, doc: &Document) -> bool {
        if self.fingerprint == doc.fingerprint() {
            return true;
        }
        let (Some(id), Some(hint)) = (&self.document_id, &self.path_hint) else {
            return false;
        };
        let read_from = doc.info().source.as_str();
        let volume = crate::core::source::split_source(read_from).map_or(read_from, |(v, _)| v);
        doc.info().id.as_ref() == Some(id)
            && std::path::Path::new(hint).file_name() == std::path::Path::new(volume).file_name()
    }

    /// Whether `query` picks this source: its number (`84`), its volume id (`d84`) or
    /// its study id (`#3`).
    pub fn is_named_by(&self, query: &str) -> bool {
        let q = query.trim();
        if let Some(id) = q.strip_prefix('#') {
            return id.parse::<u32>().is_ok_and(|n| n == self.id.0);
        }
        if let Ok(n) = q.parse::<u32>() {
            return self.number == Some(n);
        }
        self.document_id.as_deref() == Some(q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_names_its_text_and_is_picked_by_number_id_or_study_id() {
        let doc = Document::seed();
        let record = SourceRecord::of(&doc, SourceId(3), Some("letter.txt".into()));
        assert!(record.names(&doc));
        assert_eq!(record.number, Some(84));
        assert!(record.is_named_by("84"));
        assert!(record.is_named_by("#3"));
        assert!(!record.is_named_by("85"));
        assert!(!record.is_named_by("#84"));
        assert!(record.label().starts_with("84 · "));
        let other = Document::from_text("1. Another\n\nText.\n", "x.txt");
        assert!(!record.names(&other));
    }

    #[test]
    fn a_document_of_another_volume_with_the_same_id_is_not_the_same_source() {
        let v01 = crate::core::tei::Volume::open(std::path::Path::new(
            "tests/fixtures/tei/frus1977-80v01-excerpt.xml",
        ))
        .unwrap();
        let d2 = &v01.documents()[1];
        let record = SourceRecord::of(d2, SourceId(1), Some("frus1977-80v01-excerpt.xml".into()));
        assert!(record.names(d2));
        // The same id in another volume file, with another text.
        let mut elsewhere = record.clone();
        elsewhere.fingerprint = "sha256:other".into();
        elsewhere.path_hint = Some("frus1977-80v06.xml".into());
        assert!(!elsewhere.names(d2));
        // The same volume file, its text corrected since: still the same document.
        let mut corrected = record.clone();
        corrected.fingerprint = "sha256:earlier".into();
        assert!(corrected.names(d2));
    }
}
