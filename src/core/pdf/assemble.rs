//! The sorted pages made into the canonical text: lines into paragraphs and headings
//! (a paragraph may run on over a page's end), words broken by a hyphen at a line's end
//! joined when the document itself writes them whole, footnote calls and printed pages
//! kept as offsets, the notes in a list of their own.

use super::labels::Printed;
use super::layout::{Marker, PageParts, note_start};
use super::lines::Line;
use crate::core::document::{Block, BlockKind, Footnote, FootnoteRef, PageStart};
use crate::core::text::{CharOffset, CharRange};
use std::collections::{BTreeMap, BTreeSet};

/// What the assembly hands back.
#[derive(Debug, Default)]
pub struct Assembled {
    pub text: String,
    pub blocks: Vec<Block>,
    pub pages: Vec<PageStart>,
    pub footnote_refs: Vec<FootnoteRef>,
    pub footnotes: Vec<Footnote>,
    /// Footnote numbers start again within the document (so they are numbered through).
    pub renumbered: bool,
    /// Raised numbers in the text with no note of that number on their page or after.
    pub unlinked_calls: usize,
}

/// A paragraph or heading being gathered: its lines.
struct Gathered<'a> {
    kind: BlockKind,
    lines: Vec<&'a Line>,
}

/// Whether `line` starts a new block after `prev` (in column `col` of the same page, or
/// on the page before when `new_page`).
fn starts_block(
    prev: &Line,
    line: &Line,
    kind: BlockKind,
    prev_kind: BlockKind,
    edges: (f32, f32),
    leading: f32,
    new_page: bool,
) -> bool {
    if kind != prev_kind {
        return true;
    }
    let (left, right) = edges;
    let indented = line.x0 > left + 0.6 * line.size;
    let prev_short = prev.x1 < right - 2.0 * prev.size;
    if kind != BlockKind::Paragraph {
        // A heading's lines run on while they follow closely.
        return new_page || line.y - prev.y > 1.8 * line.size.max(prev.size);
    }
    if indented || prev_short {
        return true;
    }
    // Down the same column: a wider gap than the text's leading ends the paragraph. (Up,
    // to the next column's top, or over to the next page, it runs on.)
    !new_page && line.y - prev.y > 1.3 * leading
}

/// The common distance between baselines of consecutive lines of the body type.
fn leading(pages: &[PageParts], body: f32) -> f32 {
    let mut gaps: Vec<f32> = Vec::new();
    for page in pages {
        for pair in page.body.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.1 == b.1 && (a.0.size - body).abs() < 0.5 && (b.0.size - body).abs() < 0.5 {
                let gap = b.0.y - a.0.y;
                if gap > 0.0 && gap < 3.0 * body {
                    gaps.push(gap);
                }
            }
        }
    }
    gaps.sort_by(f32::total_cmp);
    gaps.get(gaps.len() / 2).copied().unwrap_or(body * 1.3)
}

/// What kind of block a line belongs to, by its type: larger or bold type is a heading.
fn kind_of(line: &Line, body: f32, title: f32) -> BlockKind {
    if line.size >= title - 0.25 && line.size >= 1.3 * body {
        BlockKind::Heading
    } else if line.size >= 1.12 * body || (line.bold && line.size >= 0.95 * body) {
        BlockKind::Subheading
    } else {
        BlockKind::Paragraph
    }
}

/// The left and right edges of the text in each column of a page.
fn column_edges(page: &PageParts, body: f32) -> BTreeMap<usize, (f32, f32)> {
    let mut edges: BTreeMap<usize, (f32, f32)> = BTreeMap::new();
    for (line, col) in &page.body {
        if (line.size - body).abs() < 0.5 {
            let e = edges.entry(*col).or_insert((f32::MAX, f32::MIN));
            e.0 = e.0.min(line.x0);
            e.1 = e.1.max(line.x1);
        }
    }
    edges
}

