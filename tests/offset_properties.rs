//! Positions survive any text: code points ↔ bytes round-trip, slices agree with `chars()`.

use marginalia::core::document::Document;
use marginalia::core::offset::{ByteOffset, CharOffset, CharRange, TextIndex};
use proptest::prelude::*;

/// Text mixing ASCII, accents (precomposed and combining), Greek, Cyrillic, typographic
/// quotes and dashes, emoji with modifiers, and line breaks.
fn mixed_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "word ",
        "é",
        "e\u{301}",
        "Ω",
        "Брежнев",
        "“",
        "”",
        "’",
        "—",
        "👍🏽",
        "\n",
        "\n\n",
        "1",
        " ",
        "[Page 3]",
    ]);
    prop::collection::vec(pieces, 0..200).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn char_byte_round_trip(text in mixed_text()) {
        let index = TextIndex::new(&text);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        prop_assert_eq!(index.char_len(), chars.len());
        for (i, &(b, _)) in chars.iter().enumerate() {
            prop_assert_eq!(index.byte_of(&text, CharOffset(i)), ByteOffset(b));
            prop_assert_eq!(index.char_of(&text, ByteOffset(b)), CharOffset(i));
        }
    }

    #[test]
    fn slices_match_chars(text in mixed_text(), a in 0usize..400, b in 0usize..400) {
        let index = TextIndex::new(&text);
        let range = CharRange::new(CharOffset(a), CharOffset(b));
        let expected: String = text.chars().skip(range.start.0).take(range.len()).collect();
        prop_assert_eq!(index.slice(&text, range), expected.as_str());
    }

    #[test]
    fn parsed_structure_points_inside_the_text(text in mixed_text()) {
        prop_assume!(!text.trim().is_empty());
        let doc = Document::from_text(&text, "prop.txt");
        let len = doc.char_len();
        prop_assert!(!doc.text().contains("[Page"));
        let mut previous_end = CharOffset(0);
        for block in doc.blocks() {
            prop_assert!(block.range.start >= previous_end && block.range.end.0 <= len);
            prop_assert!(!block.range.is_empty());
            previous_end = block.range.end;
        }
        for page in doc.pages() {
            prop_assert!(page.offset.0 <= len);
        }
        for pair in doc.pages().windows(2) {
            prop_assert!(pair[0].offset <= pair[1].offset);
        }
        // Slicing every block and converting back gives the same offsets.
        for block in doc.blocks() {
            let start_byte = doc.byte_of(block.range.start);
            prop_assert_eq!(doc.char_of(start_byte), block.range.start);
        }
    }
}
