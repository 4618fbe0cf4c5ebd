//! Value expressions as plans write them, in Chinese and in English:
//! `1500亿元`, `50%左右`, `42%以上`, `突破3000亿元`, `2~3家`, `40:60`, `全省前三`, `年均增长7.5%` /
//! `150 billion yuan`, `about 50%`, `more than 42%`, `2 to 3`, `top three in the province`,
//! `average annual growth of 7.5%`. Parsed into a [`Quantity`] in base units (yuan, not 亿元), so
//! the two languages and the registry can be compared.
//!
//! Each language has its own module ([`zh`], [`en`]); what both share (the result type, unit
//! scales, digits, ranges) lives here.

mod en;
mod zh;

pub use en::parse_en;

/// Signs that bound a value in either language (`≥21`, `>6`, `＜6` once folded to half width),
/// longest first.
const SIGNS: &[(&str, ValueKind)] = &[
    (">=", ValueKind::AtLeast),
    ("<=", ValueKind::AtMost),
    ("≥", ValueKind::AtLeast),
    ("≧", ValueKind::AtLeast),
    (">", ValueKind::AtLeast),
    ("≤", ValueKind::AtMost),
    ("≦", ValueKind::AtMost),
    ("<", ValueKind::AtMost),
];

/// A leading sign and what it says, and the text after it.
fn strip_sign(s: &str) -> Option<(ValueKind, &str)> {
    SIGNS
        .iter()
        .find_map(|(sign, kind)| s.strip_prefix(sign).map(|rest| (*kind, rest.trim_start())))
}

/// Does a value expression name its own unit or scale (`1500亿元`, `50%`, `150 billion`)? A
/// bare number (`1500`, `≥21`) in a table cell is read in the unit of the registry entry.
pub fn is_bare_number(text: &str) -> bool {
    let t = to_half_width(text.trim()).to_lowercase();
    let qualifier_chars = "左右以上下内约不低于少超过突破达到";
    let names_unit = t.contains('%')
        || t.chars()
            .any(|c| c > '\u{2e80}' && !qualifier_chars.contains(c))
        || ["illion", "thousand", "percent", "per cent", "yuan", "point"]
            .iter()
            .any(|w| t.contains(w));
    !names_unit && t.chars().any(|c| c.is_ascii_digit())
}
pub use zh::{parse_zh, parse_zh_numeral};

use crate::model::ValueKind;

/// The words the parsers read as each kind of value, in one language: what
/// docs/format.md's table of target kinds lists (tests/doc_examples.rs checks that the table
/// is this list). `…` stands for the number (with its unit). Exact values take no words
/// (`达到`, `实现` and the like before a number are filler in any kind).
pub fn wording(kind: ValueKind, lang: crate::model::Lang) -> Vec<String> {
    use crate::model::Lang;
    let before = |w: &[&str]| w.iter().map(|w| format!("{w} …")).collect::<Vec<_>>();
    let before_zh = |w: &[&str]| w.iter().map(|w| format!("{w}…")).collect::<Vec<_>>();
    let after_zh = |w: &[&str]| w.iter().map(|w| format!("…{w}")).collect::<Vec<_>>();
    let signs = |k: ValueKind| {
        SIGNS
            .iter()
            .filter(|(_, sk)| *sk == k)
            .map(|(s, _)| format!("{s}…"))
            .collect::<Vec<_>>()
    };
    let seps = |w: &[&str], zh: bool| {
        w.iter()
            .map(|s| {
                if zh {
                    format!("…{}…", s.trim())
                } else {
                    format!("… {} …", s.trim())
                }
            })
            .collect::<Vec<_>>()
    };
    match (kind, lang) {
        (ValueKind::Exact, _) | (ValueKind::Qualitative, _) => Vec::new(),
        (ValueKind::About, Lang::Zh) => {
            [after_zh(zh::ZH_ABOUT_SUFFIX), vec!["约…".into()]].concat()
        }
        (ValueKind::About, Lang::En) => before(en::EN_ABOUT),
        (ValueKind::AtLeast, Lang::Zh) => [
            before_zh(zh::ZH_AT_LEAST_PREFIX),
            after_zh(zh::ZH_AT_LEAST_SUFFIX),
            signs(ValueKind::AtLeast),
        ]
        .concat(),
        (ValueKind::AtLeast, Lang::En) => {
            [before(en::EN_AT_LEAST), signs(ValueKind::AtLeast)].concat()
        }
        (ValueKind::AtMost, Lang::Zh) => [
            before_zh(zh::ZH_AT_MOST_PREFIX),
            after_zh(zh::ZH_AT_MOST_SUFFIX),
            signs(ValueKind::AtMost),
        ]
        .concat(),
        (ValueKind::AtMost, Lang::En) => {
            [before(en::EN_AT_MOST), signs(ValueKind::AtMost)].concat()
        }
        (ValueKind::Range, Lang::Zh) => seps(zh::ZH_RANGE_SEPARATORS, true),
        (ValueKind::Range, Lang::En) => [
            seps(en::EN_RANGE_SEPARATORS, false),
            vec!["between … and …".into()],
        ]
        .concat(),
        (ValueKind::Ratio, _) => vec!["…:…".into()],
        (ValueKind::Rank, Lang::Zh) => vec!["(scope)前…".into()],
        (ValueKind::Rank, Lang::En) => vec!["top … (scope)".into(), "the top … (scope)".into()],
        (ValueKind::Growth, Lang::Zh) => before_zh(zh::ZH_GROWTH_PREFIX),
        (ValueKind::Growth, Lang::En) => [
            before(en::EN_GROWTH_PREFIX),
            en::EN_PER_YEAR.iter().map(|w| format!("…% {w}")).collect(),
        ]
        .concat(),
    }
}

