//! A REFI-QDA project (`.qdpx`, urn:QDA-XML:project:1.0), so highlights open in QualCoder,
//! ATLAS.ti, MAXQDA or NVivo: topics become codes (nested by `/`, with their colours), the
//! canonical text becomes a `TextSource` shipped in the archive, each highlight a
//! `PlainTextSelection` with its `Coding`s and the note as its description.
//!
//! Positions count characters (code points) of the shipped text, as our offsets do.

use super::ExportError;
use super::escape::xml;
use crate::core::export::{ExportInput, stable_uuid};
use crate::core::study::highlight::Highlight;
use crate::core::study::topic::Topic;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;

/// The project XML's file name inside the archive.
pub const PROJECT_FILE: &str = "project.qde";

/// A stable GUID for `seed`: the same export twice gives the same file.
fn guid(seed: &str) -> String {
    stable_uuid(seed).to_string()
}

/// A node of the code tree: a topic, or a level of a nested name no topic stands for.
#[derive(Default)]
struct CodeNode<'a> {
    topic: Option<&'a Topic>,
    children: BTreeMap<String, CodeNode<'a>>,
}

/// The code names of a project: how many codes share each last level, and the names
/// given so far (without case).
struct CodeNames {
    counts: BTreeMap<String, usize>,
    used: HashSet<String>,
}

/// How many codes of the tree have each last level (compared without case): a QDA
/// program keys codes by name, so "Arms control/SALT" and "Diplomacy/SALT" must be told
/// apart.
fn count_names(nodes: &BTreeMap<String, CodeNode<'_>>, counts: &mut BTreeMap<String, usize>) {
    for (name, node) in nodes {
        *counts.entry(name.to_lowercase()).or_default() += 1;
        count_names(&node.children, counts);
    }
}

fn write_codes(
    out: &mut String,
    path: &str,
    nodes: &BTreeMap<String, CodeNode<'_>>,
    depth: usize,
    names: &mut CodeNames,
) {
    for (name, node) in nodes {
        let full = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}/{name}")
        };
        // A last level that another code shares is named with the levels above it
        // ("SALT (Arms control)"); any that still meet are numbered.
        let shown = if names.counts.get(&name.to_lowercase()).copied().unwrap_or(0) > 1
            && !path.is_empty()
        {
            format!("{name} ({path})")
        } else {
            name.clone()
        };
        let shown = unique_by(&mut names.used, shown, str::to_lowercase);
        let indent = "  ".repeat(depth);
        let (id, codable, color) = match node.topic {
            Some(t) => (t.id.0.to_string(), true, format!(" color=\"{}\"", t.color)),
            None => (guid(&format!("code:{full}")), false, String::new()),
        };
        let _ = write!(
            out,
            "{indent}<Code guid=\"{id}\" name=\"{}\" isCodable=\"{codable}\"{color}",
            xml(&shown)
        );
        if node.children.is_empty() {
            let _ = writeln!(out, "/>");
        } else {
            let _ = writeln!(out, ">");
            write_codes(out, &full, &node.children, depth + 1, names);
            let _ = writeln!(out, "{indent}</Code>");
        }
    }
}

/// A selection's name: the start of its quote, cut at a word boundary (with `…`) when it
/// is longer than `max` characters.
pub fn selection_name(quote: &str, max: usize) -> String {
    let quote = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    if quote.chars().count() <= max {
        return quote;
    }
    let head: String = quote.chars().take(max).collect();
    // The last space inside the limit ends the last whole word; a single long word is cut.
    let cut = match head.rfind(' ') {
        Some(space) if space > 0 => head[..space].trim_end_matches([',', ';', ':']).to_string(),
        _ => head,
    };
    format!("{cut}…")
}

/// A note shipped as a text file in the archive (`Sources/<guid>.txt`): QualCoder makes
/// journals only of notes with a `plainTextPath`.
struct NoteFile {
    guid: String,
    name: String,
    text: String,
}

