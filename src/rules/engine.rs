//! Evaluates rules against a [`Site`]. Pure: no I/O, so it is tested with
//! plain HTML strings.
//!
//! A rule passes only with evidence. It fails only when every page where the
//! information could be was read; otherwise it is unknown, with the reason.

use serde::Serialize;

use super::load::PHONE_CLASSES;
use super::{Check, Extractor, Rule, Scope, Status};
use crate::site::{Finding, FoundVia, Missed, Page, Region, Site};

/// At most this many evidence items per rule.
const MAX_EVIDENCE: usize = 3;

/// Proof for a verdict: where it was seen and what was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub url: String,
    pub excerpt: String,
    pub region: Option<Region>,
}

/// A rule's verdict on a site, with its evidence and a one-line explanation.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub status: Status,
    pub evidence: Vec<Evidence>,
    pub message: String,
}

impl Outcome {
    fn pass(evidence: Vec<Evidence>, message: impl Into<String>) -> Outcome {
        debug_assert!(!evidence.is_empty(), "a pass always carries evidence");
        Outcome {
            status: Status::Pass,
            evidence,
            message: message.into(),
        }
    }
    fn fail(evidence: Vec<Evidence>, message: impl Into<String>) -> Outcome {
        Outcome {
            status: Status::Fail,
            evidence,
            message: message.into(),
        }
    }
    fn unknown(message: impl Into<String>) -> Outcome {
        Outcome {
            status: Status::Unknown,
            evidence: Vec::new(),
            message: message.into(),
        }
    }
}

/// The loaded rules of one audit, ready to evaluate.
#[derive(Debug, Clone)]
pub struct Engine {
    rules: Vec<Rule>,
}

