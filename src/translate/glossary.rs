//! Glossary matching: which controlled terms a zh block uses (longest first, a term inside a
//! longer matched term does not count) and whether an en block carries a term's rendering
//! (case-insensitive, quotes and hyphens normalised, whole words only).

use crate::model::{Glossary, GlossaryTerm};
use memchr::memmem::Finder;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// zh text for matching: full-width ASCII forms (`（）`, `＋`, digits) as ASCII, one char for
/// one char so that char positions stay valid in the original text.
pub fn norm_zh(s: &str) -> String {
    s.chars().map(norm_zh_char).collect()
}

fn norm_zh_char(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        '“' | '”' | '「' | '」' => '"',
        '‘' | '’' => '\'',
        _ => c,
    }
}

/// en text for matching: lower case, curly quotes straightened, double quotes dropped, hyphens
/// and dashes as spaces, runs of white space as one space.
pub fn norm_en(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.chars() {
        let c = match c {
            '‘' | '’' | '′' | '`' => '\'',
            '"' | '“' | '”' | '«' | '»' => continue,
            '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '/' => ' ',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Does `hay` contain `needle` as whole words (no letter or digit right before or after)?
/// Both are normalised with [`norm_en`].
pub fn contains_words(hay: &str, needle: &str) -> bool {
    has_words(hay, &Finder::new(needle))
}

/// [`contains_words`] with the needle's searcher made once, for a phrase looked for in many
/// texts (a glossary rendering in every en block).
pub fn has_words(hay: &str, needle: &Finder) -> bool {
    let len = needle.needle().len();
    if len == 0 {
        return false;
    }
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let mut from = 0;
    // A match of UTF-8 in UTF-8 starts and ends on char boundaries.
    while let Some(i) = needle.find(&hay.as_bytes()[from..]) {
        let start = from + i;
        let end = start + len;
        if boundary(hay[..start].chars().next_back()) && boundary(hay[end..].chars().next()) {
            return true;
        }
        from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Does `hay` contain the rendering `term`, also as a regular plural of its last word
/// (`zone` → `zones`, `industry` → `industries`)? Both normalised with [`norm_en`].
pub fn contains_term(hay: &str, term: &str) -> bool {
    contains_words(hay, term) || contains_words(hay, &plural(term))
}

/// The regular plural of a rendering's last word: `zone` → `zones`, `industry` → `industries`,
/// `business district` → `business districts`.
fn plural(term: &str) -> String {
    match term.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
        _ if term.ends_with(['s', 'x', 'z']) || term.ends_with("ch") || term.ends_with("sh") => {
            format!("{term}es")
        }
        _ => format!("{term}s"),
    }
}

/// One glossary term prepared for matching.
#[derive(Debug)]
pub struct Term<'a> {
    pub term: &'a GlossaryTerm,
    /// Normalised zh, as chars.
    zh: Vec<char>,
    /// Normalised en rendering and variants (the controlled rendering first).
    pub renderings: Vec<String>,
    /// The searchers of each rendering and its plural, made once: every en text is matched
    /// against them.
    finders: Vec<(Finder<'static>, Finder<'static>)>,
    /// The same, as written in the glossary.
    pub originals: Vec<&'a str>,
}

/// A term found in a zh text: its index in [`Matcher::terms`] and its char range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZhMatch {
    pub term: usize,
    pub chars: Range<usize>,
}

/// A zh text matched against the glossary once, for every pass that needs its terms.
#[derive(Debug)]
pub struct ZhScan {
    /// The text normalised with [`norm_zh`], as chars.
    pub chars: Vec<char>,
    /// Every occurrence of every term, overlapping ones included, in term order.
    occurrences: Vec<ZhMatch>,
}

impl ZhScan {
    /// See [`Matcher::matches`].
    pub fn matches(&self) -> Vec<ZhMatch> {
        let mut all = self.occurrences.clone();
        all.sort_by_key(|m| (std::cmp::Reverse(m.chars.len()), m.chars.start));
        let mut taken = vec![false; self.chars.len()];
        let mut out = Vec::new();
        for m in all {
            if taken[m.chars.clone()].iter().any(|t| *t) {
                continue;
            }
            taken[m.chars.clone()].iter_mut().for_each(|t| *t = true);
            out.push(m);
        }
        out.sort_by_key(|m| m.chars.start);
        out
    }

    /// Does the text contain the term anywhere (also inside a longer term)?
    pub fn contains(&self, term: usize) -> bool {
        // In term order: a binary search.
        self.occurrences
            .binary_search_by_key(&term, |m| m.term)
            .is_ok()
    }

    /// See [`Matcher::byte_ranges`]; `zh` is the text that was scanned.
    pub fn byte_ranges(&self, zh: &str) -> Vec<Range<usize>> {
        let offsets: Vec<usize> = zh
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(zh.len()))
            .collect();
        self.occurrences
            .iter()
            .map(|m| offsets[m.chars.start]..offsets[m.chars.end])
            .collect()
    }
}

/// The glossary, ready to match.
#[derive(Debug)]
pub struct Matcher<'a> {
    pub terms: Vec<Term<'a>>,
    /// Terms by their first (normalised) char, so a text is scanned once, not once per term.
    by_first: FxHashMap<char, Vec<usize>>,
    /// The chars of the Basic Multilingual Plane that begin a term, one bit each: most chars of
    /// a text begin none, and a bit says so faster than the map.
    first_bits: Vec<u64>,
}

