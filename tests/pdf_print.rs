//! Print editions an office can issue (issue #20): the GB/T 9704 layout measured from the text
//! layer, the PDF/UA-1 structure of every edition and layout, and the book layout's print
//! defects (running heads on one line, no space between digits and Chinese, `～` in ranges,
//! index pages ascending, no U+2060 in the contents, a cover that says each thing once).
//!
//! They need typst 0.15.x, fonts-noto-cjk, fonts-lxgw-wenkai, poppler-utils and Python 3 with
//! pdfplumber and pikepdf. When one is missing they FAIL with the command that installs it:
//! they never skip.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const PY_HINT: &str = "install them with `pip install pdfplumber pikepdf`";
const MM: f64 = 72.0 / 25.4;

fn python_ok() {
    let out = Command::new("python3")
        .args(["-c", "import pdfplumber, pikepdf"])
        .output()
        .unwrap_or_else(|e| panic!("these tests need python3 ({e}); {PY_HINT}"));
    assert!(
        out.status.success(),
        "these tests need pdfplumber and pikepdf: {PY_HINT}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for tool in ["pdftotext", "pdffonts"] {
        assert!(
            Command::new(tool).arg("-v").output().is_ok(),
            "these tests need `{tool}`: apt-get install poppler-utils"
        );
    }
}

/// Runs a Python script with arguments; returns its stdout (it must succeed).
fn python(script: &str, args: &[&Path]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Builds the PDFs of `plan` into a kept temporary folder; returns `out/pdf` and the log.
fn build(plan: &Path) -> (PathBuf, String) {
    let dir = tempfile::tempdir().unwrap().keep();
    let out = dir.join("out");
    let res = Command::new(env!("CARGO_BIN_EXE_plandoc"))
        .args(["build", "--only", "pdf", "--plan"])
        .arg(plan)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&res.stdout),
        String::from_utf8_lossy(&res.stderr)
    );
    assert!(res.status.success(), "plandoc build failed:\n{log}");
    (out.join("pdf"), log)
}

/// The shipped plan in the book layout (built once for all tests).
fn book() -> &'static (PathBuf, String) {
    static B: OnceLock<(PathBuf, String)> = OnceLock::new();
    B.get_or_init(|| {
        python_ok();
        build(&root().join("plan"))
    })
}

