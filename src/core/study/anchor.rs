//! Where a highlight sits: a span of the canonical text, plus the quoted text and a little
//! context on each side, so it can be found again in another edition of the text.

use crate::core::document::Document;
use crate::core::document::words::is_word_char;
use crate::core::text::{CharOffset, CharRange};
use serde::{Deserialize, Serialize};

/// How many characters of context are kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;

/// A span of the canonical text with its quote and context (W3C `TextQuoteSelector` +
/// `TextPositionSelector` in one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub start: CharOffset,
    pub end: CharOffset,
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
}

impl Anchor {
    /// Anchors `range` of `doc`. The quote is canonical text, so it never holds page
    /// markers or footnote numbers.
    pub fn new(doc: &Document, range: CharRange) -> Self {
        let end = range.end.min(doc.end());
        let start = range.start.min(end);
        let before = start - CONTEXT_CHARS;
        let after = (end + CONTEXT_CHARS).min(doc.end());
        Anchor {
            start,
            end,
            quote: doc.slice(CharRange::new(start, end)).to_string(),
            prefix: doc.slice(CharRange::new(before, start)).to_string(),
            suffix: doc.slice(CharRange::new(end, after)).to_string(),
        }
    }

    /// The anchored span.
    pub fn range(&self) -> CharRange {
        CharRange::new(self.start, self.end)
    }
}

/// Widens `range` to whole words (a selection that starts or ends inside a word takes
/// all of it) and trims white space at both ends.
pub fn snap_to_words(doc: &Document, range: CharRange) -> CharRange {
    let char_at = |o: CharOffset| doc.slice(CharRange::new(o, o + 1)).chars().next();
    let mut start = range.start;
    let mut end = range.end.min(doc.end());
    if start >= end {
        return CharRange::new(start, start);
    }
    let inside = |o: CharOffset| {
        o.0 > 0 && char_at(o - 1).is_some_and(is_word_char) && char_at(o).is_some_and(is_word_char)
    };
    if inside(start) {
        start = doc.word_at(start).start.min(start);
    }
    if inside(end) {
        end = doc.word_at(end - 1).end.max(end);
    }
    while start < end && char_at(start).is_some_and(char::is_whitespace) {
        start = start + 1;
    }
    while end > start && char_at(end - 1).is_some_and(char::is_whitespace) {
        end = end - 1;
    }
    CharRange::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(doc: &Document, needle: &str) -> CharOffset {
        doc.find(needle).unwrap().start
    }

    #[test]
    fn anchor_keeps_quote_and_context_without_markers() {
        let doc = Document::seed();
        let start = at(&doc, "will be considered");
        let anchor = Anchor::new(&doc, CharRange::new(start, start + 18));
        assert_eq!(anchor.quote, "will be considered");
        assert_eq!(anchor.prefix.chars().count(), CONTEXT_CHARS);
        assert!(anchor.prefix.ends_with("hope that this proposal "));
        assert!(anchor.suffix.starts_with(" by the US side"));
        assert!(!anchor.quote.contains("[Page"));
    }

    #[test]
    fn anchor_at_the_text_edges_has_short_context() {
        let doc = Document::seed();
        let a = Anchor::new(&doc, CharRange::new(CharOffset(0), CharOffset(3)));
        assert_eq!((a.quote.as_str(), a.prefix.as_str()), ("84.", ""));
        let end = CharOffset(doc.char_len());
        let b = Anchor::new(&doc, CharRange::new(end - 8, end + 50));
        assert_eq!((b.quote.as_str(), b.suffix.as_str()), ("Brezhnev", ""));
    }

    #[test]
    fn snapping_takes_whole_words_and_trims_space() {
        let doc = Document::seed();
        let s = at(&doc, "neutron weapons.");
        // "utron weap" → "neutron weapons"
        let snapped = snap_to_words(&doc, CharRange::new(s + 2, s + 12));
        assert_eq!(doc.slice(snapped), "neutron weapons");
        // Leading and trailing spaces go; a whole word stays as it is.
        let snapped = snap_to_words(&doc, CharRange::new(s - 1, s + 8));
        assert_eq!(doc.slice(snapped), "neutron");
        // Punctuation selected on purpose is kept.
        let snapped = snap_to_words(&doc, CharRange::new(s + 8, s + 16));
        assert_eq!(doc.slice(snapped), "weapons.");
        let empty = snap_to_words(&doc, CharRange::new(s, s));
        assert!(empty.is_empty());
    }
}
