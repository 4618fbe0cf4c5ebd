//! Controlled terms: when a zh block uses a glossary term, its en block carries the term's
//! rendering (or an accepted variant); a rendering reserved for one term must not stand for
//! another; and glossary.yaml itself has one entry per zh term and one term per rendering.

use super::line_span;
use crate::diag::{Code, Diagnostic};
use crate::model::{Plan, Span};
use crate::source::file_index;
use crate::translate::glossary::{contains_words, norm_en, norm_zh, Matcher, ZhScan};
use crate::translate::{find_in_span, TextPair};
use std::collections::HashMap;

/// glossary.yaml itself: one entry per zh term, one term per rendering (errors).
pub fn check_file(plan: &Plan, out: &mut Vec<Diagnostic>) {
    duplicates(plan, out);
}

/// One translated text: the en side carries the rendering of every term the zh side uses.
/// `scan` is the zh side matched against the glossary, `en_norm` the en side through [`norm_en`].
pub fn check_pair(
    plan: &Plan,
    matcher: &Matcher,
    pair: &TextPair,
    scan: &ZhScan,
    en_norm: &str,
    out: &mut Vec<Diagnostic>,
) {
    if matcher.terms.is_empty() {
        return;
    }
    // Each term once, with the text of its first occurrence as written.
    let mut used: Vec<(usize, String)> = Vec::new();
    for m in scan.matches() {
        if !used.iter().any(|(t, _)| *t == m.term) {
            let written: String = pair
                .zh
                .chars()
                .skip(m.chars.start)
                .take(m.chars.len())
                .collect();
            used.push((m.term, written));
        }
    }
    let missing: Vec<(usize, String)> = used
        .into_iter()
        .filter(|(t, _)| matcher.rendering_in(en_norm, *t).is_none())
        .collect();
    if missing.is_empty() {
        return;
    }
    let drift = drift_candidates(matcher, scan, en_norm);
    for (b, written) in missing {
        let term = matcher.terms[b].term;
        let zh_span = find_in_span(plan, pair.zh_span, &written);
        // Only a related term counts as drift (生产性服务业 for 生活性服务业, both
        // "… services"): one sharing a character with B and a word with B's renderings.
        let related = drift
            .iter()
            .filter_map(|(a, r, shown)| {
                let shared = shared_chars(&matcher.terms[*a].term.zh, &term.zh);
                let words = matcher.terms[b]
                    .renderings
                    .iter()
                    .any(|br| shares_word(br, r));
                (shared > 0 && words).then_some((shared, r.len(), *a, *shown))
            })
            .max();
        if let Some((_, _, a, rendering)) = related {
            let other = matcher.terms[a].term;
            out.push(
                    Diagnostic::warning(
                        Code::GlossaryDrift,
                        format!(
                            "`{rendering}` is the glossary rendering of {}, but this zh block has {} (rendered `{}`)",
                            other.zh, term.zh, term.en
                        ),
                    )
                    .at(pair.en_span, format!("`{rendering}` stands for {} here", term.zh))
                    .also(zh_span, format!("{} (not {})", term.zh, other.zh))
                    .help(format!(
                        "translate {} as `{}`{}; `{}` is reserved for {}",
                        term.zh,
                        term.en,
                        variants_note(&term.variants),
                        other.en,
                        other.zh
                    )),
                );
        } else {
            out.push(
                    Diagnostic::warning(
                        Code::GlossaryMissing,
                        format!(
                            "the zh text uses the controlled term {}, but the en text lacks `{}`",
                            term.zh, term.en
                        ),
                    )
                    .at(pair.en_span, format!("expected `{}` here", term.en))
                    .also(zh_span, format!("{} here", term.zh))
                    .help(format!(
                        "translate {} as `{}`{}, or add the form used here to the term's `variants` in glossary.yaml",
                        term.zh,
                        term.en,
                        variants_note(&term.variants)
                    )),
                );
        }
    }
}

