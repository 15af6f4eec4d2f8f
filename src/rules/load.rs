//! Parsing and validating rule files, with file:line:column in every error.

use std::collections::HashMap;
use std::path::Path;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use toml::Spanned;

use super::{Check, Extractor, Law, Localized, Obligation, Rule, RuleTest, Scope, Severity, Status};
use crate::detect::phone::PhoneClass;
use crate::vocab::Vocabulary;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// A rule file that cannot be used, with the place of the fault.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct RuleError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rule: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    obligation: Obligation,
    title: Localized,
    severity: Severity,
    law: Spanned<Vec<Law>>,
    why: Localized,
    fix: Localized,
    effective_from: Option<Spanned<String>>,
    effective_until: Option<Spanned<String>>,
    #[serde(default)]
    search: Vec<Spanned<String>>,
    check: RawCheck,
    #[serde(default)]
    test: Vec<RawTest>,
}

/// A check as written: flat, so every value keeps its span; `to_check`
/// turns it into the typed [`Check`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    kind: Spanned<String>,
    extractor: Option<Spanned<String>>,
    scope: Option<Spanned<String>>,
    min: Option<usize>,
    classes: Option<Vec<Spanned<String>>>,
    valid: Option<bool>,
    when_absent: Option<Status>,
    page: Option<Spanned<String>>,
    max_depth: Option<u32>,
    patterns: Option<Vec<Spanned<String>>>,
    checks: Option<Vec<Spanned<RawCheck>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTest {
    name: Option<String>,
    html: Option<String>,
    #[serde(default)]
    pages: Vec<RawTestPage>,
    expect: Status,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTestPage {
    path: String,
    html: String,
}

/// Where an error is reported: the file name and its text (for line numbers).
struct Source<'a> {
    name: &'a str,
    text: &'a str,
}

impl Source<'_> {
    fn error(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> RuleError {
        let at = span.start.min(self.text.len());
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        RuleError {
            file: self.name.to_string(),
            line,
            column,
            message: message.into(),
        }
    }
}

/// Parses one rule file. `profile` names the catalogue it belongs to.
pub fn parse_file(name: &str, text: &str, profile: &str, vocab: &Vocabulary) -> Result<Vec<Rule>, RuleError> {
    let src = Source { name, text };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        src.error(span, e.message().trim().to_string())
    })?;
    raw.rule.into_iter().map(|r| to_rule(&src, r, profile, vocab)).collect()
}

fn to_rule(src: &Source, raw: RawRule, profile: &str, vocab: &Vocabulary) -> Result<Rule, RuleError> {
    let id = raw.id.get_ref();
    let id_ok = !id.is_empty()
        && id.split('.').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
    if !id_ok {
        return Err(src.error(
            raw.id.span(),
            format!("rule id {id:?} must be dot-separated lower-case words, like \"fr.contact.email\""),
        ));
    }
    if raw.law.get_ref().is_empty() {
        return Err(src.error(
            raw.law.span(),
            format!("rule {id} cites no law: add law = [{{ cite = \"…\", url = \"https://…\" }}]"),
        ));
    }
    for law in raw.law.get_ref() {
        if law.cite.trim().is_empty() || !law.url.starts_with("https://") {
            return Err(src.error(
                raw.law.span(),
                format!("rule {id}: every law needs a cite and an https:// url to the official text"),
            ));
        }
    }
    for date in [&raw.effective_from, &raw.effective_until].into_iter().flatten() {
        if !is_iso_date(date.get_ref()) {
            return Err(src.error(
                date.span(),
                format!("{:?} is not a date in the form YYYY-MM-DD", date.get_ref()),
            ));
        }
    }
    let mut search = Vec::new();
    for kind in &raw.search {
        search.push(page_kind(src, kind, vocab)?);
    }
    let check = to_check(src, &raw.check, vocab)?;
    let mut tests = Vec::new();
    for (i, t) in raw.test.into_iter().enumerate() {
        let mut pages: Vec<(String, String)> = t.html.map(|h| ("/".to_string(), h)).into_iter().collect();
        pages.extend(t.pages.into_iter().map(|p| (p.path, p.html)));
        if pages.is_empty() {
            return Err(src.error(
                raw.id.span(),
                format!("rule {id}: test {} has neither html nor pages", i + 1),
            ));
        }
        tests.push(RuleTest {
            name: t.name.unwrap_or_else(|| format!("test {}", i + 1)),
            pages,
            expect: t.expect,
        });
    }
    Ok(Rule {
        id: id.clone(),
        profile: profile.to_string(),
        obligation: raw.obligation,
        title: raw.title,
        severity: raw.severity,
        law: raw.law.into_inner(),
        why: raw.why,
        fix: raw.fix,
        effective_from: raw.effective_from.map(Spanned::into_inner),
        effective_until: raw.effective_until.map(Spanned::into_inner),
        search,
        check,
        tests,
        source: src.name.to_string(),
        overrides_builtin: false,
    })
}

