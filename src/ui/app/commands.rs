//! Commands as the user reaches them: keyboard shortcuts, the menu bar, and the list of
//! shortcuts (F1), all from the one list in [`Command`].

use super::MarginaliaApp;
use crate::ui::action::{Action, Command, SessionAction, WindowAction, WorkspaceAction};
use crate::ui::system::prefs::ThemeChoice;
use egui::{Event, Key, RichText, Ui};
use std::path::PathBuf;

impl MarginaliaApp {
    /// Keyboard shortcuts, dropped files and the copy event, as actions.
    pub(super) fn input_actions(&self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        let typing = ctx.egui_wants_keyboard_input();
        // An open menu or popup takes Escape itself (and closes); it is not ours then.
        let popup_open = egui::Popup::is_any_open(ctx);
        ctx.input_mut(|input| {
            // egui matches Ctrl+Z against Ctrl+Shift+Z too, so shortcuts with more modifiers
            // are tried first: Redo before Undo, Copy with citation before Copy.
            let mut commands = Command::all();
            commands.sort_by_key(|c| std::cmp::Reverse(c.shortcut().map_or(0, |s| modifier_count(s.modifiers))));
            let mut with_citation = false;
            for command in commands {
                // While a text field has focus, editing keys belong to it. Plain copy comes
                // as the system's copy event, below.
                if (typing && command.yields_to_text_fields())
                    || command == Command::Copy
                    || (popup_open && command == Command::ClearSelection)
                {
                    continue;
                }
                let shortcuts = command.shortcut().into_iter().chain(command.extra_shortcuts().iter().copied());
                if shortcuts.into_iter().any(|s| input.consume_shortcut(&s)) {
                    with_citation |= command == Command::CopyWithCitation;
                    actions.push(Action::Run(command));
                }
            }
            let copy = input.events.iter().any(|e| {
                matches!(e, Event::Copy)
                    || matches!(e, Event::Key { key: Key::C, pressed: true, modifiers, .. } if modifiers.command)
            });
            if copy && !typing && !with_citation {
                actions.push(Action::Run(Command::Copy));
            }
            // One file dropped is opened to read; several are added to the study.
            let dropped: Vec<PathBuf> = (input.raw.dropped_files.iter())
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect();
            match dropped.len() {
                0 => {}
                1 => actions.extend(dropped.into_iter().map(|p| Action::Workspace(WorkspaceAction::OpenPath(p)))),
                _ => actions.push(Action::Workspace(WorkspaceAction::AddPaths(dropped))),
            }
        });
        actions
    }

    /// The menu bar: File, Edit, View, Help.
    pub(super) fn menu_ui(&self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| actions.extend(self.file_menu_ui(ui)));
            ui.menu_button("Edit", |ui| actions.extend(self.edit_menu_ui(ui)));
            ui.menu_button("View", |ui| actions.extend(self.view_menu_ui(ui)));
            ui.menu_button("Help", |ui| {
                item_ui(ui, Command::ShortcutsHelp, true, &mut actions);
            });
        });
        actions
    }

    /// The File menu: note sets (with the recent ones), export, documents, quit.
    fn file_menu_ui(&self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let no_dialog = self.runtime.dialog.is_none();
        item_ui(ui, Command::NewNoteSet, true, &mut actions);
        item_ui(ui, Command::OpenNoteSet, no_dialog, &mut actions);
        ui.menu_button("Recent note sets", |ui| {
            if self.prefs.recent.is_empty() {
                ui.label(RichText::new("None yet").weak());
            }
            for path in &self.prefs.recent {
                if ui.button(path).clicked() {
                    actions.push(Action::Session(SessionAction::OpenNoteSet(PathBuf::from(
                        path,
                    ))));
                    ui.close();
                }
            }
        });
        item_ui(ui, Command::Save, true, &mut actions);
        item_ui(ui, Command::SaveAs, no_dialog, &mut actions);
        item_ui(ui, Command::MergeNoteSet, no_dialog, &mut actions);
        ui.separator();
        item_ui(ui, Command::ExportHighlights, true, &mut actions);
        ui.separator();
        item_ui(ui, Command::OpenDocument, no_dialog, &mut actions);
        ui.separator();
        item_ui(ui, Command::Quit, true, &mut actions);
        actions
    }

    /// The Edit menu: undo and redo (named after what they undo), the selection,
    /// highlights, find.
    fn edit_menu_ui(&self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let history = self.study.history();
        let undo = history.undo_label().map(|l| format!("Undo {l}"));
        let redo = history.redo_label().map(|l| format!("Redo {l}"));
        if command_item_labelled_ui(ui, Command::Undo, undo.as_deref(), undo.is_some()) {
            actions.push(Action::Run(Command::Undo));
        }
        if command_item_labelled_ui(ui, Command::Redo, redo.as_deref(), redo.is_some()) {
            actions.push(Action::Run(Command::Redo));
        }
        let selected = self.panels.reader.selection.is_some();
        ui.separator();
        item_ui(ui, Command::Copy, selected, &mut actions);
        item_ui(ui, Command::CopyWithCitation, selected, &mut actions);
        item_ui(ui, Command::SelectAll, true, &mut actions);
        item_ui(ui, Command::ClearSelection, selected, &mut actions);
        ui.separator();
        item_ui(ui, Command::Highlight, selected, &mut actions);
        let highlight = self.view.selected_highlight().is_some();
        item_ui(ui, Command::DeleteHighlight, highlight, &mut actions);
        ui.separator();
        item_ui(ui, Command::Find, true, &mut actions);
        item_ui(ui, Command::FindInStudy, true, &mut actions);
        actions
    }

    /// The View menu: theme, the Overview and Passages, Back and Forward, text size,
    /// the outline.
    fn view_menu_ui(&self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        ui.label(RichText::new("Theme").weak());
        for choice in [ThemeChoice::Light, ThemeChoice::Dark, ThemeChoice::System] {
            if ui
                .radio(self.prefs.theme == choice, choice.label())
                .clicked()
            {
                actions.push(Action::Window(WindowAction::SetTheme(choice)));
            }
        }
        ui.separator();
        item_ui(ui, Command::Overview, true, &mut actions);
        item_ui(ui, Command::ShowPassages, true, &mut actions);
        let jumps = self.workspace.jumps();
        item_ui(ui, Command::Back, !jumps.back.is_empty(), &mut actions);
        item_ui(
            ui,
            Command::Forward,
            !jumps.forward.is_empty(),
            &mut actions,
        );
        ui.separator();
        item_ui(ui, Command::FontLarger, true, &mut actions);
        item_ui(ui, Command::FontSmaller, true, &mut actions);
        item_ui(ui, Command::FontReset, true, &mut actions);
        ui.separator();
        let mut shown = self.prefs.show_outline;
        if ui
            .checkbox(&mut shown, Command::ToggleOutline.label())
            .clicked()
        {
            actions.push(Action::Run(Command::ToggleOutline));
        }
        actions
    }

    pub(super) fn shortcuts_window(&mut self, ctx: &egui::Context) {
        let mut open = self.view.shows_shortcuts();
        let rows = shortcut_rows(ctx);
        let fits = (ctx.content_rect().height() - 120.0).max(120.0);
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .max_height(fits)
            .show(ctx, |ui| {
                // A small window scrolls the list rather than cutting it off; the bar takes
                // its own room instead of covering the keys.
                ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
                egui::ScrollArea::vertical()
                    .max_height(fits)
                    .show(ui, |ui| {
                        egui::Grid::new("shortcuts")
                            .num_columns(2)
                            .striped(true)
                            .show(ui, |ui| {
                                for (what, keys) in &rows {
                                    ui.label(what);
                                    ui.label(RichText::new(keys).monospace());
                                    ui.end_row();
                                }
                            });
                    });
            });
        self.view.set_show_shortcuts(open);
    }
}

