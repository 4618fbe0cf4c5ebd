//! Reading a Word document (.docx) for `plandoc import FILE.docx`.
//!
//! The package is opened with the `zip` crate and its XML parts are read with `quick-xml` into a
//! small element tree ([`xml`]). Why not a docx crate: `docx-rs` reads a document into its own
//! model but drops what a plan needs most on the way in (numbering is not resolved to text,
//! footnote bodies and bookmarks across runs are awkward, tracked changes are not reported as
//! such); `docx-rust` has no reader for numbering levels or text boxes and panics on some
//! malformed input; `ooxmlsdk` covers the whole schema but is a very large generated crate whose
//! types still leave numbering, style inheritance and field results to the caller. Each of them
//! would still need this module's walk, so the walk runs over the XML directly.
//!
//! What is read, in document order: paragraphs (their style's outline level, with `basedOn`
//! inheritance, and the numbering text Word generates from `numbering.xml`: [`styles`]),
//! tables (merged cells, header rows, single-cell bordered tables and text boxes as 专栏 boxes),
//! footnotes and endnotes, bold runs (the lead phrase of numbered items), and the bookmarks
//! `plandoc build --only docx` writes (`pd_h_<id>` on headings, boxes and tables; `<id>` on a
//! target's statement, `pd_b_<id>_N` / `pd_m_<id>_N` on baselines and mentions). Tracked
//! changes are taken as accepted (insertions kept, deletions dropped) and counted; images,
//! charts and embedded objects are listed; the table of contents (a `TOC` field, a contents
//! content control or `TOC N` styles) is dropped and reported.
//!
//! The result is the same stream of lines the plain-text import reads (one line per paragraph,
//! a blank between paragraphs), with [`Hint`]s and ready-built tables, so parts, chapters,
//! sections, boxes and the indicator registry come out of the same structure pass. Inline
//! markup the text alone cannot carry (bold, tags, footnote marks, list markers) travels as
//! private-use placeholders that [`finish`] turns into Markdown after the files are rendered.

mod styles;
mod xml;

use super::table::{self, Row, Table};
use super::{boilerplate, headings, punctuation, Fate, Hint, ImportError, Line};
use crate::model::Align;
use std::collections::HashMap;
use std::io::Read as _;
use styles::{Numbered, Numbering, Styles};
use xml::{El, Kid};

/// The largest part read (uncompressed): a plan's document.xml is a few megabytes.
const MAX_PART: u64 = 256 * 1024 * 1024;

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What was read from the document, ready for the structure pass.
pub(in crate::import) struct Read {
    pub lines: Vec<Line>,
    pub tables: Vec<Table>,
    /// The Markdown each placeholder stands for.
    pub raws: Vec<String>,
    /// Footnote and endnote texts by reference key (`f2`, `e1`), with placeholders.
    pub notes: HashMap<String, String>,
    /// What the report must say: tracked changes, images, charts, the dropped contents.
    pub findings: Vec<String>,
    /// The blank lines put between paragraphs (not empty paragraphs of the document): taken
    /// out again when the document turns out to be hard-wrapped text (a PDF's text pasted into
    /// Word, one line per paragraph), so that its lines join as in the plain-text import.
    pub soft: Vec<usize>,
}

fn bad(what: impl Into<String>, help: &str) -> ImportError {
    ImportError::BadDocx {
        what: what.into(),
        help: help.to_string(),
    }
}

const HELP_RESAVE: &str =
    "open it in Word, WPS or LibreOffice and save it again as a Word document (.docx)";

/// The package's parts that this reader uses.
struct Package {
    document: String,
    styles: Option<String>,
    numbering: Option<String>,
    footnotes: Option<String>,
    endnotes: Option<String>,
}

