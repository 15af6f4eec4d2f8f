//! Bad sites get a clear answer and the right exit code, never a panic.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::common::{code, shopaudit, stderr, stdout};
use crate::server::{BackgroundServer, Canned, ServerOptions, start_in_background};

fn serve(routes: &[(&str, Canned)]) -> BackgroundServer {
    let routes: HashMap<String, Canned> = routes.iter().map(|(p, c)| (p.to_string(), c.clone())).collect();
    start_in_background(ServerOptions {
        routes,
        ..Default::default()
    })
    .expect("server starts")
}

fn serve_fixture(name: &str, latency: Duration) -> BackgroundServer {
    let root = crate::common::fixtures_dir().join(name).join("site");
    start_in_background(ServerOptions {
        root: Some(root),
        latency,
        ..Default::default()
    })
    .expect("server starts")
}

/// Runs `check URL --format json -o FILE` and returns (exit code, report, stderr).
fn check_json(url: &str, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.json");
    let mut args = vec!["check", url, "--format", "json", "-o", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = shopaudit(&args);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("no report written; stderr: {}", stderr(&out)));
    (code(&out), serde_json::from_str(&text).unwrap(), stderr(&out))
}

fn assert_unauditable(url: &str, extra: &[&str], needle: &str) {
    let (code, report, err) = check_json(url, extra);
    assert_eq!(code, 3, "{url}: {err}");
    assert_eq!(report["verdict"], "error");
    let message = report["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_lowercase();
    assert!(message.contains(needle), "{url}: expected {needle:?} in {message:?}");
    assert!(err.contains("cannot audit"), "stderr explains: {err}");
    assert!(
        report["rules"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "unknown"),
        "never a pass on an unauditable site"
    );
}

#[test]
fn connection_refused_exits_3_and_still_writes_the_report() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    assert_unauditable(&format!("http://127.0.0.1:{port}/"), &[], "connection");
}

#[test]
fn unknown_host_exits_3() {
    assert_unauditable("http://shop.invalid/", &["--timeout", "3s"], "");
}

#[test]
fn http_error_on_the_home_page_exits_3() {
    let s = serve(&[("/", Canned::html(500, "<h1>Internal error</h1>"))]);
    assert_unauditable(&s.url("/"), &[], "http 500");
    let s = serve(&[("/", Canned::html(404, "<h1>Not found</h1>"))]);
    assert_unauditable(&s.url("/"), &[], "http 404");
}

#[test]
fn redirect_loop_exits_3() {
    let s = serve(&[]);
    assert_unauditable(&s.url("/__fault/redirect-loop"), &[], "redirect loop");
}

#[test]
fn a_short_redirect_chain_is_followed() {
    let s = serve_fixture("shopify-dawn", Duration::ZERO);
    let (code, report, err) = check_json(&s.url("/__fault/redirects/3"), &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(report["final_url"], s.url("/"));
}

#[test]
fn binary_content_served_as_html_exits_3() {
    let s = serve(&[]);
    assert_unauditable(&s.url("/__fault/binary"), &[], "binary");
}

#[test]
fn non_html_home_page_exits_3() {
    let s = serve(&[("/", Canned::text(200, "application/pdf", "%PDF-1.4"))]);
    assert_unauditable(&s.url("/"), &[], "not an html page");
}

#[test]
fn a_server_that_drips_is_cut_by_the_timeout() {
    let s = serve(&[]);
    let started = Instant::now();
    assert_unauditable(&s.url("/__fault/drip"), &["--timeout", "1s"], "timed out");
    assert!(started.elapsed() < Duration::from_secs(20));
    let started = Instant::now();
    assert_unauditable(&s.url("/__fault/slow-headers"), &["--timeout", "1s"], "timed out");
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn a_huge_page_is_cut_at_the_cap() {
    let s = serve(&[]);
    let (code, report, err) = check_json(&s.url("/__fault/huge?mb=500"), &["--max-body", "1MiB"]);
    assert!(code == 0 || code == 1, "{err}");
    assert_eq!(report["pages"][0]["bytes"], 1024 * 1024);
    assert_eq!(report["pages"][0]["truncated"], true);
}

#[test]
fn a_decompression_bomb_is_cut_at_the_cap() {
    let s = serve(&[]);
    let (code, report, err) = check_json(&s.url("/__fault/bomb"), &[]);
    assert!(code == 0 || code == 1, "{err}");
    assert_eq!(report["pages"][0]["bytes"], 5 * 1024 * 1024);
    assert_eq!(report["pages"][0]["truncated"], true);
}

#[test]
fn broken_html_is_read_without_panic() {
    let html = "<html><body><div><table><td><p>Écrivez à <b>contact@boutique.fr<td></table></span></div></i><footer><a href='/mentions-legales'>Mentions légales";
    let s = serve(&[("/", Canned::html(200, html))]);
    let (code, report, err) = check_json(&s.url("/"), &[]);
    assert_eq!(code, 1, "{err}");
    let email = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["obligation"] == "email")
        .unwrap();
    assert_eq!(email["status"], "pass");
}

#[test]
fn resolve_sends_the_real_host_name_to_another_address() {
    let s = serve_fixture("shopify-dawn", Duration::ZERO);
    let port = s.addr().port();
    let url = format!("http://boutique-staging.test:{port}/");
    let resolve = format!("boutique-staging.test:{port}:127.0.0.1");
    let (code, report, err) = check_json(&url, &["--resolve", &resolve]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(report["verdict"], "pass");
    let hosts: Vec<String> = s.requests().into_iter().filter_map(|r| r.host).collect();
    assert!(
        hosts.iter().all(|h| h == &format!("boutique-staging.test:{port}")),
        "{hosts:?}"
    );
}

#[test]
fn the_site_deadline_bounds_a_slow_site_and_keeps_what_was_found() {
    let s = serve_fixture("shopify-dawn", Duration::from_millis(700));
    let started = Instant::now();
    let (code, report, err) = check_json(&s.url("/"), &["--deadline", "1500ms"]);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_ne!(code, 3, "the home page was read: {err}");
    let errors = report["errors"].to_string();
    assert!(errors.contains("deadline"), "{errors}");
    assert!(
        report["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["status"] == "unknown")
    );
}

#[test]
fn user_agent_is_sent() {
    let s = serve_fixture("shopify-dawn", Duration::ZERO);
    let out = shopaudit(&["check", &s.url("/"), "--user-agent", "AuditBot/9", "-q"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(
        s.requests()
            .iter()
            .all(|r| r.user_agent.as_deref() == Some("AuditBot/9"))
    );
}

#[test]
fn tls_failure_exits_3() {
    // A server that answers a TLS ClientHello with plain HTTP.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            use std::io::Write;
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    assert_unauditable(&format!("https://127.0.0.1:{port}/"), &["--timeout", "5s"], "tls");
}
