//! Markdown: for Obsidian, Zotero notes, a draft. Title, source line, the document note,
//! then each highlight as a block quote with its citation and note.

use crate::core::export::ExportInput;
use std::fmt::Write as _;

/// Quotes `text` as a Markdown block quote, line by line.
fn block_quote(text: &str) -> String {
    text.lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Markdown export.
pub fn export(input: &ExportInput<'_>) -> String {
    let info = input.doc.info();
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", input.title);
    let source = info.citation.as_deref().unwrap_or(&info.title);
    match &info.url {
        Some(url) => {
            let _ = writeln!(out, "Source: {source} — <{url}>\n");
        }
        None => {
            let _ = writeln!(out, "Source: {source}\n");
        }
    }
    if !input.set.document_note().trim().is_empty() {
        let _ = writeln!(
            out,
            "## Document notes\n\n{}\n",
            input.set.document_note().trim()
        );
    }
    for (topic, highlights) in input.groups() {
        match (topic, input.grouping) {
            (Some(t), _) => {
                let _ = writeln!(out, "## {}\n", t.name);
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
                input.citation(h)
            );
            let topics: Vec<&str> = input.topics_of(h).iter().map(|t| t.name.as_str()).collect();
            if !topics.is_empty() && topic.is_none() {
                let _ = writeln!(out, "Topics: {}\n", topics.join("; "));
            }
            if !h.note.trim().is_empty() {
                let _ = writeln!(out, "{}\n", h.note.trim());
            }
        }
    }
    out
}
