//! Edits with a ground truth, for measuring re-anchoring: a text is edited the ways real
//! sources differ (sentences deleted or added, highlighted passages cut, words added
//! inside passages, letters corrected, quotes straightened, OCR noise, paragraphs
//! reordered, footnotes renumbered) while every character remembers where it came from,
//! so the true new place of every highlight is known. Shared by `benches/reanchor.rs`
//! and the accuracy tests.

use marginalia::core::corpus::Rng;
use marginalia::core::document::Document;
use marginalia::core::reanchor::Placement;
use marginalia::core::study::anchor::Anchor;
use marginalia::core::study::highlight::{Highlight, HighlightId};
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::study::source::{SourceId, SourceRecord};
use marginalia::core::text::{CharOffset, CharRange};
use marginalia::core::time::Timestamp;

/// Origin of an inserted character.
const NEW: u32 = u32::MAX;

/// A text whose characters know their place in the original.
#[derive(Clone)]
pub struct Tracked {
    pub chars: Vec<char>,
    pub origin: Vec<u32>,
}

impl Tracked {
    pub fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let origin = (0..chars.len() as u32).collect();
        Tracked { chars, origin }
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    fn push_new(&mut self, s: &str) {
        for c in s.chars() {
            self.chars.push(c);
            self.origin.push(NEW);
        }
    }

    fn push_from(&mut self, other: &Tracked, range: std::ops::Range<usize>) {
        self.chars.extend_from_slice(&other.chars[range.clone()]);
        self.origin.extend_from_slice(&other.origin[range]);
    }

    fn empty() -> Self {
        Tracked {
            chars: Vec::new(),
            origin: Vec::new(),
        }
    }
}

/// The kinds of edit measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    None,
    SentencesDeleted,
    SentencesInserted,
    HighlightedPassagesDeleted,
    WordsInsertedInPassages,
    LetterCorrectedInEveryPassage,
    QuotesStraightened,
    Ocr1,
    Ocr3,
    ParagraphsReordered,
    FootnotesRenumbered,
}

impl Edit {
    pub const ALL: [Edit; 11] = [
        Edit::None,
        Edit::SentencesDeleted,
        Edit::SentencesInserted,
        Edit::HighlightedPassagesDeleted,
        Edit::WordsInsertedInPassages,
        Edit::LetterCorrectedInEveryPassage,
        Edit::QuotesStraightened,
        Edit::Ocr1,
        Edit::Ocr3,
        Edit::ParagraphsReordered,
        Edit::FootnotesRenumbered,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Edit::None => "none",
            Edit::SentencesDeleted => "sentences deleted (1 in 15)",
            Edit::SentencesInserted => "sentences inserted (1 in 15)",
            Edit::HighlightedPassagesDeleted => "highlighted passages deleted (1 in 10)",
            Edit::WordsInsertedInPassages => "a word inserted inside passages (1 in 3)",
            Edit::LetterCorrectedInEveryPassage => "one letter corrected in every passage",
            Edit::QuotesStraightened => "typographic quotes straightened",
            Edit::Ocr1 => "OCR noise, 1 % of characters",
            Edit::Ocr3 => "OCR noise, 3 % of characters",
            Edit::ParagraphsReordered => "paragraphs reordered (1 in 10 swapped)",
            Edit::FootnotesRenumbered => "footnotes renumbered (the first note dropped)",
        }
    }
}

