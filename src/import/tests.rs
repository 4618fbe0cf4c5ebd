//! Tests of `plandoc import`: the seed end to end, and each step on small inputs.

use super::boilerplate;
use super::ids::{self, IdSet};
use super::punctuation::{self, Changes};
use super::writer;
use super::{import_bytes, write_plan, ImportError, Imported};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/xiangtan-services-plan-14th-fyp.scraped.txt"
);

fn seed_bytes() -> Vec<u8> {
    std::fs::read(SEED).unwrap_or_else(|e| panic!("cannot read the seed {SEED}: {e}"))
}

fn seed() -> Imported {
    import_bytes(&seed_bytes()).expect("the seed imports")
}

fn file<'a>(imported: &'a Imported, path: &str) -> &'a str {
    imported
        .files
        .iter()
        .find(|(p, _)| p == Path::new(path))
        .map(|(_, c)| c.as_str())
        .unwrap_or_else(|| panic!("no file {path} in {:?}", paths(imported)))
}

fn paths(imported: &Imported) -> Vec<String> {
    imported
        .files
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect()
}

fn chapter_files(imported: &Imported) -> Vec<(&PathBuf, &String)> {
    imported
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("chapters"))
        .map(|(p, c)| (p, c))
        .collect()
}

/// Front matter (parsed) and body of a chapter file.
fn split_front_matter(md: &str) -> (ChapterFront, &str) {
    let rest = md
        .strip_prefix("---\n")
        .expect("front matter opens the file");
    let (yaml, body) = rest.split_once("\n---\n").expect("front matter is closed");
    (
        serde_yaml::from_str(yaml).expect("front matter is valid YAML"),
        body,
    )
}

