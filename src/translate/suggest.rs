//! Terms the glossary does not cover yet: zh names, slogans and 'N大…' groups that occur in two
//! or more texts (titles, headings, blocks), each with the English renderings found in the
//! aligned en texts. `plandoc glossary suggest` lists them; `check` warns `term-drift` when one of
//! them is rendered two ways.
//!
//! What counts as a term (in the zh text normalised with [`norm_zh`]):
//! - a slogan: the text between quotation marks “…” (3–16 characters, no sentence punctuation);
//! - a name: a run of Chinese characters ending in 区/园/港/城/中心/工程/计划/行动, reaching left
//!   to the nearest punctuation, function word or verb (建设, 推进 …), with at least two
//!   characters before the suffix;
//! - a group: 两/二…十 + 大 and the words that follow, up to punctuation or a verb (三大主导服务产业).
//!
//! An occurrence inside a glossary term (as [`Matcher::matches`] takes them), or ending in one,
//! does not count, so a term leaves the list once the glossary has it (or a longer name
//! containing it, or the name's head: 示范集聚区 for 省级服务业示范集聚区). A term that
//! only ever occurs inside a longer listed term (in the same texts) is left to the longer one.
//!
//! Renderings are read from the en text of each occurrence: quoted strings for slogans, noun
//! phrases ending in a head noun of the suffix (区 → zone, district, area, park, cluster …) for
//! names, and the number word with the words after it for groups. One rendering is chosen per
//! text, greedily: first the phrase found in most of the term's texts (the longest such), then
//! the same for the texts left; a text with several unrelated candidates takes the one nearest
//! the term's relative position.

use super::glossary::{contains_term, contains_words, norm_en, norm_zh, Matcher, ZhScan};
use super::TextPair;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// How a term was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Text in quotation marks: “一地引领”.
    Slogan,
    /// A name ending in 区/园/港/城/中心/工程/计划/行动.
    Name,
    /// A numbered group: 三大主导服务产业, 七大工程.
    Group,
}

/// One English rendering of a term and the texts that use it.
#[derive(Debug, Clone)]
pub struct Rendering {
    /// As written in the first text that uses it.
    pub en: String,
    /// Indices into the text pairs the suggestion was computed from.
    pub texts: Vec<usize>,
}

/// A zh term that occurs in two or more texts and is not in the glossary.
#[derive(Debug, Clone)]
pub struct Suggestion {
    /// As normalised for matching (full-width forms as ASCII).
    pub zh: String,
    pub kind: Kind,
    /// Indices into the text pairs, in plan order.
    pub texts: Vec<usize>,
    /// Most used first. Texts where no rendering was found belong to none.
    pub renderings: Vec<Rendering>,
}

impl Suggestion {
    /// Two or more renderings: the English is not consistent.
    pub fn drifts(&self) -> bool {
        self.renderings.len() > 1
    }
}

const SUFFIXES: &[&str] = &["中心", "工程", "计划", "行动", "区", "园", "港", "城"];

/// Characters after a suffix that make it part of another word (区域, 城市, 港口 …).
fn continues_word(suffix: &str, next: Option<char>) -> bool {
    let Some(c) = next else { return false };
    let after: &[char] = match suffix {
        "区" => &['域', '间', '位', '块'],
        "园" => &['区', '林', '艺'],
        "港" => &['区', '口', '澳'],
        "城" => &['市', '乡', '镇', '际', '区', '郊', '建'],
        "中心" => &['城', '区'],
        "工程" => &['师', '化', '实', '技'],
        "计划" => &['单', '生'],
        "行动" => &['计', '方'],
        _ => &[],
    };
    after.contains(&c)
}

/// Common words that end in a suffix but do not end a name (融城 "urban integration", 县城
/// "county seat").
const NOT_NAMES: &[&str] = &[
    "融城", "县城", "全城", "进城", "主城", "古城", "都城", "山城", "地区",
];

/// English head nouns a name with the suffix is rendered with (singular).
fn heads(suffix: &str) -> &'static [&'static str] {
    match suffix {
        "区" => &[
            "zone",
            "district",
            "area",
            "park",
            "region",
            "cluster",
            "quarter",
            "belt",
            "hub",
            "base",
            "community",
            "block",
        ],
        "园" => &["park", "garden", "estate", "campus", "zone", "base"],
        "港" => &["port", "harbor", "harbour", "hub", "terminal", "area"],
        "城" => &[
            "city", "town", "mall", "market", "complex", "hub", "center", "centre",
        ],
        "中心" => &["center", "centre", "hub"],
        "工程" => &[
            "program",
            "programme",
            "project",
            "initiative",
            "scheme",
            "campaign",
        ],
        "计划" => &["plan", "program", "programme", "initiative", "scheme"],
        "行动" => &[
            "action",
            "campaign",
            "initiative",
            "drive",
            "program",
            "programme",
        ],
        _ => &[],
    }
}

