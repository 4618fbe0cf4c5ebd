//! What a page gives the search index: its blocks (each element with an `id`, so a hit links
//! to the paragraph, heading, table row or box it is in), read from the page as written.
//!
//! Only the `data-search-body` element is read (the main text, not the navigation), less every
//! `data-search-ignore` element in it (the `¶` links, a target page's quoted statements, which
//! the chapter pages index with their anchors). Text outside any block with an `id` belongs to
//! the page's top (anchor `""`).

use lol_html::{doc_text, element, end_tag, HtmlRewriter, Settings};
use std::cell::RefCell;
use std::rc::Rc;

/// The attribute of the element whose text is indexed.
pub const BODY: &str = "data-search-body";

/// The attribute of the elements inside it that are not.
pub const IGNORE: &str = "data-search-ignore";

/// A page's searchable text, block by block, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPage {
    /// The URL path relative to the site root (`zh/objectives/`).
    pub url: String,
    /// The page's `h1` (or its `<title>` when it has none).
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A block with its anchor and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The element's `id` (`""`: the page's top).
    pub anchor: String,
    /// The nearest heading above it (`""` for a heading, or before the first).
    pub heading: String,
    /// Its text, white space collapsed.
    pub text: String,
    /// 3 for the page's title, 2 for a heading, 1 for other text.
    pub weight: u8,
}

/// Elements that stay within a line: their text joins their neighbours' and an `id` on them
/// does not start a block. Any other element separates words.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// What [`State::separate`] leaves in the text until [`collapse`] makes it a space.
const EDGE: char = '\u{1}';

/// One open element.
struct Frame {
    name: String,
    /// The block it opened.
    block: Option<usize>,
    ignored: bool,
    heading: bool,
    raw: bool,
}

#[derive(Default)]
struct State {
    stack: Vec<Frame>,
    blocks: Vec<Block>,
    /// The text of the heading being read, and the last heading read.
    heading_text: String,
    last_heading: String,
    title: String,
}

impl State {
    fn ignoring(&self) -> bool {
        self.stack.iter().any(|f| f.ignored || f.raw)
    }

    /// The block text goes to: the innermost open element with a block, else the page's top.
    fn current(&self) -> usize {
        self.stack.iter().rev().find_map(|f| f.block).unwrap_or(0)
    }

    fn push_text(&mut self, text: &str) {
        if self.ignoring() {
            return;
        }
        let at = self.current();
        self.blocks[at].text.push_str(text);
        if self.stack.iter().any(|f| f.heading) {
            self.heading_text.push_str(text);
        }
    }

    /// Marks the edge of an element that is not inline: a space even between two Chinese
    /// characters (`<dt>发文机关</dt><dd>湘潭市…</dd>`).
    fn separate(&mut self) {
        if !self.ignoring() {
            let at = self.current();
            self.blocks[at].text.push(EDGE);
        }
    }
}

/// The searchable blocks of a page, or `None` when it has no `data-search-body` element.
pub fn extract(url: &str, html: &str) -> Option<SearchPage> {
    let at = html.find(BODY)?;
    let start = html[..at].rfind('<')?;
    let state = Rc::new(RefCell::new(State::default()));
    state.borrow_mut().blocks.push(Block {
        anchor: String::new(),
        heading: String::new(),
        text: String::new(),
        weight: 1,
    });
    let (on_element, on_text) = (state.clone(), state.clone());
    let mut rewriter = HtmlRewriter::new(
        Settings::new()
            .append_element_content_handler(element!("*", move |el| {
                let name = el.tag_name();
                let inline = INLINE.contains(&name.as_str());
                let mut s = on_element.borrow_mut();
                if s.stack.is_empty() && !el.has_attribute(BODY) {
                    // Past the body (a sibling after its end): nothing more to read.
                    return Ok(());
                }
                let ignored = el.has_attribute(IGNORE);
                let heading = matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                let raw = matches!(name.as_str(), "script" | "style" | "template");
                let block = match el.get_attribute("id") {
                    Some(id) if !inline && !s.ignoring() && !ignored => {
                        let heading_above = if heading {
                            String::new()
                        } else {
                            s.last_heading.clone()
                        };
                        s.blocks.push(Block {
                            anchor: decode(&id),
                            heading: heading_above,
                            text: String::new(),
                            weight: if heading { 2 } else { 1 },
                        });
                        Some(s.blocks.len() - 1)
                    }
                    _ if name == "h1" && !s.ignoring() && !ignored => {
                        // The page's title: a block of its own, at the page's top.
                        s.blocks.push(Block {
                            anchor: String::new(),
                            heading: String::new(),
                            text: String::new(),
                            weight: 3,
                        });
                        Some(s.blocks.len() - 1)
                    }
                    _ => None,
                };
                if !inline {
                    s.separate();
                }
                if heading {
                    s.heading_text.clear();
                }
                if !el.can_have_content() {
                    return Ok(());
                }
                s.stack.push(Frame {
                    name: name.clone(),
                    block,
                    ignored,
                    heading,
                    raw,
                });
                drop(s);
                let on_end = on_element.clone();
                let h1 = name == "h1";
                el.on_end_tag(end_tag!(move |end| {
                    let mut s = on_end.borrow_mut();
                    // Elements closed without their end tag (`<li>` before `<li>`) are
                    // closed with the element whose end tag this is.
                    let name = end.name();
                    let Some(at) = s.stack.iter().rposition(|f| f.name == name) else {
                        return Ok(());
                    };
                    let frame = s.stack.drain(at..).next();
                    if let Some(frame) = frame {
                        if frame.heading && !frame.ignored {
                            let text = collapse(&s.heading_text);
                            if h1 && s.title.is_empty() {
                                s.title = text.clone();
                            }
                            s.last_heading = text;
                        }
                    }
                    if !inline {
                        s.separate();
                    }
                    Ok(())
                }))?;
                Ok(())
            }))
            .append_document_content_handler(doc_text!(move |t| {
                let mut s = on_text.borrow_mut();
                if !s.stack.is_empty() {
                    s.push_text(&decode(t.as_str()));
                }
                Ok(())
            })),
        |_: &[u8]| {},
    );
    // lol_html fails only when a handler does, and these never do (an end-tag handler is
    // added only to elements that have an end tag): what was read is kept either way.
    let _ = rewriter
        .write(&html.as_bytes()[start..])
        .and_then(|()| rewriter.end());
    let state = Rc::try_unwrap(state).ok()?.into_inner();
    let title = if state.title.is_empty() {
        page_title(html)
    } else {
        state.title
    };
    let blocks = state
        .blocks
        .into_iter()
        .filter_map(|mut b| {
            b.text = collapse(&b.text);
            (!b.text.is_empty()).then_some(b)
        })
        .collect();
    Some(SearchPage {
        url: url.to_string(),
        title,
        blocks,
    })
}

