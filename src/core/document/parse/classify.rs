//! Stage 5b: naming each block's kind from its text — heading, dateline, memo header,
//! salutation, subheading, table, signature, or body paragraph — and reading a block of
//! table rows.

use crate::core::document::structure::BlockKind;

/// A block as the classifier sees it.
pub(super) struct Shape<'a> {
    pub text: &'a str,
    pub lines: usize,
    pub table: bool,
}

/// Names each block's kind.
pub(super) fn classify(blocks: &[Shape<'_>]) -> Vec<BlockKind> {
    let mut kinds = vec![BlockKind::Paragraph; blocks.len()];
    let one_line = |i: usize| blocks[i].lines == 1 && !blocks[i].table;
    let mut body_start = 0;
    if blocks.len() > 1 && one_line(0) && is_heading(blocks[0].text) {
        kinds[0] = BlockKind::Heading;
        body_start = 1;
    }
    for (i, b) in blocks.iter().enumerate().skip(body_start) {
        if b.table {
            kinds[i] = BlockKind::Table;
        } else if is_memo_header(b.text) {
            kinds[i] = BlockKind::MemoHeader;
        } else if one_line(i) && is_dateline(b.text) {
            kinds[i] = BlockKind::Dateline;
        }
    }
    // The salutation opens the letter: the first block after heading and dateline.
    let first_body = (body_start..blocks.len()).find(|&i| kinds[i] == BlockKind::Paragraph);
    if let Some(i) = first_body
        && one_line(i)
        && is_salutation(blocks[i].text)
    {
        kinds[i] = BlockKind::Salutation;
        body_start = i + 1;
    }
    let last = blocks.len().saturating_sub(1);
    if last >= body_start
        && last > 0
        && kinds[last] == BlockKind::Paragraph
        && is_signature(blocks[last].text)
    {
        kinds[last] = BlockKind::Signature;
    }
    for i in body_start..blocks.len() {
        if kinds[i] == BlockKind::Paragraph && one_line(i) && is_subheading(blocks[i].text) {
            kinds[i] = BlockKind::Subheading;
        }
    }
    kinds
}

/// `84. Title` (a numbered document heading), or a short first line that does not end
/// like a sentence in progress.
fn is_heading(text: &str) -> bool {
    if split_heading(text).0.is_some() {
        return true;
    }
    text.chars().count() <= 150 && !text.ends_with(['.', ',', ';', ':', '—', '-'])
}

/// `84. Letter From …` → `(Some(84), Some("Letter From …"))`; a heading without a number
/// is all title.
pub(super) fn split_heading(text: &str) -> (Option<u32>, Option<String>) {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=5).contains(&digits)
        && let Some(rest) = text[digits..].strip_prefix(". ")
        && !rest.trim().is_empty()
    {
        return (text[..digits].parse().ok(), Some(rest.trim().to_string()));
    }
    (None, Some(text.trim().to_string()))
}

fn is_salutation(text: &str) -> bool {
    const OPENINGS: [&str; 8] = [
        "dear ",
        "my dear ",
        "sir",
        "madam",
        "gentlemen",
        "excellency",
        "your excellency",
        "mr. president",
    ];
    let lower = text.to_lowercase();
    text.chars().count() <= 80
        && text.ends_with([',', ':', '!'])
        && OPENINGS.iter().any(|o| lower.starts_with(o))
}

/// A short closing line of a name: a few words, capitalised, not ending like a sentence.
fn is_signature(text: &str) -> bool {
    let words = text.split_whitespace().count();
    text.chars().count() <= 60
        && (1..=6).contains(&words)
        && text.chars().next().is_some_and(char::is_uppercase)
        && !text.ends_with(['.', '?', '!', ':', ';', ','])
        && !text.contains('\n')
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Where and when: `Honolulu, Hawaii, June 16, 1978`, `Washington, January 12, 1978.`,
/// or a date alone, `February 25, 1978`.
fn is_dateline(text: &str) -> bool {
    if text.chars().count() > 100 {
        return false;
    }
    let text = text.trim_end_matches('.');
    let words: Vec<&str> = text.split_whitespace().collect();
    let [.., month, day, year] = words.as_slice() else {
        return false;
    };
    let year_ok = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit());
    let day = day.trim_end_matches(',');
    let day_ok = day.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d));
    let month = month.trim_start_matches(',');
    let month_ok = MONTHS.contains(&month);
    // Before the date, a place ending in a comma (or nothing).
    let place_ok = words.len() == 3 || words[words.len() - 4].ends_with(',');
    year_ok && day_ok && month_ok && place_ok
}

/// A memorandum's header: `SUBJECT: …`, `PARTICIPANTS:`, `TO:` and their like.
fn is_memo_header(text: &str) -> bool {
    const LABELS: [&str; 17] = [
        "SUBJECT",
        "SUBJ",
        "PARTICIPANTS",
        "TO",
        "FROM",
        "THROUGH",
        "VIA",
        "DATE",
        "TIME",
        "PLACE",
        "REF",
        "REFS",
        "REFERENCE",
        "INFO",
        "COPIES",
        "ATTENDEES",
        "SUMMARY",
    ];
    let Some((label, _)) = text.split_once(':') else {
        return false;
    };
    LABELS.contains(&label.trim())
}

