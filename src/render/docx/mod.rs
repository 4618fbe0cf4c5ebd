//! The Word edition for review: `output/docx/plan.zh.docx` (and `plan.en.docx` when the plan
//! has English), written as a package of WordprocessingML parts with `zip` and `quick-xml`'s
//! escaping (why no docx crate: see `src/import/docx`; `docx-rs` writes footnotes and bookmarks
//! but not a bookmark spanning the runs of a tag inside a table cell inside a box, and owning
//! the XML keeps the edition byte-reproducible).
//!
//! What it holds: the notice (its own title, `…关于印发《…》的通知`, first) and the title, the contents (page numbers as `PAGEREF` fields, which
//! LibreOffice lays out and Word updates on opening), parts and chapters as
//! `Heading 1`/`Heading 2` …, every heading at its level with its numbering as text, paragraphs
//! with their bold lead phrases, lists, tables as Word tables (header row repeated on each page),
//! boxes (专栏) as bordered single-cell tables titled in the `Box Title` style, footnotes as Word
//! footnotes, page numbers in the footer. Bookmarks carry the plan's IDs so that
//! `plandoc import` gives the plan back: `pd_h_<id>` on parts, chapters, headings, boxes and
//! table captions, the target's ID on its statement (`[…](target:id)`: reviewers jump to it with
//! Insert › Bookmark), `pd_b_<id>_N` and `pd_m_<id>_N` on baselines and mentions. The page:
//! `layout` (the book layout, or the official-document layout of `print: {layout: gb9704}`).

mod layout;

use crate::model::{Align, Block, BlockKind, Chapter, Inline, Lang, Node, Plan, TagKind};
use crate::present;
use crate::render::RenderError;
use layout::Layout;
use quick_xml::escape::escape;
use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;

/// Writes `plan.<lang>.docx` for each language of the plan into `dir`; one line per file.
pub fn write(plan: &Plan, dir: &Path) -> Result<Vec<String>, RenderError> {
    std::fs::create_dir_all(dir).map_err(|e| RenderError::io(dir, e))?;
    let mut out = Vec::new();
    for &lang in plan.langs() {
        let path = dir.join(format!("plan.{}.docx", lang.code()));
        let bytes = document(plan, lang)?;
        std::fs::write(&path, bytes).map_err(|e| RenderError::io(&path, e))?;
        out.push(format!("docx     {}", path.display()));
    }
    Ok(out)
}

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

struct Doc {
    footnotes: String,
    next_footnote: usize,
    next_bookmark: usize,
    /// Baseline/mention bookmarks per target, for unique names.
    tag_counts: HashMap<String, usize>,
    /// The contents' bookmarks of headings that have no ID: (chapter ID, heading index).
    toc_marks: HashMap<(String, usize), String>,
}

fn esc(s: &str) -> String {
    escape(s).into_owned()
}

fn run(text: &str, bold: bool, italic: bool) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut rpr = String::new();
    if bold {
        rpr.push_str("<w:b/><w:bCs/>");
    }
    if italic {
        rpr.push_str("<w:i/><w:iCs/>");
    }
    let rpr = if rpr.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{rpr}</w:rPr>")
    };
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str(&format!("<w:r>{rpr}<w:br/></w:r>"));
        }
        if !line.is_empty() {
            out.push_str(&format!(
                r#"<w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r>"#,
                esc(line)
            ));
        }
    }
    out
}

impl Doc {
    fn bookmark(&mut self, name: &str, inner: &str) -> String {
        let id = self.next_bookmark;
        self.next_bookmark += 1;
        format!(
            r#"<w:bookmarkStart w:id="{id}" w:name="{}"/>{inner}<w:bookmarkEnd w:id="{id}"/>"#,
            esc(name)
        )
    }

