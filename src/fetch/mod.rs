//! Fetchers turn a URL into bytes, a final URL, a status and a content type.
//!
//! `http` talks to real servers; `dir` reads a static build output as if it
//! were served; `mem` serves pages held in memory (rule self-tests). The
//! crawler is generic over [`Fetcher`].

pub mod decode;
pub mod dir;
pub mod http;
pub mod mem;

use std::future::Future;
use std::time::Duration;
use url::Url;

/// Default cap on a decompressed body.
pub const DEFAULT_BODY_CAP: usize = 5 * 1024 * 1024;

/// What a fetch returned.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL after redirects.
    pub final_url: Url,
    pub status: u16,
    /// The `Content-Type` header (or what the file extension implies).
    pub content_type: Option<String>,
    /// The body, up to the cap; empty for content that is not text.
    pub body: Vec<u8>,
    /// The body was longer than the cap and was cut.
    pub truncated: bool,
    pub elapsed: Duration,
}

/// Why a fetch produced nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("cannot resolve host {0} (DNS lookup failed; check the name, or use --resolve)")]
    Dns(String),
    #[error("connection refused or failed: {0} (is the server up?)")]
    Connect(String),
    #[error("TLS error: {0}")]
    Tls(String),
    #[error("timed out after {0:?} (try --timeout)")]
    Timeout(Duration),
    #[error("redirect loop: {0}")]
    RedirectLoop(String),
    #[error("too many redirects (more than {0})")]
    TooManyRedirects(usize),
    #[error("{0}")]
    Other(String),
}

/// Turns URLs into bytes.
pub trait Fetcher: Sync {
    fn fetch(&self, url: &Url) -> impl Future<Output = Result<Fetched, FetchError>> + Send;
}

/// Any fetcher the CLI can build, so the crawler is instantiated once.
pub enum AnyFetcher {
    Http(http::HttpFetcher),
    Dir(dir::DirFetcher),
}

impl Fetcher for AnyFetcher {
    async fn fetch(&self, url: &Url) -> Result<Fetched, FetchError> {
        match self {
            AnyFetcher::Http(f) => f.fetch(url).await,
            AnyFetcher::Dir(f) => f.fetch(url).await,
        }
    }
}
