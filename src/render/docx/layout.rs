//! The page of the Word edition: `styles.xml`, `settings.xml`, the footers and the section
//! properties, for the book layout (the default) and for `print: {layout: gb9704}`, the
//! official-document layout of the PDF edition (its numbers: [`crate::render::print`]; its faces:
//! the roles of [`crate::render::pdf::fonts::GB9704`]).
//!
//! In `gb9704` the section carries the standard's grid, `w:docGrid w:type="linesAndChars"`
//! with 22 lines and 28 characters (Word's Page Setup shows it), and the paragraphs are set to
//! that grid by their own metrics rather than by snapping to it (`w:snapToGrid w:val="0"`): a
//! line pitch of exactly 225 mm / 22 and characters condensed by 0.3 pt, so that 28 characters
//! of 16 pt fill the 156 mm line. LibreOffice puts a 16 pt character into two cells of a
//! 15.8 pt character grid (14 characters a line) when the paragraphs snap; condensed by 0.25 pt
//! it still breaks after 27.

use crate::model::{Lang, PrintLayout};
use crate::render::pdf::fonts::{Role, GB9704};
use crate::render::print as gb;

/// The page layout of one edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    Book,
    Gb9704,
}

impl Layout {
    pub(super) fn of(layout: PrintLayout) -> Self {
        match layout {
            PrintLayout::Book => Layout::Book,
            PrintLayout::Gb9704 => Layout::Gb9704,
        }
    }
}

/// The font a role of the gb9704 layout is named by in Word: the role's first family with a
/// Chinese name (`仿宋_GB2312`, the name Chinese Word and WPS list), and the family before it,
/// its English name, as the `w:altName` of the font table. A reader without the face gets
/// Word's (or fontconfig's) substitute; docs/docx.md says how to map it to the free face the
/// PDF uses.
pub(super) fn face(key: &str) -> (&'static str, Option<&'static str>) {
    let role: &Role = GB9704.iter().find(|r| r.key == key).expect("a gb9704 role");
    let at = role
        .families
        .iter()
        .position(|f| !f.is_ascii())
        .unwrap_or(0);
    let alt = at
        .checked_sub(1)
        .map(|i| role.families[i])
        .filter(|f| f.is_ascii());
    (role.families[at], alt)
}

/// The line pitch of the gb9704 grid in twips (225 mm / 22, rounded down so that 22 lines fit).
pub(super) fn line_pitch() -> i64 {
    (gb::AREA_HEIGHT_MM / 25.4 * 1440.0 / f64::from(gb::LINES)).floor() as i64
}

/// `w:charSpace` of the grid: how much the character pitch (type area width / 28) differs from
/// the 16 pt of the text, in 4096ths of a point.
pub(super) fn char_space() -> i64 {
    let width_pt = gb::twips(gb::AREA_WIDTH_MM) as f64 / 20.0;
    ((width_pt / f64::from(gb::CHARS) - gb::BODY_PT) * 4096.0).floor() as i64
}

fn half_points(pt: f64) -> i64 {
    (pt * 2.0).round() as i64
}

/// What a section of the edition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    /// The whole book edition.
    Book,
    /// gb9704: the letterhead and the notice (no page number).
    Notice,
    /// gb9704: the contents (roman page numbers).
    Contents,
    /// gb9704: the plan (arabic page numbers from 1, on an odd page).
    Body,
    /// gb9704: the imprint (版记), on a page of its own.
    Imprint,
}

