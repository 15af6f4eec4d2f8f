//! The focused crawler: reads the home page, then the candidate pages most
//! likely to hold what the rules still need, until every rule has passed,
//! nothing promising is left, or a budget (pages, depth, deadline) is spent.

pub mod frontier;
pub mod normalize;
pub mod robots;
pub mod sitemap;

use std::time::Duration;

use futures_util::stream::{FuturesUnordered, StreamExt};
use tokio::time::Instant;
use url::Url;

use crate::fetch::{FetchError, Fetched, Fetcher, decode};
use crate::rules::engine::Engine;
use crate::site::{FoundVia, Missed, MissedPage, Page, Site};
use crate::snapshot;
use crate::vocab::Vocabulary;
use frontier::{Candidate, Frontier};
use robots::Robots;

/// Budgets and manners of one site's crawl.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    /// Most pages read (HTML pages; robots.txt and sitemaps not counted).
    pub max_pages: usize,
    /// Most clicks from the home page.
    pub max_depth: u32,
    /// Time for the whole site.
    pub deadline: Duration,
    /// Requests in flight at once to the site.
    pub concurrency: usize,
    /// Token matched against robots.txt `User-agent` lines.
    pub robots_agent: String,
}

impl Default for CrawlOptions {
    fn default() -> Self {
        CrawlOptions {
            max_pages: 30,
            max_depth: 3,
            deadline: Duration::from_secs(60),
            concurrency: 4,
            robots_agent: "shopaudit".into(),
        }
    }
}

/// The home page could not be audited.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CrawlError {
    #[error("{url}: {error}")]
    Fetch { url: String, error: FetchError },
    #[error("{url}: the server answered HTTP {status}")]
    Status { url: String, status: u16 },
    #[error("{url}: not an HTML page ({content_type})")]
    NotHtml { url: String, content_type: String },
    #[error("{url}: the site deadline ran out before the home page was read")]
    Deadline { url: String },
}

/// What the crawler reports as it goes (for progress and `--verbose`).
#[derive(Debug)]
pub enum Event<'a> {
    Fetched { url: &'a Url, status: u16, ms: u64 },
    Skipped { url: &'a Url, why: &'a Missed },
}

/// How many meta-refresh hops the home page may take.
const MAX_REFRESH_HOPS: usize = 5;

/// Sitemaps read at most (index and children together).
const MAX_SITEMAPS: usize = 4;

