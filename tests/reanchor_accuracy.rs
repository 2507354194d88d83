//! Re-anchoring under every kind of edit a source goes through (issue 12): each highlight
//! is placed on its true text, or reported uncertain, or left an orphan where its text is
//! gone — never silently placed on other text.
//!
//! The generated cases use the benchmark's own edit generator (`benches/support/edits.rs`)
//! on the bundled letter, where every character's new place is known; the small cases
//! below them are written out by hand.

#[path = "../benches/support/edits.rs"]
#[allow(dead_code)] // The volume generator is the benchmark's.
mod edits;

use edits::{Edit, Tally, Tracked};
use marginalia::core::anchor::Anchor;
use marginalia::core::document::Document;
use marginalia::core::offset::{ByteOffset, CharRange};
use marginalia::core::persist;
use marginalia::core::progress::Progress;
use marginalia::core::reanchor::{self, Options, Placement};
use std::path::Path;

fn seed_text() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/frus1977-80v06-d84.txt"),
    )
    .unwrap()
}

/// The letter's canonical text, as a document that reads the same when parsed again.
fn base() -> (String, Document) {
    let canonical = Document::from_text(&seed_text(), "base.txt")
        .text()
        .to_string();
    let doc = edits::stable_document(&canonical, "base.txt").expect("canonical text is stable");
    (canonical, doc)
}

/// Verdicts for 120 highlights of the letter under `edit`.
fn tally(edit: Edit, options: Options) -> Tally {
    let (canonical, doc) = base();
    let set = edits::highlights(&doc, 120, 12);
    let olds: Vec<CharRange> = set.highlights().iter().map(|h| h.range()).collect();
    let tracked = Tracked::new(&canonical);
    let edited = if edit == Edit::FootnotesRenumbered {
        let raw = edits::renumber_footnotes(&seed_text()).expect("the letter has footnotes");
        let text = Document::from_text(&raw, "edited.txt").text().to_string();
        assert_eq!(
            text, canonical,
            "renumbered footnotes change no canonical text"
        );
        tracked.clone()
    } else {
        edits::apply(edit, &tracked, &olds, 7)
    };
    let doc = Document::from_text(&edited.text(), "edited.txt");
    // The truth follows the text as the parser reads it.
    let edited = edits::reconcile(&edited, doc.text());
    let truths = edits::truths(&edited, &olds);
    let (placed, report) =
        reanchor::place_set(&doc, &set, &Progress::default(), options).expect("not cancelled");
    assert_eq!(report.total(), olds.len());
    let mut tally = Tally::default();
    for (h, truth) in set.highlights().iter().zip(truths) {
        let outcome = if let Some(p) = placed.highlights().iter().find(|p| p.id == h.id) {
            Some((Placement::Moved, p.range()))
        } else {
            placed
                .proposal(h.id)
                .map(|a| (Placement::Uncertain, a.range()))
        };
        let verdict = edits::verdict(truth, outcome);
        assert_ne!(
            verdict,
            edits::Verdict::Wrong,
            "{edit:?}: {:?} placed at {outcome:?}, truly {truth:?}",
            h.anchor.quote
        );
        tally.add(verdict);
    }
    tally
}

/// Every edit: nothing wrong, and at least the share right that each edit allows.
#[test]
fn every_edit_places_right_or_says_so_never_wrong() {
    // What the letter gives today (BENCHMARKS.md), less a little room.
    for (edit, least_right) in [
        (Edit::None, 120),
        (Edit::SentencesDeleted, 117),
        (Edit::SentencesInserted, 118),
        (Edit::HighlightedPassagesDeleted, 104),
        (Edit::WordsInsertedInPassages, 117),
        (Edit::LetterCorrectedInEveryPassage, 116),
        (Edit::QuotesStraightened, 120),
        (Edit::Ocr1, 118),
        (Edit::Ocr3, 117),
        (Edit::ParagraphsReordered, 118),
        (Edit::FootnotesRenumbered, 120),
    ] {
        let t = tally(edit, Options::default());
        assert!(t.right >= least_right, "{edit:?}: {t:?}");
    }
}

/// The seed letter, edited by hand.
fn edited(edit: impl Fn(&str) -> String) -> Document {
    Document::from_text(&edit(&seed_text()), "edited.txt")
}

/// The anchor of the `nth` occurrence (from 0) of `phrase` in `doc`.
fn anchor(doc: &Document, phrase: &str, nth: usize) -> Anchor {
    let byte = doc
        .text()
        .match_indices(phrase)
        .nth(nth)
        .unwrap_or_else(|| panic!("{phrase:?} #{nth} not in the text"))
        .0;
    let start = doc.char_of(ByteOffset(byte));
    Anchor::new(doc, CharRange::new(start, start + phrase.chars().count()))
}

fn placed(doc: &Document, anchor: &Anchor) -> (Placement, String) {
    let (placement, found) = reanchor::reanchor(doc, anchor).expect("found");
    (placement, doc.slice(found.range()).to_string())
}

#[test]
fn a_corrected_letter_inside_the_passage_is_found_approximately() {
    let doc = Document::seed();
    let a = anchor(&doc, "strategic offensive arms limitation agreement", 0);
    let corrected = edited(|t| t.replace("offensive arms limitation", "offensive arms limitaton"));
    assert_eq!(
        placed(&corrected, &a),
        (
            Placement::Fuzzy,
            "strategic offensive arms limitaton agreement".into()
        )
    );
}

