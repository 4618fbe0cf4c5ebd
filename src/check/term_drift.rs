//! `term-drift`: a zh term the glossary does not cover (a name, a slogan, an 'N大…' group; see
//! [`crate::translate::suggest`]) that the en texts render two or more ways. One warning per
//! extra rendering, at the first en text that uses it.

use crate::diag::{Code, Diagnostic};
use crate::model::Plan;
use crate::translate::glossary::{Matcher, ZhScan};
use crate::translate::suggest::{suggest_scanned, written_in};
use crate::translate::{find_in_span, TextPair};

/// `scans` and `ens`: each text matched against the glossary and its en side normalised (see
/// [`suggest_scanned`]).
pub fn check(
    plan: &Plan,
    matcher: &Matcher,
    pairs: &[TextPair],
    scans: &[ZhScan],
    ens: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let suggestions = suggest_scanned(pairs, matcher, scans, ens);
    for s in suggestions.iter().filter(|s| s.drifts()) {
        let main = &s.renderings[0];
        let main_pair = &pairs[main.texts[0]];
        for other in &s.renderings[1..] {
            let pair = &pairs[other.texts[0]];
            let zh = written_in(pair.zh, &s.zh).unwrap_or_else(|| s.zh.clone());
            out.push(
                Diagnostic::warning(
                    Code::TermDrift,
                    format!(
                        "{zh} is rendered `{}` here but `{}` in {} other text{}",
                        other.en,
                        main.en,
                        main.texts.len(),
                        if main.texts.len() == 1 { "" } else { "s" }
                    ),
                )
                .at(
                    find_in_span(plan, pair.en_span, &other.en),
                    format!("`{}` for {zh}", other.en),
                )
                .also(
                    find_in_span(plan, main_pair.en_span, &main.en),
                    format!("`{}` in the {}", main.en, main_pair.what),
                )
                .also(find_in_span(plan, pair.zh_span, &zh), format!("{zh} here"))
                .help(format!(
                    "use one rendering of {zh} throughout, and record it in glossary.yaml (`- {{zh: {zh}, en: {}}}`) so that check holds every text to it; `plandoc glossary suggest` lists the terms not yet there",
                    main.en
                )),
            );
        }
    }
}
