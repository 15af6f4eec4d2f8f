//! Every fixture shop audited over real HTTP from a loopback server that adds
//! latency to each response: pages read, requests made and wall time to the
//! verdict.
//!
//! Run: `cargo bench --bench fixtures_http` (latency: `SHOPAUDIT_BENCH_LATENCY_MS`, default 50).

#[path = "../tests/support/server.rs"]
mod server;

use std::time::{Duration, Instant};

use server::{ServerOptions, TestServer};
use shopaudit::audit::{self, AuditOptions};
use shopaudit::report::ProfileInfo;
use shopaudit::rules::{engine::Engine, load};
use shopaudit::target::Target;
use shopaudit::vocab::Vocabulary;
use url::Url;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing to run.
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let latency_ms: u64 = std::env::var("SHOPAUDIT_BENCH_LATENCY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let vocab = Vocabulary::builtin();
    let rules = load::builtin(&vocab).expect("built-in rules");
    let engine = Engine::new(rules.into_iter().filter(|r| r.profile == "fr").collect());
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("site").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    println!("latency {latency_ms} ms per response, concurrency 4\n");
    println!(
        "{:<24} {:>7} {:>9} {:>9} {:>13}",
        "fixture", "pages", "requests", "wall ms", "verdict"
    );
    for name in names {
        let opts = ServerOptions {
            root: Some(root.join(&name).join("site")),
            latency: Duration::from_millis(latency_ms),
            ..Default::default()
        };
        let server = TestServer::start(opts).await.expect("server starts");
        let url = Url::parse(&server.url("/")).unwrap();
        let started = Instant::now();
        let profile = ProfileInfo {
            name: "fr".into(),
            reason: "bench".into(),
        };
        let report = audit::audit(
            url.as_str(),
            &Target::Url(url.clone()),
            &engine,
            &vocab,
            profile,
            &AuditOptions::default(),
            &|_| {},
        )
        .await;
        let wall = started.elapsed().as_millis();
        println!(
            "{:<24} {:>7} {:>9} {:>9} {:>13}",
            name,
            report.pages.len(),
            server.requests().len(),
            wall,
            report.verdict.as_str()
        );
    }
}
