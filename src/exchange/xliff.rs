//! XLIFF 2.1 for CAT tools (Trados, memoQ, OmegaT): one `<file>` per chapter, one `<unit>` per
//! block (its key is the unit ID), the zh block as `<source>` and the en block as `<target>`.
//!
//! The Markdown a translator must not touch becomes inline codes: a target tag
//! `[1500亿元](target:va-total)` is a `<pc>` whose start and end markup (`[`, `](target:va-total)`)
//! live in the unit's `<originalData>` and that may be neither deleted nor copied, so the
//! translator translates the words inside and the tool protects the tag; bold markers (`**`),
//! footnote references (`[^1]`) and line breaks are `<ph>` placeholders. Reading a target back
//! puts the original markup in place of each code, so an untouched file gives the en text back
//! byte for byte.
//!
//! States come from translations.lock: a block whose translation was accepted against the
//! current zh text is `final`; one whose zh text changed since (stale) or was never accepted is
//! `translated` with `subState="plandoc:needs-review"`; a block with no English yet is
//! `initial` and has no target.

use crate::model::{Block, Plan};
use crate::translate::{self, BlockState};
use quick_xml::escape::{escape, partial_escape};
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// One piece of a block's Markdown: text to translate, or markup to protect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// A link or target tag: `[` … `](target:id)`, with the text inside.
    Paired {
        start: String,
        end: String,
        inner: String,
    },
    /// Markup that stands alone: `**`, `[^1]`, a line break with its `> ` prefix.
    Standalone(String),
}

/// Splits a block's Markdown source into pieces; joining them again gives the source back.
pub fn pieces(src: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut text = String::new();
    let b = src.as_bytes();
    let mut i = 0;
    let flush = |text: &mut String, out: &mut Vec<Piece>| {
        if !text.is_empty() {
            out.push(Piece::Text(std::mem::take(text)));
        }
    };
    while i < src.len() {
        let rest = &src[i..];
        if rest.starts_with('\\') && rest.len() > 1 {
            // An escaped character stays with the text, escape included.
            let c = rest[1..].chars().next().expect("not empty");
            text.push('\\');
            text.push(c);
            i += 1 + c.len_utf8();
            continue;
        }
        if rest.starts_with("**") || rest.starts_with("__") {
            flush(&mut text, &mut out);
            out.push(Piece::Standalone(rest[..2].to_string()));
            i += 2;
            continue;
        }
        if rest.starts_with("[^") {
            if let Some(close) = rest.find(']') {
                flush(&mut text, &mut out);
                out.push(Piece::Standalone(rest[..=close].to_string()));
                i += close + 1;
                continue;
            }
        }
        if b[i] == b'[' {
            if let Some((inner_len, end_len)) = link_at(rest) {
                flush(&mut text, &mut out);
                out.push(Piece::Paired {
                    start: "[".into(),
                    inner: rest[1..1 + inner_len].to_string(),
                    end: rest[1 + inner_len..1 + inner_len + end_len].to_string(),
                });
                i += 1 + inner_len + end_len;
                continue;
            }
        }
        if b[i] == b'\n' {
            // The line break and the prefix of the next line (`> ` in a box, indentation).
            let prefix = rest[1..]
                .bytes()
                .take_while(|c| matches!(c, b' ' | b'>' | b'\t'))
                .count();
            flush(&mut text, &mut out);
            out.push(Piece::Standalone(rest[..1 + prefix].to_string()));
            i += 1 + prefix;
            continue;
        }
        let c = rest.chars().next().expect("not empty");
        text.push(c);
        i += c.len_utf8();
    }
    flush(&mut text, &mut out);
    out
}

/// `[inner](dest)` at the start of `s`: the length of `inner` and of `](dest)`.
fn link_at(s: &str) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut close = None;
    for (j, c) in s.char_indices().skip(1) {
        match c {
            '[' => depth += 1,
            ']' if depth == 0 => {
                close = Some(j);
                break;
            }
            ']' => depth -= 1,
            '\n' => return None,
            _ => {}
        }
    }
    let close = close?;
    let after = &s[close + 1..];
    if !after.starts_with('(') {
        return None;
    }
    let paren = after.find(')')?;
    if after[..paren].contains(char::is_whitespace) {
        return None;
    }
    Some((close - 1, paren + 2))
}

/// Joins pieces into Markdown.
pub fn join(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) | Piece::Standalone(t) => out.push_str(t),
            Piece::Paired { start, end, inner } => {
                out.push_str(start);
                out.push_str(inner);
                out.push_str(end);
            }
        }
    }
    out
}

