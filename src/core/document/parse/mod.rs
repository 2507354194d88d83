//! Reads the plain-text format that history.state.gov prints for a FRUS document
//! (and any plain prose) into canonical text plus structure.
//!
//! The stages, each simple on its own:
//! 1. split off the footnote list at the end (`  1. Source: …`, numbered from 1);
//! 2. group the remaining lines into blocks at blank lines;
//! 3. take `[Page N]` markers out of each block, remembering where each page starts;
//! 4. find footnote references — digits glued to a word or punctuation — by looking for
//!    the footnotes' numbers in order, so that `1977` or `30` is never taken for one;
//! 5. assemble the canonical text, map every position into it, and name each block's kind.

use crate::core::document::structure::{Block, BlockKind, Footnote, FootnoteRef, PageStart};
use crate::core::document::{DocumentInfo, DocumentParts};
use crate::core::text::{ByteOffset, CharOffset, CharRange, TextIndex};
use std::borrow::Cow;

mod calls;
mod classify;

use calls::find_footnote_refs;
use classify::{Shape, classify, split_heading, table_line, table_rows};

/// Lines in a block all shorter than this keep their line breaks (addresses, verse,
/// signatures); longer lines are hard-wrapped prose and are joined with spaces.
const SHORT_LINE: usize = 50;

/// A block after its page markers were taken out (stage 3).
struct MarkedBlock {
    text: String,
    line_count: usize,
    /// Byte positions in `text` where a page begins.
    pages: Vec<(usize, u32)>,
    /// Pages whose marker closed the block: they begin with the next block.
    trailing_pages: Vec<u32>,
    /// Byte ranges of footnote digits in `text`, with the footnote number (stage 4).
    refs: Vec<(usize, usize, u32)>,
    /// The lines were a table's rows: one line a row, cells separated by tabs.
    table: bool,
}

