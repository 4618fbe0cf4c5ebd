//! The search index: Pagefind, one index per language.
//!
//! Pagefind runs as a library (the `pagefind` crate with its `extended` feature, which segments
//! Chinese words with ICU at index time; the browser segments the query with `Intl.Segmenter`).
//! Measured on the 2-core build machine, the crate adds about one minute to a clean build, so
//! nothing has to be installed next to plandoc and the index is built from the rendered pages
//! in memory. Pagefind splits the index by the `lang` of each page's `<html>`: `zh-CN` and `en`.
//! Only pages in one language are indexed (not the landing, parallel or 404 pages), and only
//! their `data-pagefind-body` element (the main text), so navigation never matches a query.

use crate::render::RenderError;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::path::Path;

/// Indexes `pages` (URL path relative to the site root, e.g. `zh/objectives/`, and HTML) and writes the bundle to
/// `out/pagefind/`. Returns the paths written, relative to `out`.
pub fn build(
    out: &Path,
    pages: impl IntoIterator<Item = Result<(String, String), RenderError>>,
) -> Result<Vec<String>, RenderError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| RenderError::new(format!("cannot start the search indexer: {e}")))?;
    let files = runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(false)
            .verbose(false)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(fail)?;
        for page in pages {
            let (url, html) = page?;
            index
                .add_html_file(None, Some(format!("/{url}")), html)
                .await
                .map_err(|e| fail(e.context(format!("cannot index {url}"))))?;
        }
        index.get_files().await.map_err(fail)
    })?;
    // The bundle's file names are content hashes: clear the folder so no stale file stays.
    let dir = out.join("pagefind");
    if dir.is_dir() {
        std::fs::remove_dir_all(&dir).map_err(|e| RenderError::io(&dir, e))?;
    }
    let mut files: Vec<_> = files.into_iter().collect();
    files.sort_by(|a, b| a.filename.cmp(&b.filename));
    let mut written = Vec::new();
    for file in files {
        let path = dir.join(&file.filename);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| RenderError::io(parent, e))?;
        }
        std::fs::write(&path, &file.contents).map_err(|e| RenderError::io(&path, e))?;
        written.push(format!("pagefind/{}", file.filename.display()));
    }
    Ok(written)
}

/// Pagefind's errors are `anyhow` errors; `{:#}` prints their whole chain.
fn fail(e: impl std::fmt::Display) -> RenderError {
    RenderError::new(format!("the search index could not be built: {e:#}"))
        .help("build without search to publish the site meanwhile, and report this error")
}