fn to_check(src: &Source, raw: &RawCheck, vocab: &Vocabulary) -> Result<Check, RuleError> {
    let kind = raw.kind.get_ref().as_str();
    let here = raw.kind.span();
    // Fields that make no sense for this kind are errors, not silently ignored.
    let allowed: &[&str] = match kind {
        "extract" => &["extractor", "scope", "min", "classes", "valid", "when_absent"],
        "page" => &["page", "max_depth"],
        "text" => &["scope", "patterns"],
        "all" | "any" => &["checks"],
        other => {
            return Err(src.error(
                here,
                format!("unknown check kind {other:?}; expected one of: extract, page, text, all, any"),
            ));
        }
    };
    let present = [
        ("extractor", raw.extractor.is_some()),
        ("scope", raw.scope.is_some()),
        ("min", raw.min.is_some()),
        ("classes", raw.classes.is_some()),
        ("valid", raw.valid.is_some()),
        ("when_absent", raw.when_absent.is_some()),
        ("page", raw.page.is_some()),
        ("max_depth", raw.max_depth.is_some()),
        ("patterns", raw.patterns.is_some()),
        ("checks", raw.checks.is_some()),
    ];
    if let Some((field, _)) = present.iter().find(|(f, p)| *p && !allowed.contains(f)) {
        return Err(src.error(
            here,
            format!("a {kind:?} check takes no {field:?} (it takes: {})", allowed.join(", ")),
        ));
    }
    let scope = match &raw.scope {
        Some(s) => to_scope(src, s, vocab)?,
        None => Scope::Any,
    };
    Ok(match kind {
        "extract" => {
            let extractor = raw
                .extractor
                .as_ref()
                .ok_or_else(|| src.error(here.clone(), "an extract check needs `extractor`"))?;
            let extractor = match extractor.get_ref().as_str() {
                "email" => Extractor::Email,
                "phone" => Extractor::Phone,
                "company-id" => Extractor::CompanyId,
                "vat-id" => Extractor::VatId,
                other => {
                    return Err(src.error(
                        extractor.span(),
                        format!("unknown extractor {other:?}; expected one of: email, phone, company-id, vat-id"),
                    ));
                }
            };
            let mut classes = Vec::new();
            for c in raw.classes.iter().flatten() {
                let class = PHONE_CLASSES
                    .iter()
                    .find(|(n, _)| n == c.get_ref())
                    .map(|(_, k)| *k)
                    .ok_or_else(|| {
                        let names: Vec<&str> = PHONE_CLASSES.iter().map(|(n, _)| *n).collect();
                        src.error(
                            c.span(),
                            format!(
                                "unknown phone class {:?}; expected one of: {}",
                                c.get_ref(),
                                names.join(", ")
                            ),
                        )
                    })?;
                classes.push(class);
            }
            if raw.when_absent == Some(Status::Pass) {
                return Err(src.error(here, "when_absent cannot be \"pass\": a rule passes only with evidence"));
            }
            if !classes.is_empty() && extractor != Extractor::Phone {
                return Err(src.error(here, "`classes` applies to the phone extractor only"));
            }
            Check::Extract {
                extractor,
                scope,
                min: raw.min.unwrap_or(1).max(1),
                classes,
                valid_only: raw.valid.unwrap_or(false),
                when_absent: raw.when_absent.unwrap_or(Status::Fail),
            }
        }
        "page" => {
            let page = raw
                .page
                .as_ref()
                .ok_or_else(|| src.error(here.clone(), "a page check needs `page` (a page kind)"))?;
            Check::Page {
                kind: page_kind(src, page, vocab)?,
                max_depth: raw.max_depth,
            }
        }
        "text" => {
            let patterns = raw
                .patterns
                .as_ref()
                .filter(|p| !p.is_empty())
                .ok_or_else(|| src.error(here.clone(), "a text check needs a non-empty `patterns` list"))?;
            let mut compiled = Vec::new();
            for p in patterns {
                compiled.push(compile(src, p)?);
            }
            Check::Text {
                scope,
                patterns: compiled,
            }
        }
        _ => {
            let checks = raw.checks.as_ref().filter(|c| !c.is_empty()).ok_or_else(|| {
                src.error(
                    here.clone(),
                    format!("an {kind:?} check needs a non-empty `checks` list"),
                )
            })?;
            let mut inner = Vec::new();
            for c in checks {
                inner.push(to_check(src, c.get_ref(), vocab)?);
            }
            if kind == "all" {
                Check::All(inner)
            } else {
                Check::Any(inner)
            }
        }
    })
}

