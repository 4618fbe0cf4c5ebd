//! The plan's outline: parts (篇) and the chapters that name them, appendices after the
//! chapters, and the English of plan.yaml when the plan is published in English.

use crate::diag::Diagnostic;
use crate::model::{ChapterKind, Lang, Localized, Plan, Span};
use crate::source::{file_index, yaml};
use std::collections::HashMap;

pub fn check(plan: &Plan, out: &mut Vec<Diagnostic>) {
    parts(plan, out);
    appendices(plan, out);
    english_meta(plan, out);
}

/// The span of `key: value` in plan.yaml, or its start.
fn plan_yaml_span(plan: &Plan, key: &str, value: &str) -> Option<Span> {
    let file = file_index(plan, "plan.yaml")?;
    let text = &plan.sources.file(file).text;
    let at = yaml::locate_entries(text, key, &[value])[0].unwrap_or(0);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    Some(Span::new(file, at, end))
}

/// The span of the first line of plan.yaml that sets `key:` (at any indentation).
fn key_line(plan: &Plan, key: &str) -> Option<Span> {
    let file = file_index(plan, "plan.yaml")?;
    let text = &plan.sources.file(file).text;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start().trim_start_matches("- ");
        if trimmed.starts_with(key) && trimmed[key.len()..].starts_with(':') {
            let start = at + (line.len() - trimmed.len());
            return Some(Span::new(file, start, at + line.trim_end().len()));
        }
        at += line.len();
    }
    None
}

fn parts(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let declared = &plan.meta.parts;
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, part) in declared.iter().enumerate() {
        let span = plan_yaml_span(plan, "id", &part.id).unwrap_or_default();
        if !crate::model::is_valid_id(&part.id) {
            out.push(crate::source::markdown::invalid_id(&part.id, span));
        }
        if seen.insert(&part.id, i).is_some() {
            out.push(
                Diagnostic::error("duplicate-id", format!("the part ID `{}` is used twice", part.id))
                    .at(span, "second use")
                    .help("every part needs its own ID: rename one of them"),
            );
        }
    }
    // Chapters name their part in the zh front matter (the skeleton check compares the en).
    let mut order: Vec<(usize, Span)> = Vec::new();
    let mut used = vec![false; declared.len()];
    for ch in plan.chapters.iter().filter_map(|p| p.zh.as_ref()) {
        let Some(part) = &ch.part else { continue };
        match seen.get(part.as_str()) {
            Some(&i) => {
                used[i] = true;
                order.push((i, ch.title_span));
            }
            None => {
                let file = &plan.sources.file(ch.file).text;
                let at = file.find("part:").unwrap_or(0);
                let end = file[at..].find('\n').map_or(file.len(), |i| at + i);
                let known: Vec<&str> = declared.iter().map(|p| p.id.as_str()).collect();
                out.push(
                    Diagnostic::error("unknown-part", format!("chapter `{}` names the part `{part}`, which plan.yaml does not declare", ch.id))
                        .at(Span::new(ch.file, at, end), "unknown part")
                        .help(if known.is_empty() {
                            format!("declare it in plan.yaml: `parts: [{{id: {part}, title: {{zh: 第一篇 …, en: Part I …}}}}]`")
                        } else {
                            format!("the declared parts are {}; declare `{part}` under `parts:` in plan.yaml, or fix the name", known.join(", "))
                        }),
                );
            }
        }
    }
    for (i, part) in declared.iter().enumerate() {
        if !used[i] {
            out.push(
                Diagnostic::error("empty-part", format!("part `{}` has no chapters", part.id))
                    .at(plan_yaml_span(plan, "id", &part.id).unwrap_or_default(), "declared here")
                    .help(format!("put `part: {}` in the front matter of its chapters, or remove the part", part.id)),
            );
        }
    }
    // The chapters of a part come together, and the parts in the order declared.
    for w in order.windows(2) {
        let ((a, _), (b, span)) = (w[0], w[1]);
        if b < a {
            out.push(
                Diagnostic::error("part-order", format!("a chapter of part `{}` follows a chapter of part `{}`", declared[b].id, declared[a].id))
                    .at(span, "this chapter")
                    .help("chapters are ordered by file name: rename the files so that the chapters of each part come together, in the order of `parts` in plan.yaml"),
            );
            return;
        }
    }
}

/// Appendices follow the chapters.
fn appendices(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let mut appendix_seen = false;
    for ch in plan.chapters.iter().filter_map(|p| p.zh.as_ref()) {
        match ch.kind {
            ChapterKind::Appendix => appendix_seen = true,
            ChapterKind::Chapter if appendix_seen => {
                out.push(
                    Diagnostic::error("appendix-order", format!("chapter `{}` follows an appendix", ch.id))
                        .at(ch.title_span, "this chapter")
                        .help("appendices come after the chapters: give their files the highest numbers (e.g. 90-appendix.zh.md)"),
                );
                return;
            }
            ChapterKind::Chapter => {}
        }
    }
}

/// A plan published in English needs the English of its metadata: a warning while missing.
fn english_meta(plan: &Plan, out: &mut Vec<Diagnostic>) {
    if !plan.has_english() {
        return;
    }
    let m = &plan.meta;
    let mut fields: Vec<(&str, &Localized)> = vec![("title", &m.title), ("issuer", &m.issuer)];
    for (name, field) in [
        ("short_title", m.short_title.as_ref()),
        ("summary", m.summary.as_ref()),
        ("edition", m.edition.as_ref()),
        ("document_number", m.document_number.as_ref()),
    ] {
        if let Some(f) = field {
            fields.push((name, f));
        }
    }
    for part in &m.parts {
        fields.push(("title", &part.title));
    }
    for (name, field) in fields {
        if field.get(Lang::En).trim().is_empty() && !field.zh.is_empty() {
            let span = key_line(plan, name).unwrap_or_default();
            out.push(
                Diagnostic::warning("untranslated", format!("`{name}: {}` has no English", field.zh))
                    .at(span, "no `en` here")
                    .help(format!("add `en: …` beside `zh: {}`, or publish in Chinese alone with `languages: [zh]`", field.zh)),
            );
        }
    }
}
