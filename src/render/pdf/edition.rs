//! The data document Typst renders: one JSON per edition. Plan text only ever travels as JSON
//! strings, so nothing in the plan can be interpreted as Typst markup or code.

use crate::index::index_order;
use crate::model::align::{self, Alignment};
use crate::model::{
    Block, BlockKind, Chapter, ChapterKind, ChapterPair, Heading, Inline, Lang, Localized, Node,
    Notice, Plan, PlanMeta, PrintLayout, Table, TagKind,
};
use crate::present::indicators::{unit_column, MainTable, Row};
use crate::present::{self, label};
use serde_json::{json, Map, Value};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// The three printed editions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    Zh,
    En,
    Bilingual,
}

impl Edition {
    pub const ALL: [Edition; 3] = [Edition::Zh, Edition::En, Edition::Bilingual];

    /// The editions a plan is printed in: all three, or the zh one alone for a plan published
    /// in Chinese only (`languages: [zh]`).
    pub fn for_plan(plan: &Plan) -> &'static [Edition] {
        if plan.has_english() {
            &Edition::ALL
        } else {
            &[Edition::Zh]
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Edition::Zh => "zh",
            Edition::En => "en",
            Edition::Bilingual => "bilingual",
        }
    }

    /// The main language of the edition (zh for the bilingual one: it is authoritative).
    pub fn lang(self) -> Lang {
        match self {
            Edition::En => Lang::En,
            _ => Lang::Zh,
        }
    }

    pub fn langs(self) -> &'static [Lang] {
        match self {
            Edition::Zh => &[Lang::Zh],
            Edition::En => &[Lang::En],
            Edition::Bilingual => &[Lang::Zh, Lang::En],
        }
    }

    pub fn file_name(self) -> String {
        format!("plan.{}.pdf", self.name())
    }
}

/// The chapter ID that `plandoc import` gives the unnumbered opening text. The printed plan has
/// no heading there: the preamble follows the plan's title on the first body page.
const PREAMBLE_ID: &str = "preamble";

/// Builds the JSON document of one edition.
pub fn document(plan: &Plan, edition: Edition) -> Value {
    let lang = edition.lang();
    let m = &plan.meta;
    // A text value: a string in a one-language edition, `{zh, en}` in the bilingual one.
    let t = |f: &dyn Fn(Lang) -> String| text_value(edition, f);
    let loc = |l: &Localized| t(&|g| l.get(g).clone());
    let main = |l: &Localized| l.get(lang).clone();
    let language = match edition {
        // The Chinese text is the original: its cover names no language.
        Edition::Zh => Value::Null,
        Edition::En => json!("English Edition"),
        Edition::Bilingual => json!({"zh": "中英文对照版", "en": "Chinese–English Edition"}),
    };
    let language_note = match edition {
        Edition::Zh => Value::Null,
        Edition::En => {
            json!("This English edition is a translation. The Chinese text is authoritative.")
        }
        Edition::Bilingual => json!({
            "zh": "英文为译文，以中文文本为准。",
            "en": "The English text is a translation; the Chinese text is authoritative.",
        }),
    };
    let keywords: Vec<String> = match &m.keywords {
        Some(k) => edition
            .langs()
            .iter()
            .flat_map(|g| k.get(*g).clone())
            .collect(),
        None => Vec::new(),
    };
    let author: Vec<String> = edition
        .langs()
        .iter()
        .map(|g| m.issuer.get(*g).clone())
        .collect();
    let pdf_title = match edition {
        Edition::Bilingual => format!("{} {}", m.title.zh, m.title.en),
        _ => main(&m.title),
    };
    // A plan that prints its own table of targets gets no generated one.
    let own_table = has_target_table(plan);
    let table_at = indicator_table_place(plan).filter(|_| !own_table);
    json!({
        "edition": edition.name(),
        "lang": lang.code(),
        "meta": {
            "title": main(&m.title),
            "title_en": if edition == Edition::Bilingual { json!(m.title.en) } else { Value::Null },
            "issuer": loc(&m.issuer),
            "date": t(&|g| date_text(&m.issue_date, g)),
            "document_number": m.document_number.as_ref().map(main),
            "edition": m.edition.as_ref().filter(|e| !repeats_date(e, &m.issue_date)).map(loc),
            "language": language,
            "language_note": language_note,
            "author": author,
            "keywords": keywords,
            "pdf_title": pdf_title,
        },
        "layout": match m.print.layout {
            PrintLayout::Book => "book",
            PrintLayout::Gb9704 => "gb9704",
        },
        // The letterhead (红头) and the imprint (版记) of the gb9704 layout.
        "letterhead": m.print.letterhead.as_ref().map(|l| json!({
            "authority": match (&l.authority, &m.notice) {
                (Some(a), _) => loc(a),
                (None, Some(n)) => loc(&n.office),
                (None, None) => loc(&m.issuer),
            },
            "document_number": m.document_number.as_ref().map(loc),
        })),
        "imprint": m.print.imprint.as_ref().map(|i| json!({
            "copies_to": i.copies_to.as_ref().map(loc),
            "office": loc(&i.office),
            "date": t(&|g| match g {
                Lang::Zh => format!("{}印发", i.date.zh.trim()),
                Lang::En => format!("Printed on {}", i.date.en.trim()),
            }),
        })),
        "labels": labels(edition),
        "notice": m.notice.as_ref().map(|n| notice(edition, m, n)),
        "indicator_table": if own_table { Value::Null } else { indicator_table(plan, edition) },
        "parts": m.parts.iter().map(|p| json!({
            "id": p.id,
            "title": loc(&p.title),
            "short_title": p.short_title.as_ref().map(loc),
        })).collect::<Vec<_>>(),
        "chapters": print_order(plan).into_iter().filter_map(|pair| {
            let mut chapter = chapter_value(plan, edition, pair)?;
            if let Some((id, heading)) = &table_at {
                if chapter["id"] == id.as_str() {
                    if let Some(blocks) = chapter["blocks"].as_array_mut() {
                        place_indicator_table(blocks, heading);
                    }
                }
            }
            Some(chapter)
        }).collect::<Vec<_>>(),
        "targets": index_order(plan).into_iter().map(|t| { let target = t; json!({
            "id": t.id,
            // An English indicator is a name in the index: it starts with a capital.
            "entry": text_value(edition, &|g| present::value::indicator(target, g)),
            "value": per_lang(edition, |g| json!(present::value::value_at(t, &t.target, g))),
            "nature": per_lang(edition, |g| json!(present::value::nature(t, g))),
        })}).collect::<Vec<_>>(),
    })
}

