//! One frame: input, the panels in their order, then the actions they returned.

use super::side_panel::strip_ui;
use super::{LeftTab, MarginaliaApp, session, session_panels};
use crate::ui::action::{Action, ViewAction};
use crate::ui::panels::outline::outline_ui;
use crate::ui::panels::reader::{ReaderInput, ReaderStyle, reader_ui};
use crate::ui::panels::search_bar::search_bar_ui;
use crate::ui::panels::topics::filter_bar_ui;
use crate::ui::widgets::panel_sizes::PanelShow;
use egui::Ui;

/// Whether the pointer is dragging the panel edge at `edge` (pressed within 8 points of it).
fn dragging(ctx: &egui::Context, edge: Option<f32>) -> bool {
    ctx.input(|i| {
        i.pointer.primary_down()
            && edge
                .zip(i.pointer.press_origin())
                .is_some_and(|(x, at)| (at.x - x).abs() <= 8.0)
    })
}

impl MarginaliaApp {
    /// Everything a frame does: input, panels, then the actions they returned.
    pub(super) fn frame_ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        #[cfg(debug_assertions)]
        if std::mem::take(&mut self.runtime.panic_requested) {
            panic!("a test asked for a panic");
        }
        self.sync_window(&ctx);
        self.poll_dialog(&ctx);
        self.poll_loading();
        self.report_pictures(&ctx);
        let mut actions = std::mem::take(&mut self.runtime.queued);
        actions.extend(self.input_actions(&ctx));

