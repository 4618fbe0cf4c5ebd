//! `plandoc translate status|accept`: where the English translation stands, and recording a
//! reviewed translation in translations.lock.

use crate::diag::Diagnostics;
use crate::exit;
use crate::model::{ChapterPair, LockEntry, Plan};
use crate::source::file_index;
use crate::translate::{self, ChapterStatus, TRANSLATIONS_LOCK};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Clone, Copy)]
pub enum Format {
    Table,
    Json,
}

/// What `accept` records.
pub enum Selection {
    /// Every chapter.
    All,
    /// Chapter IDs (or file stems) and block keys.
    Names(Vec<String>),
}

fn load(plan_dir: &Path) -> Result<(Plan, Diagnostics), i32> {
    crate::driver::check_plan(plan_dir).map_err(|e| {
        eprintln!("error: {e}");
        exit::ENVIRONMENT
    })
}

/// `plandoc translate status --stale`: every stale block, with where to review it and what
/// changed in the zh text.
pub fn stale(plan_dir: &Path, format: Format) -> i32 {
    let (plan, _) = match load(plan_dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let blocks = translate::stale_blocks(&plan);
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "stale": blocks }))
                .expect("stale blocks serialise")
        ),
        Format::Table => {
            for b in &blocks {
                println!("{}  (chapter `{}`)", b.key, b.chapter);
                println!("  en  {}", b.en);
                println!("  zh  {}", b.zh);
                match (&b.was, &b.now) {
                    (Some(was), Some(now)) => {
                        println!("  was {was}");
                        println!("  now {now}");
                    }
                    _ => println!("  (the lock predates recording the accepted zh text: the change cannot be shown)"),
                }
            }
            let n = blocks.len();
            if n == 0 {
                println!("no stale blocks");
            } else {
                println!(
                    "{n} stale block{}: review each en block, then `plandoc translate accept{} KEY…`",
                    if n == 1 { "" } else { "s" },
                    plan_arg(plan_dir)
                );
            }
        }
    }
    exit::OK
}

/// ` --plan DIR` when the plan is not `plan/`, for commands printed to be copied.
fn plan_arg(plan_dir: &Path) -> String {
    if plan_dir.components().count() == 1 && plan_dir.ends_with("plan") {
        String::new()
    } else {
        format!(" --plan {}", plan_dir.display())
    }
}

/// `plandoc translate status`: per chapter, blocks, translated, stale, unrecorded, coverage.
pub fn status(plan_dir: &Path, format: Format) -> i32 {
    let (plan, _) = match load(plan_dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let (rows, total) = translate::status(&plan);
    match format {
        Format::Json => {
            #[derive(serde::Serialize)]
            struct Report<'a> {
                chapters: &'a [ChapterStatus],
                total: &'a ChapterStatus,
            }
            let report = Report {
                chapters: &rows,
                total: &total,
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&report).expect("status serialises")
            );
        }
        Format::Table => print!("{}", table(&rows, &total)),
    }
    exit::OK
}

fn table(rows: &[ChapterStatus], total: &ChapterStatus) -> String {
    let header = [
        "chapter",
        "blocks",
        "translated",
        "stale",
        "unrecorded",
        "coverage",
    ];
    let line = |r: &ChapterStatus, name: String| {
        [
            name,
            r.blocks.to_string(),
            r.translated.to_string(),
            r.stale.to_string(),
            r.unrecorded.to_string(),
            format!("{:.1}%", r.coverage),
        ]
    };
    let mut cells: Vec<[String; 6]> = vec![header.map(String::from)];
    for r in rows {
        let name = if r.aligned {
            r.id.clone()
        } else {
            format!("{} (zh/en skeletons differ)", r.id)
        };
        cells.push(line(r, name));
    }
    cells.push(line(total, "total".into()));
    let widths: Vec<usize> = (0..6)
        .map(|c| {
            cells
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let n = cells.len();
    for (i, row) in cells.iter().enumerate() {
        if i == n - 1 {
            out.push_str(&rule(&widths));
        }
        let text: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, s)| {
                if c == 0 {
                    format!("{s:<w$}", w = widths[c])
                } else {
                    format!("{s:>w$}", w = widths[c])
                }
            })
            .collect();
        out.push_str(text.join("  ").trim_end());
        out.push('\n');
        if i == 0 {
            out.push_str(&rule(&widths));
        }
    }
    out
}

fn rule(widths: &[usize]) -> String {
    let parts: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    format!("{}\n", parts.join("  "))
}