/// A word broken at a line's end: the part before the hyphen, and the next line's first
/// word, when the next line goes on in lower case.
fn broken_word<'a>(end: &'a str, next: &'a str) -> Option<(&'a str, &'a str, char)> {
    let last = end.rsplit(' ').next()?;
    let hyphen = last
        .chars()
        .last()
        .filter(|c| matches!(c, '-' | '\u{2010}' | '\u{ad}'))?;
    let stem = &last[..last.len() - hyphen.len_utf8()];
    let first = next.split(' ').next()?;
    let starts_lower = first.chars().next().is_some_and(char::is_lowercase);
    // A word in capitals goes on in capitals ("SO-" "VIET").
    let capitals = |w: &str| {
        w.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    };
    let goes_on = starts_lower
        || (capitals(stem)
            && capitals(first)
            && first.chars().next().is_some_and(char::is_alphabetic));
    (!stem.is_empty() && stem.chars().last().is_some_and(char::is_alphabetic) && goes_on)
        .then_some((stem, first, hyphen))
}

/// Whether a line ending in `before` runs on into `after` with no space: a dash joined to
/// the word before it at the line's end ("1969–" "1976", "Operation—" "Project"), or to
/// the word after it at the next line's start.
fn closed_up(before: &str, after: &str) -> bool {
    let dash = |c: char| c == '—' || c == '–';
    let last = before.rsplit(' ').next().unwrap_or("");
    let first = after.split(' ').next().unwrap_or("");
    (last.chars().count() > 1 && last.ends_with(dash))
        || (first.chars().count() > 1 && first.starts_with('—'))
}

/// The document's own words, lower-cased, from everywhere but a line's last word (where
/// hyphens are added): the judge of a word broken at a line's end.
fn vocabulary(lines: &[&Line]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut after_hyphen = false;
    for line in lines {
        let words: Vec<&str> = line.text.split(' ').collect();
        // Nor the first word after a line ending in a hyphen: it may be half a word.
        let skip = usize::from(after_hyphen);
        after_hyphen = line.text.ends_with(['-', '\u{2010}', '\u{ad}']);
        for w in words[..words.len().saturating_sub(1)].iter().skip(skip) {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            if !w.is_empty() {
                out.insert(w.to_lowercase());
                // Each part of a hyphened word is a word too.
                for part in w.split('-').filter(|p| !p.is_empty() && *p != w) {
                    out.insert(part.to_lowercase());
                }
            }
        }
    }
    out
}

/// Whether the document marks the hyphens its typesetter added with their own character:
/// lines end in U+2010 (hyphen) while its words are joined by the plain hyphen-minus
/// everywhere else. Then a line's U+2010 is always a break, and its hyphen-minus never.
fn typesetter_marks_breaks(lines: &[&Line]) -> bool {
    let ends_marked = lines.iter().any(|l| l.text.ends_with('\u{2010}'));
    let marked_inside =
        (lines.iter()).any(|l| l.text.trim_end_matches('\u{2010}').contains('\u{2010}'));
    ends_marked && !marked_inside
}

/// Whether a word broken after `stem` and going on with `first` keeps its hyphen: where
/// the typesetter marks its breaks, by the mark; else when the document writes the word
/// so, or both halves are words of its own and it never writes them joined. A soft hyphen
/// never stays.
fn keeps_hyphen(
    stem: &str,
    first: &str,
    hyphen: char,
    marked: bool,
    words: &BTreeSet<String>,
) -> bool {
    if hyphen == '\u{ad}' {
        return false;
    }
    if marked {
        return hyphen != '\u{2010}';
    }
    let (stem, first) = (stem.to_lowercase(), first.to_lowercase());
    if words.contains(&format!("{stem}{first}")) {
        return false;
    }
    if words.contains(&format!("{stem}-{first}")) {
        return true;
    }
    let word = |w: &str| w.chars().count() >= 3 && words.contains(w);
    word(&stem) && word(&first)
}

/// The pages' lines gathered into blocks, with where each page's text starts (block,
/// line), if it has any.
type Gathering<'a> = (Vec<Gathered<'a>>, Vec<Option<(usize, usize)>>);

