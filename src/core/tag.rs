//! Tagging every hit of a search at once: the hits of a phrase or a regular expression
//! in the documents of a study (whole words, case and accents as asked), each widened to
//! whole words or to its sentence if asked, made into highlights with a topic — or, where
//! a highlight of that very range exists, given the topic — as one edit, undone in one
//! step.

use crate::core::document::Document;
use crate::core::document::search::{Folded, SearchOptions};
use crate::core::document::sentences;
use crate::core::study::anchor::{Anchor, snap_to_words};
use crate::core::study::edit::{Edit, EditError};
use crate::core::study::highlight::Highlight;
use crate::core::study::note_set::NoteSet;
use crate::core::study::source::SourceId;
use crate::core::study::topic::{TopicId, next_color};
use crate::core::text::{ByteOffset, CharOffset, CharRange};
use crate::core::time::Timestamp;

/// What to look for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pattern {
    pub text: String,
    /// `text` is a regular expression (the `regex` crate's syntax).
    pub regex: bool,
    /// Only hits that are whole words: no letter or digit just before or after, nor an
    /// apostrophe inside a word ("don’t"); a possessive ("Khrushchev’s") and a hyphen
    /// ("U.S.-Soviet") end one.
    pub whole_word: bool,
    pub case_sensitive: bool,
    /// `é` matches `e` (phrases only).
    pub ignore_diacritics: bool,
}

/// How much of the text around a hit the highlight takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Extent {
    /// The hit as found.
    #[default]
    Hit,
    /// Whole words.
    Words,
    /// The sentence it stands in (within its paragraph).
    Sentence,
}

/// Why a search could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TagError {
    #[error("there is nothing to look for")]
    Empty,
    #[error("not a regular expression: {0}")]
    Regex(String),
    #[error("accents can be ignored in a phrase, not in a regular expression")]
    AccentsWithRegex,
    #[error(
        "more than {} hits: too many to tag at once; look for something narrower",
        crate::core::numbers::grouped(MAX_HITS)
    )]
    TooMany,
}

/// The most hits tagged at once. A pattern that matches more (`.` matches every letter)
/// is refused rather than made into millions of highlights.
pub const MAX_HITS: usize = 50_000;

/// The hits of `pattern` in `doc`, in order, widened by `extent`; overlapping results
/// (two hits in one sentence) are kept once.
pub fn find_hits(
    doc: &Document,
    pattern: &Pattern,
    extent: Extent,
) -> Result<Vec<CharRange>, TagError> {
    Matcher::new(pattern)?.find(doc, extent)
}

/// A pattern made ready once for any number of documents (a regular expression is
/// compiled once, not per document).
pub struct Matcher<'p> {
    pattern: &'p Pattern,
    text: &'p str,
    regex: Option<regex::Regex>,
}

impl<'p> Matcher<'p> {
    pub fn new(pattern: &'p Pattern) -> Result<Self, TagError> {
        let text = pattern.text.trim();
        if text.is_empty() {
            return Err(TagError::Empty);
        }
        let regex = if pattern.regex {
            if pattern.ignore_diacritics {
                return Err(TagError::AccentsWithRegex);
            }
            let regex = regex::RegexBuilder::new(text)
                .case_insensitive(!pattern.case_sensitive)
                .size_limit(1 << 22)
                .build()
                .map_err(|e| TagError::Regex(e.to_string()))?;
            Some(regex)
        } else {
            None
        };
        Ok(Matcher {
            pattern,
            text,
            regex,
        })
    }

