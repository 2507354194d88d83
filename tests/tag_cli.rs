//! `marginalia tag`: a study started from a script (a TEI volume's documents), every hit
//! tagged as one change and saved with a backup, a dry run that writes nothing, tagging
//! again that changes nothing, and bad requests refused.

use marginalia::core::persist;
use std::path::PathBuf;

const VOLUME: &str = "tests/fixtures/tei/frus1977-80v01-excerpt.xml";

fn run(args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("marginalia-tag-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_study_is_started_tagged_and_tagged_again_from_the_command_line() {
    let dir = temp_dir("cli");
    let study = dir.join("world.ron");
    let s = study.to_string_lossy().into_owned();
    // A new study of every document of the volume, "world" tagged as whole words (the
    // possessive "the world’s" among them).
    let (ok, out, err) = run(&[
        "tag",
        &s,
        "--new",
        "--document",
        VOLUME,
        "--phrase",
        "world",
        "--topic",
        "World",
        "--whole-word",
    ]);
    assert!(ok, "{err}");
    assert!(
        out.starts_with("Tagged 9 hits with “World” in 3 documents"),
        "{out}"
    );
    let (file, _) = persist::load(&study).unwrap();
    assert_eq!(file.set.sources().len(), 4, "every document of the volume");
    assert_eq!(file.set.highlights().len(), 9);
    let topic = file.set.topic_by_name("World").expect("the topic made").id;
    assert!(file.set.highlights().iter().all(|h| h.topics == [topic]));
    assert!(
        file.set
            .highlights()
            .iter()
            .all(|h| h.anchor.quote.eq_ignore_ascii_case("world"))
    );
    // Its documents are found again from the file.
    let (ok, out, err) = run(&["check", &s]);
    assert!(ok, "{err}");
    assert!(out.contains("Highlights: 9 (9 exact"), "{out}");

    // A dry run lists the hits, with document and page, and writes nothing.
    let before = std::fs::read(&study).unwrap();
    let (ok, out, err) = run(&[
        "tag",
        &s,
        "--phrase",
        "peace",
        "--topic",
        "Peace",
        "--dry-run",
    ]);
    assert!(ok, "{err}");
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.lines()
            .all(|l| l.starts_with("111 · Remarks by President Carter") && l.contains("\tp. 55")),
        "{out}"
    );
    assert!(err.contains("dry run: nothing written"), "{err}");
    assert_eq!(std::fs::read(&study).unwrap(), before);

    // Tagging the same hits again changes no highlight.
    let (ok, out, _) = run(&[
        "tag",
        &s,
        "--phrase",
        "world",
        "--topic",
        "World",
        "--whole-word",
    ]);
    assert!(ok);
    assert!(
        out.contains("0 new highlights, the topic added to 0 highlights, 9 had it already"),
        "{out}"
    );
    // Another topic on the same hits: added to the highlights there are, as one change;
    // the file before it is the backup.
    let before = std::fs::read(&study).unwrap();
    let (ok, out, _) = run(&[
        "tag",
        &s,
        "--phrase",
        "w[o]rld",
        "--regex",
        "--whole-word",
        "--topic",
        "Order",
    ]);
    assert!(ok);
    assert!(
        out.contains("0 new highlights, the topic added to 9 highlights"),
        "{out}"
    );
    assert_eq!(
        std::fs::read(persist::atomic::backup_path(&study)).unwrap(),
        before
    );
    let (file, _) = persist::load(&study).unwrap();
    assert!(file.set.highlights().iter().all(|h| h.topics.len() == 2));

    // Refused: --new over an existing file, a bad regular expression, accents with one.
    let (ok, _, err) = run(&[
        "tag",
        &s,
        "--new",
        "--document",
        VOLUME,
        "--phrase",
        "x",
        "--topic",
        "X",
    ]);
    assert!(!ok && err.contains("exists"), "{err}");
    let (ok, _, err) = run(&["tag", &s, "--phrase", "(", "--regex", "--topic", "X"]);
    assert!(!ok && err.contains("not a regular expression"), "{err}");
    let (ok, _, err) = run(&[
        "tag",
        &s,
        "--phrase",
        "x",
        "--regex",
        "--ignore-accents",
        "--topic",
        "X",
    ]);
    assert!(!ok && err.contains("accents"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
