//! The plain-text reader on the shapes of real FRUS renderings it used to misread: numbers
//! taken for footnote calls, calls glued to numbers, tables run into one paragraph, and
//! headings, datelines and memo headers read as body text. Short texts written for the
//! tests; the seed letter's exact reading is checked in seed_document.rs.

use marginalia::core::document::{BlockKind, Document};
use std::path::Path;

fn read(text: &str) -> Document {
    Document::from_bytes(text.as_bytes(), Path::new("test.txt")).unwrap()
}

fn calls(doc: &Document) -> Vec<(u32, String)> {
    doc.footnote_refs()
        .iter()
        .map(|r| {
            let from = r.offset - 12;
            (
                r.number,
                doc.slice(marginalia::core::text::CharRange::new(from, r.offset))
                    .to_string(),
            )
        })
        .collect()
}

fn kinds(doc: &Document) -> Vec<(BlockKind, &str)> {
    doc.blocks()
        .iter()
        .map(|b| (b.kind, doc.slice(b.range)))
        .collect()
}

#[test]
fn a_decimal_is_a_number_and_the_real_call_is_found() {
    let doc = read(
        "12. Telegram From the Embassy\n\n\
         Growth was lower—7.3% but steady.1 Prices rose.2 After consultations,3 we agreed.\n\n  \
         1. One.\n  2. Two.\n  3. Three.\n",
    );
    assert!(doc.text().contains("lower—7.3% but"), "{}", doc.text());
    assert!(
        doc.text().contains("consultations, we agreed"),
        "{}",
        doc.text()
    );
    let found = calls(&doc);
    assert_eq!(found[2], (3, "nsultations,".to_string()));
    assert!(doc.unplaced_footnotes().is_empty());
    assert!(doc.warnings().is_empty(), "{:?}", doc.warnings());
}

#[test]
fn money_years_and_ratios_with_points_are_never_calls() {
    let doc = read(
        "Title\n\nIt cost $10.5 million in fiscal 1977.5 Then a ratio of 2.5 was set at 7.8%.\n\n\
         The program ended.5\n\n  1. One.\n  2. Two.\n  3. Three.\n  4. Four.\n  5. Five.\n",
    );
    let body = doc.slice(doc.blocks()[1].range);
    assert_eq!(
        body,
        "It cost $10.5 million in fiscal 1977.5 Then a ratio of 2.5 was set at 7.8%."
    );
    assert_eq!(calls(&doc), [(5, "ogram ended.".to_string())]);
    // Four notes have no call: said, and shown where the historian looks.
    assert_eq!(doc.unplaced_footnotes(), [1, 2, 3, 4]);
}

#[test]
fn a_year_ending_a_sentence_carries_the_call_of_a_note_with_no_other_place() {
    let doc = read(
        "Title\n\nFirst,1 second,2 third.3 Fourth.4 He cited the Shanghai communique of \
         1972.5 He has expressed the hope again.\n\n  1. One.\n  2. Two.\n  3. Three.\n  \
         4. Four.\n  5. The communique of February 27, 1972.\n",
    );
    assert!(
        doc.unplaced_footnotes().is_empty(),
        "{:?}",
        doc.unplaced_footnotes()
    );
    let body = doc.slice(doc.blocks()[1].range);
    assert!(
        body.ends_with("communique of 1972. He has expressed the hope again."),
        "{body}"
    );
    assert_eq!(calls(&doc)[4], (5, "que of 1972.".to_string()));
}

#[test]
fn a_call_glued_to_a_number_is_split_off_when_nothing_else_places_the_note() {
    let mut text = String::from("Title\n\n");
    for n in 1..=9 {
        text.push_str(&format!("Point {n} was made.{n} "));
    }
    text.push_str("Shipments under PL–48010 went on. In 1977, 480 tons.\n\n");
    for n in 1..=10 {
        text.push_str(&format!("  {n}. Note {n}.\n"));
    }
    let doc = read(&text);
    assert!(
        doc.text().contains("under PL–480 went on"),
        "{}",
        doc.text()
    );
    let ten = doc.footnote_refs().iter().find(|r| r.number == 10).unwrap();
    let pl = doc.find("PL–480").unwrap();
    assert_eq!(ten.offset, pl.end);
    assert_eq!(doc.footnote_refs().len(), 10);
    // A number that is not needed as a call stays whole.
    let plain = read("Title\n\nShipments under PL–48010 went on.\n\n  1. Note.\n");
    assert!(plain.text().contains("PL–48010"));
    assert_eq!(plain.unplaced_footnotes(), [1]);
}

#[test]
fn calls_are_matched_as_a_whole_not_first_come() {
    // Call 2 was lost in the rendering, and "Table2" comes at the end. Taken first come,
    // note 2 would go to "Table2" and notes 3 and 4 would find no call after it; matched
    // as a whole, 3 and 4 are placed and only 2 is reported.
    let doc = read(
        "Title\n\nFirst point.1 Second point. Third point.3 Fourth point.4 See Table2 below.\n\n  \
         1. One.\n  2. Two.\n  3. Three.\n  4. Four.\n",
    );
    let numbers: Vec<u32> = doc.footnote_refs().iter().map(|r| r.number).collect();
    assert_eq!(numbers, [1, 3, 4]);
    assert_eq!(doc.unplaced_footnotes(), [2]);
    assert!(doc.text().contains("See Table2 below"));
}