/// Applies `edit` to `text` (canonical text) around the `highlights` (old ranges).
/// Footnote renumbering changes only the raw text's calls and list, which the canonical
/// text leaves out: it is applied to `raw` by [`renumber_footnotes`] instead, and here
/// leaves the text as it is.
pub fn apply(edit: Edit, text: &Tracked, highlights: &[CharRange], seed: u64) -> Tracked {
    let mut rng = Rng::new(seed ^ 0x5EED);
    match edit {
        Edit::None | Edit::FootnotesRenumbered => text.clone(),
        Edit::SentencesDeleted => by_sentence(text, |rng| rng.below(15) != 0, &mut rng),
        Edit::SentencesInserted => {
            let mut out = Tracked::empty();
            let sentences = sentences(&text.chars);
            let mut at = 0;
            for (_, e) in sentences {
                out.push_from(text, at..e);
                at = e;
                if rng.below(15) == 0 {
                    out.push_new(&format!(" {}", sentence(&mut rng)));
                }
            }
            out.push_from(text, at..text.chars.len());
            out
        }
        Edit::HighlightedPassagesDeleted => {
            let mut gone = vec![false; text.chars.len()];
            for (i, h) in highlights.iter().enumerate() {
                if i % 10 == 3 {
                    for g in &mut gone[h.start.0..h.end.0.min(text.chars.len())] {
                        *g = true;
                    }
                }
            }
            keep(text, |i| !gone[i])
        }
        Edit::WordsInsertedInPassages => {
            // One word after a space inside the passage, for every third passage.
            let mut inserts: Vec<usize> = Vec::new();
            for (i, h) in highlights.iter().enumerate() {
                if i % 3 != 1 {
                    continue;
                }
                let spaces: Vec<usize> = (h.start.0 + 1..h.end.0.saturating_sub(1))
                    .filter(|&p| text.chars[p] == ' ')
                    .collect();
                if !spaces.is_empty() {
                    inserts.push(spaces[rng.below(spaces.len())] + 1);
                }
            }
            inserts.sort_unstable();
            inserts.dedup();
            let mut out = Tracked::empty();
            let mut at = 0;
            for p in inserts {
                out.push_from(text, at..p);
                out.push_new(WORD_ADDED[rng.below(WORD_ADDED.len())]);
                at = p;
            }
            out.push_from(text, at..text.chars.len());
            out
        }
        Edit::LetterCorrectedInEveryPassage => {
            let mut out = text.clone();
            for h in highlights {
                let letters: Vec<usize> = (h.start.0..h.end.0.min(out.chars.len()))
                    .filter(|&p| out.chars[p].is_alphabetic())
                    .collect();
                if letters.is_empty() {
                    continue;
                }
                let p = letters[rng.below(letters.len())];
                // The corrected letter stands where the old one stood.
                out.chars[p] = other_letter(out.chars[p], &mut rng);
            }
            out
        }
        Edit::QuotesStraightened => {
            let mut out = text.clone();
            for c in &mut out.chars {
                *c = match *c {
                    '“' | '”' => '"',
                    '‘' | '’' => '\'',
                    c => c,
                };
            }
            out
        }
        Edit::Ocr1 => ocr(text, 100, &mut rng),
        Edit::Ocr3 => ocr(text, 33, &mut rng),
        Edit::ParagraphsReordered => {
            let mut paragraphs: Vec<(usize, usize)> = Vec::new();
            let mut start = 0;
            let n = text.chars.len();
            let mut i = 0;
            while i + 1 < n {
                if text.chars[i] == '\n' && text.chars[i + 1] == '\n' {
                    paragraphs.push((start, i));
                    while i < n && text.chars[i] == '\n' {
                        i += 1;
                    }
                    start = i;
                } else {
                    i += 1;
                }
            }
            paragraphs.push((start, n));
            let mut order: Vec<usize> = (0..paragraphs.len()).collect();
            let mut k = 1;
            while k + 1 < order.len() {
                if rng.below(10) == 0 {
                    order.swap(k, k + 1);
                    k += 2;
                } else {
                    k += 1;
                }
            }
            let mut out = Tracked::empty();
            for (j, &p) in order.iter().enumerate() {
                if j > 0 {
                    out.push_new("\n\n");
                }
                let (a, b) = paragraphs[p];
                out.push_from(text, a..b);
            }
            out
        }
    }
}

/// A sentence a new edition adds: made-up words, so it repeats nothing already there.
fn sentence(rng: &mut Rng) -> String {
    const PARTS: &[&str] = &["qe", "zu", "xo", "vy", "jit", "quor", "zel", "wyx"];
    let words: Vec<String> = (0..6 + rng.below(10))
        .map(|_| {
            (0..2 + rng.below(2))
                .map(|_| PARTS[rng.below(PARTS.len())])
                .collect()
        })
        .collect();
    format!("Added {}.", words.join(" "))
}

