//! What `styles.xml` and `numbering.xml` say about a paragraph: its outline level (built-in
//! `heading N` / `标题 N` names, or `w:outlineLvl` on the style or anywhere up its `basedOn`
//! chain) and the numbering text Word generates for it (`第一章`, `一、`, `（一）`, `1.`).

use super::xml::El;
use std::collections::HashMap;

#[derive(Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<(String, u8)>,
}

/// Paragraph styles by ID.
#[derive(Debug, Default)]
pub(super) struct Styles {
    styles: HashMap<String, Style>,
}

/// `heading 3`, `Heading 3`, `标题 3`, `标题3` → 3.
fn level_of_name(name: &str) -> Option<u8> {
    let n = name.trim().to_lowercase();
    let rest = n
        .strip_prefix("heading")
        .or_else(|| n.strip_prefix("标题"))?
        .trim();
    let level: u8 = rest.parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

fn num_pr(ppr: &El) -> Option<(String, u8)> {
    let n = ppr.child("numPr")?;
    let id = n.child_val("numId")?.to_string();
    let ilvl = n
        .child_val("ilvl")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Some((id, ilvl))
}

impl Styles {
    pub(super) fn parse(root: &El) -> Styles {
        let mut styles = HashMap::new();
        for s in root.els().filter(|e| e.name == "style") {
            if s.attr("type").is_some_and(|t| t != "paragraph") {
                continue;
            }
            let Some(id) = s.attr("styleId") else {
                continue;
            };
            let ppr = s.child("pPr");
            styles.insert(
                id.to_string(),
                Style {
                    name: s.child_val("name").unwrap_or("").to_string(),
                    based_on: s.child_val("basedOn").map(str::to_string),
                    outline: ppr
                        .and_then(|p| p.child_val("outlineLvl"))
                        .and_then(|v| v.parse().ok()),
                    num: ppr.and_then(num_pr),
                },
            );
        }
        Styles { styles }
    }

    /// The style and those it is based on, nearest first (at most 20: a loop is cut).
    fn chain<'a>(&'a self, id: &str) -> Vec<(&'a str, &'a Style)> {
        let mut out = Vec::new();
        let mut cur = Some(id.to_string());
        while let Some(id) = cur {
            if out.len() >= 20 {
                break;
            }
            let Some((k, s)) = self.styles.get_key_value(&id) else {
                break;
            };
            out.push((k.as_str(), s));
            cur = s.based_on.clone();
        }
        out
    }

    /// The style's name (or its ID when it has none).
    pub(super) fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.styles
            .get(id)
            .map(|s| s.name.as_str())
            .filter(|n| !n.is_empty())
            .unwrap_or(id)
    }

    /// Heading level 1–9 of a paragraph style, `None` for body text.
    pub(super) fn level(&self, id: &str) -> Option<u8> {
        for (sid, s) in self.chain(id) {
            if let Some(l) = level_of_name(&s.name).or_else(|| level_of_name(sid)) {
                return Some(l);
            }
            if let Some(o) = s.outline {
                return (o < 9).then_some(o + 1);
            }
        }
        None
    }

    /// The numbering a paragraph style applies (`numId`, level).
    pub(super) fn numbering(&self, id: &str) -> Option<(String, u8)> {
        self.chain(id).into_iter().find_map(|(_, s)| s.num.clone())
    }
}

#[derive(Debug, Clone, Default)]
struct Level {
    fmt: String,
    text: String,
    start: u32,
}

/// The numbering definitions and the counters of the paragraphs read so far.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    /// abstractNumId → levels.
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, start overrides per level).
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
    /// Counters per abstract numbering (Word continues a list across `num`s of one abstract).
    counters: HashMap<String, [u32; 9]>,
}

/// What the numbering of one paragraph is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Numbered {
    /// The text Word prints before the paragraph (`第一章`, `（一）`).
    Text(String),
    /// A bullet: a list item.
    Bullet,
}

