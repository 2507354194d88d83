//! W3C Web Annotation Data Model, as JSON-LD: an `AnnotationCollection` whose one page
//! holds an `Annotation` per highlight. Topics are `TextualBody`s with purpose `tagging`,
//! the note one with purpose `commenting`, the citation one with purpose `describing`.
//!
//! What the positions count: every `TextPositionSelector` counts code points (end
//! exclusive) of the document's *canonical* text — the text without page markers or
//! footnote numbers, one blank line between blocks — which is neither the raw `.txt` file
//! nor the web page. So the target's `source` is that canonical text, named by its SHA-256
//! (`urn:sha256:…`, with format and a label saying what it is); the web page it was read
//! from, where known, is the target's `scope`. Highlights that have no place in this text
//! are exported too: with a `TextQuoteSelector` only and `marginalia:status` saying why.
//! The study's note and each document's note are annotations too, `commenting` on their
//! documents as a whole (`marginalia:kind`: `study note`, `document note`); each source
//! carries its document's title, number, date and citation in Dublin Core terms.

use super::ExportError;
use crate::core::export::{ExportInput, Status, stable_uuid};
use crate::core::study::source::SourceRecord;
use serde_json::{Map, Value, json};

/// Terms of this program's own, beside the W3C context: `marginalia:status`.
pub const VOCABULARY: &str = "urn:marginalia:vocabulary:";

/// The `source` every target names: the canonical text.
/// The document's own title, number and date ride along in Dublin Core terms (their
/// prefix is in the W3C context).
fn canonical_source(record: &SourceRecord) -> Value {
    let hex = record.fingerprint.trim_start_matches("sha256:").to_string();
    let mut source = json!({
        "id": format!("urn:sha256:{hex}"),
        "type": "Text",
        "format": "text/plain",
        "label": format!(
            "Canonical text of “{}” as read by Marginalia: page markers and footnote numbers removed, one blank line between blocks; positions count its code points",
            record.title
        ),
        "dcterms:title": record.title,
    });
    if let Some(object) = source.as_object_mut() {
        if let Some(number) = record.number {
            object.insert(
                "dcterms:identifier".into(),
                json!(format!("Document {number}")),
            );
        }
        if let Some(date) = &record.date {
            object.insert("dcterms:date".into(), json!(date));
        }
        if let Some(citation) = &record.citation {
            object.insert("dcterms:bibliographicCitation".into(), json!(citation));
        }
    }
    source
}

/// A document as a whole, as a target: its canonical text, and the page it was read
/// from as the scope.
fn whole_document(record: &SourceRecord) -> Value {
    let mut target = Map::new();
    target.insert("source".into(), canonical_source(record));
    if let Some(url) = &record.url {
        target.insert("scope".into(), json!(url));
    }
    Value::Object(target)
}

/// A note the reader wrote on the study or on a document: an annotation `commenting` on
/// its target(s) as a whole, with no selector, and `marginalia:kind` saying which.
fn note_annotation(id: String, kind: &str, note: &str, target: Value) -> Value {
    json!({
        "id": id,
        "type": "Annotation",
        "motivation": "commenting",
        "marginalia:kind": kind,
        "body": {"type": "TextualBody", "purpose": "commenting", "value": note.trim(), "format": "text/plain"},
        "target": target,
    })
}

/// A highlight's annotation: its topics as tags, its note, its citation; the quote that
/// finds it, and where it lies when it was placed; its status when it was not.
fn annotation(input: &ExportInput<'_>, h: &crate::core::study::highlight::Highlight) -> Value {
    let record = input.record(h);
    let status = input.status(h);
    let mut body: Vec<Value> = input
        .topics_of(h)
        .iter()
        .map(|t| json!({"type": "TextualBody", "purpose": "tagging", "value": t.name}))
        .collect();
    if !h.note.trim().is_empty() {
        body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": h.note, "format": "text/plain"}));
    }
    body.push(json!({"type": "TextualBody", "purpose": "describing", "value": input.citation(h)}));
    let mut selectors = vec![json!({
        "type": "TextQuoteSelector",
        "exact": h.anchor.quote,
        "prefix": h.anchor.prefix,
        "suffix": h.anchor.suffix
    })];
    if status == Status::Placed {
        selectors.push(json!({"type": "TextPositionSelector", "start": h.anchor.start.index(), "end": h.anchor.end.index()}));
    }
    let mut target = match record.map(whole_document) {
        Some(Value::Object(target)) => target,
        _ => Map::from_iter([("source".to_string(), Value::Null)]),
    };
    target.insert("selector".into(), Value::Array(selectors));
    let mut annotation = json!({
        "id": format!("urn:uuid:{}", h.id.0),
        "type": "Annotation",
        "motivation": if h.note.trim().is_empty() { "highlighting" } else { "commenting" },
        "created": h.created.to_string(),
        "modified": h.modified.to_string(),
        "body": body,
        "target": Value::Object(target),
    });
    if status != Status::Placed
        && let Some(object) = annotation.as_object_mut()
    {
        let word = if status == Status::Uncertain {
            "uncertain"
        } else {
            "not found"
        };
        object.insert("marginalia:status".into(), json!(word));
    }
    annotation
}

