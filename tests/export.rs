//! Exports: golden files for the shipped example, hostile notes in every format, and the
//! selectors and positions each format carries checked against the canonical text.

#[path = "../fuzz/checks.rs"]
#[allow(dead_code)]
mod checks;
mod common;

use marginalia::core::document::Document;
use marginalia::core::export::{self, ExportInput, Format, Grouping};
use marginalia::core::library::Library;
use marginalia::core::persist;
use marginalia::core::study::edit::Edit;
use marginalia::core::study::filter::TopicFilter;
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::study::source::SourceId;
use marginalia::core::study::topic::PALETTE;
use marginalia::core::text::{CharOffset, CharRange};
use marginalia::core::time::Timestamp;
use std::io::Read;
use std::path::Path;

/// The text a Markdown renderer shows, with hard and soft line breaks as new lines.
fn rendered_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for event in Parser::new(md) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push('\n'),
            _ => {}
        }
    }
    out
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn example() -> (Document, NoteSet, String) {
    let path = root().join("saves/example-brezhnev-1978.ron");
    let (file, text) = persist::load(&path).unwrap();
    let doc = Document::seed();
    let (set, report) = persist::attach(&path, &text, &file, &doc).unwrap();
    assert_eq!(report.orphaned, 0);
    (doc, set, file.title)
}

fn run(format: Format, doc: &Document, set: &NoteSet, title: &str, grouping: Grouping) -> Vec<u8> {
    let library = Library::single(SourceId::FIRST, (*doc).clone());
    let input = ExportInput {
        csv_bom: false,
        library: &library,
        sources: None,
        set,
        title,
        filter: None,
        grouping,
    };
    export::export(format, &input).unwrap()
}

#[test]
fn the_example_matches_its_golden_files() {
    let (doc, set, title) = example();
    for (format, name) in [
        (Format::Markdown, "example.md"),
        (Format::Csv, "example.csv"),
        (Format::Html, "example.html"),
        (Format::WebAnnotation, "example.jsonld"),
    ] {
        let got = String::from_utf8(run(format, &doc, &set, &title, Grouping::ByTopic)).unwrap();
        let golden_path = root().join("tests/golden").join(name);
        if std::env::var_os("MARGINALIA_BLESS").is_some() {
            std::fs::write(&golden_path, &got).unwrap();
        }
        let golden = std::fs::read_to_string(&golden_path)
            .unwrap_or_else(|e| panic!("{name}: {e} (run with MARGINALIA_BLESS=1 once)"));
        assert_eq!(got, golden, "{name} differs from its golden file");
    }
    // Text order lists every highlight once.
    let md = String::from_utf8(run(
        Format::Markdown,
        &doc,
        &set,
        &title,
        Grouping::TextOrder,
    ))
    .unwrap();
    assert_eq!(md.matches("\n> — ").count(), set.highlights().len());
}

/// A set whose notes and topic names try to break every format.
fn hostile() -> (Document, NoteSet) {
    let doc = Document::seed();
    let mut set = NoteSet::new();
    let (edit, topic) =
        Edit::create_topic(&set, "<b>Bold</b> & \"quoted\", topic", PALETTE[0]).unwrap();
    edit.apply(&mut set).unwrap();
    let notes = [
        "<script>alert(1)</script>",
        "=HYPERLINK(\"http://example.invalid\",\"click\")",
        "+1 and -2 and @cmd",
        "\"quoted\", with, commas\nand a second line\r\nand a third",
        "עברית and العربية: right to left",
        "e\u{301}te\u{301} — combining marks",
        "\tstarts with a tab",
    ];
    for (i, note) in notes.iter().enumerate() {
        common::noted_highlight(
            &doc,
            &mut set,
            (300 + i * 120, 40),
            vec![topic],
            note,
            i as i64,
        );
    }
    (doc, set)
}

