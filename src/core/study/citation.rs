//! Page-accurate citations: the printed page (or pages) a passage stands on, and the
//! citation sentence built from the document's template.

use crate::core::document::Document;
use crate::core::document::structure::page_label;
use crate::core::study::note_set::NoteSet;
use crate::core::text::CharRange;

/// The default template for a document with a citation, e.g.
/// "Foreign Relations of the United States, 1977–1980, Volume VI, Soviet Union,
/// Document 84, p. 287".
pub const DEFAULT_TEMPLATE: &str = "{citation}, {pages}";
/// The default template for a document without one.
pub const DEFAULT_TEMPLATE_UNCITED: &str = "{title}, {pages}";

/// The first and last printed page of `range`: the page under its first character and
/// the page under its last. `None` for a text without page markers.
pub fn page_span(doc: &Document, range: CharRange) -> Option<(u32, u32)> {
    let first = doc.page_at(range.start)?;
    let last_char = (range.end - 1).max(range.start);
    let last = doc.page_at(last_char)?;
    Some((first, last.max(first)))
}

/// Page numbers FRUS style: `287`, or a range with the shared leading digits left off
/// the second number as the Chicago Manual does: `286–87`, `1298–1302`, `98–101`.
pub fn page_numbers(first: u32, last: u32) -> String {
    if first == last {
        return first.to_string();
    }
    let (a, b) = (first.to_string(), last.to_string());
    let shown = if a.len() == b.len() && a.len() >= 3 && a[..a.len() - 2] == b[..b.len() - 2] {
        b[b.len() - 2..].to_string()
    } else {
        b
    };
    format!("{a}–{shown}")
}

/// The page numbers of `range` as printed: `287`, `286–87`, or for front matter in
/// roman numerals `xxvii`, `xxvii–xxviii` (never elided). `None` without page markers.
fn span_numbers(doc: &Document, range: CharRange) -> Option<(String, bool)> {
    let (a, b) = page_span(doc, range)?;
    let last_char = (range.end - 1).max(range.start);
    let roman = |offset| doc.page_start_at(offset).is_some_and(|p| p.roman);
    let (ra, rb) = (roman(range.start), roman(last_char));
    let single = a == b && ra == rb;
    let numbers = if !ra && !rb {
        page_numbers(a, b)
    } else if single {
        page_label(a, ra)
    } else {
        format!("{}–{}", page_label(a, ra), page_label(b, rb))
    };
    Some((numbers, single))
}

/// `p. 287` or `pp. 286–87`; `PDF p. 12` where a page prints no number and is cited by
/// its place in the file; empty for a text without page markers.
pub fn pages_label(doc: &Document, range: CharRange) -> String {
    if let Some(places) = in_file_pages(doc, range) {
        return places;
    }
    match span_numbers(doc, range) {
        None => String::new(),
        Some((n, true)) => format!("p. {n}"),
        Some((n, false)) => format!("pp. {n}"),
    }
}

/// `PDF p. 12` or `PDF pp. 12–13` when either end of `range` is on a page cited by its
/// place in the file (the span then by places in the file at both ends).
fn in_file_pages(doc: &Document, range: CharRange) -> Option<String> {
    let last_char = (range.end - 1).max(range.start);
    let (a, b) = (
        doc.page_start_at(range.start)?,
        doc.page_start_at(last_char)?,
    );
    if !a.in_file && !b.in_file {
        return None;
    }
    // The places in the file of both ends: the page starts' positions in the list.
    let place = |p: &crate::core::document::PageStart| {
        doc.pages().iter().position(|q| q == p).map_or(0, |i| i + 1)
    };
    let (pa, pb) = (place(a), place(b));
    Some(if pa == pb {
        format!("PDF p. {pa}")
    } else {
        format!("PDF pp. {pa}–{pb}")
    })
}

/// The template `set` cites `doc`, its source `source`, with: the one set for it, or the
/// document's default.
pub fn template_of<'a>(
    set: &'a NoteSet,
    source: crate::core::study::source::SourceId,
    doc: &Document,
) -> &'a str {
    set.citation_template(source)
        .unwrap_or_else(|| default_template(doc))
}

/// The template a document uses unless the note set sets its own.
pub fn default_template(doc: &Document) -> &'static str {
    if doc.info().citation.is_some() {
        DEFAULT_TEMPLATE
    } else {
        DEFAULT_TEMPLATE_UNCITED
    }
}

