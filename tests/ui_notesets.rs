//! Note sets through the window: save from the Note sets tab, change, reopen; the dirty
//! mark and the Save / Discard / Cancel prompt; recovery after a crash.

mod common;

use common::highlight;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::core::document::Document;
use marginalia::core::persist;
use marginalia::core::study::source::SourceId;
use marginalia::ui::{AppOptions, MarginaliaApp};
use std::path::{Path, PathBuf};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("marginalia-ui-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn harness_in(saves: &Path, recovery: Option<&Path>) -> Harness<'static, MarginaliaApp> {
    common::harness(AppOptions {
        saves_dir: Some(saves.to_path_buf()),
        recovery_dir: recovery.map(Path::to_path_buf),
        ..AppOptions::seed()
    })
}

fn open_note_sets_tab(harness: &mut Harness<'static, MarginaliaApp>) {
    harness.get_by_label("Note sets").click();
    harness.run();
}

#[test]
fn save_from_the_panel_change_and_reopen() {
    let saves = temp_dir("save-reopen");
    let mut harness = harness_in(&saves, None);
    open_note_sets_tab(&mut harness);
    harness.get_by_label("Title").click();
    harness.run();
    harness.get_by_label("Title").type_text(" of Brezhnev");
    // Enter leaves the field, so the reader's keys work again.
    harness.key_press(Key::Enter);
    harness.run();
    highlight(&mut harness, "Geneva Conference");
    assert!(harness.state().is_dirty());
    assert!(
        harness
            .state()
            .window_title()
            .starts_with("● Untitled reading of Brezhnev — 84.")
    );
    open_note_sets_tab(&mut harness);
    harness.get_by_label("Save*").click();
    harness.run();
    let path = saves.join("untitled-reading-of-brezhnev.ron");
    assert!(path.exists(), "saved into the note-sets folder");
    assert!(!harness.state().is_dirty());
    assert!(!harness.state().window_title().starts_with('●'));

    // A second set in the folder, then back to the first: the highlight survived.
    harness.get_by_label("Save as new file").click();
    harness.run();
    highlight(&mut harness, "L. Brezhnev");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    harness.run();
    let second = saves.join("untitled-reading-of-brezhnev-2.ron");
    assert_eq!(persist::load(&second).unwrap().0.set.highlights().len(), 2);
    harness.get_by_label("Refresh").click();
    harness.run();
    harness
        .get_by_label("Open note set untitled-reading-of-brezhnev.ron")
        .click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.session().path(), Some(path.as_path()));
    assert_eq!(app.notes().highlights().len(), 1);
    assert_eq!(
        app.notes().highlights()[0].anchor.quote,
        "Geneva Conference"
    );
}

#[test]
fn unsaved_changes_ask_save_discard_or_cancel() {
    let saves = temp_dir("prompt");
    // Another set in the folder to switch to.
    let other = saves.join("other.ron");
    let file = persist::NoteSetFile {
        title: "Other reading".into(),
        recovery_of: None,
        set: marginalia::core::study::note_set::NoteSet::new(),
    };
    persist::save(&other, &file).unwrap();
    let mut harness = harness_in(&saves, None);
    highlight(&mut harness, "Geneva Conference");
    open_note_sets_tab(&mut harness);
    harness.get_by_label("Open note set other.ron").click();
    harness.run();
    harness.get_by_label("Save changes?");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.query_by_label("Save changes?").is_none());
    assert_eq!(
        harness.state().notes().highlights().len(),
        1,
        "cancel keeps the work"
    );
    assert!(harness.state().is_dirty());

    harness.get_by_label("Open note set other.ron").click();
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    let saved = saves.join("untitled-reading.ron");
    assert_eq!(
        persist::load(&saved).unwrap().0.set.highlights().len(),
        1,
        "save, then switch"
    );
    assert_eq!(harness.state().session().title(), "Other reading");

    highlight(&mut harness, "L. Brezhnev");
    harness
        .get_by_label("Open note set untitled-reading.ron")
        .click();
    harness.run();
    harness.get_by_label("Discard").click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.session().title(), "Untitled reading");
    assert_eq!(
        app.notes().highlights()[0].anchor.quote,
        "Geneva Conference"
    );
    // The discarded highlight never reached the other file.
    assert!(persist::load(&other).unwrap().0.set.highlights().is_empty());
}

