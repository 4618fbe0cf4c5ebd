//! Chapter pages (one language) and the parallel zh | en reading view. Both walk the chapter's
//! content tree ([`Chapter::body`]): headings, paragraphs, lists, definition lists, tables and
//! boxes, then the footnotes. An English chapter still being translated shows, in place of
//! each section it lacks, the Chinese heading and a note linking to the Chinese text; a
//! chapter with no English text at all gets an English page that says so.

use super::inline::{Inlines, Notes};
use super::site::{Head, Listed, Page, Site};
use super::urls;
use crate::model::align::{align, Alignment};
use crate::model::{
    Align, Block, BlockKind, Chapter, ChapterPair, Heading, Lang, Node, PlanBox, Table,
};
use crate::present::labels::label;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

/// The ID of a heading as used in anchors (the loader's fallback for a heading without one).
pub fn heading_id(h: &Heading, index: usize) -> String {
    h.id.clone()
        .unwrap_or_else(|| format!("heading-{}", index + 1))
}

/// The sidebar lists headings down to this level, so that it stays short.
const TOC_DEPTH: u8 = 3;

/// A table's column alignment as a class name.
fn align_class(a: Option<&Align>) -> &'static str {
    match a {
        Some(Align::Left) => "align-left",
        Some(Align::Center) => "align-center",
        Some(Align::Right) => "align-right",
        Some(Align::None) | None => "",
    }
}

/// Column headers that only number the rows (序号): such a column is no row header.
fn numbers_rows(text: &str) -> bool {
    matches!(
        text.trim().trim_end_matches('.').to_lowercase().as_str(),
        "序号" | "编号" | "no" | "#" | "number" | "s/n"
    )
}

/// Renders (part of) a content tree into the items the templates lay out: `heading`, `p`,
/// `list`, `terms`, `table`, `box`, and (English in progress) `missing`.
struct Items<'r> {
    ch: &'r Chapter,
    render: &'r Inlines<'r>,
    /// Give every block its anchor `id` (chapter pages); the parallel page anchors its rows.
    ids: bool,
}

/// Consecutive list items or terms and definitions, gathered into one list.
enum Group {
    List {
        ordered: bool,
        start: u64,
        items: Vec<Value>,
    },
    Terms(Vec<Value>),
}

impl Group {
    fn into_value(self) -> Value {
        match self {
            Group::List {
                ordered,
                start,
                items,
            } => object!({"kind": "list", "ordered": ordered, "start": start, "items": items}),
            Group::Terms(items) => object!({"kind": "terms", "items": items}),
        }
    }
}

