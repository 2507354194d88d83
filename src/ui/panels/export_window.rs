//! File › Export highlights…: format, grouping, whether to follow the topic filter, and
//! where to write. Writes only when asked; opens nothing afterwards.

use crate::core::export::{Format, Grouping};
use crate::ui::action::{Action, WindowAction};
use egui::{RichText, Ui};
use std::path::{Path, PathBuf};

/// The export window's state.
#[derive(Debug)]
pub struct ExportWindow {
    pub open: bool,
    pub format: Format,
    pub grouping: Grouping,
    /// Export only what the current topic filter shows.
    pub only_filtered: bool,
    /// Export only the open document's highlights (of a study of several).
    pub only_current: bool,
    /// A CSV starts with a UTF-8 byte order mark (for Excel on Windows).
    pub csv_bom: bool,
    /// Where the file goes.
    pub path: String,
    /// An existing file the user agreed to replace (in the file dialog, or with "Replace
    /// it" here). Any other existing file is asked about first.
    pub replace_ok: Option<PathBuf>,
    /// The existing file being asked about.
    pub asking: Option<PathBuf>,
}

impl Default for ExportWindow {
    fn default() -> Self {
        ExportWindow {
            open: false,
            format: Format::Markdown,
            grouping: Grouping::ByTopic,
            only_filtered: false,
            only_current: false,
            csv_bom: false,
            path: String::new(),
            replace_ok: None,
            asking: None,
        }
    }
}

impl ExportWindow {
    /// Opens the window, suggesting `folder/stem.ext`; follows the filter if one is active.
    pub fn show(&mut self, folder: &Path, stem: &str, filter_active: bool) {
        self.open = true;
        self.only_filtered = filter_active;
        self.path = crate::core::persist::free_path(folder, stem, self.format.extension())
            .to_string_lossy()
            .into_owned();
    }

    /// Changes the format, and the extension of the suggested file with it.
    fn set_format(&mut self, format: Format) {
        let old = format!(".{}", self.format.extension());
        if let Some(stem) = self.path.strip_suffix(&old) {
            self.path = format!("{stem}.{}", format.extension());
        }
        self.format = format;
    }

    /// The chosen file.
    pub fn target(&self) -> PathBuf {
        PathBuf::from(self.path.trim())
    }
}

/// The export window. `documents` is how many the study has; `counts` is (the
/// highlights chosen, those of them the filter shows).
pub fn export_window_ui(
    ctx: &egui::Context,
    state: &mut ExportWindow,
    filter_active: bool,
    documents: usize,
    counts: (usize, usize),
) -> Vec<Action> {
    let mut actions = Vec::new();
    let mut open = state.open;
    // Below where notices float over the top of the text, so none covers its title; its
    // top stays put as its question comes and goes.
    let screen = ctx.content_rect();
    egui::Window::new("Export highlights")
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(egui::pos2(
            screen.center().x,
            screen.top() + (screen.height() * 0.18).max(100.0),
        ))
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            options_ui(ui, state, filter_active, documents);
            let count = if filter_active && state.only_filtered {
                counts.1
            } else {
                counts.0
            };
            ui.label(
                RichText::new(format!(
                    "{} will be exported, each with its citation.",
                    crate::core::numbers::counted(count, "highlight")
                ))
                .weak(),
            );
            actions.extend(file_and_export_ui(ui, state));
        });
    state.open = open && state.open;
    actions
}

/// The format and what each format and the study let one choose: how lists are
/// grouped, the CSV's byte order mark, the open document only, the filter.
fn options_ui(ui: &mut Ui, state: &mut ExportWindow, filter_active: bool, documents: usize) {
    ui.label(RichText::new("Format").strong());
    for format in Format::ALL {
        if ui.radio(state.format == format, format.label()).clicked() {
            state.set_format(format);
        }
    }
    // Every format's options are always there (greyed out where they do not
    // apply), so the window keeps its size and its button its place.
    ui.add_space(4.0);
    let lists = matches!(state.format, Format::Markdown | Format::Html);
    ui.add_enabled_ui(lists, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new("List").strong());
            ui.radio_value(&mut state.grouping, Grouping::ByTopic, "by topic");
            ui.radio_value(
                &mut state.grouping,
                Grouping::TextOrder,
                if documents > 1 {
                    "by document, in text order"
                } else {
                    "in text order"
                },
            );
        });
    });
    ui.add_enabled(
        state.format == Format::Csv,
        egui::Checkbox::new(
            &mut state.csv_bom,
            "For Excel on Windows (CSV starts with a UTF-8 byte order mark)",
        ),
    );
    ui.add_space(4.0);
    if documents > 1 {
        ui.checkbox(
            &mut state.only_current,
            format!("Only the open document (the study has {documents})"),
        );
    } else {
        state.only_current = false;
    }
    ui.add_enabled(
        filter_active,
        egui::Checkbox::new(&mut state.only_filtered, "Only what the topic filter shows"),
    );
}

/// The file to write, and Export (or, when the file exists, whether to replace it).
fn file_and_export_ui(ui: &mut Ui, state: &mut ExportWindow) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        let label = ui.label("File");
        ui.add(egui::TextEdit::singleline(&mut state.path).desired_width(320.0))
            .labelled_by(label.id);
        if ui.button("Choose…").clicked() {
            actions.push(Action::Window(WindowAction::ChooseExportFile));
        }
    });
    ui.add_space(6.0);
    let target = state.target();
    if state.asking.as_ref().is_some_and(|p| *p != target) {
        state.asking = None;
    }
    if state.asking.is_some() {
        ui.label(
            RichText::new(format!(
                "{} already exists. Replace it with this export?",
                target.display()
            ))
            .color(ui.visuals().warn_fg_color),
        );
        ui.horizontal(|ui| {
            if ui.button("Replace it").clicked() {
                actions.push(Action::Window(WindowAction::ExportReplace));
            }
            if ui.button("Keep it").clicked() {
                state.asking = None;
            }
        });
    } else if ui
        .add_enabled(!state.path.trim().is_empty(), egui::Button::new("Export"))
        .clicked()
    {
        actions.push(Action::Window(WindowAction::ExportNow));
    }
    actions
}
