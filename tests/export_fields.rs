//! Nothing the window shows is lost in an export (issue 22, item 22): a document's title
//! and date, the study's note and each document's note have a place in every format that
//! has one, and a CSV can be made for Excel on Windows (a UTF-8 byte order mark) while
//! staying readable by Python and other readers.

use marginalia::core::document::Document;
use marginalia::core::export::{self, ExportInput, Format};
use marginalia::core::library::Library;
use marginalia::core::persist;
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::study::source::SourceId;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped example: one document, dated 1978-02, with a document note.
fn example() -> (Library, NoteSet, String) {
    let path = root().join("saves/example-brezhnev-1978.ron");
    let (file, text) = persist::load(&path).unwrap();
    let doc = Document::seed();
    let (set, _) = persist::attach(&path, &text, &file, &doc).unwrap();
    (Library::single(SourceId::FIRST, doc), set, file.title)
}

/// The study fixture: two documents, a study note ("How did each side argue linkage,
/// 1975–1978?") and a note on the letter.
fn study() -> (Library, NoteSet, String) {
    let opened = persist::open_note_set(
        &root().join("tests/fixtures/noteset-v3.ron"),
        persist::OpenOn::Own { current: None },
        &Default::default(),
    )
    .unwrap();
    (opened.library, opened.set, opened.file.title)
}

fn export_text(format: Format, library: &Library, set: &NoteSet, title: &str, bom: bool) -> String {
    let input = ExportInput {
        csv_bom: bom,
        ..ExportInput::new(library, set, title)
    };
    String::from_utf8(export::export(format, &input).unwrap()).unwrap()
}

const LETTER: &str = "Letter From Soviet General Secretary Brezhnev to President Carter";

#[test]
fn a_single_document_export_names_the_document_s_title_and_date_in_markdown_and_html() {
    let (library, set, title) = example();
    let md = export_text(Format::Markdown, &library, &set, &title, false);
    let head: String = md.lines().take(4).collect::<Vec<_>>().join("\n");
    assert!(
        head.contains(&format!("Document 84: {LETTER} (1978-02)")),
        "{head}"
    );
    let html = export_text(Format::Html, &library, &set, &title, false);
    let before_notes = &html[..html.find("<h2>").unwrap()];
    assert!(
        before_notes.contains(&format!("Document 84: {LETTER} (1978-02)")),
        "{before_notes}"
    );
}

#[test]
fn json_ld_carries_each_document_s_date_and_the_study_and_document_notes() {
    let (library, set, title) = study();
    let json: serde_json::Value = serde_json::from_str(&export_text(
        Format::WebAnnotation,
        &library,
        &set,
        &title,
        false,
    ))
    .unwrap();
    let items = json["first"]["items"].as_array().unwrap();
    // Every highlight's target names its document's title and, where known, its date.
    let dated = items
        .iter()
        .filter(|i| i["target"]["source"]["dcterms:date"] == "1975-05-28")
        .count();
    assert!(dated > 0, "no target carries the address's date");
    assert!(
        items
            .iter()
            .any(|i| i["target"]["source"]["dcterms:title"] == "Address by Jimmy Carter")
    );
    let kind = |k: &str| -> Vec<&serde_json::Value> {
        (items.iter())
            .filter(|i| i["marginalia:kind"] == k)
            .collect()
    };
    let study_notes = kind("study note");
    assert_eq!(study_notes.len(), 1);
    assert_eq!(
        study_notes[0]["body"]["value"],
        "How did each side argue linkage, 1975–1978?"
    );
    assert_eq!(study_notes[0]["motivation"], "commenting");
    // It speaks of the whole study: every exported document is its target.
    assert_eq!(study_notes[0]["target"].as_array().unwrap().len(), 2);
    let document_notes = kind("document note");
    assert_eq!(document_notes.len(), 1);
    assert_eq!(
        document_notes[0]["body"]["value"],
        "Delivered by Dobrynin to Vance, 28 February 1978."
    );
    assert_eq!(
        document_notes[0]["target"]["source"]["dcterms:title"],
        LETTER
    );
    // A note on a document as a whole has no selector: it is not on a passage.
    assert!(document_notes[0]["target"].get("selector").is_none());
    assert_eq!(json["total"], items.len());
    // The ids are stable: the same export twice is the same file.
    assert_eq!(
        export_text(Format::WebAnnotation, &library, &set, &title, false),
        serde_json::to_string_pretty(&json).unwrap() + "\n"
    );
}

