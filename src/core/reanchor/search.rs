//! Looking for a quote in the new text: the fast pass, then verbatim, approximate and
//! by-surroundings candidates near where it is expected, then in the whole text, and the
//! choice among them.

use super::grams::{self, Grams};
use super::judge::{Candidate, Shape, judge, last_chars, similarity, whole_context_matches};
use super::myers;
use super::*;

/// The document's text as characters, for searching by character offset.
pub(super) struct Text<'a> {
    pub(super) doc: &'a Document,
    pub(super) chars: Vec<char>,
    /// The index of a long text's pieces, built at its first search of the whole text.
    grams: std::cell::OnceCell<Option<Grams>>,
}

/// What is known of a highlight while it is looked for.
pub(super) struct Wanted<'a> {
    pub(super) anchor: &'a Anchor,
    pub(super) quote: Vec<char>,
    pub(super) prefix: Vec<char>,
    pub(super) suffix: Vec<char>,
}

impl<'a> Text<'a> {
    pub(super) fn new(doc: &'a Document) -> Self {
        Text {
            doc,
            chars: doc.text().chars().collect(),
            grams: std::cell::OnceCell::new(),
        }
    }

    /// Approximate occurrences of `pattern` within `k` edits anywhere in the text: a long
    /// text through the index of its pieces.
    pub(super) fn find_everywhere(&self, pattern: &[char], k: usize) -> Vec<myers::Match> {
        let grams = self.grams.get_or_init(|| {
            (self.len() >= grams::MIN_INDEXED_CHARS && self.len() < u32::MAX as usize)
                .then(|| Grams::new(&self.chars))
        });
        grams::find(&self.chars, grams.as_ref(), pattern, k)
    }

    pub(super) fn len(&self) -> usize {
        self.chars.len()
    }

