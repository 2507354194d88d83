//! A self-contained, print-friendly HTML page: highlights in their topic colours, notes,
//! citations. Every piece of user text is escaped.

use crate::core::export::{ExportInput, Grouping};
use std::fmt::Write as _;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:'Noto Serif',Georgia,serif;max-width:44em;margin:2em auto;padding:0 1em;line-height:1.55;color:#222}\
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}\
.source{color:#555}.highlight{margin:1.2em 0;page-break-inside:avoid}\
blockquote{margin:0;padding:.3em .8em;border-left:.4em solid var(--c);background:color-mix(in srgb,var(--c) 22%,white)}\
.cite{font-size:.9em;color:#444;margin:.3em 0 0 .9em}.note{white-space:pre-wrap;margin:.4em 0 0 .9em}\
.topic{display:inline-block;font-size:.8em;padding:0 .4em;margin-right:.3em;border-radius:.3em;background:color-mix(in srgb,var(--c) 35%,white)}\
.docnote{white-space:pre-wrap;background:#f6f6f2;padding:.6em .9em}@media print{body{margin:0}a{color:inherit}}";

/// The HTML export.
pub fn export(input: &ExportInput<'_>) -> String {
    let info = input.doc.info();
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(input.title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(input.title));
    let source = escape(info.citation.as_deref().unwrap_or(&info.title));
    match &info.url {
        Some(url) => {
            let _ = writeln!(
                out,
                "<p class=\"source\">{source} — <a href=\"{0}\">{0}</a></p>",
                escape(url)
            );
        }
        None => {
            let _ = writeln!(out, "<p class=\"source\">{source}</p>");
        }
    }
    if !input.set.document_note().trim().is_empty() {
        let _ = writeln!(
            out,
            "<h2>Document notes</h2>\n<div class=\"docnote\">{}</div>",
            escape(input.set.document_note().trim())
        );
    }
    for (topic, highlights) in input.groups() {
        let heading = match (topic, input.grouping) {
            (Some(t), _) => escape(&t.name),
            (None, Grouping::ByTopic) => "Untagged".into(),
            (None, Grouping::TextOrder) => "Highlights".into(),
        };
        let _ = writeln!(out, "<h2>{heading}</h2>");
        for h in highlights {
            let topics = input.topics_of(h);
            let color = topics
                .first()
                .map_or("#aaaaaa".to_string(), |t| t.color.to_string());
            let _ = writeln!(out, "<div class=\"highlight\" style=\"--c:{color}\">");
            let _ = writeln!(out, "<blockquote>{}</blockquote>", escape(&h.anchor.quote));
            let _ = write!(out, "<p class=\"cite\">");
            for t in &topics {
                let _ = write!(
                    out,
                    "<span class=\"topic\" style=\"--c:{}\">{}</span>",
                    t.color,
                    escape(&t.name)
                );
            }
            let _ = writeln!(out, "{}</p>", escape(&input.citation(h)));
            if !h.note.trim().is_empty() {
                let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(h.note.trim()));
            }
            let _ = writeln!(out, "</div>");
        }
    }
    let _ = writeln!(
        out,
        "<p class=\"source\">Exported from Marginalia.</p>\n</body>\n</html>"
    );
    out
}