    fn inlines(
        &mut self,
        chapter: &Chapter,
        inlines: &[Inline],
        bold: bool,
        italic: bool,
    ) -> String {
        let mut out = String::new();
        for i in inlines {
            match i {
                Inline::Text(t) | Inline::Code(t) => out.push_str(&run(t, bold, italic)),
                Inline::Strong(c) => out.push_str(&self.inlines(chapter, c, true, italic)),
                Inline::Emph(c) => out.push_str(&self.inlines(chapter, c, bold, true)),
                Inline::Link { children, .. } => {
                    out.push_str(&self.inlines(chapter, children, bold, italic))
                }
                Inline::LineBreak => out.push_str("<w:r><w:br/></w:r>"),
                Inline::Tag(tag) => {
                    let name = match tag.kind {
                        TagKind::Define => tag.target.clone(),
                        k => {
                            let n = self.tag_counts.entry(tag.target.clone()).or_insert(0);
                            *n += 1;
                            let p = if k == TagKind::Baseline { "b" } else { "m" };
                            format!("pd_{p}_{}_{n}", tag.target)
                        }
                    };
                    let inner = run(&tag.text, bold, italic);
                    out.push_str(&self.bookmark(&name, &inner));
                }
                Inline::FootnoteRef { label, .. } => {
                    let Some(f) = chapter.footnotes.iter().find(|f| &f.label == label) else {
                        continue;
                    };
                    let id = self.next_footnote;
                    self.next_footnote += 1;
                    let text =
                        self.inlines(chapter, &chapter.blocks[f.block].inlines, false, false);
                    let text = self.bookmark(&format!("pd_f_{label}"), &text);
                    self.footnotes.push_str(&format!(
                        r#"<w:footnote w:id="{id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>{text}</w:p></w:footnote>"#
                    ));
                    out.push_str(&format!(
                        r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>"#
                    ));
                }
            }
        }
        out
    }

    fn para(style: &str, content: &str) -> String {
        let ppr = if style.is_empty() {
            String::new()
        } else {
            format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#)
        };
        format!("<w:p>{ppr}{content}</w:p>")
    }

    fn heading(&mut self, level: usize, text: &str, id: Option<&str>) -> String {
        let r = run(text, false, false);
        let content = match id {
            Some(id) => self.bookmark(&format!("pd_h_{id}"), &r),
            None => r,
        };
        Self::para(&format!("Heading{}", level.clamp(1, 9)), &content)
    }

    fn block(&mut self, chapter: &Chapter, b: &Block) -> String {
        let style = match b.kind {
            BlockKind::ListItem { ordered: None } => "ListBullet",
            BlockKind::Term => "Term",
            BlockKind::Definition => "Definition",
            BlockKind::Note => "TableNote",
            _ => "",
        };
        let mut content = String::new();
        if let BlockKind::ListItem { ordered: Some(n) } = b.kind {
            content.push_str(&run(&format!("{n}. "), false, false));
        }
        content.push_str(&self.inlines(chapter, &b.inlines, false, false));
        Self::para(style, &content)
    }

