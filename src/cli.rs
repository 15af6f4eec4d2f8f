//! The command line: flags, exit codes, output files. Thin over `audit`.

use std::io::{IsTerminal, Write};
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::audit::{self, AuditOptions};
use crate::crawl::{CrawlOptions, Event};
use crate::fetch::http::{HttpOptions, default_user_agent};
use crate::report::{self, ProfileInfo, Verdict};
use crate::rules::engine::Engine;
use crate::rules::{Severity, load};
use crate::site::Missed;
use crate::vocab::Vocabulary;
use crate::{profile, target};

/// Exit codes (DESIGN.md): the contract CI relies on.
pub mod exit {
    /// Nothing at or above the `--fail-on` level failed.
    pub const OK: u8 = 0;
    /// A rule at or above the `--fail-on` level failed.
    pub const FAILED: u8 = 1;
    /// Usage or configuration error (bad flag, bad rule file, bad target).
    pub const USAGE: u8 = 2;
    /// The target could not be audited (unreachable, not HTML, HTTP error).
    pub const UNAUDITABLE: u8 = 3;
}

const CHECK_EXAMPLES: &str = "\
Examples:
  shopaudit check https://shop.example            human report in the terminal
  shopaudit check shop.example                    same, https:// implied
  shopaudit check ./public                        a local build output, no network
  shopaudit check https://shop.example --format json -o report.json
  shopaudit check https://shop.example --resolve shop.example:443:10.0.0.5
  shopaudit check ./dist --rules ./my-rules --fail-on warning

Exit codes:
  0  nothing at or above --fail-on failed     2  usage or configuration error
  1  a rule at or above --fail-on failed      3  the site could not be audited";

/// Does an online shop show what consumer law requires?
///
/// shopaudit crawls a shop (or a local build of it), looks for the email
/// address, phone number, legal notice, terms of sale, withdrawal right and
/// company identifiers the law requires, and reports pass / fail / unknown
/// for each rule with the evidence it found.
#[derive(Debug, Parser)]
#[command(name = "shopaudit", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit one shop: a URL, a host name, or a local directory.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable, coloured on a terminal.
    Terminal,
    /// Machine-readable report, schema v1 (docs/report-schema.md).
    Json,
}

/// The lowest severity that makes the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// What to audit: https://shop.example, shop.example, or ./public.
    pub target: String,

    /// Rule catalogue: auto, fr, eu, de, uk.
    #[arg(long, default_value = "auto", value_parser = clap::builder::PossibleValuesParser::new(profile::PROFILES))]
    pub profile: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    pub format: Format,

    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Extra rule directory (*.toml); a rule with a built-in id replaces it. Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,

    /// Most pages read per site.
    #[arg(long, default_value_t = 30, value_name = "N")]
    pub max_pages: usize,

    /// Most clicks from the home page.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub max_depth: u32,

    /// Connect and per-request timeout (e.g. 20s, 500ms).
    #[arg(long, default_value = "20s", value_parser = parse_duration, value_name = "DURATION")]
    pub timeout: Duration,

    /// Time budget for the whole site.
    #[arg(long, default_value = "60s", value_parser = parse_duration, value_name = "DURATION")]
    pub deadline: Duration,

    /// Largest page body read, after decompression (e.g. 5MiB, 500k).
    #[arg(long, default_value = "5MiB", value_parser = parse_size, value_name = "SIZE")]
    pub max_body: usize,

    /// Requests in flight at once to the site.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub concurrency: usize,

    /// User-Agent header sent with every request.
    #[arg(long, value_name = "UA")]
    pub user_agent: Option<String>,

    /// Send requests for HOST:PORT to ADDR (like curl --resolve). Repeatable.
    #[arg(long, value_name = "HOST:PORT:ADDR", value_parser = parse_resolve)]
    pub resolve: Vec<(String, SocketAddr)>,

    /// Lowest failing severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Apply the rules in force on this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// Print nothing but errors (a report file given with -o is still written).
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Log every page fetched or skipped to standard error, and show all evidence.
    #[arg(short, long)]
    pub verbose: bool,
}

/// Parses `20s`, `500ms`, `2m` or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a duration like 20s or 500ms"))?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        _ => return Err(format!("{s:?}: unknown unit (use ms, s or m)")),
    };
    if !(secs > 0.0 && secs < 86_400.0) {
        return Err(format!("{s:?} must be between 0 and 24 hours"));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Parses `5MiB`, `500k`, `1048576`.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: usize = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size like 5MiB or 500k"))?;
    let mult = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        _ => return Err(format!("{s:?}: unknown unit (use k or MiB)")),
    };
    n.checked_mul(mult)
        .filter(|&b| b >= 1024)
        .ok_or_else(|| format!("{s:?} must be at least 1k"))
}

/// Parses `HOST:PORT:ADDR` (ADDR may be `[::1]`).
pub fn parse_resolve(s: &str) -> Result<(String, SocketAddr), String> {
    let mut parts = s.splitn(3, ':');
    let (Some(host), Some(port), Some(addr)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("{s:?} is not HOST:PORT:ADDR (e.g. shop.example:443:127.0.0.1)"));
    };
    let port: u16 = port.parse().map_err(|_| format!("{s:?}: {port:?} is not a port"))?;
    let addr = addr.trim_start_matches('[').trim_end_matches(']');
    let ip: std::net::IpAddr = addr
        .parse()
        .map_err(|_| format!("{s:?}: {addr:?} is not an IP address"))?;
    if host.is_empty() {
        return Err(format!("{s:?}: empty host"));
    }
    let sock = (ip, port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| format!("{s:?}: bad address"))?;
    Ok((host.to_ascii_lowercase(), sock))
}

