//! The reading view: the document's canonical text laid out block by block, with its
//! structure drawn around it — superscript footnote calls, page breaks in the margin — and
//! a selection kept as code-point offsets of the canonical text.
//!
//! Only the blocks in view are laid out. Every block's height is kept (estimated until the
//! block has been laid out once), so scrolling, jumping and resizing never measure the
//! whole document in one frame.

use crate::core::document::{Block, BlockKind, Document};
use crate::core::filter::TopicFilter;
use crate::core::fold::FoldPlan;
use crate::core::highlight::{Highlight, HighlightId};
use crate::core::note_set::NoteSet;
use crate::core::offset::{CharOffset, CharRange};
use crate::ui::action::{Action, Command};
use crate::ui::fonts;
use crate::ui::frame_cache::FrameCache;
use crate::ui::layout::{COLUMN_MARGINS, MARGIN};
use crate::ui::reader_marks::{
    StyledRun, highlight_color, hits_in, styled_runs, visible_highlights,
};
use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{
    Align, Align2, Color32, FontFamily, FontId, Galley, Pos2, Rect, Response, Role, Sense, Stroke,
    Ui, WidgetInfo, pos2, vec2,
};
use std::sync::Arc;

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

/// What decides every block's laid-out height: a change re-measures.
#[derive(Debug, Clone, Copy, PartialEq)]
struct LayoutKey {
    wrap_width: f32,
    font_size: f32,
    pixels_per_point: f32,
}

/// Heights of all blocks and their running tops, for finding what is in view.
#[derive(Debug, Default)]
struct BlockHeights {
    key: Option<LayoutKey>,
    folds: FoldPlan,
    heights: Vec<f32>,
    measured: Vec<bool>,
    tops: Vec<f32>,
    /// Where the last block's gap ends.
    end: f32,
}

impl BlockHeights {
    /// Estimates every block from its length; laying a block out replaces its estimate.
    fn reset(
        &mut self,
        doc: &Document,
        folds: &FoldPlan,
        key: LayoutKey,
        style: &ReaderStyle,
        avg_char: f32,
    ) {
        let per_line = (key.wrap_width / avg_char.max(1.0)).max(1.0);
        self.key = Some(key);
        self.heights = doc
            .blocks()
            .iter()
            .map(|b| {
                let scale = if b.kind == BlockKind::Heading {
                    1.3
                } else {
                    1.0
                };
                let lines = (b.range.len() as f32 * scale / per_line).ceil().max(1.0);
                lines * style.line_height() * scale
            })
            .collect();
        self.measured = vec![false; self.heights.len()];
        self.folds = folds.clone();
        self.recompute(style);
    }

    fn recompute(&mut self, style: &ReaderStyle) {
        let mut y = style.font_size * 1.5;
        self.tops.clear();
        for (i, h) in self.heights.iter().enumerate() {
            self.tops.push(y);
            // A folded stretch takes the room of one bar, whatever its length.
            if self.folds.starts_run(i) {
                y += style.bar_height() + style.block_gap();
            } else if !self.folds.is_folded(i) {
                y += h + style.block_gap();
            }
        }
        self.end = y;
    }

    /// The block whose span (with the gap after it) contains content height `y`.
    fn block_at_y(&self, y: f32) -> usize {
        self.tops.partition_point(|&t| t <= y).saturating_sub(1)
    }
}

/// What decides how laid-out blocks look besides their size: a change lays them out anew.
#[derive(Debug, Clone, PartialEq)]
struct MarksKey {
    revision: u64,
    filter: TopicFilter,
    selected: Option<HighlightId>,
    style: ReaderStyle,
}

/// Blocks laid out in recent frames, under the layout and the look they were laid out
/// for.
type GalleyCache = FrameCache<(LayoutKey, MarksKey), (Arc<Galley>, GalleyMap)>;

/// A block laid out this frame.
struct PlacedBlock {
    index: usize,
    galley: Arc<Galley>,
    /// Screen position of the galley's top-left corner.
    origin: Pos2,
    map: GalleyMap,
}

/// Where the galley text differs from the canonical text: footnote numbers inserted as
/// superscripts. Positions are code points local to the block.
#[derive(Debug, Default, Clone)]
struct GalleyMap {
    /// (canonical position the insert stands before, its length, footnote number).
    inserts: Vec<(usize, usize, u32)>,
}

impl GalleyMap {
    /// Galley position of canonical position `local`. At an insert, `after` picks the side.
    fn to_galley(&self, local: usize, after: bool) -> usize {
        let shift: usize = self
            .inserts
            .iter()
            .filter(|&&(c, _, _)| c < local || (c == local && after))
            .map(|&(_, len, _)| len)
            .sum();
        local + shift
    }

