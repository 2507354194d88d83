//! Writes a synthetic FRUS-like volume and a note set over it, for trying Marginalia at
//! scale: `cargo run --release --example gen_volume -- --chars 4000000 --highlights 10000
//! --seed 1 --out /tmp/volume` writes `/tmp/volume.txt` and `/tmp/volume.ron`.

use marginalia::core::corpus;
use marginalia::core::document::Document;
use marginalia::core::persist::{self, NoteSetFile};
use std::path::PathBuf;

fn arg(name: &str, default: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| default.to_string())
}

fn main() -> Result<(), String> {
    let chars: usize = arg("--chars", "4000000")
        .parse()
        .map_err(|e| format!("--chars: {e}"))?;
    let count: usize = arg("--highlights", "10000")
        .parse()
        .map_err(|e| format!("--highlights: {e}"))?;
    let seed: u64 = arg("--seed", "1")
        .parse()
        .map_err(|e| format!("--seed: {e}"))?;
    let out = PathBuf::from(arg("--out", "volume"));
    let text = corpus::volume_text(chars, seed);
    let text_path = out.with_extension("txt");
    std::fs::write(&text_path, &text).map_err(|e| format!("{}: {e}", text_path.display()))?;
    let doc = Document::open(&text_path).map_err(|e| e.to_string())?;
    let set = corpus::note_set(&doc, count, seed);
    let set_path = out.with_extension("ron");
    let file = NoteSetFile {
        title: format!("Synthetic reading, {count} highlights"),
        recovery_of: None,
        set,
    };
    persist::save(&set_path, &file).map_err(|e| e.to_string())?;
    println!(
        "wrote {} ({} characters, {} pages) and {}",
        text_path.display(),
        doc.char_len(),
        doc.pages().len(),
        set_path.display()
    );
    Ok(())
}