/// What goes into the archive: `project.qde`, and each text file under `Sources/` by name.
pub struct Project {
    pub xml: String,
    /// (file name under `Sources/`, its text): the document's canonical text, then notes.
    pub files: Vec<(String, String)>,
}

/// Who made the project and when: every element names them.
struct Stamp {
    user: String,
    created: String,
}

/// The project: its XML and the text files it refers to.
pub fn project(input: &ExportInput<'_>) -> Project {
    let stamp = Stamp {
        user: guid("user:marginalia"),
        created: input
            .set
            .highlights()
            .iter()
            .chain(input.set.orphans())
            .map(|h| h.created)
            .min()
            .unwrap_or_default()
            .to_string(),
    };
    let tree = code_tree(input.set.topics());
    let mut notes: Vec<NoteFile> = Vec::new();
    if !input.set.study_note().trim().is_empty() {
        notes.push(NoteFile {
            guid: guid(&format!("study-note:{}", input.title)),
            name: "Study notes".into(),
            text: input.set.study_note().trim().to_string(),
        });
    }
    // Each document's highlights, placed and not, gathered once (a study of thousands of
    // documents is not scanned once per document).
    let placed_in = by_source(input.highlights());
    let unplaced_in = by_source(input.unplaced());
    // Names given so far: a QDA program keys sources (and notes) by name, so two
    // documents of one title and number (document 1 of two volumes) must differ.
    let mut used: HashSet<String> = notes.iter().map(|n| n.name.clone()).collect();
    let mut files: Vec<(String, String)> = Vec::new();
    let mut sources_xml = String::new();
    for record in input.sources() {
        let fingerprint = &record.fingerprint;
        if !record.note.trim().is_empty() {
            notes.push(NoteFile {
                guid: guid(&format!("note:{fingerprint}")),
                name: unique_name(&mut used, format!("Document notes: {}", record.title)),
                text: record.note.trim().to_string(),
            });
        }
        let placed = placed_in.get(&record.id).map_or(&[][..], Vec::as_slice);
        let unplaced = unplaced_in.get(&record.id).map_or(&[][..], Vec::as_slice);
        let Some(doc) = input.library.document(record.id) else {
            // Without its text the document cannot be a source of the project: its
            // highlights are listed in a note, so none is dropped.
            let mine: Vec<&Highlight> = placed.iter().chain(unplaced).copied().collect();
            if !mine.is_empty() {
                notes.push(NoteFile {
                    guid: guid(&format!("missing:{fingerprint}")),
                    name: unique_name(&mut used, format!("Document not found: {}", record.title)),
                    text: listing(
                        input,
                        &mine,
                        "highlights of a document whose text was not at hand when this project was written; they are not coded",
                    ),
                });
            }
            continue;
        };
        if !unplaced.is_empty() {
            notes.push(NoteFile {
                guid: guid(&format!("unplaced:{fingerprint}")),
                name: unique_name(
                    &mut used,
                    if input.is_multi() {
                        format!("Not placed in this text: {}", record.title)
                    } else {
                        "Not placed in this text".to_string()
                    },
                ),
                text: listing(
                    input,
                    unplaced,
                    "made on another version of this document could not be placed in this text, and are not coded in this project",
                ),
            });
        }
        let name = unique_name(
            &mut used,
            match record.number {
                Some(n) => format!("{n}. {}", doc.info().title),
                None => doc.info().title.clone(),
            },
        );
        let source_file =
            text_source_xml(&mut sources_xml, input, record, doc, &name, placed, &stamp);
        files.push((source_file, doc.text().to_string()));
    }
    let out = project_xml(input.title, &tree, &sources_xml, &notes, &stamp);
    files.extend(
        notes
            .into_iter()
            .map(|n| (format!("{}.txt", n.guid), n.text)),
    );
    Project { xml: out, files }
}

