//! Chapter files: YAML front matter + CommonMark body, parsed with source offsets into
//! headings, blocks and inline runs with target tags.

use super::yaml;
use crate::diag::Diagnostic;
use crate::model::{
    plain_text, Block, BlockKind, Chapter, Heading, Inline, Lang, Span, Tag, TagKind,
};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag as MdTag, TagEnd};
use serde::Deserialize;

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
}

/// Is `id` usable in URLs and HTML anchors? Lowercase ASCII letters, digits and `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

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
            Diagnostic::error("front-matter-missing", "chapter file has no front matter")
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
    let mut parser = BodyParser {
        file,
        base: body_offset,
        body: &text[body_offset..],
        chapter_id: fm.id.clone(),
        headings: Vec::new(),
        blocks: Vec::new(),
        diags,
    };
    parser.parse(&text[body_offset..]);
    Some(Chapter {
        id: fm.id,
        lang,
        title: fm.title,
        short_title: fm.short_title,
        file,
        title_span: Span::new(file, title_offset, title_offset + 6),
        headings: parser.headings,
        blocks: parser.blocks,
    })
}

pub fn invalid_id(id: &str, span: Span) -> Diagnostic {
    Diagnostic::error("invalid-id", format!("`{id}` is not a valid ID"))
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

struct BodyParser<'d> {
    file: usize,
    base: usize,
    /// The body text, to trim trailing blank lines off block spans.
    body: &'d str,
    chapter_id: String,
    headings: Vec<Heading>,
    blocks: Vec<Block>,
    diags: &'d mut Vec<Diagnostic>,
}

/// What the current top-level container is.
enum Open {
    None,
    Heading {
        level: u8,
        id: Option<String>,
        start: usize,
    },
    Block {
        kind: BlockKind,
        start: usize,
    },
}

