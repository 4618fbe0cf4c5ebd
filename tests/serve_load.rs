//! `plandoc serve` under load and under hostile clients, over loopback only, every wait
//! bounded: keep-alive, conditional GET, ranges, 200 concurrent clients while a chapter is
//! edited, oversized and slow request heads, hostile paths, hundreds of idle connections.
//!
//! The client is a plain `TcpStream` speaking HTTP/1.1 (keep-alive, Content-Length and
//! chunked bodies), so the tests see exactly the bytes the server sends.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Whether typst is there, so that `--pdf` gives PDFs to request.
fn have_typst() -> bool {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    [PathBuf::from("typst"), home.join(".cargo/bin/typst")]
        .iter()
        .any(|p| {
            Command::new(p)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
}

/// A running `plandoc serve`; stopped (SIGINT, then kill) on drop.
struct Server {
    child: Child,
    addr: String,
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
            addr: String::new(),
            stdout,
            log,
        };
        let serving = server.line(|l| l.starts_with("serving "), Duration::from_secs(60));
        server.addr = serving
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://"))
            .expect("a URL")
            .trim_end_matches('/')
            .to_string();
        server
    }

    fn line(&mut self, want: impl Fn(&str) -> bool, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(l) if want(&l) => return l,
                Ok(_) => {}
                Err(_) => panic!("no such line within {timeout:?}; log:\n{}", self.log()),
            }
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Response {
        Conn::open(&self.addr)
            .and_then(|mut c| c.request("GET", path, &[]))
            .unwrap_or_else(|e| panic!("GET {path}: {e}; log:\n{}", self.log()))
    }

    fn until(&self, what: &str, timeout: Duration, check: impl Fn(&Server) -> bool) {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if check(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("{what}: not within {timeout:?}; log:\n{}", self.log());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
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

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A whole HTML page: ends with `</html>`.
    fn complete_html(&self) -> bool {
        self.text().trim_end().ends_with("</html>")
    }
}

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    reader: BufReader<TcpStream>,
    host: String,
}

impl Conn {
    fn open(addr: &str) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(addr)?;
        stream.set_read_timeout(Some(Duration::from_secs(20)))?;
        stream.set_write_timeout(Some(Duration::from_secs(20)))?;
        let _ = stream.set_nodelay(true);
        Ok(Conn {
            reader: BufReader::new(stream),
            host: addr.to_string(),
        })
    }

    fn request(
        &mut self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
    ) -> std::io::Result<Response> {
        let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {}\r\n", self.host);
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        self.reader.get_mut().write_all(head.as_bytes())?;
        read_response(&mut self.reader, method == "HEAD")
    }
}

fn bad(what: impl Into<String>) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.into())
}

fn read_response(r: &mut impl BufRead, head_only: bool) -> std::io::Result<Response> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| bad(format!("status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(k, _): &&(String, String)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut body = Vec::new();
    if head_only || status == 304 || status == 204 || (100..200).contains(&status) {
    } else if let Some(len) = find("content-length") {
        let len: usize = len.parse().map_err(|_| bad("content-length"))?;
        body.resize(len, 0);
        r.read_exact(&mut body)?;
    } else if find("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        loop {
            line.clear();
            r.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| bad(format!("chunk size {line:?}")))?;
            if size == 0 {
                line.clear();
                r.read_line(&mut line)?;
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            r.read_exact(&mut body[start..])?;
            line.clear();
            r.read_line(&mut line)?;
        }
    } else {
        r.read_to_end(&mut body)?;
    }
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// Sends `raw` on a fresh connection and returns what came back: a response, or `None` when
/// the server closed (or reset) the connection without one.
fn raw_request(addr: &str, raw: &[u8]) -> Option<Response> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    // The server may close before reading everything: a failed write is an answer too.
    let _ = stream.write_all(raw);
    let mut reader = BufReader::new(stream);
    read_response(&mut reader, false).ok()
}

/// An open `/__plandoc/events` stream; counts `reload` events on a thread.
struct Events {
    reloads: Arc<AtomicUsize>,
}

