//! The application: one document in a window, with its outline, reader and status bar.
//! Panels return actions; [`MarginaliaApp::apply`] carries them out after drawing.

use crate::core::document::Document;
use crate::ui::action::{Action, Command};
use crate::ui::dialogs::{DialogOutcome, PendingDialog};
use crate::ui::fonts;
use crate::ui::outline::{OutlineState, outline_ui};
use crate::ui::prefs::{DEFAULT_FONT_SIZE, Preferences, STORAGE_KEY, ThemeChoice};
use crate::ui::reader::{ReaderState, ReaderStyle, reader_ui, selected_text};
use crate::ui::screenshot::{ScreenshotJob, ScreenshotResult};
use egui::{Event, Key, RichText, Ui};
use std::path::PathBuf;

/// How long a footnote call stays marked after jumping to it, in seconds.
const FLASH_SECONDS: f64 = 1.6;
/// How long a confirmation stays in the status bar, in seconds.
const STATUS_SECONDS: f64 = 3.0;

/// What the app starts with.
pub struct AppOptions {
    /// The document to show.
    pub document: Document,
    /// Messages to show at once (e.g. why the requested document did not open).
    pub notices: Vec<String>,
    /// Take a screenshot into this file, then close.
    pub screenshot: Option<(PathBuf, ScreenshotResult)>,
    /// Where the reader opens.
    pub start_at: Option<StartAt>,
}

/// A place to open the document at, from the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartAt {
    /// The beginning of a printed page.
    Page(u32),
    /// The place where the text calls a footnote.
    Footnote(u32),
}

impl StartAt {
    /// The action that goes there in `doc`, or a message saying why it cannot.
    fn action(self, doc: &Document) -> Result<Action, String> {
        match self {
            StartAt::Page(page) => doc
                .pages()
                .iter()
                .find(|p| p.page == page)
                .map(|p| Action::ScrollTo(p.offset))
                .ok_or_else(|| match (doc.pages().first(), doc.pages().last()) {
                    (Some(first), Some(last)) => format!(
                        "Page {page} is not in this document; it has pages {}–{}.",
                        first.page, last.page
                    ),
                    _ => format!("Page {page} cannot be shown: this document has no page markers."),
                }),
            StartAt::Footnote(number) => doc
                .footnote_refs()
                .iter()
                .any(|r| r.number == number)
                .then_some(Action::GoToFootnoteCall(number))
                .ok_or_else(|| format!("The text does not call a footnote {number}.")),
        }
    }
}

impl AppOptions {
    /// The bundled letter, nothing else.
    pub fn seed() -> Self {
        Self {
            document: Document::seed(),
            notices: Vec::new(),
            screenshot: None,
            start_at: None,
        }
    }
}

/// A message in the window, dismissed by the user.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
}

/// The Marginalia window.
pub struct MarginaliaApp {
    pub document: Document,
    pub reader: ReaderState,
    pub outline: OutlineState,
    pub prefs: Preferences,
    pub notices: Vec<Notice>,
    /// A passing confirmation in the status bar ("Copied 19 characters") and when it goes.
    pub status: Option<(String, f64)>,
    dialog: Option<PendingDialog>,
    screenshot: Option<ScreenshotJob>,
    shown_title: Option<String>,
    shown_theme: Option<ThemeChoice>,
    /// Actions to apply on the first frame (a start position from the command line).
    queued: Vec<Action>,
}