#[test]
fn hostile_notes_survive_every_format_exactly_and_inert() {
    let (doc, set) = hostile();
    let notes: Vec<String> = set.highlights().iter().map(|h| h.note.clone()).collect();

    let md = String::from_utf8(run(
        Format::Markdown,
        &doc,
        &set,
        "Hostile",
        Grouping::TextOrder,
    ))
    .unwrap();
    // Every note is there as text a renderer shows as written: no HTML, no link, no
    // image, no heading of its own, and its line breaks kept.
    checks::markdown_is_inert(&md, &set);
    let shown = rendered_text(&md);
    for note in &notes {
        for line in note.trim().lines() {
            let line = line.trim_start_matches([' ', '\t']);
            assert!(shown.contains(line), "markdown lost {line:?} of {note:?}");
        }
    }
    assert!(!md.contains("<script") && !md.contains("<b>"));
    assert!(md.contains("&lt;script>alert(1)&lt;/script>"), "{md}");

    let html = String::from_utf8(run(
        Format::Html,
        &doc,
        &set,
        "Hostile <title>",
        Grouping::ByTopic,
    ))
    .unwrap();
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<b>Bold</b>") && html.contains("&lt;b&gt;Bold&lt;/b&gt;"));
    assert!(html.contains("<title>Hostile &lt;title&gt;</title>"));

    let csv_text = run(Format::Csv, &doc, &set, "Hostile", Grouping::ByTopic);
    let mut reader = csv::Reader::from_reader(&csv_text[..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let note_column = header.iter().position(|h| h == "note").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), notes.len());
    for (row, note) in rows.iter().zip(&notes) {
        let cell = &row[note_column];
        if note.starts_with(['=', '+', '-', '@', '\t']) {
            assert_eq!(cell, format!("'{note}"), "formula cell not neutralised");
        } else {
            assert_eq!(cell, note.as_str());
        }
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }

    let json: serde_json::Value = serde_json::from_slice(&run(
        Format::WebAnnotation,
        &doc,
        &set,
        "Hostile",
        Grouping::ByTopic,
    ))
    .unwrap();
    let items = json["first"]["items"].as_array().unwrap();
    for (item, note) in items.iter().zip(&notes) {
        let comment = item["body"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["purpose"] == "commenting")
            .unwrap();
        assert_eq!(comment["value"], note.as_str());
    }

    let (project, _) = qdpx_contents(&run(Format::Qdpx, &doc, &set, "Hostile", Grouping::ByTopic));
    let xml = roxmltree::Document::parse(&project).expect("project.qde is well-formed XML");
    let descriptions: Vec<String> = xml
        .descendants()
        .filter(|n| n.has_tag_name("PlainTextSelection"))
        .map(|n| {
            n.children()
                .find(|c| c.has_tag_name("Description"))
                .and_then(|d| d.text())
                .unwrap_or("")
                .to_string()
        })
        .collect();
    for (description, note) in descriptions.iter().zip(&notes) {
        assert!(
            description.starts_with(note.trim()),
            "{description:?} vs {note:?}"
        );
    }
}

#[test]
fn web_annotation_selectors_point_at_the_quote() {
    let (doc, set, title) = example();
    let json: serde_json::Value = serde_json::from_slice(&run(
        Format::WebAnnotation,
        &doc,
        &set,
        &title,
        Grouping::ByTopic,
    ))
    .unwrap();
    assert_eq!(json["@context"][0], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(json["type"], "AnnotationCollection");
    assert_eq!(json["first"]["type"], "AnnotationPage");
    // The page has an id of its own, and names its collection.
    assert!(
        json["first"]["id"]
            .as_str()
            .unwrap()
            .starts_with("urn:uuid:")
    );
    assert_ne!(json["first"]["id"], json["id"]);
    // The page names its collection as an object: id, label and total.
    assert_eq!(json["first"]["partOf"]["id"], json["id"]);
    assert_eq!(json["first"]["partOf"]["label"], json["label"]);
    assert_eq!(json["first"]["partOf"]["total"], json["total"]);
    assert_eq!(json["last"], json["first"]["id"]);
    let all = json["first"]["items"].as_array().unwrap();
    assert_eq!(json["total"], all.len());
    // The highlights, then the notes on the study and its document (see
    // tests/export_fields.rs).
    let items: Vec<&serde_json::Value> = (all.iter())
        .filter(|i| i.get("marginalia:kind").is_none())
        .collect();
    assert_eq!(items.len(), set.highlights().len());
    let chars: Vec<char> = doc.text().chars().collect();
    for item in items {
        // The model's required fields.
        assert_eq!(item["type"], "Annotation");
        assert!(item["id"].as_str().unwrap().starts_with("urn:uuid:"));
        assert!(["highlighting", "commenting"].contains(&item["motivation"].as_str().unwrap()));
        // The positions index the canonical text, named by its SHA-256; the web page it
        // was read from is the scope.
        assert_eq!(
            item["target"]["source"]["id"].as_str().unwrap(),
            format!(
                "urn:sha256:{}",
                doc.fingerprint().trim_start_matches("sha256:")
            )
        );
        assert!(
            item["target"]["source"]["label"]
                .as_str()
                .unwrap()
                .contains("Canonical text")
        );
        assert_eq!(
            item["target"]["scope"],
            "https://history.state.gov/historicaldocuments/frus1977-80v06/d84"
        );
        let selectors = item["target"]["selector"].as_array().unwrap();
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .unwrap();
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .unwrap();
        let (start, end) = (
            position["start"].as_u64().unwrap() as usize,
            position["end"].as_u64().unwrap() as usize,
        );
        let exact: String = chars[start..end].iter().collect();
        assert_eq!(exact, quote["exact"].as_str().unwrap());
        let before: String = chars[..start].iter().collect();
        let after: String = chars[end..].iter().collect();
        assert!(before.ends_with(quote["prefix"].as_str().unwrap()));
        assert!(after.starts_with(quote["suffix"].as_str().unwrap()));
        for body in item["body"].as_array().unwrap() {
            assert_eq!(body["type"], "TextualBody");
            assert!(
                ["tagging", "commenting", "describing"]
                    .contains(&body["purpose"].as_str().unwrap())
            );
        }
    }
    // Without a URL the source is a name of the text itself.
    let plain = Document::from_text("Title\n\nSome text to mark up here.", "plain.txt");
    let mut set = NoteSet::new();
    let (edit, _) = Edit::create_highlight(
        &set,
        &plain,
        CharRange::new(CharOffset(7), CharOffset(11)),
        vec![],
        Timestamp(0),
    )
    .unwrap();
    edit.apply(&mut set).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&run(
        Format::WebAnnotation,
        &plain,
        &set,
        "t",
        Grouping::ByTopic,
    ))
    .unwrap();
    let source = json["first"]["items"][0]["target"]["source"]["id"]
        .as_str()
        .unwrap();
    assert_eq!(
        source,
        format!(
            "urn:sha256:{}",
            plain.fingerprint().trim_start_matches("sha256:")
        )
    );
}

