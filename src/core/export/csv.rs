//! CSV (RFC 4180) for spreadsheets: a row per highlight. Cells that a spreadsheet would
//! run as a formula are defused (OWASP's rule: prefix `'` to cells starting with `=`,
//! `+`, `-`, `@`, tab or carriage return).

use super::ExportError;
use crate::core::export::ExportInput;

/// The columns, in order. Each row names its document: the study's source id, the
/// document's number, title, date and address, and how it is cited (`document`).
/// `status` is `placed`, `uncertain` (found only among other words; not confirmed) or
/// `not found`; rows that are not placed have no pages and no offsets; offsets count in
/// the canonical text of the row's own document.
pub const HEADER: [&str; 17] = [
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
];

/// A cell made safe to open in a spreadsheet.
pub fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The CSV export.
pub fn export(input: &ExportInput<'_>) -> Result<String, ExportError> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(HEADER)?;
    for h in input.highlights().into_iter().chain(input.unplaced()) {
        let record = input.record(h);
        let field = |f: fn(&crate::core::study::source::SourceRecord) -> Option<String>| {
            record.and_then(f).unwrap_or_default()
        };
        let document = field(|r| Some(r.citation.clone().unwrap_or_else(|| r.title.clone())));
        let topics: Vec<&str> = input.topics_of(h).iter().map(|t| t.name.as_str()).collect();
        let status = input.status(h);
        let placed = status == crate::core::export::Status::Placed;
        let offset = |o: usize| if placed { o.to_string() } else { String::new() };
        let row = [
            h.id.0.to_string(),
            h.source.to_string(),
            field(|r| r.number.map(|n| n.to_string())),
            field(|r| Some(r.title.clone())),
            field(|r| r.date.clone()),
            field(|r| r.url.clone()),
            document,
            input.pages(h),
            offset(h.anchor.start.index()),
            offset(h.anchor.end.index()),
            h.anchor.quote.clone(),
            topics.join("; "),
            h.note.clone(),
            h.created.to_string(),
            h.modified.to_string(),
            input.citation(h),
            status.label().to_string(),
        ];
        writer.write_record(row.iter().map(|c| defuse(c)))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ExportError::Io(e.into_error()))?;
    Ok(String::from_utf8(bytes)?)
}
