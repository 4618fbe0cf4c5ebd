//! `plandoc import` on real plans (tests/fixtures/import/, byte for byte as obtained): the seed
//! (a scraped web page), Suzhou's outline (the text layer of a PDF) and Hangzhou's outline (a web
//! page). Each one imports, checks clean and builds in Chinese alone; its text is all there; its
//! parts and chapters are headings at their level, as many as the source has; its main
//! indicator table is a table with every row, each row a registered target; every line is
//! accounted for; two imports are byte-identical.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const SEED: &str = "xiangtan-services-plan-14th-fyp.scraped.txt";
const SUZHOU: &str = "suzhou-15th-fyp-outline.txt";
const HANGZHOU: &str = "hangzhou-15th-fyp-outline.txt";

fn source(name: &str) -> PathBuf {
    root().join("tests/fixtures/import").join(name)
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(source(name)).unwrap()
}

fn import(name: &str) -> plandoc::import::Imported {
    plandoc::import::import_bytes(&bytes(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every chapter file of an import, one after the other.
fn chapters_text(imported: &plandoc::import::Imported) -> String {
    imported
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("chapters"))
        .map(|(_, c)| c.as_str())
        .collect()
}

/// Imports with the binary, checks and builds; returns the temp dir, the plan dir and plan.json.
fn import_and_build(name: &str) -> (tempfile::TempDir, PathBuf, Value) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    let out = plandoc(&[
        "import",
        source(name).to_str().unwrap(),
        "--out",
        plan.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "import {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = plandoc(&["check", "--plan", plan.to_str().unwrap()]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.contains("no errors"),
        "check {name}: {text}"
    );
    let site = dir.path().join("out");
    let out = plandoc(&[
        "build",
        "--plan",
        plan.to_str().unwrap(),
        "--only",
        "html,data",
        "--no-search",
        "--out",
        site.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "build {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = std::fs::read_to_string(site.join("site/data/plan.json")).unwrap();
    (dir, plan, serde_json::from_str(&json).unwrap())
}

/// Every Chinese text (`{"zh": …}`) in a JSON value.
fn zh_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| zh_strings(x, out)),
        Value::Object(o) => {
            if let Some(Value::String(s)) = o.get("zh") {
                out.push(s.clone());
            }
            o.values().for_each(|x| zh_strings(x, out));
        }
        _ => {}
    }
}

/// Every string in a JSON value.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// Text compared as a reader sees it: no whitespace, punctuation in its full-width form, one
/// kind of double quote.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            ',' => '，',
            ';' => '；',
            ':' => '：',
            '(' => '（',
            ')' => '）',
            '?' => '？',
            '!' => '！',
            '"' | '“' | '”' => '"',
            c => c,
        })
        .collect()
}

fn nonspace(s: &str) -> usize {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}' && *c != '\u{feff}')
        .count()
}

