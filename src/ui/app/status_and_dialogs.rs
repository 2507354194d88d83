//! Around the text: the status bar, notices, background opens, file dialogs, the export
//! written, and the window's title and theme.

use super::{LeftTab, MarginaliaApp, Notice, NoticeKind, loading, session};
use crate::core::document::Document;
use crate::core::numbers::grouped;
use crate::core::progress::Progress;
use crate::core::source::open_source;
use crate::core::text::CharRange;
use crate::ui::action::{Action, ViewAction, WorkspaceAction};
use crate::ui::system::dialogs::{DialogOutcome, DialogPurpose, PendingDialog};
use egui::{RichText, Ui};
use std::path::PathBuf;

impl MarginaliaApp {
    pub(super) fn notify(&mut self, text: String) {
        self.view.notify(Notice::problem(text));
    }

    /// Shows a notice that is not a problem: information, or a success.
    pub(super) fn inform(&mut self, text: String, kind: NoticeKind) {
        self.view.notify(Notice { text, kind });
    }

    /// Opens the document at `path` (a large one on a worker thread), asking first if the
    /// note set has unsaved changes.
    pub(super) fn open_document_file(&mut self, ctx: &egui::Context, path: PathBuf) {
        if loading::is_large(&path) {
            self.runtime.loading = Some(loading::Loading::document(ctx, path));
            return;
        }
        match open_source(&path, None, &Progress::default()) {
            Ok(source) => self.open_source(source),
            Err(e) => self.notify(e.to_string()),
        }
    }

    /// Opens still working on a worker thread, cancelled ones included.
    pub fn opens_in_progress(&self) -> usize {
        usize::from(self.runtime.loading.is_some())
            + self
                .runtime
                .abandoned
                .iter()
                .filter(|l| !l.is_finished())
                .count()
    }

    /// Takes in what a background open produced.
    pub(super) fn poll_loading(&mut self) {
        self.runtime.abandoned.retain(|l| !l.is_finished());
        let Some(loaded) = self
            .runtime
            .loading
            .as_ref()
            .and_then(loading::Loading::poll)
        else {
            return;
        };
        self.runtime.loading = None;
        match loaded {
            loading::Loaded::Document(Ok(doc)) => self.open_source(*doc),
            loading::Loaded::NoteSet(Ok(prepared)) => self.show_note_set(*prepared),
            loading::Loaded::NoteSet(Err(error)) => self.set_not_opened(error),
            loading::Loaded::Document(Err(error)) => self.notify(error.to_string()),
        }
    }

