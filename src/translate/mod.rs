//! Translation quality: which zh text each en block was translated from (block hashes and the
//! `translations.lock` file), which blocks are current, stale or unrecorded, and the helpers the
//! translation checks share (aligned block pairs, glossary matching, number extraction).
//!
//! The lock maps a block key to the hash of the zh block's plain text (as rendered, so target
//! tags never change it) at the time its translation was reviewed, and to that text itself, so
//! a stale warning can show what changed. `plandoc translate accept`, `translate import` and
//! `plandoc new` write it.

pub mod glossary;
pub mod numbers;
pub mod suggest;

use crate::model::align::{self, Alignment};
use crate::model::{Block, ChapterPair, LockEntry, Plan, Span};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub use crate::source::TRANSLATIONS_LOCK;

/// The hash recorded for a zh block: the first 16 hex digits of the SHA-256 of its plain text.
pub fn hash_text(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The hash of a zh block.
pub fn block_hash(block: &Block) -> String {
    hash_text(&block.text)
}

const LOCK_HEADER: &str = "\
# plandoc translations.lock: for each en block, the hash of the zh block it was translated from.
# Written by `plandoc translate accept`; do not edit by hand. `plandoc check` warns when a zh
# block changes after its translation was accepted, and shows the change against `zh`, the
# text that was accepted.
";

/// The entry recorded when a block's translation is accepted: its hash and its text.
pub fn lock_entry(block: &Block) -> LockEntry {
    LockEntry {
        hash: block_hash(block),
        zh: Some(block.text.clone()),
    }
}

/// The lock file's text: a header comment, then one line per block sorted by key,
/// `key: {hash: "…", zh: "…"}` (an entry of an old lock without its text stays `key: "hash"`).
pub fn render_lock(entries: &BTreeMap<String, LockEntry>) -> String {
    let mut out = String::from(LOCK_HEADER);
    if entries.is_empty() {
        out.push_str("{}\n");
        return out;
    }
    for (key, entry) in entries {
        out.push_str(&crate::source::yaml::scalar(key));
        out.push_str(": ");
        // A JSON string is a YAML double-quoted scalar: every character escaped as YAML reads it.
        let hash = serde_json::to_string(&entry.hash).expect("a string serialises");
        match &entry.zh {
            Some(zh) => {
                let zh = serde_json::to_string(zh).expect("a string serialises");
                out.push_str(&format!("{{hash: {hash}, zh: {zh}}}"));
            }
            None => out.push_str(&hash),
        }
        out.push('\n');
    }
    out
}

/// Parses the lock file's text (the inverse of [`render_lock`]; reads old locks too).
pub fn parse_lock(text: &str) -> Result<BTreeMap<String, LockEntry>, String> {
    let value: Option<BTreeMap<String, LockEntry>> =
        serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    Ok(value.unwrap_or_default())
}

/// The lock that records every pairable block of the plan as translated from its current zh
/// text: what `plandoc new` writes, so a fresh scaffold has no stale or unrecorded block.
pub fn lock_of_current(plan: &Plan) -> BTreeMap<String, LockEntry> {
    block_pairs(plan)
        .iter()
        .flat_map(|(_, pairs)| pairs.iter())
        .map(|p| (p.zh.key.clone(), lock_entry(p.zh)))
        .collect()
}

/// Writes the lock atomically: a temporary file in the plan folder, renamed over the old one.
pub fn write_lock(plan_dir: &Path, entries: &BTreeMap<String, LockEntry>) -> std::io::Result<()> {
    crate::atomic::write_file(
        &plan_dir.join(TRANSLATIONS_LOCK),
        render_lock(entries).as_bytes(),
    )
}

/// Can the zh and en blocks of a chapter be paired by key? Both files parsed and their
/// skeletons aligned (`model::align`); an en file may still lack whole sections. When not,
/// `check` reports the skeleton problem and the translation passes stay quiet.
pub fn aligned(pair: &ChapterPair) -> bool {
    match (&pair.zh, &pair.en) {
        (Some(zh), Some(en)) => matches!(align::align(zh, en), Alignment::Aligned { .. }),
        _ => false,
    }
}

/// A zh block and its en translation.
#[derive(Debug, Clone, Copy)]
pub struct BlockPair<'a> {
    pub zh: &'a Block,
    pub en: &'a Block,
}

/// Block keys used more than once in the zh text (duplicate heading IDs): such blocks cannot be
/// tracked and are left to the duplicate-ID diagnostic.
fn duplicate_keys(plan: &Plan) -> HashMap<&str, usize> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for ch in plan.chapters.iter().filter_map(|p| p.zh.as_ref()) {
        for b in &ch.blocks {
            *count.entry(b.key.as_str()).or_default() += 1;
        }
    }
    count.retain(|_, n| *n > 1);
    count
}

