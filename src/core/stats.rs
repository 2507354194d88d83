//! The numbers of a study, for the Overview and `marginalia stats`: how often each topic
//! is used (and how much text it covers), when (per month of its documents' dates, or per
//! document where there are none), where (per document), and with what (topics used
//! together: on one highlight, or in one paragraph).

use crate::core::dates::{DateRange, is_calendar_date};
use crate::core::library::Library;
use crate::core::study::highlight::Highlight;
use crate::core::study::note_set::NoteSet;
use crate::core::study::source::SourceId;
use crate::core::study::topic::{TopicId, tree_order};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Which highlights count: those of some documents, of documents dated in a range.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Only these documents (`None`: all).
    pub sources: Option<BTreeSet<SourceId>>,
    /// Only documents dated in this range (`1978-02..1978-03` takes all of March); a
    /// document without a date is left out once either end is set.
    pub dates: DateRange,
}

impl Selection {
    /// Whether highlights of source `id` count.
    pub fn takes(&self, set: &NoteSet, id: SourceId) -> bool {
        if self.sources.as_ref().is_some_and(|s| !s.contains(&id)) {
            return false;
        }
        self.dates
            .contains(set.source(id).and_then(|r| r.date.as_deref()))
    }

    /// The highlights of `set` that count.
    pub fn highlights<'a>(&self, set: &'a NoteSet) -> impl Iterator<Item = &'a Highlight> {
        let taken: HashMap<SourceId, bool> = (set.sources().iter())
            .map(|r| (r.id, self.takes(set, r.id)))
            .collect();
        set.highlights()
            .iter()
            .filter(move |h| taken.get(&h.source).copied().unwrap_or(false))
    }
}

/// One topic's line of the frequency table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicRow {
    pub name: String,
    /// Levels of nesting above it (0 for a topic at the top).
    pub depth: usize,
    /// Highlights with this topic itself.
    pub count: usize,
    /// Highlights with it or a topic nested below it, each once.
    pub total: usize,
    /// Characters of those highlights (`total`'s), overlaps counted once per highlight.
    pub chars: usize,
    /// `chars` as a share of all highlighted characters counted (0–1).
    pub share: f64,
    /// The topic; `None` for a level of nesting that is no topic of its own
    /// ("Arms control" of "Arms control/SALT"), whose counts are its children's.
    #[serde(skip)]
    pub id: Option<TopicId>,
}

/// Every topic, in tree order (parents before the topics nested below them), with its
/// counts over the highlights `selection` takes. A level of nesting that is no topic of
/// its own gets a row too, with its children's counts.
pub fn topic_frequencies(set: &NoteSet, selection: &Selection) -> Vec<TopicRow> {
    let highlights: Vec<&Highlight> = selection.highlights(set).collect();
    let all_chars: usize = highlights.iter().map(|h| h.range().len()).sum();
    // Every name and every level above it, in tree order.
    // A map from name to its place keeps this linear in the number of topics.
    let mut names: Vec<(String, Option<TopicId>)> = Vec::new();
    let mut placed: HashMap<String, usize> = HashMap::new();
    for t in tree_order(set.topics()) {
        let levels: Vec<&str> = t.name.split('/').collect();
        for depth in 1..levels.len() {
            let parent = levels[..depth].join("/");
            if !placed.contains_key(&parent) {
                placed.insert(parent.clone(), names.len());
                names.push((parent, None));
            }
        }
        match placed.get(&t.name) {
            Some(&at) => names[at].1 = Some(t.id),
            None => {
                placed.insert(t.name.clone(), names.len());
                names.push((t.name.clone(), Some(t.id)));
            }
        }
    }
    names.sort_by_cached_key(|(n, _)| n.split('/').map(str::to_lowercase).collect::<Vec<_>>());
    // For each topic, the rows it counts in: its own and every level above it.
    let row_of: HashMap<&str, usize> = (names.iter().enumerate())
        .map(|(i, (n, _))| (n.as_str(), i))
        .collect();
    let rows_of: HashMap<TopicId, Vec<usize>> = (set.topics().iter())
        .map(|t| {
            let levels: Vec<&str> = t.name.split('/').collect();
            let rows = (1..=levels.len())
                .filter_map(|depth| row_of.get(levels[..depth].join("/").as_str()).copied())
                .collect();
            (t.id, rows)
        })
        .collect();
    let own_row: HashMap<TopicId, usize> = (names.iter().enumerate())
        .filter_map(|(i, (_, id))| id.map(|id| (id, i)))
        .collect();
    let rows = names.len();
    let (mut count, mut total, mut chars) =
        (vec![0usize; rows], vec![0usize; rows], vec![0usize; rows]);
    let mut touched: Vec<usize> = Vec::new();
    for h in &highlights {
        touched.clear();
        for t in &h.topics {
            if let Some(&row) = own_row.get(t) {
                count[row] += 1;
            }
            touched.extend(rows_of.get(t).into_iter().flatten().copied());
        }
        // A highlight counts once in a row, however many of its topics lie below it.
        touched.sort_unstable();
        touched.dedup();
        for &row in &touched {
            total[row] += 1;
            chars[row] += h.range().len();
        }
    }
    names
        .into_iter()
        .enumerate()
        .map(|(i, (name, id))| TopicRow {
            depth: name.matches('/').count(),
            name,
            count: count[i],
            total: total[i],
            chars: chars[i],
            share: if all_chars == 0 {
                0.0
            } else {
                chars[i] as f64 / all_chars as f64
            },
            id,
        })
        .collect()
}

