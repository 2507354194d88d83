//! What the second round of real use found (issue 22), in the core: sentences that know
//! "U.S." and "Mr.", whole words that end before a possessive and at a hyphen. Each test
//! failed on the code before its fix.

use marginalia::core::document::Document;
use marginalia::core::tag::{Extent, Pattern, find_hits};
use marginalia::core::tei::Volume;
use std::path::Path;

fn phrase(text: &str, whole_word: bool) -> Pattern {
    Pattern {
        text: text.to_string(),
        regex: false,
        whole_word,
        case_sensitive: true,
        ignore_diacritics: false,
    }
}

/// The sentence `word` (its first occurrence) is widened to in `text`.
fn sentence_around(text: &str, word: &str) -> String {
    let doc = Document::from_text(text, "memo.txt");
    let hits = find_hits(&doc, &phrase(word, false), Extent::Sentence).expect("a search");
    let first = hits.first().unwrap_or_else(|| panic!("{word:?} not found"));
    doc.slice(*first).to_string()
}

/// Paragraphs of FRUS 1955–1957, vol. XXIV, doc. 55 (a memorandum of an NSC discussion),
/// and the case the issue names.
const NSC: &str = "Mr. Allen Dulles replied that it was impossible to give a clear answer to the \
Vice President’s question as yet. The issue was still the subject of vigorous argument.\n\n\
Notable were reflections by Marshal Zhukov on the behavior of Khrushchev at the previously \
mentioned reception for the Air Force delegations. Of great interest also was Zhukov’s \
statement that U.S. estimates of the production of Soviet aircraft and submarines were much \
too high.\n\n\
Mr. McGhee asked Mr. Murrow whether the paper on U.S. Policy in East Asia was ready. \
Edward R. Murrow said it was.";

#[test]
fn a_sentence_is_not_cut_at_mr_or_u_s_or_an_initial() {
    assert_eq!(
        sentence_around(NSC, "clear answer"),
        "Mr. Allen Dulles replied that it was impossible to give a clear answer to the Vice \
         President’s question as yet."
    );
    assert_eq!(
        sentence_around(NSC, "estimates"),
        "Of great interest also was Zhukov’s statement that U.S. estimates of the production \
         of Soviet aircraft and submarines were much too high."
    );
    assert_eq!(
        sentence_around(NSC, "East Asia"),
        "Mr. McGhee asked Mr. Murrow whether the paper on U.S. Policy in East Asia was ready."
    );
    assert_eq!(
        sentence_around(NSC, "Murrow said"),
        "Edward R. Murrow said it was."
    );
    // A sentence that ends with a short form still ends there.
    assert_eq!(
        sentence_around(NSC, "vigorous"),
        "The issue was still the subject of vigorous argument."
    );
}

#[test]
fn a_whole_word_ends_before_a_possessive_and_at_a_hyphen() {
    let text = "Khrushchev’s speech, Khrushchev's answer and Khrushchev himself; U.S.-Soviet \
                talks, the U.S. position; not Khrushchevite, not don’t.";
    let doc = Document::from_text(text, "memo.txt");
    let count = |word: &str| {
        find_hits(&doc, &phrase(word, true), Extent::Hit)
            .expect("a search")
            .len()
    };
    assert_eq!(count("Khrushchev"), 3);
    assert_eq!(count("U.S."), 2);
    assert_eq!(count("Soviet"), 1);
    assert_eq!(
        count("don"),
        0,
        "an apostrophe inside a word does not end it"
    );
}

#[test]
fn every_occurrence_of_a_name_in_a_real_volume_is_a_whole_word() {
    // FRUS 1955–1957, vol. XXIV: "Khrushchev" nine times as "Khrushchev’s", once in
    // "Khrushchevism", which is another word.
    let volume = Volume::open(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tei/frus1955-57v24-excerpt.xml"
    )))
    .expect("the excerpt opens");
    let (mut found, mut standing) = (0, 0);
    for doc in volume.documents() {
        // Every occurrence but as part of a longer word ("Khrushchevism").
        let text = doc.text();
        standing += text
            .match_indices("Khrushchev")
            .filter(|(at, w)| {
                !text[at + w.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
            })
            .count();
        found += find_hits(doc, &phrase("Khrushchev", true), Extent::Hit)
            .expect("a search")
            .len();
    }
    assert!(standing >= 9, "the name stands {standing} times");
    assert_eq!(found, standing, "every occurrence is a whole word");
}

/// The project XML of a QDPX export of `set` over `doc`.
fn qdpx_xml(doc: &Document, set: &marginalia::core::study::note_set::NoteSet) -> String {
    use marginalia::core::export::{ExportInput, qdpx};
    use marginalia::core::library::Library;
    use marginalia::core::study::source::SourceId;
    let library = Library::single(SourceId::FIRST, doc.clone());
    qdpx::project(&ExportInput::new(&library, set, "Reading")).xml
}

