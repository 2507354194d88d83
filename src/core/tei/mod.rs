//! FRUS volumes as the Office of the Historian publishes them: TEI XML, one file a
//! volume, hundreds of documents in it. [`Volume::read`] turns a volume into its
//! documents, each a [`Document`] with the same model the plain-text reader gives
//! (canonical text, blocks, page starts, footnotes), plus the marked names of persons,
//! terms and places and the volume's citation and address for each document.
//!
//! The XML is parsed whole by `roxmltree` (a real XML parser: namespaces, entities,
//! CDATA, comments and processing instructions are its business); `read` walks the
//! tree, and `builder` writes each document's canonical text.

pub mod bounds;
mod builder;
mod identities;
pub mod listing;
mod read;

use crate::core::document::error::MAX_DOCUMENT_BYTES;
use crate::core::document::{Document, Identities};
use crate::core::progress::{self, Progress};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The TEI namespace.
const TEI_NS: &str = "http://www.tei-c.org/ns/1.0";

/// A volume's titles, from its `teiHeader`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VolumeInfo {
    /// `frus1977-80v06`.
    pub id: Option<String>,
    /// "Foreign Relations of the United States".
    pub series: Option<String>,
    /// "1977–1980".
    pub sub_series: Option<String>,
    /// "Volume VI".
    pub volume_number: Option<String>,
    /// "Soviet Union".
    pub volume_title: Option<String>,
    /// The whole title as the header gives it.
    pub complete: Option<String>,
}

impl VolumeInfo {
    /// "Foreign Relations of the United States, 1977–1980, Volume VI, Soviet Union": the
    /// header's complete title, as the Office of the Historian cites a volume ("…,
    /// 1952–1954, Guatemala", not "…, Retrospective Volume, Guatemala"; "…, 1894,
    /// Nicaragua (Mosquito Territory)", not the series' "…, 1894" that every volume of that
    /// year shares); without one, the series, sub-series, number and title joined.
    pub fn title(&self) -> String {
        if let Some(complete) = self.complete.as_deref().filter(|c| !c.trim().is_empty()) {
            return complete.to_string();
        }
        let parts: Vec<&str> = [
            &self.series,
            &self.sub_series,
            &self.volume_number,
            &self.volume_title,
        ]
        .into_iter()
        .filter_map(|p| p.as_deref())
        .filter(|p| !p.trim().is_empty())
        .collect();
        if parts.is_empty() {
            self.id.clone().unwrap_or_default()
        } else {
            parts.join(", ")
        }
    }

    /// "…, Volume VI, Soviet Union, Document 84"; `None` when the volume has no title.
    pub fn citation(&self, number: Option<u32>, id: Option<&str>) -> Option<String> {
        let title = self.title();
        if title.is_empty() {
            return None;
        }
        Some(match (number, id) {
            (Some(n), _) => format!("{title}, Document {n}"),
            (None, Some(id)) => format!("{title}, {id}"),
            (None, None) => title,
        })
    }
}

/// How deep elements may nest in a volume that is read.
pub const MAX_DEPTH: usize = 256;

/// How deep the elements of `xml` nest, counted without recursion.
fn max_depth(xml: &roxmltree::Document) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(xml.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if depth > MAX_DEPTH {
            break;
        }
        stack.extend(node.children().map(|c| (c, depth + 1)));
    }
    deepest
}

