//! Generates a synthetic plan of N copies of one or more source plans, for the benchmarks.
//!
//!     gen-plan --from plan [--from bench/constructs] [--parts] --copies N --out DIR
//!     gen-plan --mdbook PLAN --out DIR      # the same chapters as two mdBooks, DIR/zh, DIR/en
//!
//! Every copy gets unique chapter, heading and target IDs (suffix `-cK`, `-sJ-cK` for the second
//! and later sources; copy 1 of the first source keeps its IDs, so N = 1 of one source is the
//! source itself), unique chapter file names that sort in copy order, and its own entries in
//! `targets.yaml` and `translations.lock` (keys renamed, hashes kept: they hash the zh text,
//! which does not change). `plan.yaml` and `glossary.yaml` come from the first source that has
//! them; with `--parts` each copy becomes one part (篇) of its own (`part-K`, `第K篇 <the plan's
//! short title>`), and a source's own parts are kept in any case (IDs renamed); all parts are
//! numbered in order in the generated `plan.yaml`. Both languages are copied. Only standard-library code: the generator must not depend
//! on the compiler it measures.

#[path = "../generate.rs"]
#[allow(dead_code)] // `generate` is for tests/hardening.rs
mod generate;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen-plan: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut from: Vec<PathBuf> = Vec::new();
    let mut copies = 1usize;
    let mut out: Option<PathBuf> = None;
    let mut mdbook: Option<PathBuf> = None;
    let mut parts = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--from" => from.push(value()?.into()),
            "--copies" => copies = value()?.parse().map_err(|e| format!("--copies: {e}"))?,
            "--out" => out = Some(value()?.into()),
            "--mdbook" => mdbook = Some(value()?.into()),
            "--parts" => parts = true,
            "-h" | "--help" => {
                println!("gen-plan --from PLAN [--from PLAN2] [--parts] --copies N --out DIR");
                println!("gen-plan --mdbook PLAN --out DIR");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let out = out.ok_or("--out DIR is required")?;
    if let Some(plan) = mdbook {
        return generate::write_mdbooks(&plan, &out);
    }
    if from.is_empty() {
        from.push("plan".into());
    }
    let c = generate::generate_with(&from, copies, &out, parts)?;
    eprintln!(
        "gen-plan: {} ({} copies: {} chapter files, {} targets, {} parts, {} tables, {} boxes)",
        out.display(),
        copies,
        c.chapter_files,
        c.targets,
        c.parts,
        c.tables,
        c.boxes
    );
    Ok(())
}
