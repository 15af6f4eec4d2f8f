//! Every fixture shop, audited from its directory and over real HTTP, must
//! give the outcome its `expected.toml` states, obligation by obligation.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use shopaudit::audit::AuditOptions;
use shopaudit::report::Report;
use shopaudit::rules::Status;
use shopaudit::target::Target;
use url::Url;

use crate::common::{audit_with, fixtures_dir};
use crate::server::{ServerOptions, TestServer};

#[derive(Debug, Deserialize)]
struct Expected {
    #[allow(dead_code)]
    description: String,
    #[allow(dead_code)]
    style: String,
    #[allow(dead_code)]
    profile: String,
    verdict: String,
    max_pages: Option<usize>,
    expect: BTreeMap<String, String>,
}

fn fixtures() -> Vec<(String, Expected)> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let dir = entry.unwrap().path();
        let file = dir.join("expected.toml");
        if !file.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let expected: Expected = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        all.push((dir.file_name().unwrap().to_string_lossy().into_owned(), expected));
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(all.len() >= 10, "at least ten fixture shops");
    all
}

/// Differences between a report and a fixture's expectations, one line each.
fn compare(name: &str, mode: &str, report: &Report, expected: &Expected) -> Vec<String> {
    let mut diffs = Vec::new();
    for (obligation, want) in &expected.expect {
        let rule = report.rules.iter().find(|r| r.obligation.as_str() == obligation);
        match rule {
            None => diffs.push(format!("{name} [{mode}] {obligation}: no rule in the report")),
            Some(r) if r.status.as_str() != want => diffs.push(format!(
                "{name} [{mode}] {obligation}: expected {want}, got {} ({})",
                r.status.as_str(),
                r.message
            )),
            Some(r) => {
                if r.status == Status::Pass && r.evidence.iter().all(|e| e.url.is_empty() || e.excerpt.is_empty()) {
                    diffs.push(format!("{name} [{mode}] {obligation}: pass without evidence"));
                }
            }
        }
    }
    if report.verdict.as_str() != expected.verdict {
        diffs.push(format!(
            "{name} [{mode}] verdict: expected {}, got {}",
            expected.verdict,
            report.verdict.as_str()
        ));
    }
    if let Some(max) = expected.max_pages
        && report.pages.len() > max
    {
        diffs.push(format!(
            "{name} [{mode}] read {} pages, expected at most {max}",
            report.pages.len()
        ));
    }
    diffs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fixture_gives_its_expected_outcome_from_its_directory() {
    let mut diffs = Vec::new();
    for (name, expected) in fixtures() {
        let site = fixtures_dir().join(&name).join("site");
        let report = audit_with(Target::Dir(site), &AuditOptions::default()).await;
        diffs.extend(compare(&name, "dir", &report, &expected));
    }
    assert!(diffs.is_empty(), "\n{}", diffs.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fixture_gives_its_expected_outcome_over_http_with_latency() {
    let mut diffs = Vec::new();
    for (name, expected) in fixtures() {
        let root = fixtures_dir().join(&name).join("site");
        let server = TestServer::start(ServerOptions {
            root: Some(root),
            latency: Duration::from_millis(10),
            ..Default::default()
        })
        .await
        .unwrap();
        let url = Url::parse(&server.url("/")).unwrap();
        let report = audit_with(Target::Url(url), &AuditOptions::default()).await;
        diffs.extend(compare(&name, "http", &report, &expected));
    }
    assert!(diffs.is_empty(), "\n{}", diffs.join("\n"));
}

/// robots.txt is honoured over HTTP: a disallowed page is never requested.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disallowed_pages_are_never_requested() {
    let root = fixtures_dir().join("robots-blocked").join("site");
    let robots = std::fs::read_to_string(root.join("robots.txt")).unwrap();
    let disallowed: Vec<String> = robots
        .lines()
        .filter_map(|l| l.strip_prefix("Disallow:"))
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    assert!(!disallowed.is_empty());
    let server = TestServer::start(ServerOptions {
        root: Some(root),
        ..Default::default()
    })
    .await
    .unwrap();
    let report = audit_with(
        Target::Url(Url::parse(&server.url("/")).unwrap()),
        &AuditOptions::default(),
    )
    .await;
    assert_ne!(report.verdict.as_str(), "error");
    let requested: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert!(requested.contains(&"/robots.txt".to_string()));
    for path in &requested {
        assert!(
            !disallowed.iter().any(|d| path.starts_with(d.as_str())),
            "{path} was requested despite robots.txt"
        );
    }
}

/// Sanity check of the fixture layout itself: every fixture has a home page.
#[test]
fn every_fixture_has_a_home_page() {
    for (name, _) in fixtures() {
        assert!(
            Path::new(&fixtures_dir().join(&name).join("site/index.html")).is_file(),
            "{name}"
        );
    }
}
