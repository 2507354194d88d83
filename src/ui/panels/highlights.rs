//! The Highlights tab: the selected highlight (quote, page, topics, note, delete) and the
//! list of highlights that the topic filter and the search field let through.

use crate::core::document::Document;
use crate::core::document::search::{SearchOptions, find_all};
use crate::core::study::edit::Edit;
use crate::core::study::filter::TopicFilter;
use crate::core::study::highlight::{Highlight, HighlightId};
use crate::core::study::history::Coalesce;
use crate::core::study::note_set::NoteSet;
use crate::core::study::source::SourceId;
use crate::core::time::Timestamp;
use crate::ui::action::{Action, StudyAction, WindowAction};
use crate::ui::panels::reader::short;
use crate::ui::widgets::frame_cache::FrameCache;
use crate::ui::widgets::marks::{highlight_color, topic_color};
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Galley, RichText, Ui};
use std::sync::Arc;

/// The page or pages a highlight lies on, FRUS style: `p. 287`, `pp. 286–87`.
pub fn pages_label(doc: &Document, h: &Highlight) -> Option<String> {
    Some(crate::core::study::citation::pages_label(doc, h.range())).filter(|l| !l.is_empty())
}

/// True when the highlight's quote or note contains `query` (case and accents ignored).
pub fn matches_query(h: &Highlight, query: &str) -> bool {
    let query = query.trim();
    let options = SearchOptions {
        ignore_diacritics: true,
        case_sensitive: false,
    };
    query.is_empty()
        || !find_all(&h.anchor.quote, query, options).is_empty()
        || !find_all(&h.note, query, options).is_empty()
}

/// The selected highlight's card.
pub fn highlight_detail_ui(
    ui: &mut Ui,
    doc: &Document,
    notes: &NoteSet,
    id: HighlightId,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(h) = notes.highlight(id) else {
        return actions;
    };
    let color = highlight_color(notes, h, ui.visuals().dark_mode);
    egui::Frame::group(ui.style())
        .fill(color.gamma_multiply(0.12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new("Selected highlight").strong());
                if let Some(pages) = pages_label(doc, h) {
                    ui.label(RichText::new(pages).weak());
                }
            });
            ui.label(RichText::new(format!("“{}”", short(&h.anchor.quote, 400))).italics());
            ui.add_space(4.0);
            ui.label(RichText::new("Topics (click to add or remove)").weak());
            ui.horizontal_wrapped(|ui| {
                if notes.topics().is_empty() {
                    ui.label(
                        RichText::new("No topics yet: create them in the Topics tab.")
                            .weak()
                            .small(),
                    );
                }
                for topic in notes.topics() {
                    let on = h.topics.contains(&topic.id);
                    let text = RichText::new(&topic.name).background_color(if on {
                        topic_color(topic.color).gamma_multiply(0.5)
                    } else {
                        egui::Color32::TRANSPARENT
                    });
                    if ui
                        .selectable_label(on, text)
                        .on_hover_text(if on {
                            "Click to remove this topic"
                        } else {
                            "Click to add this topic"
                        })
                        .clicked()
                        && let Ok(edit) = Edit::toggle_topic(notes, id, topic.id, Timestamp::now())
                    {
                        actions.push(Action::Study(StudyAction::Edit {
                            edit,
                            coalesce: None,
                        }));
                    }
                }
            });
            ui.add_space(4.0);
            let label = ui.label(RichText::new("Note").weak());
            let mut note = h.note.clone();
            let response = ui
                .add(
                    egui::TextEdit::multiline(&mut note)
                        .hint_text("What this passage shows, for whom, why it matters…")
                        .desired_rows(4)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if response.changed() {
                actions.push(Action::Study(StudyAction::Edit {
                    edit: Edit::SetNote {
                        highlight: id,
                        note,
                        modified: Timestamp::now(),
                    },
                    coalesce: Some(Coalesce::Note(id)),
                }));
            }
            // Wrapped: on a laptop screen the panel is narrower than the two buttons.
            ui.horizontal_wrapped(|ui| {
                if ui
                    .button("Delete highlight")
                    .on_hover_text("Delete (Del)")
                    .clicked()
                {
                    actions.push(Action::Study(StudyAction::Edit {
                        edit: Edit::RemoveHighlight(id),
                        coalesce: None,
                    }));
                }
                if ui.button("Show in text").clicked() {
                    actions.push(Action::Window(WindowAction::GoToHighlight(id)));
                }
            });
        });
    actions
}

/// Which highlights the list shows (indices into the note set's highlights, in text
/// order), cached until the set, the filter or the search text change; and the rows in
/// view, laid out once and kept until the set, the width or the theme change.
#[derive(Debug, Default)]
pub struct ListCache {
    key: Option<(u64, SourceId, TopicFilter, String)>,
    pub rows: Vec<usize>,
    /// Rows laid out, by highlight index, for a revision, a width and a theme.
    /// Rows laid out for (revision, width, theme, text size in tenths of a point).
    looks: FrameCache<(u64, u32, bool, u32), RowLook>,
}

