//! The PDF reader on PDFs made from real FRUS text whose truth is known
//! (`tests/pdf/generate.py` wrote each PDF and its `.truth.json`): words in reading order,
//! running heads and page numbers out of the text, hyphenated words whole, footnotes set
//! apart and linked to their calls, printed pages from /PageLabels or from the running
//! heads, scanned pages named.

use marginalia::core::document::Document;
use marginalia::core::pdf::{self, labels::LabelSource};
use serde_json::Value;
use std::path::Path;

fn truth(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/pdf/{name}.truth.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("the truth file")).expect("JSON")
}

fn read(name: &str) -> (Document, pdf::PdfReport) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/pdf/{name}.pdf"));
    let bytes = std::fs::read(&path).expect("the PDF");
    assert!(pdf::is_pdf(&bytes));
    let (parts, report) =
        pdf::read(&bytes, &path.display().to_string(), &Default::default()).expect("reads");
    (Document::from_parts(parts), report)
}

fn words(text: &str) -> Vec<String> {
    // The TEI sometimes has a space where a note was cut out ("2707 <note/>)."); the page
    // sets the call there and the text closes the gap.
    let text = [" ).", " ),", " )"]
        .iter()
        .fold(text.to_string(), |t, gap| t.replace(gap, &gap[1..]));
    text.split_whitespace()
        .map(|w| w.replace('\u{2010}', "-"))
        .collect()
}

