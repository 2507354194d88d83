//! A table laid out as a grid: each cell wraps inside its own column, and a row is as
//! tall as its tallest cell. A table block's canonical text has one line a row and a tab
//! between cells; each cell is laid out on its own (with its highlights, italics and
//! footnote calls), and the cells' rows are put together into one galley in the order of
//! the text, each cell's last row standing for the tab or line break after it. So
//! positions, selection and highlights count exactly as in any other block; only hit
//! testing has to look at x as well (cells stand side by side), which [`cursor_at`] does.

use super::*;

/// The canonical ranges of a table block's cells, by row.
fn cells(doc: &Document, block: &Block) -> Vec<Vec<CharRange>> {
    let mut rows = vec![Vec::new()];
    let mut start = block.range.start;
    for (i, c) in doc.slice(block.range).chars().enumerate() {
        if c == '\t' || c == '\n' {
            let at = block.range.start + i;
            if let Some(row) = rows.last_mut() {
                row.push(CharRange::new(start, at));
            }
            if c == '\n' {
                rows.push(Vec::new());
            }
            start = at + 1;
        }
    }
    if let Some(row) = rows.last_mut() {
        row.push(CharRange::new(start, block.range.end));
    }
    rows
}

/// Widths of the columns: each as wide as its widest cell when the table fits; when it
/// does not, the narrow columns keep their width and the wide ones share what is left
/// (each at least three ems), so their cells wrap.
fn column_widths(natural: &[f32], room: f32, least: f32) -> Vec<f32> {
    let total: f32 = natural.iter().sum();
    if total <= room {
        return natural.to_vec();
    }
    let mut widths = natural.to_vec();
    let mut open: Vec<usize> = (0..natural.len()).collect();
    let mut left = room;
    // Columns narrower than a fair share of what is left keep their width, until every
    // column still open is wider than its share.
    loop {
        let share = left / open.len().max(1) as f32;
        let (fits, wide): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&c| natural[c] <= share);
        if fits.is_empty() || wide.is_empty() {
            for &c in &open {
                widths[c] = natural[c].min(share).max(least);
            }
            return widths;
        }
        left -= fits.iter().map(|&c| natural[c]).sum::<f32>();
        open = wide;
    }
}

/// Each column's width and left edge: columns as wide as their widest cell where the
/// `wrap_width` allows, a gap of one and a half ems between them.
fn column_layout(
    ui: &Ui,
    doc: &Document,
    rows: &[Vec<CharRange>],
    style: &ReaderStyle,
    wrap_width: f32,
) -> (Vec<f32>, Vec<f32>) {
    let font = style.format(BlockKind::Table).font_id;
    let natural_width = |range: CharRange| {
        let text = doc.slice(range).to_string();
        (ui.painter()
            .layout_no_wrap(text, font.clone(), style.text)
            .size()
            .x)
            .ceil()
    };
    let columns = rows.iter().map(Vec::len).max().unwrap_or(1);
    let mut natural = vec![0.0f32; columns];
    for row in rows {
        for (c, &range) in row.iter().enumerate() {
            natural[c] = natural[c].max(natural_width(range));
        }
    }
    let gap = style.font_size * 1.5;
    let room = (wrap_width - gap * (columns - 1) as f32).max(0.0);
    let widths = column_widths(&natural, room, style.font_size * 3.0);
    let mut lefts = Vec::with_capacity(columns);
    let mut x = 0.0;
    for width in &widths {
        lefts.push(x);
        x += width + gap;
    }
    (widths, lefts)
}

