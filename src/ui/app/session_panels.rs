//! The note set's file as the window shows it: the Note sets tab, the questions asked
//! before a change is lost, and the review of a merge's conflicts.

use super::session::*;
use crate::core::document::Document;
use crate::core::persist::{NoteSetSummary, OnDisk};
use crate::core::study::edit::Edit;
use crate::core::study::merge::Conflict;
use crate::core::study::note_set::NoteSet;
use crate::ui::action::{Action, SessionAction, StudyAction, ViewAction};
use crate::ui::action::{DiskChoice, MissingDocumentChoice, PromptChoice};
use egui::{RichText, Ui};
use std::path::PathBuf;

/// The Note sets section of the left panel: this set's title and save buttons, and the
/// sets in the folder, each to open or merge.
pub fn note_sets_ui(ui: &mut Ui, session: &Session) -> Vec<Action> {
    let mut actions = Vec::new();
    actions.extend(this_set_ui(ui, session));
    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Saved in this folder").strong());
        if ui.small_button("Refresh").clicked() {
            actions.push(Action::Session(SessionAction::RefreshNoteSets));
        }
    });
    actions.extend(saves_folder_ui(ui, session));
    if session.listing().is_empty() {
        ui.label(RichText::new("No note sets saved here yet.").weak());
    }
    for entry in session.listing() {
        let current = session.path() == Some(entry.path.as_path());
        actions.extend(note_set_row_ui(ui, entry, current));
    }
    actions
}

/// This set: its title, its file, and the save buttons. A set never saved goes straight
/// into the folder, named after its title: the panel works where no file dialog does.
fn this_set_ui(ui: &mut Ui, session: &Session) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.label(RichText::new("Note set").strong());
    let label = ui.label(RichText::new("Title").weak());
    let mut title = session.title().to_string();
    if ui
        .add(egui::TextEdit::singleline(&mut title).desired_width(f32::INFINITY))
        .labelled_by(label.id)
        .changed()
    {
        actions.push(Action::Session(SessionAction::SetNoteSetTitle(title)));
    }
    let file = match session.path() {
        Some(path) => path.display().to_string(),
        None => "not saved yet".into(),
    };
    ui.label(RichText::new(file).small().weak());
    ui.horizontal_wrapped(|ui| {
        let save = if session.is_dirty() { "Save*" } else { "Save" };
        if ui.button(save).on_hover_text("Ctrl+S").clicked() {
            actions.push(match session.path() {
                Some(_) => Action::Run(crate::ui::action::Command::Save),
                None => Action::Session(SessionAction::SaveAsNew),
            });
        }
        if ui.button("Save as new file").clicked() {
            actions.push(Action::Session(SessionAction::SaveAsNew));
        }
    });
    actions
}

/// The folder the sets are listed and saved in, with a field to choose another.
fn saves_folder_ui(ui: &mut Ui, session: &Session) -> Vec<Action> {
    let mut actions = Vec::new();
    let folder_id = ui.make_persistent_id("saves-folder-edit");
    let shown = session.saves_dir().display().to_string();
    let mut folder = ui
        .data_mut(|d| d.get_temp::<String>(folder_id))
        .unwrap_or_else(|| shown.clone());
    // The label above; the field takes what Use leaves of the row, however narrow the
    // panel.
    let label = ui.label(RichText::new("Folder").weak());
    ui.horizontal(|ui| {
        let button = egui::WidgetText::from("Use")
            .into_galley(ui, None, f32::INFINITY, egui::TextStyle::Button)
            .size()
            .x
            + 2.0 * ui.spacing().button_padding.x;
        let visible = (ui.available_width()).min(ui.clip_rect().right() - ui.cursor().left());
        let room = visible - button - ui.spacing().item_spacing.x;
        ui.add(egui::TextEdit::singleline(&mut folder).desired_width(room.max(24.0)))
            .labelled_by(label.id);
        let changed = folder.trim() != shown && !folder.trim().is_empty();
        if ui
            .add_enabled(changed, egui::Button::new("Use"))
            .on_hover_text("List and save note sets in this folder")
            .clicked()
        {
            actions.push(Action::Session(SessionAction::SetSavesFolder(
                PathBuf::from(folder.trim()),
            )));
        }
    });
    ui.data_mut(|d| d.insert_temp(folder_id, folder));
    actions
}

