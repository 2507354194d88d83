//! Positions survive any text: code points ↔ bytes round-trip, slices agree with `chars()`.

use marginalia::core::document::Document;
use marginalia::core::text::{ByteOffset, CharOffset, CharRange, TextIndex};
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any bytes at all: an error or a document, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(doc) = Document::from_bytes(&bytes, std::path::Path::new("fuzz.txt")) {
            prop_assert!(doc.char_len() <= bytes.len());
            let _ = doc.slice(doc.full_range());
        }
    }

    /// Any text shaped like a FRUS document: structure stays inside the text.
    #[test]
    fn frus_shaped_text_never_panics(
        body in prop::collection::vec("[A-Za-z ,.;:“”’0-9\\[\\]Pag]{0,40}", 0..12),
        notes in prop::collection::vec("[A-Za-z .]{1,20}", 0..4),
    ) {
        let mut text = String::from("7. A Heading1\n\n");
        for (i, line) in body.iter().enumerate() {
            text.push_str(line);
            text.push_str(if i % 3 == 0 { "[Page 12]" } else { "2" });
            text.push_str("\n\n");
        }
        for (i, note) in notes.iter().enumerate() {
            text.push_str(&format!("  {}. {note}\n", i + 1));
        }
        let doc = Document::from_text(&text, "shaped.txt");
        for r in doc.footnote_refs() {
            prop_assert!(r.offset.0 <= doc.char_len());
            prop_assert!(doc.footnote(r.number).is_some());
        }
        prop_assert!(!doc.text().contains("[Page 12]"));
    }
}
