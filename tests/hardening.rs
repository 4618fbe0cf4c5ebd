//! Hardening: a killed or failed build never damages `output/`; oversized, deeply nested and
//! random input is loaded or refused with a diagnostic, never a panic, an abort (stack
//! overflow), an out-of-memory or a hang; a symlink out of the plan folder is refused.
//!
//! The binary runs under an address-space limit (4 GiB, `ulimit -v`) and a time limit, so a
//! memory blow-up or a quadratic path fails the test instead of the machine.

mod common;

#[path = "../bench/src/generate.rs"]
#[allow(dead_code)]
mod generate;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn assert_same_tree(before: &BTreeMap<PathBuf, Vec<u8>>, dir: &Path, what: &str) {
    let after = tree(dir);
    let names = |m: &BTreeMap<PathBuf, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(before),
        names(&after),
        "{what}: the files of output/ changed"
    );
    for (path, bytes) in before {
        assert!(after[path] == *bytes, "{what}: {} changed", path.display());
    }
}

/// Leftovers of builds next to `out`: `.output.staging-*` and `.output.old-*` folders.
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output."))
        .collect()
}

/// `plandoc ARGS` limited to 4 GiB of address space (on Unix) and `limit` of time.
fn run_limited(args: &[&str], limit: Duration) -> Output {
    let exe = env!("CARGO_BIN_EXE_plandoc");
    let mut cmd = if cfg!(unix) && Path::new("/bin/sh").exists() {
        let mut c = Command::new("/bin/sh");
        c.arg("-c")
            .arg("ulimit -v 4194304 && exec \"$0\" \"$@\"")
            .arg(exe)
            .args(args);
        c
    } else {
        let mut c = Command::new(exe);
        c.args(args);
        c
    };
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run plandoc");
    wait_limited(child, limit, &args.join(" "))
}

fn wait_limited(mut child: Child, limit: Duration, what: &str) -> Output {
    let started = Instant::now();
    // Drain the pipes on threads so a chatty child never blocks on a full pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut v).ok();
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut v).ok();
        v
    });
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Output {
                status,
                stdout: out.join().unwrap(),
                stderr: err.join().unwrap(),
            };
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`plandoc {what}` took longer than {limit:?}: a hang or a quadratic path");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The run ended by itself with 0 (ok) or 1 (plan errors): no panic, no abort, no signal.
fn assert_handled(out: &Output, what: &str) -> i32 {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let tail: String = stderr
        .chars()
        .rev()
        .take(3000)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    assert!(
        !stderr.contains("panicked")
            && !stderr.contains("overflow")
            && !stderr.contains("memory allocation"),
        "{what}: plandoc crashed:\n{tail}"
    );
    let code = out.status.code();
    assert!(
        matches!(code, Some(0) | Some(1)),
        "{what}: plandoc ended with {:?} (a signal means a crash or the memory limit):\n{tail}",
        out.status
    );
    code.unwrap()
}

fn codes(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<JsonDiagnostic>(l).ok())
        .map(|d| d.code)
        .collect()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The shipped plan ten times over (about 2.5 MB of Markdown): an HTML build takes a while.
fn generated_plan(dir: &Path, copies: usize) -> PathBuf {
    let plan = dir.join("plan");
    generate::generate(&[root().join("plan")], copies, &plan).unwrap();
    plan
}

