//! `targets suggest --apply`: the tags in the chapter files (zh, and en where the en block states
//! the same value) and the new registry entries appended to targets.yaml. Never overwrites a
//! tag or an ID: a suggestion whose words are already tagged was not made, and IDs are unique.
//! All files are staged beside their originals and renamed into place together.

use super::Suggestion;
use crate::model::{Lang, Plan, Span, ValueKind};
use crate::source::yaml::scalar;
use crate::translate::numbers::en_numbers;
use crate::values;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What `--apply` will write.
#[derive(Debug, Default)]
pub struct Changes {
    /// New text of each changed file, by path.
    pub files: BTreeMap<PathBuf, String>,
    /// One line per tag written: `file:line:col target:id 1500亿元`.
    pub log: Vec<String>,
    /// Registry entries added.
    pub added: usize,
}

/// English words before a number that belong to its value expression.
const EN_PREFIXES: &[&str] = &[
    "an average annual growth rate of ",
    "an average annual growth of ",
    "average annual growth of ",
    "an average annual increase of ",
    "no less than ",
    "not less than ",
    "no more than ",
    "more than ",
    "at least ",
    "at most ",
    "up to ",
    "around ",
    "about ",
    "over ",
    "exceeding ",
    "exceed ",
];
const EN_SUFFIXES: &[&str] = &[
    " or more",
    " or above",
    " billion yuan",
    " million yuan",
    " yuan",
    " billion",
    " million",
];

/// Computes the new files for the suggestions chosen.
pub fn changes(plan: &Plan, plan_dir: &Path, chosen: &[Suggestion]) -> Changes {
    let mut out = Changes::default();
    // Tags, per source file: (span, text to insert before, after).
    let mut edits: BTreeMap<usize, Vec<(Span, String)>> = BTreeMap::new();
    for s in chosen {
        let scheme = if s.repeat_of.is_some() {
            "mention"
        } else {
            "target"
        };
        edits
            .entry(s.span.file)
            .or_default()
            .push((s.span, format!("]({scheme}:{})", s.id)));
        out.log.push(format!(
            "{}:{}:{} {scheme}:{} {}",
            s.file, s.line, s.column, s.id, s.expression
        ));
        if let Some((span, expr)) = en_place(plan, s) {
            let (line, col) = plan.sources.line_col(span.file, span.start);
            let path = plan.sources.file(span.file).path.display().to_string();
            out.log
                .push(format!("{path}:{line}:{col} {scheme}:{} {expr}", s.id));
            edits
                .entry(span.file)
                .or_default()
                .push((span, format!("]({scheme}:{})", s.id)));
        }
    }
    for (file, mut spans) in edits {
        spans.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
        let mut text = plan.sources.file(file).text.clone();
        let mut last_start = usize::MAX;
        for (span, close) in spans {
            if span.end > last_start {
                continue; // overlapping suggestions: the first one wins
            }
            text.insert_str(span.end, &close);
            text.insert(span.start, '[');
            last_start = span.start;
        }
        out.files.insert(plan.sources.file(file).path.clone(), text);
    }
    let new: Vec<&Suggestion> = chosen.iter().filter(|s| s.repeat_of.is_none()).collect();
    if !new.is_empty() {
        let path = plan_dir.join("targets.yaml");
        let old = crate::source::file_index(plan, "targets.yaml")
            .map(|f| plan.sources.file(f).text.clone())
            .unwrap_or_else(|| "targets:\n".to_string());
        let mut text = if old.trim_end().ends_with("targets: []") {
            old.trim_end().trim_end_matches("[]").trim_end().to_string() + "\n"
        } else {
            old.clone()
        };
        if !text.ends_with('\n') {
            text.push('\n');
        }
        for s in &new {
            text.push_str(&entry(plan, s));
        }
        out.added = new.len();
        out.files.insert(path, text);
    }
    out
}