/// The `w:sectPr` of a section.
pub(super) fn sect_pr(section: Section) -> String {
    if section == Section::Book {
        return r#"<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/><w:pgNumType w:start="1"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>"#.to_string();
    }
    let (kind, footers, numbers) = match section {
        Section::Notice => ("nextPage", false, String::new()),
        // Numbered sections start on an odd (right-hand) page: a page's number and its side
        // agree (LibreOffice sets a page numbered I or 1 as a right-hand page).
        Section::Contents => (
            "oddPage",
            true,
            r#"<w:pgNumType w:fmt="upperRoman" w:start="1"/>"#.to_string(),
        ),
        Section::Body => ("oddPage", true, r#"<w:pgNumType w:start="1"/>"#.to_string()),
        // On the next page, not `evenPage`: LibreOffice gives that page a style of its own
        // without the mirrored margins (its number then stands 2 mm off).
        _ => ("nextPage", true, String::new()),
    };
    let footers = if footers {
        r#"<w:footerReference w:type="default" r:id="rIdFooter"/><w:footerReference w:type="even" r:id="rIdFooterEven"/>"#
    } else {
        ""
    };
    // The footer's bottom edge 15 mm under the type area (22 mm over the page's edge) puts
    // the top of the numbers' 14 pt line 7 mm under the type area, as LibreOffice lays it out
    // (tests/docx.rs measures it).
    let footer = gb::twips(gb::bottom_mm() - gb::NUMBER_BELOW_MM - 6.0);
    format!(
        r#"<w:sectPr>{footers}<w:type w:val="{kind}"/><w:pgSz w:w="{}" w:h="{}"/><w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="851" w:footer="{footer}" w:gutter="0"/>{numbers}<w:docGrid w:type="linesAndChars" w:linePitch="{}" w:charSpace="{}"/></w:sectPr>"#,
        gb::twips(gb::PAGE_WIDTH_MM),
        gb::twips(gb::PAGE_HEIGHT_MM),
        gb::twips(gb::TOP_MM),
        gb::twips(gb::outer_mm()),
        gb::twips(gb::bottom_mm()),
        gb::twips(gb::BINDING_MM),
        line_pitch(),
        char_space(),
    )
}

pub(super) fn settings(layout: Layout) -> String {
    let pages = match layout {
        Layout::Book => "",
        // Odd pages have the binding on the left, even pages on the right; their footers
        // differ (the number at the outer corner).
        Layout::Gb9704 => r#"<w:mirrorMargins/><w:evenAndOddHeaders/>"#,
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{pages}<w:updateFields w:val="true"/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/><w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#
    )
}

fn page_field() -> &'static str {
    r#"<w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r>"#
}

