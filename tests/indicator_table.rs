//! One main-indicator table for every back end: the site's `/zh/targets/` and `/en/targets/`
//! tables and the PDF editions show the same rows, column headers and value texts, for the
//! shipped plan and for a fixture with ranges in 亿元 and 万人 (English: `1.5 to 2 billion
//! yuan`, never `15 to 20 100 million yuan`).
//!
//! The site's table is read from the built HTML; the PDF's from the text layer of the built PDF
//! (`pdftotext`, which reads a tagged table cell by cell in row order).

mod common;

use common::{build, fixture, plandoc, root};
use plandoc::render::pdf::Edition;
use std::path::Path;
use std::process::Command;

/// The site's main table: the header row, then every row, each a list of cell texts.
fn site_table(html: &str) -> Vec<Vec<String>> {
    let start = html
        .find("<table class=\"main-table\">")
        .expect("the target index has its main table");
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    let mut rows = Vec::new();
    for tr in table.split("<tr>").skip(1) {
        let tr = &tr[..tr.find("</tr>").unwrap()];
        let mut cells = Vec::new();
        let mut rest = tr;
        while let Some(open) = rest.find(['<']) {
            let tag = &rest[open..];
            let is_cell = tag.starts_with("<td") || tag.starts_with("<th");
            if !is_cell {
                rest = &tag[1..];
                continue;
            }
            let close = if tag.starts_with("<td") {
                "</td>"
            } else {
                "</th>"
            };
            let body_at = tag.find('>').unwrap() + 1;
            let end = tag.find(close).unwrap();
            cells.push(text_of(&tag[body_at..end]));
            rest = &tag[end + close.len()..];
        }
        rows.push(cells);
    }
    rows
}

/// The text of an HTML fragment: tags dropped, entities decoded.
fn text_of(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs: apt-get install poppler-utils");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8(out.stdout).unwrap()
}

/// Text as compared: Chinese without any whitespace (the PDF breaks lines inside cells), English
/// with runs of whitespace as one space.
fn normal(text: &str, zh: bool) -> String {
    if zh {
        return text.chars().filter(|c| !c.is_whitespace()).collect();
    }
    // pdftotext joins a word hyphenated at a line end and drops the hyphen of a compound
    // broken there (`non-\nproducer` → `nonproducer`): compare without hyphens.
    let spaced = text.split_whitespace().collect::<Vec<_>>().join(" ");
    spaced.replace("- ", "").replace('-', "")
}

