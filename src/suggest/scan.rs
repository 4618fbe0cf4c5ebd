//! Finding target statements in the plain text of a zh block: sentences and clauses, their time
//! (a future horizon or the past), the value expressions in them, and the indicator each one
//! measures.

use crate::model::{Block, Plan, ValueKind};
use crate::translate::numbers::zh_numbers;
use crate::values::{self, parse};

/// The plan's period, e.g. 2021–2025 for a “十四五” plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: i32,
    pub end: i32,
}

/// The five-year-plan numbers and the last year of each period.
const FIVE_YEAR_PLANS: &[(&str, i32)] = &[
    ("十三五", 2020),
    ("十四五", 2025),
    ("十五五", 2030),
    ("十六五", 2035),
];

/// The plan's period: from its title (“十四五”), else the most common target year of its
/// registry, else the five years from its issue date.
pub fn period(plan: &Plan) -> Period {
    let title = &plan.meta.title.zh;
    if let Some((_, end)) = FIVE_YEAR_PLANS.iter().find(|(n, _)| title.contains(n)) {
        return Period {
            start: end - 4,
            end: *end,
        };
    }
    let mut years: Vec<i32> = plan.targets.targets.iter().map(|t| t.target.year).collect();
    years.sort();
    let common = years
        .chunk_by(|a, b| a == b)
        .max_by_key(|c| c.len())
        .map(|c| c[0]);
    let end = common.unwrap_or_else(|| {
        plan.meta
            .issue_date
            .get(..4)
            .and_then(|y| y.parse::<i32>().ok())
            .map_or(2030, |y| y + 4)
    });
    Period {
        start: end - 4,
        end,
    }
}

/// Does a heading announce the plan's objectives (发展目标, 主要目标, 目标任务)?
pub(super) fn announces_goals(heading: &str) -> bool {
    heading.contains("目标") && !heading.contains("回顾")
}

/// A statement found in a block, and the registry entry it proposes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Found {
    /// The clause that states the target.
    pub statement: String,
    /// The tagged words: `超过60%`.
    pub expression: String,
    /// Which occurrence of `expression` in the block's text this is (0 = the first).
    #[serde(skip)]
    pub offset_hint: usize,
    pub indicator: String,
    pub unit: String,
    pub kind: ValueKind,
    pub value: Option<f64>,
    pub max: Option<f64>,
    pub ratio: Option<Vec<f64>>,
    /// The words of a rank's scope or a qualitative end-state.
    pub text: Option<String>,
    pub year: i32,
    /// A baseline stated for the same indicator in the same block: (year, value in `unit`).
    pub baseline: Option<(i32, f64)>,
    /// 0–1: how sure the finder is that this is a target.
    pub confidence: f64,
}

