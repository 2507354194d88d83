//! The study seen at a glance: the density strip beside the reader.

mod common;

use egui_kittest::kittest::Queryable;
use marginalia::ui::AppOptions;
use marginalia::ui::action::{Action, SessionAction};

#[test]
fn a_click_on_the_density_strip_scrolls_the_reader_there() {
    let mut harness = common::harness(AppOptions::seed());
    harness.state_mut().apply(
        &egui::Context::default(),
        Action::Session(SessionAction::OpenNoteSet(
            "saves/example-brezhnev-1978.ron".into(),
        )),
    );
    harness.run_steps(3);
    assert_eq!(harness.state().notes().highlights().len(), 20);
    let top = harness.state().panels().reader.top_offset;
    assert!(top.index() < 200, "the letter opens at its top");
    // A click in the middle of the strip: the middle of the letter.
    harness
        .get_by_label("Where the highlights lie in this document (click to go there)")
        .click();
    harness.run_steps(4);
    let doc_len = harness.state().document().char_len();
    let now = harness.state().panels().reader.top_offset.index();
    assert!(
        now > doc_len / 4 && now < doc_len * 3 / 4,
        "the reader went to the middle: {now} of {doc_len}"
    );
}

/// The window on the example reading, its Overview open (at `chart`, else at Topics).
fn overview_on_example(
    chart: Option<&str>,
) -> egui_kittest::Harness<'static, marginalia::ui::MarginaliaApp> {
    let mut harness = common::harness(AppOptions::seed());
    harness.state_mut().apply(
        &egui::Context::default(),
        Action::Session(SessionAction::OpenNoteSet(
            "saves/example-brezhnev-1978.ron".into(),
        )),
    );
    harness.run_steps(3);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num4);
    // A window is measured in its first frame and shown in the next.
    harness.run_steps(3);
    if let Some(chart) = chart {
        harness.get_by_label(chart).click();
        harness.run_steps(3);
    }
    harness
}

#[test]
fn a_click_on_a_co_occurrence_cell_lists_exactly_the_passages_with_both_topics() {
    let mut harness = overview_on_example(Some("Together"));
    let set = harness.state().notes().clone();
    let id = |name: &str| set.topic_by_name(name).unwrap().id;
    let (salt, domestic) = (id("Arms control/SALT"), id("US domestic politics"));
    let both: Vec<String> = set
        .highlights()
        .iter()
        .filter(|h| h.topics.contains(&salt) && h.topics.contains(&domestic))
        .map(|h| h.anchor.quote.clone())
        .collect();
    assert_eq!(both.len(), 2, "the example has two");
    harness
        .get_by_label("Arms control/SALT × US domestic politics: 2")
        .click();
    harness.run_steps(2);
    harness.get_by_label_contains("Arms control/SALT × US domestic politics: 2 passages with both");
    let listed: Vec<String> = harness
        .query_all_by_label_contains("” — 84 · Letter From Soviet")
        .map(|n| {
            use egui_kittest::kittest::NodeT;
            n.accesskit_node().label().unwrap_or_default()
        })
        .collect();
    assert_eq!(listed.len(), both.len(), "{listed:?}");
    for quote in &both {
        let start: String = quote.chars().take(30).collect();
        assert!(
            listed.iter().any(|l| l.contains(&start)),
            "{start} in {listed:?}"
        );
    }
    // The diagonal is the topic's own count.
    harness.get_by_label("Arms control/SALT × Arms control/SALT: 6");
}

#[test]
fn topics_and_over_time_draw_their_charts() {
    let mut harness = overview_on_example(None);
    harness.get_by_label("Highlights per topic");
    harness.get_by_label("Over time").click();
    harness.run_steps(2);
    // The letter is dated February 1978 by its sidecar.
    harness.get_by_label("Highlights per topic per month of the documents' dates");
}

