//! The bundled Brezhnev letter parses to exactly its printed structure.

use marginalia::core::document::{BlockKind, Document};
use marginalia::core::text::{CharOffset, CharRange};

fn seed_from_disk() -> Document {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/frus1977-80v06-d84.txt");
    Document::open(&path).expect("the seed opens from disk")
}

/// The canonical offset right after the first occurrence of `needle`.
fn offset_after(doc: &Document, needle: &str) -> CharOffset {
    doc.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"))
        .end
}

fn offset_before(doc: &Document, needle: &str) -> CharOffset {
    doc.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"))
        .start
}

#[test]
fn number_title_citation_and_url() {
    for doc in [Document::seed(), seed_from_disk()] {
        let info = doc.info();
        assert_eq!(info.number, Some(84));
        assert_eq!(
            info.title,
            "Letter From Soviet General Secretary Brezhnev to President Carter"
        );
        assert_eq!(
            info.citation.as_deref(),
            Some(
                "Foreign Relations of the United States, 1977–1980, Volume VI, Soviet Union, Document 84"
            )
        );
        assert_eq!(
            info.url.as_deref(),
            Some("https://history.state.gov/historicaldocuments/frus1977-80v06/d84")
        );
        assert!(doc.warnings().is_empty(), "{:?}", doc.warnings());
    }
}

#[test]
fn five_footnote_references_at_exact_offsets() {
    let doc = Document::seed();
    let refs: Vec<(u32, CharOffset)> = doc
        .footnote_refs()
        .iter()
        .map(|r| (r.number, r.offset))
        .collect();
    let expected = vec![
        (1, offset_after(&doc, "President Carter")),
        (2, offset_after(&doc, "January 30,")),
        (3, offset_after(&doc, "neutron weapons.")),
        (4, offset_after(&doc, "October 1, 1977,")),
        (5, offset_after(&doc, "L. Brezhnev")),
    ];
    assert_eq!(refs, expected);
    // Each reference sits exactly after the words the source glued it to.
    let before = |r: CharOffset, n: usize| {
        doc.slice(CharRange::new(CharOffset(r.0 - n), r))
            .to_string()
    };
    assert_eq!(before(refs[0].1, 6), "Carter");
    assert_eq!(before(refs[1].1, 11), "January 30,");
    assert_eq!(before(refs[2].1, 16), "neutron weapons.");
    assert_eq!(before(refs[3].1, 16), "October 1, 1977,");
    assert_eq!(before(refs[4].1, 8), "Brezhnev");
    // The heading reference is at the heading's end, the signature's at the text's end.
    assert_eq!(refs[0].1, doc.blocks()[0].range.end);
    assert_eq!(refs[4].1, CharOffset(doc.char_len()));
}

#[test]
fn five_footnote_texts() {
    let doc = Document::seed();
    let texts: Vec<(u32, &str)> = doc
        .footnotes()
        .iter()
        .map(|f| (f.number, f.text.as_str()))
        .collect();
    assert_eq!(texts.len(), 5);
    assert!(
        texts[0]
            .1
            .starts_with("Source: Carter Library, National Security Affairs")
    );
    assert!(
        texts[0]
            .1
            .ends_with("Dobrynin delivered the letter to Vance on February 28; see Document 85.")
    );
    assert_eq!(texts[1], (2, "See Document 77."));
    assert_eq!(texts[2], (3, "See Document 76."));
    assert_eq!(texts[3], (4, "See footnote 2, Document 52."));
    assert_eq!(
        texts[4],
        (5, "Printed from a copy that bears this typed signature.")
    );
    assert_eq!(
        doc.footnote(3).map(|f| f.text.as_str()),
        Some("See Document 76.")
    );
}

