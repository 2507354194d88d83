//! The Overview (Ctrl+4): a study at a glance. **Topics**: a bar per topic — its
//! highlights, nested topics summed into their parents — sorted by count or by name, the
//! share of highlighted text on hover. **Over time**: highlights per topic per month of
//! the documents' dates (per document where there are none), stacked; a click on a bar
//! shows that topic and period in the Passages tab. **Together**: topics × topics, a cell
//! shaded by how many highlights carry both (or paragraphs hold both); a click lists
//! those passages. Every chart honours a date range, and its numbers export as CSV.

use crate::core::dates::{DateRange, DateRangeError};
use crate::core::library::Library;
use crate::core::stats::{self, Cooccurrence, OverTime, Selection, Together, TopicRow};
use crate::core::study::note_set::NoteSet;
use crate::core::study::topic::{Color, TopicId};
use crate::ui::action::{Action, WindowAction};
use crate::ui::panels::reader::short;
use crate::ui::widgets::marks::topic_color;
use crate::ui::widgets::panel_sizes::{ToolWindowState, show_tool_window, tool_window};
use egui::{Color32, RichText, Ui};

mod axes;
mod together;
use together::together_chart;

/// Topics the matrix draws at most (their pairs: 22,500 cells).
const MAX_DRAWN_TOPICS: usize = 150;

/// Which chart is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Chart {
    #[default]
    Topics,
    OverTime,
    Together,
}

/// What the Overview keeps between frames: its choices and the numbers for them.
#[derive(Debug, Default)]
pub struct OverviewState {
    pub open: bool,
    pub chart: Chart,
    /// Sort the topics by name (else by count, most first).
    pub by_name: bool,
    /// List every nested topic under its parent (else only the top level, with their
    /// nested topics' highlights summed, and the parents opened one by one).
    pub nested: bool,
    /// Parents whose nested topics are listed (by full name: `Arms control`), opened by
    /// a click on their bar.
    pub expanded: std::collections::BTreeSet<String>,
    pub together: Together,
    /// A date range typed (`1978-02..1978-03`).
    pub dates: String,
    /// Only the open document's highlights.
    pub only_open: bool,
    /// The co-occurrence cell whose passages are listed.
    pub cell: Option<(usize, usize)>,
    /// Where to move the window on the next frame (its top centre): off the list a
    /// click on the chart just filtered.
    pub move_to: Option<egui::Pos2>,
    /// A picture of the chart asked for: the next frame draws the chart alone (no hints,
    /// no selected cell, no passage list, no hover label, clear of the window's resize
    /// grip) and takes it.
    picture: Option<String>,
    /// This frame draws the chart for its picture.
    pub(crate) clean: bool,
    /// The open document's source, for "only the open document".
    open_source: Option<crate::core::study::source::SourceId>,
    /// Where the chart shown was drawn last frame (for its picture).
    chart_rect: Option<egui::Rect>,
    /// Where the chart's title began this frame: its picture starts there.
    title_top: Option<f32>,
    numbers: Option<Numbers>,
}

/// The numbers of the charts, and the revision and choices they are for.
#[derive(Debug)]
struct Numbers {
    key: (u64, String, Together, usize),
    frequencies: Vec<TopicRow>,
    over_time: OverTime,
    matrix: Cooccurrence,
    colors: std::collections::HashMap<TopicId, Color>,
}

impl ToolWindowState for OverviewState {
    fn open_flag(&mut self) -> &mut bool {
        &mut self.open
    }
}

impl OverviewState {
    /// The selection the date field (and the open document) say. Dates that are not
    /// understood count as all dates (the window says so: [`Self::date_error`]); the
    /// choice of document holds either way.
    pub fn selection(&self) -> Selection {
        let sources = self
            .only_open
            .then(|| self.open_source.into_iter().collect());
        Selection {
            sources,
            dates: DateRange::parse(&self.dates).unwrap_or_default(),
        }
    }

    /// What is wrong with the date field, if it is not a date or a range.
    pub fn date_error(&self) -> Option<DateRangeError> {
        DateRange::parse(&self.dates).err()
    }

