//! `plandoc glossary suggest`: the zh names, slogans and 'N大…' groups that occur in two or more
//! texts of the plan and are not in glossary.yaml, each with the English renderings found in the
//! aligned en texts (see [`plandoc::translate::suggest`]).

use plandoc::exit;
use plandoc::model::Plan;
use plandoc::translate::glossary::Matcher;
use plandoc::translate::suggest::{suggest as find, Kind, Suggestion};
use plandoc::translate::{text_pairs, TextPair};
use std::path::Path;

#[derive(Clone, Copy)]
pub enum Format {
    Table,
    Json,
}

/// Lists the suggestions. Exit 0 (2 when there is no plan folder); `check` is what fails on
/// `term-drift`.
pub fn suggest(plan_dir: &Path, format: Format) -> i32 {
    let loaded = match plandoc::source::load(plan_dir) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::ENVIRONMENT;
        }
    };
    let plan = &loaded.plan;
    let pairs = text_pairs(plan);
    let matcher = Matcher::new(&plan.glossary);
    let found = find(&pairs, &matcher);
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&json(plan, &pairs, &found)).expect("serialises")
        ),
        Format::Table => print!("{}", table(&pairs, &found)),
    }
    exit::OK
}

fn kind(k: Kind) -> &'static str {
    match k {
        Kind::Slogan => "slogan",
        Kind::Name => "name",
        Kind::Group => "group",
    }
}

fn json(plan: &Plan, pairs: &[TextPair], found: &[Suggestion]) -> serde_json::Value {
    let place = |i: usize| {
        let span = pairs[i].en_span;
        let (line, _) = plan.sources.line_col(span.file, span.start);
        serde_json::json!({
            "what": pairs[i].what,
            "file": plan.sources.file(span.file).path.display().to_string(),
            "line": line,
        })
    };
    serde_json::json!({
        "terms": found.iter().map(|s| serde_json::json!({
            "zh": s.zh,
            "kind": kind(s.kind),
            "drift": s.drifts(),
            "texts": s.texts.iter().map(|i| place(*i)).collect::<Vec<_>>(),
            "renderings": s.renderings.iter().map(|r| serde_json::json!({
                "en": r.en,
                "texts": r.texts.iter().map(|i| pairs[*i].what.clone()).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// Display width: CJK characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x2e80 { 2 } else { 1 })
        .sum()
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

fn table(pairs: &[TextPair], found: &[Suggestion]) -> String {
    if found.is_empty() {
        return "no term outside the glossary occurs in two or more texts\n".to_string();
    }
    let rows: Vec<[String; 4]> = found
        .iter()
        .map(|s| {
            let renderings = if s.renderings.is_empty() {
                "(none found)".to_string()
            } else {
                s.renderings
                    .iter()
                    .map(|r| {
                        let whats: Vec<&str> =
                            r.texts.iter().map(|i| pairs[*i].what.as_str()).collect();
                        format!("`{}` ({})", r.en, whats.join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            [
                s.zh.clone(),
                kind(s.kind).to_string(),
                s.texts.len().to_string(),
                renderings,
            ]
        })
        .collect();
    let header = ["zh", "kind", "texts", "renderings"].map(String::from);
    let widths: Vec<usize> = (0..3)
        .map(|c| {
            rows.iter()
                .chain(std::iter::once(&header))
                .map(|r| width(&r[c]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |r: &[String; 4]| {
        format!(
            "{}  {}  {:>w$}  {}\n",
            pad(&r[0], widths[0]),
            pad(&r[1], widths[1]),
            r[2],
            r[3],
            w = widths[2]
        )
    };
    let mut out = line(&header);
    out.push_str(&format!(
        "{}  {}  {}  {}\n",
        "-".repeat(widths[0]),
        "-".repeat(widths[1]),
        "-".repeat(widths[2]),
        "-".repeat(10)
    ));
    for r in &rows {
        out.push_str(&line(r));
    }
    let drift = found.iter().filter(|s| s.drifts()).count();
    out.push_str(&format!(
        "\n{} term{} not in the glossary, {drift} with two or more renderings (check warns term-drift)\n",
        found.len(),
        if found.len() == 1 { "" } else { "s" }
    ));
    out
}
