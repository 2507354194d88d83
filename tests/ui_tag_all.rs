//! Tag all hits from Find: five hits, two unchecked, three highlights made with a new
//! topic in one step, and one undo takes all three (and the topic) back.

mod common;

use egui::Key;
use egui_kittest::kittest::{NodeT, Queryable};
use marginalia::ui::AppOptions;

/// The seed letter with Find looking for `phrase` and its Tag all window open.
fn tag_all_of(phrase: &str) -> egui_kittest::Harness<'static, marginalia::ui::MarginaliaApp> {
    let mut harness = common::harness(AppOptions::seed());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_label("Find").type_text(phrase);
    harness.run_steps(2);
    harness.get_by_label("Tag all…").click();
    // A window is measured in its first frame and shown in the next.
    harness.run_steps(3);
    harness
}

#[test]
fn tag_all_with_two_of_five_hits_unchecked_makes_three_highlights_undone_at_once() {
    let mut harness = tag_all_of("negotiations");
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

/// A hit unticked by the user stays unticked when the hits are widened to their
/// sentences (it was ticked again, and tagged).
#[test]
fn an_unticked_hit_stays_unticked_when_the_widening_changes() {
    let mut harness = tag_all_of("negotiations");
    harness.set_size(egui::vec2(900.0, 600.0));
    harness.run_steps(2);
    harness.get_by_label_contains("Tag hit 2 (").click();
    harness.run();
    harness.get_by_label_contains("5 hits in the open document, 4 to tag");
    harness.get_by_label("its sentence").click();
    harness.run_steps(2);
    // The hits' sentences (two hits may share one), the unticked one's still out.
    let sentences = marginalia::core::tag::find_hits(
        harness.state().document(),
        &marginalia::core::tag::Pattern {
            text: "negotiations".into(),
            regex: false,
            whole_word: false,
            case_sensitive: false,
            ignore_diacritics: false,
        },
        marginalia::core::tag::Extent::Sentence,
    )
    .unwrap()
    .len();
    harness.get_by_label_contains(&format!(
        "{sentences} hits in the open document, {} to tag",
        sentences - 1
    ));
    harness.get_by_label("the hit").click();
    harness.run_steps(2);
    harness.get_by_label_contains("5 hits in the open document, 4 to tag");
}

/// In a study, the count names the documents the hits are in, of those searched ("34
/// hits in 3 documents" when all 34 were in one).
#[test]
fn tag_all_in_a_study_counts_the_documents_the_hits_are_in() {
    let mut harness = common::on_volume("tests/fixtures/tei/frus1977-80v01-excerpt.xml", "d2");
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::F);
    harness.run();
    harness
        .get_by_label("Phrase to find in the study")
        .type_text("peace");
    harness.run_steps(2);
    harness.get_by_label("Tag all…").click();
    harness.run_steps(3);
    let labels: Vec<String> = harness
        .query_all_by_label_contains("to tag")
        .map(|n| {
            let node = n.accesskit_node();
            node.label().or(node.value()).unwrap_or_default()
        })
        .collect();
    // "peace" stands twice, both times in document 111, of the volume's four.
    assert!(
        labels
            .iter()
            .any(|l| l.contains("2 hits in 1 of 4 documents searched, 2 to tag")),
        "{labels:?}"
    );
}
