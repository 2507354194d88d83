//! The egui layer: panels that draw the core's data and return actions.

pub mod action;
pub mod app;
pub mod chips;
pub mod density;
pub mod dialogs;
pub mod documents_panel;
pub mod export_window;
pub mod fonts;
pub mod frame_cache;
pub mod highlights_panel;
pub mod layout;
pub mod navigator;
pub mod outline;
pub mod overview;
pub mod passages_panel;
pub mod prefs;
pub mod reader;
pub mod reader_marks;
pub mod screenshot;
pub mod search_bar;
pub mod study_search;
pub mod tag_all;
pub mod theme;
pub mod topics_panel;
pub mod worker;

pub use app::{AppOptions, MarginaliaApp, Notice, NoticeKind, StartAt};
