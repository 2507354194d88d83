//! What the second round of real use found (issue 22), in the window: pages numbered as
//! printed wherever a page is named.

mod common;

use egui_kittest::kittest::{NodeT, Queryable};
use marginalia::core::document::inspect::InspectReport;
use marginalia::core::progress::Progress;
use marginalia::core::source::{Source, open_source};
use marginalia::ui::AppOptions;
use std::path::PathBuf;

/// A document of a volume's front matter, printed on pages xxvii and xxviii.
const FRONT_MATTER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus-front">
<teiHeader><fileDesc><titleStmt>
<title type="complete">Foreign Relations of the United States, 1977–1980, Volume VI, Soviet Union</title>
</titleStmt></fileDesc></teiHeader>
<text><body>
<div type="chapter" xml:id="ch0"><head>Front matter</head>
<div type="document" xml:id="d0" n="0" subtype="editorial-note">
<head>Preface</head>
<pb n="xxvii" xml:id="pg_xxvii"/>
<p>The editors thank the archivists of the Carter Library for their help with this volume.</p>
<pb n="xxviii" xml:id="pg_xxviii"/>
<p>Documents are printed in full unless an omission is marked.</p>
</div>
</div>
</body></text>
</TEI>
"#;

fn front_matter_file() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("marginalia-ui-real2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("front.xml");
    std::fs::write(&path, FRONT_MATTER).unwrap();
    path
}