    /// Canonical position of galley position `g`; inside an insert, the place it stands.
    fn to_canonical(&self, g: usize) -> usize {
        let mut shift = 0;
        for &(c, len, _) in &self.inserts {
            let start = c + shift;
            if g <= start {
                break;
            }
            if g < start + len {
                return c;
            }
            shift += len;
        }
        g - shift
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
    /// A footnote call to mark briefly after jumping to it.
    pub flash: Option<(CharOffset, f64)>,
    /// How many average characters a line of the text column held last frame.
    pub measure_chars: f32,
    /// Where the reader's view began last frame (its top edge, in points): notices and
    /// bars above the text must not move it.
    pub view_top: f32,
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

/// Highlights offered for choice where the user clicked on several at once.
#[derive(Debug, Clone)]
struct Picker {
    ids: Vec<HighlightId>,
    pos: Pos2,
    /// The pass it opened in: the click that opened it must not close it.
    opened: u64,
}

impl Picker {
    fn new(ui: &Ui, ids: Vec<HighlightId>, pos: Pos2) -> Self {
        Picker {
            ids,
            pos,
            opened: ui.ctx().cumulative_pass_nr(),
        }
    }
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

    /// Forgets everything tied to the previous document.
    pub fn reset(&mut self) {
        *self = ReaderState::default();
    }
}

/// Lays out one block as a job: canonical text, with footnote numbers as superscripts and
/// each styled run (highlights) in its colours.
fn block_job(
    doc: &Document,
    block: &Block,
    style: &ReaderStyle,
    wrap_width: f32,
    runs: &[StyledRun],
) -> (LayoutJob, GalleyMap) {
    let text = doc.slice(block.range);
    let base = style.format(block.kind);
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    let mut map = GalleyMap::default();
    let refs = doc.footnote_refs_in(block.range);
    let mut cuts: Vec<CharOffset> = vec![block.range.start, block.range.end];
    cuts.extend(runs.iter().flat_map(|r| [r.range.start, r.range.end]));
    cuts.extend(refs.iter().map(|r| r.offset));
    cuts.retain(|c| block.range.start <= *c && *c <= block.range.end);
    cuts.sort_unstable();
    cuts.dedup();
    let block_byte = doc.byte_of(block.range.start).0;
    let byte = |o: CharOffset| doc.byte_of(o).0 - block_byte;
    let mut next_ref = 0;
    let mut superscripts_up_to = |at: CharOffset, job: &mut LayoutJob, map: &mut GalleyMap| {
        while let Some(r) = refs.get(next_ref).filter(|r| r.offset <= at) {
            let label = r.number.to_string();
            job.append(&label, 0.0, style.superscript(block.kind));
            map.inserts.push((
                r.offset - block.range.start,
                label.chars().count(),
                r.number,
            ));
            next_ref += 1;
        }
    };
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        superscripts_up_to(a, &mut job, &mut map);
        let mut format = base.clone();
        if let Some(run) = runs.iter().find(|r| r.range.start <= a && b <= r.range.end) {
            format.background = run.background;
            format.underline = run.underline;
        }
        job.append(&text[byte(a)..byte(b)], 0.0, format);
    }
    superscripts_up_to(block.range.end, &mut job, &mut map);
    (job, map)
}

/// Draws the reader and returns what the user asked for.
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
    let view_height = ui.available_height();
    let target_y = |ui: &Ui, state: &mut ReaderState, target: CharOffset, placement: Placement| {
        let y = y_of_offset(ui, input, state, style, key, target);
        let above = match placement {
            // A few points above the row: its line spacing shows, the row before does not.
            Placement::Top => 4.0,
            Placement::InContext => (view_height / 4.0).round(),
        };
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
        let placed: Vec<PlacedBlock> = laid_out
            .into_iter()
            .map(|(index, galley, map)| {
                let top = content.top() + state.heights.tops[index];
                let x = if doc.blocks()[index].kind == BlockKind::Signature {
                    left + column - galley.size().x
                } else {
                    left
                };
                PlacedBlock {
                    origin: pos2(x, top),
                    index,
                    galley,
                    map,
                }
            })
            .collect();

        let response = ui.interact(
            content,
            ui.scope_id().with("reader-text"),
            Sense::click_and_drag(),
        );
        keyboard_scroll(ui, viewport.height(), style);
        if let Some(clicked) = handle_pointer(ui, doc, state, &placed, &response) {
            actions.extend(click_on_highlights(
                ui,
                input,
                state,
                clicked,
                response.interact_pointer_pos(),
            ));
        }
        let has_selection = state.selection.is_some();
        response.context_menu(|ui| {
            for (command, enabled) in [
                (Command::Highlight, has_selection),
                (Command::Copy, has_selection),
                (Command::SelectAll, true),
            ] {
                if ui
                    .add_enabled(enabled, egui::Button::new(command.label()))
                    .clicked()
                {
                    actions.push(Action::Run(command));
                    ui.close();
                }
            }
        });
        if response.hovered() && !placed.is_empty() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::Text);
        }

        // The page "at the top" is the page of the first full line's last word; the line's
        // first character is what stays at the top when the window is resized.
        let probe = content.top() + viewport.min.y + style.font_size;
        state.top_offset = offset_at_y(&placed, doc, probe, true);
        state.top_line_start = offset_at_y(&placed, doc, probe, false);
        let painter = ui.painter();
        let right = left + column;
        for block in &placed {
            paint_range(
                painter,
                doc,
                block,
                state.selection.map(|s| s.range()),
                style.selection,
                Stroke::NONE,
                style,
            );
            paint_search_hits(painter, input, block, style);
            painter.galley(block.origin, block.galley.clone(), style.text);
            paint_page_marks(ui, doc, block, style, left);
            describe_block(ui, doc, block);
            actions.extend(footnote_calls_ui(ui, doc, block, style, state.flash));
            actions.extend(note_markers_ui(
                ui,
                input,
                block,
                style,
                right,
                &mut state.picker,
            ));
        }
        for &(index, count) in &bars {
            let top = content.top() + state.heights.tops[index];
            let rect = Rect::from_min_size(pos2(left, top), vec2(column, style.bar_height()));
            let blocks = doc.blocks();
            let pages = blocks
                .get(index)
                .zip(blocks.get(index + count - 1))
                .map(|(a, b)| {
                    crate::core::citation::pages_label(
                        doc,
                        CharRange::new(a.range.start, b.range.end),
                    )
                });
            if fold_bar_ui(ui, rect, count, pages.as_deref().unwrap_or(""), style) {
                actions.push(Action::Unfold(index));
            }
        }
        if !state.dragging {
            actions.extend(selection_popup_ui(ui, input, state, &placed, style));
        }
        actions.extend(picker_ui(ui, input, state));
    });
    // Blocks measured for the first time near the target move it a little, and a jump past
    // the end of the old content is cut short by the scroll area: follow the target for a
    // few frames until the view really is there.
    if let Some((target, placement, _, tries)) = state.settling.take() {
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

/// The width of an average character of body text, measured once per size (egui caches
/// the galley).
pub fn average_char_width(ui: &Ui, style: &ReaderStyle) -> f32 {
    const SAMPLE: &str = "the quick brown fox jumps over a lazy dog, Then Some More Text.";
    let job = LayoutJob::simple_singleline(
        SAMPLE.into(),
        style.format(BlockKind::Paragraph).font_id,
        style.text,
    );
    ui.painter().layout_job(job).size().x / SAMPLE.chars().count() as f32
}

/// Lays out block `i` and records its true height; `changed` when that moved the blocks
/// after it.
fn measure(
    ui: &Ui,
    input: &ReaderInput<'_>,
    state: &mut ReaderState,
    style: &ReaderStyle,
    key: LayoutKey,
    i: usize,
) -> (Arc<Galley>, GalleyMap, bool) {
    let (galley, map) = state.galleys.get_or_insert_with(i, || {
        let block = &input.doc.blocks()[i];
        let runs = styled_runs(
            input.notes,
            input.filter,
            block,
            input.selected,
            style.dark,
            style.accent,
        );
        let (job, map) = block_job(input.doc, block, style, key.wrap_width, &runs);
        (ui.painter().layout_job(job), map)
    });
    let height = galley.size().y;
    let changed = !state.heights.measured[i] || (state.heights.heights[i] - height).abs() > 0.5;
    if changed {
        state.heights.heights[i] = height;
        state.heights.measured[i] = true;
        state.heights.recompute(style);
    }
    (galley, map, changed)
}

/// The content height at which the row holding `offset` begins.
fn y_of_offset(
    ui: &Ui,
    input: &ReaderInput<'_>,
    state: &mut ReaderState,
    style: &ReaderStyle,
    key: LayoutKey,
    offset: CharOffset,
) -> f32 {
    let Some(i) = input.doc.block_index_at(offset) else {
        return 0.0;
    };
    if input.folds.is_folded(i) {
        return state.heights.tops[input.folds.run(i).start];
    }
    let (galley, map, _) = measure(ui, input, state, style, key, i);
    let local = offset - input.doc.blocks()[i].range.start;
    let cursor = CCursor {
        index: map.to_galley(local, true).into(),
        prefer_next_row: true,
    };
    let row_y = galley.pos_from_cursor(cursor).min.y;
    if i == 0 && row_y <= 0.0 {
        return 0.0; // The first line: show the top margin too.
    }
    state.heights.tops[i] + row_y
}

/// Page Up/Down, Space, arrows, Home and End scroll the text, unless a text field has
/// the keyboard.
fn keyboard_scroll(ui: &Ui, view_height: f32, style: &ReaderStyle) {
    if ui.ctx().egui_wants_keyboard_input() {
        return;
    }
    let page = (view_height - style.line_height() * 2.0).max(style.line_height());
    let delta = ui.input(|i| {
        let pressed = |key| i.key_pressed(key) && !i.modifiers.command;
        if pressed(egui::Key::PageDown) || (pressed(egui::Key::Space) && !i.modifiers.shift) {
            -page
        } else if pressed(egui::Key::PageUp) || (pressed(egui::Key::Space) && i.modifiers.shift) {
            page
        } else if pressed(egui::Key::ArrowDown) {
            -style.line_height()
        } else if pressed(egui::Key::ArrowUp) {
            style.line_height()
        } else if i.key_pressed(egui::Key::Home) {
            f32::INFINITY
        } else if i.key_pressed(egui::Key::End) {
            f32::NEG_INFINITY
        } else {
            0.0
        }
    });
    if delta.is_infinite() {
        // Far enough to reach either end; the scroll area clamps it.
        ui.scroll_with_delta(vec2(0.0, delta.signum() * 1.0e9));
    } else if delta != 0.0 {
        ui.scroll_with_delta(vec2(0.0, delta));
    }
}

/// Blocks laid out this frame, and folded stretches in view as (first block, length).
type Visible = (Vec<(usize, Arc<Galley>, GalleyMap)>, Vec<(usize, usize)>);

/// Lays out the blocks that intersect the viewport, measuring them until heights settle.
fn lay_out_visible(
    ui: &Ui,
    input: &ReaderInput<'_>,
    state: &mut ReaderState,
    style: &ReaderStyle,
    key: LayoutKey,
    viewport: Rect,
) -> Visible {
    let margin = style.line_height() * 4.0;
    let (top, bottom) = (viewport.min.y - margin, viewport.max.y + margin);
    let count = input.doc.blocks().len();
    // A measured height can shift the blocks below; a few rounds settle what is in view.
    let mut placed = Vec::new();
    let mut bars = Vec::new();
    for _ in 0..3 {
        placed.clear();
        bars.clear();
        let mut moved = false;
        let mut i = state.heights.block_at_y(top);
        // A folded stretch in view begins at its bar, which may start above.
        i = input.folds.run(i).start.min(i);
        while i < count && state.heights.tops[i] <= bottom {
            if input.folds.is_folded(i) {
                let run = input.folds.run(i);
                bars.push((run.start, run.len()));
                i = run.end;
                continue;
            }
            let (galley, map, changed) = measure(ui, input, state, style, key, i);
            moved |= changed;
            placed.push((i, galley, map));
            i += 1;
        }
        if !moved {
            break;
        }
    }
    (placed, bars)
}

/// The canonical position under a screen point: the nearest block in view, the nearest
/// character in it.
fn hit_test(doc: &Document, placed: &[PlacedBlock], pos: Pos2, gap: f32) -> Option<CharOffset> {
    let block = placed
        .iter()
        .find(|b| pos.y < b.origin.y + b.galley.size().y + gap / 2.0)
        .or(placed.last())?;
    let local = pos - block.origin;
    let cursor = block.galley.cursor_from_pos(local);
    let range = doc.blocks()[block.index].range;
    Some(range.start + block.map.to_canonical(cursor.index.0).min(range.len()))
}

/// The canonical position at the end (or start) of the row at height `y`.
fn offset_at_y(placed: &[PlacedBlock], doc: &Document, y: f32, row_end: bool) -> CharOffset {
    let Some(block) = placed.iter().find(|b| y < b.origin.y + b.galley.size().y) else {
        return placed
            .last()
            .map_or(CharOffset(0), |b| doc.blocks()[b.index].range.end);
    };
    let x = if row_end { block.galley.size().x } else { 0.0 };
    let local = vec2(x, (y - block.origin.y).max(0.0));
    let cursor = block.galley.cursor_from_pos(local);
    doc.blocks()[block.index].range.start + block.map.to_canonical(cursor.index.0)
}

/// Mouse selection: press to place, drag to extend (across blocks), shift+click to extend,
/// double-click for a word, triple-click for a block. Returns the position of a plain
/// click (no drag), which may select a highlight.
fn handle_pointer(
    ui: &Ui,
    doc: &Document,
    state: &mut ReaderState,
    placed: &[PlacedBlock],
    response: &Response,
) -> Option<CharOffset> {
    let gap = ui.style().spacing.item_spacing.y;
    let Some(pos) = response.interact_pointer_pos() else {
        state.dragging = false;
        return None;
    };
    let hit = hit_test(doc, placed, pos, gap)?;
    let (pressed, shift) = ui.input(|i| (i.pointer.primary_pressed(), i.modifiers.shift));
    let mut clicked = None;
    if response.triple_clicked() {
        if let Some(b) = doc.block_index_at(hit) {
            state.selection = Some(Selection::of(doc.blocks()[b].range));
        }
        state.dragging = false;
    } else if response.double_clicked() {
        let word = doc.word_at(hit);
        state.selection = (!word.is_empty()).then(|| Selection::of(word));
        state.dragging = false;
    } else if pressed {
        match state.selection {
            Some(ref mut sel) if shift => sel.head = hit,
            _ => {
                state.selection = Some(Selection {
                    anchor: hit,
                    head: hit,
                })
            }
        }
        state.picker = None;
        state.dragging = true;
        // Working in the text takes the keyboard away from any note or search field, so
        // that H and 1–9 act on the new selection instead of typing into the field.
        ui.memory_mut(|m| {
            if let Some(id) = m.focused() {
                m.surrender_focus(id);
            }
        });
    } else if state.dragging && response.dragged() {
        if let Some(sel) = state.selection.as_mut() {
            sel.head = hit;
        }
        // Dragging past the edge of the view scrolls it.
        let clip = ui.clip_rect();
        let push = if pos.y < clip.top() {
            clip.top() - pos.y
        } else if pos.y > clip.bottom() {
            clip.bottom() - pos.y
        } else {
            0.0
        };
        if push != 0.0 {
            ui.scroll_with_delta(vec2(0.0, push.clamp(-40.0, 40.0)));
        }
    }
    if response.clicked() && !shift {
        clicked = Some(hit);
    }
    if response.drag_stopped() || !ui.input(|i| i.pointer.primary_down()) {
        state.dragging = false;
    }
    if state.selection.is_some_and(|s| s.range().is_empty()) && !state.dragging {
        state.selection = None;
    }
    clicked
}

/// What a plain click at a text position means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClickOutcome {
    /// Select this highlight (or, with `None`, clear the highlight selection).
    Select(Option<HighlightId>),
    /// Several highlights lie there: let the user choose, innermost first.
    Choose(Vec<HighlightId>),
}