impl Events {
    fn open(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .unwrap();
        write!(
            stream,
            "GET /__plandoc/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        let reloads = Arc::new(AtomicUsize::new(0));
        let count = reloads.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if line.starts_with(": connected") {
                    let _ = tx.send(());
                }
                if line == "event: reload" {
                    count.fetch_add(1, Ordering::SeqCst);
                }
            }
        });
        rx.recv_timeout(Duration::from_secs(20))
            .expect("the event stream says `connected`");
        Events { reloads }
    }
}

/// Opens an event stream on `conn`'s server, reads to `: connected`, and closes it.
fn events_handshake(addr: &str) -> Result<(), String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET /__plandoc/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).map_err(|e| e.to_string())?;
    if !line.starts_with("HTTP/1.1 200") {
        return Err(format!("events: {line:?}"));
    }
    let mut event_stream = false;
    loop {
        line.clear();
        if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            return Err("events: closed before `connected`".into());
        }
        if line
            .to_ascii_lowercase()
            .starts_with("content-type: text/event-stream")
        {
            event_stream = true;
        }
        if line.starts_with(": connected") {
            return if event_stream {
                Ok(())
            } else {
                Err("events: not text/event-stream".into())
            };
        }
    }
}

fn chapter_file(plan: &Path, suffix: &str) -> PathBuf {
    std::fs::read_dir(plan.join("chapters"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .min()
        .unwrap_or_else(|| panic!("no chapter file *{suffix}"))
}

fn chapter_ids(plan: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(plan.join("chapters"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".zh.md"))
        .map(|p| chapter_id(&std::fs::read_to_string(p).unwrap()))
        .collect();
    ids.sort();
    ids
}

fn chapter_id(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix("id:"))
        .map(|s| s.trim().to_string())
        .expect("an id in the front matter")
}

/// The first paragraph line without a target tag, heading or list marker.
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
        .or_else(|| body.lines().find(|l| l.contains("](target:")))
        .expect("a paragraph")
        .to_string()
}

