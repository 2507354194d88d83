//! A REFI-QDA project (`.qdpx`, urn:QDA-XML:project:1.0), so highlights open in QualCoder,
//! ATLAS.ti, MAXQDA or NVivo: topics become codes (nested by `/`, with their colours), the
//! canonical text becomes a `TextSource` shipped in the archive, each highlight a
//! `PlainTextSelection` with its `Coding`s and the note as its description.
//!
//! Positions count characters (code points) of the shipped text, as our offsets do.

use crate::core::export::ExportInput;
use crate::core::topic::Topic;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

/// The project XML's file name inside the archive.
pub const PROJECT_FILE: &str = "project.qde";

/// A stable GUID for `seed`: the same export twice gives the same file.
fn guid(seed: &str) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// Escapes text for XML content and attributes.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// A node of the code tree: a topic, or a level of a nested name no topic stands for.
#[derive(Default)]
struct CodeNode<'a> {
    topic: Option<&'a Topic>,
    children: BTreeMap<String, CodeNode<'a>>,
}

fn write_codes(out: &mut String, path: &str, nodes: &BTreeMap<String, CodeNode<'_>>, depth: usize) {
    for (name, node) in nodes {
        let full = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}/{name}")
        };
        let indent = "  ".repeat(depth);
        let (id, codable, color) = match node.topic {
            Some(t) => (t.id.0.to_string(), true, format!(" color=\"{}\"", t.color)),
            None => (guid(&format!("code:{full}")), false, String::new()),
        };
        let _ = write!(
            out,
            "{indent}<Code guid=\"{id}\" name=\"{}\" isCodable=\"{codable}\"{color}",
            xml(name)
        );
        if node.children.is_empty() {
            let _ = writeln!(out, "/>");
        } else {
            let _ = writeln!(out, ">");
            write_codes(out, &full, &node.children, depth + 1);
            let _ = writeln!(out, "{indent}</Code>");
        }
    }
}

/// The `project.qde` XML and the name of the source text file inside the archive.
pub fn project_xml(input: &ExportInput<'_>) -> (String, String) {
    let info = input.doc.info();
    let fingerprint = input.doc.fingerprint();
    let user = guid("user:marginalia");
    let source = guid(&format!("source:{fingerprint}"));
    let source_file = format!("{source}.txt");
    let created = input
        .set
        .highlights()
        .iter()
        .map(|h| h.created)
        .min()
        .unwrap_or_default()
        .to_string();
    let mut tree: BTreeMap<String, CodeNode> = BTreeMap::new();
    for topic in input.set.topics() {
        let mut level = &mut tree;
        let parts: Vec<&str> = topic.name.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            let node = level.entry(part.to_string()).or_default();
            if i + 1 == parts.len() {
                node.topic = Some(topic);
            }
            level = &mut node.children;
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    let _ = writeln!(
        out,
        "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"{}\" origin=\"Marginalia\" creatingUserGUID=\"{user}\" creationDateTime=\"{created}\">",
        xml(input.title)
    );
    let _ = writeln!(
        out,
        "<Users>\n  <User guid=\"{user}\" name=\"Marginalia\"/>\n</Users>"
    );
    let _ = writeln!(out, "<CodeBook>\n<Codes>");
    write_codes(&mut out, "", &tree, 1);
    let _ = writeln!(out, "</Codes>\n</CodeBook>");
    let _ = writeln!(out, "<Sources>");
    let _ = writeln!(
        out,
        "<TextSource guid=\"{source}\" name=\"{}\" plainTextPath=\"internal://{source_file}\" creatingUser=\"{user}\" creationDateTime=\"{created}\">",
        xml(&info.title)
    );
    let describe = match (&info.citation, &info.url) {
        (Some(c), Some(u)) => format!("{c}. {u}"),
        (Some(c), None) => c.clone(),
        (None, Some(u)) => u.clone(),
        (None, None) => info.title.clone(),
    };
    let _ = writeln!(out, "  <Description>{}</Description>", xml(&describe));
    for h in input.highlights() {
        let name: String = h.anchor.quote.chars().take(60).collect();
        let _ = writeln!(
            out,
            "  <PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{}\" endPosition=\"{}\" creatingUser=\"{user}\" creationDateTime=\"{}\" modifyingUser=\"{user}\" modifiedDateTime=\"{}\">",
            h.id.0,
            xml(&name),
            h.anchor.start.0,
            h.anchor.end.0,
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
    let _ = writeln!(out, "</TextSource>\n</Sources>");
    if !input.set.document_note().trim().is_empty() {
        let _ = writeln!(
            out,
            "<Notes>\n  <Note guid=\"{}\" name=\"Document notes\" creatingUser=\"{user}\" creationDateTime=\"{created}\">\n    <PlainTextContent>{}</PlainTextContent>\n  </Note>\n</Notes>",
            guid(&format!("note:{fingerprint}")),
            xml(input.set.document_note().trim())
        );
    }
    let _ = writeln!(out, "</Project>");
    (out, source_file)
}

/// The `.qdpx` archive: `project.qde` and `Sources/<guid>.txt` (the canonical text).
pub fn export(input: &ExportInput<'_>) -> Result<Vec<u8>, String> {
    let (project, source_file) = project_xml(input);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let fail = |e: &dyn std::fmt::Display| format!("cannot build the .qdpx archive: {e}");
    zip.start_file(PROJECT_FILE, options)
        .map_err(|e| fail(&e))?;
    zip.write_all(project.as_bytes()).map_err(|e| fail(&e))?;
    zip.start_file(format!("Sources/{source_file}"), options)
        .map_err(|e| fail(&e))?;
    zip.write_all(input.doc.text().as_bytes())
        .map_err(|e| fail(&e))?;
    let cursor = zip.finish().map_err(|e| fail(&e))?;
    Ok(cursor.into_inner())
}
