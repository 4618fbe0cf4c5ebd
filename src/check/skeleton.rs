//! The zh and en file of a chapter must share a skeleton (`model::align`): the same chapter
//! ID, part and kind, the same headings (IDs, in order) and under each the same blocks, tables
//! (rows and columns) and boxes. An en file that lacks whole sections, or a chapter without an
//! en file, is English in progress: a warning, not an error. zh is authoritative: an en file
//! without its zh file is an error.

use crate::diag::{Code, Diagnostic};
use crate::model::align::{self, Alignment};
use crate::model::{Block, Chapter, ChapterPair, Node, Plan, Span};

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
                Alignment::Misaligned => compare(plan, zh, en, out),
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
                    Code::MissingChapterFile,
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
                    Code::Untranslated,
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
                    Code::LanguageNotPublished,
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
    let more = if missing.len() > names.len() {
        ", …"
    } else {
        ""
    };
    let n = missing.len();
    Diagnostic::warning(
        Code::Untranslated,
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
fn compare(plan: &Plan, zh: &Chapter, en: &Chapter, out: &mut Vec<Diagnostic>) {
    if zh.id != en.id {
        out.push(
            Diagnostic::error(
                Code::SkeletonMismatch,
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
                Code::SkeletonMismatch,
                format!(
                    "the `{what}` of chapter `{}` differs between zh and en",
                    zh.id
                ),
            )
            .at(en.title_span, "en front matter")
            .also(zh.title_span, "zh front matter")
            .help(format!(
                "give the zh and en file the same `{what}:` in the front matter"
            )),
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
    // Sections pair by heading ID; a heading without one (reported on its own) pairs by place.
    let by_place = zh_ids.contains(&None) || en_ids.contains(&None);
    if by_place && zs.len() != es.len() {
        return;
    }
    for (i, z) in zs.iter().enumerate() {
        let e = if by_place {
            es.get(i)
        } else {
            es.iter()
                .find(|e| section_id(en, e.heading) == section_id(zh, z.heading))
        };
        let Some(e) = e else {
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
                        Code::SkeletonMismatch,
                        format!(
                            "heading `{}` is missing in en",
                            zh.headings[h].id.as_deref().unwrap_or("(no ID)")
                        ),
                    )
                    .at(at, "the en heading should come before this")
                    .also(zh.headings[h].span, "zh heading")
                    .help("add the heading with the same ID to the en file"),
                );
                return;
            }
            let section = section_id(zh, z.heading).unwrap_or_else(|| zh.id.clone());
            out.push(block_count_mismatch(
                plan,
                &section,
                (zh, z.heading),
                (en, e.heading),
            ));
            return;
        }
        if z.shapes != e.shapes {
            out.push(shape_mismatch(zh, en, z.heading, e.heading));
            return;
        }
    }
    let labels = |c: &Chapter| {
        c.footnotes
            .iter()
            .map(|f| f.label.clone())
            .collect::<Vec<_>>()
    };
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
                Code::SkeletonMismatch,
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

/// A section with more blocks on one side: the zh and en blocks aligned by likeness (their
/// target tags, their numbers, their share of the section's length), and the first block
/// that has no counterpart named — "zh block 1 has no English", not "en block 1 differs".
fn block_count_mismatch(
    plan: &Plan,
    section: &str,
    (zh, zh_h): (&Chapter, Option<usize>),
    (en, en_h): (&Chapter, Option<usize>),
) -> Diagnostic {
    let (zb, eb) = (top_block_refs(zh, zh_h), top_block_refs(en, en_h));
    let share = |blocks: &[&Block]| {
        let total: usize = blocks.iter().map(|b| b.text.chars().count()).sum();
        blocks
            .iter()
            .map(|b| b.text.chars().count() as f64 / total.max(1) as f64)
            .collect::<Vec<_>>()
    };
    let (zs, es) = (share(&zb), share(&eb));
    let pairs = align::align_sequences(zb.len(), eb.len(), |i, j| {
        Some(block_likeness(zb[i], eb[j], zs[i], es[j]))
    });
    let first = pairs
        .iter()
        .position(|p| p.0.is_none() || p.1.is_none())
        .expect("the counts differ");
    // Where the missing counterpart belongs on the other side: before the next paired block.
    let next_paired = |side: usize| {
        pairs[first..].iter().find_map(|p| match (p, side) {
            ((Some(_), Some(j)), 1) => Some(eb[*j].span),
            ((Some(i), Some(_)), 0) => Some(zb[*i].span),
            _ => None,
        })
    };
    let message = format!(
        "`{section}` has {} blocks in zh but {} in en",
        zb.len(),
        eb.len()
    );
    // A paragraph split in two on one side: the unpaired block and a neighbour together are
    // more like their counterpart than the neighbour alone.
    let merged = |a: &Block, b: &Block| {
        let mut m = a.clone();
        m.text.push_str(&b.text);
        m.inlines.extend(b.inlines.iter().cloned());
        m
    };
    let neighbour = |k: usize, side: usize| {
        [k.checked_sub(1), Some(k + 1)]
            .into_iter()
            .flatten()
            .find_map(|n| {
                pairs.iter().find_map(|p| match (p, side) {
                    ((Some(i), Some(j)), 1) if *j == n => Some((*i, n)),
                    ((Some(i), Some(j)), 0) if *i == n => Some((n, *j)),
                    _ => None,
                })
            })
    };
    match pairs[first] {
        (None, Some(j)) => {
            if let Some((i, n)) = neighbour(j, 1) {
                let (lo, hi) = (j.min(n), j.max(n));
                let together = merged(eb[lo], eb[hi]);
                // Tags and numbers decide: a joined paragraph is always closer in length.
                let alone = block_likeness(zb[i], eb[n], 0.0, 1.0);
                if block_likeness(zb[i], &together, 0.0, 1.0) > alone + 0.3 {
                    return Diagnostic::error(
                        Code::SkeletonMismatch,
                        format!(
                            "{message}: en blocks {} and {} translate zh block {}",
                            lo + 1,
                            hi + 1,
                            i + 1
                        ),
                    )
                    .at(crate::translate::lead_span(plan, eb[hi].span), format!("en block {} continues en block {}", hi + 1, lo + 1))
                    .also(crate::translate::lead_span(plan, zb[i].span), format!("zh block {} is one paragraph", i + 1))
                    .help("join the two en paragraphs (no blank line between them), or split the zh paragraph in the same place");
                }
            }
        }
        (Some(i), None) => {
            if let Some((n, j)) = neighbour(i, 0) {
                let (lo, hi) = (i.min(n), i.max(n));
                let together = merged(zb[lo], zb[hi]);
                let alone = block_likeness(zb[n], eb[j], 0.0, 1.0);
                if block_likeness(&together, eb[j], 0.0, 1.0) > alone + 0.3 {
                    return Diagnostic::error(
                        Code::SkeletonMismatch,
                        format!(
                            "{message}: en block {} translates zh blocks {} and {}",
                            j + 1,
                            lo + 1,
                            hi + 1
                        ),
                    )
                    .at(crate::translate::lead_span(plan, eb[j].span), format!("en block {} is one paragraph", j + 1))
                    .also(crate::translate::lead_span(plan, zb[hi].span), format!("zh block {} continues zh block {}", hi + 1, lo + 1))
                    .help("split the en paragraph where the zh text does (a blank line between the two), or join the zh paragraphs");
                }
            }
        }
        _ => {}
    }
    match pairs[first] {
        (Some(i), None) => {
            let at = next_paired(1)
                .map(|s| Span::new(s.file, s.start, s.start))
                .unwrap_or_else(|| {
                    eb.last()
                        .map(|b| Span::new(b.span.file, b.span.end, b.span.end))
                        .unwrap_or_else(|| section_start(en, en_h))
                });
            Diagnostic::error(
                Code::SkeletonMismatch,
                format!("{message}: zh block {} has no English", i + 1),
            )
            .at(crate::translate::lead_span(plan, zb[i].span), format!("zh block {} has no English", i + 1))
            .also(at, "its translation belongs here")
            .help("each zh paragraph or list item needs exactly one en counterpart, in the same order: translate this one (or split or join paragraphs to match)")
        }
        (None, Some(j)) => {
            let at = next_paired(0)
                .map(|s| Span::new(s.file, s.start, s.start))
                .unwrap_or_else(|| {
                    zb.last()
                        .map(|b| Span::new(b.span.file, b.span.end, b.span.end))
                        .unwrap_or_else(|| section_start(zh, zh_h))
                });
            Diagnostic::error(
                Code::SkeletonMismatch,
                format!("{message}: en block {} has no Chinese counterpart", j + 1),
            )
            .at(crate::translate::lead_span(plan, eb[j].span), format!("en block {} has no zh counterpart", j + 1))
            .also(at, "the zh text has nothing here")
            .help("each en paragraph or list item translates exactly one zh block, in the same order: remove this one, join it to its neighbour, or add the zh block it translates")
        }
        _ => unreachable!("the first unpaired item"),
    }
}

/// How alike a zh and an en block are: shared target tags, shared numbers, and a similar
/// share of their section's length (each 0..1, tags and numbers weigh most).
fn block_likeness(zh: &Block, en: &Block, zh_share: f64, en_share: f64) -> f64 {
    use crate::translate::numbers::{en_numbers, same, zh_numbers};
    let tags = |b: &Block| {
        let mut t: Vec<(String, String)> = b
            .tags()
            .iter()
            .map(|t| (format!("{:?}", t.kind), t.target.clone()))
            .collect();
        t.sort();
        t
    };
    let (zt, et) = (tags(zh), tags(en));
    let tag_score = if zt.is_empty() && et.is_empty() {
        0.5
    } else {
        let common = zt.iter().filter(|t| et.contains(t)).count();
        common as f64 / zt.len().max(et.len()) as f64
    };
    let zn = zh_numbers(&zh.text, &[]);
    let en_vals: Vec<f64> = en_numbers(&en.text).iter().map(|n| n.value).collect();
    let number_score = if zn.is_empty() && en_vals.is_empty() {
        0.5
    } else {
        let found = zn
            .iter()
            .filter(|n| {
                n.values
                    .iter()
                    .any(|v| en_vals.iter().any(|e| same(*v, *e)))
            })
            .count();
        found as f64 / zn.len().max(en_vals.len()).max(1) as f64
    };
    let length_score = 1.0 - ((zh_share - en_share).abs() * 2.0).min(1.0);
    2.0 * tag_score + 2.0 * number_score + length_score
}

/// The blocks directly under a heading (not in its tables or boxes).
fn top_block_refs(ch: &Chapter, heading: Option<usize>) -> Vec<&Block> {
    let mut out = Vec::new();
    let mut current = None;
    for node in &ch.body {
        match node {
            Node::Heading(h) => current = Some(*h),
            Node::Block(b) if current == heading => out.push(&ch.blocks[*b]),
            _ => {}
        }
    }
    out
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
fn shape_mismatch(
    zh: &Chapter,
    en: &Chapter,
    zh_h: Option<usize>,
    en_h: Option<usize>,
) -> Diagnostic {
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
                    Some(format!(
                        "{} columns in zh but {} in en",
                        zt.header.len(),
                        et.header.len()
                    ))
                } else if zt.rows.len() != et.rows.len() {
                    Some(format!(
                        "{} rows in zh but {} in en",
                        zt.rows.len(),
                        et.rows.len()
                    ))
                } else if zt.caption.is_some() != et.caption.is_some() {
                    Some(format!(
                        "a caption in {} only",
                        if zt.caption.is_some() { "zh" } else { "en" }
                    ))
                } else if zt.notes.len() != et.notes.len() {
                    Some(format!(
                        "{} notes in zh but {} in en",
                        zt.notes.len(),
                        et.notes.len()
                    ))
                } else {
                    None
                };
                if let Some(problem) = problem {
                    return Diagnostic::error(Code::SkeletonMismatch, format!("table `{}` has {problem}", zt.key))
                        .at(et.span, "en table")
                        .also(zt.span, "zh table")
                        .help("the zh and en table need the same rows and columns (each cell translated in place), the same caption and the same notes");
                }
            }
            (Some(Node::Box(zb)), Some(Node::Box(eb))) if zb.key == eb.key => {
                let blocks = |b: &crate::model::PlanBox| {
                    b.body
                        .iter()
                        .filter(|n| matches!(n, Node::Block(_)))
                        .count()
                };
                if blocks(zb) != blocks(eb) {
                    return Diagnostic::error(Code::SkeletonMismatch, format!("box `{}` has {} blocks in zh but {} in en", zb.key, blocks(zb), blocks(eb)))
                        .at(eb.span, "en box")
                        .also(zb.span, "zh box")
                        .help("the zh and en box need the same paragraphs, list items and tables, in the same order");
                }
                let (zs, es) = (
                    zb.body.iter().map(node_shape).collect::<Vec<_>>(),
                    eb.body.iter().map(node_shape).collect::<Vec<_>>(),
                );
                if zs != es {
                    return Diagnostic::error(Code::SkeletonMismatch, format!("a table in box `{}` differs between zh and en", zb.key))
                        .at(eb.span, "en box")
                        .also(zb.span, "zh box")
                        .help("the zh and en table need the same rows and columns, the same caption and the same notes");
                }
            }
            (Some(z), Some(e)) => {
                let ((zw, zs), (ew, es)) = (describe(z), describe(e));
                return Diagnostic::error(
                    Code::SkeletonMismatch,
                    format!("zh has {zw} where en has {ew}"),
                )
                .at(es, "en")
                .also(zs, "zh")
                .help("tables and boxes need the same IDs in the same order in both files");
            }
            (Some(z), None) => {
                let (zw, zs) = describe(z);
                return Diagnostic::error(Code::SkeletonMismatch, format!("{zw} is missing in en"))
                    .at(section_start(en, en_h), "en section")
                    .also(zs, "zh")
                    .help("translate the table or box in the en file, in the same place");
            }
            (None, Some(e)) => {
                let (ew, es) = describe(e);
                return Diagnostic::error(Code::SkeletonMismatch, format!("{ew} is missing in zh"))
                    .at(es, "en")
                    .also(section_start(zh, zh_h), "zh section")
                    .help("add the table or box to the zh file, or remove it from the en file");
            }
            (None, None) => {}
        }
    }
    Diagnostic::error(
        Code::SkeletonMismatch,
        "the order of blocks, tables and boxes differs between zh and en",
    )
    .at(section_start(en, en_h), "en section")
    .also(section_start(zh, zh_h), "zh section")
    .help("keep paragraphs, tables and boxes in the same order in both files")
}

