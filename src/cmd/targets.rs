//! `plandoc targets`: the registry with where each target is defined and mentioned.

use plandoc::exit;
use plandoc::index::TargetIndex;
use plandoc::model::Lang;
use plandoc::present::value::value;
use plandoc::render::data;
use plandoc::values;
use std::path::Path;

#[derive(Clone, Copy)]
pub enum Format {
    Table,
    Csv,
    Json,
}

pub fn run(plan_dir: &Path, format: Format) -> i32 {
    let (plan, diags) = match super::load(plan_dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if diags.has_errors() {
        eprintln!(
            "{}; run `plandoc check` to see them",
            plandoc::driver::summary(&diags)
        );
    }
    let index = TargetIndex::build(&plan);
    // Values in the plan's own words, as the site and the exports show them.
    let plan = plandoc::index::with_stated_words(&plan, &index);
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
fn table(plan: &plandoc::model::Plan, index: &TargetIndex) -> String {
    let mut rows = vec![[
        "id".to_string(),
        "indicator".into(),
        "baseline".into(),
        "target".into(),
        "defined (zh | en)".into(),
        "mentions".into(),
    ]];
    for t in plandoc::index::index_order(plan) {
        let refs = index.get(&t.id);
        let at = |l: Option<&plandoc::index::Location>| {
            l.map(|l| format!("{}:{}", short(&l.file), l.line))
                .unwrap_or_else(|| "—".into())
        };
        rows.push([
            t.id.clone(),
            t.indicator.zh.clone(),
            t.baseline
                .as_ref()
                .map(|b| format!("{} ({})", value(t, b, Lang::Zh), b.year))
                .unwrap_or_else(|| "—".into()),
            format!("{} ({})", value(t, &t.target, Lang::Zh), t.target.year),
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
        .map(|c| if plandoc::text::is_cjk(c) { 2 } else { 1 })
        .sum()
}

/// `plandoc targets suggest [--apply]`: the untagged targets of the prose.
pub fn suggest(plan_dir: &Path, json: bool, apply: bool) -> i32 {
    let (plan, diags) = match super::load(plan_dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if diags.has_errors() {
        // Suggestions over a plan that does not load would point at the wrong places.
        let mut err = codespan_reporting::term::termcolor::StandardStream::stderr(
            codespan_reporting::term::termcolor::ColorChoice::Never,
        );
        let _ = diags.emit_human(&plan.sources, &mut err);
        eprintln!(
            "{}; fix them before asking for suggestions (nothing was written)",
            plandoc::driver::summary(&diags)
        );
        return exit::PLAN_ERRORS;
    }
    let found = plandoc::suggest::suggest(&plan);
    if json {
        for s in &found {
            println!("{}", serde_json::to_string(s).unwrap_or_default());
        }
    } else {
        print!("{}", suggestion_table(&found));
    }
    if !apply {
        return exit::OK;
    }
    let changes = plandoc::suggest::apply::changes(&plan, plan_dir, &found);
    if let Err(e) = plandoc::suggest::apply::write(&changes) {
        eprintln!("error: cannot write the changes: {e}; no file was changed");
        return exit::ENVIRONMENT;
    }
    for line in &changes.log {
        eprintln!("tagged {line}");
    }
    eprintln!(
        "wrote {} tag{} and {} registry entr{} in {} file{}",
        changes.log.len(),
        if changes.log.len() == 1 { "" } else { "s" },
        changes.added,
        if changes.added == 1 { "y" } else { "ies" },
        changes.files.len(),
        if changes.files.len() == 1 { "" } else { "s" }
    );
    exit::OK
}

fn suggestion_table(found: &[plandoc::suggest::Suggestion]) -> String {
    let mut out = String::new();
    for s in found {
        let value = match (s.value, s.max) {
            (Some(v), Some(m)) => {
                format!("{}~{}", values::format_number(v), values::format_number(m))
            }
            (Some(v), None) => values::format_number(v),
            _ => s.text.clone().unwrap_or_default(),
        };
        let kind = serde_json::to_value(s.kind)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        out.push_str(&format!(
            "{}:{}:{}  {}  [{}]  {} {} {}{} by {}  ({:.0}%){}\n    {}\n",
            s.file,
            s.line,
            s.column,
            s.id,
            s.expression,
            s.indicator,
            kind,
            value,
            s.unit,
            s.year,
            s.confidence * 100.0,
            s.repeat_of
                .as_ref()
                .map(|r| format!(" mention of {r}"))
                .unwrap_or_default(),
            s.statement
        ));
    }
    out.push_str(&format!(
        "{} suggestion{}\n",
        found.len(),
        if found.len() == 1 { "" } else { "s" }
    ));
    out
}

/// `plandoc targets export --format csv`: the registry as a spreadsheet (UTF-8 with a BOM).
pub fn export(plan_dir: &Path, out: Option<&Path>) -> i32 {
    let loaded = match plandoc::source::load(plan_dir) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::ENVIRONMENT;
        }
    };
    if !loaded.plan.targets_loaded {
        eprintln!(
            "error: {} cannot be read; run `plandoc check{}` to see why",
            plan_dir.join("targets.yaml").display(),
            super::plan_arg(plan_dir)
        );
        return exit::PLAN_ERRORS;
    }
    let text = plandoc::exchange::registry_csv::export(&loaded.plan.targets);
    match out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &text) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return exit::ENVIRONMENT;
            }
            eprintln!(
                "wrote {} targets to {}",
                loaded.plan.targets.targets.len(),
                path.display()
            );
        }
        None => print!("{text}"),
    }
    exit::OK
}

