//! The study's documents in the left panel: every source of the study and every document
//! of an open TEI volume, grouped by volume and chapter, each row with its number, title,
//! date and pages and a thin bar of its highlights in topic colours along its foot. A filter field
//! takes words, a number, a date (`1978-02`) or a date range (`1978-02..1978-03`); two
//! switches keep only documents with highlights, or with highlights the topic filter
//! shows. A click opens a document; a source's context menu takes it out of the study.
//! Only the rows in view are drawn, so a volume of 1,000 documents costs what 30 do.

use crate::core::dates::DateRange;
use crate::core::document::Document;
use crate::core::library::Library;
use crate::core::study::filter::TopicFilter;
use crate::core::study::note_set::NoteSet;
use crate::core::study::source::SourceId;
use crate::core::study::topic::{Color, TopicId};
use crate::core::tei::Volume;
use crate::core::tei::listing::page_range;
use crate::ui::action::{Action, DocRef, WorkspaceAction};
use crate::ui::widgets::marks::topic_color;
use egui::{RichText, Ui};
use std::collections::HashMap;
use std::sync::Arc;

/// What the navigator keeps between frames.
#[derive(Debug, Default)]
pub struct NavigatorState {
    /// The filter typed.
    pub filter: String,
    /// Only documents that have highlights.
    pub only_highlighted: bool,
    /// Only documents with a highlight the topic filter lets through.
    pub only_matching: bool,
    /// The rows, and what they were built from.
    rows: Vec<Row>,
    /// Documents listed with no filter: every document of the volumes and the study.
    total: usize,
    /// Documents the rows list.
    shown: usize,
    key: Option<RowsKey>,
    /// Scroll the open document into view once (after it changes).
    pub reveal: bool,
}

#[derive(Debug, Clone, PartialEq)]
struct RowsKey {
    revision: u64,
    filter: String,
    only_highlighted: bool,
    only_matching: bool,
    topic_filter: TopicFilter,
    volumes: Vec<usize>,
    library: usize,
}

/// One line of the list: a group heading, or a document.
#[derive(Debug, Clone)]
enum Row {
    Heading(String),
    Document(Entry),
}

/// A document as the list shows it.
#[derive(Debug, Clone)]
struct Entry {
    doc: DocRef,
    /// Its source in the study, if it is one.
    source: Option<SourceId>,
    /// The document's source path, to mark the open one.
    path: String,
    label: String,
    hover: String,
    /// Highlights per topic colour, most first, and in all.
    bar: Vec<(Color, usize)>,
    count: usize,
}

/// True when `doc`'s facts match every word of `filter`: a number (`84`), a date or its
/// beginning (`1978-02`), a date range (`1978-02..1978-03`, either end open), or a word
/// of the title, dateline, chapter or id.
pub fn matches(number: Option<u32>, date: Option<&str>, words: &str, filter: &str) -> bool {
    let haystack = words.to_lowercase();
    filter.split_whitespace().all(|word| {
        let word = word.to_lowercase();
        if let Some((from, to)) = word.split_once("..") {
            // A range that is not one (`1978-13..`) matches nothing rather than all.
            return DateRange::parse(&format!("{from}..{to}")).is_ok_and(|r| r.contains(date));
        }
        if let Ok(n) = word.parse::<u32>()
            && number == Some(n)
        {
            return true;
        }
        date.is_some_and(|d| d.starts_with(&word)) || haystack.contains(&word)
    })
}

/// `p. 287` or `pp. 286–88`.
fn pages_of(doc: &Document) -> Option<String> {
    match page_range(doc)? {
        (a, b) if a == b => Some(format!("p. {a}")),
        (a, b) => Some(format!("pp. {a}–{b}")),
    }
}

/// `84 · Letter From … · 1978-02 · pp. 286–88`: number and title first, so that a
/// narrow panel still shows what the document is.
fn label_of(number: Option<u32>, title: &str, date: Option<&str>, pages: Option<String>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(n) = number {
        parts.push(n.to_string());
    }
    parts.push(if title.trim().is_empty() {
        "(untitled)".into()
    } else {
        title.to_string()
    });
    parts.extend(date.map(str::to_string));
    parts.extend(pages);
    parts.join(" · ")
}

