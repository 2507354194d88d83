//! PDFs read as documents: the same [`DocumentParts`] as plain text and TEI give, so every
//! feature works on them. Glyphs come from `hayro` (chosen by measurement: BENCHMARKS.md,
//! "Issue 24"); the rest is this module's: lines (`lines.rs`), running heads, footnotes and
//! columns (`layout.rs`), printed page numbers (`labels.rs`), and the text with its blocks,
//! pages and notes (`assemble.rs`). What was taken out, and any page without text, is said
//! in the document's warnings.

pub mod assemble;
pub mod bombs;
pub mod glyphs;
pub mod labels;
pub mod layout;
pub mod lines;

use crate::core::document::{BlockKind, DocumentInfo, DocumentParts};
use crate::core::progress::Progress;
use hayro_interpret::InterpreterCache;
use hayro_interpret::hayro_syntax::{LoadPdfError, Pdf};
use labels::{LabelSource, Printed};

/// Pages read at most; a longer PDF is read this far and says so.
pub const MAX_PAGES: usize = 5_000;

/// Why a PDF could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error(
        "the PDF is protected by a password; open it in a PDF reader, save a copy without the password, and open that copy"
    )]
    Password,
    #[error(
        "the file starts like a PDF but cannot be read as one (it may be damaged or cut short)"
    )]
    Unreadable,
    #[error("the PDF has no pages")]
    NoPages,
    #[error("reading was cancelled")]
    Cancelled,
    #[error("a part of it unpacks to more than {} MiB, so it was not opened (a guard against files made to exhaust memory)", bombs::MAX_STREAM_BYTES >> 20)]
    TooLarge,
    #[error("the PDF reader failed on it ({0}); the file may be damaged")]
    Failed(String),
}

/// Whether `bytes` are a PDF: `%PDF-` within the first kilobyte, as readers accept it.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// Text from a PDF text string: UTF-16 with its byte-order mark, UTF-8 with its mark, else
/// PDFDocEncoding (Latin-1 for the letters that matter here).
pub fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| pdf_doc_char(b)).collect()
}

/// A byte of PDFDocEncoding as the character it stands for: Latin-1, except for the
/// accents at 0x18–0x1F and the punctuation and letters at 0x80–0xA0 (PDF 2.0, Annex D).
fn pdf_doc_char(b: u8) -> char {
    const LOW: [char; 8] = ['˘', 'ˇ', 'ˆ', '˙', '˝', '˛', '˚', '˜'];
    const HIGH: [char; 33] = [
        '•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘', '’', '‚',
        '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', '\u{fffd}', '€',
    ];
    match b {
        0x18..=0x1f => LOW[usize::from(b - 0x18)],
        0x80..=0xa0 => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// What reading a PDF found, beside the document's parts.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfReport {
    pub pages: usize,
    /// Pages with no text to read (images, blank), 0-based.
    pub without_text: Vec<usize>,
    /// Pages whose glyphs could not be mapped to text, 0-based.
    pub unmapped: Vec<usize>,
    /// Where the printed page numbers came from.
    pub labels: LabelSource,
}

/// Runs `f`, which calls into the PDF parser (another crate's): a panic in it is a file
/// not read, not a window lost. The reader's own layout is not run this way, so a fault
/// of its own shows in tests and under the fuzzer.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, PdfError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        let message = (payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        PdfError::Failed(message)
    })
}

