//! Core speed goals on a generated 4 MB volume with 10,000 highlights (issue 6).
//! `cargo bench --bench core`

#[path = "support/timing.rs"]
mod timing;

use marginalia::core::corpus;
use marginalia::core::document::Document;
use marginalia::core::filter::TopicFilter;
use marginalia::core::offset::{CharOffset, CharRange};
use marginalia::core::persist::{self, DocumentRef, NoteSetFile};
use marginalia::core::search::{Folded, SearchOptions, find_all};
use std::time::Duration;
use timing::time;

fn ms(n: u64) -> Option<Duration> {
    Some(Duration::from_millis(n))
}

fn main() {
    let text = corpus::volume_text(4_000_000, 1);
    println!("volume: {} bytes", text.len());

    let parse = time(
        "open 4 MB text: parse to canonical text + structure",
        1,
        10,
        || Document::from_text(&text, "volume.txt"),
    );
    println!("{}", parse.report(ms(300), None));
    let doc = Document::from_text(&text, "volume.txt");
    let set = corpus::note_set(&doc, 10_000, 1);

    let dir = std::env::temp_dir().join(format!("marginalia-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_default();
    let path = dir.join("bench.ron");
    let file = NoteSetFile {
        title: "bench".into(),
        document: DocumentRef::of(&doc, None),
        recovery_of: None,
        set: set.clone(),
    };
    let format = time(
        "note set, 10k highlights: format the RON text only",
        1,
        20,
        || file.to_ron(),
    );
    println!("{}", format.report(None, None));
    let save = time(
        "note set, 10k highlights: save (atomic, fsync)",
        1,
        20,
        || persist::save(&path, &file),
    );
    println!("{}", save.report(ms(50), None));
    let load = time("note set, 10k highlights: load + validate", 1, 20, || {
        persist::load(&path)
    });
    println!("{}", load.report(ms(50), None));
    let (loaded, loaded_text) = persist::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let attach = time(
        "note set, 10k highlights: attach to same text (exact)",
        1,
        10,
        || persist::attach(&path, &loaded_text, &loaded, &doc),
    );
    println!("{}", attach.report(None, None));

    // An edited copy: words inserted every ~20,000 characters shift everything after them.
    let mut edited = String::with_capacity(text.len() + 10_000);
    for (i, chunk) in text.split_inclusive("\n\n").enumerate() {
        if i % 12 == 0 {
            edited.push_str("An inserted sentence of the edited edition. ");
        }
        edited.push_str(chunk);
    }
    let edited_doc = Document::from_text(&edited, "edited.txt");
    let thousand = corpus::note_set(&doc, 1_000, 2);
    let mut report = None;
    let reanchor = time(
        "re-anchor 1,000 highlights against an edited 4 MB text",
        0,
        5,
        || {
            let (_, r) = persist::reanchor_set(&edited_doc, &thousand);
            report = Some(r);
        },
    );
    println!("{}", reanchor.report(ms(200), None));
    if let Some(r) = report {
        println!("    placed: {}", r.summary());
    }

    let topics: Vec<_> = set.topics().iter().take(3).map(|t| t.id).collect();
    let filter = TopicFilter {
        topics: topics.into_iter().collect(),
        ..Default::default()
    };
    let filter_change = time(
        "topic filter change, 10k highlights (matching list)",
        2,
        50,
        || {
            set.highlights()
                .iter()
                .filter(|h| filter.matches(&set, h))
                .count()
        },
    );
    println!("{}", filter_change.report(ms(5), None));

    let cold = time(
        "search 4 MB, first query (fold the text + find)",
        1,
        10,
        || find_all(doc.text(), "Backfire", SearchOptions::default()).len(),
    );
    println!("{}", cold.report(None, None));
    let folded = Folded::new(doc.text(), SearchOptions::default());
    let search = time(
        "search all hits in 4 MB (\"Backfire\", case-insensitive)",
        2,
        20,
        || folded.find("Backfire").len(),
    );
    println!("{}", search.report(ms(20), None));
    let accents = Folded::new(
        doc.text(),
        SearchOptions {
            ignore_diacritics: true,
        },
    );
    let search_accents = time(
        "search all hits in 4 MB, accents ignored (\"detente\")",
        2,
        20,
        || accents.find("detente").len(),
    );
    println!("{}", search_accents.report(ms(20), None));

    let lookups = time(
        "highlights overlapping one paragraph, 10k set (×1000)",
        2,
        20,
        || {
            let mut found = 0;
            for i in 0..1000 {
                let at = (i * 3_989) % doc.char_len().saturating_sub(600);
                found += set
                    .highlights_overlapping(CharRange::new(CharOffset(at), CharOffset(at + 600)))
                    .count();
            }
            found
        },
    );
    println!("{}", lookups.report(None, None));
    let _ = std::fs::remove_dir_all(&dir);
}