/// The topics as a tree of codes, split at "/": levels trimmed, none empty (a name read
/// from a file written by hand or by another program may hold "//").
fn code_tree(topics: &[Topic]) -> BTreeMap<String, CodeNode<'_>> {
    let mut tree: BTreeMap<String, CodeNode> = BTreeMap::new();
    for topic in topics {
        let mut level = &mut tree;
        let parts: Vec<&str> = topic
            .name
            .split('/')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let parts = if parts.is_empty() {
            vec![topic.name.as_str()]
        } else {
            parts
        };
        for (i, part) in parts.iter().enumerate() {
            let node = level.entry(part.to_string()).or_default();
            if i + 1 == parts.len() {
                node.topic = Some(topic);
            }
            level = &mut node.children;
        }
    }
    tree
}

/// `highlights` grouped by their document, each group in the order given.
fn by_source(
    highlights: Vec<&Highlight>,
) -> BTreeMap<crate::core::study::source::SourceId, Vec<&Highlight>> {
    let mut groups: BTreeMap<_, Vec<&Highlight>> = BTreeMap::new();
    for h in highlights {
        groups.entry(h.source).or_default().push(h);
    }
    groups
}

/// Appends the `<TextSource>` of `record` (its text `doc`, called `name`), with a
/// selection for each of its `placed` highlights; returns the file its text goes in.
fn text_source_xml(
    out: &mut String,
    input: &ExportInput<'_>,
    record: &crate::core::study::source::SourceRecord,
    doc: &crate::core::document::Document,
    name: &str,
    placed: &[&Highlight],
    stamp: &Stamp,
) -> String {
    let source = guid(&format!("source:{}", record.fingerprint));
    let source_file = format!("{source}.txt");
    let Stamp { user, created } = stamp;
    let _ = writeln!(
        out,
        "<TextSource guid=\"{source}\" name=\"{}\" plainTextPath=\"internal://{source_file}\" creatingUser=\"{user}\" creationDateTime=\"{created}\">",
        xml(name)
    );
    let info = doc.info();
    let mut describe = match (&info.citation, &info.url) {
        (Some(c), Some(u)) => format!("{c}. {u}"),
        (Some(c), None) => c.clone(),
        (None, Some(u)) => u.clone(),
        (None, None) => info.title.clone(),
    };
    if let Some(date) = &record.date {
        describe.push_str(&format!(" ({date})"));
    }
    let _ = writeln!(out, "  <Description>{}</Description>", xml(&describe));
    for h in placed {
        selection_xml(out, input, h, user);
    }
    let _ = writeln!(out, "</TextSource>");
    source_file
}

/// The whole `project.qde`: users, the codebook from `tree`, the sources, the notes.
fn project_xml(
    title: &str,
    tree: &BTreeMap<String, CodeNode<'_>>,
    sources_xml: &str,
    notes: &[NoteFile],
    stamp: &Stamp,
) -> String {
    let Stamp { user, created } = stamp;
    let mut out = String::new();
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    let _ = writeln!(
        out,
        "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"{}\" origin=\"Marginalia\" creatingUserGUID=\"{user}\" creationDateTime=\"{created}\">",
        xml(title)
    );
    let _ = writeln!(
        out,
        "<Users>\n  <User guid=\"{user}\" name=\"Marginalia\"/>\n</Users>"
    );
    if !tree.is_empty() {
        let _ = writeln!(out, "<CodeBook>\n<Codes>");
        let mut names = CodeNames {
            counts: BTreeMap::new(),
            used: HashSet::new(),
        };
        count_names(tree, &mut names.counts);
        write_codes(&mut out, "", tree, 1, &mut names);
        let _ = writeln!(out, "</Codes>\n</CodeBook>");
    }
    if !sources_xml.is_empty() {
        let _ = write!(out, "<Sources>\n{sources_xml}</Sources>\n");
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "<Notes>");
        for note in notes {
            let _ = writeln!(
                out,
                "  <Note guid=\"{0}\" name=\"{1}\" plainTextPath=\"internal://{0}.txt\" creatingUser=\"{user}\" creationDateTime=\"{created}\"/>",
                note.guid,
                xml(&note.name)
            );
        }
        let _ = writeln!(out, "</Notes>");
    }
    let _ = writeln!(out, "</Project>");
    out
}