impl Engine {
    pub fn new(rules: Vec<Rule>) -> Engine {
        Engine { rules }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// One outcome per rule, in rule order.
    pub fn evaluate(&self, site: &Site) -> Vec<Outcome> {
        self.rules.iter().map(|r| evaluate_rule(r, site)).collect()
    }

    /// Page kinds the rules that have not passed yet still look for; the
    /// crawler steers towards them and stops when there are none.
    pub fn wanted_kinds(&self, site: &Site) -> Vec<String> {
        let mut kinds = Vec::new();
        for rule in &self.rules {
            if evaluate_rule(rule, site).status == Status::Pass {
                continue;
            }
            for k in search_kinds(rule, &rule.check) {
                if !kinds.contains(&k) {
                    kinds.push(k);
                }
            }
        }
        kinds
    }
}

/// Evaluates one rule.
pub fn evaluate_rule(rule: &Rule, site: &Site) -> Outcome {
    if site.pages.is_empty() {
        return Outcome::unknown("the home page could not be read");
    }
    if site.needs_javascript() {
        return Outcome::unknown(
            "the site needs JavaScript: its pages show no content without it, so this could not be checked",
        );
    }
    evaluate_check(rule, &rule.check, site)
}

fn evaluate_check(rule: &Rule, check: &Check, site: &Site) -> Outcome {
    match check {
        Check::Extract {
            extractor,
            scope,
            min,
            classes,
            valid_only,
            when_absent,
        } => {
            let mut accepted = Vec::new();
            let mut rejected = Vec::new();
            // One evidence item per distinct value: the same address in every
            // footer is one address.
            let mut seen = std::collections::HashSet::new();
            for page in pages_in(site, scope) {
                for (finding, ok, note) in extract(page, *extractor, classes, *valid_only) {
                    if *scope == Scope::Footer && finding.region != Region::Footer {
                        continue;
                    }
                    if seen.insert(finding.value.clone()) {
                        let bucket = if ok { &mut accepted } else { &mut rejected };
                        bucket.push(evidence(page, finding, note));
                    }
                }
            }
            let (one, many) = extractor_names(*extractor);
            let what = many;
            if accepted.len() >= *min {
                let n = accepted.len();
                accepted.truncate(MAX_EVIDENCE);
                return Outcome::pass(accepted, format!("{n} {} found", if n == 1 { one } else { many }));
            }
            let coverage = coverage(site, &search_kinds(rule, check));
            match (rejected.is_empty(), coverage) {
                (_, Err(why)) => Outcome::unknown(why),
                (false, Ok(n)) => {
                    rejected.truncate(MAX_EVIDENCE);
                    Outcome::fail(
                        rejected,
                        format!("only {what} that do not qualify were found on the {n} pages read"),
                    )
                }
                (true, Ok(n)) => {
                    let message = format!("no {what} found on the {n} pages read");
                    // The loader refuses `when_absent = "pass"`: no pass without evidence.
                    match when_absent {
                        Status::Fail => Outcome::fail(Vec::new(), message),
                        Status::Unknown | Status::Pass => Outcome::unknown(message),
                    }
                }
            }
        }
        Check::Page { kind, max_depth } => {
            let found: Vec<&Page> = site
                .pages
                .iter()
                .skip(1)
                .filter(|p| p.has_kind(kind) && max_depth.is_none_or(|d| p.depth <= d))
                .collect();
            if !found.is_empty() {
                let ev = found.iter().take(MAX_EVIDENCE).map(|p| page_evidence(p)).collect();
                return Outcome::pass(ev, format!("{kind} page found"));
            }
            match coverage(site, &search_kinds(rule, check)) {
                Err(why) => Outcome::unknown(why),
                Ok(n) => {
                    let deep = max_depth.map_or(String::new(), |d| format!(" within {d} clicks"));
                    Outcome::fail(
                        Vec::new(),
                        format!("no {kind} page is linked{deep} from the {n} pages read"),
                    )
                }
            }
        }
        Check::Text { scope, patterns } => {
            for page in pages_in(site, scope) {
                let mut ev = Vec::new();
                for re in patterns {
                    let hit = re
                        .find_iter(&page.text)
                        .find(|m| *scope != Scope::Footer || page.region_at(m.start()) == Region::Footer);
                    match hit {
                        Some(m) => ev.push(Evidence {
                            url: page.url.to_string(),
                            excerpt: crate::text::excerpt(&page.text, m.start(), m.end()),
                            region: Some(page.region_at(m.start())),
                        }),
                        None => break,
                    }
                }
                if ev.len() == patterns.len() {
                    ev.dedup_by(|a, b| a.excerpt == b.excerpt);
                    ev.truncate(MAX_EVIDENCE);
                    return Outcome::pass(ev, "the required wording was found");
                }
            }
            match coverage(site, &search_kinds(rule, check)) {
                Err(why) => Outcome::unknown(why),
                Ok(n) => Outcome::fail(
                    Vec::new(),
                    format!("the required wording was not found on the {n} pages read"),
                ),
            }
        }
        Check::All(checks) => combine(
            checks.iter().map(|c| evaluate_check(rule, c, site)).collect(),
            Status::Fail,
        ),
        Check::Any(checks) => combine(
            checks.iter().map(|c| evaluate_check(rule, c, site)).collect(),
            Status::Pass,
        ),
    }
}

/// Combines inner outcomes: the first `decisive` one wins (a fail for
/// `all`, a pass for `any`), then the first unknown; otherwise the opposite
/// verdict with the inner evidence and messages merged.
fn combine(outcomes: Vec<Outcome>, decisive: Status) -> Outcome {
    if let Some(o) = outcomes.iter().find(|o| o.status == decisive) {
        return o.clone();
    }
    if let Some(o) = outcomes.iter().find(|o| o.status == Status::Unknown) {
        return o.clone();
    }
    let message = outcomes
        .iter()
        .map(|o| o.message.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let evidence: Vec<Evidence> = outcomes
        .into_iter()
        .flat_map(|o| o.evidence)
        .take(MAX_EVIDENCE)
        .collect();
    let status = if decisive == Status::Fail {
        Status::Pass
    } else {
        Status::Fail
    };
    Outcome {
        status,
        evidence,
        message,
    }
}

/// Singular and plural names of what an extractor finds, for messages.
fn extractor_names(e: Extractor) -> (&'static str, &'static str) {
    match e {
        Extractor::Email => ("email address", "email addresses"),
        Extractor::Phone => ("phone number", "phone numbers"),
        Extractor::CompanyId => ("company identifier", "company identifiers"),
        Extractor::VatId => ("VAT number", "VAT numbers"),
    }
}

/// Findings of one extractor on a page: (finding, accepted, note for the excerpt).
fn extract<'p>(
    page: &'p Page,
    extractor: Extractor,
    classes: &[crate::detect::phone::PhoneClass],
    valid_only: bool,
) -> Vec<(&'p Finding, bool, String)> {
    use crate::detect::ident::IdKind;
    match extractor {
        Extractor::Email => page.emails.iter().map(|f| (f, true, String::new())).collect(),
        Extractor::Phone => page
            .phones
            .iter()
            .map(|p| {
                let class = PHONE_CLASSES
                    .iter()
                    .find(|(_, c)| *c == p.class)
                    .map_or("", |(name, _)| name)
                    .to_string();
                (&p.found, classes.is_empty() || classes.contains(&p.class), class)
            })
            .collect(),
        Extractor::CompanyId | Extractor::VatId => page
            .ids
            .iter()
            .filter(|i| (extractor == Extractor::VatId) == (i.kind == IdKind::VatFr))
            .map(|i| {
                (
                    &i.found,
                    i.valid || !valid_only,
                    if i.valid {
                        "checksum valid".into()
                    } else {
                        "checksum INVALID".into()
                    },
                )
            })
            .collect(),
    }
}

fn evidence(page: &Page, finding: &Finding, note: String) -> Evidence {
    let excerpt = if note.is_empty() {
        finding.excerpt.clone()
    } else {
        format!("{} [{} — {note}]", finding.excerpt, finding.value)
    };
    Evidence {
        url: page.url.to_string(),
        excerpt,
        region: Some(finding.region),
    }
}

fn page_evidence(page: &Page) -> Evidence {
    let title = if page.title.is_empty() {
        String::new()
    } else {
        format!(" — page title “{}”", page.title)
    };
    match &page.found_via {
        FoundVia::Link { from, text, region } => Evidence {
            url: page.url.to_string(),
            excerpt: format!("link “{text}” on {from}{title}"),
            region: Some(*region),
        },
        FoundVia::Sitemap => Evidence {
            url: page.url.to_string(),
            excerpt: format!("listed in sitemap.xml; no link to it in the HTML read{title}"),
            region: None,
        },
        FoundVia::Start => Evidence {
            url: page.url.to_string(),
            excerpt: format!("the start page{title}"),
            region: None,
        },
    }
}

/// Pages a scope covers.
fn pages_in<'s>(site: &'s Site, scope: &'s Scope) -> impl Iterator<Item = &'s Page> + 's {
    site.pages
        .iter()
        .enumerate()
        .filter(move |(i, p)| match scope {
            Scope::Any | Scope::Footer => true,
            Scope::Home => *i == 0,
            Scope::Kind(k) => p.has_kind(k),
        })
        .map(|(_, p)| p)
}

