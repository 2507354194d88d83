//! What real use found (issue 11): re-anchoring that is never silently wrong, exports that
//! never drop a highlight, note sets that cannot make the program read a file the user did
//! not choose, bounded reads, writes through symbolic links, clear messages for bad input.
//! Each test failed on the code before the fix it names.

use marginalia::core::document::Document;
use marginalia::core::document::error::DocumentError;
use marginalia::core::export::{self, ExportInput, Format, Grouping};
use marginalia::core::persist::{self, NoteSetError, NoteSetFile};
use marginalia::core::reanchor::Placement;
use marginalia::core::study::edit::Edit;
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::study::source::SourceId;
use marginalia::core::study::topic::Color;
use marginalia::core::time::Timestamp;
use std::path::{Path, PathBuf};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("marginalia-real-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the program with `args`, as a user's shell would.
fn marginalia(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .unwrap()
}

fn seed_text() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/frus1977-80v06-d84.txt"),
    )
    .unwrap()
}

/// The seed with `edit` applied to its raw text.
fn edited(edit: impl Fn(&str) -> String) -> Document {
    Document::from_text(&edit(&seed_text()), "edited.txt")
}

/// A set on `doc` with one highlight per phrase (the `n`-th occurrence of each, from 0),
/// tagged "Arms control/SALT", each with a note.
fn set_with(doc: &Document, phrases: &[(&str, usize)]) -> NoteSet {
    let mut set = NoteSet::new();
    let (edit, topic) =
        Edit::create_topic(&set, "Arms control/SALT", Color([0x33, 0x66, 0x99])).unwrap();
    edit.apply(&mut set).unwrap();
    for (i, (phrase, nth)) in phrases.iter().enumerate() {
        let byte = doc
            .text()
            .match_indices(phrase)
            .nth(*nth)
            .unwrap_or_else(|| panic!("{phrase:?} #{nth} not in the text"))
            .0;
        let start = doc.char_of(marginalia::core::text::ByteOffset(byte));
        let range = marginalia::core::text::CharRange::new(start, start + phrase.chars().count());
        let (edit, id) =
            Edit::create_highlight(&set, doc, range, vec![topic], Timestamp(i as i64)).unwrap();
        edit.apply(&mut set).unwrap();
        Edit::SetNote {
            highlight: id,
            note: format!("note {i}"),
            modified: Timestamp(i as i64),
        }
        .apply(&mut set)
        .unwrap();
    }
    set
}

// Item 1: a short quote found elsewhere among other words is uncertain, not moved.
#[test]
fn a_deleted_passage_s_short_quote_found_elsewhere_is_uncertain_not_moved() {
    let doc = Document::seed();
    // The second "arms race" and the second "Middle East": both also occur elsewhere.
    let set = set_with(&doc, &[("arms race", 1), ("Middle East", 1)]);
    let cut = edited(|t| {
        t.replace(
            " the achievement of practical results at these negotiations would in itself mean a step forward towards restraining the arms race.",
            "",
        )
        .replace("Even if the negotiations of Egypt with", "Even if the talks of Egypt with")
        .replace("a genuine peace in the Middle East.", "a genuine peace in the region.")
    });
    let (placed, report) = persist::reanchor_set(&cut, &set);
    assert_eq!(report.total(), 2);
    assert_eq!(
        report.moved + report.exact + report.fuzzy,
        0,
        "{}",
        report.summary()
    );
    // "Middle East" stands twice more nearby: proposed, to confirm. The other "arms
    // race" is four thousand characters off, in other words: not even proposed.
    assert_eq!(report.uncertain, 1, "{}", report.summary());
    assert_eq!(report.orphaned, 1, "{}", report.summary());
    // Both kept, with their old anchors and notes.
    assert!(placed.highlights().is_empty());
    assert_eq!(placed.orphans().len(), 2);
    for orphan in placed.orphans() {
        assert!(orphan.note.starts_with("note "));
        match orphan.anchor.quote.as_str() {
            "Middle East" => {
                let proposal = placed.proposal(orphan.id).expect("a proposal to confirm");
                assert_eq!(cut.slice(proposal.range()), "Middle East");
            }
            quote => {
                assert_eq!(quote, "arms race");
                assert!(placed.proposal(orphan.id).is_none());
            }
        }
    }
}

