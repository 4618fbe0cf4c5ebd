//! The preview's HTTP server: axum's router on hyper's HTTP/1.1 connection handling, on a
//! tokio runtime of its own (two worker threads), started from the synchronous main loop.
//!
//! - Site files: `resolve.rs` turns the request target into a file inside the current site
//!   folder (or refuses it); tower-http's `ServeFile` then answers for that one file, with
//!   `ETag` / `Last-Modified`, `If-None-Match` / `If-Modified-Since` → 304 (RFC 9110
//!   precedence), single byte ranges → 206 (416 when unsatisfiable), HEAD, and the file
//!   streamed rather than read whole. `If-Range` is checked here (tower-http ignores it).
//!   Content types come from `resolve::content_type` (with `charset=utf-8` on text).
//! - `/__plandoc/live.js`, `/__plandoc/status` (JSON) and `/__plandoc/events` (Server-Sent
//!   Events: `reload` after every rebuild, a comment every 15 s to keep proxies from closing).
//! - Connections are kept alive. Hostile or stuck clients are bounded: the request head must
//!   arrive within [`HEAD_TIMEOUT`] (idle keep-alive connections are closed after as long),
//!   may be at most [`MAX_HEAD`] bytes (hyper answers 431 and closes), a response write that
//!   makes no progress for [`WRITE_STALL`] closes the connection, and past
//!   [`MAX_CONNECTIONS`] open connections new ones get 503. Only GET and HEAD are served.
//!
//! Every response says `Cache-Control: no-cache`: a browser may keep a page but must ask the
//! server before every use, so a preview page never comes from a cache after an edit (the
//! edit changes its ETag), while an unchanged page or PDF costs a 304 instead of a download.

use super::resolve::{self, Resolved};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::sync::broadcast;
use tower::ServiceExt;
use tower_http::services::ServeFile;

/// URL prefix of the preview's own endpoints; never a site path (the site has no such folder).
pub const PREFIX: &str = "/__plandoc/";
/// Injected before `</body>` of every served page (never into `plandoc build` output).
pub const SCRIPT_TAG: &str = "<script src=\"/__plandoc/live.js\"></script>";
const LIVE_JS: &str = include_str!("live.js");

/// Most simultaneous connections (event streams included); more get 503.
pub const MAX_CONNECTIONS: usize = 2048;
/// Longest request head (request line and headers); more gets 431.
pub const MAX_HEAD: usize = 16 * 1024;
/// Time a client has to send a request head, and to start the next one on a kept-alive
/// connection.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// A response write that makes no progress this long closes the connection.
pub const WRITE_STALL: Duration = Duration::from_secs(30);
/// Interval of the comment that keeps an idle event stream open.
const EVENTS_KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What the server and the rebuild loop share.
pub struct Hub {
    /// The site folder being served; swapped after each full rebuild.
    root: RwLock<PathBuf>,
    /// The last build's status as JSON (`/__plandoc/status`).
    status: RwLock<Arc<str>>,
    /// Reload notices for the open event streams (the build generation).
    reloads: broadcast::Sender<u64>,
    connections: AtomicUsize,
}

impl Hub {
    pub fn new(root: PathBuf) -> Self {
        Hub {
            root: RwLock::new(root),
            status: RwLock::new(Arc::from("{\"ok\":true,\"diagnostics\":[]}")),
            reloads: broadcast::channel(16).0,
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
        // An error only means no page is listening.
        let _ = self.reloads.send(id);
    }

    /// Number of open event streams.
    pub fn listeners(&self) -> usize {
        self.reloads.receiver_count()
    }
}

/// Starts serving `listener` on a thread of its own; returns once the server thread runs.
pub fn spawn(listener: std::net::TcpListener, hub: Arc<Hub>) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("plandoc-http")
        .enable_io()
        .enable_time()
        .build()?;
    std::thread::Builder::new()
        .name("plandoc-accept".into())
        .spawn(move || {
            runtime.block_on(async move {
                match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => accept(listener, hub).await,
                    Err(e) => eprintln!("error: the server cannot listen: {e}"),
                }
            })
        })?;
    Ok(())
}

