//! Opening a FRUS TEI volume (issue 14): a synthetic 10 MB volume of 500 documents, about
//! 2,000 pages and 3,000 notes, with tables and lists. `cargo bench --bench tei`
//!
//! - parse: reading the file and turning it into 500 documents (`Volume::open`), and of
//!   that, the XML parse alone (roxmltree);
//! - first frame: from nothing to the first frame of its first document in the real app
//!   UI (headless egui: the UI pass and tessellation, no GPU);
//! - switch: opening another document of the volume and drawing its first frame;
//! - memory: the process's peak resident size after opening, and what it holds after.
//!
//! Goals: parse ≤ 300 ms, first frame ≤ 500 ms, switch ≤ 30 ms, memory ≤ 300 MB.

#[path = "support/headless.rs"]
mod headless;

use egui::Event;
use headless::memory;
use marginalia::core::corpus;
use marginalia::core::progress::Progress;
use marginalia::core::source::{Source, open_source};
use marginalia::core::tei::Volume;
use marginalia::ui::{AppOptions, MarginaliaApp};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A frame with the pointer over the text.
fn frame(ctx: &egui::Context, app: &mut MarginaliaApp, eframe_frame: &mut eframe::Frame) {
    headless::frame(
        ctx,
        app,
        eframe_frame,
        vec![Event::PointerMoved(egui::pos2(600.0, 450.0))],
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("tei: bench");
        return;
    }
    let before = memory();
    let xml = corpus::tei_volume(500, 16_500, 14);
    let dir = std::env::temp_dir().join(format!("marginalia-tei-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join("frus-synthetic.xml");
    std::fs::write(&path, &xml).expect("the volume written");
    let volume = Volume::open(&path).expect("the volume reads");
    let docs = volume.documents();
    let pages: usize = docs.iter().map(|d| d.pages().len()).sum();
    let notes: usize = docs.iter().map(|d| d.footnotes().len()).sum();
    println!(
        "volume: {:.1} MB, {} documents, {} page starts, {} notes",
        xml.len() as f64 / 1e6,
        docs.len(),
        pages,
        notes
    );
    drop(volume);
    drop(xml);

    let mut xml_only = Vec::new();
    let mut whole = Vec::new();
    let text = std::fs::read_to_string(&path).expect("read back");
    for _ in 0..5 {
        let t = Instant::now();
        let parsed = roxmltree::Document::parse(&text).map(|d| d.descendants().count());
        xml_only.push(t.elapsed());
        assert!(parsed.is_ok());
        let t = Instant::now();
        let v = Volume::open(&path).expect("reads");
        whole.push(t.elapsed());
        drop(v);
    }
    drop(text);
    let parse = median(whole.clone());
    println!(
        "parse (read + 500 documents): median {:.0} ms, slowest {:.0} ms (XML parse alone: median {:.0} ms)",
        ms(parse),
        ms(*whole.iter().max().expect("runs")),
        ms(median(xml_only))
    );

    // First frame: open the file as the app does, make the app, draw once.
    let t = Instant::now();
    let source = open_source(&path, None, &Progress::default()).expect("opens");
    let Source::Volume { volume, .. } = source else {
        panic!("a volume")
    };
    let options = AppOptions {
        document: volume.documents()[0].clone(),
        volume: Some(Arc::clone(&volume)),
        ..AppOptions::seed()
    };
    let ctx = egui::Context::default();
    let mut app = MarginaliaApp::new(&eframe::CreationContext::_new_kittest(ctx.clone()), options);
    let mut eframe_frame = eframe::Frame::_new_kittest();
    frame(&ctx, &mut app, &mut eframe_frame);
    let first = t.elapsed();
    println!("first frame of its first document: {:.0} ms", ms(first));
    let (peak, now) = memory();
    for _ in 0..5 {
        frame(&ctx, &mut app, &mut eframe_frame);
    }

    // Switches: another document and its first frame.
    let mut switches = Vec::new();
    for i in 0..40 {
        let index = (i * 37 + 11) % volume.documents().len();
        let t = Instant::now();
        app.open_source(Source::Volume {
            volume: Arc::clone(&volume),
            index,
        });
        frame(&ctx, &mut app, &mut eframe_frame);
        switches.push(t.elapsed());
        frame(&ctx, &mut app, &mut eframe_frame);
    }
    let slowest = *switches.iter().max().expect("switches");
    println!(
        "switch document (+ its first frame): median {:.1} ms, slowest {:.1} ms",
        ms(median(switches)),
        ms(slowest)
    );
    println!(
        "memory: peak {:.0} MB, {:.0} MB held with the volume open (process before: {:.0} MB)",
        peak, now, before.1
    );
    std::fs::remove_dir_all(&dir).ok();
}
