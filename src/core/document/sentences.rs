//! Where sentences end in the prose of diplomatic records, which abbreviate in nearly
//! every sentence: "U.S.", "Mr.", "Dr.", "No. 5", "Edward R. Murrow", "Jan. 12".
//!
//! A full stop, question or exclamation mark followed by white space (after any closing
//! quotation marks or brackets) ends a sentence, unless the full stop closes an
//! abbreviation: a title before a name ("Mr.", "Gen."), a dotted short form ("U.S.",
//! "e.g."), an initial ("R."), or a word that stands before a number ("No.", "pp.",
//! "Sept."). A dotted short form or an initial still ends a sentence when the next word
//! is one that begins sentences ("…in the U.S. The Soviets…"), and nothing ends before a
//! word in small letters.

/// Titles that stand before a name: never the end of a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "st", "gen", "adm", "col", "lt", "capt", "cmdr", "sgt",
    "maj", "sen", "rep", "gov", "amb", "pres", "prof", "rev", "hon", "fr", "mme", "mlle",
];

/// Words that stand before a number ("No. 5", "pp. 47–53", "Sept. 12").
const BEFORE_NUMBERS: &[&str] = &[
    "no", "nos", "vol", "vols", "p", "pp", "art", "para", "ch", "sec", "fig", "doc", "tel", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Short forms that end a sentence only before a word that begins one.
const SHORT_FORMS: &[&str] = &[
    "jr", "sr", "etc", "ibid", "inc", "ltd", "co", "corp", "bros", "cf", "viz", "vs", "approx",
    "op", "cit", "dept", "govt", "ca",
];

/// Words that begin sentences far more often than they follow an abbreviation.
const STARTERS: &[&str] = &[
    "the",
    "this",
    "that",
    "these",
    "those",
    "there",
    "then",
    "thus",
    "therefore",
    "it",
    "its",
    "he",
    "she",
    "we",
    "they",
    "i",
    "you",
    "his",
    "her",
    "our",
    "their",
    "my",
    "a",
    "an",
    "in",
    "on",
    "at",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "although",
    "though",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "for",
    "with",
    "by",
    "from",
    "to",
    "of",
    "not",
    "all",
    "some",
    "any",
    "each",
    "both",
    "such",
    "other",
    "moreover",
    "however",
    "nevertheless",
    "meanwhile",
    "accordingly",
    "also",
    "further",
    "furthermore",
    "indeed",
    "what",
    "why",
    "how",
    "where",
    "who",
    "which",
    "one",
    "no",
    "nor",
    "only",
    "here",
];

fn closes(c: char) -> bool {
    matches!(c, '”' | '"' | '’' | '\'' | ')' | ']')
}

/// True when the mark at `i` of `chars` (a paragraph's text) ends a sentence.
pub fn ends_at(chars: &[char], i: usize) -> bool {
    let Some(&mark) = chars.get(i) else {
        return false;
    };
    if !matches!(mark, '.' | '?' | '!') {
        return false;
    }
    // Closing marks that belong to the sentence, then white space (or the end).
    let mut after = i + 1;
    while after < chars.len() && closes(chars[after]) {
        after += 1;
    }
    if after < chars.len() && !chars[after].is_whitespace() {
        return false;
    }
    let mut next = after;
    while next < chars.len() && chars[next].is_whitespace() {
        next += 1;
    }
    // Opening marks before the next word.
    while next < chars.len() && matches!(chars[next], '“' | '"' | '‘' | '(' | '[') {
        next += 1;
    }
    let next_word: String = chars[next..]
        .iter()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    if next_word.chars().next().is_some_and(char::is_lowercase) {
        return false;
    }
    if mark != '.' || next >= chars.len() {
        return true;
    }
    // The word the full stop closes, with any dots inside it ("U.S", "e.g", "Mr").
    let mut start = i;
    while start > 0 && (chars[start - 1].is_alphanumeric() || chars[start - 1] == '.') {
        start -= 1;
    }
    let token: String = chars[start..i].iter().collect();
    let lower = token.to_lowercase();
    let begins_sentence = STARTERS.contains(&next_word.to_lowercase().as_str());
    let before_number = next_word.chars().next().is_some_and(|c| c.is_ascii_digit());
    if TITLES.contains(&lower.as_str()) {
        return false;
    }
    if BEFORE_NUMBERS.contains(&lower.as_str()) && before_number {
        return false;
    }
    let dotted = token.contains('.') && token.chars().all(|c| c.is_alphabetic() || c == '.');
    let initial = token.chars().count() == 1 && token.chars().all(char::is_uppercase);
    if dotted || initial || SHORT_FORMS.contains(&lower.as_str()) {
        return begins_sentence;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentences of `text`, as `ends_at` cuts it.
    fn sentences(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut start = 0;
        for i in 0..chars.len() {
            if ends_at(&chars, i) {
                let mut end = i + 1;
                while end < chars.len() && closes(chars[end]) {
                    end += 1;
                }
                out.push(
                    chars[start..end]
                        .iter()
                        .collect::<String>()
                        .trim()
                        .to_string(),
                );
                start = end;
            }
        }
        let rest: String = chars[start..].iter().collect();
        if !rest.trim().is_empty() {
            out.push(rest.trim().to_string());
        }
        out
    }

    #[test]
    fn abbreviations_of_diplomatic_prose_do_not_end_sentences() {
        assert_eq!(
            sentences(
                "Mr. McGhee asked Mr. Murrow about U.S. Policy in East Asia. Edward R. Murrow \
                 replied that No. 5 was sent on Sept. 12, pp. 47–53. He had nothing more."
            ),
            [
                "Mr. McGhee asked Mr. Murrow about U.S. Policy in East Asia.",
                "Edward R. Murrow replied that No. 5 was sent on Sept. 12, pp. 47–53.",
                "He had nothing more."
            ]
        );
    }

    #[test]
    fn a_short_form_at_the_end_of_a_sentence_still_ends_it() {
        assert_eq!(
            sentences("The talks were held in the U.S. The Soviets agreed. Was it so? “Yes.” No."),
            [
                "The talks were held in the U.S.",
                "The Soviets agreed.",
                "Was it so?",
                "“Yes.”",
                "No."
            ]
        );
        // "no." at the end of a sentence is a word, not "No. 5".
        assert_eq!(
            sentences("He said no. Then he left."),
            ["He said no.", "Then he left."]
        );
    }

    #[test]
    fn a_small_letter_after_a_full_stop_continues_the_sentence() {
        assert_eq!(
            sentences("Approx. two divisions, i.e. most of them, etc. were moved."),
            ["Approx. two divisions, i.e. most of them, etc. were moved."]
        );
        assert_eq!(sentences("1972.5 He has"), ["1972.5 He has"]);
    }
}
