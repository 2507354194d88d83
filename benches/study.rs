//! A study of many documents (issue 15): the synthetic 10 MB TEI volume of 500 documents,
//! and a note set with 20,000 highlights on 300 of them and 40 topics.
//! `cargo bench --bench study`
//!
//! - open to first frame: the window started with the study (`--notes`), from nothing to
//!   the first frame that shows its first document with its highlights: the volume read,
//!   the set read and fitted to its 300 documents (on the worker thread the window uses
//!   for large files), and the frame drawn (headless egui: UI pass and tessellation);
//! - switch document: another document of the study and its first frame;
//! - topic filter across the study: the Passages tab's rows for a new filter, and the
//!   whole frame in which the filter changes with that tab open;
//! - Passages frame while scrolling (p95);
//! - Find in study: all hits of a phrase in the 500 documents (texts folded once before);
//! - save and load of the study file (20,000 highlights);
//! - peak memory of the process.
//!
//! Goals: open ≤ 800 ms, switch ≤ 30 ms, filter ≤ 10 ms, Passages frame p95 ≤ 2 ms,
//! find ≤ 60 ms, save ≤ 80 ms, load ≤ 80 ms, peak memory ≤ 400 MB.

#[path = "support/headless.rs"]
mod headless;
#[path = "support/study_data.rs"]
mod study_data;
#[path = "support/timing.rs"]
mod timing;