/// Words a corrected edition adds inside a passage.
const WORD_ADDED: &[&str] = &["also ", "indeed ", "further ", "again ", "now "];

fn other_letter(c: char, rng: &mut Rng) -> char {
    let letters = "abcdefghijklmnopqrstuvwxyz";
    loop {
        let n = letters.chars().nth(rng.below(26)).unwrap_or('e');
        let n = if c.is_uppercase() {
            n.to_ascii_uppercase()
        } else {
            n
        };
        if n != c {
            return n;
        }
    }
}

/// OCR-style noise on about one letter in `one_in`: mostly a look-alike or other letter,
/// sometimes a letter lost or one too many.
fn ocr(text: &Tracked, one_in: usize, rng: &mut Rng) -> Tracked {
    const LOOK_ALIKE: &[(char, char)] = &[
        ('e', 'c'),
        ('l', '1'),
        ('o', '0'),
        ('i', 'l'),
        ('n', 'u'),
        ('m', 'n'),
        ('h', 'b'),
        ('a', 'o'),
        ('S', '5'),
        ('t', 'f'),
    ];
    let mut out = Tracked::empty();
    for i in 0..text.chars.len() {
        let c = text.chars[i];
        if c.is_alphanumeric() && rng.below(one_in) == 0 {
            match rng.below(10) {
                0 => {} // lost
                1 => {
                    out.push_from(text, i..i + 1);
                    out.push_new(&other_letter('x', rng).to_string());
                }
                _ => {
                    let swap = LOOK_ALIKE
                        .iter()
                        .find(|p| p.0 == c)
                        .map_or_else(|| other_letter(c, rng), |p| p.1);
                    out.chars.push(swap);
                    out.origin.push(text.origin[i]);
                }
            }
        } else {
            out.push_from(text, i..i + 1);
        }
    }
    out
}

/// Keeps the characters `keep` says yes to.
fn keep(text: &Tracked, keep: impl Fn(usize) -> bool) -> Tracked {
    let mut out = Tracked::empty();
    for i in 0..text.chars.len() {
        if keep(i) {
            out.push_from(text, i..i + 1);
        }
    }
    out
}

/// Sentences as `(start, end)`: from after a sentence's end (and its space) through a full
/// stop followed by white space or the end.
pub fn sentences(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..chars.len() {
        if chars[i] == '.' && chars.get(i + 1).is_none_or(|c| c.is_whitespace()) {
            out.push((start, i + 1));
            start = i + 1;
            while start < chars.len() && chars[start].is_whitespace() {
                start += 1;
            }
        }
    }
    out
}

/// Keeps or drops each sentence (with the space before it) as `keep` says.
fn by_sentence(text: &Tracked, keep: impl Fn(&mut Rng) -> bool, rng: &mut Rng) -> Tracked {
    let mut out = Tracked::empty();
    let mut at = 0;
    for (s, e) in sentences(&text.chars) {
        // Whatever lies between sentences (new lines, headings without a full stop) stays.
        let lead = if s > 0 && text.chars[s - 1] == ' ' {
            s - 1
        } else {
            s
        };
        out.push_from(text, at..lead);
        if keep(rng) {
            out.push_from(text, lead..e);
        }
        at = e;
    }
    out.push_from(text, at..text.chars.len());
    out
}

