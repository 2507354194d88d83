//! The panels: each a function that draws what it is given (the document, the note set,
//! its own state) and returns the actions the user asked for.

pub mod density;
pub mod documents;
pub mod export_window;
pub mod highlights;
pub mod navigator;
pub mod outline;
pub mod overview;
pub mod passages;
pub mod reader;
pub mod search_bar;
pub mod study_search;
pub mod tag_all;
pub mod topics;
