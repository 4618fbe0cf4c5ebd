//! Synthetic plans for the benchmarks and the hardening tests: N copies of one or more source
//! plans with unique IDs (see `src/bin/gen-plan.rs`), optionally one part (篇) per copy, and the
//! same chapters as mdBook books. Standard library only: `tests/hardening.rs` includes this file
//! with `#[path]`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

struct Source {
    dir: PathBuf,
    /// (file stem without `.zh.md`/`.en.md`, language code, text, part named in the front
    /// matter), sorted by file name.
    chapters: Vec<(String, String, String, Option<String>)>,
    /// `plan.yaml`, if the source has one.
    plan: Option<String>,
    /// The parts `plan.yaml` declares, in order.
    parts: Vec<Part>,
    /// The plan's short title (else its title): the title of the part a copy becomes.
    title: Text,
    /// Indicator tables (`Table:` captions) and boxes (a block quote opening with a heading)
    /// in the zh chapter files.
    tables: usize,
    boxes: usize,
    targets: Option<String>,
    lock: Option<String>,
    /// Chapter, heading and target IDs: the names a copy renames.
    ids: BTreeSet<String>,
}

/// A text in each language (`en` absent in a zh-only plan).
#[derive(Clone, Default)]
struct Text {
    zh: String,
    en: Option<String>,
}

/// A part (篇) of `plan.yaml`.
#[derive(Clone)]
struct Part {
    id: String,
    title: Text,
}

/// What `generate_with` wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Chapter files (both languages).
    pub chapter_files: usize,
    pub targets: usize,
    pub parts: usize,
    /// Indicator tables (with a `Table:` caption) and boxes (专栏), counted in the zh files.
    pub tables: usize,
    pub boxes: usize,
}

/// Writes `copies` copies of the plans in `from` as one plan in `out` (replaced if it exists).
/// Returns the number of chapter files and of targets written.
pub fn generate(from: &[PathBuf], copies: usize, out: &Path) -> Result<(usize, usize), String> {
    let counts = generate_with(from, copies, out, false)?;
    Ok((counts.chapter_files, counts.targets))
}

/// As [`generate`]; with `copy_parts`, each copy becomes a part (篇) of its own: the chapters of
/// the sources without parts go in the part of their copy, `第K篇 <plan short title>`. The parts
/// of a source that has them are kept (IDs renamed like every other ID; a chapter without a part
/// after them goes in the part before it). All parts are numbered in order, 第一篇 … / Part I … .
pub fn generate_with(
    from: &[PathBuf],
    copies: usize,
    out: &Path,
    copy_parts: bool,
) -> Result<Counts, String> {
    if copies == 0 {
        return Err("--copies must be at least 1".into());
    }
    let sources: Vec<Source> = from
        .iter()
        .map(|d| read_source(d))
        .collect::<Result<_, _>>()?;

    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    let chapters_dir = out.join("chapters");
    std::fs::create_dir_all(&chapters_dir).map_err(|e| e.to_string())?;
    if let Some(src) = sources
        .iter()
        .map(|s| s.dir.join("glossary.yaml"))
        .find(|p| p.is_file())
    {
        copy(&src, &out.join("glossary.yaml"))?;
    }
    let plan_yaml = sources.iter().find_map(|s| s.plan.as_deref());

    let mut targets = String::new();
    let mut lock = String::new();
    let mut counts = Counts::default();
    let mut parts: Vec<Part> = Vec::new();
    // The part the last chapter went in: a chapter that names none goes there too.
    let mut open: Option<String> = None;
    for k in 1..=copies {
        // Whether a chapter of this copy is in a part yet.
        let mut in_part = false;
        for (si, src) in sources.iter().enumerate() {
            let suffix = match (si, k) {
                (0, 1) => String::new(),
                (0, k) => format!("-c{k}"),
                (s, k) => format!("-s{s}-c{k}"),
            };
            // The source's parts are declared when a chapter first names them (and those
            // before them), so the declared order follows the chapter files'.
            let mut declared = 0;
            for (stem, lang, text, part) in &src.chapters {
                let part = match part {
                    Some(p) => {
                        if let Some(i) = src.parts.iter().position(|q| &q.id == p) {
                            for q in &src.parts[declared.min(i + 1)..=i] {
                                parts.push(Part {
                                    id: format!("{}{suffix}", q.id),
                                    title: q.title.clone(),
                                });
                            }
                            declared = declared.max(i + 1);
                        }
                        Some(format!("{p}{suffix}"))
                    }
                    None if copy_parts && !in_part => {
                        let id = format!("part-{k}");
                        parts.push(Part {
                            id: id.clone(),
                            title: src.title.clone(),
                        });
                        Some(id)
                    }
                    None => open.clone(),
                };
                if part.is_some() {
                    in_part = true;
                    open.clone_from(&part);
                }
                let stem = if suffix.is_empty() {
                    stem.clone()
                } else {
                    format!("c{k:04}-s{si}-{stem}")
                };
                let text = rename_chapter(text, &src.ids, &suffix, part.as_deref());
                write(&chapters_dir.join(format!("{stem}.{lang}.md")), &text)?;
                counts.chapter_files += 1;
            }
            for q in &src.parts[declared..] {
                parts.push(Part {
                    id: format!("{}{suffix}", q.id),
                    title: q.title.clone(),
                });
            }
            counts.tables += src.tables;
            counts.boxes += src.boxes;
            if let Some(t) = &src.targets {
                let (entries, n) = rename_targets(t, &src.ids, &suffix);
                targets.push_str(&entries);
                counts.targets += n;
            }
            if let Some(l) = &src.lock {
                lock.push_str(&rename_lock(l, &src.ids, &suffix));
            }
        }
    }
    counts.parts = parts.len();
    if let Some(plan) = plan_yaml {
        write(&out.join("plan.yaml"), &with_parts(plan, &parts))?;
    }
    if sources.iter().any(|s| s.targets.is_some()) {
        write(&out.join("targets.yaml"), &format!("targets:\n{targets}"))?;
    }
    if sources.iter().any(|s| s.lock.is_some()) {
        write(&out.join("translations.lock"), &lock)?;
    }
    Ok(counts)
}