        egui::Panel::top("menu").show(ui, |ui| actions.extend(self.menu_ui(ui)));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        let style = ReaderStyle::new(ui, self.prefs.font_size);
        let plan = crate::ui::widgets::panel_sizes::plan(
            ui.available_width(),
            crate::ui::widgets::panel_sizes::reader_min_width(
                crate::ui::panels::reader::average_char_width(ui, &style),
            ),
            crate::ui::widgets::panel_sizes::PanelWants {
                left: self.prefs.show_outline.then_some(self.prefs.left_width),
                right: self.prefs.right_width,
                unfold: self.panels.sides.unfold,
            },
        );
        // A strip the user opened folds again when the window has room for both.
        if self.panels.sides.unfold.is_some()
            && !matches!(plan.left, PanelShow::Strip)
            && !matches!(plan.right, PanelShow::Strip)
        {
            self.panels.sides.unfold = None;
        }
        actions.extend(self.left_panel_ui(ui, plan.left));
        actions.extend(self.right_panel_ui(ui, plan.right));
        self.refresh_folds();
        actions.extend(self.reader_column_ui(ui, &style));
        actions.extend(self.tool_windows_ui(&ctx));
        // Closing with unsaved changes asks first.
        if ctx.input(|i| i.viewport().close_requested()) && !self.session.is_closing() {
            if self.is_dirty() && self.runtime.screenshot.is_none() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.after_prompt(&ctx, session::Pending::Close);
            } else if !self.is_dirty() {
                // A clean exit leaves no recovery file behind.
                self.discard_recovery();
            }
        }

        for action in actions {
            self.apply(&ctx, action);
        }
        self.after_actions(&ctx);
    }

    /// The left panel as `show` says: open with its tabs (Outline, Note sets,
    /// Documents), folded to a strip, or hidden.
    fn left_panel_ui(&mut self, ui: &mut Ui, show: PanelShow) -> Vec<Action> {
        let mut actions = Vec::new();
        match show {
            PanelShow::Open(width) => {
                // The page at the top of the reader, by where it starts (a roman page and
                // an arabic one may share a number).
                let page = (self.workspace.document())
                    .page_start_at(self.panels.reader.top_offset)
                    .map(|p| p.offset);
                let drag = dragging(ui.ctx(), self.panels.sides.left_edge);
                let shown = egui::Panel::left("outline")
                    .resizable(true)
                    .default_size(width)
                    .size_range(crate::ui::widgets::panel_sizes::size_range(
                        crate::ui::widgets::panel_sizes::LEFT_MIN,
                        width,
                        drag,
                    ))
                    .show(ui, |ui| actions.extend(self.left_tabs_ui(ui, page)));
                let rect = shown.response.rect;
                self.panels.sides.left_edge = Some(rect.right());
                if drag {
                    self.prefs.left_width = rect.width();
                }
            }
            PanelShow::Strip => {
                self.panels.sides.left_edge = None;
                if strip_ui(ui, crate::ui::widgets::panel_sizes::Side::Left, "Outline") {
                    self.panels.sides.unfold = Some(crate::ui::widgets::panel_sizes::Side::Left);
                }
            }
            PanelShow::Hidden => self.panels.sides.left_edge = None,
        }
        actions
    }

    /// The left panel's tabs and the one chosen; `page`: where the page at the top of
    /// the reader starts.
    fn left_tabs_ui(
        &mut self,
        ui: &mut Ui,
        page: Option<crate::core::text::CharOffset>,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        let mut shown = self.view.left_tab();
        ui.horizontal_wrapped(|ui| {
            ui.selectable_value(&mut shown, LeftTab::Outline, "Outline");
            ui.selectable_value(&mut shown, LeftTab::NoteSets, "Note sets");
            ui.selectable_value(&mut shown, LeftTab::Documents, "Documents");
        });
        self.view.show_left_tab(shown);
        ui.separator();
        match self.view.left_tab() {
            LeftTab::Outline => {
                let (volume, document) = (
                    self.workspace.volume().map(|v| v.as_ref()),
                    self.workspace.document(),
                );
                let document_link = |n: u32| Self::document_link(volume, n);
                let page_link = |p: u32| Self::page_link(volume, document, p);
                actions.extend(outline_ui(
                    ui,
                    document,
                    &mut self.panels.outline,
                    page,
                    &crate::ui::panels::outline::Links {
                        document: &document_link,
                        page: &page_link,
                    },
                ))
            }
            LeftTab::Documents => {
                let volumes = self.volumes();
                if !volumes.is_empty() || !self.study.set().sources().is_empty() {
                    let max = (ui.available_height() - 150.0).max(120.0);
                    let input = crate::ui::panels::navigator::NavigatorInput {
                        set: self.study.set(),
                        revision: self.study.revision(),
                        library: self.workspace.library(),
                        volumes: &volumes,
                        topic_filter: self.view.filter(),
                        current: &self.workspace.document().info().source,
                    };
                    actions.extend(crate::ui::panels::navigator::navigator_ui(
                        ui,
                        &mut self.panels.navigator,
                        &input,
                        max,
                    ));
                    ui.separator();
                }
                actions.extend(crate::ui::panels::documents::documents_ui(
                    ui,
                    &mut self.panels.documents,
                    &self.workspace.document().source_path(),
                ))
            }
            LeftTab::NoteSets => {
                self.refresh_listing();
                egui::ScrollArea::vertical()
                    .id_salt("note-sets")
                    .show(ui, |ui| {
                        actions.extend(session_panels::note_sets_ui(ui, &self.session));
                    });
            }
        }
        actions
    }

    /// The right panel (Highlights, Topics, Notes, Passages) as `show` says.
    fn right_panel_ui(&mut self, ui: &mut Ui, show: PanelShow) -> Vec<Action> {
        let mut actions = Vec::new();
        match show {
            PanelShow::Open(width) => {
                let drag = dragging(ui.ctx(), self.panels.sides.right_edge);
                let shown = egui::Panel::right("study")
                    .resizable(true)
                    .default_size(width)
                    .size_range(crate::ui::widgets::panel_sizes::size_range(
                        crate::ui::widgets::panel_sizes::RIGHT_MIN,
                        width,
                        drag,
                    ))
                    .show(ui, |ui| actions.extend(self.side_panel_ui(ui)));
                let rect = shown.response.rect;
                self.panels.sides.right_edge = Some(rect.left());
                if drag {
                    self.prefs.right_width = rect.width();
                }
            }
            PanelShow::Strip | PanelShow::Hidden => {
                self.panels.sides.right_edge = None;
                if strip_ui(
                    ui,
                    crate::ui::widgets::panel_sizes::Side::Right,
                    "Highlights, topics, notes",
                ) {
                    self.panels.sides.unfold = Some(crate::ui::widgets::panel_sizes::Side::Right);
                }
            }
        }
        actions
    }

    /// The middle: notices, a file being opened, the Find and filter bars, the density
    /// strip and the reader.
    fn reader_column_ui(&mut self, ui: &mut Ui, style: &ReaderStyle) -> Vec<Action> {
        let mut actions = Vec::new();
        egui::CentralPanel::default()
            .frame(egui::Frame::central_panel(ui.style()).inner_margin(0))
            .show(ui, |ui| {
                actions.extend(self.notices_ui(ui.ctx(), ui.max_rect()));
                actions.extend(self.loading_ui(ui));
                if self.panels.search.open {
                    egui::Frame::new()
                        .inner_margin(egui::Margin::symmetric(8, 4))
                        .show(ui, |ui| {
                            actions.extend(search_bar_ui(
                                ui,
                                self.workspace.document(),
                                &mut self.panels.search,
                                self.panels.reader.top_offset,
                            ));
                        });
                }
                if self.view.filter().is_active() {
                    egui::Frame::new()
                        .inner_margin(egui::Margin::symmetric(8, 4))
                        .show(ui, |ui| {
                            actions.extend(filter_bar_ui(
                                ui,
                                self.study.set(),
                                self.view.filter(),
                                self.view.fold_unmatched(),
                            ));
                        });
                }
                // Where the document's highlights lie, beside the text. The strip's room is
                // kept when there is none yet, so the first highlight does not reflow the
                // text.
                let source = self.current_source();
                let marked = !self.study.set().highlights_in(source).is_empty();
                let input = crate::ui::panels::density::DensityInput {
                    doc: self.workspace.document(),
                    set: self.study.set(),
                    revision: self.study.revision(),
                    source,
                    filter: self.view.filter(),
                    visible: (
                        self.panels.reader.top_line_start,
                        self.panels.reader.bottom_offset,
                    ),
                };
                let clicked = egui::Panel::right("density-strip")
                    .exact_size(crate::ui::widgets::panel_sizes::DENSITY_STRIP)
                    .resizable(false)
                    .frame(egui::Frame::NONE)
                    .show(ui, |ui| {
                        if marked {
                            crate::ui::panels::density::density_ui(
                                ui,
                                &mut self.panels.density,
                                &input,
                            )
                        } else {
                            None
                        }
                    })
                    .inner;
                if let Some(at) = clicked {
                    actions.push(Action::View(ViewAction::ScrollToInContext(at)));
                }
                self.panels.reader.covered = self.covered_band(ui.ctx(), ui.max_rect());
                let input = ReaderInput {
                    doc: self.workspace.document(),
                    notes: self.study.set(),
                    source: self.current_source(),
                    revision: self.study.revision(),
                    filter: self.view.filter(),
                    folds: self.view.folds(),
                    selected: self.view.selected_highlight(),
                    hits: &self.panels.search.hits,
                    current_hit: self.panels.search.current,
                };
                actions.extend(reader_ui(ui, &input, &mut self.panels.reader, style));
            });
        actions
    }

    /// The windows over the text: shortcuts, Find in study, the question before a
    /// document leaves the study, the Overview, Tag all hits, the file's questions, export.
    fn tool_windows_ui(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        if self.view.shows_shortcuts() {
            self.shortcuts_window(ctx);
        }
        if self.panels.study_search.open {
            let volumes = self.volumes();
            let docs = Self::searchable(self.study.set(), self.workspace.library(), &volumes);
            actions.extend(crate::ui::panels::study_search::study_search_ui(
                ctx,
                &mut self.panels.study_search,
                &docs,
            ));
        }
        actions.extend(self.remove_source_ui(ctx));
        if self.panels.overview.open {
            let input = crate::ui::panels::overview::OverviewInput {
                set: self.study.set(),
                library: self.workspace.library(),
                revision: self.study.revision(),
                open_source: self.current_source(),
            };
            actions.extend(crate::ui::panels::overview::overview_ui(
                ctx,
                &mut self.panels.overview,
                &input,
            ));
        }
        if self.panels.tag_all.open {
            let volumes = self.volumes();
            let docs = if self.panels.tag_all.in_study {
                Self::searchable(self.study.set(), self.workspace.library(), &volumes)
            } else {
                let label = self
                    .study
                    .set()
                    .source_of(self.workspace.document())
                    .map_or_else(
                        || self.workspace.document().info().title.clone(),
                        |r| r.label(),
                    );
                vec![crate::ui::panels::study_search::Searchable {
                    doc: crate::ui::action::DocRef::Open,
                    label,
                    text: self.workspace.document(),
                }]
            };
            actions.extend(crate::ui::panels::tag_all::tag_all_ui(
                ctx,
                &mut self.panels.tag_all,
                &docs,
                self.study.set(),
            ));
        }
        actions.extend(session_panels::prompts_ui(
            ctx,
            &self.session,
            self.workspace.document(),
        ));
        if self.panels.export.open {
            let set = self.study.set();
            let here = self.current_source();
            let chosen: &[crate::core::study::highlight::Highlight] =
                if self.panels.export.only_current {
                    set.highlights_in(here)
                } else {
                    set.highlights()
                };
            let compiled = self.view.filter().compile(set);
            let shown = chosen.iter().filter(|h| compiled.matches(h)).count();
            let counts = (chosen.len(), shown);
            let documents = set.sources().len();
            actions.extend(crate::ui::panels::export_window::export_window_ui(
                ctx,
                &mut self.panels.export,
                self.view.filter().is_active(),
                documents,
                counts,
            ));
        }
        actions
    }

    /// After the actions: the screenshot, autosave, recovery offers, and the passing
    /// marks (a status message, a flash) that go by themselves.
    fn after_actions(&mut self, ctx: &egui::Context) {
        if let Some(job) = self.runtime.screenshot.as_mut() {
            job.on_frame(ctx);
        }
        self.autosave(ctx);
        self.offer_next_recovery();
        let now = ctx.input(|i| i.time);
        if self.view.status().is_some_and(|(_, until)| now > *until) {
            self.view.clear_status();
        }
        // Wake up once, when the next passing mark (status message, flash) is due to go.
        let next = [
            self.view.status().map(|s| s.1),
            self.panels.reader.flash.map(|f| f.1),
        ]
        .into_iter()
        .flatten()
        .fold(f64::INFINITY, f64::min);
        if next.is_finite() {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                (next - now).max(0.0) + 0.01,
            ));
        }
    }

    /// The band of the screen the open tool windows (Find in study, Tag all hits, the
    /// Overview) cover across the reader's text (`reader`): a passage opened from them is
    /// put clear of it.
    fn covered_band(&self, ctx: &egui::Context, reader: egui::Rect) -> Option<egui::Rangef> {
        let open = [
            ("Find in study", self.panels.study_search.open),
            ("Tag all hits", self.panels.tag_all.open),
            ("Overview", self.panels.overview.open),
        ];
        let text = reader.shrink2(egui::vec2(reader.width() * 0.2, 0.0));
        (open.into_iter())
            .filter(|(_, open)| *open)
            .filter_map(|(title, _)| crate::ui::widgets::panel_sizes::tool_window_rect(ctx, title))
            .filter(|rect| rect.x_range().intersects(text.x_range()) && rect.intersects(reader))
            .map(|rect| rect.y_range())
            .reduce(|a, b| a.union(b))
    }

    /// Moves the Overview left, off the right panel, when it covers the Passages list a
    /// click on its chart has just filled (as far as the window's width allows).
    pub(super) fn overview_off_the_passages(&mut self, ctx: &egui::Context) {
        let (Some(rect), Some(edge)) = (
            crate::ui::widgets::panel_sizes::tool_window_rect(ctx, "Overview"),
            self.panels.sides.right_edge(),
        ) else {
            return;
        };
        if rect.right() <= edge {
            return;
        }
        let left = (edge - 8.0 - rect.width()).max(8.0);
        self.panels.overview.move_to = Some(egui::pos2(left + rect.width() / 2.0, rect.top()));
    }
}
