//! The note-set file: RON, one field per line and one highlight per block, written the
//! same way for the same content, so `git diff` and `git merge` work line by line.
//!
//! Version 1 was the first format; version 2 added `citation_template`. A file of an
//! older version is read with the fields it lacks at their defaults; `tests/fixtures/`
//! keeps a file of every version.

use crate::core::anchor::Anchor;
use crate::core::document::Document;
use crate::core::highlight::{Highlight, HighlightId};
use crate::core::note_set::NoteSet;
use crate::core::offset::CharOffset;
use crate::core::time::Timestamp;
use crate::core::topic::{Color, Topic, TopicId};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt::Write as _;

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

/// `text` as a RON string literal. Written by hand: it runs for every field of every
/// highlight, and a serializer per call was most of a large set's save time.
fn ron_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_ron_string(&mut out, text);
    out
}

/// Bytes that may need an escape: ASCII controls, `"`, `\`, DEL, and 0xC2, the lead byte
/// of the C1 controls (U+0080–U+009F).
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table[0x7f] = true;
    table[0xc2] = true;
    table
};

/// Appends `text` as a RON string literal to `out`: plain stretches are copied whole,
/// and only the characters that need it are escaped.
fn push_ron_string(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let (mut copied, mut i) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if !SPECIAL[b as usize]
            || (b == 0xc2 && !bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
        {
            i += 1;
            continue;
        }
        // Every special byte starts a character: ASCII, or the lead byte 0xC2.
        out.push_str(&text[copied..i]);
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
        i += c.len_utf8();
        copied = i;
    }
    out.push_str(&text[copied..]);
    out.push('"');
}

/// Appends a uuid as a RON string literal, without an allocation.
fn push_uuid(out: &mut String, id: &uuid::Uuid) {
    let mut buf = uuid::Uuid::encode_buffer();
    out.push('"');
    out.push_str(id.hyphenated().encode_lower(&mut buf));
    out.push('"');
}

fn option_string(value: &Option<String>) -> String {
    match value {
        Some(text) => format!("Some({})", ron_string(text)),
        None => "None".into(),
    }
}

fn write_highlight(out: &mut String, h: &Highlight) {
    // Field by field with push_str: this runs for every highlight of every save.
    out.push_str("        (\n            id: ");
    push_uuid(out, &h.id.0);
    let _ = write!(
        out,
        ",\n            start: {},\n            end: {},\n            quote: ",
        h.anchor.start.0, h.anchor.end.0
    );
    push_ron_string(out, &h.anchor.quote);
    out.push_str(",\n            prefix: ");
    push_ron_string(out, &h.anchor.prefix);
    out.push_str(",\n            suffix: ");
    push_ron_string(out, &h.anchor.suffix);
    out.push_str(",\n            topics: [");
    for (i, t) in h.topics.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_uuid(out, &t.0);
    }
    out.push_str("],\n            note: ");
    push_ron_string(out, &h.note);
    // Timestamps are digits, dashes, colons and letters: nothing to escape.
    out.push_str(",\n            created: \"");
    h.created.push_rfc3339(out);
    out.push_str("\",\n            modified: \"");
    h.modified.push_rfc3339(out);
    out.push_str("\",\n        ),\n");
}

