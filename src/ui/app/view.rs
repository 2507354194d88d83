//! The view's own state — the topic filter and its folds, which highlight is selected,
//! which tabs show, the notices and the status line — with private fields: it changes
//! only through [`View::apply`] and the methods below. The panels' own states live in
//! [`super::panel_states::PanelStates`], beside it.

use super::panel_states::PanelStates;
use super::{FLASH_SECONDS, LeftTab, Notice, SideTab};
use crate::core::document::Document;
use crate::core::study::filter::TopicFilter;
use crate::core::study::fold::FoldPlan;
use crate::core::study::highlight::HighlightId;
use crate::core::study::note_set::NoteSet;
use crate::core::study::source::SourceId;
use crate::core::study::topic::TopicId;
use crate::ui::action::ViewAction;
use std::collections::BTreeSet;

/// What is on screen and how, apart from the panels' own states.
pub struct View {
    filter: TopicFilter,
    /// Fold paragraphs without a matching highlight while a filter is active.
    fold_unmatched: bool,
    /// Folded stretches the user opened again (block indices); cleared with the filter.
    unfolded: BTreeSet<usize>,
    /// Which blocks are folded, derived from the above.
    folds: FoldPlan,
    /// What `folds` was computed from: the study's revision, the filter, folding on,
    /// how many stretches were opened.
    folds_for: Option<(u64, TopicFilter, bool, usize)>,
    selected_highlight: Option<HighlightId>,
    side_tab: SideTab,
    /// Which tab the left panel shows.
    left_tab: LeftTab,
    show_shortcuts: bool,
    notices: Vec<Notice>,
    /// A passing confirmation in the status bar ("Copied 19 characters") and when it goes.
    status: Option<(String, f64)>,
    /// A document the user asked to take out of the study, awaiting the answer.
    remove_source: Option<SourceId>,
}

impl View {
    /// The view of a document of `block_count` blocks as the window opens: nothing
    /// chosen, no filter, `notices` shown.
    pub(super) fn new(block_count: usize, notices: Vec<Notice>) -> Self {
        View {
            filter: TopicFilter::default(),
            fold_unmatched: false,
            unfolded: BTreeSet::new(),
            folds: FoldPlan::open(block_count),
            folds_for: None,
            selected_highlight: None,
            side_tab: SideTab::default(),
            left_tab: LeftTab::default(),
            show_shortcuts: false,
            notices,
            status: None,
            remove_source: None,
        }
    }

    /// The topic filter.
    pub fn filter(&self) -> &TopicFilter {
        &self.filter
    }

    /// Whether paragraphs without a matching highlight fold while a filter is active.
    pub fn fold_unmatched(&self) -> bool {
        self.fold_unmatched
    }

    /// Which blocks are folded (as of the last [`View::refresh_folds`]).
    pub fn folds(&self) -> &FoldPlan {
        &self.folds
    }

    /// The highlight selected in the list or the reader.
    pub fn selected_highlight(&self) -> Option<HighlightId> {
        self.selected_highlight
    }

    /// Selects a highlight, or none.
    pub fn select_highlight(&mut self, id: Option<HighlightId>) {
        self.selected_highlight = id;
    }

    /// Selects highlight `id` and shows it in the Highlights tab.
    pub fn show_highlight(&mut self, id: HighlightId) {
        self.selected_highlight = Some(id);
        self.side_tab = SideTab::Highlights;
    }

    /// Which tab the right-hand panel shows.
    pub fn side_tab(&self) -> SideTab {
        self.side_tab
    }

    /// Shows tab `tab` in the right-hand panel.
    pub fn show_side_tab(&mut self, tab: SideTab) {
        self.side_tab = tab;
    }

    /// Which tab the left-hand panel shows.
    pub fn left_tab(&self) -> LeftTab {
        self.left_tab
    }

    /// Shows tab `tab` in the left-hand panel.
    pub fn show_left_tab(&mut self, tab: LeftTab) {
        self.left_tab = tab;
    }

    /// Whether the keyboard shortcuts window is open.
    pub fn shows_shortcuts(&self) -> bool {
        self.show_shortcuts
    }

