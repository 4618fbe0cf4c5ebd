//! Property tests of the value-expression parsers: a value written the way plans write it, in
//! Chinese or English — any bound (exact, about, at least, at most, range, growth), any scale
//! (亿/万/none, billion/million/none), a percent, percentage points or an amount — parses back to
//! the same kind, the same value in base units (within 1e-9, relative) and the same measure.
//!
//! The expressions are written by the small formatter below, not by `values::display`, so a bug
//! shared by the display and the parser cannot hide itself.

use plandoc::model::ValueKind;
use plandoc::values::{parse_en, parse_zh, Measure, Quantity};
use proptest::prelude::*;

/// `n × 10^exp` written out exactly, as a decimal: `fmt_decimal(15, -1)` is `1.5`.
fn fmt_decimal(n: u64, exp: i32) -> String {
    let digits = n.to_string();
    if exp >= 0 {
        return format!("{digits}{}", "0".repeat(exp as usize));
    }
    let frac_len = (-exp) as usize;
    let padded = format!("{digits:0>width$}", width = frac_len + 1);
    let (int, frac) = padded.split_at(padded.len() - frac_len);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

/// `1500000.5` → `1,500,000.5`.
fn with_thousands(s: &str) -> String {
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum M {
    Percent,
    Points,
    Amount,
}

impl M {
    fn measure(self) -> Measure {
        match self {
            M::Percent => Measure::Percent,
            M::Points => Measure::PercentagePoints,
            M::Amount => Measure::Amount,
        }
    }
}

const KINDS: [ValueKind; 6] = [
    ValueKind::Exact,
    ValueKind::About,
    ValueKind::AtLeast,
    ValueKind::AtMost,
    ValueKind::Range,
    ValueKind::Growth,
];

/// One value expression to write in both languages.
#[derive(Debug, Clone)]
struct Case {
    kind: ValueKind,
    measure: M,
    /// The value is `n × 10^exp` base units (yuan, visits, percent); a range's upper bound is
    /// `n_max × 10^exp`.
    n: u64,
    n_max: u64,
    exp: i32,
    /// Index into the scales, the units and the wordings of each language.
    zh_scale: usize,
    en_scale: usize,
    unit: usize,
    zh_form: usize,
    en_form: usize,
    thousands: bool,
}

impl Case {
    fn value(&self) -> f64 {
        self.n as f64 * 10f64.powi(self.exp)
    }

    fn max(&self) -> f64 {
        self.n_max as f64 * 10f64.powi(self.exp)
    }
}

fn case() -> impl Strategy<Value = Case> {
    (
        0..KINDS.len(),
        0..5usize,
        1..2_000_000u64,
        1..2_000_000u64,
        -3..=9i32,
        (0..3usize, 0..3usize, 0..4usize),
        (0..16usize, 0..16usize, any::<bool>()),
    )
        .prop_map(
            |(k, m, a, b, exp, (zh_scale, en_scale, unit), (zh_form, en_form, thousands))| {
                let kind = KINDS[k];
                let measure = match (kind, m) {
                    (ValueKind::Growth, _) | (_, 0) => M::Percent,
                    (_, 1) => M::Points,
                    _ => M::Amount,
                };
                // Shares and rates are rarely above a few thousand percent.
                let (a, b) = if measure == M::Amount {
                    (a, b)
                } else {
                    (a % 100_000 + 1, b % 100_000 + 1)
                };
                // Percentages stay between 0.001 and 2 000 000; amounts range widely.
                let exp = if measure == M::Amount {
                    exp
                } else {
                    exp.clamp(-3, 0)
                };
                let (n, n_max) = if a <= b { (a, b + 1) } else { (b, a + 1) };
                Case {
                    kind,
                    measure,
                    n,
                    n_max,
                    exp,
                    zh_scale,
                    en_scale,
                    unit,
                    zh_form,
                    en_form,
                    thousands,
                }
            },
        )
}

const ZH_SCALES: [(&str, i32); 3] = [("亿", 8), ("万", 4), ("", 0)];
const EN_SCALES: [(&str, i32); 3] = [("billion", 9), ("million", 6), ("", 0)];
const ZH_UNITS: [&str; 4] = ["元", "人次", "家", "个"];
const EN_UNITS: [&str; 4] = ["yuan", "visits", "enterprises", ""];

fn pick<'a>(options: &[&'a str], i: usize) -> &'a str {
    options[i % options.len()]
}