/// The project XML and the shipped source text of a .qdpx archive.
fn qdpx_contents(bytes: &[u8]) -> (String, String) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut project = String::new();
    archive
        .by_name("project.qde")
        .unwrap()
        .read_to_string(&mut project)
        .unwrap();
    let source_name = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .find(|n| n.starts_with("Sources/"))
        .unwrap();
    let mut source = String::new();
    archive
        .by_name(&source_name)
        .unwrap()
        .read_to_string(&mut source)
        .unwrap();
    (project, source)
}

#[test]
fn qdpx_positions_cut_the_quotes_out_of_the_shipped_text() {
    let (doc, set, title) = example();
    let (project, source) =
        qdpx_contents(&run(Format::Qdpx, &doc, &set, &title, Grouping::ByTopic));
    assert_eq!(source, doc.text());
    let xml = roxmltree::Document::parse(&project).unwrap();
    let root_node = xml.root_element();
    assert_eq!(root_node.tag_name().name(), "Project");
    assert_eq!(
        root_node.tag_name().namespace(),
        Some("urn:QDA-XML:project:1.0")
    );
    // Element order the schema asks for.
    let children: Vec<&str> = root_node
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(children, ["Users", "CodeBook", "Sources", "Notes"]);
    let codes: Vec<roxmltree::Node> = xml
        .descendants()
        .filter(|n| n.has_tag_name("Code"))
        .collect();
    // Arms control is no topic of its own: a parent code that cannot be coded.
    let arms = codes
        .iter()
        .find(|c| c.attribute("name") == Some("Arms control"))
        .unwrap();
    assert_eq!(arms.attribute("isCodable"), Some("false"));
    let nested: Vec<&str> = arms
        .children()
        .filter(|n| n.has_tag_name("Code"))
        .filter_map(|n| n.attribute("name"))
        .collect();
    assert_eq!(nested, ["Neutron weapons", "SALT"]);
    let code_ids: Vec<&str> = codes.iter().filter_map(|c| c.attribute("guid")).collect();
    let chars: Vec<char> = source.chars().collect();
    let selections: Vec<roxmltree::Node> = xml
        .descendants()
        .filter(|n| n.has_tag_name("PlainTextSelection"))
        .collect();
    assert_eq!(selections.len(), set.highlights().len());
    for (selection, h) in selections.iter().zip(set.highlights()) {
        let start: usize = selection
            .attribute("startPosition")
            .unwrap()
            .parse()
            .unwrap();
        let end: usize = selection.attribute("endPosition").unwrap().parse().unwrap();
        assert_eq!(chars[start..end].iter().collect::<String>(), h.anchor.quote);
        for code_ref in selection
            .descendants()
            .filter(|n| n.has_tag_name("CodeRef"))
        {
            assert!(code_ids.contains(&code_ref.attribute("targetGUID").unwrap()));
        }
        assert_eq!(
            selection
                .descendants()
                .filter(|n| n.has_tag_name("Coding"))
                .count(),
            h.topics.len()
        );
    }
    // The same export twice is the same archive.
    assert_eq!(
        run(Format::Qdpx, &doc, &set, &title, Grouping::ByTopic),
        run(Format::Qdpx, &doc, &set, &title, Grouping::ByTopic)
    );
}