impl Items<'_> {
    fn anchor(&self, anchor: String) -> Value {
        if self.ids {
            Value::String(anchor)
        } else {
            Value::Null
        }
    }

    fn block(&self, b: &Block) -> Value {
        object!({"anchor": self.anchor(b.anchor()), "html": self.render.render(&b.inlines)})
    }

    fn block_at(&self, i: usize) -> Value {
        self.ch.blocks.get(i).map_or(Value::Null, |b| self.block(b))
    }

    fn text_at(&self, i: Option<usize>) -> Option<&str> {
        i.and_then(|i| self.ch.blocks.get(i))
            .map(|b| b.text.trim())
            .filter(|t| !t.is_empty())
    }

    fn heading(&self, i: usize) -> Value {
        let h = &self.ch.headings[i];
        object!({
            "kind": "heading",
            "level": h.level.clamp(2, 6),
            "id": heading_id(h, i),
            "html": self.render.render(&h.inlines),
        })
    }

    fn nodes(&self, nodes: &[Node]) -> Vec<Value> {
        let mut out = Vec::new();
        let mut group: Option<Group> = None;
        for node in nodes {
            let Node::Block(i) = node else {
                out.extend(group.take().map(Group::into_value));
                out.push(match node {
                    Node::Heading(i) => self.heading(*i),
                    Node::Table(t) => self.table(t),
                    Node::Box(b) => self.plan_box(b),
                    Node::Block(_) => unreachable!("blocks are handled below"),
                });
                continue;
            };
            let Some(b) = self.ch.blocks.get(*i) else {
                continue;
            };
            match b.kind {
                BlockKind::ListItem { ordered } => {
                    let same = matches!(&group, Some(Group::List { ordered: o, .. }) if *o == ordered.is_some());
                    if !same {
                        out.extend(group.take().map(Group::into_value));
                        group = Some(Group::List {
                            ordered: ordered.is_some(),
                            start: ordered.unwrap_or(1),
                            items: Vec::new(),
                        });
                    }
                    if let Some(Group::List { items, .. }) = &mut group {
                        items.push(self.block(b));
                    }
                }
                BlockKind::Term | BlockKind::Definition => {
                    if !matches!(group, Some(Group::Terms(_))) {
                        out.extend(group.take().map(Group::into_value));
                        group = Some(Group::Terms(Vec::new()));
                    }
                    if let Some(Group::Terms(items)) = &mut group {
                        let mut item = self.block(b);
                        item["term"] = json!(b.kind == BlockKind::Term);
                        items.push(item);
                    }
                }
                _ => {
                    out.extend(group.take().map(Group::into_value));
                    let mut item = self.block(b);
                    item["kind"] = json!("p");
                    out.push(item);
                }
            }
        }
        out.extend(group.take().map(Group::into_value));
        out
    }

    fn table(&self, t: &Table) -> Value {
        let row_header = t.header.len() > 1
            && !numbers_rows(self.text_at(t.header.first().copied()).unwrap_or(""));
        let cell = |col: usize, i: usize, th: bool| {
            let mut c = self.block_at(i);
            if c.is_null() {
                c = object!({"anchor": Value::Null, "html": ""});
            }
            c["align"] = json!(align_class(t.align.get(col)));
            c["th"] = json!(th);
            c
        };
        let head: Vec<Value> = t
            .header
            .iter()
            .enumerate()
            .map(|(col, i)| cell(col, *i, true))
            .collect();
        let rows: Vec<Vec<Value>> = t
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .map(|(col, i)| cell(col, *i, col == 0 && row_header))
                    .collect()
            })
            .collect();
        let label = self
            .text_at(t.caption)
            .map(str::to_string)
            .unwrap_or_else(|| label(self.render.lang, "table").to_string());
        object!({
            "kind": "table",
            "anchor": self.anchor(t.anchor()),
            "link": t.anchor(),
            "label": label,
            "caption": t.caption.map(|i| self.block_at(i)),
            "head": head,
            "rows": rows,
            "notes": t.notes.iter().map(|i| self.block_at(*i)).collect::<Vec<_>>(),
        })
    }

    fn plan_box(&self, b: &PlanBox) -> Value {
        let label = self
            .text_at(b.title)
            .map(str::to_string)
            .unwrap_or_else(|| label(self.render.lang, "box").to_string());
        object!({
            "kind": "box",
            "anchor": self.anchor(b.anchor()),
            "label_id": self.ids.then(|| format!("{}-label", b.anchor())),
            "label": label,
            "title": b.title.map(|i| self.block_at(i)),
            "items": self.nodes(&b.body),
        })
    }
}

/// A chapter's body split into sections: the opening text, then one per heading (the heading
/// is the section's first node).
fn sections(body: &[Node]) -> Vec<(Option<usize>, &[Node])> {
    let mut out: Vec<(Option<usize>, &[Node])> = Vec::new();
    let (mut start, mut heading) = (0, None);
    for (i, node) in body.iter().enumerate() {
        if let Node::Heading(h) = node {
            out.push((heading, &body[start..i]));
            (start, heading) = (i, Some(*h));
        }
    }
    out.push((heading, &body[start..]));
    out
}

