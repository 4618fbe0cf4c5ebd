//! How the zh and en text of a chapter line up: the skeleton both share. One definition, read by
//! the skeleton check (which explains a mismatch), translation tracking (which pairs blocks by
//! key) and the back ends (which mark what is still untranslated).
//!
//! A chapter's skeleton is its sections (the text before the first heading, then one per
//! heading), each a sequence of shapes: a block, a table (rows, columns, caption, notes) or a
//! box (its key and the shapes inside). The en text is aligned with the zh text when it has
//! the same chapter ID, part and kind, the same footnotes, and a subset of the zh headings in
//! the same order, each present section with exactly the zh section's shapes. zh sections
//! whose heading the en text lacks are untranslated: English in progress, not an error.

use super::{is_valid_id, Chapter, Node};

/// The shape of one item of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape<'a> {
    Block,
    Table {
        key: &'a str,
        columns: usize,
        rows: usize,
        caption: bool,
        notes: usize,
    },
    Box {
        key: &'a str,
        title: bool,
        body: Vec<Shape<'a>>,
    },
}

/// One section of a chapter: the heading that opens it (`None` for the opening text) and the
/// shapes under it, up to the next heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section<'a> {
    /// Index into [`Chapter::headings`].
    pub heading: Option<usize>,
    pub shapes: Vec<Shape<'a>>,
}

/// The sections of a chapter in document order; the first is the opening text.
pub fn sections(ch: &Chapter) -> Vec<Section<'_>> {
    let mut out = vec![Section {
        heading: None,
        shapes: Vec::new(),
    }];
    for node in &ch.body {
        match node {
            Node::Heading(h) => out.push(Section {
                heading: Some(*h),
                shapes: Vec::new(),
            }),
            other => out
                .last_mut()
                .expect("starts with one")
                .shapes
                .push(shape(other)),
        }
    }
    out
}

fn shape(node: &Node) -> Shape<'_> {
    match node {
        Node::Heading(_) | Node::Block(_) => Shape::Block,
        Node::Table(t) => Shape::Table {
            key: &t.key,
            columns: t.header.len(),
            rows: t.rows.len(),
            caption: t.caption.is_some(),
            notes: t.notes.len(),
        },
        Node::Box(b) => Shape::Box {
            key: &b.key,
            title: b.title.is_some(),
            body: b.body.iter().map(shape).collect(),
        },
    }
}

/// How an en chapter stands against its zh chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alignment {
    /// Every en section matches its zh section; `missing` lists the zh headings (indices into
    /// the zh chapter's headings) whose sections the en text does not have yet.
    Aligned { missing: Vec<usize> },
    /// The skeletons differ: blocks cannot be paired until that is fixed.
    Misaligned,
}

/// Compares the skeletons of a chapter's zh and en text.
pub fn align(zh: &Chapter, en: &Chapter) -> Alignment {
    let ids_ok = |c: &Chapter| {
        c.headings
            .iter()
            .all(|h| h.id.as_deref().is_some_and(is_valid_id))
    };
    let labels = |c: &Chapter| {
        c.footnotes
            .iter()
            .map(|f| f.label.clone())
            .collect::<Vec<_>>()
    };
    if zh.id != en.id
        || zh.part != en.part
        || zh.kind != en.kind
        || !ids_ok(zh)
        || !ids_ok(en)
        || labels(zh) != labels(en)
    {
        return Alignment::Misaligned;
    }
    let (zs, es) = (sections(zh), sections(en));
    let id = |c: &Chapter, s: &Section| s.heading.and_then(|h| c.headings[h].id.clone());
    let mut missing = Vec::new();
    let mut e = es.iter().peekable();
    for z in &zs {
        match e.peek() {
            Some(next) if id(en, next) == id(zh, z) => {
                if next.shapes != z.shapes {
                    return Alignment::Misaligned;
                }
                e.next();
            }
            _ => missing.push(z.heading.expect("the opening section is always present")),
        }
    }
    if e.next().is_some() {
        return Alignment::Misaligned;
    }
    Alignment::Aligned { missing }
}

/// Aligns two sequences of different lengths (the blocks of a zh and an en section, or the
/// headings of a chapter): as many pairs as can be made in order (`score` is `None` for two
/// items that cannot pair), chosen to maximise the summed `score` of the pairs (higher is more
/// alike). Returns the pairs in order; an item of either side that no pair holds has no
/// counterpart.
pub fn align_sequences(
    n: usize,
    m: usize,
    score: impl Fn(usize, usize) -> Option<f64>,
) -> Vec<(Option<usize>, Option<usize>)> {
    // best[i][j]: the best (pairs, score) for the first i and j items; more pairs win first,
    // so a missing item is skipped only where one must be.
    let mut best = vec![vec![(0usize, 0.0f64); m + 1]; n + 1];
    let better = |a: (usize, f64), b: (usize, f64)| a.0 > b.0 || (a.0 == b.0 && a.1 > b.1 + 1e-12);
    for i in 1..=n {
        for j in 1..=m {
            let mut b = best[i - 1][j];
            if better(best[i][j - 1], b) {
                b = best[i][j - 1];
            }
            if let Some(sc) = score(i - 1, j - 1) {
                let (p, s) = best[i - 1][j - 1];
                let pair = (p + 1, s + sc);
                if better(pair, b) {
                    b = pair;
                }
            }
            best[i][j] = b;
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    // Ties leave the last items without a counterpart (the usual place of an unfinished edit).
    while i > 0 || j > 0 {
        if i > 0 && best[i - 1][j] == best[i][j] {
            out.push((Some(i - 1), None));
            i -= 1;
        } else if j > 0 && best[i][j - 1] == best[i][j] {
            out.push((None, Some(j - 1)));
            j -= 1;
        } else {
            out.push((Some(i - 1), Some(j - 1)));
            i -= 1;
            j -= 1;
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::align_sequences;

    #[test]
    fn the_unlike_item_is_left_out() {
        // zh [a b c], en [b' c']: a has no counterpart.
        let zh = ["a", "b", "c"];
        let en = ["b", "c"];
        let s = |i: usize, j: usize| Some(if zh[i] == en[j] { 1.0 } else { 0.0 });
        assert_eq!(
            align_sequences(3, 2, s),
            [(Some(0), None), (Some(1), Some(0)), (Some(2), Some(1))]
        );
        let s = |i: usize, j: usize| Some(if en[i] == zh[j] { 1.0 } else { 0.0 });
        assert_eq!(
            align_sequences(2, 3, s),
            [(None, Some(0)), (Some(0), Some(1)), (Some(1), Some(2))]
        );
        // Nothing alike: the last item is the one left over.
        assert_eq!(
            align_sequences(2, 1, |_, _| Some(0.0)),
            [(Some(0), Some(0)), (Some(1), None)]
        );
        // Items that cannot pair stay apart.
        let (zh, en) = (["a", "b", "c"], ["a", "c", "x"]);
        let s = |i: usize, j: usize| (zh[i] == en[j]).then_some(1.0);
        assert_eq!(
            align_sequences(3, 3, s),
            [
                (Some(0), Some(0)),
                (Some(1), None),
                (Some(2), Some(1)),
                (None, Some(2))
            ]
        );
    }
}