/// Why a file could not be read as a FRUS TEI volume.
#[derive(Debug, thiserror::Error)]
pub enum TeiError {
    #[error("{path} could not be read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is larger than the {} MiB a volume may have", MAX_DOCUMENT_BYTES / (1024 * 1024))]
    TooLarge { path: PathBuf },
    #[error("{path} is not UTF-8 text")]
    NotUtf8 { path: PathBuf },
    #[error("{path} is not well-formed XML (line {line}, column {column}): {message}")]
    Xml {
        path: PathBuf,
        line: u32,
        column: u32,
        message: String,
    },
    #[error(
        "{path} is XML, but not a TEI file (its root element is <{root}>, not TEI's <TEI xmlns=\"{TEI_NS}\">); Marginalia reads FRUS volumes in TEI and plain text"
    )]
    NotTei { path: PathBuf, root: String },
    #[error(
        "{path} nests its elements more than {MAX_DEPTH} deep, far deeper than any FRUS volume; it was not opened"
    )]
    TooDeep { path: PathBuf },
    #[error(
        "{path} declares entities that would expand to {} MiB of text (at most {} MiB are read); it was not opened",
        bytes / (1024 * 1024),
        bounds::MAX_EXPANDED_BYTES / (1024 * 1024)
    )]
    TooExpanded { path: PathBuf, bytes: u64 },
    #[error(
        "{path}:{line}:{column}: an element with {count} attributes (at most {} are read); it was not opened",
        bounds::MAX_ATTRIBUTES
    )]
    TooManyAttributes {
        path: PathBuf,
        line: usize,
        column: usize,
        count: usize,
    },
    #[error(
        "{path} has more than {} elements and texts, far more than any FRUS volume; it was not opened",
        bounds::MAX_NODES
    )]
    TooManyNodes { path: PathBuf },
    #[error(
        "{path} is a TEI file{}, but it has no documents (no <div type=\"document\">){}",
        title.as_deref().map(|t| format!(" ({t})")).unwrap_or_default(),
        status.as_deref().map(|s| format!("; its header says the volume is “{s}”")).unwrap_or_default()
    )]
    NoDocuments {
        path: PathBuf,
        title: Option<String>,
        status: Option<String>,
    },
}

/// A FRUS volume read from TEI: its titles and its documents in order.
#[derive(Debug, Clone)]
pub struct Volume {
    info: VolumeInfo,
    source: String,
    documents: Vec<Document>,
    /// Each document's place by its `xml:id` (the first, should two share one).
    by_id: std::collections::HashMap<String, usize>,
    /// Each document's place by its number (the first, should two share one).
    by_number: std::collections::HashMap<u32, usize>,
    /// Where each printed page (arabic) begins: (document, offset) of its first start.
    by_page: std::collections::HashMap<u32, (usize, crate::core::text::CharOffset)>,
    identities: Identities,
    warnings: Vec<String>,
}

/// True when `text` is a TEI file: XML whose root element is `TEI` (or `teiCorpus`).
/// Looks only at the start of the text, so it is cheap on a whole volume.
pub fn is_tei(text: &str) -> bool {
    // The opening alone: a volume cut off mid-file is still a volume, refused by the
    // parser with the line and column where it breaks off, never read as plain text.
    if !crate::core::document::opens_as_xml(text) {
        return false;
    }
    // The root element is the first start tag that is not a declaration, comment or
    // processing instruction.
    let mut rest = text;
    for _ in 0..64 {
        let Some(at) = rest.find('<') else {
            return false;
        };
        rest = &rest[at + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            continue;
        }
        let tag: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
            .collect();
        let local = tag.rsplit(':').next().unwrap_or("");
        return local == "TEI" || local == "teiCorpus";
    }
    false
}

impl Volume {
    /// Reads the volume at `path` (bounded in size, regular files only).
    pub fn open(path: &Path) -> Result<Volume, TeiError> {
        Volume::open_with(path, &Progress::default())
    }

    /// [`Volume::open`], reporting progress.
    pub fn open_with(path: &Path, progress: &Progress) -> Result<Volume, TeiError> {
        let bytes =
            progress::read_file(path, MAX_DOCUMENT_BYTES, progress).map_err(|e| match e {
                progress::ReadError::Io(source) => TeiError::Io {
                    path: path.to_path_buf(),
                    source,
                },
                progress::ReadError::NotRegular { .. } => TeiError::Io {
                    path: path.to_path_buf(),
                    source: std::io::Error::other("not a regular file"),
                },
                progress::ReadError::TooLarge { .. } => TeiError::TooLarge {
                    path: path.to_path_buf(),
                },
            })?;
        let text = std::str::from_utf8(&bytes).map_err(|_| TeiError::NotUtf8 {
            path: path.to_path_buf(),
        })?;
        progress.begin("Reading the volume's documents", 0);
        Volume::read(text, &path.display().to_string())
    }

