//! The data document Typst renders: one JSON per edition. Plan text only ever travels as JSON
//! strings, so nothing in the plan can be interpreted as Typst markup or code.

use crate::index::index_order;
use crate::model::{
    Block, BlockKind, Chapter, Inline, Lang, Localized, Plan, TagKind, Target, YearValue,
};
use crate::values;
use serde_json::{json, Map, Value};

/// The three printed editions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    Zh,
    En,
    Bilingual,
}

impl Edition {
    pub const ALL: [Edition; 3] = [Edition::Zh, Edition::En, Edition::Bilingual];

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

    fn langs(self) -> &'static [Lang] {
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

/// Builds the JSON document of one edition.
pub fn document(plan: &Plan, edition: Edition) -> Value {
    let lang = edition.lang();
    let m = &plan.meta;
    let loc = |l: &Localized| per_lang(edition, |g| Value::String(l.get(g).clone()));
    let main = |l: &Localized| l.get(lang).clone();
    let language_note = match edition {
        Edition::Zh => Value::Null,
        Edition::En => {
            json!("This English edition is a translation. The Chinese text is authoritative.")
        }
        Edition::Bilingual => json!(
            "中文文本为准 · The Chinese text is authoritative; the English text is a translation."
        ),
    };
    let keywords: Vec<String> = match &m.keywords {
        Some(k) => edition
            .langs()
            .iter()
            .flat_map(|g| k.get(*g).clone())
            .collect(),
        None => Vec::new(),
    };
    let pdf_title = match edition {
        Edition::Bilingual => format!("{} · {}", m.title.zh, m.title.en),
        _ => main(&m.title),
    };
    json!({
        "edition": edition.name(),
        "lang": lang.code(),
        "meta": {
            "title": main(&m.title),
            "title_en": if edition == Edition::Bilingual { json!(m.title.en) } else { Value::Null },
            "issuer": main(&m.issuer),
            "date": date_text(&m.issue_date, lang),
            "document_number": m.document_number.as_ref().map(main),
            "edition": m.edition.as_ref().map(main),
            "language_note": language_note,
            "author": main(&m.issuer),
            "keywords": keywords,
            "pdf_title": pdf_title,
        },
        "labels": labels(lang),
        "notice": m.notice.as_ref().map(|n| json!({
            "addressees": main(&n.addressees),
            "body": main(&n.body).split('\n').filter(|p| !p.trim().is_empty()).collect::<Vec<_>>(),
            "office": main(&n.office),
            "date": main(&n.date),
            "disclosure": n.disclosure.as_ref().map(main),
        })),
        "indicator_table": indicator_table(plan, lang),
        "chapters": plan.chapters.iter().filter_map(|pair| {
            let first = pair.get(lang).or(pair.zh.as_ref())?;
            let title = per_lang(edition, |g| json!(pair.get(g).map(|c| c.title.clone()).unwrap_or_default()));
            let short = per_lang(edition, |g| json!(pair.get(g).map(|c| c.nav_title().to_string()).unwrap_or_default()));
            Some(json!({
                "id": first.id,
                "title": title,
                "short_title": short,
                "blocks": blocks(edition, pair.zh.as_ref(), pair.en.as_ref()),
            }))
        }).collect::<Vec<_>>(),
        "targets": index_order(plan).into_iter().map(|t| json!({
            "id": t.id,
            "entry": loc(&t.indicator),
            "value": per_lang(edition, |g| json!(value_with_year(t, &t.target, g))),
            "nature": per_lang(edition, |g| json!(t.nature.label(g))),
        })).collect::<Vec<_>>(),
    })
}

/// `{"zh": …, "en": …}` with the edition's languages only.
fn per_lang(edition: Edition, f: impl Fn(Lang) -> Value) -> Value {
    let mut map = Map::new();
    for lang in edition.langs() {
        map.insert(lang.code().to_string(), f(*lang));
    }
    Value::Object(map)
}

fn value_with_year(t: &Target, v: &YearValue, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}（{}年）", values::display(t, v, lang), v.year),
        Lang::En => format!("{} ({})", values::display(t, v, lang), v.year),
    }
}

