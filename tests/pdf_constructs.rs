//! The printed editions of the construct fixtures (tests/fixtures/constructs/): tables, boxes,
//! footnotes, definition lists, parts, appendices, headings to level 6, a plan in Chinese only
//! and one whose English is in progress. Each fixture is built with `plandoc build --only pdf`
//! (the real typst and Noto CJK fonts) and read back with poppler's `pdftotext`.
//!
//! Like tests/pdf.rs these tests need typst 0.15.x, fonts-noto-cjk and poppler-utils; when one
//! is missing they FAIL and say to run scripts/setup.sh: they never skip.

mod common;

use plandoc::model::{plain_text, Block, BlockKind, Chapter, Inline, Lang, Node, Plan, Table};
use plandoc::render::pdf::typst::Typst;
use plandoc::render::pdf::Edition;
use std::path::{Path, PathBuf};
use std::process::Command;

const SETUP: &str =
    "run scripts/setup.sh (it installs typst 0.15.1, fonts-noto-cjk and poppler-utils)";

// ------------------------------------------------------------------ tools and building

fn tools() {
    Typst::locate().unwrap_or_else(|e| {
        panic!("the PDF tests need typst and the Noto CJK fonts: {e}\n{SETUP}")
    });
    for tool in ["pdftotext", "pdffonts", "pdfinfo"] {
        let ok = Command::new(tool).arg("-v").output().is_ok();
        assert!(ok, "the PDF tests need `{tool}` (poppler-utils): {SETUP}");
    }
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn construct(name: &str) -> PathBuf {
    common::fixture("constructs").join(name)
}

/// `plandoc build --only pdf` of `plan` into a temporary folder; returns it and `out/pdf`.
fn build(plan: &Path) -> (tempfile::TempDir, PathBuf) {
    tools();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let res = Command::new(env!("CARGO_BIN_EXE_plandoc"))
        .args(["build", "--only", "pdf", "--plan"])
        .arg(plan)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run plandoc");
    assert!(
        res.status.success(),
        "plandoc build --only pdf of {} failed ({}):\n{}{}",
        plan.display(),
        res.status,
        String::from_utf8_lossy(&res.stdout),
        String::from_utf8_lossy(&res.stderr)
    );
    (dir, out.join("pdf"))
}

fn load(plan: &Path) -> Plan {
    let (plan, diags) = plandoc::driver::check_plan(plan).expect("a plan folder");
    assert!(!diags.has_errors(), "the fixture must pass check");
    plan
}

/// The PDF files in a folder, sorted.
fn pdf_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    names.sort();
    names
}

// ------------------------------------------------------------------ reading PDFs

/// Whitespace, hyphens (line-end hyphenation), soft hyphens and word joiners removed, curly
/// quotes made straight: Chinese lines break anywhere, English ones at hyphens, and the PDF
/// prints the typographic quotes of the source's straight ones.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{AD}' | '\u{2060}'))
        .map(|c| match c {
            '“' | '”' => '"',
            '‘' | '’' => '\'',
            _ => c,
        })
        .collect()
}

/// A PDF read back: the `pdftotext -layout` text of each physical page (index 0 = page 1).
struct Pdf {
    path: PathBuf,
    pages: Vec<String>,
}

impl Pdf {
    fn read(path: &Path) -> Pdf {
        assert!(path.is_file(), "{} was not written", path.display());
        let info = stdout(Command::new("pdfinfo").arg(path));
        let count: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .expect("pdfinfo gives the page count")
            .trim()
            .parse()
            .unwrap();
        let text = stdout(Command::new("pdftotext").arg("-layout").arg(path).arg("-"));
        let mut pages: Vec<String> = text.split('\x0c').map(str::to_string).collect();
        pages.truncate(count);
        assert_eq!(pages.len(), count, "one text page per PDF page");
        Pdf {
            path: path.to_path_buf(),
            pages,
        }
    }

    fn name(&self) -> String {
        self.path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    }

    /// The text of one physical page (1-based) read on its own (`pdftotext -f N -l N`).
    fn page(&self, n: usize) -> String {
        stdout(
            Command::new("pdftotext")
                .args(["-layout", "-f", &n.to_string(), "-l", &n.to_string()])
                .arg(&self.path)
                .arg("-"),
        )
    }