// Mirrors of the source format (docs/format.md), strict like the loader.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChapterFront {
    id: String,
    title: String,
    #[serde(default)]
    short_title: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Loc {
    zh: String,
    #[serde(default)]
    en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanYaml {
    id: String,
    title: Loc,
    issuer: Loc,
    issue_date: String,
    languages: Vec<String>,
    authoritative: String,
    notice: Option<NoticeYaml>,
    site: Site,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticeYaml {
    addressees: Loc,
    body: Loc,
    office: Loc,
    date: Loc,
    disclosure: Option<Loc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Site {
    base_url: String,
}

fn zh(s: &str) -> Loc {
    Loc {
        zh: s.to_string(),
        en: String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// The seed, end to end

#[test]
fn seed_has_six_chapters_and_a_preamble() {
    let imported = seed();
    assert_eq!(imported.report.chapters, 6);
    let names: Vec<String> = chapter_files(&imported)
        .iter()
        .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "00-preamble.zh.md",
            "01-xian-shi-ji-chu.zh.md",
            "02-zong-ti-yao-qiu.zh.md",
            "03-kong-jian-bu-ju.zh.md",
            "04-chan-ye-fa-zhan.zh.md",
            "05-shi-shi-fu-wu.zh.md",
            "06-bao-zhang-cuo-shi.zh.md",
        ]
    );
    let mut all: Vec<String> = paths(&imported);
    all.retain(|p| !p.starts_with("chapters"));
    assert_eq!(all, ["glossary.yaml", "plan.yaml", "targets.yaml"]);

    let fronts: Vec<ChapterFront> = chapter_files(&imported)
        .iter()
        .map(|(_, c)| split_front_matter(c).0)
        .collect();
    assert_eq!(fronts[0].id, "preamble");
    assert_eq!(fronts[0].title, "前言");
    let titles: Vec<(&str, &str)> = fronts[1..]
        .iter()
        .map(|f| (f.title.as_str(), f.short_title.as_deref().unwrap()))
        .collect();
    assert_eq!(
        titles,
        [
            ("一、现实基础", "现实基础"),
            ("二、总体要求", "总体要求"),
            ("三、空间布局", "空间布局"),
            ("四、产业发展重点", "产业发展重点"),
            (
                "五、实施服务业提质增效七大工程",
                "实施服务业提质增效七大工程"
            ),
            ("六、保障措施", "保障措施"),
        ]
    );
    // The file slug is the chapter ID.
    for ((path, _), front) in chapter_files(&imported).iter().zip(&fronts) {
        let name = path.file_name().unwrap().to_string_lossy();
        assert_eq!(name[3..].strip_suffix(".zh.md").unwrap(), front.id);
    }
}

#[test]
fn seed_sections_items_and_sub_measures_per_chapter() {
    let imported = seed();
    let r = &imported.report;
    assert_eq!(
        (r.sections, r.items, r.sub_measures, r.paragraphs),
        (25, 71, 60, 16)
    );

    let mut per_chapter = Vec::new();
    for (_, md) in chapter_files(&imported) {
        let body = split_front_matter(md).1;
        let count = |pred: &dyn Fn(&str) -> bool| body.lines().filter(|l| pred(l)).count();
        per_chapter.push((
            count(&|l| l.starts_with("## ")),
            count(&|l| l.starts_with("**") && l[2..].starts_with(|c: char| c.is_ascii_digit())),
            count(&|l| l.starts_with("**——")),
        ));
    }
    // Sections as listed in the seed's table of contents: 3, 4, 3, 3, 7, 5.
    assert_eq!(
        per_chapter,
        [
            (0, 0, 0),
            (3, 17, 0),
            (4, 13, 0),
            (3, 8, 0),
            (3, 13, 60),
            (7, 20, 0),
            (5, 0, 0)
        ]
    );
}

#[test]
fn seed_headings_and_lead_phrases() {
    let imported = seed();
    let ch1 = file(&imported, "chapters/01-xian-shi-ji-chu.zh.md");
    assert!(ch1.contains("\n## （一）发展成就 {#fa-zhan-cheng-jiu}\n"));
    // The trailing full stop of `(二)存在的主要问题。` is not part of the heading.
    assert!(ch1.contains("\n## （二）存在的主要问题 {#cun-zai-de-zhu}\n"));
    assert!(ch1.contains("\n**1.服务总量稳步攀升**。“十三五”期间，服务业实现持续健康发展"));
    assert!(ch1.contains("由2015年的50.2%提高至2020年的57.1%"));
    let ch4 = file(&imported, "chapters/04-chan-ye-fa-zhan.zh.md");
    assert!(ch4.contains("\n**——优化文旅产业布局**。以韶山国家全域旅游示范区为龙头"));
    assert!(ch4.contains("力争到2025年，全市文化旅游相关产业增加值"));
    let ch6 = file(&imported, "chapters/06-bao-zhang-cuo-shi.zh.md");
    // A section line with body text: heading, then a paragraph with the rest.
    assert!(ch6.contains("\n## （一）健全组织保障 {#jian-quan-zu-zhi}\n\n进一步增强市级服务业工作领导小组统筹协调职能，"));
    // Paragraphs never contain a line break: every non-empty body line is one block.
    for (path, md) in chapter_files(&imported) {
        let body = split_front_matter(md).1;
        let blocks: Vec<&str> = body
            .split("\n\n")
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .collect();
        for b in blocks {
            assert!(
                !b.contains('\n'),
                "{}: block with a line break: {b}",
                path.display()
            );
        }
    }
}

#[test]
fn seed_plan_yaml_and_notice() {
    let imported = seed();
    let y = file(&imported, "plan.yaml");
    assert!(y.starts_with("# yaml-language-server: $schema=schemas/plan.schema.json\n"));
    let plan: PlanYaml = serde_yaml::from_str(y).expect("plan.yaml matches the format");
    assert_eq!(plan.id, "xiang-tan-shi-shi-si-wu-fu-wu-ye-fa-zhan-gui-hua");
    assert_eq!(plan.title, zh("湘潭市“十四五”服务业发展规划"));
    assert_eq!(plan.issuer, zh("湘潭市人民政府办公室"));
    assert_eq!(plan.issue_date, "2021-12-17");
    assert_eq!(
        plan.languages,
        ["zh"],
        "an imported plan starts in Chinese alone"
    );
    assert_eq!(plan.authoritative, "zh");
    assert_eq!(plan.site.base_url, "/");
    let n = plan.notice.expect("the notice is recognised");
    assert_eq!(
        n.addressees,
        zh("各县市区人民政府，湘潭高新区和经开区管委会，市直机关各单位，市属和驻市各企事业单位，各人民团体：")
    );
    assert_eq!(
        n.body,
        zh("《湘潭市“十四五”服务业发展规划》已经市人民政府同意，现予印发，请认真贯彻实施。")
    );
    assert_eq!(n.office, zh("湘潭市人民政府办公室"));
    assert_eq!(n.date, zh("2021年12月17日"));
    assert_eq!(n.disclosure, Some(zh("此件主动公开")));

    assert_eq!(
        file(&imported, "targets.yaml"),
        "# yaml-language-server: $schema=schemas/targets.schema.json\ntargets: []\n"
    );
    assert_eq!(
        file(&imported, "glossary.yaml"),
        "# yaml-language-server: $schema=schemas/glossary.schema.json\nterms: []\n"
    );
}

#[test]
fn seed_every_dropped_line_with_its_reason() {
    let imported = seed();
    let toc =
        "table of contents entry (generated by plandoc; page numbers belong to the print edition)";
    let header = "page header before the plan (site category or article title)";
    let mut expected: Vec<(usize, &str)> = vec![
        (1, "site welcome line"),
        (2, header),
        (3, header),
        (4, "page date and view counter"),
        (5, "truncated duplicate of the issuing notice (page teaser)"),
        (19, "table of contents heading (generated by plandoc; page numbers belong to the print edition)"),
    ];
    expected.extend((21..=81).step_by(2).map(|n| (n, toc)));
    expected.push((83, "plan title repeated above the body"));
    expected.push((432, "copyright/ICP footer of the hosting website"));
    expected.push((
        434,
        "copyright/ICP footer with sitemap links of the hosting website",
    ));
    let got: Vec<(usize, &str)> = imported
        .report
        .dropped
        .iter()
        .map(|d| (d.line, d.reason.as_str()))
        .collect();
    assert_eq!(got, expected);

    let text = |n: usize| {
        imported
            .report
            .dropped
            .iter()
            .find(|d| d.line == n)
            .unwrap()
            .text
            .as_str()
    };
    assert_eq!(text(1), "欢迎浏览我公司网站!!");
    assert_eq!(text(2), "行业资讯");
    assert_eq!(text(19), "目 \u{a0}\u{a0}录");
    assert_eq!(text(21), "一、现实基础 4");
    assert!(text(432).starts_with("Copyright ©"));
}

#[test]
fn seed_no_boilerplate_survives() {
    let imported = seed();
    for (path, content) in &imported.files {
        for junk in [
            "欢迎浏览",
            "浏览次数",
            "Copyright",
            "版权所有",
            "目   录",
            "ICP",
            "地图",
            "行业资讯",
            "2024-03-24",
        ] {
            assert!(
                !content.contains(junk),
                "{} contains {junk:?}",
                path.display()
            );
        }
        // No table-of-contents line with its page number.
        assert!(!content.contains("现实基础 4"), "{}", path.display());
        // The plan title is in plan.yaml only, not repeated in the chapters.
        if path.starts_with("chapters") {
            assert!(
                !content.contains("湘潭市“十四五”服务业发展规划\n"),
                "{}",
                path.display()
            );
        }
    }
}

/// The output text block by block, without Markdown markup, whitespace removed.
fn output_sequence(imported: &Imported) -> Vec<(bool, String)> {
    let strip = |s: &str| -> String {
        let mut out = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
                continue;
            }
            out.push(c);
        }
        out.replace("**", "")
            .chars()
            .filter(|c| !punctuation::is_space(*c))
            .collect()
    };
    let mut seq = Vec::new(); // (is heading, text)
    for (_, md) in chapter_files(imported) {
        let (front, body) = split_front_matter(md);
        if front.id != "preamble" {
            seq.push((true, strip(&front.title)));
        }
        for line in body.lines().filter(|l| !l.trim().is_empty()) {
            match line.strip_prefix("## ") {
                Some(h) => {
                    let h = h.rsplit_once(" {#").map(|(t, _)| t).unwrap_or(h);
                    seq.push((true, strip(h)));
                }
                None => seq.push((false, strip(line))),
            }
        }
    }
    seq
}

#[test]
fn seed_fidelity_every_plan_paragraph_is_in_the_output() {
    let imported = seed();
    let input = String::from_utf8(seed_bytes()).unwrap();
    // The plan proper: from the preamble (line 85) to the last paragraph (line 429).
    let mut changes = Changes::new();
    let seed_paras: Vec<String> = input
        .lines()
        .skip(84)
        .take(429 - 84)
        .filter(|l| !punctuation::trim(l).is_empty())
        .map(|l| {
            punctuation::clean(l, &mut changes)
                .chars()
                .filter(|c| !punctuation::is_space(*c))
                .collect()
        })
        .collect();
    assert_eq!(
        seed_paras.len(),
        6 + 25 + 71 + 60 + 16 - 5,
        "seed lines of the plan body"
    );
    let out = output_sequence(&imported);

    let (mut i, mut j) = (0, 0);
    while i < seed_paras.len() {
        let s = &seed_paras[i];
        let (heading, o) = &out[j];
        if s == o {
            (i, j) = (i + 1, j + 1);
        } else if *heading && *s == format!("{o}。") {
            // `(二)存在的主要问题。`: the heading drops its trailing full stop.
            (i, j) = (i + 1, j + 1);
        } else if *heading
            && out
                .get(j + 1)
                .is_some_and(|(h, next)| !h && *s == format!("{o}。{next}"))
        {
            // `(一)健全组织保障。进一步增强…`: heading + paragraph, split at the `。`.
            (i, j) = (i + 1, j + 2);
        } else {
            panic!("seed paragraph {i} not found in the output:\n seed: {s}\n  out: {o}");
        }
    }
    assert_eq!(
        j,
        out.len(),
        "output has text that is not in the seed: {:?}",
        &out[j..]
    );
    // The normalisation applied to the seed here is the one the import applied, counted the
    // same way: the notice and title (lines 7 to 17) plus the body.
    for l in input.lines().skip(6).take(11) {
        punctuation::clean(l, &mut changes);
    }
    assert_eq!(imported.report.punctuation, changes);
}

#[test]
fn seed_ids_are_ascii_unique_and_readable() {
    let imported = seed();
    let mut all = Vec::new();
    for (_, md) in chapter_files(&imported) {
        let (front, body) = split_front_matter(md);
        all.push(front.id);
        for line in body.lines().filter(|l| l.starts_with("## ")) {
            let id = line.rsplit_once("{#").unwrap().1.strip_suffix('}').unwrap();
            all.push(id.to_string());
        }
    }
    assert_eq!(all.len(), 1 + 6 + 25);
    let unique: BTreeSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "IDs are unique: {all:?}");
    for id in &all {
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{id}"
        );
        assert!(id.split('-').count() <= ids::MAX_SYLLABLES, "{id}");
    }
    assert_eq!(
        &all[..4],
        [
            "preamble",
            "xian-shi-ji-chu",
            "fa-zhan-cheng-jiu",
            "cun-zai-de-zhu"
        ]
    );
    assert!(
        all.contains(&"liang-ye-rong-he".to_string()),
        "“两业”融合示范工程"
    );
}

