//! Rules are data: TOML files under `rules/<profile>/`, embedded in the
//! binary, plus user directories. This module holds the typed rule model;
//! `load` parses and validates files, `engine` evaluates rules against a
//! site, `selftest` runs the `[[rule.test]]` blocks.

pub mod engine;
pub mod load;
pub mod selftest;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::detect::phone::PhoneClass;

/// The shared obligation vocabulary (DESIGN.md). Extend, never rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Obligation {
    Email,
    Phone,
    LegalNotice,
    CompanyIdentity,
    CompanyId,
    VatId,
    Host,
    Terms,
    Withdrawal,
    Returns,
    LegalGuarantee,
    Mediator,
    Delivery,
    Price,
    Privacy,
    CustomerServiceCost,
}

impl Obligation {
    pub fn as_str(self) -> &'static str {
        match self {
            Obligation::Email => "email",
            Obligation::Phone => "phone",
            Obligation::LegalNotice => "legal-notice",
            Obligation::CompanyIdentity => "company-identity",
            Obligation::CompanyId => "company-id",
            Obligation::VatId => "vat-id",
            Obligation::Host => "host",
            Obligation::Terms => "terms",
            Obligation::Withdrawal => "withdrawal",
            Obligation::Returns => "returns",
            Obligation::LegalGuarantee => "legal-guarantee",
            Obligation::Mediator => "mediator",
            Obligation::Delivery => "delivery",
            Obligation::Price => "price",
            Obligation::Privacy => "privacy",
            Obligation::CustomerServiceCost => "customer-service-cost",
        }
    }
}

/// How bad a failing rule is; `--fail-on` compares against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// A rule's verdict on a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
        }
    }
}

/// A text in the languages reports are written in.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub en: String,
    pub fr: String,
}

/// A legal reference: what to cite and where the official text is.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Law {
    pub cite: String,
    pub url: String,
}

/// What a detector extracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extractor {
    Email,
    Phone,
    /// SIREN / SIRET / RCS.
    CompanyId,
    /// Intra-community VAT number.
    VatId,
}

/// Which part of the site a check looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every page read.
    Any,
    Home,
    /// The footer region of any page.
    Footer,
    /// Pages of one kind.
    Kind(String),
}

/// A check, the body of a rule.
#[derive(Debug, Clone)]
pub enum Check {
    /// An extractor finds at least `min` accepted values in the scope.
    Extract {
        extractor: Extractor,
        scope: Scope,
        min: usize,
        /// Phone classes that count; empty means all.
        classes: Vec<PhoneClass>,
        /// Identifiers must pass their checksum.
        valid_only: bool,
        /// Verdict when nothing at all is found on a fully read site.
        when_absent: Status,
    },
    /// A page of this kind is reachable within `max_depth` clicks.
    Page {
        kind: String,
        max_depth: Option<u32>,
    },
    /// Every pattern matches on one page of the scope.
    Text {
        scope: Scope,
        patterns: Vec<Regex>,
    },
    All(Vec<Check>),
    Any(Vec<Check>),
}

/// A self-test carried by a rule.
#[derive(Debug, Clone)]
pub struct RuleTest {
    pub name: String,
    /// (path, html); the first page is the home page.
    pub pages: Vec<(String, String)>,
    pub expect: Status,
}

/// One validated rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    /// The profile directory it came from (`fr`), or `user`.
    pub profile: String,
    pub obligation: Obligation,
    pub title: Localized,
    pub severity: Severity,
    pub law: Vec<Law>,
    pub why: Localized,
    pub fix: Localized,
    /// In force from / until (ISO dates, inclusive / exclusive).
    pub effective_from: Option<String>,
    pub effective_until: Option<String>,
    /// Page kinds where the information usually lives: the crawler looks
    /// there, and a `fail` needs them all read.
    pub search: Vec<String>,
    pub check: Check,
    pub tests: Vec<RuleTest>,
    /// Where it was defined (`rules/fr/contact.toml`).
    pub source: String,
    /// A user rule that replaced a built-in one with the same id.
    pub overrides_builtin: bool,
}

impl Rule {
    /// True when the rule is in force on `date` (YYYY-MM-DD).
    pub fn in_force(&self, date: &str) -> bool {
        self.effective_from.as_deref().is_none_or(|f| f <= date)
            && self.effective_until.as_deref().is_none_or(|u| date < u)
    }
}
