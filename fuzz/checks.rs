//! What each fuzz target checks, shared with `tests/fuzz_regressions.rs`, which runs the
//! same checks on every seed and every input a fuzzer ever found failing.
//!
//! A check panics only when the program misbehaves: a parse may refuse its input, but it
//! must not panic, and what it accepts must hold together.

use marginalia::core::document::Document;
use marginalia::core::export::{self, ExportInput, Format, Grouping};
use marginalia::core::library::{Library, Loaded};
use marginalia::core::persist::{self, NoteSetFile};
use marginalia::core::study::anchor::Anchor;
use marginalia::core::study::highlight::Highlight;
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::study::source::{SourceId, SourceRecord};
use marginalia::core::study::topic::{PALETTE, Topic};
use marginalia::core::text::{CharOffset, CharRange};
use marginalia::core::time::Timestamp;
use std::path::Path;

/// The plain-text parser: any bytes are refused with an error or parsed into a structure
/// whose offsets all lie inside the text, in order.
pub fn document(data: &[u8]) {
    let Ok(doc) = Document::from_bytes(data, Path::new("fuzz.txt")) else {
        return;
    };
    structure_holds(&doc);
    let len = doc.char_len();
    // Queries anywhere, the ends included, answer without panicking.
    for at in [0, len / 3, len / 2, len.saturating_sub(1), len] {
        let at = CharOffset(at);
        let _ = doc.page_at(at);
        let _ = doc.block_index_at(at);
        let word = doc.word_at(at);
        assert!(word.end.0 <= len);
        let range = CharRange::new(CharOffset(0), at);
        let _ = doc.footnote_refs_in(range);
        let _ = doc.pages_in(range);
        let _ = doc.slice(range);
    }
}

/// The PDF reader: any bytes are refused with an error or read into a document whose
/// blocks, pages and calls lie inside its text, in order; every call has its note.
pub fn pdf(data: &[u8]) {
    let progress = marginalia::core::progress::Progress::default();
    let Ok((parts, _)) = marginalia::core::pdf::read(data, "fuzz.pdf", &progress) else {
        return;
    };
    let doc = Document::from_parts(parts);
    structure_holds(&doc);
    for r in doc.footnote_refs() {
        assert!(doc.footnotes().iter().any(|f| f.number == r.number));
    }
}

/// A document's blocks, page starts and footnote calls lie inside its text, in order.
fn structure_holds(doc: &Document) {
    let len = doc.char_len();
    let mut last = 0;
    for block in doc.blocks() {
        assert!(block.range.start.0 >= last && block.range.end.0 <= len);
        assert!(block.range.start <= block.range.end);
        last = block.range.end.0;
        let _ = doc.slice(block.range);
    }
    let mut last_page = 0;
    for page in doc.pages() {
        assert!(page.offset.0 <= len && page.offset.0 >= last_page);
        last_page = page.offset.0;
    }
    for r in doc.footnote_refs() {
        assert!(r.offset.0 <= len);
    }
}

/// The TEI reader: any bytes are refused with an error or read into documents whose
/// structure lies inside each text, in order, and answers queries anywhere.
pub fn tei(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(volume) = marginalia::core::tei::Volume::read(text, "fuzz.xml") else {
        return;
    };
    assert!(!volume.documents().is_empty());
    for doc in volume.documents() {
        let len = doc.char_len();
        let mut last = 0;
        for block in doc.blocks() {
            assert!(block.range.start.0 >= last && block.range.end.0 <= len);
            assert!(block.range.start < block.range.end);
            last = block.range.end.0;
        }
        let mut previous = None;
        for page in doc.pages() {
            assert!(page.offset.0 <= len);
            assert!(previous.is_none_or(|p| p < page.offset));
            previous = Some(page.offset);
        }
        for r in doc.footnote_refs() {
            assert!(r.offset.0 <= len);
            assert!(doc.footnote(r.number).is_some());
        }
        for e in doc.entities() {
            assert!(e.range.start < e.range.end && e.range.end.0 <= len);
        }
        // Italics: in the text, in order, not touching.
        let mut end = None;
        for r in doc.emphasis() {
            assert!(r.start < r.end && r.end.0 <= len);
            assert!(end.is_none_or(|e| e < r.start));
            end = Some(r.end);
        }
        // A note's links name documents of the volume.
        for f in doc.footnotes() {
            for n in &f.documents {
                assert!(
                    volume
                        .documents()
                        .iter()
                        .any(|d| d.info().number == Some(*n))
                );
            }
            // A page it points at, where found, is a page start of that document.
            for p in &f.pages {
                if let Some((index, at)) = volume.page_place(*p) {
                    let target = &volume.documents()[index];
                    assert!(at <= target.end());
                    assert!(
                        target
                            .pages()
                            .iter()
                            .any(|s| s.page == *p && s.offset == at)
                    );
                }
            }
        }
        let _ = marginalia::core::document::inspect::InspectReport::new(doc).to_text();
        for at in [0, len / 2, len] {
            let at = CharOffset(at);
            let _ = doc.page_at(at);
            let _ = doc.entities_at(at).count();
            let _ = marginalia::core::study::citation::pages_label(
                doc,
                CharRange::new(CharOffset(0), at),
            );
        }
    }
    let _ = marginalia::core::tei::listing::VolumeListing::new(&volume).to_text();
}

