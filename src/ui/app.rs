//! The application: one document in a window, with its outline, reader and status bar.
//! Panels return actions; [`MarginaliaApp::apply`] carries them out after drawing.

use crate::core::anchor::snap_to_words;
use crate::core::document::Document;
use crate::core::edit::Edit;
use crate::core::filter::TopicFilter;
use crate::core::fold::FoldPlan;
use crate::core::highlight::HighlightId;
use crate::core::history::Coalesce;
use crate::core::note_set::NoteSet;
use crate::core::offset::CharRange;
use crate::core::study::Study;
use crate::core::time::Timestamp;
use crate::core::topic::next_color;
use crate::ui::action::{Action, Command};
use crate::ui::dialogs::{DialogOutcome, DialogPurpose, PendingDialog};
use crate::ui::fonts;
use crate::ui::highlights_panel::{highlight_detail_ui, highlights_list_ui};
use crate::ui::layout::PanelShow;
use crate::ui::numbers::grouped;
use crate::ui::outline::{OutlineState, outline_ui};
use crate::ui::prefs::{DEFAULT_FONT_SIZE, Preferences, STORAGE_KEY, ThemeChoice};
use crate::ui::reader::{ReaderInput, ReaderState, ReaderStyle, reader_ui, selected_text};
use crate::ui::screenshot::{ScreenshotJob, ScreenshotResult};
use crate::ui::search_bar::{SearchState, search_bar_ui};
use crate::ui::topics_panel::{TopicsPanelState, filter_bar_ui, topics_ui};
use egui::{Event, Key, RichText, Ui};
use std::collections::BTreeSet;
use std::path::PathBuf;

mod loading;
mod session;
pub use crate::ui::action::{DiskChoice, MissingDocumentChoice, PromptChoice};
pub use session::{Session, UNTITLED};

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
    /// A note set to open at start (its document is found from it).
    pub notes: Option<PathBuf>,
    /// The folder of note sets; `None`: the one chosen in the preferences, else `saves/`.
    pub saves_dir: Option<PathBuf>,
    /// Where unsaved work is autosaved; `None` turns autosave and recovery off.
    pub recovery_dir: Option<PathBuf>,
    /// Attach `notes` to `document` (named on the command line) rather than look for the
    /// note set's own document.
    pub notes_on_document: bool,
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
            notes: None,
            saves_dir: None,
            recovery_dir: None,
            notes_on_document: false,
        }
    }
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
}

/// The Marginalia window: the open document, its note set, and everything on screen.
pub struct MarginaliaApp {
    pub document: Document,
    /// The reader's topics, highlights and notes on this document, with their history.
    study: Study,
    pub filter: TopicFilter,
    /// Fold paragraphs without a matching highlight while a filter is active.
    pub fold_unmatched: bool,
    /// Folded stretches the user opened again (block indices); cleared with the filter.
    unfolded: BTreeSet<usize>,
    /// Which blocks are folded, derived from the above.
    folds: FoldPlan,
    /// What `folds` was computed from.
    folds_for: Option<(u64, TopicFilter, bool, usize)>,
    pub selected_highlight: Option<HighlightId>,
    pub search: SearchState,
    pub side_tab: SideTab,
    pub topics_panel: TopicsPanelState,
    /// The text in the highlights list's search field.
    pub list_query: String,
    pub show_shortcuts: bool,
    /// The note set as a file: path, title, saved state, autosave.
    pub session: Session,
    pub export: crate::ui::export_window::ExportWindow,
    list_cache: crate::ui::highlights_panel::ListCache,
    /// A large file being opened on a worker thread.
    loading: Option<loading::Loading>,
    /// Opens the user cancelled whose workers have not stopped yet: their results are
    /// dropped, never taken in.
    abandoned: Vec<loading::Loading>,
    /// Which tab the left panel shows.
    pub left_tab: LeftTab,
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
    /// The reading size the interface's text sizes were last set for.
    shown_font_size: Option<f32>,
    /// Actions to apply on the first frame (a start position from the command line).
    queued: Vec<Action>,
    /// Set by `Action::DebugPanic` (debug builds only): the next frame panics, to test
    /// what follows.
    #[cfg(debug_assertions)]
    panic_requested: bool,
    /// The Documents tab: a typed path and the documents nearby.
    pub documents_panel: crate::ui::documents_panel::DocumentsPanelState,
    /// The side panels' state between frames: which strip the user opened, and where
    /// their inner edges were (to tell a drag of an edge from a click elsewhere).
    pub panels: PanelsState,
}

/// See [`MarginaliaApp::panels`].
#[derive(Debug, Default)]
pub struct PanelsState {
    pub unfold: Option<crate::ui::layout::Side>,
    left_edge: Option<f32>,
    right_edge: Option<f32>,
}

