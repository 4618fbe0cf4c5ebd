//! `plandoc serve`: the live preview as a user sees it — over HTTP, with the binary running
//! against a temporary copy of a fixture plan. Every wait is bounded.

mod common;

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The richest fixture there is: three chapters, tagged and untagged blocks.
fn fixture() -> &'static str {
    if common::fixture("site").join("plan.yaml").is_file() {
        "site"
    } else {
        "minimal"
    }
}

/// A running `plandoc serve`; killed on drop.
struct Server {
    child: Child,
    url: String,
    /// The private folder it serves from.
    work: PathBuf,
    stdout: Receiver<String>,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(plan: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_plandoc"))
            .args(["serve", "--port", "0", "--plan"])
            .arg(plan)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start plandoc serve");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, stdout) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        let out_log = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                out_log.lock().unwrap().push_str(&format!("{line}\n"));
                let _ = tx.send(line);
            }
        });
        let err = child.stderr.take().unwrap();
        let err_log = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                err_log
                    .lock()
                    .unwrap()
                    .push_str(&format!("[stderr] {line}\n"));
            }
        });
        let mut server = Server {
            child,
            url: String::new(),
            work: PathBuf::new(),
            stdout,
            log,
        };
        let serving = server.line(|l| l.starts_with("serving "), Duration::from_secs(60));
        server.url = serving
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("a URL")
            .trim_end_matches('/')
            .to_string();
        let folder = server.line(
            |l| l.starts_with("preview folder: "),
            Duration::from_secs(5),
        );
        server.work = PathBuf::from(folder.trim_start_matches("preview folder: "));
        server
    }

    /// Waits for a stdout line.
    fn line(&mut self, want: impl Fn(&str) -> bool, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(l) if want(&l) => return l,
                Ok(_) => {}
                Err(_) => panic!(
                    "no such line from plandoc serve within {timeout:?}; log:\n{}",
                    self.log()
                ),
            }
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn addr(&self) -> String {
        self.url.trim_start_matches("http://").to_string()
    }

    fn get(&self, path: &str) -> Response {
        request(&self.addr(), "GET", path)
    }

    fn status(&self) -> Value {
        let r = self.get("/__plandoc/status");
        assert_eq!(r.status, 200);
        serde_json::from_str(&r.body).unwrap()
    }

    /// Polls until `check` holds or `timeout` passes.
    fn until(&self, what: &str, timeout: Duration, check: impl Fn(&Server) -> bool) {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if check(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!("{what}: not within {timeout:?}; log:\n{}", self.log());
    }

    /// Sends SIGINT (as Ctrl-C does) and waits for the exit code.
    #[cfg(unix)]
    fn interrupt(&mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        let ok = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "kill -INT {pid}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!("plandoc serve did not stop on SIGINT; log:\n{}", self.log());
    }
}

impl Drop for Server {
    /// Stops it as Ctrl-C would (so it removes its folder), and kills it if that fails.
    fn drop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        #[cfg(unix)]
        {
            let pid = self.child.id().to_string();
            let _ = Command::new("kill").args(["-INT", &pid]).status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request with the target sent exactly as given (no client-side normalisation).
fn request(addr: &str, method: &str, target: &str) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("a response head");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_string(),
    }
}

/// An open `/__plandoc/events` stream: its lines arrive on a channel.
struct Events {
    lines: Receiver<String>,
}

impl Events {
    fn open(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        write!(
            stream,
            "GET /__plandoc/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let events = Events { lines };
        events.wait(|l| l.starts_with(": connected"), Duration::from_secs(10));
        events
    }

    fn wait(&self, want: impl Fn(&str) -> bool, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) if want(&l) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
    }

    fn drain(&self) {
        while self.lines.try_recv().is_ok() {}
    }

    fn reloaded(&self, timeout: Duration) -> bool {
        self.wait(|l| l == "event: reload", timeout)
    }
}

fn chapter_file(plan: &Path, stem_suffix: &str) -> PathBuf {
    std::fs::read_dir(plan.join("chapters"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(stem_suffix))
        .min()
        .unwrap_or_else(|| panic!("no chapter file *{stem_suffix}"))
}

/// The chapter ID from a chapter file's front matter.
fn chapter_id(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix("id:"))
        .map(|s| s.trim().to_string())
        .expect("an id in the front matter")
}

