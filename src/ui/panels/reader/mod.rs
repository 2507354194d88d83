//! The reading view: the document's canonical text laid out block by block, with its
//! structure drawn around it — superscript footnote calls, page breaks in the margin — and
//! a selection kept as code-point offsets of the canonical text.
//!
//! Only the blocks in view are laid out. Every block's height is kept (estimated until the
//! block has been laid out once), so scrolling, jumping and resizing never measure the
//! whole document in one frame.

use crate::core::document::{Block, BlockKind, Document};
use crate::core::study::filter::TopicFilter;
use crate::core::study::fold::FoldPlan;
use crate::core::study::highlight::{Highlight, HighlightId};
use crate::core::study::note_set::NoteSet;
use crate::core::text::{CharOffset, CharRange};
use crate::ui::action::{Action, Command, StudyAction, ViewAction, WindowAction};
use crate::ui::widgets::fonts;
use crate::ui::widgets::frame_cache::FrameCache;
use crate::ui::widgets::marks::{
    StyledRun, highlight_color, hits_in, styled_runs, visible_highlights,
};
use crate::ui::widgets::panel_sizes::{COLUMN_MARGINS, MARGIN};
use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{
    Align, Align2, Color32, FontFamily, FontId, Galley, Pos2, Rect, Response, Role, Sense, Stroke,
    Ui, WidgetInfo, pos2, vec2,
};
use std::sync::Arc;

mod input;
mod keys;
mod layout;
mod overlays;
mod paint;
mod table;

use input::*;
pub use input::{ClickOutcome, click_outcome};
use keys::*;
pub use layout::average_char_width;
use layout::*;
pub use overlays::short;
use overlays::*;
use paint::*;

/// Characters per line the reading column aims at.
const MEASURE_CHARS: f32 = 70.0;

/// A selection in the canonical text: where the drag began and where it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub anchor: CharOffset,
    pub head: CharOffset,
}

impl Selection {
    /// A selection covering `range`, with its head at the end.
    pub fn of(range: CharRange) -> Self {
        Self {
            anchor: range.start,
            head: range.end,
        }
    }

    /// The selected span, in text order.
    pub fn range(&self) -> CharRange {
        CharRange::new(self.anchor, self.head)
    }
}

/// The text a selection covers, for the clipboard: canonical text, so page markers and
/// footnote numbers are never part of it. `None` when nothing is selected.
pub fn selected_text(doc: &Document, selection: Option<Selection>) -> Option<String> {
    let range = selection?.range();
    (!range.is_empty()).then(|| doc.slice(range).to_string())
}

/// What the reader shows besides the text: highlights through the filter, folds,
/// the selected highlight and search hits.
pub struct ReaderInput<'a> {
    pub doc: &'a Document,
    pub notes: &'a NoteSet,
    /// Which of the study's sources `doc` is: only its highlights are drawn.
    pub source: crate::core::study::source::SourceId,
    /// Bumped on every change to `notes`: laid-out blocks are kept until it moves.
    pub revision: u64,
    pub filter: &'a TopicFilter,
    pub folds: &'a FoldPlan,
    pub selected: Option<HighlightId>,
    /// Search hits in text order.
    pub hits: &'a [CharRange],
    /// The hit the search bar is on.
    pub current_hit: Option<usize>,
}

/// How the reader looks: sizes and colours derived from preferences and the theme.
#[derive(Debug, Clone, PartialEq)]
pub struct ReaderStyle {
    pub font_size: f32,
    pub text: Color32,
    pub weak: Color32,
    pub accent: Color32,
    pub selection: Color32,
    pub dark: bool,
}

impl ReaderStyle {
    /// The style for `font_size` in the visuals of `ui`.
    pub fn new(ui: &Ui, font_size: f32) -> Self {
        let visuals = ui.visuals();
        Self {
            font_size,
            // Near-black on light, soft white on dark: full contrast tires the eye.
            text: if visuals.dark_mode {
                Color32::from_gray(222)
            } else {
                Color32::from_gray(24)
            },
            weak: visuals.weak_text_color(),
            accent: visuals.hyperlink_color,
            selection: visuals.selection.bg_fill.gamma_multiply(0.6),
            dark: visuals.dark_mode,
        }
    }

