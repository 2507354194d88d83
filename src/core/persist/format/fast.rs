//! A reader for exactly the layout [`NoteSetFile::to_ron`] writes, several times faster
//! than the general RON parser on large sets. Anything else — a hand-edited file, an
//! extra space, a comment in the middle — returns `None`, and the general parser reads it
//! (and reports errors with their line and column).

use super::{DocumentRef, FileV1, FileV3, HighlightV1, HighlightV3, TopicV1};
use crate::core::study::highlight::HighlightId;
use crate::core::study::source::{SourceId, SourceRecord};
use crate::core::study::topic::{Color, TopicId};
use crate::core::time::Timestamp;

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

    /// The value of the next line, `indent` + `name: VALUE,`.
    fn field(&mut self, indent: &str, name: &str) -> Option<&'a str> {
        value_of(self.next()?, indent, name)
    }

    /// A field the writer leaves out when it has nothing to say: when `line` is
    /// `indent` + `name: VALUE,`, the optional string VALUE, and `line` becomes the next
    /// line; otherwise nothing, and `line` stays.
    fn optional_field(
        &mut self,
        line: &mut &'a str,
        indent: &str,
        name: &str,
    ) -> Option<Option<String>> {
        let Some(value) = value_of(line, indent, name) else {
            return Some(None);
        };
        let value = option(value)?;
        *line = self.next()?;
        Some(value)
    }
}

/// VALUE, when `line` is `indent` + `name: VALUE,`.
fn value_of<'a>(line: &'a str, indent: &str, name: &str) -> Option<&'a str> {
    line.strip_prefix(indent)?
        .strip_prefix(name)?
        .strip_prefix(": ")?
        .strip_suffix(',')
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
        if !super::write::SPECIAL[b as usize]
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

/// A `[` … `],` list of blocks `(` … `),` after its opening line, each read by `block`
/// (which reads the block's fields; its closing line is checked here).
fn block_list<T>(
    lines: &mut Lines<'_>,
    mut block: impl FnMut(&mut Lines<'_>) -> Option<T>,
) -> Option<Vec<T>> {
    let mut out = Vec::new();
    loop {
        match lines.next()? {
            "    ]," => return Some(out),
            "        (" => {}
            _ => return None,
        }
        out.push(block(lines)?);
        lines.expect("        ),")?;
    }
}

/// A `[` … `],` list of highlight blocks, after its opening line; with a `source` line
/// in each (version 3) or without (versions 1 and 2, all in the one source).
fn highlight_list(lines: &mut Lines<'_>, with_source: bool) -> Option<Vec<HighlightV3>> {
    block_list(lines, |lines| {
        let f = "            ";
        let id = HighlightId(uuid(lines.field(f, "id")?)?);
        let source = if with_source {
            SourceId(u32::try_from(number(lines.field(f, "source")?)?).ok()?)
        } else {
            SourceId::FIRST
        };
        let h = HighlightV3 {
            id,
            source,
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
        Some(h)
    })
}

fn optional_number(value: &str) -> Option<Option<u32>> {
    if value == "None" {
        return Some(None);
    }
    let inner = value.strip_prefix("Some(")?.strip_suffix(')')?;
    Some(Some(u32::try_from(number(inner)?).ok()?))
}

/// The `sources: [` … `],` list of version 3, after its opening line.
fn source_list(lines: &mut Lines<'_>) -> Option<Vec<SourceRecord>> {
    block_list(lines, |lines| {
        let f = "            ";
        let record = SourceRecord {
            id: SourceId(u32::try_from(number(lines.field(f, "id")?)?).ok()?),
            title: string(lines.field(f, "title")?)?,
            number: optional_number(lines.field(f, "number")?)?,
            date: option(lines.field(f, "date")?)?,
            citation: option(lines.field(f, "citation")?)?,
            url: option(lines.field(f, "url")?)?,
            citation_template: option(lines.field(f, "citation_template")?)?,
            path_hint: option(lines.field(f, "path_hint")?)?,
            document_id: option(lines.field(f, "document_id")?)?,
            fingerprint: string(lines.field(f, "fingerprint")?)?,
            note: string(lines.field(f, "note")?)?,
        };
        Some(record)
    })
}

/// The file, if it is laid out exactly as this program writes it (any version).
pub(super) fn parse(text: &str) -> Option<(u32, FileV3)> {
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
    let mut next = lines.next()?;
    // Each version in its own layout only; anything else goes to the general parser,
    // which says what is wrong.
    if next == "    document: (" {
        if version >= 3 {
            return None;
        }
        return parse_v1_v2(lines, version, title).map(|file| (version, file.into()));
    }
    if version < 3 {
        return None;
    }
    let recovery_of = lines.optional_field(&mut next, "    ", "recovery_of")?;
    let study_note = string(value_of(next, "    ", "study_note")?)?;
    lines.expect("    sources: [")?;
    let sources = source_list(&mut lines)?;
    lines.expect("    topics: [")?;
    let topics = topic_list_block(&mut lines)?;
    lines.expect("    highlights: [")?;
    let highlights = highlight_list(&mut lines, true)?;
    lines.expect("    orphans: [")?;
    let orphans = highlight_list(&mut lines, true)?;
    end(lines)?;
    Some((
        version,
        FileV3 {
            format_version: version,
            title,
            recovery_of,
            study_note,
            sources,
            topics,
            highlights,
            orphans,
        },
    ))
}

/// A highlight list of versions 1 and 2.
fn v1_highlights(lines: &mut Lines<'_>) -> Option<Vec<HighlightV1>> {
    let list = highlight_list(lines, false)?;
    Some(
        list.into_iter()
            .map(|h| HighlightV1 {
                id: h.id,
                start: h.start,
                end: h.end,
                quote: h.quote,
                prefix: h.prefix,
                suffix: h.suffix,
                topics: h.topics,
                note: h.note,
                created: h.created,
                modified: h.modified,
            })
            .collect(),
    )
}

/// The lines of the topic list, after its opening line.
fn topic_list_block(lines: &mut Lines<'_>) -> Option<Vec<TopicV1>> {
    let mut topics = Vec::new();
    loop {
        let line = lines.next()?;
        if line == "    ]," {
            return Some(topics);
        }
        topics.push(topic_line(line)?);
    }
}

/// The closing parenthesis, then only blank lines.
fn end(mut lines: Lines<'_>) -> Option<()> {
    lines.expect(")")?;
    (!lines.lines.any(|l| !l.trim().is_empty())).then_some(())
}

/// The rest of a version 1 or 2 file, after `    document: (`.
fn parse_v1_v2(mut lines: Lines<'_>, version: u32, title: String) -> Option<FileV1> {
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
    let recovery_of = lines.optional_field(&mut next, "    ", "recovery_of")?;
    let document_note = string(value_of(next, "    ", "document_note")?)?;
    let mut next = lines.next()?;
    let citation_template = lines.optional_field(&mut next, "    ", "citation_template")?;
    if next != "    topics: [" {
        return None;
    }
    let topics = topic_list_block(&mut lines)?;
    lines.expect("    highlights: [")?;
    let highlights = v1_highlights(&mut lines)?;
    lines.expect("    orphans: [")?;
    let orphans = v1_highlights(&mut lines)?;
    end(lines)?;
    Some(FileV1 {
        format_version: version,
        title,
        document,
        recovery_of,
        document_note,
        citation_template,
        topics,
        highlights,
        orphans,
    })
}