/// The first paragraph line without a target tag: editing it touches only its chapter.
fn plain_paragraph(text: &str) -> String {
    let body = text.splitn(3, "---").nth(2).unwrap_or(text);
    body.lines()
        .find(|l| {
            let l = l.trim();
            !l.is_empty()
                && !l.starts_with('#')
                && !l.starts_with('-')
                && !l.starts_with(|c: char| c.is_ascii_digit())
                && !l.contains("](")
        })
        .map(str::to_string)
        .unwrap_or_else(|| {
            // Every block is tagged: edit a tagged one (a full rebuild, still correct).
            body.lines()
                .find(|l| l.contains("](target:"))
                .expect("a paragraph")
                .to_string()
        })
}

#[test]
fn serve_rebuilds_reloads_and_reports_errors() {
    let (_dir, plan) = common::temp_plan(fixture());
    let mut server = Server::start(&plan, &[]);

    let zh = chapter_file(&plan, ".zh.md");
    let original = std::fs::read_to_string(&zh).unwrap();
    let id = chapter_id(&original);
    let page = format!("/zh/{id}/");
    let first = server.get(&page);
    assert_eq!(first.status, 200, "{page}");
    assert_eq!(
        first.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    // Revalidated on every use: never stale after an edit, a 304 when unchanged.
    assert_eq!(first.header("Cache-Control"), Some("no-cache"));
    assert!(
        first.body.contains("/__plandoc/live.js"),
        "served pages carry the live-reload script"
    );

    // A chapter edit: new text over HTTP and a reload event, within 2 s.
    let events = Events::open(&server.addr());
    let marker = "实时预览新增文字";
    let paragraph = plain_paragraph(&original);
    let edited = original.replacen(&paragraph, &format!("{paragraph}{marker}"), 1);
    assert_ne!(edited, original);
    let t = Instant::now();
    std::fs::write(&zh, &edited).unwrap();
    server.until("the edit is served", Duration::from_secs(2), |s| {
        s.get(&page).body.contains(marker)
    });
    assert!(
        events.reloaded(Duration::from_secs(2).saturating_sub(t.elapsed())),
        "a reload event within 2 s of the edit; log:\n{}",
        server.log()
    );
    let rebuilt = server.line(|l| l.starts_with("rebuilt "), Duration::from_secs(5));
    assert!(rebuilt.contains(" ms"), "{rebuilt}");
    if !paragraph.contains("](") {
        // An untagged paragraph: only the chapter's own pages were re-rendered.
        assert!(
            rebuilt.starts_with(&format!("rebuilt {id} in ")) && rebuilt.ends_with(" ms"),
            "{rebuilt}"
        );
    }
    assert!(server.status()["ok"].as_bool().unwrap());

    // The other language too.
    let en = chapter_file(&plan, ".en.md");
    let en_text = std::fs::read_to_string(&en).unwrap();
    let en_id = chapter_id(&en_text);
    let en_paragraph = plain_paragraph(&en_text);
    events.drain();
    std::fs::write(
        &en,
        en_text.replacen(&en_paragraph, &format!("{en_paragraph} Live preview."), 1),
    )
    .unwrap();
    server.until("the en edit is served", Duration::from_secs(5), |s| {
        s.get(&format!("/en/{en_id}/"))
            .body
            .contains("Live preview.")
    });
    assert!(events.reloaded(Duration::from_secs(5)));

    // A YAML error: the last good site stays, the status carries the diagnostic.
    let targets = plan.join("targets.yaml");
    let good_yaml = std::fs::read_to_string(&targets).unwrap();
    events.drain();
    std::fs::write(&targets, format!("{good_yaml}\n  - id: [unclosed\n")).unwrap();
    server.until(
        "the status reports the error",
        Duration::from_secs(5),
        |s| !s.status()["ok"].as_bool().unwrap_or(true),
    );
    let status = server.status();
    let diags = status["diagnostics"].as_array().unwrap();
    let error = diags
        .iter()
        .find(|d| d["severity"] == "error")
        .unwrap_or_else(|| panic!("an error diagnostic in {status}"));
    assert!(
        error["file"]
            .as_str()
            .unwrap_or_default()
            .ends_with("targets.yaml"),
        "{error}"
    );
    assert!(error["line"].as_u64().unwrap_or(0) > 0, "{error}");
    assert!(!error["code"].as_str().unwrap_or_default().is_empty());
    assert!(!error["message"].as_str().unwrap_or_default().is_empty());
    assert!(status["errors"].as_u64().unwrap() >= 1);
    assert!(
        events.reloaded(Duration::from_secs(5)),
        "pages reload to show the overlay"
    );
    let still = server.get(&page);
    assert_eq!(still.status, 200);
    assert!(
        still.body.contains(marker),
        "the last good page is still served"
    );
    let log = server.log();
    assert!(
        log.contains("targets.yaml"),
        "the terminal shows the diagnostic:\n{log}"
    );

    // The overlay script: fetches the status, renders an accessible alert.
    let js = server.get("/__plandoc/live.js");
    assert_eq!(js.status, 200);
    assert!(js
        .header("Content-Type")
        .unwrap()
        .starts_with("application/javascript"));
    for needle in [
        "/__plandoc/status",
        "EventSource",
        "role",
        "alert",
        "button",
    ] {
        assert!(js.body.contains(needle), "live.js lacks {needle}");
    }

    // Fixed: the status clears and pages reload.
    events.drain();
    std::fs::write(&targets, &good_yaml).unwrap();
    server.until("the status clears", Duration::from_secs(5), |s| {
        s.status()["ok"].as_bool().unwrap_or(false)
    });
    assert!(events.reloaded(Duration::from_secs(5)));
    assert!(server.get(&page).body.contains(marker));

    // A chapter error while serving: the overlay again, old page still served.
    events.drain();
    std::fs::write(&zh, edited.replacen("id:", "id: Bad Id\nx:", 1)).unwrap();
    server.until("a chapter error is reported", Duration::from_secs(5), |s| {
        !s.status()["ok"].as_bool().unwrap_or(true)
    });
    assert_eq!(server.get(&page).status, 200);
    std::fs::write(&zh, &original).unwrap();
    server.until("the original text is back", Duration::from_secs(5), |s| {
        s.status()["ok"].as_bool().unwrap_or(false) && !s.get(&page).body.contains(marker)
    });
}

#[test]
fn serve_only_serves_the_site_folder() {
    let (dir, plan) = common::temp_plan(fixture());
    std::fs::write(dir.path().join("secret.txt"), "top secret").unwrap();
    let server = Server::start(&plan, &[]);
    let addr = server.addr();

    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/zh/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/.%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/zh\\..\\..\\secret.txt",
        "/index.html%00.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/C:/Windows/win.ini",
        "http://evil.example/../secret.txt",
        "secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
    ] {
        let r = request(&addr, "GET", target);
        assert!(
            r.status == 400 || r.status == 404,
            "{target}: status {}",
            r.status
        );
        assert!(!r.body.contains("top secret"), "{target} leaked a file");
        assert!(!r.body.contains("root:"), "{target} leaked /etc/passwd");
    }

    // Content types.
    for (path, ct) in [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/zh/", "text/html; charset=utf-8"),
        ("/assets/style.css", "text/css"),
        ("/sitemap.xml", "application/xml"),
        ("/data/targets.json", "application/json"),
        ("/__plandoc/status", "application/json"),
        ("/__plandoc/live.js", "application/javascript"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        let got = r.header("Content-Type").unwrap_or_default();
        assert!(got.starts_with(ct), "{path}: {got}, want {ct}");
        assert_eq!(r.header("Cache-Control"), Some("no-cache"), "{path}");
    }
    // Every JavaScript asset the site ships is served as JavaScript.
    let home = server.get("/zh/");
    assert!(home.body.contains("assets/site.js"));
    let js = server.get("/assets/site.js");
    assert!(js
        .header("Content-Type")
        .unwrap()
        .starts_with("application/javascript"));

    // A folder without its slash redirects (relative links need it).
    let r = server.get("/zh");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("Location"), Some("/zh/"));

    // 404: the site's own page, with status 404.
    let r = server.get("/no/such/page.html");
    assert_eq!(r.status, 404);
    assert!(r.header("Content-Type").unwrap().starts_with("text/html"));
    assert!(r.body.contains("<html"), "the site's 404.html");

    // HEAD: headers only.
    let head = request(&addr, "HEAD", "/index.html");
    let get = server.get("/index.html");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("Content-Length"),
        Some(get.body.len().to_string().as_str())
    );

    // Other methods are refused.
    let r = request(&addr, "POST", "/index.html");
    assert_eq!(r.status, 405);

    // The preview folder is a private temporary folder, not the plan's output/.
    assert!(server.work.is_dir());
    assert!(!server.work.starts_with(dir.path()));
    assert!(!plan.join("output").exists() && !dir.path().join("output").exists());
}