const GB_SETTINGS: &str = "\ndocument_number: {zh: 潭政办发〔2021〕12号, en: \"Tan Zheng Ban Fa [2021] No. 12\"}
print:
  layout: gb9704
  letterhead: {authority: {zh: 湘潭市人民政府办公室文件, en: \"General Office of Xiangtan Municipal People's Government\"}}
  imprint:
    copies_to: {zh: 市委各部门，市人大常委会办公室，市政协办公室, en: Departments of the Municipal Party Committee}
    office: {zh: 湘潭市人民政府办公室, en: \"General Office of Xiangtan Municipal People's Government\"}
    date: {zh: 2021年12月17日, en: 17 December 2021}
";

/// The shipped plan with `print: {layout: gb9704}`, a letterhead and an imprint.
fn gb9704() -> &'static (PathBuf, String) {
    static G: OnceLock<(PathBuf, String)> = OnceLock::new();
    G.get_or_init(|| {
        python_ok();
        let dir = tempfile::tempdir().unwrap().keep();
        let plan = dir.join("plan");
        copy_dir(&root().join("plan"), &plan);
        let yaml = plan.join("plan.yaml");
        let mut text = std::fs::read_to_string(&yaml).unwrap();
        text.push_str(GB_SETTINGS);
        std::fs::write(&yaml, text).unwrap();
        build(&plan)
    })
}

// ------------------------------------------------------------------ GB/T 9704

/// Lines of 16pt text per page (by baseline), their extent, and the page numbers (14pt).
const MEASURE: &str = r#"
import pdfplumber, sys, json, collections
out = []
for i, page in enumerate(pdfplumber.open(sys.argv[1]).pages, 1):
    lines = collections.defaultdict(list)
    for c in page.chars:
        if c['text'].strip() and abs(c['size'] - 16) < 0.3:
            lines[round(c['matrix'][5], 1)].append(c)
    ls = []
    for y, cs in sorted(lines.items(), key=lambda kv: -kv[0]):
        cs.sort(key=lambda c: c['x0'])
        ls.append({'top': min(c['top'] for c in cs), 'bottom': max(c['bottom'] for c in cs),
                   'x0': cs[0]['x0'], 'last_x0': cs[-1]['x0'], 'last_x1': cs[-1]['x1'], 'text': ''.join(c['text'] for c in cs)})
    # A page of text alone: no rules or fills (tables, boxes) and no text but the 16pt text
    # and the 14pt page number (the 22pt title, table text and footnotes are other sizes).
    plain = not (page.rects or page.lines or page.curves) and all(
        abs(c['size'] - 16) < 0.3 or abs(c['size'] - 14) < 0.3 for c in page.chars if c['text'].strip())
    nums = [c for c in page.chars if abs(c['size'] - 14) < 0.3 and c['text'].strip()]
    num = None
    if nums:
        num = {'text': ''.join(c['text'] for c in sorted(nums, key=lambda c: c['x0'])),
               'top': min(c['top'] for c in nums if c['text'].isdigit()) if any(c['text'].isdigit() for c in nums) else None,
               'x0': min(c['x0'] for c in nums), 'x1': max(c['x1'] for c in nums)}
    out.append({'page': i, 'lines': ls, 'number': num, 'plain': plain})
print(json.dumps(out, ensure_ascii=False))
"#;

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[test]
fn gb9704_sets_22_lines_of_28_characters_in_the_type_area() {
    let (pdf, log) = gb9704();
    let zh = pdf.join("plan.zh.pdf");
    let pages: serde_json::Value = serde_json::from_str(&python(MEASURE, &[&zh])).unwrap();
    let pages = pages.as_array().unwrap();
    let (top, bottom) = (37.0, 37.0 + 225.0);
    let mut full_pages = 0;
    let mut full_lines = 0;
    let mut counts = std::collections::BTreeMap::new();
    for p in pages {
        let n = p["page"].as_u64().unwrap();
        let lines = p["lines"].as_array().unwrap();
        assert!(
            lines.len() <= 22,
            "page {n}: {} lines of 16pt text",
            lines.len()
        );
        if lines.len() < 22 {
            continue;
        }
        full_pages += 1;
        // The odd (right-hand) pages have the binding on the left: 28 mm, else 26 mm.
        let left = if n % 2 == 1 { 28.0 } else { 26.0 };
        let first = &lines[0];
        let last = &lines[21];
        let t = first["top"].as_f64().unwrap() / MM;
        assert!(
            (t - top).abs() <= 1.0,
            "page {n}: first line at {t:.1} mm, not 37 mm"
        );
        let b = last["bottom"].as_f64().unwrap() / MM;
        assert!(b <= bottom + 1.0, "page {n}: last line ends at {b:.1} mm");
        for l in lines {
            let text = l["text"].as_str().unwrap();
            // A line that opens with （ or “ has it compressed to half a character: its glyph
            // starts half a character left of the margin, its ink in the right half.
            let opens = text.starts_with(['（', '“', '《', '【', '〔', '‘']);
            let x0 = l["x0"].as_f64().unwrap() / MM + if opens { 8.0 / MM } else { 0.0 };
            assert!(
                x0 >= left - 1.0,
                "page {n}: a line starts at {x0:.1} mm: {text}"
            );
            // A full line of Chinese: 28 characters from margin to margin (the last one a
            // character wide, or half a character for a compressed full stop or comma).
            let chars: Vec<char> = text.chars().collect();
            // A line of Chinese that runs from margin to margin (not a paragraph's first or
            // last line) holds 28 characters; the last one a character wide, or half one for
            // a compressed full stop or comma.
            let last = *chars.last().unwrap();
            let half = "，。、；：”）》".contains(last);
            let end = if last.is_ascii() {
                l["last_x1"].as_f64().unwrap() / MM
            } else {
                l["last_x0"].as_f64().unwrap() / MM + if half { 8.0 } else { 16.0 } / MM
            };
            let cjk = chars.iter().all(|&c| !c.is_ascii());
            assert!(
                end <= left + 156.0 + 1.0,
                "page {n}: a line ends at {end:.1} mm, past the type area: {text}"
            );
            if cjk && is_han(chars[0]) && (x0 - left).abs() <= 1.0 && end >= left + 150.0 {
                *counts.entry(chars.len()).or_insert(0usize) += 1;
                full_lines += 1;
            }
        }
        // The page number: 4号 `— n —`, 7 mm under the type area, odd pages right and even
        // pages left, one character in from the type area's edge.
        let num = &p["number"];
        let txt = num["text"].as_str().unwrap_or_default();
        assert!(
            txt.starts_with('—') && txt.ends_with('—'),
            "page {n}: number {txt:?}"
        );
        let ntop = num["top"].as_f64().unwrap() / MM;
        assert!(
            (ntop - (bottom + 7.0)).abs() <= 1.0,
            "page {n}: number at {ntop:.1} mm"
        );
        let em = 14.0 / MM;
        if n % 2 == 1 {
            let x1 = num["x1"].as_f64().unwrap() / MM;
            assert!(
                (x1 - (28.0 + 156.0 - em)).abs() <= 1.0,
                "page {n}: number ends at {x1:.1} mm"
            );
        } else {
            let x0 = num["x0"].as_f64().unwrap() / MM;
            assert!(
                (x0 - (26.0 + em)).abs() <= 1.0,
                "page {n}: number starts at {x0:.1} mm"
            );
        }
    }
    assert!(full_pages >= 10, "only {full_pages} pages have 22 lines");
    // Pages of text alone (no table, box, title or footnote) between the first body page and
    // the last chapter's end hold 22 lines: the headings and titles keep to the grid and the
    // standard's grid wins over widow and orphan rules. Only a heading kept with its paragraph
    // makes such a page end a line short (before #20's fix: 36 of 53; after: 51 of 52).
    let body = |p: &serde_json::Value| {
        p["number"]["text"]
            .as_str()
            .is_some_and(|t| t.chars().any(|c| c.is_ascii_digit()))
    };
    let index = pages
        .iter()
        .position(|p| {
            body(p)
                && p["lines"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|l| l["text"].as_str().unwrap().contains("指标索引"))
        })
        .expect("the index page");
    let first = pages.iter().position(body).unwrap();
    let text_pages: Vec<(u64, usize)> = pages[first + 1..index - 1]
        .iter()
        .filter(|p| p["plain"].as_bool().unwrap())
        .map(|p| {
            (
                p["page"].as_u64().unwrap(),
                p["lines"].as_array().unwrap().len(),
            )
        })
        .collect();
    let on_grid = text_pages.iter().filter(|(_, n)| *n == 22).count();
    assert!(
        text_pages.len() >= 30 && on_grid * 10 >= text_pages.len() * 9,
        "{on_grid} of {} pages of text alone have 22 lines (90% must): {:?}",
        text_pages.len(),
        text_pages
            .iter()
            .filter(|(_, n)| *n != 22)
            .collect::<Vec<_>>()
    );
    eprintln!(
        "gb9704: {on_grid} of {} pages of text alone have 22 lines",
        text_pages.len()
    );
    assert!(full_lines >= 100, "only {full_lines} full lines");
    // Most full lines hold 28 characters; the others have compressed punctuation (29) or a
    // few Latin letters and digits.
    let most = counts.iter().max_by_key(|(_, n)| **n).map(|(len, _)| *len);
    assert_eq!(most, Some(28), "characters per full line: {counts:?}");
    eprintln!("gb9704 full lines by characters: {counts:?}");
    // Fonts: the faces the log names, embedded.
    let fonts =
        String::from_utf8(Command::new("pdffonts").arg(&zh).output().unwrap().stdout).unwrap();
    for face in [
        "NotoSerifCJKsc-Regular",
        "NotoSansCJKsc-Regular",
        "LXGWWenKai-Regular",
    ] {
        assert!(fonts.contains(face), "no {face} in\n{fonts}");
    }
    assert!(!fonts.contains("Type 3"), "{fonts}");
    for role in ["(仿宋): ", "(黑体): ", "(楷体): ", "(小标宋): "] {
        assert!(
            log.contains(role),
            "the build log names no face for {role}\n{log}"
        );
    }
    assert!(log.contains("LXGW WenKai"), "{log}");
}

#[test]
fn gb9704_has_the_letterhead_and_the_imprint() {
    let (pdf, _) = gb9704();
    let text = pdftotext(&pdf.join("plan.zh.pdf"), &[]);
    assert!(text.contains("湘潭市人民政府办公室文件"), "no letterhead");
    assert!(text.contains("潭政办发〔2021〕12号"));
    assert!(text.contains("抄送：市委各部门"), "no imprint");
    assert!(text.contains("2021年12月17日印发"));
}

/// The issuing notice fits its page in every edition of both layouts (the GB/T 9704 one too,
/// letterhead and all: it is a short notice), and in the gb9704 zh edition its lines are on the
/// text grid, with the 附注 on the line under the date.
#[test]
fn the_notice_fits_its_page() {
    for (pdf, _) in [book(), gb9704()] {
        for e in ["zh", "en", "bilingual"] {
            let file = pdf.join(format!("plan.{e}.pdf"));
            let page = |n: &str| pdftotext(&file, &["-f", n, "-l", n]).replace('\n', "");
            let (notice, next) = (page("2"), page("3"));
            let (disclosure, body) = if e == "en" {
                ("proactively disclosed", "hereby issued to you")
            } else {
                ("（此件主动公开）", "现予印发")
            };
            for part in [body, disclosure] {
                assert!(
                    notice.contains(part),
                    "{}: {part:?} not on the notice page:\n{notice}",
                    file.display()
                );
                assert!(
                    !next.contains(part),
                    "{}: the notice runs onto page 3",
                    file.display()
                );
            }
        }
    }
    let (pdf, _) = gb9704();
    let pages: serde_json::Value =
        serde_json::from_str(&python(MEASURE, &[&pdf.join("plan.zh.pdf")])).unwrap();
    let lines = pages[1]["lines"].as_array().unwrap();
    let pitch = 225.0 / 22.0;
    let texts: Vec<&str> = lines.iter().map(|l| l["text"].as_str().unwrap()).collect();
    assert_eq!(
        texts.last(),
        Some(&"（此件主动公开）"),
        "the 附注 is the notice's last line: {texts:?}"
    );
    let mut grid_lines = Vec::new();
    for l in lines {
        let text = l["text"].as_str().unwrap();
        if text.contains("〔2021〕") {
            continue; // the document number belongs to the letterhead, 35 mm down
        }
        let k = (l["top"].as_f64().unwrap() / MM - 37.0) / pitch;
        assert!(
            (k - k.round()).abs() * pitch <= 1.0,
            "notice line {text:?} is off the grid (line {k:.2})"
        );
        grid_lines.push(k.round() as i64);
    }
    // Under the date, on the next line of the grid: （此件主动公开）.
    let n = grid_lines.len();
    assert!(n >= 4, "{texts:?}");
    assert_eq!(grid_lines[n - 1], grid_lines[n - 2] + 1, "{texts:?}");
    assert!(
        grid_lines[n - 1] <= 21,
        "the notice ends on line {}",
        grid_lines[n - 1]
    );
}

// ------------------------------------------------------------------ chapter ends

/// The body pages (arabic page labels) that hold at most four lines of text (per column: the
/// bilingual edition's zh and en columns are counted apart) and are followed by a page that
/// opens a chapter, a part or the index (a bookmark of the first two levels in its first
/// 60 mm) without opening one themselves. Prints them as a JSON list.
const LONELY_ENDS: &str = r#"
import pdfplumber, pikepdf, sys, collections, re, json
path = sys.argv[1]
pdf = pikepdf.open(path)
index = {p.objgen: i + 1 for i, p in enumerate(pdf.pages)}
labels = [p.label for p in pdf.pages]
height = [float(p.mediabox[3]) for p in pdf.pages]
mm = 72 / 25.4
opens = set()
def walk(items, depth):
    for it in items:
        d = it.destination
        if d is None and it.action is not None: d = it.action.get('/D')
        if isinstance(d, pikepdf.Array) and depth <= 1:
            p = index.get(d[0].objgen)
            if p and height[p - 1] - float(d[3]) < 60 * mm: opens.add(p)
        walk(it.children, depth + 1)
with pdf.open_outline() as ol:
    walk(ol.root, 0)
number = re.compile(r'^(—\s*)?([0-9]+|[ivxlcIVXLC]+)(\s*—)?$')
pages = pdfplumber.open(path).pages
sizes = collections.Counter(round(c['size'], 1) for p in pages for c in p.chars if c['text'].strip())
body = sizes.most_common(1)[0][0]
lines, reach = [], []
for page in pages:
    rows = collections.defaultdict(list)
    for c in page.chars:
        if c['text'].strip() and c['top'] > 25 * mm and c['size'] >= 0.85 * body:
            rows[round(c['matrix'][5])].append(c)
    counts = collections.Counter()
    for cs in rows.values():
        cs.sort(key=lambda c: c['x0'])
        runs = [[cs[0]]]
        for a, b in zip(cs, cs[1:]):
            if b['x0'] - a['x1'] > 2 * b['size']: runs.append([])
            runs[-1].append(b)
        for run in runs:
            if not number.match(''.join(c['text'] for c in run).strip()):
                counts[run[0]['x0'] > 0.4 * page.width] += 1
    lines.append(max(counts.values(), default=0))
    # How far down the page its content goes (a table or a box in a smaller size counts; the
    # footer does not): a page filled to its foot by a table is no lonely end.
    content = [c['bottom'] for c in page.chars if c['text'].strip() and 25 * mm < c['top'] < page.height - 40 * mm]
    reach.append(max(content, default=0) / page.height)
bad = [f'p. {i} ({labels[i - 1]}): {lines[i - 1]} lines' for i in range(1, len(pages))
       if labels[i - 1].isdigit() and i + 1 in opens and i not in opens and 0 < lines[i - 1] <= 4
       and reach[i - 1] < 0.5]
print(json.dumps(bad))
"#;

fn lonely_ends(pdf: &Path) -> Vec<String> {
    serde_json::from_str(&python(LONELY_ENDS, &[pdf])).unwrap()
}

/// The construct fixture `parts` (two parts, bilingual) with sixteen generated chapters of one
/// section each: nine or eight paragraphs, then a last paragraph of one to twelve sentences, so
/// that the chapters end at every line of a page in each edition.
fn chapter_ends_plan(dir: &Path) -> PathBuf {
    let plan = dir.join("plan");
    copy_dir(&common::fixture("constructs/parts"), &plan);
    std::fs::remove_file(plan.join("translations.lock")).unwrap();
    let chapters = plan.join("chapters");
    for f in std::fs::read_dir(&chapters).unwrap() {
        std::fs::remove_file(f.unwrap().path()).unwrap();
    }
    let zh = [
        "推进传统产业高端化、智能化、绿色化改造，实施新一轮技术改造升级工程。",
        "加快发展先进制造业集群，培育一批具有核心竞争力的领军企业。",
        "完善产业链供应链，提升产业基础能力和产业链现代化水平。",
    ];
    let en = [
        "We will upgrade traditional industries towards high-end, intelligent and green production and carry out a new round of technological transformation.",
        "We will develop clusters of advanced manufacturing and foster leading enterprises with core competitiveness.",
        "We will improve industrial and supply chains and raise the level of the industrial base and the modernisation of industrial chains.",
    ];
    let specs: Vec<(usize, usize)> = (1..=12)
        .map(|k| (9, k))
        .chain((1..=4).map(|k| (8, k)))
        .collect();
    for (k, &(fill, last)) in specs.iter().enumerate() {
        let k = k + 1;
        let part = if k <= specs.len() / 2 {
            "general"
        } else {
            "economy"
        };
        for lang in ["zh", "en"] {
            let (filler, closing, title, section) = if lang == "zh" {
                (
                    zh.concat(),
                    (0..last).map(|i| zh[i % 3]).collect::<String>(),
                    format!("第{k}章 产业发展"),
                    "第一节 发展重点",
                )
            } else {
                (
                    en[1..].join(" "),
                    (0..last).map(|i| en[i % 3]).collect::<Vec<_>>().join(" "),
                    format!("Chapter {k} Industry"),
                    "Section 1 Priorities",
                )
            };
            let mut paras = vec![filler; fill];
            paras.push(closing);
            std::fs::write(
                chapters.join(format!("{k:02}-c{k}.{lang}.md")),
                format!(
                    "---\nid: c{k}\ntitle: {title}\npart: {part}\n---\n\n## {section} {{#c{k}-s}}\n\n{}\n",
                    paras.join("\n\n")
                ),
            )
            .unwrap();
        }
    }
    plan
}

#[test]
fn no_chapter_ends_alone_on_a_page() {
    // The shipped plan in both layouts (before the fix: zh p. 7, en p. 9, bilingual p. 44 of
    // the book layout, the gb9704 zh edition's last chapter).
    for (pdf, _) in [book(), gb9704()] {
        for e in ["zh", "en", "bilingual"] {
            let file = pdf.join(format!("plan.{e}.pdf"));
            let bad = lonely_ends(&file);
            assert!(
                bad.is_empty(),
                "{}: chapter ends alone: {bad:?}",
                file.display()
            );
        }
    }
    // The generated plan, with the template's rule and without it (a template override that
    // asks for no lines): without it, chapters end alone in every edition.
    python_ok();
    let with = tempfile::tempdir().unwrap();
    let (pdf, _) = build(&chapter_ends_plan(with.path()));
    let without = tempfile::tempdir().unwrap();
    let plan = chapter_ends_plan(without.path());
    let template = std::fs::read_to_string(root().join("templates/pdf/plandoc.typ")).unwrap();
    let rule = "keep-end(ch.id, 5,";
    assert!(template.contains(rule), "the template has no `{rule}`");
    std::fs::create_dir_all(without.path().join("templates/pdf")).unwrap();
    std::fs::write(
        without.path().join("templates/pdf/plandoc.typ"),
        template.replace(rule, "keep-end(ch.id, 0,"),
    )
    .unwrap();
    let (pdf_without, _) = build(&plan);
    for e in ["zh", "en", "bilingual"] {
        let name = format!("plan.{e}.pdf");
        let bad = lonely_ends(&pdf_without.join(&name));
        assert!(
            !bad.is_empty(),
            "{e}: the generated plan has no chapter end alone even without the rule"
        );
        let bad = lonely_ends(&pdf.join(&name));
        assert!(bad.is_empty(), "{e}: chapter ends alone: {bad:?}");
    }
}

// ------------------------------------------------------------------ PDF/UA-1

const UA: &str = r#"
import pikepdf, sys
pdf = pikepdf.open(sys.argv[1])
root = pdf.Root
xmp = bytes(root.Metadata.read_bytes()).decode('utf-8', 'replace')
problems = []
if '<pdfuaid:part>1</pdfuaid:part>' not in xmp and 'pdfuaid:part="1"' not in xmp: problems.append('no PDF/UA identifier in XMP')
if not root.get('/MarkInfo') or not bool(root.MarkInfo.get('/Marked')): problems.append('MarkInfo Marked is not true')
if '/StructTreeRoot' not in root: problems.append('no StructTreeRoot')
lang = str(root.get('/Lang', ''))
if not lang: problems.append('no /Lang')
if not root.get('/ViewerPreferences') or not bool(root.ViewerPreferences.get('/DisplayDocTitle')): problems.append('DisplayDocTitle is not true')
if '/Outlines' not in root: problems.append('no bookmarks')
counts = {}
langs = set()
alt_missing = 0
def walk(e, depth=0):
    global alt_missing
    if depth > 200: return
    if isinstance(e, pikepdf.Dictionary):
        s = e.get('/S')
        if s is not None:
            s = str(s); counts[s] = counts.get(s, 0) + 1
            if s == '/Figure' and '/Alt' not in e: alt_missing += 1
        if '/Lang' in e: langs.add(str(e.Lang))
        k = e.get('/K')
        if k is not None: walk(k, depth + 1)
    elif isinstance(e, pikepdf.Array):
        for x in e: walk(x, depth + 1)
walk(root.StructTreeRoot.K)
if alt_missing: problems.append(f'{alt_missing} Figure elements without /Alt')
print(lang, sorted(langs), counts.get('/TH', 0), counts.get('/Table', 0), counts.get('/Figure', 0))
for p in problems: print('PROBLEM', p)
"#;

fn check_ua(pdf: &Path, lang: &str, other: Option<&str>) {
    let out = python(UA, &[pdf]);
    assert!(!out.contains("PROBLEM"), "{}: {out}", pdf.display());
    let first = out.lines().next().unwrap();
    assert!(first.starts_with(lang), "{}: /Lang {first}", pdf.display());
    if let Some(other) = other {
        assert!(
            first.contains(other),
            "{}: no span marked {other}: {first}",
            pdf.display()
        );
    }
    // Every table of the editions has header cells (the index at least).
    let th: usize = first
        .split_whitespace()
        .nth_back(2)
        .unwrap()
        .parse()
        .unwrap();
    assert!(th > 0, "{}: no TH cells: {first}", pdf.display());
}

#[test]
fn every_edition_and_layout_is_pdf_ua_1() {
    for (pdf, _) in [book(), gb9704()] {
        // The one-language editions have no passage in the other language to mark.
        check_ua(&pdf.join("plan.zh.pdf"), "zh", None);
        check_ua(&pdf.join("plan.en.pdf"), "en", None);
        check_ua(&pdf.join("plan.bilingual.pdf"), "zh", Some("en"));
    }
}

// ------------------------------------------------------------------ the book layout

fn pdftotext(pdf: &Path, args: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install poppler-utils)");
    String::from_utf8(out.stdout).unwrap()
}

/// The running heads (text above 25 mm) of every page: the number of lines they take.
const HEADS: &str = r#"
import pdfplumber, sys
for i, page in enumerate(pdfplumber.open(sys.argv[1]).pages, 1):
    head = [c for c in page.chars if c['bottom'] < 25 * 72 / 25.4 and c['text'].strip()]
    if head:
        lines = {round(c['matrix'][5]) for c in head}
        print(i, len(lines), round(min(c['top'] for c in head), 1))
"#;

#[test]
fn running_heads_take_one_line_inside_the_page() {
    let (pdf, _) = book();
    for e in ["zh", "en", "bilingual"] {
        let out = python(HEADS, &[&pdf.join(format!("plan.{e}.pdf"))]);
        let mut heads = 0;
        for line in out.lines() {
            let v: Vec<f64> = line.split(' ').map(|x| x.parse().unwrap()).collect();
            heads += 1;
            assert_eq!(v[1], 1.0, "{e} p. {}: running head of {} lines", v[0], v[1]);
            assert!(
                v[2] > 5.0 * MM,
                "{e} p. {}: running head at {} pt",
                v[0],
                v[2]
            );
        }
        assert!(heads > 10, "{e}: {heads} running heads");
    }
}

#[test]
fn chinese_text_is_set_as_written() {
    let (pdf, _) = book();
    let all = pdftotext(&pdf.join("plan.zh.pdf"), &[]);
    // The plan's text (the index table sets its labels and numbers apart).
    let zh = &all[..all.find("页码加粗者").unwrap()];
    // No space between digits and Chinese where the source has none.
    assert!(zh.contains("2021年12月17日"), "the date is spaced out");
    let spaced = zh
        .lines()
        .flat_map(|l| {
            let c: Vec<char> = l.chars().collect();
            (1..c.len().saturating_sub(1))
                .filter(|&i| {
                    c[i] == ' '
                        && ((c[i - 1].is_ascii_digit() && is_han(c[i + 1]))
                            || (is_han(c[i - 1]) && c[i + 1].is_ascii_digit()))
                })
                .map(|i| {
                    c[i.saturating_sub(4)..(i + 5).min(c.len())]
                        .iter()
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>();
    assert!(
        spaced.is_empty(),
        "spaces between digits and Chinese: {spaced:?}"
    );
    // Ranges with the full-width wave dash.
    assert!(zh.contains("2～3家"), "no 2～3家");
    assert!(!zh.contains("2~3"), "an ASCII ~ in a range");
    // No word joiner in the contents, no screen instructions, the notice's title, and the
    // cover gives the date once and names no language.
    for e in ["zh", "en", "bilingual"] {
        let t = pdftotext(&pdf.join(format!("plan.{e}.pdf")), &[]);
        assert!(!t.contains('\u{2060}'), "{e}: U+2060 in the text");
        assert!(
            !t.contains("点击") && !t.contains("is a link"),
            "{e}: screen wording"
        );
    }
    let cover = pdftotext(&pdf.join("plan.zh.pdf"), &["-f", "1", "-l", "1"]);
    assert!(!cover.contains("中文版"), "{cover}");
    assert_eq!(cover.matches("2021年12月").count(), 1, "{cover}");
    let notice = pdftotext(&pdf.join("plan.zh.pdf"), &["-f", "2", "-l", "2"]);
    assert!(
        notice
            .replace('\n', "")
            .contains("湘潭市人民政府办公室关于印发《湘潭市“十四五”服务业发展规划》的通知"),
        "{notice}"
    );
}

#[test]
fn line_end_punctuation_stays_inside_the_margin() {
    // A compressed full stop or comma at a line end takes half a character; its glyph
    // (drawn in the left half of its em box) must end inside the text block.
    let (pdf, _) = book();
    let script = r#"
import pdfplumber, sys, collections
right = (595.28 + 40 * 11) / 2
bad = 0
for page in pdfplumber.open(sys.argv[1]).pages[6:20]:
    lines = collections.defaultdict(list)
    for c in page.chars:
        if abs(c['size'] - 11) < 0.1 and c['text'].strip(): lines[round(c['matrix'][5])].append(c)
    for cs in lines.values():
        last = max(cs, key=lambda c: c['x0'])
        if last['text'].isascii(): end = last['x1']
        else: end = last['x0'] + (5.5 if last['text'] in '，。、；：”）》' else 11)
        if end > right + 0.5: bad += 1; print(last['text'], last['x0'], end)
print('bad', bad)
"#;
    let out = python(script, &[&pdf.join("plan.zh.pdf")]);
    assert!(out.trim_end().ends_with("bad 0"), "{out}");
}

#[test]
fn index_pages_ascend_and_english_indicators_are_capitalised() {
    let (pdf, _) = book();
    for e in ["zh", "en", "bilingual"] {
        let t = pdftotext(&pdf.join(format!("plan.{e}.pdf")), &["-layout"]);
        let index = &t[t
            .rfind(if e == "en" {
                "Target Index"
            } else {
                "指标索引"
            })
            .unwrap()..];
        for line in index.lines() {
            for sep in ["，", ", "] {
                let nums: Vec<u32> = line
                    .split(sep)
                    .map(|p| p.trim())
                    .filter_map(|p| p.rsplit(' ').next()?.parse().ok())
                    .collect();
                if nums.len() > 1 {
                    assert!(nums.windows(2).all(|w| w[0] <= w[1]), "{e}: {line}");
                }
            }
        }
    }
    // English indicators start with a capital (from the data the template prints).
    let (plan, _) = plandoc::driver::check_plan(&root().join("plan")).expect("the plan");
    let doc = plandoc::render::pdf::edition::document(&plan, plandoc::render::pdf::Edition::En);
    for t in doc["targets"].as_array().unwrap() {
        let entry = t["entry"].as_str().unwrap();
        assert!(
            !entry.starts_with(|c: char| c.is_lowercase()),
            "index entry {entry:?}"
        );
    }
}

// ------------------------------------------------------------------ faces

/// The coverage check reads the faces' own character maps: the Noto collections cover the
/// plan's characters, and a character no face has (a private-use one) is an error that names
/// the role and the faces tried.
#[test]
fn the_font_check_finds_a_character_no_face_has() {
    use plandoc::model::PrintLayout;
    use plandoc::render::pdf::{fonts, typst::Typst};
    let typst = Typst::locate().expect("typst and the Noto CJK fonts (scripts/setup.sh)");
    for layout in [PrintLayout::Book, PrintLayout::Gb9704] {
        let installed =
            fonts::installed_for(layout, &typst.program, &typst.font_dir, &typst.font_dirs())
                .unwrap();
        let mut chars: std::collections::BTreeSet<char> = "规划湘潭“”。，〔〕".chars().collect();
        let choice = fonts::choose(layout, &installed, &chars).expect("Noto covers these");
        assert!(
            choice.families.values().all(|f| !f.is_empty()),
            "{:?}",
            choice.families
        );
        chars.insert('\u{E000}');
        let err = fonts::choose(layout, &installed, &chars).expect_err("U+E000 is in no face");
        let text = err.to_string();
        assert!(
            text.contains("no font for the") && text.contains("lacks 1"),
            "{text}"
        );
    }
}
