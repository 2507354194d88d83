//! FRUS TEI volumes read into documents: real excerpts of FRUS 1977–1980, vol. I
//! (tests/fixtures/tei), the letter of the seed in TEI markup, and small volumes written
//! here for what the excerpts do not have (tables, roman pages, hostile XML).

use marginalia::core::document::{BlockKind, Document, EntityKind};
use marginalia::core::progress::Progress;
use marginalia::core::source::{Source, open_source};
use marginalia::core::study::citation::pages_label;
use marginalia::core::tei::{TeiError, Volume, is_tei};
use marginalia::core::text::CharRange;
use std::path::Path;

const EXCERPT: &str = "tests/fixtures/tei/frus1977-80v01-excerpt.xml";
const LETTER: &str = "tests/fixtures/tei/frus1977-80v06-d84-reconstructed.xml";

fn excerpt() -> Volume {
    Volume::open(Path::new(EXCERPT)).expect("the excerpt reads")
}

fn doc<'a>(volume: &'a Volume, id: &str) -> &'a Document {
    &volume.documents()[volume.find(id).expect(id)]
}

fn range(doc: &Document, needle: &str) -> CharRange {
    doc.find(needle)
        .unwrap_or_else(|| panic!("“{needle}” not in {}", doc.text()))
}

/// A volume written inline: the TEI header of vol. I and `body` as its body.
fn volume_with(body: &str) -> Result<Volume, TeiError> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"
    xmlns:xi="http://www.w3.org/2001/XInclude" xml:id="frus1977-80v01">
  <teiHeader><fileDesc><titleStmt>
    <title type="series">Foreign Relations of the United States</title>
    <title type="sub-series">1977–1980</title>
    <title type="volume-number">Volume I</title>
    <title type="volume">Foundations of Foreign Policy</title>
  </titleStmt></fileDesc></teiHeader>
  <text>{body}</text>
</TEI>"#
    );
    Volume::read(&xml, "inline.xml")
}

#[test]
fn the_volume_lists_its_documents_in_order_with_numbers_titles_dates_and_chapters() {
    let volume = excerpt();
    let docs = volume.documents();
    let numbers: Vec<Option<u32>> = docs.iter().map(|d| d.info().number).collect();
    assert_eq!(numbers, [Some(1), Some(2), Some(62), Some(111)]);
    let ids: Vec<&str> = docs.iter().filter_map(|d| d.info().id.as_deref()).collect();
    assert_eq!(ids, ["d1", "d2", "d62", "d111"]);
    assert_eq!(docs[0].info().title, "Editorial Note");
    // The heading's note is not part of the title.
    assert_eq!(docs[1].info().title, "Address by Jimmy Carter");
    assert_eq!(
        docs[2].info().title,
        "Memorandum From the President’s Assistant for National Security Affairs (Brzezinski) to President Carter"
    );
    let dates: Vec<&str> = docs
        .iter()
        .filter_map(|d| d.info().date.as_deref())
        .collect();
    // An editorial note given the volume's whole range has that span, not a date (it was
    // dated by its earliest day, and sorted and drawn there); the others have their
    // datelines' days.
    assert_eq!(
        dates,
        [
            "1975-05-28/1981-01-14",
            "1975-05-28",
            "1978-01-12",
            "1979-02-20"
        ]
    );
    assert_eq!(docs[1].info().place.as_deref(), Some("Tokyo"));
    assert_eq!(
        docs[1].info().dateline.as_deref(),
        Some("Tokyo, May 28, 1975")
    );
    assert!(
        docs.iter().all(
            |d| d.info().chapter.as_deref() == Some("Foundations of Foreign Policy, 1974–1980")
        )
    );
    assert!(volume.find("84").is_none());
    assert_eq!(volume.find("62"), volume.find("d62"));
}