/// Characters that end a name on its left (function words, measure words).
const STOP_CHARS: &[char] = &[
    '的', '和', '与', '及', '等', '在', '以', '为', '将', '把', '对', '向', '由', '从', '个', '是',
    '即', '了', '至', '到', '沿', '或', '并', '其', '各', '之', '于', '被', '让', '使', '、',
];

/// Verbs and adverbs that end a name on its left, or a group on its right.
const STOP_WORDS: &[&str] = &[
    "建设",
    "打造",
    "推进",
    "推动",
    "加快",
    "建成",
    "创建",
    "形成",
    "依托",
    "支持",
    "实施",
    "培育",
    "引进",
    "完善",
    "提升",
    "着力",
    "积极",
    "全力",
    "大力",
    "加强",
    "优化",
    "构建",
    "成为",
    "联通",
    "围绕",
    "包括",
    "进入",
    "融入",
    "申报",
    "争创",
    "入选",
    "获批",
    "成功",
    "鼓励",
    "引导",
    "发挥",
    "布局",
    "带动",
    "聚焦",
    "依靠",
    "利用",
    "重点",
    "建立",
    "开展",
    "深化",
    "设立",
    "组建",
    "举办",
    "拓展",
    "做强",
    "做大",
    "壮大",
    "探索",
    "启动",
    "筹建",
    "谋划",
    "连接",
    "对接",
    "发展",
    "促进",
    "实现",
    "提高",
    "增强",
    "推广",
    "承接",
    "吸引",
    "引领",
    "辐射",
    "带领",
    "面向",
    "服务于",
];

const MAX_NAME: usize = 14;
const MAX_GROUP_TAIL: usize = 10;

use crate::text::is_han;

/// [`STOP_WORDS`] as chars, made once: the name and group scans ask at every position of
/// every text.
fn stop_words() -> &'static [Vec<char>] {
    static WORDS: std::sync::OnceLock<Vec<Vec<char>>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| STOP_WORDS.iter().map(|w| w.chars().collect()).collect())
}

/// Does a stop word end right before `at`? Its length in chars.
fn stop_before(chars: &[char], at: usize) -> Option<usize> {
    if at > 0 && STOP_CHARS.contains(&chars[at - 1]) {
        return Some(1);
    }
    let last = chars[..at].last()?;
    // A word's last char first: one compare rules out most words.
    stop_words()
        .iter()
        .filter(|w| w.last() == Some(last))
        .find_map(|w| chars[..at].ends_with(w).then_some(w.len()))
}

/// Does a stop word start at `at`?
fn stop_at(chars: &[char], at: usize) -> bool {
    STOP_CHARS.contains(&chars[at]) || stop_words().iter().any(|w| chars[at..].starts_with(w))
}

/// The term candidates of one normalised zh text, with the suffix of names.
fn zh_candidates(chars: &[char]) -> Vec<(String, Kind, &'static str)> {
    let mut out = Vec::new();
    // Slogans.
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '"' {
            if let Some(len) = chars[i + 1..].iter().position(|c| *c == '"') {
                let inner = &chars[i + 1..i + 1 + len];
                let han = inner.iter().filter(|c| is_han(**c)).count();
                let sentence = inner
                    .iter()
                    .any(|c| matches!(c, ',' | ';' | ':' | '。' | '?' | '!'));
                if (3..=16).contains(&inner.len()) && han >= 3 && !sentence {
                    out.push((inner.iter().collect(), Kind::Slogan, ""));
                }
                i += len + 2;
                continue;
            }
        }
        i += 1;
    }
    // Names. The suffixes and the common words as chars, once: this loop visits every
    // position of every text.
    type Words = Vec<Vec<char>>;
    static CHARS: std::sync::OnceLock<(Words, Words)> = std::sync::OnceLock::new();
    let (suffix_chars, not_names) = CHARS.get_or_init(|| {
        (
            SUFFIXES.iter().map(|s| s.chars().collect()).collect(),
            NOT_NAMES.iter().map(|w| w.chars().collect()).collect(),
        )
    });
    for end in 1..=chars.len() {
        // Most positions end no suffix: one look at the last char rules them out.
        if !suffix_chars
            .iter()
            .any(|s| s.last() == Some(&chars[end - 1]))
        {
            continue;
        }
        for (suffix, s) in SUFFIXES.iter().zip(suffix_chars) {
            if end < s.len() || chars[end - s.len()..end] != s[..] {
                continue;
            }
            if continues_word(suffix, chars.get(end).copied()) {
                break;
            }
            let mut start = end - s.len();
            while start > 0
                && is_han(chars[start - 1])
                && end - start < MAX_NAME
                && stop_before(chars, start).is_none()
            {
                start -= 1;
            }
            let common = not_names.iter().any(|w| chars[..end].ends_with(w));
            if end - start >= s.len() + 2 && !common {
                out.push((chars[start..end].iter().collect(), Kind::Name, *suffix));
            }
            break;
        }
    }
    // Groups.
    for k in 0..chars.len().saturating_sub(3) {
        if chars[k + 1] != '大' || !"两二三四五六七八九十".contains(chars[k]) {
            continue;
        }
        if k > 0 && "一二三四五六七八九十".contains(chars[k - 1]) {
            continue;
        }
        let mut end = k + 2;
        while end < chars.len()
            && is_han(chars[end])
            && end - k - 2 < MAX_GROUP_TAIL
            // A group's first words may be a stop word elsewhere (三大重点产业).
            && (end - k - 2 < 2 || !stop_at(chars, end))
        {
            end += 1;
        }
        if end - k - 2 >= 2 {
            out.push((chars[k..end].iter().collect(), Kind::Group, ""));
        }
    }
    out
}

