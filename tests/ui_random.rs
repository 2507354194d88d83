//! The whole window driven by random input, as a restless user would: clicks and drags
//! anywhere (the reader, the panels, the menus), keys and shortcuts, topics created and
//! applied, filters, undo and redo, saving and opening again. After every step nothing
//! has panicked and the note set holds together; at the end, undoing everything gives
//! back the set as it was when the history last began.

mod common;

use egui::{Event, Key, Modifiers, PointerButton, Pos2, pos2};
use egui_kittest::Harness;
use marginalia::core::document::Document;
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::text::{CharOffset, CharRange};
use marginalia::ui::action::{
    Action, Command, DocRef, SessionAction, StudyAction, ViewAction, WindowAction, WorkspaceAction,
};
use marginalia::ui::{AppOptions, MarginaliaApp};
use proptest::prelude::*;
use std::collections::HashSet;
use std::path::PathBuf;

const WIDTH: f32 = 1200.0;
const HEIGHT: f32 = 800.0;

/// One thing a user does.
#[derive(Debug, Clone)]
enum Step {
    Click(Pos2),
    Drag(Pos2, Pos2),
    /// A drag, then H: a new highlight where the drag selected text.
    DragAndHighlight(Pos2, Pos2),
    Key(Key, Modifiers),
    CreateTopic(u8),
    /// Applies the n-th topic key (1–9) to what is selected.
    TopicKey(u8),
    ToggleFilter(u8),
    ClearFilter,
    Undo,
    Redo,
    SaveAndReopen,
    Scroll(f32),
    /// An action as a panel would send it, to each part of the window in turn (the
    /// numbers are places in the text as fractions, or indices that may be stale).
    Act(u8, f32, f32, u8),
}

fn position() -> impl Strategy<Value = Pos2> {
    (0.0..WIDTH, 0.0..HEIGHT).prop_map(|(x, y)| pos2(x, y))
}

/// Mostly the reader's middle, where the text is; now and then anywhere.
fn text_position() -> impl Strategy<Value = Pos2> {
    prop_oneof![
        3 => (WIDTH * 0.3..WIDTH * 0.7, 60.0..HEIGHT - 40.0).prop_map(|(x, y)| pos2(x, y)),
        1 => position(),
    ]
}

fn key() -> impl Strategy<Value = (Key, Modifiers)> {
    let plain = prop::sample::select(vec![
        Key::H,
        Key::Delete,
        Key::Escape,
        Key::ArrowDown,
        Key::ArrowUp,
        Key::PageDown,
        Key::Home,
        Key::End,
        Key::Num1,
        Key::Num2,
        Key::F1,
    ])
    .prop_map(|k| (k, Modifiers::NONE));
    let command = prop::sample::select(vec![
        Key::A,
        Key::Z,
        Key::Y,
        Key::F,
        Key::Equals,
        Key::Minus,
        Key::Num0,
        Key::L,
    ])
    .prop_map(|k| (k, Modifiers::COMMAND));
    prop_oneof![plain, command]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => text_position().prop_map(Step::Click),
        5 => (text_position(), text_position()).prop_map(|(a, b)| Step::Drag(a, b)),
        3 => (text_position(), text_position()).prop_map(|(a, b)| Step::DragAndHighlight(a, b)),
        4 => key().prop_map(|(k, m)| Step::Key(k, m)),
        1 => (0u8..6).prop_map(Step::CreateTopic),
        3 => (1u8..=6).prop_map(Step::TopicKey),
        1 => (0u8..6).prop_map(Step::ToggleFilter),
        1 => Just(Step::ClearFilter),
        2 => Just(Step::Undo),
        1 => Just(Step::Redo),
        1 => Just(Step::SaveAndReopen),
        2 => (-900.0f32..900.0).prop_map(Step::Scroll),
        4 => (0u8..16, 0.0f32..1.0, 0.0f32..1.0, 0u8..6)
            .prop_map(|(kind, a, b, n)| Step::Act(kind, a, b, n)),
    ]
}