#[test]
fn each_document_cites_its_volume_and_has_its_address() {
    let volume = excerpt();
    let d62 = doc(&volume, "d62");
    assert_eq!(
        d62.info().citation.as_deref(),
        Some(
            "Foreign Relations of the United States, 1977–1980, Volume I, Foundations of Foreign Policy, Document 62"
        )
    );
    assert_eq!(
        d62.info().url.as_deref(),
        Some("https://history.state.gov/historicaldocuments/frus1977-80v01/d62")
    );
    assert_eq!(d62.info().source, format!("{EXCERPT}#d62"));
    let letter = Volume::open(Path::new(LETTER)).unwrap();
    assert_eq!(
        letter.documents()[0].info().citation.as_deref(),
        Some(
            "Foreign Relations of the United States, 1977–1980, Volume VI, Soviet Union, Document 84"
        )
    );
    assert_eq!(
        letter.documents()[0].info().url.as_deref(),
        Some("https://history.state.gov/historicaldocuments/frus1977-80v06/d84")
    );
    // A letter of February 1978 without a day is dated by its month.
    assert_eq!(
        letter.documents()[0].info().date.as_deref(),
        Some("1978-02")
    );
}

#[test]
fn page_breaks_start_pages_between_documents_between_paragraphs_and_inside_words() {
    let volume = excerpt();
    let d1 = doc(&volume, "d1");
    assert_eq!(d1.page_at(range(d1, "Georgia Governor").start), Some(1));
    assert_eq!(d1.page_at(range(d1, "“You should stress").start), Some(2));
    // Mid-sentence: the page begins at the word after the break, one space between.
    let that = range(d1, "other things that I would not do");
    assert_eq!(d1.page_at(that.start), Some(2));
    assert_eq!(d1.page_at(range(d1, "that I would not do").start), Some(3));
    // The next document begins on the page the last one ended on…
    let d2 = doc(&volume, "d2");
    assert_eq!(d2.pages()[0].page, 3);
    assert_eq!(d2.pages()[0].offset.0, 0);
    // …or on the page of a break between the two.
    let d62 = doc(&volume, "d62");
    assert_eq!(d62.pages()[0].page, 284);
    assert_eq!(
        pages_label(d62, range(d62, "above those with its Allies")),
        "pp. 284–85"
    );
    // Inside a word: one word in the text, the new page starting at its second part.
    let d111 = doc(&volume, "d111");
    let vietnam = range(d111, "into Vietnam.");
    assert_eq!(d111.page_at(vietnam.start), Some(553));
    let nam = range(d111, "nam. Both");
    assert_eq!(d111.page_at(nam.start), Some(556));
    assert_eq!(d111.page_at(nam.start - 1), Some(553));
    let troubled = range(d111, "are troubled, even");
    assert_eq!(pages_label(d111, troubled), "pp. 556–57");
    assert_eq!(
        d111.word_at(range(d111, "troubled").start),
        range(d111, "troubled")
    );
    // A paragraph broken over two pages by the printer stays two paragraphs, each on its page.
    assert_eq!(
        d111.page_at(range(d111, "have shown, peace").start),
        Some(553)
    );
    assert_eq!(
        d111.page_at(range(d111, "events of recent days").start),
        Some(552)
    );
}

#[test]
fn notes_are_called_at_their_exact_place_heading_notes_too() {
    let volume = excerpt();
    let d2 = doc(&volume, "d2");
    let heading = &d2.blocks()[0];
    assert_eq!(heading.kind, BlockKind::Heading);
    assert_eq!(d2.slice(heading.range), "2. Address by Jimmy Carter");
    assert_eq!(d2.footnote_refs()[0].number, 1);
    assert_eq!(d2.footnote_refs()[0].offset, heading.range.end);
    assert!(
        d2.footnotes()[0]
            .text
            .starts_with("Source: The Presidential Campaign 1976, volume I")
    );

    let d62 = doc(&volume, "d62");
    let fiasco = range(d62, "“Year of Europe” fiasco");
    let note2 = d62.footnote_refs().iter().find(|r| r.number == 2).unwrap();
    assert_eq!(note2.offset, fiasco.end);
    // The note's own markup is kept as text: the reference and its italics.
    let text2 = &d62.footnote(2).unwrap().text;
    assert!(
        text2.ends_with("see Foreign Relations, 1969–1976, vol. XXXVIII, Part 1, Foundations of Foreign Policy, 1973–1976, Document 8."),
        "{text2}"
    );
    // Entities are read: `&amp;` is an ampersand.
    assert!(
        d62.footnote(1)
            .unwrap()
            .text
            .contains("read it all & agree")
    );
    // A note inside a salutation.
    let d111 = doc(&volume, "d111");
    let kroll = range(d111, "Mr. Kroll,");
    assert!(
        d111.footnote_refs()
            .iter()
            .any(|r| r.number == 2 && r.offset == kroll.end)
    );
    // The call goes right after “Vietnam.”, where the note stands, the page break inside
    // the word notwithstanding.
    let vietnam = range(d111, "Vietnam.");
    assert!(
        d111.footnote_refs()
            .iter()
            .any(|r| r.number == 8 && r.offset == vietnam.end)
    );
    // Notes are numbered as printed: 1, 2, 7, 8 in the excerpt.
    let numbers: Vec<u32> = d111.footnotes().iter().map(|f| f.number).collect();
    assert_eq!(numbers, [1, 2, 7, 8]);
    assert!(d111.unplaced_footnotes().is_empty());
}

