//! Finding documents without a file dialog: the text files of a folder with their
//! titles, and completion of a typed path, as the window's Documents tab offers them.

use std::path::{Path, PathBuf};

/// A document file as the Documents tab lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentEntry {
    pub path: PathBuf,
    /// The first line of the file (the heading of a FRUS document), or the file name.
    pub title: String,
}

/// How much of a file is read for its title.
const TITLE_BYTES: u64 = 4096;

/// True for the files the Documents tab offers: plain text.
pub fn is_document(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// The first non-empty line of a regular file, read through a small limit.
fn first_line(path: &Path) -> Option<String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(TITLE_BYTES)
        .read_to_end(&mut head)
        .ok()?;
    let text = String::from_utf8_lossy(&head);
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

/// The text documents directly in `folder`, by file name.
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
        .map(|path| {
            let title = first_line(&path).unwrap_or_else(|| {
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
            DocumentEntry { path, title }
        })
        .collect()
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
    fn a_folder_lists_its_text_documents_with_their_headings_and_completion_follows_typing() {
        let dir = std::env::temp_dir().join(format!("marginalia-docfolder-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("volumes")).unwrap();
        std::fs::write(dir.join("d84.txt"), "\n84. Letter From Brezhnev1\n\nText.").unwrap();
        std::fs::write(dir.join("d85.TXT"), "85. Memorandum\n").unwrap();
        std::fs::write(dir.join("notes.ron"), "()").unwrap();
        std::fs::write(dir.join(".hidden.txt"), "x").unwrap();
        let listed = list_folder(&dir);
        let titles: Vec<&str> = listed.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["84. Letter From Brezhnev", "85. Memorandum"]);

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
        assert_eq!(names, ["volumes", "d84.txt", "d85.TXT"]);
        assert!(complete("/no/such/folder/x", 10).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
