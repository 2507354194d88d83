//! Markdown: for Obsidian, Zotero notes, a draft. Title, source line, the document note,
//! then each highlight as a block quote with its citation and note.

use crate::core::export::ExportInput;
use std::fmt::Write as _;

/// `text` with `&` and `<` written as entities: Markdown passes raw HTML through to the
/// page, and nothing a user typed (or a document holds) may become an element there.
/// Markdown of the user's own (emphasis, lists, links) is kept as written.
fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['&', '<']) {
        text.replace('&', "&amp;").replace('<', "&lt;").into()
    } else {
        text.into()
    }
}

/// Quotes `text` as a Markdown block quote, line by line.
fn block_quote(text: &str) -> String {
    text.lines()
        .map(|l| format!("> {}", inert(l)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Markdown export.
pub fn export(input: &ExportInput<'_>) -> String {
    let info = input.doc.info();
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", inert(input.title));
    let source = inert(info.citation.as_deref().unwrap_or(&info.title));
    match &info.url {
        Some(url) => {
            // An autolink only when the address cannot close it early.
            if url.contains(['<', '>', ' ']) {
                let _ = writeln!(out, "Source: {source} — {}\n", inert(url));
            } else {
                let _ = writeln!(out, "Source: {source} — <{url}>\n");
            }
        }
        None => {
            let _ = writeln!(out, "Source: {source}\n");
        }
    }
    if !input.set.document_note().trim().is_empty() {
        let _ = writeln!(
            out,
            "## Document notes\n\n{}\n",
            inert(input.set.document_note().trim())
        );
    }
    for (topic, highlights) in input.groups() {
        match (topic, input.grouping) {
            (Some(t), _) => {
                let _ = writeln!(out, "## {}\n", inert(&t.name));
            }
            (None, crate::core::export::Grouping::ByTopic) => {
                let _ = writeln!(out, "## Untagged\n");
            }
            (None, crate::core::export::Grouping::TextOrder) => {
                let _ = writeln!(out, "## Highlights\n");
            }
        }
        for h in highlights {
            let _ = writeln!(
                out,
                "{}\n>\n> — {}\n",
                block_quote(&h.anchor.quote),
                inert(&input.citation(h))
            );
            let topics: Vec<&str> = input.topics_of(h).iter().map(|t| t.name.as_str()).collect();
            if !topics.is_empty() && topic.is_none() {
                let _ = writeln!(out, "Topics: {}\n", inert(&topics.join("; ")));
            }
            if !h.note.trim().is_empty() {
                let _ = writeln!(out, "{}\n", inert(h.note.trim()));
            }
        }
    }
    out
}
