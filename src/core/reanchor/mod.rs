//! Finding a highlight again in a text that changed: a corrected edition, the same
//! document from another source, an OCR'd or retyped copy.
//!
//! Every highlight is looked for where its neighbours say the text has moved it: first
//! its exact quote with its whole context (the fast path, which places most highlights of
//! a lightly edited text), then every verbatim or approximate occurrence of its quote
//! ([`myers`]) near those places, and only when nothing there convinces, in the whole
//! text. Each occurrence is scored as a careful reader would weigh it: how alike the
//! quote is, how alike the text before and after it is to the saved prefix and suffix,
//! and how near it lies to where the neighbours point.
//!
//! Where the text moved is learnt from the highlights already placed: the fast pass
//! follows the running shift (and, when it has lost it, finds the quote with its whole
//! context once within a wide window); the careful pass looks between the placed
//! neighbours before and after a highlight, at the place as far along between them as
//! the highlight was. A short quote is also looked for by its surroundings: wherever the
//! end of its prefix and the start of its suffix stand a quote's length apart.
//!
//! A place is taken only when that evidence is strong ([`judge`]); a doubtful best place
//! (a short quote among other words, "NATO", "SALT"; a close quote whose surroundings
//! differ) is only proposed, as [`Placement::Uncertain`], for the reader to confirm. What
//! cannot be found at all is an orphan.

pub mod myers;

use crate::core::anchor::Anchor;
use crate::core::document::Document;
use crate::core::highlight::Highlight;
use crate::core::note_set::NoteSet;
use crate::core::offset::{ByteOffset, CharOffset, CharRange};
use crate::core::progress::Progress;
use std::collections::BTreeMap;

/// How a highlight was placed in the new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Same offsets, same quote.
    Exact,
    /// The same quote, elsewhere.
    Moved,
    /// A close but not identical quote.
    Fuzzy,
    /// The quote (or one close to it) is there, but its surroundings disagree with the
    /// highlight's context: a proposal for the reader to confirm, never a placement.
    Uncertain,
}

/// How many highlights were placed each way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReanchorReport {
    pub exact: usize,
    pub moved: usize,
    pub fuzzy: usize,
    /// Found only doubtfully: kept unplaced, with a proposed place to confirm.
    pub uncertain: usize,
    pub orphaned: usize,
}

impl ReanchorReport {
    /// Counts one outcome.
    pub fn count(&mut self, placement: Option<Placement>) {
        match placement {
            Some(Placement::Exact) => self.exact += 1,
            Some(Placement::Moved) => self.moved += 1,
            Some(Placement::Fuzzy) => self.fuzzy += 1,
            Some(Placement::Uncertain) => self.uncertain += 1,
            None => self.orphaned += 1,
        }
    }

    /// Every highlight counted, whichever way it went.
    pub fn total(&self) -> usize {
        self.exact + self.moved + self.fuzzy + self.uncertain + self.orphaned
    }

    /// Highlights that are not placed: orphaned, or placed only doubtfully.
    pub fn unplaced(&self) -> usize {
        self.uncertain + self.orphaned
    }

    /// "12 exact, 2 moved, 1 fuzzy, 1 uncertain, 0 orphaned".
    pub fn summary(&self) -> String {
        format!(
            "{} exact, {} moved, {} fuzzy, {} uncertain, {} orphaned",
            self.exact, self.moved, self.fuzzy, self.uncertain, self.orphaned
        )
    }
}

/// How re-anchoring decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// A doubtful best place is proposed as [`Placement::Uncertain`] (the default). Off,
    /// the best place found is taken whatever the evidence: only for measuring what
    /// caution costs.
    pub cautious: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { cautious: true }
    }
}

/// Places `anchor` in `doc` where it was, or `None` when it cannot be found (an orphan).
pub fn reanchor(doc: &Document, anchor: &Anchor) -> Option<(Placement, Anchor)> {
    let text = Text::new(doc);
    let expected = Expected {
        places: vec![anchor.start.0],
        between: None,
    };
    let found = text
        .fast(anchor, anchor.start.0)
        .or_else(|| text.place(anchor, &expected, Options::default()))?;
    Some((found.0, Anchor::new(doc, found.1)))
}