/// Reads a PDF's bytes into a document's parts. `source` names it (its path); `progress`
/// counts the pages read, and a cancel stops the reading.
pub fn read(
    bytes: &[u8],
    source: &str,
    progress: &Progress,
) -> Result<(DocumentParts, PdfReport), PdfError> {
    progress.begin("Checking the PDF", 0);
    if bombs::oversized_stream(bytes).is_some() {
        return Err(PdfError::TooLarge);
    }
    let pdf = guarded(|| Pdf::new(bytes.to_vec()))?.map_err(|e| match e {
        LoadPdfError::Decryption(_) => PdfError::Password,
        LoadPdfError::Invalid => PdfError::Unreadable,
    })?;
    let all_pages = guarded(|| pdf.pages())?;
    if all_pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    let count = all_pages.len().min(MAX_PAGES);
    progress.begin("Reading the PDF's pages", count as u64);
    let cache = InterpreterCache::new();
    let mut page_glyphs = Vec::with_capacity(count);
    for page in all_pages.iter().take(count) {
        if progress.is_cancelled() {
            return Err(PdfError::Cancelled);
        }
        progress.advance(1);
        // A page the interpreter cannot draw is a page without text, not a lost document.
        let drawn = guarded(|| glyphs::page_glyphs(page, &cache, pdf.xref()));
        page_glyphs.push(drawn.unwrap_or_default());
    }
    let heights: Vec<f32> = page_glyphs.iter().map(|p| p.height.max(1.0)).collect();
    let lines: Vec<Vec<lines::Line>> = (page_glyphs.iter().enumerate())
        .map(|(i, p)| lines::page_lines(p, i))
        .collect();
    let (sorted, body) = layout::sort_pages(lines, &heights);
    let (printed, label_source) = page_numbers(&pdf, &sorted, count);
    let assembled = assemble::assemble(&sorted, body, &printed);

    let without_text: Vec<usize> = (sorted.iter().enumerate())
        .filter(|(_, p)| p.body.is_empty() && p.notes.is_empty())
        .map(|(i, _)| i)
        .collect();
    let unmapped: Vec<usize> = (page_glyphs.iter().enumerate())
        .filter(|(_, p)| p.unmapped > 0)
        .map(|(i, _)| i)
        .collect();
    let report = PdfReport {
        pages: count,
        without_text,
        unmapped,
        labels: label_source,
    };
    let mut warnings = warnings(&report, &assembled, all_pages.len(), &page_glyphs);
    if let Some(taken) = taken_out(&sorted) {
        warnings.push(taken);
    }
    let info = info(&pdf, source, &assembled);
    if assembled.text.trim().is_empty() {
        warnings.insert(
            0,
            "this PDF has no text to read: its pages are images".into(),
        );
    }
    let parts = DocumentParts {
        info,
        text: assembled.text,
        blocks: assembled.blocks,
        pages: assembled.pages,
        footnote_refs: assembled.footnote_refs,
        footnotes: assembled.footnotes,
        warnings,
        ..DocumentParts::default()
    };
    Ok((parts, report))
}

/// Each page's printed number and where they came from: the PDF's /PageLabels (arabic and
/// roman labels only), else the running heads' numbers.
fn page_numbers(
    pdf: &Pdf,
    sorted: &[layout::PageParts],
    count: usize,
) -> (Vec<Option<Printed>>, LabelSource) {
    if let Some(labels) = guarded(|| labels::page_labels(pdf.xref(), count))
        .ok()
        .flatten()
    {
        let printed: Vec<Option<Printed>> = labels.iter().map(|l| labels::printed(l)).collect();
        if printed.iter().any(Option::is_some) {
            return (printed, LabelSource::PageLabels);
        }
    }
    let seen: Vec<Option<Printed>> = sorted.iter().map(|p| p.printed).collect();
    match labels::from_running_heads(&seen) {
        Some(printed) => (printed, LabelSource::RunningHeads),
        None => (vec![None; count], LabelSource::None),
    }
}

/// What was taken out as running heads and footers: on how many pages, with an example of
/// each kind ("Soviet Union 35").
fn taken_out(sorted: &[layout::PageParts]) -> Option<String> {
    let pages = sorted.iter().filter(|p| !p.running.is_empty()).count();
    let mut kinds: Vec<(String, &str)> = Vec::new();
    for line in sorted.iter().flat_map(|p| &p.running) {
        let shape = layout::shape(line);
        if !kinds.iter().any(|(s, _)| *s == shape) {
            kinds.push((shape, line));
        }
    }
    let examples: Vec<String> = (kinds.iter().take(4))
        .map(|(_, l)| format!("“{l}”"))
        .collect();
    (pages > 0).then(|| {
        format!(
            "running heads, footers and page numbers were taken out of the text on {pages} page{}: {}{}",
            if pages == 1 { "" } else { "s" },
            examples.join(", "),
            if kinds.len() > 4 { ", …" } else { "" }
        )
    })
}

/// Pages listed as a reader says them: "3–4, 9".
fn page_list(pages: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        parts.push(if i == j {
            (pages[i] + 1).to_string()
        } else {
            format!("{}–{}", pages[i] + 1, pages[j] + 1)
        });
        i = j + 1;
    }
    parts.join(", ")
}

