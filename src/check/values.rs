//! Tagged values agree with the registry: `[1500亿元](target:va-total)` and
//! `[150 billion yuan](target:va-total)` must both read as the registry's 1500 亿元, with the same
//! bound (about, at least …) and the same measure (percent vs percentage points). Also checks
//! each registry value is well-formed and that the baseline precedes the target.

use super::line_span;
use crate::diag::{Code, Diagnostic};
use crate::model::{BlockKind, Lang, Plan, Tag, TagKind, Target, ValueKind, YearValue};
use crate::source::file_index;
use crate::values::{self, parse, Measure, Quantity};

pub fn check(plan: &Plan, out: &mut Vec<Diagnostic>) {
    if !plan.targets_loaded {
        return;
    }
    registry(plan, out);
    for pair in &plan.chapters {
        for &lang in plan.langs() {
            let Some(ch) = pair.get(lang) else { continue };
            for block in &ch.blocks {
                let in_cell = matches!(block.kind, BlockKind::Cell { .. });
                for tag in block.tags() {
                    if let Some(target) = plan.targets.get(&tag.target) {
                        if let Some(d) = check_tag(target, tag, lang, in_cell) {
                            out.push(d);
                        }
                    }
                }
            }
        }
    }
}

fn registry(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let Some(file) = file_index(plan, "targets.yaml") else {
        return;
    };
    for t in &plan.targets.targets {
        let span = line_span(plan, file, t.line);
        for (what, v) in [
            ("target", Some(&t.target)),
            ("baseline", t.baseline.as_ref()),
            ("ambition", t.ambition.as_ref()),
        ] {
            let Some(v) = v else { continue };
            if let Some(problem) = malformed(v) {
                out.push(
                    Diagnostic::error(Code::InvalidTargetValue, format!("the {what} of `{}` {problem}", t.id))
                        .at(span, "this target")
                        .help("exact/about/at-least/at-most/growth/rank need `value`; range needs `value` and `max`; ratio needs `ratio: [a, b]`; qualitative needs `text: {zh, en}`"),
                );
            }
        }
        if let Some(b) = &t.baseline {
            if b.year >= t.target.year {
                out.push(
                    Diagnostic::error(Code::BaselineYear, format!("`{}`: the baseline year {} is not before the target year {}", t.id, b.year, t.target.year))
                        .at(span, "this target")
                        .help("a baseline states where the indicator starts: its year must come before the target's"),
                );
            }
        }
    }
}

fn malformed(v: &YearValue) -> Option<&'static str> {
    match v.kind {
        ValueKind::Range if v.value.is_none() || v.max.is_none() => {
            Some("is a range without `value` and `max`")
        }
        ValueKind::Range if v.value > v.max => Some("is a range whose `value` exceeds its `max`"),
        ValueKind::Ratio if v.ratio.as_ref().is_none_or(|r| r.len() < 2) => {
            Some("is a ratio without `ratio: [a, b]`")
        }
        ValueKind::Qualitative if v.text.is_none() => Some("is qualitative without `text`"),
        ValueKind::Ratio | ValueKind::Qualitative | ValueKind::Range => None,
        _ if v.value.is_none() => Some("has no `value`"),
        _ => None,
    }
}

/// The values a tag of this kind may state.
fn candidates(t: &Target, kind: TagKind) -> Vec<(&'static str, &YearValue)> {
    match kind {
        TagKind::Define => vec![("target", &t.target)],
        TagKind::Baseline => t.baseline.iter().map(|b| ("baseline", b)).collect(),
        TagKind::Mention => std::iter::once(("target", &t.target))
            .chain(t.baseline.iter().map(|b| ("baseline", b)))
            .chain(t.ambition.iter().map(|a| ("ambition", a)))
            .collect(),
    }
}

