//! The import report: what was found, what was dropped and why, what punctuation was changed.

use std::collections::BTreeMap;
use std::fmt;

/// What the import found and changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every input line that is not in the plan, in input order.
    pub dropped: Vec<DroppedLine>,
    /// Punctuation changes per kind, keyed `"<from> -> <to>"`, e.g. `", -> ，"`.
    pub punctuation: BTreeMap<String, usize>,
    /// Numbered chapters `一、…` (the unnumbered preamble is not counted).
    pub chapters: usize,
    /// Sections `（一）…` in all chapters.
    pub sections: usize,
    /// Numbered items `1.…`.
    pub items: usize,
    /// Sub-measures `——…`.
    pub sub_measures: usize,
    /// Other paragraphs (preamble, chapter and section openings, section bodies split off
    /// their heading).
    pub paragraphs: usize,
    /// Parts (篇) above the chapters.
    pub parts: usize,
    /// Headings below the sections (`###` … `######`).
    pub subsections: usize,
    /// Tables rebuilt as tables of the source format.
    pub tables: usize,
    /// Boxes (专栏).
    pub boxes: usize,
    /// Registered targets (rows of the indicator table).
    pub targets: usize,
    /// Appendices (附表, 附件, 附图, 名词解释).
    pub appendices: usize,
    /// Tables that could not be rebuilt and were kept as text: (input line, caption).
    pub tables_as_text: Vec<(usize, String)>,
    /// What a .docx held that the plan cannot (images, charts), and its tracked changes.
    pub findings: Vec<String>,
}

/// One input line that is not part of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedLine {
    /// 1-based line number in the input.
    pub line: usize,
    /// The line, trimmed.
    pub text: String,
    /// Why it was dropped.
    pub reason: String,
}

/// At most `max` characters of `s`, with `…` when cut.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "found {} chapters, {} sections, {} numbered items, {} sub-measures, {} other paragraphs",
            self.chapters, self.sections, self.items, self.sub_measures, self.paragraphs
        )?;
        if self.parts + self.subsections + self.tables + self.boxes + self.targets + self.appendices
            > 0
        {
            writeln!(
                f,
                "found {} parts, {} headings below sections, {} tables, {} boxes, {} targets, {} appendices",
                self.parts, self.subsections, self.tables, self.boxes, self.targets, self.appendices
            )?;
        }
        for (line, caption) in &self.tables_as_text {
            writeln!(
                f,
                "kept as text (not rebuilt as a table): line {line}: {caption}"
            )?;
        }
        for n in &self.findings {
            writeln!(f, "note: {n}")?;
        }
        if self.dropped.is_empty() {
            writeln!(f, "dropped no lines")?;
        } else {
            writeln!(
                f,
                "dropped {} lines that are not part of the plan:",
                self.dropped.len()
            )?;
            let width = self
                .dropped
                .iter()
                .map(|d| d.line.to_string().len())
                .max()
                .unwrap_or(1);
            for d in &self.dropped {
                writeln!(
                    f,
                    "  line {:>width$}: {}  [{}]",
                    d.line,
                    shorten(&d.text, 40),
                    d.reason
                )?;
            }
        }
        let total: usize = self.punctuation.values().sum();
        if total == 0 {
            writeln!(f, "changed no punctuation")?;
        } else {
            writeln!(f, "normalised {total} punctuation marks:")?;
            for (kind, n) in &self.punctuation {
                writeln!(f, "  {kind}  {n}")?;
            }
        }
        Ok(())
    }
}
