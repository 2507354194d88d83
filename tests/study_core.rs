//! The study loop's core without a window: edits and their inverses, undo/redo,
//! span building, topic filters.

use marginalia::core::document::Document;
use marginalia::core::study::edit::{Edit, EditError};
use marginalia::core::study::filter::{FilterMode, TopicFilter};
use marginalia::core::study::history::{Coalesce, History};
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::study::source::SourceId;
use marginalia::core::study::spans::build_spans;
use marginalia::core::study::topic::{PALETTE, TopicId};
use marginalia::core::text::{CharOffset, CharRange};
use marginalia::core::time::Timestamp;
use proptest::prelude::*;

const NOW: Timestamp = Timestamp(1_700_000_000_000);

fn range(a: usize, b: usize) -> CharRange {
    CharRange::new(CharOffset(a), CharOffset(b))
}

/// One random step, turned into an edit against the current state.
#[derive(Debug, Clone)]
enum Op {
    Highlight(usize, usize),
    DeleteHighlight(usize),
    ToggleTopic(usize, usize),
    Note(usize, String),
    DocumentNote(String),
    CreateTopic(String),
    RenameTopic(usize, String),
    Recolor(usize, usize),
    DeleteTopic(usize),
    Merge(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let name = prop::sample::select(vec![
        "SALT",
        "Arms control",
        "Arms control/SALT",
        "Linkage",
        "Horn of Africa",
        "Middle East",
        "",
    ]);
    prop_oneof![
        (0usize..8000, 1usize..300).prop_map(|(a, n)| Op::Highlight(a, n)),
        (0usize..20).prop_map(Op::DeleteHighlight),
        (0usize..20, 0usize..8).prop_map(|(h, t)| Op::ToggleTopic(h, t)),
        (0usize..20, "[a-zé ]{0,12}").prop_map(|(h, s)| Op::Note(h, s)),
        "[a-z ]{0,12}".prop_map(Op::DocumentNote),
        name.clone().prop_map(|n| Op::CreateTopic(n.to_string())),
        (0usize..8, name).prop_map(|(t, n)| Op::RenameTopic(t, n.to_string())),
        (0usize..8, 0usize..12).prop_map(|(t, c)| Op::Recolor(t, c)),
        (0usize..8).prop_map(Op::DeleteTopic),
        (0usize..8, 0usize..8).prop_map(|(a, b)| Op::Merge(a, b)),
    ]
}

fn to_edit(doc: &Document, set: &NoteSet, op: &Op) -> Option<Edit> {
    let topic = |i: usize| {
        set.topics()
            .get(i % set.topics().len().max(1))
            .map(|t| t.id)
    };
    let highlight = |i: usize| {
        set.highlights()
            .get(i % set.highlights().len().max(1))
            .map(|h| h.id)
    };
    match op {
        Op::Highlight(a, n) => {
            let a = a % doc.char_len();
            let b = (a + n).min(doc.char_len());
            Edit::create_highlight(set, doc, range(a, b), topic(0).into_iter().collect(), NOW)
                .ok()
                .map(|(e, _)| e)
        }
        Op::DeleteHighlight(h) => highlight(*h).map(Edit::RemoveHighlight),
        Op::ToggleTopic(h, t) => Edit::toggle_topic(set, highlight(*h)?, topic(*t)?, NOW).ok(),
        Op::Note(h, text) => Some(Edit::SetNote {
            highlight: highlight(*h)?,
            note: text.clone(),
            modified: NOW,
        }),
        Op::DocumentNote(text) => Some(Edit::set_document_note(set, doc, text.clone())),
        Op::CreateTopic(name) => Edit::create_topic(set, name, PALETTE[0])
            .ok()
            .map(|(e, _)| e),
        Op::RenameTopic(t, name) => Edit::rename_topic(set, topic(*t)?, name).ok(),
        Op::Recolor(t, c) => Some(Edit::RecolorTopic {
            topic: topic(*t)?,
            color: PALETTE[c % PALETTE.len()],
        }),
        Op::DeleteTopic(t) => Edit::delete_topic(set, topic(*t)?, NOW).ok(),
        Op::Merge(a, b) => Edit::merge_topics(set, topic(*a)?, topic(*b)?, NOW).ok(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_edit_sequences_undo_to_the_start_and_redo_to_the_end(ops in prop::collection::vec(op(), 1..40)) {
        let doc = Document::seed();
        let mut set = NoteSet::new();
        let mut history = History::default();
        let mut snapshots = vec![set.clone()];
        for (i, op) in ops.iter().enumerate() {
            let Some(edit) = to_edit(&doc, &set, op) else { continue };
            let before = set.clone();
            match history.apply(&mut set, edit, None, i as f64 * 10.0) {
                Ok(()) => snapshots.push(set.clone()),
                // A refused edit leaves everything as it was.
                Err(_) => prop_assert_eq!(&set, &before),
            }
            // Invariant: highlights stay sorted and only name existing topics.
            prop_assert!(set.highlights().windows(2).all(|w| w[0].sort_key() < w[1].sort_key()));
            prop_assert!(set.highlights().iter().all(|h| h.topics.iter().all(|t| set.topic(*t).is_some())));
        }
        let end = set.clone();
        for expected in snapshots.iter().rev().skip(1) {
            prop_assert!(history.undo(&mut set).unwrap().is_some());
            prop_assert_eq!(&set, expected);
        }
        prop_assert_eq!(history.undo(&mut set).unwrap(), None);
        for expected in snapshots.iter().skip(1) {
            prop_assert!(history.redo(&mut set).unwrap().is_some());
            prop_assert_eq!(&set, expected);
        }
        prop_assert_eq!(&set, &end);
    }

    #[test]
    fn spans_cover_the_block_once_with_exactly_the_covering_highlights(
        block in (0usize..50, 1usize..200).prop_map(|(a, n)| range(a, a + n)),
        highlights in prop::collection::vec((0usize..300, 0usize..80).prop_map(|(a, n)| range(a, a + n)), 0..12),
    ) {
        let spans = build_spans(block, &highlights);
        // Runs tile the block: start to end, no gaps, no overlaps, none empty.
        prop_assert_eq!(spans.first().map(|s| s.range.start), Some(block.start));
        prop_assert_eq!(spans.last().map(|s| s.range.end), Some(block.end));
        for pair in spans.windows(2) {
            prop_assert_eq!(pair[0].range.end, pair[1].range.start);
        }
        for span in &spans {
            prop_assert!(!span.range.is_empty());
            // Each character's set of highlights is exactly the run's set.
            for c in span.range.start.0..span.range.end.0 {
                let expected: Vec<usize> = highlights
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| h.contains(CharOffset(c)))
                    .map(|(i, _)| i)
                    .collect();
                prop_assert_eq!(&span.covering, &expected);
            }
        }
    }
}

/// A small reading of the seed: topics, nested topic, three highlights.
fn sample() -> (
    Document,
    NoteSet,
    History,
    [TopicId; 4],
    Vec<marginalia::core::study::highlight::HighlightId>,
) {
    let doc = Document::seed();
    let mut set = NoteSet::new();
    let mut history = History::default();
    let topic = |set: &mut NoteSet, history: &mut History, name: &str| {
        let (edit, id) = Edit::create_topic(set, name, PALETTE[0]).unwrap();
        history.apply(set, edit, None, 0.0).unwrap();
        id
    };
    let arms = topic(&mut set, &mut history, "Arms control");
    let salt = topic(&mut set, &mut history, "Arms control/SALT");
    let neutron = topic(&mut set, &mut history, "Neutron weapons");
    let africa = topic(&mut set, &mut history, "Horn of Africa");
    let mut ids = Vec::new();
    for (needle, topics) in [
        ("strategic offensive arms limitation agreement", vec![salt]),
        (
            "mutual refusal to produce neutron weapons",
            vec![neutron, arms],
        ),
        ("conflict in the Horn of Africa", vec![africa]),
        ("Geneva Conference", vec![]),
    ] {
        let (edit, id) =
            Edit::create_highlight(&set, &doc, doc.find(needle).unwrap(), topics, NOW).unwrap();
        history.apply(&mut set, edit, None, 0.0).unwrap();
        ids.push(id);
    }
    (doc, set, history, [arms, salt, neutron, africa], ids)
}

#[test]
fn filters_any_all_untagged_and_hierarchy() {
    let (_, set, _, [arms, salt, neutron, africa], _) = sample();
    let shown = |filter: &TopicFilter| -> Vec<String> {
        set.highlights()
            .iter()
            .filter(|h| filter.matches(&set, h))
            .map(|h| h.anchor.quote.clone())
            .collect()
    };
    let everything = shown(&TopicFilter::default());
    assert_eq!(everything.len(), 4);

    // A parent takes in its children: SALT is inside Arms control.
    let mut filter = TopicFilter {
        topics: [arms].into(),
        ..Default::default()
    };
    assert_eq!(
        shown(&filter),
        [
            "strategic offensive arms limitation agreement",
            "mutual refusal to produce neutron weapons"
        ]
    );
    filter.topics = [salt].into();
    assert_eq!(
        shown(&filter),
        ["strategic offensive arms limitation agreement"]
    );

    filter.topics = [neutron, africa].into();
    assert_eq!(shown(&filter).len(), 2);
    filter.mode = FilterMode::All;
    assert!(shown(&filter).is_empty());
    filter.topics = [neutron, arms].into();
    assert_eq!(
        shown(&filter),
        ["mutual refusal to produce neutron weapons"]
    );

    let untagged = TopicFilter {
        show_untagged: true,
        ..Default::default()
    };
    assert_eq!(shown(&untagged), ["Geneva Conference"]);
    filter.show_untagged = true;
    assert_eq!(
        shown(&filter),
        [
            "mutual refusal to produce neutron weapons",
            "Geneva Conference"
        ]
    );
    filter.clear();
    assert!(!filter.is_active());
}

#[test]
fn deleting_a_topic_keeps_the_highlights_other_topics_and_undoes_whole() {
    let (_, mut set, mut history, [arms, _, neutron, _], ids) = sample();
    let before = set.clone();
    let edit = Edit::delete_topic(&set, neutron, NOW).unwrap();
    history.apply(&mut set, edit, None, 1.0).unwrap();
    assert!(set.topic(neutron).is_none());
    assert_eq!(set.highlight(ids[1]).unwrap().topics, vec![arms]);
    assert_eq!(history.undo_label(), Some("Delete topic"));
    history.undo(&mut set).unwrap();
    assert_eq!(set, before);
}

#[test]
fn merging_moves_highlights_without_duplicates() {
    let (_, mut set, mut history, [arms, salt, neutron, _], ids) = sample();
    let edit = Edit::merge_topics(&set, neutron, arms, NOW).unwrap();
    history.apply(&mut set, edit, None, 1.0).unwrap();
    assert_eq!(set.highlight(ids[1]).unwrap().topics, vec![arms]);
    assert!(set.topic(neutron).is_none());
    let edit = Edit::merge_topics(&set, salt, arms, NOW).unwrap();
    history.apply(&mut set, edit, None, 2.0).unwrap();
    assert_eq!(set.highlight(ids[0]).unwrap().topics, vec![arms]);
    assert_eq!(set.topic_count(arms), 2);
    // The step is named by the edit itself, undone and redone alike.
    assert_eq!(history.undo_label(), Some("Merge topics"));
    assert_eq!(
        history.undo(&mut set).unwrap().as_deref(),
        Some("Merge topics")
    );
    assert_eq!(history.redo_label(), Some("Merge topics"));
    assert_eq!(
        history.redo(&mut set).unwrap().as_deref(),
        Some("Merge topics")
    );
    assert_eq!(set.topic_count(arms), 2);
}

#[test]
fn renaming_a_parent_moves_its_children_and_names_stay_unique() {
    let (_, mut set, mut history, [arms, salt, neutron, _], _) = sample();
    let edit = Edit::rename_topic(&set, arms, " Disarmament ").unwrap();
    history.apply(&mut set, edit, None, 1.0).unwrap();
    assert_eq!(set.topic(arms).unwrap().name, "Disarmament");
    assert_eq!(set.topic(salt).unwrap().name, "Disarmament/SALT");
    assert_eq!(
        Edit::rename_topic(&set, neutron, "Disarmament"),
        Err(EditError::DuplicateName("Disarmament".into()))
    );
    assert_eq!(
        Edit::rename_topic(&set, neutron, "  / "),
        Err(EditError::EmptyName)
    );
    assert!(matches!(
        Edit::create_topic(&set, "Disarmament/SALT", PALETTE[1]),
        Err(EditError::DuplicateName(_))
    ));
    history.undo(&mut set).unwrap();
    assert_eq!(set.topic(salt).unwrap().name, "Arms control/SALT");
}

#[test]
fn counts_include_nested_topics_on_request() {
    let (_, set, _, [arms, salt, ..], _) = sample();
    assert_eq!(set.topic_count(arms), 1);
    assert_eq!(set.topic_count(salt), 1);
    assert_eq!(set.topic_count_with_children(set.topic(arms).unwrap()), 2);
}

#[test]
fn a_burst_of_typing_is_one_undo_step() {
    let (_, mut set, mut history, _, ids) = sample();
    let id = ids[0];
    for (i, text) in ["S", "SA", "SAL", "SALT talks"].iter().enumerate() {
        let edit = Edit::SetNote {
            highlight: id,
            note: text.to_string(),
            modified: NOW,
        };
        history
            .apply(
                &mut set,
                edit,
                Some(Coalesce::Note(id)),
                10.0 + i as f64 * 0.5,
            )
            .unwrap();
    }
    // A pause starts a new step.
    let edit = Edit::SetNote {
        highlight: id,
        note: "SALT talks stalled".into(),
        modified: NOW,
    };
    history
        .apply(&mut set, edit, Some(Coalesce::Note(id)), 30.0)
        .unwrap();
    history.undo(&mut set).unwrap();
    assert_eq!(set.highlight(id).unwrap().note, "SALT talks");
    history.undo(&mut set).unwrap();
    assert_eq!(set.highlight(id).unwrap().note, "");
    assert_eq!(history.undo_label(), Some("Create highlight"));
}

#[test]
fn overlapping_queries_find_what_touches_a_range() {
    let (doc, set, _, _, ids) = sample();
    let h = set.highlight(ids[1]).unwrap().range();
    let hits: Vec<_> = set
        .highlights_overlapping(SourceId::FIRST, range(h.start.0 + 3, h.start.0 + 4))
        .map(|h| h.id)
        .collect();
    assert_eq!(hits, vec![ids[1]]);
    // Touching at the edge is not overlapping.
    assert_eq!(
        set.highlights_overlapping(SourceId::FIRST, range(h.end.0, h.end.0 + 5))
            .count(),
        0
    );
    assert_eq!(
        set.highlights_overlapping(SourceId::FIRST, doc.full_range())
            .count(),
        4
    );
}

#[test]
fn a_click_selects_one_highlight_offers_a_choice_among_several_and_respects_the_filter() {
    use marginalia::ui::panels::reader::{ClickOutcome, click_outcome};
    let (doc, mut set, mut history, [_, salt, ..], _) = sample();
    // A highlight nested inside the SALT one: "offensive arms".
    let outer = set.highlights()[0].range();
    let nested = doc.find("offensive arms").unwrap();
    let start = nested.start.0;
    let (edit, inner) = Edit::create_highlight(&set, &doc, nested, vec![], NOW).unwrap();
    history.apply(&mut set, edit, None, 1.0).unwrap();
    let outer_id = set
        .highlights()
        .iter()
        .find(|h| h.range() == outer)
        .unwrap()
        .id;

    let none = TopicFilter::default();
    assert_eq!(
        click_outcome(&doc, &set, SourceId::FIRST, &none, outer.start),
        ClickOutcome::Select(Some(outer_id))
    );
    assert_eq!(
        click_outcome(&doc, &set, SourceId::FIRST, &none, CharOffset(start + 3)),
        ClickOutcome::Choose(vec![inner, outer_id])
    );
    assert_eq!(
        click_outcome(&doc, &set, SourceId::FIRST, &none, CharOffset(0)),
        ClickOutcome::Select(None)
    );
    // A filter that hides the untagged inner one leaves only the outer one to click.
    let only_salt = TopicFilter {
        topics: [salt].into(),
        ..Default::default()
    };
    assert_eq!(
        click_outcome(
            &doc,
            &set,
            SourceId::FIRST,
            &only_salt,
            CharOffset(start + 3)
        ),
        ClickOutcome::Select(Some(outer_id))
    );
}