/// Checks one tag against its registry entry. A bare number in a table cell (`1500` in the
/// 2030 column of a 亿元 row) is read in the unit of the entry.
fn check_tag(t: &Target, tag: &Tag, lang: Lang, in_cell: bool) -> Option<Diagnostic> {
    if tag.text.trim().is_empty() {
        return None; // reported as `empty-tag`: one mistake, one finding
    }
    let candidates = candidates(t, tag.kind);
    if candidates.is_empty() {
        return Some(
            Diagnostic::error(Code::BaselineNotRegistered, format!("`{}` is tagged as a baseline, but the registry has no baseline for it", t.id))
                .at(tag.span, "baseline tag")
                .help(format!("add `baseline: {{year: …, value: …}}` to `{}` in targets.yaml, or tag this as `mention:`", t.id)),
        );
    }
    if candidates
        .iter()
        .all(|(_, v)| v.kind == ValueKind::Qualitative)
    {
        return None;
    }
    let parsed = match lang {
        Lang::Zh => values::parse_zh(&tag.text),
        Lang::En => values::parse_en(&tag.text),
    };
    let mut q = match parsed {
        Ok(q) => q,
        Err(e) => {
            return Some(
                Diagnostic::error(Code::UnparsableValue, format!("cannot read `{}` as a value: {e}", tag.text))
                    .at(tag.span, "tagged text")
                    .help(match lang {
                        Lang::Zh => "tag exactly the value expression, e.g. `[1500亿元](…)`, `[50%左右](…)`, `[42%以上](…)`, `[2~3家](…)`, `[全省前三](…)`",
                        Lang::En => "tag exactly the value expression, e.g. `[150 billion yuan](…)`, `[about 50%](…)`, `[more than 42%](…)`, `[2 to 3](…)`, `[top three](…)`",
                    }),
            )
        }
    };
    if in_cell && values::is_bare_number(&tag.text) {
        q.measure = parse::unit_measure(&t.unit.zh);
        if !matches!(q.kind, ValueKind::Growth | ValueKind::Rank) {
            let scale = parse::unit_scale(&t.unit.zh);
            q.value = q.value.map(|v| v * scale);
            q.max = q.max.map(|v| v * scale);
        }
    }
    let mut first_problem = None;
    for (what, v) in &candidates {
        match disagreement(t, v, &q) {
            None => return None,
            Some(p) => {
                first_problem.get_or_insert((*what, *v, p));
            }
        }
    }
    let (what, v, problem) = first_problem?;
    let registry = format!("{} ({})", values::display(t, v, lang), v.year);
    Some(
        Diagnostic::error(Code::ValueMismatch, format!("`{}` disagrees with the registry's {what} of `{}`: {problem}", tag.text, t.id))
            .at(tag.span, format!("the registry says {registry}"))
            .help(format!(
                "fix the {lang} text or the registry so both state the same value ({}), or tag the words as `mention:` if they state another quantity",
                match lang {
                    Lang::Zh => "亿 = 10^8, 万 = 10^4",
                    Lang::En => "billion = 10^9, million = 10^6; 1 亿 = 100 million",
                }
            )),
    )
}

/// Why the text's quantity differs from a registry value, if it does.
fn disagreement(t: &Target, v: &YearValue, q: &Quantity) -> Option<String> {
    let scale = if v.kind == ValueKind::Growth || v.kind == ValueKind::Rank {
        1.0
    } else {
        parse::unit_scale(&t.unit.zh)
    };
    let kind_name = |k: ValueKind| {
        serde_json::to_value(k)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    };
    if v.kind != q.kind {
        return Some(format!(
            "the text reads as `{}`, the registry says `{}`",
            kind_name(q.kind),
            kind_name(v.kind)
        ));
    }
    let measure = if v.kind == ValueKind::Growth {
        Measure::Percent
    } else {
        parse::unit_measure(&t.unit.zh)
    };
    if measure != Measure::Amount && q.measure != measure {
        return Some(match measure {
            Measure::PercentagePoints => {
                "the registry counts percentage points (个百分点), the text a percent".to_string()
            }
            _ => "the registry counts a percent, the text something else (percentage points?)"
                .to_string(),
        });
    }
    match v.kind {
        ValueKind::Ratio => (q.ratio != v.ratio).then(|| "the ratio differs".to_string()),
        ValueKind::Range => {
            let (lo, hi) = (v.value.unwrap_or(0.0) * scale, v.max.unwrap_or(0.0) * scale);
            (!same(q.value, lo) || !same(q.max, hi)).then(|| {
                format!(
                    "{}~{} vs {}~{}",
                    fmt(q.value),
                    fmt(q.max),
                    values::format_number(lo),
                    values::format_number(hi)
                )
            })
        }
        _ => {
            let expected = v.value.unwrap_or(0.0) * scale;
            if same(q.value, expected) {
                None
            } else {
                let hint = crate::check::numbers::scale_hint(q.value.unwrap_or(0.0), expected)
                    .map(|h| format!(" — {h}"))
                    .unwrap_or_default();
                Some(format!(
                    "{} vs {}{hint}",
                    fmt(q.value),
                    values::format_number(expected)
                ))
            }
        }
    }
}

fn same(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() <= 1e-9 * b.abs().max(1.0))
}

fn fmt(x: Option<f64>) -> String {
    x.map(values::format_number).unwrap_or_else(|| "?".into())
}
