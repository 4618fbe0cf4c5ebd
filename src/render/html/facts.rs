//! What the site says about a target, in words: values, tooltips, areas, places in the text.

use super::labels::{label, year};
use super::urls;
use crate::index::Location;
use crate::model::{Lang, Plan, Target, ValueKind, YearValue};
use crate::values;

/// A value with its unit, as the plan writes it: `1500亿元`, `about 50%`, and in English with
/// the scale English readers use (`150 billion yuan`, not `1500 100 million yuan`).
pub fn value(target: &Target, v: &YearValue, lang: Lang) -> String {
    if lang == Lang::En {
        if let Some((t, v)) = english_scale(target, v) {
            return values::display(&t, &v, lang);
        }
    }
    values::display(target, v, lang)
}

/// A registry unit like `100 million yuan` or `10 thousand visitors` restated in billions or
/// millions for one value. `None` when the unit has no such scale or the value is not a plain
/// number.
fn english_scale(target: &Target, v: &YearValue) -> Option<(Target, YearValue)> {
    let unit = target.unit.en.trim();
    let scale = values::parse::unit_scale(unit);
    let prefix = ["100 million", "10 million", "10 thousand", "ten thousand"]
        .into_iter()
        .find(|p| unit.to_lowercase().starts_with(p))?;
    if !matches!(
        v.kind,
        ValueKind::Exact
            | ValueKind::About
            | ValueKind::AtLeast
            | ValueKind::AtMost
            | ValueKind::Range
    ) {
        return None;
    }
    let rest = unit[prefix.len()..].trim();
    let base = v.value? * scale;
    let (div, word) = if base.abs() >= 1e9 {
        (1e9, "billion")
    } else if base.abs() >= 1e6 {
        (1e6, "million")
    } else {
        (1.0, "")
    };
    let round = |x: f64| (x * scale / div * 1e6).round() / 1e6;
    let mut t = target.clone();
    t.unit.en = [word, rest]
        .iter()
        .filter(|w| !w.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let mut v = v.clone();
    v.value = v.value.map(round);
    v.max = v.max.map(round);
    Some((t, v))
}

/// A plain number at a year (a recorded progress value, a chart point).
pub fn exact(year: i32, value: f64) -> YearValue {
    YearValue {
        year,
        kind: ValueKind::Exact,
        value: Some(value),
        max: None,
        ratio: None,
        text: None,
        display: None,
        stated: None,
    }
}

/// A value without its unit, for tables that have a unit column: `1500`, `50左右`.
pub fn bare_value(target: &Target, v: &YearValue, lang: Lang) -> String {
    let mut unitless = target.clone();
    unitless.unit.zh.clear();
    unitless.unit.en.clear();
    // The plan's words carry their unit: where the target has one, a table with a unit column
    // shows the number (a rank or a qualitative target has none: its words stay).
    let mut v = v.clone();
    if !target.unit.get(lang).is_empty() {
        v.display = None;
        v.stated = None;
    }
    values::display(&unitless, &v, lang)
}

/// `1500亿元（2025年）` / `150 billion yuan (2025)`.
pub fn value_at(target: &Target, v: &YearValue, lang: Lang) -> String {
    with_year(value(target, v, lang), v, lang)
}

/// `1500（2025年）`: for tables with a unit column whose rows have different years.
pub fn bare_value_at(target: &Target, v: &YearValue, lang: Lang) -> String {
    with_year(bare_value(target, v, lang), v, lang)
}

fn with_year(text: String, v: &YearValue, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{text}（{}）", year(v.year, lang)),
        Lang::En => format!("{text} ({})", v.year),
    }
}

/// `label：value` / `Label: value`.
pub fn labeled(lang: Lang, key: &str, value: &str) -> String {
    format!("{}{}{value}", label(lang, key), sep(lang))
}

/// The tooltip of a tagged target: indicator, target with year, baseline with year.
pub fn tip(target: &Target, lang: Lang) -> String {
    let mut parts = vec![labeled(
        lang,
        "target",
        &value_at(target, &target.target, lang),
    )];
    if let Some(b) = &target.baseline {
        parts.push(labeled(lang, "baseline", &value_at(target, b, lang)));
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