/// One heading of the page's outline (for the sidebar).
struct Outline {
    id: String,
    text: String,
    level: u8,
    lang: Option<&'static str>,
}

fn outline_of(ch: &Chapter) -> Vec<Outline> {
    ch.headings
        .iter()
        .enumerate()
        .map(|(i, h)| Outline {
            id: heading_id(h, i),
            text: h.text.clone(),
            level: h.level,
            lang: None,
        })
        .collect()
}

/// The body of an English chapter with sections still to translate: each zh section in
/// order, the English one where it exists, otherwise the Chinese heading and a note linking
/// to the Chinese section. Returns the items and the page's outline.
fn body_in_progress(
    site: &Site,
    zh: &Chapter,
    en: &Chapter,
    missing: &[usize],
    items: &Items,
    page: &str,
) -> (Vec<Value>, Vec<Outline>) {
    let zh_render = Inlines {
        plan: site.plan,
        page,
        lang: Lang::Zh,
        notes: None,
    };
    let zh_items = Items {
        ch: zh,
        render: &zh_render,
        ids: true,
    };
    let en_sections: HashMap<String, &[Node]> = sections(&en.body)
        .into_iter()
        .filter_map(|(h, nodes)| Some((heading_id(en.headings.get(h?)?, h?), nodes)))
        .collect();
    let zh_href = urls::rel(page, &urls::chapter(Lang::Zh, &zh.id));
    let mut out = Vec::new();
    let mut outline = Vec::new();
    for (heading, nodes) in sections(&en.body)
        .into_iter()
        .take(1)
        .chain(sections(&zh.body).into_iter().filter(|(h, _)| h.is_some()))
    {
        let Some(h) = heading else {
            // The opening text: always present in the English text.
            out.extend(items.nodes(nodes));
            continue;
        };
        let zh_heading = &zh.headings[h];
        let id = heading_id(zh_heading, h);
        if !missing.contains(&h) {
            if let Some(en_nodes) = en_sections.get(&id) {
                out.extend(items.nodes(en_nodes));
                if let Some((i, eh)) = en
                    .headings
                    .iter()
                    .enumerate()
                    .find(|(i, eh)| heading_id(eh, *i) == id)
                {
                    outline.push(Outline {
                        id: heading_id(eh, i),
                        text: eh.text.clone(),
                        level: eh.level,
                        lang: None,
                    });
                }
                continue;
            }
        }
        let mut heading = zh_items.heading(h);
        heading["lang"] = json!(Lang::Zh.bcp47());
        out.push(heading);
        out.push(object!({
            "kind": "missing",
            "href": format!("{zh_href}#{id}"),
        }));
        outline.push(Outline {
            id,
            text: zh_heading.text.clone(),
            level: zh_heading.level,
            lang: Some(Lang::Zh.bcp47()),
        });
    }
    (out, outline)
}

/// The footnotes of a chapter page, numbered in order of definition.
fn footnotes(ch: &Chapter, render: &Inlines, notes: &Notes) -> Vec<Value> {
    ch.footnotes
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let b = ch.blocks.get(f.block)?;
            let html = render.render(&b.inlines);
            Some(object!({
                "number": i + 1,
                "anchor": b.anchor(),
                "html": html,
                "back": notes.referenced(i + 1),
            }))
        })
        .collect()
}

/// Plans up to this many chapters list every chapter in the sidebar of every chapter page.
const TOC_FULL_MAX: usize = 30;
/// Larger plans list this many chapters on each side of the current one and link to the
/// contents on the home page: a sidebar of hundreds of chapters helps no reader, and repeating
/// it on every page would make the site grow with the square of the plan.
const TOC_WINDOW: usize = 7;