/// Holds `n` connections open: every other one sent nothing, the rest half a request head.
fn hostile_idle(addr: &str, n: usize) -> Vec<TcpStream> {
    (0..n)
        .map(|i| {
            let mut s = TcpStream::connect(addr).expect("connect an idle client");
            if i % 2 == 1 {
                let _ = s.write_all(b"GET /zh/ HTTP/1.1\r\nHost: x\r\nAccept: text/ht");
            }
            s
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Shown even when the harness captures output (it captures only the print macros).
fn report(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

#[test]
fn keep_alive_conditional_get_ranges_and_content_types() {
    let pdf = have_typst();
    let (_dir, plan) = common::temp_plan("site");
    let server = Server::start(&plan, if pdf { &["--pdf"] } else { &[] });
    let addr = server.addr.clone();

    // Many requests on one connection.
    let mut conn = Conn::open(&addr).unwrap();
    for path in [
        "/",
        "/zh/",
        "/en/",
        "/assets/style.css",
        "/__plandoc/status",
    ] {
        let r = conn.request("GET", path, &[]).unwrap();
        assert_eq!(r.status, 200, "{path}");
        assert_ne!(r.header("Connection"), Some("close"), "{path}");
    }

    // Conditional GET: ETag → 304, Last-Modified → 304, a stale ETag → 200.
    let page = conn.request("GET", "/zh/", &[]).unwrap();
    let etag = page.header("ETag").expect("an ETag").to_string();
    let modified = page
        .header("Last-Modified")
        .expect("Last-Modified")
        .to_string();
    let r = conn
        .request("GET", "/zh/", &[("If-None-Match", &etag)])
        .unwrap();
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
    assert_eq!(r.header("ETag"), Some(etag.as_str()));
    let r = conn
        .request("GET", "/zh/", &[("If-Modified-Since", &modified)])
        .unwrap();
    assert_eq!(r.status, 304);
    let r = conn
        .request("GET", "/zh/", &[("If-None-Match", "\"stale\"")])
        .unwrap();
    assert_eq!(r.status, 200);
    assert!(r.complete_html());
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    let r = conn
        .request(
            "GET",
            "/zh/",
            &[
                ("If-None-Match", "\"stale\""),
                ("If-Modified-Since", &modified),
            ],
        )
        .unwrap();
    assert_eq!(r.status, 200);

    // After an edit the old validators no longer match: the new page, not a 304.
    let zh = chapter_file(&plan, ".zh.md");
    let original = std::fs::read_to_string(&zh).unwrap();
    let chapter = format!("/zh/{}/", chapter_id(&original));
    let before = conn.request("GET", &chapter, &[]).unwrap();
    let old_tag = before.header("ETag").unwrap().to_string();
    let paragraph = plain_paragraph(&original);
    std::fs::write(
        &zh,
        original.replacen(&paragraph, &format!("{paragraph}改"), 1),
    )
    .unwrap();
    server.until("the edit is served", Duration::from_secs(10), |s| {
        s.get(&chapter).text().contains(&format!("{paragraph}改"))
    });
    let r = conn
        .request("GET", &chapter, &[("If-None-Match", &old_tag)])
        .unwrap();
    assert_eq!(r.status, 200, "a stale ETag after an edit");
    assert!(r.text().contains(&format!("{paragraph}改")));
    assert_ne!(r.header("ETag"), Some(old_tag.as_str()));

    // Byte ranges, on a PDF when there are PDFs.
    let file = if pdf {
        server.until("the PDFs are built", Duration::from_secs(120), |s| {
            s.get("/pdf/plan.zh.pdf").status == 200
        });
        "/pdf/plan.zh.pdf"
    } else {
        "/data/targets.csv"
    };
    let whole = conn.request("GET", file, &[]).unwrap();
    assert_eq!(whole.status, 200);
    assert_eq!(whole.header("Accept-Ranges"), Some("bytes"));
    if pdf {
        assert_eq!(whole.header("Content-Type"), Some("application/pdf"));
        assert!(whole.body.starts_with(b"%PDF"));
    }
    let len = whole.body.len();
    let r = conn
        .request("GET", file, &[("Range", "bytes=0-99")])
        .unwrap();
    assert_eq!(r.status, 206);
    assert_eq!(r.body, whole.body[..100]);
    assert_eq!(
        r.header("Content-Range"),
        Some(format!("bytes 0-99/{len}").as_str())
    );
    if pdf {
        assert_eq!(r.header("Content-Type"), Some("application/pdf"));
    }
    let r = conn
        .request("GET", file, &[("Range", "bytes=-10")])
        .unwrap();
    assert_eq!(r.status, 206);
    assert_eq!(r.body, whole.body[len - 10..]);
    let r = conn
        .request("GET", file, &[("Range", &format!("bytes={}-", len + 10))])
        .unwrap();
    assert_eq!(r.status, 416);
    // If-Range: the current ETag keeps the range, another one gets the whole file.
    let tag = whole.header("ETag").unwrap().to_string();
    let r = conn
        .request("GET", file, &[("Range", "bytes=0-9"), ("If-Range", &tag)])
        .unwrap();
    assert_eq!(r.status, 206);
    let r = conn
        .request(
            "GET",
            file,
            &[("Range", "bytes=0-9"), ("If-Range", "\"old\"")],
        )
        .unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.body.len(), len);
    // HEAD on the same connection.
    let r = conn.request("HEAD", file, &[]).unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Length"), Some(len.to_string().as_str()));

    // Content types (text with a charset).
    for (path, ct) in [
        ("/zh/", "text/html; charset=utf-8"),
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/site.js", "application/javascript; charset=utf-8"),
        ("/data/targets.json", "application/json"),
        ("/data/targets.csv", "text/csv; charset=utf-8"),
        ("/sitemap.xml", "application/xml"),
        (
            "/__plandoc/live.js",
            "application/javascript; charset=utf-8",
        ),
    ] {
        let r = conn.request("GET", path, &[]).unwrap();
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("Content-Type"), Some(ct), "{path}");
        assert_eq!(
            r.header("X-Content-Type-Options"),
            Some("nosniff"),
            "{path}"
        );
    }
    // The 404 page on a kept-alive connection, then a page again.
    let r = conn.request("GET", "/no/such.html", &[]).unwrap();
    assert_eq!(r.status, 404);
    assert!(r.complete_html());
    assert_eq!(conn.request("GET", "/", &[]).unwrap().status, 200);
}

#[test]
fn load_200_clients_while_a_chapter_is_edited() {
    const CLIENTS: usize = 200;
    const REQUESTS: usize = 50;
    const EDITS: usize = 10;
    const IDLE: usize = 300;
    let pdf = have_typst();
    let (dir, plan) = common::temp_plan("site");
    std::fs::write(dir.path().join("secret.txt"), "top secret").unwrap();
    let server = Server::start(&plan, if pdf { &["--pdf"] } else { &[] });
    let addr = server.addr.clone();
    let files: Vec<String> = if pdf {
        server.until("the PDFs are built", Duration::from_secs(120), |s| {
            s.get("/pdf/plan.bilingual.pdf").status == 200
        });
        ["zh", "en", "bilingual"]
            .iter()
            .map(|e| format!("/pdf/plan.{e}.pdf"))
            .collect()
    } else {
        vec!["/data/targets.csv".into(), "/data/plan.json".into()]
    };

    let zh = chapter_file(&plan, ".zh.md");
    let original = std::fs::read_to_string(&zh).unwrap();
    let edited_id = chapter_id(&original);
    let edited_page = format!("/zh/{edited_id}/");
    let paragraph = plain_paragraph(&original);
    let marker = |n: usize| format!("负载编辑第{n}次。");
    let mut pages = vec!["/".to_string(), "/zh/".into(), "/en/".into()];
    for id in chapter_ids(&plan) {
        pages.push(format!("/zh/{id}/"));
        pages.push(format!("/en/{id}/"));
    }

    // Hostile neighbours for the whole test, and pages listening for reloads.
    let idle = hostile_idle(&addr, IDLE);
    let listeners: Vec<Events> = (0..10).map(|_| Events::open(&addr)).collect();

    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let latencies = Arc::new(Mutex::new(Vec::<Duration>::with_capacity(
        CLIENTS * REQUESTS,
    )));
    let done = Arc::new(AtomicBool::new(false));
    let counts = Arc::new([
        AtomicUsize::new(0), // 304
        AtomicUsize::new(0), // 206
        AtomicUsize::new(0), // event streams opened
    ]);
    let load_end = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (addr, pages, files) = (addr.clone(), pages.clone(), files.clone());
            let (failures, latencies, done, counts, load_end) = (
                failures.clone(),
                latencies.clone(),
                done.clone(),
                counts.clone(),
                load_end.clone(),
            );
            let (edited_page, last) = (edited_page.clone(), marker(EDITS));
            std::thread::spawn(move || {
                let fail = |what: String| failures.lock().unwrap().push(what);
                let mut conn: Option<Conn> = None;
                let mut mine = Vec::with_capacity(REQUESTS);
                let mut etags: Vec<(String, String)> = Vec::new();
                for k in 0..REQUESTS {
                    // Spread over the edits: up to 150 ms of think time between requests.
                    std::thread::sleep(Duration::from_millis(((c * 31 + k * 17) % 150) as u64));
                    let kind = (c + k) % 10;
                    let t = Instant::now();
                    if kind == 9 {
                        if let Err(e) = events_handshake(&addr) {
                            fail(format!("client {c} request {k}: {e}"));
                        }
                        counts[2].fetch_add(1, Ordering::Relaxed);
                        mine.push(t.elapsed());
                        continue;
                    }
                    let (path, headers): (String, Vec<(&str, String)>) = match kind {
                        0..=4 => (pages[(c * 7 + k) % pages.len()].clone(), vec![]),
                        5 => (files[(c + k) % files.len()].clone(), vec![]),
                        6 => (
                            files[(c + k) % files.len()].clone(),
                            vec![("Range", "bytes=0-1023".to_string())],
                        ),
                        7 => match etags.last() {
                            Some((p, e)) => (p.clone(), vec![("If-None-Match", e.clone())]),
                            None => (pages[c % pages.len()].clone(), vec![]),
                        },
                        _ => ("/__plandoc/status".to_string(), vec![]),
                    };
                    let headers: Vec<(&str, &str)> =
                        headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    if conn.is_none() {
                        match Conn::open(&addr) {
                            Ok(c) => conn = Some(c),
                            Err(e) => {
                                fail(format!("client {c} connect: {e}"));
                                continue;
                            }
                        }
                    }
                    let result = conn.as_mut().unwrap().request("GET", &path, &headers);
                    mine.push(t.elapsed());
                    let r = match result {
                        Ok(r) => r,
                        Err(e) => {
                            fail(format!("client {c} request {k} GET {path}: {e}"));
                            conn = None;
                            continue;
                        }
                    };
                    if r.header("Connection") == Some("close") {
                        conn = None;
                    }
                    let want: &[u16] = match kind {
                        6 => &[206],
                        7 => &[200, 304],
                        _ => &[200],
                    };
                    if !want.contains(&r.status) {
                        fail(format!("client {c} GET {path}: status {}", r.status));
                        continue;
                    }
                    match r.status {
                        304 => {
                            counts[0].fetch_add(1, Ordering::Relaxed);
                        }
                        206 => {
                            counts[1].fetch_add(1, Ordering::Relaxed);
                            if !range_matches(&r, 0, 1023) {
                                fail(format!(
                                    "client {c} GET {path}: {} bytes for {:?}",
                                    r.body.len(),
                                    r.header("Content-Range")
                                ));
                            }
                        }
                        _ => {}
                    }
                    let html = r
                        .header("Content-Type")
                        .is_some_and(|t| t.starts_with("text/html"));
                    if html && r.status == 200 {
                        if !r.complete_html() {
                            fail(format!(
                                "client {c} GET {path}: a half-written page ({} bytes)",
                                r.body.len()
                            ));
                        }
                        if let Some(e) = r.header("ETag") {
                            etags.push((path.clone(), e.to_string()));
                        }
                    }
                    if kind == 5 && pdf_like(&path) && !r.body.starts_with(b"%PDF") {
                        fail(format!("client {c} GET {path}: not a whole PDF"));
                    }
                }
                latencies.lock().unwrap().extend(mine);
                load_end.lock().unwrap().push(started.elapsed());
                // Every client sees the final edit at the end.
                let deadline = Instant::now() + Duration::from_secs(90);
                while !done.load(Ordering::SeqCst) && Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(20));
                }
                match Conn::open(&addr).and_then(|mut c| c.request("GET", &edited_page, &[])) {
                    Ok(r) if r.status == 200 && r.text().contains(&last) && r.complete_html() => {}
                    Ok(r) => fail(format!(
                        "client {c}: the final page lacks the last edit (status {})",
                        r.status
                    )),
                    Err(e) => fail(format!("client {c}: the final page: {e}")),
                }
            })
        })
        .collect();

    // Ten edits of the chapter, each served before the next.
    let mut rebuilds = Vec::new();
    for n in 1..=EDITS {
        let text = original.replacen(&paragraph, &format!("{paragraph}{}", marker(n)), 1);
        let t = Instant::now();
        std::fs::write(&zh, text).unwrap();
        server.until("an edit is served", Duration::from_secs(30), |s| {
            s.get(&edited_page).text().contains(&marker(n))
        });
        rebuilds.push(t.elapsed());
    }
    let edits_end = started.elapsed();
    done.store(true, Ordering::SeqCst);
    for c in clients {
        c.join().expect("a client thread");
    }
    let elapsed = started.elapsed();
    drop(idle);

    let failures = failures.lock().unwrap();
    let mut latencies = latencies.lock().unwrap();
    latencies.sort();
    let reloads: Vec<usize> = listeners
        .iter()
        .map(|l| l.reloads.load(Ordering::SeqCst))
        .collect();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    report(&format!(
        "serve load: {CLIENTS} clients × {REQUESTS} requests ({} timed, {} event streams, \
         {} × 304, {} × 206{}) beside {IDLE} idle/half-sent connections, {EDITS} edits, in \
         {:.1} s (edits until {:.1} s, the load until {:.1} s): {} failed; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; edit → served \
         {:?} ms; reloads seen by 10 listeners: {reloads:?}",
        latencies.len(),
        counts[2].load(Ordering::Relaxed),
        counts[0].load(Ordering::Relaxed),
        counts[1].load(Ordering::Relaxed),
        if pdf {
            ", PDFs"
        } else {
            ", no typst: CSV/JSON for PDFs"
        },
        elapsed.as_secs_f64(),
        edits_end.as_secs_f64(),
        load_end
            .lock()
            .unwrap()
            .iter()
            .max()
            .unwrap_or(&Duration::ZERO)
            .as_secs_f64(),
        failures.len(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(*latencies.last().unwrap_or(&Duration::ZERO)),
        rebuilds.iter().map(|d| d.as_millis()).collect::<Vec<_>>(),
    ));
    assert!(
        failures.is_empty(),
        "{} failed requests, first ones:\n{}\nlog:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
        server.log()
    );
    assert_eq!(latencies.len(), CLIENTS * REQUESTS);
    assert!(
        counts[0].load(Ordering::Relaxed) > 0,
        "some conditional GETs got 304"
    );
    assert!(counts[1].load(Ordering::Relaxed) > 0);
    assert!(
        reloads.iter().all(|&n| n >= 1),
        "every listening page was told to reload: {reloads:?}"
    );
    // Nothing outside the site, even now.
    let r = server.get("/%2e%2e/secret.txt");
    assert!(r.status == 400 || r.status == 404);
    assert!(!r.text().contains("top secret"));
}

