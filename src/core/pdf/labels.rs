//! The printed number of each page of a PDF: from its /PageLabels where it has them, else
//! from the numbers its running heads or footers print, rising page by page; else none
//! (the page is then cited by its place in the file, never as if it were printed).

use hayro_interpret::hayro_syntax::object::dict::keys::{KIDS, NUMS, P, PAGE_LABELS, S, ST};
use hayro_interpret::hayro_syntax::object::{Array, Dict, Name, Object};
use hayro_interpret::hayro_syntax::xref::XRef;

/// A page's number as printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Printed {
    pub number: u32,
    /// In lower-case roman numerals (front matter).
    pub roman: bool,
}

/// How the pages got their numbers, for the reader's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelSource {
    /// The PDF's own /PageLabels.
    PageLabels,
    /// The numbers printed in the running heads or footers.
    RunningHeads,
    /// Nothing printed: pages are cited by their place in the file.
    None,
}

/// A label range of /PageLabels: from page `first` (0-based), numbered in `style` from
/// `start`, after `prefix`.
#[derive(Debug, Clone, PartialEq)]
struct Range {
    first: usize,
    style: Option<u8>,
    prefix: String,
    start: u32,
}

/// Number-tree depth read at most (a hostile tree may loop).
const MAX_DEPTH: usize = 16;
/// Ranges read at most.
const MAX_RANGES: usize = 10_000;

fn collect(tree: &Dict<'_>, depth: usize, out: &mut Vec<Range>) {
    if depth > MAX_DEPTH || out.len() > MAX_RANGES {
        return;
    }
    if let Some(nums) = tree.get::<Array<'_>>(NUMS) {
        let mut items = nums.iter::<Object<'_>>();
        while let (Some(key), Some(value)) = (items.next(), items.next()) {
            let (Object::Number(first), Object::Dict(entry)) = (key, value) else {
                continue;
            };
            let Ok(first) = usize::try_from(first.as_i64()) else {
                continue;
            };
            let style = entry
                .get::<Name<'_>>(S)
                .and_then(|n| n.as_str().bytes().next());
            let prefix = entry
                .get::<hayro_interpret::hayro_syntax::object::String<'_>>(P)
                .map(|s| super::text_string(s.as_bytes()))
                .unwrap_or_default();
            let start = entry
                .get::<i64>(ST)
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| *n >= 1)
                .unwrap_or(1);
            out.push(Range {
                first,
                style,
                prefix,
                start,
            });
        }
    }
    if let Some(kids) = tree.get::<Array<'_>>(KIDS) {
        for kid in kids.iter::<Dict<'_>>() {
            collect(&kid, depth + 1, out);
        }
    }
}

/// The label of each of `count` pages from the document's /PageLabels, as printed
/// ("xii", "287", "A-3"), or `None` when it has none.
pub fn page_labels(xref: &XRef, count: usize) -> Option<Vec<String>> {
    let root = xref.get::<Dict<'_>>(xref.root_id())?;
    let tree = root.get::<Dict<'_>>(PAGE_LABELS)?;
    let mut ranges = Vec::new();
    collect(&tree, 0, &mut ranges);
    ranges.sort_by_key(|r| r.first);
    ranges.dedup_by_key(|r| r.first);
    if ranges.first().map(|r| r.first) != Some(0) {
        return None;
    }
    let mut labels = Vec::with_capacity(count);
    for page in 0..count {
        let i = ranges.partition_point(|r| r.first <= page) - 1;
        let range = &ranges[i];
        let n = range.start.saturating_add((page - range.first) as u32);
        labels.push(format!("{}{}", range.prefix, styled(n, range.style)));
    }
    Some(labels)
}

/// `n` in a /PageLabels style: D arabic, r/R roman, a/A letters; none: no number.
fn styled(n: u32, style: Option<u8>) -> String {
    match style {
        Some(b'D') => n.to_string(),
        Some(b'r') => crate::core::document::structure::page_label(n, true),
        Some(b'R') => crate::core::document::structure::page_label(n, true).to_uppercase(),
        Some(c @ (b'a' | b'A')) => {
            // a..z, then aa..zz, and so on.
            let letter = (b'a' + ((n - 1) % 26) as u8) as char;
            let letter = if c == b'A' {
                letter.to_ascii_uppercase()
            } else {
                letter
            };
            std::iter::repeat_n(letter, ((n - 1) / 26 + 1).min(100) as usize).collect()
        }
        _ => String::new(),
    }
}

/// A label as a page number the document model knows: arabic, or lower-case roman.
/// Other labels ("A-3", "Plate 4") have none.
pub fn printed(label: &str) -> Option<Printed> {
    if let Ok(number) = label.parse::<u32>() {
        return Some(Printed {
            number,
            roman: false,
        });
    }
    roman_value(label).map(|number| Printed {
        number,
        roman: true,
    })
}

