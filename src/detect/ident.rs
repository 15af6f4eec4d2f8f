//! French company identifiers: SIREN, SIRET (Luhn), RCS mentions, VAT numbers.
//!
//! * SIREN (9 digits) and SIRET (14 digits) are only reported when a keyword
//!   (`SIREN`, `SIRET`, `RCS`/`R.C.S.`, `RM`, "registre du commerce",
//!   "répertoire des métiers") stands at most
//!   40 characters before the number, with no digit in between.
//!   A bare 9- or 14-digit number is never reported.
//! * French VAT numbers (`FR` + 2-character key + SIREN) are specific enough
//!   to be reported without a keyword when the key is numeric; a key with
//!   letters (the "new style" key, which cannot be checked) needs a
//!   `TVA`/`VAT` keyword nearby.
//! * A failing checksum still yields an [`Identifier`] with `valid: false`.
use super::Hit;
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdKind {
    /// 9 digits (also from an `RCS <ville> B 123 456 789` mention).
    Siren,
    /// 14 digits.
    Siret,
    /// FR + 2-character key + SIREN.
    VatFr,
}

/// An identifier found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    /// `value` is the compact form (digits, or `FR` + key + digits).
    pub hit: Hit,
    pub kind: IdKind,
    /// Checksum result (Luhn; La Poste exception; VAT key).
    pub valid: bool,
}

/// How many characters may separate a SIREN/SIRET/RCS keyword from its number
/// ("immatriculée au RCS de Boulogne-sur-Mer sous le numéro " needs 39).
const KEYWORD_REACH: usize = 40;

/// How many characters before a VAT number with an alphabetic key are
/// searched for a `TVA`/`VAT` keyword.
const VAT_KEYWORD_REACH: usize = 40;

/// SIREN of La Poste, whose establishments' SIRETs follow a mod-5 rule.
const LA_POSTE_SIREN: &str = "356000000";

/// Keywords introducing a SIREN/SIRET. Group `siret` / `siren` tell which
/// length to prefer when the digit run is longer than expected.
static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?i:\b(?P<siret>siret)\b)
      | (?i:\b(?P<siren>siren)\b)
      | (?i:\bR\.?[\x20]?C\.?[\x20]?S\b\.?)
      | (?i:\bregistre\s+du\s+commerce(?:\s+et\s+des\s+soci[ée]t[ée]s)?\b)
      | (?i:\br[ée]pertoire\s+des\s+m[ée]tiers\b)
      | \bR\.?M\b\.?
        ",
    )
    .expect("valid regex")
});

/// Words that must not appear between a keyword and its number: they mean
/// the digits that follow belong to something else.
static FILLER_STOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:tva|vat|iban|bic|swift|t[ée]l|t[ée]l[ée]phone|phone|fax|capital|ape|naf|eori|ean|gtin|commande|order)\b",
    )
    .expect("valid regex")
});

/// `FR` + key + 9 digits with optional single separators.
static VAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\bFR[\x20\u{A0}\u{202F}.\-]?(?P<key>[0-9A-HJ-NP-Z]{2})[\x20\u{A0}\u{202F}.\-]?(?P<a>[0-9]{3})[\x20\u{A0}\u{202F}.\-]?(?P<b>[0-9]{3})[\x20\u{A0}\u{202F}.\-]?(?P<c>[0-9]{3})",
    )
    .expect("valid regex")
});

static VAT_KEYWORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:tva|vat|intracom\w*|ust-?id(?:nr)?|iva)\b").expect("valid regex"));

/// Separators allowed between digit groups of a SIREN/SIRET.
fn is_group_sep(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '.')
}