/// Whether the edition line only repeats the issue date (`2021年12月` under `2021年12月17日`):
/// the cover then gives the date once.
fn repeats_date(edition: &Localized, issue_date: &str) -> bool {
    [Lang::Zh, Lang::En].iter().all(|&g| {
        let e = edition.get(g).trim();
        e.is_empty() || date_text(issue_date, g).contains(e)
    })
}

/// The notice's title, as the site prints it: `湘潭市人民政府办公室关于印发《…》的通知`.
/// `{"zh": …, "en": …}` with the edition's languages only.
fn per_lang(edition: Edition, f: impl Fn(Lang) -> Value) -> Value {
    let mut map = Map::new();
    for lang in edition.langs() {
        map.insert(lang.code().to_string(), f(*lang));
    }
    Value::Object(map)
}

/// A text value of the template: a string in the zh and en editions, `{zh, en}` in the
/// bilingual one (a string there too when both languages read the same).
fn text_value(edition: Edition, f: &dyn Fn(Lang) -> String) -> Value {
    match edition {
        Edition::Bilingual => {
            let (zh, en) = (f(Lang::Zh), f(Lang::En));
            // The same in both languages (`2020`, `%`, `5800.2`): printed once.
            if zh == en {
                json!(zh)
            } else {
                json!({ "zh": zh, "en": en })
            }
        }
        _ => json!(f(edition.lang())),
    }
}

/// The issuing notice. The bilingual edition sets it in two columns under the zh letterhead.
fn notice(edition: Edition, m: &PlanMeta, n: &Notice) -> Value {
    let t = |f: &dyn Fn(Lang) -> String| text_value(edition, f);
    let paragraphs = |g: Lang| -> Vec<String> {
        n.body
            .get(g)
            .split('\n')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    };
    let body = match edition {
        Edition::Bilingual => json!({ "zh": paragraphs(Lang::Zh), "en": paragraphs(Lang::En) }),
        _ => json!(paragraphs(edition.lang())),
    };
    json!({
        "title": t(&|g| present::notice_title(m, g)),
        "office": t(&|g| n.office.get(g).clone()),
        "document_number": m.document_number.as_ref().map(|d| t(&|g| d.get(g).clone())),
        "addressees": t(&|g| n.addressees.get(g).clone()),
        "body": body,
        "date": t(&|g| n.date.get(g).clone()),
        "disclosure": n.disclosure.as_ref().map(|d| t(&|g| present::disclosure(d.get(g), g))),
    })
}

/// `2021-12-17` → `2021年12月17日` / `17 December 2021` (shared with the site).
pub fn date_text(iso: &str, lang: Lang) -> String {
    crate::present::dates::long_date(iso, lang)
}

/// Every word the template prints, in the edition's language(s): `present::labels`' words (the
/// site's), English headings in title case.
fn labels(edition: Edition) -> Value {
    // (template key, label key, is a heading)
    const LABELS: &[(&str, &str, bool)] = &[
        ("contents", "contents", true),
        ("indicators", "main_table", true),
        ("index", "targets", true),
        ("notice", "notice", true),
        ("appendices", "appendices", true),
        ("page", "page", false),
        ("defined", "index_defined", false),
        ("baseline", "index_baseline", false),
        ("mentioned", "index_mentioned", false),
        ("index_note", "index_note", false),
    ];
    let word = |key: &'static str, heading: bool| {
        text_value(edition, &move |g| match (g, heading) {
            (Lang::En, true) => title_case(label(g, key)),
            _ => label(g, key).to_string(),
        })
    };
    let mut map = Map::new();
    for (name, key, heading) in LABELS {
        map.insert(name.to_string(), word(key, *heading));
    }
    map.insert(
        "index_columns".into(),
        Value::Array(
            ["indicator", "target", "nature", "pages"]
                .into_iter()
                .map(|key| word(key, false))
                .collect(),
        ),
    );
    Value::Object(map)
}