/// A heading inside the text: one short line that does not end like a sentence, in
/// capitals (`THE INHERITANCE`), numbered (`I. Your Conduct of the Meeting`), or with
/// its words capitalised (`Human Rights`).
fn is_subheading(text: &str) -> bool {
    let count = text.chars().count();
    if !(3..=80).contains(&count) || text.ends_with(['.', ',', ';', ':', '?', '!', '—', '-']) {
        return false;
    }
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 3 {
        return false;
    }
    if letters.iter().all(|c| c.is_uppercase()) {
        return true;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 10 {
        return false;
    }
    let numbered = words.first().is_some_and(|w| {
        let w = w.trim_end_matches(['.', ')']);
        w.len() < words[0].len()
            && !w.is_empty()
            && (w.chars().all(|c| "IVXLC".contains(c))
                || w.len() == 1 && w.chars().all(char::is_alphanumeric))
    });
    // Words that carry meaning are capitalised (short ones like "of" may not be).
    let long: Vec<&&str> = words.iter().filter(|w| w.chars().count() >= 4).collect();
    let capitalised = !long.is_empty()
        && long
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    numbered || capitalised
}

/// One line of a table: `Rule` for a rule line (`---|---`), the cells of a row (` | `
/// between cells, a leading and trailing `|` allowed, or tabs), or `None` when the line
/// is not a row.
pub(super) enum TableLine {
    Rule,
    Row(Vec<String>),
}

pub(super) fn table_line(line: &str) -> Option<TableLine> {
    let line = line.trim();
    if !line.is_empty() && line.chars().all(|c| "-=+|: ".contains(c)) {
        return Some(TableLine::Rule);
    }
    let cells: Vec<String> = if line.contains('\t') {
        line.split('\t').map(|c| c.trim().to_string()).collect()
    } else if line.contains(" | ") || (line.starts_with('|') && line.ends_with('|')) {
        (line.trim_matches('|').split('|'))
            .map(|c| c.trim().to_string())
            .collect()
    } else {
        return None;
    };
    (cells.len() >= 2).then_some(TableLine::Row(cells))
}

/// The rows of a block written as a table, as rows of trimmed cells ([`table_line`]).
/// Rule lines are dropped; a `[Page N]` line between rows is kept as a row of its own
/// (the page break falls between them). `None` unless there are two rows or more and
/// they agree on how many cells.
pub(super) fn table_rows(lines: &[&str]) -> Option<Vec<Vec<String>>> {
    let mut rows = Vec::new();
    let mut width = None;
    let mut count = 0;
    for line in lines {
        if super::is_marker_line(line.trim()) {
            rows.push(vec![line.trim().to_string()]);
            continue;
        }
        match table_line(line)? {
            TableLine::Rule => {}
            TableLine::Row(cells) => {
                if *width.get_or_insert(cells.len()) != cells.len() {
                    return None;
                }
                count += 1;
                rows.push(cells);
            }
        }
    }
    (count >= 2).then_some(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_memo_headers_and_subheadings_are_told_from_prose() {
        assert!(is_dateline("Honolulu, Hawaii, June 16, 1978"));
        assert!(is_dateline("Washington, January 12, 1978."));
        assert!(is_dateline("February 25, 1978"));
        assert!(!is_dateline("It was signed on June 16, 1978"));
        assert!(!is_dateline("Honolulu, Hawaii, Junk 16, 1978"));
        assert!(is_memo_header("SUBJECT: Vienna Meeting"));
        assert!(is_memo_header("PARTICIPANTS:"));
        assert!(!is_memo_header("Subject: matter of fact"));
        assert!(!is_memo_header("The President said: no"));
        for heading in [
            "Human Rights",
            "I. Your Conduct of the Meeting",
            "SUBJECT",
            "THE INHERITANCE",
        ] {
            assert!(is_subheading(heading), "{heading}");
        }
        for prose in [
            "We agreed.",
            "the talks went on",
            "Yes",
            "Is this so?",
            "L. Brezhnev,",
        ] {
            assert!(!is_subheading(prose), "{prose}");
        }
    }

    #[test]
    fn tables_need_rows_that_agree() {
        let rows = table_rows(&["Year | Tons", "---|---", "1977 | 5", "1978 | 7"]).unwrap();
        assert_eq!(rows, [["Year", "Tons"], ["1977", "5"], ["1978", "7"]]);
        assert!(table_rows(&["a\tb", "c\td"]).is_some());
        assert!(table_rows(&["a | b", "c | d | e"]).is_none());
        assert!(table_rows(&["a | b", "plain line"]).is_none());
        assert!(table_rows(&["a | b"]).is_none());
    }
}
