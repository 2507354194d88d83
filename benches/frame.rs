//! Frame times of the real app UI in a headless egui context (no GPU, no window), and of a
//! naive reader for comparison (issue 6). `cargo bench --bench frame`
//!
//! A frame here is what the CPU does for one picture: the whole app's UI pass (panels,
//! reader, highlights) plus egui's tessellation of what it drew into triangles. The GPU
//! upload and drawing are left out. The accessibility tree is off, as it is unless a
//! screen reader asks for it.

#[path = "support/timing.rs"]
#[allow(dead_code)] // This bench times frames itself and uses only the report.
mod timing;

use eframe::App as _;
use egui::{Event, Modifiers, MouseWheelUnit, TouchPhase, vec2};
use marginalia::core::corpus;
use marginalia::core::document::Document;
use marginalia::core::persist::{self, NoteSetFile};
use marginalia::ui::{AppOptions, MarginaliaApp};
use std::path::Path;
use std::time::{Duration, Instant};
use timing::Timings;

/// The app and its context, driven frame by frame.
struct Headless {
    ctx: egui::Context,
    app: MarginaliaApp,
    frame: eframe::Frame,
    size: egui::Vec2,
    /// Time spent turning each frame's shapes into triangles.
    tessellation: Vec<Duration>,
}

impl Headless {
    /// The app on `doc` with `set` opened through the normal path (saved, then loaded).
    fn new(doc: Document, set: marginalia::core::study::note_set::NoteSet, dir: &Path) -> Self {
        let path = dir.join(format!("bench-{}.ron", set.highlights().len()));
        let file = NoteSetFile {
            title: "bench".into(),
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
        let ctx = egui::Context::default();
        let app = MarginaliaApp::new(&eframe::CreationContext::_new_kittest(ctx.clone()), options);
        let mut headless = Headless {
            ctx,
            app,
            frame: eframe::Frame::_new_kittest(),
            size: vec2(1400.0, 900.0),
            tessellation: Vec::new(),
        };
        for _ in 0..5 {
            headless.frame(vec![Event::PointerMoved(egui::pos2(600.0, 450.0))]);
        }
        headless
    }

    /// One frame with `events`; returns how long the UI pass and tessellation took, and
    /// records the tessellation part alone in `tessellation`.
    fn frame(&mut self, events: Vec<Event>) -> Duration {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, self.size)),
            events,
            ..Default::default()
        };
        let start = Instant::now();
        let output = self
            .ctx
            .run_ui(input, |ui| self.app.ui(ui, &mut self.frame));
        let ui_done = Instant::now();
        let _ = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        self.tessellation.push(ui_done.elapsed());
        start.elapsed()
    }
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

fn run(
    name: &str,
    app: &mut Headless,
    frames: usize,
    event: impl Fn(usize) -> Option<Event>,
) -> Timings {
    app.tessellation.clear();
    let samples = (0..frames)
        .map(|i| {
            let mut events = vec![Event::PointerMoved(egui::pos2(600.0, 450.0))];
            events.extend(event(i));
            app.frame(events)
        })
        .collect();
    Timings {
        name: name.to_string(),
        samples,
    }
}

/// The tessellation part of the frames of the last `run`.
fn tessellation(app: &mut Headless) -> Timings {
    Timings {
        name: "  of which tessellation (shapes to triangles)".into(),
        samples: std::mem::take(&mut app.tessellation),
    }
}

/// A naive reader: the whole text as one label in a scroll area, 640 pt wide.
struct Naive {
    ctx: egui::Context,
    text: String,
    width: f32,
}

impl Naive {
    fn frame(&self, events: Vec<Event>) -> Duration {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                vec2(1400.0, 900.0),
            )),
            events,
            ..Default::default()
        };
        let start = Instant::now();
        let output = self.ctx.run_ui(input, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.set_max_width(self.width);
                ui.label(&self.text);
            });
        });
        let _ = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        start.elapsed()
    }
}

fn mean(t: &Timings) -> Duration {
    t.samples.iter().sum::<Duration>() / t.samples.len().max(1) as u32
}

/// `cargo bench --bench frame -- [seed|volume] [--frames N]`: which groups to run (both by
/// default) and how many frames each timed run takes (300 by default; more for profiling).
struct Args {
    seed: bool,
    volume: bool,
    frames: usize,
}

