//! Builds one document's canonical text from the TEI reader's calls: text with XML
//! whitespace collapsed, blocks, page starts, footnote calls and marked names, all at
//! byte positions until [`Builder::finish`] turns them into character offsets.

use crate::core::document::DocumentParts;
use crate::core::document::structure::{
    Block, BlockKind, EntityKind, EntitySpan, Footnote, FootnoteRef, PageStart,
};
use crate::core::text::{ByteOffset, CharRange, TextIndex};

/// A page start waiting for the next character of text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Page {
    pub page: u32,
    pub roman: bool,
}

#[derive(Debug, Default)]
pub(super) struct Builder {
    text: String,
    /// The open block: its kind and start byte.
    open: Option<(BlockKind, usize)>,
    /// Whitespace was seen since the last character of the open block.
    space: bool,
    blocks: Vec<(BlockKind, usize, usize)>,
    /// The page the text is on: every block's first character is on it.
    page: Option<Page>,
    /// Page starts met since the last character: they begin at the next one.
    waiting_pages: Vec<Page>,
    pages: Vec<(usize, Page)>,
    refs: Vec<(usize, u32)>,
    pub(super) footnotes: Vec<Footnote>,
    /// Names opened and not yet given their first character: (index into `entities`).
    waiting_entities: Vec<usize>,
    /// (kind — `None` for italics —, key, start byte or `usize::MAX` while waiting, end
    /// byte).
    entities: Vec<(Option<EntityKind>, Option<String>, usize, usize)>,
    /// Inside a table cell: line breaks become spaces.
    pub(super) in_cell: bool,
}

impl Builder {
    /// A builder whose text begins on `page` (the page the volume was on).
    pub(super) fn on_page(page: Option<Page>) -> Self {
        Builder {
            page,
            ..Builder::default()
        }
    }

    /// The kind of the open block, if any.
    pub(super) fn open_kind(&self) -> Option<BlockKind> {
        self.open.map(|(k, _)| k)
    }

    /// True when a block is open and has text.
    pub(super) fn has_text(&self) -> bool {
        self.open.is_some_and(|(_, start)| self.text.len() > start)
    }

    /// Opens a block of `kind`, closing the open one.
    pub(super) fn open(&mut self, kind: BlockKind) {
        self.close();
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        self.open = Some((kind, self.text.len()));
        self.space = false;
    }

    /// Closes the open block; an empty one leaves no trace (but its separator).
    pub(super) fn close(&mut self) {
        if let Some((kind, start)) = self.open.take() {
            if self.text[start..].trim().is_empty() {
                // Nothing was written: take back the separator too.
                self.text.truncate(start.saturating_sub(2));
            } else {
                // A table's last empty cell keeps its tab: rows keep their cell count.
                let end = self.text.trim_end_matches([' ', '\n']).len();
                self.text.truncate(end);
                self.blocks.push((kind, start, end));
            }
        }
        self.space = false;
    }

    /// Text of the document, XML whitespace collapsed to single spaces. Opens a block of
    /// `kind` when none is open and the text is more than whitespace.
    pub(super) fn text(&mut self, raw: &str, kind: BlockKind) {
        for c in raw.chars() {
            if c.is_whitespace() {
                self.space = true;
                continue;
            }
            if self.open.is_none() {
                self.open(kind);
            }
            self.push_visible(c);
        }
    }

    /// Writes a character that is not whitespace, after the space owed before it.
    fn push_visible(&mut self, c: char) {
        if self.space && self.has_text() {
            let last = self.text.chars().next_back();
            if !matches!(last, Some('\n' | '\t')) {
                self.text.push(' ');
            }
        }
        self.space = false;
        let at = self.text.len();
        for page in self.waiting_pages.drain(..) {
            self.pages.push((at, page));
        }
        if self.pages.is_empty()
            && let Some(page) = self.page
        {
            // The text begins on the page the volume was on.
            self.pages.push((at, page));
        }
        for i in self.waiting_entities.drain(..) {
            self.entities[i].2 = at;
        }
        self.text.push(c);
    }

    /// A line break (`lb`): a new line in the block, a space inside a table cell.
    pub(super) fn line_break(&mut self) {
        if self.in_cell {
            self.space = true;
        } else if self.has_text() && !self.text.ends_with('\n') {
            self.text.push('\n');
            self.space = false;
        }
    }