fn open(bytes: &[u8]) -> Result<Package, ImportError> {
    if bytes.starts_with(&OLE_MAGIC) {
        return Err(bad(
            "this is an OLE compound file, not a .docx package: a password-protected (encrypted) Word document, or a Word 97–2003 .doc",
            "remove the password (Word: File › Info › Protect Document › Encrypt with Password, clear it) or save the document as .docx, then import it again",
        ));
    }
    if bytes.is_empty() {
        return Err(bad("the file is empty (0 bytes)", HELP_RESAVE));
    }
    if !bytes.starts_with(b"PK") {
        return Err(bad(
            "this is not a zip archive, so not a .docx (a .docx is a zip package of XML parts)",
            "if it is a plain-text plan, give it a .txt name; otherwise save it from Word as .docx",
        ));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        bad(
            format!("the zip archive is damaged or truncated ({e})"),
            "the file was probably cut off while downloading or copying: get a complete copy",
        )
    })?;
    let mut part = |name: &str| -> Result<Option<String>, ImportError> {
        let mut f = match zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(bad(
                    format!("cannot read {name} in the package ({e})"),
                    HELP_RESAVE,
                ))
            }
        };
        if f.encrypted() {
            return Err(bad(format!("{name} is encrypted"), HELP_RESAVE));
        }
        let mut buf = Vec::new();
        (&mut f)
            .take(MAX_PART + 1)
            .read_to_end(&mut buf)
            .map_err(|e| {
                bad(
                    format!("{name} in the package is damaged or truncated ({e})"),
                    "the file was probably cut off while downloading or copying: get a complete copy",
                )
            })?;
        if buf.len() as u64 > MAX_PART {
            return Err(bad(
                format!("{name} is larger than {} MB uncompressed", MAX_PART >> 20),
                HELP_RESAVE,
            ));
        }
        let text = String::from_utf8(buf)
            .map_err(|_| bad(format!("{name} is not UTF-8 XML"), HELP_RESAVE))?;
        Ok(Some(text))
    };
    // The main part is named by the package relationships; Word and LibreOffice both use
    // word/document.xml.
    let main = part("_rels/.rels")?
        .and_then(|rels| {
            let root = xml::parse(&rels).ok()?;
            let target = root
                .els()
                .find(|r| {
                    r.attr("Type")
                        .is_some_and(|t| t.ends_with("/officeDocument"))
                })
                .and_then(|r| r.attr("Target"))
                .map(|t| t.trim_start_matches('/').to_string());
            target
        })
        .unwrap_or_else(|| "word/document.xml".to_string());
    let Some(document) = part(&main)? else {
        let odf = part("content.xml")?.is_some();
        return Err(bad(
            format!(
                "this zip archive is not a Word document: it has no {main}{}",
                if odf {
                    " (it looks like an OpenDocument file, .odt)"
                } else {
                    ""
                }
            ),
            HELP_RESAVE,
        ));
    };
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let sibling = |n: &str| {
        if dir.is_empty() {
            n.to_string()
        } else {
            format!("{dir}/{n}")
        }
    };
    Ok(Package {
        document,
        styles: part(&sibling("styles.xml"))?,
        numbering: part(&sibling("numbering.xml"))?,
        footnotes: part(&sibling("footnotes.xml"))?,
        endnotes: part(&sibling("endnotes.xml"))?,
    })
}

