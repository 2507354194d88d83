//! The egui layer: panels that draw the core's data and return actions.

pub mod action;
pub mod app;
pub mod panels;
pub mod system;
pub mod widgets;

pub use app::{AppOptions, MarginaliaApp, Notice, NoticeKind, StartAt};
