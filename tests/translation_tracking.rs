//! Translation tracking an editor can act on (issue #22): `plandoc new` writes a lock that
//! matches its own text, the lock keeps the accepted zh text so a stale warning shows the
//! change, `translate status --stale` lists the stale blocks, `build --strict` refuses to
//! publish with warnings, and help lines name `--plan DIR` when the plan is elsewhere.

mod common;

use common::*;
use std::path::Path;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = plandoc(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn edit(plan: &Path, file: &str, find: &str, replace: &str) {
    let path = plan.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(find), "{file}: `{find}` not found");
    std::fs::write(&path, text.replacen(find, replace, 1)).unwrap();
}

fn json_lines(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn new_plan() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("my-plan");
    let (code, _, err) = run(&["new", plan.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    (tmp, plan)
}

#[test]
fn a_fresh_scaffold_has_no_stale_or_unrecorded_block() {
    let (_tmp, plan) = new_plan();
    let (code, diags) = check_json(&plan, true);
    assert_eq!(code, 0, "{diags:?}");
    assert!(diags.is_empty(), "{diags:?}");
    let lock = std::fs::read_to_string(plan.join("translations.lock")).unwrap();
    // The lock keeps the accepted zh text of each block.
    assert!(
        lock.contains("zh: \"2020年，全市服务业增加值为999.21亿元"),
        "{lock}"
    );
}

#[test]
fn stale_warning_shows_the_change_and_underlines_the_words() {
    let (_tmp, plan) = new_plan();
    let p = plan.to_str().unwrap();
    edit(
        &plan,
        "chapters/01-objectives.zh.md",
        "占GDP比重为",
        "占全市GDP比重为",
    );
    let (code, out, _) = run(&["check", "--plan", p, "--format", "json"]);
    assert_eq!(code, 0);
    let diags = json_lines(&out);
    assert_eq!(diags.len(), 1, "{out}");
    let d = &diags[0];
    assert_eq!(d["code"], "stale-translation");
    let help = d["help"].as_str().unwrap();
    assert!(help.contains("占[]GDP比重为"), "{help}");
    assert!(help.contains("占[全市]GDP比重为"), "{help}");
    // The help line is runnable as printed: the plan is not `plan/`.
    assert!(
        help.contains(&format!("`plandoc translate accept --plan {p} basis.1`")),
        "{help}"
    );
    // The zh label underlines the inserted words (the second 全市 of the line), not the block.
    let zh = &d["labels"][1];
    assert_eq!(zh["line"], 9);
    let text = std::fs::read_to_string(plan.join("chapters/01-objectives.zh.md")).unwrap();
    let line: Vec<char> = text.lines().nth(8).unwrap().chars().collect();
    let (c0, c1) = (
        zh["column"].as_u64().unwrap() as usize,
        zh["end_column"].as_u64().unwrap() as usize,
    );
    assert_eq!(line[c0 - 1..c1 - 1].iter().collect::<String>(), "全市");
    assert!(c0 > 10, "the second 全市, not the first: column {c0}");
    // The en label is the start of the block, not its whole paragraph.
    let en = &d["labels"][0];
    let width = en["end_column"].as_u64().unwrap() - en["column"].as_u64().unwrap();
    assert!(width <= 60, "underline of {width} characters");

    // `status --stale` lists it, with the change.
    let (code, out, _) = run(&["translate", "status", "--stale", "--plan", p]);
    assert_eq!(code, 0);
    assert!(out.starts_with("basis.1  (chapter `objectives`)"), "{out}");
    assert!(out.contains("01-objectives.en.md:9"), "{out}");
    assert!(out.contains("now …9.21亿元，占[全市]GDP比重为42…"), "{out}");
    assert!(out.contains("1 stale block"), "{out}");
    let (_, out, _) = run(&[
        "translate",
        "status",
        "--stale",
        "--plan",
        p,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["stale"].as_array().unwrap().len(), 1);
    assert_eq!(v["stale"][0]["key"], "basis.1");

    // Accepting clears it, and records the new text.
    let (code, _, err) = run(&["translate", "accept", "--plan", p, "basis.1"]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = run(&["translate", "status", "--stale", "--plan", p]);
    assert_eq!(out.trim(), "no stale blocks");
    let lock = std::fs::read_to_string(plan.join("translations.lock")).unwrap();
    assert!(lock.contains("占全市GDP比重为"), "{lock}");
}

#[test]
fn an_old_lock_without_texts_still_reads() {
    // The lock format before the accepted text was recorded: `key: "hash"`.
    let (_tmp, plan) = temp_plan("minimal");
    std::fs::write(
        plan.join("translations.lock"),
        "basis.1: \"f0cf261115a86369\"\ngoals.1: \"059df2a4290ac161\"\nlogistics.1: \"53ea6208320ddeae\"\n",
    )
    .unwrap();
    let (code, diags) = check_json(&plan, true);
    assert_eq!(code, 0, "{diags:?}");
    edit(&plan, "chapters/01-objectives.zh.md", "占GDP", "占全市GDP");
    let (_, diags) = check_json(&plan, false);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, "stale-translation");
    assert!(
        diags[0]
            .help
            .as_deref()
            .unwrap()
            .contains("cannot be shown"),
        "{:?}",
        diags[0].help
    );
}

#[test]
fn build_strict_refuses_to_publish_with_warnings() {
    let (tmp, plan) = new_plan();
    let p = plan.to_str().unwrap();
    let out = tmp.path().join("out");
    let o = out.to_str().unwrap();
    edit(&plan, "chapters/01-objectives.zh.md", "占GDP", "占全市GDP");
    let (code, _, err) = run(&[
        "build", "--strict", "--plan", p, "--out", o, "--only", "data",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("stale-translation"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!out.exists());
    // Without --strict the warning does not stop the build.
    let (code, _, err) = run(&["build", "--plan", p, "--out", o, "--only", "data"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("site/data").exists());
}

#[test]
fn help_lines_omit_plan_for_the_default_folder() {
    use plandoc::diag::with_plan_arg;
    assert_eq!(
        with_plan_arg("then run `plandoc translate accept basis.1`", "my plan"),
        "then run `plandoc translate accept --plan my plan basis.1`"
    );
    assert_eq!(
        with_plan_arg("see `plandoc check` and `plandoc glossary suggest`", "x"),
        "see `plandoc check --plan x` and `plandoc glossary suggest --plan x`"
    );
    // `plandoc new DIR` takes no --plan; a command that has one is left alone.
    assert_eq!(
        with_plan_arg("`plandoc new p` · `plandoc check --plan y`", "x"),
        "`plandoc new p` · `plandoc check --plan y`"
    );
    // In plan/ the help lines stay as they are.
    let (_tmp, plan) = temp_plan("minimal");
    edit(&plan, "chapters/01-objectives.zh.md", "占GDP", "占全市GDP");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_plandoc"))
        .args(["check", "--format", "json"])
        .current_dir(plan.parent().unwrap())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("`plandoc translate accept basis.1`"),
        "{stdout}"
    );
}
