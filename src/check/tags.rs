//! Target tags resolve against the registry: every tag names a registered target, every target
//! is defined exactly once per language, and every registered target is used.

use super::line_span;
use crate::diag::{Code, Diagnostic};
use crate::model::align::{self, Alignment};
use crate::model::{ChapterPair, Lang, Plan, Span, TagKind};
use crate::source::file_index;
use std::collections::{HashMap, HashSet};

pub fn check(plan: &Plan, out: &mut Vec<Diagnostic>) {
    if !plan.targets_loaded {
        return;
    }
    let registered: HashSet<&str> = plan.targets.targets.iter().map(|t| t.id.as_str()).collect();
    let tagged: HashSet<&str> = plan
        .chapters
        .iter()
        .flat_map(|p| p.zh.iter().chain(p.en.iter()))
        .flat_map(|c| c.blocks.iter())
        .flat_map(|b| b.tags())
        .map(|t| t.target.as_str())
        .collect();
    unused(plan, &tagged, out);
    for &lang in plan.langs() {
        let mut definitions: HashMap<&str, Span> = HashMap::new();
        for pair in &plan.chapters {
            let Some(ch) = pair.get(lang) else { continue };
            for block in &ch.blocks {
                for tag in block.tags() {
                    if !registered.contains(tag.target.as_str()) {
                        out.push(unknown_target(plan, &tag.target, tag.kind, tag.span));
                        continue;
                    }
                    if tag.kind != TagKind::Define {
                        continue;
                    }
                    if let Some(first) = definitions.get(tag.target.as_str()) {
                        out.push(
                            Diagnostic::error(Code::TargetDefinedTwice, format!("target `{}` is defined twice in the {lang} text", tag.target))
                                .at(tag.span, "second definition")
                                .also(*first, "first definition")
                                .help(format!("a target has one defining statement per language: change one of them to `mention:{}`", tag.target)),
                        );
                    } else {
                        definitions.insert(&tag.target, tag.span);
                    }
                }
            }
        }
        let Some(file) = file_index(plan, "targets.yaml") else {
            continue;
        };
        // Only report a missing definition when every chapter of the language was read:
        // a missing or unreadable file is reported already and would explain it.
        // The English may be in progress: a target whose definition is in an untranslated
        // section is not missing yet.
        if plan.chapters.is_empty() || plan.chapters.iter().any(|p| !complete(p, lang)) {
            continue;
        }
        for target in &plan.targets.targets {
            if !definitions.contains_key(target.id.as_str()) && tagged.contains(target.id.as_str())
            {
                out.push(
                    Diagnostic::error(Code::TargetNotDefined, format!("target `{}` is never defined in the {lang} text", target.id))
                        .at(line_span(plan, file, target.line), "registered here")
                        .help(format!(
                            "tag the statement that sets the target in the {lang} text: `[{}](target:{})`",
                            if lang == Lang::Zh { "1500亿元" } else { "150 billion yuan" },
                            target.id
                        )),
                );
            }
        }
    }
}

/// A registry entry that no text tags at all: one finding instead of one per language.
fn unused(plan: &Plan, tagged: &HashSet<&str>, out: &mut Vec<Diagnostic>) {
    let Some(file) = file_index(plan, "targets.yaml") else {
        return;
    };
    if plan.chapters.is_empty() || plan.chapters.iter().any(|p| p.zh.is_none()) {
        return;
    }
    for target in &plan.targets.targets {
        if !tagged.contains(target.id.as_str()) {
            out.push(
                Diagnostic::error(Code::UnusedTarget, format!("target `{}` is registered but never tagged in the text", target.id))
                    .at(line_span(plan, file, target.line), "registered here")
                    .help(format!("tag its defining statement in both languages (`[…](target:{})`), or remove the entry", target.id)),
            );
        }
    }
}

/// Was every block of the chapter read in `lang`? The English counts only when it is complete.
fn complete(pair: &ChapterPair, lang: Lang) -> bool {
    match (lang, &pair.zh, &pair.en) {
        (Lang::Zh, Some(_), _) => true,
        (Lang::En, Some(zh), Some(en)) => {
            align::align(zh, en) == Alignment::Aligned { missing: vec![] }
        }
        _ => false,
    }
}

fn unknown_target(plan: &Plan, id: &str, kind: TagKind, span: Span) -> Diagnostic {
    let mut d = Diagnostic::error(
        Code::UnknownTarget,
        format!("`{}:{id}` names no registered target", kind.scheme()),
    )
    .at(span, "unknown target");
    d = match closest(plan, id) {
        Some(near) => d.help(format!(
            "did you mean `{near}`? Otherwise register `{id}` in targets.yaml"
        )),
        None => d.help(format!("register `{id}` in targets.yaml, or fix the ID")),
    };
    d
}

/// The registered ID closest to `id` by edit distance, when it is a plausible typo.
fn closest<'a>(plan: &'a Plan, id: &str) -> Option<&'a str> {
    plan.targets
        .targets
        .iter()
        .map(|t| (edit_distance(&t.id, id), t.id.as_str()))
        .filter(|(d, _)| *d <= 3.max(id.len() / 4))
        .min()
        .map(|(_, t)| t)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
