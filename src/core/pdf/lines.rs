//! A page's glyphs made into lines: glyphs on one baseline, left to right, cut where a gap
//! is too wide to be a space between words (a column's gutter); words where the gap is a
//! space; raised small glyphs (superscripts) joined to the line they stand over, their
//! digits kept as footnote calls rather than as text.

use super::glyphs::PageGlyphs;

/// One printed line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The page it is printed on (0-based).
    pub page: usize,
    /// Its left and right ends and its baseline, in points from the page's top-left.
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    /// The type size most of it is set in.
    pub size: f32,
    /// Set (mostly) in bold, or in italics.
    pub bold: bool,
    pub italic: bool,
    /// Its words, one space between them; footnote calls left out.
    pub text: String,
    /// Footnote calls: where in `text` (bytes) each stands, and its number.
    pub calls: Vec<(usize, u32)>,
}

/// A glyph with its text, and whether a space glyph followed it.
#[derive(Debug, Clone, Copy)]
struct Item<'a> {
    x: f32,
    y: f32,
    size: f32,
    advance: f32,
    bold: bool,
    italic: bool,
    text: &'a str,
    space_after: bool,
    /// Raised and smaller than the line it joined.
    raised: bool,
}

impl Item<'_> {
    fn right(&self) -> f32 {
        self.x + self.advance
    }
}

/// A gap wider than this share of the type size cuts a line in two (a gutter).
const GUTTER: f32 = 1.5;
/// A gap wider than this share of the type size is a space between words.
const WORD_GAP: f32 = 0.2;

fn items(page: &PageGlyphs) -> Vec<Item<'_>> {
    let mut out: Vec<Item<'_>> = Vec::with_capacity(page.glyphs.len());
    for g in &page.glyphs {
        let text = page.text_of(g);
        if text.chars().all(char::is_whitespace) {
            if let Some(last) = out.last_mut() {
                last.space_after = true;
            }
            continue;
        }
        if !(g.x.is_finite() && g.y.is_finite() && g.size.is_finite() && g.size > 0.0) {
            continue;
        }
        out.push(Item {
            x: g.x,
            y: g.y,
            size: g.size,
            advance: if g.advance.is_finite() {
                g.advance
            } else {
                0.0
            },
            bold: g.bold,
            italic: g.italic,
            text,
            space_after: false,
            raised: false,
        });
    }
    out
}

/// Runs of items on one baseline with no gutter between them, left to right.
fn segments(mut items: Vec<Item<'_>>) -> Vec<Vec<Item<'_>>> {
    items.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<Item<'_>>> = Vec::new();
    for item in items {
        match rows.last_mut() {
            Some(row) if (item.y - row[0].y).abs() <= 0.3 * row[0].size.max(item.size) => {
                row.push(item)
            }
            _ => rows.push(vec![item]),
        }
    }
    let mut out = Vec::new();
    for mut row in rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut current: Vec<Item<'_>> = Vec::new();
        for item in row {
            if let Some(prev) = current.last()
                && item.x - prev.right() > GUTTER * prev.size.max(item.size)
            {
                out.push(std::mem::take(&mut current));
            }
            current.push(item);
        }
        if !current.is_empty() {
            out.push(current);
        }
    }
    out
}

fn median(mut values: Vec<f32>) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f32::total_cmp);
    values[values.len() / 2]
}