/// True when some topic is nested below `name`.
pub fn has_nested(rows: &[TopicRow], name: &str) -> bool {
    let prefix = format!("{name}/");
    rows.iter().any(|r| r.name.starts_with(&prefix))
}

/// The rows the Overview's Topics chart lists: the top level, and below it the nested topics of
/// every parent opened (all of them with `all`).
pub fn shown_rows<'a>(
    rows: &'a [TopicRow],
    all: bool,
    expanded: &std::collections::BTreeSet<String>,
) -> Vec<&'a TopicRow> {
    rows.iter()
        .filter(|r| {
            if all || r.depth == 0 {
                return true;
            }
            // Every level above it is open: "A" and "A/B" for "A/B/C".
            let parts: Vec<&str> = r.name.split('/').collect();
            (1..parts.len()).all(|i| expanded.contains(&parts[..i].join("/")))
        })
        .collect()
}

/// Highlights per topic per period: by month of the documents' dates, or, when no
/// document of the study has a date, by document in reading order (by number).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverTime {
    /// `month` (periods are `1978-02`; `undated` gathers documents without a date) or
    /// `document` (periods are the documents' labels).
    pub by: &'static str,
    pub periods: Vec<String>,
    /// Topic names, in tree order.
    pub topics: Vec<String>,
    /// `counts[p][t]`: highlights of period `p` with topic `t` itself.
    pub counts: Vec<Vec<usize>>,
    #[serde(skip)]
    pub topic_ids: Vec<TopicId>,
    /// The documents of each period.
    #[serde(skip)]
    pub period_sources: Vec<BTreeSet<SourceId>>,
}

/// The label of a study with no dates: `84 · Title`.
fn document_label(set: &NoteSet, id: SourceId) -> String {
    set.source(id)
        .map_or_else(|| format!("#{id}"), |r| r.label())
}

/// Highlights per topic per month (or per document), over what `selection` takes.
pub fn over_time(set: &NoteSet, selection: &Selection) -> OverTime {
    let topics = tree_order(set.topics());
    // A date that is not a calendar date (`1978-13`) counts as none.
    let date_of = |r: &crate::core::study::source::SourceRecord| {
        r.date.clone().filter(|d| is_calendar_date(d))
    };
    let dated = set.sources().iter().any(|r| date_of(r).is_some());
    let period_of = |id: SourceId| -> String {
        if dated {
            set.source(id)
                .and_then(date_of)
                .map_or_else(|| "undated".to_string(), |d| d.chars().take(7).collect())
        } else {
            document_label(set, id)
        }
    };
    let mut periods: Vec<String> = Vec::new();
    let mut period_sources: Vec<BTreeSet<SourceId>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    // Documents in reading order: by number where there are no dates.
    let mut order: Vec<(String, SourceId)> = (set.reading_order().into_iter())
        .filter(|&id| selection.takes(set, id))
        .map(|id| (period_of(id), id))
        .collect();
    if dated {
        // Months in order, the undated last.
        order.sort_by(|a, b| (a.0 == "undated", &a.0).cmp(&(b.0 == "undated", &b.0)));
    }
    for (period, id) in order {
        let at = *index.entry(period.clone()).or_insert_with(|| {
            periods.push(period.clone());
            period_sources.push(BTreeSet::new());
            periods.len() - 1
        });
        period_sources[at].insert(id);
    }
    let source_period: HashMap<SourceId, usize> = (period_sources.iter().enumerate())
        .flat_map(|(p, ids)| ids.iter().map(move |id| (*id, p)))
        .collect();
    let topic_index: HashMap<TopicId, usize> =
        topics.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let mut counts = vec![vec![0; topics.len()]; periods.len()];
    for h in selection.highlights(set) {
        let Some(&p) = source_period.get(&h.source) else {
            continue;
        };
        for t in &h.topics {
            if let Some(&i) = topic_index.get(t) {
                counts[p][i] += 1;
            }
        }
    }
    OverTime {
        by: if dated { "month" } else { "document" },
        periods,
        topics: topics.iter().map(|t| t.name.clone()).collect(),
        topic_ids: topics.iter().map(|t| t.id).collect(),
        counts,
        period_sources,
    }
}

