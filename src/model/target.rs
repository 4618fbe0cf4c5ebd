use super::lookup::IdLookup;
use super::Localized;
use serde::{Deserialize, Serialize};

/// `targets.yaml`: the registry of the plan's quantitative targets.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetRegistry {
    pub targets: Vec<Target>,
    #[serde(skip)]
    by_id: IdLookup,
}

impl TargetRegistry {
    pub fn get(&self, id: &str) -> Option<&Target> {
        self.by_id.find(&self.targets, id, |t| &t.id)
    }
}

/// One target: an indicator, where it starts, where it is to be by when.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub id: String,
    pub indicator: Localized,
    /// The chapter (or sector) the target belongs to, used to group the index.
    pub area: String,
    /// Unit as written in each language, e.g. `{zh: 亿元, en: 100 million yuan}`; empty for counts
    /// with a measure word only when the measure word is given here (家, 个).
    pub unit: Localized,
    pub nature: Nature,
    #[serde(default)]
    pub baseline: Option<YearValue>,
    pub target: YearValue,
    /// A stretch value the plan strives for (力争 …) beyond the target.
    #[serde(default)]
    pub ambition: Option<YearValue>,
    #[serde(default)]
    pub progress: Vec<Progress>,
    /// Line of the entry's `id:` in targets.yaml, filled in by the loader.
    #[serde(skip)]
    pub line: usize,
}

/// 预期性 (expected) or 约束性 (binding); `unstated` where the plan does not say (a target
/// found in the prose by `plandoc targets suggest`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Nature {
    Expected,
    Binding,
    Unstated,
}

impl Nature {
    pub fn label(self, lang: super::Lang) -> &'static str {
        match (self, lang) {
            (Nature::Expected, super::Lang::Zh) => "预期性",
            (Nature::Binding, super::Lang::Zh) => "约束性",
            (Nature::Expected, super::Lang::En) => "expected",
            (Nature::Binding, super::Lang::En) => "binding",
            (Nature::Unstated, super::Lang::Zh) => "未注明",
            (Nature::Unstated, super::Lang::En) => "not stated",
        }
    }
}

/// A value at a year: a baseline, a target or an ambition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearValue {
    pub year: i32,
    #[serde(default)]
    pub kind: ValueKind,
    /// The number, in the target's unit (for a range: the lower bound; for a rank: the place).
    #[serde(default)]
    pub value: Option<f64>,
    /// Upper bound of a range.
    #[serde(default)]
    pub max: Option<f64>,
    /// Parts of a ratio, e.g. `[40, 60]`.
    #[serde(default)]
    pub ratio: Option<Vec<f64>>,
    /// Words for a rank's scope or a qualitative target, e.g. `{zh: 全省, en: the province}`.
    #[serde(default)]
    pub text: Option<Localized>,
    /// How the site and the PDFs show the value, e.g. `{zh: 全省前三, en: top three in the
    /// province}`. Without it they show the plan's own words where it states the value (the
    /// defining statement, the baseline tag), or else the value formatted from the registry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<Localized>,
    /// The plan's own words for the value, filled in for the back ends from the text
    /// (`index::with_stated_words`); never read from or written to targets.yaml.
    #[serde(skip)]
    pub stated: Option<Localized>,
}

/// Alias kept for readability where a value without a year is meant.
pub type TargetValue = YearValue;

/// How a value is bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueKind {
    /// 1500亿元
    #[default]
    Exact,
    /// 50%左右 / about 50%
    About,
    /// 42%以上, 不低于, 突破, 超过 / more than, at least
    AtLeast,
    /// 以内, 不超过 / at most
    AtMost,
    /// 2~3家 / 2 to 3
    Range,
    /// 40:60
    Ratio,
    /// 全省前三 / top three in the province
    Rank,
    /// 年均增长7.5% / average annual growth of 7.5%
    Growth,
    /// no number: stated in words
    Qualitative,
}

/// A monitored value (optional): what was reached in a year, and who says so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    pub year: i32,
    pub value: f64,
    pub source: String,
}
