//! Core speed goals on a generated 4 MB volume with 10,000 highlights (issue 6), measured
//! with criterion. `cargo bench --bench core` (criterion's usual arguments work, e.g. a
//! filter: `cargo bench --bench core -- search`).
//!
//! Criterion gives its own estimates (mean, confidence interval, change since the last
//! run). The goals are stated on p50 / p95 / max of single runs, so every run criterion
//! times is also recorded alone, and a table of those is printed at the end.

#[path = "support/timing.rs"]
#[allow(dead_code)] // Only the report is used here; criterion runs the code.
mod timing;

use criterion::{Criterion, SamplingMode};
use marginalia::core::corpus;
use marginalia::core::document::Document;
use marginalia::core::document::search::{Folded, SearchOptions, find_all};
use marginalia::core::persist::{self, NoteSetFile};
use marginalia::core::study::filter::TopicFilter;
use marginalia::core::study::source::SourceId;
use marginalia::core::text::{CharOffset, CharRange};
use std::hint::black_box;
use std::time::{Duration, Instant};
use timing::Timings;

/// Each benchmark's single runs, for the goal table.
struct Recorder {
    rows: Vec<(Timings, Option<Duration>)>,
    samples: usize,
}

impl Recorder {
    /// Benchmarks `f` under `name` in `c`, and keeps the durations of the runs of the
    /// measured samples (criterion's warm-up calls come first and are dropped).
    fn bench<R>(
        &mut self,
        c: &mut Criterion,
        name: &str,
        goal: Option<Duration>,
        mut f: impl FnMut() -> R,
    ) {
        let mut calls: Vec<Vec<Duration>> = Vec::new();
        let mut group = c.benchmark_group("core");
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(self.samples);
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut runs = Vec::with_capacity(iters as usize);
                for _ in 0..iters {
                    let start = Instant::now();
                    black_box(f());
                    runs.push(start.elapsed());
                }
                let total = runs.iter().sum();
                calls.push(runs);
                total
            })
        });
        group.finish();
        // A filtered-out benchmark never runs.
        if calls.is_empty() {
            return;
        }
        let measured = calls.len().saturating_sub(self.samples);
        let samples = calls.drain(measured..).flatten().collect();
        self.rows.push((
            Timings {
                name: name.to_string(),
                samples,
            },
            goal,
        ));
    }
}

fn ms(n: u64) -> Option<Duration> {
    Some(Duration::from_millis(n))
}

fn main() {
    // As the program does first thing (src/main.rs).
    marginalia::allocator::tune_for_frames();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let mut rec = Recorder {
        rows: Vec::new(),
        samples: 20,
    };

    let text = corpus::volume_text(4_000_000, 1);
    println!("volume: {} bytes", text.len());
    rec.bench(
        &mut c,
        "open 4 MB text: parse to canonical text + structure",
        ms(300),
        || Document::from_text(&text, "volume.txt"),
    );
    let doc = Document::from_text(&text, "volume.txt");
    let set = corpus::note_set(&doc, 10_000, 1);

    let dir = std::env::temp_dir().join(format!("marginalia-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_default();
    let path = dir.join("bench.ron");
    let file = NoteSetFile {
        title: "bench".into(),
        recovery_of: None,
        set: set.clone(),
    };
    rec.bench(
        &mut c,
        "note set, 10k highlights: format the RON text only",
        None,
        || file.to_ron(),
    );
    rec.bench(
        &mut c,
        "note set, 10k highlights: save (atomic, fsync)",
        ms(50),
        || persist::save(&path, &file),
    );
    persist::save(&path, &file).unwrap_or_else(|e| panic!("{e}"));
    rec.bench(
        &mut c,
        "note set, 10k highlights: load + validate",
        ms(50),
        || persist::load(&path),
    );
    let (loaded, loaded_text) = persist::load(&path).unwrap_or_else(|e| panic!("{e}"));
    rec.bench(
        &mut c,
        "note set, 10k highlights: attach to same text (exact)",
        None,
        || persist::attach(&path, &loaded_text, &loaded, &doc),
    );

    // An edited copy: a sentence inserted every twelve paragraphs shifts all after it.
    let mut edited = String::with_capacity(text.len() + 10_000);
    for (i, chunk) in text.split_inclusive("\n\n").enumerate() {
        if i % 12 == 0 {
            edited.push_str("An inserted sentence of the edited edition. ");
        }
        edited.push_str(chunk);
    }
    let edited_doc = Document::from_text(&edited, "edited.txt");
    let thousand = corpus::note_set(&doc, 1_000, 2);
    rec.bench(
        &mut c,
        "re-anchor 1,000 highlights against an edited 4 MB text",
        ms(200),
        || persist::reanchor_set(&edited_doc, &thousand),
    );
    let (_, report) = persist::reanchor_set(&edited_doc, &thousand);
    println!("re-anchoring placed: {}", report.summary());

    let topics: Vec<_> = set.topics().iter().take(3).map(|t| t.id).collect();
    let filter = TopicFilter {
        topics: topics.into_iter().collect(),
        ..Default::default()
    };
    rec.bench(
        &mut c,
        "topic filter change, 10k highlights (matching list)",
        ms(5),
        || {
            set.highlights()
                .iter()
                .filter(|h| filter.matches(&set, h))
                .count()
        },
    );

    rec.bench(
        &mut c,
        "search 4 MB, first query (fold the text + find)",
        None,
        || find_all(doc.text(), "Backfire", SearchOptions::default()).len(),
    );
    let folded = Folded::new(doc.text(), SearchOptions::default());
    rec.bench(
        &mut c,
        "search all hits in 4 MB (\"Backfire\", case-insensitive)",
        ms(20),
        || folded.find("Backfire").len(),
    );
    let accents = Folded::new(
        doc.text(),
        SearchOptions {
            case_sensitive: false,
            ignore_diacritics: true,
        },
    );
    rec.bench(
        &mut c,
        "search all hits in 4 MB, accents ignored (\"detente\")",
        ms(20),
        || accents.find("detente").len(),
    );
    rec.bench(
        &mut c,
        "highlights overlapping one paragraph, 10k set (x1000)",
        None,
        || {
            let mut found = 0;
            for i in 0..1000 {
                let at = (i * 3_989) % doc.char_len().saturating_sub(600);
                found += set
                    .highlights_overlapping(
                        SourceId::FIRST,
                        CharRange::new(CharOffset(at), CharOffset(at + 600)),
                    )
                    .count();
            }
            found
        },
    );
    let _ = std::fs::remove_dir_all(&dir);

    c.final_summary();
    if !rec.rows.is_empty() {
        println!("\nSingle runs of the measured samples, against the goals of issue 6:");
        for (timings, goal) in &rec.rows {
            println!("{}", timings.report(*goal, None));
        }
    }
}
