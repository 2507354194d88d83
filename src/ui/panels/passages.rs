//! The Passages tab: every highlight of the study that the topic filter lets through,
//! grouped by document (number, date, title; documents by date, then number), each with its quote, page citation, topics
//! and note; a click opens its document at the passage. Rows have one height and only
//! those in view are laid out, so 20,000 passages scroll as fast as 20.

use crate::core::library::Library;
use crate::core::study::filter::TopicFilter;
use crate::core::study::highlight::HighlightId;
use crate::core::study::note_set::NoteSet;
use crate::core::study::source::SourceId;
use crate::ui::action::{Action, WindowAction};
use crate::ui::panels::highlights::{
    RowMark, first_note_line, highlight_row_ui, meta_job, quote_job,
};
use crate::ui::panels::reader::short;
use crate::ui::widgets::frame_cache::FrameCache;
use crate::ui::widgets::marks::highlight_color;
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Galley, RichText, Ui};
use std::sync::Arc;

/// A line of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassageRow {
    /// A document's heading, with how many of its passages follow.
    Source(SourceId, usize),
    /// A highlight, by its place in [`NoteSet::highlights`].
    Passage(usize),
}

/// What a row's look depends on: the set's revision, the width, the theme, the text size.
type LookKey = (u64, u32, bool, u32);

/// What the tab keeps between frames: its rows and their looks.
#[derive(Debug, Default)]
pub struct PassagesState {
    /// Only the passages of these documents (a period chosen in the Overview), and how
    /// to name them.
    pub only: Option<(std::collections::BTreeSet<SourceId>, String)>,
    key: Option<(
        u64,
        TopicFilter,
        Option<std::collections::BTreeSet<SourceId>>,
    )>,
    rows: Vec<PassageRow>,
    passages: usize,
    looks: FrameCache<LookKey, (Arc<Galley>, Arc<Galley>)>,
}

impl PassagesState {
    /// The rows for this revision and filter; recomputed only when either changes.
    pub fn rows(&mut self, set: &NoteSet, revision: u64, filter: &TopicFilter) -> &[PassageRow] {
        let only = self.only.as_ref().map(|(s, _)| s.clone());
        let key = (revision, filter.clone(), only.clone());
        if self.key.as_ref() != Some(&key) {
            self.rows.clear();
            self.passages = 0;
            let compiled = filter.compile(set);
            // Documents in reading order (by date, then number); each one's highlights
            // are a slice of the set's, in text order.
            for source in set.reading_order() {
                if only.as_ref().is_some_and(|o| !o.contains(&source)) {
                    continue;
                }
                let range = set.source_range(source);
                let heading = self.rows.len();
                let mut count = 0;
                for (i, h) in set.highlights()[range.clone()].iter().enumerate() {
                    if !compiled.matches(h) {
                        continue;
                    }
                    if count == 0 {
                        self.rows.push(PassageRow::Source(source, 0));
                    }
                    count += 1;
                    self.rows.push(PassageRow::Passage(range.start + i));
                }
                if let Some(PassageRow::Source(_, n)) = self.rows.get_mut(heading) {
                    *n = count;
                }
                self.passages += count;
            }
            self.key = Some(key);
        }
        &self.rows
    }

    /// How many passages the rows hold.
    pub fn passages(&self) -> usize {
        self.passages
    }
}

/// Everything the tab reads.
pub struct PassagesInput<'a> {
    pub set: &'a NoteSet,
    pub library: &'a Library,
    pub revision: u64,
    pub filter: &'a TopicFilter,
    pub selected: Option<HighlightId>,
}

/// The list of passages.
pub fn passages_ui(
    ui: &mut Ui,
    state: &mut PassagesState,
    input: &PassagesInput<'_>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let set = input.set;
    if !summary_ui(ui, state, input) {
        return actions;
    }
    let line = ui.text_style_height(&egui::TextStyle::Body);
    let small = ui.text_style_height(&egui::TextStyle::Small);
    let gap = ui.spacing().item_spacing.y;
    let pad = 4.0;
    let row_height = line + small + gap + 2.0 * pad + 4.0;
    let dark = ui.visuals().dark_mode;
    egui::ScrollArea::vertical()
        .id_salt("passages-list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, state.rows.len(), |ui, range| {
            let width = ui.available_width();
            state.looks.begin((
                input.revision,
                width.round() as u32,
                dark,
                (line * 10.0) as u32,
            ));
            for row in range {
                let Some(&entry) = state.rows.get(row) else {
                    continue;
                };
                let (slot, _) =
                    ui.allocate_exact_size(egui::vec2(width, row_height), egui::Sense::hover());
                match entry {
                    PassageRow::Source(source, count) => {
                        source_row_ui(ui, set, slot, source, count, pad);
                    }
                    PassageRow::Passage(index) => {
                        let Some(h) = set.highlights().get(index) else {
                            continue;
                        };
                        let (quote, meta) = state.looks.get_or_insert_with(index, || {
                            look(ui, input, index, (width - 2.0 * pad - 6.0).max(20.0))
                        });
                        let rect = slot.shrink2(egui::vec2(0.0, 2.0));
                        let record = set.source(h.source);
                        let clicked = highlight_row_ui(
                            ui,
                            rect,
                            ui.scope_id().with(("passage", h.id)),
                            highlight_color(set, h, dark),
                            input.selected == Some(h.id),
                            RowMark::Bar,
                            rect.min + egui::vec2(pad + 6.0, pad),
                            &[(&quote, line), (&meta, small)],
                            || {
                                format!(
                                    "Passage “{}” in {}",
                                    short(&h.anchor.quote, 80),
                                    record.map_or_else(String::new, |r| r.label())
                                )
                            },
                        );
                        if clicked {
                            actions.push(Action::Window(WindowAction::GoToHighlight(h.id)));
                        }
                    }
                }
            }
        });
    state.looks.trim();
    actions
}

