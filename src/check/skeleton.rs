//! The zh and en file of a chapter must share a skeleton: the same chapter ID, the same
//! headings (IDs, in order) and the same number of blocks under each heading.

use crate::diag::Diagnostic;
use crate::model::{Chapter, ChapterPair, Lang, Plan, Span};

pub fn check(plan: &Plan, out: &mut Vec<Diagnostic>) {
    for pair in &plan.chapters {
        missing_side(plan, pair, out);
        if let (Some(zh), Some(en)) = (&pair.zh, &pair.en) {
            compare(zh, en, out);
        }
    }
}

fn missing_side(plan: &Plan, pair: &ChapterPair, out: &mut Vec<Diagnostic>) {
    for lang in Lang::ALL {
        let other = lang.other();
        if pair.file(lang).is_none() {
            if let Some(file) = pair.file(other) {
                let path = plan.sources.file(file).path.clone();
                let expected = path.with_file_name(format!("{}.{}.md", pair.stem, lang.code()));
                out.push(
                    Diagnostic::error(
                        "missing-chapter-file",
                        format!("chapter `{}` has no {lang} file", pair.stem),
                    )
                    .at(Span::new(file, 0, 0), format!("the {other} file is here"))
                    .help(format!(
                        "create {} with the same headings and blocks",
                        expected.display()
                    )),
                );
            }
        }
    }
}

/// Points at the first difference only: later ones usually follow from it.
fn compare(zh: &Chapter, en: &Chapter, out: &mut Vec<Diagnostic>) {
    if zh.id != en.id {
        out.push(
            Diagnostic::error(
                "skeleton-mismatch",
                format!("chapter ID differs: `{}` (zh) vs `{}` (en)", zh.id, en.id),
            )
            .at(en.title_span, "en front matter")
            .also(zh.title_span, "zh front matter")
            .help("the zh and en file of a chapter must have the same `id`"),
        );
        return;
    }
    // Compare section by section: (heading, blocks under it).
    let sections = |ch: &Chapter| -> Vec<(Option<usize>, usize)> {
        let mut v = vec![(
            None,
            ch.blocks.iter().filter(|b| b.heading.is_none()).count(),
        )];
        for i in 0..ch.headings.len() {
            v.push((
                Some(i),
                ch.blocks.iter().filter(|b| b.heading == Some(i)).count(),
            ));
        }
        v
    };
    let (zs, es) = (sections(zh), sections(en));
    for i in 0..zs.len().max(es.len()) {
        let (z, e) = (zs.get(i), es.get(i));
        let heading_id = |ch: &Chapter, h: Option<usize>| h.and_then(|h| ch.headings[h].id.clone());
        let heading_span = |ch: &Chapter, s: Option<&(Option<usize>, usize)>| match s {
            Some((Some(h), _)) => ch.headings[*h].span,
            _ => end_span(ch),
        };
        match (z, e) {
            (Some(zsec), Some(esec)) => {
                let (zid, eid) = (heading_id(zh, zsec.0), heading_id(en, esec.0));
                if zid != eid {
                    out.push(
                        Diagnostic::error(
                            "skeleton-mismatch",
                            format!(
                                "heading differs between zh and en: `{}` vs `{}`",
                                zid.as_deref().unwrap_or("(no ID)"),
                                eid.as_deref().unwrap_or("(no ID)")
                            ),
                        )
                        .at(heading_span(en, Some(esec)), "en heading")
                        .also(heading_span(zh, Some(zsec)), "zh heading")
                        .help("both files need the same headings with the same IDs in the same order; add the missing heading or fix its ID"),
                    );
                    return;
                }
                if zsec.1 != esec.1 {
                    let section = zid.unwrap_or_else(|| zh.id.clone());
                    let n = zsec.1.min(esec.1);
                    // Point at the first block past the shorter side's end.
                    let span_after = |ch: &Chapter, sec: &(Option<usize>, usize)| {
                        ch.blocks
                            .iter()
                            .filter(|b| b.heading == sec.0)
                            .nth(n)
                            .map(|b| b.span)
                            .unwrap_or_else(|| {
                                ch.blocks
                                    .iter()
                                    .filter(|b| b.heading == sec.0)
                                    .last()
                                    .map(|b| b.span)
                                    .unwrap_or(heading_span(ch, Some(sec)))
                            })
                    };
                    out.push(
                        Diagnostic::error(
                            "skeleton-mismatch",
                            format!("`{section}` has {} blocks in zh but {} in en", zsec.1, esec.1),
                        )
                        .at(span_after(en, esec), format!("en block {}", n + 1))
                        .also(span_after(zh, zsec), format!("zh block {}", n + 1))
                        .help("each zh paragraph or list item needs exactly one en counterpart, in the same order: split or join paragraphs to match"),
                    );
                    return;
                }
            }
            (Some(zsec), None) => {
                out.push(
                    Diagnostic::error(
                        "skeleton-mismatch",
                        format!(
                            "heading `{}` is missing in en",
                            heading_id(zh, zsec.0).unwrap_or_default()
                        ),
                    )
                    .at(end_span(en), "en file ends here")
                    .also(heading_span(zh, Some(zsec)), "zh heading")
                    .help("add the heading with the same ID to the en file"),
                );
                return;
            }
            (None, Some(esec)) => {
                out.push(
                    Diagnostic::error(
                        "skeleton-mismatch",
                        format!(
                            "heading `{}` is missing in zh",
                            heading_id(en, esec.0).unwrap_or_default()
                        ),
                    )
                    .at(heading_span(en, Some(esec)), "en heading")
                    .also(end_span(zh), "zh file ends here")
                    .help("add the heading to the zh file, or remove it from the en file"),
                );
                return;
            }
            (None, None) => {}
        }
    }
}

fn end_span(ch: &Chapter) -> Span {
    let end = ch
        .blocks
        .last()
        .map(|b| b.span.end)
        .into_iter()
        .chain(ch.headings.last().map(|h| h.span.end))
        .max()
        .unwrap_or(0);
    Span::new(ch.file, end, end)
}
