//! Helpers shared by the integration tests: fixture plans in temporary folders, running the
//! binary, reading its JSON diagnostics.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Every file under `dir`, by its path relative to `dir`, with its bytes.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Copies a folder tree (fixture plans are small).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of a fixture plan; the folder is removed on drop.
pub fn temp_plan(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    copy_dir(&fixture(name), &plan);
    (dir, plan)
}

pub fn plandoc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plandoc"))
        .args(args)
        .output()
        .expect("run plandoc")
}

/// `plandoc build --plan PLAN --out TEMP --only ONLY --no-search`, which must succeed; the
/// output folder is removed on drop.
pub fn build(plan: &Path, only: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = plandoc(&[
        "build",
        "--plan",
        &plan.to_string_lossy(),
        "--out",
        &out.path().to_string_lossy(),
        "--only",
        only,
        "--no-search",
    ]);
    assert!(
        run.status.success(),
        "build of {} failed: {}",
        plan.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

/// One diagnostic as `plandoc check --format json` prints it.
#[derive(Debug, serde::Deserialize)]
pub struct JsonDiagnostic {
    pub severity: String,
    pub code: String,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub help: Option<String>,
}

pub fn check_json(plan: &Path, strict: bool) -> (i32, Vec<JsonDiagnostic>) {
    let plan = plan.to_str().unwrap();
    let mut args = vec!["check", "--format", "json", "--plan", plan];
    if strict {
        args.push("--strict");
    }
    let out = plandoc(&args);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let diags = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (out.status.code().unwrap_or(-1), diags)
}
