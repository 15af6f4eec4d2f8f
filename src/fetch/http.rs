//! The HTTP fetcher: reqwest with rustls, gzip/brotli, capped redirects,
//! per-request timeouts and a cap on the decompressed body.

use std::error::Error as _;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use reqwest::redirect::{Attempt, Policy};
use url::Url;

use super::{FetchError, Fetched, Fetcher, decode::is_text_type};

/// Redirects followed before giving up.
pub const MAX_REDIRECTS: usize = 10;

/// Settings of the HTTP fetcher.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub user_agent: String,
    /// Connect timeout and total per-request timeout (body included).
    pub timeout: Duration,
    pub body_cap: usize,
    /// `--resolve host:port:addr` overrides.
    pub resolve: Vec<(String, SocketAddr)>,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            user_agent: default_user_agent(),
            timeout: Duration::from_secs(20),
            body_cap: super::DEFAULT_BODY_CAP,
            resolve: Vec::new(),
        }
    }
}

/// The User-Agent sent unless `--user-agent` says otherwise.
pub fn default_user_agent() -> String {
    format!(
        "shopaudit/{} (+https://github.com/shopaudit/shopaudit)",
        env!("CARGO_PKG_VERSION")
    )
}

/// Fetches over HTTP(S). One client (one connection pool) per fetcher.
pub struct HttpFetcher {
    client: reqwest::Client,
    options: HttpOptions,
}

/// Words of rustls / hyper-rustls error messages that mean the TLS layer failed.
const TLS_HINTS: &[&str] = &[
    "certificate",
    "tls",
    "ssl",
    "handshake",
    "corrupt message",
    "invalidcontenttype",
    "alert",
    "peer misbehaved",
    "unknownissuer",
];

/// Raised from the redirect policy; found again in the error chain.
#[derive(Debug)]
struct RedirectStop(FetchError);

impl std::fmt::Display for RedirectStop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}
impl std::error::Error for RedirectStop {}

fn redirect_policy(attempt: Attempt) -> reqwest::redirect::Action {
    if attempt.previous().contains(attempt.url()) {
        let msg = format!("{} redirects back to itself", attempt.url());
        attempt.error(RedirectStop(FetchError::RedirectLoop(msg)))
    } else if attempt.previous().len() > MAX_REDIRECTS {
        attempt.error(RedirectStop(FetchError::TooManyRedirects(MAX_REDIRECTS)))
    } else {
        attempt.follow()
    }
}

impl HttpFetcher {
    pub fn new(options: HttpOptions) -> Result<HttpFetcher, FetchError> {
        let mut builder = reqwest::Client::builder()
            .user_agent(options.user_agent.clone())
            .connect_timeout(options.timeout)
            .timeout(options.timeout)
            .redirect(Policy::custom(redirect_policy))
            .gzip(true)
            .brotli(true)
            .pool_max_idle_per_host(4);
        for (host, addr) in &options.resolve {
            builder = builder.resolve(host, *addr);
        }
        let client = builder
            .build()
            .map_err(|e| FetchError::Other(format!("cannot build the HTTP client: {e}")))?;
        Ok(HttpFetcher { client, options })
    }

    fn classify(&self, err: reqwest::Error) -> FetchError {
        let mut source: Option<&dyn std::error::Error> = err.source();
        let mut chain = Vec::new();
        while let Some(s) = source {
            if let Some(stop) = s.downcast_ref::<RedirectStop>() {
                return stop.0.clone();
            }
            chain.push(s.to_string());
            source = s.source();
        }
        let detail = chain.last().cloned().unwrap_or_else(|| err.to_string());
        let all = chain.join(": ").to_ascii_lowercase();
        if err.is_timeout() {
            FetchError::Timeout(self.options.timeout)
        } else if all.contains("dns error")
            || all.contains("failed to lookup address")
            || all.contains("name or service not known")
        {
            FetchError::Dns(err.url().and_then(|u| u.host_str()).unwrap_or("?").to_string())
        } else if TLS_HINTS.iter().any(|h| all.contains(h)) {
            FetchError::Tls(detail)
        } else if err.is_connect() {
            FetchError::Connect(detail)
        } else {
            FetchError::Other(format!("{err}: {detail}"))
        }
    }
}

impl Fetcher for HttpFetcher {
    async fn fetch(&self, url: &Url) -> Result<Fetched, FetchError> {
        let started = Instant::now();
        let mut resp = self
            .client
            .get(url.as_str())
            .header(
                reqwest::header::ACCEPT,
                "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
            )
            .send()
            .await
            .map_err(|e| self.classify(e))?;
        let final_url = resp.url().clone();
        let status = resp.status().as_u16();
        let content_type = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let mut body = Vec::new();
        let mut truncated = false;
        if is_text_type(content_type.as_deref()) {
            // Read chunk by chunk so a huge page or a decompression bomb is cut
            // at the cap without ever being held whole.
            while let Some(chunk) = resp.chunk().await.map_err(|e| self.classify(e))? {
                let room = self.options.body_cap - body.len();
                if chunk.len() > room {
                    body.extend_from_slice(&chunk[..room]);
                    truncated = true;
                    break;
                }
                body.extend_from_slice(&chunk);
            }
        }
        Ok(Fetched {
            final_url,
            status,
            content_type,
            body,
            truncated,
            elapsed: started.elapsed(),
        })
    }
}
