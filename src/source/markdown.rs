//! Chapter files: YAML front matter + CommonMark body, parsed with source offsets into
//! headings, blocks and inline runs with target tags.

use super::yaml;
use crate::diag::{Code, Diagnostic};
use crate::model::{
    plain_text, Align, Block, BlockKind, Chapter, ChapterKind, Footnote, Heading, Inline, Lang,
    Node, PlanBox, Span, Table, Tag, TagKind,
};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag as MdTag, TagEnd};
use serde::Deserialize;
use std::collections::HashMap;

/// How deep emphasis, links and tags may nest inside one block. Deeper nesting is refused:
/// every pass over inline runs recurses, and 100,000 nested `*` must not overflow the stack.
pub const MAX_INLINE_DEPTH: usize = 32;

/// Front matter of a chapter file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    title: String,
    #[serde(default)]
    short_title: Option<String>,
    /// The part (篇) the chapter belongs to: an ID from plan.yaml's `parts`.
    #[serde(default)]
    part: Option<String>,
    #[serde(default)]
    kind: ChapterKind,
}

pub use crate::model::is_valid_id;

/// Splits `---\n…\n---\n` off the top of a chapter file: (yaml, yaml offset, body offset).
fn split_front_matter(text: &str) -> Option<(&str, usize, usize)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let yaml_start = text.len() - rest.len();
    let mut pos = yaml_start;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&text[yaml_start..pos], yaml_start, pos + line.len()));
        }
        pos += line.len();
    }
    None
}