/// Re-anchors every highlight (and every orphan, which may fit this text) of `set` in
/// `doc`; `None` once `progress` is cancelled. Each highlight is counted twice as the
/// stage "Placing highlights": once by the fast pass, once by the careful one.
///
/// Uncertain highlights stay among the orphans with their old anchor (so a save keeps
/// what was known), their proposed place in [`NoteSet::proposal`].
pub fn place_set(
    doc: &Document,
    set: &NoteSet,
    progress: &Progress,
    options: Options,
) -> Option<(NoteSet, ReanchorReport)> {
    /// Highlights between two looks at the progress.
    const STEP: usize = 256;
    let all: Vec<&Highlight> = set.highlights().iter().chain(set.orphans()).collect();
    progress.begin("Placing highlights", 2 * all.len() as u64);
    let ticks = |i: usize| -> bool {
        if i % STEP == STEP - 1 {
            progress.advance(STEP as u64);
            progress.is_cancelled()
        } else {
            false
        }
    };
    let text = Text::new(doc);
    // The fast pass, in text order: each quote looked for exactly where the highlight
    // before it was found to have moved.
    let mut found: Vec<Option<(Placement, CharRange)>> = Vec::with_capacity(all.len());
    let mut shift: i64 = 0;
    for (i, h) in all.iter().enumerate() {
        if ticks(i) {
            return None;
        }
        let old = h.anchor.start.0 as i64;
        let placed = text.fast(&h.anchor, (old + shift).max(0) as usize);
        if let Some((_, range)) = &placed {
            shift = range.start.0 as i64 - old;
        }
        found.push(placed);
    }
    // Old start → shift of every placed highlight: where the text moved, place by place.
    let mut shifts: BTreeMap<usize, i64> = all
        .iter()
        .zip(&found)
        .filter_map(|(h, placed)| {
            placed.as_ref().map(|(_, range)| {
                (
                    h.anchor.start.0,
                    range.start.0 as i64 - h.anchor.start.0 as i64,
                )
            })
        })
        .collect();
    // The careful pass, in old text order, for the rest: each looked for where its placed
    // neighbours before and after say it went.
    let mut rest: Vec<usize> = (0..all.len()).filter(|&i| found[i].is_none()).collect();
    // The fast pass done, and the highlights it placed need no second look.
    progress.advance((all.len() % STEP + all.len() - rest.len()) as u64);
    rest.sort_by_key(|&i| all[i].anchor.start.0);
    for (n, &i) in rest.iter().enumerate() {
        if ticks(n) {
            return None;
        }
        let anchor = &all[i].anchor;
        let old = anchor.start.0;
        let before = shifts.range(..=old).next_back();
        let after = shifts.range(old..).next();
        let mut expected = Expected {
            places: vec![old],
            between: None,
        };
        let new_of = |(&o, &shift): (&usize, &i64)| (o, (o as i64 + shift).max(0) as usize);
        for (_, at) in [before, after].into_iter().flatten().map(new_of) {
            expected.add(at);
        }
        // Between two placed neighbours that kept their order, the passage lies between
        // them, about as far along as it was.
        if let (Some((a, new_a)), Some((b, new_b))) = (before.map(new_of), after.map(new_of))
            && a < b
            && new_a <= new_b
            && new_b - new_a <= MAX_BETWEEN
        {
            let along = (old - a) as f64 / (b - a) as f64;
            expected.add(new_a + ((new_b - new_a) as f64 * along).round() as usize);
            expected.between = Some((new_a, new_b));
        }
        found[i] = text.place(anchor, &expected, options);
        if let Some((placement, range)) = found[i]
            && placement != Placement::Uncertain
        {
            shifts.insert(old, range.start.0 as i64 - old as i64);
        }
    }
    progress.advance((rest.len() % STEP) as u64);
    let mut report = ReanchorReport::default();
    let mut placed = Vec::new();
    let mut orphans = Vec::new();
    let mut proposals = BTreeMap::new();
    for (i, h) in all.iter().enumerate() {
        let outcome = found[i];
        report.count(outcome.map(|o| o.0));
        match outcome {
            Some((Placement::Uncertain, range)) => {
                proposals.insert(h.id, Anchor::new(doc, range));
                orphans.push((*h).clone());
            }
            Some((_, range)) => placed.push(Highlight {
                anchor: Anchor::new(doc, range),
                ..(*h).clone()
            }),
            None => orphans.push((*h).clone()),
        }
    }
    let set = NoteSet::from_parts(
        set.topics().to_vec(),
        placed,
        set.document_note().to_string(),
        orphans,
    )
    .with_citation_template(set.citation_template().map(str::to_string))
    .with_proposals(proposals);
    Some((set, report))
}

/// Placed neighbours further apart than this (characters) say too little of where a
/// passage between them lies to search all the text between them.
const MAX_BETWEEN: usize = 50_000;

/// Quotes shorter than this are looked for approximately only near where they are
/// expected, never in the whole text: a few letters match anywhere.
const MIN_WIDE_CHARS: usize = 8;
/// How far around an expected place the fast pass looks for the exact quote with its
/// whole context.
const FAST_REACH: usize = 2_000;
/// How far around each expected place the careful pass looks first, at the least, in
/// characters (ten quote lengths when that is more).
const NEAR_REACH: usize = 4_000;
/// How far around its expected place the fast pass looks, when the quote is not near,
/// for the quote with its whole saved context standing once.
const FAST_WIDE_REACH: usize = 64_000;
/// The fewest characters of saved context (both sides together) for that wider look.
const MIN_FAST_CONTEXT: usize = 24;
/// Short quotes: how far around an expected place they are looked for approximately.
const SHORT_REACH: usize = 300;
/// The longest piece of a long quote searched for in the whole text; the whole quote is
/// then verified around each place a piece was found.
const PIECE_CHARS: usize = 64;
/// At most this many places of a piece are verified.
const MAX_PIECE_HITS: usize = 64;
/// At most this many verbatim occurrences of a quote are weighed.
const MAX_VERBATIM: usize = 2_000;

/// How alike a side of the context must be to the text beside a place (0–1, by edit
/// distance) for that side to agree.
const SIDE_AGREES: f64 = 0.75;
/// How alike one side alone must be when the other disagrees.
const ONE_SIDE_AGREES: f64 = 0.9;
/// The shortest quote that one agreeing side of context is enough for.
const ONE_SIDE_QUOTE_CHARS: usize = 12;
/// A quote at least this long, close to verbatim and found at no other place, is the
/// passage whatever its surroundings (a paragraph moved whole).
const LONG_QUOTE_CHARS: usize = 40;
/// A quote less alike than [`QUOTE_AGREES`] but at least this alike is placed only
/// between a prefix and a suffix that both agree this well.
const QUOTE_AGREES_BETWEEN: f64 = 0.5;
const BOTH_SIDES_AGREE: f64 = 0.85;
/// A verbatim quote this near (in characters) to where its neighbours put it, with one
/// side of its context at least [`EXACT_SIDE`] alike, is the passage.
const NEAR_EXPECTED: usize = 16;
/// Quotes shorter than this ("is", "the") are placed only with their whole context
/// agreeing: such words stand next to each other.
const MIN_SHORT_CHARS: usize = 4;
const EXACT_SIDE: f64 = 0.97;
/// How alike the side of its context a truncated passage kept must be.
const KEPT_SIDE_AGREES: f64 = 0.95;
/// Quotes longer than this are not aligned with their context (the table grows with the
/// square of the length); their approximate match is taken as found.
const MAX_ALIGNED_CHARS: usize = 600;
/// Quotes longer than this are placed only where they stand verbatim.
const MAX_APPROXIMATE_CHARS: usize = 2_000;
/// At most this much of a saved prefix or suffix is weighed (a file may hold more; the
/// program saves [`crate::core::anchor::CONTEXT_CHARS`]).
const MAX_CONTEXT_CHARS: usize = 64;
/// An edge of a match is cut off when, walking in from it, changes outnumber agreements
/// by this many: the passage's text there is gone and other words stand in its place.
const RAGGED_EDGE: i64 = 4;

