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
    if let Some(d) = compare_headings(zh, en) {
        out.push(d);
        return;
    }
    // Same headings: compare the number of blocks under each (and before the first).
    for h in std::iter::once(None).chain((0..zh.headings.len()).map(Some)) {
        let (zb, eb) = (blocks_under(zh, h), blocks_under(en, h));
        if zb.len() != eb.len() {
            let section = h
                .and_then(|h| zh.headings[h].id.clone())
                .unwrap_or_else(|| zh.id.clone());
            let n = zb.len().min(eb.len());
            let at = |blocks: &[Span], ch: &Chapter| {
                blocks
                    .get(n)
                    .or(blocks.last())
                    .copied()
                    .unwrap_or_else(|| section_start(ch, h))
            };
            out.push(
                Diagnostic::error("skeleton-mismatch", format!("`{section}` has {} blocks in zh but {} in en", zb.len(), eb.len()))
                    .at(at(&eb, en), format!("en block {}", n + 1))
                    .also(at(&zb, zh), format!("zh block {}", n + 1))
                    .help("each zh paragraph or list item needs exactly one en counterpart, in the same order: split or join paragraphs to match"),
            );
            return;
        }
    }
}

/// The first heading that differs, pointing at both files.
fn compare_headings(zh: &Chapter, en: &Chapter) -> Option<Diagnostic> {
    let ids = |ch: &Chapter| ch.headings.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
    let (zi, ei) = (ids(zh), ids(en));
    // A heading without an ID is reported on its own; here it matches any heading.
    let same = |a: Option<&Option<String>>, b: Option<&Option<String>>| match (a, b) {
        (Some(None), Some(_)) | (Some(_), Some(None)) => true,
        (a, b) => a == b,
    };
    let i = (0..zi.len().max(ei.len())).find(|&i| !same(zi.get(i), ei.get(i)))?;
    let name = |id: &Option<String>| id.clone().unwrap_or_else(|| "(no ID)".into());
    let d = match (zi.get(i), ei.get(i)) {
        (Some(z), Some(_)) if !ei.contains(z) => Diagnostic::error(
            "skeleton-mismatch",
            format!("heading `{}` is missing in en", name(z)),
        )
        .at(
            missing_heading_place(zh, en, i),
            "the en heading should come before this",
        )
        .also(zh.headings[i].span, "zh heading")
        .help("add the heading with the same ID to the en file"),
        (Some(_), Some(e)) if !zi.contains(e) => Diagnostic::error(
            "skeleton-mismatch",
            format!("heading `{}` is missing in zh", name(e)),
        )
        .at(en.headings[i].span, "en heading")
        .also(
            missing_heading_place(en, zh, i),
            "the zh heading should come before this",
        )
        .help("add the heading to the zh file, or remove it from the en file"),
        (Some(z), Some(e)) => Diagnostic::error(
            "skeleton-mismatch",
            format!(
                "heading differs between zh and en: `{}` vs `{}`",
                name(z),
                name(e)
            ),
        )
        .at(en.headings[i].span, "en heading")
        .also(zh.headings[i].span, "zh heading")
        .help("both files need the same headings with the same IDs in the same order"),
        (Some(z), None) => Diagnostic::error(
            "skeleton-mismatch",
            format!("heading `{}` is missing in en", name(z)),
        )
        .at(
            missing_heading_place(zh, en, i),
            "the en heading should come here",
        )
        .also(zh.headings[i].span, "zh heading")
        .help("add the heading with the same ID to the en file"),
        (None, Some(e)) => Diagnostic::error(
            "skeleton-mismatch",
            format!("heading `{}` is missing in zh", name(e)),
        )
        .at(en.headings[i].span, "en heading")
        .also(
            missing_heading_place(en, zh, i),
            "the zh heading should come here",
        )
        .help("add the heading to the zh file, or remove it from the en file"),
        (None, None) => return None,
    };
    Some(d)
}

/// Where heading `i` of `has` belongs in `lacks`: after as many blocks under the previous heading
/// as `has` puts there.
fn missing_heading_place(has: &Chapter, lacks: &Chapter, i: usize) -> Span {
    let prev = i.checked_sub(1);
    let n = blocks_under(has, prev).len();
    blocks_under(lacks, prev)
        .get(n)
        .copied()
        .unwrap_or_else(|| end_span(lacks))
}

fn blocks_under(ch: &Chapter, heading: Option<usize>) -> Vec<Span> {
    ch.blocks
        .iter()
        .filter(|b| b.heading == heading)
        .map(|b| b.span)
        .collect()
}

fn section_start(ch: &Chapter, heading: Option<usize>) -> Span {
    heading
        .map(|h| ch.headings[h].span)
        .unwrap_or(ch.title_span)
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
