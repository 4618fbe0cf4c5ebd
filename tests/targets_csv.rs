//! `plandoc targets export --format csv` and `targets import FILE.csv` (issue #22): the
//! registry round-trips through a spreadsheet file; one value edited changes exactly that
//! target; every malformed row is named and nothing is written.

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

fn shipped() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    copy_dir(&root().join("plan"), &plan);
    (dir, plan)
}

fn export(plan: &Path) -> String {
    let (code, out, err) = run(&[
        "targets",
        "export",
        "--plan",
        plan.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    out
}

fn import(plan: &Path, csv: &Path) -> (i32, String, String) {
    run(&[
        "targets",
        "import",
        csv.to_str().unwrap(),
        "--plan",
        plan.to_str().unwrap(),
    ])
}

#[test]
fn export_then_import_leaves_the_registry_as_it_was() {
    let (tmp, plan) = shipped();
    let before = std::fs::read_to_string(plan.join("targets.yaml")).unwrap();
    let csv = export(&plan);
    assert!(csv.starts_with('\u{FEFF}'), "UTF-8 with a BOM for Excel");
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .contains("id,indicator_zh,indicator_en"));
    let n = before.matches("\n  - id: ").count();
    assert_eq!(csv.trim_end().lines().count(), n + 1, "a row per target");
    let file = tmp.path().join("targets.csv");
    std::fs::write(&file, &csv).unwrap();
    let (code, out, err) = import(&plan, &file);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("no target changed"), "{out}");
    assert_eq!(
        std::fs::read_to_string(plan.join("targets.yaml")).unwrap(),
        before
    );
}

#[test]
fn one_value_edited_changes_exactly_that_target() {
    let (tmp, plan) = shipped();
    let before = std::fs::read_to_string(plan.join("targets.yaml")).unwrap();
    let csv = export(&plan);
    // A statistician adds a monitored value to `va-total` in the spreadsheet.
    let mut rdr =
        csv::ReaderBuilder::new().from_reader(csv.trim_start_matches('\u{FEFF}').as_bytes());
    let header = rdr.headers().unwrap().clone();
    let progress = header.iter().position(|h| h == "progress").unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        let mut fields: Vec<String> = r.iter().map(String::from).collect();
        if fields[0] == "va-total" {
            fields[progress] =
                r#"[{"year":2022,"value":1150.5,"source":"湘潭统计年鉴2023"}]"#.into();
        }
        w.write_record(&fields).unwrap();
    }
    let file = tmp.path().join("targets.csv");
    std::fs::write(&file, w.into_inner().unwrap()).unwrap();
    let (code, out, err) = import(&plan, &file);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("changed va-total"), "{out}");
    let after = std::fs::read_to_string(plan.join("targets.yaml")).unwrap();
    // Only the lines of va-total differ: one line added to its entry.
    let (b, a): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(a.len(), b.len() + 1);
    let added: Vec<&&str> = a.iter().filter(|l| !b.contains(l)).collect();
    assert_eq!(
        added,
        [&"    progress: [{year: 2022, value: 1150.5, source: 湘潭统计年鉴2023}]"]
    );
    let at = a
        .iter()
        .position(|l| l.starts_with("    progress:"))
        .unwrap();
    let entry_start = a[..at]
        .iter()
        .rposition(|l| l.starts_with("  - id:"))
        .unwrap();
    assert_eq!(a[entry_start], "  - id: va-total");
    let (code, diags) = check_json(&plan, false);
    assert_eq!(code, 0, "{diags:?}");
}

#[test]
fn every_malformed_row_is_named_and_nothing_is_written() {
    let (tmp, plan) = shipped();
    let before = std::fs::read_to_string(plan.join("targets.yaml")).unwrap();
    let csv = export(&plan);
    let mut lines: Vec<String> = csv.lines().map(String::from).collect();
    lines[1] = lines[1].replacen(",expected,", ",maybe,", 1);
    lines[2] = lines[2].replacen(",2025,", ",next year,", 1);
    lines.push("Bad ID,指标".into());
    let file = tmp.path().join("targets.csv");
    std::fs::write(&file, lines.join("\r\n")).unwrap();
    let (code, _, err) = import(&plan, &file);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("line 2, column `nature`: `maybe` is not a nature"),
        "{err}"
    );
    assert!(
        err.contains("line 3, column `target_year`: `next year` is not a year"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "line {}: 2 fields, but the header has",
            lines.len()
        )),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        std::fs::read_to_string(plan.join("targets.yaml")).unwrap(),
        before
    );

    std::fs::write(&file, b"id,indicator_zh\xff\n").unwrap();
    let (code, _, err) = import(&plan, &file);
    assert_eq!(code, 1);
    assert!(err.contains("not UTF-8"), "{err}");
}
