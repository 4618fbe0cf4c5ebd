//! Rebuilding tables from the forms they arrive in as text:
//! - **space-separated columns** (a PDF's text layer): `1 地区生产总值年均增长（%） 5 左右 预期性`,
//!   rows wrapped over two lines, category rows `一、经济强（12 项）`, the header repeated after a
//!   page break;
//! - **one cell per line** (a web page): the header's cells tell the column count
//!   (`类别 / 序号 / 指标名称 / 2025年 预计 / 2030年 目标 / 年均/ 累计 / 属性`), a row ends at its
//!   属性 cell (预期性/约束性), cells wrapped over lines (`1.58` `左右`), category cells
//!   (`经济发展` `（7项）`), a row without 序号 under a row of two name lines (sub-indicators).
//!
//! - **a box (专栏) that is a table**, one cell per line: a header of short cells, then rows of as
//!   many cells, each led by a short name (`区、县（市） / 发展导向 / 特色平台`, `富阳区 / 聚焦… / …`).
//!
//! A table starts at its caption (`表 1 …`, or a short line naming 主要指标) followed by a header
//! this module can read; the notes under it (`注：…`, `备注：…`) are kept with it. A table that
//! cannot be rebuilt is left to the caller as text.

use super::headings;
use super::punctuation::{self, Changes};
use super::{Fate, Line};

pub(super) const REPEATED_HEADER: &str = "table header repeated after a page break";

/// A rebuilt table, its text tidied and normalised.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Table {
    /// `表1 “十五五”经济社会发展主要指标`, or the caption line as printed.
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// The paragraphs under the table that start with `注：` / `备注：`.
    pub notes: Vec<String>,
    pub cols: Cols,
    /// Index (into the lines) of the caption line.
    pub first: usize,
    /// Indices of every line the table (with its notes) took.
    pub taken: Vec<usize>,
    /// Read from a .docx written by plandoc: the cells carry their target tags already, so the
    /// registry does not tag them again.
    pub tagged: bool,
    /// Inside a box (a .docx box holds tables; a box in plain text ends at a table).
    pub in_box: bool,
    /// The ID bookmarked on the caption by `plandoc build --only docx`.
    pub id: Option<String>,
    /// Column alignment (a .docx's cell paragraphs' `w:jc`); empty: none given.
    pub align: Vec<crate::model::Align>,
}

/// One row: its cells (as many as the header), and what the registry needs to know of it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Row {
    pub cells: Vec<String>,
    /// The indicator's name when its name cell has two parts (`每千人口拥有医护人员数` over
    /// `执业医师数（人）`), or the group a row without a number belongs to.
    pub group: Option<String>,
    /// A category row (`一、经济强（12项）`) with no indicator.
    pub category: bool,
}

/// What each column holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Cols {
    pub category: Option<usize>,
    pub number: Option<usize>,
    pub name: usize,
    pub unit: Option<usize>,
    pub nature: Option<usize>,
    /// The value columns, in order.
    pub values: Vec<usize>,
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !punctuation::is_space(*c)).collect()
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

const NATURES: [&str; 2] = ["预期性", "约束性"];

fn is_nature(s: &str) -> bool {
    NATURES.contains(&s)
}

/// The words of a header, longest first.
const HEADER_WORDS: &[&str] = &[
    "年均/累计",
    "年均增长",
    "指标名称",
    "指标属性",
    "主要指标",
    "指标",
    "序号",
    "编号",
    "类别",
    "类型",
    "领域",
    "单位",
    "属性",
    "年均",
    "累计",
    "备注",
];
const YEAR_SUFFIXES: &[&str] = &[
    "目标值",
    "目标",
    "预计值",
    "预计",
    "基期值",
    "基期",
    "完成值",
    "完成",
    "实际",
    "规划",
];