/// A saved set's row (marked when it is the `current` one): a click opens it, its menu
/// merges it into the current set.
fn note_set_row_ui(ui: &mut Ui, entry: &NoteSetSummary, current: bool) -> Vec<Action> {
    let mut actions = Vec::new();
    let name = entry
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Laid out here: a long file name has no space to wrap at and would stretch the
    // button past the panel.
    let mut job = egui::text::LayoutJob::single_section(
        entry_text(entry),
        egui::TextFormat::simple(
            egui::TextStyle::Button.resolve(ui.style()),
            egui::Color32::PLACEHOLDER,
        ),
    );
    // What shows of the panel, not what the list once took: a row laid out wider in
    // a wider panel would otherwise keep the list that wide.
    let room = ui
        .available_width()
        .min(ui.clip_rect().right() - ui.cursor().left());
    job.wrap.max_width = (room - 2.0 * ui.spacing().button_padding.x).max(40.0);
    // At spaces and dashes where it can; anywhere only when a word is wider than the
    // row (breaking anywhere at once would cut "President" where a space was near).
    let mut galley = ui.painter().layout_job(job.clone());
    if galley.size().x > job.wrap.max_width + 0.5 {
        job.wrap.break_anywhere = true;
        galley = ui.painter().layout_job(job);
    }
    let response = ui
        .add(egui::Button::selectable(current, galley))
        .on_hover_text(&name);
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Open note set {name}"))
    });
    if response.clicked() && !current {
        actions.push(Action::Session(SessionAction::OpenNoteSet(
            entry.path.clone(),
        )));
    }
    if !current {
        response.context_menu(|ui| {
            if ui.button("Merge into the current note set").clicked() {
                actions.push(Action::Session(SessionAction::MergeNoteSet(
                    entry.path.clone(),
                )));
                ui.close();
            }
        });
    }
    actions
}

/// What a row of the note-set list says: title, highlight count, document, and the file
/// name (two sets may have the same title).
pub fn entry_text(entry: &NoteSetSummary) -> String {
    let name = entry
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(
        "{} — {}\n{}\n{name}",
        entry.title,
        crate::core::numbers::counted(entry.highlights, "highlight"),
        entry.document
    )
}

/// "Save changes?" and the recovery offer, as modal windows.
pub fn prompts_ui(ctx: &egui::Context, session: &Session, document: &Document) -> Vec<Action> {
    if let Some((path, state)) = session.disk_conflict() {
        disk_conflict_ui(ctx, path, state)
    } else if session.is_naming() {
        naming_ui(ctx, session)
    } else if let Some(pending) = session.pending() {
        save_changes_ui(ctx, session.title(), pending)
    } else if let Some(offer) = session.hint_offer() {
        hint_offer_ui(ctx, offer, document)
    } else if let Some(orphan) = session.recovery_offer()
        && let Ok(found) = &orphan.found
    {
        recovery_ui(ctx, orphan, found, session.queued_recoveries())
    } else {
        Vec::new()
    }
}

/// The note set's file was changed or removed by another program: replace it, merge
/// its changes in, or save elsewhere.
fn disk_conflict_ui(ctx: &egui::Context, path: &std::path::Path, state: &OnDisk) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Modal::new(egui::Id::unique("changed-on-disk")).show(ctx, |ui| {
        let name = path.display();
        if *state == OnDisk::Missing {
            ui.heading("The note set's file is gone");
            ui.label(format!(
                "{name} was deleted or moved by another program since it was opened here. Your notes are still open."
            ));
        } else {
            ui.heading("Changed by another program");
            ui.label(format!(
                "{name} was changed by another program since it was opened here. Saving would replace those changes."
            ));
        }
        ui.horizontal(|ui| {
            let overwrite = if *state == OnDisk::Missing {
                "Save it there again"
            } else {
                "Replace it"
            };
            if ui.button(overwrite).clicked() {
                actions.push(Action::Session(SessionAction::DiskConflict(DiskChoice::Overwrite)));
            }
            if *state == OnDisk::Changed
                && ui
                    .button("Merge its changes in")
                    .on_hover_text("Bring the other version's highlights and notes into this set, then save")
                    .clicked()
            {
                actions.push(Action::Session(SessionAction::DiskConflict(DiskChoice::MergeFirst)));
            }
            if ui.button("Save as a new file").clicked() {
                actions.push(Action::Session(SessionAction::DiskConflict(DiskChoice::Cancel)));
                actions.push(Action::Session(SessionAction::SaveAsNew));
            }
            if ui.button("Cancel").clicked() {
                actions.push(Action::Session(SessionAction::DiskConflict(DiskChoice::Cancel)));
            }
        });
    });
    actions
}

