//! Open data: the target registry with resolved locations, as JSON and as CSV (UTF-8 with a
//! byte-order mark, so spreadsheet programs show the Chinese correctly).

use super::RenderError;
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

const CSV_COLUMNS: &[&str] = &[
    "id",
    "indicator_zh",
    "indicator_en",
    "area",
    "unit_zh",
    "unit_en",
    "nature",
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
    let mut out = String::from("\u{feff}");
    out.push_str(&CSV_COLUMNS.join(","));
    out.push_str("\r\n");
    for r in records(plan, index) {
        let t = r.target;
        let loc = |l: &[&Location], lang: Option<Lang>| {
            l.iter()
                .filter(|x| lang.is_none_or(|g| x.lang == g))
                .map(|x| format!("{}/{}#{}", x.lang, x.chapter, x.anchor))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let nature = t.nature.label(Lang::Zh).to_string() + "/" + t.nature.label(Lang::En);
        let kind = serde_json::to_value(t.target.kind)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        let row = [
            t.id.clone(),
            t.indicator.zh.clone(),
            t.indicator.en.clone(),
            t.area.clone(),
            t.unit.zh.clone(),
            t.unit.en.clone(),
            nature,
            t.baseline
                .as_ref()
                .map(|b| b.year.to_string())
                .unwrap_or_default(),
            r.baseline_text
                .as_ref()
                .map(|b| b.zh.clone())
                .unwrap_or_default(),
            r.baseline_text
                .as_ref()
                .map(|b| b.en.clone())
                .unwrap_or_default(),
            t.target.year.to_string(),
            kind,
            r.target_text.zh.clone(),
            r.target_text.en.clone(),
            loc(&r.defined_at, Some(Lang::Zh)),
            loc(&r.defined_at, Some(Lang::En)),
            loc(&r.mentioned_at, None),
        ];
        out.push_str(
            &row.iter()
                .map(|c| csv_field(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

/// RFC 4180 quoting; text starting like a formula (`=`, `+`, `-`, `@`, tab, carriage return) is
/// prefixed with `'` so spreadsheets never evaluate plan text — except a plain number such as `-5`.
fn csv_field(s: &str) -> String {
    let formula_like = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err();
    let s = if formula_like {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
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

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(csv_field("=cmd()"), "'=cmd()");
        assert_eq!(csv_field("-5"), "-5");
        assert_eq!(csv_field("服务业"), "服务业");
    }
}
