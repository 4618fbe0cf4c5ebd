//! Open data: the target registry with resolved locations, as JSON and as CSV (UTF-8 with a
//! byte-order mark, so spreadsheet programs show the Chinese correctly).

use super::RenderError;
use crate::exchange::registry_csv::{kind_name, target_cells, TARGET_COLUMNS};
use crate::exchange::sheet;
use crate::index::{Location, TargetIndex};
use crate::model::{Lang, Plan, Target};
use serde::Serialize;
use std::path::Path;

/// One target as published: the registry entry, its values in words and where it is in the text.
#[derive(Serialize)]
pub struct TargetRecord<'a> {
    #[serde(flatten)]
    pub target: &'a Target,
    pub baseline_text: Option<Texts>,
    pub target_text: Texts,
    pub defined_at: Vec<&'a Location>,
    pub baselines_at: Vec<&'a Location>,
    pub mentioned_at: Vec<&'a Location>,
}

#[derive(Serialize)]
pub struct Texts {
    pub zh: String,
    pub en: String,
}

impl Texts {
    fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

fn texts(target: &Target, v: &crate::model::YearValue) -> Texts {
    Texts {
        zh: crate::present::value::value(target, v, Lang::Zh),
        en: crate::present::value::value(target, v, Lang::En),
    }
}

/// Every target in index order with its resolved locations.
pub fn records<'a>(plan: &'a Plan, index: &'a TargetIndex) -> Vec<TargetRecord<'a>> {
    crate::index::index_order(plan)
        .into_iter()
        .map(|t| {
            let refs = index.get(&t.id);
            TargetRecord {
                target: t,
                baseline_text: t.baseline.as_ref().map(|b| texts(t, b)),
                target_text: texts(t, &t.target),
                defined_at: refs
                    .map(|r| r.definitions.iter().collect())
                    .unwrap_or_default(),
                baselines_at: refs
                    .map(|r| r.baselines.iter().collect())
                    .unwrap_or_default(),
                mentioned_at: refs
                    .map(|r| r.mentions.iter().collect())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Document<'a> {
    plan: &'a str,
    title: &'a crate::model::Localized,
    targets: Vec<TargetRecord<'a>>,
}

pub fn to_json(plan: &Plan, index: &TargetIndex) -> String {
    let doc = Document {
        plan: &plan.meta.id,
        title: &plan.meta.title,
        targets: records(plan, index),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// The columns of targets.csv: the registry's target columns, then the values as readers
/// see them and the places in the text.
const CSV_COLUMNS: [&str; 10] = [
    "baseline_year",
    "baseline_zh",
    "baseline_en",
    "target_year",
    "target_kind",
    "target_zh",
    "target_en",
    "defined_at_zh",
    "defined_at_en",
    "mentioned_at",
];

/// CSV with a header row; locations as `chapter#anchor`, several separated by `; `.
pub fn to_csv(plan: &Plan, index: &TargetIndex) -> String {
    let header: Vec<&str> = TARGET_COLUMNS.iter().chain(&CSV_COLUMNS).copied().collect();
    let rows = records(plan, index).into_iter().map(|r| {
        let t = r.target;
        let loc = |l: &[&Location], lang: Option<Lang>| {
            l.iter()
                .filter(|x| lang.is_none_or(|g| x.lang == g))
                .map(|x| format!("{}/{}#{}", x.lang, x.chapter, x.anchor))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let nature = t.nature.label(Lang::Zh).to_string() + "/" + t.nature.label(Lang::En);
        let text = |v: &Option<Texts>, g: Lang| {
            v.as_ref().map(|b| b.get(g).to_string()).unwrap_or_default()
        };
        let mut row = target_cells(t, nature);
        row.extend([
            t.baseline
                .as_ref()
                .map(|b| b.year.to_string())
                .unwrap_or_default(),
            text(&r.baseline_text, Lang::Zh),
            text(&r.baseline_text, Lang::En),
            t.target.year.to_string(),
            kind_name(t.target.kind),
            r.target_text.zh.clone(),
            r.target_text.en.clone(),
            loc(&r.defined_at, Some(Lang::Zh)),
            loc(&r.defined_at, Some(Lang::En)),
            loc(&r.mentioned_at, None),
        ]);
        row
    });
    sheet::write(&header, rows)
}

/// Writes `targets.json`, `targets.csv` and `plan.json` into `dir`.
pub fn write(plan: &Plan, index: &TargetIndex, dir: &Path) -> Result<(), RenderError> {
    std::fs::create_dir_all(dir).map_err(|e| RenderError::io(dir, e))?;
    for (name, text) in [
        ("targets.json", to_json(plan, index)),
        ("targets.csv", to_csv(plan, index)),
        ("plan.json", super::plan_json::to_json(plan)),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| RenderError::io(&path, e))?;
    }
    Ok(())
}
