//! The side panels' contents: highlights, topics, the document's notes and citation.

use super::{MarginaliaApp, SideTab, session_panels};
use crate::core::study::edit::Edit;
use crate::core::study::history::Coalesce;
use crate::ui::action::{Action, StudyAction};
use crate::ui::panels::highlights::{highlight_detail_ui, highlights_list_ui};
use crate::ui::panels::topics::topics_ui;
use egui::{RichText, Ui};

impl MarginaliaApp {
    pub(super) fn side_panel_ui(&mut self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        self.side_tabs_ui(ui);
        ui.separator();
        match self.view.side_tab() {
            SideTab::Highlights => actions.extend(self.highlights_tab_ui(ui)),
            SideTab::Topics => {
                actions.extend(topics_ui(
                    ui,
                    self.study.set(),
                    self.view.filter(),
                    self.view.fold_unmatched(),
                    &mut self.panels.topics,
                ));
            }
            SideTab::Passages => {
                let input = crate::ui::panels::passages::PassagesInput {
                    set: self.study.set(),
                    library: self.workspace.library(),
                    revision: self.study.revision(),
                    filter: self.view.filter(),
                    selected: self.view.selected_highlight(),
                };
                actions.extend(crate::ui::panels::passages::passages_ui(
                    ui,
                    &mut self.panels.passages,
                    &input,
                ));
            }
            SideTab::DocumentNotes => actions.extend(self.notes_tab_ui(ui)),
        }
        actions
    }

    /// The tab bar: one row where the four fit, else two rows of two.
    fn side_tabs_ui(&mut self, ui: &mut Ui) {
        // Never three and a lone one.
        let tabs = [
            (SideTab::Highlights, "Highlights"),
            (SideTab::Topics, "Topics"),
            (SideTab::DocumentNotes, "Document notes"),
            (SideTab::Passages, "Passages"),
        ];
        let width: f32 = (tabs.iter())
            .map(|(_, name)| {
                egui::WidgetText::from(*name)
                    .into_galley(ui, None, f32::INFINITY, egui::TextStyle::Button)
                    .size()
                    .x
                    + 2.0 * ui.spacing().button_padding.x
                    + ui.spacing().item_spacing.x
            })
            .sum();
        let per_row = if width <= ui.available_width() { 4 } else { 2 };
        let mut shown = self.view.side_tab();
        for row in tabs.chunks(per_row) {
            ui.horizontal(|ui| {
                for (tab, name) in row {
                    ui.selectable_value(&mut shown, *tab, *name);
                }
            });
        }
        self.view.show_side_tab(shown);
    }

    /// The Highlights tab: the selected highlight, the orphans and conflicts to review,
    /// and the list of the document's highlights.
    fn highlights_tab_ui(&mut self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        if let Some(id) = self.view.selected_highlight() {
            actions.extend(highlight_detail_ui(
                ui,
                self.workspace.document(),
                self.study.set(),
                id,
            ));
            ui.add_space(6.0);
        }
        let source = self.current_source();
        actions.extend(session_panels::review_ui(
            ui,
            self.workspace.document(),
            self.study.set(),
            source,
            self.session.conflicts(),
            self.panels.reader.selection.map(|s| s.range()),
        ));
        self.panels.list_cache.rows(
            self.study.revision(),
            self.study.set(),
            source,
            self.view.filter(),
            &self.panels.list_query,
        );
        actions.extend(highlights_list_ui(
            ui,
            self.workspace.document(),
            self.study.set(),
            source,
            self.study.revision(),
            &mut self.panels.list_cache,
            &mut self.panels.list_query,
            self.view.selected_highlight(),
        ));
        actions
    }