#[test]
fn a_roman_page_is_named_as_printed_in_the_outline_the_status_bar_and_inspect() {
    let path = front_matter_file();
    let source = open_source(&path, Some("d0"), &Progress::default()).expect("the volume opens");
    let Source::Volume { volume, index } = source else {
        panic!("a volume")
    };
    let doc = volume.documents()[index].clone();
    assert!(doc.pages().iter().all(|p| p.roman), "{:?}", doc.pages());
    // Inspect: the number as printed beside the number.
    let report = InspectReport::new(&doc);
    assert_eq!(report.pages[0].label, "xxvii");
    assert!(
        report.to_text().contains("p. xxvii"),
        "{}",
        report.to_text()
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["pages"][1]["label"], "xxviii");

    let mut harness = common::harness(AppOptions {
        document: doc,
        volume: Some(volume),
        ..AppOptions::seed()
    });
    harness.set_size(egui::vec2(900.0, 600.0));
    harness.run_steps(3);
    harness.get_by_label("Outline").click();
    harness.run_steps(2);
    harness.get_by_label("p. xxvii");
    harness.get_by_label("p. xxviii").click();
    harness.run_steps(3);
    harness.get_by_label("Page xxviii");
    assert!(harness.query_by_label("Page 28").is_none());
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

#[test]
fn a_document_opens_at_its_top_and_where_it_was_left_when_it_comes_back() {
    use marginalia::core::text::CharOffset;
    let mut harness = common::on_volume("tests/fixtures/tei/frus1977-80v01-excerpt.xml", "d2");
    harness.set_size(egui::vec2(900.0, 600.0));
    harness.run_steps(3);
    // Read far into document 2.
    let far = CharOffset(harness.state().document().char_len() * 3 / 4);
    harness.state_mut().panels_mut().reader.scroll_to(far);
    harness.run_steps(8);
    let left_at = harness.state().panels().reader.top_offset;
    assert!(left_at.0 > 0, "the reader moved");
    // Document 111 opens at its heading, not where document 2 was read to.
    harness.get_by_label("Documents").click();
    harness.run_steps(2);
    harness
        .get_by_label_contains("111 · Remarks by President Carter")
        .click();
    harness.run_steps(6);
    assert_eq!(harness.state().document().info().number, Some(111));
    assert!(
        harness.state().panels().reader.top_offset.0 < 200,
        "opened at {:?}",
        harness.state().panels().reader.top_offset
    );
    harness.get_by_label_contains("111. Remarks by President Carter");
    // Back in document 2, the reader is where it was left.
    harness.get_by_label_contains("2 · Address by").click();
    harness.run_steps(8);
    assert_eq!(harness.state().document().info().number, Some(2));
    let back = harness.state().panels().reader.top_offset;
    assert!(
        back.0.abs_diff(left_at.0) < 400,
        "{back:?} against {left_at:?}"
    );
}

#[test]
fn enter_in_new_topic_keeps_the_field_and_keys_stay_with_their_topics() {
    use egui::{Event, Key};
    let mut harness = common::harness(AppOptions::seed());
    harness.set_size(egui::vec2(900.0, 600.0));
    harness.run_steps(2);
    common::select(&mut harness, "mixed feelings");
    harness.get_by_label("Topics").click();
    harness.run();
    harness.get_by_label("New topic").click();
    harness.run();
    harness.event(Event::Text("Trade".into()));
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    // Typed on at once, without a click: the field still has the keys.
    harness.event(Event::Text("Arms control".into()));
    harness.run();
    harness.key_press(Key::H);
    harness.key_press(Key::Num1);
    harness.run();
    assert!(
        harness.state().study().set().highlights().is_empty(),
        "a key typed in the field ran as a shortcut"
    );
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    let names: Vec<String> = (harness.state().study().set().topics().iter())
        .map(|t| t.name.clone())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(names[0], "Trade");
    assert!(names[1].starts_with("Arms control"), "{names:?}");
    // Out of the field, key 1 is still Trade's, though "Arms control" sorts first.
    harness.ctx.memory_mut(|m| m.stop_text_input());
    harness.run();
    common::select(&mut harness, "mixed feelings");
    harness.key_press(Key::Num1);
    harness.run_steps(2);
    let set = harness.state().study().set();
    let trade = set.topic_by_name("Trade").expect("Trade").id;
    assert_eq!(set.highlights().len(), 1);
    assert_eq!(set.highlights()[0].topics, [trade]);
}

#[test]
fn the_topics_tab_keeps_every_control_inside_its_panel_at_900_by_600() {
    let mut harness = common::harness(AppOptions::seed());
    harness.set_size(egui::vec2(900.0, 600.0));
    harness.run_steps(2);
    for name in ["Arms control/Strategic forces", "Horn of Africa", "Trade"] {
        common::create_topic(&mut harness, name);
    }
    harness.run_steps(2);
    let edge = harness
        .state()
        .panels()
        .sides
        .right_edge()
        .expect("the right panel is open");
    let inside = |what: &str, rect: egui::Rect| {
        assert!(
            rect.min.x >= edge - 0.5 && rect.max.x <= 900.5,
            "{what} at {rect:?} is cut by the panel's edges ({edge}–900)"
        );
    };
    let menus: Vec<egui::Rect> = harness.query_all_by_label("…").map(|n| n.rect()).collect();
    assert!(menus.len() >= 3, "a menu per topic: {}", menus.len());
    for rect in menus {
        inside("a topic's … menu", rect);
    }
    let ticks: Vec<egui::Rect> = harness
        .query_all_by_label_contains("Filter by ")
        .map(|n| n.rect())
        .collect();
    assert!(ticks.len() >= 3, "a tick box per topic");
    for rect in ticks {
        inside("a tick box", rect);
    }
    inside("Add", harness.get_by_label("Add").rect());
    inside("all of", harness.get_by_label("all of").rect());
}

/// Roles of the controls a user acts on.
fn is_control(role: egui::accesskit::Role) -> bool {
    use egui::accesskit::Role;
    matches!(
        role,
        Role::Button
            | Role::CheckBox
            | Role::RadioButton
            | Role::TextInput
            | Role::MultilineTextInput
            | Role::SearchInput
            | Role::ComboBox
            | Role::Slider
            | Role::SpinButton
            | Role::Link
            | Role::Tab
            | Role::MenuItem
    )
}

/// Walks every tab of both side panels at 900×600 and lists the controls that are cut
/// by the window or run out of their panel.
fn walk_every_tab(mut harness: egui_kittest::Harness<'static, marginalia::ui::MarginaliaApp>) {
    use marginalia::ui::app::{LeftTab, SideTab};
    harness.set_size(egui::vec2(900.0, 600.0));
    harness.run_steps(2);
    let mut walked = 0;
    let mut cut: Vec<String> = Vec::new();
    for left in [LeftTab::Outline, LeftTab::NoteSets, LeftTab::Documents] {
        for right in [
            SideTab::Highlights,
            SideTab::Topics,
            SideTab::DocumentNotes,
            SideTab::Passages,
        ] {
            harness.state_mut().view_mut().show_left_tab(left);
            harness.state_mut().view_mut().show_side_tab(right);
            harness.run_steps(3);
            let panels = &harness.state().panels().sides;
            let left_edge = panels.left_edge().expect("the left panel is open");
            let right_edge = panels.right_edge().expect("the right panel is open");
            let mut seen = 0;
            for node in harness
                .query_all(egui_kittest::kittest::By::new().predicate(|n| is_control(n.role())))
            {
                let rect = node.rect();
                // Rows scrolled out of view are reached by scrolling: only what shows
                // between the menu bar and the status bar is checked.
                if rect.max.y <= 24.0 || rect.min.y >= 576.0 {
                    continue;
                }
                let what = format!(
                    "{left:?}/{right:?}: {:?} “{}” at {rect:?}",
                    node.accesskit_node().role(),
                    node.accesskit_node().label().unwrap_or_default()
                );
                if rect.min.x < -0.5 || rect.max.x > 900.5 {
                    cut.push(format!("{what} is cut by the window"));
                }
                // Astride a panel's edge: cut by it, whichever side it belongs to.
                for edge in [left_edge, right_edge] {
                    if rect.min.x < edge - 0.5 && rect.max.x > edge + 0.5 {
                        cut.push(format!("{what} lies across a panel's edge ({edge})"));
                    }
                }
                if rect.center().x < left_edge {
                    if rect.max.x > left_edge + 0.5 {
                        cut.push(format!("{what} runs past the left panel ({left_edge})"));
                    }
                    seen += 1;
                } else if rect.center().x > right_edge {
                    if rect.min.x < right_edge - 0.5 {
                        cut.push(format!(
                            "{what} starts before the right panel ({right_edge})"
                        ));
                    }
                    seen += 1;
                }
            }
            assert!(
                seen >= 4,
                "{left:?}/{right:?}: only {seen} controls in the panels"
            );
            walked += 1;
        }
    }
    assert_eq!(walked, 12);
    cut.dedup();
    assert!(cut.is_empty(), "controls cut off:\n{}", cut.join("\n"));
}

#[test]
fn every_tab_of_both_side_panels_keeps_its_controls_inside_its_panel_at_900_by_600() {
    // The letter with the shipped note set (topics, highlights, a document note), and a
    // document of a volume (the navigator's tree of chapters and documents).
    walk_every_tab(common::on_example());
    walk_every_tab(common::on_volume(
        "tests/fixtures/tei/frus1977-80v01-excerpt.xml",
        "d2",
    ));
}

#[test]
fn a_passage_opened_from_find_in_study_is_not_left_under_its_window() {
    let mut harness = common::on_example();
    harness.set_size(egui::vec2(900.0, 600.0));
    harness.run_steps(2);
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::F,
    );
    harness.run();
    harness
        .get_by_label("Phrase to find in the study")
        .type_text("Geneva Conference");
    harness.run_steps(2);
    harness
        .query_all_by_label_contains("Hit in ")
        .next()
        .expect("a hit")
        .click();
    harness.run_steps(8);
    let window = harness.get_by_label("Find in study").rect();
    let reader = &harness.state().panels().reader;
    let at = reader.placed_at.expect("the passage was placed");
    assert!(
        at < window.top() - 8.0 || at > window.bottom(),
        "the passage's line at y = {at} is under the window {window:?}"
    );
    assert!(
        at >= reader.view_top && at < 600.0 - 60.0,
        "the passage's line at y = {at} is out of view"
    );
}

