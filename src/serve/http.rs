//! A small HTTP/1.1 server on `std::net`: static files from the current site folder, the live
//! reload script, the build status as JSON and a Server-Sent Events stream.
//!
//! One thread per connection, one request per connection (`Connection: close`): a preview has
//! one reader, and this keeps the server simple enough to audit. Only GET and HEAD are served.

use super::resolve::{self, Resolved};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

/// URL prefix of the preview's own endpoints; never a site path (the site has no such folder).
pub const PREFIX: &str = "/__plandoc/";
/// Injected before `</body>` of every served page (never into `plandoc build` output).
pub const SCRIPT_TAG: &str = "<script src=\"/__plandoc/live.js\"></script>";
const LIVE_JS: &str = include_str!("live.js");

/// Most simultaneous connections (SSE streams included); more get 503.
const MAX_CONNECTIONS: usize = 128;
/// Longest request head read.
const MAX_HEAD: usize = 16 * 1024;
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What the server and the rebuild loop share.
pub struct Hub {
    /// The site folder being served; swapped after each full rebuild.
    root: RwLock<PathBuf>,
    /// The last build's status as JSON (`/__plandoc/status`).
    status: RwLock<Arc<str>>,
    /// Open event streams.
    clients: Mutex<Vec<Sender<Arc<str>>>>,
    connections: AtomicUsize,
}

impl Hub {
    pub fn new(root: PathBuf) -> Self {
        Hub {
            root: RwLock::new(root),
            status: RwLock::new(Arc::from("{\"ok\":true,\"diagnostics\":[]}")),
            clients: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
        }
    }

    pub fn root(&self) -> PathBuf {
        self.root.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn set_root(&self, root: PathBuf) {
        *self.root.write().unwrap_or_else(|e| e.into_inner()) = root;
    }

    pub fn status(&self) -> Arc<str> {
        self.status
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn set_status(&self, json: String) {
        *self.status.write().unwrap_or_else(|e| e.into_inner()) = Arc::from(json);
    }

    /// Tells every open page to reload. `id` becomes the event's `data`.
    pub fn reload(&self, id: u64) {
        let message: Arc<str> = Arc::from(format!("event: reload\ndata: {id}\n\n"));
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.send(message.clone()).is_ok());
    }

    /// Number of open event streams.
    pub fn listeners(&self) -> usize {
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// Accepts connections until the process ends.
pub fn serve(listener: TcpListener, hub: Arc<Hub>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let hub = hub.clone();
        if hub.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            hub.connections.fetch_sub(1, Ordering::SeqCst);
            let mut stream = stream;
            let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
            let _ = respond(
                &mut stream,
                false,
                503,
                "text/plain; charset=utf-8",
                &[],
                b"too many connections\n",
            );
            continue;
        }
        let spawned = std::thread::Builder::new()
            .name("plandoc-http".into())
            .spawn(move || {
                let _ = handle(stream, &hub);
                hub.connections.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // The closure (and its stream) is gone; nothing else to release.
            continue;
        }
    }
}

struct Request {
    method: String,
    target: String,
}

fn read_request(stream: &TcpStream) -> Result<Request, u16> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD as u64));
    let mut line = String::new();
    reader.read_line(&mut line).map_err(|_| 400u16)?;
    let mut parts = line.split_ascii_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    if !version.starts_with("HTTP/1.") || parts.next().is_some() {
        return Err(400);
    }
    let request = Request {
        method: method.to_string(),
        target: target.to_string(),
    };
    // Read (and ignore) the headers up to the blank line.
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) => return Err(400),
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) if !header.ends_with('\n') => return Err(431),
            Ok(_) => {}
            Err(_) => return Err(400),
        }
    }
    Ok(request)
}

fn handle(mut stream: TcpStream, hub: &Hub) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let request = match read_request(&stream) {
        Ok(r) => r,
        Err(code) => return error(&mut stream, false, code),
    };
    let head = match request.method.as_str() {
        "GET" => false,
        "HEAD" => true,
        _ => {
            return respond(
                &mut stream,
                false,
                405,
                "text/plain; charset=utf-8",
                &[("Allow", "GET, HEAD")],
                b"method not allowed\n",
            )
        }
    };
    let path = request.target.split(['?', '#']).next().unwrap_or_default();
    if let Some(endpoint) = path.strip_prefix(PREFIX) {
        return match endpoint {
            "events" if !head => events(stream, hub),
            "events" => respond(&mut stream, true, 200, "text/event-stream", &[], b""),
            "status" => {
                let status = hub.status();
                respond(
                    &mut stream,
                    head,
                    200,
                    "application/json",
                    &[],
                    status.as_bytes(),
                )
            }
            "live.js" => respond(
                &mut stream,
                head,
                200,
                "application/javascript; charset=utf-8",
                &[],
                LIVE_JS.as_bytes(),
            ),
            _ => error(&mut stream, head, 404),
        };
    }
    let root = hub.root();
    match resolve::resolve(&root, &request.target) {
        Resolved::File(file) => match std::fs::read(&file) {
            Ok(body) => respond(
                &mut stream,
                head,
                200,
                resolve::content_type(&file),
                &[],
                &body,
            ),
            Err(_) => not_found(&mut stream, head, &root),
        },
        Resolved::Redirect(to) => respond(
            &mut stream,
            head,
            301,
            "text/plain; charset=utf-8",
            &[("Location", &to)],
            format!("moved to {to}\n").as_bytes(),
        ),
        Resolved::NotFound => not_found(&mut stream, head, &root),
        Resolved::BadRequest => error(&mut stream, head, 400),
    }
}

/// The site's own 404 page with status 404.
fn not_found(stream: &mut TcpStream, head: bool, root: &std::path::Path) -> std::io::Result<()> {
    match std::fs::read(root.join("404.html")) {
        Ok(body) => respond(stream, head, 404, "text/html; charset=utf-8", &[], &body),
        Err(_) => error(stream, head, 404),
    }
}

fn error(stream: &mut TcpStream, head: bool, code: u16) -> std::io::Result<()> {
    let body = format!("{code} {}\n", reason(code));
    respond(
        stream,
        head,
        code,
        "text/plain; charset=utf-8",
        &[],
        body.as_bytes(),
    )
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn respond(
    stream: &mut TcpStream,
    head: bool,
    code: u16,
    content_type: &str,
    extra: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {code} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        reason(code),
        body.len()
    );
    for (k, v) in extra {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if !head {
        bytes.extend_from_slice(body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

/// `/__plandoc/events`: a Server-Sent Events stream that says `reload` after each rebuild.
fn events(mut stream: TcpStream, hub: &Hub) -> std::io::Result<()> {
    let (tx, rx) = mpsc::channel::<Arc<str>>();
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 1000\n: connected\n\n",
    )?;
    stream.flush()?;
    hub.clients
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(tx);
    loop {
        let chunk = match rx.recv_timeout(KEEP_ALIVE) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => Arc::from(": keep-alive\n\n"),
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        stream.write_all(chunk.as_bytes())?;
        stream.flush()?;
    }
}
