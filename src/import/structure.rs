//! The plan's own structure, from the lines that are plan text: parts (篇), chapters (one file
//! each), the headings below them, paragraphs (numbered items `1.…` and sub-measures `——…` with
//! a bold lead phrase), boxes (专栏), tables and appendices.
//!
//! Which heading system is a chapter is decided per plan: `第X章` when the plan has it (an
//! outline), else `一、` (a special plan like the Xiangtan seed), else `第X节`; `第X篇` above the
//! chapters are parts; every system below becomes a heading one level down (`##` … `######`),
//! by nesting, so no level is skipped.
//!
//! Lines are joined into paragraphs when no blank line separates them, the first does not end
//! a sentence and the next does not start a block (text hard-wrapped by a page or a PDF); page
//! footers between the two pieces are transparent. Paragraph text never holds a line break.

use super::headings::{self, Heading, Kind as HKind};
use super::ids::IdSet;
use super::pages::{self, Shape};
use super::punctuation::{self, ends_sentence, Changes};
use super::registry::{self, Entry, Tagged};
use super::table::{self, Table};
use super::{Fate, ImportError, Line};

/// The two kinds of paragraph that open with a bold lead phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `1.服务总量稳步攀升。…`
    Item,
    /// `——优化文旅产业布局。…`
    Measure,
}

/// A block of chapter text, normalised.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Block {
    Para(String),
    /// `lead` is the lead phrase with its numbering and full stop (empty when the item has no
    /// full stop early enough to tell where its lead phrase ends), `rest` the text after it.
    Lead {
        kind: Kind,
        lead: String,
        rest: String,
    },
    Table(Box<TableBlock>),
    Box(BoxBlock),
}

/// A rebuilt table with its ID and the target tags of its cells.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TableBlock {
    pub id: String,
    pub table: Table,
    /// `tags[row][col]`.
    pub tags: Vec<Vec<Option<Tagged>>>,
}

/// A box (专栏): its numbered title and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct BoxBlock {
    pub id: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// What a chapter holds, in order.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Item {
    /// A heading of level 2 to 6, its text with the plan's numbering.
    Heading {
        level: usize,
        text: String,
        id: String,
    },
    Block(Block),
}

#[derive(Debug, Clone)]
pub(super) struct Chapter {
    /// With numbering, e.g. `一、现实基础`, `第一章 发展基础`.
    pub heading: String,
    /// Without numbering, e.g. `现实基础`; none for a part's opening text.
    pub title: Option<String>,
    pub id: String,
    /// The ID of its part (篇).
    pub part: Option<String>,
    pub appendix: bool,
    /// The opening text of a part, before its first chapter (titled like the part).
    pub intro: bool,
    pub body: Vec<Item>,
}

#[derive(Debug, Clone)]
pub(super) struct Part {
    pub id: String,
    /// With numbering, e.g. `第一篇 奋力谱写…`.
    pub title: String,
}

#[derive(Debug, Clone)]
pub(super) struct Doc {
    /// The opening paragraphs before the first part or chapter (chapter `preamble`).
    pub preamble: Vec<Block>,
    /// `前言`, or the preface's own heading (`序言`).
    pub preamble_title: String,
    pub parts: Vec<Part>,
    pub chapters: Vec<Chapter>,
    pub targets: Vec<Entry>,
    /// Captions of tables that were found but could not be rebuilt (kept as text), with their
    /// input line.
    pub tables_as_text: Vec<(usize, String)>,
}

