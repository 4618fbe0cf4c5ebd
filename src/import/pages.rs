//! What a PDF's text layer leaves of its pages: page footers (`— 13 —`, `- 13 -`, `第13页`) on
//! lines of their own and inside lines, running headers (the plan's or the chapter's title
//! repeated at every page break), the roman page numbers of the contents (`II`), and how wide
//! the lines of the body are (for telling a box's wider lines from the body's).
//!
//! The text's shape ([`Shape`]) is decided here too: a PDF text layer is hard-wrapped (most lines
//! stop mid-sentence) or carries page footers; a web page has one paragraph per line.

use super::punctuation;
use super::{Fate, Line};

pub(super) const PAGE_FOOTER: &str = "page footer (page number of the print edition)";
pub(super) const PAGE_FOOTER_INLINE: &str =
    "page footer inside a line (page number of the print edition, removed from the sentence)";
pub(super) const ROMAN_PAGE: &str = "page number of the table of contents (roman numeral)";
pub(super) const RUNNING_HEADER: &str =
    "running header (repeated at the page breaks of the print edition)";
/// A line repeated at this many page breaks is the page's header (or footer), not the plan's.
const RUNNING_MIN: usize = 3;

/// How the text was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// A web page or clean text: one paragraph per line.
    Lines,
    /// The text layer of a PDF: lines hard-wrapped at the page width.
    Pdf {
        /// The most common display width of a body line (a Chinese character counts 2).
        width: usize,
    },
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '-' | '－' | '─' | '―')
}

/// `— 13 —`, `—13—`, `- 13 -`, `第13页`, `第 13 页 共 152 页`.
pub(super) fn is_page_footer(text: &str) -> bool {
    let c: String = text
        .chars()
        .filter(|c| !punctuation::is_space(*c))
        .collect();
    let inner = c.trim_matches(is_dash);
    if inner.len() < c.len()
        && c.starts_with(is_dash)
        && c.ends_with(is_dash)
        && (1..=4).contains(&inner.len())
        && inner.chars().all(|d| d.is_ascii_digit())
    {
        return true;
    }
    let Some(rest) = c.strip_prefix('第') else {
        return false;
    };
    let Some((n, tail)) = rest.split_once('页') else {
        return false;
    };
    !n.is_empty()
        && n.len() <= 4
        && n.chars().all(|d| d.is_ascii_digit())
        && (tail.is_empty()
            || tail
                .strip_prefix('共')
                .and_then(|t| t.strip_suffix('页'))
                .is_some_and(|t| !t.is_empty() && t.chars().all(|d| d.is_ascii_digit())))
}

/// `I`, `II`, `XII`, `Ⅳ`: a page number of the front matter on a line of its own.
pub(super) fn is_roman_page(text: &str) -> bool {
    let t = text.trim();
    (1..=6).contains(&t.len()) && t.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
        || (t.chars().count() == 1 && ('Ⅰ'..='Ⅻ').contains(&t.chars().next().unwrap_or(' ')))
}

/// A page footer inside a line, between two pieces of a sentence: `…全 — 1 — 国百强…`.
/// Returns the byte range of the footer (with the spaces around it).
pub(super) fn inline_footer(text: &str) -> Option<std::ops::Range<usize>> {
    let v: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < v.len() {
        if !is_dash(v[i].1) || (i > 0 && (is_dash(v[i - 1].1) || v[i - 1].1.is_ascii_digit())) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < v.len() && punctuation::is_space(v[j].1) {
            j += 1;
        }
        let digits_start = j;
        while j < v.len() && v[j].1.is_ascii_digit() {
            j += 1;
        }
        let ndigits = j - digits_start;
        while j < v.len() && punctuation::is_space(v[j].1) {
            j += 1;
        }
        if (1..=3).contains(&ndigits)
            && j < v.len()
            && is_dash(v[j].1)
            && v.get(j + 1)
                .is_none_or(|(_, c)| !is_dash(*c) && !c.is_ascii_digit())
        {
            // Between Chinese text (or at an end of the line), never inside `1—2—3`.
            let before = text[..v[i].0].trim_end_matches(punctuation::is_space);
            let after_at = v.get(j + 1).map_or(text.len(), |(b, _)| *b);
            let after = text[after_at..].trim_start_matches(punctuation::is_space);
            let han = |c: Option<char>| c.is_none_or(punctuation::is_han);
            if han(before.chars().next_back())
                && han(after.chars().next())
                && (!before.is_empty() || !after.is_empty())
            {
                return Some(before.len()..text.len() - after.len());
            }
        }
        i += 1;
    }
    None
}

/// Display width: a Chinese character or full-width mark counts 2, anything else 1.
pub(super) fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if punctuation::is_cjk(c) { 2 } else { 1 })
        .sum()
}

