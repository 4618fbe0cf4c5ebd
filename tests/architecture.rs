//! The compiler's stages, as docs/architecture.md draws them, hold in the code: a module uses
//! only the modules of its own stage or lower ones, nothing in the library uses the CLI
//! commands, and no two submodules of a module use each other. The test reads every `crate::…`
//! and `super::…` path in src/ (comments and strings included: a stale mention is worth fixing
//! too) and fails on an edge the table below does not allow.

mod common;

use common::root;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module and the modules it may use. `exit` (the exit codes in lib.rs) and
/// `text` (the knowledge of Chinese text) and `atomic` (atomic file writes), both leaves, may be
/// used by every module.
const ALLOWED: &[(&str, &[&str])] = &[
    ("text", &[]),
    ("atomic", &[]),
    ("model", &[]),
    ("values", &["model"]),
    ("diag", &["model"]),
    ("source", &["model", "diag"]),
    ("index", &["model"]),
    ("present", &["model", "values", "index"]),
    ("translate", &["model", "values", "source", "diag"]),
    (
        "check",
        &["model", "values", "diag", "source", "translate", "index"],
    ),
    ("import", &["model", "values", "source"]),
    (
        "suggest",
        &["model", "values", "source", "translate", "diag"],
    ),
    (
        "render",
        &[
            "model",
            "values",
            "diag",
            "index",
            "translate",
            "source",
            "present",
            "exchange",
        ],
    ),
    (
        "driver",
        &[
            "model",
            "diag",
            "source",
            "check",
            "render",
            "index",
            "translate",
        ],
    ),
    (
        "serve",
        &[
            "model",
            "diag",
            "source",
            "index",
            "render",
            "driver",
            "translate",
            "check",
        ],
    ),
    // Exchange formats (XLIFF, CSV): read and write what other tools use.
    (
        "exchange",
        &["model", "values", "diag", "source", "translate"],
    ),
    // The commands: the front door, free to use every stage; nothing uses them.
    (
        "cmd",
        &[
            "model",
            "values",
            "diag",
            "source",
            "index",
            "translate",
            "check",
            "import",
            "suggest",
            "render",
            "driver",
            "serve",
            "exchange",
        ],
    ),
];

fn top_module(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

fn sources() -> Vec<(std::path::PathBuf, String)> {
    walkdir::WalkDir::new(root().join("src"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            (e.path().to_path_buf(), text)
        })
        .collect()
}

/// The module names after every occurrence of `prefix` (`crate::`, `super::`) in `text`.
fn paths_after<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    text.match_indices(prefix)
        .map(|(i, _)| {
            let rest = &text[i + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .filter(|m| !m.is_empty())
        .collect()
}

#[test]
fn no_stage_uses_a_higher_one() {
    let allowed: BTreeMap<&str, BTreeSet<&str>> = ALLOWED
        .iter()
        .map(|(m, deps)| (*m, deps.iter().copied().collect()))
        .collect();
    let src = root().join("src");
    let mut violations = Vec::new();
    for (path, text) in sources() {
        let rel = path.strip_prefix(&src).unwrap();
        let module = top_module(rel);
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(deps) = allowed.get(module.as_str()) else {
            violations.push(format!(
                "{}: module `{module}` is not in the stage table",
                rel.display()
            ));
            continue;
        };
        for used in paths_after(&text, "crate::") {
            // The leaves: exit codes, the knowledge of Chinese text, atomic writes.
            let leaf = matches!(used, "exit" | "text" | "atomic");
            if used != module && !leaf && !deps.contains(used) {
                violations.push(format!(
                    "{}: `{module}` uses `crate::{used}`",
                    rel.display()
                ));
            }
        }
    }
    violations.sort();
    violations.dedup();
    assert!(
        violations.is_empty(),
        "upward or unlisted uses:\n{}",
        violations.join("\n")
    );
}

#[test]
fn no_two_submodules_use_each_other() {
    let src = root().join("src");
    // (directory, file stem) -> siblings it names through `super::`
    let mut uses: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for (path, text) in sources() {
        let rel = path.strip_prefix(&src).unwrap();
        let dir = rel.parent().unwrap().display().to_string();
        let stem = rel.file_stem().unwrap().to_string_lossy().to_string();
        if stem == "mod" || dir.is_empty() {
            continue;
        }
        let siblings: BTreeSet<String> = paths_after(&text, "super::")
            .into_iter()
            .filter(|s| *s != stem)
            .map(str::to_string)
            .collect();
        uses.insert((dir, stem), siblings);
    }
    let mut cycles = Vec::new();
    for ((dir, a), used) in &uses {
        for b in used {
            if uses
                .get(&(dir.clone(), b.clone()))
                .is_some_and(|back| back.contains(a))
                && a < b
            {
                cycles.push(format!("{dir}/{a}.rs and {dir}/{b}.rs use each other"));
            }
        }
    }
    assert!(cycles.is_empty(), "{}", cycles.join("\n"));
}
