//! A volume's table of contents for `marginalia inspect VOLUME.xml`: every document
//! with its number, id, date, pages and title.

use super::{Volume, VolumeInfo};
use crate::core::document::Document;
use serde::Serialize;
use std::fmt::Write as _;

/// The documents of a volume, ready to print as text or JSON.
#[derive(Debug, Serialize)]
pub struct VolumeListing {
    pub source: String,
    pub title: String,
    pub info: VolumeInfo,
    pub documents: Vec<ListedDocument>,
    pub warnings: Vec<String>,
}

/// One line of the listing.
#[derive(Debug, Serialize)]
pub struct ListedDocument {
    pub number: Option<u32>,
    pub id: Option<String>,
    pub date: Option<String>,
    pub title: String,
    pub chapter: Option<String>,
    /// First and last printed page, as printed (`287`, `xxvii`).
    pub pages: Option<(String, String)>,
    pub footnotes: usize,
    /// Notes whose call could not be placed, and other things to check.
    pub warnings: Vec<String>,
}

/// The first and last printed page of a document, as printed.
pub fn page_range(doc: &Document) -> Option<(String, String)> {
    let first = doc.pages().first()?;
    let last = doc.pages().last()?;
    Some((first.label(), last.label()))
}

impl VolumeListing {
    pub fn new(volume: &Volume) -> Self {
        VolumeListing {
            source: volume.source().to_string(),
            title: volume.info().title(),
            info: volume.info().clone(),
            documents: volume
                .documents()
                .iter()
                .map(|d| ListedDocument {
                    number: d.info().number,
                    id: d.info().id.clone(),
                    date: d.info().date.clone(),
                    title: d.info().title.clone(),
                    chapter: d.info().chapter.clone(),
                    pages: page_range(d),
                    footnotes: d.footnotes().len(),
                    warnings: d.warnings().to_vec(),
                })
                .collect(),
            warnings: volume.warnings().to_vec(),
        }
    }

    /// The listing as text for a terminal: one document a line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Source:    {}", self.source);
        let _ = writeln!(out, "Volume:    {}", self.title);
        let _ = writeln!(out, "Documents: {}", self.documents.len());
        let mut chapter: Option<&str> = None;
        for d in &self.documents {
            if d.chapter.as_deref() != chapter {
                chapter = d.chapter.as_deref();
                let _ = writeln!(out, "\n{}", chapter.unwrap_or("(no chapter)"));
            }
            let pages = match &d.pages {
                Some((a, b)) if a == b => format!("p. {a}"),
                Some((a, b)) => format!("pp. {a}–{b}"),
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "  {:>5}  {:<7} {:<10} {:<13} {}",
                d.number.map(|n| n.to_string()).unwrap_or_default(),
                d.id.as_deref().unwrap_or(""),
                d.date.as_deref().unwrap_or(""),
                pages,
                d.title
            );
            for w in &d.warnings {
                let _ = writeln!(out, "         ! {w}");
            }
        }
        for w in &self.warnings {
            let _ = writeln!(out, "Warning: {w}");
        }
        out
    }
}