/// `Target index` → `Target Index`: English headings in print capitalise their words (short
/// function words aside).
fn title_case(text: &str) -> String {
    const SMALL: &[&str] = &[
        "a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to",
    ];
    text.split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && SMALL.contains(&w) {
                w.to_string()
            } else {
                present::value::capitalize(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where the main-indicator table goes: at the end of the section it lists (its main area), else
/// at the end of the section that defines the most targets (「（四）主要目标」 in a typical plan), as printed plans place it. `None` when no
/// target is defined in the text: the template then prints the table after the contents.
fn indicator_table_place(plan: &Plan) -> Option<(String, String)> {
    // The section the table lists (the main area), where the text has it as a heading.
    if let Some(area) = present::indicators::main_area(plan) {
        let section = plan
            .chapters
            .iter()
            .filter_map(|p| p.zh.as_ref())
            .find_map(|ch| {
                ch.headings
                    .iter()
                    .any(|h| h.id.as_deref() == Some(area))
                    .then(|| (ch.id.clone(), area.to_string()))
            });
        if section.is_some() {
            return section;
        }
    }
    let mut best: Option<(usize, String, String)> = None;
    for pair in &plan.chapters {
        let Some(ch) = pair.zh.as_ref() else { continue };
        let mut counts: Vec<usize> = vec![0; ch.headings.len()];
        for block in &ch.blocks {
            let defines = block
                .tags()
                .iter()
                .filter(|t| t.kind == TagKind::Define)
                .count();
            if let Some(h) = block.heading {
                counts[h] += defines;
            }
        }
        for (i, n) in counts.into_iter().enumerate() {
            let Some(id) = ch.headings[i].id.clone() else {
                continue;
            };
            if n > 0 && best.as_ref().is_none_or(|(b, _, _)| n > *b) {
                best = Some((n, ch.id.clone(), id));
            }
        }
    }
    best.map(|(_, chapter, heading)| (chapter, heading))
}

/// Inserts the `indicator_table` block at the end of the section `heading` (before the next
/// heading of the same or a higher level).
fn place_indicator_table(blocks: &mut Vec<Value>, heading: &str) {
    let is_heading = |b: &Value| b["kind"] == "heading";
    let Some(start) = blocks
        .iter()
        .position(|b| is_heading(b) && b["id"] == heading)
    else {
        return;
    };
    let level = blocks[start]["level"].as_u64().unwrap_or(2);
    let end = blocks[start + 1..]
        .iter()
        .position(|b| is_heading(b) && b["level"].as_u64().unwrap_or(2) <= level)
        .map_or(blocks.len(), |i| start + 1 + i);
    blocks.insert(end, json!({ "kind": "indicator_table" }));
}

/// Whether a table of the plan's own text defines targets (the plan's own 主要指标 table).
fn has_target_table(plan: &Plan) -> bool {
    plan.chapters
        .iter()
        .filter_map(|p| p.zh.as_ref())
        .any(|ch| {
            ch.tables().iter().any(|t| {
                t.rows.iter().flatten().any(|&b| {
                    ch.blocks
                        .get(b)
                        .is_some_and(|b| b.tags().iter().any(|t| t.kind == TagKind::Define))
                })
            })
        })
}

/// The main-indicator table (主要指标), as `present::indicators` makes it for every back end.
/// The bilingual edition gives the unit its column (both languages share the row).
fn indicator_table(plan: &Plan, edition: Edition) -> Value {
    let Some(table) = MainTable::of(plan) else {
        return Value::Null;
    };
    let unit = match edition {
        Edition::Bilingual => true,
        _ => unit_column(edition.lang()),
    };
    let langs: Vec<Lang> = [Lang::Zh, Lang::En]
        .into_iter()
        .filter(|&g| edition == Edition::Bilingual || g == edition.lang())
        .collect();
    // One language's cells of a line (the header or a row) → the edition's cells.
    let line = |of: &dyn Fn(Lang) -> Vec<String>| -> Vec<Value> {
        let per: Vec<(Lang, Vec<String>)> = langs.iter().map(|&g| (g, of(g))).collect();
        (0..per[0].1.len())
            .map(|i| {
                text_value(edition, &|g| {
                    let (_, cells) = per.iter().find(|(l, _)| *l == g).unwrap_or(&per[0]);
                    cells[i].clone()
                })
            })
            .collect()
    };
    let strings = |v: Vec<&str>| v.into_iter().map(str::to_string).collect::<Vec<_>>();
    let columns = line(&|g| strings(table.columns(g, unit).in_order()));
    let rows_of: Vec<(Lang, Vec<Row>)> = langs.iter().map(|&g| (g, table.rows(g, unit))).collect();
    let rows: Vec<Vec<Value>> = (0..table.targets.len())
        .map(|i| {
            line(&|g| {
                let (_, rows) = rows_of.iter().find(|(l, _)| *l == g).unwrap_or(&rows_of[0]);
                strings(rows[i].cells.in_order())
            })
        })
        .collect();
    let title = text_value(edition, &|g| table.title(g));
    // The indicator column takes the free width; the others fit their content.
    json!({ "title": title, "columns": columns, "rows": rows, "wide": 1 })
}

/// The chapters in print order: the plan's chapters, then its appendices (each group in file
/// order).
fn print_order(plan: &Plan) -> Vec<&ChapterPair> {
    let kind = |p: &ChapterPair| p.zh.as_ref().or(p.en.as_ref()).map(|c| c.kind);
    let chapters = plan
        .chapters
        .iter()
        .filter(|p| kind(p) != Some(ChapterKind::Appendix));
    let appendices = plan
        .chapters
        .iter()
        .filter(|p| kind(p) == Some(ChapterKind::Appendix));
    chapters.chain(appendices).collect()
}

/// One chapter of the edition: title, part, kind and its content items. `None` when the
/// edition has nothing of it (a chapter without a zh file in the zh edition).
fn chapter_value(plan: &Plan, edition: Edition, pair: &ChapterPair) -> Option<Value> {
    let first = match edition {
        Edition::Zh => pair.zh.as_ref()?,
        _ => pair.zh.as_ref().or(pair.en.as_ref())?,
    };
    // A chapter that is not translated yet carries its zh title in the en edition.
    let text_of = |g: Lang| {
        pair.get(g).or_else(|| {
            (edition == Edition::En)
                .then_some(pair.zh.as_ref())
                .flatten()
        })
    };
    let title = per_lang(edition, |g| {
        json!(text_of(g).map(|c| c.title.clone()).unwrap_or_default())
    });
    let short = per_lang(edition, |g| {
        json!(text_of(g)
            .map(|c| c.nav_title().to_string())
            .unwrap_or_default())
    });
    let part = first.part.as_deref().filter(|p| plan.part(p).is_some());
    let (blocks, note) = chapter_items(edition, pair);
    let mut v = json!({
        "id": first.id,
        "title": if first.id == PREAMBLE_ID { Value::Null } else { title },
        "short_title": short,
        "kind": first.kind,
        "part": part,
        "opens_part": plan.opens_part(first),
        "blocks": blocks,
    });
    if let Some(note) = note {
        v["note"] = json!(note);
    }
    Some(v)
}

/// The note printed where the English text is not written yet.
fn untranslated_text(edition: Edition, whole_chapter: bool) -> &'static str {
    match (edition, whole_chapter) {
        (Edition::En, true) => "Translation in progress: see the Chinese edition.",
        (Edition::En, false) => "Translation of this section in progress: see the Chinese edition.",
        _ => "Translation in progress: see the Chinese text.",
    }
}

/// The en edition's note as an item of its own (the bilingual edition prints it in the en
/// column of the heading row: the heading's or the chapter's `note`).
fn untranslated(edition: Edition, whole_chapter: bool) -> Value {
    json!({ "kind": "untranslated", "text": untranslated_text(edition, whole_chapter) })
}

/// The content items of a chapter in the edition's languages, built from the chapter's content
/// tree. The zh text drives the order; the en text is paired with it by block key and heading
/// ID (the skeleton check makes them line up). Sections the en text lacks print a note in their
/// place; a chapter without en text prints only the note in the en edition. Returns the items
/// and, in the bilingual edition, the note of a chapter that has no en text.
fn chapter_items(edition: Edition, pair: &ChapterPair) -> (Vec<Value>, Option<&'static str>) {
    let (zh, en) = (pair.zh.as_ref(), pair.en.as_ref());
    let Some(first) = zh.or(en) else {
        return (Vec::new(), None);
    };
    let missing = |z: &Chapter, e: &Chapter| match align::align(z, e) {
        Alignment::Aligned { missing } => Some(missing),
        Alignment::Misaligned => None,
    };
    // (the tree walked, the zh text printed, the en text printed, zh headings without en)
    let (driver, zh_side, en_side, missing, note_first) = match edition {
        Edition::Zh => (zh, zh, None, Vec::new(), false),
        Edition::En => match (zh, en) {
            (Some(_), None) => return (vec![untranslated(edition, true)], None),
            (Some(z), Some(e)) => match missing(z, e) {
                Some(m) => (Some(z), None, en, m, false),
                // Skeletons that do not line up (a build stops on that): the en text as written.
                None => (en, None, en, Vec::new(), false),
            },
            _ => (en, None, en, Vec::new(), false),
        },
        Edition::Bilingual => match (zh, en) {
            (Some(z), Some(e)) => (zh, zh, en, missing(z, e).unwrap_or_default(), false),
            (Some(_), None) => (zh, zh, None, Vec::new(), true),
            _ => (en, None, en, Vec::new(), false),
        },
    };
    let Some(driver) = driver else {
        return (Vec::new(), None);
    };
    let walk = Walk {
        edition,
        driver,
        zh: zh_side.map(Side::new),
        en: en_side.map(Side::new),
        missing: missing.into_iter().collect(),
        notes: Notes {
            chapter: &first.id,
            zh,
            en,
            bilingual: edition == Edition::Bilingual,
            labelled: Default::default(),
        },
    };
    let note = note_first.then(|| untranslated_text(edition, true));
    (walk.items(&driver.body), note)
}

/// A chapter's text in one language, its blocks by key and headings by ID for pairing.
struct Side<'a> {
    chapter: &'a Chapter,
    blocks: HashMap<&'a str, &'a Block>,
    headings: HashMap<&'a str, &'a Heading>,
}

impl<'a> Side<'a> {
    fn new(chapter: &'a Chapter) -> Self {
        // The first one wins on a duplicate key or ID (a diagnostic reports it).
        let blocks = chapter.blocks.iter().rev();
        let headings = chapter.headings.iter().rev();
        Side {
            chapter,
            blocks: blocks.map(|b| (b.key.as_str(), b)).collect(),
            headings: headings
                .filter_map(|h| Some((h.id.as_deref()?, h)))
                .collect(),
        }
    }
}

/// The footnotes of one chapter. A footnote is printed (with its label) at its first mark; a
/// later mark, and in the bilingual edition the en column's mark, refers to it by label, so
/// both columns show the same number and the text is printed once.
struct Notes<'a> {
    chapter: &'a str,
    zh: Option<&'a Chapter>,
    en: Option<&'a Chapter>,
    bilingual: bool,
    labelled: RefCell<HashSet<String>>,
}