/// The note-set reader: any text is refused with a message or read into a set that
/// writes back to the same set, fits the seed letter (placing or orphaning every
/// highlight), and exports.
pub fn note_set(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = NoteSetFile::from_ron(text) else {
        return;
    };
    let written = file.to_ron();
    let again = NoteSetFile::from_ron(&written)
        .unwrap_or_else(|e| panic!("a set read back from its own writing fails: {e}"));
    assert_eq!(again, file, "writing and reading a set changes it");
    let doc = Document::seed();
    let Ok((set, report)) = persist::attach(Path::new("fuzz.ron"), text, &file, &doc) else {
        return;
    };
    // Nothing is lost; the source the letter is taken for has each of its highlights
    // placed or orphaned, and the others keep theirs as saved.
    let total = file.set.highlights().len() + file.set.orphans().len();
    assert_eq!(set.highlights().len() + set.orphans().len(), total);
    let source = persist::source_for(&file.set, &doc);
    assert_eq!(report.total(), source.map_or(0, |s| file.set.count_in(s)));
    for other in file.set.sources().iter().filter(|r| Some(r.id) != source) {
        assert_eq!(
            set.highlights_in(other.id),
            file.set.highlights_in(other.id)
        );
    }
    export_all(&doc, &set, &file.title);
}

/// The export writers, on a set built from the bytes: topic names, notes, the title and
/// the document note are slices of the input, highlights fall where its bytes say.
pub fn export(data: &[u8]) {
    let doc = Document::seed();
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\u{1}');
    let title = parts.next().unwrap_or_default().to_string();
    let document_note = parts.next().unwrap_or_default().to_string();
    let topics: Vec<Topic> = parts
        .next()
        .unwrap_or_default()
        .split('\u{2}')
        .take(12)
        .enumerate()
        .map(|(i, name)| Topic::new(name, PALETTE[i % PALETTE.len()]))
        .collect();
    let len = doc.char_len();
    let highlights: Vec<Highlight> = parts
        .take(64)
        .enumerate()
        .map(|(i, note)| {
            let seed = note
                .bytes()
                .fold(i, |a, b| a.wrapping_mul(31).wrapping_add(b as usize));
            let start = seed % len;
            let end = (start + 1 + seed % 400).min(len);
            let mut h = Highlight::new(
                SourceId::FIRST,
                Anchor::new(&doc, CharRange::new(CharOffset(start), CharOffset(end))),
                topics
                    .iter()
                    .skip(seed % 5)
                    .step_by(2)
                    .map(|t| t.id)
                    .collect(),
                Timestamp(seed as i64 % 4_000_000_000_000),
            );
            h.note = note.to_string();
            h
        })
        .collect();
    // Two sources on the one text, so the grouping by document is fuzzed too; the second
    // named by the input.
    let first = SourceRecord::of(&doc, SourceId::FIRST, None);
    let mut second = SourceRecord::of(&doc, SourceId(2), None);
    second.title = title.clone();
    second.note = document_note.clone();
    second.fingerprint = "sha256:second".into();
    let highlights = (highlights.into_iter().enumerate())
        .map(|(i, mut h)| {
            if i % 3 == 2 {
                h.source = SourceId(2);
            }
            h
        })
        .collect();
    let set = NoteSet::from_parts(
        vec![first, second],
        topics,
        highlights,
        document_note,
        Vec::new(),
    );
    export_all(&doc, &set, &title);
}