/// Per source: its highlights per topic colour (first topic of each), most first.
fn bars(set: &NoteSet) -> HashMap<SourceId, Vec<(Color, usize)>> {
    let mut counts: HashMap<SourceId, HashMap<Option<TopicId>, usize>> = HashMap::new();
    for h in set.highlights() {
        *counts
            .entry(h.source)
            .or_default()
            .entry(h.topics.first().copied())
            .or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(source, by_topic)| {
            let mut bar: Vec<(Color, usize)> = by_topic
                .into_iter()
                .map(|(t, n)| {
                    let color = t
                        .and_then(|t| set.topic(t))
                        .map_or(Color([0x9a, 0x9a, 0x9a]), |t| t.color);
                    (color, n)
                })
                .collect();
            bar.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.0.cmp(&b.0.0)));
            (source, bar)
        })
        .collect()
}

/// Everything the list needs to know about the study.
pub struct NavigatorInput<'a> {
    pub set: &'a NoteSet,
    pub revision: u64,
    pub library: &'a Library,
    pub volumes: &'a [Arc<Volume>],
    pub topic_filter: &'a TopicFilter,
    /// The open document's source path.
    pub current: &'a str,
}

/// What decides the rows: the study, the filters, and each document's bar.
struct RowBuilder<'i> {
    input: &'i NavigatorInput<'i>,
    state: &'i NavigatorState,
    bars: HashMap<SourceId, Vec<(Color, usize)>>,
    /// Each document's highlights that match the topic filter (only when the list is
    /// limited to them).
    matching: HashMap<SourceId, usize>,
}

impl RowBuilder<'_> {
    /// Whether a document passes the list's filters.
    fn keep(
        &self,
        source: Option<SourceId>,
        number: Option<u32>,
        date: Option<&str>,
        words: &str,
    ) -> bool {
        let set = self.input.set;
        let state = self.state;
        let count = source.map_or(0, |s| set.count_in(s));
        (!state.only_highlighted || count > 0)
            && (!state.only_matching
                || source.is_some_and(|s| self.matching.get(&s).copied().unwrap_or(0) > 0))
            && matches(number, date, words, &state.filter)
    }

    /// The row of a document: its text `d` when at hand, else what the study recorded.
    fn entry(&self, doc: DocRef, source: Option<SourceId>, d: Option<&Document>) -> Entry {
        let set = self.input.set;
        let record = source.and_then(|s| set.source(s));
        let (number, title, date) = match (d, record) {
            (Some(d), _) => (
                d.info().number,
                d.info().title.clone(),
                d.info().date.clone(),
            ),
            (None, Some(r)) => (r.number, r.title.clone(), r.date.clone()),
            (None, None) => (None, String::new(), None),
        };
        let mut label = label_of(number, &title, date.as_deref(), d.and_then(pages_of));
        if d.is_none() {
            label.push_str(" (text not found)");
        }
        let hover = match d {
            Some(d) => format!(
                "{}\n{}",
                d.info().title,
                d.info().dateline.as_deref().unwrap_or("")
            ),
            None => format!("{title}\nIts text was not found when the study was opened."),
        };
        let bar = source
            .and_then(|s| self.bars.get(&s))
            .cloned()
            .unwrap_or_default();
        Entry {
            doc,
            source,
            path: d.map(|d| d.info().source.clone()).unwrap_or_default(),
            label,
            hover,
            count: source.map_or(0, |s| set.count_in(s)),
            bar,
        }
    }

    /// A volume's rows, by chapter: its documents that pass, study sources among them
    /// (found by their text in `by_text`, and recorded in `listed`).
    fn volume_rows(
        &self,
        volume: &Volume,
        by_text: &HashMap<&str, SourceId>,
        listed: &mut std::collections::HashSet<SourceId>,
        rows: &mut Vec<Row>,
    ) {
        let mut chapter: Option<String> = None;
        let mut heading_done = false;
        for (index, d) in volume.documents().iter().enumerate() {
            // A source of the study when the study has this very text.
            let source = by_text
                .get(d.fingerprint().as_str())
                .copied()
                .filter(|id| self.input.library.document(*id).is_some());
            listed.extend(source);
            let info = d.info();
            let words = format!(
                "{} {} {} {}",
                info.title,
                info.dateline.as_deref().unwrap_or(""),
                info.chapter.as_deref().unwrap_or(""),
                info.id.as_deref().unwrap_or("")
            );
            if !self.keep(source, info.number, info.date.as_deref(), &words) {
                continue;
            }
            if !heading_done {
                rows.push(Row::Heading(volume.info().title()));
                heading_done = true;
            }
            if info.chapter != chapter {
                chapter = info.chapter.clone();
                if let Some(c) = &chapter {
                    rows.push(Row::Heading(format!("  {c}")));
                }
            }
            let doc = match source {
                Some(id) => DocRef::Source(id),
                None => DocRef::InVolume {
                    volume: volume.source().to_string(),
                    index,
                },
            };
            rows.push(Row::Document(self.entry(doc, source, Some(d))));
        }
    }
}

