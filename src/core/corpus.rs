//! A synthetic FRUS-like volume and a large note set over it, for benchmarks and tests at
//! scale. Deterministic for a seed; nothing large is committed.

use crate::core::document::Document;
use crate::core::study::anchor::Anchor;
use crate::core::study::highlight::{Highlight, HighlightId};
use crate::core::study::note_set::NoteSet;
use crate::core::study::source::{SourceId, SourceRecord};
use crate::core::study::topic::{PALETTE, Topic, TopicId};
use crate::core::text::{CharOffset, CharRange};
use crate::core::time::Timestamp;

/// A small, fast, seeded generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "Soviet",
    "United",
    "States",
    "Secretary",
    "President",
    "agreement",
    "negotiations",
    "strategic",
    "arms",
    "limitation",
    "position",
    "delegation",
    "Ambassador",
    "Minister",
    "question",
    "Moscow",
    "Washington",
    "would",
    "should",
    "détente",
    "relations",
    "policy",
    "proposal",
    "conference",
    "Geneva",
    "military",
    "forces",
    "Africa",
    "Ethiopia",
    "Somalia",
    "Middle",
    "East",
    "Egypt",
    "Israel",
    "Sadat",
    "Vance",
    "Brzezinski",
    "Dobrynin",
    "Gromyko",
    "Brezhnev",
    "Carter",
    "that",
    "this",
    "with",
    "for",
    "was",
    "not",
    "on",
    "by",
    "which",
    "understanding",
    "verification",
    "ceilings",
    "missiles",
    "bombers",
    "Backfire",
    "cruise",
    "Senate",
    "ratification",
    "memorandum",
    "conversation",
    "telegram",
    "meeting",
    "“linkage”",
    "reply",
    "letter",
    "weapons",
    "neutron",
];

/// A FRUS TEI volume for speed tests: `documents` documents of about `doc_chars`
/// characters each, in chapters of 25, with a page break about every 4,900 characters
/// (often inside a sentence, sometimes inside a word), six notes a document (one in the
/// heading), a dateline, a subject list and, in every fourth document, a table; persons and
/// terms lists in the front matter. 500 documents of 20,000 characters make about 10 MB.
pub fn tei_volume(documents: usize, doc_chars: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(documents * (doc_chars + 3_000) + 10_000);
    tei_front(&mut out);
    let mut pages = Pages {
        page: 1,
        since_break: 0,
    };
    out.push_str("<pb n=\"1\"/>\n");
    for d in 1..=documents {
        if d % 25 == 1 {
            if d > 1 {
                out.push_str("</div>\n");
            }
            out.push_str(&format!(
                "<div type=\"chapter\" xml:id=\"ch{}\"><head>Chapter {}</head>\n",
                d / 25 + 1,
                d / 25 + 1
            ));
        }
        let day = 1 + d % 28;
        let month = 1 + (d / 28) % 12;
        let date = format!("1978-{month:02}-{day:02}");
        let mut note = 0;
        out.push_str(&format!(
            "<div type=\"document\" n=\"{d}\" xml:id=\"d{d}\" subtype=\"historical-document\" frus:doc-dateTime-min=\"{date}T00:00:00-05:00\" frus:doc-dateTime-max=\"{date}T23:59:59-05:00\">\n<head>{d}. Memorandum From <persName corresp=\"#p_2\">Vance</persName> to President <persName corresp=\"#p_1\">Carter</persName>{}</head>\n",
            tei_note(&mut rng, d, &mut note)
        ));
        out.push_str(&format!(
            "<opener><dateline rendition=\"#right\"><placeName>Washington</placeName>, <date when=\"{date}\">1978</date></dateline></opener>\n<list type=\"subject\"><head>SUBJECT</head><item><gloss target=\"#t_SALT_1\">SALT</gloss> and other matters</item></list>\n"
        ));
        let mut written = 0;
        let mut paragraph = 0;
        while written < doc_chars {
            paragraph += 1;
            let with_note = paragraph % 3 == 0;
            written += tei_paragraph(&mut out, &mut rng, &mut pages, (d, &mut note), with_note);
            if paragraph == 4 && d % 4 == 0 {
                tei_table(&mut out, &mut rng);
            }
        }
        out.push_str("<closer><signed><persName corresp=\"#p_2\">Cyrus Vance</persName></signed></closer>\n</div>\n");
    }
    out.push_str("</div>\n</body></text></TEI>\n");
    out
}