/// A 206 for `bytes=first-last` carries exactly the bytes its `Content-Range` names.
fn range_matches(r: &Response, first: u64, last: u64) -> bool {
    let Some(range) = r
        .header("Content-Range")
        .and_then(|v| v.strip_prefix("bytes "))
    else {
        return false;
    };
    let Some((span, total)) = range.split_once('/') else {
        return false;
    };
    let (Some((a, b)), Ok(total)) = (span.split_once('-'), total.parse::<u64>()) else {
        return false;
    };
    let (Ok(a), Ok(b)) = (a.parse::<u64>(), b.parse::<u64>()) else {
        return false;
    };
    a == first && b == last.min(total - 1) && r.body.len() as u64 == b - a + 1
}

fn pdf_like(path: &str) -> bool {
    path.ends_with(".pdf")
}

#[test]
fn oversized_request_line_and_headers_are_refused() {
    let (_dir, plan) = common::temp_plan("site");
    let server = Server::start(&plan, &[]);
    let addr = server.addr.clone();

    let long_target = format!("/{}", "a".repeat(100_000));
    let raw = format!("GET {long_target} HTTP/1.1\r\nHost: x\r\n\r\n");
    match raw_request(&addr, raw.as_bytes()) {
        None => {}
        Some(r) => assert!(
            [400, 414, 431].contains(&r.status),
            "a 100 kB request line: {}",
            r.status
        ),
    }

    let mut raw = String::from("GET / HTTP/1.1\r\nHost: x\r\n");
    for i in 0..64 {
        raw.push_str(&format!("X-Filler-{i}: {}\r\n", "b".repeat(1000)));
    }
    raw.push_str("\r\n");
    match raw_request(&addr, raw.as_bytes()) {
        None => {}
        Some(r) => assert!(
            [400, 431].contains(&r.status),
            "64 kB of headers: {}",
            r.status
        ),
    }

    let mut raw = String::from("GET / HTTP/1.1\r\nHost: x\r\n");
    for i in 0..500 {
        raw.push_str(&format!("X-{i}: y\r\n"));
    }
    raw.push_str("\r\n");
    match raw_request(&addr, raw.as_bytes()) {
        None => {}
        Some(r) => assert!([400, 431].contains(&r.status), "500 headers: {}", r.status),
    }

    // Garbage and wrong versions.
    for raw in [
        &b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"[..],
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
    ] {
        if let Some(r) = raw_request(&addr, raw) {
            assert!(
                (400..500).contains(&r.status) || r.status == 505,
                "{:?}: {}",
                String::from_utf8_lossy(raw),
                r.status
            );
        }
    }

    // Still serving.
    let r = server.get("/zh/");
    assert_eq!(r.status, 200);
    assert!(r.complete_html());
}