/// One registry entry in the format of targets.yaml.
fn entry(plan: &Plan, s: &Suggestion) -> String {
    let loc = |zh: &str| format!("{{zh: {}}}", scalar(zh));
    let kind = serde_json::to_value(s.kind)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    let mut target = format!("{{year: {}, kind: {kind}", s.year);
    match s.kind {
        ValueKind::Ratio => {
            let parts: Vec<String> = s
                .ratio
                .iter()
                .flatten()
                .map(|v| values::format_number(*v))
                .collect();
            target.push_str(&format!(", ratio: [{}]", parts.join(", ")));
        }
        ValueKind::Qualitative => {
            target.push_str(&format!(
                ", text: {}",
                loc(s.text.as_deref().unwrap_or(&s.expression))
            ));
        }
        ValueKind::Rank => {
            target.push_str(&format!(
                ", value: {}",
                values::format_number(s.value.unwrap_or(0.0))
            ));
            target.push_str(&format!(", text: {}", loc(s.text.as_deref().unwrap_or(""))));
        }
        _ => {
            if let Some(v) = s.value {
                target.push_str(&format!(", value: {}", values::format_number(v)));
            }
            if let Some(m) = s.max {
                target.push_str(&format!(", max: {}", values::format_number(m)));
            }
        }
    }
    target.push('}');
    let mut e = format!("  - id: {}\n", s.id);
    e.push_str(&format!("    indicator: {}\n", loc(&s.indicator)));
    e.push_str(&format!("    area: {}\n", s.chapter));
    e.push_str(&format!("    unit: {}\n", loc(&s.unit)));
    e.push_str("    nature: unstated\n");
    if let Some((year, value)) = s.baseline.filter(|(y, _)| *y < s.year) {
        e.push_str(&format!(
            "    baseline: {{year: {year}, value: {}}}\n",
            values::format_number(value)
        ));
    }
    e.push_str(&format!("    target: {target}\n"));
    let _ = plan;
    e
}

/// The place in the en block of the same key that states the same value, if there is exactly
/// one: the span to tag and its words.
fn en_place(plan: &Plan, s: &Suggestion) -> Option<(Span, String)> {
    if !plan.has_english() {
        return None;
    }
    let pair = plan.chapter(&s.chapter)?;
    let en = pair.get(Lang::En)?;
    let block = en.blocks.iter().find(|b| b.key == s.block)?;
    let zh = values::parse_zh(&s.expression).ok()?;
    let source = &plan.sources.file(block.span.file).text;
    let text = source.get(block.span.start..block.span.end)?;
    let tags = block.tags();
    let mut found = Vec::new();
    for n in en_numbers(&block.text) {
        let Some(i) = text.find(&n.text) else {
            continue;
        };
        let (mut start, mut end) = (i, i + n.text.len());
        if let Some(p) = EN_PREFIXES
            .iter()
            .find(|p| text[..start].to_lowercase().ends_with(**p))
        {
            start -= p.len();
        }
        if let Some(x) = EN_SUFFIXES.iter().find(|x| text[end..].starts_with(**x)) {
            end += x.len();
        }
        let expr = &text[start..end];
        let Ok(q) = values::parse_en(expr) else {
            continue;
        };
        let same = q.kind == zh.kind
            && q.value
                .zip(zh.value)
                .is_some_and(|(a, b)| (a - b).abs() <= 1e-9 * b.abs().max(1.0))
            && q.max
                .zip(zh.max)
                .is_none_or(|(a, b)| (a - b).abs() <= 1e-9 * b.abs().max(1.0));
        let span = Span::new(
            block.span.file,
            block.span.start + start,
            block.span.start + end,
        );
        let in_tag = tags
            .iter()
            .any(|t| t.span.start < span.end && span.start < t.span.end);
        if same && !in_tag {
            found.push((span, expr.to_string()));
        }
    }
    (found.len() == 1).then(|| found.remove(0))
}

/// Writes the changed files: every new text is staged beside its file first, then all are
/// renamed into place, so an error leaves every file as it was.
pub fn write(changes: &Changes) -> std::io::Result<()> {
    let files: Vec<(PathBuf, &String)> =
        changes.files.iter().map(|(p, t)| (p.clone(), t)).collect();
    crate::atomic::write_files(&files)
}
