//! What the site says about a target, in words: values, tooltips, areas, places in the text.

use super::urls;
use crate::index::Location;
use crate::model::{Chapter, Heading, Lang, Plan, Target, ValueKind, YearValue};
use crate::present::labels::label;
use std::collections::HashMap;

pub use crate::present::value::{capitalize, indicator, value, value_at};

/// A plain number at a year (a recorded progress value, a chart point).
pub fn exact(year: i32, value: f64) -> YearValue {
    YearValue {
        year,
        kind: ValueKind::Exact,
        value: Some(value),
        max: None,
        ratio: None,
        text: None,
        display: None,
        stated: None,
    }
}

/// `label：value` / `Label: value`.
pub fn labeled(lang: Lang, key: &str, value: &str) -> String {
    format!("{}{}{value}", label(lang, key), sep(lang))
}

/// The tooltip of a tagged target: indicator, target with year, baseline with year.
pub fn tip(target: &Target, lang: Lang) -> String {
    let mut parts = vec![labeled(
        lang,
        "target",
        &value_at(target, &target.target, lang),
    )];
    if let Some(b) = &target.baseline {
        parts.push(labeled(lang, "baseline", &value_at(target, b, lang)));
    }
    let indicator = target.indicator.get(lang);
    match lang {
        Lang::Zh => format!("{indicator}｜{}", parts.join("；")),
        Lang::En => format!("{} — {}", capitalize(indicator), parts.join("; ")),
    }
}

fn sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}

/// Does the target have a number that can be charted?
pub fn is_numeric(v: &YearValue) -> bool {
    v.value.is_some()
        && !matches!(
            v.kind,
            ValueKind::Ratio | ValueKind::Rank | ValueKind::Qualitative | ValueKind::Growth
        )
}

/// A place in the text as a link from `page`: (href, "chapter · section").
pub fn place(loc: &Location, page: &str) -> (String, String) {
    let href = format!(
        "{}#{}",
        urls::rel(page, &urls::chapter(loc.lang, &loc.chapter)),
        loc.anchor
    );
    let text = match &loc.section_title {
        Some(section) => format!("{} · {}", loc.chapter_title, section),
        None => loc.chapter_title.clone(),
    };
    (href, text)
}

/// Where each area (a chapter or section ID) is, per language, looked up once for the site:
/// every target page names its area.
pub struct Areas<'a> {
    /// zh then en: the chapter holding each ID (the first, in plan order, as the chapter's own
    /// ID or a heading's), and the heading when it is a section.
    by_id: [HashMap<&'a str, (&'a Chapter, Option<&'a Heading>)>; 2],
}

impl<'a> Areas<'a> {
    pub fn new(plan: &'a Plan) -> Self {
        let by_id = Lang::ALL.map(|lang| {
            let mut map: HashMap<&str, (&Chapter, Option<&Heading>)> = HashMap::new();
            for ch in plan
                .chapters
                .iter()
                .filter_map(|pair| pair.get(lang).or(pair.get(lang.other())))
            {
                map.entry(ch.id.as_str()).or_insert((ch, None));
                for h in &ch.headings {
                    if let Some(id) = h.id.as_deref() {
                        map.entry(id).or_insert((ch, Some(h)));
                    }
                }
            }
            map
        });
        Areas { by_id }
    }

    /// The title of an area in `lang`, and where it is (none for an ID no chapter has).
    pub fn get(&self, area: &str, lang: Lang) -> (String, Option<String>) {
        match self.by_id[lang.index()].get(area) {
            Some((ch, None)) => (ch.title.clone(), Some(urls::chapter(lang, &ch.id))),
            Some((ch, Some(h))) => (
                h.text.clone(),
                Some(format!("{}#{}", urls::chapter(lang, &ch.id), area)),
            ),
            None => (area.to_string(), None),
        }
    }
}