#[test]
fn a_slow_client_times_out_while_others_are_served() {
    let (_dir, plan) = common::temp_plan("site");
    let server = Server::start(&plan, &[]);
    let addr = server.addr.clone();

    // One byte per second of a request head that would take ~40 s to send.
    let head = format!("GET /zh/ HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: slow\r\n\r\n");
    let stream = TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let closed = Arc::new(AtomicBool::new(false));
    let stop = closed.clone();
    let slow_started = Instant::now();
    let sender = std::thread::spawn(move || {
        for b in head.bytes() {
            if stop.load(Ordering::SeqCst) || writer.write_all(&[b]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    });
    let reader = std::thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let answer = read_response(&mut reader, false).ok().map(|r| r.status);
        (answer, slow_started.elapsed())
    });

    // Everyone else is served meanwhile, quickly.
    let mut slowest = Duration::ZERO;
    for i in 0..20 {
        let t = Instant::now();
        let r = server.get(if i % 2 == 0 { "/zh/" } else { "/en/" });
        slowest = slowest.max(t.elapsed());
        assert_eq!(r.status, 200);
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        slowest < Duration::from_secs(2),
        "slowest request {slowest:?}"
    );

    let (answer, after) = reader.join().unwrap();
    closed.store(true, Ordering::SeqCst);
    sender.join().unwrap();
    report(&format!(
        "serve slow client: closed after {:.1} s with {answer:?}",
        after.as_secs_f64()
    ));
    assert!(
        answer.is_none() || answer == Some(408),
        "the slow client was answered {answer:?}"
    );
    assert!(
        after < Duration::from_secs(20),
        "the slow client was dropped only after {after:?}"
    );
}

