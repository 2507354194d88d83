//! What real use found, in the window (issue 11): uncertain highlights to confirm, a note
//! set whose hint names another file, a laptop-sized window, notices, topics.

mod common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::core::document::Document;
use marginalia::core::persist::{self, NoteSetFile};
use marginalia::core::study::edit::Edit;
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::study::source::SourceId;
use marginalia::core::text::ByteOffset;
use marginalia::core::text::CharRange;
use marginalia::core::time::Timestamp;
use marginalia::ui::{AppOptions, MarginaliaApp};
use std::path::{Path, PathBuf};

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("marginalia-ui-real-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A set on the seed highlighting the second "Middle East", saved in `dir` with `hint`.
fn saved_set(dir: &Path, hint: Option<String>) -> PathBuf {
    let doc = Document::seed();
    let mut set = NoteSet::new();
    let byte = doc.text().match_indices("Middle East").nth(1).unwrap().0;
    let start = doc.char_of(ByteOffset(byte));
    let range = CharRange::new(start, start + "Middle East".chars().count());
    let (edit, _) = Edit::create_highlight(&set, &doc, range, vec![], Timestamp(1)).unwrap();
    edit.apply(&mut set).unwrap();
    let mut file = NoteSetFile {
        title: "Received".into(),
        recovery_of: None,
        set,
    };
    file.set = std::mem::take(&mut file.set).with_path_hint(SourceId::FIRST, hint);
    let path = dir.join("received.ron");
    persist::save(&path, &file).unwrap();
    path
}

/// The seed with the sentence of the second "Middle East" edited: the other two, nearby,
/// are other passages.
fn seed_without_the_second_middle_east() -> Document {
    let raw = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/frus1977-80v06-d84.txt"),
    )
    .unwrap();
    Document::from_text(
        &raw.replace("a genuine peace in the Middle East.", "a genuine peace."),
        "edited.txt",
    )
}

fn harness_with(document: Document, notes: PathBuf, here: bool) -> Harness<'static, MarginaliaApp> {
    common::harness(AppOptions {
        document,
        notes: Some(notes),
        notes_on_document: here,
        ..AppOptions::seed()
    })
}