/// The value of a roman numeral written in lower or upper case, if `s` is one written the
/// usual way ("iv", not "iiii").
pub fn roman_value(s: &str) -> Option<u32> {
    crate::core::document::structure::from_roman(s).filter(|n| *n > 0)
}

/// Page numbers from the numbers the running heads print: `seen[i]` is what page i
/// prints (if anything). The arabic numbers that rise one a page on most of the pages
/// that print one give every page from the first such page on its number, pages
/// printing none (a chapter's opening page) included; roman numbers before them, rising
/// the same way, number the front matter. `None` when no such run is found.
pub fn from_running_heads(seen: &[Option<Printed>]) -> Option<Vec<Option<Printed>>> {
    let arabic: Vec<(usize, u32)> = (seen.iter().enumerate())
        .filter_map(|(i, p)| p.filter(|p| !p.roman).map(|p| (i, p.number)))
        .collect();
    // The offset (number minus page index) most pages agree on.
    let mut counts: std::collections::BTreeMap<i64, usize> = Default::default();
    for (i, n) in &arabic {
        *counts.entry(i64::from(*n) - *i as i64).or_default() += 1;
    }
    let (offset, agree) = counts.into_iter().max_by_key(|(_, c)| *c)?;
    // Two pages at least, and most of those printing a number.
    if agree < 2 || agree * 3 < arabic.len() * 2 {
        return None;
    }
    let first = arabic
        .iter()
        .find(|(i, n)| i64::from(*n) - *i as i64 == offset)
        .map(|(i, _)| *i)?;
    let mut out = vec![None; seen.len()];
    for (i, slot) in out.iter_mut().enumerate().skip(first) {
        let n = u32::try_from(offset + i as i64).ok().filter(|n| *n > 0);
        *slot = n.map(|number| Printed {
            number,
            roman: false,
        });
    }
    // Front matter: roman numbers before the arabic run that agree with one offset.
    let romans: Vec<(usize, u32)> = (seen[..first].iter().enumerate())
        .filter_map(|(i, p)| p.filter(|p| p.roman).map(|p| (i, p.number)))
        .collect();
    if let Some((i0, n0)) = romans.first().copied() {
        let roman_offset = i64::from(n0) - i0 as i64;
        if romans
            .iter()
            .all(|(i, n)| i64::from(*n) - *i as i64 == roman_offset)
        {
            for (i, slot) in out.iter_mut().enumerate().take(first) {
                let n = u32::try_from(roman_offset + i as i64)
                    .ok()
                    .filter(|n| *n > 0);
                *slot = n.map(|number| Printed {
                    number,
                    roman: true,
                });
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arabic(n: u32) -> Option<Printed> {
        Some(Printed {
            number: n,
            roman: false,
        })
    }

    #[test]
    fn roman_numerals_are_read_only_when_written_the_usual_way() {
        assert_eq!(roman_value("xiv"), Some(14));
        assert_eq!(roman_value("XL"), Some(40));
        assert_eq!(roman_value("iiii"), None);
        assert_eq!(roman_value("vx"), None);
        assert_eq!(roman_value("mix"), Some(1009));
        assert_eq!(roman_value("civil"), None);
        assert_eq!(printed("287"), arabic(287));
    }

    #[test]
    fn numbers_rising_page_by_page_number_every_page_from_the_first() {
        // A chapter's opening page (index 3) prints no number; one running head misread.
        let seen = vec![
            None,
            None,
            arabic(35),
            None,
            arabic(37),
            arabic(12),
            arabic(39),
        ];
        let pages = from_running_heads(&seen).expect("a run");
        assert_eq!(pages[..2], [None, None]);
        assert_eq!(pages[3], arabic(36));
        assert_eq!(pages[5], arabic(38));
        assert_eq!(pages[6], arabic(39));
    }

    #[test]
    fn numbers_that_do_not_rise_are_not_page_numbers() {
        // The same year in every footer is not a page number.
        let seen = vec![arabic(1978), arabic(1978), arabic(1978), arabic(1978)];
        assert_eq!(from_running_heads(&seen), None);
        assert_eq!(from_running_heads(&[arabic(5)]), None);
    }

    #[test]
    fn label_styles_read_as_printed() {
        assert_eq!(styled(4, Some(b'r')), "iv");
        assert_eq!(styled(4, Some(b'R')), "IV");
        assert_eq!(styled(28, Some(b'A')), "BB");
        assert_eq!(styled(3, None), "");
        assert_eq!(styled(287, Some(b'D')), "287");
    }
}
