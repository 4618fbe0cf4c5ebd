//! English value expressions: `150 billion yuan`, `RMB150 bn`, `about 50%`, `more than 42%`,
//! `2 to 3 enterprises`, `between 2 and 3`, `2% to 3%`, `top three in the province`,
//! `an average annual growth of 7.5%`, `7.5% annually`.

use super::{leading_number, range_upper, strip_sign, to_half_width, Measure, Quantity};
use crate::model::ValueKind;

pub(super) const EN_ABOUT: &[&str] = &["about", "around", "approximately", "roughly", "some"];
pub(super) const EN_AT_LEAST: &[&str] = &[
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
pub(super) const EN_AT_MOST: &[&str] = &[
    "at most",
    "no more than",
    "not more than",
    "up to",
    "within",
    "less than",
    "below",
    "under",
];
pub(super) const EN_GROWTH_PREFIX: &[&str] = &[
    "an average annual growth of",
    "average annual growth of",
    "an average annual growth rate of",
    "average annual growth rate of",
    "an average annual rate of",
    "an average annual increase of",
    "average annual increase of",
];
/// After a percent, these make it a rate per year: `7.5% annually`.
pub(super) const EN_PER_YEAR: &[&str] = &[
    "annually",
    "per year",
    "a year",
    "per annum",
    "each year",
    "every year",
];
const EN_CURRENCY: &[&str] = &["rmb", "cny", "us$", "$", "¥", "￥"];
pub(super) const EN_RANGE_SEPARATORS: &[&str] = &["to ", "-", "–", "~"];
/// Scale words after a number; they multiply (`hundred million` → 1e8).
const EN_SCALE_WORDS: &[(&str, f64)] = &[
    ("trillion", 1e12),
    ("billion", 1e9),
    ("million", 1e6),
    ("thousand", 1e3),
    ("hundred", 1e2),
    ("bn", 1e9),
    ("mn", 1e6),
];
/// One-letter abbreviations, read only when glued to the digits (`150m`, `5k`): a spaced `500 m`
/// is more likely metres.
const EN_SCALE_LETTERS: &[(&str, f64)] = &[("m", 1e6), ("k", 1e3)];

/// Parses an English value expression.
pub fn parse_en(text: &str) -> Result<Quantity, String> {
    let lower = to_half_width(text.trim())
        .to_lowercase()
        .replace('\u{a0}', " ");
    let (s, kind, growth) = strip_qualifiers(&lower);
    if let Some(place) = s
        .strip_prefix("top ")
        .or_else(|| s.strip_prefix("the top "))
    {
        let (v, _) = en_number(place).ok_or_else(|| format!("no rank in `{text}`"))?;
        return Ok(Quantity::rank(v));
    }
    if let Some(q) = ratio(s) {
        return Ok(q);
    }
    // `between 2 and 3` is a range whose separator is `and`.
    let (s, separators) = match s.strip_prefix("between ") {
        Some(rest) => (rest, &["and "][..]),
        None => (s, EN_RANGE_SEPARATORS),
    };
    let s = strip_currency(s);
    let (value, rest) = en_number(s).ok_or_else(|| format!("no number in `{text}`"))?;
    if let Some(q) = range(value, rest, separators) {
        return Ok(q);
    }
    let measure = measure_of_en(rest);
    let growth = growth || (measure == Measure::Percent && per_year(rest));
    let kind = if growth { ValueKind::Growth } else { kind };
    Ok(Quantity::single(kind, value * en_scale(rest), measure))
}

/// Strips the words that say how the number bounds the target (`about`, `more than`, `or more`,
/// `average annual growth of`) and the verbs around it; returns what is left, the kind and
/// whether it is a growth rate (growth wins over any bound, as in Chinese).
fn strip_qualifiers(text: &str) -> (&str, ValueKind, bool) {
    let mut s = strip_article(
        text.trim_start_matches("a total of ")
            .trim_start_matches("reach ")
            .trim(),
    );
    let mut kind = ValueKind::Exact;
    let mut growth = false;
    for p in EN_GROWTH_PREFIX {
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
    for (words, k) in [
        (EN_ABOUT, ValueKind::About),
        (EN_AT_LEAST, ValueKind::AtLeast),
        (EN_AT_MOST, ValueKind::AtMost),
    ] {
        if let Some(rest) = strip_word_prefix(s, words) {
            kind = k;
            s = rest;
        }
    }
    if let Some((k, rest)) = strip_sign(s) {
        kind = k;
        s = rest;
    }
    if s.ends_with(" or more") || s.ends_with(" or above") {
        kind = ValueKind::AtLeast;
    }
    if s.ends_with(" or so") {
        kind = ValueKind::About;
    }
    (s, kind, growth)
}

/// `a 7.5% average annual growth`: an article before a number says nothing.
fn strip_article(s: &str) -> &str {
    ["a ", "an "]
        .iter()
        .find_map(|a| s.strip_prefix(a))
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(s)
}

/// The first of `words` that `s` starts with as a whole word, and the rest after it.
fn strip_word_prefix<'a>(s: &'a str, words: &[&str]) -> Option<&'a str> {
    words
        .iter()
        .find_map(|w| s.strip_prefix(w).filter(|r| r.starts_with(' ')))
        .map(str::trim)
}

