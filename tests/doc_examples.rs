//! Docs the tool proves (issue #22): every fenced example of docs/format.md and of the README's
//! format section is a fixture. The HTML comment right before a fence (invisible on GitHub)
//! says how: a YAML map
//!
//! ```text
//! <!-- example: {group: tables, file: chapters/01-objectives.zh.md, mode: append} -->
//! ```
//!
//! - `mode: replace` (the file becomes the example), `append` (after a blank line), `create`
//!   (a new file), `output` (the fence is what `plandoc check` prints for the group), or
//!   `none: WHY` for a fence that is no plan text (a folder tree);
//! - `edits: [{file, find, replace}]`: what else the example needs in the minimal plan (a
//!   registry entry for a target it tags, a definition it replaces);
//! - `zh_only: true`: the plan is published in Chinese alone (for zh-only examples);
//! - `expect: [code, …]`: the codes `check --strict` must report (none when absent: clean);
//! - `after: TEXT`: only the part of the example after TEXT is used (`"targets:\n"`: the
//!   entries, appended to the minimal registry).
//!
//! Examples with the same `group` go into one copy of tests/fixtures/minimal; an example
//! without a group is checked alone. A `markdown` or `yaml` fence without a comment fails the
//! test, so a new example cannot go unproven.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Directive {
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    none: Option<String>,
    #[serde(default)]
    edits: Vec<Edit>,
    #[serde(default)]
    zh_only: bool,
    #[serde(default)]
    expect: Vec<String>,
    /// Use only the part of the example after this text (`targets:\n`: the entries, to be
    /// appended to the minimal registry).
    #[serde(default)]
    after: Option<String>,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    find: String,
    replace: String,
}

#[derive(Debug, Clone)]
struct Example {
    doc: &'static str,
    line: usize,
    directive: Directive,
    body: String,
}

/// The fenced examples of a document with the directive before each.
fn examples(doc: &'static str) -> Vec<Example> {
    let text = std::fs::read_to_string(root().join(doc)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        let Some(lang) = l.strip_prefix("```") else {
            i += 1;
            continue;
        };
        let start = i;
        let end = (i + 1..lines.len())
            .find(|&j| lines[j].starts_with("```"))
            .unwrap_or_else(|| panic!("{doc}:{}: unclosed fence", i + 1));
        let body = lines[i + 1..end].join("\n") + "\n";
        i = end + 1;
        // The comment ends on the line before the fence (it may span several lines).
        let mut c = start;
        while c > 0 && lines[c - 1].trim().is_empty() {
            c -= 1;
        }
        let comment_end = c
            .checked_sub(1)
            .filter(|&c| lines[c].trim_end().ends_with("-->"));
        let directive = comment_end.and_then(|ce| {
            let cs = (0..=ce)
                .rev()
                .find(|&k| lines[k].contains("<!-- example:"))?;
            let raw = lines[cs..=ce].join("\n");
            let inner = raw
                .split_once("<!-- example:")
                .unwrap()
                .1
                .trim_end()
                .strip_suffix("-->")
                .unwrap();
            Some(
                serde_yaml::from_str::<Directive>(inner).unwrap_or_else(|e| {
                    panic!("{doc}:{}: the example comment does not parse: {e}", cs + 1)
                }),
            )
        });
        let checked_lang = matches!(lang.trim(), "markdown" | "yaml" | "md" | "yml");
        match directive {
            Some(d) => out.push(Example {
                doc,
                line: start + 1,
                directive: d,
                body,
            }),
            None if checked_lang => panic!(
                "{doc}:{}: a `{}` example without an `<!-- example: … -->` comment: say how the tool proves it",
                start + 1,
                lang.trim()
            ),
            None => {}
        }
    }
    out
}

