//! The Overview's Together chart: topics × topics, a cell shaded by how many highlights
//! carry both (or paragraphs hold both); a click lists those passages.

use super::*;

/// Topics × topics, painted; a click lists the passages of a cell.
pub(super) fn together_chart(
    ui: &mut Ui,
    state: &mut OverviewState,
    input: &OverviewInput<'_>,
) -> Vec<Action> {
    ui.horizontal_wrapped(|ui| {
        ui.label("Count");
        ui.radio_value(
            &mut state.together,
            Together::SameHighlight,
            "highlights with both",
        );
        ui.radio_value(
            &mut state.together,
            Together::SameParagraph,
            "paragraphs with both",
        );
    });
    let Some(n) = state.numbers.as_ref() else {
        return Vec::new();
    };
    let m = &n.matrix;
    if m.topics.is_empty() {
        ui.label(RichText::new("No topics yet.").weak());
        return Vec::new();
    }
    // A table of every pair grows with the square of the topics: past a size no one can
    // read on screen, the first topics are drawn and the rest are in the CSV.
    let size = m.topics.len().min(MAX_DRAWN_TOPICS);
    state.title_top = Some(ui.cursor().top());
    ui.label(RichText::new("Topics used together").strong());
    if size < m.topics.len() {
        ui.label(
            RichText::new(format!(
                "The first {size} of {} topics are drawn; Export CSV writes every pair that occurs.",
                m.topics.len()
            ))
            .small()
            .weak(),
        );
    }
    let marked = state.cell.filter(|_| !state.clean);
    if let Some(cell) = matrix_ui(ui, n, size, marked) {
        state.cell = Some(cell);
    }
    // A picture shows the matrix alone.
    if state.clean {
        return Vec::new();
    }
    let Some((i, j)) = state.cell else {
        ui.label(
            RichText::new("Click a cell to list its passages.")
                .small()
                .weak(),
        );
        return Vec::new();
    };
    let (Some(&a), Some(&b)) = (m.topic_ids.get(i), m.topic_ids.get(j)) else {
        return Vec::new();
    };
    cell_passages_ui(ui, state, input, (a, b), (&m.topics[i], &m.topics[j]))
}

/// Where the matrix's cells lie: `size` rows and columns of `cell` points, right of a
/// label column `label_width` wide, from `origin`.
#[derive(Clone, Copy)]
struct Grid {
    origin: egui::Pos2,
    label_width: f32,
    cell: f32,
    size: usize,
}

impl Grid {
    /// The square of row `i`, column `j` (a point smaller, for the gap).
    fn cell_rect(&self, i: usize, j: usize) -> egui::Rect {
        egui::Rect::from_min_size(
            egui::pos2(
                self.origin.x + self.label_width + j as f32 * self.cell,
                self.origin.y + i as f32 * self.cell,
            ),
            egui::vec2(self.cell - 1.0, self.cell - 1.0),
        )
    }

    /// The cell under `pos`, if any.
    fn at(&self, pos: egui::Pos2) -> Option<(usize, usize)> {
        let i = ((pos.y - self.origin.y) / self.cell) as usize;
        let j = ((pos.x - self.origin.x - self.label_width) / self.cell) as isize;
        (j >= 0 && (j as usize) < self.size && i < self.size).then_some((i, j as usize))
    }
}

/// The first `size` topics of the matrix, each cell shaded by its count, `marked` framed;
/// returns the cell clicked.
fn matrix_ui(
    ui: &mut Ui,
    n: &Numbers,
    size: usize,
    marked: Option<(usize, usize)>,
) -> Option<(usize, usize)> {
    let m = &n.matrix;
    // Labels at the left; as many columns as fit, cells at least 14 points.
    let label_width = (ui.available_width() * 0.3).clamp(80.0, 220.0);
    let cell = ((ui.available_width() - label_width - 8.0) / size as f32).clamp(14.0, 40.0);
    let font = egui::TextStyle::Small.resolve(ui.style());
    let mut clicked = None;
    egui::ScrollArea::both()
        .id_salt("overview-matrix")
        .max_height((ui.available_height() * 0.6).max(120.0))
        .show(ui, |ui| {
            // Columns are numbered as the rows are: "3" above is "3. Détente" at the left.
            let header = font.size + 6.0;
            let (whole, _) = ui.allocate_exact_size(
                egui::vec2(label_width + cell * size as f32, header),
                egui::Sense::hover(),
            );
            for j in 0..size {
                ui.painter().text(
                    egui::pos2(
                        whole.left() + label_width + (j as f32 + 0.5) * cell,
                        whole.bottom() - 2.0,
                    ),
                    egui::Align2::CENTER_BOTTOM,
                    (j + 1).to_string(),
                    font.clone(),
                    ui.visuals().weak_text_color(),
                );
            }
            let (rect, response) = ui.allocate_exact_size(
                egui::vec2(label_width + cell * size as f32, cell * size as f32),
                egui::Sense::click(),
            );
            let grid = Grid {
                origin: rect.min,
                label_width,
                cell,
                size,
            };
            paint_matrix(ui, &ui.painter_at(rect), n, grid, marked, &font);
            if let Some((i, j)) = response.hover_pos().and_then(|pos| grid.at(pos)) {
                response.clone().on_hover_text(format!(
                    "{} × {}: {}",
                    m.topics[i],
                    m.topics[j],
                    m.cell(i, j)
                ));
                if response.clicked() {
                    clicked = Some((i, j));
                }
            }
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Image, true, "Topics used together (matrix)")
            });
            clicked = cell_buttons_ui(ui, m, grid).or(clicked);
        });
    clicked
}

