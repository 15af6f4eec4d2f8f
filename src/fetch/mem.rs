//! A fetcher over pages held in memory: rule self-tests and engine tests
//! crawl these exactly as they would crawl a real site.

use std::collections::HashMap;
use std::time::Duration;

use url::Url;

use super::{FetchError, Fetched, Fetcher};

/// Pages by path (`/`, `/cgv`), served under [`MemFetcher::BASE`].
#[derive(Debug, Clone, Default)]
pub struct MemFetcher {
    pages: HashMap<String, String>,
}

impl MemFetcher {
    pub const BASE: &'static str = "https://shop.test/";

    pub fn new<P: Into<String>, H: Into<String>>(pages: impl IntoIterator<Item = (P, H)>) -> MemFetcher {
        MemFetcher {
            pages: pages.into_iter().map(|(p, h)| (p.into(), h.into())).collect(),
        }
    }
}

impl Fetcher for MemFetcher {
    async fn fetch(&self, url: &Url) -> Result<Fetched, FetchError> {
        let found = self
            .pages
            .get(url.path())
            .or_else(|| self.pages.get(url.path().trim_end_matches('/')));
        let (status, body) = match found {
            Some(html) => (200, html.clone().into_bytes()),
            None => (404, Vec::new()),
        };
        Ok(Fetched {
            final_url: url.clone(),
            status,
            content_type: Some(
                if url.path() == "/robots.txt" {
                    "text/plain"
                } else {
                    "text/html"
                }
                .into(),
            ),
            body,
            truncated: false,
            elapsed: Duration::ZERO,
        })
    }
}
