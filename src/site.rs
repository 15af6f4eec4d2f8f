//! The site snapshot that rules read: pages with their visible text, links,
//! regions, kinds and detector findings, plus what the crawl could not reach.
//!
//! Built by `snapshot` (one page) and `crawl` (the whole site); read by
//! `rules::engine`. Holds no page bodies.

use serde::Serialize;
use std::ops::Range;
use url::Url;

use crate::detect::ident::IdKind;
use crate::detect::phone::PhoneClass;

/// Where on a page something sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    Header,
    Nav,
    Main,
    Footer,
}

impl Region {
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Header => "header",
            Region::Nav => "nav",
            Region::Main => "main",
            Region::Footer => "footer",
        }
    }
}

/// A hyperlink found on a page.
#[derive(Debug, Clone)]
pub struct Link {
    /// Absolute target, fragment removed.
    pub url: Url,
    /// Visible text (or `title` / `aria-label` / image `alt`), whitespace squashed.
    pub text: String,
    pub region: Region,
    /// Page kinds the link text or URL slug suggests (`legal-notice`, `terms`…).
    pub kinds: Vec<String>,
    /// `rel="nofollow"` or similar hints are not honoured; kept for reports.
    pub href: String,
}

/// Something a detector found, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Normalised value (address, E.164 number, identifier digits).
    pub value: String,
    pub excerpt: String,
    pub region: Region,
}

/// A phone number found on a page.
#[derive(Debug, Clone)]
pub struct PhoneFinding {
    pub found: Finding,
    pub class: PhoneClass,
}

/// A company identifier found on a page.
#[derive(Debug, Clone)]
pub struct IdFinding {
    pub found: Finding,
    pub kind: IdKind,
    pub valid: bool,
}

/// One fetched and analysed HTML page.
#[derive(Debug, Clone)]
pub struct Page {
    pub url: Url,
    pub status: u16,
    /// Clicks from the home page (home = 0).
    pub depth: u32,
    pub title: String,
    /// `<html lang>` (lower case), if declared.
    pub lang: Option<String>,
    /// Visible text; script, style, template and noscript content excluded.
    pub text: String,
    /// Which region each byte range of `text` belongs to, in order.
    pub regions: Vec<(Range<usize>, Region)>,
    /// Text inside `<noscript>`, kept apart from the visible text.
    pub noscript: String,
    pub links: Vec<Link>,
    /// Page kinds from title, headings, URL and the links that led here.
    pub kinds: Vec<String>,
    /// The body has no visible text but has scripts: the page needs JavaScript.
    pub js_shell: bool,
    /// `<meta http-equiv="refresh">` target, if any.
    pub meta_refresh: Option<Url>,
    pub emails: Vec<Finding>,
    pub phones: Vec<PhoneFinding>,
    pub ids: Vec<IdFinding>,
    /// Body bytes received (after decompression).
    pub bytes: usize,
    /// The body was cut at the size cap.
    pub truncated: bool,
    pub fetch_ms: u64,
    /// How the crawl came to this page.
    pub found_via: FoundVia,
}

/// How the crawl came to a page.
#[derive(Debug, Clone, Default)]
pub enum FoundVia {
    /// The audit's start page.
    #[default]
    Start,
    /// A link on another page.
    Link { from: Url, text: String, region: Region },
    /// Listed in the sitemap, linked from no page read.
    Sitemap,
}

impl Page {
    /// The region of the text at byte offset `at`.
    pub fn region_at(&self, at: usize) -> Region {
        self.regions
            .iter()
            .find(|(range, _)| range.contains(&at))
            .map(|(_, r)| *r)
            .unwrap_or(Region::Main)
    }

    pub fn has_kind(&self, kind: &str) -> bool {
        self.kinds.iter().any(|k| k == kind)
    }
}

/// Why a candidate page is not in the snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Missed {
    /// robots.txt disallows it.
    Robots,
    /// The fetch failed or returned an error status; the message says how.
    Failed(String),
    /// Not fetched: the page budget, depth limit or deadline was reached.
    Budget,
}

/// A page the crawl knew about but could not read.
#[derive(Debug, Clone)]
pub struct MissedPage {
    pub url: Url,
    /// Kinds the links to it suggested.
    pub kinds: Vec<String>,
    pub why: Missed,
}

/// Everything the crawl learned about a site.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Fetched HTML pages; the first is the home page.
    pub pages: Vec<Page>,
    /// Candidate pages that could not be read.
    pub missed: Vec<MissedPage>,
    /// The site-wide deadline stopped the crawl.
    pub deadline_hit: bool,
}

impl Site {
    pub fn home(&self) -> Option<&Page> {
        self.pages.first()
    }

    /// True when the home page needs JavaScript to show anything.
    pub fn needs_javascript(&self) -> bool {
        self.home().is_some_and(|h| h.js_shell)
    }
}