/// Words before a number that belong to the tagged expression (they set its kind).
const PREFIXES: &[&str] = &[
    "年均增速达",
    "年均增速",
    "年均增长",
    "年均提高",
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "突破",
    "超过",
    "超",
];
/// Words after a number that belong to the tagged expression.
const SUFFIXES: &[&str] = &["以上", "以下", "以内", "左右"];
/// Units and measure words after a number (after its scale 万/亿), longest first.
const UNITS: &[&str] = &[
    "个百分点",
    "平方公里",
    "万平方米",
    "平方米",
    "标准箱",
    "千瓦时",
    "人次",
    "美元",
    "公里",
    "千米",
    "千瓦",
    "元",
    "人",
    "家",
    "个",
    "项",
    "所",
    "座",
    "条",
    "处",
    "名",
    "户",
    "张",
    "床",
    "吨",
    "亩",
    "台",
    "辆",
    "套",
    "倍",
    "岁",
    "天",
    "万",
];
/// Measure words that count things a plan builds or grows (家 enterprises, 个 parks …).
const COUNT_UNITS: &[&str] = &[
    "家", "个", "项", "所", "座", "条", "处", "名", "户", "张", "床",
];
/// Verbs that set a count: 形成4个示范区, 培育8家龙头企业.
const COUNT_VERBS: &[&str] = &[
    "形成", "培育", "建成", "建设", "打造", "新增", "引进", "创建", "新建", "发展", "认定", "引育",
    "达到",
];
/// Verbs right before a value that state it as reached.
const VALUE_VERBS: &[&str] = &[
    "达到",
    "提高到",
    "提升到",
    "提高至",
    "提升至",
    "增长到",
    "增长至",
    "增至",
    "控制在",
    "保持在",
    "稳定在",
    "调整到",
    "调整为",
    "迈上",
    "达",
    "为",
    "至",
    "到",
    "实现",
];
/// What starts a clause and is not part of the indicator.
const LEADS: &[&str] = &[
    "力争",
    "全市",
    "我市",
    "全区",
    "全县",
    "全省",
    "其中",
    "同时",
    "实现",
    "推动",
    "推进",
    "进一步",
    "确保",
    "使",
    "将",
    "基本",
    "主要",
    "并",
    "和",
    "及",
    "形成",
    "培育",
    "建成",
    "建设",
    "打造",
    "引进",
    "创建",
    "新建",
    "引育",
    "集聚",
    "争取",
];
/// Verbs between an indicator and an end-state: `…水平进入全省前列`.
const TRAILS: &[&str] = &[
    "进入",
    "位居",
    "处于",
    "居于",
    "保持",
    "打造成为",
    "打造成",
    "建设成为",
    "成为",
    "走在",
    "力争",
    "达到",
    "超",
];
/// Verbs anywhere before a value in its clause that state it as a goal: `实现服务业增加值1500亿元`.
const GOAL_VERBS: &[&str] = &[
    "实现",
    "达到",
    "力争",
    "保持",
    "突破",
    "超过",
    "提高到",
    "提升到",
    "提高至",
    "提升至",
];
/// Markers of the past in a clause.
const PAST: &[&str] = &[
    "同比",
    "比上年",
    "较上年",
    "截至",
    "已经",
    "已达",
    "已成为",
    "累计完成",
    "十三五",
    "上一轮",
];

/// The value expressions of a block that state targets.
pub(super) fn block(block: &Block, period: &Period, goal_section: bool) -> Vec<Found> {
    let text = &block.text;
    let mut out: Vec<Found> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // A block that opens with its horizon (`到2025年，…`) sets it for every sentence.
    let mut block_horizon = None;
    for (si, sentence) in split_keep(text, &['。', '！', '？'])
        .into_iter()
        .enumerate()
    {
        let mut horizon: Option<(i32, bool)> = None;
        let mut subject = String::new();
        for clause in split_keep(sentence, &['，', '；', '：']) {
            let clause_time = time_of(clause, period);
            match clause_time {
                Time::Future(y) => {
                    horizon = Some((y, true));
                    if si == 0 && is_pure_horizon(clause) {
                        block_horizon = Some(y);
                    }
                }
                Time::Past => horizon = None,
                Time::None => {}
            }
            if matches!(clause_time, Time::Past) {
                continue;
            }
            let (year, own) = match (horizon, block_horizon, goal_section) {
                (Some((y, own)), _, _) => (y, own),
                (None, Some(y), _) => (y, false),
                (None, None, true) => (period.end, false),
                _ => continue,
            };
            let mut counting = false;
            for part in list_items(clause) {
                // `形成4个示范区、400家企业`: the count verb of the first part governs the rest.
                counting |= COUNT_VERBS.iter().any(|v| part.contains(v));
                for found in values_in(part, clause, &subject, year, own, goal_section, counting) {
                    let n = seen.entry(found.expression.clone()).or_default();
                    let mut found = found;
                    if let Some(whole) = elliptic(&found.indicator, &subject) {
                        found.indicator = whole;
                    }
                    found.offset_hint =
                        occurrences_before(text, sentence, clause, part, &found.expression, *n);
                    *n += 1;
                    // The subject is the last indicator named in full, not one built on it.
                    if subject.is_empty() || !found.indicator.starts_with(subject.as_str()) {
                        subject = found.indicator.clone();
                    }
                    found.baseline = baseline_for(text, &found.indicator, &found.unit);
                    out.push(found);
                }
            }
        }
    }
    out
}

/// Measures a plan names alone after a fuller name in the same sentence.
const MEASURES: &[&str] = &["营业收入", "增加值", "产值", "营收", "产业规模", "规模"];

/// `视觉智能产业营业收入达到11000亿元、产值达到6000亿元`: a measure named alone (`产值`) after
/// an indicator that ends with one is of the same thing (`视觉智能产业产值`).
fn elliptic(indicator: &str, subject: &str) -> Option<String> {
    if !MEASURES.contains(&indicator) {
        return None;
    }
    let thing = MEASURES
        .iter()
        .find_map(|m| subject.strip_suffix(m))
        .filter(|t| !t.is_empty())?;
    Some(format!("{thing}{indicator}"))
}

