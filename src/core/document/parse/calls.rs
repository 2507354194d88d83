//! Stage 4: finding where the text calls each footnote. A call is a run of digits glued
//! to a word or to punctuation (`consultations,8`), spelling a footnote's number. The
//! list says which numbers there are and that they are called in order 1..N, so the calls
//! are chosen together: the assignment that places the most notes, in order, at spots
//! where a call can stand. A number (`1977`, `7.8%`, `$10.5`) is never a call; a call
//! glued to a number (`PL–48010`: `PL–480` and call 10), or to a year that ends a
//! sentence (`of 1972.5 He`), is taken only when that is the one way to place a note.

use super::MarkedBlock;
use crate::core::document::structure::Footnote;

/// True for a character after which glued digits can be a footnote reference: a letter,
/// or punctuation that closes a word or sentence. Not `(`, `$`, `–`, `/`, which precede
/// real numbers.
fn can_carry_reference(c: char) -> bool {
    c.is_alphabetic() || ".,;:!?)]”’\"'»…".contains(c)
}

/// A place a footnote may be called: digits `start..end` of block `block`, spelling
/// `value`; `split` when they are the end of a longer run of digits.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    block: usize,
    start: usize,
    end: usize,
    value: u32,
    split: bool,
}

/// The digits `start..end` of `text` are the decimals or thousands of a number: after a
/// point that follows a digit (`7.8`, `$10.5`, `1977.5`), three after a comma that
/// follows a digit (`1,000`; but `January 30,2` is a call), or before a percent sign or
/// a decimal point and digit (`8%`, `8.5`).
fn part_of_number(text: &str, start: usize, end: usize) -> bool {
    let mut before = text[..start].chars().rev();
    let mark = before.next();
    let after_digit = before.next().is_some_and(|c| c.is_ascii_digit());
    let glued_after_digit =
        after_digit && (mark == Some('.') || (mark == Some(',') && end - start == 3));
    let mut after = text[end..].chars();
    let first = after.next();
    let percent = first == Some('%');
    let decimal =
        matches!(first, Some('.' | ',')) && after.next().is_some_and(|c| c.is_ascii_digit());
    glued_after_digit || percent || decimal
}

/// True when `text[..start]` ends with a year of four digits (1000–2099, standing alone)
/// and a full stop.
fn year_before_point(text: &str, start: usize) -> bool {
    let Some(head) = text[..start].strip_suffix('.') else {
        return false;
    };
    let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits != 4 {
        return false;
    }
    let year = &head[head.len() - 4..];
    let alone = head[..head.len() - 4]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric() && !".,$£€".contains(c));
    alone
        && year
            .parse::<u32>()
            .is_ok_and(|y| (1000..=2099).contains(&y))
}

/// Every candidate in text order: glued runs as they are, and the tails of longer runs
/// (a call glued to a number) that spell a footnote's number.
fn candidates(blocks: &[MarkedBlock], numbers: &[u32]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        let text = &block.text;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let before = text[..start].chars().next_back();
            let after = text[i..].chars().next();
            let closed = after.is_none_or(|c| !c.is_alphanumeric());
            // A year that ends a sentence, its note's call glued to the full stop ("the
            // Shanghai communique of 1972.5 He has"): read as a decimal unless nothing
            // else places that note, like a call glued to a number.
            if closed
                && after.is_none_or(char::is_whitespace)
                && i - start <= 2
                && bytes[start] != b'0'
                && year_before_point(text, start)
                && let Ok(value) = text[start..i].parse::<u32>()
                && numbers.contains(&value)
            {
                out.push(Candidate {
                    block: b,
                    start,
                    end: i,
                    value,
                    split: true,
                });
                continue;
            }
            if !closed || part_of_number(text, start, i) {
                continue;
            }
            let glued = before.is_some_and(can_carry_reference);
            if glued
                && i - start <= 4
                && bytes[start] != b'0'
                && let Ok(value) = text[start..i].parse::<u32>()
            {
                out.push(Candidate {
                    block: b,
                    start,
                    end: i,
                    value,
                    split: false,
                });
            }
            // The tail of a run of digits: `48010` may be `480` and call 10. Only after a
            // word (`PL–480`) or a letter, never a bare number in prose.
            let run = &text[start..i];
            let after_word = before.is_some_and(|c| c.is_alphabetic() || "–-".contains(c));
            if after_word {
                for &n in numbers {
                    let digits = n.to_string();
                    if run.len() > digits.len()
                        && run.ends_with(&digits)
                        && !digits.starts_with('0')
                        && run.len() - digits.len() >= 2
                    {
                        out.push(Candidate {
                            block: b,
                            start: i - digits.len(),
                            end: i,
                            value: n,
                            split: true,
                        });
                    }
                }
            }
        }
    }
    out
}