impl Doc {
    fn blocks(&self) -> Vec<&Block> {
        fn walk<'a>(b: &'a Block, out: &mut Vec<&'a Block>) {
            out.push(b);
            if let Block::Box(bx) = b {
                for inner in &bx.blocks {
                    walk(inner, out);
                }
            }
        }
        let mut out = Vec::new();
        for b in &self.preamble {
            walk(b, &mut out);
        }
        for c in &self.chapters {
            for item in &c.body {
                if let Item::Block(b) = item {
                    walk(b, &mut out);
                }
            }
        }
        out
    }

    pub(super) fn count(&self, kind: Kind) -> usize {
        self.blocks()
            .into_iter()
            .filter(|b| matches!(b, Block::Lead { kind: k, .. } if *k == kind))
            .count()
    }

    pub(super) fn count_paragraphs(&self) -> usize {
        self.blocks()
            .into_iter()
            .filter(|b| matches!(b, Block::Para(_)))
            .count()
    }

    pub(super) fn count_tables(&self) -> usize {
        self.blocks()
            .into_iter()
            .filter(|b| matches!(b, Block::Table(_)))
            .count()
    }

    pub(super) fn count_boxes(&self) -> usize {
        self.blocks()
            .into_iter()
            .filter(|b| matches!(b, Block::Box(_)))
            .count()
    }

    /// Headings at `level` (2 = sections), or below it when `deeper`.
    pub(super) fn count_headings(&self, level: usize, deeper: bool) -> usize {
        self.chapters
            .iter()
            .flat_map(|c| &c.body)
            .filter(|i| matches!(i, Item::Heading { level: l, .. } if *l == level || deeper && *l > level))
            .count()
    }
}

/// The ID of the preamble chapter (reserved: no heading gets it).
pub(super) const PREAMBLE_ID: &str = "preamble";
/// The front-matter title of the preamble chapter.
pub(super) const PREAMBLE_TITLE: &str = "前言";

/// The longest lead phrase (in characters, numbering included) that is made bold.
const MAX_LEAD: usize = 60;

/// Splits at the first `。` when it comes within `max` characters: (`head。`, `rest`).
fn split_lead(text: &str, max: usize) -> Option<(&str, &str)> {
    let (pos, _) = text.char_indices().take(max).find(|&(_, c)| c == '。')?;
    let end = pos + '。'.len_utf8();
    Some((&text[..end], &text[end..]))
}

/// An item or sub-measure with its lead phrase: its first sentence. An item of one sentence is
/// all lead when that is a title (`2.结构优化。`, its body on the lines after it), and has no
/// lead phrase when it is a sentence with a list or clauses (`1.张家港市重点发展智能制造装备、
/// 新一代智能终端…等。`, a box's list): bold, it would be all bold.
fn lead_block(kind: Kind, text: String) -> Block {
    let titled = |(lead, rest): &(&str, &str)| {
        !punctuation::trim(rest).is_empty()
            || !lead
                .trim_end_matches('。')
                .contains(['、', '，', '；', '：'])
    };
    match split_lead(&text, MAX_LEAD).filter(titled) {
        Some((lead, rest)) => Block::Lead {
            kind,
            lead: lead.to_string(),
            rest: rest.to_string(),
        },
        None => Block::Lead {
            kind,
            lead: String::new(),
            rest: text,
        },
    }
}

fn classify_block(text: String) -> Block {
    if headings::item_number(&text).is_some() {
        lead_block(Kind::Item, text)
    } else if text.starts_with("——") {
        lead_block(Kind::Measure, text)
    } else {
        Block::Para(text)
    }
}

/// A heading title without a trailing full stop; (heading, body after the first `。`).
fn split_heading(title: &str) -> (String, Option<String>) {
    match title.split_once('。') {
        Some((head, rest)) if !rest.is_empty() => (head.to_string(), Some(rest.to_string())),
        Some((head, _)) => (head.to_string(), None),
        None => (title.to_string(), None),
    }
}

/// One step of the document, in order.
#[derive(Debug)]
enum Unit {
    /// A heading, its tidied line (for `一、`/`（一）`, whose titles may carry body text), and
    /// the ID a .docx bookmarked on it.
    Heading(Heading, String, Option<String>),
    Para(String),
    /// A rebuilt table (index into the tables).
    Table(usize),
    /// The end of a box whose last line is not followed by a heading (PDF: the body resumes).
    BoxEnd,
}

/// Lines that do not interrupt a paragraph: page footers, running headers and a table's
/// repeated header row between the two pieces of a sentence.
fn transparent(fate: Fate) -> bool {
    matches!(
        fate,
        Fate::Dropped(pages::PAGE_FOOTER)
            | Fate::Dropped(pages::RUNNING_HEADER)
            | Fate::Docx
            | Fate::Dropped(pages::ROMAN_PAGE)
            | Fate::Dropped(table::REPEATED_HEADER)
    )
}

fn next_line(lines: &[Line], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&j| !transparent(lines[j].fate))
}

