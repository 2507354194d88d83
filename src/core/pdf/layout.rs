//! A PDF's lines sorted into what a reader reads: running heads and footers (lines that
//! come back page after page in the margin, their numbers changing) taken out, with the
//! page numbers they print; footnotes (smaller type below the text, each starting with its
//! number) set apart; the rest in reading order, columns one after the other.

use super::labels::{Printed, printed, roman_value};
use super::lines::Line;
use std::collections::{BTreeMap, BTreeSet};

/// What one page holds, sorted.
#[derive(Debug, Clone, Default)]
pub struct PageParts {
    /// The text's lines in reading order, each with the column it stands in.
    pub body: Vec<(Line, usize)>,
    /// Footnote lines, top to bottom.
    pub notes: Vec<Line>,
    /// The running heads and footers taken out.
    pub running: Vec<String>,
    /// The page number they print, if any.
    pub printed: Option<Printed>,
}

/// The size most of the document's text is set in (its body type).
pub fn body_size(pages: &[Vec<Line>]) -> f32 {
    let mut weight: BTreeMap<u32, usize> = BTreeMap::new();
    for line in pages.iter().flatten() {
        let key = (line.size * 2.0).round() as u32;
        *weight.entry(key).or_default() += line.text.chars().count();
    }
    weight
        .into_iter()
        .max_by_key(|&(_, w)| w)
        .map_or(10.0, |(k, _)| k as f32 / 2.0)
}

/// `text` with its numbers (arabic and roman) as `#`: what a running head keeps from
/// page to page.
pub fn shape(text: &str) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        let numeric = !core.is_empty()
            && (core
                .chars()
                .all(|c| c.is_ascii_digit() || c == '–' || c == '-')
                || roman_value(core).is_some());
        if !out.is_empty() {
            out.push(' ');
        }
        if numeric {
            out.push('#');
        } else {
            out.push_str(word);
        }
    }
    out
}

/// The numbers in `text`, as printed, in order.
fn numbers(text: &str) -> Vec<Printed> {
    text.split(|c: char| c.is_whitespace() || c == '–' || c == ',')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter_map(|w| {
            if w.chars().all(|c| c.is_ascii_digit()) {
                printed(w)
            } else {
                roman_value(w).map(|number| Printed {
                    number,
                    roman: true,
                })
            }
        })
        .collect()
}

/// Whether line `i` of a page of `count` lines stands where running heads do: among the
/// first two lines, in the top tenth; or the last line, in the bottom eighth.
fn in_margin(line: &Line, i: usize, count: usize, height: f32) -> bool {
    (i < 2 && line.y - line.size < 0.1 * height) || (i + 1 == count && line.y > 0.875 * height)
}

/// Finds the running heads and footers: margin lines whose shape comes back on at least
/// two pages and a fifth of them (a lone page number counts on any page). Returns, per
/// page, the indices of its running lines.
fn running_lines(pages: &[Vec<Line>], heights: &[f32]) -> Vec<BTreeSet<usize>> {
    let mut seen: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (p, lines) in pages.iter().enumerate() {
        for (i, line) in lines.iter().enumerate() {
            if in_margin(line, i, lines.len(), heights[p]) {
                seen.entry(shape(&line.text)).or_default().insert(p);
            }
        }
    }
    let needed = 2.max(pages.len() / 5);
    let mut out = vec![BTreeSet::new(); pages.len()];
    for (p, lines) in pages.iter().enumerate() {
        for (i, line) in lines.iter().enumerate() {
            if !in_margin(line, i, lines.len(), heights[p]) {
                continue;
            }
            let key = shape(&line.text);
            let pages_with = seen.get(&key).map_or(0, BTreeSet::len);
            let lone_number = key == "#" && pages.len() > 1;
            if lone_number || (pages_with >= needed && pages.len() > 1) {
                out[p].insert(i);
            }
        }
    }
    out
}

