//! A topic's colour swatch, for the topic lists.

use crate::core::study::topic::Topic;
use crate::ui::widgets::marks::topic_color;
use egui::Ui;

/// A small square of a topic's colour.
pub fn swatch_ui(ui: &mut Ui, topic: &Topic) -> egui::Response {
    let size = egui::vec2(14.0, 14.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    ui.painter()
        .rect_filled(rect, 3.0, topic_color(topic.color));
    response
}
