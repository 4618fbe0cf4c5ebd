//! The website for each construct of the source model: tables, boxes, footnotes, definition
//! lists, parts, appendices, deep headings, a plan in Chinese alone and one half translated.
//! Each test builds one fixture of tests/fixtures/constructs/, crawls it (every internal link
//! and #anchor resolves, no duplicate ids, every block keeps its anchor) and checks the markup
//! of its construct.

use plandoc::index::TargetIndex;
use plandoc::model::{Lang, Plan};
use plandoc::render::html::{render_chapter_pages, render_site, SiteOptions};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/constructs")
        .join(name)
}

fn load(name: &str) -> (Plan, TargetIndex) {
    let dir = fixture(name);
    let (plan, diags) = plandoc::driver::check_plan(&dir).expect("plan folder");
    assert!(
        !diags.has_errors(),
        "{name} does not pass check: {}",
        plandoc::driver::summary(&diags)
    );
    let index = TargetIndex::build(&plan);
    (plan, index)
}

/// A built site and the plan it was built from.
struct Built {
    plan: Plan,
    index: TargetIndex,
    out: tempfile::TempDir,
    pages: BTreeMap<String, Doc>,
}

impl Built {
    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn exists(&self, rel: &str) -> bool {
        self.out.path().join(rel).exists()
    }
}

fn build(name: &str) -> Built {
    let (plan, index) = load(name);
    let out = tempfile::tempdir().expect("tempdir");
    render_site(&plan, &index, out.path(), &SiteOptions::default())
        .unwrap_or_else(|e| panic!("render_site: {e}"));
    let pages = crawl(out.path());
    let built = Built {
        plan,
        index,
        out,
        pages,
    };
    every_anchor_is_kept(&built);
    built
}

/// The part of `html` from the first `start` to the next `end` after it.
fn between<'h>(html: &'h str, start: &str, end: &str) -> &'h str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in\n{html}"));
    let rest = &html[from..];
    let to = rest
        .find(end)
        .unwrap_or_else(|| panic!("no {end} after {start}"));
    &rest[..to + end.len()]
}

/// Where `needle` is in `html` (panics with the page when it is not).
fn pos(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("no {needle} in\n{html}"))
}

// ---------------------------------------------------------------------------------------------
// A small crawler on lol_html.

#[derive(Default, Debug)]
struct Doc {
    ids: BTreeSet<String>,
    duplicate_ids: Vec<String>,
    /// Every a[href] and link[href].
    links: Vec<String>,
    hreflang: Vec<String>,
    h1: usize,
}

