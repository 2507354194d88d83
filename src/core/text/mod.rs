//! Typed positions in a document's canonical text, and distances between them.
//!
//! Every anchor, page start and footnote reference is a [`CharOffset`]: a count of Unicode
//! scalar values (code points) from the start of the canonical text. That is the unit the
//! W3C `TextPositionSelector` uses, so positions leave the program without conversion.
//! Byte offsets ([`ByteOffset`]) exist only where text is sliced or laid out.

use serde::{Deserialize, Serialize};
use std::ops::{Add, Sub};

/// A position in the canonical text, counted in code points.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct CharOffset(pub usize);

/// A position in the canonical text, counted in UTF-8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ByteOffset(pub usize);

/// A distance in the canonical text, counted in code points: how far apart two
/// positions are (`position − position = count`), or how far to move one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct CharCount(pub usize);

impl CharCount {
    /// The count as a plain number (a length, an index into a slice of characters).
    pub fn get(self) -> usize {
        self.0
    }
}

impl CharOffset {
    /// The position as an index into the text's characters.
    pub fn index(self) -> usize {
        self.0
    }
}

/// `count` code points further on.
impl Add<CharCount> for CharOffset {
    type Output = CharOffset;
    fn add(self, rhs: CharCount) -> CharOffset {
        CharOffset(self.0 + rhs.0)
    }
}

/// `n` code points further on.
impl Add<usize> for CharOffset {
    type Output = CharOffset;
    fn add(self, rhs: usize) -> CharOffset {
        self + CharCount(rhs)
    }
}

/// `count` code points back, stopping at the start of the text.
impl Sub<CharCount> for CharOffset {
    type Output = CharOffset;
    fn sub(self, rhs: CharCount) -> CharOffset {
        CharOffset(self.0.saturating_sub(rhs.0))
    }
}

/// `n` code points back, stopping at the start of the text.
impl Sub<usize> for CharOffset {
    type Output = CharOffset;
    fn sub(self, rhs: usize) -> CharOffset {
        self - CharCount(rhs)
    }
}

/// How far apart two positions are, in code points (`position − position = count`);
/// nothing when the second is further on.
impl Sub for CharOffset {
    type Output = CharCount;
    fn sub(self, rhs: CharOffset) -> CharCount {
        CharCount(self.0.saturating_sub(rhs.0))
    }
}

/// A half-open span `[start, end)` of the canonical text, in code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct CharRange {
    pub start: CharOffset,
    pub end: CharOffset,
}

impl CharRange {
    /// A span from `start` to `end`; the two are put in order if given reversed.
    pub fn new(a: CharOffset, b: CharOffset) -> Self {
        if a <= b {
            Self { start: a, end: b }
        } else {
            Self { start: b, end: a }
        }
    }

    /// Number of code points covered.
    pub fn len(&self) -> usize {
        (self.end - self.start).get()
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    /// True when `offset` lies inside the half-open span.
    pub fn contains(&self, offset: CharOffset) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The part of this span that lies inside `other`, if any.
    pub fn intersect(&self, other: &CharRange) -> Option<CharRange> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start < end).then_some(CharRange { start, end })
    }
}

/// How many code points apart the checkpoints of a [`TextIndex`] are.
const CHECKPOINT_EVERY: usize = 64;

/// Converts between code-point and byte offsets of one text in near-constant time.
///
/// It keeps the byte offset of every 64th code point, so a lookup walks at most 63
/// characters. For pure ASCII text both units agree and no table is kept.
#[derive(Debug, Clone, Default)]
pub struct TextIndex {
    checkpoints: Vec<usize>,
    char_len: usize,
    byte_len: usize,
}

impl TextIndex {
    /// Builds the index of `text`.
    pub fn new(text: &str) -> Self {
        let byte_len = text.len();
        if text.is_ascii() {
            return Self {
                checkpoints: Vec::new(),
                char_len: byte_len,
                byte_len,
            };
        }
        let mut checkpoints = Vec::with_capacity(byte_len / CHECKPOINT_EVERY + 1);
        let mut char_len = 0;
        for (i, (byte, _)) in text.char_indices().enumerate() {
            if i % CHECKPOINT_EVERY == 0 {
                checkpoints.push(byte);
            }
            char_len = i + 1;
        }
        Self {
            checkpoints,
            char_len,
            byte_len,
        }
    }

