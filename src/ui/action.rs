//! What the user can ask for. Panels return [`Action`]s; the app applies them after every
//! panel has been drawn, so no panel changes shared state while another is drawing.

use crate::core::study::edit::Edit;
use crate::core::study::filter::FilterMode;
use crate::core::study::highlight::HighlightId;
use crate::core::study::history::Coalesce;
use crate::core::study::source::SourceId;
use crate::core::study::topic::TopicId;
use crate::core::text::{CharOffset, CharRange};
use crate::ui::system::prefs::ThemeChoice;
use egui::{Key, KeyboardShortcut, Modifiers};
use std::path::PathBuf;

/// A command with a name and perhaps a shortcut: menus, keyboard handling and the
/// shortcuts help share this one list, so each shows the shortcut that really works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    NewNoteSet,
    OpenNoteSet,
    Save,
    SaveAs,
    MergeNoteSet,
    ExportHighlights,
    OpenDocument,
    Quit,
    Undo,
    Redo,
    Copy,
    CopyWithCitation,
    SelectAll,
    ClearSelection,
    Highlight,
    DeleteHighlight,
    /// Apply the n-th topic (1–9) to the selection or the selected highlight.
    ApplyTopic(u8),
    Find,
    /// Find a phrase in every document of the study.
    FindInStudy,
    /// The study at a glance: topics, over time, together.
    Overview,
    /// Every passage of the study the filter shows.
    ShowPassages,
    /// Back to the document (and place) before the last jump.
    Back,
    Forward,
    FontLarger,
    FontSmaller,
    FontReset,
    ToggleOutline,
    ShortcutsHelp,
}

/// Keys for the first nine topics.
const DIGITS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

impl Command {
    /// Every command, in the order the shortcuts help lists them.
    pub fn all() -> Vec<Command> {
        let mut all = vec![
            Command::NewNoteSet,
            Command::OpenNoteSet,
            Command::Save,
            Command::SaveAs,
            Command::MergeNoteSet,
            Command::ExportHighlights,
            Command::OpenDocument,
            Command::Quit,
            Command::Undo,
            Command::Redo,
            Command::Copy,
            Command::CopyWithCitation,
            Command::SelectAll,
            Command::ClearSelection,
            Command::Highlight,
            Command::DeleteHighlight,
        ];
        all.extend((1..=9).map(Command::ApplyTopic));
        all.extend([
            Command::Find,
            Command::FindInStudy,
            Command::Overview,
            Command::ShowPassages,
            Command::Back,
            Command::Forward,
            Command::FontLarger,
            Command::FontSmaller,
            Command::FontReset,
            Command::ToggleOutline,
            Command::ShortcutsHelp,
        ]);
        all
    }

    /// The name shown in menus.
    pub fn label(self) -> String {
        match self {
            Command::NewNoteSet => "New note set".into(),
            Command::OpenNoteSet => "Open note set…".into(),
            Command::Save => "Save".into(),
            Command::SaveAs => "Save as…".into(),
            Command::MergeNoteSet => "Merge note set…".into(),
            Command::ExportHighlights => "Export highlights…".into(),
            Command::CopyWithCitation => "Copy with citation".into(),
            Command::OpenDocument => "Open document…".into(),
            Command::Quit => "Quit".into(),
            Command::Undo => "Undo".into(),
            Command::Redo => "Redo".into(),
            Command::Copy => "Copy".into(),
            Command::SelectAll => "Select all".into(),
            Command::ClearSelection => "Clear selection".into(),
            Command::Highlight => "Highlight selection".into(),
            Command::DeleteHighlight => "Delete highlight".into(),
            Command::ApplyTopic(n) => format!("Apply topic {n}"),
            Command::Find => "Find in text…".into(),
            Command::FindInStudy => "Find in study…".into(),
            Command::Overview => "Overview".into(),
            Command::ShowPassages => "Passages of the study".into(),
            Command::Back => "Back".into(),
            Command::Forward => "Forward".into(),
            Command::FontLarger => "Larger text".into(),
            Command::FontSmaller => "Smaller text".into(),
            Command::FontReset => "Default text size".into(),
            Command::ToggleOutline => "Outline panel".into(),
            Command::ShortcutsHelp => "Keyboard shortcuts".into(),
        }
    }