/// Crawls a site from `start`.
pub async fn crawl<F: Fetcher>(
    fetcher: &F,
    start: &Url,
    engine: &Engine,
    vocab: &Vocabulary,
    opts: &CrawlOptions,
    on_event: &(dyn Fn(Event) + Sync),
) -> Result<Site, CrawlError> {
    let deadline = Instant::now() + opts.deadline;
    let mut site = Site::default();
    let mut frontier = Frontier::default();

    // The home page, following meta refreshes.
    let mut url = normalize::clean(start);
    let mut home = None;
    for _ in 0..=MAX_REFRESH_HOPS {
        let fetched = tokio::time::timeout_at(deadline, fetcher.fetch(&url))
            .await
            .map_err(|_| CrawlError::Deadline { url: url.to_string() })?
            .map_err(|error| CrawlError::Fetch {
                url: url.to_string(),
                error,
            })?;
        on_event(Event::Fetched {
            url: &fetched.final_url,
            status: fetched.status,
            ms: fetched.elapsed.as_millis() as u64,
        });
        if fetched.status >= 400 {
            return Err(CrawlError::Status {
                url: fetched.final_url.to_string(),
                status: fetched.status,
            });
        }
        let page = to_page(&fetched, vocab).map_err(|content_type| CrawlError::NotHtml {
            url: fetched.final_url.to_string(),
            content_type,
        })?;
        frontier.mark_seen(normalize::key(&url));
        frontier.mark_seen(normalize::key(&fetched.final_url));
        match page.meta_refresh.clone() {
            Some(next)
                if page.text.trim().len() < 200 && normalize::key(&next) != normalize::key(&fetched.final_url) =>
            {
                url = next
            }
            _ => {
                home = Some(page);
                break;
            }
        }
    }
    let Some(home) = home else {
        return Err(CrawlError::Fetch {
            url: url.to_string(),
            error: FetchError::RedirectLoop("meta refresh loop".into()),
        });
    };
    let root = home.url.clone();
    let robots = read_robots(fetcher, &root, &opts.robots_agent, deadline).await;
    enqueue_links(&mut frontier, &home, &root, opts);
    site.pages.push(home);

    let mut in_flight = FuturesUnordered::new();
    let mut sitemaps_read = false;
    let mut wanted = engine.wanted_kinds(&site);
    loop {
        while in_flight.len() < opts.concurrency.max(1) && site.pages.len() + in_flight.len() < opts.max_pages {
            // Wanted pages first; once none is left (and the sitemap was
            // read), navigation links that may lead to a hub page.
            let next = frontier.pop_best(&wanted).or_else(|| {
                let explore = sitemaps_read && !wanted.is_empty();
                explore.then(|| frontier.pop_explore()).flatten()
            });
            let Some(cand) = next else { break };
            let miss = if !normalize::same_site(&root, &cand.url) {
                Some(Missed::Failed("on another site; not crawled".into()))
            } else if !robots.allowed(&cand.url) {
                Some(Missed::Robots)
            } else if cand.depth > opts.max_depth {
                Some(Missed::Budget)
            } else {
                None
            };
            if let Some(why) = miss {
                record_miss(&mut site, on_event, cand, why);
                continue;
            }
            in_flight.push(async move {
                let result = fetcher.fetch(&cand.url).await;
                (cand, result)
            });
        }
        if in_flight.is_empty() {
            if !sitemaps_read && !wanted.is_empty() && site.pages.len() < opts.max_pages {
                sitemaps_read = true;
                for cand in read_sitemaps(fetcher, &root, &robots, vocab, deadline).await {
                    frontier.push(normalize::key(&cand.url), cand);
                }
                continue;
            }
            break;
        }
        let next = tokio::select! {
            next = in_flight.next() => next,
            _ = tokio::time::sleep_until(deadline) => None,
        };
        let Some((cand, result)) = next else {
            site.deadline_hit = true;
            break;
        };
        match accept(result, &cand, &root, vocab) {
            Ok(page) => {
                on_event(Event::Fetched {
                    url: &page.url,
                    status: page.status,
                    ms: page.fetch_ms,
                });
                let key = normalize::key(&page.url);
                // A redirect may land on a page already read.
                if page.url != cand.url && site.pages.iter().any(|p| normalize::key(&p.url) == key) {
                    continue;
                }
                frontier.mark_seen(key);
                enqueue_links(&mut frontier, &page, &root, opts);
                site.pages.push(page);
                wanted = engine.wanted_kinds(&site);
            }
            Err(why) => record_miss(&mut site, on_event, cand, why),
        }
    }
    // What the budget left unread, so rules needing it say `unknown`.
    for cand in frontier.remaining(&wanted) {
        site.missed.push(MissedPage {
            url: cand.url.clone(),
            kinds: cand.kinds.clone(),
            why: Missed::Budget,
        });
    }
    Ok(site)
}

/// Notes a candidate the crawl could not read, so rules needing it say `unknown`.
fn record_miss(site: &mut Site, on_event: &(dyn Fn(Event) + Sync), cand: Candidate, why: Missed) {
    on_event(Event::Skipped {
        url: &cand.url,
        why: &why,
    });
    site.missed.push(MissedPage {
        url: cand.url,
        kinds: cand.kinds,
        why,
    });
}

/// Turns a fetch into a page of the site, or says why it is not one.
fn accept(
    result: Result<Fetched, FetchError>,
    cand: &Candidate,
    root: &Url,
    vocab: &Vocabulary,
) -> Result<Page, Missed> {
    let fetched = result.map_err(|e| Missed::Failed(e.to_string()))?;
    if fetched.status >= 400 {
        return Err(Missed::Failed(format!("HTTP {}", fetched.status)));
    }
    if !normalize::same_site(root, &fetched.final_url) {
        return Err(Missed::Failed(format!(
            "redirects to another site ({})",
            fetched.final_url
        )));
    }
    let mut page = to_page(&fetched, vocab).map_err(|ct| Missed::Failed(format!("not an HTML page ({ct})")))?;
    page.depth = cand.depth;
    page.found_via = cand.via.clone();
    for k in &cand.kinds {
        if !page.kinds.contains(k) {
            page.kinds.push(k.clone());
        }
    }
    Ok(page)
}

