//! A PDF page's glyphs as the layout needs them: the text each stands for (from the font's
//! ToUnicode map or its encoding), where it stands on the page (top-left origin, points),
//! its size and advance, and its font's weight and slant. Drawn by `hayro-interpret`
//! into a device that keeps glyphs and the area covered by images, nothing else.

use hayro_interpret::font::{Glyph as HayroGlyph, GlyphRun};
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::hayro_syntax::page::{Page, Rotation};
use hayro_interpret::kurbo::{Affine, BezPath, Point, Rect};
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageDrawProps,
    InterpreterCache, InterpreterSettings, SoftMask, interpret_page,
};

/// One glyph drawn on a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// Where its text starts in [`PageGlyphs::text`] (bytes), and how long it is.
    pub start: u32,
    pub len: u16,
    /// The left end of its baseline, from the page's top-left corner, in points.
    pub x: f32,
    pub y: f32,
    /// The type size, in points.
    pub size: f32,
    /// How far the next glyph would stand, in points.
    pub advance: f32,
    /// Set in a bold or italic face (as far as the font program tells).
    pub bold: bool,
    pub italic: bool,
}

/// Everything drawn on one page that the reader uses.
#[derive(Debug, Clone, Default)]
pub struct PageGlyphs {
    /// The glyphs in the order the page draws them.
    pub glyphs: Vec<Glyph>,
    /// Their text, one after the other.
    pub text: String,
    /// Glyphs with no text to be had from their font (no ToUnicode, no known names).
    pub unmapped: usize,
    /// The page's size in points (as shown: rotation applied).
    pub width: f32,
    pub height: f32,
    /// The share of the page's area covered by images (0–1, overlaps counted twice).
    pub image_cover: f32,
    /// More glyphs were drawn than are kept ([`MAX_GLYPHS_PER_PAGE`]).
    pub truncated: bool,
}

impl PageGlyphs {
    /// The text of glyph `g`.
    pub fn text_of(&self, g: &Glyph) -> &str {
        let start = g.start as usize;
        self.text.get(start..start + g.len as usize).unwrap_or("")
    }
}

/// A page drawing more glyphs than this is read only so far (a hostile or broken page).
pub const MAX_GLYPHS_PER_PAGE: usize = 200_000;

/// Collects glyphs and image areas while the interpreter draws a page.
struct Collector {
    page: PageGlyphs,
    /// From user space to the page as shown, top-left origin.
    to_page: Affine,
}

impl Collector {
    fn push(&mut self, text: &str, at: Point, size: f64, advance: f64, style: (bool, bool)) {
        if self.page.glyphs.len() >= MAX_GLYPHS_PER_PAGE {
            self.page.truncated = true;
            return;
        }
        let start = self.page.text.len();
        // A glyph standing for more than a short run of characters is not a glyph's text.
        let text: String = text.chars().take(8).collect();
        self.page.text.push_str(&text);
        self.page.glyphs.push(Glyph {
            start: start as u32,
            len: text.len() as u16,
            x: at.x as f32,
            y: at.y as f32,
            size: size as f32,
            advance: advance as f32,
            bold: style.0,
            italic: style.1,
        });
    }
}

