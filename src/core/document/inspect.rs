//! A plain account of how a document was read — blocks, pages, footnote references — so a
//! historian can check the parse without a window (`marginalia inspect`).

use crate::core::document::{BlockKind, Document, DocumentInfo, EntityKind, Footnote};
use crate::core::numbers::counted;
use crate::core::text::{CharOffset, CharRange};
use serde::Serialize;
use std::fmt::Write as _;

/// How many characters of context are shown on each side of a position.
const CONTEXT: usize = 24;

/// The parsed structure of a document, ready to print as text or JSON.
#[derive(Debug, Serialize)]
pub struct InspectReport {
    pub info: DocumentInfo,
    /// Length of the canonical text in code points.
    pub char_len: usize,
    pub blocks: Vec<BlockReport>,
    pub pages: Vec<PageReport>,
    pub footnote_refs: Vec<FootnoteRefReport>,
    pub footnotes: Vec<Footnote>,
    /// Footnotes whose call was not found in the text.
    pub unplaced_footnotes: Vec<u32>,
    /// Names marked in the source (TEI): persons, terms, places.
    pub entities: Vec<EntityReport>,
    /// Stretches set in italics in the source (TEI), as [start, end) in code points.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub italics: Vec<(usize, usize)>,
    pub warnings: Vec<String>,
}

/// A marked name: what it is, where, its text and who the volume says it is.
#[derive(Debug, Serialize)]
pub struct EntityReport {
    pub kind: EntityKind,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub key: Option<String>,
    pub identification: Option<String>,
}

/// One block: kind, span and its opening words.
#[derive(Debug, Serialize)]
pub struct BlockReport {
    pub kind: BlockKind,
    pub start: usize,
    pub end: usize,
    pub preview: String,
}

/// Where a page begins, with the text on either side.
#[derive(Debug, Serialize)]
pub struct PageReport {
    pub page: u32,
    /// The number as printed: `287`, or `xxvii` for a page of front matter; for a page
    /// that prints none, its place in the file.
    pub label: String,
    /// The page prints no number: `page` is its place in the file ("PDF p. 12").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub in_file: bool,
    pub offset: usize,
    pub before: String,
    pub after: String,
}

/// A footnote reference, with the text it follows.
#[derive(Debug, Serialize)]
pub struct FootnoteRefReport {
    pub number: u32,
    pub offset: usize,
    pub after_text: String,
}

impl InspectReport {
    /// Describes `doc`.
    pub fn new(doc: &Document) -> Self {
        let before = |at: CharOffset| {
            let from = at - CONTEXT;
            one_line(doc.slice(CharRange::new(from, at)))
        };
        let after = |at: CharOffset| {
            let to = (at + CONTEXT).min(doc.end());
            one_line(doc.slice(CharRange::new(at, to)))
        };
        InspectReport {
            info: doc.info().clone(),
            char_len: doc.char_len(),
            blocks: doc
                .blocks()
                .iter()
                .map(|b| {
                    let end = (b.range.start + 2 * CONTEXT).min(b.range.end);
                    let mut preview = one_line(doc.slice(CharRange::new(b.range.start, end)));
                    if end < b.range.end {
                        preview.push('…');
                    }
                    BlockReport {
                        kind: b.kind,
                        start: b.range.start.index(),
                        end: b.range.end.index(),
                        preview,
                    }
                })
                .collect(),
            pages: doc
                .pages()
                .iter()
                .map(|p| PageReport {
                    page: p.page,
                    label: p.label(),
                    in_file: p.in_file,
                    offset: p.offset.0,
                    before: before(p.offset),
                    after: after(p.offset),
                })
                .collect(),
            footnote_refs: doc
                .footnote_refs()
                .iter()
                .map(|r| FootnoteRefReport {
                    number: r.number,
                    offset: r.offset.0,
                    after_text: before(r.offset),
                })
                .collect(),
            footnotes: doc.footnotes().to_vec(),
            unplaced_footnotes: doc.unplaced_footnotes(),
            entities: doc
                .entities()
                .iter()
                .map(|e| EntityReport {
                    kind: e.kind,
                    start: e.range.start.index(),
                    end: e.range.end.index(),
                    text: one_line(doc.slice(e.range)),
                    key: e.key.clone(),
                    identification: e
                        .key
                        .as_deref()
                        .and_then(|k| doc.identify(k))
                        .map(str::to_string),
                })
                .collect(),
            italics: (doc.emphasis().iter())
                .map(|r| (r.start.index(), r.end.index()))
                .collect(),
            warnings: doc.warnings().to_vec(),
        }
    }

