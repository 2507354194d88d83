//! The Documents tab: open a document without a file dialog — a path field with
//! completion, and the text documents of the open document's folder and of `assets/`.

use crate::core::document::doc_folder::{self, DocumentEntry};
use crate::ui::action::{Action, WorkspaceAction};
use egui::{RichText, Ui};
use std::path::{Path, PathBuf};

/// How many completions are offered under the path field.
const COMPLETIONS: usize = 12;

/// What the tab keeps between frames.
#[derive(Debug, Default)]
pub struct DocumentsPanelState {
    /// The path typed so far.
    pub typed: String,
    /// The folders listed, and what they held when last read.
    listing: Vec<(PathBuf, Vec<DocumentEntry>)>,
    /// The folders the listing was read for; read again when they change or on Refresh.
    listed_for: Vec<PathBuf>,
    /// Completions for `typed`, and the text they were made for.
    completions: Option<(String, Vec<PathBuf>)>,
    /// Give the path field the keyboard on the next frame (Ctrl+Shift+O where no file
    /// dialog answers).
    pub focus: bool,
}

/// The folders the tab lists: the open document's own folder, then `assets/`.
pub fn folders(document_source: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(parent) = document_source.parent().filter(|p| p.is_dir()) {
        out.push(parent.to_path_buf());
    }
    let assets = PathBuf::from("assets");
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    if assets.is_dir() && !out.iter().any(|f| same(f, &assets)) {
        out.push(assets);
    }
    out
}

/// The Documents tab.
pub fn documents_ui(
    ui: &mut Ui,
    state: &mut DocumentsPanelState,
    document_source: &Path,
) -> Vec<Action> {
    let mut actions = Vec::new();
    // A document of a volume is read from `volume.xml#d84`: the file is the volume.
    let source = document_source.to_string_lossy();
    let open_file = match crate::core::source::split_source(&source) {
        Some((volume, _)) if !document_source.exists() => PathBuf::from(volume),
        _ => document_source.to_path_buf(),
    };
    actions.extend(path_field_ui(ui, state));
    actions.extend(nearby_ui(ui, state, document_source, &open_file));
    actions
}

/// The path field: Tab completes, Enter or Open opens the file typed, and the paths the
/// text typed can go on to are listed under it.
fn path_field_ui(ui: &mut Ui, state: &mut DocumentsPanelState) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.label(RichText::new("Open a document").strong());
    let label = ui.label(RichText::new("Path").weak());
    let field = egui::Id::unique("document-path");
    // Tab completes the path (as far as the completions agree) instead of leaving the
    // field; the cursor goes to its end.
    let tab = ui.memory(|m| m.has_focus(field))
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Tab));
    let mut completed = false;
    if tab {
        let found = doc_folder::complete(state.typed.trim(), COMPLETIONS);
        if let Some(longer) = doc_folder::tab_complete(state.typed.trim(), &found) {
            state.typed = longer;
            completed = true;
        }
    }
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut state.typed)
                .id(field)
                .lock_focus(true)
                .hint_text("e.g. ~/frus/d85.txt")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if completed || std::mem::take(&mut state.focus) {
        response.request_focus();
        if let Some(mut edit) = egui::TextEdit::load_state(ui.ctx(), field) {
            let end = egui::text::CCursor::new(state.typed.chars().count());
            edit.cursor
                .set_char_range(Some(egui::text::CCursorRange::one(end)));
            edit.store(ui.ctx(), field);
        }
    }
    let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let typed = state.typed.trim().to_string();
    let target = doc_folder::expand_home(&typed);
    ui.horizontal_wrapped(|ui| {
        let can_open = !typed.is_empty() && target.is_file();
        let clicked = ui
            .add_enabled(can_open, egui::Button::new("Open"))
            .clicked();
        if can_open && (clicked || entered) {
            actions.push(Action::Workspace(WorkspaceAction::OpenPath(target.clone())));
        }
        if !typed.is_empty() && !target.exists() && !typed.ends_with('/') {
            ui.label(RichText::new("no such file").small().weak());
        }
    });
    if !typed.is_empty() {
        actions.extend(completions_ui(ui, state, &typed));
    }
    actions
}

/// What the `typed` path can go on to: a click on a folder goes into it, on a file opens
/// it.
fn completions_ui(ui: &mut Ui, state: &mut DocumentsPanelState, typed: &str) -> Vec<Action> {
    let mut actions = Vec::new();
    if state
        .completions
        .as_ref()
        .is_none_or(|(for_text, _)| *for_text != typed)
    {
        state.completions = Some((typed.to_string(), doc_folder::complete(typed, COMPLETIONS)));
    }
    if let Some((_, found)) = &state.completions {
        for path in found.clone() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let is_dir = path.is_dir();
            let shown = if is_dir { format!("{name}/") } else { name };
            if ui
                .add(egui::Button::new(shown).frame(false).wrap())
                .on_hover_text(path.display().to_string())
                .clicked()
            {
                if is_dir {
                    state.typed = format!("{}/", path.display());
                } else {
                    actions.push(Action::Workspace(WorkspaceAction::OpenPath(path)));
                }
            }
        }
    }
    actions
}

/// The text documents and volumes of the open document's folder and of `assets/`, read
/// again when the folders change or on Refresh; `open_file` is marked.
fn nearby_ui(
    ui: &mut Ui,
    state: &mut DocumentsPanelState,
    document_source: &Path,
    open_file: &Path,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.add_space(8.0);
    let wanted = folders(document_source);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Documents nearby").strong());
        if ui.small_button("Refresh").clicked() {
            state.listed_for.clear();
        }
    });
    if state.listed_for != wanted {
        state.listing = wanted
            .iter()
            .map(|f| (f.clone(), doc_folder::list_folder(f)))
            .collect();
        state.listed_for = wanted;
    }
    egui::ScrollArea::vertical()
        .id_salt("documents-nearby")
        .show(ui, |ui| {
            for (folder, entries) in &state.listing {
                ui.label(RichText::new(folder.display().to_string()).small().weak());
                if entries.is_empty() {
                    ui.label(RichText::new("No text documents or TEI volumes here.").weak());
                }
                for entry in entries {
                    let name = entry
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let current = entry.path.canonicalize().ok() == open_file.canonicalize().ok();
                    let response = ui
                        .add(
                            egui::Button::selectable(
                                current,
                                if entry.volume {
                                    format!("{}\n{name} · TEI volume", entry.title)
                                } else {
                                    format!("{}\n{name}", entry.title)
                                },
                            )
                            .wrap(),
                        )
                        .on_hover_text(entry.path.display().to_string());
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::Role::Button,
                            true,
                            format!("Open document {name}"),
                        )
                    });
                    if response.clicked() && !current {
                        actions.push(Action::Workspace(WorkspaceAction::OpenPath(
                            entry.path.clone(),
                        )));
                    }
                }
                ui.add_space(6.0);
            }
        });
    actions
}