/// A set on the letter with `topics` topics named by `name`, and a highlight per topic
/// (tagged with it and the next one).
fn set_with_topics(
    topics: usize,
    name: impl Fn(usize) -> String,
) -> marginalia::core::study::note_set::NoteSet {
    use marginalia::core::study::edit::Edit;
    use marginalia::core::study::topic::PALETTE;
    use marginalia::core::text::{CharOffset, CharRange};
    use marginalia::core::time::Timestamp;
    let doc = marginalia::core::document::Document::seed();
    let mut set = marginalia::core::study::note_set::NoteSet::of_document(&doc);
    let mut ids = Vec::new();
    for i in 0..topics {
        let (edit, id) = Edit::create_topic(&set, &name(i), PALETTE[i % PALETTE.len()]).unwrap();
        edit.apply(&mut set).unwrap();
        ids.push(id);
    }
    for i in 0..topics {
        let start = (i * 40) % (doc.char_len() - 20);
        let range = CharRange::new(CharOffset(start), CharOffset(start + 10));
        let mut tags = vec![ids[i]];
        if i + 1 < topics {
            tags.push(ids[i + 1]);
        }
        let (edit, _) = Edit::create_highlight(&set, &doc, range, tags, Timestamp(1)).unwrap();
        edit.apply(&mut set).unwrap();
    }
    set
}

