use crate::model::{Lang, Target, ValueKind, YearValue};

/// A value as a reader expects it, e.g. `1500亿元` / `150 billion yuan`, `50%左右` / `about 50%`.
pub fn display(target: &Target, v: &YearValue, lang: Lang) -> String {
    let unit = target.unit.get(lang).as_str();
    let num = |x: Option<f64>| x.map(format_number).unwrap_or_default();
    let with_unit = |n: String| match lang {
        Lang::Zh => format!("{n}{unit}"),
        Lang::En if unit == "%" || unit.is_empty() => format!("{n}{unit}"),
        Lang::En => format!("{n} {unit}"),
    };
    let text = |l: Lang| {
        v.text
            .as_ref()
            .map(|t| t.get(l).clone())
            .unwrap_or_default()
    };
    match (v.kind, lang) {
        (ValueKind::Exact, _) => with_unit(num(v.value)),
        (ValueKind::About, Lang::Zh) => format!("{}左右", with_unit(num(v.value))),
        (ValueKind::About, Lang::En) => format!("about {}", with_unit(num(v.value))),
        (ValueKind::AtLeast, Lang::Zh) => format!("{}以上", with_unit(num(v.value))),
        (ValueKind::AtLeast, Lang::En) => format!("at least {}", with_unit(num(v.value))),
        (ValueKind::AtMost, Lang::Zh) => format!("{}以内", with_unit(num(v.value))),
        (ValueKind::AtMost, Lang::En) => format!("at most {}", with_unit(num(v.value))),
        (ValueKind::Range, Lang::Zh) => with_unit(format!("{}~{}", num(v.value), num(v.max))),
        (ValueKind::Range, Lang::En) => with_unit(format!("{} to {}", num(v.value), num(v.max))),
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
        (ValueKind::Rank, Lang::En) => format!("top {} in {}", num(v.value), text(Lang::En)),
        (ValueKind::Growth, Lang::Zh) => format!("年均增长{}", with_unit(num(v.value))),
        (ValueKind::Growth, Lang::En) => {
            format!("{} average annual growth", with_unit(num(v.value)))
        }
        (ValueKind::Qualitative, l) => text(l),
    }
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
