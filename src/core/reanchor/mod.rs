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

mod edges;
mod grams;
mod judge;
pub mod myers;
mod search;
#[cfg(test)]
mod test_rng;

pub use judge::context_agrees;
use search::Text;

use crate::core::document::Document;
use crate::core::progress::Progress;
use crate::core::study::anchor::Anchor;
use crate::core::study::highlight::Highlight;
use crate::core::study::highlight::HighlightId;
use crate::core::study::note_set::NoteSet;
use crate::core::study::source::SourceId;
use crate::core::text::{ByteOffset, CharOffset, CharRange};
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

    /// Adds another source's counts.
    pub fn add(&mut self, other: &ReanchorReport) {
        self.exact += other.exact;
        self.moved += other.moved;
        self.fuzzy += other.fuzzy;
        self.uncertain += other.uncertain;
        self.orphaned += other.orphaned;
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
        places: vec![anchor.start.index()],
        between: None,
    };
    let found = text
        .fast(anchor, anchor.start.index())
        .or_else(|| text.place(anchor, &expected, Options::default()))?;
    Some((found.0, Anchor::new(doc, found.1)))
}

/// One source's highlights placed in its text: what was placed, what was not (with the
/// proposals among them), and the counts.
#[derive(Debug, Default)]
pub struct Placed {
    pub placed: Vec<Highlight>,
    pub orphans: Vec<Highlight>,
    pub proposals: BTreeMap<HighlightId, Anchor>,
    pub report: ReanchorReport,
}

/// Re-anchors every highlight (and every orphan, which may fit this text) of source
/// `source` of `set` in `doc`; the other sources' highlights are kept as they are, and the
/// source's record now names `doc`'s text. `None` once `progress` is cancelled. Each
/// highlight is counted twice as the stage "Placing highlights": once by the fast pass,
/// once by the careful one.
///
/// Uncertain highlights stay among the orphans with their old anchor (so a save keeps
/// what was known), their proposed place in [`NoteSet::proposal`].
pub fn place_set(
    doc: &Document,
    set: &NoteSet,
    source: SourceId,
    progress: &Progress,
    options: Options,
) -> Option<(NoteSet, ReanchorReport)> {
    let mut docs = BTreeMap::new();
    docs.insert(source, doc);
    let (set, reports) = place_study(set, &docs, progress, options)?;
    Some((set, reports.get(&source).copied().unwrap_or_default()))
}

/// Re-anchors the highlights of every source that has a document in `docs`; sources
/// without one keep their highlights as saved. Returns the set and each placed source's
/// counts. `None` once `progress` is cancelled.
pub fn place_study(
    set: &NoteSet,
    docs: &BTreeMap<SourceId, &Document>,
    progress: &Progress,
    options: Options,
) -> Option<(NoteSet, BTreeMap<SourceId, ReanchorReport>)> {
    let total: usize = docs.keys().map(|&s| set.count_in(s)).sum();
    progress.begin("Placing highlights", 2 * total as u64);
    let mut highlights = Vec::with_capacity(set.highlights().len());
    let mut orphans = Vec::new();
    let mut proposals = BTreeMap::new();
    let mut reports = BTreeMap::new();
    let mut sources = set.sources().to_vec();
    // Sources with no document here: as they were.
    let kept = |h: &&Highlight| !docs.contains_key(&h.source);
    highlights.extend(set.highlights().iter().filter(kept).cloned());
    orphans.extend(set.orphans().iter().filter(kept).cloned());
    for o in set.orphans().iter().filter(kept) {
        if let Some(p) = set.proposal(o.id) {
            proposals.insert(o.id, p.clone());
        }
    }
    for (&source, doc) in docs {
        let all: Vec<&Highlight> = set
            .highlights_in(source)
            .iter()
            .chain(set.orphans_in(source))
            .collect();
        let done = place_source(doc, &all, progress, options)?;
        highlights.extend(done.placed);
        orphans.extend(done.orphans);
        proposals.extend(done.proposals);
        reports.insert(source, done.report);
        // Sources are sorted by id.
        if let Ok(i) = sources.binary_search_by_key(&source, |r| r.id) {
            let record = &mut sources[i];
            // The offsets now count in this text; what the record lacks (a file of an
            // older format kept no number or date) comes from the document.
            record.fingerprint = doc.fingerprint();
            let info = doc.info();
            record.number = record.number.or(info.number);
            if record.date.is_none() {
                record.date = info.date.clone();
            }
            if record.document_id.is_none() {
                record.document_id = info.id.clone();
            }
            if record.citation.is_none() {
                record.citation = info.citation.clone();
            }
            if record.url.is_none() {
                record.url = info.url.clone();
            }
        }
    }
    let set = NoteSet::from_parts(
        sources,
        set.topics().to_vec(),
        highlights,
        set.study_note().to_string(),
        orphans,
    )
    .with_proposals(proposals);
    Some((set, reports))
}

