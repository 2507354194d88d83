//! `marginalia`: the study window by default; headless subcommands for scripting.

use clap::{Parser, Subcommand};
use marginalia::core::document::Document;
use marginalia::core::document::inspect::InspectReport;
use marginalia::core::progress::Progress;
use marginalia::core::source::{Source, open_source};
use marginalia::core::tei::listing::VolumeListing;
use marginalia::ui::{AppOptions, MarginaliaApp, StartAt};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

/// `println!` for the command line's own lines: any control character that came from a
/// note set, a title or a document is shown as an escape, never run by the terminal.
macro_rules! say {
    ($($arg:tt)*) => {
        println!("{}", $crate::terminal_safe(&format!($($arg)*)))
    };
}

/// `eprintln!` with control characters shown, as [`say!`].
macro_rules! warn {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::terminal_safe(&format!($($arg)*)))
    };
}

mod study_commands;
use study_commands::{check, inspect_study, open_set, stats, tag};

/// Read a primary source; highlight, tag and annotate it; export with page-accurate citations.
#[derive(Parser)]
#[command(name = "marginalia", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
    /// Document to open: plain UTF-8 text, a FRUS volume in TEI XML, or a PDF. Without one, the
    /// bundled letter from Brezhnev to Carter (FRUS 1977–1980, vol. VI, doc. 84) opens.
    path: Option<PathBuf>,
    /// In a TEI volume, open this document: its id (`d84`) or its number (`84`).
    #[arg(long, value_name = "ID")]
    doc: Option<String>,
    /// Render the window once, save it as a PNG at this path, and exit.
    #[arg(long, value_name = "OUT.png")]
    screenshot: Option<PathBuf>,
    /// Open at the beginning of this printed page.
    #[arg(long, value_name = "N", conflicts_with = "footnote")]
    page: Option<u32>,
    /// Open where the text calls this footnote.
    #[arg(long, value_name = "N")]
    footnote: Option<u32>,
    /// Open this note set (.ron); its document is found from it unless PATH is given.
    #[arg(long, value_name = "FILE")]
    notes: Option<PathBuf>,
    /// The folder of note sets (default: saves/).
    #[arg(long, value_name = "DIR")]
    saves: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Print how a document was read: blocks, pages, footnote references, footnotes.
    Inspect {
        /// Document to inspect (text or TEI volume); the bundled letter when omitted. A
        /// volume without --doc lists its documents.
        path: Option<PathBuf>,
        /// In a TEI volume, the document to inspect: its id (`d84`) or number (`84`).
        #[arg(long, value_name = "ID")]
        doc: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Load and check a note set, re-anchor it to its document, and print a summary.
    /// Exits non-zero if the file is malformed or its document cannot be found.
    Check {
        /// The note set (.ron).
        noteset: PathBuf,
        /// The document to check it against; found from the note set when omitted.
        #[arg(long)]
        document: Option<PathBuf>,
    },
    /// Export a note set's highlights with page-accurate citations.
    Export {
        /// The note set (.ron).
        noteset: PathBuf,
        /// The document; found from the note set when omitted.
        #[arg(long)]
        document: Option<PathBuf>,
        /// md (Markdown), csv, html, jsonld (W3C Web Annotation) or qdpx (REFI-QDA);
        /// `markdown`, `json-ld` and `refi-qda` are understood too.
        #[arg(long)]
        format: String,
        /// Only highlights with any of these topics (comma-separated names; a parent
        /// topic takes in its nested ones).
        #[arg(long, value_delimiter = ',')]
        topics: Vec<String>,
        /// List highlights by document, in text order, instead of under their topics
        /// (md, html).
        #[arg(long)]
        text_order: bool,
        /// Start a CSV with a UTF-8 byte order mark, as Excel on Windows needs to read
        /// accented letters and curly quotes right (csv).
        #[arg(long)]
        bom: bool,
        /// Only these documents of the study (comma-separated: a document's number such
        /// as `84`, its id in its volume such as `d84`, or its id in the study as `#2`).
        #[arg(long, value_delimiter = ',')]
        sources: Vec<String>,
        /// Write here instead of standard output (required for qdpx).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace the output file if it exists (without this, an existing file is kept
        /// and nothing is written).
        #[arg(long)]
        force: bool,
    },
    /// Print a study's numbers: highlights per topic (with nested topics, and the share of
    /// highlighted text), per month of the documents' dates (or per document), per
    /// document, or topics used together.
    Stats {
        /// The note set (.ron).
        noteset: PathBuf,
        /// topic (default), month or source.
        #[arg(long, default_value = "topic")]
        by: String,
        /// Topics × topics: highlights tagged with both (the diagonal: each topic's own).
        #[arg(long)]
        cooccurrence: bool,
        /// With --cooccurrence: count paragraphs where both topics have a highlight
        /// (reads the documents).
        #[arg(long, requires = "cooccurrence")]
        paragraphs: bool,
        /// Only documents dated from … to … (`1978-02..1978-03`, either end open).
        #[arg(long, value_name = "FROM..TO")]
        dates: Option<String>,
        /// csv (default) or json.
        #[arg(long, default_value = "csv")]
        format: String,
    },
    /// Tag every hit of a phrase (or a regular expression) in every document of a study
    /// with a topic (made if the study has none of that name), as one change, and save
    /// the study (the previous file kept as .bak).
    Tag {
        /// The note set (.ron).
        noteset: PathBuf,
        /// What to look for.
        #[arg(long)]
        phrase: String,
        /// The topic to give each hit.
        #[arg(long)]
        topic: String,
        /// Only hits that are whole words (a possessive 's or a hyphen ends a word).
        #[arg(long)]
        whole_word: bool,
        /// The phrase is a regular expression.
        #[arg(long)]
        regex: bool,
        /// Tell capitals from small letters.
        #[arg(long)]
        case_sensitive: bool,
        /// Let `e` match `é` (phrases only).
        #[arg(long)]
        ignore_accents: bool,
        /// Widen each hit to whole words.
        #[arg(long, conflicts_with = "sentence")]
        words: bool,
        /// Widen each hit to its sentence ("U.S.", "Mr.", "No. 5" and initials do not end
        /// one).
        #[arg(long)]
        sentence: bool,
        /// List what would be tagged; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Make a new study first, of --document (a text, or every document of a TEI
        /// volume); the note-set file must not exist.
        #[arg(long, requires = "document")]
        new: bool,
        /// With --new: the document(s) the study reads.
        #[arg(long)]
        document: Option<PathBuf>,
    },
    /// Saves two versions of a note set to FILE alternately, forever (for crash tests).
    #[command(hide = true, name = "__stress-save")]
    StressSave { file: PathBuf },
}

