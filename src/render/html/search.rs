//! The search index: Pagefind, in shards of bounded size, one set of shards per language.
//!
//! Pagefind runs as a library (the `pagefind` crate with its `extended` feature, which segments
//! Chinese words with ICU at index time; the browser segments the query with `Intl.Segmenter`),
//! so nothing has to be installed next to plandoc and the index is built from the pages as
//! written. Only pages in one language with a `data-pagefind-body` element (the main text) are
//! indexed, and only that element, so navigation never matches a query.
//!
//! Pagefind holds every page it indexes in memory until it writes the bundle, about 50 bytes
//! per byte of page text, and indexes one page at a time. So the pages of each language are cut,
//! in their fixed order, into shards of at most [`SHARD_TEXT`] bytes of text, each indexed by its
//! own Pagefind instance into its own bundle, `pagefind/zh/0/`, `pagefind/zh/1/`, … (one after
//! another: see [`WORKERS`]). Memory is bounded by the shard size whatever the size of
//! the plan, and the layout depends only on the pages, so two builds are byte-identical. The
//! search page loads the first bundle of its language and merges the others in the browser
//! (Pagefind's `mergeIndex`); a plan of the usual size has one shard per language. The UI files
//! are written once, to `pagefind/`.
//!
//! `serve --search` keeps the [`SearchLayout`] of its last full build and, after a chapter edit,
//! re-indexes only the shards holding that chapter's pages ([`reindex`]).

use super::urls;
use crate::render::RenderError;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The most text (bytes outside tags, from the `data-pagefind-body` element on) one shard holds;
/// Pagefind peaks at about 150 MB for a shard this size.
pub const SHARD_TEXT: usize = 1_500_000;

/// The weight of a byte of non-ASCII text (see [`cost`]).
const CJK_BYTE: usize = 4;

/// What a page costs besides its text (its fragment and metadata), in the same unit.
const PAGE_COST: usize = 500;

/// Shards built at the same time (each holds its pages in memory while it is built). Measured
/// at N = 100 copies of the shipped plan on the shared 2-core machine: two at a time took 20.5 s
/// and peaked at 638 MB, one at a time 20.1 s and 476 MB (Pagefind's own index building already
/// runs on both cores, and a second shard mostly adds page faults), so one.
const WORKERS: usize = 1;

/// Files of Pagefind's UI: the same in every bundle, so written once, to `pagefind/`.
const UI_FILES: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// Files only the first bundle of a language needs: the search API the UI imports, and its
/// worker. Merged bundles need only their index.
const PRIMARY_FILES: &[&str] = &["pagefind.js", "pagefind-worker.js"];

/// Which pages go into which bundle.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchLayout {
    pub shards: Vec<Shard>,
}

/// One bundle: pages of one language, in the site's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shard {
    /// The language folder (`zh`, `en`): the first segment of the pages' URLs.
    pub lang: String,
    /// Its position among the shards of its language.
    pub number: usize,
    /// URL paths relative to the site root (`zh/objectives/`).
    pub pages: Vec<String>,
}

impl Shard {
    /// The bundle folder relative to the site root: `pagefind/zh/0/`.
    pub fn dir(&self) -> String {
        format!("pagefind/{}/{}/", self.lang, self.number)
    }
}