/// The block pairs of every aligned chapter, by chapter; empty blocks and blocks with an
/// ambiguous key are left out.
pub fn block_pairs(plan: &Plan) -> Vec<(&ChapterPair, Vec<BlockPair<'_>>)> {
    let dups = duplicate_keys(plan);
    plan.chapters
        .iter()
        .filter(|p| aligned(p))
        .map(|p| {
            let (zh, en) = (
                p.zh.as_ref().expect("aligned"),
                p.en.as_ref().expect("aligned"),
            );
            let en_blocks: HashMap<&str, &Block> =
                en.blocks.iter().map(|b| (b.key.as_str(), b)).collect();
            let pairs = zh
                .blocks
                .iter()
                .filter_map(|z| en_blocks.get(z.key.as_str()).map(|e| (z, *e)))
                .filter(|(z, e)| {
                    !z.text.trim().is_empty()
                        && !e.text.trim().is_empty()
                        && !dups.contains_key(z.key.as_str())
                })
                .map(|(zh, en)| BlockPair { zh, en })
                .collect();
            (p, pairs)
        })
        .collect()
}

/// Where the translation of one block stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockState {
    /// The lock records the zh text's current hash.
    Current,
    /// The zh text changed after the translation was accepted; `accepted` is the zh text
    /// then, when the lock kept it.
    Stale {
        recorded: String,
        current: String,
        accepted: Option<String>,
    },
    /// The lock has no entry for the block.
    Unrecorded,
}

pub fn block_state(plan: &Plan, pair: &BlockPair) -> BlockState {
    let current = block_hash(pair.zh);
    match plan.translations.get(&pair.zh.key) {
        Some(recorded) if recorded.hash == current => BlockState::Current,
        Some(recorded) => BlockState::Stale {
            recorded: recorded.hash.clone(),
            current,
            accepted: recorded.zh.clone(),
        },
        None => BlockState::Unrecorded,
    }
}

/// The span of `needle` inside a block's source (the first occurrence), or the whole block when
/// the source spells it differently (markup in between).
pub fn find_in_block(plan: &Plan, block: &Block, needle: &str) -> Span {
    find_in_span(plan, block.span, needle)
}

/// The span of `needle` inside `span` (the first occurrence), or `span` itself.
pub fn find_in_span(plan: &Plan, span: Span, needle: &str) -> Span {
    let text = &plan.sources.file(span.file).text;
    let (start, end) = (span.start.min(text.len()), span.end.min(text.len()));
    match text.get(start..end).and_then(|s| s.find(needle)) {
        Some(i) if !needle.is_empty() => Span::new(span.file, start + i, start + i + needle.len()),
        _ => span,
    }
}

/// What changed between the accepted and the current text of a block: the differing middle of
/// each (`None` when nothing is there: a pure insertion or deletion), and both with a few
/// characters of context either side, the change in brackets:
/// `…达到[1400]亿元…` → `…达到[1500]亿元…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub old: String,
    pub new: String,
    /// The changed part of the new text, for an underline.
    pub inserted: String,
    /// The changed part and the few characters after it: where to look for it in the source.
    pub anchor: String,
}

pub fn describe_change(old: &str, new: &str) -> Change {
    const CONTEXT: usize = 8;
    let (a, b): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let show = |t: &[char]| {
        let start = prefix.saturating_sub(CONTEXT);
        let end = (t.len() - suffix + CONTEXT).min(t.len());
        let mut out = String::new();
        if start > 0 {
            out.push('…');
        }
        out.extend(&t[start..prefix]);
        out.push('[');
        out.extend(&t[prefix..t.len() - suffix]);
        out.push(']');
        out.extend(&t[t.len() - suffix..end]);
        if end < t.len() {
            out.push('…');
        }
        out
    };
    Change {
        old: show(&a),
        new: show(&b),
        inserted: b[prefix..b.len() - suffix].iter().collect(),
        anchor: b[prefix..(b.len() - suffix + 4).min(b.len())]
            .iter()
            .collect(),
    }
}

/// The first words of a block's source, for an underline that points at a block without
/// covering the whole paragraph: up to the end of the first line and at most about 40
/// characters, cut after a word.
pub fn lead_span(plan: &Plan, span: Span) -> Span {
    const MAX: usize = 40;
    let text = &plan.sources.file(span.file).text;
    let (start, end) = (span.start.min(text.len()), span.end.min(text.len()));
    let Some(s) = text.get(start..end) else {
        return span;
    };
    let line = s.find('\n').map_or(s, |i| &s[..i]);
    if line.chars().count() <= MAX {
        return Span::new(span.file, start, start + line.len());
    }
    let mut cut = line.char_indices().nth(MAX).map_or(line.len(), |(i, _)| i);
    // Latin text: end at the next space; Chinese text has none, so the cut stands.
    if let Some(sp) = line[cut..].find(' ').filter(|&i| i < 20) {
        cut += sp;
    }
    Span::new(span.file, start, start + line[..cut].trim_end().len())
}

