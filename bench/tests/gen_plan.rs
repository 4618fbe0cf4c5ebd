//! gen-plan on the shipped plan and bench/constructs, as bench/run.sh runs it: every copy one
//! part, numbered in order, holding the chapters of its copy; unique IDs; the table and box of
//! every copy; targets and lock entries of every copy; the mdBook summary with the part titles.
//! (Whether plandoc accepts the result is checked by bench/run.sh, which refuses a plan that
//! does not check: the bench does not depend on the compiler it measures.)

#[path = "../src/generate.rs"]
#[allow(dead_code)]
mod generate;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A fresh directory under the target dir (std only: no tempfile crate).
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn front(text: &str, key: &str) -> Option<String> {
    let body = text.strip_prefix("---\n")?;
    body.lines()
        .take_while(|l| *l != "---")
        .find_map(|l| l.strip_prefix(&format!("{key}: ")).map(str::to_string))
}

fn count_lines(dir: &Path, lang: &str, pred: impl Fn(&str) -> bool) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.to_string_lossy().ends_with(&format!(".{lang}.md")) {
            n += std::fs::read_to_string(&p)
                .unwrap()
                .lines()
                .filter(|l| pred(l))
                .count();
        }
    }
    n
}

#[test]
fn three_copies_are_three_parts_with_their_tables_and_boxes() {
    let dir = scratch("three-copies");
    let out = dir.join("plan");
    let root = repo();
    let status = Command::new(env!("CARGO_BIN_EXE_gen-plan"))
        .current_dir(&root)
        .args([
            "--from",
            "plan",
            "--from",
            "bench/constructs",
            "--parts",
            "--copies",
            "3",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let said = String::from_utf8_lossy(&status.stderr);
    let plan_files = std::fs::read_dir(root.join("plan/chapters"))
        .unwrap()
        .count();
    let own_files = std::fs::read_dir(root.join("bench/constructs/chapters"))
        .unwrap()
        .count();
    let files = 3 * (plan_files + own_files);
    assert!(
        said.contains(&format!("{files} chapter files"))
            && said.contains("3 parts, 3 tables, 3 boxes"),
        "{said}"
    );

    // plan.yaml: the three parts, numbered, in both languages, and nothing else changed.
    let plan = std::fs::read_to_string(out.join("plan.yaml")).unwrap();
    let shipped = std::fs::read_to_string(root.join("plan/plan.yaml")).unwrap();
    assert!(
        plan.starts_with(&shipped),
        "the shipped plan.yaml comes first, unchanged"
    );
    let parts = &plan[shipped.len()..];
    assert_eq!(
        parts,
        "parts:\n\
         \x20 - id: part-1\n    title: {zh: \"第一篇 服务业发展规划\", en: \"Part I Service Industry Development Plan\"}\n\
         \x20 - id: part-2\n    title: {zh: \"第二篇 服务业发展规划\", en: \"Part II Service Industry Development Plan\"}\n\
         \x20 - id: part-3\n    title: {zh: \"第三篇 服务业发展规划\", en: \"Part III Service Industry Development Plan\"}\n"
    );

    // Every chapter file is in the part of its copy, the zh and en file alike; the parts come
    // in file order; chapter IDs are unique per language.
    let chapters = out.join("chapters");
    let mut names: Vec<String> = std::fs::read_dir(&chapters)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), files);
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut last_part = 0;
    for name in &names {
        let text = std::fs::read_to_string(chapters.join(name)).unwrap();
        let copy = match name.strip_prefix('c') {
            Some(rest) => rest[..4].parse::<usize>().unwrap(),
            None => 1,
        };
        assert_eq!(
            front(&text, "part").as_deref(),
            Some(format!("part-{copy}").as_str()),
            "{name}"
        );
        assert!(copy >= last_part, "{name}: parts out of file order");
        last_part = copy;
        let lang = name.rsplit('.').nth(1).unwrap().to_string();
        let id = front(&text, "id").unwrap();
        assert!(
            ids.entry(lang).or_default().insert(id.clone()),
            "{name}: chapter ID {id} twice"
        );
    }
    assert_eq!(ids["zh"], ids["en"], "the same chapters in both languages");

    // The table and the box of every copy, with renamed IDs.
    assert_eq!(
        count_lines(&chapters, "zh", |l| l.starts_with("Table: ")),
        3
    );
    assert_eq!(
        count_lines(&chapters, "en", |l| l.starts_with("> #### Box 1 ")),
        3
    );
    for suffix in ["-s1-c1", "-s1-c2", "-s1-c3"] {
        assert_eq!(
            count_lines(&chapters, "zh", |l| l
                .contains(&format!("{{#main-indicators{suffix}}}"))),
            1
        );
        assert_eq!(
            count_lines(&chapters, "en", |l| l
                .contains(&format!("{{#box-transport{suffix}}}"))),
            1
        );
    }

    // Targets and lock: every copy's entries, keys unique.
    let lock = std::fs::read_to_string(out.join("translations.lock")).unwrap();
    let keys: Vec<&str> = lock
        .lines()
        .filter_map(|l| l.split_once(':').map(|(k, _)| k))
        .collect();
    let unique: BTreeSet<&&str> = keys.iter().collect();
    assert_eq!(unique.len(), keys.len(), "lock keys are unique");
    let entries = |p: &Path| {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .filter(|l| l.contains(": \""))
            .count()
    };
    let per_copy = entries(&root.join("plan/translations.lock"))
        + entries(&root.join("bench/constructs/translations.lock"));
    assert_eq!(keys.len(), 3 * per_copy);
    assert!(
        lock.contains("main-indicators-s1-c3.r3c4:") && lock.contains("box-transport-s1-c2.title:")
    );
    let targets = std::fs::read_to_string(out.join("targets.yaml")).unwrap();
    assert!(
        targets.contains("- id: va-total-s1-c3\n") && targets.contains("area: indicators-s1-c3\n")
    );

    // The mdBook books: the same chapters, under the part titles.
    let books = dir.join("mdbook");
    generate::write_mdbooks(&out, &books).unwrap();
    let summary = std::fs::read_to_string(books.join("en/src/SUMMARY.md")).unwrap();
    let heads: Vec<&str> = summary.lines().filter(|l| l.starts_with("# ")).collect();
    assert_eq!(
        heads,
        [
            "# Summary",
            "# Part I Service Industry Development Plan",
            "# Part II Service Industry Development Plan",
            "# Part III Service Industry Development Plan"
        ]
    );
    assert_eq!(
        summary.lines().filter(|l| l.starts_with("- [")).count(),
        files / 2
    );
    assert!(summary.contains("\n\n# Part II Service Industry Development Plan\n\n- [Preface](c0002-s0-00-preamble.md)\n"), "{summary}");
}