/// The sidebar: the chapters (all of them, or those around the current one in a large plan)
/// grouped by part, the current one with its sections down to level 3.
fn toc(
    site: &Site,
    lang: Lang,
    chapters: &[Listed],
    pos: usize,
    page: &str,
    outline: &[Outline],
) -> Value {
    let range = if chapters.len() <= TOC_FULL_MAX {
        0..chapters.len()
    } else {
        pos.saturating_sub(TOC_WINDOW)..(pos + TOC_WINDOW + 1).min(chapters.len())
    };
    let windowed = range.len() < chapters.len();
    let groups: Vec<Value> = site
        .groups(lang, &chapters[range.clone()], range.start)
        .into_iter()
        .map(|g| {
            let sections_of = |p: usize| -> Vec<Value> {
                if p != pos {
                    return Vec::new();
                }
                outline
                    .iter()
                    .filter(|h| h.level <= TOC_DEPTH)
                    .map(|h| object!({"href": format!("#{}", h.id), "text": h.text.as_str(), "level": h.level, "lang": h.lang}))
                    .collect()
            };
            let (opening, listed) = g.split();
            let items: Vec<Value> = listed
                .iter()
                .map(|(p, c)| {
                    object!({
                        "href": urls::rel(page, &urls::chapter(lang, c.id())),
                        "title": c.shown.title.as_str(),
                        "title_lang": c.title_lang(lang),
                        "pending": c.own.is_none(),
                        "current": *p == pos,
                        "sections": sections_of(*p),
                    })
                })
                .collect();
            // The part's title links to the chapter of its opening text.
            let (href, current, sections) = match opening {
                Some((p, c)) => (
                    Some(urls::rel(page, &urls::chapter(lang, c.id()))),
                    *p == pos,
                    sections_of(*p),
                ),
                None => (None, false, Vec::new()),
            };
            let start = listed.first().map_or(1, |(p, _)| p + 1);
            let (title, title_lang) = g.title.map_or((None, None), |(t, l)| (Some(t), l));
            object!({
                "title": title,
                "title_lang": title_lang,
                "href": href,
                "current": current,
                "sections": sections,
                "start": start,
                "items": items,
            })
        })
        .collect();
    // The chapters the contents list: a part's opening text is listed as its part.
    let all = windowed.then(|| {
        object!({
            "href": format!("{}#pd-chapters", urls::rel(page, &urls::home(lang))),
            "count": chapters.iter().filter(|c| !site.plan.opens_part(c.shown)).count(),
        })
    });
    object!({"groups": groups, "all": all})
}

/// The chapter's page in each language of the plan: the Chinese one when there is a Chinese
/// text, the English one always (it says when the translation is still to come).
fn versions(site: &Site, pair: &ChapterPair) -> Vec<(Lang, String)> {
    site.plan
        .langs()
        .iter()
        .filter(|l| **l == Lang::En || pair.zh.is_some())
        .map(|l| (*l, urls::chapter(*l, pair.id())))
        .collect()
}

