//! The Word edition and the .docx import (issue #21): `build --only docx` then `import` gives the
//! plan back (the shipped plan and every construct fixture), also after LibreOffice has saved the
//! document again; LibreOffice opens the edition and prints it to PDF; bad input is refused with a
//! clear error and exit code 2; the real plans, made into Word documents with heading styles and
//! automatic numbering (`scripts/docx-fixture.py`), import with every part and chapter at its level.
//!
//! LibreOffice (`soffice`) and pdftotext are required (scripts/setup.sh installs them): the
//! tests fail, never skip, without them.

mod common;

use common::*;
use plandoc::model::{plain_text, Plan};
use std::path::{Path, PathBuf};
use std::process::Command;

fn need(cmd: &str) {
    let ok = Command::new("sh")
        .args(["-c", &format!("command -v {cmd}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(ok, "{cmd} is not installed: run scripts/setup.sh");
}

/// Runs soffice with its own profile (parallel tests must not share one).
fn soffice(args: &[&str], dir: &Path) {
    need("soffice");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("lo-profile").display()
    );
    let out = Command::new("soffice")
        .arg(&profile)
        .arg("--headless")
        .args(args)
        .output()
        .expect("run soffice");
    assert!(
        out.status.success(),
        "soffice {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn load(dir: &Path) -> Plan {
    plandoc::source::load(dir)
        .unwrap_or_else(|e| panic!("load {}: {e}", dir.display()))
        .plan
}

/// What the round trip must keep, chapter by chapter, as lines to compare.
fn summary(plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    for p in &plan.meta.parts {
        out.push(format!("part {} {}", p.id, p.title.zh));
    }
    for pair in &plan.chapters {
        let Some(c) = &pair.zh else { continue };
        out.push(format!("chapter {} {} part={:?}", c.id, c.title, c.part));
        for h in &c.headings {
            out.push(format!("  heading {} {:?} {}", h.level, h.id, h.text));
        }
        for b in &c.blocks {
            out.push(format!("  {} {} {}", b.kind.name(), b.key, b.text));
            for t in b.tags() {
                out.push(format!("    tag {:?} {} {}", t.kind, t.target, t.text));
            }
        }
        for t in c.tables() {
            out.push(format!(
                "  table {:?} {} header {} rows {} notes {} align {:?}",
                t.id,
                t.key,
                t.header.len(),
                t.rows.len(),
                t.notes.len(),
                t.align
            ));
        }
        for b in c.boxes() {
            out.push(format!("  box {:?} {}", b.id, b.key));
        }
        for f in &c.footnotes {
            out.push(format!(
                "  footnote {} {}",
                f.label,
                plain_text(&c.blocks[f.block].inlines)
            ));
        }
    }
    out
}

fn build_docx(plan: &Path, out: &Path) -> PathBuf {
    let o = plandoc(&[
        "build",
        "--plan",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--only",
        "docx",
    ]);
    assert!(
        o.status.success(),
        "build --only docx {}: {}",
        plan.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    let zh = out.join("docx/plan.zh.docx");
    assert!(zh.is_file(), "{} missing", zh.display());
    zh
}

fn import(docx: &Path, out: &Path) -> String {
    let o = plandoc(&[
        "import",
        docx.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        o.status.success(),
        "import {}: {}",
        docx.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The differing lines of two summaries (chapter kinds are not compared: see docs/docx.md).
fn compare(a: &[String], b: &[String]) -> (usize, Vec<String>) {
    let mut diffs = Vec::new();
    let n = a.len().max(b.len());
    for i in 0..n {
        let (x, y) = (a.get(i), b.get(i));
        if x != y {
            diffs.push(format!("  source:   {x:?}\n  imported: {y:?}"));
        }
    }
    (a.len(), diffs)
}

fn plans() -> Vec<PathBuf> {
    let mut v = vec![root().join("plan")];
    let mut c: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/constructs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("plan.yaml").is_file())
        .collect();
    c.sort();
    v.extend(c);
    v
}

#[test]
fn round_trip_through_the_word_edition() {
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for plan in plans() {
        let name = plan.file_name().unwrap().to_string_lossy().into_owned();
        let docx = build_docx(&plan, &tmp.path().join(format!("{name}-out")));
        let back = tmp.path().join(format!("{name}-back"));
        import(&docx, &back);
        let (n, diffs) = compare(&summary(&load(&plan)), &summary(&load(&back)));
        eprintln!("{name}: {n} items compared, {} differ", diffs.len());
        if !diffs.is_empty() {
            failures.push(format!("{name}:\n{}", diffs.join("\n")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_document_saved_again_by_libreoffice_imports_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for plan in plans() {
        let name = plan.file_name().unwrap().to_string_lossy().into_owned();
        if !["plan", "box", "footnotes", "table", "parts", "headings"].contains(&name.as_str()) {
            continue;
        }
        let docx = build_docx(&plan, &tmp.path().join(format!("{name}-out")));
        let resaved = tmp.path().join(format!("{name}-lo"));
        soffice(
            &[
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                resaved.to_str().unwrap(),
                docx.to_str().unwrap(),
            ],
            tmp.path(),
        );
        let back = tmp.path().join(format!("{name}-back"));
        import(&resaved.join("plan.zh.docx"), &back);
        let (n, diffs) = compare(&summary(&load(&plan)), &summary(&load(&back)));
        eprintln!(
            "{name} (saved by LibreOffice): {n} items compared, {} differ",
            diffs.len()
        );
        if !diffs.is_empty() {
            failures.push(format!("{name}:\n{}", diffs.join("\n")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn libreoffice_prints_the_word_edition() {
    need("pdftotext");
    let tmp = tempfile::tempdir().unwrap();
    for (plan, expect) in [
        (
            root().join("plan"),
            vec![
                "湘潭市人民政府办公室关于印发《湘潭市“十四五”服务业发展规划》的通知",
                "湘潭市“十四五”服务业发展规划",
                "目录",
                "一、现实基础",
                "（一）发展成就",
                "—3—",
            ],
        ),
        (
            fixture("constructs/footnotes"),
            vec!["第一章 生态环境", "细颗粒物指环境空气中"],
        ),
        (
            fixture("constructs/table"),
            vec!["表1 “十五五”服务业发展主要指标", "服务业增加值", "预期性"],
        ),
    ] {
        let name = plan.file_name().unwrap().to_string_lossy().into_owned();
        let out = tmp.path().join(&name);
        let docx = build_docx(&plan, &out);
        let pdf_dir = out.join("pdf-lo");
        soffice(
            &[
                "--convert-to",
                "pdf",
                "--outdir",
                pdf_dir.to_str().unwrap(),
                docx.to_str().unwrap(),
            ],
            &out,
        );
        let pdf = pdf_dir.join("plan.zh.pdf");
        let text = Command::new("pdftotext")
            .args([pdf.to_str().unwrap(), "-"])
            .output()
            .expect("pdftotext");
        let text = String::from_utf8_lossy(&text.stdout);
        let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for e in expect {
            let e: String = e.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(flat.contains(&e), "{name}: `{e}` not in the PDF:\n{text}");
        }
    }
}

/// Bad input: a clear error naming the file and what is wrong, exit 2, nothing written.
#[test]
fn bad_word_documents_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let good = build_docx(&fixture("constructs/box"), &tmp.path().join("good"));
    let bytes = std::fs::read(&good).unwrap();
    let zip_of = |files: &[(&str, &str)]| {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        for (n, t) in files {
            z.start_file(*n, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut z, t.as_bytes()).unwrap();
        }
        z.finish().unwrap();
        buf.into_inner()
    };
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "text.docx",
            "第一章 总则\n".as_bytes().to_vec(),
            "not a zip archive",
        ),
        (
            "other.docx",
            zip_of(&[("readme.txt", "hello")]),
            "not a Word document",
        ),
        ("protected.docx", ole, "password-protected"),
        (
            "empty.docx",
            zip_of(&[(
                "word/document.xml",
                r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p/><w:p><w:r><w:t> </w:t></w:r></w:p></w:body></w:document>"#,
            )]),
            "no text",
        ),
        (
            "truncated.docx",
            bytes[..bytes.len() / 2].to_vec(),
            "truncated",
        ),
        ("zero.docx", Vec::new(), "empty"),
    ];
    for (name, data, what) in cases {
        let file = tmp.path().join(name);
        std::fs::write(&file, data).unwrap();
        let out_dir = tmp.path().join(format!("{name}-plan"));
        let o = plandoc(&[
            "import",
            file.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(name),
            "{name}: the error names the file: {err}"
        );
        assert!(err.contains(what), "{name}: the error says `{what}`: {err}");
        assert!(err.contains("help:"), "{name}: {err}");
        assert!(!out_dir.exists(), "{name}: nothing is written");
    }
}

/// The three real plans as Word documents with heading styles and automatic numbering: every
/// part and chapter comes out at its level, as from the plain text.
#[test]
fn real_plans_made_into_word_documents_keep_their_parts_and_chapters() {
    need("python3");
    let tmp = tempfile::tempdir().unwrap();
    let dir = root().join("tests/fixtures/import");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 3);
    for name in names {
        need("soffice");
        let txt = dir.join(&name);
        let docx = tmp.path().join(name.replace(".txt", ".docx"));
        let o = Command::new("python3")
            .arg(root().join("scripts/docx-fixture.py"))
            .args([&txt, &docx])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let from_text = tmp.path().join(format!("{name}-text"));
        let o = plandoc(&[
            "import",
            txt.to_str().unwrap(),
            "--out",
            from_text.to_str().unwrap(),
        ]);
        assert!(o.status.success());
        let from_docx = tmp.path().join(format!("{name}-docx"));
        let report = import(&docx, &from_docx);
        let outline = |p: &Plan| -> Vec<String> {
            let mut v: Vec<String> = p
                .meta
                .parts
                .iter()
                .map(|x| format!("part {}", x.title.zh))
                .collect();
            v.extend(
                p.chapters
                    .iter()
                    .filter_map(|c| c.zh.as_ref())
                    .map(|c| format!("chapter {} part={:?} kind={:?}", c.title, c.part, c.kind)),
            );
            v
        };
        let (a, b) = (outline(&load(&from_text)), outline(&load(&from_docx)));
        let parts = a.iter().filter(|l| l.starts_with("part ")).count();
        let found = b.iter().filter(|l| a.contains(l)).count();
        eprintln!(
            "{name}: {} parts and chapters expected, {found} found at their level ({parts} parts)\n{report}",
            a.len()
        );
        assert_eq!(
            a, b,
            "{name}: outline of the .docx import differs from the text import"
        );
    }
}

/// A Word document as drafting offices write them: custom and Chinese-named heading styles,
/// automatic numbering, tracked changes, a footnote, an image, a text box, an indicator table
/// with a header row and a merged category row.
#[test]
fn word_features_are_read() {
    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;
    let styles = format!(
        r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="Base"><w:name w:val="Plan Base"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="MyChapter"><w:name w:val="Chapter Title"/><w:basedOn w:val="Base"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/></w:style></w:styles>"#
    );
    let numbering = format!(
        r#"<w:numbering {W}><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num></w:numbering>"#
    );
    let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
    let row = |cells: &[&str]| {
        format!(
            "<w:tr>{}</w:tr>",
            cells.iter().map(|c| cell(c)).collect::<String>()
        )
    };
    let document = format!(
        r#"<w:document {W}><w:body>
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>示例市服务业发展规划</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="MyChapter"/></w:pPr><w:r><w:t>发展基础</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="2"/></w:pPr><w:r><w:t>总体情况</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>1.总量稳步攀升。</w:t></w:r><w:r><w:t>服务业</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>持续</w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>删除的话</w:delText></w:r></w:del><w:r><w:t>增长</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t>。</w:t></w:r><w:r><w:drawing><wp:inline><wp:docPr id="1" name="图1" descr="产业结构图"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"/></a:graphic></wp:inline></w:drawing></w:r></w:p>
<w:p><w:r><w:t>表1 主要指标</w:t></w:r></w:p>
<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr>{h}</w:tr><w:tr><w:tc><w:tcPr><w:gridSpan w:val="5"/></w:tcPr><w:p><w:r><w:t>一、经济发展（1项）</w:t></w:r></w:p></w:tc></w:tr>{r1}</w:tbl>
<w:p><w:r><w:t>注：2025年为预计数。</w:t></w:r></w:p>
<w:p><w:r><w:t>正文继续。</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="2" name="文本框 1"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>专栏1 重大工程</w:t></w:r></w:p><w:p><w:r><w:t>建设城际铁路2条。</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict/></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="MyChapter"/></w:pPr><w:r><w:t>重点任务</w:t></w:r></w:p>
<w:p><w:r><w:t>加快发展。</w:t></w:r></w:p>
</w:body></w:document>"#,
        h = ["指标", "单位", "2025年", "2030年", "属性"]
            .iter()
            .map(|c| cell(c))
            .collect::<String>(),
        r1 = row(&["服务业增加值", "亿元", "999", "1500", "预期性"]),
    );
    let footnotes = format!(
        r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="0"><w:p/></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>脚注内容。</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        for (n, t) in [
            ("word/document.xml", document.as_str()),
            ("word/styles.xml", styles.as_str()),
            ("word/numbering.xml", numbering.as_str()),
            ("word/footnotes.xml", footnotes.as_str()),
        ] {
            z.start_file(n, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut z, t.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("draft.docx");
    std::fs::write(&file, buf.into_inner()).unwrap();
    let out = tmp.path().join("plan");
    let report = import(&file, &out);
    assert!(
        report.contains("unaccepted tracked changes (1 insertions or moves, 1 deletions)"),
        "{report}"
    );
    assert!(report.contains("image `图1: 产业结构图`"), "{report}");
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    let names: Vec<String> = std::fs::read_dir(out.join("chapters"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let first = names
        .iter()
        .find(|n| n.starts_with("01-"))
        .expect("chapter 01");
    let ch1 = read(&format!("chapters/{first}"));
    assert!(
        ch1.contains("title: 第一章 发展基础"),
        "numbering generated: {ch1}"
    );
    assert!(ch1.contains("## 总体情况 {#"), "标题 2 is a section: {ch1}");
    assert!(
        ch1.contains("**1.总量稳步攀升**。服务业持续增长[^1]。"),
        "accepted text, bold lead, footnote: {ch1}"
    );
    assert!(!ch1.contains("删除的话"), "{ch1}");
    assert!(ch1.contains("[^1]: 脚注内容。"), "{ch1}");
    assert!(
        ch1.contains("Table: 表1 主要指标 {#main-indicators}"),
        "{ch1}"
    );
    assert!(
        ch1.contains("| 一、经济发展（1项） |  |  |  |  |") || ch1.contains("一、经济发展（1项）"),
        "{ch1}"
    );
    assert!(
        ch1.contains("(target:"),
        "the indicator row is tagged: {ch1}"
    );
    assert!(ch1.contains("注：2025年为预计数。"), "{ch1}");
    assert!(
        ch1.contains("> #### 专栏1 重大工程 {#box-1}") && ch1.contains("> 建设城际铁路2条。"),
        "text box as a box: {ch1}"
    );
    let second = names
        .iter()
        .find(|n| n.starts_with("02-"))
        .expect("chapter 02");
    assert!(read(&format!("chapters/{second}")).contains("title: 第二章 重点任务"));
    assert!(
        read("targets.yaml").contains("indicator: {zh: 服务业增加值}"),
        "{}",
        read("targets.yaml")
    );
    assert!(read("plan.yaml").contains("示例市服务业发展规划"));
}

/// The fuzz target's seed corpus, cut and corrupted at many places (a cheap stand-in for
/// `cargo fuzz run import_docx`, which needs a nightly toolchain): no panic, no placeholder left.
#[test]
fn corrupted_packages_never_panic() {
    let dir = root().join("fuzz/corpus/import_docx");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 5);
    let mut runs = 0;
    for seed in seeds {
        let bytes = std::fs::read(&seed).unwrap();
        plandoc::import::fuzz_docx(&bytes);
        let step = (bytes.len() / 150).max(1);
        for at in (0..bytes.len()).step_by(step) {
            plandoc::import::fuzz_docx(&bytes[..at]);
            let mut b = bytes.clone();
            b[at] ^= 0x5A;
            plandoc::import::fuzz_docx(&b);
            let mut b = bytes.clone();
            b.drain(at..(at + 7).min(bytes.len()));
            plandoc::import::fuzz_docx(&b);
            runs += 3;
        }
    }
    eprintln!("{runs} corrupted inputs read");
}

/// Parts, chapters and headings get Word's heading styles at their outline level.
#[test]
fn heading_styles_follow_the_outline() {
    let tmp = tempfile::tempdir().unwrap();
    for (plan, expect) in [
        ("plan", vec![("foundation", 1), ("achievements", 2)]),
        (
            "constructs/headings",
            vec![
                ("tasks", 1),
                ("industries", 2),
                ("chips", 3),
                ("processors", 6),
            ],
        ),
        (
            "constructs/parts",
            vec![("general", 1), ("situation", 2), ("basis", 3)],
        ),
    ] {
        let dir = if plan == "plan" {
            root().join("plan")
        } else {
            fixture(plan)
        };
        let docx = build_docx(&dir, &tmp.path().join(plan.replace('/', "-")));
        let mut z = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut xml)
            .unwrap();
        for (id, level) in expect {
            let at = xml
                .find(&format!("w:name=\"pd_h_{id}\""))
                .unwrap_or_else(|| panic!("{plan}: no bookmark pd_h_{id}"));
            let style_at = xml[..at].rfind("<w:pStyle w:val=\"").unwrap();
            let style = &xml[style_at + 17..];
            let style = &style[..style.find('"').unwrap()];
            assert_eq!(style, format!("Heading{level}"), "{plan}: {id}");
        }
    }
}

/// Found by the `import_docx` fuzz target (1.8 million runs in): a document whose own text holds
/// the private-use characters the importer uses as placeholders left one in the plan. Such
/// characters are replaced by U+FFFD when the XML is read.
#[test]
fn placeholder_characters_in_a_document_never_reach_the_plan() {
    let bytes =
        std::fs::read(common::fixture("fuzz").join("import_docx-placeholder-in-text")).unwrap();
    plandoc::import::fuzz_docx(&bytes);
}

// ------------------------------------------------------------------ the gb9704 layout

const MM: f64 = 72.0 / 25.4;

/// The shipped plan with the gb9704 print settings of `tests/fixtures/docx-gb9704/print.yaml`.
fn gb9704_plan(dir: &Path) -> PathBuf {
    let plan = dir.join("gb-plan");
    copy_dir(&root().join("plan"), &plan);
    let yaml = plan.join("plan.yaml");
    let mut text = std::fs::read_to_string(&yaml).unwrap();
    text.push('\n');
    text.push_str(&std::fs::read_to_string(fixture("docx-gb9704/print.yaml")).unwrap());
    std::fs::write(&yaml, text).unwrap();
    plan
}

fn part(docx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
    s
}

/// The `w:eastAsia` font of a paragraph style.
fn style_face(styles: &str, id: &str) -> String {
    // Normal has the document's default face.
    let (open, close) = if id == "Normal" {
        ("<w:docDefaults>".to_string(), "</w:docDefaults>")
    } else {
        (format!(r#"w:styleId="{id}""#), "</w:style>")
    };
    let at = styles
        .find(&open)
        .unwrap_or_else(|| panic!("no style {id}"));
    let style = &styles[at..at + styles[at..].find(close).unwrap()];
    let f = style
        .split(r#"w:eastAsia=""#)
        .nth(1)
        .unwrap_or_else(|| panic!("style {id} names no eastAsia face: {style}"));
    f[..f.find('"').unwrap()].to_string()
}

/// A fontconfig file that maps the faces the edition names to the free faces the PDF edition
/// falls back to (fonts-noto-cjk, fonts-lxgw-wenkai), as docs/docx.md tells a Linux reader.
fn fontconfig(dir: &Path, map: &[(String, &str)]) -> PathBuf {
    let mut x = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig><include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>");
    for (from, to) in map {
        x.push_str(&format!("<alias binding=\"same\"><family>{from}</family><prefer><family>{to}</family></prefer></alias>"));
    }
    x.push_str("</fontconfig>");
    let p = dir.join("fonts.conf");
    std::fs::write(&p, x).unwrap();
    p
}

/// Converts with LibreOffice under a fontconfig file; returns the PDF.
fn to_pdf(docx: &Path, dir: &Path, fc: Option<&Path>) -> PathBuf {
    need("soffice");
    let out_dir = dir.join("lo-pdf");
    let mut cmd = Command::new("soffice");
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        dir.join("lo-profile").display()
    ))
    .args(["--headless", "--convert-to", "pdf", "--outdir"])
    .arg(&out_dir)
    .arg(docx);
    if let Some(fc) = fc {
        cmd.env("FONTCONFIG_FILE", fc);
    }
    let o = cmd.output().expect("run soffice");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = out_dir.join(format!(
        "{}.pdf",
        docx.file_stem().unwrap().to_string_lossy()
    ));
    assert!(pdf.is_file(), "soffice wrote no {}", pdf.display());
    pdf
}

fn python(script: &str, pdf: &Path) -> serde_json::Value {
    let o = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(pdf)
        .output()
        .expect("python3 (with pdfplumber: scripts/setup.sh)");
    assert!(
        o.status.success(),
        "python: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

/// Per page: its size, the lines of 16 pt text (extent, characters, faces), the 14 pt page
/// number, and the page's plain text.
const MEASURE: &str = r#"
import pdfplumber, sys, json, collections
out = []
for page in pdfplumber.open(sys.argv[1]).pages:
    lines = collections.defaultdict(list)
    for c in page.chars:
        if c['text'].strip() and abs(c['size'] - 16) < 0.3:
            lines[round(c['bottom'])].append(c)
    ls = []
    for y, cs in sorted(lines.items()):
        cs.sort(key=lambda c: c['x0'])
        ls.append({'top': min(c['top'] for c in cs), 'bottom': max(c['bottom'] for c in cs),
                   'x0': cs[0]['x0'], 'x1': cs[-1]['x1'], 'last_x1': cs[-2]['x1'] if len(cs) > 1 else cs[-1]['x1'],
                   'text': ''.join(c['text'] for c in cs), 'fonts': sorted(set(c['fontname'] for c in cs))})
    nums = [c for c in page.chars if c['size'] >= 10 and c['text'].strip() and c['top'] > page.height * 0.88]
    num = None
    if nums:
        digits = [c for c in nums if c['text'].isalnum()]
        num = {'text': ''.join(c['text'] for c in sorted(nums, key=lambda c: c['x0'])),
               'top': min(c['top'] for c in digits) if digits else None,
               'x0': min(c['x0'] for c in nums), 'x1': max(c['x1'] for c in nums),
               'size': max(c['size'] for c in nums)}
    out.append({'width': page.width, 'height': page.height, 'lines': ls, 'number': num,
                'text': page.extract_text() or ''})
print(json.dumps(out, ensure_ascii=False))
"#;

/// The 22 pt text of the first page (the notice's title): its text, extent and faces.
const NOTICE_TITLE: &str = r#"
import pdfplumber, sys, json
page = pdfplumber.open(sys.argv[1]).pages[0]
cs = [c for c in page.chars if c['text'].strip() and abs(c['size'] - 22) < 0.3]
cs.sort(key=lambda c: (round(c['top']), c['x0']))
print(json.dumps({'text': ''.join(c['text'] for c in cs), 'x0': min(c['x0'] for c in cs),
                  'x1': max(c['x1'] for c in cs), 'fonts': sorted(set(c['fontname'] for c in cs))},
                 ensure_ascii=False))
"#;

#[test]
fn gb9704_word_edition_has_the_official_document_layout() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = gb9704_plan(tmp.path());
    let docx = build_docx(&plan, &tmp.path().join("out"));

    // The XML: A4, margins 37/28 (binding)/35/26 mm, the 22 × 28 grid for 16 pt, odd and even
    // footers, mirrored margins.
    let doc = part(&docx, "word/document.xml");
    let sect = &doc[doc.rfind("<w:sectPr>").unwrap()..];
    for want in [
        r#"<w:pgSz w:w="11906" w:h="16838"/>"#,
        r#"w:top="2098" w:right="1474" w:bottom="1984" w:left="1587""#,
        r#"<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-849"/>"#,
        r#"<w:footerReference w:type="even" r:id="rIdFooterEven"/>"#,
    ] {
        assert!(sect.contains(want), "no {want} in {sect}");
    }
    // 225 mm / 22 lines, in twips; (156 mm / 28 − 16 pt) in 4096ths of a point.
    assert_eq!((225.0 / 25.4 * 1440.0 / 22.0f64).floor(), 579.0);
    assert_eq!(((8844.0 / 20.0 / 28.0 - 16.0) * 4096.0f64).floor(), -849.0);
    assert_eq!(
        doc.matches("<w:sectPr>").count(),
        4,
        "notice, contents, body, imprint"
    );
    let settings = part(&docx, "word/settings.xml");
    assert!(settings.contains("<w:evenAndOddHeaders/>") && settings.contains("<w:mirrorMargins/>"));
    let styles = part(&docx, "word/styles.xml");
    assert!(styles.contains(r#"<w:sz w:val="32"/>"#), "no 16 pt text");
    assert!(styles.contains(r#"<w:sz w:val="44"/>"#), "no 22 pt title");
    // The faces: the standard's, first Chinese name of each role of the PDF's list.
    let roles = |key: &str| {
        plandoc::render::pdf::fonts::GB9704
            .iter()
            .find(|r| r.key == key)
            .unwrap()
            .families
    };
    let faces = [
        ("Normal", "fangsong", "仿宋_GB2312"),
        ("Heading1", "hei", "黑体"),
        ("Heading2", "kai", "楷体_GB2312"),
        ("Heading3", "fangsong", "仿宋_GB2312"),
        ("Title", "xiaobiaosong", "方正小标宋简体"),
    ];
    let mut map = Vec::new();
    for (style, role, want) in faces {
        let f = style_face(&styles, style);
        assert_eq!(f, want, "{style}");
        assert!(
            roles(role).contains(&f.as_str()),
            "{f} is not in the {role} role"
        );
        // The free face the PDF uses when no standard face is installed.
        let free = if role == "hei" {
            "Noto Sans CJK SC"
        } else if role == "kai" {
            "LXGW WenKai"
        } else {
            "Noto Serif CJK SC"
        };
        assert!(roles(role).contains(&free));
        map.push((f, free));
    }
    map.push(("宋体".to_string(), "Noto Serif CJK SC"));
    let fonts = part(&docx, "word/fontTable.xml");
    assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="FangSong_GB2312"/>"#));

    // LibreOffice's rendering, measured.
    let fc = fontconfig(tmp.path(), &map);
    let pdf = to_pdf(&docx, tmp.path(), Some(&fc));
    let pages = python(MEASURE, &pdf);
    let pages = pages.as_array().unwrap();
    let (top, bottom) = (37.0, 37.0 + 225.0);
    let mut full_pages = 0;
    let mut counts = std::collections::BTreeMap::new();
    let mut body_pages = 0;
    for (i, p) in pages.iter().enumerate() {
        let n = i + 1;
        assert!(
            (p["width"].as_f64().unwrap() - 595.3).abs() < 1.0,
            "page {n} not A4"
        );
        assert!(
            (p["height"].as_f64().unwrap() - 841.9).abs() < 1.0,
            "page {n} not A4"
        );
        // Odd pages have the binding on the left. A page's side is that of its number
        // (LibreOffice leaves the blank pages it inserts before an odd page out of the PDF).
        let odd = p["number"]["text"]
            .as_str()
            .and_then(|t| page_number(t.trim_matches(|c: char| c == '—' || c.is_whitespace())))
            .map_or(n % 2 == 1, |v| v % 2 == 1);
        let left = if odd { 28.0 } else { 26.0 };
        let lines = p["lines"].as_array().unwrap();
        for l in lines {
            let text = l["text"].as_str().unwrap();
            let t = l["top"].as_f64().unwrap() / MM;
            let b = l["bottom"].as_f64().unwrap() / MM;
            let x0 = l["x0"].as_f64().unwrap() / MM;
            // LibreOffice hangs a closing comma or full stop past the margin.
            let hangs = text.ends_with(['，', '。', '、', '；', '：', '”', '）']);
            let x1 = l[if hangs { "last_x1" } else { "x1" }].as_f64().unwrap() / MM;
            assert!(
                t >= top - 1.5 && b <= bottom + 1.5,
                "page {n}: a line at {t:.1}–{b:.1} mm: {text}"
            );
            assert!(
                x0 >= left - 1.5,
                "page {n}: a line starts at {x0:.1} mm: {text}"
            );
            assert!(
                x1 <= left + 156.0 + 1.5,
                "page {n}: a line ends at {x1:.1} mm: {text}"
            );
        }
        let Some(num) = p["number"].as_object() else {
            continue;
        };
        let txt = num["text"].as_str().unwrap();
        assert!(
            txt.starts_with('—') && txt.ends_with('—'),
            "page {n}: number {txt:?}"
        );
        let size = num["size"].as_f64().unwrap();
        assert!((size - 14.0).abs() < 0.3, "page {n}: number in {size} pt");
        let em = 14.0 / MM;
        let ntop = num["top"].as_f64().unwrap() / MM;
        assert!(
            (ntop - (bottom + 7.0)).abs() <= 1.5,
            "page {n}: number at {ntop:.1} mm"
        );
        if odd {
            let x1 = num["x1"].as_f64().unwrap() / MM;
            assert!(
                (x1 - (28.0 + 156.0 - em)).abs() <= 1.5,
                "page {n}: number ends at {x1:.1} mm"
            );
        } else {
            let x0 = num["x0"].as_f64().unwrap() / MM;
            assert!(
                (x0 - (26.0 + em)).abs() <= 1.5,
                "page {n}: number starts at {x0:.1} mm"
            );
        }
        if txt.chars().any(|c| c.is_ascii_digit()) {
            body_pages += 1;
        }
        if lines.len() >= 22 {
            full_pages += 1;
            assert_eq!(lines.len(), 22, "page {n}: {} lines", lines.len());
            // Lines of Chinese from margin to margin.
            for l in lines {
                let text = l["text"].as_str().unwrap();
                let x0 = l["x0"].as_f64().unwrap() / MM;
                let x1 = l["x1"].as_f64().unwrap() / MM;
                if text.chars().all(|c| !c.is_ascii())
                    && (x0 - left).abs() < 1.0
                    && x1 > left + 150.0
                {
                    *counts.entry(text.chars().count()).or_insert(0usize) += 1;
                }
            }
        }
    }
    eprintln!("gb9704 .docx via LibreOffice: {} pages, {full_pages} with 22 lines, full lines by characters: {counts:?}", pages.len());
    assert!(body_pages >= 40, "{body_pages} pages with arabic numbers");
    assert!(full_pages >= 10, "only {full_pages} pages have 22 lines");
    let most = counts.iter().max_by_key(|(_, n)| **n).map(|(len, _)| *len);
    assert_eq!(most, Some(28), "characters per full line: {counts:?}");
    assert!(counts.values().sum::<usize>() >= 100, "{counts:?}");
    // The faces by role: 仿宋 text, 黑体 一、, 楷体 （一）.
    let face_of = |prefix: &str| -> Vec<String> {
        pages
            .iter()
            .flat_map(|p| p["lines"].as_array().unwrap())
            .find(|l| l["text"].as_str().unwrap().starts_with(prefix))
            .unwrap_or_else(|| panic!("no line {prefix}"))["fonts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect()
    };
    let has = |fonts: &[String], face: &str| fonts.iter().any(|f| f.contains(face));
    assert!(
        has(&face_of("一、现实基础"), "NotoSansCJK"),
        "{:?}",
        face_of("一、现实基础")
    );
    assert!(
        has(&face_of("（一）发展成就"), "LXGWWenKai"),
        "{:?}",
        face_of("（一）发展成就")
    );
    assert!(
        has(&face_of("现代服务业是"), "NotoSerifCJK"),
        "{:?}",
        face_of("现代服务业是")
    );
    let pdffonts = Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .expect("pdffonts");
    let pdffonts = String::from_utf8_lossy(&pdffonts.stdout);
    for face in ["NotoSerifCJK", "NotoSansCJK", "LXGWWenKai"] {
        assert!(pdffonts.contains(face), "{face} not embedded:\n{pdffonts}");
    }
    // The letterhead on the first page and the imprint at the foot of the last (even) page.
    let first: String = pages[0]["text"]
        .as_str()
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(
        first.contains("湘潭市人民政府办公室文件") && first.contains("潭政办发〔2021〕12号"),
        "{first}"
    );
    // The notice's title under the red rule, in 2号 小标宋 (Noto Serif CJK through the
    // fontconfig map), centred on the type area, before the addressees.
    let title = python(NOTICE_TITLE, &pdf);
    assert_eq!(
        title["text"].as_str().unwrap(),
        "湘潭市人民政府办公室关于印发《湘潭市“十四五”服务业发展规划》的通知",
        "{title}"
    );
    let middle = (title["x0"].as_f64().unwrap() + title["x1"].as_f64().unwrap()) / 2.0 / MM;
    assert!(
        (middle - (28.0 + 78.0)).abs() < 3.0,
        "title centred at {middle:.1} mm"
    );
    assert!(
        title["fonts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f.as_str().unwrap().contains("NotoSerifCJK")),
        "{title}"
    );
    let addressees = first.find("各县市区人民政府").expect("the addressees");
    assert!(first.find("关于印发").unwrap() < addressees, "{first}");
    let last = pages.last().unwrap();
    let last: String = last["text"]
        .as_str()
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(
        last.contains("抄送：市委各部门") && last.contains("印发"),
        "{last}"
    );
}

/// `12` → 12, `IV` → 4.
fn page_number(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let v = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        _ => None,
    };
    let d: Vec<u32> = s.chars().map(v).collect::<Option<_>>()?;
    let mut n = 0;
    for (i, x) in d.iter().enumerate() {
        if d.get(i + 1).is_some_and(|y| y > x) {
            n -= *x as i64;
        } else {
            n += *x as i64;
        }
    }
    u32::try_from(n).ok().filter(|n| *n > 0)
}

/// Checks that each entry of the contents names the page its heading is on, by the numbers
/// printed in the footers. Returns how many entries were checked.
fn contents_match(pages: &[serde_json::Value]) -> usize {
    let flat = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let printed: Vec<String> = pages
        .iter()
        .map(|p| {
            p["number"]["text"]
                .as_str()
                .unwrap_or_default()
                .trim_matches(|c: char| c == '—' || c.is_whitespace())
                .to_string()
        })
        .collect();
    let contents = pages
        .iter()
        .position(|p| flat(p["text"].as_str().unwrap()).starts_with("目录"))
        .expect("no contents page");
    let mut checked = 0;
    for p in &pages[contents..] {
        let text = p["text"].as_str().unwrap();
        let entries: Vec<(String, String)> = text
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                let (title, num) = l.rsplit_once(['.', '…', ' '])?;
                let title = title.trim_end_matches(['.', '…', ' ']).to_string();
                (!num.is_empty() && num.chars().all(|c| c.is_ascii_digit()) && !title.is_empty())
                    .then(|| (title, num.to_string()))
            })
            .collect();
        if entries.is_empty() {
            if checked > 0 {
                break;
            }
            continue;
        }
        for (title, num) in entries {
            let at = printed.iter().rposition(|n| *n == num).unwrap_or_else(|| {
                panic!("the contents give page {num} for {title}: no such page")
            });
            let on = flat(pages[at]["text"].as_str().unwrap());
            assert!(on.contains(&flat(&title)), "{title} is not on page {num}");
            checked += 1;
        }
    }
    checked
}

#[test]
fn the_contents_show_the_pages_of_the_headings() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, plan) in [
        ("book", root().join("plan")),
        ("gb9704", gb9704_plan(tmp.path())),
    ] {
        let dir = tmp.path().join(name);
        let docx = build_docx(&plan, &dir);
        let doc = part(&docx, "word/document.xml");
        assert!(doc.contains(
            r#"<w:instrText xml:space="preserve"> PAGEREF pd_h_foundation \h </w:instrText>"#
        ));
        assert!(part(&docx, "word/settings.xml").contains(r#"<w:updateFields w:val="true"/>"#));
        let pages = python(MEASURE, &to_pdf(&docx, &dir, None));
        let n = contents_match(pages.as_array().unwrap());
        eprintln!("{name}: {n} contents entries on the pages they name");
        assert!(n >= 30, "{name}: only {n} entries of the contents checked");
    }
}

/// The notice's own title, `…关于印发《…》的通知` / `Notice on Issuing the …`, heads the
/// notice in both layouts and both languages, in its own style: 2号 小标宋 centred in gb9704.
#[test]
fn the_notice_has_its_title() {
    let tmp = tempfile::tempdir().unwrap();
    let book = build_docx(&root().join("plan"), &tmp.path().join("book"));
    let gb = build_docx(&gb9704_plan(tmp.path()), &tmp.path().join("gb"));
    let zh = "湘潭市人民政府办公室关于印发《湘潭市“十四五”服务业发展规划》的通知";
    let en = "Notice on Issuing the Xiangtan Municipal 14th Five-Year Plan for Service Industry Development";
    for docx in [&book, &gb] {
        for (file, title, addressees) in [
            (docx.clone(), zh, "各县市区人民政府"),
            (
                docx.with_file_name("plan.en.docx"),
                en,
                "governments of all counties",
            ),
        ] {
            let doc = part(&file, "word/document.xml");
            let want = format!(
                r#"<w:p><w:pPr><w:pStyle w:val="NoticeTitle"/></w:pPr><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
                title.replace('\'', "&apos;")
            );
            let at = doc
                .find(&want)
                .unwrap_or_else(|| panic!("{}: no notice title {want}", file.display()));
            let addr = doc.find(addressees).expect("the addressees");
            assert!(
                at < addr,
                "{}: the title is not before the addressees",
                file.display()
            );
            assert_eq!(doc.matches("NoticeTitle").count(), 1);
        }
        // The disclosure line in the parentheses of its language.
        let en = part(&docx.with_file_name("plan.en.docx"), "word/document.xml");
        assert!(
            en.contains("(This document"),
            "no (This document … ) in the en notice"
        );
        assert!(
            !en.contains("（"),
            "full-width parentheses in the en notice"
        );
        let zh = part(docx, "word/document.xml");
        assert!(zh.contains("（此件主动公开）"));
    }
    let style = |docx: &Path| {
        let styles = part(docx, "word/styles.xml");
        let at = styles
            .find(r#"w:styleId="NoticeTitle""#)
            .expect("a NoticeTitle style");
        styles[at..at + styles[at..].find("</w:style>").unwrap()].to_string()
    };
    let g = style(&gb);
    for want in [
        r#"<w:jc w:val="center"/>"#,
        r#"<w:sz w:val="44"/>"#,
        r#"w:eastAsia="方正小标宋简体""#,
    ] {
        assert!(g.contains(want), "gb9704 NoticeTitle lacks {want}: {g}");
    }
    let b = style(&book);
    assert!(
        b.contains(r#"<w:jc w:val="center"/>"#) && b.contains("<w:b/>"),
        "{b}"
    );
}

/// The gb9704 edition goes round too: the letterhead, the document number, the notice's title
/// and the imprint are dropped and reported, none of them ends up in the text.
#[test]
fn round_trip_through_the_gb9704_word_edition() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = gb9704_plan(tmp.path());
    let docx = build_docx(&plan, &tmp.path().join("out"));
    let back = tmp.path().join("back");
    let report = import(&docx, &back);
    let (n, diffs) = compare(&summary(&load(&plan)), &summary(&load(&back)));
    eprintln!("gb9704: {n} items compared, {} differ", diffs.len());
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
    assert!(n > 200, "{n} items");
    for (text, why) in [
        ("湘潭市人民政府办公室文件", "letterhead or imprint"),
        ("潭政办发〔2021〕12号", "letterhead or imprint"),
        ("抄送：市委各部门", "letterhead or imprint"),
        (
            "关于印发《湘潭市“十四五”服务业发展规划》的通知",
            "title of the issuing notice",
        ),
    ] {
        let line = report
            .lines()
            .find(|l| l.contains(text))
            .unwrap_or_else(|| panic!("`{text}` not reported:\n{report}"));
        assert!(line.contains(why), "{line}");
    }
    let imported = load(&back);
    let notice = imported.meta.notice.as_ref().expect("the notice imported");
    let source = load(&plan);
    let want = source.meta.notice.as_ref().unwrap();
    assert_eq!(notice.addressees.zh, want.addressees.zh);
    assert_eq!(notice.office.zh, want.office.zh);
    for pair in &imported.chapters {
        for b in &pair.zh.as_ref().unwrap().blocks {
            for boiler in ["关于印发", "潭政办发", "抄送", "人民政府办公室文件"]
            {
                assert!(
                    !b.text.contains(boiler),
                    "`{boiler}` in the text: {}",
                    b.text
                );
            }
        }
    }
}
