//! Building a checked plan: every selected part rendered into a staging folder beside `out`,
//! swapped into place only when everything succeeded, so a failed or killed build never
//! leaves a half-written `output/`. `plandoc build` and the tests call it.

use crate::index::TargetIndex;
use crate::model::Plan;
use crate::render::{self, RenderError};
use std::path::Path;
use std::time::Instant;

/// The parts of a build that `--only` can select.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Part {
    Html,
    Pdf,
    Data,
    /// The Word edition for review: output/docx/plan.{zh,en}.docx.
    Docx,
}

pub struct BuildOptions {
    pub parts: Vec<Part>,
    pub search: bool,
    /// Refuse to publish a plan with warnings (stale or missing translations, …).
    pub strict: bool,
}

/// Renders the selected parts into a staging folder next to `out`, then swaps them in.
pub fn build(
    plan: &Plan,
    plan_dir: &Path,
    out: &Path,
    opts: &BuildOptions,
) -> Result<Vec<String>, RenderError> {
    let parts: Vec<Part> = if opts.parts.is_empty() {
        // The Word edition is for review rounds: built on request (`--only docx`).
        vec![Part::Html, Part::Pdf, Part::Data]
    } else {
        opts.parts.clone()
    };
    let index = TargetIndex::build(plan);
    // The site, the open data and the PDFs show each value in the plan's own words (全省前三,
    // 突破1亿人次) unless the registry sets a display form.
    let stated = crate::index::with_stated_words(plan, &index);
    let staging = crate::atomic::Staged::beside(out).map_err(|e| RenderError::io(out, e))?;
    let mut written = Vec::new();
    let site = staging.path().join("site");
    let template_dir = render::template_override_dir(plan_dir);

    if parts.contains(&Part::Html) {
        let t = Instant::now();
        let site_opts = render::html::SiteOptions {
            search: opts.search,
            template_dir: template_dir.clone(),
            live_reload: None,
            search_file_bytes: None,
        };
        render::html::render_site(&stated, &index, &site, &site_opts)?;
        written.push(format!(
            "site     {} ({:.2} s)",
            out.join("site").display(),
            t.elapsed().as_secs_f64()
        ));
    }
    if parts.contains(&Part::Data) {
        let t = Instant::now();
        render::data::write(&stated, &index, &site.join("data"))?;
        written.push(format!(
            "data     {} ({:.2} s)",
            out.join("site/data").display(),
            t.elapsed().as_secs_f64()
        ));
    }
    if parts.contains(&Part::Pdf) {
        for line in render::pdf::render_editions_as(
            &stated,
            &index,
            &staging.path().join("pdf"),
            &out.join("pdf"),
            template_dir.as_deref(),
        )? {
            written.push(line);
        }
    }
    if parts.contains(&Part::Docx) {
        let t = Instant::now();
        let lines = render::docx::write(plan, &staging.path().join("docx"))?;
        for line in lines {
            written.push(format!(
                "{} ({:.2} s)",
                line.replace(
                    &staging.path().display().to_string(),
                    &out.display().to_string()
                ),
                t.elapsed().as_secs_f64()
            ));
        }
    }
    keep_unbuilt(staging.path(), out, &parts)?;
    staging.replace(out).map_err(|e| RenderError::io(out, e))?;
    Ok(written)
}

/// Before the swap: what this build did not rebuild (`--only`) and the tracked README are
/// copied from the previous `out` into the staging folder, and the PDFs into the site's
/// downloads (site/pdf/).
fn keep_unbuilt(staging: &Path, out: &Path, parts: &[Part]) -> Result<(), RenderError> {
    if out.exists() {
        let keep_site = !parts.contains(&Part::Html);
        let keep_pdf = !parts.contains(&Part::Pdf);
        let keep_docx = !parts.contains(&Part::Docx);
        for (name, keep) in [
            ("site", keep_site),
            ("pdf", keep_pdf),
            ("docx", keep_docx),
            ("README.md", true),
        ] {
            let (from, to) = (out.join(name), staging.join(name));
            if keep && from.exists() && !to.exists() {
                copy_tree(&from, &to)?;
            } else if name == "site" && keep_site && from.exists() {
                // Data only: merge the old site around the new data folder.
                merge_tree(&from, &to)?;
            }
        }
        if !parts.contains(&Part::Data) && parts.contains(&Part::Html) {
            let (from, to) = (out.join("site/data"), staging.join("site/data"));
            if from.exists() && !to.exists() {
                copy_tree(&from, &to)?;
            }
        }
    }
    // The deployed site offers the PDFs for download under site/pdf/.
    let (pdf, site) = (staging.join("pdf"), staging.join("site"));
    if pdf.is_dir() && site.is_dir() {
        copy_tree(&pdf, &site.join("pdf"))?;
    }
    Ok(())
}

/// Copies a file or a folder tree.
fn copy_tree(from: &Path, to: &Path) -> Result<(), RenderError> {
    if from.is_file() {
        if let Some(p) = to.parent() {
            std::fs::create_dir_all(p).map_err(|e| RenderError::io(p, e))?;
        }
        std::fs::copy(from, to).map_err(|e| RenderError::io(to, e))?;
        return Ok(());
    }
    copy_files(from, to, true)
}

/// Copies files of `from` that do not exist in `to`.
fn merge_tree(from: &Path, to: &Path) -> Result<(), RenderError> {
    copy_files(from, to, false)
}

fn copy_files(from: &Path, to: &Path, overwrite: bool) -> Result<(), RenderError> {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry =
            entry.map_err(|e| RenderError::new(format!("cannot read {}: {e}", from.display())))?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| RenderError::io(&target, e))?;
        } else if entry.file_type().is_file() && (overwrite || !target.exists()) {
            std::fs::copy(entry.path(), &target).map_err(|e| RenderError::io(&target, e))?;
        }
    }
    Ok(())
}
