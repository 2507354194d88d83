//! Approximate search: every place in a text where a pattern occurs with at most `k`
//! edits (insertions, deletions, substitutions), by Myers' bit-parallel algorithm (J. ACM
//! 46(3), 1999) in its block form for patterns longer than one machine word.
//!
//! Each text character advances one column of the edit-distance table, kept as bit
//! vectors of its vertical differences (+1 / −1 between a row and the one above), 64
//! rows to a word. A column costs a few word operations per 64 pattern characters
//! instead of one step per character, so a pattern of 200 characters is searched through
//! a text at about the speed of four searches for one word.
//!
//! Characters are compared after [`fold`]: typographic and straight quotation marks,
//! dashes and white space count as the same, so a text whose quotes were straightened is
//! matched without a single edit.

mod align;
pub use align::{Aligned, Step, align};

/// The form a character is compared in: curly quotes as straight ones, every dash as a
/// hyphen, every white space as a space.
pub fn fold(c: char) -> char {
    match c {
        '“' | '”' | '„' | '‟' | '«' | '»' | '″' => '"',
        '‘' | '’' | '‚' | '‛' | '′' | '`' => '\'',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// [`fold`] of each ASCII character: white space as a space, a backtick as an apostrophe.
const FOLDED_ASCII: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => b' ',
            b'`' => b'\'',
            other => other,
        };
        b += 1;
    }
    table
};

/// A pattern prepared for searching: for each character it holds, the bit mask of the
/// positions where it stands, one word per 64 characters.
pub struct Pattern {
    len: usize,
    words: usize,
    /// `words` masks per slot; slot 0 is every character the pattern lacks.
    masks: Vec<u64>,
    /// Slot of each ASCII character.
    ascii: [u32; 128],
    /// Slots of the pattern's other characters, sorted by character.
    other: Vec<(char, u32)>,
}

impl Pattern {
    /// Prepares `pattern` (compared after [`fold`]).
    pub fn new(pattern: &[char]) -> Self {
        let len = pattern.len();
        let words = len.div_ceil(64).max(1);
        let mut ascii = [0u32; 128];
        let mut other: Vec<(char, u32)> = Vec::new();
        let mut masks = vec![0u64; words];
        for (i, &c) in pattern.iter().enumerate() {
            let c = fold(c);
            let existing = if (c as u32) < 128 {
                ascii[c as usize]
            } else {
                other.iter().find(|o| o.0 == c).map_or(0, |o| o.1)
            };
            let slot = if existing == 0 {
                let slot = (masks.len() / words) as u32;
                masks.extend(std::iter::repeat_n(0, words));
                if (c as u32) < 128 {
                    ascii[c as usize] = slot;
                } else {
                    other.push((c, slot));
                }
                slot
            } else {
                existing
            };
            masks[slot as usize * words + i / 64] |= 1 << (i % 64);
        }
        other.sort_unstable();
        // Every ASCII character straight to the slot of its folded form.
        let ascii = std::array::from_fn(|b| ascii[FOLDED_ASCII[b] as usize]);
        Pattern {
            len,
            words,
            masks,
            ascii,
            other,
        }
    }

    fn masks_of(&self, c: char) -> &[u64] {
        let slot = if (c as u32) < 128 {
            self.ascii[c as usize]
        } else {
            // Typographic marks fold to ASCII ones.
            match fold(c) {
                c if (c as u32) < 128 => self.ascii[c as usize],
                c => self
                    .other
                    .binary_search_by_key(&c, |o| o.0)
                    .map_or(0, |i| self.other[i].1),
            }
        };
        let at = slot as usize * self.words;
        &self.masks[at..at + self.words]
    }

    /// Calls `found(end, errors)` for every position `end` of `text` (counted in
    /// characters from its start, one past the match's last character) where some stretch
    /// ending there is within `max_errors` edits of the pattern, with the fewest edits of
    /// any stretch ending there. An empty pattern matches nowhere.
    pub fn search(
        &self,
        text: impl IntoIterator<Item = char>,
        max_errors: usize,
        found: impl FnMut(usize, usize),
    ) {
        let mut found = found;
        self.columns(text, false, |end, _, _, errors| {
            if errors <= max_errors {
                found(end, errors);
            }
        });
    }

    /// The edit distance between the pattern and the whole of `text`: the same columns
    /// as [`Pattern::search`], with a first row that rises by one a character (the match
    /// must begin at the text's start), read at the text's end.
    pub fn distance(&self, text: &[char]) -> usize {
        let mut last = self.len;
        self.columns(text.iter().copied(), true, |_, _, _, errors| last = errors);
        last
    }

