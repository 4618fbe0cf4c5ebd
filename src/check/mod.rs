//! Validation passes over the model. Each pass reads the whole plan (IDs were collected by the
//! loader first, so file order never matters) and reports [`Diagnostic`]s with spans.

mod ids;
mod skeleton;
mod tags;
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
    out
}

/// The span of a whole line of a file (1-based), for entries located by line.
pub(crate) fn line_span(plan: &Plan, file: usize, line: usize) -> Span {
    let text = &plan.sources.file(file).text;
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    Span::new(file, start, end)
}
