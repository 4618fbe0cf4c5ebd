//! The main-indicator table (主要指标): which targets it lists, its title, its column headers
//! and every cell, in each language. The site's target index and the PDF editions print this
//! one table (and the Word edition may), so their rows, labels and values are the same.

use super::labels::{label, year};
use super::value::{bare, dashes, indicator, nature, with_year};
use crate::model::{Lang, Plan, Target, ValueKind, YearValue};
use std::collections::BTreeMap;

/// The main indicators: the targets of [`main_area`] in index order, or all targets when no
/// area holds two.
pub fn main_indicators(plan: &Plan) -> Vec<&Target> {
    let ordered = crate::index::index_order(plan);
    match main_area(plan) {
        Some(area) => ordered.into_iter().filter(|t| t.area == area).collect(),
        None => ordered,
    }
}

/// The area (a chapter or section ID) that holds the most targets, if it holds at least two:
/// the plan's objectives section (主要目标) in a typical plan. On a tie, the first in index
/// order.
pub fn main_area(plan: &Plan) -> Option<&str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for t in crate::index::index_order(plan) {
        match counts.iter_mut().find(|(a, _)| *a == t.area) {
            Some((_, n)) => *n += 1,
            None => counts.push((&t.area, 1)),
        }
    }
    // `max_by_key` keeps the last maximum: walk backwards to keep the first.
    let (area, n) = counts.into_iter().rev().max_by_key(|(_, n)| *n)?;
    (n >= 2).then_some(area)
}

/// The table: its targets and the years its value columns are headed with.
pub struct MainTable<'p> {
    plan: &'p Plan,
    pub targets: Vec<&'p Target>,
    /// The year that heads the baseline column and the target column: the most common one
    /// (the latest on a tie). Values of other years carry their year in the cell.
    base_year: Option<i32>,
    target_year: Option<i32>,
}

/// A line of the table, the header or a row: its cells by column; `unit` is `None` when the
/// unit follows the indicator instead of having a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cells {
    pub no: String,
    pub indicator: String,
    pub unit: Option<String>,
    pub baseline: String,
    pub target: String,
    pub nature: String,
}

/// One row: the target it lists (the site links it) and its cells, as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub cells: Cells,
}

impl Cells {
    /// The cells in print order.
    pub fn in_order(&self) -> Vec<&str> {
        let mut out = vec![self.no.as_str(), &self.indicator];
        out.extend(self.unit.as_deref());
        out.extend([self.baseline.as_str(), &self.target, &self.nature]);
        out
    }
}

/// Whether a table in `lang` gives the unit a column of its own. Chinese tables do; in English
/// the unit follows the indicator in brackets (English units are long: "100 million yuan"),
/// as official English versions of Chinese plans print it.
pub fn unit_column(lang: Lang) -> bool {
    lang == Lang::Zh
}

impl<'p> MainTable<'p> {
    /// `None` when the plan registers no target.
    pub fn of(plan: &'p Plan) -> Option<Self> {
        let targets = main_indicators(plan);
        if targets.is_empty() {
            return None;
        }
        let base_year = usual_year(targets.iter().filter_map(|t| t.baseline.as_ref()));
        let target_year = usual_year(targets.iter().map(|t| &t.target));
        Some(MainTable {
            plan,
            targets,
            base_year,
            target_year,
        })
    }

    /// `湘潭市“十四五”服务业发展规划主要指标` / `Main Indicators of the …`.
    pub fn title(&self, lang: Lang) -> String {
        let meta = &self.plan.meta;
        match lang {
            Lang::Zh => format!("{}{}", meta.title.zh, label(lang, "main_table")),
            Lang::En => format!(
                "Main Indicators of the {}",
                meta.short_title.as_ref().unwrap_or(&meta.title).en
            ),
        }
    }

    pub fn columns(&self, lang: Lang, unit_column: bool) -> Cells {
        let value_column = |y: Option<i32>, key: &str| match y {
            Some(y) => year(y, lang),
            None => label(lang, key).to_string(),
        };
        Cells {
            no: label(lang, "no").to_string(),
            indicator: label(lang, "indicator").to_string(),
            unit: unit_column.then(|| label(lang, "unit").to_string()),
            baseline: value_column(self.base_year, "baseline"),
            target: value_column(self.target_year, "target"),
            nature: label(lang, "nature").to_string(),
        }
    }

    pub fn rows(&self, lang: Lang, unit_column: bool) -> Vec<Row> {
        self.targets
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let unit = t.unit.get(lang);
                let name = indicator(t, lang);
                Row {
                    id: t.id.clone(),
                    cells: Cells {
                        no: (i + 1).to_string(),
                        indicator: if unit_column || unit.is_empty() {
                            name
                        } else {
                            format!("{name} ({unit})")
                        },
                        unit: unit_column.then(|| unit.clone()),
                        baseline: t.baseline.as_ref().map_or_else(
                            || "—".to_string(),
                            |b| self.cell(t, b, lang, self.base_year),
                        ),
                        target: self.cell(t, &t.target, lang, self.target_year),
                        nature: nature(t, lang),
                    },
                }
            })
            .collect()
    }

    /// A value as a cell: without the unit (the unit has a column or follows the indicator)
    /// and, when it is of the year that heads the column, without the year. A growth rate
    /// whose indicator already says "growth" shows the rate alone.
    fn cell(&self, t: &Target, v: &YearValue, lang: Lang, header_year: Option<i32>) -> String {
        let says_growth =
            t.indicator.zh.contains("增长") || t.indicator.en.to_lowercase().contains("growth");
        let text = match (v.kind, v.value) {
            (ValueKind::Growth, Some(x)) if says_growth => {
                dashes(&crate::values::format_number(x), lang)
            }
            _ => bare(t, v, lang),
        };
        if header_year == Some(v.year) {
            text
        } else {
            with_year(text, v.year, lang)
        }
    }
}

fn usual_year<'v>(values: impl Iterator<Item = &'v YearValue>) -> Option<i32> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v.year).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(y, n)| (*n, *y))
        .map(|(y, _)| y)
}
