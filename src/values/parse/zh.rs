//! Chinese value expressions: `1500亿元`, `50%左右`, `突破3000亿元`, `不足5%`, `2~3家`,
//! `2亿~3亿元`, `40:60`, `全省前三`, `年均增长7.5%`.

use super::{
    leading_number, range_upper, strip_sign, to_half_width, unit_scale, Measure, Quantity,
};
use crate::model::ValueKind;
use crate::text::is_zh_numeral;
pub use crate::text::parse_zh_numeral;

pub(super) const ZH_ABOUT_SUFFIX: &[&str] = &["左右"];
pub(super) const ZH_AT_LEAST_SUFFIX: &[&str] = &["以上"];
pub(super) const ZH_AT_MOST_SUFFIX: &[&str] = &["以内", "以下"];
// Checked before the at-most prefixes, so `不低于`/`不少于` win over `低于`/`少于`.
pub(super) const ZH_AT_LEAST_PREFIX: &[&str] =
    &["不低于", "不少于", "超过", "突破", "高于", "大于", "超"];
pub(super) const ZH_AT_MOST_PREFIX: &[&str] =
    &["不超过", "不高于", "低于", "少于", "不足", "不到", "控制在"];
pub(super) const ZH_GROWTH_PREFIX: &[&str] = &["年均增长", "年均增速", "年均提高"];
const ZH_NOISE_PREFIX: &[&str] = &[
    "达到",
    "达",
    "实现",
    "为",
    "约",
    "力争",
    "提高到",
    "提高至",
    "增加到",
    "增长到",
    "到",
];
// Full-width `～` is already `~` (see `to_half_width`).
pub(super) const ZH_RANGE_SEPARATORS: &[&str] = &["~", "-", "—", "至", "到"];

/// Parses a Chinese value expression.
pub fn parse_zh(text: &str) -> Result<Quantity, String> {
    let s = to_half_width(text.trim()).replace([',', '，', ' '], "");
    let (s, kind) = strip_qualifiers(s);
    if let Some(q) = rank(&s).or_else(|| ratio(&s)) {
        return Ok(q);
    }
    let (value, rest) = number_with_scale_zh(&s).ok_or_else(|| format!("no number in `{text}`"))?;
    if let Some(q) = range(value, rest) {
        return Ok(q);
    }
    Ok(Quantity::single(
        kind,
        value * unit_scale(rest),
        measure_of_zh(rest),
    ))
}

/// Strips the words that say how the number bounds the target (`不低于`, `以上`, `左右`,
/// `年均增长`) and the verbs around it (`达到`, `力争`); returns what is left and the kind.
fn strip_qualifiers(mut s: String) -> (String, ValueKind) {
    let mut kind = ValueKind::Exact;
    let mut about = false;
    let mut growth = false;
    // Prefixes stack in any order (`力争达到`, `年均增速达`), so strip until none is left.
    loop {
        let before = s.len();
        for p in ZH_NOISE_PREFIX {
            if let Some(rest) = s.strip_prefix(p) {
                about |= *p == "约";
                s = rest.to_string();
            }
        }
        if let Some(rest) = strip_any_prefix(&s, ZH_AT_LEAST_PREFIX) {
            kind = ValueKind::AtLeast;
            s = rest;
        }
        if let Some(rest) = strip_any_prefix(&s, ZH_AT_MOST_PREFIX) {
            kind = ValueKind::AtMost;
            s = rest;
        }
        if let Some((k, rest)) = strip_sign(&s) {
            kind = k;
            s = rest.to_string();
        }
        if let Some(rest) = strip_any_prefix(&s, ZH_GROWTH_PREFIX) {
            growth = true;
            s = rest;
        }
        if s.len() == before {
            break;
        }
    }
    if let Some(rest) = strip_any_suffix(&s, ZH_ABOUT_SUFFIX) {
        about = true;
        s = rest;
    }
    if let Some(rest) = strip_any_suffix(&s, ZH_AT_LEAST_SUFFIX) {
        kind = ValueKind::AtLeast;
        s = rest;
    }
    if let Some(rest) = strip_any_suffix(&s, ZH_AT_MOST_SUFFIX) {
        kind = ValueKind::AtMost;
        s = rest;
    }
    if about && kind == ValueKind::Exact {
        kind = ValueKind::About;
    }
    // A growth rate stays a growth rate even when bounded (年均增速达20%以上), as in English
    // ("an average annual growth rate of more than 20%"): the registry has no bounded growth.
    if growth {
        kind = ValueKind::Growth;
    }
    (s, kind)
}

/// `全省前三`, `全国前10位`.
fn rank(s: &str) -> Option<Quantity> {
    let (_, place) = s.split_once('前')?;
    let place = place.trim_end_matches(['位', '名', '强']);
    number_with_scale_zh(place).map(|(v, _)| Quantity::rank(v))
}

/// `40:60`.
fn ratio(s: &str) -> Option<Quantity> {
    let (a, b) = s.split_once(':')?;
    let (a, _) = leading_number(a)?;
    let (b, _) = leading_number(b)?;
    Some(Quantity::ratio(vec![a, b]))
}