fn read_source(dir: &Path) -> Result<Source, String> {
    let chapters_dir = dir.join("chapters");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&chapters_dir)
        .map_err(|e| format!("cannot read {}: {e}", chapters_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    names.sort();
    let mut chapters = Vec::new();
    let mut ids = BTreeSet::new();
    let (mut tables, mut boxes) = (0, 0);
    for path in names {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Some((stem, lang)) = name.strip_suffix(".md").and_then(|s| s.rsplit_once('.')) else {
            continue;
        };
        let text = read(&path)?;
        if lang == "zh" {
            tables += text.lines().filter(|l| l.starts_with("Table:")).count();
            boxes += text
                .lines()
                .filter(|l| l.trim_start_matches(['>', ' ']).starts_with('#') && l.starts_with('>'))
                .count();
        }
        let part = front_matter_value(&text, "part").map(str::to_string);
        if let Some(id) = front_matter_value(&text, "id") {
            ids.insert(id.to_string());
        }
        let mut rest = text.as_str();
        while let Some(i) = rest.find("{#") {
            rest = &rest[i + 2..];
            let id = id_prefix(rest);
            if !id.is_empty() && rest[id.len()..].starts_with('}') {
                ids.insert(id.to_string());
            }
        }
        chapters.push((stem.to_string(), lang.to_string(), text, part));
    }
    let targets = optional(&dir.join("targets.yaml"))?;
    if let Some(t) = &targets {
        for line in t.lines() {
            if let Some(id) = yaml_value(line, "id") {
                ids.insert(id.to_string());
            }
        }
    }
    let lock = optional(&dir.join("translations.lock"))?;
    let plan = optional(&dir.join("plan.yaml"))?;
    let lines: Vec<&str> = plan.as_deref().unwrap_or("").lines().collect();
    let top = |key: &str| {
        lines
            .iter()
            .position(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
            .map(|i| yaml_text(&lines, i, key))
    };
    let title = top("short_title")
        .or_else(|| top("title"))
        .unwrap_or_default();
    let parts = plan_parts(&lines);
    Ok(Source {
        dir: dir.to_path_buf(),
        chapters,
        plan,
        parts,
        title,
        tables,
        boxes,
        targets,
        lock,
        ids,
    })
}

/// The longest prefix of `s` made of ID characters (lowercase ASCII, digits, `-`).
fn id_prefix(s: &str) -> &str {
    let end = s
        .bytes()
        .position(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))
        .unwrap_or(s.len());
    &s[..end]
}

/// `key: value` on a YAML line (also as a list item, `- key: value`), value unquoted.
fn yaml_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let t = line.trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
    let v = t.strip_prefix(key)?.strip_prefix(':')?.trim();
    let v = v.trim_matches(|c| c == '"' || c == '\'');
    (!v.is_empty() && id_prefix(v) == v).then_some(v)
}

