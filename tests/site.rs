//! The website back end: snapshots of the minimal plan, a crawler over whole built sites
//! (links, anchors, lang, titles, hreflang, sitemap, one h1 per page), escaping of hostile text,
//! template overrides, incremental chapter rebuilds, determinism, the search index, and
//! headless Chromium tests (language switch, Chinese search, axe-core, screenshots).
//!
//! `UPDATE_SNAPSHOTS=1 cargo test --test site` rewrites tests/snapshots/site/.

use plandoc::index::TargetIndex;
use plandoc::model::Plan;
use plandoc::render::html::{render_chapter_pages, render_site, SiteOptions};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

const SUB_PATH: &str = "/plans/xiangtan/";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Loads and checks a plan; the site is only ever rendered from a plan without errors.
fn load(dir: &Path) -> (Plan, TargetIndex) {
    let (plan, diags) = plandoc::driver::check_plan(dir).expect("plan folder");
    assert!(
        !diags.has_errors(),
        "{} does not pass check: {}",
        dir.display(),
        plandoc::driver::summary(&diags)
    );
    let index = TargetIndex::build(&plan);
    (plan, index)
}

fn build_with(plan: &Plan, index: &TargetIndex, opts: &SiteOptions) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("tempdir");
    render_site(plan, index, out.path(), opts).unwrap_or_else(|e| panic!("render_site: {e}"));
    out
}

fn build(dir: &Path, base_url: Option<&str>, search: bool) -> tempfile::TempDir {
    let (mut plan, index) = load(dir);
    if let Some(base) = base_url {
        plan.meta.site.base_url = base.to_string();
    }
    build_with(
        &plan,
        &index,
        &SiteOptions {
            search,
            ..Default::default()
        },
    )
}

/// Every file under `dir`, relative, with `/` separators, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

