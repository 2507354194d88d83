//! Where in a long text a pattern may stand with up to `k` edits, without reading the
//! whole text: an index of the text's three-character pieces, built once.
//!
//! A stretch within `k` edits of a pattern of `m` characters shares at least
//! `m - 2 - 3k` of the pattern's three-character pieces with it (each edit spoils at most
//! three of them), each on a diagonal (text position less pattern position) within `k`
//! of the stretch's start. So the pattern's pieces vote, through the index, for the
//! diagonals they stand on, in bands of [`BAND`]; only where two neighbouring bands
//! together have enough votes can the pattern stand, and only there is the text
//! searched. Pieces are compared after [`myers::fold`], and are hashed, so two pieces may
//! share a slot: that adds votes, never removes one, and costs only a wider search.

use super::myers;

/// Slots of the hash of a piece: about two for each character of the text, from 2^12 to
/// 2^18.
const MIN_SLOT_BITS: u32 = 12;
const MAX_SLOT_BITS: u32 = 18;
/// Diagonals are counted in bands this wide; two neighbouring bands together cover any
/// occurrence whose edits shift it by less than this.
const BAND: usize = 64;
/// Texts shorter than this are searched whole: reading them costs less than the index.
pub(super) const MIN_INDEXED_CHARS: usize = 16_000;

/// The text's pieces by slot: for each slot, the positions where a piece with that hash
/// begins, rising.
pub(super) struct Grams {
    starts: Vec<u32>,
    positions: Vec<u32>,
    len: usize,
    bits: u32,
}

fn slot(bits: u32, a: char, b: char, c: char) -> usize {
    let h = (a as u32).wrapping_mul(0x9E37_79B1)
        ^ (b as u32).wrapping_mul(0x85EB_CA77).rotate_left(11)
        ^ (c as u32).wrapping_mul(0xC2B2_AE3D).rotate_left(22);
    (h.wrapping_mul(0x2545_F491) >> (32 - bits)) as usize
}

impl Grams {
    /// Indexes `chars` (a text of fewer than 2^32 characters).
    pub(super) fn new(chars: &[char]) -> Self {
        let folded: Vec<char> = chars.iter().map(|&c| myers::fold(c)).collect();
        let bits = (usize::BITS - chars.len().leading_zeros()).clamp(MIN_SLOT_BITS, MAX_SLOT_BITS);
        let slots = 1usize << bits;
        let mut starts = vec![0u32; slots + 1];
        let pieces = folded.len().saturating_sub(2);
        let slot_at = |i: usize| slot(bits, folded[i], folded[i + 1], folded[i + 2]);
        for i in 0..pieces {
            starts[slot_at(i) + 1] += 1;
        }
        for s in 0..slots {
            starts[s + 1] += starts[s];
        }
        let mut next: Vec<u32> = starts[..slots].to_vec();
        let mut positions = vec![0u32; pieces];
        for i in 0..pieces {
            let s = slot_at(i);
            positions[next[s] as usize] = i as u32;
            next[s] += 1;
        }
        Grams {
            starts,
            positions,
            len: chars.len(),
            bits,
        }
    }

    /// The stretches of the text (start, end), rising and apart, outside which `pattern`
    /// cannot stand within `k` edits; `None` when the pattern is too short for its `k`
    /// for the pieces to tell anything (the whole text must be read).
    pub(super) fn regions(&self, pattern: &[char], k: usize) -> Option<Vec<(usize, usize)>> {
        let m = pattern.len();
        let needed = (m as i64) - 2 - 3 * k as i64;
        // An occurrence's pieces lie on 2k + 1 diagonals, which two bands must hold.
        if m < 3 || needed <= 0 || 2 * k + 1 > BAND {
            return None;
        }
        let folded: Vec<char> = pattern.iter().map(|&c| myers::fold(c)).collect();
        // Diagonal d = text position - pattern position, from -m to len; band of d + m.
        let bands = (self.len + m) / BAND + 2;
        let mut votes = vec![0u32; bands];
        for i in 0..m - 2 {
            let s = slot(self.bits, folded[i], folded[i + 1], folded[i + 2]);
            let list = &self.positions[self.starts[s] as usize..self.starts[s + 1] as usize];
            for &p in list {
                let band = (p as usize + m - i) / BAND;
                votes[band] += 1;
            }
        }
        let mut out: Vec<(usize, usize)> = Vec::new();
        for b in 0..bands - 1 {
            if i64::from(votes[b] + votes[b + 1]) < needed {
                continue;
            }
            // Diagonals of the two bands, back in text positions: a stretch begins within
            // k of its diagonals and ends within m + k of its start.
            let lo = (b * BAND).saturating_sub(m + k);
            let hi = (b + 2) * BAND + 2 * k;
            let (lo, hi) = (lo.min(self.len), hi.min(self.len));
            match out.last_mut() {
                Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
                _ => out.push((lo, hi)),
            }
        }
        Some(out)
    }
}

