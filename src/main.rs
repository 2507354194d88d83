//! `marginalia`: the study window by default; headless subcommands for scripting.

use clap::{Parser, Subcommand};
use marginalia::core::document::Document;
use marginalia::core::inspect::InspectReport;
use marginalia::ui::{AppOptions, MarginaliaApp, StartAt};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

/// Read a primary source; highlight, tag and annotate it; export with page-accurate citations.
#[derive(Parser)]
#[command(name = "marginalia", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
    /// Document to open (plain UTF-8 text). Without one, the bundled letter from
    /// Brezhnev to Carter (FRUS 1977–1980, vol. VI, doc. 84) opens.
    path: Option<PathBuf>,
    /// Render the window once, save it as a PNG at this path, and exit.
    #[arg(long, value_name = "OUT.png")]
    screenshot: Option<PathBuf>,
    /// Open at the beginning of this printed page.
    #[arg(long, value_name = "N", conflicts_with = "footnote")]
    page: Option<u32>,
    /// Open where the text calls this footnote.
    #[arg(long, value_name = "N")]
    footnote: Option<u32>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Print how a document was read: blocks, pages, footnote references, footnotes.
    Inspect {
        /// Document to inspect; the bundled letter when omitted.
        path: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Cmd::Inspect { path, json }) => inspect(path, json),
        None => {
            let start_at = (cli.page.map(StartAt::Page)).or(cli.footnote.map(StartAt::Footnote));
            run_gui(cli.path, cli.screenshot, start_at)
        }
    }
}

fn load(path: Option<PathBuf>) -> Result<Document, String> {
    match path {
        Some(path) => Document::open(&path).map_err(|e| e.to_string()),
        None => Ok(Document::seed()),
    }
}

fn inspect(path: Option<PathBuf>, json: bool) -> ExitCode {
    let doc = match load(path) {
        Ok(doc) => doc,
        Err(message) => {
            eprintln!("marginalia: {message}");
            return ExitCode::FAILURE;
        }
    };
    let report = InspectReport::new(&doc);
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("marginalia: cannot write JSON: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", report.to_text());
    }
    ExitCode::SUCCESS
}

fn run_gui(
    path: Option<PathBuf>,
    screenshot: Option<PathBuf>,
    start_at: Option<StartAt>,
) -> ExitCode {
    // A document that fails to open is reported in the window, over the bundled letter.
    let (document, notices) = match load(path) {
        Ok(doc) => (doc, Vec::new()),
        Err(message) => {
            eprintln!("marginalia: {message}");
            (Document::seed(), vec![message])
        }
    };
    let shot_result = Arc::new(Mutex::new(None));
    let options = AppOptions {
        document,
        notices,
        screenshot: screenshot.map(|p| (p, shot_result.clone())),
        start_at,
    };
    let screenshot_mode = options.screenshot.is_some();
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Marginalia")
            .with_app_id("marginalia")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([560.0, 360.0]),
        persist_window: !screenshot_mode,
        ..Default::default()
    };
    let run = eframe::run_native(
        "Marginalia",
        native,
        Box::new(|cc| Ok(Box::new(MarginaliaApp::new(cc, options)))),
    );
    if let Err(e) = run {
        eprintln!("marginalia: the window could not be opened: {e}");
        return ExitCode::FAILURE;
    }
    if !screenshot_mode {
        return ExitCode::SUCCESS;
    }
    let outcome = shot_result.lock().ok().and_then(|mut r| r.take());
    match outcome {
        Some(Ok(path)) => {
            println!("marginalia: screenshot saved to {}", path.display());
            ExitCode::SUCCESS
        }
        Some(Err(message)) => {
            eprintln!("marginalia: screenshot failed: {message}");
            ExitCode::FAILURE
        }
        None => {
            eprintln!("marginalia: the window closed before the screenshot was taken");
            ExitCode::FAILURE
        }
    }
}
