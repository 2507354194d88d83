//! The window, driven as a user would: find the letter, its footnotes, select and copy.

use egui::{Key, Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::core::text::CharOffset;
use marginalia::ui::{AppOptions, MarginaliaApp};

const HEADING: &str = "84. Letter From Soviet General Secretary Brezhnev to President Carter";

/// The app in a 1280×800 window, started with `options`, after its first frames.
fn harness_with(options: AppOptions) -> Harness<'static, MarginaliaApp> {
    let mut harness = Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .build_eframe(move |cc| MarginaliaApp::new(cc, options));
    harness.run();
    harness
}

fn harness() -> Harness<'static, MarginaliaApp> {
    harness_with(AppOptions::seed())
}

#[test]
fn the_letter_opens_with_heading_outline_and_footnote_panel() {
    let harness = harness();
    harness.get_by_role_and_label(egui::Role::Heading, HEADING);
    harness.get_by_label("Dear Mr. President,");
    harness.get_by_label("Footnotes");
    harness.get_by_label("3. See Document 76.");
    for page in ["p. 286", "p. 287", "p. 288"] {
        harness.get_by_label(page);
    }
    harness.get_by_label("Page 286");
    // The heading's footnote call is in view from the start.
    harness.get_by_label("Footnote 1");
}

#[test]
fn footnote_3_hover_shows_its_text_and_click_shows_it_in_the_panel() {
    let mut harness = harness();
    // Footnote 3 is called half-way down the letter, out of view at first.
    assert!(harness.query_by_label("Footnote 3").is_none());
    harness.get_by_label("3. See Document 76.").click();
    harness.run();
    // The reader scrolled to the call.
    harness.get_by_label("Footnote 3").hover();
    harness.run();
    assert!(harness.query_by_label("Note 3").is_some(), "tooltip header");
    harness.get_by_label("See Document 76.");

    harness.state_mut().panels_mut().outline.selected_footnote = None;
    harness.get_by_label("Footnote 3").click();
    harness.run();
    assert_eq!(harness.state().panels().outline.selected_footnote, Some(3));
    // The scroll went as far as the footnote: the status bar shows its page.
    harness.get_by_label("Page 286");
}

#[test]
fn page_buttons_scroll_the_reader_and_status_follows() {
    let mut harness = harness();
    harness.get_by_label("p. 288").click();
    harness.run();
    harness.get_by_label("Page 288");
    let top = harness.state().panels().reader.top_offset;
    let doc = &harness.state().document();
    assert_eq!(doc.page_at(top), Some(288));
}

#[test]
fn dragging_across_the_salutation_selects_it_and_ctrl_c_copies_canonical_text() {
    let mut harness = harness();
    let rect = harness.get_by_label("Dear Mr. President,").rect();
    harness.drag_at(Pos2::new(rect.left() + 1.0, rect.center().y));
    harness.run();
    harness.hover_at(Pos2::new(rect.right() + 40.0, rect.center().y));
    harness.run();
    harness.drop_at(Pos2::new(rect.right() + 40.0, rect.center().y));
    harness.run();
    let app = harness.state();
    let selection = app.panels().reader.selection.expect("a selection");
    assert_eq!(
        app.document().slice(selection.range()),
        "Dear Mr. President,"
    );
    harness.get_by_label("19 characters selected, p. 286");

    // A native window turns Ctrl+C into a copy event; other back-ends send the key itself.
    let ctrl_c = egui::Event::Key {
        key: Key::C,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND,
    };
    let mut copied = Vec::new();
    for event in [egui::Event::Copy, ctrl_c] {
        // One event per frame, so that frame's output holds the copy command.
        harness.event(event);
        harness.step();
        for command in &harness.output().platform_output.commands {
            if let egui::OutputCommand::CopyText(text) = command {
                copied.push(text.clone());
            }
        }
    }
    assert_eq!(copied, ["Dear Mr. President,", "Dear Mr. President,"]);
}

#[test]
fn select_all_spans_pages_and_escape_clears() {
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    let app = harness.state();
    let selection = app.panels().reader.selection.expect("everything selected");
    assert_eq!(selection.range(), app.document().full_range());
    assert_eq!(app.document().char_len(), 8681);
    // Cited as the exports cite pages: the shared leading digit left off.
    harness.get_by_label("8,681 characters selected, pp. 286–88");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.state().panels().reader.selection.is_none());
}