/// A paragraph as read.
#[derive(Debug, Default)]
struct Para {
    text: String,
    level: Option<u8>,
    /// `pd_h_<id>` bookmarks.
    id: Option<String>,
    style: Style,
    /// The paragraph's own alignment (`w:jc`), for a table column's.
    align: Option<Align>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Style {
    #[default]
    Body,
    Toc,
    Caption,
    List,
    Term,
    Definition,
    BoxTitle,
    /// The letterhead and the imprint of the gb9704 layout (from plan.yaml's `print`).
    Print,
}

#[derive(Debug)]
enum Item {
    Para(Para),
    Table(Grid),
    /// A text box: its paragraphs (the first is the title).
    Box(Vec<Item>),
}

#[derive(Debug, Default)]
struct Grid {
    rows: Vec<GridRow>,
}

#[derive(Debug, Default)]
struct GridRow {
    header: bool,
    cells: Vec<GridCell>,
}

#[derive(Debug, Default)]
struct GridCell {
    items: Vec<Item>,
    span: usize,
    /// A vertically merged cell continuing the one above.
    merged: bool,
}

/// The state of one paragraph's runs.
#[derive(Default)]
struct Runs {
    text: String,
    bold: bool,
    /// Open tag bookmarks: bookmark id → the closing Markdown.
    open: HashMap<String, (String, usize)>,
    id: Option<String>,
    boxes: Vec<Item>,
}

struct Reader {
    styles: Styles,
    numbering: Numbering,
    raws: Vec<String>,
    /// The document was written by plandoc (it has `pd_` bookmarks): bookmarks are tags.
    plandoc: bool,
    /// Open fields: (instruction, past its separator).
    fields: Vec<(String, bool)>,
    insertions: usize,
    deletions: usize,
    images: Vec<String>,
    paragraphs: usize,
    toc: usize,
}

/// `\u{E000}` + the index in hex as U+E010… digits + `\u{E001}`.
fn placeholder(i: usize) -> String {
    let mut s = String::from('\u{E000}');
    for d in format!("{i:x}").chars() {
        let v = d.to_digit(16).unwrap_or(0);
        s.push(char::from_u32(0xE010 + v).unwrap_or('\u{E010}'));
    }
    s.push('\u{E001}');
    s
}

/// Replaces every placeholder in `s` by `f(index)`.
fn replace_placeholders(s: &str, mut f: impl FnMut(usize) -> String) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find('\u{E000}') {
        out.push_str(&rest[..start]);
        let after = &rest[start + '\u{E000}'.len_utf8()..];
        let Some(end) = after.find('\u{E001}') else {
            rest = after;
            continue;
        };
        let mut i = 0usize;
        for c in after[..end].chars() {
            i = i
                .saturating_mul(16)
                .saturating_add((c as usize).saturating_sub(0xE010) & 0xF);
        }
        out.push_str(&f(i));
        rest = &after[end + '\u{E001}'.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// The text without any placeholder.
fn strip(s: &str) -> String {
    replace_placeholders(s, |_| String::new())
}

fn is_on(el: Option<&El>) -> bool {
    el.is_some_and(|b| !matches!(b.attr("val"), Some("0" | "false" | "off")))
}

/// Closes a bold run: a closing `**` after Chinese punctuation followed by a letter would not
/// close in CommonMark, so the punctuation goes outside.
fn close_bold(r: &mut Reader, runs: &mut Runs) {
    let last = runs.text.chars().next_back();
    let mark = r.raw("**");
    match last {
        Some(c) if "。：；！？，、".contains(c) => {
            runs.text.pop();
            runs.text.push_str(&mark);
            runs.text.push(c);
        }
        _ => runs.text.push_str(&mark),
    }
    runs.bold = false;
}

impl Reader {
    fn raw(&mut self, s: &str) -> String {
        self.raws.push(s.to_string());
        placeholder(self.raws.len() - 1)
    }

    fn in_toc(&self) -> bool {
        self.fields
            .iter()
            .any(|(instr, _)| instr.trim_start().to_uppercase().starts_with("TOC"))
    }

    /// Whether text in a run is shown: not the instruction part of a field.
    fn showing(&self) -> bool {
        self.fields.last().is_none_or(|(_, sep)| *sep)
    }

    fn body(&mut self, el: &El, out: &mut Vec<Item>) {
        for e in el.els() {
            match e.name.as_str() {
                "p" => self.paragraph(e, out),
                "tbl" => out.push(Item::Table(self.table(e))),
                "sdt" => {
                    let toc = {
                        let mut g = Vec::new();
                        e.descendants("docPartGallery", &mut g);
                        g.iter().any(|g| {
                            g.attr("val")
                                .is_some_and(|v| v.to_lowercase().contains("contents"))
                        })
                    };
                    if let Some(c) = e.child("sdtContent") {
                        if toc {
                            let mut ps = Vec::new();
                            c.descendants("p", &mut ps);
                            self.toc += ps.len();
                            out.push(Item::Para(Para {
                                text: "目录".into(),
                                style: Style::Toc,
                                ..Para::default()
                            }));
                        } else {
                            self.body(c, out);
                        }
                    }
                }
                "customXml" | "ins" | "moveTo" => {
                    if e.name != "customXml" {
                        self.insertions += 1;
                    }
                    self.body(e, out)
                }
                "del" | "moveFrom" => self.deletions += 1,
                "AlternateContent" => {
                    if let Some(c) = e.child("Choice").or_else(|| e.child("Fallback")) {
                        self.body(c, out);
                    }
                }
                _ => {}
            }
        }
    }

    fn paragraph(&mut self, p: &El, out: &mut Vec<Item>) {
        self.paragraphs += 1;
        let ppr = p.child("pPr");
        let style_id = ppr.and_then(|x| x.child_val("pStyle")).unwrap_or("");
        let name = self.styles.name(style_id).to_lowercase();
        let mut level = ppr
            .and_then(|x| x.child_val("outlineLvl"))
            .and_then(|v| v.parse::<u8>().ok())
            .map(|o| o + 1)
            .filter(|&l| l <= 9)
            .or_else(|| self.styles.level(style_id));
        let mut style =
            if name.starts_with("toc") || name.starts_with("contents") || name.starts_with("目录")
            {
                Style::Toc
            } else if name == "caption" || name == "题注" || name.starts_with("table caption") {
                Style::Caption
            } else if name.starts_with("list bullet") || name.starts_with("list number") {
                Style::List
            } else if name == "term" || name == "definition term" {
                Style::Term
            } else if name == "definition" {
                Style::Definition
            } else if name == "box title" {
                Style::BoxTitle
            } else if matches!(name.as_str(), "letterhead" | "document number" | "imprint") {
                Style::Print
            } else {
                Style::Body
            };
        if matches!(
            style,
            Style::Toc | Style::Caption | Style::BoxTitle | Style::Term | Style::Print
        ) {
            level = None;
        }
        let num = ppr
            .and_then(|x| x.child("numPr"))
            .map(|n| {
                (
                    n.child_val("numId").unwrap_or("0").to_string(),
                    n.child_val("ilvl")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0),
                )
            })
            .or_else(|| self.styles.numbering(style_id));
        let mut runs = Runs::default();
        let toc_before = self.in_toc();
        self.inline(p, &mut runs);
        if runs.bold {
            close_bold(self, &mut runs);
        }
        // Tags whose end is not in this paragraph are dropped, not left half open.
        for (_, (_, at)) in runs.open.drain() {
            self.raws[at] = String::new();
        }
        if toc_before || self.in_toc() {
            style = Style::Toc;
        }
        let mut text = runs.text;
        if let Some((id, ilvl)) = num.filter(|(id, _)| id != "0") {
            match self.numbering.next(&id, ilvl) {
                Some(Numbered::Text(n)) if !n.is_empty() => {
                    let sep = if n.ends_with(|c: char| c.is_alphanumeric()) {
                        " "
                    } else {
                        ""
                    };
                    text = format!("{n}{sep}{}", text.trim_start());
                }
                Some(Numbered::Bullet) if style == Style::Body => style = Style::List,
                _ => {}
            }
        }
        let align = ppr.and_then(|x| x.child_val("jc")).and_then(|v| match v {
            "left" | "start" => Some(Align::Left),
            "center" => Some(Align::Center),
            "right" | "end" => Some(Align::Right),
            _ => None,
        });
        out.push(Item::Para(Para {
            text,
            level,
            id: runs.id,
            style,
            align,
        }));
        out.append(&mut runs.boxes);
    }

    fn bookmark(&mut self, e: &El, runs: &mut Runs) {
        let (Some(name), Some(bid)) = (e.attr("name"), e.attr("id")) else {
            return;
        };
        if !self.plandoc {
            return;
        }
        // LibreOffice renames a bookmark it writes twice (a footnote's) `name_Copy_1`.
        let name = match name.rfind("_Copy_") {
            Some(i) if name[i + 6..].chars().all(|c| c.is_ascii_digit()) => &name[..i],
            _ => name,
        };
        if let Some(id) = name.strip_prefix("pd_h_") {
            runs.id = Some(id.to_string());
            return;
        }
        if let Some(label) = name.strip_prefix("pd_f_") {
            runs.id = Some(format!("\u{1}{label}"));
            return;
        }
        let (kind, id) = if let Some(rest) = name.strip_prefix("pd_b_") {
            ("baseline", rest.rsplit_once('_').map_or(rest, |(id, _)| id))
        } else if let Some(rest) = name.strip_prefix("pd_m_") {
            ("mention", rest.rsplit_once('_').map_or(rest, |(id, _)| id))
        } else if crate::model::is_valid_id(name) {
            ("target", name)
        } else {
            return;
        };
        let open = self.raw("[");
        runs.text.push_str(&open);
        let at = self.raws.len() - 1;
        runs.open
            .insert(bid.to_string(), (format!("]({kind}:{id})"), at));
    }

    fn inline(&mut self, el: &El, runs: &mut Runs) {
        for e in el.els() {
            match e.name.as_str() {
                "pPr" | "rPr" => {
                    let mut changes = Vec::new();
                    e.descendants("rPrChange", &mut changes);
                    e.descendants("pPrChange", &mut changes);
                    self.insertions += changes.len();
                }
                "r" => self.run(e, runs),
                "hyperlink" | "smartTag" | "customXml" | "fldSimple" | "ruby" => {
                    if e.name == "ruby" {
                        if let Some(b) = e.child("rubyBase") {
                            self.inline(b, runs);
                        }
                    } else {
                        self.inline(e, runs)
                    }
                }
                "ins" | "moveTo" => {
                    self.insertions += 1;
                    self.inline(e, runs)
                }
                "del" | "moveFrom" => self.deletions += 1,
                "sdt" => {
                    if let Some(c) = e.child("sdtContent") {
                        self.inline(c, runs)
                    }
                }
                "bookmarkStart" => self.bookmark(e, runs),
                "bookmarkEnd" => {
                    if let Some((close, _)) = e.attr("id").and_then(|id| runs.open.remove(id)) {
                        let m = self.raw(&close);
                        runs.text.push_str(&m);
                    }
                }
                "oMath" | "oMathPara" => {
                    let mut ts = Vec::new();
                    e.descendants("t", &mut ts);
                    for t in ts {
                        runs.text.push_str(&t.text());
                    }
                }
                "AlternateContent" => {
                    if let Some(c) = e.child("Choice").or_else(|| e.child("Fallback")) {
                        self.inline(c, runs);
                    }
                }
                _ => {}
            }
        }
    }

    fn run(&mut self, r: &El, runs: &mut Runs) {
        let rpr = r.child("rPr");
        let bold = is_on(rpr.and_then(|x| x.child("b")))
            || rpr
                .and_then(|x| x.child_val("rStyle"))
                .is_some_and(|s| s.to_lowercase().contains("strong"));
        let hidden = is_on(rpr.and_then(|x| x.child("vanish")));
        for e in r.els() {
            match e.name.as_str() {
                "fldChar" => match e.attr("fldCharType") {
                    Some("begin") => self.fields.push((String::new(), false)),
                    Some("separate") => {
                        if let Some(f) = self.fields.last_mut() {
                            f.1 = true;
                        }
                    }
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                },
                "instrText" => {
                    if let Some(f) = self.fields.last_mut() {
                        f.0.push_str(&e.text());
                    }
                }
                "t" | "tab" | "br" | "cr" | "noBreakHyphen" if self.showing() && !hidden => {
                    let s = match e.name.as_str() {
                        "t" => e.text(),
                        "noBreakHyphen" => "-".into(),
                        "br" if e.attr("type").is_some_and(|t| t == "page") => String::new(),
                        _ => " ".into(),
                    };
                    if s.is_empty() {
                        continue;
                    }
                    if bold != runs.bold && !s.trim().is_empty() {
                        if bold {
                            let m = self.raw("**");
                            runs.text.push_str(&m);
                            runs.bold = true;
                        } else {
                            close_bold(self, runs);
                        }
                    }
                    runs.text.push_str(&s);
                }
                "footnoteReference" | "endnoteReference" => {
                    if let Some(id) = e.attr("id") {
                        let k = if e.name == "footnoteReference" {
                            'f'
                        } else {
                            'e'
                        };
                        let m = self.raw(&format!("\u{1}{k}{id}"));
                        runs.text.push_str(&m);
                    }
                }
                "drawing" | "pict" | "object" => self.drawing(e, runs),
                "AlternateContent" => {
                    if let Some(c) = e.child("Choice").or_else(|| e.child("Fallback")) {
                        let mut wrapper = El {
                            name: "r".into(),
                            ..El::default()
                        };
                        wrapper.kids = c.kids.clone();
                        if let Some(rpr) = rpr {
                            wrapper.kids.insert(0, Kid::El(rpr.clone()));
                        }
                        self.run(&wrapper, runs);
                    }
                }
                _ => {}
            }
        }
    }

    fn drawing(&mut self, e: &El, runs: &mut Runs) {
        let mut boxes = Vec::new();
        e.descendants("txbxContent", &mut boxes);
        if let Some(b) = boxes.first() {
            let mut items = Vec::new();
            self.body(b, &mut items);
            if items
                .iter()
                .any(|i| matches!(i, Item::Para(p) if !strip(&p.text).trim().is_empty()))
            {
                runs.boxes.push(Item::Box(items));
            }
            return;
        }
        let mut uris = Vec::new();
        e.descendants("graphicData", &mut uris);
        let chart = uris
            .iter()
            .any(|g| g.attr("uri").is_some_and(|u| u.ends_with("/chart")));
        let mut props = Vec::new();
        e.descendants("docPr", &mut props);
        let name = props
            .first()
            .map(|p| {
                let d = p.attr("descr").or(p.attr("title")).unwrap_or("");
                let n = p.attr("name").unwrap_or("");
                if d.is_empty() {
                    n.to_string()
                } else {
                    format!("{n}: {d}")
                }
            })
            .unwrap_or_default();
        let what = if chart {
            "chart"
        } else if e.name == "object" {
            "embedded object"
        } else {
            "image"
        };
        let near: String = strip(&runs.text).chars().take(20).collect();
        self.images.push(format!(
            "paragraph {}: {what}{} (after “{near}”): not imported, add it by hand",
            self.paragraphs,
            if name.is_empty() {
                String::new()
            } else {
                format!(" `{name}`")
            }
        ));
    }

    fn table(&mut self, t: &El) -> Grid {
        let mut grid = Grid::default();
        for tr in t.els().filter(|e| e.name == "tr") {
            let header = tr
                .child("trPr")
                .is_some_and(|p| is_on(p.child("tblHeader")));
            let mut row = GridRow {
                header,
                cells: Vec::new(),
            };
            for tc in tr.els() {
                let tc = match tc.name.as_str() {
                    "tc" => tc,
                    "sdt" => match tc.child("sdtContent").and_then(|c| c.child("tc")) {
                        Some(c) => c,
                        None => continue,
                    },
                    _ => continue,
                };
                let pr = tc.child("tcPr");
                let span = pr
                    .and_then(|p| p.child_val("gridSpan"))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                let merged = pr
                    .and_then(|p| p.child("vMerge"))
                    .is_some_and(|v| v.attr("val").is_none_or(|v| v == "continue"));
                let mut items = Vec::new();
                self.body(tc, &mut items);
                row.cells.push(GridCell {
                    items,
                    span,
                    merged,
                });
            }
            grid.rows.push(row);
        }
        grid
    }
}

/// Why the letterhead and the imprint of a gb9704 Word edition are not imported.
const PRINT_MATTER: &str =
    "letterhead or imprint of the gb9704 layout (plan.yaml `print:` holds them)";

/// The alignment of each column: the `w:jc` that every body cell with text in it shares (a
/// Word edition writes `:---:` and `---:` columns so); empty when no column has one.
fn column_align(g: &Grid, width: usize, header_rows: usize) -> Vec<Align> {
    let mut seen: Vec<Option<Option<Align>>> = vec![None; width];
    for r in g.rows.iter().skip(header_rows) {
        if r.cells.len() == 1 && width > 1 {
            continue; // a category row
        }
        let mut col = 0;
        for c in &r.cells {
            let para = c.items.iter().find_map(|i| match i {
                Item::Para(p) if !strip(&p.text).trim().is_empty() => Some(p),
                _ => None,
            });
            if let (Some(p), false, Some(slot)) = (para, c.merged, seen.get_mut(col)) {
                *slot = match slot {
                    None => Some(p.align),
                    Some(a) if *a == p.align => Some(*a),
                    Some(_) => Some(None),
                };
            }
            col += c.span;
        }
    }
    let align: Vec<Align> = seen
        .into_iter()
        .map(|a| a.flatten().unwrap_or(Align::None))
        .collect();
    if align.iter().all(|a| *a == Align::None) {
        Vec::new()
    } else {
        align
    }
}

/// The text of a cell's items, paragraphs joined (nested tables flattened).
fn cell_text(items: &[Item]) -> String {
    let mut parts = Vec::new();
    for i in items {
        match i {
            Item::Para(p) => {
                let t = punctuation::trim(&p.text).to_string();
                if !t.is_empty() {
                    parts.push(t);
                }
            }
            Item::Table(g) => {
                for r in &g.rows {
                    for c in &r.cells {
                        parts.push(cell_text(&c.items));
                    }
                }
            }
            Item::Box(b) => parts.push(cell_text(b)),
        }
    }
    parts.join(" ")
}

/// Turns the items into lines, hints and tables.
struct Emitter<'a> {
    r: &'a mut Reader,
    lines: Vec<Line>,
    tables: Vec<Table>,
    /// A caption paragraph waiting for its table: (line index, text, id).
    caption: Option<(usize, String, Option<String>)>,
    /// The last table, while notes may still follow it.
    notes_for: Option<usize>,
    /// A term waiting for its definition (line index).
    term: Option<usize>,
    soft: Vec<usize>,
}

impl Emitter<'_> {
    fn push(&mut self, text: String, fate: Fate, hint: Option<Hint>) -> usize {
        let no = self.lines.len() / 2 + 1;
        self.lines.push(Line {
            no,
            text,
            fate,
            hint: hint.map(Box::new),
        });
        let at = self.lines.len() - 1;
        self.soft.push(self.lines.len());
        self.lines.push(Line {
            no,
            text: String::new(),
            fate: Fate::Blank,
            hint: None,
        });
        at
    }

