//! The faces an edition is set in: for each role (body, heading, title …) the first installed
//! family of a list that covers every character of the edition. The `gb9704` layout names the
//! standard's faces first (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋), which are proprietary, and
//! falls back to free faces Debian packages. A character no face covers is an error: typst
//! itself prints a blank box for it without a warning.

use crate::model::PrintLayout;
use crate::render::RenderError;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ffi::OsString;
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
/// ([`installed`], remembered by [`cached_installed`]), as does the book layout when a Noto
/// file is not where it is expected.
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
    cached_installed(typst, font_dirs)
}

/// [`installed`], remembered between builds in the user's cache folder
/// (`$XDG_CACHE_HOME/plandoc/typst-fonts.json`, else `~/.cache/plandoc/`; never in the plan or
/// its output). `typst fonts --variants` reads every installed font file (0.1–0.3 s of CPU,
/// about a tenth of a long plan's gb9704 build); the cache is used while its [`Fingerprint`]
/// (the typst binary, the font folders given, the fontconfig configuration and the size and
/// modification time of every file and folder under the font folders fontconfig and typst
/// search) is unchanged and every file it names still exists. Any failure to read or write the
/// cache falls back to asking typst.
pub fn cached_installed(
    program: &Path,
    font_dirs: &[PathBuf],
) -> Result<BTreeMap<String, PathBuf>, RenderError> {
    let env = |k: &str| std::env::var_os(k);
    let Some(file) = cache_file(&env) else {
        return installed(program, font_dirs);
    };
    let key = Sources::from_env(&env, font_dirs).fingerprint(program);
    if let Some(fonts) = load_cache(&file, &key) {
        return Ok(fonts);
    }
    let fonts = installed(program, font_dirs)?;
    if !fonts.is_empty() {
        store_cache(&file, &key, &fonts);
    }
    Ok(fonts)
}

/// The cache file: under `XDG_CACHE_HOME` when it is an absolute path (the XDG base directory
/// specification ignores a relative one), else under `HOME/.cache`; `None` without either.
fn cache_file(env: &dyn Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let base = env("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            env("HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .map(|h| h.join(".cache"))
        })?;
    Some(base.join("plandoc").join("typst-fonts.json"))
}

/// What `typst fonts` depends on: the fontconfig configuration files it reads (typst, through
/// fontdb, reads `FONTCONFIG_FILE`, else `$XDG_CONFIG_HOME/fontconfig/fonts.conf`,
/// `/etc/fonts/local.conf` and `/etc/fonts/fonts.conf` with their includes) and the folders
/// it searches for fonts (the `<dir>`s of that configuration, fontdb's fallback folders and the
/// `--font-path` folders).
#[derive(Debug, Clone, PartialEq)]
struct Sources {
    /// Configuration files and folders, walked whole.
    config: Vec<PathBuf>,
    /// Font folders, walked whole.
    fonts: Vec<PathBuf>,
    /// The environment variables that choose among them, as found.
    env: Vec<(String, Option<OsString>)>,
}

/// The key of the cache: a SHA-256 over [`Sources`] as they are on disk, in hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(String);