#[test]
fn the_overview_moves_off_the_passages_its_chart_has_just_listed() {
    let mut harness = common::on_example();
    harness.set_size(egui::vec2(1280.0, 800.0));
    harness.run_steps(2);
    harness.state_mut().panels_mut().overview.open = true;
    harness.run_steps(3);
    let edge = harness
        .state()
        .panels()
        .sides
        .right_edge()
        .expect("the right panel");
    let before = harness.get_by_label("Overview").rect();
    assert!(
        before.right() > edge,
        "the Overview starts over the right panel: {before:?}"
    );
    // A click on a bar of "Over time": its passages fill the Passages tab.
    let ctx = harness.ctx.clone();
    let topic = harness.state().notes().topics()[0].id;
    harness.state_mut().apply(
        &ctx,
        marginalia::ui::action::Action::Window(
            marginalia::ui::action::WindowAction::ShowPassagesOf {
                topic: Some(topic),
                sources: Default::default(),
                label: "1978-02".into(),
            },
        ),
    );
    harness.run_steps(3);
    let after = harness.get_by_label("Overview").rect();
    let edge = harness
        .state()
        .panels()
        .sides
        .right_edge()
        .expect("the right panel");
    assert!(
        after.right() <= edge + 0.5,
        "the Overview {after:?} still covers the list (from {edge})"
    );
    assert!(
        (after.width() - before.width()).abs() < 1.0 && (after.top() - before.top()).abs() < 1.0
    );
}

/// The app on the shipped study (the letter and its 20 highlights), at `size`.
fn on_example(size: egui::Vec2) -> egui_kittest::Harness<'static, marginalia::ui::MarginaliaApp> {
    let mut harness = common::on_example();
    harness.set_size(size);
    harness.run_steps(3);
    harness
}