/// A header written without spaces (`序号指标2030年目标属性`) split into its cells.
fn header_cells(c: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = c;
    while !rest.is_empty() {
        let digits = rest
            .find(|ch: char| !ch.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 4 && rest[4..].starts_with('年') {
            let after = &rest[4 + '年'.len_utf8()..];
            let suffix = YEAR_SUFFIXES
                .iter()
                .find(|s| after.starts_with(**s))
                .map_or(0, |s| s.len());
            let end = 4 + '年'.len_utf8() + suffix;
            out.push(rest[..end].to_string());
            rest = &rest[end..];
            continue;
        }
        let w = HEADER_WORDS.iter().find(|w| rest.starts_with(**w))?;
        out.push((*w).to_string());
        rest = &rest[w.len()..];
    }
    (out.len() >= 3).then_some(out)
}

pub(super) fn columns(header: &[String]) -> Option<Cols> {
    let find = |words: &[&str]| header.iter().position(|h| words.contains(&h.as_str()));
    let name = find(&["指标名称", "指标", "主要指标"])?;
    let mut cols = Cols {
        category: find(&["类别", "类型", "领域"]),
        number: find(&["序号", "编号"]),
        name,
        unit: find(&["单位"]),
        nature: find(&["属性", "指标属性"]),
        values: Vec::new(),
    };
    let roles = [
        cols.category,
        cols.number,
        Some(cols.name),
        cols.unit,
        cols.nature,
    ];
    cols.values = header
        .iter()
        .enumerate()
        .filter(|(i, h)| !roles.contains(&Some(*i)) && h.as_str() != "备注")
        .map(|(i, _)| i)
        .collect();
    (!cols.values.is_empty()).then_some(cols)
}

/// A caption line: `表 1 …` or a short line naming the main indicators.
pub(super) fn caption(text: &str) -> Option<String> {
    if chars(text) > 50 || text.ends_with('。') {
        return None;
    }
    if let Some(rest) = text.strip_prefix('表') {
        let rest = rest.trim_start_matches(punctuation::is_space);
        let d = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if d > 0 {
            let title = headings::heading_spaces(&rest[d..]);
            return Some(format!("表{} {}", &rest[..d], title.trim()));
        }
    }
    ((text.contains("主要指标") || text.contains("指标表")) && headings::heading(text).is_none())
        .then(|| headings::heading_spaces(text))
}

/// `一、经济强（12 项）`, `经济发展（7项）`.
fn is_category(t: &str) -> bool {
    let c = compact(t);
    let Some(body) = c.strip_suffix("项）").or_else(|| c.strip_suffix("项)")) else {
        return false;
    };
    let Some((name, n)) = body.rsplit_once(['（', '(']) else {
        return false;
    };
    !name.is_empty() && !n.is_empty() && n.chars().all(|d| d.is_ascii_digit()) && chars(&c) <= 20
}

/// `（7项）` on a line of its own.
fn is_count(t: &str) -> bool {
    let c = compact(t);
    c.strip_prefix(['（', '('])
        .and_then(|r| r.strip_suffix("项）").or_else(|| r.strip_suffix("项)")))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|d| d.is_ascii_digit()))
}

pub(super) fn is_note(t: &str) -> bool {
    [
        "注：",
        "注:",
        "备注：",
        "备注:",
        "说明：",
        "说明:",
        "注1",
        "注 1",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

/// A cell that starts a value (rather than continuing one or a name).
fn value_start(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit() || "—–-－＞>≥≤＜<[〔【［~～约".contains(c))
}

fn is_continuation(cur: &str, prev: &str) -> bool {
    let year_note = cur
        .trim_start_matches(['（', '('])
        .strip_suffix(['）', ')'])
        .is_some_and(|y| y.ends_with('年') && cur.starts_with(['（', '(']));
    matches!(cur, "左右" | "以上" | "以下" | "以内")
        || year_note
        || (!value_start(cur)
            && !value_start(prev)
            && cur.starts_with(punctuation::is_han)
            && prev.starts_with(punctuation::is_han))
}

/// Pieces of values merged into `k` cells (`1.58` `左右` → `1.58左右`).
fn merge_values(mut v: Vec<String>, k: usize) -> Vec<String> {
    while v.len() > k && v.len() > 1 {
        let at = (1..v.len())
            .find(|&i| is_continuation(&v[i], &v[i - 1]))
            .unwrap_or(v.len() - 1);
        let piece = v.remove(at);
        v[at - 1].push_str(&piece);
    }
    while v.len() < k {
        v.push(String::new());
    }
    v
}

/// Indices of the lines still counted as plan text from `from` on.
fn next_plan(lines: &[Line], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&i| lines[i].fate == Fate::Plan)
}

