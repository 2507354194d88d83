//! The structure of a document beside its canonical text: blocks, printed page starts,
//! footnotes and marked names, all at character offsets. The plain-text parser and the
//! TEI reader build these; the document holds them (and names them again, as
//! `document::Block` and so on).

use crate::core::text::{CharOffset, CharRange};
use serde::Serialize;

/// What role a block of text plays in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// The document's heading, e.g. "84. Letter From … to President Carter".
    Heading,
    /// A heading inside the document: "Human Rights", "I. THE INHERITANCE", a centred
    /// title line, an attachment's title.
    Subheading,
    /// Where and when the document was written, e.g. "Moscow, February 25, 1978".
    /// Drawn right-aligned.
    Dateline,
    /// A memorandum's header line: "SUBJECT: …", "PARTICIPANTS: …", "TO:".
    MemoHeader,
    /// The opening address of a letter, e.g. "Dear Mr. President,".
    Salutation,
    /// Body text.
    Paragraph,
    /// One item of a list, its label ("(1)", "—") included.
    ListItem,
    /// A table: one line per row, cells separated by a tab.
    Table,
    /// A quoted passage set off from the text.
    Quote,
    /// The closing signature, e.g. "L. Brezhnev", or a complimentary close.
    Signature,
    /// A postscript.
    Postscript,
}

impl BlockKind {
    /// A word for the kind, as shown to users.
    pub fn label(self) -> &'static str {
        match self {
            BlockKind::Heading => "heading",
            BlockKind::Subheading => "subheading",
            BlockKind::Dateline => "dateline",
            BlockKind::MemoHeader => "memo header",
            BlockKind::Salutation => "salutation",
            BlockKind::Paragraph => "paragraph",
            BlockKind::ListItem => "list item",
            BlockKind::Table => "table",
            BlockKind::Quote => "quote",
            BlockKind::Signature => "signature",
            BlockKind::Postscript => "postscript",
        }
    }
}

/// One block of the canonical text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub range: CharRange,
}

/// A place in the canonical text where a new printed page begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PageStart {
    pub offset: CharOffset,
    pub page: u32,
    /// The page is numbered in roman numerals (a volume's front matter: `xxvii`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub roman: bool,
    /// `page` is the page's place in its file (a PDF page that prints no number), not a
    /// printed number: cited as "PDF p. 12", never as "p. 12".
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub in_file: bool,
}

impl PageStart {
    /// An arabic-numbered page start.
    pub fn new(offset: CharOffset, page: u32) -> Self {
        PageStart {
            offset,
            page,
            roman: false,
            in_file: false,
        }
    }

    /// The page's number as printed: `287`, or `xxvii` for a roman page; for a page cited
    /// by its place in the file, that place (`12`).
    pub fn label(&self) -> String {
        page_label(self.page, self.roman)
    }

    /// The page as a reader names it briefly: `p. 287`, `p. xxvii`, or `PDF p. 12` for a
    /// page that prints no number.
    pub fn short(&self) -> String {
        if self.in_file {
            format!("PDF p. {}", self.page)
        } else {
            format!("p. {}", self.label())
        }
    }
}

/// A page number as printed: arabic, or lower-case roman for front matter.
pub fn page_label(page: u32, roman: bool) -> String {
    if roman && (1..4000).contains(&page) {
        to_roman(page).to_lowercase()
    } else {
        page.to_string()
    }
}

/// `27` → `XXVII` (1–3999).
pub fn to_roman(mut n: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// `XXVII` or `xxvii` → 27; `None` for anything that is not a well-formed roman numeral
/// (so `MIX` is 1009 but `IIII`, `VX` and `I I` are not numerals).
pub fn from_roman(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 15 {
        return None;
    }
    let value = |c: char| match c.to_ascii_uppercase() {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let digits: Vec<i64> = text.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0i64;
    for (i, &d) in digits.iter().enumerate() {
        match digits.get(i + 1) {
            Some(&next) if next > d => total -= d,
            _ => total += d,
        }
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
    // Only the canonical spelling round-trips.
    (to_roman(total) == text.to_ascii_uppercase()).then_some(total)
}

/// A footnote reference: footnote `number` is called right before `offset`
/// (that is, right after the word or punctuation that carried the digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FootnoteRef {
    pub offset: CharOffset,
    pub number: u32,
}

/// A footnote from the list at the end of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Footnote {
    pub number: u32,
    pub text: String,
    /// Documents of the same volume the note points to by its markup (TEI `<ref
    /// target="#d1">`), by number: a link even where the words are "No. 1", not
    /// "Document 1". Plain text has none; its references are read from the words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<u32>,
    /// Printed pages of the same volume the note points to by its markup (`<ref
    /// target="#pg_10">p. 10</ref>`: "ante, p. 10"), arabic numbers only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<u32>,
}

/// What a marked name in the text refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person (`persName`), identified in the volume's list of persons.
    Person,
    /// An abbreviation or term (`gloss`), explained in the volume's list of terms.
    Term,
    /// A place (`placeName`).
    Place,
}

/// A name marked in the source: a person, a term or a place, at a range of the canonical
/// text, with the key (`p_BZK_1`) under which the volume identifies it, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntitySpan {
    pub kind: EntityKind,
    pub range: CharRange,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals_round_trip_and_reject_malformed_ones() {
        for n in [1, 4, 9, 14, 27, 38, 49, 1999, 3999] {
            assert_eq!(from_roman(&to_roman(n)), Some(n), "{n}");
        }
        assert_eq!(from_roman("XXXVIII"), Some(38));
        assert_eq!(from_roman("xxvii"), Some(27));
        for bad in ["", "IIII", "VX", "I I", "ABC", "XXXXVII", "12"] {
            assert_eq!(from_roman(bad), None, "{bad}");
        }
        assert_eq!(page_label(27, true), "xxvii");
        assert_eq!(page_label(287, false), "287");
    }
}