/// The meaning of a plain click at `at`: on one highlight (that the filter shows) it
/// selects it; on several it offers a choice; elsewhere it clears the highlight selection.
pub fn click_outcome(
    doc: &Document,
    notes: &NoteSet,
    filter: &TopicFilter,
    at: CharOffset,
) -> ClickOutcome {
    let Some(block) = doc.block_index_at(at).and_then(|i| doc.blocks().get(i)) else {
        return ClickOutcome::Select(None);
    };
    let mut under: Vec<&crate::core::highlight::Highlight> =
        visible_highlights(notes, filter, block)
            .filter(|h| h.range().contains(at))
            .collect();
    under.sort_by_key(|h| h.range().len());
    match under.as_slice() {
        [] => ClickOutcome::Select(None),
        [one] => ClickOutcome::Select(Some(one.id)),
        _ => ClickOutcome::Choose(under.iter().map(|h| h.id).collect()),
    }
}

/// Carries out a plain click: selects, or opens the picker at `pos`.
fn click_on_highlights(
    ui: &Ui,
    input: &ReaderInput<'_>,
    state: &mut ReaderState,
    at: CharOffset,
    pos: Option<Pos2>,
) -> Option<Action> {
    match click_outcome(input.doc, input.notes, input.filter, at) {
        ClickOutcome::Select(id) => Some(Action::SelectHighlight(id)),
        ClickOutcome::Choose(ids) => {
            state.picker = pos.map(|p| Picker::new(ui, ids, p));
            None
        }
    }
}

