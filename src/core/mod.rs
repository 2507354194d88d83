//! The program's knowledge, without any window. Grouped by concept: the document
//! (`document/`: text, structure, parser, metadata, search), the study (`study/`: topics,
//! anchors, highlights, note sets, edits, history, filters, citations), re-anchoring,
//! files (`persist/`) and exports; typed positions (`text/`), progress and time beside
//! them. Nothing here
//! depends on the window toolkit or file dialogs (a test checks it).

#[cfg(any(test, feature = "test-support"))]
pub mod corpus;
pub mod dates;
pub mod document;
pub mod export;
pub mod library;
pub mod numbers;
pub mod pdf;
pub mod persist;
pub mod progress;
pub mod reanchor;
pub mod source;
pub mod stats;
pub mod study;
pub mod tag;
pub mod tei;
pub mod terminal;
pub mod text;
pub mod time;
