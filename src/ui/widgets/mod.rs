//! Drawing shared by the panels: topic colours and marks, chips, the theme, fonts, panel
//! sizes, and the laid-out text kept between frames.

pub mod chips;
pub mod fonts;
pub mod frame_cache;
pub mod marks;
pub mod panel_sizes;
pub mod theme;