/// `2021-12-17` → `2021年12月17日` / `17 December 2021`.
pub fn date_text(iso: &str, lang: Lang) -> String {
    let parts: Vec<u32> = iso.split('-').filter_map(|p| p.parse().ok()).collect();
    let [y, m, d] = parts[..] else {
        return iso.to_string();
    };
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match lang {
        Lang::Zh => format!("{y}年{m}月{d}日"),
        Lang::En => format!(
            "{d} {} {y}",
            MONTHS.get(m.saturating_sub(1) as usize).unwrap_or(&"")
        ),
    }
}

fn labels(lang: Lang) -> Value {
    match lang {
        Lang::Zh => json!({
            "contents": "目录", "indicators": "主要指标", "index": "目标索引",
            "index_note": "页码加粗者为目标定义所在页，其余为基期值和提及所在页。",
            "notice": "印发通知", "page": "第{}页", "defined": "定义", "mentioned": "提及", "baseline": "基期",
        }),
        Lang::En => json!({
            "contents": "Contents", "indicators": "Main Indicators", "index": "Index of Targets",
            "index_note": "Page numbers in bold show where a target is defined; the others show its baseline and mentions.",
            "notice": "Issuing Notice", "page": "p. {}", "defined": "defined", "mentioned": "mentioned", "baseline": "baseline",
        }),
    }
}

/// The main-indicator table (主要指标) in the form Chinese plans print it.
fn indicator_table(plan: &Plan, lang: Lang) -> Value {
    let targets = index_order(plan);
    let years = |f: fn(&Target) -> Option<i32>| {
        let mut ys: Vec<i32> = targets.iter().filter_map(|t| f(t)).collect();
        ys.sort_unstable();
        ys.dedup();
        ys
    };
    let base_years = years(|t| t.baseline.as_ref().map(|b| b.year));
    let target_years = years(|t| Some(t.target.year));
    let col = |ys: &[i32], zh: &str, en: &str| match (ys, lang) {
        ([y], Lang::Zh) => format!("{y}年"),
        ([y], Lang::En) => y.to_string(),
        (_, Lang::Zh) => zh.to_string(),
        (_, Lang::En) => en.to_string(),
    };
    let columns = match lang {
        Lang::Zh => vec![
            "序号".to_string(),
            "指标".into(),
            "单位".into(),
            col(&base_years, "基期值", "Baseline"),
            col(&target_years, "目标值", "Target"),
            "属性".into(),
        ],
        Lang::En => vec![
            "No.".to_string(),
            "Indicator".into(),
            "Unit".into(),
            col(&base_years, "基期值", "Baseline"),
            col(&target_years, "目标值", "Target"),
            "Nature".into(),
        ],
    };
    let bare = |t: &Target, v: &YearValue, single_year: bool| {
        let mut unitless = t.clone();
        unitless.unit = Localized {
            zh: String::new(),
            en: String::new(),
        };
        let text = values::display(&unitless, v, lang);
        if single_year {
            text
        } else {
            match lang {
                Lang::Zh => format!("{text}（{}年）", v.year),
                Lang::En => format!("{text} ({})", v.year),
            }
        }
    };
    let rows: Vec<Vec<String>> = targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            vec![
                (i + 1).to_string(),
                t.indicator.get(lang).clone(),
                t.unit.get(lang).clone(),
                t.baseline
                    .as_ref()
                    .map(|b| bare(t, b, base_years.len() == 1))
                    .unwrap_or_else(|| "—".into()),
                bare(t, &t.target, target_years.len() == 1),
                t.nature.label(lang).to_string(),
            ]
        })
        .collect();
    let title = match lang {
        Lang::Zh => format!(
            "{}主要指标",
            plan.meta
                .short_title
                .as_ref()
                .unwrap_or(&plan.meta.title)
                .zh
        ),
        Lang::En => format!(
            "Main Indicators of the {}",
            plan.meta
                .short_title
                .as_ref()
                .unwrap_or(&plan.meta.title)
                .en
        ),
    };
    json!({ "title": title, "columns": columns, "rows": rows })
}

