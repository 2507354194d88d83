//! What counts as a word when a click picks one or a selection snaps to whole words.

/// True for characters that belong to a word: letters, digits, an apostrophe (straight or
/// curly, as in `Brezhnev’s`) and a hyphen (`Soviet-US`).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophes_and_hyphens_join_words_and_punctuation_does_not() {
        for c in ['a', 'Я', '7', '\'', '’', '-'] {
            assert!(is_word_char(c), "{c:?}");
        }
        for c in [' ', ',', '.', '“', '—', '\n'] {
            assert!(!is_word_char(c), "{c:?}");
        }
    }
}
