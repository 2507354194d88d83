//! The application: one document in a window, with its outline, reader and status bar.
//! Panels return actions; [`MarginaliaApp::apply`] carries them out after drawing.

use crate::core::document::Document;
use crate::core::source::Source;
use crate::core::study::Study;
use crate::core::study::anchor::snap_to_words;
use crate::core::study::edit::Edit;
use crate::core::study::history::Coalesce;
use crate::core::study::topic::TopicId;
use crate::core::time::Timestamp;
use crate::ui::action::{Action, SessionAction, ViewAction};
use crate::ui::system::dialogs::PendingDialog;
use crate::ui::system::prefs::{Preferences, STORAGE_KEY, ThemeChoice};
use crate::ui::system::screenshot::{ScreenshotJob, ScreenshotResult};
use crate::ui::widgets::fonts;
use egui::Ui;
use std::path::PathBuf;
use std::sync::Arc;

mod actions;
mod autosave;
mod commands;
mod documents;
mod frame;
mod loading;
mod panel_states;
mod session;
mod session_panels;
mod side_panel;
mod status_and_dialogs;
mod view;
mod workspace;

pub use crate::ui::action::{DiskChoice, MissingDocumentChoice, PromptChoice};
pub use commands::{shortcut_rows, shortcut_text};
pub use panel_states::{PanelStates, SidePanels};
pub use session::{Session, UNTITLED};
pub use view::View;
pub use workspace::{Jumps, Place, Workspace};

/// How long a footnote call stays marked after jumping to it, in seconds.
const FLASH_SECONDS: f64 = 1.6;
/// How long a confirmation stays in the status bar, in seconds.
const STATUS_SECONDS: f64 = 3.0;

/// What the app starts with.
pub struct AppOptions {
    /// The document to show.
    pub document: Document,
    /// The TEI volume `document` belongs to, when it came from one.
    pub volume: Option<Arc<crate::core::tei::Volume>>,
    /// Messages to show at once (e.g. why the requested document did not open).
    pub notices: Vec<String>,
    /// Take a screenshot into this file, then close.
    pub screenshot: Option<(PathBuf, ScreenshotResult)>,
    /// Where the reader opens.
    pub start_at: Option<StartAt>,
    /// A note set to open at start (its document is found from it).
    pub notes: Option<PathBuf>,
    /// The folder of note sets; `None`: the one chosen in the preferences, else `saves/`.
    pub saves_dir: Option<PathBuf>,
    /// Where unsaved work is autosaved; `None` turns autosave and recovery off.
    pub recovery_dir: Option<PathBuf>,
    /// Attach `notes` to `document` (named on the command line) rather than look for the
    /// note set's own document.
    pub notes_on_document: bool,
    /// Open the note set worked on last (the newest of the recent ones, with its
    /// documents), as when nothing was named on the command line.
    pub reopen_last: bool,
    /// These preferences instead of those kept by eframe (tests).
    pub preferences: Option<Preferences>,
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
                .arabic_page(page)
                .or_else(|| doc.pages().iter().find(|p| p.page == page))
                .map(|p| Action::View(ViewAction::ScrollTo(p.offset)))
                .ok_or_else(|| match (doc.pages().first(), doc.pages().last()) {
                    (Some(first), Some(last)) => format!(
                        "Page {page} is not in this document; it has pages {}–{}.",
                        first.label(),
                        last.label()
                    ),
                    _ => format!("Page {page} cannot be shown: this document has no page markers."),
                }),
            StartAt::Footnote(number) => doc
                .footnote_refs()
                .iter()
                .any(|r| r.number == number)
                .then_some(Action::View(ViewAction::GoToFootnoteCall(number)))
                .ok_or_else(|| format!("The text does not call a footnote {number}.")),
        }
    }
}

impl AppOptions {
    /// The bundled letter, nothing else.
    pub fn seed() -> Self {
        Self {
            document: Document::seed(),
            volume: None,
            notices: Vec::new(),
            screenshot: None,
            start_at: None,
            notes: None,
            saves_dir: None,
            recovery_dir: None,
            notes_on_document: false,
            reopen_last: false,
            preferences: None,
        }
    }
}