/// The least quote similarity (one minus edits over length) of a placement with
/// ordinary context.
const QUOTE_AGREES: f64 = 0.75;

/// Where a highlight is expected in the new text.
struct Expected {
    /// Its old start, and where the shifts of its placed neighbours put it.
    places: Vec<usize>,
    /// The new starts of the placed neighbours before and after it, when they are in
    /// their old order and not far apart.
    between: Option<(usize, usize)>,
}

impl Expected {
    fn add(&mut self, at: usize) {
        if !self.places.contains(&at) {
            self.places.push(at);
        }
    }

    /// Characters from `start` to the nearest expected place.
    fn distance(&self, start: usize) -> usize {
        self.places
            .iter()
            .map(|&e| e.abs_diff(start))
            .min()
            .unwrap_or(usize::MAX)
    }

    /// True when `start` lies between the placed neighbours.
    fn is_between(&self, start: usize) -> bool {
        self.between.is_some_and(|(a, b)| a <= start && start <= b)
    }
}

/// The document's text as characters, for searching by character offset.
struct Text<'a> {
    doc: &'a Document,
    chars: Vec<char>,
}

/// What is known of a highlight while it is looked for.
struct Wanted<'a> {
    anchor: &'a Anchor,
    quote: Vec<char>,
    prefix: Vec<char>,
    suffix: Vec<char>,
}

/// A place a quote may now occupy, with the evidence for it.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    /// Edits between the quote and the text here.
    errors: usize,
    /// Likeness (0–1) of the text before and after to the saved prefix and suffix.
    prefix: f64,
    suffix: f64,
    /// Characters from the nearest expected place.
    distance: usize,
    /// Between the placed neighbours (see [`Expected::between`]).
    between: bool,
    /// The edits one by one, where they are known.
    shape: Shape,
}

