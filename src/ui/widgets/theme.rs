//! The interface's type sizes and colours beyond egui's defaults: side-panel text follows
//! the text-size setting (as the letter does), and hint text meets WCAG AA contrast
//! (4.5:1) in both themes.

use crate::ui::widgets::fonts::DEFAULT_FONT_SIZE;
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

/// An sRGB channel (0–255) as linear light (0–1).
fn linear(v: u8) -> f32 {
    let v = f32::from(v) / 255.0;
    if v <= 0.040_45 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// WCAG 2 contrast ratio of two opaque colours (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    fn luminance(c: Color32) -> f32 {
        0.2126 * linear(c.r()) + 0.7152 * linear(c.g()) + 0.0722 * linear(c.b())
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

    /// CIE L*a*b* of an sRGB colour (D65).
    fn lab(c: Color32) -> [f32; 3] {
        let (r, g, b) = (linear(c.r()), linear(c.g()), linear(c.b()));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
        let f = |t: f32| {
            if t > 0.008_856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    fn delta_e(a: Color32, b: Color32) -> f32 {
        let (a, b) = (lab(a), lab(b));
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
    }

    /// `color` at `alpha` over `background`, as the reader paints a highlight.
    fn over(color: Color32, alpha: f32, background: Color32) -> Color32 {
        let mix =
            |c: u8, b: u8| (alpha * f32::from(c) + (1.0 - alpha) * f32::from(b)).round() as u8;
        Color32::from_rgb(
            mix(color.r(), background.r()),
            mix(color.g(), background.g()),
            mix(color.b(), background.b()),
        )
    }

    #[test]
    fn highlight_colours_stand_apart_from_the_selection_and_from_each_other() {
        use crate::core::study::topic::PALETTE;
        use crate::ui::widgets::marks::topic_color;
        // The reader paints a single highlight at 34 % (light) or 42 % (dark) and the
        // selection at 60 % of egui's selection colour, over the panel.
        for (visuals, alpha) in [
            (egui::Visuals::light(), 0.34),
            (egui::Visuals::dark(), 0.42),
        ] {
            let page = visuals.panel_fill;
            let selection = over(visuals.selection.bg_fill, 0.6, page);
            let drawn: Vec<Color32> = PALETTE
                .iter()
                .map(|c| over(topic_color(*c), alpha, page))
                .collect();
            for (i, c) in drawn.iter().enumerate() {
                let from_selection = delta_e(*c, selection);
                assert!(
                    from_selection >= 15.0,
                    "palette colour {i} is too close to the selection: ΔE {from_selection:.1}"
                );
                for (j, d) in drawn.iter().enumerate().skip(i + 1) {
                    let apart = delta_e(*c, *d);
                    assert!(apart >= 9.0, "palette colours {i} and {j}: ΔE {apart:.1}");
                }
            }
        }
    }
}