fn main() -> ExitCode {
    marginalia::allocator::tune_for_frames();
    let cli = Cli::parse();
    match cli.command {
        Some(Cmd::Inspect { path, doc, json }) => inspect(path, doc, json),
        Some(Cmd::Check { noteset, document }) => check(&noteset, document),
        Some(Cmd::StressSave { file }) => stress_save(&file),
        Some(Cmd::Tag {
            noteset,
            phrase,
            topic,
            whole_word,
            regex,
            case_sensitive,
            ignore_accents,
            words,
            sentence,
            dry_run,
            new,
            document,
        }) => {
            let pattern = marginalia::core::tag::Pattern {
                text: phrase,
                regex,
                whole_word,
                case_sensitive,
                ignore_diacritics: ignore_accents,
            };
            let extent = if sentence {
                marginalia::core::tag::Extent::Sentence
            } else if words {
                marginalia::core::tag::Extent::Words
            } else {
                marginalia::core::tag::Extent::Hit
            };
            let create = if new { document } else { None };
            tag(&noteset, &pattern, extent, &topic, dry_run, create)
        }
        Some(Cmd::Stats {
            noteset,
            by,
            cooccurrence,
            paragraphs,
            dates,
            format,
        }) => stats(
            &noteset,
            &by,
            cooccurrence.then_some(paragraphs),
            dates,
            &format,
        ),
        Some(Cmd::Export {
            noteset,
            document,
            format,
            topics,
            text_order,
            bom,
            sources,
            output,
            force,
        }) => {
            let target = output.map(|path| Output { path, force });
            let choice = ExportChoice {
                format,
                topics,
                sources,
                text_order,
                bom,
            };
            export(&noteset, document, &choice, target)
        }
        None => {
            let start_at = (cli.page.map(StartAt::Page)).or(cli.footnote.map(StartAt::Footnote));
            run_gui(
                cli.path,
                cli.doc,
                cli.screenshot,
                start_at,
                cli.notes,
                cli.saves,
            )
        }
    }
}