    /// The physical pages (1-based) whose text holds `text` (compared squashed).
    fn pages_with(&self, text: &str) -> Vec<usize> {
        let key = squash(text);
        (0..self.pages.len())
            .filter(|&i| squash(&self.pages[i]).contains(&key))
            .map(|i| i + 1)
            .collect()
    }

    /// The first page after the contents that holds `text`: the body (the cover and the
    /// contents repeat titles).
    fn body_page_with(&self, text: &str) -> usize {
        let contents = self.contents_page();
        *self
            .pages_with(text)
            .iter()
            .find(|&&p| p > contents)
            .unwrap_or_else(|| {
                panic!(
                    "{}: no body page holds `{text}`:\n{}",
                    self.name(),
                    self.pages.join("\n----- page -----\n")
                )
            })
    }

    /// The physical page of the table of contents (the first one with leader dots).
    fn contents_page(&self) -> usize {
        1 + self
            .pages
            .iter()
            .position(|p| p.contains(". . . ."))
            .unwrap_or_else(|| panic!("{}: no contents page", self.name()))
    }

    /// The entries of the contents: (indentation, squashed text before the leader dots).
    fn contents(&self) -> Vec<(usize, String)> {
        let page = &self.pages[self.contents_page() - 1];
        page.lines()
            .filter_map(|line| {
                let at = line.find(". . .")?;
                let text = line[..at].trim_end_matches(['.', ' ']);
                let indent = text.len() - text.trim_start().len();
                Some((indent, squash(text)))
            })
            .collect()
    }
}

/// Finds `needles` in `hay` one after the other (all squashed); `Err` names the first one
/// missing after the previous.
fn in_order(hay: &str, needles: &[String]) -> Result<(), String> {
    let hay = squash(hay);
    let mut from = 0;
    for n in needles {
        let key = squash(n);
        match hay[from..].find(&key) {
            Some(i) => from += i + key.len(),
            None => return Err(key),
        }
    }
    Ok(())
}

// ------------------------------------------------------------------ the model's text

fn zh_chapter<'a>(plan: &'a Plan, id: &str) -> &'a Chapter {
    plan.chapter(id).and_then(|p| p.zh.as_ref()).unwrap()
}

fn chapter_in<'a>(plan: &'a Plan, id: &str, lang: Lang) -> &'a Chapter {
    plan.chapter(id).and_then(|p| p.get(lang)).unwrap()
}

fn text_of(ch: &Chapter, idx: usize) -> String {
    ch.blocks[idx].text.clone()
}

/// The languages whose text an edition prints, in print order.
fn printed(e: Edition) -> &'static [Lang] {
    e.langs()
}

/// Checks one table on one page in one language: the caption, then the header row, then every
/// body row, each row's cells in reading order on one line of the page, then the notes.
fn check_table(pdf: &Pdf, page: usize, ch: &Chapter, t: &Table) {
    let text = pdf.page(page);
    let lines: Vec<&str> = text.lines().collect();
    let here = format!("{} page {page}, table {}", pdf.name(), t.key);
    let mut at = 0;
    if let Some(c) = t.caption {
        // The caption may wrap: its beginning is enough to place it.
        let head: String = squash(&text_of(ch, c)).chars().take(12).collect();
        at = lines
            .iter()
            .position(|l| squash(l).contains(&head))
            .unwrap_or_else(|| panic!("{here}: no caption `{head}`:\n{text}"));
    }
    let rows = std::iter::once(&t.header).chain(&t.rows);
    for (r, row) in rows.enumerate() {
        let cells: Vec<String> = row.iter().map(|&c| text_of(ch, c)).collect();
        let found = lines[at..]
            .iter()
            .position(|l| in_order(l, &cells).is_ok())
            .unwrap_or_else(|| {
                panic!("{here}: row {r} {cells:?} is not on one line, in order, after line {at}:\n{text}")
            });
        at += found + 1;
    }
    let rest = lines[at..].join("\n");
    let notes: Vec<String> = t.notes.iter().map(|&n| text_of(ch, n)).collect();
    if let Err(missing) = in_order(&rest, &notes) {
        panic!("{here}: note `{missing}` not under the table:\n{text}");
    }
}