/// The page's `<title>`, for a body without an `h1`.
fn page_title(html: &str) -> String {
    match (html.find("<title>"), html.find("</title>")) {
        (Some(a), Some(b)) if a < b => collapse(&decode(&html[a + "<title>".len()..b])),
        _ => String::new(),
    }
}

/// Text with its character references decoded.
fn decode(raw: &str) -> String {
    if raw.contains('&') {
        html_escape::decode_html_entities(raw).into_owned()
    } else {
        raw.to_string()
    }
}

/// White space collapsed to single spaces, none at either end, and none between two Chinese
/// characters (a line break in the page source between them is no space in the text).
/// An element's edge is always a space.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut space, mut edge) = (false, false);
    for c in text.chars() {
        if c.is_whitespace() || c == EDGE {
            space = !out.is_empty();
            edge |= c == EDGE;
            continue;
        }
        if space {
            let before = out.chars().next_back();
            let cjk = |c: char| crate::text::is_cjk(c);
            if edge || !(before.is_some_and(cjk) && cjk(c)) {
                out.push(' ');
            }
        }
        (space, edge) = (false, false);
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chapter page as the templates write it.
    const CHAPTER: &str = r##"<!DOCTYPE html>
<html lang="zh-CN"><head><title>二、总体要求 - 规划</title></head>
<body>
<nav class="sidebar"><ol><li><a href="../objectives/" id="nav-1">总体要求</a></li></ol></nav>
<main id="pd-main">
<article class="chapter" data-search-body>
<h1>二、总体要求</h1>
<h2 id="guiding-thought">（一）指导思想<a class="anchor" href="#guiding-thought" data-search-ignore>¶</a></h2>
<p class="block" id="guiding-thought-1">以习近平新时代中国特色社会主义思想为指导，
建成<a class="tag" href="../targets/a.html" title="x">湖南产业融合发展第一阵营</a>&amp;枢纽。<a class="anchor" href="#guiding-thought-1" data-search-ignore>¶</a></p>
<table id="table-1"><tr><td>服务业增加值</td><td>亿元</td></tr></table>
<img src="x.png" alt="">
<p>no id here<br>second line</p>
</article>
<nav class="pager"><a href="../foundation/">一、现实基础</a></nav>
</main>
<footer><p>本规划以中文文本为准。</p></footer>
</body>
</html>
"##;

    #[test]
    fn blocks_with_their_anchors_and_headings() {
        let page = extract("zh/requirements/", CHAPTER).expect("a body");
        assert_eq!(page.title, "二、总体要求");
        let got: Vec<(&str, &str, &str, u8)> = page
            .blocks
            .iter()
            .map(|b| {
                (
                    b.anchor.as_str(),
                    b.heading.as_str(),
                    b.text.as_str(),
                    b.weight,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("", "", "no id here second line", 1),
                ("", "", "二、总体要求", 3),
                ("guiding-thought", "", "（一）指导思想", 2),
                (
                    "guiding-thought-1",
                    "（一）指导思想",
                    "以习近平新时代中国特色社会主义思想为指导，建成湖南产业融合发展第一阵营&枢纽。",
                    1
                ),
                ("table-1", "（一）指导思想", "服务业增加值 亿元", 1),
            ]
        );
    }

    #[test]
    fn elements_closed_without_their_end_tag() {
        let html = "<html><body><main data-search-body><ul><li id=a>one<li id=b>two</ul><p id=c>three</p></main></body></html>";
        let page = extract("en/x/", html).unwrap();
        let got: Vec<(&str, &str)> = page
            .blocks
            .iter()
            .map(|b| (b.anchor.as_str(), b.text.as_str()))
            .collect();
        assert_eq!(got, [("a", "one"), ("b", "two"), ("c", "three")]);
    }

    #[test]
    fn no_body_no_page() {
        assert_eq!(extract("zh/x/", "<html><body><p>x</p></body></html>"), None);
    }

    #[test]
    fn a_page_without_h1_takes_its_title() {
        let html = "<html><head><title>Search &amp; find</title></head><body><div data-search-body><p id=a>text</p></div></body></html>";
        let page = extract("en/x/", html).unwrap();
        assert_eq!(page.title, "Search & find");
        assert_eq!(page.blocks.len(), 1);
        assert_eq!(page.blocks[0].anchor, "a");
    }

    #[test]
    fn collapsing() {
        assert_eq!(collapse("  a \n b  "), "a b");
        assert_eq!(collapse("服务\n业"), "服务业");
        assert_eq!(collapse("服务 GDP"), "服务 GDP");
        assert_eq!(collapse("发文机关\u{1}\u{1}湘潭市"), "发文机关 湘潭市");
    }
}