/// A front matter field with an ID value (`id:`, `part:`).
fn front_matter_value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let body = text.strip_prefix("---\n")?;
    body.lines()
        .take_while(|l| l.trim_end() != "---")
        .find_map(|l| yaml_value(l, key).filter(|_| l.starts_with(key)))
}

/// The text `{zh: …, en: …}` of `key` on line `i` (flow mapping), or in the block mapping under it.
fn yaml_text(lines: &[&str], i: usize, key: &str) -> Text {
    let line = lines[i].trim_start();
    let line = line.strip_prefix("- ").unwrap_or(line).trim_start();
    let value = line[key.len() + 1..].trim();
    let mut fields = Vec::new();
    if let Some(flow) = value.strip_prefix('{') {
        fields = flow_fields(flow);
    } else if value.is_empty() {
        let indent = lines[i].len() - lines[i].trim_start().len();
        for l in &lines[i + 1..] {
            let t = l.trim_start();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if l.len() - t.len() <= indent {
                break;
            }
            if let Some((k, v)) = t.split_once(':') {
                fields.push((k.trim().to_string(), scalar(v.trim()).0));
            }
        }
    }
    let get = |k: &str| fields.iter().find(|(f, _)| f == k).map(|(_, v)| v.clone());
    Text {
        zh: get("zh").unwrap_or_default(),
        en: get("en"),
    }
}

/// The `key: value` pairs of a one-line flow mapping (after its `{`).
fn flow_fields(mut s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start_matches([' ', ',']);
        let Some((key, rest)) = s.split_once(':') else {
            return out;
        };
        if key.contains('}') {
            return out;
        }
        let (value, rest) = scalar(rest.trim_start());
        out.push((key.trim().to_string(), value));
        s = rest;
    }
}

/// A YAML scalar at the start of `s` (double-quoted, single-quoted or plain up to `,`/`}`) and
/// what follows it.
fn scalar(s: &str) -> (String, &str) {
    let mut value = String::new();
    if let Some(body) = s.strip_prefix('"') {
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, e)) = chars.next() {
                        value.push(e);
                    }
                }
                '"' => return (value, &body[i + 1..]),
                c => value.push(c),
            }
        }
        (value, "")
    } else if let Some(body) = s.strip_prefix('\'') {
        let mut rest = body;
        while let Some(i) = rest.find('\'') {
            value.push_str(&rest[..i]);
            if rest[i + 1..].starts_with('\'') {
                value.push('\'');
                rest = &rest[i + 2..];
            } else {
                return (value, &rest[i + 1..]);
            }
        }
        (value + rest, "")
    } else {
        let end = s.find([',', '}']).unwrap_or(s.len());
        (s[..end].trim().to_string(), &s[end..])
    }
}

/// The line range of the top-level `parts:` block of `plan.yaml`.
fn parts_block(lines: &[&str]) -> Option<(usize, usize)> {
    let start = lines
        .iter()
        .position(|l| l.strip_prefix("parts:").is_some())?;
    let end = lines[start + 1..]
        .iter()
        .position(|l| !(l.is_empty() || l.starts_with([' ', '#', '-']) || l.trim().is_empty()))
        .map_or(lines.len(), |e| start + 1 + e);
    Some((start, end))
}

/// The parts `plan.yaml` declares.
fn plan_parts(lines: &[&str]) -> Vec<Part> {
    let Some((start, end)) = parts_block(lines) else {
        return Vec::new();
    };
    let mut parts: Vec<Part> = Vec::new();
    for i in start + 1..end {
        let t = lines[i].trim_start();
        let item = t.starts_with("- ");
        let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
        if let Some(id) = yaml_value(lines[i], "id").filter(|_| t.starts_with("id:")) {
            if item || parts.is_empty() {
                parts.push(Part {
                    id: id.to_string(),
                    title: Text::default(),
                });
            } else if let Some(last) = parts.last_mut() {
                last.id = id.to_string();
            }
        } else if t.starts_with("title:") {
            if item {
                parts.push(Part {
                    id: String::new(),
                    title: Text::default(),
                });
            }
            if let Some(last) = parts.last_mut() {
                last.title = yaml_text(lines, i, "title");
            }
        }
    }
    parts
}