fn all_editions(plan: &Plan) -> &'static [Edition] {
    Edition::for_plan(plan)
}

// ------------------------------------------------------------------ tests

#[test]
fn table_rows_come_in_order_with_caption_header_and_notes() {
    let dir = construct("table");
    let plan = load(&dir);
    let (_tmp, pdf_dir) = build(&dir);
    for &e in all_editions(&plan) {
        let pdf = Pdf::read(&pdf_dir.join(e.file_name()));
        for &lang in printed(e) {
            let ch = chapter_in(&plan, "goals", lang);
            let t = ch.tables()[0];
            let caption = text_of(ch, t.caption.unwrap());
            let head: String = caption.chars().take(10).collect();
            check_table(&pdf, pdf.body_page_with(&head), ch, t);
        }
        // The bilingual edition prints the zh table, then the en one.
        if e == Edition::Bilingual {
            let page = pdf.body_page_with("表1");
            let zh = zh_chapter(&plan, "goals");
            let en = chapter_in(&plan, "goals", Lang::En);
            let last =
                |c: &Chapter| text_of(c, *c.tables()[0].rows.last().unwrap().last().unwrap());
            let first = |c: &Chapter| text_of(c, c.tables()[0].caption.unwrap());
            let order = [first(zh), last(zh), first(en), last(en)];
            if let Err(m) = in_order(&pdf.page(page), &order) {
                panic!("bilingual: `{m}` out of order: zh table, then en table");
            }
        }
        // The plan's own table replaces the generated indicator table.
        let generated = match e {
            Edition::En => "Main Indicators of the",
            _ => "服务业发展规划主要指标",
        };
        assert!(
            pdf.pages_with(generated).is_empty(),
            "{}: the generated indicator table is printed besides the plan's own",
            pdf.name()
        );
    }
}

/// The table fixture with `n` more body rows (the same in zh and en).
fn long_table_plan(n: usize) -> (tempfile::TempDir, PathBuf) {
    let (dir, plan) = common::temp_plan("constructs/table");
    for lang in ["zh", "en"] {
        let file = plan.join(format!("chapters/01-goals.{lang}.md"));
        let text = std::fs::read_to_string(&file).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let last = lines.iter().rposition(|l| l.starts_with('|')).unwrap();
        let rows = (1..=n).map(|k| match lang {
            "zh" => format!("| 第{k}项指标 | 个 | {k} | {} | 预期性 |", 2 * k),
            _ => format!(
                "| Indicator number {k} | units | {k} | {} | Expected |",
                2 * k
            ),
        });
        lines.splice(last + 1..last + 1, rows);
        std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    }
    (dir, plan)
}

#[test]
fn a_long_table_repeats_its_header_row_on_every_page() {
    let (_plan_tmp, dir) = long_table_plan(80);
    let plan = load(&dir);
    let (_tmp, pdf_dir) = build(&dir);
    for &e in all_editions(&plan) {
        let pdf = Pdf::read(&pdf_dir.join(e.file_name()));
        for &lang in printed(e) {
            let ch = chapter_in(&plan, "goals", lang);
            let t = ch.tables()[0];
            let cell = |r: &Vec<usize>| text_of(ch, r[0]);
            let (first, last) = (cell(&t.rows[0]), cell(t.rows.last().unwrap()));
            let (from, to) = (pdf.body_page_with(&first), pdf.body_page_with(&last));
            assert!(to > from, "{}: 83 rows on one page", pdf.name());
            let header: Vec<String> = t.header.iter().map(|&c| text_of(ch, c)).collect();
            for page in from..=to {
                let text = pdf.page(page);
                assert!(
                    text.lines().any(|l| in_order(l, &header).is_ok()),
                    "{} page {page} ({lang:?}): no header row {header:?}:\n{text}",
                    pdf.name()
                );
            }
            // Every row is printed, in order.
            let rows: Vec<String> = t.rows.iter().map(cell).collect();
            let pages: Vec<String> = (from..=to).map(|p| pdf.page(p)).collect();
            let flow = if e == Edition::Bilingual {
                // Both tables share the pages: keep the lines of this language's table.
                let han = |l: &&str| l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
                pages
                    .iter()
                    .flat_map(|p| p.lines())
                    .filter(|l| han(l) == (lang == Lang::Zh))
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                pages.concat()
            };
            if let Err(m) = in_order(&flow, &rows) {
                panic!(
                    "{} ({lang:?}): row `{m}` missing or out of order",
                    pdf.name()
                );
            }
        }
    }
}