/// Paints the part of `range` that lies in `block` behind the text, row by row.
fn paint_range(
    painter: &egui::Painter,
    doc: &Document,
    block: &PlacedBlock,
    range: Option<CharRange>,
    fill: Color32,
    stroke: Stroke,
    style: &ReaderStyle,
) {
    let block_range = doc.blocks()[block.index].range;
    let Some(whole) = range else {
        return;
    };
    let Some(part) = whole.intersect(&block_range) else {
        return;
    };
    let start = block.map.to_galley(part.start - block_range.start, true);
    let end = block.map.to_galley(part.end - block_range.start, false);
    // A range that goes on past this block shows it by running past the last row.
    let continues = whole.end > block_range.end;
    let mut row_start = 0;
    for row in &block.galley.rows {
        let row_end = row_start + row.char_count_excluding_newline().0;
        let (from, to) = (start.max(row_start), end.min(row_end));
        if from < to {
            let x0 = row.pos.x + row.x_offset((from - row_start).into());
            let mut x1 = row.pos.x + row.x_offset((to - row_start).into());
            if end > row_end || (continues && to == row_end) {
                x1 += style.font_size * 0.3;
            }
            let rect = Rect::from_min_max(pos2(x0, row.min_y()), pos2(x1, row.max_y()))
                .translate(block.origin.to_vec2());
            painter.rect_filled(rect, 2.0, fill);
            if stroke != Stroke::NONE {
                painter.rect_stroke(rect, 2.0, stroke, egui::StrokeKind::Inside);
            }
        }
        row_start = row_end + usize::from(row.ends_with_newline);
    }
}

