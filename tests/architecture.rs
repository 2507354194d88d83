//! The shape of the source tree, checked: which file may name which (issue 13).
//!
//! Every `crate::…` or `super::…` path a file under `src/` names (in a `use` or inline),
//! and every `use` of its own child modules (`use read::element;` in `tei/mod.rs`), is an
//! edge from that file's module to the module the path leads to — through re-exports to
//! where a name comes from (`crate::ui::MarginaliaApp` is `ui::app`). A module and the
//! files of its own submodules (`ui/app.rs` and `ui/app/*.rs`) count as one: they are one
//! concept split for length. The graph must have no cycle, between modules or between
//! folders; the core must not name the UI, nor a panel the app. A file's tests, last in
//! it, are left out: they may reach anywhere. Fixtures show each check catching its case.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file under `src/` defines, as `core::document` (`lib.rs` and `main.rs`
/// are the roots and `mod.rs` names its folder).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts.len() == 1 && (parts[0] == "lib" || parts[0] == "main") {
        parts.clear();
    }
    parts
}

/// The text of `source` without comments and string contents, so that a path in a doc
/// comment or a message is not an edge.
fn code_only(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.lines() {
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let mut in_string = false;
        let mut escaped = false;
        for c in code.chars() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                }
                continue;
            }
            if c == '"' {
                in_string = true;
            }
            out.push(c);
        }
        out.push('\n');
    }
    out
}

/// The path written at the start of `s`, after `base`: its words as far as `::` goes on,
/// and a `{a, b::c}` group expanded one level (a path a group item).
fn path_from(s: &str, mut base: Vec<String>) -> Vec<Vec<String>> {
    let mut s = s;
    loop {
        let word: String = s
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if word.is_empty() {
            break;
        }
        s = &s[word.len()..];
        base.push(word);
        match s.strip_prefix("::") {
            Some(after) => s = after,
            None => break,
        }
    }
    match s.strip_prefix('{') {
        Some(group) => {
            let end = group.find('}').unwrap_or(group.len());
            (group[..end].split(','))
                .map(|item| {
                    let mut full = base.clone();
                    full.extend(
                        (item.trim().split("::"))
                            .map(|w| w.trim().to_string())
                            .filter(|w| !w.is_empty()),
                    );
                    full
                })
                .collect()
        }
        None if base.is_empty() => Vec::new(),
        None => vec![base],
    }
}

/// Every module path `code` names from the crate's root — `crate::a::b`, or `super::b`
/// seen from `module` — with `{a, b::c}` groups expanded one level.
fn named_paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut rest = code;
    loop {
        let next = ["crate::", "super::"]
            .iter()
            .filter_map(|k| rest.find(k).map(|i| (i, *k)))
            .min();
        let Some((i, keyword)) = next else {
            break;
        };
        let glued = rest[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
        rest = &rest[i + keyword.len()..];
        if glued {
            continue;
        }
        let path: Vec<String> = if keyword == "crate::" {
            Vec::new()
        } else {
            let mut base = module.to_vec();
            base.pop();
            while let Some(after) = rest.strip_prefix("super::") {
                base.pop();
                rest = after;
            }
            base
        };
        paths.extend(path_from(rest, path));
    }
    paths
}

/// The modules a file declares as its children (`mod read;`, `pub mod read;`).
fn children(code: &str) -> Vec<String> {
    code.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let line = line.strip_prefix("pub ").unwrap_or(line);
            let line = line.strip_prefix("pub(crate) ").unwrap_or(line);
            let name = line.strip_prefix("mod ")?.trim_end().strip_suffix(';')?;
            Some(name.trim().to_string())
        })
        .collect()
}