/// `plan.yaml` with its `parts:` block replaced by `parts`, numbered in order (第一篇 / Part I):
/// a part title's own number, if it has one, is dropped.
fn with_parts(plan: &str, parts: &[Part]) -> String {
    let lines: Vec<&str> = plan.lines().collect();
    let mut out = String::new();
    let (start, end) = parts_block(&lines).unwrap_or((lines.len(), lines.len()));
    for l in lines[..start].iter().chain(&lines[end..]) {
        out.push_str(l);
        out.push('\n');
    }
    if parts.is_empty() {
        return out;
    }
    out.push_str("parts:\n");
    for (n, part) in parts.iter().enumerate() {
        let n = n + 1;
        let zh = format!(
            "第{}篇 {}",
            chinese_numeral(n),
            strip_zh_part_number(&part.title.zh)
        );
        let _ = write!(
            out,
            "  - id: {}\n    title: {{zh: {}",
            part.id,
            quoted(zh.trim_end())
        );
        if let Some(en) = &part.title.en {
            let en = format!("Part {} {}", roman_numeral(n), strip_en_part_number(en));
            let _ = write!(out, ", en: {}", quoted(en.trim_end()));
        }
        out.push_str("}\n");
    }
    out
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `第二篇 总体要求` → `总体要求`.
fn strip_zh_part_number(title: &str) -> &str {
    title
        .strip_prefix('第')
        .and_then(|r| {
            let n = r.find(|c: char| !"零〇一二三四五六七八九十百千0123456789".contains(c))?;
            r[n..].strip_prefix('篇')
        })
        .map_or(title, str::trim_start)
}

/// `Part II General Requirements` → `General Requirements`.
fn strip_en_part_number(title: &str) -> &str {
    title
        .strip_prefix("Part ")
        .and_then(|r| {
            let n = r.find(|c: char| !"IVXLCDM0123456789".contains(c))?;
            (n > 0).then(|| r[n..].trim_start_matches(['.', ':']).trim_start())
        })
        .unwrap_or(title)
}

/// 1 → 一, 10 → 十, 12 → 十二, 101 → 一百零一, 110 → 一百一十 (1 ≤ n ≤ 9999).
pub fn chinese_numeral(n: usize) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    const UNITS: [&str; 4] = ["千", "百", "十", ""];
    let mut out = String::new();
    let mut zero = false;
    for (i, unit) in UNITS.iter().enumerate() {
        let d = n / 10usize.pow(3 - i as u32) % 10;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push(DIGITS[d]);
        out.push_str(unit);
    }
    match out.strip_prefix("一十") {
        Some(rest) => format!("十{rest}"),
        None if out.is_empty() => "零".to_string(),
        None => out,
    }
}

/// 1 → I, 4 → IV, 100 → C.
pub fn roman_numeral(mut n: usize) -> String {
    const VALUES: [(usize, &str); 13] = [
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
    let mut out = String::new();
    for (v, s) in VALUES {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Renames the IDs of a chapter file: front matter `id:`, heading `{#id}`, tags
/// `](target:id)` / `](mention:id)` / `](baseline:id)`; and sets its front matter's `part:`
/// (removes it if `part` is `None`).
fn rename_chapter(text: &str, ids: &BTreeSet<String>, suffix: &str, part: Option<&str>) -> String {
    if suffix.is_empty() && front_matter_value(text, "part") == part {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 256);
    let mut in_front = text.starts_with("---\n");
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if in_front {
            if n > 0 && line.trim_end() == "---" {
                in_front = false;
                if let Some(p) = part {
                    let _ = writeln!(out, "part: {p}");
                }
            } else if yaml_value(line, "part").is_some() && line.starts_with("part") {
                continue;
            } else if let Some(id) = yaml_value(line, "id").filter(|_| line.starts_with("id")) {
                if ids.contains(id) {
                    let _ = write!(out, "id: {id}{suffix}");
                    out.push_str(&line[line.trim_end().len()..]);
                    continue;
                }
            }
            out.push_str(line);
            continue;
        }
        out.push_str(&rename_inline(line, ids, suffix));
    }
    out
}

fn rename_inline(line: &str, ids: &BTreeSet<String>, suffix: &str) -> String {
    const OPENERS: [&str; 4] = ["{#", "](target:", "](mention:", "](baseline:"];
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        let next = OPENERS
            .iter()
            .filter_map(|o| rest.find(o).map(|i| (i, *o)))
            .min_by_key(|(i, _)| *i);
        let Some((i, opener)) = next else {
            out.push_str(rest);
            return out;
        };
        let after = &rest[i + opener.len()..];
        out.push_str(&rest[..i + opener.len()]);
        let id = id_prefix(after);
        let close = if opener == "{#" { '}' } else { ')' };
        if !id.is_empty() && after[id.len()..].starts_with(close) && ids.contains(id) {
            out.push_str(id);
            out.push_str(suffix);
        } else {
            out.push_str(id);
        }
        rest = &after[id.len()..];
    }
}

/// The list entries of a `targets:` file with IDs and areas (chapter or section IDs) renamed; and their number.
fn rename_targets(text: &str, ids: &BTreeSet<String>, suffix: &str) -> (String, usize) {
    let mut out = String::new();
    let mut started = false;
    let mut n = 0;
    for line in text.split_inclusive('\n') {
        if !started {
            started = line.starts_with("targets:");
            continue;
        }
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let renamed = [("id", ids), ("area", ids)]
            .into_iter()
            .find_map(|(key, set)| {
                let v = yaml_value(line, key).filter(|v| set.contains(*v))?;
                let at = line.find(&format!("{key}:"))?;
                let start = at + line[at..].find(v)?;
                Some(format!(
                    "{}{v}{suffix}{}",
                    &line[..start],
                    &line[start + v.len()..]
                ))
            });
        if yaml_value(line, "id").is_some() && line.trim_start().starts_with('-') {
            n += 1;
        }
        out.push_str(renamed.as_deref().unwrap_or(line));
    }
    if !out.ends_with('\n') && !out.is_empty() {
        out.push('\n');
    }
    (out, n)
}

/// Lock entries (`key: hash`) with the IDs inside each key renamed.
fn rename_lock(text: &str, ids: &BTreeSet<String>, suffix: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let quoted = key.trim().starts_with('"');
        let bare = key.trim().trim_matches('"');
        let mut renamed = String::new();
        let mut rest = bare;
        while !rest.is_empty() {
            let id = id_prefix(rest);
            if id.is_empty() {
                let c = rest.chars().next().unwrap_or(' ');
                renamed.push(c);
                rest = &rest[c.len_utf8()..];
            } else {
                renamed.push_str(id);
                if ids.contains(id) {
                    renamed.push_str(suffix);
                }
                rest = &rest[id.len()..];
            }
        }
        if quoted {
            let _ = writeln!(out, "\"{renamed}\":{value}");
        } else {
            let _ = writeln!(out, "{renamed}:{value}");
        }
    }
    out
}