#[test]
fn seed_report_display() {
    let imported = seed();
    let text = imported.report.to_string();
    assert!(text.starts_with(
        "found 6 chapters, 25 sections, 71 numbered items, 60 sub-measures, 16 other paragraphs\n"
    ));
    assert!(text.contains("dropped 40 lines that are not part of the plan:"));
    for d in &imported.report.dropped {
        assert!(text.contains(&format!("{}: ", d.line)), "line {}", d.line);
        assert!(text.contains(&d.reason));
    }
    assert!(text.contains("  , -> ，  1005\n"), "{text}");
    assert!(text.contains("  ( -> （  53\n"));
    assert!(text.contains("  ; -> ；  38\n"));
    assert!(text.contains("  : -> ：  1\n"));
    assert!(text.contains("normalised 1150 punctuation marks:"));
}

#[test]
fn determinism_two_imports_are_byte_identical() {
    let a = seed();
    let b = seed();
    assert_eq!(a, b);
    let dir = tempfile::tempdir().unwrap();
    write_plan(&a, &dir.path().join("one"), false).unwrap();
    write_plan(&b, &dir.path().join("two"), false).unwrap();
    for (rel, content) in &a.files {
        let one = std::fs::read(dir.path().join("one").join(rel)).unwrap();
        let two = std::fs::read(dir.path().join("two").join(rel)).unwrap();
        assert_eq!(one, two);
        assert_eq!(one, content.as_bytes());
    }
    // Files are listed sorted.
    let mut sorted = a.files.clone();
    sorted.sort();
    assert_eq!(sorted, a.files);
}

// ---------------------------------------------------------------------------------------------
// Punctuation and whitespace

fn norm(s: &str) -> (String, Changes) {
    let mut changes = Changes::new();
    let out = punctuation::clean(s, &mut changes);
    (out, changes)
}

fn n(s: &str) -> String {
    norm(s).0
}

#[test]
fn punctuation_numbers_stay() {
    assert_eq!(
        n("比重由2015年的50.2% 提高至2020年的57.1%"),
        "比重由2015年的50.2%提高至2020年的57.1%"
    );
    assert_eq!(n("结构比调整到40:60。"), "结构比调整到40:60。");
    assert_eq!(n("力争国家级试点企业2~3家"), "力争国家级试点企业2~3家");
    assert_eq!(n("会议于10:30开始"), "会议于10:30开始");
    assert_eq!(n("投资1,000亿元"), "投资1,000亿元");
    assert_eq!(n("增长8.5%;服务业"), "增长8.5%；服务业");
    assert_eq!(n("分别为52.6%,57.6%,超过"), "分别为52.6%，57.6%，超过");
    assert_eq!(n("到 2025 年,全市"), "到2025年，全市");
    assert_eq!(n("通过应用 5G 技术"), "通过应用5G技术");
}