    /// A separator inside a table block: `\n` between rows, `\t` between cells.
    pub(super) fn table_separator(&mut self, separator: char) {
        if self.open.is_some() {
            self.text.push(separator);
            self.space = false;
        }
    }

    /// A page break (`pb`): the page begins at the next character.
    pub(super) fn page_break(&mut self, page: Page) {
        self.page = Some(page);
        self.waiting_pages.push(page);
    }

    /// A footnote call here: right after the last character written.
    pub(super) fn footnote(
        &mut self,
        number: u32,
        text: String,
        documents: Vec<u32>,
        pages: Vec<u32>,
    ) {
        // Before a block's first character the call belongs to the end of the last block.
        let at = match self.open {
            Some((_, start)) if self.text.len() == start => start.saturating_sub(2),
            _ => self.text.len(),
        };
        self.refs.push((at, number));
        self.footnotes.push(Footnote {
            number,
            text,
            documents,
            pages,
        });
    }

    /// A marked name begins; returns its handle for [`Builder::end_entity`].
    pub(super) fn start_entity(&mut self, kind: EntityKind, key: Option<String>) -> usize {
        self.start_span(Some(kind), key)
    }

    /// Italics begin (`hi rend="italic"`); ended by [`Builder::end_entity`] too.
    pub(super) fn start_emphasis(&mut self) -> usize {
        self.start_span(None, None)
    }

    fn start_span(&mut self, kind: Option<EntityKind>, key: Option<String>) -> usize {
        self.entities.push((kind, key, usize::MAX, 0));
        let i = self.entities.len() - 1;
        self.waiting_entities.push(i);
        i
    }

    pub(super) fn end_entity(&mut self, handle: usize) {
        self.waiting_entities.retain(|&i| i != handle);
        if let Some(e) = self.entities.get_mut(handle) {
            e.3 = self.text.len();
        }
    }

    /// The finished text and structure, at character offsets, as every reader's parts
    /// (the document's facts and identities are the caller's to fill), and the page the
    /// document ended on: the next document begins there.
    pub(super) fn finish(mut self) -> (DocumentParts, Option<Page>) {
        self.close();
        let text = self.text;
        let index = TextIndex::new(&text);
        let at = |byte: usize| index.char_of(&text, ByteOffset(byte.min(text.len())));
        let blocks = self
            .blocks
            .iter()
            .map(|&(kind, s, e)| Block {
                kind,
                range: CharRange::new(at(s), at(e)),
            })
            .collect();
        let mut pages: Vec<PageStart> = Vec::new();
        for &(byte, page) in &self.pages {
            let start = PageStart {
                offset: at(byte),
                page: page.page,
                roman: page.roman,
                in_file: false,
            };
            // Two breaks before one character: the later one is the page it is on.
            match pages.last_mut() {
                Some(last) if last.offset == start.offset => *last = start,
                _ => pages.push(start),
            }
        }
        let footnote_refs = self
            .refs
            .iter()
            .map(|&(b, number)| FootnoteRef {
                offset: at(b),
                number,
            })
            .collect();
        let (spans, italics): (Vec<_>, Vec<_>) = (self.entities.into_iter())
            .filter(|e| e.2 != usize::MAX && e.3 > e.2)
            .partition(|e| e.0.is_some());
        let mut entities: Vec<EntitySpan> = spans
            .into_iter()
            .filter_map(|(kind, key, s, e)| {
                Some(EntitySpan {
                    kind: kind?,
                    range: CharRange::new(at(s), at(e)),
                    key,
                })
            })
            .collect();
        let emphasis: Vec<CharRange> = (italics.into_iter())
            .map(|(_, _, s, e)| CharRange::new(at(s), at(e)))
            .collect();
        entities.sort_by_key(|e| (e.range.start, std::cmp::Reverse(e.range.end)));
        let parts = DocumentParts {
            info: Default::default(),
            text,
            blocks,
            pages,
            footnote_refs,
            footnotes: self.footnotes,
            entities,
            emphasis,
            identities: Default::default(),
            warnings: Vec::new(),
        };
        (parts, self.page)
    }
}