impl Notes<'_> {
    fn text(&self, lang: Lang, label: &str) -> Vec<Value> {
        let chapter = match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        };
        chapter
            .and_then(|c| {
                let f = c.footnotes.iter().find(|f| f.label == label)?;
                c.blocks.get(f.block)
            })
            .map(|b| runs(&b.inlines, lang))
            .unwrap_or_default()
    }

    /// The run of a footnote mark. `labelled` is false in a table's header row, which typst
    /// repeats on every page the table spans: a label there would occur more than once.
    fn mark(&self, label: &str, lang: Lang, labelled: bool) -> Value {
        let key = format!("{}/{label}", self.chapter);
        if self.labelled.borrow().contains(&key) {
            return json!({ "fn": key });
        }
        let mut v =
            json!({ "fn": key, "def": true, "label": labelled, "c": self.text(lang, label) });
        if self.bilingual && lang == Lang::Zh && labelled {
            // The footnote under both columns: zh, then en (an unlabelled one cannot be
            // referred to: the en column prints its own).
            v["also"] = Value::Array(self.text(Lang::En, label));
        }
        if labelled {
            self.labelled.borrow_mut().insert(key);
        }
        v
    }
}

/// Builds the items of a content tree.
struct Walk<'a> {
    edition: Edition,
    /// The chapter whose tree is walked (the zh text unless only en can be printed).
    driver: &'a Chapter,
    /// The text printed in each language; `None` where there is none.
    zh: Option<Side<'a>>,
    en: Option<Side<'a>>,
    /// Driver headings whose sections the en text does not have yet.
    missing: HashSet<usize>,
    notes: Notes<'a>,
}

