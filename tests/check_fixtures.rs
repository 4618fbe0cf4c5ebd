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

#[derive(Deserialize, Default)]
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
    /// Create the file with this content (it need not exist).
    #[serde(default)]
    write: Option<String>,
    /// Replace the file with a folder of the same name.
    #[serde(default)]
    make_dir: bool,
    /// Replace the file with a symbolic link to this path.
    #[serde(default)]
    symlink: Option<String>,
    /// Grow the file to this many bytes (sparse).
    #[serde(default)]
    size: Option<u64>,
}

#[derive(Deserialize, Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
#[serde(deny_unknown_fields)]
struct Expected {
    code: String,
    file: String,
    line: usize,
    /// When given, the finding's column must be this one (the offending character).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

fn apply(plan: &Path, edit: &Edit) {
    let path = plan.join(&edit.file);
    if edit.delete {
        std::fs::remove_file(&path).unwrap();
        return;
    }
    if let Some(text) = &edit.write {
        std::fs::write(&path, text).unwrap();
        return;
    }
    if edit.make_dir {
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        return;
    }
    if let Some(target) = &edit.symlink {
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(target, &path).unwrap();
        return;
    }
    if let Some(size) = edit.size {
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(size)
            .unwrap();
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
                column: None,
            })
            .collect();
        got.sort();
        let mut want: Vec<Expected> = fx
            .expect
            .iter()
            .map(|e| Expected {
                column: None,
                ..e.clone()
            })
            .collect();
        want.sort();
        for e in fx.expect.iter().filter(|e| e.column.is_some()) {
            let found = diags.iter().any(|d| {
                d.code == e.code
                    && d.line == Some(e.line)
                    && d.column == e.column
                    && d.file.as_deref().is_some_and(|f| f.ends_with(&e.file))
            });
            if !found {
                failures.push(format!(
                    "{name}: no `{}` at {}:{}:{}: {diags:#?}",
                    e.code,
                    e.file,
                    e.line,
                    e.column.unwrap()
                ));
            }
        }
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
            write: None,
            make_dir: false,
            symlink: None,
            size: None,
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

/// docs/diagnostics.md is made from the invalid fixtures, so it never disagrees with the tool:
/// for every code, its description (the doc comment of `Code`), the fixture that produces it and
/// the exact output of `plandoc check` on that fixture. Fails when a code has no fixture, when
/// a finding has no help line, or when the doc is out of date (`PLANDOC_BLESS=1 cargo test
/// --test check_fixtures` rewrites it).
#[test]
fn diagnostics_doc_shows_every_code_as_the_tool_prints_it() {
    let dir = fixture("invalid");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let fixtures: Vec<(String, String, Fixture)> = names
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(&name).join("fixture.yaml")).unwrap();
            let comment = text
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches('#')
                .trim()
                .to_string();
            (name, comment, serde_yaml::from_str(&text).unwrap())
        })
        .collect();
    let mut doc = String::from(
        "# Diagnostics\n\nEvery finding of `plandoc check` (and of `build`, which checks first) has a stable code, a\n\
         place (`file:line:col`), and a help line that says how to fix it. Errors stop a build;\n\
         warnings do not, except under `--strict`. `--format json` prints the same findings as one\n\
         JSON object per line.\n\n\
         This page is generated from the invalid fixtures in `tests/fixtures/invalid/` (each is the\n\
         minimal plan with a few edits): the example under each code is what `plandoc check` prints\n\
         for that fixture, and a test fails when it no longer does.\n\n",
    );
    let mut missing = Vec::new();
    for code in plandoc::diag::Code::ALL {
        let Some((name, comment, fx)) = fixtures
            .iter()
            .find(|(_, _, fx)| fx.expect.iter().any(|e| e.code == code.as_str()))
        else {
            missing.push(code.as_str());
            continue;
        };
        let (_tmp, plan) = temp_plan("minimal");
        for edit in &fx.edits {
            apply(&plan, edit);
        }
        // Run as an editor would, from the folder that holds `plan/`: help lines then print
        // their commands without `--plan`.
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_plandoc"))
            .args(["check"])
            .current_dir(plan.parent().unwrap())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stderr).into_owned();
        // The finding of this code: from its first line to the blank line after it.
        let start = text
            .find(&format!("error[{code}]"))
            .or_else(|| text.find(&format!("warning[{code}]")))
            .unwrap_or_else(|| panic!("{name}: `{code}` not in the output:\n{text}"));
        let example = text[start..]
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .trim_end();
        assert!(
            example.contains("= help:"),
            "{name}: `{code}` has no help line:\n{example}"
        );
        doc.push_str(&format!(
            "## `{code}`\n\n{}\n\nExample ([`tests/fixtures/invalid/{name}`](../tests/fixtures/invalid/{name}/fixture.yaml): {comment}):\n\n```text\n{example}\n```\n\n",
            code.description()
        ));
    }
    assert!(
        missing.is_empty(),
        "codes without an invalid fixture: {missing:?}"
    );
    let path = root().join("docs/diagnostics.md");
    if std::env::var_os("PLANDOC_BLESS").is_some() {
        std::fs::write(&path, &doc).unwrap();
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == doc,
        "docs/diagnostics.md is out of date: run `PLANDOC_BLESS=1 cargo test --test check_fixtures`"
    );
}
