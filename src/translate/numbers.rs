//! Numbers in running text, in both languages, as values in base units so a zh block and its en
//! translation can be compared: `999.21亿元` = 99,921,000,000 = `99.921 billion`, `57.4万` =
//! 574,000 = `0.574 million`, `三大` = 3 = `three`, `2021年12月17日` = 2021, 12, 17 =
//! `17 December 2021`.
//!
//! zh side: digits with an optional 亿/万/千 scale, ranges (`2~3亿元`: both bounds in 亿), and
//! Chinese numerals only where they count something (`三大`, `五个`, `两项`), never `一` (一批,
//! 进一步, 统一 …) or 百/千 without a digit (百年, 千万青少年). A list number at the start of a
//! block (`1.`) and numbers inside glossary terms (`十四五`, `一带一路`) or attached to Latin
//! letters (`5G`, `4A级`) are skipped.
//!
//! en side: digits (`1,372.5`, `19th`) with an optional scale word (`billion`, `million`,
//! `thousand`, `hundred`), number words (`three`, `twenty-five`, `fifth`, `twice`, `decade`),
//! month names and Roman numerals. Reading more en numbers than are there only makes the check
//! more lenient, so the en side errs on the generous side.

use crate::text::{english, is_zh_numeral, parse_zh_numeral};
use std::ops::Range;

/// Two values are the same number (relative tolerance 1e-9).
pub fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-300)
}

/// A number in a zh text.
#[derive(Debug, Clone, PartialEq)]
pub struct ZhNumber {
    /// Byte range of the number (with its scale and `%`) in the text.
    pub range: Range<usize>,
    /// The text as written, e.g. `999.21亿`, `42.7%`, `三大`.
    pub text: String,
    /// Accepted readings in base units; the first is the main one.
    pub values: Vec<f64>,
    /// Percent or percentage points: shown with `%` in messages.
    pub percent: bool,
}

/// A number in an en text.
#[derive(Debug, Clone, PartialEq)]
pub struct EnNumber {
    pub text: String,
    pub value: f64,
}

const ZH_SCALES: &[(&str, f64)] = crate::text::scale::ZH;

/// Words after a Chinese numeral that make it a count: 三大, 五个, 两项, 三年 …
const ZH_CLASSIFIERS: &[char] = &[
    '大', '个', '项', '家', '条', '类', '种', '所', '座', '名', '位', '次', '年', '倍', '届', '轮',
    '张', '支', '场', '处', '批', '周', '天', '月', '期',
];

const RANGE_SEPARATORS: &[char] = &['~', '～', '-', '—', '–', '至', '到'];

fn norm_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '％' => '%',
        _ => c,
    }
}

