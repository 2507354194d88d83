//! Note sets on disk: round trips, atomic saves under faults and kills, malformed files,
//! re-anchoring to changed texts, merging.

use marginalia::core::document::Document;
use marginalia::core::persist::atomic::{backup_path, write_atomic_via};
use marginalia::core::persist::{self, NoteSetFile};
use marginalia::core::study::edit::Edit;
use marginalia::core::study::merge::merge;
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::study::source::SourceId;
use marginalia::core::study::topic::PALETTE;
use marginalia::core::text::CharRange;
use marginalia::core::time::Timestamp;
use std::io::Write;
use std::path::{Path, PathBuf};

const NOW: Timestamp = Timestamp(1_764_000_000_000);

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("marginalia-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn range_of(doc: &Document, needle: &str) -> CharRange {
    doc.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"))
}

/// A reading of the seed: three topics (one nested), six highlights, notes with quotes,
/// accents and new lines.
fn reading(doc: &Document) -> NoteSet {
    marginalia::core::corpus::seed_reading(doc)
}

fn file_for(_doc: &Document, set: NoteSet) -> NoteSetFile {
    NoteSetFile {
        title: "Reading of the Brezhnev letter".into(),
        recovery_of: None,
        set: set.with_path_hint(
            SourceId::FIRST,
            Some("assets/frus1977-80v06-d84.txt".into()),
        ),
    }
}

#[test]
fn save_load_round_trip_is_equal_and_byte_identical() {
    let doc = Document::seed();
    let dir = temp_dir("roundtrip");
    let path = dir.join("reading.ron");
    let file = file_for(&doc, reading(&doc));
    persist::save(&path, &file).unwrap();
    let first = std::fs::read(&path).unwrap();
    let (loaded, text) = persist::load(&path).unwrap();
    assert_eq!(loaded, file);
    assert_eq!(text.as_bytes(), &first[..]);
    persist::save(&path, &loaded).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), first);
    // The previous version is kept.
    assert_eq!(std::fs::read(backup_path(&path)).unwrap(), first);
    // Attaching to the same text places everything exactly.
    let (set, report) = persist::attach(&path, &text, &loaded, &doc).unwrap();
    assert_eq!((report.exact, report.orphaned), (6, 0));
    assert_eq!(set, file.set);
}

