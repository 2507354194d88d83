//! Find in the text (Ctrl+F): a bar above the reader with the hit count and
//! next/previous; hits are drawn in the reader.

use crate::core::document::Document;
use crate::core::document::search::{Folded, SearchOptions};
use crate::core::text::{CharOffset, CharRange};
use crate::ui::action::{Action, ViewAction, WindowAction};
use egui::{Key, RichText, Ui};

/// The search bar's state.
#[derive(Debug, Default)]
pub struct SearchState {
    pub open: bool,
    pub query: String,
    pub options: SearchOptions,
    /// Hits of `query` in text order.
    pub hits: Vec<CharRange>,
    /// The hit the reader shows.
    pub current: Option<usize>,
    /// What `hits` were computed for.
    searched: Option<(String, SearchOptions)>,
    /// Put the keyboard in the field on the next frame.
    focus: bool,
    /// The document folded for the current options, kept while the bar is open.
    folded: Option<Folded>,
}

impl SearchState {
    /// Opens the bar with the keyboard in its field.
    pub fn open(&mut self) {
        self.open = true;
        self.focus = true;
    }

    /// Closes the bar; hits are no longer drawn.
    pub fn close(&mut self) {
        self.open = false;
        self.hits.clear();
        self.current = None;
        self.searched = None;
        self.folded = None;
    }

    /// Recomputes the hits if the query or options changed; the current hit becomes the
    /// first one at or after `from`.
    fn refresh(&mut self, doc: &Document, from: CharOffset) -> bool {
        let key = (self.query.clone(), self.options);
        if self.searched.as_ref() == Some(&key) {
            return false;
        }
        // Folding a whole volume takes a moment; it is done once per options, not per key.
        if self
            .folded
            .as_ref()
            .is_none_or(|f| f.options() != self.options)
        {
            self.folded = Some(Folded::new(doc.text(), self.options));
        }
        self.hits = self
            .folded
            .as_ref()
            .map(|f| f.find(&self.query))
            .unwrap_or_default();
        self.current = (!self.hits.is_empty())
            .then(|| self.hits.iter().position(|h| h.start >= from).unwrap_or(0));
        self.searched = Some(key);
        true
    }

    /// Moves to the next (or previous) hit, wrapping around.
    pub fn step(&mut self, forward: bool) {
        let n = self.hits.len();
        if n == 0 {
            return;
        }
        self.current = Some(match (self.current, forward) {
            (None, _) => 0,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        });
    }

    fn current_hit(&self) -> Option<CharRange> {
        self.current.and_then(|i| self.hits.get(i).copied())
    }
}

/// The search bar; `from` is where the reader is (the first hit shown is after it).
pub fn search_bar_ui(
    ui: &mut Ui,
    doc: &Document,
    state: &mut SearchState,
    from: CharOffset,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let mut moved = false;
    // Close keeps its place at the right end; the rest wraps in what is left of the row
    // (on a narrow window its buttons go to a second line, not out of sight).
    let close = egui::WidgetText::from("Close")
        .into_galley(ui, None, f32::INFINITY, egui::TextStyle::Button)
        .size()
        .x
        + 2.0 * ui.spacing().button_padding.x;
    let rest = (ui.available_width() - close - ui.spacing().item_spacing.x).max(0.0);
    let mut closing = false;
    ui.horizontal(|ui| {
        let wrapped = egui::Layout::left_to_right(egui::Align::Center).with_main_wrap(true);
        ui.allocate_ui_with_layout(egui::vec2(rest, 0.0), wrapped, |ui| {
            let label = ui.label("Find");
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut state.query)
                        .hint_text("text in the document")
                        .desired_width((rest * 0.35).clamp(120.0, 240.0)),
                )
                .labelled_by(label.id);
            if state.focus {
                response.request_focus();
                state.focus = false;
            }
            let (enter, shift, escape) = ui.input(|i| {
                (
                    i.key_pressed(Key::Enter),
                    i.modifiers.shift,
                    i.key_pressed(Key::Escape),
                )
            });
            if response.lost_focus() && enter {
                state.step(!shift);
                moved = true;
                response.request_focus();
            }
            if escape && (response.has_focus() || response.lost_focus()) {
                state.close();
                return;
            }
            ui.checkbox(&mut state.options.ignore_diacritics, "Ignore accents");
            if state.refresh(doc, from) {
                moved = true;
            }
            let count = match (state.current, state.hits.len()) {
                (_, 0) if state.query.trim().is_empty() => String::new(),
                (_, 0) => "No matches".to_string(),
                (Some(i), n) => format!("{} of {n}", i + 1),
                (None, n) => format!("{n} matches"),
            };
            ui.label(RichText::new(count).weak());
            if ui.button("Previous").on_hover_text("Shift+Enter").clicked() {
                state.step(false);
                moved = true;
            }
            if ui.button("Next").on_hover_text("Enter").clicked() {
                state.step(true);
                moved = true;
            }
            if !state.hits.is_empty() && ui.button("Tag all…").clicked() {
                actions.push(Action::Window(WindowAction::OpenTagAll {
                    query: state.query.clone(),
                    in_study: false,
                }));
            }
        });
        if ui.button("Close").on_hover_text("Esc").clicked() {
            closing = true;
        }
    });
    if closing {
        state.close();
    }
    // The hit becomes the selection: Escape leaves the field, and H highlights it.
    if moved && let Some(hit) = state.current_hit() {
        actions.push(Action::View(ViewAction::SelectFound(hit)));
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_start_after_the_reading_position_and_wrap() {
        let doc = Document::seed();
        let mut state = SearchState {
            query: "soviet".into(),
            ..Default::default()
        };
        state.refresh(&doc, CharOffset(0));
        let n = state.hits.len();
        assert!(n > 5);
        assert_eq!(state.current, Some(0));
        state.step(false);
        assert_eq!(state.current, Some(n - 1));
        state.step(true);
        assert_eq!(state.current, Some(0));
        // Searching again from the middle starts at the first hit after it.
        let middle = state.hits[3].start;
        state.searched = None;
        state.refresh(&doc, middle);
        assert_eq!(state.current, Some(3));
        state.close();
        assert!(state.hits.is_empty() && !state.open);
    }
}