    /// The keyboard shortcut, if any. Copy is left to the system's copy event, which
    /// arrives for Ctrl+C on every platform.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let command = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        let plain = |key| Some(KeyboardShortcut::new(Modifiers::NONE, key));
        match self {
            Command::NewNoteSet => None,
            Command::OpenNoteSet => command(Key::O),
            Command::Save => command(Key::S),
            Command::SaveAs => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::S,
            )),
            Command::MergeNoteSet => None,
            Command::ExportHighlights => command(Key::E),
            Command::CopyWithCitation => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::C,
            )),
            Command::OpenDocument => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::O,
            )),
            Command::Quit => command(Key::Q),
            Command::Undo => command(Key::Z),
            Command::Redo => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::Z,
            )),
            Command::Copy => command(Key::C),
            Command::SelectAll => command(Key::A),
            Command::ClearSelection => plain(Key::Escape),
            Command::Highlight => plain(Key::H),
            Command::DeleteHighlight => plain(Key::Delete),
            Command::ApplyTopic(n) => DIGITS
                .get(usize::from(n).wrapping_sub(1))
                .and_then(|k| plain(*k)),
            Command::Find => command(Key::F),
            Command::FindInStudy => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::F,
            )),
            Command::ShowPassages => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::P,
            )),
            Command::Overview => command(Key::Num4),
            Command::Back => Some(KeyboardShortcut::new(Modifiers::ALT, Key::ArrowLeft)),
            Command::Forward => Some(KeyboardShortcut::new(Modifiers::ALT, Key::ArrowRight)),
            Command::FontLarger => command(Key::Equals),
            Command::FontSmaller => command(Key::Minus),
            Command::FontReset => command(Key::Num0),
            Command::ToggleOutline => command(Key::L),
            Command::ShortcutsHelp => plain(Key::F1),
        }
    }

    /// Other key combinations that run the same command (Ctrl++ as well as Ctrl+=).
    pub fn extra_shortcuts(self) -> &'static [KeyboardShortcut] {
        const PLUS: [KeyboardShortcut; 1] = [KeyboardShortcut::new(Modifiers::COMMAND, Key::Plus)];
        const CTRL_Y: [KeyboardShortcut; 1] = [KeyboardShortcut::new(Modifiers::COMMAND, Key::Y)];
        const BACKSPACE: [KeyboardShortcut; 1] =
            [KeyboardShortcut::new(Modifiers::NONE, Key::Backspace)];
        match self {
            Command::FontLarger => &PLUS,
            Command::Redo => &CTRL_Y,
            Command::DeleteHighlight => &BACKSPACE,
            _ => &[],
        }
    }

    /// True for commands whose keys a focused text field needs for itself (plain letters,
    /// digits, Delete, Escape, select-all): they are not taken while the user types.
    pub fn yields_to_text_fields(self) -> bool {
        matches!(
            self,
            Command::SelectAll
                | Command::Copy
                | Command::CopyWithCitation
                | Command::ClearSelection
                | Command::Highlight
                | Command::DeleteHighlight
                | Command::ApplyTopic(_)
        )
    }
}

/// A request from a panel, applied by the app after drawing. Each kind belongs to the part
/// of the window that applies it, so the compiler routes it and none can be dropped.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A command of the menus and shortcuts.
    Run(Command),
    View(ViewAction),
    Study(StudyAction),
    Workspace(WorkspaceAction),
    Session(SessionAction),
    Window(WindowAction),
}

/// What changes only what is on screen: scrolling, the selection a Find hit makes, the
/// filter, folds, footnotes, notices. Applied by `View::apply` to the view and the
/// reader's and outline's states; it reads the document and the note set and changes
/// neither.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewAction {
    /// Add or remove a topic from the filter.
    ToggleFilterTopic(TopicId),
    /// Tick (or untick) every topic nested below a parent that is no topic of its own
    /// ("Arms control" of "Arms control/SALT").
    ToggleFilterFamily(String),
    SetFilterMode(FilterMode),
    SetShowUntagged(bool),
    SetFoldUnmatched(bool),
    ClearFilter,
    /// Unfold the folded stretch that starts at this block.
    Unfold(usize),
    /// Scroll the reader so this position is at the top.
    ScrollTo(CharOffset),
    /// Scroll the reader so this position shows a quarter of the way down.
    ScrollToInContext(CharOffset),
    /// Make this span (a Find hit) the selection and show it, so that H highlights it.
    SelectFound(crate::core::text::CharRange),
    /// Scroll the reader to footnote N's call (from a click in the outline).
    GoToFootnoteCall(u32),
    /// Select and show where an uncertain highlight may be.
    ShowProposal(HighlightId),
    /// Dismiss the message at this index.
    DismissNotice(usize),
}

impl From<ViewAction> for Action {
    fn from(action: ViewAction) -> Self {
        Action::View(action)
    }
}

