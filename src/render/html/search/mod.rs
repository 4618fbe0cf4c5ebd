//! The search index, written by plandoc itself: one per language, in `pagefind/{lang}/` (the
//! folder DESIGN.md fixes for the search index, named when plandoc used Pagefind), read by the
//! search page's script (`templates/site/search.js`).
//!
//! Each page with a `data-search-body` element gives its blocks ([`extract`]): every element
//! with an `id` is a block, so a hit links to the paragraph, heading, table or box it is in.
//! Their text is cut into terms by [`crate::text::terms`] (Han character pairs with their
//! positions, words without plural endings), and the terms go into files by their key
//! ([`files`]): a query fetches the one file of each of its terms and the files of the blocks it
//! shows, whatever the size of the plan. The script cuts the query by the same rules, given to
//! it as data ([`crate::text::terms::script_rules`]).
//!
//! Why not Pagefind, which plandoc used before: it took about 12 of the 13.5 seconds of a site
//! build at 100 copies of the shipped plan (segmenting with ICU, gzip at the best level of every
//! fragment), five times mdBook's whole build with its search; this index takes well under a
//! second there (docs/performance.md), and a Chinese query is matched as a phrase, block by
//! block.
//!
//! `serve --search` keeps the [`SearchPages`] of its last full build and, after a chapter edit,
//! reads only that chapter's pages again and rewrites its language's index ([`SearchPages::update`]).

mod extract;
mod files;

#[cfg(test)]
use extract::Block;
pub use extract::{extract, SearchPage};

use crate::render::RenderError;
use rayon::prelude::*;
use std::path::Path;

/// The searchable pages of a site, in the site's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchPages {
    pages: Vec<SearchPage>,
    /// About how many bytes a file holds (`None`: [`files::FILE_BYTES`]).
    file_bytes: Option<usize>,
}

/// The language of a page: the first segment of its URL path (`zh/objectives/` → `zh`).
fn lang_of(url: &str) -> &str {
    url.split('/').next().unwrap_or_default()
}

impl SearchPages {
    pub fn new(pages: Vec<SearchPage>, file_bytes: Option<usize>) -> SearchPages {
        SearchPages { pages, file_bytes }
    }

    #[cfg(test)]
    fn pages(&self) -> &[SearchPage] {
        &self.pages
    }

    /// The index folder of a language relative to the site root: `pagefind/zh/`.
    pub fn dir(lang: &str) -> String {
        format!("pagefind/{lang}/")
    }

    /// The languages of the pages, in their order.
    pub fn langs(&self) -> Vec<String> {
        let mut langs: Vec<String> = Vec::new();
        for page in &self.pages {
            let lang = lang_of(&page.url);
            if !langs.iter().any(|l| l == lang) {
                langs.push(lang.to_string());
            }
        }
        langs
    }

    /// Writes the index of each of `langs` under `out` (each folder emptied first); returns
    /// the files written relative to `out`, sorted.
    pub fn write(&self, out: &Path, langs: &[String]) -> Result<Vec<String>, RenderError> {
        let file_bytes = self.file_bytes.unwrap_or(files::FILE_BYTES);
        // The languages side by side, each writing its files as they are made.
        let written: Vec<Vec<String>> = langs
            .par_iter()
            .map(|lang| {
                let pages: Vec<&SearchPage> = self
                    .pages
                    .iter()
                    .filter(|p| lang_of(&p.url) == lang)
                    .collect();
                let dir = SearchPages::dir(lang);
                let folder = out.join(&dir);
                if folder.is_dir() {
                    std::fs::remove_dir_all(&folder).map_err(|e| RenderError::io(&folder, e))?;
                }
                for sub in ["t", "b"] {
                    let path = folder.join(sub);
                    std::fs::create_dir_all(&path).map_err(|e| RenderError::io(&path, e))?;
                }
                let mut written = Vec::new();
                files::build(&pages, file_bytes, |name, text| {
                    let rel = format!("{dir}{name}");
                    let path = out.join(&rel);
                    std::fs::write(&path, text).map_err(|e| RenderError::io(&path, e))?;
                    written.push(rel);
                    Ok(())
                })?;
                Ok(written)
            })
            .collect::<Result<_, RenderError>>()?;
        let mut written: Vec<String> = written.into_iter().flatten().collect();
        written.sort();
        Ok(written)
    }

    /// Puts `fresh` pages in place of those with the same URL (a page no longer searchable,
    /// `None`, is dropped); returns the languages whose index must be written again.
    pub fn update(&mut self, fresh: Vec<(String, Option<SearchPage>)>) -> Vec<String> {
        let mut langs: Vec<String> = Vec::new();
        for (url, page) in fresh {
            let at = self.pages.iter().position(|p| p.url == url);
            let changed = match (at, page) {
                (Some(i), Some(page)) => {
                    let changed = self.pages[i] != page;
                    self.pages[i] = page;
                    changed
                }
                (Some(i), None) => {
                    self.pages.remove(i);
                    true
                }
                // A page the last full build did not index (not searchable then): its place
                // in the order is unknown, so the next full build takes it in.
                (None, _) => false,
            };
            let lang = lang_of(&url).to_string();
            if changed && !langs.contains(&lang) {
                langs.push(lang);
            }
        }
        langs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, text: &str) -> SearchPage {
        SearchPage {
            url: url.into(),
            title: "t".into(),
            blocks: vec![Block {
                anchor: "a".into(),
                heading: String::new(),
                text: text.into(),
                weight: 1,
            }],
        }
    }

    #[test]
    fn an_edit_rewrites_its_language_only() {
        let mut pages = SearchPages::new(
            vec![
                page("zh/a/", "服务业"),
                page("zh/b/", "物流"),
                page("en/a/", "services"),
            ],
            None,
        );
        assert_eq!(pages.langs(), ["zh", "en"]);
        assert_eq!(
            pages.update(vec![("zh/b/".into(), Some(page("zh/b/", "物流")))]),
            Vec::<String>::new()
        );
        assert_eq!(
            pages.update(vec![("zh/b/".into(), Some(page("zh/b/", "现代物流")))]),
            ["zh"]
        );
        assert_eq!(pages.pages()[1].blocks[0].text, "现代物流");
        assert_eq!(pages.update(vec![("en/a/".into(), None)]), ["en"]);
        assert_eq!(pages.pages().len(), 2);
        let out = tempfile::tempdir().unwrap();
        let written = pages.write(out.path(), &["zh".to_string()]).unwrap();
        assert!(
            written.contains(&"pagefind/zh/meta.json".to_string()),
            "{written:?}"
        );
        assert!(written.iter().all(|f| f.starts_with("pagefind/zh/")));
    }
}