impl SearchLayout {
    /// Cuts the pages (URL and [`cost`]) of each language into shards of about `budget` or
    /// less (their total over `budget`, rounded up), dealing each page in turn to the least
    /// loaded shard (the first of equals). So every shard holds a like mix of pages (target pages and chapters): Pagefind
    /// ranks a hit by how rare the words are in its own bundle, and merged results are only
    /// comparable when the bundles are alike.
    pub fn plan(pages: impl IntoIterator<Item = (String, usize)>, budget: usize) -> SearchLayout {
        let mut langs: Vec<(String, Vec<(String, usize)>)> = Vec::new();
        for (url, cost) in pages {
            let lang = url.split('/').next().unwrap_or_default().to_string();
            match langs.iter_mut().find(|(l, _)| *l == lang) {
                Some((_, list)) => list.push((url, cost)),
                None => langs.push((lang, vec![(url, cost)])),
            }
        }
        let mut shards = Vec::new();
        for (lang, pages) in langs {
            let total: usize = pages.iter().map(|(_, c)| c).sum();
            let count = total.div_ceil(budget.max(1)).max(1);
            let mut load = vec![0; count];
            let mut lists: Vec<Vec<String>> = vec![Vec::new(); count];
            for (url, cost) in pages {
                let (i, _) = load
                    .iter()
                    .enumerate()
                    .min_by_key(|&(i, l)| (*l, i))
                    .expect("at least one shard");
                load[i] += cost;
                lists[i].push(url);
            }
            for (number, pages) in lists.into_iter().enumerate() {
                shards.push(Shard {
                    lang: lang.clone(),
                    number,
                    pages,
                });
            }
        }
        SearchLayout { shards }
    }

    /// The bundle folders of a language relative to `pagefind/` (`zh/0/`, `zh/1/`, …); the
    /// search page loads the first and merges the others.
    pub fn bundles(&self, lang: &str) -> Vec<String> {
        self.shards
            .iter()
            .filter(|s| s.lang == lang)
            .map(|s| format!("{}/{}/", s.lang, s.number))
            .collect()
    }

    /// The positions of the shards holding any of these URL paths.
    pub fn holding(&self, urls: &[String]) -> Vec<usize> {
        (0..self.shards.len())
            .filter(|&i| self.shards[i].pages.iter().any(|p| urls.contains(p)))
            .collect()
    }
}

/// What a page weighs in a shard, or `None` when it has no `data-pagefind-body` element (which
/// Pagefind would skip: other pages have one). The weight is the bytes of text from that element
/// on, which is what Pagefind's memory follows, plus a fixed cost per page.
pub fn cost(html: &str) -> Option<usize> {
    let at = html.find("data-pagefind-body")?;
    let mut in_tag = true;
    let mut text = 0;
    for &b in &html.as_bytes()[at..] {
        match b {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            _ if in_tag => {}
            // ASCII: one unit a byte. Chinese: Pagefind indexes every character pair besides
            // the words, so a character (3 bytes) weighs about twelve times an English one.
            _ if b.is_ascii() => text += 1,
            _ => text += CJK_BYTE,
        }
    }
    Some(text + PAGE_COST)
}

/// What Pagefind needs of a page, or `None` to give it the page whole: the `<html>` tag (its
/// `lang` picks the language), the `<title>` (Pagefind's title when the body has no `h1`) and
/// the `data-pagefind-body` element without its `data-pagefind-ignore` elements. Pagefind parses
/// every byte it is given but indexes only that body, less what it ignores, so the index is the
/// same (tested: byte for byte) while it parses a third of the bytes: the navigation, and on a
/// target page its statements and mentions, which are indexed on the chapter pages with their
/// anchors. A page this cannot cut cleanly (no body, two bodies, an unclosed element, other
/// `data-pagefind-` attributes in what would go, as a template of one's own may add) goes whole.
pub fn for_index(html: &str) -> Option<String> {
    let at = html.find("data-pagefind-body")?;
    if html[at + 1..].contains("data-pagefind-body") {
        return None;
    }
    let start = tag_start(html, at)?;
    let end = element_end(html, start)?;
    let open = html.find("<html")?;
    let open = &html[open..open + html[open..].find('>')? + 1];
    // Outside the body, only `data-pagefind-body` itself may name Pagefind.
    if html[..start].contains("data-pagefind-") || html[end..].contains("data-pagefind-") {
        return None;
    }
    let title = match (html.find("<title>"), html.find("</title>")) {
        (Some(a), Some(b)) if a < b && b < start => &html[a..b + "</title>".len()],
        _ => "",
    };
    let mut out = String::with_capacity(end - start + open.len() + title.len() + 64);
    out.push_str(open);
    out.push_str("<head>");
    out.push_str(title);
    out.push_str("</head><body>");
    let body = &html[start..end];
    // The body's own tag holds `data-pagefind-body`: look for what to ignore after it.
    let mut from = body.find('>')? + 1;
    let mut kept = 0;
    while let Some(i) = body[from..].find("data-pagefind-ignore") {
        let i = from + i;
        let cut = tag_start(body, i)?;
        let cut_end = element_end(body, cut)?;
        let gone = &body[cut..cut_end];
        if gone.matches("data-pagefind-").count() != gone.matches("data-pagefind-ignore").count() {
            return None;
        }
        out.push_str(&body[kept..cut]);
        kept = cut_end;
        from = cut_end;
    }
    out.push_str(&body[kept..]);
    out.push_str("</body></html>");
    Some(out)
}