#[test]
fn blocks_keep_their_kinds_datelines_subject_lists_section_titles() {
    let volume = excerpt();
    let kinds_and_text = |d: &Document| -> Vec<(BlockKind, String)> {
        d.blocks()
            .iter()
            .map(|b| (b.kind, d.slice(b.range).to_string()))
            .collect()
    };
    let d62 = kinds_and_text(doc(&volume, "d62"));
    assert_eq!(
        d62[1],
        (BlockKind::Dateline, "Washington, January 12, 1978".into())
    );
    assert_eq!(d62[2], (BlockKind::MemoHeader, "SUBJECT".into()));
    assert_eq!(
        d62[3],
        (
            BlockKind::ListItem,
            "NSC Report for 1977: A Critical Self-Appraisal".into()
        )
    );
    assert_eq!(d62[4], (BlockKind::Subheading, "I. THE INHERITANCE".into()));
    assert_eq!(d62[5].0, BlockKind::Paragraph);
    let d2 = kinds_and_text(doc(&volume, "d2"));
    assert_eq!(
        d2[2],
        (
            BlockKind::Subheading,
            "NEW APPROACH TO FOREIGN POLICY".into()
        )
    );
    assert!(d2.contains(&(BlockKind::Subheading, "Lessons Learned".into())));
    let d111 = kinds_and_text(doc(&volume, "d111"));
    assert_eq!(d111[2].0, BlockKind::Salutation);
    assert!(
        d111[2].1.ends_with("ladies and gentlemen:"),
        "{}",
        d111[2].1
    );
}

#[test]
fn names_are_marked_and_identified_from_the_persons_list() {
    let volume = excerpt();
    let d1 = doc(&volume, "d1");
    let carter = range(d1, "Jimmy Carter");
    let spans: Vec<_> = d1.entities_at(carter.start).collect();
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].kind, EntityKind::Person);
    assert_eq!(spans[0].range, carter);
    assert_eq!(spans[0].key.as_deref(), Some("p_CJE2_1"));
    let who = d1.identify("p_CJE2_1").unwrap();
    assert!(
        who.starts_with(
            "Carter, James Earl, Jr. “Jimmy”, Governor of Georgia from 1971 until 1975"
        ),
        "{who}"
    );
    // A name the excerpt's list leaves out is marked but not identified.
    let eizenstat = range(d1, "Stuart Eizenstat");
    let span = d1.entities_at(eizenstat.start).next().unwrap();
    assert_eq!(span.key.as_deref(), Some("p_ESE_1"));
    assert_eq!(d1.identify("p_ESE_1"), None);
    // Terms and places too.
    let d62 = doc(&volume, "d62");
    let nsc = d62
        .entities_at(range(d62, "NSC Report").start)
        .next()
        .unwrap();
    assert_eq!(
        (nsc.kind, nsc.key.as_deref()),
        (EntityKind::Term, Some("t_NSC_1"))
    );
    let d2 = doc(&volume, "d2");
    let tokyo = d2
        .entities_at(range(d2, "Tokyo, May").start)
        .next()
        .unwrap();
    assert_eq!(tokyo.kind, EntityKind::Place);
    assert_eq!(d2.slice(tokyo.range), "Tokyo");
    // Every span lies on its own text.
    for d in volume.documents() {
        for e in d.entities() {
            assert!(e.range.end <= d.end() && !d.slice(e.range).trim().is_empty());
        }
    }
}

