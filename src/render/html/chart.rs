//! The inline SVG chart of a target page: baseline → target, with recorded progress points.

use super::escape::html;
use super::facts;
use crate::model::{Lang, Target, ValueKind};
use crate::present::labels::label;
use crate::values::format_number;

const W: f64 = 560.0;
const H: f64 = 280.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 30.0;
const TOP: f64 = 48.0;
const BOTTOM: f64 = 40.0;

/// A "nice" step (1, 2, 2.5 or 5 × 10^n) for about four intervals up to `max`.
fn nice_step(span: f64) -> f64 {
    if span <= 0.0 || !span.is_finite() {
        return 1.0;
    }
    let raw = span / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

fn num(x: f64) -> String {
    // Coordinates with one decimal keep the SVG small and the output stable.
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// The chart, or `None` when the target has no number to draw (ratios, ranks, growth rates,
/// qualitative targets) or nothing to compare it with.
pub fn svg(t: &Target, lang: Lang) -> Option<String> {
    if !facts::is_numeric(&t.target) {
        return None;
    }
    let target_value = t.target.value?;
    let baseline = t
        .baseline
        .as_ref()
        .filter(|b| {
            b.value.is_some()
                && !matches!(
                    b.kind,
                    ValueKind::Growth | ValueKind::Ratio | ValueKind::Rank | ValueKind::Qualitative
                )
        })
        .and_then(|b| Some((b.year, b.value?)));
    let progress: Vec<(i32, f64)> = t.progress.iter().map(|p| (p.year, p.value)).collect();
    if baseline.is_none() && progress.is_empty() {
        return None;
    }
    let target_max = (t.target.kind == ValueKind::Range)
        .then_some(t.target.max)
        .flatten();

    let mut years: Vec<i32> = vec![t.target.year];
    let mut values: Vec<f64> = vec![target_value];
    years.extend(baseline.map(|b| b.0));
    values.extend(baseline.map(|b| b.1));
    years.extend(progress.iter().map(|p| p.0));
    values.extend(progress.iter().map(|p| p.1));
    values.extend(target_max);
    if values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let (mut y0, mut y1) = (*years.iter().min()?, *years.iter().max()?);
    if y0 == y1 {
        y0 -= 1;
        y1 += 1;
    }
    let vmax = values.iter().cloned().fold(f64::MIN, f64::max);
    let vmin = values.iter().cloned().fold(f64::MAX, f64::min).min(0.0);
    let step = nice_step((vmax - vmin).max(f64::EPSILON) * 1.1);
    let lo = (vmin / step).floor() * step;
    let hi = ((vmax * 1.1) / step).ceil() * step;
    let hi = if hi <= lo { lo + step } else { hi };

    let x = |year: i32| LEFT + (year - y0) as f64 / (y1 - y0) as f64 * (W - LEFT - RIGHT);
    let y = |v: f64| TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM);

    // Point labels are numbers in the registry unit (named in the figure caption), short
    // enough not to collide; the description spells the values out with their units.
    let value_text = |v: f64| facts::value(t, &facts::exact(t.target.year, v), lang);
    let mut desc = Vec::new();
    if let Some((by, bv)) = baseline {
        desc.push(format!(
            "{} {} ({by})",
            label(lang, "baseline"),
            value_text(bv)
        ));
    }
    for (py, pv) in &progress {
        desc.push(format!(
            "{} {} ({py})",
            label(lang, "chart_recorded"),
            value_text(*pv)
        ));
    }
    desc.push(format!(
        "{} {} ({})",
        label(lang, "target"),
        facts::value(t, &t.target, lang),
        t.target.year
    ));
    let title = format!("{}: {}", facts::indicator(t, lang), label(lang, "chart"));

    let mut s = String::new();
    s.push_str(&format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
    ));
    s.push_str(&format!(
        "<title id=\"chart-title\">{}</title>",
        html(&title)
    ));
    s.push_str(&format!(
        "<desc id=\"chart-desc\">{}</desc>",
        html(&desc.join("; "))
    ));
    // Value grid and labels.
    let mut v = lo;
    let mut guard = 0;
    while v <= hi + step / 1e6 && guard < 20 {
        let yy = num(y(v));
        s.push_str(&format!(
            "<line class=\"grid\" x1=\"{}\" y1=\"{yy}\" x2=\"{}\" y2=\"{yy}\" stroke=\"#d0d4da\" stroke-width=\"1\"/>",
            num(LEFT),
            num(W - RIGHT)
        ));
        s.push_str(&format!(
            "<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#4a4f57\">{}</text>",
            num(LEFT - 8.0),
            num(y(v) + 4.0),
            html(&format_number((v * 1e6).round() / 1e6))
        ));
        v += step;
        guard += 1;
    }
    // Year labels (every year when few, otherwise every other).
    let every = if y1 - y0 > 10 { 2 } else { 1 };
    for yr in (y0..=y1).step_by(every) {
        s.push_str(&format!(
            "<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#4a4f57\">{yr}</text>",
            num(x(yr)),
            num(H - BOTTOM + 22.0)
        ));
    }
    // Planned path: baseline → target.
    if let Some((by, bv)) = baseline {
        s.push_str(&format!(
            "<line class=\"planned\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#5b6470\" stroke-width=\"2\" stroke-dasharray=\"6 5\"/>",
            num(x(by)),
            num(y(bv)),
            num(x(t.target.year)),
            num(y(target_value))
        ));
    }
    // A range target is a band from its lower to its upper bound.
    if let Some(max) = target_max {
        s.push_str(&format!(
            "<rect class=\"range\" x=\"{}\" y=\"{}\" width=\"12\" height=\"{}\" fill=\"#9b1c1c\" fill-opacity=\"0.2\"/>",
            num(x(t.target.year) - 6.0),
            num(y(max)),
            num((y(target_value) - y(max)).abs())
        ));
    }
    // Recorded path: baseline → progress points.
    if !progress.is_empty() {
        let mut pts: Vec<(i32, f64)> = baseline.into_iter().collect();
        pts.extend(progress.iter().copied());
        let line: Vec<String> = pts
            .iter()
            .map(|(py, pv)| format!("{},{}", num(x(*py)), num(y(*pv))))
            .collect();
        s.push_str(&format!(
            "<polyline class=\"recorded\" points=\"{}\" fill=\"none\" stroke=\"#0b4f8a\" stroke-width=\"2.5\"/>",
            line.join(" ")
        ));
    }
    // Labels go above the point, recorded values below it so neighbours do not collide.
    let point = |s: &mut String,
                 class: &str,
                 yr: i32,
                 v: f64,
                 fill: &str,
                 text: String,
                 below: bool| {
        s.push_str(&format!(
            "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"6\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"2\"/>",
            num(x(yr)),
            num(y(v)),
            if fill == "#ffffff" { "#9b1c1c" } else { fill }
        ));
        let anchor = if x(yr) > W - RIGHT - 60.0 {
            "end"
        } else if x(yr) < LEFT + 60.0 {
            "start"
        } else {
            "middle"
        };
        let label_y = if below { y(v) + 24.0 } else { y(v) - 12.0 };
        s.push_str(&format!(
            "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"#1a1a1a\">{}</text>",
            num(x(yr)),
            num(label_y),
            html(&text)
        ));
    };
    if let Some((by, bv)) = baseline {
        point(
            &mut s,
            "pt-baseline",
            by,
            bv,
            "#5b6470",
            format_number(bv),
            false,
        );
    }
    for (py, pv) in &progress {
        point(
            &mut s,
            "pt-progress",
            *py,
            *pv,
            "#0b4f8a",
            format_number(*pv),
            true,
        );
    }
    point(
        &mut s,
        "pt-target",
        t.target.year,
        target_value,
        "#ffffff",
        crate::present::value::bare(t, &t.target, lang),
        false,
    );
    // Legend: a line sample and its words, at `x`.
    let legend_y = num(TOP - 20.0);
    let mut legend = |x: f64, stroke: &str, key: &str| {
        s.push_str(&format!(
            "<line x1=\"{}\" y1=\"{legend_y}\" x2=\"{}\" y2=\"{legend_y}\" {stroke}/>",
            num(LEFT + x),
            num(LEFT + x + 28.0)
        ));
        s.push_str(&format!(
            "<text class=\"legend\" x=\"{}\" y=\"{}\" fill=\"#4a4f57\">{}</text>",
            num(LEFT + x + 34.0),
            num(TOP - 16.0),
            html(label(lang, key))
        ));
    };
    legend(
        0.0,
        "stroke=\"#5b6470\" stroke-width=\"2\" stroke-dasharray=\"6 5\"",
        "chart_planned",
    );
    if !progress.is_empty() {
        legend(
            220.0,
            "stroke=\"#0b4f8a\" stroke-width=\"2.5\"",
            "chart_recorded",
        );
    }
    s.push_str("</svg>");
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::nice_step;

    #[test]
    fn steps_are_round_numbers() {
        assert_eq!(nice_step(1650.0), 500.0);
        assert_eq!(nice_step(55.0), 20.0);
        assert_eq!(nice_step(3.3), 1.0);
    }
}
