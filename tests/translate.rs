//! `plandoc translate status|accept` and the translation-tracking checks, end to end on copies
//! of the minimal fixture.

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

fn codes(plan: &Path) -> Vec<String> {
    let (_, diags) = check_json(plan, true);
    diags.into_iter().map(|d| d.code).collect()
}

fn status_json(plan: &Path) -> serde_json::Value {
    let (code, out, err) = run(&[
        "translate",
        "status",
        "--plan",
        plan.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn status_table_and_json() {
    let (_tmp, plan) = temp_plan("minimal");
    let p = plan.to_str().unwrap();
    let (code, out, err) = run(&["translate", "status", "--plan", p]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("chapter"), "{out}");
    for col in ["blocks", "translated", "stale", "unrecorded", "coverage"] {
        assert!(lines[0].contains(col), "{out}");
    }
    assert!(
        out.lines().any(|l| l.split_whitespace().collect::<Vec<_>>()
            == ["objectives", "2", "2", "0", "0", "100.0%"]),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == ["total", "3", "3", "0", "0", "100.0%"]),
        "{out}"
    );

    let json = status_json(&plan);
    let chapters = json["chapters"].as_array().unwrap();
    assert_eq!(chapters.len(), 2);
    assert_eq!(chapters[0]["id"], "objectives");
    assert_eq!(chapters[0]["stem"], "01-objectives");
    assert_eq!(chapters[1]["blocks"], 1);
    assert_eq!(json["total"]["translated"], 3);
    assert_eq!(json["total"]["coverage"], 100.0);

    // Without a lock nothing is recorded.
    std::fs::remove_file(plan.join("translations.lock")).unwrap();
    let json = status_json(&plan);
    assert_eq!(json["total"]["unrecorded"], 3);
    assert_eq!(json["total"]["translated"], 0);
    assert_eq!(json["total"]["coverage"], 0.0);
}

#[test]
fn accept_records_then_check_is_clean_and_tracks_zh_edits() {
    let (_tmp, plan) = temp_plan("minimal");
    let p = plan.to_str().unwrap();
    let lock = plan.join("translations.lock");
    let original = std::fs::read_to_string(&lock).unwrap();
    std::fs::remove_file(&lock).unwrap();

    // No lock: one `untranslated` warning per chapter.
    assert_eq!(codes(&plan), ["untranslated", "untranslated"]);

    let (code, out, err) = run(&["translate", "accept", "--plan", p, "--all"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("accepted 2 blocks of chapter `objectives`: 2 newly recorded"),
        "{out}"
    );
    assert!(
        out.contains("accepted 1 block of chapter `measures`"),
        "{out}"
    );
    let written = std::fs::read_to_string(&lock).unwrap();
    assert_eq!(
        written, original,
        "the lock is the fixture's lock, byte for byte"
    );
    assert!(written.starts_with("# "), "a header comment");
    assert!(codes(&plan).is_empty());

    // Editing the zh text makes the translation stale.
    edit(
        &plan,
        "chapters/02-measures.zh.md",
        "，支撑服务业增加值",
        "，有力支撑服务业增加值",
    );
    let (code, diags) = check_json(&plan, true);
    assert_eq!(code, 1);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].code, "stale-translation");
    assert!(diags[0]
        .file
        .as_deref()
        .unwrap()
        .ends_with("02-measures.en.md"));
    assert!(diags[0].help.as_deref().unwrap().contains(&format!(
        "plandoc translate accept --plan {} logistics.1",
        plan.display()
    )));
    let json = status_json(&plan);
    assert_eq!(json["chapters"][1]["stale"], 1);
    assert_eq!(json["total"]["coverage"], 66.7);

    // Accepting the one block after review makes the check clean again.
    let (code, out, err) = run(&["translate", "accept", "--plan", p, "logistics.1"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("accepted block `logistics.1`: 0 newly recorded, 1 updated"),
        "{out}"
    );
    assert!(codes(&plan).is_empty());

    // Accepting again changes nothing.
    let before = std::fs::read_to_string(&lock).unwrap();
    let (code, out, _) = run(&["translate", "accept", "--plan", p, "measures"]);
    assert_eq!(code, 0);
    assert!(out.contains("1 already current"), "{out}");
    assert_eq!(std::fs::read_to_string(&lock).unwrap(), before);
}

#[test]
fn target_tags_never_make_a_translation_stale() {
    let (_tmp, plan) = temp_plan("minimal");
    // Untagging (or tagging) text leaves the plain text, and so the hash, unchanged.
    edit(
        &plan,
        "chapters/02-measures.zh.md",
        "[1500亿元](mention:va-total)",
        "1500亿元",
    );
    assert!(codes(&plan).is_empty(), "{:?}", codes(&plan));
}

#[test]
fn accept_refuses_a_chapter_whose_skeletons_differ() {
    let (_tmp, plan) = temp_plan("minimal");
    let p = plan.to_str().unwrap();
    let lock = plan.join("translations.lock");
    let before = std::fs::read_to_string(&lock).unwrap();
    edit(
        &plan,
        "chapters/02-measures.en.md",
        " provincial logistics demonstration parks, supporting",
        " provincial logistics demonstration parks.\n\nThis supports",
    );
    let (code, _, err) = run(&["translate", "accept", "--plan", p, "measures"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("skeleton-mismatch"), "{err}");
    assert!(err.contains("chapter `measures` was not accepted"), "{err}");
    assert_eq!(std::fs::read_to_string(&lock).unwrap(), before);
    // The check stays quiet about translations it cannot pair.
    assert_eq!(codes(&plan), ["skeleton-mismatch"]);
}

#[test]
fn accept_drops_entries_of_blocks_that_no_longer_exist() {
    let (_tmp, plan) = temp_plan("minimal");
    let p = plan.to_str().unwrap();
    let lock = plan.join("translations.lock");
    let text = std::fs::read_to_string(&lock).unwrap();
    std::fs::write(&lock, format!("{text}gone.1: \"0000000000000000\"\n")).unwrap();
    // Ignored by check …
    assert!(codes(&plan).is_empty());
    // … and dropped by accept.
    let (code, out, err) = run(&["translate", "accept", "--plan", p, "objectives"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("dropped 1 entry for blocks that no longer exist"),
        "{out}"
    );
    assert_eq!(std::fs::read_to_string(&lock).unwrap(), text);
}

#[test]
fn accept_needs_a_known_name() {
    let (_tmp, plan) = temp_plan("minimal");
    let p = plan.to_str().unwrap();
    let (code, _, err) = run(&["translate", "accept", "--plan", p, "nowhere.9"]);
    assert_eq!(code, 2);
    assert!(err.contains("no chapter or block `nowhere.9`"), "{err}");
    let (code, _, _) = run(&["translate", "accept", "--plan", p]);
    assert_eq!(code, 2, "a name or --all is required");
}

fn suggest_json(plan: &Path) -> serde_json::Value {
    let (code, out, err) = run(&[
        "glossary",
        "suggest",
        "--plan",
        plan.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// The minimal plan with 湘潭物流港 in the heading and the block of `logistics`, rendered
/// `Xiangtan Logistics Port` in the heading and `block_rendering` in the block.
fn logistics_port(plan: &Path, block_rendering: &str) {
    edit(
        plan,
        "chapters/02-measures.zh.md",
        "（一）发展现代物流",
        "（一）建设湘潭物流港",
    );
    edit(
        plan,
        "chapters/02-measures.zh.md",
        "建设省级物流示范园区",
        "加快建设湘潭物流港，建成省级物流示范园区",
    );
    edit(
        plan,
        "chapters/02-measures.en.md",
        "(I) Developing Modern Logistics",
        "(I) Building the Xiangtan Logistics Port",
    );
    edit(
        plan,
        "chapters/02-measures.en.md",
        "Build [at least 3]",
        &format!("Speed up the building of the {block_rendering}, and build [at least 3]"),
    );
    let (code, _, err) = run(&[
        "translate",
        "accept",
        "--all",
        "--plan",
        plan.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn glossary_suggest_lists_a_name_with_its_renderings() {
    let (_tmp, plan) = temp_plan("minimal");
    let (code, out, _) = run(&["glossary", "suggest", "--plan", plan.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("no term outside the glossary"), "{out}");

    // One rendering in both texts: listed, no drift, check is clean.
    logistics_port(&plan, "Xiangtan Logistics Port");
    let json = suggest_json(&plan);
    let terms = json["terms"].as_array().unwrap();
    assert_eq!(terms.len(), 1, "{json:#}");
    assert_eq!(terms[0]["zh"], "湘潭物流港");
    assert_eq!(terms[0]["kind"], "name");
    assert_eq!(terms[0]["drift"], false);
    assert_eq!(terms[0]["texts"].as_array().unwrap().len(), 2);
    assert_eq!(terms[0]["renderings"][0]["en"], "Xiangtan Logistics Port");
    assert!(codes(&plan).is_empty(), "{:?}", codes(&plan));

    // Two renderings: drift in the listing and in check.
    edit(
        &plan,
        "chapters/02-measures.en.md",
        "of the Xiangtan Logistics Port,",
        "of the Xiangtan Logistics Hub,",
    );
    let json = suggest_json(&plan);
    let term = &json["terms"][0];
    assert_eq!(term["drift"], true, "{json:#}");
    let renderings: Vec<&str> = term["renderings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["en"].as_str().unwrap())
        .collect();
    assert_eq!(
        renderings,
        ["Xiangtan Logistics Port", "Xiangtan Logistics Hub"]
    );
    let (_, out, _) = run(&["glossary", "suggest", "--plan", plan.to_str().unwrap()]);
    assert!(
        out.contains("`Xiangtan Logistics Hub` (block `logistics.1`)"),
        "{out}"
    );
    assert!(out.contains("1 with two or more renderings"), "{out}");
    assert_eq!(codes(&plan), ["term-drift"]);

    // Once the glossary has the term, it is no longer suggested, and the glossary check takes
    // over (the block lacks the controlled rendering).
    edit(
        &plan,
        "glossary.yaml",
        "  - {zh: 现代物流,",
        "  - {zh: 湘潭物流港, en: Xiangtan Logistics Port}\n  - {zh: 现代物流,",
    );
    assert!(suggest_json(&plan)["terms"].as_array().unwrap().is_empty());
    assert_eq!(codes(&plan), ["glossary-missing"]);
}

#[test]
fn shipped_plan_has_no_term_with_two_renderings() {
    let json = suggest_json(&root().join("plan"));
    let drifting: Vec<&serde_json::Value> = json["terms"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["drift"] == true)
        .collect();
    assert!(drifting.is_empty(), "{drifting:#?}");
}
