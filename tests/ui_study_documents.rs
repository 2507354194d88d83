//! A study of many documents in the window: passages in two documents of a TEI volume
//! with one topic, the Passages tab across them, a click that opens the other document,
//! Find in study, save and reopen; and a one-document set of format 2 saved as format 3.

mod common;

use common::{create_topic, select};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use marginalia::core::persist;
use marginalia::core::progress::Progress;
use marginalia::core::source::{Source, open_source};
use marginalia::ui::action::{Action, SessionAction};
use marginalia::ui::{AppOptions, MarginaliaApp};
use std::path::{Path, PathBuf};

const VOLUME: &str = "tests/fixtures/tei/frus1977-80v01-excerpt.xml";

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("marginalia-study-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The window's options for document `id` of the volume fixture.
fn volume_options(id: &str) -> AppOptions {
    let source = open_source(Path::new(VOLUME), Some(id), &Progress::default()).unwrap();
    let Source::Volume { volume, index } = source else {
        panic!("a volume")
    };
    AppOptions {
        document: volume.documents()[index].clone(),
        volume: Some(volume),
        ..AppOptions::seed()
    }
}

/// The window on document `id` of the volume fixture, note sets in `saves`.
fn on_volume(id: &str, saves: &Path) -> Harness<'static, MarginaliaApp> {
    let mut harness = common::harness(AppOptions {
        saves_dir: Some(saves.to_path_buf()),
        ..volume_options(id)
    });
    harness.run_steps(2);
    harness
}

/// Selects `needle` in the open document and gives it topic 1 (key 1).
fn tag(harness: &mut Harness<'static, MarginaliaApp>, needle: &str) {
    select(harness, needle);
    harness.key_press(Key::Num1);
    harness.run();
}

/// From document 2: a topic "Linkage", a passage of document 2 with it, then document
/// 111 opened from the Documents tab and a passage of it with the topic too.
fn tag_two_documents(harness: &mut Harness<'static, MarginaliaApp>) {
    create_topic(harness, "Linkage");
    tag(harness, "The world in 1975 is a very different world");
    harness.get_by_label("Documents").click();
    harness.run();
    harness
        .get_by_label_contains("111 · Remarks by President Carter")
        .click();
    harness.run_steps(3);
    assert_eq!(harness.state().document().info().number, Some(111));
    tag(harness, "peace remains a fragile thing");
}

#[test]
fn passages_across_documents_find_in_study_and_save_and_reopen() {
    let saves = temp_dir("passages");
    let mut harness = on_volume("d2", &saves);
    tag_two_documents(&mut harness);
    let set = harness.state().notes();
    assert_eq!(
        set.sources().len(),
        2,
        "each document joined the study when highlighted"
    );
    assert_eq!(set.highlights().len(), 2);
    // The navigator counts each document's highlights.
    harness.get_by_label_contains("4 of 4 documents");
    harness.get_by_label("With highlights").click();
    harness.run();
    harness.get_by_label_contains("2 of 4 documents");

    // Filter by the topic; the Passages tab lists both, by document, with their pages.
    common::show_only_topic(&mut harness, "Linkage");
    harness.run();
    harness.get_by_label("Passages").click();
    harness.run();
    harness.get_by_label_contains("2 passages with the filter's topics, in 2 documents");
    harness.get_by_label_contains("2 · Address by Jimmy Carter · 1975-05-28 (1)");
    harness.get_by_label_contains("111 · Remarks by President Carter · 1979-02-20 (1)");
    let quotes: Vec<String> = harness
        .query_all_by_label_contains("Passage “")
        .map(|n| n.accesskit_node().label().unwrap_or_default())
        .collect();
    assert_eq!(quotes.len(), 2, "{quotes:?}");
    // A click on the first document's passage opens that document at it.
    harness
        .get_by_label_contains("Passage “The world in 1975")
        .click();
    harness.run_steps(3);
    let app = harness.state();
    assert_eq!(app.document().info().number, Some(2));
    let selected = app
        .view()
        .selected_highlight()
        .expect("the passage is selected");
    assert_eq!(
        app.notes()
            .highlight(selected)
            .map(|h| h.anchor.quote.as_str()),
        Some("The world in 1975 is a very different world")
    );
    // Back returns to document 111.
    harness.key_press_modifiers(egui::Modifiers::ALT, Key::ArrowLeft);
    harness.run_steps(2);
    assert_eq!(harness.state().document().info().number, Some(111));

    // Find in study: every document of the volume is searched, hits grouped by document.
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::F);
    harness.run();
    harness
        .get_by_label("Phrase to find in the study")
        .type_text("world");
    harness.run_steps(2);
    let hits: Vec<String> = harness
        .query_all_by_label_contains("Hit in ")
        .map(|n| n.accesskit_node().label().unwrap_or_default())
        .collect();
    assert!(
        hits.iter().any(|h| h.contains("Address by Jimmy Carter"))
            && hits
                .iter()
                .any(|h| h.contains("Remarks by President Carter")),
        "{hits:?}"
    );
    assert!(
        hits.iter().all(|h| h.contains("p. ")),
        "each hit names its page: {hits:?}"
    );
    harness
        .query_all_by_label_contains("Hit in 2 · Address by Jimmy Carter")
        .next()
        .unwrap()
        .click();
    harness.run_steps(2);
    let app = harness.state();
    assert_eq!(app.document().info().number, Some(2));
    let selection = app.panels().reader.selection.expect("the hit is selected");
    assert_eq!(
        app.document().slice(selection.range()).to_lowercase(),
        "world"
    );

    // Save (into the note-sets folder, no dialog), start afresh, reopen: both documents,
    // both passages. (The search window is closed first: it lies over the tabs.)
    harness.state_mut().panels_mut().study_search.open = false;
    harness.run();
    harness.get_by_label("Note sets").click();
    harness.run();
    harness.get_by_label("Save as new file").click();
    harness.run_steps(2);
    let path = harness
        .state()
        .session()
        .path()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_else(|| {
            panic!(
                "saved into the note-sets folder: {:?}",
                harness.state().view().notices()
            )
        });
    let (file, _) = persist::load(&path).unwrap();
    assert_eq!(file.set.sources().len(), 2);
    assert!(
        file.set.sources().iter().all(|r| r
            .path_hint
            .as_deref()
            .is_some_and(|h| h.ends_with("frus1977-80v01-excerpt.xml"))
            && r.document_id.is_some()),
        "{:?}",
        file.set.sources()
    );
    let mut fresh = common::harness(AppOptions {
        saves_dir: Some(saves.clone()),
        ..AppOptions::seed()
    });
    fresh.state_mut().apply(
        &egui::Context::default(),
        Action::Session(SessionAction::OpenNoteSet(path.clone())),
    );
    fresh.run_steps(3);
    let app = fresh.state();
    assert_eq!(app.notes().sources().len(), 2);
    assert_eq!(app.notes().highlights().len(), 2);
    assert!(app.notes().orphans().is_empty());
    assert_eq!(
        app.document().info().source.split('#').next_back(),
        Some("d2"),
        "the study opens on its first document"
    );
    fresh.get_by_label("Passages").click();
    fresh.run();
    fresh.get_by_label_contains("2 passages in the study, in 2 documents");
}

