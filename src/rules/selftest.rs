//! Runs the `[[rule.test]]` blocks: each test's pages are crawled from
//! memory with the real crawler and the rule is evaluated on the result.

use url::Url;

use super::engine::{Engine, Outcome, evaluate_rule};
use super::{Rule, RuleTest, Status};
use crate::crawl::{CrawlOptions, crawl};
use crate::fetch::mem::MemFetcher;
use crate::vocab::Vocabulary;

/// The result of one self-test.
#[derive(Debug, Clone)]
pub struct TestResult {
    pub rule: String,
    pub test: String,
    pub expected: Status,
    pub got: Status,
    pub message: String,
}

impl TestResult {
    pub fn ok(&self) -> bool {
        self.expected == self.got
    }
}

/// Crawls a test's pages and evaluates the rule.
pub async fn run_test(rule: &Rule, test: &RuleTest, vocab: &Vocabulary) -> Outcome {
    let fetcher = MemFetcher::new(test.pages.iter().cloned());
    let engine = Engine::new(vec![rule.clone()]);
    let start = Url::parse(MemFetcher::BASE).expect("static URL");
    match crawl(&fetcher, &start, &engine, vocab, &CrawlOptions::default(), &|_| {}).await {
        Ok(site) => evaluate_rule(rule, &site),
        Err(e) => Outcome {
            status: Status::Unknown,
            evidence: Vec::new(),
            message: e.to_string(),
        },
    }
}

/// Runs every self-test of every rule.
pub fn run_all(rules: &[Rule], vocab: &Vocabulary) -> Vec<TestResult> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a current-thread runtime");
    let mut results = Vec::new();
    for rule in rules {
        for test in &rule.tests {
            let outcome = rt.block_on(run_test(rule, test, vocab));
            results.push(TestResult {
                rule: rule.id.clone(),
                test: test.name.clone(),
                expected: test.expect,
                got: outcome.status,
                message: outcome.message,
            });
        }
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load;

    /// Every built-in rule carries self-tests, and they all pass.
    #[test]
    fn builtin_rule_self_tests_pass() {
        let vocab = Vocabulary::builtin();
        let rules = load::builtin(&vocab).unwrap();
        for r in &rules {
            assert!(
                r.tests.iter().any(|t| t.expect == Status::Pass),
                "{} has no passing self-test",
                r.id
            );
            assert!(
                r.tests.iter().any(|t| t.expect != Status::Pass),
                "{} has no failing self-test",
                r.id
            );
        }
        let results = run_all(&rules, &vocab);
        let failed: Vec<String> = results
            .iter()
            .filter(|r| !r.ok())
            .map(|r| {
                format!(
                    "{} / {}: expected {:?}, got {:?} ({})",
                    r.rule, r.test, r.expected, r.got, r.message
                )
            })
            .collect();
        assert!(failed.is_empty(), "failing rule self-tests:\n{}", failed.join("\n"));
    }
}