impl Walk<'_> {
    fn side(&self, lang: Lang) -> Option<&Side<'_>> {
        match lang {
            Lang::Zh => self.zh.as_ref(),
            Lang::En => self.en.as_ref(),
        }
    }

    /// The text of driver block `idx` in `lang`: the block itself, or the block of the same key.
    fn text(&self, lang: Lang, idx: usize, labelled: bool) -> Vec<Value> {
        let block = &self.driver.blocks[idx];
        let Some(side) = self.side(lang) else {
            return Vec::new();
        };
        let text = if std::ptr::eq(side.chapter, self.driver) {
            Some(block)
        } else {
            side.blocks.get(block.key.as_str()).copied()
        };
        text.map(|b| runs_in(&b.inlines, lang, Some((&self.notes, labelled))))
            .unwrap_or_default()
    }

    /// A block's anchor and its runs in each language of the edition.
    fn cell(&self, idx: usize, labelled: bool) -> Value {
        let mut v = json!({ "anchor": self.driver.blocks[idx].anchor() });
        for lang in self.edition.langs() {
            v[lang.code()] = Value::Array(self.text(*lang, idx, labelled));
        }
        v
    }

    fn heading(&self, idx: usize) -> Value {
        let h = &self.driver.headings[idx];
        let mut v = json!({ "kind": "heading", "level": h.level, "id": h.id });
        for lang in self.edition.langs() {
            let text = self.side(*lang).and_then(|s| {
                if std::ptr::eq(s.chapter, self.driver) {
                    Some(h)
                } else {
                    s.headings.get(h.id.as_deref()?).copied()
                }
            });
            // Headings are copied into the outline: no footnotes there.
            v[lang.code()] =
                Value::Array(text.map(|h| runs(&h.inlines, *lang)).unwrap_or_default());
        }
        v
    }

    fn items(&self, nodes: &[Node]) -> Vec<Value> {
        let mut out = Vec::new();
        // The en edition leaves out the content of an untranslated section; of a run of such
        // sections it prints the headings of the outermost ones, each with the note.
        let mut skip = false;
        let mut run_level: Option<u8> = None;
        for node in nodes {
            match node {
                Node::Heading(i) if self.missing.contains(i) => {
                    let level = self.driver.headings[*i].level;
                    let top = run_level.is_none_or(|l| level <= l);
                    run_level = Some(run_level.map_or(level, |l| l.min(level)));
                    let mut v = self.heading(*i);
                    if self.edition == Edition::En {
                        skip = true;
                        if top {
                            let h = &self.driver.headings[*i];
                            v["en"] = Value::Array(runs(&h.inlines, Lang::Zh));
                            out.push(v);
                            out.push(untranslated(self.edition, false));
                        }
                    } else {
                        if top {
                            v["note"] = json!(untranslated_text(self.edition, false));
                        }
                        out.push(v);
                    }
                }
                Node::Heading(i) => {
                    (skip, run_level) = (false, None);
                    out.push(self.heading(*i));
                }
                _ if skip => {}
                Node::Block(i) => {
                    if let Some(v) = self.block(*i) {
                        out.push(v)
                    }
                }
                Node::Table(t) => out.push(self.table(t)),
                Node::Box(b) => out.push(json!({
                    "kind": "box",
                    "anchor": b.anchor(),
                    "title": b.title.map(|t| self.cell(t, true)),
                    "blocks": self.items(&b.body),
                })),
            }
        }
        out
    }

    fn block(&self, idx: usize) -> Option<Value> {
        let (kind, number) = match self.driver.blocks[idx].kind {
            BlockKind::ListItem { ordered: Some(n) } => ("item", json!(format!("{n}."))),
            BlockKind::ListItem { ordered: None } => ("item", Value::Null),
            BlockKind::Term => ("term", Value::Null),
            BlockKind::Definition => ("definition", Value::Null),
            // Printed at its mark.
            BlockKind::Footnote => return None,
            _ => ("para", Value::Null),
        };
        let mut v = self.cell(idx, true);
        v["kind"] = json!(kind);
        v["number"] = number;
        Some(v)
    }

    fn table(&self, t: &Table) -> Value {
        json!({
            "kind": "table",
            "anchor": t.anchor(),
            "align": t.align,
            "caption": t.caption.map(|c| self.cell(c, true)),
            "header": t.header.iter().map(|&c| self.cell(c, false)).collect::<Vec<_>>(),
            "rows": t.rows.iter().map(|r| r.iter().map(|&c| self.cell(c, true)).collect::<Vec<_>>()).collect::<Vec<_>>(),
            "notes": t.notes.iter().map(|&n| self.cell(n, true)).collect::<Vec<_>>(),
        })
    }
}