/// Lays out a table block as a grid no wider than `wrap_width`.
pub(super) fn table_galley(
    ui: &Ui,
    doc: &Document,
    block: &Block,
    style: &ReaderStyle,
    wrap_width: f32,
    runs: &[StyledRun],
) -> (Arc<Galley>, GalleyMap) {
    let rows = cells(doc, block);
    let (widths, lefts) = column_layout(ui, doc, &rows, style, wrap_width);
    let row_gap = style.font_size * 0.35;
    let last_cell = rows.iter().map(Vec::len).sum::<usize>().saturating_sub(1);
    let mut placed: Vec<egui::epaint::text::PlacedRow> = Vec::new();
    let mut map = GalleyMap::default();
    let mut text = String::new();
    let mut template: Option<Arc<Galley>> = None;
    let (mut vertices, mut indices) = (0, 0);
    let mut mesh_bounds = Rect::NOTHING;
    let mut y = 0.0f32;
    let mut n = 0;
    for row in &rows {
        let mut tallest = 0.0f32;
        for (c, &range) in row.iter().enumerate() {
            let cell = Block {
                kind: BlockKind::Table,
                range,
            };
            let (job, cell_map) = block_job(doc, &cell, style, widths[c].max(1.0), runs);
            let galley = ui.painter().layout_job(job);
            // Whole pixels, as egui places rows: text between pixels renders blurred.
            let ppp = ui.ctx().pixels_per_point();
            let offset = vec2((lefts[c] * ppp).round() / ppp, (y * ppp).round() / ppp);
            let local = (range.start - block.range.start).get();
            map.inserts.extend(
                (cell_map.inserts.iter()).map(|&(at, len, number)| (at + local, len, number)),
            );
            let count = galley.rows.len();
            for (r, row) in galley.rows.iter().enumerate() {
                let mut row = row.clone();
                row.pos += offset;
                // The cell's last row carries the tab or line break after the cell.
                if r + 1 == count {
                    row.ends_with_newline = n != last_cell;
                }
                mesh_bounds =
                    mesh_bounds.union(row.visuals.mesh_bounds.translate(row.pos.to_vec2()));
                vertices += row.visuals.mesh.vertices.len();
                indices += row.visuals.mesh.indices.len();
                placed.push(row);
            }
            text.push_str(galley.text());
            if n != last_cell {
                text.push(if c + 1 == row.len() { '\n' } else { '\t' });
            }
            tallest = tallest.max(galley.size().y);
            template.get_or_insert(galley);
            n += 1;
        }
        y += tallest + row_gap;
    }
    let height = (y - row_gap).max(0.0);
    let width = (placed.iter())
        .map(|r| r.rect().right())
        .fold(0.0f32, f32::max);
    let galley = match template {
        Some(first) => {
            let mut galley = (*first).clone();
            // One section over the whole text: a galley whose job has none paints
            // nothing.
            let mut job = LayoutJob::single_section(text, style.format(BlockKind::Table));
            job.wrap.max_width = wrap_width;
            galley.job = Arc::new(job);
            galley.rows = placed;
            galley.rect = Rect::from_min_size(Pos2::ZERO, vec2(width, height));
            galley.mesh_bounds = mesh_bounds;
            galley.num_vertices = vertices;
            galley.num_indices = indices;
            galley.elided = false;
            Arc::new(galley)
        }
        None => ui.painter().layout_job(LayoutJob::default()),
    };
    (galley, map)
}