impl MarginaliaApp {
    /// Sets up fonts and preferences and opens the starting document.
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        fonts::install(&cc.egui_ctx);
        // Ctrl+= / Ctrl+- / Ctrl+0 size the reading text, not the whole interface.
        cc.egui_ctx.options_mut(|o| o.zoom_with_keyboard = false);
        // A screenshot shows the defaults, whatever this machine's user prefers.
        let (prefs, prefs_problem) = match options.screenshot {
            Some(_) => (Preferences::default(), None),
            None => Preferences::load(cc.storage),
        };
        let mut notices: Vec<Notice> = (options.notices.into_iter()).map(Notice::problem).collect();
        notices.extend(prefs_problem.map(|text| Notice {
            text,
            kind: NoticeKind::Info,
        }));
        let mut queued = Vec::new();
        if let Some(path) = &options.notes {
            queued.push(if options.notes_on_document {
                Action::OpenNoteSetHere(path.clone())
            } else {
                Action::OpenNoteSet(path.clone())
            });
        }
        match options.start_at.map(|at| at.action(&options.document)) {
            Some(Ok(action)) => queued.push(action),
            Some(Err(text)) => notices.push(Notice::problem(text)),
            None => {}
        }
        let block_count = options.document.blocks().len();
        let mut app = Self {
            document: options.document,
            study: Study::default(),
            filter: TopicFilter::default(),
            fold_unmatched: false,
            unfolded: BTreeSet::new(),
            folds: FoldPlan::open(block_count),
            folds_for: None,
            selected_highlight: None,
            search: SearchState::default(),
            side_tab: SideTab::default(),
            topics_panel: TopicsPanelState::default(),
            list_query: String::new(),
            show_shortcuts: false,
            session: Session::new(
                options
                    .saves_dir
                    .or_else(|| prefs.saves_dir.as_ref().map(PathBuf::from))
                    .unwrap_or_else(|| PathBuf::from("saves")),
                options.recovery_dir,
            ),
            left_tab: LeftTab::default(),
            export: Default::default(),
            list_cache: Default::default(),
            loading: None,
            abandoned: Vec::new(),
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
            shown_font_size: None,
            queued,
            #[cfg(debug_assertions)]
            panic_requested: false,
            panels: PanelsState::default(),
            documents_panel: Default::default(),
        };
        app.look_for_recovery();
        app
    }

    /// Replaces the open document.
    pub fn open_document(&mut self, document: Document) {
        self.document = document;
        self.reader.reset();
        self.outline = OutlineState::default();
        // A new document starts a new, empty note set (saved sets keep their own file).
        self.study.replace(NoteSet::new());
        self.filter.clear();
        self.unfolded.clear();
        self.selected_highlight = None;
        self.search.close();
        self.session.start_clean();
        self.session.path = None;
        self.session.title = UNTITLED.into();
        self.session.conflicts.clear();
    }

    /// Applies an edit to the note set through the undo history; a refused edit is
    /// reported and changes nothing.
    fn edit(&mut self, ctx: &egui::Context, edit: Edit, label: &str, coalesce: Option<Coalesce>) {
        let now = ctx.input(|i| i.time);
        match self.study.apply(edit, label, coalesce, now) {
            Ok(()) => {
                self.changed();
                self.session.record_change(now);
            }
            Err(e) => self.notify(format!("{label}: {e}.")),
        }
    }

    /// After any change to the note set: drop what no longer exists.
    fn changed(&mut self) {
        if self
            .selected_highlight
            .is_some_and(|id| self.study.set().highlight(id).is_none())
        {
            self.selected_highlight = None;
        }
    }

    /// Highlights the reader's selection (snapped to whole words unless Alt is held).
    fn highlight_selection(
        &mut self,
        ctx: &egui::Context,
        topics: Vec<crate::core::topic::TopicId>,
    ) {
        let Some(selection) = self.reader.selection else {
            self.notify("Select some text first, then highlight it.".into());
            return;
        };
        let exact = ctx.input(|i| i.modifiers.alt);
        let range = if exact {
            selection.range()
        } else {
            snap_to_words(&self.document, selection.range())
        };
        // The same passage highlighted again is the same highlight: it is selected, and
        // given the topics asked for, rather than doubled.
        let existing = self
            .study
            .set()
            .highlights_overlapping(range)
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
                    "Add topic to highlight",
                    None,
                );
            }
            self.reader.selection = None;
            self.selected_highlight = Some(id);
            self.side_tab = SideTab::Highlights;
            self.say(ctx, "This passage is already highlighted".into());
            return;
        }
        match Edit::create_highlight(&self.document, range, topics, Timestamp::now()) {
            Ok((edit, id)) => {
                self.edit(ctx, edit, "Create highlight", None);
                if self.study.set().highlight(id).is_some() {
                    self.reader.selection = None;
                    self.selected_highlight = Some(id);
                    self.side_tab = SideTab::Highlights;
                }
            }
            Err(e) => self.notify(e.to_string()),
        }
    }

    /// Keys 1–9: with a text selection, highlight it with topic n; with a highlight
    /// selected, give it topic n or take it away.
    fn apply_topic(&mut self, ctx: &egui::Context, n: u8) {
        // Counted as the Topics tab lists them.
        let Some(topic) = crate::core::topic::tree_order(self.study.set().topics())
            .get(usize::from(n).saturating_sub(1))
            .map(|t| t.id)
        else {
            return;
        };
        if self.reader.selection.is_some() {
            self.highlight_selection(ctx, vec![topic]);
        } else if let Some(id) = self.selected_highlight
            && let Ok(edit) = Edit::toggle_topic(self.study.set(), id, topic, Timestamp::now())
        {
            self.edit(ctx, edit, "Change topics", None);
        }
    }

    /// The fold plan for the current filter, recomputed only when something it depends on
    /// changed.
    fn refresh_folds(&mut self) {
        let key = (
            self.study.revision(),
            self.filter.clone(),
            self.fold_unmatched,
            self.unfolded.len(),
        );
        if self.folds_for.as_ref() == Some(&key) {
            return;
        }
        self.folds = if self.fold_unmatched && self.filter.is_active() {
            FoldPlan::new(
                &self.document,
                self.study.set(),
                &self.filter,
                &self.unfolded,
            )
        } else {
            FoldPlan::open(self.document.blocks().len())
        };
        self.folds_for = Some(key);
    }

    /// Carries out one action.
    pub fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Run(command) => self.run(ctx, command),
            Action::OpenPath(path) => self.open_document_file(ctx, path),
            Action::OpenNoteSet(path) => self.after_prompt(ctx, session::Pending::OpenSet(path)),
            Action::OpenNoteSetHere(path) => self.open_note_set(ctx, &path, true),
            Action::OpenSetWithHintedDocument(answer) => {
                self.open_with_hinted_document(ctx, answer)
            }
            Action::CancelLoading => {
                if let Some(loading) = self.loading.take() {
                    loading.progress.cancel();
                    self.notify(format!("Stopped opening {}.", loading.name));
                    self.abandoned.push(loading);
                }
            }
            Action::MergeNoteSet(path) => self.merge_note_set(ctx, &path),
            Action::SetNoteSetTitle(title) => {
                if title != self.session.title {
                    self.session.title = title;
                    // The file changes, no highlight does: laid-out text stays.
                    self.session.record_change(ctx.input(|i| i.time));
                }
            }
            Action::SaveAsNew => {
                let path = self.session.suggested_path();
                self.save_to(ctx, &path);
            }
            Action::RefreshNoteSets => self.listing_changed(),
            Action::SetSavesFolder(folder) => {
                self.prefs.saves_dir = Some(folder.to_string_lossy().into_owned());
                self.session.saves_dir = folder;
                self.listing_changed();
            }
            Action::Prompt(choice) => self.answer_prompt(ctx, choice),
            Action::RestoreRecovery => self.restore_recovery(),
            Action::DiscardRecovery => self.discard_offered_recovery(),
            Action::PlaceOrphan(id) => match self.reader.selection {
                Some(selection) => {
                    let anchor =
                        crate::core::anchor::Anchor::new(&self.document, selection.range());
                    self.edit(
                        ctx,
                        Edit::PlaceOrphan {
                            highlight: id,
                            anchor,
                        },
                        "Attach orphaned highlight",
                        None,
                    );
                    self.reader.selection = None;
                    self.selected_highlight = Some(id);
                }
                None => {
                    self.notify("Select the passage first, then attach the highlight to it.".into())
                }
            },
            Action::ConfirmProposal(id) => match self.study.set().proposal(id).cloned() {
                Some(anchor) => {
                    let at = anchor.start;
                    self.edit(
                        ctx,
                        Edit::PlaceOrphan {
                            highlight: id,
                            anchor,
                        },
                        "Confirm uncertain highlight",
                        None,
                    );
                    self.selected_highlight = Some(id);
                    self.reader.scroll_to_in_context(at);
                }
                None => self.notify("That highlight has no proposed place any more.".into()),
            },
            Action::ShowProposal(id) => {
                if let Some(anchor) = self.study.set().proposal(id) {
                    let range = anchor.range();
                    self.reader.selection = Some(crate::ui::reader::Selection::of(range));
                    self.reader.scroll_to_in_context(range.start);
                }
            }
            Action::UseOtherVersion(i) => {
                if i < self.session.conflicts.len() {
                    let conflict = self.session.conflicts.remove(i);
                    self.edit(
                        ctx,
                        session::use_other(&conflict),
                        "Use other version",
                        None,
                    );
                }
            }
            Action::DismissConflict(i) => {
                if i < self.session.conflicts.len() {
                    self.session.conflicts.remove(i);
                }
            }
            Action::ScrollTo(offset) => self.reader.scroll_to(offset),
            Action::ScrollToInContext(offset) => self.reader.scroll_to_in_context(offset),
            Action::Edit {
                edit,
                label,
                coalesce,
            } => self.edit(ctx, edit, &label, coalesce),
            Action::HighlightSelection(topics) => self.highlight_selection(ctx, topics),
            Action::SelectHighlight(id) => {
                if id != self.selected_highlight {
                    self.study.seal();
                }
                self.selected_highlight = id;
                if id.is_some() {
                    self.side_tab = SideTab::Highlights;
                }
            }
            Action::GoToHighlight(id) => {
                if let Some(start) = self.study.set().highlight(id).map(|h| h.anchor.start) {
                    self.reader.scroll_to_in_context(start);
                    self.study.seal();
                    self.selected_highlight = Some(id);
                    // A folded paragraph opens when a highlight in it is asked for.
                    if let Some(block) = self.document.block_index_at(start) {
                        self.unfolded.insert(block);
                    }
                }
            }
            Action::CreateTopic(name) => {
                match Edit::create_topic(
                    self.study.set(),
                    &name,
                    next_color(self.study.set().topics()),
                ) {
                    Ok((edit, _)) => self.edit(ctx, edit, "Create topic", None),
                    Err(e) => self.notify(format!("Create topic: {e}.")),
                }
            }
            Action::ToggleFilterTopic(id) => {
                if !self.filter.topics.remove(&id) {
                    self.filter.topics.insert(id);
                }
                self.unfolded.clear();
            }
            Action::ToggleFilterFamily(parent) => {
                let family: Vec<_> = self
                    .study
                    .set()
                    .topics()
                    .iter()
                    .filter(|t| t.is_within(&parent))
                    .map(|t| t.id)
                    .collect();
                if family.iter().all(|id| self.filter.topics.contains(id)) {
                    for id in &family {
                        self.filter.topics.remove(id);
                    }
                } else {
                    self.filter.topics.extend(family);
                }
                self.unfolded.clear();
            }
            Action::SetFilterMode(mode) => {
                self.filter.mode = mode;
                self.unfolded.clear();
            }
            Action::SetShowUntagged(on) => {
                self.filter.show_untagged = on;
                self.unfolded.clear();
            }
            Action::SetFoldUnmatched(on) => {
                self.fold_unmatched = on;
                self.unfolded.clear();
            }
            Action::ClearFilter => {
                self.filter.clear();
                self.unfolded.clear();
            }
            Action::Unfold(block) => {
                let run = self.folds.run(block);
                self.unfolded.extend(run);
            }
            Action::Notify(text) => self.notify(text),
            Action::ExportNow => self.export_now(ctx),
            #[cfg(debug_assertions)]
            Action::DebugPanic => self.panic_requested = true,
            Action::DiskConflict(choice) => self.resolve_disk_conflict(ctx, choice),
            Action::ExportReplace => {
                self.export.replace_ok = self.export.asking.take();
                self.export_now(ctx);
            }
            Action::ChooseExportFile => {
                let target = self.export.target();
                if self.dialog.is_none() {
                    self.dialog = Some(PendingDialog::show(
                        ctx,
                        DialogPurpose::ExportTo(self.export.format),
                        target.parent().map(PathBuf::from),
                        target.file_name().map(|n| n.to_string_lossy().into_owned()),
                    ));
                }
            }
            Action::SetCitationTemplate(template) => {
                if template.as_deref() != self.study.set().citation_template() {
                    self.edit(
                        ctx,
                        Edit::SetCitationTemplate(template),
                        "Change citation",
                        Some(Coalesce::CitationTemplate),
                    );
                }
            }
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
                let folder = self.document.source_path().parent().map(PathBuf::from);
                self.show_dialog(ctx, DialogPurpose::OpenDocument, folder);
            }
            Command::NewNoteSet => self.after_prompt(ctx, session::Pending::NewSet),
            Command::OpenNoteSet => self.show_dialog(
                ctx,
                DialogPurpose::OpenNoteSet,
                Some(self.session.saves_dir.clone()),
            ),
            Command::MergeNoteSet => self.show_dialog(
                ctx,
                DialogPurpose::MergeNoteSet,
                Some(self.session.saves_dir.clone()),
            ),
            Command::Save => self.save(ctx),
            Command::ExportHighlights => {
                // Named after the set itself, not after the next free name for a set.
                let stem = self.session.file_stem();
                let folder = self.session.saves_dir.clone();
                self.export.show(&folder, &stem, self.filter.is_active());
            }
            Command::CopyWithCitation => {
                if let Some(selection) = self.reader.selection.filter(|s| !s.range().is_empty()) {
                    // Whole words, as a highlight would take them (Alt keeps the exact range).
                    let range = if ctx.input(|i| i.modifiers.alt) {
                        selection.range()
                    } else {
                        snap_to_words(&self.document, selection.range())
                    };
                    let quote = self.document.slice(range).to_string();
                    let template =
                        crate::core::citation::template_of(self.study.set(), &self.document);
                    let citation = crate::core::citation::cite(&self.document, template, range);
                    ctx.copy_text(format!("“{quote}” ({citation})"));
                    self.say(ctx, "Copied with citation".into());
                }
            }
            Command::SaveAs => self.save_as(ctx),
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Copy => {
                if let Some(text) = selected_text(&self.document, self.reader.selection) {
                    let count = text.chars().count();
                    ctx.copy_text(text);
                    self.say(ctx, format!("Copied {} characters", grouped(count)));
                }
            }
            Command::SelectAll => {
                self.reader.selection =
                    Some(crate::ui::reader::Selection::of(self.document.full_range()));
            }
            Command::ClearSelection => {
                // Escape closes what is on top first.
                if self.export.open {
                    self.export.open = false;
                } else if self.show_shortcuts {
                    self.show_shortcuts = false;
                } else if self.reader.selection.is_some() {
                    self.reader.selection = None;
                } else if self.search.open {
                    self.search.close();
                } else {
                    self.selected_highlight = None;
                }
            }
            Command::Undo | Command::Redo => {
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
            Command::Highlight => self.highlight_selection(ctx, Vec::new()),
            Command::DeleteHighlight => {
                if let Some(id) = self.selected_highlight {
                    self.edit(ctx, Edit::RemoveHighlight(id), "Delete highlight", None);
                }
            }
            Command::ApplyTopic(n) => self.apply_topic(ctx, n),
            Command::Find => self.search.open(),
            Command::ShortcutsHelp => self.show_shortcuts = !self.show_shortcuts,
            Command::FontLarger => self.prefs.step_font_size(1.0),
            Command::FontSmaller => self.prefs.step_font_size(-1.0),
            Command::FontReset => self.prefs.font_size = DEFAULT_FONT_SIZE,
            Command::ToggleOutline => self.prefs.show_outline = !self.prefs.show_outline,
        }
    }

    fn notify(&mut self, text: String) {
        self.notices.push(Notice::problem(text));
    }

    /// Shows a notice that is not a problem: information, or a success.
    fn inform(&mut self, text: String, kind: NoticeKind) {
        self.notices.push(Notice { text, kind });
    }

    /// Keyboard shortcuts, dropped files and the copy event, as actions.
    fn input_actions(&self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        let typing = ctx.egui_wants_keyboard_input();
        // An open menu or popup takes Escape itself (and closes); it is not ours then.
        let popup_open = egui::Popup::is_any_open(ctx);
        ctx.input_mut(|input| {
            // egui matches Ctrl+Z against Ctrl+Shift+Z too, so shortcuts with more modifiers
            // are tried first: Redo before Undo, Copy with citation before Copy.
            let mut commands = Command::all();
            commands.sort_by_key(|c| std::cmp::Reverse(c.shortcut().map_or(0, |s| modifier_count(s.modifiers))));
            let mut with_citation = false;
            for command in commands {
                // While a text field has focus, editing keys belong to it. Plain copy comes
                // as the system's copy event, below.
                if (typing && command.yields_to_text_fields())
                    || command == Command::Copy
                    || (popup_open && command == Command::ClearSelection)
                {
                    continue;
                }
                let shortcuts = command.shortcut().into_iter().chain(command.extra_shortcuts().iter().copied());
                if shortcuts.into_iter().any(|s| input.consume_shortcut(&s)) {
                    with_citation |= command == Command::CopyWithCitation;
                    actions.push(Action::Run(command));
                }
            }
            let copy = input.events.iter().any(|e| {
                matches!(e, Event::Copy)
                    || matches!(e, Event::Key { key: Key::C, pressed: true, modifiers, .. } if modifiers.command)
            });
            if copy && !typing && !with_citation {
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

    /// Opens the document at `path` (a large one on a worker thread), asking first if the
    /// note set has unsaved changes.
    fn open_document_file(&mut self, ctx: &egui::Context, path: PathBuf) {
        if loading::is_large(&path) {
            self.loading = Some(loading::Loading::document(ctx, path));
            return;
        }
        match Document::open(&path) {
            Ok(doc) => self.after_prompt(ctx, session::Pending::OpenDocument(Box::new(doc))),
            Err(e) => self.notify(e.to_string()),
        }
    }

    /// Opens still working on a worker thread, cancelled ones included.
    pub fn opens_in_progress(&self) -> usize {
        usize::from(self.loading.is_some())
            + self.abandoned.iter().filter(|l| !l.is_finished()).count()
    }

    /// Takes in what a background open produced.
    fn poll_loading(&mut self, ctx: &egui::Context) {
        self.abandoned.retain(|l| !l.is_finished());
        let Some(loaded) = self.loading.as_ref().and_then(loading::Loading::poll) else {
            return;
        };
        self.loading = None;
        match loaded {
            loading::Loaded::Document(Ok(doc)) => {
                self.after_prompt(ctx, session::Pending::OpenDocument(doc))
            }
            loading::Loaded::NoteSet(Ok(prepared)) => self.show_note_set(*prepared),
            loading::Loaded::NoteSet(Err(error)) => self.set_not_opened(error),
            loading::Loaded::Document(Err(message)) => self.notify(message),
        }
    }

    /// "Opening …" with its stage, a progress bar (a spinner while the length of the stage
    /// is unknown) and Cancel, while a large file opens.
    fn loading_ui(&self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        if let Some(loading) = &self.loading {
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
                            actions.push(Action::CancelLoading);
                        }
                    });
                });
        }
        actions
    }

    /// Shows a file dialog, unless one is already open.
    fn show_dialog(
        &mut self,
        ctx: &egui::Context,
        purpose: DialogPurpose,
        folder: Option<PathBuf>,
    ) {
        if self.dialog.is_none() {
            self.dialog = Some(PendingDialog::show(ctx, purpose, folder, None));
        }
    }

    fn poll_dialog(&mut self, ctx: &egui::Context) {
        let Some((purpose, outcome)) = self
            .dialog
            .as_ref()
            .and_then(|d| d.poll().map(|o| (d.purpose, o)))
        else {
            return;
        };
        self.dialog = None;
        match outcome {
            DialogOutcome::Cancelled => {}
            DialogOutcome::Unavailable => {
                let fallback = match purpose {
                    DialogPurpose::OpenDocument => {
                        self.left_tab = LeftTab::Documents;
                        self.panels.unfold = Some(crate::ui::layout::Side::Left);
                        self.prefs.show_outline = true;
                        "Type its path, or pick it, in the Documents tab on the left.".to_string()
                    }
                    DialogPurpose::OpenNoteSet | DialogPurpose::MergeNoteSet => {
                        "Use the Note sets tab on the left: it lists the note sets in the folder, to open or (right-click) merge.".to_string()
                    }
                    DialogPurpose::ExportTo(_) => "Type the file's path in the export window; by default it goes into the note-sets folder.".to_string(),
                    DialogPurpose::SaveNoteSetAs => {
                        let path = self.session.suggested_path();
                        if self.save_to(ctx, &path) {
                            self.inform(
                                format!(
                                    "No file dialog is available on this system, so the note set was saved as {} in the note-sets folder.",
                                    path.display()
                                ),
                                NoticeKind::Success,
                            );
                            return;
                        }
                        "Saving into the note-sets folder failed too; see the message above.".to_string()
                    }
                };
                self.inform(
                    format!("No file dialog is available on this system. {fallback}"),
                    NoticeKind::Info,
                );
            }
            DialogOutcome::Chosen(path) => match purpose {
                DialogPurpose::OpenDocument => match Document::open(&path) {
                    Ok(doc) => {
                        self.after_prompt(ctx, session::Pending::OpenDocument(Box::new(doc)))
                    }
                    Err(e) => self.notify(e.to_string()),
                },
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
                        self.export.path = path.to_string_lossy().into_owned();
                    } else {
                        self.export.path = path.to_string_lossy().into_owned();
                        self.export.replace_ok = Some(path);
                    }
                }
            },
            DialogOutcome::Failed(message) => self.notify(message),
        }
    }

    fn menu_ui(&self, ui: &mut Ui) -> Vec<Action> {
        let mut commands = Vec::new();
        let mut theme = None;
        let mut toggle_outline = false;
        let mut history_step = None;
        let mut recent = None;
        let mut item = |ui: &mut Ui, command: Command, enabled: bool| {
            if command_item_ui(ui, command, enabled) {
                commands.push(command);
            }
        };
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                item(ui, Command::NewNoteSet, true);
                item(ui, Command::OpenNoteSet, self.dialog.is_none());
                ui.menu_button("Recent note sets", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.label(RichText::new("None yet").weak());
                    }
                    for path in &self.prefs.recent {
                        if ui.button(path).clicked() {
                            recent = Some(PathBuf::from(path));
                            ui.close();
                        }
                    }
                });
                item(ui, Command::Save, true);
                item(ui, Command::SaveAs, self.dialog.is_none());
                item(ui, Command::MergeNoteSet, self.dialog.is_none());
                ui.separator();
                item(ui, Command::ExportHighlights, true);
                ui.separator();
                item(ui, Command::OpenDocument, self.dialog.is_none());
                ui.separator();
                item(ui, Command::Quit, true);
            });
            ui.menu_button("Edit", |ui| {
                let undo = self
                    .study
                    .history()
                    .undo_label()
                    .map(|l| format!("Undo {l}"));
                let redo = self
                    .study
                    .history()
                    .redo_label()
                    .map(|l| format!("Redo {l}"));
                if command_item_labelled_ui(ui, Command::Undo, undo.as_deref(), undo.is_some()) {
                    history_step = Some(Command::Undo);
                }
                if command_item_labelled_ui(ui, Command::Redo, redo.as_deref(), redo.is_some()) {
                    history_step = Some(Command::Redo);
                }
                ui.separator();
                item(ui, Command::Copy, self.reader.selection.is_some());
                item(
                    ui,
                    Command::CopyWithCitation,
                    self.reader.selection.is_some(),
                );
                item(ui, Command::SelectAll, true);
                item(ui, Command::ClearSelection, self.reader.selection.is_some());
                ui.separator();
                item(ui, Command::Highlight, self.reader.selection.is_some());
                item(
                    ui,
                    Command::DeleteHighlight,
                    self.selected_highlight.is_some(),
                );
                ui.separator();
                item(ui, Command::Find, true);
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
            ui.menu_button("Help", |ui| {
                item(ui, Command::ShortcutsHelp, true);
            });
        });
        let mut actions: Vec<Action> = commands
            .into_iter()
            .chain(history_step)
            .map(Action::Run)
            .collect();
        actions.extend(theme.map(Action::SetTheme));
        actions.extend(recent.map(Action::OpenNoteSet));
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
                ui.label(selection_label(doc, selection.range()));
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

    /// Notices, floating over the top of the text (they never push it down): problems in
    /// the error colour, information and successes in their own.
    fn notices_ui(&self, ctx: &egui::Context, area: egui::Rect) -> Vec<Action> {
        let mut actions = Vec::new();
        if self.notices.is_empty() {
            return actions;
        }
        let width = (area.width() - 32.0).clamp(200.0, 640.0);
        egui::Area::new(egui::Id::unique("notices"))
            .order(egui::Order::Foreground)
            .fixed_pos(egui::pos2(area.center().x - width / 2.0, area.top() + 8.0))
            .show(ctx, |ui| {
                ui.set_width(width);
                for (i, notice) in self.notices.iter().enumerate() {
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
                                    actions.push(Action::DismissNotice(i));
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
    fn export_now(&mut self, ctx: &egui::Context) {
        use crate::core::export::{self, ExportInput};
        let only = self.export.only_filtered && self.filter.is_active();
        let input = ExportInput {
            doc: &self.document,
            set: self.study.set(),
            title: &self.session.title,
            filter: only.then_some(&self.filter),
            grouping: self.export.grouping,
        };
        let count = input.highlights().len();
        let unplaced = input.unplaced().len();
        let path = self.export.target();
        // Never over an existing file unless the user said so for this very file.
        if std::fs::symlink_metadata(&path).is_ok()
            && self.export.replace_ok.as_deref() != Some(path.as_path())
        {
            self.export.asking = Some(path);
            return;
        }
        let written = export::write_export(self.export.format, &input, &path);
        match written {
            Ok(_) => {
                self.export.open = false;
                self.say(
                    ctx,
                    format!("Exported {count} highlights to {}", path.display()),
                );
                if unplaced > 0 {
                    let how = if self.export.format == export::Format::Qdpx {
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

    fn side_panel_ui(&mut self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        ui.horizontal_wrapped(|ui| {
            ui.selectable_value(&mut self.side_tab, SideTab::Highlights, "Highlights");
            ui.selectable_value(&mut self.side_tab, SideTab::Topics, "Topics");
            ui.selectable_value(&mut self.side_tab, SideTab::DocumentNotes, "Document notes");
        });
        ui.separator();
        match self.side_tab {
            SideTab::Highlights => {
                if let Some(id) = self.selected_highlight {
                    actions.extend(highlight_detail_ui(
                        ui,
                        &self.document,
                        self.study.set(),
                        id,
                    ));
                    ui.add_space(6.0);
                }
                actions.extend(session::review_ui(ui, self));
                self.list_cache.rows(
                    self.study.revision(),
                    self.study.set(),
                    &self.filter,
                    &self.list_query,
                );
                actions.extend(highlights_list_ui(
                    ui,
                    &self.document,
                    self.study.set(),
                    self.study.revision(),
                    &mut self.list_cache,
                    &mut self.list_query,
                    self.selected_highlight,
                ));
            }
            SideTab::Topics => {
                actions.extend(topics_ui(
                    ui,
                    self.study.set(),
                    &self.filter,
                    self.fold_unmatched,
                    &mut self.topics_panel,
                ));
            }
            SideTab::DocumentNotes => {
                actions.extend(self.citation_ui(ui));
                ui.separator();
                let label = ui.label(
                    RichText::new("Notes on the whole document: context, questions, leads.").weak(),
                );
                let mut note = self.study.set().document_note().to_string();
                let response = ui
                    .add_sized(
                        ui.available_size(),
                        egui::TextEdit::multiline(&mut note).hint_text("Document notes"),
                    )
                    .labelled_by(label.id);
                if response.changed() {
                    actions.push(Action::Edit {
                        edit: Edit::SetDocumentNote(note),
                        label: "Edit document notes".into(),
                        coalesce: Some(Coalesce::DocumentNote),
                    });
                }
            }
        }
        actions
    }

    /// Document properties: how this note set cites the document, with a live example.
    fn citation_ui(&self, ui: &mut Ui) -> Vec<Action> {
        use crate::core::citation::{cite, default_template};
        let mut actions = Vec::new();
        ui.label(RichText::new("Citation").strong());
        let default = default_template(&self.document);
        let mut template = self
            .study
            .set()
            .citation_template()
            .unwrap_or(default)
            .to_string();
        let label = ui.label(RichText::new("Template").weak());
        let response = ui
            .add(egui::TextEdit::singleline(&mut template).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if response.changed() {
            let chosen = (template != default).then_some(template.clone());
            actions.push(Action::SetCitationTemplate(chosen));
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
            .selected_highlight
            .and_then(|id| self.study.set().highlight(id))
            .or_else(|| self.study.set().highlights().first())
            .map(|h| h.range())
            .or_else(|| self.document.blocks().get(1).map(|b| b.range));
        if let Some(range) = sample {
            ui.label(
                RichText::new(format!("e.g. {}", cite(&self.document, &template, range))).italics(),
            );
        }
        if self.study.set().citation_template().is_some() && ui.button("Use the default").clicked()
        {
            actions.push(Action::SetCitationTemplate(None));
        }
        actions
    }

    fn shortcuts_window(&mut self, ctx: &egui::Context) {
        let mut open = self.show_shortcuts;
        let rows = shortcut_rows(ctx);
        let fits = (ctx.content_rect().height() - 120.0).max(120.0);
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .max_height(fits)
            .show(ctx, |ui| {
                // A small window scrolls the list rather than cutting it off; the bar takes
                // its own room instead of covering the keys.
                ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
                egui::ScrollArea::vertical()
                    .max_height(fits)
                    .show(ui, |ui| {
                        egui::Grid::new("shortcuts")
                            .num_columns(2)
                            .striped(true)
                            .show(ui, |ui| {
                                for (what, keys) in &rows {
                                    ui.label(what);
                                    ui.label(RichText::new(keys).monospace());
                                    ui.end_row();
                                }
                            });
                    });
            });
        self.show_shortcuts = open;
    }

    /// "● Title — 84. Letter From … — Marginalia": the note set (with a mark while it has
    /// unsaved changes), then the document.
    pub fn window_title(&self) -> String {
        let info = self.document.info();
        let document = match info.number {
            Some(n) => format!("{n}. {}", info.title),
            None => info.title.clone(),
        };
        let mark = if self.is_dirty() { "● " } else { "" };
        format!("{mark}{} — {document} — Marginalia", self.session.title)
    }

    fn sync_window(&mut self, ctx: &egui::Context) {
        let title = self.window_title();
        if self.shown_title.as_ref() != Some(&title) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = Some(title);
        }
        if self.shown_theme != Some(self.prefs.theme) {
            ctx.set_theme(self.prefs.theme.to_egui());
            self.shown_theme = Some(self.prefs.theme);
        }
        if self.shown_font_size != Some(self.prefs.font_size) {
            crate::ui::theme::apply(ctx, self.prefs.font_size);
            self.shown_font_size = Some(self.prefs.font_size);
        }
    }
}

/// How many modifier keys a shortcut needs.
fn modifier_count(m: egui::Modifiers) -> usize {
    usize::from(m.alt) + usize::from(m.shift) + usize::from(m.ctrl || m.command || m.mac_cmd)
}

/// How a shortcut is written in menus and the help: egui spells some keys as words
/// ("Ctrl+Equals"); people read the symbol.
pub fn shortcut_text(ctx: &egui::Context, shortcut: &egui::KeyboardShortcut) -> String {
    ctx.format_shortcut(shortcut)
        .replace("Equals", "=")
        .replace("Minus", "-")
        .replace("Plus", "+")
}

/// The rows of the shortcuts window: each command with a key once, then the keys that
/// are not commands of their own.
pub fn shortcut_rows(ctx: &egui::Context) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Vec::new();
    for command in Command::all() {
        let keys: Vec<String> = command
            .shortcut()
            .into_iter()
            .chain(command.extra_shortcuts().iter().copied())
            .map(|s| shortcut_text(ctx, &s))
            .collect();
        if keys.is_empty() {
            continue;
        }
        let label = command.label();
        if !rows.iter().any(|(l, _)| *l == label) {
            rows.push((label, keys.join(" or ")));
        }
    }
    for (what, keys) in [
        ("Extend the selection", "Shift+click"),
        ("Highlight exactly, without snapping to words", "Alt+H"),
        ("Next / previous search hit", "Enter / Shift+Enter"),
    ] {
        rows.push((what.to_string(), keys.to_string()));
    }
    rows
}

/// A menu entry for `command`, with its shortcut; true when clicked.
/// A folded side panel: a narrow strip with a button that opens it. True when clicked.
fn strip_ui(ui: &mut Ui, side: crate::ui::layout::Side, what: &str) -> bool {
    let (panel, arrow) = match side {
        crate::ui::layout::Side::Left => (egui::Panel::left("outline-strip"), "»"),
        crate::ui::layout::Side::Right => (egui::Panel::right("study-strip"), "«"),
    };
    panel
        .resizable(false)
        .exact_size(crate::ui::layout::STRIP_WIDTH)
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

fn command_item_ui(ui: &mut Ui, command: Command, enabled: bool) -> bool {
    command_item_labelled_ui(ui, command, None, enabled)
}

/// A menu entry for `command` under another label ("Undo Delete highlight").
fn command_item_labelled_ui(
    ui: &mut Ui,
    command: Command,
    label: Option<&str>,
    enabled: bool,
) -> bool {
    let mut button = egui::Button::new(label.map_or_else(|| command.label(), str::to_string));
    if let Some(shortcut) = command.shortcut() {
        button = button.shortcut_text(shortcut_text(ui.ctx(), &shortcut));
    }
    let clicked = ui.add_enabled(enabled, button).clicked();
    if clicked {
        ui.close();
    }
    clicked
}

impl MarginaliaApp {
    /// Everything a frame does: input, panels, then the actions they returned.
    fn frame_ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        #[cfg(debug_assertions)]
        if std::mem::take(&mut self.panic_requested) {
            panic!("a test asked for a panic");
        }
        self.sync_window(&ctx);
        self.poll_dialog(&ctx);
        self.poll_loading(&ctx);
        let mut actions = std::mem::take(&mut self.queued);
        actions.extend(self.input_actions(&ctx));

        egui::Panel::top("menu").show(ui, |ui| actions.extend(self.menu_ui(ui)));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        let style = ReaderStyle::new(ui, self.prefs.font_size);
        let plan = crate::ui::layout::plan(
            ui.available_width(),
            crate::ui::layout::reader_min_width(crate::ui::reader::average_char_width(ui, &style)),
            crate::ui::layout::PanelWants {
                left: self.prefs.show_outline.then_some(self.prefs.left_width),
                right: self.prefs.right_width,
                unfold: self.panels.unfold,
            },
        );
        // A strip the user opened folds again when the window has room for both.
        if self.panels.unfold.is_some()
            && !matches!(plan.left, PanelShow::Strip)
            && !matches!(plan.right, PanelShow::Strip)
        {
            self.panels.unfold = None;
        }
        let dragging = |edge: Option<f32>| -> bool {
            ctx.input(|i| {
                i.pointer.primary_down()
                    && edge
                        .zip(i.pointer.press_origin())
                        .is_some_and(|(x, at)| (at.x - x).abs() <= 8.0)
            })
        };
        match plan.left {
            PanelShow::Open(width) => {
                let page = self.document.page_at(self.reader.top_offset);
                let drag = dragging(self.panels.left_edge);
                let shown = egui::Panel::left("outline")
                    .resizable(true)
                    .default_size(width)
                    .size_range(crate::ui::layout::size_range(
                        crate::ui::layout::LEFT_MIN,
                        width,
                        drag,
                    ))
                    .show(ui, |ui| {
                        ui.horizontal_wrapped(|ui| {
                            ui.selectable_value(&mut self.left_tab, LeftTab::Outline, "Outline");
                            ui.selectable_value(&mut self.left_tab, LeftTab::NoteSets, "Note sets");
                            ui.selectable_value(
                                &mut self.left_tab,
                                LeftTab::Documents,
                                "Documents",
                            );
                        });
                        ui.separator();
                        match self.left_tab {
                            LeftTab::Outline => actions.extend(outline_ui(
                                ui,
                                &self.document,
                                &mut self.outline,
                                page,
                            )),
                            LeftTab::Documents => {
                                actions.extend(crate::ui::documents_panel::documents_ui(
                                    ui,
                                    &mut self.documents_panel,
                                    &self.document.source_path(),
                                ))
                            }
                            LeftTab::NoteSets => {
                                self.refresh_listing();
                                egui::ScrollArea::vertical()
                                    .id_salt("note-sets")
                                    .show(ui, |ui| {
                                        actions.extend(session::note_sets_ui(ui, self));
                                    });
                            }
                        }
                    });
                let rect = shown.response.rect;
                self.panels.left_edge = Some(rect.right());
                if drag {
                    self.prefs.left_width = rect.width();
                }
            }
            PanelShow::Strip => {
                self.panels.left_edge = None;
                if strip_ui(ui, crate::ui::layout::Side::Left, "Outline") {
                    self.panels.unfold = Some(crate::ui::layout::Side::Left);
                }
            }
            PanelShow::Hidden => self.panels.left_edge = None,
        }
        match plan.right {
            PanelShow::Open(width) => {
                let drag = dragging(self.panels.right_edge);
                let shown = egui::Panel::right("study")
                    .resizable(true)
                    .default_size(width)
                    .size_range(crate::ui::layout::size_range(
                        crate::ui::layout::RIGHT_MIN,
                        width,
                        drag,
                    ))
                    .show(ui, |ui| actions.extend(self.side_panel_ui(ui)));
                let rect = shown.response.rect;
                self.panels.right_edge = Some(rect.left());
                if drag {
                    self.prefs.right_width = rect.width();
                }
            }
            PanelShow::Strip | PanelShow::Hidden => {
                self.panels.right_edge = None;
                if strip_ui(
                    ui,
                    crate::ui::layout::Side::Right,
                    "Highlights, topics, notes",
                ) {
                    self.panels.unfold = Some(crate::ui::layout::Side::Right);
                }
            }
        }
        self.refresh_folds();
        egui::CentralPanel::default()
            .frame(egui::Frame::central_panel(ui.style()).inner_margin(0))
            .show(ui, |ui| {
                actions.extend(self.notices_ui(ui.ctx(), ui.max_rect()));
                actions.extend(self.loading_ui(ui));
                if self.search.open {
                    egui::Frame::new()
                        .inner_margin(egui::Margin::symmetric(8, 4))
                        .show(ui, |ui| {
                            actions.extend(search_bar_ui(
                                ui,
                                &self.document,
                                &mut self.search,
                                self.reader.top_offset,
                            ));
                        });
                }
                if self.filter.is_active() {
                    egui::Frame::new()
                        .inner_margin(egui::Margin::symmetric(8, 4))
                        .show(ui, |ui| {
                            actions.extend(filter_bar_ui(
                                ui,
                                self.study.set(),
                                &self.filter,
                                self.fold_unmatched,
                            ));
                        });
                }
                let input = ReaderInput {
                    doc: &self.document,
                    notes: self.study.set(),
                    revision: self.study.revision(),
                    filter: &self.filter,
                    folds: &self.folds,
                    selected: self.selected_highlight,
                    hits: &self.search.hits,
                    current_hit: self.search.current,
                };
                actions.extend(reader_ui(ui, &input, &mut self.reader, &style));
            });
        if self.show_shortcuts {
            self.shortcuts_window(&ctx);
        }
        actions.extend(session::prompts_ui(&ctx, self));
        if self.export.open {
            let shown = self
                .study
                .set()
                .highlights()
                .iter()
                .filter(|h| self.filter.matches(self.study.set(), h))
                .count();
            let counts = (self.study.set().highlights().len(), shown);
            actions.extend(crate::ui::export_window::export_window_ui(
                &ctx,
                &mut self.export,
                self.filter.is_active(),
                counts,
            ));
        }
        // Closing with unsaved changes asks first.
        if ctx.input(|i| i.viewport().close_requested()) && !self.session.closing {
            if self.is_dirty() && self.screenshot.is_none() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.after_prompt(&ctx, session::Pending::Close);
            } else if !self.is_dirty() {
                // A clean exit leaves no recovery file behind.
                if let Some(folder) = &self.session.recovery_dir {
                    crate::core::persist::recovery::clear(folder);
                }
            }
        }

        for action in actions {
            self.apply(&ctx, action);
        }
        if let Some(job) = self.screenshot.as_mut() {
            job.on_frame(&ctx);
        }
        self.autosave(&ctx);
        let now = ctx.input(|i| i.time);
        if self.status.as_ref().is_some_and(|(_, until)| now > *until) {
            self.status = None;
        }
        // Wake up once, when the next passing mark (status message, flash) is due to go.
        let next = [
            self.status.as_ref().map(|s| s.1),
            self.reader.flash.map(|f| f.1),
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
        if self.screenshot.is_none() {
            eframe::set_value(storage, STORAGE_KEY, &self.prefs);
        }
    }
}

/// The status bar's words for a selection: its length and the printed pages it covers,
/// cited as the exports cite them ("p. 287", "pp. 286–87").
fn selection_label(doc: &Document, range: CharRange) -> String {
    let pages = crate::core::citation::pages_label(doc, range);
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
    use crate::core::offset::{ByteOffset, CharOffset};

    #[test]
    fn the_status_bar_cites_a_selection_s_pages_as_the_exports_do() {
        let doc = Document::seed();
        let text = doc.text();
        // "will be [Page 287] considered": a selection ending just where p. 287 begins is on
        // p. 286 only; one across it is "pp. 286–87".
        let at = text.find("will be considered").expect("in the letter") + "will be ".len();
        let page_start = doc.char_of(ByteOffset(at));
        assert_eq!(doc.page_at(page_start), Some(287));
        let before = CharRange::new(CharOffset(page_start.0 - 8), page_start);
        assert_eq!(
            selection_label(&doc, before),
            "8 characters selected, p. 286"
        );
        let across = CharRange::new(CharOffset(page_start.0 - 8), CharOffset(page_start.0 + 10));
        assert_eq!(
            selection_label(&doc, across),
            "18 characters selected, pp. 286–87"
        );
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
