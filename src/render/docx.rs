//! The Word edition for review: `output/docx/plan.zh.docx` (and `plan.en.docx` when the plan
//! has English), written as a package of WordprocessingML parts with `zip` and `quick-xml`'s
//! escaping (why no docx crate: see `src/import/docx`; `docx-rs` writes footnotes and bookmarks
//! but not a bookmark spanning the runs of a tag inside a table cell inside a box, and owning
//! the XML keeps the edition byte-reproducible).
//!
//! What it holds: the notice and the title, a table-of-contents field (Word asks to update it on
//! opening; LibreOffice shows the headings already listed in it), parts and chapters as
//! `Heading 1`/`Heading 2` …, every heading at its level with its numbering as text, paragraphs
//! with their bold lead phrases, lists, tables as Word tables (header row repeated on each page),
//! boxes (专栏) as bordered single-cell tables titled in the `Box Title` style, footnotes as Word
//! footnotes, page numbers in the footer. Bookmarks carry the plan's IDs so that
//! `plandoc import` gives the plan back: `pd_h_<id>` on parts, chapters, headings, boxes and
//! table captions, the target's ID on its statement (`[…](target:id)`: reviewers jump to it with
//! Insert › Bookmark), `pd_b_<id>_N` and `pd_m_<id>_N` on baselines and mentions.

