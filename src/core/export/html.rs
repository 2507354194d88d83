//! A self-contained, print-friendly HTML page: highlights in their topic colours, notes,
//! citations. Every piece of user text is escaped.

use super::escape::html as html_escape;
use super::layout::{Layout, walk};
use crate::core::export::{ExportInput, Status};
use crate::core::study::highlight::Highlight;
use crate::core::study::source::SourceRecord;
use crate::core::study::topic::Topic;
use std::fmt::Write as _;

const STYLE: &str = "body{font-family:'Noto Serif',Georgia,serif;max-width:44em;margin:2em auto;padding:0 1em;line-height:1.55;color:#222;overflow-wrap:anywhere}\
h1{font-size:1.6em}h3{font-size:1.05em;margin-top:1.4em;color:#333;break-after:avoid;page-break-after:avoid}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc;break-after:avoid;page-break-after:avoid}\
.source{color:#555}.highlight{margin:1.2em 0;break-inside:avoid;page-break-inside:avoid}\
blockquote{margin:0;padding:.3em .8em;border-left:.4em solid var(--c);background:color-mix(in srgb,var(--c) 22%,white)}\
.cite{font-size:.9em;color:#444;margin:.3em 0 0 .9em}.note{white-space:pre-wrap;margin:.4em 0 0 .9em}\
.topic{display:inline-block;font-size:.8em;padding:0 .4em;border-radius:.3em;background:color-mix(in srgb,var(--c) 35%,white)}\
.status{font-size:.9em;font-style:italic;color:#6b3b00;margin:.3em 0}\
bdi{unicode-bidi:isolate}\
.docnote{white-space:pre-wrap;background:#f6f6f2;padding:.6em .9em}@media print{body{margin:0}a{color:inherit}}";

/// User text (a quote, a note, a name) escaped and isolated: bidi controls inside it (an
/// RLO in a note) cannot reorder the text around it.
fn user_text(text: &str) -> String {
    format!("<bdi>{}</bdi>", html_escape(text))
}

/// A citation, escaped, with `p.` / `pp.` kept on one line with their number.
fn citation_html(citation: &str) -> String {
    let escaped = html_escape(citation);
    let mut out = String::with_capacity(escaped.len());
    let mut rest = escaped.as_str();
    while let Some(at) = rest.find(". ") {
        let (head, tail) = rest.split_at(at + 1);
        // The word the full stop ends: `p` or `pp`, standing alone.
        let word_start = head[..at]
            .rfind(|c: char| !c.is_alphanumeric())
            .map_or(0, |i| i + 1);
        let word = &head[word_start..at];
        rest = &tail[1..];
        out.push_str(head);
        if matches!(word, "p" | "pp") && rest.starts_with(|c: char| c.is_alphanumeric()) {
            out.push_str("&nbsp;");
        } else {
            out.push(' ');
        }
    }
    out.push_str(rest);
    format!("<bdi>{out}</bdi>")
}

fn highlight_html(
    out: &mut String,
    input: &ExportInput<'_>,
    h: &Highlight,
    section: Option<&Topic>,
) {
    let topics = input.topics_of(h);
    // The passage takes the colour of the section it is listed under.
    let color = section
        .or(topics.first().copied())
        .map_or("#aaaaaa".to_string(), |t| t.color.to_string());
    let _ = writeln!(out, "<div class=\"highlight\" style=\"--c:{color}\">");
    let _ = writeln!(
        out,
        "<blockquote>{}</blockquote>",
        user_text(&h.anchor.quote)
    );
    let _ = write!(out, "<p class=\"cite\">");
    for (i, t) in topics.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(
            out,
            "<span class=\"topic\" style=\"--c:{}\">{}</span>",
            t.color,
            user_text(&t.name)
        );
    }
    if !topics.is_empty() {
        out.push_str(" — ");
    }
    let _ = writeln!(out, "{}</p>", citation_html(&input.citation(h)));
    if !h.note.trim().is_empty() {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", user_text(h.note.trim()));
    }
    let _ = writeln!(out, "</div>");
}