/// Places `all` (one source's highlights and orphans) in `doc`.
pub fn place_source(
    doc: &Document,
    all: &[&Highlight],
    progress: &Progress,
    options: Options,
) -> Option<Placed> {
    /// Highlights between two looks at the progress.
    const STEP: usize = 256;
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
        let old = h.anchor.start.index() as i64;
        let placed = text.fast(&h.anchor, (old + shift).max(0) as usize);
        if let Some((_, range)) = &placed {
            shift = range.start.index() as i64 - old;
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
                    h.anchor.start.index(),
                    range.start.index() as i64 - h.anchor.start.index() as i64,
                )
            })
        })
        .collect();
    // The careful pass, in old text order, for the rest: each looked for where its placed
    // neighbours before and after say it went.
    let mut rest: Vec<usize> = (0..all.len()).filter(|&i| found[i].is_none()).collect();
    // The fast pass done, and the highlights it placed need no second look.
    progress.advance((all.len() % STEP + all.len() - rest.len()) as u64);
    rest.sort_by_key(|&i| all[i].anchor.start.index());
    for (n, &i) in rest.iter().enumerate() {
        if ticks(n) {
            return None;
        }
        let anchor = &all[i].anchor;
        let old = anchor.start.index();
        let expected = expected_from(&shifts, old);
        found[i] = text.place(anchor, &expected, options);
        if let Some((placement, range)) = found[i]
            && placement != Placement::Uncertain
        {
            shifts.insert(old, range.start.index() as i64 - old as i64);
        }
    }
    progress.advance((rest.len() % STEP) as u64);
    Some(outcomes(doc, all, &found))
}

/// Where a passage that began at `old` is expected now: there, and where its placed
/// neighbours (old start → shift, in `shifts`) say it went; between two neighbours that
/// kept their order, about as far along as it was.
fn expected_from(shifts: &BTreeMap<usize, i64>, old: usize) -> Expected {
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
    expected
}

/// Each of `all` by what became of it (`found`): placed, or an orphan (with its proposed
/// place when it was uncertain), counted in the report.
fn outcomes(
    doc: &Document,
    all: &[&Highlight],
    found: &[Option<(Placement, CharRange)>],
) -> Placed {
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
    Placed {
        placed,
        orphans,
        proposals,
        report,
    }
}

/// Placed neighbours further apart than this (characters) say too little of where a
/// passage between them lies to search all the text between them.
const MAX_BETWEEN: usize = 50_000;

/// How near (characters) to where a passage is expected its own surroundings must stand
/// for it to count as still there, edited in place.
const SURROUNDINGS_REACH: usize = 64;

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
/// The most edits a piece may have there: a passage that moved far and was also edited
/// keeps one of its ends nearly whole (at a quarter, every 64 characters of English
/// share enough three-letter pieces with any other, and the whole text must be read).
const PIECE_ERRORS: usize = 8;
/// At most this many places of a piece are verified.
const MAX_PIECE_HITS: usize = 64;
/// Of a short quote found at more places than [`MAX_PIECE_HITS`] in the whole text, only
/// those with a side of context at least this alike are weighed.
const CONTEXT_SHOWS: f64 = 0.6;
/// At most this many verbatim occurrences of a quote are weighed.
const MAX_VERBATIM: usize = 2_000;

/// How alike a side of the context must be to the text beside a place (0–1, by edit
/// distance) for that side to agree.
const SIDE_AGREES: f64 = 0.75;
/// How alike one side alone must be when the other disagrees.
const ONE_SIDE_AGREES: f64 = 0.9;
/// The shortest quote that one agreeing side of context is enough for.
const ONE_SIDE_QUOTE_CHARS: usize = 12;
/// A quote at least this long, verbatim and found at no other place, is the passage
/// whatever its surroundings when it begins and ends where sentences do (a paragraph
/// moved whole), or when both sides still show through their edits (at least
/// [`SIDES_SHOW`] alike: words inserted in the neighbouring passages).
const LONG_QUOTE_CHARS: usize = 40;
const SIDES_SHOW: f64 = 0.5;
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
/// program saves [`crate::core::study::anchor::CONTEXT_CHARS`]).
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
    /// The windows near each expected place (and between its neighbours) where a passage
    /// of `m` characters is looked for first, merged where they overlap, within a text of
    /// `len` characters.
    fn near_windows(&self, m: usize, len: usize) -> Vec<(usize, usize)> {
        let reach = if m < MIN_WIDE_CHARS {
            SHORT_REACH
        } else {
            NEAR_REACH.max(10 * m)
        };
        let mut windows: Vec<(usize, usize)> = self
            .places
            .iter()
            .map(|&e| {
                // An expected place may lie past the end of a text that got shorter.
                let to = e.saturating_add(m + reach).min(len);
                (e.saturating_sub(reach).min(to), to)
            })
            .collect();
        if let Some((a, b)) = self.between {
            windows.push((a, b.saturating_add(m).min(len)));
        }
        windows.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (a, b) in windows {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        merged
    }

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