/// The rows for the filter, and how many documents there are without it.
fn build_rows(input: &NavigatorInput<'_>, state: &NavigatorState) -> (Vec<Row>, usize) {
    let set = input.set;
    let mut matching = HashMap::new();
    if state.only_matching {
        let compiled = input.topic_filter.compile(set);
        for h in set.highlights() {
            if compiled.matches(h) {
                *matching.entry(h.source).or_default() += 1;
            }
        }
    }
    let builder = RowBuilder {
        input,
        state,
        bars: bars(set),
        matching,
    };
    let by_text: HashMap<&str, SourceId> = (set.sources().iter())
        .map(|r| (r.fingerprint.as_str(), r.id))
        .collect();
    let mut rows = Vec::new();
    // Each volume, by chapter: its documents, study sources among them.
    let mut listed: std::collections::HashSet<SourceId> = std::collections::HashSet::new();
    for volume in input.volumes {
        builder.volume_rows(volume, &by_text, &mut listed, &mut rows);
    }
    // The study's other documents: texts, and documents of volumes not open.
    let mut others = Vec::new();
    for record in set.sources().iter().filter(|r| !listed.contains(&r.id)) {
        let d = input.library.document(record.id);
        let words = format!(
            "{} {}",
            record.title,
            record.document_id.as_deref().unwrap_or("")
        );
        if builder.keep(
            Some(record.id),
            record.number,
            record.date.as_deref(),
            &words,
        ) {
            others.push(Row::Document(builder.entry(
                DocRef::Source(record.id),
                Some(record.id),
                d,
            )));
        }
    }
    if !others.is_empty() {
        if !rows.is_empty() {
            rows.push(Row::Heading("Other documents of the study".into()));
        }
        rows.extend(others);
    }
    let in_volumes: usize = input.volumes.iter().map(|v| v.documents().len()).sum();
    let total = in_volumes + set.sources().len() - listed.len();
    (rows, total)
}

/// The list of documents.
pub fn navigator_ui(
    ui: &mut Ui,
    state: &mut NavigatorState,
    input: &NavigatorInput<'_>,
    max_height: f32,
) -> Vec<Action> {
    let mut actions = Vec::new();
    controls_ui(ui, state, input);
    let refiltered = refresh(state, input);
    ui.label(
        RichText::new(format!(
            "{} of {}",
            crate::core::numbers::grouped(state.shown),
            crate::core::numbers::counted(state.total, "document")
        ))
        .small()
        .weak(),
    );
    let row_height = ui.text_style_height(&egui::TextStyle::Button)
        + ui.spacing().button_padding.y * 2.0
        + ui.spacing().item_spacing.y;
    let mut area = egui::ScrollArea::vertical()
        .id_salt("study-documents")
        .max_height(max_height)
        .auto_shrink([false, true]);
    if refiltered {
        area = area.vertical_scroll_offset(0.0);
    }
    if std::mem::take(&mut state.reveal)
        && let Some(at) = state
            .rows
            .iter()
            .position(|r| matches!(r, Row::Document(e) if e.path == input.current))
    {
        // A few rows above it: the list may show less than `max_height` (a short window),
        // and the open document must be in view whatever it shows.
        area = area.vertical_scroll_offset((at.saturating_sub(3) as f32 * row_height).max(0.0));
    }
    let most = state
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Document(e) => Some(e.count),
            Row::Heading(_) => None,
        })
        .max()
        .unwrap_or(0)
        .max(1);
    let rows = &state.rows;
    area.show_rows(ui, row_height, rows.len(), |ui, range| {
        for row in &rows[range] {
            match row {
                Row::Heading(text) => {
                    ui.allocate_ui_with_layout(
                        egui::vec2(
                            ui.available_width(),
                            row_height - ui.spacing().item_spacing.y,
                        ),
                        egui::Layout::left_to_right(egui::Align::Center),
                        |ui| {
                            ui.add(
                                egui::Label::new(RichText::new(text.as_str()).small().strong())
                                    .truncate(),
                            )
                            .on_hover_text(text.trim());
                        },
                    );
                }
                Row::Document(e) => {
                    let open = !e.path.is_empty() && e.path == input.current;
                    actions.extend(document_row_ui(ui, e, open, row_height, most));
                }
            }
        }
    });
    actions
}