fn html_pages(dir: &Path) -> Vec<String> {
    files(dir)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect()
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

// ---------------------------------------------------------------------------------------------
// A small HTML reader on lol_html (which the search index reads pages with).

#[derive(Default, Debug)]
struct Doc {
    html_lang: Option<String>,
    title: String,
    h1: usize,
    ids: BTreeSet<String>,
    /// (element, attribute value) of every a[href], link[href], script[src], form[action].
    links: Vec<(String, String)>,
    hreflang: Vec<(String, String)>,
    canonical: Option<String>,
    duplicate_ids: Vec<String>,
    /// Elements with a `lang` attribute (other than <html>).
    lang_attrs: Vec<String>,
    scripts_inline: usize,
}

fn decode(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn parse(html: &str) -> Doc {
    use lol_html::{element, text, HtmlRewriter, Settings};
    let doc = Rc::new(RefCell::new(Doc::default()));
    let (d1, d2) = (doc.clone(), doc.clone());
    let mut rewriter = HtmlRewriter::new(
        Settings::new()
            .append_element_content_handler(element!("*", move |el| {
                let mut d = d1.borrow_mut();
                let name = el.tag_name();
                let attr = |a: &str| el.get_attribute(a).map(|v| decode(&v));
                if name == "html" {
                    d.html_lang = attr("lang");
                } else if let Some(l) = attr("lang") {
                    d.lang_attrs.push(l);
                }
                if name == "h1" {
                    d.h1 += 1;
                }
                if let Some(id) = attr("id") {
                    if !d.ids.insert(id.clone()) {
                        d.duplicate_ids.push(id);
                    }
                }
                let link_attr = match name.as_str() {
                    "a" | "link" => Some("href"),
                    "script" | "img" => Some("src"),
                    "form" => Some("action"),
                    _ => None,
                };
                if name == "script" && attr("src").is_none() {
                    d.scripts_inline += 1;
                }
                if name == "link" {
                    let rel = attr("rel").unwrap_or_default();
                    if rel == "alternate" {
                        d.hreflang.push((
                            attr("hreflang").unwrap_or_default(),
                            attr("href").unwrap_or_default(),
                        ));
                        return Ok(());
                    }
                    if rel == "canonical" {
                        d.canonical = attr("href");
                        return Ok(());
                    }
                }
                if let Some(a) = link_attr {
                    if let Some(v) = attr(a) {
                        d.links.push((name.clone(), v));
                    }
                }
                Ok(())
            }))
            .append_element_content_handler(text!("title", move |t| {
                d2.borrow_mut().title.push_str(t.as_str());
                Ok(())
            })),
        |_: &[u8]| {},
    );
    rewriter.write(html.as_bytes()).expect("html parses");
    rewriter.end().expect("html parses");
    Rc::try_unwrap(doc).expect("single owner").into_inner()
}

/// Resolves a link of the page at `page` (a file path under the site root) to (file, fragment).
/// `None` for links that leave the site.
fn resolve(page: &str, href: &str, base: &str) -> Option<(String, Option<String>)> {
    if href.starts_with("http://")
        || href.starts_with("https://")
        || href.starts_with("mailto:")
        || href.starts_with("data:")
    {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let mut parts: Vec<&str> = if path.is_empty() {
        return Some((page.to_string(), fragment));
    } else if let Some(abs) = path.strip_prefix('/') {
        let rest = ("/".to_string() + abs)
            .strip_prefix(base)
            .map(str::to_string)
            .unwrap_or_else(|| {
                panic!("{page}: absolute link {href} is not under the base URL {base}")
            });
        return Some((index_file(&rest), fragment));
    } else {
        page.split('/').collect()
    };
    parts.pop(); // the page's own file name
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                assert!(
                    parts.pop().is_some(),
                    "{page}: link {href} climbs above the site root"
                );
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some((index_file(&joined), fragment))
}

fn index_file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// Crawls a built site: every page is well-formed for people and crawlers, every internal link
/// and #anchor resolves. Returns the parsed pages.
fn crawl(out: &Path, base: &str) -> BTreeMap<String, Doc> {
    let pages: BTreeMap<String, Doc> = html_pages(out)
        .into_iter()
        .map(|p| {
            let doc = parse(&read(out, &p));
            (p, doc)
        })
        .collect();
    let mut problems = Vec::new();
    for (page, doc) in &pages {
        if doc.html_lang.as_deref().is_none_or(str::is_empty) {
            problems.push(format!("{page}: <html> has no lang"));
        }
        if doc.title.trim().is_empty() {
            problems.push(format!("{page}: no <title>"));
        }
        if doc.h1 != 1 {
            problems.push(format!("{page}: {} h1 elements", doc.h1));
        }
        if doc.hreflang.is_empty() {
            problems.push(format!("{page}: no hreflang alternates"));
        }
        if !doc.duplicate_ids.is_empty() {
            problems.push(format!("{page}: duplicate ids {:?}", doc.duplicate_ids));
        }
        let hreflangs: BTreeSet<&str> = doc.hreflang.iter().map(|(l, _)| l.as_str()).collect();
        for want in [doc.html_lang.as_deref().unwrap_or("zh-CN"), "x-default"] {
            if !hreflangs.contains(want) {
                problems.push(format!("{page}: no hreflang={want}"));
            }
        }
        let mut absolute: Vec<String> = doc.hreflang.iter().map(|(_, h)| h.clone()).collect();
        absolute.extend(doc.canonical.clone());
        if page != "404.html" && doc.canonical.is_none() {
            problems.push(format!("{page}: no canonical link"));
        }
        for href in &absolute {
            if !href.starts_with(base) {
                problems.push(format!(
                    "{page}: {href} does not start with the base URL {base}"
                ));
            }
            let (file, _) = resolve(page, href, base).expect("internal");
            if !out.join(&file).is_file() {
                problems.push(format!(
                    "{page}: alternate/canonical {href} → {file} does not exist"
                ));
            }
        }
        for (element, href) in &doc.links {
            let Some((file, fragment)) = resolve(page, href, base) else {
                continue;
            };
            if file.starts_with("pdf/") || file.starts_with("data/") {
                // Written by the PDF and data back ends, placed under the site by the build.
                continue;
            }
            if !out.join(&file).is_file() {
                problems.push(format!(
                    "{page}: <{element}> {href} → {file} does not exist"
                ));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let target = if file == *page {
                    Some(doc)
                } else {
                    pages.get(&file)
                };
                match target {
                    Some(t) if t.ids.contains(&fragment) => {}
                    Some(_) => problems.push(format!("{page}: {href} → no #{fragment} in {file}")),
                    None => problems.push(format!("{page}: {href} → {file} is not a page")),
                }
            }
        }
    }
    // The sitemap lists every page but the 404 page, and nothing else.
    let sitemap = read(out, "sitemap.xml");
    let listed: BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap_or_default())
        .map(|loc| {
            let path = loc
                .strip_prefix(base)
                .unwrap_or_else(|| panic!("sitemap: {loc} not under {base}"));
            index_file(path)
        })
        .collect();
    let expected: BTreeSet<String> = pages.keys().filter(|p| *p != "404.html").cloned().collect();
    if listed != expected {
        problems.push(format!(
            "sitemap differs: missing {:?}, extra {:?}",
            expected.difference(&listed).collect::<Vec<_>>(),
            listed.difference(&expected).collect::<Vec<_>>()
        ));
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    pages
}

// ---------------------------------------------------------------------------------------------

#[test]
fn snapshots_of_the_minimal_plan() {
    let out = build(&fixture("minimal"), None, true);
    let snap_dir = repo().join("tests/snapshots/site");
    let mut rendered: Vec<String> = html_pages(out.path());
    rendered.push("sitemap.xml".to_string());
    rendered.sort();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        let _ = std::fs::remove_dir_all(&snap_dir);
        for rel in &rendered {
            let path = snap_dir.join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, read(out.path(), rel)).expect("write snapshot");
        }
        return;
    }
    assert!(
        snap_dir.is_dir(),
        "no snapshots yet: run `UPDATE_SNAPSHOTS=1 cargo test --test site` and review tests/snapshots/site/"
    );
    let stored = files(&snap_dir);
    assert_eq!(
        stored, rendered,
        "the set of pages changed; review and run `UPDATE_SNAPSHOTS=1 cargo test --test site`"
    );
    let mut changed = Vec::new();
    for rel in &rendered {
        let want = read(&snap_dir, rel);
        let got = read(out.path(), rel);
        if want != got {
            let line = want
                .lines()
                .zip(got.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(want.lines().count().min(got.lines().count()));
            changed.push(format!(
                "{rel} (first difference at line {}):\n  - {}\n  + {}",
                line + 1,
                want.lines().nth(line).unwrap_or(""),
                got.lines().nth(line).unwrap_or("")
            ));
        }
    }
    assert!(
        changed.is_empty(),
        "rendered pages differ from tests/snapshots/site (run `UPDATE_SNAPSHOTS=1 cargo test --test site` if the change is intended):\n{}",
        changed.join("\n")
    );
}

#[test]
fn the_site_has_every_page_of_the_contract() {
    let out = build(&fixture("site"), None, true);
    let all = files(out.path());
    for want in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "assets/style.css",
        "assets/site.js",
        "zh/index.html",
        "en/index.html",
        "zh/notice/index.html",
        "en/notice/index.html",
        "zh/foundation/index.html",
        "en/tasks/index.html",
        "parallel/index.html",
        "parallel/objectives/index.html",
        "zh/targets/index.html",
        "en/targets/index.html",
        "zh/targets/va-total.html",
        "en/targets/logistics-parks.html",
        "zh/downloads/index.html",
        "en/downloads/index.html",
        "zh/search/index.html",
        "assets/search.js",
        "pagefind/zh/meta.json",
        "pagefind/zh/t/0.json",
        "pagefind/zh/b/0.json",
        "pagefind/en/meta.json",
    ] {
        assert!(all.iter().any(|f| f == want), "missing {want}");
    }
    // Downloads link the other back ends' files relative to the site root.
    let downloads = read(out.path(), "zh/downloads/index.html");
    for href in [
        "../../pdf/plan.zh.pdf",
        "../../pdf/plan.en.pdf",
        "../../pdf/plan.bilingual.pdf",
        "../../data/targets.json",
        "../../data/targets.csv",
    ] {
        assert!(
            downloads.contains(&format!("href=\"{href}\"")),
            "downloads page lacks {href}"
        );
    }
}

#[test]
fn crawler_finds_no_broken_link_at_the_root() {
    for name in ["minimal", "site"] {
        let out = build(&fixture(name), None, true);
        crawl(out.path(), "/");
    }
}

#[test]
fn crawler_finds_no_broken_link_under_a_sub_path() {
    let out = build(&fixture("site"), Some(SUB_PATH), true);
    let pages = crawl(out.path(), SUB_PATH);
    for (page, doc) in &pages {
        let langs: BTreeSet<&str> = doc.hreflang.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            langs,
            BTreeSet::from(["zh-CN", "en", "x-default"]),
            "{page}"
        );
    }
    // Pages in one language mark the words of the other; the parallel view marks both.
    let en_home = &pages["en/index.html"];
    assert_eq!(en_home.html_lang.as_deref(), Some("en"));
    assert!(
        en_home.lang_attrs.iter().any(|l| l == "zh-CN"),
        "the zh title on the en home has no lang"
    );
    let parallel = &pages["parallel/objectives/index.html"];
    assert!(parallel.lang_attrs.iter().filter(|l| *l == "en").count() > 5);
    assert!(parallel.lang_attrs.iter().filter(|l| *l == "zh-CN").count() > 5);
    // The 404 page is served at any depth: its links are absolute.
    let not_found = read(out.path(), "404.html");
    assert!(not_found.contains("href=\"/plans/xiangtan/zh/\""));
    assert!(not_found.contains("href=\"/plans/xiangtan/assets/style.css\""));
    let sitemap = read(out.path(), "sitemap.xml");
    assert!(sitemap.contains("<loc>/plans/xiangtan/zh/objectives/</loc>"));
}

