//! Chapter pages (one language) and the parallel zh | en reading view.

use super::inline::Inlines;
use super::labels::label;
use super::site::{Head, Page, Site};
use super::urls;
use crate::model::{Block, BlockKind, Chapter, ChapterPair, Heading, Lang};
use serde_json::{json, Value};
use std::collections::HashMap;

/// The ID of a heading as used in anchors (the loader's fallback for a heading without one).
pub fn heading_id(h: &Heading, index: usize) -> String {
    h.id.clone()
        .unwrap_or_else(|| format!("heading-{}", index + 1))
}

/// A chapter's content in document order: headings and blocks.
enum Item<'c> {
    Heading(usize, &'c Heading),
    Block(&'c Block),
}

fn items(ch: &Chapter) -> Vec<Item<'_>> {
    let mut out = Vec::new();
    let mut next = 0;
    for block in &ch.blocks {
        if let Some(h) = block.heading {
            while next <= h && next < ch.headings.len() {
                out.push(Item::Heading(next, &ch.headings[next]));
                next += 1;
            }
        }
        out.push(Item::Block(block));
    }
    while next < ch.headings.len() {
        out.push(Item::Heading(next, &ch.headings[next]));
        next += 1;
    }
    out
}

fn is_ordered(kind: BlockKind) -> Option<bool> {
    match kind {
        BlockKind::ListItem { ordered } => Some(ordered.is_some()),
        _ => None,
    }
}

/// The body of a chapter page: headings, paragraphs and lists (consecutive list items).
fn body(ch: &Chapter, render: &Inlines) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let mut list: Option<(bool, Vec<Value>, u64)> = None;
    let flush = |list: &mut Option<(bool, Vec<Value>, u64)>, out: &mut Vec<Value>| {
        if let Some((ordered, items, start)) = list.take() {
            out.push(json!({"kind": "list", "ordered": ordered, "start": start, "items": items}));
        }
    };
    for item in items(ch) {
        match item {
            Item::Heading(i, h) => {
                flush(&mut list, &mut out);
                out.push(json!({
                    "kind": "heading",
                    "level": h.level.clamp(2, 3),
                    "id": heading_id(h, i),
                    "html": render.render(&h.inlines),
                }));
            }
            Item::Block(b) => {
                let entry = json!({"anchor": b.anchor(), "html": render.render(&b.inlines)});
                match is_ordered(b.kind) {
                    None => {
                        flush(&mut list, &mut out);
                        out.push(
                            json!({"kind": "p", "anchor": entry["anchor"], "html": entry["html"]}),
                        );
                    }
                    Some(ordered) => {
                        if list.as_ref().is_some_and(|(o, _, _)| *o != ordered) {
                            flush(&mut list, &mut out);
                        }
                        let start = match b.kind {
                            BlockKind::ListItem { ordered: Some(n) } => n,
                            _ => 1,
                        };
                        list.get_or_insert_with(|| (ordered, Vec::new(), start))
                            .1
                            .push(entry);
                    }
                }
            }
        }
    }
    flush(&mut list, &mut out);
    out
}

/// Plans up to this many chapters list every chapter in the sidebar of every chapter page.
const TOC_FULL_MAX: usize = 30;
/// Larger plans list this many chapters on each side of the current one and link to the
/// contents on the home page: a sidebar of hundreds of chapters helps no reader, and repeating
/// it on every page would make the site grow with the square of the plan.
const TOC_WINDOW: usize = 7;