/// Highlights per document per topic (itself), over what `selection` takes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BySource {
    pub documents: Vec<String>,
    pub topics: Vec<String>,
    /// `counts[d][t]`.
    pub counts: Vec<Vec<usize>>,
    /// Highlights of each document, with or without topics.
    pub totals: Vec<usize>,
}

pub fn by_source(set: &NoteSet, selection: &Selection) -> BySource {
    let topics = tree_order(set.topics());
    let topic_index: HashMap<TopicId, usize> =
        topics.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let sources: Vec<SourceId> = (set.reading_order().into_iter())
        .filter(|&id| selection.takes(set, id))
        .collect();
    let mut counts = vec![vec![0; topics.len()]; sources.len()];
    let mut totals = vec![0; sources.len()];
    for (d, id) in sources.iter().enumerate() {
        for h in set.highlights_in(*id) {
            totals[d] += 1;
            for t in &h.topics {
                if let Some(&i) = topic_index.get(t) {
                    counts[d][i] += 1;
                }
            }
        }
    }
    BySource {
        documents: sources.iter().map(|id| document_label(set, *id)).collect(),
        topics: topics.iter().map(|t| t.name.clone()).collect(),
        counts,
        totals,
    }
}

/// How topics are counted together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Together {
    /// Highlights tagged with both.
    #[default]
    SameHighlight,
    /// Paragraphs in which both topics have a highlight (on one highlight or two).
    SameParagraph,
}

/// Topics × topics: `cell(i, j)` counts highlights with both `i` and `j` (or, in the
/// paragraph mode, paragraphs where both are); the diagonal is each topic's own count.
/// Only the pairs that occur are kept: a study of 12,500 topics has a table of 156
/// million cells, nearly all of them empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Cooccurrence {
    pub mode: Together,
    pub topics: Vec<String>,
    pub topic_ids: Vec<TopicId>,
    /// `(i, j)` → count, for the pairs that occur, both ways round.
    pairs: HashMap<(u32, u32), usize>,
}

/// Topics up to which the table is written out in full as CSV; past it, as pairs.
pub const MAX_TABLE_TOPICS: usize = 1_000;

impl Cooccurrence {
    /// The count of the cell at row `i`, column `j`.
    pub fn cell(&self, i: usize, j: usize) -> usize {
        match (u32::try_from(i), u32::try_from(j)) {
            (Ok(i), Ok(j)) => self.pairs.get(&(i, j)).copied().unwrap_or(0),
            _ => 0,
        }
    }

    /// Row `i` in full (for tables small enough to show).
    pub fn row(&self, i: usize) -> Vec<usize> {
        (0..self.topics.len()).map(|j| self.cell(i, j)).collect()
    }

    /// The pairs that occur, each once (`i ≤ j`), by row then column.
    pub fn pairs(&self) -> Vec<(usize, usize, usize)> {
        let mut out: Vec<(usize, usize, usize)> = (self.pairs.iter())
            .filter(|((i, j), _)| i <= j)
            .map(|(&(i, j), &n)| (i as usize, j as usize, n))
            .collect();
        out.sort_unstable();
        out
    }

    /// The largest count off the diagonal (for shading), at least 1.
    pub fn most_off_diagonal(&self) -> usize {
        (self.pairs.iter())
            .filter(|((i, j), _)| i != j)
            .map(|(_, &n)| n)
            .max()
            .unwrap_or(0)
            .max(1)
    }
}

/// As JSON: the topics, and the pairs that occur as `[row, column, count]` (each once,
/// row ≤ column), so the size follows the pairs, not the square of the topics.
impl Serialize for Cooccurrence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Cooccurrence", 3)?;
        out.serialize_field("mode", &self.mode)?;
        out.serialize_field("topics", &self.topics)?;
        out.serialize_field("pairs", &self.pairs())?;
        out.end()
    }
}

