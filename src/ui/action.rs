//! What the user can ask for. Panels return [`Action`]s; the app applies them after every
//! panel has been drawn, so no panel changes shared state while another is drawing.

use crate::core::offset::CharOffset;
use crate::ui::prefs::ThemeChoice;
use egui::{Key, KeyboardShortcut, Modifiers};
use std::path::PathBuf;

/// A command with a name and perhaps a shortcut: menus and keyboard handling share this
/// one list, so a menu always shows the shortcut that really works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    OpenDocument,
    Quit,
    Copy,
    SelectAll,
    ClearSelection,
    FontLarger,
    FontSmaller,
    FontReset,
    ToggleOutline,
}

impl Command {
    /// Every command that has a keyboard shortcut, checked each frame.
    pub const WITH_SHORTCUTS: [Command; 8] = [
        Command::OpenDocument,
        Command::Quit,
        Command::SelectAll,
        Command::ClearSelection,
        Command::FontLarger,
        Command::FontSmaller,
        Command::FontReset,
        Command::ToggleOutline,
    ];

    /// The name shown in menus.
    pub fn label(self) -> &'static str {
        match self {
            Command::OpenDocument => "Open document…",
            Command::Quit => "Quit",
            Command::Copy => "Copy",
            Command::SelectAll => "Select all",
            Command::ClearSelection => "Clear selection",
            Command::FontLarger => "Larger text",
            Command::FontSmaller => "Smaller text",
            Command::FontReset => "Default text size",
            Command::ToggleOutline => "Outline panel",
        }
    }

    /// The keyboard shortcut, if any. Copy is left to the system's copy event, which
    /// arrives for Ctrl+C on every platform.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let command = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        match self {
            Command::OpenDocument => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::O,
            )),
            Command::Quit => command(Key::Q),
            Command::Copy => command(Key::C),
            Command::SelectAll => command(Key::A),
            Command::ClearSelection => Some(KeyboardShortcut::new(Modifiers::NONE, Key::Escape)),
            Command::FontLarger => command(Key::Equals),
            Command::FontSmaller => command(Key::Minus),
            Command::FontReset => command(Key::Num0),
            Command::ToggleOutline => command(Key::L),
        }
    }

    /// Other key combinations that run the same command (Ctrl++ as well as Ctrl+=).
    pub fn extra_shortcuts(self) -> &'static [KeyboardShortcut] {
        const PLUS: [KeyboardShortcut; 1] = [KeyboardShortcut::new(Modifiers::COMMAND, Key::Plus)];
        match self {
            Command::FontLarger => &PLUS,
            _ => &[],
        }
    }
}

/// A request from a panel, applied by the app after drawing.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Run(Command),
    /// Open the document at this path.
    OpenPath(PathBuf),
    /// Scroll the reader so this position is at the top.
    ScrollTo(CharOffset),
    /// Show footnote N in the outline (from a click on its call in the text).
    ShowFootnote(u32),
    /// Scroll the reader to footnote N's call (from a click in the outline).
    GoToFootnoteCall(u32),
    SetTheme(ThemeChoice),
    /// Dismiss the message at this index.
    DismissNotice(usize),
}
