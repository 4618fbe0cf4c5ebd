//! The faces an edition is set in: for each role (body, heading, title …) the first installed
//! family of a list that covers every character of the edition. The `gb9704` layout names the
//! standard's faces first (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋), which are proprietary, and
//! falls back to free faces Debian packages. A character no face covers is an error: typst
//! itself prints a blank box for it without a warning.

use crate::model::PrintLayout;
use crate::render::RenderError;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One role of the template's faces and the families it may use, best first.
pub struct Role {
    pub key: &'static str,
    pub what: &'static str,
    pub families: &'static [&'static str],
}

const NOTO_SERIF: &str = "Noto Serif CJK SC";
const NOTO_SANS: &str = "Noto Sans CJK SC";

/// The roles of the book layout: Noto Serif (宋体) and Noto Sans (黑体).
pub const BOOK: &[Role] = &[
    Role {
        key: "song",
        what: "body (宋体)",
        families: &[NOTO_SERIF],
    },
    Role {
        key: "hei",
        what: "headings (黑体)",
        families: &[NOTO_SANS],
    },
];

/// The roles of GB/T 9704: body 仿宋, level-1 headings 黑体, level-2 楷体, the title 小标宋.
pub const GB9704: &[Role] = &[
    Role {
        key: "fangsong",
        what: "body and levels 3–4 (仿宋)",
        families: &[
            "FangSong_GB2312",
            "仿宋_GB2312",
            "FangSong",
            "仿宋",
            "STFangsong",
            "cwTeXFangSong",
            NOTO_SERIF,
        ],
    },
    Role {
        key: "hei",
        what: "level-1 headings (黑体)",
        families: &["SimHei", "黑体", "STHeiti", NOTO_SANS],
    },
    Role {
        key: "kai",
        what: "level-2 headings (楷体)",
        families: &[
            "KaiTi_GB2312",
            "楷体_GB2312",
            "KaiTi",
            "楷体",
            "STKaiti",
            "LXGW WenKai",
            NOTO_SERIF,
        ],
    },
    Role {
        key: "xiaobiaosong",
        what: "title (小标宋)",
        families: &[
            "FZXiaoBiaoSong-B05S",
            "方正小标宋简体",
            "FZXiaoBiaoSong-B05",
            NOTO_SERIF,
        ],
    },
];

/// The faces chosen for an edition: the family per role, the font folders typst needs and
/// one log line per role.
#[derive(Debug, Clone)]
pub struct Choice {
    pub families: BTreeMap<&'static str, String>,
    pub dirs: Vec<PathBuf>,
    pub log: Vec<String>,
}

impl Choice {
    /// The `fonts` object of the edition JSON.
    pub fn json(&self) -> Value {
        json!(self.families)
    }
}

/// The installed families `layout` may use and their regular face files. The book layout's
/// faces are the Noto CJK collections of the Noto folder (`noto_dir`), found without asking
/// typst; the gb9704 layout looks for the standard's faces among all installed fonts
/// ([`installed`]), as does the book layout when a Noto file is not where it is expected.
pub fn installed_for(
    layout: PrintLayout,
    typst: &Path,
    noto_dir: &Path,
    font_dirs: &[PathBuf],
) -> Result<BTreeMap<String, PathBuf>, RenderError> {
    if layout == PrintLayout::Book {
        let files = [
            (NOTO_SERIF, "NotoSerifCJK-Regular.ttc"),
            (NOTO_SANS, "NotoSansCJK-Regular.ttc"),
        ]
        .map(|(family, file)| (family.to_string(), noto_dir.join(file)));
        if files.iter().all(|(_, f)| f.is_file()) {
            return Ok(files.into_iter().collect());
        }
    }
    installed(typst, font_dirs)
}

/// The installed font families and their regular face files, from `typst fonts --variants`
/// (system fonts and `font_dirs`).
pub fn installed(
    typst: &Path,
    font_dirs: &[PathBuf],
) -> Result<BTreeMap<String, PathBuf>, RenderError> {
    let mut command = Command::new(typst);
    command.arg("fonts").arg("--variants");
    for dir in font_dirs {
        command.arg("--font-path").arg(dir);
    }
    let output = command
        .env_remove("TYPST_FONT_PATHS")
        .output()
        .map_err(|e| RenderError::new(format!("cannot run typst fonts: {e}")))?;
    Ok(parse_variants(&String::from_utf8_lossy(&output.stdout)))
}