    /// Works the numbers out again when the set, the dates or the mode changed.
    fn refresh(&mut self, set: &NoteSet, revision: u64, library: &Library) {
        let key = (
            revision,
            format!(
                "{}|{:?}",
                self.dates,
                self.only_open.then_some(self.open_source)
            ),
            self.together,
            library.len(),
        );
        if self.numbers.as_ref().is_some_and(|n| n.key == key) {
            return;
        }
        let selection = self.selection();
        self.numbers = Some(Numbers {
            frequencies: stats::topic_frequencies(set, &selection),
            over_time: stats::over_time(set, &selection),
            matrix: stats::cooccurrence(set, &selection, self.together, library),
            colors: set.topics().iter().map(|t| (t.id, t.color)).collect(),
            key,
        });
        self.cell = None;
    }

    /// The CSV of the chart shown.
    pub fn csv(&self) -> Option<String> {
        let n = self.numbers.as_ref()?;
        Some(match self.chart {
            Chart::Topics => stats::frequencies_csv(&n.frequencies),
            Chart::OverTime => n.over_time.to_csv(),
            Chart::Together => n.matrix.to_csv(),
        })
    }
}

/// Everything the Overview reads.
pub struct OverviewInput<'a> {
    pub set: &'a NoteSet,
    pub library: &'a Library,
    pub revision: u64,
    /// The open document's source in the study.
    pub open_source: crate::core::study::source::SourceId,
}

impl OverviewState {
    /// Where the chart and its title were drawn on the last frame: what its picture
    /// holds.
    pub fn chart_rect(&self) -> Option<egui::Rect> {
        self.chart_rect
    }
}

/// The Overview window.
pub fn overview_ui(
    ctx: &egui::Context,
    state: &mut OverviewState,
    input: &OverviewInput<'_>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    if !state.open {
        return actions;
    }
    let picture = state.picture.take();
    state.clean = picture.is_some();
    let mut window = tool_window("Overview", ctx, 0.6, (340.0, 900.0), 0.75);
    if let Some(at) = state.move_to.take() {
        // Not movable for this one frame: a window dragged by its title keeps its old
        // place over any position given.
        window = window.current_pos(at).movable(false);
    }
    show_tool_window(ctx, window, state, |ui, state| {
        ui.horizontal_wrapped(|ui| {
            ui.selectable_value(&mut state.chart, Chart::Topics, "Topics");
            ui.selectable_value(&mut state.chart, Chart::OverTime, "Over time");
            ui.selectable_value(&mut state.chart, Chart::Together, "Together");
            ui.separator();
            let label = ui.label("Dates");
            ui.add(
                egui::TextEdit::singleline(&mut state.dates)
                    .hint_text("all, or 1978-02..1978-03")
                    .desired_width(150.0),
            )
            .labelled_by(label.id);
            let name = match state.chart {
                Chart::Topics => "overview-topics",
                Chart::OverTime => "overview-over-time",
                Chart::Together => "overview-together",
            };
            if ui
                .button("Export CSV")
                .on_hover_text(format!(
                    "Writes the chart's numbers into the note-sets folder as {name}.csv"
                ))
                .clicked()
                && let Some(csv) = state.csv()
            {
                actions.push(Action::Window(WindowAction::SaveChartCsv {
                    name: name.to_string(),
                    csv,
                }));
            }
            if ui
                .button("Export PNG")
                .on_hover_text(format!(
                    "Writes a picture of the chart into the note-sets folder as {name}.png"
                ))
                .clicked()
            {
                state.picture = Some(name.to_string());
                ui.ctx().request_repaint();
            }
        });
        if let Some(e) = state.date_error() {
            ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "“{}” is not a date (1978, 1978-02, 1978-02-25) or a range (1978-02..1978-03): all dates are counted.",
                        e.bad
                    ),
                );
        }
        state.open_source = Some(input.open_source);
        ui.checkbox(&mut state.only_open, "Only the open document");
        state.refresh(input.set, input.revision, input.library);
        ui.separator();
        state.title_top = None;
        let top = ui.cursor().top();
        match state.chart {
            Chart::Topics => topics_chart(ui, state),
            Chart::OverTime => actions.extend(over_time_chart(ui, state)),
            Chart::Together => actions.extend(together_chart(ui, state, input)),
        }
        // The chart and its title, for its picture (without the chart's own
        // controls above the title).
        let drawn = ui.min_rect();
        state.chart_rect = Some(
            egui::Rect::from_min_max(
                egui::pos2(drawn.left(), state.title_top.unwrap_or(top)),
                drawn.max,
            )
            .expand(4.0),
        );
    });
    if let (Some(name), Some(rect)) = (picture, state.chart_rect) {
        actions.push(Action::Window(WindowAction::SaveChartPng { name, rect }));
    }
    actions
}

