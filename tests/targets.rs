//! `plandoc targets --format json|csv|table` and the open-data export of `plandoc build --only
//! data`, on the minimal fixture: every target with where it is defined, where its baseline is
//! stated and where it is mentioned, resolved to language, chapter, anchor, file and line.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

fn run_ok(args: &[&str]) -> String {
    let out = plandoc(args);
    assert!(
        out.status.success(),
        "plandoc {args:?} failed ({:?}):\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn targets(plan: &Path, format: &str) -> String {
    run_ok(&[
        "targets",
        "--plan",
        plan.to_str().unwrap(),
        "--format",
        format,
    ])
}

fn json(plan: &Path) -> Value {
    serde_json::from_str(&targets(plan, "json")).expect("targets --format json prints JSON")
}

/// Replaces `find` (which must occur) in a plan file.
fn edit(plan: &Path, file: &str, find: &str, replace: &str) {
    let path = plan.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(find), "{file}: `{find}` not found");
    std::fs::write(&path, text.replacen(find, replace, 1)).unwrap();
}

const IDS: [&str; 3] = ["va-total", "va-share", "logistics-hubs"];

fn target<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("{id} missing from {doc:#}"))
}

/// (lang, chapter, anchor, file name, line) of every location in a list.
fn places(list: &Value) -> Vec<(String, String, String, String, u64)> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|l| {
            (
                l["lang"].as_str().unwrap().to_string(),
                l["chapter"].as_str().unwrap().to_string(),
                l["anchor"].as_str().unwrap().to_string(),
                Path::new(l["file"].as_str().unwrap())
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                l["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn place(
    lang: &str,
    chapter: &str,
    anchor: &str,
    file: &str,
    line: u64,
) -> (String, String, String, String, u64) {
    (
        lang.into(),
        chapter.into(),
        anchor.into(),
        file.into(),
        line,
    )
}

#[test]
fn json_lists_every_target_with_resolved_locations() {
    let doc = json(&fixture("minimal"));
    assert_eq!(doc["plan"], "example-plan");
    let ids: Vec<&str> = doc["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, IDS, "every target once, in index order");

    let va = target(&doc, "va-total");
    assert_eq!(va["indicator"]["zh"], "服务业增加值");
    assert_eq!(va["unit"]["zh"], "亿元");
    assert_eq!(va["nature"], "expected");
    assert_eq!(va["target"]["year"], 2025);
    assert_eq!(va["target"]["kind"], "exact");
    assert_eq!(va["target"]["value"], 1500.0);
    assert_eq!(va["baseline"]["value"], 999.21);
    assert_eq!(va["target_text"]["zh"], "1500亿元");
    assert_eq!(
        places(&va["defined_at"]),
        [
            place("zh", "objectives", "goals-1", "01-objectives.zh.md", 13),
            place("en", "objectives", "goals-1", "01-objectives.en.md", 13),
        ]
    );
    assert_eq!(
        places(&va["baselines_at"]),
        [
            place("zh", "objectives", "basis-1", "01-objectives.zh.md", 9),
            place("en", "objectives", "basis-1", "01-objectives.en.md", 9),
        ]
    );
    assert_eq!(
        places(&va["mentioned_at"]),
        [
            place("zh", "measures", "logistics-1", "02-measures.zh.md", 9),
            place("en", "measures", "logistics-1", "02-measures.en.md", 9),
        ]
    );

    let share = target(&doc, "va-share");
    assert_eq!(share["target"]["kind"], "about");
    assert_eq!(share["target_text"]["zh"], "50%左右");
    assert_eq!(share["target_text"]["en"], "about 50%");
    assert_eq!(
        places(&share["baselines_at"]),
        [
            place("zh", "objectives", "basis-1", "01-objectives.zh.md", 9),
            place("en", "objectives", "basis-1", "01-objectives.en.md", 9),
        ]
    );
    assert_eq!(places(&share["mentioned_at"]), []);

    let hubs = target(&doc, "logistics-hubs");
    assert!(hubs["baseline"].is_null());
    assert_eq!(hubs["target"]["kind"], "at-least");
    assert_eq!(
        places(&hubs["defined_at"]),
        [
            place("zh", "measures", "logistics-1", "02-measures.zh.md", 9),
            place("en", "measures", "logistics-1", "02-measures.en.md", 9),
        ]
    );
    assert_eq!(places(&hubs["baselines_at"]), []);
    assert_eq!(places(&hubs["mentioned_at"]), []);
}

/// Every location points at its tag: the file's line holds `[text](kind:id)` at the column.
#[test]
fn json_locations_point_at_the_tags() {
    let doc = json(&fixture("minimal"));
    let mut n = 0;
    for t in doc["targets"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        for (list, scheme) in [
            ("defined_at", "target"),
            ("baselines_at", "baseline"),
            ("mentioned_at", "mention"),
        ] {
            for l in t[list].as_array().unwrap() {
                n += 1;
                let file = l["file"].as_str().unwrap();
                let path = if Path::new(file).is_absolute() {
                    file.into()
                } else {
                    root().join(file)
                };
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{file} (from {list} of {id}): {e}"));
                let line = text
                    .lines()
                    .nth(l["line"].as_u64().unwrap() as usize - 1)
                    .unwrap();
                let column = l["column"].as_u64().unwrap() as usize;
                let at: String = line.chars().skip(column - 1).collect();
                let tag = format!("[{}]({scheme}:{id})", l["text"].as_str().unwrap());
                assert!(
                    at.starts_with(&tag),
                    "{file}:{}:{column} should start `{tag}`: `{at}`",
                    l["line"]
                );
                assert_eq!(
                    l["kind"],
                    if scheme == "target" { "define" } else { scheme }
                );
                let block = l["block"].as_str().unwrap();
                assert_eq!(l["anchor"], block.replace('.', "-"));
                let ext = format!(".{}.md", l["lang"].as_str().unwrap());
                assert!(file.ends_with(&ext), "{file} is not a {ext} file");
            }
        }
    }
    assert_eq!(n, 12, "tags in the minimal fixture");
}

/// A CSV parser per RFC 4180 (quoted fields, doubled quotes, CRLF, line breaks inside quotes).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => {
                assert!(
                    field.is_empty(),
                    "a quote inside an unquoted field: {field}"
                );
                quoted = true;
            }
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => assert_eq!(chars.next(), Some('\n'), "CR without LF"),
            '\n' => panic!("a record ends with a bare LF, RFC 4180 wants CRLF"),
            _ => field.push(c),
        }
        if c == '\r' {
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
        }
    }
    assert!(!quoted, "unterminated quoted field");
    assert!(
        field.is_empty() && row.is_empty(),
        "the last record does not end with CRLF"
    );
    rows
}