/// The TEI volume's header and front matter (persons and terms).
fn tei_front(out: &mut String) {
    out.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xmlns:frus=\"http://history.state.gov/frus/ns/1.0\" xml:id=\"frus1977-80v99\">\n",
        "<teiHeader><fileDesc><titleStmt>\n",
        "<title type=\"series\">Foreign Relations of the United States</title>\n",
        "<title type=\"sub-series\">1977–1980</title>\n",
        "<title type=\"volume-number\">Volume XCIX</title>\n",
        "<title type=\"volume\">Synthetic Volume for Speed Tests</title>\n",
        "</titleStmt></fileDesc></teiHeader>\n<text><front><pb n=\"I\"/>\n",
        "<div type=\"section\" xml:id=\"persons\"><head>Persons</head><list>\n",
    ));
    let people = [
        "Brezhnev",
        "Carter",
        "Vance",
        "Gromyko",
        "Dobrynin",
        "Brzezinski",
    ];
    for (i, p) in people.iter().enumerate() {
        out.push_str(&format!(
            "<item><hi rend=\"strong\"><persName xml:id=\"p_{i}\">{p}</persName>,</hi> an official of the period</item>\n"
        ));
    }
    out.push_str("</list></div>\n<div type=\"section\" xml:id=\"terms\"><head>Abbreviations and Terms</head><list>\n<item><hi rend=\"strong\"><term xml:id=\"t_SALT_1\">SALT</term></hi>, Strategic Arms Limitation Talks</item>\n</list></div>\n</front>\n<body>\n");
}

/// The printed page the synthetic volume is on, and the characters since its last
/// break.
struct Pages {
    page: u32,
    since_break: usize,
}

/// Document `d`'s next footnote (`note` counts them).
fn tei_note(rng: &mut Rng, d: usize, note: &mut u32) -> String {
    *note += 1;
    let note = *note;
    format!(
        "<note n=\"{note}\" xml:id=\"d{d}fn{note}\">See Document {}, and <hi rend=\"italic\">Foreign Relations</hi>, vol. VI.</note>",
        rng.below(400) + 1
    )
}

/// A paragraph of document `d`, a page break about every 4,900 characters (a quarter of
/// them inside a word), and a footnote at its end when `with_note` and the document has
/// fewer than six; returns the characters of text written.
fn tei_paragraph(
    out: &mut String,
    rng: &mut Rng,
    pages: &mut Pages,
    (d, note): (usize, &mut u32),
    with_note: bool,
) -> usize {
    let mut written = 0;
    out.push_str("<p>");
    let words = 40 + rng.below(120);
    for w in 0..words {
        let word = WORDS[rng.below(WORDS.len())];
        pages.since_break += word.len() + 1;
        written += word.len() + 1;
        if pages.since_break > 4_900 {
            pages.since_break = 0;
            pages.page += 1;
            let page = pages.page;
            if rng.below(4) == 0 && word.len() > 5 {
                // Inside a word.
                let (a, b) = word.split_at(word.char_indices().nth(3).map_or(0, |(i, _)| i));
                out.push_str(&format!("{a}<pb n=\"{page}\"/>{b} "));
                continue;
            }
            out.push_str(&format!("<pb n=\"{page}\"/> "));
        }
        match word {
            "Vance" => out.push_str("<persName corresp=\"#p_2\">Vance</persName>"),
            "Brezhnev" => out.push_str("<persName corresp=\"#p_0\">Brezhnev</persName>"),
            _ => out.push_str(word),
        }
        if w + 1 == words {
            out.push('.');
            if *note < 6 && with_note {
                out.push_str(&tei_note(rng, d, note));
            }
        } else {
            out.push(' ');
        }
    }
    out.push_str("</p>\n");
    written
}