/// The chapter's blocks (headings and paragraphs) side by side for the edition's languages.
/// The skeleton check guarantees zh and en line up; the zh file drives the order.
fn blocks(edition: Edition, zh: Option<&Chapter>, en: Option<&Chapter>) -> Vec<Value> {
    let primary = match edition {
        Edition::En => en,
        _ => zh,
    };
    let Some(primary) = primary else {
        return Vec::new();
    };
    let other_side = |lang: Lang| match lang {
        Lang::Zh => zh,
        Lang::En => en,
    };
    let mut out = Vec::new();
    let mut heading_done: Vec<bool> = vec![false; primary.headings.len()];
    let emit_heading = |i: usize, out: &mut Vec<Value>| {
        let h = &primary.headings[i];
        let mut v = json!({ "kind": "heading", "level": h.level, "id": h.id });
        for lang in edition.langs() {
            let runs = other_side(*lang)
                .and_then(|c| c.headings.get(i))
                .map(|h| runs(&h.inlines))
                .unwrap_or_default();
            v[lang.code()] = Value::Array(runs);
        }
        out.push(v);
    };
    for block in &primary.blocks {
        if let Some(h) = block.heading {
            for (i, done) in heading_done.iter_mut().enumerate().take(h + 1) {
                if !*done {
                    *done = true;
                    emit_heading(i, &mut out);
                }
            }
        }
        out.push(block_value(edition, block, |lang| {
            other_side(lang).and_then(|c| c.block(&block.key))
        }));
    }
    for (i, done) in heading_done.iter().enumerate() {
        if !done {
            emit_heading(i, &mut out);
        }
    }
    out
}

fn block_value<'a>(
    edition: Edition,
    block: &Block,
    side: impl Fn(Lang) -> Option<&'a Block>,
) -> Value {
    let (kind, number) = match block.kind {
        BlockKind::Paragraph => ("para", Value::Null),
        BlockKind::ListItem { ordered: Some(n) } => ("item", json!(format!("{n}."))),
        BlockKind::ListItem { ordered: None } => ("item", Value::Null),
    };
    let mut v = json!({ "kind": kind, "anchor": block.anchor(), "number": number });
    for lang in edition.langs() {
        v[lang.code()] = Value::Array(side(*lang).map(|b| runs(&b.inlines)).unwrap_or_default());
    }
    v
}

/// Inline runs as JSON: text, bold, italic, code, tags, links, breaks.
fn runs(inlines: &[Inline]) -> Vec<Value> {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text(t) => json!({ "t": t }),
            Inline::Strong(c) => json!({ "b": runs(c) }),
            Inline::Emph(c) => json!({ "i": runs(c) }),
            Inline::Code(t) => json!({ "code": t }),
            Inline::Link { href, children } => json!({ "link": href, "c": runs(children) }),
            Inline::Tag(tag) => json!({
                "tag": match tag.kind { TagKind::Define => "define", TagKind::Baseline => "baseline", TagKind::Mention => "mention" },
                "id": tag.target,
                "t": tag.text,
            }),
            Inline::LineBreak => json!({ "br": true }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally() {
        assert_eq!(date_text("2021-12-17", Lang::Zh), "2021年12月17日");
        assert_eq!(date_text("2021-12-17", Lang::En), "17 December 2021");
        assert_eq!(date_text("someday", Lang::En), "someday");
    }

    #[test]
    fn hostile_text_stays_a_json_string() {
        let v = runs(&[Inline::Text("#read(\"/etc/passwd\") *b* $x$".into())]);
        assert_eq!(v[0]["t"], "#read(\"/etc/passwd\") *b* $x$");
    }
}
