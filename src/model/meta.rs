use super::{Lang, Localized};
use serde::{Deserialize, Serialize};

/// `plan.yaml`: what the plan is, who issued it and how it is published.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanMeta {
    /// Language-neutral identifier, used in file names and metadata.
    pub id: String,
    pub title: Localized,
    /// Short title for running heads and the browser tab; defaults to the title.
    #[serde(default)]
    pub short_title: Option<Localized>,
    pub issuer: Localized,
    /// ISO date, e.g. `2021-12-17`.
    pub issue_date: String,
    #[serde(default)]
    pub document_number: Option<Localized>,
    pub languages: Vec<Lang>,
    /// The language whose text is authoritative (zh).
    pub authoritative: Lang,
    /// A one-paragraph summary for the home page and metadata.
    #[serde(default)]
    pub summary: Option<Localized>,
    #[serde(default)]
    pub keywords: Option<Localized<Vec<String>>>,
    /// Edition line printed on the cover, e.g. `2021年12月` / `December 2021`.
    #[serde(default)]
    pub edition: Option<Localized>,
    /// The issuing notice (印发通知) that precedes the plan.
    #[serde(default)]
    pub notice: Option<Notice>,
    #[serde(default)]
    pub site: SiteSettings,
    /// How the PDF editions are laid out (`print: {layout: gb9704}`).
    #[serde(default)]
    pub print: PrintSettings,
    /// The parts (篇) above the chapters, in order; empty for a plan without parts.
    #[serde(default)]
    pub parts: Vec<Part>,
}

/// A part (篇) of the plan: chapters name it in their front matter (`part: economy`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub id: String,
    /// With the plan's own numbering: `第一篇 总体要求` / `Part I General Requirements`.
    pub title: Localized,
    #[serde(default)]
    pub short_title: Option<Localized>,
}

/// The issuing notice: addressees, body, issuing office, date and the disclosure note.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    pub addressees: Localized,
    pub body: Localized,
    pub office: Localized,
    pub date: Localized,
    #[serde(default)]
    pub disclosure: Option<Localized>,
}

/// How the site is published.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    /// The URL path (or absolute URL) the site is served under; `/` by default.
    #[serde(default = "default_base_url")]
    pub base_url: String,
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            base_url: default_base_url(),
        }
    }
}

fn default_base_url() -> String {
    "/".to_string()
}

/// How the PDF editions are printed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintSettings {
    /// `book` (the default) or `gb9704`, the official-document layout of GB/T 9704-2012.
    #[serde(default)]
    pub layout: PrintLayout,
    /// The red letterhead (红头) over the issuing notice in the `gb9704` layout: the issuing
    /// authority's mark in red (the notice's office, unless given here), the document number
    /// (`document_number`) and the red rule.
    #[serde(default)]
    pub letterhead: Option<Letterhead>,
    /// The imprint (版记) on the last page in the `gb9704` layout.
    #[serde(default)]
    pub imprint: Option<Imprint>,
}

/// The page layout of the PDF editions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrintLayout {
    /// The book layout: A4, 11 pt text, chapters on new pages, running heads.
    #[default]
    Book,
    /// GB/T 9704-2012 (党政机关公文格式): 22 lines of 28 characters in 3号 仿宋.
    Gb9704,
}

/// The letterhead (红头) of the `gb9704` layout.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Letterhead {
    /// The issuing authority's mark (发文机关标志), e.g. `湘潭市人民政府办公室文件`; the notice's
    /// office when left out.
    #[serde(default)]
    pub authority: Option<Localized>,
}

/// The imprint (版记) of the `gb9704` layout: copies to, printing office and printing date.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Imprint {
    /// 抄送 (the offices that receive copies), without the `抄送：` label.
    #[serde(default)]
    pub copies_to: Option<Localized>,
    /// 印发机关, e.g. `湘潭市人民政府办公室`.
    pub office: Localized,
    /// 印发日期 as printed, e.g. `2021年12月17日印发` is written `2021年12月17日`.
    pub date: Localized,
}

/// `glossary.yaml`: the controlled zh → en terms.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    pub terms: Vec<GlossaryTerm>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryTerm {
    pub zh: String,
    /// The controlled rendering.
    pub en: String,
    /// Other accepted English forms (plural, adjective, short form).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Line of the entry in glossary.yaml, filled in by the loader.
    #[serde(skip)]
    pub line: usize,
}
