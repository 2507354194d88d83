//! Every command can be found: in a menu or in the keyboard shortcuts list (F1).

mod common;

use egui_kittest::kittest::Queryable;
use marginalia::ui::AppOptions;
use marginalia::ui::action::Command;

#[test]
fn every_command_is_in_a_menu_or_the_shortcuts_list() {
    let mut harness = common::harness(AppOptions::seed());
    let keyed: Vec<String> = marginalia::ui::app::shortcut_rows(&harness.ctx)
        .into_iter()
        .map(|(label, _)| label)
        .collect();
    let mut in_menus: Vec<String> = Vec::new();
    for menu in ["File", "Edit", "View", "Help"] {
        harness.get_by_label(menu).click();
        harness.run();
        for command in Command::all() {
            let label = command.label();
            if harness.query_by_label(&label).is_some() && !in_menus.contains(&label) {
                in_menus.push(label);
            }
        }
        harness.key_press(egui::Key::Escape);
        harness.run();
    }
    assert!(
        in_menus.contains(&"New note set".to_string()),
        "the menus were read: {in_menus:?}"
    );
    for command in Command::all() {
        let label = command.label();
        assert!(
            in_menus.contains(&label) || keyed.contains(&label),
            "{command:?} ({label}) is in no menu and has no key"
        );
        if command.shortcut().is_none() {
            assert!(in_menus.contains(&label), "{label}: no key, so a menu");
        }
    }
}