    /// For a pattern prepared reversed: for each `k` from 0 to `segment.len()`, the edit
    /// distance between the pattern (read forwards) and the last `k` characters of
    /// `segment` (one table, filled backwards from the segment's end: a global distance
    /// for each prefix of the reversed segment).
    fn distances_backwards(&self, segment: &[char]) -> Vec<usize> {
        if self.len == 0 {
            return (0..=segment.len()).collect();
        }
        let mut out = Vec::with_capacity(segment.len() + 1);
        out.push(self.len);
        self.columns(segment.iter().rev().copied(), true, |_, _, _, errors| {
            out.push(errors)
        });
        out
    }

    /// Advances the table one text character at a time, calling `each(end, plus, minus,
    /// errors)` with the column's vertical differences and its bottom row. With
    /// `anchored`, the first row is the number of text characters read (a global
    /// distance); without, it stays 0.
    fn columns(
        &self,
        text: impl IntoIterator<Item = char>,
        anchored: bool,
        mut each: impl FnMut(usize, &[u64], &[u64], usize),
    ) {
        if self.len == 0 {
            return;
        }
        let words = self.words;
        if words == 1 {
            return self.columns_in_one_word(text, anchored, each);
        }
        // Vertical differences of each column: `plus` bits where a row is one more than
        // the row above, `minus` where one less. The first column is 0, 1, 2, … m.
        let mut plus = vec![u64::MAX; words];
        let mut minus = vec![0u64; words];
        let last_bit = 1u64 << ((self.len - 1) % 64);
        let mut score = self.len;
        for (i, c) in text.into_iter().enumerate() {
            let eq_all = self.masks_of(c);
            // The first row stays 0 (a match may start anywhere): no difference enters;
            // anchored, it rises by one.
            let mut carry: i64 = i64::from(anchored);
            for (w, ((pv, mv), &eq)) in plus
                .iter_mut()
                .zip(minus.iter_mut())
                .zip(eq_all)
                .enumerate()
            {
                let xv = eq | *mv;
                let eq = eq | u64::from(carry < 0);
                let xh = ((eq & *pv).wrapping_add(*pv) ^ *pv) | eq;
                let ph = *mv | !(xh | *pv);
                let mh = *pv & xh;
                let high = if w + 1 == words { last_bit } else { 1 << 63 };
                let out = i64::from(ph & high != 0) - i64::from(mh & high != 0);
                let ph = (ph << 1) | u64::from(carry > 0);
                let mh = (mh << 1) | u64::from(carry < 0);
                *pv = mh | !(xv | ph);
                *mv = ph & xv;
                carry = out;
            }
            // The last word's carry is the change in the bottom row: the distance of the
            // best match ending here.
            score = (score as i64 + carry) as usize;
            each(i + 1, &plus, &minus, score);
        }
    }

    /// [`Pattern::columns`] for a pattern of 64 characters or fewer: the same steps on
    /// one word held in registers.
    fn columns_in_one_word(
        &self,
        text: impl IntoIterator<Item = char>,
        anchored: bool,
        mut each: impl FnMut(usize, &[u64], &[u64], usize),
    ) {
        let (mut plus, mut minus) = (u64::MAX, 0u64);
        let last_bit = 1u64 << ((self.len - 1) % 64);
        let mut score = self.len as i64;
        for (i, c) in text.into_iter().enumerate() {
            let eq = self.masks_of(c)[0];
            let xv = eq | minus;
            let xh = ((eq & plus).wrapping_add(plus) ^ plus) | eq;
            let mut ph = minus | !(xh | plus);
            let mut mh = plus & xh;
            if ph & last_bit != 0 {
                score += 1;
            } else if mh & last_bit != 0 {
                score -= 1;
            }
            ph = (ph << 1) | u64::from(anchored);
            mh <<= 1;
            plus = mh | !(xv | ph);
            minus = ph & xv;
            each(
                i + 1,
                std::slice::from_ref(&plus),
                std::slice::from_ref(&minus),
                score as usize,
            );
        }
    }
}

/// An approximate occurrence: `start..end` in characters of the searched text, and its
/// number of edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub errors: usize,
}

/// The approximate occurrences of `pattern` in `text` within `max_errors` edits: one per
/// stretch of overlapping ends (the fewest edits, then the length nearest the pattern's),
/// in text order.
pub fn find(text: &[char], pattern: &[char], max_errors: usize) -> Vec<Match> {
    let prepared = Pattern::new(pattern);
    let mut ends: Vec<(usize, usize)> = Vec::new();
    prepared.search(text.iter().copied(), max_errors, |end, errors| {
        ends.push((end, errors))
    });
    best_of_runs(text, pattern, max_errors, &ends)
}

