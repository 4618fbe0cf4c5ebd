//! `plandoc import`: a plain-text plan (such as a page scraped from a government website) →
//! a structured `plan/` skeleton in the source format of `docs/format.md`.
//!
//! The pipeline, one submodule per step:
//! 1. decode the bytes (UTF-8 only, a BOM is skipped) and split them into lines;
//! 2. [`boilerplate`]: drop what is not the plan (site welcome line, page title, date and view
//!    counter, copyright/ICP footer, navigation links, the truncated teaser copy of the notice, the
//!    table of contents, the repeated title), and take the issuing notice and the plan title;
//! 3. [`structure`]: chapters `一、`, sections `（一）`, numbered items `1.`, sub-measures `——`,
//!    paragraphs; whitespace and punctuation normalised by [`punctuation`]; IDs by [`ids`];
//! 4. [`writer`]: `plan.yaml`, `chapters/NN-id.zh.md`, empty `targets.yaml` and `glossary.yaml`;
//!    [`write_plan`] puts them on disk without ever leaving a half-written plan;
//! 5. [`report`]: what was found, every dropped line with its reason, every punctuation change.
//!
//! The same input always gives byte-identical files.

mod boilerplate;
mod docx;
mod encoding;
mod headings;
mod ids;
mod pages;
mod punctuation;
mod registry;
mod report;
mod structure;
mod table;
mod writer;

#[cfg(test)]
mod tests;

use std::fmt;
use std::path::PathBuf;

pub use report::{DroppedLine, Report};
pub use writer::write_plan;

/// The result of an import: the files of the plan skeleton and the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Path relative to the plan folder and file content, sorted by path.
    pub files: Vec<(PathBuf, String)>,
    pub report: Report,
}

/// Why an import failed. Every variant's message says how to fix it.
#[derive(Debug)]
pub enum ImportError {
    /// The input is not text in `encoding` (UTF-8 when it is in none of the encodings read:
    /// UTF-8, GB18030, UTF-16 with its byte-order mark); position (1-based line, 1-based
    /// character column) of the first bad byte.
    NotText {
        encoding: &'static str,
        line: usize,
        column: usize,
    },
    /// The input is empty or only whitespace.
    Empty,
    /// No chapter (`第一章 …`, `一、…`) was found.
    NoStructure { hint: String },
    /// The output already holds a plan (`plan.yaml` or `chapters/`) and `force` was not given.
    Exists { path: PathBuf },
    /// A .docx that cannot be read: what is wrong with it, and what to do.
    BadDocx { what: String, help: String },
    /// Reading or writing `path` failed.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NotText {
                encoding: "UTF-8",
                line,
                column,
            } => write!(
                f,
                "the input is not UTF-8 text, nor GB18030 (GBK) or UTF-16: invalid byte at line {line}, column {column}\n\
                 help: a file in another encoding must be converted to UTF-8 first, e.g. \
                 `iconv -f BIG5 -t UTF-8 plan.txt > plan.utf8.txt`; in a UTF-8 file, the byte there is damaged: \
                 retype or delete the character at that place"
            ),
            ImportError::NotText {
                encoding,
                line,
                column,
            } => write!(
                f,
                "the input is {encoding} text (by its byte-order mark) with an invalid character at line {line}, column {column}\n\
                 help: retype or delete the character at that place, or save the file as UTF-8 and import it again"
            ),
            ImportError::Empty => write!(
                f,
                "the input is empty (nothing but whitespace): there is no plan to import\n\
                 help: pass the plain-text plan, e.g. the text of the page the plan is published on"
            ),
            ImportError::NoStructure { hint } => write!(
                f,
                "no plan structure found: not a single chapter heading like `第一章 发展基础` or `一、现实基础`\n\
                 help: {hint}"
            ),
            ImportError::Exists { path } => write!(
                f,
                "{} already exists: refusing to overwrite an existing plan\n\
                 help: import into another folder with `--out DIR`, or pass `--force` to replace \
                 plan.yaml and chapters/ (targets.yaml and glossary.yaml are never overwritten)",
                path.display()
            ),
            ImportError::BadDocx { what, help } => write!(
                f,
                "cannot read this Word document: {what}\nhelp: {help}"
            ),
            ImportError::Io { path, error } => write!(
                f,
                "cannot write {}: {error}\n\
                 help: check that the folder exists and is writable; nothing was changed in the output folder",
                path.display()
            ),
        }
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImportError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// What became of one input line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Empty or whitespace only.
    Blank,
    /// Text of the plan (preamble, chapters).
    Plan,
    /// Not part of the plan; the reason goes into the report.
    Dropped(&'static str),
    /// Part of the issuing notice (goes to `plan.yaml`).
    Notice,
    /// The plan title (goes to `plan.yaml`).
    Title,
    /// Taken by a table or box read from a .docx (see [`docx`]).
    Docx,
}