#[test]
fn a_word_inserted_inside_the_passage_extends_it() {
    let doc = Document::seed();
    let a = anchor(&doc, "strategic offensive arms limitation agreement", 0);
    let longer = edited(|t| {
        t.replace(
            "offensive arms limitation",
            "offensive nuclear arms limitation",
        )
    });
    assert_eq!(
        placed(&longer, &a),
        (
            Placement::Fuzzy,
            "strategic offensive nuclear arms limitation agreement".into()
        )
    );
}

#[test]
fn a_word_deleted_at_the_edge_shrinks_the_passage() {
    let doc = Document::seed();
    let a = anchor(&doc, "strategic offensive arms limitation agreement", 0);
    let shorter = edited(|t| {
        t.replacen(
            "strategic offensive arms limitation",
            "offensive arms limitation",
            1,
        )
    });
    let (placement, text) = placed(&shorter, &a);
    assert_eq!(placement, Placement::Fuzzy);
    assert_eq!(text, "offensive arms limitation agreement");
}

#[test]
fn a_deleted_short_passage_whose_words_recur_is_never_placed_elsewhere() {
    let doc = Document::seed();
    // "arms race" also occurs elsewhere in the letter; this occurrence is cut.
    let set_doc = doc.clone();
    let a = anchor(&set_doc, "arms race", 1);
    let cut = edited(|t| t.replace("towards restraining the arms race.", "."));
    match reanchor::reanchor(&cut, &a) {
        None => {}
        Some((placement, _)) => assert_eq!(placement, Placement::Uncertain),
    }
}

#[test]
fn noise_in_the_passage_and_its_context_is_tolerated() {
    let doc = Document::seed();
    let a = anchor(&doc, "strategic offensive arms limitation agreement", 0);
    let noisy = edited(|t| {
        t.replacen(
            "strategic offensive arms limitation agreement",
            "stratcgic offensivc arms 1imitation agreernent",
            1,
        )
    });
    let (placement, text) = placed(&noisy, &a);
    assert_eq!(placement, Placement::Fuzzy);
    assert_eq!(text, "stratcgic offensivc arms 1imitation agreernent");
}

#[test]
fn a_passage_in_a_moved_paragraph_follows_it() {
    let doc = Document::seed();
    let a = anchor(&doc, "strategic offensive arms limitation agreement", 0);
    let text = seed_text();
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    let holder = paragraphs
        .iter()
        .position(|p| p.contains("strategic offensive arms limitation"))
        .expect("a paragraph holds the passage");
    let mut moved: Vec<&str> = paragraphs.clone();
    let p = moved.remove(holder);
    moved.insert(1, p);
    let moved = Document::from_text(&moved.join("\n\n"), "moved.txt");
    let (placement, found) = placed(&moved, &a);
    assert_eq!(placement, Placement::Moved);
    assert_eq!(found, a.quote);
}

#[test]
fn renumbered_footnotes_leave_every_highlight_exact() {
    let doc = Document::seed();
    let set = edits::highlights(&doc, 40, 3);
    let raw = edits::renumber_footnotes(&seed_text()).expect("the letter has footnotes");
    let renumbered = Document::from_text(&raw, "renumbered.txt");
    let (_, report) = persist::reanchor_set(&renumbered, &set);
    assert_eq!(report.exact, set.highlights().len(), "{}", report.summary());
}

/// Without the threshold the same matcher would place doubtful passages: the caution is
/// what keeps the count of wrong placements at zero.
#[test]
fn the_threshold_is_what_stops_wrong_placements() {
    let careless = tally_careless(Edit::HighlightedPassagesDeleted);
    assert!(
        careless > 0,
        "with the threshold off, deleted passages are placed elsewhere"
    );
}

fn tally_careless(edit: Edit) -> usize {
    let (canonical, doc) = base();
    let set = edits::highlights(&doc, 120, 12);
    let olds: Vec<CharRange> = set.highlights().iter().map(|h| h.range()).collect();
    let edited = edits::apply(edit, &Tracked::new(&canonical), &olds, 7);
    let doc = Document::from_text(&edited.text(), "edited.txt");
    let edited = edits::reconcile(&edited, doc.text());
    let truths = edits::truths(&edited, &olds);
    let (placed, _) = reanchor::place_set(
        &doc,
        &set,
        &Progress::default(),
        Options { cautious: false },
    )
    .expect("not cancelled");
    set.highlights()
        .iter()
        .zip(truths)
        .filter(|(h, truth)| {
            let outcome = placed
                .highlights()
                .iter()
                .find(|p| p.id == h.id)
                .map(|p| (Placement::Moved, p.range()));
            edits::verdict(*truth, outcome) == edits::Verdict::Wrong
        })
        .count()
}

/// A note set from elsewhere may hold a huge quote or context: placing it stays bounded
/// (only the first and last characters of a long context are weighed; a very long quote
/// is looked for verbatim only) and never panics.
#[test]
fn huge_quotes_and_contexts_from_a_file_are_bounded() {
    let doc = Document::seed();
    let hostile = Anchor {
        start: marginalia::core::offset::CharOffset(usize::MAX / 2),
        end: marginalia::core::offset::CharOffset(usize::MAX / 2 + 5_000),
        quote: "strategic offensive arms ".repeat(200),
        prefix: "x".repeat(200_000),
        suffix: "y".repeat(200_000),
    };
    assert!(reanchor::reanchor(&doc, &hostile).is_none());
    let mut shorter = hostile.clone();
    shorter.quote = "strategic offensive arms limitation agreemnt".into();
    let placed = reanchor::reanchor(&doc, &shorter);
    // Found near its words or proposed; never out of the text.
    if let Some((_, anchor)) = placed {
        assert!(anchor.end.0 <= doc.char_len());
    }
}