/// From the ends of matches (`(end, errors)`, rising), the best match of each run of ends
/// that lie within half a pattern of each other (and span two patterns at most), with
/// its start recovered.
fn best_of_runs(
    text: &[char],
    pattern: &[char],
    max_errors: usize,
    ends: &[(usize, usize)],
) -> Vec<Match> {
    let m = pattern.len();
    let mut out = Vec::new();
    // The pattern read backwards, prepared once for every start recovered.
    let reversed: Vec<char> = pattern.iter().rev().copied().collect();
    let reversed = Pattern::new(&reversed);
    let mut i = 0;
    while i < ends.len() {
        let mut j = i + 1;
        // A run ends at a gap of half a pattern, or after two patterns' length (so that
        // in text full of near matches each stretch still gets its best).
        while j < ends.len()
            && ends[j].0 <= ends[j - 1].0 + (m / 2).max(1)
            && ends[j].0 <= ends[i].0 + 2 * m
        {
            j += 1;
        }
        let run = &ends[i..j];
        let fewest = run.iter().map(|e| e.1).min().unwrap_or(0);
        let mut best: Option<Match> = None;
        // Ties: every end with the fewest edits, the one whose match is nearest the
        // pattern's length (so `“cold war”` keeps its closing mark against `"cold war"`).
        for &(end, _) in run.iter().filter(|e| e.1 == fewest).take(8) {
            let candidate = start_of(text, &reversed, max_errors, end);
            let better = match best {
                None => true,
                Some(b) => {
                    (candidate.end - candidate.start).abs_diff(m) < (b.end - b.start).abs_diff(m)
                }
            };
            if better {
                best = Some(candidate);
            }
        }
        out.extend(best);
        i = j;
    }
    out
}

/// The start of the best match of a pattern (prepared `reversed`) that ends at `end` of
/// `text`: the fewest edits, then the length nearest the pattern's.
fn start_of(text: &[char], reversed: &Pattern, max_errors: usize, end: usize) -> Match {
    let m = reversed.len;
    let lo = end.saturating_sub(m + max_errors);
    let costs = reversed.distances_backwards(&text[lo..end]);
    let start = (lo..=end)
        .min_by_key(|&s| (costs[end - s], (end - s).abs_diff(m)))
        .unwrap_or(lo);
    Match {
        start,
        end,
        errors: costs[end - start],
    }
}

/// For each `k` from 0 to `segment.len()`, the edit distance between `pattern` and the
/// last `k` characters of `segment`: one table filled backwards from the segment's end,
/// instead of a full edit distance for every possible start.
#[cfg(test)]
fn distances_to_starts(pattern: &[char], segment: &[char]) -> Vec<usize> {
    let reversed: Vec<char> = pattern.iter().rev().copied().collect();
    Pattern::new(&reversed).distances_backwards(segment)
}

/// Edit distance of two strings after [`fold`], by the bit-parallel columns of
/// [`Pattern`] (the shorter string as the pattern): a few word operations per character
/// of the longer per 64 of the shorter.
pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return long.len();
    }
    Pattern::new(short).distance(long)
}