/// The number and its unit in Chinese, e.g. `1500亿元`, `42.7%`, `6.9个百分点`; with `upper`, a
/// range `2~3亿元`.
fn zh_quantity(c: &Case, upper: Option<(&str, u64)>) -> String {
    let (scale, scale_exp) = match c.measure {
        M::Amount => ZH_SCALES[c.zh_scale],
        _ => ("", 0),
    };
    let num = |n: u64| {
        let s = fmt_decimal(n, c.exp - scale_exp);
        if c.thousands {
            with_thousands(&s)
        } else {
            s
        }
    };
    let unit = match c.measure {
        M::Percent => pick(&["%", "％"], c.unit).to_string(),
        M::Points => pick(&["个百分点", "百分点"], c.unit).to_string(),
        M::Amount => format!("{scale}{}", ZH_UNITS[c.unit]),
    };
    match upper {
        Some((sep, max)) => format!("{}{sep}{}{unit}", num(c.n), num(max)),
        None => format!("{}{unit}", num(c.n)),
    }
}

fn zh(c: &Case) -> String {
    let x = zh_quantity(c, None);
    let f = c.zh_form;
    match c.kind {
        ValueKind::Exact => pick(&["{}", "达到{}", "实现{}", "为{}", "达{}"], f).replace("{}", &x),
        ValueKind::About => pick(&["{}左右", "约{}", "达到{}左右"], f).replace("{}", &x),
        ValueKind::AtLeast => pick(
            &[
                "{}以上",
                "不低于{}",
                "超过{}",
                "突破{}",
                "不少于{}",
                "达到{}以上",
                "高于{}",
            ],
            f,
        )
        .replace("{}", &x),
        ValueKind::AtMost => pick(
            &["{}以内", "{}以下", "不超过{}", "控制在{}以内", "不高于{}"],
            f,
        )
        .replace("{}", &x),
        ValueKind::Range => {
            let sep = pick(&["~", "～", "-", "至", "—"], f);
            zh_quantity(c, Some((sep, c.n_max)))
        }
        ValueKind::Growth => pick(&["年均增长{}", "年均增速{}", "年均提高{}"], f).replace("{}", &x),
        _ => unreachable!(),
    }
}

