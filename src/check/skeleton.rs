//! The zh and en file of a chapter must share a skeleton (`model::align`): the same chapter
//! ID, part and kind, the same headings (IDs, in order) and under each the same blocks, tables
//! (rows and columns) and boxes. An en file that lacks whole sections, or a chapter without an
//! en file, is English in progress: a warning, not an error. zh is authoritative: an en file
//! without its zh file is an error.

use crate::diag::Diagnostic;
use crate::model::align::{self, Alignment};
use crate::model::{Chapter, ChapterPair, Node, Plan, Span};

pub fn check(plan: &Plan, out: &mut Vec<Diagnostic>) {
    for pair in &plan.chapters {
        missing_side(plan, pair, out);
        if !plan.has_english() {
            continue;
        }
        if let (Some(zh), Some(en)) = (&pair.zh, &pair.en) {
            match align::align(zh, en) {
                Alignment::Aligned { missing } if !missing.is_empty() => {
                    out.push(untranslated_sections(zh, en, &missing))
                }
                Alignment::Aligned { .. } => {}
                Alignment::Misaligned => compare(zh, en, out),
            }
        }
    }
}

fn missing_side(plan: &Plan, pair: &ChapterPair, out: &mut Vec<Diagnostic>) {
    match (pair.zh_file, pair.en_file) {
        (None, Some(file)) => {
            let path = plan.sources.file(file).path.clone();
            let expected = path.with_file_name(format!("{}.zh.md", pair.stem));
            out.push(
                Diagnostic::error(
                    "missing-chapter-file",
                    format!("chapter `{}` has no zh file", pair.stem),
                )
                .at(Span::new(file, 0, 0), "the en file is here")
                .help(format!(
                    "the Chinese text is authoritative: create {} (the en file is its translation), or remove the en file",
                    expected.display()
                )),
            );
        }
        (Some(file), None) if plan.has_english() => {
            let path = plan.sources.file(file).path.clone();
            let expected = path.with_file_name(format!("{}.en.md", pair.stem));
            out.push(
                Diagnostic::warning(
                    "untranslated",
                    format!("chapter `{}` has no English yet", pair.id()),
                )
                .at(Span::new(file, 0, 0), "the zh file is here")
                .help(format!(
                    "the English site and editions mark it \"translation in progress\"; translate it in {} (same headings and blocks), or publish in Chinese alone with `languages: [zh]` in plan.yaml",
                    expected.display()
                )),
            );
        }
        (_, Some(file)) if !plan.has_english() => {
            out.push(
                Diagnostic::warning(
                    "language-not-published",
                    format!("chapter `{}` has an en file, but the plan is published in Chinese alone", pair.stem),
                )
                .at(Span::new(file, 0, 0), "this file is not published")
                .help("add `en` to `languages` in plan.yaml to publish the English, or remove the file"),
            );
        }
        _ => {}
    }
}