/// Search hits in `block`: outlined, the current one filled.
fn paint_search_hits(
    painter: &egui::Painter,
    input: &ReaderInput<'_>,
    block: &PlacedBlock,
    style: &ReaderStyle,
) {
    let range = input.doc.blocks()[block.index].range;
    let hit_color = Color32::from_rgb(0xff, 0x8c, 0x00);
    for (i, hit) in hits_in(input.hits, range) {
        let fill = if Some(i) == input.current_hit {
            hit_color.gamma_multiply(0.45)
        } else {
            Color32::TRANSPARENT
        };
        paint_range(
            painter,
            input.doc,
            block,
            Some(hit),
            fill,
            Stroke::new(1.5, hit_color),
            style,
        );
    }
}

/// The "… N paragraphs, pp. 286–87" bar of a folded stretch (`pages` the pages it hides,
/// or empty); true when clicked (to unfold it).
fn fold_bar_ui(ui: &Ui, rect: Rect, count: usize, pages: &str, style: &ReaderStyle) -> bool {
    let id = ui.scope_id().with(("fold", rect.top() as i64));
    let response = ui
        .interact(rect, id, Sense::click())
        .on_hover_cursor(egui::CursorIcon::PointingHand);
    let mut label = if count == 1 {
        "… 1 paragraph".to_string()
    } else {
        format!("… {count} paragraphs")
    };
    if !pages.is_empty() {
        label = format!("{label}, {pages}");
    }
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &label));
    let painter = ui.painter();
    let fill = if response.hovered() {
        style.weak.gamma_multiply(0.25)
    } else {
        style.weak.gamma_multiply(0.12)
    };
    painter.rect_filled(rect.shrink2(vec2(0.0, 3.0)), 4.0, fill);
    painter.text(
        rect.left_center() + vec2(10.0, 0.0),
        Align2::LEFT_CENTER,
        format!("{label} folded — click to show"),
        FontId::new((style.font_size * 0.72).round(), FontFamily::Proportional),
        style.weak,
    );
    response
        .on_hover_text("Paragraphs without a highlight that matches the filter")
        .clicked()
}