#[test]
fn one_highlight_per_block_and_stable_order() {
    let doc = Document::seed();
    let text = file_for(&doc, reading(&doc)).to_ron();
    assert_eq!(text.matches("            quote: ").count(), 6);
    assert_eq!(text.matches("            source: 1,").count(), 6);
    assert_eq!(text.matches("        (id: ").count(), 3);
    let starts: Vec<usize> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("start: "))
        .map(|n| n.trim_end_matches(',').parse().unwrap())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    // A note with a new line stays on one line of the file.
    assert!(text.contains(r#"note: "Offer repeated — “mutual refusal”.\nCompare Document 76.","#));
}

#[test]
fn every_format_version_fixture_loads() {
    let doc = Document::seed();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for version in 1..=persist::FORMAT_VERSION {
        let path = fixtures.join(format!("noteset-v{version}.ron"));
        let (file, text) = persist::load(&path).unwrap_or_else(|e| panic!("v{version}: {e}"));
        assert_eq!(file.title, "Reading of the Brezhnev letter", "v{version}");
        assert_eq!(file.set.topics().len(), 3, "v{version}");
        assert_eq!(
            file.set.highlights_in(SourceId::FIRST).len(),
            6,
            "v{version}"
        );
        let (_, report) = persist::attach(&path, &text, &file, &doc).unwrap();
        assert_eq!(report.exact, 6, "v{version}");
        // Every document of the study is found (v3's second is in the TEI excerpt) and
        // every highlight placed exactly.
        let opened = persist::open_note_set(
            &path,
            persist::OpenOn::Own { current: None },
            &Default::default(),
        )
        .unwrap();
        assert!(opened.missing().is_empty(), "v{version}");
        assert_eq!(
            opened.report.exact,
            file.set.highlights().len(),
            "v{version}"
        );
        // Saved again, an older file becomes the current version and loads the same.
        let again = NoteSetFile::from_ron(&file.to_ron()).unwrap();
        assert_eq!(again, file, "v{version}");
        if version == persist::FORMAT_VERSION {
            // The writer has not drifted from the current version's fixture.
            assert_eq!(file.to_ron(), text);
        }
    }
    // Version 1 had no citation template; version 2 keeps one.
    let (v1, _) = persist::load(&fixtures.join("noteset-v1.ron")).unwrap();
    assert_eq!(v1.set.citation_template(SourceId::FIRST), None);
    let (v2, _) = persist::load(&fixtures.join("noteset-v2.ron")).unwrap();
    assert_eq!(
        v2.set.citation_template(SourceId::FIRST),
        Some("FRUS 1977–1980, VI, doc. {number}, {pages}")
    );
}

/// A writer that fails after `limit` bytes, like a disk that fills up.
struct FailingWriter {
    inner: std::fs::File,
    left: usize,
}

impl Write for FailingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::Error::other("disk full (injected)"));
        }
        let n = buf.len().min(self.left);
        self.left -= n;
        self.inner.write(&buf[..n])
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[test]
fn a_save_that_fails_at_any_byte_leaves_the_old_file_intact() {
    let doc = Document::seed();
    let dir = temp_dir("faults");
    let path = dir.join("set.ron");
    let old = file_for(&doc, NoteSet::new()).to_ron();
    std::fs::write(&path, &old).unwrap();
    let new = file_for(&doc, reading(&doc)).to_ron();
    for limit in 0..new.len() {
        let result = write_atomic_via(&path, new.as_bytes(), &|file| {
            Box::new(FailingWriter {
                inner: file,
                left: limit,
            })
        });
        assert!(result.is_err(), "limit {limit}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            old,
            "limit {limit}"
        );
    }
    // No temp files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name() != "set.ron")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A read-only folder: the error names the file and the old one stays.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let denied = persist::save(&path, &file_for(&doc, reading(&doc)));
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        // Root may write anyway; where it could not, the message says what happened.
        if let Err(e) = denied {
            assert!(e.to_string().contains("set.ron") && e.to_string().contains("unsaved"));
            assert_eq!(std::fs::read_to_string(&path).unwrap(), old);
        }
    }
}

#[cfg(unix)]
#[test]
fn killing_a_saving_process_never_leaves_a_broken_file() {
    use std::process::{Command, Stdio};
    let dir = temp_dir("kill");
    let path = dir.join("stress.ron");
    let mut seen = std::collections::HashSet::new();
    let mut state = 0x2545_f491_u32;
    for round in 0..120 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_marginalia"))
            .arg("__stress-save")
            .arg(&path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // A pseudo-random moment between 2 and 40 ms.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        std::thread::sleep(std::time::Duration::from_millis(2 + u64::from(state % 39)));
        child.kill().unwrap();
        child.wait().unwrap();
        if !path.exists() {
            continue; // Killed before its first save finished: nothing to check.
        }
        let (file, _) = persist::load(&path).unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert!(
            file.title == "version 0" || file.title == "version 1",
            "round {round}: {}",
            file.title
        );
        assert_eq!(
            file.set.highlights().len(),
            if file.title == "version 0" { 1 } else { 2 }
        );
        seen.insert(file.title);
    }
    assert!(!seen.is_empty());
}