fn gather(pages: &[PageParts], body: f32) -> Gathering<'_> {
    let lead = leading(pages, body);
    let title = (pages.iter().flat_map(|p| &p.body))
        .map(|(l, _)| l.size)
        .fold(body, f32::max);
    let mut blocks: Vec<Gathered<'_>> = Vec::new();
    let mut page_first: Vec<Option<(usize, usize)>> = vec![None; pages.len()];
    let mut prev: Option<(&Line, BlockKind)> = None;
    for (p, page) in pages.iter().enumerate() {
        let edges = column_edges(page, body);
        for (i, (line, col)) in page.body.iter().enumerate() {
            let kind = kind_of(line, body, title);
            let e = edges.get(col).copied().unwrap_or((line.x0, line.x1));
            let new_block = match prev {
                None => true,
                Some((pl, pk)) => starts_block(pl, line, kind, pk, e, lead, i == 0),
            };
            if new_block {
                blocks.push(Gathered {
                    kind,
                    lines: Vec::new(),
                });
            }
            let b = blocks.len() - 1;
            if page_first[p].is_none() {
                page_first[p] = Some((b, blocks[b].lines.len()));
            }
            blocks[b].lines.push(line);
            prev = Some((line, kind));
        }
    }
    (blocks, page_first)
}

/// The text being written, and where it has got to in characters.
struct Writer<'a> {
    out: &'a mut Assembled,
    chars: usize,
}

impl Writer<'_> {
    fn push(&mut self, text: &str) {
        self.out.text.push_str(text);
        self.chars += text.chars().count();
    }

    /// What goes between a line ending in `before` and the next, `after`: a space; nothing
    /// after a closed-up dash; or, for a word broken at the line's end, the hyphen taken
    /// back off unless the word keeps it.
    fn join(&mut self, before: &str, after: &str, marked: bool, words: &BTreeSet<String>) {
        match broken_word(before, after) {
            Some((stem, first, hyphen)) => {
                // Take the hyphen (one character) back off what was written.
                self.out.text.pop();
                self.chars -= 1;
                let first = first.trim_end_matches(|c: char| !c.is_alphanumeric());
                let stem = stem.trim_start_matches(|c: char| !c.is_alphanumeric());
                if keeps_hyphen(stem, first, hyphen, marked, words) {
                    self.push("-");
                }
            }
            None if closed_up(before, after) => {}
            None => self.push(" "),
        }
    }
}

/// Lays the sorted pages out as one text. `labels[i]` is page i's printed number.
pub fn assemble(pages: &[PageParts], body: f32, labels: &[Option<Printed>]) -> Assembled {
    let all_lines: Vec<&Line> = pages
        .iter()
        .flat_map(|p| p.body.iter().map(|(l, _)| l))
        .collect();
    let words = vocabulary(&all_lines);
    let marked = typesetter_marks_breaks(&all_lines);
    let (blocks, page_first) = gather(pages, body);
    let mut out = Assembled::default();
    // Each call's page and printed number, beside `out.footnote_refs`.
    let mut calls: Vec<(usize, u32)> = Vec::new();
    let mut line_starts: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut w = Writer {
        out: &mut out,
        chars: 0,
    };
    for (b, block) in blocks.iter().enumerate() {
        if b > 0 {
            w.push("\n\n");
        }
        let start = w.chars;
        for (l, line) in block.lines.iter().enumerate() {
            if l > 0 {
                w.join(&block.lines[l - 1].text, &line.text, marked, &words);
            }
            line_starts.insert((b, l), w.chars);
            let mut written = 0usize;
            let mut char_pos = w.chars;
            for &(at, number) in &line.calls {
                char_pos += line.text.get(written..at).unwrap_or("").chars().count();
                written = at.max(written);
                w.out.footnote_refs.push(FootnoteRef {
                    offset: CharOffset(char_pos),
                    number,
                });
                calls.push((line.page, number));
            }
            w.push(&line.text);
        }
        let range = CharRange::new(CharOffset(start), CharOffset(w.chars));
        w.out.blocks.push(Block {
            kind: block.kind,
            range,
        });
    }
    let end = w.chars;
    out.pages = page_starts(labels, &page_first, &line_starts, end);
    notes(pages, &calls, &mut out);
    out
}