#[test]
fn invalid_utf8_and_encoded_traversal_never_leave_the_site() {
    let (dir, plan) = common::temp_plan("site");
    std::fs::write(dir.path().join("secret.txt"), "top secret").unwrap();
    let server = Server::start(&plan, &[]);
    let addr = server.addr.clone();

    let mut targets: Vec<Vec<u8>> = [
        "/%ff%fe",
        "/zh/%c3%28",
        "/%ed%a0%80",
        "/%c0%ae%c0%ae/secret.txt",
        "/%e0%80%ae%e0%80%ae/secret.txt",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/zh/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/%2e%2e%5c%2e%2e%5csecret.txt",
        "/..%252fsecret.txt",
        "/%252e%252e/secret.txt",
        "/%u002e%u002e/secret.txt",
        "/zh/%2E%2e/%2e%2E/secret.txt",
        "/zh/.%2e/.%2e/secret.txt",
        "/%2e%2e%00/secret.txt",
        "/zh/..;/..;/secret.txt",
        "/zh/%2e%2e%3b/secret.txt",
    ]
    .iter()
    .map(|t| t.as_bytes().to_vec())
    .collect();
    // Raw bytes that are not UTF-8 (nor ASCII) in the request line.
    targets.push(b"/\xff\xfe/secret.txt".to_vec());
    targets.push(b"/zh/\xc0\xae\xc0\xae/secret.txt".to_vec());
    targets.push(b"/\xe4\xb8".to_vec());
    for target in targets {
        let mut raw = b"GET ".to_vec();
        raw.extend_from_slice(&target);
        raw.extend_from_slice(b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let shown = String::from_utf8_lossy(&target).into_owned();
        match raw_request(&addr, &raw) {
            None => {}
            Some(r) => {
                assert!(
                    r.status == 400 || r.status == 404,
                    "{shown}: status {}",
                    r.status
                );
                assert!(!r.text().contains("top secret"), "{shown} leaked a file");
                assert!(!r.text().contains("root:"), "{shown} leaked /etc/passwd");
            }
        }
    }
    // A real non-ASCII path (percent-encoded UTF-8) is fine: a 404, not an error.
    let r = server.get("/zh/%E8%A7%84%E5%88%92/");
    assert_eq!(r.status, 404);
    assert_eq!(server.get("/zh/").status, 200);
}

#[test]
fn hundreds_of_idle_and_half_sent_connections_do_not_starve_others() {
    let (_dir, plan) = common::temp_plan("site");
    let server = Server::start(&plan, &[]);
    let addr = server.addr.clone();
    let idle = hostile_idle(&addr, 300);
    std::thread::sleep(Duration::from_millis(200));
    let failures = Arc::new(AtomicUsize::new(0));
    let t = Instant::now();
    let clients: Vec<_> = (0..50)
        .map(|c| {
            let (addr, failures) = (addr.clone(), failures.clone());
            std::thread::spawn(move || {
                let mut conn = Conn::open(&addr).expect("connect");
                for k in 0..10 {
                    let path = if (c + k) % 2 == 0 { "/zh/" } else { "/en/" };
                    match conn.request("GET", path, &[]) {
                        Ok(r) if r.status == 200 && r.complete_html() => {}
                        _ => {
                            failures.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    report(&format!(
        "serve beside 300 idle connections: 500 requests in {:.2} s, {} failed",
        t.elapsed().as_secs_f64(),
        failures.load(Ordering::SeqCst)
    ));
    assert_eq!(failures.load(Ordering::SeqCst), 0);
    // The idle ones are dropped by the server once the head timeout passes.
    drop(idle);
}