#[test]
fn an_uncertain_highlight_is_listed_for_review_and_placed_only_when_confirmed() {
    let dir = temp_dir("confirm");
    let set = saved_set(&dir, None);
    let mut harness = harness_with(seed_without_the_second_middle_east(), set, true);
    let app = harness.state();
    assert!(
        app.notes().highlights().is_empty(),
        "not placed without a word"
    );
    assert_eq!(app.notes().orphans().len(), 1);
    harness.get_by_label_contains("Uncertain — a similar passage is on p. 287");
    harness.get_by_label("Show").click();
    harness.run();
    let shown = harness
        .state()
        .panels()
        .reader
        .selection
        .expect("the proposal is selected");
    assert_eq!(
        harness.state().document().slice(shown.range()),
        "Middle East"
    );
    harness.get_by_label("Confirm").click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.notes().highlights().len(), 1);
    assert!(app.notes().orphans().is_empty());
    assert_eq!(app.notes().highlights()[0].anchor.quote, "Middle East");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_set_whose_hint_names_another_file_asks_and_opens_nothing_unasked() {
    let dir = temp_dir("hint");
    let secret = dir.join("secret.txt");
    std::fs::write(&secret, "1. Private\n\nMy private diary, not the letter.\n").unwrap();
    let mut edited = seed_without_the_second_middle_east();
    // The set was made on a text found nowhere: its own fingerprint is not the seed's.
    let set_path = {
        let path = saved_set(&dir, Some(secret.to_string_lossy().into_owned()));
        let (mut file, _) = persist::load(&path).unwrap();
        file.set = std::mem::take(&mut file.set)
            .map_source(SourceId::FIRST, |r| r.fingerprint = "sha256:0000".into());
        persist::save(&path, &file).unwrap();
        path
    };
    edited = Document::from_text(edited.text(), "edited.txt");
    let mut harness = harness_with(edited, set_path, false);
    harness.get_by_label("Document not found");
    assert!(
        !harness.state().document().text().contains("private diary"),
        "the hinted file is not opened unasked"
    );
    harness
        .get_by_label_contains("Use the open document")
        .click();
    harness.run();
    let app = harness.state();
    assert!(!app.document().text().contains("private diary"));
    assert_eq!(app.session().title(), "Received");
    assert_eq!(
        app.notes().highlights().len() + app.notes().orphans().len(),
        1
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn harness_sized(width: f32, height: f32) -> Harness<'static, MarginaliaApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(width, height))
        .build_eframe(|cc| MarginaliaApp::new(cc, AppOptions::seed()));
    harness.run();
    harness
}

// Item 18: the text keeps a readable measure on a laptop window.
#[test]
fn a_laptop_window_keeps_a_readable_measure_and_panels_come_back() {
    let mut harness = harness_sized(900.0, 600.0);
    harness.run();
    let measure = harness.state().panels().reader.measure_chars;
    assert!(
        measure >= 45.0,
        "the reader holds {measure:.0} characters a line at 900×600"
    );
    // Both panels are there, narrower.
    harness.get_by_label("Outline");
    harness.get_by_label("Highlights");
    // Narrower still: the outline folds to a strip, the text keeps its measure.
    harness.set_size(egui::vec2(760.0, 600.0));
    harness.run();
    harness.run();
    assert!(harness.state().panels().reader.measure_chars >= 45.0);
    assert!(
        harness.query_by_label("Note sets").is_none(),
        "the outline is folded"
    );
    harness.get_by_label("»").click();
    harness.run();
    harness.run();
    harness.get_by_label("Note sets");
    // A large screen: everything back as it was.
    harness.set_size(egui::vec2(1920.0, 1080.0));
    harness.run();
    harness.run();
    harness.get_by_label("Note sets");
    harness.get_by_label("Highlights");
    assert!(harness.state().panels().reader.measure_chars >= 69.0);
}

#[test]
fn the_outline_does_not_creep_wider_as_tabs_change_and_text_is_typed() {
    let mut harness = harness_sized(1400.0, 900.0);
    let before = harness.state().prefs().left_width;
    for _ in 0..3 {
        harness.get_by_label("Note sets").click();
        harness.run();
        harness.get_by_label("Title").click();
        harness.run();
        harness
            .get_by_label("Title")
            .type_text(" with a very long title that goes on and on and on and on");
        harness.key_press(egui::Key::Enter);
        harness.run();
        harness.get_by_label("Outline").click();
        harness.run();
    }
    assert_eq!(harness.state().prefs().left_width, before);
    let panel = harness.get_by_label("Outline").rect();
    assert!(panel.right() < before + 40.0, "{panel:?}");
}

// Item 25: side-panel text follows the text size, and hint text is readable.
#[test]
fn side_panel_text_follows_the_text_size_setting() {
    let mut harness = harness_sized(1400.0, 900.0);
    let small = |h: &Harness<'static, MarginaliaApp>| {
        h.ctx.style_of(egui::Theme::Light).text_styles[&egui::TextStyle::Small].size
    };
    let body = |h: &Harness<'static, MarginaliaApp>| {
        h.ctx.style_of(egui::Theme::Light).text_styles[&egui::TextStyle::Body].size
    };
    assert!(small(&harness) >= 12.0, "small text is {}", small(&harness));
    let (small_before, body_before) = (small(&harness), body(&harness));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Equals);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Equals);
    harness.run();
    assert!(body(&harness) > body_before);
    assert!(small(&harness) > small_before);
    let weak = harness
        .ctx
        .style_of(egui::Theme::Light)
        .visuals
        .weak_text_color();
    let panel = harness.ctx.style_of(egui::Theme::Light).visuals.panel_fill;
    assert!(marginalia::ui::widgets::theme::contrast(weak, panel) >= 4.5);
}