/// A row's three lines: the quote; pages and topic chips; the first line of the note.
#[derive(Debug, Clone)]
struct RowLook {
    quote: Arc<Galley>,
    meta: Arc<Galley>,
    note: Arc<Galley>,
}

impl ListCache {
    /// The rows for this revision of the set, filter and query; recomputed only on change.
    pub fn rows(
        &mut self,
        revision: u64,
        notes: &NoteSet,
        source: SourceId,
        filter: &TopicFilter,
        query: &str,
    ) -> &[usize] {
        let key = (revision, source, filter.clone(), query.to_string());
        if self.key.as_ref() != Some(&key) {
            // Indices into the whole set's list, of this source's highlights.
            let from = notes.source_range(source).start;
            let compiled = filter.compile(notes);
            self.rows = notes
                .highlights_in(source)
                .iter()
                .enumerate()
                .filter(|(_, h)| compiled.matches(h) && matches_query(h, query))
                .map(|(i, _)| from + i)
                .collect();
            self.key = Some(key);
        }
        &self.rows
    }
}

/// A highlight's quote on one line cut with "…" to `width`, in italics.
pub fn quote_job(ui: &Ui, h: &Highlight, width: f32) -> LayoutJob {
    let mut job = LayoutJob {
        wrap: TextWrapping::truncate_at_width(width),
        ..Default::default()
    };
    job.append(
        &short(&h.anchor.quote, 200),
        0.0,
        TextFormat {
            italics: true,
            ..TextFormat::simple(
                egui::TextStyle::Body.resolve(ui.style()),
                ui.visuals().text_color(),
            )
        },
    );
    job
}

/// A highlight's pages (as given, dimmed) and topic chips on one line cut to `width`.
pub fn meta_job(ui: &Ui, notes: &NoteSet, h: &Highlight, pages: &str, width: f32) -> LayoutJob {
    let small = egui::TextStyle::Small.resolve(ui.style());
    let text = ui.visuals().text_color();
    let mut job = LayoutJob {
        wrap: TextWrapping::truncate_at_width(width),
        ..Default::default()
    };
    if !pages.is_empty() {
        job.append(
            pages,
            0.0,
            TextFormat::simple(small.clone(), ui.visuals().weak_text_color()),
        );
    }
    for topic in h.topics.iter().filter_map(|t| notes.topic(*t)) {
        // A chip: the name, padded by a space each side, on the topic's colour.
        job.append(" ", 0.0, TextFormat::simple(small.clone(), text));
        job.append(
            &format!(" {} ", topic.leaf_name()),
            0.0,
            TextFormat {
                background: topic_color(topic.color).gamma_multiply(0.4),
                ..TextFormat::simple(small.clone(), text)
            },
        );
    }
    job
}

/// The first line of a highlight's note that has any text ("" when none).
pub fn first_note_line(h: &Highlight) -> &str {
    h.note.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
}

/// Lays out a row's lines, each cut with "…" to `width`.
fn row_look(ui: &Ui, doc: &Document, notes: &NoteSet, h: &Highlight, width: f32) -> RowLook {
    let pages = pages_label(doc, h).unwrap_or_default();
    let mut note = LayoutJob {
        wrap: TextWrapping::truncate_at_width(width),
        ..Default::default()
    };
    note.append(
        &short(first_note_line(h), 200),
        0.0,
        TextFormat::simple(
            egui::TextStyle::Small.resolve(ui.style()),
            ui.visuals().text_color(),
        ),
    );
    let painter = ui.painter();
    RowLook {
        quote: painter.layout_job(quote_job(ui, h, width)),
        meta: painter.layout_job(meta_job(ui, notes, h, &pages, width)),
        note: painter.layout_job(note),
    }
}

/// How a highlight's row shows the highlight's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowMark {
    /// A frame around the row (the Highlights tab).
    Frame,
    /// A bar at the row's left (Passages).
    Bar,
}

/// One highlight's row, shared by the Highlights tab and Passages: a clickable `rect`
/// (found again by `id`) with a hover fill, the highlight's `color` marked as `mark`
/// says (stronger when `selected`), and its `lines` painted from `at`, each the given
/// height below the one before. A screen reader hears `label`. Returns whether it was
/// clicked.
#[allow(clippy::too_many_arguments)] // One row's look and place, all read-only.
pub fn highlight_row_ui(
    ui: &Ui,
    rect: egui::Rect,
    id: egui::Id,
    color: egui::Color32,
    selected: bool,
    mark: RowMark,
    mut at: egui::Pos2,
    lines: &[(&Arc<Galley>, f32)],
    label: impl Fn() -> String,
) -> bool {
    let response = ui.interact(rect, id, egui::Sense::click());
    let painter = ui.painter();
    let rounding = match mark {
        RowMark::Frame => 4.0,
        RowMark::Bar => 3.0,
    };
    if response.hovered() {
        painter.rect_filled(rect, rounding, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    match mark {
        RowMark::Frame => {
            painter.rect_stroke(
                rect,
                4.0,
                egui::Stroke::new(
                    if selected { 2.0 } else { 1.0 },
                    color.gamma_multiply(if selected { 1.0 } else { 0.5 }),
                ),
                egui::StrokeKind::Inside,
            );
        }
        RowMark::Bar => {
            painter.rect_filled(
                egui::Rect::from_min_size(
                    rect.min,
                    egui::vec2(if selected { 5.0 } else { 3.0 }, rect.height()),
                ),
                1.0,
                color,
            );
        }
    }
    let gap = ui.spacing().item_spacing.y;
    for (galley, height) in lines {
        painter.galley(at, (*galley).clone(), ui.visuals().text_color());
        at.y += height + gap;
    }
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label()));
    if response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    response.clicked()
}