/// The structure of a plain-text document, as every reader gives it: the title and
/// number from its heading (an empty title when it has none: the caller names it from
/// its file), no marked names or italics.
pub(crate) fn parse(input: &str) -> DocumentParts {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let input: Cow<str> = if input.contains('\r') {
        Cow::Owned(input.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(input)
    };
    let lines: Vec<&str> = input.split('\n').collect();
    let mut warnings = Vec::new();
    oversized_page_markers(&lines, &mut warnings);

    let (body_end, footnotes) = split_footnotes(&lines);
    let mut blocks = Vec::new();
    // Pages whose marker stood on a line (or block) of its own wait for the next block.
    let mut waiting_pages: Vec<u32> = Vec::new();
    for group in tables_across_pages(group_lines(&lines[..body_end])) {
        let rows = table_rows(&group);
        let joined = match &rows {
            Some(rows) => rows
                .iter()
                .map(|r| r.join("\t"))
                .collect::<Vec<_>>()
                .join("\n"),
            None => join_lines(&group),
        };
        let (text, pages, trailing) = strip_page_markers(&joined, rows.is_some());
        if text.is_empty() {
            waiting_pages.extend(pages.iter().map(|&(_, p)| p));
            waiting_pages.extend(trailing);
            continue;
        }
        let mut all_pages: Vec<(usize, u32)> = waiting_pages.drain(..).map(|p| (0, p)).collect();
        all_pages.extend(pages);
        blocks.push(MarkedBlock {
            text,
            line_count: group.len(),
            pages: all_pages,
            trailing_pages: trailing,
            refs: Vec::new(),
            table: rows.is_some(),
        });
    }
    // A page marker after the last text starts a page with nothing on it.
    for page in waiting_pages.into_iter().chain(
        blocks
            .last_mut()
            .map(|b| std::mem::take(&mut b.trailing_pages))
            .into_iter()
            .flatten(),
    ) {
        warnings.push(format!(
            "page {page} begins after the last text and was left out"
        ));
    }
    for i in 1..blocks.len() {
        let moved = std::mem::take(&mut blocks[i - 1].trailing_pages);
        let next = &mut blocks[i].pages;
        next.splice(0..0, moved.into_iter().map(|p| (0, p)));
    }

    find_footnote_refs(&mut blocks, &footnotes, &mut warnings);
    let mut parsed = assemble(blocks, footnotes, warnings);
    page_sequence_warnings(&parsed.text, &parsed.pages, &mut parsed.warnings);
    parsed
}

/// The highest page number taken as a page marker without a doubt: FRUS volumes run to
/// about 1,500 pages.
const PLAUSIBLE_LAST_PAGE: u32 = 20_000;
/// A jump between two page markers larger than this is worth a look.
const PLAUSIBLE_PAGE_JUMP: u32 = 100;

/// Warns about `[Page N]` with more digits than a page number has: kept as text, but
/// the reader should know that it was not taken as a page break.
fn oversized_page_markers(lines: &[&str], warnings: &mut Vec<String>) {
    for (i, line) in lines.iter().enumerate() {
        let mut rest = *line;
        while let Some(at) = rest.find("[Page ") {
            let after = &rest[at + "[Page ".len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 6 && after[digits..].starts_with(']') {
                warnings.push(format!(
                    "line {}: “[Page {}]” has too many digits for a page number; it was kept as text, not taken as a page break",
                    i + 1,
                    &after[..digits]
                ));
            }
            rest = &after[digits..];
        }
    }
}

/// Warns about page markers that cannot all be right: page 0, pages that go backwards or
/// repeat, a page number far beyond any printed volume, a jump of many pages. Citations
/// are built from these markers, so a historian should check them.
fn page_sequence_warnings(text: &str, pages: &[PageStart], warnings: &mut Vec<String>) {
    let near = |offset: CharOffset| -> String {
        let words: String = text
            .chars()
            .skip(offset.0)
            .take(40)
            .map(|c| if c == '\n' { ' ' } else { c })
            .collect();
        format!("before “{}…”", words.trim())
    };
    let mut previous: Option<u32> = None;
    for start in pages {
        let page = start.page;
        if page == 0 {
            warnings.push(format!(
                "[Page 0] {}: printed pages start at 1; citations from here on may be wrong",
                near(start.offset)
            ));
        } else if page > PLAUSIBLE_LAST_PAGE {
            warnings.push(format!(
                "[Page {page}] {}: no printed volume has that many pages; check the marker",
                near(start.offset)
            ));
        }
        if let Some(before) = previous {
            if page <= before {
                warnings.push(format!(
                    "[Page {page}] {} follows page {before}: page markers should rise; citations from here on may be wrong",
                    near(start.offset)
                ));
            } else if page - before > PLAUSIBLE_PAGE_JUMP {
                warnings.push(format!(
                    "[Page {page}] {} follows page {before}: a jump of {} pages; check the marker",
                    near(start.offset),
                    page - before
                ));
            }
        }
        previous = Some(page);
    }
}

/// Splits off the footnote list: the first line `  1. …` (indented) from which every
/// following non-blank line is the next numbered footnote or an indented continuation.
/// Returns the number of body lines and the footnotes.
fn split_footnotes(lines: &[&str]) -> (usize, Vec<Footnote>) {
    let mut seen_text = false;
    for (i, line) in lines.iter().enumerate() {
        if seen_text
            && matches!(footnote_item(line), Some((1, _)))
            && let Some(notes) = parse_footnote_list(&lines[i..])
        {
            return (i, notes);
        }
        seen_text |= !line.trim().is_empty();
    }
    (lines.len(), Vec::new())
}

fn parse_footnote_list(lines: &[&str]) -> Option<Vec<Footnote>> {
    let mut notes: Vec<Footnote> = Vec::new();
    for line in lines {
        if line.trim().is_empty() {
            continue;
        }
        match footnote_item(line) {
            Some((number, text)) if number as usize == notes.len() + 1 => notes.push(Footnote {
                number,
                text: strip_page_markers(text, false).0,
                documents: Vec::new(),
                pages: Vec::new(),
            }),
            None if line.starts_with([' ', '\t']) => {
                let last = notes.last_mut()?;
                last.text.push(' ');
                last.text
                    .push_str(&strip_page_markers(line.trim(), false).0);
            }
            _ => return None,
        }
    }
    Some(notes)
}

/// `  12. text` → `(12, "text")`; the line must be indented.
fn footnote_item(line: &str) -> Option<(u32, &str)> {
    if !line.starts_with([' ', '\t']) {
        return None;
    }
    let rest = line.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let after = rest[digits..].strip_prefix('.')?;
    if !after.starts_with([' ', '\t']) {
        return None;
    }
    let text = after.trim();
    if text.is_empty() {
        return None;
    }
    Some((rest[..digits].parse().ok()?, text))
}

/// Groups non-blank lines into blocks at blank lines.
fn group_lines<'a>(lines: &[&'a str]) -> Vec<Vec<&'a str>> {
    let mut groups = Vec::new();
    let mut current = Vec::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                groups.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