/// Footnotes renumbered, in the raw text, as when an edition drops the first note: its
/// call and its entry go, and every later call and entry is numbered one lower. The
/// canonical text (which leaves calls and the list out) should not change at all.
pub fn renumber_footnotes(raw: &str) -> Option<String> {
    let lines: Vec<&str> = raw.split('\n').collect();
    let list = lines.iter().rposition(|l| l.starts_with("  1. "))?;
    // A text of many documents has a list of notes after each: the last list's calls
    // are those after the list before it.
    let is_note = |line: &str| {
        let trimmed = line.trim_start();
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        line.starts_with("  ") && digits > 0 && trimmed[digits..].starts_with(". ")
    };
    let from = lines[..list]
        .iter()
        .rposition(|l| is_note(l))
        .map_or(0, |i| i + 1);
    let mut out: Vec<String> = lines[..from].iter().map(|l| l.to_string()).collect();
    let mut next_call = 1u32;
    for line in &lines[from..list] {
        // Calls: digits glued to a word or a stop, in order.
        let mut rest = *line;
        let mut text = String::new();
        while let Some(pos) = find_call(rest, next_call) {
            text.push_str(&rest[..pos]);
            if next_call > 1 {
                text.push_str(&(next_call - 1).to_string());
            }
            rest = &rest[pos + next_call.to_string().len()..];
            next_call += 1;
        }
        text.push_str(rest);
        out.push(text);
    }
    let mut in_first = false;
    for line in &lines[list..] {
        let trimmed = line.trim_start();
        let digits: String = trimmed.chars().take_while(char::is_ascii_digit).collect();
        match digits.parse::<u32>() {
            Ok(n) if line.starts_with("  ") && trimmed[digits.len()..].starts_with(". ") => {
                in_first = n == 1;
                if n > 1 {
                    let indent = &line[..line.len() - trimmed.len()];
                    out.push(format!("{indent}{}{}", n - 1, &trimmed[digits.len()..]));
                }
            }
            _ if in_first && !line.trim().is_empty() => {} // the first note's next lines
            _ => out.push(line.to_string()),
        }
    }
    Some(out.join("\n"))
}

/// The byte position of footnote call `n` in `line`: its digits right after a letter or
/// punctuation and not followed by another digit.
fn find_call(line: &str, n: u32) -> Option<usize> {
    let digits = n.to_string();
    let mut from = 0;
    while let Some(found) = line[from..].find(&digits) {
        let at = from + found;
        let before = line[..at].chars().next_back();
        let after = line[at + digits.len()..].chars().next();
        if before.is_some_and(|c| c.is_alphabetic() || ".,;:”’)".contains(c))
            && !after.is_some_and(|c| c.is_ascii_digit())
        {
            return Some(at);
        }
        from = at + digits.len();
    }
    None
}

/// `edited` as the parser read it: where the parsed text `parsed` differs from the edited
/// characters (white space joined, a line break read as a space), the origins follow the
/// parsed text — characters it dropped are gone, characters it added are new.
pub fn reconcile(edited: &Tracked, parsed: &str) -> Tracked {
    const SYNC: usize = 8;
    const LOOK: usize = 64;
    let a = &edited.chars;
    let b: Vec<char> = parsed.chars().collect();
    let mut out = Tracked::empty();
    let (mut i, mut j) = (0, 0);
    let agree = |i: usize, j: usize| -> bool {
        let n = SYNC.min(a.len() - i).min(b.len() - j);
        n > 0 && a[i..i + n] == b[j..j + n] && (n == SYNC || (i + n == a.len() && j + n == b.len()))
    };
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.chars.push(b[j]);
            out.origin.push(edited.origin[i]);
            i += 1;
            j += 1;
            continue;
        }
        let skip = (1..=LOOK).find(|&d| i + d < a.len() && agree(i + d, j));
        let add = (1..=LOOK).find(|&d| j + d < b.len() && agree(i, j + d));
        match (skip, add) {
            (Some(d), e) if e.is_none_or(|e| d <= e) => i += d,
            (_, Some(d)) => {
                for &c in &b[j..j + d] {
                    out.chars.push(c);
                    out.origin.push(NEW);
                }
                j += d;
            }
            _ => {
                out.chars.push(b[j]);
                out.origin.push(NEW);
                i += 1;
                j += 1;
            }
        }
    }
    for &c in &b[j..] {
        out.chars.push(c);
        out.origin.push(NEW);
    }
    out
}