/// Paths named relative to `module` itself: `self::x::y`, and `x::y` in a `use` when `x`
/// is one of its child modules (`use read::element;` in `tei/mod.rs`), as from the root.
fn relative_paths(code: &str, module: &[String], kids: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (i, _) in code.match_indices("use ") {
        let glued = code[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        if glued {
            continue;
        }
        let rest = code[i + 4..].trim_start();
        let rest = rest.strip_prefix("self::").unwrap_or(rest);
        let first: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if kids.contains(&first) {
            out.extend(path_from(rest, module.to_vec()));
        }
    }
    out
}

/// Names a module re-exports (`pub use app::{AppOptions, MarginaliaApp};` in
/// `ui/mod.rs`), as the module path with the name → the module they come from.
fn reexports(
    code: &str,
    module: &[String],
    modules: &BTreeSet<Vec<String>>,
) -> Vec<(Vec<String>, Vec<String>)> {
    let kids = children(code);
    let mut out = Vec::new();
    for statement in code.split(';') {
        let Some(at) = statement.find("pub use ") else {
            continue;
        };
        let text = &statement[at + "pub ".len()..];
        let mut paths = named_paths(text, module);
        paths.extend(relative_paths(text, module, &kids));
        for path in paths {
            if let (Some(name), Some(to)) = (path.last(), target(modules, &path)) {
                let mut key = module.to_vec();
                key.push(name.clone());
                if to != module {
                    out.push((key, to));
                }
            }
        }
    }
    out
}

/// The module `path` leads to, through a re-export where it goes through one.
fn leads_to(
    through: &BTreeMap<Vec<String>, Vec<String>>,
    modules: &BTreeSet<Vec<String>>,
    path: &[String],
) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .find_map(|n| through.get(&path[..n]).cloned())
        .or_else(|| target(modules, path))
}

/// The module a path leads to: the longest prefix of it that is a module.
fn target(modules: &BTreeSet<Vec<String>>, path: &[String]) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| modules.contains(prefix))
}

/// The unit a module belongs to: itself, unless it is a submodule of a module that has
/// a file of its own beside its folder (`ui/app.rs` with `ui/app/`).
fn unit(owners: &BTreeSet<Vec<String>>, module: &[String]) -> Vec<String> {
    (1..module.len())
        .map(|n| module[..n].to_vec())
        .find(|prefix| owners.contains(prefix))
        .unwrap_or_else(|| module.to_vec())
}

/// Module → the modules it names, by unit.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&src, f)).collect();
    // Modules written as `name.rs` beside a folder `name/`: they and their folder are one.
    let owners: BTreeSet<Vec<String>> = files
        .iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "mod.rs"))
        .filter(|f| f.with_extension("").is_dir())
        .map(|f| module_of(&src, f))
        .collect();
    // What each module re-exports, so that a path through a re-export leads where the
    // name comes from (`crate::ui::MarginaliaApp` is `ui::app`).
    let mut through: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap_or_default();
        through.extend(reexports(
            &code_only(&source),
            &module_of(&src, file),
            &modules,
        ));
    }
    let lead = |path: &[String]| leads_to(&through, &modules, path);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let from = unit(&owners, &module_of(&src, file)).join("::");
        let source = std::fs::read_to_string(file).unwrap_or_default();
        // A file's tests (last in it, as clippy has them) may reach anywhere: the graph is
        // the program's own.
        let source = match source.find("#[cfg(test)]\nmod tests") {
            Some(at) => source[..at].to_string(),
            None => source,
        };
        let entry = edges.entry(from.clone()).or_default();
        let code = code_only(&source);
        let module = module_of(&src, file);
        let mut paths = named_paths(&code, &module);
        paths.extend(relative_paths(&code, &module, &children(&code)));
        for path in paths {
            if let Some(to) = lead(&path) {
                let to = unit(&owners, &to).join("::");
                if to != from && !to.is_empty() && !from.starts_with(&format!("{to}::")) {
                    entry.insert(to);
                }
            }
        }
    }
    edges
}

