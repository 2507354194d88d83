//! Checking what a note-set file says: errors with their line and column, in words
//! about the file; the checks a set must pass before it is used.

use super::write::ron_string;
use super::*;
use crate::core::study::topic::normalize_name;

pub(super) fn spanned(e: &ron::error::SpannedError) -> FormatError {
    FormatError {
        line: e.span.start.line,
        column: e.span.start.col,
        message: plain_message(&e.code),
    }
}

/// What the RON reader found wrong, said about the file rather than about the reader's
/// own settings (its text for some errors gives advice meant for programmers).
pub(super) fn plain_message(code: &ron::Error) -> String {
    match code {
        ron::Error::ExceededRecursionLimit => {
            "brackets are nested too deeply here for a note set; \
             the file is damaged or was not written by Marginalia"
                .into()
        }
        ron::Error::Eof => {
            "the file ends too early; it may have been cut off when it was copied".into()
        }
        other => other.to_string(),
    }
}

/// Line and column (from 1) of the first occurrence of `needle`, or 1:1.
pub(super) fn locate(text: &str, needle: &str) -> (usize, usize) {
    locate_nth(text, needle, 0)
}

/// Line and column of the `n`-th (from 0) occurrence of `needle`.
pub(super) fn locate_nth(text: &str, needle: &str, n: usize) -> (usize, usize) {
    let Some((byte, _)) = text.match_indices(needle).nth(n) else {
        return (1, 1);
    };
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

pub(super) fn error_at(text: &str, needle: &str, n: usize, message: String) -> FormatError {
    let (line, column) = locate_nth(text, needle, n);
    FormatError {
        line,
        column,
        message,
    }
}

/// Reads a file of any version with the general parser.
pub(super) fn parse_any(text: &str, version: u32) -> Result<NoteSetFile, FormatError> {
    let file: FileV3 = if version < 3 {
        ron::from_str::<FileV1>(text)
            .map_err(|e| spanned(&e))?
            .into()
    } else {
        ron::from_str(text).map_err(|e| spanned(&e))?
    };
    finish(text, version, file)
}

/// Checks a file read either way and builds the note set.
pub(super) fn finish(text: &str, version: u32, file: FileV3) -> Result<NoteSetFile, FormatError> {
    if version < 2 && file.sources.iter().any(|s| s.citation_template.is_some()) {
        return Err(error_at(
            text,
            "citation_template",
            0,
            "citation_template is not part of format 1; write format_version: 2".into(),
        ));
    }
    let mut check = HighlightCheck {
        text,
        source_ids: source_ids(text, &file.sources)?,
        topic_ids: topic_ids(text, &file.topics)?,
        highlight_ids: HashSet::new(),
    };
    let highlights = (file.highlights.iter())
        .map(|h| check.highlight(h))
        .collect::<Result<Vec<_>, _>>()?;
    let orphans = (file.orphans.iter())
        .map(|h| check.highlight(h))
        .collect::<Result<Vec<_>, _>>()?;
    let topics = tidy_topics(file.topics);
    Ok(NoteSetFile {
        title: file.title,
        recovery_of: file.recovery_of,
        set: NoteSet::from_parts(file.sources, topics, highlights, file.study_note, orphans),
    })
}

/// The sources' ids, each 1 or more and none twice.
fn source_ids(text: &str, sources: &[SourceRecord]) -> Result<HashSet<SourceId>, FormatError> {
    let mut source_ids = HashSet::new();
    for (n, s) in sources.iter().enumerate() {
        if s.id.0 == 0 || !source_ids.insert(s.id) {
            return Err(error_at(
                text,
                "sources",
                0,
                format!(
                    "source {} (number {} in the list) has an id that is 0 or used twice; source ids are 1, 2, 3, …",
                    s.id,
                    n + 1
                ),
            ));
        }
    }
    Ok(source_ids)
}

/// The topics' ids, none twice; every topic named, no name twice.
fn topic_ids(text: &str, topics: &[TopicV1]) -> Result<HashSet<TopicId>, FormatError> {
    let mut topic_ids = HashSet::new();
    let mut names = HashSet::new();
    for t in topics {
        let id = t.id.0.to_string();
        if !topic_ids.insert(t.id) {
            return Err(error_at(
                text,
                &id,
                1,
                format!("topic id {id} is used twice"),
            ));
        }
        if t.name.trim().is_empty() {
            return Err(error_at(text, &id, 0, "a topic has an empty name".into()));
        }
        if !names.insert(t.name.clone()) {
            return Err(error_at(
                text,
                &ron_string(&t.name),
                1,
                format!("two topics are named “{}”", t.name),
            ));
        }
    }
    Ok(topic_ids)
}

/// What a highlight is checked against: the sources and topics of the file, and the ids
/// of the highlights checked before it.
struct HighlightCheck<'t> {
    text: &'t str,
    source_ids: HashSet<SourceId>,
    topic_ids: HashSet<TopicId>,
    highlight_ids: HashSet<HighlightId>,
}

