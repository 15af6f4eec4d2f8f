//! The report: one model of an audit's result; each renderer (`terminal`,
//! `json`) is a pure function of it.

pub mod json;
pub mod terminal;

use serde::Serialize;

use crate::rules::engine::{Evidence, Outcome};
use crate::rules::{Law, Obligation, Rule, Severity, Status};
use crate::site::{Missed, Site};

/// Version of the JSON report schema (docs/report-schema.md).
pub const SCHEMA_VERSION: u32 = 1;

/// The overall verdict of an audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Every error-severity rule passed.
    Pass,
    /// At least one error-severity rule failed.
    Fail,
    /// Nothing failed, but some error-severity rules could not be decided.
    Inconclusive,
    /// The site could not be audited at all.
    Error,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Inconclusive => "inconclusive",
            Verdict::Error => "error",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

/// Which rule catalogue was applied, and why that one.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileInfo {
    pub name: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageEntry {
    pub url: String,
    pub status: u16,
    /// The page's main kind (`home` for the start page, `other` when unclassified).
    pub kind: String,
    /// Every kind the page was classified as.
    pub kinds: Vec<String>,
    pub bytes: usize,
    pub fetch_ms: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleEntry {
    pub id: String,
    pub obligation: Obligation,
    pub title: String,
    pub severity: Severity,
    pub status: Status,
    pub law: Vec<Law>,
    pub evidence: Vec<Evidence>,
    pub message: String,
    /// Shown to people reading a failure.
    pub why: String,
    pub fix: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overrides_builtin: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorEntry {
    pub url: String,
    pub message: String,
}

/// An audit's result (JSON schema v1).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub target: String,
    pub final_url: Option<String>,
    pub profile: ProfileInfo,
    pub verdict: Verdict,
    pub score: u8,
    pub started_at: String,
    pub duration_ms: u64,
    pub pages: Vec<PageEntry>,
    pub rules: Vec<RuleEntry>,
    pub errors: Vec<ErrorEntry>,
}

impl Report {
    /// Builds the report of an audit that reached the site.
    pub fn new(target: &str, profile: ProfileInfo, rules: &[Rule], outcomes: Vec<Outcome>, site: &Site) -> Report {
        let entries: Vec<RuleEntry> = rules.iter().zip(outcomes).map(|(r, o)| rule_entry(r, o)).collect();
        let pages = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| PageEntry {
                url: p.url.to_string(),
                status: p.status,
                kind: if i == 0 {
                    "home".into()
                } else {
                    p.kinds.first().cloned().unwrap_or_else(|| "other".into())
                },
                kinds: p.kinds.clone(),
                bytes: p.bytes,
                fetch_ms: p.fetch_ms,
                truncated: p.truncated,
            })
            .collect();
        let errors = site
            .missed
            .iter()
            .filter_map(|m| match &m.why {
                Missed::Failed(e) => Some(ErrorEntry {
                    url: m.url.to_string(),
                    message: e.clone(),
                }),
                _ => None,
            })
            .collect();
        let mut report = Report {
            schema_version: SCHEMA_VERSION,
            tool: tool(),
            target: target.to_string(),
            final_url: site.home().map(|h| h.url.to_string()),
            profile,
            verdict: verdict(&entries),
            score: score(&entries),
            started_at: String::new(),
            duration_ms: 0,
            pages,
            rules: entries,
            errors,
        };
        if site.deadline_hit {
            report.errors.push(ErrorEntry {
                url: report.final_url.clone().unwrap_or_default(),
                message: "site deadline reached; the crawl was cut short".into(),
            });
        }
        report
    }

    /// The report of a site that could not be audited: every rule unknown.
    pub fn error(target: &str, profile: ProfileInfo, rules: &[Rule], url: &str, message: String) -> Report {
        let entries = rules
            .iter()
            .map(|r| {
                rule_entry(
                    r,
                    Outcome {
                        status: Status::Unknown,
                        evidence: Vec::new(),
                        message: "the site could not be audited".into(),
                    },
                )
            })
            .collect();
        Report {
            schema_version: SCHEMA_VERSION,
            tool: tool(),
            target: target.to_string(),
            final_url: None,
            profile,
            verdict: Verdict::Error,
            score: 0,
            started_at: String::new(),
            duration_ms: 0,
            pages: Vec::new(),
            rules: entries,
            errors: vec![ErrorEntry {
                url: url.to_string(),
                message,
            }],
        }
    }

    /// Counts of rules by status: (pass, fail, unknown).
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |s| self.rules.iter().filter(|r| r.status == s).count();
        (n(Status::Pass), n(Status::Fail), n(Status::Unknown))
    }

    /// True when a rule at or above `level` failed.
    pub fn fails_at(&self, level: Severity) -> bool {
        self.rules
            .iter()
            .any(|r| r.status == Status::Fail && r.severity >= level)
    }
}

fn tool() -> Tool {
    Tool {
        name: "shopaudit",
        version: env!("CARGO_PKG_VERSION"),
    }
}

fn rule_entry(r: &Rule, o: Outcome) -> RuleEntry {
    RuleEntry {
        id: r.id.clone(),
        obligation: r.obligation,
        title: r.title.en.clone(),
        severity: r.severity,
        status: o.status,
        law: r.law.clone(),
        evidence: o.evidence,
        message: o.message,
        why: r.why.en.clone(),
        fix: r.fix.en.clone(),
        overrides_builtin: r.overrides_builtin,
    }
}

fn verdict(rules: &[RuleEntry]) -> Verdict {
    let errors = rules.iter().filter(|r| r.severity == Severity::Error);
    if errors.clone().any(|r| r.status == Status::Fail) {
        Verdict::Fail
    } else if errors.clone().any(|r| r.status == Status::Unknown) || rules.is_empty() {
        Verdict::Inconclusive
    } else {
        Verdict::Pass
    }
}

/// Score out of 100: each rule weighs 3 (error) or 1 (warning), info rules
/// weigh nothing; a pass earns its full weight, an unknown half, a fail none.
pub fn score(rules: &[RuleEntry]) -> u8 {
    let weight = |s: Severity| match s {
        Severity::Error => 3.0,
        Severity::Warning => 1.0,
        Severity::Info => 0.0,
    };
    let total: f64 = rules.iter().map(|r| weight(r.severity)).sum();
    if total == 0.0 {
        return 0;
    }
    let earned: f64 = rules
        .iter()
        .map(|r| {
            weight(r.severity)
                * match r.status {
                    Status::Pass => 1.0,
                    Status::Unknown => 0.5,
                    Status::Fail => 0.0,
                }
        })
        .sum();
    (100.0 * earned / total).round() as u8
}
