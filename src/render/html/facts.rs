//! What the site says about a target, in words: values, tooltips, areas, places in the text.

use super::labels::{label, year};
use super::urls;
use crate::index::Location;
use crate::model::{Lang, Plan, Target, ValueKind, YearValue};
use crate::values;

/// A value with its unit, as the plan writes it: `1500亿元`, `about 50%`.
pub fn value(target: &Target, v: &YearValue, lang: Lang) -> String {
    values::display(target, v, lang)
}

/// A value without its unit, for tables that have a unit column: `1500`, `50左右`.
pub fn bare_value(target: &Target, v: &YearValue, lang: Lang) -> String {
    let mut unitless = target.clone();
    unitless.unit.zh.clear();
    unitless.unit.en.clear();
    values::display(&unitless, v, lang)
}

/// `1500亿元（2025年）` / `150 billion yuan (2025)`.
pub fn value_at(target: &Target, v: &YearValue, lang: Lang) -> String {
    let text = value(target, v, lang);
    match lang {
        Lang::Zh => format!("{text}（{}）", year(v.year, lang)),
        Lang::En => format!("{text} ({})", v.year),
    }
}

/// The tooltip of a tagged target: indicator, target with year, baseline with year.
pub fn tip(target: &Target, lang: Lang) -> String {
    let mut parts = vec![
        format!("{}{}", label(lang, "target"), sep(lang)) + &value_at(target, &target.target, lang),
    ];
    if let Some(b) = &target.baseline {
        parts.push(format!(
            "{}{}{}",
            label(lang, "baseline"),
            sep(lang),
            value_at(target, b, lang)
        ));
    }
    let indicator = target.indicator.get(lang);
    match lang {
        Lang::Zh => format!("{indicator}｜{}", parts.join("；")),
        Lang::En => format!("{} — {}", capitalize(indicator), parts.join("; ")),
    }
}

fn sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}

/// English indicators are written in running-text case; headings and tables start upper-case.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The indicator as a heading in `lang`.
pub fn indicator(target: &Target, lang: Lang) -> String {
    match lang {
        Lang::Zh => target.indicator.zh.clone(),
        Lang::En => capitalize(&target.indicator.en),
    }
}

/// Does the target have a number that can be charted?
pub fn is_numeric(v: &YearValue) -> bool {
    v.value.is_some()
        && !matches!(
            v.kind,
            ValueKind::Ratio | ValueKind::Rank | ValueKind::Qualitative | ValueKind::Growth
        )
}

/// A place in the text as a link from `page`: (href, "chapter · section").
pub fn place(loc: &Location, page: &str) -> (String, String) {
    let href = format!(
        "{}#{}",
        urls::rel(page, &urls::chapter(loc.lang, &loc.chapter)),
        loc.anchor
    );
    let text = match &loc.section_title {
        Some(section) => format!("{} · {}", loc.chapter_title, section),
        None => loc.chapter_title.clone(),
    };
    (href, text)
}

/// The title of an area (a chapter or section ID) in `lang`, and where it is.
pub fn area(plan: &Plan, area: &str, lang: Lang) -> (String, Option<String>) {
    for pair in &plan.chapters {
        let Some(ch) = pair.get(lang).or(pair.get(lang.other())) else {
            continue;
        };
        if ch.id == area {
            return (ch.title.clone(), Some(urls::chapter(lang, &ch.id)));
        }
        if let Some(h) = ch.headings.iter().find(|h| h.id.as_deref() == Some(area)) {
            return (
                h.text.clone(),
                Some(format!("{}#{}", urls::chapter(lang, &ch.id), area)),
            );
        }
    }
    (area.to_string(), None)
}

/// The main indicators (主要指标): the targets of the first area in index order — the plan's
/// objectives section. All targets when that area holds only one.
pub fn main_indicators(plan: &Plan) -> Vec<&Target> {
    let ordered = crate::index::index_order(plan);
    let Some(first) = ordered.first() else {
        return Vec::new();
    };
    let main: Vec<&Target> = ordered
        .iter()
        .copied()
        .filter(|t| t.area == first.area)
        .collect();
    if main.len() < 2 {
        ordered
    } else {
        main
    }
}