#[test]
fn a_passage_still_in_its_context_is_placed_after_edits_elsewhere() {
    let doc = Document::seed();
    let set = set_with(&doc, &[("arms race", 1), ("Middle East", 0)]);
    let moved = edited(|t| {
        t.replacen(
            "We generally consider",
            "We generally and firmly consider",
            1,
        )
    });
    let (placed, report) = persist::reanchor_set(&moved, &set);
    assert_eq!(report.exact + report.moved, 2, "{}", report.summary());
    for h in placed.highlights() {
        assert_eq!(moved.slice(h.range()), h.anchor.quote);
    }
}

#[test]
fn straightened_quotes_keep_the_closing_quote_in_a_fuzzy_match() {
    let doc = Document::seed();
    let set = set_with(&doc, &[("the “cold war”", 0)]);
    let straight = edited(|t| t.replace(['“', '”'], "\""));
    let (placed, report) = persist::reanchor_set(&straight, &set);
    assert_eq!(report.fuzzy, 1, "{}", report.summary());
    assert_eq!(placed.highlights()[0].anchor.quote, "the \"cold war\"");
}

#[test]
fn single_anchor_placement_reports_uncertain_for_a_foreign_context() {
    let doc = Document::seed();
    let set = set_with(&doc, &[("Middle East", 1)]);
    let anchor = &set.highlights()[0].anchor;
    // Where it was: exact.
    let (placement, _) = marginalia::core::reanchor::reanchor(&doc, anchor).unwrap();
    assert_eq!(placement, Placement::Exact);
    let cut = edited(|t| t.replace("a genuine peace in the Middle East.", "a genuine peace."));
    let (placement, found) = marginalia::core::reanchor::reanchor(&cut, anchor).unwrap();
    assert_eq!(placement, Placement::Uncertain);
    assert_eq!(cut.slice(found.range()), "Middle East");
    // A copy of the quote far off, in other words, is not even proposed.
    let far = set_with(&doc, &[("arms race", 1)]);
    let cut = edited(|t| t.replace("towards restraining the arms race.", "."));
    assert_eq!(
        marginalia::core::reanchor::reanchor(&cut, &far.highlights()[0].anchor),
        None
    );
}

fn input<'a>(doc: &'a Document, set: &'a NoteSet) -> ExportInput<'a> {
    // A test's library lives as long as the test program.
    let library: &'static marginalia::core::library::Library = Box::leak(Box::new(
        marginalia::core::library::Library::single(SourceId::FIRST, doc.clone()),
    ));
    ExportInput {
        csv_bom: false,
        library,
        sources: None,
        set,
        title: "Reading",
        filter: None,
        grouping: Grouping::ByTopic,
    }
}