/// How good a chain of placed calls is: more notes placed, then fewer split numbers,
/// then calls as early as they can be (as a reader meets them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    placed: u32,
    unsplit: i64,
    early: i64,
}

/// A Fenwick tree over candidate positions giving the best chain ending before a
/// position, with the candidate it ends on.
struct BestBefore {
    tree: Vec<Option<(Score, usize)>>,
}

impl BestBefore {
    fn new(len: usize) -> Self {
        BestBefore {
            tree: vec![None; len + 1],
        }
    }

    /// The best chain among positions `0..pos`.
    fn query(&self, pos: usize) -> Option<(Score, usize)> {
        let mut i = pos;
        let mut best: Option<(Score, usize)> = None;
        while i > 0 {
            if let Some(v) = self.tree[i]
                && best.is_none_or(|b| v.0 > b.0)
            {
                best = Some(v);
            }
            i &= i - 1;
        }
        best
    }

    fn update(&mut self, pos: usize, value: (Score, usize)) {
        let mut i = pos + 1;
        while i < self.tree.len() {
            if self.tree[i].is_none_or(|b| value.0 > b.0) {
                self.tree[i] = Some(value);
            }
            i += i & i.wrapping_neg();
        }
    }
}

/// Finds each footnote's call (see the module's account) and records it in its block;
/// a note that cannot be placed is reported.
pub(super) fn find_footnote_refs(
    blocks: &mut [MarkedBlock],
    footnotes: &[Footnote],
    warnings: &mut Vec<String>,
) {
    if footnotes.is_empty() {
        return;
    }
    let numbers: Vec<u32> = footnotes.iter().map(|f| f.number).collect();
    let mut found = candidates(blocks, &numbers);
    // Text order; a split tail after the whole run at the same place.
    found.sort_by_key(|c| (c.block, c.start, c.split));
    // Which candidates could place each note (the list is numbered 1..N, in order).
    let mut by_value: std::collections::HashMap<u32, Vec<usize>> = Default::default();
    for (i, c) in found.iter().enumerate() {
        by_value.entry(c.value).or_default().push(i);
    }
    // Chains: for note k at candidate i, the best chain of earlier notes at earlier
    // candidates. `link[i]` is the candidate the chain through i came from.
    let mut best = BestBefore::new(found.len());
    let mut link: Vec<Option<usize>> = vec![None; found.len()];
    for note in footnotes {
        let Some(places) = by_value.get(&note.number) else {
            continue;
        };
        // Queries first, then updates: a chain holds a note once.
        let scored: Vec<(usize, Score, Option<usize>)> = places
            .iter()
            .map(|&i| {
                let before = best.query(i);
                let base = before.map_or(
                    Score {
                        placed: 0,
                        unsplit: 0,
                        early: 0,
                    },
                    |b| b.0,
                );
                let score = Score {
                    placed: base.placed + 1,
                    unsplit: base.unsplit - i64::from(found[i].split),
                    early: base.early - i as i64,
                };
                (i, score, before.map(|b| b.1))
            })
            .collect();
        for (i, score, from) in scored {
            link[i] = from;
            best.update(i, (score, i));
        }
    }
    let mut chosen = Vec::new();
    let mut at = best.query(found.len()).map(|b| b.1);
    while let Some(i) = at {
        chosen.push(i);
        at = link[i];
    }
    chosen.reverse();
    let placed: std::collections::HashSet<u32> = chosen.iter().map(|&i| found[i].value).collect();
    for &i in &chosen {
        let c = found[i];
        blocks[c.block].refs.push((c.start, c.end, c.value));
    }
    for note in footnotes {
        if !placed.contains(&note.number) {
            warnings.push(format!(
                "footnote {} is not referenced in the text (no call “{}” found between the calls before and after it)",
                note.number, note.number
            ));
        }
    }
}