/// A PDF box ends where a body paragraph starts: a line one indent narrower than the body's
/// width followed by a line of the body's width (box lines are wider) that runs on, as a
/// paragraph wrapped at the body's width does. A box's one-line items (`“一城”：…。`) can be as
/// wide, but each ends its sentence; when the body's first line happens to end one too, the
/// line after it decides.
fn body_resumes(lines: &[Line], i: usize, width: usize, text: &str) -> bool {
    if width < 30 || headings::starts_block(text) {
        return false;
    }
    if !(width - 6..=width - 2).contains(&pages::width(text)) {
        return false;
    }
    let body_wide = |n: usize| {
        lines[n].fate == Fate::Plan
            && (width - 3..=width + 3).contains(&pages::width(&lines[n].text))
    };
    let runs_on = |n: usize| body_wide(n) && !ends_sentence(&lines[n].text);
    let Some(n) = next_line(lines, i + 1).filter(|&n| body_wide(n)) else {
        return false;
    };
    runs_on(n) || next_line(lines, n + 1).is_some_and(runs_on)
}

/// The rank of each paragraph-style level of a .docx (index 1 = Heading 1): the rank of the
/// heading system its numbered headings use (`第一章` styled Heading 1 → chapters), else one below
/// the level above it, else the level itself (an unnumbered Heading 1 is a chapter).
fn style_ranks(lines: &[Line]) -> [Option<u8>; 10] {
    let mut ranks = [None; 10];
    for l in lines {
        let Some(level) = l.hint.as_deref().and_then(|h| h.level) else {
            continue;
        };
        let level = usize::from(level.min(9));
        if ranks[level].is_none() {
            ranks[level] = headings::heading(&l.text).and_then(|h| h.kind.rank());
        }
    }
    for level in 1..ranks.len() {
        if ranks[level].is_none() {
            ranks[level] = Some(match ranks[level - 1] {
                Some(r) => r + 1,
                None => level as u8,
            });
        }
    }
    ranks
}

/// A .docx paragraph that is a heading by its style (or a box title) when its text alone does
/// not say so.
fn styled_heading(hint: &super::Hint, text: &str, levels: &[Option<u8>; 10]) -> Option<Heading> {
    let by_text = headings::heading(text);
    if hint.box_title {
        return match by_text {
            Some(h) if h.kind == HKind::Box => Some(h),
            _ => Some(Heading {
                kind: HKind::Box,
                numbering: String::new(),
                title: headings::heading_spaces(text),
            }),
        };
    }
    let level = usize::from(hint.level?.min(9));
    if by_text.is_some() || text.is_empty() || text.chars().count() > 80 {
        return None;
    }
    Some(Heading {
        kind: HKind::Level(levels[level]?),
        numbering: String::new(),
        title: headings::heading_spaces(text),
    })
}

