//! Helpers shared by the window tests: a harness, and the reader's selection as a user
//! would make it.

#![allow(dead_code)] // Each test file uses some of these.

use egui::{Key, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::ui::panels::reader::Selection;
use marginalia::ui::{AppOptions, MarginaliaApp};

/// The app in a 1400×900 window, started with `options`, after its first frames.
pub fn harness(options: AppOptions) -> Harness<'static, MarginaliaApp> {
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_eframe(move |cc| MarginaliaApp::new(cc, options));
    harness.run();
    harness
}

/// The app on the shipped study: the letter, its 20 highlights and document note.
pub fn on_example() -> Harness<'static, MarginaliaApp> {
    harness(AppOptions {
        notes: Some(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("saves/example-brezhnev-1978.ron"),
        ),
        ..AppOptions::seed()
    })
}

/// Selects the first occurrence of `needle`, as the reader's selection would.
pub fn select(harness: &mut Harness<'static, MarginaliaApp>, needle: &str) {
    let doc = harness.state().document();
    let range = doc
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"));
    harness.state_mut().panels_mut().reader.selection = Some(Selection::of(range));
    harness.run();
}

/// Selects `needle` and presses H.
pub fn highlight(harness: &mut Harness<'static, MarginaliaApp>, needle: &str) {
    select(harness, needle);
    harness.key_press(Key::H);
    harness.run();
}

/// Types a new topic's name in the Topics tab and presses Enter.
pub fn create_topic(harness: &mut Harness<'static, MarginaliaApp>, name: &str) {
    harness.get_by_label("Topics").click();
    harness.run();
    harness.get_by_label("New topic").click();
    harness.run();
    harness.get_by_label("New topic").type_text(name);
    harness.key_press(Key::Enter);
    harness.run();
    // Enter leaves the field ready for another name; the user goes on elsewhere.
    harness.ctx.memory_mut(|m| m.stop_text_input());
    harness.run();
}

/// Adds a highlight over `start..start + len` of `doc` with `topics` and `note`, made at
/// time `t`, through the same edits the window uses.
pub fn noted_highlight(
    doc: &marginalia::core::document::Document,
    set: &mut marginalia::core::study::note_set::NoteSet,
    (start, len): (usize, usize),
    topics: Vec<marginalia::core::study::topic::TopicId>,
    note: &str,
    t: i64,
) {
    use marginalia::core::study::edit::Edit;
    use marginalia::core::text::{CharOffset, CharRange};
    use marginalia::core::time::Timestamp;
    let range = CharRange::new(CharOffset(start), CharOffset(start + len));
    let (edit, id) = Edit::create_highlight(set, doc, range, topics, Timestamp(t))
        .unwrap_or_else(|e| panic!("{range:?}: {e}"));
    edit.apply(set).unwrap_or_else(|e| panic!("{e}"));
    Edit::SetNote {
        highlight: id,
        note: note.to_string(),
        modified: Timestamp(t),
    }
    .apply(set)
    .unwrap_or_else(|e| panic!("{e}"));
}

/// Ticks `topic` as the filter in the Topics tab and turns on "Only matching passages"
/// (the Topics tab's switch; the filter bar above the text repeats it). The caller runs
/// the frames that follow.
pub fn show_only_topic(harness: &mut Harness<'static, MarginaliaApp>, topic: &str) {
    harness.get_by_label("Topics").click();
    harness.run();
    harness.get_by_label(&format!("Filter by {topic}")).click();
    harness.run();
    harness
        .get_all_by_label("Only matching passages")
        .next()
        .unwrap()
        .click();
}

/// The window open on document `doc` (its id, such as `d2`) of the TEI volume at `path`.
#[allow(dead_code)] // Not every test file opens a volume.
pub fn on_volume(path: &str, doc: &str) -> Harness<'static, MarginaliaApp> {
    use marginalia::core::progress::Progress;
    use marginalia::core::source::{Source, open_source};
    let source = open_source(std::path::Path::new(path), Some(doc), &Progress::default())
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let Source::Volume { volume, index } = source else {
        panic!("{path} is not a volume")
    };
    harness(AppOptions {
        document: volume.documents()[index].clone(),
        volume: Some(volume),
        ..AppOptions::seed()
    })
}
