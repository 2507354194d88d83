//! The study's documents in the window: showing one of them (a source of the study, or a
//! document of an open volume), going back and forward across such jumps, and taking a
//! document out of the study.

use super::MarginaliaApp;
use crate::core::document::Document;
use crate::core::source::Source;
use crate::core::study::edit::Edit;
use crate::core::study::source::SourceId;
use crate::core::time::Timestamp;
use crate::ui::action::DocRef;
use crate::ui::action::{Action, WorkspaceAction};
use std::path::PathBuf;
use std::sync::Arc;

impl MarginaliaApp {
    /// The source the open document is in the study: its record's id, or the id it will
    /// get when something is first added to it.
    pub fn current_source(&self) -> SourceId {
        self.workspace.current_source(self.study.set())
    }

    /// Keeps the open document in the library once the study has it as a source.
    pub(super) fn sync_library(&mut self) {
        self.workspace.sync_library(self.study.set());
    }

    /// The volumes at hand: the open one, and those the study's documents come from.
    pub fn volumes(&self) -> Vec<Arc<crate::core::tei::Volume>> {
        self.workspace.volumes()
    }

    /// Shows `doc` (unless it is open already); false when it cannot be found, which is
    /// said.
    pub(super) fn open_doc(&mut self, doc: &DocRef) -> bool {
        match self.workspace.resolve(doc) {
            Some(source) => {
                if source.document().fingerprint() != self.workspace.document().fingerprint()
                    || source.document().info().source != self.workspace.document().info().source
                {
                    self.open_source(source);
                }
                true
            }
            None => {
                let name = match doc {
                    DocRef::Source(id) => self
                        .study
                        .set()
                        .source(*id)
                        .map_or_else(|| format!("document {id}"), |r| r.label()),
                    DocRef::InVolume { index, .. } => format!("document {}", index + 1),
                    DocRef::Open => "the open document".to_string(),
                };
                self.notify(format!(
                    "The text of {name} is not open: it was not found when the study was opened. \
                     Open its file (Documents tab) to read it."
                ));
                false
            }
        }
    }

    /// Shows the document of highlight `id` and scrolls to it.
    pub(super) fn go_to_passage(&mut self, id: crate::core::study::highlight::HighlightId) {
        let Some(source) = self.study.set().highlight(id).map(|h| h.source) else {
            return;
        };
        if source != self.current_source() && !self.open_doc(&DocRef::Source(source)) {
            return;
        }
        if let Some(start) = self.study.set().highlight(id).map(|h| h.anchor.start) {
            self.panels.reader.scroll_to_in_context(start);
            self.study.seal();
            self.view.select_highlight(Some(id));
            // A folded paragraph opens when a highlight in it is asked for.
            if let Some(block) = self.workspace.document().block_index_at(start) {
                self.view.unfold_block(block);
            }
        }
    }

    /// Back (`forward` false) or Forward across documents shown.
    pub(super) fn step_history(&mut self, forward: bool) {
        let top = self.panels.reader.top_line_start;
        match self.workspace.step(self.study.set(), forward, top) {
            None => {}
            Some(Ok((shown, offset))) => {
                self.after_switch(shown);
                self.panels.reader.scroll_to(offset);
            }
            Some(Err(())) => self.notify("That document is no longer open.".into()),
        }
    }

    /// Adds files to the study: each text is recorded as a source (one undoable step for
    /// all), a volume is opened so its documents are a click away; the first file is shown.
    /// Files that cannot be read are named, the others added all the same.
    pub(super) fn add_paths(&mut self, ctx: &egui::Context, paths: &[PathBuf]) {
        use crate::core::library::Loaded;
        let mut edits = Vec::new();
        let mut shown = None;
        let mut failed = Vec::new();
        let mut set = self.study.set().clone();
        for path in paths {
            match crate::core::source::open_source(path, None, &Default::default()) {
                Ok(source) => {
                    if let Source::Text(doc) = &source {
                        let (id, add) = Edit::source_for(&set, doc);
                        if let Some(add) = add {
                            if add.clone().apply(&mut set).is_ok() {
                                edits.push(add);
                            }
                            self.workspace
                                .insert_text(id, Loaded::Text(Arc::new(doc.clone())));
                        }
                    }
                    shown.get_or_insert(source);
                }
                Err(e) => failed.push(format!("{}: {e}", path.display())),
            }
        }
        let added = edits.len();
        if added > 0 {
            self.edit(
                ctx,
                Edit::Batch {
                    label: "Add documents".into(),
                    edits,
                },
                None,
            );
        }
        if let Some(source) = shown {
            self.open_source(source);
        }
        if !failed.is_empty() {
            self.notify(format!("Not added: {}", failed.join("; ")));
        }
        if added > 0 {
            self.say(ctx, format!("Added {added} documents to the study"));
        }
    }

