//! What is open in the window: the document the reader shows, the TEI volume it came
//! from, the texts of the study's sources, where each document was left, and the jumps
//! between documents for Back and Forward. Its fields are private: the app changes what
//! is open only through these methods, which keep the five consistent.

use crate::core::document::Document;
use crate::core::library::{Library, Loaded};
use crate::core::source::Source;
use crate::core::study::note_set::NoteSet;
use crate::core::study::source::SourceId;
use crate::core::tei::Volume;
use crate::core::text::CharOffset;
use crate::ui::action::DocRef;
use std::collections::HashMap;
use std::sync::Arc;

/// See the module's description.
pub struct Workspace {
    /// The document being read.
    document: Document,
    /// The TEI volume the document was read from, when it came from one: its other
    /// documents are a click away.
    volume: Option<Arc<Volume>>,
    /// The texts of the study's sources (the open document among them once something is
    /// added to it), by source id.
    library: Library,
    /// Where each document read in this session was left (its top line), by its source
    /// path: switching back returns there.
    positions: HashMap<String, CharOffset>,
    /// Jumps between documents and places, for Back and Forward.
    jumps: Jumps,
}

/// A place in a document: its source path (`volume.xml#d84` for a volume's document) and
/// the top line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub document: String,
    pub offset: CharOffset,
}

/// Back and Forward across jumps (to another document, a passage, a page).
#[derive(Debug, Default)]
pub struct Jumps {
    pub back: Vec<Place>,
    pub forward: Vec<Place>,
}

/// What showing another document changed, for the view to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    /// The document came from a volume other than the one open before.
    pub new_volume: bool,
    /// Where the reader left this document last time, to return there.
    pub left_at: Option<CharOffset>,
}

impl Workspace {
    /// `document` open (from `volume`, when it is one of its documents), nothing else.
    pub fn new(document: Document, volume: Option<Arc<Volume>>) -> Self {
        Self {
            document,
            volume,
            library: Library::default(),
            positions: HashMap::new(),
            jumps: Jumps::default(),
        }
    }

    /// The document being read.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The volume the open document came from, if any.
    pub fn volume(&self) -> Option<&Arc<Volume>> {
        self.volume.as_ref()
    }

    /// The texts of the study's sources.
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// Back and Forward.
    pub fn jumps(&self) -> &Jumps {
        &self.jumps
    }

    /// The source the open document is in `set`: its record's id, or the id it will get
    /// when something is first added to it.
    pub fn current_source(&self, set: &NoteSet) -> SourceId {
        set.source_of(&self.document)
            .map_or_else(|| set.next_source_id(), |r| r.id)
    }

    /// The volumes at hand: the open one, and those the study's documents come from.
    pub fn volumes(&self) -> Vec<Arc<Volume>> {
        let mut out: Vec<Arc<Volume>> = self.volume.iter().cloned().collect();
        for v in self.library.volumes() {
            if !out.iter().any(|o| Arc::ptr_eq(o, &v)) {
                out.push(v);
            }
        }
        out
    }

    /// Shows `source`, leaving the open document at `top` (its top line) to come back to
    /// it there; a move to another document is a jump Back undoes.
    pub fn show(&mut self, source: Source, top: CharOffset) -> Shown {
        let (document, volume) = match source {
            Source::Text(doc) => (doc, None),
            Source::Volume { volume, index } => (volume.documents()[index].clone(), Some(volume)),
        };
        let here = Place {
            document: self.document.info().source.clone(),
            offset: top,
        };
        self.positions.insert(here.document.clone(), here.offset);
        let new_volume = match (&volume, &self.volume) {
            (Some(new), Some(old)) => !Arc::ptr_eq(new, old),
            (Some(_), None) => true,
            _ => false,
        };
        self.volume = volume;
        self.document = document;
        if here.document != self.document.info().source {
            self.jumps.back.push(here);
            self.jumps.forward.clear();
        }
        Shown {
            new_volume,
            left_at: self.positions.get(&self.document.info().source).copied(),
        }
    }

