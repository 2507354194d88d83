//! Tag all hits (from Find and Find in study): a phrase or a regular expression, whole
//! words, case and accents as asked; each hit widened to whole words or its sentence if
//! asked; every hit listed with the words around it and its page, each with a checkbox;
//! Apply tags the checked ones with a topic (an existing one, or one made on the spot)
//! as one undoable step.

use crate::core::study::note_set::NoteSet;
use crate::core::study::topic::TopicId;
use crate::core::tag::{Extent, Matcher, Pattern};
use crate::core::text::CharRange;
use crate::ui::action::{Action, DocRef, StudyAction, TopicChoice};
use crate::ui::panels::study_search::Searchable;
use crate::ui::widgets::panel_sizes::{ToolWindowState, show_tool_window, tool_window};
use egui::{RichText, Ui};

/// A hit, and whether it is to be tagged.
#[derive(Debug, Clone, PartialEq)]
struct Hit {
    doc: usize,
    range: CharRange,
    checked: bool,
}

/// What the hits were found for: the pattern, the extent, and each document searched
/// with its length.
type FoundFor = (Pattern, Extent, Vec<(DocRef, usize)>);

/// What the window keeps between frames.
#[derive(Debug, Default)]
pub struct TagAllState {
    pub open: bool,
    pub pattern: Pattern,
    pub extent: Extent,
    /// Every document of the study (and the open volumes), not only the open one.
    pub in_study: bool,
    pub topic: Option<TopicId>,
    /// The name typed for a new topic.
    pub new_topic: String,
    hits: Vec<Hit>,
    docs: Vec<DocRef>,
    /// What `hits` were found for: pattern, extent, documents.
    found_for: Option<FoundFor>,
    error: Option<String>,
}

impl ToolWindowState for TagAllState {
    fn open_flag(&mut self) -> &mut bool {
        &mut self.open
    }
}

impl TagAllState {
    /// Opens the window for `query`, in the open document or the whole study.
    pub fn show(&mut self, query: &str, in_study: bool) {
        self.open = true;
        self.in_study = in_study;
        self.pattern.text = query.to_string();
        self.found_for = None;
    }

    /// Finds the hits again when the pattern, the extent or the documents changed; the
    /// checks are kept for hits found again.
    pub fn refresh(&mut self, docs: &[Searchable<'_>]) {
        let identity: Vec<(DocRef, usize)> = docs
            .iter()
            .map(|d| (d.doc.clone(), d.text.char_len()))
            .collect();
        let key = (self.pattern.clone(), self.extent, identity);
        if self.found_for.as_ref() == Some(&key) {
            return;
        }
        // The user's unticks are kept while the same phrase is looked for (in other
        // documents, or widened otherwise): a hit found again, or its sentence or words,
        // stays unticked. Another phrase starts afresh.
        let same_phrase = self
            .found_for
            .as_ref()
            .is_some_and(|(pattern, _, _)| *pattern == self.pattern);
        let unchecked: Vec<(DocRef, CharRange)> = if same_phrase {
            self.hits
                .iter()
                .filter(|h| !h.checked)
                .filter_map(|h| self.docs.get(h.doc).map(|d| (d.clone(), h.range)))
                .collect()
        } else {
            Vec::new()
        };
        let was_unchecked = |doc: &DocRef, range: CharRange| {
            unchecked
                .iter()
                .any(|(d, r)| d == doc && r.start < range.end && range.start < r.end)
        };
        self.hits.clear();
        self.error = None;
        self.docs = docs.iter().map(|d| d.doc.clone()).collect();
        if self.pattern.text.trim().is_empty() {
            self.found_for = Some(key);
            return;
        }
        let matcher = match Matcher::new(&self.pattern) {
            Ok(matcher) => matcher,
            Err(e) => {
                self.error = Some(e.to_string());
                self.found_for = Some(key);
                return;
            }
        };
        for (i, d) in docs.iter().enumerate() {
            match matcher.find(d.text, self.extent) {
                Ok(ranges) => {
                    self.hits.extend(ranges.into_iter().map(|range| Hit {
                        doc: i,
                        checked: !was_unchecked(&d.doc, range),
                        range,
                    }));
                    if self.hits.len() > crate::core::tag::MAX_HITS {
                        self.hits.clear();
                        self.error = Some(crate::core::tag::TagError::TooMany.to_string());
                        break;
                    }
                }
                Err(e) => {
                    self.error = Some(e.to_string());
                    break;
                }
            }
        }
        self.found_for = Some(key);
    }

    /// How many hits there are, and how many are checked.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.hits.len(),
            self.hits.iter().filter(|h| h.checked).count(),
        )
    }

    /// Checks or unchecks hit `i`.
    pub fn set_checked(&mut self, i: usize, checked: bool) {
        if let Some(h) = self.hits.get_mut(i) {
            h.checked = checked;
        }
    }
}

