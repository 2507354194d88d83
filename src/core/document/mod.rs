//! A primary source as the program reads it: canonical text plus structure.
//!
//! The canonical text is what a reader sees and what every anchor points into: no page
//! markers, no footnote digits, one blank line between blocks. Structure (blocks, page
//! starts, footnote references) is kept beside it as [`CharOffset`]s.

pub mod doc_folder;
pub mod error;
pub mod inspect;
pub mod metadata;
mod parse;
pub mod search;
pub mod sentences;
pub mod structure;
pub mod words;

use crate::core::document::error::{DocumentError, MAX_DOCUMENT_BYTES};
use crate::core::document::metadata::DocumentMeta;
pub use crate::core::document::structure::{
    Block, BlockKind, EntityKind, EntitySpan, Footnote, FootnoteRef, PageStart,
};
use crate::core::progress::{self, Progress};
use crate::core::text::{ByteOffset, CharOffset, CharRange, TextIndex};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Who or what the marked names of a volume are: key (`p_BZK_1`) → the volume's entry
/// ("Brzezinski, Zbigniew, President's Assistant for National Security Affairs").
/// Shared by every document of the volume.
pub type Identities = Arc<BTreeMap<String, String>>;

/// Bibliographic facts about a document, from its heading and its sidecar file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocumentInfo {
    /// The document's number in its volume, e.g. 84.
    pub number: Option<u32>,
    /// The title, without number and footnote digits.
    pub title: String,
    /// How the document is cited, without a page.
    pub citation: Option<String>,
    /// Where the document is published online.
    pub url: Option<String>,
    /// Where the text was read from (a path, or a bundled asset's path). For a document
    /// of a TEI volume, the volume's path and `#` and the document's id: `v06.xml#d84`.
    pub source: String,
    /// The document's id in its volume (`d84`), for a document read from TEI.
    pub id: Option<String>,
    /// The date it was written, `1978-02-25` (or a month, `1978-02`), where known.
    pub date: Option<String>,
    /// The dateline as printed: "Moscow, February 25, 1978".
    pub dateline: Option<String>,
    /// The place in the dateline: "Moscow".
    pub place: Option<String>,
    /// The chapter (or compilation) of its volume the document stands in.
    pub chapter: Option<String>,
    /// Read from a PDF (its layout worked out, so the window says what was made of it).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub from_pdf: bool,
}

/// A parsed document: canonical text, structure and bibliographic facts.
#[derive(Debug, Clone)]
pub struct Document {
    info: DocumentInfo,
    text: String,
    index: TextIndex,
    blocks: Vec<Block>,
    pages: Vec<PageStart>,
    footnote_refs: Vec<FootnoteRef>,
    footnotes: Vec<Footnote>,
    entities: Vec<EntitySpan>,
    /// Stretches set in italics in the source (ships' names, editors' bracketed notes),
    /// in order, not overlapping.
    emphasis: Vec<CharRange>,
    identities: Identities,
    warnings: Vec<String>,
    /// [`Document::fingerprint`], worked out once.
    fingerprint: std::sync::OnceLock<String>,
}

/// Everything a reader hands over to make a [`Document`] — the plain-text parser and the
/// TEI reader alike, and any reader to come: the document's facts, the canonical text and
/// its structure at character offsets. A `Document` is made from it in one place,
/// [`Document::from_parts`].
#[derive(Debug, Clone, Default)]
pub struct DocumentParts {
    pub info: DocumentInfo,
    pub text: String,
    pub blocks: Vec<Block>,
    pub pages: Vec<PageStart>,
    pub footnote_refs: Vec<FootnoteRef>,
    pub footnotes: Vec<Footnote>,
    pub entities: Vec<EntitySpan>,
    /// Italic stretches, in order (overlaps are merged).
    pub emphasis: Vec<CharRange>,
    pub identities: Identities,
    pub warnings: Vec<String>,
}