/// The elements the HTML export writes; anything else in its output came from the user.
const HTML_TAGS: &[&str] = &[
    "!DOCTYPE",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "h1",
    "h2",
    "h3",
    "ul",
    "li",
    "p",
    "div",
    "span",
    "blockquote",
    "a",
    "bdi",
    "br",
];

/// Markdown as a renderer reads it: no HTML, no image, no link but a source's address,
/// one title, and second- and third-level headings only of the export's own sections and
/// its documents (a note's `# …` or `[x](javascript:…)` stays text).
pub fn markdown_is_inert(md: &str, set: &NoteSet) {
    use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM;
    let mut h1 = 0;
    let mut heading: Option<(HeadingLevel, String)> = None;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                panic!("Markdown export lets HTML through: {html:?}")
            }
            Event::InlineMath(m) | Event::DisplayMath(m) => {
                panic!("Markdown export lets math through: {m:?}")
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                panic!("Markdown export has an image: {dest_url:?}")
            }
            Event::Start(Tag::Link { dest_url, .. }) => assert!(
                (set.sources().iter()).any(|r| r.url.as_deref() == Some(dest_url.as_ref())),
                "Markdown export has a link that is not a source's address: {dest_url:?}"
            ),
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, text)) = heading.take() else {
                    continue;
                };
                // A renderer trims a heading and shows line breaks as spaces.
                let shown = |name: &str| name.split_whitespace().collect::<Vec<_>>().join(" ");
                let document = |text: &str| {
                    (set.sources().iter()).any(|r| {
                        let heading = ExportInput::source_heading(r);
                        shown(&heading) == shown(text)
                            || shown(&format!("Document notes: {heading}")) == shown(text)
                    })
                };
                match level {
                    HeadingLevel::H1 => h1 += 1,
                    HeadingLevel::H2 => {
                        let ours = [
                            "Study notes",
                            "Document notes",
                            "Untagged",
                            "Highlights",
                            "Not found in this text",
                        ];
                        assert!(
                            ours.contains(&text.as_str())
                                || document(&text)
                                || set.topics().iter().any(|t| shown(&t.name) == shown(&text)),
                            "Markdown export has a heading that is not one of its sections: {text:?}"
                        );
                    }
                    HeadingLevel::H3 => assert!(
                        document(&text),
                        "Markdown export has a third-level heading that is not a document: {text:?}"
                    ),
                    other => panic!("Markdown export has a heading {other:?}: {text:?}"),
                }
            }
            _ => {}
        }
    }
    assert_eq!(h1, 1, "Markdown export has one title");
}

/// Every `<name` in `text` opens one of `allowed` (or closes it): text the user wrote can
/// never open an element, since it always comes out with `<` as `&lt;`.
fn only_our_tags(text: &str, allowed: &[&str], format: &str) {
    for (at, _) in text.match_indices('<') {
        let rest = &text[at + 1..];
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        // `<` followed by no name is not a tag; an autolink `<https://…>` is allowed.
        if name.is_empty() || rest.starts_with("http://") || rest.starts_with("https://") {
            continue;
        }
        assert!(
            allowed.contains(&name.as_str()),
            "{format} export has an element <{name}> it never writes: user text got through"
        );
    }
}

/// Every format, both orders: none panics, and user text never comes out as markup in
/// HTML or Markdown.
fn export_all(doc: &Document, set: &NoteSet, title: &str) {
    let mut library = Library::new();
    for record in set.sources() {
        library.insert(record.id, Loaded::Text(std::sync::Arc::new(doc.clone())));
    }
    for grouping in [Grouping::ByTopic, Grouping::TextOrder] {
        let input = ExportInput {
            csv_bom: false,
            library: &library,
            set,
            title,
            filter: None,
            sources: None,
            grouping,
        };
        for format in Format::ALL {
            let Ok(bytes) = export::export(format, &input) else {
                continue;
            };
            match format {
                Format::Html => {
                    let html = String::from_utf8(bytes).expect("HTML export is UTF-8");
                    only_our_tags(&html, HTML_TAGS, "HTML");
                }
                Format::Markdown => {
                    let md = String::from_utf8(bytes).expect("Markdown export is UTF-8");
                    // Markdown of ours has no HTML at all, but the <URL> autolink.
                    only_our_tags(&md, &[], "Markdown");
                    markdown_is_inert(&md, set);
                }
                _ => {}
            }
        }
    }
}
