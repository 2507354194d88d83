//! Pointer and keyboard in the reader: hit testing, selection by drag, clicks on
//! highlights, scrolling by key.

use super::*;

/// Page Up/Down, Space, Up and Down, Home and End scroll the text, unless a text field
/// has the keyboard (Shift with Up and Down selects instead: `keys.rs`).
pub(super) fn keyboard_scroll(ui: &Ui, view_height: f32, style: &ReaderStyle) {
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
        } else if pressed(egui::Key::ArrowDown) && !i.modifiers.shift {
            -style.line_height()
        } else if pressed(egui::Key::ArrowUp) && !i.modifiers.shift {
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

/// The canonical position under a screen point: the nearest block in view, the nearest
/// character in it.
pub(super) fn hit_test(
    doc: &Document,
    placed: &[PlacedBlock],
    pos: Pos2,
    gap: f32,
) -> Option<CharOffset> {
    let block = placed
        .iter()
        .find(|b| pos.y < b.origin.y + b.galley.size().y + gap / 2.0)
        .or(placed.last())?;
    let local = pos - block.origin;
    let table = doc.blocks()[block.index].kind == BlockKind::Table;
    let cursor = super::table::cursor_at(&block.galley, local, table);
    let range = doc.blocks()[block.index].range;
    Some(range.start + block.map.to_canonical(cursor.index.0).min(range.len()))
}

/// The canonical position at the end (or start) of the row at height `y`.
pub(super) fn offset_at_y(
    placed: &[PlacedBlock],
    doc: &Document,
    y: f32,
    row_end: bool,
) -> CharOffset {
    let Some(block) = placed.iter().find(|b| y < b.origin.y + b.galley.size().y) else {
        return placed
            .last()
            .map_or(CharOffset(0), |b| doc.blocks()[b.index].range.end);
    };
    let x = if row_end { block.galley.size().x } else { 0.0 };
    let local = vec2(x, (y - block.origin.y).max(0.0));
    let table = doc.blocks()[block.index].kind == BlockKind::Table;
    let cursor = super::table::cursor_at(&block.galley, local, table);
    doc.blocks()[block.index].range.start + block.map.to_canonical(cursor.index.0)
}

/// Mouse selection: press to place, drag to extend (across blocks), shift+click to extend,
/// double-click for a word, triple-click for a block. Returns the position of a plain
/// click (no drag), which may select a highlight.
pub(super) fn handle_pointer(
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
        state.caret = Some(hit);
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
            state.caret = Some(hit);
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
    source: crate::core::study::source::SourceId,
    filter: &TopicFilter,
    at: CharOffset,
) -> ClickOutcome {
    let Some(block) = doc.block_index_at(at).and_then(|i| doc.blocks().get(i)) else {
        return ClickOutcome::Select(None);
    };
    let mut under: Vec<&crate::core::study::highlight::Highlight> =
        visible_highlights(notes, source, filter, block)
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
pub(super) fn click_on_highlights(
    ui: &Ui,
    input: &ReaderInput<'_>,
    state: &mut ReaderState,
    at: CharOffset,
    pos: Option<Pos2>,
) -> Option<Action> {
    match click_outcome(input.doc, input.notes, input.source, input.filter, at) {
        ClickOutcome::Select(id) => Some(Action::Window(WindowAction::SelectHighlight(id))),
        ClickOutcome::Choose(ids) => {
            state.picker = pos.map(|p| Picker::new(ui, ids, p));
            None
        }
    }
}

/// The text's response to the pointer and the keyboard: selecting, clicking a highlight,
/// the context menu, and what a marked name stands for under the pointer.
pub(super) fn text_interaction_ui(
    ui: &mut Ui,
    input: &ReaderInput<'_>,
    state: &mut ReaderState,
    placed: &[PlacedBlock],
    content: Rect,
    viewport: Rect,
    style: &ReaderStyle,
) -> Vec<Action> {
    let doc = input.doc;
    let mut actions = Vec::new();
    let response = ui.interact(
        content,
        ui.scope_id().with("reader-text"),
        Sense::click_and_drag(),
    );
    keyboard_scroll(ui, viewport.height(), style);
    if let Some(at) = keyboard_select(ui, doc, state, placed, style)
        && (at < state.top_line_start || at > state.bottom_offset)
    {
        state.scroll_to_in_context(at);
    }
    if let Some(clicked) = handle_pointer(ui, doc, state, placed, &response) {
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
        // A marked name: who the volume says the person is, what a term stands for.
        if !doc.entities().is_empty()
            && let Some(pointer) = response.hover_pos()
            && let Some(at) = hit_test(doc, placed, pointer, style.block_gap())
            && let Some(entry) = doc
                .entities_at(at)
                .filter_map(|e| e.key.as_deref().and_then(|k| doc.identify(k)))
                .last()
        {
            let entry = entry.to_string();
            response.clone().on_hover_ui_at_pointer(|ui| {
                ui.set_max_width(360.0);
                ui.label(entry);
            });
        }
    }

    actions
}
