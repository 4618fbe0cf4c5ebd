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
                "  table {:?} {} header {} rows {} notes {}",
                t.id,
                t.key,
                t.header.len(),
                t.rows.len(),
                t.notes.len()
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
