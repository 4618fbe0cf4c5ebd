//! The heading systems of Chinese plans, recognised on one line of text:
//! `第X篇` / `第X部分` (parts), `第X章`, `第X节` (Chinese or Arabic numerals, with or without a
//! space after the numeral), `一、`, `（一）` / `(一)`, `序言` / `前言`, `专栏N`, `附表` / `附件` /
//! `附图` / `附录`, `名词解释` / `注释`; and the numbered items `1.` / `1．` / `1、` that are
//! paragraphs with a lead phrase, not headings.
//!
//! Only recognisers live here (pure functions of a line): which level a system maps to in a
//! given plan is decided by `structure.rs`.

use super::punctuation;

/// The longest heading title (characters, numbering excluded) for the `第X…` systems, boxes
/// and appendices: longer lines are text that happens to start with such words.
const MAX_TITLE: usize = 60;

/// A heading system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    /// `第一篇 …`, `第一部分 …`
    Part,
    /// `第一章 …`
    Chapter,
    /// `第一节 …`
    Section,
    /// `一、…`
    Cn,
    /// `（一）…`
    ParenCn,
    /// `序言`, `前言`, `引言`
    Preface,
    /// `专栏1 …`
    Box,
    /// `附表1 …`, `附件 …`, `附图 …`, `附录 …`
    Appendix,
    /// `名词解释`, `注释`
    Terms,
    /// A heading known by its paragraph style alone (a .docx), at this rank.
    Level(u8),
}

impl Kind {
    /// The place of a numbered system in the outline (parts first), `None` for the others.
    pub(super) fn rank(self) -> Option<u8> {
        match self {
            Kind::Part => Some(0),
            Kind::Chapter => Some(1),
            Kind::Section => Some(2),
            Kind::Cn => Some(3),
            Kind::ParenCn => Some(4),
            Kind::Level(r) => Some(r),
            _ => None,
        }
    }
}

/// A recognised heading line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Heading {
    pub kind: Kind,
    /// The numbering as printed, tidied: `第一章`, `一、`, `（一）`, `专栏1`, `附表1`; empty for
    /// `序言` and `名词解释`.
    pub numbering: String,
    /// The title after the numbering (may still end with `。` for `一、`/`（一）` lines that carry
    /// body text).
    pub title: String,
}

impl Heading {
    /// The heading as the plan prints it: `第一章 发展基础`, `一、现实基础`, `（一）发展成就`,
    /// `专栏1 重大工程`, `序言`.
    pub(super) fn text(&self) -> String {
        match self.kind {
            Kind::Cn | Kind::ParenCn | Kind::Level(_) => {
                format!("{}{}", self.numbering, self.title)
            }
            _ if self.numbering.is_empty() => self.title.clone(),
            _ if self.title.is_empty() => self.numbering.clone(),
            _ => format!("{} {}", self.numbering, self.title),
        }
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// `一、现实基础` → (`一、`, `现实基础`).
pub(super) fn chapter_parts(text: &str) -> Option<(&str, &str)> {
    let end = text.find(|c: char| !crate::text::is_zh_numeral(c))?;
    if end == 0 {
        return None;
    }
    let rest = text[end..].strip_prefix('、')?;
    let rest = rest.trim_start_matches(punctuation::is_space);
    (!rest.is_empty()).then_some((&text[..end + '、'.len_utf8()], rest))
}

/// `（一）发展成就` or `(一)发展成就` → (`一`, `发展成就`).
pub(super) fn section_parts(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix(['(', '（'])?;
    let end = inner.find(|c: char| !crate::text::is_zh_numeral(c))?;
    if end == 0 {
        return None;
    }
    let rest = inner[end..].strip_prefix([')', '）'])?;
    let rest = rest.trim_start_matches(punctuation::is_space);
    (!rest.is_empty()).then_some((&inner[..end], rest))
}

/// `1.服务总量…` / `1．…` / `1、…` → byte length of the numbering (`1.`); not `5.8亿元`.
pub(super) fn item_number(text: &str) -> Option<usize> {
    let digits = text.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 || digits > 2 {
        return None;
    }
    let sep = text[digits..].chars().next()?;
    if !matches!(sep, '.' | '．' | '、') {
        return None;
    }
    let end = digits + sep.len_utf8();
    let next = text[end..].chars().next()?;
    (!next.is_ascii_digit() && !punctuation::is_space(next)).then_some(end)
}

/// Whitespace runs collapsed; a space next to an ASCII letter or digit on one side and a
/// Chinese character on the other removed (`2030 年` → `2030年`, `专栏 2` → `专栏2`); a space
/// between two Chinese phrases kept (`加快发展新质生产力 构建现代化产业体系`).
pub(super) fn heading_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if punctuation::is_space(c) {
            pending = !out.is_empty();
            continue;
        }
        if pending {
            let prev = out.chars().next_back().unwrap_or(' ');
            let both_cjk = punctuation::is_cjk(prev) && punctuation::is_cjk(c);
            let both_latin = !punctuation::is_cjk(prev) && !punctuation::is_cjk(c);
            let opens = matches!(prev, '“' | '（' | '《' | '、' | '，' | '：')
                || matches!(c, '”' | '）' | '》' | '、' | '，' | '：' | '。');
            if (both_cjk && !opens) || both_latin {
                out.push(' ');
            }
            pending = false;
        }
        out.push(c);
    }
    out
}