/// Where a highlight's text truly went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    /// Its surviving characters now lie in this range (the largest part of them), or,
    /// when text was inserted inside the passage, within the second range, which takes
    /// in the insertion.
    At(usize, usize, Option<(usize, usize)>),
    /// Less than half of it is left in one piece: the passage is gone.
    Gone,
}

/// The truth of each old range in `edited`.
pub fn truths(edited: &Tracked, olds: &[CharRange]) -> Vec<Truth> {
    // New positions of each old character.
    let max = edited
        .origin
        .iter()
        .filter(|&&o| o != NEW)
        .max()
        .map_or(0, |&o| o as usize + 1);
    let mut new_of = vec![usize::MAX; max.max(olds.iter().map(|r| r.end.0).max().unwrap_or(0))];
    for (p, &o) in edited.origin.iter().enumerate() {
        if o != NEW {
            new_of[o as usize] = p;
        }
    }
    olds.iter()
        .map(|r| {
            let mut places: Vec<usize> = (r.start.0..r.end.0)
                .filter_map(|o| new_of.get(o).copied())
                .filter(|&p| p != usize::MAX)
                .collect();
            places.sort_unstable();
            // The largest run of places no more than a few words apart.
            let mut best: (usize, usize, usize) = (0, 0, 0);
            let mut i = 0;
            while i < places.len() {
                let mut j = i + 1;
                while j < places.len() && places[j] - places[j - 1] <= 40 {
                    j += 1;
                }
                if j - i > best.2 {
                    best = (places[i], places[j - 1] + 1, j - i);
                }
                i = j;
            }
            let whole = match (places.first(), places.last()) {
                (Some(&a), Some(&b)) if b + 1 - a <= 2 * r.len() + 100 => {
                    Some(glued(edited, a, b + 1))
                }
                _ => None,
            };
            if best.2 * 2 >= r.len().max(1) {
                Truth::At(best.0, best.1, whole)
            } else {
                Truth::Gone
            }
        })
        .collect()
}

/// `a..b` with the letters the edit glued onto the words at its edges ("groups" read
/// as "groupsg" by OCR): a highlight that takes the word whole is on the same word.
fn glued(edited: &Tracked, mut a: usize, mut b: usize) -> (usize, usize) {
    let word = |i: usize| edited.chars[i].is_alphanumeric();
    let new = |i: usize| edited.origin[i] == NEW;
    while a > 0 && a < edited.chars.len() && word(a) && word(a - 1) && new(a - 1) {
        a -= 1;
    }
    while b > 0 && b < edited.chars.len() && word(b - 1) && word(b) && new(b) {
        b += 1;
    }
    (a, b)
}

/// How one highlight fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Placed on at least nine tenths of its true text (and nine tenths of the placement
    /// is true text), or left unplaced when its text was truly gone.
    Right,
    /// Placed, silently, on other text (or anywhere when its text was gone).
    Wrong,
    /// Proposed for review, not placed.
    Uncertain,
    /// Not found though its text is there.
    Orphaned,
}

pub fn verdict(truth: Truth, outcome: Option<(Placement, CharRange)>) -> Verdict {
    match (truth, outcome) {
        (_, Some((Placement::Uncertain, _))) => Verdict::Uncertain,
        (Truth::Gone, None) => Verdict::Right,
        (Truth::Gone, Some(_)) => Verdict::Wrong,
        (Truth::At(..), None) => Verdict::Orphaned,
        (Truth::At(a, b, whole), Some((_, r))) => {
            let fits = |(a, b): (usize, usize)| {
                let overlap = b.min(r.end.0).saturating_sub(a.max(r.start.0));
                overlap * 10 >= (b - a) * 9 && overlap * 10 >= r.len() * 9
            };
            if fits((a, b)) || whole.is_some_and(fits) {
                Verdict::Right
            } else {
                Verdict::Wrong
            }
        }
    }
}

/// Counts of verdicts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub right: usize,
    pub wrong: usize,
    pub uncertain: usize,
    pub orphaned: usize,
}