    /// Tags `hits` with `topic` (made in the same step when it is new), as one undoable
    /// edit named for what it does.
    pub(super) fn tag_hits(
        &mut self,
        ctx: &egui::Context,
        hits: &[(DocRef, crate::core::text::CharRange)],
        topic: crate::ui::action::TopicChoice,
    ) {
        use crate::ui::action::TopicChoice;
        // The texts of the hits, each document once.
        let mut sources: Vec<(DocRef, Source)> = Vec::new();
        for (doc, _) in hits {
            if !sources.iter().any(|(d, _)| d == doc)
                && let Some(source) = self.workspace.resolve(doc)
            {
                sources.push((doc.clone(), source));
            }
        }
        let pairs: Vec<(&Document, crate::core::text::CharRange)> = hits
            .iter()
            .filter_map(|(doc, range)| {
                let (_, source) = sources.iter().find(|(d, _)| d == doc)?;
                Some((source.document(), *range))
            })
            .collect();
        let mut scratch = self.study.set().clone();
        let mut edits = Vec::new();
        let topic = match topic {
            TopicChoice::Existing(id) => id,
            TopicChoice::New(name) => match crate::core::tag::topic_named(&mut scratch, &name) {
                Ok((id, made)) => {
                    edits.extend(made);
                    id
                }
                Err(e) => {
                    self.notify(format!("Tag all hits: {e}."));
                    return;
                }
            },
        };
        let plan = crate::core::tag::plan(&scratch, &pairs, topic, Timestamp::now());
        let Some(tagging) = plan.edit else {
            self.say(
                ctx,
                format!("Every hit has that topic already ({})", plan.unchanged),
            );
            return;
        };
        let label = tagging.label().to_string();
        edits.push(tagging);
        self.edit(
            ctx,
            Edit::Batch {
                label: label.clone().into(),
                edits,
            },
            None,
        );
        self.panels.tag_all.open = false;
        self.say(ctx, label);
    }

    /// Writes a chart's numbers into the note-sets folder (a new file, never over one) and
    /// says where.
    pub(super) fn save_chart_csv(&mut self, ctx: &egui::Context, name: &str, csv: &str) {
        let folder = self.session.saves_dir().to_path_buf();
        if let Err(e) = std::fs::create_dir_all(&folder) {
            self.notify(format!("Cannot make {}: {e}", folder.display()));
            return;
        }
        let path = crate::core::persist::free_path(&folder, name, "csv");
        match crate::core::persist::atomic::replace_atomic(&path, csv.as_bytes()) {
            Ok(()) => self.say(
                ctx,
                format!("The chart's numbers are in {}", path.display()),
            ),
            Err(e) => self.notify(format!("Cannot write {}: {e}", path.display())),
        }
    }

    /// Saves a picture of `rect` of the window (a chart) into the note-sets folder, from
    /// the next frame's screenshot; what came of it is said when it has been written.
    pub(super) fn save_chart_png(&mut self, ctx: &egui::Context, name: &str, rect: egui::Rect) {
        let folder = self.session.saves_dir().to_path_buf();
        if let Err(e) = std::fs::create_dir_all(&folder) {
            self.notify(format!("Cannot make {}: {e}", folder.display()));
            return;
        }
        let path = crate::core::persist::free_path(&folder, name, "png");
        let pixels_per_point = ctx.pixels_per_point();
        let outcome = self.runtime.pictures.clone();
        let repaint = ctx.clone();
        ctx.request_screenshot(move |image| {
            let message = match crop(&image, rect, pixels_per_point) {
                Some(chart) => crate::ui::system::screenshot::write_png(&path, &chart)
                    .map(|()| format!("The chart's picture is in {}", path.display())),
                None => Err("the chart was not on screen".to_string()),
            };
            if let Ok(mut list) = outcome.lock() {
                list.push(message);
            }
            repaint.request_repaint();
        });
        ctx.request_repaint();
    }

    /// Says what came of pictures asked for.
    pub(super) fn report_pictures(&mut self, ctx: &egui::Context) {
        let done: Vec<Result<String, String>> = match self.runtime.pictures.lock() {
            Ok(mut list) => list.drain(..).collect(),
            Err(_) => Vec::new(),
        };
        for outcome in done {
            match outcome {
                Ok(message) => self.say(ctx, message),
                Err(e) => self.notify(format!("The chart's picture was not saved: {e}")),
            }
        }
    }

    /// The document a footnote's "Document 76" links to: in the open document's own
    /// volume (a study's sources among them). A document of another volume with the same
    /// number is not the one a FRUS note means, so no other is linked. Looked up when
    /// asked: a volume of 100,000 documents is not listed every frame.
    pub(super) fn document_link(
        volume: Option<&crate::core::tei::Volume>,
        number: u32,
    ) -> Option<DocRef> {
        let volume = volume?;
        volume
            .index_of_number(number)
            .map(|index| DocRef::InVolume {
                volume: volume.source().to_string(),
                index,
            })
    }