#[test]
fn absolute_base_urls_make_absolute_canonical_links() {
    let out = build(
        &fixture("minimal"),
        Some("https://plans.example.gov.cn/xiangtan"),
        false,
    );
    let base = "https://plans.example.gov.cn/xiangtan/";
    let home = read(out.path(), "zh/index.html");
    assert!(home.contains(&format!("<link rel=\"canonical\" href=\"{base}zh/\">")));
    assert!(home.contains(&format!("hreflang=\"en\" href=\"{base}en/\"")));
    assert!(home.contains(&format!("hreflang=\"x-default\" href=\"{base}\"")));
    assert!(read(out.path(), "sitemap.xml").contains(&format!("<loc>{base}en/objectives/</loc>")));
    // Without search there is no search page and no search form.
    assert!(!out.path().join("zh/search").exists());
    assert!(!home.contains("role=\"search\""));
}

#[test]
fn every_block_and_heading_has_its_anchor() {
    let (plan, index) = load(&fixture("site"));
    let out = build_with(&plan, &index, &SiteOptions::default());
    for pair in &plan.chapters {
        for lang in plandoc::model::Lang::ALL {
            let ch = pair.get(lang).expect("both languages");
            let page = read(out.path(), &format!("{}/{}/index.html", lang.code(), ch.id));
            for block in &ch.blocks {
                let a = block.anchor();
                assert!(page.contains(&format!("id=\"{a}\"")), "{} {a}", lang.code());
                assert!(page.contains(&format!("<a class=\"anchor\" href=\"#{a}\"")));
            }
            for h in &ch.headings {
                let id = h.id.as_deref().expect("id");
                assert!(
                    page.contains(&format!("id=\"{id}\"")),
                    "{} #{id}",
                    lang.code()
                );
            }
            let parallel = read(out.path(), &format!("parallel/{}/index.html", ch.id));
            for block in &ch.blocks {
                assert!(parallel.contains(&format!("id=\"{}\"", block.anchor())));
            }
        }
    }
}

