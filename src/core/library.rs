//! The documents of a study at hand: for each source of a note set, its text (a text
//! file, or a document of a TEI volume, the volume kept once however many of its
//! documents the study reads), and the volumes opened, whose other documents can be
//! added.

use crate::core::document::Document;
use crate::core::source::Source;
use crate::core::study::source::SourceId;
use crate::core::tei::Volume;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One source's text.
#[derive(Debug, Clone)]
pub enum Loaded {
    Text(Arc<Document>),
    /// Document `index` of the volume.
    InVolume(Arc<Volume>, usize),
}

impl Loaded {
    /// The document.
    pub fn document(&self) -> &Document {
        match self {
            Loaded::Text(doc) => doc,
            Loaded::InVolume(volume, index) => &volume.documents()[*index],
        }
    }

    /// The volume it belongs to, if any.
    pub fn volume(&self) -> Option<&Arc<Volume>> {
        match self {
            Loaded::Text(_) => None,
            Loaded::InVolume(volume, _) => Some(volume),
        }
    }

    /// As an opened file would give it.
    pub fn to_source(&self) -> Source {
        match self {
            Loaded::Text(doc) => Source::Text(Document::clone(doc)),
            Loaded::InVolume(volume, index) => Source::Volume {
                volume: volume.clone(),
                index: *index,
            },
        }
    }

    /// What an opened file gives, kept.
    pub fn from_source(source: Source) -> Self {
        match source {
            Source::Text(doc) => Loaded::Text(Arc::new(doc)),
            Source::Volume { volume, index } => Loaded::InVolume(volume, index),
        }
    }
}

/// The texts of a study's sources, by source id.
#[derive(Debug, Clone, Default)]
pub struct Library {
    docs: BTreeMap<SourceId, Loaded>,
}

impl Library {
    /// No documents.
    pub fn new() -> Self {
        Self::default()
    }

    /// A library of one document, as source `id`.
    pub fn single(id: SourceId, doc: Document) -> Self {
        let mut library = Library::new();
        library.insert(id, Loaded::Text(Arc::new(doc)));
        library
    }

    pub fn insert(&mut self, id: SourceId, loaded: Loaded) {
        self.docs.insert(id, loaded);
    }

    pub fn remove(&mut self, id: SourceId) -> Option<Loaded> {
        self.docs.remove(&id)
    }

    /// The text of source `id`, when it was found.
    pub fn document(&self, id: SourceId) -> Option<&Document> {
        self.docs.get(&id).map(Loaded::document)
    }

    pub fn get(&self, id: SourceId) -> Option<&Loaded> {
        self.docs.get(&id)
    }

    /// Every source with its text, by id.
    pub fn iter(&self) -> impl Iterator<Item = (SourceId, &Document)> {
        self.docs.iter().map(|(id, l)| (*id, l.document()))
    }

    /// The map re-anchoring takes.
    pub fn documents(&self) -> BTreeMap<SourceId, &Document> {
        self.iter().collect()
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The volumes its documents come from, each once.
    pub fn volumes(&self) -> Vec<Arc<Volume>> {
        let mut out: Vec<Arc<Volume>> = Vec::new();
        for volume in self.docs.values().filter_map(Loaded::volume) {
            if !out.iter().any(|v| Arc::ptr_eq(v, volume)) {
                out.push(volume.clone());
            }
        }
        out
    }
}