/// A candidate, its kind and suffix, and the texts it occurs in with the char position there.
type Found = (String, Kind, &'static str, Vec<(usize, usize)>);

/// The zh terms of the texts that are not in the glossary and occur in two or more of them.
pub fn suggest(pairs: &[TextPair], matcher: &Matcher) -> Vec<Suggestion> {
    let scans: Vec<ZhScan> = pairs.par_iter().map(|p| matcher.scan(p.zh)).collect();
    let ens: Vec<String> = pairs.par_iter().map(|p| norm_en(p.en)).collect();
    suggest_scanned(pairs, matcher, &scans, &ens)
}

/// [`suggest`] over texts already matched against the glossary: `scans[i]` is
/// `matcher.scan(pairs[i].zh)` and `ens[i]` is `norm_en(pairs[i].en)` (`check` makes both once
/// for every pass). The work of each text runs in parallel; the result is the same as in text
/// order.
pub fn suggest_scanned(
    pairs: &[TextPair],
    matcher: &Matcher,
    scans: &[ZhScan],
    ens: &[String],
) -> Vec<Suggestion> {
    struct Text<'s> {
        chars: &'s [char],
        covered: Vec<bool>,
        candidates: Vec<(String, Kind, &'static str)>,
    }
    let texts: Vec<Text> = scans
        .par_iter()
        .map(|scan| {
            let mut covered = vec![false; scan.chars.len()];
            for m in scan.matches() {
                covered[m.chars.clone()].iter_mut().for_each(|c| *c = true);
            }
            Text {
                chars: &scan.chars,
                covered,
                candidates: zh_candidates(&scan.chars),
            }
        })
        .collect();
    // Candidates in first-seen order (the order of the plan).
    let mut seen: HashSet<&str> = HashSet::new();
    let mut candidates: Vec<(&str, Kind, &str)> = Vec::new();
    for t in &texts {
        for c in &t.candidates {
            if seen.insert(c.0.as_str()) {
                candidates.push((c.0.as_str(), c.1, c.2));
            }
        }
    }
    // Texts of each candidate, with the position of its first uncovered occurrence: one
    // Aho–Corasick pass over each text finds every occurrence of every candidate (a scan per
    // candidate and text was most of the time of `check`).
    let terms: Vec<usize> = candidates.iter().map(|c| c.0.chars().count()).collect();
    let automaton = aho_corasick::AhoCorasick::new(candidates.iter().map(|c| c.0))
        .expect("candidates are plain strings");
    // Per text, in parallel: (candidate, char position) of each candidate's first uncovered
    // occurrence, in the order the automaton reports them.
    let hits: Vec<Vec<(usize, usize)>> = texts
        .par_iter()
        .map(|t| {
            let text: String = t.chars.iter().collect();
            // Char index of each byte offset, for the positions the automaton reports.
            let mut char_at = vec![0usize; text.len() + 1];
            for (n, (b, _)) in text.char_indices().enumerate() {
                char_at[b] = n;
            }
            let mut taken = vec![false; candidates.len()];
            let mut out = Vec::new();
            for m in automaton.find_overlapping_iter(&text) {
                let c = m.pattern().as_usize();
                let start = char_at[m.start()];
                let last = start + terms[c] - 1;
                if taken[c] || t.covered[last] {
                    continue;
                }
                taken[c] = true;
                out.push((c, start));
            }
            out
        })
        .collect();
    let mut at: Vec<Vec<(usize, usize)>> = vec![Vec::new(); candidates.len()];
    for (i, hits) in hits.into_iter().enumerate() {
        for (c, start) in hits {
            at[c].push((i, start));
        }
    }
    let mut found: Vec<Found> = candidates
        .into_iter()
        .zip(at)
        .filter_map(|((zh, kind, suffix), at)| {
            (at.len() >= 2).then(|| (zh.to_string(), kind, suffix, at))
        })
        .collect();
    // A candidate found only where a longer one is (湘潭物流港 in 建设湘潭物流港) is part of it.
    let sets: Vec<(String, Vec<usize>)> = found
        .iter()
        .map(|(zh, _, _, at)| (zh.clone(), at.iter().map(|(i, _)| *i).collect()))
        .collect();
    found.retain(|(zh, _, _, at)| {
        let mine: Vec<usize> = at.iter().map(|(i, _)| *i).collect();
        !sets
            .iter()
            .any(|(other, theirs)| other != zh && other.contains(zh.as_str()) && *theirs == mine)
    });
    let reserved: HashSet<&str> = matcher
        .terms
        .iter()
        .flat_map(|t| t.renderings.iter().map(String::as_str))
        .collect();
    let reserved = WordIndex::new(reserved);
    let ens: Vec<&str> = ens.iter().map(String::as_str).collect();
    // The en phrases of a text depend on the term only through its kind, suffix, whether it is
    // short and (for a group) its number: terms that share these share the phrases, found
    // once for each such key (in parallel), then every term chooses its renderings (in
    // parallel).
    type Key = (usize, Kind, &'static str, bool, Option<char>);
    let key = |zh: &str, kind: Kind, suffix: &'static str, i: usize| -> Key {
        let number = (kind == Kind::Group).then(|| zh.chars().next()).flatten();
        (i, kind, suffix, zh.chars().count() <= 3, number)
    };
    let mut keys: Vec<(Key, &str)> = Vec::new();
    let mut asked: HashSet<Key> = HashSet::new();
    for (zh, kind, suffix, at) in &found {
        for &(i, _) in at {
            let k = key(zh, *kind, suffix, i);
            if asked.insert(k) {
                keys.push((k, zh.as_str()));
            }
        }
    }
    // Keys grouped by text: each en text is cut into words once, for all its keys.
    let mut by_text: BTreeMap<usize, Vec<(Key, &str)>> = BTreeMap::new();
    for &(k, zh) in &keys {
        by_text.entry(k.0).or_default().push((k, zh));
    }
    let by_text: Vec<(usize, Vec<(Key, &str)>)> = by_text.into_iter().collect();
    let phrases: HashMap<Key, Vec<EnCandidate>> = by_text
        .par_iter()
        .flat_map_iter(|(i, keys)| {
            let en = EnText::new(pairs[*i].en);
            keys.iter()
                .map(move |&(k, zh)| (k, en_candidates(&en, k.1, k.2, zh)))
                .collect::<Vec<_>>()
        })
        .collect();
    found
        .into_par_iter()
        .map(|(zh, kind, suffix, at)| {
            let zh_len = zh.chars().count();
            let occurrences: Vec<Occurrence> = at
                .iter()
                .map(|&(i, pos)| Occurrence {
                    text: i,
                    rel: (pos as f64 + zh_len as f64 / 2.0) / texts[i].chars.len().max(1) as f64,
                    candidates: &phrases[&key(&zh, kind, suffix, i)],
                })
                .collect();
            let renderings = choose(&occurrences, &ens, kind, &reserved);
            Suggestion {
                zh,
                kind,
                texts: at.iter().map(|(i, _)| *i).collect(),
                renderings,
            }
        })
        .collect()
}

/// The glossary's renderings by every run of whole words in them, so "which renderings contain
/// this phrase as whole words" ([`contains_words`]) is one look-up, not a scan of the glossary.
pub struct WordIndex<'a> {
    by_phrase: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> WordIndex<'a> {
    fn new(renderings: HashSet<&'a str>) -> Self {
        let mut by_phrase: HashMap<&'a str, Vec<&'a str>> = HashMap::new();
        let mut sorted: Vec<&'a str> = renderings.into_iter().collect();
        sorted.sort_unstable();
        for r in sorted {
            let boundary = |i: usize| -> bool {
                let before = r[..i].chars().next_back();
                let after = r[i..].chars().next();
                let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                alnum(before) != alnum(after) || i == 0 || i == r.len()
            };
            let cuts: Vec<usize> = (0..=r.len())
                .filter(|&i| r.is_char_boundary(i) && boundary(i))
                .collect();
            for (a, &start) in cuts.iter().enumerate() {
                let starts_word = r[..start]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                if !starts_word {
                    continue;
                }
                for &end in &cuts[a + 1..] {
                    let ends_word = r[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                    if ends_word {
                        let list = by_phrase.entry(&r[start..end]).or_default();
                        if list.last() != Some(&r) {
                            list.push(r);
                        }
                    }
                }
            }
        }
        WordIndex { by_phrase }
    }

    /// The renderings that contain `phrase` as whole words.
    fn containing(&self, phrase: &str) -> impl Iterator<Item = &'a str> + '_ {
        self.by_phrase.get(phrase).into_iter().flatten().copied()
    }
}

/// One text a term occurs in, with the en phrases that may render it.
struct Occurrence<'p> {
    text: usize,
    /// Relative position of the term in the zh text (0 = start, 1 = end).
    rel: f64,
    candidates: &'p [EnCandidate],
}

