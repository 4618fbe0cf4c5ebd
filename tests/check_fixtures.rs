//! `plandoc check` on the valid minimal fixture and on every invalid fixture: each invalid
//! fixture is the minimal plan with a few edits (tests/fixtures/invalid/*/fixture.yaml) and
//! names the exact diagnostics (code, file, line) it must produce — no more, no fewer.

mod common;

use common::*;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    edits: Vec<Edit>,
    expect: Vec<Expected>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    #[serde(default)]
    find: Option<String>,
    #[serde(default)]
    replace: Option<String>,
    #[serde(default)]
    replace_hex: Option<String>,
    #[serde(default)]
    append: Option<String>,
    #[serde(default)]
    delete: bool,
}

#[derive(Deserialize, Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
#[serde(deny_unknown_fields)]
struct Expected {
    code: String,
    file: String,
    line: usize,
}

fn apply(plan: &Path, edit: &Edit) {
    let path = plan.join(&edit.file);
    if edit.delete {
        std::fs::remove_file(&path).unwrap();
        return;
    }
    let mut bytes = std::fs::read(&path).unwrap();
    if let Some(find) = &edit.find {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let at = text
            .find(find.as_str())
            .unwrap_or_else(|| panic!("{}: `{find}` not found", edit.file));
        let replacement: Vec<u8> = match (&edit.replace, &edit.replace_hex) {
            (Some(r), _) => r.as_bytes().to_vec(),
            (None, Some(hex)) => (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect(),
            (None, None) => panic!("edit of {} has `find` but no replacement", edit.file),
        };
        bytes.splice(at..at + find.len(), replacement);
    }
    if let Some(append) = &edit.append {
        bytes.extend_from_slice(append.as_bytes());
    }
    std::fs::write(&path, bytes).unwrap();
}

#[test]
fn minimal_fixture_is_clean_under_strict() {
    let (code, diags) = check_json(&fixture("minimal"), true);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(code, 0);
}

#[test]
fn new_writes_the_minimal_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p");
    let out = plandoc(&["new", plan.to_str().unwrap()]);
    assert!(out.status.success());
    for entry in walkdir::WalkDir::new(fixture("minimal"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = entry.path().strip_prefix(fixture("minimal")).unwrap();
        let written = std::fs::read_to_string(plan.join(rel)).unwrap_or_default();
        assert_eq!(
            written,
            std::fs::read_to_string(entry.path()).unwrap(),
            "{} differs",
            rel.display()
        );
    }
    let (code, diags) = check_json(&plan, true);
    assert!(diags.is_empty() && code == 0, "{diags:#?}");
}

#[test]
fn every_invalid_fixture_gives_its_diagnostics() {
    let dir = fixture("invalid");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(
        names.len() >= 12,
        "expected at least 12 invalid fixtures, found {}",
        names.len()
    );
    let mut failures = Vec::new();
    for name in &names {
        let fx: Fixture = serde_yaml::from_str(
            &std::fs::read_to_string(dir.join(name).join("fixture.yaml")).unwrap(),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        let (_tmp, plan) = temp_plan("minimal");
        for edit in &fx.edits {
            apply(&plan, edit);
        }
        let (code, diags) = check_json(&plan, true);
        let mut got: Vec<Expected> = diags
            .iter()
            .map(|d| Expected {
                code: d.code.clone(),
                file: d
                    .file
                    .as_deref()
                    .map(|f| {
                        Path::new(f)
                            .strip_prefix(&plan)
                            .unwrap_or(Path::new(f))
                            .display()
                            .to_string()
                    })
                    .unwrap_or_default(),
                line: d.line.unwrap_or(0),
            })
            .collect();
        got.sort();
        let mut want = fx.expect.clone();
        want.sort();
        if got != want || code != 1 {
            failures.push(format!(
                "{name}: exit {code}\n  expected {want:?}\n  got      {got:?}\n  {:#?}",
                diags
            ));
        }
        for d in &diags {
            assert!(d.help.is_some(), "{name}: `{}` has no help line", d.code);
            assert!(
                d.column.is_some_and(|c| c >= 1),
                "{name}: `{}` has no column",
                d.code
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn human_output_looks_like_rustc() {
    let (_tmp, plan) = temp_plan("minimal");
    apply(
        &plan,
        &Edit {
            file: "chapters/02-measures.zh.md".into(),
            find: Some("(mention:va-total)".into()),
            replace: Some("(mention:va-totl)".into()),
            replace_hex: None,
            append: None,
            delete: false,
        },
    );
    let out = plandoc(&["check", "--plan", plan.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("error[unknown-target]: `mention:va-totl` names no registered target"),
        "{err}"
    );
    assert!(err.contains("02-measures.zh.md:9:"), "{err}");
    assert!(err.contains("help: did you mean `va-total`?"), "{err}");
    assert!(
        err.contains("[1500亿元](mention:va-totl)"),
        "the source line is shown: {err}"
    );
}

#[test]
fn missing_plan_folder_is_a_usage_error() {
    let out = plandoc(&["check", "--plan", "/nonexistent/plan"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no plan folder"));
}

#[test]
fn help_lists_every_command() {
    let out = plandoc(&["--help"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for cmd in ["build", "check", "serve", "import", "targets", "new"] {
        assert!(text.contains(cmd), "{cmd} missing from --help:\n{text}");
    }
}