/// `第一章 发展基础`, `第12章发展基础`, `第一部分 …` → (kind, `第一章`, `发展基础`).
fn ordinal(text: &str) -> Option<(Kind, String, &str)> {
    let rest = text.strip_prefix('第')?;
    let rest = rest.trim_start_matches(punctuation::is_space);
    let end = rest
        .find(|c: char| !(crate::text::is_zh_numeral(c) || c.is_ascii_digit()))
        .unwrap_or(rest.len());
    if end == 0 {
        return None;
    }
    let numeral = &rest[..end];
    let after = rest[end..].trim_start_matches(punctuation::is_space);
    let (kind, suffix) = [
        (Kind::Part, "篇"),
        (Kind::Part, "部分"),
        (Kind::Chapter, "章"),
        (Kind::Section, "节"),
    ]
    .into_iter()
    .find(|(_, s)| after.starts_with(s))?;
    let title = after[suffix.len()..].trim_matches(punctuation::is_space);
    Some((kind, format!("第{numeral}{suffix}"), title))
}

/// A plausible heading title: short, no sentence inside.
fn title_ok(title: &str) -> bool {
    let t = title.trim_end_matches('。');
    chars(t) <= MAX_TITLE && !t.contains('。') && !t.ends_with(['，', '、', '；', ',', ';'])
}

/// `专栏1 重大工程`, `专栏 2 …` → (`专栏1`, `重大工程`).
fn box_parts(text: &str) -> Option<(String, &str)> {
    let rest = text.strip_prefix("专栏")?;
    let rest = rest.trim_start_matches(punctuation::is_space);
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if end == 0 {
        return None;
    }
    let title =
        rest[end..].trim_start_matches(|c: char| punctuation::is_space(c) || c == '：' || c == ':');
    Some((format!("专栏{}", &rest[..end]), title))
}

/// `附表1 …`, `附件：…`, `附图 …`, `附录` → (`附表1`, title).
fn appendix_parts(text: &str) -> Option<(String, &str)> {
    let word = ["附表", "附件", "附图", "附录"]
        .into_iter()
        .find(|w| text.starts_with(w))?;
    let rest = text[word.len()..].trim_start_matches(punctuation::is_space);
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let numbering = format!("{word}{}", &rest[..end]);
    let title = rest[end..]
        .trim_start_matches(|c: char| punctuation::is_space(c) || "：:、.．".contains(c));
    // `附件` mid-sentence (`附件所列…`) is text: a title follows a separator or nothing.
    let separated = end > 0
        || title.is_empty()
        || text[word.len()..].starts_with(|c: char| punctuation::is_space(c) || "：:".contains(c));
    separated.then_some((numbering, title))
}

fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !punctuation::is_space(*c))
        .collect()
}

