//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use shopaudit::audit::{self, AuditOptions};
use shopaudit::report::{ProfileInfo, Report};
use shopaudit::rules::engine::Engine;
use shopaudit::rules::load;
use shopaudit::target::Target;
use shopaudit::vocab::Vocabulary;

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures_dir() -> PathBuf {
    repo().join("fixtures")
}

/// The French engine as the CLI builds it.
pub fn fr_engine() -> Engine {
    let vocab = Vocabulary::builtin();
    let rules = load::builtin(&vocab).expect("built-in rules load");
    Engine::new(rules.into_iter().filter(|r| r.profile == "fr").collect())
}

/// Audits a target in-process with the given options.
pub async fn audit_with(target: Target, opts: &AuditOptions) -> Report {
    let label = match &target {
        Target::Url(u) => u.to_string(),
        Target::Dir(d) => d.display().to_string(),
    };
    let profile = ProfileInfo {
        name: "fr".into(),
        reason: "test".into(),
    };
    audit::audit(
        &label,
        &target,
        &fr_engine(),
        &Vocabulary::builtin(),
        profile,
        opts,
        &|_| {},
    )
    .await
}

/// Runs the shopaudit binary.
pub fn shopaudit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shopaudit"))
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .output()
        .expect("the shopaudit binary runs")
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally, not by a signal")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
