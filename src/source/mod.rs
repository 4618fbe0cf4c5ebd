//! The front end: reads a plan folder into the model, collecting diagnostics on the way.

mod files;
pub mod markdown;
pub mod yaml;

pub use files::MAX_FILE_BYTES;

use crate::diag::{Code, Diagnostic};
use crate::model::{
    Chapter, ChapterPair, Glossary, Lang, Localized, Plan, PlanMeta, SourceMap, Span,
    TargetRegistry,
};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Name of the translation lock file inside the plan folder.
pub const TRANSLATIONS_LOCK: &str = "translations.lock";

/// The folder of a plan that holds the JSON Schemas of its YAML files, written by `plandoc new`
/// and `plandoc import` so that `# yaml-language-server: $schema=schemas/….schema.json` resolves
/// in the user's own plan, wherever it lives.
pub const SCHEMA_DIR: &str = "schemas";

/// The JSON Schemas of the plan's YAML files, as shipped in the repository's `schemas/`.
pub const SCHEMAS: &[(&str, &str)] = &[
    (
        "plan.schema.json",
        include_str!("../../schemas/plan.schema.json"),
    ),
    (
        "targets.schema.json",
        include_str!("../../schemas/targets.schema.json"),
    ),
    (
        "glossary.schema.json",
        include_str!("../../schemas/glossary.schema.json"),
    ),
];

/// The `$schema` comment line of a plan's YAML file (`plan`, `targets`, `glossary`), pointing at
/// the plan's own copy of the schema.
pub fn schema_line(name: &str) -> String {
    format!("# yaml-language-server: $schema={SCHEMA_DIR}/{name}.schema.json\n")
}

