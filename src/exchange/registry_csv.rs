//! The target registry as CSV for spreadsheets: one row per target, UTF-8 with a byte order
//! mark (so Excel reads the Chinese right), every field of targets.yaml in a column of its own.
//! Reading it back checks every row and names each malformed one by its line and column;
//! writing it back replaces only the entries of targets.yaml that changed, so the comments
//! and the order of the file stay as they are.

use crate::model::{Localized, Nature, Progress, Target, TargetRegistry, ValueKind, YearValue};
use crate::source::yaml::scalar;
use crate::values::format_number;
use std::collections::{BTreeMap, BTreeSet};

const VALUE_FIELDS: &[&str] = &[
    "year",
    "kind",
    "value",
    "max",
    "ratio",
    "text_zh",
    "text_en",
    "display_zh",
    "display_en",
];
const VALUES: &[&str] = &["baseline", "target", "ambition"];

/// The columns that name a target, first in every CSV of targets (this one and the open
/// data's targets.csv).
pub const TARGET_COLUMNS: [&str; 7] = [
    "id",
    "indicator_zh",
    "indicator_en",
    "area",
    "unit_zh",
    "unit_en",
    "nature",
];

/// The cells of [`TARGET_COLUMNS`] for `t`, its nature as the sheet writes it.
pub fn target_cells(t: &Target, nature: String) -> Vec<String> {
    vec![
        t.id.clone(),
        t.indicator.zh.clone(),
        t.indicator.en.clone(),
        t.area.clone(),
        t.unit.zh.clone(),
        t.unit.en.clone(),
        nature,
    ]
}

/// The columns, in order.
pub fn columns() -> Vec<String> {
    let mut out: Vec<String> = TARGET_COLUMNS.map(String::from).to_vec();
    for v in VALUES {
        for f in VALUE_FIELDS {
            out.push(format!("{v}_{f}"));
        }
    }
    out.push("progress".into());
    out
}

/// `at-least`: a kind as targets.yaml writes it.
pub fn kind_name(k: ValueKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

fn nature_name(n: Nature) -> String {
    serde_json::to_value(n)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

fn ratio_text(r: &[f64]) -> String {
    r.iter()
        .map(|v| format_number(*v))
        .collect::<Vec<_>>()
        .join(":")
}

/// The registry as CSV text (with the BOM).
pub fn export(registry: &TargetRegistry) -> String {
    let rows = registry.targets.iter().map(|t| {
        let mut row = target_cells(t, nature_name(t.nature));
        for v in [t.baseline.as_ref(), Some(&t.target), t.ambition.as_ref()] {
            match v {
                Some(v) => row.extend([
                    v.year.to_string(),
                    kind_name(v.kind),
                    v.value.map(format_number).unwrap_or_default(),
                    v.max.map(format_number).unwrap_or_default(),
                    v.ratio.as_deref().map(ratio_text).unwrap_or_default(),
                    v.text.as_ref().map(|t| t.zh.clone()).unwrap_or_default(),
                    v.text.as_ref().map(|t| t.en.clone()).unwrap_or_default(),
                    v.display.as_ref().map(|t| t.zh.clone()).unwrap_or_default(),
                    v.display.as_ref().map(|t| t.en.clone()).unwrap_or_default(),
                ]),
                None => row.extend(std::iter::repeat_n(String::new(), VALUE_FIELDS.len())),
            }
        }
        row.push(if t.progress.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&t.progress).expect("progress serialises")
        });
        row
    });
    let header = columns();
    super::sheet::write(&header.iter().map(String::as_str).collect::<Vec<_>>(), rows)
}

