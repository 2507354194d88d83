//! Painting over the text: highlight runs, search hits, page marks, footnote calls and
//! the bars of folded paragraphs.

use super::*;

/// Paints the part of `range` that lies in `block` behind the text, row by row.
pub(super) fn paint_range(
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
    let start = block
        .map
        .to_galley((part.start - block_range.start).get(), true);
    let end = block
        .map
        .to_galley((part.end - block_range.start).get(), false);
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
pub(super) fn paint_search_hits(
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
pub(super) fn fold_bar_ui(
    ui: &Ui,
    rect: Rect,
    count: usize,
    pages: &str,
    style: &ReaderStyle,
) -> bool {
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

/// Page breaks inside `block`: a label in the left margin and, where the page begins
/// mid-paragraph, a hairline at the exact place between the words.
pub(super) fn paint_page_marks(
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
        let local = (page.offset - range.start).get();
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
            page.short(),
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
pub(super) fn describe_block(ui: &Ui, doc: &Document, block: &PlacedBlock) {
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
pub(super) fn footnote_calls_ui(
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
        let id = ui
            .scope_id()
            .with(("footnote-call", range.start.index(), number));
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
                actions.push(Action::Window(WindowAction::ShowFootnote(number)));
            }
        }
    }
    actions
}

/// Paints each placed block (selection, hits, text, caret, page marks) with its footnote
/// calls and note markers; `(left, column)`: the text column.
pub(super) fn paint_blocks_ui(
    ui: &mut Ui,
    input: &ReaderInput<'_>,
    state: &mut ReaderState,
    placed: &[PlacedBlock],
    style: &ReaderStyle,
    (left, column): (f32, f32),
) -> Vec<Action> {
    let doc = input.doc;
    let mut actions = Vec::new();
    let painter = ui.painter();
    let right = left + column;
    for block in placed {
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
        paint_caret(painter, doc, state, block, style);
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
    actions
}

/// The bars that stand for folded stretches, each with its pages; a click unfolds one.
/// `bars`: (first block, how many) of each; `tops`: where each block starts below
/// `content_top`.
pub(super) fn fold_bars_ui(
    ui: &mut Ui,
    doc: &Document,
    tops: &[f32],
    bars: &[(usize, usize)],
    content_top: f32,
    (left, column): (f32, f32),
    style: &ReaderStyle,
) -> Vec<Action> {
    let mut actions = Vec::new();
    for &(index, count) in bars {
        let top = content_top + tops[index];
        let rect = Rect::from_min_size(pos2(left, top), vec2(column, style.bar_height()));
        let blocks = doc.blocks();
        let pages = blocks
            .get(index)
            .zip(blocks.get(index + count - 1))
            .map(|(a, b)| {
                crate::core::study::citation::pages_label(
                    doc,
                    CharRange::new(a.range.start, b.range.end),
                )
            });
        if fold_bar_ui(ui, rect, count, pages.as_deref().unwrap_or(""), style) {
            actions.push(Action::View(ViewAction::Unfold(index)));
        }
    }
    actions
}