#[test]
fn malformed_files_are_refused_with_line_and_column() {
    let doc = Document::seed();
    let good = file_for(&doc, reading(&doc)).to_ron();
    let topic_id = good
        .split("(id: \"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let highlight_id = good
        .split("            id: \"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let highlights_at = good.find("    highlights: [\n").unwrap();
    let first_block_end =
        highlights_at + good[highlights_at..].find("        ),\n").unwrap() + "        ),\n".len();
    let first_block_start = good[..first_block_end].rfind("        (\n").unwrap();
    let v2 = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/noteset-v2.ron"),
    )
    .unwrap();
    let first_block = &good[first_block_start..first_block_end];
    let cases: Vec<(&str, String, &str)> = vec![
        ("empty", String::new(), "empty"),
        ("not ron", "hello".into(), "1:1"),
        ("truncated", good[..good.len() / 2].into(), ""),
        ("newer version", good.replace("format_version: 3", "format_version: 9"), "newer than this program"),
        ("version zero", good.replace("format_version: 3", "format_version: 0"), "format_version 0"),
        ("version as text", good.replace("format_version: 3", "format_version: \"3\""), ""),
        ("template in format 1", v2.replace("format_version: 2", "format_version: 1"), "not part of format 1"),
        ("version 3 laid out as 2", v2.replace("format_version: 2", "format_version: 3"), "document"),
        ("unknown source", good.replacen("            source: 1,", "            source: 7,", 1), "not in the list of sources"),
        ("duplicate source id", good.replacen("    sources: [\n", "    sources: [\n        (\n            id: 1,\n            title: \"Again\",\n            number: None,\n            date: None,\n            citation: None,\n            url: None,\n            path_hint: None,\n            document_id: None,\n            fingerprint: \"sha256:00\",\n            note: \"\",\n        ),\n", 1), "used twice"),
        ("missing title", good.replacen("    title: \"Reading of the Brezhnev letter\",\n", "", 1), "title"),
        ("unknown field", good.replace("    study_note:", "    mood: \"grim\",\n    study_note:"), "mood"),
        ("bad colour", good.replacen("color: \"#", "color: \"#zz", 1), "colour"),
        ("bad time", good.replacen("created: \"", "created: \"yesterday ", 1), "UTC time"),
        ("bad uuid", good.replacen(&topic_id, "not-a-uuid", 1), ""),
        ("offset as text", good.replacen("start: ", "start: \"", 1).replacen(",\n            end", "\",\n            end", 1), ""),
        ("negative offset", good.replacen("start: ", "start: -", 1), ""),
        ("end before start", good.replacen("            end: ", "            end: 1", 1).replacen("            start: ", "            start: 9999", 1), "ends"),
        ("quote length", good.replacen("quote: \"", "quote: \"extra ", 1), "quote has"),
        ("unknown topic", good.replacen(&format!("topics: [\"{topic_id}"), "topics: [\"01933a5e-0000-7000-8000-000000000000", 1), "not in the topic list"),
        ("duplicate topic id", good.replacen("    topics: [\n", &format!("    topics: [\n        (id: \"{topic_id}\", name: \"Again\", color: \"#000000\"),\n"), 1), "used twice"),
        ("duplicate topic name", good.replacen("name: \"Horn of Africa\"", "name: \"Neutron weapons\"", 1), "two topics are named"),
        ("empty topic name", good.replacen("name: \"Horn of Africa\"", "name: \"  \"", 1), "empty name"),
        ("duplicate highlight", good.replacen("    highlights: [\n", &format!("    highlights: [\n{first_block}"), 1), "used twice"),
        ("missing bracket", good.replacen("    ],\n    highlights", "    highlights", 1), ""),
        ("unclosed string", good.replacen("title: \"Reading of the Brezhnev letter\",", "title: \"Reading of the Brezhnev letter,", 1), ""),
        ("trailing text", format!("{good}\nmore"), ""),
        ("tab in ids", good.replacen(&highlight_id, &format!("{highlight_id}\t"), 1), ""),
        ("list for string", good.replacen("study_note: \"", "study_note: [\"", 1), ""),
    ];
    assert!(cases.len() >= 20);
    let dir = temp_dir("malformed");
    for (name, text, expected) in cases {
        let path = dir.join(format!("{}.ron", name.replace(' ', "-")));
        std::fs::write(&path, &text).unwrap();
        let err = match persist::load(&path) {
            Ok(_) => panic!("{name}: accepted"),
            Err(e) => e.to_string(),
        };
        let location = err
            .strip_prefix(&format!("{}:", path.display()))
            .unwrap_or_else(|| panic!("{name}: {err}"));
        let mut parts = location.splitn(3, ':');
        let (line, column) = (parts.next().unwrap(), parts.next().unwrap());
        assert!(
            line.parse::<usize>().is_ok() && column.parse::<usize>().is_ok(),
            "{name}: {err}"
        );
        assert!(err.contains(expected), "{name}: {err}");
        // Loading never changed the file.
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "{name}");
    }
    // Offsets beyond the text of the very document the set was made on are refused too.
    let beyond = good
        .replacen("            start: ", "            start: 9", 1)
        .replacen("            end: ", "            end: 9", 1);
    let path = dir.join("beyond.ron");
    std::fs::write(&path, &beyond).unwrap();
    if let Ok((file, text)) = persist::load(&path) {
        let err = persist::attach(&path, &text, &file, &doc)
            .unwrap_err()
            .to_string();
        assert!(err.contains("characters"), "{err}");
    }
}

/// The seed's text with `edit` applied to the raw file, parsed again.
fn edited_seed(edit: impl Fn(&str) -> String) -> Document {
    let raw = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/frus1977-80v06-d84.txt"),
    )
    .unwrap();
    Document::from_text(&edit(&raw), "edited.txt")
}