#[test]
fn a_killed_build_leaves_the_previous_output_intact() {
    let dir = tempfile::tempdir().unwrap();
    let plan = generated_plan(dir.path(), 10);
    let out = dir.path().join("output");
    let build = [
        "build",
        "--plan",
        p(&plan),
        "--out",
        p(&out),
        "--only",
        "html",
    ];
    let first = run_limited(&build, Duration::from_secs(600));
    assert_eq!(
        assert_handled(&first, "first build"),
        0,
        "the generated plan must build:\n{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = tree(&out);
    assert!(before.len() > 100, "the site has its pages");

    let mut killed_midway = 0;
    for attempt in 0..3 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_plandoc"))
            .args(build)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the build writes its staging folder (the check is over), then kill it
        // while it renders.
        let started = Instant::now();
        while !leftovers(dir.path()).iter().any(|n| n.contains("staging")) {
            if child.try_wait().unwrap().is_some() || started.elapsed() > Duration::from_secs(300) {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(50 + 50 * attempt));
        if child.try_wait().unwrap().is_none() {
            killed_midway += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        assert_same_tree(&before, &out, "after a killed build");
        let left = leftovers(dir.path());
        assert!(
            left.len() <= 1 && left.iter().all(|n| n.starts_with(".output.staging-")),
            "at most the killed build's staging folder is left: {left:?}"
        );
    }
    assert!(
        killed_midway > 0,
        "no build was still running when killed: make the plan larger"
    );

    // A stale folder of a long-gone process, as a crash during the swap would leave.
    std::fs::create_dir_all(dir.path().join(".output.old-4194000/site")).unwrap();
    let next = run_limited(&build, Duration::from_secs(600));
    assert_eq!(assert_handled(&next, "next build"), 0);
    assert_eq!(
        leftovers(dir.path()),
        Vec::<String>::new(),
        "the next build cleans what killed builds left"
    );
    assert_same_tree(&before, &out, "a rebuild of the same plan");
}

#[test]
fn a_failed_build_leaves_the_output_untouched() {
    let (dir, plan) = temp_plan("minimal");
    let out = dir.path().join("output");
    let build = [
        "build",
        "--plan",
        p(&plan),
        "--out",
        p(&out),
        "--only",
        "html,data",
    ];
    assert_eq!(
        assert_handled(&run_limited(&build, Duration::from_secs(300)), "build"),
        0
    );
    let before = tree(&out);
    // An error in the plan: a heading without ID.
    let chapter = plan.join("chapters/01-objectives.zh.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, text.replacen(" {#goals}", "", 1)).unwrap();
    let failed = run_limited(&build, Duration::from_secs(300));
    assert_eq!(assert_handled(&failed, "failed build"), 1);
    assert!(String::from_utf8_lossy(&failed.stderr).contains("nothing was written"));
    assert_same_tree(&before, &out, "after a failed build");
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

/// A minimal plan with `extra_zh` / `extra_en` appended to its first chapter.
fn plan_with(extra_zh: &str, extra_en: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, plan) = temp_plan("minimal");
    for (lang, extra) in [("zh", extra_zh), ("en", extra_en)] {
        let path = plan.join(format!("chapters/01-objectives.{lang}.md"));
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push('\n');
        text.push_str(extra);
        text.push('\n');
        std::fs::write(&path, text).unwrap();
    }
    (dir, plan)
}

/// `check`, then (when the plan has no errors) `build --only html,data`: both must be handled.
fn check_and_build(plan: &Path, what: &str) -> (i32, Vec<String>) {
    let check = run_limited(
        &["check", "--format", "json", "--plan", p(plan)],
        Duration::from_secs(600),
    );
    let code = assert_handled(&check, &format!("{what}: check"));
    let human = run_limited(&["check", "--plan", p(plan)], Duration::from_secs(600));
    assert_eq!(
        assert_handled(&human, &format!("{what}: check (human)")),
        code
    );
    if code == 0 {
        let out = plan.parent().unwrap().join("output");
        let build = run_limited(
            &[
                "build",
                "--plan",
                p(plan),
                "--out",
                p(&out),
                "--only",
                "html,data",
                "--no-search",
            ],
            Duration::from_secs(600),
        );
        assert_eq!(assert_handled(&build, &format!("{what}: build")), 0);
    }
    (code, codes(&check))
}

#[test]
fn deep_nesting_is_handled() {
    let n = 100_000;
    let cases = [
        (
            "block quotes",
            format!("{} 深", ">".repeat(n)),
            format!("{} deep", ">".repeat(n)),
        ),
        (
            "bullet lists",
            format!("{}深", "- ".repeat(n)),
            format!("{}deep", "- ".repeat(n)),
        ),
        (
            "ordered lists",
            format!("{}深", "1. ".repeat(n)),
            format!("{}deep", "1. ".repeat(n)),
        ),
        (
            "mixed containers",
            format!("{}深", "> - 1. ".repeat(n / 3)),
            format!("{}deep", "> - 1. ".repeat(n / 3)),
        ),
        (
            "indented lists",
            (0..3000)
                .map(|i| format!("{}- 深\n", "  ".repeat(i)))
                .collect(),
            (0..3000)
                .map(|i| format!("{}- deep\n", "  ".repeat(i)))
                .collect(),
        ),
        (
            "stars",
            format!("{}深{}", "*".repeat(n), "*".repeat(n)),
            format!("{}deep{}", "*".repeat(n), "*".repeat(n)),
        ),
        (
            "emphasis",
            format!("{}深{}", "*a ".repeat(n), " a*".repeat(n)),
            format!("{}deep{}", "*a ".repeat(n), " a*".repeat(n)),
        ),
        (
            "underscores",
            format!("{}深{}", "_a ".repeat(n), " a_".repeat(n)),
            format!("{}deep{}", "_a ".repeat(n), " a_".repeat(n)),
        ),
        (
            "brackets",
            format!("{}深{}", "[".repeat(n), "]".repeat(n)),
            format!("{}deep{}", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "links",
            format!("{}深{}", "[a".repeat(n), "](x)".repeat(n)),
            format!("{}deep{}", "[a".repeat(n), "](x)".repeat(n)),
        ),
        (
            "tags in emphasis",
            format!(
                "{}[1500亿元](target:va-total){}",
                "**".repeat(n / 2),
                "**".repeat(n / 2)
            ),
            format!(
                "{}[150 billion yuan](target:va-total){}",
                "**".repeat(n / 2),
                "**".repeat(n / 2)
            ),
        ),
        ("backticks", "`".repeat(n), "`".repeat(n)),
        ("raw HTML", "<b>".repeat(n), "<b>".repeat(n)),
        ("angle brackets", "<".repeat(n), "<".repeat(n)),
    ];
    for (what, zh, en) in cases {
        let (_dir, plan) = plan_with(&zh, &en);
        let started = Instant::now();
        let (code, codes) = check_and_build(&plan, what);
        eprintln!("{what}: exit {code} in {:?}", started.elapsed());
        if code == 1 {
            assert!(!codes.is_empty(), "{what}: exit 1 comes with a diagnostic");
        }
        // A flood of one finding is reported once per nesting, not once per level.
        assert!(
            codes.len() < 10 || what == "raw HTML",
            "{what}: {} diagnostics",
            codes.len()
        );
    }
}

#[test]
fn a_50_mb_chapter_and_a_1_mb_line_are_handled() {
    // 50 MiB in each language: 50,000 paragraphs of about 1 KiB.
    let zh_par = "加快发展现代服务业，推动服务业高质量发展，".repeat(16);
    let en_par = "Accelerate the development of the modern service industry. ".repeat(17);
    let paragraphs = (50 << 20) / zh_par.len() + 1;
    let body = |par: &str| {
        let mut s = String::with_capacity(paragraphs * (par.len() + 2));
        for _ in 0..paragraphs {
            s.push_str(par);
            s.push_str("\n\n");
        }
        s
    };
    let (dir, plan) = plan_with(&body(&zh_par), &body(&en_par));
    let size = std::fs::metadata(plan.join("chapters/01-objectives.zh.md"))
        .unwrap()
        .len();
    assert!(size >= 50 << 20, "{size}");
    let check = run_limited(
        &["check", "--format", "json", "--plan", p(&plan)],
        Duration::from_secs(900),
    );
    assert_handled(&check, "50 MB chapter");
    let errors: Vec<String> = codes(&check)
        .into_iter()
        .filter(|c| c != "untranslated")
        .collect();
    assert_eq!(errors, Vec::<String>::new(), "the big chapter loads");
    drop(dir);

    // One line of 1 MiB (a paragraph without line breaks), checked and built.
    let zh = "服务业增加值稳步增长。".repeat((1 << 20) / 33 + 1);
    let en = "Value added of the service industry grew steadily. ".repeat((1 << 20) / 51 + 1);
    let (_dir, plan) = plan_with(&zh, &en);
    let (code, found) = check_and_build(&plan, "1 MB line");
    assert_eq!(code, 0, "{found:?}");

    // Past the size limit: refused with a diagnostic, not read.
    let (_dir, plan) = temp_plan("minimal");
    let big = std::fs::File::create(plan.join("chapters/03-huge.zh.md")).unwrap();
    big.set_len(plandoc::source::MAX_FILE_BYTES + 1).unwrap();
    let check = run_limited(
        &["check", "--format", "json", "--plan", p(&plan)],
        Duration::from_secs(300),
    );
    assert_eq!(assert_handled(&check, "oversized file"), 1);
    assert!(codes(&check).contains(&"file-too-large".to_string()));
}

#[test]
fn ten_thousand_targets_are_handled() {
    let n = 10_000;
    let (dir, plan) = temp_plan("minimal");
    let mut targets = std::fs::read_to_string(plan.join("targets.yaml")).unwrap();
    let (mut zh, mut en) = (
        String::from("\n## 大量指标 {#many}\n"),
        String::from("\n## Many targets {#many}\n"),
    );
    for i in 0..n {
        targets.push_str(&format!(
            "  - id: t{i}\n    indicator: {{zh: 指标{i}, en: indicator {i}}}\n    area: objectives\n    unit: {{zh: 个, en: units}}\n    nature: expected\n    target: {{year: 2025, kind: exact, value: {i}}}\n"
        ));
        zh.push_str(&format!("\n指标{i}达到[{i}个](target:t{i})。\n"));
        en.push_str(&format!(
            "\nIndicator {i} reaches [{i} units](target:t{i}).\n"
        ));
    }
    std::fs::write(plan.join("targets.yaml"), targets).unwrap();
    for (lang, extra) in [("zh", &zh), ("en", &en)] {
        let path = plan.join(format!("chapters/02-measures.{lang}.md"));
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(extra);
        std::fs::write(&path, text).unwrap();
    }
    let started = Instant::now();
    let (code, codes) = check_and_build(&plan, "10,000 targets");
    eprintln!("10,000 targets: exit {code} in {:?}", started.elapsed());
    let errors: Vec<&String> = codes.iter().filter(|c| *c != "untranslated").collect();
    assert_eq!(code, 0, "{errors:?}");
    assert!(dir
        .path()
        .join("output/site/zh/targets/t9999.html")
        .is_file());
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_plan_is_refused() {
    let (dir, plan) = temp_plan("minimal");
    let outside = dir.path().join("outside.zh.md");
    std::fs::copy(plan.join("chapters/01-objectives.zh.md"), &outside).unwrap();
    std::fs::remove_file(plan.join("chapters/01-objectives.zh.md")).unwrap();
    std::os::unix::fs::symlink(&outside, plan.join("chapters/01-objectives.zh.md")).unwrap();
    let (code, diags) = check_json(&plan, false);
    assert_eq!(code, 1);
    let d = diags
        .iter()
        .find(|d| d.code == "symlink-outside-plan")
        .expect("symlink-outside-plan reported");
    assert!(
        d.file
            .as_deref()
            .unwrap_or("")
            .ends_with("01-objectives.zh.md"),
        "{d:?}"
    );
    assert!(d.help.is_some());
    // A link that stays inside the plan folder is fine.
    std::fs::remove_file(plan.join("chapters/01-objectives.zh.md")).unwrap();
    std::fs::rename(&outside, plan.join("objectives.zh.md.orig")).unwrap();
    std::os::unix::fs::symlink(
        plan.join("objectives.zh.md.orig"),
        plan.join("chapters/01-objectives.zh.md"),
    )
    .unwrap();
    let (code, diags) = check_json(&plan, false);
    assert!(
        diags.iter().all(|d| d.code != "symlink-outside-plan"),
        "{diags:?}"
    );
    assert_eq!(code, 0);
}

/// A small deterministic generator (xorshift64*): the same mutations on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces that mean something to the YAML or Markdown parsers or to the value checks.
const TOKENS: &[&str] = &[
    "*",
    "**",
    "_",
    "[",
    "]",
    "](target:",
    "](mention:",
    "](baseline:",
    "{#",
    "}",
    "---\n",
    "\n",
    "\n\n",
    ": ",
    "- ",
    "1. ",
    "`",
    "<",
    ">",
    "#",
    "## ",
    "|",
    "\\",
    "\"",
    "'",
    "&",
    "{",
    "亿元",
    "%",
    "万",
    "左右",
    "以上",
    "~",
    "：",
    "\u{feff}",
    "\t",
    "\r\n",
    "\u{0}",
    "é",
    "𠀀",
    "-1e309",
    "999999999999999999999",
    ".5",
    "id: ",
    "targets:",
    "!!binary",
    "*anchor",
    "&anchor ",
];

fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 => {
                // Overwrite with random bytes (often invalid UTF-8).
                for i in at..(at + 1 + rng.below(8)).min(bytes.len()) {
                    bytes[i] = rng.next() as u8;
                }
            }
            1 => {
                let random: Vec<u8> = (0..1 + rng.below(16)).map(|_| rng.next() as u8).collect();
                bytes.splice(at..at, random);
            }
            2 => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            3 => bytes.truncate(at),
            4 => {
                // Duplicate a slice (repeats tags, headings and YAML entries).
                let end = (at + rng.below(200)).min(bytes.len());
                let piece = bytes[at..end].to_vec();
                bytes.splice(at..at, piece);
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes().to_vec();
                bytes.splice(at..at, token);
            }
        }
    }
}

#[test]
fn random_bytes_in_any_plan_file_never_panic() {
    let (dir, plan) = temp_plan("minimal");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&plan)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.is_file())
        .collect();
    let originals: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let out = dir.path().join("output");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut valid, mut built) = (0, 0);
    let rounds = 60;
    for round in 0..rounds {
        for (i, file) in files.iter().enumerate() {
            let mut bytes = originals[i].clone();
            mutate(&mut rng, &mut bytes);
            std::fs::write(file, &bytes).unwrap();
            let result = std::panic::catch_unwind(|| {
                let (plan_model, diags) = plandoc::driver::check_plan(&plan).unwrap();
                if diags.has_errors() {
                    return (false, false);
                }
                // Render the survivors too (one in three: templates are slow in debug builds).
                if round % 3 != 0 {
                    return (true, false);
                }
                let opts = plandoc::driver::build::BuildOptions {
                    parts: vec![
                        plandoc::driver::build::Part::Html,
                        plandoc::driver::build::Part::Data,
                    ],
                    search: false,
                    strict: false,
                };
                plandoc::driver::build::build(&plan_model, &plan, &out, &opts)
                    .map(|_| (true, true))
                    .unwrap_or((true, false))
            });
            match result {
                Ok((ok, b)) => {
                    valid += ok as usize;
                    built += b as usize;
                }
                Err(_) => {
                    let keep = std::env::temp_dir().join(format!(
                        "plandoc-panic-{}",
                        file.file_name().unwrap().to_string_lossy()
                    ));
                    std::fs::write(&keep, &bytes).unwrap();
                    panic!(
                        "round {round}: a mutation of {} panicked; the file is saved as {}",
                        file.display(),
                        keep.display()
                    );
                }
            }
            std::fs::write(file, &originals[i]).unwrap();
        }
    }
    eprintln!(
        "{} mutated plans: {valid} still valid, {built} of them built",
        rounds * files.len()
    );
    assert!(
        valid > 0,
        "some mutations keep the plan valid, so rendering is exercised"
    );
}

#[test]
fn line_and_column_lookups_match_a_rescan() {
    let text = "一二三\nabc\n\n服务业 x\r\nlast";
    let mut map = plandoc::model::SourceMap::default();
    let f = map.add(PathBuf::from("t.md"), text.to_string());
    for offset in 0..=text.len() + 3 {
        assert_eq!(
            map.line_col(f, offset),
            plandoc::model::line_col(text, offset),
            "offset {offset}"
        );
    }
    assert_eq!(map.file(f).line_start(2), 10);
    assert_eq!(map.file(f).line_start(99), text.rfind('\n').unwrap() + 1);
}
