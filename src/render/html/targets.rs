//! The target index (grouped by area, with the main-indicator table) and one page per target.

use super::chart;
use super::facts;
use super::inline::Inlines;
use super::site::{Head, Page, Site};
use super::urls;
use crate::index::Location;
use crate::model::{Lang, Target};
use crate::present::indicators::{unit_column, MainTable};
use crate::present::labels::{label, year};
use serde_json::Value;

/// Links to places in the text.
fn places<'l>(locs: impl Iterator<Item = &'l Location>, page: &str) -> Vec<Value> {
    locs.map(|loc| {
        let (href, text) = facts::place(loc, page);
        object!({"href": href, "text": text, "baseline": loc.kind == crate::model::TagKind::Baseline})
    })
    .collect()
}

/// The table row values of a target.
fn row(site: &Site, t: &Target, lang: Lang, page: &str) -> Value {
    let refs = site.index.get(&t.id);
    let defined = refs
        .map(|r| places(r.definitions.iter().filter(|l| l.lang == lang), page))
        .unwrap_or_default();
    let mentioned = refs
        .map(|r| places(r.references(lang), page))
        .unwrap_or_default();
    object!({
        "id": t.id.as_str(),
        "href": urls::rel(page, &urls::target(lang, &t.id)),
        "indicator": facts::indicator(t, lang),
        "unit": t.unit.get(lang).as_str(),
        "baseline_at": t.baseline.as_ref().map(|b| facts::value_at(t, b, lang)),
        "baseline_year": t.baseline.as_ref().map(|b| year(b.year, lang)),
        "target_at": facts::value_at(t, &t.target, lang),
        "target_year": year(t.target.year, lang),
        "ambition_at": t.ambition.as_ref().map(|a| facts::value_at(t, a, lang)),
        "ambition_line": t.ambition.as_ref().map(|a| facts::labeled(lang, "ambition", &facts::value_at(t, a, lang))),
        "nature": crate::present::value::nature(t, lang),
        "defined": defined,
        "mentioned": mentioned,
    })
}

/// The main-indicator table (主要指标) as the PDFs print it (`present::indicators`), each row's
/// indicator a link to its target page.
fn main_table(site: &Site, lang: Lang, page: &str) -> Value {
    let Some(table) = MainTable::of(site.plan) else {
        return Value::Null;
    };
    let unit = unit_column(lang);
    let c = table.columns(lang, unit);
    let rows: Vec<Value> = table
        .rows(lang, unit)
        .into_iter()
        .map(|r| {
            let c = r.cells;
            object!({
                "href": urls::rel(page, &urls::target(lang, &r.id)),
                "no": c.no,
                "indicator": c.indicator,
                "unit": c.unit,
                "baseline": c.baseline,
                "target": c.target,
                "nature": c.nature,
            })
        })
        .collect();
    object!({
        "title": table.title(lang),
        "columns": object!({
            "no": c.no, "indicator": c.indicator, "unit": c.unit,
            "baseline": c.baseline, "target": c.target, "nature": c.nature,
        }),
        "rows": rows,
    })
}

pub fn index_page(site: &Site, lang: Lang) -> Page {
    let url = urls::targets(lang);
    let mut groups: Vec<Value> = Vec::new();
    let mut current: Option<String> = None;
    for t in crate::index::index_order(site.plan) {
        if current.as_deref() != Some(t.area.as_str()) {
            let (title, href) = site.areas.get(&t.area, lang);
            groups.push(object!({
                "title": title,
                "href": href.map(|h| urls::rel(&url, &h)),
                "id": format!("area-{}", t.area),
                "targets": Vec::<Value>::new(),
            }));
            current = Some(t.area.clone());
        }
        if let Some(Value::Array(list)) = groups.last_mut().map(|g| &mut g["targets"]) {
            list.push(row(site, t, lang, &url));
        }
    }
    let own = object!({
        "main": main_table(site, lang, &url),
        "groups": groups,
        "count": site.plan.targets.targets.len(),
    });
    let head = Head {
        url: url.clone(),
        lang: Some(lang),
        title: label(lang, "targets").to_string(),
        versions: site.versions_of(urls::targets),
        nav: "targets",
        crumbs: vec![(label(lang, "targets").to_string(), None)],
        kind: "targets",
    };
    let mut page = site.page(head, "targets.html", own);
    // The index repeats every indicator; searches should land on the text and target pages.
    page.searchable = false;
    page
}

/// The text of the block a location points to, rendered for a target page in `lang` (`page`
/// is one of them: they share a folder, so the links are the same from each).
fn block_html(site: &Site, loc: &Location, page: &str, lang: Lang) -> Option<String> {
    let key = (loc.chapter.clone(), loc.block.clone(), loc.lang, lang);
    site.quoted(key, || {
        let ch = site.plan.chapter(&loc.chapter)?.get(loc.lang)?;
        let block = ch.block(&loc.block)?;
        Some(
            Inlines {
                plan: site.plan,
                page,
                lang: loc.lang,
                notes: None,
            }
            .render(&block.inlines),
        )
    })
}

pub fn target_page(site: &Site, t: &Target, lang: Lang) -> Page {
    let url = urls::target(lang, &t.id);
    let refs = site.index.get(&t.id);
    let statements: Vec<Value> = [lang, lang.other()]
        .into_iter()
        .filter_map(|l| {
            let loc = refs?.definition(l)?;
            let (href, place) = facts::place(loc, &url);
            Some(object!({
                "html_lang": l.bcp47(),
                "same_lang": l == lang,
                "language": match l { Lang::Zh => "中文", Lang::En => "English" },
                "html": block_html(site, loc, &url, lang),
                "href": href,
                "place": place,
            }))
        })
        .collect();
    let mentions: Vec<Value> = refs
        .map(|r| {
            r.references(lang)
                .map(|loc| {
                    let (href, place) = facts::place(loc, &url);
                    object!({
                        "href": href,
                        "place": place,
                        "html": block_html(site, loc, &url, lang),
                        "baseline": loc.kind == crate::model::TagKind::Baseline,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let (area, area_href) = site.areas.get(&t.area, lang);
    let progress: Vec<Value> = t
        .progress
        .iter()
        .map(|p| {
            object!({
                "year": year(p.year, lang),
                "value": facts::value(t, &facts::exact(p.year, p.value), lang),
                "source": p.source.as_str(),
            })
        })
        .collect();
    let own = object!({
        "target": row(site, t, lang, &url),
        "other_indicator": site.plan.has_english().then(|| facts::indicator(t, lang.other())),
        "other_lang": lang.other().bcp47(),
        "area": area,
        "area_href": area_href.map(|h| urls::rel(&url, &h)),
        "chart_html": chart::svg(t, lang),
        "unit_line": (!t.unit.get(lang).is_empty()).then(|| facts::labeled(lang, "unit", t.unit.get(lang))),
        "progress": progress,
        "statements": statements,
        "mentions": mentions,
        "index_href": urls::rel(&url, &urls::targets(lang)),
    });
    let indicator = facts::indicator(t, lang);
    let head = Head {
        url: url.clone(),
        lang: Some(lang),
        title: indicator.clone(),
        versions: site.versions_of(|l| urls::target(l, &t.id)),
        nav: "targets",
        crumbs: vec![
            (
                label(lang, "targets").to_string(),
                Some(urls::targets(lang)),
            ),
            (indicator, None),
        ],
        kind: "target",
    };
    site.page(head, "target.html", own)
}