    /// Back (`forward` false) or Forward: the place to go to, found among the study's
    /// and the open volumes' documents, with the open one (at `top`) put on the other
    /// stack; with what showing it changed, and the top line to return to. `None` when
    /// there is nowhere to go; `Some(Err(()))` when the place's document is no longer
    /// open (it is then on the other stack, like a place visited).
    pub fn step(
        &mut self,
        set: &NoteSet,
        forward: bool,
        top: CharOffset,
    ) -> Option<Result<(Shown, CharOffset), ()>> {
        let (from, to) = if forward {
            (&mut self.jumps.forward, &mut self.jumps.back)
        } else {
            (&mut self.jumps.back, &mut self.jumps.forward)
        };
        let place = from.pop()?;
        to.push(Place {
            document: self.document.info().source.clone(),
            offset: top,
        });
        let found = (set.sources().iter())
            .map(|r| r.id)
            .find(|id| {
                self.library
                    .document(*id)
                    .is_some_and(|d| d.info().source == place.document)
            })
            .map(DocRef::Source)
            .or_else(|| {
                self.volumes().into_iter().find_map(|v| {
                    let index =
                        (v.documents().iter()).position(|d| d.info().source == place.document)?;
                    Some(DocRef::InVolume {
                        volume: v.source().to_string(),
                        index,
                    })
                })
            });
        let Some(doc) = found.and_then(|d| self.resolve(&d)) else {
            return Some(Err(()));
        };
        // Going back is not a new jump: the stacks are kept as they are.
        let (back, forward) = (
            std::mem::take(&mut self.jumps.back),
            std::mem::take(&mut self.jumps.forward),
        );
        let shown = self.show(doc, top);
        self.jumps.back = back;
        self.jumps.forward = forward;
        self.positions.insert(place.document, place.offset);
        Some(Ok((shown, place.offset)))
    }

    /// What `doc` names, as an opened file would give it.
    pub fn resolve(&self, doc: &DocRef) -> Option<Source> {
        match doc {
            DocRef::Open => {
                let open = &self.document;
                let in_volume = self.volume.as_ref().and_then(|v| {
                    let index = (v.documents().iter())
                        .position(|d| d.info().source == open.info().source)?;
                    Some(Source::Volume {
                        volume: v.clone(),
                        index,
                    })
                });
                Some(in_volume.unwrap_or_else(|| Source::Text(open.clone())))
            }
            DocRef::Source(id) => self.library.get(*id).map(|l| l.to_source()),
            DocRef::InVolume { volume, index } => self
                .volumes()
                .into_iter()
                .find(|v| v.source() == volume.as_str())
                .filter(|v| *index < v.documents().len())
                .map(|volume| Source::Volume {
                    volume,
                    index: *index,
                }),
        }
    }

    /// Document `index` of the open volume, when there is one that long.
    pub fn in_open_volume(&self, index: usize) -> Option<Source> {
        let volume = self.volume.as_ref()?;
        (index < volume.documents().len()).then(|| Source::Volume {
            volume: Arc::clone(volume),
            index,
        })
    }

    /// Keeps the open document in the library once `set` has it as a source.
    pub fn sync_library(&mut self, set: &NoteSet) {
        // A source whose text was taken as a plain copy of a document of the open volume
        // is that document of the volume: switching back to it keeps the volume's list.
        if let Some(volume) = self.volume.clone() {
            for id in set.sources().iter().map(|r| r.id) {
                let Some(Loaded::Text(doc)) = self.library.get(id) else {
                    continue;
                };
                if let Some(index) =
                    (volume.documents().iter()).position(|d| d.info().source == doc.info().source)
                {
                    self.library
                        .insert(id, Loaded::InVolume(volume.clone(), index));
                }
            }
        }
        let Some(id) = set.source_of(&self.document).map(|r| r.id) else {
            return;
        };
        if self.library.get(id).is_some() {
            return;
        }
        let in_volume = self.volume.as_ref().and_then(|v| {
            let key = self.document.info().id.as_deref()?;
            let index = v.index_of_id(key)?;
            Some(Loaded::InVolume(v.clone(), index))
        });
        let loaded = in_volume.unwrap_or_else(|| Loaded::Text(Arc::new(self.document.clone())));
        self.library.insert(id, loaded);
    }

    /// The texts of another study (opened, restored, or started anew) in place of these.
    pub fn replace_library(&mut self, library: Library) {
        self.library = library;
    }

    /// Keeps `loaded` as the text of source `id`.
    pub fn insert_text(&mut self, id: SourceId, loaded: Loaded) {
        self.library.insert(id, loaded);
    }

    /// Forgets the text of source `id` (taken out of the study).
    pub fn remove_text(&mut self, id: SourceId) {
        self.library.remove(id);
    }

    /// Fills what the open document's file left out (citation, address) from the
    /// study's record of it, when the record is of this very text.
    pub fn fill_missing_info(
        &mut self,
        fingerprint: &str,
        citation: Option<&str>,
        url: Option<&str>,
    ) {
        self.document.fill_missing_info(fingerprint, citation, url);
    }
}
