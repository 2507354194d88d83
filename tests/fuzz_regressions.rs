//! The fuzz targets' checks (fuzz/checks.rs) on every seed input and on every input a
//! fuzzer found failing (fuzz/regressions/TARGET/), so a fixed crash stays fixed without
//! the fuzzer. FUZZING.md says how the targets are run.

#[path = "../fuzz/checks.rs"]
#[allow(dead_code)]
mod checks;

use std::path::Path;

/// Runs `check` on each file in the seed and regression folders of `target`; returns how
/// many it ran.
fn run(target: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut ran = 0;
    for folder in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder).join(target)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.is_file()) {
            let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            check(&data);
            ran += 1;
        }
    }
    ran
}

#[test]
fn document_parser_inputs() {
    assert!(run("document", checks::document) >= 2);
    // Small hostile inputs the fuzzer starts from anyway, kept here as a floor.
    for data in [
        &b""[..],
        b"\xef\xbb\xbf",
        b"[Page 1]",
        b"1.\n\n  1. x\n",
        b"x1\n\n  1. a\n  1. b\n",
        b"\0\0\0",
        b"[Page 99999999999999999999]",
    ] {
        checks::document(data);
    }
}

#[test]
fn tei_reader_inputs() {
    assert!(run("tei", checks::tei) >= 3);
    for data in [
        &b""[..],
        b"<TEI/>",
        b"<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><div type=\"document\"/></text></TEI>",
        b"<TEI><text><div type=\"document\" n=\"99999999999\"><p>x<pb n=\"MMMMCMXCIX\"/>y<note/></p></div></text></TEI>",
        b"<TEI><text><div type=\"document\" frus:doc-dateTime-min=\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\" xmlns:frus=\"http://history.state.gov/frus/ns/1.0\"><p>x</p></div></text></TEI>",
        b"<TEI><text><div type=\"document\"><table><row><cell><table><row><cell>x</cell></row></table></cell></row></table></div></text></TEI>",
        b"<!DOCTYPE TEI [<!ENTITY a \"&b;&b;\"><!ENTITY b \"xx\">]><TEI><text><div type=\"document\"><p>&a;</p></div></text></TEI>",
    ] {
        checks::tei(data);
    }
}

#[test]
fn note_set_reader_inputs() {
    assert!(run("note_set", checks::note_set) >= 3);
    for data in [
        &b""[..],
        b"(",
        b"NoteSet(",
        b"\"\\u{0}\"",
        b"(format: 2, highlights: [",
    ] {
        checks::note_set(data);
    }
}

#[test]
fn export_writer_inputs() {
    assert!(run("export", checks::export) >= 1);
    checks::export(b"");
    checks::export("\u{1}\u{1}\u{2}\u{1}<a href=x>\u{1}\0\u{202e}".as_bytes());
}

#[test]
fn pdf_reader_inputs() {
    assert!(run("pdf", checks::pdf) >= 3);
    for data in [
        &b""[..],
        b"%PDF-",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 1 0 R /PageLabels << /Nums [0 << /S /r /St -5 >>] >> >> endobj\ntrailer << /Root 1 0 R >>",
        b"%PDF-1.4\nstream\n\x78\x9c\x03\x00\x00\x00\x00\x01\nendstream",
    ] {
        checks::pdf(data);
    }
}