#[test]
fn every_chart_draws_an_empty_study_one_topic_two_hundred_and_very_long_names() {
    use marginalia::core::persist::{self, NoteSetFile};
    let dir = std::env::temp_dir().join(format!("marginalia-overview-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let long = |i: usize| format!("{i} {}", "a very long topic name ".repeat(14));
    let cases = [
        ("empty", set_with_topics(0, |i| i.to_string())),
        ("one", set_with_topics(1, |i| format!("Topic {i}"))),
        ("many", set_with_topics(200, |i| format!("Topic {i}"))),
        ("long", set_with_topics(3, long)),
    ];
    for (name, set) in cases {
        let topics = set.topics().len();
        let path = dir.join(format!("{name}.ron"));
        persist::save(&path, &NoteSetFile::new(name, set)).unwrap();
        let mut harness = common::harness(AppOptions::seed());
        harness.state_mut().apply(
            &egui::Context::default(),
            Action::Session(SessionAction::OpenNoteSet(path)),
        );
        harness.run_steps(3);
        assert_eq!(harness.state().notes().topics().len(), topics, "{name}");
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num4);
        harness.run_steps(3);
        if topics == 0 {
            harness.get_by_label("No topics yet: make some in the Topics tab.");
        } else {
            harness.get_by_label("Highlights per topic");
        }
        harness.get_by_label("Over time").click();
        harness.run_steps(3);
        harness.get_by_label("Together").click();
        harness.run_steps(3);
        if topics > 0 {
            harness.get_by_label("Topics used together (matrix)");
            // Each topic's own cell holds its highlights: its own and the one before.
            let first = harness.state().notes().topics()[0].name.clone();
            harness.get_by_label(&format!("{first} × {first}: 1"));
        } else {
            harness.get_by_label("No topics yet.");
        }
        // A narrow window keeps working.
        harness.set_size(egui::vec2(900.0, 600.0));
        harness.run_steps(3);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_chart_s_numbers_are_saved_as_csv_beside_the_note_sets() {
    let saves = std::env::temp_dir().join(format!("marginalia-chart-csv-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&saves);
    let mut harness = common::harness(AppOptions {
        saves_dir: Some(saves.clone()),
        ..AppOptions::seed()
    });
    harness.state_mut().apply(
        &egui::Context::default(),
        Action::Session(SessionAction::OpenNoteSet(
            "saves/example-brezhnev-1978.ron".into(),
        )),
    );
    harness.run_steps(3);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num4);
    harness.run_steps(3);
    harness.get_by_label("Export CSV").click();
    harness.run_steps(2);
    let written = std::fs::read_to_string(saves.join("overview-topics.csv")).unwrap();
    let set = harness.state().notes();
    let expected = marginalia::core::stats::frequencies_csv(
        &marginalia::core::stats::topic_frequencies(set, &Default::default()),
    );
    assert_eq!(written, expected);
    assert!(written.starts_with("topic,depth,highlights,with_nested,characters,share\n"));
    let _ = std::fs::remove_dir_all(&saves);
}

/// The date field: a range narrows the numbers; a month that does not exist is named as
/// not a date, and every date counts meanwhile.
#[test]
fn a_date_range_narrows_the_numbers_and_a_wrong_date_is_named() {
    let mut harness = overview_on_example(Some("Together"));
    let own = "Arms control/SALT × Arms control/SALT";
    harness.get_by_label(&format!("{own}: 6"));
    // The letter is of February 1978: a range after it counts nothing.
    harness.get_by_label("Dates").click();
    harness.run_steps(1);
    harness.get_by_label("Dates").type_text("1979..");
    harness.run_steps(3);
    harness.get_by_label(&format!("{own}: 0"));
    assert!(harness.query_by_label_contains("is not a date").is_none());
    // So does one that ends before it.
    for _ in 0.."1979..".len() {
        harness.key_press(egui::Key::Backspace);
    }
    harness.get_by_label("Dates").type_text("..1978-01");
    harness.run_steps(3);
    harness.get_by_label(&format!("{own}: 0"));
    // February itself takes it.
    for _ in 0.."..1978-01".len() {
        harness.key_press(egui::Key::Backspace);
    }
    harness.get_by_label("Dates").type_text("1978-02");
    harness.run_steps(3);
    harness.get_by_label(&format!("{own}: 6"));
    // A thirteenth month is named, and all dates count.
    for _ in 0.."1978-02".len() {
        harness.key_press(egui::Key::Backspace);
    }
    harness.get_by_label("Dates").type_text("1978-13");
    harness.run_steps(3);
    harness.get_by_label_contains("“1978-13” is not a date");
    harness.get_by_label(&format!("{own}: 6"));
}

/// A click on a parent's bar lists its nested topics under it; another click hides them.
#[test]
fn a_click_on_a_parent_s_bar_lists_its_nested_topics() {
    let mut harness = overview_on_example(None);
    assert!(harness.state().panels().overview.expanded.is_empty());
    // The chart lies under its title; "Arms control" (with SALT nested in it) has the
    // most highlights, so its bar is the top one. Other bars are no parents: a click on
    // them opens nothing.
    let title = harness.get_by_label("Highlights per topic").rect();
    let at = |dy: f32| egui::pos2(title.center().x + 120.0, title.bottom() + dy);
    let click = |harness: &mut egui_kittest::Harness<'static, marginalia::ui::MarginaliaApp>,
                 pos: egui::Pos2| {
        harness.hover_at(pos);
        for pressed in [true, false] {
            harness.event(egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: egui::Modifiers::NONE,
            });
        }
        harness.run_steps(2);
    };
    let mut top_bar = None;
    for dy in (12..80).step_by(4) {
        click(&mut harness, at(dy as f32));
        if harness
            .state()
            .panels()
            .overview
            .expanded
            .contains("Arms control")
        {
            top_bar = Some(at(dy as f32));
            break;
        }
    }
    assert!(
        top_bar.is_some(),
        "a click on the top bar opened Arms control"
    );
    assert_eq!(harness.state().panels().overview.expanded.len(), 1);
    // Its nested topics now take rows under it, so its bar is thinner: look again.
    for dy in (12..80).step_by(2) {
        click(&mut harness, at(dy as f32));
        if harness.state().panels().overview.expanded.is_empty() {
            return;
        }
    }
    panic!("no click on its bar closed Arms control");
}

#[test]
fn a_chart_s_picture_holds_the_chart_alone() {
    // Over time: its hint is left out of the frame the picture is taken from, and the
    // chart stops short of the window's resize grip.
    let mut harness = overview_on_example(Some("Over time"));
    harness.get_by_label("Click a bar to see its passages.");
    harness.get_by_label("Export PNG").click();
    harness.step();
    harness.step();
    assert!(
        harness
            .query_by_label("Click a bar to see its passages.")
            .is_none(),
        "the hint is in the picture"
    );
    let chart = harness
        .state()
        .panels()
        .overview
        .chart_rect()
        .expect("the chart was drawn");
    let window = harness.get_by_label("Overview").rect();
    assert!(
        chart.bottom() <= window.bottom() - 12.0,
        "the picture {chart:?} reaches the window's resize grip ({window:?})"
    );
    harness.run_steps(2);
    harness.get_by_label("Click a bar to see its passages.");

    // Together: the selected cell's passage list is not in the picture.
    harness.get_by_label("Together").click();
    harness.run_steps(2);
    harness
        .get_by_label("Arms control/SALT × US domestic politics: 2")
        .click();
    harness.run_steps(2);
    harness.get_by_label_contains("passages with both");
    harness.get_by_label("Export PNG").click();
    harness.step();
    harness.step();
    assert!(
        harness
            .query_by_label_contains("passages with both")
            .is_none()
    );
    harness.run_steps(2);
    harness.get_by_label_contains("passages with both");
}
