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
    /// The part (篇) the chapter belongs to, from the front matter's `part:`.
    pub part: Option<String>,
    /// A chapter of the plan or an appendix (附表, 附件).
    pub kind: ChapterKind,
    pub headings: Vec<Heading>,
    /// Every translatable text in document order: paragraphs, list items, table cells, captions,
    /// notes, box titles, terms, definitions and footnotes. Checks read this flat list; the
    /// structure they sit in is [`Chapter::body`].
    pub blocks: Vec<Block>,
    /// The chapter's content as a tree of headings, blocks, tables and boxes (indices into
    /// `headings` and `blocks`).
    pub body: Vec<Node>,
    /// Footnote definitions (`[^label]: …`) in the order they are written.
    pub footnotes: Vec<Footnote>,
}

/// What a chapter file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChapterKind {
    /// A chapter of the plan (also the unnumbered preamble).
    #[default]
    Chapter,
    /// An appendix (附表, 附件, 附图), listed after the chapters.
    Appendix,
}

/// One item of a chapter's content tree.
#[derive(Debug, Clone)]
pub enum Node {
    /// Index into [`Chapter::headings`].
    Heading(usize),
    /// Index into [`Chapter::blocks`]: a paragraph, list item, term or definition.
    Block(usize),
    Table(Table),
    Box(PlanBox),
}

/// A table (GFM pipe table) with its caption and notes. Cells are blocks.
#[derive(Debug, Clone)]
pub struct Table {
    /// `{#id}` of the caption, if given.
    pub id: Option<String>,
    /// The key its cells, caption and notes are keyed under: the ID, or `scope.tN`.
    pub key: String,
    /// Block index of the caption (`Table: 表1 … {#id}` before the table).
    pub caption: Option<usize>,
    pub align: Vec<Align>,
    /// Block indices of the header row.
    pub header: Vec<usize>,
    /// Block indices of each body row.
    pub rows: Vec<Vec<usize>>,
    /// Notes under the table (`注：…` / `Note: …`).
    pub notes: Vec<usize>,
    pub span: Span,
}

impl Table {
    /// The HTML anchor of the table.
    pub fn anchor(&self) -> String {
        self.key.replace('.', "-")
    }
}

/// Column alignment of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

/// A box (专栏): a titled container of paragraphs, lists and tables.
#[derive(Debug, Clone)]
pub struct PlanBox {
    /// From the title's `{#id}`.
    pub id: Option<String>,
    /// The key its blocks are keyed under: the ID, or `scope.boxN`.
    pub key: String,
    /// Block index of the title.
    pub title: Option<usize>,
    pub body: Vec<Node>,
    pub span: Span,
}

impl PlanBox {
    pub fn anchor(&self) -> String {
        self.key.replace('.', "-")
    }
}

/// A footnote definition: its label and the block holding its text.
#[derive(Debug, Clone)]
pub struct Footnote {
    pub label: String,
    pub block: usize,
}

impl Chapter {
    /// The number a reader sees for footnote `label` (1-based, in order of definition).
    pub fn footnote_number(&self, label: &str) -> Option<usize> {
        self.footnotes
            .iter()
            .position(|f| f.label == label)
            .map(|i| i + 1)
    }

    /// Every table of the chapter, boxes included, in document order.
    pub fn tables(&self) -> Vec<&Table> {
        let mut out = Vec::new();
        walk(&self.body, &mut |n| {
            if let Node::Table(t) = n {
                out.push(t)
            }
        });
        out
    }

    /// Every box of the chapter in document order.
    pub fn boxes(&self) -> Vec<&PlanBox> {
        let mut out = Vec::new();
        walk(&self.body, &mut |n| {
            if let Node::Box(b) = n {
                out.push(b)
            }
        });
        out
    }
}

/// Visits every node of a content tree, boxes' contents included, in document order.
pub fn walk<'a>(nodes: &'a [Node], f: &mut impl FnMut(&'a Node)) {
    for node in nodes {
        f(node);
        if let Node::Box(b) = node {
            walk(&b.body, f);
        }
    }
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

/// A heading inside a chapter (`##` to `######`) with its stable ID.
#[derive(Debug, Clone)]
pub struct Heading {
    /// From `{#id}`; `None` when the author forgot it (a diagnostic says so).
    pub id: Option<String>,
    /// 2 to 6 (the chapter title is level 1).
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
    /// A table cell; `header` for the cells of the header row.
    Cell {
        header: bool,
    },
    /// A table's caption.
    Caption,
    /// A note under a table.
    Note,
    /// A box's title.
    BoxTitle,
    /// A term of a definition list (名词解释).
    Term,
    /// The explanation of a term.
    Definition,
    /// A footnote's text.
    Footnote,
}

impl BlockKind {
    /// A short name for messages and the open data.
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Paragraph => "paragraph",
            BlockKind::ListItem { .. } => "list item",
            BlockKind::Cell { .. } => "table cell",
            BlockKind::Caption => "caption",
            BlockKind::Note => "note",
            BlockKind::BoxTitle => "box title",
            BlockKind::Term => "term",
            BlockKind::Definition => "definition",
            BlockKind::Footnote => "footnote",
        }
    }
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
    /// A footnote reference `[^label]`.
    FootnoteRef { label: String, span: Span },
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
            Inline::FootnoteRef { .. } => {}
        }
    }
}