/// Builds the plan's site and PDFs, then checks that each language's site table is printed, row
/// after row and cell after cell, in that language's PDF, and that the bilingual edition prints
/// every Chinese row too.
fn same_table_on_site_and_in_print(plan: &Path) -> Vec<Vec<String>> {
    let out = build(plan, "html,pdf");
    let mut zh_table = Vec::new();
    for (lang, pdfs) in [
        ("zh", &["plan.zh.pdf", "plan.bilingual.pdf"][..]),
        ("en", &["plan.en.pdf"][..]),
    ] {
        let html =
            std::fs::read_to_string(out.path().join(format!("site/{lang}/targets/index.html")))
                .unwrap();
        let table = site_table(&html);
        assert!(table.len() >= 3, "{lang}: a header and rows: {table:?}");
        let caption =
            text_of(&html[html.find("<caption>").unwrap() + 9..html.find("</caption>").unwrap()]);
        for pdf in pdfs {
            let text = normal(&pdf_text(&out.path().join("pdf").join(pdf)), lang == "zh");
            let title = normal(&caption, lang == "zh");
            let at = text
                .find(&title)
                .unwrap_or_else(|| panic!("{pdf}: no table titled {caption}"));
            let sep = if lang == "zh" { "" } else { " " };
            // The header and every row, as one text.
            let printed: String = table
                .iter()
                .map(|row| normal(&row.join(sep), lang == "zh"))
                .collect::<Vec<_>>()
                .join(sep);
            let after = &text[at + title.len()..];
            let after = after.trim_start();
            // pdftotext orders the text of a table by position, not always cell by cell (a
            // vertically centred number may come before its row's first line): every cell is
            // printed in the table, and the rows come in the site's order (each row's indicator,
            // unique in the table, after the one before).
            // (The bilingual edition adds the English of every cell.)
            let span = if pdf.contains("bilingual") { 8 } else { 3 };
            let region: String = after.chars().take(span * printed.chars().count()).collect();
            for cell in table.iter().flatten() {
                let cell = normal(cell, lang == "zh");
                assert!(
                    region.contains(&cell),
                    "{pdf}: no cell {cell} in the table\n{region}"
                );
            }
            if pdf.contains("bilingual") {
                continue;
            }
            let mut last = 0;
            for row in &table[1..] {
                let indicator = normal(&row[1], lang == "zh");
                let found = region[last..]
                    .find(&indicator)
                    .unwrap_or_else(|| panic!("{pdf}: row {} is out of order\n{region}", row[0]));
                last += found + indicator.len();
            }
        }
        // What the template is given to print (the edition's JSON) is the site's table, cell
        // for cell: header, rows, none more.
        let (plan, _) = plandoc::driver::check_plan(plan).expect("the plan loads");
        let index = plandoc::index::TargetIndex::build(&plan);
        let stated = plandoc::index::with_stated_words(&plan, &index);
        let edition = if lang == "zh" {
            Edition::Zh
        } else {
            Edition::En
        };
        let doc = plandoc::render::pdf::edition::document(&stated, edition);
        let json = &doc["indicator_table"];
        let strings = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect()
        };
        let mut printed = vec![strings(&json["columns"])];
        printed.extend(json["rows"].as_array().unwrap().iter().map(strings));
        assert_eq!(printed, table, "{lang}: the PDF's table is not the site's");
        if lang == "zh" {
            zh_table = table;
        }
    }
    zh_table
}

#[test]
fn the_shipped_plan_prints_the_sites_main_indicator_table() {
    let table = same_table_on_site_and_in_print(&root().join("plan"));
    // The objectives section's 14 targets, under a header with the years.
    assert_eq!(
        table[0],
        ["序号", "指标", "单位", "2020年", "2025年", "属性"]
    );
    assert_eq!(table.len(), 1 + 14);
    assert_eq!(
        table[2],
        ["2", "服务业增加值", "亿元", "999.21", "1500", "预期性"]
    );
}

#[test]
fn ranges_in_scaled_units_read_the_same_everywhere() {
    let plan = fixture("indicators");
    let table = same_table_on_site_and_in_print(&plan);
    let row = |id: &str| {
        table
            .iter()
            .find(|r| r[1] == id)
            .unwrap_or_else(|| panic!("no row {id}: {table:?}"))
            .clone()
    };
    assert_eq!(
        row("服务业重大项目投资"),
        [
            "3",
            "服务业重大项目投资",
            "亿元",
            "12（2019年）",
            "15～20",
            "预期性"
        ]
    );
    assert_eq!(
        row("服务业从业人员"),
        ["4", "服务业从业人员", "万人", "—", "80～100", "约束性"]
    );
    // Values with their units: the registry export, the target pages and the CLI agree, and
    // English ranges carry the scale in words.
    let out = build(&plan, "html,data");
    let csv = std::fs::read_to_string(out.path().join("site/data/targets.csv")).unwrap();
    assert!(csv.contains("15～20亿元"), "{csv}");
    assert!(csv.contains("1.5 to 2 billion yuan"), "{csv}");
    assert!(csv.contains("0.8 to 1 million people"), "{csv}");
    assert!(!csv.contains("100 million yuan\""), "{csv}");
    let page = std::fs::read_to_string(out.path().join("site/en/targets/service-investment.html"))
        .unwrap();
    assert!(page.contains("1.5 to 2 billion yuan (2025)"), "{page}");
    let cli = plandoc(&["targets", "--plan", &plan.to_string_lossy()]);
    let cli = String::from_utf8_lossy(&cli.stdout);
    assert!(cli.contains("15～20亿元 (2025)"), "{cli}");
}