/// `RMB 150 billion`, `RMB150 billion`, `¥150 billion`: the currency is the unit, not the number.
fn strip_currency(s: &str) -> &str {
    EN_CURRENCY
        .iter()
        .find_map(|c| s.strip_prefix(c))
        .map_or(s, str::trim_start)
}

/// `40:60`.
fn ratio(s: &str) -> Option<Quantity> {
    let (a, b) = s.split_once(':')?;
    let (a, _) = leading_number(a.trim())?;
    let (b, _) = leading_number(b.trim())?;
    Some(Quantity::ratio(vec![a, b]))
}

/// `2 to 3 enterprises`, `2-3 billion yuan`, and with the unit on both bounds `2% to 3%`,
/// `200 million to 300 million yuan`. A bare lower bound takes the upper bound's scale.
fn range(min: f64, rest: &str, separators: &[&str]) -> Option<Quantity> {
    let (lower_unit, max, upper_unit) = range_upper(rest, separators, en_number)?;
    let upper_scale = en_scale(upper_unit);
    let lower_scale = if lower_unit.trim().is_empty() {
        upper_scale
    } else {
        en_scale(lower_unit)
    };
    Some(Quantity::range(
        min * lower_scale,
        max * upper_scale,
        measure_of_en(upper_unit),
    ))
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

/// `% annually`, ` percent per year`: a percent per year is a growth rate, not a share.
fn per_year(unit: &str) -> bool {
    let u = unit.trim_start();
    let u = ["%", "percent", "per cent"]
        .iter()
        .find_map(|p| u.strip_prefix(p))
        .unwrap_or(u)
        .trim_start();
    EN_PER_YEAR.iter().any(|w| starts_with_word(u, w))
}

/// The scale of the words right after a number: ` billion yuan` → 1e9, ` hundred` → 100,
/// `bn` → 1e9, `m` (glued) → 1e6; 1 when there are none.
fn en_scale(unit: &str) -> f64 {
    let glued = !unit.starts_with(char::is_whitespace);
    let mut rest = unit.trim_start();
    let mut scale = 1.0;
    if glued {
        if let Some((w, s)) = EN_SCALE_LETTERS
            .iter()
            .find(|(w, _)| starts_with_word(rest, w))
        {
            return s * en_scale(&rest[w.len()..]);
        }
    }
    while let Some((w, s)) = EN_SCALE_WORDS
        .iter()
        .find(|(w, _)| starts_with_word(rest, w))
    {
        scale *= s;
        rest = rest[w.len()..].trim_start();
    }
    scale
}

/// `s` starts with `word` and the word ends there (`bn yuan`, not `bnx`).
fn starts_with_word(s: &str, word: &str) -> bool {
    s.strip_prefix(word)
        .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
}

/// A number in digits (`1,500`, `7.5`) or words (`three`) at the start.
fn en_number(s: &str) -> Option<(f64, &str)> {
    if let Some(r) = leading_number(s) {
        return Some(r);
    }
    // `hundred` alone is a number here (`hundred-strong`); elsewhere it is a scale word.
    let mut words = crate::text::english::cardinals().chain([("hundred", 100.0)]);
    words.find_map(|(w, v)| {
        s.strip_prefix(w)
            .filter(|r| r.is_empty() || r.starts_with([' ', '-', ',']))
            .map(|r| (v, r))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(kind: ValueKind, v: f64, m: Measure) -> Quantity {
        Quantity::single(kind, v, m)
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
    fn scale_words_and_abbreviations() {
        assert_eq!(en_scale(" hundred million yuan"), 1e8);
        assert_eq!(en_scale("bn yuan"), 1e9);
        assert_eq!(en_scale(" mn visits"), 1e6);
        assert_eq!(en_scale("m yuan"), 1e6);
        assert_eq!(en_scale("k"), 1e3);
        // A spaced single letter is a unit (metres), not a scale; so is `km`.
        assert_eq!(en_scale(" m"), 1.0);
        assert_eq!(en_scale("km"), 1.0);
        assert_eq!(en_scale(" yuan"), 1.0);
    }

    #[test]
    fn a_percent_per_year_is_growth() {
        assert_eq!(
            parse_en("7.5 percent a year").unwrap(),
            q(ValueKind::Growth, 7.5, Measure::Percent)
        );
        // An amount per year is an annual amount, not growth.
        assert_eq!(
            parse_en("100 million visits a year").unwrap().kind,
            ValueKind::Exact
        );
    }
}
