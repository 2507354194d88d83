//! The Topics tab: make, rename, recolour, merge and delete topics, see their counts, and
//! choose which ones filter the text and the highlights list. Also the filter bar above
//! the text.

use crate::core::study::edit::{Edit, EditError};
use crate::core::study::filter::{FilterMode, TopicFilter};
use crate::core::study::note_set::NoteSet;
use crate::core::study::topic::{Color, PALETTE, Topic, TopicId};
use crate::core::time::Timestamp;
use crate::ui::action::{Action, StudyAction, ViewAction, WindowAction};
use crate::ui::widgets::chips::swatch_ui;
use crate::ui::widgets::marks::topic_color;
use egui::{RichText, Ui};

/// What the Topics tab remembers between frames.
#[derive(Debug, Default)]
pub struct TopicsPanelState {
    /// The name being typed for a new topic.
    pub new_name: String,
    /// A topic being renamed, with the name typed so far.
    pub renaming: Option<(TopicId, String)>,
    /// A topic whose deletion waits for confirmation.
    pub confirm_delete: Option<TopicId>,
}

pub use crate::core::study::topic::tree_order;

/// The Topics tab.
pub fn topics_ui(
    ui: &mut Ui,
    notes: &NoteSet,
    filter: &TopicFilter,
    fold_unmatched: bool,
    state: &mut TopicsPanelState,
) -> Vec<Action> {
    let mut actions = Vec::new();
    new_topic_ui(ui, state, &mut actions);
    ui.label(
        RichText::new(
            "Use / to nest topics. Keys 1–9 apply the first nine topics made; each keeps its key.",
        )
        .small()
        .weak(),
    );
    ui.separator();

    if notes.topics().is_empty() {
        ui.label(RichText::new("No topics yet.").weak());
    }
    topic_list_ui(ui, notes, filter, state, &mut actions);

    ui.separator();
    filter_controls_ui(ui, filter, fold_unmatched, &mut actions);
    actions
}

/// A filter tick box named "Filter by NAME" for the screen reader (its visible label is
/// the row beside it); true when ticked or unticked.
fn filter_checkbox_ui(ui: &mut Ui, on: bool, name: &str, hover: &str) -> bool {
    let mut on = on;
    let checkbox = ui.checkbox(&mut on, "");
    checkbox.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, format!("Filter by {name}"))
    });
    checkbox.on_hover_text(hover).changed()
}

fn topic_row_ui(
    ui: &mut Ui,
    notes: &NoteSet,
    filter: &TopicFilter,
    topic: &Topic,
    key: Option<usize>,
    state: &mut TopicsPanelState,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        ui.add_space(topic.depth() as f32 * 16.0);
        let on = filter.topics.contains(&topic.id);
        if filter_checkbox_ui(ui, on, &topic.name, &format!("Filter by {}", topic.name)) {
            actions.push(Action::View(ViewAction::ToggleFilterTopic(topic.id)));
        }
        let swatch = swatch_ui(ui, topic).on_hover_text("Change colour");
        egui::Popup::menu(&swatch).show(|ui| {
            color_menu_ui(ui, topic, actions);
        });
        match &mut state.renaming {
            Some((id, name)) if *id == topic.id => {
                if rename_field_ui(ui, notes, topic, name, actions) {
                    state.renaming = None;
                }
            }
            _ => {
                let count = notes.topic_count(topic.id);
                let all = notes.topic_count_with_children(topic);
                let counted = if all == count {
                    format!("{count}")
                } else {
                    format!("{count} ({all} with nested)")
                };
                // From the right: the menu, the key, the count, then the name in what is
                // left (cut short in a narrow panel), so the menu is always in reach.
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    topic_menu_ui(ui, notes, topic, state, actions);
                    if let Some(key) = key {
                        ui.label(RichText::new(format!("key {key}")).small().weak())
                            .on_hover_text(format!(
                                "Press {key} to highlight the selection as {}",
                                topic.name
                            ));
                    }
                    ui.label(RichText::new(counted).weak());
                    // The name from the left of what remains.
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        let name = ui
                            .add(
                                egui::Label::new(topic.leaf_name())
                                    .truncate()
                                    .sense(egui::Sense::click()),
                            )
                            .on_hover_text(format!("{} — double-click to rename", topic.name));
                        if name.double_clicked() {
                            state.renaming = Some((topic.id, topic.name.clone()));
                        }
                    });
                });
            }
        }
    });
    if state.confirm_delete == Some(topic.id) {
        confirm_delete_ui(ui, notes, topic, state, actions);
    }
}

/// The field and button that make a topic; Enter adds it and keeps the field for the
/// next name.
fn new_topic_ui(ui: &mut Ui, state: &mut TopicsPanelState, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let label = ui.label("New topic");
        // Room for the Add button and the spacing around it, however narrow the panel.
        let add_width = 3.0 * ui.spacing().item_spacing.x
            + ui.spacing().button_padding.x * 2.0
            + 4.0 * ui.text_style_height(&egui::TextStyle::Button);
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut state.new_name)
                    .hint_text("e.g. Arms control/SALT")
                    .desired_width((ui.available_width() - add_width).max(60.0)),
            )
            .labelled_by(label.id);
        let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button("Add").clicked() || entered) && !state.new_name.trim().is_empty() {
            actions.push(Action::Study(StudyAction::CreateTopic(std::mem::take(
                &mut state.new_name,
            ))));
        }
        // Enter adds the topic and leaves the field ready for the next name: typing on
        // must not run as shortcuts.
        if entered {
            response.request_focus();
        }
    });
}