/// What a number counts, coarse enough to compare across languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Percent,
    PercentagePoints,
    /// Money, people, visits, enterprises … (anything else with a scale): compared by value only.
    Amount,
}

/// A parsed value expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub kind: ValueKind,
    /// In base units (亿 and billion already applied); for a range the lower bound.
    pub value: Option<f64>,
    pub max: Option<f64>,
    pub ratio: Option<Vec<f64>>,
    pub measure: Measure,
}

impl Quantity {
    /// One number with how it bounds the target: exact, about, at least, at most or growth.
    fn single(kind: ValueKind, value: f64, measure: Measure) -> Self {
        Quantity {
            kind,
            value: Some(value),
            max: None,
            ratio: None,
            measure,
        }
    }

    fn range(min: f64, max: f64, measure: Measure) -> Self {
        Quantity {
            max: Some(max),
            ..Quantity::single(ValueKind::Range, min, measure)
        }
    }

    /// `40:60`: the parts only, no value.
    fn ratio(parts: Vec<f64>) -> Self {
        Quantity {
            kind: ValueKind::Ratio,
            value: None,
            max: None,
            ratio: Some(parts),
            measure: Measure::Amount,
        }
    }

    /// `全省前三` / `top three`: the place, compared unscaled.
    fn rank(place: f64) -> Self {
        Quantity::single(ValueKind::Rank, place, Measure::Amount)
    }
}

/// The scale a unit word carries: `亿元` → 1e8, `万人次` → 1e4, `100 million yuan` → 1e8.
pub fn unit_scale(unit: &str) -> f64 {
    crate::text::scale::of_unit(unit)
}

/// The measure a registry unit stands for.
pub fn unit_measure(unit: &str) -> Measure {
    let u = unit.to_lowercase();
    if u.contains("百分点") || u.contains("percentage point") {
        Measure::PercentagePoints
    } else if u.contains('%') || u.contains("percent") {
        Measure::Percent
    } else {
        Measure::Amount
    }
}

/// Digits with an optional decimal part at the start of `s`.
pub fn leading_number(s: &str) -> Option<(f64, &str)> {
    let end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ','))
        .map_or(s.len(), |(i, _)| i);
    let digits = s[..end].trim_end_matches('.').replace(',', "");
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let used = s[..end].trim_end_matches('.').len();
    digits.parse().ok().map(|v| (v, &s[used..]))
}

use crate::text::to_half_width;

/// The upper bound of a range, in `rest`, the text after the lower bound's number: `~3家`,
/// ` to 3 enterprises`, and with the unit or scale written on both bounds `%~3%`, `亿~3亿元`,
/// ` million to 3 million yuan`. Returns the lower bound's own unit (empty when only the upper
/// bound has one), the upper number and the upper bound's unit.
///
/// The lower bound's unit must be one the upper bound repeats, so a separator inside a unit
/// (`person-times`) is not taken for a range.
fn range_upper<'a>(
    rest: &'a str,
    separators: &[&str],
    number: impl Fn(&'a str) -> Option<(f64, &'a str)>,
) -> Option<(&'a str, f64, &'a str)> {
    separators.iter().find_map(|sep| {
        let (lower_unit, after) = rest.split_once(sep)?;
        let lower_unit = lower_unit.trim_end();
        let (max, upper_unit) = number(after.trim_start())?;
        upper_unit
            .trim_start()
            .starts_with(lower_unit.trim_start())
            .then_some((lower_unit, max, upper_unit))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_and_scales() {
        assert_eq!(parse_zh_numeral("十二"), Some(12.0));
        assert_eq!(parse_zh_numeral("二十"), Some(20.0));
        assert_eq!(parse_zh_numeral("一百二十"), Some(120.0));
        assert_eq!(unit_scale("亿元"), 1e8);
        assert_eq!(unit_scale("100 million yuan"), 1e8);
        assert_eq!(unit_scale("万人次"), 1e4);
        assert_eq!(unit_scale("%"), 1.0);
    }

    #[test]
    fn full_width_digits_read_as_ascii() {
        assert_eq!(to_half_width("１５００．５亿元"), "1500.5亿元");
        assert_eq!(to_half_width("２％～３％"), "2%~3%");
        assert_eq!(to_half_width("＞40"), ">40");
    }

    #[test]
    fn a_range_needs_the_lower_unit_repeated() {
        let upper = |rest| range_upper(rest, &["~", "-"], leading_number);
        assert_eq!(upper("~3家"), Some(("", 3.0, "家")));
        assert_eq!(upper("%~3%"), Some(("%", 3.0, "%")));
        assert_eq!(upper("亿~3亿元"), Some(("亿", 3.0, "亿元")));
        assert_eq!(upper("家~3%"), None);
        assert_eq!(upper(" person-3times"), None);
    }
}
