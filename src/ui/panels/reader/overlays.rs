//! What floats over the text: note marks in the margin, the selection's popup and the
//! picker among overlapping highlights.

use super::*;

/// Small marks in the right margin for highlights with a note; hovering shows the note,
/// clicking selects the highlight.
pub(super) fn note_markers_ui(
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
    for h in visible_highlights(
        input.notes,
        input.source,
        input.filter,
        &input.doc.blocks()[block.index],
    ) {
        if h.note.trim().is_empty() || !range.contains(h.anchor.start) {
            continue;
        }
        let cursor = CCursor {
            index: block
                .map
                .to_galley((h.anchor.start - range.start).get(), true)
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
                actions.push(Action::Window(WindowAction::SelectHighlight(Some(
                    first.id,
                ))));
            } else {
                let ids = group.iter().map(|h| h.id).collect();
                *picker = Some(Picker::new(ui, ids, rect.right_top()));
            }
        }
    }
    actions
}

/// Over a finished selection: "Highlight" and the first nine topics, one click each.
pub(super) fn selection_popup_ui(
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
    let cursor = CCursor::new(block.map.to_galley((end - range.start).get(), false));
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
                        actions.push(highlight(ui, selection.range(), Vec::new()));
                    }
                    for (n, topic) in crate::core::study::topic::keyed(input.notes.topics()) {
                        let color = crate::ui::widgets::marks::topic_color(topic.color);
                        let text = egui::RichText::new(format!("{n} {}", topic.leaf_name()))
                            .background_color(color.gamma_multiply(0.35));
                        if ui
                            .button(text)
                            .on_hover_text(format!("Highlight as {} (key {n})", topic.name))
                            .clicked()
                        {
                            actions.push(highlight(ui, selection.range(), vec![topic.id]));
                        }
                    }
                });
            });
        });
    actions
}

/// The choice offered when a click lands on several highlights at once.
pub(super) fn picker_ui(ui: &Ui, input: &ReaderInput<'_>, state: &mut ReaderState) -> Vec<Action> {
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
                            actions.push(Action::Window(WindowAction::SelectHighlight(Some(*id))));
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

/// Highlights offered for choice where the user clicked on several at once.
#[derive(Debug, Clone)]
pub(super) struct Picker {
    pub(super) ids: Vec<HighlightId>,
    pub(super) pos: Pos2,
    /// The pass it opened in: the click that opened it must not close it.
    pub(super) opened: u64,
}

impl Picker {
    pub(super) fn new(ui: &Ui, ids: Vec<HighlightId>, pos: Pos2) -> Self {
        Picker {
            ids,
            pos,
            opened: ui.ctx().cumulative_pass_nr(),
        }
    }
}

/// Highlight `range` with `topics`: whole words, unless Alt is held.
fn highlight(ui: &Ui, range: CharRange, topics: Vec<crate::core::study::topic::TopicId>) -> Action {
    Action::Study(StudyAction::Highlight {
        range,
        exact: ui.input(|i| i.modifiers.alt),
        topics,
    })
}