/// Small marks in the right margin for highlights with a note; hovering shows the note,
/// clicking selects the highlight.
fn note_markers_ui(
    ui: &Ui,
    input: &ReaderInput<'_>,
    block: &PlacedBlock,
    style: &ReaderStyle,
    column_right: f32,
    picker: &mut Option<Picker>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let range = input.doc.blocks()[block.index].range;
    // A highlight's mark sits on the row where it begins; several beginning on one row
    // share one mark, with their count beside it.
    let mut rows: Vec<(f32, Vec<&Highlight>)> = Vec::new();
    for h in visible_highlights(input.notes, input.filter, &input.doc.blocks()[block.index]) {
        if h.note.trim().is_empty() || !range.contains(h.anchor.start) {
            continue;
        }
        let cursor = CCursor {
            index: block
                .map
                .to_galley(h.anchor.start - range.start, true)
                .into(),
            prefer_next_row: true,
        };
        let y = block.galley.pos_from_cursor(cursor).center().y + block.origin.y;
        match rows.iter_mut().find(|(row_y, _)| (row_y - y).abs() < 1.0) {
            Some((_, group)) => group.push(h),
            None => rows.push((y, vec![h])),
        }
    }
    for (y, group) in rows {
        let Some(first) = group.first() else {
            continue;
        };
        let size = vec2(style.font_size * 0.55, style.font_size * 0.7);
        let rect = Rect::from_center_size(pos2(column_right + 18.0, y), size);
        let id = ui.scope_id().with(("note-mark", first.id));
        let response = ui
            .interact(rect.expand(4.0), id, Sense::click())
            .on_hover_cursor(egui::CursorIcon::PointingHand);
        let painter = ui.painter();
        painter.rect_filled(rect, 2.0, highlight_color(input.notes, first, style.dark));
        let rule = Stroke::new(1.0, style.text.gamma_multiply(0.6));
        painter.hline(rect.x_range().shrink(2.0), y - 2.0, rule);
        painter.hline(rect.x_range().shrink(2.0), y + 1.5, rule);
        if group.len() > 1 {
            painter.text(
                pos2(rect.right() + 3.0, y),
                egui::Align2::LEFT_CENTER,
                group.len().to_string(),
                egui::FontId::proportional(style.font_size * 0.6),
                style.weak,
            );
        }
        response.widget_info(|| {
            let label = match group.len() {
                1 => format!("Note on “{}”", short(&first.anchor.quote, 40)),
                n => format!(
                    "Notes on {n} highlights, first “{}”",
                    short(&first.anchor.quote, 40)
                ),
            };
            WidgetInfo::labeled(Role::Button, true, label)
        });
        let response = response.on_hover_ui(|ui| {
            ui.set_max_width(380.0);
            for (i, h) in group.iter().enumerate() {
                if group.len() > 1 {
                    if i > 0 {
                        ui.separator();
                    }
                    ui.label(
                        egui::RichText::new(format!("“{}”", short(&h.anchor.quote, 60)))
                            .italics()
                            .weak(),
                    );
                }
                ui.label(h.note.as_str());
            }
        });
        if response.clicked() {
            if group.len() == 1 {
                actions.push(Action::SelectHighlight(Some(first.id)));
            } else {
                let ids = group.iter().map(|h| h.id).collect();
                *picker = Some(Picker::new(ui, ids, rect.right_top()));
            }
        }
    }
    actions
}