fn apply_edit(plan: &Path, e: &Edit, whence: &str) {
    let path = plan.join(&e.file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{whence}: no {}", e.file));
    assert!(
        text.contains(&e.find),
        "{whence}: `{}` not found in {}",
        e.find,
        e.file
    );
    std::fs::write(&path, text.replacen(&e.find, &e.replace, 1)).unwrap();
}

fn check_group(name: &str, examples: &[&Example]) {
    let (tmp, plan) = temp_plan("minimal");
    let whence = |x: &Example| format!("{}:{}", x.doc, x.line);
    let mut expect: Vec<String> = Vec::new();
    let mut output: Option<&Example> = None;
    for x in examples {
        let d = &x.directive;
        if d.zh_only {
            apply_edit(
                &plan,
                &Edit {
                    file: "plan.yaml".into(),
                    find: "languages: [zh, en]".into(),
                    replace: "languages: [zh]".into(),
                },
                &whence(x),
            );
            for entry in std::fs::read_dir(plan.join("chapters")).unwrap() {
                let p = entry.unwrap().path();
                if p.to_string_lossy().ends_with(".en.md") {
                    std::fs::remove_file(p).unwrap();
                }
            }
            let _ = std::fs::remove_file(plan.join("translations.lock"));
        }
        for e in &d.edits {
            apply_edit(&plan, e, &whence(x));
        }
        let mode = d.mode.as_deref().unwrap_or("replace");
        expect.extend(d.expect.iter().cloned());
        if mode == "output" {
            output = Some(x);
            continue;
        }
        let body = match &d.after {
            Some(a) => x
                .body
                .split_once(a.as_str())
                .unwrap_or_else(|| panic!("{}: `{a}` not in the example", whence(x)))
                .1
                .to_string(),
            None => x.body.clone(),
        };
        let file = plan.join(
            d.file
                .as_deref()
                .unwrap_or_else(|| panic!("{}: `file` missing", whence(x))),
        );
        match mode {
            "replace" | "create" => {
                if mode == "create" {
                    assert!(!file.exists(), "{}: {} exists", whence(x), file.display());
                }
                std::fs::write(&file, &body).unwrap();
            }
            "append" => {
                let text = std::fs::read_to_string(&file).unwrap();
                let sep = if d.after.is_some() { "\n" } else { "\n\n" };
                std::fs::write(&file, format!("{}{sep}{body}", text.trim_end())).unwrap();
            }
            other => panic!("{}: unknown mode `{other}`", whence(x)),
        }
    }
    // The English of an example is reviewed: recorded as its writer would
    // (`translate accept`, which refuses nothing here when the skeletons agree).
    let _ = std::process::Command::new(env!("CARGO_BIN_EXE_plandoc"))
        .args(["translate", "accept", "--all"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    // Checked as an editor would, from the folder that holds `plan/`.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_plandoc"))
        .args(["check", "--strict", "--format", "json"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let got: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    let (mut g, mut e) = (got.clone(), expect.clone());
    g.sort();
    e.sort();
    if g != e {
        let human = std::process::Command::new(env!("CARGO_BIN_EXE_plandoc"))
            .args(["check", "--strict"])
            .current_dir(tmp.path())
            .output()
            .unwrap();
        panic!(
            "group `{name}` ({}): expected {e:?}, got {g:?}\n{}",
            examples
                .iter()
                .map(|x| whence(x))
                .collect::<Vec<_>>()
                .join(", "),
            String::from_utf8_lossy(&human.stderr)
        );
    }
    if let Some(x) = output {
        let human = std::process::Command::new(env!("CARGO_BIN_EXE_plandoc"))
            .args(["check"])
            .current_dir(tmp.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&human.stderr);
        assert!(
            stderr.contains(x.body.trim_end()),
            "{}: the doc shows\n{}\nbut check prints\n{stderr}",
            whence(x),
            x.body
        );
    }
}

fn check_doc(doc: &'static str) -> usize {
    let all = examples(doc);
    let mut groups: BTreeMap<String, Vec<&Example>> = BTreeMap::new();
    for x in &all {
        if x.directive.none.is_some() {
            continue;
        }
        let key = x
            .directive
            .group
            .clone()
            .unwrap_or_else(|| format!("line {}", x.line));
        groups.entry(key).or_default().push(x);
    }
    for (name, xs) in &groups {
        check_group(name, xs);
    }
    groups.len()
}

#[test]
fn every_example_of_the_format_doc_checks_as_shown() {
    let n = check_doc("docs/format.md");
    assert!(n >= 8, "{n} example groups");
}

#[test]
fn the_readme_shows_what_check_prints() {
    let n = check_doc("README.md");
    assert!(n >= 1);
}

/// For each kind: its fields, the unit it takes, and an example in each language.
const KINDS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "exact",
        "`value`",
        "the indicator's",
        "1500亿元",
        "150 billion yuan",
    ),
    (
        "about",
        "`value`",
        "the indicator's",
        "50%左右",
        "about 50%",
    ),
    (
        "at-least",
        "`value`",
        "the indicator's",
        "3个以上",
        "at least 3",
    ),
    (
        "at-most",
        "`value`",
        "the indicator's",
        "不超过5%",
        "no more than 5%",
    ),
    (
        "range",
        "`value` (lower), `max`",
        "the indicator's",
        "2~3家",
        "2 to 3",
    ),
    (
        "ratio",
        "`ratio: [a, b]`",
        "none (`{zh: \"\", en: \"\"}`)",
        "40:60",
        "40:60",
    ),
    (
        "rank",
        "`value` (the place), `text: {zh, en}` (the scope: `{zh: 全省, en: the province}`)",
        "none: a place has no unit (`{zh: \"\", en: \"\"}`)",
        "全省前三",
        "top three in the province",
    ),
    (
        "growth",
        "`value` (percent a year)",
        "`%`",
        "年均增长7.5%",
        "average annual growth of 7.5%",
    ),
    (
        "qualitative",
        "`text: {zh, en}` (no number)",
        "none",
        "基本建成",
        "basically completed",
    ),
];

fn kinds_table() -> String {
    use plandoc::model::{Lang, ValueKind};
    let mut out = String::from(
        "| kind | fields | unit | zh | zh wording | en | en wording |\n|---|---|---|---|---|---|---|\n",
    );
    for (kind, fields, unit, zh, en) in KINDS {
        let k: ValueKind = serde_json::from_value(serde_json::json!(kind)).unwrap();
        let words = |lang| {
            let w = plandoc::values::parse::wording(k, lang);
            if w.is_empty() {
                "—".to_string()
            } else {
                w.iter()
                    .map(|w| format!("`{w}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        out.push_str(&format!(
            "| `{kind}` | {fields} | {unit} | `{zh}` | {} | `{en}` | {} |\n",
            words(Lang::Zh),
            words(Lang::En)
        ));
    }
    out
}

#[test]
fn the_table_of_target_kinds_is_the_parsers_wording() {
    use plandoc::model::{Lang, ValueKind};
    use plandoc::values::{parse_en, parse_zh};
    // Every example and every listed word parses as its kind.
    for (kind, _, _, zh, en) in KINDS {
        let k: ValueKind = serde_json::from_value(serde_json::json!(kind)).unwrap();
        if k == ValueKind::Qualitative {
            continue;
        }
        assert_eq!(parse_zh(zh).map(|q| q.kind), Ok(k), "{zh}");
        assert_eq!(parse_en(en).map(|q| q.kind), Ok(k), "{en}");
        for (lang, words) in [
            (Lang::Zh, plandoc::values::parse::wording(k, Lang::Zh)),
            (Lang::En, plandoc::values::parse::wording(k, Lang::En)),
        ] {
            for w in words {
                let n = if k == ValueKind::Growth && !w.contains('%') {
                    "7.5%"
                } else {
                    "5"
                };
                let expr = match (k, lang) {
                    (ValueKind::Rank, Lang::Zh) => w.replace("(scope)", "全省").replace('…', "三"),
                    (ValueKind::Rank, Lang::En) => w
                        .replace("(scope)", "in the province")
                        .replace('…', "three"),
                    (ValueKind::Range, _) => w.replacen('…', "2", 1).replacen('…', "3", 1),
                    (ValueKind::Ratio, _) => "40:60".into(),
                    _ => w.replace('…', n),
                };
                let parsed = match lang {
                    Lang::Zh => parse_zh(&expr),
                    Lang::En => parse_en(&expr),
                };
                assert_eq!(
                    parsed.map(|q| q.kind),
                    Ok(k),
                    "`{expr}` ({kind}, from `{w}`)"
                );
            }
        }
    }
    // The doc's table is the list above.
    let path = root().join("docs/format.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (begin, end) = ("<!-- target-kinds:begin (generated by tests/doc_examples.rs: PLANDOC_BLESS=1 cargo test --test doc_examples) -->\n", "<!-- target-kinds:end -->");
    let start = doc.find(begin).expect("the table's begin marker") + begin.len();
    let stop = doc.find(end).expect("the table's end marker");
    let table = kinds_table();
    if std::env::var_os("PLANDOC_BLESS").is_some() {
        std::fs::write(&path, format!("{}{table}{}", &doc[..start], &doc[stop..])).unwrap();
        return;
    }
    assert_eq!(
        &doc[start..stop],
        table,
        "docs/format.md's table of target kinds is out of date: run `PLANDOC_BLESS=1 cargo test --test doc_examples`"
    );
}