/// The numbers of a zh text; `masked` are byte ranges (glossary terms) whose numbers are names.
pub fn zh_numbers(text: &str, masked: &[Range<usize>]) -> Vec<ZhNumber> {
    let cs: Vec<(usize, char)> = text
        .char_indices()
        .map(|(i, c)| (i, norm_char(c)))
        .collect();
    let byte = |i: usize| cs.get(i).map_or(text.len(), |c| c.0);
    let ch = |i: usize| cs.get(i).map(|c| c.1);
    let is_masked = |i: usize| {
        let b = byte(i);
        masked.iter().any(|r| r.contains(&b))
    };
    let mut out = Vec::new();
    let mut i = skip_list_number(&cs);
    while i < cs.len() {
        let c = cs[i].1;
        if c.is_ascii_digit() {
            let Some(d) = digits_at(&cs, i) else {
                i += 1;
                continue;
            };
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
            let prev = i.checked_sub(1).and_then(ch);
            if is_masked(i) || latin(prev) || latin(ch(d.end)) {
                i = d.end;
                continue;
            }
            let mut values = vec![d.value * d.scale];
            if d.scale == 1e3 {
                // 千 is also a unit prefix (千米, 千瓦): accept the bare number too.
                values.push(d.value);
            }
            // A range: `2~3亿元` puts both bounds in 亿.
            if let Some(sep) = ch(d.end) {
                if RANGE_SEPARATORS.contains(&sep) {
                    let mut j = d.end + 1;
                    while ch(j) == Some(sep) {
                        j += 1;
                    }
                    if let Some(upper) = digits_at(&cs, j) {
                        if d.scale == 1.0 && upper.scale != 1.0 {
                            values.insert(0, d.value * upper.scale);
                        }
                    }
                }
            }
            out.push(ZhNumber {
                range: byte(i)..byte(d.end),
                text: text[byte(i)..byte(d.end)].to_string(),
                values,
                percent: d.percent,
            });
            i = d.end;
        } else if is_zh_numeral(c) {
            let mut j = i;
            while ch(j).is_some_and(is_zh_numeral) {
                j += 1;
            }
            let run: String = cs[i..j].iter().map(|c| c.1).collect();
            let counts = ch(j).is_some_and(|c| ZH_CLASSIFIERS.contains(&c));
            if counts && !(i..j).any(is_masked) {
                if let Some(v) = zh_numeral_value(&run) {
                    // Shown with its classifier: `三大`.
                    out.push(ZhNumber {
                        range: byte(i)..byte(j + 1),
                        text: text[byte(i)..byte(j + 1)].to_string(),
                        values: vec![v],
                        percent: false,
                    });
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Past a list number at the start of a block: `1.`, `2、`, `(3)` is kept.
fn skip_list_number(cs: &[(usize, char)]) -> usize {
    let mut i = 0;
    // `**1.` also when the bold did not parse (a stray `**` stays in the text).
    while cs.get(i).is_some_and(|c| c.1.is_whitespace() || c.1 == '*') {
        i += 1;
    }
    let start = i;
    while cs.get(i).is_some_and(|c| c.1.is_ascii_digit()) {
        i += 1;
    }
    let n = i - start;
    let sep = cs.get(i).map(|c| c.1);
    let after = cs.get(i + 1).map(|c| c.1);
    if (1..=2).contains(&n)
        && matches!(sep, Some('.' | '、'))
        && !after.is_some_and(|c| c.is_ascii_digit())
    {
        i + 1
    } else {
        0
    }
}

struct Digits {
    value: f64,
    scale: f64,
    percent: bool,
    /// Char index after the number, its scale and `%`.
    end: usize,
}

/// `1,234.5` + optional `余`/`多` + optional scale (亿, 万 …) + optional `%`, at char `i`.
fn digits_at(cs: &[(usize, char)], i: usize) -> Option<Digits> {
    let ch = |i: usize| cs.get(i).map(|c| c.1);
    let digit = |i: usize| ch(i).is_some_and(|c| c.is_ascii_digit());
    if !digit(i) {
        return None;
    }
    let mut j = i;
    let mut s = String::new();
    loop {
        match ch(j) {
            Some(c) if c.is_ascii_digit() => s.push(c),
            Some(',') if (1..=3).all(|k| digit(j + k)) && !digit(j + 4) => {}
            Some('.') if digit(j + 1) && !s.contains('.') => s.push('.'),
            _ => break,
        }
        j += 1;
    }
    let value: f64 = s.parse().ok()?;
    let mut k = j;
    if matches!(ch(k), Some('余' | '多')) {
        k += 1;
    }
    let rest: String = cs[k.min(cs.len())..].iter().take(2).map(|c| c.1).collect();
    let mut scale = 1.0;
    for (word, s) in ZH_SCALES {
        if rest.starts_with(word) {
            scale = *s;
            k += word.chars().count();
            break;
        }
    }
    if scale == 1.0 {
        k = j;
    }
    let percent = if ch(k) == Some('%') {
        k += 1;
        true
    } else {
        let rest: String = cs[k.min(cs.len())..].iter().take(4).map(|c| c.1).collect();
        rest.starts_with("个百分点") || rest.starts_with("百分点")
    };
    Some(Digits {
        value,
        scale,
        percent,
        end: k,
    })
}

/// The value of a Chinese numeral that counts something, `None` when it is not one to compare:
/// `一` alone (a, one, 统一 …), runs starting with 百/千/零 (百年, 千万), and two digits side by
/// side (三四线: an approximation). Three or more digits read positionally (二〇二一 = 2021).
fn zh_numeral_value(run: &str) -> Option<f64> {
    let first = run.chars().next()?;
    if "百千零〇".contains(first) {
        return None;
    }
    let has_unit = run.contains(['十', '百', '千']);
    let n = run.chars().count();
    let v = if has_unit || n == 1 {
        parse_zh_numeral(run)?
    } else if n >= 3 {
        crate::text::numerals::parse_zh_digits(run)?
    } else {
        return None;
    };
    (v != 1.0).then_some(v)
}

/// Other words that say a count (beside `crate::text::english`'s number words).
const EN_WORDS: &[(&str, f64)] = &[
    // other ways to say a count
    ("single", 1.0),
    ("both", 2.0),
    ("dual", 2.0),
    ("double", 2.0),
    ("twice", 2.0),
    ("twin", 2.0),
    ("pair", 2.0),
    ("triple", 3.0),
    ("thrice", 3.0),
    ("dozen", 12.0),
    ("decade", 10.0),
    ("decades", 10.0),
    ("half", 0.5),
    // months
    ("january", 1.0),
    ("february", 2.0),
    ("march", 3.0),
    ("april", 4.0),
    ("may", 5.0),
    ("june", 6.0),
    ("july", 7.0),
    ("august", 8.0),
    ("september", 9.0),
    ("october", 10.0),
    ("november", 11.0),
    ("december", 12.0),
];

const EN_SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("hundredth", 1e2),
];

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Num(f64, Range<usize>),
    Word(&'a str, Range<usize>),
    /// Punctuation other than white space.
    Sep(char),
}

fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let cs: Vec<(usize, char)> = text.char_indices().collect();
    let digit = |i: usize| cs.get(i).is_some_and(|c| c.1.is_ascii_digit());
    let mut i = 0;
    while i < cs.len() {
        let (start, c) = cs[i];
        if c.is_ascii_digit() {
            let mut j = i;
            let mut s = String::new();
            loop {
                match cs.get(j).map(|c| c.1) {
                    Some(c) if c.is_ascii_digit() => s.push(c),
                    Some(',') if (1..=3).all(|k| digit(j + k)) && !digit(j + 4) => {}
                    Some('.') if digit(j + 1) && !s.contains('.') => s.push('.'),
                    _ => break,
                }
                j += 1;
            }
            let end = cs.get(j).map_or(text.len(), |c| c.0);
            if let Ok(v) = s.parse() {
                out.push(Tok::Num(v, start..end));
            }
            i = j;
        } else if c.is_alphabetic() {
            let mut j = i;
            while cs.get(j).is_some_and(|c| c.1.is_alphabetic()) {
                j += 1;
            }
            let end = cs.get(j).map_or(text.len(), |c| c.0);
            out.push(Tok::Word(&text[start..end], start..end));
            i = j;
        } else {
            if !c.is_whitespace() {
                out.push(Tok::Sep(c));
            }
            i += 1;
        }
    }
    out
}

/// A word in lower case, copied only when it has a capital (most words have none).
fn lower(word: &str) -> std::borrow::Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(word.to_lowercase())
    }
}

fn lookup(table: &[(&str, f64)], word: &str) -> Option<f64> {
    table.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

fn scale_word(tok: Option<&Tok>) -> Option<f64> {
    match tok {
        Some(Tok::Word(w, _)) => lookup(EN_SCALES, &lower(w)),
        _ => None,
    }
}

/// Roman numerals in upper case (`Phase II`, `Grade III`).
fn roman(word: &str) -> Option<f64> {
    if word.is_empty() || word.len() > 6 || !word.chars().all(|c| "IVX".contains(c)) {
        return None;
    }
    let val = |c| match c {
        'I' => 1,
        'V' => 5,
        _ => 10,
    };
    let cs: Vec<i32> = word.chars().map(val).collect();
    let mut total = 0;
    for (k, v) in cs.iter().enumerate() {
        if cs.get(k + 1).is_some_and(|n| n > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    (total > 0).then_some(total as f64)
}

/// The numbers of an en text, in base units.
pub fn en_numbers(text: &str) -> Vec<EnNumber> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    let span_text = |r: &Range<usize>, end: usize| text[r.start..end.max(r.end)].to_string();
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Num(v, r) => {
                // `1.2 billion`, `1.2-billion`
                let (scale, used) = match (scale_word(toks.get(i + 1)), toks.get(i + 1)) {
                    (Some(s), Some(Tok::Word(_, wr))) => (s, Some(wr.end)),
                    _ => match (toks.get(i + 1), scale_word(toks.get(i + 2))) {
                        (Some(Tok::Sep('-')), Some(s)) => (s, None),
                        _ => (1.0, None),
                    },
                };
                out.push(EnNumber {
                    text: span_text(r, used.unwrap_or(r.end)),
                    value: v * scale,
                });
                let next = i + if used.is_some() { 2 } else { 1 };
                // A range whose upper bound carries the scale: `2 to 3 billion`, `200-300 million`.
                if scale == 1.0 {
                    let sep = matches!(toks.get(i + 1), Some(Tok::Sep('-' | '–' | '~' | '—')))
                        || matches!(toks.get(i + 1), Some(Tok::Word(w, _)) if ["to", "and", "or"].contains(w));
                    if let (true, Some(Tok::Num(upper, _)), Some(s)) =
                        (sep, toks.get(i + 2), scale_word(toks.get(i + 3)))
                    {
                        if upper < v {
                            i = next;
                            continue;
                        }
                        out.push(EnNumber {
                            text: span_text(r, r.end),
                            value: v * s,
                        });
                    }
                }
                i = next;
            }
            Tok::Word(w, r) => {
                let low = lower(w);
                if let Some(v) = roman(w) {
                    out.push(EnNumber {
                        text: w.to_string(),
                        value: v,
                    });
                    i += 1;
                    continue;
                }
                let mut value = None;
                let mut j = i + 1;
                if let Some(t) = english::tens(&low) {
                    let mut v = t;
                    // twenty-five, twenty five, twenty-first
                    let k = if matches!(toks.get(j), Some(Tok::Sep('-'))) {
                        j + 1
                    } else {
                        j
                    };
                    if let Some(Tok::Word(u, _)) = toks.get(k) {
                        if let Some(u) = english::ones(&lower(u)) {
                            v += u;
                            j = k + 1;
                        }
                    }
                    value = Some(v);
                } else if let Some(u) = english::ones(&low)
                    .or_else(|| english::teens(&low))
                    .or_else(|| lookup(EN_WORDS, &low))
                {
                    value = Some(u);
                } else if low == "a" || low == "an" {
                    // "a hundred", "a million"
                    if scale_word(toks.get(j)).is_some() {
                        value = Some(1.0);
                    }
                } else if let Some(s) = lookup(EN_SCALES, &low) {
                    // `hundred`, `thousand` on their own
                    value = Some(s);
                }
                let Some(mut v) = value else {
                    i += 1;
                    continue;
                };
                let mut end = r.end;
                // `five hundred`, `three million`, `five hundred thousand`
                while let (Some(s), Some(Tok::Word(_, wr))) = (scale_word(toks.get(j)), toks.get(j))
                {
                    v *= s;
                    end = wr.end;
                    j += 1;
                }
                out.push(EnNumber {
                    text: text[r.start..end].to_string(),
                    value: v,
                });
                i = j;
            }
            Tok::Sep(_) => i += 1,
        }
    }
    out
}

/// How a value reads in English, for help lines: `99.921 billion`, `574,000`, `42.7%`.
pub fn en_form(n: &ZhNumber) -> String {
    let v = n.values[0];
    if n.percent {
        return if n.text.contains('%') {
            format!("{}%", crate::values::format_number(v))
        } else {
            format!("{} percentage points", crate::values::format_number(v))
        };
    }
    if v.abs() >= 1e9 {
        format!("{} billion", crate::values::format_number(v / 1e9))
    } else if v.abs() >= 1e6 {
        format!("{} million", crate::values::format_number(v / 1e6))
    } else {
        grouped(v)
    }
}

/// `574000` → `574,000`; years and small numbers stay as they are.
pub fn grouped(v: f64) -> String {
    let s = crate::values::format_number(v);
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    if int.len() <= 4 {
        return s.clone();
    }
    let mut out = String::new();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh(text: &str) -> Vec<(String, f64)> {
        zh_numbers(text, &[])
            .into_iter()
            .map(|n| (n.text, n.values[0]))
            .collect()
    }

    fn zh_values(text: &str) -> Vec<f64> {
        zh(text).into_iter().map(|(_, v)| v).collect()
    }

    fn en(text: &str) -> Vec<f64> {
        en_numbers(text).into_iter().map(|n| n.value).collect()
    }

    fn en_has(text: &str, v: f64) -> bool {
        en(text).iter().any(|x| same(*x, v))
    }

    #[test]
    fn zh_scales_percent_and_points() {
        assert_eq!(zh_values("增加值999.21亿元"), [999.21e8]);
        assert_eq!(zh_values("3779.1万人次"), [3779.1e4]);
        assert_eq!(zh_values("就业人数57.4万"), [574000.0]);
        assert_eq!(zh_values("比重为42.7%，提高6.2个百分点"), [42.7, 6.2]);
        assert_eq!(zh_values("4.78亿美元"), [4.78e8]);
        assert_eq!(zh_values("1000余万元"), [1e7]);
        assert_eq!(zh_values("１２．５％"), [12.5]);
        let n = &zh_numbers("提高6.2个百分点", &[])[0];
        assert!(n.percent);
        assert_eq!(en_form(n), "6.2 percentage points");
        assert_eq!(en_form(&zh_numbers("999.21亿元", &[])[0]), "99.921 billion");
        assert_eq!(en_form(&zh_numbers("57.4万人", &[])[0]), "574,000");
    }

    #[test]
    fn zh_dates_ranges_and_lists() {
        assert_eq!(zh_values("2021年12月17日印发"), [2021.0, 12.0, 17.0]);
        // Both bounds of a range take the scale of the upper one.
        let r = zh_numbers("投资2~3亿元", &[]);
        assert_eq!(r[0].values, [2e8, 2.0]);
        assert_eq!(r[1].values, [3e8]);
        assert_eq!(zh_values("2021—2025年"), [2021.0, 2025.0]);
        // A list number at the start of a block is not a quantity.
        assert_eq!(zh_values("1.服务总量稳步攀升。增长8.5%"), [8.5]);
        assert_eq!(zh_values("12、其他"), Vec::<f64>::new());
        assert_eq!(zh_values("**1.建设园区。**建设"), Vec::<f64>::new());
        assert_eq!(zh_values("1.5倍"), [1.5]);
        // Numbers attached to Latin letters are names.
        assert_eq!(zh_values("5G基站和4A级景区"), Vec::<f64>::new());
        // Thousands separators.
        assert_eq!(zh_values("10,000人"), [10000.0]);
        assert_eq!(zh_values("2016、2017年"), [2016.0, 2017.0]);
    }

    #[test]
    fn zh_numerals_only_when_they_count() {
        assert_eq!(zh_values("三大行业"), [3.0]);
        assert_eq!(zh_values("五大中心和七大工程"), [5.0, 7.0]);
        assert_eq!(zh_values("两个市场"), [2.0]);
        assert_eq!(zh_values("十大工程"), [10.0]);
        assert_eq!(zh_values("二〇二一年"), [2021.0]);
        for none in [
            "进一步统一一批",
            "百年老店",
            "千万青少年",
            "三四线城市",
            "一是加强",
            "十分重要",
            "全省前三",
        ] {
            assert_eq!(zh_values(none), Vec::<f64>::new(), "{none}");
        }
        // Numerals inside glossary terms are names.
        let text = "十八总和三大";
        let term = std::iter::once(0..9).collect::<Vec<_>>();
        assert_eq!(zh_numbers(text, &term).len(), 1);
        assert_eq!(zh_numbers(text, &term)[0].text, "三大");
    }

    #[test]
    fn en_digits_scales_and_words() {
        assert!(en_has("99.921 billion yuan", 999.21e8));
        assert!(en_has("37.791 million visits", 3779.1e4));
        assert!(en_has("574,000 people", 574000.0));
        assert!(en_has("0.574 million people", 574000.0));
        assert!(en_has("an increase of 1,372.5%", 1372.5));
        assert!(en_has("10,000 square meters", 1e4));
        assert!(en_has("in 2016, 2017 and 2018", 2017.0));
        assert!(!en_has("in 2016, 2017", 2016_2017.0));
        assert!(en_has("2 to 3 billion yuan", 2e9));
        assert!(en_has("2 to 3 billion yuan", 3e9));
        assert!(en_has("200-300 million", 2e8));
        // "from 2015 to 99.921 billion" is no range.
        assert!(!en_has("from 2015 to 99.921 billion", 2015e9));
        assert_eq!(en("59.546 billion yuan"), [59.546e9]);
        assert!(en_has("a 1.2-billion-yuan project", 1.2e9));
        assert!(en_has("the three major industries", 3.0));
        assert!(en_has("twenty-five parks", 25.0));
        // Capitals are lower-cased before the words are looked up.
        assert!(en_has("Twenty-Five parks", 25.0));
        assert!(en_has("THREE Million visitors", 3e6));
        assert!(en_has("five hundred enterprises", 500.0));
        assert!(en_has("a hundred", 100.0));
        assert!(en_has("the Fifth Plenary Session", 5.0));
        assert!(en_has("the 19th National Congress", 19.0));
        assert!(en_has("17 December 2021", 12.0));
        assert!(en_has("Phase II", 2.0));
        assert!(en_has("a three-year action plan", 3.0));
        assert!(en_has("held twice", 2.0));
        assert_eq!(en("no numbers here"), Vec::<f64>::new());
    }

    #[test]
    fn values_compare_with_tolerance() {
        assert!(same(999.21e8, 99.921e9));
        assert!(same(0.574e6, 574000.0));
        assert!(!same(99.92e9, 99.921e9));
        assert_eq!(grouped(574000.0), "574,000");
        assert_eq!(grouped(2021.0), "2021");
        assert_eq!(grouped(1372.5), "1372.5");
    }
}
