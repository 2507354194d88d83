//! Every character the window's own words use can be drawn with the bundled fonts: a
//! label with a missing glyph shows a box to the user (and panics under kittest, but only
//! if a test happens to show that label — a tooltip or a rare link may never be).

use egui::{FontFamily, FontId};
use std::path::Path;

/// The non-ASCII characters inside string literals of the Rust files under `dir`, with
/// where each was first seen. Comments are skipped (a doc comment may use any character).
fn characters_in_literals(dir: &Path, found: &mut Vec<(char, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            characters_in_literals(&path, found);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            // Unit tests sit at the end of a file; their messages are not drawn.
            if code == "#[cfg(test)]" {
                break;
            }
            if code.starts_with("//") || code.starts_with("#[") {
                continue;
            }
            // The parts between quotes, on lines of code; a `//` after code ends it.
            let mut inside = false;
            let mut previous = ' ';
            for c in line.chars() {
                if c == '"' && previous != '\\' {
                    inside = !inside;
                } else if !inside && c == '/' && previous == '/' {
                    break;
                } else if inside && !c.is_ascii() && !found.iter().any(|(f, _)| *f == c) {
                    found.push((c, format!("{}:{}", path.display(), n + 1)));
                }
                previous = c;
            }
        }
    }
}

#[test]
fn every_character_of_the_windows_words_has_a_glyph() {
    let ctx = egui::Context::default();
    marginalia::ui::widgets::fonts::install(&ctx);
    // Fonts are loaded when a pass begins.
    let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
    output.textures_delta.clear();
    let mut found = Vec::new();
    // The window's words, and the core's messages, which the window shows as notices.
    characters_in_literals(Path::new("src"), &mut found);
    // The mark of unsaved changes is in the window's title, which the system draws; the
    // command line's own output goes to a terminal.
    found.retain(|(c, at)| !(*c == '●' && at.contains("status_and_dialogs.rs")));
    found.retain(|(_, at)| {
        ![
            "src/main.rs",
            "src/study_commands.rs",
            "src/core/document/inspect.rs",
        ]
        .iter()
        .any(|terminal| at.starts_with(terminal))
    });
    assert!(
        found.iter().any(|(c, _)| *c == '“'),
        "the scan found the quotation marks the window uses: {found:?}"
    );
    let families = [
        FontFamily::Proportional,
        FontFamily::Monospace,
        marginalia::ui::widgets::fonts::family(marginalia::ui::widgets::fonts::SERIF),
    ];
    let missing: Vec<String> = ctx.fonts_mut(|fonts| {
        let mut missing = Vec::new();
        for family in &families {
            for (c, at) in &found {
                if !fonts.has_glyph(&FontId::new(14.0, family.clone()), *c) {
                    missing.push(format!(
                        "{c:?} (U+{:04X}) in {family:?}, used at {at}",
                        *c as u32
                    ));
                }
            }
        }
        missing
    });
    assert!(missing.is_empty(), "no glyph for:\n{}", missing.join("\n"));
}