#[derive(Debug, Clone)]
struct EnCandidate {
    /// Normalised with [`norm_en`], last word singular (names).
    norm: String,
    written: String,
    /// Relative position in the en text.
    rel: f64,
    /// The longest phrase of its chain (a name phrase and its shorter tails share a chain).
    chain: usize,
    words: usize,
}

/// English words that end a name phrase on its left, or a group phrase on its right.
const EN_STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "for",
    "in",
    "on",
    "at",
    "to",
    "and",
    "or",
    "with",
    "by",
    "as",
    "from",
    "into",
    "its",
    "their",
    "our",
    "this",
    "that",
    "these",
    "those",
    "such",
    "both",
    "all",
    "each",
    "every",
    "which",
    "who",
    "whose",
    "will",
    "would",
    "shall",
    "be",
    "is",
    "are",
    "was",
    "were",
    "been",
    "has",
    "have",
    "had",
    "it",
    "we",
    "they",
    "them",
    "namely",
    "including",
    "include",
    "called",
    "become",
    "becoming",
    "build",
    "building",
    "develop",
    "developing",
    "create",
    "creating",
    "establish",
    "establishing",
    "promote",
    "promoting",
    "support",
    "supporting",
    "accelerate",
    "accelerating",
    "strengthen",
    "strengthening",
    "improve",
    "improving",
    "construct",
    "upgrade",
    "upgrading",
    "expand",
    "expanding",
    "foster",
    "cultivate",
    "cultivating",
    "form",
    "forming",
    "make",
    "making",
    "turn",
    "guide",
    "encourage",
    "advance",
    "advancing",
    "focus",
    "focusing",
    "relying",
    "rely",
    "implement",
    "implementing",
    "optimize",
    "optimizing",
    "enhance",
    "boost",
    "set",
    "speed",
    "up",
    "link",
    "connect",
    "connecting",
    "around",
    "along",
    "near",
    "between",
    "within",
    "across",
    "toward",
    "towards",
    "via",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "several",
    "some",
    "number",
    "first",
    "second",
    "new",
    "more",
    "other",
];

