//! How the window's width is shared: the text first. The reader always keeps a readable
//! measure; the side panels shrink toward their smallest useful width, then fold to a
//! narrow strip (the outline first, then the study panel), and come back when the
//! window grows. The user's own panel widths are kept apart from what a small window
//! forces, so they return as they were.

/// The fewest characters a line of the reader may hold.
pub const MIN_READER_CHARS: f32 = 45.0;
/// The width of a folded panel's strip.
pub const STRIP_WIDTH: f32 = 30.0;
/// The outline's smallest useful width.
pub const LEFT_MIN: f32 = 140.0;
/// The study panel's smallest useful width.
pub const RIGHT_MIN: f32 = 225.0;
/// The widest a side panel may be dragged.
pub const PANEL_MAX: f32 = 560.0;
/// The outline's width until the user drags it.
pub const LEFT_DEFAULT: f32 = 260.0;
/// The study panel's width until the user drags it.
pub const RIGHT_DEFAULT: f32 = 340.0;

/// How a side panel is shown this frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PanelShow {
    /// Open, at most this wide.
    Open(f32),
    /// Folded to a strip with a button that opens it.
    Strip,
    /// Not shown at all (the outline turned off).
    Hidden,
}

impl PanelShow {
    /// The width it takes from the window.
    pub fn width(self) -> f32 {
        match self {
            PanelShow::Open(w) => w,
            PanelShow::Strip => STRIP_WIDTH,
            PanelShow::Hidden => 0.0,
        }
    }
}

/// The two side panels' widths for one frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PanelPlan {
    pub left: PanelShow,
    pub right: PanelShow,
}

/// What the user asked for: each panel's preferred width (the outline `None` when it is
/// turned off), and a folded panel the user opened by its strip (it stays open at the
/// other's expense).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PanelWants {
    pub left: Option<f32>,
    pub right: f32,
    pub unfold: Option<Side>,
}

/// A side of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

/// Shares `total` width between the panels so that `reader` width stays for the text.
pub fn plan(total: f32, reader: f32, wants: PanelWants) -> PanelPlan {
    let room = (total - reader).max(0.0);
    let right_want = wants.right.clamp(RIGHT_MIN, PANEL_MAX);
    let Some(left_want) = wants.left.map(|w| w.clamp(LEFT_MIN, PANEL_MAX)) else {
        // Only the study panel.
        let right = if right_want <= room {
            PanelShow::Open(right_want)
        } else if RIGHT_MIN <= room || wants.unfold == Some(Side::Right) {
            PanelShow::Open(room.max(RIGHT_MIN))
        } else {
            PanelShow::Strip
        };
        return PanelPlan {
            left: PanelShow::Hidden,
            right,
        };
    };
    if left_want + right_want <= room {
        return PanelPlan {
            left: PanelShow::Open(left_want),
            right: PanelShow::Open(right_want),
        };
    }
    if LEFT_MIN + RIGHT_MIN <= room {
        // Both shrink, each by its share of what they have above their minimum.
        let spare = room - LEFT_MIN - RIGHT_MIN;
        let (above_left, above_right) = (left_want - LEFT_MIN, right_want - RIGHT_MIN);
        let above = (above_left + above_right).max(1.0);
        return PanelPlan {
            left: PanelShow::Open(LEFT_MIN + spare * above_left / above),
            right: PanelShow::Open(RIGHT_MIN + spare * above_right / above),
        };
    }
    match wants.unfold {
        // The user opened the outline's strip: the study panel folds instead.
        Some(Side::Left) => PanelPlan {
            left: PanelShow::Open((room - STRIP_WIDTH).clamp(LEFT_MIN, left_want)),
            right: PanelShow::Strip,
        },
        Some(Side::Right) => PanelPlan {
            left: PanelShow::Strip,
            right: PanelShow::Open((room - STRIP_WIDTH).clamp(RIGHT_MIN, right_want)),
        },
        None if STRIP_WIDTH + RIGHT_MIN <= room => PanelPlan {
            left: PanelShow::Strip,
            right: PanelShow::Open((room - STRIP_WIDTH).min(right_want)),
        },
        None => PanelPlan {
            left: PanelShow::Strip,
            right: PanelShow::Strip,
        },
    }
}

/// Room on the left of the reading column for page markers, in points.
pub const MARGIN: f32 = 72.0;
/// What the reader's panel needs beside its text column: the left margin (page labels)
/// and room on the right (note marks, scroll bar).
pub const COLUMN_MARGINS: f32 = MARGIN + 40.0;

/// The strip beside the text that shows where the document's highlights lie: its room
/// is always kept, so the first highlight does not reflow the text.
pub const DENSITY_STRIP: f32 = 12.0;

/// The width the reader needs for [`MIN_READER_CHARS`] characters of `avg_char` width,
/// with its margins and the density strip (and a few points for panels' edges rounded
/// to whole pixels).
pub fn reader_min_width(avg_char: f32) -> f32 {
    avg_char * MIN_READER_CHARS + COLUMN_MARGINS + DENSITY_STRIP + 4.0
}