impl Numbering {
    pub(super) fn parse(root: &El) -> Numbering {
        let mut n = Numbering::default();
        for a in root.els().filter(|e| e.name == "abstractNum") {
            let Some(id) = a.attr("abstractNumId") else {
                continue;
            };
            let mut levels = vec![Level::default(); 9];
            for l in a.els().filter(|e| e.name == "lvl") {
                let Some(i) = l.attr("ilvl").and_then(|v| v.parse::<usize>().ok()) else {
                    continue;
                };
                if i < 9 {
                    levels[i] = Level {
                        fmt: l.child_val("numFmt").unwrap_or("decimal").to_string(),
                        text: l.child_val("lvlText").unwrap_or("").to_string(),
                        start: l
                            .child_val("start")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1),
                    };
                }
            }
            n.abstracts.insert(id.to_string(), levels);
        }
        for num in root.els().filter(|e| e.name == "num") {
            let (Some(id), Some(a)) = (num.attr("numId"), num.child_val("abstractNumId")) else {
                continue;
            };
            let mut over = HashMap::new();
            for o in num.els().filter(|e| e.name == "lvlOverride") {
                let lvl = o.attr("ilvl").and_then(|v| v.parse().ok());
                let start = o.child_val("startOverride").and_then(|v| v.parse().ok());
                if let (Some(l), Some(s)) = (lvl, start) {
                    over.insert(l, s);
                }
            }
            n.nums.insert(id.to_string(), (a.to_string(), over));
        }
        n
    }

    /// Counts one paragraph numbered (`num_id`, `ilvl`) and gives its numbering.
    pub(super) fn next(&mut self, num_id: &str, ilvl: u8) -> Option<Numbered> {
        let (abs, over) = self.nums.get(num_id)?;
        let levels = self.abstracts.get(abs)?;
        let i = usize::from(ilvl.min(8));
        let level = levels.get(i)?;
        if level.fmt == "bullet" {
            return Some(Numbered::Bullet);
        }
        if level.fmt == "none" {
            return None;
        }
        let start = |l: usize| over.get(&(l as u8)).copied().unwrap_or(levels[l].start);
        let counters = self.counters.entry(abs.clone()).or_insert([0; 9]);
        counters[i] = if counters[i] == 0 {
            start(i)
        } else {
            counters[i].saturating_add(1)
        };
        for c in counters.iter_mut().skip(i + 1) {
            *c = 0;
        }
        let counters = *counters;
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let l = (d as usize).saturating_sub(1).min(8);
                    let v = if counters[l] == 0 {
                        start(l)
                    } else {
                        counters[l]
                    };
                    out.push_str(&format_number(v, &levels[l].fmt));
                    continue;
                }
            }
            out.push(c);
        }
        Some(Numbered::Text(out))
    }
}

const ZH_DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五.
pub(super) fn zh_number(n: u32) -> String {
    if n < 10 {
        return ZH_DIGITS[n as usize].to_string();
    }
    if n < 20 {
        let mut s = String::from("十");
        if n > 10 {
            s.push(ZH_DIGITS[(n - 10) as usize]);
        }
        return s;
    }
    if n < 100 {
        let mut s = String::new();
        s.push(ZH_DIGITS[(n / 10) as usize]);
        s.push('十');
        if n % 10 > 0 {
            s.push(ZH_DIGITS[(n % 10) as usize]);
        }
        return s;
    }
    if n < 1000 {
        let mut s = String::new();
        s.push(ZH_DIGITS[(n / 100) as usize]);
        s.push('百');
        let r = n % 100;
        if r > 0 {
            if r < 10 {
                s.push('零');
            } else if r < 20 {
                s.push('一');
            }
            s.push_str(&zh_number(r));
        }
        return s;
    }
    n.to_string()
}

fn roman(mut n: u32) -> String {
    const R: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    for (v, r) in R {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn letter(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let c = char::from(b'A' + ((n - 1) % 26) as u8);
    c.to_string().repeat(((n - 1) / 26 + 1) as usize)
}

/// A counter in a `w:numFmt`.
pub(super) fn format_number(n: u32, fmt: &str) -> String {
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "ideographDigital"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => zh_number(n),
        "chineseLegalSimplified" => zh_number(n),
        "ideographTraditional" => "甲乙丙丁戊己庚辛壬癸"
            .chars()
            .nth((n.max(1) as usize - 1) % 10)
            .map(String::from)
            .unwrap_or_default(),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letter(n),
        "lowerLetter" => letter(n).to_lowercase(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .filter_map(|d| char::from_u32(u32::from(d) - u32::from('0') + 0xFF10))
            .collect(),
        "decimalZero" if n < 10 => format!("0{n}"),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(zh_number(1), "一");
        assert_eq!(zh_number(10), "十");
        assert_eq!(zh_number(12), "十二");
        assert_eq!(zh_number(20), "二十");
        assert_eq!(zh_number(35), "三十五");
        assert_eq!(zh_number(105), "一百零五");
        assert_eq!(zh_number(115), "一百一十五");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(level_of_name("heading 2"), Some(2));
        assert_eq!(level_of_name("标题 3"), Some(3));
        assert_eq!(level_of_name("Normal"), None);
    }
}