/// The number and its unit in English, e.g. `150 billion yuan`, `42.7%`, `6.9 percentage points`.
fn en_quantity(c: &Case, upper: Option<(&str, u64)>) -> String {
    let (scale, scale_exp) = match c.measure {
        M::Amount => EN_SCALES[c.en_scale],
        _ => ("", 0),
    };
    let num = |n: u64| {
        let s = fmt_decimal(n, c.exp - scale_exp);
        if c.thousands {
            with_thousands(&s)
        } else {
            s
        }
    };
    let numbers = match upper {
        Some((sep, max)) => format!("{}{sep}{}", num(c.n), num(max)),
        None => num(c.n),
    };
    match c.measure {
        M::Percent => match c.unit % 2 {
            0 => format!("{numbers}%"),
            _ => format!("{numbers} percent"),
        },
        M::Points => format!("{numbers} percentage points"),
        M::Amount => {
            let unit = EN_UNITS[c.unit];
            let words = [numbers.as_str(), scale, unit]
                .iter()
                .filter(|w| !w.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            // "RMB 150 billion" is how English texts often write yuan.
            if unit == "yuan" && c.en_form % 3 == 2 {
                format!("RMB {}", words.trim_end_matches(" yuan"))
            } else {
                words
            }
        }
    }
}

fn en(c: &Case) -> String {
    let x = en_quantity(c, None);
    let f = c.en_form;
    match c.kind {
        ValueKind::Exact => pick(&["{}", "a total of {}", "reach {}"], f).replace("{}", &x),
        ValueKind::About => pick(
            &[
                "about {}",
                "around {}",
                "approximately {}",
                "roughly {}",
                "{} or so",
            ],
            f,
        )
        .replace("{}", &x),
        ValueKind::AtLeast => pick(
            &[
                "more than {}",
                "over {}",
                "at least {}",
                "no less than {}",
                "not less than {}",
                "exceeding {}",
                "above {}",
                "in excess of {}",
                "{} or more",
            ],
            f,
        )
        .replace("{}", &x),
        ValueKind::AtMost => pick(
            &[
                "at most {}",
                "no more than {}",
                "not more than {}",
                "up to {}",
                "within {}",
                "less than {}",
                "below {}",
            ],
            f,
        )
        .replace("{}", &x),
        ValueKind::Range => {
            let sep = pick(&[" to ", "-", "–", "~", " - "], f);
            en_quantity(c, Some((sep, c.n_max)))
        }
        ValueKind::Growth => pick(
            &[
                "average annual growth of {}",
                "an average annual growth of {}",
                "an average annual growth rate of {}",
                "{} average annual growth",
                "an average annual increase of {}",
            ],
            f,
        )
        .replace("{}", &x),
        _ => unreachable!(),
    }
}

fn close(got: Option<f64>, want: f64) -> bool {
    got.is_some_and(|g| (g - want).abs() <= 1e-9 * want.abs().max(1e-300))
}

/// Why `q` is not what `c` says, if it is not.
fn mismatch(c: &Case, q: &Quantity) -> Option<String> {
    if q.kind != c.kind {
        return Some(format!("kind {:?}, want {:?}", q.kind, c.kind));
    }
    if q.measure != c.measure.measure() {
        return Some(format!(
            "measure {:?}, want {:?}",
            q.measure,
            c.measure.measure()
        ));
    }
    if !close(q.value, c.value()) {
        return Some(format!("value {:?}, want {}", q.value, c.value()));
    }
    if c.kind == ValueKind::Range && !close(q.max, c.max()) {
        return Some(format!("max {:?}, want {}", q.max, c.max()));
    }
    None
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn chinese_expressions_parse_back(c in case()) {
        let text = zh(&c);
        match parse_zh(&text) {
            Ok(q) => prop_assert!(mismatch(&c, &q).is_none(), "`{}` → {:?}: {}", text, q, mismatch(&c, &q).unwrap()),
            Err(e) => prop_assert!(false, "`{}` does not parse: {}", text, e),
        }
    }

    #[test]
    fn english_expressions_parse_back(c in case()) {
        let text = en(&c);
        match parse_en(&text) {
            Ok(q) => prop_assert!(mismatch(&c, &q).is_none(), "`{}` → {:?}: {}", text, q, mismatch(&c, &q).unwrap()),
            Err(e) => prop_assert!(false, "`{}` does not parse: {}", text, e),
        }
    }

    /// The zh and the en text of one value read as the same quantity: what `check` compares.
    #[test]
    fn both_languages_agree(c in case()) {
        let (z, e) = (parse_zh(&zh(&c)), parse_en(&en(&c)));
        prop_assert!(z.is_ok() && e.is_ok());
        let (z, e) = (z.unwrap(), e.unwrap());
        prop_assert_eq!(z.kind, e.kind);
        prop_assert_eq!(z.measure, e.measure);
        prop_assert!(close(z.value, e.value.unwrap_or(f64::NAN)), "{} vs {}: {:?} vs {:?}", zh(&c), en(&c), z.value, e.value);
    }
}

/// The formatter itself writes what plans write.
#[test]
fn the_test_formatter_writes_plan_style_values() {
    assert_eq!(fmt_decimal(15, -1), "1.5");
    assert_eq!(fmt_decimal(15, -4), "0.0015");
    assert_eq!(fmt_decimal(1500, -2), "15");
    assert_eq!(fmt_decimal(15, 2), "1500");
    assert_eq!(with_thousands("1500000.25"), "1,500,000.25");
    assert_eq!(with_thousands("150"), "150");
    let c = Case {
        kind: ValueKind::Exact,
        measure: M::Amount,
        n: 15,
        n_max: 16,
        exp: 10,
        zh_scale: 0,
        en_scale: 0,
        unit: 0,
        zh_form: 0,
        en_form: 0,
        thousands: false,
    };
    assert_eq!(zh(&c), "1500亿元");
    assert_eq!(en(&c), "150 billion yuan");
    let c = Case {
        kind: ValueKind::Range,
        measure: M::Percent,
        n: 2,
        n_max: 3,
        exp: 0,
        en_form: 0,
        ..c
    };
    assert_eq!(zh(&c), "2~3%");
    assert_eq!(en(&c), "2 to 3%");
    let c = Case {
        kind: ValueKind::About,
        exp: 5,
        n: 999,
        measure: M::Amount,
        zh_scale: 1,
        en_scale: 1,
        unit: 1,
        ..c
    };
    assert_eq!(zh(&c), "9990万人次左右");
    assert_eq!(en(&c), "about 99.9 million visits");
}

// --- parser gaps found while writing the properties above -----------------------------------
// Each test states what a plan writes and what it means, and what the parser once got wrong.

fn range(q: &Quantity) -> (ValueKind, Option<f64>, Option<f64>, Measure) {
    (q.kind, q.value, q.max, q.measure)
}

/// `2%~3%`, `6%-7%`, `2亿~3亿元`: the unit (or scale) written after both bounds. Stopping at the
/// first unit would read the text as exactly the lower bound and lose the upper bound.
#[test]
fn ranges_with_the_unit_on_both_bounds() {
    let pct = (ValueKind::Range, Some(2.0), Some(3.0), Measure::Percent);
    assert_eq!(range(&parse_zh("2%~3%").unwrap()), pct);
    assert_eq!(range(&parse_zh("2%-3%").unwrap()), pct);
    assert_eq!(range(&parse_en("2% to 3%").unwrap()), pct);
    assert_eq!(range(&parse_en("2%-3%").unwrap()), pct);
    let yuan = (ValueKind::Range, Some(2e8), Some(3e8), Measure::Amount);
    assert_eq!(range(&parse_zh("2亿~3亿元").unwrap()), yuan);
    assert_eq!(
        range(&parse_en("200 million to 300 million yuan").unwrap()),
        yuan
    );
    let visits = (ValueKind::Range, Some(2e4), Some(3e4), Measure::Amount);
    assert_eq!(range(&parse_zh("2万—3万人次").unwrap()), visits);
    let millions = (ValueKind::Range, Some(2e6), Some(3e6), Measure::Amount);
    assert_eq!(range(&parse_en("2 million-3 million").unwrap()), millions);
    assert_eq!(
        range(&parse_en("2 billion to 3 billion yuan").unwrap()).2,
        Some(3e9)
    );
}

/// Scale words and abbreviations must not be dropped without a word: `one hundred` once read as
/// 1 and `150bn` as 150.
#[test]
fn english_scale_words_are_not_dropped() {
    assert_eq!(
        parse_en("one hundred enterprises").unwrap().value,
        Some(100.0)
    );
    assert_eq!(parse_en("150bn yuan").unwrap().value, Some(1.5e11));
    assert_eq!(parse_en("58 mn visits").unwrap().value, Some(5.8e7));
}

/// Forms plans use that once did not parse at all (`check` reported them as unparsable-value).
#[test]
fn common_forms_parse() {
    assert_eq!(parse_zh("１５００亿元").unwrap().value, Some(1.5e11));
    assert_eq!(parse_zh("不足5%").unwrap().kind, ValueKind::AtMost);
    assert_eq!(parse_zh("少于5%").unwrap().kind, ValueKind::AtMost);
    assert_eq!(parse_en("RMB150 billion").unwrap().value, Some(1.5e11));
    assert_eq!(parse_en("¥150 billion").unwrap().value, Some(1.5e11));
    let r = parse_en("between 2 and 3").unwrap();
    assert_eq!(
        (r.kind, r.value, r.max),
        (ValueKind::Range, Some(2.0), Some(3.0))
    );
}

/// Growth written in other common English ways must read as growth, not as an exact percent (a
/// false value-mismatch against a growth target).
#[test]
fn english_growth_forms() {
    assert_eq!(parse_en("7.5% annually").unwrap().kind, ValueKind::Growth);
    assert_eq!(parse_en("7.5% per year").unwrap().kind, ValueKind::Growth);
    assert_eq!(
        parse_en("a 7.5% average annual growth").unwrap().kind,
        ValueKind::Growth
    );
}
