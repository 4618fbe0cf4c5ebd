//! `plandoc serve`: a live preview. Builds the site into a private temporary folder (never
//! into `output/`), serves it on 127.0.0.1, watches the plan and the template overrides, and
//! after each change re-renders what the change affects and tells open pages to reload.
//!
//! Crates, and why:
//! - `notify` (8.x) watches the folders: the standard cross-platform watcher (inotify, FSEvents,
//!   ReadDirectoryChangesW). Debouncing (100 ms of quiet) is a few lines on its channel, so no
//!   debouncer crate.
//! - HTTP: axum 0.8 on hyper 1 (HTTP/1.1 only) with tower-http's `ServeFile` (`http.rs`), on
//!   a two-thread tokio runtime. mdBook's
//!   `serve` uses the same stack; Zola's is bare hyper. Chosen over bare hyper because axum
//!   brings Server-Sent Events and response building, and tower-http brings the file serving
//!   a preview needs and that is easy to get subtly wrong: ETag / Last-Modified with RFC 9110
//!   precondition order, byte ranges for PDF viewers, HEAD, streamed bodies. hyper owns the
//!   request parsing (oversized heads → 431, malformed → 400, slow heads time out) and
//!   keep-alive; tokio makes an idle connection cost a socket, not a thread.
//!   `ServeFile`, not `ServeDir`: the request path is still resolved by `resolve.rs`, which
//!   refuses traversal and encoded separators with 400 and symlinks that leave the site
//!   folder with 404 (`ServeDir` would follow them), and which reads the site folder anew per
//!   request, since a full rebuild swaps it.
//! - `percent-encoding` decodes request paths.
//! - `ctrlc` (with `termination`) turns Ctrl-C / SIGTERM into a message for a clean stop, so
//!   the temporary folder is removed.
//! - `tempfile` makes the private work folder (0700, unique name).
//!
//! Live reload and the error overlay are one script, `/__plandoc/live.js`, injected only here
//! through `SiteOptions::live_reload`; `plandoc build` never injects it.

pub mod http;
mod rebuild;
pub mod resolve;
pub mod watch;

use crate::exit;
use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};
use watch::{Pending, Watched};

/// Quiet time after the last file event before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(100);
/// Rebuild at the latest this long after the first event, even if events keep coming.
const MAX_DEBOUNCE: Duration = Duration::from_secs(2);

pub struct Options {
    pub plan: PathBuf,
    pub port: u16,
    /// The address to listen on; loopback unless the user asks otherwise.
    pub bind: String,
    pub open: bool,
    pub pdf: bool,
    pub search: bool,
}

/// What the main loop reacts to.
pub enum Msg {
    Fs(notify::Result<Event>),
    PdfDone,
    Stop,
}

pub fn run(opts: &Options) -> i32 {
    if !opts.plan.is_dir() {
        eprintln!(
            "error: no plan folder at {}\n  help: pass --plan DIR, or create a plan with `plandoc new {}`",
            opts.plan.display(),
            opts.plan.display()
        );
        return exit::ENVIRONMENT;
    }
    let ip = match parse_bind(&opts.bind) {
        Some(ip) => ip,
        None => {
            eprintln!(
                "error: --bind expects an IP address such as 127.0.0.1, ::1 or 0.0.0.0, not `{}`",
                opts.bind
            );
            return exit::ENVIRONMENT;
        }
    };
    let listener = match TcpListener::bind(SocketAddr::new(ip, opts.port)) {
        Ok(l) => l,
        Err(e) => {
            let addr = SocketAddr::new(ip, opts.port);
            let help = match e.kind() {
                std::io::ErrorKind::AddrInUse => {
                    "another program uses this port: pass --port N to choose another one, \
                     or --port 0 to pick a free one"
                }
                std::io::ErrorKind::PermissionDenied => {
                    "ports below 1024 need privileges: pass --port N with N ≥ 1024, or --port 0"
                }
                std::io::ErrorKind::AddrNotAvailable => {
                    "this machine has no such address: omit --bind to serve on 127.0.0.1"
                }
                _ => "pass --port N to choose another port, or --port 0 to pick a free one",
            };
            eprintln!("error: cannot serve on {addr}: {e}\n  help: {help}");
            return exit::ENVIRONMENT;
        }
    };
    if !ip.is_loopback() {
        eprintln!(
            "warning: listening on {ip}: the preview is reachable from the network, and anyone \
             who can reach this machine can read the draft plan\n  help: omit --bind to serve \
             on 127.0.0.1 only"
        );
    }
    let local = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: cannot read the server address: {e}");
            return exit::ENVIRONMENT;
        }
    };
    let work = match tempfile::Builder::new().prefix("plandoc-serve-").tempdir() {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot create a temporary folder for the preview: {e}");
            return exit::ENVIRONMENT;
        }
    };
    let code = serve(opts, listener, local, work.path());
    let shown = work.path().display().to_string();
    if let Err(e) = work.close() {
        eprintln!("warning: cannot remove the preview folder {shown}: {e}");
    }
    code
}