    /// The hits in `doc`, as [`find_hits`] gives them.
    pub fn find(&self, doc: &Document, extent: Extent) -> Result<Vec<CharRange>, TagError> {
        let pattern = self.pattern;
        let hits: Vec<CharRange> = match &self.regex {
            Some(regex) => regex
                .find_iter(doc.text())
                .filter(|m| !m.is_empty())
                .take(MAX_HITS + 1)
                .map(|m| {
                    CharRange::new(
                        doc.char_of(ByteOffset(m.start())),
                        doc.char_of(ByteOffset(m.end())),
                    )
                })
                .collect(),
            None => {
                let options = SearchOptions {
                    ignore_diacritics: pattern.ignore_diacritics,
                    case_sensitive: pattern.case_sensitive,
                };
                Folded::new(doc.text(), options).find(self.text)
            }
        };
        if hits.len() > MAX_HITS {
            return Err(TagError::TooMany);
        }
        Ok(finish(doc, pattern, hits, extent))
    }
}

/// Raw hits kept to whole words if asked, widened by `extent`, overlaps kept once.
fn finish(
    doc: &Document,
    pattern: &Pattern,
    mut hits: Vec<CharRange>,
    extent: Extent,
) -> Vec<CharRange> {
    if pattern.whole_word {
        hits.retain(|r| !word_goes_on_before(doc, r.start) && !word_goes_on_after(doc, r.end));
    }
    let mut widened: Vec<CharRange> = hits.into_iter().map(|r| widen(doc, r, extent)).collect();
    widened.retain(|r| !r.is_empty());
    widened.dedup_by(|b, a| b.start < a.end);
    widened
}

/// The character at `o`, if any.
fn char_at(doc: &Document, o: CharOffset) -> Option<char> {
    (o < doc.end())
        .then(|| doc.slice(CharRange::new(o, o + 1)).chars().next())
        .flatten()
}

/// True when the word at `start` goes on before it: a letter, digit or apostrophe
/// inside a word ("d’Estaing") stands just before. A hyphen ("U.S.-Soviet") or a quotation
/// mark does not.
fn word_goes_on_before(doc: &Document, start: CharOffset) -> bool {
    if start.index() == 0 {
        return false;
    }
    match char_at(doc, start - 1) {
        Some(c) if c.is_alphanumeric() => true,
        Some('\'' | '’') => {
            start.index() >= 2 && char_at(doc, start - 2).is_some_and(char::is_alphanumeric)
        }
        _ => false,
    }
}

/// True when the word ending at `end` goes on after it: a letter or digit, or an
/// apostrophe inside a word ("don’t"). A possessive ("Khrushchev’s", "Khrushchev's"), a
/// hyphen ("U.S.-Soviet") or a closing quotation mark ends it.
fn word_goes_on_after(doc: &Document, end: CharOffset) -> bool {
    match char_at(doc, end) {
        Some(c) if c.is_alphanumeric() => true,
        Some('\'' | '’') => {
            let next = char_at(doc, end + 1);
            let possessive = matches!(next, Some('s' | 'S'))
                && !char_at(doc, end + 2).is_some_and(char::is_alphanumeric);
            next.is_some_and(char::is_alphanumeric) && !possessive
        }
        _ => false,
    }
}

/// `range` widened by `extent`.
pub fn widen(doc: &Document, range: CharRange, extent: Extent) -> CharRange {
    match extent {
        Extent::Hit => range,
        Extent::Words => snap_to_words(doc, range),
        Extent::Sentence => sentence_of(doc, range),
    }
}

/// The sentence (or sentences) `range` stands in, within its paragraph, as
/// [`sentences::ends_at`] cuts it ("U.S.", "Mr." and "No. 5" do not end one).
fn sentence_of(doc: &Document, range: CharRange) -> CharRange {
    let Some(block) = doc
        .block_index_at(range.start)
        .map(|i| doc.blocks()[i].range)
    else {
        return range;
    };
    let chars: Vec<char> = doc.slice(block).chars().collect();
    let local = |o: CharOffset| {
        o.index()
            .saturating_sub(block.start.index())
            .min(chars.len())
    };
    let closing = |c: char| matches!(c, '”' | '"' | '’' | ')' | ']');
    // The last sentence end before the range, and the closing marks that go with it.
    let mut start = local(range.start);
    while start > 0 && !sentences::ends_at(&chars, start - 1) {
        start -= 1;
    }
    while start < chars.len()
        && (chars[start].is_whitespace()
            || (start > 0 && closing(chars[start]) && !chars[start - 1].is_whitespace()))
    {
        start += 1;
    }
    let mut end = local(range.end).max(start);
    while end < chars.len() && !sentences::ends_at(&chars, end.saturating_sub(1).max(start)) {
        end += 1;
    }
    // Keep a closing quotation mark with its sentence.
    while end < chars.len() && closing(chars[end]) {
        end += 1;
    }
    CharRange::new(block.start + start, (block.start + end).min(block.end))
}

