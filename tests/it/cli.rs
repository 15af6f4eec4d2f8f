//! The command line as users run it: exit codes, formats, files, messages.

use crate::common::{code, shopaudit, stderr, stdout};

#[test]
fn readme_command_audits_the_bundled_fixture_shop() {
    let out = shopaudit(&["check", "fixtures/shopify-dawn/site"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}{}", stderr(&out));
    assert!(
        text.contains("Verdict: PASS — the shop shows everything checked."),
        "{text}"
    );
    assert!(
        text.contains("fr.contact.email · 1 email address found"),
        "singular, not '1 email addresses': {text}"
    );
    assert!(text.contains("at http://localhost/"), "evidence shows where: {text}");
}

#[test]
fn terminal_reports_fit_80_columns() {
    for shop in [
        "shopify-dawn",
        "wix-premium-phone",
        "spa-shell",
        "robots-blocked",
        "no-legal-pages",
    ] {
        let out = shopaudit(&["check", &format!("fixtures/{shop}/site"), "--verbose"]);
        for line in stdout(&out).lines() {
            // Only an unbreakable word (a long URL) may overflow.
            assert!(
                line.chars().count() <= 80 || !line.trim().contains(' '),
                "{shop}: wider than 80 columns: {line:?}"
            );
        }
    }
}

#[test]
fn failing_shop_exits_1_and_fail_on_never_exits_0() {
    let out = shopaudit(&["check", "fixtures/no-contact/site"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(stdout(&out).contains("Verdict: FAIL"));
    assert!(stdout(&out).contains("Why: "), "failures explain why");
    let out = shopaudit(&["check", "fixtures/no-contact/site", "--fail-on", "never"]);
    assert_eq!(code(&out), 0);
}

#[test]
fn json_report_is_written_to_a_file_with_schema_v1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    let out = shopaudit(&[
        "check",
        "fixtures/no-contact/site",
        "--format",
        "json",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "the report goes to the file, not stdout");
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["tool"]["name"], "shopaudit");
    assert_eq!(report["verdict"], "fail");
    assert_eq!(report["profile"]["name"], "fr");
    for key in [
        "target",
        "final_url",
        "score",
        "started_at",
        "duration_ms",
        "pages",
        "rules",
        "errors",
    ] {
        assert!(report.get(key).is_some(), "missing {key}");
    }
    let rule = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["obligation"] == "email")
        .unwrap();
    assert_eq!(rule["status"], "fail");
    assert!(rule["law"][0]["url"].as_str().unwrap().starts_with("https://"));
    let pass = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "pass")
        .unwrap();
    assert!(
        pass["evidence"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with("http://localhost/")
    );
    assert!(!pass["evidence"][0]["excerpt"].as_str().unwrap().is_empty());
    // No temporary file left beside the report.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn json_goes_to_stdout_without_output_file() {
    let out = shopaudit(&["check", "fixtures/shopify-dawn/site", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("stdout is one JSON document");
    assert_eq!(report["verdict"], "pass");
}

#[test]
fn bad_targets_are_usage_errors() {
    for (arg, needle) in [
        ("ftp://shop.example", "only http and https"),
        ("./no/such/dir", "does not exist"),
        ("http://", "not a valid URL"),
        ("not a shop", "neither a URL"),
    ] {
        let out = shopaudit(&["check", arg]);
        assert_eq!(code(&out), 2, "{arg}");
        assert!(stderr(&out).contains(needle), "{arg}: {}", stderr(&out));
    }
}

#[test]
fn bad_flags_are_usage_errors_and_help_has_examples() {
    assert_eq!(code(&shopaudit(&["check", "x.fr", "--timeout", "soon"])), 2);
    assert_eq!(code(&shopaudit(&["check", "x.fr", "--profile", "es"])), 2);
    assert_eq!(code(&shopaudit(&["check", "x.fr", "--as-of", "2026-13-01"])), 2);
    let help = shopaudit(&["check", "--help"]);
    assert_eq!(code(&help), 0);
    assert!(stdout(&help).contains("Examples:") && stdout(&help).contains("--resolve"));
}

#[test]
fn profile_without_rules_is_a_clear_usage_error() {
    let out = shopaudit(&["check", "fixtures/shopify-dawn/site", "--profile", "de"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("has no rules yet"), "{}", stderr(&out));
}

#[test]
fn rule_file_errors_give_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        "[[rule]]\nid = \"x.y\"\nobligation = \"emial\"\n",
    )
    .unwrap();
    let out = shopaudit(&[
        "check",
        "fixtures/shopify-dawn/site",
        "--rules",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("bad.toml:3:14"), "{err}");
    assert!(err.contains("emial"), "{err}");

    std::fs::write(dir.path().join("bad.toml"), "[[rule]\nid = 1\n").unwrap();
    let out = shopaudit(&[
        "check",
        "fixtures/shopify-dawn/site",
        "--rules",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("bad.toml:1:"), "{}", stderr(&out));
}

#[test]
fn a_user_rule_replaces_the_builtin_one_with_the_same_id_and_the_report_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // The built-in email rule, made stricter: five distinct addresses required.
    let rule = r#"
[[rule]]
id = "fr.contact.email"
obligation = "email"
title = { en = "Five email addresses", fr = "Cinq adresses" }
severity = "error"
law = [{ cite = "LCEN art. 19", url = "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000801164" }]
why = { en = "w", fr = "w" }
fix = { en = "f", fr = "f" }
check = { kind = "extract", extractor = "email", min = 5 }
"#;
    std::fs::write(dir.path().join("email.toml"), rule).unwrap();
    let out = shopaudit(&[
        "check",
        "fixtures/shopify-dawn/site",
        "--format",
        "json",
        "--rules",
        dir.path().to_str().unwrap(),
    ]);
    let report: serde_json::Value =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    let rules = report["rules"].as_array().unwrap();
    let email: Vec<_> = rules.iter().filter(|r| r["id"] == "fr.contact.email").collect();
    assert_eq!(email.len(), 1, "replaced, not added");
    assert_eq!(email[0]["overrides_builtin"], true);
    assert_eq!(email[0]["title"], "Five email addresses");
    assert_eq!(email[0]["status"], "fail");
    assert_eq!(code(&out), 1);
}

#[test]
fn output_path_that_cannot_be_written_is_a_usage_error() {
    let out = shopaudit(&[
        "check",
        "fixtures/shopify-dawn/site",
        "-o",
        "/nonexistent-dir/report.txt",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("cannot write"), "{}", stderr(&out));
}
