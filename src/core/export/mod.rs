//! Highlights out of the program, each with a citation right to the page: Markdown, CSV,
//! HTML, W3C Web Annotation (JSON-LD) and REFI-QDA (`.qdpx`).

pub mod csv;
pub mod html;
pub mod markdown;
pub mod qdpx;
pub mod web_annotation;

use crate::core::citation::{cite, default_template, pages_label};
use crate::core::document::Document;
use crate::core::filter::TopicFilter;
use crate::core::highlight::Highlight;
use crate::core::note_set::NoteSet;
use crate::core::topic::Topic;

/// The formats highlights can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Csv,
    Html,
    WebAnnotation,
    Qdpx,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 5] = [
        Format::Markdown,
        Format::Csv,
        Format::Html,
        Format::WebAnnotation,
        Format::Qdpx,
    ];

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::WebAnnotation => "jsonld",
            Format::Qdpx => "qdpx",
        }
    }

    /// The name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown (Obsidian, Zotero notes, a draft)",
            Format::Csv => "CSV (spreadsheets)",
            Format::Html => "HTML (print or share)",
            Format::WebAnnotation => "W3C Web Annotation (JSON-LD)",
            Format::Qdpx => "REFI-QDA project (QualCoder, ATLAS.ti, MAXQDA, NVivo)",
        }
    }

    /// The format named by a file extension or a short name (`md`, `csv`, `html`,
    /// `jsonld`, `qdpx`).
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension() == name.to_ascii_lowercase())
    }

    /// True for formats that are text (written to standard output when no file is given).
    pub fn is_text(self) -> bool {
        self != Format::Qdpx
    }
}

/// How Markdown and HTML list highlights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    /// Under each of their topics (a highlight with two topics appears twice), untagged last.
    #[default]
    ByTopic,
    /// In the order of the text.
    TextOrder,
}

/// Everything an export needs.
pub struct ExportInput<'a> {
    pub doc: &'a Document,
    pub set: &'a NoteSet,
    /// The note set's title.
    pub title: &'a str,
    /// Only the highlights this filter lets through (`None`: all).
    pub filter: Option<&'a TopicFilter>,
    pub grouping: Grouping,
}

impl<'a> ExportInput<'a> {
    /// The highlights to export, in text order.
    pub fn highlights(&self) -> Vec<&'a Highlight> {
        self.set
            .highlights()
            .iter()
            .filter(|h| self.filter.is_none_or(|f| f.matches(self.set, h)))
            .collect()
    }

    /// The citation of `h`, from the set's template or the document's default.
    pub fn citation(&self, h: &Highlight) -> String {
        let template = self
            .set
            .citation_template()
            .unwrap_or_else(|| default_template(self.doc));
        cite(self.doc, template, h.range())
    }

    /// `p. 287` / `pp. 286–87`, or empty.
    pub fn pages(&self, h: &Highlight) -> String {
        pages_label(self.doc, h.range())
    }

    /// The topics of `h`, in its order.
    pub fn topics_of(&self, h: &Highlight) -> Vec<&'a Topic> {
        h.topics.iter().filter_map(|t| self.set.topic(*t)).collect()
    }

    /// Groups for Markdown and HTML: a heading (topic name, or `None` for text order /
    /// untagged) and its highlights.
    pub fn groups(&self) -> Vec<(Option<&'a Topic>, Vec<&'a Highlight>)> {
        let highlights = self.highlights();
        match self.grouping {
            Grouping::TextOrder => vec![(None, highlights)],
            Grouping::ByTopic => {
                let mut topics: Vec<&Topic> = self.set.topics().iter().collect();
                topics.sort_by_key(|t| t.name.to_lowercase());
                let mut groups: Vec<(Option<&Topic>, Vec<&Highlight>)> = topics
                    .into_iter()
                    .map(|t| {
                        (
                            Some(t),
                            highlights
                                .iter()
                                .copied()
                                .filter(|h| h.topics.contains(&t.id))
                                .collect::<Vec<_>>(),
                        )
                    })
                    .filter(|(_, hs)| !hs.is_empty())
                    .collect();
                let untagged: Vec<&Highlight> = highlights
                    .iter()
                    .copied()
                    .filter(|h| h.topics.is_empty())
                    .collect();
                if !untagged.is_empty() {
                    groups.push((None, untagged));
                }
                groups
            }
        }
    }

    /// Where the document can be found: its URL, or a `urn:sha256:` name of its text.
    pub fn source_id(&self) -> String {
        self.doc.info().url.clone().unwrap_or_else(|| {
            format!(
                "urn:sha256:{}",
                self.doc.fingerprint().trim_start_matches("sha256:")
            )
        })
    }
}

/// Writes `format` for `input`: UTF-8 text, or the bytes of a zip for QDPX.
pub fn export(format: Format, input: &ExportInput<'_>) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Markdown => markdown::export(input).into_bytes(),
        Format::Csv => csv::export(input)?.into_bytes(),
        Format::Html => html::export(input).into_bytes(),
        Format::WebAnnotation => web_annotation::export(input).into_bytes(),
        Format::Qdpx => qdpx::export(input)?,
    })
}