    /// Opens or closes the keyboard shortcuts window.
    pub fn set_show_shortcuts(&mut self, open: bool) {
        self.show_shortcuts = open;
    }

    /// The notices shown, oldest first.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// Shows a notice.
    pub fn notify(&mut self, notice: Notice) {
        self.notices.push(notice);
    }

    /// The passing confirmation in the status bar and when it goes (egui seconds).
    pub fn status(&self) -> Option<&(String, f64)> {
        self.status.as_ref()
    }

    /// Says `message` in the status bar until `until` (egui seconds).
    pub fn set_status(&mut self, message: String, until: f64) {
        self.status = Some((message, until));
    }

    /// Takes the status bar's confirmation away.
    pub fn clear_status(&mut self) {
        self.status = None;
    }

    /// The document the user asked to take out of the study, awaiting the answer.
    pub fn source_to_remove(&self) -> Option<SourceId> {
        self.remove_source
    }

    /// Asks (or stops asking, with `None`) whether to take a document out of the study.
    pub fn ask_remove_source(&mut self, id: Option<SourceId>) {
        self.remove_source = id;
    }

    /// Shows only the passages of `topic`: the filter holds that topic alone.
    pub fn filter_to(&mut self, topic: TopicId) {
        self.filter.clear();
        self.filter.topics.insert(topic);
        self.unfolded.clear();
    }

    /// No topic filter, nothing selected: a note set opened or started afresh.
    pub fn start_afresh(&mut self) {
        self.filter.clear();
        self.unfolded.clear();
        self.selected_highlight = None;
    }

    /// Another document is shown: nothing of the last one stays selected or folded.
    pub fn forget_document(&mut self) {
        self.selected_highlight = None;
        self.unfolded.clear();
        self.folds_for = None;
    }

    /// Opens the folded stretch that holds block `block`, when one does (a highlight in
    /// it was asked for).
    pub fn unfold_block(&mut self, block: usize) {
        self.unfolded.insert(block);
    }

    /// Recomputes which blocks fold, only when something it depends on changed
    /// (`revision`: the study's).
    pub(super) fn refresh_folds(
        &mut self,
        revision: u64,
        document: &Document,
        set: &NoteSet,
        source: SourceId,
    ) {
        let key = (
            revision,
            self.filter.clone(),
            self.fold_unmatched,
            self.unfolded.len(),
        );
        // (Switching documents clears `folds_for`, so a plan is never another's.)
        if self.folds_for.as_ref() == Some(&key) {
            return;
        }
        self.folds = if self.fold_unmatched && self.filter.is_active() {
            FoldPlan::new(document, set, source, &self.filter, &self.unfolded)
        } else {
            FoldPlan::open(document.blocks().len())
        };
        self.folds_for = Some(key);
    }

    /// Carries out an action that changes only what is on screen (`now`: egui seconds):
    /// this view's state, and the reader's and outline's places in `panels`.
    pub(super) fn apply(
        &mut self,
        action: ViewAction,
        panels: &mut PanelStates,
        document: &Document,
        set: &NoteSet,
        now: f64,
    ) {
        match action {
            ViewAction::ScrollTo(offset) => panels.reader.scroll_to(offset),
            ViewAction::ScrollToInContext(offset) => panels.reader.scroll_to_in_context(offset),
            ViewAction::SelectFound(range) => {
                panels.reader.selection = Some(crate::ui::panels::reader::Selection::of(range));
                panels.reader.caret = Some(range.end);
                panels.reader.scroll_to_in_context(range.start);
            }
            ViewAction::ShowProposal(id) => {
                if let Some(anchor) = set.proposal(id) {
                    let range = anchor.range();
                    panels.reader.selection = Some(crate::ui::panels::reader::Selection::of(range));
                    panels.reader.scroll_to_in_context(range.start);
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
                panels.outline.selected_footnote = Some(number);
                if let Some(call) = document.footnote_refs().iter().find(|r| r.number == number) {
                    panels.reader.scroll_to_in_context(call.offset);
                    let until = now + FLASH_SECONDS;
                    panels.reader.flash = Some((call.offset, until));
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