/// The lines (0-based) that begin a page by a form feed, as `pdftotext` writes them: a line
/// that starts with one, or the first line with text after a line that is nothing else.
pub(super) fn page_starts(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut pending = false;
    for (i, raw) in text.split('\n').enumerate() {
        let t = raw.trim_start_matches(|c: char| c != '\u{c}' && punctuation::is_space(c));
        if let Some(rest) = t.strip_prefix('\u{c}') {
            if punctuation::trim(rest).is_empty() {
                pending = true;
                continue;
            }
            out.push(i);
            pending = false;
        } else if pending && !punctuation::trim(raw).is_empty() {
            out.push(i);
            pending = false;
        }
    }
    out
}

/// Drops the running headers found at the page breaks (the line a form feed starts, or the
/// nearest line with text on either side of a page footer): the title of the current part,
/// chapter or section; and any other text (its digits aside: `苏州市…纲要 13`) found at
/// [`RUNNING_MIN`] page breaks or more. Where that text is also a line away from every page
/// break, that one is the plan's (the title on the cover) and stays; where it is not, its first
/// occurrence stays when it is a table's row of cells (a header row repeated on every page).
fn running_headers(lines: &mut [Line], page_starts: &[usize]) {
    let mut at_break = vec![false; lines.len()];
    for &i in page_starts {
        if let Some(b) = at_break.get_mut(i) {
            *b = true;
        }
    }
    for i in 0..lines.len() {
        if lines[i].fate != Fate::Dropped(PAGE_FOOTER) {
            continue;
        }
        let text = |j: &usize| lines[*j].fate != Fate::Blank;
        if let Some(j) = (0..i).rev().find(text) {
            at_break[j] = true;
        }
        if let Some(j) = (i + 1..lines.len()).find(text) {
            at_break[j] = true;
        }
    }
    let key = |t: &str| -> String {
        t.chars()
            .filter(|c| !punctuation::is_space(*c) && !c.is_ascii_digit())
            .collect()
    };
    // The title of the current part, chapter or section at a page break is that page's header,
    // however short the chapter.
    // Each: the title's key, and the line that set it.
    let mut current: [Option<(String, usize)>; 3] = Default::default();
    for i in 0..lines.len() {
        if lines[i].fate != Fate::Plan {
            continue;
        }
        let k = key(&lines[i].text);
        if at_break[i] && current.iter().flatten().any(|(c, _)| *c == k) {
            lines[i].fate = Fate::Dropped(RUNNING_HEADER);
            continue;
        }
        let level = match super::headings::heading(&lines[i].text).map(|h| h.kind) {
            Some(super::headings::Kind::Part) => 0,
            Some(super::headings::Kind::Chapter) => 1,
            Some(super::headings::Kind::Section) => 2,
            _ => continue,
        };
        // `\f第一章 总则` at the top of the page, then the heading itself: the first was the
        // page's header.
        if let Some((c, at)) = &current[level] {
            if *c == k && at_break[*at] && !at_break[i] {
                lines[*at].fate = Fate::Dropped(RUNNING_HEADER);
            }
        }
        current[level] = Some((k, i));
        current[level + 1..].iter_mut().for_each(|c| *c = None);
    }
    let mut found: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (i, l) in lines.iter().enumerate() {
        // A heading is a header only as the current title (above): section titles repeat
        // across chapters (`第一节 总体要求`).
        if at_break[i] && l.fate == Fate::Plan && super::headings::heading(&l.text).is_none() {
            let k = key(&l.text);
            if k.chars().count() >= 2 {
                found.entry(k).or_default().push(i);
            }
        }
    }
    for (k, mut at) in found {
        if at.len() < RUNNING_MIN {
            continue;
        }
        let elsewhere = lines
            .iter()
            .enumerate()
            .any(|(j, l)| !at_break[j] && l.fate == Fate::Plan && key(&l.text) == k);
        let cells = lines[at[0]].text.split(punctuation::is_space);
        if !elsewhere && cells.filter(|c| !c.is_empty()).count() >= 3 {
            at.remove(0);
        }
        for i in at {
            lines[i].fate = Fate::Dropped(RUNNING_HEADER);
        }
    }
}

