//! Find in study (Ctrl+Shift+F): a phrase looked for in every document of the study and
//! of the open volumes, case and accents as asked; the hits grouped by document, each
//! with its words around it and its page; a click opens the document with the hit
//! selected. Each text is folded for comparison once per choice of options, so typing
//! costs only the search itself.

use crate::core::document::Document;
use crate::core::document::search::{Folded, SearchOptions, find_in};
use crate::core::text::{CharOffset, CharRange};
use crate::ui::action::{Action, DocRef, WindowAction, WorkspaceAction};
use crate::ui::widgets::panel_sizes::{ToolWindowState, show_tool_window, tool_window};
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{RichText, Ui};

/// A document to look in: how to open it, and its name.
pub struct Searchable<'a> {
    pub doc: DocRef,
    pub label: String,
    pub text: &'a Document,
}

/// A line of the results.
#[derive(Debug, Clone)]
enum HitRow {
    Document { label: String, count: usize },
    Hit { doc: usize, range: CharRange },
}

/// What the search keeps between frames.
#[derive(Default)]
pub struct StudySearchState {
    pub open: bool,
    pub query: String,
    pub options: SearchOptions,
    /// Ask the query field for the keyboard on the next frame.
    pub focus: bool,
    /// The folded texts, for these options and these documents.
    folded: Vec<(DocRef, Folded)>,
    folded_for: Option<(SearchOptions, Vec<(DocRef, usize)>)>,
    /// The results, and the query and documents they are for.
    results_for: Option<(String, SearchOptions, usize)>,
    docs: Vec<(DocRef, String)>,
    rows: Vec<HitRow>,
    hits: usize,
}

impl std::fmt::Debug for StudySearchState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StudySearchState")
            .field("query", &self.query)
            .field("hits", &self.hits)
            .finish_non_exhaustive()
    }
}

impl ToolWindowState for StudySearchState {
    fn open_flag(&mut self) -> &mut bool {
        &mut self.open
    }
}

impl StudySearchState {
    /// Opens the search with the keyboard in its field.
    pub fn show(&mut self) {
        self.open = true;
        self.focus = true;
    }

    /// How many hits the last search found.
    pub fn hits(&self) -> usize {
        self.hits
    }

    /// Brings the folded texts and the results up to date with `docs`, the query and the
    /// options.
    pub fn refresh(&mut self, docs: &[Searchable<'_>]) {
        let identity: Vec<(DocRef, usize)> = docs
            .iter()
            .map(|d| (d.doc.clone(), d.text.char_len()))
            .collect();
        let fold_key = (self.options, identity);
        if self.folded_for.as_ref() != Some(&fold_key) {
            self.folded = docs
                .iter()
                .map(|d| (d.doc.clone(), Folded::new(d.text.text(), self.options)))
                .collect();
            self.folded_for = Some(fold_key);
            self.results_for = None;
        }
        let key = (self.query.clone(), self.options, docs.len());
        if self.results_for.as_ref() == Some(&key) {
            return;
        }
        self.docs = docs
            .iter()
            .map(|d| (d.doc.clone(), d.label.clone()))
            .collect();
        self.rows.clear();
        self.hits = 0;
        if self.query.trim().chars().count() >= 2 {
            let found = find_in(self.folded.iter().map(|(k, f)| (k, f)), &self.query);
            for (doc, ranges) in found {
                let Some(at) = self.docs.iter().position(|(d, _)| *d == doc) else {
                    continue;
                };
                self.rows.push(HitRow::Document {
                    label: self.docs[at].1.clone(),
                    count: ranges.len(),
                });
                self.hits += ranges.len();
                self.rows.extend(
                    ranges
                        .into_iter()
                        .map(|range| HitRow::Hit { doc: at, range }),
                );
            }
        }
        self.results_for = Some(key);
    }
}

/// The words around `range`, the hit marked: `… the question of neutron weapons, …`.
pub fn context_job(doc: &Document, range: CharRange, ui: &Ui, width: f32) -> LayoutJob {
    const AROUND: usize = 60;
    let before_start = range.start - AROUND;
    let after_end = (range.end + AROUND).min(doc.end());
    // Line and paragraph breaks as single spaces, the text's own spacing kept.
    let clean = |s: &str| {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if !c.is_whitespace() {
                out.push(c);
            } else if !out.ends_with(' ') {
                out.push(' ');
            }
        }
        out
    };
    let before = clean(doc.slice(CharRange::new(before_start, range.start)));
    let hit = clean(doc.slice(range));
    let after = clean(doc.slice(CharRange::new(range.end, after_end)));
    let body = egui::TextStyle::Body.resolve(ui.style());
    let text = ui.visuals().text_color();
    let mut job = LayoutJob {
        wrap: TextWrapping::truncate_at_width(width),
        ..Default::default()
    };
    // The hit stays in view: only the last words before it are kept.
    let before: String = {
        let chars: Vec<char> = before.chars().collect();
        let keep = 28.min(chars.len());
        let tail: String = chars[chars.len() - keep..].iter().collect();
        if keep < chars.len() || before_start > CharOffset(0) {
            format!("…{tail}")
        } else {
            tail
        }
    };
    job.append(&before, 0.0, TextFormat::simple(body.clone(), text));
    job.append(
        &hit,
        0.0,
        TextFormat {
            background: ui.visuals().selection.bg_fill.gamma_multiply(0.6),
            ..TextFormat::simple(body.clone(), ui.visuals().strong_text_color())
        },
    );
    job.append(&format!("{after}…"), 0.0, TextFormat::simple(body, text));
    job
}

