//! The files of the plan skeleton, and putting them on disk safely.
//!
//! [`render`] is pure: same document, same bytes (files sorted by path, no timestamps).
//! [`write_plan`] writes into a fresh temporary folder next to the output and renames into place,
//! so a failure never leaves a half-written plan.

use super::boilerplate::Front;
use super::ids;
use super::registry::{Entry, Tagged, Val};
use super::structure::{Block, Chapter, Doc, Item, TableBlock, PREAMBLE_ID};
use super::{ImportError, Imported};
use std::fs;
use std::path::{Path, PathBuf};

/// The comment line that lets YAML-aware editors validate a file against its schema (the copy
/// written into the plan's own `schemas/`).
fn schema_line(name: &str) -> String {
    crate::source::schema_line(name)
}

/// A YAML scalar that reads back as the same string (see `source::yaml::scalar`).
pub(super) fn yaml_scalar(s: &str) -> String {
    crate::source::yaml::scalar(s)
}

/// `{zh: …, en: ""}`
fn zh_only(zh: &str) -> String {
    format!("{{zh: {}}}", yaml_scalar(zh))
}

/// The plan's ID: the pinyin of its title (all syllables), at most 64 characters.
fn plan_id(title: &str) -> String {
    let full = ids::slug_n(title, usize::MAX);
    let mut id = String::new();
    for token in full.split('-') {
        if !id.is_empty() && id.len() + 1 + token.len() > 64 {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(token);
    }
    if id.is_empty() {
        "plan".to_string()
    } else {
        id
    }
}

fn render_plan_yaml(front: &Front, doc: &Doc) -> String {
    let mut y = schema_line("plan");
    y.push_str(
        "# Written by `plandoc import`: the plan in Chinese alone. To publish it in English too,\n# add `en` to `languages` and an `en:` beside every `zh:`; `plandoc check` lists what is missing.\n",
    );
    y.push_str(&format!("id: {}\n", yaml_scalar(&plan_id(&front.title))));
    y.push_str(&format!("title: {}\n", zh_only(&front.title)));
    y.push_str(&format!("issuer: {}\n", zh_only(&front.issuer)));
    // ISO dates are written plain, as in docs/format.md; an unknown date is an empty string
    // that `plandoc check` reports.
    if front.issue_date.is_empty() {
        y.push_str("issue_date: \"\"\n");
    } else {
        y.push_str(&format!("issue_date: {}\n", front.issue_date));
    }
    if let Some(e) = &front.edition {
        y.push_str(&format!("edition: {}\n", zh_only(e)));
    }
    y.push_str("languages: [zh]\n");
    y.push_str("authoritative: zh\n");
    if let Some(n) = &front.notice {
        y.push_str("notice:\n");
        y.push_str(&format!("  addressees: {}\n", zh_only(&n.addressees)));
        y.push_str(&format!("  body: {}\n", zh_only(&n.body)));
        y.push_str(&format!("  office: {}\n", zh_only(&n.office)));
        y.push_str(&format!("  date: {}\n", zh_only(&n.date)));
        if let Some(d) = &n.disclosure {
            y.push_str(&format!("  disclosure: {}\n", zh_only(d)));
        }
    }
    y.push_str("site:\n  base_url: /\n");
    if !doc.parts.is_empty() {
        y.push_str("parts:\n");
        for p in &doc.parts {
            y.push_str(&format!(
                "  - id: {}\n    title: {}\n",
                yaml_scalar(&p.id),
                zh_only(&p.title)
            ));
        }
    }
    y
}

/// Escapes what CommonMark would read as markup; `tildes` when the block holds a `~~`-able pair.
fn escape_inline(s: &str, tildes: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' => true,
            '~' => tildes,
            '&' => {
                // Only what would be read as an entity reference: `&name;` or `&#123;`.
                let rest: String = chars[i + 1..].iter().take(32).collect();
                rest.find(';').is_some_and(|p| {
                    p > 0
                        && rest[..p]
                            .chars()
                            .all(|x| x.is_ascii_alphanumeric() || x == '#')
                })
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Inline text escaped for Markdown (footnote definitions of a .docx).
pub(super) fn escape_text(s: &str) -> String {
    escape_inline(s, s.matches('~').count() >= 2)
}

/// A paragraph: inline escapes plus what would start a list, heading, quote or table at the
/// start of a line.
fn escape_block(s: &str) -> String {
    let tildes = s.matches('~').count() >= 2;
    let mut out = escape_inline(s, tildes);
    if out.starts_with(['#', '>', '-', '+', '=', '|']) {
        out.insert(0, '\\');
    }
    let digits = out.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

fn render_lead(lead: &str, rest: &str) -> String {
    let tildes = lead.matches('~').count() + rest.matches('~').count() >= 2;
    // CommonMark cannot close `**` after punctuation that is followed by a letter
    // (`**一。**以` stays literal), so the lead's closing full stop goes outside.
    let (bold, stop) = match lead.char_indices().last() {
        Some((i, c)) if "。：；！？，".contains(c) => (&lead[..i], &lead[i..]),
        _ => (lead, ""),
    };
    format!(
        "**{}**{}{}",
        escape_inline(bold, tildes),
        stop,
        escape_inline(rest, tildes)
    )
}

/// A table cell: inline escapes, `|` escaped, the target tag around its value.
fn render_cell(text: &str, tag: Option<&Tagged>) -> String {
    let esc = |s: &str| escape_inline(s, false).replace('|', "\\|");
    let body = match tag {
        Some(t) => format!(
            "{}[{}]({}:{}){}",
            esc(&t.before),
            esc(&t.value),
            t.kind,
            t.id,
            esc(&t.after)
        ),
        None => esc(text),
    };
    if body.is_empty() {
        " ".to_string()
    } else {
        body
    }
}

fn render_table(t: &TableBlock) -> String {
    let mut md = if t.table.caption.is_empty() {
        String::new()
    } else {
        format!(
            "Table: {} {{#{}}}\n\n",
            escape_inline(&t.table.caption, false),
            t.id
        )
    };
    let row = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    md.push_str(&row(t
        .table
        .header
        .iter()
        .map(|h| render_cell(h, None))
        .collect()));
    md.push_str(&row(t
        .table
        .header
        .iter()
        .enumerate()
        .map(|(i, _)| match t.table.align.get(i) {
            Some(crate::model::Align::Left) => ":---".to_string(),
            Some(crate::model::Align::Center) => ":---:".to_string(),
            Some(crate::model::Align::Right) => "---:".to_string(),
            _ => "---".to_string(),
        })
        .collect()));
    for (r, cells) in t.table.rows.iter().enumerate() {
        md.push_str(&row(cells
            .cells
            .iter()
            .enumerate()
            .map(|(c, text)| {
                render_cell(
                    text,
                    t.tags
                        .get(r)
                        .and_then(|x| x.get(c))
                        .and_then(Option::as_ref),
                )
            })
            .collect()));
    }
    for n in &t.table.notes {
        md.push('\n');
        md.push_str(&escape_block(n));
        md.push('\n');
    }
    md
}

fn render_block(block: &Block) -> String {
    match block {
        Block::Para(text) => escape_block(text),
        Block::Lead { lead, rest, .. } if lead.is_empty() => escape_block(rest),
        Block::Lead { lead, rest, .. } => render_lead(lead, rest),
        Block::Table(t) => render_table(t).trim_end().to_string(),
        Block::Box(b) => {
            let mut md = format!("> #### {} {{#{}}}\n", escape_inline(&b.title, false), b.id);
            for inner in &b.blocks {
                md.push_str(">\n");
                for line in render_block(inner).lines() {
                    if line.is_empty() {
                        md.push_str(">\n");
                    } else {
                        md.push_str(&format!("> {line}\n"));
                    }
                }
            }
            md.trim_end().to_string()
        }
    }
}

fn render_chapter(
    id: &str,
    title: &str,
    short_title: Option<&str>,
    part: Option<&str>,
    appendix: bool,
    body: &[Item],
) -> String {
    let mut md = String::from("---\n");
    md.push_str(&format!("id: {}\n", yaml_scalar(id)));
    md.push_str(&format!("title: {}\n", yaml_scalar(title)));
    if let Some(s) = short_title {
        md.push_str(&format!("short_title: {}\n", yaml_scalar(s)));
    }
    if let Some(p) = part {
        md.push_str(&format!("part: {}\n", yaml_scalar(p)));
    }
    if appendix {
        md.push_str("kind: appendix\n");
    }
    md.push_str("---\n");
    for item in body {
        match item {
            Item::Block(b) => {
                md.push('\n');
                md.push_str(&render_block(b));
                md.push('\n');
            }
            Item::Heading { level, text, id } => {
                md.push_str(&format!(
                    "\n{} {} {{#{}}}\n",
                    "#".repeat(*level),
                    escape_inline(text, false),
                    id
                ));
            }
        }
    }
    md
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn render_val(v: &Val) -> String {
    let kind = serde_json::to_value(v.kind)
        .ok()
        .and_then(|k| k.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut s = format!("{{year: {}, kind: {kind}", v.year);
    if let Some(x) = v.value {
        s.push_str(&format!(", value: {}", number(x)));
    }
    if let Some(x) = v.max {
        s.push_str(&format!(", max: {}", number(x)));
    }
    if let Some(r) = &v.ratio {
        let parts: Vec<String> = r.iter().map(|x| number(*x)).collect();
        s.push_str(&format!(", ratio: [{}]", parts.join(", ")));
    }
    if let Some(t) = &v.text {
        s.push_str(&format!(", text: {}", zh_only(t)));
    }
    s.push('}');
    s
}

fn render_targets(targets: &[Entry]) -> String {
    let mut y = schema_line("targets");
    if targets.is_empty() {
        y.push_str("targets: []\n");
        return y;
    }
    y.push_str("# Written by `plandoc import` from the plan's indicator table.\n");
    y.push_str("targets:\n");
    for t in targets {
        y.push_str(&format!("  - id: {}\n", yaml_scalar(&t.id)));
        y.push_str(&format!("    indicator: {}\n", zh_only(&t.indicator)));
        y.push_str(&format!("    area: {}\n", yaml_scalar(&t.area)));
        y.push_str(&format!("    unit: {}\n", zh_only(&t.unit)));
        y.push_str(&format!("    nature: {}\n", t.nature));
        if let Some(b) = &t.baseline {
            y.push_str(&format!("    baseline: {}\n", render_val(b)));
        }
        y.push_str(&format!("    target: {}\n", render_val(&t.target)));
    }
    y
}

/// All files of the skeleton, sorted by path.
pub(super) fn render(front: &Front, doc: &Doc) -> Vec<(PathBuf, String)> {
    let mut files = vec![
        (PathBuf::from("plan.yaml"), render_plan_yaml(front, doc)),
        (PathBuf::from("targets.yaml"), render_targets(&doc.targets)),
        (
            PathBuf::from("glossary.yaml"),
            schema_line("glossary") + "terms: []\n",
        ),
    ];
    if !doc.preamble.is_empty() {
        let body: Vec<Item> = doc.preamble.iter().cloned().map(Item::Block).collect();
        files.push((
            PathBuf::from(format!("chapters/00-{PREAMBLE_ID}.zh.md")),
            render_chapter(PREAMBLE_ID, &doc.preamble_title, None, None, false, &body),
        ));
    }
    let width = doc.chapters.len().to_string().len().max(2);
    for (n, c) in doc.chapters.iter().enumerate() {
        let Chapter {
            heading,
            title,
            id,
            part,
            appendix,
            body,
            ..
        } = c;
        files.push((
            PathBuf::from(format!("chapters/{:0width$}-{}.zh.md", n + 1, id)),
            render_chapter(
                id,
                heading,
                title.as_deref(),
                part.as_deref(),
                *appendix,
                body,
            ),
        ));
    }
    files.sort();
    files
}

/// Files that are only written when missing: empty skeletons that an existing plan folder may
/// already fill with real data, which `--force` must not wipe.
const KEEP_IF_PRESENT: [&str; 2] = ["targets.yaml", "glossary.yaml"];

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ImportError + '_ {
    move |error| ImportError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// Writes the imported plan into `out`.
///
/// Refuses with [`ImportError::Exists`] when `out/plan.yaml` or `out/chapters` exists, unless
/// `force`. The files are first written to a temporary folder next to `out`; then either that
/// folder is renamed to `out` (when `out` does not exist) or `plan.yaml` and `chapters/` are
/// swapped in (the old ones are restored if a rename fails). `targets.yaml` and `glossary.yaml`
/// are only written when `out` has none: they are empty skeletons, and never replace real data.
pub fn write_plan(imported: &Imported, out: &Path, force: bool) -> Result<(), ImportError> {
    for name in ["plan.yaml", "chapters"] {
        let p = out.join(name);
        if !force && p.symlink_metadata().is_ok() {
            return Err(ImportError::Exists { path: p });
        }
    }
    if out.exists() && !out.is_dir() {
        return Err(ImportError::Io {
            path: out.to_path_buf(),
            error: std::io::Error::other("exists and is not a folder"),
        });
    }
    let staged = crate::atomic::Staged::beside(out).map_err(io(out))?;
    write_files(imported, staged.path())?;
    // plan.yaml, chapters/ and schemas/ are replaced as they are; the skeleton registry and
    // glossary only go where there are none.
    staged
        .merge_into(
            out,
            &["chapters", crate::source::SCHEMA_DIR],
            &KEEP_IF_PRESENT,
        )
        .map_err(io(out))
}

fn write_files(imported: &Imported, dir: &Path) -> Result<(), ImportError> {
    for (rel, content) in &imported.files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        fs::write(&path, content).map_err(io(&path))?;
    }
    crate::source::write_schemas(dir).map_err(io(&dir.join(crate::source::SCHEMA_DIR)))?;
    Ok(())
}
