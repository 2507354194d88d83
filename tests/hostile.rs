//! Hostile content: notes and topic names with control characters, NUL, bidi overrides,
//! zero-width joiners and 100,000-character lines are kept byte for byte through save and
//! load, and shown by the window without trouble.

mod common;

use egui_kittest::kittest::Queryable;
use marginalia::core::document::Document;
use marginalia::core::persist::{self, NoteSetFile};
use marginalia::core::study::edit::Edit;
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::study::topic::PALETTE;
use marginalia::ui::AppOptions;

/// Texts that have broken programs before.
fn hostile_texts() -> Vec<String> {
    vec![
        "NUL \0 in the middle".into(),
        "every ASCII control: \u{1}\u{2}\u{7}\u{8}\u{b}\u{c}\u{e}\u{1b}[31m\u{1f}\u{7f}".into(),
        "C1 controls: \u{80}\u{85}\u{9b}\u{9f}".into(),
        "bidi: \u{202e}desrever\u{202c} and \u{2066}isolate\u{2069}, marks \u{200e}\u{200f}".into(),
        "joiners: 👩\u{200d}🔬 and zero\u{200b}width\u{feff}".into(),
        "line endings\r\nCR only\rLS\u{2028}PS\u{2029}end".into(),
        "quotes \" and \\ and \\u{41} written out".into(),
        "x".repeat(100_000),
        format!("{}\n{}", "long line ".repeat(10_000), "and a short one"),
    ]
}

fn hostile_set(doc: &Document) -> NoteSet {
    let mut set = NoteSet::new();
    let texts = hostile_texts();
    let (edit, topic) = Edit::create_topic(&set, &texts[3], PALETTE[0]).unwrap();
    edit.apply(&mut set).unwrap();
    for (i, text) in texts.iter().enumerate() {
        common::noted_highlight(
            doc,
            &mut set,
            (200 + i * 150, 60),
            vec![topic],
            text,
            i as i64,
        );
    }
    Edit::set_document_note(&set, doc, texts.concat())
        .apply(&mut set)
        .unwrap();
    set
}

#[test]
fn hostile_notes_and_names_are_saved_and_read_back_byte_for_byte() {
    let doc = Document::seed();
    let set = hostile_set(&doc);
    let dir = std::env::temp_dir().join(format!("marginalia-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("hostile.ron");
    let file = NoteSetFile {
        title: hostile_texts()[4].clone(),
        recovery_of: None,
        set: set.clone(),
    };
    persist::save(&path, &file).unwrap();
    let (loaded, text) = persist::load(&path).unwrap();
    assert_eq!(loaded, file);
    // The file itself is plain text: no raw control character is written into it.
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "a control character was written raw"
    );
    let (attached, report) = persist::attach(&path, &text, &loaded, &doc).unwrap();
    assert_eq!(report.orphaned, 0);
    let notes =
        |s: &NoteSet| -> Vec<String> { s.highlights().iter().map(|h| h.note.clone()).collect() };
    let mut expected = hostile_texts();
    expected.sort();
    let mut got = notes(&attached);
    got.sort();
    assert_eq!(got, expected);
    assert_eq!(attached.topics()[0].name, set.topics()[0].name);
    assert_eq!(
        attached.source_note(attached.sources()[0].id),
        hostile_texts().concat()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_window_shows_hostile_notes_and_names_and_keeps_working() {
    let doc = Document::seed();
    let dir = std::env::temp_dir().join(format!("marginalia-hostile-ui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("hostile.ron");
    let file = NoteSetFile {
        title: "Hostile".into(),
        recovery_of: None,
        set: hostile_set(&doc),
    };
    persist::save(&path, &file).unwrap();
    let options = AppOptions {
        notes: Some(path),
        notes_on_document: true,
        ..AppOptions::seed()
    };
    // The bundled fonts have no emoji: the window draws a box for one, as it would for a
    // user. (The test harness otherwise stops at a missing glyph, to catch our own text.)
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .allow_missing_glyphs()
        .build_eframe(move |cc| marginalia::ui::MarginaliaApp::new(cc, options));
    harness.run_steps(4);
    assert_eq!(
        harness.state().notes().highlights().len(),
        hostile_texts().len()
    );
    harness.get_by_label("9 highlights");
    // Select each highlight in turn: its card shows the note in full in the note field.
    let ids: Vec<_> = harness
        .state()
        .notes()
        .highlights()
        .iter()
        .map(|h| h.id)
        .collect();
    for id in ids {
        harness.state_mut().view_mut().select_highlight(Some(id));
        harness.run_steps(2);
    }
    // The Topics and Document notes tabs draw the name and the long note.
    harness.get_by_label("Topics").click();
    harness.run_steps(2);
    harness.get_by_label("Document notes").click();
    harness.run_steps(2);
    // Nothing went wrong on the way (a caught panic would have left this notice).
    assert!(harness.query_by_label_contains("internal error").is_none());
    // Still responsive: a new highlight can be made.
    common::highlight(&mut harness, "Geneva Conference");
    assert_eq!(
        harness.state().notes().highlights().len(),
        hostile_texts().len() + 1
    );
    let _ = std::fs::remove_dir_all(&dir);
}