/// The `<` of the tag an attribute at `at` is in, or `None` when `at` is not inside a tag.
fn tag_start(html: &str, at: usize) -> Option<usize> {
    let lt = html[..at].rfind('<')?;
    match html[..at].rfind('>') {
        Some(gt) if gt > lt => None,
        _ => Some(lt),
    }
}

/// Elements without an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// The end (just past its end tag) of the element whose start tag begins at `start`, counting
/// nested elements of the same name; `None` when it is not closed. Pages are written by the
/// templates, so a `<` in text is always escaped.
fn element_end(html: &str, start: usize) -> Option<usize> {
    let tag_end = start + html[start..].find('>')? + 1;
    let tag = &html[start + 1..tag_end - 1];
    let name_len = tag
        .find(|c: char| c.is_ascii_whitespace() || c == '/')
        .unwrap_or(tag.len());
    let name = &tag[..name_len];
    if name.is_empty() || tag.ends_with('/') || VOID.contains(&name.to_ascii_lowercase().as_str()) {
        return Some(tag_end);
    }
    let bounded =
        |rest: &str| rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/');
    let mut depth = 1;
    let mut at = tag_end;
    while let Some(i) = html[at..].find('<') {
        let i = at + i;
        let rest = &html[i + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            at = i + 4 + comment.find("-->")? + 3;
            continue;
        }
        if let Some(close) = rest.strip_prefix('/') {
            if close.starts_with(name) && bounded(&close[name.len()..]) {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1 + rest.find('>')? + 1);
                }
            }
        } else if rest.starts_with(name) && bounded(&rest[name.len()..]) {
            let end = i + 1 + rest.find('>')?;
            if !html[..end].ends_with('/') {
                depth += 1;
            }
        }
        at = i + 1;
    }
    None
}

/// Reads a page's HTML by its URL path.
pub type ReadPage<'a> = dyn Fn(&str) -> Result<String, RenderError> + Sync + 'a;

/// Indexes every shard of `layout` (pages read with `read`) and writes the bundles and the UI
/// files under `out/pagefind/`, replacing what was there. Returns the paths written, relative
/// to `out`, sorted.
pub fn build(
    out: &Path,
    layout: &SearchLayout,
    read: &ReadPage,
) -> Result<Vec<String>, RenderError> {
    // The bundles' file names are content hashes: clear the folder so no stale file stays.
    let dir = out.join("pagefind");
    if dir.is_dir() {
        std::fs::remove_dir_all(&dir).map_err(|e| RenderError::io(&dir, e))?;
    }
    let all: Vec<usize> = (0..layout.shards.len()).collect();
    index_shards(out, layout, &all, read, true)
}

