//! IDs must be unique: chapter IDs, heading IDs across the plan (per language), target IDs.

use super::line_span;
use crate::diag::Diagnostic;
use crate::model::{Plan, Span};
use crate::source::file_index;
use std::collections::HashMap;

pub fn check(plan: &Plan, out: &mut Vec<Diagnostic>) {
    for &lang in plan.langs() {
        // Chapter and heading IDs share one namespace: both become URL fragments and block keys.
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for pair in &plan.chapters {
            let Some(ch) = pair.get(lang) else { continue };
            let tables = ch.tables();
            let boxes = ch.boxes();
            let ids = std::iter::once((ch.id.as_str(), ch.title_span))
                .chain(
                    ch.headings
                        .iter()
                        .filter_map(|h| h.id.as_deref().map(|id| (id, h.span))),
                )
                .chain(tables.iter().filter_map(|t| t.id.as_deref().map(|id| (id, t.span))))
                .chain(boxes.iter().filter_map(|b| b.id.as_deref().map(|id| (id, b.span))));
            for (id, span) in ids {
                if let Some(first) = seen.get(id) {
                    out.push(
                        Diagnostic::error("duplicate-id", format!("the ID `{id}` is used twice in the {lang} text"))
                            .at(span, "second use")
                            .also(*first, "first used here")
                            .help("chapter, heading, table and box IDs must be unique across the plan: rename one of them (in both languages)"),
                    );
                } else {
                    seen.insert(id, span);
                }
            }
        }
    }

    let Some(file) = file_index(plan, "targets.yaml") else {
        return;
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for target in &plan.targets.targets {
        let span = line_span(plan, file, target.line);
        if !crate::source::markdown::is_valid_id(&target.id) {
            out.push(crate::source::markdown::invalid_id(&target.id, span));
        }
        if let Some(first) = seen.get(target.id.as_str()) {
            out.push(
                Diagnostic::error(
                    "duplicate-target-id",
                    format!("target `{}` is registered twice", target.id),
                )
                .at(span, "second entry")
                .also(line_span(plan, file, *first), "first entry")
                .help("give each target its own ID, or merge the two entries"),
            );
        } else {
            seen.insert(&target.id, target.line);
        }
    }
}