#[test]
fn a_qdpx_project_keeps_its_notes_where_qualcoder_reads_them() {
    use marginalia::core::study::edit::Edit;
    use marginalia::core::study::note_set::NoteSet;
    use marginalia::core::study::topic::PALETTE;
    use marginalia::core::time::Timestamp;
    let doc = Document::seed();
    let mut set = NoteSet::new();
    let (edit, topic) = Edit::create_topic(&set, "Détente", PALETTE[0]).unwrap();
    edit.apply(&mut set).unwrap();
    let range = doc.find("mixed feelings").unwrap();
    let (edit, _) = Edit::create_highlight(&set, &doc, range, vec![topic], Timestamp(1)).unwrap();
    edit.apply(&mut set).unwrap();
    Edit::set_document_note(
        &set,
        &doc,
        "Read against Carter's letter of January.".into(),
    )
    .apply(&mut set)
    .unwrap();
    let xml = qdpx_xml(&doc, &set);
    let project = roxmltree::Document::parse(&xml).expect("well-formed");
    // QualCoder's importer takes a NoteRef inside a source for an annotation and drops
    // the note: the notes stand in the project's Notes alone.
    assert!(
        !project
            .descendants()
            .any(|n| n.has_tag_name("NoteRef")
                && n.ancestors().any(|a| a.has_tag_name("TextSource"))),
        "{xml}"
    );
    let notes: Vec<&str> = project
        .descendants()
        .filter(|n| n.has_tag_name("Note"))
        .filter_map(|n| n.attribute("name"))
        .collect();
    assert!(
        notes.iter().any(|n| n.starts_with("Document notes: ")),
        "{notes:?}"
    );
}

#[test]
fn qdpx_codes_have_names_unique_in_the_project_and_never_empty() {
    use marginalia::core::study::note_set::NoteSet;
    use marginalia::core::study::topic::{PALETTE, Topic};
    let doc = Document::seed();
    // Two topics of the same last level, and a name read from a file with "//" in it.
    let topics: Vec<Topic> = [
        "Arms control/SALT",
        "Diplomacy/SALT",
        "Sources//history.state.gov",
    ]
    .iter()
    .enumerate()
    .map(|(i, name)| {
        let mut t = Topic::new("x", PALETTE[i]);
        t.name = name.to_string();
        t
    })
    .collect();
    let set = NoteSet::from_parts(Vec::new(), topics, Vec::new(), String::new(), Vec::new());
    let xml = qdpx_xml(&doc, &set);
    let project = roxmltree::Document::parse(&xml).expect("well-formed");
    let names: Vec<&str> = project
        .descendants()
        .filter(|n| n.has_tag_name("Code"))
        .filter_map(|n| n.attribute("name"))
        .collect();
    assert!(names.iter().all(|n| !n.trim().is_empty()), "{names:?}");
    let mut lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    lower.sort();
    lower.dedup();
    assert_eq!(lower.len(), names.len(), "{names:?}");
    assert!(names.contains(&"SALT (Arms control)"), "{names:?}");
    assert!(names.contains(&"SALT (Diplomacy)"), "{names:?}");
    // "Sources//history.state.gov" is one topic under "Sources", not a code without a name.
    assert!(names.contains(&"history.state.gov"), "{names:?}");
}

#[test]
fn a_json_ld_page_names_its_collection_as_an_object() {
    use marginalia::core::export::{self, ExportInput, Format};
    use marginalia::core::library::Library;
    use marginalia::core::persist;
    use marginalia::core::study::source::SourceId;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example-brezhnev-1978.ron");
    let (file, text) = persist::load(&path).unwrap();
    let doc = Document::seed();
    let (set, _) = persist::attach(&path, &text, &file, &doc).unwrap();
    let library = Library::single(SourceId::FIRST, doc);
    let bytes = export::export(
        Format::WebAnnotation,
        &ExportInput::new(&library, &set, &file.title),
    )
    .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let part_of = &json["first"]["partOf"];
    assert!(part_of.is_object(), "{part_of}");
    assert_eq!(part_of["id"], json["id"]);
    assert_eq!(part_of["label"], json["label"]);
    assert_eq!(part_of["total"], json["total"]);
}

