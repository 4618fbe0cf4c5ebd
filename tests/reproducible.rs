//! The same input gives byte-identical output: two builds of the minimal plan, from two copies
//! in different temporary folders (so the folder a plan is built in cannot leak into the
//! output), compared file by file — the site with its search index, the data exports and the
//! PDF editions.

mod common;

use common::{temp_plan, tree};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Builds a fresh copy of the minimal fixture with `--only parts`, the way editors do: from
/// the folder holding `plan/`, with the default `--plan plan --out output`. Returns the tree.
fn build(parts: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    let (dir, _plan) = temp_plan("minimal");
    let out = dir.path().join("output");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_plandoc"))
        .args(["build", "--only", parts])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "build --only {parts} failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    tree(&out)
}

fn assert_identical(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) {
    let names = |t: &BTreeMap<PathBuf, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(a), names(b), "the two builds wrote different files");
    for (path, bytes) in a {
        let other = &b[path];
        if bytes != other {
            let at = bytes
                .iter()
                .zip(other.iter())
                .position(|(x, y)| x != y)
                .unwrap_or(bytes.len().min(other.len()));
            let context = |v: &[u8]| {
                String::from_utf8_lossy(&v[at.saturating_sub(80)..(at + 80).min(v.len())])
                    .into_owned()
            };
            panic!(
                "{} differs between two builds of the same input (byte {at}):\n  first:  {}\n  second: {}",
                path.display(),
                context(bytes),
                context(other)
            );
        }
    }
    assert!(!a.is_empty());
}

#[test]
fn site_and_data_are_byte_identical() {
    let first = build("html,data");
    assert!(first.contains_key(Path::new("site/zh/index.html")));
    assert!(
        first.keys().any(|p| p.starts_with("site/pagefind/zh/")),
        "the search index is part of the comparison"
    );
    assert_identical(&first, &build("html,data"));
}

#[test]
fn pdf_editions_are_byte_identical() {
    if let Err(e) = plandoc::render::pdf::typst::Typst::locate() {
        panic!(
            "the PDF reproducibility test needs typst and the CJK fonts: {e}\n  \
             run scripts/setup.sh (installs typst-cli and fonts-noto-cjk), then run the tests again"
        );
    }
    let first = build("pdf");
    for edition in ["zh", "en", "bilingual"] {
        assert!(
            first.contains_key(&PathBuf::from(format!("pdf/plan.{edition}.pdf"))),
            "plan.{edition}.pdf was built"
        );
    }
    assert_identical(&first, &build("pdf"));
}