/// The rows' names and the cells, shaded by count (a topic with itself in its colour).
fn paint_matrix(
    ui: &Ui,
    painter: &egui::Painter,
    n: &Numbers,
    grid: Grid,
    marked: Option<(usize, usize)>,
    font: &egui::FontId,
) {
    let m = &n.matrix;
    let most = m.most_off_diagonal() as f32;
    let text_color = ui.visuals().text_color();
    let accent = ui.visuals().selection.bg_fill;
    // As many characters of a name as the label column holds.
    let fits = ((grid.label_width - 30.0) / (font.size * 0.55)).max(6.0) as usize;
    for (i, name) in m.topics.iter().enumerate().take(grid.size) {
        let y = grid.origin.y + i as f32 * grid.cell;
        painter.text(
            egui::pos2(grid.origin.x + grid.label_width - 6.0, y + grid.cell / 2.0),
            egui::Align2::RIGHT_CENTER,
            format!("{}. {}", i + 1, short(name, fits)),
            font.clone(),
            text_color,
        );
        for j in 0..grid.size {
            let count = m.cell(i, j);
            let cell_rect = grid.cell_rect(i, j);
            let fill = if i == j {
                color_of(n, m.topic_ids.get(i).copied()).gamma_multiply(0.5)
            } else if count == 0 {
                ui.visuals().faint_bg_color
            } else {
                accent.gamma_multiply(0.25 + 0.75 * (count as f32 / most).min(1.0))
            };
            painter.rect_filled(cell_rect, 2.0, fill);
            if marked == Some((i, j)) {
                painter.rect_stroke(
                    cell_rect,
                    2.0,
                    egui::Stroke::new(2.0, ui.visuals().strong_text_color()),
                    egui::StrokeKind::Inside,
                );
            }
            if count > 0 && grid.cell >= 18.0 {
                painter.text(
                    cell_rect.center(),
                    egui::Align2::CENTER_CENTER,
                    count.to_string(),
                    font.clone(),
                    text_color,
                );
            }
        }
    }
}

/// Each cell, to screen readers and tests, as a button of its own; returns the one
/// clicked.
fn cell_buttons_ui(ui: &Ui, m: &Cooccurrence, grid: Grid) -> Option<(usize, usize)> {
    let mut clicked = None;
    for i in 0..grid.size {
        for j in 0..grid.size {
            let id = ui.scope_id().with(("matrix-cell", i, j));
            let response = ui.interact(grid.cell_rect(i, j), id, egui::Sense::click());
            let text = format!("{} × {}: {}", m.topics[i], m.topics[j], m.cell(i, j));
            response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, text.clone()));
            if response.clicked() {
                clicked = Some((i, j));
            }
        }
    }
    clicked
}

/// The passages of cell (`a`, `b`), named `names`: a link each to its place.
fn cell_passages_ui(
    ui: &mut Ui,
    state: &OverviewState,
    input: &OverviewInput<'_>,
    (a, b): (TopicId, TopicId),
    names: (&str, &str),
) -> Vec<Action> {
    let mut actions = Vec::new();
    let selection = state.selection();
    let (passages, what) = match state.together {
        Together::SameHighlight => (stats::with_both(input.set, &selection, a, b), "with both"),
        Together::SameParagraph => (
            stats::in_shared_paragraphs(input.set, &selection, a, b, input.library),
            "in paragraphs that hold both",
        ),
    };
    ui.separator();
    ui.label(
        RichText::new(format!(
            "{} × {}: {} passage{} {what}",
            names.0,
            names.1,
            passages.len(),
            if passages.len() == 1 { "" } else { "s" }
        ))
        .strong(),
    );
    egui::ScrollArea::vertical()
        .id_salt("overview-cell-passages")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for h in passages {
                let record = input.set.source(h.source);
                let pages = input
                    .library
                    .document(h.source)
                    .map(|d| crate::core::study::citation::pages_label(d, h.range()))
                    .unwrap_or_default();
                let text = format!(
                    "“{}” — {}{}",
                    short(&h.anchor.quote, 90),
                    record.map_or_else(String::new, |r| r.label()),
                    if pages.is_empty() {
                        String::new()
                    } else {
                        format!(", {pages}")
                    }
                );
                if ui.link(text).clicked() {
                    actions.push(Action::Window(WindowAction::GoToHighlight(h.id)));
                }
            }
        });
    actions
}
