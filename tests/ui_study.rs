//! The study loop driven through the window: topics, highlights, notes, filters, undo.

mod common;

use common::{create_topic, highlight};
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::ui::panels::reader::Selection;
use marginalia::ui::{AppOptions, MarginaliaApp};

fn harness() -> Harness<'static, MarginaliaApp> {
    common::harness(AppOptions::seed())
}

fn undo(harness: &mut Harness<'static, MarginaliaApp>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(4);
}

#[test]
fn topic_highlight_note_filter_and_undo() {
    let mut harness = harness();

    // A topic, typed into the Topics tab.
    create_topic(&mut harness, "Neutron weapons");
    let topic = harness
        .state()
        .notes()
        .topic_by_name("Neutron weapons")
        .expect("topic created")
        .id;

    // Two highlights: one stays untagged.
    highlight(&mut harness, "Geneva Conference");
    highlight(&mut harness, "mutual refusal to produce neutron weapons");
    let app = harness.state();
    assert_eq!(app.notes().highlights().len(), 2);
    let id = app
        .view()
        .selected_highlight()
        .expect("the new highlight is selected");
    assert_eq!(
        app.notes().highlight(id).unwrap().anchor.quote,
        "mutual refusal to produce neutron weapons"
    );

    // Give it the topic from the Highlights tab, and a note.
    harness
        .get_by_role_and_label(egui::Role::Button, "Neutron weapons")
        .click();
    harness.run();
    assert_eq!(
        harness.state().notes().highlight(id).unwrap().topics,
        vec![topic]
    );
    harness.get_by_label("Note").click();
    harness.run();
    harness
        .get_by_label("Note")
        .type_text("Brezhnev repeats the offer of a mutual ban.");
    harness.run();
    assert_eq!(
        harness.state().notes().highlight(id).unwrap().note,
        "Brezhnev repeats the offer of a mutual ban."
    );

    // Filter by the topic: the list shows exactly that highlight.
    harness.get_by_label("Topics").click();
    harness.run();
    harness.get_by_label("Filter by Neutron weapons").click();
    harness.run();
    assert!(harness.state().view().filter().topics.contains(&topic));
    harness.get_by_label("Highlights").click();
    harness.run();
    harness.get_by_label("1 of 2 highlights");
    harness.get_by_label("Highlight “mutual refusal to produce neutron weapons”");
    assert!(
        harness
            .query_by_label("Highlight “Geneva Conference”")
            .is_none()
    );

    // Undo three times: the note, the topic, the highlight.
    undo(&mut harness);
    assert_eq!(harness.state().notes().highlight(id).unwrap().note, "");
    undo(&mut harness);
    assert!(
        harness
            .state()
            .notes()
            .highlight(id)
            .unwrap()
            .topics
            .is_empty()
    );
    undo(&mut harness);
    let app = harness.state();
    assert!(app.notes().highlight(id).is_none());
    assert_eq!(app.notes().highlights().len(), 1);
    assert_eq!(
        app.notes().highlights()[0].anchor.quote,
        "Geneva Conference"
    );
    assert_eq!(app.notes().topics().len(), 1);
    assert_eq!(app.study().history().undo_label(), Some("Create highlight"));
    assert_eq!(app.study().history().redo_label(), Some("Create highlight"));
    harness.get_by_label("0 of 1 highlight");
}

#[test]
fn keys_1_to_9_and_delete_work_on_selections_and_highlights() {
    let mut harness = harness();
    for name in ["SALT", "Linkage"] {
        create_topic(&mut harness, name);
    }
    // Select a few letters inside words: the highlight snaps to whole words.
    // Keys count topics in the order they were made: 1 SALT, 2 Linkage.
    common::select(&mut harness, "trategic offensive arms limitatio");
    harness.key_press(Key::Num2);
    harness.run();
    let app = harness.state();
    let h = &app.notes().highlights()[0];
    assert_eq!(h.anchor.quote, "strategic offensive arms limitation");
    let linkage = app.notes().topic_by_name("Linkage").unwrap().id;
    assert_eq!(h.topics, vec![linkage]);
    // With the highlight selected, 1 adds SALT; Delete removes the highlight.
    harness.key_press(Key::Num1);
    harness.run();
    assert_eq!(harness.state().notes().highlights()[0].topics.len(), 2);
    harness.key_press(Key::Delete);
    harness.run();
    assert!(harness.state().notes().highlights().is_empty());
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Undo Delete highlight");
}