/// A table of forces with six rows of numbers.
fn tei_table(out: &mut String, rng: &mut Rng) {
    out.push_str("<table><head>Forces</head><row role=\"label\"><cell>System</cell><cell>U.S.</cell><cell>USSR</cell></row>");
    for r in 0..6 {
        out.push_str(&format!(
            "<row><cell>{}</cell><cell>{}</cell><cell>{}</cell></row>",
            WORDS[rng.below(WORDS.len())],
            100 + r * rng.below(50),
            200 + r * rng.below(90)
        ));
    }
    out.push_str("</table>\n");
}

/// A FRUS-like volume of about `chars` characters: numbered document headings, paragraphs
/// of realistic length, `[Page N]` markers about every 2,500 characters (often mid-sentence),
/// footnote references glued to words, and footnote lists.
pub fn volume_text(chars: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(chars + 4096);
    let mut page = 1u32;
    let mut since_page = 0usize;
    let mut number = 1;
    while out.len() < chars {
        let mut notes = Vec::new();
        out.push_str(&format!(
            "{number}. Memorandum of Conversation on Strategic Questions{}\n\n",
            {
                notes.push(format!(
                    "Source: Carter Library, Box {}, folder {}.",
                    rng.below(90) + 1,
                    rng.below(30) + 1
                ));
                notes.len()
            }
        ));
        for _ in 0..(4 + rng.below(10)) {
            let words = 40 + rng.below(160);
            let mut paragraph = String::new();
            for w in 0..words {
                if w > 0 {
                    paragraph.push(' ');
                }
                paragraph.push_str(WORDS[rng.below(WORDS.len())]);
                if rng.below(14) == 0 {
                    paragraph.push(if rng.below(3) == 0 { ';' } else { ',' });
                }
                since_page += 8;
                if since_page >= 2500 {
                    since_page = 0;
                    page += 1;
                    paragraph.push_str(&format!(" [Page {page}]"));
                }
            }
            paragraph.push('.');
            if rng.below(4) == 0 {
                notes.push(format!("See Document {}.", rng.below(400) + 1));
                paragraph.push_str(&notes.len().to_string());
            }
            out.push_str(&paragraph);
            out.push_str("\n\n");
        }
        for (i, note) in notes.iter().enumerate() {
            out.push_str(&format!("  {}. {note}\n", i + 1));
        }
        out.push('\n');
        number += 1;
    }
    out
}

/// `count` topics with ids from `first_id` on: "Theme 0", "Theme 1", …, every fifth nested
/// below the theme before it ("Theme 0/Sub 4" with `child` "Sub").
fn numbered_topics(count: usize, first_id: u128, child: &str) -> Vec<Topic> {
    (0..count)
        .map(|i| Topic {
            id: TopicId(uuid::Uuid::from_u128(first_id + i as u128)),
            name: if i % 5 == 4 {
                format!("Theme {}/{child} {i}", i / 5)
            } else {
                format!("Theme {i}")
            },
            color: PALETTE[i % PALETTE.len()],
        })
        .collect()
}

