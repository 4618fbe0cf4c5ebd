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
    let labels = |c: &Chapter| c.footnotes.iter().map(|f| f.label.clone()).collect::<Vec<_>>();
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