/// `new` is a stop word for lower-case phrases only: Tianyi New City keeps it.
fn en_stop(word: &str) -> bool {
    let lower = word.to_lowercase();
    if word.chars().next().is_some_and(char::is_uppercase)
        && matches!(lower.as_str(), "new" | "first" | "second" | "one")
    {
        return false;
    }
    EN_STOP.contains(&lower.as_str()) || lower.chars().all(|c| c.is_ascii_digit() || c == ',')
}

fn number_word(c: char) -> &'static str {
    match c {
        '两' | '二' => "two",
        '三' => "three",
        '四' => "four",
        '五' => "five",
        '六' => "six",
        '七' => "seven",
        '八' => "eight",
        '九' => "nine",
        '十' => "ten",
        _ => "",
    }
}

/// Words of an en text with their byte ranges; `gap` is true when something other than spaces
/// or a hyphen separates a word from the one before.
fn words(en: &str) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut last_end = 0;
    let mut iter = en.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            let joins = matches!(d, '-' | '\'' | '’' | '.' | '&')
                && en[j + d.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if d.is_alphanumeric() || joins {
                end = j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let between = &en[last_end..i];
        let gap = !out.is_empty() && between.chars().any(|c| !c.is_whitespace() && c != '-');
        out.push((i, end, gap));
        last_end = end;
    }
    out
}

/// The singular of a normalised phrase's last word (`clusters` → `cluster`).
fn singular(phrase: &str) -> String {
    let (head, last) = phrase.rsplit_once(' ').unwrap_or(("", phrase));
    let last = if let Some(stem) = last.strip_suffix("ies") {
        format!("{stem}y")
    } else if last.ends_with("ss") || last.len() <= 3 {
        last.to_string()
    } else if let Some(stem) = last.strip_suffix("es").filter(|s| s.ends_with(['x', 'h'])) {
        stem.to_string()
    } else {
        last.strip_suffix('s').unwrap_or(last).to_string()
    };
    if head.is_empty() {
        last
    } else {
        format!("{head} {last}")
    }
}