impl BodyParser<'_> {
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

    fn parse(&mut self, body: &str) {
        let options = Options::ENABLE_HEADING_ATTRIBUTES;
        let mut open = Open::None;
        let mut stack: Vec<Frame> = Vec::new();
        let mut list_numbers: Vec<Option<u64>> = Vec::new();
        let mut unsupported_depth = 0usize;
        // Emphasis/links opened beyond MAX_INLINE_DEPTH: kept as plain text, reported once.
        let mut too_deep = 0usize;

        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            if unsupported_depth > 0 {
                match event {
                    Event::Start(_) => unsupported_depth += 1,
                    Event::End(_) => unsupported_depth -= 1,
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(MdTag::Heading { level, id, .. }) => {
                    let level = heading_level(level);
                    if level == 1 || level > 3 {
                        let (what, help) = if level == 1 {
                            ("a `#` heading in the chapter body", "the chapter title lives in the front matter (`title:`); use `##` for sections")
                        } else {
                            ("headings deeper than `###`", "use `##` for sections and `###` for sub-sections; write deeper levels as bold lead phrases")
                        };
                        self.diags.push(
                            Diagnostic::error(
                                "unsupported-heading",
                                format!("{what} is not allowed"),
                            )
                            .at(self.span(range.clone()), "this heading")
                            .help(help),
                        );
                    }
                    open = Open::Heading {
                        level: level.clamp(2, 3),
                        id: id.map(|s| s.to_string()),
                        start: range.start,
                    };
                    stack = vec![root(range.start)];
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Open::Heading { level, id, start } =
                        std::mem::replace(&mut open, Open::None)
                    {
                        let inlines = finish(&mut stack);
                        self.push_heading(level, id, inlines, start..range.end);
                    }
                }
                Event::Start(MdTag::List(first)) => list_numbers.push(first),
                Event::End(TagEnd::List(_)) => {
                    list_numbers.pop();
                }
                Event::Start(MdTag::Item) => {
                    // Reported at the first nested level only: `- - - … x` nests 100,000 lists
                    // on one line and must not produce 100,000 diagnostics.
                    if list_numbers.len() == 2 {
                        self.diags.push(
                            Diagnostic::error(
                                "unsupported-markdown",
                                "nested lists are not allowed",
                            )
                            .at(self.span(range.clone()), "nested list item")
                            .help("write the nested items as separate list items or paragraphs"),
                        );
                    }
                    let ordered = list_numbers.last_mut().and_then(|n| {
                        let current = *n;
                        if let Some(v) = n.as_mut() {
                            *v += 1;
                        }
                        current
                    });
                    if let Open::Block { .. } = open {
                        // A nested item inside an item: keep the outer one open.
                    } else {
                        open = Open::Block {
                            kind: BlockKind::ListItem { ordered },
                            start: range.start,
                        };
                        stack = vec![root(range.start)];
                    }
                }
                Event::End(TagEnd::Item) if list_numbers.len() <= 1 => {
                    if let Open::Block { kind, start } = std::mem::replace(&mut open, Open::None) {
                        let inlines = finish(&mut stack);
                        self.push_block(kind, inlines, start..range.end);
                    }
                }
                Event::Start(MdTag::Paragraph) => {
                    if let Open::Block { .. } = open {
                        // Second paragraph of a loose list item: keep it in the same block.
                        if stack.first().is_some_and(|f| !f.children.is_empty()) {
                            stack[0].children.push(Inline::LineBreak);
                        }
                    } else {
                        open = Open::Block {
                            kind: BlockKind::Paragraph,
                            start: range.start,
                        };
                        stack = vec![root(range.start)];
                    }
                }
                Event::End(TagEnd::Paragraph) => {
                    if let Open::Block {
                        kind: BlockKind::Paragraph,
                        start,
                    } = open
                    {
                        open = Open::None;
                        let inlines = finish(&mut stack);
                        self.push_block(BlockKind::Paragraph, inlines, start..range.end);
                    }
                }
                Event::Start(MdTag::Strong | MdTag::Emphasis | MdTag::Link { .. })
                    if too_deep > 0 || stack.len() > MAX_INLINE_DEPTH =>
                {
                    if too_deep == 0 {
                        self.diags.push(
                            Diagnostic::error(
                                "unsupported-markdown",
                                format!("emphasis, links and tags nested more than {MAX_INLINE_DEPTH} levels deep are not allowed"),
                            )
                            .at(self.span(range.clone()), "nested too deep from here")
                            .help("plan text needs a few levels at most (a tag inside bold text); remove the extra `*`, `_` or `[`"),
                        );
                    }
                    too_deep += 1;
                }
                Event::End(TagEnd::Strong | TagEnd::Emphasis | TagEnd::Link) if too_deep > 0 => {
                    too_deep -= 1;
                }
                Event::Start(MdTag::Strong) => stack.push(Frame {
                    kind: FrameKind::Strong,
                    children: vec![],
                    start: range.start,
                }),
                Event::Start(MdTag::Emphasis) => stack.push(Frame {
                    kind: FrameKind::Emph,
                    children: vec![],
                    start: range.start,
                }),
                Event::Start(MdTag::Link { dest_url, .. }) => {
                    let kind = match dest_url.split_once(':') {
                        Some((scheme, id)) => match TagKind::from_scheme(scheme) {
                            Some(kind) => FrameKind::Tag(kind, id.to_string()),
                            None => FrameKind::Link(dest_url.to_string()),
                        },
                        None => FrameKind::Link(dest_url.to_string()),
                    };
                    stack.push(Frame {
                        kind,
                        children: vec![],
                        start: range.start,
                    });
                }
                Event::End(TagEnd::Strong | TagEnd::Emphasis | TagEnd::Link) if stack.len() > 1 => {
                    let frame = stack.pop().expect("checked above");
                    let inline = self.close_frame(frame, range.end);
                    push_inline(&mut stack, inline);
                }
                Event::Text(text) => push_text(&mut stack, &text),
                Event::Code(code) => push_inline(&mut stack, Inline::Code(code.to_string())),
                Event::SoftBreak => push_text(&mut stack, "\n"),
                Event::HardBreak => push_inline(&mut stack, Inline::LineBreak),
                Event::Html(_) | Event::InlineHtml(_) => {
                    self.diags.push(
                        Diagnostic::error("raw-html", "raw HTML is not allowed in plan text")
                            .at(self.span(range.clone()), "HTML here")
                            .help("write the text in Markdown; to show a `<` literally, escape it as `\\<`"),
                    );
                    if matches!(event, Event::Html(_)) {
                        continue;
                    }
                }
                Event::Start(other) => {
                    let what = match other {
                        MdTag::CodeBlock(_) => "code blocks",
                        MdTag::BlockQuote(_) => "block quotes",
                        MdTag::Image { .. } => "images",
                        MdTag::Table(_) => "tables",
                        MdTag::HtmlBlock => {
                            continue;
                        }
                        _ => "this Markdown construct",
                    };
                    self.diags.push(
                        Diagnostic::error("unsupported-markdown", format!("{what} are not allowed in plan text"))
                            .at(self.span(range.clone()), "here")
                            .help("plans are made of headings, paragraphs and list items; remove the construct or rewrite it as a paragraph"),
                    );
                    unsupported_depth = 1;
                }
                Event::Rule => self.diags.push(
                    Diagnostic::error(
                        "unsupported-markdown",
                        "horizontal rules are not allowed in plan text",
                    )
                    .at(self.span(range.clone()), "here")
                    .help("remove the rule; chapters and sections separate the text"),
                ),
                _ => {}
            }
        }
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
                        Diagnostic::error("empty-tag", format!("the `{}:{target}` tag has no text", kind.scheme()))
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
                Diagnostic::error("heading-without-id", format!("heading `{}` has no ID", text.trim()))
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

    fn push_block(&mut self, kind: BlockKind, inlines: Vec<Inline>, range: std::ops::Range<usize>) {
        let span = self.span(range);
        let text = normalize_text(&plain_text(&inlines));
        let heading = self.headings.len().checked_sub(1);
        let section = match heading {
            Some(i) => self.headings[i]
                .id
                .clone()
                .unwrap_or_else(|| format!("heading-{}", i + 1)),
            None => self.chapter_id.clone(),
        };
        let index = self.blocks.iter().filter(|b| b.heading == heading).count() + 1;
        if text.contains("**") {
            self.diags.push(
                Diagnostic::warning("stray-emphasis", "`**` shows literally: the bold is never closed")
                    .at(span, "this block")
                    .help("CommonMark cannot close `**` after punctuation followed by a character: write `**1.服务总量稳步攀升**。正文`, with the full stop outside the bold"),
            );
        }
        if text.trim().is_empty() {
            self.diags.push(
                Diagnostic::error("empty-block", "empty block")
                    .at(span, "this block has no text")
                    .help("remove the empty list item or paragraph, or write its text"),
            );
        }
        self.blocks.push(Block {
            key: format!("{section}.{index}"),
            heading,
            index,
            kind,
            inlines,
            text,
            span,
        });
    }
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

/// Han characters and CJK/full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x2E80..=0x2FDF | 0x20000..=0x2FA1F)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

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