/// Re-indexes the shards at `which` into `out` (each bundle folder written whole; the UI files
/// are left out). Returns the bundle folders written, relative to `out` (`pagefind/zh/0/`).
pub fn reindex(
    out: &Path,
    layout: &SearchLayout,
    which: &[usize],
    read: &ReadPage,
) -> Result<Vec<String>, RenderError> {
    index_shards(out, layout, which, read, false)?;
    Ok(which.iter().map(|&i| layout.shards[i].dir()).collect())
}

/// The files a shard wrote, relative to the site root.
type Written = Result<Vec<String>, RenderError>;

fn index_shards(
    out: &Path,
    layout: &SearchLayout,
    which: &[usize],
    read: &ReadPage,
    with_ui: bool,
) -> Result<Vec<String>, RenderError> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Written)>> = Mutex::new(Vec::new());
    let workers = WORKERS.min(which.len()).max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(&i) = which.get(k) else { break };
                let shard = &layout.shards[i];
                // The UI files come with the first bundle of the site.
                let ui = with_ui && k == 0;
                let result = index_one(shard, read).and_then(|f| write_shard(out, shard, f, ui));
                let failed = result.is_err();
                results
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push((k, result));
                if failed {
                    // Stop the other worker too: the build fails anyway.
                    next.store(which.len(), Ordering::Relaxed);
                    break;
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    results.sort_by_key(|(k, _)| *k);
    let mut written = Vec::new();
    for (_, result) in results {
        written.extend(result?);
    }
    written.sort();
    Ok(written)
}

/// One Pagefind instance for one shard: its bundle's files, in memory. Each shard gets its own
/// runtime: Pagefind parses pages on the runtime's blocking threads, and those threads end with
/// it, so what they allocated goes back to the allocator before the next shard (a runtime kept
/// for every shard of a worker held about 250 MB more at the peak).
fn index_one(
    shard: &Shard,
    read: &ReadPage<'_>,
) -> Result<Vec<pagefind::api::SyntheticFile>, RenderError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| RenderError::new(format!("cannot start the search indexer: {e}")))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(false)
            .verbose(false)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(fail)?;
        for url in &shard.pages {
            let html = read(url)?;
            let html = match for_index(&html) {
                Some(copy) => copy,
                None => html,
            };
            index
                .add_html_file(None, Some(format!("/{url}")), html)
                .await
                .map_err(|e| fail(e.context(format!("cannot index {url}"))))?;
        }
        index.get_files().await.map_err(fail)
    })
}

/// Writes a shard's bundle (and, with `ui`, the UI files to `pagefind/`); returns the paths
/// written relative to `out`.
fn write_shard(
    out: &Path,
    shard: &Shard,
    files: Vec<pagefind::api::SyntheticFile>,
    ui: bool,
) -> Result<Vec<String>, RenderError> {
    let wasm = wasm_used(&files);
    let mut written = Vec::new();
    for file in files {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        let rel = if UI_FILES.contains(&name.as_str()) {
            if !ui {
                continue;
            }
            format!("pagefind/{name}")
        } else if (PRIMARY_FILES.contains(&name.as_str()) && shard.number > 0)
            || (name.starts_with("wasm.") && !wasm.contains(&name))
        {
            continue;
        } else {
            format!("{}{name}", shard.dir())
        };
        let path: PathBuf = out.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| RenderError::io(parent, e))?;
        }
        std::fs::write(&path, &file.contents).map_err(|e| RenderError::io(&path, e))?;
        written.push(rel);
    }
    Ok(written)
}

/// The WebAssembly files the bundle's `pagefind-entry.json` points to: `wasm.en.pagefind` for
/// a language Pagefind stems, `wasm.unknown.pagefind` for one it does not (Chinese). Pagefind
/// writes both; the other is never loaded.
fn wasm_used(files: &[pagefind::api::SyntheticFile]) -> Vec<String> {
    let entry = files
        .iter()
        .find(|f| f.filename == Path::new("pagefind-entry.json"))
        .and_then(|f| serde_json::from_slice::<serde_json::Value>(&f.contents).ok());
    let Some(languages) = entry.as_ref().and_then(|e| e["languages"].as_object()) else {
        // Unknown layout: keep every file.
        return files
            .iter()
            .map(|f| f.filename.to_string_lossy().to_string())
            .collect();
    };
    languages
        .values()
        .map(|l| format!("wasm.{}.pagefind", l["wasm"].as_str().unwrap_or("unknown")))
        .collect()
}