#[test]
fn a_topic_name_read_with_empty_levels_is_tidied_unless_another_has_that_name() {
    use marginalia::core::persist;
    let dir = std::env::temp_dir().join(format!("marginalia-real2-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example-brezhnev-1978.ron");
    let text = std::fs::read_to_string(&example).unwrap();
    // "Arms control/SALT" written as "Arms control//SALT ", and "Linkage" as " Linkage/",
    // as a file edited by hand might have them.
    assert!(text.contains("\"Arms control/SALT\"") && text.contains("\"Linkage\""));
    let edited = text
        .replace("\"Arms control/SALT\"", "\"Arms control//SALT \"")
        .replace("\"Linkage\"", "\" Linkage/\"");
    let path = dir.join("hand-edited.ron");
    std::fs::write(&path, edited).unwrap();
    let (file, _) = persist::load(&path).expect("the set loads");
    let names: Vec<&str> = file.set.topics().iter().map(|t| t.name.as_str()).collect();
    assert!(names.contains(&"Arms control/SALT"), "{names:?}");
    assert!(names.contains(&"Linkage"), "{names:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A Python that has python-markdown, if this machine has one (CI installs
/// python3-markdown; the interpreter first on PATH may be another).
fn python_with_markdown() -> Option<&'static str> {
    ["/usr/bin/python3", "python3"].into_iter().find(|python| {
        std::process::Command::new(python)
            .args(["-c", "import markdown"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// The text python-markdown shows for `md`: tags dropped, references decoded, white
/// space runs as one space; hard line breaks as " | ".
fn python_markdown_text(python: &str, md: &str) -> String {
    use std::io::Write;
    let script = "import sys, re, html, markdown\n\
        out = markdown.markdown(sys.stdin.read())\n\
        out = out.replace('<br />', ' | ')\n\
        out = re.sub(r'<[^>]+>', ' ', out)\n\
        print(' '.join(html.unescape(out).split()))\n";
    let mut child = std::process::Command::new(python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(md.as_bytes())
        .expect("written");
    let out = child.wait_with_output().expect("python ends");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The text a CommonMark renderer shows for `md`, the same way.
fn commonmark_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for event in Parser::new(md) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::HardBreak => out.push_str(" | "),
            Event::SoftBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn markdown_reads_the_same_in_commonmark_and_python_markdown() {
    use marginalia::core::export::{self, ExportInput, Format};
    use marginalia::core::library::Library;
    use marginalia::core::persist;
    use marginalia::core::study::edit::Edit;
    use marginalia::core::study::source::SourceId;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example-brezhnev-1978.ron");
    let (file, text) = persist::load(&path).unwrap();
    let doc = Document::seed();
    let (mut set, _) = persist::attach(&path, &text, &file, &doc).unwrap();
    // A document note of several lines, with what renderers disagree on.
    let note = "First line: @Smith 1998, p. 3 | 4\nSecond line ~ $5 ^ and\n= third";
    Edit::set_document_note(&set, &doc, note.into())
        .apply(&mut set)
        .unwrap();
    let library = Library::single(SourceId::FIRST, doc);
    let md = String::from_utf8(
        export::export(
            Format::Markdown,
            &ExportInput::new(&library, &set, &file.title),
        )
        .unwrap(),
    )
    .unwrap();
    let expected = "First line: @Smith 1998, p. 3 | 4 | Second line ~ $5 ^ and | = third";
    let cm = commonmark_text(&md);
    assert!(cm.contains(expected), "CommonMark: {cm}");
    assert!(!cm.contains('\\'), "CommonMark shows a backslash: {cm}");
    match python_with_markdown() {
        Some(python) => {
            let py = python_markdown_text(python, &md);
            assert!(py.contains(expected), "python-markdown: {py}");
            assert!(
                !py.contains('\\'),
                "python-markdown shows a backslash: {py}"
            );
            // Every highlight's note reads the same in both.
            for h in set.highlights().iter().filter(|h| !h.note.is_empty()) {
                let note = h.note.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(py.contains(&note) && cm.contains(&note), "{note}");
            }
        }
        None => eprintln!("python-markdown is not installed here: only CommonMark was read"),
    }
}

#[test]
fn a_name_is_identified_from_any_entry_of_the_volume_with_its_id() {
    // The persons are listed under a heading of another id ("abbreviations-and-persons"),
    // and a term is explained in an editorial note: both found by the names' @corresp.
    let tei = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus-names">
<teiHeader><fileDesc><titleStmt><title type="complete">A volume</title></titleStmt></fileDesc></teiHeader>
<text><front>
<div type="section" xml:id="abbreviations-and-persons"><head>Persons</head>
<list type="participants">
<item><hi rend="strong"><persName xml:id="p_VC1">Vance, Cyrus R.</persName></hi>, Secretary of State</item>
</list></div></front>
<body><div type="chapter" xml:id="ch1"><head>Chapter</head>
<div type="document" xml:id="d1" n="1"><head>1. Memorandum</head>
<p>Secretary <persName corresp="#p_VC1">Vance</persName> raised the <gloss target="#t_SALT">SALT</gloss> talks.<note n="1" xml:id="d1fn1"><term xml:id="t_SALT">SALT</term>: Strategic Arms Limitation Talks.</note></p>
</div></div></body></text></TEI>
"##;
    let volume = Volume::read(tei, "names.xml").expect("the volume reads");
    let doc = &volume.documents()[0];
    let report = marginalia::core::document::inspect::InspectReport::new(doc);
    let json = serde_json::to_value(&report).unwrap();
    let entities = json["entities"].as_array().expect("entities");
    let entry_of = |text: &str| {
        entities
            .iter()
            .find(|e| e["text"] == text)
            .and_then(|e| e["identification"].as_str().map(str::to_string))
    };
    assert_eq!(
        entry_of("Vance").as_deref(),
        Some("Vance, Cyrus R., Secretary of State")
    );
    assert_eq!(
        entry_of("SALT").as_deref(),
        Some("SALT: Strategic Arms Limitation Talks.")
    );
}