/// The list's heading: the period it is limited to (with a way back to all), how many
/// passages in how many documents, or what to do when there are none. Returns whether
/// there are passages to list.
fn summary_ui(ui: &mut Ui, state: &mut PassagesState, input: &PassagesInput<'_>) -> bool {
    let set = input.set;
    state.rows(set, input.revision, input.filter);
    let documents = state
        .rows
        .iter()
        .filter(|r| matches!(r, PassageRow::Source(..)))
        .count();
    let what = if input.filter.is_active() {
        "with the filter's topics"
    } else {
        "in the study"
    };
    let mut clear = false;
    if let Some((_, label)) = &state.only {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("Only {label}")).strong());
            clear = ui.small_button("Show all").clicked();
        });
    }
    if clear {
        state.only = None;
        state.rows(set, input.revision, input.filter);
    }
    ui.label(
        RichText::new(format!(
            "{} {what}, in {}",
            crate::core::numbers::counted(state.passages, "passage"),
            crate::core::numbers::counted(documents, "document"),
        ))
        .weak(),
    );
    if state.passages == 0 {
        ui.label(
            RichText::new(
                "Highlight passages in any document of the study; choose topics in the Topics tab to see only theirs.",
            )
            .weak(),
        );
        return false;
    }
    true
}

/// A document's heading row in `slot`: its label and how many of its passages follow,
/// in two lines at most, over a rule.
fn source_row_ui(
    ui: &mut Ui,
    set: &NoteSet,
    slot: egui::Rect,
    source: SourceId,
    count: usize,
    pad: f32,
) {
    let row_height = slot.height();
    let width = slot.width();
    let label = set
        .source(source)
        .map_or_else(|| format!("Document {source}"), |r| r.label());
    let text = format!("{label} ({count})");
    let mut job = LayoutJob::single_section(
        text.clone(),
        TextFormat::simple(
            egui::TextStyle::Body.resolve(ui.style()),
            ui.visuals().strong_text_color(),
        ),
    );
    // Two lines at most: a long title ends in "…".
    job.wrap = TextWrapping {
        max_width: width - 2.0 * pad,
        max_rows: 2,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    let galley = ui.painter().layout_job(job);
    let at = egui::pos2(
        slot.left() + pad,
        slot.bottom() - galley.size().y.min(row_height) - pad,
    );
    ui.painter()
        .with_clip_rect(slot)
        .galley(at, galley, ui.visuals().text_color());
    ui.painter().hline(
        slot.x_range(),
        slot.bottom() - 1.0,
        egui::Stroke::new(1.0, ui.visuals().weak_text_color().gamma_multiply(0.5)),
    );
    let response = ui.interact(
        slot,
        ui.scope_id().with(("passage-source", source)),
        egui::Sense::click(),
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text.clone()));
}

/// A passage's two lines: the quote; its pages (or citation), topics and note.
fn look(
    ui: &Ui,
    input: &PassagesInput<'_>,
    index: usize,
    width: f32,
) -> (Arc<Galley>, Arc<Galley>) {
    let set = input.set;
    let h = &set.highlights()[index];
    let pages = match input.library.document(h.source) {
        Some(doc) => crate::core::study::citation::pages_label(doc, h.range()),
        None => "page unknown: text not open".to_string(),
    };
    let mut meta = meta_job(ui, set, h, &pages, width);
    let first = first_note_line(h);
    if !first.is_empty() {
        meta.append(
            &format!("  {}", short(first, 160)),
            0.0,
            TextFormat::simple(
                egui::TextStyle::Small.resolve(ui.style()),
                ui.visuals().text_color(),
            ),
        );
    }
    let painter = ui.painter();
    (
        painter.layout_job(quote_job(ui, h, width)),
        painter.layout_job(meta),
    )
}