fn join_lines(group: &[&str]) -> String {
    let short = group.len() > 1
        && group
            .iter()
            .filter(|l| page_marker_at(l, 0).is_none_or(|(_, end, _)| end != l.len()))
            .all(|l| l.chars().count() < SHORT_LINE);
    group.join(if short { "\n" } else { " " })
}

/// Whether `line` (trimmed) is a `[Page N]` marker and nothing else.
pub(super) fn is_marker_line(line: &str) -> bool {
    page_marker_at(line, 0).is_some_and(|(_, end, _)| end == line.len())
}

/// A table whose rows a page break interrupts, with blank lines around its `[Page N]`
/// line, is one table: the rows before, the marker and the rows after become one group
/// when together they read as a table (and neither part alone needs to).
fn tables_across_pages(groups: Vec<Vec<&str>>) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::with_capacity(groups.len());
    let mut rest = groups.into_iter().peekable();
    while let Some(group) = rest.next() {
        let marker = group.len() == 1 && is_marker_line(group[0]);
        if marker && let (Some(before), Some(after)) = (out.last(), rest.peek()) {
            let joined: Vec<&str> = (before.iter().chain(&group).chain(after))
                .copied()
                .collect();
            // Each side is rows of a table (one row is enough), and together they agree.
            let rows_like = |lines: &[&str]| {
                (lines.iter()).all(|l| is_marker_line(l) || table_line(l).is_some())
            };
            if table_rows(&joined).is_some() && rows_like(before) && rows_like(after) {
                let after = rest.next().unwrap_or_default();
                if let Some(last) = out.last_mut() {
                    last.extend(group);
                    last.extend(after);
                }
                continue;
            }
        }
        out.push(group);
    }
    out
}

/// If a `[Page N]` marker starts at byte `at` of `text`: its end byte and page number.
fn page_marker_at(text: &str, at: usize) -> Option<(usize, usize, u32)> {
    let rest = text[at..].strip_prefix("[Page ")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 || !rest[digits..].starts_with(']') {
        return None;
    }
    let page = rest[..digits].parse().ok()?;
    Some((at, at + "[Page ".len() + digits + 1, page))
}

/// Takes `[Page N]` markers out of a block's text, closing up the space around them (a
/// table's line break, when `lines`, stays a line break: the marker stood between two
/// rows). Returns the text, the byte positions where pages begin, and the pages whose
/// marker ended the block (they begin with the next block).
fn strip_page_markers(raw: &str, lines: bool) -> (String, Vec<(usize, u32)>, Vec<u32>) {
    let mut out = String::with_capacity(raw.len());
    let mut pages = Vec::new();
    let mut pending: Vec<u32> = Vec::new();
    // What the white space taken out around markers leaves: nothing, a space or a
    // line break.
    let mut gap: Option<char> = None;
    let widest = |gap: Option<char>, white: &str| -> Option<char> {
        if gap == Some('\n') || (lines && white.contains('\n')) {
            Some('\n')
        } else if gap.is_some() || !white.is_empty() {
            Some(' ')
        } else {
            None
        }
    };
    let mut segment_start = 0;
    let mut search = 0;
    let mut push =
        |segment: &str, out: &mut String, pending: &mut Vec<u32>, gap: &mut Option<char>| {
            let core = segment.trim();
            if core.is_empty() {
                *gap = widest(*gap, segment);
                return;
            }
            let lead = &segment[..segment.len() - segment.trim_start().len()];
            if let Some(c) = widest(*gap, lead)
                && !out.is_empty()
            {
                out.push(c);
            }
            pages.extend(pending.drain(..).map(|p| (out.len(), p)));
            out.push_str(core);
            *gap = widest(None, &segment[segment.trim_end().len()..]);
        };
    while let Some(found) = raw[search..].find("[Page ") {
        let at = search + found;
        match page_marker_at(raw, at) {
            Some((start, end, page)) => {
                push(&raw[segment_start..start], &mut out, &mut pending, &mut gap);
                pending.push(page);
                segment_start = end;
                search = end;
            }
            None => search = at + 1,
        }
    }
    push(&raw[segment_start..], &mut out, &mut pending, &mut gap);
    (out, pages, pending)
}