/// What tagging will do.
#[derive(Debug, Clone, PartialEq)]
pub struct TagPlan {
    /// The one edit that does it all; `None` when there is nothing to do.
    pub edit: Option<Edit>,
    /// New highlights it makes.
    pub created: usize,
    /// Existing highlights of the same range that get the topic.
    pub extended: usize,
    /// Hits whose highlight has the topic already.
    pub unchanged: usize,
}

/// The topic named `name` in `set` (spaces around it aside), made with the next free
/// colour when there is none: its id, and the edit that made it, already applied to
/// `set` (`None` when the topic was there). Tag all hits and `marginalia tag` both take
/// their topic this way.
pub fn topic_named(set: &mut NoteSet, name: &str) -> Result<(TopicId, Option<Edit>), EditError> {
    if let Some(t) = set.topic_by_name(name.trim()) {
        return Ok((t.id, None));
    }
    let (edit, id) = Edit::create_topic(set, name, next_color(set.topics()))?;
    edit.clone().apply(set)?;
    Ok((id, Some(edit)))
}

/// The edit that tags `hits` (each a range of a document) with `topic`: a new highlight
/// per hit, or the topic added to a highlight of exactly that range. Documents new to the
/// study are recorded in the same edit. Its name says what it does ("Tag 37 hits with
/// Linkage").
pub fn plan(
    set: &NoteSet,
    hits: &[(&Document, CharRange)],
    topic: TopicId,
    now: Timestamp,
) -> TagPlan {
    let topic_name = set
        .topic(topic)
        .map_or_else(|| "a topic".to_string(), |t| t.name.clone());
    let mut edits = Vec::new();
    let mut scratch = set.clone();
    let (mut created, mut extended, mut unchanged) = (0, 0, 0);
    // Each document's source, looked up (or recorded) once: the lookup reads every
    // source of the study, and a volume's hits come many to a document.
    let mut sources: std::collections::HashMap<*const Document, SourceId> =
        std::collections::HashMap::new();
    // The study's documents by their text, as `source_of` finds them first.
    let mut by_text: std::collections::HashMap<String, SourceId> = std::collections::HashMap::new();
    for r in scratch.sources() {
        by_text.entry(r.fingerprint.clone()).or_insert(r.id);
    }
    for (doc, range) in hits {
        if range.is_empty() {
            continue;
        }
        let key: *const Document = *doc;
        let source = match sources.get(&key) {
            Some(source) => *source,
            None => {
                let source = match by_text.get(&doc.fingerprint()) {
                    Some(source) => *source,
                    None => {
                        let (source, add) = Edit::source_for(&scratch, doc);
                        if let Some(add) = add
                            && add.clone().apply(&mut scratch).is_ok()
                        {
                            edits.push(add);
                        }
                        by_text.entry(doc.fingerprint()).or_insert(source);
                        source
                    }
                };
                sources.insert(key, source);
                source
            }
        };
        let existing = scratch
            .highlights_overlapping(source, *range)
            .find(|h| h.range() == *range)
            .map(|h| (h.id, h.topics.clone()));
        let edit = match existing {
            Some((_, topics)) if topics.contains(&topic) => {
                unchanged += 1;
                continue;
            }
            Some((id, mut topics)) => {
                extended += 1;
                topics.push(topic);
                Edit::SetTopics {
                    highlight: id,
                    topics,
                    modified: now,
                }
            }
            None => {
                created += 1;
                let highlight = Highlight::new(source, Anchor::new(doc, *range), vec![topic], now);
                Edit::InsertHighlight(Box::new(highlight))
            }
        };
        if edit.clone().apply(&mut scratch).is_ok() {
            edits.push(edit);
        }
    }
    let tagged = created + extended;
    let edit = (tagged > 0).then(|| Edit::Batch {
        label: format!(
            "Tag {tagged} hit{} with {topic_name}",
            if tagged == 1 { "" } else { "s" }
        )
        .into(),
        edits,
    });
    TagPlan {
        edit,
        created,
        extended,
        unchanged,
    }
}