/// Lays out the chapters of `plan` as two mdBook books, `out/zh` and `out/en`: the body of each
/// chapter file (front matter removed) under a `#` heading with its title, in plan order.
pub fn write_mdbooks(plan: &Path, out: &Path) -> Result<(), String> {
    let src = read_source(plan)?;
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    for lang in ["zh", "en"] {
        let book = out.join(lang);
        let dir = book.join("src");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        write(
            &book.join("book.toml"),
            &format!("[book]\ntitle = \"plandoc benchmark ({lang})\"\nlanguage = \"{lang}\"\nsrc = \"src\"\n\n[output.html]\n"),
        )?;
        let mut summary = String::from("# Summary\n\n");
        let mut part: Option<&str> = None;
        for (stem, _, text, p) in src.chapters.iter().filter(|c| c.1 == lang) {
            // mdBook's part titles: a `#` heading between the lists of the summary.
            if p.is_some() && p.as_deref() != part {
                part = p.as_deref();
                if let Some(q) = src.parts.iter().find(|q| Some(q.id.as_str()) == part) {
                    let t = if lang == "zh" {
                        Some(&q.title.zh)
                    } else {
                        q.title.en.as_ref()
                    };
                    if !summary.ends_with("\n\n") {
                        summary.push('\n');
                    }
                    let _ = writeln!(summary, "# {}\n", t.unwrap_or(&q.title.zh));
                }
            }
            let (title, body) = split_front_matter(text);
            let _ = writeln!(summary, "- [{}]({stem}.md)", title.replace(['[', ']'], ""));
            write(
                &dir.join(format!("{stem}.md")),
                &format!("# {title}\n\n{body}"),
            )?;
        }
        write(&dir.join("SUMMARY.md"), &summary)?;
    }
    eprintln!(
        "gen-plan: mdBook books in {}/zh and {}/en",
        out.display(),
        out.display()
    );
    Ok(())
}

/// (title, body) of a chapter file.
fn split_front_matter(text: &str) -> (String, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (String::new(), text);
    };
    let mut title = String::new();
    let mut pos = 0;
    for line in rest.split_inclusive('\n') {
        pos += line.len();
        if line.trim_end() == "---" {
            return (title, &rest[pos..]);
        }
        if let Some(t) = line.strip_prefix("title:") {
            title = t.trim().trim_matches('"').to_string();
        }
    }
    (title, "")
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn optional(path: &Path) -> Result<Option<String>, String> {
    if path.is_file() {
        read(path).map(Some)
    } else {
        Ok(None)
    }
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}