    /// Where printed page `page` begins, for a note's "ante, p. 10": in the open
    /// document's volume, the first document that runs onto it (the open one itself when
    /// it is that one); without a volume, in the open document.
    pub(super) fn page_link(
        volume: Option<&crate::core::tei::Volume>,
        document: &Document,
        page: u32,
    ) -> Option<(DocRef, crate::core::text::CharOffset)> {
        if let Some(volume) = volume
            && let Some((index, at)) = volume.page_place(page)
        {
            let open = volume.documents()[index].info().source == document.info().source;
            let target = if open {
                DocRef::Open
            } else {
                DocRef::InVolume {
                    volume: volume.source().to_string(),
                    index,
                }
            };
            return Some((target, at));
        }
        document.arabic_page(page).map(|p| (DocRef::Open, p.offset))
    }

    /// The documents Find in study looks in: the study's sources whose text is open (in
    /// reading order, as Passages lists them), and the other documents of the open
    /// volumes.
    pub(super) fn searchable<'a>(
        set: &'a crate::core::study::note_set::NoteSet,
        library: &'a crate::core::library::Library,
        volumes: &'a [Arc<crate::core::tei::Volume>],
    ) -> Vec<crate::ui::panels::study_search::Searchable<'a>> {
        use crate::ui::panels::study_search::Searchable;
        let mut out: Vec<Searchable<'a>> = (set.reading_order().into_iter())
            .filter_map(|id| set.source(id))
            .filter_map(|r| {
                Some(Searchable {
                    doc: DocRef::Source(r.id),
                    label: r.label(),
                    text: library.document(r.id)?,
                })
            })
            .collect();
        let in_study: std::collections::HashSet<String> = set
            .sources()
            .iter()
            .map(|r| r.fingerprint.clone())
            .collect();
        for volume in volumes {
            for (index, d) in volume.documents().iter().enumerate() {
                if in_study.contains(&d.fingerprint()) {
                    continue;
                }
                let info = d.info();
                let label = match info.number {
                    Some(n) => format!("{n} · {}", info.title),
                    None => info.title.clone(),
                };
                out.push(Searchable {
                    doc: DocRef::InVolume {
                        volume: volume.source().to_string(),
                        index,
                    },
                    label,
                    text: d,
                });
            }
        }
        out
    }

    /// Takes source `id` and its highlights out of the study, as one step Undo takes
    /// back.
    pub(super) fn remove_source(&mut self, ctx: &egui::Context, id: SourceId) {
        self.view.ask_remove_source(None);
        let set = self.study.set();
        let mut edits: Vec<Edit> = (set.highlights_in(id).iter())
            .map(|h| Edit::RemoveHighlight(h.id))
            .collect();
        // Orphans are placed first so that they can be removed like any highlight.
        for orphan in set.orphans_in(id) {
            edits.push(Edit::PlaceOrphan {
                highlight: orphan.id,
                anchor: orphan.anchor.clone(),
            });
            edits.push(Edit::RemoveHighlight(orphan.id));
        }
        edits.push(Edit::RemoveSource(id));
        let label = set.source(id).map(|r| r.label()).unwrap_or_default();
        self.edit(
            ctx,
            Edit::Batch {
                label: "Remove document from study".into(),
                edits,
            },
            None,
        );
        if self.study.set().source(id).is_none() {
            self.workspace.remove_text(id);
            self.say(
                ctx,
                format!("Removed {label} from the study (Undo brings it back)"),
            );
        }
    }

    /// The question before a document with highlights leaves the study.
    pub(super) fn remove_source_ui(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(id) = self.view.source_to_remove() else {
            return actions;
        };
        let Some(record) = self.study.set().source(id) else {
            self.view.ask_remove_source(None);
            return actions;
        };
        let count = self.study.set().count_in(id);
        let mut open = true;
        egui::Window::new("Remove document from study?")
            .collapsible(false)
            .resizable(false)
            .open(&mut open)
            .show(ctx, |ui| {
                ui.label(record.label());
                ui.label(if count == 0 {
                    "It has no highlights.".to_string()
                } else {
                    format!(
                        "Its {count} highlight{} and its note will leave the study with it. Undo brings them back.",
                        if count == 1 { "" } else { "s" }
                    )
                });
                ui.horizontal(|ui| {
                    if ui.button("Remove").clicked() {
                        actions.push(Action::Workspace(WorkspaceAction::RemoveSource(id)));
                    }
                    if ui.button("Keep it").clicked() {
                        self.view.ask_remove_source(None);
                    }
                });
            });
        if !open {
            self.view.ask_remove_source(None);
        }
        actions
    }
}

/// The part of `image` (a screenshot) under `rect` (in points), or `None` when it lies
/// outside the picture.
fn crop(
    image: &egui::ColorImage,
    rect: egui::Rect,
    pixels_per_point: f32,
) -> Option<egui::ColorImage> {
    let [width, height] = image.size;
    let x0 = ((rect.left() * pixels_per_point).max(0.0) as usize).min(width);
    let y0 = ((rect.top() * pixels_per_point).max(0.0) as usize).min(height);
    let x1 = ((rect.right() * pixels_per_point).max(0.0) as usize).min(width);
    let y1 = ((rect.bottom() * pixels_per_point).max(0.0) as usize).min(height);
    (x1 > x0 && y1 > y0).then(|| image.region_by_pixels([x0, y0], [x1 - x0, y1 - y0]))
}