/// A change to the note set, each made an `Edit` through the study's history (undoable).
#[derive(Debug, Clone, PartialEq)]
pub enum StudyAction {
    /// A change to the note set, recorded for undo under `label`.
    Edit {
        edit: Edit,
        coalesce: Option<Coalesce>,
    },
    /// Highlight this passage (widened to whole words unless `exact`) with these topics;
    /// the same passage highlighted again gets the topics, not a second highlight.
    Highlight {
        range: CharRange,
        exact: bool,
        topics: Vec<TopicId>,
    },
    /// Create a topic with this name and the next free colour.
    CreateTopic(String),
    /// Tag these hits with a topic, as one undoable step.
    TagHits {
        hits: Vec<(DocRef, crate::core::text::CharRange)>,
        topic: TopicChoice,
    },
    /// Set (or reset, with `None`) the note set's citation template.
    SetCitationTemplate(Option<String>),
    /// Attach an orphaned highlight to this passage (the selection it was asked with).
    PlaceOrphan {
        highlight: HighlightId,
        range: CharRange,
    },
    /// Place an uncertain highlight where re-anchoring proposed (the reader confirms it).
    ConfirmProposal(HighlightId),
    /// After a merge: put the set-aside version of conflict N in place.
    UseOtherVersion(usize),
}

impl From<StudyAction> for Action {
    fn from(action: StudyAction) -> Self {
        Action::Study(action)
    }
}

/// What is open: the document the reader shows, the study's documents, a file being
/// read.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkspaceAction {
    /// Open the document at this path.
    OpenPath(PathBuf),
    /// Add these files to the study: a text becomes a source, a volume's documents
    /// become available; the first is shown.
    AddPaths(Vec<PathBuf>),
    /// Open this document (by its index) of the open TEI volume.
    OpenVolumeDocument(usize),
    /// Show a document of the study or of an open volume.
    OpenDoc(DocRef),
    /// Show a document with this passage selected and in view.
    OpenDocAt(DocRef, crate::core::text::CharRange),
    /// Ask whether to take a document (and its highlights) out of the study.
    AskRemoveSource(SourceId),
    /// Take a document and its highlights out of the study (one undoable step).
    RemoveSource(SourceId),
    /// Stop waiting for a large file being opened.
    CancelLoading,
}

impl From<WorkspaceAction> for Action {
    fn from(action: WorkspaceAction) -> Self {
        Action::Workspace(action)
    }
}

/// The note set as a file: open, save, merge, name, recovery, and the answers to their
/// questions.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionAction {
    /// Open the note set at this path (asking to save changes first).
    OpenNoteSet(PathBuf),
    /// Open the note set at this path on the open document, re-anchoring to its text.
    OpenNoteSetHere(PathBuf),
    /// The answer to "document not found": which document to open the set on (`None`:
    /// don't open it).
    OpenSetWithHintedDocument(Option<MissingDocumentChoice>),
    /// Merge the note set at this path into the current one.
    MergeNoteSet(PathBuf),
    SetNoteSetTitle(String),
    /// Save into a new file in the note-sets folder, named after the title.
    SaveAsNew,
    /// Name a set saved for the first time, and save it under that name.
    SaveNamed(String),
    /// Leave the naming question unanswered: nothing is saved.
    CancelNaming,
    RefreshNoteSets,
    /// The answer to "the note set's file changed on disk".
    DiskConflict(DiskChoice),
    /// Use this folder for note sets from now on.
    SetSavesFolder(PathBuf),
    /// The answer to "Save changes?".
    Prompt(PromptChoice),
    RestoreRecovery,
    DiscardRecovery,
    DismissConflict(usize),
}

impl From<SessionAction> for Action {
    fn from(action: SessionAction) -> Self {
        Action::Session(action)
    }
}