fn units(lines: &[Line], tables: &[Table], shape: Shape) -> Vec<Unit> {
    let levels = style_ranks(lines);
    let mut starts = std::collections::BTreeMap::new();
    let mut taken = vec![false; lines.len()];
    for (t, table) in tables.iter().enumerate() {
        starts.insert(table.first, t);
        for &i in &table.taken {
            taken[i] = true;
        }
    }
    let mut out: Vec<Unit> = Vec::new();
    let mut open = false; // the last unit is a paragraph that may continue
    let mut in_box = false;
    let mut skip = vec![false; lines.len()];
    for i in 0..lines.len() {
        if let Some(&t) = starts.get(&i) {
            out.push(Unit::Table(t));
            open = false;
            in_box = false;
            continue;
        }
        let l = &lines[i];
        if taken[i] || skip[i] {
            continue;
        }
        if l.hint.as_deref().is_some_and(|h| h.box_end) {
            out.push(Unit::BoxEnd);
            open = false;
            in_box = false;
            continue;
        }
        if l.fate != Fate::Plan {
            if !transparent(l.fate) {
                open = false;
            }
            continue;
        }
        let hint = l.hint.as_deref();
        let preset = hint.and_then(|h| h.id.clone());
        if let Some(h) = hint.and_then(|h| styled_heading(h, &l.text, &levels)) {
            in_box = h.kind == HKind::Box;
            out.push(Unit::Heading(h, punctuation::tidy_spaces(&l.text), preset));
            open = false;
            continue;
        }
        if let Some(mut h) = headings::heading(&l.text) {
            // A long part or chapter title wrapped onto a short second line, then a blank.
            if matches!(h.kind, HKind::Part | HKind::Chapter) {
                let next = i + 1;
                let wrapped = lines.get(next).is_some_and(|n| {
                    n.fate == Fate::Plan
                        && !taken[next]
                        && n.text.chars().count() <= 30
                        && headings::heading(&n.text).is_none()
                        && !ends_sentence(&n.text)
                        && lines.get(next + 1).is_none_or(|a| {
                            a.fate == Fate::Blank || headings::heading(&a.text).is_some()
                        })
                });
                if wrapped {
                    h.title = headings::heading_spaces(&format!("{}{}", h.title, lines[next].text));
                    skip[next] = true;
                }
            }
            in_box = h.kind == HKind::Box;
            out.push(Unit::Heading(h, punctuation::tidy_spaces(&l.text), preset));
            open = false;
            continue;
        }
        let text = punctuation::tidy_spaces(&l.text);
        if in_box {
            if let Shape::Pdf { width } = shape {
                if body_resumes(lines, i, width, &text) {
                    out.push(Unit::BoxEnd);
                    in_box = false;
                    open = false;
                }
            }
        }
        // A paragraph wrapped over lines goes on; in a box, a short label (`发展目标`, `重点平台`:
        // a cell of a table given one cell per line) is no piece of a sentence, and neither it
        // nor what follows it is glued on.
        let label = |p: &str| in_box && is_label(p);
        let continues = open
            && !headings::starts_block(&text)
            && !label(&text)
            && matches!(out.last(), Some(Unit::Para(p)) if !ends_sentence(p) && !label(p));
        if continues {
            if let Some(Unit::Para(last)) = out.last_mut() {
                *last = punctuation::tidy_spaces(&format!("{last} {text}"));
            }
        } else {
            out.push(Unit::Para(text));
        }
        open = true;
    }
    out
}

/// A short line with no punctuation: a label or a table's cell, not part of a sentence.
fn is_label(text: &str) -> bool {
    text.chars().count() <= 12 && !punctuation::has_clause_mark(text)
}

/// The error when no heading system for chapters is found.
fn no_structure(units: &[Unit], toc_found: bool) -> ImportError {
    let sections = units
        .iter()
        .filter(|u| matches!(u, Unit::Heading(h, _, _) if h.kind == HKind::ParenCn))
        .count();
    let mut hint = String::from(
        "each chapter heading must be a line of its own, like `第一章 发展基础` in an outline or \
         `一、现实基础` (a Chinese numeral and `、`) in a special plan, followed by its sections \
         (`第一节 …` or `（一）发展成就`) and paragraphs",
    );
    if toc_found {
        hint.push_str("; only table-of-contents entries (headings with page numbers) were found: is the body of the plan missing?");
    }
    if sections > 0 {
        hint.push_str(&format!(
            "; found {sections} section heading(s) like `（一）…` but no chapter above them"
        ));
    }
    ImportError::NoStructure { hint }
}

/// Builds the document from the lines whose fate is [`Fate::Plan`]. Tables are rebuilt first
/// (their repeated headers marked dropped); `toc_found` only shapes the error message.
pub(super) fn parse(
    lines: &mut [Line],
    shape: Shape,
    toc_found: bool,
    prebuilt: Vec<Table>,
    changes: &mut Changes,
) -> Result<Doc, ImportError> {
    let mut tables = table::find(lines, changes);
    tables.extend(prebuilt);
    tables.sort_by_key(|t| t.first);
    let units = units(lines, &tables, shape);
    let ranks: Vec<u8> = units
        .iter()
        .filter_map(|u| match u {
            Unit::Heading(h, _, _) => h.kind.rank(),
            _ => None,
        })
        .collect();
    let chapter_rank = ranks
        .iter()
        .copied()
        .filter(|r| (1..=3).contains(r))
        .min()
        .or_else(|| ranks.contains(&0).then_some(0))
        .ok_or_else(|| no_structure(&units, toc_found))?;
    // Appendices only after the last chapter (or part) heading.
    let last_chapter = units
        .iter()
        .rposition(|u| matches!(u, Unit::Heading(h, _, _) if h.kind.rank().is_some_and(|r| r <= chapter_rank)))
        .unwrap_or(0);

    let mut b = Builder {
        ids: IdSet::default(),
        target_ids: IdSet::default(),
        doc: Doc {
            preamble: Vec::new(),
            preamble_title: PREAMBLE_TITLE.to_string(),
            parts: Vec::new(),
            chapters: Vec::new(),
            targets: Vec::new(),
            tables_as_text: Vec::new(),
        },
        part: None,
        chapter: None,
        stack: Vec::new(),
        open_box: None,
        preset: None,
    };
    b.ids.reserve(PREAMBLE_ID);
    let mut tables: Vec<Option<Table>> = tables.into_iter().map(Some).collect();
    for (n, unit) in units.into_iter().enumerate() {
        match unit {
            Unit::Para(raw) => {
                let text = punctuation::normalize(&raw, changes);
                b.push(classify_block(text));
            }
            Unit::BoxEnd => b.close_box(),
            Unit::Table(t) => {
                if let Some(table) = tables[t].take() {
                    b.table(table);
                }
            }
            Unit::Heading(h, tidied, preset) => {
                let appendix_ok = n > last_chapter;
                b.preset = preset;
                b.heading(h, &tidied, chapter_rank, appendix_ok, changes);
                b.preset = None;
            }
        }
    }
    b.close_box();
    Ok(b.doc)
}