/// "Save changes?" before what is `pending`.
fn save_changes_ui(ctx: &egui::Context, title: &str, pending: &Pending) -> Vec<Action> {
    let mut actions = Vec::new();
    let what = match pending {
        Pending::Close => "before closing",
        Pending::NewSet => "before starting a new note set",
        Pending::OpenSet(_) => "before opening another note set",
    };
    egui::Modal::new(egui::Id::unique("save-changes")).show(ctx, |ui| {
        ui.heading("Save changes?");
        ui.label(format!(
            "“{}” has unsaved changes. Save them {what}?",
            title
        ));
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                actions.push(Action::Session(SessionAction::Prompt(PromptChoice::Save)));
            }
            if ui.button("Discard").clicked() {
                actions.push(Action::Session(SessionAction::Prompt(
                    PromptChoice::Discard,
                )));
            }
            if ui.button("Cancel").clicked() {
                actions.push(Action::Session(SessionAction::Prompt(PromptChoice::Cancel)));
            }
        });
    });
    actions
}

/// A note set whose document was not found: open it on the file it points to, on the
/// open document, or not at all.
fn hint_offer_ui(ctx: &egui::Context, offer: &HintOffer, document: &Document) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Modal::new(egui::Id::unique("hinted-document")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("Document not found");
        ui.label(format!(
            "The note set {} was made on “{}”, and no file with that text was found.",
            offer.set.display(),
            offer.missing.title,
        ));
        if let (Some(hint), true) = (&offer.missing.hint, offer.missing.hint_differs) {
            ui.label(format!(
                "It points to {}, but that file's text is not the text its highlights were made on.",
                hint.display()
            ));
        }
        ui.label("Open it on another document only if that is the one you expect (another edition, say): its highlights are re-anchored, and those not found are kept as orphans.");
        ui.horizontal_wrapped(|ui| {
            if let (Some(hint), true) = (&offer.missing.hint, offer.missing.hint_differs)
                && ui.button(format!("Use {}", hint.display())).clicked()
            {
                actions.push(Action::Session(SessionAction::OpenSetWithHintedDocument(Some(
                    MissingDocumentChoice::HintedFile,
                ))));
            }
            if ui
                .button(format!("Use the open document (“{}”)", crate::ui::panels::reader::short(&document.info().title, 40)))
                .clicked()
            {
                actions.push(Action::Session(SessionAction::OpenSetWithHintedDocument(Some(
                    MissingDocumentChoice::OpenDocument,
                ))));
            }
            if ui.button("Cancel").clicked() {
                actions.push(Action::Session(SessionAction::OpenSetWithHintedDocument(None)));
            }
        });
    });
    actions
}

