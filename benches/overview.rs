//! Seeing a study (issue 16). `cargo bench --bench overview`
//!
//! - the Overview's numbers (topic frequencies, over time, co-occurrence, per document)
//!   for a study of 20,000 highlights on 300 documents of the synthetic TEI volume, with
//!   40 topics;
//! - a frame with the Overview open on each chart (headless egui: UI pass and
//!   tessellation);
//! - the density strip worked out again for 10,000 highlights on a 4 MB document;
//! - tagging 1,000 hits in a 4 MB document: finding them and making the one edit.
//!
//! Goals: numbers ≤ 20 ms, Overview frame p95 ≤ 4 ms, strip ≤ 5 ms, tagging ≤ 100 ms.

#[path = "support/headless.rs"]
mod headless;
#[path = "support/study_data.rs"]
mod study_data;
#[path = "support/timing.rs"]
mod timing;

use headless::{frame, memory};
use marginalia::core::corpus;
use marginalia::core::document::Document;
use marginalia::core::library::Library;
use marginalia::core::stats::{self, Selection, Together};
use marginalia::core::study::filter::TopicFilter;
use marginalia::core::study::source::SourceId;
use marginalia::core::study::topic::PALETTE;
use marginalia::core::tag::{self, Extent, Pattern};
use marginalia::core::time::Timestamp;
use marginalia::ui::action::{Action, Command};
use marginalia::ui::{AppOptions, MarginaliaApp};
use std::time::{Duration, Instant};
use timing::time;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("overview: bench");
        return;
    }
    let dir =
        std::env::temp_dir().join(format!("marginalia-overview-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let (_volume, set) = study_data::synthetic_study(&dir);
    println!(
        "study: {} documents, {} highlights, {} topics",
        set.sources().len(),
        set.highlights().len(),
        set.topics().len()
    );
    let all = Selection::default();
    let empty = Library::new();
    let numbers = time("the Overview's numbers (all four tables)", 3, 40, || {
        (
            stats::topic_frequencies(&set, &all).len(),
            stats::over_time(&set, &all).periods.len(),
            stats::cooccurrence(&set, &all, Together::SameHighlight, &empty)
                .topics
                .len(),
            stats::by_source(&set, &all).documents.len(),
        )
    });
    println!("{}", numbers.report(Some(Duration::from_millis(20)), None));

    // Frames with the Overview open: the window started on the study.
    let study_path = dir.join("study.ron");
    let ctx = egui::Context::default();
    let options = AppOptions {
        notes: Some(study_path.clone()),
        saves_dir: Some(dir.clone()),
        ..AppOptions::seed()
    };
    let mut app = MarginaliaApp::new(&eframe::CreationContext::_new_kittest(ctx.clone()), options);
    let mut eframe_frame = eframe::Frame::_new_kittest();
    let t = Instant::now();
    while app.notes().highlights().len() != 20_000 || app.opens_in_progress() > 0 {
        frame(&ctx, &mut app, &mut eframe_frame, Vec::new());
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "the study did not open"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    app.apply(&ctx, Action::Run(Command::Overview));
    for (chart, name) in [
        (marginalia::ui::panels::overview::Chart::Topics, "Topics"),
        (
            marginalia::ui::panels::overview::Chart::OverTime,
            "Over time",
        ),
        (
            marginalia::ui::panels::overview::Chart::Together,
            "Together",
        ),
    ] {
        app.panels_mut().overview.chart = chart;
        for _ in 0..5 {
            frame(&ctx, &mut app, &mut eframe_frame, Vec::new());
        }
        let pointer = vec![egui::Event::PointerMoved(egui::pos2(400.0, 300.0))];
        let frames = time(
            &format!("Overview frame, {name} (20,000 highlights, 40 topics)"),
            5,
            200,
            || frame(&ctx, &mut app, &mut eframe_frame, pointer.clone()),
        );
        println!("{}", frames.report(Some(Duration::from_millis(4)), None));
    }

    // The density strip: 10,000 highlights on a 4 MB document.
    let text = corpus::volume_text(4_000_000, 7);
    let big = Document::from_text(&text, "volume.txt");
    let ten_thousand = corpus::note_set(&big, 10_000, 3);
    let none = TopicFilter::default();
    let strip = time(
        "density strip worked out again (10,000 highlights, 4 MB)",
        3,
        40,
        || {
            marginalia::ui::panels::density::strip_rows(
                &big,
                &ten_thousand,
                SourceId::FIRST,
                &none,
                800,
            )
            .len()
        },
    );
    println!("{}", strip.report(Some(Duration::from_millis(5)), None));

    // Tagging 1,000 hits in a 4 MB document: the 1,000 first hits of a common word.
    let pattern = Pattern {
        text: "Soviet".into(),
        whole_word: true,
        ..Default::default()
    };
    let mut fresh = marginalia::core::study::note_set::NoteSet::of_document(&big);
    let (edit, topic) =
        marginalia::core::study::edit::Edit::create_topic(&fresh, "Soviet", PALETTE[0])
            .expect("made");
    edit.apply(&mut fresh).expect("applied");
    let mut hits = tag::find_hits(&big, &pattern, Extent::Words).expect("found");
    let found = hits.len();
    hits.truncate(1_000);
    println!("({found} hits of “Soviet” in the 4 MB text; the first 1,000 are tagged)");
    let tagging = time(
        "tag 1,000 hits in a 4 MB document (find + one edit)",
        2,
        20,
        || {
            let found = tag::find_hits(&big, &pattern, Extent::Words).expect("found");
            let pairs: Vec<(&Document, _)> = found.iter().take(1_000).map(|r| (&big, *r)).collect();
            let plan = tag::plan(&fresh, &pairs, topic, Timestamp(1));
            let mut set = fresh.clone();
            plan.edit
                .map(|e| e.apply(&mut set).map(|_| set.highlights().len()))
        },
    );
    println!("{}", tagging.report(Some(Duration::from_millis(100)), None));
    let (peak, _) = memory();
    println!("memory: peak {peak:.0} MB");
    std::fs::remove_dir_all(&dir).ok();
}
