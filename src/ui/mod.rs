//! The egui layer: panels that draw the core's data and return actions.

pub mod action;
pub mod app;
pub mod dialogs;
pub mod fonts;
pub mod outline;
pub mod prefs;
pub mod reader;
pub mod screenshot;

pub use app::{AppOptions, MarginaliaApp, StartAt};