/// `plandoc targets import FILE.csv`: the registry back from a spreadsheet. Every malformed
/// row is reported and nothing is written; otherwise the changed entries of targets.yaml are
/// rewritten in place and the plan is checked against the new registry.
pub fn import(plan_dir: &Path, file: &Path) -> i32 {
    let text = match std::fs::read(file) {
        Ok(b) => match String::from_utf8(b) {
            Ok(t) => t,
            Err(_) => {
                eprintln!(
                    "error: {} is not UTF-8\n  help: save the spreadsheet as \"CSV UTF-8\"",
                    file.display()
                );
                return exit::PLAN_ERRORS;
            }
        },
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", file.display());
            return exit::ENVIRONMENT;
        }
    };
    let rows = match plandoc::exchange::registry_csv::read(&text) {
        Ok(r) => r,
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {}: {e}", file.display());
            }
            eprintln!(
                "{} malformed row{} or field{}; nothing was written",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                if errors.len() == 1 { "" } else { "s" }
            );
            return exit::PLAN_ERRORS;
        }
    };
    let loaded = match plandoc::source::load(plan_dir) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::ENVIRONMENT;
        }
    };
    let yaml_path = plan_dir.join("targets.yaml");
    let yaml = std::fs::read_to_string(&yaml_path).unwrap_or_default();
    if !loaded.plan.targets_loaded && !yaml.is_empty() {
        eprintln!(
            "error: {} cannot be read; fix it first (`plandoc check{}`)",
            yaml_path.display(),
            super::plan_arg(plan_dir)
        );
        return exit::PLAN_ERRORS;
    }
    let merge = plandoc::exchange::registry_csv::merge(&yaml, &loaded.plan.targets, &rows);
    if merge.changed.is_empty() && merge.added.is_empty() {
        println!("no target changed");
    } else {
        if let Err(e) = plandoc::atomic::write_file(&yaml_path, merge.text.as_bytes()) {
            eprintln!("error: cannot write {}: {e}", yaml_path.display());
            return exit::ENVIRONMENT;
        }
        if !merge.changed.is_empty() {
            println!("changed {}", merge.changed.join(", "));
        }
        if !merge.added.is_empty() {
            println!("added {}", merge.added.join(", "));
        }
        println!("wrote {}", yaml_path.display());
    }
    if !merge.absent.is_empty() {
        println!(
            "note: no row for {} (left in targets.yaml: delete a target there, with its tags)",
            merge.absent.join(", ")
        );
    }
    // The text states the values too: say where it now disagrees with the registry.
    match plandoc::driver::check_plan(plan_dir) {
        Ok((plan, diags)) if diags.has_errors() => {
            let mut err = codespan_reporting::term::termcolor::StandardStream::stderr(
                codespan_reporting::term::termcolor::ColorChoice::Never,
            );
            let errors = plandoc::diag::Diagnostics {
                items: diags.items.into_iter().filter(|d| d.is_error()).collect(),
            };
            let _ = errors.emit_human(&plan.sources, &mut err);
            eprintln!(
                "{}: the plan's text or registry needs fixing after the import",
                plandoc::driver::summary(&errors)
            );
            exit::PLAN_ERRORS
        }
        _ => exit::OK,
    }
}