    fn line_height(&self) -> f32 {
        (self.font_size * 1.6).round()
    }

    fn block_gap(&self) -> f32 {
        (self.font_size * 0.9).round()
    }

    /// Height of the "… N paragraphs" bar that stands for a folded stretch.
    fn bar_height(&self) -> f32 {
        (self.font_size * 1.4).round()
    }

    fn format(&self, kind: BlockKind) -> TextFormat {
        let (family, scale) = match kind {
            BlockKind::Heading => (fonts::SERIF_BOLD, 1.3),
            BlockKind::Subheading => (fonts::SERIF_BOLD, 1.05),
            BlockKind::MemoHeader | BlockKind::Table => (fonts::SERIF, 0.95),
            _ => (fonts::SERIF, 1.0),
        };
        let size = self.font_size * scale;
        TextFormat {
            font_id: FontId::new(size, fonts::family(family)),
            color: self.text,
            line_height: Some((size * 1.6).round()),
            ..Default::default()
        }
    }

    fn superscript(&self, kind: BlockKind) -> TextFormat {
        let base = self.format(kind);
        TextFormat {
            font_id: FontId::new(base.font_id.size * 0.62, fonts::family(fonts::SERIF)),
            color: self.accent,
            valign: Align::TOP,
            // Without a line height of its own the number sits at the top of the row
            // instead of being centred in it.
            line_height: None,
            ..base
        }
    }
}

/// The reader's state between frames.
#[derive(Debug, Default)]
pub struct ReaderState {
    /// The current selection, if any.
    pub selection: Option<Selection>,
    /// The canonical position at the top of the view (end of the first full line), for
    /// the status bar.
    pub top_offset: CharOffset,
    /// The first character of the first full line: kept at the top across a resize.
    pub top_line_start: CharOffset,
    /// The last character in view, at the bottom of the view.
    pub bottom_offset: CharOffset,
    /// A footnote call to mark briefly after jumping to it.
    pub flash: Option<(CharOffset, f64)>,
    /// How many average characters a line of the text column held last frame.
    pub measure_chars: f32,
    /// Where the reader's view began last frame (its top edge, in points): notices and
    /// bars above the text must not move it.
    pub view_top: f32,
    /// The band of the screen (top and bottom, in points) a tool window floats over
    /// across the text column (Find in study, the Overview): a passage jumped to is placed
    /// clear of it.
    pub covered: Option<egui::Rangef>,
    /// Where on the screen the last passage jumped to was placed (its row's top).
    pub placed_at: Option<f32>,
    /// Where the keyboard works from: set by a click, a Find hit and the arrows.
    pub caret: Option<CharOffset>,
    heights: BlockHeights,
    galleys: GalleyCache,
    scroll_to: Option<(CharOffset, Placement)>,
    scroll_y: Option<f32>,
    dragging: bool,
    /// Highlights offered for choice after a click on several, and where.
    picker: Option<Picker>,
    /// A scroll target being followed while heights around it settle: target, placement,
    /// the offset last applied, tries left.
    settling: Option<(CharOffset, Placement, f32, u8)>,
}

/// Where a scroll target ends up in the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placement {
    /// Its line at the top: "go to page 287".
    Top,
    /// A quarter of the way down, with the lines before it in view: "show me where the
    /// text calls this note".
    InContext,
}

impl ReaderState {
    /// Scrolls the view so the line holding `offset` is at the top, on the next frame.
    pub fn scroll_to(&mut self, offset: CharOffset) {
        self.scroll_to = Some((offset, Placement::Top));
    }

    /// Scrolls the view so `offset` is a quarter of the way down, on the next frame.
    pub fn scroll_to_in_context(&mut self, offset: CharOffset) {
        self.scroll_to = Some((offset, Placement::InContext));
    }

    /// A reader at the top of its document. The scroll area's own memory (kept across
    /// documents, and across restarts with the window's state) is overruled: a document
    /// opens at its top unless it is sent elsewhere.
    pub fn at_top() -> Self {
        ReaderState {
            scroll_y: Some(0.0),
            ..ReaderState::default()
        }
    }