struct Builder {
    ids: IdSet,
    target_ids: IdSet,
    doc: Doc,
    /// The current part's ID.
    part: Option<String>,
    /// The current chapter (index into `doc.chapters`).
    chapter: Option<usize>,
    /// Ranks of the open headings in the current chapter.
    stack: Vec<u8>,
    open_box: Option<BoxBlock>,
    /// The ID bookmarked on the heading being built (a .docx written by plandoc).
    preset: Option<String>,
}

impl Builder {
    /// The preset ID when there is one (made unique), else `base`'s pinyin.
    fn id_for(&mut self, base: &str, fallback: &str) -> String {
        match self.preset.take() {
            Some(id) => self.ids.unique_id(&id),
            None => self.ids.unique(base, fallback),
        }
    }

    fn close_box(&mut self) {
        if let Some(bx) = self.open_box.take() {
            self.push_out(Block::Box(bx));
        }
    }

    fn push(&mut self, block: Block) {
        match &mut self.open_box {
            Some(bx) => bx.blocks.push(block),
            None => self.push_out(block),
        }
    }

    /// Into the current chapter, the current part's opening text, or the preamble.
    fn push_out(&mut self, block: Block) {
        if self.chapter.is_none() {
            if let Some(part) = self.part.clone() {
                let title = self
                    .doc
                    .parts
                    .last()
                    .map(|p| p.title.clone())
                    .unwrap_or_default();
                let id = self.ids.unique_id(&format!("{part}-intro"));
                self.doc.chapters.push(Chapter {
                    heading: title,
                    title: None,
                    id,
                    part: Some(part),
                    appendix: false,
                    intro: true,
                    body: Vec::new(),
                });
                self.chapter = Some(self.doc.chapters.len() - 1);
            }
        }
        match self.chapter {
            Some(c) => self.doc.chapters[c].body.push(Item::Block(block)),
            None => self.doc.preamble.push(block),
        }
    }

    /// The ID of the innermost heading (or chapter) text is under: a target's `area`.
    fn area(&self) -> String {
        let Some(c) = self.chapter else {
            return PREAMBLE_ID.to_string();
        };
        let ch = &self.doc.chapters[c];
        ch.body
            .iter()
            .rev()
            .find_map(|i| match i {
                Item::Heading { id, .. } => Some(id.clone()),
                _ => None,
            })
            .unwrap_or_else(|| ch.id.clone())
    }

    fn table(&mut self, table: Table) {
        if !table.in_box {
            self.close_box();
        }
        let main = table.cols.nature.is_some()
            && table.caption.contains("指标")
            && !self
                .doc
                .blocks()
                .iter()
                .any(|b| matches!(b, Block::Table(t) if t.id == "main-indicators"));
        let id = if let Some(id) = table.id.clone() {
            self.ids.unique_id(&id)
        } else if main {
            self.ids.unique_id("main-indicators")
        } else {
            let n = self.doc.count_tables() + 1;
            self.ids.unique_id(&format!("table-{n}"))
        };
        let area = self.area();
        let (entries, tags) = if table.tagged {
            (Vec::new(), vec![Vec::new(); table.rows.len()])
        } else {
            registry::register(&table, &area, &mut self.target_ids)
        };
        self.doc.targets.extend(entries);
        self.push(Block::Table(Box::new(TableBlock { id, table, tags })));
    }