// Item 2: exports include unplaced highlights, marked.
#[test]
fn every_export_keeps_highlights_that_could_not_be_placed() {
    let doc = Document::seed();
    let set = set_with(
        &doc,
        &[("arms race", 1), ("cold war", 0), ("Horn of Africa", 0)],
    );
    let cut = edited(|t| {
        t.replace("towards restraining the arms race.", ".")
            // The whole sentence goes: nothing of the passage or its context is left.
            .replace(
                "No less puzzling is the attempt to represent the Soviet Union as allegedly \
                 trying to get some advantages from the conflict in the Horn of Africa, and \
                 even to speak of a possibility of negative consequences for Soviet-US \
                 relations. ",
                "",
            )
    });
    let (placed, report) = persist::reanchor_set(&cut, &set);
    assert_eq!(report.unplaced(), 2, "{}", report.summary());
    let input = input(&cut, &placed);
    assert_eq!(input.unplaced().len(), 2);

    let md = String::from_utf8(export::export(Format::Markdown, &input).unwrap()).unwrap();
    assert!(md.contains("## Not found in this text"), "{md}");
    assert!(
        md.contains("Horn of Africa") && md.contains("Status: uncertain"),
        "{md}"
    );
    assert!(md.contains("Status: not found in this text."), "{md}");

    let html = String::from_utf8(export::export(Format::Html, &input).unwrap()).unwrap();
    assert!(html.contains("<h2>Not found in this text</h2>") && html.contains("Horn of Africa"));

    let csv_bytes = export::export(Format::Csv, &input).unwrap();
    let mut reader = csv::Reader::from_reader(&csv_bytes[..]);
    let header = reader.headers().unwrap().clone();
    let status = header.iter().position(|h| h == "status").unwrap();
    let pages = header.iter().position(|h| h == "pages").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let mut states: Vec<&str> = rows.iter().map(|r| &r[status]).collect();
    states.sort();
    assert_eq!(states, ["not found", "placed", "uncertain"]);
    for row in &rows {
        assert_eq!(row[pages].is_empty(), &row[status] != "placed");
    }

    let json: serde_json::Value =
        serde_json::from_slice(&export::export(Format::WebAnnotation, &input).unwrap()).unwrap();
    let items = json["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(json["total"], 3);
    let unplaced: Vec<&serde_json::Value> = items
        .iter()
        .filter(|i| i.get("marginalia:status").is_some())
        .collect();
    assert_eq!(unplaced.len(), 2);
    for item in unplaced {
        // No position: it does not index this text.
        let selectors = item["target"]["selector"].as_array().unwrap();
        assert!(
            selectors
                .iter()
                .all(|s| s["type"] != "TextPositionSelector")
        );
    }

    let qdpx = export::export(Format::Qdpx, &input).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(qdpx)).unwrap();
    let mut project = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("project.qde").unwrap(), &mut project).unwrap();
    assert_eq!(project.matches("<PlainTextSelection ").count(), 1);
    assert!(project.contains("name=\"Not placed in this text\""));
    let names: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    let mut listed = false;
    for name in names.iter().filter(|n| n.starts_with("Sources/")) {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        listed |= text.contains("2 highlights made on another version")
            && text.contains("Horn of Africa");
    }
    assert!(listed, "the unplaced highlights are listed in a note file");
}

fn saved_set(dir: &Path, doc: &Document, hint: Option<String>) -> PathBuf {
    let mut file = NoteSetFile {
        title: "Received".into(),
        recovery_of: None,
        set: set_with(doc, &[("arms race", 0)]),
    };
    file.set = std::mem::take(&mut file.set).with_path_hint(SourceId::FIRST, hint);
    let path = dir.join("received.ron");
    persist::save(&path, &file).unwrap();
    path
}

