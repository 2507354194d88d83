//! Writes the note sets that ship with Marginalia, through the program's own core:
//! `saves/example-brezhnev-1978.ron` (a reading of the bundled letter) and, with
//! `--fixture`, the fixture of the current format version, `tests/fixtures/noteset-vN.ron`.
//!
//! `cargo run --example make_samples [-- --fixture]`. The fixture is written once per
//! format version and then kept as it is: it is what older files look like.

use marginalia::core::document::Document;
use marginalia::core::persist::{self, NoteSetFile};
use marginalia::core::study::edit::Edit;
use marginalia::core::study::note_set::NoteSet;
use marginalia::core::study::source::SourceId;
use marginalia::core::study::topic::{PALETTE, TopicId};
use marginalia::core::text::CharRange;
use marginalia::core::time::Timestamp;
use std::path::Path;

fn range_of(doc: &Document, needle: &str) -> Result<CharRange, String> {
    doc.find(needle)
        .ok_or_else(|| format!("not in the letter: {needle:?}"))
}

fn topic(set: &mut NoteSet, name: &str, color: usize) -> Result<TopicId, String> {
    let (edit, id) = Edit::create_topic(set, name, PALETTE[color]).map_err(|e| e.to_string())?;
    edit.apply(set).map_err(|e| e.to_string())?;
    Ok(id)
}