/// The markup strings of a unit, each with its data ID (`d1`, `d2` …).
#[derive(Default)]
struct DataRefs {
    ids: BTreeMap<String, String>,
    order: Vec<String>,
}

impl DataRefs {
    fn id(&mut self, markup: &str) -> String {
        if let Some(id) = self.ids.get(markup) {
            return id.clone();
        }
        let id = format!("d{}", self.order.len() + 1);
        self.ids.insert(markup.to_string(), id.clone());
        self.order.push(markup.to_string());
        id
    }
}

/// Code IDs: the n-th occurrence of the same markup gets the same ID in source and target.
#[derive(Default)]
struct CodeIds {
    seen: BTreeMap<String, Vec<String>>,
    next: usize,
}

impl CodeIds {
    fn id(&mut self, key: &str, occurrence: usize) -> String {
        let ids = self.seen.entry(key.to_string()).or_default();
        while ids.len() <= occurrence {
            self.next += 1;
            ids.push(self.next.to_string());
        }
        ids[occurrence].clone()
    }
}

fn write_content(out: &mut String, pieces: &[Piece], data: &mut DataRefs, codes: &mut CodeIds) {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&partial_escape(t.as_str())),
            Piece::Standalone(m) => {
                let n = count.entry(m.clone()).or_default();
                let id = codes.id(m, *n);
                *n += 1;
                let d = data.id(m);
                let _ = write!(
                    out,
                    r#"<ph id="{id}" dataRef="{d}" canDelete="no" canCopy="no"/>"#
                );
            }
            Piece::Paired { start, end, inner } => {
                let key = format!("{start}\u{0}{end}");
                let n = count.entry(key.clone()).or_default();
                let id = codes.id(&key, *n);
                *n += 1;
                let (ds, de) = (data.id(start), data.id(end));
                let _ = write!(
                    out,
                    r#"<pc id="{id}" dataRefStart="{ds}" dataRefEnd="{de}" canDelete="no" canCopy="no" canOverlap="no">{}</pc>"#,
                    partial_escape(inner.as_str())
                );
            }
        }
    }
}

/// The Markdown source of a block.
pub fn block_source<'a>(plan: &'a Plan, block: &Block) -> &'a str {
    let text = &plan.sources.file(block.span.file).text;
    text.get(block.span.start..block.span.end).unwrap_or("")
}