// Item 3: a hint alone never opens a file whose text is not the set's.
#[test]
fn a_note_set_s_hint_never_opens_another_file() {
    let dir = temp_dir("hints");
    let secret = dir.join("secret.txt");
    std::fs::write(&secret, "My private diary.\n\nNothing for anyone else.\n").unwrap();
    std::fs::create_dir_all(dir.join("sets/inner")).unwrap();
    let link = dir.join("sets/inner/letter.txt");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    let doc = Document::seed();
    let hints = [
        "/etc/passwd".to_string(),
        secret.to_string_lossy().into_owned(),
        "../../secret.txt".to_string(),
        "letter.txt".to_string(),
    ];
    for hint in hints {
        let path = saved_set(
            &dir.join("sets/inner"),
            &edited(|t| t.replace("Dear", "Dear dear")),
            Some(hint.clone()),
        );
        let (file, _) = persist::load(&path).unwrap();
        let missing = persist::find_document(&file, &path).expect_err(&hint);
        assert!(missing.to_string().contains("was not found"), "{missing}");
        // The hinted file is named, so the user can decide.
        if let Some(at) = &missing.hint
            && at.exists()
        {
            assert!(missing.hint_differs, "{hint}");
        }
        // The command line refuses too, and ships nothing.
        let out = dir.join("out.qdpx");
        let status = marginalia(&[
            "export".as_ref(),
            "--format".as_ref(),
            "qdpx".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
            path.as_os_str(),
        ]);
        assert!(!status.status.success(), "{hint}");
        assert!(!out.exists(), "{hint}");
        let stderr = String::from_utf8_lossy(&status.stderr);
        assert!(stderr.contains("--document"), "{stderr}");
    }
    // Named explicitly, another text is used (and re-anchored).
    let path = saved_set(&dir, &doc, Some("/etc/passwd".into()));
    let status = marginalia(&[
        "check".as_ref(),
        "--document".as_ref(),
        secret.as_os_str(),
        path.as_os_str(),
    ]);
    assert!(status.status.success());
    assert!(String::from_utf8_lossy(&status.stdout).contains("1 orphaned"));
    // The set's own text, hinted, is found as before.
    let good = saved_set(&dir, &doc, Some("../../nowhere.txt".into()));
    let (file, _) = persist::load(&good).unwrap();
    assert!(
        persist::find_document(&file, &good).is_ok(),
        "the seed is found by its text"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// Item 4: bounded reads; devices and pipes refused at once.
#[test]
fn devices_and_pipes_are_refused_at_once_everywhere() {
    let start = std::time::Instant::now();
    let err = Document::open(Path::new("/dev/zero")).unwrap_err();
    assert!(matches!(err, DocumentError::NotRegular { .. }), "{err:?}");
    assert!(err.to_string().contains("a device"), "{err}");
    let err = persist::load(Path::new("/dev/zero")).unwrap_err();
    assert!(matches!(err, NoteSetError::NotRegular { .. }), "{err:?}");

    let dir = temp_dir("fifo");
    let fifo = dir.join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let err = Document::open(&fifo).unwrap_err();
    assert!(err.to_string().contains("pipe"), "{err}");
    let err = persist::load(&fifo).unwrap_err();
    assert!(err.to_string().contains("pipe"), "{err}");
    // A sidecar that is a pipe is reported, not waited on.
    let doc_path = dir.join("letter.txt");
    std::fs::write(&doc_path, "1. A Letter\n\nText.\n").unwrap();
    std::process::Command::new("mkfifo")
        .arg(dir.join("letter.meta.ron"))
        .status()
        .unwrap();
    let doc = Document::open(&doc_path).unwrap();
    assert!(
        doc.warnings().iter().any(|w| w.contains("pipe")),
        "{:?}",
        doc.warnings()
    );

    for args in [
        vec!["inspect", "/dev/zero"],
        vec!["inspect", fifo.to_str().unwrap()],
    ] {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        let out = marginalia(&args);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("not a text file"));
    }
    assert!(
        start.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// Item 5: writing through a symbolic link keeps the link.
#[test]
fn a_forced_export_onto_a_symlink_writes_the_file_behind_it() {
    let dir = temp_dir("symlink");
    let real = dir.join("real");
    std::fs::create_dir_all(&real).unwrap();
    std::fs::write(real.join("notes.md"), "old").unwrap();
    let link = dir.join("notes.md");
    std::os::unix::fs::symlink("real/notes.md", &link).unwrap();
    let doc = Document::seed();
    let set_path = saved_set(&dir, &doc, None);
    let out = marginalia(&[
        "export".as_ref(),
        "--format".as_ref(),
        "md".as_ref(),
        "--force".as_ref(),
        "-o".as_ref(),
        link.as_os_str(),
        set_path.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let written = std::fs::read_to_string(real.join("notes.md")).unwrap();
    assert!(written.starts_with("# Received"), "{written}");
    // Saving a note set through a link does the same, and keeps the backup beside it.
    let set_link = dir.join("linked.ron");
    std::os::unix::fs::symlink(&set_path, &set_link).unwrap();
    let (file, _) = persist::load(&set_link).unwrap();
    persist::save(&set_link, &file).unwrap();
    assert!(
        std::fs::symlink_metadata(&set_link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(persist::atomic::backup_path(&set_path).exists());
    let _ = std::fs::remove_dir_all(&dir);
}

// Items 6–8: clear messages for bad note-set files.
#[test]
fn note_set_files_with_a_bom_bad_utf8_or_deep_nesting_are_answered_clearly() {
    let dir = temp_dir("messages");
    let doc = Document::seed();
    let path = saved_set(&dir, &doc, None);
    let text = std::fs::read(&path).unwrap();

    let bom = dir.join("bom.ron");
    std::fs::write(&bom, [b"\xEF\xBB\xBF".as_slice(), &text].concat()).unwrap();
    let (file, _) = persist::load(&bom).expect("a BOM is stripped");
    assert_eq!(file.set.highlights().len(), 1);

    // Bad bytes right after `title: "` on the title's line.
    let as_text = String::from_utf8(text.clone()).unwrap();
    let title_at = as_text.find("title: \"").unwrap() + "title: \"".len();
    let line = as_text[..title_at].matches('\n').count() + 1;
    let column = as_text[..title_at]
        .rsplit('\n')
        .next()
        .unwrap()
        .chars()
        .count()
        + 1;
    let mut broken = text.clone();
    broken.splice(title_at..title_at, [0xff, 0xfe]);
    let bad = dir.join("bad.ron");
    std::fs::write(&bad, &broken).unwrap();
    let message = persist::load(&bad).unwrap_err().to_string();
    assert!(
        message.contains(&format!("bad.ron:{line}:{column}:")),
        "{message}"
    );
    assert!(message.contains("not UTF-8"), "{message}");

    let deep = dir.join("deep.ron");
    std::fs::write(
        &deep,
        format!(
            "(format_version: 2, extra: {}{})",
            "[".repeat(5000),
            "]".repeat(5000)
        ),
    )
    .unwrap();
    let message = persist::load(&deep).unwrap_err().to_string();
    assert!(
        !message.contains("recursion_limit") && !message.contains("serde_stacker"),
        "{message}"
    );
    assert!(message.contains("nested too deeply"), "{message}");
    let _ = std::fs::remove_dir_all(&dir);
}

// Item 9: XML is named as XML.
#[test]
fn an_xml_file_is_refused_as_xml_not_read_as_a_paragraph() {
    let dir = temp_dir("xml");
    let path = dir.join("frus1977-80v06.txt");
    std::fs::write(
        &path,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body><div type=\"document\" n=\"84\"><p>Text</p></div></body></text></TEI>\n",
    )
    .unwrap();
    let err = Document::open(&path).unwrap_err();
    assert!(matches!(err, DocumentError::Xml { .. }), "{err:?}");
    assert!(err.to_string().contains("XML"), "{err}");
    // Prose that merely mentions a tag is prose.
    std::fs::write(&path, "1. A Letter\n\nThe <b> tag and <i> were used.\n").unwrap();
    assert!(Document::open(&path).is_ok());
    let _ = std::fs::remove_dir_all(&dir);
}

// Item 10: implausible page markers are warned about in inspect.
#[test]
fn inspect_warns_about_page_markers_that_cannot_be_right() {
    let dir = temp_dir("pages");
    let path = dir.join("pages.txt");
    std::fs::write(
        &path,
        "1. A Letter\n\nOne [Page 999999] two.\n\nThree [Page 0] four [Page 1234567890] five.\n",
    )
    .unwrap();
    let out = marginalia(&["inspect".as_ref(), path.as_os_str()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("no printed volume"), "{text}");
    assert!(text.contains("should rise"), "{text}");
    assert!(text.contains("too many digits"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

// Item 16: the set's own citation is used for a copy of the same text.
#[test]
fn a_sidecarless_copy_of_the_same_text_cites_as_the_set_recorded() {
    let dir = temp_dir("citation");
    let copy = dir.join("copy.txt");
    std::fs::write(&copy, seed_text()).unwrap();
    let doc = Document::seed();
    let set_path = saved_set(&dir, &doc, None);
    let out = marginalia(&[
        "export".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--document".as_ref(),
        copy.as_os_str(),
        set_path.as_os_str(),
    ]);
    assert!(out.status.success());
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        csv.contains("Foreign Relations of the United States, 1977–1980, Volume VI"),
        "{csv}"
    );
    let json = marginalia(&[
        "export".as_ref(),
        "--format".as_ref(),
        "jsonld".as_ref(),
        "--document".as_ref(),
        copy.as_os_str(),
        set_path.as_os_str(),
    ]);
    let json = String::from_utf8_lossy(&json.stdout);
    assert!(json.contains("history.state.gov"), "{json}");
    let _ = std::fs::remove_dir_all(&dir);
}

// Item 17: a parent that exists only as a prefix selects its children.
#[test]
fn topics_filter_takes_a_parent_that_is_only_a_prefix() {
    let dir = temp_dir("parent");
    let set_path = saved_set(&dir, &Document::seed(), None);
    let out = marginalia(&[
        "export".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--topics".as_ref(),
        "Arms control".as_ref(),
        set_path.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("arms race"));
    let out = marginalia(&[
        "export".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--topics".as_ref(),
        "Arms".as_ref(),
        set_path.as_os_str(),
    ]);
    assert!(
        !out.status.success(),
        "a name is a whole level, not any prefix"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// Item 2 (command line): the count of unplaced highlights is said on stderr.
#[test]
fn export_says_how_many_highlights_could_not_be_placed() {
    let dir = temp_dir("count");
    let doc = Document::seed();
    let set_path = saved_set(&dir, &doc, None);
    let other = dir.join("other.txt");
    std::fs::write(&other, "1. Another Letter\n\nNothing of the kind here.\n").unwrap();
    let out = marginalia(&[
        "export".as_ref(),
        "--format".as_ref(),
        "md".as_ref(),
        "--document".as_ref(),
        other.as_os_str(),
        set_path.as_os_str(),
    ]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 highlight could not be placed"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("arms race"));
    let _ = std::fs::remove_dir_all(&dir);
}

// Item 11: control characters never reach a terminal raw.
#[test]
fn control_characters_from_notes_are_escaped_on_a_terminal_only() {
    let dir = temp_dir("tty");
    let doc = Document::seed();
    let mut set = set_with(&doc, &[("arms race", 0)]);
    let id = set.highlights()[0].id;
    Edit::SetNote {
        highlight: id,
        note: "bell\u{7} and title \u{1b}]0;pwned\u{7} here".into(),
        modified: Timestamp(5),
    }
    .apply(&mut set)
    .unwrap();
    let file = NoteSetFile {
        title: "Controls".into(),
        recovery_of: None,
        set,
    };
    let path = dir.join("controls.ron");
    persist::save(&path, &file).unwrap();
    // Redirected: the exact text.
    let out = marginalia(&[
        "export".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        path.as_os_str(),
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("\u{1b}]0;pwned"));
    // On a terminal (a pseudo-terminal made by `script`): escaped.
    let script = std::process::Command::new("script")
        .args(["-q", "-e", "-c"])
        .arg(format!(
            "{} export --format csv {}",
            env!("CARGO_BIN_EXE_marginalia"),
            path.display()
        ))
        .arg("/dev/null")
        .output();
    if let Ok(script) = script
        && script.status.success()
    {
        let shown = String::from_utf8_lossy(&script.stdout);
        assert!(shown.contains("\\u{1b}]0;pwned\\u{7}"), "{shown}");
        assert!(!shown.contains('\u{1b}'), "{shown}");
    } else {
        panic!("`script` (util-linux) is needed to give the export a terminal");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn export_text(format: Format, input: &ExportInput<'_>) -> String {
    String::from_utf8(export::export(format, input).unwrap()).unwrap()
}

// Item 12: ids of collections and pages.
#[test]
fn web_annotation_ids_differ_between_sets_and_filters_and_an_empty_set_is_valid() {
    let doc = Document::seed();
    let one = set_with(&doc, &[("arms race", 0), ("Middle East", 0)]);
    let other = set_with(&doc, &[("arms race", 0)]);
    let json = |set: &NoteSet, filter: Option<&marginalia::core::study::filter::TopicFilter>| {
        let library = marginalia::core::library::Library::single(SourceId::FIRST, doc.clone());
        let input = ExportInput {
            csv_bom: false,
            library: &library,
            sources: None,
            set,
            title: "Reading",
            filter,
            grouping: Grouping::ByTopic,
        };
        serde_json::from_str::<serde_json::Value>(&export_text(Format::WebAnnotation, &input))
            .unwrap()
    };
    let a = json(&one, None);
    let b = json(&other, None);
    assert_ne!(a["id"], b["id"]);
    assert_ne!(a["first"]["id"], b["first"]["id"]);
    let untagged = marginalia::core::study::filter::TopicFilter {
        show_untagged: true,
        ..Default::default()
    };
    let filtered = json(&one, Some(&untagged));
    assert_ne!(a["id"], filtered["id"]);
    // The same export twice is the same file.
    assert_eq!(a, json(&one, None));
    // Empty: a collection with total 0 and no page.
    let empty = json(&NoteSet::new(), None);
    assert_eq!(empty["type"], "AnnotationCollection");
    assert_eq!(empty["total"], 0);
    assert!(empty.get("first").is_none());
    assert!(empty["id"].as_str().unwrap().starts_with("urn:uuid:"));
}

// Item 15: HTML that survives long lines, bidi controls and print.
#[test]
fn html_wraps_long_lines_isolates_bidi_and_keeps_pages_together() {
    let doc = Document::seed();
    let mut set = set_with(&doc, &[("arms race", 0)]);
    let id = set.highlights()[0].id;
    Edit::SetNote {
        highlight: id,
        note: format!("\u{202e}reversed {}", "x".repeat(10_000)),
        modified: Timestamp(3),
    }
    .apply(&mut set)
    .unwrap();
    let html = export_text(Format::Html, &input(&doc, &set));
    assert!(html.contains("overflow-wrap:anywhere"));
    assert!(html.contains("break-after:avoid"));
    // The note sits in an isolate: its RLO cannot reach the citation.
    assert!(html.contains("<p class=\"note\"><bdi>\u{202e}reversed"));
    assert!(html.contains("p.&nbsp;286"));
    // Chips and citation are separated in the text itself (as copied).
    assert!(html.contains("</span> — <bdi>Foreign Relations"), "{html}");
}

// Item 13: REFI-QDA notes as files, names cut at a word.
#[test]
fn qdpx_ships_document_notes_as_text_files_and_names_end_at_a_word() {
    let doc = Document::seed();
    let mut set = set_with(
        &doc,
        &[(
            "We confirm our proposal to agree on a mutual refusal to produce neutron weapons",
            0,
        )],
    );
    Edit::set_document_note(&set, &doc, "Read with Document 76.".into())
        .apply(&mut set)
        .unwrap();
    let project = marginalia::core::export::qdpx::project(&input(&doc, &set));
    let xml = roxmltree::Document::parse(&project.xml).unwrap();
    let note = xml
        .descendants()
        .find(|n| n.has_tag_name("Note"))
        .expect("a note");
    let path = note.attribute("plainTextPath").unwrap();
    let file = path.strip_prefix("internal://").unwrap();
    let shipped = project.files.iter().find(|(name, _)| name == file).unwrap();
    assert_eq!(shipped.1, "Read with Document 76.");
    assert!(note.children().all(|c| !c.has_tag_name("PlainTextContent")));
    let selection = xml
        .descendants()
        .find(|n| n.has_tag_name("PlainTextSelection"))
        .unwrap();
    let name = selection.attribute("name").unwrap();
    assert_eq!(
        name,
        "We confirm our proposal to agree on a mutual refusal to…"
    );
}