/// An en text cut into [`words`], with the lowercase singular of each word made when first
/// asked for (a name's head noun is looked for at every word).
struct EnText<'a> {
    en: &'a str,
    words: Vec<(usize, usize, bool)>,
    singulars: std::cell::OnceCell<Vec<String>>,
}

impl<'a> EnText<'a> {
    fn new(en: &'a str) -> Self {
        EnText {
            en,
            words: words(en),
            singulars: std::cell::OnceCell::new(),
        }
    }

    fn singulars(&self) -> &[String] {
        self.singulars.get_or_init(|| {
            self.words
                .iter()
                .map(|&(s, e, _)| singular(&self.en[s..e].to_lowercase()))
                .collect()
        })
    }
}

/// The en phrases of a text that may render a term.
fn en_candidates(text: &EnText, kind: Kind, suffix: &str, zh: &str) -> Vec<EnCandidate> {
    let en = text.en;
    let ws = &text.words;
    let word = |k: usize| &en[ws[k].0..ws[k].1];
    let rel = |at: usize| at as f64 / en.len().max(1) as f64;
    let mut out = Vec::new();
    match kind {
        Kind::Slogan => {
            // Straight or curly quotes.
            let mut open: Option<usize> = None;
            for (i, c) in en.char_indices() {
                match (c, open) {
                    ('"' | '“', None) => open = Some(i + c.len_utf8()),
                    ('"' | '”', Some(start)) => {
                        let inner = en[start..i].trim();
                        let n = inner.split_whitespace().count();
                        if (1..=12).contains(&n) && inner.chars().any(char::is_alphabetic) {
                            out.push(EnCandidate {
                                norm: norm_en(inner),
                                written: inner.to_string(),
                                rel: rel(start),
                                chain: out.len(),
                                words: n,
                            });
                        }
                        open = None;
                    }
                    _ => {}
                }
            }
        }
        Kind::Name => {
            let heads = heads(suffix);
            let singulars = text.singulars();
            for j in 0..ws.len() {
                if !heads.contains(&singulars[j].as_str()) {
                    continue;
                }
                let mut i = j;
                while i > 0 && j - i < 6 && !ws[i].2 && !en_stop(word(i - 1)) {
                    i -= 1;
                }
                let chain = out.len();
                // The phrase and its tails of two words or more; for a short generic term
                // (集聚区, two characters and the suffix) the head noun alone too, so that
                // `industry cluster` and `demonstration cluster` are one rendering of it.
                let last = if zh.chars().count() <= 3 { j + 1 } else { j };
                for k in (i..last).rev() {
                    let written = &en[ws[k].0..ws[j].1];
                    out.push(EnCandidate {
                        norm: singular(&norm_en(written)),
                        written: written.to_string(),
                        rel: rel(ws[k].0),
                        chain,
                        words: j - k + 1,
                    });
                }
            }
        }
        Kind::Group => {
            let number = zh.chars().next().map_or("", number_word);
            for i in 0..ws.len() {
                if !word(i).eq_ignore_ascii_case(number) {
                    continue;
                }
                let mut j = i;
                while j + 1 < ws.len() && j - i < 6 && !ws[j + 1].2 && !en_stop(word(j + 1)) {
                    j += 1;
                }
                if j > i {
                    let written = &en[ws[i].0..ws[j].1];
                    out.push(EnCandidate {
                        norm: norm_en(written),
                        written: written.to_string(),
                        rel: rel(ws[i].0),
                        chain: out.len(),
                        words: j - i + 1,
                    });
                }
            }
        }
    }
    out
}

/// How far (as a share of the text) a rendering found in one text only may stand from where the
/// term stands in the zh text.
const MAX_SHIFT: f64 = 0.3;