#[test]
fn a_format_2_set_opens_and_is_saved_as_format_3_after_a_backup() {
    let saves = temp_dir("v2");
    let path = saves.join("reading.ron");
    std::fs::copy("tests/fixtures/noteset-v2.ron", &path).unwrap();
    let before = std::fs::read_to_string(&path).unwrap();
    let mut harness = common::harness(AppOptions {
        saves_dir: Some(saves.clone()),
        ..AppOptions::seed()
    });
    harness.state_mut().apply(
        &egui::Context::default(),
        Action::Session(SessionAction::OpenNoteSet(path.clone())),
    );
    harness.run_steps(2);
    assert_eq!(harness.state().notes().highlights().len(), 6);
    assert_eq!(
        harness
            .state()
            .notes()
            .source_note(harness.state().current_source()),
        "Delivered by Dobrynin to Vance, 28 February 1978."
    );
    // Opening writes nothing.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    common::highlight(&mut harness, "L. Brezhnev");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    harness.run();
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains("format_version: 3,"), "{}", &after[..200]);
    assert_eq!(
        std::fs::read_to_string(persist::atomic::backup_path(&path)).unwrap(),
        before,
        "the format-2 file is kept as the backup"
    );
    let (file, _) = persist::load(&path).unwrap();
    assert_eq!(file.set.sources().len(), 1);
    assert_eq!(file.set.highlights().len(), 7);
    assert_eq!(
        file.set.sources()[0].note,
        "Delivered by Dobrynin to Vance, 28 February 1978."
    );
}

#[test]
fn a_document_leaves_the_study_after_asking_and_undo_brings_it_back() {
    let saves = temp_dir("remove");
    let mut harness = on_volume("d2", &saves);
    tag_two_documents(&mut harness);
    assert_eq!(harness.state().notes().sources().len(), 2);
    // The status bar says the open document is one of the study's.
    harness.get_by_label("one of 2 documents of the study");
    // Right-click document 2 in the navigator: take it out of the study.
    harness
        .get_by_label_contains("2 · Address by Jimmy Carter")
        .click_button(egui::PointerButton::Secondary);
    harness.run();
    harness.get_by_label("Remove from study…").click();
    harness.run();
    harness.get_by_label_contains("Its 1 highlight and its note will leave the study with it");
    harness.get_by_label("Remove").click();
    harness.run_steps(2);
    let set = harness.state().notes();
    assert_eq!(set.sources().len(), 1);
    assert_eq!(set.highlights().len(), 1);
    assert_eq!(
        set.highlights()[0].anchor.quote,
        "peace remains a fragile thing"
    );
    // One undo brings the document and its highlight back.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    let set = harness.state().notes();
    assert_eq!(set.sources().len(), 2);
    assert_eq!(set.highlights().len(), 2);
}

#[test]
fn unsaved_work_on_several_documents_is_offered_back_with_each_in_place() {
    let saves = temp_dir("recover-saves");
    let recovery = temp_dir("recover-data");
    {
        let mut harness = common::harness(AppOptions {
            saves_dir: Some(saves.clone()),
            recovery_dir: Some(recovery.clone()),
            ..volume_options("d2")
        });
        common::highlight(&mut harness, "The world in 1975 is a very different world");
        harness.get_by_label("Documents").click();
        harness.run();
        harness
            .get_by_label_contains("111 · Remarks by President Carter")
            .click();
        harness.run_steps(3);
        common::highlight(&mut harness, "peace remains a fragile thing");
        harness.run_steps(6);
        assert!(!persist::recovery::files(&recovery).is_empty());
    }
    // The next start, on the bundled letter: the work comes back with both documents.
    let mut harness = common::harness(AppOptions {
        saves_dir: Some(saves),
        recovery_dir: Some(recovery),
        ..AppOptions::seed()
    });
    harness.get_by_label("Restore unsaved work?");
    harness.get_by_label("Restore").click();
    harness.run_steps(2);
    let app = harness.state();
    assert_eq!(app.notes().sources().len(), 2);
    assert_eq!(app.notes().highlights().len(), 2);
    assert!(app.notes().orphans().is_empty());
    assert_eq!(
        app.document().info().number,
        Some(2),
        "the study opens on its first document"
    );
    assert!(app.is_dirty(), "restored work still needs saving");
}