#[test]
fn csv_has_a_row_for_the_study_note_and_each_document_note() {
    let (library, set, title) = study();
    let text = export_text(Format::Csv, &library, &set, &title, false);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let col = |name: &str| export::csv::HEADER.iter().position(|h| *h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let highlights = rows
        .iter()
        .filter(|r| &r[col("kind")] == export::csv::KIND_HIGHLIGHT)
        .count();
    assert_eq!(highlights, set.highlights().len() + set.orphans().len());
    let study_note: Vec<_> = (rows.iter())
        .filter(|r| &r[col("kind")] == export::csv::KIND_STUDY_NOTE)
        .collect();
    assert_eq!(study_note.len(), 1);
    assert_eq!(
        &study_note[0][col("note")],
        "How did each side argue linkage, 1975–1978?"
    );
    let document_note: Vec<_> = (rows.iter())
        .filter(|r| &r[col("kind")] == export::csv::KIND_DOCUMENT_NOTE)
        .collect();
    assert_eq!(document_note.len(), 1);
    assert_eq!(
        (
            &document_note[0][col("doc_title")],
            &document_note[0][col("note")]
        ),
        (LETTER, "Delivered by Dobrynin to Vance, 28 February 1978.")
    );
    // A note has no quote, no pages and no offsets.
    assert!(document_note[0][col("quote")].is_empty() && document_note[0][col("start")].is_empty());
}

#[test]
fn every_csv_column_and_every_kind_is_named_in_the_readme() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for column in export::csv::HEADER {
        assert!(
            readme.contains(&format!("`{column}`")),
            "the README does not name the CSV column `{column}`"
        );
    }
    for kind in [
        export::csv::KIND_HIGHLIGHT,
        export::csv::KIND_STUDY_NOTE,
        export::csv::KIND_DOCUMENT_NOTE,
    ] {
        assert!(readme.contains(&format!("`{kind}`")), "{kind}");
    }
    assert!(readme.contains(&format!("{} columns", export::csv::HEADER.len())));
}

/// Python's csv module on `bytes` written to a file, with `encoding`: the first header.
fn python_first_header(bytes: &[u8], encoding: &str) -> Option<String> {
    let python = ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|p| std::process::Command::new(p).arg("-V").output().is_ok())?;
    let path = std::env::temp_dir().join(format!(
        "marginalia-bom-{}-{encoding}.csv",
        std::process::id()
    ));
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(format!(
            "import csv,sys\nwith open(sys.argv[1], newline='', encoding='{encoding}') as f:\n    print(next(csv.reader(f))[0])"
        ))
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap().trim().to_string())
}

#[test]
fn a_csv_for_excel_starts_with_a_byte_order_mark_and_still_reads_right() {
    let (library, set, title) = example();
    let plain = export_text(Format::Csv, &library, &set, &title, false);
    let excel = export_text(Format::Csv, &library, &set, &title, true);
    assert!(!plain.starts_with('\u{feff}'));
    assert_eq!(excel.as_bytes()[..3], [0xEF, 0xBB, 0xBF]);
    assert_eq!(&excel[3..], plain, "only the mark differs");
    // Readers that know the mark read the same first column either way.
    let mut reader = csv::Reader::from_reader(excel.as_bytes());
    assert_eq!(&reader.headers().unwrap()[0], "id");
    if let Some(first) = python_first_header(excel.as_bytes(), "utf-8-sig") {
        assert_eq!(first, "id");
        assert_eq!(
            python_first_header(plain.as_bytes(), "utf-8").as_deref(),
            Some("id"),
            "without the option, plain UTF-8 readers get a clean first column"
        );
    }
    // Only CSV takes the mark.
    let md = export_text(Format::Markdown, &library, &set, &title, true);
    assert!(md.starts_with('#'));
}

#[test]
fn the_command_line_writes_a_csv_for_excel_with_bom() {
    let dir = std::env::temp_dir().join(format!("marginalia-bom-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("excel.csv");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args([
            "export",
            "saves/example-brezhnev-1978.ron",
            "--format",
            "csv",
            "--bom",
            "-o",
        ])
        .arg(&out)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(bytes[..3], [0xEF, 0xBB, 0xBF]);
    let _ = std::fs::remove_dir_all(&dir);
}