    /// Reads a volume from its text; `source` names it (a path) in messages and in each
    /// document's source (`source#d84`).
    pub fn read(text: &str, source: &str) -> Result<Volume, TeiError> {
        let path = PathBuf::from(source);
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let xml = parse_checked(text, &path)?;
        let root = xml.root_element();
        let info = read::volume_info(root);
        let identities = identities::identities(root);
        let numbers: std::collections::HashMap<String, u32> = (root.descendants())
            .filter(|n| n.tag_name().name() == "div" && n.attribute("type") == Some("document"))
            .filter_map(|d| {
                let id = d.attribute((read::XML_NS, "id"))?;
                let n = d.attribute("n")?.trim().parse::<u32>().ok()?;
                Some((id.to_string(), n))
            })
            .collect();
        let page_ids: std::collections::HashMap<String, u32> = (root.descendants())
            .filter(|n| n.tag_name().name() == "pb")
            .filter_map(|pb| {
                let id = pb.attribute((read::XML_NS, "id"))?;
                let page = read::page_of(pb.attribute("n")?)?;
                (!page.roman).then(|| (id.to_string(), page.page))
            })
            .collect();
        let reader = |chapter| read::DocumentReader {
            volume: &info,
            numbers: &numbers,
            page_ids: &page_ids,
            identities: identities.clone(),
            source: source.to_string(),
            chapter,
        };
        let (documents, warnings) = read_documents(root, reader);
        if documents.is_empty() {
            let status = root
                .descendants()
                .find(|n| n.tag_name().name() == "revisionDesc")
                .and_then(|n| n.attribute("status"))
                .map(str::to_string);
            let title = Some(info.title()).filter(|t| !t.is_empty());
            return Err(TeiError::NoDocuments {
                path,
                title,
                status,
            });
        }
        let (by_id, by_number, by_page) = index(&documents);
        Ok(Volume {
            info,
            source: source.to_string(),
            documents,
            by_id,
            by_number,
            by_page,
            identities,
            warnings,
        })
    }

    /// The volume's titles.
    pub fn info(&self) -> &VolumeInfo {
        &self.info
    }

    /// Where the volume was read from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The documents in the volume's order.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// The persons' and terms' entries, by key.
    pub fn identities(&self) -> &Identities {
        &self.identities
    }

    /// Things noticed while reading the volume as a whole (unresolved includes).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The index of the document `wanted` names: its id (`d84`) or its number (`84`).
    pub fn find(&self, wanted: &str) -> Option<usize> {
        let wanted = wanted.trim();
        self.index_of_id(wanted).or_else(|| {
            let n: u32 = wanted.trim_start_matches(['d', 'D']).parse().ok()?;
            self.index_of_number(n)
        })
    }

    /// The document numbered `n` (the first, should two share the number).
    pub fn index_of_number(&self, n: u32) -> Option<usize> {
        self.by_number.get(&n).copied()
    }

    /// The document whose `xml:id` is `id` (the first, should two share it).
    pub fn index_of_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Where printed page `page` (arabic) begins: the first document, in the volume's
    /// order, whose text runs onto it, and the offset in that document. A page of the
    /// front matter or between documents only is not found.
    pub fn page_place(&self, page: u32) -> Option<(usize, crate::core::text::CharOffset)> {
        self.by_page.get(&page).copied()
    }

    /// Takes the documents out of the volume.
    pub fn into_documents(self) -> Vec<Document> {
        self.documents
    }
}
/// Every document division under `root`, in document order, each read by `reader` (given
/// its chapter), with what could not be read. Documents are not descended into: page
/// breaks between them carry over to the next one, and documents nested in one come
/// after it, each read as its own.
fn read_documents<'v>(
    root: roxmltree::Node,
    reader: impl Fn(Option<String>) -> read::DocumentReader<'v>,
) -> (Vec<Document>, Vec<String>) {
    let mut documents = Vec::new();
    let mut warnings = Vec::new();
    let mut page = None;
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        if name == "teiHeader" {
            continue;
        }
        if name == "pb" {
            if let Some(p) = node.attribute("n").and_then(read::page_of) {
                page = Some(p);
            }
            continue;
        }
        if node.tag_name().namespace() == Some("http://www.w3.org/2001/XInclude") {
            warnings.push(format!(
                "an XInclude of “{}” was left unresolved",
                node.attribute("href").unwrap_or("?")
            ));
            continue;
        }
        if name == "div" && node.attribute("type") == Some("document") {
            let (parts, last) = reader(chapter_of(node)).read(node, page);
            page = last.or(page);
            documents.push(Document::from_parts(parts));
            // Documents nested in it come next, each read as its own.
            let nested: Vec<_> = node
                .descendants()
                .filter(|d| *d != node && is_document(*d))
                .filter(|d| d.ancestors().skip(1).find(|a| is_document(*a)) == Some(node))
                .collect();
            stack.extend(nested.into_iter().rev());
            continue;
        }
        let children: Vec<_> = node.children().filter(|c| c.is_element()).collect();
        stack.extend(children.into_iter().rev());
    }
    (documents, warnings)
}