/// Joins each run of raised, smaller glyphs to the line it stands over.
fn attach_raised(mut segs: Vec<Vec<Item<'_>>>) -> Vec<Vec<Item<'_>>> {
    let facts: Vec<(f32, f32, f32, f32)> = segs
        .iter()
        .map(|s| {
            let size = median(s.iter().map(|i| i.size).collect());
            let x0 = s.first().map_or(0.0, |i| i.x);
            let x1 = s.last().map_or(0.0, Item::right);
            (s[0].y, size, x0, x1)
        })
        .collect();
    let mut target = vec![None; segs.len()];
    for (i, &(y, size, x0, x1)) in facts.iter().enumerate() {
        let host = facts
            .iter()
            .enumerate()
            .find(|&(j, &(hy, hsize, hx0, hx1))| {
                j != i
                    && size < 0.85 * hsize
                    && hy - y > 0.1 * hsize
                    && hy - y < 0.75 * hsize
                    && x0 >= hx0 - hsize
                    && x1 <= hx1 + hsize
            });
        target[i] = host.map(|(j, _)| j);
    }
    for i in 0..segs.len() {
        if let Some(j) = target[i]
            && target[j].is_none()
        {
            let moved: Vec<Item<'_>> = std::mem::take(&mut segs[i])
                .into_iter()
                .map(|mut item| {
                    item.raised = true;
                    item
                })
                .collect();
            segs[j].extend(moved);
            segs[j].sort_by(|a, b| a.x.total_cmp(&b.x));
        }
    }
    segs.retain(|s| !s.is_empty());
    segs
}

/// Marks the items of a row set smaller above its baseline (a superscript set on the
/// row's own line).
fn mark_raised(items: &mut [Item<'_>]) {
    let size = median(items.iter().map(|i| i.size).collect());
    let baseline = median(
        items
            .iter()
            .filter(|i| i.size >= 0.9 * size)
            .map(|i| i.y)
            .collect(),
    );
    for item in items.iter_mut() {
        if item.size < 0.85 * size && baseline - item.y > 0.12 * size {
            item.raised = true;
        }
    }
}

/// The line a run of items makes.
fn line_of(items: &[Item<'_>], page: usize) -> Line {
    let body: Vec<&Item<'_>> = items.iter().filter(|i| !i.raised).collect();
    let size = median(body.iter().map(|i| i.size).collect());
    let count = body.len().max(1);
    let bold = body.iter().filter(|i| i.bold).count() * 2 > count;
    let italic = body.iter().filter(|i| i.italic).count() * 2 > count;
    let mut text = String::new();
    let mut calls: Vec<(usize, u32)> = Vec::new();
    let mut pending_call = String::new();
    let flush_call = |pending: &mut String, text: &mut String, calls: &mut Vec<(usize, u32)>| {
        if pending.is_empty() {
            return;
        }
        match pending.parse::<u32>() {
            Ok(n) if pending.len() <= 3 => calls.push((text.len(), n)),
            // A raised mark that is not a number (an asterisk, "st") stays in the text.
            _ => text.push_str(pending),
        }
        pending.clear();
    };
    let mut prev: Option<&Item<'_>> = None;
    for item in items {
        if let Some(p) = prev {
            let gap = item.x - p.right();
            let space = p.space_after || gap > WORD_GAP * p.size.min(item.size);
            if item.raised != p.raised || space {
                flush_call(&mut pending_call, &mut text, &mut calls);
            }
            if space && !item.raised && !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
            }
        }
        if item.raised && item.text.chars().all(|c| c.is_ascii_digit()) {
            pending_call.push_str(item.text);
        } else {
            flush_call(&mut pending_call, &mut text, &mut calls);
            text.push_str(item.text);
        }
        prev = Some(item);
    }
    flush_call(&mut pending_call, &mut text, &mut calls);
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    for call in &mut calls {
        call.0 = call.0.min(text.len());
    }
    Line {
        page,
        x0: items.first().map_or(0.0, |i| i.x),
        x1: items.iter().map(Item::right).fold(f32::MIN, f32::max),
        y: body.first().map_or(items[0].y, |i| i.y),
        size,
        bold,
        italic,
        text,
        calls,
    }
}

/// The lines of page `index`, top to bottom and, on one baseline, left to right.
pub fn page_lines(page: &PageGlyphs, index: usize) -> Vec<Line> {
    let mut segs = attach_raised(segments(items(page)));
    for seg in &mut segs {
        mark_raised(seg);
    }
    let mut lines: Vec<Line> = segs
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| line_of(s, index))
        .filter(|l| !l.text.is_empty() || !l.calls.is_empty())
        .collect();
    lines.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::pdf::glyphs::Glyph;

    /// A page with `words` set at (x, y) in size `size`, each glyph 0.5 em wide.
    fn page(words: &[(&str, f32, f32, f32)]) -> PageGlyphs {
        let mut p = PageGlyphs {
            width: 400.0,
            height: 600.0,
            ..PageGlyphs::default()
        };
        for &(word, x, y, size) in words {
            for (i, ch) in word.chars().enumerate() {
                let start = p.text.len() as u32;
                p.text.push(ch);
                p.glyphs.push(Glyph {
                    start,
                    len: ch.len_utf8() as u16,
                    x: x + i as f32 * size * 0.5,
                    y,
                    size,
                    advance: size * 0.5,
                    bold: false,
                    italic: false,
                });
            }
        }
        p
    }

    #[test]
    fn words_join_on_a_baseline_and_a_gutter_cuts_the_line() {
        // Two columns: "left side" at x 10, "right" across a 60-point gutter.
        let p = page(&[
            ("left", 10.0, 100.0, 10.0),
            ("side", 35.0, 100.2, 10.0),
            ("right", 120.0, 100.0, 10.0),
            ("below", 10.0, 114.0, 10.0),
        ]);
        let lines = page_lines(&p, 0);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["left side", "right", "below"]);
    }

    #[test]
    fn a_raised_small_number_is_a_call_not_text() {
        // "Carter" with a raised "12" after it, then "wrote".
        let p = page(&[
            ("Carter", 10.0, 100.0, 10.0),
            ("12", 40.0, 96.0, 6.0),
            ("wrote", 50.0, 100.0, 10.0),
        ]);
        let lines = page_lines(&p, 0);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "Carter wrote");
        assert_eq!(lines[0].calls, vec![(6, 12)]);
    }
}
