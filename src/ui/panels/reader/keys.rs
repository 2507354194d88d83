//! The reader by keyboard: a caret, moved by Left and Right (a word at a time with Ctrl),
//! and a selection grown from it with Shift and the arrows (Up and Down by a line as
//! laid out). Plain Up and Down still scroll. The caret is placed by a click, by a Find
//! hit, and by these keys; without one, the keys start from the first line in view.

use super::*;

/// Which way a key moves the caret, and how far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Char(bool),
    Word(bool),
    Line(bool),
}

/// Whether `at` lies in `range` or at its end (a caret after a block's last letter).
fn holds(range: CharRange, at: CharOffset) -> bool {
    range.start <= at && at <= range.end
}

/// The caret's next place for `step` from `at`, within the text.
fn stepped(doc: &Document, at: CharOffset, step: Step) -> CharOffset {
    let end = doc.char_len();
    match step {
        Step::Char(true) => CharOffset((at.0 + 1).min(end)),
        Step::Char(false) => CharOffset(at.0.saturating_sub(1)),
        Step::Word(forward) => word_step(doc, at, forward),
        // Lines are found on the laid-out text (`line_step`).
        Step::Line(_) => at,
    }
}

/// Past the next word's end (forward) or to the previous word's start (back), as text
/// editors move with Ctrl and the arrows.
fn word_step(doc: &Document, at: CharOffset, forward: bool) -> CharOffset {
    const WINDOW: usize = 400;
    let is_word = crate::core::document::words::is_word_char;
    if forward {
        let to = (at.0 + WINDOW).min(doc.char_len());
        let chars: Vec<char> = doc
            .slice(CharRange::new(at, CharOffset(to)))
            .chars()
            .collect();
        let mut i = 0;
        while i < chars.len() && !is_word(chars[i]) {
            i += 1;
        }
        while i < chars.len() && is_word(chars[i]) {
            i += 1;
        }
        CharOffset(at.0 + i)
    } else {
        let from = at.0.saturating_sub(WINDOW);
        let chars: Vec<char> = doc
            .slice(CharRange::new(CharOffset(from), at))
            .chars()
            .collect();
        let mut i = chars.len();
        while i > 0 && !is_word(chars[i - 1]) {
            i -= 1;
        }
        while i > 0 && is_word(chars[i - 1]) {
            i -= 1;
        }
        CharOffset(from + i)
    }
}

/// The place a line above or below `at`, at the same height on screen as laid out.
fn line_step(
    doc: &Document,
    placed: &[PlacedBlock],
    at: CharOffset,
    down: bool,
    style: &ReaderStyle,
) -> Option<CharOffset> {
    let block = placed
        .iter()
        .find(|b| holds(doc.blocks()[b.index].range, at))?;
    let range = doc.blocks()[block.index].range;
    let local = block.map.to_galley((at - range.start).get(), true);
    let spot = block.galley.pos_from_cursor(CCursor::new(local));
    let line = style.line_height();
    let y = spot.center().y + if down { line } else { -line };
    let point = block.origin + vec2(spot.min.x, y);
    hit_test(doc, placed, point, style.block_gap())
}

/// Arrows with or without Shift and Ctrl: move the caret, grow or shrink the selection.
/// Returns where the caret went, to be kept in view.
pub(super) fn keyboard_select(
    ui: &Ui,
    doc: &Document,
    state: &mut ReaderState,
    placed: &[PlacedBlock],
    style: &ReaderStyle,
) -> Option<CharOffset> {
    if ui.ctx().egui_wants_keyboard_input() || egui::Popup::is_any_open(ui.ctx()) {
        return None;
    }
    let (step, shift) = ui.input(|i| {
        let m = i.modifiers;
        if m.alt {
            return (None, false);
        }
        let step = if i.key_pressed(egui::Key::ArrowRight) {
            Some(if m.command {
                Step::Word(true)
            } else {
                Step::Char(true)
            })
        } else if i.key_pressed(egui::Key::ArrowLeft) {
            Some(if m.command {
                Step::Word(false)
            } else {
                Step::Char(false)
            })
        } else if m.shift && i.key_pressed(egui::Key::ArrowDown) {
            Some(Step::Line(true))
        } else if m.shift && i.key_pressed(egui::Key::ArrowUp) {
            Some(Step::Line(false))
        } else {
            None
        };
        (step, m.shift)
    });
    let step = step?;
    let selection = state.selection.filter(|s| !s.range().is_empty());
    // Without Shift, a selection collapses to the end the arrow points to.
    if !shift && let (Some(sel), Step::Char(forward) | Step::Word(forward)) = (selection, step) {
        let range = sel.range();
        let at = if forward { range.end } else { range.start };
        state.selection = None;
        state.caret = Some(at);
        return Some(at);
    }
    let from = match selection {
        Some(sel) => sel.head,
        None => state.caret.unwrap_or(state.top_line_start),
    };
    let to = match step {
        Step::Line(down) => line_step(doc, placed, from, down, style).unwrap_or(from),
        other => stepped(doc, from, other),
    };
    state.caret = Some(to);
    if shift {
        let anchor = selection.map_or(from, |s| s.anchor);
        state.selection = (anchor != to).then_some(Selection { anchor, head: to });
    } else {
        state.selection = None;
    }
    Some(to)
}

/// The caret, a thin line where it stands, when nothing is selected.
pub(super) fn paint_caret(
    painter: &egui::Painter,
    doc: &Document,
    state: &ReaderState,
    block: &PlacedBlock,
    style: &ReaderStyle,
) {
    let Some(at) = state.caret.filter(|_| state.selection.is_none()) else {
        return;
    };
    let range = doc.blocks()[block.index].range;
    if !holds(range, at) {
        return;
    }
    let local = block.map.to_galley((at - range.start).get(), true);
    let spot = block
        .galley
        .pos_from_cursor(CCursor::new(local))
        .translate(block.origin.to_vec2());
    painter.line_segment(
        [spot.center_top(), spot.center_bottom()],
        Stroke::new(1.5, style.accent),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_step_goes_past_the_next_word_or_back_to_the_last_one() {
        let doc = Document::from_text("The U.S. delegation, in Geneva.", "t.txt");
        let at = |s: &str| CharOffset(doc.text().find(s).expect("in the text"));
        assert_eq!(word_step(&doc, at("delegation"), true), at(", in"));
        assert_eq!(word_step(&doc, at(", in"), true), at(" Geneva"));
        assert_eq!(word_step(&doc, at(" Geneva"), false), at("in Geneva"));
        assert_eq!(word_step(&doc, CharOffset(0), false), CharOffset(0));
        let end = CharOffset(doc.char_len());
        assert_eq!(word_step(&doc, end, true), end);
    }
}
