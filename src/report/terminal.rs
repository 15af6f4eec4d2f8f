//! The terminal report: readable on an 80-column terminal, coloured when the
//! output is a TTY, evidence under each rule, a summary line at the end.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::{Report, Verdict};
use crate::rules::Status;

/// Width the report is wrapped to.
const WIDTH: usize = 80;
/// Indent of the lines under a rule.
const INDENT: usize = 11;

/// How the terminal report is drawn.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Add ANSI colours and styles.
    pub color: bool,
    /// Show every evidence item of passing rules, not just the first.
    pub all_evidence: bool,
}

/// Renders the report.
pub fn render(report: &Report, opts: Options) -> String {
    let color = opts.color;
    let paint = |style: Style, text: &str| {
        if color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    };
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut out = String::new();

    let target = report.final_url.as_deref().unwrap_or(&report.target);
    let _ = writeln!(out, "{} {}", paint(bold, "shopaudit"), target);
    let _ = writeln!(
        out,
        "{}",
        paint(
            dim,
            &format!("profile {} ({})", report.profile.name, report.profile.reason)
        )
    );
    out.push('\n');

    for rule in &report.rules {
        let (label, style) = match rule.status {
            Status::Pass => ("PASS", Style::new().fg_color(Some(AnsiColor::Green.into())).bold()),
            Status::Fail => ("FAIL", Style::new().fg_color(Some(AnsiColor::Red.into())).bold()),
            Status::Unknown => ("UNKNOWN", Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold()),
        };
        let severity = if rule.status == Status::Fail {
            format!(" ({})", severity_name(rule.severity))
        } else {
            String::new()
        };
        let head = format!("{}{}", rule.title, severity);
        let mut lines = wrap(&head, WIDTH - INDENT).into_iter();
        let _ = writeln!(
            out,
            "  {}{}{}",
            paint(style, label),
            " ".repeat(INDENT - 2 - label.len()),
            lines.next().unwrap_or_default()
        );
        for l in lines {
            let _ = writeln!(out, "{}{l}", " ".repeat(INDENT));
        }
        push_wrapped(&mut out, &format!("{} · {}", rule.id, rule.message), "", &|l| {
            paint(dim, l)
        });
        let shown = if rule.status == Status::Pass && !opts.all_evidence {
            1
        } else {
            rule.evidence.len()
        };
        for ev in &rule.evidence[..shown.min(rule.evidence.len())] {
            push_wrapped(&mut out, &format!("“{}”", ev.excerpt), "", &|l| l.to_string());
            let place = match ev.region {
                Some(r) => format!("{} ({})", ev.url, r.as_str()),
                None => ev.url.clone(),
            };
            push_wrapped(&mut out, &place, "at ", &|l| paint(dim, l));
        }
        if rule.status == Status::Fail {
            let plain = |l: &str| l.to_string();
            push_wrapped(&mut out, &rule.why, "Why: ", &plain);
            push_wrapped(&mut out, &rule.fix, "Fix: ", &plain);
            let law: Vec<&str> = rule.law.iter().map(|l| l.cite.as_str()).collect();
            push_wrapped(&mut out, &law.join("; "), "Law: ", &plain);
        }
        out.push('\n');
    }

    for e in &report.errors {
        let _ = writeln!(
            out,
            "{} {}: {}",
            paint(Style::new().fg_color(Some(AnsiColor::Yellow.into())), "note:"),
            e.url,
            e.message
        );
    }
    if !report.errors.is_empty() {
        out.push('\n');
    }

    let (pass, fail, unknown) = report.counts();
    let (word, style) = match report.verdict {
        Verdict::Pass => ("PASS", Style::new().fg_color(Some(AnsiColor::Green.into())).bold()),
        Verdict::Fail => ("FAIL", Style::new().fg_color(Some(AnsiColor::Red.into())).bold()),
        Verdict::Inconclusive => (
            "INCONCLUSIVE",
            Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold(),
        ),
        Verdict::Error => ("ERROR", Style::new().fg_color(Some(AnsiColor::Red.into())).bold()),
    };
    let plain = match report.verdict {
        Verdict::Pass => "the shop shows everything checked.".to_string(),
        Verdict::Fail => format!(
            "the shop misses {fail} required item{}.",
            if fail == 1 { "" } else { "s" }
        ),
        Verdict::Inconclusive => "no failure found, but some items could not be checked.".to_string(),
        Verdict::Error => "the shop could not be audited.".to_string(),
    };
    let _ = writeln!(out, "{} — {plain}", paint(style, &format!("Verdict: {word}")));
    let _ = writeln!(
        out,
        "{pass} pass · {fail} fail · {unknown} unknown · {} page{} read in {:.1} s · score {}/100",
        report.pages.len(),
        if report.pages.len() == 1 { "" } else { "s" },
        report.duration_ms as f64 / 1000.0,
        report.score
    );
    out
}

fn severity_name(s: crate::rules::Severity) -> &'static str {
    match s {
        crate::rules::Severity::Error => "error",
        crate::rules::Severity::Warning => "warning",
        crate::rules::Severity::Info => "info",
    }
}

/// Writes `prefix` + `text` wrapped under the rule indent, continuation
/// lines aligned after the prefix.
fn push_wrapped(out: &mut String, text: &str, prefix: &str, paint: &dyn Fn(&str) -> String) {
    let plen = prefix.chars().count();
    for (i, line) in wrap(text, WIDTH - INDENT - plen).into_iter().enumerate() {
        let lead = if i == 0 { prefix.to_string() } else { " ".repeat(plen) };
        let _ = writeln!(out, "{}{}", " ".repeat(INDENT), paint(&format!("{lead}{line}")));
    }
}

/// Greedy word wrap by characters; words longer than the width (URLs) stay whole.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_within_width() {
        let lines = wrap(
            "Show a working email address in the footer or on the contact and legal-notice pages",
            30,
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "Show a working email address in the footer or on the contact and legal-notice pages"
        );
        assert_eq!(wrap("", 10), [""]);
    }
}
