//! Findings an editor can act on (issue #22): one mistake gives one finding, with one way of
//! saying a scale error, and the underline covers the words at fault, not the paragraph.

mod common;

use common::*;
use std::path::Path;

fn edit(plan: &Path, file: &str, find: &str, replace: &str) {
    let path = plan.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(find), "{file}: `{find}` not found");
    std::fs::write(&path, text.replacen(find, replace, 1)).unwrap();
}

fn json(plan: &Path) -> Vec<serde_json::Value> {
    let out = plandoc(&[
        "check",
        "--format",
        "json",
        "--plan",
        plan.to_str().unwrap(),
    ]);
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_wrong_tagged_value_is_one_finding_with_one_ratio() {
    let (_tmp, plan) = temp_plan("minimal");
    edit(
        &plan,
        "chapters/01-objectives.en.md",
        "[150 billion yuan](target:va-total)",
        "[15 billion yuan](target:va-total)",
    );
    let diags = json(&plan);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "value-mismatch");
    let message = diags[0]["message"].as_str().unwrap();
    assert!(
        message.contains("off by a factor of 10 (10 times too small)"),
        "{message}"
    );
    assert!(!message.contains("0.1"), "{message}");
}

#[test]
fn an_untagged_number_at_the_wrong_scale_underlines_that_number() {
    let (_tmp, plan) = temp_plan("minimal");
    // The mention is not checked against the registry: the number check speaks for it.
    edit(
        &plan,
        "chapters/02-measures.en.md",
        "[150 billion yuan](mention:va-total)",
        "[1,500 billion yuan](mention:va-total)",
    );
    let diags = json(&plan);
    let d = diags
        .iter()
        .find(|d| d["code"] == "number-mismatch")
        .unwrap_or_else(|| panic!("{diags:#?}"));
    let label = &d["labels"][0];
    assert!(
        label["message"]
            .as_str()
            .unwrap()
            .contains("off by a factor of 10 (10 times too large)"),
        "{label}"
    );
    let text = std::fs::read_to_string(plan.join("chapters/02-measures.en.md")).unwrap();
    let line: Vec<char> = text
        .lines()
        .nth(label["line"].as_u64().unwrap() as usize - 1)
        .unwrap()
        .chars()
        .collect();
    let (a, b) = (
        label["column"].as_u64().unwrap() as usize,
        label["end_column"].as_u64().unwrap() as usize,
    );
    let underlined: String = line[a - 1..b - 1].iter().collect();
    assert!(underlined.starts_with("1,500 billion"), "`{underlined}`");
}