/// Typst syntax in a table cell and a footnote is printed as written (plan text travels as
/// JSON strings only).
#[test]
fn hostile_text_in_cells_and_footnotes_is_printed_verbatim() {
    const HOSTILE: &str = r#"#read("/etc/passwd") $x$ @ref // \ #import "@preview/x:0.1.0""#;
    let (_plan_tmp, dir) = common::temp_plan("constructs/table");
    for (lang, cell, para) in [
        ("zh", "森林覆盖率", "主要指标如下表。"),
        ("en", "Forest coverage", "shown in the table below."),
    ] {
        let file = dir.join(format!("chapters/01-goals.{lang}.md"));
        let text = std::fs::read_to_string(&file).unwrap();
        let text = text
            .replace(cell, &format!("{cell} {HOSTILE}"))
            .replace(para, &format!("{para}[^h]"));
        std::fs::write(&file, format!("{text}\n[^h]: {HOSTILE}\n")).unwrap();
    }
    let (_tmp, pdf_dir) = build(&dir);
    for file in pdf_files(&pdf_dir) {
        // Reading order (`-raw`): the lines of a wrapped cell one after the other.
        let raw = Command::new("pdftotext")
            .arg("-raw")
            .arg(pdf_dir.join(&file))
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8(raw.stdout).unwrap();
        let count = squash(&text).matches(&squash(HOSTILE)).count();
        let expected = if file.contains("bilingual") { 4 } else { 2 };
        assert_eq!(
            count, expected,
            "{file}: the hostile text in a cell and a footnote"
        );
    }
}

#[test]
fn box_has_its_title_list_and_table() {
    let dir = construct("box");
    let plan = load(&dir);
    let (_tmp, pdf_dir) = build(&dir);
    for &e in all_editions(&plan) {
        let pdf = Pdf::read(&pdf_dir.join(e.file_name()));
        for &lang in printed(e) {
            let ch = chapter_in(&plan, "projects", lang);
            let b = ch.boxes()[0];
            let title = text_of(ch, b.title.unwrap());
            let page = pdf.body_page_with(&title);
            // Title, then the box's paragraphs and list items in order, then its table.
            let mut texts = vec![title.clone()];
            let mut items = 0;
            for node in &b.body {
                if let Node::Block(i) = node {
                    if matches!(ch.blocks[*i].kind, BlockKind::ListItem { .. }) {
                        items += 1;
                    }
                    texts.push(text_of(ch, *i));
                }
            }
            assert_eq!(items, 2, "the fixture's box holds a list of two items");
            if let Err(m) = in_order(&pdf.page(page), &texts) {
                panic!(
                    "{} page {page}: `{m}` of box `{title}` missing or out of order",
                    pdf.name()
                );
            }
            let tables: Vec<&Table> = b
                .body
                .iter()
                .filter_map(|n| match n {
                    Node::Table(t) => Some(t),
                    _ => None,
                })
                .collect();
            assert_eq!(tables.len(), 1);
            check_table(&pdf, page, ch, tables[0]);
        }
    }
}

