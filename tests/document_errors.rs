//! Bad input gets a clear error; odd but valid input still opens.

use marginalia::core::document::error::DocumentError;
use marginalia::core::document::{BlockKind, Document};
use std::path::Path;

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("marginalia-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let path = temp_file("latin1.txt", b"First line\nCaf\xe9 au lait\n");
    let err = Document::open(&path).unwrap_err();
    match &err {
        DocumentError::InvalidUtf8 {
            line, column, byte, ..
        } => {
            assert_eq!((*line, *column, *byte), (2, 4, 14));
        }
        other => panic!("unexpected error {other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.contains("latin1.txt") && message.contains("line 2, column 4"),
        "{message}"
    );
}

#[test]
fn empty_and_blank_files_are_refused() {
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("blank.txt", b"\n \n\t\n"),
        ("bom.txt", "\u{feff}\n".as_bytes()),
    ] {
        let err = Document::open(&temp_file(name, bytes)).unwrap_err();
        assert!(
            matches!(err, DocumentError::Empty { .. }),
            "{name}: {err:?}"
        );
        assert!(err.to_string().contains("empty"));
    }
}

#[test]
fn oversized_input_is_refused_before_reading() {
    let bytes = vec![b'a'; (64 * 1024 * 1024) + 1];
    let err = Document::from_bytes(&bytes, Path::new("huge.txt")).unwrap_err();
    assert!(matches!(err, DocumentError::TooLarge { size, .. } if size == bytes.len() as u64));
    assert!(err.to_string().contains("64 MiB"));
}

#[test]
fn missing_file_and_folder_are_reported() {
    let err = Document::open(Path::new("/nonexistent/marginalia/x.txt")).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/marginalia/x.txt"));
    let err = Document::open(&std::env::temp_dir()).unwrap_err();
    assert!(matches!(err, DocumentError::NotAFile { .. }));
}

#[test]
fn plain_prose_without_structure_opens() {
    let path = temp_file(
        "prose.txt",
        "Ωμέγα and Брежнев wrote à la “mode”.\n\nA second paragraph.".as_bytes(),
    );
    let doc = Document::open(&path).unwrap();
    assert_eq!(doc.info().title, "prose");
    assert_eq!(doc.blocks().len(), 2);
    assert!(doc.blocks().iter().all(|b| b.kind == BlockKind::Paragraph));
    assert!(doc.pages().is_empty() && doc.footnotes().is_empty() && doc.footnote_refs().is_empty());
    assert_eq!(doc.page_at(marginalia::core::text::CharOffset(3)), None);
}

#[test]
fn a_broken_sidecar_is_a_warning_not_a_failure() {
    let path = temp_file("with-meta.txt", b"Some text.");
    std::fs::write(path.with_extension("meta.ron"), "(citation: 12)").unwrap();
    let doc = Document::open(&path).unwrap();
    assert_eq!(doc.warnings().len(), 1, "{:?}", doc.warnings());
    assert!(doc.warnings()[0].contains("with-meta.meta.ron"));
}