/// Inline runs as JSON: text, bold, italic, code, tags, links, breaks (footnote marks dropped).
fn runs(inlines: &[Inline], lang: Lang) -> Vec<Value> {
    runs_in(inlines, lang, None)
}

/// Inline runs with footnote marks carrying their footnote (see [`Notes`]).
fn runs_in(inlines: &[Inline], lang: Lang, notes: Option<(&Notes, bool)>) -> Vec<Value> {
    inlines
        .iter()
        .filter_map(|inline| {
            Some(match inline {
                Inline::Text(t) => json!({ "t": typographic(t, lang) }),
                Inline::Strong(c) => json!({ "b": runs_in(c, lang, notes) }),
                Inline::Emph(c) => json!({ "i": runs_in(c, lang, notes) }),
                Inline::Code(t) => json!({ "code": t }),
                Inline::Link { href, children } => {
                    json!({ "link": href, "c": runs_in(children, lang, notes) })
                }
                Inline::Tag(tag) => json!({
                    "tag": match tag.kind { TagKind::Define => "define", TagKind::Baseline => "baseline", TagKind::Mention => "mention" },
                    "id": tag.target,
                    "t": typographic(&tag.text, lang),
                }),
                Inline::LineBreak => json!({ "br": true }),
                Inline::FootnoteRef { label, .. } => {
                    let (notes, labelled) = notes?;
                    notes.mark(label, lang, labelled)
                }
            })
        })
        .collect()
}

/// Text as it is printed: wrapped lines joined, ranges with their dash, and in English
/// straight quotes made curly.
fn typographic(text: &str, lang: Lang) -> String {
    let text = present::value::dashes(&unwrap_lines(text, lang), lang);
    match lang {
        Lang::En => smart_quotes(&text),
        Lang::Zh => text,
    }
}