/// Chooses one rendering per text (see the module documentation).
fn choose<'a>(
    occurrences: &'a [Occurrence],
    ens: &[&str],
    kind: Kind,
    reserved: &WordIndex,
) -> Vec<Rendering> {
    // The same (phrase, text) question is asked many times while choosing: answered once.
    // Keyed by the phrase as the candidates hold it (every phrase asked about is one).
    let cache: std::cell::RefCell<rustc_hash::FxHashMap<(&str, usize), bool>> = Default::default();
    let uses = |norm: &'a str, text: usize| {
        if let Some(&hit) = cache.borrow().get(&(norm, text)) {
            return hit;
        }
        let hit = match kind {
            Kind::Name => contains_term(ens[text], norm),
            _ => contains_words(ens[text], norm),
        };
        cache.borrow_mut().insert((norm, text), hit);
        hit
    };
    // A phrase that is (part of) a glossary rendering found in every text that has the phrase
    // belongs to that term (`medical device industrial park` to 湖南医疗器械产业园).
    let specific = |norm: &'a str| {
        let texts: Vec<usize> = occurrences
            .iter()
            .map(|o| o.text)
            .filter(|t| uses(norm, *t))
            .collect();
        !reserved
            .containing(norm)
            .any(|r| texts.iter().all(|t| contains_term(ens[*t], r)))
    };
    let mut pool: BTreeMap<&str, (usize, usize)> = BTreeMap::new(); // norm -> (occurrence, candidate)
    for (o, occ) in occurrences.iter().enumerate() {
        for (c, cand) in occ.candidates.iter().enumerate() {
            pool.entry(cand.norm.as_str()).or_insert((o, c));
        }
    }
    pool.retain(|norm, _| specific(norm));
    // The occurrences having each phrase as a candidate, and which are left.
    let mut having: HashMap<&str, Vec<usize>> = HashMap::new();
    for (o, occ) in occurrences.iter().enumerate() {
        for cand in occ.candidates {
            let list = having.entry(cand.norm.as_str()).or_default();
            if list.last() != Some(&o) {
                list.push(o);
            }
        }
    }
    let mut alive = vec![true; occurrences.len()];
    let mut left: Vec<usize> = (0..occurrences.len()).collect();
    let mut out: Vec<Rendering> = Vec::new();
    while !left.is_empty() {
        // The phrase found in most of the texts left (a candidate of one of them), longest first.
        let best = pool
            .iter()
            .filter(|(norm, _)| having[**norm].iter().any(|o| alive[*o]))
            .map(|(norm, &(o, c))| {
                let covered: Vec<usize> = left
                    .iter()
                    .copied()
                    .filter(|o| uses(norm, occurrences[*o].text))
                    .collect();
                (covered, occurrences[o].candidates[c].words, *norm)
            })
            .max_by(|a, b| a.0.len().cmp(&b.0.len()).then(a.1.cmp(&b.1)));
        let Some((covered, _, norm)) = best else {
            break;
        };
        let (covered, norm) = if covered.len() > 1 {
            (covered, norm)
        } else {
            // Found in one text only: that text's candidate nearest the term's position.
            let o = left
                .iter()
                .copied()
                .find(|o| {
                    occurrences[*o]
                        .candidates
                        .iter()
                        .any(|c| pool.contains_key(c.norm.as_str()))
                })
                .expect("a candidate is left");
            let occ = &occurrences[o];
            let nearest = occ
                .candidates
                .iter()
                .filter(|c| pool.contains_key(c.norm.as_str()))
                .min_by(|a, b| {
                    ((a.rel - occ.rel).abs(), std::cmp::Reverse(a.words))
                        .partial_cmp(&((b.rel - occ.rel).abs(), std::cmp::Reverse(b.words)))
                        .unwrap_or(std::cmp::Ordering::Equal)
                })
                .expect("a candidate is left");
            if (nearest.rel - occ.rel).abs() > MAX_SHIFT {
                // Nothing near where the term stands: no rendering found in this text.
                let chains: Vec<&str> = occ.candidates.iter().map(|c| c.norm.as_str()).collect();
                pool.retain(|norm, _| !chains.contains(norm));
                left.retain(|x| *x != o);
                alive[o] = false;
                continue;
            }
            // The longest phrase of its chain that is specific.
            let longest = occ
                .candidates
                .iter()
                .filter(|c| c.chain == nearest.chain && pool.contains_key(c.norm.as_str()))
                .max_by_key(|c| c.words)
                .unwrap_or(nearest);
            (vec![o], longest.norm.as_str())
        };
        let first = covered[0];
        let written = occurrences[first]
            .candidates
            .iter()
            .find(|c| c.norm == norm)
            .map_or_else(
                || {
                    occurrences[pool[&norm].0].candidates[pool[&norm].1]
                        .written
                        .clone()
                },
                |c| c.written.clone(),
            );
        out.push(Rendering {
            en: written,
            texts: covered.iter().map(|o| occurrences[*o].text).collect(),
        });
        // `covered` is a subsequence of `left` (both ascending): one merge pass.
        let mut gone = covered.iter().peekable();
        left.retain(|o| {
            if gone.peek() == Some(&o) {
                gone.next();
                alive[*o] = false;
                false
            } else {
                true
            }
        });
        pool.remove(&norm);
    }
    out.sort_by(|a, b| {
        b.texts
            .len()
            .cmp(&a.texts.len())
            .then(a.texts.cmp(&b.texts))
    });
    out
}

