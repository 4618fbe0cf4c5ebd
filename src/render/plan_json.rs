//! Open data of the whole plan: `site/data/plan.json`, the outline and every text of the plan
//! as data (schema: `schemas/plan-data.schema.json`). Parts, chapters and appendices; under
//! each chapter its content tree: headings with their level and ID, blocks with their key and
//! anchor, tables (caption, header, rows, notes) and boxes; footnotes. Every text is given as
//! `{zh, en}` in the plan's languages, `en` null where the English is still missing, with the
//! target tags it carries.

use crate::model::{Block, BlockKind, Chapter, ChapterKind, Node, Plan, Table};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The document's format version: bumped when a field changes meaning.
const FORMAT: u32 = 1;

/// The text of plan.json.
pub fn to_json(plan: &Plan) -> String {
    let m = &plan.meta;
    let langs: Vec<&str> = plan.langs().iter().map(|l| l.code()).collect();
    let localized = |zh: &str, en: &str| texts(plan, Some(zh), Some(en));
    let doc = json!({
        "format": FORMAT,
        "plan": m.id,
        "title": localized(&m.title.zh, &m.title.en),
        "issuer": localized(&m.issuer.zh, &m.issuer.en),
        "issue_date": m.issue_date,
        "languages": langs,
        "parts": m.parts.iter().map(|p| json!({
            "id": p.id,
            "title": localized(&p.title.zh, &p.title.en),
        })).collect::<Vec<_>>(),
        "chapters": plan.chapters.iter().filter_map(|pair| {
            let zh = pair.zh.as_ref()?;
            let en = pair.en.as_ref().filter(|_| plan.has_english());
            Some(chapter(plan, zh, en))
        }).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// `{zh, en}` with the plan's languages: en is null when missing, absent in a zh-only plan.
fn texts(plan: &Plan, zh: Option<&str>, en: Option<&str>) -> Value {
    let mut m = Map::new();
    m.insert("zh".into(), zh.map_or(Value::Null, |s| json!(s)));
    if plan.has_english() {
        m.insert(
            "en".into(),
            en.filter(|s| !s.is_empty())
                .map_or(Value::Null, |s| json!(s)),
        );
    }
    Value::Object(m)
}

/// Looks up the en counterpart of a zh block or heading.
struct Other<'a> {
    blocks: HashMap<&'a str, &'a Block>,
    headings: HashMap<&'a str, &'a str>,
}

fn chapter(plan: &Plan, zh: &Chapter, en: Option<&Chapter>) -> Value {
    let other = Other {
        blocks: en
            .iter()
            .flat_map(|c| c.blocks.iter().map(|b| (b.key.as_str(), b)))
            .collect(),
        headings: en
            .iter()
            .flat_map(|c| {
                c.headings
                    .iter()
                    .filter_map(|h| h.id.as_deref().map(|id| (id, h.text.as_str())))
            })
            .collect(),
    };
    json!({
        "id": zh.id,
        "kind": match zh.kind { ChapterKind::Chapter => "chapter", ChapterKind::Appendix => "appendix" },
        "part": zh.part,
        "title": texts(plan, Some(&zh.title), en.map(|c| c.title.as_str())),
        "content": nodes(plan, zh, &other, &zh.body),
        "footnotes": zh.footnotes.iter().map(|f| json!({
            "label": f.label,
            "number": zh.footnote_number(&f.label),
            "text": block_texts(plan, &zh.blocks[f.block], &other),
        })).collect::<Vec<_>>(),
    })
}

fn nodes(plan: &Plan, zh: &Chapter, other: &Other, body: &[Node]) -> Vec<Value> {
    body.iter()
        .map(|node| match node {
            Node::Heading(i) => {
                let h = &zh.headings[*i];
                let en =
                    h.id.as_deref()
                        .and_then(|id| other.headings.get(id).copied());
                json!({
                    "type": "heading",
                    "level": h.level,
                    "id": h.id,
                    "text": texts(plan, Some(&h.text), en),
                })
            }
            Node::Block(i) => block(plan, &zh.blocks[*i], other),
            Node::Table(t) => table(plan, zh, other, t),
            Node::Box(b) => json!({
                "type": "box",
                "id": b.id,
                "key": b.key,
                "anchor": b.anchor(),
                "title": b.title.map(|t| block_texts(plan, &zh.blocks[t], other)),
                "content": nodes(plan, zh, other, &b.body),
            }),
        })
        .collect()
}

fn kind_name(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Paragraph => "paragraph",
        BlockKind::ListItem { .. } => "list-item",
        BlockKind::Cell { .. } => "cell",
        BlockKind::Caption => "caption",
        BlockKind::Note => "note",
        BlockKind::BoxTitle => "box-title",
        BlockKind::Term => "term",
        BlockKind::Definition => "definition",
        BlockKind::Footnote => "footnote",
    }
}

fn block(plan: &Plan, b: &Block, other: &Other) -> Value {
    let mut v = json!({
        "type": "block",
        "kind": kind_name(b.kind),
        "key": b.key,
        "anchor": b.anchor(),
        "text": block_texts(plan, b, other),
    });
    if let BlockKind::ListItem { ordered: Some(n) } = b.kind {
        v["number"] = json!(n);
    }
    let tags: Vec<Value> = b
        .tags()
        .iter()
        .map(|t| json!({"kind": t.kind, "target": t.target}))
        .collect();
    if !tags.is_empty() {
        v["tags"] = json!(tags);
    }
    v
}

fn block_texts(plan: &Plan, b: &Block, other: &Other) -> Value {
    let en = other.blocks.get(b.key.as_str()).map(|e| e.text.as_str());
    texts(plan, Some(&b.text), en)
}

fn table(plan: &Plan, zh: &Chapter, other: &Other, t: &Table) -> Value {
    let cells = |row: &[usize]| -> Vec<Value> {
        row.iter()
            .map(|&i| block_texts(plan, &zh.blocks[i], other))
            .collect()
    };
    json!({
        "type": "table",
        "id": t.id,
        "key": t.key,
        "anchor": t.anchor(),
        "caption": t.caption.map(|c| block_texts(plan, &zh.blocks[c], other)),
        "align": t.align,
        "header": cells(&t.header),
        "rows": t.rows.iter().map(|r| cells(r)).collect::<Vec<_>>(),
        "notes": t.notes.iter().map(|&n| block_texts(plan, &zh.blocks[n], other)).collect::<Vec<_>>(),
        "targets": t.rows.iter().flatten().flat_map(|&i| zh.blocks[i].tags()).map(|tag| json!({"kind": tag.kind, "target": tag.target})).collect::<Vec<_>>(),
    })
}
