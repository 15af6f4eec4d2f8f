#![allow(dead_code)]
//! A loopback HTTP/1.1 server for the integration tests and benches: real
//! sockets, no mocks.
//!
//! Self-contained on purpose (std, tokio and flate2 only; tokio features
//! `rt-multi-thread, macros, net, time, io-util, sync`): tests include it with
//! `mod support;` and benches with `#[path = "../tests/support/server.rs"]`.
//!
//! Every response carries `Connection: close` and the socket is closed after
//! it, so keep-alive clients simply open a new connection per request.
//!
//! Order of lookup for a GET or HEAD (any other method gets 405):
//! 1. [`ServerOptions::routes`], by exact path without the query (raw, then
//!    percent-decoded);
//! 2. the fault routes below;
//! 3. the static site in [`ServerOptions::root`]: `/` → `index.html`,
//!    `/x/` → `x/index.html`, `/x` → `x.html`, else `x/index.html`, else the
//!    file `x` itself. The query is ignored, the path is percent-decoded, a
//!    `..` segment is a 404. HTML is sent as `text/html` with no charset.
//!
//! Fault routes, always available:
//! - `/__fault/status/<code>`: that status with a small HTML body.
//! - `/__fault/redirect-loop` ⇄ `/__fault/redirect-loop-b`: 302 to each other.
//! - `/__fault/redirects/<n>`: 302 to `/__fault/redirects/<n-1>`; 0 → 302 to `/`.
//! - `/__fault/huge?mb=<N>` (default 500): exactly N MiB of `<p>lorem…</p>`,
//!   streamed from one 64 KiB buffer, close-delimited (no Content-Length).
//! - `/__fault/bomb`: `Content-Encoding: gzip`, about 1 MB on the wire that
//!   inflates to [`BOMB_DECOMPRESSED_LEN`] bytes (1 GiB of spaces inside an
//!   HTML body). One valid gzip member, see [`bomb_bytes`].
//! - `/__fault/drip`: headers at once, then one body byte per second, forever.
//! - `/__fault/binary`: `text/html` with 64 KiB of pseudo-random bytes (NULs included).
//! - `/__fault/reset`: the request is read, then the socket is reset without a response.
//! - `/__fault/slow-headers`: nothing at all for 30 s, then a small 200 page.
//!
//! [`ServerOptions::latency`] is slept before every response, faults included.
//! Streaming faults stop as soon as a write fails (the client went away).
//! Dropping the server stops the accept loop and every open connection.

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use flate2::{Compress, Compression, Crc, FlushCompress, Status};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// What to serve and how.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// Directory of a static site to serve.
    pub root: Option<PathBuf>,
    /// Slept before each response (default 0).
    pub latency: Duration,
    /// Exact path (without the query) → canned response; checked before the
    /// fault routes and the root.
    pub routes: HashMap<String, Canned>,
    /// Address to listen on, port chosen by the OS (default 127.0.0.1).
    pub bind: IpAddr,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            root: None,
            latency: Duration::ZERO,
            routes: HashMap::new(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        }
    }
}

