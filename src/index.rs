//! The target index: for every registered target, where it is defined, where its baseline is
//! stated and where it is mentioned, in both languages. One model read by every back end
//! (site, PDFs, data exports, `plandoc targets`).

use crate::model::{Block, Chapter, IdLookup, Lang, Plan, Tag, TagKind, Target};
use serde::Serialize;
use std::collections::HashMap;

/// A place in the text where a target is tagged.
#[derive(Debug, Clone, Serialize)]
pub struct Location {
    pub lang: Lang,
    pub kind: TagKind,
    pub chapter: String,
    pub chapter_title: String,
    /// The heading the block is under (ID and text), if any.
    pub section: Option<String>,
    pub section_title: Option<String>,
    /// Block key (`achievements.3`) and its HTML anchor (`achievements-3`).
    pub block: String,
    pub anchor: String,
    /// The tagged words, e.g. `1500亿元`.
    pub text: String,
    /// Source position, for `plandoc targets` and editors.
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// Everything known about one target's places in the text.
#[derive(Debug, Clone, Serialize)]
pub struct TargetRefs {
    pub id: String,
    /// Definition per language (zh first).
    pub definitions: Vec<Location>,
    pub baselines: Vec<Location>,
    pub mentions: Vec<Location>,
}

impl TargetRefs {
    pub fn definition(&self, lang: Lang) -> Option<&Location> {
        self.definitions.iter().find(|l| l.lang == lang)
    }

    /// Baselines and mentions in one language, in document order.
    pub fn references(&self, lang: Lang) -> impl Iterator<Item = &Location> {
        self.baselines
            .iter()
            .chain(&self.mentions)
            .filter(move |l| l.lang == lang)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetIndex {
    /// In registry order.
    pub targets: Vec<TargetRefs>,
    #[serde(skip)]
    by_id: IdLookup,
}

impl TargetIndex {
    pub fn get(&self, id: &str) -> Option<&TargetRefs> {
        self.by_id.find(&self.targets, id, |t| &t.id)
    }

    /// Collects every tag of the plan. Tags naming unknown targets are skipped (check reports them).
    pub fn build(plan: &Plan) -> TargetIndex {
        let mut targets: Vec<TargetRefs> = plan
            .targets
            .targets
            .iter()
            .map(|t| TargetRefs {
                id: t.id.clone(),
                definitions: vec![],
                baselines: vec![],
                mentions: vec![],
            })
            .collect();
        for lang in Lang::ALL {
            for pair in &plan.chapters {
                let Some(ch) = pair.get(lang) else { continue };
                for block in &ch.blocks {
                    for tag in block.tags() {
                        let Some(entry) = targets.iter_mut().find(|t| t.id == tag.target) else {
                            continue;
                        };
                        let loc = location(plan, ch, block, tag);
                        match tag.kind {
                            TagKind::Define => entry.definitions.push(loc),
                            TagKind::Baseline => entry.baselines.push(loc),
                            TagKind::Mention => entry.mentions.push(loc),
                        }
                    }
                }
            }
        }
        TargetIndex {
            targets,
            by_id: IdLookup::default(),
        }
    }
}

fn location(plan: &Plan, ch: &Chapter, block: &Block, tag: &Tag) -> Location {
    let heading = ch.heading_of(block);
    let (line, column) = plan.sources.line_col(tag.span.file, tag.span.start);
    Location {
        lang: ch.lang,
        kind: tag.kind,
        chapter: ch.id.clone(),
        chapter_title: ch.title.clone(),
        section: heading.and_then(|h| h.id.clone()),
        section_title: heading.map(|h| h.text.clone()),
        block: block.key.clone(),
        anchor: block.anchor(),
        text: tag.text.clone(),
        file: plan.sources.file(tag.span.file).path.display().to_string(),
        line,
        column,
    }
}

/// The targets in the order the printed and web indexes list them: by area (in chapter order,
/// areas that are not chapter or section IDs last), then registry order.
pub fn index_order(plan: &Plan) -> Vec<&Target> {
    // Each area's rank, the first time it appears (a map: 4,000 targets at 100 plans).
    let mut order: HashMap<&str, usize> = HashMap::new();
    for pair in &plan.chapters {
        if let Some(ch) = pair.zh.as_ref().or(pair.en.as_ref()) {
            let areas = std::iter::once(ch.id.as_str())
                .chain(ch.headings.iter().filter_map(|h| h.id.as_deref()));
            for area in areas {
                let next = order.len();
                order.entry(area).or_insert(next);
            }
        }
    }
    let rank = |area: &str| order.get(area).copied().unwrap_or(usize::MAX);
    let mut targets: Vec<(usize, usize, &Target)> = plan
        .targets
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| (rank(&t.area), i, t))
        .collect();
    targets.sort_by_key(|(r, i, _)| (*r, *i));
    targets.into_iter().map(|(_, _, t)| t).collect()
}

/// The plan with the display form of each target value and baseline filled in from the plan's
/// own words, wherever the registry sets none: the text of the defining statement (the first
/// baseline tag) in each language, so the site shows 全省前三 where the plan says 全省前三, not
/// a number formatted from the registry. Words that do not say the unit (a bare number in a
/// table cell, `1500`; `at least 3` where the unit is `parks`) are left out: the registry's
/// formatting says more. Every back end that shows values renders from this plan.
pub fn with_stated_words(plan: &Plan, index: &TargetIndex) -> Plan {
    let mut out = plan.clone();
    for t in &mut out.targets.targets {
        let Some(refs) = index.get(&t.id) else {
            continue;
        };
        let words = |l: Option<&Location>, lang: Lang| {
            l.map(|l| l.text.trim().to_string())
                .filter(|w| says_its_unit(w, t.unit.get(lang), lang))
                .unwrap_or_default()
        };
        let target = (
            words(refs.definition(Lang::Zh), Lang::Zh),
            words(refs.definition(Lang::En), Lang::En),
        );
        let first = |lang| refs.baselines.iter().find(|l| l.lang == lang);
        let baseline = (
            words(first(Lang::Zh), Lang::Zh),
            words(first(Lang::En), Lang::En),
        );
        let fill = |v: &mut crate::model::YearValue, (zh, en): (String, String)| {
            if !(zh.is_empty() && en.is_empty()) {
                v.stated = Some(crate::model::Localized { zh, en });
            }
        };
        fill(&mut t.target, target);
        if let Some(b) = t.baseline.as_mut() {
            fill(b, baseline);
        }
    }
    out
}

/// Do the words of a tag say the value with its unit? A number alone does not; with a unit,
/// the words must hold its last word (`yuan` of `100 million yuan`) or, in Chinese, the unit
/// without its scale (`人次` of `万人次`, so `1亿人次` counts).
fn says_its_unit(words: &str, unit: &str, lang: Lang) -> bool {
    if !words.chars().any(|c| c.is_alphabetic() || c == '%') {
        return false;
    }
    let unit = unit.trim();
    let core = match lang {
        Lang::Zh => unit.trim_start_matches(['十', '百', '千', '万', '亿']),
        Lang::En => unit.rsplit(' ').next().unwrap_or(unit),
    };
    core.is_empty() || words.to_lowercase().contains(&core.to_lowercase())
}