/// Every table this module can rebuild, in order; repeated headers are marked dropped.
pub(super) fn find(lines: &mut [Line], changes: &mut Changes) -> Vec<Table> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].fate == Fate::Plan {
            if let Some(cap) = caption(&lines[i].text) {
                if let Some(t) = rebuild(lines, i, cap, changes) {
                    i = t.taken.iter().max().copied().unwrap_or(i) + 1;
                    out.push(t);
                    continue;
                }
            } else if headings::heading(&lines[i].text)
                .is_some_and(|h| h.kind == headings::Kind::Box)
            {
                if let Some(t) = box_table(lines, i) {
                    i = t.taken.iter().max().copied().unwrap_or(i) + 1;
                    out.push(t);
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// A short cell of a box's table: a column heading or a row's name (`区、县（市）`, `富阳区`).
fn short_cell(t: &str) -> bool {
    (1..=8).contains(&chars(t))
        && !punctuation::has_clause_mark(t)
        && headings::heading(t).is_none()
}

/// A box (专栏) that is a table given one cell per line (a web page): its title, a header of
/// 2 to 6 short cells, then rows of as many cells, each row led by a short cell and holding
/// text longer than a heading; the table runs to the next blank line or heading. The box's
/// title line stays the box's; the table is in the box.
fn box_table(lines: &[Line], title: usize) -> Option<Table> {
    let mut cells = Vec::new();
    let mut j = title + 1;
    while let Some(l) = lines.get(j) {
        if l.fate != Fate::Plan || headings::heading(&l.text).is_some() {
            break;
        }
        cells.push(j);
        j += 1;
    }
    let text = |i: usize| punctuation::tidy_spaces(&lines[i].text);
    let texts: Vec<String> = cells.iter().map(|&i| text(i)).collect();
    // The leading short lines are the header and the first row's name: the header has one
    // cell fewer than the run (or the run itself when the first row's name is long).
    let run = texts.iter().take_while(|t| short_cell(t)).count();
    let rows_of = |k: usize| -> Option<Vec<Vec<String>>> {
        let body = texts.len().checked_sub(k)?;
        if !(2..=6).contains(&k) || body < 2 * k || body % k != 0 {
            return None;
        }
        let rows: Vec<Vec<String>> = texts[k..].chunks(k).map(<[String]>::to_vec).collect();
        rows.iter()
            .all(|r| {
                short_cell(&r[0])
                    && r[1..].iter().any(|c| chars(c) > 8)
                    && !r.iter().any(|c| is_note(c))
            })
            .then_some(rows)
    };
    let (k, rows) = (2..=run).rev().find_map(|k| rows_of(k).map(|r| (k, r)))?;
    Some(Table {
        caption: String::new(),
        header: texts[..k].to_vec(),
        rows: rows
            .into_iter()
            .map(|cells| Row {
                cells,
                group: None,
                category: false,
            })
            .collect(),
        notes: Vec::new(),
        cols: Cols::default(),
        first: cells[0],
        taken: cells,
        tagged: false,
        in_box: true,
        id: None,
        align: Vec::new(),
    })
}

fn rebuild(lines: &mut [Line], at: usize, caption: String, changes: &mut Changes) -> Option<Table> {
    let h = next_plan(lines, at + 1)?;
    let first_header = lines[h].text.clone();
    let mut taken = vec![at];
    let mut dropped_headers = Vec::new();
    let (header, cols, rows, end) = if let Some(header) =
        header_cells(&compact(&first_header)).filter(|_| first_header.contains(char::is_whitespace))
    {
        // Space-separated columns.
        let cols = columns(&header)?;
        taken.push(h);
        let key = compact(&first_header);
        let mut rows = Vec::new();
        let mut j = h + 1;
        let mut pending_category: Option<String> = None;
        while let Some(k) = next_plan(lines, j) {
            let t = lines[k].text.clone();
            if compact(&t) == key {
                dropped_headers.push(k);
                j = k + 1;
                continue;
            }
            if is_category(&t) {
                taken.push(k);
                let cat = punctuation::tidy_spaces(&t);
                if cols.category.is_some() {
                    pending_category = Some(cat);
                } else {
                    let mut cells = vec![String::new(); header.len()];
                    cells[0] = cat;
                    rows.push(Row {
                        cells,
                        group: None,
                        category: true,
                    });
                }
                j = k + 1;
                continue;
            }
            // A row: its number, and (maybe after a wrap) its 属性.
            let starts = t
                .split_whitespace()
                .next()
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
                && t.contains(char::is_whitespace);
            if !starts {
                break;
            }
            let mut text = t.clone();
            let mut used = vec![k];
            let mut m = k + 1;
            while cols.nature.is_some()
                && !text.split_whitespace().last().is_some_and(is_nature)
                && used.len() < 3
            {
                let Some(n) = next_plan(lines, m) else { break };
                text.push_str(&lines[n].text);
                used.push(n);
                m = n + 1;
            }
            let Some(mut cells) = spaced_row(&text, &cols, header.len()) else {
                break;
            };
            if let (Some(c), Some(cat)) = (cols.category, pending_category.take()) {
                cells[c] = cat;
            }
            taken.extend(used);
            rows.push(Row {
                cells,
                group: None,
                category: false,
            });
            j = m;
        }
        (header, cols, rows, j)
    } else {
        // One cell per line: the header runs up to its 属性 cell.
        let mut cells_at = Vec::new();
        let mut joined = String::new();
        let mut j = h;
        loop {
            let k = next_plan(lines, j)?;
            let t = compact(&lines[k].text);
            if chars(&t) > 8 || cells_at.len() >= 14 {
                return None;
            }
            joined.push_str(&t);
            cells_at.push(k);
            j = k + 1;
            if t == "属性" || t == "指标属性" {
                break;
            }
        }
        let header = header_cells(&joined)?;
        let cols = columns(&header)?;
        cols.nature?;
        taken.extend(&cells_at);
        let (rows, used, end) = cell_rows(lines, j, &cols, header.len());
        if rows.is_empty() {
            return None;
        }
        taken.extend(used);
        (header, cols, rows, end)
    };
    if rows.iter().all(|r| r.category) {
        return None;
    }
    // Notes under the table: `注：…` and their wrapped lines.
    let mut notes = Vec::new();
    let mut j = end;
    while let Some(k) = next_plan(lines, j) {
        let t = lines[k].text.clone();
        if !is_note(&t) {
            break;
        }
        let mut note = t;
        taken.push(k);
        j = k + 1;
        while !punctuation::ends_sentence(&note) {
            let Some(n) = next_plan(lines, j) else { break };
            let next = lines[n].text.clone();
            if n != j || headings::starts_block(&next) || is_note(&next) {
                break;
            }
            note = format!("{note} {next}");
            taken.push(n);
            j = n + 1;
        }
        notes.push(punctuation::clean(&note, changes));
    }
    for k in dropped_headers {
        if taken.iter().any(|&t| t > k) {
            lines[k].fate = Fate::Dropped(REPEATED_HEADER);
        }
    }
    taken.sort_unstable();
    taken.dedup();
    let clean = |s: &str, changes: &mut Changes| punctuation::clean(s, changes);
    Some(Table {
        caption: punctuation::normalize(&caption, changes),
        header: header.iter().map(|c| clean(c, changes)).collect(),
        rows: rows
            .into_iter()
            .map(|r| Row {
                cells: r.cells.iter().map(|c| clean(c, changes)).collect(),
                group: r.group.map(|g| clean(&g, changes)),
                category: r.category,
            })
            .collect(),
        notes,
        cols,
        first: at,
        taken,
        tagged: false,
        in_box: false,
        id: None,
        align: Vec::new(),
    })
}

/// `1 地区生产总值年均增长（%） 5 左右 预期性` → the row's cells.
fn spaced_row(text: &str, cols: &Cols, n: usize) -> Option<Vec<String>> {
    let text = text.trim();
    let number_end = text.find(char::is_whitespace)?;
    let number = &text[..number_end];
    let mut middle = text[number_end..].trim();
    let mut nature = "";
    if cols.nature.is_some() {
        let (m, last) = middle.rsplit_once(char::is_whitespace)?;
        if !is_nature(last) {
            return None;
        }
        nature = last;
        middle = m.trim();
    }
    // The name ends at the closing parenthesis of its unit, `（%）`, followed by a space.
    let cut = middle
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '）' | ')') && middle[i + c.len_utf8()..].starts_with(char::is_whitespace)
        })
        .map(|(i, c)| i + c.len_utf8())
        .or_else(|| middle.find(char::is_whitespace))?;
    let name = punctuation::tidy_spaces(&middle[..cut]);
    let mut rest: Vec<String> = middle[cut..]
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut cells = vec![String::new(); n];
    if let Some(u) = cols.unit {
        if rest.is_empty() {
            return None;
        }
        cells[u] = rest.remove(0);
    }
    let values = merge_values(rest, cols.values.len());
    for (&c, v) in cols.values.iter().zip(values) {
        cells[c] = punctuation::tidy_spaces(&v);
    }
    if let Some(c) = cols.number {
        cells[c] = number.to_string();
    }
    cells[cols.name] = name;
    if let Some(c) = cols.nature {
        cells[c] = nature.to_string();
    }
    Some(cells)
}

