//! W3C Web Annotation Data Model, as JSON-LD: an `AnnotationCollection` whose first page
//! holds one `Annotation` per highlight. Topics are `TextualBody`s with purpose `tagging`,
//! the note one with purpose `commenting`; the target is the document's URL (or a
//! `urn:sha256:` name of its text) with a `TextQuoteSelector` and a `TextPositionSelector`
//! (code points, end exclusive: the unit the canonical text is counted in).

use crate::core::export::ExportInput;
use serde_json::{Value, json};

/// The JSON-LD export.
pub fn export(input: &ExportInput<'_>) -> String {
    let source = input.source_id();
    let items: Vec<Value> = input
        .highlights()
        .into_iter()
        .map(|h| {
            let mut body: Vec<Value> = input
                .topics_of(h)
                .iter()
                .map(|t| json!({"type": "TextualBody", "purpose": "tagging", "value": t.name}))
                .collect();
            if !h.note.trim().is_empty() {
                body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": h.note, "format": "text/plain"}));
            }
            body.push(json!({"type": "TextualBody", "purpose": "describing", "value": input.citation(h)}));
            json!({
                "id": format!("urn:uuid:{}", h.id.0),
                "type": "Annotation",
                "motivation": if h.note.trim().is_empty() { "highlighting" } else { "commenting" },
                "created": h.created.to_string(),
                "modified": h.modified.to_string(),
                "body": body,
                "target": {
                    "source": source,
                    "selector": [
                        {"type": "TextQuoteSelector", "exact": h.anchor.quote, "prefix": h.anchor.prefix, "suffix": h.anchor.suffix},
                        {"type": "TextPositionSelector", "start": h.anchor.start.0, "end": h.anchor.end.0}
                    ]
                }
            })
        })
        .collect();
    let collection = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": format!("urn:marginalia:{}", input.doc.fingerprint()),
        "type": "AnnotationCollection",
        "label": input.title,
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items
        }
    });
    let mut text = serde_json::to_string_pretty(&collection)
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
