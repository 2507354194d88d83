//! Tag all hits from Find: five hits, two unchecked, three highlights made with a new
//! topic in one step, and one undo takes all three (and the topic) back.

mod common;

use egui::Key;
use egui_kittest::kittest::Queryable;
use marginalia::ui::AppOptions;

#[test]
fn tag_all_with_two_of_five_hits_unchecked_makes_three_highlights_undone_at_once() {
    let mut harness = common::harness(AppOptions::seed());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_label("Find").type_text("negotiations");
    harness.run_steps(2);
    harness.get_by_label("Tag all…").click();
    // A window is measured in its first frame and shown in the next.
    harness.run_steps(3);
    harness.get_by_label_contains("5 hits in the open document, 5 to tag");
    harness.get_by_label_contains("Tag hit 2 (").click();
    harness.run();
    harness.get_by_label_contains("Tag hit 4 (").click();
    harness.run();
    harness.get_by_label_contains("5 hits in the open document, 3 to tag");
    harness.get_by_label("New topic to tag with").click();
    harness.run();
    harness
        .get_by_label("New topic to tag with")
        .type_text("Negotiation");
    harness.run();
    harness.get_by_label("Tag 3 hits").click();
    harness.run_steps(2);
    let app = harness.state();
    let set = app.notes();
    assert_eq!(set.highlights().len(), 3);
    let topic = set.topic_by_name("Negotiation").expect("the topic made").id;
    assert!(set.highlights().iter().all(|h| h.topics == [topic]));
    assert!(
        set.highlights()
            .iter()
            .all(|h| h.anchor.quote.eq_ignore_ascii_case("negotiations"))
    );
    // The second and fourth hits were left out.
    let doc = app.document();
    let all: Vec<_> = doc
        .text()
        .match_indices("negotiations")
        .map(|(b, _)| doc.char_of(marginalia::core::text::ByteOffset(b)))
        .collect();
    let tagged: Vec<_> = set.highlights().iter().map(|h| h.anchor.start).collect();
    assert_eq!(tagged, [all[0], all[2], all[4]]);
    assert_eq!(
        app.study().history().undo_label(),
        Some("Tag 3 hits with Negotiation")
    );
    // One undo removes all three, and the topic made with them.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    harness.run();
    let set = harness.state().notes();
    assert!(set.highlights().is_empty());
    assert!(set.topic_by_name("Negotiation").is_none());
}
