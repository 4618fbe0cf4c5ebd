//! The site templates: embedded in the binary, each replaceable by a file of the same name in
//! `<template_dir>/site/`.

use super::escape;
use crate::render::RenderError;
use std::path::Path;
use tera::Tera;

/// Tera templates (autoescaped: every `{{ value }}` is HTML-escaped unless it is a `*_html`
/// fragment rendered and escaped by the Rust code).
pub const PAGES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../../templates/site/base.html"),
    ),
    (
        "macros.html",
        include_str!("../../../templates/site/macros.html"),
    ),
    (
        "landing.html",
        include_str!("../../../templates/site/landing.html"),
    ),
    (
        "home.html",
        include_str!("../../../templates/site/home.html"),
    ),
    (
        "notice.html",
        include_str!("../../../templates/site/notice.html"),
    ),
    (
        "chapter.html",
        include_str!("../../../templates/site/chapter.html"),
    ),
    (
        "parallel.html",
        include_str!("../../../templates/site/parallel.html"),
    ),
    (
        "parallel_index.html",
        include_str!("../../../templates/site/parallel_index.html"),
    ),
    (
        "targets.html",
        include_str!("../../../templates/site/targets.html"),
    ),
    (
        "target.html",
        include_str!("../../../templates/site/target.html"),
    ),
    (
        "downloads.html",
        include_str!("../../../templates/site/downloads.html"),
    ),
    (
        "search.html",
        include_str!("../../../templates/site/search.html"),
    ),
    ("404.html", include_str!("../../../templates/site/404.html")),
];

/// Static files copied to `assets/` as they are.
pub const ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../../templates/site/style.css"),
    ),
    ("site.js", include_str!("../../../templates/site/site.js")),
    (
        "search.js",
        include_str!("../../../templates/site/search.js"),
    ),
];

/// The embedded file `name`, or the override in `<dir>/site/name` when there is one.
pub fn source(name: &str, embedded: &str, dir: Option<&Path>) -> Result<String, RenderError> {
    if let Some(dir) = dir {
        let path = dir.join("site").join(name);
        if path.is_file() {
            return std::fs::read_to_string(&path).map_err(|e| {
                RenderError::new(format!("cannot read template {}: {e}", path.display()))
            });
        }
    }
    Ok(embedded.to_string())
}

/// Loads every page template (with overrides) into one Tera instance.
pub fn load(dir: Option<&Path>) -> Result<Tera, RenderError> {
    let mut tera = Tera::default();
    let mut sources = Vec::new();
    for (name, embedded) in PAGES {
        sources.push((*name, source(name, embedded, dir)?));
    }
    tera.add_raw_templates(sources.iter().map(|(n, s)| (*n, s.as_str())))
        .map_err(|e| template_error("cannot load the site templates", &e, dir))?;
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(escape::tera_escape);
    Ok(tera)
}

/// A Tera error with its whole chain (the useful part is usually in the innermost cause).
pub fn template_error(what: &str, e: &tera::Error, dir: Option<&Path>) -> RenderError {
    let mut message = format!("{what}: {e}");
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        message.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    let help = match dir {
        Some(d) => format!(
            "check the template overrides in {}; delete a file there to use the built-in one",
            d.join("site").display()
        ),
        None => "this is a bug in plandoc's built-in templates; please report it".to_string(),
    };
    RenderError::new(message).help(help)
}