impl Device<'_> for Collector {
    fn draw_path(&mut self, _: &BezPath, _: DrawProps<'_>, _: &DrawMode) {}

    fn push_clip_path(&mut self, _: &ClipPath) {}

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'_>>, _: BlendMode) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, '_>, props: DrawProps<'_>, _: &DrawMode) {
        // One run is shown in one font: its weight and slant are looked up once.
        let style = run
            .glyphs()
            .iter()
            .find_map(|g| match &**g {
                HayroGlyph::Outline(o) => Some(o.font_data()),
                HayroGlyph::Type3(_) => None,
            })
            .flatten()
            .map(|data| (data.weight.is_some_and(|w| w >= 600), data.is_italic))
            .unwrap_or((false, false));
        for g in run.glyphs() {
            let transform = self.to_page * props.transform * g.transform();
            let [a, b, c, d, _, _] = transform.as_coeffs();
            // Glyph space is a thousandth of the type size (hayro's units per em).
            let size = (c * c + d * d).sqrt() * 1000.0;
            let x_scale = (a * a + b * b).sqrt();
            let units = match &**g {
                HayroGlyph::Outline(o) => o.advance_width().map(f64::from),
                HayroGlyph::Type3(t) => t.advance_width().map(f64::from),
            };
            let advance = units.map_or(size * 0.5, |u| u * x_scale);
            let at = transform * Point::ZERO;
            match g.as_unicode() {
                Some(BfString::Char(ch)) => {
                    let mut buf = [0u8; 4];
                    self.push(ch.encode_utf8(&mut buf), at, size, advance, style)
                }
                Some(BfString::String(s)) => self.push(&s, at, size, advance, style),
                None => self.page.unmapped += 1,
            }
        }
    }

    fn draw_image(&mut self, image: Image<'_, '_>, props: ImageDrawProps<'_>) {
        // The transform places the image's pixels on the page.
        let pixels = Rect::new(
            0.0,
            0.0,
            f64::from(image.width()),
            f64::from(image.height()),
        );
        let area = (self.to_page * props.transform)
            .transform_rect_bbox(pixels)
            .area();
        let page = f64::from(self.page.width) * f64::from(self.page.height);
        if page > 0.0 {
            self.page.image_cover += (area / page) as f32;
        }
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

/// The transform from a page's user space to the page as shown: the crop box's top-left
/// corner at the origin, y downwards, the page's /Rotate applied.
fn page_transform(page: &Page<'_>) -> (Affine, f32, f32) {
    let crop = page.intersected_crop_box();
    let (w, h) = (crop.width(), crop.height());
    let flip = Affine::new([1.0, 0.0, 0.0, -1.0, -crop.x0, crop.y1]);
    let (turn, width, height) = match page.rotation() {
        Rotation::None => (Affine::IDENTITY, w, h),
        Rotation::Horizontal => (Affine::new([0.0, 1.0, -1.0, 0.0, h, 0.0]), h, w),
        Rotation::Flipped => (Affine::new([-1.0, 0.0, 0.0, -1.0, w, h]), w, h),
        Rotation::FlippedHorizontal => (Affine::new([0.0, -1.0, 1.0, 0.0, 0.0, w]), h, w),
    };
    (turn * flip, width as f32, height as f32)
}

/// Draws `page` and keeps its glyphs. `cache` is shared by the document's pages (fonts
/// are read once).
pub fn page_glyphs<'a>(
    page: &Page<'a>,
    cache: &InterpreterCache<'a>,
    xref: &'a hayro_interpret::hayro_syntax::xref::XRef,
) -> PageGlyphs {
    let (to_page, width, height) = page_transform(page);
    let mut collector = Collector {
        page: PageGlyphs {
            width,
            height,
            ..PageGlyphs::default()
        },
        to_page,
    };
    let mut context = Context::new(
        Affine::IDENTITY,
        Rect::new(0.0, 0.0, f64::from(width), f64::from(height)),
        cache,
        xref,
        InterpreterSettings::default(),
    );
    interpret_page(page, &mut context, &mut collector);
    let mut page = collector.page;
    normalise(&mut page);
    page
}

/// A character a broken ToUnicode map wrote with its bytes swapped: a letter of ASCII in
/// the high byte, nothing in the low ("f" as U+6600 — some Ghostscript versions write
/// ligatures so). Its letter, if so.
fn swapped_ascii(c: char) -> Option<char> {
    let v = u32::from(c);
    (v & 0xff == 0 && (0x21..0x7f).contains(&(v >> 8))).then(|| char::from((v >> 8) as u8))
}

/// Characters no Latin word holds: CJK, Hangul and the private use area. On a page of
/// Latin text they are a broken ToUnicode map's output, not the document's.
fn foreign(c: char) -> bool {
    ('\u{2e80}'..='\u{d7ff}').contains(&c) || ('\u{e000}'..='\u{f8ff}').contains(&c)
}