/// One input line, trimmed.
#[derive(Debug, Clone)]
struct Line {
    /// 1-based line number in the input.
    no: usize,
    /// The line without leading/trailing whitespace (full-width and ideographic spaces included).
    text: String,
    fate: Fate,
    /// What a .docx says about the paragraph beyond its text (style level, bookmarked ID, box).
    hint: Option<Box<Hint>>,
}

/// What a .docx paragraph carries beyond its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Hint {
    /// Outline level from the paragraph style (1 = Heading 1).
    level: Option<u8>,
    /// The ID bookmarked on a heading, box or table by `plandoc build --only docx`.
    id: Option<String>,
    /// The title of a box (bordered single-cell table or text box).
    box_title: bool,
    /// The end of a box (not a paragraph: the line is blank).
    box_end: bool,
}

/// The input's lines, trimmed, numbered from 1, blank or plan text until a pass says otherwise.
fn split_lines(text: &str) -> Vec<Line> {
    text.split('\n')
        .enumerate()
        .map(|(i, raw)| {
            let text = punctuation::trim(raw).to_string();
            let fate = if text.is_empty() {
                Fate::Blank
            } else {
                Fate::Plan
            };
            Line {
                no: i + 1,
                text,
                fate,
                hint: None,
            }
        })
        .collect()
}

/// Imports a plain-text plan. See the module documentation for what is recognised.
pub fn import_bytes(input: &[u8]) -> Result<Imported, ImportError> {
    let decoded = encoding::decode(input).map_err(|e| ImportError::NotText {
        encoding: e.encoding,
        line: e.line,
        column: e.column,
    })?;
    let text = decoded.text.as_ref();
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.chars().all(punctuation::is_space) {
        return Err(ImportError::Empty);
    }
    let mut lines = split_lines(text);

    let (shape, cut) = pages::clean(&mut lines, &pages::page_starts(text));
    let mut changes = punctuation::Changes::new();
    let front = boilerplate::front_matter(&mut lines, &mut changes);
    let toc_found = lines
        .iter()
        .any(|l| l.fate == Fate::Dropped(boilerplate::TOC_ENTRY));
    let doc = structure::parse(&mut lines, shape, toc_found, Vec::new(), &mut changes)?;
    let files = writer::render(&front, &doc);
    let cut = footers_cut(cut);
    let read_as = decoded.encoding.map(|e| {
        format!("the file is {e} text, not UTF-8: it was read as {e}; the plan is written in UTF-8")
    });
    let report = report(&lines, cut, changes, &doc, read_as.into_iter().collect());
    Ok(Imported { files, report })
}

/// Imports a Word document (.docx): paragraph styles and numbering give the heading levels,
/// tables stay tables, footnotes stay footnotes; then the same structure pass as plain text.
pub fn import_docx(input: &[u8]) -> Result<Imported, ImportError> {
    let docx::Read {
        mut lines,
        mut tables,
        raws,
        notes,
        findings,
        soft,
    } = docx::read(input)?;
    let mut changes = punctuation::Changes::new();
    let norm = |s: &mut String, changes: &mut punctuation::Changes| {
        *s = punctuation::normalize(&punctuation::tidy_spaces(s), changes);
    };
    for t in &mut tables {
        // `表1 …`, `附表1 …`: the space after the number stays, as in the plain-text import.
        let caption = punctuation::trim(&t.caption).to_string();
        t.caption = match caption.split_once(' ') {
            Some((num, rest))
                if num.chars().count() <= 6 && num.ends_with(|c: char| c.is_ascii_digit()) =>
            {
                let mut rest = rest.to_string();
                norm(&mut rest, &mut changes);
                format!("{num} {rest}")
            }
            _ => {
                let mut c = caption;
                norm(&mut c, &mut changes);
                c
            }
        };
        for h in &mut t.header {
            norm(h, &mut changes);
        }
        for r in &mut t.rows {
            for c in &mut r.cells {
                norm(c, &mut changes);
            }
        }
        for n in &mut t.notes {
            norm(n, &mut changes);
        }
    }
    let front = boilerplate::front_matter(&mut lines, &mut changes);
    let toc_found = lines
        .iter()
        .any(|l| l.fate == Fate::Dropped(boilerplate::TOC_ENTRY));
    // Page footers are dropped as in plain text; a hard-wrapped document (lines of a PDF, one
    // paragraph each) has its lines joined as in plain text.
    let (shape, cut) = pages::clean(&mut lines, &[]);
    if matches!(shape, pages::Shape::Pdf { .. }) {
        for i in soft {
            lines[i].fate = Fate::Docx;
        }
    }
    let cut = footers_cut(cut);
    let doc = structure::parse(&mut lines, shape, toc_found, tables, &mut changes)?;
    let mut files = writer::render(&front, &doc);
    docx::finish(&mut files, &raws, &notes);
    let report = report(&lines, cut, changes, &doc, findings);
    Ok(Imported { files, report })
}