#[test]
fn tags_link_to_target_pages_with_a_tooltip() {
    let out = build(&fixture("site"), None, false);
    let page = read(out.path(), "zh/objectives/index.html");
    assert!(page.contains(
        "<a class=\"tag tag-target\" href=\"../targets/va-total.html\" title=\"服务业增加值｜目标值：1500亿元（2025年）；基期值：999.21亿元（2020年）\" data-tip=\"服务业增加值｜目标值：1500亿元（2025年）；基期值：999.21亿元（2020年）\">1500亿元</a>"
    ), "{page}");
    assert!(page.contains("class=\"tag tag-mention\" href=\"../targets/va-total.html\""));
    let foundation = read(out.path(), "en/foundation/index.html");
    assert!(foundation.contains("class=\"tag tag-baseline\" href=\"../targets/va-total.html\""));
    // The target page: statement in both languages, chart, mentions linking back.
    let target = read(out.path(), "zh/targets/va-total.html");
    assert!(target.contains("<svg class=\"chart\""));
    assert!(target.contains("<blockquote lang=\"en\">"));
    assert!(target.contains("href=\"../objectives/#goals-1\""));
    assert!(target.contains("href=\"../tasks/#logistics-2\""));
    assert!(target.contains("href=\"../foundation/#achievements-1\""));
    // The index: main-indicator table in the Chinese form, and every target.
    let index = read(out.path(), "zh/targets/index.html");
    for head in ["序号", "指标", "单位", "2020年", "2025年", "属性"] {
        assert!(
            index.contains(&format!("<th scope=\"col\">{head}</th>")),
            "{head}"
        );
    }
    for id in [
        "va-total",
        "logistics-parks",
        "service-system",
        "service-rank",
    ] {
        assert!(index.contains(&format!("id=\"t-{id}\"")), "{id}");
    }
}

