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
        let _ = writeln!(
            out,
            "// Marginalia note set. Edit with care: the program checks every field when it loads."
        );
        let _ = writeln!(out, "(");
        let _ = writeln!(out, "    format_version: {FORMAT_VERSION},");
        let _ = writeln!(out, "    title: {},", ron_string(&self.title));
        if self.recovery_of.is_some() {
            let _ = writeln!(
                out,
                "    recovery_of: {},",
                option_string(&self.recovery_of)
            );
        }
        let _ = writeln!(
            out,
            "    study_note: {},",
            ron_string(self.set.study_note())
        );
        let _ = writeln!(out, "    sources: [");
        for s in self.set.sources() {
            let number = s.number.map(|n| n.to_string());
            let _ = writeln!(out, "        (");
            let _ = writeln!(out, "            id: {},", s.id);
            let _ = writeln!(out, "            title: {},", ron_string(&s.title));
            let _ = writeln!(
                out,
                "            number: {},",
                number.map_or("None".into(), |n| format!("Some({n})"))
            );
            let _ = writeln!(out, "            date: {},", option_string(&s.date));
            let _ = writeln!(out, "            citation: {},", option_string(&s.citation));
            let _ = writeln!(out, "            url: {},", option_string(&s.url));
            let _ = writeln!(
                out,
                "            citation_template: {},",
                option_string(&s.citation_template)
            );
            let _ = writeln!(
                out,
                "            path_hint: {},",
                option_string(&s.path_hint)
            );
            let _ = writeln!(
                out,
                "            document_id: {},",
                option_string(&s.document_id)
            );
            let _ = writeln!(
                out,
                "            fingerprint: {},",
                ron_string(&s.fingerprint)
            );
            let _ = writeln!(out, "            note: {},", ron_string(&s.note));
            let _ = writeln!(out, "        ),");
        }
        let _ = writeln!(out, "    ],");
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
}