/// Accepts connections until the process ends.
async fn accept(listener: tokio::net::TcpListener, hub: Arc<Hub>) {
    let app = Router::new().fallback(handle).with_state(hub.clone());
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors or a connection reset before accept: wait a little
                // rather than spin.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let guard = Counted::enter(hub.clone());
        if guard.over_limit() {
            tokio::spawn(refuse(stream, guard));
            continue;
        }
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| app.clone().oneshot(req));
            let io = TokioIo::new(Stalling::new(stream));
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .max_header_size(MAX_HEAD)
                .max_buf_size(4 * MAX_HEAD)
                .keep_alive(true)
                .serve_connection(io, service)
                .await;
            drop(guard);
        });
    }
}

/// Counts an open connection for as long as it lives.
struct Counted(Arc<Hub>);

impl Counted {
    fn enter(hub: Arc<Hub>) -> Self {
        hub.connections.fetch_add(1, Ordering::SeqCst);
        Counted(hub)
    }

    fn over_limit(&self) -> bool {
        self.0.connections.load(Ordering::SeqCst) > MAX_CONNECTIONS
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.connections.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One connection too many: a 503 (written within a second, or not at all) and close.
async fn refuse(mut stream: tokio::net::TcpStream, guard: Counted) {
    let body = "too many connections\n";
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(
        Duration::from_secs(1),
        stream.write_all(response.as_bytes()),
    )
    .await;
    drop(guard);
}

/// A stream whose writes fail after [`WRITE_STALL`] without progress (a client that stopped
/// reading must not hold its connection forever).
struct Stalling<S> {
    inner: S,
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<S> Stalling<S> {
    fn new(inner: S) -> Self {
        Stalling {
            inner,
            stalled: None,
        }
    }

    fn watch<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        match poll {
            Poll::Ready(r) => {
                self.stalled = None;
                Poll::Ready(r)
            }
            Poll::Pending => {
                let sleep = self
                    .stalled
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(WRITE_STALL)));
                if sleep.as_mut().poll(cx).is_ready() {
                    self.stalled = None;
                    return Poll::Ready(Err(io::ErrorKind::TimedOut.into()));
                }
                Poll::Pending
            }
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Stalling<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Stalling<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.watch(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.watch(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_flush(cx);
        self.watch(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Every request: the preview's endpoints, else a file of the site.
async fn handle(State(hub): State<Arc<Hub>>, req: Request) -> Response {
    let head = match *req.method() {
        Method::GET => false,
        Method::HEAD => true,
        _ => {
            return with_headers(
                (
                    StatusCode::METHOD_NOT_ALLOWED,
                    [(header::ALLOW, "GET, HEAD")],
                    text("method not allowed\n"),
                )
                    .into_response(),
            )
        }
    };
    let Some(target) = req.uri().path_and_query().map(|p| p.as_str().to_string()) else {
        return error(StatusCode::BAD_REQUEST);
    };
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if let Some(endpoint) = path.strip_prefix(PREFIX) {
        return match endpoint {
            "events" if !head => events(&hub),
            "events" => {
                with_headers(([(header::CONTENT_TYPE, "text/event-stream")]).into_response())
            }
            "status" => with_headers(
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    hub.status().to_string(),
                )
                    .into_response(),
            ),
            "live.js" => with_headers(
                (
                    [(
                        header::CONTENT_TYPE,
                        "application/javascript; charset=utf-8",
                    )],
                    LIVE_JS,
                )
                    .into_response(),
            ),
            _ => error(StatusCode::NOT_FOUND),
        };
    }
    let (parts, _) = req.into_parts();
    // A full rebuild may swap the site folder (and remove the one before it) between resolving
    // and opening: resolve once more in the new folder before answering 404.
    for _ in 0..2 {
        let root = hub.root();
        let found = match resolve::resolve(&root, &target) {
            Resolved::File(file) => file,
            Resolved::Redirect(to) => {
                let Ok(location) = HeaderValue::from_str(&to) else {
                    return error(StatusCode::BAD_REQUEST);
                };
                return with_headers(
                    (
                        StatusCode::MOVED_PERMANENTLY,
                        [(header::LOCATION, location)],
                        text(&format!("moved to {to}\n")),
                    )
                        .into_response(),
                );
            }
            Resolved::NotFound if hub.root() == root => return not_found(&root).await,
            Resolved::NotFound => continue,
            Resolved::BadRequest => return error(StatusCode::BAD_REQUEST),
        };
        let response = file(&parts.method, &parts.uri, &parts.headers, &found).await;
        if response.status() != StatusCode::NOT_FOUND {
            return response;
        }
        if hub.root() == root {
            return not_found(&root).await;
        }
    }
    not_found(&hub.root()).await
}

/// One site file through tower-http's `ServeFile`, with `If-Range` honoured.
async fn file(
    method: &Method,
    uri: &axum::http::Uri,
    headers: &HeaderMap,
    path: &Path,
) -> Response {
    let request = |keep_range: bool| {
        let mut req = axum::http::Request::new(Body::empty());
        *req.method_mut() = method.clone();
        *req.uri_mut() = uri.clone();
        *req.headers_mut() = headers.clone();
        if !keep_range {
            req.headers_mut().remove(header::RANGE);
        }
        req.headers_mut().remove(header::IF_RANGE);
        req
    };
    let served = |req| async move {
        match ServeFile::new(path)
            .ignore_multi_range_requests(true)
            .oneshot(req)
            .await
        {
            Ok(r) => r.map(Body::new),
            Err(e) => match e {},
        }
    };
    let mut response = served(request(true)).await;
    // RFC 9110 §13.1.5: a range is sent only when `If-Range` still names this representation
    // (a strong ETag or the exact Last-Modified date); otherwise the whole file.
    if response.status() == StatusCode::PARTIAL_CONTENT {
        if let Some(if_range) = headers.get(header::IF_RANGE) {
            let validator = if if_range.as_bytes().starts_with(b"\"") {
                header::ETAG
            } else {
                header::LAST_MODIFIED
            };
            if response.headers().get(validator) != Some(if_range) {
                response = served(request(false)).await;
            }
        }
    }
    if matches!(
        response.status(),
        StatusCode::OK | StatusCode::PARTIAL_CONTENT
    ) {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(resolve::content_type(path)),
        );
    }
    with_headers(response)
}

/// The site's own 404 page with status 404.
async fn not_found(root: &Path) -> Response {
    match tokio::fs::read(root.join("404.html")).await {
        Ok(body) => with_headers(
            (
                StatusCode::NOT_FOUND,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                body,
            )
                .into_response(),
        ),
        Err(_) => error(StatusCode::NOT_FOUND),
    }
}

fn error(code: StatusCode) -> Response {
    let body = format!(
        "{} {}\n",
        code.as_u16(),
        code.canonical_reason().unwrap_or("Error")
    );
    with_headers((code, text(&body)).into_response())
}

fn text(body: &str) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body.to_string(),
    )
}

/// The headers every answer carries.
fn with_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// `/__plandoc/events`: a Server-Sent Events stream that says `reload` after each rebuild.
fn events(hub: &Hub) -> Response {
    let hello = Event::default()
        .retry(Duration::from_secs(1))
        .comment("connected");
    let rx = hub.reloads.subscribe();
    let reloads = futures_util::stream::unfold(rx, |mut rx| async move {
        let id = match rx.recv().await {
            Ok(id) => id,
            // Missed some: one reload covers them all.
            Err(broadcast::error::RecvError::Lagged(_)) => 0,
            Err(broadcast::error::RecvError::Closed) => return None,
        };
        let event = Event::default().event("reload").data(id.to_string());
        Some((Ok::<_, Infallible>(event), rx))
    });
    let stream = futures_util::StreamExt::chain(
        futures_util::stream::once(async move { Ok::<_, Infallible>(hello) }),
        reloads,
    );
    with_headers(
        Sse::new(stream)
            .keep_alive(
                KeepAlive::new()
                    .interval(EVENTS_KEEP_ALIVE)
                    .text("keep-alive"),
            )
            .into_response(),
    )
}
