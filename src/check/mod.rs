//! Validation passes over the model. Each pass reads the whole plan (IDs were collected by the
//! loader first, so file order never matters) and reports [`Diagnostic`]s with spans.

mod glossary;
mod ids;
mod numbers;
mod outline;
mod skeleton;
mod tags;
mod term_drift;
mod translation;
mod values;

use crate::diag::Diagnostic;
use crate::model::{Plan, Span};
use crate::translate;
use crate::translate::glossary::{norm_en, Matcher, ZhScan};
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
    outline::check(plan, &mut out);
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
    // Each text is matched against the glossary and its en side normalised once, for every
    // pass that needs them.
    let pairs = translate::text_pairs(plan);
    let scanned: Vec<(ZhScan, String)> = pairs
        .par_iter()
        .map(|pair| (matcher.scan(pair.zh), norm_en(pair.en)))
        .collect();
    let (scans, ens): (Vec<ZhScan>, Vec<String>) = scanned.into_iter().unzip();
    // The passes over each text, the translation records and the term suggestions at once:
    // `term-drift` is the longest, and runs in parallel within itself.
    let ((per_pair, mut out), drift) = rayon::join(
        || {
            rayon::join(
                || {
                    pairs
                        .par_iter()
                        .zip(scans.par_iter().zip(ens.par_iter()))
                        .map(|(pair, (scan, en))| {
                            let (mut terms, mut numbers) = (Vec::new(), Vec::new());
                            glossary::check_pair(plan, &matcher, pair, scan, en, &mut terms);
                            numbers::check_pair(plan, pair, scan, &mut numbers);
                            (terms, numbers)
                        })
                        .collect::<Vec<(Vec<Diagnostic>, Vec<Diagnostic>)>>()
                },
                || {
                    let mut out = Vec::new();
                    translation::check(plan, &mut out);
                    out
                },
            )
        },
        || {
            let mut out = Vec::new();
            term_drift::check(plan, &matcher, &pairs, &scans, &ens, &mut out);
            out
        },
    );
    out.extend(drift);
    let (terms, numbers): (Vec<_>, Vec<_>) = per_pair.into_iter().unzip();
    out.extend(terms.into_iter().flatten());
    out.extend(numbers.into_iter().flatten());
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