    fn nodes(&mut self, chapter: &Chapter, nodes: &[Node], offset: usize) -> String {
        let mut out = String::new();
        for node in nodes {
            match node {
                Node::Heading(i) => {
                    let h = &chapter.headings[*i];
                    let level = usize::from(h.level) + offset;
                    let x = match self.toc_marks.get(&(chapter.id.clone(), *i)).cloned() {
                        Some(mark) => {
                            let r = self.bookmark(&mark, &run(&h.text, false, false));
                            Self::para(&format!("Heading{}", level.clamp(1, 9)), &r)
                        }
                        None => self.heading(level, &h.text, h.id.as_deref()),
                    };
                    out.push_str(&x);
                }
                Node::Block(i) => {
                    let x = self.block(chapter, &chapter.blocks[*i]);
                    out.push_str(&x);
                }
                Node::Table(t) => {
                    if let Some(c) = t.caption {
                        let inner = self.inlines(chapter, &chapter.blocks[c].inlines, false, false);
                        let inner = match &t.id {
                            Some(id) => self.bookmark(&format!("pd_h_{id}"), &inner),
                            None => inner,
                        };
                        out.push_str(&Self::para("Caption", &inner));
                    }
                    let cols = t
                        .rows
                        .iter()
                        .map(Vec::len)
                        .chain([t.header.len(), 1])
                        .max()
                        .unwrap_or(1);
                    let text = |c: usize| chapter.blocks[c].text.as_str();
                    let spanning = |cells: &[usize]| is_category(cells.iter().map(|&c| text(c)));
                    let widths = column_widths(
                        cols,
                        std::iter::once(&t.header)
                            .chain(t.rows.iter().filter(|r| !spanning(r)))
                            .map(|r| r.iter().map(|&c| text(c)).collect()),
                        TABLE_WIDTH,
                    );
                    let mut x = format!(
                        r#"<w:tbl><w:tblPr><w:tblStyle w:val="PlanTable"/><w:tblW w:w="5000" w:type="pct"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{}</w:tblGrid>"#,
                        widths
                            .iter()
                            .map(|w| format!(r#"<w:gridCol w:w="{w}"/>"#))
                            .collect::<String>()
                    );
                    let row = |doc: &mut Self, cells: &[usize], header: bool| {
                        // A row is not split across pages; the header row repeats on each.
                        let mut r = String::from("<w:tr><w:trPr><w:cantSplit/>");
                        if header {
                            r.push_str("<w:tblHeader/>");
                        }
                        r.push_str("</w:trPr>");
                        // A category row (一、经济强（12项）: text in its first cell alone)
                        // spans the table, as in the PDF; the import reads it back so.
                        let span = !header && cols > 1 && spanning(cells);
                        let cells = if span { &cells[..1] } else { cells };
                        for (col, &c) in cells.iter().enumerate() {
                            let inner =
                                doc.inlines(chapter, &chapter.blocks[c].inlines, false, false);
                            let style = if header { "TableHeader" } else { "TableText" };
                            // The column's alignment (`:---:`, `---:`) on each of its cells.
                            let jc = match t.align.get(col) {
                                _ if span => "",
                                Some(Align::Left) => r#"<w:jc w:val="left"/>"#,
                                Some(Align::Center) => r#"<w:jc w:val="center"/>"#,
                                Some(Align::Right) => r#"<w:jc w:val="right"/>"#,
                                _ => "",
                            };
                            let (width, grid_span) = if span {
                                (TABLE_WIDTH, format!(r#"<w:gridSpan w:val="{cols}"/>"#))
                            } else {
                                (widths.get(col).copied().unwrap_or(0), String::new())
                            };
                            r.push_str(&format!(
                                r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}</w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/>{jc}</w:pPr>{inner}</w:p></w:tc>"#
                            ));
                        }
                        r.push_str("</w:tr>");
                        r
                    };
                    x.push_str(&row(self, &t.header, true));
                    for r in &t.rows {
                        x.push_str(&row(self, r, false));
                    }
                    x.push_str("</w:tbl>");
                    out.push_str(&x);
                    for &n in &t.notes {
                        let x = self.block(chapter, &chapter.blocks[n]);
                        out.push_str(&x);
                    }
                }
                Node::Box(b) => {
                    let mut cell = String::new();
                    if let Some(t) = b.title {
                        let inner = run(&chapter.blocks[t].text, false, false);
                        let inner = match &b.id {
                            Some(id) => self.bookmark(&format!("pd_h_{id}"), &inner),
                            None => inner,
                        };
                        cell.push_str(&Self::para("BoxTitle", &inner));
                    }
                    cell.push_str(&self.nodes(chapter, &b.body, offset));
                    // A cell ends with a paragraph.
                    if !cell.ends_with("</w:p>") {
                        cell.push_str("<w:p/>");
                    }
                    out.push_str(&format!(
                        r#"<w:tbl><w:tblPr><w:tblStyle w:val="BoxTable"/><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="9000" w:type="dxa"/></w:tcPr>{cell}</w:tc></w:tr></w:tbl>"#
                    ));
                    out.push_str("<w:p/>");
                }
            }
        }
        out
    }
}

/// `2026-03-01` → `2026年3月1日` (the date of a cover, as `plandoc import` reads it back).
fn long_date(iso: &str, lang: Lang) -> String {
    let p: Vec<u32> = iso.split('-').filter_map(|x| x.parse().ok()).collect();
    match (lang, p.as_slice()) {
        (Lang::Zh, [y, m, d]) => format!("{y}年{m}月{d}日"),
        (Lang::Zh, [y, m]) => format!("{y}年{m}月"),
        _ => iso.to_string(),
    }
}

fn toc_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "目录",
        Lang::En => "Contents",
    }
}

/// One entry of the contents: its level, text and the bookmark of its heading.
struct TocEntry {
    level: usize,
    text: String,
    mark: String,
}

/// The contents: one paragraph per heading, its page number a `PAGEREF` field to the heading's
/// bookmark (not a `TOC` field: LibreOffice shows a TOC field's result as it was saved, so
/// without page numbers, but it lays out `PAGEREF` fields; Word updates them on opening, as
/// `settings.xml` asks). Each entry is a link to its heading.
fn contents(entries: &[TocEntry]) -> String {
    let mut out = String::new();
    for e in entries {
        out.push_str(&format!(
            r#"<w:p><w:pPr><w:pStyle w:val="TOC{}"/></w:pPr><w:hyperlink w:anchor="{mark}" w:history="1">{}<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF {mark} \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink></w:p>"#,
            e.level.clamp(1, 9),
            run(&e.text, false, false),
            mark = esc(&e.mark),
        ));
    }
    if out.is_empty() {
        out = Doc::para("TOC1", "");
    }
    out
}

/// A paragraph that ends a section of the gb9704 layout.
fn section_end(section: layout::Section) -> String {
    format!("<w:p><w:pPr>{}</w:pPr></w:p>", layout::sect_pr(section))
}

/// The .docx package of one language.
pub fn document(plan: &Plan, lang: Lang) -> Result<Vec<u8>, RenderError> {
    let m = &plan.meta;
    let lay = Layout::of(m.print.layout);
    let gbl = lay == Layout::Gb9704;
    let mut d = Doc {
        footnotes: String::new(),
        next_footnote: 1,
        next_bookmark: 1,
        tag_counts: HashMap::new(),
        toc_marks: HashMap::new(),
    };
    let t = |l: &crate::model::Localized| l.get(lang).clone();
    // Cover: the letterhead (gb9704), the notice, then the title.
    let mut body = String::new();
    if let (true, Some(lh), Some(n)) = (gbl, &m.print.letterhead, &m.notice) {
        let authority = lh.authority.as_ref().unwrap_or(&n.office);
        body.push_str(&Doc::para("Letterhead", &run(&t(authority), false, false)));
        let number = m.document_number.as_ref().map(t).unwrap_or_default();
        body.push_str(&Doc::para("DocumentNumber", &run(&number, false, false)));
    }
    if let Some(n) = &m.notice {
        // The notice's own title (`…关于印发《…》的通知`), as the site and the PDF print it.
        body.push_str(&Doc::para(
            "NoticeTitle",
            &run(&present::notice_title(m, lang), false, false),
        ));
        body.push_str(&Doc::para(
            "NoticeText",
            &run(&t(&n.addressees), false, false),
        ));
        for p in t(&n.body).split('\n').filter(|p| !p.trim().is_empty()) {
            body.push_str(&Doc::para("NoticeBody", &run(p.trim(), false, false)));
        }
        body.push_str(&Doc::para("NoticeSign", &run(&t(&n.office), false, false)));
        body.push_str(&Doc::para("NoticeSign", &run(&t(&n.date), false, false)));
        if let Some(x) = &n.disclosure {
            body.push_str(&Doc::para(
                "NoticeText",
                &run(&present::disclosure(&t(x), lang), false, false),
            ));
        }
    }
    let title = Doc::para("Title", &run(&t(&m.title), false, false));
    // gb9704 sets the title at the top of the text, after the contents, as the PDF does.
    if !gbl {
        body.push_str(&title);
    }
    if m.notice.is_none() {
        if gbl {
            body.push_str(&title);
        }
        body.push_str(&Doc::para("Subtitle", &run(&t(&m.issuer), false, false)));
        let date = m
            .edition
            .as_ref()
            .map(t)
            .unwrap_or_else(|| long_date(&m.issue_date, lang));
        body.push_str(&Doc::para("Subtitle", &run(&date, false, false)));
    }
    let parts = !m.parts.is_empty();
    let offset = usize::from(parts);
    let toc_levels = 2 + offset;
    let mut toc = Vec::new();
    let mut content = String::new();
    let mut part: Option<&str> = None;
    let mut next_mark = 0;
    for pair in &plan.chapters {
        let Some(ch) = pair.get(lang).or(pair.zh.as_ref()) else {
            continue;
        };
        if ch.part.as_deref() != part {
            part = ch.part.as_deref();
            if let Some(p) = part.and_then(|id| plan.part(id)) {
                let title = t(&p.title);
                toc.push(TocEntry {
                    level: 1,
                    text: title.clone(),
                    mark: format!("pd_h_{}", p.id),
                });
                let x = d.heading(1, &title, Some(&p.id));
                content.push_str(&x);
            }
        }
        if !plan.opens_part(ch) {
            let level = 1 + if ch.part.is_some() { offset } else { 0 };
            toc.push(TocEntry {
                level,
                text: ch.title.clone(),
                mark: format!("pd_h_{}", ch.id),
            });
            let x = d.heading(level, &ch.title, Some(&ch.id));
            content.push_str(&x);
        }
        let chapter_offset = if ch.part.is_some() { offset } else { 0 };
        for (i, h) in ch.headings.iter().enumerate() {
            let level = usize::from(h.level) + chapter_offset;
            if level <= toc_levels {
                let mark = match &h.id {
                    Some(id) => format!("pd_h_{id}"),
                    None => {
                        // Word's own kind of name for a contents target (the import ignores it).
                        next_mark += 1;
                        let mark = format!("_Toc_pd{next_mark}");
                        d.toc_marks.insert((ch.id.clone(), i), mark.clone());
                        mark
                    }
                };
                toc.push(TocEntry {
                    level,
                    text: h.text.clone(),
                    mark,
                });
            }
        }
        let x = d.nodes(ch, &ch.body, chapter_offset);
        content.push_str(&x);
    }
    if gbl {
        body.push_str(&section_end(layout::Section::Notice));
    }
    body.push_str(&Doc::para(
        "TOCHeading",
        &run(toc_title(lang), false, false),
    ));
    body.push_str(&contents(&toc));
    let last = if gbl {
        body.push_str(&section_end(layout::Section::Contents));
        if m.notice.is_some() {
            body.push_str(&title);
        }
        body.push_str(&content);
        match &m.print.imprint {
            Some(imp) => {
                body.push_str(&section_end(layout::Section::Body));
                body.push_str(&imprint(imp, lang));
                layout::Section::Imprint
            }
            None => layout::Section::Body,
        }
    } else {
        body.push_str(&content);
        layout::Section::Book
    };
    let sect = layout::sect_pr(last);
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W_NS}><w:body>{body}{sect}</w:body></w:document>"#
    );
    let footnotes = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{}</w:footnotes>"#,
        d.footnotes
    );
    let lang_tag = lang.bcp47();
    let title = esc(&t(&m.title));
    let (types, rels) = match lay {
        Layout::Book => (CONTENT_TYPES.to_string(), DOC_RELS.to_string()),
        Layout::Gb9704 => (
            CONTENT_TYPES.replace(
                "</Types>",
                r#"<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/></Types>"#,
            ),
            DOC_RELS.replace(
                "</Relationships>",
                r#"<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/><Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/></Relationships>"#,
            ),
        ),
    };
    let mut parts_xml: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", types),
        ("_rels/.rels", ROOT_RELS.to_string()),
        (
            "docProps/core.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:creator>plandoc</dc:creator><dc:language>{lang_tag}</dc:language></cp:coreProperties>"#
            ),
        ),
        ("docProps/app.xml", APP.to_string()),
        ("word/_rels/document.xml.rels", rels),
        ("word/document.xml", document),
        ("word/styles.xml", layout::styles(lang, lay)),
        ("word/numbering.xml", NUMBERING.to_string()),
        ("word/settings.xml", layout::settings(lay)),
        ("word/footnotes.xml", footnotes),
    ];
    parts_xml.extend(layout::footers(lay));
    if gbl {
        parts_xml.push(("word/fontTable.xml", layout::font_table()));
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        // A fixed timestamp: the same plan gives the same bytes.
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        let err = |e: &dyn std::fmt::Display| {
            RenderError::new(format!("cannot write the .docx package: {e}"))
        };
        for (name, text) in parts_xml {
            zip.start_file(name, opts).map_err(|e| err(&e))?;
            zip.write_all(text.as_bytes()).map_err(|e| err(&e))?;
        }
        zip.finish().map_err(|e| err(&e))?;
    }
    Ok(buf.into_inner())
}