/// A cycle in `edges`, as the modules along it, if there is one.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        marks: &mut BTreeMap<String, Mark>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(node.to_string(), Mark::Open);
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            match marks.get(next).copied().unwrap_or(Mark::New) {
                Mark::Open => {
                    let from = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Mark::New => {
                    if let Some(cycle) = visit(next, edges, marks, stack) {
                        return Some(cycle);
                    }
                }
                Mark::Done => {}
            }
        }
        stack.pop();
        marks.insert(node.to_string(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in edges.keys() {
        if marks.get(node).copied().unwrap_or(Mark::New) == Mark::New {
            let mut stack = Vec::new();
            if let Some(cycle) = visit(node, edges, &mut marks, &mut stack) {
                return Some(cycle);
            }
        }
    }
    None
}

#[test]
fn no_two_modules_name_each_other_even_through_others() {
    let edges = graph();
    assert!(
        edges.contains_key("core::document") && edges.contains_key("ui::panels::reader"),
        "the source tree was read: {:?}",
        edges.keys().collect::<Vec<_>>()
    );
    if let Some(cycle) = find_cycle(&edges) {
        panic!("an import cycle: {}", cycle.join(" → "));
    }
}

/// The same graph between folders: every module of `core/study/` is one node
/// `core::study`, and so on (a file beside its folders, `core/dates.rs`, is its own).
fn folders(edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<String, BTreeSet<String>> {
    let folder = |module: &str| module.split("::").take(2).collect::<Vec<_>>().join("::");
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in edges {
        let from = folder(from);
        let entry = out.entry(from.clone()).or_default();
        for to in tos.iter().map(|t| folder(t)).filter(|t| *t != from) {
            entry.insert(to);
        }
    }
    out
}

#[test]
fn no_two_folders_name_each_other_even_through_others() {
    let edges = folders(&graph());
    assert!(edges.contains_key("core::study") && edges.contains_key("core::tei"));
    if let Some(cycle) = find_cycle(&edges) {
        panic!("folders that name each other: {}", cycle.join(" → "));
    }
}

#[test]
fn the_checker_sees_folders_as_units() {
    // As the study and the TEI reader once were: each file's imports are fine alone, but
    // the folders name each other.
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges
        .entry("core::study::edit".into())
        .or_default()
        .insert("core::tei".into());
    edges
        .entry("core::tei::read".into())
        .or_default()
        .insert("core::study::dates".into());
    assert_eq!(find_cycle(&edges), None);
    assert_eq!(
        find_cycle(&folders(&edges)),
        Some(vec![
            "core::study".into(),
            "core::tei".into(),
            "core::study".into()
        ])
    );
}

#[test]
fn the_checker_follows_re_exports_and_paths_relative_to_a_module() {
    let words = |p: &str| p.split("::").map(String::from).collect::<Vec<_>>();
    let modules: BTreeSet<Vec<String>> = [
        "ui",
        "ui::app",
        "ui::outline",
        "core::tei",
        "core::tei::read",
    ]
    .into_iter()
    .map(words)
    .collect();
    // A panel naming the app through the UI's re-export names the app.
    let through: BTreeMap<Vec<String>, Vec<String>> = reexports(
        &code_only("mod app;\npub use app::{AppOptions, MarginaliaApp};\n"),
        &words("ui"),
        &modules,
    )
    .into_iter()
    .collect();
    let named = named_paths(
        &code_only("fn f(a: &crate::ui::MarginaliaApp) {}"),
        &words("ui::outline"),
    );
    assert_eq!(
        leads_to(&through, &modules, &named[0]),
        Some(words("ui::app"))
    );
    // A parent naming its child by a relative path (`use read::element;` in tei/mod.rs)
    // names that child.
    assert_eq!(children("mod read;\npub mod tests;\n"), ["read", "tests"]);
    assert_eq!(
        relative_paths(
            &code_only("mod read;\nuse read::element;\nuse std::fmt;\n"),
            &words("core::tei"),
            &["read".to_string()]
        ),
        vec![words("core::tei::read::element")]
    );
}

#[test]
fn the_core_names_no_window_and_only_the_app_names_the_app() {
    for (from, tos) in graph() {
        if from.starts_with("core") {
            assert!(
                tos.iter().all(|t| !t.starts_with("ui")),
                "{from} names the UI: {tos:?}"
            );
        }
        if from.starts_with("ui::") {
            assert!(
                !tos.contains("ui::app"),
                "{from} names ui::app: panels get what they read, and return actions"
            );
        }
    }
}

#[test]
fn the_checker_finds_a_cycle_it_is_shown() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    assert_eq!(find_cycle(&edges), None);
    edges.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        find_cycle(&edges),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    let here: Vec<String> = vec!["core".into(), "reanchor".into(), "judge".into()];
    let paths = named_paths(
        &code_only(
            "use crate::core::{document::Document, parse};\n// crate::ui::app in a comment\nlet x = \"crate::ui::app\"; crate::core::study::citation::pages_label(d, r);\nuse super::search::Candidate; use super::super::anchor::Anchor;",
        ),
        &here,
    );
    assert_eq!(
        paths,
        vec![
            vec!["core", "document", "Document"],
            vec!["core", "parse"],
            vec!["core", "study", "citation", "pages_label"],
            vec!["core", "reanchor", "search", "Candidate"],
            vec!["core", "anchor", "Anchor"],
        ]
    );
}

#[test]
fn no_source_file_is_over_seven_hundred_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 40, "the tree was read: {} files", files.len());
    for file in files {
        let lines = std::fs::read_to_string(&file)
            .unwrap_or_default()
            .lines()
            .count();
        assert!(
            lines <= 700,
            "{} has {lines} lines: split it by concern",
            file.display()
        );
    }
}