/// Phone class names as written in rule files.
pub const PHONE_CLASSES: &[(&str, PhoneClass)] = &[
    ("geographic", PhoneClass::Geographic),
    ("mobile", PhoneClass::Mobile),
    ("non-geographic", PhoneClass::NonGeographic),
    ("freephone", PhoneClass::Freephone),
    ("surcharged", PhoneClass::Surcharged),
    ("foreign", PhoneClass::Foreign),
];

fn compile(src: &Source, pattern: &Spanned<String>) -> Result<Regex, RuleError> {
    RegexBuilder::new(pattern.get_ref())
        .case_insensitive(true)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| {
            src.error(
                pattern.span(),
                format!(
                    "bad pattern: {}",
                    e.to_string().lines().last().unwrap_or("invalid regex")
                ),
            )
        })
}

fn to_scope(src: &Source, s: &Spanned<String>, vocab: &Vocabulary) -> Result<Scope, RuleError> {
    match s.get_ref().as_str() {
        "any" => Ok(Scope::Any),
        "home" => Ok(Scope::Home),
        "footer" => Ok(Scope::Footer),
        other => match other.strip_prefix("kind:") {
            Some(kind) => {
                let spanned = Spanned::new(s.span(), kind.to_string());
                Ok(Scope::Kind(page_kind(src, &spanned, vocab)?))
            }
            None => Err(src.error(
                s.span(),
                format!("unknown scope {other:?}; expected any, home, footer or kind:<page kind>"),
            )),
        },
    }
}