    fn items(&mut self, items: Vec<Item>, in_box: bool) {
        for item in items {
            match item {
                Item::Para(p) => self.para(p, in_box),
                Item::Table(g) => self.grid(g, in_box),
                Item::Box(b) => self.boxed(b, None),
            }
        }
    }

    fn para(&mut self, p: Para, in_box: bool) {
        let text = punctuation::trim(&p.text).to_string();
        if strip(&text).trim().is_empty() {
            let no = self.lines.len() / 2 + 1;
            self.lines.push(Line {
                no,
                text: String::new(),
                fate: Fate::Blank,
                hint: None,
            });
            return;
        }
        if p.style == Style::Print {
            self.push(strip(&text), Fate::Dropped(PRINT_MATTER), None);
            return;
        }
        if p.style == Style::Toc {
            let s = strip(&text);
            self.r.toc += 1;
            self.push(s, Fate::Dropped(boilerplate::TOC_ENTRY), None);
            return;
        }
        self.caption = None;
        if let Some(t) = self.notes_for {
            if table::is_note(&strip(&text)) {
                let note = text.clone();
                self.tables[t].notes.push(note);
                return;
            }
            self.notes_for = None;
        }
        let plain = strip(&text);
        if p.style == Style::Definition {
            if let Some(at) = self.term.take() {
                let m = self.r.raw("\n: ");
                let line = &mut self.lines[at];
                line.text = format!("{}{m}{text}", line.text);
                return;
            }
        }
        self.term = None;
        let heading =
            p.level.is_some() || p.style == Style::BoxTitle || headings::heading(&plain).is_some();
        let hint = Hint {
            level: p.level,
            id: p.id.clone(),
            box_title: p.style == Style::BoxTitle,
            box_end: false,
        };
        if heading {
            let at = self.push(plain, Fate::Plan, Some(hint));
            if p.style == Style::Caption {
                self.caption = Some((at, self.lines[at].text.clone(), p.id));
            }
            return;
        }
        let lead = headings::item_number(&plain).is_some() || plain.starts_with("——");
        let mut text = if lead {
            // The plain-text rules make the lead phrase bold.
            replace_placeholders(&text, |i| {
                if self.r.raws[i] == "**" {
                    String::new()
                } else {
                    placeholder(i)
                }
            })
        } else {
            text
        };
        if p.style == Style::List {
            text = format!("{}{text}", self.r.raw("- "));
        }
        let at = self.push(
            text,
            Fate::Plan,
            (p.id.is_some() || in_box).then_some(Hint {
                id: p.id.clone(),
                ..Hint::default()
            }),
        );
        match p.style {
            Style::Caption => self.caption = Some((at, plain, p.id)),
            Style::Term => self.term = Some(at),
            _ => {
                if table::caption(&plain).is_some() || plain.starts_with("附表") {
                    self.caption = Some((at, plain, p.id));
                }
            }
        }
    }