#[test]
fn the_letter_from_tei_and_from_plain_text_agree_except_where_the_plain_text_lost_a_dash() {
    let from_tei = Volume::open(Path::new(LETTER)).unwrap();
    let tei = &from_tei.documents()[0];
    let text = Document::seed();
    // The canonical texts are the same, character for character, so the fingerprints are:
    // a note set made on either opens on the other with every highlight where it was.
    assert_eq!(tei.text(), text.text());
    assert_eq!(tei.fingerprint(), text.fingerprint());
    let kinds = |d: &Document| {
        d.blocks()
            .iter()
            .map(|b| (b.kind, b.range))
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds(tei), kinds(&text));
    assert_eq!(tei.pages(), text.pages());
    assert_eq!(tei.footnote_refs(), text.footnote_refs());
    // The one difference: the plain text dropped the en dash of “Brezhnev–Carter” in
    // note 1 (the rendering loses some punctuation in notes).
    for (a, b) in tei.footnotes().iter().zip(text.footnotes()) {
        if a.number == 1 {
            assert_ne!(a.text, b.text);
            assert_eq!(a.text.replace("Brezhnev–Carter", "BrezhnevCarter"), b.text);
        } else {
            assert_eq!(a, b);
        }
    }
    // What only TEI gives: the names and the date.
    assert!(
        tei.entities()
            .iter()
            .any(|e| tei.slice(e.range) == "L. Brezhnev")
    );
    assert!(text.entities().is_empty());
}

#[test]
fn a_table_keeps_its_rows_and_cells_and_roman_pages_are_cited_in_roman() {
    let volume = volume_with(
        r#"<front><pb n="xi"/>
        <div type="document" n="1" xml:id="d1">
          <head>1. Chronology</head>
          <p>Preface text that runs on to the next page, a roman one: see the ta<pb n="xii"/>ble below.</p>
          <table rend="bordered">
            <head>Strategic forces, 1977</head>
            <row role="label"><cell>Category</cell><cell>U.S.</cell><cell>USSR</cell></row>
            <row><cell>ICBM launchers</cell><cell>1,054</cell><cell>1,477<note n="1">Estimate.</note></cell></row>
            <row><cell>SLBM<lb/>launchers</cell><cell>656</cell><cell/></row>
          </table>
          <list>
            <label>(1)</label><item>First point.</item>
            <pb n="xiii"/>
            <label>(2)</label><item>Second point.</item>
          </list>
          <closer><salute>Sincerely,</salute><signed>Cyrus Vance</signed></closer>
          <postscript><p>P.S. A word after.</p></postscript>
        </div></front>"#,
    )
    .unwrap();
    let d = &volume.documents()[0];
    let table = d
        .blocks()
        .iter()
        .find(|b| b.kind == BlockKind::Table)
        .unwrap();
    assert_eq!(
        d.slice(table.range),
        "Category\tU.S.\tUSSR\nICBM launchers\t1,054\t1,477\nSLBM launchers\t656\t"
    );
    let rows: Vec<Vec<&str>> = d
        .slice(table.range)
        .lines()
        .map(|r| r.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.len() == 3));
    assert!(
        d.blocks().iter().any(
            |b| b.kind == BlockKind::Subheading && d.slice(b.range) == "Strategic forces, 1977"
        )
    );
    // The note in a cell is called after its number.
    let estimate = range(d, "1,477");
    assert_eq!(d.footnote_refs()[0].offset, estimate.end);
    // Roman pages, a break inside a word among them.
    assert_eq!(d.page_at(range(d, "Preface").start), Some(11));
    assert!(d.pages()[0].roman);
    assert_eq!(pages_label(d, range(d, "the table below")), "pp. xi–xii");
    assert_eq!(pages_label(d, range(d, "Category")), "p. xii");
    let items: Vec<&str> = d
        .blocks()
        .iter()
        .filter(|b| b.kind == BlockKind::ListItem)
        .map(|b| d.slice(b.range))
        .collect();
    assert_eq!(items, ["(1) First point.", "(2) Second point."]);
    assert_eq!(d.page_at(range(d, "(2)").start), Some(13));
    let signatures: Vec<&str> = d
        .blocks()
        .iter()
        .filter(|b| b.kind == BlockKind::Signature)
        .map(|b| d.slice(b.range))
        .collect();
    assert_eq!(signatures, ["Sincerely,", "Cyrus Vance"]);
    assert_eq!(d.blocks().last().unwrap().kind, BlockKind::Postscript);
}