/// The rows of a one-cell-per-line table from line `from`: (rows, lines taken, the line after).
fn cell_rows(lines: &[Line], from: usize, cols: &Cols, n: usize) -> (Vec<Row>, Vec<usize>, usize) {
    let nature = cols.nature.unwrap_or(n - 1);
    let mut rows: Vec<Row> = Vec::new();
    let mut taken = Vec::new();
    let mut chunk: Vec<(usize, String)> = Vec::new();
    let mut j = from;
    let mut end = from;
    let mut group: Option<String> = None;
    while let Some(k) = next_plan(lines, j) {
        let t = punctuation::tidy_spaces(&lines[k].text);
        if chars(&t) > 60 || is_note(&t) || (headings::heading(&t).is_some() && !is_category(&t)) {
            break;
        }
        j = k + 1;
        if !is_nature(&t) {
            chunk.push((k, t));
            continue;
        }
        let texts: Vec<String> = chunk.iter().map(|(_, t)| t.clone()).collect();
        let Some((mut cells, name)) = cell_row(&texts, cols, n) else {
            break;
        };
        cells[nature] = t;
        let numbered = cols.number.is_some_and(|c| !cells[c].is_empty());
        let row_group = if name.len() > 1 {
            group = Some(name[0].clone());
            group.clone()
        } else if numbered {
            group = None;
            None
        } else {
            group.clone()
        };
        rows.push(Row {
            cells,
            group: row_group,
            category: false,
        });
        taken.extend(chunk.iter().map(|(k, _)| *k));
        taken.push(k);
        chunk.clear();
        end = j;
    }
    (rows, taken, end)
}

