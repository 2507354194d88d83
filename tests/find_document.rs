//! Where a note set's document is looked for: never in a folder that depends on where
//! the program was started from. (Its own test binary: it changes the working directory,
//! which no other test may see.)

use marginalia::core::document::Document;
use marginalia::core::persist::{self, NoteSetFile};
use marginalia::core::study::note_set::NoteSet;

#[test]
fn a_text_in_the_working_directory_s_assets_is_not_taken_but_one_beside_the_set_is() {
    let root = std::env::temp_dir().join(format!("marginalia-find-doc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (started_in, sets) = (root.join("started-in"), root.join("sets"));
    std::fs::create_dir_all(started_in.join("assets")).unwrap();
    std::fs::create_dir_all(&sets).unwrap();
    let text = "1. A Memorandum\n\nA text that is not the bundled letter.\n";
    std::fs::write(started_in.join("assets/memo.txt"), text).unwrap();
    let doc = Document::from_text(text, "memo.txt");
    let file = NoteSetFile {
        title: "Memo".into(),
        recovery_of: None,
        set: NoteSet::of_document(&doc),
    };
    let set_path = sets.join("memo.ron");
    persist::save(&set_path, &file).unwrap();
    std::env::set_current_dir(&started_in).unwrap();
    assert!(
        persist::find_document(&file, &set_path).is_err(),
        "a text under the working directory's assets/ was taken"
    );
    // Beside the set, the same text is found.
    std::fs::write(sets.join("memo.txt"), text).unwrap();
    let found = persist::find_document(&file, &set_path).expect("found beside the set");
    assert_eq!(found.fingerprint(), doc.fingerprint());
    std::env::set_current_dir(std::env::temp_dir()).unwrap();
    let _ = std::fs::remove_dir_all(&root);
}
