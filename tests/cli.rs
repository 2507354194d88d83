//! The command line, run as a historian would run it from a script.

use std::process::Command;

fn marginalia(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn inspect_prints_the_seed_structure_as_text() {
    let out = marginalia(&["inspect"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Number:    84"));
    assert!(text.contains("Citation:  Foreign Relations of the United States, 1977–1980"));
    assert!(text.contains("Pages (3):"));
    assert!(text.contains("Footnote references (5):"));
    assert!(text.contains("signature  L. Brezhnev"));
}

#[test]
fn inspect_json_is_machine_readable() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/frus1977-80v06-d84.txt");
    let out = marginalia(&["inspect", path, "--json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["info"]["number"], 84);
    assert_eq!(json["pages"].as_array().map(Vec::len), Some(3));
    assert_eq!(json["footnote_refs"][2]["number"], 3);
    assert_eq!(json["footnotes"][2]["text"], "See Document 76.");
    assert_eq!(json["blocks"][1]["kind"], "salutation");
}

#[test]
fn inspect_of_a_bad_file_fails_with_a_message() {
    let out = marginalia(&["inspect", "/nonexistent/marginalia/letter.txt"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("/nonexistent/marginalia/letter.txt"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn page_and_footnote_cannot_both_be_asked_for() {
    let out = marginalia(&["--page", "287", "--footnote", "3"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("cannot be used with")
    );
}