    /// A box: its title paragraph, its content, its end.
    fn boxed(&mut self, mut items: Vec<Item>, id: Option<String>) {
        self.caption = None;
        self.notes_for = None;
        if items.is_empty() {
            return;
        }
        let first = items.remove(0);
        let Item::Para(title) = first else {
            items.insert(0, first);
            self.items(items, true);
            return;
        };
        let text = strip(&title.text);
        self.push(
            punctuation::trim(&text).to_string(),
            Fate::Plan,
            Some(Hint {
                id: title.id.or(id),
                box_title: true,
                ..Hint::default()
            }),
        );
        self.items(items, true);
        self.caption = None;
        self.notes_for = None;
        self.push(
            String::new(),
            Fate::Blank,
            Some(Hint {
                box_end: true,
                ..Hint::default()
            }),
        );
    }

    fn grid(&mut self, g: Grid, in_box: bool) {
        // A single-cell table that opens with a title is a box (专栏).
        if !in_box && g.rows.len() == 1 && g.rows[0].cells.len() == 1 {
            let cell = &g.rows[0].cells[0];
            let title = cell.items.first().and_then(|i| match i {
                Item::Para(p) => Some(p),
                _ => None,
            });
            let is_box = title.is_some_and(|p| {
                let t = strip(&p.text);
                p.style == Style::BoxTitle
                    || headings::heading(punctuation::trim(&t))
                        .is_some_and(|h| h.kind == headings::Kind::Box)
            });
            if is_box {
                let mut g = g;
                let cell = g.rows.remove(0).cells.remove(0);
                self.boxed(cell.items, None);
                return;
            }
        }
        // The imprint (版记) of the gb9704 layout: plan.yaml's, not the plan's text.
        let print = |i: &Item| matches!(i, Item::Para(p) if p.style == Style::Print);
        let cells = || g.rows.iter().flat_map(|r| &r.cells);
        if cells().next().is_some() && cells().all(|c| c.items.iter().all(print)) {
            for c in cells() {
                for i in &c.items {
                    if let Item::Para(p) = i {
                        self.push(strip(&p.text), Fate::Dropped(PRINT_MATTER), None);
                    }
                }
            }
            return;
        }
        let width = g
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.span).sum::<usize>())
            .max()
            .unwrap_or(0);
        if width == 0 {
            return;
        }
        let mut rows: Vec<(bool, Vec<String>, bool)> = Vec::new();
        for r in &g.rows {
            let mut cells = Vec::new();
            for c in &r.cells {
                cells.push(if c.merged {
                    String::new()
                } else {
                    cell_text(&c.items)
                });
                cells.extend(std::iter::repeat_n(String::new(), c.span - 1));
            }
            let category = r.cells.len() == 1 && width > 1;
            cells.resize(width, String::new());
            rows.push((r.header, cells, category));
        }
        let header_rows = rows.iter().take_while(|r| r.0).count().max(1);
        let align = column_align(&g, width, header_rows);
        let mut header = rows[0].1.clone();
        for r in rows.iter().take(header_rows).skip(1) {
            for (h, c) in header.iter_mut().zip(&r.1) {
                if !c.is_empty() && c != h {
                    if !h.is_empty() {
                        h.push(' ');
                    }
                    h.push_str(c);
                }
            }
        }
        let body: Vec<Row> = rows
            .into_iter()
            .skip(header_rows)
            .map(|(_, cells, category)| Row {
                cells,
                group: None,
                category,
            })
            .collect();
        let (caption, id) = match self.caption.take() {
            Some((at, text, id)) => {
                self.lines[at].fate = Fate::Docx;
                (text, id)
            }
            None => (String::new(), None),
        };
        let plain_header: Vec<String> = header.iter().map(|h| strip(h)).collect();
        let tagged = body
            .iter()
            .flat_map(|r| &r.cells)
            .any(|c| c.contains('\u{E000}'));
        let at = self.push(String::new(), Fate::Docx, None);
        self.tables.push(Table {
            caption,
            cols: table::columns(&plain_header).unwrap_or_default(),
            header,
            rows: body,
            notes: Vec::new(),
            first: at,
            taken: vec![at],
            tagged,
            in_box,
            id,
            align,
        });
        self.notes_for = Some(self.tables.len() - 1);
        self.term = None;
    }
}

