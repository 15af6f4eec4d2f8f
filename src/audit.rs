//! One audit, end to end: target → fetcher → crawl → engine → report.

use std::time::Instant;

use url::Url;

use crate::crawl::{self, CrawlOptions, Event};
use crate::fetch::dir::{DEFAULT_DIR_BASE, DirFetcher};
use crate::fetch::http::{HttpFetcher, HttpOptions};
use crate::fetch::{AnyFetcher, FetchError};
use crate::report::{ProfileInfo, Report};
use crate::rules::engine::Engine;
use crate::target::Target;
use crate::vocab::Vocabulary;

/// Everything an audit needs besides the target and the rules.
#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    pub crawl: CrawlOptions,
    pub http: HttpOptions,
}

/// Builds the fetcher for a target, and the URL the crawl starts at.
pub fn fetcher_for(target: &Target, opts: &AuditOptions) -> Result<(AnyFetcher, Url), FetchError> {
    match target {
        Target::Url(url) => Ok((AnyFetcher::Http(HttpFetcher::new(opts.http.clone())?), url.clone())),
        Target::Dir(dir) => {
            let base = Url::parse(DEFAULT_DIR_BASE).expect("static URL");
            let fetcher = DirFetcher::new(dir, base.clone(), opts.http.body_cap)
                .map_err(|e| FetchError::Other(format!("{}: {e}", dir.display())))?;
            Ok((AnyFetcher::Dir(fetcher), base))
        }
    }
}

/// Audits a site. Never fails: a site that cannot be audited yields a
/// report with verdict `error`.
pub async fn audit(
    target_label: &str,
    target: &Target,
    engine: &Engine,
    vocab: &Vocabulary,
    profile: ProfileInfo,
    opts: &AuditOptions,
    on_event: &(dyn Fn(Event) + Sync),
) -> Report {
    let started = Instant::now();
    let started_at = now_rfc3339();
    let mut report = match fetcher_for(target, opts) {
        Err(e) => Report::error(target_label, profile, engine.rules(), target_label, e.to_string()),
        Ok((fetcher, start)) => match crawl::crawl(&fetcher, &start, engine, vocab, &opts.crawl, on_event).await {
            Ok(site) => Report::new(target_label, profile, engine.rules(), engine.evaluate(&site), &site),
            Err(e) => Report::error(target_label, profile, engine.rules(), start.as_str(), e.to_string()),
        },
    };
    report.started_at = started_at;
    report.duration_ms = started.elapsed().as_millis() as u64;
    report
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

/// Today's date (UTC) as YYYY-MM-DD, for rule validity.
pub fn today() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}
