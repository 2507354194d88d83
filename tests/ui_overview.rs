//! The study seen at a glance: the density strip beside the reader.

mod common;

use egui_kittest::kittest::Queryable;
use marginalia::ui::AppOptions;
use marginalia::ui::action::Action;

#[test]
fn a_click_on_the_density_strip_scrolls_the_reader_there() {
    let mut harness = common::harness(AppOptions::seed());
    harness.state_mut().apply(
        &egui::Context::default(),
        Action::OpenNoteSet("saves/example-brezhnev-1978.ron".into()),
    );
    harness.run_steps(3);
    assert_eq!(harness.state().notes().highlights().len(), 20);
    let top = harness.state().view().reader.top_offset;
    assert!(top.index() < 200, "the letter opens at its top");
    // A click in the middle of the strip: the middle of the letter.
    harness
        .get_by_label("Where the highlights lie in this document (click to go there)")
        .click();
    harness.run_steps(4);
    let doc_len = harness.state().document().char_len();
    let now = harness.state().view().reader.top_offset.index();
    assert!(
        now > doc_len / 4 && now < doc_len * 3 / 4,
        "the reader went to the middle: {now} of {doc_len}"
    );
}