/// The approximate occurrences of `pattern` within `k` edits in `chars`, as
/// [`myers::find`] finds them, reading only the stretches `grams` leaves open (all of
/// the text when there is no index or it cannot tell).
pub(super) fn find(
    chars: &[char],
    grams: Option<&Grams>,
    pattern: &[char],
    k: usize,
) -> Vec<myers::Match> {
    let Some(regions) = grams.and_then(|g| g.regions(pattern, k)) else {
        return myers::find(chars, pattern, k);
    };
    let mut out = Vec::new();
    for (lo, hi) in regions {
        out.extend(
            myers::find(&chars[lo..hi], pattern, k)
                .into_iter()
                .map(|f| myers::Match {
                    start: lo + f.start,
                    end: lo + f.end,
                    errors: f.errors,
                }),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::core::reanchor::test_rng::Lcg;

    /// Every occurrence a whole reading finds with its fewest edits, the index finds too.
    #[test]
    fn the_index_misses_no_occurrence_a_whole_reading_finds() {
        let mut rng = Lcg(3);
        let words = [
            "the",
            "Soviet",
            "Union",
            "telegram",
            "embassy",
            "of",
            "to",
            "Department",
            "State",
            "—",
            "“reply”",
            "1977",
            "and",
            "in",
            "Moscow",
        ];
        let mut text = String::new();
        while text.len() < 60_000 {
            text.push_str(words[rng.below(words.len())]);
            text.push(if rng.below(12) == 0 { '\n' } else { ' ' });
        }
        let chars: Vec<char> = text.chars().collect();
        let grams = Grams::new(&chars);
        for round in 0..60 {
            let m = 40 + rng.below(60);
            let at = rng.below(chars.len() - m);
            let mut pattern: Vec<char> = chars[at..at + m].to_vec();
            for _ in 0..rng.below(m / 8 + 1) {
                let i = rng.below(pattern.len());
                match rng.below(3) {
                    0 => pattern[i] = 'x',
                    1 => pattern.insert(i, 'q'),
                    _ => {
                        pattern.remove(i);
                    }
                }
            }
            let k = pattern.len() / 8;
            let whole = myers::find(&chars, &pattern, k);
            let indexed = find(&chars, Some(&grams), &pattern, k);
            let fewest = whole.iter().map(|f| f.errors).min();
            assert_eq!(
                fewest,
                indexed.iter().map(|f| f.errors).min(),
                "round {round}"
            );
            // Each best occurrence of the whole reading is found, at the same place.
            for f in whole.iter().filter(|f| Some(f.errors) == fewest) {
                assert!(
                    indexed.iter().any(|g| g.errors == f.errors
                        && g.start.abs_diff(f.start) <= k
                        && g.end.abs_diff(f.end) <= k),
                    "round {round}: {f:?} not among {indexed:?}"
                );
            }
        }
    }

    #[test]
    fn too_many_edits_for_the_pieces_read_the_whole_text() {
        let chars: Vec<char> = "abc abd abe".chars().collect();
        let grams = Grams::new(&chars);
        assert!(grams.regions(&chars[..5], 2).is_none());
        assert!(grams.regions(&chars[..2], 0).is_none());
    }
}