impl Tally {
    pub fn add(&mut self, v: Verdict) {
        match v {
            Verdict::Right => self.right += 1,
            Verdict::Wrong => self.wrong += 1,
            Verdict::Uncertain => self.uncertain += 1,
            Verdict::Orphaned => self.orphaned += 1,
        }
    }
}

/// `count` highlights over `doc` at whole words: a fifth of one or two words (short quotes
/// recur elsewhere), half of three to fifteen words, the rest of up to fifty.
pub fn highlights(doc: &Document, count: usize, seed: u64) -> NoteSet {
    let mut rng = Rng::new(seed ^ 0xF00D);
    let chars: Vec<char> = doc.text().chars().collect();
    // Word starts and ends.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_alphanumeric() {
            let s = i;
            while i < chars.len() && !chars[i].is_whitespace() {
                i += 1;
            }
            words.push((s, i));
        } else {
            i += 1;
        }
    }
    let mut out: Vec<Highlight> = Vec::with_capacity(count);
    let mut taken = std::collections::BTreeSet::new();
    let mut attempts = 0;
    while out.len() < count && attempts < count * 20 && words.len() > 60 {
        attempts += 1;
        let n = match rng.below(10) {
            0 | 1 => 1 + rng.below(2),
            2..=6 => 3 + rng.below(13),
            _ => 16 + rng.below(35),
        };
        let first = rng.below(words.len() - n);
        let (start, end) = (words[first].0, words[first + n - 1].1);
        // A passage within one paragraph, highlighted once.
        if chars[start..end].windows(2).any(|w| w == ['\n', '\n']) || !taken.insert(start) {
            continue;
        }
        let range = CharRange::new(CharOffset(start), CharOffset(end));
        let i = out.len();
        out.push(Highlight {
            id: HighlightId(uuid::Uuid::from_u128(
                0x0190_0000_0000_7000_A000_0000_0000_0000 + i as u128,
            )),
            source: SourceId::FIRST,
            anchor: Anchor::new(doc, range),
            topics: Vec::new(),
            note: String::new(),
            created: Timestamp(1_700_000_000_000),
            modified: Timestamp(1_700_000_000_000),
        });
    }
    out.sort_by_key(|h| h.anchor.start);
    let source = SourceRecord::of(doc, SourceId::FIRST, None);
    NoteSet::from_parts(vec![source], Vec::new(), out, String::new(), Vec::new())
}