/// The chapter page of `pair` in `lang`, if the site has one.
pub fn chapter_page(site: &Site, pair: &ChapterPair, lang: Lang) -> Option<Page> {
    let chapters = site.chapters(lang);
    let pos = site.position(lang, pair.id())?;
    let listed = chapters[pos];
    let ch = listed.shown;
    let url = urls::chapter(lang, &ch.id);
    let own_text = listed.own;
    let notes = own_text.map(Notes::chapter_page);
    let render = Inlines {
        plan: site.plan,
        page: &url,
        lang,
        notes: notes.as_ref(),
    };
    let (body, outline, footnotes) = match own_text {
        Some(own) => {
            let items = Items {
                ch: own,
                render: &render,
                ids: true,
            };
            let missing = match (lang, pair.zh.as_ref()) {
                (Lang::En, Some(zh)) => match align(zh, own) {
                    Alignment::Aligned { missing } if !missing.is_empty() => Some((zh, missing)),
                    _ => None,
                },
                _ => None,
            };
            let (body, outline) = match missing {
                Some((zh, missing)) => body_in_progress(site, zh, own, &missing, &items, &url),
                None => (items.nodes(&own.body), outline_of(own)),
            };
            let footnotes = notes
                .as_ref()
                .map(|n| footnotes(own, &render, n))
                .unwrap_or_default();
            (body, outline, footnotes)
        }
        // English in progress: the chapter has no English text yet.
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    let toc = toc(site, lang, chapters, pos, &url, &outline);
    let neighbour = |c: Option<&Listed>| {
        c.map(|c| {
            object!({
                "href": urls::rel(&url, &urls::chapter(lang, c.id())),
                "title": c.shown.title.as_str(),
                "title_lang": c.title_lang(lang),
            })
        })
    };
    let prev = pos.checked_sub(1).and_then(|p| chapters.get(p));
    let next = chapters.get(pos + 1);
    let other = if own_text.is_some() {
        pair.get(lang.other())
    } else {
        None
    };
    let (part_line, part_lang) = site
        .part_line(ch, lang)
        .map_or((None, None), |(t, l)| (Some(t), l));
    let untranslated = own_text
        .is_none()
        .then(|| object!({"zh_href": urls::rel(&url, &urls::chapter(Lang::Zh, &ch.id))}));
    let own = object!({
        "chapter_id": ch.id.as_str(),
        "chapter_title": ch.title.as_str(),
        "chapter_title_lang": listed.title_lang(lang),
        "part_line": part_line,
        "part_lang": part_lang,
        "other_title": other.map(|o| o.title.clone()),
        "other_lang": lang.other().bcp47(),
        "body": body,
        "footnotes": footnotes,
        "untranslated": untranslated,
        "toc": toc,
        "prev": neighbour(prev),
        "next": neighbour(next),
        "parallel_href": site.plan.has_english().then(|| urls::rel(&url, &urls::parallel(&ch.id))),
    });
    let head = Head {
        url: url.clone(),
        lang: Some(lang),
        title: ch.nav_title().to_string(),
        versions: versions(site, pair),
        nav: "",
        crumbs: vec![(ch.title.clone(), None)],
        kind: "chapter",
    };
    let mut page = site.page(head, "chapter.html", own);
    if own_text.is_none() {
        page.searchable = false;
    }
    Some(page)
}

/// The look-ups of one language's text on the parallel page: by heading ID and by key.
struct Side<'c> {
    ch: Option<&'c Chapter>,
    headings: HashMap<String, &'c Heading>,
    blocks: HashMap<&'c str, &'c Block>,
    tables: HashMap<&'c str, &'c Table>,
    boxes: HashMap<&'c str, &'c PlanBox>,
}

impl<'c> Side<'c> {
    fn new(ch: Option<&'c Chapter>) -> Self {
        let mut side = Side {
            ch,
            headings: HashMap::new(),
            blocks: HashMap::new(),
            tables: HashMap::new(),
            boxes: HashMap::new(),
        };
        if let Some(ch) = ch {
            for (i, h) in ch.headings.iter().enumerate() {
                side.headings.entry(heading_id(h, i)).or_insert(h);
            }
            for b in &ch.blocks {
                side.blocks.entry(b.key.as_str()).or_insert(b);
            }
            crate::model::walk(&ch.body, &mut |n| match n {
                Node::Table(t) => {
                    side.tables.entry(t.key.as_str()).or_insert(t);
                }
                Node::Box(b) => {
                    side.boxes.entry(b.key.as_str()).or_insert(b);
                }
                _ => {}
            });
        }
        side
    }
}

/// Builds the rows of the parallel page: one per heading, block, table and box, zh | en.
struct Parallel<'p> {
    sides: [(Side<'p>, Inlines<'p>); 2],
    seen: HashSet<String>,
}