impl Sources {
    fn from_env(env: &dyn Fn(&str) -> Option<OsString>, font_dirs: &[PathBuf]) -> Sources {
        let vars = [
            "FONTCONFIG_FILE",
            "XDG_CONFIG_HOME",
            "XDG_DATA_HOME",
            "HOME",
        ];
        let home = env("HOME").map(PathBuf::from);
        let config_home = env("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".config")));
        let data_home = env("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".local/share")));
        let mut config = vec![PathBuf::from("/etc/fonts")];
        config.extend(env("FONTCONFIG_FILE").map(PathBuf::from));
        config.extend(config_home.map(|c| c.join("fontconfig")));
        let mut fonts: Vec<PathBuf> = ["/usr/share/fonts", "/usr/local/share/fonts"]
            .iter()
            .map(PathBuf::from)
            .collect();
        if let Some(h) = &home {
            fonts.push(h.join(".fonts"));
            fonts.push(h.join(".local/share/fonts"));
        }
        // The `<dir>` elements of the configuration, resolved as fontconfig does.
        for file in config.iter().flat_map(|c| files_under(c)) {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            for dir in config_dirs(&text) {
                let path = match (dir.xdg, dir.path.strip_prefix("~/")) {
                    (true, _) => data_home.as_ref().map(|d| d.join(&dir.path)),
                    (false, Some(rest)) => home.as_ref().map(|h| h.join(rest)),
                    (false, None) => Some(PathBuf::from(&dir.path)),
                };
                fonts.extend(path.filter(|p| p.is_absolute()));
            }
        }
        fonts.extend(font_dirs.iter().cloned());
        let mut seen = BTreeSet::new();
        fonts.retain(|p| seen.insert(p.clone()));
        Sources {
            config,
            fonts,
            env: vars.iter().map(|v| (v.to_string(), env(v))).collect(),
        }
    }

    /// The key of `typst fonts` of `program` over these sources as they are now. The program
    /// counts by its file (found on `PATH` when it is a bare name), its size and modification
    /// time: another typst, or the same one rebuilt, may embed other fonts.
    fn fingerprint(&self, program: &Path) -> Fingerprint {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        let mut line = |s: String| {
            h.update(s.as_bytes());
            h.update(b"\n");
        };
        let file = if program.components().count() == 1 {
            super::typst::which(&program.to_string_lossy())
        } else {
            Some(program.to_path_buf())
        };
        let id = file.as_deref().and_then(|f| {
            let m = std::fs::metadata(f).ok()?;
            let t = m
                .modified()
                .ok()?
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?;
            Some(format!("{} {} {}", f.display(), m.len(), t.as_nanos()))
        });
        line(format!("plandoc typst-fonts cache 1; typst {id:?}"));
        for (k, v) in &self.env {
            line(format!("env {k}={v:?}"));
        }
        for (what, roots) in [("config", &self.config), ("fonts", &self.fonts)] {
            for root in roots {
                line(format!("{what} {}", root.display()));
                for entry in walkdir::WalkDir::new(root)
                    .follow_links(true)
                    .sort_by_file_name()
                {
                    match entry.and_then(|e| e.metadata().map(|m| (e, m))) {
                        Ok((e, m)) => {
                            let modified = m
                                .modified()
                                .ok()
                                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                                .map_or(0, |d| d.as_nanos());
                            line(format!(
                                "{} {} {} {modified}",
                                e.path().display(),
                                if m.is_dir() { "d" } else { "f" },
                                m.len()
                            ));
                        }
                        Err(e) => line(format!("unreadable {e}")),
                    }
                }
            }
        }
        let digest = h.finalize();
        Fingerprint(digest.iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// The files at or under `path` (none when it does not exist).
fn files_under(path: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(path)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

struct ConfigDir {
    path: String,
    /// `prefix="xdg"`: relative to `XDG_DATA_HOME`.
    xdg: bool,
}

/// The `<dir>` elements of a fontconfig file (`<dir>/usr/share/fonts</dir>`,
/// `<dir prefix="xdg">fonts</dir>`); `<cachedir>` and comments are not font folders.
fn config_dirs(text: &str) -> Vec<ConfigDir> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("<dir") {
        rest = &rest[at + 4..];
        let Some(close) = rest.find('>') else { break };
        let attrs = &rest[..close];
        if !(attrs.is_empty() || attrs.starts_with(char::is_whitespace)) || attrs.ends_with('/') {
            continue;
        }
        let body = &rest[close + 1..];
        let Some(end) = body.find("</dir>") else {
            break;
        };
        out.push(ConfigDir {
            path: body[..end].trim().to_string(),
            xdg: attrs.contains("prefix=\"xdg\"") || attrs.contains("prefix='xdg'"),
        });
        rest = &body[end..];
    }
    out
}

/// The cached families when the cache has `key` and every file it names still exists.
fn load_cache(file: &Path, key: &Fingerprint) -> Option<BTreeMap<String, PathBuf>> {
    let text = std::fs::read_to_string(file).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    if v.get("key")?.as_str()? != key.0 {
        return None;
    }
    let mut out = BTreeMap::new();
    for (family, path) in v.get("fonts")?.as_object()? {
        let path = PathBuf::from(path.as_str()?);
        // A face removed in a way the key missed: ask typst again rather than name it.
        if !path.is_file() {
            return None;
        }
        out.insert(family.clone(), path);
    }
    (!out.is_empty()).then_some(out)
}

/// Writes the cache (atomically: a build running beside reads the old one or the new one);
/// a cache that cannot be written is only a slower next build.
fn store_cache(file: &Path, key: &Fingerprint, fonts: &BTreeMap<String, PathBuf>) {
    let Some(dir) = file.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let doc = json!({ "key": key.0, "fonts": fonts });
    let _ = crate::atomic::write_file(file, doc.to_string().as_bytes());
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

    fn fake_env(vars: &[(&str, &Path)]) -> impl Fn(&str) -> Option<OsString> {
        let vars: Vec<(String, OsString)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_os_str().to_owned()))
            .collect();
        move |k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn the_cache_lives_in_the_user_cache_folder() {
        let env = fake_env(&[
            ("XDG_CACHE_HOME", Path::new("/c")),
            ("HOME", Path::new("/h")),
        ]);
        assert_eq!(
            cache_file(&env),
            Some(PathBuf::from("/c/plandoc/typst-fonts.json"))
        );
        // A relative XDG_CACHE_HOME is ignored (XDG base directory specification).
        let env = fake_env(&[
            ("XDG_CACHE_HOME", Path::new("c")),
            ("HOME", Path::new("/h")),
        ]);
        assert_eq!(
            cache_file(&env),
            Some(PathBuf::from("/h/.cache/plandoc/typst-fonts.json"))
        );
        assert_eq!(cache_file(&fake_env(&[])), None);
    }

    #[test]
    fn fontconfig_dirs_are_read() {
        let d = config_dirs(
            "<!-- <dir>/no</dir> is still read: a comment costs only a walk -->\n\
             <dir>/usr/share/fonts</dir>\n<dir prefix=\"xdg\">fonts</dir>\n\
             <cachedir>/var/cache/fontconfig</cachedir>\n<dir>~/.fonts</dir>",
        );
        let paths: Vec<(&str, bool)> = d.iter().map(|d| (d.path.as_str(), d.xdg)).collect();
        assert_eq!(
            paths,
            [
                ("/no", false),
                ("/usr/share/fonts", false),
                ("fonts", true),
                ("~/.fonts", false)
            ]
        );
    }

    #[test]
    fn the_sources_follow_the_fontconfig_file() {
        let tmp = tempfile::tempdir().unwrap();
        let conf = tmp.path().join("fonts.conf");
        std::fs::write(
            &conf,
            "<fontconfig><dir>/opt/f</dir><dir prefix=\"xdg\">fonts</dir><dir>~/more</dir></fontconfig>",
        )
        .unwrap();
        let data = tmp.path().join("data");
        let home = tmp.path().join("home");
        let env = fake_env(&[
            ("FONTCONFIG_FILE", &conf),
            ("XDG_DATA_HOME", &data),
            ("HOME", &home),
        ]);
        let s = Sources::from_env(&env, &[PathBuf::from("/given")]);
        for dir in [
            PathBuf::from("/opt/f"),
            data.join("fonts"),
            home.join("more"),
            home.join(".fonts"),
            PathBuf::from("/usr/share/fonts"),
            PathBuf::from("/given"),
        ] {
            assert!(s.fonts.contains(&dir), "{dir:?} not in {:?}", s.fonts);
        }
        assert!(s.config.contains(&conf));
        assert!(s.config.contains(&home.join(".config/fontconfig")));
    }

    #[test]
    fn the_cache_key_changes_with_the_fonts_the_config_and_typst() {
        let tmp = tempfile::tempdir().unwrap();
        let (cfg, fonts) = (tmp.path().join("etc"), tmp.path().join("fonts"));
        std::fs::create_dir_all(cfg.join("conf.d")).unwrap();
        std::fs::create_dir_all(fonts.join("sub")).unwrap();
        std::fs::write(cfg.join("fonts.conf"), "<dir>/x</dir>").unwrap();
        std::fs::write(fonts.join("sub/a.ttf"), "aaaa").unwrap();
        let typst = tmp.path().join("typst");
        std::fs::write(&typst, "v1").unwrap();
        let s = Sources {
            config: vec![cfg.clone()],
            fonts: vec![fonts.clone(), tmp.path().join("absent")],
            env: vec![],
        };
        let key = || s.fingerprint(&typst);
        let k0 = key();
        assert_eq!(key(), k0, "the same sources give the same key");
        let mut seen = vec![k0];
        let changed = |what: &str, seen: &mut Vec<Fingerprint>| {
            let k = key();
            assert!(!seen.contains(&k), "the key did not change when {what}");
            seen.push(k);
        };
        // A face added deep in a font folder.
        std::fs::write(fonts.join("sub/b.otf"), "b").unwrap();
        changed("a face was added", &mut seen);
        // A face replaced in place by one of another size.
        std::fs::write(fonts.join("sub/a.ttf"), "aaaaaaaa").unwrap();
        changed("a face changed size", &mut seen);
        // The same size, another time (a package upgrade keeps names).
        let f = std::fs::File::options()
            .write(true)
            .open(fonts.join("sub/a.ttf"))
            .unwrap();
        f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000))
            .unwrap();
        changed("a face was touched", &mut seen);
        std::fs::remove_file(fonts.join("sub/b.otf")).unwrap();
        changed("a face was removed", &mut seen);
        // A folder that did not exist appears.
        std::fs::create_dir_all(tmp.path().join("absent")).unwrap();
        changed("a font folder appeared", &mut seen);
        // The configuration.
        std::fs::write(cfg.join("conf.d/10-x.conf"), "<dir>/y</dir>").unwrap();
        changed("a fontconfig file was added", &mut seen);
        // Another typst binary.
        std::fs::write(&typst, "v2 longer").unwrap();
        changed("typst changed", &mut seen);
        let other = Sources {
            fonts: vec![fonts.clone()],
            ..s.clone()
        };
        assert!(
            !seen.contains(&other.fingerprint(&typst)),
            "other folders, same key"
        );
        let env = Sources {
            env: vec![("HOME".into(), Some("/elsewhere".into()))],
            ..s.clone()
        };
        assert!(
            !seen.contains(&env.fingerprint(&typst)),
            "other HOME, same key"
        );
    }

    #[test]
    fn a_stale_cache_is_not_used() {
        let tmp = tempfile::tempdir().unwrap();
        let face = tmp.path().join("Face.ttf");
        std::fs::write(&face, "x").unwrap();
        let file = tmp.path().join("cache/plandoc/typst-fonts.json");
        let key = Fingerprint("k1".into());
        let fonts: BTreeMap<String, PathBuf> = [("Face".to_string(), face.clone())].into();
        store_cache(&file, &key, &fonts);
        assert_eq!(load_cache(&file, &key), Some(fonts));
        assert_eq!(load_cache(&file, &Fingerprint("k2".into())), None);
        // A face gone although the key matches: the cache is not trusted.
        std::fs::remove_file(&face).unwrap();
        assert_eq!(load_cache(&file, &key), None);
        // A damaged cache is no cache.
        std::fs::write(&file, "{\"key\": \"k1\", \"fon").unwrap();
        assert_eq!(load_cache(&file, &key), None);
    }
}