/// Parses one chapter file. Diagnostics for recoverable problems go to `diags`; `None` when the
/// file cannot be understood as a chapter at all.
pub fn parse_chapter(
    file: usize,
    text: &str,
    lang: Lang,
    diags: &mut Vec<Diagnostic>,
) -> Option<Chapter> {
    let Some((fm_text, fm_offset, body_offset)) = split_front_matter(text) else {
        diags.push(
            Diagnostic::error(Code::FrontMatterMissing, "chapter file has no front matter")
                .at(
                    Span::new(file, 0, text.find('\n').unwrap_or(text.len())),
                    "expected `---` here",
                )
                .help("start the file with:\n---\nid: chapter-id\ntitle: 一、章标题\n---"),
        );
        return None;
    };
    let fm: FrontMatter = match yaml::parse(file, fm_offset, fm_text) {
        Ok(fm) => fm,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let id_offset = fm_text.find("id:").map_or(fm_offset, |i| fm_offset + i);
    if !is_valid_id(&fm.id) {
        diags.push(invalid_id(
            &fm.id,
            Span::new(file, id_offset, id_offset + 3 + fm.id.len()),
        ));
    }
    let title_offset = fm_text.find("title:").map_or(fm_offset, |i| fm_offset + i);
    let mut parser = BodyParser::new(file, body_offset, &text[body_offset..], &fm.id, diags);
    parser.parse();
    let parsed = parser.finish();
    Some(Chapter {
        id: fm.id,
        lang,
        title: fm.title,
        short_title: fm.short_title,
        file,
        title_span: Span::new(file, title_offset, title_offset + 6),
        part: fm.part,
        kind: fm.kind,
        headings: parsed.headings,
        blocks: parsed.blocks,
        body: parsed.body,
        footnotes: parsed.footnotes,
    })
}

pub fn invalid_id(id: &str, span: Span) -> Diagnostic {
    Diagnostic::error(Code::InvalidId, format!("`{id}` is not a valid ID"))
        .at(span, "invalid ID")
        .help("IDs appear in URLs: use lowercase ASCII letters, digits and `-`, e.g. `service-value-added`")
}

/// An inline container being filled while walking events.
struct Frame {
    kind: FrameKind,
    children: Vec<Inline>,
    start: usize,
}

enum FrameKind {
    Root,
    Strong,
    Emph,
    Link(String),
    Tag(TagKind, String),
}

/// The text being filled: what it will become and where it starts.
struct Leaf {
    kind: LeafKind,
    start: usize,
}

enum LeafKind {
    Heading { level: u8, id: Option<String> },
    Block(BlockKind),
    BoxTitle { id: Option<String> },
    Footnote { label: String },
}

/// A box (block quote) being filled.
struct BoxBuilder {
    id: Option<String>,
    /// Set by the title, or by the first content when the title is missing.
    key: Option<String>,
    title: Option<usize>,
    body: Vec<Node>,
    start: usize,
}

/// A table being filled.
struct TableBuilder {
    key: String,
    id: Option<String>,
    caption: Option<usize>,
    align: Vec<Align>,
    header: Vec<usize>,
    rows: Vec<Vec<usize>>,
    row: Vec<usize>,
    in_head: bool,
    start: usize,
}

/// A `Table: …` paragraph waiting for the table it captions.
struct PendingCaption {
    inlines: Vec<Inline>,
    id: Option<String>,
    range: std::ops::Range<usize>,
}

/// What the parser produced.
struct Parsed {
    headings: Vec<Heading>,
    blocks: Vec<Block>,
    body: Vec<Node>,
    footnotes: Vec<Footnote>,
}

/// The prefix of a paragraph that captions the table after it (pandoc's convention).
const CAPTION_PREFIXES: [&str; 2] = ["Table:", "Table："];
/// The prefixes of a note under a table.
const NOTE_PREFIXES: [&str; 5] = ["注：", "注:", "Note:", "Notes:", "Note："];

struct BodyParser<'d> {
    file: usize,
    base: usize,
    body: &'d str,
    chapter_id: String,
    headings: Vec<Heading>,
    blocks: Vec<Block>,
    nodes: Vec<Node>,
    footnotes: Vec<Footnote>,
    diags: &'d mut Vec<Diagnostic>,
    leaf: Option<Leaf>,
    stack: Vec<Frame>,
    list_numbers: Vec<Option<u64>>,
    unsupported_depth: usize,
    /// Emphasis/links opened beyond MAX_INLINE_DEPTH: kept as plain text, reported once.
    too_deep: usize,
    boxed: Option<BoxBuilder>,
    table: Option<TableBuilder>,
    caption: Option<PendingCaption>,
    /// The last node of the current container is a table that notes may follow.
    notes_open: bool,
    in_footnote: bool,
    /// How many blocks, tables and boxes each scope has had, for their keys.
    counters: HashMap<(String, &'static str), usize>,
    /// Level of the last heading (1: the chapter title).
    last_level: u8,
}

impl<'d> BodyParser<'d> {
    fn new(
        file: usize,
        base: usize,
        body: &'d str,
        chapter_id: &str,
        diags: &'d mut Vec<Diagnostic>,
    ) -> Self {
        BodyParser {
            file,
            base,
            body,
            chapter_id: chapter_id.to_string(),
            headings: Vec::new(),
            blocks: Vec::new(),
            nodes: Vec::new(),
            footnotes: Vec::new(),
            diags,
            leaf: None,
            stack: Vec::new(),
            list_numbers: Vec::new(),
            unsupported_depth: 0,
            too_deep: 0,
            boxed: None,
            table: None,
            caption: None,
            notes_open: false,
            in_footnote: false,
            counters: HashMap::new(),
            last_level: 1,
        }
    }

    /// A source span without the blank lines pulldown-cmark counts into a block, so a
    /// diagnostic underlines the text only.
    fn span(&self, range: std::ops::Range<usize>) -> Span {
        let end = range.start
            + self
                .body
                .get(range.clone())
                .map_or(range.len(), |t| t.trim_end().len());
        Span::new(self.file, self.base + range.start, self.base + end)
    }

    fn parse(&mut self) {
        let options = Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_DEFINITION_LIST;
        let body = self.body;
        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            if self.unsupported_depth > 0 {
                match event {
                    Event::Start(_) => self.unsupported_depth += 1,
                    Event::End(_) => self.unsupported_depth -= 1,
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(tag) => self.on_start(tag, range),
                Event::End(tag) => self.on_end(tag, range),
                Event::Text(text) => push_text(&mut self.stack, &text),
                Event::Code(code) => push_inline(&mut self.stack, Inline::Code(code.to_string())),
                Event::SoftBreak => push_text(&mut self.stack, "\n"),
                Event::HardBreak => push_inline(&mut self.stack, Inline::LineBreak),
                Event::FootnoteReference(label) => {
                    let span = self.span(range);
                    push_inline(
                        &mut self.stack,
                        Inline::FootnoteRef {
                            label: label.to_string(),
                            span,
                        },
                    )
                }
                Event::Html(_) | Event::InlineHtml(_) => self.diags.push(
                    Diagnostic::error(Code::RawHtml, "raw HTML is not allowed in plan text")
                        .at(self.span(range), "HTML here")
                        .help("write the text in Markdown; to show a `<` literally, escape it as `\\<`"),
                ),
                Event::Rule => self.diags.push(
                    Diagnostic::error(
                        Code::UnsupportedMarkdown,
                        "horizontal rules are not allowed in plan text",
                    )
                    .at(self.span(range), "here")
                    .help("remove the rule; chapters and sections separate the text"),
                ),
                _ => {}
            }
        }
        self.flush_caption();
    }

    fn on_start(&mut self, tag: MdTag, range: std::ops::Range<usize>) {
        match tag {
            MdTag::Heading { level, id, .. } => {
                self.start_heading(heading_level(level), id.map(|s| s.to_string()), range)
            }
            MdTag::BlockQuote(_) => self.start_box(range),
            MdTag::List(first) => {
                self.flush_caption();
                self.list_numbers.push(first)
            }
            MdTag::Item => self.start_item(range),
            MdTag::Paragraph => {
                if self.leaf.is_some() {
                    // A second paragraph of a loose list item or a footnote: the same block.
                    if self.stack.first().is_some_and(|f| !f.children.is_empty()) {
                        self.stack[0].children.push(Inline::LineBreak);
                    }
                } else {
                    self.open(LeafKind::Block(BlockKind::Paragraph), range.start);
                }
            }
            MdTag::Table(align) => self.start_table(align, range),
            MdTag::TableHead | MdTag::TableRow => {
                self.check_row(range);
                if let Some(t) = self.table.as_mut() {
                    t.in_head = matches!(tag, MdTag::TableHead);
                    t.row.clear();
                }
            }
            MdTag::TableCell => {
                let header = self.table.as_ref().is_some_and(|t| t.in_head);
                self.open(LeafKind::Block(BlockKind::Cell { header }), range.start);
            }
            MdTag::FootnoteDefinition(label) => {
                self.flush_caption();
                if self.boxed.is_some() {
                    self.unsupported(
                        "footnote definitions inside a box",
                        "write the footnote's definition after the box, at the end of the chapter",
                        range,
                    );
                    return;
                }
                self.in_footnote = true;
                self.open(
                    LeafKind::Footnote {
                        label: label.to_string(),
                    },
                    range.start,
                );
            }
            MdTag::DefinitionList => self.flush_caption(),
            MdTag::DefinitionListTitle => self.open(LeafKind::Block(BlockKind::Term), range.start),
            MdTag::DefinitionListDefinition => {
                self.open(LeafKind::Block(BlockKind::Definition), range.start)
            }
            MdTag::Strong | MdTag::Emphasis | MdTag::Link { .. }
                if self.too_deep > 0 || self.stack.len() > MAX_INLINE_DEPTH =>
            {
                if self.too_deep == 0 {
                    self.diags.push(
                        Diagnostic::error(
                            Code::UnsupportedMarkdown,
                            format!("emphasis, links and tags nested more than {MAX_INLINE_DEPTH} levels deep are not allowed"),
                        )
                        .at(self.span(range), "nested too deep from here")
                        .help("plan text needs a few levels at most (a tag inside bold text); remove the extra `*`, `_` or `[`"),
                    );
                }
                self.too_deep += 1;
            }
            MdTag::Strong => self.push_frame(FrameKind::Strong, range.start),
            MdTag::Emphasis => self.push_frame(FrameKind::Emph, range.start),
            MdTag::Link { dest_url, .. } => {
                let kind = match dest_url.split_once(':') {
                    Some((scheme, id)) => match TagKind::from_scheme(scheme) {
                        Some(kind) => FrameKind::Tag(kind, id.to_string()),
                        None => FrameKind::Link(dest_url.to_string()),
                    },
                    None => FrameKind::Link(dest_url.to_string()),
                };
                self.push_frame(kind, range.start);
            }
            MdTag::HtmlBlock => {}
            other => {
                let what = match other {
                    MdTag::CodeBlock(_) => "code blocks",
                    MdTag::Image { .. } => "images",
                    _ => "this Markdown construct",
                };
                self.unsupported(&format!("{what} are"), "plans are made of headings, paragraphs, lists, tables and boxes; remove the construct or rewrite it as a paragraph", range);
            }
        }
    }

    /// Closes the open leaf when it is a block (a list item, a table cell, a term): its
    /// inlines become a block ending at `end`, whose index is returned.
    fn end_leaf_block(&mut self, end: usize) -> Option<usize> {
        let Some(Leaf {
            kind: LeafKind::Block(kind),
            start,
        }) = self.leaf.take()
        else {
            return None;
        };
        let inlines = finish(&mut self.stack);
        Some(self.push_block(kind, inlines, start..end))
    }

    fn on_end(&mut self, tag: TagEnd, range: std::ops::Range<usize>) {
        match tag {
            TagEnd::Heading(_) => self.end_heading(range),
            TagEnd::BlockQuote(_) => self.end_box(range),
            TagEnd::List(_) => {
                self.list_numbers.pop();
            }
            TagEnd::Item if self.list_numbers.len() <= 1 => {
                if let Some(b) = self.end_leaf_block(range.end) {
                    self.push_node(Node::Block(b));
                }
            }
            TagEnd::Paragraph => {
                if let Some(Leaf {
                    kind: LeafKind::Block(BlockKind::Paragraph),
                    start,
                }) = self.leaf
                {
                    self.leaf = None;
                    let inlines = finish(&mut self.stack);
                    self.end_paragraph(inlines, start..range.end);
                }
            }
            TagEnd::TableCell => {
                if let Some(b) = self.end_leaf_block(range.end) {
                    if let Some(t) = self.table.as_mut() {
                        t.row.push(b);
                    }
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.header = std::mem::take(&mut t.row);
                    t.in_head = false;
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::Table => self.end_table(range),
            TagEnd::FootnoteDefinition => {
                if let Some(Leaf {
                    kind: LeafKind::Footnote { label },
                    start,
                }) = self.leaf.take()
                {
                    let inlines = finish(&mut self.stack);
                    let b = self.push_block(BlockKind::Footnote, inlines, start..range.end);
                    self.footnotes.push(Footnote { label, block: b });
                }
                self.in_footnote = false;
            }
            TagEnd::DefinitionListTitle | TagEnd::DefinitionListDefinition => {
                if let Some(b) = self.end_leaf_block(range.end) {
                    self.push_node(Node::Block(b));
                }
            }
            TagEnd::Strong | TagEnd::Emphasis | TagEnd::Link if self.too_deep > 0 => {
                self.too_deep -= 1;
            }
            TagEnd::Strong | TagEnd::Emphasis | TagEnd::Link if self.stack.len() > 1 => {
                let frame = self.stack.pop().expect("checked above");
                let inline = self.close_frame(frame, range.end);
                push_inline(&mut self.stack, inline);
            }
            _ => {}
        }
    }

    fn unsupported(&mut self, what: &str, help: &str, range: std::ops::Range<usize>) {
        self.diags.push(
            Diagnostic::error(
                Code::UnsupportedMarkdown,
                format!("{what} not allowed in plan text"),
            )
            .at(self.span(range), "here")
            .help(help),
        );
        self.unsupported_depth = 1;
    }

    fn open(&mut self, kind: LeafKind, start: usize) {
        self.leaf = Some(Leaf { kind, start });
        self.stack = vec![root(start)];
    }

    fn push_frame(&mut self, kind: FrameKind, start: usize) {
        self.stack.push(Frame {
            kind,
            children: vec![],
            start,
        });
    }

    fn start_heading(&mut self, level: u8, id: Option<String>, range: std::ops::Range<usize>) {
        if let Some(b) = &self.boxed {
            if b.title.is_none() && b.key.is_none() && b.body.is_empty() {
                self.open(LeafKind::BoxTitle { id }, range.start);
            } else {
                self.diags.push(
                    Diagnostic::error(Code::UnsupportedHeading, "a heading inside a box is not allowed (only its title)")
                        .at(self.span(range.clone()), "this heading")
                        .help("a box has one title, its first line; write the other headings as bold lead phrases, or end the box (a line without `>`) before the heading"),
                );
                self.open(LeafKind::Block(BlockKind::Paragraph), range.start);
            }
            return;
        }
        if self.in_footnote {
            self.unsupported(
                "headings inside a footnote are",
                "a footnote is one or more paragraphs",
                range,
            );
            return;
        }
        self.flush_caption();
        if level == 1 {
            self.diags.push(
                Diagnostic::error(Code::UnsupportedHeading, "a `#` heading in the chapter body is not allowed")
                    .at(self.span(range.clone()), "this heading")
                    .help("the chapter title lives in the front matter (`title:`); use `##` for the first level of headings under it"),
            );
        } else if level > self.last_level + 1 {
            let want = "#".repeat(self.last_level as usize + 1);
            self.diags.push(
                Diagnostic::error(
                    Code::HeadingLevelSkipped,
                    format!("a level-{level} heading follows a level-{} heading: level {} is skipped", self.last_level, self.last_level + 1),
                )
                .at(self.span(range.clone()), "this heading")
                .help(format!("headings go down one level at a time: write this one as `{want}`, or add the missing heading above it")),
            );
        }
        let level = level.max(2);
        self.last_level = level;
        self.open(LeafKind::Heading { level, id }, range.start);
    }

    fn end_heading(&mut self, range: std::ops::Range<usize>) {
        match self.leaf.take() {
            Some(Leaf {
                kind: LeafKind::Heading { level, id },
                start,
            }) => {
                let inlines = finish(&mut self.stack);
                self.push_heading(level, id, inlines, start..range.end);
                self.push_node(Node::Heading(self.headings.len() - 1));
            }
            Some(Leaf {
                kind: LeafKind::BoxTitle { id },
                start,
            }) => {
                let inlines = finish(&mut self.stack);
                let span = self.span(start..range.end);
                let key = match &id {
                    Some(id) if is_valid_id(id) => id.clone(),
                    Some(id) => {
                        self.diags.push(invalid_id(id, span));
                        self.next_key("box")
                    }
                    None => {
                        self.diags.push(
                            Diagnostic::error(Code::HeadingWithoutId, format!("box title `{}` has no ID", normalize_text(&plain_text(&inlines)).trim()))
                                .at(span, "add `{#some-id}` at the end of this line")
                                .help("a box needs a stable, language-neutral ID shared by the zh and en file, e.g. `> #### 专栏1 重大工程 {#box-projects}`"),
                        );
                        self.next_key("box")
                    }
                };
                if let Some(b) = self.boxed.as_mut() {
                    b.id = id;
                    b.key = Some(key.clone());
                }
                let b = self.push_keyed(
                    BlockKind::BoxTitle,
                    format!("{key}.title"),
                    0,
                    inlines,
                    start..range.end,
                );
                if let Some(bx) = self.boxed.as_mut() {
                    bx.title = Some(b);
                }
            }
            Some(Leaf {
                kind: LeafKind::Block(kind),
                start,
            }) => {
                // A heading inside a box, kept as a paragraph (reported at its start).
                let inlines = finish(&mut self.stack);
                let b = self.push_block(kind, inlines, start..range.end);
                self.push_node(Node::Block(b));
            }
            other => self.leaf = other,
        }
    }

    fn start_box(&mut self, range: std::ops::Range<usize>) {
        if self.boxed.is_some() || self.in_footnote || self.table.is_some() {
            self.unsupported(
                "boxes inside boxes or footnotes are",
                "a box (a block quote) holds paragraphs, lists and tables; end the outer box first",
                range,
            );
            return;
        }
        self.flush_caption();
        self.notes_open = false;
        self.boxed = Some(BoxBuilder {
            id: None,
            key: None,
            title: None,
            body: Vec::new(),
            start: range.start,
        });
    }

    /// The key of the box being filled; a box without a title is reported and keyed by place.
    fn box_key(&mut self) -> Option<String> {
        let b = self.boxed.as_ref()?;
        if let Some(k) = &b.key {
            return Some(k.clone());
        }
        let start = b.start;
        let span = self.span(
            start
                ..start
                    + self.body[start..]
                        .find('\n')
                        .unwrap_or(self.body.len() - start),
        );
        self.diags.push(
            Diagnostic::error(Code::BoxWithoutTitle, "this box has no title")
                .at(span, "the box starts here")
                .help("a block quote is a box (专栏): start it with its numbered title as a heading, e.g. `> #### 专栏1 重大工程 {#box-projects}`"),
        );
        let key = self.next_key("box");
        self.boxed.as_mut().expect("checked").key = Some(key.clone());
        Some(key)
    }

    fn end_box(&mut self, range: std::ops::Range<usize>) {
        self.flush_caption();
        if self.boxed.is_none() {
            return;
        }
        let key = self.box_key().expect("in a box");
        let b = self.boxed.take().expect("in a box");
        let node = Node::Box(PlanBox {
            id: b.id,
            key,
            title: b.title,
            body: b.body,
            span: self.span(b.start..range.end),
        });
        self.push_node(node);
    }

    fn start_item(&mut self, range: std::ops::Range<usize>) {
        // Reported at the first nested level only: `- - - … x` nests 100,000 lists on one line
        // and must not produce 100,000 diagnostics.
        if self.list_numbers.len() == 2 {
            self.diags.push(
                Diagnostic::error(Code::UnsupportedMarkdown, "nested lists are not allowed")
                    .at(self.span(range.clone()), "nested list item")
                    .help("write the nested items as separate list items or paragraphs"),
            );
        }
        let ordered = self.list_numbers.last_mut().and_then(|n| {
            let current = *n;
            if let Some(v) = n.as_mut() {
                *v += 1;
            }
            current
        });
        if self.leaf.is_none() {
            self.open(
                LeafKind::Block(BlockKind::ListItem { ordered }),
                range.start,
            );
        }
    }

    /// A finished paragraph: a table caption, a note under a table, or a block.
    fn end_paragraph(&mut self, inlines: Vec<Inline>, range: std::ops::Range<usize>) {
        if let Some((inlines, id)) = strip_caption(&inlines) {
            self.flush_caption();
            self.caption = Some(PendingCaption { inlines, id, range });
            return;
        }
        let is_note = self.notes_open && {
            let text = plain_text(&inlines);
            NOTE_PREFIXES
                .iter()
                .any(|p| text.trim_start().starts_with(p))
        };
        if is_note {
            let Some(Node::Table(t)) = self.container().last() else {
                unreachable!("notes_open is only set after a table")
            };
            let key = format!("{}.note{}", t.key, t.notes.len() + 1);
            let index = t.notes.len() + 1;
            let b = self.push_keyed(BlockKind::Note, key, index, inlines, range);
            if let Some(Node::Table(t)) = self.container_mut().last_mut() {
                t.notes.push(b);
            }
            return;
        }
        self.flush_caption();
        let b = self.push_block(BlockKind::Paragraph, inlines, range);
        self.push_node(Node::Block(b));
    }

    /// A `Table:` paragraph that no table followed: reported, and kept as a paragraph.
    fn flush_caption(&mut self) {
        let Some(c) = self.caption.take() else {
            return;
        };
        self.diags.push(
            Diagnostic::error(Code::CaptionWithoutTable, "`Table:` captions a table, but no table follows")
                .at(self.span(c.range.clone()), "this caption")
                .help("put the table right after its caption (one blank line between them), or remove `Table:` to make this an ordinary paragraph"),
        );
        let mut inlines = c.inlines;
        inlines.insert(0, Inline::Text("Table: ".into()));
        let b = self.push_block(BlockKind::Paragraph, inlines, c.range);
        self.push_node(Node::Block(b));
    }

    fn start_table(
        &mut self,
        align: Vec<pulldown_cmark::Alignment>,
        range: std::ops::Range<usize>,
    ) {
        if self.in_footnote {
            self.unsupported(
                "tables inside a footnote are",
                "a footnote is one or more paragraphs; put the table in the text",
                range,
            );
            return;
        }
        let caption = self.caption.take();
        let id = caption.as_ref().and_then(|c| c.id.clone());
        if let Some(id) = id.as_ref().filter(|id| !is_valid_id(id)) {
            let span = self.span(caption.as_ref().expect("id from caption").range.clone());
            self.diags.push(invalid_id(id, span));
        }
        let key = match &id {
            Some(id) if is_valid_id(id) => id.clone(),
            _ => self.next_key("t"),
        };
        let caption_block = caption.map(|c| {
            self.push_keyed(
                BlockKind::Caption,
                format!("{key}.caption"),
                0,
                c.inlines,
                c.range,
            )
        });
        let start = range.start;
        self.table = Some(TableBuilder {
            key,
            id: id.filter(|id| is_valid_id(id)),
            caption: caption_block,
            align: align.into_iter().map(align_of).collect(),
            header: Vec::new(),
            rows: Vec::new(),
            row: Vec::new(),
            in_head: false,
            start,
        });
    }

    /// A row with more or fewer cells than the header: pulldown-cmark pads short rows and drops
    /// the extra cells of long ones, so the source is counted here, before anything is lost.
    fn check_row(&mut self, range: std::ops::Range<usize>) {
        let Some(t) = &self.table else { return };
        let line = self.body[range.clone()].lines().next().unwrap_or("");
        let cells = count_cells(line);
        let want = t.align.len();
        if cells != want {
            let line_start = range.start;
            self.diags.push(
                Diagnostic::error(Code::RaggedTable, format!("this row has {cells} cell{} but the table has {want} column{}", if cells == 1 { "" } else { "s" }, if want == 1 { "" } else { "s" }))
                    .at(self.span(line_start..line_start + line.len()), "this row")
                    .help(if cells > want {
                        "remove the extra cells or add the column to the header and the delimiter row; extra cells would be dropped"
                    } else {
                        "add the missing cells (an empty cell is `| |`) so that every row has as many as the header"
                    }),
            );
        }
    }

    fn end_table(&mut self, range: std::ops::Range<usize>) {
        let Some(t) = self.table.take() else { return };
        let node = Node::Table(Table {
            id: t.id,
            key: t.key,
            caption: t.caption,
            align: t.align,
            header: t.header,
            rows: t.rows,
            notes: Vec::new(),
            span: self.span(t.start..range.end),
        });
        self.push_node(node);
        self.notes_open = true;
    }

    fn container(&self) -> &Vec<Node> {
        match &self.boxed {
            Some(b) => &b.body,
            None => &self.nodes,
        }
    }

    fn container_mut(&mut self) -> &mut Vec<Node> {
        match &mut self.boxed {
            Some(b) => &mut b.body,
            None => &mut self.nodes,
        }
    }

    fn push_node(&mut self, node: Node) {
        self.notes_open = false;
        self.container_mut().push(node);
    }

    /// The scope blocks are keyed under: the box being filled, else the last heading, else
    /// the chapter.
    fn scope(&mut self) -> String {
        if let Some(key) = self.box_key() {
            return key;
        }
        self.heading_scope()
    }

    /// The scope outside any box: the last heading, else the chapter.
    fn heading_scope(&self) -> String {
        match self.headings.last() {
            Some(h) => {
                h.id.clone()
                    .unwrap_or_else(|| format!("heading-{}", self.headings.len()))
            }
            None => self.chapter_id.clone(),
        }
    }

    /// The next `scope.{what}N` key, for tables and boxes without an ID. A box is keyed in the
    /// scope around it.
    fn next_key(&mut self, what: &'static str) -> String {
        let scope = if what == "box" {
            self.heading_scope()
        } else {
            self.scope()
        };
        let n = self.counters.entry((scope.clone(), what)).or_default();
        *n += 1;
        format!("{scope}.{what}{n}")
    }

    fn close_frame(&mut self, frame: Frame, end: usize) -> Inline {
        match frame.kind {
            FrameKind::Strong => Inline::Strong(frame.children),
            FrameKind::Emph => Inline::Emph(frame.children),
            FrameKind::Link(href) => Inline::Link {
                href,
                children: frame.children,
            },
            FrameKind::Root => Inline::Text(String::new()),
            FrameKind::Tag(kind, target) => {
                let span = self.span(frame.start..end);
                let text = plain_text(&frame.children);
                if text.trim().is_empty() {
                    self.diags.push(
                        Diagnostic::error(Code::EmptyTag, format!("the `{}:{target}` tag has no text", kind.scheme()))
                            .at(span, "empty tag")
                            .help("put the tagged words inside the brackets: `[1500亿元](target:va-total)`"),
                    );
                }
                if !is_valid_id(&target) {
                    self.diags.push(invalid_id(&target, span));
                }
                Inline::Tag(Tag {
                    kind,
                    target,
                    text: normalize_text(&text),
                    span,
                })
            }
        }
    }

    fn push_heading(
        &mut self,
        level: u8,
        id: Option<String>,
        inlines: Vec<Inline>,
        range: std::ops::Range<usize>,
    ) {
        let span = self.span(range);
        let text = normalize_text(&plain_text(&inlines));
        match &id {
            None => self.diags.push(
                Diagnostic::error(Code::HeadingWithoutId, format!("heading `{}` has no ID", text.trim()))
                    .at(span, "add `{#some-id}` at the end of this line")
                    .help(format!(
                        "every heading needs a stable, language-neutral ID shared by the zh and en file, e.g. `{} {{#achievements}}`",
                        "#".repeat(level as usize) + " " + text.trim()
                    )),
            ),
            Some(id) if !is_valid_id(id) => self.diags.push(invalid_id(id, span)),
            _ => {}
        }
        self.headings.push(Heading {
            id,
            level,
            inlines,
            text,
            span,
        });
    }

    /// A block keyed by its place: `scope.N`, or `table.rRcC` for a cell.
    fn push_block(
        &mut self,
        kind: BlockKind,
        inlines: Vec<Inline>,
        range: std::ops::Range<usize>,
    ) -> usize {
        let (key, index) = match (kind, &self.table) {
            (BlockKind::Cell { .. }, Some(t)) => {
                let row = if t.in_head { 1 } else { t.rows.len() + 2 };
                (
                    format!("{}.r{row}c{}", t.key, t.row.len() + 1),
                    t.row.len() + 1,
                )
            }
            (BlockKind::Footnote, _) => {
                let n = self.footnotes.len() + 1;
                (format!("{}.fn{n}", self.chapter_id), n)
            }
            _ => {
                let scope = self.scope();
                let n = self.counters.entry((scope.clone(), "")).or_default();
                *n += 1;
                (format!("{scope}.{n}"), *n)
            }
        };
        self.push_keyed(kind, key, index, inlines, range)
    }

    fn push_keyed(
        &mut self,
        kind: BlockKind,
        key: String,
        index: usize,
        inlines: Vec<Inline>,
        range: std::ops::Range<usize>,
    ) -> usize {
        let span = self.span(range);
        let text = normalize_text(&plain_text(&inlines));
        if text.contains("**") {
            self.diags.push(
                Diagnostic::warning(Code::StrayEmphasis, "`**` shows literally: the bold is never closed")
                    .at(span, "this block")
                    .help("CommonMark cannot close `**` after punctuation followed by a character: write `**1.服务总量稳步攀升**。正文`, with the full stop outside the bold"),
            );
        }
        self.literal_footnote_refs(&text, span);
        if text.trim().is_empty() && !matches!(kind, BlockKind::Cell { .. }) {
            self.diags.push(
                Diagnostic::error(Code::EmptyBlock, "empty block")
                    .at(span, "this block has no text")
                    .help("remove the empty list item or paragraph, or write its text"),
            );
        }
        self.blocks.push(Block {
            key,
            heading: self.headings.len().checked_sub(1),
            index,
            kind,
            inlines,
            text,
            span,
        });
        self.blocks.len() - 1
    }

    /// `[^label]` left as text: pulldown-cmark makes a reference only when the label is defined.
    fn literal_footnote_refs(&mut self, text: &str, span: Span) {
        let mut from = 0;
        while let Some(i) = text[from..].find("[^") {
            let start = from + i;
            let Some(len) = text[start + 2..].find(']') else {
                break;
            };
            let label = &text[start + 2..start + 2 + len];
            from = start + 2 + len;
            if label.is_empty() || label.contains(char::is_whitespace) {
                continue;
            }
            let needle = format!("[^{label}]");
            let source = &self.body[span.start - self.base..span.end - self.base];
            let at = source.find(&needle).map_or(span, |j| {
                Span::new(self.file, span.start + j, span.start + j + needle.len())
            });
            self.diags.push(
                Diagnostic::error(
                    Code::FootnoteUndefined,
                    format!("footnote `[^{label}]` has no definition"),
                )
                .at(at, "referenced here")
                .help(format!(
                    "define it at the end of the chapter: `[^{label}]: 脚注文字`"
                )),
            );
        }
    }

    /// The parsed chapter, with footnote references checked against the definitions.
    fn finish(mut self) -> Parsed {
        if let Some(Leaf { start, .. }) = self.leaf.take() {
            // Never reached with pulldown-cmark's balanced events; kept so no text is lost.
            let inlines = finish(&mut self.stack);
            let b = self.push_block(BlockKind::Paragraph, inlines, start..self.body.len());
            self.push_node(Node::Block(b));
        }
        self.check_footnotes();
        Parsed {
            headings: self.headings,
            blocks: self.blocks,
            body: self.nodes,
            footnotes: self.footnotes,
        }
    }

    fn check_footnotes(&mut self) {
        let mut refs: Vec<(String, Span)> = Vec::new();
        for inlines in self
            .blocks
            .iter()
            .map(|b| &b.inlines)
            .chain(self.headings.iter().map(|h| &h.inlines))
        {
            collect_refs(inlines, &mut refs);
        }
        for (label, span) in &refs {
            if !self.footnotes.iter().any(|f| &f.label == label) {
                self.diags.push(
                    Diagnostic::error(
                        Code::FootnoteUndefined,
                        format!("footnote `[^{label}]` has no definition"),
                    )
                    .at(*span, "referenced here")
                    .help(format!(
                        "define it at the end of the chapter: `[^{label}]: 脚注文字`"
                    )),
                );
            }
        }
        for f in &self.footnotes {
            if !refs.iter().any(|(l, _)| *l == f.label) {
                self.diags.push(
                    Diagnostic::error(
                        Code::FootnoteUnused,
                        format!("footnote `[^{}]` is defined but never referenced", f.label),
                    )
                    .at(self.blocks[f.block].span, "defined here")
                    .help(format!(
                        "put `[^{}]` where the note belongs in the text, or remove the definition",
                        f.label
                    )),
                );
            }
        }
    }
}

fn collect_refs(inlines: &[Inline], out: &mut Vec<(String, Span)>) {
    for inline in inlines {
        match inline {
            Inline::FootnoteRef { label, span } => out.push((label.clone(), *span)),
            Inline::Strong(c) | Inline::Emph(c) | Inline::Link { children: c, .. } => {
                collect_refs(c, out)
            }
            _ => {}
        }
    }
}

fn align_of(a: pulldown_cmark::Alignment) -> Align {
    match a {
        pulldown_cmark::Alignment::None => Align::None,
        pulldown_cmark::Alignment::Left => Align::Left,
        pulldown_cmark::Alignment::Center => Align::Center,
        pulldown_cmark::Alignment::Right => Align::Right,
    }
}

/// The caption of `Table: 表1 … {#id}`: its inlines without the prefix and the ID.
fn strip_caption(inlines: &[Inline]) -> Option<(Vec<Inline>, Option<String>)> {
    let Some(Inline::Text(first)) = inlines.first() else {
        return None;
    };
    let rest = CAPTION_PREFIXES
        .iter()
        .find_map(|p| first.strip_prefix(p))?;
    let mut out = inlines.to_vec();
    out[0] = Inline::Text(rest.trim_start().to_string());
    let mut id = None;
    if let Some(Inline::Text(last)) = out.last_mut() {
        let trimmed = last.trim_end();
        if let Some(open) = trimmed.rfind("{#").filter(|_| trimmed.ends_with('}')) {
            id = Some(trimmed[open + 2..trimmed.len() - 1].trim().to_string());
            *last = trimmed[..open].trim_end().to_string();
        }
    }
    if matches!(out.last(), Some(Inline::Text(t)) if t.is_empty()) && out.len() > 1 {
        out.pop();
    }
    Some((out, id))
}

/// Cells in one source line of a pipe table: `|` separators outside code spans and not
/// escaped, without the optional leading and trailing pipe.
fn count_cells(line: &str) -> usize {
    let line = line.trim();
    let mut cells = 1;
    let mut in_code = false;
    let mut escaped = false;
    let bytes: Vec<char> = line.chars().collect();
    for (i, &c) in bytes.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '`' => in_code = !in_code,
            '|' if !in_code && i != 0 && i != bytes.len() - 1 => cells += 1,
            _ => {}
        }
    }
    cells
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn root(start: usize) -> Frame {
    Frame {
        kind: FrameKind::Root,
        children: Vec::new(),
        start,
    }
}

fn push_inline(stack: &mut [Frame], inline: Inline) {
    if let Some(top) = stack.last_mut() {
        top.children.push(inline);
    }
}

fn push_text(stack: &mut [Frame], text: &str) {
    if let Some(top) = stack.last_mut() {
        if let Some(Inline::Text(prev)) = top.children.last_mut() {
            prev.push_str(text);
        } else {
            top.children.push(Inline::Text(text.to_string()));
        }
    }
}

/// Closes any frames left open (malformed nesting cannot happen with pulldown-cmark, but a
/// half-open stack must never lose text) and joins soft line breaks.
fn finish(stack: &mut Vec<Frame>) -> Vec<Inline> {
    while stack.len() > 1 {
        let frame = stack.pop().expect("len > 1");
        if let Some(parent) = stack.last_mut() {
            parent.children.extend(frame.children);
        }
    }
    let mut inlines = stack.pop().map(|f| f.children).unwrap_or_default();
    join_soft_breaks(&mut inlines);
    inlines
}

/// A source line break inside a paragraph becomes nothing between two CJK characters and a
/// space elsewhere, so Chinese text never gets stray spaces.
fn join_soft_breaks(inlines: &mut [Inline]) {
    for inline in inlines.iter_mut() {
        match inline {
            Inline::Text(t) => *t = normalize_text(t),
            Inline::Strong(c) | Inline::Emph(c) | Inline::Link { children: c, .. } => {
                join_soft_breaks(c)
            }
            _ => {}
        }
    }
}

/// Replaces newlines: removed between CJK characters, a single space elsewhere.
pub fn normalize_text(text: &str) -> String {
    if !text.contains('\n') {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            let prev = out.trim_end().chars().last();
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace()).copied();
            let joins_cjk = prev.is_some_and(is_cjk) || next.is_some_and(is_cjk);
            let trimmed = out.trim_end().len();
            out.truncate(trimmed);
            if !joins_cjk && prev.is_some() && next.is_some() {
                out.push(' ');
            }
        } else if c.is_whitespace() && out.ends_with(['\n']) {
            continue;
        } else {
            out.push(c);
        }
    }
    out
}