fn variants_note(variants: &[String]) -> String {
    if variants.is_empty() {
        String::new()
    } else {
        format!(
            " (also accepted: {})",
            variants
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// Do two normalised renderings share a content word (`producer services` / `consumer
/// services`)?
fn shares_word(a: &str, b: &str) -> bool {
    const STOP: &[&str] = &[
        "and", "the", "for", "with", "from", "into", "of", "in", "to",
    ];
    let content = |w: &&str| w.len() >= 3 && !STOP.contains(w);
    let stem = |w: &str| w.trim_end_matches('s').to_string();
    let bw: Vec<String> = b.split(' ').filter(content).map(stem).collect();
    a.split(' ').filter(content).any(|w| bw.contains(&stem(w)))
}

fn shared_chars(a: &str, b: &str) -> usize {
    a.chars().filter(|c| b.contains(*c)).count()
}

/// Terms whose rendering the en block uses although the zh block lacks the term, and no term of
/// the zh block renders to (or contains) those words: `(term, rendering)`.
/// The rendering is returned normalised and as written.
fn drift_candidates<'m>(
    matcher: &'m Matcher,
    scan: &ZhScan,
    en_norm: &str,
) -> Vec<(usize, &'m str, &'m str)> {
    let present: Vec<usize> = (0..matcher.terms.len())
        .filter(|t| scan.contains(*t))
        .collect();
    (0..matcher.terms.len())
        .filter(|a| !present.contains(a))
        .filter_map(|a| {
            let t = &matcher.terms[a];
            let k = (0..t.renderings.len()).find(|&k| matcher.has_rendering(en_norm, a, k))?;
            let r = &t.renderings[k];
            let explained = present.iter().any(|t| {
                matcher.terms[*t]
                    .renderings
                    .iter()
                    .any(|tr| contains_words(tr, r))
            });
            (!explained).then_some((a, r.as_str(), t.originals[k]))
        })
        .collect()
}

/// glossary.yaml: one entry per zh term, one zh term per English rendering.
fn duplicates(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let Some(file) = file_index(plan, "glossary.yaml") else {
        return;
    };
    let span = |line: usize| -> Span { line_span(plan, file, line.max(1)) };
    let mut zh_seen: HashMap<String, usize> = HashMap::new();
    // rendering → (zh term, line); controlled renderings first so variants are checked against
    // every term's rendering.
    let mut en_seen: HashMap<String, (String, usize)> = HashMap::new();
    for t in &plan.glossary.terms {
        let zh = norm_zh(t.zh.trim());
        if let Some(first) = zh_seen.get(&zh) {
            out.push(
                Diagnostic::error(
                    Code::GlossaryDuplicate,
                    format!("{} is in the glossary twice", t.zh),
                )
                .at(span(t.line), "second entry")
                .also(span(*first), "first entry")
                .help("keep one entry per zh term: merge the renderings into `variants`"),
            );
            continue;
        }
        zh_seen.insert(zh, t.line);
        let en = norm_en(&t.en);
        if let Some((other, line)) = en_seen.get(&en) {
            out.push(
                Diagnostic::error(
                    Code::GlossaryDuplicate,
                    format!("{} and {other} share the rendering `{}`", t.zh, t.en),
                )
                .at(span(t.line), format!("{} → `{}`", t.zh, t.en))
                .also(span(*line), format!("{other} → `{}`", t.en))
                .help("each term needs its own rendering, or the check cannot tell which term a translation means: reword one, or merge the entries"),
            );
            continue;
        }
        en_seen.insert(en, (t.zh.clone(), t.line));
    }
    for t in &plan.glossary.terms {
        for v in &t.variants {
            if let Some((other, line)) = en_seen.get(&norm_en(v)) {
                if *other != t.zh && *line != t.line {
                    out.push(
                        Diagnostic::error(
                            Code::GlossaryDuplicate,
                            format!("the variant `{v}` of {} is the rendering of {other}", t.zh),
                        )
                        .at(span(t.line), format!("variant of {}", t.zh))
                        .also(span(*line), format!("rendering of {other}"))
                        .help("each rendering belongs to one term: remove the variant, or merge the entries"),
                    );
                }
            }
        }
    }
}