impl<'a> Matcher<'a> {
    pub fn new(glossary: &'a Glossary) -> Self {
        let terms = glossary
            .terms
            .iter()
            .filter(|t| !t.zh.trim().is_empty())
            .map(|t| {
                let (renderings, originals): (Vec<String>, Vec<&str>) = std::iter::once(&t.en)
                    .chain(&t.variants)
                    .map(|r| (norm_en(r), r.as_str()))
                    .filter(|(r, _)| !r.is_empty())
                    .unzip();
                Term {
                    term: t,
                    zh: norm_zh(t.zh.trim()).chars().collect(),
                    finders: renderings
                        .iter()
                        .map(|r| {
                            let plural = Finder::new(plural(r).as_bytes()).into_owned();
                            (Finder::new(r.as_bytes()).into_owned(), plural)
                        })
                        .collect(),
                    renderings,
                    originals,
                }
            })
            .collect::<Vec<Term>>();
        let mut by_first: FxHashMap<char, Vec<usize>> = Default::default();
        for (i, t) in terms.iter().enumerate() {
            if let Some(&c) = t.zh.first() {
                by_first.entry(c).or_default().push(i);
            }
        }
        let mut first_bits = vec![0u64; 1 << 10];
        for &c in by_first.keys() {
            if let Some(word) = first_bits.get_mut(c as usize >> 6) {
                *word |= 1 << (c as usize & 63);
            }
        }
        Matcher {
            terms,
            by_first,
            first_bits,
        }
    }

    /// Every occurrence of every term in `zh` (normalised chars), overlapping ones included.
    pub fn occurrences(&self, zh: &[char]) -> Vec<ZhMatch> {
        let mut out = Vec::new();
        for (start, c) in zh.iter().enumerate() {
            let bit = self
                .first_bits
                .get(*c as usize >> 6)
                .map(|word| word >> (*c as usize & 63) & 1);
            if bit == Some(0) {
                continue;
            }
            for &i in self.by_first.get(c).map_or(&[][..], Vec::as_slice) {
                let t = &self.terms[i].zh;
                if zh[start..].starts_with(t) {
                    out.push(ZhMatch {
                        term: i,
                        chars: start..start + t.len(),
                    });
                }
            }
        }
        // Term order, then position (as when each term was searched in turn).
        out.sort_by_key(|m| (m.term, m.chars.start));
        out
    }

    /// Every occurrence of every term in a zh text (see [`ZhScan`]).
    pub fn scan(&self, zh: &str) -> ZhScan {
        let chars: Vec<char> = norm_zh(zh).chars().collect();
        let occurrences = self.occurrences(&chars);
        ZhScan { chars, occurrences }
    }

    /// The terms a zh text uses: occurrences taken longest first (then leftmost); an occurrence
    /// that overlaps one already taken is part of a longer term (大健康 in 恒大健康产业园) and
    /// is skipped. Sorted by position.
    pub fn matches(&self, zh: &str) -> Vec<ZhMatch> {
        self.scan(zh).matches()
    }

    /// Byte ranges in `zh` of every term occurrence (for masking numbers inside names).
    pub fn byte_ranges(&self, zh: &str) -> Vec<Range<usize>> {
        self.scan(zh).byte_ranges(zh)
    }

    /// The first of the term's renderings found in a normalised en text.
    pub fn rendering_in(&self, en_norm: &str, term: usize) -> Option<&str> {
        let t = &self.terms[term];
        (0..t.renderings.len())
            .find(|&k| self.has_rendering(en_norm, term, k))
            .map(|k| t.renderings[k].as_str())
    }