/// The text of every footnote (`f<id>`) and endnote (`e<id>`).
fn notes(r: &mut Reader, xml_text: Option<&str>, key: char, out: &mut HashMap<String, String>) {
    let Some(root) = xml_text.and_then(|x| xml::parse(x).ok()) else {
        return;
    };
    for n in root.els() {
        if n.attr("type").is_some_and(|t| t != "normal") {
            continue;
        }
        let Some(id) = n.attr("id") else { continue };
        let mut items = Vec::new();
        r.body(n, &mut items);
        let label = items.iter().find_map(|i| match i {
            Item::Para(p) => p.id.as_deref().and_then(|x| x.strip_prefix('\u{1}')),
            _ => None,
        });
        // The label travels in front of the text, after a U+0001.
        let text = match label {
            Some(l) => format!("{l}\u{1}{}", cell_text(&items)),
            None => cell_text(&items),
        };
        out.insert(format!("{key}{id}"), text);
    }
}

/// Reads a .docx package.
pub(in crate::import) fn read(bytes: &[u8]) -> Result<Read, ImportError> {
    read_parts(open(bytes)?)
}

/// Entry point of the `import_docx` fuzz target for the XML walk: the parts as text, without
/// the zip around them (so the fuzzer mutates XML, not compressed bytes). Not part of the API.
pub(in crate::import) fn read_xml(
    document: &str,
    styles: &str,
    numbering: &str,
    footnotes: &str,
) -> Result<Read, ImportError> {
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    read_parts(Package {
        document: document.to_string(),
        styles: some(styles),
        numbering: some(numbering),
        footnotes: some(footnotes),
        endnotes: None,
    })
}

