//! The plan's own structure: chapters `一、…`, sections `（一）…` / `(一)…`, numbered items
//! `1.…` and sub-measures `——…` (paragraphs with a bold lead phrase), other paragraphs.
//!
//! Lines are the input's paragraphs. A line is joined with the next one only when there is no
//! blank line between them, it does not end a sentence and the next line is not a heading, an
//! item or a sub-measure (text hard-wrapped by the page). Paragraph text never holds a line break.

use super::ids::IdSet;
use super::punctuation::{self, Changes};
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Block {
    Para(String),
    /// `lead` is the lead phrase with its numbering and full stop (empty when the item has no
    /// full stop early enough to tell where its lead phrase ends), `rest` the text after it.
    Lead {
        kind: Kind,
        lead: String,
        rest: String,
    },
}

#[derive(Debug, Clone)]
pub(super) struct Section {
    /// With numbering, e.g. `（一）发展成就`.
    pub heading: String,
    pub id: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub(super) struct Chapter {
    /// With numbering, e.g. `一、现实基础`.
    pub heading: String,
    /// Without numbering, e.g. `现实基础`.
    pub title: String,
    pub id: String,
    /// Blocks before the first section.
    pub blocks: Vec<Block>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone)]
pub(super) struct Doc {
    /// The unnumbered opening paragraphs before `一、` (chapter `preamble`).
    pub preamble: Vec<Block>,
    pub chapters: Vec<Chapter>,
}

impl Doc {
    fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.preamble
            .iter()
            .chain(self.chapters.iter().flat_map(|c| {
                c.blocks
                    .iter()
                    .chain(c.sections.iter().flat_map(|s| s.blocks.iter()))
            }))
    }

    pub(super) fn count(&self, kind: Kind) -> usize {
        self.blocks()
            .filter(|b| matches!(b, Block::Lead { kind: k, .. } if *k == kind))
            .count()
    }

    pub(super) fn count_paragraphs(&self) -> usize {
        self.blocks()
            .filter(|b| matches!(b, Block::Para(_)))
            .count()
    }
}

/// The ID of the preamble chapter (reserved: no heading gets it).
pub(super) const PREAMBLE_ID: &str = "preamble";
/// The front-matter title of the preamble chapter.
pub(super) const PREAMBLE_TITLE: &str = "前言";

/// The longest lead phrase (in characters, numbering included) that is made bold.
const MAX_LEAD: usize = 60;

const CN_NUMERALS: &str = "〇零一二三四五六七八九十百";

/// `一、现实基础` → (`一、`, `现实基础`).
pub(super) fn chapter_parts(text: &str) -> Option<(&str, &str)> {
    let end = text.find(|c: char| !CN_NUMERALS.contains(c))?;
    if end == 0 {
        return None;
    }
    let rest = text[end..].strip_prefix('、')?;
    let rest = rest.trim_start_matches(punctuation::is_space);
    (!rest.is_empty()).then_some((&text[..end + '、'.len_utf8()], rest))
}

/// `（一）发展成就` or `(一)发展成就` → (`一`, `发展成就`).
pub(super) fn section_parts(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix(['(', '（'])?;
    let end = inner.find(|c: char| !CN_NUMERALS.contains(c))?;
    if end == 0 {
        return None;
    }
    let rest = inner[end..].strip_prefix([')', '）'])?;
    let rest = rest.trim_start_matches(punctuation::is_space);
    (!rest.is_empty()).then_some((&inner[..end], rest))
}

/// `1.服务总量…` / `1．…` / `1、…` → byte length of the numbering (`1.`); not `5.8亿元`.
pub(super) fn item_number(text: &str) -> Option<usize> {
    let digits = text.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 || digits > 2 {
        return None;
    }
    let sep = text[digits..].chars().next()?;
    if !matches!(sep, '.' | '．' | '、') {
        return None;
    }
    let end = digits + sep.len_utf8();
    let next = text[end..].chars().next()?;
    (!next.is_ascii_digit() && !punctuation::is_space(next)).then_some(end)
}

fn is_measure(text: &str) -> bool {
    text.starts_with("——")
}

/// Headings, items and sub-measures start a block of their own.
fn starts_block(text: &str) -> bool {
    chapter_parts(text).is_some()
        || section_parts(text).is_some()
        || item_number(text).is_some()
        || is_measure(text)
}

