//! Value expressions as plans write them, in Chinese and in English:
//! `1500亿元`, `50%左右`, `42%以上`, `突破3000亿元`, `2~3家`, `40:60`, `全省前三`, `年均增长7.5%` /
//! `150 billion yuan`, `about 50%`, `more than 42%`, `2 to 3`, `top three in the province`,
//! `average annual growth of 7.5%`. Parsed into a [`Quantity`] in base units (yuan, not 亿元), so
//! the two languages and the registry can be compared.

use crate::model::ValueKind;

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

/// The scale a unit word carries: `亿元` → 1e8, `万人次` → 1e4, `100 million yuan` → 1e8.
pub fn unit_scale(unit: &str) -> f64 {
    let u = unit.trim();
    if u.starts_with("万亿") {
        return 1e12;
    }
    for (prefix, scale) in [
        ("亿", 1e8),
        ("千万", 1e7),
        ("百万", 1e6),
        ("万", 1e4),
        ("千", 1e3),
    ] {
        if u.starts_with(prefix) {
            return scale;
        }
    }
    let lower = u.to_lowercase();
    for (prefix, scale) in [
        ("100 million", 1e8),
        ("10 million", 1e7),
        ("10 thousand", 1e4),
        ("ten thousand", 1e4),
        ("trillion", 1e12),
        ("billion", 1e9),
        ("million", 1e6),
        ("thousand", 1e3),
    ] {
        if lower.starts_with(prefix) {
            return scale;
        }
    }
    1.0
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

const ZH_ABOUT_SUFFIX: &[&str] = &["左右"];
const ZH_AT_LEAST_SUFFIX: &[&str] = &["以上"];
const ZH_AT_MOST_SUFFIX: &[&str] = &["以内", "以下"];
const ZH_AT_LEAST_PREFIX: &[&str] = &["不低于", "不少于", "超过", "突破", "高于", "大于"];
const ZH_AT_MOST_PREFIX: &[&str] = &["不超过", "不高于", "低于", "控制在"];
const ZH_GROWTH_PREFIX: &[&str] = &["年均增长", "年均增速", "年均提高"];
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

/// Parses a Chinese value expression.
pub fn parse_zh(text: &str) -> Result<Quantity, String> {
    let mut s = text.trim().replace([',', '，', ' '], "");
    let mut kind = ValueKind::Exact;
    let mut about = false;
    let mut growth = false;
    loop {
        let before = s.clone();
        for p in ZH_NOISE_PREFIX {
            if let Some(rest) = s.strip_prefix(p) {
                if *p == "约" {
                    about = true;
                }
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
        if let Some(rest) = strip_any_prefix(&s, ZH_GROWTH_PREFIX) {
            growth = true;
            s = rest;
        }
        if s == before {
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
    // Rank: 全省前三, 全国前10位
    if let Some(i) = s.find('前') {
        let n = &s[i + '前'.len_utf8()..];
        let n = n.trim_end_matches(['位', '名', '强']);
        if let Some(v) = parse_number_zh(n) {
            return Ok(Quantity {
                kind: ValueKind::Rank,
                value: Some(v),
                max: None,
                ratio: None,
                measure: Measure::Amount,
            });
        }
    }
    // Ratio: 40:60
    if let Some((a, b)) = s.split_once([':', '：']) {
        if let (Some(a), Some(b)) = (
            leading_number(a).map(|x| x.0),
            leading_number(b).map(|x| x.0),
        ) {
            return Ok(Quantity {
                kind: ValueKind::Ratio,
                value: None,
                max: None,
                ratio: Some(vec![a, b]),
                measure: Measure::Amount,
            });
        }
    }
    let (value, rest) = number_with_scale_zh(&s).ok_or_else(|| format!("no number in `{text}`"))?;
    // Range: 2~3家, 2-3个, 2至3
    for sep in ['~', '～', '-', '—', '至', '到'] {
        if let Some(after) = rest.strip_prefix(sep) {
            if let Some((max, unit_rest)) = number_with_scale_zh(after) {
                let scale = unit_scale(unit_rest);
                let max_scaled = max * scale;
                // "2~3亿元": the scale of the upper bound applies to both.
                let min_scaled = value * scale;
                return Ok(Quantity {
                    kind: ValueKind::Range,
                    value: Some(min_scaled),
                    max: Some(max_scaled),
                    ratio: None,
                    measure: measure_of_zh(unit_rest),
                });
            }
        }
    }
    Ok(Quantity {
        kind,
        value: Some(value * unit_scale(rest)),
        max: None,
        ratio: None,
        measure: measure_of_zh(rest),
    })
}

fn measure_of_zh(unit: &str) -> Measure {
    if unit.starts_with("个百分点") || unit.starts_with("百分点") {
        Measure::PercentagePoints
    } else if unit.starts_with('%') || unit.starts_with('％') {
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

fn parse_number_zh(s: &str) -> Option<f64> {
    number_with_scale_zh(s).map(|(v, _)| v)
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

fn is_zh_numeral(c: char) -> bool {
    "零〇一二两三四五六七八九十百千".contains(c)
}

/// 三 → 3, 十二 → 12, 二十 → 20, 一百二十 → 120.
pub fn parse_zh_numeral(s: &str) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .find(c)
            .map(|i| (i / 3) as f64)
            .or(if c == '两' {
                Some(2.0)
            } else if c == '〇' {
                Some(0.0)
            } else {
                None
            })
    };
    let mut total = 0.0;
    let mut current = 0.0;
    for c in s.chars() {
        if let Some(d) = digit(c) {
            current = d;
        } else {
            let unit = match c {
                '十' => 10.0,
                '百' => 100.0,
                '千' => 1000.0,
                _ => return None,
            };
            total += if current == 0.0 { 1.0 } else { current } * unit;
            current = 0.0;
        }
    }
    Some(total + current)
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

const EN_ABOUT: &[&str] = &["about", "around", "approximately", "roughly", "some"];
const EN_AT_LEAST: &[&str] = &[
    "more than",
    "over",
    "at least",
    "no less than",
    "not less than",
    "exceeding",
    "exceeds",
    "exceed",
    "surpassing",
    "surpasses",
    "surpass",
    "above",
    "in excess of",
    "upwards of",
];
const EN_AT_MOST: &[&str] = &[
    "at most",
    "no more than",
    "not more than",
    "up to",
    "within",
    "less than",
    "below",
    "under",
];
const EN_NUMBER_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("fifty", 50.0),
    ("hundred", 100.0),
];

/// Parses an English value expression.
pub fn parse_en(text: &str) -> Result<Quantity, String> {
    let lower = text.trim().to_lowercase().replace('\u{a0}', " ");
    let mut s = lower
        .as_str()
        .trim_start_matches("a total of ")
        .trim_start_matches("reach ")
        .trim();
    let mut kind = ValueKind::Exact;
    let mut growth = false;
    for p in [
        "an average annual growth of",
        "average annual growth of",
        "an average annual growth rate of",
        "average annual growth rate of",
        "an average annual rate of",
        "an average annual increase of",
        "average annual increase of",
    ] {
        if let Some(rest) = s.strip_prefix(p) {
            growth = true;
            s = rest.trim();
        }
    }
    if s.contains("average annual growth")
        || s.contains("average annual increase")
        || s.contains("a year on average")
    {
        growth = true;
    }
    if let Some(rest) = EN_ABOUT
        .iter()
        .find_map(|p| s.strip_prefix(p).filter(|r| r.starts_with(' ')))
    {
        kind = ValueKind::About;
        s = rest.trim();
    }
    if let Some(rest) = EN_AT_LEAST
        .iter()
        .find_map(|p| s.strip_prefix(p).filter(|r| r.starts_with(' ')))
    {
        kind = ValueKind::AtLeast;
        s = rest.trim();
    }
    if let Some(rest) = EN_AT_MOST
        .iter()
        .find_map(|p| s.strip_prefix(p).filter(|r| r.starts_with(' ')))
    {
        kind = ValueKind::AtMost;
        s = rest.trim();
    }
    if s.ends_with(" or more") || s.ends_with(" or above") {
        kind = ValueKind::AtLeast;
    }
    if s.ends_with(" or so") {
        kind = ValueKind::About;
    }
    // Rank: "top three", "top 3"
    if let Some(rest) = s
        .strip_prefix("top ")
        .or_else(|| s.strip_prefix("the top "))
    {
        let v = en_number(rest)
            .map(|(v, _)| v)
            .ok_or_else(|| format!("no rank in `{text}`"))?;
        return Ok(Quantity {
            kind: ValueKind::Rank,
            value: Some(v),
            max: None,
            ratio: None,
            measure: Measure::Amount,
        });
    }
    if let Some((a, b)) = s.split_once(':') {
        if let (Some((a, _)), Some((b, _))) = (leading_number(a.trim()), leading_number(b.trim())) {
            return Ok(Quantity {
                kind: ValueKind::Ratio,
                value: None,
                max: None,
                ratio: Some(vec![a, b]),
                measure: Measure::Amount,
            });
        }
    }
    let s = s
        .trim_start_matches("rmb ")
        .trim_start_matches("us$")
        .trim_start_matches('$');
    let (value, rest) = en_number(s).ok_or_else(|| format!("no number in `{text}`"))?;
    let rest = rest.trim_start();
    for sep in ["to ", "- ", "-", "–", "~"] {
        if let Some(after) = rest.strip_prefix(sep) {
            if let Some((max, unit_rest)) = en_number(after.trim_start()) {
                let scale = en_scale(unit_rest.trim_start());
                let min_scale = if en_scale(rest) > 1.0 { 1.0 } else { scale };
                return Ok(Quantity {
                    kind: ValueKind::Range,
                    value: Some(value * min_scale),
                    max: Some(max * scale),
                    ratio: None,
                    measure: measure_of_en(unit_rest),
                });
            }
        }
    }
    let kind = if growth { ValueKind::Growth } else { kind };
    Ok(Quantity {
        kind,
        value: Some(value * en_scale(rest)),
        max: None,
        ratio: None,
        measure: measure_of_en(rest),
    })
}

fn measure_of_en(unit: &str) -> Measure {
    let u = unit.trim_start();
    if u.contains("percentage point") {
        Measure::PercentagePoints
    } else if u.starts_with('%') || u.starts_with("percent") || u.starts_with("per cent") {
        Measure::Percent
    } else {
        Measure::Amount
    }
}

fn en_scale(unit: &str) -> f64 {
    let u = unit.trim_start();
    for (w, scale) in [
        ("trillion", 1e12),
        ("billion", 1e9),
        ("million", 1e6),
        ("thousand", 1e3),
    ] {
        if u.starts_with(w) {
            return scale;
        }
    }
    1.0
}

/// A number in digits (`1,500`, `7.5`) or words (`three`) at the start.
fn en_number(s: &str) -> Option<(f64, &str)> {
    if let Some(r) = leading_number(s) {
        return Some(r);
    }
    EN_NUMBER_WORDS.iter().find_map(|(w, v)| {
        s.strip_prefix(w)
            .filter(|r| r.is_empty() || r.starts_with([' ', '-', ',']))
            .map(|r| (*v, r))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(kind: ValueKind, v: f64, m: Measure) -> Quantity {
        Quantity {
            kind,
            value: Some(v),
            max: None,
            ratio: None,
            measure: m,
        }
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
    fn english_expressions() {
        assert_eq!(
            parse_en("150 billion yuan").unwrap(),
            q(ValueKind::Exact, 1.5e11, Measure::Amount)
        );
        assert_eq!(
            parse_en("about 50%").unwrap(),
            q(ValueKind::About, 50.0, Measure::Percent)
        );
        assert_eq!(
            parse_en("more than 42%").unwrap(),
            q(ValueKind::AtLeast, 42.0, Measure::Percent)
        );
        assert_eq!(
            parse_en("over 300 billion yuan").unwrap(),
            q(ValueKind::AtLeast, 3e11, Measure::Amount)
        );
        assert_eq!(
            parse_en("an average annual growth of 7.5%").unwrap(),
            q(ValueKind::Growth, 7.5, Measure::Percent)
        );
        assert_eq!(
            parse_en("7.5% average annual growth").unwrap(),
            q(ValueKind::Growth, 7.5, Measure::Percent)
        );
        assert_eq!(
            parse_en("an average annual growth rate of more than 20%").unwrap(),
            q(ValueKind::Growth, 20.0, Measure::Percent)
        );
        assert_eq!(
            parse_en("exceeds 100 million person-times").unwrap(),
            q(ValueKind::AtLeast, 1e8, Measure::Amount)
        );
        assert_eq!(
            parse_en("exceeds 800 billion yuan").unwrap(),
            q(ValueKind::AtLeast, 8e11, Measure::Amount)
        );
        assert_eq!(
            parse_en("no less than 60%").unwrap(),
            q(ValueKind::AtLeast, 60.0, Measure::Percent)
        );
        assert_eq!(
            parse_en("an average annual increase of 8.5%").unwrap(),
            q(ValueKind::Growth, 8.5, Measure::Percent)
        );
        assert_eq!(
            parse_en("6.9 percentage points").unwrap(),
            q(ValueKind::Exact, 6.9, Measure::PercentagePoints)
        );
        assert_eq!(
            parse_en("58.002 million visits").unwrap(),
            q(ValueKind::Exact, 5.8002e7, Measure::Amount)
        );
        assert_eq!(
            parse_en("1,500").unwrap(),
            q(ValueKind::Exact, 1500.0, Measure::Amount)
        );
        assert_eq!(
            parse_en("top three in the province").unwrap(),
            q(ValueKind::Rank, 3.0, Measure::Amount)
        );
        let r = parse_en("2 to 3 enterprises").unwrap();
        assert_eq!(
            (r.kind, r.value, r.max),
            (ValueKind::Range, Some(2.0), Some(3.0))
        );
        assert_eq!(parse_en("40:60").unwrap().ratio, Some(vec![40.0, 60.0]));
        assert_eq!(parse_en("four").unwrap().value, Some(4.0));
    }

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
}