/// How many modifier keys a shortcut needs.
pub(super) fn modifier_count(m: egui::Modifiers) -> usize {
    usize::from(m.alt) + usize::from(m.shift) + usize::from(m.ctrl || m.command || m.mac_cmd)
}

/// How a shortcut is written in menus and the help: egui spells some keys as words
/// ("Ctrl+Equals"); people read the symbol.
pub fn shortcut_text(ctx: &egui::Context, shortcut: &egui::KeyboardShortcut) -> String {
    ctx.format_shortcut(shortcut)
        .replace("Equals", "=")
        .replace("Minus", "-")
        .replace("Plus", "+")
}

/// The rows of the shortcuts window: each command with a key once, then the keys that
/// are not commands of their own.
pub fn shortcut_rows(ctx: &egui::Context) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Vec::new();
    for command in Command::all() {
        let keys: Vec<String> = command
            .shortcut()
            .into_iter()
            .chain(command.extra_shortcuts().iter().copied())
            .map(|s| shortcut_text(ctx, &s))
            .collect();
        if keys.is_empty() {
            continue;
        }
        let label = command.label();
        if !rows.iter().any(|(l, _)| *l == label) {
            rows.push((label, keys.join(" or ")));
        }
    }
    for (what, keys) in [
        ("Extend the selection", "Shift+click"),
        ("Highlight exactly, without snapping to words", "Alt+H"),
        ("Next / previous search hit", "Enter / Shift+Enter"),
    ] {
        rows.push((what.to_string(), keys.to_string()));
    }
    rows
}

/// A menu entry for `command`; when it is chosen, the command is added to `actions`.
fn item_ui(ui: &mut Ui, command: Command, enabled: bool, actions: &mut Vec<Action>) {
    if command_item_ui(ui, command, enabled) {
        actions.push(Action::Run(command));
    }
}

pub(super) fn command_item_ui(ui: &mut Ui, command: Command, enabled: bool) -> bool {
    command_item_labelled_ui(ui, command, None, enabled)
}

/// A menu entry for `command` under another label ("Undo Delete highlight").
pub(super) fn command_item_labelled_ui(
    ui: &mut Ui,
    command: Command,
    label: Option<&str>,
    enabled: bool,
) -> bool {
    let mut button = egui::Button::new(label.map_or_else(|| command.label(), str::to_string));
    if let Some(shortcut) = command.shortcut() {
        button = button.shortcut_text(shortcut_text(ui.ctx(), &shortcut));
    }
    let clicked = ui.add_enabled(enabled, button).clicked();
    if clicked {
        ui.close();
    }
    clicked
}