/// The co-occurrence of topics (each topic itself, not its nested ones) over what
/// `selection` takes. The paragraph mode needs each document's text (`library`); a
/// document whose text is not at hand counts only highlights that carry both.
pub fn cooccurrence(
    set: &NoteSet,
    selection: &Selection,
    mode: Together,
    library: &Library,
) -> Cooccurrence {
    let topics = tree_order(set.topics());
    let index: HashMap<TopicId, usize> =
        topics.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let mut pairs: HashMap<(u32, u32), usize> = HashMap::new();
    let mut add = |present: &BTreeSet<usize>| {
        for &i in present {
            for &j in present {
                *pairs.entry((i as u32, j as u32)).or_insert(0) += 1;
            }
        }
    };
    match mode {
        Together::SameHighlight => {
            for h in selection.highlights(set) {
                let present: BTreeSet<usize> = h
                    .topics
                    .iter()
                    .filter_map(|t| index.get(t).copied())
                    .collect();
                add(&present);
            }
        }
        Together::SameParagraph => {
            // Per document and paragraph, the topics present.
            let mut paragraphs: BTreeMap<(SourceId, usize), BTreeSet<usize>> = BTreeMap::new();
            let mut unit = 0usize;
            for h in selection.highlights(set) {
                let present = h.topics.iter().filter_map(|t| index.get(t).copied());
                match library.document(h.source) {
                    Some(doc) => {
                        let first = doc.block_index_at(h.anchor.start).unwrap_or(0);
                        let last = doc
                            .block_index_at(h.anchor.end - 1)
                            .unwrap_or(first)
                            .max(first);
                        let topics: Vec<usize> = present.collect();
                        for block in first..=last {
                            paragraphs
                                .entry((h.source, block))
                                .or_default()
                                .extend(topics.iter().copied());
                        }
                    }
                    None => {
                        // Without the text, the highlight is a paragraph of its own.
                        unit += 1;
                        paragraphs
                            .entry((h.source, usize::MAX - unit))
                            .or_default()
                            .extend(present);
                    }
                }
            }
            for present in paragraphs.values() {
                add(present);
            }
        }
    }
    Cooccurrence {
        mode,
        topics: topics.iter().map(|t| t.name.clone()).collect(),
        topic_ids: topics.iter().map(|t| t.id).collect(),
        pairs,
    }
}

/// The highlights a co-occurrence cell counts in the same-highlight mode: those with
/// both topics (one topic, on the diagonal), over what `selection` takes.
pub fn with_both<'a>(
    set: &'a NoteSet,
    selection: &Selection,
    a: TopicId,
    b: TopicId,
) -> Vec<&'a Highlight> {
    selection
        .highlights(set)
        .filter(|h| h.topics.contains(&a) && h.topics.contains(&b))
        .collect()
}

/// The highlights a co-occurrence cell counts in the paragraph mode: those of topic `a`
/// or `b` that lie in a paragraph where both topics have a highlight.
pub fn in_shared_paragraphs<'a>(
    set: &'a NoteSet,
    selection: &Selection,
    a: TopicId,
    b: TopicId,
    library: &Library,
) -> Vec<&'a Highlight> {
    let blocks_of = |h: &Highlight| -> Vec<(SourceId, usize)> {
        match library.document(h.source) {
            Some(doc) => {
                let first = doc.block_index_at(h.anchor.start).unwrap_or(0);
                let last = doc
                    .block_index_at(h.anchor.end - 1)
                    .unwrap_or(first)
                    .max(first);
                (first..=last).map(|b| (h.source, b)).collect()
            }
            None => Vec::new(),
        }
    };
    let candidates: Vec<&Highlight> = selection
        .highlights(set)
        .filter(|h| h.topics.contains(&a) || h.topics.contains(&b))
        .collect();
    let mut with_a: BTreeSet<(SourceId, usize)> = BTreeSet::new();
    let mut with_b: BTreeSet<(SourceId, usize)> = BTreeSet::new();
    for h in &candidates {
        for block in blocks_of(h) {
            if h.topics.contains(&a) {
                with_a.insert(block);
            }
            if h.topics.contains(&b) {
                with_b.insert(block);
            }
        }
    }
    candidates
        .into_iter()
        .filter(|h| {
            blocks_of(h)
                .iter()
                .any(|block| with_a.contains(block) && with_b.contains(block))
                || (h.topics.contains(&a) && h.topics.contains(&b))
        })
        .collect()
}

