//! Correctness at scale (not timing): a generated volume with thousands of highlights.

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::core::corpus;
use marginalia::core::document::Document;
use marginalia::core::persist::{self, NoteSetFile};
use marginalia::core::study::filter::TopicFilter;
use marginalia::core::study::source::SourceId;
use marginalia::core::text::{CharOffset, CharRange};
use marginalia::ui::{AppOptions, MarginaliaApp};

fn volume() -> (Document, marginalia::core::study::note_set::NoteSet) {
    let text = corpus::volume_text(1_000_000, 7);
    let doc = Document::from_text(&text, "volume.txt");
    let set = corpus::note_set(&doc, 3_000, 7);
    (doc, set)
}

#[test]
fn overlap_lookups_equal_brute_force() {
    let (doc, set) = volume();
    let mut rng = corpus::Rng::new(11);
    for _ in 0..400 {
        let start = rng.below(doc.char_len());
        let range = CharRange::new(
            CharOffset(start),
            CharOffset((start + 1 + rng.below(2_000)).min(doc.char_len())),
        );
        let fast: Vec<_> = set
            .highlights_overlapping(SourceId::FIRST, range)
            .map(|h| h.id)
            .collect();
        let slow: Vec<_> = set
            .highlights()
            .iter()
            .filter(|h| h.anchor.start < range.end && h.anchor.end > range.start)
            .map(|h| h.id)
            .collect();
        assert_eq!(fast, slow, "{range:?}");
    }
    // The spans drawn for every paragraph carry exactly the highlights that cover them.
    let filter = TopicFilter::default();
    for block in doc.blocks().iter().step_by(37) {
        let visible: Vec<_> = set
            .highlights_overlapping(SourceId::FIRST, block.range)
            .filter(|h| filter.matches(&set, h))
            .collect();
        let ranges: Vec<CharRange> = visible.iter().map(|h| h.range()).collect();
        for span in marginalia::core::study::spans::build_spans(block.range, &ranges) {
            let probe = span.range.start;
            let brute: Vec<usize> = set
                .highlights()
                .iter()
                .filter(|h| h.range().contains(probe))
                .filter_map(|h| visible.iter().position(|v| v.id == h.id))
                .collect();
            assert_eq!(span.covering, brute);
        }
    }
}

#[test]
fn a_highlight_chosen_in_the_list_lands_in_view_and_resizing_keeps_the_top_line() {
    let (doc, set) = volume();
    let dir = std::env::temp_dir().join(format!("marginalia-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("volume.ron");
    let file = NoteSetFile {
        title: "scale".into(),
        recovery_of: None,
        set: set.clone(),
    };
    persist::save(&path, &file).unwrap();
    let options = AppOptions {
        document: doc,
        notes: Some(path),
        notes_on_document: true,
        ..AppOptions::seed()
    };
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_eframe(move |cc| MarginaliaApp::new(cc, options));
    // A note set this large (over 1 MiB) opens on a worker thread: the window keeps
    // drawing meanwhile and says what it is opening.
    assert!(std::fs::metadata(dir.join("volume.ron")).unwrap().len() > 1024 * 1024);
    harness.step();
    let mut saw_progress = harness
        .query_by_label_contains("Opening volume.ron")
        .is_some();
    for _ in 0..1000 {
        if harness.state().notes().highlights().len() == 3_000 {
            break;
        }
        saw_progress |= harness
            .query_by_label_contains("Opening volume.ron")
            .is_some();
        std::thread::sleep(std::time::Duration::from_millis(5));
        harness.step();
    }
    assert_eq!(harness.state().notes().highlights().len(), 3_000);
    assert!(saw_progress, "the window showed what it was opening");
    harness.run_steps(4);
    // Opening it again and cancelling: the window stops waiting, and the late result is
    // dropped rather than replacing what is open.
    let ctx = harness.ctx.clone();
    let saved = harness.state().session().saved_changes();
    harness.state_mut().apply(
        &ctx,
        marginalia::ui::action::Action::Session(
            marginalia::ui::action::SessionAction::OpenNoteSetHere(dir.join("volume.ron")),
        ),
    );
    harness.state_mut().apply(
        &ctx,
        marginalia::ui::action::Action::Workspace(
            marginalia::ui::action::WorkspaceAction::CancelLoading,
        ),
    );
    // Notices float in an area of their own, which egui shows from its second frame.
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label_contains("Stopped opening volume.ron")
            .is_some()
    );
    // Until the cancelled worker has really stopped (its result then had its chance to
    // arrive), however slow this machine is.
    let waited = std::time::Instant::now();
    while harness.state().opens_in_progress() > 0 {
        assert!(
            waited.elapsed() < std::time::Duration::from_secs(60),
            "the cancelled open never stopped"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    harness.run_steps(3);
    assert_eq!(harness.state().session().saved_changes(), saved);
    // A highlight far down the volume: going to it brings its paragraph into view.
    let target = harness.state().notes().highlights()[2_500].clone();
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(
        &ctx,
        marginalia::ui::action::Action::Window(
            marginalia::ui::action::WindowAction::GoToHighlight(target.id),
        ),
    );
    harness.run_steps(6);
    let top = harness.state().panels().reader.top_line_start;
    assert!(
        top <= target.anchor.start,
        "{top:?} after {:?}",
        target.anchor.start
    );
    assert!(
        target.anchor.start.0 - top.0 < 3_000,
        "the highlight is within a screenful: top {top:?}, highlight {:?}",
        target.anchor.start
    );
    // Resizing keeps the line at the top where it was.
    let before = harness.state().panels().reader.top_line_start;
    harness.set_size(vec2(1200.0, 850.0));
    harness.run_steps(8);
    let after = harness.state().panels().reader.top_line_start;
    assert!(
        after <= before && before.0 - after.0 < 200,
        "top line moved from {before:?} to {after:?}"
    );
}

/// Placing a large set reports how far it has got, and a cancelled one stops early.
#[test]
fn placing_highlights_reports_progress_and_stops_when_cancelled() {
    use marginalia::core::persist::reanchor_set_with;
    use marginalia::core::progress::Progress;

    let doc = Document::from_text(&corpus::volume_text(400_000, 5), "volume.txt");
    let set = corpus::note_set(&doc, 3_000, 5);
    let progress = Progress::default();
    let (placed, report) = reanchor_set_with(&doc, &set, &progress).expect("not cancelled");
    assert_eq!(placed.highlights().len() + placed.orphans().len(), 3_000);
    assert_eq!(report.total(), 3_000);
    let (stage, fraction) = progress.snapshot();
    assert_eq!(stage, "Placing highlights");
    let fraction = fraction.expect("the length is known");
    assert!(fraction > 0.8 && fraction <= 1.0, "{fraction}");

    let cancelled = Progress::default();
    cancelled.cancel();
    assert!(reanchor_set_with(&doc, &set, &cancelled).is_none());
    assert!(cancelled.snapshot().1.is_some_and(|f| f < 0.1));
}