#[test]
fn markup_that_is_not_text_does_not_break_the_reading() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE TEI [ <!ENTITY frus "Foreign Relations"> ]>
<?xml-model href="frus.rng" type="application/xml"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude">
  <teiHeader><fileDesc><titleStmt><title type="volume">Test</title></titleStmt></fileDesc></teiHeader>
  <text><body>
    <xi:include href="frus-dates.xml"/>
    <div type="document" n="7" xml:id="d7">
      <head>7. Note</head>
      <!-- an editor's comment -->
      <p>The &frus; series <?page-break here?>and <![CDATA[a <literal> text & more]]> stay text.<note n="*">A starred note.</note></p>
    </div>
  </body></text>
</TEI>"#;
    assert!(is_tei(xml));
    let volume = Volume::read(xml, "hostile.xml").unwrap();
    let d = &volume.documents()[0];
    assert_eq!(
        d.slice(d.blocks()[1].range),
        "The Foreign Relations series and a <literal> text & more stay text."
    );
    assert!(
        volume
            .warnings()
            .iter()
            .any(|w| w.contains("frus-dates.xml"))
    );
    // A note without a number is numbered in sequence, and the user is told.
    assert_eq!(d.footnotes()[0].number, 1);
    assert!(
        d.warnings().iter().any(|w| w.contains("“*”")),
        "{:?}",
        d.warnings()
    );
}

#[test]
fn xml_that_is_not_a_volume_is_refused_with_a_reason() {
    let not_tei = Volume::read("<html><body><p>Hi</p></body></html>", "page.xml").unwrap_err();
    assert!(matches!(not_tei, TeiError::NotTei { .. }));
    assert!(not_tei.to_string().contains("<html>"), "{not_tei}");
    let broken = Volume::read(
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text>",
        "broken.xml",
    )
    .unwrap_err();
    assert!(matches!(broken, TeiError::Xml { line: 1, .. }), "{broken}");
    // A real volume still being cleared: a header, no documents.
    let stub = Volume::open(Path::new("tests/fixtures/tei/frus1977-80v05-stub.xml")).unwrap_err();
    let message = stub.to_string();
    assert!(matches!(stub, TeiError::NoDocuments { .. }));
    assert!(message.contains("Volume V, European Security"), "{message}");
    assert!(message.contains("being-cleared"), "{message}");
    let undeclared =
        volume_with("<body><div type=\"document\" n=\"1\"><p>&nbsp;</p></div></body>").unwrap_err();
    assert!(matches!(undeclared, TeiError::Xml { .. }), "{undeclared}");
    // Markup nested 100,000 deep is refused before it is walked (it overflowed the stack).
    let deep = "<hi>".repeat(100_000) + "x" + &"</hi>".repeat(100_000);
    let too_deep = volume_with(&format!(
        "<body><div type=\"document\" n=\"1\"><p>{deep}</p></div></body>"
    ))
    .unwrap_err();
    assert!(matches!(too_deep, TeiError::TooDeep { .. }), "{too_deep}");
    // As deep as a volume may be, it is read.
    let deep = "<hi>".repeat(200) + "x" + &"</hi>".repeat(200);
    let volume = volume_with(&format!(
        "<body><div type=\"document\" n=\"1\"><p>{deep}</p></div></body>"
    ))
    .unwrap();
    assert_eq!(volume.documents()[0].text(), "x");
}