/// A zh text and its en translation: a block, a heading or a chapter title. The glossary and
/// number checks read all three; translation tracking covers blocks.
#[derive(Debug, Clone)]
pub struct TextPair<'a> {
    /// What it is, for messages: ``block `basis.1` ``, ``heading `goals` ``.
    pub what: String,
    pub zh: &'a str,
    pub en: &'a str,
    pub zh_span: Span,
    pub en_span: Span,
}

/// Every translated text of the aligned chapters: titles, headings and blocks, in order.
pub fn text_pairs(plan: &Plan) -> Vec<TextPair<'_>> {
    let mut out = Vec::new();
    for (chapter, blocks) in block_pairs(plan) {
        let (zh, en) = (
            chapter.zh.as_ref().expect("aligned"),
            chapter.en.as_ref().expect("aligned"),
        );
        // The title's span covers `title:`; widen it to the line.
        let line = |span: Span| {
            let text = &plan.sources.file(span.file).text;
            let start = span.start.min(text.len());
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            Span::new(span.file, start, end)
        };
        out.push(TextPair {
            what: format!("title of chapter `{}`", zh.id),
            zh: &zh.title,
            en: &en.title,
            zh_span: line(zh.title_span),
            en_span: line(en.title_span),
        });
        let en_headings: HashMap<Option<&str>, &crate::model::Heading> =
            en.headings.iter().map(|h| (h.id.as_deref(), h)).collect();
        for (z, e) in zh
            .headings
            .iter()
            .filter_map(|z| en_headings.get(&z.id.as_deref()).map(|e| (z, *e)))
        {
            out.push(TextPair {
                what: format!("heading `{}`", z.id.as_deref().unwrap_or_default()),
                zh: &z.text,
                en: &e.text,
                zh_span: z.span,
                en_span: e.span,
            });
        }
        for b in blocks {
            out.push(TextPair {
                what: format!("block `{}`", b.zh.key),
                zh: &b.zh.text,
                en: &b.en.text,
                zh_span: b.zh.span,
                en_span: b.en.span,
            });
        }
    }
    out
}

/// A block whose zh text changed after its translation was accepted, for
/// `translate status --stale`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StaleBlock {
    pub key: String,
    pub chapter: String,
    /// `file:line` of the en block to review.
    pub en: String,
    /// `file:line` of the zh block.
    pub zh: String,
    /// The change in the zh text (`…[old]…` → `…[new]…`); `None` when the lock predates
    /// recording the accepted text.
    pub was: Option<String>,
    pub now: Option<String>,
}

/// Every stale block of the plan, in file order.
pub fn stale_blocks(plan: &Plan) -> Vec<StaleBlock> {
    let place = |span: Span| {
        let (line, _) = plan.sources.line_col(span.file, span.start);
        format!("{}:{line}", plan.sources.file(span.file).path.display())
    };
    let mut out = Vec::new();
    for (chapter, pairs) in block_pairs(plan) {
        for p in pairs {
            if let BlockState::Stale { accepted, .. } = block_state(plan, &p) {
                let change = accepted.map(|old| describe_change(&old, &p.zh.text));
                out.push(StaleBlock {
                    key: p.zh.key.clone(),
                    chapter: chapter.id().to_string(),
                    en: place(p.en.span),
                    zh: place(p.zh.span),
                    was: change.as_ref().map(|c| c.old.clone()),
                    now: change.map(|c| c.new),
                });
            }
        }
    }
    out
}

/// Translation status of one chapter.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ChapterStatus {
    pub id: String,
    /// File stem, e.g. `01-foundation`.
    pub stem: String,
    /// Blocks in the zh text.
    pub blocks: usize,
    /// Blocks whose en text is present and recorded against the current zh text.
    pub translated: usize,
    pub stale: usize,
    pub unrecorded: usize,
    /// `translated / blocks` in percent (100 for a chapter without blocks).
    pub coverage: f64,
    /// False when the zh and en skeletons differ: nothing can be paired until that is fixed.
    pub aligned: bool,
}