fn color_of(n: &Numbers, id: Option<TopicId>) -> Color32 {
    id.and_then(|id| n.colors.get(&id))
        .map_or(Color32::GRAY, |c| topic_color(*c))
}

/// A bar per topic: its highlights with its nested topics'.
fn topics_chart(ui: &mut Ui, state: &mut OverviewState) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Sort");
        ui.radio_value(&mut state.by_name, false, "by count");
        ui.radio_value(&mut state.by_name, true, "by name");
        ui.checkbox(&mut state.nested, "All nested topics")
            .on_hover_text("Or click a topic's bar marked + to list the topics nested in it");
    });
    let Some(n) = state.numbers.as_ref() else {
        return;
    };
    let mut rows = stats::shown_rows(&n.frequencies, state.nested, &state.expanded);
    if rows.is_empty() {
        ui.label(RichText::new("No topics yet: make some in the Topics tab.").weak());
        return;
    }
    if !state.by_name {
        sort_by_count(&mut rows, &n.frequencies);
    }
    let TopicBars {
        names,
        parents,
        bars,
    } = topic_bars(n, &rows, state.nested, &state.expanded);
    let count = rows.len();
    let labels = names.clone();
    // The hover label, shown by the window as a tooltip (with its background): the
    // plot's own is bare text over the bars.
    let tips: Vec<String> = bars.iter().map(|b| b.name.clone()).collect();
    state.title_top = Some(ui.cursor().top());
    ui.label(RichText::new("Highlights per topic").strong());
    let response = egui_plot::Plot::new("overview-topics")
        .height(plot_height(ui, state.clean))
        .x_axis_label("highlights")
        .y_axis_label("topic")
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .show_x(false)
        .show_y(false)
        .include_x(0.0)
        .x_grid_spacer(|input| axes::whole_marks(input, 8))
        .x_axis_formatter(|mark, _| axes::whole_label(mark.value))
        .y_axis_min_width(120.0)
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 || i as usize >= count {
                return String::new();
            }
            labels
                .get(count - 1 - i as usize)
                .cloned()
                .unwrap_or_default()
        })
        .y_grid_spacer(move |_| axes::one_per_bar(count))
        .show(ui, |plot| {
            plot.bar_chart(
                egui_plot::BarChart::new("topics", bars)
                    .horizontal()
                    .allow_hover(false),
            );
        });
    answer_topics_plot(&response, state, &tips, &parents);
}

/// Topic rows most used first; nested topics stay under their parent, by their own count.
fn sort_by_count(rows: &mut [&TopicRow], frequencies: &[TopicRow]) {
    rows.sort_by(|a, b| {
        let top = |r: &TopicRow| r.name.split('/').next().unwrap_or("").to_string();
        let total_of = |name: &str| {
            frequencies
                .iter()
                .find(|r| r.name == name)
                .map_or(0, |r| r.total)
        };
        total_of(&top(b))
            .cmp(&total_of(&top(a)))
            .then(top(a).cmp(&top(b)))
            .then(a.depth.cmp(&b.depth))
            .then(b.total.cmp(&a.total))
    });
}

/// The Topics chart's bars, top to bottom: each one's axis label, the parent topic a
/// click on it opens or closes (none when all nested topics are shown), and the bar
/// (its tooltip as its name).
struct TopicBars {
    names: Vec<String>,
    parents: Vec<Option<String>>,
    bars: Vec<egui_plot::Bar>,
}