fn highlight(
    doc: &Document,
    set: &mut NoteSet,
    needle: &str,
    topics: Vec<TopicId>,
    note: &str,
    at: Timestamp,
) -> Result<(), String> {
    let (edit, id) = Edit::create_highlight(set, doc, range_of(doc, needle)?, topics, at)
        .map_err(|e| e.to_string())?;
    edit.apply(set).map_err(|e| e.to_string())?;
    if !note.is_empty() {
        Edit::SetNote {
            highlight: id,
            note: note.into(),
            modified: at,
        }
        .apply(set)
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The fixture of the current format version: a study of two documents, the core's
/// small reading of the letter and a highlight in a document of the TEI excerpt, with a
/// note on the study.
fn fixture(doc: &Document, root: &Path) -> Result<NoteSetFile, String> {
    let mut set = marginalia::core::corpus::seed_reading(doc);
    let volume_path = root.join("tests/fixtures/tei/frus1977-80v01-excerpt.xml");
    let volume = marginalia::core::tei::Volume::open(&volume_path).map_err(|e| e.to_string())?;
    let carter = volume
        .find("d2")
        .map(|i| &volume.documents()[i])
        .ok_or("no d2")?;
    let salt = set.topics()[0].id;
    highlight(
        carter,
        &mut set,
        "The world in 1975 is a very different world",
        vec![salt],
        "Carter in 1975: the world has changed since 1945.",
        Timestamp(1_764_000_100_000),
    )?;
    Edit::SetStudyNote("How did each side argue linkage, 1975–1978?".into())
        .apply(&mut set)
        .map_err(|e| e.to_string())?;
    // Hints relative to the fixture's folder.
    let carter_id = set
        .source_of(carter)
        .map(|r| r.id)
        .ok_or("d2 not recorded")?;
    set = set.with_path_hint(carter_id, Some("tei/frus1977-80v01-excerpt.xml".into()));
    set = set.with_path_hint(
        SourceId::FIRST,
        Some("../../assets/frus1977-80v06-d84.txt".into()),
    );
    Ok(NoteSetFile {
        title: "Reading of the Brezhnev letter".into(),
        recovery_of: None,
        set,
    })
}

/// A historian's first reading of the letter.
fn example(doc: &Document) -> Result<NoteSetFile, String> {
    let mut set = NoteSet::new();
    let salt = topic(&mut set, "Arms control/SALT", 4)?;
    let neutron = topic(&mut set, "Arms control/Neutron weapons", 8)?;
    let linkage = topic(&mut set, "Linkage", 2)?;
    let africa = topic(&mut set, "Horn of Africa", 0)?;
    let mideast = topic(&mut set, "Middle East", 1)?;
    let detente = topic(&mut set, "Détente", 6)?;
    let domestic = topic(&mut set, "US domestic politics", 10)?;
    let readings: Vec<(&str, Vec<TopicId>, &str)> = vec![
        (
            "has evoked, I will put it straight, mixed feelings",
            vec![detente],
            "The opening sets the tone: frank, aggrieved, but still within the correspondence.",
        ),
        (
            "you share our assessment of the predominant trend and main direction of Soviet-US relations",
            vec![detente],
            "Brezhnev takes Carter's January letter as agreement on the general line — a lever for what follows.",
        ),
        (
            "if we do not want the world to be again overflowed by the wave of mutual fears, suspicions, by uncurbed arms race",
            vec![detente],
            "Stock détente vocabulary; compare the language of the 1972 Basic Principles.",
        ),
        (
            "the only alternative to returning to the “cold war”",
            vec![detente],
            "",
        ),
        (
            "a progress is either hardly noticeable or is not there at all",
            vec![detente, salt],
            "The complaint that frames the whole letter.",
        ),
        (
            "the state of affairs with the preparation of the strategic offensive arms limitation agreement",
            vec![salt],
            "SALT II is named \"the main problem\".",
        ),
        (
            "the meetings with you of the USSR Minister of Foreign Affairs last September",
            vec![salt],
            "Gromyko in Washington, September 1977: the agreement of principle Brezhnev says the US has not built on.",
        ),
        (
            "references to the domestic opposition in the US, for the satisfaction of which we are called upon to make further concessions",
            vec![salt, domestic],
            "Moscow reads the ratification argument as a bargaining tactic.",
        ),
        (
            "as the Backfire, for example",
            vec![salt],
            "The Tu-22M: whether it counted as a strategic bomber stayed open until Vienna, 1979.",
        ),
        (
            "our efforts in favor of the approval of the agreement in the US can by no means be regarded as a substitute",
            vec![salt, domestic],
            "",
        ),
        (
            "the question of neutron weapons",
            vec![neutron],
            "See Document 76 (footnote 3): the earlier letter on the neutron bomb.",
        ),
        (
            "reducing the so called nuclear threshold",
            vec![neutron],
            "The core Soviet argument against ERW: it lowers the threshold of use.",
        ),
        (
            "We confirm our proposal to agree on a mutual refusal to produce neutron weapons",
            vec![neutron],
            "Carter deferred production on 7 April 1978.",
        ),
        (
            "without attempts to link it with other questions",
            vec![neutron, linkage],
            "",
        ),
        (
            "Artificial linkage of such kind has never brought about anything good in the past",
            vec![linkage],
            "Direct answer to Brzezinski's linkage of arms control and Soviet conduct in Africa.",
        ),
        (
            "the conflict in the Horn of Africa",
            vec![africa, linkage],
            "Ogaden war; Somalia's withdrawal was announced on 9 March 1978.",
        ),
        (
            "we are helping Ethiopia as a victim of aggression on the part of Somalia",
            vec![africa],
            "The legal framing Moscow used throughout: aid to a victim of aggression.",
        ),
        (
            "departed from the Statement jointly adopted on October 1, 1977",
            vec![mideast],
            "The joint US-Soviet statement on the Middle East (footnote 4).",
        ),
        (
            "encouraging separate negotiations between Egypt and Israel",
            vec![mideast],
            "After Sadat's Jerusalem visit, November 1977.",
        ),
        (
            "a comprehensive Middle East settlement within the framework of the Geneva Conference",
            vec![mideast],
            "The Soviet role depended on Geneva; bilateral Egyptian-Israeli talks left Moscow out.",
        ),
    ];
    let start = Timestamp(1_764_262_800_000);
    for (i, (needle, topics, note)) in readings.into_iter().enumerate() {
        highlight(
            doc,
            &mut set,
            needle,
            topics,
            note,
            Timestamp(start.0 + i as i64 * 61_000),
        )?;
    }
    Edit::set_document_note(
        &set,
        doc,
        "Brezhnev to Carter, delivered by Dobrynin to Vance on 28 February 1978 (footnote 1).\n\
         Questions: how far does the letter answer Carter's of 30 January point by point? \
         Where does Brezhnev concede nothing, and where does he leave room?"
            .into(),
    )
    .apply(&mut set)
    .map_err(|e| e.to_string())?;
    Ok(NoteSetFile {
        title: "Brezhnev to Carter, February 1978: a first reading".into(),
        recovery_of: None,
        set,
    })
}

fn main() -> Result<(), String> {
    let doc = Document::seed();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example_path = root.join("saves/example-brezhnev-1978.ron");
    // Hints are written relative to the set's folder: `../assets/…` from saves/.
    let mut example = example(&doc)?;
    example.set = example.set.with_path_hint(
        SourceId::FIRST,
        Some("../assets/frus1977-80v06-d84.txt".into()),
    );
    persist::save(&example_path, &example).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(persist::atomic::backup_path(&example_path));
    println!("wrote {}", example_path.display());
    if std::env::args().any(|a| a == "--fixture") {
        // Fixtures are frozen: an existing one is what that version's files look like.
        let path = root.join(format!(
            "tests/fixtures/noteset-v{}.ron",
            persist::FORMAT_VERSION
        ));
        if path.exists() {
            println!("{} exists; left as it is", path.display());
            return Ok(());
        }
        persist::save(&path, &fixture(&doc, root)?).map_err(|e| e.to_string())?;
        let _ = std::fs::remove_file(persist::atomic::backup_path(&path));
        println!("wrote {}", path.display());
    }
    Ok(())
}