fn read_parts(pkg: Package) -> Result<Read, ImportError> {
    let root = xml::parse(&pkg.document).map_err(|e| {
        bad(
            format!("word/document.xml is not well-formed XML: {e}"),
            HELP_RESAVE,
        )
    })?;
    let Some(body) = root.child("body") else {
        return Err(bad("word/document.xml has no body", HELP_RESAVE));
    };
    let styles = pkg
        .styles
        .as_deref()
        .and_then(|s| xml::parse(s).ok())
        .map(|s| Styles::parse(&s))
        .unwrap_or_default();
    let numbering = pkg
        .numbering
        .as_deref()
        .and_then(|s| xml::parse(s).ok())
        .map(|s| Numbering::parse(&s))
        .unwrap_or_default();
    let mut marks = Vec::new();
    body.descendants("bookmarkStart", &mut marks);
    let plandoc = marks
        .iter()
        .any(|m| m.attr("name").is_some_and(|n| n.starts_with("pd_h_")));
    let mut r = Reader {
        styles,
        numbering,
        raws: Vec::new(),
        plandoc,
        fields: Vec::new(),
        insertions: 0,
        deletions: 0,
        images: Vec::new(),
        paragraphs: 0,
        toc: 0,
    };
    let mut items = Vec::new();
    r.body(body, &mut items);
    let mut notes_map = HashMap::new();
    notes(&mut r, pkg.footnotes.as_deref(), 'f', &mut notes_map);
    notes(&mut r, pkg.endnotes.as_deref(), 'e', &mut notes_map);
    let mut e = Emitter {
        r: &mut r,
        lines: Vec::new(),
        tables: Vec::new(),
        caption: None,
        notes_for: None,
        term: None,
        soft: Vec::new(),
    };
    e.items(items, false);
    let Emitter {
        lines,
        tables,
        soft,
        ..
    } = e;
    let has_text = lines
        .iter()
        .any(|l| l.fate == Fate::Plan && !strip(&l.text).trim().is_empty())
        || !tables.is_empty();
    if !has_text {
        return Err(bad(
            "the document has no text (no paragraph or table with anything in it)",
            "check that this is the right file; a scanned plan (images of pages) must go through OCR first",
        ));
    }
    let mut findings = Vec::new();
    if r.insertions + r.deletions > 0 {
        findings.push(format!(
            "the document has unaccepted tracked changes ({} insertions or moves, {} deletions): imported as if all were accepted",
            r.insertions, r.deletions
        ));
    }
    if r.toc > 0 {
        findings.push(format!(
            "dropped the table of contents ({} entries): plandoc generates it",
            r.toc
        ));
    }
    findings.extend(r.images.iter().cloned());
    Ok(Read {
        lines,
        tables,
        raws: r.raws,
        notes: notes_map,
        findings,
        soft,
    })
}