/// A volume of varied prose: a vocabulary of some thousands of made-up words drawn with
/// the skew of real language (a few very common, most rare), sentences of eight to thirty
/// words, quotations in typographic marks, numbered documents with headings, page
/// markers and a footnote list at the end; the bundled letter first.
pub fn varied_volume(chars: usize, letter: &str, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mer", "sta", "ven", "tri", "dor", "pal", "shu", "ne", "gra", "vil", "os",
        "tan", "bri", "cu", "dem", "fo", "har", "is", "jon", "kel", "mu", "nor", "pe", "ros",
        "sel", "tor", "ul", "wes", "ya", "zin", "ant", "bel", "cor", "dri", "el", "fen", "gor",
        "hal", "in", "ker", "lan", "mon", "ni", "ob", "pra", "qua", "ril", "sim", "tu", "ur", "vo",
        "wal", "xen", "yor",
    ];
    const COMMON: &[&str] = &[
        "the", "of", "and", "to", "in", "a", "that", "is", "for", "on", "with", "as", "by", "this",
        "it", "be", "not", "we", "which", "are",
    ];
    let vocabulary: Vec<String> = (0..6000)
        .map(|_| {
            (0..2 + rng.below(3))
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect()
        })
        .collect();
    // Zipf-like: rank r drawn with weight 1/r, by inverting a harmonic sum.
    let weights: Vec<f64> = (1..=vocabulary.len()).map(|r| 1.0 / r as f64).collect();
    let total: f64 = weights.iter().sum();
    let mut cumulative = Vec::with_capacity(weights.len());
    let mut sum = 0.0;
    for w in &weights {
        sum += w / total;
        cumulative.push(sum);
    }
    let word = |rng: &mut Rng| -> String {
        if rng.below(3) == 0 {
            COMMON[rng.below(COMMON.len())].to_string()
        } else {
            let x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            let i = cumulative
                .partition_point(|&c| c < x)
                .min(vocabulary.len() - 1);
            vocabulary[i].clone()
        }
    };
    let mut out = String::with_capacity(chars + 4096);
    // The letter first, its notes kept for the list at the end (the volume's calls go on
    // from the letter's, so that every call has its note).
    let (body, letter_notes) = match letter.split_once("\n  1. ") {
        Some((body, notes)) => (body, format!("  1. {}", notes.trim_end())),
        None => (letter, String::new()),
    };
    out.push_str(body.trim_end());
    out.push_str("\n\n");
    let mut page = 1000u32;
    let mut since_page = 0usize;
    let mut number = 2;
    let letter_calls = letter_notes
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            l.starts_with("  ") && t.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .count() as u32;
    let mut calls = letter_calls;
    while out.len() < chars {
        out.push_str(&format!(
            "{number}. Memorandum From {} {} to {} {}\n\n",
            capital(&word(&mut rng)),
            capital(&word(&mut rng)),
            capital(&word(&mut rng)),
            capital(&word(&mut rng))
        ));
        for _ in 0..(3 + rng.below(8)) {
            let mut paragraph = String::new();
            for s in 0..(2 + rng.below(6)) {
                if s > 0 {
                    paragraph.push(' ');
                }
                let words = 8 + rng.below(23);
                let quoted = if rng.below(5) == 0 {
                    rng.below(words)
                } else {
                    usize::MAX
                };
                for w in 0..words {
                    if w > 0 {
                        paragraph.push(' ');
                    }
                    let mut token = word(&mut rng);
                    if w == 0 {
                        token = capital(&token);
                    }
                    if w == quoted {
                        token = format!("“{token}”");
                    }
                    paragraph.push_str(&token);
                    if w + 1 < words && rng.below(9) == 0 {
                        paragraph.push(',');
                    }
                    since_page += token.len() + 1;
                    if since_page >= 2500 {
                        since_page = 0;
                        page += 1;
                        paragraph.push_str(&format!(" [Page {page}]"));
                    }
                }
                paragraph.push('.');
            }
            if rng.below(6) == 0 {
                calls += 1;
                paragraph.push_str(&calls.to_string());
            }
            out.push_str(&paragraph);
            out.push_str("\n\n");
        }
        number += 1;
    }
    if !letter_notes.is_empty() {
        out.push_str(&letter_notes);
        out.push('\n');
    }
    for n in letter_calls + 1..=calls {
        out.push_str(&format!(
            "  {n}. Source: Carter Library, box {}.\n",
            n % 90 + 1
        ));
    }
    out
}

fn capital(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A document of canonical text `text` whose canonical text is `text` itself (parsing it
/// again changes nothing), or `None` when the parser reads it otherwise.
pub fn stable_document(text: &str, name: &str) -> Option<Document> {
    let doc = Document::from_text(text, name);
    (doc.text() == text).then_some(doc)
}

/// Real FRUS prose: every document of the TEI excerpts under `tests/fixtures/tei/`
/// (volumes of 1894 to 1980), each with its heading, dateline and text, then its notes as
/// paragraphs, as plain text. Boilerplate stands in it as it does in a volume: headings
/// and source notes that repeat with small differences.
pub fn real_prose() -> String {
    let mut paths: Vec<_> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tei"))
            .expect("the TEI fixtures")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "xml"))
            .collect();
    paths.sort();
    let mut out = String::new();
    for path in paths {
        let Ok(volume) = marginalia::core::tei::Volume::open(&path) else {
            continue;
        };
        for doc in volume.documents() {
            out.push_str(doc.text().trim());
            out.push_str("\n\n");
            for note in doc.footnotes() {
                out.push_str(&format!("{}. {}\n\n", note.number, note.text.trim()));
            }
        }
    }
    out
}