/// The sidebar: the chapters (all of them, or those around the current one in a large plan),
/// the current one with its sections.
fn toc(lang: Lang, chapters: &[&Chapter], pos: usize, page: &str) -> Value {
    let range = if chapters.len() <= TOC_FULL_MAX {
        0..chapters.len()
    } else {
        pos.saturating_sub(TOC_WINDOW)..(pos + TOC_WINDOW + 1).min(chapters.len())
    };
    let windowed = range.len() < chapters.len();
    let start = range.start;
    let items: Vec<Value> = chapters[range]
        .iter()
        .enumerate()
        .map(|(i, ch)| {
            let is_current = start + i == pos;
            let sections: Vec<Value> = if is_current {
                ch.headings
                    .iter()
                    .enumerate()
                    .map(|(i, h)| {
                        json!({"href": format!("#{}", heading_id(h, i)), "text": h.text, "level": h.level})
                    })
                    .collect()
            } else {
                Vec::new()
            };
            json!({
                "href": urls::rel(page, &urls::chapter(lang, &ch.id)),
                "title": ch.title,
                "current": is_current,
                "sections": sections,
            })
        })
        .collect();
    let all = windowed.then(|| {
        json!({
            "href": format!("{}#pd-chapters", urls::rel(page, &urls::home(lang))),
            "count": chapters.len(),
        })
    });
    json!({"items": items, "start": start + 1, "all": all})
}

fn versions(pair: &ChapterPair) -> Vec<(Lang, String)> {
    Lang::ALL
        .into_iter()
        .filter(|l| pair.get(*l).is_some())
        .map(|l| (l, urls::chapter(l, pair.id())))
        .collect()
}

/// A chapter's headings by anchor ID (the first one of each ID).
fn headings_by_id(ch: Option<&Chapter>) -> HashMap<String, &Heading> {
    let mut map = HashMap::new();
    for (i, h) in ch.iter().flat_map(|c| c.headings.iter().enumerate()) {
        map.entry(heading_id(h, i)).or_insert(h);
    }
    map
}

/// A chapter's blocks by key (the first one of each key).
fn blocks_by_key(ch: Option<&Chapter>) -> HashMap<&str, &Block> {
    let mut map = HashMap::new();
    for b in ch.iter().flat_map(|c| c.blocks.iter()) {
        map.entry(b.key.as_str()).or_insert(b);
    }
    map
}

/// The chapter page of `pair` in `lang`, if that language exists.
pub fn chapter_page(site: &Site, pair: &ChapterPair, lang: Lang) -> Option<Page> {
    let ch = pair.get(lang)?;
    let url = urls::chapter(lang, &ch.id);
    let render = Inlines {
        plan: site.plan,
        page: &url,
        lang,
    };
    let chapters = site.chapters(lang);
    let pos = chapters.iter().position(|c| c.id == ch.id);
    let toc = toc(lang, &chapters, pos.unwrap_or(0), &url);
    let neighbour = |c: Option<&&Chapter>| {
        c.map(|c| json!({"href": urls::rel(&url, &urls::chapter(lang, &c.id)), "title": c.title}))
    };
    let prev = pos
        .and_then(|p| p.checked_sub(1))
        .and_then(|p| chapters.get(p));
    let next = pos.and_then(|p| chapters.get(p + 1));
    let other = pair.get(lang.other());
    let own = json!({
        "chapter_id": ch.id,
        "chapter_title": ch.title,
        "other_title": other.map(|o| o.title.clone()),
        "other_lang": lang.other().bcp47(),
        "body": body(ch, &render),
        "toc": toc,
        "prev": neighbour(prev),
        "next": neighbour(next),
        "parallel_href": urls::rel(&url, &urls::parallel(&ch.id)),
    });
    let head = Head {
        url: url.clone(),
        lang: Some(lang),
        title: ch.nav_title().to_string(),
        versions: versions(pair),
        nav: "",
        crumbs: vec![(ch.title.clone(), None)],
        kind: "chapter",
    };
    Some(site.page(head, "chapter.html", own))
}

/// One language's cell of a parallel row.
fn cell(html: Option<String>, lang: Lang) -> Value {
    json!({"html": html, "html_lang": lang.bcp47()})
}