#[test]
fn reanchoring_to_edited_copies_places_highlights_and_never_drops_one() {
    let doc = Document::seed();
    let set = reading(&doc);
    let cases: Vec<(&str, Document, usize)> = vec![
        // (case, edited text, how many of 6 must be placed exactly or moved)
        (
            "words inserted before",
            edited_seed(|t| {
                t.replacen(
                    "Dear Mr. President,",
                    "Dear Mr. President, [sic] a few words more,",
                    1,
                )
            }),
            6,
        ),
        (
            "words deleted before",
            edited_seed(|t| t.replacen("I will put it straight, ", "", 1)),
            6,
        ),
        (
            "words after",
            edited_seed(|t| {
                t.replace(
                    "Geneva Conference with",
                    "Geneva Conference (reconvened) with",
                )
            }),
            6,
        ),
        (
            "paragraphs reordered",
            edited_seed(|t| {
                let paragraphs: Vec<&str> = t.split("\n\n").collect();
                let mut moved = paragraphs.clone();
                moved.swap(6, 12);
                moved.join("\n\n")
            }),
            6,
        ),
        (
            "straight quotes",
            edited_seed(|t| t.replace(['“', '”'], "\"").replace('’', "'")),
            4,
        ),
        (
            "word changed inside",
            edited_seed(|t| {
                t.replace(
                    "conflict in the Horn of Africa",
                    "conflict on the Horn of Africa",
                )
            }),
            5,
        ),
    ];
    for (name, edited, placed_exactly_or_moved) in cases {
        let (placed, report) = persist::reanchor_set(&edited, &set);
        // Nothing is lost: placed + orphans = all.
        assert_eq!(
            placed.highlights().len() + placed.orphans().len(),
            6,
            "{name}"
        );
        assert_eq!(report.total(), 6, "{name}");
        assert!(
            report.exact + report.moved >= placed_exactly_or_moved,
            "{name}: {}",
            report.summary()
        );
        // Every placed highlight quotes the new text where it now stands.
        for h in placed.highlights() {
            assert_eq!(edited.slice(h.range()), h.anchor.quote, "{name}");
        }
        // Notes and topics travel with their highlights.
        assert_eq!(
            placed
                .highlights()
                .iter()
                .chain(placed.orphans())
                .filter(|h| !h.note.is_empty())
                .count(),
            5,
            "{name}"
        );
    }
    // The changed word is found approximately, not orphaned.
    let edited = edited_seed(|t| {
        t.replace(
            "conflict in the Horn of Africa",
            "conflict on the Horn of Africa",
        )
    });
    let (placed, report) = persist::reanchor_set(&edited, &set);
    assert_eq!(report.fuzzy, 1, "{}", report.summary());
    assert!(
        placed
            .highlights()
            .iter()
            .any(|h| h.anchor.quote == "conflict on the Horn of Africa")
    );
    // A passage cut from the text becomes an orphan, kept with its note.
    let cut = edited_seed(|t| t.replace("within the framework of the Geneva Conference ", ""));
    let (placed, report) = persist::reanchor_set(&cut, &set);
    assert_eq!(report.orphaned, 1, "{}", report.summary());
    assert_eq!(
        placed.orphans()[0].note,
        "Não é só o Egito: Sadat’s separate path."
    );
}

