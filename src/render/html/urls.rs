//! Where each page lives and how pages link to each other.
//!
//! Every page has a URL path relative to the site root (`zh/objectives/`, `zh/targets/va.html`).
//! Links between pages are relative (`../../en/objectives/`), so the site works from any
//! sub-path and from a plain folder; canonical links, hreflang alternates and the sitemap use
//! `site.base_url`, which is absolute when the publisher gave an absolute URL.

use crate::model::Lang;

/// Words used by the site itself under `zh/` and `en/`; a chapter with one of these IDs gets a
/// leading `_` (never valid in a plan ID) so it cannot collide with them.
const RESERVED: &[&str] = &["targets", "downloads", "search", "notice", "assets"];

/// The folder name of a chapter's pages.
pub fn chapter_slug(id: &str) -> String {
    if RESERVED.contains(&id) || id.is_empty() {
        format!("_{id}")
    } else {
        id.to_string()
    }
}

/// URL path of the home page of a language: `zh/`.
pub fn home(lang: Lang) -> String {
    format!("{}/", lang.code())
}

pub fn chapter(lang: Lang, id: &str) -> String {
    format!("{}/{}/", lang.code(), chapter_slug(id))
}

pub fn parallel(id: &str) -> String {
    format!("parallel/{}/", chapter_slug(id))
}

pub fn parallel_index() -> String {
    "parallel/".to_string()
}

pub fn targets(lang: Lang) -> String {
    format!("{}/targets/", lang.code())
}

pub fn target(lang: Lang, id: &str) -> String {
    format!("{}/targets/{}.html", lang.code(), id)
}

pub fn downloads(lang: Lang) -> String {
    format!("{}/downloads/", lang.code())
}

pub fn search(lang: Lang) -> String {
    format!("{}/search/", lang.code())
}

pub fn notice(lang: Lang) -> String {
    format!("{}/notice/", lang.code())
}

/// The file that serves a URL path: `zh/` → `zh/index.html`.
pub fn file_of(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else {
        url.to_string()
    }
}

/// The relative prefix from a page to the site root: `zh/objectives/` → `../../`.
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// The shortest relative link from the page at `from` to the page at `to` (both URL paths).
pub fn rel(from: &str, to: &str) -> String {
    let mut from_dirs: Vec<&str> = from.split('/').collect();
    from_dirs.pop(); // the page's file name, or "" after a trailing slash
    let to_parts: Vec<&str> = to.split('/').collect();
    let to_dirs = &to_parts[..to_parts.len() - 1];
    let common = from_dirs
        .iter()
        .zip(to_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let link = "../".repeat(from_dirs.len() - common) + &to_parts[common..].join("/");
    if link.is_empty() {
        "./".to_string()
    } else {
        link
    }
}

/// `site.base_url` with exactly one trailing slash (`/` when empty).
pub fn normalize_base(base: &str) -> String {
    let base = base.trim();
    if base.is_empty() {
        "/".to_string()
    } else if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_climb_to_the_root() {
        assert_eq!(root_of("zh/objectives/"), "../../");
        assert_eq!(root_of("zh/targets/va.html"), "../../");
        assert_eq!(rel("", "zh/"), "zh/");
        assert_eq!(rel("", ""), "./");
        assert_eq!(rel("zh/", "en/"), "../en/");
        assert_eq!(rel("zh/", ""), "../");
        assert_eq!(rel("zh/objectives/", "zh/objectives/"), "./");
        assert_eq!(
            rel("zh/objectives/", "zh/targets/va.html"),
            "../targets/va.html"
        );
        assert_eq!(rel("zh/targets/va.html", "zh/targets/"), "./");
        assert_eq!(rel("zh/targets/va.html", "zh/targets/b.html"), "b.html");
        assert_eq!(rel("parallel/goals/", "en/goals/"), "../../en/goals/");
        assert_eq!(file_of("zh/"), "zh/index.html");
        assert_eq!(file_of(""), "index.html");
        assert_eq!(file_of("zh/targets/a.html"), "zh/targets/a.html");
    }

    #[test]
    fn reserved_chapter_ids_get_a_prefix() {
        assert_eq!(chapter_slug("targets"), "_targets");
        assert_eq!(chapter_slug("goals"), "goals");
        assert_eq!(normalize_base("/plans/x"), "/plans/x/");
        assert_eq!(normalize_base(""), "/");
    }
}
