//! Walks a FRUS TEI volume: the header's titles, the persons and terms lists, and every
//! `div[@type="document"]` in order, each through a [`Builder`] into a document's parts.

use super::VolumeInfo;
use super::builder::{Builder, Page};
use crate::core::dates::{is_calendar_date, span};
use crate::core::document::structure::{BlockKind, EntityKind, from_roman};
use crate::core::document::{DocumentInfo, DocumentParts, Identities};
use roxmltree::{Node, NodeType};
use std::collections::HashMap;

/// The XML namespace of `xml:id`.
pub(super) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The FRUS namespace of `frus:doc-dateTime-min` and `frus:attachment`.
const FRUS_NS: &str = "http://history.state.gov/frus/ns/1.0";
/// XInclude, whose includes are left unresolved.
const XI_NS: &str = "http://www.w3.org/2001/XInclude";

/// The attribute `xml:id`.
pub(super) fn xml_id<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attribute((XML_NS, "id"))
}

pub(super) fn name<'a>(node: Node<'a, '_>) -> &'a str {
    node.tag_name().name()
}

pub(super) fn is(node: Node, local: &str) -> bool {
    node.is_element() && name(node) == local
}

/// The text of `node` with its notes left out and whitespace collapsed: a heading as a
/// title, a dateline, a persons-list name.
pub(super) fn plain_text(node: Node) -> String {
    let mut out = String::new();
    collect_text(node, &mut out, true);
    collapse(&out)
}

/// Every text below `node`, notes kept or not, separated where elements are.
fn collect_text(node: Node, out: &mut String, skip_notes: bool) {
    for child in node.children() {
        match child.node_type() {
            NodeType::Text => out.push_str(child.text().unwrap_or("")),
            NodeType::Element => {
                if skip_notes && is(child, "note") {
                    continue;
                }
                if is(child, "lb") || is(child, "p") {
                    out.push(' ');
                }
                collect_text(child, out, skip_notes);
            }
            _ => {}
        }
    }
}

/// Whitespace runs to one space, trimmed.
pub(super) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The volume's titles from `teiHeader/fileDesc/titleStmt`, and its id.
pub(super) fn volume_info(root: Node) -> VolumeInfo {
    let mut info = VolumeInfo {
        id: xml_id(root).map(str::to_string),
        ..VolumeInfo::default()
    };
    let Some(stmt) = root
        .descendants()
        .find(|n| is(*n, "titleStmt") && n.ancestors().any(|a| is(a, "teiHeader")))
    else {
        return info;
    };
    for title in stmt.children().filter(|n| is(*n, "title")) {
        let text = plain_text(title);
        match title.attribute("type") {
            Some("complete") => info.complete = Some(text),
            Some("series") => info.series = Some(text),
            // Both spellings are in the published volumes.
            Some("sub-series" | "subseries") => info.sub_series = Some(text),
            Some("volume-number" | "volumenumber") => info.volume_number = Some(text),
            Some("volume") => info.volume_title = Some(text),
            _ => {}
        }
    }
    if info.id.is_none() {
        info.id = root
            .descendants()
            .find(|n| is(*n, "idno") && n.attribute("type") == Some("frus"))
            .map(plain_text);
    }
    info
}

/// A page number from `pb/@n`: arabic, or roman for front matter.
pub(super) fn page_of(n: &str) -> Option<Page> {
    let n = n.trim();
    if let Ok(page) = n.parse::<u32>() {
        return Some(Page { page, roman: false });
    }
    from_roman(n).map(|page| Page { page, roman: true })
}

/// Where the walk is: what a bare text becomes, and what the surrounding elements say.
#[derive(Clone, Copy)]
struct Context {
    /// The kind of a block opened by text outside any block element.
    kind: BlockKind,
    /// Inside `quote` set off as a block, `postscript`, `closer`: paragraphs take this kind.
    paragraph: BlockKind,
}

impl Context {
    /// The same context, where text outside any block element opens a block of `kind`.
    fn opening(self, kind: BlockKind) -> Context {
        Context { kind, ..self }
    }
}

/// Reads one document division into its parts; `page` is the page the volume is on.
pub(super) struct DocumentReader<'v> {
    pub volume: &'v VolumeInfo,
    /// The volume's documents' numbers by `xml:id`, for notes that point at one.
    pub numbers: &'v HashMap<String, u32>,
    /// The volume's arabic page numbers by their page break's `xml:id` (`pg_10`).
    pub page_ids: &'v HashMap<String, u32>,
    pub identities: Identities,
    pub source: String,
    pub chapter: Option<String>,
}