impl HighlightCheck<'_> {
    /// The highlight, if its source and topics are in the file, its id is its own, and
    /// its offsets span its quote.
    fn highlight(&mut self, h: &HighlightV3) -> Result<Highlight, FormatError> {
        let text = self.text;
        let (source_ids, topic_ids) = (&self.source_ids, &self.topic_ids);
        let highlight_ids = &mut self.highlight_ids;
        let id = h.id.0.to_string();
        if !source_ids.contains(&h.source) {
            return Err(error_at(
                text,
                &id,
                0,
                format!(
                    "highlight {id} is in source {} which is not in the list of sources",
                    h.source
                ),
            ));
        }
        if !highlight_ids.insert(h.id) {
            return Err(error_at(
                text,
                &id,
                1,
                format!("highlight id {id} is used twice"),
            ));
        }
        if h.start >= h.end {
            return Err(error_at(
                text,
                &id,
                0,
                if h.start == h.end {
                    format!(
                        "highlight {id} is empty: it starts and ends at {}, so it marks no text",
                        h.start
                    )
                } else {
                    format!(
                        "highlight {id} ends ({}) before it starts ({})",
                        h.end, h.start
                    )
                },
            ));
        }
        if h.end - h.start != h.quote.chars().count() {
            return Err(error_at(
                text,
                &id,
                0,
                format!(
                    "highlight {id} spans {} characters but its quote has {}",
                    h.end - h.start,
                    h.quote.chars().count()
                ),
            ));
        }
        if let Some(unknown) = h.topics.iter().find(|t| !topic_ids.contains(t)) {
            return Err(error_at(
                text,
                &id,
                0,
                format!(
                    "highlight {id} names topic {} which is not in the topic list",
                    unknown.0
                ),
            ));
        }
        Ok(Highlight {
            id: h.id,
            source: h.source,
            anchor: Anchor {
                start: CharOffset(h.start),
                end: CharOffset(h.end),
                quote: h.quote.clone(),
                prefix: h.prefix.clone(),
                suffix: h.suffix.clone(),
            },
            topics: h.topics.clone(),
            note: h.note.clone(),
            created: h.created,
            modified: h.modified,
        })
    }
}

/// Names as the window makes them: each level trimmed, none empty (a file written by hand
/// or by another program may hold "Arms control//SALT", which would file a topic under an
/// empty level). A name whose tidy form another topic has keeps its own. In the order the
/// writer uses (by id, which is creation order), whatever order a hand-edited file has:
/// otherwise a set would change by being saved and read again.
fn tidy_topics(file_topics: Vec<TopicV1>) -> Vec<Topic> {
    let tidy: Vec<String> = file_topics
        .iter()
        .map(|t| normalize_name(&t.name))
        .collect();
    let mut taken: HashSet<String> = file_topics.iter().map(|t| t.name.clone()).collect();
    let mut topics: Vec<Topic> = file_topics
        .into_iter()
        .zip(tidy)
        .map(|(t, tidy)| {
            let name = if tidy == t.name || tidy.is_empty() || taken.contains(&tidy) {
                t.name
            } else {
                taken.insert(tidy.clone());
                tidy
            };
            Topic {
                id: t.id,
                name,
                color: t.color,
            }
        })
        .collect();
    topics.sort_by_key(|t| t.id);
    topics
}

/// Checks the offsets of source `source` of a set saved against exactly `doc` (same
/// fingerprint): every highlight must lie inside the text. (A quote that no longer
/// matches is re-anchored, not refused.)
pub fn check_against(
    text: &str,
    file: &NoteSetFile,
    source: SourceId,
    doc: &Document,
) -> Result<(), FormatError> {
    for h in file.set.highlights_in(source) {
        if h.anchor.end.index() > doc.char_len() {
            let id = h.id.0.to_string();
            return Err(error_at(
                text,
                &id,
                0,
                format!(
                    "highlight {id} ends at {} but the document has {} characters",
                    h.anchor.end.index(),
                    doc.char_len()
                ),
            ));
        }
    }
    Ok(())
}