/// Edit distance of two strings after [`fold`]: the plain definition, one cell at a time
/// (the reference the bit-parallel one is tested against).
#[cfg(test)]
fn levenshtein_plain(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let ca = fold(ca);
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != fold(cb)));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// Sellers' table, one cell at a time: the distance of the best match ending at
    /// each text position.
    fn brute_ends(text: &[char], pattern: &[char]) -> Vec<usize> {
        let m = pattern.len();
        let mut column: Vec<usize> = (0..=m).collect();
        let mut out = Vec::new();
        for &c in text {
            let mut diagonal = 0;
            column[0] = 0;
            for j in 0..m {
                let above = column[j + 1];
                column[j + 1] = (above + 1)
                    .min(column[j] + 1)
                    .min(diagonal + usize::from(fold(pattern[j]) != fold(c)));
                diagonal = above;
            }
            out.push(column[m]);
        }
        out
    }

    fn myers_ends(text: &[char], pattern: &[char]) -> Vec<usize> {
        let mut out = vec![usize::MAX; text.len()];
        Pattern::new(pattern).search(text.iter().copied(), usize::MAX, |end, e| out[end - 1] = e);
        out
    }

    use crate::core::reanchor::test_rng::Lcg;

    #[test]
    fn bit_parallel_columns_equal_the_plain_table_on_random_strings() {
        let mut rng = Lcg(7);
        // Small alphabets make many near matches; lengths cross the 64- and 128-character
        // word boundaries.
        let alphabets = [chars("ab"), chars("acgt"), chars("abcdé“”\" -")];
        for round in 0..600 {
            let alphabet = &alphabets[round % alphabets.len()];
            let m = 1 + rng.below(if round % 3 == 0 { 200 } else { 70 });
            let n = rng.below(400);
            let pattern = rng.string(alphabet, m);
            let text = rng.string(alphabet, n);
            assert_eq!(
                myers_ends(&text, &pattern),
                brute_ends(&text, &pattern),
                "round {round}, m {m}, n {n}"
            );
        }
    }

    #[test]
    fn recovered_matches_have_the_distance_they_claim() {
        let mut rng = Lcg(11);
        let alphabet = chars("abcd ");
        for round in 0..300 {
            let m = 2 + rng.below(90);
            let pattern = rng.string(&alphabet, m);
            // The pattern planted in noise with a few edits.
            let lead = rng.below(100);
            let mut text = rng.string(&alphabet, lead);
            let mut planted = pattern.clone();
            for _ in 0..rng.below(m / 5 + 1) {
                let at = rng.below(planted.len());
                match rng.below(3) {
                    0 => planted[at] = alphabet[rng.below(alphabet.len())],
                    1 => planted.insert(at, alphabet[rng.below(alphabet.len())]),
                    _ => {
                        planted.remove(at);
                    }
                }
            }
            text.extend(&planted);
            let trail = rng.below(100);
            text.extend(rng.string(&alphabet, trail));
            let k = m / 4 + 1;
            for found in find(&text, &pattern, k) {
                assert!(found.errors <= k, "round {round}");
                assert_eq!(
                    levenshtein_plain(&pattern, &text[found.start..found.end]),
                    found.errors,
                    "round {round}"
                );
                // No stretch ending there is closer.
                let best = (0..=found.end)
                    .map(|s| levenshtein_plain(&pattern, &text[s..found.end]))
                    .min()
                    .unwrap_or(usize::MAX);
                assert_eq!(best, found.errors, "round {round}");
            }
        }
    }

    #[test]
    fn the_ascii_table_folds_as_fold_does() {
        for b in 0u8..128 {
            assert_eq!(FOLDED_ASCII[b as usize] as char, fold(b as char), "{b}");
        }
    }

    #[test]
    fn the_bit_parallel_distance_is_the_plain_one() {
        let mut rng = Lcg(5);
        let alphabet = chars("ab cé“\"—-");
        for round in 0..2_000 {
            let (la, lb) = (rng.below(150), rng.below(150));
            let a = rng.string(&alphabet, la);
            let b = rng.string(&alphabet, lb);
            assert_eq!(
                levenshtein(&a, &b),
                levenshtein_plain(&a, &b),
                "round {round}: {a:?} / {b:?}"
            );
        }
        assert_eq!(levenshtein(&chars(""), &chars("abc")), 3);
        assert_eq!(levenshtein(&chars("kitten"), &chars("sitting")), 3);
    }

    #[test]
    fn one_backward_table_gives_every_start_s_distance() {
        for (pattern, segment) in [
            (
                "neutron weapons",
                "the mutual refusal to produce neutron weapon",
            ),
            ("abc", ""),
            ("", "xyz"),
            ("détente", "a détente détente"),
            ("Backfire", "Backfir bomber Backfire"),
        ] {
            let (p, seg) = (chars(pattern), chars(segment));
            let table = distances_to_starts(&p, &seg);
            assert_eq!(table.len(), seg.len() + 1);
            for (k, &cost) in table.iter().enumerate() {
                assert_eq!(
                    cost,
                    levenshtein_plain(&p, &seg[seg.len() - k..]),
                    "{pattern} / {k}"
                );
            }
        }
    }

    #[test]
    fn finds_the_closest_stretches_and_folds_quotes() {
        let text = chars("the cold war began; the cld war ended");
        let hits = find(&text, &chars("cold war"), 1);
        let words: Vec<String> = hits
            .iter()
            .map(|m| text[m.start..m.end].iter().collect())
            .collect();
        assert_eq!(words, ["cold war", "cld war"]);
        assert_eq!(hits[1].errors, 1);
        // Straightened quotes are no edit at all, and the closing mark is kept.
        let text = chars("so-called \"cold war\" policy");
        let hits = find(&text, &chars("“cold war”"), 2);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].errors, 0);
        assert_eq!(
            text[hits[0].start..hits[0].end].iter().collect::<String>(),
            "\"cold war\""
        );
        assert!(find(&text, &[], 3).is_empty());
    }
}
