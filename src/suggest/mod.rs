//! `plandoc targets suggest`: the quantitative targets hiding in a plan's prose, found and
//! proposed as registry entries and tags (and, with `--apply`, written).
//!
//! A suggestion is a value expression that [`crate::values`] reads (`1500亿元`, `超过60%`,
//! `年均增长7.5%`, `2~3家`, `40:60`, `全省前三`) or a recognised end-state (`全覆盖`,
//! `全省前列`, `全省领先`), in a clause governed by a future horizon: `到2025年`, `力争到2030年`,
//! the plan's own period (`“十四五”期间`, `“十五五”末`, `期末`), or a heading that announces the
//! plan's objectives. What is not a target is left out: a baseline or past achievement (`由2015年的
//! …增长至2020年的…`, `2020年全市实现…`, `“十三五”期间`), dates, list numbers, counts of the
//! plan's own parts (`三大任务`), thresholds (`投资5亿元以上的项目`).
//!
//! [`scan`] finds the statements; [`apply`] writes them. Nothing here reads or writes files
//! except `apply::write`, which stages every change and renames it into place.

pub mod apply;
mod scan;

use crate::model::{BlockKind, Lang, Plan, Span};

pub use scan::{period, Found};

/// One proposed target: where it is, its ID, and what was found there.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Suggestion {
    /// Where the value expression is in the zh source (its span is what gets tagged).
    #[serde(skip)]
    pub span: Span,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The chapter and block the statement is in.
    pub chapter: String,
    pub block: String,
    /// The proposed registry ID.
    pub id: String,
    /// True when the same indicator and value were already suggested earlier in the plan: the
    /// statement is a mention of that target.
    pub repeat_of: Option<String>,
    #[serde(flatten)]
    pub found: Found,
}

impl std::ops::Deref for Suggestion {
    type Target = Found;
    fn deref(&self) -> &Found {
        &self.found
    }
}

/// Finds the untagged targets of a plan's zh text, in document order, with unique IDs that do
/// not clash with the registry.
pub fn suggest(plan: &Plan) -> Vec<Suggestion> {
    let period = period(plan);
    let mut out: Vec<Suggestion> = Vec::new();
    let mut taken: std::collections::HashSet<String> =
        plan.targets.targets.iter().map(|t| t.id.clone()).collect();
    for pair in &plan.chapters {
        let Some(ch) = pair.get(Lang::Zh) else {
            continue;
        };
        let source = &plan.sources.file(ch.file).text;
        for block in &ch.blocks {
            if !matches!(
                block.kind,
                BlockKind::Paragraph
                    | BlockKind::ListItem { .. }
                    | BlockKind::Definition
                    | BlockKind::Note
            ) {
                continue;
            }
            let goal_section = ch
                .heading_of(block)
                .is_some_and(|h| scan::announces_goals(&h.text))
                || scan::announces_goals(&ch.title);
            for found in scan::block(block, &period, goal_section) {
                let Some(span) = locate(
                    source,
                    block.span,
                    &found.expression,
                    &block.tags(),
                    found.offset_hint,
                ) else {
                    continue;
                };
                let (line, column) = plan.sources.line_col(ch.file, span.start);
                let repeat_of = out
                    .iter()
                    .find(|s| {
                        s.indicator == found.indicator
                            && s.value == found.value
                            && s.kind == found.kind
                            && s.unit == found.unit
                    })
                    .map(|s| s.id.clone());
                let id = match &repeat_of {
                    Some(id) => id.clone(),
                    None => unique_id(&found.indicator, &found.unit, &mut taken),
                };
                out.push(Suggestion {
                    span,
                    file: plan.sources.file(ch.file).path.display().to_string(),
                    line,
                    column,
                    chapter: ch.id.clone(),
                    block: block.key.clone(),
                    id,
                    repeat_of,
                    found,
                });
            }
        }
    }
    out
}

/// The span of `expression` in the block's source, not inside an existing tag. `hint` is the
/// expression's rank among equal strings in the block's plain text.
fn locate(
    source: &str,
    span: Span,
    expression: &str,
    tags: &[&crate::model::Tag],
    hint: usize,
) -> Option<Span> {
    let start = span.start.min(source.len());
    let end = span.end.min(source.len());
    let text = source.get(start..end)?;
    let (i, _) = text.match_indices(expression).nth(hint)?;
    let at = Span::new(span.file, start + i, start + i + expression.len());
    let in_tag = tags
        .iter()
        .any(|t| t.span.start < at.end && at.start < t.span.end);
    (!in_tag).then_some(at)
}

/// A readable ASCII ID from the indicator's pinyin, unique among `taken`.
fn unique_id(indicator: &str, unit: &str, taken: &mut std::collections::HashSet<String>) -> String {
    let base = crate::text::slug(indicator, 5);
    let base = if base.is_empty() {
        crate::text::slug(unit, 2)
    } else {
        base
    };
    let base = if base.is_empty() {
        "target".to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}