use crate::model::{Block, BlockKind, Chapter, Inline, Lang, Node, Plan, TagKind};
use crate::render::RenderError;
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
                    let x = self.heading(level, &h.text, h.id.as_deref());
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
                    let cols = t.header.len().max(1);
                    let width = 9000 / cols;
                    let mut x = format!(
                        r#"<w:tbl><w:tblPr><w:tblStyle w:val="PlanTable"/><w:tblW w:w="5000" w:type="pct"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{}</w:tblGrid>"#,
                        format!(r#"<w:gridCol w:w="{width}"/>"#).repeat(cols)
                    );
                    let row = |doc: &mut Self, cells: &[usize], header: bool| {
                        let mut r = String::from("<w:tr>");
                        if header {
                            r.push_str("<w:trPr><w:tblHeader/></w:trPr>");
                        }
                        for &c in cells {
                            let inner =
                                doc.inlines(chapter, &chapter.blocks[c].inlines, false, false);
                            let style = if header { "TableHeader" } else { "TableText" };
                            r.push_str(&format!(
                                r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{}</w:tc>"#,
                                Self::para(style, &inner)
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

/// The .docx package of one language.
pub fn document(plan: &Plan, lang: Lang) -> Result<Vec<u8>, RenderError> {
    let m = &plan.meta;
    let mut d = Doc {
        footnotes: String::new(),
        next_footnote: 1,
        next_bookmark: 1,
        tag_counts: HashMap::new(),
    };
    let t = |l: &crate::model::Localized| l.get(lang).clone();
    // Cover: the notice, then the title.
    let mut body = String::new();
    if let Some(n) = &m.notice {
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
                &run(&format!("（{}）", t(x)), false, false),
            ));
        }
    }
    body.push_str(&Doc::para("Title", &run(&t(&m.title), false, false)));
    if m.notice.is_none() {
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
    // The table of contents: a TOC field whose result already lists the headings.
    let mut toc = String::new();
    let mut content = String::new();
    let mut part: Option<&str> = None;
    for pair in &plan.chapters {
        let Some(ch) = pair.get(lang).or(pair.zh.as_ref()) else {
            continue;
        };
        if ch.part.as_deref() != part {
            part = ch.part.as_deref();
            if let Some(p) = part.and_then(|id| plan.part(id)) {
                let title = t(&p.title);
                toc.push_str(&Doc::para("TOC1", &run(&title, false, false)));
                let x = d.heading(1, &title, Some(&p.id));
                content.push_str(&x);
            }
        }
        let is_intro = ch
            .part
            .as_deref()
            .and_then(|id| plan.part(id))
            .is_some_and(|p| t(&p.title) == ch.title);
        if !is_intro {
            let level = 1 + if ch.part.is_some() { offset } else { 0 };
            toc.push_str(&Doc::para(
                &format!("TOC{level}"),
                &run(&ch.title, false, false),
            ));
            let x = d.heading(level, &ch.title, Some(&ch.id));
            content.push_str(&x);
        }
        let chapter_offset = if ch.part.is_some() { offset } else { 0 };
        for h in &ch.headings {
            let level = usize::from(h.level) + chapter_offset;
            if level <= 2 + offset {
                toc.push_str(&Doc::para(
                    &format!("TOC{}", level.min(9)),
                    &run(&h.text, false, false),
                ));
            }
        }
        let x = d.nodes(ch, &ch.body, chapter_offset);
        content.push_str(&x);
    }
    body.push_str(&Doc::para(
        "TOCHeading",
        &run(toc_title(lang), false, false),
    ));
    let toc_levels = 2 + offset;
    if toc.is_empty() {
        toc = Doc::para("TOC1", "");
    }
    // The field spans the entries: begin + instruction in the first, end after the last.
    let begin = format!(
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-{toc_levels}" \h \z \u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#
    );
    let toc = toc.replacen("</w:pPr>", &format!("</w:pPr>{begin}"), 1);
    let end = r#"<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#;
    let toc = match toc.rfind("</w:p>") {
        Some(i) => format!("{}{end}", &toc[..i]),
        None => toc,
    };
    body.push_str(&toc);
    body.push_str(&content);
    let sect = r#"<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/><w:pgNumType w:start="1"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>"#;
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
    let parts_xml: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        (
            "docProps/core.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:creator>plandoc</dc:creator><dc:language>{lang_tag}</dc:language></cp:coreProperties>"#
            ),
        ),
        ("docProps/app.xml", APP.to_string()),
        ("word/_rels/document.xml.rels", DOC_RELS.to_string()),
        ("word/document.xml", document),
        ("word/styles.xml", styles(lang)),
        ("word/numbering.xml", NUMBERING.to_string()),
        ("word/settings.xml", SETTINGS.to_string()),
        ("word/footnotes.xml", footnotes),
        ("word/footer1.xml", FOOTER.to_string()),
    ];
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

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>plandoc</Application></Properties>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:updateFields w:val="true"/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/><w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

const FOOTER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#;

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="840" w:hanging="420"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

/// styles.xml: the built-in heading styles (`heading 1` … with their outline levels, so Word's
/// navigation pane and contents and `plandoc import` all see them), and the plan's own.
fn styles(lang: Lang) -> String {
    let (lang_attr, east) = match lang {
        Lang::Zh => ("zh-CN", "SimSun"),
        Lang::En => ("en-GB", "SimSun"),
    };
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{east}" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="{lang_attr}" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="400" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>"#
    );
    let para = |id: &str, name: &str, ppr: &str, rpr: &str| {
        format!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"#
        )
    };
    s.push_str(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="560"/></w:pPr></w:style>"#);
    s.push_str(&para("Title", "Title", r#"<w:spacing w:before="600" w:after="600" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#, r#"<w:rFonts w:eastAsia="SimHei"/><w:b/><w:sz w:val="44"/><w:szCs w:val="44"/>"#));
    s.push_str(&para(
        "Subtitle",
        "Subtitle",
        r#"<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#,
        "",
    ));
    s.push_str(&para(
        "NoticeText",
        "Notice Text",
        r#"<w:ind w:firstLine="0" w:firstLineChars="0"/>"#,
        "",
    ));
    s.push_str(&para("NoticeBody", "Notice Body", "", ""));
    s.push_str(&para(
        "NoticeSign",
        "Notice Signature",
        r#"<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="right"/>"#,
        "",
    ));
    let sizes = [36, 32, 30, 28, 28, 28, 28, 28, 28];
    for (i, sz) in sizes.iter().enumerate() {
        let n = i + 1;
        let page = if n == 1 {
            r#"<w:pageBreakBefore/>"#
        } else {
            ""
        };
        let jc = if n == 1 {
            r#"<w:jc w:val="center"/>"#
        } else {
            ""
        };
        s.push_str(&format!(
            r#"<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>{page}<w:spacing w:before="240" w:after="120" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/>{jc}<w:outlineLvl w:val="{i}"/></w:pPr><w:rPr><w:rFonts w:eastAsia="SimHei"/><w:b/><w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr></w:style>"#
        ));
    }
    s.push_str(&para("Caption", "caption", r#"<w:keepNext/><w:spacing w:before="120" w:after="60"/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#, r#"<w:rFonts w:eastAsia="SimHei"/><w:sz w:val="24"/>"#));
    s.push_str(&para("TableText", "Table Text", r#"<w:spacing w:line="300" w:lineRule="exact"/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/>"#, r#"<w:sz w:val="21"/><w:szCs w:val="21"/>"#));
    s.push_str(&para("TableHeader", "Table Header", r#"<w:spacing w:line="300" w:lineRule="exact"/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#, r#"<w:rFonts w:eastAsia="SimHei"/><w:b/><w:sz w:val="21"/><w:szCs w:val="21"/>"#));
    s.push_str(&para(
        "TableNote",
        "Table Note",
        r#"<w:ind w:firstLine="0" w:firstLineChars="0"/>"#,
        r#"<w:sz w:val="21"/><w:szCs w:val="21"/>"#,
    ));
    s.push_str(&para(
        "BoxTitle",
        "Box Title",
        r#"<w:keepNext/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#,
        r#"<w:rFonts w:eastAsia="SimHei"/><w:b/>"#,
    ));
    s.push_str(&para("ListBullet", "List Bullet", r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:ind w:left="840" w:hanging="420" w:firstLineChars="0"/>"#, ""));
    s.push_str(&para(
        "Term",
        "Term",
        r#"<w:keepNext/><w:ind w:firstLine="0" w:firstLineChars="0"/>"#,
        r#"<w:b/>"#,
    ));
    s.push_str(&para(
        "Definition",
        "Definition",
        r#"<w:ind w:left="560" w:firstLine="0" w:firstLineChars="0"/>"#,
        "",
    ));
    s.push_str(&para("TOCHeading", "TOC Heading", r#"<w:pageBreakBefore/><w:spacing w:after="240"/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#, r#"<w:rFonts w:eastAsia="SimHei"/><w:b/><w:sz w:val="32"/>"#));
    for n in 1..=9 {
        let left = (n - 1) * 420;
        s.push_str(&para(
            &format!("TOC{n}"),
            &format!("toc {n}"),
            &format!(r#"<w:ind w:left="{left}" w:firstLine="0" w:firstLineChars="0"/>"#),
            "",
        ));
    }
    s.push_str(&para("FootnoteText", "footnote text", r#"<w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/>"#, r#"<w:sz w:val="18"/><w:szCs w:val="18"/>"#));
    s.push_str(&para(
        "Footer",
        "footer",
        r#"<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#,
        r#"<w:sz w:val="24"/>"#,
    ));
    s.push_str(r#"<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>"#);
    let border = |w: u32| {
        format!(
            r#"<w:tblBorders><w:top w:val="single" w:sz="{w}" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="{w}" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="{w}" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="{w}" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="{w}" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="{w}" w:space="0" w:color="000000"/></w:tblBorders>"#
        )
    };
    s.push_str(&format!(
        r#"<w:style w:type="table" w:styleId="PlanTable"><w:name w:val="Plan Table"/><w:tblPr>{}<w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
        border(4)
    ));
    s.push_str(&format!(
        r#"<w:style w:type="table" w:styleId="BoxTable"><w:name w:val="Box Table"/><w:tblPr>{}<w:tblCellMar><w:top w:w="120" w:type="dxa"/><w:left w:w="160" w:type="dxa"/><w:bottom w:w="120" w:type="dxa"/><w:right w:w="160" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
        border(8)
    ));
    s.push_str("</w:styles>");
    s
}
