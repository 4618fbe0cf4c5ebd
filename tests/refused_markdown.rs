//! Nothing the model does not hold is ever published raw (issue #22): every Markdown
//! construct a plan may not contain is an error at its place, and `build` then writes nothing.

mod common;

use common::*;

/// A construct, its snippet (appended to a section of both languages), and the code.
const REFUSED: &[(&str, &str, &str)] = &[
    ("raw HTML block", "<div>内容</div>", "raw-html"),
    ("inline HTML", "正文<span>内容</span>。", "raw-html"),
    ("fenced code", "```\ncode\n```", "unsupported-markdown"),
    (
        "indented code",
        "    code block line",
        "unsupported-markdown",
    ),
    ("image", "![图](a.png)", "unsupported-markdown"),
    ("horizontal rule", "---\n\n正文。", "unsupported-markdown"),
    ("nested list", "- 一项\n  - 子项", "unsupported-markdown"),
    ("# heading", "# 标题", "unsupported-heading"),
    (
        "block quote that is no box",
        "> 引用的话。",
        "box-without-title",
    ),
    (
        "heading inside a box",
        "> #### 专栏1 工程 {#box-a}\n>\n> ##### 小标题 {#box-a-sub}\n>\n> 内容。",
        "unsupported-heading",
    ),
    (
        "box inside a box",
        "> #### 专栏1 工程 {#box-b}\n>\n> > #### 专栏2 内层 {#box-c}",
        "unsupported-markdown",
    ),
    (
        "table in a footnote",
        "正文[^t]。\n\n[^t]: 注释\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |",
        "unsupported-markdown",
    ),
    (
        "ragged table",
        "| a | b |\n|---|---|\n| 1 | 2 | 3 |",
        "ragged-table",
    ),
    // Deeper than plandoc::source::markdown::MAX_INLINE_DEPTH: built in the test below.
];

/// Emphasis nested deeper than the parser holds.
fn too_deep() -> String {
    let n = plandoc::source::markdown::MAX_INLINE_DEPTH + 2;
    format!("{}深{}", "*a ".repeat(n), " a*".repeat(n))
}

#[test]
fn every_refused_construct_is_an_error_at_its_place_and_nothing_is_built() {
    let deep = too_deep();
    let all = REFUSED.iter().copied().chain([(
        "emphasis or links nested too deep",
        deep.as_str(),
        "unsupported-markdown",
    )]);
    for (name, snippet, code) in all {
        let (tmp, plan) = temp_plan("minimal");
        let mut line = 0;
        for lang in ["zh", "en"] {
            let path = plan.join(format!("chapters/01-objectives.{lang}.md"));
            let text = std::fs::read_to_string(&path).unwrap();
            let base = format!("{}\n\n", text.trim_end());
            line = base.lines().count() + 1;
            std::fs::write(&path, format!("{base}{snippet}\n")).unwrap();
        }
        let (exit, diags) = check_json(&plan, false);
        assert_eq!(exit, 1, "{name}: check passes: {diags:#?}");
        let found = diags.iter().find(|d| {
            d.code == code
                && d.severity == "error"
                && d.file
                    .as_deref()
                    .is_some_and(|f| f.ends_with("01-objectives.zh.md"))
        });
        let d =
            found.unwrap_or_else(|| panic!("{name}: no `{code}` error in the zh file: {diags:#?}"));
        let at = d.line.unwrap();
        assert!(
            at >= line && at < line + snippet.lines().count(),
            "{name}: reported at line {at}, the construct is at {line}"
        );
        let out = tmp.path().join("out");
        let built = plandoc(&[
            "build",
            "--plan",
            plan.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--only",
            "html",
            "--no-search",
        ]);
        assert_eq!(built.status.code(), Some(1), "{name}: build succeeds");
        assert!(!out.exists(), "{name}: build wrote {}", out.display());
    }
}