/// `2~3家`, `2至3个`, and with the unit on both bounds `2%~3%`, `2亿~3亿元`. A bare lower bound
/// takes the upper bound's scale: `2~3亿元` is 2亿 to 3亿.
fn range(min: f64, rest: &str) -> Option<Quantity> {
    let (lower_unit, max, upper_unit) =
        range_upper(rest, ZH_RANGE_SEPARATORS, number_with_scale_zh)?;
    let upper_scale = unit_scale(upper_unit);
    let lower_scale = if lower_unit.is_empty() {
        upper_scale
    } else {
        unit_scale(lower_unit)
    };
    Some(Quantity::range(
        min * lower_scale,
        max * upper_scale,
        measure_of_zh(upper_unit),
    ))
}

fn measure_of_zh(unit: &str) -> Measure {
    if unit.starts_with("个百分点") || unit.starts_with("百分点") {
        Measure::PercentagePoints
    } else if unit.starts_with('%') {
        Measure::Percent
    } else {
        Measure::Amount
    }
}

/// A number (digits or Chinese numerals) at the start; returns it and the rest.
fn number_with_scale_zh(s: &str) -> Option<(f64, &str)> {
    if let Some((v, rest)) = leading_number(s) {
        return Some((v, rest));
    }
    let end = s
        .char_indices()
        .find(|(_, c)| !is_zh_numeral(*c))
        .map_or(s.len(), |(i, _)| i);
    let v = parse_zh_numeral(&s[..end])?;
    Some((v, &s[end..]))
}

fn strip_any_prefix(s: &str, prefixes: &[&str]) -> Option<String> {
    prefixes
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .map(str::to_string)
}

fn strip_any_suffix(s: &str, suffixes: &[&str]) -> Option<String> {
    suffixes
        .iter()
        .find_map(|p| s.strip_suffix(p))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(kind: ValueKind, v: f64, m: Measure) -> Quantity {
        Quantity::single(kind, v, m)
    }

    #[test]
    fn chinese_expressions() {
        assert_eq!(
            parse_zh("1500亿元").unwrap(),
            q(ValueKind::Exact, 1.5e11, Measure::Amount)
        );
        assert_eq!(
            parse_zh("50%左右").unwrap(),
            q(ValueKind::About, 50.0, Measure::Percent)
        );
        assert_eq!(
            parse_zh("42%以上").unwrap(),
            q(ValueKind::AtLeast, 42.0, Measure::Percent)
        );
        assert_eq!(
            parse_zh("超过60%").unwrap(),
            q(ValueKind::AtLeast, 60.0, Measure::Percent)
        );
        assert_eq!(
            parse_zh("突破3000亿元").unwrap(),
            q(ValueKind::AtLeast, 3e11, Measure::Amount)
        );
        assert_eq!(
            parse_zh("年均增长7.5%").unwrap(),
            q(ValueKind::Growth, 7.5, Measure::Percent)
        );
        assert_eq!(
            parse_zh("年均增速达20%以上").unwrap(),
            q(ValueKind::Growth, 20.0, Measure::Percent)
        );
        assert_eq!(
            parse_zh("突破1亿人次").unwrap(),
            q(ValueKind::AtLeast, 1e8, Measure::Amount)
        );
        assert_eq!(
            parse_zh("不低于60%").unwrap(),
            q(ValueKind::AtLeast, 60.0, Measure::Percent)
        );
        assert_eq!(
            parse_zh("20家以上").unwrap(),
            q(ValueKind::AtLeast, 20.0, Measure::Amount)
        );
        assert_eq!(
            parse_zh("6.9个百分点").unwrap(),
            q(ValueKind::Exact, 6.9, Measure::PercentagePoints)
        );
        assert_eq!(
            parse_zh("5800.2万人次").unwrap(),
            q(ValueKind::Exact, 5.8002e7, Measure::Amount)
        );
        assert_eq!(
            parse_zh("400家").unwrap(),
            q(ValueKind::Exact, 400.0, Measure::Amount)
        );
        assert_eq!(
            parse_zh("全省前三").unwrap(),
            q(ValueKind::Rank, 3.0, Measure::Amount)
        );
        let r = parse_zh("2~3家").unwrap();
        assert_eq!(
            (r.kind, r.value, r.max),
            (ValueKind::Range, Some(2.0), Some(3.0))
        );
        assert_eq!(parse_zh("40:60").unwrap().ratio, Some(vec![40.0, 60.0]));
        assert_eq!(parse_zh("4个").unwrap().value, Some(4.0));
        assert_eq!(parse_zh("三个").unwrap().value, Some(3.0));
        assert!(parse_zh("若干").is_err());
    }

    #[test]
    fn less_than_and_full_width_forms() {
        assert_eq!(
            parse_zh("不足5%").unwrap(),
            q(ValueKind::AtMost, 5.0, Measure::Percent)
        );
        assert_eq!(
            parse_zh("不少于5%").unwrap(),
            q(ValueKind::AtLeast, 5.0, Measure::Percent)
        );
        assert_eq!(
            parse_zh("２．５％左右").unwrap(),
            q(ValueKind::About, 2.5, Measure::Percent)
        );
    }

    #[test]
    fn ranges_with_a_unit_on_each_bound() {
        let r = parse_zh("2亿~3亿元").unwrap();
        assert_eq!((r.value, r.max), (Some(2e8), Some(3e8)));
        let r = parse_zh("2~3亿元").unwrap();
        assert_eq!((r.value, r.max), (Some(2e8), Some(3e8)));
        // Different units on the bounds are not a range this parser understands.
        assert_eq!(parse_zh("2家~3%").unwrap().kind, ValueKind::Exact);
    }
}