const CSV_HEADER: &str = "id,indicator_zh,indicator_en,area,unit_zh,unit_en,nature,baseline_year,baseline_zh,baseline_en,target_year,target_kind,target_zh,target_en,defined_at_zh,defined_at_en,mentioned_at";

#[test]
fn csv_has_a_bom_a_header_and_one_row_per_target() {
    let text = targets(&fixture("minimal"), "csv");
    let body = text
        .strip_prefix('\u{feff}')
        .expect("the CSV starts with a UTF-8 byte-order mark");
    assert!(body.starts_with(&format!("{CSV_HEADER}\r\n")), "{body}");
    let rows = parse_csv(body);
    let header = &rows[0];
    assert_eq!(rows.len(), 1 + IDS.len(), "{rows:?}");
    for (row, id) in rows[1..].iter().zip(IDS) {
        assert_eq!(row.len(), header.len(), "{row:?}");
        assert_eq!(row[0], id);
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let va = &rows[1];
    assert_eq!(va[col("indicator_zh")], "服务业增加值", "Chinese intact");
    assert_eq!(va[col("unit_zh")], "亿元");
    assert_eq!(va[col("nature")], "预期性/expected");
    assert_eq!(va[col("baseline_year")], "2020");
    assert_eq!(va[col("target_zh")], "1500亿元");
    assert_eq!(va[col("target_kind")], "exact");
    assert_eq!(va[col("defined_at_zh")], "zh/objectives#goals-1");
    assert_eq!(va[col("defined_at_en")], "en/objectives#goals-1");
    assert_eq!(
        va[col("mentioned_at")],
        "zh/measures#logistics-1; en/measures#logistics-1"
    );
    let hubs = &rows[3];
    assert_eq!(hubs[col("baseline_year")], "", "no baseline, empty field");
    assert_eq!(hubs[col("target_zh")], "3个以上");
}

#[test]
fn csv_quotes_per_rfc_4180_and_defuses_formulas() {
    let (_tmp, plan) = temp_plan("minimal");
    edit(
        &plan,
        "targets.yaml",
        "en: value added of the service industry}",
        "en: 'value added, \"core\" services'}",
    );
    edit(
        &plan,
        "targets.yaml",
        "indicator: {zh: 服务业增加值占GDP比重, en: share of the service industry in GDP}",
        "indicator: {zh: '=HYPERLINK(\"http://example.com\",\"占比\")', en: '@SUM(A1:A9)'}",
    );
    edit(
        &plan,
        "targets.yaml",
        "indicator: {zh: 省级物流示范园区, en: provincial logistics demonstration parks}",
        "indicator: {zh: '+省级物流示范园区', en: '-provincial parks'}",
    );
    let text = targets(&plan, "csv");
    // The raw form: the field is quoted and its quotes doubled.
    assert!(
        text.contains(",\"value added, \"\"core\"\" services\","),
        "{text}"
    );
    let rows = parse_csv(text.strip_prefix('\u{feff}').unwrap());
    assert_eq!(rows.len(), 4);
    let header = &rows[0];
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(
        rows[1][col("indicator_en")],
        "value added, \"core\" services"
    );
    // A spreadsheet never sees a cell starting with = + - @ from plan text.
    assert_eq!(
        rows[2][col("indicator_zh")],
        "'=HYPERLINK(\"http://example.com\",\"占比\")"
    );
    assert_eq!(rows[2][col("indicator_en")], "'@SUM(A1:A9)");
    assert_eq!(rows[3][col("indicator_zh")], "'+省级物流示范园区");
    assert_eq!(rows[3][col("indicator_en")], "'-provincial parks");
    for row in &rows[1..] {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '@']),
                "formula-like cell `{cell}`"
            );
        }
    }
}

