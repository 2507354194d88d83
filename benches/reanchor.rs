//! Re-anchoring accuracy and speed (issue 12): highlights placed again in edited copies of
//! a text whose every character knows where it came from, so each placement is judged
//! right, wrong (silently on other text), uncertain (proposed for review) or orphaned.
//!
//! `cargo bench --bench reanchor` runs every edit on the bundled letter (120 highlights)
//! and on a generated 4 MB volume of varied prose (1,000 highlights), with the confidence
//! threshold on (as the app runs) and off (the best place taken whatever its evidence),
//! and prints Markdown tables for BENCHMARKS.md. `-- --letter` runs the letter alone,
//! `-- --only TEXT` only the edits whose label holds TEXT; `-- --why` prints every
//! highlight judged wrong, uncertain or orphaned with the truth and the choice, and
//! `-- --why --careless` does so for the run with the threshold off.
//!
//! The time is what `marginalia check` spends placing the whole set once the edited text
//! is read and parsed. Beside it, Hypothesis's matching loop (`support/hypothesis.rs`)
//! on the same text and highlights: its verdicts, its time and its time over the
//! program's.

#[path = "support/edits.rs"]
mod edits;
#[path = "support/hypothesis.rs"]
mod hypothesis;

use edits::{Edit, Tally, Tracked, Truth};
use marginalia::core::document::Document;
use marginalia::core::progress::Progress;
use marginalia::core::reanchor::{self, Options, Placement};
use marginalia::core::study::highlight::HighlightId;
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::study::source::SourceId;
use marginalia::core::text::{CharOffset, CharRange};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Where each highlight of `set` went in `placed`: placed, proposed, or nowhere.
fn outcomes(set: &NoteSet, placed: &NoteSet) -> Vec<Option<(Placement, CharRange)>> {
    let mut by_id: HashMap<HighlightId, (Placement, CharRange)> = HashMap::new();
    for h in placed.highlights() {
        by_id.insert(h.id, (Placement::Moved, h.range()));
    }
    for h in placed.orphans() {
        if let Some(p) = placed.proposal(h.id) {
            by_id.insert(h.id, (Placement::Uncertain, p.range()));
        }
    }
    set.highlights()
        .iter()
        .map(|h| by_id.get(&h.id).copied())
        .collect()
}

struct Row {
    edit: Edit,
    cautious: (Tally, Duration),
    careless: (Tally, Duration),
    /// Hypothesis's matching loop on the same text and highlights.
    hypothesis: (Tally, Duration),
    note: String,
}

fn run(name: &str, raw: &str, count: usize) -> Vec<Row> {
    let canonical = Document::from_text(raw, "base.txt").text().to_string();
    let Some(base) = edits::stable_document(&canonical, "base.txt") else {
        panic!("{name}: its canonical text reads differently when parsed again");
    };
    let set = edits::highlights(&base, count, 12);
    let olds: Vec<CharRange> = set.highlights().iter().map(|h| h.range()).collect();
    let tracked = Tracked::new(&canonical);
    println!(
        "{name}: {} characters, {} highlights",
        canonical.chars().count(),
        olds.len()
    );
    let mut rows = Vec::new();
    // `-- --only TEXT` runs just the edits whose label contains TEXT.
    let args: Vec<String> = std::env::args().collect();
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1).cloned());
    for edit in Edit::ALL {
        if only
            .as_ref()
            .is_some_and(|o| !edit.label().contains(o.as_str()))
        {
            continue;
        }
        let mut note = String::new();
        let (edited_text, edited) = if edit == Edit::FootnotesRenumbered {
            let Some(renumbered) = edits::renumber_footnotes(raw) else {
                println!("  {}: no footnote list, skipped", edit.label());
                continue;
            };
            let text = Document::from_text(&renumbered, "edited.txt")
                .text()
                .to_string();
            if text != canonical {
                note = "canonical text changed".into();
                if std::env::args().any(|a| a == "--why") {
                    let a: Vec<char> = text.chars().collect();
                    let b: Vec<char> = canonical.chars().collect();
                    let i = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
                    let around = |v: &[char]| -> String {
                        v[i.saturating_sub(40)..(i + 40).min(v.len())]
                            .iter()
                            .collect()
                    };
                    println!(
                        "    renumbered: {:?}\n    before:     {:?}",
                        around(&a),
                        around(&b)
                    );
                }
            }
            (text, tracked.clone())
        } else {
            let edited = edits::apply(edit, &tracked, &olds, 7);
            (edited.text(), edited)
        };
        // Truth follows the text as the parser reads it.
        let parsed = Document::from_text(&edited_text, "edited.txt");
        let edited = edits::reconcile(&edited, parsed.text());
        let edited_text = parsed.text().to_string();
        drop(parsed);
        let truths: Vec<Truth> = edits::truths(&edited, &olds);
        let measure = |options: Options| -> (Tally, Duration) {
            let doc = Document::from_text(&edited_text, "edited.txt");
            let started = Instant::now();
            let (placed, _) =
                reanchor::place_set(&doc, &set, SourceId::FIRST, &Progress::default(), options)
                    .unwrap_or_else(|| (set.clone(), Default::default()));
            let elapsed = started.elapsed();
            let mut tally = Tally::default();
            let why = std::env::args().any(|a| a == "--why")
                && options.cautious != std::env::args().any(|a| a == "--careless");
            for ((truth, outcome), h) in truths
                .iter()
                .zip(outcomes(&set, &placed))
                .zip(set.highlights())
            {
                let verdict = edits::verdict(*truth, outcome);
                if why
                    && (matches!(verdict, edits::Verdict::Wrong | edits::Verdict::Orphaned)
                        || verdict == edits::Verdict::Uncertain)
                {
                    let chars: Vec<char> = edited_text.chars().collect();
                    let truly = match truth {
                        Truth::At(a, b, _) => chars[*a..*b].iter().collect::<String>(),
                        Truth::Gone => "(gone)".into(),
                    };
                    let got =
                        outcome.map(|(_, r)| chars[r.start.0..r.end.0].iter().collect::<String>());
                    let single = reanchor::reanchor(&doc, &h.anchor)
                        .map(|(p, a)| (p, doc.slice(a.range()).to_string()));
                    println!("      alone: {single:?}");
                    println!(
                        "    {verdict:?}: {:?}\n      prefix {:?} suffix {:?}\n      truly {truly:?}\n      placed {got:?}",
                        h.anchor.quote, h.anchor.prefix, h.anchor.suffix
                    );
                    println!(
                        "      old {} truly at {:?} placed at {:?}",
                        h.anchor.start.0,
                        truth,
                        outcome.map(|(_, r)| r.start.0)
                    );
                    if let Some((_, r)) = outcome {
                        let around: String = chars
                            [r.start.0.saturating_sub(24)..(r.end.0 + 24).min(chars.len())]
                            .iter()
                            .collect();
                        println!("      around {around:?}");
                    }
                }
                tally.add(verdict);
            }
            (tally, elapsed)
        };
        let cautious = measure(Options { cautious: true });
        let careless = measure(Options { cautious: false });
        // Hypothesis's loop over the same text, timed from the text alone (the program's
        // time above also parses it).
        let started = Instant::now();
        let text = hypothesis::Text::new(&edited_text);
        let theirs: Vec<Option<(usize, usize)>> = set
            .highlights()
            .iter()
            .map(|h| text.place(&h.anchor))
            .collect();
        let elapsed = started.elapsed();
        let mut tally = Tally::default();
        for (truth, place) in truths.iter().zip(&theirs) {
            let outcome = place.map(|(a, b)| {
                (
                    Placement::Moved,
                    CharRange::new(CharOffset(a), CharOffset(b)),
                )
            });
            tally.add(edits::verdict(*truth, outcome));
        }
        let hypothesis = (tally, elapsed);
        println!(
            "  {:<45} {:>4} right {:>3} wrong {:>3} uncertain {:>3} orphaned  {:>8.3} s   (threshold off: {} right {} wrong; Hypothesis {} right {} wrong {:.3} s, {:.1}×)",
            edit.label(),
            cautious.0.right,
            cautious.0.wrong,
            cautious.0.uncertain,
            cautious.0.orphaned,
            cautious.1.as_secs_f64(),
            careless.0.right,
            careless.0.wrong,
            hypothesis.0.right,
            hypothesis.0.wrong,
            hypothesis.1.as_secs_f64(),
            hypothesis.1.as_secs_f64() / cautious.1.as_secs_f64().max(1e-9),
        );
        rows.push(Row {
            edit,
            cautious,
            careless,
            hypothesis,
            note,
        });
    }
    rows
}