    /// The fast pass: the quote at its old place with agreeing context, or verbatim near
    /// `expected` with its whole context unchanged.
    pub(super) fn fast(&self, anchor: &Anchor, expected: usize) -> Option<(Placement, CharRange)> {
        if anchor.quote.is_empty() || anchor.end.index() <= anchor.start.index() {
            return None;
        }
        let old = anchor.range();
        if anchor.end.index() <= self.len()
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
        let wanted = || Wanted {
            anchor,
            quote: anchor.quote.chars().collect(),
            prefix: last_chars(&anchor.prefix, MAX_CONTEXT_CHARS),
            suffix: anchor.suffix.chars().take(MAX_CONTEXT_CHARS).collect(),
        };
        // A copy of the passage with its context (boilerplate: a source note, a heading)
        // away from where it is expected, while the passage's own surroundings still
        // stand there: the passage was edited in place, and the copy is another. The
        // careful pass weighs them.
        let still_there = |start: usize| {
            start.abs_diff(expected) > SURROUNDINGS_REACH
                && self
                    .surroundings_at(&wanted(), expected)
                    .is_some_and(|(a, _)| a != start)
        };
        if let Some(start) = near {
            if still_there(start) {
                return None;
            }
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
        let (Some((byte, _)), None) = (hits.next(), hits.next()) else {
            return None;
        };
        // Once in the window is not enough: boilerplate (a heading that stands in every
        // telegram of a volume) may stand once there and again further off, and the
        // passage's own copy may be the one that was edited. Taken here, a wrong copy
        // would also mislead every highlight placed after it; only a context that stands
        // once in the whole text is taken.
        let (text, at) = (self.doc.text(), b0 + byte);
        let next = at + needle.chars().next().map_or(1, char::len_utf8);
        if text[..at].contains(needle.as_str()) || text[next..].contains(needle.as_str()) {
            return None;
        }
        let start = (self.doc.char_of(ByteOffset(b0 + byte)) + prefix_len).index();
        if still_there(start) {
            return None;
        }
        Some(moved(start))
    }

    /// Where the passage's own surroundings still stand near `at`: the end of the saved
    /// prefix within [`SURROUNDINGS_REACH`] of it and, a passage's length or so further,
    /// the start of the saved suffix, both verbatim. The text between them is the
    /// passage, however it was edited. `None` when either side is missing there, or they
    /// now meet (the passage was cut out).
    pub(super) fn surroundings_at(&self, wanted: &Wanted, at: usize) -> Option<(usize, usize)> {
        const SIDE: usize = 16;
        let m = wanted.quote.len();
        if wanted.prefix.len() < SIDE || wanted.suffix.len() < SIDE || m == 0 {
            return None;
        }
        // A letter or two of each side may differ: a neighbouring passage that overlaps
        // this one's context may have been edited too.
        const SIDE_ERRORS: usize = 2;
        let head = &wanted.prefix[wanted.prefix.len() - SIDE..];
        let tail = &wanted.suffix[..SIDE];
        let from = at.saturating_sub(SURROUNDINGS_REACH + SIDE);
        let to = (at + SURROUNDINGS_REACH).min(self.len());
        if from >= to {
            return None;
        }
        let start = myers::find(&self.chars[from..to], head, SIDE_ERRORS)
            .into_iter()
            .map(|h| (h.errors, from + h.end))
            .min_by_key(|&(errors, end)| (errors, end.abs_diff(at)))?
            .1;
        let reach = (start + 2 * m + SURROUNDINGS_REACH).min(self.len());
        if start >= reach {
            return None;
        }
        let end = start
            + myers::find(&self.chars[start..reach], tail, SIDE_ERRORS)
                .into_iter()
                .min_by_key(|t| (t.errors, t.start))?
                .start;
        (end > start).then_some((start, end))
    }

    /// Starts of the verbatim occurrences of the quote within `from..to` (characters).
    pub(super) fn verbatim(&self, anchor: &Anchor, from: usize, to: usize) -> Vec<usize> {
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
    pub(super) fn place(
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
        let merged = expected.near_windows(m, self.len());
        if let Some(here) = self.sure_in_place(&wanted, expected) {
            return Some(here);
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

    /// The passage between its own surroundings where it is `expected`, edited in place
    /// and sure on its own evidence, if it stands there.
    fn sure_in_place(
        &self,
        wanted: &Wanted<'_>,
        expected: &Expected,
    ) -> Option<(Placement, CharRange)> {
        let m = wanted.quote.len();
        // Found so, it is the passage, whatever copies of its words stand elsewhere (a
        // source note or a heading that repeats through a volume).
        for &at in &expected.places {
            if let Some((start, end)) = self.surroundings_at(wanted, at)
                && end - start <= MAX_APPROXIMATE_CHARS
            {
                let errors = myers::levenshtein(&wanted.quote, &self.chars[start..end]);
                let Some(here) = self.refine(wanted, start, end, errors, expected) else {
                    continue;
                };
                // A piece cut off by the alignment at a sentence end may stand just
                // beyond, past a sentence inserted inside the passage.
                let here = match self.lost_part(wanted, &here) {
                    LostPart::Gone => here,
                    LostPart::Beyond(wider) => wider,
                    LostPart::Apart => continue,
                };
                if judge(m, &here, wanted.stands_alone(), std::iter::empty()) {
                    return Some(self.placed(wanted, &here));
                }
            }
        }
        None
    }

    /// True when the end of the saved prefix followed at once by the start of the saved
    /// suffix (a dozen characters each) stands verbatim within `from..to`.
    pub(super) fn joined_context(&self, wanted: &Wanted, from: usize, to: usize) -> bool {
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
    pub(super) fn max_errors_near(m: usize) -> usize {
        if m < MIN_WIDE_CHARS { 1 } else { m / 2 }
    }

    /// The most edits a place of a quote of `m` characters may have elsewhere.
    pub(super) fn max_errors(m: usize) -> usize {
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
    pub(super) fn between_context(
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
    pub(super) fn approximate_in(
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

    /// Approximate occurrences in the whole text outside the windows already searched:
    /// a quote of up to [`PIECE_CHARS`] directly; a longer one by its head and its tail,
    /// the whole quote verified around each place a piece was found.
    pub(super) fn approximate_wide(
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
            let mut found = self.find_everywhere(&wanted.quote, k);
            // A quote this common is no evidence by itself: only a place where a side of
            // its context shows may be taken or proposed (the judge asks three quarters
            // alike; the alignment may move an edge a little).
            if found.len() > MAX_PIECE_HITS {
                found.retain(|f| self.context_shows(wanted, f.start, f.end));
            }
            for found in found {
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
            let mut hits = self.find_everywhere(piece, PIECE_ERRORS);
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

    /// True when the text before `start` or after `end` is at least [`CONTEXT_SHOWS`]
    /// alike to the saved prefix or suffix.
    fn context_shows(&self, wanted: &Wanted, start: usize, end: usize) -> bool {
        let before = &self.chars[start.saturating_sub(wanted.prefix.len())..start];
        let after = &self.chars[end..(end + wanted.suffix.len()).min(self.len())];
        (!wanted.prefix.is_empty() && similarity(&wanted.prefix, before) >= CONTEXT_SHOWS)
            || (!wanted.suffix.is_empty() && similarity(&wanted.suffix, after) >= CONTEXT_SHOWS)
    }

    /// `start..end` without the white space at either end.
    pub(super) fn trimmed(&self, mut start: usize, mut end: usize) -> (usize, usize) {
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
    pub(super) fn word_edge(&self, at: usize, lo: usize, hi: usize, start_edge: bool) -> usize {
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
    pub(super) fn candidate(
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
    pub(super) fn choose(
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
        let sure = judge(m, best, wanted.stands_alone(), rivals);
        // A place that lacks a part of the quote at one end, where that part still stands:
        // close by, in order, text was inserted inside the passage (it spans both pieces
        // with the insertion); anywhere else the passage was split apart (only proposed).
        let (sure, best) = match self.lost_part(wanted, best) {
            LostPart::Gone => (sure, *best),
            LostPart::Beyond(wider) => (sure, wider),
            LostPart::Apart => (false, *best),
        };
        let best = &best;
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
        if !sure && options.cautious {
            // Only a proposal: where the context disagrees everywhere, the quote standing
            // verbatim where it was expected (at its saved place, say) is the likelier
            // one, not another copy whose surroundings happen to be closer. A copy
            // further off is no likelier for being nearer.
            let nearest = candidates
                .iter()
                .filter(|c| {
                    c.errors == 0 && c.end - c.start == m && c.distance <= SURROUNDINGS_REACH
                })
                .min_by_key(|c| c.distance)
                .filter(|c| {
                    c.distance < best.distance && best.prefix.max(best.suffix) < ONE_SIDE_AGREES
                });
            let proposed = nearest.unwrap_or(best);
            let range = CharRange::new(CharOffset(proposed.start), CharOffset(proposed.end));
            return Some((Placement::Uncertain, range));
        }
        Some(self.placed(wanted, best))
    }

    /// Where the part of the quote that `best` lacks at one end is, if it still stands
    /// verbatim beside its side of the saved context.
    fn lost_part(&self, wanted: &Wanted, best: &Candidate) -> LostPart {
        /// Characters of the lost part, and of the context beside it, that must stand.
        const PIECE: usize = 4;
        const SIDE: usize = 16;
        /// How much text inserted inside a passage is looked past.
        const INSERTED: usize = 1_000;
        let m = wanted.quote.len();
        let (front, back) = (best.shape.lost_front, best.shape.lost_back);
        let text = self.doc.text();
        let byte = |c: usize| self.doc.byte_of(CharOffset(c.min(self.len()))).0;
        let char_at = |b: usize| self.doc.char_of(ByteOffset(b)).0;
        if front >= PIECE && front < m && wanted.prefix.len() >= SIDE && back == 0 {
            let needle: String = wanted.prefix[wanted.prefix.len() - SIDE..]
                .iter()
                .chain(&wanted.quote[..front])
                .collect();
            let from = byte(best.start.saturating_sub(INSERTED + front + SIDE));
            if let Some(at) = text[from..byte(best.start)].rfind(&needle) {
                let mut wider = *best;
                wider.start = char_at(from + at) + SIDE;
                wider.shape.lost_front = 0;
                return LostPart::Beyond(wider);
            }
            if text.contains(&needle) {
                return LostPart::Apart;
            }
        }
        if back >= PIECE && back < m && wanted.suffix.len() >= SIDE && front == 0 {
            let needle: String = wanted.quote[m - back..]
                .iter()
                .chain(&wanted.suffix[..SIDE])
                .collect();
            let (from, to) = (byte(best.end), byte(best.end + INSERTED + back + SIDE));
            if let Some(at) = text[from..to].find(&needle) {
                let mut wider = *best;
                wider.end = char_at(from + at) + back;
                wider.shape.lost_back = 0;
                return LostPart::Beyond(wider);
            }
            if text.contains(&needle) {
                return LostPart::Apart;
            }
        }
        LostPart::Gone
    }

    /// How a place taken with confidence is named: exact, moved or fuzzy.
    fn placed(&self, wanted: &Wanted, best: &Candidate) -> (Placement, CharRange) {
        let range = CharRange::new(CharOffset(best.start), CharOffset(best.end));
        let placement = if best.errors > 0 || self.chars[best.start..best.end] != wanted.quote[..] {
            // Edited, or the same only once quotes and dashes are folded.
            Placement::Fuzzy
        } else if range == wanted.anchor.range() {
            Placement::Exact
        } else {
            Placement::Moved
        };
        (placement, range)
    }
}

/// What became of the part of a quote that a place lacks at one end.
enum LostPart {
    /// Not found anywhere with its side of the context: cut out (or nothing was lacking).
    Gone,
    /// Just beyond the place, in order, past text inserted inside the passage: the place
    /// widened to take both pieces in, with the insertion.
    Beyond(Candidate),
    /// Elsewhere: the passage was split and its pieces now lie apart.
    Apart,
}