/// Reads pages written under `root` (a built site).
pub fn read_from(root: &Path) -> impl Fn(&str) -> Result<String, RenderError> + Sync + '_ {
    move |url: &str| {
        let path = root.join(urls::file_of(url));
        std::fs::read_to_string(&path)
            .map_err(|e| RenderError::new(format!("cannot read {}: {e}", path.display())))
    }
}

/// Pagefind's errors are `anyhow` errors; `{:#}` prints their whole chain.
fn fail(e: impl std::fmt::Display) -> RenderError {
    RenderError::new(format!("the search index could not be built: {e:#}"))
        .help("build without search to publish the site meanwhile, and report this error")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(list: &[(&str, usize)]) -> Vec<(String, usize)> {
        list.iter().map(|(u, c)| (u.to_string(), *c)).collect()
    }

    #[test]
    fn shards_split_by_language_and_budget() {
        const PAGES: [(&str, usize); 8] = [
            ("zh/", 40),
            ("zh/t1", 10),
            ("zh/t2", 10),
            ("zh/a/", 50),
            ("zh/b/", 20),
            ("zh/c/", 70),
            ("en/", 10),
            ("en/a/", 10),
        ];
        let layout = SearchLayout::plan(pages(&PAGES), 100);
        let got: Vec<(String, usize, Vec<String>)> = layout
            .shards
            .iter()
            .map(|s| (s.lang.clone(), s.number, s.pages.clone()))
            .collect();
        let v = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // 200 for zh: two shards, each page to the lighter one.
        let want = vec![
            ("zh".to_string(), 0, v(&["zh/", "zh/b/", "zh/c/"])),
            ("zh".to_string(), 1, v(&["zh/t1", "zh/t2", "zh/a/"])),
            ("en".to_string(), 0, v(&["en/", "en/a/"])),
        ];
        assert_eq!(got, want);
        assert_eq!(layout.bundles("zh"), ["zh/0/", "zh/1/"]);
        assert_eq!(layout.bundles("en"), ["en/0/"]);
        assert_eq!(layout.holding(&["zh/a/".into(), "en/a/".into()]), [1, 2]);
        assert_eq!(layout.shards[2].dir(), "pagefind/en/0/");
        // The same pages, the same layout.
        assert_eq!(layout, SearchLayout::plan(pages(&PAGES), 100));
    }

    /// A page as the templates write it: navigation around the body, ignored parts in it.
    const PAGE: &str = r##"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>服务业增加值 - 规划</title>
<script src="../assets/site.js" defer></script>
</head>
<body>
<nav class="sidebar"><ol><li><a href="../objectives/" id="nav-1">总体要求</a></li></ol></nav>
<main id="pd-main">
<article class="target-page" data-pagefind-body>
<h1>服务业增加值</h1>
<p class="other-title" lang="en" data-pagefind-ignore>Value added of services</p>
<dl class="facts"><div><dt>目标值</dt><dd>1500亿元（2025年）</dd></div></dl>
<section aria-labelledby="pd-statement" data-pagefind-ignore>
<h2 id="pd-statement">规划原文</h2>
<figure class="statement"><blockquote><p>到2025年，全市服务业增加值达到<a href="x.html">1500亿元</a>。</p></blockquote>
<figcaption><a href="../objectives/#b-3">二、总体要求</a></figcaption></figure>
<section><div>nested</div></section>
</section>
<h2 id="pd-area">所属领域<a class="anchor" href="#pd-area" data-pagefind-ignore>¶</a></h2>
<p>现代物流<br>商贸流通</p>
</article>
</main>
<footer><p>本规划以中文文本为准。</p></footer>
</body>
</html>
"##;

    #[test]
    fn the_copy_for_the_index_keeps_the_body_less_what_is_ignored() {
        let copy = for_index(PAGE).expect("a page the templates write");
        assert!(copy.starts_with(r#"<html lang="zh-CN"><head><title>服务业增加值 - 规划</title></head><body><article class="target-page" data-pagefind-body>"#), "{copy}");
        assert!(copy.ends_with("</article></body></html>"), "{copy}");
        for kept in [
            "<h1>服务业增加值</h1>",
            "1500亿元（2025年）",
            r#"<h2 id="pd-area">所属领域</h2>"#,
            "现代物流<br>商贸流通",
        ] {
            assert!(copy.contains(kept), "{kept} missing from {copy}");
        }
        for gone in [
            "Value added",
            "规划原文",
            "全市服务业",
            "nested",
            "¶",
            "总体要求",
            "sidebar",
            "footer",
            "site.js",
        ] {
            assert!(!copy.contains(gone), "{gone} left in {copy}");
        }
    }

    #[test]
    fn pages_that_cannot_be_cut_cleanly_go_whole() {
        // No body, two bodies.
        assert_eq!(for_index("<html><body><p>x</p></body></html>"), None);
        let two = PAGE.replace("<footer>", "<div data-pagefind-body>more</div><footer>");
        assert_eq!(for_index(&two), None);
        // Pagefind metadata in what would be cut, inside or outside the body.
        let meta = PAGE.replace(
            r#"<h2 id="pd-statement">"#,
            r#"<h2 id="pd-statement" data-pagefind-meta="kind">"#,
        );
        assert_eq!(for_index(&meta), None);
        let filter = PAGE.replace(
            r#"<nav class="sidebar">"#,
            r#"<nav class="sidebar" data-pagefind-filter="lang">"#,
        );
        assert_eq!(for_index(&filter), None);
        // An ignored element that is not closed, and a body that is not.
        let open = PAGE.replace("</section>\n<h2", "<h2");
        assert_eq!(for_index(&open), None);
        assert_eq!(for_index(&PAGE.replace("</article>", "")), None);
        // The attribute named in text, not in a tag.
        let text = PAGE.replace("<p>现代物流", "<p>data-pagefind-ignore 现代物流");
        assert_eq!(for_index(&text), None);
    }

    /// Pagefind's bundle (every file, byte for byte) for one page.
    fn bundle(html: String) -> Vec<(PathBuf, Vec<u8>)> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let config = PagefindServiceConfig::builder()
                .keep_index_url(false)
                .verbose(false)
                .build();
            let mut index = PagefindIndex::new(Some(config)).unwrap();
            index
                .add_html_file(None, Some("/zh/targets/gdp.html".into()), html)
                .await
                .unwrap();
            let mut files: Vec<_> = index
                .get_files()
                .await
                .unwrap()
                .into_iter()
                .map(|f| (f.filename, f.contents))
                .collect();
            files.sort();
            files
        })
    }

    #[test]
    fn the_copy_gives_pagefind_the_same_index() {
        let whole = bundle(PAGE.to_string());
        assert!(whole.iter().any(|(f, _)| f.starts_with("fragment")));
        assert_eq!(bundle(for_index(PAGE).unwrap()), whole);
    }

    #[test]
    fn cost_counts_text_from_the_body_on() {
        assert_eq!(cost("<html><body><p>no body</p></body></html>"), None);
        let html = "<html><nav>menu</nav><main><article data-pagefind-body><h1>标题</h1><p>ab</p></article></main></html>";
        // 标题 is 6 bytes of Chinese, ab 2 of ASCII.
        assert_eq!(cost(html), Some(6 * CJK_BYTE + 2 + PAGE_COST));
    }
}
