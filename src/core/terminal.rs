//! Text from notes and documents on its way to a terminal: control characters (ESC, BEL,
//! the C1 set) would be run by the terminal as commands — colours, titles, cursor moves,
//! even answers typed back — so they are shown as visible escapes instead.

use std::borrow::Cow;

/// True for a character a terminal may act on rather than print: C0 controls other than
/// line feed and tab, DEL, and C1 controls.
fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || ('\u{80}'..='\u{9f}').contains(&c)
}

/// `text` with every control character a terminal would act on written as `\u{1b}`-style
/// escapes; line feeds and tabs stay. Unchanged text is not copied.
pub fn visible_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if acts_on_terminal(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible_and_text_stays() {
        assert!(matches!(
            visible_controls("plain\ttext\n"),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            visible_controls("a\u{1b}]0;pwned\u{7}b\u{9b}c\rd\u{7f}"),
            "a\\u{1b}]0;pwned\\u{7}b\\u{9b}c\\u{d}d\\u{7f}"
        );
        assert_eq!(visible_controls("détente — “SALT”"), "détente — “SALT”");
    }
}