impl MarginaliaApp {
    /// Sets up fonts and preferences and opens the starting document.
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        fonts::install(&cc.egui_ctx);
        // Ctrl+= / Ctrl+- / Ctrl+0 size the reading text, not the whole interface.
        cc.egui_ctx.options_mut(|o| o.zoom_with_keyboard = false);
        // A screenshot shows the defaults, whatever this machine's user prefers.
        let prefs = match options.screenshot {
            Some(_) => Preferences::default(),
            None => Preferences::load(cc.storage),
        };
        let mut notices: Vec<Notice> = (options.notices.into_iter())
            .map(|text| Notice { text })
            .collect();
        let mut queued = Vec::new();
        match options.start_at.map(|at| at.action(&options.document)) {
            Some(Ok(action)) => queued.push(action),
            Some(Err(text)) => notices.push(Notice { text }),
            None => {}
        }
        Self {
            document: options.document,
            reader: ReaderState::default(),
            outline: OutlineState::default(),
            prefs,
            notices,
            status: None,
            dialog: None,
            screenshot: options
                .screenshot
                .map(|(path, result)| ScreenshotJob::new(path, result)),
            shown_title: None,
            shown_theme: None,
            queued,
        }
    }

    /// Replaces the open document.
    pub fn open_document(&mut self, document: Document) {
        self.document = document;
        self.reader.reset();
        self.outline = OutlineState::default();
    }

    /// Carries out one action.
    pub fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Run(command) => self.run(ctx, command),
            Action::OpenPath(path) => match Document::open(&path) {
                Ok(doc) => self.open_document(doc),
                Err(e) => self.notify(e.to_string()),
            },
            Action::ScrollTo(offset) => self.reader.scroll_to(offset),
            Action::ShowFootnote(number) => {
                self.prefs.show_outline = true;
                self.outline.show_footnote(number);
            }
            Action::GoToFootnoteCall(number) => {
                self.outline.selected_footnote = Some(number);
                if let Some(call) = self
                    .document
                    .footnote_refs()
                    .iter()
                    .find(|r| r.number == number)
                {
                    self.reader.scroll_to_in_context(call.offset);
                    let until = ctx.input(|i| i.time) + FLASH_SECONDS;
                    self.reader.flash = Some((call.offset, until));
                }
            }
            Action::SetTheme(theme) => self.prefs.theme = theme,
            Action::DismissNotice(index) => {
                if index < self.notices.len() {
                    self.notices.remove(index);
                }
            }
        }
    }

    fn run(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::OpenDocument => {
                if self.dialog.is_none() {
                    let folder = self.document.source_path().parent().map(PathBuf::from);
                    self.dialog = Some(PendingDialog::open_document(ctx, folder));
                }
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Copy => {
                if let Some(text) = selected_text(&self.document, self.reader.selection) {
                    let count = text.chars().count();
                    ctx.copy_text(text);
                    let until = ctx.input(|i| i.time) + STATUS_SECONDS;
                    self.status = Some((format!("Copied {} characters", grouped(count)), until));
                }
            }
            Command::SelectAll => {
                self.reader.selection =
                    Some(crate::ui::reader::Selection::of(self.document.full_range()));
            }
            Command::ClearSelection => self.reader.selection = None,
            Command::FontLarger => self.prefs.step_font_size(1.0),
            Command::FontSmaller => self.prefs.step_font_size(-1.0),
            Command::FontReset => self.prefs.font_size = DEFAULT_FONT_SIZE,
            Command::ToggleOutline => self.prefs.show_outline = !self.prefs.show_outline,
        }
    }

    fn notify(&mut self, text: String) {
        self.notices.push(Notice { text });
    }

    /// Keyboard shortcuts, dropped files and the copy event, as actions.
    fn input_actions(&self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        let typing = ctx.egui_wants_keyboard_input();
        ctx.input_mut(|input| {
            for command in Command::WITH_SHORTCUTS {
                // While a text field has focus, editing keys belong to it.
                let editing_key = matches!(
                    command,
                    Command::SelectAll | Command::ClearSelection
                );
                if typing && editing_key {
                    continue;
                }
                let shortcuts = command.shortcut().into_iter().chain(command.extra_shortcuts().iter().copied());
                if shortcuts.into_iter().any(|s| input.consume_shortcut(&s)) {
                    actions.push(Action::Run(command));
                }
            }
            let copy = input.events.iter().any(|e| {
                matches!(e, Event::Copy)
                    || matches!(e, Event::Key { key: Key::C, pressed: true, modifiers, .. } if modifiers.command)
            });
            if copy && !typing {
                actions.push(Action::Run(Command::Copy));
            }
            for file in &input.raw.dropped_files {
                let path = file.path();
                if !path.as_os_str().is_empty() {
                    actions.push(Action::OpenPath(path.to_path_buf()));
                }
            }
        });
        actions
    }

    fn poll_dialog(&mut self) {
        let Some(outcome) = self.dialog.as_ref().and_then(PendingDialog::poll) else {
            return;
        };
        self.dialog = None;
        match outcome {
            DialogOutcome::Cancelled => {}
            DialogOutcome::Unavailable => self.notify(
                "No file dialog is available on this system. Open a document from the command line instead: marginalia PATH".into(),
            ),
            DialogOutcome::Opened(doc) => self.open_document(*doc),
            DialogOutcome::Failed(message) => self.notify(message),
        }
    }

    fn menu_ui(&self, ui: &mut Ui) -> Vec<Action> {
        let mut commands = Vec::new();
        let mut theme = None;
        let mut toggle_outline = false;
        let mut item = |ui: &mut Ui, command: Command, enabled: bool| {
            if command_item_ui(ui, command, enabled) {
                commands.push(command);
            }
        };
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                item(ui, Command::OpenDocument, self.dialog.is_none());
                ui.separator();
                item(ui, Command::Quit, true);
            });
            ui.menu_button("Edit", |ui| {
                item(ui, Command::Copy, self.reader.selection.is_some());
                item(ui, Command::SelectAll, true);
                item(ui, Command::ClearSelection, self.reader.selection.is_some());
            });
            ui.menu_button("View", |ui| {
                ui.label(RichText::new("Theme").weak());
                for choice in [ThemeChoice::Light, ThemeChoice::Dark, ThemeChoice::System] {
                    if ui
                        .radio(self.prefs.theme == choice, choice.label())
                        .clicked()
                    {
                        theme = Some(choice);
                    }
                }
                ui.separator();
                item(ui, Command::FontLarger, true);
                item(ui, Command::FontSmaller, true);
                item(ui, Command::FontReset, true);
                ui.separator();
                let mut shown = self.prefs.show_outline;
                toggle_outline = ui
                    .checkbox(&mut shown, Command::ToggleOutline.label())
                    .clicked();
            });
        });
        let mut actions: Vec<Action> = commands.into_iter().map(Action::Run).collect();
        actions.extend(theme.map(Action::SetTheme));
        if toggle_outline {
            actions.push(Action::Run(Command::ToggleOutline));
        }
        actions
    }

    fn status_ui(&self, ui: &mut Ui) {
        let doc = &self.document;
        ui.horizontal(|ui| {
            match doc.page_at(self.reader.top_offset) {
                Some(page) => ui.label(format!("Page {page}")),
                None => ui.label("No page numbers"),
            };
            ui.separator();
            let info = doc.info();
            let name = match info.number {
                Some(n) => format!("Document {n}"),
                None => info.title.clone(),
            };
            ui.label(name).on_hover_text(&info.source);
            if let Some(selection) = self.reader.selection {
                ui.separator();
                let range = selection.range();
                let pages = match (doc.page_at(range.start), doc.page_at(range.end)) {
                    (Some(a), Some(b)) if a != b => format!(", pp. {a}–{b}"),
                    (Some(a), _) => format!(", p. {a}"),
                    _ => String::new(),
                };
                ui.label(format!(
                    "{} characters selected{pages}",
                    grouped(range.len())
                ));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(RichText::new(format!("{:.0} pt", self.prefs.font_size)).weak());
                if let Some((message, _)) = &self.status {
                    ui.separator();
                    ui.label(message);
                }
            });
        });
    }

    fn notices_ui(&self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        for (i, notice) in self.notices.iter().enumerate() {
            egui::Frame::new()
                .fill(ui.visuals().error_fg_color.gamma_multiply(0.12))
                .stroke(egui::Stroke::new(1.0, ui.visuals().error_fg_color))
                .corner_radius(4.0)
                .inner_margin(8.0)
                .outer_margin(egui::Margin::symmetric(8, 4))
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        if ui.button("Dismiss").clicked() {
                            actions.push(Action::DismissNotice(i));
                        }
                        ui.add(
                            egui::Label::new(
                                RichText::new(&notice.text).color(ui.visuals().error_fg_color),
                            )
                            .wrap(),
                        );
                    });
                });
        }
        actions
    }

    fn sync_window(&mut self, ctx: &egui::Context) {
        let info = self.document.info();
        let title = match info.number {
            Some(n) => format!("{n}. {} — Marginalia", info.title),
            None => format!("{} — Marginalia", info.title),
        };
        if self.shown_title.as_ref() != Some(&title) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = Some(title);
        }
        if self.shown_theme != Some(self.prefs.theme) {
            ctx.set_theme(self.prefs.theme.to_egui());
            self.shown_theme = Some(self.prefs.theme);
        }
    }
}