#[test]
fn find_counts_hits_and_steps_through_them() {
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_label("Find").type_text("middle east");
    harness.run();
    let hits = harness.state().panels().search.hits.len();
    assert_eq!(hits, 3);
    harness.get_by_label("1 of 3");
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label("2 of 3");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().panels().search.open);
    assert!(harness.state().panels().search.hits.is_empty());
}

#[test]
fn only_matching_passages_folds_the_rest_and_a_bar_unfolds_it() {
    let mut harness = harness();
    create_topic(&mut harness, "Horn of Africa");
    let range = harness
        .state()
        .document()
        .find("conflict in the Horn of Africa")
        .unwrap();
    harness.state_mut().panels_mut().reader.selection = Some(Selection::of(range));
    harness.key_press(Key::Num1);
    harness.run();
    common::show_only_topic(&mut harness, "Horn of Africa");
    harness.run();
    // Everything between the heading and the Horn of Africa paragraph folds into one bar.
    let doc = &harness.state().document();
    let block = doc.block_index_at(range.start).unwrap();
    let folded = marginalia::core::text::CharRange::new(
        doc.blocks()[1].range.start,
        doc.blocks()[block - 1].range.end,
    );
    // The bar says which printed pages it hides.
    let pages = marginalia::core::study::citation::pages_label(doc, folded);
    assert!(!pages.is_empty());
    let label = format!("… {} paragraphs, {pages}", block - 1);
    harness.get_by_label(&label).click();
    harness.run();
    assert!(harness.query_by_label(&label).is_none());
    // The chips above the text clear the filter in one click.
    // The chips bar above the text is drawn after the side panel.
    harness
        .get_all_by_label("Clear filter")
        .last()
        .unwrap()
        .click();
    harness.run();
    assert!(!harness.state().view().filter().is_active());
}

#[test]
fn pressing_in_the_text_takes_the_keyboard_from_the_note_field() {
    let mut harness = harness();
    highlight(&mut harness, "Geneva Conference");
    harness.get_by_label("Note").click();
    harness.run();
    assert!(harness.ctx.egui_wants_keyboard_input());
    let rect = harness.get_by_label("Dear Mr. President,").rect();
    harness.drag_at(rect.left_center() + vec2(2.0, 0.0));
    harness.run();
    harness.hover_at(rect.right_center() + vec2(30.0, 0.0));
    harness.run();
    harness.drop_at(rect.right_center() + vec2(30.0, 0.0));
    harness.run();
    assert!(!harness.ctx.egui_wants_keyboard_input());
    // So H highlights the new selection instead of typing an "h" into the note.
    harness.key_press(Key::H);
    harness.run();
    let app = harness.state();
    assert_eq!(app.notes().highlights().len(), 2);
    assert!(app.notes().highlights().iter().all(|h| h.note.is_empty()));
}

/// Two noted highlights that begin on the same line share one margin mark, which says how
/// many notes it stands for and offers both when clicked.
#[test]
fn notes_beginning_on_one_line_share_a_margin_mark() {
    use egui_kittest::kittest::By;
    use marginalia::core::study::edit::Edit;
    use marginalia::core::time::Timestamp;
    use marginalia::ui::action::{Action, StudyAction};

    let mut harness = harness();
    highlight(&mut harness, "Geneva Conference");
    let inner = harness
        .state()
        .view()
        .selected_highlight()
        .expect("selected");
    highlight(&mut harness, "Geneva Conference with the participation");
    let outer = harness
        .state()
        .view()
        .selected_highlight()
        .expect("selected");
    assert_ne!(inner, outer);
    for (id, note) in [(inner, "On the conference."), (outer, "On Geneva.")] {
        let ctx = harness.ctx.clone();
        harness.state_mut().apply(
            &ctx,
            Action::Study(StudyAction::Edit {
                edit: Edit::SetNote {
                    highlight: id,
                    note: note.into(),
                    modified: Timestamp::now(),
                },
                coalesce: None,
            }),
        );
        harness.run();
    }
    harness.state_mut().view_mut().select_highlight(None);
    let at = harness
        .state()
        .document()
        .find("Geneva Conference")
        .expect("in the seed");
    harness.state_mut().panels_mut().reader.scroll_to(at.start);
    harness.run();

    assert!(
        harness
            .query_all(By::new().label_contains("Note on “"))
            .next()
            .is_none(),
        "no single-note mark is drawn for the pair"
    );
    harness
        .get(By::new().label_contains("Notes on 2 highlights"))
        .click();
    harness.run();
    harness.get_by_label("Several highlights here:");
    harness
        .get(
            By::new()
                .role(egui::Role::Button)
                .label("“Geneva Conference with the participation”"),
        )
        .click();
    harness.run();
    assert_eq!(harness.state().view().selected_highlight(), Some(outer));
}