/// The window. `docs` are the documents searched.
pub fn tag_all_ui(
    ctx: &egui::Context,
    state: &mut TagAllState,
    docs: &[Searchable<'_>],
    set: &NoteSet,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let window = tool_window("Tag all hits", ctx, 0.5, (320.0, 640.0), 0.7);
    show_tool_window(ctx, window, state, |ui, state| {
        let response = ui.add(
            egui::TextEdit::singleline(&mut state.pattern.text)
                .hint_text("a phrase, or a regular expression")
                .desired_width(f32::INFINITY),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Phrase to tag")
        });
        ui.horizontal_wrapped(|ui| {
            ui.checkbox(&mut state.pattern.regex, "Regular expression");
            ui.checkbox(&mut state.pattern.whole_word, "Whole words");
            ui.checkbox(&mut state.pattern.case_sensitive, "Match case");
            ui.add_enabled(
                !state.pattern.regex,
                egui::Checkbox::new(&mut state.pattern.ignore_diacritics, "Ignore accents"),
            );
            if state.pattern.regex {
                state.pattern.ignore_diacritics = false;
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Highlight");
            ui.radio_value(&mut state.extent, Extent::Hit, "the hit");
            ui.radio_value(&mut state.extent, Extent::Words, "whole words");
            ui.radio_value(&mut state.extent, Extent::Sentence, "its sentence");
        });
        topic_ui(ui, state, set);
        state.refresh(docs);
        if let Some(error) = &state.error {
            ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
        }
        let (all, checked) = state.counts();
        let place = if state.in_study {
            // The documents the hits are in, of those searched.
            let mut with_hits: Vec<usize> = state.hits.iter().map(|h| h.doc).collect();
            with_hits.dedup();
            format!(
                "in {} of {} searched",
                crate::core::numbers::grouped(with_hits.len()),
                crate::core::numbers::counted(docs.len(), "document")
            )
        } else {
            "in the open document".to_string()
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!(
                    "{} {place}, {} to tag",
                    crate::core::numbers::counted(all, "hit"),
                    crate::core::numbers::grouped(checked)
                ))
                .weak(),
            );
            if ui.small_button("All").clicked() {
                state.hits.iter_mut().for_each(|h| h.checked = true);
            }
            if ui.small_button("None").clicked() {
                state.hits.iter_mut().for_each(|h| h.checked = false);
            }
        });
        let choice = match (state.topic, state.new_topic.trim()) {
            (_, name) if !name.is_empty() => Some(TopicChoice::New(name.to_string())),
            (Some(id), _) => Some(TopicChoice::Existing(id)),
            _ => None,
        };
        let apply = ui
            .add_enabled(
                checked > 0 && choice.is_some(),
                egui::Button::new(format!(
                    "Tag {}",
                    crate::core::numbers::counted(checked, "hit")
                )),
            )
            .on_disabled_hover_text("Choose a topic and check at least one hit");
        if apply.clicked()
            && let Some(topic) = choice
        {
            let hits = (state.hits.iter())
                .filter(|h| h.checked)
                .filter_map(|h| state.docs.get(h.doc).map(|d| (d.clone(), h.range)))
                .collect();
            actions.push(Action::Study(StudyAction::TagHits { hits, topic }));
        }
        ui.separator();
        hits_ui(ui, state, docs);
    });
    actions
}

