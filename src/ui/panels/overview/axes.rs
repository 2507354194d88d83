//! What the Overview's charts need of their axes: a mark per bar, counts marked at whole
//! numbers only (a count of highlights has no tenths), and room above the bars for the
//! legend.

use egui_plot::{GridInput, GridMark};

/// Grid marks for an axis of counts: whole numbers only, every 1, 2 or 5 × 10ⁿ, so that
/// about `most` marks show.
pub(super) fn whole_marks(input: GridInput, most: usize) -> Vec<GridMark> {
    let (low, high) = input.bounds;
    let span = (high - low).max(1.0);
    let mut step = 1.0f64;
    'find: loop {
        for factor in [1.0, 2.0, 5.0] {
            if span / (step * factor) <= most.max(1) as f64 {
                step *= factor;
                break 'find;
            }
        }
        step *= 10.0;
    }
    let first = (low.max(0.0) / step).ceil() as i64;
    let last = (high / step).floor() as i64;
    (first..=last)
        .map(|k| GridMark {
            value: k as f64 * step,
            step_size: step,
        })
        .collect()
}

/// A mark at each of `bars` bars (0, 1, …): an axis of topics or periods.
pub(super) fn one_per_bar(bars: usize) -> Vec<GridMark> {
    (0..bars)
        .map(|i| GridMark {
            value: i as f64,
            step_size: 1.0,
        })
        .collect()
}

/// A whole-number mark as a label; anything else as nothing.
pub(super) fn whole_label(value: f64) -> String {
    if value >= 0.0 && (value - value.round()).abs() < 1e-9 {
        format!("{}", value.round() as i64)
    } else {
        String::new()
    }
}

/// How high the value axis must reach for bars up to `most` to stay below a legend of
/// `rows` entries at the top of a plot `height` points high (the legend never covers
/// more than half of it).
pub(super) fn with_room_for_legend(most: f64, rows: usize, height: f32) -> f64 {
    // An entry is a line of the interface's text (about 19 points), plus the legend's
    // frame and the plot's own margin.
    let legend = rows as f32 * 20.0 + 28.0;
    let share = (legend / height.max(1.0)).min(0.5) as f64;
    most.max(1.0) / (1.0 - share)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(low: f64, high: f64) -> Vec<f64> {
        let input = GridInput {
            bounds: (low, high),
            base_step_size: 0.01,
        };
        whole_marks(input, 8).into_iter().map(|m| m.value).collect()
    }

    #[test]
    fn counts_are_marked_at_whole_numbers() {
        assert_eq!(marks(-0.2, 3.4), [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(marks(0.0, 12.0), [0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0]);
        assert_eq!(
            marks(0.0, 37.0),
            [0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 35.0]
        );
        assert!(marks(0.0, 0.5).iter().all(|v| v.fract() == 0.0));
        assert_eq!(whole_label(3.0), "3");
        assert_eq!(whole_label(2.5), "");
    }

    #[test]
    fn the_legend_gets_room_above_the_tallest_bar() {
        // Three entries over a 300-point plot: the bars keep the lower 71 %.
        let top = with_room_for_legend(10.0, 3, 300.0);
        assert!(top > 14.0 && top < 14.2, "{top}");
        // Never more than half the plot.
        assert_eq!(with_room_for_legend(10.0, 40, 300.0), 20.0);
    }
}