use egui::{Event, vec2};
use headless::{SIZE, frame, memory};
use marginalia::core::persist::{self, NoteSetFile};
use marginalia::core::study::filter::TopicFilter;
use marginalia::core::study::source::SourceId;
use marginalia::ui::action::{Action, DocRef, ViewAction, WorkspaceAction};
use marginalia::ui::panels::passages::PassagesState;
use marginalia::ui::panels::study_search::{Searchable, StudySearchState};
use marginalia::ui::{AppOptions, MarginaliaApp};
use std::time::{Duration, Instant};
use timing::time;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("study: bench");
        return;
    }
    let dir = std::env::temp_dir().join(format!("marginalia-study-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let volume_path = dir.join("frus-synthetic.xml");
    let study_path = dir.join("study.ron");
    {
        let (volume, set) = study_data::synthetic_study(&dir);
        let file = NoteSetFile::new("Synthetic study", set);
        println!(
            "volume: {:.1} MB, {} documents; study: {:.1} MB, {} documents, {} highlights, {} topics",
            std::fs::metadata(&volume_path).map_or(0, |m| m.len()) as f64 / 1e6,
            volume.documents().len(),
            std::fs::metadata(&study_path).map_or(0, |m| m.len()) as f64 / 1e6,
            file.set.sources().len(),
            file.set.highlights().len(),
            file.set.topics().len()
        );
    }

    // Open to first frame, as `marginalia --notes study.ron` does.
    let t = Instant::now();
    let ctx = egui::Context::default();
    let options = AppOptions {
        notes: Some(study_path.clone()),
        saves_dir: Some(dir.clone()),
        ..AppOptions::seed()
    };
    let mut app = MarginaliaApp::new(&eframe::CreationContext::_new_kittest(ctx.clone()), options);
    let mut eframe_frame = eframe::Frame::_new_kittest();
    let mut frames = 0;
    loop {
        frame(&ctx, &mut app, &mut eframe_frame, Vec::new());
        frames += 1;
        if app.notes().highlights().len() == 20_000 && app.opens_in_progress() == 0 {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "the study did not open"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    frame(&ctx, &mut app, &mut eframe_frame, Vec::new());
    let open = t.elapsed();
    println!(
        "open to first frame (volume, 300 documents fitted, 20,000 highlights): {:.0} ms ({frames} frames while it opened){}",
        ms(open),
        if open <= Duration::from_millis(800) {
            " — goal met (≤ 800 ms)"
        } else {
            " — goal NOT met (≤ 800 ms)"
        }
    );
    assert_eq!(app.notes().sources().len(), 300);
    assert!(app.notes().orphans().is_empty(), "every highlight placed");

    // Switch document: another source and its first frame.
    let ids: Vec<SourceId> = app.notes().sources().iter().map(|r| r.id).collect();
    let mut i = 0;
    let switch = time("switch document (+ its first frame)", 3, 60, || {
        i += 1;
        let id = ids[(i * 37 + 11) % ids.len()];
        app.apply(
            &ctx,
            Action::Workspace(WorkspaceAction::OpenDoc(DocRef::Source(id))),
        );
        frame(&ctx, &mut app, &mut eframe_frame, Vec::new());
    });
    println!("{}", switch.report(Some(Duration::from_millis(30)), None));

    // Topic filter across the study: the Passages rows for a new filter.
    let set = app.notes().clone();
    let topics: Vec<_> = set.topics().iter().map(|t| t.id).collect();
    let mut passages = PassagesState::default();
    let mut n = 0;
    let rows = time(
        "topic filter: Passages rows over 20,000 highlights",
        3,
        60,
        || {
            n += 1;
            let filter = TopicFilter {
                topics: [topics[n % topics.len()], topics[(n * 7 + 3) % topics.len()]].into(),
                ..Default::default()
            };
            passages.rows(&set, n as u64, &filter).len()
        },
    );
    println!("{}", rows.report(Some(Duration::from_millis(10)), None));
    app.apply(
        &ctx,
        Action::Run(marginalia::ui::action::Command::ShowPassages),
    );
    frame(&ctx, &mut app, &mut eframe_frame, Vec::new());
    let mut k = 0;
    let filter_frames = time(
        "topic filter: the frame that applies it (Passages tab open)",
        3,
        40,
        || {
            k += 1;
            app.apply(
                &ctx,
                Action::View(ViewAction::ToggleFilterTopic(topics[k % topics.len()])),
            );
            frame(&ctx, &mut app, &mut eframe_frame, Vec::new());
        },
    );
    println!(
        "{}",
        filter_frames.report(Some(Duration::from_millis(10)), None)
    );
    app.apply(&ctx, Action::View(ViewAction::ClearFilter));
    frame(&ctx, &mut app, &mut eframe_frame, Vec::new());

    // Passages frames while scrolling, over the right panel.
    let over_list = egui::pos2(SIZE.x - 150.0, SIZE.y / 2.0);
    let mut down = true;
    let mut step = 0;
    let scrolling = time(
        "Passages frame while scrolling (20,000 passages)",
        20,
        600,
        || {
            step += 1;
            if step % 150 == 0 {
                down = !down;
            }
            let delta = if down { -120.0 } else { 120.0 };
            frame(
                &ctx,
                &mut app,
                &mut eframe_frame,
                vec![
                    Event::PointerMoved(over_list),
                    Event::MouseWheel {
                        unit: egui::MouseWheelUnit::Point,
                        delta: vec2(0.0, delta),
                        modifiers: egui::Modifiers::NONE,
                        phase: egui::TouchPhase::Move,
                        source: egui::MouseWheelSource::Unknown,
                    },
                ],
            );
        },
    );
    println!("{}", scrolling.report(Some(Duration::from_millis(2)), None));

    // Find in study: every document of the volume, texts folded once.
    let volume = marginalia::core::tei::Volume::open(&volume_path).expect("reads");
    let docs: Vec<Searchable<'_>> = (volume.documents().iter().enumerate())
        .map(|(index, d)| Searchable {
            doc: DocRef::InVolume {
                volume: volume_path.to_string_lossy().into_owned(),
                index,
            },
            label: d.info().title.clone(),
            text: d,
        })
        .collect();
    let mut search = StudySearchState::default();
    let t = Instant::now();
    search.query = "xx".into();
    search.refresh(&docs);
    println!(
        "find in study: folding the 500 texts once: {:.0} ms",
        ms(t.elapsed())
    );
    let phrases = [
        "Soviet",
        "the Secretary",
        "arms",
        "President",
        "agreement",
        "of the",
    ];
    let mut p = 0;
    let mut hits = 0;
    let find = time(
        "find in study: all hits of a phrase in 500 documents",
        2,
        30,
        || {
            p += 1;
            search.query = phrases[p % phrases.len()].to_string();
            search.refresh(&docs);
            hits = hits.max(search.hits());
        },
    );
    println!(
        "{} (up to {hits} hits)",
        find.report(Some(Duration::from_millis(60)), None)
    );

    // Save and load of the study file.
    let file = NoteSetFile::new("Synthetic study", set.clone());
    let save_path = dir.join("saved.ron");
    let save = time("save the study (20,000 highlights, atomic)", 2, 15, || {
        persist::save(&save_path, &file).expect("saved")
    });
    println!("{}", save.report(Some(Duration::from_millis(80)), None));
    let load = time("load and check the study file", 2, 15, || {
        persist::load(&save_path).expect("loaded")
    });
    println!("{}", load.report(Some(Duration::from_millis(80)), None));
    let reopen = time(
        "open the study onto its 300 documents (load + fit)",
        1,
        5,
        || {
            persist::open_note_set(
                &save_path,
                persist::OpenOn::Own { current: None },
                &Default::default(),
            )
            .expect("opened")
        },
    );
    println!("{}", reopen.report(None, None));

    let (peak, now) = memory();
    println!(
        "memory: peak {peak:.0} MB, {now:.0} MB held{}",
        if peak <= 400.0 {
            " — goal met (≤ 400 MB)"
        } else {
            " — goal NOT met (≤ 400 MB)"
        }
    );
    std::fs::remove_dir_all(&dir).ok();
}