fn assemble(
    blocks: Vec<MarkedBlock>,
    footnotes: Vec<Footnote>,
    warnings: Vec<String>,
) -> DocumentParts {
    let mut text = String::new();
    // Byte positions in the final text, converted to code points at the end.
    let mut block_spans: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, line count)
    let mut page_bytes: Vec<(usize, u32)> = Vec::new();
    let mut ref_bytes: Vec<(usize, u32)> = Vec::new();
    for block in &blocks {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let base = text.len();
        // Position in the block's text → position in the final text, skipping the digits.
        let map = |p: usize| {
            let removed: usize = block
                .refs
                .iter()
                .filter(|r| r.1 <= p)
                .map(|r| r.1 - r.0)
                .sum();
            base + p - removed
        };
        let mut from = 0;
        for &(start, end, number) in &block.refs {
            text.push_str(&block.text[from..start]);
            ref_bytes.push((map(start), number));
            from = end;
        }
        text.push_str(&block.text[from..]);
        page_bytes.extend(block.pages.iter().map(|&(p, page)| (map(p), page)));
        block_spans.push((base, text.len(), block.line_count));
    }

    let index = TextIndex::new(&text);
    let at = |byte: usize| index.char_of(&text, ByteOffset(byte));
    let mut pages: Vec<PageStart> = page_bytes
        .iter()
        .map(|&(b, page)| PageStart::new(at(b), page))
        .collect();
    // Text before the first marker is printed on the page before it.
    if let Some(first) = pages.first().copied()
        && first.offset > CharOffset(0)
        && first.page > 1
    {
        pages.insert(0, PageStart::new(CharOffset(0), first.page - 1));
    }
    let footnote_refs = ref_bytes
        .iter()
        .map(|&(b, number)| FootnoteRef {
            offset: at(b),
            number,
        })
        .collect();

    let texts: Vec<&str> = block_spans.iter().map(|&(s, e, _)| &text[s..e]).collect();
    let shapes: Vec<Shape<'_>> = block_spans
        .iter()
        .zip(&blocks)
        .zip(&texts)
        .map(|((&(_, _, lines), block), &text)| Shape {
            text,
            lines,
            table: block.table,
        })
        .collect();
    let kinds = classify(&shapes);
    let (number, title) = match kinds.first() {
        Some(BlockKind::Heading) => split_heading(texts[0]),
        _ => (None, None),
    };
    let blocks = block_spans
        .iter()
        .zip(kinds)
        .map(|(&(s, e, _), kind)| Block {
            kind,
            range: CharRange::new(at(s), at(e)),
        })
        .collect();
    DocumentParts {
        info: DocumentInfo {
            number,
            title: title.unwrap_or_default(),
            ..DocumentInfo::default()
        },
        text,
        blocks,
        pages,
        footnote_refs,
        footnotes,
        entities: Vec::new(),
        emphasis: Vec::new(),
        identities: Default::default(),
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(parsed: &DocumentParts) -> Vec<String> {
        let index = TextIndex::new(&parsed.text);
        parsed
            .blocks
            .iter()
            .map(|b| index.slice(&parsed.text, b.range).to_string())
            .collect()
    }

    #[test]
    fn page_marker_mid_sentence_closes_up_space() {
        let (text, pages, trailing) = strip_page_markers("will be [Page 287] considered", false);
        assert_eq!(text, "will be considered");
        assert_eq!(pages, vec![(8, 287)]);
        assert!(trailing.is_empty());
    }

    #[test]
    fn page_marker_at_edges_and_glued() {
        assert_eq!(strip_page_markers("[Page 3] Text", false).0, "Text");
        assert_eq!(strip_page_markers("[Page 3] Text", false).1, vec![(0, 3)]);
        let (text, pages, trailing) = strip_page_markers("End. [Page 4]", false);
        assert_eq!((text.as_str(), pages.len(), trailing), ("End.", 0, vec![4]));
        assert_eq!(
            strip_page_markers("con[Page 9]sidered", false).0,
            "considered"
        );
        assert_eq!(strip_page_markers("a [Page x] b", false).0, "a [Page x] b");
        assert_eq!(
            strip_page_markers("a [Page 1][Page 2] b", false).1,
            vec![(2, 1), (2, 2)]
        );
    }

    #[test]
    fn marker_on_its_own_line_starts_next_block() {
        let parsed = parse("First para.\n\n[Page 12]\n\nSecond para.");
        assert_eq!(texts(&parsed), ["First para.", "Second para."]);
        let second = parsed.blocks[1].range.start;
        assert_eq!(
            parsed.pages,
            vec![
                PageStart::new(CharOffset(0), 11),
                PageStart::new(second, 12)
            ]
        );
    }

    #[test]
    fn real_numbers_are_not_references() {
        let input = "Title\n\nIn 1977 there were 30 of them (2 of 3).1 Then on May 2,2 again.\n  1. One.\n  2. Two.";
        let parsed = parse(input);
        assert_eq!(
            texts(&parsed)[1],
            "In 1977 there were 30 of them (2 of 3). Then on May 2, again."
        );
        let offsets: Vec<usize> = parsed.footnote_refs.iter().map(|r| r.offset.0).collect();
        let body = parsed.blocks[1].range.start.index();
        assert_eq!(offsets, vec![body + 39, body + 54]);
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn unreferenced_footnote_is_reported_not_fatal() {
        let parsed = parse("Text with a note.1\n  1. One.\n  2. Two.");
        assert_eq!(parsed.footnote_refs.len(), 1);
        assert_eq!(parsed.footnotes.len(), 2);
        assert_eq!(parsed.warnings.len(), 1);
    }

    #[test]
    fn numbered_list_in_prose_is_not_a_footnote_list() {
        let parsed = parse("Intro\n\n  1. first point\nplain text after");
        assert!(parsed.footnotes.is_empty());
        assert_eq!(parsed.blocks.len(), 2);
    }

    #[test]
    fn footnote_continuation_lines_join() {
        let parsed = parse("Body.1\n  1. Source: a long\n     note that wraps.");
        assert_eq!(parsed.footnotes[0].text, "Source: a long note that wraps.");
    }

    #[test]
    fn crlf_bom_and_wrapped_prose() {
        let long = "word ".repeat(15);
        let input = format!("\u{feff}A Title\r\n\r\n{long}\r\n{long}\r\n\r\nLine one\r\nLine two");
        let parsed = parse(&input);
        let t = texts(&parsed);
        assert_eq!(t[0], "A Title");
        assert!(!t[1].contains('\n'));
        assert_eq!(t[2], "Line one\nLine two");
        assert_eq!(parsed.blocks[0].kind, BlockKind::Heading);
        assert_eq!(parsed.info.title, "A Title");
    }

    #[test]
    fn plain_prose_has_no_heading() {
        let parsed = parse("It was a dark night, and the rain fell.\n\nThen it stopped.");
        assert_eq!(parsed.blocks[0].kind, BlockKind::Paragraph);
        assert!(parsed.info.title.is_empty());
        assert!(parsed.pages.is_empty() && parsed.footnotes.is_empty());
    }

    #[test]
    fn implausible_page_markers_are_warned_about() {
        let parsed = parse("One [Page 999999] two.\n\nThree [Page 0] four [Page 1234567890] five.");
        let all = parsed.warnings.join("\n");
        assert!(all.contains("no printed volume"), "{all}");
        assert!(
            all.contains("[Page 0]") && all.contains("should rise"),
            "{all}"
        );
        assert!(
            all.contains("1234567890") && all.contains("kept as text"),
            "{all}"
        );
        // A plain rising sequence says nothing.
        let fine = parse("One [Page 286] two.\n\nThree [Page 287] four.");
        assert!(fine.warnings.is_empty(), "{:?}", fine.warnings);
        let jump = parse("One [Page 286] two.\n\nThree [Page 900] four.");
        assert!(
            jump.warnings.iter().any(|w| w.contains("jump of 614")),
            "{:?}",
            jump.warnings
        );
    }
}
