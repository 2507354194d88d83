//! What the window does with an action: each one applied to the part that owns it (the
//! note set's study, the session's file, the view), and each menu command run.

use super::{MarginaliaApp, SideTab, session, session_panels};
use crate::core::numbers::grouped;
use crate::core::study::anchor::snap_to_words;
use crate::core::study::edit::Edit;
use crate::core::study::history::Coalesce;
use crate::core::study::topic::next_color;
use crate::ui::action::{
    Action, Command, SessionAction, StudyAction, WindowAction, WorkspaceAction,
};
use crate::ui::panels::reader::selected_text;
use crate::ui::system::dialogs::{DialogPurpose, PendingDialog};
use crate::ui::widgets::fonts::DEFAULT_FONT_SIZE;
use std::path::PathBuf;

impl MarginaliaApp {
    /// Carries out one action, in the part that owns it.
    pub fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Run(command) => self.run(ctx, command),
            Action::View(action) => {
                let now = ctx.input(|i| i.time);
                self.view.apply(
                    action,
                    &mut self.panels,
                    self.workspace.document(),
                    self.study.set(),
                    now,
                );
            }
            Action::Study(action) => self.apply_to_study(ctx, action),
            Action::Workspace(action) => self.apply_to_workspace(ctx, action),
            Action::Session(action) => self.apply_to_session(ctx, action),
            Action::Window(action) => self.apply_to_window(ctx, action),
        }
    }

    /// Gives orphan `id` the place `anchor`, and selects it.
    fn place_orphan(
        &mut self,
        ctx: &egui::Context,
        id: crate::core::study::highlight::HighlightId,
        anchor: crate::core::study::anchor::Anchor,
    ) {
        self.edit(
            ctx,
            Edit::PlaceOrphan {
                highlight: id,
                anchor,
            },
            None,
        );
        self.view.select_highlight(Some(id));
    }

    /// Changes to the note set: each an edit through the study's history.
    fn apply_to_study(&mut self, ctx: &egui::Context, action: StudyAction) {
        match action {
            StudyAction::Edit { edit, coalesce } => self.edit(ctx, edit, coalesce),
            StudyAction::Highlight {
                range,
                exact,
                topics,
            } => self.highlight(ctx, range, exact, topics),
            StudyAction::CreateTopic(name) => {
                match Edit::create_topic(
                    self.study.set(),
                    &name,
                    next_color(self.study.set().topics()),
                ) {
                    Ok((edit, _)) => self.edit(ctx, edit, None),
                    Err(e) => self.notify(format!("Create topic: {e}.")),
                }
            }
            StudyAction::SetCitationTemplate(template) => {
                // The same template again is no change, and no step to undo.
                if template.as_deref() != self.study.set().citation_template(self.current_source())
                {
                    let edit = Edit::set_citation_template(
                        self.study.set(),
                        self.workspace.document(),
                        template,
                    );
                    let source = self.current_source();
                    self.edit(ctx, edit, Some(Coalesce::CitationTemplate(source)));
                }
            }
            StudyAction::PlaceOrphan { highlight, range } => {
                let anchor =
                    crate::core::study::anchor::Anchor::new(self.workspace.document(), range);
                self.place_orphan(ctx, highlight, anchor);
                if self.panels.reader.selection.map(|s| s.range()) == Some(range) {
                    self.panels.reader.selection = None;
                }
            }
            StudyAction::ConfirmProposal(id) => match self.study.set().proposal(id).cloned() {
                Some(anchor) => {
                    let at = anchor.start;
                    self.place_orphan(ctx, id, anchor);
                    self.panels.reader.scroll_to_in_context(at);
                }
                None => self.notify("That highlight has no proposed place any more.".into()),
            },
            StudyAction::TagHits { hits, topic } => self.tag_hits(ctx, &hits, topic),
            StudyAction::UseOtherVersion(i) => {
                // A stale index (the conflict already settled) does nothing.
                if let Some(conflict) = self.session.take_conflict(i) {
                    self.edit(ctx, session_panels::use_other(&conflict), None);
                }
            }
        }
    }

    /// What is open: the document shown, the study's documents, a file being read.
    fn apply_to_workspace(&mut self, ctx: &egui::Context, action: WorkspaceAction) {
        match action {
            WorkspaceAction::OpenPath(path) => self.open_document_file(ctx, path),
            WorkspaceAction::AddPaths(paths) => self.add_paths(ctx, &paths),
            WorkspaceAction::OpenVolumeDocument(index) => {
                if let Some(source) = self.workspace.in_open_volume(index) {
                    self.open_source(source);
                }
            }
            WorkspaceAction::OpenDoc(doc) => {
                self.open_doc(&doc);
            }
            WorkspaceAction::OpenDocAt(doc, range) => {
                if self.open_doc(&doc) {
                    self.panels.reader.selection =
                        Some(crate::ui::panels::reader::Selection::of(range));
                    self.panels.reader.scroll_to_in_context(range.start);
                    if let Some(block) = self.workspace.document().block_index_at(range.start) {
                        self.view.unfold_block(block);
                    }
                }
            }
            WorkspaceAction::AskRemoveSource(id) => self.view.ask_remove_source(Some(id)),
            WorkspaceAction::RemoveSource(id) => self.remove_source(ctx, id),
            WorkspaceAction::CancelLoading => {
                if let Some(loading) = self.runtime.loading.take() {
                    loading.progress.cancel();
                    self.notify(format!("Stopped opening {}.", loading.name));
                    self.runtime.abandoned.push(loading);
                }
            }
        }
    }

    /// The set's file: open, save, merge, title, recovery, and the questions about them.
    fn apply_to_session(&mut self, ctx: &egui::Context, action: SessionAction) {
        match action {
            SessionAction::OpenNoteSet(path) => {
                self.after_prompt(ctx, session::Pending::OpenSet(path))
            }
            SessionAction::OpenNoteSetHere(path) => self.open_note_set(ctx, &path, true),
            SessionAction::OpenSetWithHintedDocument(answer) => {
                self.open_with_hinted_document(ctx, answer)
            }
            SessionAction::MergeNoteSet(path) => self.merge_note_set(ctx, &path),
            SessionAction::SetNoteSetTitle(title) => {
                if self.session.set_title(title) {
                    // The file changes, no highlight does: laid-out text stays.
                    self.session.record_change(ctx.input(|i| i.time));
                }
            }
            SessionAction::SaveAsNew => {
                let path = self.session.suggested_path();
                self.save_to(ctx, &path);
            }
            SessionAction::SaveNamed(title) => self.save_named(ctx, title),
            SessionAction::CancelNaming => self.session.set_naming(false),
            SessionAction::RefreshNoteSets => self.listing_changed(),
            SessionAction::SetSavesFolder(folder) => {
                self.prefs.saves_dir = Some(folder.to_string_lossy().into_owned());
                self.session.set_saves_dir(folder);
                self.listing_changed();
            }
            SessionAction::Prompt(choice) => self.answer_prompt(ctx, choice),
            SessionAction::RestoreRecovery => self.restore_recovery(),
            SessionAction::DiscardRecovery => self.discard_offered_recovery(),
            SessionAction::DismissConflict(i) => {
                // A stale index (the conflict already settled) does nothing.
                self.session.take_conflict(i);
            }
            SessionAction::DiskConflict(choice) => self.resolve_disk_conflict(ctx, choice),
        }
    }

    /// What concerns several parts at once: the selected highlight, exports, charts,
    /// notices, the theme.
    fn apply_to_window(&mut self, ctx: &egui::Context, action: WindowAction) {
        match action {
            WindowAction::SelectHighlight(id) => {
                if id != self.view.selected_highlight() {
                    self.study.seal();
                }
                self.view.select_highlight(id);
                if id.is_some() {
                    self.view.show_side_tab(SideTab::Highlights);
                }
            }
            WindowAction::GoToHighlight(id) => self.go_to_passage(id),
            WindowAction::Notify(text) => self.notify(text),
            WindowAction::OpenTagAll { query, in_study } => {
                self.panels.tag_all.show(&query, in_study)
            }
            WindowAction::SaveChartCsv { name, csv } => self.save_chart_csv(ctx, &name, &csv),
            WindowAction::SaveChartPng { name, rect } => self.save_chart_png(ctx, &name, rect),
            WindowAction::ShowPassagesOf {
                topic,
                sources,
                label,
            } => {
                if let Some(topic) = topic {
                    self.view.filter_to(topic);
                }
                self.panels.passages.only = Some((sources, label));
                self.view.show_side_tab(SideTab::Passages);
                self.overview_off_the_passages(ctx);
            }
            WindowAction::ExportNow => self.export_now(ctx),
            WindowAction::ExportReplace => {
                self.panels.export.replace_ok = self.panels.export.asking.take();
                self.export_now(ctx);
            }
            WindowAction::ChooseExportFile => {
                let target = self.panels.export.target();
                if self.runtime.dialog.is_none() {
                    self.runtime.dialog = Some(PendingDialog::show(
                        ctx,
                        DialogPurpose::ExportTo(self.panels.export.format),
                        target.parent().map(PathBuf::from),
                        target.file_name().map(|n| n.to_string_lossy().into_owned()),
                    ));
                }
            }
            #[cfg(debug_assertions)]
            WindowAction::DebugPanic => self.runtime.panic_requested = true,
            WindowAction::ShowFootnote(number) => {
                self.prefs.show_outline = true;
                self.panels.outline.show_footnote(number);
            }
            WindowAction::SetTheme(theme) => self.prefs.theme = theme,
        }
    }

    pub(super) fn run(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::OpenDocument => {
                let folder = self
                    .workspace
                    .document()
                    .source_path()
                    .parent()
                    .map(PathBuf::from);
                self.show_dialog(ctx, DialogPurpose::OpenDocument, folder);
            }
            Command::NewNoteSet => self.after_prompt(ctx, session::Pending::NewSet),
            Command::OpenNoteSet => self.show_dialog(
                ctx,
                DialogPurpose::OpenNoteSet,
                Some(self.session.saves_dir().to_path_buf()),
            ),
            Command::MergeNoteSet => self.show_dialog(
                ctx,
                DialogPurpose::MergeNoteSet,
                Some(self.session.saves_dir().to_path_buf()),
            ),
            Command::Save => self.save(ctx),
            Command::ExportHighlights => {
                // Named after the set itself, not after the next free name for a set.
                let stem = self.session.file_stem();
                let folder = self.session.saves_dir().to_path_buf();
                self.panels
                    .export
                    .show(&folder, &stem, self.view.filter().is_active());
            }
            Command::CopyWithCitation => self.copy_with_citation(ctx),
            Command::SaveAs => self.save_as(ctx),
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Copy => {
                if let Some(text) =
                    selected_text(self.workspace.document(), self.panels.reader.selection)
                {
                    let count = text.chars().count();
                    ctx.copy_text(text);
                    self.say(ctx, format!("Copied {} characters", grouped(count)));
                }
            }
            Command::SelectAll => {
                self.panels.reader.selection = Some(crate::ui::panels::reader::Selection::of(
                    self.workspace.document().full_range(),
                ));
            }
            Command::ClearSelection => self.escape(ctx),
            Command::Undo | Command::Redo => self.undo_or_redo(ctx, command),
            Command::Highlight => self.highlight_selection(ctx, Vec::new()),
            Command::DeleteHighlight => {
                if let Some(id) = self.view.selected_highlight() {
                    self.edit(ctx, Edit::RemoveHighlight(id), None);
                }
            }
            Command::ApplyTopic(n) => self.apply_topic(ctx, n),
            Command::Find => self.panels.search.open(),
            Command::FindInStudy => self.panels.study_search.show(),
            Command::Overview => self.panels.overview.open = !self.panels.overview.open,
            Command::ShowPassages => self.view.show_side_tab(SideTab::Passages),
            Command::Back => self.step_history(false),
            Command::Forward => self.step_history(true),
            Command::ShortcutsHelp => self.view.set_show_shortcuts(!self.view.shows_shortcuts()),
            Command::FontLarger => self.prefs.step_font_size(1.0),
            Command::FontSmaller => self.prefs.step_font_size(-1.0),
            Command::FontReset => self.prefs.font_size = DEFAULT_FONT_SIZE,
            Command::ToggleOutline => self.prefs.show_outline = !self.prefs.show_outline,
        }
    }
    /// Copies the selection (snapped to whole words unless Alt is held) with its
    /// citation.
    fn copy_with_citation(&mut self, ctx: &egui::Context) {
        if let Some(selection) = self
            .panels
            .reader
            .selection
            .filter(|s| !s.range().is_empty())
        {
            // Whole words, as a highlight would take them (Alt keeps the exact range).
            let range = if ctx.input(|i| i.modifiers.alt) {
                selection.range()
            } else {
                snap_to_words(self.workspace.document(), selection.range())
            };
            let quote = self.workspace.document().slice(range).to_string();
            let template = crate::core::study::citation::template_of(
                self.study.set(),
                self.current_source(),
                self.workspace.document(),
            );
            let citation =
                crate::core::study::citation::cite(self.workspace.document(), template, range);
            ctx.copy_text(format!("“{quote}” ({citation})"));
            self.say(ctx, "Copied with citation".into());
        }
    }

    /// Escape closes what is on top first: the naming prompt, the export window, the
    /// shortcuts, the find bar; then the selection, then the selected highlight.
    fn escape(&mut self, ctx: &egui::Context) {
        if self.session.is_naming() {
            self.session.set_naming(false);
            session_panels::forget_naming(ctx);
        } else if self.panels.export.open {
            self.panels.export.open = false;
        } else if self.view.shows_shortcuts() {
            self.view.set_show_shortcuts(false);
        } else if self.panels.search.open {
            // The hit stays selected, for H.
            self.panels.search.close();
        } else if self.panels.reader.selection.is_some() {
            self.panels.reader.selection = None;
        } else {
            self.view.select_highlight(None);
        }
    }

    /// Undo or Redo (`command`), saying what was undone or why it could not be.
    fn undo_or_redo(&mut self, ctx: &egui::Context, command: Command) {
        let result = if command == Command::Undo {
            self.study.undo()
        } else {
            self.study.redo()
        };
        match result {
            Ok(Some(label)) => {
                self.changed();
                self.session.record_change(ctx.input(|i| i.time));
                let verb = if command == Command::Undo {
                    "Undid"
                } else {
                    "Redid"
                };
                self.say(ctx, format!("{verb}: {label}"));
            }
            Ok(None) => {}
            Err(e) => self.notify(format!(
                "Could not {}: {e}.",
                command.label().to_lowercase()
            )),
        }
    }
}