/// Fills `template` for `range` of `doc`. Placeholders: `{citation}`, `{title}`,
/// `{number}`, `{url}`, `{pages}` (`p. 287` / `pp. 286–87`), `{page_numbers}` (`287` /
/// `286–87`). Separators left dangling by an empty placeholder (no pages, no URL) are
/// tidied away.
pub fn cite(doc: &Document, template: &str, range: CharRange) -> String {
    // A page cited by its place in the file has no printed number to give.
    let numbers = match in_file_pages(doc, range) {
        Some(_) => String::new(),
        None => span_numbers(doc, range).map(|(n, _)| n).unwrap_or_default(),
    };
    fill(doc, template, &pages_label(doc, range), &numbers)
}

/// Fills `template` for the document as a whole, without pages: for a highlight that
/// has no place in this text.
pub fn cite_document(doc: &Document, template: &str) -> String {
    fill(doc, template, "", "")
}

fn fill(doc: &Document, template: &str, pages: &str, numbers: &str) -> String {
    let info = doc.info();
    let filled = template
        .replace(
            "{citation}",
            info.citation.as_deref().unwrap_or(&info.title),
        )
        .replace("{title}", &info.title)
        .replace(
            "{number}",
            &info.number.map(|n| n.to_string()).unwrap_or_default(),
        )
        .replace("{url}", info.url.as_deref().unwrap_or(""))
        .replace("{pages}", pages)
        .replace("{page_numbers}", numbers);
    tidy(&filled)
}

/// Removes separators next to nothing: `A, , B` → `A, B`; `A, ` → `A`; `(, )` → ``.
fn tidy(text: &str) -> String {
    let mut out = text.trim().to_string();
    for (from, to) in [(", ,", ","), (",  ", ", "), ("()", ""), ("( )", "")] {
        while out.contains(from) {
            out = out.replace(from, to);
        }
    }
    out.trim_matches(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range_of(doc: &Document, needle: &str) -> CharRange {
        doc.find(needle).unwrap()
    }

    #[test]
    fn page_numbers_elide_like_chicago() {
        assert_eq!(page_numbers(287, 287), "287");
        assert_eq!(page_numbers(286, 287), "286–87");
        assert_eq!(page_numbers(1298, 1302), "1298–1302");
        assert_eq!(page_numbers(98, 101), "98–101");
        assert_eq!(page_numbers(7, 9), "7–9");
    }

    #[test]
    fn passages_before_after_and_across_the_markers() {
        let doc = Document::seed();
        let t = DEFAULT_TEMPLATE;
        let base = "Foreign Relations of the United States, 1977–1980, Volume VI, Soviet Union, Document 84";
        let before = range_of(&doc, "mutual refusal to produce neutron weapons");
        let across_287 = range_of(&doc, "this proposal will be considered by the US side");
        let after_287 = range_of(&doc, "considered by the US side");
        let across_288 = range_of(&doc, "“principles of a settlement”");
        let after_288 = range_of(&doc, "Geneva Conference");
        assert_eq!(cite(&doc, t, before), format!("{base}, p. 286"));
        assert_eq!(cite(&doc, t, across_287), format!("{base}, pp. 286–87"));
        assert_eq!(cite(&doc, t, after_287), format!("{base}, p. 287"));
        assert_eq!(cite(&doc, t, across_288), format!("{base}, pp. 287–88"));
        assert_eq!(cite(&doc, t, after_288), format!("{base}, p. 288"));
        // A passage that ends just before the break stays on the page before it.
        let up_to = range_of(&doc, "this proposal will be ");
        assert_eq!(pages_label(&doc, up_to), "p. 286");
        assert_eq!(
            cite(&doc, "{title} ({page_numbers}) {url}", after_288),
            "Letter From Soviet General Secretary Brezhnev to President Carter (288) https://history.state.gov/historicaldocuments/frus1977-80v06/d84"
        );
    }

    #[test]
    fn texts_without_pages_cite_without_them() {
        let doc = Document::from_text("A Title\n\nSome prose here.", "prose.txt");
        let r = range_of(&doc, "prose");
        assert_eq!(cite(&doc, default_template(&doc), r), "A Title");
        assert_eq!(cite(&doc, "{citation}, {pages} ({url})", r), "A Title");
    }
}
