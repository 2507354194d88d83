//! A TEI volume in the window: its documents listed in the Documents tab, a click opens
//! another, and a person's name is identified from the volume.

mod common;

use egui_kittest::kittest::Queryable;
use marginalia::ui::AppOptions;

#[test]
fn a_volume_lists_its_documents_and_a_click_opens_one() {
    let mut harness = common::on_volume("tests/fixtures/tei/frus1977-80v01-excerpt.xml", "d2");
    harness.run_steps(3);
    assert_eq!(harness.state().document().info().number, Some(2));
    // The list shows every document, the open one among them.
    harness.get_by_label_contains("4 of 4 documents");
    harness
        .get_by_label_contains("111 · Remarks by President Carter")
        .click();
    harness.run_steps(3);
    assert_eq!(harness.state().document().info().number, Some(111));
    assert_eq!(
        harness.state().document().info().citation.as_deref(),
        Some(
            "Foreign Relations of the United States, 1977–1980, Volume I, Foundations of Foreign Policy, Document 111"
        )
    );
    // The heading is drawn as the reader's first block.
    harness.get_by_label_contains("111. Remarks by President Carter");
}

/// An older volume (1894) whose note says only "No. 1.", marked `<ref target="#d1">`:
/// the note links to document 1, and Back returns.
#[test]
fn a_note_that_points_at_a_document_by_its_markup_links_to_it() {
    let mut harness = common::on_volume("tests/fixtures/tei/frus1894Nicaragua-excerpt.xml", "d2");
    harness.run_steps(3);
    assert_eq!(harness.state().document().info().number, Some(2));
    harness.get_by_label("Outline").click();
    harness.run_steps(2);
    harness.get_by_label("Open Document 1").click();
    harness.run_steps(3);
    assert_eq!(harness.state().document().info().number, Some(1));
    assert_eq!(
        harness.state().document().info().title,
        "Mr. Seat to Mr. Gresham."
    );
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    harness.run_steps(3);
    assert_eq!(harness.state().document().info().number, Some(2));
}

/// The Documents tab lists the TEI volumes beside the open document (not other XML), by
/// their titles; a click opens one.
#[test]
fn a_volume_beside_the_open_document_is_listed_and_opens() {
    let mut harness = common::on_volume("tests/fixtures/tei/frus1894Nicaragua-excerpt.xml", "d2");
    harness.run_steps(3);
    harness.get_by_label("Documents").click();
    harness.run_steps(2);
    // The open volume is marked as the open one; the other volume of the folder is listed.
    harness.get_by_label("Open document frus1894Nicaragua-excerpt.xml");
    harness
        .get_by_label("Open document frus1977-80v01-excerpt.xml")
        .click();
    harness.run_steps(4);
    let info = harness.state().document().info();
    assert!(
        info.source.contains("frus1977-80v01-excerpt.xml#"),
        "{}",
        info.source
    );
    assert!(
        info.citation
            .as_deref()
            .is_some_and(|c| c.contains("Volume I, Foundations of Foreign Policy")),
        "{:?}",
        info.citation
    );
}

/// A filter typed in the Documents tab shows its list from the top, even when the whole
/// list was scrolled down to the open document.
#[test]
fn a_new_filter_shows_its_documents_from_the_top() {
    use marginalia::core::tei::Volume;
    use std::sync::Arc;
    let docs: String = (1..=300)
        .map(|n| {
            let name = if n <= 100 { "Alpha" } else { "Beta" };
            format!(
                r#"<div type="document" xml:id="d{n}" n="{n}"><head>{n}. {name} report {n}</head><p>Text of {n}.</p></div>"#
            )
        })
        .collect();
    let xml = format!(
        r#"<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="v"><teiHeader><fileDesc><titleStmt><title type="complete">Three hundred</title></titleStmt></fileDesc></teiHeader><text><body>{docs}</body></text></TEI>"#
    );
    let volume = Arc::new(Volume::read(&xml, "three-hundred.xml").unwrap());
    let mut harness = common::harness(AppOptions {
        document: volume.documents()[89].clone(),
        volume: Some(volume),
        ..AppOptions::seed()
    });
    harness.run_steps(3);
    harness.get_by_label("Documents").click();
    harness.run_steps(3);
    // The open document, 90, is scrolled into view; the first is far above.
    harness.get_by_label("90 · Alpha report 90");
    assert!(harness.query_by_label("1 · Alpha report 1").is_none());
    harness.get_by_label("Find a document").click();
    harness.run_steps(1);
    harness.get_by_label("Find a document").type_text("alpha");
    harness.run_steps(3);
    harness.get_by_label_contains("100 of 300 documents");
    harness.get_by_label("1 · Alpha report 1");
    harness.get_by_label("2 · Alpha report 2");
}

/// A note of the 1944 volume says "Ante, p. 10." with `<ref target="#pg_10">`: it links
/// to the document where that printed page begins, and Back returns.
#[test]
fn a_note_that_points_at_a_page_opens_the_document_where_it_begins() {
    use marginalia::ui::action::{Action, DocRef, ViewAction, WorkspaceAction};
    // Document 14 read to its end first: the link still shows where page 10 begins.
    let mut harness = common::on_volume("tests/fixtures/tei/frus1944Quebec-excerpt.xml", "d14");
    harness.run_steps(3);
    let end = harness.state().document().end();
    harness.state_mut().apply(
        &egui::Context::default(),
        Action::View(ViewAction::ScrollTo(end)),
    );
    harness.run_steps(3);
    assert!(harness.state().panels().reader.top_line_start.index() > 0);
    let volume = harness.state().document().info().source.clone();
    let volume = volume.split('#').next().unwrap_or_default().to_string();
    harness.state_mut().apply(
        &egui::Context::default(),
        Action::Workspace(WorkspaceAction::OpenDoc(DocRef::InVolume {
            volume,
            index: 2,
        })),
    );
    harness.run_steps(3);
    assert_eq!(harness.state().document().info().number, Some(16));
    harness.get_by_label("Outline").click();
    harness.run_steps(2);
    // The other page reference of the document (to the Malta volume) is not a link.
    assert_eq!(harness.query_all_by_label_contains("Go to p.").count(), 1);
    harness.get_by_label("Go to p. 10").click();
    harness.run_steps(3);
    assert_eq!(harness.state().document().info().number, Some(14));
    assert_eq!(harness.state().panels().reader.top_line_start.index(), 0);
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    harness.run_steps(3);
    assert_eq!(harness.state().document().info().number, Some(16));
}