fn table(name: &str, rows: &[Row]) {
    println!("\n### {name}\n");
    println!(
        "| edit | right | wrong | uncertain | orphaned | time | threshold off: right / wrong / orphaned | time | Hypothesis: right / wrong | time | its time / ours |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for row in rows {
        let (c, ct) = row.cautious;
        let (o, ot) = row.careless;
        let (h, ht) = row.hypothesis;
        println!(
            "| {}{} | {} | {} | {} | {} | {:.3} s | {} / {} / {} | {:.3} s | {} / {} | {:.3} s | {:.1}× |",
            row.edit.label(),
            if row.note.is_empty() {
                String::new()
            } else {
                format!(" ({})", row.note)
            },
            c.right,
            c.wrong,
            c.uncertain,
            c.orphaned,
            ct.as_secs_f64(),
            o.right,
            o.wrong,
            o.orphaned + o.uncertain,
            ot.as_secs_f64(),
            h.right,
            h.wrong,
            ht.as_secs_f64(),
            ht.as_secs_f64() / ct.as_secs_f64().max(1e-9),
        );
    }
    let total: Duration = rows.iter().map(|r| r.cautious.1).sum();
    println!("\nAll edits, threshold on: {:.2} s", total.as_secs_f64());
}

/// Every edit on the real prose, a highlight to about 100 characters (boilerplate is
/// sampled often: a source note stands in a few hundred characters of each document),
/// and its table.
fn real_prose_table() {
    let real = edits::real_prose();
    let count = real.chars().count() / 100;
    let rows = run("real prose", &real, count);
    table(
        &format!("Real FRUS prose (the TEI excerpts of volumes of 1894–1980), {count} highlights"),
        &rows,
    );
}

fn main() {
    let letter_only = std::env::args().any(|a| a == "--letter");
    let real_only = std::env::args().any(|a| a == "--real");
    if real_only {
        real_prose_table();
        return;
    }
    let letter = std::fs::read_to_string("assets/frus1977-80v06-d84.txt")
        .unwrap_or_else(|e| panic!("assets/frus1977-80v06-d84.txt: {e}"));
    let letter_rows = run("letter", &letter, 120);
    let volume_rows = if letter_only {
        Vec::new()
    } else {
        let volume = edits::varied_volume(4_000_000, &letter, 3);
        run("volume", &volume, 1_000)
    };
    table(
        "The letter (FRUS 1977–80 vol. VI doc. 84), 120 highlights",
        &letter_rows,
    );
    if !letter_only {
        table("Generated 4 MB volume, 1,000 highlights", &volume_rows);
        real_prose_table();
    }
}
