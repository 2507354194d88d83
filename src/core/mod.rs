//! The program's knowledge, without any window: documents, their structure and positions.
//! Nothing here depends on the window toolkit or file dialogs (a test checks it).

pub mod anchor;
pub mod citation;
#[cfg(any(test, feature = "test-support"))]
pub mod corpus;
pub mod doc_folder;
pub mod document;
pub mod edit;
pub mod error;
pub mod export;
pub mod filter;
pub mod fold;
pub mod highlight;
pub mod history;
pub mod inspect;
pub mod merge;
pub mod metadata;
pub mod note_set;
pub mod offset;
mod parse;
pub mod persist;
pub mod progress;
pub mod reanchor;
pub mod search;
pub mod spans;
pub mod structure;
pub mod study;
pub mod terminal;
pub mod time;
pub mod topic;
pub mod words;
