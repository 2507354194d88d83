//! Hostile and outsized inputs (issue 21): what each costs before it is refused or
//! answered. `cargo bench --bench hostile`
//!
//! Each case runs in a process of its own (this program starts itself again), so its
//! peak memory is its own:
//! - entities: a 250 KB TEI file that uses one 50,000-character entity 50,000 times
//!   (2.5 GB expanded) — refused;
//! - attributes: an element with 100,000 attributes (1.1 MB), and with 200,000 — refused;
//! - topics: `stats` by topic of a study with 100,000 topics and 20,000 highlights;
//! - together: the co-occurrence of 12,500 topics (20,000 highlights of three topics each);
//! - missing: a study's document looked for among 101 volumes of about 1 MB each, none of
//!   them its own.
//!
//! Goals: each refusal ≤ 100 ms and ≤ 50 MB; topics ≤ 1 s; together ≤ 1 s and ≤ 200 MB;
//! missing: peak no higher than about one volume's worth (≤ 150 MB).

// Only its memory reading: the frames it draws are other benchmarks'.
#[path = "support/headless.rs"]
#[allow(dead_code)]
mod headless;

use headless::memory;
use marginalia::core::corpus;
use marginalia::core::document::Document;
use marginalia::core::persist::{self, NoteSetFile};
use marginalia::core::stats::{self, Selection, Together};
use marginalia::core::study::edit::Edit;
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::study::source::SourceId;
use marginalia::core::study::topic::{PALETTE, Topic};
use marginalia::core::tei::Volume;
use marginalia::core::text::{CharOffset, CharRange};
use marginalia::core::time::Timestamp;
use std::time::{Duration, Instant};

const CASES: [&str; 6] = [
    "entities",
    "attributes-100000",
    "attributes-200000",
    "topics",
    "together",
    "missing",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        println!("hostile: bench");
        return;
    }
    if let Some(at) = args.iter().position(|a| a == "--case") {
        let case = args.get(at + 1).map(String::as_str).unwrap_or("");
        run(case);
        return;
    }
    println!("Hostile inputs, each in its own process (time; peak resident memory of the process)");
    let exe = std::env::current_exe().expect("this program's path");
    for case in CASES {
        let out = std::process::Command::new(&exe)
            .args(["--case", case])
            .output()
            .expect("the case runs");
        print!("{}", String::from_utf8_lossy(&out.stdout));
        if !out.status.success() {
            println!("{case}: FAILED\n{}", String::from_utf8_lossy(&out.stderr));
        }
    }
}

fn verdict(took: Duration, goal: Duration, peak: f64, peak_goal: f64) -> &'static str {
    if took <= goal && peak <= peak_goal {
        "goal met"
    } else {
        "goal NOT met"
    }
}

fn report(name: &str, took: Duration, goal: Duration, peak_goal: f64, what: &str) {
    let (peak, _) = memory();
    println!(
        "{name:<44} {:>9.1} ms   peak {:>6.1} MB   {} (≤ {} ms, ≤ {peak_goal} MB)   {what}",
        took.as_secs_f64() * 1000.0,
        peak,
        verdict(took, goal, peak, peak_goal),
        goal.as_millis()
    );
}