/// The list of highlights in text order: the `rows` of `cache`, laid out only where in
/// view.
#[allow(clippy::too_many_arguments)] // The list's inputs, all read-only but the two caches.
pub fn highlights_list_ui(
    ui: &mut Ui,
    doc: &Document,
    notes: &NoteSet,
    source: SourceId,
    revision: u64,
    cache: &mut ListCache,
    query: &mut String,
    selected: Option<HighlightId>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let label = ui.label(RichText::new("Search highlights").weak());
    ui.add(
        egui::TextEdit::singleline(query)
            .hint_text("quote or note text")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    let total = notes.highlights_in(source).len();
    let noun = if total == 1 {
        "highlight"
    } else {
        "highlights"
    };
    use crate::core::numbers::grouped;
    let shown = cache.rows.len();
    let count = if shown == total {
        format!("{} {noun}", grouped(total))
    } else {
        format!("{} of {} {noun}", grouped(shown), grouped(total))
    };
    ui.label(RichText::new(count).weak());
    if total == 0 {
        ui.label(RichText::new("Select text in the reader and press H, or pick a topic from the popup, to make a highlight.").weak());
    }
    // Every row has the same height (quote, pages and topics, first line of the note), so
    // thousands of highlights cost only the rows in view; a row in view is laid out once.
    let line = ui.text_style_height(&egui::TextStyle::Body);
    let small = ui.text_style_height(&egui::TextStyle::Small);
    let gap = ui.spacing().item_spacing.y;
    let pad = 6.0;
    let row_height = line + 2.0 * small + 2.0 * gap + 2.0 * pad + 6.0;
    let dark = ui.visuals().dark_mode;
    egui::ScrollArea::vertical()
        .id_salt("highlights-list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, shown, |ui, range| {
            let width = ui.available_width();
            cache
                .looks
                .begin((revision, width.round() as u32, dark, (line * 10.0) as u32));
            for row in range {
                let Some(&index) = cache.rows.get(row) else {
                    continue;
                };
                let Some(h) = notes.highlights().get(index) else {
                    continue;
                };
                let look = cache.looks.get_or_insert_with(index, || {
                    row_look(ui, doc, notes, h, (width - 2.0 * pad - 2.0).max(20.0))
                });
                let (slot, _) =
                    ui.allocate_exact_size(egui::vec2(width, row_height), egui::Sense::hover());
                let rect = slot.shrink2(egui::vec2(0.0, 3.0));
                let clicked = highlight_row_ui(
                    ui,
                    rect,
                    ui.scope_id().with(("highlight-row", h.id)),
                    highlight_color(notes, h, dark),
                    Some(h.id) == selected,
                    RowMark::Frame,
                    rect.min + egui::vec2(pad, pad),
                    &[
                        (&look.quote, line),
                        (&look.meta, small),
                        (&look.note, small),
                    ],
                    || format!("Highlight “{}”", short(&h.anchor.quote, 80)),
                );
                if clicked {
                    actions.push(Action::Window(WindowAction::GoToHighlight(h.id)));
                }
            }
        });
    cache.looks.trim();
    actions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::study::anchor::Anchor;
    use crate::core::text::{CharOffset, CharRange};

    #[test]
    fn page_labels_follow_frus_style() {
        let doc = Document::seed();
        let p287 = doc.pages()[1].offset;
        let h = |a: usize, b: usize| {
            Highlight::new(
                SourceId::FIRST,
                Anchor::new(&doc, CharRange::new(CharOffset(a), CharOffset(b))),
                vec![],
                Timestamp(0),
            )
        };
        assert_eq!(pages_label(&doc, &h(10, 20)).as_deref(), Some("p. 286"));
        assert_eq!(
            pages_label(&doc, &h(p287.0 - 5, p287.0 + 5)).as_deref(),
            Some("pp. 286–87")
        );
        // Ending right at the page break stays on the page before.
        assert_eq!(
            pages_label(&doc, &h(p287.0 - 5, p287.0)).as_deref(),
            Some("p. 286")
        );
        let mut noted = h(10, 20);
        noted.note = "Brezhnev’s tone: “frankness”".into();
        // Typed with a straight apostrophe or a curly one, the note is found.
        assert!(matches_query(&noted, "brezhnev's"));
        assert!(matches_query(&noted, "brezhnev’s"));
        assert!(matches_query(&noted, "\"frankness\""));
        assert!(matches_query(&noted, "FRANKNESS"));
        assert!(!matches_query(&noted, "Sadat"));
    }
}