/// What to tell the historian when a document's notes and calls do not line up: which
/// notes have no call in the text.
pub fn unplaced_notes_notice(doc: &Document) -> Option<String> {
    let unplaced = doc.unplaced_footnotes();
    if unplaced.is_empty() {
        return None;
    }
    let list: Vec<String> = unplaced.iter().map(u32::to_string).collect();
    Some(format!(
        "Notes and calls do not line up in this document: no call was found in the text for note{} {}. \
         The notes are listed in the outline; check the source before citing them.",
        if list.len() == 1 { "" } else { "s" },
        list.join(", ")
    ))
}

/// What reading a PDF made of it, to say as the window shows it: what was taken out of
/// the text, pages without text, how pages are cited (the outline's reading notes, in one
/// notice). `None` for another kind of document, or a PDF read without remark.
pub fn pdf_reading_notice(doc: &Document) -> Option<Notice> {
    (doc.info().from_pdf && !doc.warnings().is_empty()).then(|| Notice {
        text: format!("Read from a PDF: {}.", doc.warnings().join("; ")),
        kind: NoticeKind::Info,
    })
}

/// A message in the window, dismissed by the user.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub kind: NoticeKind,
}

/// What a notice is about, which decides how it looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Something could not be done.
    Problem,
    /// Worth knowing (a set re-anchored, a fallback taken).
    Info,
    /// Done, as asked (saved where the dialog could not be shown).
    Success,
}

impl Notice {
    /// A problem the user should know about.
    pub fn problem(text: String) -> Self {
        Notice {
            text,
            kind: NoticeKind::Problem,
        }
    }
}

/// The tabs of the left-hand panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LeftTab {
    #[default]
    Outline,
    NoteSets,
    Documents,
}

/// The tabs of the right-hand panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SideTab {
    #[default]
    Highlights,
    Topics,
    DocumentNotes,
    /// Every passage of the study the filter shows, by document.
    Passages,
}

/// The Marginalia window: the open document, its note set, and everything on screen,
/// in parts that each own their state. Actions are applied after drawing, each to the
/// part it concerns (`actions.rs`).
pub struct MarginaliaApp {
    /// What is open: the document read, its volume, the study's texts, Back and
    /// Forward.
    workspace: Workspace,
    /// The reader's topics, highlights and notes on the study's documents, with their
    /// history.
    study: Study,
    /// The note set as a file: path, title, saved state, autosave.
    session: Session,
    /// What is on screen and how: the filter, the selected highlight, the tabs shown,
    /// notices.
    view: View,
    /// Each panel's state: the reader's place and selection, the search fields, the
    /// tool windows.
    panels: PanelStates,
    /// What the user chose for every document (theme, text size, recent files), kept in
    /// eframe's storage.
    prefs: Preferences,
    /// Work in flight and what the window last told the system: not saved anywhere.
    runtime: Runtime,
}

/// Work in flight and what the window last told the system.
struct Runtime {
    /// A large file being opened on a worker thread.
    loading: Option<loading::Loading>,
    /// Opens the user cancelled whose workers have not stopped yet: their results are
    /// dropped, never taken in.
    abandoned: Vec<loading::Loading>,
    dialog: Option<PendingDialog>,
    screenshot: Option<ScreenshotJob>,
    shown_title: Option<String>,
    shown_theme: Option<ThemeChoice>,
    /// The reading size the interface's text sizes were last set for.
    shown_font_size: Option<f32>,
    /// Actions to apply on the first frame (a start position from the command line).
    queued: Vec<Action>,
    /// Chart pictures written since the last frame: what to say of each.
    pictures: Arc<std::sync::Mutex<Vec<Result<String, String>>>>,
    /// Set by `Action::Window(WindowAction::DebugPanic)` (debug builds only): the next frame panics, to test
    /// what follows.
    #[cfg(debug_assertions)]
    panic_requested: bool,
}

impl Runtime {
    /// Nothing in flight yet; `queued` runs on the first frame, and `screenshot` is taken
    /// when asked for.
    fn new(screenshot: Option<ScreenshotJob>, queued: Vec<Action>) -> Self {
        Runtime {
            loading: None,
            abandoned: Vec::new(),
            dialog: None,
            screenshot,
            shown_title: None,
            shown_theme: None,
            shown_font_size: None,
            queued,
            pictures: Default::default(),
            #[cfg(debug_assertions)]
            panic_requested: false,
        }
    }
}