/// Every topic in tree order, each under its parents (a parent that is no topic of its
/// own shown as a plain heading with a tick box for all below it).
fn topic_list_ui(
    ui: &mut Ui,
    notes: &NoteSet,
    filter: &TopicFilter,
    state: &mut TopicsPanelState,
    actions: &mut Vec<Action>,
) {
    egui::ScrollArea::vertical()
        .id_salt("topics")
        .max_height(ui.available_height() - 130.0)
        .show(ui, |ui| {
            let mut shown_paths: Vec<&str> = Vec::new();
            for topic in tree_order(notes.topics()) {
                // A nested topic whose parent is no topic of its own still sits under its
                // parent's name, shown as a plain heading.
                let mut prefix_end = 0;
                for (depth, level) in topic.name.split('/').enumerate().take(topic.depth()) {
                    prefix_end += level.len() + usize::from(depth > 0);
                    let path = &topic.name[..prefix_end];
                    if notes.topic_by_name(path).is_none() && !shown_paths.contains(&path) {
                        shown_paths.push(path);
                        ui.horizontal(|ui| {
                            ui.add_space(depth as f32 * 16.0);
                            // Ticking the parent ticks every topic nested below it.
                            let mut family = notes
                                .topics()
                                .iter()
                                .filter(|t| t.is_within(path))
                                .map(|t| t.id)
                                .peekable();
                            let on = family.peek().is_some()
                                && family.all(|id| filter.topics.contains(&id));
                            if filter_checkbox_ui(
                                ui,
                                on,
                                path,
                                &format!("Filter by everything under {path}"),
                            ) {
                                actions.push(Action::View(ViewAction::ToggleFilterFamily(
                                    path.to_string(),
                                )));
                            }
                            ui.add_space(22.0);
                            ui.label(RichText::new(level).weak());
                        });
                    }
                }
                let shortcut =
                    crate::core::study::topic::key_of(notes.topics(), topic.id).map(usize::from);
                topic_row_ui(ui, notes, filter, topic, shortcut, state, actions);
            }
        });
}

/// How the ticked topics filter: any or all of them, untagged highlights, folding, and
/// clearing the filter.
fn filter_controls_ui(
    ui: &mut Ui,
    filter: &TopicFilter,
    fold_unmatched: bool,
    actions: &mut Vec<Action>,
) {
    ui.label(RichText::new("Filter").strong());
    // Wrapped: a narrow panel (900 points of window) must not push its controls out.
    ui.horizontal_wrapped(|ui| {
        if ui.radio(filter.mode == FilterMode::Any, "any of").clicked() {
            actions.push(Action::View(ViewAction::SetFilterMode(FilterMode::Any)));
        }
        if ui.radio(filter.mode == FilterMode::All, "all of").clicked() {
            actions.push(Action::View(ViewAction::SetFilterMode(FilterMode::All)));
        }
        ui.label(RichText::new("the ticked topics").weak());
    });
    let mut untagged = filter.show_untagged;
    if ui
        .checkbox(&mut untagged, "Show untagged highlights")
        .changed()
    {
        actions.push(Action::View(ViewAction::SetShowUntagged(untagged)));
    }
    let mut fold = fold_unmatched;
    if ui
        .checkbox(&mut fold, "Only matching passages")
        .on_hover_text("Fold paragraphs with no highlight that matches the filter")
        .changed()
    {
        actions.push(Action::View(ViewAction::SetFoldUnmatched(fold)));
    }
    if ui
        .add_enabled(filter.is_active(), egui::Button::new("Clear filter"))
        .clicked()
    {
        actions.push(Action::View(ViewAction::ClearFilter));
    }
}

/// The field that renames `topic`: Enter renames, Escape or a click elsewhere leaves the
/// name as it was. Returns whether renaming is over.
fn rename_field_ui(
    ui: &mut Ui,
    notes: &NoteSet,
    topic: &Topic,
    name: &mut String,
    actions: &mut Vec<Action>,
) -> bool {
    let mut done = false;
    let response = ui.add(egui::TextEdit::singleline(name).desired_width(140.0));
    if !response.has_focus() && !response.lost_focus() {
        response.request_focus();
    }
    let (enter, escape) = ui.input(|i| {
        (
            i.key_pressed(egui::Key::Enter),
            i.key_pressed(egui::Key::Escape),
        )
    });
    if response.lost_focus() {
        // Enter renames; Escape or clicking elsewhere leaves the name as it was.
        if enter && !escape {
            actions.push(edit_or_notice(Edit::rename_topic(notes, topic.id, name)));
        }
        done = true;
    }
    done
}