#[test]
fn a_block_of_rows_is_a_table() {
    let doc = read(
        "Title\n\nThe figures:\n\n\
         Item | 1977 | 1978\n\
         ---|---|---\n\
         ICBMs | 1,054 | 1,054\n\
         SLBMs | 656 | 656\n\n\
         Tab\tseparated\n\
         rows\ttoo\n",
    );
    let tables: Vec<&str> = doc
        .blocks()
        .iter()
        .filter(|b| b.kind == BlockKind::Table)
        .map(|b| doc.slice(b.range))
        .collect();
    assert_eq!(
        tables,
        [
            "Item\t1977\t1978\nICBMs\t1,054\t1,054\nSLBMs\t656\t656",
            "Tab\tseparated\nrows\ttoo"
        ]
    );
}

/// The page each row of the document's tables begins on, with the row's text.
fn table_rows_with_pages(doc: &Document) -> Vec<Vec<(u32, String)>> {
    let text: Vec<char> = doc.text().chars().collect();
    (doc.blocks().iter())
        .filter(|b| b.kind == BlockKind::Table)
        .map(|b| {
            let mut rows = Vec::new();
            let mut start = b.range.start.index();
            for row in doc.slice(b.range).split('\n') {
                let page = doc.page_at(marginalia::core::text::CharOffset(start));
                rows.push((page.unwrap_or(0), row.to_string()));
                start += row.chars().count() + 1;
            }
            assert!(start - 1 <= text.len());
            rows
        })
        .collect()
}

#[test]
fn a_table_interrupted_by_a_page_line_stays_one_table_with_the_break_between_rows() {
    let rows = |doc: &Document| table_rows_with_pages(doc);
    // The marker among the rows, and (as a rendering with blank lines around every
    // marker gives it) the marker as a block of its own.
    for text in [
        "[Page 14]\n\nThe figures:\n\n\
         Item | 1977 | 1978\n\
         ICBMs | 1,054 | 1,054\n\
         [Page 15]\n\
         SLBMs | 656 | 656\n\
         Bombers | 432 | 400\n\nAfter the table.\n",
        "[Page 14]\n\nThe figures:\n\n\
         Item | 1977 | 1978\n\
         ICBMs | 1,054 | 1,054\n\n\
         [Page 15]\n\n\
         SLBMs | 656 | 656\n\
         Bombers | 432 | 400\n\nAfter the table.\n",
    ] {
        let doc = read(text);
        assert_eq!(
            rows(&doc),
            [vec![
                (14, "Item\t1977\t1978".to_string()),
                (14, "ICBMs\t1,054\t1,054".to_string()),
                (15, "SLBMs\t656\t656".to_string()),
                (15, "Bombers\t432\t400".to_string()),
            ]],
            "{text}"
        );
        // No cell separator or marker is left in the text a quote is cut from.
        assert!(!doc.text().contains('|') && !doc.text().contains("[Page"));
        assert!(doc.text().contains("After the table."));
    }
    // Prose around a marker line is not a table, and two tables of different widths
    // stay apart.
    let doc =
        read("A | B\nC | D\n\n[Page 3]\n\nE | F | G\nH | I | J\n\nJust prose [Page 4] here.\n");
    assert_eq!(rows(&doc).len(), 2);
    assert!(doc.text().contains("Just prose here."));
}

#[test]
fn headings_datelines_and_memo_headers_are_their_own_kinds() {
    let doc = read(
        "45. Memorandum of Conversation\n\n\
         Honolulu, Hawaii, June 16, 1978\n\n\
         SUBJECT: Meeting with the Prime Minister\n\n\
         PARTICIPANTS: The President, the Prime Minister\n\n\
         I. Your Conduct of the Meeting\n\n\
         The meeting opened with a long exchange of views on the state of the talks, which both sides described as useful.\n\n\
         Human Rights\n\n\
         The Prime Minister raised the question of the detainees.\n",
    );
    assert_eq!(
        kinds(&doc),
        [
            (BlockKind::Heading, "45. Memorandum of Conversation"),
            (BlockKind::Dateline, "Honolulu, Hawaii, June 16, 1978"),
            (
                BlockKind::MemoHeader,
                "SUBJECT: Meeting with the Prime Minister"
            ),
            (
                BlockKind::MemoHeader,
                "PARTICIPANTS: The President, the Prime Minister"
            ),
            (BlockKind::Subheading, "I. Your Conduct of the Meeting"),
            (
                BlockKind::Paragraph,
                "The meeting opened with a long exchange of views on the state of the talks, which both sides described as useful."
            ),
            (BlockKind::Subheading, "Human Rights"),
            (
                BlockKind::Paragraph,
                "The Prime Minister raised the question of the detainees."
            ),
        ]
    );
}

#[test]
fn a_letter_with_a_dateline_keeps_its_salutation() {
    let doc = read(
        "84. Letter From Brezhnev to Carter\n\nMoscow, February 25, 1978.\n\nDear Mr. President,\n\n\
         Your latest letter has evoked mixed feelings.\n\nL. Brezhnev\n",
    );
    let k: Vec<BlockKind> = kinds(&doc).into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        k,
        [
            BlockKind::Heading,
            BlockKind::Dateline,
            BlockKind::Salutation,
            BlockKind::Paragraph,
            BlockKind::Signature
        ]
    );
}