fn node_shape(n: &Node) -> Option<(usize, usize, bool, usize)> {
    match n {
        Node::Table(t) => Some((
            t.header.len(),
            t.rows.len(),
            t.caption.is_some(),
            t.notes.len(),
        )),
        _ => None,
    }
}

/// The first heading that differs, pointing at both files. The headings are aligned by ID
/// (a heading without one pairs with any), so a heading missing on one side is named as
/// missing wherever it stands, and headings left over between two aligned ones at the same
/// place (an ID renamed) are reported as differing.
fn compare_headings(zh: &Chapter, en: &Chapter) -> Option<Diagnostic> {
    let ids = |ch: &Chapter| ch.headings.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
    let (zi, ei) = (ids(zh), ids(en));
    let pairs = align::align_sequences(zi.len(), ei.len(), |i, j| match (&zi[i], &ei[j]) {
        (None, _) | (_, None) => Some(0.5),
        (a, b) if a == b => Some(1.0),
        _ => None,
    });
    // Pair the leftovers between two aligned headings by place: zh [a x c] / en [a y c].
    let mut items: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    let mut k = 0;
    while k < pairs.len() {
        if let (Some(_), Some(_)) = pairs[k] {
            items.push(pairs[k]);
            k += 1;
            continue;
        }
        let run_end = (k..pairs.len())
            .find(|&r| matches!(pairs[r], (Some(_), Some(_))))
            .unwrap_or(pairs.len());
        let zs: Vec<usize> = pairs[k..run_end].iter().filter_map(|p| p.0).collect();
        let es: Vec<usize> = pairs[k..run_end].iter().filter_map(|p| p.1).collect();
        for x in 0..zs.len().max(es.len()) {
            items.push((zs.get(x).copied(), es.get(x).copied()));
        }
        k = run_end;
    }
    let name = |id: &Option<String>| id.clone().unwrap_or_else(|| "(no ID)".into());
    let d = items.iter().find_map(|&(z, e)| match (z, e) {
        (Some(z), Some(e)) if zi[z].is_some() && ei[e].is_some() && zi[z] != ei[e] => Some(
            Diagnostic::error(
                Code::SkeletonMismatch,
                format!(
                    "heading differs between zh and en: `{}` vs `{}`",
                    name(&zi[z]),
                    name(&ei[e])
                ),
            )
            .at(en.headings[e].span, "en heading")
            .also(zh.headings[z].span, "zh heading")
            .help("both files need the same headings with the same IDs in the same order"),
        ),
        (Some(z), None) => Some(
            Diagnostic::error(
                Code::SkeletonMismatch,
                format!("heading `{}` is missing in en", name(&zi[z])),
            )
            .at(
                missing_heading_place(zh, en, z, &items),
                "the en heading should come before this",
            )
            .also(zh.headings[z].span, "zh heading")
            .help("add the heading with the same ID to the en file"),
        ),
        (None, Some(e)) => Some(
            Diagnostic::error(
                Code::SkeletonMismatch,
                format!("heading `{}` is missing in zh", name(&ei[e])),
            )
            .at(en.headings[e].span, "en heading")
            .also(
                missing_heading_place_rev(en, zh, e, &items),
                "the zh heading should come before this",
            )
            .help("add the heading to the zh file, or remove it from the en file"),
        ),
        _ => None,
    });
    d
}