/// The galley position under `pos` (relative to the galley). In a table, cells stand side
/// by side, so the row is the one whose box holds `pos` (or the nearest one); in any
/// other block, egui's own rule (the row at that height).
pub(super) fn cursor_at(galley: &Galley, pos: egui::Vec2, table: bool) -> CCursor {
    if !table {
        return galley.cursor_from_pos(pos);
    }
    let point = pos2(pos.x, pos.y);
    let mut best: Option<(f32, CCursor)> = None;
    let mut index = 0;
    for row in &galley.rows {
        let rect = row.rect();
        let distance = rect.distance_sq_to_pos(point);
        if best.is_none_or(|(d, _)| distance < d) {
            let column = row.char_at(pos.x - row.pos.x).0;
            best = Some((
                distance,
                CCursor {
                    index: (index + column).into(),
                    prefer_next_row: column < row.char_count_excluding_newline().0,
                },
            ));
        }
        index += row.char_count_including_newline().0;
    }
    best.map_or(CCursor::default(), |(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A FRUS document with a table of long cells in its body (as the volumes print
    /// goals beside responses).
    fn document_with_table() -> Document {
        let volume =
            include_str!("../../../../tests/fixtures/tei/frus1977-80v06-d84-reconstructed.xml");
        let table = "<table><row role=\"label\"><cell>Soviet goal</cell><cell>US response</cell></row>\
            <row><cell>A mutual refusal to produce neutron weapons, agreed without attempts to link it with other questions</cell>\
            <cell>Production deferred; the decision to be reviewed in the light of Soviet restraint in deploying the SS-20</cell></row>\
            <row><cell>A Geneva Conference on the Middle East</cell><cell>Support for separate negotiations between Egypt and Israel</cell></row></table>";
        let xml = volume.replacen(
            "<p>Your latest letter",
            &format!("{table}<p>Your latest letter"),
            1,
        );
        let volume = crate::core::tei::Volume::read(&xml, "table.xml").expect("reads");
        volume.documents()[0].clone()
    }

    #[test]
    fn every_cell_wraps_inside_its_own_column_and_a_click_finds_the_cell_under_it() {
        let doc = document_with_table();
        let index = (doc.blocks().iter())
            .position(|b| b.kind == BlockKind::Table)
            .expect("the table is a block");
        let block = doc.blocks()[index].clone();
        let ctx = egui::Context::default();
        crate::ui::widgets::fonts::install(&ctx);
        let mut laid = None;
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let style = ReaderStyle::new(ui, 18.0);
            laid = Some(table_galley(ui, &doc, &block, &style, 420.0, &[]));
        });
        output.textures_delta.clear();
        let (galley, map) = laid.expect("laid out");
        assert!(map.inserts.is_empty());
        let cells = cells(&doc, &block);
        assert_eq!(cells.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 2]);
        // Walk the galley's rows in text order, knowing which cell each belongs to.
        let mut spans: Vec<(usize, usize, Rect)> = Vec::new(); // (row, column, box)
        let mut at = 0;
        let flat: Vec<(usize, usize, CharRange)> = (cells.iter().enumerate())
            .flat_map(|(r, row)| row.iter().enumerate().map(move |(c, &x)| (r, c, x)))
            .collect();
        for row in &galley.rows {
            let start = block.range.start + at;
            let &(r, c, _) = (flat.iter())
                .find(|(_, _, x)| x.start <= start && start <= x.end)
                .expect("a row lies in a cell");
            spans.push((r, c, row.rect()));
            at += row.char_count_including_newline().0;
        }
        assert_eq!(at, block.range.len(), "the galley holds the block's text");
        // The long cells wrapped (more galley rows than table cells) ...
        assert!(galley.rows.len() > 6, "{} rows", galley.rows.len());
        // ... and each stays in its column: the second column's rows all start right of
        // every first-column row's end, and no two rows overlap.
        let first_right = (spans.iter())
            .filter(|s| s.1 == 0)
            .map(|s| s.2.right())
            .fold(0.0f32, f32::max);
        for s in spans.iter().filter(|s| s.1 == 1) {
            assert!(
                s.2.left() > first_right,
                "{s:?} starts inside the first column"
            );
        }
        for (i, a) in spans.iter().enumerate() {
            for b in &spans[i + 1..] {
                assert!(
                    !a.2.shrink(0.5).intersects(b.2.shrink(0.5)),
                    "{a:?} overlaps {b:?}"
                );
            }
        }
        // A row of the table starts below the tallest cell of the row before.
        let bottom_of = |r: usize| {
            (spans.iter())
                .filter(|s| s.0 == r)
                .map(|s| s.2.bottom())
                .fold(0.0f32, f32::max)
        };
        let top_of = |r: usize| {
            (spans.iter())
                .filter(|s| s.0 == r)
                .map(|s| s.2.top())
                .fold(f32::MAX, f32::min)
        };
        assert!(top_of(1) >= bottom_of(0) && top_of(2) >= bottom_of(1));
        // A point in the second column of the second row finds a character of that cell.
        let target = (spans.iter())
            .find(|s| s.0 == 1 && s.1 == 1)
            .expect("the cell")
            .2;
        let cursor = cursor_at(&galley, target.center().to_vec2(), true);
        let offset = block.range.start + cursor.index.0;
        assert!(
            cells[1][1].start <= offset && offset <= cells[1][1].end,
            "{offset:?}"
        );
        assert!(galley.size().x <= 420.5);
        // It paints: a galley with no section is skipped whole when drawn.
        assert!(!galley.is_empty() && galley.num_vertices > 0);
    }

    #[test]
    fn a_table_that_fits_keeps_its_widths_and_a_wide_one_shares_the_room() {
        assert_eq!(column_widths(&[50.0, 80.0], 200.0, 30.0), [50.0, 80.0]);
        // The narrow column keeps its width; the two wide ones share the rest.
        assert_eq!(
            column_widths(&[40.0, 500.0, 900.0], 400.0, 30.0),
            [40.0, 180.0, 180.0]
        );
        // Nothing falls below the least width.
        let widths = column_widths(&[600.0; 10], 100.0, 30.0);
        assert!(widths.iter().all(|&w| w == 30.0));
    }
}
