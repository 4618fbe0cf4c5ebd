//! Synthetic plans for the benchmarks and the hardening tests: N copies of one or more source
//! plans with unique IDs (see `src/bin/gen-plan.rs`), and the same chapters as mdBook books.
//! Standard library only: `tests/hardening.rs` includes this file with `#[path]`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

struct Source {
    dir: PathBuf,
    /// (file stem without `.zh.md`/`.en.md`, language code, text), sorted by file name.
    chapters: Vec<(String, String, String)>,
    targets: Option<String>,
    lock: Option<String>,
    /// Chapter, heading and target IDs: the names a copy renames.
    ids: BTreeSet<String>,
    chapter_ids: BTreeSet<String>,
}

/// Writes `copies` copies of the plans in `from` as one plan in `out` (replaced if it exists).
/// Returns the number of chapter files and of targets written.
pub fn generate(from: &[PathBuf], copies: usize, out: &Path) -> Result<(usize, usize), String> {
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
    for name in ["plan.yaml", "glossary.yaml"] {
        if let Some(src) = sources
            .iter()
            .map(|s| s.dir.join(name))
            .find(|p| p.is_file())
        {
            copy(&src, &out.join(name))?;
        }
    }

    let mut targets = String::new();
    let mut lock = String::new();
    let (mut n_chapters, mut n_targets) = (0usize, 0usize);
    for k in 1..=copies {
        for (si, src) in sources.iter().enumerate() {
            let suffix = match (si, k) {
                (0, 1) => String::new(),
                (0, k) => format!("-c{k}"),
                (s, k) => format!("-s{s}-c{k}"),
            };
            for (stem, lang, text) in &src.chapters {
                let stem = if suffix.is_empty() {
                    stem.clone()
                } else {
                    format!("c{k:04}-s{si}-{stem}")
                };
                let text = rename_chapter(text, &src.ids, &suffix);
                write(&chapters_dir.join(format!("{stem}.{lang}.md")), &text)?;
                n_chapters += 1;
            }
            if let Some(t) = &src.targets {
                let (entries, n) = rename_targets(t, &src.ids, &src.chapter_ids, &suffix);
                targets.push_str(&entries);
                n_targets += n;
            }
            if let Some(l) = &src.lock {
                lock.push_str(&rename_lock(l, &src.ids, &suffix));
            }
        }
    }
    if sources.iter().any(|s| s.targets.is_some()) {
        write(&out.join("targets.yaml"), &format!("targets:\n{targets}"))?;
    }
    if sources.iter().any(|s| s.lock.is_some()) {
        write(&out.join("translations.lock"), &lock)?;
    }
    Ok((n_chapters, n_targets))
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
    let mut chapter_ids = BTreeSet::new();
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
        if let Some(id) = front_matter_id(&text) {
            ids.insert(id.to_string());
            chapter_ids.insert(id.to_string());
        }
        let mut rest = text.as_str();
        while let Some(i) = rest.find("{#") {
            rest = &rest[i + 2..];
            let id = id_prefix(rest);
            if !id.is_empty() && rest[id.len()..].starts_with('}') {
                ids.insert(id.to_string());
            }
        }
        chapters.push((stem.to_string(), lang.to_string(), text));
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
    Ok(Source {
        dir: dir.to_path_buf(),
        chapters,
        targets,
        lock,
        ids,
        chapter_ids,
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

fn front_matter_id(text: &str) -> Option<&str> {
    let body = text.strip_prefix("---\n")?;
    body.lines()
        .take_while(|l| l.trim_end() != "---")
        .find_map(|l| yaml_value(l, "id").filter(|_| l.starts_with("id")))
}

/// Renames the IDs of a chapter file: front matter `id:`, heading `{#id}`, tags
/// `](target:id)` / `](mention:id)` / `](baseline:id)`.
fn rename_chapter(text: &str, ids: &BTreeSet<String>, suffix: &str) -> String {
    if suffix.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 256);
    let mut in_front = text.starts_with("---\n");
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if in_front {
            if n > 0 && line.trim_end() == "---" {
                in_front = false;
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

/// The list entries of a `targets:` file with IDs (and chapter areas) renamed; and their number.
fn rename_targets(
    text: &str,
    ids: &BTreeSet<String>,
    chapter_ids: &BTreeSet<String>,
    suffix: &str,
) -> (String, usize) {
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
        let renamed = [("id", ids), ("area", chapter_ids)]
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
        for (stem, _, text) in src.chapters.iter().filter(|(_, l, _)| l == lang) {
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