#[test]
fn font_size_shortcuts_change_the_reading_size_only() {
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
    harness.run();
    assert_eq!(harness.state().prefs().font_size, 19.0);
    harness.get_by_label("19 pt");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    harness.run();
    assert_eq!(harness.state().prefs().font_size, 17.0);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    harness.run();
    assert_eq!(harness.state().prefs().font_size, 18.0);
    // The interface itself was not zoomed.
    assert_eq!(harness.ctx.zoom_factor(), 1.0);
}

#[test]
fn a_bad_path_shows_a_dismissible_message_and_keeps_the_letter() {
    let mut harness = harness();
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(
        &ctx,
        marginalia::ui::action::Action::Workspace(
            marginalia::ui::action::WorkspaceAction::OpenPath("/nonexistent/letter.txt".into()),
        ),
    );
    harness.run();
    assert_eq!(harness.state().view().notices().len(), 1);
    harness.get_by_label(HEADING);
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(harness.state().view().notices().is_empty());
    assert!(harness.query_by_label("Dismiss").is_none());
}

#[test]
fn scrolling_to_an_offset_keeps_the_top_on_that_page() {
    let mut harness = harness();
    let offset = harness.state().document().pages()[1].offset;
    harness
        .state_mut()
        .panels_mut()
        .reader
        .scroll_to(CharOffset(offset.0));
    harness.run();
    assert_eq!(
        harness
            .state()
            .document()
            .page_at(harness.state().panels().reader.top_offset),
        Some(287)
    );
}

#[test]
fn keyboard_scrolls_by_page_and_to_either_end() {
    let mut harness = harness();
    harness.key_press(Key::PageDown);
    harness.run();
    let after_page_down = harness.state().panels().reader.top_offset;
    assert!(after_page_down.0 > 500, "{after_page_down:?}");
    harness.key_press(Key::End);
    harness.run();
    harness.get_by_label("Page 288");
    harness.key_press(Key::Home);
    harness.run();
    harness.get_by_label("Page 286");
    assert!(harness.state().panels().reader.top_offset.0 < 100);
}

#[test]
fn the_command_line_can_open_at_a_page_or_explain_why_not() {
    use marginalia::ui::StartAt;
    let open_at = |start_at| {
        harness_with(AppOptions {
            start_at: Some(start_at),
            ..AppOptions::seed()
        })
    };
    let harness = open_at(StartAt::Page(287));
    harness.get_by_label("Page 287");
    assert!(harness.state().view().notices().is_empty());

    let harness = open_at(StartAt::Footnote(4));
    harness.get_by_label("Footnote 4");
    assert_eq!(harness.state().panels().outline.selected_footnote, Some(4));

    let harness = open_at(StartAt::Page(400));
    harness.get_by_label("Page 286");
    harness.get_by_label("Page 400 is not in this document; it has pages 286–288.");
}

#[test]
fn greek_cyrillic_and_combining_marks_render_with_the_bundled_fonts() {
    use marginalia::core::document::Document;
    let text = "Ἡρόδοτος Ἁλικαρνησσέος\n\nБрежнев писал: «Уважаемый господин Президент».\n\nq\u{307}\u{323} e\u{301} Łódź Ærø “quoted” — dash’s.";
    let harness = harness_with(AppOptions {
        document: Document::from_text(text, "polyglot.txt"),
        ..AppOptions::seed()
    });
    harness.get_by_role_and_label(egui::Role::Heading, "Ἡρόδοτος Ἁλικαρνησσέος");
    harness.get_by_label("Брежнев писал: «Уважаемый господин Президент».");
    // Every character has a glyph in the reading font: none fell back to the
    // replacement box.
    let fonts_cover_all = harness.ctx.fonts_mut(|fonts| {
        let family = marginalia::ui::widgets::fonts::family(marginalia::ui::widgets::fonts::SERIF);
        let font_id = egui::FontId::new(18.0, family);
        text.chars()
            .filter(|c| !c.is_whitespace())
            .all(|c| fonts.has_glyph(&font_id, c))
    });
    assert!(fonts_cover_all);
}

#[test]
fn the_context_menu_copies_the_selection_and_says_so() {
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness
        .get_by_label("Dear Mr. President,")
        .click_secondary();
    harness.run();
    harness.get_by_label("Copy").click();
    // The confirmation stays for a few seconds: step, do not wait for it to settle.
    harness.run_steps(3);
    harness.get_by_label("Copied 8,681 characters");
}
