//! A TEI volume's documents in the left panel: number, date, pages and title, filtered by
//! what is typed (title words, number, date such as `1978-02`), the open one marked; a
//! click opens another. Only the rows in view are laid out, so a volume of 1,000
//! documents costs what 30 do.

use crate::core::document::Document;
use crate::core::tei::Volume;
use crate::core::tei::listing::page_range;
use crate::ui::action::Action;
use egui::{RichText, Ui};

/// What the list keeps between frames.
#[derive(Debug, Default)]
pub struct VolumePanelState {
    /// The filter typed.
    pub filter: String,
    /// The documents matching `filter`, and the filter and volume they were found for.
    matching: Option<(String, usize, Vec<usize>)>,
    /// Scroll the open document into view once (after it changes).
    pub reveal: bool,
}

/// True when `doc` matches every word of `filter`: a number (`84`), a date or its
/// beginning (`1978-02`), or a word of the title, dateline or chapter.
pub fn matches(doc: &Document, filter: &str) -> bool {
    let info = doc.info();
    let haystack = format!(
        "{} {} {} {} {}",
        info.title,
        info.dateline.as_deref().unwrap_or(""),
        info.chapter.as_deref().unwrap_or(""),
        info.id.as_deref().unwrap_or(""),
        info.date.as_deref().unwrap_or("")
    )
    .to_lowercase();
    filter.split_whitespace().all(|word| {
        let word = word.to_lowercase();
        if let Ok(n) = word.parse::<u32>()
            && info.number == Some(n)
        {
            return true;
        }
        info.date.as_deref().is_some_and(|d| d.starts_with(&word)) || haystack.contains(&word)
    })
}

/// One row's text: `84 · Letter From … · 1978-02 · pp. 286–88`: the number and title
/// first, so that a narrow panel still shows what the document is.
fn row_label(doc: &Document) -> String {
    let info = doc.info();
    let mut parts: Vec<String> = Vec::new();
    if let Some(n) = info.number {
        parts.push(n.to_string());
    }
    parts.push(info.title.clone());
    if let Some(d) = &info.date {
        parts.push(d.clone());
    }
    if let Some(p) = pages_of(doc) {
        parts.push(p);
    }
    parts.join(" · ")
}

/// `p. 287` or `pp. 286–88`.
fn pages_of(doc: &Document) -> Option<String> {
    match page_range(doc)? {
        (a, b) if a == b => Some(format!("p. {a}")),
        (a, b) => Some(format!("pp. {a}–{b}")),
    }
}

/// The volume's list; `current` is the id of the open document.
pub fn volume_ui(
    ui: &mut Ui,
    state: &mut VolumePanelState,
    volume: &Volume,
    current: Option<&str>,
    max_height: f32,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.label(RichText::new(volume.info().title()).strong())
        .on_hover_text(volume.source());
    let label = ui.label(RichText::new("Find a document").weak());
    ui.add(
        egui::TextEdit::singleline(&mut state.filter)
            .hint_text("number, date (1978-02) or words")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    let docs = volume.documents();
    let key = (state.filter.clone(), docs.len());
    if state
        .matching
        .as_ref()
        .is_none_or(|(f, n, _)| (f.clone(), *n) != key)
    {
        let found = (0..docs.len())
            .filter(|&i| matches(&docs[i], &state.filter))
            .collect();
        state.matching = Some((key.0, key.1, found));
    }
    let found: &[usize] = state.matching.as_ref().map_or(&[], |m| &m.2);
    ui.label(
        RichText::new(format!("{} of {} documents", found.len(), docs.len()))
            .small()
            .weak(),
    );
    let row_height = ui.text_style_height(&egui::TextStyle::Button)
        + ui.spacing().button_padding.y * 2.0
        + ui.spacing().item_spacing.y;
    let mut area = egui::ScrollArea::vertical()
        .id_salt("volume-documents")
        .max_height(max_height)
        .auto_shrink([false, true]);
    if std::mem::take(&mut state.reveal)
        && let Some(at) = found
            .iter()
            .position(|&i| current.is_some() && docs[i].info().id.as_deref() == current)
    {
        area = area.vertical_scroll_offset((at as f32 * row_height - max_height / 2.0).max(0.0));
    }
    area.show_rows(ui, row_height, found.len(), |ui, rows| {
        for &i in &found[rows] {
            let doc = &docs[i];
            let open = doc.info().id.as_deref() == current && current.is_some();
            let response = ui
                .add(
                    egui::Button::selectable(open, row_label(doc))
                        .wrap_mode(egui::TextWrapMode::Truncate),
                )
                .on_hover_text(format!(
                    "{}\n{}",
                    doc.info().title,
                    doc.info().dateline.as_deref().unwrap_or("")
                ));
            if response.clicked() && !open {
                actions.push(Action::OpenVolumeDocument(i));
            }
        }
    });
    actions
}
