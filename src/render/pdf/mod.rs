//! The printed editions: one JSON document per edition rendered by a fixed Typst template
//! through the `typst` CLI.

pub mod edition;
pub mod typst;

pub use edition::Edition;

use crate::index::TargetIndex;
use crate::model::Plan;
use crate::render::RenderError;
use rayon::prelude::*;
use std::path::Path;
use std::time::Instant;

/// The embedded template: `main.typ` is compiled, `plandoc.typ` is the library it imports.
pub const TEMPLATE_FILES: &[(&str, &str)] = &[
    ("main.typ", include_str!("../../../templates/pdf/main.typ")),
    (
        "plandoc.typ",
        include_str!("../../../templates/pdf/plandoc.typ"),
    ),
];

/// Writes `plan.zh.pdf`, `plan.en.pdf` and `plan.bilingual.pdf` into `out` (`plan.zh.pdf`
/// alone for a plan in Chinese only, see [`Edition::for_plan`]). Each edition is
/// compiled in its own private build folder (the Typst `--root`) holding only the template and
/// the edition's JSON. Returns one summary line per edition.
pub fn render_editions(
    plan: &Plan,
    index: &TargetIndex,
    out: &Path,
    template_dir: Option<&Path>,
) -> Result<Vec<String>, RenderError> {
    render_editions_as(plan, index, out, out, template_dir)
}

/// [`render_editions`] into `out` (a staging folder), naming the files in the summary lines
/// as they will be found after the build: under `shown`.
pub fn render_editions_as(
    plan: &Plan,
    _index: &TargetIndex,
    out: &Path,
    shown: &Path,
    template_dir: Option<&Path>,
) -> Result<Vec<String>, RenderError> {
    let typst = typst::Typst::locate()?;
    std::fs::create_dir_all(out).map_err(|e| RenderError::io(out, e))?;
    // PLANDOC_PDF_BUILD_DIR keeps the build folders (template + edition.json) for template
    // work: `typst watch` in one of them shows changes to the template live.
    let keep = std::env::var_os("PLANDOC_PDF_BUILD_DIR").map(std::path::PathBuf::from);
    let work = keep.clone().unwrap_or_else(|| out.join(".typst-build"));
    let one = |edition: Edition, jobs: Option<usize>| -> Result<String, RenderError> {
        let started = Instant::now();
        let root = work.join(edition.name());
        prepare_root(&root, plan, edition, template_dir)?;
        let json_time = started.elapsed();
        let pdf = out.join(edition.file_name());
        typst.compile(&root, "edition.json", &pdf, jobs)?;
        Ok(format!(
            "pdf      {} ({:.2} s; data {:.0} ms)",
            shown.join(edition.file_name()).display(),
            started.elapsed().as_secs_f64(),
            json_time.as_secs_f64() * 1000.0
        ))
    };
    // The editions in parallel, one typst thread each; PLANDOC_PDF_SCHEDULE=sequential
    // compiles them one after the other with typst's own threads (docs/pdf.md compares both).
    // A plan in Chinese only has the zh edition alone.
    let editions = Edition::for_plan(plan);
    let results: Vec<Result<String, RenderError>> =
        match std::env::var("PLANDOC_PDF_SCHEDULE").as_deref() {
            Ok("sequential") => editions.iter().map(|&e| one(e, None)).collect(),
            _ => editions.par_iter().map(|&e| one(e, Some(1))).collect(),
        };
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&work);
    }
    results.into_iter().collect()
}

/// Writes the template files (user overrides from `templates/pdf/` win) and the edition JSON.
pub fn prepare_root(
    root: &Path,
    plan: &Plan,
    edition: Edition,
    template_dir: Option<&Path>,
) -> Result<(), RenderError> {
    std::fs::create_dir_all(root).map_err(|e| RenderError::io(root, e))?;
    for (name, text) in TEMPLATE_FILES {
        let path = root.join(name);
        let user = template_dir
            .map(|d| d.join("pdf").join(name))
            .filter(|p| p.is_file());
        match user {
            Some(user) => std::fs::copy(&user, &path).map(|_| ()),
            None => std::fs::write(&path, text),
        }
        .map_err(|e| RenderError::io(&path, e))?;
    }
    let json = serde_json::to_string(&edition::document(plan, edition)).map_err(|e| {
        RenderError::new(format!(
            "cannot serialise the {} edition: {e}",
            edition.name()
        ))
    })?;
    let path = root.join("edition.json");
    std::fs::write(&path, json).map_err(|e| RenderError::io(&path, e))
}
