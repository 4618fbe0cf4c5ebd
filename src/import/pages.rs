//! What a PDF's text layer leaves of its pages: page footers (`— 13 —`, `- 13 -`, `第13页`) on
//! lines of their own and inside lines, the roman page numbers of the contents (`II`), and how
//! wide the lines of the body are (for telling a box's wider lines from the body's).
//!
//! The text's shape ([`Shape`]) is decided here too: a PDF text layer is hard-wrapped (most lines
//! stop mid-sentence) or carries page footers; a web page has one paragraph per line.

use super::punctuation;
use super::{Fate, Line};

pub(super) const PAGE_FOOTER: &str = "page footer (page number of the print edition)";
pub(super) const PAGE_FOOTER_INLINE: &str =
    "page footer inside a line (page number of the print edition, removed from the sentence)";
pub(super) const ROMAN_PAGE: &str = "page number of the table of contents (roman numeral)";

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

/// Marks page footers and roman page numbers as dropped, cuts footers out of lines (returning
/// what was cut, by line), and tells the text's shape.
pub(super) fn clean(lines: &mut [Line]) -> (Shape, Vec<(usize, String)>) {
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
}