/// The page number a running line prints: of its numbers, the one at either end that
/// changes from page to page among lines of the same shape.
fn page_number(line: &Line, same_shape: &[&Line]) -> Option<Printed> {
    let mine = numbers(&line.text);
    let ends = [mine.first().copied(), mine.last().copied()];
    let varies = |at_end: bool| {
        let values: BTreeSet<u32> = same_shape
            .iter()
            .filter_map(|l| {
                let n = numbers(&l.text);
                if at_end { n.last() } else { n.first() }.map(|p| p.number)
            })
            .collect();
        values.len() > 1 || same_shape.len() == 1
    };
    if mine.len() == 1 {
        return ends[0];
    }
    if varies(false) && !varies(true) {
        ends[0]
    } else if varies(true) && !varies(false) {
        ends[1]
    } else {
        None
    }
}

/// Splits a page's body lines into reading order: where a vertical gutter runs between
/// lines set in the body type, the left column's lines come before the right column's,
/// band by band between lines that cross the gutter.
fn reading_order(lines: Vec<Line>, body: f32) -> Vec<(Line, usize)> {
    let text_lines: Vec<&Line> = lines.iter().filter(|l| l.size >= 0.8 * body).collect();
    let gutter = find_gutter(&text_lines, body);
    let Some(gutter) = gutter else {
        return lines.into_iter().map(|l| (l, 0)).collect();
    };
    let mut out = Vec::with_capacity(lines.len());
    let mut band: (Vec<Line>, Vec<Line>) = (Vec::new(), Vec::new());
    let flush = |band: &mut (Vec<Line>, Vec<Line>), out: &mut Vec<(Line, usize)>| {
        out.extend(band.0.drain(..).map(|l| (l, 0)));
        out.extend(band.1.drain(..).map(|l| (l, 1)));
    };
    for line in lines {
        if line.x1 <= gutter {
            band.0.push(line);
        } else if line.x0 >= gutter {
            band.1.push(line);
        } else {
            flush(&mut band, &mut out);
            out.push((line, 0));
        }
    }
    flush(&mut band, &mut out);
    out
}

/// An x where no text line crosses, with at least three lines wholly on each side.
fn find_gutter(lines: &[&Line], body: f32) -> Option<f32> {
    if lines.len() < 6 {
        return None;
    }
    let left = lines.iter().map(|l| l.x0).fold(f32::MAX, f32::min);
    let right = lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    let mut best: Option<(f32, usize)> = None;
    let steps = 60;
    for s in 1..steps {
        let x = left + (right - left) * s as f32 / steps as f32;
        if lines.iter().any(|l| l.x0 < x && l.x1 > x) {
            continue;
        }
        let lefts = lines.iter().filter(|l| l.x1 <= x).count();
        let rights = lines.iter().filter(|l| l.x0 >= x).count();
        if lefts >= 3 && rights >= 3 {
            let balance = lefts.min(rights);
            if best.is_none_or(|(_, b)| balance > b) {
                best = Some((x, balance));
            }
        }
    }
    // A gutter must be wider than a word space: check the gap around it.
    let (x, _) = best?;
    let gap_left = lines
        .iter()
        .filter(|l| l.x1 <= x)
        .map(|l| l.x1)
        .fold(f32::MIN, f32::max);
    let gap_right = lines
        .iter()
        .filter(|l| l.x0 >= x)
        .map(|l| l.x0)
        .fold(f32::MAX, f32::min);
    (gap_right - gap_left > body).then_some(x)
}

/// Sorts every page: running lines out (and their page numbers read), footnotes apart,
/// the rest in reading order.
pub fn sort_pages(pages: Vec<Vec<Line>>, heights: &[f32]) -> (Vec<PageParts>, f32) {
    let body = body_size(&pages);
    let running = running_lines(&pages, heights);
    // Lines of the same shape, across pages, to tell which of a head's numbers is the page's.
    let mut by_shape: BTreeMap<String, Vec<&Line>> = BTreeMap::new();
    for (p, lines) in pages.iter().enumerate() {
        for &i in &running[p] {
            by_shape
                .entry(shape(&lines[i].text))
                .or_default()
                .push(&lines[i]);
        }
    }
    let mut out = Vec::with_capacity(pages.len());
    for (p, lines) in pages.iter().enumerate() {
        let mut parts = PageParts::default();
        let mut rest = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if running[p].contains(&i) {
                let same = by_shape
                    .get(&shape(&line.text))
                    .map_or(&[][..], Vec::as_slice);
                parts.printed = parts.printed.or_else(|| page_number(line, same));
                parts.running.push(line.text.clone());
            } else {
                rest.push(line.clone());
            }
        }
        let (text, notes) = split_notes(rest, body);
        parts.notes = notes;
        parts.body = reading_order(text, body);
        out.push(parts);
    }
    (out, body)
}