/// How many times `expr` occurs in `text` before this place, so the source locator takes the
/// right one; counted from the start of the block.
fn occurrences_before(
    text: &str,
    sentence: &str,
    clause: &str,
    part: &str,
    expr: &str,
    _n: usize,
) -> usize {
    let offset =
        sub_offset(text, sentence) + sub_offset(sentence, clause) + sub_offset(clause, part);
    let at = part.find(expr).map_or(offset, |i| offset + i);
    text[..at.min(text.len())].matches(expr).count()
}

/// Byte offset of `sub` (a slice of `whole`) in `whole`.
fn sub_offset(whole: &str, sub: &str) -> usize {
    (sub.as_ptr() as usize)
        .saturating_sub(whole.as_ptr() as usize)
        .min(whole.len())
}

/// A number is a year: four digits before `年` (not `年均`, a growth rate).
fn is_year(digits: &str, rest: &str) -> bool {
    digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && rest.starts_with('年')
        && !rest.starts_with("年均")
}

/// Whether a piece of a clause holds a number other than a year (`力争到2030年铁路、` does not).
fn holds_amount(piece: &str) -> bool {
    let mut rest = piece;
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        let run = rest[i..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(rest.len(), |e| i + e);
        if !is_year(&rest[i..run], &rest[run..]) {
            return true;
        }
        rest = &rest[run..];
    }
    false
}

/// The items of a clause listed with `、`, each with its own value: `培育8家龙头企业、5个领跑社区`.
/// A piece without a number (a year is none) belongs to the next one
/// (`交通运输、仓储和邮政业营业收入`, `到2030年铁路、水路货运量占比`).
fn list_items(clause: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in split_keep(clause, &['、']) {
        let end = sub_offset(clause, piece) + piece.len();
        if holds_amount(piece) || end == clause.len() {
            out.push(&clause[start..end]);
            start = end;
        }
    }
    if start < clause.len() {
        out.push(&clause[start..]);
    }
    out
}