/// The plan's blocks as an XLIFF 2.1 document.
pub fn export(plan: &Plan) -> String {
    let pairs = translate::block_pairs(plan);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        r#"<xliff xmlns="{NAMESPACE}" version="2.1" srcLang="zh" trgLang="en">"#
    );
    for chapter in &plan.chapters {
        let Some(zh) = &chapter.zh else { continue };
        let en_of: BTreeMap<&str, &translate::BlockPair> = pairs
            .iter()
            .filter(|(c, _)| std::ptr::eq(*c, chapter))
            .flat_map(|(_, p)| p.iter())
            .map(|p| (p.zh.key.as_str(), p))
            .collect();
        let _ = writeln!(
            out,
            r#"  <file id="{}" original="chapters/{}.zh.md">"#,
            escape(chapter.stem.as_str()),
            escape(chapter.stem.as_str())
        );
        for block in &zh.blocks {
            let pair = en_of.get(block.key.as_str());
            let mut data = DataRefs::default();
            let mut codes = CodeIds::default();
            let mut source = String::new();
            write_content(
                &mut source,
                &pieces(block_source(plan, block)),
                &mut data,
                &mut codes,
            );
            let mut target = String::new();
            if let Some(p) = pair {
                write_content(
                    &mut target,
                    &pieces(block_source(plan, p.en)),
                    &mut data,
                    &mut codes,
                );
            }
            let state = match pair.map(|p| translate::block_state(plan, p)) {
                None => r#"state="initial""#,
                Some(BlockState::Current) => r#"state="final""#,
                Some(_) => r#"state="translated" subState="plandoc:needs-review""#,
            };
            let _ = writeln!(out, r#"    <unit id="{}">"#, escape(block.key.as_str()));
            if !data.order.is_empty() {
                out.push_str("      <originalData>\n");
                for m in &data.order {
                    let _ = writeln!(
                        out,
                        r#"        <data id="{}">{}</data>"#,
                        data.ids[m],
                        partial_escape(m.as_str())
                    );
                }
                out.push_str("      </originalData>\n");
            }
            let _ = writeln!(out, r#"      <segment {state}>"#);
            let _ = writeln!(
                out,
                r#"        <source xml:space="preserve">{source}</source>"#
            );
            if pair.is_some() {
                let _ = writeln!(
                    out,
                    r#"        <target xml:space="preserve">{target}</target>"#
                );
            }
            out.push_str("      </segment>\n    </unit>\n");
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

/// One unit read back from an XLIFF file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: String,
    /// The source as Markdown (codes replaced by their markup).
    pub source: String,
    /// The target as Markdown; `None` when the unit has no target.
    pub target: Option<String>,
    pub state: Option<String>,
}

/// Reads the units of an XLIFF 2.x file.
pub fn read(text: &str) -> Result<Vec<Unit>, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut units = Vec::new();
    let mut version_ok = false;
    // The unit being read.
    let mut id: Option<String> = None;
    let mut data: BTreeMap<String, String> = BTreeMap::new();
    let mut data_id: Option<String> = None;
    let mut state: Option<String> = None;
    let mut source: Option<String> = None;
    let mut target: Option<String> = None;
    // Inside <source> or <target>: the Markdown so far, and the end markup of open <pc>s.
    let mut content: Option<(bool, String)> = None;
    let mut open_pc: Vec<String> = Vec::new();
    let mut seen_segments = 0;
    let err = |reader: &quick_xml::Reader<&[u8]>, e: String| {
        let pos = reader.buffer_position() as usize;
        let line = text[..pos.min(text.len())].matches('\n').count() + 1;
        format!("line {line}: {e}")
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| err(&reader, e.to_string()))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let attr = |key: &str| -> Result<Option<String>, String> {
                    match e.try_get_attribute(key) {
                        Ok(Some(a)) => a
                            .unescape_value()
                            .map(|v| Some(v.into_owned()))
                            .map_err(|x| x.to_string()),
                        Ok(None) => Ok(None),
                        Err(x) => Err(x.to_string()),
                    }
                };
                let attr = |key: &str| attr(key).map_err(|x| err(&reader, x));
                match name.as_str() {
                    "xliff" => {
                        let v = attr("version")?.unwrap_or_default();
                        if !v.starts_with("2.") {
                            return Err(err(
                                &reader,
                                format!("XLIFF version `{v}`: plandoc reads XLIFF 2.0 and 2.1"),
                            ));
                        }
                        version_ok = true;
                    }
                    "unit" => {
                        id = Some(
                            attr("id")?
                                .ok_or_else(|| err(&reader, "a unit without `id`".into()))?,
                        );
                        data.clear();
                        state = None;
                        source = None;
                        target = None;
                        seen_segments = 0;
                    }
                    "data" => data_id = attr("id")?,
                    "segment" => {
                        seen_segments += 1;
                        if seen_segments > 1 {
                            return Err(err(
                                &reader,
                                format!(
                                    "unit `{}` has more than one segment: join them (plandoc translates a block as one segment)",
                                    id.clone().unwrap_or_default()
                                ),
                            ));
                        }
                        state = attr("state")?;
                    }
                    "source" | "target" if !empty => {
                        content = Some((name == "target", String::new()));
                        open_pc.clear();
                    }
                    "source" | "target" => {
                        if name == "target" {
                            target = Some(String::new());
                        } else {
                            source = Some(String::new());
                        }
                    }
                    "ph" | "pc" | "sc" | "ec" if content.is_some() => {
                        let lookup = |key: &str| -> Result<String, String> {
                            let d = attr(key)?.ok_or_else(|| {
                                err(
                                    &reader,
                                    format!(
                                        "<{name}> without `{key}` in unit `{}`",
                                        id.clone().unwrap_or_default()
                                    ),
                                )
                            })?;
                            data.get(&d).cloned().ok_or_else(|| {
                                err(
                                    &reader,
                                    format!(
                                        "unit `{}`: code data `{d}` is not in <originalData>",
                                        id.clone().unwrap_or_default()
                                    ),
                                )
                            })
                        };
                        match name.as_str() {
                            "ph" => {
                                let m = lookup("dataRef")?;
                                content.as_mut().expect("inside").1.push_str(&m);
                            }
                            "pc" => {
                                let (start, end) = (lookup("dataRefStart")?, lookup("dataRefEnd")?);
                                let buf = &mut content.as_mut().expect("inside").1;
                                buf.push_str(&start);
                                if empty {
                                    buf.push_str(&end);
                                } else {
                                    open_pc.push(end);
                                }
                            }
                            _ => {
                                return Err(err(
                                    &reader,
                                    format!("unit `{}`: <{name}> (a split code) is not used by plandoc; keep the codes as exported", id.clone().unwrap_or_default()),
                                ))
                            }
                        }
                    }
                    "mrk" | "sm" | "em" => {} // annotations: their content is kept, the marker dropped
                    _ => {}
                }
            }
            Event::End(ref e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                match name.as_str() {
                    "data" => data_id = None,
                    "pc" if content.is_some() => {
                        let end = open_pc.pop().unwrap_or_default();
                        content.as_mut().expect("inside").1.push_str(&end);
                    }
                    "source" | "target" => {
                        if let Some((is_target, buf)) = content.take() {
                            if is_target {
                                target = Some(buf);
                            } else {
                                source = Some(buf);
                            }
                        }
                    }
                    "unit" => {
                        let uid = id.take().unwrap_or_default();
                        units.push(Unit {
                            source: source.take().ok_or_else(|| {
                                err(&reader, format!("unit `{uid}` has no <source>"))
                            })?,
                            target: target.take(),
                            state: state.take(),
                            id: uid,
                        });
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|e| err(&reader, e.to_string()))?;
                push_text(&mut content, &mut data, &data_id, &s);
            }
            Event::CData(t) => {
                let s = t.decode().map_err(|e| err(&reader, e.to_string()))?;
                push_text(&mut content, &mut data, &data_id, &s);
            }
            Event::GeneralRef(r) => {
                let s = match r
                    .resolve_char_ref()
                    .map_err(|e| err(&reader, e.to_string()))?
                {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().map_err(|e| err(&reader, e.to_string()))?;
                        match name.as_ref() {
                            "amp" => "&".into(),
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "quot" => "\"".into(),
                            "apos" => "'".into(),
                            other => {
                                return Err(err(&reader, format!("unknown entity `&{other};`")))
                            }
                        }
                    }
                };
                push_text(&mut content, &mut data, &data_id, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !version_ok {
        return Err("not an XLIFF 2 file: no <xliff version=\"2.x\"> element".into());
    }
    Ok(units)
}

fn push_text(
    content: &mut Option<(bool, String)>,
    data: &mut BTreeMap<String, String>,
    data_id: &Option<String>,
    s: &str,
) {
    if let Some((_, buf)) = content.as_mut() {
        buf.push_str(s);
    } else if let Some(d) = data_id {
        data.entry(d.clone()).or_default().push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_join_back() {
        for src in [
            "**1.服务总量稳步攀升。**达到[1500亿元](target:va-total)[^1]，见[链接](https://x.cn)。",
            "In 2020 it was [99.921 billion yuan](baseline:va-total), or \\[42.7%\\].",
            "- 铁路：建成城际铁路2条。\n> 第二行",
            "[not a link] and [^unclosed",
        ] {
            let p = pieces(src);
            assert_eq!(join(&p), src, "{p:?}");
        }
        let p = pieces("达到[1500亿元](target:va-total)。");
        assert_eq!(
            p[1],
            Piece::Paired {
                start: "[".into(),
                end: "](target:va-total)".into(),
                inner: "1500亿元".into()
            }
        );
    }

    #[test]
    fn a_unit_reads_back_as_markdown() {
        let xml = r#"<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="zh" trgLang="en">
 <file id="f"><unit id="goals.1"><originalData><data id="d1">**</data><data id="d2">[</data><data id="d3">](target:va-total)</data></originalData>
 <segment state="final"><source><ph id="1" dataRef="d1"/>目标<ph id="2" dataRef="d1"/>达到<pc id="3" dataRefStart="d2" dataRefEnd="d3">1500亿元</pc>&amp;</source>
 <target><ph id="1" dataRef="d1"/>Goal<ph id="2" dataRef="d1"/> reach <pc id="3" dataRefStart="d2" dataRefEnd="d3">150 billion yuan</pc> &lt;x&gt;</target></segment></unit></file></xliff>"#;
        let u = read(xml).unwrap();
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].id, "goals.1");
        assert_eq!(u[0].source, "**目标**达到[1500亿元](target:va-total)&");
        assert_eq!(
            u[0].target.as_deref(),
            Some("**Goal** reach [150 billion yuan](target:va-total) <x>")
        );
        assert_eq!(u[0].state.as_deref(), Some("final"));
        assert!(read("<xliff version=\"1.2\"></xliff>").is_err());
    }
}