/// Runs the CLI; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Check(args) => ExitCode::from(check(args)),
    }
}

fn fail_usage(message: impl std::fmt::Display) -> u8 {
    eprintln!("shopaudit: error: {message}");
    exit::USAGE
}

fn check(args: CheckArgs) -> u8 {
    let vocab = Vocabulary::builtin();
    let target = match target::parse(&args.target) {
        Ok(t) => t,
        Err(e) => return fail_usage(e),
    };
    let as_of = args.as_of.clone().unwrap_or_else(audit::today);
    if !is_date(&as_of) {
        return fail_usage(format!("--as-of {as_of:?} is not a date in the form YYYY-MM-DD"));
    }
    let mut rules = match load::builtin(&vocab) {
        Ok(r) => r,
        Err(e) => return fail_usage(e),
    };
    for dir in &args.rules {
        match load::load_dir(dir, &vocab) {
            Ok(user) => rules = load::merge(rules, user),
            Err(e) => return fail_usage(e),
        }
    }
    let (name, reason, rules) = match profile::select(&args.profile, rules) {
        Ok(p) => p,
        Err(e) => return fail_usage(e),
    };
    let rules: Vec<_> = rules.into_iter().filter(|r| r.in_force(&as_of)).collect();
    let engine = Engine::new(rules);

    let opts = AuditOptions {
        crawl: CrawlOptions {
            max_pages: args.max_pages.max(1),
            max_depth: args.max_depth,
            deadline: args.deadline,
            concurrency: args.concurrency.max(1),
            ..CrawlOptions::default()
        },
        http: HttpOptions {
            user_agent: args.user_agent.clone().unwrap_or_else(default_user_agent),
            timeout: args.timeout,
            body_cap: args.max_body,
            resolve: args.resolve.clone(),
        },
    };

    let spinner = progress_spinner(&args);
    let verbose = args.verbose;
    let on_event = |e: Event| {
        let line = match e {
            Event::Fetched { url, status, ms } => format!("fetched {url} ({status}, {ms} ms)"),
            Event::Skipped { url, why } => format!("skipped {url}: {}", describe(why)),
        };
        if verbose {
            spinner.suspend(|| eprintln!("shopaudit: {line}"));
        }
        spinner.set_message(line);
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail_usage(format!("cannot start the async runtime: {e}")),
    };
    let profile = ProfileInfo { name, reason };
    let report = runtime.block_on(audit::audit(
        &args.target,
        &target,
        &engine,
        &vocab,
        profile,
        &opts,
        &on_event,
    ));
    spinner.finish_and_clear();

    let rendered = match args.format {
        Format::Json => report::json::render(&report),
        Format::Terminal => {
            let color =
                args.output.is_none() && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            report::terminal::render(
                &report,
                report::terminal::Options {
                    color,
                    all_evidence: args.verbose,
                },
            )
        }
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = write_atomically(path, rendered.as_bytes()) {
                return fail_usage(format!("cannot write {}: {e}", path.display()));
            }
            if !args.quiet && args.format == Format::Json {
                let (pass, fail, unknown) = report.counts();
                eprintln!(
                    "shopaudit: {} — {pass} pass, {fail} fail, {unknown} unknown; report written to {}",
                    report.verdict.as_str(),
                    path.display()
                );
            }
        }
        None if !args.quiet => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`shopaudit … | head`) is a normal end.
            let _ = stdout.write_all(rendered.as_bytes()).and_then(|_| stdout.flush());
        }
        None => {}
    }
    if report.verdict == Verdict::Error {
        if args.quiet || args.format != Format::Terminal || args.output.is_some() {
            for e in &report.errors {
                eprintln!("shopaudit: cannot audit {}: {}", e.url, e.message);
            }
        }
        return exit::UNAUDITABLE;
    }
    let level = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Never => None,
    };
    if level.is_some_and(|l| report.fails_at(l)) {
        exit::FAILED
    } else {
        exit::OK
    }
}

fn describe(why: &Missed) -> String {
    match why {
        Missed::Robots => "disallowed by robots.txt".into(),
        Missed::Failed(e) => e.clone(),
        Missed::Budget => "over the depth budget".into(),
    }
}

fn is_date(s: &str) -> bool {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).is_ok()
}

/// A spinner on standard error, hidden when it is not a terminal or when quiet.
fn progress_spinner(args: &CheckArgs) -> indicatif::ProgressBar {
    if args.quiet || args.verbose || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(indicatif::ProgressStyle::with_template("{spinner} {wide_msg}").expect("static template"));
    bar.enable_steady_tick(Duration::from_millis(120));
    bar.set_message(format!("auditing {}", args.target));
    bar
}

/// Writes a file through a temporary sibling and a rename, so a reader never
/// sees half a report and a failed run leaves nothing behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"))?;
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_sizes_and_resolve_entries() {
        assert_eq!(parse_duration("20s").unwrap(), Duration::from_secs(20));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("2").unwrap(), Duration::from_secs(2));
        assert!(parse_duration("0s").is_err() && parse_duration("fast").is_err());
        assert_eq!(parse_size("5MiB").unwrap(), 5 * 1024 * 1024);
        assert_eq!(parse_size("500k").unwrap(), 500 * 1024);
        assert!(parse_size("10").is_err() && parse_size("5GB").is_err());
        let (h, a) = parse_resolve("Shop.example:443:127.0.0.1").unwrap();
        assert_eq!((h.as_str(), a.to_string().as_str()), ("shop.example", "127.0.0.1:443"));
        assert_eq!(parse_resolve("s.fr:80:[::1]").unwrap().1.to_string(), "[::1]:80");
        assert!(parse_resolve("s.fr:443").is_err() && parse_resolve("s.fr:x:1.2.3.4").is_err());
    }

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