/// The window's parts (`src/ui/app/`) name what they use: a glob import of the app would
/// let any of them read and write every part of it. (A unit-test module may still use
/// its own file's items by `super::*`.)
#[test]
fn no_part_of_the_app_imports_the_app_whole() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/app");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    assert!(files.len() >= 8, "the app's parts were read: {files:?}");
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap_or_default();
        let outside_tests = match source.find("#[cfg(test)]\nmod tests") {
            Some(i) => &source[..i],
            None => &source[..],
        };
        let code = code_only(outside_tests);
        assert!(
            !code.contains("use super::*"),
            "{} imports its parent whole: name what it uses",
            file.display()
        );
    }
}

/// The fields of `struct name` in `code`, each with whether it is declared `pub` in any
/// form (`pub`, `pub(super)`, `pub(crate)`, …). Empty when there is no such struct.
fn struct_fields(code: &str, name: &str) -> Vec<(String, bool)> {
    let Some(start) = code.find(&format!("struct {name} {{")) else {
        return Vec::new();
    };
    let body = &code[start..];
    let body = &body[body.find('{').map_or(0, |i| i + 1)..];
    let body = &body[..body.find("\n}").unwrap_or(body.len())];
    body.lines()
        .map(str::trim)
        .filter(|line| line.contains(':') && !line.starts_with('#'))
        .map(|line| {
            let public = line.starts_with("pub ") || line.starts_with("pub(");
            let field = line.split(':').next().unwrap_or("").trim();
            let field = field.rsplit(' ').next().unwrap_or(field).to_string();
            (field, public)
        })
        .collect()
}

/// The window's parts that own state (what is open, the file, how the text is shown)
/// keep their fields private: another part changes them only through their methods or
/// their `apply`.
#[test]
fn the_apps_parts_keep_their_fields_private() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/app");
    for (file, name) in [
        ("workspace.rs", "Workspace"),
        ("session.rs", "Session"),
        ("view.rs", "View"),
    ] {
        let source = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        let fields = struct_fields(&code_only(&source), name);
        assert!(
            fields.len() >= 3,
            "{name}'s fields were read from {file}: {fields:?}"
        );
        let public: Vec<&String> = (fields.iter())
            .filter(|(_, p)| *p)
            .map(|(f, _)| f)
            .collect();
        assert!(public.is_empty(), "{name} has public fields: {public:?}");
    }
}

#[test]
fn the_field_checker_sees_a_public_field() {
    let code =
        code_only("pub struct View {\n    shown: bool,\n    pub(super) filter: Filter,\n}\n");
    assert_eq!(
        struct_fields(&code, "View"),
        vec![("shown".to_string(), false), ("filter".to_string(), true)]
    );
    assert!(struct_fields(&code, "Session").is_empty());
}

/// How ARCHITECTURE.md may name a file: `name.rs` (or `folder/name.rs`), and a folder's
/// `mod.rs` by its folder, `folder/` (or `parent/folder/`).
fn written_names(src: &Path, file: &Path) -> [String; 2] {
    let relative = file.strip_prefix(src).unwrap_or(file);
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name == "mod.rs" {
        let folder = relative
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        [format!("`{folder}/"), format!("/{folder}/")]
    } else {
        [format!("`{name}`"), format!("/{name}`")]
    }
}

#[test]
fn every_source_file_has_its_place_in_the_architecture_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap_or_default();
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let unnamed: Vec<String> = files
        .iter()
        .filter(|f| {
            !written_names(&src, f)
                .iter()
                .any(|n| page.contains(n.as_str()))
        })
        .map(|f| f.strip_prefix(&src).unwrap_or(f).display().to_string())
        .collect();
    assert!(
        unnamed.is_empty(),
        "ARCHITECTURE.md does not say where these belong: {unnamed:?}"
    );
    // The rule itself: a folder's mod.rs is named by its folder, a file by its name.
    assert_eq!(
        written_names(&src, &src.join("ui/panels/reader/mod.rs")),
        ["`reader/".to_string(), "/reader/".to_string()]
    );
    assert_eq!(
        written_names(&src, &src.join("ui/app/workspace.rs")),
        ["`workspace.rs`".to_string(), "/workspace.rs`".to_string()]
    );
}
