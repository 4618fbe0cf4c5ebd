//! The printed editions: one JSON document per edition rendered by a fixed Typst template
//! through the `typst` CLI.

pub mod edition;
pub mod fonts;
pub mod typst;

pub use edition::Edition;

use crate::index::TargetIndex;
use crate::model::{Plan, PrintLayout};
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
    let layout = plan.meta.print.layout;
    let editions = Edition::for_plan(plan);
    // The editions' documents (built once: the font check reads their characters) and, side
    // by side, the installed faces the layout may use (the gb9704 layout asks typst for all
    // installed fonts, which takes a few hundred milliseconds).
    let (docs, installed) = rayon::join(
        || {
            editions
                .par_iter()
                .map(|&e| edition::document(plan, e))
                .collect::<Vec<_>>()
        },
        || fonts::installed_for(layout, &typst.program, &typst.font_dir, &typst.font_dirs()),
    );
    let installed = installed?;
    // Each role takes the first installed face that has every character of all editions (one
    // choice for all, so that the editions look alike).
    let chars = docs.iter().flat_map(fonts::characters).collect();
    let choice = fonts::choose(layout, &installed, &chars)?;
    let docs: Vec<(Edition, serde_json::Value)> = editions
        .iter()
        .copied()
        .zip(docs)
        .map(|(e, mut doc)| {
            doc["fonts"] = choice.json();
            (e, doc)
        })
        .collect();
    // PLANDOC_PDF_BUILD_DIR keeps the build folders (template + edition.json) for template
    // work: `typst watch` in one of them shows changes to the template live.
    let keep = std::env::var_os("PLANDOC_PDF_BUILD_DIR").map(std::path::PathBuf::from);
    let work = keep.clone().unwrap_or_else(|| out.join(".typst-build"));
    let one = |edition: Edition, jobs: Option<usize>| -> Result<Vec<String>, RenderError> {
        let started = Instant::now();
        let root = work.join(edition.name());
        let doc = docs.iter().find(|(e, _)| *e == edition).map(|(_, d)| d);
        write_root(
            &root,
            doc.expect("a document per edition"),
            edition,
            template_dir,
        )?;
        let json_time = started.elapsed();
        let pdf = out.join(edition.file_name());
        typst.compile(&root, "edition.json", &pdf, jobs, &choice.dirs)?;
        let total = started.elapsed();
        let pages = std::fs::read(&pdf).map(|b| page_count(&b)).unwrap_or(0);

        let mut lines = choice.log.clone();
        lines.push(format!(
            "pdf      {} ({:.2} s; data {:.0} ms) typst {:.2} s, {pages} pages, {}",
            shown.join(edition.file_name()).display(),
            total.as_secs_f64(),
            json_time.as_secs_f64() * 1000.0,
            (total - json_time).as_secs_f64(),
            match layout {
                PrintLayout::Book => "book",
                PrintLayout::Gb9704 => "gb9704",
            }
        ));
        Ok(lines)
    };
    // The editions in parallel, one typst thread each; PLANDOC_PDF_SCHEDULE=sequential
    // compiles them one after the other with typst's own threads (docs/pdf.md compares both).
    // A plan in Chinese only has the zh edition alone.
    let results: Vec<Result<Vec<String>, RenderError>> =
        match std::env::var("PLANDOC_PDF_SCHEDULE").as_deref() {
            Ok("sequential") => editions.iter().map(|&e| one(e, None)).collect(),
            _ => editions.par_iter().map(|&e| one(e, Some(1))).collect(),
        };
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&work);
    }
    // The font lines once (the editions of a plan mostly share their faces), then one line per
    // edition.
    let mut fonts_lines: Vec<String> = Vec::new();
    let mut pdf_lines = Vec::new();
    for r in results {
        for line in r? {
            if line.starts_with("pdf ") {
                pdf_lines.push(line);
            } else if !fonts_lines.contains(&line) {
                fonts_lines.push(line);
            }
        }
    }
    fonts_lines.extend(pdf_lines);
    Ok(fonts_lines)
}

/// The number of pages of a PDF typst wrote: the `/Count` of its page tree (one `/Pages`
/// dictionary).
fn page_count(pdf: &[u8]) -> usize {
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let Some(at) = find(pdf, b"/Type/Pages") else {
        return 0;
    };
    let start = pdf[..at].windows(2).rposition(|w| w == b"<<").unwrap_or(0);
    let end = find(&pdf[at..], b">>").map_or(pdf.len(), |e| at + e);
    let dict = &pdf[start..end];
    find(dict, b"/Count")
        .map(|c| {
            dict[c + 6..]
                .iter()
                .skip_while(|b| b.is_ascii_whitespace())
                .take_while(|b| b.is_ascii_digit())
                .fold(0usize, |n, b| n * 10 + usize::from(b - b'0'))
        })
        .unwrap_or(0)
}

/// Writes the template files (user overrides from `templates/pdf/` win) and the edition JSON,
/// with the faces of the book layout's Noto CJK fonts.
pub fn prepare_root(
    root: &Path,
    plan: &Plan,
    edition: Edition,
    template_dir: Option<&Path>,
) -> Result<(), RenderError> {
    let typst = typst::Typst::locate()?;
    let layout = plan.meta.print.layout;
    let installed =
        fonts::installed_for(layout, &typst.program, &typst.font_dir, &typst.font_dirs())?;
    let choice = choose_fonts(plan, Edition::for_plan(plan), &installed)?;
    let mut doc = edition::document(plan, edition);
    doc["fonts"] = choice.json();
    write_root(root, &doc, edition, template_dir)
}

/// The faces of the plan's layout that cover every character of all its editions (one choice
/// for all, so that the editions look alike).
pub fn choose_fonts(
    plan: &Plan,
    editions: &[Edition],
    installed: &std::collections::BTreeMap<String, std::path::PathBuf>,
) -> Result<fonts::Choice, RenderError> {
    let mut chars = std::collections::BTreeSet::new();
    for &e in editions {
        chars.extend(fonts::characters(&edition::document(plan, e)));
    }
    fonts::choose(plan.meta.print.layout, installed, &chars)
}

/// [`prepare_root`] with the edition's document built (its faces in `fonts`).
fn write_root(
    root: &Path,
    doc: &serde_json::Value,
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
    let json = serde_json::to_string(doc).map_err(|e| {
        RenderError::new(format!(
            "cannot serialise the {} edition: {e}",
            edition.name()
        ))
    })?;
    let path = root.join("edition.json");
    std::fs::write(&path, json).map_err(|e| RenderError::io(&path, e))
}
