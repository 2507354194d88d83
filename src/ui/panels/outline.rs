//! The left panel: what the document is, its pages to jump to, and its footnotes.

use crate::core::document::{BlockKind, Document};
use crate::core::text::{CharOffset, CharRange};
use crate::ui::action::{Action, DocRef, ViewAction, WorkspaceAction};
use egui::{Galley, RichText, Ui};
use std::sync::Arc;

/// The outline's state between frames. A new document starts a new one.
#[derive(Debug, Default)]
pub struct OutlineState {
    /// The footnote last asked for, shown marked.
    pub selected_footnote: Option<u32>,
    /// Bring the selected footnote into view on the next frame.
    reveal: bool,
    /// The footnotes laid out for a width and theme, and which the text calls: kept
    /// between frames, since a long note wraps over many lines.
    /// Footnote rows laid out for (width, theme, text size in tenths of a point).
    footnotes: Option<((u32, bool, u32), Vec<FootnoteRow>)>,
}

/// A footnote laid out, and whether the text calls it.
type FootnoteRow = (Arc<Galley>, bool);

impl OutlineState {
    /// Marks footnote `number` and scrolls the panel to it.
    pub fn show_footnote(&mut self, number: u32) {
        self.selected_footnote = Some(number);
        self.reveal = true;
    }
}

/// Where a footnote's references lead.
pub struct Links<'a> {
    /// A document by its number, when it is in the study or the open volume.
    pub document: &'a dyn Fn(u32) -> Option<DocRef>,
    /// Where a printed page (arabic) begins, in the open document or its volume.
    pub page: &'a dyn Fn(u32) -> Option<(DocRef, CharOffset)>,
}

/// Draws the outline of `doc`; `current_page` is where the page at the top of the reader
/// starts.
pub fn outline_ui(
    ui: &mut Ui,
    doc: &Document,
    state: &mut OutlineState,
    current_page: Option<CharOffset>,
    links: &Links<'_>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::ScrollArea::vertical()
        .id_salt("outline")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            document_section(ui, doc, &mut actions);
            pages_section(ui, doc, current_page, &mut actions);
            footnotes_section(ui, doc, state, links, &mut actions);
            if !doc.warnings().is_empty() {
                ui.add_space(12.0);
                ui.label(RichText::new("Reading notes").strong());
                for warning in doc.warnings() {
                    ui.label(RichText::new(warning).small().weak());
                }
            }
        });
    actions
}

fn document_section(ui: &mut Ui, doc: &Document, actions: &mut Vec<Action>) {
    let info = doc.info();
    ui.add_space(4.0);
    ui.label(RichText::new("Document").strong());
    let heading = doc
        .blocks()
        .first()
        .filter(|b| b.kind == BlockKind::Heading);
    let title = match info.number {
        Some(n) => format!("No. {n}: {}", info.title),
        None => info.title.clone(),
    };
    if ui
        .add(egui::Label::new(title).sense(egui::Sense::click()))
        .on_hover_text("Go to the beginning")
        .clicked()
    {
        actions.push(Action::View(ViewAction::ScrollTo(
            heading.map_or(Default::default(), |b| b.range.start),
        )));
    }
    if let Some(citation) = &info.citation {
        ui.label(RichText::new(citation).weak());
    }
    if let Some(url) = &info.url {
        ui.hyperlink_to(RichText::new(url).small(), url);
    }
}

/// Documents with more pages than this get a "Go to page" field instead of buttons.
const MAX_PAGE_BUTTONS: usize = 60;

fn go_to_page_ui(
    ui: &mut Ui,
    doc: &Document,
    current_page: Option<CharOffset>,
    actions: &mut Vec<Action>,
) {
    // The field takes the arabic numbers of the body; front matter in roman numerals is
    // reached by scrolling.
    let mut arabic = doc.pages().iter().filter(|p| !p.roman && !p.in_file);
    let (Some(first), Some(last)) = (arabic.next(), arabic.next_back()) else {
        return;
    };
    let (first, last) = (first.page, last.page);
    let here = current_page.and_then(|at| {
        doc.pages()
            .iter()
            .find(|p| p.offset == at && !p.roman && !p.in_file)
            .map(|p| p.page)
    });
    let id = ui.make_persistent_id("go-to-page");
    let mut wanted: u32 = ui
        .data_mut(|d| d.get_temp(id))
        .unwrap_or_else(|| here.unwrap_or(first));
    ui.horizontal(|ui| {
        let label = ui.label("Go to page");
        ui.add(egui::DragValue::new(&mut wanted).range(first..=last))
            .labelled_by(label.id);
        if ui.button("Go").clicked()
            && let Some(page) = doc.arabic_page(wanted)
        {
            actions.push(Action::View(ViewAction::ScrollTo(page.offset)));
        }
        ui.label(RichText::new(format!("{first}–{last}")).weak());
    });
    ui.data_mut(|d| d.insert_temp(id, wanted));
}

fn pages_section(
    ui: &mut Ui,
    doc: &Document,
    current_page: Option<CharOffset>,
    actions: &mut Vec<Action>,
) {
    if doc.pages().is_empty() {
        return;
    }
    ui.add_space(12.0);
    ui.label(RichText::new("Pages").strong());
    // A whole volume has hundreds of pages: a field to go to one, and buttons only for a
    // short document.
    if doc.pages().len() > MAX_PAGE_BUTTONS {
        go_to_page_ui(ui, doc, current_page, actions);
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for page in doc.pages() {
            let current = current_page == Some(page.offset);
            if ui
                .selectable_label(current, page.short())
                .on_hover_text(format!("Go to {}", page.short()))
                .clicked()
            {
                actions.push(Action::View(ViewAction::ScrollTo(page.offset)));
            }
        }
    });
}