/// Unsaved work found after a crash: restore or discard it; `queued` more wait.
fn recovery_ui(
    ctx: &egui::Context,
    orphan: &crate::core::persist::recovery::Orphan,
    found: &crate::core::persist::recovery::Recovery,
    queued: usize,
) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Modal::new(egui::Id::unique("recovery")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("Restore unsaved work?");
        let when = found.written.map_or_else(
            || "an unknown time".to_string(),
            |t| {
                t.to_string()
                    .replace('T', " ")
                    .chars()
                    .take(16)
                    .collect::<String>()
                    + " UTC"
            },
        );
        let count = found.file.set.highlights().len() + found.file.set.orphans().len();
        ui.label(format!(
            "Marginalia closed without saving “{}”. A copy written at {when} holds {}.",
            found.file.title,
            crate::core::numbers::counted(count, "highlight")
        ));
        ui.label(
            egui::RichText::new(format!("Kept in {}", orphan.path.display()))
                .small()
                .weak(),
        );
        if queued > 0 {
            ui.label(format!(
                "Unsaved work of {} is kept too; it is offered once this work is saved.",
                crate::core::numbers::counted(queued, "other window")
            ));
        }
        ui.horizontal(|ui| {
            if ui.button("Restore").clicked() {
                actions.push(Action::Session(SessionAction::RestoreRecovery));
            }
            if ui.button("Discard").clicked() {
                actions.push(Action::Session(SessionAction::DiscardRecovery));
            }
        });
    });
    actions
}

/// Orphaned highlights and merge conflicts, at the foot of the Highlights tab.
pub fn review_ui(
    ui: &mut Ui,
    document: &Document,
    set: &NoteSet,
    source: crate::core::study::source::SourceId,
    conflicts: &[Conflict],
    selection: Option<crate::core::text::CharRange>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let orphans: Vec<&crate::core::study::highlight::Highlight> = set.orphans_in(source).collect();
    if !orphans.is_empty() {
        let uncertain = orphans
            .iter()
            .filter(|h| set.proposal(h.id).is_some())
            .count();
        ui.separator();
        ui.label(
            RichText::new(format!(
                "Not placed in this text ({}: {uncertain} uncertain, {} not found)",
                orphans.len(),
                orphans.len() - uncertain
            ))
            .strong(),
        );
        ui.label(RichText::new("These highlights were made on another version of the document. Uncertain ones have a similar passage here, but among other words: show it, and confirm it only if it is the same passage. For the others, select the passage they belong to, then attach.").small().weak());
        for h in orphans.iter().copied() {
            actions.extend(orphan_ui(ui, document, set, h, selection));
        }
    }
    if !conflicts.is_empty() {
        ui.separator();
        ui.label(RichText::new(format!("Merge conflicts ({})", conflicts.len())).strong());
        for (i, conflict) in conflicts.iter().enumerate() {
            actions.extend(conflict_ui(ui, i, conflict));
        }
    }
    actions
}

/// A highlight not placed in this text: what became of it, its quote and note, and the
/// ways to place it (show and confirm a proposal, or attach it to the `selection`).
fn orphan_ui(
    ui: &mut Ui,
    document: &Document,
    set: &NoteSet,
    h: &crate::core::study::highlight::Highlight,
    selection: Option<crate::core::text::CharRange>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let proposal = set.proposal(h.id);
        let status = match proposal {
            Some(p) => {
                let pages = crate::core::study::citation::pages_label(document, p.range());
                if pages.is_empty() {
                    "Uncertain — please confirm".to_string()
                } else {
                    format!("Uncertain — a similar passage is on {pages}; please confirm")
                }
            }
            None => "Not found in this text".to_string(),
        };
        ui.label(RichText::new(status).small().strong());
        ui.label(
            RichText::new(format!(
                "“{}”",
                crate::ui::panels::reader::short(&h.anchor.quote, 160)
            ))
            .italics(),
        );
        if !h.note.is_empty() {
            ui.label(RichText::new(crate::ui::panels::reader::short(&h.note, 160)).small());
        }
        ui.horizontal_wrapped(|ui| {
            if proposal.is_some() {
                if ui
                    .button("Show")
                    .on_hover_text("Select the proposed passage in the text")
                    .clicked()
                {
                    actions.push(Action::View(ViewAction::ShowProposal(h.id)));
                }
                if ui
                    .button("Confirm")
                    .on_hover_text("Place the highlight on the proposed passage")
                    .clicked()
                {
                    actions.push(Action::Study(StudyAction::ConfirmProposal(h.id)));
                }
            }
            if ui
                .add_enabled(
                    selection.is_some(),
                    egui::Button::new("Attach to the selection"),
                )
                .clicked()
                && let Some(range) = selection
            {
                actions.push(Action::Study(StudyAction::PlaceOrphan {
                    highlight: h.id,
                    range,
                }));
            }
        });
    });
    actions
}

