//! The website: landing page, a home page and chapter pages per language, the parallel zh | en
//! view, the cross-referenced target index with one page per target, downloads, search
//! (plandoc's own index, [`search`]), sitemap and 404.
//!
//! This module orchestrates; each page kind is built in its own module as a Tera context
//! (`home`, `chapter`, `targets`), plan text is escaped and rendered to HTML by `inline`, and
//! the templates in `templates/site/` (embedded, overridable file by file) lay the pages out.
//! Output is deterministic: pages are built, rendered and written in parallel (each to its own
//! file), the sitemap and search index take them in a fixed order, and nothing depends on the
//! clock.

/// A template context's object, written as `serde_json::json!` writes a flat one, but with its
/// values moved in: `json!` copies each value, deep, and the pages' contexts hold every
/// block's HTML and thousands of rows.
macro_rules! object {
    ({ $($key:literal : $value:expr),* $(,)? }) => {{
        let mut map = serde_json::Map::new();
        $( map.insert(String::from($key), serde_json::Value::from($value)); )*
        serde_json::Value::Object(map)
    }};
}

mod assets;
mod chapter;
mod chart;
pub mod escape;
mod facts;
mod home;
mod inline;
mod search;
mod site;
mod sitemap;
mod targets;
mod templates;
mod urls;

use super::RenderError;
use crate::index::TargetIndex;
use crate::model::Plan;
use rayon::prelude::*;
pub use search::SearchPages;
use site::{Page, Site};
use std::path::{Path, PathBuf};

/// Options of a site build.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// Build the search index.
    pub search: bool,
    /// About how many bytes one search index file holds (`None`: the usual size); tests set a
    /// small one to get several files from a small plan.
    pub search_file_bytes: Option<usize>,
    /// A `templates/` folder whose files override the embedded ones, file by file.
    pub template_dir: Option<PathBuf>,
    /// A script injected before `</body>` of every page (only `serve` sets it): either an HTML
    /// snippet (starting with `<`) inserted as is, or JavaScript wrapped in `<script>`.
    pub live_reload: Option<String>,
}

/// What a site build leaves for later work (the live preview).
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The searchable pages (with search only), to re-index after an edit.
    pub search: Option<SearchPages>,
}

/// Writes the whole site into `out` (which becomes `output/site/`).
pub fn render_site(
    plan: &Plan,
    index: &TargetIndex,
    out: &Path,
    opts: &SiteOptions,
) -> Result<Rendered, RenderError> {
    let tera = templates::load(opts.template_dir.as_deref())?;
    let site = new_site(plan, index, opts);
    // Each page is built, rendered and written on a worker thread and its context dropped at
    // once: a plan of 100 chapters × 2 languages would otherwise hold every page's context
    // (each chapter page carries the whole table of contents) and HTML in memory together.
    // What a page gives the search index is read while its HTML is at hand.
    // Folders made so far: most pages go into a folder an earlier page made.
    let made: std::sync::Mutex<std::collections::HashSet<PathBuf>> = Default::default();
    let pages: Vec<(Page, Option<search::SearchPage>)> = all_pages(&site)
        .par_iter()
        .filter_map(|job| job())
        .map(|mut page| {
            let html = render_one(&tera, &page, opts)?;
            let path = out.join(urls::file_of(&page.url));
            if let Some(parent) = path.parent() {
                let known = made.lock().is_ok_and(|m| m.contains(parent));
                if !known {
                    std::fs::create_dir_all(parent).map_err(|e| RenderError::io(parent, e))?;
                    if let Ok(mut m) = made.lock() {
                        m.insert(parent.to_path_buf());
                    }
                }
            }
            std::fs::write(&path, &html).map_err(|e| RenderError::io(&path, e))?;
            let found = if opts.search && page.searchable {
                search::extract(&page.url, &String::from_utf8_lossy(&html))
            } else {
                None
            };
            page.ctx = tera::Context::new();
            Ok((page, found))
        })
        .collect::<Result<_, RenderError>>()?;
    for (path, text) in assets::assets(opts.template_dir.as_deref())? {
        write(out, &path, text.as_bytes())?;
    }
    let mut rendered = Rendered::default();
    let (mut pages, found): (Vec<Page>, Vec<Option<search::SearchPage>>) =
        pages.into_iter().unzip();
    if opts.search {
        let index = SearchPages::new(
            found.into_iter().flatten().collect(),
            opts.search_file_bytes,
        );
        index.write(out, &index.langs())?;
        for &lang in plan.langs() {
            let page = home::search(&site, lang);
            let html = render_one(&tera, &page, opts)?;
            write(out, &urls::file_of(&page.url), &html)?;
            pages.push(page);
        }
        rendered.search = Some(index);
    }
    write(
        out,
        "sitemap.xml",
        sitemap::sitemap(&site, &pages).as_bytes(),
    )?;
    Ok(rendered)
}