/// The bars for `rows`; `nested`: every nested topic is listed; `expanded`: the parents
/// opened by a click.
fn topic_bars(
    n: &Numbers,
    rows: &[&TopicRow],
    nested: bool,
    expanded: &std::collections::BTreeSet<String>,
) -> TopicBars {
    let parent = |r: &TopicRow| stats::has_nested(&n.frequencies, &r.name);
    let open = |r: &TopicRow| nested || expanded.contains(&r.name);
    let names: Vec<String> = rows
        .iter()
        .map(|r| {
            let leaf = r.name.rsplit('/').next().unwrap_or(&r.name);
            // A parent says whether its nested topics are listed: a click on its bar
            // opens or closes it.
            let mark = match (parent(r), open(r)) {
                (true, true) => "– ",
                (true, false) => "+ ",
                _ => "",
            };
            // The axis sets its labels flush right, so a nested topic is marked with a
            // dot per level rather than indented.
            format!("{}{mark}{}", "· ".repeat(r.depth), short(leaf, 40))
        })
        .collect();
    let parents: Vec<Option<String>> = (rows.iter())
        .map(|r| (parent(r) && !nested).then(|| r.name.clone()))
        .collect();
    let bars: Vec<egui_plot::Bar> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            // Top to bottom in the list's order.
            egui_plot::Bar::new((rows.len() - 1 - i) as f64, r.total as f64)
                .width(0.7)
                .fill(color_of(n, r.id))
                .name(format!(
                    "{}: {} ({} of them its own), {:.0} % of highlighted text{}",
                    r.name,
                    crate::core::numbers::counted(r.total, "highlight"),
                    r.count,
                    r.share * 100.0,
                    match (parent(r) && !nested, open(r)) {
                        (true, true) => "\nClick to hide its nested topics",
                        (true, false) => "\nClick to list its nested topics",
                        _ => "",
                    }
                ))
        })
        .collect();
    TopicBars {
        names,
        parents,
        bars,
    }
}

/// The Topics chart answers the pointer: a bar's tooltip (`tips`, top to bottom) while
/// hovered, and a click on a parent's bar (`parents`) opens or closes it.
fn answer_topics_plot(
    response: &egui_plot::PlotResponse<()>,
    state: &mut OverviewState,
    tips: &[String],
    parents: &[Option<String>],
) {
    let count = tips.len();
    if !state.clean
        && let Some(pos) = response.response.hover_pos()
    {
        let y = response.transform.value_from_position(pos).y.round();
        if y >= 0.0
            && let Some(tip) = tips.get(count.saturating_sub(1).saturating_sub(y as usize))
            && (y as usize) < count
        {
            response.response.clone().on_hover_text_at_pointer(tip);
        }
    }
    // A click on a parent's row opens or closes it.
    if response.response.clicked()
        && let Some(pos) = response.response.interact_pointer_pos()
    {
        let y = response.transform.value_from_position(pos).y.round();
        if y >= 0.0
            && (y as usize) < count
            && let Some(Some(name)) = parents.get(count - 1 - y as usize)
            && !state.expanded.remove(name)
        {
            state.expanded.insert(name.clone());
        }
    }
}

