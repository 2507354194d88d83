//! A note set of many documents, without a window: each source fitted to its own text,
//! a changed text re-anchored alone, a missing text reported with its highlights kept,
//! two studies merged by the fingerprints of their documents, a document taken out and
//! put back by undo, and the command line on a study.

use marginalia::core::document::Document;
use marginalia::core::persist::{self, NoteSetFile, OpenOn, SourceOutcome};
use marginalia::core::study::edit::Edit;
use marginalia::core::study::merge::merge;
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::study::source::SourceId;
use marginalia::core::tei::Volume;
use marginalia::core::time::Timestamp;
use std::path::{Path, PathBuf};

const VOLUME: &str = "tests/fixtures/tei/frus1977-80v01-excerpt.xml";

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("marginalia-sources-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A highlight of `needle` in `doc`, added to `set` (recording the document if new).
fn mark(
    set: &mut NoteSet,
    doc: &Document,
    needle: &str,
) -> marginalia::core::study::highlight::HighlightId {
    let range = doc.find(needle).unwrap_or_else(|| panic!("{needle:?}"));
    let (edit, id) = Edit::create_highlight(set, doc, range, vec![], Timestamp(1)).unwrap();
    edit.apply(set).unwrap();
    id
}

/// A study of the letter (a text beside the set) and two documents of the volume.
fn study_in(dir: &Path) -> (NoteSet, PathBuf) {
    let letter_path = dir.join("letter.txt");
    std::fs::copy("assets/frus1977-80v06-d84.txt", &letter_path).unwrap();
    let letter = Document::open(&letter_path).unwrap();
    let volume_path = dir.join("volume.xml");
    std::fs::copy(VOLUME, &volume_path).unwrap();
    let volume = Volume::open(&volume_path).unwrap();
    let d2 = &volume.documents()[volume.find("d2").unwrap()];
    let d111 = &volume.documents()[volume.find("d111").unwrap()];
    let mut set = NoteSet::new();
    mark(&mut set, &letter, "Geneva Conference");
    mark(&mut set, d2, "The world in 1975 is a very different world");
    mark(&mut set, d111, "peace remains a fragile thing");
    mark(&mut set, d111, "I have always been proud");
    let set = set
        .with_path_hint(SourceId(1), Some("letter.txt".into()))
        .with_path_hint(SourceId(2), Some("volume.xml".into()))
        .with_path_hint(SourceId(3), Some("volume.xml".into()));
    (set, dir.join("study.ron"))
}

#[test]
fn each_source_is_fitted_to_its_own_text_and_a_changed_one_alone_is_re_anchored() {
    let dir = temp_dir("fit");
    let (set, path) = study_in(&dir);
    assert_eq!(set.sources().len(), 3);
    assert_eq!(
        set.sources()
            .iter()
            .map(|r| r.document_id.clone())
            .collect::<Vec<_>>(),
        [None, Some("d2".into()), Some("d111".into())]
    );
    persist::save(&path, &NoteSetFile::new("Study", set.clone())).unwrap();
    let opened =
        persist::open_note_set(&path, OpenOn::Own { current: None }, &Default::default()).unwrap();
    assert!(opened.missing().is_empty());
    assert_eq!(opened.report.exact, 4);
    assert_eq!(opened.set.highlights(), set.highlights());
    // Each volume document comes from the one volume, read once.
    let volumes = opened.library.volumes();
    assert_eq!(volumes.len(), 1);

    // The letter corrected (words inserted before the passage): only its highlight moves.
    let letter = std::fs::read_to_string(dir.join("letter.txt")).unwrap();
    std::fs::write(
        dir.join("letter.txt"),
        letter.replacen("Dear Mr. President,", "Dear Mr. President, [sic]", 1),
    )
    .unwrap();
    let changed = Document::open(&dir.join("letter.txt")).unwrap();
    let opened =
        persist::open_note_set(&path, OpenOn::Document(&changed), &Default::default()).unwrap();
    match &opened.outcomes[&SourceId(1)] {
        SourceOutcome::Placed(report) => assert_eq!((report.moved, report.exact), (1, 0)),
        other => panic!("{other:?}"),
    }
    for id in [SourceId(2), SourceId(3)] {
        match &opened.outcomes[&id] {
            SourceOutcome::Placed(report) => assert_eq!(report.exact, report.total()),
            other => panic!("{other:?}"),
        }
    }
    let moved = &opened.set.highlights_in(SourceId(1))[0];
    assert_eq!(changed.slice(moved.range()), "Geneva Conference");
    // The source now names the corrected text.
    assert_eq!(
        opened.set.source(SourceId(1)).unwrap().fingerprint,
        changed.fingerprint()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_text_is_reported_and_its_highlights_kept_as_saved() {
    let dir = temp_dir("missing");
    let (set, path) = study_in(&dir);
    persist::save(&path, &NoteSetFile::new("Study", set.clone())).unwrap();
    std::fs::remove_file(dir.join("volume.xml")).unwrap();
    let opened =
        persist::open_note_set(&path, OpenOn::Own { current: None }, &Default::default()).unwrap();
    let missing: Vec<SourceId> = opened.missing().iter().map(|(id, _)| *id).collect();
    assert_eq!(missing, [SourceId(2), SourceId(3)]);
    assert_eq!(
        opened.set.highlights(),
        set.highlights(),
        "nothing dropped or moved"
    );
    assert!(opened.library.document(SourceId(1)).is_some());
    // The command line says so and fails; inspect lists all three.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(["check"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stdout.contains("#2 2 · Address by Jimmy Carter · 1975-05-28: 1 highlight (NOT FOUND"),
        "{stdout}"
    );
    assert!(
        stdout.contains("#1 84 · Letter From Soviet General Secretary Brezhnev"),
        "{stdout}"
    );
    assert!(
        stderr.contains("2 of the study's documents were not found"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_command_line_lists_checks_and_exports_chosen_documents_of_a_study() {
    let dir = temp_dir("cli");
    let (set, path) = study_in(&dir);
    persist::save(&path, &NoteSetFile::new("Study", set)).unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let p = path.to_string_lossy().into_owned();
    let (ok, out, _) = run(&["inspect", &p]);
    assert!(ok);
    assert!(out.contains("Documents: 3"), "{out}");
    assert!(
        out.contains("#3 111 · Remarks by President Carter · 1979-02-20: 2 highlights"),
        "{out}"
    );
    let (ok, out, err) = run(&["check", &p]);
    assert!(ok, "{err}");
    assert!(out.contains("Highlights: 4 (4 exact"), "{out}");
    // --sources by number, volume id or study id.
    let (ok, csv, err) = run(&["export", &p, "--format", "csv", "--sources", "111"]);
    assert!(ok, "{err}");
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(
        csv.lines()
            .skip(1)
            .all(|l| l.contains(",3,111,Remarks by President Carter,1979-02-20,")),
        "{csv}"
    );
    let (ok, csv, _) = run(&["export", &p, "--format", "csv", "--sources", "d2,#1"]);
    assert!(ok);
    assert_eq!(csv.lines().count(), 3, "{csv}");
    let (ok, _, err) = run(&["export", &p, "--format", "csv", "--sources", "999"]);
    assert!(!ok);
    assert!(err.contains("no document “999”"), "{err}");
    // A text that is none of the study's documents is not fitted to one of them.
    std::fs::write(
        dir.join("memo.txt"),
        "1. A Memo\n\nNothing of these documents.\n",
    )
    .unwrap();
    let memo = dir.join("memo.txt").to_string_lossy().into_owned();
    let (ok, _, err) = run(&["check", &p, "--document", &memo]);
    assert!(!ok);
    assert!(err.contains("is none of the 3 documents of"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_studies_merge_by_the_texts_of_their_documents() {
    let dir = temp_dir("merge");
    let (ours, _) = study_in(&dir);
    let volume = Volume::open(&dir.join("volume.xml")).unwrap();
    let d62 = &volume.documents()[volume.find("d62").unwrap()];
    let d2 = &volume.documents()[volume.find("d2").unwrap()];
    // Theirs: d62 first (so it is their source 1) and d2 (their 2).
    let mut theirs = NoteSet::new();
    let new = mark(&mut theirs, d62, "Brzezinski");
    let shared = mark(&mut theirs, d2, "Foreign policy was the subject");
    Edit::SetSourceNote {
        source: SourceId(2),
        note: "Compare the 1976 campaign.".into(),
    }
    .apply(&mut theirs)
    .unwrap();
    let (edit, report) = merge(&ours, &theirs);
    assert_eq!(report.sources_added, 1);
    assert_eq!(report.highlights_added, 2);
    let mut merged = ours.clone();
    let undo = edit.apply(&mut merged).unwrap();
    assert_eq!(merged.sources().len(), 4);
    // d2 is the same source as ours (2); d62 is new, with the next id.
    let h = merged.highlight(shared).unwrap();
    assert_eq!(h.source, SourceId(2));
    assert_eq!(
        merged.source_note(SourceId(2)),
        "Compare the 1976 campaign."
    );
    let h = merged.highlight(new).unwrap();
    assert_eq!(h.source, SourceId(4));
    assert_eq!(
        merged.source(SourceId(4)).unwrap().document_id.as_deref(),
        Some("d62")
    );
    // One undo takes it all back.
    undo.apply(&mut merged).unwrap();
    assert_eq!(merged, ours);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_document_leaves_the_study_with_its_highlights_and_comes_back_with_undo() {
    let dir = temp_dir("remove");
    let (mut set, _) = study_in(&dir);
    let before = set.clone();
    // A document with highlights cannot just be dropped.
    assert!(
        Edit::RemoveSource(SourceId(3))
            .apply(&mut set.clone())
            .is_err()
    );
    let edits: Vec<Edit> = (set.highlights_in(SourceId(3)).iter())
        .map(|h| Edit::RemoveHighlight(h.id))
        .chain([Edit::RemoveSource(SourceId(3))])
        .collect();
    let undo = Edit::Batch {
        label: "Remove document from study".into(),
        edits,
    }
    .apply(&mut set)
    .unwrap();
    assert!(set.source(SourceId(3)).is_none());
    assert_eq!(set.highlights().len(), 2);
    undo.apply(&mut set).unwrap();
    assert_eq!(set, before);
    let _ = std::fs::remove_dir_all(&dir);
}
