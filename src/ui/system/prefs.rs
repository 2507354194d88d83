//! Interface preferences, kept by eframe's storage between runs (never in a note set).

use serde::{Deserialize, Serialize};

/// Version of the stored preferences; older versions load with defaults for new fields.
pub const PREFERENCES_VERSION: u32 = 1;
/// Storage key for the preferences.
pub const STORAGE_KEY: &str = "marginalia.preferences";

use crate::ui::widgets::fonts::DEFAULT_FONT_SIZE;
/// The smallest and largest body text sizes offered.
pub const FONT_SIZE_RANGE: (f32, f32) = (10.0, 40.0);

/// Light, dark, or whatever the system says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ThemeChoice {
    #[default]
    Light,
    Dark,
    System,
}

impl ThemeChoice {
    /// The name shown in the View menu.
    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
            ThemeChoice::System => "Follow system",
        }
    }

    /// egui's equivalent.
    pub fn to_egui(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
            ThemeChoice::System => egui::ThemePreference::System,
        }
    }
}

/// What the user set in the View menu.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    pub version: u32,
    pub theme: ThemeChoice,
    pub font_size: f32,
    pub show_outline: bool,
    /// Recently opened or saved note sets, newest first.
    pub recent: Vec<String>,
    /// The folder of note sets, when the user chose one (else `saves/`).
    pub saves_dir: Option<String>,
    /// The outline's width as the user last dragged it (a small window may show it
    /// narrower, or folded, without changing this).
    pub left_width: f32,
    /// The study panel's width as the user last dragged it.
    pub right_width: f32,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            version: PREFERENCES_VERSION,
            theme: ThemeChoice::Light,
            font_size: DEFAULT_FONT_SIZE,
            show_outline: true,
            recent: Vec::new(),
            saves_dir: None,
            left_width: crate::ui::widgets::panel_sizes::LEFT_DEFAULT,
            right_width: crate::ui::widgets::panel_sizes::RIGHT_DEFAULT,
        }
    }
}

impl Preferences {
    /// Reads the preferences from eframe's storage. None stored gives the defaults; stored
    /// ones that cannot be read give the defaults too, and a message saying so.
    pub fn load(storage: Option<&dyn eframe::Storage>) -> (Self, Option<String>) {
        match storage.and_then(|s| s.get_string(STORAGE_KEY)) {
            None => (Preferences::default(), None),
            Some(text) => Self::from_stored(&text),
        }
    }

    /// The preferences in `text` as eframe stored them, or the defaults and why.
    pub fn from_stored(text: &str) -> (Self, Option<String>) {
        match ron::from_str::<Preferences>(text) {
            Ok(prefs) => (prefs.sanitized(), None),
            Err(e) => (
                Preferences::default(),
                Some(format!(
                    "Your saved preferences could not be read ({e}); the defaults are used, and saved when the window closes."
                )),
            ),
        }
    }

    /// Clamps values a hand-edited or older file may have put out of range.
    pub fn sanitized(mut self) -> Self {
        self.version = PREFERENCES_VERSION;
        let (min, max) = FONT_SIZE_RANGE;
        self.font_size = if self.font_size.is_finite() {
            self.font_size.clamp(min, max)
        } else {
            DEFAULT_FONT_SIZE
        };
        use crate::ui::widgets::panel_sizes::{
            LEFT_DEFAULT, LEFT_MIN, PANEL_MAX, RIGHT_DEFAULT, RIGHT_MIN,
        };
        let width = |w: f32, min: f32, default: f32| {
            if w.is_finite() {
                w.clamp(min, PANEL_MAX)
            } else {
                default
            }
        };
        self.left_width = width(self.left_width, LEFT_MIN, LEFT_DEFAULT);
        self.right_width = width(self.right_width, RIGHT_MIN, RIGHT_DEFAULT);
        self
    }

    /// Changes the body text size by `steps` points, within range.
    pub fn step_font_size(&mut self, steps: f32) {
        let (min, max) = FONT_SIZE_RANGE;
        self.font_size = (self.font_size + steps).clamp(min, max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_values_are_clamped() {
        let p = Preferences {
            font_size: f32::NAN,
            ..Default::default()
        }
        .sanitized();
        assert_eq!(p.font_size, DEFAULT_FONT_SIZE);
        let mut p = Preferences::default();
        p.step_font_size(100.0);
        assert_eq!(p.font_size, FONT_SIZE_RANGE.1);
    }

    #[test]
    fn older_stored_preferences_fill_in_defaults() {
        let p: Preferences = ron::from_str("(theme: Dark)").unwrap();
        assert_eq!(p.theme, ThemeChoice::Dark);
        assert_eq!(p.font_size, DEFAULT_FONT_SIZE);
        assert!(p.show_outline);
    }

    #[test]
    fn unreadable_stored_preferences_give_the_defaults_and_say_so() {
        let (p, problem) = Preferences::from_stored("(theme: Dark)");
        assert_eq!((p.theme, problem), (ThemeChoice::Dark, None));
        let (p, problem) = Preferences::from_stored("(theme: Purple, font_size: ");
        assert_eq!(p, Preferences::default());
        let problem = problem.expect("a message");
        assert!(problem.contains("defaults"), "{problem}");
        assert_eq!(Preferences::load(None), (Preferences::default(), None));
    }
}