/// Each glyph's text as a reader means it: ligatures (ﬁ, ﬂ, ﬀ, ﬃ, ﬄ, ﬅ, ﬆ) as their
/// letters. On a page of Latin text (CJK, Hangul or private-use characters under a tenth
/// of its letters), those characters are a broken map's: the byte-swapped kind are mended
/// to the letter they hide, the others left out and counted as unmapped.
fn normalise(page: &mut PageGlyphs) {
    let latin = page.text.chars().filter(char::is_ascii_alphabetic).count();
    let suspect = page.text.chars().filter(|&c| foreign(c)).count();
    let mend = suspect > 0 && suspect * 10 < latin;
    let ligature = |c: char| match c {
        '\u{fb00}' => Some("ff"),
        '\u{fb01}' => Some("fi"),
        '\u{fb02}' => Some("fl"),
        '\u{fb03}' => Some("ffi"),
        '\u{fb04}' => Some("ffl"),
        '\u{fb05}' | '\u{fb06}' => Some("st"),
        _ => None,
    };
    if !mend && !page.text.chars().any(|c| ligature(c).is_some()) {
        return;
    }
    let mut text = String::with_capacity(page.text.len());
    let mut dropped = 0;
    for g in &mut page.glyphs {
        let start = text.len();
        let old = page
            .text
            .get(g.start as usize..g.start as usize + g.len as usize);
        for c in old.unwrap_or("").chars() {
            let c = match (mend && foreign(c), swapped_ascii(c)) {
                (true, Some(letter)) => letter,
                (true, None) => {
                    dropped += 1;
                    continue;
                }
                (false, _) => c,
            };
            match ligature(c) {
                Some(letters) => text.push_str(letters),
                None => text.push(c),
            }
        }
        g.start = start as u32;
        g.len = (text.len() - start) as u16;
    }
    page.text = text;
    page.unmapped += dropped;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_of(texts: &[&str]) -> PageGlyphs {
        let mut page = PageGlyphs::default();
        for t in texts {
            let start = page.text.len() as u32;
            page.text.push_str(t);
            page.glyphs.push(Glyph {
                start,
                len: t.len() as u16,
                x: 0.0,
                y: 0.0,
                size: 10.0,
                advance: 5.0,
                bold: false,
                italic: false,
            });
        }
        page
    }

    fn texts(page: &PageGlyphs) -> Vec<&str> {
        page.glyphs.iter().map(|g| page.text_of(g)).collect()
    }

    #[test]
    fn ligatures_become_their_letters() {
        let mut page = page_of(&["O", "\u{fb03}", "c", "e"]);
        normalise(&mut page);
        assert_eq!(texts(&page), ["O", "ffi", "c", "e"]);
    }

    #[test]
    fn byte_swapped_letters_are_mended_on_a_latin_page_only() {
        // "Office" with its ff written as U+6600 U+6600, amid plenty of Latin text.
        let mut glyphs: Vec<&str> = vec!["O", "\u{6600}\u{6600}", "i", "c", "e"];
        let filler = ["a"; 200];
        glyphs.extend(filler);
        let mut page = page_of(&glyphs);
        normalise(&mut page);
        assert_eq!(texts(&page)[..5], ["O", "ff", "i", "c", "e"]);
        // A character of no Latin word that is not of the swapped kind is left out, and
        // counted.
        let mut glyphs: Vec<&str> = vec!["O", "\u{6600}\u{cf00}", "c", "e"];
        glyphs.extend(filler);
        let mut page = page_of(&glyphs);
        normalise(&mut page);
        assert_eq!(texts(&page)[..4], ["O", "f", "c", "e"]);
        assert_eq!(page.unmapped, 1);
        // A page of Chinese keeps its characters, U+6700 included.
        let mut chinese = page_of(&["\u{6700}", "\u{597d}", "a"]);
        normalise(&mut chinese);
        assert_eq!(texts(&chinese), ["\u{6700}", "\u{597d}", "a"]);
    }
}
