use crate::model::{Lang, Target, ValueKind, YearValue};

/// A value as a reader expects it, e.g. `1500亿元` / `150 billion yuan`, `50%左右` / `about 50%`.
///
/// A display form set in the registry (`v.display`) wins, then the plan's own words (`v.stated`,
/// filled in by `with_stated_words` in the index module): the plan says 全省前三, so the reader
/// sees 全省前三.
pub fn display(target: &Target, v: &YearValue, lang: Lang) -> String {
    let words = |d: &Option<crate::model::Localized>| {
        d.as_ref()
            .map(|d| d.get(lang).clone())
            .filter(|w| !w.is_empty())
    };
    if let Some(w) = words(&v.display).or_else(|| words(&v.stated)) {
        return w;
    }
    let unit = target.unit.get(lang).as_str();
    let num = |x: Option<f64>| x.map(format_number).unwrap_or_default();
    let scaled_en = |x: f64| english_amount(x, unit);
    let with_unit = |n: String| match lang {
        Lang::Zh => format!("{n}{unit}"),
        Lang::En if unit == "%" || unit.is_empty() => format!("{n}{unit}"),
        Lang::En => format!("{n} {unit}"),
    };
    // English amounts carry their scale in words: 1500 (100 million yuan) → 150 billion yuan.
    let num_unit = |x: Option<f64>| match (lang, x) {
        (Lang::En, Some(x)) if scale_of(unit) > 1.0 => scaled_en(x),
        _ => with_unit(num(x)),
    };
    let text = |l: Lang| {
        v.text
            .as_ref()
            .map(|t| t.get(l).clone())
            .unwrap_or_default()
    };
    match (v.kind, lang) {
        (ValueKind::Exact, _) => num_unit(v.value),
        (ValueKind::About, Lang::Zh) => format!("{}左右", with_unit(num(v.value))),
        (ValueKind::About, Lang::En) => format!("about {}", num_unit(v.value)),
        (ValueKind::AtLeast, Lang::Zh) => format!("{}以上", with_unit(num(v.value))),
        (ValueKind::AtLeast, Lang::En) => format!("at least {}", num_unit(v.value)),
        (ValueKind::AtMost, Lang::Zh) => format!("{}以内", with_unit(num(v.value))),
        (ValueKind::AtMost, Lang::En) => format!("at most {}", num_unit(v.value)),
        (ValueKind::Range, Lang::Zh) => with_unit(format!("{}～{}", num(v.value), num(v.max))),
        (ValueKind::Range, Lang::En) => match (v.value, v.max) {
            (Some(lo), Some(hi)) if scale_of(unit) > 1.0 => english_range(lo, hi, unit),
            _ => with_unit(format!("{} to {}", num(v.value), num(v.max))),
        },
        (ValueKind::Ratio, _) => v
            .ratio
            .as_ref()
            .map(|r| {
                r.iter()
                    .map(|x| format_number(*x))
                    .collect::<Vec<_>>()
                    .join(":")
            })
            .unwrap_or_default(),
        (ValueKind::Rank, Lang::Zh) => format!("{}前{}", text(Lang::Zh), num(v.value)),
        (ValueKind::Rank, Lang::En) => {
            let n = v
                .value
                .map(|x| x as usize)
                // Counts up to ten in words (`top three`), larger ones in digits.
                .filter(|n| *n <= 10)
                .and_then(crate::text::english::cardinal_name)
                .map_or_else(|| num(v.value), String::from);
            format!("top {n} in {}", text(Lang::En))
        }
        (ValueKind::Growth, Lang::Zh) => format!("年均增长{}", with_unit(num(v.value))),
        (ValueKind::Growth, Lang::En) => {
            format!("{} average annual growth", with_unit(num(v.value)))
        }
        (ValueKind::Qualitative, l) => text(l),
    }
}

fn scale_of(unit: &str) -> f64 {
    crate::values::parse::unit_scale(unit)
}

/// `value` in an English unit with a scale (`100 million yuan`, `10 thousand visits`) as a
/// reader writes it: `150 billion yuan`, `58.002 million visits`, `800 million yuan`.
fn english_amount(value: f64, unit: &str) -> String {
    english_scaled(&[value], unit)
}

/// A range in an English unit with a scale, both ends in the scale word of the larger one:
/// 15 to 20 (100 million yuan) → `1.5 to 2 billion yuan`.
fn english_range(lo: f64, hi: f64, unit: &str) -> String {
    english_scaled(&[lo, hi], unit)
}

/// Amounts (one, or the two ends of a range) restated in the scale word of the largest.
fn english_scaled(amounts: &[f64], unit: &str) -> String {
    let lower = unit.to_lowercase();
    let rest = [
        "100 million",
        "10 million",
        "10 thousand",
        "ten thousand",
        "trillion",
        "billion",
        "million",
        "thousand",
    ]
    .iter()
    .find_map(|p| lower.starts_with(p).then(|| unit[p.len()..].trim_start()))
    .unwrap_or(unit);
    let scale = scale_of(unit);
    let largest = amounts
        .iter()
        .map(|a| (a * scale).abs())
        .fold(0.0, f64::max);
    let (div, word) = if largest >= 1e12 {
        (1e12, "trillion")
    } else if largest >= 1e9 {
        (1e9, "billion")
    } else if largest >= 1e6 {
        (1e6, "million")
    } else {
        (1.0, "")
    };
    let n = amounts
        .iter()
        .map(|a| format_number((a * scale / div * 1e9).round() / 1e9))
        .collect::<Vec<_>>()
        .join(" to ");
    [n.as_str(), word, rest]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Shortest decimal form: `1500`, `999.21`, `7.5`.
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::{english_amount, english_range};

    #[test]
    fn english_amounts_carry_their_scale_in_words() {
        assert_eq!(
            english_amount(1500.0, "100 million yuan"),
            "150 billion yuan"
        );
        assert_eq!(
            english_amount(999.21, "100 million yuan"),
            "99.921 billion yuan"
        );
        assert_eq!(english_amount(8.0, "100 million yuan"), "800 million yuan");
        assert_eq!(
            english_amount(5800.2, "10 thousand visits"),
            "58.002 million visits"
        );
        assert_eq!(
            english_amount(10000.0, "10 thousand visits"),
            "100 million visits"
        );
        assert_eq!(
            english_range(15.0, 20.0, "100 million yuan"),
            "1.5 to 2 billion yuan"
        );
        assert_eq!(
            english_range(800.0, 1200.0, "10 thousand people"),
            "8 to 12 million people"
        );
    }
}