/// A note set of `count` highlights over `doc`: 30 topics (some nested), overlapping and
/// nested highlights, notes of varying length.
pub fn note_set(doc: &Document, count: usize, seed: u64) -> NoteSet {
    let mut rng = Rng::new(seed ^ 0xABCD);
    let topics = numbered_topics(30, 0x0190_0000_0000_7000_8000_0000_0000_0000, "Sub");
    let len = doc.char_len().max(2);
    let mut highlights = Vec::with_capacity(count);
    for i in 0..count {
        let start = rng.below(len - 1);
        let end = (start + 5 + rng.below(300)).min(len);
        let range = CharRange::new(CharOffset(start), CharOffset(end));
        let mut chosen: Vec<TopicId> = (0..rng.below(4))
            .map(|_| topics[rng.below(topics.len())].id)
            .collect();
        chosen.dedup();
        let note = match rng.below(4) {
            0 => String::new(),
            1 => "Short note.".into(),
            2 => "A longer note about what this passage shows and how it relates to the negotiations.".into(),
            _ => "Several lines.\nSecond line of the note.\nThird line.".into(),
        };
        highlights.push(Highlight {
            id: HighlightId(uuid::Uuid::from_u128(
                0x0190_0000_0000_7000_9000_0000_0000_0000 + i as u128,
            )),
            source: SourceId::FIRST,
            anchor: Anchor::new(doc, range),
            topics: chosen,
            note,
            created: Timestamp(1_700_000_000_000 + i as i64),
            modified: Timestamp(1_700_000_000_000 + i as i64),
        });
    }
    let source = SourceRecord::of(doc, SourceId::FIRST, None);
    NoteSet::from_parts(vec![source], topics, highlights, String::new(), Vec::new())
}

/// A study over `docs`: `count` highlights spread over the first `documents` of them
/// (every `docs.len() / documents`-th, so they span the volume), `topics` topics (one
/// level of nesting for every fifth), one to three topics a highlight, notes on a third.
/// Each source records `volume_hint` as its file and the document's id.
pub fn study_set(
    docs: &[Document],
    documents: usize,
    count: usize,
    topics: usize,
    volume_hint: &str,
    seed: u64,
) -> NoteSet {
    let mut rng = Rng::new(seed ^ 0x5EED);
    let topic_list = numbered_topics(topics, 0x0195_0000_0000_7000_8000_0000_0000_0000, "Aspect");
    let step = (docs.len() / documents.max(1)).max(1);
    let chosen: Vec<(SourceId, &Document)> = (docs.iter().step_by(step))
        .take(documents)
        .enumerate()
        .map(|(i, d)| (SourceId(i as u32 + 1), d))
        .collect();
    let sources: Vec<SourceRecord> = chosen
        .iter()
        .map(|(id, d)| SourceRecord::of(d, *id, Some(volume_hint.to_string())))
        .collect();
    let mut highlights = Vec::with_capacity(count);
    for i in 0..count {
        let (source, doc) = chosen[i % chosen.len().max(1)];
        let len = doc.char_len().max(2);
        let start = rng.below(len - 1);
        let end = (start + 8 + rng.below(220)).min(len);
        let range = CharRange::new(CharOffset(start), CharOffset(end));
        let mut on: Vec<TopicId> = (0..1 + rng.below(3))
            .map(|_| topic_list[rng.below(topic_list.len().max(1))].id)
            .collect();
        on.dedup();
        highlights.push(Highlight {
            id: HighlightId(uuid::Uuid::from_u128(
                0x0195_0000_0000_7000_9000_0000_0000_0000 + i as u128,
            )),
            source,
            anchor: Anchor::new(doc, range),
            topics: if topic_list.is_empty() {
                Vec::new()
            } else {
                on
            },
            note: if i % 3 == 0 {
                "A note on how this passage bears on the question.".into()
            } else {
                String::new()
            },
            created: Timestamp(1_760_000_000_000 + i as i64),
            modified: Timestamp(1_760_000_000_000 + i as i64),
        });
    }
    NoteSet::from_parts(sources, topic_list, highlights, String::new(), Vec::new())
}