impl DocumentReader<'_> {
    pub(super) fn read(&self, div: Node, page: Option<Page>) -> (DocumentParts, Option<Page>) {
        let mut walk = Walk {
            numbers: self.numbers,
            page_ids: self.page_ids,
            b: Builder::on_page(page),
            warnings: Vec::new(),
            next_note: 1,
            notes_seen: Default::default(),
            heading: None,
            dateline: None,
            place: None,
            when: None,
        };
        let context = Context {
            kind: BlockKind::Paragraph,
            paragraph: BlockKind::Paragraph,
        };
        walk.children(div, context);
        let id = xml_id(div).map(str::to_string);
        let number = div
            .attribute("n")
            .and_then(|n| n.trim().parse::<u32>().ok());
        let title = walk
            .heading
            .clone()
            .map(|h| strip_number(&h, number))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| match (&number, &id) {
                (Some(n), _) => format!("Document {n}"),
                (None, Some(id)) => id.clone(),
                (None, None) => "Untitled document".to_string(),
            });
        // A date that is no calendar date (a `when` of `1978-02-30`) is left out, not kept
        // to put the document in a month that does not exist.
        let date = (walk.when.clone())
            .filter(|d| is_calendar_date(d))
            .or_else(|| document_date(div).filter(|d| is_calendar_date(d) || span(d).is_some()));
        let (mut parts, last_page) = walk.b.finish();
        let citation = self.volume.citation(number, id.as_deref());
        let url = match (&self.volume.id, &id) {
            (Some(v), Some(d)) => Some(format!(
                "https://history.state.gov/historicaldocuments/{v}/{d}"
            )),
            _ => None,
        };
        let mut warnings = walk.warnings;
        if parts.text.is_empty() {
            warnings.push("the document has no text".to_string());
        }
        parts.info = DocumentInfo {
            number,
            title,
            citation,
            url,
            source: match &id {
                Some(id) => format!("{}#{id}", self.source),
                None => self.source.clone(),
            },
            id,
            date,
            dateline: walk.dateline,
            place: walk.place,
            chapter: self.chapter.clone(),
            from_pdf: false,
        };
        parts.identities = self.identities.clone();
        parts.warnings = warnings;
        (parts, last_page)
    }
}

/// The date of a document from `frus:doc-dateTime-min` and `-max`: the day when both
/// fall on it, else the month they share (`1978-02` for a letter of February 1978
/// without a day); a span wider than a month is no date but the span itself,
/// `1975-05-28/1981-01-14` (an editorial note given its volume's whole range: it was
/// dated by its first day, sorted first and drawn in a bar of its own).
fn document_date(div: Node) -> Option<String> {
    let attribute = |name: &str| {
        div.attributes()
            .find(|a| a.namespace() == Some(FRUS_NS) && a.name() == name)
            .map(|a| a.value().chars().take(10).collect::<String>())
            .filter(|d| d.is_ascii() && d.len() == 10)
    };
    let min = attribute("doc-dateTime-min")?;
    let Some(max) = attribute("doc-dateTime-max") else {
        return Some(min);
    };
    for len in [10, 7] {
        if min[..len] == max[..len] {
            return Some(min[..len].to_string());
        }
    }
    Some(if min < max {
        format!("{min}/{max}")
    } else {
        min
    })
}

/// `84. Letter From …` → `Letter From …` when 84 is the document's number; so too the
/// older volumes' `No. 2. Mr. Gresham to Mr. Baker.`
fn strip_number(heading: &str, number: Option<u32>) -> String {
    let heading = heading.trim();
    if let Some(n) = number
        && let Some(rest) = (heading.strip_prefix(&format!("{n}.")))
            .or_else(|| heading.strip_prefix(&format!("No. {n}.")))
        && !rest.trim().is_empty()
    {
        return rest.trim().to_string();
    }
    heading.to_string()
}

struct Walk<'v> {
    numbers: &'v HashMap<String, u32>,
    page_ids: &'v HashMap<String, u32>,
    b: Builder,
    warnings: Vec<String>,
    /// The number a note without a usable `@n` is given.
    next_note: u32,
    /// The note numbers given so far, to say when one stands twice.
    notes_seen: std::collections::HashSet<u32>,
    heading: Option<String>,
    dateline: Option<String>,
    place: Option<String>,
    when: Option<String>,
}