/// The footnote fixture with `n` filler paragraphs between the two footnoted paragraphs, so
/// that the second footnote's mark is pages away from the first.
fn long_footnote_plan(n: usize) -> (tempfile::TempDir, PathBuf) {
    let (dir, plan) = common::temp_plan("constructs/footnotes");
    let file = |lang: &str| plan.join(format!("chapters/01-environment.{lang}.md"));
    let filler = |lang: &str| -> String {
        let para = match lang {
            "zh" => "持续改善环境空气质量，强化多污染物协同控制和区域协同治理，加强细颗粒物和臭氧协同控制，基本消除重污染天气。",
            _ => "We will keep improving air quality, strengthen the coordinated control of several pollutants and regional cooperation, and control fine particulate matter and ozone together.",
        };
        (0..n).map(|_| format!("{para}\n\n")).collect()
    };
    for (lang, second) in [
        ("zh", "推进“无废城市”"),
        ("en", "We will build a \"zero-waste city\""),
    ] {
        let text = std::fs::read_to_string(file(lang)).unwrap();
        let at = text.find(second).expect("the second footnoted paragraph");
        let text = format!("{}{}{}", &text[..at], filler(lang), &text[at..]);
        std::fs::write(file(lang), text).unwrap();
    }
    (dir, plan)
}

/// The plain text of a block up to a footnote reference `label`.
fn text_before_mark(block: &Block, label: &str) -> Option<String> {
    let at = block
        .inlines
        .iter()
        .position(|i| matches!(i, Inline::FootnoteRef { label: l, .. } if l == label))?;
    Some(plain_text(&block.inlines[..at]))
}

#[test]
fn a_footnote_is_printed_on_the_page_of_its_mark() {
    let (_plan_tmp, dir) = long_footnote_plan(40);
    let plan = load(&dir);
    let (_tmp, pdf_dir) = build(&dir);
    for &e in all_editions(&plan) {
        let pdf = Pdf::read(&pdf_dir.join(e.file_name()));
        let mut mark_pages = Vec::new();
        for &lang in printed(e) {
            let ch = chapter_in(&plan, "environment", lang);
            assert_eq!(ch.footnotes.len(), 2);
            for f in &ch.footnotes {
                let n = ch.footnote_number(&f.label).unwrap();
                let before = ch
                    .blocks
                    .iter()
                    .find_map(|b| text_before_mark(b, &f.label))
                    .expect("a mark");
                // The mark: the last characters before it, then its number.
                let tail: String = {
                    let s = squash(&before);
                    let chars: Vec<char> = s.chars().collect();
                    chars[chars.len().saturating_sub(4)..].iter().collect()
                };
                let mark = format!("{tail}{n}");
                let pages = pdf.pages_with(&mark);
                assert_eq!(
                    pages.len(),
                    1,
                    "{}: the mark `{mark}` of footnote {} ({lang:?}) is on one page: {pages:?}",
                    pdf.name(),
                    f.label
                );
                // The footnote: its number, then its text, at the foot of that page. In the
                // bilingual edition the en mark refers to the same footnote, printed with the
                // zh text followed by the en text.
                let note: String = squash(&text_of(ch, f.block)).chars().take(14).collect();
                let entry = match lang {
                    Lang::En if e == Edition::Bilingual => note.clone(),
                    _ => format!("{n}{note}"),
                };
                let found = pdf.pages_with(&entry);
                assert_eq!(
                    found,
                    pages,
                    "{}: footnote {} ({lang:?}) `{entry}` is not (only) on the page of its mark",
                    pdf.name(),
                    f.label
                );
                mark_pages.push(pages[0]);
            }
        }
        // The filler puts the two footnotes on different pages: the test is not trivial.
        assert!(
            mark_pages[0] < mark_pages[1],
            "{}: both footnotes on page {}",
            pdf.name(),
            mark_pages[0]
        );
    }
}

