//! Finding documents without a file dialog: the text files and TEI volumes of a folder
//! with their titles, and completion of a typed path, as the window's Documents tab
//! offers them.

use std::path::{Path, PathBuf};

/// A document file as the Documents tab lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentEntry {
    pub path: PathBuf,
    /// The first line of the file (the heading of a FRUS document), a volume's complete
    /// title, or the file name.
    pub title: String,
    /// True for a TEI volume (which opens on its list of documents).
    pub volume: bool,
}

/// How much of a file is read for its title.
const TITLE_BYTES: u64 = 4096;

/// True for the files the Documents tab offers: plain text, and XML (a FRUS volume is
/// told from other XML by its content when it is listed or opened).
pub fn is_document(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("xml"))
}

/// The first `bytes` of a regular file, as text (what is not UTF-8 replaced).
fn head(path: &Path, bytes: u64) -> Option<String> {
    use std::io::Read;
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(bytes)
        .read_to_end(&mut head)
        .ok()?;
    Some(String::from_utf8_lossy(&head).into_owned())
}

/// How much of an XML file is read for its title: a FRUS header gives it early.
const HEADER_BYTES: u64 = 16 * 1024;

/// For an XML file whose root is `TEI`: its complete title from the header (`Some("")`
/// when the head of the file has none); `None` for other XML.
fn volume_title(path: &Path) -> Option<String> {
    let text = head(path, HEADER_BYTES)?;
    // The root element: the first tag that is not a declaration, comment or instruction.
    let mut rest = text.as_str();
    let root = loop {
        let at = rest.find('<')?;
        rest = &rest[at + 1..];
        if !rest.starts_with(['?', '!']) {
            break rest;
        }
    };
    let name: String = root
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
        .collect();
    if name.rsplit(':').next() != Some("TEI") {
        return None;
    }
    let title = text
        .find("type=\"complete\"")
        .and_then(|at| {
            let after = &text[at..];
            let start = after.find('>')? + 1;
            let end = after[start..].find("</")? + start;
            Some(&after[start..end])
        })
        .unwrap_or("");
    let title = title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    Some(title)
}

/// The first non-empty line of a regular file, read through a small limit.
fn first_line(path: &Path) -> Option<String> {
    let text = head(path, TITLE_BYTES)?;
    let line = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())?;
    // A footnote call glued to the heading's last word ("Carter1") is not part of it.
    let line = match line.trim_end_matches(|c: char| c.is_ascii_digit()) {
        head if head.len() < line.len() && head.ends_with(|c: char| c.is_alphabetic()) => head,
        _ => line,
    };
    let mut title: String = line.chars().take(120).collect();
    if line.chars().count() > 120 {
        title.push('…');
    }
    Some(title)
}

/// The text documents and TEI volumes directly in `folder`, by file name.
pub fn list_folder(folder: &Path) -> Vec<DocumentEntry> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let hidden = p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            !hidden && is_document(p) && p.is_file()
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let file_name = || {
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            };
            let xml = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xml"));
            if xml {
                // Only volumes: other XML is not a document Marginalia reads.
                let title = volume_title(&path)?;
                let title = if title.is_empty() { file_name() } else { title };
                return Some(DocumentEntry {
                    path,
                    title,
                    volume: true,
                });
            }
            let title = first_line(&path).unwrap_or_else(file_name);
            Some(DocumentEntry {
                path,
                title,
                volume: false,
            })
        })
        .collect()
}

/// What Tab makes of `typed`: its last part extended as far as every completion
/// (`found`) agrees (letter case as the first has it), and a folder's `/` added when only
/// one is left. `None` when that adds nothing.
pub fn tab_complete(typed: &str, found: &[PathBuf]) -> Option<String> {
    let names: Vec<String> = (found.iter())
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    let first = names.first()?;
    let mut common = first.chars().count();
    for name in &names[1..] {
        common = (first.chars().zip(name.chars()))
            .take(common)
            .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
            .count();
    }
    let stem_at = typed.rfind('/').map_or(0, |i| i + 1);
    let mut out = format!(
        "{}{}",
        &typed[..stem_at],
        first.chars().take(common).collect::<String>()
    );
    if names.len() == 1 && found[0].is_dir() {
        out.push('/');
    }
    (out.chars().count() > typed.chars().count()).then_some(out)
}