#[test]
fn merging_disjoint_overlapping_and_conflicting_sets() {
    let doc = Document::seed();
    let mine = reading(&doc);
    // Theirs: the same set, plus a new highlight, a topic of the same name made
    // separately, and a newer note on a shared highlight.
    let mut theirs = mine.clone();
    let (edit, linkage) = Edit::create_topic(&theirs, "Linkage", PALETTE[4]).unwrap();
    edit.apply(&mut theirs).unwrap();
    let (edit, _) = Edit::create_highlight(
        &theirs,
        &doc,
        range_of(&doc, "Artificial linkage of such kind"),
        vec![linkage],
        NOW,
    )
    .unwrap();
    edit.apply(&mut theirs).unwrap();
    let shared = theirs.highlights()[0].id;
    Edit::SetNote {
        highlight: shared,
        note: "Their newer note.".into(),
        modified: Timestamp(NOW.0 + 10_000),
    }
    .apply(&mut theirs)
    .unwrap();
    let mut mine_with_linkage = mine.clone();
    let (edit, my_linkage) = Edit::create_topic(&mine_with_linkage, "Linkage", PALETTE[5]).unwrap();
    edit.apply(&mut mine_with_linkage).unwrap();

    let (edit, report) = merge(&mine_with_linkage, &theirs);
    let mut merged = mine_with_linkage.clone();
    let inverse = edit.apply(&mut merged).unwrap();
    assert_eq!(report.highlights_added, 1);
    assert_eq!(report.topics_unified, 1);
    assert_eq!(report.topics_added, 0);
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(merged.highlight(shared).unwrap().note, "Their newer note.");
    assert_eq!(
        report.conflicts[0].other.note,
        mine.highlight(shared).unwrap().note
    );
    // The new highlight carries my topic of the same name.
    let added = merged
        .highlights()
        .iter()
        .find(|h| h.anchor.quote == "Artificial linkage of such kind")
        .unwrap();
    assert_eq!(added.topics, vec![my_linkage]);
    assert_eq!(merged.topics().len(), 4);
    // One undo takes it all back.
    inverse.apply(&mut merged).unwrap();
    assert_eq!(merged, mine_with_linkage);
    // Disjoint sets: a plain union.
    let (edit, report) = merge(&NoteSet::new(), &mine);
    let mut union = NoteSet::new();
    edit.apply(&mut union).unwrap();
    assert_eq!(
        (
            report.highlights_added,
            report.topics_added,
            report.conflicts.len()
        ),
        (6, 3, 0)
    );
    assert_eq!(union.highlights().len(), 6);
    // Merging a set into itself changes nothing.
    let (edit, report) = merge(&mine, &mine);
    assert_eq!(
        edit,
        Edit::Batch {
            label: "Merge note set".into(),
            edits: Vec::new()
        }
    );
    assert!(report.conflicts.is_empty());
}