/// The heading on this line, if it is one. `text` is the trimmed line.
pub(super) fn heading(text: &str) -> Option<Heading> {
    let make = |kind, numbering: String, title: &str| {
        Some(Heading {
            kind,
            numbering,
            title: heading_spaces(title),
        })
    };
    if let Some((kind, numbering, title)) = ordinal(text) {
        if !title.is_empty() && title_ok(title) {
            return make(kind, numbering, title.trim_end_matches('。'));
        }
        return None;
    }
    if let Some((numbering, title)) = box_parts(text) {
        if title_ok(title) {
            return make(Kind::Box, numbering, title);
        }
        return None;
    }
    let c = compact(text);
    match c.as_str() {
        "序言" | "前言" | "引言" => return make(Kind::Preface, String::new(), &c),
        "名词解释" | "注释" | "名词注释" | "术语解释" | "名词解释和说明" => {
            return make(Kind::Terms, String::new(), &c)
        }
        _ => {}
    }
    if let Some((numbering, title)) = appendix_parts(text) {
        if chars(text) <= MAX_TITLE && !text.ends_with('。') && !title.contains('。') {
            return make(Kind::Appendix, numbering, title);
        }
        return None;
    }
    if let Some((numbering, title)) = chapter_parts(text) {
        return Some(Heading {
            kind: Kind::Cn,
            numbering: numbering.to_string(),
            title: title.to_string(),
        });
    }
    if let Some((numeral, title)) = section_parts(text) {
        return Some(Heading {
            kind: Kind::ParenCn,
            numbering: format!("（{numeral}）"),
            title: title.to_string(),
        });
    }
    None
}

/// Headings, items and sub-measures start a block of their own.
pub(super) fn starts_block(text: &str) -> bool {
    heading(text).is_some() || item_number(text).is_some() || text.starts_with("——")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Option<Kind> {
        heading(s).map(|h| h.kind)
    }

    #[test]
    fn systems() {
        assert_eq!(kind("第一篇 奋力谱写新篇章"), Some(Kind::Part));
        assert_eq!(kind("第二部分 主要任务"), Some(Kind::Part));
        assert_eq!(
            kind("第十一章 推进教育科技人才一体化发展"),
            Some(Kind::Chapter)
        );
        assert_eq!(kind("第3章发展基础"), Some(Kind::Chapter));
        assert_eq!(kind("第一节 面临形势"), Some(Kind::Section));
        assert_eq!(kind("一、现实基础"), Some(Kind::Cn));
        assert_eq!(kind("(一)发展成就"), Some(Kind::ParenCn));
        assert_eq!(kind("序 言"), Some(Kind::Preface));
        assert_eq!(kind("专栏 2 服务业发展重点领域"), Some(Kind::Box));
        assert_eq!(kind("附表1 重大项目表"), Some(Kind::Appendix));
        assert_eq!(kind("附件：名词解释"), Some(Kind::Appendix));
        assert_eq!(kind("名词解释"), Some(Kind::Terms));
        assert_eq!(
            kind("第一章提出的目标已经实现，我们要在此基础上继续努力。下一步工作是进一步巩固。"),
            None
        );
        assert_eq!(kind("附件所列项目"), None);
        assert_eq!(kind("1.服务总量稳步攀升。"), None);
        let h = heading("第二篇 加快发展新质生产力 构建现代化产业体系").unwrap();
        assert_eq!(h.text(), "第二篇 加快发展新质生产力 构建现代化产业体系");
        let h = heading("专栏 12 构建“苏式颐养 365”服务体系").unwrap();
        assert_eq!(h.text(), "专栏12 构建“苏式颐养365”服务体系");
    }

    #[test]
    fn extraction_spaces_in_headings() {
        assert_eq!(heading_spaces("2030 年目标"), "2030年目标");
        assert_eq!(
            heading_spaces("推动“人工智能+制造” 深度融合"),
            "推动“人工智能+制造” 深度融合"
        );
        assert_eq!(heading_spaces("GDP and CPI"), "GDP and CPI");
    }
}