#[test]
fn terms_and_definitions_are_printed_in_order() {
    let dir = construct("terms");
    let plan = load(&dir);
    let (_tmp, pdf_dir) = build(&dir);
    for &e in all_editions(&plan) {
        let pdf = Pdf::read(&pdf_dir.join(e.file_name()));
        for &lang in printed(e) {
            let ch = chapter_in(&plan, "terms", lang);
            let texts: Vec<String> = ch
                .blocks
                .iter()
                .filter(|b| matches!(b.kind, BlockKind::Term | BlockKind::Definition))
                .map(|b| b.text.clone())
                .collect();
            assert_eq!(texts.len(), 4, "two terms, two definitions");
            let page = pdf.body_page_with(&ch.title);
            // The bilingual edition sets zh and en side by side: read each column alone.
            let text = if e == Edition::Bilingual {
                let (x, w) = if lang == Lang::Zh {
                    (0, 251)
                } else {
                    (251, 344)
                };
                stdout(
                    Command::new("pdftotext")
                        .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
                        .args([
                            "-x",
                            &x.to_string(),
                            "-W",
                            &w.to_string(),
                            "-y",
                            "0",
                            "-H",
                            "842",
                        ])
                        .arg(&pdf.path)
                        .arg("-"),
                )
            } else {
                pdf.page(page)
            };
            if let Err(m) = in_order(&text, &texts) {
                panic!(
                    "{} page {page} ({lang:?}): `{m}` missing or out of order:\n{text}",
                    pdf.name()
                );
            }
        }
    }
}

#[test]
fn parts_group_their_chapters_in_the_contents_and_open_their_first_chapter() {
    let dir = construct("parts");
    let plan = load(&dir);
    let (_tmp, pdf_dir) = build(&dir);
    for &e in all_editions(&plan) {
        let pdf = Pdf::read(&pdf_dir.join(e.file_name()));
        let lang = e.lang();
        let part = |id: &str| plan.part(id).unwrap().title.get(lang).clone();
        let chapter = |id: &str| chapter_in(&plan, id, lang).title.clone();
        let expected = [
            (0, part("general")),
            (1, chapter("situation")),
            (1, chapter("goals")),
            (0, part("economy")),
            (1, chapter("industry")),
        ];
        let entries = pdf.contents();
        let mut at = 0;
        let mut indents = Vec::new();
        for (depth, title) in &expected {
            let key = squash(title);
            let found = entries[at..]
                .iter()
                .position(|(_, t)| t.starts_with(&key))
                .unwrap_or_else(|| {
                    panic!(
                        "{}: `{title}` not in the contents after entry {at}: {entries:?}",
                        pdf.name()
                    )
                });
            at += found;
            indents.push((*depth, entries[at].0));
            at += 1;
        }
        for (depth, indent) in &indents {
            let part_indent = indents[0].1;
            assert_eq!(
                *depth == 0,
                *indent == part_indent,
                "{}: parts flush, chapters indented under them: {indents:?}",
                pdf.name()
            );
        }
        // Sections are listed under their chapter, indented further.
        let section = &chapter_in(&plan, "situation", lang).headings[0];
        let (indent, _) = entries
            .iter()
            .find(|(_, t)| t.starts_with(&squash(&section.text)))
            .expect("the section in the contents");
        assert!(*indent > indents[1].1, "{}: {entries:?}", pdf.name());
        // A part's opening text is a chapter titled like the part: one line in the contents.
        let economy = squash(&part("economy"));
        assert_eq!(
            entries
                .iter()
                .filter(|(_, t)| t.starts_with(&economy))
                .count(),
            1,
            "{}: {entries:?}",
            pdf.name()
        );
        // Each part's title opens the page of its first chapter; the opening text follows the
        // title, which is not set a second time as the chapter's.
        // (Its first words: the bilingual edition sets the zh and en text side by side.)
        let opening: String = text_of(chapter_in(&plan, "economy-intro", lang), 0)
            .chars()
            .take(12)
            .collect();
        for (p, first) in [("general", chapter("situation")), ("economy", opening)] {
            let page = pdf.body_page_with(&first);
            let text = squash(&pdf.page(page));
            let title = squash(&part(p));
            assert!(
                text.find(&title) < text.find(&squash(&first)),
                "{}: part `{}` does not open the page of its first chapter ({page}): {text}",
                pdf.name(),
                part(p)
            );
            assert_eq!(text.matches(&title).count(), 1, "{}: {text}", pdf.name());
        }
    }
}