/// A malformed row or field: `line` is the CSV line (1 is the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(c) => write!(f, "line {}, column `{c}`: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// Reads a CSV of the registry (with or without the BOM): every target, or every problem.
pub fn read(text: &str) -> Result<Vec<Target>, Vec<RowError>> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut errors = Vec::new();
    let header: Vec<String> = match r.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            return Err(vec![RowError {
                line: 1,
                column: None,
                message: format!("the header cannot be read: {e}"),
            }])
        }
    };
    let known = columns();
    for h in &header {
        if !known.contains(h) {
            errors.push(RowError {
                line: 1,
                column: Some(h.clone()),
                message: format!(
                    "unknown column (the columns are those `plandoc targets export` writes: {})",
                    known.join(", ")
                ),
            });
        }
    }
    for required in [
        "id",
        "indicator_zh",
        "area",
        "unit_zh",
        "nature",
        "target_year",
    ] {
        if !header.iter().any(|h| h == required) {
            errors.push(RowError {
                line: 1,
                column: Some(required.into()),
                message: "required column missing".into(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The line a record starts on, from its byte offset (the csv crate counts a CRLF row's
    // line from the end of the previous one).
    let line_of = |pos: Option<&csv::Position>| -> u64 {
        let Some(pos) = pos else { return 0 };
        let mut b = (pos.byte() as usize).min(text.len());
        while text[b..].starts_with(['\r', '\n']) {
            b += 1;
        }
        text[..b].matches('\n').count() as u64 + 1
    };
    let mut targets = Vec::new();
    let mut ids: BTreeMap<String, u64> = BTreeMap::new();
    for record in r.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = line_of(e.position());
                errors.push(RowError {
                    line,
                    column: None,
                    message: format!("malformed row: {e}"),
                });
                continue;
            }
        };
        let line = line_of(record.position());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            errors.push(RowError {
                line,
                column: None,
                message: format!(
                    "{} fields, but the header has {} columns",
                    record.len(),
                    header.len()
                ),
            });
            continue;
        }
        let row: BTreeMap<&str, &str> = header
            .iter()
            .map(String::as_str)
            .zip(record.iter().map(|f| super::sheet::field(f.trim())))
            .collect();
        match target_of(&row, line) {
            Ok(t) => {
                if let Some(first) = ids.insert(t.id.clone(), line) {
                    errors.push(RowError {
                        line,
                        column: Some("id".into()),
                        message: format!("`{}` is already the ID of line {first}", t.id),
                    });
                }
                targets.push(t);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(targets)
    } else {
        Err(errors)
    }
}

fn target_of(row: &BTreeMap<&str, &str>, line: u64) -> Result<Target, Vec<RowError>> {
    let mut errors = Vec::new();
    let get = |c: &str| row.get(c).copied().unwrap_or("");
    let mut err = |c: &str, m: String| {
        errors.push(RowError {
            line,
            column: Some(c.to_string()),
            message: m,
        })
    };
    let id = get("id").to_string();
    if !crate::model::is_valid_id(&id) {
        err(
            "id",
            format!("`{id}` is not an ID (lowercase ASCII letters, digits and `-`)"),
        );
    }
    for c in ["indicator_zh", "area", "unit_zh"] {
        if get(c).is_empty() && c != "unit_zh" {
            err(c, "empty".into());
        }
    }
    let nature = match serde_json::from_value::<Nature>(serde_json::Value::String(
        get("nature").to_string(),
    )) {
        Ok(n) => Some(n),
        Err(_) => {
            err(
                "nature",
                format!(
                    "`{}` is not a nature: expected, binding or unstated",
                    get("nature")
                ),
            );
            None
        }
    };
    let mut values: Vec<Option<YearValue>> = Vec::new();
    for v in VALUES {
        let col = |f: &str| format!("{v}_{f}");
        let field = |f: &str| get(&col(f));
        if VALUE_FIELDS.iter().all(|f| field(f).is_empty()) {
            if *v == "target" {
                err(&col("year"), "every target needs a year".into());
            }
            values.push(None);
            continue;
        }
        let year = match field("year").parse::<i32>() {
            Ok(y) if (1900..=2200).contains(&y) => Some(y),
            _ => {
                err(
                    &col("year"),
                    format!("`{}` is not a year (e.g. 2025)", field("year")),
                );
                None
            }
        };
        let kind = if field("kind").is_empty() {
            Some(ValueKind::Exact)
        } else {
            match serde_json::from_value::<ValueKind>(serde_json::Value::String(
                field("kind").to_string(),
            )) {
                Ok(k) => Some(k),
                Err(_) => {
                    err(&col("kind"), format!("`{}` is not a kind: exact, about, at-least, at-most, range, ratio, rank, growth or qualitative", field("kind")));
                    None
                }
            }
        };
        let mut number = |f: &str| -> Option<f64> {
            let s = field(f);
            if s.is_empty() {
                return None;
            }
            match s.replace(',', "").parse::<f64>() {
                Ok(x) if x.is_finite() => Some(x),
                _ => {
                    err(&col(f), format!("`{s}` is not a number"));
                    None
                }
            }
        };
        let value = number("value");
        let max = number("max");
        let ratio = if field("ratio").is_empty() {
            None
        } else {
            let parts: Vec<Option<f64>> = field("ratio")
                .split(':')
                .map(|p| p.trim().parse::<f64>().ok())
                .collect();
            if parts.len() < 2 || parts.iter().any(Option::is_none) {
                err(
                    &col("ratio"),
                    format!("`{}` is not a ratio (e.g. 40:60)", field("ratio")),
                );
                None
            } else {
                Some(parts.into_iter().flatten().collect())
            }
        };
        let text = if field("text_zh").is_empty() && field("text_en").is_empty() {
            None
        } else {
            Some(Localized {
                zh: field("text_zh").to_string(),
                en: field("text_en").to_string(),
            })
        };
        let display = if field("display_zh").is_empty() && field("display_en").is_empty() {
            None
        } else {
            Some(Localized {
                zh: field("display_zh").to_string(),
                en: field("display_en").to_string(),
            })
        };
        values.push(match (year, kind) {
            (Some(year), Some(kind)) => Some(YearValue {
                year,
                kind,
                value,
                max,
                ratio,
                text,
                display,
                stated: None,
            }),
            _ => None,
        });
    }
    let progress: Vec<Progress> = if get("progress").is_empty() {
        Vec::new()
    } else {
        match serde_json::from_str(get("progress")) {
            Ok(p) => p,
            Err(e) => {
                err(
                    "progress",
                    format!("not a list of `{{\"year\": …, \"value\": …, \"source\": …}}` ({e})"),
                );
                Vec::new()
            }
        }
    };
    let target = values[1].clone();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Target {
        id,
        indicator: Localized {
            zh: get("indicator_zh").to_string(),
            en: get("indicator_en").to_string(),
        },
        area: get("area").to_string(),
        unit: Localized {
            zh: get("unit_zh").to_string(),
            en: get("unit_en").to_string(),
        },
        nature: nature.expect("checked"),
        baseline: values[0].clone(),
        target: target.expect("checked"),
        ambition: values[2].clone(),
        progress,
        line: 0,
    })
}

fn loc(l: &Localized) -> String {
    if l.en.is_empty() {
        format!("{{zh: {}}}", scalar(&l.zh))
    } else {
        format!("{{zh: {}, en: {}}}", scalar(&l.zh), scalar(&l.en))
    }
}

fn value_text(v: &YearValue, with_kind: bool) -> String {
    let mut s = format!("{{year: {}", v.year);
    if with_kind || v.kind != ValueKind::Exact {
        s.push_str(&format!(", kind: {}", kind_name(v.kind)));
    }
    if let Some(x) = v.value {
        s.push_str(&format!(", value: {}", format_number(x)));
    }
    if let Some(x) = v.max {
        s.push_str(&format!(", max: {}", format_number(x)));
    }
    if let Some(r) = &v.ratio {
        let parts: Vec<String> = r.iter().map(|x| format_number(*x)).collect();
        s.push_str(&format!(", ratio: [{}]", parts.join(", ")));
    }
    if let Some(t) = &v.text {
        s.push_str(&format!(", text: {}", loc(t)));
    }
    if let Some(t) = &v.display {
        s.push_str(&format!(", display: {}", loc(t)));
    }
    s.push('}');
    s
}

/// One registry entry in the style of targets.yaml.
pub fn render_entry(t: &Target) -> String {
    let mut e = format!("  - id: {}\n", t.id);
    e.push_str(&format!("    indicator: {}\n", loc(&t.indicator)));
    e.push_str(&format!("    area: {}\n", scalar(&t.area)));
    e.push_str(&format!("    unit: {}\n", loc(&t.unit)));
    e.push_str(&format!("    nature: {}\n", nature_name(t.nature)));
    if let Some(b) = &t.baseline {
        e.push_str(&format!("    baseline: {}\n", value_text(b, false)));
    }
    e.push_str(&format!("    target: {}\n", value_text(&t.target, true)));
    if let Some(a) = &t.ambition {
        e.push_str(&format!("    ambition: {}\n", value_text(a, true)));
    }
    if !t.progress.is_empty() {
        let items: Vec<String> = t
            .progress
            .iter()
            .map(|p| {
                format!(
                    "{{year: {}, value: {}, source: {}}}",
                    p.year,
                    format_number(p.value),
                    scalar(&p.source)
                )
            })
            .collect();
        e.push_str(&format!("    progress: [{}]\n", items.join(", ")));
    }
    e
}

/// A changed entry rendered anew, but each field that did not change keeps its line as written
/// (quoting, spacing, a comment at its end).
fn keep_unchanged_lines(old: &Target, new: &Target, old_lines: &[&str]) -> String {
    let (o, n) = (
        serde_json::to_value(old).unwrap_or_default(),
        serde_json::to_value(new).unwrap_or_default(),
    );
    let key_of = |l: &str| -> Option<String> {
        let t = l.strip_prefix("    ").or_else(|| l.strip_prefix("  - "))?;
        let k = t.split(':').next()?;
        (!k.is_empty() && !k.starts_with([' ', '#'])).then(|| k.to_string())
    };
    let mut out = String::new();
    for line in render_entry(new).split_inclusive('\n') {
        let kept = key_of(line).and_then(|k| {
            let single = old_lines
                .iter()
                .filter(|l| key_of(l).as_deref() == Some(&k))
                .count()
                == 1;
            (single && o.get(&k) == n.get(&k))
                .then(|| old_lines.iter().find(|l| key_of(l).as_deref() == Some(&k)))
                .flatten()
        });
        match kept {
            // A field that continues on the next lines (a block list) is rendered anew.
            Some(l) if !l.trim_end().ends_with(':') => out.push_str(l),
            _ => out.push_str(line),
        }
    }
    out
}

fn same(a: &Target, b: &Target) -> bool {
    serde_json::to_value(a).ok() == serde_json::to_value(b).ok()
}

/// What an import changes.
#[derive(Debug, Default)]
pub struct Merge {
    /// The new text of targets.yaml.
    pub text: String,
    pub changed: Vec<String>,
    pub added: Vec<String>,
    /// Registry targets the CSV has no row for (left as they are).
    pub absent: Vec<String>,
}

/// Merges the targets read from a CSV into targets.yaml's text: a changed entry is rewritten
/// in place (its comments inside the entry go with it), a new one appended, the rest of the
/// file is left byte for byte.
pub fn merge(yaml: &str, registry: &TargetRegistry, rows: &[Target]) -> Merge {
    let mut m = Merge::default();
    let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
    // Line ranges (0-based, end exclusive) of each registry entry.
    let mut replace: BTreeMap<usize, (usize, String)> = BTreeMap::new();
    let row_ids: BTreeSet<&str> = rows.iter().map(|t| t.id.as_str()).collect();
    for old in &registry.targets {
        if !row_ids.contains(old.id.as_str()) {
            m.absent.push(old.id.clone());
        }
    }
    let mut appended = String::new();
    for new in rows {
        match registry.targets.iter().find(|t| t.id == new.id) {
            Some(old) if same(old, new) => {}
            Some(old) if old.line >= 1 => {
                let start = old.line - 1;
                let mut end = start + 1;
                while end < lines.len() {
                    let l = lines[end];
                    let indented = l.starts_with("    ") || l.trim().is_empty();
                    if !indented || l.starts_with("  - ") {
                        break;
                    }
                    end += 1;
                }
                while end > start + 1 && lines[end - 1].trim().is_empty() {
                    end -= 1;
                }
                replace.insert(
                    start,
                    (end, keep_unchanged_lines(old, new, &lines[start..end])),
                );
                m.changed.push(new.id.clone());
            }
            Some(_) => {}
            None => {
                appended.push_str(&render_entry(new));
                m.added.push(new.id.clone());
            }
        }
    }
    let mut i = 0;
    while i < lines.len() {
        if let Some((end, text)) = replace.get(&i) {
            m.text.push_str(text);
            i = *end;
        } else {
            m.text.push_str(lines[i]);
            i += 1;
        }
    }
    if !appended.is_empty() {
        if !m.text.ends_with('\n') {
            m.text.push('\n');
        }
        m.text.push_str(&appended);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry(yaml: &str) -> TargetRegistry {
        let mut r: TargetRegistry = serde_yaml::from_str(yaml).unwrap();
        for t in &mut r.targets {
            t.line = yaml
                .lines()
                .position(|l| l == format!("  - id: {}", t.id))
                .unwrap()
                + 1;
        }
        r
    }

    const YAML: &str = "targets:\n  # one\n  - id: a\n    indicator: {zh: 甲, en: A}\n    area: x\n    unit: {zh: \"%\", en: \"%\"}\n    nature: expected\n    baseline: {year: 2020, value: 1.5}\n    target: {year: 2025, kind: at-least, value: 2}\n  # two\n  - id: b\n    indicator: {zh: 乙, en: B}\n    area: x\n    unit: {zh: 个}\n    nature: binding\n    target: {year: 2025, kind: rank, value: 3, text: {zh: 全省, en: the province}}\n    progress: [{year: 2022, value: 4, source: 年鉴}]\n";

    #[test]
    fn export_reads_back_and_merges_to_the_same_text() {
        let r = registry(YAML);
        let csv = export(&r);
        assert!(csv.starts_with('\u{FEFF}'));
        let rows = read(&csv).unwrap();
        let m = merge(YAML, &r, &rows);
        assert!(m.changed.is_empty() && m.added.is_empty(), "{m:?}");
        assert_eq!(m.text, YAML);
    }

    #[test]
    fn text_that_looks_like_a_formula_is_defused_and_reads_back() {
        let yaml = YAML.replace("{zh: 甲, en: A}", "{zh: 甲, en: \"=HYPERLINK(\\\"x\\\")\"}");
        let r = registry(&yaml);
        assert_eq!(r.targets[0].indicator.en, "=HYPERLINK(\"x\")");
        let csv = export(&r);
        assert!(csv.contains(",\"'=HYPERLINK(\"\"x\"\")\","), "{csv}");
        let rows = read(&csv).unwrap();
        assert_eq!(rows[0].indicator.en, "=HYPERLINK(\"x\")");
    }

    #[test]
    fn one_change_rewrites_one_entry() {
        let r = registry(YAML);
        let csv = export(&r).replace(",at-least,2,", ",at-least,2.5,");
        let rows = read(&csv).unwrap();
        let m = merge(YAML, &r, &rows);
        assert_eq!(m.changed, ["a"]);
        assert_eq!(
            m.text,
            YAML.replace("kind: at-least, value: 2}", "kind: at-least, value: 2.5}")
        );
    }

    #[test]
    fn every_malformed_row_is_named() {
        let r = registry(YAML);
        let csv = export(&r);
        let mut lines: Vec<String> = csv.lines().map(String::from).collect();
        lines[1] = lines[1]
            .replace(",expected,", ",sometimes,")
            .replace(",2020,", ",20x0,");
        lines.push("c,丙".into());
        let errs = read(&lines.join("\n")).unwrap_err();
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert!(
            text.iter()
                .any(|e| e.starts_with("line 2, column `nature`")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|e| e.starts_with("line 2, column `baseline_year`")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|e| e.starts_with("line 4: 2 fields")),
            "{text:?}"
        );
        let bad = read("id,foo\n").unwrap_err();
        assert!(bad.iter().any(|e| e.column.as_deref() == Some("foo")));
    }
}