/// `8681` → `8,681`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A menu entry for `command`, with its shortcut; true when clicked.
fn command_item_ui(ui: &mut Ui, command: Command, enabled: bool) -> bool {
    let mut button = egui::Button::new(command.label());
    if let Some(shortcut) = command.shortcut() {
        // egui spells some keys as words ("Ctrl+Equals"); menus show the symbol.
        let text = ui
            .ctx()
            .format_shortcut(&shortcut)
            .replace("Equals", "=")
            .replace("Minus", "-")
            .replace("Plus", "+");
        button = button.shortcut_text(text);
    }
    let clicked = ui.add_enabled(enabled, button).clicked();
    if clicked {
        ui.close();
    }
    clicked
}

impl eframe::App for MarginaliaApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.sync_window(&ctx);
        self.poll_dialog();
        let mut actions = std::mem::take(&mut self.queued);
        actions.extend(self.input_actions(&ctx));

        egui::Panel::top("menu").show(ui, |ui| actions.extend(self.menu_ui(ui)));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if self.prefs.show_outline {
            let page = self.document.page_at(self.reader.top_offset);
            egui::Panel::left("outline")
                .resizable(true)
                .default_size(280.0)
                .min_size(160.0)
                .show(ui, |ui| {
                    actions.extend(outline_ui(ui, &self.document, &mut self.outline, page));
                });
        }
        let style = ReaderStyle::new(ui, self.prefs.font_size);
        egui::CentralPanel::default()
            .frame(egui::Frame::central_panel(ui.style()).inner_margin(0))
            .show(ui, |ui| {
                actions.extend(self.notices_ui(ui));
                actions.extend(reader_ui(ui, &self.document, &mut self.reader, &style));
            });

        for action in actions {
            self.apply(&ctx, action);
        }
        if let Some(job) = self.screenshot.as_mut() {
            job.on_frame(&ctx);
        }
        let now = ctx.input(|i| i.time);
        if self.status.as_ref().is_some_and(|(_, until)| now > *until) {
            self.status = None;
        }
        if self.reader.flash.is_some() || self.status.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.screenshot.is_none() {
            eframe::set_value(storage, STORAGE_KEY, &self.prefs);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(8681), "8,681");
        assert_eq!(grouped(1234567), "1,234,567");
    }

    #[test]
    fn start_positions_resolve_or_explain() {
        let doc = Document::seed();
        assert_eq!(
            StartAt::Page(287).action(&doc),
            Ok(Action::ScrollTo(doc.pages()[1].offset))
        );
        assert_eq!(
            StartAt::Footnote(3).action(&doc),
            Ok(Action::GoToFootnoteCall(3))
        );
        let err = StartAt::Page(12).action(&doc).unwrap_err();
        assert!(err.contains("286–288"), "{err}");
        assert!(StartAt::Footnote(9).action(&doc).is_err());
    }
}