/// Turns the placeholders in the rendered files into Markdown: bold, tags, list markers, and
/// footnote marks with their definitions at the end of the chapter (numbered per chapter).
pub(in crate::import) fn finish(
    files: &mut [(std::path::PathBuf, String)],
    raws: &[String],
    notes: &HashMap<String, String>,
) {
    for (path, text) in files.iter_mut() {
        if !text.contains('\u{E000}') {
            continue;
        }
        let chapter = path.starts_with("chapters");
        if !chapter {
            *text = strip(text);
            continue;
        }
        let mut defs: Vec<(String, String)> = Vec::new();
        let mut out = replace_placeholders(text, |i| {
            let raw = raws.get(i).map(String::as_str).unwrap_or("");
            if let Some(key) = raw.strip_prefix('\u{1}') {
                let note = notes.get(key).cloned().unwrap_or_default();
                let (label, body) = match note.split_once('\u{1}') {
                    Some((l, b)) if crate::model::is_valid_id(l) => (l.to_string(), b.to_string()),
                    Some((_, b)) => ((defs.len() + 1).to_string(), b.to_string()),
                    None => ((defs.len() + 1).to_string(), note),
                };
                defs.push((label.clone(), body));
                format!("[^{label}]")
            } else {
                raw.to_string()
            }
        });
        for (n, body) in defs {
            let body = super::writer::escape_text(&body);
            let body = replace_placeholders(&body, |i| {
                let raw = raws.get(i).map(String::as_str).unwrap_or("");
                if raw.starts_with('\u{1}') {
                    String::new()
                } else {
                    raw.to_string()
                }
            });
            out.push_str(&format!("\n[^{n}]: {body}\n"));
        }
        *text = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        let s = format!("a{}b{}c", placeholder(3), placeholder(300));
        assert_eq!(replace_placeholders(&s, |i| i.to_string()), "a3b300c");
        assert_eq!(strip(&s), "abc");
    }
}