/// What a typed path could go on to: the folders and text documents in the folder it
/// names so far whose names start with its last part (case-insensitively), folders
/// first, each at most `limit`. `~/` stands for the home folder.
pub fn complete(typed: &str, limit: usize) -> Vec<PathBuf> {
    let expanded = expand_home(typed);
    let (folder, stem) = if typed.is_empty() || typed.ends_with('/') {
        (expanded.clone(), String::new())
    } else {
        (
            expanded.parent().map(Path::to_path_buf).unwrap_or_default(),
            expanded
                .file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .unwrap_or_default(),
        )
    };
    let folder = if folder.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        folder
    };
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut found: Vec<(bool, PathBuf)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') && !stem.starts_with('.') {
                return None;
            }
            if !name.to_lowercase().starts_with(&stem) {
                return None;
            }
            let path = entry.path();
            let is_dir = path.is_dir();
            (is_dir || is_document(&path)).then_some((!is_dir, path))
        })
        .collect();
    found.sort();
    found.into_iter().take(limit).map(|(_, p)| p).collect()
}

/// `~/x` with the home folder for `~`; anything else as it is.
pub fn expand_home(typed: &str) -> PathBuf {
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(typed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_extends_the_typed_name_as_far_as_the_completions_agree() {
        let dir = std::env::temp_dir().join(format!("marginalia-tab-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("volumes")).unwrap();
        std::fs::write(dir.join("frus-d84.txt"), "x").unwrap();
        std::fs::write(dir.join("frus-d85.txt"), "x").unwrap();
        let typed = |t: &str| format!("{}/{t}", dir.display());
        let found = complete(&typed("fr"), 12);
        assert_eq!(tab_complete(&typed("fr"), &found), Some(typed("frus-d8")));
        // One left: the whole name; a folder gets its slash.
        let found = complete(&typed("frus-d84"), 12);
        assert_eq!(
            tab_complete(&typed("frus-d84"), &found),
            Some(typed("frus-d84.txt"))
        );
        let found = complete(&typed("vol"), 12);
        assert_eq!(tab_complete(&typed("vol"), &found), Some(typed("volumes/")));
        // Nothing to add, nothing found: no change.
        let found = complete(&typed("frus-d8"), 12);
        assert_eq!(tab_complete(&typed("frus-d8"), &found), None);
        assert_eq!(tab_complete(&typed("zzz"), &[]), None);
        // Letter case as the file has it.
        let found = complete(&typed("FRUS-D84"), 12);
        assert_eq!(
            tab_complete(&typed("FRUS-D84"), &found),
            Some(typed("frus-d84.txt"))
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_folder_lists_its_text_documents_with_their_headings_and_completion_follows_typing() {
        let dir = std::env::temp_dir().join(format!("marginalia-docfolder-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("volumes")).unwrap();
        std::fs::write(dir.join("d84.txt"), "\n84. Letter From Brezhnev1\n\nText.").unwrap();
        std::fs::write(dir.join("d85.TXT"), "85. Memorandum\n").unwrap();
        std::fs::write(dir.join("notes.ron"), "()").unwrap();
        std::fs::write(dir.join(".hidden.txt"), "x").unwrap();
        std::fs::write(
            dir.join("frus1894.xml"),
            "<?xml version=\"1.0\"?>\n<!-- a volume -->\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc><titleStmt>\n<title type=\"complete\">Foreign Relations, 1894,\n   Nicaragua &amp; Mosquito</title>",
        )
        .unwrap();
        std::fs::write(dir.join("bare.xml"), "<TEI/>").unwrap();
        std::fs::write(dir.join("other.xml"), "<?xml version=\"1.0\"?><svg/>").unwrap();
        let listed = list_folder(&dir);
        let titles: Vec<&str> = listed.iter().map(|d| d.title.as_str()).collect();
        // Other XML is left out; a volume without a title in its head goes by its name.
        assert_eq!(
            titles,
            [
                "bare.xml",
                "84. Letter From Brezhnev",
                "85. Memorandum",
                "Foreign Relations, 1894, Nicaragua & Mosquito"
            ]
        );
        let volumes: Vec<bool> = listed.iter().map(|d| d.volume).collect();
        assert_eq!(volumes, [true, false, false, true]);

        let typed = format!("{}/d8", dir.display());
        let names: Vec<String> = complete(&typed, 10)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["d84.txt", "d85.TXT"]);
        let typed = format!("{}/", dir.display());
        let names: Vec<String> = complete(&typed, 10)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        // Folders first; no note sets, no hidden files.
        assert_eq!(
            names,
            [
                "volumes",
                "bare.xml",
                "d84.txt",
                "d85.TXT",
                "frus1894.xml",
                "other.xml"
            ]
        );
        assert!(complete("/no/such/folder/x", 10).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