/// The zh term as written in a text (the normalised form maps one char to one char).
pub fn written_in(zh: &str, term: &str) -> Option<String> {
    let norm: Vec<char> = norm_zh(zh).chars().collect();
    let t: Vec<char> = term.chars().collect();
    let at = (0..=norm.len().saturating_sub(t.len())).find(|&i| norm[i..].starts_with(&t))?;
    Some(zh.chars().skip(at).take(t.len()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Glossary, GlossaryTerm, Span};

    fn pair<'a>(zh: &'a str, en: &'a str) -> TextPair<'a> {
        TextPair {
            what: String::new(),
            zh,
            en,
            zh_span: Span::new(0, 0, 0),
            en_span: Span::new(0, 0, 0),
        }
    }

    fn glossary(terms: &[(&str, &str)]) -> Glossary {
        Glossary {
            terms: terms
                .iter()
                .map(|(zh, en)| GlossaryTerm {
                    zh: zh.to_string(),
                    en: en.to_string(),
                    variants: Vec::new(),
                    note: None,
                    line: 0,
                })
                .collect(),
        }
    }

    fn run(pairs: &[TextPair], g: &Glossary) -> Vec<(String, Kind, Vec<String>)> {
        let m = Matcher::new(g);
        suggest(pairs, &m)
            .into_iter()
            .map(|s| {
                let r = s.renderings.iter().map(|r| r.en.clone()).collect();
                (s.zh, s.kind, r)
            })
            .collect()
    }

    #[test]
    fn names_are_cut_at_verbs_and_function_words() {
        let c = |s: &str| {
            zh_candidates(&norm_zh(s).chars().collect::<Vec<_>>())
                .into_iter()
                .map(|c| c.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(c("加快建设湘潭物流港。"), ["湘潭物流港"]);
        assert_eq!(c("以湖南医疗器械产业园为载体"), ["湖南医疗器械产业园"]);
        assert_eq!(c("形成4个省级服务业示范集聚区"), ["省级服务业示范集聚区"]);
        // 区域, 城市: not a name's end; a suffix with one char before it is a common word.
        assert!(c("促进区域协调和城市更新，建设园区").is_empty());
        assert_eq!(c("实施“领跑者”行动"), ["领跑者"]);
        assert_eq!(c("加快发展三大主导服务产业，"), ["三大主导服务产业"]);
        assert_eq!(c("围绕三大重点产业打造生态圈"), ["三大重点产业"]);
        assert!(c("一大批项目").is_empty());
    }

    #[test]
    fn one_rendering_everywhere_is_not_drift() {
        let pairs = [
            pair(
                "（一）建设湘潭物流港",
                "(I) Building the Xiangtan Logistics Port",
            ),
            pair(
                "推进湘潭物流港建设，打造“一地引领”。",
                "We will develop the Xiangtan Logistics Port and pursue \"One Destination Leading\".",
            ),
            pair(
                "落实“一地引领”，加快发展三大主导服务产业。",
                "Following \"One Destination Leading\", we will develop the three leading service industries.",
            ),
            pair(
                "三大主导服务产业是重点。",
                "The three leading service industries come first.",
            ),
        ];
        let got = run(&pairs, &glossary(&[("湘潭", "Xiangtan")]));
        assert_eq!(
            got,
            [
                (
                    "湘潭物流港".to_string(),
                    Kind::Name,
                    vec!["Xiangtan Logistics Port".to_string()]
                ),
                (
                    "一地引领".to_string(),
                    Kind::Slogan,
                    vec!["One Destination Leading".to_string()]
                ),
                (
                    "三大主导服务产业".to_string(),
                    Kind::Group,
                    vec!["three leading service industries".to_string()]
                ),
            ]
        );
    }

    #[test]
    fn two_renderings_are_drift_and_the_glossary_silences_them() {
        let pairs = [
            pair(
                "形成4个省级服务业示范集聚区。",
                "Form 4 provincial-level service industry demonstration agglomeration zones.",
            ),
            pair(
                "推动韶山红色旅游省级服务业示范集聚区建设。",
                "We will develop the Shaoshan red tourism provincial-level service industry demonstration cluster.",
            ),
            pair(
                "建好检验检测认证省级服务业示范集聚区。",
                "We will build the provincial-level service industry demonstration cluster for inspection and testing.",
            ),
        ];
        let got = run(&pairs, &glossary(&[]));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "省级服务业示范集聚区");
        assert_eq!(
            got[0].2,
            [
                "provincial-level service industry demonstration cluster",
                "provincial-level service industry demonstration agglomeration zones"
            ]
        );
        let g = glossary(&[("示范集聚区", "demonstration cluster")]);
        assert!(run(&pairs, &g).is_empty());
    }

    #[test]
    fn singular_of_the_last_word() {
        assert_eq!(singular("demonstration clusters"), "demonstration cluster");
        assert_eq!(singular("cities"), "city");
        assert_eq!(singular("business"), "business");
        assert_eq!(singular("bus"), "bus");
        assert_eq!(singular("boxes"), "box");
        assert_eq!(
            written_in("在“一地引领”下", "\"一地引领\""),
            Some("“一地引领”".into())
        );
    }
}