/// Decodes and analyses a fetched body; `Err(content type)` when it is not HTML.
fn to_page(fetched: &Fetched, vocab: &Vocabulary) -> Result<Page, String> {
    let ct = fetched.content_type.as_deref();
    if !decode::is_html_type(ct) {
        return Err(ct.unwrap_or("unknown type").to_string());
    }
    if decode::looks_binary(&fetched.body) {
        return Err(format!("binary content served as {}", ct.unwrap_or("HTML")));
    }
    let html = decode::decode(&fetched.body, ct);
    let mut page = snapshot::analyze(&fetched.final_url, &html, vocab);
    page.status = fetched.status;
    page.bytes = fetched.body.len();
    page.truncated = fetched.truncated;
    page.fetch_ms = fetched.elapsed.as_millis() as u64;
    Ok(page)
}

fn enqueue_links(frontier: &mut Frontier, page: &Page, root: &Url, opts: &CrawlOptions) {
    for link in &page.links {
        // Off-site links are queued only when they name a page kind, so a
        // legal notice hosted elsewhere turns into an honest `unknown`.
        if !normalize::same_site(root, &link.url) && link.kinds.is_empty() {
            continue;
        }
        let depth = page.depth + 1;
        if depth > opts.max_depth + 1 {
            continue;
        }
        let url = normalize::clean(&link.url);
        let via = FoundVia::Link {
            from: page.url.clone(),
            text: link.text.clone(),
            region: link.region,
        };
        frontier.push(
            normalize::key(&url),
            Candidate {
                url,
                depth,
                kinds: link.kinds.clone(),
                via,
            },
        );
    }
}

async fn read_robots<F: Fetcher>(fetcher: &F, root: &Url, agent: &str, deadline: Instant) -> Robots {
    let Ok(url) = root.join("/robots.txt") else {
        return Robots::allow_all();
    };
    match tokio::time::timeout_at(deadline, fetcher.fetch(&url)).await {
        Ok(Ok(f)) if f.status == 200 && !decode::looks_binary(&f.body) => Robots::parse(agent, &f.body),
        _ => Robots::allow_all(),
    }
}