/// Where zh heading `z` belongs in the en file: after as many blocks under the en counterpart
/// of the heading before it as zh puts there.
fn missing_heading_place(
    has: &Chapter,
    lacks: &Chapter,
    z: usize,
    items: &[(Option<usize>, Option<usize>)],
) -> Span {
    let prev = z.checked_sub(1);
    let lacks_prev = match prev {
        None => None,
        Some(p) => match items.iter().find(|(a, _)| *a == Some(p)).and_then(|x| x.1) {
            Some(e) => Some(e),
            None => return end_span(lacks),
        },
    };
    let n = top_blocks(has, prev).len();
    top_blocks(lacks, lacks_prev)
        .get(n)
        .copied()
        .or_else(|| {
            // After the section of the previous heading: the next heading of `lacks`.
            lacks_prev
                .map_or(Some(0), |p| Some(p + 1))
                .and_then(|h| lacks.headings.get(h).map(|h| h.span))
        })
        .unwrap_or_else(|| end_span(lacks))
}

fn missing_heading_place_rev(
    has: &Chapter,
    lacks: &Chapter,
    e: usize,
    items: &[(Option<usize>, Option<usize>)],
) -> Span {
    let flipped: Vec<(Option<usize>, Option<usize>)> = items.iter().map(|&(a, b)| (b, a)).collect();
    missing_heading_place(has, lacks, e, &flipped)
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
