//! Skeleton pairing by alignment (issue #22): when the zh and en block counts of a section
//! differ, the blocks are aligned by likeness (tags, numbers, length) and the finding names the
//! block that has no counterpart; headings are aligned by ID the same way.

mod common;

use common::*;
use std::path::Path;

fn edit(plan: &Path, file: &str, find: &str, replace: &str) {
    let path = plan.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(find), "{file}: `{find}` not found");
    std::fs::write(&path, text.replacen(find, replace, 1)).unwrap();
}

fn only_error(plan: &Path) -> JsonDiagnostic {
    let (code, diags) = check_json(plan, false);
    assert_eq!(code, 1, "{diags:#?}");
    let errors: Vec<JsonDiagnostic> = diags
        .into_iter()
        .filter(|d| d.severity == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap()
}

/// A temporary copy of the shipped plan.
fn shipped() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    copy_dir(&root().join("plan"), &plan);
    (dir, plan)
}

fn en_file(plan: &Path, stem_prefix: &str) -> String {
    let name = std::fs::read_dir(plan.join("chapters"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|n| n.starts_with(stem_prefix) && n.ends_with(".en.md"))
        .unwrap();
    format!("chapters/{name}")
}

/// Removes the paragraph of `file` that starts with `start` (and the blank line after it).
fn delete_paragraph(plan: &Path, file: &str, start: &str) {
    let path = plan.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find(&format!("\n{start}")).expect("paragraph") + 1;
    let end = text[at..].find("\n\n").map_or(text.len(), |i| at + i + 2);
    std::fs::write(&path, format!("{}{}", &text[..at], &text[end..])).unwrap();
}

#[test]
fn deleting_the_first_en_paragraph_names_zh_block_1() {
    let (_tmp, plan) = shipped();
    let en = en_file(&plan, "01-");
    delete_paragraph(&plan, &en, "**1. Steady growth in total output.**");
    let d = only_error(&plan);
    assert_eq!(d.code, "skeleton-mismatch");
    assert!(
        d.message.ends_with("zh block 1 has no English"),
        "{}",
        d.message
    );
    // At the zh block that lacks its English.
    assert!(d.file.as_deref().unwrap().ends_with(".zh.md"), "{d:?}");
}

#[test]
fn deleting_a_middle_en_paragraph_names_that_zh_block() {
    let (_tmp, plan) = shipped();
    let en = en_file(&plan, "01-");
    delete_paragraph(&plan, &en, "**3.");
    let d = only_error(&plan);
    assert!(
        d.message.ends_with("zh block 3 has no English"),
        "{}",
        d.message
    );
}

#[test]
fn an_extra_en_paragraph_is_named() {
    let (_tmp, plan) = temp_plan("minimal");
    edit(
        &plan,
        "chapters/01-objectives.en.md",
        "\nBy 2025,",
        "\nThe city has grown quickly.\n\nBy 2025,",
    );
    let d = only_error(&plan);
    assert!(
        d.message.ends_with("en block 1 has no Chinese counterpart"),
        "{}",
        d.message
    );
    assert_eq!(d.line, Some(13), "{d:?}");
}

#[test]
fn a_split_en_paragraph_is_named_as_a_split() {
    let (_tmp, plan) = temp_plan("minimal");
    edit(
        &plan,
        "chapters/01-objectives.en.md",
        ", and its share of GDP",
        ".\n\nIts share of GDP",
    );
    let d = only_error(&plan);
    assert!(
        d.message
            .ends_with("en blocks 1 and 2 translate zh block 1"),
        "{}",
        d.message
    );
    assert!(d.help.unwrap().contains("join the two en paragraphs"));
}

#[test]
fn headings_align_by_id() {
    // An en heading the zh text does not have, before the ones it shares.
    let (_tmp, plan) = temp_plan("minimal");
    edit(
        &plan,
        "chapters/01-objectives.en.md",
        "## (I) Basis",
        "## (0) Overview {#overview}\n\nAn overview.\n\n## (I) Basis",
    );
    let d = only_error(&plan);
    assert_eq!(d.message, "heading `overview` is missing in zh", "{d:?}");
    assert_eq!(d.line, Some(7));

    // A renamed ID at the same place is a difference, not two missing headings.
    let (_tmp, plan) = temp_plan("minimal");
    edit(&plan, "chapters/01-objectives.en.md", "{#basis}", "{#base}");
    let d = only_error(&plan);
    assert_eq!(
        d.message, "heading differs between zh and en: `basis` vs `base`",
        "{d:?}"
    );
}