#[test]
fn a_source_with_parts_keeps_them_renamed_and_renumbered() {
    let dir = scratch("source-parts");
    let src = dir.join("src");
    std::fs::create_dir_all(src.join("chapters")).unwrap();
    std::fs::write(
        src.join("plan.yaml"),
        "id: p\ntitle: {zh: 规划, en: Plan}\nparts:\n  - id: general\n    title: {zh: 第一篇 总体要求, en: \"Part I General Requirements\"}\n  - id: economy\n    title:\n      zh: 第二篇 产业\n      en: 'Part II Industry'\nlanguages: [zh, en]\n",
    )
    .unwrap();
    for (file, part) in [
        ("00-preface", None),
        ("01-a", Some("general")),
        ("02-b", Some("economy")),
    ] {
        for lang in ["zh", "en"] {
            let part = part.map(|p| format!("part: {p}\n")).unwrap_or_default();
            std::fs::write(
                src.join(format!("chapters/{file}.{lang}.md")),
                format!(
                    "---\nid: {}\ntitle: T\n{part}---\n\n## H {{#h-{file}}}\n\nText.\n",
                    &file[3..]
                ),
            )
            .unwrap();
        }
    }
    let out = dir.join("out");
    let counts = generate::generate_with(&[src], 2, &out, false).unwrap();
    assert_eq!((counts.chapter_files, counts.parts), (12, 4));
    let plan = std::fs::read_to_string(out.join("plan.yaml")).unwrap();
    assert_eq!(
        &plan[plan.find("parts:").unwrap()..],
        "parts:\n\
         \x20 - id: general\n    title: {zh: \"第一篇 总体要求\", en: \"Part I General Requirements\"}\n\
         \x20 - id: economy\n    title: {zh: \"第二篇 产业\", en: \"Part II Industry\"}\n\
         \x20 - id: general-c2\n    title: {zh: \"第三篇 总体要求\", en: \"Part III General Requirements\"}\n\
         \x20 - id: economy-c2\n    title: {zh: \"第四篇 产业\", en: \"Part IV Industry\"}\n"
    );
    assert!(
        plan.contains("languages: [zh, en]\n"),
        "the keys after `parts:` are kept"
    );
    let part_of = |name: &str| {
        front(
            &std::fs::read_to_string(out.join("chapters").join(name)).unwrap(),
            "part",
        )
    };
    // Copy 1's preface stands before the first part; copy 2's goes in the part before it.
    assert_eq!(part_of("00-preface.zh.md"), None);
    assert_eq!(
        part_of("c0002-s0-00-preface.en.md").as_deref(),
        Some("economy")
    );
    assert_eq!(
        part_of("c0002-s0-01-a.zh.md").as_deref(),
        Some("general-c2")
    );
    assert_eq!(
        part_of("c0002-s0-02-b.en.md").as_deref(),
        Some("economy-c2")
    );
}

#[test]
fn part_numbers() {
    let zh: Vec<String> = [1, 9, 10, 11, 20, 21, 99, 100, 101, 110, 1000, 1001]
        .map(generate::chinese_numeral)
        .into();
    assert_eq!(
        zh,
        [
            "一",
            "九",
            "十",
            "十一",
            "二十",
            "二十一",
            "九十九",
            "一百",
            "一百零一",
            "一百一十",
            "一千",
            "一千零一"
        ]
    );
    let en: Vec<String> = [1, 4, 9, 14, 40, 49, 90, 100, 2026]
        .map(generate::roman_numeral)
        .into();
    assert_eq!(
        en,
        ["I", "IV", "IX", "XIV", "XL", "XLIX", "XC", "C", "MMXXVI"]
    );
}