fn page_kind(src: &Source, kind: &Spanned<String>, vocab: &Vocabulary) -> Result<String, RuleError> {
    if vocab.has_kind(kind.get_ref()) {
        Ok(kind.get_ref().clone())
    } else {
        let known: Vec<&str> = vocab.kind_names().collect();
        Err(src.error(
            kind.span(),
            format!(
                "unknown page kind {:?}; known kinds: {}",
                kind.get_ref(),
                known.join(", ")
            ),
        ))
    }
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The profile a built-in file belongs to: its directory under `rules/`.
fn builtin_profile(path: &str) -> &str {
    path.split('/').nth(1).unwrap_or("user")
}

/// Every built-in rule, validated.
pub fn builtin(vocab: &Vocabulary) -> Result<Vec<Rule>, RuleError> {
    let mut rules = Vec::new();
    for (path, text) in BUILTIN_RULES {
        rules.extend(parse_file(path, text, builtin_profile(path), vocab)?);
    }
    check_unique(&rules)?;
    Ok(rules)
}

/// Rule files (`*.toml`) of a user directory, sorted by name.
pub fn load_dir(dir: &Path, vocab: &Vocabulary) -> Result<Vec<Rule>, RuleError> {
    let io_error = |message: String| RuleError {
        file: dir.display().to_string(),
        line: 0,
        column: 0,
        message,
    };
    let entries = std::fs::read_dir(dir).map_err(|e| io_error(format!("cannot read rule directory: {e}")))?;
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut rules = Vec::new();
    for f in files {
        let name = f.display().to_string();
        let text = std::fs::read_to_string(&f).map_err(|e| RuleError {
            file: name.clone(),
            line: 0,
            column: 0,
            message: format!("cannot read: {e}"),
        })?;
        rules.extend(parse_file(&name, &text, "user", vocab)?);
    }
    check_unique(&rules)?;
    Ok(rules)
}

fn check_unique(rules: &[Rule]) -> Result<(), RuleError> {
    let mut seen: HashMap<&str, &Rule> = HashMap::new();
    for r in rules {
        if let Some(first) = seen.insert(&r.id, r) {
            return Err(RuleError {
                file: r.source.clone(),
                line: 0,
                column: 0,
                message: format!("duplicate rule id {:?} (also in {})", r.id, first.source),
            });
        }
    }
    Ok(())
}

/// Built-in rules with user rules merged in: a user rule with a built-in
/// id replaces it (and says so), other user rules are added.
pub fn merge(mut builtin: Vec<Rule>, user: Vec<Rule>) -> Vec<Rule> {
    for mut rule in user {
        match builtin.iter_mut().find(|b| b.id == rule.id) {
            Some(slot) => {
                rule.overrides_builtin = true;
                rule.profile = slot.profile.clone();
                *slot = rule;
            }
            None => builtin.push(rule),
        }
    }
    builtin
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[rule]]
id = "x.email"
obligation = "email"
title = { en = "t", fr = "t" }
severity = "error"
law = [{ cite = "LCEN art. 19", url = "https://www.legifrance.gouv.fr/" }]
why = { en = "w", fr = "w" }
fix = { en = "f", fr = "f" }
check = { kind = "extract", extractor = "email" }
"#;

    fn parse(text: &str) -> Result<Vec<Rule>, RuleError> {
        parse_file("t.toml", text, "fr", &Vocabulary::builtin())
    }

    #[test]
    fn builtin_rules_are_valid() {
        let rules = builtin(&Vocabulary::builtin()).unwrap();
        assert!(rules.iter().any(|r| r.id == "fr.contact.email"));
        assert!(rules.iter().all(|r| r.profile == "fr"));
    }

    #[test]
    fn a_good_rule_parses() {
        let rules = parse(GOOD).unwrap();
        assert_eq!(rules[0].id, "x.email");
        assert!(matches!(
            rules[0].check,
            Check::Extract {
                extractor: Extractor::Email,
                min: 1,
                ..
            }
        ));
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let e = parse("[[rule]]\nid = = 1\n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("t.toml", 2), "{e}");
        assert!(e.column >= 1);
    }

    #[test]
    fn unknown_extractor_points_at_the_value() {
        let e = parse(&GOOD.replace("extractor = \"email\"", "extractor = \"fax\"")).unwrap_err();
        assert_eq!(e.line, 10, "{e}");
        assert!(e.message.contains("unknown extractor \"fax\""), "{e}");
        assert_eq!(e.column, GOOD.lines().nth(9).unwrap().find("\"email\"").unwrap() + 1);
    }

    #[test]
    fn unknown_obligation_and_unknown_field_are_rejected() {
        let e = parse(&GOOD.replace("obligation = \"email\"", "obligation = \"mail\"")).unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        let e = parse(&GOOD.replace("severity = \"error\"", "severity = \"error\"\ncolour = 1")).unwrap_err();
        assert!(e.message.contains("colour"), "{e}");
    }

    #[test]
    fn bad_regex_and_unknown_kind_are_rejected() {
        let e = parse(&GOOD.replace(
            "{ kind = \"extract\", extractor = \"email\" }",
            "{ kind = \"text\", patterns = [\"(a\"] }",
        ))
        .unwrap_err();
        assert!(e.message.starts_with("bad pattern"), "{e}");
        assert_eq!(e.line, 10);
        let e = parse(&GOOD.replace(
            "{ kind = \"extract\", extractor = \"email\" }",
            "{ kind = \"page\", page = \"faq\" }",
        ))
        .unwrap_err();
        assert!(e.message.contains("unknown page kind \"faq\""), "{e}");
    }

    #[test]
    fn a_pass_without_evidence_is_refused() {
        let e =
            parse(&GOOD.replace("extractor = \"email\"", "extractor = \"email\", when_absent = \"pass\"")).unwrap_err();
        assert!(e.message.contains("only with evidence"), "{e}");
    }

    #[test]
    fn missing_citation_is_rejected() {
        let e = parse(&GOOD.replace(
            "law = [{ cite = \"LCEN art. 19\", url = \"https://www.legifrance.gouv.fr/\" }]",
            "law = []",
        ))
        .unwrap_err();
        assert!(e.message.contains("cites no law"), "{e}");
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let rules = parse(&format!("{GOOD}{GOOD}")).unwrap();
        assert!(check_unique(&rules).unwrap_err().message.contains("duplicate rule id"));
    }

    #[test]
    fn misplaced_field_is_rejected() {
        let e = parse(&GOOD.replace("extractor = \"email\"", "extractor = \"email\", page = \"terms\"")).unwrap_err();
        assert!(e.message.contains("takes no \"page\""), "{e}");
    }

    #[test]
    fn user_rule_overrides_builtin_by_id() {
        let b = parse(GOOD).unwrap();
        let u = parse_file("u.toml", GOOD, "user", &Vocabulary::builtin()).unwrap();
        let merged = merge(b, u);
        assert_eq!(merged.len(), 1);
        assert!(merged[0].overrides_builtin);
        assert_eq!(merged[0].source, "u.toml");
    }
}