/// Re-indexes, after `render_chapter_pages` wrote `files` under `stage`, the languages of
/// those pages: the pages are read again, the index of each language they changed written
/// into `stage`. Returns the index folders written, relative to the site root
/// (`pagefind/zh/`).
pub fn reindex_pages(
    search: &mut SearchPages,
    stage: &Path,
    files: &[PathBuf],
) -> Result<Vec<String>, RenderError> {
    let mut fresh = Vec::new();
    for file in files {
        let Ok(rel) = file.strip_prefix(stage) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !rel.ends_with(".html") {
            continue;
        }
        let url = rel.strip_suffix("index.html").unwrap_or(&rel).to_string();
        let html = std::fs::read_to_string(file).map_err(|e| RenderError::io(file, e))?;
        let page = search::extract(&url, &html);
        fresh.push((url, page));
    }
    let langs = search.update(fresh);
    search.write(stage, &langs)?;
    Ok(langs.iter().map(|l| SearchPages::dir(l)).collect())
}

/// Re-renders one chapter's pages (each language and its parallel page) for the live preview.
/// Returns the files written. The search index and other pages are left as they are.
pub fn render_chapter_pages(
    plan: &Plan,
    index: &TargetIndex,
    out: &Path,
    opts: &SiteOptions,
    chapter_id: &str,
) -> Result<Vec<PathBuf>, RenderError> {
    let pair = plan.chapter(chapter_id).ok_or_else(|| {
        RenderError::new(format!("the plan has no chapter `{chapter_id}`"))
            .help("rebuild the whole site; the chapter may have been renamed")
    })?;
    let tera = templates::load(opts.template_dir.as_deref())?;
    let site = new_site(plan, index, opts);
    let mut pages: Vec<Page> = plan
        .langs()
        .iter()
        .filter_map(|l| chapter::chapter_page(&site, pair, *l))
        .collect();
    pages.extend(chapter::parallel_page(&site, pair));
    let rendered = render(&tera, &pages, opts)?;
    let mut written = Vec::new();
    for (page, html) in pages.iter().zip(&rendered) {
        let file = urls::file_of(&page.url);
        write(out, &file, html)?;
        written.push(out.join(file));
    }
    Ok(written)
}

fn new_site<'a>(plan: &'a Plan, index: &'a TargetIndex, opts: &SiteOptions) -> Site<'a> {
    let live_reload = match opts.live_reload.as_deref().map(str::trim) {
        None | Some("") => String::new(),
        Some(s) if s.starts_with('<') => s.to_string(),
        Some(s) => format!("<script>{s}</script>"),
    };
    Site::new(
        plan,
        index,
        urls::normalize_base(&plan.meta.site.base_url),
        opts.search,
        live_reload,
    )
}

/// A page to build: run on a worker thread when the page is rendered (`None`: no such page).
type PageJob<'s> = Box<dyn Fn() -> Option<Page> + Send + Sync + 's>;

/// Every page of the site, in a fixed order.
fn all_pages<'s>(site: &'s Site<'s>) -> Vec<PageJob<'s>> {
    fn job<'s>(f: impl Fn() -> Option<Page> + Send + Sync + 's) -> PageJob<'s> {
        Box::new(f)
    }
    let mut pages = vec![
        job(move || Some(home::landing(site))),
        job(move || Some(home::not_found(site))),
        job(move || chapter::parallel_index(site)),
    ];
    for &lang in site.plan.langs() {
        pages.push(job(move || Some(home::home(site, lang))));
        pages.push(job(move || home::notice(site, lang)));
        pages.push(job(move || Some(home::downloads(site, lang))));
        pages.push(job(move || Some(targets::index_page(site, lang))));
        for t in &site.plan.targets.targets {
            pages.push(job(move || Some(targets::target_page(site, t, lang))));
        }
        for pair in &site.plan.chapters {
            pages.push(job(move || chapter::chapter_page(site, pair, lang)));
        }
    }
    for pair in &site.plan.chapters {
        pages.push(job(move || chapter::parallel_page(site, pair)));
    }
    pages
}

fn render(
    tera: &tera::Tera,
    pages: &[Page],
    opts: &SiteOptions,
) -> Result<Vec<Vec<u8>>, RenderError> {
    pages
        .par_iter()
        .map(|page| render_one(tera, page, opts))
        .collect()
}

/// A page's HTML, as bytes: Tera writes them from UTF-8 text, and turning them into a
/// `String` would check every byte of every page again.
fn render_one(tera: &tera::Tera, page: &Page, opts: &SiteOptions) -> Result<Vec<u8>, RenderError> {
    let mut html = Vec::with_capacity(16 * 1024);
    tera.render_to(page.template, &page.ctx, &mut html)
        .map_err(|e| {
            templates::template_error(
                &format!(
                    "cannot render {} with {}",
                    urls::file_of(&page.url),
                    page.template
                ),
                &e,
                opts.template_dir.as_deref(),
            )
        })?;
    Ok(html)
}

fn write(out: &Path, rel: &str, bytes: &[u8]) -> Result<(), RenderError> {
    let path = out.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| RenderError::io(parent, e))?;
    }
    std::fs::write(&path, bytes).map_err(|e| RenderError::io(&path, e))
}