impl Walk<'_> {
    fn children(&mut self, node: Node, cx: Context) {
        for child in node.children() {
            self.node(child, cx);
        }
    }

    fn node(&mut self, node: Node, cx: Context) {
        match node.node_type() {
            NodeType::Text => self.b.text(node.text().unwrap_or(""), cx.kind),
            NodeType::Element => self.element(node, cx),
            // Comments and processing instructions are not text.
            _ => {}
        }
    }

    /// A division whose text and paragraphs all take `kind` (a closer, a postscript, a
    /// quotation set off from the text).
    fn section(&mut self, node: Node, kind: BlockKind) {
        self.b.close();
        self.children(
            node,
            Context {
                kind,
                paragraph: kind,
            },
        );
        self.b.close();
    }

    /// A block element: opens a block of `kind` for its content and closes it after.
    fn block(&mut self, node: Node, kind: BlockKind, cx: Context) {
        self.b.open(kind);
        self.children(node, cx.opening(kind));
        self.b.close();
    }

    /// One element: each TEI element the volumes use, read as what it is; any other
    /// element is read for its content.
    fn element(&mut self, node: Node, cx: Context) {
        if node.tag_name().namespace() == Some(XI_NS) {
            let href = node.attribute("href").unwrap_or("?");
            self.warnings
                .push(format!("an XInclude of “{href}” was left unresolved"));
            return;
        }
        let frus = node.tag_name().namespace() == Some(FRUS_NS);
        match name(node) {
            "attachment" if frus => self.container(node, BlockKind::Paragraph),
            "head" => self.head(node, cx),
            // A document inside a document is one of its own (the volume reads it after
            // this one), never merged into its outer document's text.
            "div" if node.attribute("type") == Some("document") => self.b.close(),
            "opener" | "div" | "body" | "front" | "back" | "text" | "group" | "floatingText" => {
                self.container(node, cx.paragraph);
            }
            "dateline" => self.dateline(node, cx),
            "p" | "ab" => {
                let kind = paragraph_kind(node, cx.paragraph);
                self.block(node, kind, cx.opening(kind));
            }
            "salute" => {
                let kind = if node.ancestors().any(|a| is(a, "closer")) {
                    BlockKind::Signature
                } else {
                    BlockKind::Salutation
                };
                self.block(node, kind, cx);
            }
            "signed" => self.block(node, BlockKind::Signature, cx),
            "closer" => self.section(node, BlockKind::Signature),
            "postscript" => self.section(node, BlockKind::Postscript),
            "quote" if !self.b.has_text() || node.children().any(|c| is(c, "p")) => {
                // A quotation set off as a block of its own.
                self.section(node, BlockKind::Quote);
            }
            "list" => self.list(node, cx),
            "item" => self.item(node, cx),
            "label" if node.parent().is_some_and(|p| is(p, "list")) => self.label(node, cx),
            "table" => self.table(node, cx),
            "note" if node.attribute("rend") == Some("inline") => {
                // An editor's line printed in the text, not a footnote: "Roosevelt Papers:
                // Telegram" above a heading, "[Here follows …]". It has no number.
                if self.b.has_text() {
                    self.children(node, cx);
                } else {
                    self.block(node, BlockKind::Paragraph, cx);
                }
            }
            "note" => self.note(node),
            "seg" if node.parent().is_some_and(|p| is(p, "opener")) => {
                // A classification ("top secret") or a line such as "[Telegram.]" beside
                // the dateline in one opener: a line of its own, not the dateline's.
                self.block(node, BlockKind::Paragraph, cx);
            }
            "pb" => self.page_break(node),
            "lb" => self.b.line_break(),
            "hi" if node
                .attribute("rend")
                .is_some_and(|r| r.split_whitespace().any(|w| w == "italic")) =>
            {
                let handle = self.b.start_emphasis();
                self.children(node, cx);
                self.b.end_entity(handle);
            }
            "persName" | "gloss" | "placeName" | "orgName" if !node.has_children() => {}
            "persName" => self.entity(node, EntityKind::Person, cx),
            "gloss" => self.entity(node, EntityKind::Term, cx),
            "placeName" => self.entity(node, EntityKind::Place, cx),
            "figure" | "graphic" | "media" => self.figure(node),
            _ => self.children(node, cx),
        }
    }

    /// An element that holds blocks (a division, an opener, an attachment): what was
    /// open before it ends, its paragraphs are of `paragraph` kind, and nothing it opened
    /// runs on after it.
    fn container(&mut self, node: Node, paragraph: BlockKind) {
        self.b.close();
        self.children(
            node,
            Context {
                kind: BlockKind::Paragraph,
                paragraph,
            },
        );
        self.b.close();
    }

    /// A heading: the document's own (its first), a memo's list heading, or a
    /// subheading.
    fn head(&mut self, node: Node, cx: Context) {
        let parent_is_document = node
            .parent()
            .is_some_and(|p| is(p, "div") && p.attribute("type") == Some("document"));
        if parent_is_document && self.heading.is_none() {
            self.block(node, BlockKind::Heading, cx);
            self.heading = Some(plain_text(node));
        } else if node.parent().is_some_and(|p| is(p, "list")) {
            self.block(node, BlockKind::MemoHeader, cx);
        } else {
            self.block(node, BlockKind::Subheading, cx);
        }
    }

    /// A dateline: the first one gives the document's place and date; one inside a
    /// paragraph or closer stays inline.
    fn dateline(&mut self, node: Node, cx: Context) {
        if self.dateline.is_none() {
            self.dateline = Some(plain_text(node)).filter(|d| !d.is_empty());
            self.place = node
                .descendants()
                .find(|n| is(*n, "placeName"))
                .map(plain_text)
                .filter(|p| !p.is_empty());
            self.when = node
                .descendants()
                .find(|n| is(*n, "date"))
                .and_then(|d| d.attribute("when").or(d.attribute("notBefore")))
                .map(|w| w.chars().take(10).collect::<String>())
                .filter(|w| !w.is_empty());
        }
        if self.b.open_kind().is_some_and(|k| k != BlockKind::Dateline) && self.b.has_text() {
            // A dateline inside a paragraph or closer: keep it inline.
            self.children(node, cx);
        } else {
            self.block(node, BlockKind::Dateline, cx);
        }
    }

    /// A list's item; a label just written opens the item's block, and the item
    /// continues it.
    fn item(&mut self, node: Node, cx: Context) {
        let labelled = self.b.open_kind() == Some(BlockKind::ListItem);
        if !labelled {
            self.b.open(BlockKind::ListItem);
        }
        self.children(node, cx.opening(BlockKind::ListItem));
        self.b.close();
    }

    /// A list item's label: opens the item's block, a space after it.
    fn label(&mut self, node: Node, cx: Context) {
        self.b.open(BlockKind::ListItem);
        self.children(node, cx.opening(BlockKind::ListItem));
        self.b.text(" ", BlockKind::ListItem);
    }

    /// A printed page begins; a number not understood is reported, not guessed.
    fn page_break(&mut self, node: Node) {
        if let Some(page) = node.attribute("n").and_then(page_of) {
            self.b.page_break(page);
        } else {
            self.warnings.push(format!(
                "a page break with the number “{}” was not understood and left out",
                node.attribute("n").unwrap_or("")
            ));
        }
    }

    /// A person, a term or a place named in the text, with the key it points to.
    fn entity(&mut self, node: Node, kind: EntityKind, cx: Context) {
        let key = node
            .attribute("corresp")
            .or(node.attribute("target"))
            .or(node.attribute("ref"))
            .map(|k| k.trim().trim_start_matches('#').to_string())
            .filter(|k| !k.is_empty());
        let handle = self.b.start_entity(kind, key);
        self.children(node, cx);
        self.b.end_entity(handle);
    }

    /// No images here: the figure's description or caption stands for it.
    fn figure(&mut self, node: Node) {
        let text = plain_text(node);
        if !text.is_empty() {
            self.b.open(BlockKind::Paragraph);
            self.b
                .text(&format!("[Figure: {text}]"), BlockKind::Paragraph);
            self.b.close();
        }
    }

    fn list(&mut self, node: Node, cx: Context) {
        self.b.close();
        let memo = matches!(
            node.attribute("type"),
            Some("subject" | "participants" | "to" | "from" | "through")
        );
        for child in node.children() {
            match child.node_type() {
                NodeType::Element if is(child, "head") => {
                    let kind = if memo {
                        BlockKind::MemoHeader
                    } else {
                        BlockKind::Subheading
                    };
                    self.block(child, kind, cx);
                }
                _ => self.node(child, cx.opening(BlockKind::ListItem)),
            }
        }
        self.b.close();
    }

    /// A table as one block: rows on lines, cells separated by a tab. Its `head` is a
    /// subheading before it.
    fn table(&mut self, node: Node, cx: Context) {
        self.b.close();
        for head in node.children().filter(|c| is(*c, "head")) {
            self.block(head, BlockKind::Subheading, cx);
        }
        self.b.open(BlockKind::Table);
        let mut first_row = true;
        for row in node.children() {
            if is(row, "pb") {
                self.element(row, cx);
                continue;
            }
            if is(row, "note") {
                self.note(row);
                continue;
            }
            if !is(row, "row") {
                continue;
            }
            if !first_row {
                self.b.table_separator('\n');
            }
            first_row = false;
            let mut first_cell = true;
            for cell in row.children().filter(|c| c.is_element()) {
                if !is(cell, "cell") {
                    self.element(cell, cx);
                    continue;
                }
                if !first_cell {
                    self.b.table_separator('\t');
                }
                first_cell = false;
                self.b.in_cell = true;
                self.cell(cell);
                self.b.in_cell = false;
            }
        }
        self.b.close();
    }

    /// A table cell's content, inline: nested blocks are flattened into it.
    fn cell(&mut self, node: Node) {
        for child in node.children() {
            match child.node_type() {
                NodeType::Text => self.b.text(child.text().unwrap_or(""), BlockKind::Table),
                NodeType::Element => match name(child) {
                    "note" => self.note(child),
                    "pb" | "lb" => self.element(
                        child,
                        Context {
                            kind: BlockKind::Table,
                            paragraph: BlockKind::Table,
                        },
                    ),
                    "table" | "list" | "p" | "item" | "head" => {
                        self.b.text(" ", BlockKind::Table);
                        self.cell(child);
                    }
                    _ => self.cell(child),
                },
                _ => {}
            }
        }
    }

    /// A note: its call here, its text (markup kept as text) in the footnote list.
    fn note(&mut self, node: Node) {
        // A note inside a note is a note of its own, not words of the outer one.
        let mut text = String::new();
        collect_text(node, &mut text, true);
        let text = collapse(&text);
        let number = match node.attribute("n").map(str::trim) {
            Some(n) if n.parse::<u32>().is_ok() => n.parse::<u32>().unwrap_or(0),
            other => {
                let given = self.next_note;
                self.warnings.push(format!(
                    "a note marked “{}” was numbered {given} here",
                    other.unwrap_or("")
                ));
                given
            }
        };
        self.next_note = number.saturating_add(1);
        if !self.notes_seen.insert(number) {
            self.warnings.push(format!(
                "note {number} stands twice in this document; both are kept as numbered in the source"
            ));
        }
        // `<ref target="#d1">No. 1</ref>`: a document of this volume, named by its id.
        // `<ref target="#pg_10">p. 10</ref>`: a printed page of this volume.
        let mut documents: Vec<u32> = Vec::new();
        let mut pages: Vec<u32> = Vec::new();
        for target in node
            .descendants()
            .filter(|n| is(*n, "ref"))
            .filter_map(|n| n.attribute("target"))
        {
            let Some(id) = target.strip_prefix('#') else {
                continue;
            };
            if let Some(n) = self.numbers.get(id)
                && !documents.contains(n)
            {
                documents.push(*n);
            }
            if let Some(p) = self.page_ids.get(id)
                && !pages.contains(p)
            {
                pages.push(*p);
            }
        }
        self.b.footnote(number, text, documents, pages);
        for inner in node.descendants().filter(|n| *n != node && is(*n, "note")) {
            // Only the notes directly inside this one: deeper ones are theirs.
            if inner.ancestors().skip(1).find(|a| is(*a, "note")) == Some(node) {
                self.note(inner);
            }
        }
    }
}

/// A paragraph's kind from its `rend`: section titles and short centred lines are
/// subheadings; everything else takes the surrounding kind.
fn paragraph_kind(node: Node, default: BlockKind) -> BlockKind {
    let rend = node.attribute("rend").unwrap_or("");
    if rend.starts_with("sectiontitle") {
        return BlockKind::Subheading;
    }
    if rend == "center" {
        let text = plain_text(node);
        if text.chars().count() <= 120 && !text.ends_with(['.', ',', ';']) {
            return BlockKind::Subheading;
        }
    }
    if rend == "right" || rend == "flushright" {
        // A right-set line with a date ("January 27, 1894.") is a dateline; one without
        // ("Herbert.", under a quoted dispatch) is a signature.
        let dated = node.descendants().any(|n| is(n, "date"))
            || plain_text(node).chars().any(|c| c.is_ascii_digit());
        return if dated {
            BlockKind::Dateline
        } else {
            BlockKind::Signature
        };
    }
    default
}