impl NoteSetFile {
    /// The file's text. Same content → same bytes: topics by id, highlights by start then
    /// id, fixed field order, one field per line.
    pub fn to_ron(&self) -> String {
        let texts: usize = self
            .set
            .highlights()
            .iter()
            .chain(self.set.orphans())
            .map(|h| {
                h.anchor.quote.len() + h.anchor.prefix.len() + h.anchor.suffix.len() + h.note.len()
            })
            .sum();
        let count = self.set.highlights().len() + self.set.orphans().len();
        let mut out = String::with_capacity(texts + count * 400 + 4096);
        let d = &self.document;
        let _ = writeln!(
            out,
            "// Marginalia note set. Edit with care: the program checks every field when it loads."
        );
        let _ = writeln!(out, "(");
        let _ = writeln!(out, "    format_version: {FORMAT_VERSION},");
        let _ = writeln!(out, "    title: {},", ron_string(&self.title));
        let _ = writeln!(out, "    document: (");
        let _ = writeln!(out, "        title: {},", ron_string(&d.title));
        let _ = writeln!(out, "        citation: {},", option_string(&d.citation));
        let _ = writeln!(out, "        url: {},", option_string(&d.url));
        let _ = writeln!(out, "        path_hint: {},", option_string(&d.path_hint));
        let _ = writeln!(out, "        fingerprint: {},", ron_string(&d.fingerprint));
        let _ = writeln!(out, "    ),");
        if self.recovery_of.is_some() {
            let _ = writeln!(
                out,
                "    recovery_of: {},",
                option_string(&self.recovery_of)
            );
        }
        let _ = writeln!(
            out,
            "    document_note: {},",
            ron_string(self.set.document_note())
        );
        let template = self.set.citation_template().map(str::to_string);
        let _ = writeln!(out, "    citation_template: {},", option_string(&template));
        let mut topics: Vec<&Topic> = self.set.topics().iter().collect();
        topics.sort_by_key(|t| t.id);
        let _ = writeln!(out, "    topics: [");
        for t in topics {
            let _ = writeln!(
                out,
                "        (id: {}, name: {}, color: {}),",
                ron_string(&t.id.0.to_string()),
                ron_string(&t.name),
                ron_string(&t.color.to_string())
            );
        }
        let _ = writeln!(out, "    ],");
        let _ = writeln!(out, "    highlights: [");
        let mut highlights: Vec<&Highlight> = self.set.highlights().iter().collect();
        highlights.sort_by_key(|h| h.sort_key());
        for h in highlights {
            write_highlight(&mut out, h);
        }
        let _ = writeln!(out, "    ],");
        let _ = writeln!(out, "    orphans: [");
        let mut orphans: Vec<&Highlight> = self.set.orphans().iter().collect();
        orphans.sort_by_key(|h| h.sort_key());
        for h in orphans {
            write_highlight(&mut out, h);
        }
        let _ = writeln!(out, "    ],");
        let _ = writeln!(out, ")");
        out
    }

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

fn spanned(e: &ron::error::SpannedError) -> FormatError {
    FormatError {
        line: e.span.start.line,
        column: e.span.start.col,
        message: plain_message(&e.code),
    }
}

/// What the RON reader found wrong, said about the file rather than about the reader's
/// own settings (its text for some errors gives advice meant for programmers).
fn plain_message(code: &ron::Error) -> String {
    match code {
        ron::Error::ExceededRecursionLimit => {
            "brackets are nested too deeply here for a note set; \
             the file is damaged or was not written by Marginalia"
                .into()
        }
        ron::Error::Eof => {
            "the file ends too early; it may have been cut off when it was copied".into()
        }
        other => other.to_string(),
    }
}

/// Line and column (from 1) of the first occurrence of `needle`, or 1:1.
fn locate(text: &str, needle: &str) -> (usize, usize) {
    locate_nth(text, needle, 0)
}

/// Line and column of the `n`-th (from 0) occurrence of `needle`.
fn locate_nth(text: &str, needle: &str, n: usize) -> (usize, usize) {
    let Some((byte, _)) = text.match_indices(needle).nth(n) else {
        return (1, 1);
    };
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn error_at(text: &str, needle: &str, n: usize, message: String) -> FormatError {
    let (line, column) = locate_nth(text, needle, n);
    FormatError {
        line,
        column,
        message,
    }
}

fn parse_v1_v2(text: &str, version: u32) -> Result<NoteSetFile, FormatError> {
    let file: FileV1 = ron::from_str(text).map_err(|e| spanned(&e))?;
    finish(text, version, file)
}

/// Checks a file read either way and builds the note set.
fn finish(text: &str, version: u32, file: FileV1) -> Result<NoteSetFile, FormatError> {
    if version < 2 && file.citation_template.is_some() {
        return Err(error_at(
            text,
            "citation_template",
            0,
            "citation_template is not part of format 1; write format_version: 2".into(),
        ));
    }
    let mut topic_ids = HashSet::new();
    let mut names = HashSet::new();
    for t in &file.topics {
        let id = t.id.0.to_string();
        if !topic_ids.insert(t.id) {
            return Err(error_at(
                text,
                &id,
                1,
                format!("topic id {id} is used twice"),
            ));
        }
        if t.name.trim().is_empty() {
            return Err(error_at(text, &id, 0, "a topic has an empty name".into()));
        }
        if !names.insert(t.name.clone()) {
            return Err(error_at(
                text,
                &ron_string(&t.name),
                1,
                format!("two topics are named “{}”", t.name),
            ));
        }
    }
    let mut highlight_ids = HashSet::new();
    let mut convert = |h: &HighlightV1| -> Result<Highlight, FormatError> {
        let id = h.id.0.to_string();
        if !highlight_ids.insert(h.id) {
            return Err(error_at(
                text,
                &id,
                1,
                format!("highlight id {id} is used twice"),
            ));
        }
        if h.start >= h.end {
            return Err(error_at(
                text,
                &id,
                0,
                format!(
                    "highlight {id} ends ({}) before it starts ({})",
                    h.end, h.start
                ),
            ));
        }
        if h.end - h.start != h.quote.chars().count() {
            return Err(error_at(
                text,
                &id,
                0,
                format!(
                    "highlight {id} spans {} characters but its quote has {}",
                    h.end - h.start,
                    h.quote.chars().count()
                ),
            ));
        }
        if let Some(unknown) = h.topics.iter().find(|t| !topic_ids.contains(t)) {
            return Err(error_at(
                text,
                &id,
                0,
                format!(
                    "highlight {id} names topic {} which is not in the topic list",
                    unknown.0
                ),
            ));
        }
        Ok(Highlight {
            id: h.id,
            anchor: Anchor {
                start: CharOffset(h.start),
                end: CharOffset(h.end),
                quote: h.quote.clone(),
                prefix: h.prefix.clone(),
                suffix: h.suffix.clone(),
            },
            topics: h.topics.clone(),
            note: h.note.clone(),
            created: h.created,
            modified: h.modified,
        })
    };
    let highlights = file
        .highlights
        .iter()
        .map(&mut convert)
        .collect::<Result<Vec<_>, _>>()?;
    let orphans = file
        .orphans
        .iter()
        .map(&mut convert)
        .collect::<Result<Vec<_>, _>>()?;
    let mut topics: Vec<Topic> = file
        .topics
        .into_iter()
        .map(|t| Topic {
            id: t.id,
            name: t.name,
            color: t.color,
        })
        .collect();
    // In the order the writer uses (by id, which is creation order), whatever order a
    // hand-edited file has: otherwise a set would change by being saved and read again.
    topics.sort_by_key(|t| t.id);
    Ok(NoteSetFile {
        title: file.title,
        document: file.document,
        recovery_of: file.recovery_of,
        set: NoteSet::from_parts(topics, highlights, file.document_note, orphans)
            .with_citation_template(file.citation_template),
    })
}

/// Checks the offsets of a set saved against exactly `doc` (same fingerprint): every
/// highlight must lie inside the text. (A quote that no longer matches is re-anchored,
/// not refused.)
pub fn check_against(text: &str, file: &NoteSetFile, doc: &Document) -> Result<(), FormatError> {
    for h in file.set.highlights() {
        if h.anchor.end.0 > doc.char_len() {
            let id = h.id.0.to_string();
            return Err(error_at(
                text,
                &id,
                0,
                format!(
                    "highlight {id} ends at {} but the document has {} characters",
                    h.anchor.end.0,
                    doc.char_len()
                ),
            ));
        }
    }
    Ok(())
}

/// A reader for exactly the layout [`NoteSetFile::to_ron`] writes, several times faster
/// than the general RON parser on large sets. Anything else — a hand-edited file, an
/// extra space, a comment in the middle — returns `None`, and the general parser reads it
/// (and reports errors with their line and column).
mod fast {
    use super::{DocumentRef, FileV1, HighlightV1, TopicV1};
    use crate::core::highlight::HighlightId;
    use crate::core::time::Timestamp;
    use crate::core::topic::{Color, TopicId};

    struct Lines<'a> {
        lines: std::str::Lines<'a>,
    }

    impl<'a> Lines<'a> {
        fn next(&mut self) -> Option<&'a str> {
            self.lines.next()
        }

        /// The next line, which must be exactly `line`.
        fn expect(&mut self, line: &str) -> Option<()> {
            (self.next()? == line).then_some(())
        }

        /// The value of `indent` + `name: VALUE,`.
        fn field(&mut self, indent: &str, name: &str) -> Option<&'a str> {
            let line = self.next()?;
            let rest = line
                .strip_prefix(indent)?
                .strip_prefix(name)?
                .strip_prefix(": ")?;
            rest.strip_suffix(',')
        }
    }

    /// A RON string literal that is the whole of `value`.
    fn string(value: &str) -> Option<String> {
        let (text, rest) = string_prefix(value)?;
        rest.is_empty().then_some(text)
    }

    /// A RON string literal at the start of `value`, and what follows it.
    fn string_prefix(value: &str) -> Option<(String, &str)> {
        let body = value.strip_prefix('"')?;
        let bytes = body.as_bytes();
        let mut out = String::new();
        // Plain stretches are copied whole; the bytes the writer escapes stop the scan.
        let (mut copied, mut i) = (0, 0);
        while i < bytes.len() {
            let b = bytes[i];
            if !super::SPECIAL[b as usize]
                || (b == 0xc2 && !bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
            {
                i += 1;
                continue;
            }
            out.push_str(&body[copied..i]);
            match b {
                b'"' => return Some((out, &body[i + 1..])),
                b'\\' => {
                    let escaped = *bytes.get(i + 1)?;
                    i += 2;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'\'' => out.push('\''),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let rest = body.get(i..)?.strip_prefix('{')?;
                            let close = rest.find('}')?;
                            let hex = &rest[..close];
                            if hex.is_empty()
                                || hex.len() > 6
                                || !hex.bytes().all(|h| h.is_ascii_hexdigit())
                            {
                                return None;
                            }
                            out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                            i += 1 + close + 1;
                        }
                        _ => return None,
                    }
                    copied = i;
                }
                // The writer never leaves a raw control character in a string.
                _ => return None,
            }
        }
        None
    }

    fn option(value: &str) -> Option<Option<String>> {
        if value == "None" {
            return Some(None);
        }
        let inner = value.strip_prefix("Some(")?.strip_suffix(')')?;
        Some(Some(string(inner)?))
    }

    fn uuid(value: &str) -> Option<uuid::Uuid> {
        uuid::Uuid::parse_str(&string(value)?).ok()
    }

    fn topic_line(line: &str) -> Option<TopicV1> {
        let rest = line.strip_prefix("        (id: ")?.strip_suffix("),")?;
        let (id, rest) = string_prefix(rest)?;
        let rest = rest.strip_prefix(", name: ")?;
        let (name, rest) = string_prefix(rest)?;
        let color = string(rest.strip_prefix(", color: ")?)?;
        Some(TopicV1 {
            id: TopicId(uuid::Uuid::parse_str(&id).ok()?),
            name,
            color: Color::parse(&color).filter(|_| color.starts_with('#'))?,
        })
    }

    fn topic_list(value: &str) -> Option<Vec<TopicId>> {
        let mut rest = value.strip_prefix('[')?.strip_suffix(']')?;
        let mut ids = Vec::new();
        while !rest.is_empty() {
            let (id, after) = string_prefix(rest)?;
            ids.push(TopicId(uuid::Uuid::parse_str(&id).ok()?));
            rest = after.strip_prefix(", ").unwrap_or(after);
            if !after.is_empty() && !after.starts_with(", ") {
                return None;
            }
        }
        Some(ids)
    }

    fn number(value: &str) -> Option<usize> {
        (!value.is_empty()
            && value.bytes().all(|b| b.is_ascii_digit())
            && (value == "0" || !value.starts_with('0')))
        .then(|| value.parse().ok())?
    }

    fn time(value: &str) -> Option<Timestamp> {
        Timestamp::parse(&string(value)?)
    }

    /// A `[` … `],` list of highlight blocks, after its opening line.
    fn highlight_list(lines: &mut Lines<'_>) -> Option<Vec<HighlightV1>> {
        let mut out = Vec::new();
        loop {
            match lines.next()? {
                "    ]," => return Some(out),
                "        (" => {}
                _ => return None,
            }
            let f = "            ";
            let h = HighlightV1 {
                id: HighlightId(uuid(lines.field(f, "id")?)?),
                start: number(lines.field(f, "start")?)?,
                end: number(lines.field(f, "end")?)?,
                quote: string(lines.field(f, "quote")?)?,
                prefix: string(lines.field(f, "prefix")?)?,
                suffix: string(lines.field(f, "suffix")?)?,
                topics: topic_list(lines.field(f, "topics")?)?,
                note: string(lines.field(f, "note")?)?,
                created: time(lines.field(f, "created")?)?,
                modified: time(lines.field(f, "modified")?)?,
            };
            lines.expect("        ),")?;
            out.push(h);
        }
    }

    /// The file, if it is laid out exactly as this program writes it.
    pub(super) fn parse(text: &str) -> Option<(u32, FileV1)> {
        let mut lines = Lines {
            lines: text.lines(),
        };
        let mut line = lines.next()?;
        while line.starts_with("//") {
            line = lines.next()?;
        }
        if line != "(" {
            return None;
        }
        let version = number(lines.field("    ", "format_version")?)? as u32;
        let title = string(lines.field("    ", "title")?)?;
        lines.expect("    document: (")?;
        let d = "        ";
        let document = DocumentRef {
            title: string(lines.field(d, "title")?)?,
            citation: option(lines.field(d, "citation")?)?,
            url: option(lines.field(d, "url")?)?,
            path_hint: option(lines.field(d, "path_hint")?)?,
            fingerprint: string(lines.field(d, "fingerprint")?)?,
        };
        lines.expect("    ),")?;
        let mut next = lines.next()?;
        let mut recovery_of = None;
        if let Some(value) = next
            .strip_prefix("    recovery_of: ")
            .and_then(|v| v.strip_suffix(','))
        {
            recovery_of = option(value)?;
            next = lines.next()?;
        }
        let document_note = string(
            next.strip_prefix("    document_note: ")?
                .strip_suffix(',')?,
        )?;
        let mut next = lines.next()?;
        let mut citation_template = None;
        if let Some(value) = next
            .strip_prefix("    citation_template: ")
            .and_then(|v| v.strip_suffix(','))
        {
            citation_template = option(value)?;
            next = lines.next()?;
        }
        if next != "    topics: [" {
            return None;
        }
        let mut topics = Vec::new();
        loop {
            let line = lines.next()?;
            if line == "    ]," {
                break;
            }
            topics.push(topic_line(line)?);
        }
        lines.expect("    highlights: [")?;
        let highlights = highlight_list(&mut lines)?;
        lines.expect("    orphans: [")?;
        let orphans = highlight_list(&mut lines)?;
        lines.expect(")")?;
        // Only blank lines may follow.
        if lines.lines.any(|l| !l.trim().is_empty()) {
            return None;
        }
        Some((
            version,
            FileV1 {
                format_version: version,
                title,
                document,
                recovery_of,
                document_note,
                citation_template,
                topics,
                highlights,
                orphans,
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::corpus;
    use crate::core::edit::Edit;
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