/// The status of every chapter, in file order, and the plan's total.
pub fn status(plan: &Plan) -> (Vec<ChapterStatus>, ChapterStatus) {
    let pairs = block_pairs(plan);
    let mut rows = Vec::new();
    for p in &plan.chapters {
        let blocks = p.zh.as_ref().map_or(0, |c| c.blocks.len());
        let mut row = ChapterStatus {
            id: p.id().to_string(),
            stem: p.stem.clone(),
            blocks,
            translated: 0,
            stale: 0,
            unrecorded: 0,
            coverage: 0.0,
            aligned: false,
        };
        match pairs.iter().find(|(c, _)| std::ptr::eq(*c, p)) {
            Some((_, bp)) => {
                row.aligned = true;
                for b in bp {
                    match block_state(plan, b) {
                        BlockState::Current => row.translated += 1,
                        BlockState::Stale { .. } => row.stale += 1,
                        BlockState::Unrecorded => row.unrecorded += 1,
                    }
                }
                // Blocks left out of the pairs (empty, ambiguous) count as unrecorded.
                row.unrecorded += blocks - bp.len();
            }
            None => row.unrecorded = blocks,
        }
        row.coverage = coverage(row.translated, row.blocks);
        rows.push(row);
    }
    let mut total = ChapterStatus {
        id: "total".into(),
        stem: String::new(),
        blocks: rows.iter().map(|r| r.blocks).sum(),
        translated: rows.iter().map(|r| r.translated).sum(),
        stale: rows.iter().map(|r| r.stale).sum(),
        unrecorded: rows.iter().map(|r| r.unrecorded).sum(),
        coverage: 0.0,
        aligned: rows.iter().all(|r| r.aligned),
    };
    total.coverage = coverage(total.translated, total.blocks);
    (rows, total)
}

fn coverage(translated: usize, blocks: usize) -> f64 {
    if blocks == 0 {
        100.0
    } else {
        (translated as f64 * 1000.0 / blocks as f64).round() / 10.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_sha256_prefix() {
        // sha256("") = e3b0c442 98fc1c14 …
        assert_eq!(hash_text(""), "e3b0c44298fc1c14");
        assert_eq!(hash_text("abc"), "ba7816bf8f01cfea");
        assert_eq!(hash_text("服务业").len(), 16);
        assert_ne!(hash_text("服务业"), hash_text("服务业。"));
    }

    #[test]
    fn lock_round_trips() {
        let e = |hash: &str, zh: Option<&str>| LockEntry {
            hash: hash.to_string(),
            zh: zh.map(String::from),
        };
        let mut m = BTreeMap::new();
        m.insert("goals.1".to_string(), e("0123456789012345", None));
        m.insert(
            "basis.2".to_string(),
            e("1e10000000000000", Some("“十四五”: 引号\\与\"转义\"\n")),
        );
        m.insert(
            "2021-review.1".to_string(),
            e("abcdefabcdefabcd", Some("正文")),
        );
        let text = render_lock(&m);
        assert!(text.starts_with("# plandoc translations.lock"));
        // Sorted by key, hashes quoted (an all-digit hash must not read back as a number).
        let body: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            body,
            [
                "\"2021-review.1\": {hash: \"abcdefabcdefabcd\", zh: \"正文\"}",
                "basis.2: {hash: \"1e10000000000000\", zh: \"“十四五”: 引号\\\\与\\\"转义\\\"\\n\"}",
                "goals.1: \"0123456789012345\""
            ]
        );
        assert_eq!(parse_lock(&text).unwrap(), m);
        let empty = render_lock(&BTreeMap::new());
        assert_eq!(parse_lock(&empty).unwrap(), BTreeMap::new());
    }

    #[test]
    fn change_shows_the_differing_words() {
        let c = describe_change(
            "服务业增加值达到1400亿元，占比提高。",
            "服务业增加值达到1500亿元，占比提高。",
        );
        assert_eq!(c.old, "…务业增加值达到1[4]00亿元，占比提…");
        assert_eq!(c.new, "…务业增加值达到1[5]00亿元，占比提…");
        assert_eq!(c.inserted, "5");
        let d = describe_change("建设园区。", "建设物流园区。");
        assert_eq!(
            (d.old.as_str(), d.new.as_str()),
            ("建设[]园区。", "建设[物流]园区。")
        );
        let e = describe_change("abc", "abc");
        assert_eq!(e.inserted, "");
    }

    #[test]
    fn lock_reads_old_entries() {
        let m =
            parse_lock("a.1: \"0123456789abcdef\"\nb.1: {hash: \"x\", zh: \"正文\"}\n").unwrap();
        assert_eq!(m["a.1"].zh, None);
        assert_eq!(m["b.1"].zh.as_deref(), Some("正文"));
    }

    #[test]
    fn lock_is_written_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = BTreeMap::new();
        let e = |t: &str| LockEntry {
            hash: hash_text(t),
            zh: Some(t.to_string()),
        };
        m.insert("a.1".to_string(), e("x"));
        write_lock(dir.path(), &m).unwrap();
        m.insert("a.2".to_string(), e("y"));
        write_lock(dir.path(), &m).unwrap();
        let text = std::fs::read_to_string(dir.path().join(TRANSLATIONS_LOCK)).unwrap();
        assert_eq!(parse_lock(&text).unwrap(), m);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");
    }
}