#[test]
fn the_first_highlight_does_not_reflow_the_text() {
    let mut harness = common::harness(AppOptions::seed());
    harness.set_size(egui::vec2(900.0, 600.0));
    harness.run_steps(3);
    let before = harness.state().panels().reader.measure_chars;
    common::highlight(&mut harness, "Geneva Conference");
    harness.run_steps(3);
    assert_eq!(harness.state().notes().highlights().len(), 1);
    let after = harness.state().panels().reader.measure_chars;
    // The strip is 12 points, over a character: the measure may move by a pixel's
    // rounding, not by the strip.
    assert!(
        (before - after).abs() < 0.1,
        "the line length went from {before} to {after} characters when the density strip appeared"
    );
}

#[test]
fn the_side_panel_tabs_make_one_row_or_two_even_rows_at_every_size() {
    for size in [(900.0, 600.0), (1280.0, 800.0), (1920.0, 1080.0)] {
        let harness = on_example(egui::vec2(size.0, size.1));
        let mut rows: Vec<f32> = ["Highlights", "Topics", "Document notes", "Passages"]
            .iter()
            .map(|name| {
                (harness.query_all_by_label(name))
                    .map(|n| n.rect())
                    .find(|r| {
                        r.min.x >= harness.state().panels().sides.right_edge().unwrap_or(0.0) - 1.0
                    })
                    .unwrap_or_else(|| panic!("{size:?}: the {name} tab"))
                    .center()
                    .y
                    .round()
            })
            .collect();
        let first_row = rows.iter().filter(|y| **y == rows[0]).count();
        rows.dedup();
        assert!(
            (rows.len() == 1) || (rows.len() == 2 && first_row == 2),
            "{size:?}: tabs on rows {rows:?}, {first_row} in the first"
        );
    }
}

#[test]
fn the_find_bar_keeps_close_on_its_first_row_at_1280() {
    let mut harness = on_example(egui::vec2(1280.0, 800.0));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run();
    harness.get_by_label("Find").type_text("Geneva");
    harness.run_steps(2);
    let find = harness.get_by_label("Find").rect();
    let close = harness.get_by_label("Close").rect();
    assert!(
        close.min.y < find.max.y && find.min.y < close.max.y,
        "Close {close:?} is not on the row of the field {find:?}"
    );
    assert!(close.max.x <= 1280.0);
}

#[test]
fn a_document_s_title_keeps_the_row_when_its_highlight_bar_shows_at_900_by_600() {
    let mut harness = on_example(egui::vec2(900.0, 600.0));
    harness
        .state_mut()
        .view_mut()
        .show_left_tab(marginalia::ui::app::LeftTab::Documents);
    harness.run_steps(2);
    let edge = harness
        .state()
        .panels()
        .sides
        .left_edge()
        .expect("the left panel");
    let row = harness
        .query_all_by_label_contains("84 · Letter From")
        .map(|n| n.rect())
        .find(|r| r.max.x <= edge + 1.0)
        .expect("the letter's row in the navigator");
    assert!(
        row.width() >= edge - 30.0,
        "the title's button {row:?} gives up the panel ({edge}) to its bar"
    );
}

#[test]
fn the_status_bar_s_pieces_never_run_over_each_other_at_900_by_600() {
    let mut harness = on_example(egui::vec2(900.0, 600.0));
    common::select(
        &mut harness,
        "comprehensive Middle East settlement within the framework",
    );
    harness.state_mut().view_mut().set_status(
        "Exported 20 highlights to /home/historian/Documents/readings/brezhnev-carter-1978.md"
            .into(),
        1.0e6,
    );
    harness.run_steps(2);
    let bar_top = 600.0 - 30.0;
    let pieces: Vec<egui::Rect> = harness
        .query_all(egui_kittest::kittest::By::new().predicate(|n| {
            n.role() == egui::accesskit::Role::Label
                && n.bounding_box().is_some_and(|b| b.y0 >= 570.0)
        }))
        .map(|n| n.rect())
        .collect();
    assert!(pieces.len() >= 3, "{pieces:?}");
    for (i, a) in pieces.iter().enumerate() {
        assert!(
            a.min.y >= bar_top - 1.0 && a.max.x <= 900.5,
            "{a:?} outside the status bar"
        );
        for b in &pieces[i + 1..] {
            assert!(
                !a.shrink(0.5).intersects(b.shrink(0.5)),
                "{a:?} runs over {b:?}"
            );
        }
    }
}