/// Marks page footers, running headers and roman page numbers as dropped, cuts footers out of
/// lines (returning what was cut, by line), and tells the text's shape. `page_starts`: the
/// lines a form feed starts ([`page_starts`]).
pub(super) fn clean(lines: &mut [Line], page_starts: &[usize]) -> (Shape, Vec<(usize, String)>) {
    let mut cut = Vec::new();
    let mut footers = 0;
    for l in lines.iter_mut() {
        if l.fate != Fate::Plan {
            continue;
        }
        if is_page_footer(&l.text) {
            l.fate = Fate::Dropped(PAGE_FOOTER);
            footers += 1;
        } else if is_roman_page(&l.text) {
            l.fate = Fate::Dropped(ROMAN_PAGE);
        } else {
            while let Some(r) = inline_footer(&l.text) {
                cut.push((l.no, l.text[r.clone()].to_string()));
                let mut t = l.text[..r.start].to_string();
                t.push_str(&l.text[r.end..]);
                l.text = punctuation::trim(&t).to_string();
                footers += 1;
            }
        }
    }
    running_headers(lines, page_starts);
    // Hard-wrapped: most non-blank lines stop mid-sentence.
    let plan: Vec<&Line> = lines.iter().filter(|l| l.fate == Fate::Plan).collect();
    let open = plan
        .iter()
        .filter(|l| !l.text.ends_with(['。', '；', '：', '！', '？', '”', '）']))
        .count();
    let wrapped = plan.len() >= 20 && open * 2 > plan.len();
    let shape = if wrapped || footers >= 3 {
        let mut counts = std::collections::BTreeMap::new();
        for l in &plan {
            let w = width(&l.text);
            if w >= 30 {
                *counts.entry(w).or_insert(0usize) += 1;
            }
        }
        let width = counts
            .iter()
            .max_by_key(|(w, n)| (**n, std::cmp::Reverse(**w)))
            .map_or(0, |(w, _)| *w);
        Shape::Pdf { width }
    } else {
        Shape::Lines
    };
    (shape, cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footers() {
        for f in [
            "— 13 —",
            "—13—",
            "- 9 -",
            "第13页",
            "第 3 页 共 152 页",
            "— 152 —",
        ] {
            assert!(is_page_footer(f), "{f}");
        }
        for f in ["——", "—", "13", "1—2—3", "第一页", "— a —"] {
            assert!(!is_page_footer(f), "{f}");
        }
        assert!(is_roman_page("XII"));
        assert!(!is_roman_page("IT"));
    }

    #[test]
    fn footers_inside_lines() {
        let t = "昆山连续21年位列全 — 1 — 国百强县市首位。";
        let r = inline_footer(t).unwrap();
        assert_eq!(
            format!("{}{}", &t[..r.start], &t[r.end..]),
            "昆山连续21年位列全国百强县市首位。"
        );
        assert!(inline_footer("万亿级产业集群—千亿级产业集群").is_none());
        assert!(inline_footer("1—2—3").is_none());
        assert!(inline_footer("10万—50万元").is_none());
        assert!(inline_footer("加快—9—推进").is_some());
    }

    /// The fates of the lines of `text` after [`clean`]: `P` plan, `F` footer, `H` running
    /// header, `-` blank.
    fn fates(text: &str) -> String {
        let mut lines = super::super::split_lines(text);
        clean(&mut lines, &page_starts(text));
        lines
            .iter()
            .map(|l| match l.fate {
                Fate::Plan => 'P',
                Fate::Blank => '-',
                Fate::Dropped(PAGE_FOOTER) => 'F',
                Fate::Dropped(RUNNING_HEADER) => 'H',
                _ => '?',
            })
            .collect()
    }

    #[test]
    fn running_headers_at_page_breaks() {
        // After the footers, and after form feeds; with a page number in it, too.
        let t = "某市规划纲要\n第一章 总则\n加快\n— 1 —\n某市规划纲要\n推进。\n— 2 —\n某市规划纲要 3\n发展\n\u{c}某市规划纲要\n建设。";
        assert_eq!(fates(t), "PPPFHPFHPHP");
        // Twice is not enough.
        assert_eq!(fates("甲乙\n— 1 —\n标题\n丙\n— 2 —\n标题\n丁"), "PFPPFPP");
        // A form feed on a line of its own starts the page at the next line with text.
        assert_eq!(page_starts("a\n\u{c}\n\nb\n\u{c}c\nd"), [3, 4]);
    }

    #[test]
    fn a_running_header_keeps_the_plan_s_own_line() {
        // A chapter that starts a page, its title the header of its other pages: the first is
        // its heading.
        let t = "\u{c}第一章 总则\n甲\n— 1 —\n第一章 总则\n乙\n— 2 —\n第一章 总则\n丙\n\u{c}第一章 总则\n丁";
        assert_eq!(fates(t), "PPFHPFHPHP");
        // Also a line away from the page breaks: that one is the heading, every one at a
        // break is a header.
        let t =
            "第一章 总则\n甲\n— 1 —\n第一章 总则\n乙\n— 2 —\n第一章 总则\n丙\n\u{c}第一章 总则\n丁";
        assert_eq!(fates(t), "PPFHPFHPHP");
        let t = "\u{c}第一章 总则\n第一章 总则\n甲\n\u{c}第一章 总则\n乙\n\u{c}第一章 总则\n丙";
        assert_eq!(fates(t), "HPPHPHP");
        // A table's header row repeated on every page keeps its first.
        let t =
            "\u{c}序号 指标 目标\n1 甲 2\n\u{c}序号 指标 目标\n2 乙 3\n\u{c}序号 指标 目标\n3 丙 4";
        assert_eq!(fates(t), "PPHPHP");
    }
}