/// The primary button pressed or released at `at`.
fn button(harness: &mut Harness<'static, MarginaliaApp>, at: Pos2, pressed: bool) {
    harness.event(Event::PointerButton {
        pos: at,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
    harness.step();
}

fn click(harness: &mut Harness<'static, MarginaliaApp>, at: Pos2) {
    harness.event(Event::PointerMoved(at));
    button(harness, at, true);
    button(harness, at, false);
}

fn drag(harness: &mut Harness<'static, MarginaliaApp>, from: Pos2, to: Pos2) {
    harness.event(Event::PointerMoved(from));
    button(harness, from, true);
    harness.event(Event::PointerMoved(from.lerp(to, 0.5)));
    harness.step();
    harness.event(Event::PointerMoved(to));
    button(harness, to, false);
}

/// The action `Step::Act(kind, a, b, n)` stands for in `app`'s present state: one of every
/// part's (view, study, workspace, session, window), with ranges inside the text.
fn act(app: &MarginaliaApp, kind: u8, a: f32, b: f32, n: u8) -> Action {
    let len = app.document().char_len();
    let at = |f: f32| CharOffset(((len as f32 * f) as usize).min(len));
    let (from, to) = if a <= b {
        (at(a), at(b))
    } else {
        (at(b), at(a))
    };
    let range = CharRange::new(from, to);
    let topics: Vec<_> = app.notes().topics().iter().map(|t| t.id).collect();
    let topic = topics.get(usize::from(n)).copied();
    let highlight = app.notes().highlights().get(usize::from(n)).map(|h| h.id);
    let index = usize::from(n);
    match kind {
        0 => ViewAction::ScrollTo(from).into(),
        1 => ViewAction::SelectFound(range).into(),
        2 => ViewAction::SetFoldUnmatched(n.is_multiple_of(2)).into(),
        3 => ViewAction::Unfold(index * 7).into(),
        4 => ViewAction::GoToFootnoteCall(u32::from(n)).into(),
        5 => ViewAction::DismissNotice(index).into(),
        6 | 7 => StudyAction::Highlight {
            range,
            exact: kind == 7,
            topics: topic.into_iter().collect(),
        }
        .into(),
        8 => match highlight {
            Some(id) => StudyAction::PlaceOrphan {
                highlight: id,
                range,
            }
            .into(),
            None => StudyAction::UseOtherVersion(index).into(),
        },
        9 => StudyAction::SetCitationTemplate(
            n.is_multiple_of(2).then(|| "{title}, p. {page}".into()),
        )
        .into(),
        10 => WorkspaceAction::OpenDocAt(DocRef::Open, range).into(),
        11 => SessionAction::DismissConflict(index).into(),
        12 => SessionAction::SetNoteSetTitle(format!("Random {n}")).into(),
        13 => WindowAction::SelectHighlight(highlight).into(),
        14 => match highlight {
            Some(id) => WindowAction::GoToHighlight(id).into(),
            None => WindowAction::ShowFootnote(u32::from(n)).into(),
        },
        _ => match topic {
            Some(id) => ViewAction::ToggleFilterTopic(id).into(),
            None => ViewAction::ClearFilter.into(),
        },
    }
}

/// What must hold of a note set on `doc` at every moment.
fn check(
    doc: &Document,
    set: &NoteSet,
    selected: Option<marginalia::core::study::highlight::HighlightId>,
) {
    let mut ids = HashSet::new();
    for h in set.highlights() {
        assert!(ids.insert(h.id), "highlight {:?} twice", h.id);
        let r = h.range();
        assert!(
            r.start < r.end && r.end.0 <= doc.char_len(),
            "{r:?} outside a text of {}",
            doc.char_len()
        );
        assert_eq!(doc.slice(r), h.anchor.quote, "a placed quote is its text");
        for t in &h.topics {
            assert!(
                set.topic(*t).is_some(),
                "topic {t:?} of a highlight is missing"
            );
        }
    }
    let mut names = HashSet::new();
    let mut topic_ids = HashSet::new();
    for t in set.topics() {
        assert!(topic_ids.insert(t.id), "topic {:?} twice", t.id);
        assert!(
            names.insert(t.name.clone()),
            "topic name {:?} twice",
            t.name
        );
    }
    if let Some(id) = selected {
        assert!(
            set.highlight(id).is_some(),
            "the selected highlight is gone"
        );
    }
}

fn run(steps: &[Step], dir: &std::path::Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let options = AppOptions {
        saves_dir: Some(dir.to_path_buf()),
        recovery_dir: None,
        ..AppOptions::seed()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(WIDTH, HEIGHT))
        .build_eframe(move |cc| MarginaliaApp::new(cc, options));
    harness.run_steps(2);
    let ctx = harness.ctx.clone();
    let mut base: NoteSet = harness.state().notes().clone();
    let mut most = 0;
    for step in steps {
        match step {
            Step::Click(at) => click(&mut harness, *at),
            Step::Drag(a, b) => drag(&mut harness, *a, *b),
            Step::DragAndHighlight(a, b) => {
                drag(&mut harness, *a, *b);
                harness.key_press(Key::H);
                harness.step();
            }
            Step::Key(key, modifiers) => {
                harness.key_press_modifiers(*modifiers, *key);
                harness.step();
            }
            Step::CreateTopic(n) => {
                let name = [
                    "Linkage",
                    "SALT",
                    "Horn of Africa",
                    "Linkage/Human rights",
                    "Détente",
                    "Middle East",
                ][usize::from(*n)];
                harness
                    .state_mut()
                    .apply(&ctx, Action::Study(StudyAction::CreateTopic(name.into())));
            }
            Step::TopicKey(n) => harness
                .state_mut()
                .apply(&ctx, Action::Run(Command::ApplyTopic(*n))),
            Step::ToggleFilter(n) => {
                let topic = harness
                    .state()
                    .notes()
                    .topics()
                    .get(usize::from(*n))
                    .map(|t| t.id);
                if let Some(id) = topic {
                    harness
                        .state_mut()
                        .apply(&ctx, Action::View(ViewAction::ToggleFilterTopic(id)));
                }
            }
            Step::ClearFilter => harness
                .state_mut()
                .apply(&ctx, Action::View(ViewAction::ClearFilter)),
            Step::Undo => harness.state_mut().apply(&ctx, Action::Run(Command::Undo)),
            Step::Redo => harness.state_mut().apply(&ctx, Action::Run(Command::Redo)),
            Step::SaveAndReopen => {
                let before = harness.state().notes().clone();
                harness.state_mut().apply(&ctx, Action::Run(Command::Save));
                harness.step();
                // A save may be waiting on a question (the file changed on disk); answer
                // as the user who wants to keep working.
                if harness.state().is_dirty() {
                    harness
                        .state_mut()
                        .apply(&ctx, Action::Session(SessionAction::SaveAsNew));
                    harness.step();
                }
                let path: Option<PathBuf> = harness
                    .state()
                    .session()
                    .path()
                    .map(std::path::Path::to_path_buf);
                if let Some(path) = path.filter(|_| !harness.state().is_dirty()) {
                    harness
                        .state_mut()
                        .apply(&ctx, Action::Session(SessionAction::OpenNoteSet(path)));
                    harness.run_steps(3);
                    assert_eq!(
                        harness.state().notes().highlights(),
                        before.highlights(),
                        "reopened as saved"
                    );
                    assert_eq!(harness.state().notes().topics(), before.topics());
                }
            }
            Step::Act(kind, a, b, n) => {
                let action = act(harness.state(), *kind, *a, *b, *n);
                harness.state_mut().apply(&ctx, action);
            }
            Step::Scroll(dy) => {
                harness.event(Event::PointerMoved(pos2(WIDTH / 2.0, HEIGHT / 2.0)));
                harness.event(Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Point,
                    delta: egui::vec2(0.0, *dy),
                    modifiers: Modifiers::NONE,
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Wheel,
                });
                harness.step();
            }
        }
        harness.step();
        let app = harness.state();
        check(app.document(), app.notes(), app.view().selected_highlight());
        most = most.max(app.notes().highlights().len());
        if app.study().history().undo_label().is_none() {
            base = app.notes().clone();
        }
    }
    // Undo everything: the set as it was when the history last began.
    let mut undone = 0;
    while harness.state().study().history().undo_label().is_some() {
        harness.state_mut().apply(&ctx, Action::Run(Command::Undo));
        undone += 1;
        assert!(undone < 10_000, "undo never ends");
    }
    harness.step();
    assert_eq!(harness.state().notes(), &base, "after {undone} undos");
    assert!(
        most > 0,
        "the steps made no highlight at all: a test of nothing"
    );
    let _ = std::fs::remove_dir_all(dir);
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 6,
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_sequence_of_user_steps_keeps_the_set_whole_and_undoable(
        steps in prop::collection::vec(step(), 250..400)
    ) {
        let dir = std::env::temp_dir().join(format!(
            "marginalia-random-{}-{}",
            std::process::id(),
            steps.len()
        ));
        run(&steps, &dir);
    }
}
