//! Who the names of a volume are: the entries its persons and terms lists (and any other
//! element a name points at) give for each id.

use super::read::{is, name, plain_text, xml_id};
use crate::core::document::Identities;
use roxmltree::Node;
use std::collections::BTreeMap;

/// Persons (`div[@xml:id="persons"]`) and terms (`div[@xml:id="terms"]`): every named
/// element with an `xml:id` in an item, with the item's text as its entry; then any other
/// element a name points at by its `xml:id`, wherever in the volume it stands.
pub(super) fn identities(root: Node) -> Identities {
    let mut map = BTreeMap::new();
    for div in root
        .descendants()
        .filter(|n| is(*n, "div") && matches!(xml_id(*n), Some("persons" | "terms")))
    {
        for item in div.descendants().filter(|n| is(*n, "item")) {
            let Some(named) = item
                .descendants()
                .find(|n| n.is_element() && xml_id(*n).is_some() && !is(*n, "pb"))
            else {
                continue;
            };
            let Some(key) = xml_id(named) else { continue };
            let entry = plain_text(item);
            if !entry.is_empty() {
                map.insert(key.to_string(), entry);
            }
        }
    }
    // A name may point at an entry kept elsewhere (a list of persons in the front matter
    // under another heading, a term defined in a note): every key a name refers to that
    // is not resolved yet is looked for among all the volume's ids.
    let referred: std::collections::BTreeSet<String> = root
        .descendants()
        .filter(|n| n.is_element() && matches!(name(*n), "persName" | "gloss" | "placeName"))
        .filter_map(|n| {
            n.attribute("corresp")
                .or(n.attribute("target"))
                .or(n.attribute("ref"))
        })
        .map(|k| k.trim().trim_start_matches('#').to_string())
        .filter(|k| !k.is_empty() && !map.contains_key(k))
        .collect();
    if !referred.is_empty() {
        for node in root.descendants().filter(|n| n.is_element()) {
            let Some(id) = xml_id(node) else { continue };
            if !referred.contains(id) || map.contains_key(id) {
                continue;
            }
            // Not a page, a document or a part of the volume: only an entry.
            if matches!(
                name(node),
                "pb" | "div" | "body" | "text" | "front" | "back" | "TEI"
            ) {
                continue;
            }
            // The entry is the item, note or paragraph the named element stands in.
            let holder = node
                .ancestors()
                .find(|a| is(*a, "item") || is(*a, "note") || is(*a, "p"))
                .unwrap_or(node);
            let entry = plain_text(holder);
            if !entry.is_empty() {
                map.insert(id.to_string(), clip(&entry, MAX_ENTRY_CHARS));
            }
        }
    }
    Identities::new(map)
}

/// The longest entry kept for a name resolved outside the lists of persons and terms.
const MAX_ENTRY_CHARS: usize = 600;

/// `text` cut to `max` characters at a word, with "…".
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    match head.rfind(' ') {
        Some(space) if space > 0 => format!("{}…", &head[..space]),
        _ => format!("{head}…"),
    }
}