/// All the text of the built plan (plan.json) and of plan.yaml (title, issuer, notice), normalised
/// and joined; table rows are also joined cell by cell, as a wrapped row reads in the source.
fn output_text(json: &Value, plan: &Path) -> String {
    let mut all = Vec::new();
    strings(json, &mut all);
    fn rows(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(o) => {
                if let (Some(Value::Array(rs)), Some(h)) = (o.get("rows"), o.get("header")) {
                    for r in rs.iter().chain(std::iter::once(h)) {
                        let mut cells = Vec::new();
                        strings(r, &mut cells);
                        out.push(cells.concat());
                    }
                }
                o.values().for_each(|x| rows(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| rows(x, out)),
            _ => {}
        }
    }
    rows(json, &mut all);
    let yaml: Value =
        serde_yaml::from_str(&std::fs::read_to_string(plan.join("plan.yaml")).unwrap()).unwrap();
    strings(&yaml, &mut all);
    norm(&all.join("\u{1}"))
}

/// A page footer (`— 13 —`, `—9—`) inside a text.
fn has_footer(s: &str) -> bool {
    let v: Vec<char> = s.chars().collect();
    let dash = |c: char| matches!(c, '—' | '-' | '－');
    for i in 0..v.len() {
        if !dash(v[i]) || (i > 0 && (dash(v[i - 1]) || v[i - 1].is_ascii_digit())) {
            continue;
        }
        let mut j = i + 1;
        while j < v.len() && v[j] == ' ' {
            j += 1;
        }
        let d = j;
        while j < v.len() && v[j].is_ascii_digit() {
            j += 1;
        }
        let digits = j - d;
        while j < v.len() && v[j] == ' ' {
            j += 1;
        }
        if (1..=3).contains(&digits)
            && j < v.len()
            && dash(v[j])
            && v.get(j + 1)
                .is_none_or(|c| !dash(*c) && !c.is_ascii_digit())
            && v.get(i.wrapping_sub(1)).is_none_or(|c| !c.is_ascii_digit())
        {
            return true;
        }
    }
    false
}

/// How the input's characters are accounted for: (dropped, kept and found in the output, kept
/// but not found) and the lines not found.
fn account(name: &str, out: &str) -> (usize, usize, usize, Vec<(usize, String)>) {
    let imported = import(name);
    let text = String::from_utf8(bytes(name)).unwrap();
    let mut dropped_by_line: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
    for d in &imported.report.dropped {
        dropped_by_line
            .entry(d.line)
            .or_default()
            .push(d.text.clone());
    }
    let (mut dropped, mut found, mut missing) = (0, 0, 0);
    let mut missing_lines = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let no = i + 1;
        let mut line = raw
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            .to_string();
        if let Some(ds) = dropped_by_line.get(&no) {
            for d in ds {
                if d == &line {
                    line.clear();
                } else if let Some(at) = line.find(d.as_str()) {
                    line.replace_range(at..at + d.len(), "\u{1}");
                } else {
                    panic!("{name}: dropped text of line {no} is not on that line: {d}");
                }
                dropped += nonspace(d);
            }
        }
        if nonspace(&line) == 0 {
            continue;
        }
        // A kept line is in the output as a whole, or (a PDF line cut by a footer) piece by piece.
        // A heading line that carries body text (`（一）健全组织保障。进一步…`) is a heading without
        // its full stop and a paragraph.
        let found_in = |piece: &str| {
            let p = norm(piece);
            out.contains(&p)
                || p.split_once('。').is_some_and(|(head, rest)| {
                    out.contains(head) && (rest.is_empty() || out.contains(rest))
                })
        };
        if line.split('\u{1}').all(found_in) {
            found += nonspace(&line);
        } else {
            missing += nonspace(&line);
            missing_lines.push((no, line));
        }
    }
    assert_eq!(
        nonspace(&text),
        dropped + found + missing,
        "{name}: every character is dropped (and reported) or kept"
    );
    (dropped, found, missing, missing_lines)
}

fn text_kept(name: &str) {
    let (_dir, plan, json) = import_and_build(name);
    let out = output_text(&json, &plan);
    let (dropped, found, missing, lines) = account(name, &out);
    let kept = found as f64 / (found + missing) as f64;
    eprintln!(
        "{name}: {dropped} characters dropped and reported, {found} kept and found, {missing} kept \
         but not found ({:.2}% of the text found)",
        kept * 100.0
    );
    for (no, l) in &lines {
        eprintln!("  not found: line {no}: {l}");
    }
    assert!(
        kept >= 0.99,
        "{name}: only {:.2}% of the text is on the built site; not found: {:#?}",
        kept * 100.0,
        &lines[..lines.len().min(20)]
    );
    let mut texts = Vec::new();
    zh_strings(&json, &mut texts);
    for t in texts {
        assert!(!has_footer(&t), "{name}: page footer left in: {t}");
    }
}

#[test]
fn seed_text_is_kept() {
    text_kept(SEED);
}

#[test]
fn suzhou_text_is_kept() {
    text_kept(SUZHOU);
}

#[test]
fn hangzhou_text_is_kept() {
    text_kept(HANGZHOU);
}

/// Suzhou's 专栏3 lists one sentence per county (`1. 张家港市重点发展…等。`): plain items, not
/// ten bold lead phrases with nothing after them.
#[test]
fn suzhou_box_items_of_one_sentence_are_not_bold() {
    let text = chapters_text(&import(SUZHOU));
    assert!(
        text.contains(
            "> 1\\.张家港市重点发展智能制造装备、新一代智能终端、智能网联新能源汽车等。\n"
        ),
        "专栏3's first item"
    );
    assert!(!text.contains("**1.张家港市"));
}

