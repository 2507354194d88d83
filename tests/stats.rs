//! A study's numbers: `marginalia stats` on the shipped example against counts taken from
//! the set independently, and per-month counts of a study of dated documents.

use marginalia::core::dates::DateRange;
use marginalia::core::document::Document;
use marginalia::core::library::{Library, Loaded};
use marginalia::core::persist::{self, NoteSetFile};
use marginalia::core::stats::{self, Selection, Together};
use marginalia::core::study::edit::Edit;
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::study::topic::{PALETTE, TopicId};
use marginalia::core::tei::Volume;
use marginalia::core::time::Timestamp;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

const EXAMPLE: &str = "saves/example-brezhnev-1978.ron";

fn run(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The CSV as rows of cells (no cell of these files holds a comma).
fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn stats_on_the_example_agree_with_counts_taken_from_the_file() {
    let (file, _) = persist::load(Path::new(EXAMPLE)).unwrap();
    let set = &file.set;
    // Counted here by hand: per topic name, highlights with it; per pair, with both.
    let name = |id: &TopicId| set.topic(*id).unwrap().name.clone();
    let mut own: BTreeMap<String, usize> = BTreeMap::new();
    let mut pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
    for h in set.highlights() {
        for a in &h.topics {
            *own.entry(name(a)).or_default() += 1;
            for b in &h.topics {
                *pairs.entry((name(a), name(b))).or_default() += 1;
            }
        }
    }
    let table = rows(&run(&["stats", EXAMPLE]));
    assert_eq!(table[0][..3], ["topic", "depth", "highlights"]);
    for row in &table[1..] {
        let expected = own.get(&row[0]).copied().unwrap_or(0);
        assert_eq!(row[2].parse::<usize>().unwrap(), expected, "{row:?}");
    }
    // "Arms control" is a level, not a topic: its count is its children's.
    let arms = table.iter().find(|r| r[0] == "Arms control").unwrap();
    let children: usize = own
        .iter()
        .filter(|(n, _)| n.starts_with("Arms control/"))
        .map(|(_, c)| c)
        .sum();
    assert_eq!(
        (arms[2].as_str(), arms[3].parse::<usize>().unwrap()),
        ("0", children)
    );
    let matrix = rows(&run(&["stats", EXAMPLE, "--cooccurrence"]));
    let names = &matrix[0][1..];
    for row in &matrix[1..] {
        for (j, cell) in row[1..].iter().enumerate() {
            let expected = pairs
                .get(&(row[0].clone(), names[j].clone()))
                .copied()
                .unwrap_or(0);
            assert_eq!(
                cell.parse::<usize>().unwrap(),
                expected,
                "{} × {}",
                row[0],
                names[j]
            );
        }
    }
    // JSON says the same.
    let json: serde_json::Value =
        serde_json::from_str(&run(&["stats", EXAMPLE, "--format", "json"])).unwrap();
    let linkage = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Linkage")
        .unwrap();
    assert_eq!(linkage["count"], own["Linkage"]);
}

/// A study of the volume excerpt's four documents (an editorial note given the span
/// 1975-05-28/1981-01-14, then 1975-05-28, 1978-01-12, 1979-02-20) and the letter (dated
/// 1978-02 by its sidecar): `count` highlights in each, tagged A, and the first of each
/// also B. The span is no date: its note counts as undated.
fn dated_study() -> (NoteSet, Library) {
    let volume =
        Arc::new(Volume::open(Path::new("tests/fixtures/tei/frus1977-80v01-excerpt.xml")).unwrap());
    let mut set = NoteSet::new();
    let (edit, a) = Edit::create_topic(&set, "A", PALETTE[0]).unwrap();
    edit.apply(&mut set).unwrap();
    let (edit, b) = Edit::create_topic(&set, "B", PALETTE[1]).unwrap();
    edit.apply(&mut set).unwrap();
    let mut library = Library::new();
    let letter = Document::seed();
    let docs: Vec<(&Document, usize)> = vec![
        (&volume.documents()[0], 1),
        (&volume.documents()[1], 2),
        (&volume.documents()[2], 3),
        (&volume.documents()[3], 4),
        (&letter, 2),
    ];
    for (doc, count) in docs {
        for i in 0..count {
            // Words far enough apart not to be the same highlight.
            let block = &doc.blocks()[(i + 2).min(doc.blocks().len() - 1)];
            let start = block.range.start + (i * 3);
            let range = marginalia::core::text::CharRange::new(start, start + 2);
            let topics = if i == 0 { vec![a, b] } else { vec![a] };
            let (edit, _) = Edit::create_highlight(&set, doc, range, topics, Timestamp(1)).unwrap();
            edit.apply(&mut set).unwrap();
        }
        let id = set.source_of(doc).unwrap().id;
        library.insert(id, Loaded::Text(Arc::new(doc.clone())));
    }
    (set, library)
}

#[test]
fn a_study_of_dated_documents_is_counted_by_month() {
    let (set, library) = dated_study();
    let table = stats::over_time(&set, &Selection::default());
    assert_eq!(table.by, "month");
    assert_eq!(
        table.periods,
        ["1975-05", "1978-01", "1978-02", "1979-02", "undated"]
    );
    assert_eq!(table.topics, ["A", "B"]);
    assert_eq!(
        table.counts,
        vec![vec![2, 1], vec![3, 1], vec![2, 1], vec![4, 1], vec![1, 1]]
    );
    // A document without a date is counted apart, last.
    let undated = set
        .clone()
        .map_source(set.sources().last().unwrap().id, |r| r.date = None);
    let table_undated = stats::over_time(&undated, &Selection::default());
    assert_eq!(
        table_undated.periods,
        ["1975-05", "1978-01", "1979-02", "undated"]
    );
    assert_eq!(table_undated.counts[3], [3, 2]);
    // A date range keeps only its documents (an undated one left out), and the span it
    // overlaps (counted as undated).
    let early = Selection {
        dates: DateRange::parse("..1978-01").unwrap(),
        ..Default::default()
    };
    assert_eq!(
        stats::over_time(&set, &early).counts,
        vec![vec![2, 1], vec![3, 1], vec![1, 1]]
    );
    let rows = stats::topic_frequencies(&set, &early);
    assert_eq!((rows[0].count, rows[1].count), (6, 3));
    // The CSV says the same, and the command line on the saved study too.
    assert!(
        table
            .to_csv()
            .starts_with("month,A,B\n1975-05,2,1\n1978-01,3,1\n")
    );
    let dir = std::env::temp_dir().join(format!("marginalia-stats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("dated.ron");
    persist::save(&path, &NoteSetFile::new("Dated", set.clone())).unwrap();
    let csv = run(&["stats", &path.to_string_lossy(), "--by", "month"]);
    assert_eq!(csv, table.to_csv());
    let csv = run(&[
        "stats",
        &path.to_string_lossy(),
        "--by",
        "month",
        "--dates",
        "1978..1979",
    ]);
    // The span 1975–1981 overlaps 1978–1979: its note is counted, undated.
    assert_eq!(
        csv,
        "month,A,B\n1978-01,3,1\n1978-02,2,1\n1979-02,4,1\nundated,1,1\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
    // Paragraphs where both are: each document's first two highlights share a paragraph
    // only when they fall in the same block.
    let matrix = stats::cooccurrence(
        &set,
        &Selection::default(),
        Together::SameParagraph,
        &library,
    );
    assert_eq!(matrix.cell(1, 1), 5, "B is in five paragraphs");
    assert!(matrix.cell(0, 1) >= 5);
    let by_highlight = stats::cooccurrence(
        &set,
        &Selection::default(),
        Together::SameHighlight,
        &library,
    );
    assert_eq!(
        [by_highlight.row(0), by_highlight.row(1)],
        [vec![12, 5], vec![5, 5]]
    );
    let both = stats::with_both(
        &set,
        &Selection::default(),
        by_highlight.topic_ids[0],
        by_highlight.topic_ids[1],
    );
    assert_eq!(both.len(), 5);
}

#[test]
fn a_study_without_dates_is_counted_by_document() {
    let (set, _) = dated_study();
    // Only the letter, its date taken away: no date anywhere.
    let letter = set.sources().last().unwrap().id;
    let mut record = set.source(letter).unwrap().clone();
    record.date = None;
    let only = NoteSet::from_parts(
        vec![record],
        set.topics().to_vec(),
        set.highlights_in(letter).to_vec(),
        String::new(),
        Vec::new(),
    );
    let table = stats::over_time(&only, &Selection::default());
    assert_eq!(table.by, "document");
    assert_eq!(table.periods.len(), 1);
    assert!(table.periods[0].starts_with("84 · Letter"));
    assert_eq!(table.counts, vec![vec![2, 1]]);
    // Per document, in time: the letter of February 1978 before document 111 of 1979,
    // the note of a span last.
    let by_source = stats::by_source(&set, &Selection::default());
    assert_eq!(by_source.totals, [2, 3, 2, 4, 1]);
    assert!(
        by_source.documents[2].starts_with("84 · Letter"),
        "{:?}",
        by_source.documents
    );
}

#[test]
fn a_date_that_is_no_calendar_date_counts_as_undated_and_says_so() {
    let (set, _) = dated_study();
    // The letter's date typed by hand as a month that does not exist.
    let letter = set.sources().last().unwrap().id;
    let set = set.map_source(letter, |r| r.date = Some("1978-13".into()));
    let table = stats::over_time(&set, &Selection::default());
    assert_eq!(
        table.periods,
        ["1975-05", "1978-01", "1979-02", "undated"],
        "no thirteenth month"
    );
    assert_eq!(table.counts[3], [3, 2]);
    // No range takes it, not even one whose text it begins (the span it overlaps is
    // taken, and counted undated).
    let late_1978 = Selection {
        dates: DateRange::parse("1978-06..").unwrap(),
        ..Default::default()
    };
    assert_eq!(
        stats::over_time(&set, &late_1978).periods,
        ["1979-02", "undated"]
    );
    let dir = std::env::temp_dir().join(format!("marginalia-baddate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad-date.ron");
    persist::save(&path, &NoteSetFile::new("Bad date", set)).unwrap();
    let path = path.to_string_lossy().into_owned();
    // `check` names it (the volume's documents are not beside this file: it says that
    // too, and fails); `stats` refuses a range that is no range.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(["check", &path])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("date “1978-13” of #") && report.contains("counts as undated"),
        "{report}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(["stats", &path, "--by", "month", "--dates", "1978-13.."])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("“1978-13” is not a date"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