/// Where each page begins: where its first line landed (a page without text where the
/// next text does), with its printed number, else — a page printing none — its place in
/// the file: never under the number of the page before it.
fn page_starts(
    labels: &[Option<Printed>],
    page_first: &[Option<(usize, usize)>],
    line_starts: &BTreeMap<(usize, usize), usize>,
    end: usize,
) -> Vec<PageStart> {
    let mut next_offset = end;
    let mut starts = vec![0usize; labels.len()];
    for p in (0..labels.len()).rev() {
        if let Some(key) = page_first.get(p).copied().flatten() {
            next_offset = line_starts.get(&key).copied().unwrap_or(next_offset);
        }
        starts[p] = next_offset;
    }
    (labels.iter().enumerate())
        .map(|(p, label)| PageStart {
            offset: CharOffset(starts[p]),
            page: label.map_or(p as u32 + 1, |l| l.number),
            roman: label.is_some_and(|l| l.roman),
            in_file: label.is_none(),
        })
        .collect()
}

/// The footnotes, from each page's note lines, linked to the calls on the same page (or a
/// note carried to the next page). Notes whose printed numbers come back (numbering that
/// starts again by chapter or document) are numbered through the document instead, and
/// their calls with them; a call whose note is not found is left out and counted.
fn notes(pages: &[PageParts], calls: &[(usize, u32)], out: &mut Assembled) {
    // How most notes set their number: a line set otherwise ("5 from Howe…", a date
    // carried over) goes on the note before it.
    let mut markers: BTreeMap<Marker, usize> = BTreeMap::new();
    for line in pages.iter().flat_map(|p| &p.notes) {
        if let Some((_, _, m)) = note_start(line) {
            *markers.entry(m).or_default() += 1;
        }
    }
    let style = markers.into_iter().max_by_key(|&(_, c)| c).map(|(m, _)| m);
    // (page, printed number, text)
    let mut found: Vec<(usize, u32, String)> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for line in &page.notes {
            let previous = found.last().map(|f| f.1);
            // A number set with a full stop opens a note when it goes on from the last
            // (numbers may skip: an excerpt leaves notes out) or starts again; a number
            // set plain must be the next one.
            let start = note_start(line).filter(|&(n, _, m)| {
                Some(m) == style
                    && previous.is_none_or(|prev| {
                        n == 1 || n == prev + 1 || (m == Marker::Stop && n > prev && n < prev + 20)
                    })
            });
            match start.map(|(n, skip, _)| (n, skip)) {
                Some((n, skip)) => {
                    found.push((p, n, line.text.get(skip..).unwrap_or("").trim().to_string()))
                }
                None => {
                    if let Some(last) = found.last_mut() {
                        match broken_word(&last.2, &line.text) {
                            Some(_) => {
                                // The hyphen goes; the word is whole again.
                                last.2.pop();
                            }
                            None if closed_up(&last.2, &line.text) => {}
                            None => last.2.push(' '),
                        }
                        last.2.push_str(&line.text);
                    }
                }
            }
        }
    }
    let printed: BTreeSet<u32> = found.iter().map(|f| f.1).collect();
    out.renumbered = printed.len() < found.len();
    let number_of = |i: usize| {
        if out.renumbered {
            i as u32 + 1
        } else {
            found[i].1
        }
    };
    for (i, f) in found.iter().enumerate() {
        out.footnotes.push(Footnote {
            number: number_of(i),
            text: f.2.clone(),
            documents: Vec::new(),
            pages: Vec::new(),
        });
    }
    let mut refs = Vec::with_capacity(out.footnote_refs.len());
    let mut used = vec![false; found.len()];
    for (call, &(page, n)) in out.footnote_refs.iter().zip(calls) {
        // The first note of that number not yet called, on the call's page or after.
        let note = (0..found.len()).find(|&i| !used[i] && found[i].0 >= page && found[i].1 == n);
        if let Some(i) = note {
            used[i] = true;
        }
        match note {
            Some(i) => refs.push(FootnoteRef {
                offset: call.offset,
                number: number_of(i),
            }),
            None => out.unlinked_calls += 1,
        }
    }
    out.footnote_refs = refs;
}
