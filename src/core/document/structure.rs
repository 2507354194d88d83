//! The structure of a document beside its canonical text: blocks, printed page starts and
//! footnotes, all at character offsets. The plain-text parser builds these; the document
//! holds them (and names them again, as `document::Block` and so on).

use crate::core::text::{CharOffset, CharRange};
use serde::Serialize;

/// What role a block of text plays in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// The document's heading, e.g. "84. Letter From … to President Carter".
    Heading,
    /// The opening address of a letter, e.g. "Dear Mr. President,".
    Salutation,
    /// Body text.
    Paragraph,
    /// The closing signature, e.g. "L. Brezhnev".
    Signature,
}

impl BlockKind {
    /// A word for the kind, as shown to users.
    pub fn label(self) -> &'static str {
        match self {
            BlockKind::Heading => "heading",
            BlockKind::Salutation => "salutation",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Signature => "signature",
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
}