/// Suzhou's text as `pdftotext` gives a print edition with running headers: a form feed at
/// every page break, and at the top of every page the plan's title (odd pages) or the current
/// chapter's (even pages), with the page number. The import is the very plan of the text
/// without them, and the report lists every header it dropped.
#[test]
fn suzhou_with_running_headers_imports_the_same_plan() {
    let text = String::from_utf8(bytes(SUZHOU)).unwrap();
    let title = "苏州市国民经济和社会发展第十五个五年规划纲要";
    let footer = |l: &str| {
        let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
        t.starts_with('—') && t.ends_with('—') && t.trim_matches('—').parse::<u32>().is_ok()
    };
    let (mut out, mut chapter, mut pages) = (Vec::new(), String::new(), 0);
    for line in text.split('\n') {
        let t = line.trim();
        if t.starts_with('第') && t.contains('章') && t.chars().count() < 30 && !t.contains('…')
        {
            chapter = t.to_string();
        }
        out.push(line.to_string());
        if footer(line) {
            pages += 1;
            let header = if pages % 2 == 1 || chapter.is_empty() {
                format!("{title}  {}", pages + 1)
            } else {
                format!("{}  {chapter}", pages + 1)
            };
            out.push(format!("\u{c}{header}"));
        }
    }
    assert!(pages > 100, "{pages} page breaks");
    let with_headers = plandoc::import::import_bytes(out.join("\n").as_bytes()).unwrap();
    let plain = import(SUZHOU);
    for ((p1, c1), (p2, c2)) in plain.files.iter().zip(&with_headers.files) {
        assert_eq!(p1, p2);
        assert!(c1 == c2, "{} differs with running headers", p1.display());
    }
    assert_eq!(plain.files.len(), with_headers.files.len());
    let dropped = with_headers
        .report
        .dropped
        .iter()
        .filter(|d| d.reason.starts_with("running header"))
        .count();
    assert_eq!(dropped, pages, "one running header dropped per page break");
}

/// Hangzhou has 63 chapter files, 13 of them a part's opening text (listed as the part): the
/// sidebar's link to the contents counts the chapters the contents list.
#[test]
fn hangzhou_sidebar_counts_the_chapters_the_contents_list() {
    let (dir, _plan, _json) = import_and_build(HANGZHOU);
    let site = dir.path().join("out/site/zh");
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    let contents = &home[home.find("id=\"pd-chapters\"").expect("the contents")..];
    let contents = &contents[..contents.find("</section>").unwrap_or(contents.len())];
    let listed = contents.matches("<li><a href=").count();
    let chapter = std::fs::read_to_string(site.join("ju-li-da-zao/index.html")).unwrap();
    assert_eq!(listed, 50, "the home page's contents");
    assert!(
        chapter.contains(&format!("#pd-chapters\">全部章节（{listed}）</a>")),
        "{}",
        &chapter[chapter.find("toc-all").unwrap_or(0)..][..200]
    );
}

/// The source's headings of one system, counted independently of the importer: lines that start
/// with the numbering, outside the contents (a contents entry ends with its page number).
fn source_headings(name: &str, system: &str) -> Vec<String> {
    let text = String::from_utf8(bytes(name)).unwrap();
    let numeral = |c: char| "一二三四五六七八九十百".contains(c);
    text.lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.ends_with(|c: char| c.is_ascii_digit()) && !l.contains("...."))
        .filter(|l| match system {
            "、" => {
                let n = l.chars().take_while(|c| numeral(*c)).count();
                n > 0 && l.chars().nth(n) == Some('、')
            }
            s => l.strip_prefix('第').is_some_and(|r| {
                let n = r.chars().take_while(|c| numeral(*c)).count();
                n > 0
                    && r.chars()
                        .skip(n)
                        .collect::<String>()
                        .trim_start()
                        .starts_with(s)
            }),
        })
        .collect()
}

fn zh(v: &Value) -> String {
    v["zh"].as_str().unwrap_or_default().to_string()
}

fn headings_at_their_level(
    name: &str,
    parts_system: Option<&str>,
    chapter_system: &str,
    sections: Option<&str>,
) {
    let (_dir, _plan, json) = import_and_build(name);
    let parts: Vec<String> = json["parts"]
        .as_array()
        .map(|a| a.iter().map(|p| norm(&zh(&p["title"]))).collect())
        .unwrap_or_default();
    let chapters: Vec<&Value> = json["chapters"].as_array().unwrap().iter().collect();
    if let Some(sys) = parts_system {
        let src = source_headings(name, sys);
        assert_eq!(
            parts.len(),
            src.len(),
            "{name}: parts {parts:?} vs the source's {src:?}"
        );
        for (p, s) in parts.iter().zip(&src) {
            assert!(
                p.starts_with(&norm(s)),
                "{name}: part `{p}` for the source's `{s}`"
            );
        }
    } else {
        assert!(parts.is_empty());
    }
    let src = source_headings(name, chapter_system);
    let is_chapter = |t: &str| {
        if chapter_system == "、" {
            t.contains('、') && !t.starts_with('第')
        } else {
            t.starts_with('第') && t.contains(chapter_system)
        }
    };
    let numbered: Vec<&Value> = chapters
        .iter()
        .copied()
        .filter(|c| {
            c["kind"] == "chapter"
                && is_chapter(&zh(&c["title"]))
                && !parts.contains(&norm(&zh(&c["title"])))
        })
        .collect();
    assert_eq!(
        numbered.len(),
        src.len(),
        "{name}: chapters vs the source's"
    );
    for (c, s) in numbered.iter().zip(&src) {
        assert_eq!(norm(&zh(&c["title"])), norm(s), "{name}: chapter title");
        if parts_system.is_some() {
            assert!(
                c["part"].is_string(),
                "{name}: chapter `{s}` belongs to a part"
            );
        }
    }
    if let Some(sys) = sections {
        let src = source_headings(name, sys);
        let mut found = Vec::new();
        for c in &chapters {
            for item in c["content"].as_array().unwrap() {
                if item["type"] == "heading" && item["level"] == 2 {
                    found.push(norm(&zh(&item["text"])));
                }
            }
        }
        assert_eq!(
            found.len(),
            src.len(),
            "{name}: sections (level 2) vs the source's"
        );
        for (f, s) in found.iter().zip(&src) {
            assert_eq!(f, &norm(s), "{name}: section heading");
        }
    }
}