/// The page kinds a check needs read before it may fail.
pub fn search_kinds(rule: &Rule, check: &Check) -> Vec<String> {
    let mut kinds = rule.search.clone();
    let mut add = |k: &String| {
        if !kinds.contains(k) {
            kinds.push(k.clone());
        }
    };
    match check {
        Check::Page { kind, .. } => add(kind),
        Check::Extract {
            scope: Scope::Kind(k), ..
        }
        | Check::Text {
            scope: Scope::Kind(k), ..
        } => add(k),
        Check::All(cs) | Check::Any(cs) => {
            for c in cs {
                for k in search_kinds(rule, c) {
                    add(&k);
                }
            }
        }
        _ => {}
    }
    kinds
}

/// `Ok(pages read)` when every page of these kinds the crawl knew of was
/// read; otherwise why not.
fn coverage(site: &Site, kinds: &[String]) -> Result<usize, String> {
    let relevant = site.missed.iter().find(|m| m.kinds.iter().any(|k| kinds.contains(k)));
    if let Some(m) = relevant {
        return Err(match &m.why {
            Missed::Robots => format!("robots.txt forbids reading {}, where this would be", m.url),
            Missed::Failed(e) => format!("{} could not be read ({e})", m.url),
            Missed::Budget => format!(
                "{} was not read: the crawl budget ran out (raise --max-pages or --max-depth)",
                m.url
            ),
        });
    }
    if site.deadline_hit {
        return Err("the site deadline ran out before the crawl finished".to_string());
    }
    Ok(site.pages.len())
}