/// A fixed response. When sent, `Content-Length` is added unless given here,
/// and any `Connection` header given here is replaced by `Connection: close`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Canned {
    /// An HTML page, sent as `text/html; charset=utf-8` (the body is a Rust
    /// string). For HTML without a charset use [`Canned::text`].
    pub fn html(status: u16, body: &str) -> Self {
        Canned::text(status, "text/html; charset=utf-8", body)
    }

    /// A redirect to `location` (relative or absolute) with a small HTML body.
    pub fn redirect(status: u16, location: &str) -> Self {
        let mut canned = Canned::html(
            status,
            &format!("<!doctype html><title>Moved</title><a href=\"{location}\">moved</a>"),
        );
        canned.headers.push(("Location".into(), location.into()));
        canned
    }

    /// Any body with the given `Content-Type`, sent as is.
    pub fn text(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Canned {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestRecord {
    pub method: String,
    /// The request target, query included (`/a?b=c`); an absolute-form
    /// target is reduced to its path and query.
    pub path: String,
    pub host: Option<String>,
    pub user_agent: Option<String>,
    /// Every header, names as sent, in order.
    pub headers: Vec<(String, String)>,
}

impl RequestRecord {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A server on the caller's tokio runtime; stops when dropped.
#[derive(Debug)]
pub struct TestServer {
    shared: Shared,
    accept: JoinHandle<()>,
}

impl TestServer {
    /// Binds `opts.bind` on port 0 and spawns the accept loop on the current runtime.
    pub async fn start(opts: ServerOptions) -> io::Result<TestServer> {
        let listener = TcpListener::bind(SocketAddr::new(opts.bind, 0)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State {
            opts,
            requests: Mutex::new(Vec::new()),
        });
        let accept = tokio::spawn(accept_loop(listener, state.clone()));
        Ok(TestServer {
            shared: Shared { addr, state },
            accept,
        })
    }

    /// Serves a static site with default options.
    pub async fn serve_dir(root: impl Into<PathBuf>) -> io::Result<TestServer> {
        TestServer::start(ServerOptions {
            root: Some(root.into()),
            ..Default::default()
        })
        .await
    }

    pub fn addr(&self) -> SocketAddr {
        self.shared.addr
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> String {
        self.shared.base_url()
    }

    /// `base_url() + path` (a `/` is put in between if `path` lacks one).
    pub fn url(&self, path: &str) -> String {
        self.shared.url(path)
    }

    /// Every request seen so far, in arrival order.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.requests()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        // Dropping the accept task drops its JoinSet, which aborts every connection.
        self.accept.abort();
    }
}

/// A server on its own runtime and thread, for synchronous tests (e.g. ones
/// that run the binary as a subprocess); stops when dropped.
#[derive(Debug)]
pub struct BackgroundServer {
    shared: Shared,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Starts a [`TestServer`] on a new two-worker runtime in a new thread.
pub fn start_in_background(opts: ServerOptions) -> io::Result<BackgroundServer> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<io::Result<Shared>>();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("test-http-server".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            runtime.block_on(async move {
                match TestServer::start(opts).await {
                    Ok(server) => {
                        let _ = ready_tx.send(Ok(server.shared.clone()));
                        // Until the handle is dropped (or the sender vanishes).
                        let _ = stop_rx.await;
                        drop(server);
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                    }
                }
            });
            runtime.shutdown_timeout(Duration::from_secs(2));
        })?;
    let shared = ready_rx
        .recv()
        .map_err(|_| io::Error::other("the server thread died while starting"))??;
    Ok(BackgroundServer {
        shared,
        stop: Some(stop_tx),
        thread: Some(thread),
    })
}

impl BackgroundServer {
    pub fn addr(&self) -> SocketAddr {
        self.shared.addr
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> String {
        self.shared.base_url()
    }

    /// `base_url() + path` (a `/` is put in between if `path` lacks one).
    pub fn url(&self, path: &str) -> String {
        self.shared.url(path)
    }

    /// Every request seen so far, in arrival order.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.requests()
    }
}

impl Drop for BackgroundServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

// ---------------------------------------------------------------------------
// Shared between both handles.

struct State {
    opts: ServerOptions,
    requests: Mutex<Vec<RequestRecord>>,
}

#[derive(Clone)]
struct Shared {
    addr: SocketAddr,
    state: Arc<State>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Shared {
    fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn url(&self, path: &str) -> String {
        let sep = if path.starts_with('/') { "" } else { "/" };
        format!("{}{sep}{path}", self.base_url())
    }

    fn requests(&self) -> Vec<RequestRecord> {
        self.state.requests.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

async fn accept_loop(listener: TcpListener, state: Arc<State>) {
    // Owned here so that aborting this task aborts every connection too.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(handle_connection(stream, state.clone()));
                }
                // Out of file descriptors or similar: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

// ---------------------------------------------------------------------------
// One connection: one request, one response, close.

const MAX_HEAD: usize = 64 * 1024;

struct Request {
    method: String,
    /// Path and query as sent.
    target: String,
    /// `target` without the query.
    path: String,
    query: String,
}

enum ReadOutcome {
    Request(Request),
    /// Malformed: answer with this status.
    Bad(u16),
    /// The client closed or failed before a full head arrived.
    Gone,
}

async fn handle_connection(mut stream: TcpStream, state: Arc<State>) {
    let _ = stream.set_nodelay(true);
    let request = match read_request(&mut stream, &state).await {
        ReadOutcome::Request(request) => request,
        ReadOutcome::Bad(status) => {
            let _ = send(&mut stream, false, &Canned::html(status, &error_page(status))).await;
            finish(stream).await;
            return;
        }
        ReadOutcome::Gone => return,
    };
    if !state.opts.latency.is_zero() {
        tokio::time::sleep(state.opts.latency).await;
    }
    match respond(&mut stream, &request, &state).await {
        Ok(Done::Close) => finish(stream).await,
        Ok(Done::Reset) => {
            let _ = stream.set_zero_linger();
        }
        // The client went away mid-response: nothing more to do.
        Err(_) => {}
    }
}

/// Reads the request head (the body, if any, is ignored) and records it.
async fn read_request(stream: &mut TcpStream, state: &State) -> ReadOutcome {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    let head_len = loop {
        if let Some(end) = find_head_end(&buf) {
            break end;
        }
        if buf.len() > MAX_HEAD {
            return ReadOutcome::Bad(431);
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return ReadOutcome::Gone,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_len]);
    let mut lines = head
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .skip_while(|l| l.is_empty());
    let mut parts = lines.next().unwrap_or_default().split_whitespace();
    let (Some(method), Some(raw_target), Some(version)) = (parts.next(), parts.next(), parts.next()) else {
        return ReadOutcome::Bad(400);
    };
    if !version.starts_with("HTTP/") {
        return ReadOutcome::Bad(400);
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let target = origin_form(raw_target);
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target.clone(), String::new()),
    };
    let record = RequestRecord {
        method: method.to_string(),
        path: target.clone(),
        host: header(&headers, "host"),
        user_agent: header(&headers, "user-agent"),
        headers,
    };
    state.requests.lock().unwrap_or_else(|e| e.into_inner()).push(record);
    ReadOutcome::Request(Request {
        method: method.to_string(),
        target,
        path,
        query,
    })
}

fn find_head_end(buf: &[u8]) -> Option<usize> {
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4);
    let lf = buf.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
}

/// `http://host/a?b` → `/a?b`; anything else unchanged.
fn origin_form(target: &str) -> String {
    for scheme in ["http://", "https://"] {
        if let Some(rest) = target.strip_prefix(scheme) {
            return match rest.find('/') {
                Some(i) => rest[i..].to_string(),
                None => "/".to_string(),
            };
        }
    }
    target.to_string()
}

enum Done {
    /// Response written: close gracefully.
    Close,
    /// Close with a TCP reset, no response.
    Reset,
}

async fn respond(stream: &mut TcpStream, req: &Request, state: &State) -> io::Result<Done> {
    let head_only = req.method == "HEAD";
    if req.method != "GET" && !head_only {
        let canned = Canned::html(405, &error_page(405)).with_header("Allow", "GET, HEAD");
        send(stream, false, &canned).await?;
        return Ok(Done::Close);
    }
    let decoded = percent_decode(&req.path);
    let routes = &state.opts.routes;
    if let Some(canned) = routes
        .get(&req.path)
        .or_else(|| decoded.as_ref().and_then(|d| routes.get(d)))
    {
        send(stream, head_only, canned).await?;
        return Ok(Done::Close);
    }
    if let Some(fault_path) = req.path.strip_prefix("/__fault/") {
        return fault(stream, head_only, fault_path, &req.query).await;
    }
    let canned = match (&state.opts.root, &decoded) {
        (Some(root), Some(decoded)) => serve_file(root, decoded),
        _ => not_found(),
    };
    send(stream, head_only, &canned).await?;
    Ok(Done::Close)
}

/// Lets the client read everything, then closes: shut down our side and wait
/// (briefly) for the client to close its side, so unread bytes never turn the
/// close into a reset that could discard the response.
async fn finish(mut stream: TcpStream) {
    if stream.shutdown().await.is_err() {
        return;
    }
    let mut sink = [0u8; 1024];
    let drain = async {
        while let Ok(n) = stream.read(&mut sink).await {
            if n == 0 {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), drain).await;
}

async fn write_head(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(String, String)],
    content_length: Option<usize>,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        if !name.eq_ignore_ascii_case("connection") {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    if let Some(len) = content_length
        && !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-length"))
    {
        head.push_str(&format!("Content-Length: {len}\r\n"));
    }
    head.push_str("Server: shopaudit-test\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).await
}

async fn send(stream: &mut TcpStream, head_only: bool, canned: &Canned) -> io::Result<()> {
    let bodyless = matches!(canned.status, 100..=199 | 204 | 304);
    let content_length = (!bodyless).then_some(canned.body.len());
    write_head(stream, canned.status, &canned.headers, content_length).await?;
    if !head_only && !bodyless {
        stream.write_all(&canned.body).await?;
    }
    Ok(())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        410 => "Gone",
        418 => "I'm a teapot",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

fn error_page(status: u16) -> String {
    let text = format!("{status} {}", reason(status));
    format!("<!doctype html><html><head><title>{text}</title></head><body><h1>{text}</h1></body></html>\n")
}

fn not_found() -> Canned {
    Canned::html(404, &error_page(404))
}

// ---------------------------------------------------------------------------
// Static files.

fn serve_file(root: &Path, decoded_path: &str) -> Canned {
    let Some(file) = resolve(root, decoded_path) else {
        return not_found();
    };
    match std::fs::read(&file) {
        Ok(body) => Canned::text(200, content_type(&file), body),
        Err(_) => not_found(),
    }
}

/// The file a decoded URL path maps to, if any; never outside `root`.
fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let mut rel = PathBuf::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\\', '\0']) => return None,
            s => rel.push(s),
        }
    }
    // Belt and braces: no prefix, root or parent component can sneak in.
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let base = root.join(&rel);
    let candidates = if path.ends_with('/') || rel.as_os_str().is_empty() {
        vec![base.join("index.html")]
    } else {
        let mut html = base.clone().into_os_string();
        html.push(".html");
        vec![PathBuf::from(html), base.join("index.html"), base]
    };
    candidates.into_iter().find(|p| p.is_file())
}

fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        // No charset on purpose: the client must find it in the page.
        "html" | "htm" => "text/html",
        "xml" => "application/xml",
        "txt" => "text/plain",
        "css" => "text/css",
        "js" | "mjs" => "text/javascript",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// `%XX` → byte; `None` when the result is not UTF-8. `+` stays `+`.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

// ---------------------------------------------------------------------------
// Faults.

async fn fault(stream: &mut TcpStream, head_only: bool, name: &str, query: &str) -> io::Result<Done> {
    let html = [("Content-Type".to_string(), "text/html".to_string())];
    let canned = if let Some(code) = name.strip_prefix("status/") {
        match code.parse::<u16>() {
            Ok(status @ 100..=999) => Canned::html(status, &error_page(status)),
            _ => Canned::html(400, &error_page(400)),
        }
    } else if let Some(n) = name.strip_prefix("redirects/") {
        match n.parse::<u64>() {
            Ok(0) => Canned::redirect(302, "/"),
            Ok(n) => Canned::redirect(302, &format!("/__fault/redirects/{}", n - 1)),
            Err(_) => Canned::html(400, &error_page(400)),
        }
    } else {
        match name {
            "redirect-loop" => Canned::redirect(302, "/__fault/redirect-loop-b"),
            "redirect-loop-b" => Canned::redirect(302, "/__fault/redirect-loop"),
            "binary" => Canned {
                status: 200,
                headers: html.to_vec(),
                body: binary_body(),
            },
            "reset" => return Ok(Done::Reset),
            "slow-headers" => {
                tokio::time::sleep(SLOW_HEADERS_DELAY).await;
                Canned::html(200, "<!doctype html><title>slow</title><p>finally</p>")
            }
            "huge" => {
                let mib = query_param(query, "mb")
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(500);
                write_head(stream, 200, &html, None).await?;
                if !head_only {
                    stream_huge(stream, mib * 1024 * 1024).await?;
                }
                return Ok(Done::Close);
            }
            "bomb" => {
                let body = bomb_bytes();
                let mut headers = html.to_vec();
                headers.push(("Content-Encoding".into(), "gzip".into()));
                write_head(stream, 200, &headers, Some(body.len())).await?;
                if !head_only {
                    stream.write_all(body).await?;
                }
                return Ok(Done::Close);
            }
            "drip" => {
                write_head(stream, 200, &html, None).await?;
                if !head_only {
                    drip(stream).await?;
                }
                return Ok(Done::Close);
            }
            _ => not_found(),
        }
    };
    send(stream, head_only, &canned).await?;
    Ok(Done::Close)
}

/// How long `/__fault/slow-headers` stays silent.
pub const SLOW_HEADERS_DELAY: Duration = Duration::from_secs(30);

fn query_param<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

const HUGE_PREFIX: &[u8] = b"<!doctype html><html><head><title>huge</title></head><body>\n";
const LOREM: &[u8] = b"<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor \
incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam.</p>\n";

/// Writes exactly `total` bytes of HTML-ish text, 64 KiB at a time.
async fn stream_huge(stream: &mut TcpStream, total: u64) -> io::Result<()> {
    static CHUNK: OnceLock<Vec<u8>> = OnceLock::new();
    let chunk = CHUNK.get_or_init(|| LOREM.repeat(64 * 1024 / LOREM.len()));
    let mut remaining = total;
    let mut next: &[u8] = HUGE_PREFIX;
    while remaining > 0 {
        let n = next.len().min(usize::try_from(remaining).unwrap_or(usize::MAX));
        stream.write_all(&next[..n]).await?;
        remaining -= n as u64;
        next = chunk;
    }
    Ok(())
}

const DRIP_BODY: &[u8] = b"<!doctype html><html><head><title>drip</title></head><body><p>";

/// One byte per second, forever; returns when a write fails.
async fn drip(stream: &mut TcpStream) -> io::Result<()> {
    let mut bytes = DRIP_BODY.iter().copied().chain(std::iter::repeat(b'.'));
    loop {
        let byte = bytes.next().unwrap_or(b'.');
        stream.write_all(&[byte]).await?;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// 64 KiB from a fixed xorshift64 seed: the same every time, NULs included.
pub fn binary_body() -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut out = Vec::with_capacity(64 * 1024);
    while out.len() < 64 * 1024 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out
}

const BOMB_HEAD: &[u8] = b"<!doctype html><html><head><title>bomb</title></head><body>";
const BOMB_TAIL: &[u8] = b"</body></html>\n";
const BOMB_BLOCK: usize = 1024 * 1024;
const BOMB_BLOCKS: usize = 1024;
/// Spaces in the bomb's body: 1 GiB.
pub const BOMB_SPACES: u64 = (BOMB_BLOCK * BOMB_BLOCKS) as u64;
/// What `/__fault/bomb` inflates to: 1 GiB of spaces plus 74 bytes of markup.
pub const BOMB_DECOMPRESSED_LEN: u64 = BOMB_HEAD.len() as u64 + BOMB_SPACES + BOMB_TAIL.len() as u64;

/// The `/__fault/bomb` body: one gzip member (about 1 MB) that inflates to
/// [`BOMB_DECOMPRESSED_LEN`] bytes. Built once, in milliseconds even in debug:
/// 1 MiB of spaces is deflated once between two full flushes, which makes its
/// blocks self-contained and byte-aligned, and those blocks are repeated 1024
/// times; the CRC-32 is combined rather than computed over 1 GiB.
pub fn bomb_bytes() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(build_bomb)
}

fn build_bomb() -> Vec<u8> {
    let spaces = vec![b' '; BOMB_BLOCK];
    let mut deflate = Compress::new(Compression::best(), false);
    let head = deflate_chunk(&mut deflate, BOMB_HEAD, FlushCompress::Full);
    let block = deflate_chunk(&mut deflate, &spaces, FlushCompress::Full);
    let tail = deflate_chunk(&mut deflate, BOMB_TAIL, FlushCompress::Finish);

    let mut crc = Crc::new();
    crc.update(BOMB_HEAD);
    let mut block_crc = Crc::new();
    block_crc.update(&spaces);
    for _ in 0..BOMB_BLOCKS {
        crc.combine(&block_crc);
    }
    let mut tail_crc = Crc::new();
    tail_crc.update(BOMB_TAIL);
    crc.combine(&tail_crc);

    let mut out = Vec::with_capacity(10 + head.len() + block.len() * BOMB_BLOCKS + tail.len() + 8);
    // Gzip header: magic, deflate, no flags, no mtime, best compression, unknown OS.
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
    out.extend_from_slice(&head);
    for _ in 0..BOMB_BLOCKS {
        out.extend_from_slice(&block);
    }
    out.extend_from_slice(&tail);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&crc.amount().to_le_bytes()); // ISIZE: length mod 2^32
    out
}

/// Raw deflate of `input`, then `flush` carried out completely.
fn deflate_chunk(deflate: &mut Compress, input: &[u8], flush: FlushCompress) -> Vec<u8> {
    let start = deflate.total_in();
    let mut out = Vec::with_capacity(input.len() / 256 + 1024);
    loop {
        if out.capacity() - out.len() < 256 {
            out.reserve(out.capacity().max(1024));
        }
        let consumed = (deflate.total_in() - start) as usize;
        let status = deflate
            .compress_vec(&input[consumed..], &mut out, flush)
            .expect("deflate never fails on memory input");
        let consumed = (deflate.total_in() - start) as usize;
        let done = match flush {
            FlushCompress::Finish => status == Status::StreamEnd,
            // A flush is complete once it returns with output space left over.
            _ => consumed == input.len() && out.len() < out.capacity(),
        };
        if done {
            return out;
        }
    }
}
