//! Reading a long PDF (issue 24): `tests/pdf/book-520-pages.pdf`, 520 pages of a FRUS book
//! and a two-column article (running heads, footnotes, hyphenation), made by
//! `tests/pdf/generate.py`. `cargo bench --bench pdf`
//!
//! - all of its text: the bytes to a `Document` (`core::pdf::read`, every page);
//! - first frame: from the file to the first frame of the window showing it (headless
//!   egui: the UI pass and tessellation, no GPU);
//! - poppler's `pdftotext` on the same file, when it is installed, to compare with;
//! - memory: the process's peak resident size.
//!
//! Goals: all of its text ≤ 3 s, first frame ≤ 1 s, within 2× of pdftotext, peak ≤ 300 MB.

#[path = "support/headless.rs"]
mod headless;

use egui::Event;
use headless::memory;
use marginalia::core::document::Document;
use marginalia::core::progress::Progress;
use marginalia::core::source::{Source, open_source};
use marginalia::ui::{AppOptions, MarginaliaApp};
use std::path::Path;
use std::time::{Duration, Instant};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn verdict(value: f64, goal: f64) -> &'static str {
    if value <= goal {
        "goal met"
    } else {
        "goal NOT met"
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("pdf: bench");
        return;
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pdf/book-520-pages.pdf");
    let bytes = std::fs::read(&path).expect("the bench's PDF (tests/pdf/generate.py makes it)");

    let mut runs = Vec::new();
    let mut doc = None;
    for _ in 0..5 {
        let t = Instant::now();
        let (parts, _) =
            marginalia::core::pdf::read(&bytes, "book.pdf", &Progress::default()).expect("reads");
        let d = Document::from_parts(parts);
        runs.push(t.elapsed());
        doc = Some(d);
    }
    let doc = doc.expect("read");
    let all = median(runs.clone());
    println!(
        "520 pages: {} characters, {} blocks, {} notes, {} printed pages",
        doc.text().chars().count(),
        doc.blocks().len(),
        doc.footnotes().len(),
        doc.pages().len()
    );
    println!(
        "all of its text (bytes → document): median {:.0} ms, slowest {:.0} ms — {} (≤ 3000 ms)",
        ms(all),
        ms(*runs.iter().max().expect("runs")),
        verdict(ms(all), 3000.0)
    );

    let poppler = (0..3)
        .map(|_| {
            let t = Instant::now();
            let out = std::process::Command::new("pdftotext")
                .arg(&path)
                .arg("/dev/null")
                .output();
            out.ok().filter(|o| o.status.success()).map(|_| t.elapsed())
        })
        .collect::<Option<Vec<_>>>();
    match poppler {
        Some(times) => {
            let p = median(times);
            println!(
                "pdftotext on the same file: median {:.0} ms; ours {:.2}× — {} (≤ 2×)",
                ms(p),
                ms(all) / ms(p),
                verdict(ms(all) / ms(p), 2.0)
            );
        }
        None => println!("pdftotext is not installed (Debian: poppler-utils): no comparison"),
    }

    let t = Instant::now();
    let Source::Text(document) = open_source(&path, None, &Progress::default()).expect("opens")
    else {
        panic!("a PDF is one document")
    };
    let options = AppOptions {
        document,
        ..AppOptions::seed()
    };
    let ctx = egui::Context::default();
    let mut app = MarginaliaApp::new(&eframe::CreationContext::_new_kittest(ctx.clone()), options);
    let mut eframe_frame = eframe::Frame::_new_kittest();
    headless::frame(
        &ctx,
        &mut app,
        &mut eframe_frame,
        vec![Event::PointerMoved(egui::pos2(600.0, 450.0))],
    );
    let first = t.elapsed();
    println!(
        "file to first frame: {:.0} ms — {} (≤ 1000 ms)",
        ms(first),
        verdict(ms(first), 1000.0)
    );
    let (peak, now) = memory();
    println!(
        "memory: peak {:.0} MB, {:.0} MB held — {} (≤ 300 MB)",
        peak,
        now,
        verdict(peak, 300.0)
    );
}