pub use crate::text::is_cjk;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Chapter>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let ch = parse_chapter(0, text, Lang::Zh, &mut diags);
        (ch, diags)
    }

    #[test]
    fn parses_headings_blocks_and_tags() {
        let text = "---\nid: goals\ntitle: 二、目标\n---\n\n开篇。\n\n## （一）总体 {#overall}\n\n实现服务业增加值[1500亿元](target:va-total)，较[999亿元](baseline:va-total)。\n\n- 一项\n- 二项\n";
        let (ch, diags) = parse(text);
        assert!(diags.is_empty(), "{diags:?}");
        let ch = ch.unwrap();
        assert_eq!(ch.id, "goals");
        assert_eq!(ch.headings.len(), 1);
        assert_eq!(ch.headings[0].id.as_deref(), Some("overall"));
        assert_eq!(ch.headings[0].text, "（一）总体");
        let keys: Vec<_> = ch.blocks.iter().map(|b| b.key.as_str()).collect();
        assert_eq!(keys, ["goals.1", "overall.1", "overall.2", "overall.3"]);
        let tags = ch.blocks[1].tags();
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0].kind, TagKind::Define);
        assert_eq!(tags[0].target, "va-total");
        assert_eq!(tags[0].text, "1500亿元");
        assert_eq!(
            &text[tags[0].span.start..tags[0].span.end],
            "[1500亿元](target:va-total)"
        );
        assert_eq!(ch.blocks[1].text, "实现服务业增加值1500亿元，较999亿元。");
        assert_eq!(ch.blocks[2].kind, BlockKind::ListItem { ordered: None });
    }

    #[test]
    fn bold_lead_with_stop_outside_is_bold() {
        let mut diags = Vec::new();
        let ch = parse_chapter(
            0,
            "---\nid: a\ntitle: T\n---\n**1.总量攀升**。正文\n\n**2.结构优化。**正文\n",
            Lang::Zh,
            &mut diags,
        )
        .unwrap();
        assert!(matches!(&ch.blocks[0].inlines[0], Inline::Strong(_)));
        assert_eq!(ch.blocks[0].text, "1.总量攀升。正文");
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["stray-emphasis"], "the second form never closes");
    }

    #[test]
    fn deep_nesting_is_refused_once_without_recursing() {
        let n = 100_000;
        for body in [
            format!("{}深{}", "*a ".repeat(n), " a*".repeat(n)),
            format!("{}深{}", "*".repeat(n), "*".repeat(n)),
            format!("{}deep{}", "[a".repeat(n), "](x)".repeat(n)),
        ] {
            let (ch, diags) = parse(&format!("---\nid: a\ntitle: T\n---\n\n{body}\n"));
            let ch = ch.unwrap();
            let depth = |b: &Block| -> usize {
                fn d(inlines: &[Inline]) -> usize {
                    inlines
                        .iter()
                        .map(|i| match i {
                            Inline::Strong(c)
                            | Inline::Emph(c)
                            | Inline::Link { children: c, .. } => 1 + d(c),
                            Inline::Tag(_) => 1,
                            _ => 0,
                        })
                        .max()
                        .unwrap_or(0)
                }
                d(&b.inlines)
            };
            assert!(ch.blocks.iter().all(|b| depth(b) <= MAX_INLINE_DEPTH));
            assert!(diags.len() <= 1, "{diags:?}");
        }
        let (_, diags) = parse(&format!(
            "---\nid: a\ntitle: T\n---\n\n{}x\n",
            "- ".repeat(n)
        ));
        assert_eq!(
            diags.len(),
            1,
            "one diagnostic for a nested list, not one per level"
        );
        assert_eq!(diags[0].code, "unsupported-markdown");
    }

    #[test]
    fn soft_breaks_join_cjk_without_spaces() {
        assert_eq!(normalize_text("服务业\n发展"), "服务业发展");
        assert_eq!(normalize_text("service\nindustry"), "service industry");
        assert_eq!(normalize_text("服务业\nservices"), "服务业services");
    }

    #[test]
    fn reports_heading_without_id_and_raw_html() {
        let (_, diags) = parse("---\nid: a\ntitle: T\n---\n## 标题\n\n<script>x</script>\n");
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["heading-without-id", "raw-html"]);
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let (ch, diags) = parse("---\nid: a\ntitle: T\nsubtitle: x\n---\n");
        assert!(ch.is_none());
        assert_eq!(diags[0].code, "unknown-field");
        assert_eq!(diags[0].primary.as_ref().unwrap().span.start, 19);
        let (_, diags) = parse("no front matter\n");
        assert_eq!(diags[0].code, "front-matter-missing");
    }
}