fn load(path: Option<PathBuf>, doc: Option<&str>) -> Result<Source, String> {
    match path {
        Some(path) => open_source(&path, doc, &Progress::default()).map_err(|e| e.to_string()),
        None if doc.is_some() => {
            Err("--doc chooses a document of a TEI volume; name the volume".to_string())
        }
        None => Ok(Source::Text(Document::seed())),
    }
}

fn inspect(path: Option<PathBuf>, doc: Option<String>, json: bool) -> ExitCode {
    if let Some(path) = path.as_deref().filter(|p| is_note_set(p)) {
        return inspect_study(path, json);
    }
    let source = match load(path, doc.as_deref()) {
        Ok(source) => source,
        Err(message) => {
            warn!("marginalia: {message}");
            return ExitCode::FAILURE;
        }
    };
    if let (Some(volume), None) = (source.volume(), &doc) {
        let listing = VolumeListing::new(volume);
        return print_report(&listing, json, |l| l.to_text());
    }
    let report = InspectReport::new(source.document());
    print_report(&report, json, InspectReport::to_text)
}

/// Whether `path` is a note set (a `.ron` file) rather than a document.
fn is_note_set(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
}

fn print_report<T: serde::Serialize>(
    report: &T,
    json: bool,
    text: impl Fn(&T) -> String,
) -> ExitCode {
    if json {
        match serde_json::to_string_pretty(report) {
            Ok(text) => json_out(&text),
            Err(e) => {
                warn!("marginalia: cannot write JSON: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", terminal_safe(&text(report)));
    }
    ExitCode::SUCCESS
}

fn run_gui(
    path: Option<PathBuf>,
    doc: Option<String>,
    screenshot: Option<PathBuf>,
    start_at: Option<StartAt>,
    notes: Option<PathBuf>,
    saves: Option<PathBuf>,
) -> ExitCode {
    let document_given = path.is_some();
    let notes_given = notes.clone();
    // A document that fails to open is reported in the window, over the bundled letter.
    let (source, notices) = match load(path, doc.as_deref()) {
        Ok(source) => (source, Vec::new()),
        Err(message) => {
            warn!("marginalia: {message}");
            (Source::Text(Document::seed()), vec![message])
        }
    };
    let document = source.document().clone();
    let volume = source.volume().cloned();
    let shot_result = Arc::new(Mutex::new(None));
    let options = AppOptions {
        document,
        volume,
        notices,
        screenshot: screenshot.map(|p| (p, shot_result.clone())),
        start_at,
        // With a document named on the command line, the note set is attached to it.
        notes,
        saves_dir: saves,
        recovery_dir: None,
        notes_on_document: document_given,
        // Nothing named: back to the note set worked on last, with its documents.
        reopen_last: !document_given && notes_given.is_none() && start_at.is_none(),
        preferences: None,
    };
    let mut options = options;
    if options.screenshot.is_none() {
        options.recovery_dir = Some(marginalia::core::persist::recovery::data_folder());
    }
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
        // The windowing library's message names its own source files; the user needs
        // what is missing and what still works.
        let no_display = cfg!(target_os = "linux")
            && std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty())
            && std::env::var_os("WAYLAND_DISPLAY").is_none_or(|d| d.is_empty());
        if no_display {
            warn!(
                "marginalia: there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set). \
                 The commands inspect, check, export, stats and tag work without one."
            );
        } else {
            warn!("marginalia: the window could not be opened: {e}");
        }
        return ExitCode::FAILURE;
    }
    if !screenshot_mode {
        return ExitCode::SUCCESS;
    }
    let outcome = shot_result.lock().ok().and_then(|mut r| r.take());
    match outcome {
        Some(Ok(path)) => {
            say!("marginalia: screenshot saved to {}", path.display());
            ExitCode::SUCCESS
        }
        Some(Err(message)) => {
            warn!("marginalia: screenshot failed: {message}");
            ExitCode::FAILURE
        }
        None => {
            warn!("marginalia: the window closed before the screenshot was taken");
            ExitCode::FAILURE
        }
    }
}