fn decode(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn parse(html: &str) -> Doc {
    use lol_html::{element, HtmlRewriter, Settings};
    let doc = Rc::new(RefCell::new(Doc::default()));
    let d = doc.clone();
    let mut rewriter = HtmlRewriter::new(
        Settings::new().append_element_content_handler(element!("*", move |el| {
            let mut d = d.borrow_mut();
            let attr = |a: &str| el.get_attribute(a).map(|v| decode(&v));
            if el.tag_name() == "h1" {
                d.h1 += 1;
            }
            if let Some(id) = attr("id") {
                if !d.ids.insert(id.clone()) {
                    d.duplicate_ids.push(id);
                }
            }
            if let Some(l) = attr("hreflang") {
                d.hreflang.push(l);
            }
            if matches!(el.tag_name().as_str(), "a" | "link") {
                if let Some(href) = attr("href") {
                    d.links.push(href);
                }
            }
            Ok(())
        })),
        |_: &[u8]| {},
    );
    rewriter.write(html.as_bytes()).expect("html parses");
    rewriter.end().expect("html parses");
    Rc::try_unwrap(doc).expect("single owner").into_inner()
}

/// A relative link of the page `page` as (file under the site root, fragment); `None` for links
/// that leave the site (or the base-URL links of canonical and hreflang).
fn resolve(page: &str, href: &str) -> Option<(String, Option<String>)> {
    if href.contains("://") || href.starts_with("mailto:") || href.starts_with("data:") {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    if path.starts_with('/') {
        return None;
    }
    if path.is_empty() {
        return Some((page.to_string(), fragment));
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                assert!(
                    parts.pop().is_some(),
                    "{page}: {href} climbs above the root"
                );
            }
            s => parts.push(s),
        }
    }
    let mut file = parts.join("/");
    if path.ends_with('/') || file.is_empty() {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Some((file, fragment))
}

/// Every page of a built site, checked: one h1, no duplicate id, every internal link and
/// #anchor resolves (the PDFs and data, written by other back ends, excepted).
fn crawl(out: &Path) -> BTreeMap<String, Doc> {
    let pages: BTreeMap<String, Doc> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            rel.ends_with(".html").then(|| {
                let html = std::fs::read_to_string(e.path()).expect("read");
                (rel, parse(&html))
            })
        })
        .collect();
    let mut problems = Vec::new();
    for (page, doc) in &pages {
        if doc.h1 != 1 {
            problems.push(format!("{page}: {} h1", doc.h1));
        }
        if !doc.duplicate_ids.is_empty() {
            problems.push(format!("{page}: duplicate ids {:?}", doc.duplicate_ids));
        }
        for href in &doc.links {
            let Some((file, fragment)) = resolve(page, href) else {
                continue;
            };
            if file.starts_with("pdf/") || file.starts_with("data/") {
                continue;
            }
            if !out.join(&file).is_file() {
                problems.push(format!("{page}: {href} → {file} does not exist"));
                continue;
            }
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                match pages.get(&file) {
                    Some(t) if t.ids.contains(&f) => {}
                    _ => problems.push(format!("{page}: {href} → no #{f} in {file}")),
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    pages
}

/// Every heading, block, table and box of every chapter keeps its anchor on its chapter page
/// (so that links from the target index land), and the parallel page has a row for every
/// heading, paragraph, table and box.
fn every_anchor_is_kept(b: &Built) {
    for pair in &b.plan.chapters {
        for &lang in b.plan.langs() {
            let Some(ch) = pair.get(lang) else { continue };
            let page = format!("{}/{}/index.html", lang.code(), ch.id);
            let doc = &b.pages[&page];
            let mut want: Vec<String> = ch.blocks.iter().map(|x| x.anchor()).collect();
            want.extend(ch.headings.iter().filter_map(|h| h.id.clone()));
            want.extend(ch.tables().iter().map(|t| t.anchor()));
            want.extend(ch.boxes().iter().map(|x| x.anchor()));
            for (i, _) in ch.footnotes.iter().enumerate() {
                want.push(format!("fn-{}", i + 1));
            }
            for a in &want {
                assert!(doc.ids.contains(a), "{page}: no #{a}");
            }
            if b.plan.has_english() {
                let parallel = &b.pages[&format!("parallel/{}/index.html", ch.id)];
                let mut rows: Vec<String> =
                    ch.headings.iter().filter_map(|h| h.id.clone()).collect();
                rows.extend(ch.tables().iter().map(|t| t.anchor()));
                rows.extend(ch.boxes().iter().map(|x| x.anchor()));
                rows.extend(ch.footnotes.iter().map(|f| ch.blocks[f.block].anchor()));
                for a in &rows {
                    assert!(parallel.ids.contains(a), "parallel/{}: no #{a}", ch.id);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------

#[test]
fn tables_are_tables_with_caption_headers_rows_and_notes() {
    let b = build("table");
    let zh = b.read("zh/goals/index.html");
    let figure = between(
        &zh,
        "<div class=\"table-figure\" id=\"main-indicators\">",
        "</table>\n</div>\n<p class=\"table-note\"",
    );
    assert!(figure.contains(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表1 “十五五”服务业发展主要指标\">"
    ), "{figure}");
    assert!(
        figure.contains("<caption id=\"main-indicators-caption\">表1 “十五五”服务业发展主要指标")
    );
    let head = between(figure, "<thead>", "</thead>");
    assert_eq!(head.matches("<th scope=\"col\"").count(), 5, "{head}");
    for h in ["指标", "单位", "2025年", "2030年", "属性"] {
        assert!(head.contains(&format!(">{h}</th>")), "{h}: {head}");
    }
    // Numeric columns keep their right alignment.
    assert_eq!(head.matches("class=\"align-right\"").count(), 2, "{head}");
    let body = between(figure, "<tbody>", "</tbody>");
    assert_eq!(body.matches("<tr>").count(), 3, "{body}");
    assert_eq!(body.matches("<th scope=\"row\"").count(), 3, "{body}");
    assert_eq!(body.matches("<td").count(), 12, "{body}");
    for row in [
        "服务业增加值",
        "服务业增加值占地区生产总值比重",
        "森林覆盖率",
    ] {
        assert!(body.contains(&format!(">{row}</th>")), "{row}");
    }
    // Target tags in cells link to their target pages like anywhere else.
    assert!(body.contains("<td id=\"main-indicators-r2c4\" class=\"align-right\"><a class=\"tag tag-target\" href=\"../targets/va-total.html\""), "{body}");
    // The note stays with the table, no paragraph indent for cells or the note.
    let note = between(&zh, "<p class=\"table-note\"", "</div>");
    assert!(note.contains("注：2025年为预计数。"), "{note}");
    assert!(
        !figure.contains("<p class=\"block\""),
        "cells are not paragraphs: {figure}"
    );
    // The English table too, and the parallel page shows both tables side by side.
    let en = b.read("en/goals/index.html");
    assert!(en.contains("<caption id=\"main-indicators-caption\">Table 1 Main Indicators"));
    let parallel = b.read("parallel/goals/index.html");
    let row = between(
        &parallel,
        "<div class=\"row row-table\" id=\"main-indicators\">",
        "<a class=\"anchor\" href=\"#main-indicators\"",
    );
    assert_eq!(
        row.matches("<table class=\"plan-table\">").count(),
        2,
        "{row}"
    );
    assert!(
        row.contains("<div class=\"cell\" lang=\"zh-CN\">")
            && row.contains("<div class=\"cell\" lang=\"en\">")
    );
    // The home page lists the table.
    let home = b.read("zh/index.html");
    let list = between(&home, "<h2 id=\"pd-tables\">表目录</h2>", "</section>");
    assert!(
        list.contains("<a href=\"goals/#main-indicators\">表1 “十五五”服务业发展主要指标</a>"),
        "{list}"
    );
    assert!(!home.contains("pd-boxes"), "no boxes, no list of boxes");
    let en_home = b.read("en/index.html");
    assert!(en_home.contains("<h2 id=\"pd-tables\">List of Tables</h2>"));
}

#[test]
fn boxes_are_labelled_asides_holding_their_content() {
    let b = build("box");
    let zh = b.read("zh/projects/index.html");
    let aside = between(&zh, "<aside class=\"box\" id=\"box-transport\"", "</aside>");
    assert!(
        aside.contains("aria-labelledby=\"box-transport-label\""),
        "{aside}"
    );
    assert!(aside.contains(
        "<p class=\"box-title\" id=\"box-transport-title\"><span id=\"box-transport-label\">专栏1 综合交通重大工程</span>"
    ), "{aside}");
    assert!(aside.contains("重点推进以下工程："));
    assert_eq!(
        between(aside, "<ul>", "</ul>")
            .matches("<li class=\"block\"")
            .count(),
        2
    );
    let table = between(aside, "<table class=\"plan-table\">", "</table>");
    assert_eq!(table.matches("<th scope=\"col\"").count(), 3);
    assert!(table.contains(">120公里</td>"));
    // The box title is no heading: the outline goes from the section to the next one.
    assert!(!aside.contains("<h"), "{aside}");
    // The paragraph after the box is outside it.
    assert!(pos(&zh, "</aside>") < pos(&zh, "工程实施情况纳入年度考核。"));
    let home = b.read("zh/index.html");
    let list = between(&home, "<h2 id=\"pd-boxes\">专栏目录</h2>", "</section>");
    assert!(
        list.contains("<a href=\"projects/#box-transport\">专栏1 综合交通重大工程</a>"),
        "{list}"
    );
    let en = b.read("en/index.html");
    assert!(en.contains("<h2 id=\"pd-boxes\">List of Boxes</h2>"));
    assert!(en.contains(
        "<a href=\"projects/#box-transport\">Box 1 Major Integrated Transport Programs</a>"
    ));
    let parallel = b.read("parallel/projects/index.html");
    let rows = between(
        &parallel,
        "<div class=\"box-rows\">",
        "</div>\n</div>\n</div>",
    );
    assert!(
        rows.contains("<div class=\"row row-box\" id=\"box-transport\">"),
        "{rows}"
    );
    assert!(rows.contains("Box 1 Major Integrated Transport Programs"));
    assert!(rows.contains("专栏1 综合交通重大工程"));
}

#[test]
fn footnote_references_link_to_their_notes_and_back() {
    let b = build("footnotes");
    for (lang, label, back) in [
        (Lang::Zh, "脚注", "返回正文"),
        (Lang::En, "Footnotes", "Back to the text"),
    ] {
        let page = b.read(&format!("{}/environment/index.html", lang.code()));
        let first = pos(
            &page,
            "<sup class=\"fnref\"><a href=\"#fn-1\" id=\"fnref-1\"",
        );
        let second = pos(
            &page,
            "<sup class=\"fnref\"><a href=\"#fn-2\" id=\"fnref-2\"",
        );
        assert!(first < second, "numbered in order");
        assert!(page.contains(">1</a></sup>") && page.contains(">2</a></sup>"));
        assert!(
            !page.contains(">pm<") && !page.contains(">waste<"),
            "labels are not shown"
        );
        let notes = between(&page, "<section class=\"footnotes\"", "</section>");
        assert!(
            notes.contains(&format!("aria-label=\"{label}\"")),
            "{notes}"
        );
        assert!(notes.contains("<li id=\"fn-1\"><p class=\"block\" id=\"environment-fn1\">"));
        assert!(notes.contains("<li id=\"fn-2\"><p class=\"block\" id=\"environment-fn2\">"));
        assert!(
            notes.contains(&format!(
                "<a class=\"fn-back\" href=\"#fnref-1\" aria-label=\"{back}\">"
            )),
            "{notes}"
        );
        assert!(notes.contains("href=\"#fnref-2\""));
        // The notes close the chapter.
        assert!(second < pos(&page, "<section class=\"footnotes\""));
        assert!(pos(&page, "</section>\n</article>") > 0);
    }
    let zh = b.read("zh/environment/index.html");
    assert!(zh.contains("细颗粒物指环境空气中空气动力学当量直径小于等于2.5微米的颗粒物"));
    // The parallel page: references link to the footnote rows.
    let parallel = b.read("parallel/environment/index.html");
    assert!(
        parallel.contains("<a href=\"#environment-fn1\" aria-label=\"脚注1\">1</a>"),
        "{parallel}"
    );
    assert!(parallel.contains("<a href=\"#environment-fn1\" aria-label=\"Footnote 1\">1</a>"));
    assert!(parallel.contains("<div class=\"row row-footnote\" id=\"environment-fn2\">"));
}

#[test]
fn definition_lists_are_dl() {
    let b = build("terms");
    for (lang, terms) in [
        (Lang::Zh, ["算力网络", "数据要素"]),
        (
            Lang::En,
            ["Computing power network", "Data as a factor of production"],
        ),
    ] {
        let page = b.read(&format!("{}/terms/index.html", lang.code()));
        let dl = between(&page, "<dl class=\"terms\">", "</dl>");
        assert_eq!(dl.matches("<dt ").count(), 2, "{dl}");
        assert_eq!(dl.matches("<dd ").count(), 2, "{dl}");
        let (a, b2) = (pos(dl, terms[0]), pos(dl, terms[1]));
        assert!(a < b2);
        // Each term is followed by its definition.
        assert!(
            pos(dl, "<dt class=\"block\" id=\"terms-1\">")
                < pos(dl, "<dd class=\"block\" id=\"terms-2\">")
        );
        assert!(
            pos(dl, "<dd class=\"block\" id=\"terms-2\">")
                < pos(dl, "<dt class=\"block\" id=\"terms-3\">")
        );
        assert!(!page.contains("<p class=\"block\" id=\"terms-1\""));
    }
}

#[test]
fn parts_group_the_chapters() {
    let b = build("parts");
    let home = b.read("zh/index.html");
    let list = between(&home, "<h2 id=\"pd-chapters\">", "</section>");
    let order = [
        "<h3 class=\"part-title\">第一篇 总体要求</h3>",
        "href=\"situation/\"",
        "href=\"goals/\"",
        // The part's opening text is a chapter titled like the part: the title links to it.
        "<h3 class=\"part-title\"><a href=\"economy-intro/\">第二篇 现代化产业体系</a></h3>",
        "href=\"industry/\"",
    ];
    let at: Vec<usize> = order.iter().map(|s| pos(list, s)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{list}");
    assert_eq!(list.matches("第二篇 现代化产业体系").count(), 1, "{list}");
    let en = b.read("en/index.html");
    assert!(en.contains(
        "<h3 class=\"part-title\"><a href=\"economy-intro/\">Part II A Modern Industrial System</a></h3>"
    ));
    // The chapter page names its part above the title, and the sidebar groups by part.
    let page = b.read("zh/industry/index.html");
    assert!(page.contains(
        "<p class=\"part-line\">第二篇 现代化产业体系</p>\n<h1>第三章 建设现代化产业体系</h1>"
    ));
    let toc = between(&page, "<nav class=\"toc\"", "</nav>");
    assert!(pos(toc, "<p class=\"toc-part\">第一篇 总体要求</p>") < pos(toc, "../situation/"));
    let part_two =
        "<p class=\"toc-part\"><a href=\"../economy-intro/\">第二篇 现代化产业体系</a></p>";
    assert!(pos(toc, "../goals/") < pos(toc, part_two), "{toc}");
    assert!(
        pos(toc, part_two) < pos(toc, "aria-current=\"page\">第三章"),
        "{toc}"
    );
    assert_eq!(toc.matches("第二篇 现代化产业体系").count(), 1, "{toc}");
    assert!(
        toc.contains("<ol start=\"4\">"),
        "numbering goes on across parts: {toc}"
    );
    // The opening text's own page: the part's title is its title, once; in the sidebar the
    // part's title is the current page.
    for (lang, title) in [
        (Lang::Zh, "第二篇 现代化产业体系"),
        (Lang::En, "Part II A Modern Industrial System"),
    ] {
        let page = b.read(&format!("{}/economy-intro/index.html", lang.code()));
        let article = between(&page, "<article", "</article>");
        assert!(!article.contains("part-line"), "{article}");
        assert_eq!(article.matches(title).count(), 1, "{article}");
        assert!(article.contains(&format!("<h1>{title}</h1>")), "{article}");
        let toc = between(&page, "<nav class=\"toc\"", "</nav>");
        assert!(
            toc.contains(&format!(
                "<p class=\"toc-part current\"><a href=\"./\" aria-current=\"page\">{title}</a></p>"
            )),
            "{toc}"
        );
        assert_eq!(toc.matches(title).count(), 1, "{toc}");
    }
}

#[test]
fn appendices_come_last_under_their_own_heading() {
    let b = build("appendix");
    for (lang, heading) in [(Lang::Zh, "附录"), (Lang::En, "Appendices")] {
        let home = b.read(&format!("{}/index.html", lang.code()));
        let list = between(&home, "<h2 id=\"pd-chapters\">", "</section>");
        let h = pos(
            list,
            &format!("<h3 class=\"part-title\" id=\"pd-appendices\">{heading}</h3>"),
        );
        assert!(pos(list, "href=\"tasks/\"") < h, "{list}");
        assert!(h < pos(list, "href=\"appendix-projects/\""), "{list}");
        let page = b.read(&format!("{}/appendix-projects/index.html", lang.code()));
        assert!(page.contains(&format!("<p class=\"part-line\">{heading}</p>")));
        let toc = between(&page, "<nav class=\"toc\"", "</nav>");
        assert!(pos(toc, "../tasks/") < pos(toc, &format!("<p class=\"toc-part\">{heading}</p>")));
        // Its table is a table, and is listed.
        assert!(page.contains("<div class=\"table-figure\" id=\"key-projects\">"));
        assert!(home.contains("<a href=\"appendix-projects/#key-projects\">"));
    }
    // A column that only numbers the rows (序号) heads no row.
    let page = b.read("zh/appendix-projects/index.html");
    assert!(!page.contains("<th scope=\"row\""), "{page}");
}

#[test]
fn headings_go_down_to_h6_and_the_sidebar_to_h3() {
    let b = build("headings");
    let page = b.read("zh/tasks/index.html");
    for (level, id) in [
        (2, "industries"),
        (3, "chips"),
        (4, "design"),
        (5, "high-end"),
        (6, "processors"),
    ] {
        assert!(
            page.contains(&format!("<h{level} id=\"{id}\">")),
            "h{level} #{id}"
        );
        assert!(
            page.contains(&format!("<a class=\"anchor\" href=\"#{id}\"")),
            "¶ #{id}"
        );
    }
    let toc = between(&page, "<nav class=\"toc\"", "</nav>");
    assert!(toc.contains("href=\"#industries\"") && toc.contains("href=\"#chips\""));
    assert!(
        !toc.contains("href=\"#design\"") && !toc.contains("level-4"),
        "{toc}"
    );
    let parallel = b.read("parallel/tasks/index.html");
    assert!(parallel.contains("<h6>（1）通用处理器</h6>"), "{parallel}");
}

#[test]
fn a_plan_in_chinese_alone_has_no_english_site() {
    let b = build("zh-only");
    assert!(!b.exists("en"), "an en/ folder");
    assert!(!b.exists("parallel"), "a parallel/ folder");
    assert!(b.exists("index.html") && b.exists("zh/index.html") && b.exists("zh/basis/index.html"));
    for (page, doc) in &b.pages {
        for href in &doc.links {
            let to_en = resolve(page, href)
                .is_some_and(|(f, _)| f.starts_with("en/") || f.starts_with("parallel/"));
            assert!(!to_en && !href.contains("/en/"), "{page} links to {href}");
        }
        assert!(
            !doc.hreflang.iter().any(|l| l == "en"),
            "{page}: hreflang=en"
        );
        let html = b.read(page);
        assert!(
            !html.contains("data-lang-switch"),
            "{page}: a language switcher"
        );
        assert!(
            !html.contains("plan.en.pdf") && !html.contains("plan.bilingual.pdf"),
            "{page}"
        );
        assert!(
            !html.contains("中英对照"),
            "{page}: the parallel view is offered"
        );
    }
    let sitemap = b.read("sitemap.xml");
    assert!(
        !sitemap.contains("/en/") && !sitemap.contains("hreflang=\"en\""),
        "{sitemap}"
    );
    // The landing page leads to the Chinese home.
    assert!(b.read("index.html").contains("href=\"zh/\""));
    // Rebuilding one chapter writes its Chinese page only.
    let out = tempfile::tempdir().unwrap();
    let written = render_chapter_pages(
        &b.plan,
        &b.index,
        out.path(),
        &SiteOptions::default(),
        "basis",
    )
    .unwrap();
    assert_eq!(written.len(), 1, "{written:?}");
}

#[test]
fn english_in_progress_says_so_and_links_to_the_chinese() {
    let b = build("half-translated");
    // A chapter with no English file still has an English page, which says so.
    let page = b.read("en/tasks/index.html");
    let note = between(
        &page,
        "<div class=\"untranslated\" role=\"note\">",
        "</div>",
    );
    assert!(note.contains("Translation in progress"), "{note}");
    assert!(
        note.contains("<a href=\"../../zh/tasks/\" hreflang=\"zh-CN\">"),
        "{note}"
    );
    assert!(page.contains("<h1 lang=\"zh-CN\">第二章 主要任务</h1>"));
    // The lists mark it.
    let home = b.read("en/index.html");
    assert!(home.contains("<a href=\"tasks/\" lang=\"zh-CN\">第二章 主要任务</a> <span class=\"pending\">Translation in progress</span>"), "{home}");
    let basis = b.read("en/basis/index.html");
    let toc = between(&basis, "<nav class=\"toc\"", "</nav>");
    assert!(
        toc.contains("<span class=\"pending\">Translation in progress</span>"),
        "{toc}"
    );
    // A missing section: the zh heading (marked Chinese) and a note linking to the zh section.
    let section = between(
        &basis,
        "<h2 id=\"situation\" lang=\"zh-CN\">第二节 面临形势",
        "</p>",
    );
    assert!(
        section.contains("<p class=\"untranslated\" role=\"note\">"),
        "{section}"
    );
    assert!(
        section.contains("<a href=\"../../zh/basis/#situation\" hreflang=\"zh-CN\">"),
        "{section}"
    );
    assert!(pos(&basis, "Education made great strides.") < pos(&basis, "id=\"situation\""));
    // The Chinese pages link to the English ones, the parallel view has every chapter.
    let zh = b.read("zh/tasks/index.html");
    assert!(
        zh.contains("href=\"../../en/tasks/\" hreflang=\"en\""),
        "the language switch"
    );
    assert!(b.exists("parallel/tasks/index.html"));
    let parallel = b.read("parallel/basis/index.html");
    assert!(
        parallel.contains("<p class=\"untranslated\">Translation in progress</p>"),
        "{parallel}"
    );
    // Rebuilding the untranslated chapter writes its English page too.
    let out = tempfile::tempdir().unwrap();
    let written = render_chapter_pages(
        &b.plan,
        &b.index,
        out.path(),
        &SiteOptions::default(),
        "tasks",
    )
    .unwrap();
    assert_eq!(written.len(), 3, "{written:?}");
}