/// The notes the window shows beside the highlights: the study's (on every document
/// exported), then each document's.
fn note_annotations(input: &ExportInput<'_>) -> Vec<Value> {
    let mut items = Vec::new();
    let sources = input.sources();
    let study_note = input.set.study_note();
    if !study_note.trim().is_empty() && !sources.is_empty() {
        let targets: Vec<Value> = sources.iter().map(|r| whole_document(r)).collect();
        let seed = format!("study note:{}:{study_note}", input.title);
        items.push(note_annotation(
            format!("urn:uuid:{}", stable_uuid(&seed)),
            "study note",
            study_note,
            Value::Array(targets),
        ));
    }
    for record in sources.iter().filter(|r| !r.note.trim().is_empty()) {
        let seed = format!("document note:{}:{}", record.fingerprint, record.note);
        items.push(note_annotation(
            format!("urn:uuid:{}", stable_uuid(&seed)),
            "document note",
            &record.note,
            whole_document(record),
        ));
    }
    items
}

/// What the collection's and page's ids are made from. Ids differ between note sets and
/// between filtered exports of one set: they are made from the documents, the set's
/// title and highlights, and what was exported (`items`).
fn identity(input: &ExportInput<'_>, items: &[Value]) -> String {
    let mut identity = String::new();
    for record in input.set.sources() {
        identity.push_str(&record.fingerprint);
        identity.push('\n');
    }
    identity.push_str(input.title);
    identity.push('\n');
    for h in input.set.highlights().iter().chain(input.set.orphans()) {
        identity.push_str(&h.id.0.to_string());
    }
    identity.push('\n');
    for item in items {
        if let Some(id) = item["id"].as_str() {
            identity.push_str(id);
        }
    }
    identity
}

/// The JSON-LD export: one `AnnotationCollection` whose page holds an `Annotation` per
/// highlight, each targeting the canonical text of its own document.
pub fn export(input: &ExportInput<'_>) -> Result<String, ExportError> {
    let mut items: Vec<Value> = input
        .highlights()
        .into_iter()
        .chain(input.unplaced())
        .map(|h| annotation(input, h))
        .collect();
    items.extend(note_annotations(input));
    let identity = identity(input, &items);
    let collection_id = format!(
        "urn:uuid:{}",
        stable_uuid(&format!("collection:{identity}"))
    );
    let page_id = format!("urn:uuid:{}", stable_uuid(&format!("page:{identity}")));
    let mut collection = json!({
        "@context": ["http://www.w3.org/ns/anno.jsonld", {"marginalia": VOCABULARY}],
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": input.title,
        "total": items.len(),
    });
    // An empty collection has no pages (the model requires `first` only when there are
    // annotations).
    if !items.is_empty()
        && let Some(object) = collection.as_object_mut()
    {
        object.insert("last".into(), json!(page_id));
        object.insert(
            "first".into(),
            json!({
                "id": page_id,
                "type": "AnnotationPage",
                // The collection as an object (its id, label and total), as the W3C
                // test suite's page checks ask: a bare IRI fails seven of them.
                "partOf": {
                    "id": collection_id,
                    "label": input.title,
                    "total": items.len(),
                },
                "startIndex": 0,
                "items": items
            }),
        );
    }
    let mut text = serde_json::to_string_pretty(&collection)?;
    text.push('\n');
    Ok(text)
}