/// `plandoc translate accept`: records the current zh hash of the selected blocks.
pub fn accept(plan_dir: &Path, selection: &Selection) -> i32 {
    let (plan, diags) = match load(plan_dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if let Some(lock) = file_index(&plan, TRANSLATIONS_LOCK) {
        let broken: Vec<_> = diags
            .items
            .iter()
            .filter(|d| d.is_error() && d.primary.as_ref().is_some_and(|p| p.span.file == lock))
            .cloned()
            .collect();
        if !broken.is_empty() {
            emit(&plan, broken);
            eprintln!("error: {TRANSLATIONS_LOCK} cannot be read; fix it (or delete it and accept the reviewed chapters again)");
            return exit::PLAN_ERRORS;
        }
    }

    // Resolve the selection to chapters and single blocks.
    let mut chapters: Vec<&ChapterPair> = Vec::new();
    let mut blocks: Vec<(&ChapterPair, String)> = Vec::new();
    match selection {
        Selection::All => chapters.extend(plan.chapters.iter()),
        Selection::Names(names) if names.is_empty() => {
            eprintln!("error: name a chapter or a block to accept, or pass --all\n  help: `plandoc translate status` lists the chapters");
            return exit::ENVIRONMENT;
        }
        Selection::Names(names) => {
            for name in names {
                if let Some(p) = plan
                    .chapters
                    .iter()
                    .find(|p| p.id() == name || p.stem == *name)
                {
                    chapters.push(p);
                } else if let Some(p) = plan.chapters.iter().find(|p| {
                    p.zh.as_ref()
                        .is_some_and(|c| c.blocks.iter().any(|b| b.key == *name))
                }) {
                    blocks.push((p, name.clone()));
                } else {
                    eprintln!(
                        "error: no chapter or block `{name}` in {}\n  help: chapters are named by their ID (`plandoc translate status` lists them), blocks by their key, e.g. `achievements.3`",
                        plan_dir.display()
                    );
                    return exit::ENVIRONMENT;
                }
            }
        }
    }

    let pairs = translate::block_pairs(&plan);
    let pairs_of = |chapter: &ChapterPair| {
        pairs
            .iter()
            .find(|(c, _)| std::ptr::eq(*c, chapter))
            .map(|(_, p)| p)
    };
    let mut refused = Vec::new();
    let mut chosen: Vec<(&ChapterPair, Vec<translate::BlockPair>)> = Vec::new();
    for c in &chapters {
        match pairs_of(c) {
            Some(p) => chosen.push((c, p.clone())),
            None => refused.push(*c),
        }
    }
    for (c, key) in &blocks {
        match pairs_of(c) {
            Some(p) => match p.iter().find(|b| b.zh.key == *key) {
                Some(b) => chosen.push((c, vec![*b])),
                None => {
                    eprintln!("error: block `{key}` is empty or its key is used twice; it cannot be tracked");
                    return exit::PLAN_ERRORS;
                }
            },
            None => refused.push(*c),
        }
    }

    // Start from the current lock, dropping entries for blocks that no longer exist.
    let existing: BTreeSet<&str> = plan
        .chapters
        .iter()
        .flat_map(|p| p.zh.iter().chain(p.en.iter()))
        .flat_map(|c| c.blocks.iter().map(|b| b.key.as_str()))
        .collect();
    let mut lock: BTreeMap<String, LockEntry> = plan
        .translations
        .iter()
        .filter(|(k, _)| existing.contains(k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let dropped = plan.translations.len() - lock.len();

    let mut report = Vec::new();
    for (chapter, blocks) in &chosen {
        let (mut new, mut updated, mut current) = (0, 0, 0);
        for b in blocks {
            let entry = translate::lock_entry(b.zh);
            let hash = entry.hash.clone();
            match lock.insert(b.zh.key.clone(), entry) {
                None => new += 1,
                Some(old) if old.hash == hash => current += 1,
                Some(_) => updated += 1,
            }
        }
        let what = if blocks.len() == 1 && !chapters.iter().any(|c| std::ptr::eq(*c, *chapter)) {
            format!("block `{}`", blocks[0].zh.key)
        } else {
            format!(
                "{} block{} of chapter `{}`",
                blocks.len(),
                if blocks.len() == 1 { "" } else { "s" },
                chapter.id()
            )
        };
        report.push(format!(
            "accepted {what}: {new} newly recorded, {updated} updated after a zh change, {current} already current"
        ));
    }

    let path = plan_dir.join(TRANSLATIONS_LOCK);
    let old_text = std::fs::read_to_string(&path).ok();
    let new_text = translate::render_lock(&lock);
    if old_text.as_deref() != Some(new_text.as_str()) && (!chosen.is_empty() || dropped > 0) {
        if let Err(e) = translate::write_lock(plan_dir, &lock) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return exit::ENVIRONMENT;
        }
    }
    for line in &report {
        println!("{line}");
    }
    if dropped > 0 {
        println!(
            "dropped {dropped} entr{} for blocks that no longer exist",
            if dropped == 1 { "y" } else { "ies" }
        );
    }
    if !chosen.is_empty() {
        println!("wrote {}", path.display());
    }

    if refused.is_empty() {
        return exit::OK;
    }
    for c in &refused {
        let files: Vec<usize> = [c.zh_file, c.en_file].into_iter().flatten().collect();
        let related: Vec<_> = diags
            .items
            .iter()
            .filter(|d| {
                d.is_error()
                    && d.primary
                        .as_ref()
                        .is_some_and(|p| files.contains(&p.span.file))
            })
            .cloned()
            .collect();
        emit(&plan, related);
        eprintln!(
            "error: chapter `{}` was not accepted: its zh and en files do not share a skeleton (same headings, same number of blocks), so blocks cannot be paired\n  help: fix the errors above (`plandoc check --plan {}`), then accept again",
            c.id(),
            plan_dir.display()
        );
    }
    exit::PLAN_ERRORS
}

fn emit(plan: &Plan, items: Vec<crate::diag::Diagnostic>) {
    let mut d = Diagnostics { items };
    d.sort();
    let mut err = StandardStream::stderr(ColorChoice::Never);
    let _ = d.emit_human(&plan.sources, &mut err);
}
