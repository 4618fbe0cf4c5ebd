//! The website: landing page, a home page and chapter pages per language, the parallel zh | en
//! view, the cross-referenced target index with one page per target, downloads, search
//! (Pagefind), sitemap and 404.
//!
//! This module orchestrates; each page kind is built in its own module as a Tera context
//! (`home`, `chapter`, `targets`), plan text is escaped and rendered to HTML by `inline`, and
//! the templates in `templates/site/` (embedded, overridable file by file) lay the pages out.
//! Output is deterministic: pages are rendered in parallel but collected and written in a
//! fixed order, and nothing depends on the clock.

mod assets;
mod chapter;
mod chart;
pub mod escape;
mod facts;
mod home;
mod inline;
mod labels;
mod search;
mod site;
mod sitemap;
mod targets;
mod templates;
mod urls;

use super::RenderError;
use crate::index::TargetIndex;
use crate::model::{Lang, Plan};
use rayon::prelude::*;
use site::{Page, Site};
use std::path::{Path, PathBuf};

/// Options of a site build.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// Build the Pagefind search index.
    pub search: bool,
    /// A `templates/` folder whose files override the embedded ones, file by file.
    pub template_dir: Option<PathBuf>,
    /// A script injected before `</body>` of every page (only `serve` sets it): either an HTML
    /// snippet (starting with `<`) inserted as is, or JavaScript wrapped in `<script>`.
    pub live_reload: Option<String>,
}

/// Writes the whole site into `out` (which becomes `output/site/`).
pub fn render_site(
    plan: &Plan,
    index: &TargetIndex,
    out: &Path,
    opts: &SiteOptions,
) -> Result<(), RenderError> {
    let tera = templates::load(opts.template_dir.as_deref())?;
    let site = new_site(plan, index, opts);
    let pages = all_pages(&site);
    let rendered = render(&tera, &pages, opts)?;
    for (page, html) in pages.iter().zip(&rendered) {
        write(out, &urls::file_of(&page.url), html.as_bytes())?;
    }
    for (path, text) in assets::assets(opts.template_dir.as_deref())? {
        write(out, &path, text.as_bytes())?;
    }
    write(
        out,
        "sitemap.xml",
        sitemap::sitemap(&site, &pages).as_bytes(),
    )?;
    if opts.search {
        let searchable: Vec<(String, String)> = pages
            .iter()
            .zip(rendered)
            .filter(|(p, _)| p.searchable)
            .map(|(p, html)| (urls::file_of(&p.url), html))
            .collect();
        search::build(out, &searchable)?;
    }
    Ok(())
}

/// Re-renders one chapter's pages (both languages and its parallel page) for the live preview.
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
    let mut pages: Vec<Page> = Lang::ALL
        .into_iter()
        .filter_map(|l| chapter::chapter_page(&site, pair, l))
        .collect();
    pages.extend(chapter::parallel_page(&site, pair));
    let rendered = render(&tera, &pages, opts)?;
    let mut written = Vec::new();
    for (page, html) in pages.iter().zip(&rendered) {
        let file = urls::file_of(&page.url);
        write(out, &file, html.as_bytes())?;
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
    Site {
        plan,
        index,
        base: urls::normalize_base(&plan.meta.site.base_url),
        search: opts.search,
        live_reload,
    }
}

/// Every page of the site, in a fixed order.
fn all_pages(site: &Site) -> Vec<Page> {
    let mut pages = vec![
        home::landing(site),
        home::not_found(site),
        chapter::parallel_index(site),
    ];
    for lang in Lang::ALL {
        pages.push(home::home(site, lang));
        pages.extend(home::notice(site, lang));
        pages.push(home::downloads(site, lang));
        if site.search {
            pages.push(home::search(site, lang));
        }
        pages.push(targets::index_page(site, lang));
        for t in &site.plan.targets.targets {
            pages.push(targets::target_page(site, t, lang));
        }
        for pair in &site.plan.chapters {
            pages.extend(chapter::chapter_page(site, pair, lang));
        }
    }
    for pair in &site.plan.chapters {
        pages.extend(chapter::parallel_page(site, pair));
    }
    pages
}

fn render(
    tera: &tera::Tera,
    pages: &[Page],
    opts: &SiteOptions,
) -> Result<Vec<String>, RenderError> {
    pages
        .par_iter()
        .map(|page| {
            tera.render(page.template, &page.ctx).map_err(|e| {
                templates::template_error(
                    &format!(
                        "cannot render {} with {}",
                        urls::file_of(&page.url),
                        page.template
                    ),
                    &e,
                    opts.template_dir.as_deref(),
                )
            })
        })
        .collect()
}

fn write(out: &Path, rel: &str, bytes: &[u8]) -> Result<(), RenderError> {
    let path = out.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| RenderError::io(parent, e))?;
    }
    std::fs::write(&path, bytes).map_err(|e| RenderError::io(&path, e))
}