fn footnotes_section(
    ui: &mut Ui,
    doc: &Document,
    state: &mut OutlineState,
    links: &Links<'_>,
    actions: &mut Vec<Action>,
) {
    if doc.footnotes().is_empty() {
        return;
    }
    ui.add_space(12.0);
    ui.label(RichText::new("Footnotes").strong());
    let pad = ui.spacing().button_padding;
    let width = ui.available_width();
    let key = (
        width.round() as u32,
        ui.visuals().dark_mode,
        (ui.text_style_height(&egui::TextStyle::Button) * 10.0) as u32,
    );
    if state.footnotes.as_ref().is_none_or(|(k, _)| *k != key) {
        state.footnotes = Some((key, footnote_rows(ui, doc, width - 2.0 * pad.x)));
    }
    let Some((_, rows)) = state.footnotes.as_ref() else {
        return;
    };
    let mut clicked = None;
    let mut reveal = None;
    for (note, (galley, referenced)) in doc.footnotes().iter().zip(rows) {
        let selected = state.selected_footnote == Some(note.number);
        let size = galley.size() + 2.0 * pad;
        let (rect, response) =
            ui.allocate_exact_size(egui::vec2(width, size.y), egui::Sense::click());
        let visuals = ui.style().interact_selectable(&response, selected);
        if selected || response.hovered() {
            ui.painter()
                .rect_filled(rect, visuals.corner_radius, visuals.weak_bg_fill);
        }
        ui.painter()
            .galley(rect.min + pad, galley.clone(), visuals.text_color());
        response.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::Button, true, selected, galley.text())
        });
        let response = if *referenced {
            response.on_hover_text("Go to where the text calls this note")
        } else {
            response.on_hover_text("The text never calls this note")
        };
        if response.clicked() {
            clicked = Some((note.number, *referenced));
        }
        if selected && state.reveal {
            reveal = Some(response);
        }
        note_links_ui(ui, doc, note, links, pad.x, actions);
    }
    if let Some((number, referenced)) = clicked {
        state.selected_footnote = Some(number);
        if referenced {
            actions.push(Action::View(ViewAction::GoToFootnoteCall(number)));
        }
    }
    if let Some(response) = reveal {
        response.scroll_to_me(Some(egui::Align::Center));
        state.reveal = false;
    }
}

/// Each footnote laid out to `wrap` points, with whether the text calls it.
fn footnote_rows(ui: &Ui, doc: &Document, wrap: f32) -> Vec<FootnoteRow> {
    let called: std::collections::HashSet<u32> =
        doc.footnote_refs().iter().map(|r| r.number).collect();
    let font = egui::TextStyle::Button.resolve(ui.style());
    let color = ui.visuals().text_color();
    doc.footnotes()
        .iter()
        .map(|note| {
            let text = format!("{}. {}", note.number, note.text);
            let galley = ui
                .painter()
                .layout(text, font.clone(), color, wrap.max(40.0));
            (galley, called.contains(&note.number))
        })
        .collect()
}

/// Under a footnote, links to the documents and pages it refers to that are at hand.
fn note_links_ui(
    ui: &mut Ui,
    doc: &Document,
    note: &crate::core::document::Footnote,
    links: &Links<'_>,
    indent: f32,
    actions: &mut Vec<Action>,
) {
    // "See Document 76", or a TEI note's `<ref target="#d76">`: a link when that
    // document is in the study or the volume.
    let mut numbers = note.documents.clone();
    for n in crate::core::document::document_references(&note.text) {
        if !numbers.contains(&n) {
            numbers.push(n);
        }
    }
    let targets: Vec<(u32, DocRef)> = numbers
        .into_iter()
        .filter(|n| Some(*n) != doc.info().number)
        .filter_map(|n| (links.document)(n).map(|d| (n, d)))
        .collect();
    // "Ante, p. 10": a TEI note's `<ref target="#pg_10">`.
    let pages: Vec<(u32, DocRef, CharOffset)> = (note.pages.iter())
        .filter_map(|p| (links.page)(*p).map(|(d, at)| (*p, d, at)))
        .collect();
    if !targets.is_empty() || !pages.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.add_space(indent);
            for (n, target) in targets {
                if ui
                    .link(RichText::new(format!("Open Document {n}")).small())
                    .on_hover_text("Open it here (Alt+Left comes back)")
                    .clicked()
                {
                    actions.push(Action::Workspace(WorkspaceAction::OpenDoc(target)));
                }
            }
            for (page, target, at) in pages {
                let hover = if target == DocRef::Open {
                    "Go to where this page begins"
                } else {
                    "Open the document where this page begins (Alt+Left comes back)"
                };
                if ui
                    .link(RichText::new(format!("Go to p. {page}")).small())
                    .on_hover_text(hover)
                    .clicked()
                {
                    actions.push(Action::Workspace(WorkspaceAction::OpenDocAt(
                        target,
                        CharRange::new(at, at),
                    )));
                }
            }
        });
    }
}
