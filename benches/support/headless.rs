//! The window without a screen, for the benchmarks: one frame of the real app (the UI
//! pass and tessellation, no GPU) at 1400×900, and the process's memory.

use eframe::App as _;
use egui::{Event, vec2};
use marginalia::ui::MarginaliaApp;

/// The window's size in the benchmarks.
pub const SIZE: egui::Vec2 = vec2(1400.0, 900.0);

/// Draws one frame of `app` with `events` as its input.
pub fn frame(
    ctx: &egui::Context,
    app: &mut MarginaliaApp,
    frame: &mut eframe::Frame,
    events: Vec<Event>,
) {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SIZE)),
        events,
        ..Default::default()
    };
    let output = ctx.run_ui(input, |ui| app.ui(ui, frame));
    let _ = ctx.tessellate(output.shapes, output.pixels_per_point);
}

/// `VmHWM` and `VmRSS` of this process in MB (Linux).
pub fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}
