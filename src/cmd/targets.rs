//! `plandoc targets`: the registry with where each target is defined and mentioned.

use crate::exit;
use crate::index::TargetIndex;
use crate::model::Lang;
use crate::render::data;
use crate::values;
use std::path::Path;

#[derive(Clone, Copy)]
pub enum Format {
    Table,
    Csv,
    Json,
}

pub fn run(plan_dir: &Path, format: Format) -> i32 {
    let (plan, diags) = match crate::driver::check_plan(plan_dir) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::ENVIRONMENT;
        }
    };
    if diags.has_errors() {
        eprintln!(
            "{}; run `plandoc check` to see them",
            crate::driver::summary(&diags)
        );
    }
    let index = TargetIndex::build(&plan);
    let text = match format {
        Format::Json => data::to_json(&plan, &index),
        Format::Csv => data::to_csv(&plan, &index),
        Format::Table => table(&plan, &index),
    };
    print!("{text}");
    if diags.has_errors() {
        exit::PLAN_ERRORS
    } else {
        exit::OK
    }
}

/// A terminal table: ID, indicator, baseline → target, and the places in the zh text.
fn table(plan: &crate::model::Plan, index: &TargetIndex) -> String {
    let mut rows = vec![[
        "id".to_string(),
        "indicator".into(),
        "baseline".into(),
        "target".into(),
        "defined (zh | en)".into(),
        "mentions".into(),
    ]];
    for t in crate::index::index_order(plan) {
        let refs = index.get(&t.id);
        let at = |l: Option<&crate::index::Location>| {
            l.map(|l| format!("{}:{}", short(&l.file), l.line))
                .unwrap_or_else(|| "—".into())
        };
        rows.push([
            t.id.clone(),
            t.indicator.zh.clone(),
            t.baseline
                .as_ref()
                .map(|b| format!("{} ({})", values::display(t, b, Lang::Zh), b.year))
                .unwrap_or_else(|| "—".into()),
            format!(
                "{} ({})",
                values::display(t, &t.target, Lang::Zh),
                t.target.year
            ),
            format!(
                "{} | {}",
                at(refs.and_then(|r| r.definition(Lang::Zh))),
                at(refs.and_then(|r| r.definition(Lang::En)))
            ),
            refs.map(|r| (r.mentions.len() + r.baselines.len()).to_string())
                .unwrap_or_default(),
        ]);
    }
    let widths: Vec<usize> = (0..6)
        .map(|c| rows.iter().map(|r| display_width(&r[c])).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - display_width(c))))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
        if i == 0 {
            out.push_str(
                &widths
                    .iter()
                    .map(|w| "-".repeat(*w))
                    .collect::<Vec<_>>()
                    .join("  "),
            );
            out.push('\n');
        }
    }
    out
}

fn short(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Terminal columns: CJK characters take two.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if crate::text::is_cjk(c) { 2 } else { 1 })
        .sum()
}