impl Args {
    fn parse() -> Self {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let frames = args
            .iter()
            .position(|a| a == "--frames")
            .and_then(|i| args.get(i + 1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(300);
        let named = |g: &str| args.iter().any(|a| a == g);
        let any = named("seed") || named("volume");
        Args {
            seed: !any || named("seed"),
            volume: !any || named("volume"),
            frames,
        }
    }
}

fn main() {
    // As the program does first thing (src/main.rs), so frames cost what they cost there.
    marginalia::allocator::tune_for_frames();
    let args = Args::parse();
    let dir = std::env::temp_dir().join(format!("marginalia-frames-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_default();

    if args.seed {
        seed_letter(&args, &dir);
    }
    if args.volume {
        volume(&args, &dir);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn seed_letter(args: &Args, dir: &Path) {
    let ms = |n: f64| Some(Duration::from_secs_f64(n / 1000.0));
    let seed = Document::seed();
    let seed_set = corpus::note_set(&seed, 500, 3);
    let mut letter = Headless::new(seed, seed_set, dir);
    println!(
        "{}",
        run(
            "frame, seed letter + 500 highlights, idle",
            &mut letter,
            args.frames,
            |_| None
        )
        .report(ms(0.5), None)
    );
    println!("{}", tessellation(&mut letter).report(None, None));
    let scroll = |i: usize| {
        Some(wheel(if (i / 50).is_multiple_of(2) {
            40.0
        } else {
            -40.0
        }))
    };
    println!(
        "{}",
        run(
            "frame, seed letter + 500 highlights, scrolling 40 pt/frame",
            &mut letter,
            args.frames,
            scroll
        )
        .report(ms(0.5), None)
    );
    println!("{}", tessellation(&mut letter).report(None, None));
}

fn volume(args: &Args, dir: &Path) {
    let ms = |n: f64| Some(Duration::from_secs_f64(n / 1000.0));
    let text = corpus::volume_text(4_000_000, 1);
    let start = Instant::now();
    let doc = Document::from_text(&text, "volume.txt");
    let set = corpus::note_set(&doc, 10_000, 1);
    let mut volume = Headless::new(doc, set, dir);
    println!(
        "(4 MB volume parsed, 10k-highlight set saved, loaded, attached, first 5 frames drawn: {:.0} ms)",
        start.elapsed().as_secs_f64() * 1000.0
    );
    let ours = run(
        "frame, 4 MB + 10k highlights, scrolling 40 pt/frame",
        &mut volume,
        args.frames,
        |_| Some(wheel(40.0)),
    );
    println!("{}", ours.report(ms(2.0), None));
    println!("{}", tessellation(&mut volume).report(None, None));

    let sizes = [vec2(1400.0, 900.0), vec2(1330.0, 860.0)];
    let resize = Timings {
        name: "frame during window resize, 4 MB + 10k highlights".into(),
        samples: (0..60)
            .map(|i| {
                volume.size = sizes[i % 2];
                volume.frame(vec![Event::PointerMoved(egui::pos2(600.0, 450.0))])
            })
            .collect(),
    };
    println!("{}", resize.report(ms(16.0), ms(50.0)));

    let naive = Naive {
        ctx: egui::Context::default(),
        text: text.clone(),
        width: 640.0,
    };
    let first = naive.frame(vec![Event::PointerMoved(egui::pos2(300.0, 400.0))]);
    println!(
        "naive reader, first frame (lays out the whole 4 MB text): {:.0} ms",
        first.as_secs_f64() * 1000.0
    );
    let naive_scroll = Timings {
        name: "frame, naive reader (one label, whole 4 MB text), scrolling".into(),
        samples: (0..30)
            .map(|_| {
                naive.frame(vec![
                    Event::PointerMoved(egui::pos2(300.0, 400.0)),
                    wheel(40.0),
                ])
            })
            .collect(),
    };
    println!("{}", naive_scroll.report(None, None));
    println!(
        "ratio while scrolling, naive mean / ours mean: {:.1}× (goal ≥ 5×)",
        mean(&naive_scroll).as_secs_f64() / mean(&ours).as_secs_f64()
    );
}