/// One warning for the sections of a chapter that the en file does not have yet.
fn untranslated_sections(zh: &Chapter, en: &Chapter, missing: &[usize]) -> Diagnostic {
    let names: Vec<String> = missing
        .iter()
        .take(5)
        .map(|&h| format!("`{}`", zh.headings[h].id.as_deref().unwrap_or_default()))
        .collect();
    let more = if missing.len() > names.len() { ", …" } else { "" };
    let n = missing.len();
    Diagnostic::warning(
        "untranslated",
        format!(
            "{n} section{} of chapter `{}` {} no English yet ({}{more})",
            if n == 1 { "" } else { "s" },
            zh.id,
            if n == 1 { "has" } else { "have" },
            names.join(", ")
        ),
    )
    .at(zh.headings[missing[0]].span, "first untranslated section")
    .also(en.title_span, "the en file")
    .help("the English site and editions mark these sections \"translation in progress\"; add each heading with its ID and its blocks to the en file when translated")
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
    if zh.part != en.part || zh.kind != en.kind {
        let what = if zh.part != en.part { "part" } else { "kind" };
        out.push(
            Diagnostic::error(
                "skeleton-mismatch",
                format!("the `{what}` of chapter `{}` differs between zh and en", zh.id),
            )
            .at(en.title_span, "en front matter")
            .also(zh.title_span, "zh front matter")
            .help(format!("give the zh and en file the same `{what}:` in the front matter")),
        );
        return;
    }
    let en_ids: Vec<Option<&str>> = en.headings.iter().map(|h| h.id.as_deref()).collect();
    let zh_ids: Vec<Option<&str>> = zh.headings.iter().map(|h| h.id.as_deref()).collect();
    if !is_subsequence(&en_ids, &zh_ids) || en_ids.contains(&None) || zh_ids.contains(&None) {
        if let Some(d) = compare_headings(zh, en) {
            out.push(d);
            return;
        }
    }
    let (zs, es) = (align::sections(zh), align::sections(en));
    let section_id = |c: &Chapter, h: Option<usize>| h.and_then(|h| c.headings[h].id.clone());
    for (i, z) in zs.iter().enumerate() {
        let Some(e) = es.iter().find(|e| section_id(en, e.heading) == section_id(zh, z.heading))
        else {
            continue;
        };
        let (zb, eb) = (top_blocks(zh, z.heading), top_blocks(en, e.heading));
        if zb.len() != eb.len() {
            // More en blocks than zh, and the next zh heading absent from en: the heading was
            // deleted and its blocks joined this section.
            let next_missing = zs.get(i + 1).is_some_and(|n| {
                let id = section_id(zh, n.heading);
                !es.iter().any(|e| section_id(en, e.heading) == id)
            });
            if eb.len() > zb.len() && next_missing {
                let h = zs[i + 1].heading.expect("not the opening section");
                let at = eb.get(zb.len()).copied().unwrap_or_else(|| end_span(en));
                out.push(
                    Diagnostic::error(
                        "skeleton-mismatch",
                        format!("heading `{}` is missing in en", zh.headings[h].id.as_deref().unwrap_or("(no ID)")),
                    )
                    .at(at, "the en heading should come before this")
                    .also(zh.headings[h].span, "zh heading")
                    .help("add the heading with the same ID to the en file"),
                );
                return;
            }
            let section = section_id(zh, z.heading).unwrap_or_else(|| zh.id.clone());
            let n = zb.len().min(eb.len());
            let at = |blocks: &[Span], ch: &Chapter, h: Option<usize>| {
                blocks
                    .get(n)
                    .or(blocks.last())
                    .copied()
                    .unwrap_or_else(|| section_start(ch, h))
            };
            out.push(
                Diagnostic::error("skeleton-mismatch", format!("`{section}` has {} blocks in zh but {} in en", zb.len(), eb.len()))
                    .at(at(&eb, en, e.heading), format!("en block {}", n + 1))
                    .also(at(&zb, zh, z.heading), format!("zh block {}", n + 1))
                    .help("each zh paragraph or list item needs exactly one en counterpart, in the same order: split or join paragraphs to match"),
            );
            return;
        }
        if z.shapes != e.shapes {
            out.push(shape_mismatch(zh, en, z.heading, e.heading));
            return;
        }
    }
    let labels = |c: &Chapter| c.footnotes.iter().map(|f| f.label.clone()).collect::<Vec<_>>();
    if labels(zh) != labels(en) {
        let (zl, el) = (labels(zh), labels(en));
        let i = (0..zl.len().max(el.len()))
            .find(|&i| zl.get(i) != el.get(i))
            .unwrap_or(0);
        let span_of = |c: &Chapter| {
            c.footnotes
                .get(i)
                .map(|f| c.blocks[f.block].span)
                .unwrap_or_else(|| end_span(c))
        };
        out.push(
            Diagnostic::error(
                "skeleton-mismatch",
                format!(
                    "footnotes differ: zh has [{}], en has [{}]",
                    zl.iter().map(|l| format!("^{l}")).collect::<Vec<_>>().join(", "),
                    el.iter().map(|l| format!("^{l}")).collect::<Vec<_>>().join(", ")
                ),
            )
            .at(span_of(en), "en footnote")
            .also(span_of(zh), "zh footnote")
            .help("the zh and en file need the same footnotes, with the same labels, defined in the same order"),
        );
    }
}

fn is_subsequence<T: PartialEq>(sub: &[T], of: &[T]) -> bool {
    let mut it = of.iter();
    sub.iter().all(|x| it.any(|y| y == x))
}

/// The spans of the blocks directly under a heading (not in its tables or boxes).
fn top_blocks(ch: &Chapter, heading: Option<usize>) -> Vec<Span> {
    let mut out = Vec::new();
    let mut current = None;
    for node in &ch.body {
        match node {
            Node::Heading(h) => current = Some(*h),
            Node::Block(b) if current == heading => out.push(ch.blocks[*b].span),
            _ => {}
        }
    }
    out
}

/// The nodes of one section.
fn section_nodes(ch: &Chapter, heading: Option<usize>) -> Vec<&Node> {
    let mut out = Vec::new();
    let mut current = None;
    for node in &ch.body {
        match node {
            Node::Heading(h) => current = Some(*h),
            n if current == heading => out.push(n),
            _ => {}
        }
    }
    out
}

