//! The printed editions end to end: `plandoc build --only pdf` with the real typst, the real
//! Noto CJK fonts, and poppler (`pdftotext`, `pdffonts`, `pdfinfo`) reading the PDFs back.
//!
//! These tests need typst 0.15.x, fonts-noto-cjk and poppler-utils. When one is missing they
//! FAIL and say to run scripts/setup.sh: they never skip.

mod common;

use plandoc::index::{index_order, TargetIndex};
use plandoc::model::{Lang, Plan};
use plandoc::render::pdf::typst::Typst;
use plandoc::render::pdf::{edition, prepare_root, Edition};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SETUP: &str =
    "run scripts/setup.sh (it installs typst 0.15.1, fonts-noto-cjk and poppler-utils)";

/// The fixture text that must come out of every edition exactly as written.
const HOSTILE_ZH: &str = r#"本段必须原样印出：#read("/etc/passwd") *bold* $x$ @ref ] // <label> \ #import "@preview/x:0.1.0" 结束。"#;
const HOSTILE_EN: &str = r#"This paragraph must print as written: #read("/etc/passwd") *bold* $x$ @ref ] // <label> \ #import "@preview/x:0.1.0" end."#;

/// The columns of the bilingual edition for `pdftotext -x X -W W` (points): zh on the left, en
/// on the right (the template's 18 mm margin, 190 pt zh column, 7 mm gutter).
const BI_ZH_COLUMN: (u32, u32) = (0, 251);
const BI_EN_COLUMN: (u32, u32) = (251, 344);

// ------------------------------------------------------------------ tools

/// typst and the fonts as plandoc finds them, and poppler. Panics with the setup hint.
fn tools() -> Typst {
    let typst = Typst::locate().unwrap_or_else(|e| {
        panic!("the PDF tests need typst and the Noto CJK fonts: {e}\n{SETUP}")
    });
    for tool in ["pdftotext", "pdffonts", "pdfinfo"] {
        let ok = Command::new(tool).arg("-v").output().is_ok();
        assert!(ok, "the PDF tests need `{tool}` (poppler-utils): {SETUP}");
    }
    typst
}

fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn stdout(cmd: &mut Command) -> String {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// `plandoc build --only pdf` of `plan` into `out`, with extra environment variables.
fn build_cmd(plan: &Path, out: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_plandoc"));
    cmd.args(["build", "--only", "pdf", "--plan"])
        .arg(plan)
        .arg("--out")
        .arg(out);
    for (k, v) in env {
        cmd.env(k, v);
    }
    run(&mut cmd)
}

/// Builds the three editions of `plan` into a temporary folder; returns it and `out/pdf`.
fn build(plan: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let res = build_cmd(plan, &out, &[]);
    assert!(
        res.status.success(),
        "plandoc build --only pdf failed ({}):\n{}{}",
        res.status,
        String::from_utf8_lossy(&res.stdout),
        String::from_utf8_lossy(&res.stderr)
    );
    let pdf = out.join("pdf");
    for e in Edition::ALL {
        assert!(
            pdf.join(e.file_name()).is_file(),
            "{} missing",
            e.file_name()
        );
    }
    (dir, pdf)
}

fn load(plan: &Path) -> Plan {
    let (plan, diags) = plandoc::driver::check_plan(plan).expect("a plan folder");
    assert!(!diags.has_errors(), "the fixture must pass check");
    plan
}

// ------------------------------------------------------------------ reading PDFs

/// All whitespace, hyphens (line-end hyphenation) and soft hyphens removed: Chinese lines break
/// anywhere and English ones at hyphens, so text is compared in this form.
/// A tag's text as the edition prints it: ranges with their dash, English quotes curly.
fn printed_form(text: &str, lang: Lang) -> String {
    let text = plandoc::present::value::dashes(text, lang);
    match lang {
        Lang::En => edition::smart_quotes(&text),
        Lang::Zh => text,
    }
}

fn squash(s: &str) -> String {
    // The editions print English quotes curly (`Hunan's` as `Hunan’s`): compared straight.
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{AD}')
        .map(|c| match c {
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .collect()
}

struct Pdf {
    path: PathBuf,
    /// `pdftotext -layout` text of each physical page (index 0 = page 1).
    pages: Vec<String>,
    /// The same pages squashed, in the bilingual edition the zh column then the en column.
    flow: Vec<String>,
}

impl Pdf {
    /// Reads a PDF. In the bilingual edition, `flow` reads the zh and the en column apart
    /// (pdftotext's reading order mixes them where the columns' lines do not align).
    fn read(path: &Path) -> Pdf {
        let count: usize = pdfinfo(path)["Pages"].parse().unwrap();
        let pages = |crop: Option<(u32, u32)>| -> Vec<String> {
            let mut cmd = Command::new("pdftotext");
            cmd.arg("-layout");
            if let Some((x, w)) = crop {
                cmd.args([
                    "-x",
                    &x.to_string(),
                    "-W",
                    &w.to_string(),
                    "-y",
                    "0",
                    "-H",
                    "842",
                ]);
            }
            let text = stdout(cmd.arg(path).arg("-"));
            let mut pages: Vec<String> = text.split('\x0c').map(str::to_string).collect();
            pages.truncate(count);
            assert_eq!(pages.len(), count, "one text page per PDF page");
            pages
        };
        let whole = pages(None);
        let bilingual = path
            .to_string_lossy()
            .ends_with(&Edition::Bilingual.file_name());
        let flow = if bilingual {
            let (zh, en) = (pages(Some(BI_ZH_COLUMN)), pages(Some(BI_EN_COLUMN)));
            zh.iter()
                .zip(&en)
                .map(|(z, e)| format!("{}\u{1}{}", squash(z), squash(e)))
                .collect()
        } else {
            whole.iter().map(|p| squash(p)).collect()
        };
        Pdf {
            path: path.to_path_buf(),
            pages: whole,
            flow,
        }
    }

    /// Whether physical page `page` ends with the beginning of `text` (a tagged phrase that a
    /// page break cuts in two: its mark is on the page where it starts).
    fn page_has_start(&self, page: usize, text: &str) -> bool {
        let key: Vec<char> = squash(text).chars().collect();
        let page_text = &self.flow[page - 1];
        (1..key.len()).rev().any(|n| {
            let head: String = key[..n].iter().collect();
            n >= 2
                && page_text.contains(&head)
                && self
                    .flow
                    .get(page)
                    .is_some_and(|next| next.contains(&key[n..].iter().collect::<String>()))
        })
    }

    /// Whether physical page `page` (1-based) holds `text` (compared squashed).
    fn page_has(&self, page: usize, text: &str) -> bool {
        let key = squash(text);
        self.flow[page - 1].contains(&key) || squash(&self.pages[page - 1]).contains(&key)
    }

    /// The printed page number of each page (its last line when that is a number: `— 3 —`,
    /// `3`, `iii`, `III`); `None` on the cover and the notice.
    fn folios(&self) -> Vec<Option<String>> {
        self.pages
            .iter()
            .map(|p| {
                let last = p.lines().rev().find(|l| !l.trim().is_empty())?;
                let n = last.trim().trim_matches(['—', ' ']).trim();
                let numeric = !n.is_empty()
                    && (n.chars().all(|c| c.is_ascii_digit())
                        || n.chars().all(|c| "ivxlcdmIVXLCDM".contains(c)));
                numeric.then(|| n.to_string())
            })
            .collect()
    }

    /// Physical page (1-based) of a body page number (arabic).
    fn body_page(&self, printed: &str) -> usize {
        let folios = self.folios();
        1 + folios
            .iter()
            .position(|f| f.as_deref() == Some(printed))
            .unwrap_or_else(|| {
                panic!(
                    "{}: no page is numbered {printed} ({folios:?})",
                    self.path.display()
                )
            })
    }

    fn is_body(folio: &Option<String>) -> bool {
        folio
            .as_ref()
            .is_some_and(|f| f.chars().all(|c| c.is_ascii_digit()))
    }
}

fn pdfinfo(path: &Path) -> std::collections::BTreeMap<String, String> {
    stdout(Command::new("pdfinfo").arg(path))
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

// ------------------------------------------------------------------ what the editions hold

/// The language an edition's index and contents are read in (zh for the bilingual one).
fn main_lang(e: Edition) -> Lang {
    e.lang()
}

/// `typst eval` of the template's `<idx-summary>`: `{id: [{page, kind, printed}]}`.
fn idx_summary(typst: &Typst, plan: &Plan, e: Edition) -> Value {
    let root = tempfile::tempdir().unwrap();
    prepare_root(root.path(), plan, e, None).unwrap();
    let out = stdout(
        Command::new(&typst.program)
            .current_dir(root.path())
            .args([
                "eval",
                "query(<idx-summary>).first().value",
                "--in",
                "main.typ",
            ])
            .args(["--root", ".", "--ignore-system-fonts", "--font-path"])
            .arg(&typst.font_dir)
            .args(["--input", "data=/edition.json", "--format", "json"]),
    );
    serde_json::from_str(&out).unwrap()
}

/// Checks the target index of one edition: for every target, the definition page the index
/// prints (read from the PDF text) is the page that holds the tagged text, and it agrees with
/// the template's own `<idx-summary>`.
fn check_index(pdf: &Pdf, plan: &Plan, e: Edition, summary: &Value) {
    let lang = main_lang(e);
    let index = TargetIndex::build(plan);
    let (title, defined) = match e {
        Edition::Zh => ("指标索引", "定义"),
        Edition::En => ("Target Index", "defined"),
        Edition::Bilingual => ("指标索引 Target Index", "定义/defined"),
    };
    let folios = pdf.folios();
    let first = (0..pdf.pages.len())
        .find(|&i| Pdf::is_body(&folios[i]) && pdf.pages[i].contains(title))
        .unwrap_or_else(|| panic!("{}: no index page", pdf.path.display()));
    // The index rows that carry a definition, in order: first column and first page number.
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    for line in pdf.pages[first..].iter().flat_map(|p| p.lines()) {
        let Some(at) = line.find(&format!("{defined} ")) else {
            continue;
        };
        // `定义 6` or, when a definition spans pages (or the bilingual zh and en sides fall
        // on different pages), `定义 6，7`.
        let numbers: Vec<String> = line[at + defined.len()..]
            .split(|c: char| c == ',' || c == '，' || c.is_whitespace())
            .filter(|n| !n.is_empty())
            .map_while(|n| n.chars().all(|c| c.is_ascii_digit()).then(|| n.to_string()))
            .collect();
        let entry = line
            .trim_start()
            .split("  ")
            .next()
            .unwrap_or("")
            .to_string();
        rows.push((entry, numbers));
    }
    let targets: Vec<_> = index_order(plan)
        .into_iter()
        .filter(|t| {
            index
                .get(&t.id)
                .is_some_and(|r| r.definition(lang).is_some())
        })
        .collect();
    assert_eq!(
        rows.len(),
        targets.len(),
        "{}: one index row with a definition page per defined target: {rows:?}",
        pdf.path.display()
    );
    for (t, (entry, printed)) in targets.iter().zip(&rows) {
        let here = format!("{}: target {}", pdf.path.display(), t.id);
        let indicator = squash(t.indicator.get(lang));
        // The row starts with the indicator (its first line: the cell may wrap, and
        // pdftotext may run it into the next column).
        // (English indicators are capitalised in the index.)
        let common = squash(entry)
            .chars()
            .zip(indicator.chars())
            .enumerate()
            .take_while(|(i, (a, b))| a == b || (*i == 0 && a.to_lowercase().eq(b.to_lowercase())))
            .count();
        assert!(
            common >= indicator.chars().count().min(8),
            "{here}: index row `{entry}` is not the entry of this target ({indicator})"
        );
        assert!(!printed.is_empty(), "{here}: no definition page number");
        // The definition's tagged text in each language the edition prints.
        let refs = index.get(&t.id).unwrap();
        let texts: Vec<String> = e
            .langs()
            .iter()
            .filter_map(|l| refs.definition(*l).map(|d| printed_form(&d.text, *l)))
            .collect();
        let pages: Vec<usize> = printed.iter().map(|n| pdf.body_page(n)).collect();
        // Each listed page holds (the start of) a definition, and the main language's
        // definition is on one of them.
        for (n, page) in printed.iter().zip(&pages) {
            assert!(
                texts.iter().any(|text| pdf.page_has(*page, text))
                    || texts.iter().any(|text| pdf.page_has_start(*page, text)),
                "{here}: the index lists page {n} (physical {page}) for the definition, which holds none of {texts:?}"
            );
        }
        let main_text = &printed_form(&refs.definition(lang).unwrap().text, lang);
        assert!(
            pages
                .iter()
                .any(|p| pdf.page_has(*p, main_text) || pdf.page_has_start(*p, main_text)),
            "{here}: none of the definition pages {printed:?} holds `{main_text}`"
        );
        // The template's own record of the same marks.
        let marks = summary[&t.id]
            .as_array()
            .expect("every target in <idx-summary>");
        let defs: Vec<(&str, usize)> = marks
            .iter()
            .filter(|m| m["kind"] == "define")
            .map(|m| {
                (
                    m["printed"].as_str().unwrap(),
                    m["page"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        let read: Vec<(&str, usize)> = printed.iter().map(String::as_str).zip(pages).collect();
        assert_eq!(
            defs, read,
            "{here}: <idx-summary> and the printed index differ"
        );
    }
    // Every page the summary names exists and is a body page.
    for (id, marks) in summary.as_object().unwrap() {
        for m in marks.as_array().unwrap() {
            let p = m["page"].as_u64().unwrap() as usize;
            assert!(p >= 1 && p <= pdf.pages.len(), "{id}: page {p}");
            assert_eq!(folios[p - 1].as_deref(), m["printed"].as_str(), "{id}: {m}");
        }
    }
}

/// Checks the table of contents: every chapter's entry names the page where the chapter starts.
fn check_toc(pdf: &Pdf, doc: &Value, e: Edition) {
    let lang = main_lang(e).code();
    let folios = pdf.folios();
    // Entries: lines up to one that ends in leader dots and a page number (bilingual entries
    // may wrap).
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut pending = String::new();
    for (i, page) in pdf.pages.iter().enumerate() {
        let roman = folios[i]
            .as_ref()
            .is_some_and(|f| !f.chars().all(|c| c.is_ascii_digit()));
        if !roman {
            continue;
        }
        for line in page.lines() {
            // Typst joins the leader and the page number with a word joiner (U+2060).
            let line = line.replace('\u{2060}', " ");
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            let Some((text, number)) = t.rsplit_once(' ') else {
                pending.push_str(t);
                continue;
            };
            // Leader dots come out of pdftotext as `. . . .`.
            let text = text.trim_end();
            if text.ends_with('.') && number.chars().all(|c| c.is_ascii_alphanumeric()) {
                pending.push_str(text.trim_end_matches(['.', ' ']));
                entries.push((squash(&pending), number.to_string()));
                pending.clear();
            } else {
                pending.push_str(t);
            }
        }
    }
    let chapters = doc["chapters"].as_array().unwrap();
    let mut checked = 0;
    for ch in chapters {
        let title = match &ch["title"] {
            Value::Null => continue,
            Value::Object(m) => m[lang].as_str().unwrap().to_string(),
            v => v.as_str().unwrap().to_string(),
        };
        let key = squash(&title);
        let (_, number) = entries
            .iter()
            .find(|(text, _)| text.contains(&key))
            .unwrap_or_else(|| {
                panic!(
                    "{}: no contents entry for `{title}` in {entries:?}",
                    pdf.path.display()
                )
            });
        let page = pdf.body_page(number);
        let first = (0..pdf.pages.len())
            .find(|&i| Pdf::is_body(&folios[i]) && pdf.page_has(i + 1, &title))
            .map(|i| i + 1);
        assert_eq!(
            first,
            Some(page),
            "{}: the contents put `{title}` on page {number} (physical {page})",
            pdf.path.display()
        );
        checked += 1;
    }
    assert!(checked > 0, "{}: no chapter checked", pdf.path.display());
}

/// PDF bookmarks: an outline with an entry for every chapter (its title as the heading reads:
/// `zh en` in the bilingual edition).
fn check_bookmarks(path: &Path, doc: &Value, e: Edition) {
    let bytes = std::fs::read(path).unwrap();
    let has = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(has("/Outlines"), "{}: no outline", path.display());
    for ch in doc["chapters"].as_array().unwrap() {
        let title = match (&ch["title"], e) {
            (Value::Null, _) => continue,
            (Value::Object(m), Edition::Bilingual) => {
                format!(
                    "{} {}",
                    m["zh"].as_str().unwrap(),
                    m["en"].as_str().unwrap()
                )
            }
            (Value::Object(m), _) => m[e.lang().code()].as_str().unwrap().to_string(),
            (v, _) => v.as_str().unwrap().to_string(),
        };
        // Typst writes a bookmark title as a literal string when it is ASCII, else as UTF-16.
        let utf16: String = title.encode_utf16().map(|u| format!("{u:04X}")).collect();
        assert!(
            has(&format!("/Title<FEFF{utf16}>")) || has(&format!("/Title({title})")),
            "{}: no bookmark `{title}`",
            path.display()
        );
    }
}

/// Only embedded subset fonts from the families the template names; Noto Serif CJK SC in the
/// editions with Chinese; no Type 3 font (which is what a missing glyph can turn into).
fn check_fonts(path: &Path, e: Edition) {
    let listing = stdout(Command::new("pdffonts").arg(path));
    let mut names = Vec::new();
    for line in listing.lines().skip(2) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert!(
            cols.len() >= 6,
            "{}: pdffonts line `{line}`",
            path.display()
        );
        let n = cols.len();
        let (emb, sub) = (cols[n - 5], cols[n - 4]);
        assert!(
            !line.contains("Type 3"),
            "{}: Type 3 font: {line}",
            path.display()
        );
        assert_eq!(
            (emb, sub),
            ("yes", "yes"),
            "{}: not an embedded subset: {line}",
            path.display()
        );
        let name = cols[0];
        assert!(
            name.contains('+'),
            "{}: no subset tag: {line}",
            path.display()
        );
        let family = name.split_once('+').unwrap().1;
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
            "{}: unexpected (fallback?) font {family}",
            path.display()
        );
        names.push(family.to_string());
    }
    if e != Edition::En {
        assert!(
            names.iter().any(|n| n.starts_with("NotoSerifCJKsc")),
            "{}: Noto Serif CJK SC not embedded: {names:?}",
            path.display()
        );
    }
}

/// Title, author, keywords, tagged PDF, and the document language.
fn check_info(path: &Path, plan: &Plan, e: Edition) {
    let info = pdfinfo(path);
    let m = &plan.meta;
    let title = match e {
        Edition::Bilingual => format!("{} {}", m.title.zh, m.title.en),
        _ => m.title.get(e.lang()).clone(),
    };
    assert_eq!(info.get("Title"), Some(&title), "{}", path.display());
    assert!(
        info.get("Author")
            .is_some_and(|a| a.contains(m.issuer.get(e.lang()))),
        "{}: author {:?}",
        path.display(),
        info.get("Author")
    );
    if let Some(k) = &m.keywords {
        let kw = info.get("Keywords").cloned().unwrap_or_default();
        for word in k.get(e.lang()) {
            assert!(
                kw.contains(word.as_str()),
                "{}: keywords {kw}",
                path.display()
            );
        }
    }
    assert_eq!(
        info.get("Tagged").map(String::as_str),
        Some("yes"),
        "{}",
        path.display()
    );
    let bytes = std::fs::read(path).unwrap();
    let lang = if e == Edition::En {
        "/Lang(en)"
    } else {
        "/Lang(zh-CN)"
    };
    assert!(
        bytes.windows(lang.len()).any(|w| w == lang.as_bytes()),
        "{}: no {lang}",
        path.display()
    );
}

/// Every check on every edition of `plan`, built into `pdf_dir`.
fn check_editions(typst: &Typst, plan_dir: &Path, pdf_dir: &Path) {
    let plan = load(plan_dir);
    for e in Edition::ALL {
        let path = pdf_dir.join(e.file_name());
        let pdf = Pdf::read(&path);
        let doc = edition::document(&plan, e);
        check_info(&path, &plan, e);
        check_fonts(&path, e);
        check_toc(&pdf, &doc, e);
        check_bookmarks(&path, &doc, e);
        let summary = idx_summary(typst, &plan, e);
        check_index(&pdf, &plan, e, &summary);
    }
}

// ------------------------------------------------------------------ tests

#[test]
fn minimal_plan_editions_have_index_contents_fonts_and_metadata() {
    let typst = tools();
    let plan = common::fixture("minimal");
    let (_dir, pdf) = build(&plan);
    check_editions(&typst, &plan, &pdf);
}

#[test]
fn hostile_text_is_printed_verbatim() {
    let typst = tools();
    let plan = common::fixture("pdf-hostile");
    let (_dir, pdf) = build(&plan);
    check_editions(&typst, &plan, &pdf);
    for (e, expected) in [(Edition::Zh, HOSTILE_ZH), (Edition::En, HOSTILE_EN)] {
        let text = Pdf::read(&pdf.join(e.file_name())).pages.concat();
        assert!(
            squash(&text).contains(&squash(expected)),
            "{}: the hostile paragraph is not printed verbatim:\n{text}",
            e.file_name()
        );
    }
    // Bilingual: read each column on its own (zh on the left, en on the right).
    let path = pdf.join(Edition::Bilingual.file_name());
    for ((x, w), expected) in [(BI_ZH_COLUMN, HOSTILE_ZH), (BI_EN_COLUMN, HOSTILE_EN)] {
        let text = stdout(
            Command::new("pdftotext")
                .args(["-layout", "-x", &x.to_string(), "-W", &w.to_string()])
                .args(["-y", "0", "-H", "842"])
                .arg(&path)
                .arg("-"),
        );
        assert!(
            squash(&text).contains(&squash(expected)),
            "bilingual column at x={x}: the hostile paragraph is not printed verbatim:\n{text}"
        );
    }
}

#[test]
fn same_input_gives_the_same_bytes() {
    tools();
    let plan = common::fixture("pdf-hostile");
    let (_a, first) = build(&plan);
    let (_b, second) = build(&plan);
    for e in Edition::ALL {
        let (x, y) = (
            std::fs::read(first.join(e.file_name())).unwrap(),
            std::fs::read(second.join(e.file_name())).unwrap(),
        );
        assert!(x == y, "{} differs between two builds", e.file_name());
    }
}

#[test]
fn missing_typst_is_an_environment_error_with_an_install_hint() {
    tools();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let res = build_cmd(
        &common::fixture("minimal"),
        &out,
        &[("PLANDOC_TYPST", "/nonexistent/typst")],
    );
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert_eq!(res.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cargo install typst-cli"), "{stderr}");
    assert!(stderr.contains("scripts/setup.sh"), "{stderr}");
    assert!(!out.join("pdf").exists(), "no partial output");
}

#[test]
fn wrong_typst_version_is_an_environment_error() {
    tools();
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("typst");
    std::fs::write(&fake, "#!/bin/sh\necho 'typst 0.12.0 (fake)'\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let res = build_cmd(
        &common::fixture("minimal"),
        &dir.path().join("out"),
        &[("PLANDOC_TYPST", fake.to_str().unwrap())],
    );
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert_eq!(res.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("typst 0.12.0 found"), "{stderr}");
    assert!(stderr.contains("0.15.1"), "{stderr}");
}

#[test]
fn missing_cjk_fonts_are_an_environment_error_with_an_install_hint() {
    tools();
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let res = build_cmd(
        &common::fixture("minimal"),
        &dir.path().join("out"),
        &[("PLANDOC_FONT_DIR", empty.to_str().unwrap())],
    );
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert_eq!(res.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("fonts-noto-cjk"), "{stderr}");
    assert!(stderr.contains("PLANDOC_FONT_DIR"), "{stderr}");
}

/// A template override (templates/pdf/ next to the plan) that makes typst warn: the build
/// fails, shows typst's diagnostic, and writes no PDF.
#[test]
fn a_typst_warning_fails_the_build_and_is_shown() {
    tools();
    let (dir, plan) = common::temp_plan("minimal");
    let templates = dir.path().join("templates/pdf");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("main.typ"),
        "#import \"plandoc.typ\": plandoc\n#text(font: \"No Such Font Family\")[x]\n#plandoc(json(sys.inputs.at(\"data\", default: \"/edition.json\")))\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let res = build_cmd(&plan, &out, &[]);
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert_eq!(res.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("main.typ:2:"),
        "typst's diagnostic with its place: {stderr}"
    );
    assert!(
        stderr.contains("unknown font family: no such font family"),
        "{stderr}"
    );
    assert!(stderr.contains("fonts-noto-cjk"), "{stderr}");
    assert!(!out.exists(), "no output after a failed build");

    // A template error is shown the same way.
    std::fs::write(
        templates.join("main.typ"),
        "#import \"plandoc.typ\": plandoc\n#panic(\"broken template\")\n",
    )
    .unwrap();
    let res = build_cmd(&plan, &out, &[]);
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert_eq!(res.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("main.typ:2:") && stderr.contains("broken template"),
        "{stderr}"
    );
}

/// The shipped plan: all checks on its three editions. Runs once `plan/` passes check.
#[test]
fn shipped_plan_editions() {
    let typst = tools();
    let plan_dir = common::root().join("plan");
    let (_, diags) = plandoc::driver::check_plan(&plan_dir).expect("plan/ exists");
    if diags.has_errors() {
        eprintln!(
            "NOTE: plan/ does not pass `plandoc check` yet, so its PDF editions were not tested \
             (the fixtures were)"
        );
        return;
    }
    let (_dir, pdf) = build(&plan_dir);
    check_editions(&typst, &plan_dir, &pdf);
}