/// A document's heading in the list of hits, with how many follow.
fn document_row_ui(ui: &Ui, slot: egui::Rect, label: &str, count: usize, line: f32) {
    let width = slot.width();
    let mut job = LayoutJob::single_section(
        format!("{label} ({count})"),
        TextFormat::simple(
            egui::TextStyle::Body.resolve(ui.style()),
            ui.visuals().strong_text_color(),
        ),
    );
    job.wrap = TextWrapping::truncate_at_width(width - 4.0);
    let galley = ui.painter().layout_job(job);
    let at = egui::pos2(slot.left() + 2.0, slot.bottom() - line - 4.0);
    ui.painter()
        .with_clip_rect(slot)
        .galley(at, galley, ui.visuals().text_color());
}

/// A hit's two lines in `slot`, indented by `indent` and cut to `wrap` points: the words
/// around `range` in `text`, the hit marked, then `where_` (its page) dimmed beneath.
pub fn paint_hit_lines(
    ui: &Ui,
    slot: egui::Rect,
    (text, range): (&Document, CharRange),
    (indent, wrap): (f32, f32),
    where_: &str,
    line: f32,
) {
    let galley = ui.painter().layout_job(context_job(text, range, ui, wrap));
    ui.painter().galley(
        slot.min + egui::vec2(indent, 3.0),
        galley,
        ui.visuals().text_color(),
    );
    ui.painter().text(
        slot.min + egui::vec2(indent, line + 5.0),
        egui::Align2::LEFT_TOP,
        where_,
        egui::TextStyle::Small.resolve(ui.style()),
        ui.visuals().weak_text_color(),
    );
}

/// A hit's row: the words around it, then its page (or its place in a text without
/// pages); a click opens its document there.
fn hit_row_ui(
    ui: &Ui,
    slot: egui::Rect,
    searchable: &Searchable<'_>,
    (doc, range): (usize, CharRange),
    line: f32,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let width = slot.width();
    let text = searchable.text;
    let response = ui.interact(
        slot,
        ui.scope_id().with(("study-hit", doc, range.start)),
        egui::Sense::click(),
    );
    if response.hovered() {
        ui.painter()
            .rect_filled(slot, 3.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    let pages = crate::core::study::citation::pages_label(text, range);
    let where_ = if pages.is_empty() {
        format!("at character {}", range.start.index())
    } else {
        pages
    };
    paint_hit_lines(ui, slot, (text, range), (10.0, width - 12.0), &where_, line);
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            format!("Hit in {}, {where_}", searchable.label),
        )
    });
    if response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    if response.clicked() {
        actions.push(Action::Workspace(WorkspaceAction::OpenDocAt(
            searchable.doc.clone(),
            range,
        )));
    }
    actions
}

/// The search window. `docs` are the documents to look in (their texts found by
/// `doc_of`).
pub fn study_search_ui(
    ctx: &egui::Context,
    state: &mut StudySearchState,
    docs: &[Searchable<'_>],
) -> Vec<Action> {
    let mut actions = Vec::new();
    let window = tool_window("Find in study", ctx, 0.45, (320.0, 620.0), 0.6);
    show_tool_window(ctx, window, state, |ui, state| {
        let response = ui.add(
            egui::TextEdit::singleline(&mut state.query)
                .hint_text("a phrase, in every document")
                .desired_width(f32::INFINITY),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Phrase to find in the study")
        });
        if std::mem::take(&mut state.focus) {
            response.request_focus();
        }
        ui.horizontal_wrapped(|ui| {
            ui.checkbox(&mut state.options.case_sensitive, "Match case");
            ui.checkbox(&mut state.options.ignore_diacritics, "Ignore accents");
        });
        state.refresh(docs);
        let found_in = state
            .rows
            .iter()
            .filter(|r| matches!(r, HitRow::Document { .. }))
            .count();
        let summary = if state.query.trim().chars().count() < 2 {
            format!(
                "Type at least two letters; {} documents will be searched.",
                docs.len()
            )
        } else {
            format!(
                "{} hit{} in {found_in} of {} documents",
                crate::core::numbers::grouped(state.hits),
                if state.hits == 1 { "" } else { "s" },
                docs.len()
            )
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(summary).weak());
            if state.hits > 0 && ui.button("Tag all…").clicked() {
                actions.push(Action::Window(WindowAction::OpenTagAll {
                    query: state.query.clone(),
                    in_study: true,
                }));
            }
        });
        ui.separator();
        let line = ui.text_style_height(&egui::TextStyle::Body);
        let small = ui.text_style_height(&egui::TextStyle::Small);
        let row_height = line + small + ui.spacing().item_spacing.y + 8.0;
        egui::ScrollArea::vertical()
            .id_salt("study-search-hits")
            .auto_shrink([false, false])
            .show_rows(ui, row_height, state.rows.len(), |ui, range| {
                let width = ui.available_width();
                for row in &state.rows[range] {
                    let (slot, _) =
                        ui.allocate_exact_size(egui::vec2(width, row_height), egui::Sense::hover());
                    match row {
                        HitRow::Document { label, count } => {
                            document_row_ui(ui, slot, label, *count, line);
                        }
                        HitRow::Hit { doc, range } => {
                            let Some(searchable) = docs.get(*doc) else {
                                continue;
                            };
                            actions.extend(hit_row_ui(ui, slot, searchable, (*doc, *range), line));
                        }
                    }
                }
            });
    });
    actions
}