#[test]
fn hostile_text_is_escaped() {
    let out = build(&fixture("site"), None, false);
    for page in html_pages(out.path()) {
        let html = read(out.path(), &page);
        let doc = parse(&html);
        assert_eq!(doc.scripts_inline, 0, "{page}: an inline script");
        assert!(!html.contains("<script>alert"), "{page}: unescaped script");
        assert!(!html.contains("javascript:"), "{page}: a javascript: link");
        assert!(!html.contains("<others>"), "{page}: unescaped YAML text");
    }
    let tasks = read(out.path(), "zh/tasks/index.html");
    assert!(tasks.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(tasks.contains("不安全的链接")); // the words stay, the link goes
    assert!(tasks.contains("<a href=\"https://www.gov.cn/\">政府网站</a>"));
    let target = read(out.path(), "en/targets/producer-share.html");
    assert!(target.contains(
        "Share of &quot;producer services&quot; &amp; &lt;others&gt; in the service industry"
    ));
    let va = read(out.path(), "zh/targets/va-total.html");
    assert!(va.contains("&lt;script&gt;alert(&quot;source&quot;)&lt;/script&gt;示例市统计年鉴"));
}

#[test]
fn english_pages_say_the_chinese_text_is_authoritative() {
    let out = build(&fixture("site"), None, false);
    let en = read(out.path(), "en/objectives/index.html");
    assert!(en.contains(
        "This English text is a translation for reference. The Chinese text is authoritative."
    ));
    let zh = read(out.path(), "zh/objectives/index.html");
    assert!(!zh.contains("translation-note"));
}

#[test]
fn output_is_byte_identical_across_builds() {
    let a = build(&fixture("site"), Some(SUB_PATH), true);
    let b = build(&fixture("site"), Some(SUB_PATH), true);
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert_eq!(fa, fb);
    for f in &fa {
        let (x, y) = (
            std::fs::read(a.path().join(f)).unwrap(),
            std::fs::read(b.path().join(f)).unwrap(),
        );
        assert!(x == y, "{f} differs between two builds");
    }
}

/// A language's search index as the script reads it: the meta file, every term file and every
/// block file, parsed.
struct SearchIndex {
    meta: serde_json::Value,
    terms: Vec<serde_json::Map<String, serde_json::Value>>,
    /// Every block: (page URL, page title, anchor, heading, text, weight), in order.
    blocks: Vec<(String, String, String, String, String, u64)>,
}

fn search_index(site: &Path, lang: &str) -> SearchIndex {
    let dir = format!("pagefind/{lang}/");
    let json = |rel: &str| -> serde_json::Value {
        serde_json::from_str(&read(site, &format!("{dir}{rel}"))).expect("json")
    };
    let meta = json("meta.json");
    assert_eq!(meta["format"], 1, "{meta}");
    let files = meta["files"].as_u64().unwrap();
    let terms = (0..files)
        .map(|k| json(&format!("t/{k}.json")).as_object().unwrap().clone())
        .collect();
    let mut blocks = Vec::new();
    let chunks = meta["chunks"].as_array().unwrap();
    for (c, start) in chunks.iter().enumerate() {
        assert_eq!(start.as_u64().unwrap() as usize, blocks.len(), "chunk {c}");
        let file = json(&format!("b/{c}.json"));
        let pages = file["pages"].as_array().unwrap();
        for row in file["blocks"].as_array().unwrap() {
            let page = &pages[row[0].as_u64().unwrap() as usize];
            let s = |v: &serde_json::Value| v.as_str().unwrap().to_string();
            blocks.push((
                s(&page[0]),
                s(&page[1]),
                s(&row[1]),
                s(&row[2]),
                s(&row[3]),
                row[4].as_u64().unwrap(),
            ));
        }
    }
    assert_eq!(meta["blocks"].as_u64().unwrap() as usize, blocks.len());
    SearchIndex {
        meta,
        terms,
        blocks,
    }
}

/// The pages of a built site that carry `data-search-body`, as URL paths.
fn searchable_pages(site: &Path, lang: &str) -> BTreeSet<String> {
    files(site)
        .into_iter()
        .filter(|f| f.starts_with(&format!("{lang}/")) && f.ends_with(".html"))
        .filter(|f| read(site, f).contains("data-search-body"))
        .map(|f| f.strip_suffix("index.html").unwrap_or(&f).to_string())
        .collect()
}

/// Every searchable page is in the index once, every block's anchor is an element of its
/// page, every term is in the file its key names, and each posting points at a block whose text
/// holds the term; a small file size gives several files, a different size the same blocks.
#[test]
fn search_index_covers_every_page_and_block() {
    let (plan, index) = load(&fixture("site"));
    let build_small = || {
        build_with(
            &plan,
            &index,
            &SiteOptions {
                search: true,
                search_file_bytes: Some(1_500),
                ..Default::default()
            },
        )
    };
    let small = build_small();
    let usual = build(&fixture("site"), None, true);
    for lang in ["zh", "en"] {
        let idx = search_index(small.path(), lang);
        let files = idx.terms.len() as u32;
        assert!(files >= 3, "{lang}: {files} term files");
        assert!(idx.meta["chunks"].as_array().unwrap().len() >= 3, "{lang}");
        // The same blocks whatever the file size.
        assert_eq!(
            idx.blocks,
            search_index(usual.path(), lang).blocks,
            "{lang}"
        );
        let pages: BTreeSet<String> = idx.blocks.iter().map(|b| b.0.clone()).collect();
        assert_eq!(pages, searchable_pages(small.path(), lang), "{lang}");
        // The page starts in meta are where each page's blocks begin.
        let mut at = 0;
        let starts: Vec<usize> = idx.meta["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                at += d.as_u64().unwrap() as usize;
                at
            })
            .collect();
        assert_eq!(starts.len(), pages.len(), "{lang}");
        for (i, &start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(idx.blocks.len());
            assert!(
                start < end
                    && idx.blocks[start..end]
                        .iter()
                        .all(|b| b.0 == idx.blocks[start].0)
            );
        }
        for (url, title, anchor, _, text, _) in &idx.blocks {
            assert!(!text.is_empty() && !title.is_empty(), "{url}#{anchor}");
            assert!(
                !text.contains("¶"),
                "{url}#{anchor}: the anchor links are left out: {text}"
            );
            if !anchor.is_empty() {
                let file = if url.ends_with('/') {
                    format!("{url}index.html")
                } else {
                    url.clone()
                };
                let doc = parse(&read(small.path(), &file));
                assert!(
                    doc.ids.contains(anchor),
                    "{url}#{anchor} is not on its page"
                );
            }
        }
        // Navigation is not indexed: the footer's words are in no block.
        assert!(!idx
            .blocks
            .iter()
            .any(|b| b.4.contains("本规划以中文文本为准")));
        for (k, file) in idx.terms.iter().enumerate() {
            for (term, list) in file {
                let key = plandoc::text::terms::key(term);
                assert_eq!(
                    plandoc::text::terms::file_of(key, files),
                    k as u32,
                    "{term}"
                );
                // The first block of the list holds the term.
                let first = list[0].as_u64().unwrap() as usize;
                let mut found = false;
                plandoc::text::terms::terms(&idx.blocks[first].4, 0, |t, _| found |= t == term);
                assert!(
                    found,
                    "{lang}: {term} is not in block {first}: {}",
                    idx.blocks[first].4
                );
            }
        }
    }
    // The target index repeats the target pages: not indexed.
    let page = read(usual.path(), "zh/targets/index.html");
    assert!(!page.contains("data-search-body"));
    // Two builds are byte-identical, index included.
    let again = build_small();
    let (fa, fb) = (files(small.path()), files(again.path()));
    assert_eq!(fa, fb);
    for f in fa
        .iter()
        .filter(|f| f.starts_with("pagefind/") || f.contains("/search/"))
    {
        let same = std::fs::read(small.path().join(f)).unwrap()
            == std::fs::read(again.path().join(f)).unwrap();
        assert!(same, "{f} differs between two builds");
    }
}