fn serve(opts: &Options, listener: TcpListener, local: SocketAddr, work: &Path) -> i32 {
    let (tx, rx) = mpsc::channel::<Msg>();
    let stop = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Msg::Stop);
    }) {
        eprintln!("warning: cannot catch Ctrl-C ({e}); the preview folder may stay behind");
    }

    let hub = Arc::new(http::Hub::new(work.to_path_buf()));
    let mut builder = rebuild::Builder::new(
        rebuild::Settings {
            plan_dir: opts.plan.clone(),
            search: opts.search,
            pdf: opts.pdf,
        },
        work.to_path_buf(),
        hub.clone(),
        tx.clone(),
    );
    match builder.placeholder() {
        Ok(root) => hub.set_root(root),
        Err(e) => {
            eprintln!("error: cannot write into {}: {e}", work.display());
            return exit::ENVIRONMENT;
        }
    }

    // Watch before the first build, so an edit made while it runs is not lost.
    let watched = watched_paths(&opts.plan);
    let events = tx.clone();
    let mut watcher = match notify::recommended_watcher(move |res| {
        let _ = events.send(Msg::Fs(res));
    }) {
        Ok(w) => w,
        Err(e) => {
            eprintln!(
                "error: cannot watch {} for changes: {e}",
                opts.plan.display()
            );
            return exit::ENVIRONMENT;
        }
    };
    if let Err(e) = watcher.watch(&watched.plan, RecursiveMode::Recursive) {
        eprintln!("error: cannot watch {}: {e}", watched.plan.display());
        return exit::ENVIRONMENT;
    }
    // The templates folder may appear later: watch its parent (not recursively) to notice.
    if let Some(parent) = watched.templates.parent() {
        let _ = watcher.watch(parent, RecursiveMode::NonRecursive);
    }
    let mut templates_watched = watched.templates.is_dir()
        && watcher
            .watch(&watched.templates, RecursiveMode::Recursive)
            .is_ok();

    builder.initial();

    if let Err(e) = http::spawn(listener, hub.clone()) {
        eprintln!("error: cannot start the server: {e}");
        return exit::ENVIRONMENT;
    }
    let url = url_of(local);
    println!("serving {} at {url}", opts.plan.display());
    println!("preview folder: {}", work.display());
    println!("watching for changes; press Ctrl-C to stop");
    if opts.open {
        open_browser(&url);
    }

    'main: loop {
        let first = match rx.recv() {
            Ok(Msg::Fs(res)) => res,
            Ok(Msg::PdfDone) => {
                builder.pdf_done();
                continue;
            }
            Ok(Msg::Stop) | Err(_) => break,
        };
        let mut pending = Pending::default();
        collect(first, &watched, &mut pending);
        let deadline = Instant::now() + MAX_DEBOUNCE;
        loop {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(Msg::Fs(res)) => collect(res, &watched, &mut pending),
                Ok(Msg::PdfDone) => builder.pdf_done(),
                Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => break 'main,
                Err(RecvTimeoutError::Timeout) => break,
            }
            if Instant::now() >= deadline {
                break;
            }
        }
        if !templates_watched && watched.templates.is_dir() {
            templates_watched = watcher
                .watch(&watched.templates, RecursiveMode::Recursive)
                .is_ok();
            pending.full = true;
        }
        if !pending.is_empty() {
            builder.changed(pending);
        }
    }
    println!("stopping: removing the preview folder");
    drop(watcher);
    builder.finish();
    exit::OK
}

/// The plan folder and the templates override folder, as the watcher reports paths.
fn watched_paths(plan: &Path) -> Watched {
    let plan = plan.canonicalize().unwrap_or_else(|_| plan.to_path_buf());
    let templates = plan.parent().unwrap_or(Path::new(".")).join("templates");
    let templates = templates.canonicalize().unwrap_or(templates);
    Watched { plan, templates }
}

/// Adds what an event means to `pending`.
fn collect(res: notify::Result<Event>, watched: &Watched, pending: &mut Pending) {
    let event = match res {
        Ok(e) => e,
        Err(e) => {
            eprintln!("warning: file watcher: {e}; rebuilding everything");
            pending.full = true;
            return;
        }
    };
    if event.need_rescan() {
        pending.full = true;
        return;
    }
    let relevant = match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    };
    if !relevant {
        return;
    }
    for path in &event.paths {
        if let Some(change) = watched.classify(path) {
            pending.add(change);
        }
    }
}

fn parse_bind(bind: &str) -> Option<IpAddr> {
    match bind {
        "localhost" => Some(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        _ => bind
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse()
            .ok(),
    }
}

/// A URL a local browser can open: the unspecified address becomes loopback.
fn url_of(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Err(e) = cmd.spawn() {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_bind_addresses() {
        assert_eq!(
            url_of("0.0.0.0:8000".parse().unwrap()),
            "http://127.0.0.1:8000/"
        );
        assert_eq!(url_of("[::]:80".parse().unwrap()), "http://[::1]:80/");
        assert_eq!(
            url_of("127.0.0.1:5".parse().unwrap()),
            "http://127.0.0.1:5/"
        );
        assert_eq!(
            parse_bind("localhost"),
            Some(IpAddr::V4(Ipv4Addr::LOCALHOST))
        );
        assert_eq!(parse_bind("[::1]"), Some(IpAddr::V6(Ipv6Addr::LOCALHOST)));
        assert_eq!(parse_bind("example.com"), None);
    }
}