impl MarginaliaApp {
    /// Sets up fonts and preferences and opens the starting document.
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        fonts::install(&cc.egui_ctx);
        // Ctrl+= / Ctrl+- / Ctrl+0 size the reading text, not the whole interface.
        cc.egui_ctx.options_mut(|o| o.zoom_with_keyboard = false);
        // A screenshot shows the defaults, whatever this machine's user prefers.
        let (prefs, prefs_problem) = match (options.screenshot.as_ref(), options.preferences) {
            (_, Some(given)) => (given, None),
            (Some(_), None) => (Preferences::default(), None),
            (None, None) => Preferences::load(cc.storage),
        };
        let mut notices: Vec<Notice> = (options.notices.into_iter()).map(Notice::problem).collect();
        notices.extend(prefs_problem.map(|text| Notice {
            text,
            kind: NoticeKind::Info,
        }));
        let mut queued = Vec::new();
        if let Some(path) = &options.notes {
            queued.push(if options.notes_on_document {
                Action::Session(SessionAction::OpenNoteSetHere(path.clone()))
            } else {
                Action::Session(SessionAction::OpenNoteSet(path.clone()))
            });
        }
        // The set worked on last, when it is still there (a set since moved or deleted
        // is simply not reopened: the File menu's recent list says where it was).
        let last = (prefs.recent.first())
            .map(PathBuf::from)
            .filter(|p| options.reopen_last && options.notes.is_none() && p.is_file());
        if let Some(path) = last {
            queued.push(Action::Session(SessionAction::OpenNoteSet(path)));
        }
        match options.start_at.map(|at| at.action(&options.document)) {
            Some(Ok(action)) => queued.push(action),
            Some(Err(text)) => notices.push(Notice::problem(text)),
            None => {}
        }
        let block_count = options.document.blocks().len();
        let mut app = Self {
            workspace: Workspace::new(options.document, options.volume),
            study: Study::default(),
            session: Session::new(
                options
                    .saves_dir
                    .or_else(|| prefs.saves_dir.as_ref().map(PathBuf::from))
                    .unwrap_or_else(|| PathBuf::from("saves")),
                options.recovery_dir,
            ),
            view: View::new(block_count, notices),
            panels: PanelStates::new(),
            prefs,
            runtime: Runtime::new(
                options
                    .screenshot
                    .map(|(path, result)| ScreenshotJob::new(path, result)),
                queued,
            ),
        };
        if let Some(text) = unplaced_notes_notice(app.workspace.document()) {
            app.view.notify(Notice::problem(text));
        }
        if let Some(notice) = pdf_reading_notice(app.workspace.document()) {
            app.view.notify(notice);
        }
        if app.workspace.volume().is_some() {
            app.view.show_left_tab(LeftTab::Documents);
            app.panels.navigator.reveal = true;
        }
        app.look_for_recovery();
        app
    }

    /// Replaces the open document (a text document: no volume).
    pub fn open_document(&mut self, document: Document) {
        self.open_source(Source::Text(document));
    }

    /// Shows a text document or a volume's document. The study stays: a document
    /// becomes one of its sources when something is added to it.
    pub fn open_source(&mut self, source: Source) {
        let shown = self
            .workspace
            .show(source, self.panels.reader.top_line_start);
        self.after_switch(shown);
    }

    /// The view follows a switch to another document (`shown`: what the switch changed).
    fn after_switch(&mut self, shown: workspace::Shown) {
        if shown.new_volume {
            // A volume is a list of documents: show it.
            self.view.show_left_tab(LeftTab::Documents);
        }
        if let Some(text) = unplaced_notes_notice(self.workspace.document()) {
            self.view.notify(Notice::problem(text));
        }
        if let Some(notice) = pdf_reading_notice(self.workspace.document())
            && !self.view.notices().contains(&notice)
        {
            self.view.notify(notice);
        }
        self.panels.show_document(shown.left_at);
        self.view.forget_document();
        self.sync_library();
    }

    /// Applies an edit to the note set through the undo history; a refused edit is
    /// reported and changes nothing.
    fn edit(&mut self, ctx: &egui::Context, edit: Edit, coalesce: Option<Coalesce>) {
        let now = ctx.input(|i| i.time);
        let label = edit.label().to_string();
        match self.study.apply(edit, coalesce, now) {
            Ok(()) => {
                self.changed();
                self.sync_library();
                self.session.record_change(now);
            }
            Err(e) => self.notify(format!("{label}: {e}.")),
        }
    }

    /// After any change to the note set: drop what no longer exists.
    fn changed(&mut self) {
        if self
            .view
            .selected_highlight()
            .is_some_and(|id| self.study.set().highlight(id).is_none())
        {
            self.view.select_highlight(None);
        }
    }

    /// Highlights the reader's selection (snapped to whole words unless Alt is held): the
    /// H key, a topic's number key.
    fn highlight_selection(&mut self, ctx: &egui::Context, topics: Vec<TopicId>) {
        let Some(selection) = self.panels.reader.selection else {
            self.notify("Select some text first, then highlight it.".into());
            return;
        };
        let exact = ctx.input(|i| i.modifiers.alt);
        self.highlight(ctx, selection.range(), exact, topics);
    }

    /// Highlights `range` (widened to whole words unless `exact`) with `topics`, and
    /// selects the highlight; the selection it was made from goes.
    fn highlight(
        &mut self,
        ctx: &egui::Context,
        range: crate::core::text::CharRange,
        exact: bool,
        topics: Vec<TopicId>,
    ) {
        let range = if exact {
            range
        } else {
            snap_to_words(self.workspace.document(), range)
        };
        // The same passage highlighted again is the same highlight: it is selected, and
        // given the topics asked for, rather than doubled.
        let existing = self
            .study
            .set()
            .highlights_overlapping(self.current_source(), range)
            .find(|h| h.range() == range)
            .map(|h| (h.id, h.topics.clone()));
        if let Some((id, mut have)) = existing {
            let before = have.len();
            for t in topics {
                if !have.contains(&t) {
                    have.push(t);
                }
            }
            if have.len() > before {
                self.edit(
                    ctx,
                    Edit::SetTopics {
                        highlight: id,
                        topics: have,
                        modified: Timestamp::now(),
                    },
                    None,
                );
            }
            self.panels.reader.selection = None;
            self.view.select_highlight(Some(id));
            self.view.show_side_tab(SideTab::Highlights);
            self.say(ctx, "This passage is already highlighted".into());
            return;
        }
        match Edit::create_highlight(
            self.study.set(),
            self.workspace.document(),
            range,
            topics,
            Timestamp::now(),
        ) {
            Ok((edit, id)) => {
                self.edit(ctx, edit, None);
                if self.study.set().highlight(id).is_some() {
                    self.panels.reader.selection = None;
                    self.view.select_highlight(Some(id));
                    self.view.show_side_tab(SideTab::Highlights);
                }
            }
            Err(e) => self.notify(e.to_string()),
        }
    }

    /// Keys 1–9: with a text selection, highlight it with topic n; with a highlight
    /// selected, give it topic n or take it away.
    fn apply_topic(&mut self, ctx: &egui::Context, n: u8) {
        // The topic that holds key n (the n-th made), as the Topics tab shows it.
        let Some(topic) = crate::core::study::topic::keyed(self.study.set().topics())
            .find(|(k, _)| *k == n)
            .map(|(_, t)| t.id)
        else {
            return;
        };
        if self.panels.reader.selection.is_some() {
            self.highlight_selection(ctx, vec![topic]);
        } else if let Some(id) = self.view.selected_highlight()
            && let Ok(edit) = Edit::toggle_topic(self.study.set(), id, topic, Timestamp::now())
        {
            self.edit(ctx, edit, None);
        }
    }

    /// The fold plan for the current filter, recomputed only when something it depends on
    /// changed.
    fn refresh_folds(&mut self) {
        let source = self.current_source();
        self.view.refresh_folds(
            self.study.revision(),
            self.workspace.document(),
            self.study.set(),
            source,
        );
    }
}

impl eframe::App for MarginaliaApp {
    /// One frame. A panic anywhere in it is caught here: the notes are written to the
    /// recovery file at once, the user is told, and the window goes on.
    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        let drawn =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.frame_ui(ui, frame)));
        if let Err(payload) = drawn {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            self.after_panic(ui.ctx(), &message);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.runtime.screenshot.is_none() {
            eframe::set_value(storage, STORAGE_KEY, &self.prefs);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_positions_resolve_or_explain() {
        let doc = Document::seed();
        assert_eq!(
            StartAt::Page(287).action(&doc),
            Ok(Action::View(ViewAction::ScrollTo(doc.pages()[1].offset)))
        );
        assert_eq!(
            StartAt::Footnote(3).action(&doc),
            Ok(Action::View(ViewAction::GoToFootnoteCall(3)))
        );
        let err = StartAt::Page(12).action(&doc).unwrap_err();
        assert!(err.contains("286–288"), "{err}");
        assert!(StartAt::Footnote(9).action(&doc).is_err());
    }
}
