//! Marginalia: a desktop study application for historians.
//!
//! `core` holds the document model and everything that can be done without a window;
//! `ui` is the egui layer that shows it.

pub mod allocator;
pub mod core;
pub mod ui;
