//! The constructs of source format v2, one fixture plan each (tests/fixtures/constructs/):
//! parts, six heading levels, a table with tagged cells and a note, a box with a list and a
//! table, footnotes, 名词解释, an appendix, a plan in Chinese alone and a half-translated plan.
//! Each checks clean (the half-translated one with exactly its `untranslated` warnings), and its
//! open data (site/data/plan.json) holds the construct and matches schemas/plan-data.schema.json.
//! The site and the PDFs of the same fixtures are tested in site_constructs.rs and
//! pdf_constructs.rs.

mod common;

use common::*;
use serde_json::Value;

const CONSTRUCTS: &[&str] = &[
    "parts",
    "headings",
    "table",
    "box",
    "footnotes",
    "terms",
    "appendix",
    "zh-only",
    "half-translated",
];

fn construct(name: &str) -> std::path::PathBuf {
    fixture("constructs").join(name)
}

/// Builds the open data of a fixture and returns plan.json.
fn plan_json(name: &str) -> Value {
    let out = tempfile::tempdir().unwrap();
    let o = plandoc(&[
        "build",
        "--plan",
        construct(name).to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--only",
        "data",
    ]);
    assert!(
        o.status.success(),
        "{name}: build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(out.path().join("site/data/plan.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn plan_data_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schemas/plan-data.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::meta::validate(&schema).expect("a valid draft 2020-12 schema");
    jsonschema::draft202012::new(&schema).unwrap()
}

/// Every node of a content tree, boxes' contents included.
fn all_nodes(content: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    for n in content.as_array().unwrap() {
        out.push(n);
        if n["type"] == "box" {
            out.extend(all_nodes(&n["content"]));
        }
    }
    out
}

fn chapter<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no chapter `{id}`"))
}

#[test]
fn every_construct_fixture_checks_clean() {
    for name in CONSTRUCTS.iter().filter(|n| **n != "half-translated") {
        let (code, diags) = check_json(&construct(name), true);
        assert!(diags.is_empty(), "{name}: {diags:#?}");
        assert_eq!(code, 0, "{name}");
    }
}

#[test]
fn a_half_translated_plan_warns_untranslated_and_errs_only_under_strict() {
    let plan = construct("half-translated");
    let (code, diags) = check_json(&plan, false);
    assert_eq!(code, 0, "English in progress is not an error: {diags:#?}");
    let mut got: Vec<(String, String, usize)> = diags
        .iter()
        .map(|d| {
            let file = d.file.as_deref().unwrap_or_default();
            let name = file.rsplit('/').next().unwrap_or_default().to_string();
            (d.code.clone(), name, d.line.unwrap_or(0))
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("untranslated".to_string(), "01-basis.zh.md".to_string(), 10),
            ("untranslated".to_string(), "02-tasks.zh.md".to_string(), 1),
        ],
        "{diags:#?}"
    );
    assert!(diags.iter().all(|d| d.severity == "warning"));
    let (strict, _) = check_json(&plan, true);
    assert_eq!(strict, 1, "--strict fails on untranslated text");
}