/// Highlights per topic per period, stacked.
fn over_time_chart(ui: &mut Ui, state: &mut OverviewState) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(n) = state.numbers.as_ref() else {
        return actions;
    };
    let t = &n.over_time;
    if t.periods.is_empty() || t.topics.is_empty() {
        ui.label(RichText::new("Nothing to show yet: highlight and tag passages first.").weak());
        return actions;
    }
    let title = if t.by == "month" {
        "Highlights per topic per month of the documents' dates"
    } else {
        "Highlights per topic per document (the study has no dates)"
    };
    state.title_top = Some(ui.cursor().top());
    ui.label(RichText::new(title).strong());
    if !state.clean {
        ui.label(
            RichText::new("Click a bar to see its passages.")
                .small()
                .weak(),
        );
    }
    let periods = t.periods.clone();
    let shown = periods.len();
    let charts = stacked_charts(n);
    let height = plot_height(ui, state.clean);
    let tallest = (t.counts.iter())
        .map(|row| row.iter().sum::<usize>())
        .max()
        .unwrap_or(0) as f64;
    let response = egui_plot::Plot::new("overview-over-time")
        .height(height)
        .x_axis_label(if t.by == "month" { "month" } else { "document" })
        .y_axis_label("highlights")
        .legend(egui_plot::Legend::default().position(egui_plot::Corner::LeftTop))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .show_x(false)
        .show_y(false)
        .include_y(0.0)
        // The legend sits above the tallest bar, never over one.
        .include_y(axes::with_room_for_legend(tallest, charts.len(), height))
        .y_grid_spacer(|input| axes::whole_marks(input, 6))
        .y_axis_formatter(|mark, _| axes::whole_label(mark.value))
        .x_grid_spacer(move |_| axes::one_per_bar(shown))
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            periods
                .get(i as usize)
                .map(|p| short(p, 14))
                .unwrap_or_default()
        })
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
        });
    // The bar under the pointer: a tooltip names it, a click lists its passages.
    let under = |pos: egui::Pos2| bar_at(t, response.transform.value_from_position(pos));
    if !state.clean
        && let Some((p, i)) = response.response.hover_pos().and_then(under)
    {
        let tip = format!("{} · {}: {}", t.periods[p], t.topics[i], t.counts[p][i]);
        response.response.clone().on_hover_text_at_pointer(tip);
    }
    if response.response.clicked()
        && let Some((p, i)) = response.response.interact_pointer_pos().and_then(under)
    {
        actions.push(Action::Window(WindowAction::ShowPassagesOf {
            topic: Some(t.topic_ids[i]),
            sources: t.period_sources[p].clone(),
            label: t.periods[p].clone(),
        }));
    }
    actions
}

/// One bar chart per topic used, each stacked on those before, a bar per period.
fn stacked_charts(n: &Numbers) -> Vec<egui_plot::BarChart> {
    let t = &n.over_time;
    let periods = &t.periods;
    let mut charts: Vec<egui_plot::BarChart> = Vec::new();
    for (i, (name, id)) in t.topics.iter().zip(&t.topic_ids).enumerate() {
        if t.counts.iter().all(|row| row[i] == 0) {
            continue;
        }
        let color = color_of(n, Some(*id));
        let bars: Vec<egui_plot::Bar> = (t.counts.iter().enumerate())
            .map(|(p, row)| {
                egui_plot::Bar::new(p as f64, row[i] as f64)
                    .width(0.7)
                    .fill(color.gamma_multiply(0.85))
                    .name(format!("{} · {name}: {}", periods[p], row[i]))
            })
            .collect();
        let chart = egui_plot::BarChart::new(name.clone(), bars)
            .color(color)
            .allow_hover(false);
        let refs: Vec<&egui_plot::BarChart> = charts.iter().collect();
        let chart = chart.stack_on(&refs);
        charts.push(chart);
    }
    charts
}

/// The (period, topic) of the stacked bar at plot point `at`, if any.
fn bar_at(t: &OverTime, at: egui_plot::PlotPoint) -> Option<(usize, usize)> {
    let period = at.x.round();
    if period < 0.0 || (period as usize) >= t.periods.len() || (at.x - period).abs() > 0.35 {
        return None;
    }
    let p = period as usize;
    let mut base = 0.0;
    for i in 0..t.topic_ids.len() {
        let height = t.counts[p][i] as f64;
        if height > 0.0 && at.y >= base && at.y < base + height {
            return Some((p, i));
        }
        if t.counts.iter().any(|row| row[i] > 0) {
            base += height;
        }
    }
    None
}

/// A plot's height: what the window has left, and in a picture a little less, so the
/// window's resize grip stays out of it.
fn plot_height(ui: &Ui, clean: bool) -> f32 {
    let grip = if clean { 18.0 } else { 0.0 };
    (ui.available_height() - grip).max(160.0)
}