/// The footers: (part name, XML). Book: `— N —` centred. gb9704: odd pages on the right and
/// even pages on the left, one character in from the edge of the type area.
pub(super) fn footers(layout: Layout) -> Vec<(&'static str, String)> {
    let ftr = |ppr: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:pStyle w:val="Footer"/>{ppr}</w:pPr>{}</w:p></w:ftr>"#,
            page_field()
        )
    };
    match layout {
        Layout::Book => vec![("word/footer1.xml", ftr(r#"<w:jc w:val="center"/>"#))],
        Layout::Gb9704 => {
            let em = gb::twips(gb::NUMBER_PT * 25.4 / 72.0);
            vec![
                (
                    "word/footer1.xml",
                    ftr(&format!(
                        r#"<w:ind w:right="{em}" w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="right"/>"#
                    )),
                ),
                (
                    "word/footer2.xml",
                    ftr(&format!(
                        r#"<w:ind w:left="{em}" w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/>"#
                    )),
                ),
            ]
        }
    }
}

/// `word/fontTable.xml` of the gb9704 layout: each face with its English name and its
/// character set (GB 2312), so that Word substitutes a Chinese face for a missing one.
pub(super) fn font_table() -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    for key in ["fangsong", "hei", "kai", "xiaobiaosong"] {
        let (name, alt) = face(key);
        let alt = alt
            .map(|a| format!(r#"<w:altName w:val="{a}"/>"#))
            .unwrap_or_default();
        let family = if key == "hei" { "modern" } else { "roman" };
        s.push_str(&format!(
            r#"<w:font w:name="{name}">{alt}<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="fixed"/></w:font>"#
        ));
    }
    s.push_str(r#"<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font><w:font w:name="宋体"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font></w:fonts>"#);
    s
}

fn para_style(id: &str, name: &str, ppr: &str, rpr: &str) -> String {
    format!(
        r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"#
    )
}

/// styles.xml: the built-in heading styles (`heading 1` … with their outline levels, so Word's
/// navigation pane and contents and `plandoc import` all see them), and the plan's own.
pub(super) fn styles(lang: Lang, layout: Layout) -> String {
    let gbl = layout == Layout::Gb9704;
    let lang_attr = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en-GB",
    };
    let (body_face, hei, kai, title_face) = if gbl {
        (
            face("fangsong").0,
            face("hei").0,
            face("kai").0,
            face("xiaobiaosong").0,
        )
    } else {
        ("SimSun", "SimHei", "SimHei", "SimHei")
    };
    let body_sz = if gbl { half_points(gb::BODY_PT) } else { 28 };
    let line = if gbl {
        format!(r#"w:line="{}" w:lineRule="exact""#, line_pitch())
    } else {
        r#"w:line="400" w:lineRule="exact""#.to_string()
    };
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{body_face}" w:cs="Times New Roman"/><w:sz w:val="{body_sz}"/><w:szCs w:val="{body_sz}"/><w:lang w:val="{lang_attr}" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" {line}/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>"#
    );
    let no_indent = r#"<w:ind w:firstLine="0" w:firstLineChars="0"/>"#;
    if gbl {
        // The text's size on Normal itself: LibreOffice sizes the grid by it.
        let indent = gb::twips(2.0 * gb::BODY_PT * 25.4 / 72.0);
        s.push_str(&format!(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:snapToGrid w:val="0"/><w:ind w:firstLineChars="200" w:firstLine="{indent}"/></w:pPr><w:rPr><w:spacing w:val="-6"/><w:sz w:val="{body_sz}"/><w:szCs w:val="{body_sz}"/></w:rPr></w:style>"#));
        let title_sz = half_points(gb::TITLE_PT);
        // 2号 小标宋, centred, a blank line under it: the plan's title and the notice's
        // (GB/T 9704 7.3.1: two lines under the red rule, which the letterhead's spacing gives).
        // Its lines a line and a half apart: a title of two lines and the blank line under it
        // take four lines of the grid, so that the text under it stays on the grid.
        for (id, name) in [("Title", "Title"), ("NoticeTitle", "Notice Title")] {
            s.push_str(&para_style(id, name, &format!(r#"<w:keepNext/><w:spacing w:before="0" w:after="{}" w:line="{}" w:lineRule="exact"/>{no_indent}<w:jc w:val="center"/>"#, line_pitch(), line_pitch() * 3 / 2), &format!(r#"<w:rFonts w:eastAsia="{title_face}"/><w:spacing w:val="0"/><w:sz w:val="{title_sz}"/><w:szCs w:val="{title_sz}"/>"#)));
        }
    } else {
        s.push_str(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="560"/></w:pPr></w:style>"#);
        s.push_str(&para_style("Title", "Title", r#"<w:spacing w:before="600" w:after="600" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#, r#"<w:rFonts w:eastAsia="SimHei"/><w:b/><w:sz w:val="44"/><w:szCs w:val="44"/>"#));
        // The notice's title: 18 pt 黑体, centred, over the addressees.
        s.push_str(&para_style("NoticeTitle", "Notice Title", r#"<w:keepNext/><w:spacing w:before="0" w:after="480" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#, r#"<w:rFonts w:eastAsia="SimHei"/><w:b/><w:sz w:val="36"/><w:szCs w:val="36"/>"#));
    }
    s.push_str(&para_style(
        "Subtitle",
        "Subtitle",
        r#"<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#,
        "",
    ));
    s.push_str(&para_style(
        "NoticeText",
        "Notice Text",
        r#"<w:ind w:firstLine="0" w:firstLineChars="0"/>"#,
        "",
    ));
    s.push_str(&para_style("NoticeBody", "Notice Body", "", ""));
    if gbl {
        // The signature four characters in from the right (GB/T 9704 7.3.5).
        let four = gb::twips(4.0 * gb::BODY_PT * 25.4 / 72.0);
        s.push_str(&para_style(
            "NoticeSign",
            "Notice Signature",
            &format!(r#"<w:ind w:right="{four}" w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="right"/>"#),
            "",
        ));
        let red = gb::RED;
        let mark = half_points(gb::AUTHORITY_PT);
        let pitch = line_pitch();
        // The mark 35 mm under the top of the type area (its first line's top), the number two
        // lines under it, the red rule 4 mm under the number and the title two lines below.
        let before = gb::twips(gb::AUTHORITY_BELOW_MM) - pitch + 20 * half_points(gb::BODY_PT) / 2;
        s.push_str(&para_style(
            "Letterhead",
            "Letterhead",
            &format!(r#"<w:spacing w:before="{before}" w:after="0" w:line="240" w:lineRule="auto"/>{no_indent}<w:jc w:val="center"/>"#),
            &format!(r#"<w:rFonts w:eastAsia="{title_face}"/><w:color w:val="{red}"/><w:spacing w:val="0"/><w:sz w:val="{mark}"/><w:szCs w:val="{mark}"/>"#),
        ));
        let rule = (gb::RULE_BELOW_NUMBER_MM / 25.4 * 72.0).round() as i64;
        s.push_str(&para_style(
            "DocumentNumber",
            "Document Number",
            &format!(r#"<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="{rule}" w:color="{red}"/></w:pBdr><w:spacing w:before="{}" w:after="{}"/>{no_indent}<w:jc w:val="center"/>"#, 2 * pitch, 2 * pitch),
            r#"<w:spacing w:val="0"/>"#,
        ));
        // 版记: 4号, one character in from each side, between thick rules.
        let em14 = gb::twips(gb::NUMBER_PT * 25.4 / 72.0);
        s.push_str(&para_style(
            "Imprint",
            "Imprint",
            &format!(r#"<w:tabs><w:tab w:val="right" w:pos="{}"/></w:tabs><w:spacing w:before="60" w:after="60" w:line="240" w:lineRule="auto"/><w:ind w:left="{em14}" w:right="{em14}" w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/>"#, gb::twips(gb::AREA_WIDTH_MM) - 2 * em14 - 220),
            r#"<w:spacing w:val="0"/><w:sz w:val="28"/><w:szCs w:val="28"/>"#,
        ));
    } else {
        s.push_str(&para_style(
            "NoticeSign",
            "Notice Signature",
            r#"<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="right"/>"#,
            "",
        ));
    }
    let sizes = [36, 32, 30, 28, 28, 28, 28, 28, 28];
    for (i, sz) in sizes.iter().enumerate() {
        let n = i + 1;
        let x = if gbl {
            // GB/T 9704: headings in the text size on the text's lines, run in like paragraphs
            // (indented two characters): 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋 bold.
            let (f, b) = match n {
                1 => (hei, ""),
                2 => (kai, ""),
                _ => (body_face, "<w:b/><w:bCs/>"),
            };
            format!(
                r#"<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:jc w:val="left"/><w:outlineLvl w:val="{i}"/></w:pPr><w:rPr><w:rFonts w:eastAsia="{f}"/>{b}</w:rPr></w:style>"#
            )
        } else {
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
            format!(
                r#"<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>{page}<w:spacing w:before="240" w:after="120" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/>{jc}<w:outlineLvl w:val="{i}"/></w:pPr><w:rPr><w:rFonts w:eastAsia="SimHei"/><w:b/><w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr></w:style>"#
            )
        };
        s.push_str(&x);
    }
    // Tables, boxes, notes and footnotes keep their smaller sizes in both layouts, on their
    // own line spacing (off the text's grid).
    let off_grid = if gbl {
        r#"<w:snapToGrid w:val="0"/>"#
    } else {
        ""
    };
    let tight = if gbl { r#"<w:spacing w:val="0"/>"# } else { "" };
    s.push_str(&para_style("Caption", "caption", r#"<w:keepNext/><w:spacing w:before="120" w:after="60"/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#, &format!(r#"<w:rFonts w:eastAsia="{hei}"/>{tight}<w:sz w:val="24"/>"#)));
    s.push_str(&para_style("TableText", "Table Text", &format!(r#"{off_grid}<w:spacing w:line="300" w:lineRule="exact"/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/>"#), &format!(r#"{tight}<w:sz w:val="21"/><w:szCs w:val="21"/>"#)));
    s.push_str(&para_style("TableHeader", "Table Header", &format!(r#"{off_grid}<w:spacing w:line="300" w:lineRule="exact"/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#), &format!(r#"<w:rFonts w:eastAsia="{hei}"/>{tight}<w:b/><w:sz w:val="21"/><w:szCs w:val="21"/>"#)));
    s.push_str(&para_style(
        "TableNote",
        "Table Note",
        &format!(r#"{off_grid}<w:ind w:firstLine="0" w:firstLineChars="0"/>"#),
        &format!(r#"{tight}<w:sz w:val="21"/><w:szCs w:val="21"/>"#),
    ));
    s.push_str(&para_style(
        "BoxTitle",
        "Box Title",
        r#"<w:keepNext/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#,
        &format!(r#"<w:rFonts w:eastAsia="{hei}"/><w:b/>"#),
    ));
    s.push_str(&para_style("ListBullet", "List Bullet", r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:ind w:left="840" w:hanging="420" w:firstLineChars="0"/>"#, ""));
    s.push_str(&para_style(
        "Term",
        "Term",
        r#"<w:keepNext/><w:ind w:firstLine="0" w:firstLineChars="0"/>"#,
        r#"<w:b/>"#,
    ));
    s.push_str(&para_style(
        "Definition",
        "Definition",
        r#"<w:ind w:left="560" w:firstLine="0" w:firstLineChars="0"/>"#,
        "",
    ));
    let width = gb::twips(gb::AREA_WIDTH_MM);
    let toc_tabs =
        format!(r#"<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{width}"/></w:tabs>"#);
    if gbl {
        // GB/T 9704 prints no contents; the plan's, in 4号 (14 pt), keeps to a few pages.
        s.push_str(&para_style(
            "TOCHeading",
            "TOC Heading",
            &format!(
                r#"<w:spacing w:after="{}"/>{no_indent}<w:jc w:val="center"/>"#,
                line_pitch()
            ),
            &format!(r#"<w:rFonts w:eastAsia="{hei}"/>"#),
        ));
    } else {
        s.push_str(&para_style("TOCHeading", "TOC Heading", r#"<w:pageBreakBefore/><w:spacing w:after="240"/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#, r#"<w:rFonts w:eastAsia="SimHei"/><w:b/><w:sz w:val="32"/>"#));
    }
    for n in 1..=9 {
        let left = (n - 1) * 420;
        let (ppr, rpr) = if gbl {
            (
                format!(
                    r#"{toc_tabs}{off_grid}<w:spacing w:line="440" w:lineRule="exact"/><w:ind w:left="{left}" w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/>"#
                ),
                format!(r#"{tight}<w:sz w:val="28"/><w:szCs w:val="28"/>"#),
            )
        } else {
            (
                format!(
                    r#"{toc_tabs}<w:ind w:left="{left}" w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/>"#
                ),
                String::new(),
            )
        };
        s.push_str(&para_style(
            &format!("TOC{n}"),
            &format!("toc {n}"),
            &ppr,
            &rpr,
        ));
    }
    s.push_str(&para_style("FootnoteText", "footnote text", &format!(r#"{off_grid}<w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/>"#), &format!(r#"{tight}<w:sz w:val="18"/><w:szCs w:val="18"/>"#)));
    if gbl {
        // 4号 宋体 numbers.
        let sz = half_points(gb::NUMBER_PT);
        s.push_str(&para_style(
            "Footer",
            "footer",
            &format!(r#"{off_grid}<w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/>"#),
            &format!(r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体"/><w:spacing w:val="0"/><w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/>"#),
        ));
    } else {
        s.push_str(&para_style(
            "Footer",
            "footer",
            r#"<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#,
            r#"<w:sz w:val="24"/>"#,
        ));
    }
    s.push_str(r#"<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>"#);
    s.push_str(r#"<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/></w:style>"#);
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
