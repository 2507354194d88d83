//! Markdown: for Obsidian, Zotero notes, a draft. Title, source line, the document note,
//! then each highlight as a block quote with its citation and note; last, the highlights
//! that have no place in this text.
//!
//! Everything a user typed or a document holds is written as text, never as Markdown: a
//! note holding `[x](javascript:…)`, `# Heading` or `![](http://…)` must come out as those
//! characters, not as a live link, a heading that breaks the outline, or a remote image.

use super::layout::{Layout, walk};
use crate::core::export::{ExportInput, Status};
use crate::core::study::highlight::Highlight;
use crate::core::study::source::SourceRecord;
use crate::core::study::topic::Topic;
use std::fmt::Write as _;

/// ASCII punctuation that means something inline in CommonMark or its common extensions,
/// escaped with a backslash: only those every common renderer takes a backslash before
/// (python-markdown's short list is the narrowest). With `[` and `]` escaped no link or
/// image can form, so parentheses and `!` stay as they are.
const INLINE_SPECIAL: &[char] = &['\\', '`', '*', '_', '[', ']', '#'];

/// Punctuation that means something to some renderers (GFM tables and strikethrough,
/// Pandoc's math, super- and subscripts and citations) but that python-markdown does not
/// unescape: written as a numeric character reference, which every renderer shows as
/// the character and none reads as markup. `=` (a heading's underline) and `:` (a
/// definition) are written so only at the start of a line, where they mean something.
const AS_REFERENCE: &[char] = &['|', '~', '^', '$', '@'];

