//! Export and citations through the window.

mod common;

use common::select;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::ui::{AppOptions, MarginaliaApp};
use std::path::Path;

/// Presses Ctrl+Shift+C once.
fn press_ctrl_shift_c(harness: &mut Harness<'static, MarginaliaApp>) {
    harness.event(egui::Event::Key {
        key: Key::C,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND | Modifiers::SHIFT,
    });
    harness.step();
}

/// What the last frame put on the clipboard.
fn copied_texts(harness: &Harness<'static, MarginaliaApp>) -> Vec<String> {
    harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn export_window_writes_the_chosen_format_to_the_chosen_file() {
    let mut harness = common::on_example();
    assert_eq!(harness.state().notes().highlights().len(), 20);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    harness.get_by_label("Export highlights");
    harness.get_by_label("CSV (spreadsheets)").click();
    harness.run();
    let dir = std::env::temp_dir().join(format!("marginalia-ui-export-{}", std::process::id()));
    // A folder left by an earlier run under the same process id would hold the file.
    let _ = std::fs::remove_dir_all(&dir);
    let target = dir.join("reading.csv");
    harness.state_mut().panels_mut().export.path = target.to_string_lossy().into_owned();
    harness.run();
    harness.get_by_label("20 highlights will be exported, each with its citation.");
    harness.get_by_label("Export").click();
    harness.run_steps(3);
    let csv = std::fs::read_to_string(&target).expect("the export was written");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let kinds: Vec<String> = (reader.records().map(Result::unwrap))
        .map(|r| r[r.len() - 1].to_string())
        .collect();
    // A row per highlight, and one for the document's note.
    assert_eq!(kinds.iter().filter(|k| *k == "highlight").count(), 20);
    assert_eq!(kinds.iter().filter(|k| *k == "document note").count(), 1);
    assert!(
        !csv.starts_with('\u{feff}'),
        "no byte order mark unless asked"
    );
    assert!(
        !harness.state().panels().export.open,
        "the window closes after writing"
    );
    harness.get_by_label_contains("Exported 20 highlights to");
}

#[test]
fn exporting_onto_an_existing_file_asks_first() {
    let mut harness = common::on_example();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    let dir = std::env::temp_dir().join(format!("marginalia-ui-replace-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("chapter-draft.md");
    std::fs::write(&target, "a chapter draft").unwrap();
    harness.state_mut().panels_mut().export.path = target.to_string_lossy().into_owned();
    harness.run();
    harness.get_by_label("Export").click();
    harness.run_steps(3);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "a chapter draft");
    harness.get_by_label_contains("already exists. Replace it with this export?");
    // "Keep it" leaves the file alone and the window open.
    harness.get_by_label("Keep it").click();
    harness.run_steps(2);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "a chapter draft");
    assert!(harness.state().panels().export.open);
    // Asked again, "Replace it" writes the export over it.
    harness.get_by_label("Export").click();
    harness.run_steps(2);
    harness.get_by_label("Replace it").click();
    harness.run_steps(3);
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.starts_with('#'), "{written}");
    assert!(!harness.state().panels().export.open);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ctrl_shift_c_copies_the_quote_with_its_citation() {
    let mut harness = common::on_example();
    select(&mut harness, "considered by the US side");
    press_ctrl_shift_c(&mut harness);
    let copied = copied_texts(&harness);
    assert_eq!(
        copied,
        [
            "“considered by the US side” (Foreign Relations of the United States, 1977–1980, Volume VI, Soviet Union, Document 84, p. 287)"
        ]
    );
}

#[test]
fn ctrl_shift_c_takes_whole_words_as_a_highlight_would() {
    let mut harness = common::on_example();
    // From inside "considered" to inside "side".
    select(&mut harness, "sidered by the US si");
    press_ctrl_shift_c(&mut harness);
    let copied = copied_texts(&harness);
    assert_eq!(copied.len(), 1);
    assert!(
        copied[0].starts_with("“considered by the US side” ("),
        "{copied:?}"
    );
}

#[test]
fn ctrl_shift_z_redoes_rather_than_undoes() {
    let mut harness = common::on_example();
    select(&mut harness, "Dear Mr. President,");
    harness.key_press(Key::H);
    harness.run();
    assert_eq!(harness.state().notes().highlights().len(), 21);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(4);
    assert_eq!(harness.state().notes().highlights().len(), 20);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run_steps(4);
    assert_eq!(harness.state().notes().highlights().len(), 21);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(4);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run_steps(4);
    assert_eq!(harness.state().notes().highlights().len(), 21);
}

#[test]
fn the_citation_template_is_edited_with_a_live_example_and_undone() {
    let mut harness = common::on_example();
    harness.get_by_label("Document notes").click();
    harness.run();
    harness.get_by_label("Template").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Template")
        .type_text("FRUS VI, doc. {number}, {pages}");
    harness.run();
    assert_eq!(
        harness
            .state()
            .notes()
            .citation_template(harness.state().current_source()),
        Some("FRUS VI, doc. {number}, {pages}")
    );
    harness.get_by_label("e.g. FRUS VI, doc. 84, p. 286");
    harness.key_press(Key::Enter);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(4);
    assert_eq!(
        harness
            .state()
            .notes()
            .citation_template(harness.state().current_source()),
        None
    );
}

#[test]
fn the_suggested_export_name_is_the_set_s_own_when_no_such_file_exists() {
    let dir =
        std::env::temp_dir().join(format!("marginalia-ui-export-name-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let set = dir.join("reading.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example-brezhnev-1978.ron"),
        &set,
    )
    .unwrap();
    let mut harness = common::harness(AppOptions {
        notes: Some(set.clone()),
        saves_dir: Some(dir.clone()),
        ..AppOptions::seed()
    });
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    assert_eq!(
        Path::new(&harness.state().panels().export.path),
        dir.join("reading.md"),
        "no reading.md exists: no -2"
    );
    // Once it exists, the next one is -2.
    std::fs::write(dir.join("reading.md"), "an earlier export").unwrap();
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    assert_eq!(
        Path::new(&harness.state().panels().export.path),
        dir.join("reading-2.md")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The Export window's own button, where it is now.
fn export_button(harness: &Harness<'static, MarginaliaApp>) -> egui::Rect {
    harness.get_by_label("Export").rect()
}

#[test]
fn the_export_button_stays_put_across_formats_and_a_csv_can_be_made_for_excel() {
    let mut harness = common::on_example();
    harness.set_size(egui::vec2(900.0, 600.0));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    let first = export_button(&harness);
    for format in marginalia::core::export::Format::ALL {
        harness.get_by_label(format.label()).click();
        harness.run();
        assert_eq!(
            export_button(&harness),
            first,
            "the button moved when {} was chosen",
            format.label()
        );
    }
    // A notice (a save, a problem) floats over the top of the text, never over the
    // window's title.
    harness
        .state_mut()
        .view_mut()
        .notify(marginalia::ui::Notice {
            text: "Saved to saves/reading.ron (2 highlights).".into(),
            kind: marginalia::ui::NoticeKind::Success,
        });
    harness.run();
    let notice = harness
        .get_by_label("Saved to saves/reading.ron (2 highlights).")
        .rect();
    let title = harness.get_by_label("Export highlights").rect();
    assert!(
        notice.bottom() + 8.0 < title.top(),
        "the notice {notice:?} covers the title {title:?}"
    );
    harness.get_by_label("CSV (spreadsheets)").click();
    harness.run();
    harness
        .get_by_label("For Excel on Windows (CSV starts with a UTF-8 byte order mark)")
        .click();
    harness.run();
    let dir = std::env::temp_dir().join(format!("marginalia-ui-bom-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let target = dir.join("for-excel.csv");
    harness.state_mut().panels_mut().export.path = target.to_string_lossy().into_owned();
    harness.run();
    harness.get_by_label("Export").click();
    harness.run_steps(3);
    let bytes = std::fs::read(&target).expect("the export was written");
    assert_eq!(bytes[..3], [0xEF, 0xBB, 0xBF]);
    let _ = std::fs::remove_dir_all(&dir);
}