#[test]
fn pages_286_to_288_start_at_exact_places() {
    let doc = Document::seed();
    let pages: Vec<(u32, CharOffset)> = doc.pages().iter().map(|p| (p.page, p.offset)).collect();
    assert_eq!(
        pages,
        vec![
            (286, CharOffset(0)),
            (287, offset_before(&doc, "considered by the US side")),
            (288, offset_before(&doc, "settlement” this does not")),
        ]
    );
    // The marker left no double space behind.
    assert!(doc.text().contains("will be considered by the US side"));
    assert!(doc.text().contains("principles of a settlement” this"));
    assert_eq!(doc.page_at(CharOffset(0)), Some(286));
    let p287 = pages[1].1;
    assert_eq!(doc.page_at(CharOffset(p287.0 - 1)), Some(286));
    assert_eq!(doc.page_at(p287), Some(287));
    assert_eq!(doc.page_at(CharOffset(doc.char_len())), Some(288));
}

#[test]
fn blocks_have_their_kinds() {
    let doc = Document::seed();
    let blocks = doc.blocks();
    let kinds: Vec<BlockKind> = blocks.iter().map(|b| b.kind).collect();
    assert_eq!(kinds[0], BlockKind::Heading);
    assert_eq!(kinds[1], BlockKind::Salutation);
    assert_eq!(*kinds.last().unwrap(), BlockKind::Signature);
    assert!(
        kinds[2..kinds.len() - 1]
            .iter()
            .all(|k| *k == BlockKind::Paragraph)
    );
    assert_eq!(blocks.len(), 19);
    assert_eq!(doc.slice(blocks[1].range), "Dear Mr. President,");
    assert_eq!(doc.slice(blocks[blocks.len() - 1].range), "L. Brezhnev");
    assert_eq!(
        doc.slice(blocks[0].range),
        "84. Letter From Soviet General Secretary Brezhnev to President Carter"
    );
    // One blank line between blocks, nothing else.
    for pair in blocks.windows(2) {
        assert_eq!(
            doc.slice(CharRange::new(pair[0].range.end, pair[1].range.start)),
            "\n\n"
        );
    }
    assert_eq!(blocks[0].range.start, CharOffset(0));
}

#[test]
fn canonical_text_has_no_markers_or_glued_digits() {
    let doc = Document::seed();
    let text = doc.text();
    assert!(!text.contains("[Page"));
    assert!(!text.contains("  "));
    for glued in [
        "Carter1",
        "30,2",
        "weapons.3",
        "1977,4",
        "Brezhnev5",
        "Source:",
    ] {
        assert!(!text.contains(glued), "{glued} is in the canonical text");
    }
    // Real numbers stay.
    assert!(text.contains("January 30, has evoked"));
    assert!(text.contains("October 1, 1977, has embarked"));
    assert!(text.ends_with("L. Brezhnev"));
}

#[test]
fn inspect_report_names_every_structure() {
    let report = marginalia::core::document::inspect::InspectReport::new(&Document::seed());
    let text = report.to_text();
    assert!(text.contains("p. 287"));
    let call_3 = text
        .lines()
        .find(|l| l.trim_start().starts_with("3 at"))
        .unwrap();
    assert!(call_3.ends_with("neutron weapons."), "{call_3}");
    assert!(text.contains("salutation"));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["footnote_refs"].as_array().map(Vec::len), Some(5));
    assert_eq!(json["pages"][1]["page"], 287);
    assert_eq!(json["blocks"][0]["kind"], "heading");
}

#[test]
fn core_never_names_the_ui_stack() {
    let core = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core");
    let mut stack = vec![core];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            for name in ["egui", "eframe", "rfd::"] {
                assert!(!source.contains(name), "{} names {name}", path.display());
            }
        }
    }
}

#[test]
fn word_at_finds_whole_words_and_skips_quotes_and_dashes() {
    let doc = Document::seed();
    let word = |needle: &str, skip: usize| {
        let at = offset_before(&doc, needle) + skip;
        doc.slice(doc.word_at(at)).to_string()
    };
    assert_eq!(word("other’s legitimate", 2), "other’s");
    assert_eq!(word("“cold war”", 2), "cold");
    assert_eq!(word("Soviet-US relations", 8), "Soviet-US");
    assert_eq!(word("today—if", 1), "today");
    // On punctuation or space there is no word.
    assert!(doc.word_at(offset_before(&doc, ", I will put")).is_empty());
    assert!(doc.word_at(offset_before(&doc, " has evoked")).is_empty());
}
