//! The command line's commands on a study: opening one for the command line, `check`,
//! `inspect` of a note set, `stats` and `tag`.

use crate::{json_out, terminal_safe};
use marginalia::core::dates::is_calendar_date;
use marginalia::core::document::Document;
use marginalia::core::numbers::counted;
use marginalia::core::progress::Progress;
use marginalia::core::source::{Source, open_source};
use std::path::PathBuf;
use std::process::ExitCode;

/// A note set fitted to its documents (one given, the others found from the set), or the
/// message to print.
pub(crate) fn open_set(
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

pub(crate) fn check(noteset: &std::path::Path, document: Option<PathBuf>) -> ExitCode {
    use marginalia::core::persist::SourceOutcome;
    let opened = match open_set(noteset, document) {
        Ok(opened) => opened,
        Err(message) => {
            warn!("marginalia: {message}");
            return ExitCode::FAILURE;
        }
    };
    let set = &opened.set;
    say!("Note set:   {} ({})", opened.file.title, noteset.display());
    if let [record] = set.sources()
        && let Some(doc) = opened.library.document(record.id)
    {
        say!("Document:   {} ({})", doc.info().title, doc.info().source);
    } else {
        say!("Documents:  {}", set.sources().len());
    }
    say!("Topics:     {}", set.topics().len());
    say!(
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
            say!(
                "  #{} {}: {} ({outcome})",
                record.id,
                record.label(),
                counted(set.count_in(record.id), "highlight"),
            );
        } else if let Some(SourceOutcome::Missing(why)) = opened.outcomes.get(&record.id) {
            say!("  not found: {why}");
        }
        if matches!(
            opened.outcomes.get(&record.id),
            Some(SourceOutcome::Missing(_))
        ) {
            missing += 1;
        }
        // A span (`1975-05-28/1981-01-14`) is what the source says: not a fault.
        if let Some(date) = record
            .date
            .as_deref()
            .filter(|d| !is_calendar_date(d) && marginalia::core::dates::span(d).is_none())
        {
            say!(
                "  date “{}” of #{} is not a calendar date (1978, 1978-02 or 1978-02-25); it counts as undated",
                date,
                record.id
            );
        }
        for orphan in set.orphans_in(record.id) {
            match (set.proposal(orphan.id), doc) {
                (Some(proposal), Some(doc)) => say!(
                    "  uncertain: “{}” (perhaps at {}–{}, {}; confirm it in the window)",
                    orphan.anchor.quote,
                    proposal.start.index(),
                    proposal.end.index(),
                    match marginalia::core::study::citation::pages_label(doc, proposal.range()) {
                        p if p.is_empty() => "no page".to_string(),
                        p => p,
                    }
                ),
                _ => say!("  orphaned: “{}”", orphan.anchor.quote),
            }
        }
    }
    if missing > 0 {
        warn!(
            "marginalia: {missing} of the study's documents {} not found; their highlights were not checked.",
            if missing == 1 { "was" } else { "were" }
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// `stats`: a study's numbers as CSV or JSON. `together`: the co-occurrence matrix,
/// counting paragraphs (`Some(true)`) or highlights (`Some(false)`).
pub(crate) fn stats(
    noteset: &std::path::Path,
    by: &str,
    together: Option<bool>,
    dates: Option<String>,
    format: &str,
) -> ExitCode {
    use marginalia::core::stats::{self, Selection, Together};
    let fail = |message: String| {
        warn!("marginalia: {message}");
        ExitCode::FAILURE
    };
    let json = match format {
        "csv" => false,
        "json" => true,
        other => return fail(format!("unknown format “{other}”; use csv or json")),
    };
    let mut selection = Selection::default();
    if let Some(range) = dates {
        match marginalia::core::dates::DateRange::parse(&range) {
            Ok(range) => selection.dates = range,
            Err(e) => return fail(format!("--dates: {e}")),
        }
    }
    // The paragraph count reads the documents; the others only the file.
    let (set, library) = if together == Some(true) {
        match open_set(noteset, None) {
            Ok(opened) => {
                for (_, why) in opened.missing() {
                    warn!("marginalia: {why}; its highlights count one paragraph each.");
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
            if !json && matrix.topics.len() > stats::MAX_TABLE_TOPICS {
                warn!(
                    "marginalia: {} are too many for a table of every pair; the pairs that occur are listed instead (topic,with,count)",
                    counted(matrix.topics.len(), "topic")
                );
            }
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

/// How long a command that writes a study waits for another writer of the same folder.
const WRITE_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// A study as `tag` reads it: its title, its set, its documents' texts, and what its
/// file held when read (none for a new study).
struct Study {
    title: String,
    set: marginalia::core::study::note_set::NoteSet,
    library: marginalia::core::library::Library,
    stamp: Option<marginalia::core::persist::DiskStamp>,
}

/// A new study at `noteset` of the document(s) in the file `document`: refused when
/// `noteset` exists.
fn new_study(noteset: &std::path::Path, document: &std::path::Path) -> Result<Study, String> {
    use marginalia::core::library::{Library, Loaded};
    use marginalia::core::persist;
    use marginalia::core::study::edit::Edit;
    use marginalia::core::study::note_set::NoteSet;
    if std::fs::symlink_metadata(noteset).is_ok() {
        return Err(format!(
            "{} exists; --new makes a new study. Leave out --new to tag in it.",
            noteset.display()
        ));
    }
    let source = open_source(document, None, &Progress::default()).map_err(|e| e.to_string())?;
    let docs: Vec<Document> = match &source {
        Source::Text(doc) => vec![doc.clone()],
        Source::Volume { volume, .. } => volume.documents().to_vec(),
    };
    let mut set = NoteSet::new();
    let mut library = Library::new();
    let hint = persist::path_hint(document, noteset);
    // Documents by their text: a study of a whole volume is made in one pass, not by
    // looking each document up among all those recorded before it.
    let mut recorded: std::collections::HashMap<String, marginalia::core::study::source::SourceId> =
        std::collections::HashMap::new();
    for (index, doc) in docs.iter().enumerate() {
        if recorded.contains_key(&doc.fingerprint()) {
            // The same text twice in a volume: one source, as `source_of` finds it.
            continue;
        }
        let id = set.next_source_id();
        Edit::AddSource(Box::new(Edit::new_source(doc, id)))
            .apply(&mut set)
            .map_err(|e| format!("{}: {e}", document.display()))?;
        recorded.insert(doc.fingerprint(), id);
        set = set.with_path_hint(id, Some(hint.clone()));
        library.insert(
            id,
            match &source {
                Source::Text(doc) => Loaded::Text(std::sync::Arc::new(doc.clone())),
                Source::Volume { volume, .. } => Loaded::InVolume(volume.clone(), index),
            },
        );
    }
    let title = noteset
        .file_stem()
        .map_or_else(|| "Study".to_string(), |s| s.to_string_lossy().into_owned());
    Ok(Study {
        title,
        set,
        library,
        stamp: None,
    })
}

/// The study saved at `noteset`, with the texts of its documents that were found (those
/// not found are named, and not searched).
fn existing_study(noteset: &std::path::Path) -> Result<Study, String> {
    let opened = open_set(noteset, None)?;
    for (_, why) in opened.missing() {
        warn!("marginalia: {}; it is not searched.", why);
    }
    Ok(Study {
        title: opened.file.title,
        set: opened.set,
        library: opened.library,
        stamp: Some(opened.stamp),
    })
}

/// A dry run's list: each hit's document, pages and text, one per line.
fn print_hits(
    set: &marginalia::core::study::note_set::NoteSet,
    hits: &[(
        marginalia::core::study::source::SourceId,
        &Document,
        marginalia::core::text::CharRange,
    )],
) {
    for (id, doc, range) in hits {
        let pages = marginalia::core::study::citation::pages_label(doc, *range);
        say!(
            "{}\t{}\t{}",
            set.source(*id).map_or_else(String::new, |r| r.label()),
            if pages.is_empty() {
                "no page".into()
            } else {
                pages
            },
            doc.slice(*range)
        );
    }
}

/// `tag`: every hit of `pattern` in the study's documents tagged with `topic_name`, saved
/// unless `dry_run`; with `create`, a new study of that file's document(s) first.
///
/// A little over a hundred lines: the command's steps in order, each ending the command
/// with its own message where it must (no lock, no study, no topic, no hits, nothing
/// changed), under the one write lock held from reading to saving.
pub(crate) fn tag(
    noteset: &std::path::Path,
    pattern: &marginalia::core::tag::Pattern,
    extent: marginalia::core::tag::Extent,
    topic_name: &str,
    dry_run: bool,
    create: Option<PathBuf>,
) -> ExitCode {
    use marginalia::core::persist::{self, NoteSetFile};
    use marginalia::core::time::Timestamp;
    let fail = |message: String| {
        warn!("marginalia: {message}");
        ExitCode::FAILURE
    };
    // Held from before the study is read until the save is in place: another writer of
    // the same study waits, then reads what this one wrote; no update is lost.
    // A dry run takes it too (one path through the command); it only ever waits while
    // another writer is saving.
    let lock = match persist::lock::WriteLock::acquire(noteset, WRITE_WAIT) {
        Ok(lock) => lock,
        Err(e) => return fail(e.to_string()),
    };
    // The study and the texts of its documents, and what its file held when read.
    let opened = match &create {
        Some(document) => new_study(noteset, document),
        None => existing_study(noteset),
    };
    let Study {
        title,
        mut set,
        library,
        stamp,
    } = match opened {
        Ok(study) => study,
        Err(message) => return fail(message),
    };
    // The topic, made if need be.
    let topic_made = set.topic_by_name(topic_name.trim()).is_none();
    let topic = match marginalia::core::tag::topic_named(&mut set, topic_name) {
        Ok((id, _)) => id,
        Err(e) => return fail(format!("cannot make the topic “{topic_name}”: {e}")),
    };
    let hits = match marginalia::core::tag::find_in(library.iter(), pattern, extent) {
        Ok(hits) => hits,
        Err(e) => return fail(e.to_string()),
    };
    let pairs: Vec<(&Document, marginalia::core::text::CharRange)> =
        hits.iter().map(|(_, doc, range)| (*doc, *range)).collect();
    let plan = marginalia::core::tag::plan(&set, &pairs, topic, Timestamp::now());
    let documents: std::collections::BTreeSet<_> = hits.iter().map(|(id, ..)| *id).collect();
    if dry_run {
        print_hits(&set, &hits);
        warn!(
            "marginalia: {} in {}; would make {}, add the topic to {}, leave {} as they are (dry run: nothing written)",
            counted(hits.len(), "hit"),
            counted(documents.len(), "document"),
            counted(plan.created, "highlight"),
            plan.extended,
            plan.unchanged
        );
        return ExitCode::SUCCESS;
    }
    if hits.is_empty() {
        warn!(
            "marginalia: no hits in {}; nothing was written{}.",
            counted(library.iter().count(), "document"),
            if create.is_some() {
                " (no study was made)"
            } else {
                ""
            }
        );
        return ExitCode::SUCCESS;
    }
    let summary = format!(
        "Tagged {} with “{}” in {}: {}, the topic added to {}, {} had it already.",
        counted(plan.created + plan.extended, "hit"),
        topic_name.trim(),
        counted(documents.len(), "document"),
        counted(plan.created, "new highlight"),
        counted(plan.extended, "highlight"),
        plan.unchanged,
    );
    if plan.edit.is_none() && !topic_made && create.is_none() {
        say!(
            "{summary} Nothing changed: {} was not written.",
            noteset.display()
        );
        return ExitCode::SUCCESS;
    }
    if let Some(edit) = plan.edit
        && let Err(e) = edit.apply(&mut set)
    {
        return fail(format!("the highlights could not be made: {e}"));
    }
    let file = NoteSetFile::new(title, set);
    let expect = match &stamp {
        Some(stamp) => persist::Expect::Unchanged(stamp),
        None => persist::Expect::Absent,
    };
    if let Err(e) = persist::save_expecting(noteset, &file, expect, &lock) {
        return fail(e.to_string());
    }
    say!("{summary} Saved {}.", noteset.display());
    ExitCode::SUCCESS
}

/// `inspect` of a note set: its sources, each with its highlights and notes.
pub(crate) fn inspect_study(path: &std::path::Path, json: bool) -> ExitCode {
    let (file, _) = match marginalia::core::persist::load(path) {
        Ok(loaded) => loaded,
        Err(e) => {
            warn!("marginalia: {e}");
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
            Ok(text) => json_out(&text),
            Err(e) => {
                warn!("marginalia: cannot write JSON: {e}");
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
            "  #{} {}: {}{}{}\n",
            r.id,
            r.label(),
            counted(set.highlights_in(r.id).len(), "highlight"),
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
