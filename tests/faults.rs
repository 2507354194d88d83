//! File-system faults on real file systems: a disk that fills up during a save and a
//! folder mounted read-only. `.ci/run` mounts both (small tmpfs file systems, as root) and
//! names them in MARGINALIA_SMALL_FS and MARGINALIA_READONLY_DIR; where they cannot be
//! mounted these tests say they were skipped (the same failures are simulated byte by
//! byte in tests/persistence.rs, which always runs).

use marginalia::core::document::Document;
use marginalia::core::persist::{self, NoteSetFile};
use marginalia::core::study::anchor::Anchor;
use marginalia::core::study::edit::Edit;
use marginalia::core::study::highlight::Highlight;
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::study::source::SourceId;
use marginalia::core::text::{CharOffset, CharRange};
use marginalia::core::time::Timestamp;
use std::path::PathBuf;

/// The folder named by `var`, or `None` (and a note) when it is not set: `.ci/run` sets
/// it where it can mount one, and says in its log whether it could.
fn folder(var: &str) -> Option<PathBuf> {
    match std::env::var_os(var) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => {
            eprintln!("skipped: {var} is not set (.ci/run mounts one)");
            None
        }
    }
}

/// A set of `count` highlights with long notes, about 1 KB each on disk.
fn set_of(doc: &Document, count: usize) -> NoteSetFile {
    let mut set = NoteSet::of_document(doc);
    for i in 0..count {
        let start = (i * 37) % (doc.char_len() - 50);
        let mut h = Highlight::new(
            SourceId::FIRST,
            Anchor::new(
                doc,
                CharRange::new(CharOffset(start), CharOffset(start + 40)),
            ),
            vec![],
            Timestamp(i as i64),
        );
        h.note = format!("note {i}: {}", "words ".repeat(100));
        Edit::InsertHighlight(Box::new(h)).apply(&mut set).unwrap();
    }
    NoteSetFile {
        title: format!("{count} highlights"),
        recovery_of: None,
        set,
    }
}

#[test]
fn a_disk_that_fills_up_during_a_save_keeps_the_old_file_and_says_so() {
    let Some(small) = folder("MARGINALIA_SMALL_FS") else {
        return;
    };
    let dir = small.join(format!("full-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let doc = Document::seed();
    let path = dir.join("reading.ron");
    let small_set = set_of(&doc, 5);
    persist::save(&path, &small_set).unwrap();
    // A set far larger than the file system: the write runs out of room part-way.
    let large = set_of(&doc, 4_000);
    let err = persist::save(&path, &large).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("reading.ron"), "{message}");
    assert!(message.contains("The file was left as it was"), "{message}");
    // The old file is whole, and no half-written temp file is left to fill the disk.
    assert_eq!(persist::load(&path).unwrap().0, small_set);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_read_only_folder_refuses_the_save_and_keeps_the_file() {
    let Some(read_only) = folder("MARGINALIA_READONLY_DIR") else {
        return;
    };
    let doc = Document::seed();
    let path = read_only.join("reading.ron");
    let before = std::fs::read(&path).ok();
    let err = persist::save(&path, &set_of(&doc, 3)).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("Cannot save") && message.contains("reading.ron"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).ok(), before);
}