    /// Forgets everything tied to the previous document, at the top of the next.
    pub fn reset(&mut self) {
        *self = ReaderState::at_top();
    }
}

/// How far below the view's top a passage jumped to goes: `wanted`, unless a window
/// floats over that place (`covered`, in the view's coordinates), then just below the
/// window when three lines fit there, else just above it when two do, else `wanted`.
fn clear_of(wanted: f32, view_height: f32, line: f32, covered: Option<egui::Rangef>) -> f32 {
    let Some(band) = covered else {
        return wanted;
    };
    let under = wanted + line > band.min && wanted < band.max;
    if !under {
        wanted
    } else if band.max + line * 4.0 <= view_height {
        band.max + line * 0.5
    } else if band.min - line * 2.5 >= 0.0 {
        band.min - line * 1.5
    } else {
        wanted
    }
}

/// Starts the frame's layout: the text column's width, the key laid-out blocks are kept
/// under, and the heights of every block, measured again when the width, the size or the
/// folds changed (`reset`, with the reading position kept).
fn begin_layout(
    ui: &Ui,
    input: &ReaderInput<'_>,
    state: &mut ReaderState,
    style: &ReaderStyle,
    available: f32,
) -> (LayoutKey, f32, bool) {
    let doc = input.doc;
    let avg_char = average_char_width(ui, style);
    let column = (avg_char * MEASURE_CHARS)
        .min(available - COLUMN_MARGINS)
        .max(120.0);
    state.measure_chars = column / avg_char.max(1.0);
    let key = LayoutKey {
        wrap_width: column.round(),
        font_size: style.font_size,
        pixels_per_point: ui.ctx().pixels_per_point(),
    };
    state.galleys.begin((
        key,
        MarksKey {
            revision: input.revision,
            filter: input.filter.clone(),
            selected: input.selected,
            style: style.clone(),
        },
    ));
    let mut reset = false;
    if state.heights.key != Some(key) || state.heights.heights.len() != doc.blocks().len() {
        reset = true;
        let keep = state.heights.key.is_some().then_some(state.top_line_start);
        state.heights.reset(doc, input.folds, key, style, avg_char);
        // Keep the reading position when the window or font size changes.
        if let Some(top) = keep.filter(|t| t.0 > 0) {
            state.scroll_to.get_or_insert((top, Placement::Top));
        }
    } else if state.heights.folds != *input.folds {
        state.heights.folds = input.folds.clone();
        state.heights.recompute(style);
        // Folding or unfolding keeps the passage that was at the top of the view there
        // (when it folds away, the bar that stands for it), instead of leaving the view
        // past the end of the shorter text.
        if state.heights.key.is_some() {
            state.scroll_to = Some((state.top_line_start, Placement::Top));
            reset = true;
        }
    }
    (key, column, reset)
}

