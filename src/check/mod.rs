//! Validation passes over the model. Each pass reads the whole plan (IDs were collected by the
//! loader first, so file order never matters) and reports [`Diagnostic`]s with spans.

mod glossary;
mod ids;
mod numbers;
mod skeleton;
mod tags;
mod translation;
mod values;

use crate::diag::Diagnostic;
use crate::model::{Plan, Span};

/// Runs every pass and returns the findings (unsorted).
pub fn run(plan: &Plan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    ids::check(plan, &mut out);
    skeleton::check(plan, &mut out);
    tags::check(plan, &mut out);
    values::check(plan, &mut out);
    translation::check(plan, &mut out);
    glossary::check(plan, &mut out);
    numbers::check(plan, &mut out);
    out
}

/// The span of a whole line of a file (1-based), for entries located by line.
pub(crate) fn line_span(plan: &Plan, file: usize, line: usize) -> Span {
    let source = plan.sources.file(file);
    let text = &source.text;
    let start = source.line_start(line);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    Span::new(file, start, end)
}