    /// "Opening …" with its stage, a progress bar (a spinner while the length of the stage
    /// is unknown) and Cancel, while a large file opens.
    pub(super) fn loading_ui(&self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        if let Some(loading) = &self.runtime.loading {
            let (stage, fraction) = loading.progress.snapshot();
            // The worker only says when it is done: look at its progress a few times a second.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
            egui::Frame::new()
                .inner_margin(egui::Margin::symmetric(8, 4))
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(format!("Opening {}…", loading.name));
                        match fraction {
                            Some(f) => {
                                ui.add(
                                    egui::ProgressBar::new(f)
                                        .desired_width(220.0)
                                        .text(format!("{stage} {:.0} %", f * 100.0)),
                                );
                            }
                            None => {
                                ui.spinner();
                                ui.label(egui::RichText::new(stage).weak());
                            }
                        }
                        if ui.button("Cancel").clicked() {
                            actions.push(Action::Workspace(WorkspaceAction::CancelLoading));
                        }
                    });
                });
        }
        actions
    }

    /// Shows a file dialog, unless one is already open.
    pub(super) fn show_dialog(
        &mut self,
        ctx: &egui::Context,
        purpose: DialogPurpose,
        folder: Option<PathBuf>,
    ) {
        if self.runtime.dialog.is_none() {
            self.runtime.dialog = Some(PendingDialog::show(ctx, purpose, folder, None));
        }
    }

    pub(super) fn poll_dialog(&mut self, ctx: &egui::Context) {
        let Some((purpose, outcome)) = self
            .runtime
            .dialog
            .as_ref()
            .and_then(|d| d.poll().map(|o| (d.purpose, o)))
        else {
            return;
        };
        self.runtime.dialog = None;
        match outcome {
            DialogOutcome::Cancelled => {}
            DialogOutcome::Unavailable => {
                let fallback = match purpose {
                    DialogPurpose::OpenDocument => {
                        self.view.show_left_tab(LeftTab::Documents);
                        self.panels.sides.unfold = Some(crate::ui::widgets::panel_sizes::Side::Left);
                        self.prefs.show_outline = true;
                        self.panels.documents.focus = true;
                        "Type its path, or pick it, in the Documents tab on the left.".to_string()
                    }
                    DialogPurpose::OpenNoteSet | DialogPurpose::MergeNoteSet => {
                        "Use the Note sets tab on the left: it lists the note sets in the folder, to open or (right-click) merge.".to_string()
                    }
                    DialogPurpose::ExportTo(_) => "Type the file's path in the export window; by default it goes into the note-sets folder.".to_string(),
                    DialogPurpose::SaveNoteSetAs => {
                        // Asked in the window instead: a name, saved in the note-sets
                        // folder.
                        self.session.set_naming(true);
                        return;
                    }
                };
                self.inform(
                    format!("No file dialog is available on this system. {fallback}"),
                    NoticeKind::Info,
                );
            }
            DialogOutcome::Chosen(path) => match purpose {
                DialogPurpose::OpenDocument => self.open_document_file(ctx, path),
                DialogPurpose::OpenNoteSet => {
                    self.after_prompt(ctx, session::Pending::OpenSet(path))
                }
                DialogPurpose::MergeNoteSet => self.merge_note_set(ctx, &path),
                DialogPurpose::SaveNoteSetAs => {
                    let path = if path.extension().is_none() {
                        path.with_extension("ron")
                    } else {
                        path
                    };
                    self.save_to(ctx, &path);
                }
                DialogPurpose::ExportTo(format) => {
                    // The save dialog has asked about replacing the file it names; a name
                    // given without its extension gets one, and that file is asked about
                    // when the export is written.
                    if path.extension().is_none() {
                        let path = path.with_extension(format.extension());
                        self.panels.export.path = path.to_string_lossy().into_owned();
                    } else {
                        self.panels.export.path = path.to_string_lossy().into_owned();
                        self.panels.export.replace_ok = Some(path);
                    }
                }
            },
            DialogOutcome::Failed(message) => self.notify(message),
        }
    }

    pub(super) fn status_ui(&self, ui: &mut Ui) {
        let doc = self.workspace.document();
        // The right end first (text size, the last message), then the left part in what
        // is left, each piece cut short rather than run over the other.
        ui.horizontal(|ui| {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(RichText::new(format!("{:.0} pt", self.prefs.font_size)).weak());
                if let Some((message, _)) = self.view.status() {
                    ui.separator();
                    let room = (ui.available_width() * 0.4).max(80.0);
                    ui.allocate_ui_with_layout(
                        egui::vec2(room, ui.available_height()),
                        egui::Layout::right_to_left(egui::Align::Center),
                        |ui| ui.add(egui::Label::new(message.as_str()).truncate()),
                    );
                }
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    let piece =
                        |ui: &mut Ui, text: RichText| ui.add(egui::Label::new(text).truncate());
                    match doc.page_start_at(self.panels.reader.top_offset) {
                        Some(page) if page.in_file => {
                            piece(ui, RichText::new(format!("PDF page {}", page.page)))
                        }
                        Some(page) => piece(ui, RichText::new(format!("Page {}", page.label()))),
                        None => piece(ui, RichText::new("No page numbers")),
                    };
                    ui.separator();
                    let info = doc.info();
                    let name = match info.number {
                        Some(n) => format!("Document {n}"),
                        None => info.title.clone(),
                    };
                    piece(ui, RichText::new(name)).on_hover_text(&info.source);
                    // In a study of several documents: which one this is, and whether it is
                    // one.
                    let sources = self.study.set().sources().len();
                    let here = self.study.set().source_of(doc).is_some();
                    if sources > 1 || (sources == 1 && !here) {
                        ui.separator();
                        let text = if here {
                            format!(
                                "one of {} of the study",
                                crate::core::numbers::counted(sources, "document")
                            )
                        } else {
                            "not in the study yet".to_string()
                        };
                        piece(ui, RichText::new(text).weak()).on_hover_text(
                        "A document joins the study when you highlight in it or write its note.",
                    );
                    }
                    if let Some(selection) = self.panels.reader.selection {
                        ui.separator();
                        piece(ui, RichText::new(selection_label(doc, selection.range())));
                    }
                });
            });
        });
    }

    /// Notices, floating over the top of the text (they never push it down): problems in
    /// the error colour, information and successes in their own.
    pub(super) fn notices_ui(&self, ctx: &egui::Context, area: egui::Rect) -> Vec<Action> {
        let mut actions = Vec::new();
        if self.view.notices().is_empty() {
            return actions;
        }
        let width = (area.width() - 32.0).clamp(200.0, 640.0);
        egui::Area::new(egui::Id::unique("notices"))
            .order(egui::Order::Foreground)
            .fixed_pos(egui::pos2(area.center().x - width / 2.0, area.top() + 8.0))
            .show(ctx, |ui| {
                ui.set_width(width);
                for (i, notice) in self.view.notices().iter().enumerate() {
                    let visuals = ui.visuals();
                    let (accent, fill) = match notice.kind {
                        NoticeKind::Problem => (visuals.error_fg_color, visuals.error_fg_color),
                        NoticeKind::Info => (visuals.text_color(), visuals.hyperlink_color),
                        NoticeKind::Success => (
                            if visuals.dark_mode {
                                egui::Color32::from_rgb(120, 210, 140)
                            } else {
                                egui::Color32::from_rgb(20, 110, 50)
                            },
                            egui::Color32::from_rgb(40, 160, 80),
                        ),
                    };
                    egui::Frame::new()
                        .fill(visuals.window_fill)
                        .stroke(egui::Stroke::new(1.0, fill))
                        .shadow(visuals.popup_shadow)
                        .corner_radius(4.0)
                        .inner_margin(8.0)
                        .outer_margin(egui::Margin::symmetric(0, 3))
                        .show(ui, |ui| {
                            ui.set_width(width - 16.0);
                            ui.horizontal(|ui| {
                                if ui.button("Dismiss").clicked() {
                                    actions.push(Action::View(ViewAction::DismissNotice(i)));
                                }
                                ui.add(
                                    egui::Label::new(RichText::new(&notice.text).color(accent))
                                        .wrap(),
                                );
                            });
                        });
                }
            });
        actions
    }

    /// Writes the export the export window describes, and says where.
    pub(super) fn export_now(&mut self, ctx: &egui::Context) {
        use crate::core::export::{self, ExportInput};
        let only = self.panels.export.only_filtered && self.view.filter().is_active();
        let only_here: std::collections::BTreeSet<_> = [self.current_source()].into();
        let input = ExportInput {
            library: self.workspace.library(),
            set: self.study.set(),
            title: self.session.title(),
            filter: only.then_some(self.view.filter()),
            sources: self.panels.export.only_current.then_some(&only_here),
            grouping: self.panels.export.grouping,
            csv_bom: self.panels.export.csv_bom,
        };
        let count = input.highlights().len();
        let unplaced = input.unplaced().len();
        let path = self.panels.export.target();
        // Never over an existing file unless the user said so for this very file.
        if std::fs::symlink_metadata(&path).is_ok()
            && self.panels.export.replace_ok.as_deref() != Some(path.as_path())
        {
            self.panels.export.asking = Some(path);
            return;
        }
        let written = export::write_export(
            self.panels.export.format,
            &input,
            &path,
            self.session.path(),
        );
        match written {
            Ok(_) => {
                self.panels.export.open = false;
                self.say(
                    ctx,
                    format!(
                        "Exported {} to {}",
                        crate::core::numbers::counted(count, "highlight"),
                        path.display()
                    ),
                );
                if unplaced > 0 {
                    let how = if self.panels.export.format == export::Format::Qdpx {
                        "they are listed in the project's note “Not placed in this text”"
                    } else {
                        "they are in the export, marked as not placed"
                    };
                    self.notify(format!(
                        "{unplaced} highlight{} could not be placed in this text; {how}. Review them at the foot of the Highlights tab.",
                        if unplaced == 1 { "" } else { "s" }
                    ));
                }
            }
            Err(message) => self.notify(format!("Export failed: {message}.")),
        }
    }

    /// "● Title — 84. Letter From … — Marginalia": the note set (with a mark while it has
    /// unsaved changes), then the document.
    pub fn window_title(&self) -> String {
        let info = self.workspace.document().info();
        let document = match info.number {
            Some(n) => format!("{n}. {}", info.title),
            None => info.title.clone(),
        };
        let mark = if self.is_dirty() { "● " } else { "" };
        format!("{mark}{} — {document} — Marginalia", self.session.title())
    }

    pub(super) fn sync_window(&mut self, ctx: &egui::Context) {
        let title = self.window_title();
        if self.runtime.shown_title.as_ref() != Some(&title) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.runtime.shown_title = Some(title);
        }
        if self.runtime.shown_theme != Some(self.prefs.theme) {
            ctx.set_theme(self.prefs.theme.to_egui());
            self.runtime.shown_theme = Some(self.prefs.theme);
        }
        if self.runtime.shown_font_size != Some(self.prefs.font_size) {
            crate::ui::widgets::theme::apply(ctx, self.prefs.font_size);
            self.runtime.shown_font_size = Some(self.prefs.font_size);
        }
    }
}