/// `Family\n  ├ /path/file.ttc\n  │   Style: Normal, Weight: 400 …` → family → the file of its
/// normal face closest to weight 400 (embedded faces have no file and are left out).
pub fn parse_variants(text: &str) -> BTreeMap<String, PathBuf> {
    let mut out: BTreeMap<String, (i32, PathBuf)> = BTreeMap::new();
    let mut family: Option<String> = None;
    let mut file: Option<PathBuf> = None;
    for line in text.lines() {
        if !line.starts_with(' ') && !line.trim().is_empty() {
            family = Some(line.trim().to_string());
            file = None;
            continue;
        }
        let body = line.trim_start_matches([' ', '├', '└', '│']).trim();
        if body.starts_with('/') {
            file = Some(PathBuf::from(body));
        } else if let (Some(rest), Some(fam), Some(path)) =
            (body.strip_prefix("Style: "), &family, &file)
        {
            if !rest.starts_with("Normal") {
                continue;
            }
            let weight = rest
                .split("Weight: ")
                .nth(1)
                .and_then(|w| w.split(',').next())
                .and_then(|w| w.trim().parse::<i32>().ok())
                .unwrap_or(400);
            let distance = (weight - 400).abs();
            let better = out.get(fam).is_none_or(|(d, _)| distance < *d);
            if better {
                out.insert(fam.clone(), (distance, path.clone()));
            }
        }
    }
    out.into_iter().map(|(k, (_, p))| (k, p)).collect()
}