/// Formula prefixes the CSV export does not defuse yet (OWASP "CSV injection" lists `=`, `+`,
/// `-`, `@`, tab and carriage return). `-` is left alone before a digit so that `-5` stays a
/// number, but `-1+1` and `-2+3+cmd|' /C calc'!A0` are formulas too.
#[test]
fn csv_defuses_every_formula_prefix() {
    let (_tmp, plan) = temp_plan("minimal");
    edit(
        &plan,
        "targets.yaml",
        "indicator: {zh: 服务业增加值占GDP比重, en: share of the service industry in GDP}",
        "indicator: {zh: \"\\t=1+1\", en: \"-2+3+cmd|' /C calc'!A0\"}",
    );
    let text = targets(&plan, "csv");
    let rows = parse_csv(text.strip_prefix('\u{feff}').unwrap());
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    assert!(rows[2][col("indicator_zh")].starts_with('\''), "{rows:?}");
    assert!(rows[2][col("indicator_en")].starts_with('\''), "{rows:?}");
}

#[test]
fn table_lists_every_target() {
    let text = targets(&fixture("minimal"), "table");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("id"), "{text}");
    for id in IDS {
        assert!(
            lines
                .iter()
                .any(|l| l.split_whitespace().next() == Some(id)),
            "{id} missing:\n{text}"
        );
    }
    assert!(text.contains("服务业增加值"), "{text}");
    assert!(text.contains("01-objectives.zh.md:13"), "{text}");
    // The default format is the table.
    assert_eq!(
        run_ok(&["targets", "--plan", fixture("minimal").to_str().unwrap()]),
        text
    );
}