fn run(case: &str) {
    match case {
        "entities" => {
            let value = "x".repeat(50_000);
            let uses = "&big;".repeat(50_000);
            let text = format!(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE TEI [<!ENTITY big \"{value}\">]>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body><div type=\"document\"><p>{uses}</p></div></body></text></TEI>\n"
            );
            let start = Instant::now();
            let result = Volume::read(&text, "bomb.xml");
            let took = start.elapsed();
            let what = match result {
                Err(e) => format!("refused: {e}"),
                Ok(_) => "READ (not refused)".to_string(),
            };
            report(
                &format!("entities ({} KB file)", text.len() / 1024),
                took,
                Duration::from_millis(100),
                50.0,
                &what,
            );
        }
        "attributes-100000" | "attributes-200000" => {
            let n: usize = if case.ends_with("100000") {
                100_000
            } else {
                200_000
            };
            let attributes: String = (0..n).map(|i| format!(" a{i}=\"v\"")).collect();
            let text = format!(
                "<?xml version=\"1.0\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text{attributes}/></TEI>\n"
            );
            let start = Instant::now();
            let result = Volume::read(&text, "attributes.xml");
            let took = start.elapsed();
            let what = match result {
                Err(e) => format!(
                    "refused: {}",
                    e.to_string().chars().take(60).collect::<String>()
                ),
                Ok(_) => "READ (not refused)".to_string(),
            };
            report(
                &format!("{n} attributes ({:.1} MB file)", text.len() as f64 / 1e6),
                took,
                Duration::from_millis(100),
                50.0,
                &what,
            );
        }
        "topics" | "together" => {
            let (topics, per_highlight) = if case == "topics" {
                (100_000, 2)
            } else {
                (12_500, 3)
            };
            let set = many_topics(topics, 20_000, per_highlight);
            let all = Selection::default();
            let start = Instant::now();
            let what = if case == "topics" {
                let rows = stats::topic_frequencies(&set, &all);
                let csv = stats::frequencies_csv(&rows);
                format!("{} rows, {} KB of CSV", rows.len(), csv.len() / 1024)
            } else {
                let m =
                    stats::cooccurrence(&set, &all, Together::SameHighlight, &Default::default());
                let csv = m.to_csv();
                format!("{} pairs, {} KB of CSV", m.pairs().len(), csv.len() / 1024)
            };
            let took = start.elapsed();
            report(
                &format!("{case}: {topics} topics, 20,000 highlights"),
                took,
                Duration::from_secs(1),
                200.0,
                &what,
            );
        }
        "missing" => {
            let dir =
                std::env::temp_dir().join(format!("marginalia-hostile-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).expect("a folder");
            for i in 0..101 {
                let xml = corpus::tei_volume(50, 18_000, i);
                std::fs::write(dir.join(format!("v{i:03}.xml")), xml).expect("written");
            }
            let size: u64 = (std::fs::read_dir(&dir).expect("listed").flatten())
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum();
            let (before, _) = memory();
            // A study of a text none of the volumes holds.
            let doc = Document::from_text("A text that is in no volume.", "elsewhere.txt");
            let mut set = NoteSet::new();
            let edit = Edit::AddSource(Box::new(Edit::new_source(&doc, SourceId(1))));
            edit.apply(&mut set).expect("added");
            let file = NoteSetFile::new("Missing", set);
            let start = Instant::now();
            let found = persist::find_document(&file, &dir.join("study.ron"));
            let took = start.elapsed();
            let (peak, _) = memory();
            println!(
                "{:<44} {:>9.1} ms   peak {:>6.1} MB (before the search {before:.1} MB)   {}   {}",
                format!("missing among 101 volumes ({:.0} MB)", size as f64 / 1e6),
                took.as_secs_f64() * 1000.0,
                peak,
                if peak - before <= 150.0 {
                    "goal met (≤ 150 MB more)"
                } else {
                    "goal NOT met (≤ 150 MB more)"
                },
                match found {
                    Err(e) => format!(
                        "not found: {}",
                        e.to_string().chars().take(50).collect::<String>()
                    ),
                    Ok(_) => "FOUND (wrongly)".to_string(),
                }
            );
            let _ = std::fs::remove_dir_all(&dir);
        }
        other => eprintln!("no case {other}"),
    }
}

/// A study of the seed letter with `topics` topics and `highlights` highlights of
/// `per_highlight` topics each, chosen at random.
fn many_topics(topics: usize, highlights: usize, per_highlight: usize) -> NoteSet {
    let doc = Document::seed();
    let mut set = NoteSet::new();
    let mut ids = Vec::with_capacity(topics);
    for i in 0..topics {
        // Nested names, some levels deep, as a large codebook has.
        let name = format!("Group {}/Theme {}/Code {i}", i % 50, i % 700);
        let topic = Topic::new(&name, PALETTE[i % PALETTE.len()]);
        ids.push(topic.id);
        let index = set.topics().len();
        Edit::InsertTopic { topic, index }
            .apply(&mut set)
            .expect("a topic");
    }
    let mut rng = corpus::Rng::new(7);
    let len = doc.char_len();
    for i in 0..highlights {
        let start = rng.below(len - 40);
        let range = CharRange::new(CharOffset(start), CharOffset(start + 20));
        let chosen: Vec<_> = (0..per_highlight)
            .map(|_| ids[rng.below(ids.len())])
            .collect();
        if let Ok((edit, _)) =
            Edit::create_highlight(&set, &doc, range, chosen, Timestamp(i as i64))
        {
            let _ = edit.apply(&mut set);
        }
    }
    set
}
