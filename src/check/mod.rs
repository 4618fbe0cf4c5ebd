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
use crate::translate::glossary::Matcher;
use crate::translate::{self, TextPair};
use rayon::prelude::*;

/// Runs every pass and returns the findings (unsorted).
pub fn run(plan: &Plan) -> Vec<Diagnostic> {
    let (mut out, advice) = rayon::join(|| gate(plan), || advice(plan));
    out.extend(advice);
    out
}

/// The passes that can find errors (IDs, skeleton, tags, values, the glossary file). They are
/// quick; a build runs them before it writes anything.
pub fn gate(plan: &Plan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    ids::check(plan, &mut out);
    skeleton::check(plan, &mut out);
    tags::check(plan, &mut out);
    values::check(plan, &mut out);
    glossary::check_file(plan, &mut out);
    out
}

/// The translation passes (recorded translations, controlled terms, numbers): warnings only,
/// and most of the time of a check, so a build runs them while it renders. Texts are checked in
/// parallel; rayon keeps the findings in text order.
pub fn advice(plan: &Plan) -> Vec<Diagnostic> {
    let matcher = Matcher::new(&plan.glossary);
    let pairs = translate::text_pairs(plan);
    type PairPass = fn(&Plan, &Matcher, &TextPair, &mut Vec<Diagnostic>);
    let per_pair = |pass: PairPass| -> Vec<Diagnostic> {
        pairs
            .par_iter()
            .flat_map_iter(|pair| {
                let mut out = Vec::new();
                pass(plan, &matcher, pair, &mut out);
                out
            })
            .collect()
    };
    let mut out = Vec::new();
    translation::check(plan, &mut out);
    out.extend(per_pair(glossary::check_pair));
    out.extend(per_pair(numbers::check_pair));
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