/// The list's heading, its search field and its two filters.
fn controls_ui(ui: &mut Ui, state: &mut NavigatorState, input: &NavigatorInput<'_>) {
    let sources = input.set.sources().len();
    ui.label(
        RichText::new(format!(
            "Study: {}",
            crate::core::numbers::counted(sources, "document")
        ))
        .strong(),
    );
    let label = ui.label(RichText::new("Find a document").weak());
    ui.add(
        egui::TextEdit::singleline(&mut state.filter)
            .hint_text("number, words, 1978-02 or 1978-02..1978-03")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut state.only_highlighted, "With highlights");
        ui.add_enabled(
            input.topic_filter.is_active(),
            egui::Checkbox::new(&mut state.only_matching, "Matching the topic filter"),
        );
    });
    if !input.topic_filter.is_active() {
        state.only_matching = false;
    }
}

/// Builds the rows again when the study, the filters or the open volumes changed;
/// returns whether the filters changed (a new filter shows its list from the top).
fn refresh(state: &mut NavigatorState, input: &NavigatorInput<'_>) -> bool {
    let key = RowsKey {
        revision: input.revision,
        filter: state.filter.clone(),
        only_highlighted: state.only_highlighted,
        only_matching: state.only_matching,
        topic_filter: input.topic_filter.clone(),
        volumes: input
            .volumes
            .iter()
            .map(|v| Arc::as_ptr(v) as usize)
            .collect(),
        library: input.library.len(),
    };
    let refiltered = state.key.as_ref().is_some_and(|old| {
        (
            &old.filter,
            old.only_highlighted,
            old.only_matching,
            &old.topic_filter,
        ) != (
            &key.filter,
            key.only_highlighted,
            key.only_matching,
            &key.topic_filter,
        )
    });
    if state.key.as_ref() != Some(&key) {
        (state.rows, state.total) = build_rows(input, state);
        state.shown = (state.rows.iter())
            .filter(|r| matches!(r, Row::Document(_)))
            .count();
        state.key = Some(key);
    }
    refiltered
}

/// A document's row: its label (selected when it is `open`), the bar of its highlights
/// against the `most` any row has, and a menu to remove it from the study.
fn document_row_ui(
    ui: &mut Ui,
    e: &Entry,
    open: bool,
    row_height: f32,
    most: usize,
) -> Vec<Action> {
    let mut actions = Vec::new();
    // The title takes the whole row; the bar of highlights runs along its foot, so a
    // narrow panel does not cut the title to a number.
    let response = ui.add_sized(
        [
            ui.available_width(),
            row_height - ui.spacing().item_spacing.y,
        ],
        egui::Button::selectable(open, e.label.as_str()).wrap_mode(egui::TextWrapMode::Truncate),
    );
    if e.count > 0 {
        paint_bar(ui, response.rect, &e.bar, e.count, most);
    }
    let response = response.on_hover_text(format!(
        "{}{}",
        e.hover,
        if e.count > 0 {
            format!("\n{}", crate::core::numbers::counted(e.count, "highlight"))
        } else {
            String::new()
        }
    ));
    if response.clicked() && !open {
        actions.push(Action::Workspace(WorkspaceAction::OpenDoc(e.doc.clone())));
    }
    if let Some(source) = e.source {
        response.context_menu(|ui| {
            if ui.button("Remove from study…").clicked() {
                actions.push(Action::Workspace(WorkspaceAction::AskRemoveSource(source)));
                ui.close();
            }
        });
    }
    actions
}

/// A document's highlights as a thin bar along the foot of its row (`row`): its length
/// the share of the most any listed document has, split by topic colour.
fn paint_bar(ui: &Ui, row: egui::Rect, bar: &[(Color, usize)], count: usize, most: usize) {
    let room = row.shrink2(egui::vec2(6.0, 0.0));
    let full = room.width() * (count as f32 / most as f32).clamp(0.08, 1.0);
    let mut x = room.left();
    for (color, n) in bar {
        let w = full * (*n as f32 / count as f32);
        let segment = egui::Rect::from_min_size(
            egui::pos2(x, room.bottom() - 3.0),
            egui::vec2(w.max(1.0), 2.5),
        );
        ui.painter().rect_filled(segment, 1.0, topic_color(*color));
        x += w;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_take_numbers_dates_ranges_and_words() {
        let m =
            |filter: &str| matches(Some(84), Some("1978-02-25"), "Letter From Brezhnev", filter);
        assert!(m("84"));
        assert!(m("1978-02"));
        assert!(m("1978-02..1978-03"));
        assert!(m("1978-01..1978-02"));
        assert!(m("..1978-02"));
        assert!(m("1978-02-25.."));
        assert!(!m("1978-03..1978-04"));
        assert!(!m("..1978-01"));
        assert!(m("brezhnev 1978"));
        assert!(!m("carter"));
        assert!(!matches(Some(1), None, "Editorial Note", "1975..1976"));
    }
}