fn report(
    lines: &[Line],
    cut: Vec<DroppedLine>,
    changes: punctuation::Changes,
    doc: &structure::Doc,
    findings: Vec<String>,
) -> Report {
    let mut dropped: Vec<DroppedLine> = lines
        .iter()
        .filter_map(|l| match l.fate {
            Fate::Dropped(reason) => Some(DroppedLine {
                line: l.no,
                text: l.text.clone(),
                reason: reason.to_string(),
            }),
            _ => None,
        })
        .collect();
    dropped.extend(cut);
    dropped.sort_by_key(|d| d.line);
    Report {
        dropped,
        punctuation: changes,
        chapters: doc
            .chapters
            .iter()
            .filter(|c| !c.intro && !c.appendix)
            .count(),
        sections: doc.count_headings(2, false),
        items: doc.count(structure::Kind::Item),
        sub_measures: doc.count(structure::Kind::Measure),
        paragraphs: doc.count_paragraphs(),
        parts: doc.parts.len(),
        subsections: doc.count_headings(3, true),
        tables: doc.count_tables(),
        boxes: doc.count_boxes(),
        targets: doc.targets.len(),
        appendices: doc.chapters.iter().filter(|c| c.appendix).count(),
        tables_as_text: doc.tables_as_text.clone(),
        findings,
    }
}

/// Entry point of the `import_docx` fuzz target (`fuzz/fuzz_targets/import_docx.rs`): a whole
/// package when `data` starts with `PK` (or any other bytes: every error path), else the text
/// split at `\u{1}` into document.xml, styles.xml, numbering.xml and footnotes.xml, read and
/// imported without the zip. Checks that placeholders never leak into the written files.
/// Panics on a broken invariant. Not part of the API.
#[doc(hidden)]
pub fn fuzz_docx(data: &[u8]) {
    let imported = if data.starts_with(b"PK") || data.first().is_some_and(|&b| b >= 0x80) {
        import_docx(data)
    } else {
        let text = String::from_utf8_lossy(data);
        let mut parts = text.splitn(4, '\u{1}');
        let mut next = || parts.next().unwrap_or("").to_string();
        let (d, s, n, f) = (next(), next(), next(), next());
        docx::read_xml(&d, &s, &n, &f).and_then(|read| {
            let docx::Read {
                mut lines,
                tables,
                raws,
                notes,
                soft: _,
                findings: _,
            } = read;
            let mut changes = punctuation::Changes::new();
            let front = boilerplate::front_matter(&mut lines, &mut changes);
            let doc =
                structure::parse(&mut lines, pages::Shape::Lines, false, tables, &mut changes)?;
            let mut files = writer::render(&front, &doc);
            docx::finish(&mut files, &raws, &notes);
            Ok(Imported {
                files,
                report: Report::default(),
            })
        })
    };
    if let Ok(i) = imported {
        for (path, text) in &i.files {
            assert!(
                !text.contains(['\u{E000}', '\u{E001}', '\u{1}']),
                "placeholder left in {}",
                path.display()
            );
        }
    }
}

/// Entry point of the `import_recognisers` fuzz target (`fuzz/fuzz_targets/import_recognisers.rs`):
/// the heading, page-footer and table recognisers on every line of `text`, then the table
/// rebuilder and the registry over all of it, checking that what they return lies inside their
/// input and is well-formed. Panics on a broken invariant. Not part of the API.
#[doc(hidden)]
pub fn fuzz_recognisers(text: &str) {
    for raw in text.split('\n') {
        let t = punctuation::trim(raw);
        if let Some(h) = headings::heading(t) {
            assert!(!h.text().is_empty() || t.is_empty());
        }
        let _ = headings::heading_spaces(t);
        let _ = headings::starts_block(t);
        if let Some(n) = headings::item_number(t) {
            assert!(t.is_char_boundary(n));
        }
        let _ = pages::is_page_footer(t);
        let _ = pages::is_roman_page(t);
        if let Some(r) = pages::inline_footer(t) {
            assert!(r.start <= r.end && r.end <= t.len());
            assert!(t.is_char_boundary(r.start) && t.is_char_boundary(r.end));
        }
    }
    let mut lines = split_lines(text);
    let _ = pages::clean(&mut lines, &pages::page_starts(text));
    let mut changes = punctuation::Changes::new();
    let tables = table::find(&mut lines, &mut changes);
    let mut ids = ids::IdSet::default();
    for t in &tables {
        for r in &t.rows {
            assert_eq!(r.cells.len(), t.header.len(), "ragged row");
        }
        assert!(t.taken.iter().all(|&i| i < lines.len()));
        let (entries, tags) = registry::register(t, "area", &mut ids);
        assert_eq!(tags.len(), t.rows.len());
        for e in &entries {
            assert!(!e.id.is_empty());
            assert!(e.baseline.as_ref().is_none_or(|b| b.year < e.target.year));
        }
    }
}

/// The page footers cut out of the middle of lines (a PDF's text), as report lines.
fn footers_cut(cut: Vec<(usize, String)>) -> Vec<DroppedLine> {
    cut.into_iter()
        .map(|(line, text)| DroppedLine {
            line,
            text,
            reason: pages::PAGE_FOOTER_INLINE.to_string(),
        })
        .collect()
}