#[test]
fn punctuation_next_to_chinese_becomes_full_width() {
    let (out, changes) = norm("占GDP,比重;各人民团体:");
    assert_eq!(out, "占GDP，比重；各人民团体：");
    assert_eq!(changes.get(", -> ，"), Some(&1));
    assert_eq!(changes.get("; -> ；"), Some(&1));
    assert_eq!(changes.get(": -> ："), Some(&1));
    assert_eq!(n("人均GDP,已超过"), "人均GDP，已超过");
    assert_eq!(n("欢迎浏览!!"), "欢迎浏览！！");
    assert_eq!(n("是否可行?"), "是否可行？");
    assert_eq!(n("并重, 着力提高"), "并重，着力提高");
    assert_eq!(n("物流中心),以及"), "物流中心），以及");
}

#[test]
fn punctuation_parentheses_in_pairs() {
    let (out, changes) = norm("(一)发展成就");
    assert_eq!(out, "（一）发展成就");
    assert_eq!(changes.get("( -> （"), Some(&1));
    assert_eq!(changes.get(") -> ）"), Some(&1));
    assert_eq!(n("中国(中部)岳塘国际商贸城"), "中国（中部）岳塘国际商贸城");
    assert_eq!(
        n("集尖端研发中心(研发性大学)、核心企业"),
        "集尖端研发中心（研发性大学）、核心企业"
    );
    assert_eq!(n("超级计算(自主可控)"), "超级计算（自主可控）");
    // Latin content next to Chinese is still in Chinese context.
    assert_eq!(n("外包(ITO)服务"), "外包（ITO）服务");
    assert_eq!(n("(此件主动公开)"), "（此件主动公开）");
}

#[test]
fn punctuation_latin_text_stays() {
    for s in [
        "Hello, world! (a test) Is it? Yes: it is; fine.",
        "GDP, GNP and CPI",
        "ITO、BPO",
        "see http://example.com/a",
        "f(x) = 2",
    ] {
        let (out, changes) = norm(s);
        assert_eq!(out, s);
        assert!(changes.is_empty(), "{s}: {changes:?}");
    }
    assert_eq!(
        n("网址http://example.com为准"),
        "网址http://example.com为准"
    );
    // A space between Latin words or numbers stays; runs collapse.
    assert_eq!(n("VR  动感单车"), "VR动感单车");
    assert_eq!(n("Xiangtan   Plan 2021"), "Xiangtan Plan 2021");
}

#[test]
fn punctuation_straight_quotes_around_chinese() {
    let (out, changes) = norm("推动\"两业融合\"发展,打造\"湘赣红\"品牌");
    assert_eq!(out, "推动“两业融合”发展，打造“湘赣红”品牌");
    assert_eq!(changes.get("\" -> “"), Some(&2));
    assert_eq!(changes.get("\" -> ”"), Some(&2));
    assert_eq!(n("He said \"hi\" to me"), "He said \"hi\" to me");
}

#[test]
fn whitespace_indentation_is_trimmed() {
    assert_eq!(n("\u{3000}\u{3000}正文开始。\u{3000}"), "正文开始。");
    assert_eq!(
        n("\u{a0}\u{a0}湘潭市人民政府办公室 \t"),
        "湘潭市人民政府办公室"
    );
    assert_eq!(punctuation::trim("  \u{3000}x\u{3000} "), "x");
}

// ---------------------------------------------------------------------------------------------
// IDs

#[test]
fn ids_from_pinyin() {
    assert_eq!(ids::slug("发展成就"), "fa-zhan-cheng-jiu");
    assert_eq!(ids::slug("存在的主要问题"), "cun-zai-de-zhu");
    assert_eq!(ids::slug("“两业”融合示范工程"), "liang-ye-rong-he");
    assert_eq!(ids::slug("5G网络建设"), "5g-wang-luo-jian");
    assert_eq!(ids::slug("ＶＲ体验"), "vr-ti-yan");
    assert_eq!(ids::slug("绿色金融"), "lv-se-jin-rong");
    assert_eq!(ids::slug("（）、。"), "");
    assert_eq!(
        ids::slug_n("湘潭市“十四五”服务业发展规划", usize::MAX),
        "xiang-tan-shi-shi-si-wu-fu-wu-ye-fa-zhan-gui-hua"
    );
}

#[test]
fn ids_deduplicated_across_the_plan() {
    let mut set = IdSet::default();
    set.reserve("preamble");
    assert_eq!(set.unique("发展成就", "section"), "fa-zhan-cheng-jiu");
    assert_eq!(set.unique("发展成就", "section"), "fa-zhan-cheng-jiu-2");
    assert_eq!(set.unique("发展成就！", "section"), "fa-zhan-cheng-jiu-3");
    assert_eq!(set.unique("（）", "section"), "section");
    assert_eq!(set.unique("", "section"), "section-2");
    assert_eq!(set.unique("Preamble", "section"), "preamble-2");
}

