//! Each panel's state between frames, side by side. A state's type and the methods
//! that change it live with its panel (`ui/panels/`); the window hands each one, as
//! `&mut`, to its panel's function, and to the actions that concern that panel.

use crate::ui::panels::density::DensityState;
use crate::ui::panels::documents::DocumentsPanelState;
use crate::ui::panels::export_window::ExportWindow;
use crate::ui::panels::highlights::ListCache;
use crate::ui::panels::navigator::NavigatorState;
use crate::ui::panels::outline::OutlineState;
use crate::ui::panels::overview::OverviewState;
use crate::ui::panels::passages::PassagesState;
use crate::ui::panels::reader::ReaderState;
use crate::ui::panels::search_bar::SearchState;
use crate::ui::panels::study_search::StudySearchState;
use crate::ui::panels::tag_all::TagAllState;
use crate::ui::panels::topics::TopicsPanelState;
use crate::ui::widgets::panel_sizes::Side;

/// The state of every panel in the window.
pub struct PanelStates {
    /// The reader: where it is scrolled, the selection, the caret.
    pub reader: ReaderState,
    /// The left panel's Outline tab.
    pub outline: OutlineState,
    /// Find in the open document (Ctrl+F).
    pub search: SearchState,
    /// The Topics tab.
    pub topics: TopicsPanelState,
    /// The text in the Highlights tab's search field.
    pub list_query: String,
    /// The Highlights tab's rows, kept while nothing they show changed.
    pub list_cache: ListCache,
    /// The Export window.
    pub export: ExportWindow,
    /// The Documents tab: a typed path and the documents nearby.
    pub documents: DocumentsPanelState,
    /// The Documents tab's list of the study's and the open volumes' documents.
    pub navigator: NavigatorState,
    /// The Passages tab: the study's passages the filter shows.
    pub passages: PassagesState,
    /// Find in study.
    pub study_search: StudySearchState,
    /// Tag all hits.
    pub tag_all: TagAllState,
    /// The density strip beside the reader.
    pub density: DensityState,
    /// The Overview window.
    pub overview: OverviewState,
    /// The side panels: which strip the user opened, and where their inner edges were
    /// (to tell a drag of an edge from a click elsewhere).
    pub sides: SidePanels,
}

impl PanelStates {
    /// Every panel at its start; the reader at the top.
    pub(super) fn new() -> Self {
        PanelStates {
            reader: ReaderState::at_top(),
            outline: OutlineState::default(),
            search: SearchState::default(),
            topics: TopicsPanelState::default(),
            list_query: String::new(),
            list_cache: ListCache::default(),
            export: ExportWindow::default(),
            documents: DocumentsPanelState::default(),
            navigator: NavigatorState::default(),
            passages: PassagesState::default(),
            study_search: StudySearchState::default(),
            tag_all: TagAllState::default(),
            density: DensityState::default(),
            overview: OverviewState::default(),
            sides: SidePanels::default(),
        }
    }

    /// Another document is shown: the reader starts over at its top (or at `left_at`,
    /// where the user left it), the outline and Find start afresh.
    pub(super) fn show_document(&mut self, left_at: Option<crate::core::text::CharOffset>) {
        self.reader.reset();
        if let Some(offset) = left_at {
            self.reader.scroll_to(offset);
        }
        self.outline = OutlineState::default();
        self.search.close();
        self.navigator.reveal = true;
    }
}

/// See [`PanelStates::sides`].
#[derive(Debug, Default)]
pub struct SidePanels {
    /// The side whose folded strip the user opened (the other folds).
    pub unfold: Option<Side>,
    pub(super) left_edge: Option<f32>,
    pub(super) right_edge: Option<f32>,
}

impl SidePanels {
    /// Where the right panel began on the last frame it was open (its inner edge).
    pub fn right_edge(&self) -> Option<f32> {
        self.right_edge
    }

    /// Where the left panel ended on the last frame it was open (its inner edge).
    pub fn left_edge(&self) -> Option<f32> {
        self.left_edge
    }
}