/// One row's cells without its 属性, and the lines its name took.
fn cell_row(c: &[String], cols: &Cols, n: usize) -> Option<(Vec<String>, Vec<String>)> {
    let mut cells = vec![String::new(); n];
    let mut i = 0;
    if let Some(cc) = cols.category {
        if c.len() > i + 1 && is_count(&c[i + 1]) && !value_start(&c[i]) {
            cells[cc] = format!("{}{}", c[i], c[i + 1]);
            i += 2;
        } else if c.get(i).is_some_and(|t| is_category(t)) {
            cells[cc] = c[i].clone();
            i += 1;
        }
    }
    if let Some(nc) = cols.number {
        if c.get(i)
            .is_some_and(|t| !t.is_empty() && t.chars().all(|d| d.is_ascii_digit()))
        {
            cells[nc] = c[i].clone();
            i += 1;
        }
    }
    let rest = c.get(i..)?;
    let k = cols.values.len() + usize::from(cols.unit.is_some());
    if rest.is_empty() {
        return None;
    }
    let mut name = vec![rest[0].clone()];
    let mut j = 1;
    while rest.len() - j > k && !value_start(&rest[j]) && !is_continuation(&rest[j], "1") {
        name.push(rest[j].clone());
        j += 1;
    }
    let mut values = merge_values(rest[j..].to_vec(), k);
    if let Some(u) = cols.unit {
        cells[u] = values.remove(0);
    }
    for (&col, v) in cols.values.iter().zip(values) {
        cells[col] = v;
    }
    cells[cols.name] = name.join("：");
    Some((cells, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert_eq!(
            header_cells("序号指标2030年目标属性").unwrap(),
            ["序号", "指标", "2030年目标", "属性"]
        );
        assert_eq!(
            header_cells("类别序号指标名称2025年预计2030年目标年均/累计属性")
                .unwrap()
                .len(),
            7
        );
        assert!(header_cells("发展目标").is_none());
    }

    #[test]
    fn categories_and_merges() {
        assert!(is_category("一、经济强（12 项）"));
        assert!(is_category("经济发展（7项）"));
        assert!(is_count("（7项）"));
        assert_eq!(
            merge_values(
                vec!["1.62".into(), "1.58".into(), "左右".into(), "—".into()],
                3
            ),
            ["1.62", "1.58左右", "—"]
        );
        assert_eq!(
            merge_values(
                vec!["—".into(), "稳步".into(), "提高".into(), "—".into()],
                3
            ),
            ["—", "稳步提高", "—"]
        );
        let cols = columns(&header_cells("序号指标2030年目标属性").unwrap()).unwrap();
        assert_eq!(
            spaced_row("16 3 岁以下婴幼儿入托率（%） 25 预期性", &cols, 4).unwrap(),
            ["16", "3岁以下婴幼儿入托率（%）", "25", "预期性"]
        );
        assert_eq!(
            spaced_row(
                "23 细颗粒物（PM2.5）年均浓度（微克/立方米） 28 左右 约束性",
                &cols,
                4
            )
            .unwrap(),
            [
                "23",
                "细颗粒物（PM2.5）年均浓度（微克/立方米）",
                "28左右",
                "约束性"
            ]
        );
    }
}
