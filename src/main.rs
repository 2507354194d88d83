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

/// Read a primary source; highlight, tag and annotate it; export with page-accurate citations.
#[derive(Parser)]
#[command(name = "marginalia", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
    /// Document to open: plain UTF-8 text, or a FRUS volume in TEI XML. Without one, the
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
        /// md, csv, html, jsonld or qdpx.
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
            eprintln!("marginalia: {message}");
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
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("marginalia: cannot write JSON: {e}");
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
    // A document that fails to open is reported in the window, over the bundled letter.
    let (source, notices) = match load(path, doc.as_deref()) {
        Ok(source) => (source, Vec::new()),
        Err(message) => {
            eprintln!("marginalia: {message}");
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

/// A note set fitted to its documents (one given, the others found from the set), or the
/// message to print.
fn open_set(
    noteset: &std::path::Path,
    document: Option<PathBuf>,
) -> Result<marginalia::core::persist::OpenedSet, String> {
    use marginalia::core::persist::{self, OpenOn};
    let given = match document {
        Some(path) => {
            Some(marginalia::core::source::open_document(&path).map_err(|e| e.to_string())?)
        }
        None => None,
    };
    let on = match &given {
        Some(doc) => OpenOn::Document(doc),
        None => OpenOn::Own { current: None },
    };
    if let Some(doc) = &given {
        // In a study of several documents, --document must be one of them.
        let (file, _) = persist::load(noteset).map_err(|e| e.to_string())?;
        if persist::source_for_at(&file.set, doc, noteset).is_none() {
            let known: Vec<String> = file.set.sources().iter().map(|r| r.label()).collect();
            return Err(format!(
                "{} is none of the {} documents of {} (not the same text, the same document of its volume, or the file a document was read from): {}",
                doc.info().source,
                known.len(),
                noteset.display(),
                known.join("; ")
            ));
        }
    }
    persist::open_note_set(noteset, on, &Progress::default()).map_err(|e| match e {
        persist::OpenError::DocumentNotFound { .. } => {
            format!("{e}. Name the document with --document.")
        }
        other => other.to_string(),
    })
}

fn check(noteset: &std::path::Path, document: Option<PathBuf>) -> ExitCode {
    use marginalia::core::persist::SourceOutcome;
    let opened = match open_set(noteset, document) {
        Ok(opened) => opened,
        Err(message) => {
            eprintln!("marginalia: {message}");
            return ExitCode::FAILURE;
        }
    };
    let set = &opened.set;
    println!("Note set:   {} ({})", opened.file.title, noteset.display());
    if let [record] = set.sources()
        && let Some(doc) = opened.library.document(record.id)
    {
        println!("Document:   {} ({})", doc.info().title, doc.info().source);
    } else {
        println!("Documents:  {}", set.sources().len());
    }
    println!("Topics:     {}", set.topics().len());
    println!(
        "Highlights: {} ({})",
        set.highlights().len() + set.orphans().len(),
        opened.report.summary()
    );
    let many = set.sources().len() > 1;
    let mut missing = 0;
    for record in set.sources() {
        let doc = opened.library.document(record.id);
        if many {
            let outcome = match opened.outcomes.get(&record.id) {
                Some(SourceOutcome::Placed(report)) => report.summary(),
                Some(SourceOutcome::Missing(why)) => format!("NOT FOUND: {why}"),
                None => "nothing to place".to_string(),
            };
            println!(
                "  #{} {}: {} highlights ({outcome})",
                record.id,
                terminal_safe(&record.label()),
                set.count_in(record.id),
            );
        } else if let Some(SourceOutcome::Missing(why)) = opened.outcomes.get(&record.id) {
            println!("  not found: {why}");
        }
        if matches!(
            opened.outcomes.get(&record.id),
            Some(SourceOutcome::Missing(_))
        ) {
            missing += 1;
        }
        for orphan in set.orphans_in(record.id) {
            match (set.proposal(orphan.id), doc) {
                (Some(proposal), Some(doc)) => println!(
                    "  uncertain: “{}” (perhaps at {}–{}, {}; confirm it in the window)",
                    terminal_safe(&orphan.anchor.quote),
                    proposal.start.index(),
                    proposal.end.index(),
                    match marginalia::core::study::citation::pages_label(doc, proposal.range()) {
                        p if p.is_empty() => "no page".to_string(),
                        p => p,
                    }
                ),
                _ => println!("  orphaned: “{}”", terminal_safe(&orphan.anchor.quote)),
            }
        }
    }
    if missing > 0 {
        eprintln!(
            "marginalia: {missing} of the study's documents {} not found; their highlights were not checked.",
            if missing == 1 { "was" } else { "were" }
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// `stats`: a study's numbers as CSV or JSON. `together`: the co-occurrence matrix,
/// counting paragraphs (`Some(true)`) or highlights (`Some(false)`).
fn stats(
    noteset: &std::path::Path,
    by: &str,
    together: Option<bool>,
    dates: Option<String>,
    format: &str,
) -> ExitCode {
    use marginalia::core::stats::{self, Selection, Together};
    let fail = |message: String| {
        eprintln!("marginalia: {message}");
        ExitCode::FAILURE
    };
    let json = match format {
        "csv" => false,
        "json" => true,
        other => return fail(format!("unknown format “{other}”; use csv or json")),
    };
    let mut selection = Selection::default();
    if let Some(range) = dates {
        let Some((from, to)) = range.split_once("..") else {
            return fail(format!(
                "--dates takes FROM..TO (either may be left out), not “{range}”"
            ));
        };
        selection.from = Some(from.to_string()).filter(|s| !s.is_empty());
        selection.to = Some(to.to_string()).filter(|s| !s.is_empty());
    }
    // The paragraph count reads the documents; the others only the file.
    let (set, library) = if together == Some(true) {
        match open_set(noteset, None) {
            Ok(opened) => {
                for (_, why) in opened.missing() {
                    eprintln!("marginalia: {why}; its highlights count one paragraph each.");
                }
                (opened.set, opened.library)
            }
            Err(message) => return fail(message),
        }
    } else {
        match marginalia::core::persist::load(noteset) {
            Ok((file, _)) => (file.set, Default::default()),
            Err(e) => return fail(e.to_string()),
        }
    };
    let text = match (together, by) {
        (Some(paragraphs), _) => {
            let mode = if paragraphs {
                Together::SameParagraph
            } else {
                Together::SameHighlight
            };
            let matrix = stats::cooccurrence(&set, &selection, mode, &library);
            if json {
                serde_json::to_string_pretty(&matrix).map(|t| t + "\n")
            } else {
                Ok(matrix.to_csv())
            }
        }
        (None, "topic") => {
            let rows = stats::topic_frequencies(&set, &selection);
            if json {
                serde_json::to_string_pretty(&rows).map(|t| t + "\n")
            } else {
                Ok(stats::frequencies_csv(&rows))
            }
        }
        (None, "month") => {
            let table = stats::over_time(&set, &selection);
            if json {
                serde_json::to_string_pretty(&table).map(|t| t + "\n")
            } else {
                Ok(table.to_csv())
            }
        }
        (None, "source") => {
            let table = stats::by_source(&set, &selection);
            if json {
                serde_json::to_string_pretty(&table).map(|t| t + "\n")
            } else {
                Ok(table.to_csv())
            }
        }
        (None, other) => return fail(format!("--by takes topic, month or source, not “{other}”")),
    };
    match text {
        Ok(text) => {
            print!("{}", terminal_safe(&text));
            ExitCode::SUCCESS
        }
        Err(e) => fail(format!("cannot write JSON: {e}")),
    }
}

/// `inspect` of a note set: its sources, each with its highlights and notes.
fn inspect_study(path: &std::path::Path, json: bool) -> ExitCode {
    let (file, _) = match marginalia::core::persist::load(path) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("marginalia: {e}");
            return ExitCode::FAILURE;
        }
    };
    let set = &file.set;
    let rows: Vec<serde_json::Value> = (set.sources().iter())
        .map(|r| {
            serde_json::json!({
                "id": r.id.0,
                "number": r.number,
                "title": r.title,
                "date": r.date,
                "document_id": r.document_id,
                "path_hint": r.path_hint,
                "highlights": set.highlights_in(r.id).len(),
                "unplaced": set.orphans_in(r.id).count(),
                "has_note": !r.note.trim().is_empty(),
            })
        })
        .collect();
    if json {
        let report = serde_json::json!({
            "title": file.title,
            "topics": set.topics().len(),
            "highlights": set.highlights().len() + set.orphans().len(),
            "sources": rows,
        });
        match serde_json::to_string_pretty(&report) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("marginalia: cannot write JSON: {e}");
                return ExitCode::FAILURE;
            }
        }
        return ExitCode::SUCCESS;
    }
    let mut out = format!(
        "Study: {}\nTopics: {}\nHighlights: {}\nDocuments: {}\n",
        file.title,
        set.topics().len(),
        set.highlights().len() + set.orphans().len(),
        set.sources().len()
    );
    for r in set.sources() {
        let unplaced = set.orphans_in(r.id).count();
        out.push_str(&format!(
            "  #{} {}: {} highlights{}{}\n",
            r.id,
            r.label(),
            set.highlights_in(r.id).len(),
            if unplaced > 0 {
                format!(", {unplaced} not placed")
            } else {
                String::new()
            },
            if r.note.trim().is_empty() {
                ""
            } else {
                ", a note"
            }
        ));
    }
    print!("{}", terminal_safe(&out));
    ExitCode::SUCCESS
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
        {
            let _ = edit.apply(&mut set);
        }
        versions.push(NoteSetFile::new(format!("version {i}"), set.clone()));
    }
    for n in 0usize.. {
        if let Err(e) = persist::save(path, &versions[n % 2]) {
            eprintln!("marginalia: {e}");
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
}

fn export(
    noteset: &std::path::Path,
    document: Option<PathBuf>,
    choice: &ExportChoice,
    output: Option<Output>,
) -> ExitCode {
    let (format, topics, text_order) = (&choice.format, &choice.topics, choice.text_order);
    use marginalia::core::export::{self, ExportInput, Format, Grouping};
    use marginalia::core::study::filter::TopicFilter;
    let fail = |message: String| {
        eprintln!("marginalia: {message}");
        ExitCode::FAILURE
    };
    let Some(format) = Format::from_name(format) else {
        return fail(format!(
            "unknown format “{format}”; use md, csv, html, jsonld or qdpx"
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
    let mut only = std::collections::BTreeSet::new();
    for name in choice
        .sources
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        let named: Vec<_> = (set.sources().iter())
            .filter(|r| r.is_named_by(name))
            .map(|r| r.id)
            .collect();
        if named.is_empty() {
            let known: Vec<String> = set.sources().iter().map(|r| r.label()).collect();
            return fail(format!(
                "no document “{name}” in {}; its documents are: {}",
                noteset.display(),
                known.join("; ")
            ));
        }
        only.extend(named);
    }
    for (_, why) in opened.missing() {
        eprintln!("marginalia: {why}; its highlights are exported without pages.");
    }
    let mut filter = TopicFilter::default();
    for name in topics.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
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
                return fail(format!(
                    "no topic “{name}” in {}; its topics are: {}",
                    noteset.display(),
                    known.join(", ")
                ));
            }
        }
    }
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
    };
    let written = match output {
        Some(Output { path, .. }) => export::write_export(format, &input, &path)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        None if format.is_text() => {
            use std::io::{IsTerminal, Write};
            let bytes = match export::export(format, &input) {
                Ok(bytes) => bytes,
                Err(e) => return fail(e.to_string()),
            };
            let mut stdout = std::io::stdout();
            // A terminal would act on control characters from notes: show them instead.
            // Redirected output keeps the exact text.
            let result = if stdout.is_terminal() {
                let text = String::from_utf8_lossy(&bytes);
                stdout.write_all(terminal_safe(&text).as_bytes())
            } else {
                stdout.write_all(&bytes)
            };
            result.map_err(|e| format!("cannot write to standard output: {e}"))
        }
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
        eprintln!(
            "marginalia: {unplaced} highlight{} could not be placed in this text; {how}. See `marginalia check`.",
            if unplaced == 1 { "" } else { "s" }
        );
    }
    ExitCode::SUCCESS
}