/// What concerns several parts at once: the selected highlight, exports, charts, the
/// theme, messages.
#[derive(Debug, Clone, PartialEq)]
pub enum WindowAction {
    /// Select a highlight (or none) and show it in the side panel.
    SelectHighlight(Option<HighlightId>),
    /// Select a highlight and scroll the reader to it.
    GoToHighlight(HighlightId),
    /// Save a picture of this part of the window (a chart) as PNG into the note-sets
    /// folder.
    SaveChartPng {
        name: String,
        rect: egui::Rect,
    },
    /// Write a chart's numbers as CSV into the note-sets folder.
    SaveChartCsv {
        name: String,
        csv: String,
    },
    /// Show in the Passages tab the passages of a topic (`None`: every topic the filter
    /// shows) in these documents (a period of the Overview, named `label`).
    ShowPassagesOf {
        topic: Option<TopicId>,
        sources: std::collections::BTreeSet<SourceId>,
        label: String,
    },
    /// Open Tag all hits for this phrase, in the open document or the whole study.
    OpenTagAll {
        query: String,
        in_study: bool,
    },
    /// Show footnote N in the outline (from a click on its call in the text).
    ShowFootnote(u32),
    SetTheme(ThemeChoice),
    /// Show a message (something could not be done, and why).
    Notify(String),
    /// Write the export the export window describes.
    ExportNow,
    /// Export over the existing file the window asked about.
    ExportReplace,
    /// Makes the next frame panic: tests use it to check that a panic first saves the
    /// notes to the recovery file. No menu or key sends it, and release builds lack it.
    #[cfg(debug_assertions)]
    DebugPanic,
    /// Pick the export's file with a dialog.
    ChooseExportFile,
}

impl From<WindowAction> for Action {
    fn from(action: WindowAction) -> Self {
        Action::Window(action)
    }
}

/// A document the window can show: a source of the study (its text in the library), or
/// a document of an open TEI volume (by the volume's file and the document's place).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DocRef {
    Source(SourceId),
    InVolume {
        volume: String,
        index: usize,
    },
    /// The document open in the window.
    Open,
}

/// The topic hits are tagged with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopicChoice {
    Existing(TopicId),
    /// A new topic of this name, made in the same step.
    New(String),
}

/// The answer to "Save changes?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptChoice {
    Save,
    Discard,
    Cancel,
}

/// Which document a note set whose own was not found is opened on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingDocumentChoice {
    /// The file the set's path hint names, although its text differs.
    HintedFile,
    /// The document open in the window.
    OpenDocument,
}

/// The answer to "changed on disk since you opened it".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskChoice {
    /// Write this set over whatever is there now.
    Overwrite,
    /// Merge what is there into this set first (nothing is written yet).
    MergeFirst,
    Cancel,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command's place in a count of all of them. The match names each variant,
    /// so a new command does not compile until it is counted here; the test below then
    /// fails until [`Command::all`] lists it.
    fn ordinal(c: Command) -> usize {
        match c {
            Command::NewNoteSet => 0,
            Command::OpenNoteSet => 1,
            Command::Save => 2,
            Command::SaveAs => 3,
            Command::MergeNoteSet => 4,
            Command::ExportHighlights => 5,
            Command::OpenDocument => 6,
            Command::Quit => 7,
            Command::Undo => 8,
            Command::Redo => 9,
            Command::Copy => 10,
            Command::CopyWithCitation => 11,
            Command::SelectAll => 12,
            Command::ClearSelection => 13,
            Command::Highlight => 14,
            Command::DeleteHighlight => 15,
            Command::Find => 16,
            Command::FontLarger => 17,
            Command::FontSmaller => 18,
            Command::FontReset => 19,
            Command::ToggleOutline => 20,
            Command::ShortcutsHelp => 21,
            Command::FindInStudy => 22,
            Command::ShowPassages => 23,
            Command::Back => 24,
            Command::Forward => 25,
            Command::Overview => 26,
            // Topics 1–9.
            Command::ApplyTopic(n) => 26 + usize::from(n),
        }
    }

    /// Commands in all: the ones above, and nine topic keys.
    const COUNT: usize = 36;

    #[test]
    fn every_command_is_listed_once() {
        let mut seen: Vec<usize> = Command::all().into_iter().map(ordinal).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..COUNT).collect::<Vec<_>>());
    }

    #[test]
    fn no_two_commands_share_a_key() {
        let mut seen: Vec<(KeyboardShortcut, Command)> = Vec::new();
        for command in Command::all() {
            for shortcut in command
                .shortcut()
                .into_iter()
                .chain(command.extra_shortcuts().iter().copied())
            {
                if let Some((_, other)) = seen.iter().find(|(s, _)| *s == shortcut) {
                    panic!("{command:?} and {other:?} share {shortcut:?}");
                }
                seen.push((shortcut, command));
            }
        }
        // Nine topic keys, and a command per key besides.
        assert!(seen.len() >= 9 + 20, "{}", seen.len());
    }

    #[test]
    fn every_label_is_distinct() {
        let labels: Vec<String> = Command::all().iter().map(|c| c.label()).collect();
        for (i, label) in labels.iter().enumerate() {
            assert!(!labels[..i].contains(label), "{label} twice");
        }
    }
}