/// Merge conflict `i`: the quote, the kept note and the other; use the other or keep.
fn conflict_ui(ui: &mut Ui, i: usize, conflict: &Conflict) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(format!(
                "“{}”",
                crate::ui::panels::reader::short(&conflict.kept.anchor.quote, 80)
            ))
            .italics(),
        );
        ui.label(
            RichText::new(format!(
                "Kept (newer): {}",
                crate::ui::panels::reader::short(&conflict.kept.note, 120)
            ))
            .small(),
        );
        ui.label(
            RichText::new(format!(
                "Other: {}",
                crate::ui::panels::reader::short(&conflict.other.note, 120)
            ))
            .small(),
        );
        ui.horizontal(|ui| {
            if ui.button("Use the other").clicked() {
                actions.push(Action::Study(StudyAction::UseOtherVersion(i)));
            }
            if ui.button("Keep").clicked() {
                actions.push(Action::Session(SessionAction::DismissConflict(i)));
            }
        });
    });
    actions
}

/// The edit that puts the other version of a conflict in place of the kept one.
pub fn use_other(conflict: &Conflict) -> Edit {
    Edit::Batch {
        label: "Use other version".into(),
        edits: vec![
            Edit::RemoveHighlight(conflict.kept.id),
            Edit::InsertHighlight(Box::new(conflict.other.clone())),
        ],
    }
}

/// The name being typed in the naming question, kept between frames.
fn naming_title() -> egui::Id {
    egui::Id::unique("naming-title")
}

/// Forgets the name typed in the naming question: the next one starts from the title.
pub fn forget_naming(ctx: &egui::Context) {
    ctx.data_mut(|d| d.remove::<String>(naming_title()));
}

/// "Save note set": what to call a set saved for the first time, and the file that name
/// gives in the note-sets folder. Enter saves, Escape cancels; "Choose a file…" opens the
/// system's dialog for another folder or name.
fn naming_ui(ctx: &egui::Context, session: &Session) -> Vec<Action> {
    let mut actions = Vec::new();
    let id = naming_title();
    let mut title = ctx
        .data_mut(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| session.title().to_string());
    let mut done = false;
    let modal = egui::Modal::new(egui::Id::unique("naming")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading("Save note set");
        let label = ui.label("Name");
        let field = ui
            .add(egui::TextEdit::singleline(&mut title).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if !field.has_focus() && ui.memory(|m| m.focused().is_none()) {
            field.request_focus();
        }
        let file = crate::core::persist::free_path(
            session.saves_dir(),
            &super::session::slug_of(&title),
            "ron",
        );
        ui.label(
            RichText::new(format!("Saved as {}", file.display()))
                .small()
                .weak(),
        );
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() || enter {
                actions.push(Action::Session(SessionAction::SaveNamed(title.clone())));
                done = true;
            }
            if ui.button("Choose a file…").clicked() {
                actions.push(Action::Session(SessionAction::CancelNaming));
                actions.push(Action::Run(crate::ui::action::Command::SaveAs));
                done = true;
            }
            if ui.button("Cancel").clicked() {
                actions.push(Action::Session(SessionAction::CancelNaming));
                done = true;
            }
        });
    });
    // Escape (or a click beside it) cancels too.
    if modal.should_close() && !done {
        actions.push(Action::Session(SessionAction::CancelNaming));
        done = true;
    }
    if done {
        forget_naming(ctx);
    } else {
        ctx.data_mut(|d| d.insert_temp(id, title));
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_rows_of_two_sets_with_one_title_differ_by_file_name() {
        let row = |file: &str| {
            entry_text(&NoteSetSummary {
                path: PathBuf::from("saves").join(file),
                title: "Reading".into(),
                document: "84. Letter".into(),
                highlights: 1200,
            })
        };
        assert_ne!(row("a.ron"), row("b.ron"));
        assert!(row("a.ron").ends_with("\na.ron"));
        assert!(row("a.ron").contains("1,200 highlights"));
    }
}