/// A topic's "…" menu: rename, merge into another topic, delete.
fn topic_menu_ui(
    ui: &mut Ui,
    notes: &NoteSet,
    topic: &Topic,
    state: &mut TopicsPanelState,
    actions: &mut Vec<Action>,
) {
    ui.menu_button("…", |ui| {
        if ui.button("Rename…").clicked() {
            state.renaming = Some((topic.id, topic.name.clone()));
            ui.close();
        }
        ui.menu_button("Merge into", |ui| {
            for other in tree_order(notes.topics())
                .into_iter()
                .filter(|t| t.id != topic.id)
            {
                if ui.button(&other.name).clicked() {
                    let edit = Edit::merge_topics(notes, topic.id, other.id, Timestamp::now());
                    actions.push(edit_or_notice(edit));
                    ui.close();
                }
            }
        });
        if ui.button("Delete…").clicked() {
            state.confirm_delete = Some(topic.id);
            ui.close();
        }
    });
}

/// The edit to apply, or, when it was refused, a notice that says why.
fn edit_or_notice(edit: Result<Edit, EditError>) -> Action {
    match edit {
        Ok(edit) => Action::Study(StudyAction::Edit {
            edit,
            coalesce: None,
        }),
        Err(e) => Action::Window(WindowAction::Notify(e.to_string())),
    }
}

/// "Delete the topic?" under its row, with how many highlights lose it.
fn confirm_delete_ui(
    ui: &mut Ui,
    notes: &NoteSet,
    topic: &Topic,
    state: &mut TopicsPanelState,
    actions: &mut Vec<Action>,
) {
    let count = notes.topic_count(topic.id);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(format!(
            "Delete the topic “{}”? {count} highlight{} lose it and keep their other topics.",
            topic.name,
            if count == 1 { "" } else { "s" }
        ));
        ui.horizontal(|ui| {
            if ui.button("Delete topic").clicked() {
                let edit = Edit::delete_topic(notes, topic.id, Timestamp::now());
                actions.push(edit_or_notice(edit));
                state.confirm_delete = None;
            }
            if ui.button("Cancel").clicked() {
                state.confirm_delete = None;
            }
        });
    });
}

fn color_menu_ui(ui: &mut Ui, topic: &Topic, actions: &mut Vec<Action>) {
    ui.label(RichText::new("Colour").weak());
    ui.horizontal_wrapped(|ui| {
        ui.set_max_width(180.0);
        for color in PALETTE {
            let (rect, response) =
                ui.allocate_exact_size(egui::vec2(20.0, 20.0), egui::Sense::click());
            ui.painter().rect_filled(rect, 3.0, topic_color(color));
            if color == topic.color {
                ui.painter().rect_stroke(
                    rect,
                    3.0,
                    egui::Stroke::new(2.0, ui.visuals().strong_text_color()),
                    egui::StrokeKind::Outside,
                );
            }
            if response.clicked() {
                actions.push(recolor(topic, color));
            }
        }
    });
    let mut rgb = topic.color.0;
    if ui.color_edit_button_srgb(&mut rgb).changed() {
        actions.push(recolor(topic, Color(rgb)));
    }
}

fn recolor(topic: &Topic, color: Color) -> Action {
    Action::Study(StudyAction::Edit {
        edit: Edit::RecolorTopic {
            topic: topic.id,
            color,
        },
        coalesce: None,
    })
}

/// The chips above the text that show an active filter, with one click to clear it.
pub fn filter_bar_ui(
    ui: &mut Ui,
    notes: &NoteSet,
    filter: &TopicFilter,
    fold_unmatched: bool,
) -> Vec<Action> {
    let mut actions = Vec::new();
    if !filter.is_active() {
        return actions;
    }
    let compiled = filter.compile(notes);
    let shown = notes
        .highlights()
        .iter()
        .filter(|h| compiled.matches(h))
        .count();
    ui.horizontal_wrapped(|ui| {
        let mode = match filter.mode {
            FilterMode::Any => "any of",
            FilterMode::All => "all of",
        };
        ui.label(
            RichText::new(format!(
                "Showing {shown} of {} highlights with {mode}:",
                notes.highlights().len()
            ))
            .weak(),
        );
        for topic in filter.topics.iter().filter_map(|t| notes.topic(*t)) {
            let chip = RichText::new(format!("{} ×", topic.name))
                .background_color(topic_color(topic.color).gamma_multiply(0.4));
            if ui
                .button(chip)
                .on_hover_text("Remove from the filter")
                .clicked()
            {
                actions.push(Action::View(ViewAction::ToggleFilterTopic(topic.id)));
            }
        }
        if filter.show_untagged && ui.button("untagged ×").clicked() {
            actions.push(Action::View(ViewAction::SetShowUntagged(false)));
        }
        let mut fold = fold_unmatched;
        if ui.checkbox(&mut fold, "Only matching passages").changed() {
            actions.push(Action::View(ViewAction::SetFoldUnmatched(fold)));
        }
        if ui.button("Clear filter").clicked() {
            actions.push(Action::View(ViewAction::ClearFilter));
        }
    });
    actions
}