/// Whether `line` opens a footnote: its number first ("4. See…", "4 See…", or a raised 4),
/// with where its text starts (bytes).
pub fn note_number(line: &Line) -> Option<(u32, usize)> {
    note_start(line).map(|(n, skip, _)| (n, skip))
}

/// How a note's number is set: followed by a full stop, or raised, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Marker {
    Stop,
    Raised,
    Plain,
}

/// [`note_number`], with how the number is set.
pub fn note_start(line: &Line) -> Option<(u32, usize, Marker)> {
    if let Some(&(0, n)) = line.calls.first() {
        return Some((n, 0, Marker::Raised));
    }
    let digits: String = line.text.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let rest = &line.text[digits.len()..];
    let (skip, marker) = if rest.starts_with(". ") {
        (2, Marker::Stop)
    } else if rest.starts_with(' ') {
        (1, Marker::Plain)
    } else {
        return None;
    };
    digits
        .parse()
        .ok()
        .map(|n| (n, digits.len() + skip, marker))
}

/// The footnotes of a page: the lines below its last line in the body type, set smaller,
/// from the first that opens a note.
fn split_notes(lines: Vec<Line>, body: f32) -> (Vec<Line>, Vec<Line>) {
    let last_body = lines.iter().rposition(|l| l.size >= 0.9 * body);
    let start = match last_body {
        Some(i) => i + 1,
        None => 0,
    };
    let first_note = (start..lines.len())
        .find(|&i| lines[i].size < 0.9 * body && note_number(&lines[i]).is_some());
    let Some(first_note) = first_note else {
        return (lines, Vec::new());
    };
    // Small lines between the text and the first note (a note carried over from the page
    // before) are notes too.
    let from = (start..first_note)
        .find(|&i| lines[i].size < 0.9 * body)
        .unwrap_or(first_note);
    let mut text = lines;
    let notes = text.split_off(from);
    (text, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, y: f32, size: f32) -> Line {
        Line {
            page: 0,
            x0: 50.0,
            x1: 350.0,
            y,
            size,
            bold: false,
            italic: false,
            text: text.into(),
            calls: Vec::new(),
        }
    }

    #[test]
    fn a_running_head_shape_keeps_its_words_and_loses_its_numbers() {
        assert_eq!(
            shape("36 Foreign Relations, 1955–1957, Volume XXIV"),
            "# Foreign Relations, # Volume #"
        );
        assert_eq!(shape("Soviet Union 37"), "Soviet Union #");
    }

    #[test]
    fn running_heads_come_out_with_the_page_number_they_print() {
        let pages: Vec<Vec<Line>> = (0..4)
            .map(|p| {
                let head = if p % 2 == 0 {
                    format!("Soviet Union {}", 35 + p)
                } else {
                    format!("{} Foreign Relations, 1955–1957, Volume XXIV", 35 + p)
                };
                vec![
                    line(&head, 40.0, 9.0),
                    line("Text of the page, long enough.", 80.0, 10.5),
                    line("More text.", 94.0, 10.5),
                ]
            })
            .collect();
        let (sorted, body) = sort_pages(pages, &[600.0; 4]);
        assert_eq!(body, 10.5);
        for (p, parts) in sorted.iter().enumerate() {
            assert_eq!(parts.running.len(), 1, "page {p}");
            assert_eq!(parts.printed.map(|n| n.number), Some(35 + p as u32));
            assert_eq!(parts.body.len(), 2);
        }
    }

    #[test]
    fn notes_below_the_text_in_smaller_type_are_set_apart() {
        let lines = vec![
            line("The text of the page.", 80.0, 10.5),
            line("More of it.", 94.0, 10.5),
            line("1. Source: Department of State, Central", 500.0, 8.0),
            line("Files, 700.5411/11–1455.", 510.0, 8.0),
            line("2. Not printed.", 520.0, 8.0),
        ];
        let (text, notes) = split_notes(lines, 10.5);
        assert_eq!(text.len(), 2);
        assert_eq!(notes.len(), 3);
        assert_eq!(note_number(&notes[0]), Some((1, 3)));
        assert_eq!(note_number(&notes[1]), None);
    }
}