/// `"One Bay"` → `“One Bay”`, `city's` → `city’s`, as typeset English prints them. Only clear
/// cases change: a `"` pair opening after a space (or at the start) before a letter or digit and
/// closing after one, and a `'` after a letter. Anything else, such as `#read("/etc/passwd")`,
/// keeps its straight quotes.
pub fn smart_quotes(text: &str) -> String {
    if !text.contains(['"', '\'']) {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    let opens = |prev: Option<char>, next: Option<char>| {
        prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | '/'))
            && next.is_some_and(|c| c.is_alphanumeric() || c == '\'')
    };
    let closes = |prev: Option<char>, next: Option<char>| {
        prev.is_some_and(|c| {
            c.is_alphanumeric() || matches!(c, '.' | ',' | '!' | '?' | ')' | '%' | '\'')
        }) && next.is_none_or(|c| {
            c.is_whitespace()
                || matches!(
                    c,
                    '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '—' | '–' | '/'
                )
        })
    };
    let at = |v: &Vec<char>, i: usize, d: isize| -> Option<char> {
        i.checked_add_signed(d).and_then(|j| v.get(j).copied())
    };
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '"' && opens(at(&chars, i, -1), at(&chars, i, 1)) {
            if let Some(k) = (i + 1..chars.len()).find(|&k| chars[k] == '"') {
                if closes(at(&chars, k, -1), at(&chars, k, 1)) {
                    chars[i] = '“';
                    chars[k] = '”';
                    i = k + 1;
                    continue;
                }
                i = k;
                continue;
            }
        }
        i += 1;
    }
    for i in 0..chars.len() {
        if chars[i] == '\'' && at(&chars, i, -1).is_some_and(char::is_alphanumeric) {
            chars[i] = '’';
        }
    }
    chars.into_iter().collect()
}

/// Joins the lines of a paragraph that the source wrapped (Markdown soft breaks). Typst would
/// print a newline in a string as a line break. In Chinese text the break disappears next to a
/// Han character or CJK punctuation (no space is written between Chinese characters); anywhere
/// else it becomes one space.
pub fn unwrap_lines(text: &str, lang: Lang) -> String {
    if !text.contains(['\n', '\r']) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '\n' && c != '\r' {
            out.push(c);
            i += 1;
            continue;
        }
        // The whole run of line-end characters and the indentation that follows it.
        let mut j = i;
        while j < chars.len() && chars[j].is_whitespace() {
            j += 1;
        }
        while out.ends_with([' ', '\t']) {
            out.pop();
        }
        let before = out.chars().last();
        let after = chars.get(j).copied();
        // At the edge of the string the neighbour is in the next run (bold, a tag): the side
        // inside the string decides.
        let cjk_side = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
        if !(lang == Lang::Zh && cjk_side) {
            out.push(' ');
        }
        i = j;
    }
    out
}