#[test]
fn unsaved_work_is_autosaved_and_offered_back() {
    let saves = temp_dir("recovery-saves");
    let recovery = temp_dir("recovery-data");
    {
        let mut harness = harness_in(&saves, Some(&recovery));
        highlight(&mut harness, "Geneva Conference");
        // Autosave waits a second after the last change, on the window's clock (the
        // harness's, a quarter of a second a step).
        assert!(
            persist::recovery::files(&recovery).is_empty(),
            "not written at once"
        );
        harness.run_steps(6);
        assert!(!persist::recovery::files(&recovery).is_empty());
        // The harness goes away without saving: a crash, as far as the files know.
    }
    let mut harness = harness_in(&saves, Some(&recovery));
    harness.get_by_label("Restore unsaved work?");
    harness.get_by_label_contains("holds 1 highlight.");
    harness.get_by_label("Restore").click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.notes().highlights().len(), 1);
    assert!(app.is_dirty(), "restored work still needs saving");
    // A clean save removes the recovery copy.
    open_note_sets_tab(&mut harness);
    harness.get_by_label("Save*").click();
    harness.run_steps(4);
    assert!(!harness.state().is_dirty());
    assert!(saves.join("untitled-reading.ron").exists());
    assert!(persist::recovery::files(&recovery).is_empty());
}

#[test]
fn two_windows_keep_separate_recovery_copies_and_neither_offers_the_other_live_work() {
    let saves = temp_dir("two-windows-saves");
    let recovery = temp_dir("two-windows-data");
    let mut first = harness_in(&saves, Some(&recovery));
    highlight(&mut first, "Geneva Conference");
    first.run_steps(6);
    assert_eq!(persist::recovery::files(&recovery).len(), 1);
    // A second window while the first lives: nothing to restore, and its own edits go
    // into a copy of its own.
    {
        let mut second = harness_in(&saves, Some(&recovery));
        assert!(
            second.query_by_label("Restore unsaved work?").is_none(),
            "a live window's work was offered as if it had crashed"
        );
        highlight(&mut second, "neutron weapons");
        second.run_steps(6);
        assert_eq!(persist::recovery::files(&recovery).len(), 2);
        // The second window closes cleanly after saving: only its own copy goes.
        open_note_sets_tab(&mut second);
        second.get_by_label("Save*").click();
        second.run_steps(4);
        assert!(!second.state().is_dirty());
    }
    let left = persist::recovery::files(&recovery);
    assert_eq!(left.len(), 1, "{left:?}");
    // The first window dies without saving: the next window offers its work.
    drop(first);
    let mut third = harness_in(&saves, Some(&recovery));
    third.get_by_label("Restore unsaved work?");
    third.get_by_label("Restore").click();
    third.run();
    let quotes: Vec<String> = (third.state().notes().highlights().iter())
        .map(|h| h.anchor.quote.clone())
        .collect();
    assert_eq!(quotes, vec!["Geneva Conference".to_string()]);
    // The restored work is in the third window's own copy now, not the dead one's.
    let now = persist::recovery::files(&recovery);
    assert_eq!(now.len(), 1);
    assert_ne!(
        now, left,
        "the dead window's copy was kept beside its restored copy"
    );
}