/// The hits of `pattern` in every document of `docs`, for [`plan`].
pub fn find_in<'a>(
    docs: impl IntoIterator<Item = (SourceId, &'a Document)>,
    pattern: &Pattern,
    extent: Extent,
) -> Result<Vec<(SourceId, &'a Document, CharRange)>, TagError> {
    let matcher = Matcher::new(pattern)?;
    let mut out = Vec::new();
    for (id, doc) in docs {
        for range in matcher.find(doc, extent)? {
            out.push((id, doc, range));
        }
        if out.len() > MAX_HITS {
            return Err(TagError::TooMany);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(doc: &Document, hits: &[CharRange]) -> Vec<String> {
        hits.iter().map(|r| doc.slice(*r).to_string()).collect()
    }

    #[test]
    fn phrases_regexes_words_and_sentences() {
        let doc = Document::seed();
        let phrase = |text: &str| Pattern {
            text: text.into(),
            ..Default::default()
        };
        let hits = find_hits(&doc, &phrase("neutron weapons"), Extent::Hit).unwrap();
        assert_eq!(hits.len(), 2);
        assert!(
            texts(&doc, &hits)
                .iter()
                .all(|t| t.eq_ignore_ascii_case("neutron weapons"))
        );
        // Whole words: "arm" is inside "arms" everywhere.
        let arm = Pattern {
            whole_word: true,
            ..phrase("arm")
        };
        assert!(find_hits(&doc, &arm, Extent::Hit).unwrap().is_empty());
        assert!(
            !find_hits(&doc, &phrase("arm"), Extent::Hit)
                .unwrap()
                .is_empty()
        );
        // Words: a hit inside a word takes the word.
        let words = find_hits(&doc, &phrase("eutro"), Extent::Words).unwrap();
        assert!(
            texts(&doc, &words)
                .iter()
                .all(|t| t.eq_ignore_ascii_case("neutron"))
        );
        // Sentence: from its start to its full stop.
        let sentence = find_hits(&doc, &phrase("mutual refusal"), Extent::Sentence).unwrap();
        let first = doc.slice(sentence[0]);
        assert!(first.starts_with("We confirm our proposal"), "{first}");
        assert!(first.ends_with('.'), "{first}");
        // Regular expressions, case-insensitive unless asked.
        let re = Pattern {
            regex: true,
            ..phrase(r"\bsalt\b|strategic offensive arms")
        };
        let found = find_hits(&doc, &re, Extent::Hit).unwrap();
        assert!(!found.is_empty());
        let bad = Pattern {
            regex: true,
            ..phrase("(unclosed")
        };
        assert!(matches!(
            find_hits(&doc, &bad, Extent::Hit),
            Err(TagError::Regex(_))
        ));
        assert_eq!(
            find_hits(&doc, &phrase("  "), Extent::Hit),
            Err(TagError::Empty)
        );
    }

    #[test]
    fn one_edit_tags_every_hit_and_one_undo_takes_it_back() {
        let doc = Document::seed();
        let mut set = NoteSet::new();
        let (edit, topic) =
            Edit::create_topic(&set, "Arms", crate::core::study::topic::PALETTE[0]).unwrap();
        edit.apply(&mut set).unwrap();
        // One of the hits is highlighted already, without the topic.
        let hits = find_hits(
            &doc,
            &Pattern {
                text: "neutron".into(),
                ..Default::default()
            },
            Extent::Hit,
        )
        .unwrap();
        let (edit, _) = Edit::create_highlight(&set, &doc, hits[0], vec![], Timestamp(1)).unwrap();
        edit.apply(&mut set).unwrap();
        let before = set.clone();
        let pairs: Vec<(&Document, CharRange)> = hits.iter().map(|r| (&doc, *r)).collect();
        let plan = plan(&set, &pairs, topic, Timestamp(2));
        assert_eq!(
            (plan.created, plan.extended, plan.unchanged),
            (hits.len() - 1, 1, 0)
        );
        let edit = plan.edit.unwrap();
        assert_eq!(edit.label(), format!("Tag {} hits with Arms", hits.len()));
        let undo = edit.apply(&mut set).unwrap();
        assert_eq!(set.highlights().len(), hits.len());
        assert!(set.highlights().iter().all(|h| h.topics == [topic]));
        undo.apply(&mut set).unwrap();
        assert_eq!(set, before);
        // Tagging again changes nothing.
        let mut tagged = before.clone();
        plan_apply(&mut tagged, &pairs, topic);
        let again = super::plan(&tagged, &pairs, topic, Timestamp(3));
        assert_eq!((again.edit.is_none(), again.unchanged), (true, hits.len()));
    }

    fn plan_apply(set: &mut NoteSet, pairs: &[(&Document, CharRange)], topic: TopicId) {
        if let Some(edit) = plan(set, pairs, topic, Timestamp(2)).edit {
            edit.apply(set).unwrap();
        }
    }

    #[test]
    fn a_pattern_with_more_hits_than_can_be_tagged_is_refused() {
        // Every letter of a text longer than the limit.
        let doc = Document::from_text(&"ab ".repeat(MAX_HITS), "long.txt");
        let every = Pattern {
            text: "[a-z]".into(),
            regex: true,
            ..Default::default()
        };
        assert_eq!(find_hits(&doc, &every, Extent::Hit), Err(TagError::TooMany));
        let phrase = Pattern {
            text: "a".into(),
            ..Default::default()
        };
        // Exactly the limit is taken; across documents the limit is on the sum.
        assert_eq!(
            find_hits(&doc, &phrase, Extent::Hit).unwrap().len(),
            MAX_HITS
        );
        let docs = [(SourceId(1), &doc), (SourceId(2), &doc)];
        assert_eq!(
            find_in(docs, &phrase, Extent::Hit).map(|h| h.len()),
            Err(TagError::TooMany)
        );
        assert!(TagError::TooMany.to_string().contains("50,000"));
    }

    #[test]
    fn a_topic_is_found_by_its_name_or_made_once() {
        let mut set = NoteSet::new();
        let (made, edit) = topic_named(&mut set, "  Arms control ").unwrap();
        assert_eq!(
            set.topic(made).map(|t| t.name.as_str()),
            Some("Arms control")
        );
        let edit = edit.expect("a new topic is an edit");
        // Found again, by its name, with nothing to make.
        assert_eq!(topic_named(&mut set, "Arms control").unwrap(), (made, None));
        assert_eq!(set.topics().len(), 1);
        // The edit made it, so its inverse takes it away.
        let mut undone = set.clone();
        let inverse = edit.apply(&mut NoteSet::new()).unwrap();
        inverse.apply(&mut undone).unwrap();
        assert!(undone.topics().is_empty());
        // A name no topic may have is refused, and nothing is made.
        assert!(topic_named(&mut set, "   ").is_err());
        assert_eq!(set.topics().len(), 1);
    }
}
