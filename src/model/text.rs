use super::{Lang, Span};

/// One language of one chapter: `chapters/NN-name.{zh,en}.md`.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// Language-neutral ID from the front matter, shared by the zh and en file.
    pub id: String,
    pub lang: Lang,
    /// Display title with the plan's own numbering, e.g. `一、现实基础` / `I. Foundation`.
    pub title: String,
    /// Short title for running heads and navigation (without numbering).
    pub short_title: Option<String>,
    /// Index of the file in the source map.
    pub file: usize,
    /// Span of the front matter's `title:` line (for diagnostics about the chapter as a whole).
    pub title_span: Span,
    pub headings: Vec<Heading>,
    /// Blocks in document order.
    pub blocks: Vec<Block>,
}

impl Chapter {
    /// The heading a block sits under, `None` for the chapter's opening blocks.
    pub fn heading_of(&self, block: &Block) -> Option<&Heading> {
        block.heading.map(|i| &self.headings[i])
    }

    pub fn block(&self, key: &str) -> Option<&Block> {
        self.blocks.iter().find(|b| b.key == key)
    }

    /// The short title when given, otherwise the title without its numbering.
    pub fn nav_title(&self) -> &str {
        self.short_title.as_deref().unwrap_or(&self.title)
    }
}

/// A section heading (`##`) or sub-heading (`###`) with its stable ID.
#[derive(Debug, Clone)]
pub struct Heading {
    /// From `{#id}`; `None` when the author forgot it (a diagnostic says so).
    pub id: Option<String>,
    /// 2 for sections, 3 for sub-sections (the chapter title is level 1).
    pub level: u8,
    pub inlines: Vec<Inline>,
    /// Plain text as rendered.
    pub text: String,
    pub span: Span,
}

/// A paragraph or list item: the unit that is translated, anchored and compared.
#[derive(Debug, Clone)]
pub struct Block {
    /// `heading-id.N` (1-based), or `chapter-id.N` for blocks before the first heading.
    /// The same key names the zh block and its en translation.
    pub key: String,
    /// Index into [`Chapter::headings`] of the heading the block is under.
    pub heading: Option<usize>,
    /// 1-based position under its heading.
    pub index: usize,
    pub kind: BlockKind,
    pub inlines: Vec<Inline>,
    /// Plain text as rendered (tags show as their text).
    pub text: String,
    pub span: Span,
}

impl Block {
    /// The HTML anchor of the block: its key with `.` replaced, safe in URLs and ids.
    pub fn anchor(&self) -> String {
        self.key.replace('.', "-")
    }

    /// All target tags in the block, in order.
    pub fn tags(&self) -> Vec<&Tag> {
        let mut out = Vec::new();
        collect_tags(&self.inlines, &mut out);
        out
    }
}

fn collect_tags<'a>(inlines: &'a [Inline], out: &mut Vec<&'a Tag>) {
    for inline in inlines {
        match inline {
            Inline::Tag(tag) => out.push(tag),
            Inline::Strong(children) | Inline::Emph(children) => collect_tags(children, out),
            Inline::Link { children, .. } => collect_tags(children, out),
            _ => {}
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    /// A list item; `ordered` lists carry their number.
    ListItem {
        ordered: Option<u64>,
    },
}

/// Inline content of a block or heading.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Emph(Vec<Inline>),
    Code(String),
    /// An ordinary link (http, mailto, or a relative link).
    Link {
        href: String,
        children: Vec<Inline>,
    },
    Tag(Tag),
    LineBreak,
}

/// A target tag: `[1500亿元](target:va-total)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub kind: TagKind,
    pub target: String,
    /// The tagged text as rendered, e.g. `1500亿元`.
    pub text: String,
    pub span: Span,
}

/// What a tag says about the target at this place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TagKind {
    /// `target:` the statement that defines the target (once per language).
    Define,
    /// `baseline:` the stated starting value.
    Baseline,
    /// `mention:` any other reference.
    Mention,
}

impl TagKind {
    pub fn scheme(self) -> &'static str {
        match self {
            TagKind::Define => "target",
            TagKind::Baseline => "baseline",
            TagKind::Mention => "mention",
        }
    }

    pub fn from_scheme(s: &str) -> Option<TagKind> {
        match s {
            "target" => Some(TagKind::Define),
            "baseline" => Some(TagKind::Baseline),
            "mention" => Some(TagKind::Mention),
            _ => None,
        }
    }
}

/// Plain text of inline runs as a reader sees them.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Strong(c) | Inline::Emph(c) | Inline::Link { children: c, .. } => {
                push_plain(c, out)
            }
            Inline::Tag(tag) => out.push_str(&tag.text),
            Inline::LineBreak => out.push('\n'),
        }
    }
}
