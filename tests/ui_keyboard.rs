//! The reader and the Documents tab by keyboard alone (issue 22, item 4): a caret and
//! Shift+arrow selection (by word with Ctrl), a Find hit that becomes the selection so H
//! highlights it, Tab completing the path field, and Ctrl+Shift+O giving the path field
//! the keyboard where no file dialog answers.

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::ui::{AppOptions, MarginaliaApp};

fn selected(harness: &Harness<'static, MarginaliaApp>) -> Option<String> {
    let app = harness.state();
    marginalia::ui::panels::reader::selected_text(app.document(), app.panels().reader.selection)
}

fn press(harness: &mut Harness<'static, MarginaliaApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

#[test]
fn shift_and_the_arrows_grow_a_selection_by_letter_word_and_line() {
    let mut harness = common::harness(AppOptions::seed());
    common::select(&mut harness, "Geneva");
    press(&mut harness, Modifiers::SHIFT, Key::ArrowRight);
    assert_eq!(selected(&harness).as_deref(), Some("Geneva "));
    press(
        &mut harness,
        Modifiers::SHIFT | Modifiers::COMMAND,
        Key::ArrowRight,
    );
    assert_eq!(selected(&harness).as_deref(), Some("Geneva Conference"));
    press(
        &mut harness,
        Modifiers::SHIFT | Modifiers::COMMAND,
        Key::ArrowLeft,
    );
    assert_eq!(selected(&harness).as_deref(), Some("Geneva "));
    press(&mut harness, Modifiers::SHIFT, Key::ArrowLeft);
    assert_eq!(selected(&harness).as_deref(), Some("Geneva"));
    // Without Shift the selection collapses to a caret at its end, which the next
    // Shift+arrows grow from.
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    assert_eq!(selected(&harness), None);
    let caret = harness.state().panels().reader.caret.expect("a caret");
    let text: String = harness
        .state()
        .document()
        .text()
        .chars()
        .take(caret.0)
        .collect();
    assert!(text.ends_with("Geneva"), "the caret is after “Geneva”");
    press(
        &mut harness,
        Modifiers::SHIFT | Modifiers::COMMAND,
        Key::ArrowRight,
    );
    assert_eq!(selected(&harness).as_deref(), Some(" Conference"));
    // Shift+Down takes in the rest of the line and some of the next; Shift+Up gives it
    // back.
    press(&mut harness, Modifiers::SHIFT, Key::ArrowDown);
    let grown = selected(&harness).expect("still a selection");
    assert!(
        grown.starts_with(" Conference with") && grown.len() > 30,
        "{grown}"
    );
    press(&mut harness, Modifiers::SHIFT, Key::ArrowUp);
    assert_eq!(selected(&harness).as_deref(), Some(" Conference"));
    // And H highlights what the keys selected (whole words, as from the mouse).
    press(&mut harness, Modifiers::NONE, Key::H);
    let set = harness.state().notes();
    assert_eq!(set.highlights().len(), 1);
    assert_eq!(set.highlights()[0].anchor.quote, "Conference");
}

#[test]
fn a_find_hit_becomes_the_selection_and_h_highlights_it() {
    let mut harness = common::harness(AppOptions::seed());
    press(&mut harness, Modifiers::COMMAND, Key::F);
    harness.get_by_label("Find").type_text("nuclear threshold");
    harness.run_steps(2);
    assert_eq!(selected(&harness).as_deref(), Some("nuclear threshold"));
    // Escape leaves the field (and closes the bar); the hit stays selected for H.
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(selected(&harness).as_deref(), Some("nuclear threshold"));
    press(&mut harness, Modifiers::NONE, Key::H);
    let set = harness.state().notes();
    assert_eq!(set.highlights().len(), 1);
    assert_eq!(set.highlights()[0].anchor.quote, "nuclear threshold");
}

#[test]
fn tab_completes_the_path_field() {
    let mut harness = common::harness(AppOptions::seed());
    harness
        .state_mut()
        .view_mut()
        .show_left_tab(marginalia::ui::app::LeftTab::Documents);
    harness.run();
    let field = harness.get_by_label("Path");
    field.click();
    harness.run();
    harness.get_by_label("Path").type_text("asse");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(harness.state().panels().documents.typed, "assets/");
    assert!(
        harness.get_by_label("Path").is_focused(),
        "Tab stays in the field"
    );
    // Typing goes on at the end.
    harness.get_by_label("Path").type_text("frus1977");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Tab);
    let typed = harness.state().panels().documents.typed.clone();
    assert!(
        typed.starts_with("assets/frus1977-80v06-d84"),
        "completed to {typed}"
    );
}

#[test]
fn ctrl_shift_o_without_a_file_dialog_gives_the_path_field_the_keyboard() {
    let mut harness = common::harness(AppOptions::seed());
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    // The dialog is tried on a worker; where none answers it says so within a moment.
    let mut focused = false;
    for _ in 0..200 {
        harness.step();
        if harness
            .query_by_label("Path")
            .is_some_and(|n| n.is_focused())
        {
            focused = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    if !focused && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        eprintln!("a file dialog service answered here: the fallback is not reached");
        return;
    }
    assert!(focused, "the Documents tab's path field has the keyboard");
    // Typing goes into it, not to the reader's shortcuts.
    harness.get_by_label("Path").type_text("h");
    harness.run();
    assert_eq!(harness.state().panels().documents.typed, "h");
    assert!(harness.state().notes().highlights().is_empty());
}