#[test]
fn csv_has_a_row_per_highlight_with_citations_and_pages() {
    let (doc, set, title) = example();
    let bytes = run(Format::Csv, &doc, &set, &title, Grouping::ByTopic);
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        export::csv::HEADER
    );
    let col = |name: &str| export::csv::HEADER.iter().position(|h| *h == name).unwrap();
    let rows: Vec<csv::StringRecord> = (reader.records().map(Result::unwrap))
        .filter(|r| &r[col("kind")] == export::csv::KIND_HIGHLIGHT)
        .collect();
    assert_eq!(rows.len(), set.highlights().len());
    let pages: Vec<&str> = rows.iter().map(|r| &r[col("pages")]).collect();
    assert!(pages.contains(&"p. 286") && pages.contains(&"p. 287") && pages.contains(&"p. 288"));
    for (row, h) in rows.iter().zip(set.highlights()) {
        assert_eq!(&row[col("quote")], h.anchor.quote);
        assert!(row[col("citation")].starts_with("Foreign Relations of the United States, 1977–1980, Volume VI, Soviet Union, Document 84, p"));
        // Every row names its document.
        assert_eq!(&row[col("source")], "1");
        assert_eq!(&row[col("doc_number")], "84");
        assert_eq!(
            &row[col("doc_title")],
            "Letter From Soviet General Secretary Brezhnev to President Carter"
        );
        assert_eq!(
            &row[col("doc_url")],
            "https://history.state.gov/historicaldocuments/frus1977-80v06/d84"
        );
    }
}

#[test]
fn a_topic_filter_limits_every_export() {
    let (doc, set, title) = example();
    let africa = set.topic_by_name("Horn of Africa").unwrap().id;
    let filter = TopicFilter {
        topics: [africa].into(),
        ..Default::default()
    };
    let library = Library::single(SourceId::FIRST, doc.clone());
    let input = ExportInput {
        csv_bom: false,
        library: &library,
        sources: None,
        set: &set,
        title: &title,
        filter: Some(&filter),
        grouping: Grouping::TextOrder,
    };
    let md = String::from_utf8(export::export(Format::Markdown, &input).unwrap()).unwrap();
    assert_eq!(md.matches("\n> — ").count(), set.topic_count(africa));
    let json: serde_json::Value =
        serde_json::from_slice(&export::export(Format::WebAnnotation, &input).unwrap()).unwrap();
    let highlights = json["first"]["items"].as_array().unwrap().iter();
    let highlights = highlights.filter(|i| i.get("marginalia:kind").is_none());
    assert_eq!(highlights.count(), set.topic_count(africa));
}