    /// The Document notes tab: the citation, the document's notes and the study's.
    fn notes_tab_ui(&mut self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        actions.extend(self.citation_ui(ui));
        ui.separator();
        let label =
            ui.label(RichText::new("Notes on this document: context, questions, leads.").weak());
        let source = self.current_source();
        let mut note = self.study.set().source_note(source).to_string();
        let half = (ui.available_height() / 2.0 - 30.0).max(60.0);
        let response = ui
            .add_sized(
                [ui.available_width(), half],
                egui::TextEdit::multiline(&mut note).hint_text("Document notes"),
            )
            .labelled_by(label.id);
        if response.changed() {
            actions.push(Action::Study(StudyAction::Edit {
                edit: Edit::set_document_note(self.study.set(), self.workspace.document(), note),
                coalesce: Some(Coalesce::SourceNote(source)),
            }));
        }
        let label =
            ui.label(RichText::new("Notes on the whole study: the question, the argument.").weak());
        let mut note = self.study.set().study_note().to_string();
        let response = ui
            .add_sized(
                ui.available_size(),
                egui::TextEdit::multiline(&mut note).hint_text("Study notes"),
            )
            .labelled_by(label.id);
        if response.changed() {
            actions.push(Action::Study(StudyAction::Edit {
                edit: Edit::SetStudyNote(note),
                coalesce: Some(Coalesce::StudyNote),
            }));
        }
        actions
    }

    /// Document properties: how this note set cites the document, with a live example.
    pub(super) fn citation_ui(&self, ui: &mut Ui) -> Vec<Action> {
        use crate::core::study::citation::{cite, default_template};
        let mut actions = Vec::new();
        ui.label(RichText::new("Citation").strong());
        let default = default_template(self.workspace.document());
        let mut template = self
            .study
            .set()
            .citation_template(self.current_source())
            .unwrap_or(default)
            .to_string();
        let label = ui.label(RichText::new("Template").weak());
        let response = ui
            .add(egui::TextEdit::singleline(&mut template).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if response.changed() {
            let chosen = (template != default).then_some(template.clone());
            actions.push(Action::Study(StudyAction::SetCitationTemplate(chosen)));
        }
        ui.label(
            RichText::new(
                "{citation} {title} {number} {url} {pages} (p. 287 / pp. 286–87) {page_numbers}",
            )
            .small()
            .weak(),
        );
        // An example: the selected highlight, else the first one, else the first paragraph.
        let sample = self
            .view
            .selected_highlight()
            .and_then(|id| self.study.set().highlight(id))
            .filter(|h| h.source == self.current_source())
            .or_else(|| {
                self.study
                    .set()
                    .highlights_in(self.current_source())
                    .first()
            })
            .map(|h| h.range())
            .or_else(|| self.workspace.document().blocks().get(1).map(|b| b.range));
        if let Some(range) = sample {
            ui.label(
                RichText::new(format!(
                    "e.g. {}",
                    cite(self.workspace.document(), &template, range)
                ))
                .italics(),
            );
        }
        if self
            .study
            .set()
            .citation_template(self.current_source())
            .is_some()
            && ui.button("Use the default").clicked()
        {
            actions.push(Action::Study(StudyAction::SetCitationTemplate(None)));
        }
        actions
    }
}

/// A menu entry for `command`, with its shortcut; true when clicked.
/// A folded side panel: a narrow strip with a button that opens it. True when clicked.
pub(super) fn strip_ui(
    ui: &mut Ui,
    side: crate::ui::widgets::panel_sizes::Side,
    what: &str,
) -> bool {
    let (panel, arrow) = match side {
        crate::ui::widgets::panel_sizes::Side::Left => (egui::Panel::left("outline-strip"), "»"),
        crate::ui::widgets::panel_sizes::Side::Right => (egui::Panel::right("study-strip"), "«"),
    };
    panel
        .resizable(false)
        .exact_size(crate::ui::widgets::panel_sizes::STRIP_WIDTH)
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.button(arrow)
                .on_hover_text(format!(
                    "Show {what} (the window is too narrow for both panels)"
                ))
                .clicked()
        })
        .inner
}
