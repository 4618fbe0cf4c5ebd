//! The plan's own words (issue #22): values on the site and in the open data are the words of
//! the plan's defining statement (全省前三, not 全省前3) unless the registry sets a display
//! form; the en baseline note is spaced; the hidden ¶ anchor takes no room in the line.

mod common;

use common::*;
use std::path::Path;

fn build(plan: &Path, out: &Path) {
    let o = plandoc(&[
        "build",
        "--plan",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--only",
        "html,data",
        "--no-search",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn read(p: impl AsRef<Path>) -> String {
    std::fs::read_to_string(p.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", p.as_ref().display()))
}

#[test]
fn the_site_shows_the_words_of_the_defining_statement() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(&root().join("plan"), &out);
    let site = out.join("site");
    let page = read(site.join("zh/targets/logistics-rank.html"));
    assert!(page.contains("全省前三（2025年）"), "the target page");
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        if entry.file_type().is_file()
            && entry
                .path()
                .extension()
                .is_some_and(|e| e == "html" || e == "json" || e == "csv")
        {
            let text = read(entry.path());
            assert!(
                !text.contains("全省前3"),
                "{} rewrites 全省前三 as 全省前3",
                entry.path().display()
            );
        }
    }
    let targets = read(site.join("data/targets.json"));
    assert!(targets.contains("全省前三"));
    // The en note on a baseline place is spaced from the place's words.
    let en = read(site.join("en/targets/va-growth.html"));
    assert!(
        en.contains("</a><span class=\"note\"> (baseline)</span>"),
        "no space before (baseline)"
    );
}

#[test]
fn a_display_form_in_the_registry_wins() {
    let (tmp, plan) = temp_plan("minimal");
    let path = plan.join("targets.yaml");
    let text = read(&path).replacen(
        "target: {year: 2025, kind: exact, value: 1500}",
        "target: {year: 2025, kind: exact, value: 1500, display: {zh: 一千五百亿元, en: RMB 150 billion}}",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let (code, diags) = check_json(&plan, true);
    assert_eq!(code, 0, "{diags:?}");
    let out = tmp.path().join("out");
    build(&plan, &out);
    let zh = read(out.join("site/zh/targets/va-total.html"));
    assert!(zh.contains("一千五百亿元"), "the registry's display form");
    let en = read(out.join("site/en/targets/va-total.html"));
    assert!(en.contains("RMB 150 billion"));
    // Without one, the plan's words: the baseline tag says 999.21亿元.
    assert!(zh.contains("999.21亿元"));
}

#[test]
fn the_hidden_anchor_takes_no_room_in_the_line() {
    // A ¶ in the flow wraps onto a line of its own after a full line of Chinese text and leaves
    // a blank gap; out of the flow it cannot.
    let css = read(root().join("templates/site/style.css"));
    let rule = css
        .split('}')
        .find(|r| r.trim_start().starts_with(".anchor {") || r.contains("\n.anchor {"))
        .expect("the .anchor rule");
    assert!(rule.contains("position: absolute"), "{rule}");
}

/// The printed index, like the site, gives each target in the words of its defining statement:
/// the tourism target reads 突破1亿人次 (the registry holds 10000 万人次, at least), while the
/// main-indicator table, which has a unit column, keeps the number.
#[test]
fn the_pdf_index_shows_the_words_of_the_defining_statement() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = plandoc(&[
        "build",
        "--plan",
        root().join("plan").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--only",
        "pdf",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(out.join("pdf/plan.zh.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup.sh");
    let text = String::from_utf8_lossy(&text.stdout);
    // The index is the last part of the edition: from its heading (the first 指标索引 after the
    // contents line) to the end.
    let start = text.match_indices("指标索引").nth(1).map_or(0, |(i, _)| i);
    let index = &text[start..];
    let entry = index
        .lines()
        .find(|l| l.contains("接待国内外旅游人数"))
        .unwrap_or_else(|| panic!("no index entry for the tourism target:\n{index}"));
    assert!(entry.contains("突破1亿人次"), "index entry: {entry}");
    assert!(!entry.contains("10000"), "index entry: {entry}");
}
