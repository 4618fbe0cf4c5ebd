//! Whitespace and punctuation normalisation, as an editor of an official Chinese text does it.
//!
//! - [`tidy_spaces`]: trims, collapses whitespace runs (including the ideographic space U+3000 and
//!   no-break spaces used as indentation) and removes a space next to a Chinese character, so
//!   `50.2% 提高` becomes `50.2%提高` while `Latin words` keep theirs.
//! - [`normalize`]: ASCII `, ; : ( ) ? !` in Chinese context become full-width `，；：（）？！`,
//!   straight double quotes around Chinese become paired `“ ”`. Numbers (`1,000`), ratios and
//!   times (`40:60`, `10:30`), ranges (`2~3`), decimals and Latin text stay as they are.
//!
//! Every change is counted per kind (`", -> ，"`) for the import report.

use std::collections::BTreeMap;

/// Punctuation changes per kind, keyed `"<from> -> <to>"`.
pub(super) type Changes = BTreeMap<String, usize>;

pub(super) use crate::text::{is_cjk, is_han};

/// Whitespace for our purposes: Unicode white space (which includes the ideographic space U+3000
/// and the no-break space U+00A0) plus the BOM and zero-width space that scraped pages carry.
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}')
}

/// Trims leading and trailing [`is_space`] characters.
pub(super) fn trim(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Trims, collapses whitespace runs to one space, and drops that space when a neighbour is a
/// Chinese character or Chinese punctuation.
pub(super) fn tidy_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if is_space(c) {
            pending = !out.is_empty();
            continue;
        }
        if pending {
            let prev = out.chars().next_back().unwrap_or(' ');
            if !is_cjk(prev) && !is_cjk(c) {
                out.push(' ');
            }
            pending = false;
        }
        out.push(c);
    }
    out
}

fn count(changes: &mut Changes, from: char, to: char) {
    *changes.entry(format!("{from} -> {to}")).or_insert(0) += 1;
}

fn full_width(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '?' => '？',
        '!' => '！',
        other => other,
    }
}

/// Normalises the punctuation of one (already space-tidied) line of text; see the module doc.
pub(super) fn normalize(s: &str, changes: &mut Changes) -> String {
    let mut v: Vec<char> = s.chars().collect();
    let n = v.len();
    let at = |v: &[char], i: isize| -> Option<char> {
        if i < 0 {
            None
        } else {
            v.get(i as usize).copied()
        }
    };
    let cjk_at = |v: &[char], i: isize| at(v, i).is_some_and(is_cjk);

    // 1. Parentheses, as matched pairs: a pair in Chinese context (Chinese inside, or a Chinese
    //    neighbour outside) becomes full-width as a whole, so a pair never ends up mixed.
    let mut stack = Vec::new();
    let mut pairs = Vec::new();
    let mut single = Vec::new();
    for (i, &c) in v.iter().enumerate() {
        match c {
            '(' => stack.push(i),
            ')' => match stack.pop() {
                Some(o) => pairs.push((o, i)),
                None => single.push(i),
            },
            _ => {}
        }
    }
    single.extend(stack);
    let mut convert = vec![false; n];
    for &(o, c) in &pairs {
        let (oi, ci) = (o as isize, c as isize);
        if cjk_at(&v, oi - 1) || cjk_at(&v, ci + 1) || v[o + 1..c].iter().any(|&x| is_cjk(x)) {
            convert[o] = true;
            convert[c] = true;
        }
    }
    for &i in &single {
        let ii = i as isize;
        if cjk_at(&v, ii - 1) || cjk_at(&v, ii + 1) {
            convert[i] = true;
        }
    }
    for (i, flag) in convert.iter().enumerate() {
        if *flag {
            let to = full_width(v[i]);
            count(changes, v[i], to);
            v[i] = to;
        }
    }

    // 2. Straight double quotes, paired in order of appearance.
    let quotes: Vec<usize> = (0..n).filter(|&i| v[i] == '"').collect();
    let mut k = 0;
    while k < quotes.len() {
        if k + 1 < quotes.len() {
            let (o, c) = (quotes[k], quotes[k + 1]);
            let (oi, ci) = (o as isize, c as isize);
            if cjk_at(&v, oi - 1) || cjk_at(&v, ci + 1) || v[o + 1..c].iter().any(|&x| is_cjk(x)) {
                count(changes, '"', '“');
                count(changes, '"', '”');
                v[o] = '“';
                v[c] = '”';
            }
            k += 2;
        } else {
            let i = quotes[k];
            let ii = i as isize;
            if cjk_at(&v, ii - 1) || cjk_at(&v, ii + 1) {
                // A lone quote opens when what follows is text, else it closes.
                let opens = at(&v, ii + 1).is_some_and(|c| !is_space(c))
                    && at(&v, ii - 1).is_none_or(|c| is_space(c) || "（《“，、：；".contains(c));
                let to = if opens { '“' } else { '”' };
                count(changes, '"', to);
                v[i] = to;
            }
            k += 1;
        }
    }

    // 3. , ; : ? ! — converted next to Chinese, or inside a run of text (between spaces) that
    //    contains Chinese (`52.6%,57.6%` in a Chinese sentence); kept between digits (`1,000`,
    //    `40:60`, `10:30`) and in `://`.
    for i in 0..n {
        let c = v[i];
        if !matches!(c, ',' | ';' | ':' | '?' | '!') {
            continue;
        }
        let ii = i as isize;
        let prev = at(&v, ii - 1);
        let next = at(&v, ii + 1);
        let digits =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|x| x.is_ascii_digit());
        if matches!(c, ',' | ':') && digits {
            continue;
        }
        if c == ':' && next == Some('/') {
            continue;
        }
        let near = prev.is_some_and(is_cjk) || next.is_some_and(is_cjk);
        let in_run = || {
            let left = v[..i].iter().rev().take_while(|&&x| !is_space(x));
            let right = v[i + 1..].iter().take_while(|&&x| !is_space(x));
            left.chain(right).any(|&x| is_han(x))
        };
        if near || in_run() {
            let to = full_width(c);
            count(changes, c, to);
            v[i] = to;
        }
    }
    v.into_iter().collect()
}

/// [`tidy_spaces`] then [`normalize`]: the form every kept line of the plan is written in.
pub(super) fn clean(s: &str, changes: &mut Changes) -> String {
    normalize(&tidy_spaces(s), changes)
}

/// Does the text hold a mark that ends a clause or a sentence (，。；：！？)? A table's cell
/// or a label has none.
pub(super) fn has_clause_mark(text: &str) -> bool {
    text.contains(['，', '。', '；', '：', '！', '？'])
}

/// A line that ends a sentence, so the next line cannot be its continuation.
pub(super) fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['”', '’', '）', ')', '」', '』']);
    t.ends_with(['。', '！', '？', '!', '?', '；', ';', '：', ':', '…'])
}