impl Candidate {
    fn overlaps(&self, other: &Candidate) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl<'a> Text<'a> {
    fn new(doc: &'a Document) -> Self {
        Text {
            doc,
            chars: doc.text().chars().collect(),
        }
    }

    fn len(&self) -> usize {
        self.chars.len()
    }

    /// The fast pass: the quote at its old place with agreeing context, or verbatim near
    /// `expected` with its whole context unchanged.
    fn fast(&self, anchor: &Anchor, expected: usize) -> Option<(Placement, CharRange)> {
        if anchor.quote.is_empty() || anchor.end.0 <= anchor.start.0 {
            return None;
        }
        let old = anchor.range();
        if anchor.end.0 <= self.len()
            && self.doc.slice(old) == anchor.quote
            && context_agrees(self.doc, anchor, &old)
        {
            return Some((Placement::Exact, old));
        }
        let quote_len = anchor.quote.chars().count();
        let moved = |start: usize| {
            (
                Placement::Moved,
                CharRange::new(CharOffset(start), CharOffset(start + quote_len)),
            )
        };
        let near = self
            .verbatim(
                anchor,
                expected.saturating_sub(FAST_REACH),
                expected.saturating_add(quote_len + FAST_REACH),
            )
            .into_iter()
            .filter(|&start| whole_context_matches(self.doc, anchor, start, start + quote_len))
            .min_by_key(|&start| start.abs_diff(expected));
        if let Some(start) = near {
            return Some(moved(start));
        }
        // Further off (the text moved more than the neighbour said, or no neighbour was
        // found for a while): the quote with its whole context, if it stands there once.
        let (prefix_len, suffix_len) =
            (anchor.prefix.chars().count(), anchor.suffix.chars().count());
        let from = expected.saturating_sub(FAST_WIDE_REACH + prefix_len);
        let to = expected
            .saturating_add(quote_len + suffix_len + FAST_WIDE_REACH)
            .min(self.len());
        if from >= to || prefix_len + suffix_len < MIN_FAST_CONTEXT {
            return None;
        }
        let needle = format!("{}{}{}", anchor.prefix, anchor.quote, anchor.suffix);
        let (b0, b1) = (
            self.doc.byte_of(CharOffset(from)).0,
            self.doc.byte_of(CharOffset(to)).0,
        );
        let mut hits = self.doc.text()[b0..b1].match_indices(needle.as_str());
        match (hits.next(), hits.next()) {
            (Some((byte, _)), None) => Some(moved(
                self.doc.char_of(ByteOffset(b0 + byte)).0 + prefix_len,
            )),
            _ => None,
        }
    }

    /// Starts of the verbatim occurrences of the quote within `from..to` (characters).
    fn verbatim(&self, anchor: &Anchor, from: usize, to: usize) -> Vec<usize> {
        let to = to.min(self.len());
        if from >= to || anchor.quote.is_empty() {
            return Vec::new();
        }
        let b0 = self.doc.byte_of(CharOffset(from)).0;
        let b1 = self.doc.byte_of(CharOffset(to)).0;
        self.doc.text()[b0..b1]
            .match_indices(anchor.quote.as_str())
            .take(MAX_VERBATIM)
            .map(|(byte, _)| self.doc.char_of(ByteOffset(b0 + byte)).0)
            .collect()
    }

    /// The careful pass: every occurrence near the `expected` places, then (when none is
    /// convincing) in the whole text, weighed by [`judge`].
    fn place(
        &self,
        anchor: &Anchor,
        expected: &Expected,
        options: Options,
    ) -> Option<(Placement, CharRange)> {
        let wanted = Wanted {
            anchor,
            quote: anchor.quote.chars().collect(),
            prefix: last_chars(&anchor.prefix, MAX_CONTEXT_CHARS),
            suffix: anchor.suffix.chars().take(MAX_CONTEXT_CHARS).collect(),
        };
        let m = wanted.quote.len();
        if m == 0 {
            return None;
        }
        if m > MAX_APPROXIMATE_CHARS {
            // Very long passages only verbatim: an approximate search grows with the
            // square of the length.
            let candidates: Vec<Candidate> = self
                .verbatim(anchor, 0, self.len())
                .into_iter()
                .map(|start| self.candidate(&wanted, start, start + m, 0, expected))
                .collect();
            return self.choose(&wanted, &candidates, options);
        }
        let mut candidates: Vec<Candidate> = Vec::new();
        // Near: windows around each expected place.
        let reach = if m < MIN_WIDE_CHARS {
            SHORT_REACH
        } else {
            NEAR_REACH.max(10 * m)
        };
        let mut windows: Vec<(usize, usize)> = expected
            .places
            .iter()
            .map(|&e| {
                // An expected place may lie past the end of a text that got shorter.
                let to = e.saturating_add(m + reach).min(self.len());
                (e.saturating_sub(reach).min(to), to)
            })
            .collect();
        if let Some((a, b)) = expected.between {
            windows.push((a, b.saturating_add(m).min(self.len())));
        }
        windows.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (a, b) in windows {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        for &(from, to) in &merged {
            for start in self.verbatim(anchor, from, to) {
                candidates.push(self.candidate(&wanted, start, start + m, 0, expected));
            }
            self.approximate_in(&wanted, from, to, expected, &mut candidates);
            if m < MIN_WIDE_CHARS {
                self.between_context(&wanted, from, to, expected, &mut candidates);
            }
        }
        if let Some(best) = self.choose(&wanted, &candidates, options)
            && best.0 != Placement::Uncertain
        {
            return Some(best);
        }
        // A damaged passage near where it was, one side of its context as it was, is the
        // passage (only in doubt): it has not also moved elsewhere. Searching the whole
        // text would only find other passages like it.
        if candidates.iter().any(|c| {
            c.prefix.max(c.suffix) >= ONE_SIDE_AGREES
                && 1.0 - c.errors as f64 / m as f64 >= QUOTE_AGREES_BETWEEN
        }) {
            return self.choose(&wanted, &candidates, options);
        }
        // Wide: the whole text. Where the prefix now runs straight into the suffix near
        // the old place, the passage was cut out there: elsewhere only a verbatim copy
        // (the passage moved whole) is looked for.
        let cut_here = merged
            .iter()
            .any(|&(from, to)| self.joined_context(&wanted, from, to));
        for start in self.verbatim(anchor, 0, self.len()) {
            if !merged.iter().any(|&(a, b)| start >= a && start + m <= b) {
                candidates.push(self.candidate(&wanted, start, start + m, 0, expected));
            }
        }
        if m >= MIN_WIDE_CHARS && !cut_here {
            self.approximate_wide(&wanted, expected, &merged, &mut candidates);
        }
        self.choose(&wanted, &candidates, options)
    }

    /// True when the end of the saved prefix followed at once by the start of the saved
    /// suffix (a dozen characters each) stands verbatim within `from..to`.
    fn joined_context(&self, wanted: &Wanted, from: usize, to: usize) -> bool {
        const SIDE: usize = 12;
        if wanted.prefix.len() < SIDE || wanted.suffix.len() < SIDE || from >= to {
            return false;
        }
        let joined: String = wanted.prefix[wanted.prefix.len() - SIDE..]
            .iter()
            .chain(&wanted.suffix[..SIDE])
            .collect();
        let b0 = self.doc.byte_of(CharOffset(from)).0;
        let b1 = self.doc.byte_of(CharOffset(to.min(self.len()))).0;
        self.doc.text()[b0..b1].contains(&joined)
    }

    /// The most edits a place of a quote of `m` characters may have near where it is
    /// expected: half its characters (judged strictly beyond a quarter).
    fn max_errors_near(m: usize) -> usize {
        if m < MIN_WIDE_CHARS { 1 } else { m / 2 }
    }

    /// The most edits a place of a quote of `m` characters may have elsewhere.
    fn max_errors(m: usize) -> usize {
        if m < MIN_WIDE_CHARS {
            1
        } else {
            (m * 3 / 10).max(2)
        }
    }

    /// A short quote by its surroundings: within `from..to`, wherever the end of the saved
    /// prefix is followed, a quote's length or so later, by the start of the saved
    /// suffix, the text between them is a candidate however much it changed ("we" that
    /// became "be" is no closer to "be" than to any other two letters).
    fn between_context(
        &self,
        wanted: &Wanted,
        from: usize,
        to: usize,
        expected: &Expected,
        out: &mut Vec<Candidate>,
    ) {
        /// Characters of each side looked for, and the edits allowed in them.
        const SIDE: usize = 16;
        const SIDE_ERRORS: usize = 2;
        /// Sides found at most, so that a side of common words cannot stall the search.
        const MAX_SIDES: usize = 64;
        let m = wanted.quote.len();
        if wanted.prefix.len() < SIDE || wanted.suffix.len() < SIDE || from >= to {
            return;
        }
        let head = &wanted.prefix[wanted.prefix.len() - SIDE..];
        let tail = &wanted.suffix[..SIDE];
        for before in myers::find(&self.chars[from..to], head, SIDE_ERRORS)
            .into_iter()
            .take(MAX_SIDES)
        {
            let start = from + before.end;
            let reach = (start + 2 * m + SIDE_ERRORS + SIDE).min(self.len());
            let after = myers::find(&self.chars[start..reach], tail, SIDE_ERRORS)
                .into_iter()
                .min_by_key(|g| (g.errors, g.start));
            if let Some(after) = after
                && after.start > 0
            {
                let end = start + after.start;
                let errors = myers::levenshtein(&wanted.quote, &self.chars[start..end]);
                if !out.iter().any(|o| o.start == start && o.end == end) {
                    out.push(self.candidate(wanted, start, end, errors, expected));
                }
            }
        }
    }

    /// Approximate occurrences of the whole quote within `from..to`.
    fn approximate_in(
        &self,
        wanted: &Wanted,
        from: usize,
        to: usize,
        expected: &Expected,
        out: &mut Vec<Candidate>,
    ) {
        let m = wanted.quote.len();
        if m < 3 || from >= to {
            return;
        }
        let k = Self::max_errors_near(m);
        let window = &self.chars[from..to];
        for found in myers::find(window, &wanted.quote, k) {
            if let Some(c) = self.refine(
                wanted,
                from + found.start,
                from + found.end,
                found.errors,
                expected,
            ) && !out.iter().any(|o| o.start == c.start && o.end == c.end)
            {
                out.push(c);
            }
        }
    }

    /// The place of the quote around an approximate match at `start..end`, its edges set
    /// by aligning the saved prefix, quote and suffix together (so a word added inside
    /// the passage is taken in, and a word lost at its edge is not replaced by its
    /// neighbour), then cut where an edge is mostly changed text (a sentence before or
    /// after the passage that was deleted, whose place other words took).
    fn refine(
        &self,
        wanted: &Wanted,
        start: usize,
        end: usize,
        errors: usize,
        expected: &Expected,
    ) -> Option<Candidate> {
        let m = wanted.quote.len();
        if errors == 0 || m > MAX_ALIGNED_CHARS {
            return Some(self.candidate(wanted, start, end, errors, expected));
        }
        let slack = errors + 8;
        let from = start.saturating_sub(wanted.prefix.len() + slack);
        let to = (end + wanted.suffix.len() + slack).min(self.len());
        let aligned = myers::align(
            &self.chars[from..to],
            &wanted.prefix,
            &wanted.quote,
            &wanted.suffix,
        );
        // An edge whose side of the context stands as it was is where the passage
        // begins (or ends), however much was cut out next to it.
        let (a, b) = (from + aligned.start, from + aligned.end);
        let side_holds = |wanted_side: &[char], found: &[char]| {
            !wanted_side.is_empty() && similarity(wanted_side, found) >= ONE_SIDE_AGREES
        };
        let front_holds = side_holds(
            &wanted.prefix,
            &self.chars[a.saturating_sub(wanted.prefix.len())..a],
        );
        let back_holds = side_holds(
            &wanted.suffix,
            &self.chars[b..(b + wanted.suffix.len()).min(self.len())],
        );
        let edges = ragged_edges(&aligned.steps, !front_holds, !back_holds);
        let start = from + aligned.start + edges.front_text;
        let end = (from + aligned.end).saturating_sub(edges.back_text);
        // Whole words, as the passage was highlighted: a piece of a word at an edge is
        // taken whole when most of it is in, and left out otherwise.
        let starts_word = wanted.prefix.last().is_none_or(|&c| !c.is_alphanumeric())
            || wanted.quote.first().is_none_or(|&c| !c.is_alphanumeric());
        let ends_word = wanted.suffix.first().is_none_or(|&c| !c.is_alphanumeric())
            || wanted.quote.last().is_none_or(|&c| !c.is_alphanumeric());
        let start = if starts_word && start < end {
            self.word_edge(start, 0, end, true)
        } else {
            start
        };
        let end = if ends_word && start < end {
            self.word_edge(end, start, self.len(), false)
        } else {
            end
        };
        let (mut start, mut end) = self.trimmed(start, end);
        if end <= start {
            return None;
        }
        let mut shape = edges.shape;
        // A sentence at an edge of the quote that is gone, the first words of the next
        // sentence in its place ("…tuurkerwal. Which vilosnor kelvil" read as "…tuurkerwal.
        // Osin vilosnor"): the passage ends (or begins) at the sentence's end.
        let (a, b) = self.sentence_edges(
            wanted,
            &aligned.steps,
            from + aligned.start,
            (start, end),
            !front_holds,
            !back_holds,
        );
        if (a, b) != (start, end) {
            (start, end) = self.trimmed(a, b);
            if end <= start {
                return None;
            }
            let piece = myers::align(&self.chars[start..end], &[], &wanted.quote, &[]);
            shape = ragged_edges(&piece.steps, true, true).shape;
        }
        // A passage within one paragraph stays within one: the part of the match on the
        // other side of a paragraph break is other text.
        let breaks = |t: &[char]| t.windows(2).any(|w| w == ['\n', '\n']);
        if !breaks(&wanted.quote) && breaks(&self.chars[start..end]) {
            let mut pieces: Vec<(usize, usize)> = Vec::new();
            let mut at = start;
            for i in start..end - 1 {
                if self.chars[i] == '\n' && self.chars[i + 1] == '\n' {
                    pieces.push((at, i));
                    at = i + 2;
                }
            }
            pieces.push((at.min(end), end));
            let (a, b) = pieces
                .into_iter()
                .max_by_key(|(a, b)| b.saturating_sub(*a))
                .unwrap_or((start, end));
            (start, end) = self.trimmed(a, b);
            if end <= start {
                return None;
            }
            let piece = myers::align(&self.chars[start..end], &[], &wanted.quote, &[]);
            shape = ragged_edges(&piece.steps, true, true).shape;
        }
        let errors = myers::levenshtein(&wanted.quote, &self.chars[start..end]);
        Some(Candidate {
            shape,
            ..self.candidate(wanted, start, end, errors, expected)
        })
    }

    /// `start..end` without a first or last sentence that is not the quote's: the quote's
    /// first (or last) sentence end is found in the text through the alignment `steps`
    /// (which begin at text position `origin`), and the text beyond it dropped when it is
    /// unlike the quote beyond it. Only edges whose side of the context did not hold are
    /// cut.
    fn sentence_edges(
        &self,
        wanted: &Wanted,
        steps: &[myers::Step],
        origin: usize,
        (start, end): (usize, usize),
        front: bool,
        back: bool,
    ) -> (usize, usize) {
        use myers::Step;
        // Just after a sentence's closing mark (followed by white space) in the quote.
        let quote = &wanted.quote[..];
        let ends: Vec<usize> = (1..quote.len())
            .filter(|&i| matches!(quote[i - 1], '.' | '!' | '?' | ';') && quote[i].is_whitespace())
            .collect();
        // The text position aligned with quote position `q`.
        let text_at = |q: usize| -> usize {
            let (mut qi, mut ti) = (0, origin);
            for step in steps {
                if qi >= q {
                    break;
                }
                match step {
                    Step::Same | Step::Changed => {
                        qi += 1;
                        ti += 1;
                    }
                    Step::Lost => qi += 1,
                    Step::Added => ti += 1,
                }
            }
            ti.clamp(start, end)
        };
        let trim = |t: &[char]| -> Vec<char> {
            t.iter()
                .copied()
                .skip_while(|c| c.is_whitespace())
                .collect()
        };
        // The text's part against as much of the quote's: a part the text kept only the
        // beginning (or the end) of is not unlike it.
        let unlike = |quote: &[char], text: &[char], from_front: bool| {
            let (quote, text) = (trim(quote), trim(text));
            if text.is_empty() {
                return false;
            }
            let n = text.len().min(quote.len());
            let quote = if from_front {
                &quote[..n]
            } else {
                &quote[quote.len() - n..]
            };
            similarity(quote, &text) < SIDE_AGREES
        };
        let (mut a, mut b) = (start, end);
        if back && let Some(&q) = ends.last() {
            let t = text_at(q);
            if unlike(&quote[q..], &self.chars[t..end], true) {
                b = t;
            }
        }
        if front && let Some(&q) = ends.first() {
            let t = text_at(q);
            if t < b && unlike(&quote[..q], &self.chars[start..t], false) {
                a = t;
            }
        }
        (a, b)
    }

    /// Approximate occurrences in the whole text outside the windows already searched:
    /// a quote of up to [`PIECE_CHARS`] directly; a longer one by its head and its tail,
    /// the whole quote verified around each place a piece was found.
    fn approximate_wide(
        &self,
        wanted: &Wanted,
        expected: &Expected,
        searched: &[(usize, usize)],
        out: &mut Vec<Candidate>,
    ) {
        let m = wanted.quote.len();
        let outside = |c: &Candidate| !searched.iter().any(|&(a, b)| c.start >= a && c.end <= b);
        if m <= PIECE_CHARS {
            let k = Self::max_errors(m);
            for found in myers::find(&self.chars, &wanted.quote, k) {
                if let Some(c) = self.refine(wanted, found.start, found.end, found.errors, expected)
                    && outside(&c)
                    && !out.iter().any(|o| o.start == c.start && o.end == c.end)
                {
                    out.push(c);
                }
            }
            return;
        }
        let pieces = [
            (&wanted.quote[..PIECE_CHARS], 0usize),
            (&wanted.quote[m - PIECE_CHARS..], m - PIECE_CHARS),
        ];
        let mut starts: Vec<usize> = Vec::new();
        for (piece, offset) in pieces {
            let mut hits = myers::find(&self.chars, piece, PIECE_CHARS / 4);
            hits.sort_by_key(|h| h.errors);
            hits.truncate(MAX_PIECE_HITS);
            starts.extend(hits.iter().map(|h| h.start.saturating_sub(offset)));
        }
        starts.sort_unstable();
        starts.dedup_by(|a, b| a.abs_diff(*b) < m / 4);
        let k = Self::max_errors(m);
        for start in starts {
            let from = start.saturating_sub(k + m / 4);
            let to = (start + m + k + m / 4).min(self.len());
            if let Some(best) = myers::find(&self.chars[from..to], &wanted.quote, k)
                .into_iter()
                .min_by_key(|f| f.errors)
                && let Some(c) = self.refine(
                    wanted,
                    from + best.start,
                    from + best.end,
                    best.errors,
                    expected,
                )
                && outside(&c)
                && !out.iter().any(|o| o.start == c.start && o.end == c.end)
            {
                out.push(c);
            }
        }
    }

    /// `start..end` without the white space at either end.
    fn trimmed(&self, mut start: usize, mut end: usize) -> (usize, usize) {
        while start < end && self.chars[start].is_whitespace() {
            start += 1;
        }
        while end > start && self.chars[end - 1].is_whitespace() {
            end -= 1;
        }
        (start, end)
    }

    /// An edge at `at` that splits a word (looked at within `lo..hi`) moves to take the
    /// whole word in when at least half of it lies inside the passage — after `at` for a
    /// start edge, before it for an end edge — and to leave it out otherwise.
    fn word_edge(&self, at: usize, lo: usize, hi: usize, start_edge: bool) -> usize {
        let word = |i: usize| self.chars[i].is_alphanumeric();
        if at == 0 || at >= self.len() || !word(at - 1) || !word(at) {
            return at;
        }
        let (mut first, mut last) = (at, at);
        while first > lo && word(first - 1) {
            first -= 1;
        }
        while last < hi && word(last) {
            last += 1;
        }
        let (inside, outside) = if start_edge {
            (last - at, at - first)
        } else {
            (at - first, last - at)
        };
        match (start_edge, inside >= outside) {
            (true, true) | (false, false) => first,
            (true, false) | (false, true) => last,
        }
    }

    /// The evidence for the quote at `start..end`.
    fn candidate(
        &self,
        wanted: &Wanted,
        start: usize,
        end: usize,
        errors: usize,
        expected: &Expected,
    ) -> Candidate {
        let before = &self.chars[start.saturating_sub(wanted.prefix.len())..start];
        let after = &self.chars[end..(end + wanted.suffix.len()).min(self.len())];
        Candidate {
            start,
            end,
            errors,
            shape: Shape::unknown(errors),
            prefix: similarity(&wanted.prefix, before),
            suffix: similarity(&wanted.suffix, after),
            distance: expected.distance(start),
            between: expected.is_between(start),
        }
    }

    /// The best of `candidates` and how it is placed: confidently (exact, moved, fuzzy)
    /// or only proposed (uncertain).
    fn choose(
        &self,
        wanted: &Wanted,
        candidates: &[Candidate],
        options: Options,
    ) -> Option<(Placement, CharRange)> {
        let m = wanted.quote.len();
        let n = self.len().max(1) as f64;
        // Characters that agree, in the quote and on both sides of it: for a short quote
        // its surroundings weigh most, for a long one the quote itself.
        let (prefix_len, suffix_len) = (wanted.prefix.len() as f64, wanted.suffix.len() as f64);
        let score = |c: &Candidate| -> f64 {
            let near = 1.0 - (c.distance as f64 / n).min(1.0);
            m as f64 - c.errors as f64 + prefix_len * c.prefix + suffix_len * c.suffix + 2.0 * near
        };
        let best = candidates.iter().max_by(|a, b| {
            score(a)
                .total_cmp(&score(b))
                .then(b.distance.cmp(&a.distance))
        })?;
        let rivals = candidates.iter().filter(|c| !c.overlaps(best));
        let sure = judge(m, best, rivals);
        // Worth proposing only when the quote is close or one side of its context agrees;
        // anything less is another passage that merely shares some letters.
        // A quote of common words far from where it was expected, in other surroundings,
        // is only another use of those words.
        let plausible = best.prefix.max(best.suffix) >= SIDE_AGREES
            || (1.0 - best.errors as f64 / m as f64 >= QUOTE_AGREES
                && (best.distance <= NEAR_REACH || best.between || m >= LONG_QUOTE_CHARS));
        if !sure && !plausible && options.cautious {
            return None;
        }
        let range = CharRange::new(CharOffset(best.start), CharOffset(best.end));
        let placement = if !sure && options.cautious {
            Placement::Uncertain
        } else if best.errors > 0 || self.chars[best.start..best.end] != wanted.quote[..] {
            // Edited, or the same only once quotes and dashes are folded.
            Placement::Fuzzy
        } else if range == wanted.anchor.range() {
            Placement::Exact
        } else {
            Placement::Moved
        };
        Some((placement, range))
    }
}

/// True when the evidence for `best` (a place of a quote of `m` characters) is strong
/// enough to place the highlight there without asking, given its `rivals` (the other,
/// non-overlapping places found).
///
/// - The quote must be close: at most a quarter of its characters edited.
/// - The context must agree: the text on both sides alike to the saved prefix and suffix
///   (three quarters or more), or one side nearly the same (nine tenths) for a quote of a
///   dozen characters or more. A short quote with any edit needs both sides nearly the
///   same: a few letters are close to many words.
/// - Or the quote is long (forty characters or more) and nearly verbatim (a tenth edited
///   at most), and no other place comes near it: a passage moved whole, with new
///   surroundings.
///
/// Edits that change much of a quote without making the place doubtful are named
/// first: words added inside it, sentences cut out of it or from one end of it (more
/// than half of it left, verbatim, beside the side of the context that held), and a
/// short quote verbatim, or with a letter changed, exactly between its context where its
/// neighbours put it.
///
/// Calibrated on the accuracy benchmark (`cargo bench --bench reanchor`), whose truth
/// counts a passage gone when less than half of it is left in one piece: each rule was
/// kept only if it placed no highlight wrongly on any edit, of the letter or of the
/// volume, and the kept-part rules ask for more than half (eleven twentieths) so that a
/// passage on that line is proposed rather than placed.
fn judge<'c>(m: usize, best: &Candidate, mut rivals: impl Iterator<Item = &'c Candidate>) -> bool {
    let quote = 1.0 - best.errors as f64 / m as f64;
    let (p, s) = (best.prefix, best.suffix);
    let shape = best.shape;
    let kept = best.end - best.start;
    // Words added inside the passage (a corrected edition), its text otherwise whole and
    // both sides as they were.
    if m >= MIN_SHORT_CHARS
        && p >= ONE_SIDE_AGREES
        && s >= ONE_SIDE_AGREES
        && (shape.changed + shape.lost_front + shape.lost_back + shape.lost_inside) * 4 <= m
        && kept <= 2 * m + 40
    {
        return true;
    }
    // The passage lost its beginning or its end (a sentence deleted), what is left of it
    // nearly verbatim, beside the side of its context that it kept.
    let lost_one_end = (shape.lost_front == 0) != (shape.lost_back == 0);
    let lost = shape.lost_front + shape.lost_back + shape.lost_inside;
    let same = m.saturating_sub(shape.changed + lost);
    // Sentences cut out of the passage, most of it left verbatim between both sides of
    // its context as they were.
    if p >= ONE_SIDE_AGREES
        && s >= ONE_SIDE_AGREES
        && m >= ONE_SIDE_QUOTE_CHARS
        && same * 20 >= m * 11
        && (shape.changed + shape.added) * 20 <= kept
    {
        return true;
    }
    if lost_one_end
        && same * 20 >= m * 11
        && same >= ONE_SIDE_QUOTE_CHARS
        && m >= ONE_SIDE_QUOTE_CHARS
        && (shape.changed + shape.added + shape.lost_inside) * 20 <= kept
        && ((shape.lost_front == 0 && p >= KEPT_SIDE_AGREES)
            || (shape.lost_back == 0 && s >= KEPT_SIDE_AGREES))
    {
        return true;
    }
    // A short quote, verbatim, where its neighbours put it, with one side of its context
    // exactly as it was (the other side's sentence was edited).
    if best.errors == 0 && m >= MIN_SHORT_CHARS && p.max(s) >= EXACT_SIDE {
        // Between its placed neighbours, the only such place there.
        let alone_between = best.between
            && !rivals.any(|r| r.between && r.errors == 0 && r.prefix.max(r.suffix) >= EXACT_SIDE);
        if best.distance <= NEAR_EXPECTED || alone_between {
            return true;
        }
    }
    // A short quote with a letter or two changed ("be" corrected to "he"), exactly
    // between both sides of its context, where its neighbours put it.
    if m < MIN_WIDE_CHARS
        && kept <= m + 2
        && p.min(s) >= EXACT_SIDE
        && (best.distance <= NEAR_EXPECTED || best.between)
    {
        return true;
    }
    if quote < QUOTE_AGREES {
        // Much of the passage changed: only where both sides are nearly as they were.
        return quote >= QUOTE_AGREES_BETWEEN
            && m >= MIN_WIDE_CHARS
            && p >= BOTH_SIDES_AGREE
            && s >= BOTH_SIDES_AGREE;
    }
    if m < MIN_WIDE_CHARS && best.errors > 0 {
        return p >= ONE_SIDE_AGREES && s >= ONE_SIDE_AGREES;
    }
    let context = (p >= SIDE_AGREES && s >= SIDE_AGREES)
        || (m >= ONE_SIDE_QUOTE_CHARS && p.max(s) >= ONE_SIDE_AGREES);
    if context {
        return true;
    }
    m >= LONG_QUOTE_CHARS
        && best.errors * 10 <= m
        && !rivals.any(|r| r.errors <= best.errors + m / 10)
}

/// How many text characters to cut at the front and at the back of an aligned passage
/// whose edges are mostly changes: walking in from an edge, the point where changed
/// characters (each weighing two) most outnumber agreeing ones, when they outnumber them
/// by [`RAGGED_EDGE`] or more. Added and lost text count neither way.
fn ragged_edges(steps: &[myers::Step], cut_front: bool, cut_back: bool) -> Edges {
    use myers::Step;
    // (text characters, steps) to cut from one end.
    let cut = |steps: &mut dyn Iterator<Item = &Step>| -> (usize, usize) {
        let (mut score, mut lowest, mut text, mut cut) = (0i64, 0i64, 0usize, (0, 0));
        for (n, step) in steps.enumerate() {
            // Only other text in the passage's place is a sign of a lost edge: text added
            // (a word inserted near the edge) or quote text missing (cut out, with
            // nothing in its place) are not.
            // A change weighs two agreements: other words share letters by chance.
            score += match step {
                Step::Same => 1,
                Step::Added => 0,
                Step::Lost => -1,
                Step::Changed => -2,
            };
            if *step != Step::Lost {
                text += 1;
            }
            if score < lowest {
                lowest = score;
                cut = (text, n + 1);
            }
        }
        if lowest <= -RAGGED_EDGE { cut } else { (0, 0) }
    };
    let (front_text, front_steps) = if cut_front {
        cut(&mut steps.iter())
    } else {
        (0, 0)
    };
    let (back_text, back_steps) = if cut_back {
        cut(&mut steps.iter().rev())
    } else {
        (0, 0)
    };
    let kept = if front_steps + back_steps < steps.len() {
        &steps[front_steps..steps.len() - back_steps]
    } else {
        &[][..]
    };
    let quote_steps = |s: &[Step]| s.iter().filter(|s| **s != Step::Added).count();
    let count = |which: Step| kept.iter().filter(|s| **s == which).count();
    let lost_at = |s: &mut dyn Iterator<Item = &Step>| s.take_while(|s| **s == Step::Lost).count();
    let (lead, trail) = (lost_at(&mut kept.iter()), lost_at(&mut kept.iter().rev()));
    Edges {
        front_text,
        back_text,
        shape: Shape {
            changed: count(Step::Changed),
            added: count(Step::Added),
            lost_front: quote_steps(&steps[..front_steps.min(steps.len())]) + lead,
            lost_back: quote_steps(&steps[steps.len() - back_steps.min(steps.len())..])
                + trail.min(kept.len() - lead),
            lost_inside: count(Step::Lost) - lead - trail.min(kept.len() - lead),
        },
    }
}

/// What cutting the ragged edges of an alignment leaves.
struct Edges {
    /// Text characters cut at the front and at the back.
    front_text: usize,
    back_text: usize,
    shape: Shape,
}

/// How the text at a place differs from the quote, edit by edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Shape {
    /// Quote characters with another character in their place.
    changed: usize,
    /// Text characters the quote lacks.
    added: usize,
    /// Quote characters missing at its start, at its end, and inside.
    lost_front: usize,
    lost_back: usize,
    lost_inside: usize,
}

