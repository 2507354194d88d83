//! The view's own actions: scrolling, filters, folds, footnotes, notices. They need the
//! document and the note set only to read.

use super::{FLASH_SECONDS, View};
use crate::core::document::Document;
use crate::core::study::note_set::NoteSet;
use crate::ui::action::ViewAction;

impl View {
    /// Carries out an action that changes only what is on screen (`now`: egui seconds).
    pub(super) fn apply(
        &mut self,
        action: ViewAction,
        document: &Document,
        set: &NoteSet,
        now: f64,
    ) {
        match action {
            ViewAction::ScrollTo(offset) => self.reader.scroll_to(offset),
            ViewAction::ScrollToInContext(offset) => self.reader.scroll_to_in_context(offset),
            ViewAction::SelectFound(range) => {
                self.reader.selection = Some(crate::ui::panels::reader::Selection::of(range));
                self.reader.caret = Some(range.end);
                self.reader.scroll_to_in_context(range.start);
            }
            ViewAction::ShowProposal(id) => {
                if let Some(anchor) = set.proposal(id) {
                    let range = anchor.range();
                    self.reader.selection = Some(crate::ui::panels::reader::Selection::of(range));
                    self.reader.scroll_to_in_context(range.start);
                }
            }
            ViewAction::ToggleFilterTopic(id) => {
                if !self.filter.topics.remove(&id) {
                    self.filter.topics.insert(id);
                }
                self.unfolded.clear();
            }
            ViewAction::ToggleFilterFamily(parent) => {
                let family: Vec<_> = set
                    .topics()
                    .iter()
                    .filter(|t| t.is_within(&parent))
                    .map(|t| t.id)
                    .collect();
                if family.iter().all(|id| self.filter.topics.contains(id)) {
                    for id in &family {
                        self.filter.topics.remove(id);
                    }
                } else {
                    self.filter.topics.extend(family);
                }
                self.unfolded.clear();
            }
            ViewAction::SetFilterMode(mode) => {
                self.filter.mode = mode;
                self.unfolded.clear();
            }
            ViewAction::SetShowUntagged(on) => {
                self.filter.show_untagged = on;
                self.unfolded.clear();
            }
            ViewAction::SetFoldUnmatched(on) => {
                self.fold_unmatched = on;
                self.unfolded.clear();
            }
            ViewAction::ClearFilter => {
                self.filter.clear();
                self.unfolded.clear();
            }
            ViewAction::Unfold(block) => {
                let run = self.folds.run(block);
                self.unfolded.extend(run);
            }
            ViewAction::GoToFootnoteCall(number) => {
                self.outline.selected_footnote = Some(number);
                if let Some(call) = document.footnote_refs().iter().find(|r| r.number == number) {
                    self.reader.scroll_to_in_context(call.offset);
                    let until = now + FLASH_SECONDS;
                    self.reader.flash = Some((call.offset, until));
                }
            }
            ViewAction::DismissNotice(index) => {
                // A stale index (the notice already gone) does nothing.
                if index < self.notices.len() {
                    self.notices.remove(index);
                }
            }
        }
    }
}