/// Candidates from the sitemaps (robots.txt `Sitemap:` lines, else `/sitemap.xml`).
async fn read_sitemaps<F: Fetcher>(
    fetcher: &F,
    root: &Url,
    robots: &Robots,
    vocab: &Vocabulary,
    deadline: Instant,
) -> Vec<Candidate> {
    let mut queue = robots.sitemaps(root);
    if queue.is_empty() {
        queue.extend(root.join("/sitemap.xml").ok());
    }
    let mut out = Vec::new();
    let mut read = 0;
    while let Some(url) = queue.pop() {
        if read >= MAX_SITEMAPS || !normalize::same_site(root, &url) {
            continue;
        }
        read += 1;
        let Ok(Ok(f)) = tokio::time::timeout_at(deadline, fetcher.fetch(&url)).await else {
            continue;
        };
        if f.status != 200 || decode::looks_binary(&f.body) {
            continue;
        }
        let xml = decode::decode(&f.body, f.content_type.as_deref());
        let locs = sitemap::locs(&xml, root);
        if sitemap::is_index(&xml) {
            queue.extend(locs);
            continue;
        }
        for loc in locs.into_iter().filter(|u| normalize::same_site(root, u)) {
            let kinds = vocab.kinds_of_url(&loc);
            if !kinds.is_empty() {
                out.push(Candidate {
                    url: normalize::clean(&loc),
                    depth: 1,
                    kinds,
                    via: FoundVia::Sitemap,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::mem::MemFetcher;
    use crate::rules::{Status, engine::evaluate_rule, load};

    const FILLER: &str = "<p>Bienvenue dans notre boutique de thé en ligne, livraison partout en France.</p>";

    fn fr_engine() -> Engine {
        Engine::new(load::builtin(&Vocabulary::builtin()).unwrap())
    }

    async fn run(pages: Vec<(&str, String)>, opts: CrawlOptions) -> (Site, Engine) {
        let fetcher = MemFetcher::new(pages);
        let engine = fr_engine();
        let start = Url::parse(MemFetcher::BASE).unwrap();
        let site = crawl(&fetcher, &start, &engine, &Vocabulary::builtin(), &opts, &|_| {})
            .await
            .unwrap();
        (site, engine)
    }

    fn status(site: &Site, engine: &Engine, id: &str) -> Status {
        evaluate_rule(engine.rules().iter().find(|r| r.id == id).unwrap(), site).status
    }

    #[tokio::test]
    async fn a_spent_page_budget_makes_rules_unknown_not_failed() {
        let home =
            format!("{FILLER}<footer><a href='/mentions-legales'>Mentions légales</a><a href='/cgv'>CGV</a></footer>");
        let pages = vec![
            ("/", home),
            ("/mentions-legales", "<p>RCS Lyon B 732 829 320</p>".to_string()),
            ("/cgv", "<h1>CGV</h1>".to_string()),
        ];
        let (site, engine) = run(
            pages,
            CrawlOptions {
                max_pages: 1,
                ..CrawlOptions::default()
            },
        )
        .await;
        assert_eq!(site.pages.len(), 1);
        assert!(site.missed.iter().any(|m| m.why == Missed::Budget));
        assert_eq!(status(&site, &engine, "fr.identity.legal-notice"), Status::Unknown);
        assert_eq!(status(&site, &engine, "fr.sales.terms"), Status::Unknown);
    }

    #[tokio::test]
    async fn the_crawl_stops_when_nothing_wanted_is_left_and_skips_product_pages() {
        let products: String = (0..50).map(|i| format!("<a href='/produit/{i}'>Thé {i}</a>")).collect();
        let home = format!(
            "{FILLER}<main>{products}</main><footer>contact@boutique.fr · 01 23 45 67 89 · SIRET 732 829 320 00074\
             <a href='/mentions-legales'>Mentions légales</a><a href='/cgv'>CGV</a></footer>"
        );
        let pages = vec![
            ("/", home),
            (
                "/mentions-legales",
                "<h1>Mentions légales</h1><p>RCS Lyon B 732 829 320</p>".to_string(),
            ),
            (
                "/cgv",
                "<h1>CGV</h1><p>Droit de rétractation : 14 jours.</p>".to_string(),
            ),
        ];
        let (site, engine) = run(pages, CrawlOptions::default()).await;
        assert_eq!(
            site.pages.len(),
            3,
            "home + two legal pages: {:?}",
            site.pages.iter().map(|p| p.url.path()).collect::<Vec<_>>()
        );
        assert!(engine.evaluate(&site).iter().all(|o| o.status == Status::Pass));
    }

    #[tokio::test]
    async fn a_legal_page_on_another_site_is_unknown_not_failed() {
        let home =
            format!("{FILLER}<footer><a href='https://groupe.example/mentions-legales'>Mentions légales</a></footer>");
        let (site, engine) = run(vec![("/", home)], CrawlOptions::default()).await;
        assert_eq!(site.pages.len(), 1);
        assert_eq!(status(&site, &engine, "fr.identity.legal-notice"), Status::Unknown);
    }

    #[tokio::test]
    async fn a_meta_refresh_home_page_is_followed() {
        let pages = vec![
            ("/", "<meta http-equiv='refresh' content='0; url=/fr/'>".to_string()),
            ("/fr/", format!("{FILLER}<footer>contact@boutique.fr</footer>")),
        ];
        let (site, engine) = run(pages, CrawlOptions::default()).await;
        assert_eq!(site.home().unwrap().url.path(), "/fr/");
        assert_eq!(status(&site, &engine, "fr.contact.email"), Status::Pass);
    }
}