/// A table as CSV: a header, then one row per line (RFC 4180 quoting; cells that a
/// spreadsheet would run as formulas defused).
pub fn csv_table(header: &[String], rows: &[Vec<String>]) -> String {
    let cell = |c: &str| {
        let c = crate::core::export::csv::defuse(c);
        if c.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", c.replace('"', "\"\""))
        } else {
            c
        }
    };
    let mut out = String::new();
    for row in std::iter::once(header.to_vec()).chain(rows.iter().cloned()) {
        let line: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// A table of counts as CSV: `corner,COLUMN…`, then each row's label and its counts.
fn counts_csv(
    corner: &str,
    columns: &[String],
    labels: &[String],
    counts: &[Vec<usize>],
) -> String {
    let header: Vec<String> = std::iter::once(corner.to_string())
        .chain(columns.iter().cloned())
        .collect();
    let rows: Vec<Vec<String>> = (labels.iter().zip(counts))
        .map(|(label, row)| {
            std::iter::once(label.clone())
                .chain(row.iter().map(|n| n.to_string()))
                .collect()
        })
        .collect();
    csv_table(&header, &rows)
}

impl OverTime {
    /// `period,TOPIC…` then a row per period.
    pub fn to_csv(&self) -> String {
        counts_csv(self.by, &self.topics, &self.periods, &self.counts)
    }
}

impl BySource {
    /// `document,total,TOPIC…` then a row per document.
    pub fn to_csv(&self) -> String {
        let header: Vec<String> = ["document".to_string(), "highlights".to_string()]
            .into_iter()
            .chain(self.topics.iter().cloned())
            .collect();
        let rows: Vec<Vec<String>> = (self.documents.iter().zip(&self.counts).zip(&self.totals))
            .map(|((d, row), total)| {
                [d.clone(), total.to_string()]
                    .into_iter()
                    .chain(row.iter().map(|n| n.to_string()))
                    .collect()
            })
            .collect();
        csv_table(&header, &rows)
    }
}

impl Cooccurrence {
    /// `topic,TOPIC…` then a row per topic.
    pub fn to_csv(&self) -> String {
        if self.topics.len() > MAX_TABLE_TOPICS {
            return self.pairs_csv();
        }
        let cells: Vec<Vec<usize>> = (0..self.topics.len()).map(|i| self.row(i)).collect();
        counts_csv("topic", &self.topics, &self.topics, &cells)
    }

    /// `topic,with,count`: a row for each pair of topics that occurs (a topic with itself
    /// for its own count).
    pub fn pairs_csv(&self) -> String {
        let header = ["topic", "with", "count"].map(String::from);
        let rows: Vec<Vec<String>> = (self.pairs().into_iter())
            .map(|(i, j, n)| {
                vec![
                    self.topics[i].clone(),
                    self.topics[j].clone(),
                    n.to_string(),
                ]
            })
            .collect();
        csv_table(&header, &rows)
    }
}

/// The frequency table as CSV.
pub fn frequencies_csv(rows: &[TopicRow]) -> String {
    let header: Vec<String> = [
        "topic",
        "depth",
        "highlights",
        "with_nested",
        "characters",
        "share",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.name.clone(),
                r.depth.to_string(),
                r.count.to_string(),
                r.total.to_string(),
                r.chars.to_string(),
                format!("{:.4}", r.share),
            ]
        })
        .collect();
    csv_table(&header, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str) -> TopicRow {
        TopicRow {
            name: name.to_string(),
            depth: name.matches('/').count(),
            count: 0,
            total: 0,
            chars: 0,
            share: 0.0,
            id: None,
        }
    }

    #[test]
    fn parents_open_one_by_one_and_their_nested_topics_show() {
        let rows: Vec<TopicRow> = ["Arms", "Arms/SALT", "Arms/SALT/Cruise", "Arms/MBFR", "Horn"]
            .into_iter()
            .map(row)
            .collect();
        let names = |shown: Vec<&TopicRow>| -> Vec<String> {
            shown.into_iter().map(|r| r.name.clone()).collect()
        };
        let mut open = BTreeSet::new();
        assert_eq!(names(shown_rows(&rows, false, &open)), ["Arms", "Horn"]);
        open.insert("Arms".to_string());
        assert_eq!(
            names(shown_rows(&rows, false, &open)),
            ["Arms", "Arms/SALT", "Arms/MBFR", "Horn"]
        );
        // A grandchild shows only when its parent is open too.
        open.insert("Arms/SALT".to_string());
        assert_eq!(shown_rows(&rows, false, &open).len(), 5);
        open.remove("Arms");
        assert_eq!(names(shown_rows(&rows, false, &open)), ["Arms", "Horn"]);
        // "All" lists everything.
        assert_eq!(shown_rows(&rows, true, &BTreeSet::new()).len(), 5);
        assert!(has_nested(&rows, "Arms") && has_nested(&rows, "Arms/SALT"));
        assert!(!has_nested(&rows, "Horn") && !has_nested(&rows, "Arm"));
    }
}