/// One line of plain text as Markdown that shows exactly that text. `&` and `<` become
/// entities (so no HTML passes through to the page); other Markdown punctuation is
/// escaped; a line that would start a list, a heading, a block quote, a rule or a code
/// block is defused at its start.
pub fn text_line(line: &str) -> String {
    // A line break inside would end the line (a heading, a list item) early.
    let joined;
    let line = if line.contains(['\n', '\r']) {
        joined = line.replace("\r\n", " ").replace(['\n', '\r'], " ");
        joined.as_str()
    } else {
        line
    };
    let mut out = String::with_capacity(line.len() + 8);
    // Leading spaces would make an indented code block: keep them as no-break spaces.
    let trimmed = line.trim_start_matches([' ', '\t']);
    for _ in 0..(line.len() - trimmed.len()) {
        out.push('\u{a0}');
    }
    // Block markers at the start: `-`, `+`, `=` (a heading underline), and `1.` / `1)`.
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let mut chars = trimmed.char_indices().peekable();
    match chars.peek() {
        Some(&(_, first @ ('-' | '+' | '>'))) => {
            out.push('\\');
            out.push(first);
            chars.next();
        }
        Some(&(_, first @ ('=' | ':'))) => {
            let _ = write!(out, "&#{};", first as u32);
            chars.next();
        }
        _ => {}
    }
    for (i, c) in chars {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            c if AS_REFERENCE.contains(&c) => {
                let _ = write!(out, "&#{};", c as u32);
            }
            '.' | ')' if digits > 0 && i == digits => {
                out.push('\\');
                out.push(c);
            }
            c if INLINE_SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Plain text of several lines as Markdown: each line escaped, single line breaks kept
/// as hard breaks (two trailing spaces, the one form every renderer reads: a trailing
/// backslash shows as text in python-markdown), blank lines as paragraph breaks. `lead`
/// starts every line (`"> "` inside a block quote).
fn text_block(text: &str, lead: &str) -> String {
    // A lone carriage return ends a line in Markdown too.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.trim().lines().collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let next_is_text = lines.get(i + 1).is_some_and(|l| !l.trim().is_empty());
        if line.trim().is_empty() {
            out.push_str(lead.trim_end());
        } else {
            out.push_str(lead);
            out.push_str(&text_line(line));
            if next_is_text {
                out.push_str("  ");
            }
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    out
}

fn highlight_md(out: &mut String, input: &ExportInput<'_>, h: &Highlight, list_topics: bool) {
    let _ = writeln!(
        out,
        "{}\n>\n> — {}\n",
        text_block(&h.anchor.quote, "> "),
        text_line(&input.citation(h))
    );
    let topics: Vec<&str> = input.topics_of(h).iter().map(|t| t.name.as_str()).collect();
    if !topics.is_empty() && list_topics {
        let _ = writeln!(out, "Topics: {}\n", text_line(&topics.join("; ")));
    }
    if !h.note.trim().is_empty() {
        let _ = writeln!(out, "{}\n", text_block(&h.note, ""));
    }
}

/// A web address as Markdown: an autolink only when it is a plain web address that
/// cannot close it early or run anything.
fn address(url: &str) -> String {
    let plain = super::escape::is_web_address(url) && !url.contains(['<', '>']);
    if plain {
        format!("<{url}>")
    } else {
        text_line(url)
    }
}

/// A source's line: its citation (or title) and its address.
fn source_line(record: &SourceRecord) -> String {
    let cited = text_line(record.citation.as_deref().unwrap_or(&record.title));
    match &record.url {
        Some(url) => format!("{cited} — {}", address(url)),
        None => cited,
    }
}

/// The Markdown export.
pub fn export(input: &ExportInput<'_>) -> String {
    let mut text = Text {
        out: String::new(),
        input,
    };
    walk(input, &mut text);
    text.out
}

/// The Markdown being written.
struct Text<'a, 'b> {
    out: String,
    input: &'a ExportInput<'b>,
}

impl Layout for Text<'_, '_> {
    fn title(&mut self, title: &str) {
        let _ = writeln!(self.out, "# {}\n", text_line(title));
    }

    fn one_source(&mut self, record: &SourceRecord) {
        // The document as the window names it (number, title, date), then how it is
        // cited and where it is.
        let _ = writeln!(
            self.out,
            "{}  \nSource: {}\n",
            text_line(&ExportInput::source_heading(record)),
            source_line(record)
        );
    }

    fn sources(&mut self, records: &[&SourceRecord]) {
        let _ = writeln!(self.out, "Sources:\n");
        for record in records {
            let _ = writeln!(
                self.out,
                "- {}: {}",
                text_line(&ExportInput::source_heading(record)),
                source_line(record)
            );
        }
        self.out.push('\n');
    }

    fn study_note(&mut self, note: &str) {
        let _ = writeln!(self.out, "## Study notes\n\n{}\n", text_block(note, ""));
    }

    fn document_note(&mut self, heading: &str, note: &str) {
        let _ = writeln!(
            self.out,
            "## {}\n\n{}\n",
            text_line(heading),
            text_block(note, "")
        );
    }

    fn heading(&mut self, level: u8, text: &str) {
        let marks = "#".repeat(usize::from(level));
        let _ = writeln!(self.out, "{marks} {}\n", text_line(text));
    }

    fn own_heading(&mut self, text: &'static str) {
        let _ = writeln!(self.out, "## {text}\n");
    }

    fn highlight(&mut self, h: &Highlight, section: Option<&Topic>) {
        highlight_md(&mut self.out, self.input, h, section.is_none());
    }

    fn unplaced_intro(&mut self) {
        let _ = writeln!(
            self.out,
            "## Not found in this text\n\nThese highlights were made on another version of their document, and their passages were not found in this one (or only uncertainly). They are listed so that nothing is lost; their citations have no pages.\n"
        );
    }

    fn unplaced(&mut self, h: &Highlight, status: Status, proposed: Option<String>) {
        let status = match (status, proposed) {
            (Status::Uncertain, Some(pages)) => {
                format!(
                    "Status: uncertain — a similar passage is on {pages}; confirm it in Marginalia."
                )
            }
            (Status::Uncertain, None) => {
                "Status: uncertain — a similar passage was found; confirm it in Marginalia."
                    .to_string()
            }
            _ => "Status: not found in this text.".to_string(),
        };
        let _ = writeln!(self.out, "{}\n", text_line(&status));
        highlight_md(&mut self.out, self.input, h, true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_punctuation_is_escaped_and_block_starts_defused() {
        assert_eq!(
            text_line("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(text_line("![](http://x/y.png)"), "!\\[\\](http://x/y.png)");
        assert_eq!(text_line("> quoted"), "\\> quoted");
        assert_eq!(text_line("# Heading"), "\\# Heading");
        assert_eq!(text_line("- item"), "\\- item");
        assert_eq!(text_line("1978. A year"), "1978\\. A year");
        assert_eq!(text_line("p. 287, 3 a.m."), "p. 287, 3 a.m.");
        assert_eq!(text_line("    code"), "\u{a0}\u{a0}\u{a0}\u{a0}code");
        assert_eq!(text_line("a & b <i>"), "a &amp; b &lt;i>");
        assert_eq!(
            text_block("one\ntwo\n\nthree", "> "),
            "> one  \n> two\n>\n> three"
        );
        // What only some renderers read as markup is a character reference there: no
        // backslash shows in python-markdown.
        assert_eq!(
            text_line("a|b ~c~ ^d^ $e$ @key"),
            "a&#124;b &#126;c&#126; &#94;d&#94; &#36;e&#36; &#64;key"
        );
        assert_eq!(text_line("=== and : here"), "&#61;== and : here");
        assert_eq!(text_line(": defined"), "&#58; defined");
    }
}
