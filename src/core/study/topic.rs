//! Topics (codes, tags): named, coloured, optionally nested with `/` (`Arms control/SALT`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A topic's identity: a UUID v7, so topics made on two machines never collide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TopicId(pub uuid::Uuid);

impl TopicId {
    /// A new, time-ordered id.
    pub fn new() -> Self {
        TopicId(uuid::Uuid::now_v7())
    }
}

impl Default for TopicId {
    fn default() -> Self {
        Self::new()
    }
}

/// The separator of nested topic names.
pub const PATH_SEPARATOR: char = '/';

/// An sRGB colour, written `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color(pub [u8; 3]);

impl Color {
    /// Parses `#rrggbb` (the `#` may be left out).
    pub fn parse(text: &str) -> Option<Color> {
        let hex = text.strip_prefix('#').unwrap_or(text);
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Color([byte(0)?, byte(2)?, byte(4)?]))
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

impl Serialize for Color {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Color::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("expected a colour like #e69f00, found {text:?}"))
        })
    }
}

/// Colours that stay distinguishable from one another, also for the common forms of
/// colour blindness (mostly the Okabe–Ito set, then softer hues), and from the blue of a
/// text selection (so no blues), in the order new topics take them. `ui::theme` tests the
/// distances as the colours are drawn.
pub const PALETTE: [Color; 12] = [
    Color([0xe6, 0x9f, 0x00]), // orange
    Color([0x00, 0x9e, 0x73]), // bluish green
    Color([0xcc, 0x79, 0xa7]), // reddish purple
    Color([0xf0, 0xe4, 0x42]), // yellow
    Color([0xa6, 0x76, 0x1d]), // brown
    Color([0xe7, 0x29, 0x8a]), // magenta
    Color([0x8d, 0xd3, 0xc7]), // teal
    Color([0xd5, 0x5e, 0x00]), // vermilion
    Color([0x94, 0x67, 0xbd]), // purple
    Color([0xb3, 0xde, 0x69]), // lime
    Color([0xfb, 0x80, 0x72]), // salmon
    Color([0x99, 0x99, 0x99]), // grey
];

/// Topics in tree order, as the Topics tab lists them: each parent followed by the
/// topics nested below it, levels by name without case.
pub fn tree_order(topics: &[Topic]) -> Vec<&Topic> {
    let mut sorted: Vec<&Topic> = topics.iter().collect();
    // Sorting the level lists keeps every parent right before its children.
    // Each key made once, not at every comparison (a study may have 100,000 topics).
    sorted.sort_by_cached_key(|t| t.name.split('/').map(str::to_lowercase).collect::<Vec<_>>());
    sorted
}

/// The topics keys 1–9 apply, in key order: the first nine made (a set keeps its topics
/// in the order they were made). A topic keeps its key when others are added, whatever
/// their names; only deleting or merging an earlier one moves it up.
pub fn keyed(topics: &[Topic]) -> impl Iterator<Item = (u8, &Topic)> {
    topics.iter().take(9).zip(1u8..).map(|(t, n)| (n, t))
}

/// The key (1–9) that applies `id`, if it has one.
pub fn key_of(topics: &[Topic], id: TopicId) -> Option<u8> {
    keyed(topics).find(|(_, t)| t.id == id).map(|(n, _)| n)
}

/// A topic that highlights can be tagged with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub id: TopicId,
    /// The full name, with `/` between levels of nesting.
    pub name: String,
    pub color: Color,
}

impl Topic {
    /// A new topic with a fresh id.
    pub fn new(name: &str, color: Color) -> Self {
        Topic {
            id: TopicId::new(),
            name: normalize_name(name),
            color,
        }
    }

    /// The last level of the name (`SALT` for `Arms control/SALT`).
    pub fn leaf_name(&self) -> &str {
        self.name
            .rsplit(PATH_SEPARATOR)
            .next()
            .unwrap_or(&self.name)
    }

    /// How deeply the topic is nested (0 for a top-level topic).
    pub fn depth(&self) -> usize {
        self.name.matches(PATH_SEPARATOR).count()
    }

    /// True when this topic is `ancestor` or nested anywhere below it.
    pub fn is_within(&self, ancestor: &str) -> bool {
        self.name == ancestor
            || (self.name.starts_with(ancestor)
                && self.name[ancestor.len()..].starts_with(PATH_SEPARATOR))
    }
}

/// Tidies a typed topic name: trims each level and drops empty levels
/// (` Arms control // SALT ` → `Arms control/SALT`).
pub fn normalize_name(name: &str) -> String {
    name.split(PATH_SEPARATOR)
        .map(str::trim)
        .filter(|level| !level.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

/// The first palette colour not used by `topics`, or the least used one.
pub fn next_color(topics: &[Topic]) -> Color {
    PALETTE
        .iter()
        .copied()
        .min_by_key(|c| topics.iter().filter(|t| t.color == *c).count())
        .unwrap_or(PALETTE[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_nest_and_normalize() {
        let t = Topic::new(" Arms control // SALT ", PALETTE[0]);
        assert_eq!(t.name, "Arms control/SALT");
        assert_eq!(t.leaf_name(), "SALT");
        assert_eq!(t.depth(), 1);
        assert!(t.is_within("Arms control"));
        assert!(t.is_within("Arms control/SALT"));
        assert!(!t.is_within("Arms"));
        assert!(!t.is_within("Arms control/SALT II"));
    }

    #[test]
    fn colours_parse_and_print() {
        assert_eq!(Color::parse("#e69f00"), Some(PALETTE[0]));
        assert_eq!(PALETTE[0].to_string(), "#e69f00");
        assert_eq!(Color::parse("e69f00"), Some(PALETTE[0]));
        assert_eq!(Color::parse("#e69f0"), None);
        assert_eq!(Color::parse("#é69f00"), None);
    }

    #[test]
    fn new_topics_take_unused_colours_first() {
        let a = Topic::new("A", PALETTE[0]);
        let b = Topic::new("B", PALETTE[1]);
        assert_eq!(next_color(&[a, b]), PALETTE[2]);
        assert_eq!(next_color(&[]), PALETTE[0]);
    }

    #[test]
    fn tree_order_puts_children_after_their_parent() {
        let topics: Vec<Topic> = [
            "SALT talks",
            "Arms control/SALT",
            "Middle East",
            "Arms control",
            "arms control/Neutron",
        ]
        .iter()
        .map(|n| Topic::new(n, PALETTE[0]))
        .collect();
        let names: Vec<&str> = tree_order(&topics)
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "Arms control",
                "arms control/Neutron",
                "Arms control/SALT",
                "Middle East",
                "SALT talks"
            ]
        );
    }
}