/// The widths a side panel planned at `width` may take this frame: its contents never
/// widen it (they would creep wider as tabs change); only a drag of its edge (`dragging`)
/// may, up to [`PANEL_MAX`]. It may shrink to `min` (or to `width`, when that is less).
pub fn size_range(min: f32, width: f32, dragging: bool) -> std::ops::RangeInclusive<f32> {
    let max = if dragging { PANEL_MAX } else { width };
    min.min(width)..=max
}

/// A tool window over the text (Find in study, Tag all hits, the Overview): resizable,
/// `share` of the screen wide (within `widths`) and `height_share` high at first, never
/// taller or wider than the screen, near the top middle so that it covers neither side
/// panel's tabs.
pub fn tool_window<'open>(
    title: &str,
    ctx: &egui::Context,
    share: f32,
    widths: (f32, f32),
    height_share: f32,
) -> egui::Window<'open> {
    let screen = ctx.content_rect();
    egui::Window::new(title)
        .id(tool_window_id(title))
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(egui::pos2(screen.center().x, screen.top() + 40.0))
        .default_width((screen.width() * share).clamp(widths.0, widths.1))
        .default_height((screen.height() * height_share).max(240.0))
        .max_height(screen.height() - 40.0)
        .max_width(screen.width() - 20.0)
        .resizable(true)
}

/// A tool window's state: whether it is open. Its close button and its own contents
/// (by clearing the flag) may close it.
pub trait ToolWindowState {
    /// The flag that says the window is open.
    fn open_flag(&mut self) -> &mut bool;
}

/// Shows `window` (from [`tool_window`]) with `add_contents` while `state` says it is
/// open, and closes it when its close button is clicked. Returns whether it was shown.
pub fn show_tool_window<S: ToolWindowState>(
    ctx: &egui::Context,
    window: egui::Window<'static>,
    state: &mut S,
    add_contents: impl FnOnce(&mut egui::Ui, &mut S),
) -> bool {
    if !*state.open_flag() {
        return false;
    }
    let mut open = true;
    window
        .open(&mut open)
        .show(ctx, |ui| add_contents(ui, state));
    *state.open_flag() &= open;
    true
}

/// The id of the tool window called `title`.
fn tool_window_id(title: &str) -> egui::Id {
    egui::Id::unique(("tool window", title))
}

/// Where the tool window called `title` stood on the last frame it was shown.
pub fn tool_window_rect(ctx: &egui::Context, title: &str) -> Option<egui::Rect> {
    ctx.memory(|m| m.area_rect(tool_window_id(title)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const READER: f32 = 480.0;

    fn wants(left: Option<f32>, right: f32) -> PanelWants {
        PanelWants {
            left,
            right,
            unfold: None,
        }
    }

    #[test]
    fn a_large_window_gives_each_panel_its_width() {
        let plan = plan(1920.0, READER, wants(Some(280.0), 340.0));
        assert_eq!(plan.left, PanelShow::Open(280.0));
        assert_eq!(plan.right, PanelShow::Open(340.0));
    }

    #[test]
    fn a_laptop_window_shrinks_the_panels_and_keeps_the_measure() {
        let plan = plan(900.0, READER, wants(Some(280.0), 340.0));
        let used = plan.left.width() + plan.right.width();
        assert!(900.0 - used >= READER - 0.01, "{plan:?}");
        assert!(matches!(plan.left, PanelShow::Open(w) if w >= LEFT_MIN));
        assert!(matches!(plan.right, PanelShow::Open(w) if w >= RIGHT_MIN));
    }

    #[test]
    fn narrower_still_folds_the_outline_then_the_study_panel() {
        let plan1 = plan(800.0, READER, wants(Some(280.0), 340.0));
        assert_eq!(plan1.left, PanelShow::Strip);
        assert!(matches!(plan1.right, PanelShow::Open(w) if w >= RIGHT_MIN));
        assert!(800.0 - plan1.left.width() - plan1.right.width() >= READER - 0.01);
        let plan2 = plan(600.0, READER, wants(Some(280.0), 340.0));
        assert_eq!(
            (plan2.left, plan2.right),
            (PanelShow::Strip, PanelShow::Strip)
        );
        // Back to a large window: as they were.
        let plan3 = plan(1600.0, READER, wants(Some(280.0), 340.0));
        assert_eq!(plan3.left, PanelShow::Open(280.0));
    }

    #[test]
    fn a_strip_the_user_opens_stays_open_and_the_other_folds() {
        let mut w = wants(Some(280.0), 340.0);
        w.unfold = Some(Side::Left);
        let plan = plan(800.0, READER, w);
        assert!(matches!(plan.left, PanelShow::Open(_)));
        assert_eq!(plan.right, PanelShow::Strip);
    }

    #[test]
    fn without_the_outline_only_the_study_panel_is_planned() {
        let plan = plan(900.0, READER, wants(None, 340.0));
        assert_eq!(plan.left, PanelShow::Hidden);
        assert_eq!(plan.right, PanelShow::Open(340.0));
    }
}