/// Over a finished selection: "Highlight" and the first nine topics, one click each.
fn selection_popup_ui(
    ui: &Ui,
    input: &ReaderInput<'_>,
    state: &ReaderState,
    placed: &[PlacedBlock],
    style: &ReaderStyle,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(selection) = state.selection.filter(|s| !s.range().is_empty()) else {
        return actions;
    };
    let end = selection.range().end;
    let Some(block) = placed.iter().find(|b| {
        let r = input.doc.blocks()[b.index].range;
        r.start < end && end <= r.end
    }) else {
        return actions;
    };
    let range = input.doc.blocks()[block.index].range;
    let cursor = CCursor::new(block.map.to_galley(end - range.start, false));
    let at = block
        .galley
        .pos_from_cursor(cursor)
        .translate(block.origin.to_vec2());
    egui::Area::new(ui.scope_id().with("selection-popup"))
        .order(egui::Order::Foreground)
        .fixed_pos(at.left_bottom() + vec2(0.0, style.font_size * 0.3))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.set_max_width(420.0);
                    if ui.button("Highlight").on_hover_text("H").clicked() {
                        actions.push(Action::HighlightSelection(Vec::new()));
                    }
                    for (n, topic) in crate::core::topic::tree_order(input.notes.topics())
                        .into_iter()
                        .take(9)
                        .enumerate()
                    {
                        let color = crate::ui::reader_marks::topic_color(topic.color);
                        let text = egui::RichText::new(format!("{} {}", n + 1, topic.leaf_name()))
                            .background_color(color.gamma_multiply(0.35));
                        if ui
                            .button(text)
                            .on_hover_text(format!("Highlight as {} (key {})", topic.name, n + 1))
                            .clicked()
                        {
                            actions.push(Action::HighlightSelection(vec![topic.id]));
                        }
                    }
                });
            });
        });
    actions
}

