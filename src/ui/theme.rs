//! The interface's type sizes and colours beyond egui's defaults: side-panel text follows
//! the text-size setting (as the letter does), and hint text meets WCAG AA contrast
//! (4.5:1) in both themes.

use crate::ui::prefs::DEFAULT_FONT_SIZE;
use egui::{Color32, FontFamily, FontId, TextStyle};

/// Interface text sizes at the default reading size, in points.
const BODY: f32 = 14.0;
const SMALL: f32 = 12.0;
const HEADING: f32 = 19.0;
const MONOSPACE: f32 = 13.0;

/// Hint ("weak") text on light panels: contrast 6.1:1 on egui's light panel grey.
pub const WEAK_LIGHT: Color32 = Color32::from_gray(92);
/// Hint text on dark panels: contrast 7.4:1 on egui's dark panel grey.
pub const WEAK_DARK: Color32 = Color32::from_gray(168);

/// Sets the interface's text sizes for reading size `font_size`, and hint colours, in
/// both themes.
pub fn apply(ctx: &egui::Context, font_size: f32) {
    let scale = font_size / DEFAULT_FONT_SIZE;
    let size = |base: f32| (base * scale).round().max(10.0);
    ctx.all_styles_mut(|style| {
        let sizes = [
            (TextStyle::Small, size(SMALL), FontFamily::Proportional),
            (TextStyle::Body, size(BODY), FontFamily::Proportional),
            (TextStyle::Button, size(BODY), FontFamily::Proportional),
            (TextStyle::Heading, size(HEADING), FontFamily::Proportional),
            (TextStyle::Monospace, size(MONOSPACE), FontFamily::Monospace),
        ];
        for (text_style, points, family) in sizes {
            style
                .text_styles
                .insert(text_style, FontId::new(points, family));
        }
        style.visuals.weak_text_color = Some(if style.visuals.dark_mode {
            WEAK_DARK
        } else {
            WEAK_LIGHT
        });
    });
}

/// WCAG 2 contrast ratio of two opaque colours (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    fn luminance(c: Color32) -> f32 {
        let channel = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_text_meets_wcag_aa_on_every_background_of_both_themes() {
        for (weak, visuals) in [
            (WEAK_LIGHT, egui::Visuals::light()),
            (WEAK_DARK, egui::Visuals::dark()),
        ] {
            for background in [
                visuals.panel_fill,
                visuals.window_fill,
                visuals.extreme_bg_color,
                visuals.faint_bg_color,
            ] {
                // faint_bg_color is additive (transparent): over the panel it is close to it.
                let background = if background.a() < 255 {
                    visuals.panel_fill
                } else {
                    background
                };
                let ratio = contrast(weak, background);
                assert!(ratio >= 4.5, "{weak:?} on {background:?}: {ratio:.2}");
            }
        }
        // The formula itself: black on white is 21:1.
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
    }
}
