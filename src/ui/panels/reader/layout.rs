//! Laying the text out: block heights (estimated, then measured), the galleys of the
//! blocks in view and their cache, and the map between galley and canonical positions.

use super::*;

/// What decides every block's laid-out height: a change re-measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct LayoutKey {
    pub(super) wrap_width: f32,
    pub(super) font_size: f32,
    pub(super) pixels_per_point: f32,
}

/// Heights of all blocks and their running tops, for finding what is in view.
#[derive(Debug, Default)]
pub(super) struct BlockHeights {
    pub(super) key: Option<LayoutKey>,
    pub(super) folds: FoldPlan,
    pub(super) heights: Vec<f32>,
    pub(super) measured: Vec<bool>,
    pub(super) tops: Vec<f32>,
    /// Where the last block's gap ends.
    pub(super) end: f32,
}

impl BlockHeights {
    /// Estimates every block from its length; laying a block out replaces its estimate.
    pub(super) fn reset(
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

    pub(super) fn recompute(&mut self, style: &ReaderStyle) {
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
    pub(super) fn block_at_y(&self, y: f32) -> usize {
        self.tops.partition_point(|&t| t <= y).saturating_sub(1)
    }
}

/// What decides how laid-out blocks look besides their size: a change lays them out anew.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct MarksKey {
    pub(super) revision: u64,
    pub(super) filter: TopicFilter,
    pub(super) selected: Option<HighlightId>,
    pub(super) style: ReaderStyle,
}

/// Blocks laid out in recent frames, under the layout and the look they were laid out
/// for.
pub(super) type GalleyCache = FrameCache<(LayoutKey, MarksKey), (Arc<Galley>, GalleyMap)>;

/// A block laid out this frame.
pub(super) struct PlacedBlock {
    pub(super) index: usize,
    pub(super) galley: Arc<Galley>,
    /// Screen position of the galley's top-left corner.
    pub(super) origin: Pos2,
    pub(super) map: GalleyMap,
}

/// Where the galley text differs from the canonical text: footnote numbers inserted as
/// superscripts. Positions are code points local to the block.
#[derive(Debug, Default, Clone)]
pub(super) struct GalleyMap {
    /// (canonical position the insert stands before, its length, footnote number).
    pub(super) inserts: Vec<(usize, usize, u32)>,
}

impl GalleyMap {
    /// Galley position of canonical position `local`. At an insert, `after` picks the side.
    pub(super) fn to_galley(&self, local: usize, after: bool) -> usize {
        let shift: usize = self
            .inserts
            .iter()
            .filter(|&&(c, _, _)| c < local || (c == local && after))
            .map(|&(_, len, _)| len)
            .sum();
        local + shift
    }

    /// Canonical position of galley position `g`; inside an insert, the place it stands.
    pub(super) fn to_canonical(&self, g: usize) -> usize {
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

/// Lays out one block (or one cell of a table) as a job: canonical text, with footnote
/// numbers as superscripts and each styled run (highlights) in its colours.
pub(super) fn block_job(
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
    let italics = doc.emphasis_in(block.range);
    let mut cuts: Vec<CharOffset> = vec![block.range.start, block.range.end];
    cuts.extend(runs.iter().flat_map(|r| [r.range.start, r.range.end]));
    cuts.extend(italics.iter().flat_map(|r| [r.start, r.end]));
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
                (r.offset - block.range.start).get(),
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
        // Italics where the source has them, in body text (headings stay bold).
        if base.font_id.family == fonts::family(fonts::SERIF)
            && italics.iter().any(|r| r.start <= a && b <= r.end)
        {
            format.font_id.family = fonts::family(fonts::SERIF_ITALIC);
        }
        if let Some(run) = runs.iter().find(|r| r.range.start <= a && b <= r.range.end) {
            format.background = run.background;
            format.underline = run.underline;
        }
        job.append(&text[byte(a)..byte(b)], 0.0, format);
    }
    superscripts_up_to(block.range.end, &mut job, &mut map);
    (job, map)
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
pub(super) fn measure(
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
            input.source,
            input.filter,
            block,
            input.selected,
            style.dark,
            style.accent,
        );
        if block.kind == BlockKind::Table {
            return super::table::table_galley(ui, input.doc, block, style, key.wrap_width, &runs);
        }
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
pub(super) fn y_of_offset(
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
    let local = (offset - input.doc.blocks()[i].range.start).get();
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

/// Blocks laid out this frame, and folded stretches in view as (first block, length).
pub(super) type Visible = (Vec<(usize, Arc<Galley>, GalleyMap)>, Vec<(usize, usize)>);

/// Lays out the blocks that intersect the viewport, measuring them until heights settle.
pub(super) fn lay_out_visible(
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

/// Where each laid-out block stands: below the blocks before it (`tops`, from
/// `content_top`), at the column's left edge (`left`), or at its right for signatures and
/// datelines, which stand there as printed.
pub(super) fn place_blocks(
    doc: &Document,
    laid_out: Vec<(usize, Arc<Galley>, GalleyMap)>,
    tops: &[f32],
    content_top: f32,
    left: f32,
    column: f32,
) -> Vec<PlacedBlock> {
    laid_out
        .into_iter()
        .map(|(index, galley, map)| {
            let top = content_top + tops[index];
            // Signatures and datelines stand at the right, as printed.
            let x = if matches!(
                doc.blocks()[index].kind,
                BlockKind::Signature | BlockKind::Dateline
            ) {
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
        .collect()
}