/// `name`, or `name (2)`, `name (3)`… when it is taken; recorded as taken.
/// `name`, numbered ("Name (2)") if `key` of a name given before is the same; the names
/// given are remembered in `used` by their `key`.
fn unique_by(used: &mut HashSet<String>, name: String, key: impl Fn(&str) -> String) -> String {
    let mut candidate = name.clone();
    let mut n = 1;
    while used.contains(&key(&candidate)) {
        n += 1;
        candidate = format!("{name} ({n})");
    }
    used.insert(key(&candidate));
    candidate
}

/// `name`, numbered if a name given before is the same.
fn unique_name(used: &mut HashSet<String>, name: String) -> String {
    unique_by(used, name, str::to_string)
}

/// A coded passage: its place in its document's text, its note and citation, a coding
/// per topic.
fn selection_xml(out: &mut String, input: &ExportInput<'_>, h: &Highlight, user: &str) {
    let _ = writeln!(
        out,
        "  <PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{}\" endPosition=\"{}\" creatingUser=\"{user}\" creationDateTime=\"{}\" modifyingUser=\"{user}\" modifiedDateTime=\"{}\">",
        h.id.0,
        xml(&selection_name(&h.anchor.quote, 60)),
        h.anchor.start.index(),
        h.anchor.end.index(),
        h.created,
        h.modified
    );
    let description = if h.note.trim().is_empty() {
        input.citation(h)
    } else {
        format!("{}\n\n{}", h.note.trim(), input.citation(h))
    };
    let _ = writeln!(out, "    <Description>{}</Description>", xml(&description));
    for topic in input.topics_of(h) {
        let _ = writeln!(
            out,
            "    <Coding guid=\"{}\" creatingUser=\"{user}\" creationDateTime=\"{}\">\n      <CodeRef targetGUID=\"{}\"/>\n    </Coding>",
            guid(&format!("coding:{}:{}", h.id.0, topic.id.0)),
            h.modified,
            topic.id.0
        );
    }
    let _ = writeln!(out, "  </PlainTextSelection>");
}

/// A note's text listing highlights that could not be coded: "N highlights WHY:", then
/// each quote with its status, topics and note.
fn listing(input: &ExportInput<'_>, highlights: &[&Highlight], why: &str) -> String {
    let mut text = format!(
        "{} highlight{} {why}:\n",
        highlights.len(),
        if highlights.len() == 1 { "" } else { "s" }
    );
    for h in highlights {
        let topics: Vec<&str> = input.topics_of(h).iter().map(|t| t.name.as_str()).collect();
        let _ = write!(text, "\n“{}” ({})", h.anchor.quote, input.status(h).label());
        if !topics.is_empty() {
            let _ = write!(text, "\nTopics: {}", topics.join("; "));
        }
        if !h.note.trim().is_empty() {
            let _ = write!(text, "\nNote: {}", h.note.trim());
        }
        text.push('\n');
    }
    text
}

/// The `.qdpx` archive: `project.qde`, `Sources/<guid>.txt` (the canonical text), and a
/// text file for each note.
pub fn export(input: &ExportInput<'_>) -> Result<Vec<u8>, ExportError> {
    let project = project(input);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file(PROJECT_FILE, options)?;
    zip.write_all(project.xml.as_bytes())?;
    for (name, text) in &project.files {
        zip.start_file(format!("Sources/{name}"), options)?;
        zip.write_all(text.as_bytes())?;
    }
    let cursor = zip.finish()?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_names_end_at_a_word() {
        assert_eq!(selection_name("short quote", 60), "short quote");
        let long =
            "the mutual refusal to produce neutron weapons would be a step of great importance";
        let name = selection_name(long, 60);
        assert_eq!(
            name,
            "the mutual refusal to produce neutron weapons would be a…"
        );
        assert!(long.starts_with(name.trim_end_matches('…')));
        assert_eq!(selection_name(&"x".repeat(70), 60).chars().count(), 61);
    }
}