#[test]
fn two_peoples_additions_merge_line_by_line_with_git() {
    let Ok(version) = std::process::Command::new("git").arg("--version").output() else {
        return; // No git here: nothing to compare with.
    };
    assert!(version.status.success());
    let doc = Document::seed();
    let base_set = reading(&doc);
    let add = |needle: &str, ms: i64| {
        let mut set = base_set.clone();
        let (edit, _) = Edit::create_highlight(
            &set,
            &doc,
            range_of(&doc, needle),
            vec![],
            Timestamp(NOW.0 + ms),
        )
        .unwrap();
        edit.apply(&mut set).unwrap();
        file_for(&doc, set).to_ron()
    };
    let dir = temp_dir("gitmerge");
    let base = dir.join("base.ron");
    let ours = dir.join("ours.ron");
    let theirs = dir.join("theirs.ron");
    std::fs::write(&base, file_for(&doc, base_set.clone()).to_ron()).unwrap();
    std::fs::write(&ours, add("Dear Mr. President,", 1)).unwrap();
    std::fs::write(&theirs, add("L. Brezhnev", 2)).unwrap();
    let status = std::process::Command::new("git")
        .arg("merge-file")
        .arg(&ours)
        .arg(&base)
        .arg(&theirs)
        .status()
        .unwrap();
    assert!(status.success(), "git merge-file reported conflicts");
    let (merged, _) = persist::load(&ours).unwrap();
    assert_eq!(merged.set.highlights().len(), 8);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// Any note and title text, control characters and quotes included, survives a save.
    #[test]
    fn any_text_round_trips_through_the_file(note in ".*", title in ".*") {
        let doc = Document::seed();
        let mut set = NoteSet::new();
        let (edit, id) = Edit::create_highlight(&set, &doc, range_of(&doc, "Geneva Conference"), vec![], NOW).unwrap();
        edit.apply(&mut set).unwrap();
        Edit::SetNote { highlight: id, note: note.clone(), modified: NOW }.apply(&mut set).unwrap();
        let mut file = file_for(&doc, set);
        file.title = title;
        let again = NoteSetFile::from_ron(&file.to_ron()).unwrap();
        proptest::prop_assert_eq!(again, file);
    }
}

#[test]
fn a_set_opens_onto_the_given_document_its_own_current_one_or_one_found() {
    use marginalia::core::persist::{OpenError, OpenOn, open_note_set};
    use marginalia::core::progress::Progress;
    let example =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example-brezhnev-1978.ron");
    let seed = Document::seed();
    let progress = Progress::default();
    // The window with the letter open: nothing to find.
    let opened = open_note_set(
        &example,
        OpenOn::Own {
            current: Some(&seed),
        },
        &progress,
    )
    .expect("opened");
    assert!(opened.found.is_none());
    assert_eq!(opened.report.orphaned, 0);
    assert_eq!(opened.set.highlights().len(), 20);
    // The command line with no document: the letter is found (it is bundled).
    let opened = open_note_set(&example, OpenOn::Own { current: None }, &progress).expect("opened");
    assert_eq!(
        opened.found.as_ref().map(|d| d.fingerprint()),
        Some(seed.fingerprint())
    );
    // Another text open, and the set asked onto it: re-anchored there, nothing found.
    let other = Document::from_text("1. A Memo\n\nNothing of the letter.\n", "memo.txt");
    let opened = open_note_set(&example, OpenOn::Document(&other), &progress).expect("opened");
    assert!(opened.found.is_none());
    assert_eq!(opened.set.highlights().len(), 0);
    assert_eq!(
        opened.set.orphans().len(),
        20,
        "every highlight kept, as an orphan"
    );
    // A set made on a text found nowhere: an error that says so, nothing opened unasked.
    let dir = std::env::temp_dir().join(format!("marginalia-open-set-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lost = dir.join("lost.ron");
    let nowhere = Document::from_text("1. Nowhere\n\nA text found nowhere.\n", "nowhere.txt");
    let file = NoteSetFile {
        title: "Lost".into(),
        recovery_of: None,
        set: NoteSet::of_document(&nowhere),
    };
    persist::save(&lost, &file).unwrap();
    match open_note_set(
        &lost,
        OpenOn::Own {
            current: Some(&seed),
        },
        &progress,
    ) {
        Err(OpenError::DocumentNotFound { set, .. }) => assert_eq!(set, lost),
        other => panic!("{other:?}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}