use crate::text::is_cjk;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_join_without_stray_spaces() {
        assert_eq!(unwrap_lines("服务业\n增加值", Lang::Zh), "服务业增加值");
        assert_eq!(unwrap_lines("达到\n1500亿元", Lang::Zh), "达到1500亿元");
        assert_eq!(unwrap_lines("GDP\nshare", Lang::Zh), "GDP share");
        assert_eq!(unwrap_lines("value\n  added", Lang::En), "value added");
        assert_eq!(unwrap_lines("“十四五”\n时期", Lang::Zh), "“十四五”时期");
        assert_eq!(unwrap_lines("no break", Lang::En), "no break");
        assert_eq!(unwrap_lines("\nafter bold", Lang::En), " after bold");
        assert_eq!(unwrap_lines("\n之后", Lang::Zh), "之后");
    }

    #[test]
    fn english_quotes_are_curly_where_clear() {
        assert_eq!(
            smart_quotes(r#"the "One Bay" and the city's "front-runner" action"#),
            "the “One Bay” and the city’s “front-runner” action"
        );
        assert_eq!(smart_quotes(r#"("Internet Plus")"#), "(“Internet Plus”)");
        assert_eq!(
            smart_quotes(r#"#read("/etc/passwd") and #import "@preview/x:0.1.0""#),
            r#"#read("/etc/passwd") and #import "@preview/x:0.1.0""#
        );
        assert_eq!(smart_quotes(r#"say "5G" now"#), "say “5G” now");
    }

    #[test]
    fn dates_read_naturally() {
        assert_eq!(date_text("2021-12-17", Lang::Zh), "2021年12月17日");
        assert_eq!(date_text("2021-12-17", Lang::En), "17 December 2021");
        assert_eq!(date_text("someday", Lang::En), "someday");
    }

    fn fixture(name: &str) -> Plan {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/constructs")
            .join(name);
        crate::source::load(&dir).expect("a fixture plan").plan
    }

    fn chapter<'a>(doc: &'a Value, id: &str) -> &'a Value {
        let chapters = doc["chapters"].as_array().unwrap();
        chapters.iter().find(|c| c["id"] == id).unwrap()
    }

    #[test]
    fn a_zh_only_plan_has_the_zh_edition_alone() {
        assert_eq!(Edition::for_plan(&fixture("zh-only")), [Edition::Zh]);
        assert_eq!(Edition::for_plan(&fixture("table")), Edition::ALL);
    }

    #[test]
    fn english_in_progress_prints_notes_in_place() {
        let plan = fixture("half-translated");
        let en = document(&plan, Edition::En);
        // No en file: the zh title and the note, nothing else.
        let tasks = chapter(&en, "tasks");
        assert_eq!(tasks["title"]["en"], "第二章 主要任务");
        let blocks = tasks["blocks"].as_array().unwrap();
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0]["kind"], "untranslated");
        // An untranslated section: its zh heading, the note, none of its zh text.
        let basis = chapter(&en, "basis")["blocks"].as_array().unwrap();
        let kinds: Vec<&str> = basis.iter().map(|b| b["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["heading", "para", "heading", "untranslated"]);
        assert_eq!(basis[2]["en"][0]["t"], "第二节 面临形势");
        assert_eq!(basis[1]["en"][0]["t"], "Education made great strides.");
        // Bilingual: the zh text throughout, the notes on the heading rows.
        let bi = document(&plan, Edition::Bilingual);
        let tasks = chapter(&bi, "tasks");
        assert!(tasks["note"].is_string());
        assert_eq!(
            tasks["blocks"][1]["zh"][0]["t"],
            "推进基础教育优质均衡发展。"
        );
        let basis = chapter(&bi, "basis")["blocks"].as_array().unwrap();
        assert_eq!(basis.len(), 4);
        assert!(basis[0].get("note").is_none());
        assert!(basis[2]["note"].is_string());
        assert_eq!(basis[3]["en"], json!([]));
        // zh: no note anywhere.
        let zh = serde_json::to_string(&document(&plan, Edition::Zh)).unwrap();
        assert!(!zh.contains("untranslated") && !zh.contains("Translation"));
    }

    #[test]
    fn a_footnote_travels_with_its_first_mark() {
        let plan = fixture("footnotes");
        let zh = document(&plan, Edition::Zh);
        let para = &chapter(&zh, "environment")["blocks"][1]["zh"];
        assert_eq!(para[1]["fn"], "environment/pm");
        assert_eq!(para[1]["def"], true);
        assert_eq!(para[1]["label"], true);
        assert!(para[1]["c"][0]["t"]
            .as_str()
            .unwrap()
            .starts_with("细颗粒物指"));
        // Bilingual: the zh mark carries both texts, the en mark refers to it.
        let bi = document(&plan, Edition::Bilingual);
        let block = &chapter(&bi, "environment")["blocks"][1];
        assert!(block["zh"][1]["also"][0]["t"]
            .as_str()
            .unwrap()
            .starts_with("Fine particulate"));
        assert_eq!(block["en"][1], json!({ "fn": "environment/pm" }));
    }

    #[test]
    fn tables_boxes_and_terms_come_from_the_content_tree() {
        let table = fixture("table");
        let doc = document(&table, Edition::Bilingual);
        let t = &chapter(&doc, "goals")["blocks"][2];
        assert_eq!(t["kind"], "table");
        assert_eq!(t["header"].as_array().unwrap().len(), 5);
        assert_eq!(t["rows"].as_array().unwrap().len(), 3);
        assert_eq!(
            t["rows"][1][0]["zh"][0]["t"],
            "服务业增加值占地区生产总值比重"
        );
        assert_eq!(
            t["rows"][1][0]["en"][0]["t"],
            "Share of the service industry in GDP"
        );
        assert_eq!(t["align"][3], "right");
        assert_eq!(t["caption"]["anchor"], "main-indicators-caption");
        assert_eq!(t["notes"][0]["zh"][0]["t"], "注：2025年为预计数。");
        // The plan's own table of targets replaces the generated one.
        assert!(doc["indicator_table"].is_null());
        let blocks = chapter(&doc, "goals")["blocks"].as_array().unwrap();
        assert!(!blocks.iter().any(|b| b["kind"] == "indicator_table"));

        let doc = document(&fixture("box"), Edition::Zh);
        let b = &chapter(&doc, "projects")["blocks"][2];
        assert_eq!(b["kind"], "box");
        assert_eq!(b["title"]["zh"][0]["t"], "专栏1 综合交通重大工程");
        let kinds: Vec<&str> = b["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["para", "item", "item", "table"]);

        let doc = document(&fixture("terms"), Edition::En);
        let kinds: Vec<&str> = chapter(&doc, "terms")["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["term", "definition", "term", "definition"]);
    }

    #[test]
    fn parts_and_appendices_are_in_the_data() {
        let doc = document(&fixture("parts"), Edition::Bilingual);
        assert_eq!(doc["parts"][1]["id"], "economy");
        assert_eq!(doc["parts"][1]["title"]["zh"], "第二篇 现代化产业体系");
        let parts: Vec<(&Value, &Value)> = doc["chapters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (&c["part"], &c["opens_part"]))
            .collect();
        let (t, f) = (json!(true), json!(false));
        assert_eq!(
            parts,
            [
                (&json!("general"), &f),
                (&json!("general"), &f),
                (&json!("economy"), &t),
                (&json!("economy"), &f)
            ]
        );
        let doc = document(&fixture("appendix"), Edition::Zh);
        let kinds: Vec<&Value> = doc["chapters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| &c["kind"])
            .collect();
        assert_eq!(kinds, [&json!("chapter"), &json!("appendix")]);
        assert_eq!(doc["labels"]["appendices"], "附录");
    }

    #[test]
    fn hostile_text_stays_a_json_string() {
        let v = runs(
            &[Inline::Text("#read(\"/etc/passwd\") *b* $x$".into())],
            Lang::En,
        );
        assert_eq!(v[0]["t"], "#read(\"/etc/passwd\") *b* $x$");
    }
}