/// The width of a table's grid in twips: the type area of GB/T 9704 (156 mm), which the book
/// layout's margins give too (the table itself is as wide as what holds it: a box is
/// narrower, and its columns keep their proportions).
const TABLE_WIDTH: i64 = 8844;

/// A category row: text in its first cell alone (`一、经济强（12项）`).
fn is_category<'a>(mut cells: impl Iterator<Item = &'a str>) -> bool {
    cells.next().is_some_and(|c| !c.trim().is_empty()) && cells.all(|c| c.trim().is_empty())
}

/// The width of a cell's text on one line, in ems: a Chinese (wide) character is one, other
/// characters half of one.
fn ems(s: &str) -> f64 {
    s.chars()
        .map(|c| {
            if c.is_ascii() || c < '\u{1100}' {
                0.5
            } else {
                1.0
            }
        })
        .sum()
}

/// The columns' widths in twips, the rule of the PDF edition's tables: each column as wide as
/// its longest cell on one line (plus the cell's padding) when they all fit `total`, the spare
/// width shared in proportion; otherwise the widest columns are cut down to one width and the
/// narrower keep theirs (the largest cap with which the columns fill the width), so that a
/// long indicator wraps before a narrow 序号 or unit column does.
fn column_widths<'a>(
    cols: usize,
    rows: impl Iterator<Item = Vec<&'a str>>,
    total: i64,
) -> Vec<i64> {
    let mut need = vec![1.0f64; cols];
    for row in rows {
        for (c, text) in row.iter().enumerate().take(cols) {
            let w = text.split('\n').map(ems).fold(0.0, f64::max) + 1.2;
            need[c] = need[c].max(w);
        }
    }
    // Cell text of 10.5 pt (五号, the table styles), in twips per em.
    let avail = total as f64 / 210.0;
    let sum: f64 = need.iter().sum();
    let widths: Vec<f64> = if sum <= avail {
        need.iter().map(|w| w / sum * avail).collect()
    } else {
        let mut sorted = need.clone();
        sorted.sort_by(f64::total_cmp);
        let (mut rest, mut left, mut cap) = (avail, cols as f64, f64::INFINITY);
        for w in sorted {
            if w <= rest / left {
                rest -= w;
                left -= 1.0;
            } else {
                cap = rest / left;
                break;
            }
        }
        need.iter().map(|w| w.min(cap)).collect()
    };
    let mut out: Vec<i64> = widths.iter().map(|w| (w * 210.0).floor() as i64).collect();
    // The rounding's remainder to the last column: the grid is exactly the table's width.
    let sum: i64 = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += total - sum;
    }
    out
}