#[test]
fn duplicate_headings_get_numbered_ids() {
    let text = "规划\n\n一、总体要求\n\n（一）主要目标\n\n正文。\n\n二、保障措施\n\n（一）主要目标\n\n正文。\n";
    let imported = import_bytes(text.as_bytes()).unwrap();
    let ch2 = file(&imported, "chapters/02-bao-zhang-cuo-shi.zh.md");
    assert!(
        ch2.contains("## （一）主要目标 {#zhu-yao-mu-biao-2}"),
        "{ch2}"
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input

#[test]
fn not_text_reports_line_and_column() {
    let not_text = |bytes: &[u8]| match import_bytes(bytes) {
        Err(ImportError::NotText {
            encoding,
            line,
            column,
        }) => (encoding, line, column),
        other => panic!("{other:?}"),
    };
    assert_eq!(not_text(b"abc\n\xe4\xb8\xad\xff rest"), ("UTF-8", 2, 2));
    assert_eq!(not_text(b"\xff"), ("UTF-8", 1, 1));
    // UTF-8 with one damaged byte is not read as GB18030.
    let mut damaged = "第一章 总则\n一、现实基础\n".as_bytes().to_vec();
    damaged.insert(damaged.len() - 4, 0xFF);
    assert_eq!(not_text(&damaged), ("UTF-8", 2, 6));
    let msg = ImportError::NotText {
        encoding: "UTF-8",
        line: 3,
        column: 3,
    }
    .to_string();
    assert!(
        msg.contains("line 3, column 3") && msg.contains("help:") && msg.contains("iconv"),
        "{msg}"
    );
    // GBK-encoded 湘潭 on line 3 is read as GB18030 (and has no chapter).
    assert!(matches!(
        import_bytes(b"one\ntwo\n  \xcf\xe6\xcc\xb6"),
        Err(ImportError::NoStructure { .. })
    ));
}

#[test]
fn empty_input() {
    for input in [
        &b""[..],
        b"   \n\t\n",
        "\u{3000}\u{3000}\r\n".as_bytes(),
        "\u{feff}".as_bytes(),
    ] {
        assert!(
            matches!(import_bytes(input), Err(ImportError::Empty)),
            "{input:?}"
        );
    }
    assert!(ImportError::Empty.to_string().contains("help:"));
}

#[test]
fn no_structure() {
    let Err(ImportError::NoStructure { hint }) =
        import_bytes("只有一段文字，没有章节。\n".as_bytes())
    else {
        panic!("expected NoStructure");
    };
    assert!(hint.contains("一、现实基础"), "{hint}");
    // A table of contents alone is not a plan.
    let toc = "某市规划\n\n目录\n\n一、现实基础 4\n\n（一）发展成就 4\n";
    let Err(ImportError::NoStructure { hint }) = import_bytes(toc.as_bytes()) else {
        panic!("expected NoStructure");
    };
    assert!(hint.contains("table-of-contents"), "{hint}");
    let sections_only = "（一）发展成就\n\n正文。\n";
    let Err(e @ ImportError::NoStructure { .. }) = import_bytes(sections_only.as_bytes()) else {
        panic!("expected NoStructure");
    };
    let msg = e.to_string();
    assert!(
        msg.contains("found 1 section heading") && msg.contains("help:"),
        "{msg}"
    );
}

// ---------------------------------------------------------------------------------------------
// Writing

fn small() -> Imported {
    import_bytes("某市发展规划\n\n一、总体要求\n\n（一）主要目标\n\n1.目标一。正文。\n".as_bytes())
        .unwrap()
}

fn no_temp_left(parent: &Path) {
    for e in std::fs::read_dir(parent).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.contains(".staging-") && !name.contains(".old-"),
            "temporary folder left behind: {name}"
        );
    }
}

#[test]
fn write_plan_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan");
    let imported = small();
    write_plan(&imported, &out, false).unwrap();
    assert!(
        out.join("plan.yaml").is_file() && out.join("chapters/01-zong-ti-yao-qiu.zh.md").is_file()
    );

    match write_plan(&imported, &out, false) {
        Err(ImportError::Exists { path }) => assert_eq!(path, out.join("plan.yaml")),
        other => panic!("{other:?}"),
    }
    let msg = ImportError::Exists {
        path: out.join("plan.yaml"),
    }
    .to_string();
    assert!(msg.contains("--force") && msg.contains("--out"), "{msg}");

    // chapters/ alone is enough to refuse.
    let other = dir.path().join("other");
    std::fs::create_dir_all(other.join("chapters")).unwrap();
    match write_plan(&imported, &other, false) {
        Err(ImportError::Exists { path }) => assert_eq!(path, other.join("chapters")),
        r => panic!("{r:?}"),
    }
    no_temp_left(dir.path());
}

#[test]
fn write_plan_force_replaces_plan_but_keeps_registry_and_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan");
    write_plan(&small(), &out, false).unwrap();
    std::fs::write(out.join("targets.yaml"), "targets: [real]\n").unwrap();
    std::fs::write(out.join("glossary.yaml"), "terms: [real]\n").unwrap();
    std::fs::write(out.join("chapters/99-stale.zh.md"), "stale").unwrap();

    let seed = seed();
    write_plan(&seed, &out, true).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("plan.yaml")).unwrap(),
        file(&seed, "plan.yaml")
    );
    assert!(
        !out.join("chapters/99-stale.zh.md").exists(),
        "chapters/ is replaced as a whole"
    );
    assert!(out.join("chapters/04-chan-ye-fa-zhan.zh.md").is_file());
    assert_eq!(
        std::fs::read_to_string(out.join("targets.yaml")).unwrap(),
        "targets: [real]\n"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("glossary.yaml")).unwrap(),
        "terms: [real]\n"
    );
    no_temp_left(dir.path());
}

#[test]
fn write_plan_into_existing_folder_without_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("glossary.yaml"), "terms: [mine]\n").unwrap();
    write_plan(&small(), &out, false).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("glossary.yaml")).unwrap(),
        "terms: [mine]\n"
    );
    assert!(out.join("targets.yaml").is_file());
    no_temp_left(dir.path());
}