#[test]
fn seed_headings_at_their_level() {
    headings_at_their_level(SEED, None, "、", None);
}

#[test]
fn suzhou_headings_at_their_level() {
    headings_at_their_level(SUZHOU, Some("篇"), "章", Some("节"));
}

#[test]
fn hangzhou_headings_at_their_level() {
    headings_at_their_level(HANGZHOU, Some("篇"), "章", Some("节"));
}

/// The rows of the source's indicator table, counted by their 属性 cell.
fn source_indicator_rows(name: &str) -> usize {
    String::from_utf8(bytes(name))
        .unwrap()
        .lines()
        .filter(|l| {
            let t = l.trim();
            t.ends_with("预期性") || t.ends_with("约束性")
        })
        .count()
}

fn indicator_table_registered(name: &str, baseline: bool) {
    let (_dir, plan, json) = import_and_build(name);
    let mut table = None;
    for c in json["chapters"].as_array().unwrap() {
        for item in c["content"].as_array().unwrap() {
            if item["type"] == "table" && item["id"] == "main-indicators" {
                table = Some(item.clone());
            }
        }
    }
    let table = table.unwrap_or_else(|| panic!("{name}: no main-indicators table"));
    let header: Vec<String> = table["header"].as_array().unwrap().iter().map(zh).collect();
    let nature = header
        .iter()
        .position(|h| h == "属性")
        .expect("a 属性 column");
    let rows: Vec<Vec<String>> = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap().iter().map(zh).collect())
        .collect();
    let indicator_rows: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[nature] == "预期性" || r[nature] == "约束性")
        .collect();
    let expected = source_indicator_rows(name);
    assert_eq!(indicator_rows.len(), expected, "{name}: indicator rows");
    let loaded = plandoc::source::load(&plan).unwrap().plan;
    let targets = &loaded.targets.targets;
    assert_eq!(
        targets.len(),
        expected,
        "{name}: one registered target per row"
    );
    let defined: Vec<&str> = table["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "define")
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    for t in targets {
        assert!(
            defined.contains(&t.id.as_str()),
            "{name}: `{}` is defined in the table",
            t.id
        );
        assert_eq!(t.target.year, 2030, "{name}: {}", t.id);
        assert!(
            t.target.value.is_some() || t.target.text.is_some(),
            "{name}: `{}` has a target value or words",
            t.id
        );
        assert!(t
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
    }
    if baseline {
        let year_col = header.iter().position(|h| h.starts_with("2025")).unwrap();
        let with_baseline = indicator_rows
            .iter()
            .filter(|r| !r[year_col].is_empty() && r[year_col] != "—")
            .count();
        let registered = targets.iter().filter(|t| t.baseline.is_some()).count();
        assert_eq!(
            registered, with_baseline,
            "{name}: every baseline of the table is registered"
        );
    }
}

#[test]
fn suzhou_indicator_table_is_registered() {
    indicator_table_registered(SUZHOU, false);
}

#[test]
fn hangzhou_indicator_table_is_registered() {
    indicator_table_registered(HANGZHOU, true);
}

#[test]
fn every_dropped_line_has_its_line_and_reason_and_imports_are_identical() {
    for name in [SEED, SUZHOU, HANGZHOU] {
        let a = import(name);
        let b = import(name);
        assert_eq!(a, b, "{name}: two imports differ");
        let text = String::from_utf8(bytes(name)).unwrap();
        let lines: Vec<&str> = text.split('\n').collect();
        let report = a.report.to_string();
        for d in &a.report.dropped {
            assert!(!d.reason.is_empty());
            assert!(
                lines[d.line - 1].contains(d.text.as_str()),
                "{name}: line {} does not hold `{}`",
                d.line,
                d.text
            );
            assert!(
                report.contains(&format!("{}: ", d.line)),
                "{name}: line {} in the report",
                d.line
            );
        }
    }
}

#[test]
fn figures() {
    // Not a check of its own: prints what was found, for the record.
    for name in [SEED, SUZHOU, HANGZHOU] {
        let start = std::time::Instant::now();
        let r = import(name).report;
        eprintln!(
            "{name}: {} parts, {} chapters, {} sections, {} lower headings, {} tables, {} boxes, {} targets, {} lines dropped ({:?})",
            r.parts,
            r.chapters,
            r.sections,
            r.subsections,
            r.tables,
            r.boxes,
            r.targets,
            r.dropped.len(),
            start.elapsed()
        );
    }
}

/// A box in a PDF's text has no end mark: it ends at a heading, or where a body paragraph
/// resumes (a line of the body's width that runs on). Suzhou's 专栏4 ends in four one-line
/// items as wide as a body line, each a sentence of its own: they stay in the box. Its boxes 3,
/// 6, 10 and 16 end where the body resumes.
#[test]
fn suzhou_boxes_end_where_the_body_resumes() {
    let text = chapters_text(&import(SUZHOU));
    let items = [
        "“一城”：常熟市发展“智算未来城”，夯实“算力+”基础。",
        "“一地”：相城区塑造“数智新地”，建设“数据+”高地。",
        "“一谷”：吴中区建设“具身智谷”，培育“机器人+”集群。",
        "“一空间”：苏州工业园区打造“模术空间”，构建“模型+”生态。",
    ];
    let in_box = items.map(|i| format!("> {i}\n")).join(">\n");
    assert!(text.contains(&in_box), "专栏4 lost its items");
    for resumed in [
        "培优育强人工智能原生企业。",
        "丰富多业态融合场景。",
        "彰显“最江南”文化特质。",
        "加强生物多样性保护。",
    ] {
        assert!(
            text.contains(&format!("\n\n{resumed}")),
            "`{resumed}` is not a body paragraph after its box"
        );
    }
}

/// A box that is a table given one cell per line (Hangzhou's web page): 专栏23 has a header of
/// three cells and five rows of three; it becomes that table, inside its box, instead of one
/// paragraph of 18 run-together cells.
#[test]
fn hangzhou_box_table_is_a_table_in_its_box() {
    let imported = import(HANGZHOU);
    let (_, ch) = imported
        .files
        .iter()
        .find(|(_, c)| c.contains("专栏23 "))
        .expect("the chapter of 专栏23");
    let at = ch.find("> #### 专栏23 ").unwrap();
    let bx: Vec<&str> = ch[at..]
        .lines()
        .take_while(|l| l.starts_with('>'))
        .collect();
    let rows: Vec<&str> = bx.iter().filter_map(|l| l.strip_prefix("> | ")).collect();
    assert_eq!(rows.len(), 2 + 5, "{bx:#?}");
    assert_eq!(rows[0], "区、县（市） | 发展导向 | 特色平台 |");
    let names: Vec<&str> = rows[2..]
        .iter()
        .map(|r| r.split(" | ").next().unwrap())
        .collect();
    assert_eq!(names, ["富阳区", "临安区", "桐庐县", "淳安县", "建德市"]);
    assert!(
        rows.iter().all(|r| r.matches(" | ").count() == 2),
        "{rows:#?}"
    );
    assert!(rows[6]
        .ends_with("| 建德经济开发区（航空小镇）、三江口农旅融合平台、新时代“千万工程”践行平台 |"));
    assert_eq!(imported.report.tables, 2);
}

/// Hangzhou's 专栏7 is a table of clusters with cells spanning rows, given one cell per line;
/// it is not rebuilt as a table, but its labels (`人工智能`, `发展目标`, `重点平台`) stay
/// paragraphs of their own instead of running into the text (`集群人工智能发展目标到2030年`).
#[test]
fn hangzhou_labels_do_not_run_into_the_text() {
    let text = chapters_text(&import(HANGZHOU));
    assert!(!text.contains("集群人工智能发展目标"));
    assert!(!text.contains("重点平台滨江"));
    assert!(text.contains(
        "> 人工智能\n>\n> 发展目标\n>\n> 到2030年，规模以上人工智能核心产业营业收入超6000亿元。\n>\n> 重点平台\n"
    ));
}