/// How many of `truth`'s words `got` has in the same order (longest common subsequence).
fn in_order(truth: &[String], got: &[String]) -> usize {
    let mut prev = vec![0u32; got.len() + 1];
    let mut cur = vec![0u32; got.len() + 1];
    for t in truth {
        for (j, g) in got.iter().enumerate() {
            cur[j + 1] = if t == g {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[got.len()] as usize
}

/// The text's words against the truth's front matter, headings and paragraphs.
fn text_words_in_order(doc: &Document, truth: &Value) -> (usize, usize, Vec<String>) {
    let mut expected = String::new();
    for f in truth["front_matter"].as_array().into_iter().flatten() {
        expected.push_str(f.as_str().unwrap_or(""));
        expected.push(' ');
    }
    for b in truth["blocks"].as_array().into_iter().flatten() {
        expected.push_str(b["text"].as_str().unwrap_or(""));
        expected.push(' ');
    }
    let expected = words(&expected);
    let got = words(doc.text());
    let found = in_order(&expected, &got);
    let vocabulary: std::collections::HashSet<&String> = expected.iter().collect();
    let strays: Vec<String> = got
        .iter()
        .filter(|w| !vocabulary.contains(w))
        .cloned()
        .collect();
    (found, expected.len(), strays)
}

fn check_layout(name: &str) -> (Document, pdf::PdfReport, Value) {
    let (doc, report) = read(name);
    let truth = truth(name);
    let (found, total, strays) = text_words_in_order(&doc, &truth);
    let share = found as f64 / total as f64;
    assert!(
        share >= 0.995,
        "{name}: {found} of {total} words in order ({:.2} %); words not in the truth: {:?}",
        share * 100.0,
        &strays[..strays.len().min(40)]
    );
    // Running heads out of the text: a head's words are there only as often as the text
    // itself has them (a chapter's title is also its running head), and never beside a
    // page number.
    let mut truth_text = String::new();
    for b in truth["blocks"].as_array().into_iter().flatten() {
        truth_text.push_str(b["text"].as_str().unwrap_or(""));
        truth_text.push('\n');
    }
    for f in truth["front_matter"].as_array().into_iter().flatten() {
        truth_text.push_str(f.as_str().unwrap_or(""));
        truth_text.push('\n');
    }
    for head in truth["running_heads"].as_array().into_iter().flatten() {
        let head = head.as_str().unwrap_or("");
        assert_eq!(
            doc.text().matches(head).count(),
            truth_text.matches(head).count(),
            "{name}: the running head {head:?} is in the text"
        );
        for label in expected_labels(&truth).into_iter().flatten() {
            for beside in [format!("{head} {label}"), format!("{label} {head}")] {
                assert!(
                    !doc.text().contains(&beside),
                    "{name}: {beside:?} is in the text"
                );
            }
        }
    }
    (doc, report, truth)
}

fn printed_labels(doc: &Document, count: usize) -> Vec<Option<String>> {
    // Each PDF page's printed label, from the page starts in order (one per page); a page
    // cited by its place in the file has none.
    let mut labels: Vec<Option<String>> = (doc.pages().iter())
        .map(|p| (!p.in_file).then(|| p.label()))
        .collect();
    labels.resize(count, None);
    labels
}

fn expected_labels(truth: &Value) -> Vec<Option<String>> {
    truth["page_labels"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| l.as_str().map(str::to_string))
        .collect()
}

#[test]
fn a_book_with_page_labels_reads_in_order_with_its_printed_pages() {
    let (doc, report, truth) = check_layout("book-labels");
    assert_eq!(report.labels, LabelSource::PageLabels);
    assert_eq!(printed_labels(&doc, report.pages), expected_labels(&truth));
    // What was taken out is said: the eight pages of text carry a running head each.
    assert!(
        doc.warnings()
            .iter()
            .any(|w| w.contains("taken out of the text on 8 pages") && w.contains("Soviet Union")),
        "{:?}",
        doc.warnings()
    );
}

#[test]
fn a_book_without_page_labels_takes_its_pages_from_the_running_heads() {
    let (doc, report, truth) = check_layout("book-running-heads");
    assert_eq!(report.labels, LabelSource::RunningHeads);
    // The two roman pages print no number: they are cited by their place in the file;
    // every other page by the number it prints.
    let expected: Vec<String> = (expected_labels(&truth).into_iter().enumerate())
        .map(|(i, l)| match l.filter(|l| l.parse::<u32>().is_ok()) {
            Some(n) => format!("p. {n}"),
            None => format!("PDF p. {}", i + 1),
        })
        .collect();
    let got: Vec<String> = doc.pages().iter().map(|p| p.short()).collect();
    assert_eq!(got, expected);
}

#[test]
fn a_two_column_article_reads_column_after_column() {
    let (_, report, _) = check_layout("article-two-columns");
    assert_eq!(report.labels, LabelSource::RunningHeads);
}

#[test]
fn a_report_without_printed_numbers_cites_its_pages_by_their_place_in_the_file() {
    let (doc, report, _) = check_layout("report-unnumbered");
    assert_eq!(report.labels, LabelSource::None);
    let shown: Vec<String> = doc.pages().iter().map(|p| p.short()).collect();
    let places: Vec<String> = (1..=report.pages).map(|n| format!("PDF p. {n}")).collect();
    assert_eq!(shown, places);
    assert!(
        doc.warnings()
            .iter()
            .any(|w| w.contains("no printed page numbers"))
    );
    // A citation never gives the place in the file as if it were printed.
    let at = doc
        .find("Foundations of Foreign Policy")
        .expect("in the text");
    let cited = marginalia::core::study::citation::cite(&doc, "{title}, {pages}", at);
    assert!(cited.ends_with(", PDF p. 1"), "{cited}");
    // The info dictionary's author and title make the citation the template starts from.
    let template = marginalia::core::study::citation::default_template(&doc);
    let cited = marginalia::core::study::citation::cite(&doc, template, at);
    assert!(
        cited.starts_with(
            "Office of the Historian, Foreign Relations of the United States, 1977–1980"
        ) && cited.ends_with("PDF p. 1"),
        "{cited}"
    );
    let numbers = marginalia::core::study::citation::cite(&doc, "{title}, {page_numbers}", at);
    let title = marginalia::core::study::citation::cite(&doc, "{title}", at);
    assert_eq!(numbers, title, "no page number after the title");
}

#[test]
fn every_footnote_is_set_apart_and_linked_to_its_call() {
    for name in ["book-labels", "article-two-columns", "report-unnumbered"] {
        let (doc, _) = read(name);
        let truth = truth(name);
        let expected: Vec<String> = (truth["footnotes"].as_array().into_iter().flatten())
            .map(|f| f["text"].as_str().unwrap_or("").to_string())
            .collect();
        let got: Vec<String> = doc.footnotes().iter().map(|f| f.text.clone()).collect();
        assert_eq!(
            got.len(),
            expected.len(),
            "{name}: {got:#?} expected {expected:#?}"
        );
        for (g, e) in got.iter().zip(&expected) {
            assert_eq!(words(g), words(e), "{name}");
        }
        // Every note is called once, in order, and no note's words are in the text.
        let called: Vec<u32> = doc.footnote_refs().iter().map(|r| r.number).collect();
        let numbers: Vec<u32> = doc.footnotes().iter().map(|f| f.number).collect();
        assert_eq!(called, numbers, "{name}");
    }
}

#[test]
fn words_broken_at_a_line_end_are_whole_again() {
    // Every word of the text is a word of the truth: none is half of a broken word, none
    // is two words run together, none keeps a hyphen the truth does not have, no call's
    // digits cling to a word.
    for name in ["book-labels", "article-two-columns", "report-unnumbered"] {
        let (doc, _) = read(name);
        let truth = truth(name);
        let (_, _, strays) = text_words_in_order(&doc, &truth);
        assert!(
            strays.is_empty(),
            "{name}: {} words not in the truth: {strays:?}",
            strays.len()
        );
    }
}

#[test]
fn a_book_redistilled_by_ghostscript_reads_the_same() {
    // CID fonts, and ligatures whose text Ghostscript wrote with its bytes swapped ("ff"
    // as U+6600 U+6600): mended, never shown as Chinese.
    // Its bold "fi" is mapped to a Hangul syllable after the "f": that letter is left out,
    // and the page is named as having letters without text.
    let (doc, report, _) = check_layout("book-ghostscript");
    assert!(doc.text().contains("Publishing Office"));
    assert!(
        !doc.text()
            .chars()
            .any(|c| ('\u{2e80}'..='\u{d7ff}').contains(&c))
    );
    assert_eq!(report.labels, LabelSource::RunningHeads);
    assert!(!report.unmapped.is_empty());
    assert!(
        doc.warnings()
            .iter()
            .any(|w| w.contains("the fonts give no text for some letters")),
        "{:?}",
        doc.warnings()
    );
}

#[test]
fn scanned_pages_are_named() {
    let (doc, report) = read("book-scanned-pages");
    // Its info lost its title (pypdf rebuilt it): the first heading, whole, stands in.
    assert_eq!(doc.info().title, "Foreign Relations of the United States");
    assert_eq!(
        report.without_text,
        vec![3, 4],
        "{:?} {report:?}",
        doc.warnings()
    );
    assert!(
        doc.warnings()
            .iter()
            .any(|w| w.contains("pages 4–5 are images")),
        "{:?}",
        doc.warnings()
    );
}

fn bytes_of(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/pdf/{name}.pdf")))
        .expect("the PDF")
}

#[test]
fn a_pdf_locked_by_an_owner_password_only_reads_and_a_user_password_is_refused_by_name() {
    let (parts, _) = pdf::read(
        &bytes_of("locked-owner-only"),
        "locked.pdf",
        &Default::default(),
    )
    .expect("opens as readers open it");
    assert!(parts.text.contains("Balloon Reconnaissance Operation"));
    let err = pdf::read(
        &bytes_of("locked-user-password"),
        "locked.pdf",
        &Default::default(),
    )
    .expect_err("asks for a password");
    assert_eq!(err, pdf::PdfError::Password);
    assert!(err.to_string().contains("password"), "{err}");
}

#[test]
fn broken_pdfs_are_refused_or_read_in_part_never_a_panic() {
    let book = bytes_of("book-labels");
    // Cut short, at several places; random bytes after a PDF header; every 97th byte
    // changed. Each either reads (what it can) or says why not.
    let mut cases: Vec<Vec<u8>> = [0.1, 0.5, 0.9, 0.99]
        .iter()
        .map(|f| book[..(book.len() as f64 * f) as usize].to_vec())
        .collect();
    let mut noise = b"%PDF-1.7\n".to_vec();
    let mut state = 0x2545_F491_u32;
    for _ in 0..50_000 {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        noise.push(state as u8);
    }
    cases.push(noise);
    let mut flipped = book.clone();
    for i in (0..flipped.len()).step_by(97) {
        flipped[i] = flipped[i].wrapping_add(1);
    }
    cases.push(flipped);
    cases.push(b"%PDF-".to_vec());
    for (i, case) in cases.iter().enumerate() {
        match pdf::read(case, "broken.pdf", &Default::default()) {
            Ok((parts, _)) => {
                let doc = Document::from_parts(parts);
                assert!(doc.text().chars().count() <= 20_000, "case {i}");
            }
            Err(e) => assert!(!e.to_string().is_empty(), "case {i}"),
        }
    }
}

#[test]
fn a_pdf_that_unpacks_to_more_than_the_limit_is_refused() {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..(pdf::bombs::MAX_STREAM_BYTES >> 20) + 1 {
        e.write_all(&zeros).expect("in memory");
    }
    let packed = e.finish().expect("in memory");
    let mut file = b"%PDF-1.7\n1 0 obj\n<< /Length ".to_vec();
    file.extend_from_slice(
        format!("{} /Filter /FlateDecode >>\nstream\n", packed.len()).as_bytes(),
    );
    file.extend_from_slice(&packed);
    file.extend_from_slice(b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    let err = pdf::read(&file, "bomb.pdf", &Default::default()).expect_err("refused");
    assert_eq!(err, pdf::PdfError::TooLarge);
    assert!(err.to_string().contains("MiB"), "{err}");
}

#[test]
fn a_pdf_opens_by_its_content_whatever_its_name() {
    let dir = std::env::temp_dir().join(format!("marginalia-pdf-open-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp folder");
    let path = dir.join("no-extension");
    std::fs::write(&path, bytes_of("book-labels")).expect("written");
    let doc = marginalia::core::source::open_document(&path).expect("opens as a PDF");
    assert!(doc.text().contains("Project Genetrix"));
    assert_eq!(
        doc.pages().first().map(|p| p.label()),
        Some("i".to_string())
    );
    let locked = dir.join("locked.pdf");
    std::fs::write(&locked, bytes_of("locked-user-password")).expect("written");
    let err = marginalia::core::source::open_document(&locked).expect_err("refused");
    assert!(
        err.to_string()
            .contains("locked.pdf cannot be read: the PDF is protected by a password"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