#[test]
fn write_plan_failure_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan");
    let mut bad = small();
    // A path that cannot be a file: the temp folder fails midway, `out` is never created.
    bad.files
        .push((PathBuf::from("chapters"), "not a folder".into()));
    let err = write_plan(&bad, &out, false).unwrap_err();
    assert!(matches!(err, ImportError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("help:"));
    assert!(!out.exists(), "no half-written plan");
    no_temp_left(dir.path());

    // `out` is a file.
    let file_out = dir.path().join("file");
    std::fs::write(&file_out, "x").unwrap();
    assert!(matches!(
        write_plan(&small(), &file_out, false),
        Err(ImportError::Io { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// A similar scraped plan with other boilerplate

const OTHER_PAGE: &str = "\
首页 > 政务公开 > 规划计划
来源：某市发展和改革委员会    发布时间：2022-03-01
【字体：大 中 小】
某市人民政府办公室关于印发《某市“十四五”商贸发展规划》的通知
\u{3000}\u{3000}各区县人民政府，市直各单位：
\u{3000}\u{3000}《某市“十四五”商贸发展规划》已经市人民政府同意，现印发给你们，
请认真组织实施。

\u{3000}\u{3000}某市人民政府办公室
二〇二二年二月二十八日
（此件公开发布）
《某市“十四五”商贸发展规划》
目 录
一、发展基础……………1
（一）主要成就……………1
二、重点任务……………3
为加快商贸发展, 制定本规划。
一、发展基础
(一)主要成就
1.总量扩大。全市社会消费品零售总额达到 500 亿元,增长\"较快\"。
2.结构优化。
网络零售额占比提高到 30%。
二、重点任务
（一）建设消费中心。加快建设区域消费中心城市。
——打造商圈。提升步行街。
——发展夜经济
上一篇：关于印发某某方案的通知
扫一扫在手机打开当前页
主办单位：某市人民政府办公室  技术支持：某某公司
";

#[test]
fn similar_page_with_other_boilerplate() {
    let imported = import_bytes(OTHER_PAGE.as_bytes()).unwrap();
    let plan: PlanYaml = serde_yaml::from_str(file(&imported, "plan.yaml")).unwrap();
    assert_eq!(plan.title.zh, "某市“十四五”商贸发展规划");
    assert_eq!(plan.issue_date, "2022-02-28");
    let n = plan.notice.unwrap();
    assert_eq!(n.addressees.zh, "各区县人民政府，市直各单位：");
    assert_eq!(
        n.body.zh,
        "《某市“十四五”商贸发展规划》已经市人民政府同意，现印发给你们，请认真组织实施。"
    );
    assert_eq!(n.office.zh, "某市人民政府办公室");
    assert_eq!(n.date.zh, "二〇二二年二月二十八日");
    assert_eq!(n.disclosure.unwrap().zh, "此件公开发布");

    let dropped: Vec<(usize, &str)> = imported
        .report
        .dropped
        .iter()
        .map(|d| (d.line, d.reason.as_str()))
        .collect();
    let toc = boilerplate::TOC_ENTRY;
    assert_eq!(
        dropped,
        [
            (1, boilerplate::NAV),
            (2, boilerplate::PAGE_META),
            (3, boilerplate::NAV),
            (4, boilerplate::NOTICE_TITLE),
            (13, boilerplate::TOC_HEADING),
            (14, toc),
            (15, toc),
            (16, toc),
            (27, boilerplate::NAV),
            (28, boilerplate::NAV),
            (29, boilerplate::SITE_INFO),
        ]
    );
    assert_eq!(
        file(&imported, "chapters/00-preamble.zh.md"),
        "---\nid: preamble\ntitle: 前言\n---\n\n为加快商贸发展，制定本规划。\n"
    );
    let ch1 = file(&imported, "chapters/01-fa-zhan-ji-chu.zh.md");
    assert!(
        ch1.contains("\n## （一）主要成就 {#zhu-yao-cheng-jiu}\n"),
        "{ch1}"
    );
    assert!(
        ch1.contains("\n**1.总量扩大**。全市社会消费品零售总额达到500亿元，增长“较快”。\n"),
        "{ch1}"
    );
    // An item without a body is all lead; the next line (a full sentence) is a paragraph.
    assert!(ch1.contains("\n**2.结构优化**。\n"), "{ch1}");
    assert!(ch1.contains("\n网络零售额占比提高到30%。\n"), "{ch1}");
    let ch2 = file(&imported, "chapters/02-zhong-dian-ren-wu.zh.md");
    assert!(
        ch2.contains(
            "\n## （一）建设消费中心 {#jian-she-xiao-fei}\n\n加快建设区域消费中心城市。\n"
        ),
        "{ch2}"
    );
    assert!(ch2.contains("\n**——打造商圈**。提升步行街。\n"), "{ch2}");
    // No full stop to end a lead phrase: a plain paragraph.
    assert!(ch2.ends_with("\n——发展夜经济\n"), "{ch2}");
    assert_eq!(imported.report.sub_measures, 2);
    for (path, content) in &imported.files {
        for junk in ["上一篇", "扫一扫", "主办单位", "字体", "首页", "来源"] {
            assert!(!content.contains(junk), "{}: {junk}", path.display());
        }
    }
}

#[test]
fn an_item_of_one_sentence_is_bold_only_when_it_is_a_title() {
    let text = "某市规划\n一、总体要求\n1.甲市重点发展智能装备、智能终端等。\n2.结构优化。\n正文。\n3.总量扩大。全市零售额达到500亿元。\n";
    let imported = import_bytes(text.as_bytes()).unwrap();
    let ch = file(&imported, "chapters/01-zong-ti-yao-qiu.zh.md");
    assert!(
        ch.contains("\n1\\.甲市重点发展智能装备、智能终端等。\n"),
        "{ch}"
    );
    assert!(ch.contains("\n**2.结构优化**。\n"), "{ch}");
    assert!(
        ch.contains("\n**3.总量扩大**。全市零售额达到500亿元。\n"),
        "{ch}"
    );
}

#[test]
fn contents_list_without_page_numbers() {
    let text = "某市规划\n目录\n一、总体要求\n（一）主要目标\n二、保障措施\n一、总体要求\n（一）主要目标\n正文。\n二、保障措施\n正文。\n";
    let imported = import_bytes(text.as_bytes()).unwrap();
    let dropped: Vec<(usize, &str)> = imported
        .report
        .dropped
        .iter()
        .map(|d| (d.line, d.reason.as_str()))
        .collect();
    let toc = boilerplate::TOC_ENTRY;
    assert_eq!(
        dropped,
        [(2, boilerplate::TOC_HEADING), (3, toc), (4, toc), (5, toc)]
    );
    assert_eq!(
        (
            imported.report.chapters,
            imported.report.sections,
            imported.report.paragraphs
        ),
        (2, 1, 2)
    );
}

#[test]
fn wrapped_lines_are_joined_without_line_breaks() {
    let text =
        "某市规划\n\n一、总体要求\n\n这是一段被网页\n硬换行的文字, 还有\nLatin words\nhere。\n";
    let imported = import_bytes(text.as_bytes()).unwrap();
    let ch = file(&imported, "chapters/01-zong-ti-yao-qiu.zh.md");
    assert!(
        ch.ends_with("\n这是一段被网页硬换行的文字，还有Latin words here。\n"),
        "{ch}"
    );
}

// ---------------------------------------------------------------------------------------------
// YAML and Markdown output details

#[test]
fn yaml_scalars_round_trip() {
    #[derive(Deserialize)]
    struct One {
        v: Loc,
    }
    for s in [
        "普通文字",
        "",
        "a: b",
        "x, y",
        "- item",
        "#hash",
        "true",
        "2021-12-17",
        "12",
        "say \"hi\"",
        "back\\slash",
        "two\n\nparagraphs",
        "[x]",
        "{x}",
        "trailing:",
        " lead",
        "各人民团体：",
    ] {
        let y = format!("v: {{zh: {}, en: \"\"}}\n", writer::yaml_scalar(s));
        let one: One = serde_yaml::from_str(&y).unwrap_or_else(|e| panic!("{s:?} -> {y}: {e}"));
        assert_eq!(one.v.zh, s, "{y}");
    }
    assert_eq!(
        writer::yaml_scalar("湘潭市“十四五”服务业发展规划"),
        "湘潭市“十四五”服务业发展规划"
    );
}

#[test]
fn markdown_markup_in_text_is_escaped() {
    let text = "某市规划\n\n一、总体要求\n\n2025.目标*重点*和[链接]<b>以及1~2和3~4\n\n# 不是标题\n";
    let imported = import_bytes(text.as_bytes()).unwrap();
    let ch = file(&imported, "chapters/01-zong-ti-yao-qiu.zh.md");
    assert!(
        ch.contains("\n2025\\.目标\\*重点\\*和\\[链接\\]\\<b>以及1\\~2和3\\~4\n"),
        "{ch}"
    );
    assert!(ch.contains("\n\\#不是标题\n"), "{ch}");
}

#[test]
fn dates_in_chinese_numerals() {
    assert_eq!(
        boilerplate::parse_date("2021年12月17日"),
        Some((2021, 12, 17))
    );
    assert_eq!(
        boilerplate::parse_date("二〇二二年二月二十八日"),
        Some((2022, 2, 28))
    );
    assert_eq!(
        boilerplate::parse_date("2021 年 1 月 5 日"),
        Some((2021, 1, 5))
    );
    assert_eq!(boilerplate::parse_date("2021年13月1日"), None);
    assert_eq!(boilerplate::parse_date("到2025年底"), None);
}

#[test]
fn site_chrome_patterns() {
    assert_eq!(
        boilerplate::classify("欢迎访问某某市人民政府门户网站"),
        Some(boilerplate::WELCOME)
    );
    assert_eq!(
        boilerplate::classify("浏览次数：1234"),
        Some(boilerplate::DATE_COUNTER)
    );
    assert_eq!(
        boilerplate::classify("湘ICP备05000000号"),
        Some(boilerplate::FOOTER)
    );
    assert_eq!(
        boilerplate::classify("网站地图 | 联系我们"),
        Some(boilerplate::NAV)
    );
    assert_eq!(
        boilerplate::classify("责任编辑：张三"),
        Some(boilerplate::PAGE_META)
    );
    // Plan text that mentions such words is not chrome.
    assert_eq!(boilerplate::classify("（一）发展成就"), None);
    assert_eq!(
        boilerplate::classify("持续开展游客欢迎度调查，提升景区访问体验，加强旅游服务质量监督和投诉处理，推动文旅融合发展。"),
        None
    );
}

#[test]
fn odd_inputs_never_panic() {
    let seed = String::from_utf8(seed_bytes()).unwrap();
    let lines: Vec<&str> = seed.lines().collect();
    // Every truncation of the seed, and the seed without its front.
    for n in (0..=lines.len()).step_by(3) {
        let _ = import_bytes(lines[..n].join("\n").as_bytes());
        let _ = import_bytes(lines[n..].join("\n").as_bytes());
    }
    for s in [
        "一、",
        "一、\n",
        "（一）",
        "1.",
        "——",
        "一、x\n（）\n)(\n\"\n“",
        "一、a\n\"\"\"\n(((\n)))\n1.。\n——。",
        "一、标题。\n（一）。\n1.\n2025.\n目录\n一、标题 1",
        "2021年12月17日\n一、a",
        "甲：\n乙\n丙\n2021年1月1日\n一、a",
        "一、a\r\n（一）b\r\n正文\r\n",
        "\u{feff}一、a",
        "一、~*_[]<>&amp;`\\",
    ] {
        let _ = import_bytes(s.as_bytes());
    }
}

// ---------------------------------------------------------------------------------------------
// Real plans (issue #15): the recognisers never panic, and a few shapes in small

fn real(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn recognisers_on_real_plans() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/corpus/import_recognisers"
    );
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        super::fuzz_recognisers(&String::from_utf8_lossy(&bytes));
    }
    for name in [
        "suzhou-15th-fyp-outline.txt",
        "hangzhou-15th-fyp-outline.txt",
    ] {
        let text = real(name);
        let lines: Vec<&str> = text.lines().collect();
        // Windows of the plan, cut anywhere (inside tables too).
        for start in (0..lines.len()).step_by(97) {
            let end = (start + 150).min(lines.len());
            let part = lines[start..end].join("\n");
            super::fuzz_recognisers(&part);
            let _ = import_bytes(part.as_bytes());
        }
    }
}

#[test]
fn outline_with_parts_chapters_sections_boxes() {
    let text = "某市国民经济和社会发展\n第十五个五年规划纲要\n某市人民政府\n二〇二六年四月\n\
序 言\n本纲要是行动纲领。\n\
第一篇 总体要求\n篇的导语。\n第一章 发展基础\n基础很好。\n第一节 面临形势\n形势复杂。\n\
一、国际形势\n变局加速。\n专栏 1 重大工程\n1. 工程一。建设。\n2. 工程二。推进。\n\
第二节 机遇挑战\n机遇与挑战并存，\n— 3 —\n需要应对。\n第二篇 主要任务\n第二章 产业\n内容。\n";
    let imported = import_bytes(text.as_bytes()).unwrap();
    let r = &imported.report;
    assert_eq!(
        (r.parts, r.chapters, r.sections, r.subsections, r.boxes),
        (2, 2, 2, 1, 1)
    );
    let plan = file(&imported, "plan.yaml");
    assert!(
        plan.contains("title: {zh: 某市国民经济和社会发展第十五个五年规划纲要}"),
        "{plan}"
    );
    assert!(
        plan.contains("issuer: {zh: 某市人民政府}") && plan.contains("issue_date: 2026-04"),
        "{plan}"
    );
    assert!(
        plan.contains("parts:\n  - id: zong-ti-yao-qiu\n    title: {zh: 第一篇 总体要求}"),
        "{plan}"
    );
    let names: Vec<String> = chapter_files(&imported)
        .iter()
        .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "00-preamble.zh.md",
            "01-zong-ti-yao-qiu-intro.zh.md",
            "02-fa-zhan-ji-chu.zh.md",
            "03-chan-ye.zh.md"
        ]
    );
    let ch = file(&imported, "chapters/02-fa-zhan-ji-chu.zh.md");
    assert!(
        ch.contains("title: 第一章 发展基础\nshort_title: 发展基础\npart: zong-ti-yao-qiu\n"),
        "{ch}"
    );
    assert!(
        ch.contains("\n## 第一节 面临形势 {#mian-lin-xing-shi}\n"),
        "{ch}"
    );
    assert!(
        ch.contains("\n### 一、国际形势 {#guo-ji-xing-shi}\n"),
        "{ch}"
    );
    assert!(
        ch.contains("> #### 专栏1 重大工程 {#box-1}\n>\n> **1.工程一**。建设。\n"),
        "{ch}"
    );
    assert!(
        ch.contains("\n机遇与挑战并存，需要应对。\n"),
        "footer inside the sentence: {ch}"
    );
    assert!(r.dropped.iter().any(|d| d.line == 20 && d.text == "— 3 —"));
    assert!(file(&imported, "chapters/00-preamble.zh.md").contains("title: 序言"));
}

#[test]
fn indicator_table_in_space_separated_columns() {
    let text = "某市发展规划\n第一章 目标\n表 1 主要指标\n序号 指 标 2025 年 2030 年目标 属性\n\
一、经济（2 项）\n1 地区生产总值年均增长（%） 5.2* 5 左右 预期性\n2 森林覆盖率（%） 20.1 ≥21 约束性\n\
— 9 —\n序号 指 标 2025 年 2030 年目标 属性\n二、民生（1 项）\n3 新增就业（万人） — 〔20〕 预期性\n\
注：带*为预计数，〔〕内为累计数。\n后文。\n";
    let imported = import_bytes(text.as_bytes()).unwrap();
    assert_eq!((imported.report.tables, imported.report.targets), (1, 3));
    let ch = file(&imported, "chapters/01-mu-biao.zh.md");
    assert!(ch.contains("Table: 表1 主要指标 {#main-indicators}\n\n| 序号 | 指标 | 2025年 | 2030年目标 | 属性 |\n"), "{ch}");
    assert!(ch.contains("| 1 | 地区生产总值年均增长（%） | [5.2](baseline:di-qu-sheng-chan-zong-zhi)\\* | [5左右](target:di-qu-sheng-chan-zong-zhi) | 预期性 |"), "{ch}");
    assert!(
        ch.contains("| 3 | 新增就业（万人） | — | 〔[20](target:xin-zeng-jiu-ye)〕 | 预期性 |"),
        "{ch}"
    );
    assert!(
        ch.contains("\n注：带\\*为预计数，〔〕内为累计数。\n"),
        "{ch}"
    );
    assert!(imported
        .report
        .dropped
        .iter()
        .any(|d| d.line == 9 && d.reason.contains("repeated")));
    let t = file(&imported, "targets.yaml");
    assert!(t.contains("    baseline: {year: 2025, kind: exact, value: 5.2}\n    target: {year: 2030, kind: about, value: 5}\n"), "{t}");
    assert!(t.contains("    nature: binding\n    baseline: {year: 2025, kind: exact, value: 20.1}\n    target: {year: 2030, kind: at-least, value: 21}\n"), "{t}");
}

#[test]
fn a_box_given_one_cell_per_line_is_a_table_in_the_box() {
    let text = "一、发展基础\n基础很好。\n专栏1 重点区域\n区域\n发展导向\n重点平台\n\
东区\n聚焦先进制造业，建设创新高地\n东区开发区、东湖科技城\n\
西区\n聚焦生态旅游，打造美丽乡村样板\n西区旅游度假区\n二、主要任务\n推进建设。\n";
    let imported = import_bytes(text.as_bytes()).unwrap();
    let ch = &chapter_files(&imported)[0].1;
    assert!(
        ch.contains(
            "> #### 专栏1 重点区域 {#box-1}\n>\n> | 区域 | 发展导向 | 重点平台 |\n> | --- | --- | --- |\n\
> | 东区 | 聚焦先进制造业，建设创新高地 | 东区开发区、东湖科技城 |\n\
> | 西区 | 聚焦生态旅游，打造美丽乡村样板 | 西区旅游度假区 |\n"
        ),
        "{ch}"
    );
    assert_eq!(imported.report.tables, 1);
}

#[test]
fn a_box_of_short_lines_that_do_not_make_rows_stays_text() {
    // Two short lines, then paragraphs: no header and rows of as many cells.
    let text = "一、发展基础\n基础很好。\n专栏1 重点工程\n东区\n西区\n\
推进东区和西区的产业园区建设，形成协同发展格局。\n二、主要任务\n推进建设。\n";
    let imported = import_bytes(text.as_bytes()).unwrap();
    let ch = &chapter_files(&imported)[0].1;
    assert!(!ch.contains("| "), "{ch}");
    assert!(ch.contains("推进东区和西区的产业园区建设"), "{ch}");
    assert_eq!(imported.report.tables, 0);
}

#[test]
fn a_short_label_is_not_glued_to_the_text_around_it() {
    let text =
        "一、发展基础\n基础很好。\n专栏1 重点工程\n建设内容\n重点平台\n东区开发区、东湖科技城\n\
二、主要任务\n推进建设，\n形成格局。\n";
    let imported = import_bytes(text.as_bytes()).unwrap();
    let ch: String = chapter_files(&imported)
        .iter()
        .map(|(_, c)| c.as_str())
        .collect();
    assert!(
        ch.contains("> 建设内容\n>\n> 重点平台\n>\n> 东区开发区、东湖科技城\n"),
        "{ch}"
    );
    // Outside a box, a sentence wrapped over lines still goes on.
    assert!(ch.contains("\n推进建设，形成格局。\n"), "{ch}");
}