impl Parallel<'_> {
    /// One language's cell of a row; `pending` marks a heading the English text lacks (when
    /// the chapter has no English text at all, the page says so once, at the top).
    fn cell(&self, lang: usize, html: Option<String>, pending: bool) -> Value {
        let (side, r) = &self.sides[lang];
        let pending = pending && lang == 1 && html.is_none() && side.ch.is_some();
        object!({"html": html, "html_lang": r.lang.bcp47(), "pending": pending})
    }

    /// The zh and the en cell of a row, each side's HTML made by `html`.
    fn cells<'s>(
        &'s self,
        pending: bool,
        html: impl Fn(&'s Side<'_>, &'s Inlines<'_>) -> Option<String>,
    ) -> Vec<Value> {
        (0..2)
            .map(|s| {
                let (side, r) = &self.sides[s];
                self.cell(s, html(side, r), pending)
            })
            .collect()
    }

    /// The two cells of a block row (a paragraph, a list item, a footnote).
    fn block_cells(&self, key: &str) -> Vec<Value> {
        self.cells(false, |side, r| {
            side.blocks.get(key).map(|b| r.render(&b.inlines))
        })
    }

    fn rows(&mut self, nodes: &[Node], ch: &Chapter, out: &mut Vec<Value>) {
        for node in nodes {
            match node {
                Node::Heading(i) => {
                    let hid = heading_id(&ch.headings[*i], *i);
                    if !self.seen.insert(hid.clone()) {
                        continue;
                    }
                    let cells = self.cells(true, |side, r| {
                        side.headings.get(&hid).map(|h| r.render(&h.inlines))
                    });
                    out.push(object!({
                        "kind": "heading",
                        "level": ch.headings[*i].level.clamp(2, 6),
                        "id": hid,
                        "cells": cells,
                    }));
                }
                Node::Block(i) => {
                    let Some(b) = ch.blocks.get(*i) else { continue };
                    if !self.seen.insert(b.key.clone()) {
                        continue;
                    }
                    let marker = match b.kind {
                        BlockKind::ListItem { ordered: Some(_) } => Some("ordered"),
                        BlockKind::ListItem { ordered: None } => Some("bullet"),
                        BlockKind::Term => Some("term"),
                        BlockKind::Definition => Some("definition"),
                        _ => None,
                    };
                    let cells = self.block_cells(&b.key);
                    out.push(object!({
                        "kind": "block",
                        "id": b.anchor(),
                        "marker": marker,
                        "cells": cells,
                    }));
                }
                Node::Table(t) => {
                    if !self.seen.insert(t.key.clone()) {
                        continue;
                    }
                    let cells: Vec<Value> = (0..2)
                        .map(|s| {
                            let (side, r) = &self.sides[s];
                            let table =
                                side.ch.zip(side.tables.get(t.key.as_str())).map(|(c, t)| {
                                    Items {
                                        ch: c,
                                        render: r,
                                        ids: false,
                                    }
                                    .table(t)
                                });
                            object!({"table": table, "html_lang": r.lang.bcp47()})
                        })
                        .collect();
                    out.push(object!({"kind": "table", "id": t.anchor(), "cells": cells}));
                }
                Node::Box(b) => {
                    if !self.seen.insert(b.key.clone()) {
                        continue;
                    }
                    let cells = self.cells(false, |side, r| {
                        side.boxes
                            .get(b.key.as_str())
                            .and_then(|x| x.title)
                            .and_then(|i| side.ch?.blocks.get(i))
                            .map(|t| r.render(&t.inlines))
                    });
                    let mut rows = Vec::new();
                    self.rows(&b.body, ch, &mut rows);
                    out.push(
                        object!({"kind": "box", "id": b.anchor(), "cells": cells, "rows": rows}),
                    );
                }
            }
        }
    }

    fn footnote_rows(&mut self, ch: &Chapter, out: &mut Vec<Value>) {
        for (n, f) in ch.footnotes.iter().enumerate() {
            let Some(b) = ch.blocks.get(f.block) else {
                continue;
            };
            if !self.seen.insert(b.key.clone()) {
                continue;
            }
            let cells = self.block_cells(&b.key);
            out.push(
                object!({"kind": "footnote", "id": b.anchor(), "number": n + 1, "cells": cells}),
            );
        }
    }
}

