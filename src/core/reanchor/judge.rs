//! Weighing a place: is the evidence strong enough to place a highlight there without
//! asking? And what the alignment says of how the text there differs from the quote.

use super::myers;
use super::*;

/// True when the evidence for `best` (a place of a quote of `m` characters) is strong
/// enough to place the highlight there without asking, given its `rivals` (the other,
/// non-overlapping places found).
///
/// - The quote must be close: at most a quarter of its characters edited.
/// - The context must agree: the text on both sides alike to the saved prefix and suffix
///   (three quarters or more), or one side nearly the same (nine tenths) for a quote of a
///   dozen characters or more. A short quote with any edit needs both sides nearly the
///   same: a few letters are close to many words.
/// - Or the quote is long (forty characters or more), verbatim, and no other place comes
///   near it, and either it begins and ends where a sentence does (`stands_alone`: a
///   passage moved whole, with new surroundings) or both sides still show (half alike:
///   words inserted next to it). A near copy in other surroundings is another copy of
///   boilerplate (a source note of the same archive box, a heading naming another
///   official), and a phrase cut out of a sentence, found verbatim in another sentence,
///   is another use of its words (a telegram that repeats itself).
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
pub(super) fn judge<'c>(
    m: usize,
    best: &Candidate,
    stands_alone: bool,
    mut rivals: impl Iterator<Item = &'c Candidate>,
) -> bool {
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
        && best.errors == 0
        && (stands_alone || p.min(s) >= SIDES_SHOW)
        && !rivals.any(|r| r.errors <= m / 10)
}

/// How many text characters to cut at the front and at the back of an aligned passage
/// whose edges are mostly changes: walking in from an edge, the point where changed
/// characters (each weighing two) most outnumber agreeing ones, when they outnumber them
/// by [`RAGGED_EDGE`] or more. Added and lost text count neither way.
pub(super) fn ragged_edges(steps: &[myers::Step], cut_front: bool, cut_back: bool) -> Edges {
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
pub(super) struct Edges {
    /// Text characters cut at the front and at the back.
    pub(super) front_text: usize,
    pub(super) back_text: usize,
    pub(super) shape: Shape,
}

/// How the text at a place differs from the quote, edit by edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Shape {
    /// Quote characters with another character in their place.
    pub(super) changed: usize,
    /// Text characters the quote lacks.
    pub(super) added: usize,
    /// Quote characters missing at its start, at its end, and inside.
    pub(super) lost_front: usize,
    pub(super) lost_back: usize,
    pub(super) lost_inside: usize,
}

impl Shape {
    /// A place whose edits are not known one by one: all counted as changes.
    pub(super) fn unknown(errors: usize) -> Self {
        Shape {
            changed: errors,
            ..Shape::default()
        }
    }
}

/// The last `n` characters of `s`.
pub(super) fn last_chars(s: &str, n: usize) -> Vec<char> {
    let chars: Vec<char> = s.chars().collect();
    chars[chars.len().saturating_sub(n)..].to_vec()
}

/// How alike `expected` (a saved prefix or suffix) is to `found` (the text beside a
/// place), from 0 (nothing alike) to 1 (the same): one minus their edit distance over the
/// longer length. Both empty (a highlight at the very start or end) counts as the same.
pub(super) fn similarity(expected: &[char], found: &[char]) -> f64 {
    let longer = expected.len().max(found.len());
    if longer == 0 {
        return 1.0;
    }
    1.0 - myers::levenshtein(expected, found) as f64 / longer as f64
}

/// True when the text around `r` agrees with the context the highlight was made in:
/// both sides alike, or one side nearly the same for a quote that is not tiny.
pub fn context_agrees(doc: &Document, anchor: &Anchor, r: &CharRange) -> bool {
    // The context as it was: no edit distance to weigh (most highlights of a set opened
    // on its own text).
    if whole_context_matches(doc, anchor, r.start.index(), r.end.index()) {
        return true;
    }
    let (p, s) = (
        anchor.prefix.chars().count().min(MAX_CONTEXT_CHARS),
        anchor.suffix.chars().count().min(MAX_CONTEXT_CHARS),
    );
    let before = r.start - p;
    let after = (r.end + s).min(doc.end());
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
pub(super) fn whole_context_matches(
    doc: &Document,
    anchor: &Anchor,
    start: usize,
    end: usize,
) -> bool {
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

/// A place a quote may now occupy, with the evidence for it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Edits between the quote and the text here.
    pub(super) errors: usize,
    /// Likeness (0–1) of the text before and after to the saved prefix and suffix.
    pub(super) prefix: f64,
    pub(super) suffix: f64,
    /// Characters from the nearest expected place.
    pub(super) distance: usize,
    /// Between the placed neighbours (see [`Expected::between`]).
    pub(super) between: bool,
    /// The edits one by one, where they are known.
    pub(super) shape: Shape,
}

impl Candidate {
    pub(super) fn overlaps(&self, other: &Candidate) -> bool {
        self.start < other.end && other.start < self.end
    }
}
