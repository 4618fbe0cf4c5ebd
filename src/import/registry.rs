//! The main-indicator table into the target registry: every row with a 属性 cell becomes a
//! `targets.yaml` entry (indicator, unit from the `（…）` of its name or a 单位 column, nature,
//! baseline from a 2025 / 预计 / 基期 column, target from the 目标 column or, where that is empty,
//! the 年均/累计 column), and its value cells are tagged `[…](target:id)` / `[…](baseline:id)`.
//!
//! Values are read with [`crate::values::parse_zh`], exactly as `plandoc check` reads the tags, so
//! the registry and the tagged cells agree by construction: `5左右` about 5, `＞40` at least 40,
//! `≥7.64`, `＜6` at most 6, `4.5-5` a range, `〔20〕` / `[20]` a cumulative 20 (registered as
//! its number: the model has no cumulative kind), anything without a number (`与经济增长同步`,
//! `完成省定目标`, `稳中有升`) qualitative with its words. A bare number in a cell is in the
//! row's unit.

use super::ids::IdSet;
use super::table::Table;
use crate::model::ValueKind;
use crate::values::{self, parse};

/// Syllables of a target ID (`di-qu-sheng-chan-zong-zhi`).
const TARGET_SYLLABLES: usize = 6;

/// A registry value.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Val {
    pub year: i32,
    pub kind: ValueKind,
    pub value: Option<f64>,
    pub max: Option<f64>,
    pub ratio: Option<Vec<f64>>,
    pub text: Option<String>,
}

/// One `targets.yaml` entry.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Entry {
    pub id: String,
    pub indicator: String,
    pub area: String,
    pub unit: String,
    /// `expected` or `binding`.
    pub nature: &'static str,
    pub baseline: Option<Val>,
    pub target: Val,
}

/// A cell's tag: the text before the tagged value, the value, the text after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Tagged {
    pub before: String,
    pub value: String,
    pub after: String,
    /// `target` or `baseline`.
    pub kind: &'static str,
    pub id: String,
}

fn year_of(header: &str) -> Option<i32> {
    let d: String = header.chars().take_while(|c| c.is_ascii_digit()).collect();
    (d.len() == 4).then(|| d.parse().ok()).flatten()
}

fn is_empty_value(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || t.chars().all(|c| "—–-－/／".contains(c))
}

/// A value cell cut for its tag: (before, value, after, year named in the cell).
/// `21.5（2024年）` → ("", "21.5", "（2024年）", 2024); `[125]` → ("[", "125", "]", none);
/// `5.2*` → ("", "5.2", "*", none).
fn split_value(cell: &str) -> Option<(String, String, String, Option<i32>)> {
    if is_empty_value(cell) {
        return None;
    }
    let mut core = cell.trim();
    let mut after = String::new();
    let mut year = None;
    if let Some(open) = core.rfind(['（', '(']) {
        let note = &core[open..];
        let inner = note
            .trim_start_matches(['（', '('])
            .trim_end_matches(['）', ')']);
        if let Some(y) = inner.strip_suffix('年').and_then(year_of) {
            if inner.len() == 4 + '年'.len_utf8() && open > 0 {
                year = Some(y);
                after = note.to_string();
                core = core[..open].trim_end();
            }
        }
    }
    let stars = core.trim_end_matches(['*', '∗', '＊']);
    if stars.len() < core.len() {
        after = format!("{}{after}", &core[stars.len()..]);
        core = stars;
    }
    let mut before = String::new();
    for (open, close) in [('[', ']'), ('〔', '〕'), ('【', '】'), ('［', '］')] {
        if let Some(inner) = core.strip_prefix(open).and_then(|c| c.strip_suffix(close)) {
            before = open.to_string();
            after = format!("{close}{after}");
            core = inner.trim();
            break;
        }
    }
    (!core.is_empty()).then(|| (before, core.to_string(), after, year))
}

fn round(v: f64) -> f64 {
    if v == 0.0 {
        return 0.0;
    }
    let digits = 12 - v.abs().log10().ceil() as i32;
    let f = 10f64.powi(digits.clamp(0, 15));
    (v * f).round() / f
}

/// The registry value of a tagged cell text, read as `plandoc check` reads it.
fn value_of(text: &str, unit: &str, year: i32) -> Val {
    let qualitative = Val {
        year,
        kind: ValueKind::Qualitative,
        value: None,
        max: None,
        ratio: None,
        text: Some(text.to_string()),
    };
    let Ok(q) = values::parse_zh(text) else {
        return qualitative;
    };
    let bare = values::is_bare_number(text);
    let unit_measure = parse::unit_measure(unit);
    if !bare && unit_measure != values::Measure::Amount && q.measure != unit_measure {
        return qualitative;
    }
    let scale = if bare || matches!(q.kind, ValueKind::Growth | ValueKind::Rank) {
        1.0
    } else {
        parse::unit_scale(unit)
    };
    Val {
        year,
        kind: q.kind,
        value: q.value.map(|v| round(v / scale)),
        max: q.max.map(|v| round(v / scale)),
        ratio: q.ratio,
        text: None,
    }
}

/// `地区生产总值年均增长（%）` → (`地区生产总值年均增长`, `%`).
fn name_and_unit(name: &str) -> (String, String) {
    let t = name.trim();
    if let Some(body) = t.strip_suffix(['）', ')']) {
        if let Some(open) = body.rfind(['（', '(']) {
            let unit = &body[open + body[open..].chars().next().map_or(0, char::len_utf8)..];
            if !unit.is_empty() && open > 0 {
                return (body[..open].trim().to_string(), unit.trim().to_string());
            }
        }
    }
    (t.to_string(), String::new())
}

