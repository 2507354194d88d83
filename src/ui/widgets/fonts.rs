//! The reading fonts, bundled so the program (and its tests) never depend on system fonts.

use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

/// The reader's default body text size, in points (the interface's sizes are scaled
/// from it).
pub const DEFAULT_FONT_SIZE: f32 = 18.0;

/// Font family for body text in the reader.
pub const SERIF: &str = "serif";
/// Font family for italic text in the reader.
pub const SERIF_ITALIC: &str = "serif-italic";
/// Font family for headings in the reader.
pub const SERIF_BOLD: &str = "serif-bold";

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/NotoSerif-Regular.ttf");
const ITALIC: &[u8] = include_bytes!("../../../assets/fonts/NotoSerif-Italic.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSerif-Bold.ttf");

/// The font family `name`, as egui knows it.
pub fn family(name: &str) -> FontFamily {
    FontFamily::Name(name.into())
}

/// egui's own fonts plus Noto Serif (regular, italic, bold) as the reader's families.
/// Noto Serif is also the last fallback of the interface font, so any Latin, Greek or
/// Cyrillic text a document carries can be shown in lists and tooltips too.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    for (name, bytes) in [(SERIF, REGULAR), (SERIF_ITALIC, ITALIC), (SERIF_BOLD, BOLD)] {
        fonts
            .font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
    }
    // Each serif face falls back to the interface fonts for what it lacks (arrows, icons).
    let fallbacks: Vec<String> = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    for name in [SERIF, SERIF_ITALIC, SERIF_BOLD] {
        let mut chain = vec![name.to_owned()];
        chain.extend(fallbacks.iter().cloned());
        fonts.families.insert(family(name), chain);
    }
    for generic in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(generic)
            .or_default()
            .push(SERIF.to_owned());
    }
    fonts
}

/// Installs the fonts into `ctx`.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