/// The characters of an edition that a CJK face must have: every string value of the JSON
/// except identifiers, non-ASCII and not white space (ASCII is set in Libertinus Serif).
pub fn characters(doc: &Value) -> BTreeSet<char> {
    fn walk(v: &Value, key: &str, out: &mut BTreeSet<char>) {
        match v {
            Value::String(s)
                if !matches!(key, "id" | "anchor" | "kind" | "tag" | "fn" | "link") =>
            {
                out.extend(s.chars().filter(|c| !c.is_ascii() && !c.is_whitespace()));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, key, out)),
            Value::Object(m) => m.iter().for_each(|(k, x)| walk(x, k, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(doc, "", &mut out);
    out
}

/// The characters of `chars` that the face `family` in `file` lacks (`None`: unreadable).
/// Only the file's table directories, the faces' `name` tables and the chosen face's `cmap`
/// are read: a Noto CJK collection is 20–27 MB, what the check needs of it about 1 MB.
fn missing(file: &Path, family: &str, chars: &BTreeSet<char>) -> Option<Vec<char>> {
    let mut font = std::fs::File::open(file).ok()?;
    let mut read_at = |offset: u64, len: usize| -> Option<Vec<u8>> {
        font.seek(SeekFrom::Start(offset)).ok()?;
        let mut buf = vec![0; len];
        font.read_exact(&mut buf).ok()?;
        Some(buf)
    };
    let u16_at = |b: &[u8], i: usize| u16::from_be_bytes([b[i], b[i + 1]]);
    let u32_at = |b: &[u8], i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    // A collection (`ttcf`, the number of faces, their offsets) or a single face at 0.
    let head = read_at(0, 12)?;
    let starts: Vec<u64> = if &head[..4] == b"ttcf" {
        let n = u32_at(&head, 8) as usize;
        let offsets = read_at(12, 4 * n)?;
        (0..n).map(|i| u64::from(u32_at(&offsets, 4 * i))).collect()
    } else {
        vec![0]
    };
    // Each face's table directory: (tag, offset, length) of its `name` and `cmap` tables.
    let mut faces = Vec::new();
    for start in starts {
        let dir = read_at(start, 12)?;
        let records = read_at(start + 12, 16 * usize::from(u16_at(&dir, 4)))?;
        let table = |tag: &[u8]| {
            records
                .chunks_exact(16)
                .find(|r| &r[..4] == tag)
                .map(|r| (u64::from(u32_at(r, 8)), u32_at(r, 12) as usize))
        };
        faces.push((table(b"name")?, table(b"cmap")?));
    }
    let named = |name: &[u8]| {
        ttf_parser::name::Table::parse(name).is_some_and(|t| {
            t.names.into_iter().any(|n| {
                (n.name_id == ttf_parser::name_id::FAMILY
                    || n.name_id == ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
                    && n.to_string().is_some_and(|s| s == family)
            })
        })
    };
    // The face of that family (the first one when none is named so).
    let mut chosen = faces.first()?.1;
    for &((offset, len), cmap) in &faces {
        if named(&read_at(offset, len)?) {
            chosen = cmap;
            break;
        }
    }
    let cmap = read_at(chosen.0, chosen.1)?;
    let table = ttf_parser::cmap::Table::parse(&cmap)?;
    let has = |c: char| {
        table
            .subtables
            .into_iter()
            .any(|s| s.is_unicode() && s.glyph_index(u32::from(c)).is_some())
    };
    Some(chars.iter().copied().filter(|&c| !has(c)).collect())
}

fn shown(chars: &[char]) -> String {
    let mut s: String = chars.iter().take(12).collect();
    if chars.len() > 12 {
        s.push('…');
    }
    s
}

/// For each role of `layout`, the first installed family that covers `chars`.
pub fn choose(
    layout: PrintLayout,
    installed: &BTreeMap<String, PathBuf>,
    chars: &BTreeSet<char>,
) -> Result<Choice, RenderError> {
    let roles = match layout {
        PrintLayout::Book => BOOK,
        PrintLayout::Gb9704 => GB9704,
    };
    let mut choice = Choice {
        families: BTreeMap::new(),
        dirs: Vec::new(),
        log: Vec::new(),
    };
    // A face serves several roles (Noto Serif CJK SC is the last choice of three): its
    // coverage is read once.
    let mut checked: HashMap<(&Path, &str), Option<Vec<char>>> = HashMap::new();
    for role in roles {
        let mut passed_over = Vec::new();
        let mut found = None;
        let mut last_missing = Vec::new();
        for family in role.families {
            let Some(file) = installed.get(*family) else {
                continue;
            };
            let lacks = checked
                .entry((file.as_path(), family))
                .or_insert_with(|| missing(file, family, chars))
                .clone();
            match lacks {
                Some(m) if m.is_empty() => {
                    found = Some((family, file));
                    break;
                }
                Some(m) => {
                    passed_over.push(format!("{family} lacks {} ({})", m.len(), shown(&m)));
                    last_missing = m;
                }
                None => passed_over.push(format!("{family} unreadable ({})", file.display())),
            }
        }
        let Some((family, file)) = found else {
            let tried = role.families.join(", ");
            let detail = if last_missing.is_empty() {
                format!("none of {tried} is installed")
            } else {
                format!(
                    "no installed face has every character: {}",
                    passed_over.join("; ")
                )
            };
            return Err(RenderError::new(format!(
                "no font for the {} of the PDF: {detail}",
                role.what
            ))
            .help(
                "install fonts-noto-cjk (and fonts-lxgw-wenkai for 楷体) with apt-get, or a face of the list that has the characters",
            ));
        };
        let mut line = format!("font     {}: {family} ({})", role.what, file.display());
        if !passed_over.is_empty() {
            line.push_str(&format!("; passed over: {}", passed_over.join("; ")));
        }
        choice.log.push(line);
        choice.families.insert(role.key, family.to_string());
        if let Some(dir) = file.parent() {
            if !choice.dirs.iter().any(|d| d == dir) {
                choice.dirs.push(dir.to_path_buf());
            }
        }
    }
    Ok(choice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_give_the_regular_file_of_each_family() {
        let text = "DejaVu Sans Mono\n  ├ (Embedded)\n  │   Style: Normal, Weight: 700, Stretch: 100%\n\
                    LXGW WenKai\n  ├ /f/LXGWWenKai-Bold.ttf\n  │   Style: Normal, Weight: 700, Stretch: 100%\n\
                    \x20 ├ /f/LXGWWenKai-Light.ttf\n  │   Style: Normal, Weight: 300, Stretch: 100%\n\
                    \x20 └ /f/LXGWWenKai-Regular.ttf\n      Style: Normal, Weight: 400, Stretch: 100%\n";
        let v = parse_variants(text);
        assert_eq!(v.len(), 1);
        assert_eq!(v["LXGW WenKai"], PathBuf::from("/f/LXGWWenKai-Regular.ttf"));
    }

    #[test]
    fn identifiers_are_not_text() {
        let doc = json!({"id": "目标", "t": "规划 plan", "c": [{"anchor": "锚", "t": "。"}]});
        let c: String = characters(&doc).into_iter().collect();
        assert_eq!(c, "。划规");
    }
}