// The panic is asked for by an action only debug builds have.
#[cfg(debug_assertions)]
#[test]
fn a_panic_in_a_frame_first_writes_the_recovery_copy_and_the_window_goes_on() {
    let saves = temp_dir("panic-saves");
    let recovery = temp_dir("panic-data");
    {
        let mut harness = harness_in(&saves, Some(&recovery));
        highlight(&mut harness, "Geneva Conference");
        // No waiting for autosave: the panic comes right after the edit.
        assert!(persist::recovery::files(&recovery).is_empty());
        let ctx = harness.ctx.clone();
        harness.state_mut().apply(
            &ctx,
            marginalia::ui::action::Action::Window(
                marginalia::ui::action::WindowAction::DebugPanic,
            ),
        );
        harness.run_steps(3);
        assert!(!persist::recovery::files(&recovery).is_empty());
        harness.get_by_label_contains("ran into an internal error");
        harness.get_by_label_contains("will be offered back at the next start");
        // The window still works: another highlight can be made.
        highlight(&mut harness, "neutron weapons");
        assert_eq!(harness.state().notes().highlights().len(), 2);
    }
    let mut harness = harness_in(&saves, Some(&recovery));
    harness.get_by_label("Restore unsaved work?");
    harness.get_by_label("Restore").click();
    harness.run();
    let quotes: Vec<String> = harness
        .state()
        .notes()
        .highlights()
        .iter()
        .map(|h| h.anchor.quote.clone())
        .collect();
    assert!(
        quotes.contains(&"Geneva Conference".to_string()),
        "{quotes:?}"
    );
}

/// Another program changes, then deletes, the set's file while it is open: saving asks
/// instead of overwriting, and "Merge its changes in" keeps both sides' work.
#[test]
fn a_file_changed_or_deleted_on_disk_is_asked_about_before_saving() {
    use marginalia::core::study::anchor::Anchor;
    use marginalia::core::study::edit::Edit;
    use marginalia::core::study::highlight::Highlight;
    use marginalia::core::time::Timestamp;

    let saves = temp_dir("on-disk");
    let mut harness = harness_in(&saves, None);
    highlight(&mut harness, "Geneva Conference");
    open_note_sets_tab(&mut harness);
    harness.get_by_label("Save*").click();
    harness.run_steps(3);
    let file = saves.join("untitled-reading.ron");
    assert!(file.exists() && !harness.state().is_dirty());

    // Another program adds a highlight and writes the file.
    let (mut other, _) = persist::load(&file).unwrap();
    let doc = Document::seed();
    let range = doc.find("neutron weapons").unwrap();
    let added = Highlight::new(
        SourceId::FIRST,
        Anchor::new(&doc, range),
        vec![],
        Timestamp(0),
    );
    Edit::InsertHighlight(Box::new(added))
        .apply(&mut other.set)
        .unwrap();
    persist::save(&file, &other).unwrap();

    // Here, another highlight, then Save: the question, and the file as the other left it.
    highlight(&mut harness, "Middle East settlement");
    harness.get_by_label("Save*").click();
    harness.run_steps(3);
    harness.get_by_label("Changed by another program");
    assert_eq!(persist::load(&file).unwrap().0.set.highlights().len(), 2);
    harness.get_by_label("Merge its changes in").click();
    harness.run_steps(3);
    assert_eq!(harness.state().notes().highlights().len(), 3);
    harness.get_by_label("Save*").click();
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label("Changed by another program")
            .is_none()
    );
    assert_eq!(persist::load(&file).unwrap().0.set.highlights().len(), 3);

    // Deleted behind our back: asked again, and "Save it there again" writes it back.
    std::fs::remove_file(&file).unwrap();
    highlight(&mut harness, "mutual refusal");
    harness.get_by_label("Save*").click();
    harness.run_steps(3);
    harness.get_by_label("The note set's file is gone");
    assert!(!file.exists());
    harness.get_by_label("Save it there again").click();
    harness.run_steps(3);
    assert_eq!(persist::load(&file).unwrap().0.set.highlights().len(), 4);
    assert!(!harness.state().is_dirty());
}