#[test]
fn appendices_follow_the_chapters_under_their_own_heading() {
    let dir = construct("appendix");
    let plan = load(&dir);
    let (_tmp, pdf_dir) = build(&dir);
    for &e in all_editions(&plan) {
        let pdf = Pdf::read(&pdf_dir.join(e.file_name()));
        let lang = e.lang();
        let group = match e {
            Edition::Zh => "附录",
            Edition::En => "Appendices",
            Edition::Bilingual => "附录 Appendices",
        };
        let chapter = chapter_in(&plan, "tasks", lang).title.clone();
        let appendix = chapter_in(&plan, "appendix-projects", lang).title.clone();
        let entries = pdf.contents();
        let pos = |key: &str| {
            entries
                .iter()
                .position(|(_, t)| t.starts_with(&squash(key)))
                .unwrap_or_else(|| panic!("{}: no `{key}` in {entries:?}", pdf.name()))
        };
        let (c, g, a) = (pos(&chapter), pos(group), pos(&appendix));
        assert!(
            c < g && g < a,
            "{}: chapter, 附录, appendix: {entries:?}",
            pdf.name()
        );
        assert_eq!(entries[c].0, entries[g].0, "{}: {entries:?}", pdf.name());
        assert!(entries[a].0 > entries[g].0, "{}: {entries:?}", pdf.name());
        // In the body: the appendix after the chapter, with its table.
        let (pc, pa) = (pdf.body_page_with(&chapter), pdf.body_page_with(&appendix));
        assert!(pc < pa, "{}", pdf.name());
        for &l in printed(e) {
            let ch = chapter_in(&plan, "appendix-projects", l);
            check_table(&pdf, pa, ch, ch.tables()[0]);
        }
    }
}

#[test]
fn headings_of_every_level_are_printed_and_only_two_are_listed() {
    let dir = construct("headings");
    let plan = load(&dir);
    let (_tmp, pdf_dir) = build(&dir);
    for &e in all_editions(&plan) {
        let pdf = Pdf::read(&pdf_dir.join(e.file_name()));
        let lang = e.lang();
        let ch = chapter_in(&plan, "tasks", lang);
        let levels: Vec<u8> = ch.headings.iter().map(|h| h.level).collect();
        assert_eq!(levels, [2, 3, 4, 5, 6, 2]);
        let page = pdf.body_page_with(&ch.title);
        let titles: Vec<String> = ch.headings.iter().map(|h| h.text.clone()).collect();
        if let Err(m) = in_order(&pdf.page(page), &titles) {
            panic!("{}: heading `{m}` missing or out of order", pdf.name());
        }
        let entries = pdf.contents();
        for h in &ch.headings {
            let listed = entries.iter().any(|(_, t)| t.starts_with(&squash(&h.text)));
            assert_eq!(
                listed,
                h.level == 2,
                "{}: `{}` (level {}) in the contents: {entries:?}",
                pdf.name(),
                h.text,
                h.level
            );
        }
    }
}

#[test]
fn a_plan_in_chinese_only_has_the_zh_edition_alone_without_english() {
    let dir = construct("zh-only");
    let plan = load(&dir);
    assert!(!plan.has_english());
    let (_tmp, pdf_dir) = build(&dir);
    assert_eq!(pdf_files(&pdf_dir), ["plan.zh.pdf"]);
    let pdf = Pdf::read(&pdf_dir.join("plan.zh.pdf"));
    let text = pdf.pages.concat();
    // Roman page numbers (the contents' `I`) are no English.
    let latin: String = text
        .lines()
        .filter(|l| !l.trim().chars().all(|c| "IVXLCDM".contains(c)))
        .flat_map(|l| l.chars().filter(|c| c.is_ascii_alphabetic()))
        .collect();
    assert!(
        latin.is_empty(),
        "plan.zh.pdf of a zh-only plan prints Latin letters `{latin}`:\n{text}"
    );
    for id in ["basis", "tasks"] {
        let ch = zh_chapter(&plan, id);
        pdf.body_page_with(&ch.title);
        pdf.body_page_with(&ch.blocks[0].text);
    }
    let info = stdout(Command::new("pdfinfo").arg(&pdf.path));
    assert!(info.contains("示例市“十五五”养老服务规划"), "{info}");
}

