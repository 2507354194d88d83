//! CSV (RFC 4180) for spreadsheets: a row per highlight. Cells that a spreadsheet would
//! run as a formula are defused (OWASP's rule: prefix `'` to cells starting with `=`,
//! `+`, `-`, `@`, tab or carriage return).

use super::ExportError;
use crate::core::export::ExportInput;

/// The columns, in order. `status` is `placed`, `uncertain` (found only among other
/// words; not confirmed) or `not found`; rows that are not placed have no pages and no
/// offsets.
pub const HEADER: [&str; 12] = [
    "id", "document", "pages", "start", "end", "quote", "topics", "note", "created", "modified",
    "citation", "status",
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
    let document = input
        .doc
        .info()
        .citation
        .clone()
        .unwrap_or_else(|| input.doc.info().title.clone());
    for h in input.highlights().into_iter().chain(input.unplaced()) {
        let topics: Vec<&str> = input.topics_of(h).iter().map(|t| t.name.as_str()).collect();
        let status = input.status(h);
        let placed = status == crate::core::export::Status::Placed;
        let offset = |o: usize| if placed { o.to_string() } else { String::new() };
        let row = [
            h.id.0.to_string(),
            document.clone(),
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