/// The topic: one of the study's, or a new one by name.
fn topic_ui(ui: &mut Ui, state: &mut TagAllState, set: &NoteSet) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("with topic");
        let chosen = state
            .topic
            .and_then(|id| set.topic(id))
            .map_or_else(|| "choose…".to_string(), |t| t.name.clone());
        egui::ComboBox::from_id_salt("tag-all-topic")
            .selected_text(chosen)
            .width(180.0)
            .show_ui(ui, |ui| {
                for t in crate::core::study::topic::tree_order(set.topics()) {
                    if ui
                        .selectable_label(state.topic == Some(t.id), &t.name)
                        .clicked()
                    {
                        state.topic = Some(t.id);
                        state.new_topic.clear();
                    }
                }
            })
            .response
            .labelled_by(label.id);
        ui.label("or a new one");
        let response = ui.add(
            egui::TextEdit::singleline(&mut state.new_topic)
                .hint_text("new topic")
                .desired_width(140.0),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, "New topic to tag with")
        });
    });
}

/// The hits, each with its check, the words around it and its page; only those in view
/// are laid out.
fn hits_ui(ui: &mut Ui, state: &mut TagAllState, docs: &[Searchable<'_>]) {
    let line = ui.text_style_height(&egui::TextStyle::Body);
    let small = ui.text_style_height(&egui::TextStyle::Small);
    let row_height = line + small + ui.spacing().item_spacing.y + 8.0;
    let count = state.hits.len();
    egui::ScrollArea::vertical()
        .id_salt("tag-all-hits")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, count, |ui, range| {
            let width = ui.available_width();
            for i in range {
                let Some(hit) = state.hits.get(i).cloned() else {
                    continue;
                };
                let Some(searchable) = docs.get(hit.doc) else {
                    continue;
                };
                let (slot, _) =
                    ui.allocate_exact_size(egui::vec2(width, row_height), egui::Sense::hover());
                let pages = crate::core::study::citation::pages_label(searchable.text, hit.range);
                let where_ = if state.in_study {
                    format!("{}, {pages}", searchable.label)
                } else {
                    pages
                };
                // The check is painted in the row (a widget placed there would move the
                // row's layout); a click anywhere on the row toggles it.
                let checked = hit.checked;
                let response = ui.interact(
                    slot,
                    ui.scope_id().with(("tag-hit", i)),
                    egui::Sense::click(),
                );
                let visuals = ui.style().interact(&response);
                let size = ui.spacing().interact_size.y.min(line + 2.0);
                let check_rect = egui::Rect::from_min_size(
                    slot.min + egui::vec2(4.0, 3.0),
                    egui::vec2(size, size),
                );
                ui.painter().rect(
                    check_rect,
                    2.0,
                    visuals.bg_fill,
                    visuals.bg_stroke,
                    egui::StrokeKind::Inside,
                );
                if checked {
                    // A tick drawn as two strokes (the bundled fonts have no ✔).
                    let r = check_rect.shrink(size * 0.2);
                    ui.painter().line(
                        vec![
                            egui::pos2(r.left(), r.center().y),
                            egui::pos2(r.center().x - r.width() * 0.1, r.bottom()),
                            egui::pos2(r.right(), r.top()),
                        ],
                        egui::Stroke::new(2.0, visuals.fg_stroke.color),
                    );
                }
                response.widget_info(|| {
                    egui::WidgetInfo::selected(
                        egui::Role::CheckBox,
                        true,
                        checked,
                        format!("Tag hit {} ({where_})", i + 1),
                    )
                });
                if response.clicked() {
                    state.set_checked(i, !checked);
                }
                crate::ui::panels::study_search::paint_hit_lines(
                    ui,
                    slot,
                    (searchable.text, hit.range),
                    (28.0, width - 40.0),
                    &where_,
                    line,
                );
            }
        });
}