/// Writes the schemas into `plan_dir/schemas/`.
pub fn write_schemas(plan_dir: &Path) -> std::io::Result<()> {
    let dir = plan_dir.join(SCHEMA_DIR);
    std::fs::create_dir_all(&dir)?;
    for (name, text) in SCHEMAS {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

/// The plan folder cannot be read at all (a usage error, exit 2).
#[derive(Debug)]
pub struct NoPlan {
    pub message: String,
}

impl std::fmt::Display for NoPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A loaded plan: as much of it as could be read, and what was wrong.
pub struct Loaded {
    pub plan: Plan,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `dir` into a [`Plan`]. Errors in files become diagnostics; only a missing or
/// unreadable folder is fatal.
pub fn load(dir: &Path) -> Result<Loaded, NoPlan> {
    if !dir.is_dir() {
        return Err(NoPlan {
            message: format!(
                "no plan folder at {}\n  help: pass --plan DIR, or create a plan with `plandoc new {}`",
                dir.display(),
                dir.display()
            ),
        });
    }
    let mut sources = SourceMap::default();
    let mut diags = Vec::new();

    let meta =
        load_yaml::<PlanMeta>(dir, "plan.yaml", true, &mut sources, &mut diags).map(|(m, _)| m);
    let targets = load_yaml::<TargetRegistry>(dir, "targets.yaml", true, &mut sources, &mut diags)
        .map(|(t, f)| {
            let mut t: TargetRegistry = t;
            let ids: Vec<&str> = t.targets.iter().map(|t| t.id.as_str()).collect();
            let lines = locate_lines(&sources, f, "id", &ids);
            for (target, line) in t.targets.iter_mut().zip(lines) {
                target.line = line;
            }
            (t, f)
        });
    let glossary = load_yaml::<Glossary>(dir, "glossary.yaml", false, &mut sources, &mut diags)
        .map(|(g, f)| {
            let mut g: Glossary = g;
            let terms: Vec<&str> = g.terms.iter().map(|t| t.zh.as_str()).collect();
            let lines = locate_lines(&sources, f, "zh", &terms);
            for (term, line) in g.terms.iter_mut().zip(lines) {
                term.line = line;
            }
            g
        });
    let translations = load_yaml::<BTreeMap<String, crate::model::LockEntry>>(
        dir,
        TRANSLATIONS_LOCK,
        false,
        &mut sources,
        &mut diags,
    )
    .map(|(t, _)| t)
    .unwrap_or_default();

    let chapters = load_chapters(dir, &mut sources, &mut diags);
    let targets_loaded = targets.is_some();
    let targets = targets.map(|(t, _)| t).unwrap_or_default();

    let plan = Plan {
        meta: meta.unwrap_or_else(placeholder_meta),
        chapters,
        targets,
        targets_loaded,
        glossary: glossary.unwrap_or_default(),
        translations,
        sources,
        chapter_ids: Default::default(),
    };
    Ok(Loaded {
        plan,
        diagnostics: diags,
    })
}

/// Index of a plan file in the source map by its name (`targets.yaml`), if it was read.
pub fn file_index(plan: &Plan, name: &str) -> Option<usize> {
    plan.sources
        .files
        .iter()
        .position(|f| f.path.file_name().is_some_and(|n| n == name))
}

fn locate_lines(sources: &SourceMap, file: usize, key: &str, values: &[&str]) -> Vec<usize> {
    let text = &sources.file(file).text;
    yaml::locate_entries(text, key, values)
        .into_iter()
        .map(|o| o.map_or(0, |o| sources.line_col(file, o).0))
        .collect()
}

fn load_yaml<T: serde::de::DeserializeOwned>(
    dir: &Path,
    name: &str,
    required: bool,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Option<(T, usize)> {
    let path = dir.join(name);
    if !path.exists() {
        if required {
            let id = sources.add(path.clone(), String::new());
            diags.push(
                Diagnostic::error(Code::MissingFile, format!("the plan has no {name}"))
                    .at(Span::new(id, 0, 0), "expected here")
                    .help(format!("create {} (docs/format.md shows its fields; `plandoc new` writes an example)", path.display())),
            );
        }
        return None;
    }
    let file = files::read_source(dir, &path, sources, diags)?;
    let text = sources.file(file).text.clone();
    match yaml::parse::<T>(file, 0, &text) {
        Ok(value) => Some((value, file)),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Finds `chapters/NN-name.{zh,en}.md`, pairs them by stem and parses each.
fn load_chapters(
    dir: &Path,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ChapterPair> {
    let chapters_dir = dir.join("chapters");
    if !chapters_dir.is_dir() {
        let id = sources.add(chapters_dir.clone(), String::new());
        diags.push(
            Diagnostic::error(Code::MissingFile, "the plan has no chapters/ folder")
                .at(Span::new(id, 0, 0), "expected here")
                .help("create chapters/01-name.zh.md and chapters/01-name.en.md"),
        );
        return Vec::new();
    }
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(&chapters_dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();

    // Read in order (the source map's numbering follows the files), parse in parallel: parsing
    // is most of the loading time of a large plan.
    let mut read: Vec<(String, Lang, usize, bool)> = Vec::new();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parsed = name
            .strip_suffix(".md")
            .and_then(|s| s.rsplit_once('.'))
            .and_then(|(stem, lang)| Lang::from_code(lang).map(|l| (stem.to_string(), l)));
        let Some((stem, lang)) = parsed else {
            let id = sources.add(path.clone(), String::new());
            diags.push(
                Diagnostic::warning(
                    Code::ChapterFileName,
                    format!("{name} is not named NN-name.zh.md or NN-name.en.md; it is ignored"),
                )
                .at(Span::new(id, 0, 0), "this file")
                .help("rename it to e.g. 01-foundation.zh.md / 01-foundation.en.md"),
            );
            continue;
        };
        match files::read_source(dir, &path, sources, diags) {
            Some(file) => read.push((stem, lang, file, true)),
            // Unreadable: the file still belongs to its pair, so the pair knows it exists.
            None => read.push((stem, lang, sources.files.len() - 1, false)),
        }
    }
    let sources: &SourceMap = sources;
    let parsed: Vec<(Option<Chapter>, Vec<Diagnostic>)> = read
        .par_iter()
        .map(|(_, lang, file, ok)| {
            let mut found = Vec::new();
            let chapter = ok
                .then(|| {
                    markdown::parse_chapter(*file, &sources.file(*file).text, *lang, &mut found)
                })
                .flatten();
            (chapter, found)
        })
        .collect();

    let mut pairs: Vec<ChapterPair> = Vec::new();
    let mut by_stem: HashMap<String, usize> = HashMap::new();
    for ((stem, lang, file, _), (chapter, found)) in read.into_iter().zip(parsed) {
        diags.extend(found);
        let i = *by_stem.entry(stem.clone()).or_insert_with(|| {
            pairs.push(ChapterPair {
                stem,
                zh: None,
                en: None,
                zh_file: None,
                en_file: None,
            });
            pairs.len() - 1
        });
        let pair = &mut pairs[i];
        match lang {
            Lang::Zh => (pair.zh, pair.zh_file) = (chapter, Some(file)),
            Lang::En => (pair.en, pair.en_file) = (chapter, Some(file)),
        }
    }
    pairs
}

fn placeholder_meta() -> PlanMeta {
    let empty = || Localized {
        zh: String::new(),
        en: String::new(),
    };
    PlanMeta {
        id: "plan".into(),
        title: empty(),
        short_title: None,
        issuer: empty(),
        issue_date: String::new(),
        document_number: None,
        languages: vec![Lang::Zh, Lang::En],
        authoritative: Lang::Zh,
        summary: None,
        keywords: None,
        edition: None,
        notice: None,
        site: Default::default(),
        print: Default::default(),
        parts: Vec::new(),
    }
}
