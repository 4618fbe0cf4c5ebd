//! `plandoc import` end to end: the seed becomes a plan that passes the zh-side checks, an
//! existing plan is never overwritten without --force, bad input gets a clear error.

mod common;

use common::*;

fn seed() -> String {
    root()
        .join("tests/fixtures/import/xiangtan-services-plan-14th-fyp.scraped.txt")
        .display()
        .to_string()
}

#[test]
fn imports_the_seed_and_reports_what_it_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("plan");
    let out = plandoc(&["import", &seed(), "--out", out_dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("found 6 chapters, 25 sections"), "{report}");
    assert!(
        report.contains("line   1: 欢迎浏览我公司网站!!"),
        "{report}"
    );
    assert!(
        report.contains("Copyright"),
        "the footer is reported as dropped: {report}"
    );
    for f in ["plan.yaml", "chapters/00-preamble.zh.md"] {
        assert!(out_dir.join(f).exists(), "{f} missing");
    }
    let chapters = std::fs::read_dir(out_dir.join("chapters")).unwrap().count();
    assert_eq!(chapters, 7, "preamble + six chapters");

    // A plan in Chinese alone: it checks clean as imported.
    let (code, diags) = check_json(&out_dir, true);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(code, 0);

    // Refuses to overwrite, exit 2, with a hint.
    let again = plandoc(&["import", &seed(), "--out", out_dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let forced = plandoc(&[
        "import",
        &seed(),
        "--out",
        out_dir.to_str().unwrap(),
        "--force",
    ]);
    assert!(forced.status.success());
}

#[test]
fn rejects_input_that_is_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("gbk.txt");
    std::fs::write(&bad, b"\xba\xfe\xc4\xcf").unwrap();
    let out = plandoc(&[
        "import",
        bad.to_str().unwrap(),
        "--out",
        dir.path().join("p").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not UTF-8") && err.contains("line 1, column 1") && err.contains("iconv"),
        "{err}"
    );
    assert!(!dir.path().join("p").exists(), "nothing written");
}