/// The status bar's words for a selection: its length and the printed pages it covers,
/// cited as the exports cite them ("p. 287", "pp. 286–87").
pub(super) fn selection_label(doc: &Document, range: CharRange) -> String {
    let pages = crate::core::study::citation::pages_label(doc, range);
    let pages = if pages.is_empty() {
        pages
    } else {
        format!(", {pages}")
    };
    format!("{} characters selected{pages}", grouped(range.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::text::ByteOffset;

    #[test]
    fn the_status_bar_cites_a_selection_s_pages_as_the_exports_do() {
        let doc = Document::seed();
        let text = doc.text();
        // "will be [Page 287] considered": a selection ending just where p. 287 begins is on
        // p. 286 only; one across it is "pp. 286–87".
        let at = text.find("will be considered").expect("in the letter") + "will be ".len();
        let page_start = doc.char_of(ByteOffset(at));
        assert_eq!(doc.page_at(page_start), Some(287));
        let before = CharRange::new(page_start - 8, page_start);
        assert_eq!(
            selection_label(&doc, before),
            "8 characters selected, p. 286"
        );
        let across = CharRange::new(page_start - 8, page_start + 10);
        assert_eq!(
            selection_label(&doc, across),
            "18 characters selected, pp. 286–87"
        );
    }
}