#[test]
fn targets_of_a_plan_with_errors_still_lists_and_exits_1() {
    let (_tmp, plan) = temp_plan("minimal");
    edit(
        &plan,
        "chapters/02-measures.zh.md",
        "(mention:va-total)",
        "(mention:va-totl)",
    );
    let out = plandoc(&[
        "targets",
        "--plan",
        plan.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["targets"].as_array().unwrap().len(), 3);
    assert!(String::from_utf8_lossy(&out.stderr).contains("plandoc check"));
}

#[test]
fn build_only_data_writes_the_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let plan = fixture("minimal");
    run_ok(&[
        "build",
        "--only",
        "data",
        "--plan",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let data = out.join("site/data");
    let json_file = std::fs::read_to_string(data.join("targets.json")).expect("targets.json");
    let csv_file = std::fs::read_to_string(data.join("targets.csv")).expect("targets.csv");
    assert_eq!(
        json_file,
        targets(&plan, "json"),
        "the export is what `targets` prints"
    );
    assert_eq!(csv_file, targets(&plan, "csv"));
    // Only the data part was built.
    assert!(!out.join("site/index.html").exists());
    assert!(!out.join("pdf").exists());
    // Nothing is left next to the output (the staging folder is swapped in).
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["output"]);
}

/// 1500亿元 written as "1.5 billion yuan" (the value-mismatch-scale-en invalid fixture): the
/// diagnostic names the factor, so the editor knows it is a scale slip and not a typo.
#[test]
fn a_wrong_scale_is_reported_with_its_factor() {
    let (_tmp, plan) = temp_plan("minimal");
    edit(
        &plan,
        "chapters/01-objectives.en.md",
        "[150 billion yuan](target:va-total)",
        "[1.5 billion yuan](target:va-total)",
    );
    let (code, diags) = check_json(&plan, false);
    assert_eq!(code, 1);
    let d = diags
        .iter()
        .find(|d| d.code == "value-mismatch")
        .unwrap_or_else(|| panic!("{diags:#?}"));
    assert!(
        d.message.contains("factor of 100 (100 times too small)"),
        "{}",
        d.message
    );
    assert!(d.message.contains("billion"), "{}", d.message);
    assert_eq!(d.line, Some(13));
}

/// The registry's values in words (`target_text`, `baseline_text`) read back as the registry
/// value: what the site, the PDFs and the CSV show must be what `check` holds the text to.
#[test]
fn registry_texts_read_back_as_the_registry_values() {
    let doc = json(&fixture("minimal"));
    for t in doc["targets"].as_array().unwrap() {
        let unit_zh = t["unit"]["zh"].as_str().unwrap();
        let scale = plandoc::values::parse::unit_scale(unit_zh);
        for (text_key, value_key) in [("target_text", "target"), ("baseline_text", "baseline")] {
            if t[value_key].is_null() {
                continue;
            }
            let want = t[value_key]["value"].as_f64().unwrap() * scale;
            for (lang, parse) in [
                ("zh", plandoc::values::parse_zh as fn(&str) -> _),
                ("en", plandoc::values::parse_en),
            ] {
                let text = t[text_key][lang].as_str().unwrap();
                let q = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
                let got = q.value.unwrap();
                assert!(
                    (got - want).abs() <= 1e-9 * want.abs(),
                    "{} {text_key}.{lang} `{text}` reads as {got}, the registry says {want}",
                    t["id"]
                );
            }
        }
    }
}