/// The imprint (版记) of the gb9704 layout: a table at the foot of the last page, a thick rule
/// over and under it and a thin one between its rows: 抄送, then the printing office on the
/// left and the date on the right (GB/T 9704 7.4).
fn imprint(imp: &crate::model::Imprint, lang: Lang) -> String {
    let t = |l: &crate::model::Localized| l.get(lang).trim().to_string();
    let mut rows = Vec::new();
    if let Some(cc) = &imp.copies_to {
        let cc = t(cc);
        rows.push(match lang {
            Lang::Zh if cc.ends_with('。') => format!("抄送：{cc}"),
            Lang::Zh => format!("抄送：{cc}。"),
            Lang::En => format!("Copies to: {cc}"),
        });
    }
    let date = match lang {
        Lang::Zh => format!("{}印发", t(&imp.date)),
        Lang::En => format!("Printed on {}", t(&imp.date)),
    };
    let mut x = format!(
        r#"<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="{y}" w:lineRule="exact"/></w:pPr></w:p><w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:tblBorders><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="{w}"/></w:tblGrid>"#,
        w = crate::render::print::twips(crate::render::print::AREA_WIDTH_MM),
        // An empty line over it as high as the type area less the imprint (rows of 4号 text
        // with their padding, 10 mm each): LibreOffice places a floating table
        // (`w:tblpYSpec="bottom"`) at the top of the page.
        y = crate::render::print::twips(
            crate::render::print::AREA_HEIGHT_MM - 10.0 * (rows.len() + 1) as f64 - 5.0
        )
    );
    let row = |inner: &str| {
        format!(
            r#"<w:tr><w:tc><w:tcPr><w:tcW w:w="5000" w:type="pct"/></w:tcPr>{}</w:tc></w:tr>"#,
            Doc::para("Imprint", inner)
        )
    };
    for r in rows {
        x.push_str(&row(&run(&r, false, false)));
    }
    x.push_str(&row(&format!(
        "{}<w:r><w:tab/></w:r>{}",
        run(&t(&imp.office), false, false),
        run(&date, false, false)
    )));
    // The paragraph a document ends with, one point high, so that it stays on the page.
    x.push_str(r#"</w:tbl><w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>"#);
    x
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>plandoc</Application></Properties>"#;

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="840" w:hanging="420"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_as_wide_as_their_text() {
        let rows = [
            vec!["序号", "指标", "属性"],
            vec!["1", "地区生产总值年均增长（%）", "预期性"],
        ];
        let w = column_widths(3, rows.iter().cloned(), TABLE_WIDTH);
        assert_eq!(w.iter().sum::<i64>(), TABLE_WIDTH);
        assert!(w[0] < w[2] && w[2] < w[1], "{w:?}");
        // Too long for the width: the long column is cut down, the narrow ones keep theirs.
        let long = "单位地区生产总值建设用地使用面积下降率".repeat(3);
        let rows = [
            vec!["序号", "指标", "属性"],
            vec!["1", long.as_str(), "约束性"],
        ];
        let w = column_widths(3, rows.iter().cloned(), TABLE_WIDTH);
        assert_eq!(w.iter().sum::<i64>(), TABLE_WIDTH);
        assert_eq!(w[0], ((ems("序号") + 1.2) * 210.0).floor() as i64, "{w:?}");
        assert!(w[1] > 6000, "{w:?}");
    }

    #[test]
    fn category_rows_have_text_in_their_first_cell_alone() {
        assert!(is_category(["一、经济强（12项）", "", " "].into_iter()));
        assert!(!is_category(["1", "地区生产总值", ""].into_iter()));
        assert!(!is_category(["", "", ""].into_iter()));
    }
}