    /// The report as text for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let info = &self.info;
        let _ = writeln!(out, "Source:    {}", info.source);
        if let Some(n) = info.number {
            let _ = writeln!(out, "Number:    {n}");
        }
        let _ = writeln!(out, "Title:     {}", info.title);
        if let Some(c) = &info.citation {
            let _ = writeln!(out, "Citation:  {c}");
        }
        if let Some(u) = &info.url {
            let _ = writeln!(out, "URL:       {u}");
        }
        for (label, value) in [
            ("Date:      ", &info.date),
            ("Dateline:  ", &info.dateline),
            ("Chapter:   ", &info.chapter),
        ] {
            if let Some(v) = value {
                let _ = writeln!(out, "{label}{v}");
            }
        }
        let _ = writeln!(
            out,
            "Length:    {} characters (canonical text)",
            self.char_len
        );
        if !self.unplaced_footnotes.is_empty() {
            let list: Vec<String> = self.unplaced_footnotes.iter().map(u32::to_string).collect();
            let _ = writeln!(
                out,
                "\n!! Notes and calls do not line up: no call was found for note{} {}. Check the text before citing these notes.",
                if list.len() == 1 { "" } else { "s" },
                list.join(", ")
            );
        }
        let _ = writeln!(out, "\nBlocks ({}):", self.blocks.len());
        for b in &self.blocks {
            let _ = writeln!(
                out,
                "  {:>7}–{:<7} {:<10} {}",
                b.start,
                b.end,
                b.kind.label(),
                b.preview
            );
        }
        let _ = writeln!(out, "\nPages ({}):", self.pages.len());
        for p in &self.pages {
            let _ = writeln!(
                out,
                "  {:<8} at {:>7}  …{} | {}…",
                if p.in_file {
                    format!("PDF p. {}", p.label)
                } else {
                    format!("p. {}", p.label)
                },
                p.offset,
                p.before,
                p.after
            );
        }
        let _ = writeln!(out, "\nFootnote references ({}):", self.footnote_refs.len());
        for r in &self.footnote_refs {
            let _ = writeln!(
                out,
                "  {:>3} at {:>7}  after …{}",
                r.number, r.offset, r.after_text
            );
        }
        let _ = writeln!(out, "\nFootnotes ({}):", self.footnotes.len());
        for f in &self.footnotes {
            let _ = writeln!(out, "  {:>3}. {}", f.number, f.text);
        }
        if !self.entities.is_empty() {
            let count = |kind| self.entities.iter().filter(|e| e.kind == kind).count();
            let _ = writeln!(
                out,
                "\nNames marked: {}, {}, {}",
                counted(count(EntityKind::Person), "person"),
                counted(count(EntityKind::Term), "term"),
                counted(count(EntityKind::Place), "place")
            );
        }
        if !self.italics.is_empty() {
            let _ = writeln!(out, "Italics: {}", counted(self.italics.len(), "passage"));
        }
        if !self.warnings.is_empty() {
            let _ = writeln!(out, "\nWarnings ({}):", self.warnings.len());
            for w in &self.warnings {
                let _ = writeln!(out, "  - {w}");
            }
        }
        out
    }
}

fn one_line(text: &str) -> String {
    text.replace('\n', "⏎")
}