/// A source's citation (or title) and its address.
fn source_html(record: &SourceRecord) -> String {
    let cited = user_text(record.citation.as_deref().unwrap_or(&record.title));
    match &record.url {
        Some(url) if super::escape::is_web_address(url) => {
            format!("{cited} — <a href=\"{0}\">{0}</a>", html_escape(url))
        }
        // Not a web address: shown, never a link a click would run.
        Some(url) => format!("{cited} — {}", user_text(url)),
        None => cited,
    }
}

/// The HTML export.
pub fn export(input: &ExportInput<'_>) -> String {
    let mut page = Page {
        out: String::new(),
        input,
    };
    walk(input, &mut page);
    page.out
}

/// The page being written.
struct Page<'a, 'b> {
    out: String,
    input: &'a ExportInput<'b>,
}

impl Layout for Page<'_, '_> {
    fn title(&mut self, title: &str) {
        let _ = write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
            html_escape(title)
        );
        let _ = writeln!(self.out, "<h1>{}</h1>", user_text(title));
    }

    fn one_source(&mut self, record: &SourceRecord) {
        let _ = writeln!(
            self.out,
            "<p class=\"source\">{}<br>{}</p>",
            user_text(&ExportInput::source_heading(record)),
            source_html(record)
        );
    }

    fn sources(&mut self, records: &[&SourceRecord]) {
        let _ = writeln!(self.out, "<ul class=\"source\">");
        for record in records {
            let _ = writeln!(
                self.out,
                "<li>{}: {}</li>",
                user_text(&ExportInput::source_heading(record)),
                source_html(record)
            );
        }
        let _ = writeln!(self.out, "</ul>");
    }

    fn study_note(&mut self, note: &str) {
        let _ = writeln!(
            self.out,
            "<h2>Study notes</h2>\n<div class=\"docnote\">{}</div>",
            user_text(note.trim())
        );
    }

    fn document_note(&mut self, heading: &str, note: &str) {
        let _ = writeln!(
            self.out,
            "<h2>{}</h2>\n<div class=\"docnote\">{}</div>",
            user_text(heading),
            user_text(note.trim())
        );
    }

    fn heading(&mut self, level: u8, text: &str) {
        let _ = writeln!(self.out, "<h{level}>{}</h{level}>", user_text(text));
    }

    fn own_heading(&mut self, text: &'static str) {
        let _ = writeln!(self.out, "<h2>{text}</h2>");
    }

    fn highlight(&mut self, h: &Highlight, section: Option<&Topic>) {
        highlight_html(&mut self.out, self.input, h, section);
    }

    fn unplaced_intro(&mut self) {
        let _ = writeln!(
            self.out,
            "<h2>Not found in this text</h2>\n<p>These highlights were made on another version of their document, and their passages were not found in this one (or only uncertainly). They are listed so that nothing is lost; their citations have no pages.</p>"
        );
    }

    fn unplaced(&mut self, h: &Highlight, status: Status, proposed: Option<String>) {
        let status = match (status, proposed) {
            (Status::Uncertain, Some(pages)) => format!(
                "Uncertain — a similar passage is on {}; confirm it in Marginalia.",
                citation_html(&pages)
            ),
            (Status::Uncertain, None) => {
                "Uncertain — a similar passage was found; confirm it in Marginalia.".into()
            }
            _ => "Not found in this text.".into(),
        };
        let _ = writeln!(self.out, "<p class=\"status\">{status}</p>");
        highlight_html(&mut self.out, self.input, h, None);
    }

    fn end(&mut self) {
        let _ = writeln!(
            self.out,
            "<p class=\"source\">Exported from Marginalia.</p>\n</body>\n</html>"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_abbreviations_stay_with_their_numbers() {
        assert_eq!(
            citation_html("FRUS, Document 84, p. 287"),
            "<bdi>FRUS, Document 84, p.&nbsp;287</bdi>"
        );
        assert_eq!(
            citation_html("FRUS, pp. 286–87"),
            "<bdi>FRUS, pp.&nbsp;286–87</bdi>"
        );
        assert_eq!(citation_html("Group. 5"), "<bdi>Group. 5</bdi>");
    }
}
