//! `plandoc translate status|accept`: where the English translation stands, and recording a
//! reviewed translation in translations.lock.

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use plandoc::diag::Diagnostics;
use plandoc::exit;
use plandoc::model::{ChapterPair, LockEntry, Plan};
use plandoc::source::file_index;
use plandoc::translate::{self, ChapterStatus, TRANSLATIONS_LOCK};
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

/// `plandoc translate status --stale`: every stale block, with where to review it and what
/// changed in the zh text.
pub fn stale(plan_dir: &Path, format: Format) -> i32 {
    let (plan, _) = match super::load(plan_dir) {
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
                    super::plan_arg(plan_dir)
                );
            }
        }
    }
    exit::OK
}

/// `plandoc translate status`: per chapter, blocks, translated, stale, unrecorded, coverage.
pub fn status(plan_dir: &Path, format: Format) -> i32 {
    let (plan, _) = match super::load(plan_dir) {
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
    let (plan, diags) = match super::load(plan_dir) {
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

fn emit(plan: &Plan, items: Vec<plandoc::diag::Diagnostic>) {
    let mut d = Diagnostics { items };
    d.sort();
    let mut err = StandardStream::stderr(ColorChoice::Never);
    let _ = d.emit_human(&plan.sources, &mut err);
}

/// `plandoc translate export --format xliff`: every block as an XLIFF 2.1 unit.
pub fn export(plan_dir: &Path, out: Option<&Path>) -> i32 {
    let (plan, _) = match super::load(plan_dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let text = plandoc::exchange::xliff::export(&plan);
    match out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &text) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return exit::ENVIRONMENT;
            }
            let units = text.matches("<unit ").count();
            eprintln!("wrote {units} units to {}", path.display());
        }
        None => print!("{text}"),
    }
    exit::OK
}

