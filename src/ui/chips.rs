//! Small coloured labels for topics, shared by the lists and the filter bar.

use crate::core::topic::Topic;
use crate::ui::reader_marks::topic_color;
use egui::{RichText, Ui};

/// A non-interactive topic chip.
pub fn topic_chip_ui(ui: &mut Ui, topic: &Topic) {
    let color = topic_color(topic.color);
    ui.label(
        RichText::new(topic.leaf_name())
            .small()
            .background_color(color.gamma_multiply(0.4)),
    )
    .on_hover_text(&topic.name);
}

/// A small square of a topic's colour.
pub fn swatch_ui(ui: &mut Ui, topic: &Topic) -> egui::Response {
    let size = egui::vec2(14.0, 14.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    ui.painter()
        .rect_filled(rect, 3.0, topic_color(topic.color));
    response
}
