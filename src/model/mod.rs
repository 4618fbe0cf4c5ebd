//! The plan as the compiler sees it: metadata, chapters, sections, blocks with inline runs,
//! targets and the glossary. No I/O lives here; the loader in `source` builds it and every
//! back end reads it.

pub mod align;
mod lang;
mod lookup;
mod meta;
mod target;
mod text;

pub use lang::{Lang, Localized};
pub use lookup::IdLookup;
pub use meta::{
    Glossary, GlossaryTerm, Imprint, Letterhead, Notice, Part, PlanMeta, PrintLayout,
    PrintSettings, SiteSettings,
};
pub use target::{Nature, Progress, Target, TargetRegistry, TargetValue, ValueKind, YearValue};
pub use text::{
    plain_text, walk, Align, Block, BlockKind, Chapter, ChapterKind, Footnote, Heading, Inline,
    Node, PlanBox, Table, Tag, TagKind,
};

use std::path::PathBuf;

/// Is `id` usable in URLs and HTML anchors? Lowercase ASCII letters, digits and `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// A location in a source file: the file's index in [`SourceMap`] and a byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Span {
    pub file: usize,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: usize, start: usize, end: usize) -> Self {
        Span { file, start, end }
    }
}

/// One loaded source file. Paths are kept as given (relative to the working directory
/// when the user gave a relative `--plan`), so diagnostics print paths the user recognises.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// Byte offset where each line starts, computed once so that line/column look-ups do not
    /// rescan the file (a registry of thousands of targets looks up thousands of lines).
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset; same as [`line_col`].
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    /// Byte offset of the start of a 1-based line (the last line's start past the end).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line.clamp(1, self.line_starts.len()) - 1]
    }
}

/// Every file read for a build, addressed by index from [`Span::file`].
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    pub files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, path: PathBuf, text: String) -> usize {
        self.files.push(SourceFile::new(path, text));
        self.files.len() - 1
    }

    pub fn file(&self, id: usize) -> &SourceFile {
        &self.files[id]
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: usize, offset: usize) -> (usize, usize) {
        self.files[file].line_col(offset)
    }
}

/// 1-based line and column (counted in characters, as editors do) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One entry of translations.lock: the hash of the zh text an en block was translated from
/// and, since the lock keeps it, that zh text itself (so a stale warning can show what
/// changed). An old lock's `key: "hash"` entries read with `zh: None`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LockEntry {
    pub hash: String,
    pub zh: Option<String>,
}

impl<'de> serde::Deserialize<'de> for LockEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            hash: String,
            zh: Option<String>,
        }
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Hash(String),
            Full(Full),
        }
        Ok(match Repr::deserialize(d)? {
            Repr::Hash(hash) => LockEntry { hash, zh: None },
            Repr::Full(Full { hash, zh }) => LockEntry { hash, zh },
        })
    }
}

/// The whole plan: both languages of every chapter, the registry and the glossary.
#[derive(Debug, Clone)]
pub struct Plan {
    pub meta: PlanMeta,
    /// Chapters in file order, each holding its zh and en text.
    pub chapters: Vec<ChapterPair>,
    pub targets: TargetRegistry,
    /// False when targets.yaml could not be read: tag checks then stay quiet instead of
    /// reporting every tag as unknown.
    pub targets_loaded: bool,
    pub glossary: Glossary,
    /// What each en block was translated from (translations.lock), keyed by block key.
    /// Shared, as `sources` is: the back ends render a copy of the plan with the values' own
    /// words filled in (`index::with_stated_words`), and these two are most of its bytes.
    pub translations: std::sync::Arc<std::collections::BTreeMap<String, LockEntry>>,
    pub sources: std::sync::Arc<SourceMap>,
    /// Chapters by ID, for [`Plan::chapter`].
    pub chapter_ids: IdLookup,
}

/// A chapter in both languages. Either side may be missing (a diagnostic says so).
#[derive(Debug, Clone)]
pub struct ChapterPair {
    /// The file stem shared by both files, e.g. `01-foundation`.
    pub stem: String,
    pub zh: Option<Chapter>,
    pub en: Option<Chapter>,
    /// Source-map index of each language's file when it exists (even if it failed to parse).
    pub zh_file: Option<usize>,
    pub en_file: Option<usize>,
}

impl ChapterPair {
    pub fn file(&self, lang: Lang) -> Option<usize> {
        match lang {
            Lang::Zh => self.zh_file,
            Lang::En => self.en_file,
        }
    }

    pub fn get(&self, lang: Lang) -> Option<&Chapter> {
        match lang {
            Lang::Zh => self.zh.as_ref(),
            Lang::En => self.en.as_ref(),
        }
    }

    /// The chapter's language-neutral ID (zh side first: it is authoritative).
    pub fn id(&self) -> &str {
        self.zh
            .as_ref()
            .or(self.en.as_ref())
            .map_or(self.stem.as_str(), |c| c.id.as_str())
    }
}

impl Plan {
    pub fn chapter(&self, id: &str) -> Option<&ChapterPair> {
        self.chapter_ids.find(&self.chapters, id, ChapterPair::id)
    }

    /// The languages the plan is published in, zh first: `[zh]` or `[zh, en]`.
    pub fn langs(&self) -> &'static [Lang] {
        if self.meta.languages.contains(&Lang::En) {
            &Lang::ALL
        } else {
            &[Lang::Zh]
        }
    }

    /// Is the plan published in English as well?
    pub fn has_english(&self) -> bool {
        self.meta.languages.contains(&Lang::En)
    }

    /// The part a chapter belongs to, if the plan has parts.
    pub fn part(&self, id: &str) -> Option<&Part> {
        self.meta.parts.iter().find(|p| p.id == id)
    }

    /// Does the chapter hold its part's opening text? A part (篇) often opens with a few
    /// paragraphs before its first chapter; the source keeps them in a chapter titled like the
    /// part (`plandoc import` writes one, `…-intro`). The contents list such a part once, and
    /// the chapter shows no heading of its own under the part's.
    pub fn opens_part(&self, ch: &Chapter) -> bool {
        ch.kind != ChapterKind::Appendix
            && ch
                .part
                .as_deref()
                .and_then(|id| self.part(id))
                .is_some_and(|p| {
                    let title = p.title.get(ch.lang);
                    !title.trim().is_empty() && *title == ch.title
                })
    }
}