#[test]
fn port_in_use_exits_2_with_a_hint() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_plandoc"))
        .args(["serve", "--port", &port, "--plan"])
        .arg(common::fixture(fixture()))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&port), "{stderr}");
    assert!(stderr.contains("--port N"), "{stderr}");
    assert!(stderr.contains("--port 0"), "{stderr}");
}

#[test]
fn bad_bind_address_and_missing_plan_exit_2() {
    let out = common::plandoc(&["serve", "--port", "0", "--bind", "not-an-address"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--bind"));
    let out = common::plandoc(&["serve", "--port", "0", "--plan", "/no/such/plan"]);
    assert_eq!(out.status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_and_removes_the_preview_folder() {
    let (_dir, plan) = common::temp_plan(fixture());
    let mut server = Server::start(&plan, &[]);
    assert!(server.work.is_dir());
    assert_eq!(server.get("/").status, 200);
    let code = server.interrupt();
    assert_eq!(code, Some(0), "log:\n{}", server.log());
    assert!(
        !server.work.exists(),
        "{} was left behind",
        server.work.display()
    );
}

#[test]
fn a_plan_with_errors_at_start_is_served_with_the_overlay() {
    let (_dir, plan) = common::temp_plan(fixture());
    let targets = plan.join("targets.yaml");
    let good = std::fs::read_to_string(&targets).unwrap();
    std::fs::write(&targets, "targets: [\n").unwrap();
    let mut server = Server::start(&plan, &[]);
    let status = server.status();
    assert_eq!(status["ok"], false, "{status}");
    let r = server.get("/");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("/__plandoc/live.js"));
    std::fs::write(&targets, good).unwrap();
    server.line(|l| l.starts_with("built site in "), Duration::from_secs(10));
    server.until("the site is served", Duration::from_secs(5), |s| {
        s.status()["ok"] == true && s.get("/zh/").status == 200
    });
}

#[test]
fn build_output_has_no_reload_script() {
    let (dir, plan) = common::temp_plan(fixture());
    let out = dir.path().join("output");
    let result = common::plandoc(&[
        "build",
        "--plan",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--only",
        "html,data",
        "--no-search",
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(out.join("site")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        pages += usize::from(entry.path().extension().is_some_and(|e| e == "html"));
        for needle in ["__plandoc", "EventSource", "live.js"] {
            assert!(
                !text.contains(needle),
                "{} contains {needle}",
                entry.path().display()
            );
        }
    }
    assert!(pages > 5, "the site was built ({pages} pages)");
}

/// With `--search`, a chapter edit re-renders that chapter alone and rewrites its language's
/// search index: the new words are found in the served index, the other language's is the same.
#[test]
fn serve_search_reindexes_the_edited_chapter_only() {
    let (_dir, plan) = common::temp_plan(fixture());
    let mut server = Server::start(&plan, &["--search"]);
    let meta = |s: &Server, lang: &str| -> Value {
        let r = s.get(&format!("/pagefind/{lang}/meta.json"));
        assert_eq!(r.status, 200, "the {lang} search index is served");
        serde_json::from_str(&r.body).expect("meta json")
    };
    // Every term file of a language, as one text.
    let terms = |s: &Server, lang: &str| -> String {
        let files = meta(s, lang)["files"].as_u64().unwrap();
        (0..files)
            .map(|k| s.get(&format!("/pagefind/{lang}/t/{k}.json")).body)
            .collect()
    };
    let search_page = server.get("/zh/search/");
    assert!(search_page
        .body
        .contains("data-index=\"../../pagefind/zh/\""));
    let (zh_before, en_before) = (meta(&server, "zh"), meta(&server, "en"));
    assert!(!terms(&server, "zh").contains("\"检索\""));

    let zh = chapter_file(&plan, ".zh.md");
    let original = std::fs::read_to_string(&zh).unwrap();
    let id = chapter_id(&original);
    let paragraph = plain_paragraph(&original);
    assert!(
        !paragraph.contains("]("),
        "an untagged paragraph: {paragraph}"
    );
    std::fs::write(
        &zh,
        original.replacen(&paragraph, &format!("{paragraph}检索增量更新"), 1),
    )
    .unwrap();
    let rebuilt = server.line(|l| l.starts_with("rebuilt "), Duration::from_secs(10));
    assert!(
        rebuilt.starts_with(&format!("rebuilt {id} in ")) && rebuilt.ends_with(" ms"),
        "the chapter alone, not the site: {rebuilt}"
    );
    let zh_after = meta(&server, "zh");
    assert_ne!(
        zh_before["version"], zh_after["version"],
        "the zh index was rebuilt"
    );
    assert_eq!(zh_before["blocks"], zh_after["blocks"], "the same blocks");
    assert!(
        terms(&server, "zh").contains("\"检索\""),
        "the new words are indexed"
    );
    assert_eq!(en_before, meta(&server, "en"), "the en index is untouched");
}