#[test]
fn the_command_line_exports_and_refuses_bad_requests() {
    let bin = env!("CARGO_BIN_EXE_marginalia");
    let set = root().join("saves/example-brezhnev-1978.ron");
    let out = std::process::Command::new(bin)
        .args(["export"])
        .arg(&set)
        .args(["--format", "md", "--topics", "Middle East"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("## Middle East") && !md.contains("## Linkage"));
    let out = std::process::Command::new(bin)
        .args(["export"])
        .arg(&set)
        .args(["--format", "md", "--topics", "Nonesuch"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("no topic “Nonesuch”")
    );
    let out = std::process::Command::new(bin)
        .args(["export"])
        .arg(&set)
        .args(["--format", "qdpx"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "qdpx needs -o");
    let out = std::process::Command::new(bin)
        .args(["export"])
        .arg(&set)
        .args(["--format", "docx"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let dir = std::env::temp_dir().join(format!("marginalia-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("reading.qdpx");
    let out = std::process::Command::new(bin)
        .args(["export"])
        .arg(&set)
        .args(["--format", "qdpx", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, source) = qdpx_contents(&std::fs::read(&file).unwrap());
    assert_eq!(source, Document::seed().text());

    // An existing file is never replaced without --force: the old bytes stay.
    let kept = dir.join("kept.md");
    std::fs::write(&kept, "my own notes, not an export").unwrap();
    let export_to = |force: bool| {
        let mut command = std::process::Command::new(bin);
        command
            .args(["export"])
            .arg(&set)
            .args(["--format", "md", "-o"])
            .arg(&kept);
        if force {
            command.arg("--force");
        }
        command.output().unwrap()
    };
    let out = export_to(false);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Add --force"));
    assert_eq!(
        std::fs::read_to_string(&kept).unwrap(),
        "my own notes, not an export"
    );
    let out = export_to(true);
    assert!(out.status.success());
    assert!(
        std::fs::read_to_string(&kept)
            .unwrap()
            .contains("## Middle East")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The study fixture (format 3): the letter and a document of the TEI excerpt, opened
/// onto both.
fn study() -> (Library, NoteSet, String) {
    let opened = persist::open_note_set(
        &root().join("tests/fixtures/noteset-v3.ron"),
        persist::OpenOn::Own { current: None },
        &Default::default(),
    )
    .unwrap();
    assert!(opened.missing().is_empty());
    (opened.library, opened.set, opened.file.title)
}

/// Sets every schema check runs on, each with the texts of its documents: the example,
/// the hostile set, the example on another edition (some highlights placed, some not), an
/// empty set, and a study of two documents.
fn export_cases() -> Vec<(&'static str, Library, NoteSet)> {
    let single = |doc: &Document| Library::single(SourceId::FIRST, doc.clone());
    let (library, set, _) = study();
    let mut cases: Vec<(&'static str, Library, NoteSet)> = old_export_cases()
        .into_iter()
        .map(|(name, doc, set)| (name, single(&doc), set))
        .collect();
    cases.push(("study", library, set));
    cases
}

fn old_export_cases() -> Vec<(&'static str, Document, NoteSet)> {
    let (doc, set, _) = example();
    let (hostile_doc, hostile_set) = hostile();
    let other = Document::from_text(
        &doc.text()
            .replace("the question of neutron weapons", "the neutron question"),
        "other.txt",
    );
    let (moved, report) = persist::reanchor_set(&other, &set);
    assert!(report.unplaced() > 0);
    vec![
        ("example", doc.clone(), set),
        ("hostile", hostile_doc, hostile_set),
        ("unplaced", other, moved),
        ("empty", doc, NoteSet::new()),
    ]
}

/// Runs `xmllint --schema` on `xml`; `None` when xmllint is not installed (CI installs it,
/// and there its absence is a failure).
fn xsd_errors(xml: &str, name: &str) -> Option<String> {
    let dir = std::env::temp_dir().join(format!("marginalia-xsd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.qde"));
    std::fs::write(&path, xml).unwrap();
    let schema = root().join("tests/schemas/refi-qda/Project-mrt2019.xsd");
    let out = match std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&schema)
        .arg(&path)
        .output()
    {
        Ok(out) => out,
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("xmllint is not installed: the REFI-QDA schema check is skipped here");
            return None;
        }
        Err(e) => panic!("xmllint is needed in CI (.ci/run installs libxml2-utils): {e}"),
    };
    let _ = std::fs::remove_file(&path);
    Some(if out.status.success() {
        String::new()
    } else {
        String::from_utf8_lossy(&out.stderr).into_owned()
    })
}

#[test]
fn every_qdpx_project_is_valid_against_the_refi_qda_schema() {
    let title = example().2;
    for (name, library, set) in export_cases() {
        let set = &set;
        let input = ExportInput {
            csv_bom: false,
            library: &library,
            sources: None,
            set,
            title: &title,
            filter: None,
            grouping: Grouping::ByTopic,
        };
        let project = export::qdpx::project(&input);
        if let Some(errors) = xsd_errors(&project.xml, name) {
            assert!(
                errors.is_empty(),
                "{name}: project.qde is not valid:\n{errors}"
            );
        }
        // Every plainTextPath names a file that is shipped.
        let xml = roxmltree::Document::parse(&project.xml).unwrap();
        for path in xml
            .descendants()
            .filter_map(|n| n.attribute("plainTextPath"))
        {
            let file = path.strip_prefix("internal://").unwrap();
            assert!(
                project.files.iter().any(|(n, _)| n == file),
                "{name}: {file}"
            );
        }
    }
}

/// The W3C Web Annotation suite's schemas, found by name under tests/schemas.
struct SuiteSchemas;

const SUITE_BASE: &str = "https://web-annotation-tests.invalid/";

impl jsonschema::Retrieve for SuiteSchemas {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
        let text = uri.to_string();
        let name = text
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .split('#')
            .next()
            .unwrap_or_default()
            .to_string();
        let path = root()
            .join("tests/schemas/web-annotation/definitions")
            .join(&name);
        let json = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
        Ok(serde_json::from_str(&json)?)
    }
}

/// A validator for the schema file at `relative` (under tests/schemas/web-annotation).
fn suite_validator(relative: &str) -> jsonschema::Validator {
    let path = root().join("tests/schemas/web-annotation").join(relative);
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let name = Path::new(relative).file_name().unwrap().to_string_lossy();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .with_base_uri(format!("{SUITE_BASE}{name}"))
        .with_retriever(SuiteSchemas)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
}

fn assert_valid(validator: &jsonschema::Validator, instance: &serde_json::Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

/// Each export case's JSON-LD, by the case's name.
fn json_ld_cases() -> Vec<(&'static str, serde_json::Value)> {
    let title = example().2;
    (export_cases().into_iter())
        .map(|(name, library, set)| {
            let input = ExportInput::new(&library, &set, &title);
            let bytes = export::export(Format::WebAnnotation, &input).unwrap();
            (name, serde_json::from_slice(&bytes).unwrap())
        })
        .collect()
}

/// The suite's own page MUST assertions (`pageMusts.test`) available here: applied to
/// the collection (its page embedded as `first`) and to the page alone, as the suite
/// applies them.
#[test]
fn every_json_ld_page_meets_the_w3c_suite_s_own_page_schemas() {
    let names: Vec<String> = std::fs::read_dir(root().join("tests/schemas/web-annotation/pages"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    assert_eq!(names.len(), 11, "{names:?}");
    let validators: Vec<(String, jsonschema::Validator)> = (names.iter())
        .map(|n| (n.clone(), suite_validator(&format!("pages/{n}"))))
        .collect();
    let mut checked = 0;
    for (name, json) in json_ld_cases() {
        let Some(page) = json.get("first") else {
            continue;
        };
        for (file, validator) in &validators {
            assert_valid(validator, &json, &format!("{name}: the collection, {file}"));
            assert_valid(validator, page, &format!("{name}: the page, {file}"));
            checked += 1;
        }
    }
    assert!(checked >= 11 * 4, "{checked}");
}

#[test]
fn every_json_ld_export_meets_the_w3c_suite_s_must_schemas() {
    let annotation_musts: Vec<(String, jsonschema::Validator)> = [
        "annotations/3.1-annotationContextValidated.json",
        "annotations/3.1-annotationIdValidated.json",
        "annotations/3.1-annotationTypeValidated.json",
        "annotations/3.1-targetKeyFound.json",
        "annotations/3.2.5-notBodyBodyValue.json",
    ]
    .into_iter()
    .map(|f| (f.to_string(), suite_validator(f)))
    .collect();
    let collection_musts: Vec<(String, jsonschema::Validator)> = [
        "collections/5.1-collectionIdValidated.json",
        "collections/5.1-collectionTypeValidated.json",
        "marginalia/collection-musts.json",
    ]
    .into_iter()
    .map(|f| (f.to_string(), suite_validator(f)))
    .collect();
    let page_musts = suite_validator("pages/5.2-pageIdValidated.json");

    let (doc, set, title) = example();
    for (name, json) in json_ld_cases() {
        for (file, validator) in &collection_musts {
            assert_valid(validator, &json, &format!("{name}: the collection, {file}"));
        }
        if let Some(page) = json.get("first") {
            assert_valid(&page_musts, page, &format!("{name}: the page"));
            for (i, item) in page["items"].as_array().unwrap().iter().enumerate() {
                // Each annotation of the page, with the collection's context as its own.
                let mut annotation = item.clone();
                annotation["@context"] = json["@context"].clone();
                for (file, validator) in &annotation_musts {
                    assert_valid(
                        validator,
                        &annotation,
                        &format!("{name}: annotation {i}, {file}"),
                    );
                }
            }
        } else {
            assert_eq!(
                json["total"], 0,
                "{name}: only an empty collection has no page"
            );
        }
    }
    // The schemas do catch what was wrong before: a page without an id.
    let mut no_page_id: serde_json::Value = serde_json::from_slice(&run(
        Format::WebAnnotation,
        &doc,
        &set,
        &title,
        Grouping::ByTopic,
    ))
    .unwrap();
    no_page_id["first"].as_object_mut().unwrap().remove("id");
    assert!(!page_musts.is_valid(&no_page_id["first"]));
    assert!(!page_musts.is_valid(&no_page_id));
    // And an annotation with another context, or a collection of another type.
    let mut annotation = no_page_id["first"]["items"][0].clone();
    annotation["@context"] = serde_json::json!("http://example.invalid/context.jsonld");
    assert!(!annotation_musts[0].1.is_valid(&annotation));
    no_page_id["type"] = serde_json::json!("Collection");
    assert!(!collection_musts[1].1.is_valid(&no_page_id));
}

#[test]
fn an_export_is_written_into_a_new_folder_and_a_blocked_path_is_reported_not_panicked() {
    let (doc, set, title) = example();
    let library = Library::single(SourceId::FIRST, doc.clone());
    let input = ExportInput {
        csv_bom: false,
        library: &library,
        sources: None,
        set: &set,
        title: &title,
        filter: None,
        grouping: Grouping::ByTopic,
    };
    let dir = std::env::temp_dir().join(format!("marginalia-write-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("new/folder/highlights.md");
    let written = export::write_export(Format::Markdown, &input, &path, None).expect("written");
    assert_eq!(std::fs::metadata(&path).unwrap().len() as usize, written);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        export::export(Format::Markdown, &input).unwrap()
    );
    // A file where a folder should be: an error that names it.
    let blocked = dir.join("new/folder/highlights.md/inside.csv");
    let err = export::write_export(Format::Csv, &input, &blocked, None).unwrap_err();
    assert!(matches!(err, export::ExportError::Folder { .. }), "{err:?}");
    assert!(err.to_string().contains("highlights.md"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_two_document_study_cites_every_passage_in_its_own_document_in_every_format() {
    let (library, set, title) = study();
    let input = |grouping| ExportInput {
        csv_bom: false,
        library: &library,
        sources: None,
        set: &set,
        title: &title,
        filter: None,
        grouping,
    };
    let letter =
        "Foreign Relations of the United States, 1977–1980, Volume VI, Soviet Union, Document 84";
    let carter = "Foreign Relations of the United States, 1977–1980, Volume I, Foundations of Foreign Policy, Document 2";
    let quote = "The world in 1975 is a very different world";
    // Markdown and HTML: both documents named, each passage under its own, cited there.
    for grouping in [Grouping::ByTopic, Grouping::TextOrder] {
        let md =
            String::from_utf8(export::export(Format::Markdown, &input(grouping)).unwrap()).unwrap();
        let text = rendered_text(&md);
        assert!(
            text.contains(
                "Document 84: Letter From Soviet General Secretary Brezhnev to President Carter"
            ),
            "{md}"
        );
        assert!(
            text.contains("Document 2: Address by Jimmy Carter (1975-05-28)"),
            "{md}"
        );
        assert!(text.contains(&format!("{carter}, p. 3")), "{md}");
        assert!(
            text.contains("FRUS 1977–1980, VI, doc. 84, p. 286")
                || text.contains(&format!("{letter}, p. 286")),
            "{md}"
        );
        assert!(
            text.contains("How did each side argue linkage"),
            "the study note: {md}"
        );
        let at_carter = md.find("Document 2: Address by Jimmy Carter").unwrap();
        assert!(
            md[at_carter..].contains(quote),
            "Carter's passage under his heading: {md}"
        );
        let html =
            String::from_utf8(export::export(Format::Html, &input(grouping)).unwrap()).unwrap();
        assert!(
            html.contains("Document 2: Address by Jimmy Carter")
                && html.contains("Document 84: Letter")
        );
    }
    // CSV: a row per highlight, each naming its document and its page there.
    let csv_bytes = export::export(Format::Csv, &input(Grouping::ByTopic)).unwrap();
    let mut reader = csv::Reader::from_reader(&csv_bytes[..]);
    let col = |name: &str| export::csv::HEADER.iter().position(|h| *h == name).unwrap();
    let rows: Vec<csv::StringRecord> = (reader.records().map(Result::unwrap))
        .filter(|r| &r[col("kind")] == export::csv::KIND_HIGHLIGHT)
        .collect();
    assert_eq!(rows.len(), 7);
    let row = rows.iter().find(|r| &r[col("quote")] == quote).unwrap();
    assert_eq!(
        (
            &row[col("doc_number")],
            &row[col("doc_date")],
            &row[col("pages")]
        ),
        ("2", "1975-05-28", "p. 3")
    );
    assert_eq!(
        &row[col("doc_url")],
        "https://history.state.gov/historicaldocuments/frus1977-80v01/d2"
    );
    assert!(row[col("citation")].starts_with(carter), "{row:?}");
    assert_eq!(
        rows.iter()
            .filter(|r| &r[col("doc_number")] == "84")
            .count(),
        6
    );
    // Documents in time: Carter's address of 1975 (the study's second) before the letter
    // of 1978 (its first).
    let numbers: Vec<&str> = rows.iter().map(|r| &r[col("doc_number")]).collect();
    assert_eq!(numbers, ["2", "84", "84", "84", "84", "84", "84"]);
    let md =
        String::from_utf8(export::export(Format::Markdown, &input(Grouping::TextOrder)).unwrap())
            .unwrap();
    assert!(
        md.find("## Document 2: Address").unwrap() < md.find("## Document 84: Letter").unwrap(),
        "{md}"
    );
    // JSON-LD: each target is the canonical text of its own document.
    let json: serde_json::Value = serde_json::from_slice(
        &export::export(Format::WebAnnotation, &input(Grouping::ByTopic)).unwrap(),
    )
    .unwrap();
    let items = json["first"]["items"].as_array().unwrap();
    let sources: std::collections::BTreeSet<String> = (items.iter())
        .filter(|i| i.get("marginalia:kind").is_none())
        .map(|i| i["target"]["source"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(sources.len(), 2, "{sources:?}");
    let carter_item = items
        .iter()
        .find(|i| i["target"]["selector"][0]["exact"] == quote)
        .unwrap();
    assert_eq!(
        carter_item["target"]["scope"],
        "https://history.state.gov/historicaldocuments/frus1977-80v01/d2"
    );
    // REFI-QDA: a TextSource per document, each selection cut from its own text.
    let project = export::qdpx::project(&input(Grouping::ByTopic));
    let xml = roxmltree::Document::parse(&project.xml).unwrap();
    let text_sources: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name("TextSource"))
        .collect();
    assert_eq!(text_sources.len(), 2);
    for source in text_sources {
        let file = source
            .attribute("plainTextPath")
            .unwrap()
            .strip_prefix("internal://")
            .unwrap();
        let text = &project.files.iter().find(|(n, _)| n == file).unwrap().1;
        let chars: Vec<char> = text.chars().collect();
        for selection in source
            .children()
            .filter(|n| n.has_tag_name("PlainTextSelection"))
        {
            let start: usize = selection
                .attribute("startPosition")
                .unwrap()
                .parse()
                .unwrap();
            let end: usize = selection.attribute("endPosition").unwrap().parse().unwrap();
            let cut: String = chars[start..end].iter().collect();
            let id = selection.attribute("guid").unwrap();
            let h = set
                .highlights()
                .iter()
                .find(|h| h.id.0.to_string() == id)
                .unwrap();
            assert_eq!(cut, h.anchor.quote);
        }
    }
    // Only the chosen document: --sources 2.
    let only: std::collections::BTreeSet<SourceId> = [SourceId(2)].into();
    let chosen = ExportInput {
        csv_bom: false,
        sources: Some(&only),
        ..input(Grouping::ByTopic)
    };
    assert_eq!(chosen.highlights().len(), 1);
    let md = String::from_utf8(export::export(Format::Markdown, &chosen).unwrap()).unwrap();
    assert!(
        md.contains("Source: ") && !md.contains("Brezhnev to President Carter"),
        "{md}"
    );
}

/// Two documents of one number and title (document 1 of two volumes, say): a QDA program
/// keys sources by name, so the project names them apart, and stays valid.
#[test]
fn two_documents_of_one_number_and_title_get_names_apart_in_a_qdpx_project() {
    let a = Document::from_text(
        "1. Editorial Note\n\nThe first volume's note on the talks.\n",
        "volume-one.txt",
    );
    let b = Document::from_text(
        "1. Editorial Note\n\nThe second volume's note on the talks.\n",
        "volume-two.txt",
    );
    assert_eq!(a.info().number, b.info().number);
    assert_eq!(a.info().title, b.info().title);
    let mut set = NoteSet::new();
    let (edit, topic) = Edit::create_topic(&set, "Talks", PALETTE[0]).unwrap();
    edit.apply(&mut set).unwrap();
    let mut library = Library::new();
    for doc in [&a, &b] {
        let range = doc.find("talks").unwrap();
        let (edit, _) =
            Edit::create_highlight(&set, doc, range, vec![topic], Timestamp(1)).unwrap();
        edit.apply(&mut set).unwrap();
        let id = set.source_of(doc).unwrap().id;
        library.insert(
            id,
            marginalia::core::library::Loaded::Text(std::sync::Arc::new(doc.clone())),
        );
    }
    assert_eq!(set.sources().len(), 2);
    let input = ExportInput::new(&library, &set, "Two notes");
    let (project, _) = qdpx_contents(&export::export(Format::Qdpx, &input).unwrap());
    assert!(project.contains("name=\"1. Editorial Note\""), "{project}");
    assert!(
        project.contains("name=\"1. Editorial Note (2)\""),
        "{project}"
    );
    if let Some(errors) = xsd_errors(&project, "same-names") {
        assert!(errors.is_empty(), "{errors}");
    }
}

/// The Markdown and HTML of a study of two documents (by topic and in text order, where
/// the documents become the headings) and of a set with highlights not found in its text,
/// held to golden files: the order and the levels of their headings are the exports'
/// outline, which word processors and screen readers navigate by.
#[test]
fn the_outline_of_a_study_and_of_unplaced_highlights_matches_golden_files() {
    let (library, set, title) = study();
    let unplaced = old_export_cases()
        .into_iter()
        .find(|(name, _, _)| *name == "unplaced")
        .map(|(_, doc, set)| (Library::single(SourceId::FIRST, doc), set))
        .unwrap();
    let cases = [
        ("study-by-topic", &library, &set, Grouping::ByTopic),
        ("study-text-order", &library, &set, Grouping::TextOrder),
        (
            "unplaced-by-topic",
            &unplaced.0,
            &unplaced.1,
            Grouping::ByTopic,
        ),
        (
            "unplaced-text-order",
            &unplaced.0,
            &unplaced.1,
            Grouping::TextOrder,
        ),
    ];
    for (name, library, set, grouping) in cases {
        let input = ExportInput {
            csv_bom: false,
            library,
            sources: None,
            set,
            title: &title,
            filter: None,
            grouping,
        };
        for (format, extension) in [(Format::Markdown, "md"), (Format::Html, "html")] {
            let got = String::from_utf8(export::export(format, &input).unwrap()).unwrap();
            let file = format!("{name}.{extension}");
            let golden_path = root().join("tests/golden").join(&file);
            if std::env::var_os("MARGINALIA_BLESS").is_some() {
                std::fs::write(&golden_path, &got).unwrap();
            }
            let golden = std::fs::read_to_string(&golden_path)
                .unwrap_or_else(|e| panic!("{file}: {e} (run with MARGINALIA_BLESS=1 once)"));
            assert_eq!(got, golden, "{file} differs from its golden file");
        }
    }
}