/// JSON for standard output as it is: control characters in it are escaped by JSON's own
/// rules, and a reader of JSON needs its exact text.
fn json_out(text: &str) {
    println!("{text}");
}

/// Text for the terminal: control characters from notes shown as escapes, never run.
fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    marginalia::core::terminal::visible_controls(text)
}

/// Writes two different versions of a note set over `path`, alternately, until killed.
fn stress_save(path: &std::path::Path) -> ExitCode {
    use marginalia::core::persist::{self, NoteSetFile};
    use marginalia::core::study::edit::Edit;
    use marginalia::core::study::note_set::NoteSet;
    use marginalia::core::text::{CharOffset, CharRange};
    use marginalia::core::time::Timestamp;
    let doc = Document::seed();
    let mut versions = Vec::new();
    let mut set = NoteSet::new();
    for (i, end) in [40usize, 90].into_iter().enumerate() {
        let range = CharRange::new(CharOffset(end - 20), CharOffset(end));
        if let Ok((edit, _)) =
            Edit::create_highlight(&set, &doc, range, vec![], Timestamp(i as i64))
            && let Err(e) = edit.apply(&mut set)
        {
            warn!("marginalia: {e}");
            return ExitCode::FAILURE;
        }
        versions.push(NoteSetFile::new(format!("version {i}"), set.clone()));
    }
    for n in 0usize.. {
        if let Err(e) = persist::save(path, &versions[n % 2]) {
            warn!("marginalia: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// Where an export is written, and whether an existing file there may be replaced.
struct Output {
    path: PathBuf,
    force: bool,
}

/// What to export: the format and which highlights.
struct ExportChoice {
    format: String,
    topics: Vec<String>,
    sources: Vec<String>,
    text_order: bool,
    bom: bool,
}

fn export(
    noteset: &std::path::Path,
    document: Option<PathBuf>,
    choice: &ExportChoice,
    output: Option<Output>,
) -> ExitCode {
    let (format, topics, text_order) = (&choice.format, &choice.topics, choice.text_order);
    use marginalia::core::export::{self, ExportInput, Format, Grouping};
    let fail = |message: String| {
        warn!("marginalia: {message}");
        ExitCode::FAILURE
    };
    let Some(format) = Format::from_name(format) else {
        return fail(format!(
            "unknown format “{format}”; use md (Markdown), csv, html, jsonld (W3C Web Annotation) or qdpx (REFI-QDA)"
        ));
    };
    if let Some(out) = output.as_ref().filter(|o| !o.force)
        && std::fs::symlink_metadata(&out.path).is_ok()
    {
        return fail(format!(
            "{} exists; nothing was written. Add --force to replace it.",
            out.path.display()
        ));
    }
    let opened = match open_set(noteset, document) {
        Ok(opened) => opened,
        Err(message) => return fail(message),
    };
    let (file, set) = (&opened.file, &opened.set);
    let only = match sources_named(set, &choice.sources, noteset) {
        Ok(only) => only,
        Err(message) => return fail(message),
    };
    for (_, why) in opened.missing() {
        warn!("marginalia: {why}; its highlights are exported without pages.");
    }
    let filter = match topics_named(set, topics, noteset) {
        Ok(filter) => filter,
        Err(message) => return fail(message),
    };
    let input = ExportInput {
        library: &opened.library,
        set,
        title: &file.title,
        filter: filter.is_active().then_some(&filter),
        sources: (!only.is_empty()).then_some(&only),
        grouping: if text_order {
            Grouping::TextOrder
        } else {
            Grouping::ByTopic
        },
        csv_bom: choice.bom,
    };
    let written = match output {
        Some(Output { path, .. }) => export::write_export(format, &input, &path, Some(noteset))
            .map(|_| ())
            .map_err(|e| e.to_string()),
        None if format.is_text() => match export::export(format, &input) {
            Ok(bytes) => write_stdout(&bytes),
            Err(e) => return fail(e.to_string()),
        },
        None => Err("a .qdpx project is a zip archive: give a file with -o".into()),
    };
    if let Err(message) = written {
        return fail(message);
    }
    let unplaced = input.unplaced().len();
    if unplaced > 0 {
        let how = if format == Format::Qdpx {
            "they are left out of the project (listed in its note “Not placed in this text”)"
        } else {
            "they are exported marked as not placed"
        };
        warn!(
            "marginalia: {unplaced} highlight{} could not be placed in this text; {how}. See `marginalia check`.",
            if unplaced == 1 { "" } else { "s" }
        );
    }
    ExitCode::SUCCESS
}

/// The documents of `set` that `names` name (`84`, `d84`, `#2`): every name must name
/// one, else a message that lists the set's documents.
fn sources_named(
    set: &marginalia::core::study::note_set::NoteSet,
    names: &[String],
    noteset: &std::path::Path,
) -> Result<std::collections::BTreeSet<marginalia::core::study::source::SourceId>, String> {
    let mut only = std::collections::BTreeSet::new();
    for name in names.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let named: Vec<_> = (set.sources().iter())
            .filter(|r| r.is_named_by(name))
            .map(|r| r.id)
            .collect();
        if named.is_empty() {
            let known: Vec<String> = set.sources().iter().map(|r| r.label()).collect();
            return Err(format!(
                "no document “{name}” in {}; its documents are: {}",
                noteset.display(),
                known.join("; ")
            ));
        }
        only.extend(named);
    }
    Ok(only)
}

/// The filter of the topics `names` name, each with every topic nested below it: every
/// name must name one, else a message that lists the set's topics.
fn topics_named(
    set: &marginalia::core::study::note_set::NoteSet,
    names: &[String],
    noteset: &std::path::Path,
) -> Result<marginalia::core::study::filter::TopicFilter, String> {
    let mut filter = marginalia::core::study::filter::TopicFilter::default();
    for name in names.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        // A name selects that topic and every topic nested below it, also when the
        // parent is only a level of nested names ("Arms control" of "Arms control/SALT").
        let family: Vec<_> = set
            .topics()
            .iter()
            .filter(|t| t.is_within(name))
            .map(|t| t.id)
            .collect();
        match family.is_empty() {
            false => filter.topics.extend(family),
            true => {
                let known: Vec<&str> = set.topics().iter().map(|t| t.name.as_str()).collect();
                return Err(format!(
                    "no topic “{name}” in {}; its topics are: {}",
                    noteset.display(),
                    known.join(", ")
                ));
            }
        }
    }
    Ok(filter)
}

/// Writes an export to standard output. A terminal would act on control characters
/// from notes: it is shown them instead; redirected output keeps the exact text.
fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    use std::io::{IsTerminal, Write};
    let mut stdout = std::io::stdout();
    let result = if stdout.is_terminal() {
        let text = String::from_utf8_lossy(bytes);
        stdout.write_all(terminal_safe(&text).as_bytes())
    } else {
        stdout.write_all(bytes)
    };
    result.map_err(|e| format!("cannot write to standard output: {e}"))
}