/// A small reading of the bundled letter: three topics (one nested), six highlights, five
/// notes with quotation marks, accents and a new line, a document note and a citation
/// template. The format fixtures and many tests are made from it.
pub fn seed_reading(doc: &Document) -> NoteSet {
    use crate::core::study::edit::Edit;
    let mut set = NoteSet::new();
    set.sources
        .push(SourceRecord::of(doc, SourceId::FIRST, None));
    let mut topic = |name: &str, i: usize| {
        let topic = Topic {
            id: TopicId(uuid::Uuid::from_u128(
                0x0193_0000_0000_7000_8000_0000_0000_0001 + i as u128,
            )),
            name: name.into(),
            color: PALETTE[i],
        };
        let id = topic.id;
        set.topics.push(topic);
        id
    };
    let salt = topic("Arms control/SALT", 0);
    let neutron = topic("Neutron weapons", 1);
    let africa = topic("Horn of Africa", 2);
    let passages: [(&str, Vec<TopicId>, &str); 6] = [
        (
            "strategic offensive arms limitation agreement",
            vec![salt],
            "SALT II: Brezhnev blames the US side.",
        ),
        (
            "references to the domestic opposition in the US",
            vec![salt],
            "Senate ratification as a bargaining chip?",
        ),
        ("neutron weapons", vec![neutron], ""),
        (
            "mutual refusal to produce neutron weapons",
            vec![neutron, salt],
            "Offer repeated — “mutual refusal”.\nCompare Document 76.",
        ),
        (
            "conflict in the Horn of Africa",
            vec![africa],
            "Ogaden: Soviet support for Ethiopia.",
        ),
        (
            "Geneva Conference",
            vec![],
            "Não é só o Egito: Sadat’s separate path.",
        ),
    ];
    for (i, (needle, topics, note)) in passages.into_iter().enumerate() {
        let Some(range) = doc.find(needle) else {
            continue; // Not the bundled letter: leave that passage out.
        };
        let at = Timestamp(1_764_000_000_000 + i as i64);
        let mut highlight = Highlight::new(SourceId::FIRST, Anchor::new(doc, range), topics, at);
        highlight.id = HighlightId(uuid::Uuid::from_u128(
            0x0193_0000_0000_7000_9000_0000_0000_0001 + i as u128,
        ));
        highlight.note = note.into();
        // Made here with fresh ids on a source recorded above: it cannot be refused; if it
        // ever were, the reading would lack that highlight, and the fixtures' tests say so.
        let inserted = Edit::InsertHighlight(Box::new(highlight)).apply(&mut set);
        debug_assert!(
            inserted.is_ok(),
            "the seed reading refused a highlight: {inserted:?}"
        );
    }
    set.sources[0].note = "Delivered by Dobrynin to Vance, 28 February 1978.".into();
    set.sources[0].citation_template = Some("FRUS 1977–1980, VI, doc. {number}, {pages}".into());
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tei_volume_reads_with_its_documents_pages_notes_and_tables() {
        let xml = tei_volume(40, 20_000, 3);
        let volume = crate::core::tei::Volume::read(&xml, "synthetic.xml").unwrap();
        let docs = volume.documents();
        assert_eq!(docs.len(), 40);
        let pages: usize = docs.iter().map(|d| d.pages().len()).sum();
        assert!(pages > 40 * 3, "{pages}");
        assert!(
            docs.iter()
                .all(|d| d.unplaced_footnotes().is_empty() && d.footnotes().len() >= 4)
        );
        let tables = docs
            .iter()
            .flat_map(|d| d.blocks())
            .filter(|b| b.kind == crate::core::document::BlockKind::Table)
            .count();
        assert_eq!(tables, 10);
        assert_eq!(docs[39].info().chapter.as_deref(), Some("Chapter 2"));
    }

    #[test]
    fn the_volume_parses_with_pages_and_footnotes() {
        let text = volume_text(200_000, 1);
        assert_eq!(text, volume_text(200_000, 1), "deterministic");
        let doc = Document::from_text(&text, "volume.txt");
        assert!(doc.pages().len() > 60, "{}", doc.pages().len());
        assert!(!doc.footnote_refs().is_empty());
        assert!(!doc.text().contains("[Page"));
        let set = note_set(&doc, 500, 1);
        assert_eq!(set.highlights().len(), 500);
        for h in set.highlights() {
            assert_eq!(doc.slice(h.range()), h.anchor.quote);
        }
    }
}
