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
    // Every file is read first, in a fixed order (the source map's numbering follows it), then
    // all of them are parsed in parallel: translations.lock and the chapters are most of the
    // loading time of a large plan. Findings keep the order of the files.
    let mut sources = SourceMap::default();
    let mut found: [Vec<Diagnostic>; 4] = Default::default();
    let [meta_d, targets_d, glossary_d, lock_d] = &mut found;
    let meta_f = read_yaml(dir, "plan.yaml", true, &mut sources, meta_d);
    let targets_f = read_yaml(dir, "targets.yaml", true, &mut sources, targets_d);
    let glossary_f = read_yaml(dir, "glossary.yaml", false, &mut sources, glossary_d);
    let lock_f = read_yaml(dir, TRANSLATIONS_LOCK, false, &mut sources, lock_d);
    let mut chapters_d = Vec::new();
    let chapter_files = read_chapters(dir, &mut sources, &mut chapters_d);

    let sources_ref = &sources;
    let ((meta, targets), ((glossary, translations), (chapters, chapters_parse_d))) = rayon::join(
        || {
            rayon::join(
                || parse_yaml::<PlanMeta>(sources_ref, meta_f),
                || {
                    parse_yaml::<TargetRegistry>(sources_ref, targets_f).map_ok(|mut t, f| {
                        let ids: Vec<&str> = t.targets.iter().map(|t| t.id.as_str()).collect();
                        let lines = locate_lines(sources_ref, f, "id", &ids);
                        for (target, line) in t.targets.iter_mut().zip(lines) {
                            target.line = line;
                        }
                        t
                    })
                },
            )
        },
        || {
            rayon::join(
                || {
                    rayon::join(
                        || {
                            parse_yaml::<Glossary>(sources_ref, glossary_f).map_ok(|mut g, f| {
                                let terms: Vec<&str> =
                                    g.terms.iter().map(|t| t.zh.as_str()).collect();
                                let lines = locate_lines(sources_ref, f, "zh", &terms);
                                for (term, line) in g.terms.iter_mut().zip(lines) {
                                    term.line = line;
                                }
                                g
                            })
                        },
                        || {
                            parse_yaml::<BTreeMap<String, crate::model::LockEntry>>(
                                sources_ref,
                                lock_f,
                            )
                        },
                    )
                },
                || parse_chapters(chapter_files, sources_ref),
            )
        },
    );
    let mut diags = Vec::new();
    let [meta_d, targets_d, glossary_d, lock_d] = found;
    let meta = meta.into_value(meta_d, &mut diags).map(|(m, _)| m);
    let targets = targets.into_value(targets_d, &mut diags);
    let glossary = glossary.into_value(glossary_d, &mut diags).map(|(g, _)| g);
    let translations = translations
        .into_value(lock_d, &mut diags)
        .map(|(t, _)| t)
        .unwrap_or_default();
    diags.extend(chapters_d);
    diags.extend(chapters_parse_d);
    let targets_loaded = targets.is_some();
    let targets = targets.map(|(t, _)| t).unwrap_or_default();

    let plan = Plan {
        meta: meta.unwrap_or_else(placeholder_meta),
        chapters,
        targets,
        targets_loaded,
        glossary: glossary.unwrap_or_default(),
        translations: std::sync::Arc::new(translations),
        sources: std::sync::Arc::new(sources),
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

/// Reads a YAML file of the plan into the source map: its index, or `None` when it is
/// missing (an error if `required`) or unreadable.
fn read_yaml(
    dir: &Path,
    name: &str,
    required: bool,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Option<usize> {
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
    files::read_source(dir, &path, sources, diags)
}

/// A YAML file parsed (with its index in the source map), or why not.
enum Parsed<T> {
    /// Missing or unreadable (already reported).
    None,
    Ok(T, usize),
    Err(Diagnostic),
}

impl<T> Parsed<T> {
    fn map_ok<U>(self, f: impl FnOnce(T, usize) -> U) -> Parsed<U> {
        match self {
            Parsed::None => Parsed::None,
            Parsed::Err(d) => Parsed::Err(d),
            Parsed::Ok(v, file) => Parsed::Ok(f(v, file), file),
        }
    }

    /// The value, with the reading findings `read` and the parse error (if any) appended to
    /// `diags` in that order.
    fn into_value(self, read: Vec<Diagnostic>, diags: &mut Vec<Diagnostic>) -> Option<(T, usize)> {
        diags.extend(read);
        match self {
            Parsed::None => None,
            Parsed::Ok(v, file) => Some((v, file)),
            Parsed::Err(d) => {
                diags.push(d);
                None
            }
        }
    }
}

fn parse_yaml<T: serde::de::DeserializeOwned>(
    sources: &SourceMap,
    file: Option<usize>,
) -> Parsed<T> {
    let Some(file) = file else {
        return Parsed::None;
    };
    match yaml::parse::<T>(file, 0, &sources.file(file).text) {
        Ok(value) => Parsed::Ok(value, file),
        Err(d) => Parsed::Err(d),
    }
}

/// A chapter file read: its stem, language, index in the source map, and whether it could be
/// read.
type ChapterFile = (String, Lang, usize, bool);

/// Finds `chapters/NN-name.{zh,en}.md` and reads each into the source map, in file order.
fn read_chapters(
    dir: &Path,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ChapterFile> {
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

    let mut read: Vec<ChapterFile> = Vec::new();
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
    read
}

/// Parses the chapter files (in parallel) and pairs them by stem; the findings in file order.
fn parse_chapters(
    read: Vec<ChapterFile>,
    sources: &SourceMap,
) -> (Vec<ChapterPair>, Vec<Diagnostic>) {
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

    let mut diags = Vec::new();
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
    (pairs, diags)
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
