//! A target's values as readers of each language write them: `1500亿元（2025年）`,
//! `150 billion yuan (2025)`, `15～20亿元`, `1.5 to 2 billion yuan`. The number formatting and
//! the scale words are `values::display`'s; this adds the years, the range dashes, the bare
//! forms for tables with a unit column, and the indicator's case.

use super::labels::year;
use crate::model::{Lang, Target, YearValue};
use crate::values;

/// A value with its unit: `1500亿元`, `about 50%`, `150 billion yuan` (English carries the
/// scale in words, not `1500 100 million yuan`). The plan's own words, where the index found
/// them, win (`全省前三`).
pub fn value(target: &Target, v: &YearValue, lang: Lang) -> String {
    dashes(&values::display(target, v, lang), lang)
}

/// A value without its unit, for tables that have a unit column: `1500`, `50左右`. The plan's
/// words carry their unit, so where the target has one the number is shown; a rank or a
/// qualitative target has none, and its words stay.
pub fn bare(target: &Target, v: &YearValue, lang: Lang) -> String {
    let mut unitless = target.clone();
    unitless.unit.zh.clear();
    unitless.unit.en.clear();
    let mut v = v.clone();
    if !target.unit.get(lang).is_empty() {
        v.display = None;
        v.stated = None;
    }
    dashes(&values::display(&unitless, &v, lang), lang)
}

/// `1500亿元（2025年）` / `150 billion yuan (2025)`.
pub fn value_at(target: &Target, v: &YearValue, lang: Lang) -> String {
    with_year(value(target, v, lang), v.year, lang)
}

/// `1500（2025年）`: a bare value in a column whose header does not give its year.
pub fn bare_at(target: &Target, v: &YearValue, lang: Lang) -> String {
    with_year(bare(target, v, lang), v.year, lang)
}

/// `text（2025年）` / `text (2025)`.
pub fn with_year(text: String, y: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{text}（{}）", year(y, lang)),
        Lang::En => format!("{text} ({y})"),
    }
}

/// A range's `~` as each language prints it: `15～20` / `15–20`.
pub fn dashes(text: &str, lang: Lang) -> String {
    crate::text::range_dashes(
        text,
        match lang {
            Lang::Zh => '～',
            Lang::En => '–',
        },
    )
}

/// English indicators are written in running-text case (`number of tourists`); headings,
/// table cells and index entries start upper-case.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// 预期性 / `Expected`: a target's nature as a table cell or a label.
pub fn nature(target: &Target, lang: Lang) -> String {
    match lang {
        Lang::Zh => target.nature.label(lang).to_string(),
        Lang::En => capitalize(target.nature.label(lang)),
    }
}

/// The indicator as a heading or a table cell in `lang`.
pub fn indicator(target: &Target, lang: Lang) -> String {
    match lang {
        Lang::Zh => target.indicator.zh.clone(),
        Lang::En => capitalize(&target.indicator.en),
    }
}