/// Luhn checksum over a string of ASCII digits (false if empty or any
/// non-digit).
pub fn luhn_ok(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 { d2 - 9 } else { d2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A 9-digit SIREN with a valid Luhn checksum.
pub fn siren_valid(siren: &str) -> bool {
    siren.len() == 9 && luhn_ok(siren)
}

/// A 14-digit SIRET with a valid Luhn checksum, or a La Poste SIRET
/// (SIREN 356000000) whose digit sum is a multiple of 5. La Poste's head
/// office (35600000000048) passes Luhn but not the mod-5 rule, so either rule
/// suffices for La Poste.
pub fn siret_valid(siret: &str) -> bool {
    if siret.len() != 14 || !siret.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if luhn_ok(siret) {
        return true;
    }
    siret.starts_with(LA_POSTE_SIREN)
        && siret
            .bytes()
            .map(|b| u32::from(b - b'0'))
            .sum::<u32>()
            .is_multiple_of(5)
}

/// The numeric VAT key of a SIREN: `(12 + 3 × (SIREN mod 97)) mod 97`.
pub fn fr_vat_key(siren: &str) -> Option<u32> {
    if siren.len() != 9 || !siren.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u64 = siren.parse().ok()?;
    Some(((12 + 3 * (n % 97)) % 97) as u32)
}

/// Checks a compact French VAT number (`FR` + 2-character key + 9 digits).
///
/// * numeric key: the key must equal [`fr_vat_key`] of the SIREN and the
///   SIREN must pass Luhn;
/// * alphabetic ("new style") key, which can't be verified offline: valid
///   when the SIREN passes Luhn.
pub fn fr_vat_valid(vat: &str) -> bool {
    let Some(rest) = vat.strip_prefix("FR") else {
        return false;
    };
    if rest.len() != 11 || !rest.is_ascii() {
        return false;
    }
    let (key, siren) = rest.split_at(2);
    if !siren_valid(siren) {
        return false;
    }
    if key.bytes().all(|b| b.is_ascii_digit()) {
        key.parse::<u32>().ok() == fr_vat_key(siren)
    } else {
        key.bytes()
            .all(|b| b.is_ascii_digit() || (b.is_ascii_uppercase() && b != b'I' && b != b'O'))
    }
}

/// Identifiers introduced by a keyword (SIREN, SIRET, RCS, TVA, VAT…) or in VAT form.
pub fn find(text: &str) -> Vec<Identifier> {
    let mut out = find_vat(text);
    let vat_spans: Vec<(usize, usize)> = out.iter().map(|i| (i.hit.start, i.hit.end)).collect();

    for caps in KEYWORD.captures_iter(text) {
        let kw = caps.get(0).expect("group 0");
        let prefer = if caps.name("siret").is_some() { [14, 9] } else { [9, 14] };
        let Some((start, end, digits)) = number_after(text, kw.end(), prefer) else {
            continue;
        };
        if vat_spans.iter().any(|&(s, e)| start < e && s < end) {
            continue;
        }
        if out.iter().any(|i| i.hit.start == start && i.hit.end == end) {
            continue;
        }
        let (kind, valid) = if digits.len() == 14 {
            (IdKind::Siret, siret_valid(&digits))
        } else {
            (IdKind::Siren, siren_valid(&digits))
        };
        out.push(Identifier {
            hit: Hit {
                start,
                end,
                value: digits,
            },
            kind,
            valid,
        });
    }
    out.sort_by_key(|i| (i.hit.start, i.hit.end));
    out
}

/// The SIREN/SIRET following a keyword that ends at `from`: the first digit
/// run within [`KEYWORD_REACH`] characters, with no digit and no stop word
/// in between. Returns its byte span and compact digits.
fn number_after(text: &str, from: usize, prefer: [usize; 2]) -> Option<(usize, usize, String)> {
    let rest = &text[from..];
    let (rel, _) = rest
        .char_indices()
        .take(KEYWORD_REACH + 1)
        .find(|&(_, c)| c.is_ascii_digit())?;
    let filler = &rest[..rel];
    if filler.chars().any(|c| c.is_numeric()) || FILLER_STOP.is_match(filler) {
        return None;
    }
    let start = from + rel;

    // Digit groups separated by single separators.
    let bytes = text.as_bytes();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut pos = start;
    loop {
        let gs = pos;
        while pos < bytes.len() && bytes[pos].is_ascii_digit() {
            pos += 1;
        }
        groups.push((gs, pos));
        let Some(sep) = text[pos..].chars().next() else {
            break;
        };
        if !is_group_sep(sep) {
            break;
        }
        let after = pos + sep.len_utf8();
        if after < bytes.len() && bytes[after].is_ascii_digit() {
            pos = after;
        } else {
            break;
        }
    }
    // A number glued to letters ("732829320ABC") is some other code.
    if text[pos..].chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }

    let total: usize = groups.iter().map(|(s, e)| e - s).sum();
    let take = if total == 9 || total == 14 {
        total
    } else {
        // Longer run: keep a prefix that ends on a group boundary.
        let mut cumulative = Vec::new();
        let mut acc = 0;
        for (s, e) in &groups {
            acc += e - s;
            cumulative.push(acc);
        }
        *prefer.iter().find(|l| cumulative.contains(l))?
    };

    let mut digits = String::with_capacity(take);
    let mut end = start;
    for &(s, e) in &groups {
        if digits.len() == take {
            break;
        }
        digits.push_str(&text[s..e]);
        end = e;
    }
    Some((start, end, digits))
}

fn find_vat(text: &str) -> Vec<Identifier> {
    let mut out = Vec::new();
    for caps in VAT.captures_iter(text) {
        let m = caps.get(0).expect("group 0");
        // Right boundary: no letter/digit glued on, and no further digit group
        // ("FR 40 303 265 045 12" is something else).
        let after = &text[m.end()..];
        let mut it = after.chars();
        match it.next() {
            Some(c) if c.is_alphanumeric() || c == '_' => continue,
            Some(c) if (is_group_sep(c) || c == '-') && it.next().is_some_and(|d| d.is_ascii_digit()) => {
                continue;
            }
            _ => {}
        }
        let key = &caps["key"];
        if !key.bytes().all(|b| b.is_ascii_digit()) {
            let window_start = char_back(text, m.start(), VAT_KEYWORD_REACH);
            if !VAT_KEYWORD.is_match(&text[window_start..m.start()]) {
                continue;
            }
        }
        let value = format!("FR{key}{}{}{}", &caps["a"], &caps["b"], &caps["c"]);
        let valid = fr_vat_valid(&value);
        out.push(Identifier {
            hit: Hit {
                start: m.start(),
                end: m.end(),
                value,
            },
            kind: IdKind::VatFr,
            valid,
        });
    }
    out
}

/// Byte offset `n` characters before `pos` (or 0).
fn char_back(text: &str, pos: usize, n: usize) -> usize {
    text[..pos].char_indices().rev().take(n).last().map_or(pos, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn values(text: &str) -> Vec<(IdKind, String, bool)> {
        find(text).into_iter().map(|i| (i.kind, i.hit.value, i.valid)).collect()
    }

    fn one(text: &str) -> Identifier {
        let mut v = find(text);
        assert_eq!(v.len(), 1, "expected one identifier in {text:?}, got {v:?}");
        v.remove(0)
    }

    fn assert_offsets(text: &str) {
        for i in find(text) {
            let slice = &text[i.hit.start..i.hit.end];
            let compact: String = slice.chars().filter(char::is_ascii_alphanumeric).collect();
            assert_eq!(compact, i.hit.value, "span {slice:?} in {text:?}");
        }
    }

    // ---- checksums ----

    #[test]
    fn luhn_known_values() {
        assert!(luhn_ok("732829320"));
        assert!(luhn_ok("552120222"));
        assert!(luhn_ok("303265045"));
        assert!(!luhn_ok("123456789"));
        assert!(luhn_ok("73282932000074"));
        assert!(luhn_ok("0"));
        assert!(!luhn_ok(""));
        assert!(!luhn_ok("73282932a"));
        assert!(!luhn_ok("732 829 320"));
    }

    #[test]
    fn siren_siret_valid() {
        assert!(siren_valid("732829320"));
        assert!(siren_valid("552120222"));
        assert!(!siren_valid("123456789"));
        assert!(!siren_valid("73282932")); // wrong length
        assert!(siret_valid("73282932000074"));
        assert!(!siret_valid("73282932000075"));
        assert!(!siret_valid("7328293200007")); // wrong length
        assert!(!siret_valid("7328293200007x"));
    }

    #[test]
    fn la_poste_exception() {
        // 3+5+6+4+9+8+3+7 = 45, a multiple of 5; not Luhn-valid.
        assert!(!luhn_ok("35600000049837"));
        assert!(siret_valid("35600000049837"));
        // Head office: passes Luhn (digit sum 26 is not a multiple of 5).
        assert!(luhn_ok("35600000000048"));
        assert!(siret_valid("35600000000048"));
        // Digit sum 46, not Luhn-valid either.
        assert!(!luhn_ok("35600000049838"));
        assert!(!siret_valid("35600000049838"));
        // The mod-5 rule applies to La Poste only: digit sum 45, fails Luhn.
        assert!(!luhn_ok("12345678900000"));
        assert!(!siret_valid("12345678900000"));
    }

    #[test]
    fn vat_key_and_validity() {
        assert_eq!(fr_vat_key("303265045"), Some(40));
        assert!(fr_vat_valid("FR40303265045"));
        assert!(!fr_vat_valid("FR41303265045"));
        assert!(!fr_vat_valid("FR40303265046")); // SIREN fails Luhn
        assert!(!fr_vat_valid("FR4030326504")); // too short
        assert!(!fr_vat_valid("DE40303265045"));
        // Alphabetic key: valid iff the SIREN passes Luhn.
        assert!(fr_vat_valid("FRAB303265045"));
        assert!(fr_vat_valid("FR2B732829320"));
        assert!(!fr_vat_valid("FRAB123456789"));
        assert_eq!(fr_vat_key("12345678"), None);
        assert_eq!(fr_vat_key("12345678x"), None);
        let k = fr_vat_key("732829320").unwrap();
        assert!(fr_vat_valid(&format!("FR{k:02}732829320")));
    }

    // ---- SIREN / SIRET with keywords ----

    #[test]
    fn siren_grouped_and_compact() {
        let i = one("SIREN 732 829 320");
        assert_eq!(i.kind, IdKind::Siren);
        assert_eq!(i.hit.value, "732829320");
        assert!(i.valid);
        assert_eq!(&"SIREN 732 829 320"[i.hit.start..i.hit.end], "732 829 320");
        assert_eq!(
            values("Siren : 732829320."),
            vec![(IdKind::Siren, "732829320".into(), true)]
        );
    }

    #[test]
    fn siret_forms() {
        for t in [
            "SIRET : 732 829 320 00074",
            "Siret n° 73282932000074",
            "N° SIRET : 732 829 320 00074 –",
            "siret: 732829320 00074",
            "SIRET 732.829.320.00074",
            "SIRET\u{A0}:\u{A0}732\u{A0}829\u{A0}320\u{A0}00074",
            "SIRET 732\u{202F}829\u{202F}320\u{202F}00074",
        ] {
            let i = one(t);
            assert_eq!(i.kind, IdKind::Siret, "{t}");
            assert_eq!(i.hit.value, "73282932000074", "{t}");
            assert!(i.valid, "{t}");
            assert_offsets(t);
        }
    }

    #[test]
    fn rcs_forms() {
        for (t, v) in [
            ("RCS Paris B 732 829 320", "732829320"),
            ("R.C.S. Paris B 732 829 320", "732829320"),
            ("RCS de Lyon 123 456 789", "123456789"),
            (
                "Société immatriculée au RCS de Nanterre sous le numéro 552 120 222.",
                "552120222",
            ),
            ("RCS Paris B732829320", "732829320"),
            ("rcs paris 732829320", "732829320"),
            ("RM 75 ... ", ""),
            ("Inscrite au RM sous le n° 552 120 222", "552120222"),
            ("R.M. 552120222", "552120222"),
            (
                "immatriculée au Registre du Commerce et des Sociétés de Paris sous le numéro 552 120 222",
                "552120222",
            ),
            ("inscrite au répertoire des métiers sous le n° 552 120 222", "552120222"),
        ] {
            let got = find(t);
            if v.is_empty() {
                assert!(got.is_empty(), "{t}: {got:?}");
                continue;
            }
            assert_eq!(got.len(), 1, "{t}: {got:?}");
            assert_eq!(got[0].kind, IdKind::Siren);
            assert_eq!(got[0].hit.value, v, "{t}");
            assert_offsets(t);
        }
        assert!(!one("RCS de Lyon 123 456 789").valid);
        assert!(one("RCS Nanterre 552 120 222").valid);
    }

    #[test]
    fn rcs_with_siret_digits() {
        let i = one("RCS Paris 732 829 320 00074");
        assert_eq!(i.kind, IdKind::Siret);
        assert!(i.valid);
    }

    #[test]
    fn invalid_checksum_kept() {
        let i = one("SIREN : 123 456 789");
        assert_eq!(i.kind, IdKind::Siren);
        assert!(!i.valid);
        let i = one("SIRET : 732 829 320 00075");
        assert_eq!(i.kind, IdKind::Siret);
        assert!(!i.valid);
    }

    #[test]
    fn la_poste_in_text() {
        let i = one("SIRET 356 000 000 49837");
        assert_eq!(i.kind, IdKind::Siret);
        assert!(i.valid);
    }

    #[test]
    fn keyword_required() {
        assert!(find("732 829 320").is_empty());
        assert!(find("73282932000074").is_empty());
        assert!(find("Commande n° 732829320 expédiée").is_empty());
        assert!(find("Code 123 456 789 valable").is_empty());
        assert!(find("").is_empty());
    }

    #[test]
    fn keyword_too_far_or_digits_between() {
        let far = format!("SIRET{}732829320", " x".repeat(30));
        assert!(find(&far).is_empty());
        assert!(find("SIREN de la société (2 établissements) 732 829 320").is_empty());
        // Keyword words inside other words don't count.
        assert!(find("SIRENE 732829320").is_empty());
        assert!(find("FARM 732829320").is_empty());
        assert!(find("Barcs 732829320").is_empty());
    }

    #[test]
    fn wrong_lengths_ignored() {
        assert!(find("SIREN 73282932").is_empty());
        assert!(find("SIRET 7328293200007").is_empty());
        assert!(find("SIREN 7328293201").is_empty());
        assert!(find("SIRET : 732829320ABC").is_empty());
    }

    #[test]
    fn longer_runs_take_group_prefix() {
        // SIREN followed by another number group.
        let i = one("SIREN 732 829 320 2001");
        assert_eq!(i.hit.value, "732829320");
        let i = one("SIRET 732 829 320 00074 12");
        assert_eq!(i.hit.value, "73282932000074");
        assert!(find("SIREN 7328293202001").is_empty());
    }

    #[test]
    fn no_phone_or_iban_or_capital() {
        assert!(find("SIRET : 01 23 45 67 89").is_empty());
        assert!(find("RCS Paris – Tél 01 23 45 67 89").is_empty());
        assert!(find("RCS Paris – capital 100 000 000 €").is_empty());
        assert!(find("RCS Paris, IBAN FR76 3000 6000 0112 3456 7890 189").is_empty());
        assert!(find("IBAN FR76 3000 6000 0112 3456 7890 189").is_empty());
        assert!(find("IBAN FR7630006000011234567890189").is_empty());
        assert!(find("Tél : 01 23 45 67 89 / 06 12 34 56 78").is_empty());
    }

    #[test]
    fn several_identifiers() {
        let t = "SAS au capital de 10 000 € – RCS Paris B 732 829 320 – SIRET 732 829 320 00074 – N° TVA intracommunautaire : FR 40 303 265 045";
        let v = values(t);
        assert_eq!(
            v,
            vec![
                (IdKind::Siren, "732829320".into(), true),
                (IdKind::Siret, "73282932000074".into(), true),
                (IdKind::VatFr, "FR40303265045".into(), true),
            ]
        );
        assert_offsets(t);
    }

    #[test]
    fn siren_slash_siret_keywords_dedup() {
        let v = values("SIREN/SIRET : 732 829 320 00074");
        assert_eq!(v, vec![(IdKind::Siret, "73282932000074".into(), true)]);
    }

    // ---- VAT ----

    #[test]
    fn vat_forms() {
        for t in [
            "FR 40 303 265 045",
            "FR40303265045",
            "FR40 303265045",
            "FR 40303265045",
            "N° TVA : FR40303265045.",
            "TVA intracommunautaire FR 40 303 265 045",
            "VAT: FR40303265045",
            "(FR40303265045)",
            "FR\u{A0}40\u{A0}303\u{A0}265\u{A0}045",
        ] {
            let i = one(t);
            assert_eq!(i.kind, IdKind::VatFr, "{t}");
            assert_eq!(i.hit.value, "FR40303265045", "{t}");
            assert!(i.valid, "{t}");
            assert_offsets(t);
        }
    }

    #[test]
    fn vat_invalid_kept() {
        let i = one("TVA FR 41 303 265 045");
        assert!(!i.valid);
        let i = one("TVA FR 40 303 265 046");
        assert!(!i.valid);
    }

    #[test]
    fn vat_boundaries() {
        assert!(find("XFR40303265045").is_empty());
        assert!(find("FR403032650451").is_empty());
        assert!(find("FR40303265045A").is_empty());
        assert!(find("FR 40 303 265 045 12").is_empty());
        assert!(find("fr40303265045").is_empty());
        assert!(find("FR 40 303 265 04").is_empty());
    }

    #[test]
    fn vat_alpha_key_needs_keyword() {
        assert!(find("Ref FRAB303265045").is_empty());
        let i = one("N° TVA : FRAB 303 265 045");
        assert_eq!(i.hit.value, "FRAB303265045");
        assert!(i.valid);
        let i = one("TVA FR2X 123456789");
        assert!(!i.valid);
        // I and O are not used in keys.
        assert!(find("TVA FRIO303265045").is_empty());
    }

    #[test]
    fn offsets_are_char_boundaries_with_accents() {
        let t =
            "Société éditrice — immatriculée au R.C.S. de Créteil sous le n° 552 120 222 — TVA : FR 40 303 265 045 ✓";
        let got = find(t);
        assert_eq!(got.len(), 2);
        for i in &got {
            assert!(t.is_char_boundary(i.hit.start) && t.is_char_boundary(i.hit.end));
        }
        assert_offsets(t);
    }

    fn luhn_complete(prefix: &str) -> String {
        (0..10)
            .map(|d| format!("{prefix}{d}"))
            .find(|s| luhn_ok(s))
            .expect("one check digit works")
    }

    proptest! {
        #[test]
        fn luhn_check_digit_unique(prefix in "[0-9]{8}") {
            let valid: Vec<u32> = (0..10).filter(|d| luhn_ok(&format!("{prefix}{d}"))).collect();
            prop_assert_eq!(valid.len(), 1);
        }

        #[test]
        fn luhn_detects_single_digit_change(prefix in "[0-9]{13}", pos in 0usize..14, delta in 1u8..10) {
            let s = luhn_complete(&prefix);
            let mut b = s.clone().into_bytes();
            b[pos] = b'0' + (b[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(b).unwrap();
            prop_assert!(!luhn_ok(&changed));
        }

        #[test]
        fn found_siren_valid_matches_luhn(digits in "[0-9]{9}") {
            let text = format!("SIREN : {} {} {}", &digits[..3], &digits[3..6], &digits[6..]);
            let got = find(&text);
            prop_assert_eq!(got.len(), 1);
            prop_assert_eq!(&got[0].hit.value, &digits);
            prop_assert_eq!(got[0].valid, luhn_ok(&digits));
        }

        #[test]
        fn generated_vat_is_valid(prefix in "[0-9]{8}") {
            let siren = luhn_complete(&prefix);
            let key = fr_vat_key(&siren).unwrap();
            let vat = format!("FR{key:02}{siren}");
            prop_assert!(fr_vat_valid(&vat));
            let wrong = format!("FR{:02}{siren}", (key + 1) % 97);
            prop_assert!(!fr_vat_valid(&wrong));
            let got = find(&format!("TVA : {vat}"));
            prop_assert_eq!(got.len(), 1);
            prop_assert!(got[0].valid);
        }

        #[test]
        fn la_poste_rule(suffix in "[0-9]{5}") {
            let siret = format!("{LA_POSTE_SIREN}{suffix}");
            let sum: u32 = siret.bytes().map(|b| u32::from(b - b'0')).sum();
            prop_assert_eq!(siret_valid(&siret), luhn_ok(&siret) || sum.is_multiple_of(5));
        }

        #[test]
        fn find_never_panics(s in "\\PC{0,80}") {
            for i in find(&s) {
                prop_assert!(s.is_char_boundary(i.hit.start) && s.is_char_boundary(i.hit.end));
                prop_assert!(i.hit.start < i.hit.end);
            }
        }

        #[test]
        fn structured_fuzz(s in "(SIREN|SIRET|RCS|TVA|FR| |[0-9]|\\.|:|é|\u{a0}){0,40}") {
            for i in find(&s) {
                prop_assert!(s.is_char_boundary(i.hit.start) && s.is_char_boundary(i.hit.end));
                let n = i.hit.value.len();
                let expected = match i.kind { IdKind::Siren => 9, IdKind::Siret => 14, IdKind::VatFr => 13 };
                prop_assert_eq!(n, expected);
            }
        }
    }
}
