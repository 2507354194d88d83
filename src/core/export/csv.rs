//! CSV (RFC 4180) for spreadsheets: a row per highlight, then a row for the study's note
//! and one for each document's note (`kind` tells them apart). Cells that a spreadsheet would
//! run as a formula are defused (OWASP's rule: prefix `'` to cells starting with `=`,
//! `+`, `-`, `@`, tab or carriage return).

use super::ExportError;
use crate::core::export::{ExportInput, Status};
use crate::core::study::source::SourceRecord;

/// The columns, in order. Each row names its document: the study's source id, the
/// document's number, title, date and address, and how it is cited (`document`).
/// `status` is `placed`, `uncertain` (found only among other words; not confirmed) or
/// `not found`; rows that are not placed have no pages and no offsets; offsets count in
/// the canonical text of the row's own document. `kind` is `highlight`, `study note` or
/// `document note`; a note's row has its text in `note` and, for a document's note, the
/// document's columns.
pub const HEADER: [&str; 18] = [
    "id",
    "source",
    "doc_number",
    "doc_title",
    "doc_date",
    "doc_url",
    "document",
    "pages",
    "start",
    "end",
    "quote",
    "topics",
    "note",
    "created",
    "modified",
    "citation",
    "status",
    "kind",
];

/// What a row of the CSV holds (its `kind` column).
pub const KIND_HIGHLIGHT: &str = "highlight";
/// The row of the study's own note.
pub const KIND_STUDY_NOTE: &str = "study note";
/// The row of a document's note.
pub const KIND_DOCUMENT_NOTE: &str = "document note";

/// The UTF-8 byte order mark: Excel on Windows reads a CSV as UTF-8 only when it starts
/// with one (LibreOffice and Python's `utf-8-sig` read it either way).
pub const BOM: &str = "\u{feff}";

/// A cell made safe to open in a spreadsheet.
pub fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A row under construction: cells set by column name.
struct Row([String; HEADER.len()]);

impl Row {
    fn new(kind: &str) -> Self {
        let mut row = Row(Default::default());
        row.set("kind", kind.to_string());
        row
    }

    fn set(&mut self, column: &str, value: String) {
        if let Some(i) = HEADER.iter().position(|h| *h == column) {
            self.0[i] = value;
        }
    }

    /// The columns that name the row's document.
    fn document(&mut self, record: &SourceRecord) {
        self.set("source", record.id.to_string());
        self.set(
            "doc_number",
            (record.number.map(|n| n.to_string())).unwrap_or_default(),
        );
        self.set("doc_title", record.title.clone());
        self.set("doc_date", record.date.clone().unwrap_or_default());
        self.set("doc_url", record.url.clone().unwrap_or_default());
        let cited = record
            .citation
            .clone()
            .unwrap_or_else(|| record.title.clone());
        self.set("document", cited);
    }
}

/// The CSV export.
pub fn export(input: &ExportInput<'_>) -> Result<String, ExportError> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(HEADER)?;
    let mut rows = Vec::new();
    for h in input.highlights().into_iter().chain(input.unplaced()) {
        let mut row = Row::new(KIND_HIGHLIGHT);
        row.set("id", h.id.0.to_string());
        row.set("source", h.source.to_string());
        if let Some(record) = input.record(h) {
            row.document(record);
        }
        let status = input.status(h);
        if status == Status::Placed {
            row.set("start", h.anchor.start.index().to_string());
            row.set("end", h.anchor.end.index().to_string());
        }
        let topics: Vec<&str> = input.topics_of(h).iter().map(|t| t.name.as_str()).collect();
        row.set("pages", input.pages(h));
        row.set("quote", h.anchor.quote.clone());
        row.set("topics", topics.join("; "));
        row.set("note", h.note.clone());
        row.set("created", h.created.to_string());
        row.set("modified", h.modified.to_string());
        row.set("citation", input.citation(h));
        row.set("status", status.label().to_string());
        rows.push(row);
    }
    // The notes the window shows beside the highlights: the study's, then each exported
    // document's, in the study's order.
    let study_note = input.set.study_note().trim();
    if !study_note.is_empty() {
        let mut row = Row::new(KIND_STUDY_NOTE);
        row.set("note", study_note.to_string());
        rows.push(row);
    }
    for record in input.sources() {
        if !record.note.trim().is_empty() {
            let mut row = Row::new(KIND_DOCUMENT_NOTE);
            row.document(record);
            row.set("note", record.note.trim().to_string());
            rows.push(row);
        }
    }
    for row in rows {
        writer.write_record(row.0.iter().map(|c| defuse(c)))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ExportError::Io(e.into_error()))?;
    let text = String::from_utf8(bytes)?;
    Ok(if input.csv_bom {
        format!("{BOM}{text}")
    } else {
        text
    })
}