    fn new_chapter(&mut self, heading: String, title: Option<String>, id: String, appendix: bool) {
        self.doc.chapters.push(Chapter {
            heading,
            title,
            id,
            part: if appendix { None } else { self.part.clone() },
            appendix,
            intro: false,
            body: Vec::new(),
        });
        self.chapter = Some(self.doc.chapters.len() - 1);
        self.stack.clear();
    }

    fn heading(
        &mut self,
        h: Heading,
        tidied: &str,
        chapter_rank: u8,
        appendix_ok: bool,
        changes: &mut Changes,
    ) {
        // `一、`/`（一）` lines are read from the normalised line, as the seed has always been.
        let (text, title, body) = match h.kind {
            HKind::Cn | HKind::ParenCn => {
                let line = punctuation::normalize(tidied, changes);
                let parts = match h.kind {
                    HKind::Cn => {
                        headings::chapter_parts(&line).map(|(n, t)| (n.to_string(), t.to_string()))
                    }
                    _ => headings::section_parts(&line)
                        .map(|(n, t)| (format!("（{n}）"), t.to_string())),
                };
                let Some((numbering, title)) = parts else {
                    self.push(classify_block(line));
                    return;
                };
                let (title, body) = split_heading(&title);
                (format!("{numbering}{title}"), title, body)
            }
            _ => {
                let text = punctuation::normalize(&h.text(), changes);
                let title = punctuation::normalize(&h.title, changes);
                (text, title, None)
            }
        };
        let as_para = |b: &mut Self, text: String| b.push(classify_block(text));
        match h.kind {
            HKind::Part | HKind::Level(0) if chapter_rank > 0 => {
                self.close_box();
                let id = self.id_for(&title, "part");
                self.doc.parts.push(Part {
                    id: id.clone(),
                    title: text,
                });
                self.part = Some(id);
                self.chapter = None;
                self.stack.clear();
            }
            HKind::Preface if self.chapter.is_none() && self.doc.parts.is_empty() => {
                self.close_box();
                self.doc.preamble_title = text;
            }
            HKind::Appendix | HKind::Terms if appendix_ok => {
                self.close_box();
                let base = if title.is_empty() {
                    text.clone()
                } else {
                    title.clone()
                };
                let id = self.id_for(&base, "appendix");
                self.part = None;
                let short = (!title.is_empty() && title != text).then_some(title);
                self.new_chapter(text, short, id, true);
            }
            HKind::Box => {
                self.close_box();
                let n: String = h.numbering.chars().filter(char::is_ascii_digit).collect();
                let id = if let Some(id) = self.preset.take() {
                    self.ids.unique_id(&id)
                } else if n.is_empty() {
                    self.ids.unique("box", "box")
                } else {
                    self.ids.unique_id(&format!("box-{n}"))
                };
                self.open_box = Some(BoxBlock {
                    id,
                    title: text,
                    blocks: Vec::new(),
                });
            }
            kind => match kind.rank() {
                Some(r) if r == chapter_rank => {
                    self.close_box();
                    let id = self.id_for(&title, "chapter");
                    self.new_chapter(text, Some(title), id, false);
                    if let Some(body) = body {
                        self.push(Block::Para(body));
                    }
                }
                Some(r)
                    if r > chapter_rank
                        && self.chapter.is_some_and(|c| !self.doc.chapters[c].intro) =>
                {
                    self.close_box();
                    while self.stack.last().is_some_and(|&top| top >= r) {
                        self.stack.pop();
                    }
                    let level = 2 + self.stack.len();
                    if level > 6 {
                        as_para(self, text);
                        return;
                    }
                    self.stack.push(r);
                    let id = self.id_for(&title, "section");
                    if let Some(c) = self.chapter {
                        self.doc.chapters[c]
                            .body
                            .push(Item::Heading { level, text, id });
                    }
                    if let Some(body) = body {
                        self.push(Block::Para(body));
                    }
                }
                _ => {
                    let line = match body {
                        Some(b) => format!("{text}。{b}"),
                        None => text,
                    };
                    as_para(self, line);
                }
            },
        }
    }
}