/// The parallel page of a chapter: each heading and block as a row, zh on the left.
pub fn parallel_page(site: &Site, pair: &ChapterPair) -> Option<Page> {
    let id = pair.id().to_string();
    let url = urls::parallel(&id);
    let zh = pair.get(Lang::Zh);
    let en = pair.get(Lang::En);
    let lead = zh.or(en)?;
    let render = |lang: Lang| Inlines {
        plan: site.plan,
        page: &url,
        lang,
    };
    let (rz, re) = (render(Lang::Zh), render(Lang::En));
    let mut rows = Vec::new();
    // Look-ups by ID and key, not by scanning: a chapter of 20,000 blocks must stay linear.
    let mut seen = std::collections::HashSet::new();
    let (zh_headings, en_headings) = (headings_by_id(zh), headings_by_id(en));
    let (zh_blocks, en_blocks) = (blocks_by_key(zh), blocks_by_key(en));
    let side_heading = |map: &HashMap<String, &Heading>, id: &str, r: &Inlines| {
        map.get(id).map(|h| r.render(&h.inlines))
    };
    let side_block = |map: &HashMap<&str, &Block>, key: &str, r: &Inlines| {
        map.get(key).map(|b| r.render(&b.inlines))
    };
    let mut push_items = |ch: &Chapter, rows: &mut Vec<Value>| {
        for item in items(ch) {
            match item {
                Item::Heading(i, h) => {
                    let hid = heading_id(h, i);
                    if seen.contains(&hid) {
                        continue;
                    }
                    rows.push(json!({
                        "kind": "heading",
                        "level": h.level.clamp(2, 3),
                        "id": hid,
                        "cells": [cell(side_heading(&zh_headings, &hid, &rz), Lang::Zh), cell(side_heading(&en_headings, &hid, &re), Lang::En)],
                    }));
                    seen.insert(hid);
                }
                Item::Block(b) => {
                    if seen.contains(&b.key) {
                        continue;
                    }
                    let marker = match b.kind {
                        BlockKind::ListItem { ordered: Some(_) } => Some("ordered"),
                        BlockKind::ListItem { ordered: None } => Some("bullet"),
                        _ => None,
                    };
                    rows.push(json!({
                        "kind": "block",
                        "id": b.anchor(),
                        "marker": marker,
                        "cells": [cell(side_block(&zh_blocks, &b.key, &rz), Lang::Zh), cell(side_block(&en_blocks, &b.key, &re), Lang::En)],
                    }));
                    seen.insert(b.key.clone());
                }
            }
        }
    };
    push_items(lead, &mut rows);
    if let (Some(_), Some(en)) = (zh, en) {
        push_items(en, &mut rows);
    }
    let own = json!({
        "chapter_id": id,
        "titles": [cell(zh.map(|c| super::escape::html(&c.title)), Lang::Zh), cell(en.map(|c| super::escape::html(&c.title)), Lang::En)],
        "rows": rows,
        "zh_href": zh.map(|c| urls::rel(&url, &urls::chapter(Lang::Zh, &c.id))),
        "en_href": en.map(|c| urls::rel(&url, &urls::chapter(Lang::En, &c.id))),
        "index_href": urls::rel(&url, &urls::parallel_index()),
    });
    let head = Head {
        url: url.clone(),
        lang: None,
        title: lead.nav_title().to_string(),
        versions: versions(pair),
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

/// The list of chapters for the parallel view.
pub fn parallel_index(site: &Site) -> Page {
    let url = urls::parallel_index();
    let chapters: Vec<Value> = site
        .plan
        .chapters
        .iter()
        .map(|pair| {
            json!({
                "href": urls::rel(&url, &urls::parallel(pair.id())),
                "zh": pair.get(Lang::Zh).map(|c| c.title.clone()),
                "en": pair.get(Lang::En).map(|c| c.title.clone()),
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
    site.page(
        head,
        "parallel_index.html",
        json!({"chapters": chapters, "title_en": site.title(Lang::En), "title_zh": site.title(Lang::Zh)}),
    )
}