/// The choice offered when a click lands on several highlights at once.
fn picker_ui(ui: &Ui, input: &ReaderInput<'_>, state: &mut ReaderState) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(Picker { ids, pos, opened }) = state.picker.clone() else {
        return actions;
    };
    let mut close = false;
    let response = egui::Area::new(ui.scope_id().with("highlight-picker"))
        .order(egui::Order::Foreground)
        .fixed_pos(pos + vec2(8.0, 8.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(egui::RichText::new("Several highlights here:").weak());
                for id in &ids {
                    if let Some(h) = input.notes.highlight(*id) {
                        let color = highlight_color(input.notes, h, ui.visuals().dark_mode);
                        let text = egui::RichText::new(format!("“{}”", short(&h.anchor.quote, 48)))
                            .background_color(color.gamma_multiply(0.35));
                        if ui.button(text).clicked() {
                            actions.push(Action::SelectHighlight(Some(*id)));
                            close = true;
                        }
                    }
                }
            });
        })
        .response;
    let fresh = ui.ctx().cumulative_pass_nr() == opened;
    if close || (response.clicked_elsewhere() && !fresh) {
        state.picker = None;
    }
    actions
}

/// The first `max` characters of `text` on one line, with an ellipsis if cut.
pub fn short(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Page breaks inside `block`: a label in the left margin and, where the page begins
/// mid-paragraph, a hairline at the exact place between the words.
fn paint_page_marks(
    ui: &Ui,
    doc: &Document,
    block: &PlacedBlock,
    style: &ReaderStyle,
    column_left: f32,
) {
    let range = doc.blocks()[block.index].range;
    let painter = ui.painter();
    for page in doc.pages_in(range) {
        if page.offset == CharOffset(0) {
            continue; // The first page is shown in the status bar, not as a break.
        }
        let local = page.offset - range.start;
        let cursor = CCursor {
            index: block.map.to_galley(local, true).into(),
            prefer_next_row: true,
        };
        let at = block
            .galley
            .pos_from_cursor(cursor)
            .translate(block.origin.to_vec2());
        let label_font = FontId::new((style.font_size * 0.72).round(), FontFamily::Proportional);
        painter.text(
            pos2(column_left - 16.0, at.center().y),
            Align2::RIGHT_CENTER,
            format!("p. {}", page.page),
            label_font,
            style.accent,
        );
        let line = Stroke::new(1.0, style.accent.gamma_multiply(0.45));
        painter.hline(column_left - 12.0..=column_left - 4.0, at.center().y, line);
        if local > 0 {
            let x = at.min.x - style.font_size * 0.12;
            painter.vline(
                x,
                at.min.y + 2.0..=at.max.y - 2.0,
                Stroke::new(1.5, style.accent.gamma_multiply(0.8)),
            );
        }
    }
}

/// Gives assistive technology (and tests) the block's text and role.
fn describe_block(ui: &Ui, doc: &Document, block: &PlacedBlock) {
    let b = &doc.blocks()[block.index];
    let rect = Rect::from_min_size(block.origin, block.galley.size());
    let response = ui.interact(
        rect,
        ui.scope_id().with(("block", block.index)),
        Sense::hover(),
    );
    let role = match b.kind {
        BlockKind::Heading => Role::Heading,
        _ => Role::Paragraph,
    };
    response.widget_info(|| WidgetInfo::labeled(role, true, doc.slice(b.range)));
}

/// Footnote calls in `block`: hover shows the note, click asks for it in the outline.
fn footnote_calls_ui(
    ui: &Ui,
    doc: &Document,
    block: &PlacedBlock,
    style: &ReaderStyle,
    flash: Option<(CharOffset, f64)>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let range = doc.blocks()[block.index].range;
    let offset_origin = block.origin.to_vec2();
    let mut shift = 0;
    for &(local, len, number) in &block.map.inserts {
        let g = local + shift;
        shift += len;
        let a = block.galley.pos_from_cursor(CCursor::new(g));
        let b = block.galley.pos_from_cursor(CCursor::new(g + len));
        let rect = Rect::from_min_max(a.min, pos2(b.max.x.max(a.min.x + 4.0), a.max.y))
            .translate(offset_origin)
            .expand2(vec2(3.0, 0.0));
        let id = ui.scope_id().with(("footnote-call", range.start.0, number));
        let response = ui
            .interact(rect, id, Sense::click())
            .on_hover_cursor(egui::CursorIcon::PointingHand);
        response
            .widget_info(|| WidgetInfo::labeled(Role::Link, true, format!("Footnote {number}")));
        let flashing = flash.is_some_and(|(at, _)| at == range.start + local);
        if response.hovered() || flashing {
            ui.painter().rect_stroke(
                rect,
                3.0,
                Stroke::new(1.0, style.accent),
                egui::StrokeKind::Outside,
            );
        }
        if let Some(note) = doc.footnote(number) {
            let text = note.text.clone();
            let response = response.on_hover_ui(|ui| {
                ui.set_max_width(420.0);
                ui.strong(format!("Note {number}"));
                ui.label(text);
            });
            if response.clicked() {
                actions.push(Action::ShowFootnote(number));
            }
        }
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

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