impl Shape {
    /// A place whose edits are not known one by one: all counted as changes.
    fn unknown(errors: usize) -> Self {
        Shape {
            changed: errors,
            ..Shape::default()
        }
    }
}

/// The last `n` characters of `s`.
fn last_chars(s: &str, n: usize) -> Vec<char> {
    let chars: Vec<char> = s.chars().collect();
    chars[chars.len().saturating_sub(n)..].to_vec()
}

/// How alike `expected` (a saved prefix or suffix) is to `found` (the text beside a
/// place), from 0 (nothing alike) to 1 (the same): one minus their edit distance over the
/// longer length. Both empty (a highlight at the very start or end) counts as the same.
fn similarity(expected: &[char], found: &[char]) -> f64 {
    let longer = expected.len().max(found.len());
    if longer == 0 {
        return 1.0;
    }
    1.0 - myers::levenshtein(expected, found) as f64 / longer as f64
}

/// True when the text around `r` agrees with the context the highlight was made in:
/// both sides alike, or one side nearly the same for a quote that is not tiny.
pub fn context_agrees(doc: &Document, anchor: &Anchor, r: &CharRange) -> bool {
    let (p, s) = (
        anchor.prefix.chars().count().min(MAX_CONTEXT_CHARS),
        anchor.suffix.chars().count().min(MAX_CONTEXT_CHARS),
    );
    let before = CharOffset(r.start.0.saturating_sub(p));
    let after = CharOffset(r.end.0.saturating_add(s).min(doc.char_len()));
    let before: Vec<char> = doc.slice(CharRange::new(before, r.start)).chars().collect();
    let after: Vec<char> = doc.slice(CharRange::new(r.end, after)).chars().collect();
    let prefix = similarity(&last_chars(&anchor.prefix, MAX_CONTEXT_CHARS), &before);
    let suffix = similarity(
        &anchor
            .suffix
            .chars()
            .take(MAX_CONTEXT_CHARS)
            .collect::<Vec<_>>(),
        &after,
    );
    let quote_len = anchor.quote.chars().count();
    (prefix >= SIDE_AGREES && suffix >= SIDE_AGREES)
        || (quote_len >= ONE_SIDE_QUOTE_CHARS && prefix.max(suffix) >= ONE_SIDE_AGREES)
}

/// True when the text just before `start` and after `end` is the anchor's prefix and
/// suffix, whole.
fn whole_context_matches(doc: &Document, anchor: &Anchor, start: usize, end: usize) -> bool {
    let before = start.checked_sub(anchor.prefix.chars().count());
    let after = end + anchor.suffix.chars().count();
    match before {
        Some(before) if after <= doc.char_len() => {
            doc.slice(CharRange::new(CharOffset(before), CharOffset(start))) == anchor.prefix
                && doc.slice(CharRange::new(CharOffset(end), CharOffset(after))) == anchor.suffix
        }
        _ => false,
    }
}
