//! Number agreement: every number of a zh block appears in its en block, compared as values
//! (亿 and 万 applied, billion and million applied), so `999.21亿元` needs `99.921 billion`.
//! Extraction rules (what counts as a number, what is a name) live in
//! [`crate::translate::numbers`].

use crate::diag::{Code, Diagnostic};
use crate::model::Plan;
use crate::translate::glossary::ZhScan;
use crate::translate::numbers::{
    en_form, en_numbers, grouped, same, zh_numbers, EnNumber, ZhNumber,
};
use crate::translate::{find_in_span, TextPair};
use crate::values::format_number;

/// One translated text: every number of the zh side is in the en side (glossary names masked).
pub fn check_pair(plan: &Plan, pair: &TextPair, scan: &ZhScan, out: &mut Vec<Diagnostic>) {
    let masked = scan.byte_ranges(pair.zh);
    let zh = zh_numbers(pair.zh, &masked);
    if zh.is_empty() {
        return;
    }
    let en = en_numbers(pair.en);
    let mut reported: Vec<f64> = Vec::new();
    // Looked up only when a number is missing: it searches the plan for the pair's blocks.
    let tagged = std::cell::OnceCell::new();
    for n in zh {
        let found = n
            .values
            .iter()
            .any(|v| en.iter().any(|e| same(*v, e.value)));
        if found || reported.iter().any(|r| same(*r, n.values[0])) {
            continue;
        }
        // A number inside a target or baseline tag that the en text tags too: the value check
        // compares both tags with the registry and reports the wrong one (one mistake, one
        // finding).
        if tagged
            .get_or_init(|| tagged_in_both(plan, pair))
            .iter()
            .any(|t: &String| t.contains(n.text.as_str()))
        {
            continue;
        }
        reported.push(n.values[0]);
        let value = n.values[0];
        let shown = if grouped(value) == n.text {
            format!("`{}`", n.text)
        } else {
            format!("`{}` (= {})", n.text, grouped(value))
        };
        let (label, near) = label(&n, &en);
        // Underline the en number that stands in its place, or the start of the text.
        let at = near
            .map(|e| find_in_span(plan, pair.en_span, &e.text))
            .filter(|s| *s != pair.en_span)
            .unwrap_or_else(|| crate::translate::lead_span(plan, pair.en_span));
        out.push(
                Diagnostic::warning(
                    Code::NumberMismatch,
                    format!("the zh number {shown} is missing from the en text of the {}", pair.what),
                )
                .at(at, label)
                .also(find_in_span(plan, pair.zh_span, &n.text), format!("{} in the zh text", n.text))
                .help(format!(
                    "a faithful translation carries every number: write {} in the en text (亿 = 100 million, 万 = 10 thousand); if the number is part of a name, add the name to glossary.yaml",
                    en_form(&n)
                )),
            );
    }
}

/// The rendered texts of the zh target and baseline tags of a block whose en text has a tag
/// of the same kind for the same target.
fn tagged_in_both(plan: &Plan, pair: &TextPair) -> Vec<String> {
    use crate::model::TagKind;
    let block = |span: crate::model::Span| {
        plan.chapters
            .iter()
            .flat_map(|c| c.zh.iter().chain(c.en.iter()))
            .flat_map(|c| c.blocks.iter())
            .find(|b| b.span == span)
    };
    let (Some(zh), Some(en)) = (block(pair.zh_span), block(pair.en_span)) else {
        return Vec::new();
    };
    let en_tags = en.tags();
    zh.tags()
        .into_iter()
        .filter(|t| matches!(t.kind, TagKind::Define | TagKind::Baseline))
        .filter(|t| {
            en_tags
                .iter()
                .any(|e| e.kind == t.kind && e.target == t.target)
        })
        .map(|t| t.text.clone())
        .collect()
}

/// How far off `got` is from `want` when one is a power of ten times the other, said the same
/// way everywhere: `10 times too small`, `1,000 times too large`.
pub fn scale_hint(got: f64, want: f64) -> Option<String> {
    let f = power_of_ten(got, want)?;
    Some(format!(
        "off by a factor of {} ({} times too {}): check the scale (亿/万, billion/million)",
        grouped(f),
        grouped(f),
        if got < want { "small" } else { "large" }
    ))
}

/// What the en block has instead (the same digits at another scale, or the closest number),
/// and that number.
fn label<'a>(n: &ZhNumber, en: &'a [EnNumber]) -> (String, Option<&'a EnNumber>) {
    let value = n.values[0];
    let scaled = en
        .iter()
        .find_map(|e| scale_hint(e.value, value).map(|h| (e, h)));
    if let Some((e, hint)) = scaled {
        return (
            format!(
                "no {} here; `{}` (= {}) is {hint}",
                en_form(n),
                e.text,
                grouped(e.value),
            ),
            Some(e),
        );
    }
    match closest(en, value) {
        Some(e) => {
            let eq = if e.text.replace(',', "") == format_number(e.value) {
                String::new()
            } else {
                format!(" (= {})", grouped(e.value))
            };
            (
                format!(
                    "no {} here; the closest number is `{}`{eq}",
                    en_form(n),
                    e.text
                ),
                Some(e),
            )
        }
        None => ("this block has no numbers".to_string(), None),
    }
}

/// `Some(factor)` when `a` and `b` have the same digits at another scale (10, 100 … 10^8).
fn power_of_ten(a: f64, b: f64) -> Option<f64> {
    if a <= 0.0 || b <= 0.0 || same(a, b) {
        return None;
    }
    let ratio = if a > b { a / b } else { b / a };
    let k = ratio.log10().round();
    ((1.0..=8.0).contains(&k) && same(ratio, 10f64.powf(k))).then(|| 10f64.powf(k))
}

/// The en number nearest in magnitude to `v`.
fn closest(en: &[EnNumber], v: f64) -> Option<&EnNumber> {
    let distance = |e: &EnNumber| {
        if e.value <= 0.0 || v <= 0.0 {
            f64::INFINITY
        } else {
            (e.value / v).ln().abs()
        }
    };
    en.iter()
        .filter(|e| distance(e).is_finite())
        .min_by(|a, b| distance(a).total_cmp(&distance(b)))
}