    /// Length of the text in code points.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// True when the indexed text is pure ASCII (both units agree).
    fn is_ascii(&self) -> bool {
        self.char_len == self.byte_len
    }

    /// The byte offset of `offset` in `text` (the text this index was built from).
    /// Offsets past the end clamp to the end.
    pub fn byte_of(&self, text: &str, offset: CharOffset) -> ByteOffset {
        if offset.0 >= self.char_len {
            return ByteOffset(self.byte_len);
        }
        if self.is_ascii() {
            return ByteOffset(offset.0);
        }
        let slot = offset.0 / CHECKPOINT_EVERY;
        let base = self.checkpoints[slot];
        let rest = offset.0 - slot * CHECKPOINT_EVERY;
        let byte = text[base..]
            .char_indices()
            .nth(rest)
            .map_or(self.byte_len, |(b, _)| base + b);
        ByteOffset(byte)
    }

    /// The code-point offset of the character that contains byte `byte` in `text`.
    /// Bytes past the end clamp to the end.
    pub fn char_of(&self, text: &str, byte: ByteOffset) -> CharOffset {
        if byte.0 >= self.byte_len {
            return CharOffset(self.char_len);
        }
        if self.is_ascii() {
            return CharOffset(byte.0);
        }
        let slot = self.checkpoints.partition_point(|&b| b <= byte.0) - 1;
        let base = self.checkpoints[slot];
        let count = text[base..]
            .char_indices()
            .take_while(|&(b, _)| base + b <= byte.0)
            .count();
        CharOffset(slot * CHECKPOINT_EVERY + count - 1)
    }

    /// The slice of `text` covered by `range`.
    pub fn slice<'a>(&self, text: &'a str, range: CharRange) -> &'a str {
        let start = self.byte_of(text, range.start).0;
        let end = self.byte_of(text, range.end).0;
        &text[start..end.max(start)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_non_ascii_agree_with_char_indices() {
        for text in [
            "plain text",
            "“cold war” — Brezhnev’s",
            "é́ Ωμέγα Брежнев 👍🏽",
            "",
        ] {
            let index = TextIndex::new(text);
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            assert_eq!(index.char_len(), chars.len());
            for (i, &(b, _)) in chars.iter().enumerate() {
                assert_eq!(index.byte_of(text, CharOffset(i)), ByteOffset(b));
                assert_eq!(index.char_of(text, ByteOffset(b)), CharOffset(i));
            }
            assert_eq!(index.byte_of(text, CharOffset(chars.len())).0, text.len());
        }
    }

    #[test]
    fn positions_and_distances_are_typed_and_saturate_at_the_start() {
        let (a, b) = (CharOffset(3), CharOffset(10));
        assert_eq!(b - a, CharCount(7), "position − position = count");
        assert_eq!(a - b, CharCount(0), "never below nothing");
        assert_eq!(a + (b - a), b);
        assert_eq!(b - CharCount(7), a);
        assert_eq!(a - 5, CharOffset(0), "moving back stops at the start");
        assert_eq!(a + 4, CharOffset(7));
        assert_eq!((b - a).get(), 7);
        assert_eq!(b.index(), 10);
    }

    #[test]
    fn range_helpers() {
        let r = CharRange::new(CharOffset(9), CharOffset(3));
        assert_eq!(r.start, CharOffset(3));
        assert_eq!(r.len(), 6);
        assert!(r.contains(CharOffset(3)) && !r.contains(CharOffset(9)));
        let other = CharRange::new(CharOffset(5), CharOffset(20));
        assert_eq!(
            r.intersect(&other),
            Some(CharRange::new(CharOffset(5), CharOffset(9)))
        );
        assert_eq!(
            r.intersect(&CharRange::new(CharOffset(9), CharOffset(10))),
            None
        );
    }
}