fn warnings(
    report: &PdfReport,
    assembled: &assemble::Assembled,
    total_pages: usize,
    glyphs: &[glyphs::PageGlyphs],
) -> Vec<String> {
    let mut out = Vec::new();
    if total_pages > report.pages {
        out.push(format!(
            "only the first {} of its {total_pages} pages were read",
            report.pages
        ));
    }
    let images: Vec<usize> = (report.without_text.iter().copied())
        .filter(|&p| glyphs.get(p).is_some_and(|g| g.image_cover > 0.5))
        .collect();
    if !images.is_empty() {
        let (s, are) = if images.len() == 1 {
            ("", "is an image")
        } else {
            ("s", "are images")
        };
        out.push(format!(
            "PDF page{s} {} {are} without text (scanned); their words are not in the text",
            page_list(&images)
        ));
    }
    if !report.unmapped.is_empty() {
        out.push(format!(
            "on PDF page{} {} the fonts give no text for some letters; those letters are left out",
            if report.unmapped.len() == 1 { "" } else { "s" },
            page_list(&report.unmapped)
        ));
    }
    if glyphs.iter().any(|g| g.truncated) {
        out.push("a page draws more letters than are read; it is read in part".into());
    }
    if report.labels == LabelSource::None {
        out.push(
            "no printed page numbers were found: pages are cited by their place in the file (“PDF p. 3”)"
                .into(),
        );
    }
    if assembled.renumbered {
        out.push(format!(
            "footnote numbers start again within this PDF; its {} notes are numbered 1–{} in order here",
            assembled.footnotes.len(),
            assembled.footnotes.len()
        ));
    }
    if assembled.unlinked_calls > 0 {
        out.push(format!(
            "{} raised number{} in the text had no note of that number on its page, and {} left out",
            assembled.unlinked_calls,
            if assembled.unlinked_calls == 1 { "" } else { "s" },
            if assembled.unlinked_calls == 1 { "was" } else { "were" }
        ));
    }
    out
}

/// A text string of the PDF's info, as text: C1 controls are PDFDocEncoding's
/// punctuation written into UTF-16 as bytes (Ghostscript writes an en dash as U+0085).
fn info_text(bytes: Option<&[u8]>) -> Option<String> {
    let text: String = text_string(bytes?)
        .chars()
        .map(|c| match u8::try_from(u32::from(c)) {
            Ok(b @ 0x80..=0x9f) => pdf_doc_char(b),
            _ => c,
        })
        .collect();
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

/// The document's facts: its title from the PDF's info (else its first heading, else the
/// file's name), its source; with an author in the info, a citation "Author, Title" (the
/// citation template, editable, starts from it).
fn info(pdf: &Pdf, source: &str, assembled: &assemble::Assembled) -> DocumentInfo {
    let (title, author) = guarded(|| {
        let meta = pdf.metadata();
        (meta.title.clone(), meta.author.clone())
    })
    .unwrap_or_default();
    let from_meta = info_text(title.as_deref());
    let author = info_text(author.as_deref());
    // Else its first heading, whole (a heading may run over several lines).
    let heading = (assembled.blocks.iter())
        .find(|b| matches!(b.kind, BlockKind::Heading | BlockKind::Subheading))
        .map(|b| {
            let text: String = (assembled.text.chars().skip(b.range.start.0))
                .take(b.range.end.0 - b.range.start.0)
                .take(200)
                .collect();
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .filter(|t| !t.is_empty());
    let title = from_meta.or(heading).unwrap_or_else(|| {
        std::path::Path::new(source)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| source.to_string())
    });
    DocumentInfo {
        citation: author.map(|a| format!("{a}, {title}")),
        title,
        source: source.to_string(),
        from_pdf: true,
        ..DocumentInfo::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_read_in_each_of_their_encodings() {
        // PDFDocEncoding: 0x85 is an en dash, 0x93 the fi ligature; Latin-1 otherwise.
        assert_eq!(text_string(b"1955\x851957"), "1955–1957");
        assert_eq!(text_string(b"Caf\xe9 \x93ve"), "Café ﬁve");
        assert_eq!(text_string(&[0xFE, 0xFF, 0x20, 0x13]), "–");
        assert_eq!(text_string(&[0xEF, 0xBB, 0xBF, b'o', b'k']), "ok");
    }

    #[test]
    fn a_pdf_is_known_by_its_header_in_the_first_kilobyte() {
        assert!(is_pdf(b"%PDF-1.7\n"));
        assert!(is_pdf(b"\x00\x00junk before %PDF-1.4"));
        assert!(!is_pdf(b"plain text about %PDF files"));
        let mut late = vec![b' '; 2000];
        late.extend_from_slice(b"%PDF-1.7");
        assert!(!is_pdf(&late));
    }
}