/// Pieces of `text` ended by any of `ends` (the ending mark stays with its piece).
fn split_keep<'a>(text: &'a str, ends: &[char]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if ends.contains(&c) {
            out.push(&text[start..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Time {
    Future(i32),
    Past,
    None,
}

/// The time a clause speaks of.
fn time_of(clause: &str, period: &Period) -> Time {
    for (name, end) in FIVE_YEAR_PLANS {
        if clause.contains(name) {
            if *end == period.end
                && (clause.contains("期间") || clause.contains("末") || clause.contains("时期"))
            {
                return Time::Future(period.end);
            }
            if *end < period.end {
                return Time::Past;
            }
        }
    }
    if clause.contains("期末") || clause.contains("规划期") {
        return Time::Future(period.end);
    }
    let chars: Vec<char> = clause.chars().collect();
    let mut time = Time::None;
    let mut i = 0;
    while i + 4 < chars.len() + 1 {
        let digits: String = chars[i..(i + 4).min(chars.len())].iter().collect();
        let is_year = digits.len() == 4
            && digits.chars().all(|c| c.is_ascii_digit())
            && chars.get(i + 4) == Some(&'年')
            && (i == 0 || !chars[i - 1].is_ascii_digit());
        if !is_year {
            i += 1;
            continue;
        }
        let y: i32 = digits.parse().unwrap_or(0);
        let before: String = chars[i.saturating_sub(2)..i].iter().collect();
        let after: String = chars[(i + 5).min(chars.len())..(i + 7).min(chars.len())]
            .iter()
            .collect();
        let toward = before.ends_with('到')
            || before.ends_with('至')
            || after.starts_with('前')
            || after.starts_with("底前");
        if before.ends_with('由')
            || before.ends_with("由")
            || before.ends_with('比')
            || before.ends_with('较')
        {
            return Time::Past;
        }
        if y >= period.start && (toward || y >= period.end) {
            time = Time::Future(y);
        } else if y < period.start {
            return Time::Past;
        }
        i += 5;
    }
    if PAST.iter().any(|p| clause.contains(p)) || has_baseline_pattern(clause) {
        return Time::Past;
    }
    time
}

/// `由X增长至Y`, `由X提高到Y`: a change already made.
fn has_baseline_pattern(clause: &str) -> bool {
    clause.find('由').is_some_and(|i| {
        [
            "增长至",
            "增长到",
            "提高至",
            "提高到",
            "增加至",
            "增加到",
            "上升至",
            "下降至",
        ]
        .iter()
        .any(|w| clause[i..].contains(w))
    })
}

/// Is the clause only its horizon (`力争到2025年，`)?
fn is_pure_horizon(clause: &str) -> bool {
    let t = clause.trim_end_matches(['，', '；', '：']);
    let t = t
        .trim_start_matches("力争")
        .trim_start_matches('到')
        .trim_start_matches('至');
    t.len() <= 10 && t.ends_with('年') || t.ends_with("年底") || t.ends_with("末")
}

/// The value expressions of one clause part that read as targets.
#[allow(clippy::too_many_arguments)]
fn values_in(
    part: &str,
    clause: &str,
    subject: &str,
    year: i32,
    own: bool,
    goal_section: bool,
    counting: bool,
) -> Vec<Found> {
    let mut out = Vec::new();
    out.extend(end_states(part, clause, subject, year));
    let numbers = zh_numbers(part, &[]);
    let mut skip_until = 0;
    for (k, n) in numbers.iter().enumerate() {
        if n.range.start < skip_until {
            continue;
        }
        let start = n.range.start;
        let after_number = n.range.end;
        let rest = &part[after_number..];
        // Dates, ordinals and groups are not values.
        if is_year(&n.text, rest) {
            continue;
        }
        if part[..start].ends_with('第') || !n.text.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        // A ratio `40:60`.
        if rest.starts_with([':', '：']) {
            if let Some(next) = numbers.get(k + 1).filter(|m| {
                m.range.start == after_number + rest.chars().next().map_or(1, char::len_utf8)
            }) {
                let expr = &part[start..next.range.end];
                if let Ok(q) = values::parse_zh(expr) {
                    skip_until = next.range.end;
                    out.push(found(
                        part,
                        clause,
                        subject,
                        expr,
                        String::new(),
                        &q,
                        1.0,
                        year,
                        own,
                        goal_section,
                    ));
                }
                continue;
            }
        }
        // Unit (after the scale, which the number's text already holds), a range, a suffix.
        let mut end = after_number;
        let mut unit = n
            .text
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
            .to_string();
        let tail = &part[end..];
        if let Some(u) = UNITS.iter().find(|u| tail.starts_with(**u)) {
            unit.push_str(u);
            end += u.len();
        }
        // `2~3家`: the upper bound and its unit.
        let tail = &part[end..];
        if let Some(sep) = ["~", "～", "-", "—", "至"]
            .iter()
            .find(|s| tail.starts_with(**s))
        {
            if let Some(next) = numbers
                .get(k + 1)
                .filter(|m| m.range.start == end + sep.len())
            {
                let mut e = next.range.end;
                let upper_unit = next
                    .text
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
                    .to_string();
                let t2 = &part[e..];
                let mut u2 = String::new();
                if let Some(u) = UNITS.iter().find(|u| t2.starts_with(**u)) {
                    u2.push_str(u);
                    e += u.len();
                }
                if unit.is_empty() {
                    unit = upper_unit + &u2;
                }
                end = e;
                skip_until = e;
            }
        }
        let tail = &part[end..];
        if let Some(s) = SUFFIXES.iter().find(|s| tail.starts_with(**s)) {
            end += s.len();
        }
        let mut begin = start;
        if let Some(p) = PREFIXES.iter().find(|p| part[..start].ends_with(**p)) {
            begin -= p.len();
        }
        let expr = &part[begin..end];
        // A threshold (`5亿元以上的项目`, `出口额1000万美元以上数字贸易企业突破300家`) or an age
        // bracket (`3岁以下婴幼儿`), not a goal.
        let threshold = (expr.ends_with("以上") || expr.ends_with("以下"))
            && part[end..].starts_with(crate::text::is_han)
            && part[end..].contains(|c: char| c.is_ascii_digit());
        if part[end..].starts_with('的')
            || threshold
            || unit == "岁"
            || unit.is_empty() && !expr.contains(['%', '％'])
        {
            continue;
        }
        let Ok(q) = values::parse_zh(expr) else {
            continue;
        };
        let before = &part[..begin];
        let is_count = COUNT_UNITS.iter().any(|u| unit.ends_with(u));
        let verb_before = VALUE_VERBS.iter().any(|v| before.ends_with(v))
            || GOAL_VERBS.iter().any(|v| before.contains(v));
        let count_verb = is_count && (counting || COUNT_VERBS.iter().any(|v| before.contains(v)));
        let bound = q.kind != ValueKind::Exact;
        if !(verb_before || count_verb || bound || (goal_section && is_count)) {
            continue;
        }
        let scale = parse::unit_scale(&unit);
        let mut f = found(
            part,
            clause,
            subject,
            expr,
            unit,
            &q,
            scale,
            year,
            own,
            goal_section,
        );
        if count_verb && !VALUE_VERBS.iter().any(|v| before.ends_with(v)) {
            // `培育8家龙头品牌企业`: what is counted follows the number.
            let noun = noun_after(&part[end..]);
            if !noun.is_empty() {
                f.indicator = noun;
            }
        }
        if f.indicator.is_empty() {
            continue;
        }
        out.push(f);
    }
    out
}

/// `全覆盖`, `全省前列`, `全省领先`, `全省前三`: end-states stated in words.
fn end_states(part: &str, clause: &str, subject: &str, year: i32) -> Vec<Found> {
    let mut out = Vec::new();
    let scopes = ["全省", "全国", "全市", "中部地区", "全球", "长江经济带"];
    let mut push = |expr: &str, kind: ValueKind, value: Option<f64>, text: &str| {
        let Some(at) = part.find(expr) else { return };
        let indicator = indicator_before(&part[..at], subject, kind);
        if indicator.is_empty() {
            return;
        }
        out.push(Found {
            statement: statement(clause),
            expression: expr.to_string(),
            offset_hint: 0,
            indicator,
            unit: String::new(),
            kind,
            value,
            max: None,
            ratio: None,
            text: Some(text.to_string()),
            year,
            baseline: None,
            confidence: 0.6,
        });
    };
    if part.contains("全覆盖") {
        push("全覆盖", ValueKind::Qualitative, None, "全覆盖");
    }
    for scope in scopes {
        for word in ["前列", "领先"] {
            let short = format!("{scope}{word}");
            let Some(at) = part.find(&short) else {
                continue;
            };
            // `中部地区领先的商贸流通强市`: the end-state is the whole noun phrase.
            let after = &part[at + short.len()..];
            let expr = match after.strip_prefix('的') {
                Some(rest) => {
                    let noun = noun_after(rest);
                    if noun.is_empty() {
                        short
                    } else {
                        format!("{short}的{noun}")
                    }
                }
                None => short,
            };
            push(&expr, ValueKind::Qualitative, None, &expr);
        }
        if let Some(i) = part.find(&format!("{scope}前")) {
            let rest = &part[i + scope.len() + "前".len()..];
            let numeral: String = rest
                .chars()
                .take_while(|c| crate::text::is_zh_numeral(*c) || c.is_ascii_digit())
                .collect();
            if !numeral.is_empty() {
                let expr = format!("{scope}前{numeral}");
                if let Ok(q) = values::parse_zh(&expr) {
                    push(&expr, ValueKind::Rank, q.value, scope);
                }
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn found(
    part: &str,
    clause: &str,
    subject: &str,
    expr: &str,
    unit: String,
    q: &values::Quantity,
    scale: f64,
    year: i32,
    own: bool,
    goal_section: bool,
) -> Found {
    let before = &part[..part.find(expr).unwrap_or(0)];
    let indicator = indicator_before(before, subject, q.kind);
    let per_unit = |v: Option<f64>| v.map(|v| round(v / scale));
    let (value, max) = match q.kind {
        ValueKind::Growth | ValueKind::Rank => (q.value, q.max),
        _ => (per_unit(q.value), per_unit(q.max)),
    };
    let mut confidence: f64 = 0.5;
    if own {
        confidence += 0.3;
    } else if goal_section {
        confidence += 0.1;
    } else {
        confidence += 0.15;
    }
    if q.kind != ValueKind::Exact {
        confidence += 0.1;
    }
    Found {
        statement: statement(clause),
        expression: expr.to_string(),
        offset_hint: 0,
        indicator,
        unit: if q.kind == ValueKind::Growth && unit.is_empty() {
            "%".into()
        } else {
            unit
        },
        kind: q.kind,
        value,
        max,
        ratio: q.ratio.clone(),
        text: None,
        year,
        baseline: None,
        confidence: confidence.min(0.95),
    }
}

/// The statement a suggestion quotes: its clause without the punctuation that ends it.
fn statement(clause: &str) -> String {
    clause
        .trim_end_matches(['，', '；', '：', '。'])
        .to_string()
}

fn round(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// The indicator a value measures: the words before it in its clause part, without the
/// horizon, the subject words and the verb; a part that starts with `占`/`比重` or names only the
/// growth takes the clause's subject.
fn indicator_before(before: &str, subject: &str, kind: ValueKind) -> String {
    let mut s = before.trim().to_string();
    // Strip the plan's period (`“十五五”期间`) and the horizon `力争到2025年`.
    for (name, _) in FIVE_YEAR_PLANS {
        for form in [format!("“{name}”"), name.to_string()] {
            for tail in ["期间", "时期", "末"] {
                if let Some(rest) = s.strip_prefix(&format!("{form}{tail}")) {
                    s = rest.to_string();
                }
            }
        }
    }
    if let Some(i) = s.find('年') {
        if s[..i].chars().rev().take(4).all(|c| c.is_ascii_digit()) && i >= 4 {
            s = s[i + '年'.len_utf8()..].to_string();
        }
    }
    loop {
        let before_len = s.len();
        for v in VALUE_VERBS.iter().chain(PREFIXES).chain(TRAILS) {
            if let Some(rest) = s.strip_suffix(v) {
                s = rest.to_string();
            }
        }
        for l in LEADS {
            if let Some(rest) = s.strip_prefix(l) {
                s = rest.to_string();
            }
        }
        s = s
            .trim_matches(|c: char| "，、；：的 ".contains(c) || c.is_whitespace())
            .to_string();
        // A quotation mark cut off from its partner is not part of the name.
        if s.ends_with('“') || (s.starts_with('”')) {
            s = s.trim_end_matches('“').trim_start_matches('”').to_string();
        }
        // `…占全市比重均超过80%`: 均 (each) is not part of the name; 人均, 年均 are.
        if let Some(rest) = s.strip_suffix('均') {
            if !rest.ends_with(['人', '年']) {
                s = rest.to_string();
            }
        }
        if s.len() == before_len {
            break;
        }
    }
    if s.starts_with('占') || s.starts_with("比重") || (s.is_empty() && kind == ValueKind::Growth)
    {
        if subject.is_empty() {
            return String::new();
        }
        if s.is_empty() {
            return format!("{subject}年均增速");
        }
        return format!("{subject}{s}");
    }
    // `形成一批…全国领先的特色产业集群`: an unnamed batch is no indicator.
    if VAGUE.iter().any(|v| s.starts_with(v)) {
        return String::new();
    }
    // Keep the tail of a long lead-in: the indicator is its last words. An indicator's own
    // name runs to 26 characters (`研究与试验发展（R&D）经费支出与地区生产总值之比`).
    let chars: Vec<char> = s.chars().collect();
    if chars.len() > MAX_INDICATOR {
        s = chars[chars.len() - MAX_INDICATOR..].iter().collect();
    }
    s
}

/// The longest indicator name kept whole.
const MAX_INDICATOR: usize = 32;
/// Words that count nothing in particular.
const VAGUE: &[&str] = &["一批", "一系列", "若干"];

/// What a count counts: the noun phrase after `8家`, up to the next mark.
fn noun_after(rest: &str) -> String {
    let mut end = rest
        .find(|c: char| "，。；、：（(".contains(c))
        .unwrap_or(rest.len());
    // `4个万亿级产业和15个千亿级产业集群`: the next count starts another noun.
    if let Some(d) = rest[..end].find(|c: char| c.is_ascii_digit()) {
        end = rest[..d].trim_end_matches(['和', '及', '与', '、']).len();
    }
    let noun = rest[..end].trim_end_matches('等').trim();
    let chars: Vec<char> = noun.chars().collect();
    if chars.len() > 24 {
        return String::new();
    }
    noun.to_string()
}

/// A baseline stated in the block for this indicator: `…由2015年的X增长至2020年的Y`.
fn baseline_for(text: &str, indicator: &str, unit: &str) -> Option<(i32, f64)> {
    if indicator.is_empty() {
        return None;
    }
    let at = text.find(indicator)? + indicator.len();
    let rest = &text[at..];
    let rest = rest.get(..rest.char_indices().nth(40).map_or(rest.len(), |(i, _)| i))?;
    let to = ["增长至", "增长到", "提高至", "提高到", "增加至", "增加到"]
        .iter()
        .filter_map(|w| rest.find(w).map(|i| i + w.len()))
        .min()?;
    let tail = &rest[to..];
    let year: i32 = tail.get(..4)?.parse().ok()?;
    let value_text = tail
        .get(4..)?
        .trim_start_matches("年的")
        .trim_start_matches('年');
    let n = zh_numbers(value_text, &[]).into_iter().next()?;
    if n.range.start != 0 {
        return None;
    }
    let scale = parse::unit_scale(unit);
    Some((year, round(n.values[0] / scale)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicators_lose_their_lead_in_and_verbs() {
        let k = ValueKind::Exact;
        assert_eq!(
            indicator_before("全市规模以上文化企业营业收入力争", "", k),
            "规模以上文化企业营业收入"
        );
        assert_eq!(
            indicator_before("力争到2025年，实现服务业增加值", "", k),
            "服务业增加值"
        );
        assert_eq!(indicator_before("区域创新能力保持", "", k), "区域创新能力");
        assert_eq!(indicator_before("“十五五”期间计划投资", "", k), "计划投资");
        assert_eq!(
            indicator_before("占GDP比重达到", "服务业增加值", k),
            "服务业增加值占GDP比重"
        );
        assert_eq!(
            indicator_before("", "服务业增加值", ValueKind::Growth),
            "服务业增加值年均增速"
        );
    }

    #[test]
    fn indicators_are_named_in_full() {
        let k = ValueKind::Exact;
        let rd = "研究与试验发展（R&D）经费支出与地区生产总值之比";
        assert_eq!(indicator_before(&format!("{rd}力争达到"), "", k), rd);
        assert_eq!(
            indicator_before("地区生产总值力争迈上", "", k),
            "地区生产总值"
        );
        assert_eq!(
            indicator_before("服务业营业收入占全市比重均超过", "", ValueKind::AtLeast),
            "服务业营业收入占全市比重"
        );
        assert_eq!(indicator_before("居民人均", "", k), "居民人均");
        assert_eq!(indicator_before("形成一批人工智能领域", "", k), "");
        assert_eq!(
            elliptic("产值", "视觉智能产业营业收入").as_deref(),
            Some("视觉智能产业产值")
        );
        assert_eq!(elliptic("持证护理员人数", "认知障碍床位数"), None);
        assert_eq!(elliptic("产值", ""), None);
    }

    #[test]
    fn list_items_keep_names_that_hold_a_comma() {
        assert_eq!(
            list_items("全市规模以上交通运输、仓储和邮政业营业收入达到3480亿元"),
            ["全市规模以上交通运输、仓储和邮政业营业收入达到3480亿元"]
        );
        assert_eq!(
            list_items("培育8家龙头企业、5个领跑社区"),
            ["培育8家龙头企业、", "5个领跑社区"]
        );
        assert_eq!(
            list_items("力争到2030年铁路、水路货运量占比提升至22%左右"),
            ["力争到2030年铁路、水路货运量占比提升至22%左右"]
        );
    }

    #[test]
    fn counts_name_what_they_count() {
        assert_eq!(noun_after("龙头品牌企业、5个领跑社区"), "龙头品牌企业");
        assert_eq!(noun_after("万亿级产业和15个千亿级产业集群"), "万亿级产业");
    }

    #[test]
    fn time_of_clauses() {
        let p = Period {
            start: 2021,
            end: 2025,
        };
        assert_eq!(time_of("力争到2025年", &p), Time::Future(2025));
        assert_eq!(time_of("“十四五”期间", &p), Time::Future(2025));
        assert_eq!(time_of("“十三五”期间", &p), Time::Past);
        assert_eq!(
            time_of("由2015年的595.46亿元增长至2020年的999.21亿元", &p),
            Time::Past
        );
        assert_eq!(time_of("2020年全市实现", &p), Time::Past);
        assert_eq!(time_of("服务业增加值达到1500亿元", &p), Time::None);
    }
}