    /// Does a normalised en text carry rendering `k` of the term, also as a plural (see
    /// [`contains_term`])?
    pub fn has_rendering(&self, en_norm: &str, term: usize, k: usize) -> bool {
        let (rendering, plural) = &self.terms[term].finders[k];
        has_words(en_norm, rendering) || has_words(en_norm, plural)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary(terms: &[(&str, &str, &[&str])]) -> Glossary {
        Glossary {
            terms: terms
                .iter()
                .map(|(zh, en, v)| GlossaryTerm {
                    zh: zh.to_string(),
                    en: en.to_string(),
                    variants: v.iter().map(|s| s.to_string()).collect(),
                    note: None,
                    line: 0,
                })
                .collect(),
        }
    }

    fn names(m: &Matcher, text: &str) -> Vec<String> {
        m.matches(text)
            .iter()
            .map(|x| m.terms[x.term].term.zh.clone())
            .collect()
    }

    #[test]
    fn norm_en_cases_quotes_dashes_and_space() {
        assert_eq!(
            norm_en("  The \u{201c}Go Global\u{201d} Strategy—Phase\u{a0}II/III  "),
            "the go global strategy phase ii iii"
        );
        assert_eq!(
            norm_en("Xiangtan\u{2019}s\tZONE\u{b}\u{c}Park`s"),
            "xiangtan's zone park's"
        );
        // Non-ASCII letters are lower-cased whole, even into two chars (İ → i̇).
        assert_eq!(
            norm_en("ÉCOLE İstanbul 湘潭 Ünion"),
            "école i\u{307}stanbul 湘潭 ünion"
        );
        assert_eq!(norm_en("\"\"  -- "), "");
    }

    #[test]
    fn terms_beginning_outside_the_basic_plane_are_found() {
        // 𠮷 (U+20BB7) is past the chars the first-char bits cover.
        let g = glossary(&[
            ("𠮷祥村", "Jixiang Village", &[]),
            ("祥村", "Xiang Village", &[]),
        ]);
        let m = Matcher::new(&g);
        assert_eq!(names(&m, "建设𠮷祥村和祥村"), ["𠮷祥村", "祥村"]);
    }

    #[test]
    fn longest_term_wins_and_covers_shorter_ones() {
        let g = glossary(&[
            ("大健康", "big health", &[]),
            ("恒大健康产业园", "Evergrande Health Industry Park", &[]),
            ("商务服务", "business services", &[]),
            ("电子商务", "e-commerce", &[]),
            ("服务业", "service industry", &[]),
            ("现代服务业", "modern service industry", &[]),
        ]);
        let m = Matcher::new(&g);
        assert_eq!(names(&m, "建设恒大健康产业园"), ["恒大健康产业园"]);
        assert_eq!(names(&m, "发展大健康产业"), ["大健康"]);
        // Overlapping terms of the same length: the leftmost is taken.
        assert_eq!(names(&m, "发展电子商务服务"), ["电子商务"]);
        assert_eq!(
            names(&m, "现代服务业和服务业"),
            ["现代服务业", "服务业"],
            "a separate occurrence of the shorter term still counts"
        );
    }

    #[test]
    fn full_width_forms_match_ascii_terms() {
        let g = glossary(&[(
            "中国(湖南)自由贸易试验区",
            "China (Hunan) Pilot Free Trade Zone",
            &[],
        )]);
        let m = Matcher::new(&g);
        assert_eq!(m.matches("中国（湖南）自由贸易试验区").len(), 1);
        assert_eq!(m.byte_ranges("在中国（湖南）自由贸易试验区"), vec![(3..42)]);
    }

    #[test]
    fn en_renderings_are_normalised_and_whole_words() {
        let g = glossary(&[
            ("冷链物流", "cold-chain logistics", &[]),
            ("人工智能", "artificial intelligence", &["AI"]),
            ("市人民政府", "Municipal People's Government", &[]),
            (
                "三高四新",
                "\"Three Highs and Four News\" strategy",
                &["Three Highs and Four News"],
            ),
        ]);
        let m = Matcher::new(&g);
        let en = |s: &str| norm_en(s);
        assert!(m
            .rendering_in(&en("Develop Cold Chain logistics."), 0)
            .is_some());
        assert!(m
            .rendering_in(&en("develop cold—chain logistics"), 0)
            .is_some());
        assert!(m.rendering_in(&en("maintain the chain"), 1).is_none());
        assert_eq!(m.rendering_in(&en("apply AI widely"), 1), Some("ai"));
        assert!(m
            .rendering_in(&en("the Municipal People’s Government"), 2)
            .is_some());
        assert!(m
            .rendering_in(&en("implement the “Three Highs and Four News” strategy"), 3)
            .is_some());
        assert!(contains_words("e commerce", "e commerce"));
        assert!(!contains_words("services", "service"));
        assert!(contains_term(
            "two national demonstration zones",
            "national demonstration zone"
        ));
        assert!(contains_term("high tech industries", "high tech industry"));
        assert!(contains_term("business districts", "business district"));
        assert!(!contains_term("business districting", "business district"));
    }
}