/// `ranges` in order, those that overlap or touch made one, empty ones left out.
fn merged(mut ranges: Vec<CharRange>) -> Vec<CharRange> {
    ranges.retain(|r| !r.is_empty());
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<CharRange> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Reads a document file's bytes: a regular file (not a folder, device or pipe) of at most
/// [`MAX_DOCUMENT_BYTES`], reporting to `progress`; each failure as a [`DocumentError`].
pub fn read_document_bytes(path: &Path, progress: &Progress) -> Result<Vec<u8>, DocumentError> {
    let io = |source| DocumentError::Io {
        path: path.to_path_buf(),
        source,
    };
    if std::fs::metadata(path).map_err(io)?.is_dir() {
        return Err(DocumentError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    progress::read_file(path, MAX_DOCUMENT_BYTES, progress).map_err(|e| match e {
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
}

/// True when `text` is XML (a TEI file, say) rather than prose: it opens with an XML
/// declaration, a doctype, a comment or an element, and closes with a tag. Read as plain
/// text it would be one paragraph of markup.
pub fn looks_like_xml(text: &str) -> bool {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    // A declaration says so whatever follows: a file cut off mid-way is still XML.
    let declared = start.starts_with("<?xml") || start.starts_with("<!DOCTYPE");
    declared || (opens_as_xml(text) && text.trim_end().ends_with('>'))
}

/// Whether `text` opens as XML does: a declaration, a comment or a start tag.
pub fn opens_as_xml(text: &str) -> bool {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    start.starts_with("<?xml")
        || start.starts_with("<!DOCTYPE")
        || start.starts_with("<!--")
        || (start.starts_with('<')
            && start[1..].starts_with(|c: char| c.is_alphabetic() || c == '_'))
}

/// Path of the bundled seed document, relative to the crate root.
pub const SEED_PATH: &str = "assets/frus1977-80v06-d84.txt";
const SEED_TEXT: &str = include_str!("../../../assets/frus1977-80v06-d84.txt");
const SEED_META: &str = include_str!("../../../assets/frus1977-80v06-d84.meta.ron");

impl Document {
    /// The bundled seed: FRUS 1977–1980, vol. VI, doc. 84, Brezhnev to Carter, February 1978.
    pub fn seed() -> Document {
        let mut doc = Document::from_text(SEED_TEXT, SEED_PATH);
        match DocumentMeta::from_ron(SEED_META, "assets/frus1977-80v06-d84.meta.ron") {
            Ok(meta) => doc.apply_meta(meta),
            Err(e) => doc.warnings.push(e.to_string()),
        }
        doc
    }

    /// Opens a document file: reads it, checks size and encoding, parses it, and applies
    /// its sidecar `.meta.ron` if there is one.
    pub fn open(path: &Path) -> Result<Document, DocumentError> {
        Document::open_with(path, &Progress::default())
    }

    /// [`Document::open`], reporting how far it has read to `progress` and stopping when
    /// it is cancelled (an `Io` error of kind `Interrupted`).
    pub fn open_with(path: &Path, progress: &Progress) -> Result<Document, DocumentError> {
        let bytes = read_document_bytes(path, progress)?;
        Document::from_bytes_with_meta(&bytes, path, progress)
    }

    /// Parses the bytes of the file at `path` and applies its sidecar `.meta.ron`.
    pub(crate) fn from_bytes_with_meta(
        bytes: &[u8],
        path: &Path,
        progress: &Progress,
    ) -> Result<Document, DocumentError> {
        progress.begin("Reading the structure", 0);
        let mut doc = Document::from_bytes(bytes, path)?;
        doc.apply_meta_beside(path);
        Ok(doc)
    }

    /// Applies the sidecar `.meta.ron` beside `path`, if there is one; one that cannot be
    /// read is named in the warnings.
    pub(crate) fn apply_meta_beside(&mut self, path: &Path) {
        match DocumentMeta::load_beside(path) {
            Ok(Some(meta)) => self.apply_meta(meta),
            Ok(None) => {}
            Err(e) => self
                .warnings
                .push(format!("the metadata file was not read: {e}")),
        }
    }

    /// Parses a document from raw bytes; `path` names it in messages and as its source.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Document, DocumentError> {
        if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
            return Err(DocumentError::TooLarge {
                path: path.to_path_buf(),
                size: bytes.len() as u64,
            });
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let bad = e.valid_up_to();
            let (line, column) = crate::core::document::error::line_and_column(bytes, bad);
            DocumentError::InvalidUtf8 {
                path: path.to_path_buf(),
                line,
                column,
                byte: bad,
            }
        })?;
        if text.trim_start_matches('\u{feff}').trim().is_empty() {
            return Err(DocumentError::Empty {
                path: path.to_path_buf(),
            });
        }
        if looks_like_xml(text) {
            return Err(DocumentError::Xml {
                path: path.to_path_buf(),
            });
        }
        Ok(Document::from_text(text, &path.display().to_string()))
    }

    /// Parses text already known to be non-empty UTF-8. `source` is where it came from.
    pub fn from_text(text: &str, source: &str) -> Document {
        let mut parts = parse::parse(text);
        if parts.info.title.is_empty() {
            parts.info.title = Path::new(source)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| source.to_string());
        }
        parts.info.source = source.to_string();
        Document::from_parts(parts)
    }

    /// A document from a structured reader's parts (see [`DocumentParts`]). The parts
    /// are taken as they are: offsets must lie in the text and be in order.
    pub fn from_parts(parts: DocumentParts) -> Document {
        let index = TextIndex::new(&parts.text);
        Document {
            info: parts.info,
            text: parts.text,
            index,
            blocks: parts.blocks,
            pages: parts.pages,
            footnote_refs: parts.footnote_refs,
            footnotes: parts.footnotes,
            entities: parts.entities,
            emphasis: merged(parts.emphasis),
            identities: parts.identities,
            warnings: parts.warnings,
            fingerprint: Default::default(),
        }
    }

    fn apply_meta(&mut self, meta: DocumentMeta) {
        if let Some(title) = meta.title {
            self.info.title = title;
        }
        if meta.number.is_some() {
            self.info.number = meta.number;
        }
        self.info.citation = meta.citation.or(self.info.citation.take());
        self.info.url = meta.url.or(self.info.url.take());
        self.info.date = meta.date.or(self.info.date.take());
    }

    /// Fills the citation and the address this document's own files do not give from
    /// `citation` and `url` (a note set's record of them), when `fingerprint` says they
    /// describe this very text. What the document's sidecar says is kept.
    pub fn fill_missing_info(
        &mut self,
        fingerprint: &str,
        citation: Option<&str>,
        url: Option<&str>,
    ) {
        if fingerprint != self.fingerprint() {
            return;
        }
        if self.info.citation.is_none() {
            self.info.citation = citation.map(str::to_string);
        }
        if self.info.url.is_none() {
            self.info.url = url.map(str::to_string);
        }
    }

    /// Bibliographic facts.
    pub fn info(&self) -> &DocumentInfo {
        &self.info
    }

    /// The source path, when the document came from a file on disk.
    pub fn source_path(&self) -> PathBuf {
        PathBuf::from(&self.info.source)
    }

    /// The canonical text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// `sha256:` and the SHA-256 of the canonical text in hex: the same for any file that
    /// reads to the same text, different for another edition.
    pub fn fingerprint(&self) -> String {
        self.fingerprint
            .get_or_init(|| {
                use sha2::{Digest, Sha256};
                let digest = Sha256::digest(self.text.as_bytes());
                let mut out = String::with_capacity(7 + 64);
                out.push_str("sha256:");
                for byte in digest {
                    out.push_str(&format!("{byte:02x}"));
                }
                out
            })
            .clone()
    }

    /// Length of the canonical text in code points.
    pub fn char_len(&self) -> usize {
        self.index.char_len()
    }

    /// The position just after the last character.
    pub fn end(&self) -> CharOffset {
        CharOffset(self.char_len())
    }

    /// The whole canonical text as a range.
    pub fn full_range(&self) -> CharRange {
        CharRange::new(CharOffset(0), CharOffset(self.char_len()))
    }

    /// Blocks in text order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// Page starts in text order. Empty when the text has no page markers.
    pub fn pages(&self) -> &[PageStart] {
        &self.pages
    }

    /// The body's page printed with the arabic number `page` (front matter in roman
    /// numerals may share the number: `xxvii` is not page 27).
    pub fn arabic_page(&self, page: u32) -> Option<&PageStart> {
        (self.pages.iter()).find(|p| !p.roman && !p.in_file && p.page == page)
    }

    /// Footnote references in text order.
    pub fn footnote_refs(&self) -> &[FootnoteRef] {
        &self.footnote_refs
    }

    /// The footnote list.
    pub fn footnotes(&self) -> &[Footnote] {
        &self.footnotes
    }

    /// The footnote with this number.
    pub fn footnote(&self, number: u32) -> Option<&Footnote> {
        self.footnotes.iter().find(|f| f.number == number)
    }

    /// Names marked in the source (persons, terms, places), in text order.
    pub fn entities(&self) -> &[EntitySpan] {
        &self.entities
    }

    /// The stretches of `range` set in italics in the source, cut to `range`.
    pub fn emphasis_in(&self, range: CharRange) -> Vec<CharRange> {
        let from = self.emphasis.partition_point(|e| e.end <= range.start);
        (self.emphasis[from..].iter())
            .take_while(|e| e.start < range.end)
            .map(|e| CharRange::new(e.start.max(range.start), e.end.min(range.end)))
            .filter(|e| !e.is_empty())
            .collect()
    }

    /// Every italic stretch of the text, in order.
    pub fn emphasis(&self) -> &[CharRange] {
        &self.emphasis
    }

    /// The marked names whose range covers `offset`, innermost last.
    pub fn entities_at(&self, offset: CharOffset) -> impl Iterator<Item = &EntitySpan> {
        let end = self.entities.partition_point(|e| e.range.start <= offset);
        self.entities[..end]
            .iter()
            .filter(move |e| e.range.start <= offset && offset < e.range.end)
    }

    /// The volume's entry for a marked name's key: who the person is, what the
    /// abbreviation stands for.
    pub fn identify(&self, key: &str) -> Option<&str> {
        self.identities.get(key).map(String::as_str)
    }

    /// Footnotes whose calls could not be placed in the text: the historian should know
    /// that notes and calls do not line up here.
    pub fn unplaced_footnotes(&self) -> Vec<u32> {
        self.footnotes
            .iter()
            .map(|f| f.number)
            .filter(|n| !self.footnote_refs.iter().any(|r| r.number == *n))
            .collect()
    }

    /// Things the parser noticed that a user may want to check (e.g. a footnote that is
    /// never referenced). The document opened regardless.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The page on which the character at `offset` is printed, if the text has page markers.
    pub fn page_at(&self, offset: CharOffset) -> Option<u32> {
        self.page_start_at(offset).map(|p| p.page)
    }

    /// The start of the page on which the character at `offset` is printed.
    pub fn page_start_at(&self, offset: CharOffset) -> Option<&PageStart> {
        let after = self.pages.partition_point(|p| p.offset <= offset);
        after.checked_sub(1).map(|i| &self.pages[i])
    }

    /// Index of the block containing `offset`; an offset between blocks belongs to the next
    /// block, one past the end to the last.
    pub fn block_index_at(&self, offset: CharOffset) -> Option<usize> {
        if self.blocks.is_empty() {
            return None;
        }
        let i = self.blocks.partition_point(|b| b.range.end < offset);
        Some(i.min(self.blocks.len() - 1))
    }

    /// Footnote references whose offset lies in `range` (end inclusive, since a reference
    /// at a block's end belongs to that block).
    pub fn footnote_refs_in(&self, range: CharRange) -> &[FootnoteRef] {
        let from = self
            .footnote_refs
            .partition_point(|r| r.offset < range.start);
        let to = self
            .footnote_refs
            .partition_point(|r| r.offset <= range.end);
        &self.footnote_refs[from..to]
    }

    /// Page starts whose offset lies in `range` (half-open).
    pub fn pages_in(&self, range: CharRange) -> &[PageStart] {
        let from = self.pages.partition_point(|p| p.offset < range.start);
        let to = self.pages.partition_point(|p| p.offset < range.end);
        &self.pages[from..to]
    }

    /// The first place `needle` occurs in the canonical text, as a range of code points.
    pub fn find(&self, needle: &str) -> Option<CharRange> {
        let byte = self.text.find(needle)?;
        let start = self.char_of(ByteOffset(byte));
        Some(CharRange::new(start, start + needle.chars().count()))
    }

    /// The canonical text of `range`.
    pub fn slice(&self, range: CharRange) -> &str {
        self.index.slice(&self.text, range)
    }

    /// Byte offset of a code-point offset in the canonical text.
    pub fn byte_of(&self, offset: CharOffset) -> ByteOffset {
        self.index.byte_of(&self.text, offset)
    }

    /// Code-point offset of the character containing a byte of the canonical text.
    pub fn char_of(&self, byte: ByteOffset) -> CharOffset {
        self.index.char_of(&self.text, byte)
    }

    /// The word around `offset` (letters, digits and apostrophes inside a word), or an
    /// empty range at `offset` when it is not on a word.
    pub fn word_at(&self, offset: CharOffset) -> CharRange {
        let Some(block) = self.block_index_at(offset).map(|i| &self.blocks[i]) else {
            return CharRange::new(offset, offset);
        };
        let text: Vec<char> = self.slice(block.range).chars().collect();
        let local = (offset - block.range.start).get().min(text.len());
        let is_word = crate::core::document::words::is_word_char;
        if local >= text.len() || !is_word(text[local]) {
            return CharRange::new(offset, offset);
        }
        let mut start = local;
        while start > 0 && is_word(text[start - 1]) {
            start -= 1;
        }
        let mut end = local;
        while end < text.len() && is_word(text[end]) {
            end += 1;
        }
        // Apostrophes and hyphens at a word's edge are quotation marks or dashes.
        while start < end && !text[start].is_alphanumeric() {
            start += 1;
        }
        while end > start && !text[end - 1].is_alphanumeric() {
            end -= 1;
        }
        CharRange::new(block.range.start + start, block.range.start + end)
    }
}

/// The documents a note refers to by number, in order, each once: "See Document 76",
/// "Documents 76 and 78", "Documents 12, 14–15" (a range gives its ends). Only the word
/// "Document"/"Documents" with a capital, as FRUS writes its cross-references, so
/// "document 3 of the series" in running prose is not taken for one.
pub fn document_references(text: &str) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("Document") {
        let after = &rest[at + "Document".len()..];
        let after = after.strip_prefix('s').unwrap_or(after);
        rest = after;
        if !after.starts_with(' ') {
            continue;
        }
        // Numbers joined by commas, "and", dashes: "76, 78 and 80", "14–15".
        let mut tail = after;
        loop {
            tail = tail.trim_start_matches([' ', ',']);
            let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
            if digits.is_empty() {
                break;
            }
            if let Ok(n) = digits.parse::<u32>()
                && !out.contains(&n)
            {
                out.push(n);
            }
            tail = &tail[digits.len()..];
            if let Some(next) = tail
                .strip_prefix(" and ")
                .or_else(|| tail.strip_prefix('–'))
                .or_else(|| tail.strip_prefix('-'))
                .or_else(|| tail.strip_prefix(", "))
            {
                tail = next;
            } else {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod reference_tests {
    use super::document_references;

    #[test]
    fn cross_references_are_read_by_number() {
        assert_eq!(document_references("See Document 76."), [76]);
        assert_eq!(
            document_references("See Documents 76 and 78, and Document 76."),
            [76, 78]
        );
        assert_eq!(
            document_references("Printed as Documents 12, 14–15."),
            [12, 14, 15]
        );
        assert!(document_references("a document 3 of the series").is_empty());
        assert!(document_references("Documentation 4").is_empty());
        assert!(document_references("Document").is_empty());
    }
}

#[cfg(test)]
mod emphasis_tests {
    use super::*;

    #[test]
    fn italic_stretches_are_merged_and_cut_to_a_range() {
        let r = |a: usize, b: usize| CharRange::new(CharOffset(a), CharOffset(b));
        let doc = Document::from_parts(DocumentParts {
            text: "abcdefghijklmnopqrstuvwxyz".into(),
            // Out of order, one inside another, two touching, one empty.
            emphasis: vec![r(10, 12), r(2, 6), r(3, 4), r(6, 8), r(20, 20)],
            ..Default::default()
        });
        assert_eq!(doc.emphasis(), [r(2, 8), r(10, 12)]);
        assert_eq!(doc.emphasis_in(r(4, 11)), [r(4, 8), r(10, 11)]);
        assert!(doc.emphasis_in(r(8, 10)).is_empty());
        assert!(doc.emphasis_in(r(12, 26)).is_empty());
    }
}
