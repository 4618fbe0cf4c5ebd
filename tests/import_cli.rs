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

/// The seed saved as GB18030 (GBK: many Chinese pages, Notepad's "ANSI" on Chinese Windows)
/// and as UTF-16 with its byte-order mark (Notepad's "Unicode") imports to the very plan its
/// UTF-8 text does, and the report says how the file was read.
#[test]
fn imports_text_in_gb18030_and_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(seed()).unwrap();
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf8_plan = dir.path().join("utf8");
    assert!(
        plandoc(&["import", &seed(), "--out", utf8_plan.to_str().unwrap()])
            .status
            .success()
    );
    for (name, bytes, encoding) in [
        ("gb18030", gb.to_vec(), "GB18030"),
        ("utf16", utf16, "UTF-16LE"),
    ] {
        let file = dir.path().join(format!("{name}.txt"));
        std::fs::write(&file, &bytes).unwrap();
        let plan = dir.path().join(name);
        let out = plandoc(&[
            "import",
            file.to_str().unwrap(),
            "--out",
            plan.to_str().unwrap(),
        ]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains(&format!(
                "note: the file is {encoding} text, not UTF-8: it was read as {encoding}"
            )),
            "{name}: {stdout}"
        );
        assert!(
            tree(&plan) == tree(&utf8_plan),
            "{name}: the plan differs from the UTF-8 import"
        );
    }
}

#[test]
fn rejects_input_that_is_not_text() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    // 0xFF begins no character in UTF-8 or GB18030.
    std::fs::write(&bad, b"\xff\xba\xfe\xc4\xcf").unwrap();
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