/// A Chinese phrase is indexed as character pairs at consecutive positions, so the phrase can
/// be told from its pairs apart: 服务业增加值 is in the blocks the plan says it is in.
#[test]
fn search_index_finds_a_chinese_phrase_where_the_text_has_it() {
    let out = build(&fixture("site"), None, true);
    let idx = search_index(out.path(), "zh");
    let files = idx.terms.len() as u32;
    // Postings of a term: block → positions.
    let postings = |term: &str| -> BTreeMap<usize, Vec<u64>> {
        let k = plandoc::text::terms::file_of(plandoc::text::terms::key(term), files);
        let list = idx.terms[k as usize]
            .get(term)
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default();
        let list: Vec<u64> = list.iter().map(|v| v.as_u64().unwrap()).collect();
        let (mut out, mut block, mut i) = (BTreeMap::new(), 0usize, 0);
        while i < list.len() {
            block += list[i] as usize;
            let n = list[i + 1] as usize;
            let mut pos = Vec::new();
            let mut p = 0;
            for j in 0..n {
                p = if j == 0 {
                    list[i + 2]
                } else {
                    p + list[i + 2 + j]
                };
                pos.push(p);
            }
            out.insert(block, pos);
            i += 2 + n;
        }
        out
    };
    let phrase: Vec<char> = "服务业增加值".chars().collect();
    let pairs: Vec<BTreeMap<usize, Vec<u64>>> = phrase
        .windows(2)
        .map(|w| postings(&w.iter().collect::<String>()))
        .collect();
    let found: BTreeSet<usize> = pairs[0]
        .iter()
        .filter(|(block, starts)| {
            starts.iter().any(|&p| {
                pairs[1..].iter().enumerate().all(|(j, list)| {
                    list.get(block)
                        .is_some_and(|pos| pos.contains(&(p + j as u64 + 1)))
                })
            })
        })
        .map(|(b, _)| *b)
        .collect();
    let want: BTreeSet<usize> = idx
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.4.contains("服务业增加值"))
        .map(|(i, _)| i)
        .collect();
    assert!(want.len() >= 3, "{want:?}");
    assert_eq!(found, want);
}

#[test]
fn template_overrides_replace_one_file() {
    let (plan, index) = load(&fixture("minimal"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("site")).unwrap();
    std::fs::write(
        dir.path().join("site/downloads.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>OVERRIDDEN {{ t.downloads }}</h1>{% endblock main %}",
    )
    .unwrap();
    std::fs::write(dir.path().join("site/style.css"), "/* custom */").unwrap();
    let opts = SiteOptions {
        template_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    };
    let out = build_with(&plan, &index, &opts);
    assert!(read(out.path(), "zh/downloads/index.html").contains("<h1>OVERRIDDEN 下载</h1>"));
    assert!(read(out.path(), "zh/index.html").contains("<h1>示例市“十四五”服务业发展规划</h1>"));
    assert_eq!(read(out.path(), "assets/style.css"), "/* custom */");

    // A broken override is a RenderError naming the file, never a panic.
    std::fs::write(dir.path().join("site/home.html"), "{% if %}").unwrap();
    let out = tempfile::tempdir().unwrap();
    let err = render_site(&plan, &index, out.path(), &opts).expect_err("broken template");
    assert!(err.to_string().contains("home.html"), "{err}");
    assert!(
        err.help.as_deref().unwrap_or_default().contains("site"),
        "{err}"
    );
}

#[test]
fn templates_print_only_html_fragments_unescaped() {
    let dir = repo().join("templates/site");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, _) in text.match_indices("| safe") {
            let before = &text[..i];
            let expr = before.rsplit("{{").next().unwrap_or_default().trim();
            assert!(
                expr == "html" || expr.ends_with(".html") || expr.ends_with("_html"),
                "{}: `{{{{ {expr} | safe }}}}`: only *_html values (escaped by plandoc) may be printed unescaped",
                path.display()
            );
        }
    }
}

