//! `--screenshot OUT.png`: render the window, save it as PNG, and close.

use egui::ColorImage;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Frames drawn before the picture is taken, so fonts and layout have settled.
const SETTLE_FRAMES: u32 = 6;
/// Give up when no picture arrived by then.
const TIMEOUT: Duration = Duration::from_secs(30);

/// How a screenshot run ended.
pub type ScreenshotResult = Arc<Mutex<Option<Result<PathBuf, String>>>>;

/// A screenshot to take once the window has settled.
pub struct ScreenshotJob {
    path: PathBuf,
    frames: u32,
    requested: bool,
    started: Instant,
    result: ScreenshotResult,
}

impl ScreenshotJob {
    /// A job that writes to `path` and reports into `result`.
    pub fn new(path: PathBuf, result: ScreenshotResult) -> Self {
        Self {
            path,
            frames: 0,
            requested: false,
            started: Instant::now(),
            result,
        }
    }

    /// Called once per frame: asks for the picture when ready, closes the window when done.
    pub fn on_frame(&mut self, ctx: &egui::Context) {
        self.frames += 1;
        ctx.request_repaint();
        let done = self.result.lock().map(|r| r.is_some()).unwrap_or(true);
        if done {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        if self.started.elapsed() > TIMEOUT {
            if let Ok(mut r) = self.result.lock() {
                *r = Some(Err(format!(
                    "no picture of the window arrived within {} s",
                    TIMEOUT.as_secs()
                )));
            }
            return;
        }
        if !self.requested && self.frames >= SETTLE_FRAMES {
            self.requested = true;
            let path = self.path.clone();
            let result = self.result.clone();
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                let outcome = write_png(&path, &image).map(|()| path.clone());
                if let Ok(mut r) = result.lock() {
                    *r = Some(outcome);
                }
                repaint.request_repaint();
            });
        }
    }
}

/// Writes `image` as an 8-bit RGBA PNG.
pub fn write_png(path: &Path, image: &ColorImage) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", path.display());
    let [width, height] = image.size;
    let file = std::fs::File::create(path).map_err(|e| fail(&e))?;
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), width as u32, height as u32);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| fail(&e))?;
    let data: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(|p| p.to_srgba_unmultiplied())
        .collect();
    writer.write_image_data(&data).map_err(|e| fail(&e))?;
    writer.finish().map_err(|e| fail(&e))
}