#[test]
fn translate_status_gives_coverage_per_chapter() {
    let o = plandoc(&[
        "translate",
        "status",
        "--plan",
        construct("half-translated").to_str().unwrap(),
        "--format",
        "json",
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let rows = v["chapters"].as_array().expect("chapters");
    let coverage: Vec<(String, f64)> = rows
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["coverage"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        coverage,
        [("basis".to_string(), 50.0), ("tasks".to_string(), 0.0)]
    );
}

#[test]
fn plan_json_matches_its_schema_for_every_construct() {
    let v = plan_data_validator();
    for name in CONSTRUCTS {
        let doc = plan_json(name);
        let errors: Vec<String> = v
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn parts_hold_their_chapters_in_order() {
    let doc = plan_json("parts");
    let parts: Vec<&str> = doc["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(parts, ["general", "economy"]);
    let chapter_parts: Vec<(&str, &str)> = doc["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["part"].as_str().unwrap()))
        .collect();
    assert_eq!(
        chapter_parts,
        [
            ("situation", "general"),
            ("goals", "general"),
            ("economy-intro", "economy"),
            ("industry", "economy")
        ]
    );
    assert_eq!(doc["parts"][1]["title"]["zh"], "第二篇 现代化产业体系");
}

#[test]
fn six_heading_levels_keep_their_numbering_and_ids() {
    let doc = plan_json("headings");
    let headings: Vec<(u64, &str, &str)> = all_nodes(&chapter(&doc, "tasks")["content"])
        .into_iter()
        .filter(|n| n["type"] == "heading")
        .map(|n| {
            (
                n["level"].as_u64().unwrap(),
                n["id"].as_str().unwrap(),
                n["text"]["zh"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        headings,
        [
            (2, "industries", "第一节 壮大数字产业"),
            (3, "chips", "一、集成电路"),
            (4, "design", "（一）设计环节"),
            (5, "high-end", "1.高端芯片"),
            (6, "processors", "（1）通用处理器"),
            (2, "services", "第二节 发展数字服务"),
        ]
    );
}

#[test]
fn a_table_keeps_its_caption_rows_tags_and_note() {
    let doc = plan_json("table");
    let table = all_nodes(&chapter(&doc, "goals")["content"])
        .into_iter()
        .find(|n| n["type"] == "table")
        .expect("a table");
    assert_eq!(table["id"], "main-indicators");
    assert_eq!(table["caption"]["zh"], "表1 “十五五”服务业发展主要指标");
    let header: Vec<&str> = table["header"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["zh"].as_str().unwrap())
        .collect();
    assert_eq!(header, ["指标", "单位", "2025年", "2030年", "属性"]);
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let first: Vec<&str> = rows[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["zh"].as_str().unwrap())
        .collect();
    assert_eq!(first, ["服务业增加值", "亿元", "999.21", "1500", "预期性"]);
    assert_eq!(rows[2][4]["en"], "Binding");
    assert_eq!(table["notes"][0]["zh"], "注：2025年为预计数。");
    let targets: Vec<(&str, &str)> = table["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["kind"].as_str().unwrap(), t["target"].as_str().unwrap()))
        .collect();
    assert_eq!(
        targets,
        [
            ("baseline", "va-total"),
            ("define", "va-total"),
            ("baseline", "va-share"),
            ("define", "va-share"),
            ("baseline", "forest-cover"),
            ("define", "forest-cover"),
        ]
    );
    // The paragraph after the note is not a note.
    let after = chapter(&doc, "goals")["content"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(after["kind"], "paragraph");
    assert_eq!(after["text"]["zh"], "各项指标均应按期完成。");
}

#[test]
fn a_box_holds_its_title_list_and_table() {
    let doc = plan_json("box");
    let content = &chapter(&doc, "projects")["content"];
    let b = content
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["type"] == "box")
        .expect("a box");
    assert_eq!(b["id"], "box-transport");
    assert_eq!(b["title"]["zh"], "专栏1 综合交通重大工程");
    assert_eq!(
        b["title"]["en"],
        "Box 1 Major Integrated Transport Programs"
    );
    let kinds: Vec<String> = b["content"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| match n["type"].as_str().unwrap() {
            "block" => n["kind"].as_str().unwrap().to_string(),
            other => other.to_string(),
        })
        .collect();
    assert_eq!(kinds, ["paragraph", "list-item", "list-item", "table"]);
    assert_eq!(b["content"][3]["rows"][1][2]["zh"], "120公里");
    // The paragraph after the box is outside it.
    assert_eq!(
        content.as_array().unwrap().last().unwrap()["text"]["zh"],
        "工程实施情况纳入年度考核。"
    );
}

#[test]
fn footnotes_are_numbered_in_order_of_definition() {
    let doc = plan_json("footnotes");
    let notes = chapter(&doc, "environment")["footnotes"]
        .as_array()
        .unwrap();
    let got: Vec<(&str, u64)> = notes
        .iter()
        .map(|n| (n["label"].as_str().unwrap(), n["number"].as_u64().unwrap()))
        .collect();
    assert_eq!(got, [("pm", 1), ("waste", 2)]);
    assert!(notes[0]["text"]["zh"]
        .as_str()
        .unwrap()
        .starts_with("细颗粒物指"));
    // The reference leaves no trace in the text it sits in.
    assert_eq!(
        chapter(&doc, "environment")["content"][1]["text"]["zh"],
        "持续降低细颗粒物浓度，基本消除重污染天气。"
    );
}

#[test]
fn notes_on_terms_are_terms_and_definitions() {
    let doc = plan_json("terms");
    let items: Vec<(&str, &str)> = chapter(&doc, "terms")["content"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().unwrap(),
                n["text"]["zh"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(items[0], ("term", "算力网络"));
    assert_eq!(items[1].0, "definition");
    assert_eq!(items[2], ("term", "数据要素"));
    assert_eq!(items.len(), 4);
}

#[test]
fn an_appendix_is_an_appendix() {
    let doc = plan_json("appendix");
    assert_eq!(chapter(&doc, "appendix-projects")["kind"], "appendix");
    assert_eq!(chapter(&doc, "tasks")["kind"], "chapter");
}

#[test]
fn a_zh_only_plan_has_no_english_anywhere_in_its_data() {
    let doc = plan_json("zh-only");
    assert_eq!(doc["languages"], serde_json::json!(["zh"]));
    let text = doc.to_string();
    assert!(!text.contains("\"en\""), "no en field: {text}");
}

#[test]
fn a_half_translated_plan_says_what_is_missing() {
    let doc = plan_json("half-translated");
    let basis = chapter(&doc, "basis");
    let content = basis["content"].as_array().unwrap();
    assert_eq!(content[1]["text"]["en"], "Education made great strides.");
    assert_eq!(content[3]["text"]["zh"], "教育发展面临新的形势。");
    assert!(content[3]["text"]["en"].is_null());
    assert!(chapter(&doc, "tasks")["title"]["en"].is_null());
}