// Item 22: notices float over the text, and what is not a problem is not shown as one.
#[test]
fn notices_do_not_push_the_text_down_and_information_is_not_an_error() {
    let dir = temp_dir("notices");
    let set = saved_set(&dir, None);
    let mut plain = harness_sized(1400.0, 900.0);
    plain.run();
    let top_without = plain.state().panels().reader.view_top;
    let mut harness = harness_with(seed_without_the_second_middle_east(), set, true);
    harness.run();
    let app = harness.state();
    assert_eq!(
        app.view().notices().len(),
        1,
        "the re-anchoring is reported"
    );
    assert_eq!(
        app.view().notices()[0].kind,
        marginalia::ui::app::NoticeKind::Info
    );
    assert_eq!(
        app.panels().reader.view_top,
        top_without,
        "the notice floats over the text"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// Item 26: opening at a page, the status bar names that page at any window size.
#[test]
fn opening_at_a_page_shows_that_page_in_the_status_bar_at_every_size() {
    use marginalia::ui::StartAt;
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example-brezhnev-1978.ron");
    for width in (600..=1900).step_by(37) {
        for (height, notes) in [(600.0, None), (1080.0, Some(example.clone()))] {
            let mut harness = Harness::builder()
                .with_size(egui::vec2(width as f32, height))
                .build_eframe(|cc| {
                    MarginaliaApp::new(
                        cc,
                        AppOptions {
                            start_at: Some(StartAt::Page(287)),
                            notes,
                            ..AppOptions::seed()
                        },
                    )
                });
            harness.run();
            let doc = &harness.state().document();
            let page = doc.page_at(harness.state().panels().reader.top_offset);
            assert_eq!(page, Some(287), "{width}×{height}");
        }
    }
}

// Item 26: the same passage highlighted twice is one highlight.
#[test]
fn highlighting_the_same_passage_again_selects_it_instead_of_doubling_it() {
    let mut harness = harness_sized(1400.0, 900.0);
    common::highlight(&mut harness, "Geneva Conference");
    let first = harness.state().notes().highlights()[0].id;
    common::highlight(&mut harness, "Geneva Conference");
    let app = harness.state();
    assert_eq!(app.notes().highlights().len(), 1);
    assert_eq!(app.view().selected_highlight(), Some(first));
    // A different range over the same words is a different highlight.
    common::highlight(&mut harness, "the Geneva Conference");
    assert_eq!(harness.state().notes().highlights().len(), 2);
}

// Item 21: keys 1–9 count topics as the Topics tab lists them; a parent that is only a
// level of nested names can be ticked as a filter.
#[test]
fn number_keys_follow_the_topics_tab_and_a_parent_level_filters_its_children() {
    let mut harness = harness_sized(1400.0, 900.0);
    common::create_topic(&mut harness, "SALT");
    common::create_topic(&mut harness, "Détente");
    common::create_topic(&mut harness, "Arms control/Neutron weapons");
    // Listed: Arms control/Neutron weapons, Détente, SALT — so key 2 is Détente.
    common::select(&mut harness, "Geneva Conference");
    harness.key_press(egui::Key::Num2);
    harness.run();
    let app = harness.state();
    let h = &app.notes().highlights()[0];
    let names: Vec<&str> = h
        .topics
        .iter()
        .filter_map(|t| app.notes().topic(*t))
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(names, ["Détente"]);
    harness.get_by_label("Topics").click();
    harness.run();
    harness.get_by_label("key 2");
    // The parent level "Arms control" is no topic, yet it can be ticked.
    harness.get_by_label("Filter by Arms control").click();
    harness.run();
    let app = harness.state();
    let neutron = app
        .notes()
        .topic_by_name("Arms control/Neutron weapons")
        .unwrap()
        .id;
    assert!(app.view().filter().topics.contains(&neutron));
    harness.get_by_label("Filter by Arms control").click();
    harness.run();
    assert!(harness.state().view().filter().topics.is_empty());
}

// Item 24: the shortcuts list fits (scrolling) and names each command once; Escape
// closes an open menu.
#[test]
fn the_shortcut_list_scrolls_names_each_command_once_and_escape_closes_a_menu() {
    let mut harness = harness_sized(900.0, 600.0);
    harness.key_press(egui::Key::F1);
    harness.run();
    harness.run();
    let rows = marginalia::ui::app::shortcut_rows(&harness.ctx);
    let mut labels: Vec<&str> = rows.iter().map(|(l, _)| l.as_str()).collect();
    let all = labels.len();
    labels.sort();
    labels.dedup();
    assert_eq!(labels.len(), all, "a command is listed twice: {rows:?}");
    assert_eq!(harness.query_all_by_label("Copy").count(), 1);
    let window = harness
        .get_by_role_and_label(egui::accesskit::Role::Window, "Keyboard shortcuts")
        .rect();
    assert!(
        window.top() >= 0.0 && window.bottom() <= 600.0,
        "the list fits the window: {window:?}"
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!harness.state().view().shows_shortcuts());

    common::select(&mut harness, "Geneva Conference");
    harness.get_by_label("File").click();
    harness.run();
    assert!(
        egui::Popup::is_any_open(&harness.ctx),
        "the File menu is open"
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        !egui::Popup::is_any_open(&harness.ctx),
        "Escape closed the menu"
    );
    assert!(
        harness.state().panels().reader.selection.is_some(),
        "the Escape that closed the menu did not also clear the selection"
    );
}

// Item 19: a document opens without a file dialog, from a typed path or a list.
#[test]
fn the_documents_tab_opens_a_typed_or_listed_document_without_a_dialog() {
    let dir = temp_dir("documents");
    std::fs::write(
        dir.join("letter-85.txt"),
        "85. Letter From President Carter\n\nDear Mr. General Secretary,\n\nText [Page 290] more.\n",
    )
    .unwrap();
    let mut harness = harness_sized(1400.0, 900.0);
    harness.get_by_label("Documents").click();
    harness.run();
    // The bundled letter's folder is listed.
    harness.get_by_label("Open document frus1977-80v06-d84.txt");
    // Typing a folder offers what is in it; choosing the file opens it.
    harness.get_by_label("Path").click();
    harness.run();
    harness
        .get_by_label("Path")
        .type_text(&format!("{}/let", dir.display()));
    harness.run();
    harness.get_by_label("letter-85.txt").click();
    harness.run();
    harness.run();
    let app = harness.state();
    assert_eq!(app.document().info().number, Some(85));
    assert!(app.document().text().contains("Dear Mr. General Secretary"));
    let _ = std::fs::remove_dir_all(&dir);
}

// Item 20: folding keeps the reading position, bars name their pages, the status follows.
#[test]
fn only_matching_passages_keeps_the_passage_at_the_top_in_view() {
    let mut harness = harness_sized(1400.0, 900.0);
    common::create_topic(&mut harness, "Middle East");
    for passage in [
        "encouraging separate negotiations between Egypt and Israel",
        "Dear Mr. President",
    ] {
        common::select(&mut harness, passage);
        harness.key_press(egui::Key::Num1);
        harness.run();
    }
    // Read down to the Horn of Africa paragraph (p. 287), which has no highlight.
    let at = harness
        .state()
        .document()
        .find("the conflict in the Horn of Africa")
        .unwrap();
    harness.state_mut().panels_mut().reader.scroll_to(at.start);
    for _ in 0..4 {
        harness.run();
    }
    let page_before = harness
        .state()
        .document()
        .page_at(harness.state().panels().reader.top_offset);
    assert_eq!(page_before, Some(287));
    common::show_only_topic(&mut harness, "Middle East");
    for _ in 0..4 {
        harness.run();
    }
    let app = harness.state();
    let top = app.panels().reader.top_offset;
    // Not the end of the text with a blank screen: the bar for the folded paragraph, then
    // the matching passage a little further down.
    let passage = app
        .document()
        .find("encouraging separate negotiations")
        .unwrap();
    assert!(top <= passage.end, "the view ran past the passage: {top:?}");
    assert!(top.0 > 0, "the view jumped back to the start");
    assert!(harness.query_all_by_label_contains("paragraphs, p").count() >= 1);
}

// Item 16: a copy of the same text without its sidecar cites as the note set recorded.
#[test]
fn a_sidecarless_copy_opened_with_its_set_cites_as_the_set_recorded() {
    let raw = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/frus1977-80v06-d84.txt"),
    )
    .unwrap();
    let copy = Document::from_text(&raw, "copy.txt");
    assert!(copy.info().citation.is_none());
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example-brezhnev-1978.ron");
    let harness = harness_with(copy, example, true);
    let info = harness.state().document().info();
    assert_eq!(
        info.citation.as_deref(),
        Some(
            "Foreign Relations of the United States, 1977–1980, Volume VI, Soviet Union, Document 84"
        )
    );
    assert!(
        info.url
            .as_deref()
            .is_some_and(|u| u.contains("history.state.gov"))
    );
}

// At 900×600 the selected highlight's details fit the right panel: nothing is laid out
// past its inner edge (the buttons used to push everything left, out of view).
#[test]
fn a_selected_highlight_s_details_fit_a_laptop_s_right_panel() {
    let mut harness = harness_sized(900.0, 600.0);
    common::select(
        &mut harness,
        "Your latest letter transmitted through the US Embassy",
    );
    harness.key_press(egui::Key::H);
    harness.run();
    assert!(harness.state().view().selected_highlight().is_some());
    let edge = harness
        .state()
        .panels()
        .sides
        .right_edge()
        .expect("the right panel is open");
    for label in ["Selected highlight", "Delete highlight", "Show in text"] {
        let rect = harness.get_by_label(label).rect();
        assert!(
            edge <= rect.left() + 0.5 && rect.right() <= 900.5,
            "{label} at {rect:?}, the panel begins at {edge}"
        );
    }
}
