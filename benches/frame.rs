//! Frame times of the real app UI in a headless egui context (no GPU, no window), and of a
//! naive reader for comparison (issue 6). `cargo bench --bench frame`
//!
//! Each frame runs the whole app: panels, reader, accessibility tree. Tessellation and
//! painting are the renderer's and are not included.

#[path = "support/timing.rs"]
#[allow(dead_code)] // This bench times frames itself and uses only the report.
mod timing;

use egui::{Event, Modifiers, MouseWheelUnit, TouchPhase, vec2};
use egui_kittest::Harness;
use marginalia::core::corpus;
use marginalia::core::document::Document;
use marginalia::core::persist::{self, DocumentRef, NoteSetFile};
use marginalia::ui::{AppOptions, MarginaliaApp};
use std::path::Path;
use std::time::{Duration, Instant};
use timing::Timings;

/// The app on `doc` with the note set `set` opened through the normal path.
fn app(
    doc: Document,
    set: marginalia::core::note_set::NoteSet,
    dir: &Path,
) -> Harness<'static, MarginaliaApp> {
    let path = dir.join(format!("bench-{}.ron", set.highlights().len()));
    let file = NoteSetFile {
        title: "bench".into(),
        document: DocumentRef::of(&doc, None),
        recovery_of: None,
        set,
    };
    persist::save(&path, &file).unwrap_or_else(|e| panic!("{e}"));
    let options = AppOptions {
        document: doc,
        notes: Some(path),
        notes_on_document: true,
        ..AppOptions::seed()
    };
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_eframe(move |cc| MarginaliaApp::new(cc, options));
    harness.run_steps(5);
    harness
}

fn wheel(delta: f32) -> Event {
    Event::MouseWheel {
        unit: MouseWheelUnit::Point,
        delta: vec2(0.0, -delta),
        phase: TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    }
}

/// Times `frames` steps of `harness`, feeding `event` (if any) before each.
fn frames(
    name: &str,
    harness: &mut Harness<'static, MarginaliaApp>,
    frames: usize,
    event: impl Fn(usize) -> Option<Event>,
) -> Timings {
    harness.hover_at(egui::pos2(600.0, 450.0));
    harness.step();
    let samples = (0..frames)
        .map(|i| {
            if let Some(e) = event(i) {
                harness.event(e);
            }
            let start = Instant::now();
            harness.step();
            start.elapsed()
        })
        .collect();
    Timings {
        name: name.to_string(),
        samples,
    }
}

/// A naive reader: the whole text as one label in a scroll area, scrolled 40 pt a frame.
fn naive(text: &str, frames: usize) -> Timings {
    let ctx = egui::Context::default();
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, vec2(1400.0, 900.0));
    let run = |events: Vec<Event>| {
        let input = egui::RawInput {
            screen_rect: Some(screen),
            events,
            ..Default::default()
        };
        let start = Instant::now();
        let _ = ctx.run_ui(input, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.set_max_width(640.0);
                ui.label(text);
            });
        });
        start.elapsed()
    };
    run(vec![Event::PointerMoved(egui::pos2(300.0, 400.0))]);
    let samples = (0..frames)
        .map(|_| {
            run(vec![
                Event::PointerMoved(egui::pos2(300.0, 400.0)),
                wheel(40.0),
            ])
        })
        .collect();
    Timings {
        name: "frame, naive reader (one label of the whole 4 MB text), scrolling".into(),
        samples,
    }
}

fn main() {
    let ms = |n: f64| Some(Duration::from_secs_f64(n / 1000.0));
    let dir = std::env::temp_dir().join(format!("marginalia-frames-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_default();

    let seed = Document::seed();
    let seed_set = corpus::note_set(&seed, 500, 3);
    let mut letter = app(seed, seed_set, &dir);
    let idle = frames(
        "frame, seed letter + 500 highlights, idle",
        &mut letter,
        200,
        |_| None,
    );
    println!("{}", idle.report(ms(0.5), None));
    let scrolling = frames(
        "frame, seed letter + 500 highlights, scrolling 40 pt/frame",
        &mut letter,
        200,
        |i| Some(wheel(if (i / 50) % 2 == 0 { 40.0 } else { -40.0 })),
    );
    println!("{}", scrolling.report(ms(0.5), None));

    let text = corpus::volume_text(4_000_000, 1);
    let start = Instant::now();
    let doc = Document::from_text(&text, "volume.txt");
    let set = corpus::note_set(&doc, 10_000, 1);
    let mut volume = app(doc, set, &dir);
    println!(
        "(4 MB volume + 10k highlights opened and first frames drawn in {:.0} ms)",
        start.elapsed().as_secs_f64() * 1000.0
    );
    let scrolling = frames(
        "frame, 4 MB + 10k highlights, scrolling 40 pt/frame",
        &mut volume,
        300,
        |_| Some(wheel(40.0)),
    );
    println!("{}", scrolling.report(ms(2.0), None));
    let ours_p50 = scrolling.samples.iter().sum::<Duration>() / scrolling.samples.len() as u32;

    let mut sizes = [vec2(1400.0, 900.0), vec2(1330.0, 860.0)]
        .into_iter()
        .cycle();
    let resize = {
        let samples = (0..60)
            .map(|_| {
                let size = sizes.next().unwrap_or(vec2(1400.0, 900.0));
                volume.set_size(size);
                let start = Instant::now();
                volume.step();
                start.elapsed()
            })
            .collect();
        Timings {
            name: "frame during window resize, 4 MB + 10k highlights".into(),
            samples,
        }
    };
    println!("{}", resize.report(ms(16.0), ms(50.0)));

    let naive = naive(&text, 30);
    println!("{}", naive.report(None, None));
    let naive_mean = naive.samples.iter().sum::<Duration>() / naive.samples.len() as u32;
    println!(
        "ratio, naive mean / ours mean while scrolling: {:.1}× (goal ≥ 5×)",
        naive_mean.as_secs_f64() / ours_p50.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
