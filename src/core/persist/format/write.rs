//! Writing a note set: one field per line, one highlight per block, the same bytes for
//! the same content.

use super::*;
use std::fmt::Write as _;

/// `text` as a RON string literal. Written by hand: it runs for every field of every
/// highlight, and a serializer per call was most of a large set's save time.
pub(super) fn ron_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_ron_string(&mut out, text);
    out
}

/// Bytes that may need an escape: ASCII controls, `"`, `\`, DEL, and 0xC2, the lead byte
/// of the C1 controls (U+0080–U+009F).
pub(super) const SPECIAL: [bool; 256] = {
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
pub(super) fn push_ron_string(out: &mut String, text: &str) {
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
pub(super) fn push_uuid(out: &mut String, id: &uuid::Uuid) {
    let mut buf = uuid::Uuid::encode_buffer();
    out.push('"');
    out.push_str(id.hyphenated().encode_lower(&mut buf));
    out.push('"');
}

pub(super) fn option_string(value: &Option<String>) -> String {
    match value {
        Some(text) => format!("Some({})", ron_string(text)),
        None => "None".into(),
    }
}

/// Appends `indent` + `name: value,` on a line of its own.
fn push_field(out: &mut String, indent: &str, name: &str, value: &str) {
    out.push_str(indent);
    out.push_str(name);
    out.push_str(": ");
    out.push_str(value);
    out.push_str(",\n");
}

/// Appends one document's block of the `sources` list.
fn write_source(out: &mut String, s: &SourceRecord) {
    let f = "            ";
    out.push_str("        (\n");
    push_field(out, f, "id", &s.id.to_string());
    push_field(out, f, "title", &ron_string(&s.title));
    let number = s.number.map_or("None".into(), |n| format!("Some({n})"));
    push_field(out, f, "number", &number);
    for (name, value) in [
        ("date", &s.date),
        ("citation", &s.citation),
        ("url", &s.url),
        ("citation_template", &s.citation_template),
        ("path_hint", &s.path_hint),
        ("document_id", &s.document_id),
    ] {
        push_field(out, f, name, &option_string(value));
    }
    push_field(out, f, "fingerprint", &ron_string(&s.fingerprint));
    push_field(out, f, "note", &ron_string(&s.note));
    out.push_str("        ),\n");
}

pub(super) fn write_highlight(out: &mut String, h: &Highlight) {
    // Field by field with push_str: this runs for every highlight of every save.
    out.push_str("        (\n            id: ");
    push_uuid(out, &h.id.0);
    let _ = write!(
        out,
        ",\n            source: {},\n            start: {},\n            end: {},\n            quote: ",
        h.source,
        h.anchor.start.index(),
        h.anchor.end.index()
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
        out.push_str(
            "// Marginalia note set. Edit with care: the program checks every field when it loads.\n(\n",
        );
        let top = "    ";
        push_field(&mut out, top, "format_version", &FORMAT_VERSION.to_string());
        push_field(&mut out, top, "title", &ron_string(&self.title));
        if self.recovery_of.is_some() {
            push_field(
                &mut out,
                top,
                "recovery_of",
                &option_string(&self.recovery_of),
            );
        }
        push_field(
            &mut out,
            top,
            "study_note",
            &ron_string(self.set.study_note()),
        );
        out.push_str("    sources: [\n");
        for s in self.set.sources() {
            write_source(&mut out, s);
        }
        out.push_str("    ],\n");
        let mut topics: Vec<&Topic> = self.set.topics().iter().collect();
        topics.sort_by_key(|t| t.id);
        out.push_str("    topics: [\n");
        for t in topics {
            let _ = writeln!(
                out,
                "        (id: {}, name: {}, color: {}),",
                ron_string(&t.id.0.to_string()),
                ron_string(&t.name),
                ron_string(&t.color.to_string())
            );
        }
        out.push_str("    ],\n");
        for (name, list) in [
            ("highlights", self.set.highlights()),
            ("orphans", self.set.orphans()),
        ] {
            let _ = writeln!(out, "    {name}: [");
            let mut sorted: Vec<&Highlight> = list.iter().collect();
            sorted.sort_by_key(|h| h.sort_key());
            for h in sorted {
                write_highlight(&mut out, h);
            }
            out.push_str("    ],\n");
        }
        out.push_str(")\n");
        out
    }
}