/// A line that ends a sentence, so the next line cannot be its continuation.
pub(super) fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['”', '’', '）', ')', '」', '』']);
    t.ends_with(['。', '！', '？', '!', '?', '；', ';', '：', ':', '…'])
}

/// Splits at the first `。` when it comes within `max` characters: (`head。`, `rest`).
fn split_lead(text: &str, max: usize) -> Option<(&str, &str)> {
    let (pos, _) = text.char_indices().take(max).find(|&(_, c)| c == '。')?;
    let end = pos + '。'.len_utf8();
    Some((&text[..end], &text[end..]))
}

fn lead_block(kind: Kind, text: String) -> Block {
    match split_lead(&text, MAX_LEAD) {
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

/// A heading title without a trailing full stop; (heading, body after the first `。`).
fn split_heading(title: &str) -> (String, Option<String>) {
    match title.split_once('。') {
        Some((head, rest)) if !rest.is_empty() => (head.to_string(), Some(rest.to_string())),
        Some((head, _)) => (head.to_string(), None),
        None => (title.to_string(), None),
    }
}

/// The plan text lines (already freed of boilerplate) as logical paragraphs, tidied, joined
/// across hard wraps.
fn paragraphs(lines: &[Line]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false; // the last paragraph may continue on the next line
    for (i, l) in lines.iter().enumerate() {
        if l.fate != Fate::Plan {
            open = false;
            continue;
        }
        let text = punctuation::tidy_spaces(&l.text);
        let continues = open
            && i > 0
            && lines[i - 1].fate == Fate::Plan
            && !starts_block(&text)
            && out.last().is_some_and(|p| !ends_sentence(p));
        if continues {
            if let Some(last) = out.last_mut() {
                *last = punctuation::tidy_spaces(&format!("{last} {text}"));
            }
        } else {
            open = chapter_parts(&text).is_none() && section_parts(&text).is_none();
            out.push(text);
        }
    }
    out
}

/// Builds the chapters from the lines whose fate is [`Fate::Plan`].
pub(super) fn parse(lines: &[Line], changes: &mut Changes) -> Result<Doc, ImportError> {
    let paras = paragraphs(lines);
    if !paras.iter().any(|p| chapter_parts(p).is_some()) {
        let sections = paras.iter().filter(|p| section_parts(p).is_some()).count();
        let toc = lines
            .iter()
            .any(|l| l.fate == Fate::Dropped(super::boilerplate::TOC_ENTRY));
        let mut hint = String::from(
            "each chapter heading must be a line of its own that starts with a Chinese numeral and `、`, \
             like `一、现实基础`, followed by its sections `（一）发展成就` and paragraphs",
        );
        if toc {
            hint.push_str("; only table-of-contents entries (headings with page numbers) were found: is the body of the plan missing?");
        }
        if sections > 0 {
            hint.push_str(&format!(
                "; found {sections} section heading(s) like `（一）…` but no chapter above them"
            ));
        }
        return Err(ImportError::NoStructure { hint });
    }

    let mut ids = IdSet::default();
    ids.reserve(PREAMBLE_ID);
    let mut doc = Doc {
        preamble: Vec::new(),
        chapters: Vec::new(),
    };
    for raw in paras {
        let text = punctuation::normalize(&raw, changes);
        if let Some((numbering, title)) = chapter_parts(&text) {
            let (title, body) = split_heading(title);
            let id = ids.unique(&title, "chapter");
            doc.chapters.push(Chapter {
                heading: format!("{numbering}{title}"),
                title,
                id,
                blocks: body.map(Block::Para).into_iter().collect(),
                sections: Vec::new(),
            });
            continue;
        }
        let Some(chapter) = doc.chapters.last_mut() else {
            doc.preamble.push(classify_block(text));
            continue;
        };
        if let Some((numeral, title)) = section_parts(&text) {
            let (title, body) = split_heading(title);
            let id = ids.unique(&title, "section");
            chapter.sections.push(Section {
                heading: format!("（{numeral}）{title}"),
                id,
                blocks: body.map(Block::Para).into_iter().collect(),
            });
            continue;
        }
        let block = classify_block(text);
        match chapter.sections.last_mut() {
            Some(section) => section.blocks.push(block),
            None => chapter.blocks.push(block),
        }
    }
    Ok(doc)
}

fn classify_block(text: String) -> Block {
    if item_number(&text).is_some() {
        lead_block(Kind::Item, text)
    } else if is_measure(&text) {
        lead_block(Kind::Measure, text)
    } else {
        Block::Para(text)
    }
}