/// The minimal plan with `extra` more chapters (plain text, no tags), in a temporary folder.
fn plan_with_extra_chapters(extra: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let from = fixture("minimal");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.expect("walk");
        let to = dir
            .path()
            .join(entry.path().strip_prefix(&from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    for k in 1..=extra {
        let stem = format!("{:02}-extra-{k}", 10 + k);
        let zh = format!("---\nid: extra-{k}\ntitle: 附章\n---\n\n## 第一节 {{#extra-{k}-a}}\n\n推进服务业高质量发展。\n");
        let en = format!("---\nid: extra-{k}\ntitle: Annex\n---\n\n## Section One {{#extra-{k}-a}}\n\nPromote the high-quality development of the service industry.\n");
        let chapters = dir.path().join("chapters");
        std::fs::write(chapters.join(format!("{stem}.zh.md")), zh).expect("write");
        std::fs::write(chapters.join(format!("{stem}.en.md")), en).expect("write");
    }
    dir
}

/// The chapters (IDs) listed in the sidebar of the chapter page `own`, and the sidebar's HTML.
fn sidebar(html: &str, own: &str) -> (Vec<String>, String) {
    let start = html.find("<nav class=\"toc\"").expect("sidebar");
    let nav = &html[start..start + html[start..].find("</nav>").expect("end of sidebar")];
    let links = nav
        .split("<li")
        .skip(1)
        .filter(|item| !item.starts_with(" class=\"level-"))
        .filter_map(|item| item.split("href=\"").nth(1)?.split('"').next())
        .map(|href| match href {
            "./" => own.to_string(),
            other => other
                .trim_start_matches("../")
                .trim_end_matches('/')
                .to_string(),
        })
        .collect();
    (links, nav.to_string())
}

#[test]
fn a_small_plan_lists_every_chapter_in_the_sidebar() {
    let out = build(&fixture("minimal"), None, false);
    let (links, nav) = sidebar(&read(out.path(), "zh/measures/index.html"), "measures");
    assert_eq!(links, ["objectives", "measures"]);
    assert!(!nav.contains("toc-all"), "{nav}");
}

#[test]
fn a_large_plan_lists_the_chapters_around_the_current_one() {
    let plan = plan_with_extra_chapters(40);
    let out = build(plan.path(), None, false);
    // Chapters: objectives, measures, extra-1 … extra-40; extra-20 is the 22nd.
    let (links, nav) = sidebar(&read(out.path(), "zh/extra-20/index.html"), "extra-20");
    let expected: Vec<String> = (13..=27).map(|k| format!("extra-{k}")).collect();
    assert_eq!(links, expected, "7 chapters on each side: {nav}");
    assert!(nav.contains("<ol start=\"15\">"), "{nav}");
    assert!(
        nav.contains("<a href=\"../#pd-chapters\">全部章节（42）</a>"),
        "{nav}"
    );
    assert_eq!(nav.matches("aria-current=\"page\"").count(), 1);
    // At the ends the window is cut, not shifted.
    let (first, _) = sidebar(&read(out.path(), "en/objectives/index.html"), "objectives");
    assert_eq!(first.len(), 8, "{first:?}");
    let (_, nav) = sidebar(&read(out.path(), "en/extra-40/index.html"), "extra-40");
    assert!(
        nav.contains("<a href=\"../#pd-chapters\">All chapters (42)</a>"),
        "{nav}"
    );
    // The home page the link goes to lists every chapter.
    let home = read(out.path(), "zh/index.html");
    assert!(home.contains("id=\"pd-chapters\""));
    assert!((1..=40).all(|k| home.contains(&format!("href=\"extra-{k}/\""))));
    crawl(out.path(), "/");
}

#[test]
fn one_chapter_can_be_rendered_alone() {
    let (plan, index) = load(&fixture("site"));
    let opts = SiteOptions::default();
    let full = build_with(&plan, &index, &opts);
    let out = tempfile::tempdir().unwrap();
    let written = render_chapter_pages(&plan, &index, out.path(), &opts, "objectives").unwrap();
    let rel: Vec<String> = written
        .iter()
        .map(|p| {
            p.strip_prefix(out.path())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    assert_eq!(
        rel,
        [
            "zh/objectives/index.html",
            "en/objectives/index.html",
            "parallel/objectives/index.html"
        ]
    );
    for r in &rel {
        assert_eq!(read(out.path(), r), read(full.path(), r), "{r}");
    }
    let err = render_chapter_pages(&plan, &index, out.path(), &opts, "nope")
        .expect_err("unknown chapter");
    assert!(err.to_string().contains("nope"));
}

#[test]
fn live_reload_script_is_injected_before_body_end() {
    let (plan, index) = load(&fixture("minimal"));
    let opts = SiteOptions {
        live_reload: Some("new EventSource('/__reload')".into()),
        ..Default::default()
    };
    let out = build_with(&plan, &index, &opts);
    for page in html_pages(out.path()) {
        let html = read(out.path(), &page);
        assert!(
            html.contains("<script>new EventSource('/__reload')</script>\n</body>"),
            "{page}"
        );
    }
}

#[test]
fn odd_input_renders_without_panicking() {
    let (mut plan, _) = load(&fixture("site"));
    // A chapter without its English file, a target that is never tagged, a tag whose target is
    // gone, an empty base URL, a chapter whose ID is a word the site uses.
    plan.chapters[0].en = None;
    plan.targets.targets.remove(0);
    plan.targets.targets.push(plan.targets.targets[0].clone());
    plan.targets.targets.last_mut().unwrap().id = "orphan".into();
    plan.meta.site.base_url = String::new();
    if let Some(ch) = plan.chapters[1].zh.as_mut() {
        ch.id = "targets".into();
    }
    if let Some(ch) = plan.chapters[1].en.as_mut() {
        ch.id = "targets".into();
    }
    plan.meta.notice = None;
    plan.meta.summary = None;
    let index = TargetIndex::build(&plan);
    let out = build_with(
        &plan,
        &index,
        &SiteOptions {
            search: true,
            ..Default::default()
        },
    );
    assert!(out.path().join("zh/_targets/index.html").is_file());
    assert!(out.path().join("zh/targets/index.html").is_file());
    // The chapter without its English file has an English page saying so (English in progress).
    let en = read(out.path(), "en/foundation/index.html");
    assert!(en.contains("role=\"note\"") && en.contains("href=\"../../zh/foundation/\""));
    assert!(out.path().join("zh/targets/orphan.html").is_file());
    crawl(out.path(), "/");
}

// ---------------------------------------------------------------------------------------------
// Headless Chromium: language switch on a block, Chinese search through the search page,
// axe-core, screenshots at 1280 and 360 px (target/screenshots/).

fn need(program: &str, args: &[&str]) -> String {
    match std::process::Command::new(program).args(args).output() {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_string(),
        _ => panic!(
            "`{program}` is needed for the browser tests but was not found or failed.\n  help: run the setup script (it installs chromium, nodejs, npm and fonts-noto-cjk: `apt-get install -y chromium nodejs npm fonts-noto-cjk` then `npm ci --prefix tests/browser`)"
        ),
    }
}

fn chromium() -> String {
    if let Ok(path) = std::env::var("CHROMIUM") {
        return path;
    }
    for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] {
        if Path::new(candidate).is_file() {
            return candidate.to_string();
        }
    }
    panic!("Chromium is needed for the browser tests and was not found at /usr/bin/chromium.\n  help: run the setup script (`apt-get install -y chromium fonts-noto-cjk`), or set CHROMIUM=/path/to/chromium");
}

fn npm_ci(dir: &Path) {
    if dir.join("node_modules/playwright-core").is_dir()
        && dir.join("node_modules/axe-core").is_dir()
    {
        return;
    }
    let status = std::process::Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .status()
        .expect("npm runs");
    assert!(status.success(), "`npm ci` failed in {}", dir.display());
}

/// The shipped plan's main-indicator table (long English indicators) fits 1280 px and scrolls
/// in its box at 360 px — also with the plan's longest qualitative target in it ("Hunan's first
/// tier of industrial integration", moved into the objectives here: the old table kept such a
/// value on one line and pushed the 属性 column off the page).
#[test]
fn browser_main_indicator_table_of_the_shipped_plan_fits() {
    let browser = chromium();
    need("node", &["--version"]);
    let tools = repo().join("tests/browser");
    npm_ci(&tools);
    let (mut plan, index) = load(&repo().join("plan"));
    let standing = plan
        .targets
        .targets
        .iter_mut()
        .find(|t| t.id == "integration-first-tier")
        .expect("the shipped plan's qualitative positioning target");
    standing.area = "objectives".into();
    // Longer still, as qualitative targets of other plans are.
    if let Some(text) = standing.target.text.as_mut() {
        text.en.push_str(
            ", with advanced manufacturing and modern services deeply integrated across the city",
        );
        text.zh
            .push_str("，先进制造业与现代服务业在全市范围深度融合");
    }
    let out = build_with(&plan, &index, &SiteOptions::default());
    let shots = repo().join("target/screenshots/plan");
    std::fs::create_dir_all(&shots).unwrap();
    let output = std::process::Command::new("node")
        .arg(tools.join("run.mjs"))
        .args(["--site", &out.path().to_string_lossy(), "--base", "/"])
        .args(["--chromium", &browser])
        .args(["--screenshots", &shots.to_string_lossy()])
        .args(["--only", "main-indicator table fits"])
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("en main table fits 1280 px"),
        "browser checks failed:\n{stdout}\n{stderr}"
    );
}

#[test]
fn browser_language_switch_search_accessibility_and_screenshots() {
    let browser = chromium();
    need("node", &["--version"]);
    need("npm", &["--version"]);
    let tools = repo().join("tests/browser");
    npm_ci(&tools);
    // Small search files, so that a query fetches some of several (as a large plan's does).
    let (mut plan, index) = load(&fixture("site"));
    plan.meta.site.base_url = SUB_PATH.to_string();
    let out = build_with(
        &plan,
        &index,
        &SiteOptions {
            search: true,
            search_file_bytes: Some(1_500),
            ..Default::default()
        },
    );
    let shots = repo().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let output = std::process::Command::new("node")
        .arg(tools.join("run.mjs"))
        .args(["--site", &out.path().to_string_lossy(), "--base", SUB_PATH])
        .args([
            "--chromium",
            &browser,
            "--screenshots",
            &shots.to_string_lossy(),
        ])
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "browser tests failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("browser: all checks passed"),
        "{stdout}\n{stderr}"
    );
}