#[test]
fn english_in_progress_says_so_where_the_translation_is_missing() {
    let dir = construct("half-translated");
    let plan = load(&dir);
    let (_tmp, pdf_dir) = build(&dir);
    assert_eq!(
        pdf_files(&pdf_dir),
        ["plan.bilingual.pdf", "plan.en.pdf", "plan.zh.pdf"]
    );
    let chapter_note = "Translation in progress: see the Chinese edition.";
    let section_note = "Translation of this section in progress: see the Chinese edition.";
    let tasks = zh_chapter(&plan, "tasks");
    let basis = zh_chapter(&plan, "basis");
    let situation = basis
        .headings
        .iter()
        .find(|h| h.id.as_deref() == Some("situation"))
        .unwrap();

    // en: the untranslated chapter's zh title with the note on its page, nothing of its zh
    // text; the untranslated section's zh heading with the section note in its place.
    let en = Pdf::read(&pdf_dir.join("plan.en.pdf"));
    let page = en.body_page_with(&tasks.title);
    let text = squash(&en.page(page));
    assert!(
        text.contains(&squash(chapter_note)),
        "plan.en.pdf page {page}:\n{text}"
    );
    assert!(
        en.pages_with(&tasks.blocks[0].text).is_empty(),
        "zh text in the en edition"
    );
    let page = en.body_page_with(&situation.text);
    if let Err(m) = in_order(
        &en.page(page),
        &[situation.text.clone(), section_note.into()],
    ) {
        panic!("plan.en.pdf page {page}: `{m}` missing after the untranslated section's heading");
    }
    let situation_text = &basis
        .blocks
        .iter()
        .find(|b| b.key.starts_with("situation."))
        .unwrap()
        .text;
    assert!(
        en.pages_with(situation_text).is_empty(),
        "zh text in the en edition"
    );
    // The translated part is there.
    let en_basis = chapter_in(&plan, "basis", Lang::En);
    en.body_page_with(&en_basis.blocks[0].text);

    // Bilingual: the zh text, and the note in the en column.
    let bi = Pdf::read(&pdf_dir.join("plan.bilingual.pdf"));
    let page = bi.body_page_with(&tasks.title);
    let text = squash(&bi.page(page));
    assert!(
        text.contains(&squash(&tasks.blocks[0].text)),
        "plan.bilingual.pdf page {page}:\n{text}"
    );
    assert!(
        text.contains(&squash("Translation in progress")),
        "plan.bilingual.pdf page {page}:\n{text}"
    );
    let page = bi.body_page_with(situation_text);
    assert!(squash(&bi.page(page)).contains(&squash("Translation in progress")));

    // zh: no note.
    let zh = Pdf::read(&pdf_dir.join("plan.zh.pdf"));
    assert!(zh.pages_with("Translation").is_empty());
    zh.body_page_with(&tasks.blocks[0].text);
}

/// Every construct fixture builds its editions with the template's fonts only: no fallback
/// font and no Type 3 font (what a missing glyph can turn into).
#[test]
fn every_construct_builds_with_the_template_fonts() {
    for name in [
        "parts",
        "headings",
        "table",
        "box",
        "footnotes",
        "terms",
        "appendix",
        "zh-only",
        "half-translated",
    ] {
        let dir = construct(name);
        let plan = load(&dir);
        let (_tmp, pdf_dir) = build(&dir);
        let expected: Vec<String> = all_editions(&plan).iter().map(|e| e.file_name()).collect();
        let mut expected = expected;
        expected.sort();
        assert_eq!(pdf_files(&pdf_dir), expected, "{name}");
        for file in &expected {
            let listing = stdout(Command::new("pdffonts").arg(pdf_dir.join(file)));
            for line in listing.lines().skip(2) {
                assert!(!line.contains("Type 3"), "{name}/{file}: {line}");
                let family = line.split_whitespace().next().unwrap_or("");
                let family = family.split_once('+').map_or(family, |(_, f)| f);
                assert!(
                    [
                        "NotoSerifCJK",
                        "NotoSansCJK",
                        "NotoSansMonoCJK",
                        "LibertinusSerif",
                        "DejaVuSansMono"
                    ]
                    .iter()
                    .any(|f| family.starts_with(f)),
                    "{name}/{file}: unexpected font {family}"
                );
            }
        }
    }
}
