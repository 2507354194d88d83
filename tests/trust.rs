//! Never lose a note, from the command line: two writers of one study lose no update; an
//! export never replaces the study, its backup or a document it reads, nor a device or
//! a pipe; a study named by its bare file name finds its documents; a tag with no hits
//! writes nothing; titles and addresses from a study are never run by a terminal or a
//! browser.

use marginalia::core::persist::{self, NoteSetFile};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const VOLUME: &str = "tests/fixtures/tei/frus1977-80v01-excerpt.xml";

fn marginalia_in(dir: Option<&Path>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_marginalia"));
    command.args(args);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    command.output().expect("the program runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("marginalia-trust-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A study of the excerpt volume (copied into `dir`), "world" tagged: its path.
fn study_in(dir: &Path) -> PathBuf {
    std::fs::copy(VOLUME, dir.join("volume.xml")).unwrap();
    let out = marginalia_in(
        Some(dir),
        &[
            "tag",
            "study.ron",
            "--new",
            "--document",
            "volume.xml",
            "--phrase",
            "world",
            "--topic",
            "World",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    dir.join("study.ron")
}

#[test]
fn two_writers_of_one_study_at_once_lose_no_update() {
    let dir = temp_dir("two-writers");
    let study = study_in(&dir);
    let s = study.to_string_lossy().into_owned();
    for round in 0..10 {
        let (a, b) = (format!("Peace {round}"), format!("Order {round}"));
        let spawn = |phrase: &str, topic: &str| {
            Command::new(env!("CARGO_BIN_EXE_marginalia"))
                .args(["tag", &s, "--phrase", phrase, "--topic", topic])
                .output()
        };
        let (first, second) = std::thread::scope(|scope| {
            let one = scope.spawn(|| spawn("peace", &a));
            let two = scope.spawn(|| spawn("world", &b));
            (one.join().unwrap().unwrap(), two.join().unwrap().unwrap())
        });
        assert!(first.status.success(), "{}", text(&first.stderr));
        assert!(second.status.success(), "{}", text(&second.stderr));
        let (file, _) = persist::load(&study).unwrap();
        for topic in [&a, &b] {
            assert!(
                file.set.topic_by_name(topic).is_some(),
                "round {round}: the update that made “{topic}” was lost"
            );
        }
    }
}

#[test]
fn a_save_over_a_file_another_program_changed_is_refused() {
    let dir = temp_dir("changed");
    let study = study_in(&dir);
    let (file, text_read) = persist::load(&study).unwrap();
    let stamp = persist::DiskStamp::of_bytes(text_read.as_bytes());
    // Another program saves in between.
    let mut other = file.clone();
    other.title = "changed elsewhere".into();
    persist::save(&study, &other).unwrap();
    let lock = persist::lock::WriteLock::acquire(&study, std::time::Duration::ZERO).unwrap();
    let err = persist::save_expecting(&study, &file, persist::Expect::Unchanged(&stamp), &lock)
        .unwrap_err();
    assert!(
        matches!(err, persist::NoteSetError::Changed { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("nothing was written"), "{err}");
    assert_eq!(persist::load(&study).unwrap().0.title, "changed elsewhere");
}

#[test]
fn an_export_never_replaces_the_study_its_backup_or_its_documents() {
    let dir = temp_dir("export-over");
    study_in(&dir);
    // A second save gives the study a backup.
    let out = marginalia_in(
        Some(&dir),
        &["tag", "study.ron", "--phrase", "peace", "--topic", "Peace"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let before: Vec<Vec<u8>> = ["study.ron", "study.ron.bak", "volume.xml"]
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .collect();
    for target in ["study.ron", "./study.ron", "study.ron.bak", "volume.xml"] {
        let out = marginalia_in(
            Some(&dir),
            &[
                "export",
                "study.ron",
                "--format",
                "md",
                "-o",
                target,
                "--force",
            ],
        );
        assert!(!out.status.success(), "-o {target} was written");
        let err = text(&out.stderr);
        assert!(
            err.contains("one of the study's own files"),
            "{target}: {err}"
        );
    }
    // Through a symbolic link to the study, too.
    let link = dir.join("link.md");
    std::os::unix::fs::symlink(dir.join("study.ron"), &link).unwrap();
    let out = marginalia_in(
        Some(&dir),
        &[
            "export",
            "study.ron",
            "--format",
            "md",
            "-o",
            "link.md",
            "--force",
        ],
    );
    assert!(!out.status.success(), "written through a link to the study");
    assert!(
        text(&out.stderr).contains("one of the study's own files"),
        "{}",
        text(&out.stderr)
    );
    let after: Vec<Vec<u8>> = ["study.ron", "study.ron.bak", "volume.xml"]
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .collect();
    assert!(before == after, "a file of the study changed");
}

#[test]
fn only_regular_files_are_written_by_an_export() {
    let dir = temp_dir("fifo");
    study_in(&dir);
    let made = Command::new("mkfifo")
        .arg(dir.join("pipe"))
        .status()
        .unwrap();
    assert!(made.success());
    let out = marginalia_in(
        Some(&dir),
        &[
            "export",
            "study.ron",
            "--format",
            "md",
            "-o",
            "pipe",
            "--force",
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("a pipe (FIFO)"),
        "{}",
        text(&out.stderr)
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(dir.join("pipe"))
            .unwrap()
            .file_type()
            .is_fifo()
    );
    // A failed export leaves no folder it made behind: a name the file system takes
    // but whose temp file's longer name it refuses.
    let long = format!("made/here/{}.md", "x".repeat(248));
    let out = marginalia_in(
        Some(&dir),
        &["export", "study.ron", "--format", "md", "-o", &long],
    );
    assert!(!out.status.success(), "the long name was written");
    assert!(
        text(&out.stderr).contains("cannot write"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !dir.join("made").exists(),
        "a failed export left the folders it made"
    );
}

#[test]
fn a_study_named_by_its_bare_file_name_finds_its_documents() {
    let dir = temp_dir("bare-name");
    let study = study_in(&dir);
    let (file, _) = persist::load(&study).unwrap();
    for record in file.set.sources() {
        assert_eq!(
            record
                .path_hint
                .as_deref()
                .map(|h| Path::new(h).is_absolute()),
            Some(false),
            "a hint of a study beside its volume is relative: {:?}",
            record.path_hint
        );
    }
    // Without the path hint, the study's folder is searched: the bare name's folder.
    let unhinted = file
        .set
        .sources()
        .iter()
        .fold(file.set.clone(), |set, r| set.with_path_hint(r.id, None));
    persist::save(&study, &NoteSetFile::new(file.title.clone(), unhinted)).unwrap();
    for name in ["study.ron", "./study.ron"] {
        let out = marginalia_in(Some(&dir), &["check", name]);
        assert!(out.status.success(), "check {name}: {}", text(&out.stderr));
    }
}

#[test]
fn a_tag_with_no_hits_writes_nothing() {
    let dir = temp_dir("no-hits");
    let study = study_in(&dir);
    let before = std::fs::read(&study).unwrap();
    let out = marginalia_in(
        Some(&dir),
        &["tag", "study.ron", "--phrase", "zzzzqx", "--topic", "None"],
    );
    assert!(out.status.success());
    assert!(
        text(&out.stderr).contains("no hits"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&study).unwrap(), before);
    assert!(
        !dir.join("study.ron.bak").exists(),
        "the study was written again"
    );
    // Nor does a new study with no hits.
    let out = marginalia_in(
        Some(&dir),
        &[
            "tag",
            "empty.ron",
            "--new",
            "--document",
            "volume.xml",
            "--phrase",
            "zzzzqx",
            "--topic",
            "X",
        ],
    );
    assert!(out.status.success());
    assert!(!dir.join("empty.ron").exists());
}

#[test]
fn titles_and_addresses_from_a_study_are_never_run() {
    let dir = temp_dir("controls");
    let study = study_in(&dir);
    let (mut file, _) = persist::load(&study).unwrap();
    file.title = "Study \u{1b}]0;owned\u{7} \u{9b}31m".into();
    let first = file.set.sources()[0].id;
    file.set = file.set.map_source(first, |r| {
        r.title = "Doc \u{1b}[2J".into();
        r.url = Some("javascript:alert(document.domain)//https://history.state.gov/".into());
    });
    persist::save(&study, &file).unwrap();
    let out = marginalia_in(Some(&dir), &["check", "study.ron"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{9b}'),
        "{shown:?}"
    );
    assert!(shown.contains("\\u{1b}]0;owned"), "{shown}");
    let out = marginalia_in(
        Some(&dir),
        &["export", "study.ron", "--format", "html", "-o", "out.html"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(dir.join("out.html")).unwrap();
    assert!(
        !html.contains("href=\"javascript"),
        "a live javascript: link"
    );
    assert!(
        html.contains("javascript:alert(document.domain)"),
        "the address is shown as text"
    );
    let out = marginalia_in(
        Some(&dir),
        &["export", "study.ron", "--format", "md", "-o", "out.md"],
    );
    assert!(out.status.success());
    let md = std::fs::read_to_string(dir.join("out.md")).unwrap();
    assert!(!md.contains("<javascript"), "{md}");
}

fn open_text(name: &str, text: &str) -> Result<(), String> {
    let dir = temp_dir(name);
    let path = dir.join("volume.xml");
    std::fs::write(&path, text).unwrap();
    marginalia::core::source::open_source(&path, None, &Default::default())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[test]
fn an_entity_that_would_expand_past_the_bound_is_refused_before_it_is_expanded() {
    // 200 KB of file; 2.5 GB of text once expanded.
    let value = "x".repeat(50_000);
    let uses = "&big;".repeat(30_000);
    let text = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE TEI [<!ENTITY big \"{value}\">]>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body><div type=\"document\"><p>{uses}</p></div></body></text></TEI>\n"
    );
    let err = open_text("entities", &text).unwrap_err();
    assert!(err.contains("would expand to 1430 MiB"), "{err}");
}

#[test]
fn an_element_with_absurdly_many_attributes_is_refused_with_its_place() {
    let attributes: String = (0..100_000).map(|i| format!(" a{i}=\"v\"")).collect();
    let text = format!(
        "<?xml version=\"1.0\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n<text{attributes}/></TEI>\n"
    );
    let err = open_text("attributes", &text).unwrap_err();
    assert!(
        err.contains(":3:1: an element with 100000 attributes"),
        "{err}"
    );
}

#[test]
fn a_volume_cut_off_mid_file_is_an_error_with_its_place_not_plain_text() {
    let whole = std::fs::read_to_string(VOLUME).unwrap();
    // Cut mid-file at a character boundary, in the middle of some element's text.
    let mut cut = whole.len() / 2;
    while !whole.is_char_boundary(cut) {
        cut -= 1;
    }
    let err = open_text("truncated", &whole[..cut]).unwrap_err();
    assert!(err.contains("not well-formed XML (line"), "{err}");
    // So does the command line, and tag --new makes no study of it.
    let dir = temp_dir("truncated-cli");
    std::fs::write(dir.join("cut.xml"), &whole[..cut]).unwrap();
    let out = marginalia_in(
        Some(&dir),
        &[
            "tag",
            "s.ron",
            "--new",
            "--document",
            "cut.xml",
            "--phrase",
            "the",
            "--topic",
            "T",
        ],
    );
    assert!(!out.status.success());
    assert!(!dir.join("s.ron").exists());
}

#[test]
fn co_occurrence_of_many_topics_counts_only_the_pairs_that_occur() {
    use marginalia::core::document::Document;
    use marginalia::core::stats::{self, Selection, Together};
    use marginalia::core::study::edit::Edit;
    use marginalia::core::study::note_set::NoteSet;
    use marginalia::core::study::topic::PALETTE;
    use marginalia::core::text::{CharOffset, CharRange};
    let doc = Document::seed();
    let mut set = NoteSet::new();
    let topics = stats::MAX_TABLE_TOPICS + 1;
    let mut ids = Vec::new();
    for i in 0..topics {
        let (edit, id) = Edit::create_topic(&set, &format!("T{i:05}"), PALETTE[0]).unwrap();
        edit.apply(&mut set).unwrap();
        ids.push(id);
    }
    let range = CharRange::new(CharOffset(100), CharOffset(120));
    let (edit, _) = Edit::create_highlight(
        &set,
        &doc,
        range,
        vec![ids[0], ids[7]],
        marginalia::core::time::Timestamp(0),
    )
    .unwrap();
    edit.apply(&mut set).unwrap();
    let matrix = stats::cooccurrence(
        &set,
        &Selection::default(),
        Together::SameHighlight,
        &Default::default(),
    );
    assert_eq!(matrix.cell(0, 7), 1);
    assert_eq!(matrix.cell(7, 0), 1);
    assert_eq!(matrix.cell(1, 2), 0);
    assert_eq!(
        matrix.pairs().len(),
        3,
        "T0 with itself, with T7, and T7 with itself"
    );
    let csv = matrix.to_csv();
    assert_eq!(
        csv.lines().count(),
        4,
        "a header and the three pairs: {csv}"
    );
    assert!(csv.starts_with("topic,with,count"), "{csv}");
}

#[test]
fn a_document_inside_a_document_and_a_note_inside_a_note_keep_what_the_source_says() {
    let dir = temp_dir("nested");
    let path = dir.join("volume.xml");
    std::fs::write(
        &path,
        r#"<?xml version="1.0"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
<div type="document" xml:id="d1" n="1"><head>1. Outer memorandum</head>
<p>The outer text.<note n="1" type="source">Outer note.<note n="2">Inner note.</note></note></p>
<div type="document" xml:id="d2" n="2"><head>2. Enclosed telegram</head><p>The enclosed text.</p></div>
<p>After the enclosure.</p>
</div></body></text></TEI>"#,
    )
    .unwrap();
    let volume = marginalia::core::tei::Volume::open(&path).expect("read");
    let docs = volume.documents();
    assert_eq!(docs.len(), 2, "the enclosed document is one of its own");
    assert!(
        !docs[0].text().contains("The enclosed text"),
        "{}",
        docs[0].text()
    );
    assert!(docs[0].text().contains("After the enclosure"));
    assert!(docs[1].text().contains("The enclosed text"));
    let notes: Vec<(u32, String)> = docs[0]
        .footnotes()
        .iter()
        .map(|n| (n.number, n.text.clone()))
        .collect();
    assert_eq!(
        notes,
        vec![
            (1, "Outer note.".to_string()),
            (2, "Inner note.".to_string())
        ]
    );
}
