//! The program's knowledge, without any window: documents, their structure and positions.
//! Nothing here depends on the window toolkit or file dialogs (a test checks it).

pub mod document;
pub mod error;
pub mod inspect;
pub mod metadata;
pub mod offset;
mod parse;