/// The parallel page of a chapter: each heading, block, table and box as a row, zh on the
/// left. Only plans published in English have one.
pub fn parallel_page(site: &Site, pair: &ChapterPair) -> Option<Page> {
    if !site.plan.has_english() {
        return None;
    }
    let id = pair.id().to_string();
    let url = urls::parallel(&id);
    let zh = pair.get(Lang::Zh);
    let en = pair.get(Lang::En);
    let lead = zh.or(en)?;
    let (notes_zh, notes_en) = (zh.map(Notes::parallel_page), en.map(Notes::parallel_page));
    let rz = Inlines {
        plan: site.plan,
        page: &url,
        lang: Lang::Zh,
        notes: notes_zh.as_ref(),
    };
    let re = Inlines {
        lang: Lang::En,
        notes: notes_en.as_ref(),
        ..rz
    };
    let mut par = Parallel {
        sides: [(Side::new(zh), rz), (Side::new(en), re)],
        seen: HashSet::new(),
    };
    let mut rows = Vec::new();
    // Look-ups by ID and key, not by scanning: a chapter of 20,000 blocks must stay linear.
    par.rows(&lead.body, lead, &mut rows);
    if let (Some(_), Some(en)) = (zh, en) {
        par.rows(&en.body, en, &mut rows);
    }
    par.footnote_rows(lead, &mut rows);
    if let (Some(_), Some(en)) = (zh, en) {
        par.footnote_rows(en, &mut rows);
    }
    let own = object!({
        "chapter_id": id.as_str(),
        "titles": vec![
            object!({"html": zh.map(|c| super::escape::html(&c.title)), "html_lang": Lang::Zh.bcp47()}),
            object!({"html": en.map(|c| super::escape::html(&c.title)), "html_lang": Lang::En.bcp47()}),
        ],
        "rows": rows,
        "pending": en.is_none(),
        "zh_href": zh.map(|c| urls::rel(&url, &urls::chapter(Lang::Zh, &c.id))),
        "en_href": Some(urls::rel(&url, &urls::chapter(Lang::En, &id))),
        "index_href": urls::rel(&url, &urls::parallel_index()),
    });
    let head = Head {
        url: url.clone(),
        lang: None,
        title: lead.nav_title().to_string(),
        versions: versions(site, pair),
        nav: "parallel",
        crumbs: vec![
            (
                label(Lang::Zh, "parallel").to_string(),
                Some(urls::parallel_index()),
            ),
            (lead.title.clone(), None),
        ],
        kind: "parallel",
    };
    Some(site.page(head, "parallel.html", own))
}

/// The list of chapters for the parallel view (only plans published in English have one).
pub fn parallel_index(site: &Site) -> Option<Page> {
    if !site.plan.has_english() {
        return None;
    }
    let url = urls::parallel_index();
    let chapters: Vec<Value> = site
        .chapters(Lang::En)
        .iter()
        .map(|c| {
            object!({
                "href": urls::rel(&url, &urls::parallel(c.id())),
                "zh": c.pair.get(Lang::Zh).map(|c| c.title.clone()),
                "en": c.own.map(|c| c.title.clone()),
                "pending": c.own.is_none(),
            })
        })
        .collect();
    let head = Head {
        url: url.clone(),
        lang: None,
        title: label(Lang::Zh, "parallel").to_string(),
        versions: vec![
            (Lang::Zh, urls::home(Lang::Zh)),
            (Lang::En, urls::home(Lang::En)),
        ],
        nav: "parallel",
        crumbs: vec![(label(Lang::Zh, "parallel").to_string(), None)],
        kind: "parallel-index",
    };
    Some(site.page(
        head,
        "parallel_index.html",
        object!({"chapters": chapters, "title_en": site.title(Lang::En), "title_zh": site.title(Lang::Zh)}),
    ))
}
