//! Resource limits: what is too large is refused with a message before it is read, and
//! what is merely large (a 10 MB note) is kept exactly.

use marginalia::core::document::Document;
use marginalia::core::document::error::DocumentError;
use marginalia::core::persist::{self, NoteSetError, NoteSetFile};
use marginalia::core::study::edit::Edit;
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::study::source::SourceId;
use marginalia::core::text::{CharOffset, CharRange};
use marginalia::core::time::Timestamp;
use std::path::PathBuf;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("marginalia-limits-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A file of `len` bytes that takes no room on disk (a sparse file).
fn sparse(path: &PathBuf, len: u64) {
    let file = std::fs::File::create(path).unwrap();
    file.set_len(len).unwrap();
}

#[test]
fn a_note_set_over_256_mib_is_refused_unread() {
    let dir = temp_dir("set");
    let path = dir.join("huge.ron");
    sparse(&path, 256 * 1024 * 1024 + 1);
    let started = std::time::Instant::now();
    let err = persist::load(&path).unwrap_err();
    assert!(matches!(err, NoteSetError::TooLarge { .. }), "{err:?}");
    assert!(err.to_string().contains("256 MiB"));
    // Refused from its size alone: nothing was read.
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_document_over_64_mib_is_refused_unread() {
    let dir = temp_dir("doc");
    let path = dir.join("huge.txt");
    sparse(&path, 64 * 1024 * 1024 + 1);
    let err = Document::open(&path).unwrap_err();
    assert!(matches!(err, DocumentError::TooLarge { .. }), "{err:?}");
    assert!(err.to_string().contains("64 MiB"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_ten_megabyte_note_is_saved_and_read_back_exactly() {
    let doc = Document::seed();
    let mut set = NoteSet::new();
    let (edit, id) = Edit::create_highlight(
        &set,
        &doc,
        CharRange::new(CharOffset(100), CharOffset(140)),
        vec![],
        Timestamp(0),
    )
    .unwrap();
    edit.apply(&mut set).unwrap();
    // Ten megabytes in lines of every length, with quotes and backslashes to escape.
    let note: String = (0..250_000)
        .map(|i| format!("line {i} \"quoted\" \\ {}\n", "x".repeat(i % 40)))
        .collect::<String>()
        .chars()
        .take(10_000_000)
        .collect();
    Edit::SetNote {
        highlight: id,
        note: note.clone(),
        modified: Timestamp(1),
    }
    .apply(&mut set)
    .unwrap();
    let dir = temp_dir("note");
    let path = dir.join("long-note.ron");
    let file = NoteSetFile {
        title: "Long note".into(),
        recovery_of: None,
        set,
    };
    persist::save(&path, &file).unwrap();
    let (loaded, _) = persist::load(&path).unwrap();
    assert_eq!(loaded.set.highlights()[0].note, note);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A set's document hint is relative to the set's folder (or absolute), is only read, and
/// a hint that leads nowhere finds nothing rather than something near the program.
#[test]
fn document_hints_resolve_from_the_set_folder_and_are_only_read() {
    let dir = temp_dir("hints");
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::create_dir_all(dir.join("sets")).unwrap();
    let doc_path = dir.join("docs/letter.txt");
    std::fs::write(
        &doc_path,
        "1. A Test Letter\n\nSome text [Page 3] and more text.\n",
    )
    .unwrap();
    let doc = Document::open(&doc_path).unwrap();
    let set_path = dir.join("sets/reading.ron");
    let hint = persist::path_hint(&doc_path, &set_path);
    assert_eq!(hint, "../docs/letter.txt");
    assert_eq!(
        persist::hint_path(&hint, &dir.join("sets")),
        dir.join("sets/../docs/letter.txt")
    );
    let before = std::fs::read(&doc_path).unwrap();
    let mut file = NoteSetFile {
        title: "Hints".into(),
        recovery_of: None,
        set: NoteSet::of_document(&doc),
    };
    file.set = std::mem::take(&mut file.set).with_path_hint(SourceId::FIRST, Some(hint));
    persist::save(&set_path, &file).unwrap();
    let found = persist::find_document(&file, &set_path).expect("found by its hint");
    assert_eq!(found.fingerprint(), doc.fingerprint());
    // Read, never written.
    assert_eq!(std::fs::read(&doc_path).unwrap(), before);

    // The same hint from another folder leads nowhere, and nothing else is taken for it.
    let elsewhere = dir.join("elsewhere.ron");
    assert!(persist::find_document(&file, &elsewhere).is_err());
    // An absolute hint works from anywhere.
    file.set = std::mem::take(&mut file.set).with_path_hint(
        SourceId::FIRST,
        Some(doc_path.to_string_lossy().into_owned()),
    );
    assert!(persist::find_document(&file, &elsewhere).is_ok());
    let _ = std::fs::remove_dir_all(&dir);
}