/// The entries of an indicator table and the tags of its cells (`tags[row][col]`).
pub(super) fn register(
    table: &Table,
    area: &str,
    ids: &mut IdSet,
) -> (Vec<Entry>, Vec<Vec<Option<Tagged>>>) {
    let mut tags: Vec<Vec<Option<Tagged>>> = table
        .rows
        .iter()
        .map(|r| vec![None; r.cells.len()])
        .collect();
    let Some(nature_col) = table.cols.nature else {
        return (Vec::new(), tags);
    };
    let h = &table.header;
    let vals = &table.cols.values;
    let target_col = vals
        .iter()
        .copied()
        .find(|&c| h[c].contains("目标"))
        .or_else(|| {
            vals.iter()
                .copied()
                .filter(|&c| year_of(&h[c]).is_some())
                .max_by_key(|&c| year_of(&h[c]))
        });
    let Some(target_col) = target_col else {
        return (Vec::new(), tags);
    };
    let Some(target_year) = year_of(&h[target_col]) else {
        return (Vec::new(), tags);
    };
    let baseline_col = vals.iter().copied().find(|&c| {
        c != target_col
            && (year_of(&h[c]).is_some_and(|y| y < target_year)
                || ["预计", "基期", "完成", "实际"]
                    .iter()
                    .any(|w| h[c].contains(w)))
    });
    let cumulative_col = vals
        .iter()
        .copied()
        .find(|&c| c != target_col && (h[c].contains("累计") || h[c].contains("年均")));

    let mut entries = Vec::new();
    for (r, row) in table.rows.iter().enumerate() {
        let nature = match row.cells[nature_col].as_str() {
            "预期性" => "expected",
            "约束性" => "binding",
            _ => continue,
        };
        if row.category {
            continue;
        }
        let (mut indicator, mut unit) = name_and_unit(&row.cells[table.cols.name]);
        if unit.is_empty() {
            if let Some(u) = table.cols.unit {
                unit = row.cells[u].trim().to_string();
            }
        }
        if let Some(g) = &row.group {
            let rest = indicator
                .strip_prefix(g.as_str())
                .unwrap_or(&indicator)
                .trim_start_matches('：')
                .trim();
            if !rest.is_empty() {
                indicator = format!("{g}：{rest}");
            }
        }
        let col = if is_empty_value(&row.cells[target_col]) {
            match cumulative_col {
                Some(c) if !is_empty_value(&row.cells[c]) => c,
                _ => continue,
            }
        } else {
            target_col
        };
        let Some((before, core, after, _)) = split_value(&row.cells[col]) else {
            continue;
        };
        let id = ids.unique_n(&indicator, "target", TARGET_SYLLABLES);
        let target = value_of(&core, &unit, target_year);
        tags[r][col] = Some(Tagged {
            before,
            value: core,
            after,
            kind: "target",
            id: id.clone(),
        });
        let mut baseline = None;
        if let Some(b) = baseline_col {
            if let Some((before, core, after, year)) = split_value(&row.cells[b]) {
                let year = year.or_else(|| year_of(&h[b])).unwrap_or(target_year - 5);
                if year < target_year {
                    baseline = Some(value_of(&core, &unit, year));
                    tags[r][b] = Some(Tagged {
                        before,
                        value: core,
                        after,
                        kind: "baseline",
                        id: id.clone(),
                    });
                }
            }
        }
        entries.push(Entry {
            id,
            indicator,
            area: area.to_string(),
            unit,
            nature,
            baseline,
            target,
        });
    }
    (entries, tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_as_check_reads_them() {
        assert_eq!(value_of("5左右", "%", 2030).kind, ValueKind::About);
        let v = value_of("＞40", "%", 2030);
        assert_eq!((v.kind, v.value), (ValueKind::AtLeast, Some(40.0)));
        assert_eq!(value_of("≥7.64", "%", 2030).kind, ValueKind::AtLeast);
        assert_eq!(value_of("＜6", "%", 2030).kind, ValueKind::AtMost);
        let r = value_of("4.5-5", "%", 2030);
        assert_eq!(
            (r.kind, r.value, r.max),
            (ValueKind::Range, Some(4.5), Some(5.0))
        );
        let q = value_of("与经济增长同步", "%", 2030);
        assert_eq!(q.kind, ValueKind::Qualitative);
        assert_eq!(q.text.as_deref(), Some("与经济增长同步"));
        assert_eq!(value_of("19", "亿斤", 2030).value, Some(19.0));
    }

    #[test]
    fn cells_cut_for_their_tags() {
        assert_eq!(
            split_value("21.5（2024年）"),
            Some(("".into(), "21.5".into(), "（2024年）".into(), Some(2024)))
        );
        assert_eq!(
            split_value("[125]"),
            Some(("[".into(), "125".into(), "]".into(), None))
        );
        assert_eq!(
            split_value("〔20〕"),
            Some(("〔".into(), "20".into(), "〕".into(), None))
        );
        assert_eq!(
            split_value("5.2*"),
            Some(("".into(), "5.2".into(), "*".into(), None))
        );
        assert_eq!(split_value("—"), None);
        assert_eq!(
            name_and_unit("细颗粒物（PM2.5）年均浓度（微克/立方米）"),
            (
                "细颗粒物（PM2.5）年均浓度".to_string(),
                "微克/立方米".to_string()
            )
        );
    }
}
