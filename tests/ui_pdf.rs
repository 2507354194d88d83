//! A PDF in the window: what reading it made of it is said at once, and its pages are
//! named as it prints them — or, where it prints none, by their place in the file.

mod common;

use egui_kittest::kittest::Queryable;
use marginalia::core::source::open_document;
use marginalia::ui::{AppOptions, NoticeKind};
use std::path::Path;

fn on_pdf(name: &str) -> egui_kittest::Harness<'static, marginalia::ui::MarginaliaApp> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/pdf/{name}.pdf"));
    let document = open_document(&path).expect("the PDF opens");
    common::harness(AppOptions {
        document,
        ..AppOptions::seed()
    })
}

#[test]
fn a_pdf_without_printed_numbers_says_so_and_names_its_pages_by_their_place() {
    let mut harness = on_pdf("report-unnumbered");
    let notices = harness.state().view().notices().to_vec();
    let reading = notices
        .iter()
        .find(|n| n.text.starts_with("Read from a PDF"))
        .expect("a notice on the reading");
    assert_eq!(reading.kind, NoticeKind::Info);
    assert!(reading.text.contains("PDF p. 3"), "{}", reading.text);
    // The outline's pages are "PDF p. n", and one of them goes to its page.
    harness.get_by_label("PDF p. 1");
    let before = harness.state().panels().reader.top_offset;
    harness.get_by_label("PDF p. 3").click();
    harness.run();
    assert!(harness.state().panels().reader.top_offset > before);
}

#[test]
fn a_book_shows_its_printed_pages_and_what_was_taken_out() {
    let harness = on_pdf("book-labels");
    harness.get_by_label("p. 35");
    harness.get_by_label("p. ii");
    let notices = harness.state().view().notices();
    assert!(
        notices.iter().any(|n| n
            .text
            .contains("running heads, footers and page numbers were taken out")),
        "{notices:?}"
    );
}
