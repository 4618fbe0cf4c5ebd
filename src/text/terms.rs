//! Search terms: how the site's search index splits text into terms, and how its script splits
//! a query the same way.
//!
//! One rule set, written here once: the index (`render::html::search`) calls [`terms`], and the
//! search page's script is given [`script_rules`], the same tables as JavaScript, so a query is
//! cut exactly as the text was.
//!
//! - Text is folded first ([`fold`]): full-width letters and digits to ASCII (`１５００` is
//!   `1500`), letters to lower case.
//! - A run of Han characters gives its character pairs (`服务业` → `服务`, `务业`) and its last
//!   character alone (`业`), each at the position of its first character: a query of two or more
//!   characters is looked up as pairs at consecutive positions (the phrase, not just its pairs
//!   anywhere in the block), a query of one character as every term starting with it.
//! - A run of letters and digits (`1.5`, a decimal point between digits included) is a word;
//!   English words lose a plural ending ([`stem`]: `industries` → `industry`), so a query in
//!   the singular finds the plural and back. A query word matches every word it begins.
//! - Anything else (punctuation, spaces, symbols) separates terms.

use super::cjk::{is_han, HAN_RANGES};

/// A character as the index sees it: full-width ASCII letters and digits as ASCII, upper-case
/// ASCII as lower case. Other letters (Greek, accented) are lowered by the script with
/// `toLowerCase`, so they are lowered here with Rust's `to_lowercase` when it gives one char.
pub fn fold(c: char) -> char {
    let c = match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// A character of a word: a letter or digit that is not Han.
fn in_word(c: char) -> bool {
    c.is_alphanumeric() && !is_han(c)
}

/// An English word without its plural ending (Harman's "S" stemmer): `-ies` → `-y` (not
/// `-aies`, `-eies`), else a final `-s` dropped (not after `u` or `s`: `status`, `business`);
/// words of three letters or fewer, or with anything but `a`–`z`, as they are.
pub fn stem(word: &str) -> String {
    let n = word.len();
    if n <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let ends = |s: &[&str]| s.iter().any(|e| word.ends_with(e));
    if word.ends_with("ies") && !ends(&["aies", "eies"]) {
        format!("{}y", &word[..n - 3])
    } else if word.ends_with('s') && !ends(&["us", "ss"]) {
        word[..n - 1].to_string()
    } else {
        word.to_string()
    }
}

/// Calls `f(term, position)` for each term of `text`, positions counted from `start`; returns
/// the next free position (so the terms of several pieces of one block can follow each other).
pub fn terms(text: &str, start: u32, mut f: impl FnMut(&str, u32)) -> u32 {
    let mut pos = start;
    let chars: Vec<char> = text.chars().map(fold).collect();
    let mut i = 0;
    let mut buf = String::new();
    while i < chars.len() {
        let c = chars[i];
        if is_han(c) {
            let from = i;
            while i < chars.len() && is_han(chars[i]) {
                i += 1;
            }
            for k in from..i {
                buf.clear();
                buf.push(chars[k]);
                if k + 1 < i {
                    buf.push(chars[k + 1]);
                }
                f(&buf, pos);
                pos += 1;
            }
        } else if in_word(c) {
            buf.clear();
            while i < chars.len() {
                let c = chars[i];
                let decimal = c == '.'
                    && buf.ends_with(|p: char| p.is_ascii_digit())
                    && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
                if !(in_word(c) || decimal) {
                    break;
                }
                buf.push(c);
                i += 1;
            }
            f(&stem(&buf), pos);
            pos += 1;
        } else {
            i += 1;
        }
    }
    pos
}

/// The key of a term, which decides the index file it is in: its first character for a Han
/// term, its first two characters for a word (one for a word of one character). Every term a
/// query term begins has the same key, so one file answers it.
pub fn key(term: &str) -> &str {
    let mut chars = term.char_indices();
    match chars.next() {
        None => "",
        Some((_, c)) if is_han(c) => &term[..c.len_utf8()],
        Some(_) => match chars.nth(1) {
            Some((at, _)) => &term[..at],
            None => term,
        },
    }
}

/// Which of `files` index files holds terms with this key: FNV-1a over the key's code points.
pub fn file_of(key: &str, files: u32) -> u32 {
    let mut h: u32 = 0x811C_9DC5;
    for c in key.chars() {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h % files.max(1)
}

/// The same rules for the search page's script: a JSON object with the Han ranges (`han`:
/// pairs of code points), which the script's fold, word, stem, key and file functions use as
/// the functions above do.
pub fn script_rules() -> String {
    let han: Vec<String> = HAN_RANGES
        .iter()
        .map(|(a, b)| format!("[{a},{b}]"))
        .collect();
    format!("{{\"han\":[{}]}}", han.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        terms(text, 0, |t, p| out.push((t.to_string(), p)));
        out
    }

    #[test]
    fn han_runs_give_pairs_and_their_last_character() {
        let got = all("服务业，增加值");
        let want = [
            ("服务", 0),
            ("务业", 1),
            ("业", 2),
            ("增加", 3),
            ("加值", 4),
            ("值", 5),
        ];
        let want: Vec<(String, u32)> = want.iter().map(|(t, p)| (t.to_string(), *p)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn words_and_numbers() {
        let got: Vec<String> = all("Value-added of Services: １５００亿元, 1.5 billion; 60%.")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            got,
            ["value", "added", "of", "service", "1500", "亿元", "元", "1.5", "billion", "60"]
        );
    }

    #[test]
    fn plurals() {
        for (word, want) in [
            ("industries", "industry"),
            ("services", "service"),
            ("enterprises", "enterprise"),
            ("logistics", "logistic"),
            ("status", "status"),
            ("business", "business"),
            ("gas", "gas"),
            ("2020s", "2020s"),
            ("heroes", "heroe"),
            ("hero", "hero"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }

    #[test]
    fn keys_are_shared_by_every_term_a_query_begins() {
        assert_eq!(key("服务"), "服");
        assert_eq!(key("服"), "服");
        assert_eq!(key("logistic"), "lo");
        assert_eq!(key("lo"), "lo");
        assert_eq!(key("5"), "5");
        assert_eq!(key("é"), "é");
        assert_eq!(file_of("服", 64), file_of("服", 64));
        assert!(file_of("lo", 7) < 7);
        // FNV-1a of the code point sequence (the script computes the same).
        assert_eq!(file_of("a", 1 << 31), 0xE40C292C % (1 << 31));
    }

    #[test]
    fn folding() {
        assert_eq!(fold('Ａ'), 'a');
        assert_eq!(fold('５'), '5');
        assert_eq!(fold('É'), 'é');
        assert_eq!(fold('服'), '服');
        assert!(is_han('〇') && is_han('𠀀') && !is_han('，'));
    }
}