#[test]
fn renaming_a_set_needs_saving_but_leaves_the_laid_out_text_alone() {
    let saves = temp_dir("rename");
    let mut harness = harness_in(&saves, None);
    highlight(&mut harness, "Geneva Conference");
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(
        &ctx,
        marginalia::ui::action::Action::Session(marginalia::ui::action::SessionAction::SaveAsNew),
    );
    harness.run();
    assert!(!harness.state().is_dirty());
    let revision = harness.state().study().revision();
    harness.state_mut().apply(
        &ctx,
        marginalia::ui::action::Action::Session(
            marginalia::ui::action::SessionAction::SetNoteSetTitle("Linkage, 1978".into()),
        ),
    );
    harness.run();
    let app = harness.state();
    assert!(app.is_dirty(), "a new title is a change to save");
    assert_eq!(
        app.study().revision(),
        revision,
        "no highlight changed, so nothing laid out from them is stale"
    );
    // Undo has nothing to do with the title: the highlight is what it takes back.
    assert_eq!(app.study().history().undo_label(), Some("Create highlight"));
}

#[test]
fn ctrl_s_on_a_set_never_saved_asks_its_name_in_the_window() {
    let saves = temp_dir("naming");
    let mut harness = harness_in(&saves, None);
    highlight(&mut harness, "Geneva Conference");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    harness.run();
    // Asked, not saved under a made-up name.
    harness.get_by_label("Save note set");
    assert!(persist::list_folder(&saves).is_empty(), "nothing saved yet");
    harness.get_by_label_contains("Saved as ");
    // Escape leaves it unsaved, and asks nothing more.
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Save note set").is_none());
    assert!(harness.state().is_dirty());
    assert!(persist::list_folder(&saves).is_empty());

    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    harness.run();
    let field = harness.get_by_label("Name");
    assert!(
        field.is_focused(),
        "the name field takes the typing at once"
    );
    field.type_text(" of Brezhnev, 1978");
    harness.run();
    harness.get_by_label_contains("reading-of-brezhnev-1978.ron");
    harness.key_press(Key::Enter);
    harness.run();
    let path = saves.join("untitled-reading-of-brezhnev-1978.ron");
    let (file, _) = persist::load(&path).expect("saved under the name given");
    assert_eq!(file.title, "Untitled reading of Brezhnev, 1978");
    assert_eq!(file.set.highlights().len(), 1);
    assert!(!harness.state().is_dirty());
    assert_eq!(harness.state().session().path(), Some(path.as_path()));
    // Once it has a file, Ctrl+S saves there without asking.
    highlight(&mut harness, "L. Brezhnev");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(harness.query_by_label("Save note set").is_none());
    assert_eq!(persist::load(&path).unwrap().0.set.highlights().len(), 2);
}

#[test]
fn the_set_worked_on_last_is_reopened_at_start_with_its_document() {
    let saves = temp_dir("reopen-last");
    let path = {
        let mut harness = harness_in(&saves, None);
        highlight(&mut harness, "Geneva Conference");
        harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
        harness.run();
        harness.key_press(Key::Enter);
        harness.run();
        let path = harness
            .state()
            .session()
            .path()
            .map(std::path::Path::to_path_buf)
            .expect("saved");
        // The preferences remember it as the newest recent set.
        assert_eq!(
            harness.state().prefs().recent.first().map(PathBuf::from),
            Some(path.clone())
        );
        path
    };
    let start = |reopen_last: bool, recent: &Path| {
        common::harness(AppOptions {
            saves_dir: Some(saves.clone()),
            reopen_last,
            preferences: Some(marginalia::ui::system::prefs::Preferences {
                recent: vec![recent.to_string_lossy().into_owned()],
                ..Default::default()
            }),
            ..AppOptions::seed()
        })
    };
    let mut harness = start(true, &path);
    harness.run();
    let app = harness.state();
    assert_eq!(app.session().path(), Some(path.as_path()));
    assert_eq!(app.notes().highlights().len(), 1);
    assert!(!app.is_dirty());
    // A document or a set named on the command line comes first (reopen_last is off),
    // and a set that is gone is simply not reopened, without a word.
    let harness = start(false, &path);
    assert!(harness.state().session().path().is_none());
    let harness = start(true, &saves.join("moved-away.ron"));
    assert!(harness.state().session().path().is_none());
    assert!(harness.state().view().notices().is_empty());
}