/// The first table or box of a section whose shape differs between zh and en.
fn shape_mismatch(zh: &Chapter, en: &Chapter, zh_h: Option<usize>, en_h: Option<usize>) -> Diagnostic {
    fn containers(c: &Chapter, h: Option<usize>) -> Vec<&Node> {
        section_nodes(c, h)
            .into_iter()
            .filter(|n| !matches!(n, Node::Block(_)))
            .collect()
    }
    let (zn, en_nodes) = (containers(zh, zh_h), containers(en, en_h));
    for i in 0..zn.len().max(en_nodes.len()) {
        let (z, e) = (zn.get(i), en_nodes.get(i));
        let describe = |n: &Node| match n {
            Node::Table(t) => (format!("table `{}`", t.key), t.span),
            Node::Box(b) => (format!("box `{}`", b.key), b.span),
            _ => (String::new(), Span::default()),
        };
        match (z, e) {
            (Some(Node::Table(zt)), Some(Node::Table(et))) if zt.key == et.key => {
                let problem = if zt.header.len() != et.header.len() {
                    Some(format!("{} columns in zh but {} in en", zt.header.len(), et.header.len()))
                } else if zt.rows.len() != et.rows.len() {
                    Some(format!("{} rows in zh but {} in en", zt.rows.len(), et.rows.len()))
                } else if zt.caption.is_some() != et.caption.is_some() {
                    Some(format!("a caption in {} only", if zt.caption.is_some() { "zh" } else { "en" }))
                } else if zt.notes.len() != et.notes.len() {
                    Some(format!("{} notes in zh but {} in en", zt.notes.len(), et.notes.len()))
                } else {
                    None
                };
                if let Some(problem) = problem {
                    return Diagnostic::error("skeleton-mismatch", format!("table `{}` has {problem}", zt.key))
                        .at(et.span, "en table")
                        .also(zt.span, "zh table")
                        .help("the zh and en table need the same rows and columns (each cell translated in place), the same caption and the same notes");
                }
            }
            (Some(Node::Box(zb)), Some(Node::Box(eb))) if zb.key == eb.key => {
                let blocks = |b: &crate::model::PlanBox| b.body.iter().filter(|n| matches!(n, Node::Block(_))).count();
                if blocks(zb) != blocks(eb) {
                    return Diagnostic::error("skeleton-mismatch", format!("box `{}` has {} blocks in zh but {} in en", zb.key, blocks(zb), blocks(eb)))
                        .at(eb.span, "en box")
                        .also(zb.span, "zh box")
                        .help("the zh and en box need the same paragraphs, list items and tables, in the same order");
                }
                let (zs, es) = (
                    zb.body.iter().map(node_shape).collect::<Vec<_>>(),
                    eb.body.iter().map(node_shape).collect::<Vec<_>>(),
                );
                if zs != es {
                    return Diagnostic::error("skeleton-mismatch", format!("a table in box `{}` differs between zh and en", zb.key))
                        .at(eb.span, "en box")
                        .also(zb.span, "zh box")
                        .help("the zh and en table need the same rows and columns, the same caption and the same notes");
                }
            }
            (Some(z), Some(e)) => {
                let ((zw, zs), (ew, es)) = (describe(z), describe(e));
                return Diagnostic::error("skeleton-mismatch", format!("zh has {zw} where en has {ew}"))
                    .at(es, "en")
                    .also(zs, "zh")
                    .help("tables and boxes need the same IDs in the same order in both files");
            }
            (Some(z), None) => {
                let (zw, zs) = describe(z);
                return Diagnostic::error("skeleton-mismatch", format!("{zw} is missing in en"))
                    .at(section_start(en, en_h), "en section")
                    .also(zs, "zh")
                    .help("translate the table or box in the en file, in the same place");
            }
            (None, Some(e)) => {
                let (ew, es) = describe(e);
                return Diagnostic::error("skeleton-mismatch", format!("{ew} is missing in zh"))
                    .at(es, "en")
                    .also(section_start(zh, zh_h), "zh section")
                    .help("add the table or box to the zh file, or remove it from the en file");
            }
            (None, None) => {}
        }
    }
    Diagnostic::error("skeleton-mismatch", "the order of blocks, tables and boxes differs between zh and en")
        .at(section_start(en, en_h), "en section")
        .also(section_start(zh, zh_h), "zh section")
        .help("keep paragraphs, tables and boxes in the same order in both files")
}

fn node_shape(n: &Node) -> Option<(usize, usize, bool, usize)> {
    match n {
        Node::Table(t) => Some((t.header.len(), t.rows.len(), t.caption.is_some(), t.notes.len())),
        _ => None,
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
    let n = top_blocks(has, prev).len();
    top_blocks(lacks, prev)
        .get(n)
        .copied()
        .unwrap_or_else(|| end_span(lacks))
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