/// Where each document is found: by its id, by its number, and by each printed page it
/// begins or runs onto (the first document on a page, at the page's offset).
type Index = (
    std::collections::HashMap<String, usize>,
    std::collections::HashMap<u32, usize>,
    std::collections::HashMap<u32, (usize, crate::core::text::CharOffset)>,
);

/// The volume's lookups over its `documents`.
fn index(documents: &[Document]) -> Index {
    let mut by_id = std::collections::HashMap::new();
    let mut by_number = std::collections::HashMap::new();
    let mut by_page = std::collections::HashMap::new();
    for (i, d) in documents.iter().enumerate() {
        if let Some(id) = &d.info().id {
            by_id.entry(id.clone()).or_insert(i);
        }
        if let Some(n) = d.info().number {
            by_number.entry(n).or_insert(i);
        }
        for p in d.pages().iter().filter(|p| !p.roman) {
            by_page.entry(p.page).or_insert((i, p.offset));
        }
    }
    (by_id, by_number, by_page)
}

/// The file parsed as TEI, within the bounds that keep a hostile file from exhausting
/// memory or the stack; `path` names it in errors.
fn parse_checked<'t>(
    text: &'t str,
    path: &std::path::Path,
) -> Result<roxmltree::Document<'t>, TeiError> {
    // What the parser would allocate is bounded before it runs.
    bounds::check(text).map_err(|excess| match excess {
        bounds::Excess::Expansion { bytes } => TeiError::TooExpanded {
            path: path.to_path_buf(),
            bytes,
        },
        bounds::Excess::Attributes {
            line,
            column,
            count,
        } => TeiError::TooManyAttributes {
            path: path.to_path_buf(),
            line,
            column,
            count,
        },
    })?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: bounds::MAX_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    let xml = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        if matches!(e, roxmltree::Error::NodesLimitReached) {
            return TeiError::TooManyNodes {
                path: path.to_path_buf(),
            };
        }
        let pos = e.pos();
        TeiError::Xml {
            path: path.to_path_buf(),
            line: pos.row,
            column: pos.col,
            message: e.to_string(),
        }
    })?;
    // The reading walks elements recursively: a file nested deeper than any volume
    // (FRUS goes about twenty deep) is refused rather than let overflow the stack.
    if max_depth(&xml) > MAX_DEPTH {
        return Err(TeiError::TooDeep {
            path: path.to_path_buf(),
        });
    }
    let root = xml.root_element();
    if root.tag_name().name() != "TEI" || root.tag_name().namespace().is_some_and(|n| n != TEI_NS) {
        let name = root.tag_name();
        return Err(TeiError::NotTei {
            path: path.to_path_buf(),
            // A <TEI> in another namespace is named with it, so the message does
            // not read "<TEI> is not TEI".
            root: match name.namespace() {
                Some(ns) => format!("{} xmlns=\"{ns}\"", name.name()),
                None => name.name().to_string(),
            },
        });
    }
    Ok(xml)
}

/// A `<div type="document">`.
fn is_document(node: roxmltree::Node) -> bool {
    node.tag_name().name() == "div" && node.attribute("type") == Some("document")
}

/// The head of the nearest chapter or compilation around a document.
fn chapter_of(div: roxmltree::Node) -> Option<String> {
    div.ancestors()
        .skip(1)
        .find(|a| {
            a.tag_name().name() == "div"
                && matches!(
                    a.attribute("type"),
                    Some("chapter" | "compilation" | "subchapter")
                )
        })
        .and_then(|a| a.children().find(|c| c.tag_name().name() == "head"))
        .map(read::plain_text)
        .filter(|t| !t.is_empty())
}