#[test]
fn a_file_is_told_apart_by_content_and_a_document_named_in_its_path() {
    let dir = std::env::temp_dir().join(format!("marginalia-tei-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A volume saved as .txt is still a volume.
    let disguised = dir.join("volume.txt");
    std::fs::copy(EXCERPT, &disguised).unwrap();
    let source = open_source(&disguised, Some("62"), &Progress::default()).unwrap();
    assert!(matches!(&source, Source::Volume { index: 2, .. }));
    assert_eq!(source.document().info().number, Some(62));
    let named = open_source(
        Path::new(&format!("{EXCERPT}#d111")),
        None,
        &Progress::default(),
    )
    .unwrap();
    assert_eq!(named.document().info().id.as_deref(), Some("d111"));
    let missing = open_source(Path::new(EXCERPT), Some("84"), &Progress::default()).unwrap_err();
    assert!(
        missing.to_string().contains("no document “84”"),
        "{missing}"
    );
    assert!(missing.to_string().contains("1–111"), "{missing}");
    // Plain text stays plain text.
    let text = open_source(
        Path::new("assets/frus1977-80v06-d84.txt"),
        None,
        &Progress::default(),
    )
    .unwrap();
    assert!(matches!(text, Source::Text(_)));
    std::fs::remove_dir_all(&dir).ok();
}

/// A volume of 1894, marked up as the older volumes are: "No. 2." before the title, a
/// header with only the complete title, right-set lines inside a quoted dispatch, and a
/// note that points at a document by `<ref target="#d1">` with the words "No. 1.".
#[test]
fn an_older_volume_is_cited_by_its_whole_title_and_its_notes_point_at_documents() {
    let volume = Volume::open(Path::new(
        "tests/fixtures/tei/frus1894Nicaragua-excerpt.xml",
    ))
    .expect("the 1894 excerpt reads");
    // The series title alone ("…, 1894") is shared by every volume of that year.
    assert_eq!(
        volume.info().title(),
        "Foreign Relations of the United States, 1894, Nicaragua (Mosquito Territory)"
    );
    let d1 = doc(&volume, "d1");
    let d2 = doc(&volume, "d2");
    assert_eq!(d1.info().title, "Mr. Seat to Mr. Gresham.");
    assert_eq!(d2.info().title, "Mr. Gresham to Mr. Baker.");
    assert_eq!(
        d2.info().citation.as_deref(),
        Some(
            "Foreign Relations of the United States, 1894, Nicaragua (Mosquito Territory), Document 2"
        )
    );
    assert_eq!(d1.info().date.as_deref(), Some("1894-01-25"));
    assert_eq!(d2.info().date.as_deref(), Some("1894-02-01"));
    // The note's words name no "Document"; its markup does.
    let note = d2.footnote(1).expect("note 1");
    assert_eq!(note.text, "No. 1.");
    assert_eq!(note.documents, [1]);
    // Inside the quoted dispatch: the date set right is a dateline, the name a signature.
    let kind_of = |needle: &str| {
        let at = range(d2, needle).start;
        d2.blocks()
            .iter()
            .find(|b| b.range.start <= at && at < b.range.end)
            .map(|b| b.kind)
    };
    assert_eq!(kind_of("January 27, 1894."), Some(BlockKind::Dateline));
    assert_eq!(kind_of("Herbert."), Some(BlockKind::Signature));
    // The inclosure begins on page 10.
    assert_eq!(pages_label(d2, range(d2, "Inclosure in No. 2.")), "p. 10");
    // The ship's name is in italics, as printed; the words around it are not.
    let ship = range(d2, "Kearsarge");
    assert!(d2.emphasis().contains(&ship), "{:?}", d2.emphasis());
    let sentence = range(d2, "I transmit for your information");
    assert!(d2.emphasis_in(sentence).is_empty());
}

/// The Guatemala volume of 1952–1954 spells its title types `subseries` and
/// `volumenumber`, dates a telegram to the minute, and numbers list items with labels.
#[test]
fn a_volume_with_other_title_types_is_cited_as_the_historian_cites_it() {
    let volume = Volume::open(Path::new("tests/fixtures/tei/frus1952-54Guat-excerpt.xml"))
        .expect("the Guatemala excerpt reads");
    // As history.state.gov cites it: its complete title, not "…, Retrospective Volume, …".
    assert_eq!(
        volume.info().title(),
        "Foreign Relations of the United States, 1952–1954, Guatemala"
    );
    assert_eq!(volume.info().sub_series.as_deref(), Some("1952–1954"));
    assert_eq!(
        volume.info().volume_number.as_deref(),
        Some("Retrospective Volume")
    );
    let d8 = doc(&volume, "d8");
    assert_eq!(d8.info().date.as_deref(), Some("1952-03-22"));
    assert_eq!(
        d8.info().citation.as_deref(),
        Some("Foreign Relations of the United States, 1952–1954, Guatemala, Document 8")
    );
    let item = range(d8, "1. Agree Castillo must be contacted.");
    let block = d8
        .blocks()
        .iter()
        .find(|b| b.range.start == item.start)
        .expect("the item is a block of its own, its label first");
    assert_eq!(block.kind, BlockKind::ListItem);
    // The note after "113." is note 2, called right after the period.
    let calls: Vec<(u32, usize)> = d8
        .footnote_refs()
        .iter()
        .map(|r| (r.number, r.offset.index()))
        .collect();
    let after = range(d8, "declassified]113.").end.index();
    assert!(calls.contains(&(2, after)), "{calls:?}");
    let d9 = doc(&volume, "d9");
    assert_eq!(pages_label(d9, range(d9, "very little interest")), "p. 18");
    // The editors' bracketed words are in italics inside the brackets.
    let withheld = range(d8, "place not declassified");
    assert!(
        d8.emphasis_in(withheld) == [withheld],
        "{:?}",
        d8.emphasis()
    );
    let bracket = range(d8, "[place not declassified]");
    assert_eq!(d8.emphasis_in(bracket), [withheld]);
}

/// The Quebec volume of 1944 prints each document's source as an unnumbered line above
/// its heading (`<note rend="inline" type="source">`) and sets the classification beside
/// the dateline in one opener.
#[test]
fn an_inline_source_line_is_text_not_a_footnote_and_a_classification_is_its_own_line() {
    let volume = Volume::open(Path::new("tests/fixtures/tei/frus1944Quebec-excerpt.xml"))
        .expect("the Quebec excerpt reads");
    assert_eq!(
        volume.info().title(),
        "Foreign Relations of the United States, Conference at Quebec, 1944"
    );
    for d in volume.documents() {
        let id = d.info().id.clone();
        assert!(d.warnings().is_empty(), "{id:?}: {:?}", d.warnings());
        // The source line is the first line of the text, and no note is called at 0.
        let first = &d.blocks()[0];
        assert_eq!(first.kind, BlockKind::Paragraph, "{id:?}");
        assert!(
            d.text()[first.range.start.index()..].starts_with("Roosevelt Papers")
                || d.text()[first.range.start.index()..].starts_with("Hopkins Papers"),
            "{id:?}"
        );
        assert!(d.footnote_refs().iter().all(|r| r.offset.index() > 0));
        // Each note number once, from 1, in order.
        let numbers: Vec<u32> = d.footnotes().iter().map(|f| f.number).collect();
        let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
        assert_eq!(numbers, expected, "{id:?}");
        assert!(
            d.footnotes()
                .iter()
                .all(|f| !f.text.contains("Papers: Telegram"))
        );
    }
    let d16 = doc(&volume, "d16");
    assert_eq!(d16.info().date.as_deref(), Some("1944-07-17"));
    assert_eq!(
        d16.info().dateline.as_deref(),
        Some("[Aboard the Presidential Special,] 17 July 1944.")
    );
    let kind_of = |needle: &str| {
        let at = range(d16, needle).start;
        d16.blocks()
            .iter()
            .find(|b| b.range.start == at)
            .map(|b| b.kind)
    };
    assert_eq!(kind_of("top secret"), Some(BlockKind::Paragraph));
    assert_eq!(
        kind_of("[Aboard the Presidential Special,]"),
        Some(BlockKind::Dateline)
    );
    assert_eq!(kind_of("President Roosevelt to"), Some(BlockKind::Heading));
    assert_eq!(
        d16.info().title,
        "President Roosevelt to Prime Minister Churchill"
    );
    // "Ante, p. 10." points at a page of this volume; a page of another volume does not.
    let notes: Vec<(u32, Vec<u32>)> = (d16.footnotes().iter())
        .map(|f| (f.number, f.pages.clone()))
        .collect();
    assert_eq!(
        notes,
        [(1, vec![]), (2, vec![10]), (3, vec![]), (4, vec![])]
    );
    // Page 10 begins with document 14; page 11 inside document 15, at its words.
    let (index, at) = volume.page_place(10).expect("page 10 is in the volume");
    assert_eq!(volume.documents()[index].info().number, Some(14));
    assert_eq!(at.index(), 0);
    let (index, at) = volume.page_place(11).expect("page 11 is in the volume");
    let d15 = &volume.documents()[index];
    assert_eq!(d15.info().number, Some(15));
    assert_eq!(at, range(d15, "as headquarters").start);
    assert_eq!(volume.page_place(9), None);
}
