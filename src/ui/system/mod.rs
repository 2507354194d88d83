//! Where the window meets the system: file dialogs and other work on worker threads,
//! screenshots, and the preferences eframe keeps.

pub mod dialogs;
pub mod prefs;
pub mod screenshot;
pub mod worker;