/// At most `n` names, then how many more.
fn some_of(names: &[String], n: usize) -> String {
    let shown: Vec<&str> = names.iter().take(n).map(String::as_str).collect();
    let more = names.len().saturating_sub(n);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// `plandoc translate import FILE.xlf`: writes the en blocks of an XLIFF file back into the
/// plan. Refused, with nothing written, when the file's units are not the plan's blocks (the
/// unit IDs named), when a unit's source is not the current zh text, or when the plan with the
/// new English has errors (skeleton, tags); number warnings are shown. Units in state
/// `reviewed` or `final` are recorded in translations.lock.
pub fn import(plan_dir: &Path, file: &Path) -> i32 {
    use plandoc::exchange::xliff;
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", file.display());
            return exit::ENVIRONMENT;
        }
    };
    let units = match xliff::read(&text) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("error: {}: {e}", file.display());
            return exit::PLAN_ERRORS;
        }
    };
    let (plan, _) = match super::load(plan_dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    // The units must be the plan's blocks, one each.
    let zh_blocks: BTreeMap<&str, &plandoc::model::Block> = plan
        .chapters
        .iter()
        .filter_map(|c| c.zh.as_ref())
        .flat_map(|c| c.blocks.iter())
        .map(|b| (b.key.as_str(), b))
        .collect();
    let mut seen = BTreeSet::new();
    let (mut unknown, mut twice) = (Vec::new(), Vec::new());
    for u in &units {
        if !zh_blocks.contains_key(u.id.as_str()) {
            unknown.push(u.id.clone());
        } else if !seen.insert(u.id.as_str()) {
            twice.push(u.id.clone());
        }
    }
    let missing: Vec<String> = zh_blocks
        .keys()
        .filter(|k| !seen.contains(*k))
        .map(|k| k.to_string())
        .collect();
    let changed_source: Vec<String> = units
        .iter()
        .filter(|u| {
            zh_blocks
                .get(u.id.as_str())
                .is_some_and(|b| xliff::block_source(&plan, b) != u.source)
        })
        .map(|u| u.id.clone())
        .collect();
    let mut problems = Vec::new();
    if !unknown.is_empty() {
        problems.push(format!(
            "units that are no block of the plan: {}",
            some_of(&unknown, 10)
        ));
    }
    if !twice.is_empty() {
        problems.push(format!("units given twice: {}", some_of(&twice, 10)));
    }
    if !missing.is_empty() {
        problems.push(format!(
            "blocks of the plan without a unit: {}",
            some_of(&missing, 10)
        ));
    }
    if !changed_source.is_empty() {
        problems.push(format!(
            "units whose source is not the plan's zh text now (the zh changed since the export): {}",
            some_of(&changed_source, 10)
        ));
    }
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("error: {}: {p}", file.display());
        }
        eprintln!(
            "the file's units do not match the plan; nothing was written\n  help: export the plan again (`plandoc translate export{} --format xliff`) and translate that file",
            super::plan_arg(plan_dir)
        );
        return exit::PLAN_ERRORS;
    }

    // The new en text of every changed block, by en file.
    let pairs = translate::block_pairs(&plan);
    let en_of: BTreeMap<&str, &translate::BlockPair> = pairs
        .iter()
        .flat_map(|(_, p)| p.iter())
        .map(|p| (p.zh.key.as_str(), p))
        .collect();
    let mut edits: BTreeMap<usize, Vec<(plandoc::model::Span, String)>> = BTreeMap::new();
    let mut no_place = Vec::new();
    for u in &units {
        let Some(target) = u.target.as_deref() else {
            continue;
        };
        match en_of.get(u.id.as_str()) {
            Some(p) => {
                if xliff::block_source(&plan, p.en) != target {
                    edits
                        .entry(p.en.span.file)
                        .or_default()
                        .push((p.en.span, target.to_string()));
                }
            }
            None if target.trim().is_empty() => {}
            None => no_place.push(u.id.clone()),
        }
    }
    if !no_place.is_empty() {
        eprintln!(
            "error: {}: the en files have no place yet for units {}\n  help: add the chapter's en file, or the section's heading with its ID, then import again; nothing was written",
            file.display(),
            some_of(&no_place, 10)
        );
        return exit::PLAN_ERRORS;
    }
    let mut files: Vec<(std::path::PathBuf, String)> = Vec::new();
    for (file_id, mut list) in edits {
        let source = plan.sources.file(file_id);
        let mut new_text = source.text.clone();
        list.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
        for (span, t) in list {
            new_text.replace_range(span.start..span.end, &t);
        }
        files.push((source.path.clone(), new_text));
    }

    // Check the plan with the new English in a copy before touching the real one.
    let staged = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot create a temporary folder: {e}");
            return exit::ENVIRONMENT;
        }
    };
    let copy = staged.path().join("plan");
    if let Err(e) = copy_plan(plan_dir, &copy, &files) {
        eprintln!("error: cannot stage the import: {e}");
        return exit::ENVIRONMENT;
    }
    let (checked, diags) = match super::load(&copy) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let touched: BTreeSet<std::path::PathBuf> = files
        .iter()
        .map(|(p, _)| p.strip_prefix(plan_dir).unwrap_or(p).to_path_buf())
        .collect();
    let relevant: Vec<plandoc::diag::Diagnostic> = diags
        .items
        .iter()
        .filter(|d| {
            d.is_error()
                || d.primary.as_ref().is_some_and(|p| {
                    let path = &checked.sources.file(p.span.file).path;
                    touched.contains(path.strip_prefix(&copy).unwrap_or(path))
                })
        })
        .cloned()
        .collect();
    let mut shown = checked.clone();
    for f in &mut std::sync::Arc::make_mut(&mut shown.sources).files {
        if let Ok(rel) = f.path.strip_prefix(&copy) {
            f.path = plan_dir.join(rel);
        }
    }
    let errors = relevant.iter().filter(|d| d.is_error()).count();
    emit(&shown, relevant);
    if errors > 0 {
        eprintln!(
            "error: with the imported English the plan has {errors} error{}; nothing was written",
            if errors == 1 { "" } else { "s" }
        );
        return exit::PLAN_ERRORS;
    }

    // Record the reviewed units against their zh text.
    let mut lock: BTreeMap<String, LockEntry> = plan.translations.as_ref().clone();
    let checked_pairs = translate::block_pairs(&checked);
    let (mut recorded, mut reviewed) = (0, 0);
    for u in units.iter().filter(|u| {
        matches!(u.state.as_deref(), Some("reviewed") | Some("final")) && u.target.is_some()
    }) {
        if let Some(p) = checked_pairs
            .iter()
            .flat_map(|(_, p)| p.iter())
            .find(|p| p.zh.key == u.id)
        {
            let entry = translate::lock_entry(p.zh);
            reviewed += 1;
            if lock.get(&u.id) != Some(&entry) {
                recorded += 1;
            }
            lock.insert(u.id.clone(), entry);
        }
    }
    if let Err(e) = plandoc::atomic::write_files(&files) {
        eprintln!("error: cannot write the en chapter files: {e}; none was changed");
        return exit::ENVIRONMENT;
    }
    let lock_path = plan_dir.join(TRANSLATIONS_LOCK);
    if recorded > 0 {
        if let Err(e) = translate::write_lock(plan_dir, &lock) {
            eprintln!("error: cannot write {}: {e}", lock_path.display());
            return exit::ENVIRONMENT;
        }
    }
    let blocks: usize = files.len();
    println!(
        "imported {} units: {} en file{} changed; {reviewed} reviewed or final, {recorded} of them newly recorded in {TRANSLATIONS_LOCK}",
        units.len(),
        blocks,
        if blocks == 1 { "" } else { "s" },
    );
    exit::OK
}

/// Copies a plan folder (its YAML files and chapters) to `to`, with `replaced` files' new text.
fn copy_plan(
    from: &Path,
    to: &Path,
    replaced: &[(std::path::PathBuf, String)],
) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry.path().strip_prefix(from).expect("under the plan");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else if let Some((_, text)) = replaced.iter().find(|(p, _)| p == entry.path()) {
            std::fs::write(&target, text)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