/// Draws the reader and returns what the user asked for.
///
/// One frame's steps in the order they must run (lay out, place, answer the pointer,
/// paint), each a function of its own. Longer than most: the scroll protocol around them
/// (jump once the new height is shown, then follow the target for a few frames) shares
/// one closure with the scroll area's offsets, and reads best in one place.
pub fn reader_ui(
    ui: &mut Ui,
    input: &ReaderInput<'_>,
    state: &mut ReaderState,
    style: &ReaderStyle,
) -> Vec<Action> {
    let doc = input.doc;
    let mut actions = Vec::new();
    let available = ui.available_width();
    state.view_top = ui.cursor().top();
    let (key, column, reset) = begin_layout(ui, input, state, style, available);
    let view_height = ui.available_height();
    let target_y = |ui: &Ui, state: &mut ReaderState, target: CharOffset, placement: Placement| {
        let y = y_of_offset(ui, input, state, style, key, target);
        let wanted = match placement {
            // A few points above the row: its line spacing shows, the row before does not.
            Placement::Top => 4.0,
            Placement::InContext => (view_height / 4.0).round(),
        };
        let covered = state
            .covered
            .map(|band| egui::Rangef::new(band.min - state.view_top, band.max - state.view_top));
        let above = clear_of(wanted, view_height, style.line_height(), covered);
        (y - above).max(0.0)
    };
    // After a re-layout the scroll area still knows the old content height for a frame;
    // a jump past it would spring back. Jump once the new height has been shown.
    let ready =
        !reset || state.heights.key.is_none() || state.scroll_to.is_some_and(|(t, _)| t.0 == 0);
    if let Some((target, placement)) = state.scroll_to.take_if(|_| ready) {
        let y = target_y(ui, state, target, placement);
        state.scroll_y = Some(y);
        state.settling = Some((target, placement, y, 6));
    }

    let mut area = egui::ScrollArea::vertical()
        .id_salt("reader")
        .auto_shrink([false, false]);
    if let Some(y) = state.scroll_y.take() {
        area = area.vertical_scroll_offset(y.max(0.0));
    }
    // Room after the last line, so that any place — the last page too — can be brought
    // to the top of the view.
    let tail = (ui.available_height() - style.line_height() * 3.0).max(style.font_size * 3.0);
    let mut shown_at = 0.0;
    area.show_viewport(ui, |ui, viewport| {
        shown_at = viewport.min.y;
        let (laid_out, bars) = lay_out_visible(ui, input, state, style, key, viewport);
        let (content, _) =
            ui.allocate_exact_size(vec2(available, state.heights.end + tail), Sense::hover());
        let left = content.left() + ((available - column) / 2.0).max(MARGIN);
        let placed = place_blocks(
            doc,
            laid_out,
            &state.heights.tops,
            content.top(),
            left,
            column,
        );

        actions.extend(text_interaction_ui(
            ui, input, state, &placed, content, viewport, style,
        ));

        // The page "at the top" is the page of the first full line's last word; the line's
        // first character is what stays at the top when the window is resized.
        let probe = content.top() + viewport.min.y + style.font_size;
        state.top_offset = offset_at_y(&placed, doc, probe, true);
        state.top_line_start = offset_at_y(&placed, doc, probe, false);
        state.bottom_offset = offset_at_y(&placed, doc, content.top() + viewport.max.y, true);
        actions.extend(paint_blocks_ui(
            ui,
            input,
            state,
            &placed,
            style,
            (left, column),
        ));
        actions.extend(fold_bars_ui(
            ui,
            doc,
            &state.heights.tops,
            &bars,
            content.top(),
            (left, column),
            style,
        ));
        if !state.dragging {
            actions.extend(selection_popup_ui(ui, input, state, &placed, style));
        }
        actions.extend(picker_ui(ui, input, state));
    });
    // Blocks measured for the first time near the target move it a little, and a jump past
    // the end of the old content is cut short by the scroll area: follow the target for a
    // few frames until the view really is there.
    if let Some((target, placement, _, tries)) = state.settling.take() {
        let row = y_of_offset(ui, input, state, style, key, target);
        state.placed_at = Some(state.view_top + row - shown_at);
        let y = target_y(ui, state, target, placement);
        if (y - shown_at).abs() > 0.5 && tries > 0 {
            state.scroll_y = Some(y);
            state.settling = Some((target, placement, y, tries - 1));
            ui.ctx().request_repaint();
        }
    }
    if state
        .flash
        .is_some_and(|(_, until)| ui.input(|i| i.time) > until)
    {
        state.flash = None;
    }
    state.galleys.trim();
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passage_jumped_to_goes_clear_of_a_window_over_the_text() {
        let line = 29.0;
        // Nothing over the text: where it was asked.
        assert_eq!(clear_of(150.0, 560.0, line, None), 150.0);
        // A window over the top half: just below it.
        let band = egui::Rangef::new(0.0, 300.0);
        assert_eq!(clear_of(150.0, 560.0, line, Some(band)), 300.0 + line * 0.5);
        // A window low in the view, over the place: just above it.
        let band = egui::Rangef::new(120.0, 520.0);
        assert_eq!(clear_of(150.0, 560.0, line, Some(band)), 120.0 - line * 1.5);
        // A window elsewhere: no change; one over everything: no better place.
        assert_eq!(
            clear_of(150.0, 560.0, line, Some(egui::Rangef::new(400.0, 500.0))),
            150.0
        );
        assert_eq!(
            clear_of(150.0, 560.0, line, Some(egui::Rangef::new(0.0, 560.0))),
            150.0
        );
    }

    #[test]
    fn laid_out_blocks_are_kept_until_the_set_or_the_look_changes() {
        let ctx = egui::Context::default();
        let mut galley = None;
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            galley = Some(ui.painter().layout_no_wrap(
                "text".into(),
                egui::FontId::default(),
                Color32::BLACK,
            ));
        });
        output.textures_delta.clear();
        let galley = galley.expect("laid out");
        let layout = LayoutKey {
            wrap_width: 600.0,
            font_size: 18.0,
            pixels_per_point: 1.0,
        };
        let marks = |revision| MarksKey {
            revision,
            filter: TopicFilter::default(),
            selected: None,
            style: ReaderStyle {
                font_size: 18.0,
                text: Color32::BLACK,
                weak: Color32::GRAY,
                accent: Color32::BLUE,
                selection: Color32::LIGHT_BLUE,
                dark: false,
            },
        };
        let mut cache = GalleyCache::default();
        cache.begin((layout, marks(1)));
        cache.insert(3, (galley.clone(), GalleyMap::default()));
        cache.begin((layout, marks(1)));
        assert!(cache.get(3).is_some(), "same set, same look: kept");
        cache.begin((layout, marks(2)));
        assert!(cache.get(3).is_none(), "an edit lays the block out anew");
        cache.insert(3, (galley.clone(), GalleyMap::default()));
        let wider = LayoutKey {
            wrap_width: 700.0,
            ..layout
        };
        cache.begin((wider, marks(2)));
        assert!(cache.get(3).is_none(), "another width lays it out anew");

        // Scrolling through a whole volume keeps memory flat: the least recent go first.
        for i in 0..(GalleyCache::KEEP * 3) {
            cache.begin((wider, marks(2)));
            cache.insert(i, (galley.clone(), GalleyMap::default()));
            cache.trim();
            assert!(cache.len() <= GalleyCache::KEEP);
        }
        let last = GalleyCache::KEEP * 3 - 1;
        assert!(cache.get(last).is_some() && cache.get(0).is_none());
    }

    #[test]
    fn galley_map_round_trips_around_superscripts() {
        let map = GalleyMap {
            inserts: vec![(5, 1, 1), (9, 2, 12)],
        };
        assert_eq!(map.to_galley(5, false), 5);
        assert_eq!(map.to_galley(5, true), 6);
        assert_eq!(map.to_galley(9, true), 12);
        assert_eq!(map.to_galley(10, false), 13);
        // Every galley position lies within the span its canonical position maps to, and
        // every canonical position comes back from either end of its span.
        for g in 0..16 {
            let c = map.to_canonical(g);
            assert!(
                map.to_galley(c, false) <= g && g <= map.to_galley(c, true),
                "galley {g} → canonical {c}"
            );
        }
        for c in 0..14 {
            assert_eq!(map.to_canonical(map.to_galley(c, false)), c);
            assert_eq!(map.to_canonical(map.to_galley(c, true)), c);
        }
        assert_eq!(map.to_canonical(5), 5);
        assert_eq!(map.to_canonical(6), 5);
        assert_eq!(map.to_canonical(10), 9);
        assert_eq!(map.to_canonical(11), 9);
        assert_eq!(map.to_canonical(12), 9);
        assert_eq!(map.to_canonical(13), 10);
    }

    #[test]
    fn selection_text_is_canonical_across_blocks() {
        let doc = Document::seed();
        let start = CharOffset(doc.text().find("Dear").unwrap());
        let sel = Selection {
            anchor: start + 26,
            head: start,
        };
        assert_eq!(
            selected_text(&doc, Some(sel)).as_deref(),
            Some("Dear Mr. President,\n\nYour ")
        );
        assert_eq!(selected_text(&doc, None), None);
        assert_eq!(
            selected_text(
                &doc,
                Some(Selection {
                    anchor: start,
                    head: start
                })
            ),
            None
        );
    }
}
