//! Phone numbers: French national / international forms, `tel:` links, other
//! EU numbers in `+CC` form; French numbering-plan classification.
//!
//! Matching is shape-first (French national groupings, `+33`/`0033`, `+CC`)
//! and then filtered by what surrounds the match: no digit or letter glued
//! on either side, no short digit group next to it (order numbers, postcodes,
//! dates), no currency sign, and no identifier keyword (SIRET, IBAN, réf,
//! commande…) shortly before it unless a phone keyword (Tél, appelez…) comes
//! after that keyword.
use super::Hit;
use percent_encoding::percent_decode_str;
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// Cost class of a number, from the ARCEP numbering plan for +33.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PhoneClass {
    /// 01–05.
    Geographic,
    /// 06, 07.
    Mobile,
    /// 09.
    NonGeographic,
    /// 080x.
    Freephone,
    /// 081x–089x, or a "€/min"-style cost mention next to the number.
    Surcharged,
    /// Not a +33 number.
    Foreign,
}

/// A phone number found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// `value` is E.164 (`+33123456789`).
    pub hit: Hit,
    pub class: PhoneClass,
}

/// Characters before a match searched for identifier keywords.
const CONTEXT_BEFORE: usize = 25;
/// Characters after a match searched for a cost mention ("0,80 €/min").
const COST_AFTER: usize = 40;

/// French national form: 10 digits starting with 0, single separators
/// anywhere (the grouping is checked in code).
static NATIONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"0[\x20.\-\u{A0}\u{202F}]?[1-9](?:[\x20.\-\u{A0}\u{202F}]?[0-9]){8}").expect("valid regex")
});

/// `+33` / `0033` / `(+33)` followed by an optional `(0)` or `0` and 9 digits.
static FR_INTL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\(\+33\)|\+33|\b0033)[\x20.\-\u{A0}\u{202F}]?(?:\(0\)[\x20.\-\u{A0}\u{202F}]?|0[\x20.\-\u{A0}\u{202F}]?)?[1-9](?:[\x20.\-\u{A0}\u{202F}]?[0-9]){8}",
    )
    .expect("valid regex")
});

/// `+CC` followed by digit groups; `(0)` and `(area)` groups allowed.
static FOREIGN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\+[1-9][0-9]{0,3}(?:[\x20.\-\u{A0}\u{202F}]?(?:\([0-9]{1,4}\)|[0-9]{1,5})){1,8}").expect("valid regex")
});

/// Identifier keywords that disqualify a number seen shortly after them.
static REJECT_KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:siret|siren|rcs|r\.c\.s|iban|bic|swift|rib|tva|vat|ean|gtin|isbn|upc|sku|r[ée]f|r[ée]f[ée]rence|reference|commande|order|suivi|tracking|colis|facture|invoice|code)\b",
    )
    .expect("valid regex")
});

/// Phone keywords: after an identifier keyword they re-enable detection
/// ("votre commande, appelez le 01…").
static PHONE_KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:t[ée]l|t[ée]l[ée]phone|telephone|phone|appel(?:ez|er)?|fax|mobile|portable|gsm|standard|hotline|service\s+client(?:s|[eè]le)?|joindre|contact(?:ez)?|num[ée]ro\s+vert|whatsapp)\b",
    )
    .expect("valid regex")
});

/// A per-minute / per-call cost mention. `amt` is checked for zero.
static COST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?P<amt>[0-9]+(?:[.,][0-9]+)?)\s*
        (?:€|eur(?:o|os)?\b|cts?\b|centimes?\b)
        \s*(?:ttc\s*|ht\s*)?
        (?:/|\bpar\b|\bla\b|\bl')\s*
        (?:min(?:ute)?s?\b|mn\b|appel\b)
      | (?:€|\beur(?:o|os)?\b|\bcts?\b|\bcentimes?\b)
        \s*(?:ttc\s*|ht\s*)?
        (?:/|\bpar\b|\bla\b|\bl')\s*
        (?:min(?:ute)?s?\b|mn\b|appel\b)
      | /\s*(?:min|mn)\b
        ",
    )
    .expect("valid regex")
});

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    National,
    FrIntl,
    Foreign,
}

/// Every phone number in `text`; not prices, dates, order numbers, SIRET/IBAN fragments.
pub fn find(text: &str) -> Vec<Phone> {
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    for (re, shape) in [
        (&*FR_INTL, Shape::FrIntl),
        (&*NATIONAL, Shape::National),
        (&*FOREIGN, Shape::Foreign),
    ] {
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = re.find_at(text, pos) else {
                break;
            };
            let (s, e) = (m.start(), m.end());
            let accepted = if found.iter().any(|&(fs, fe, _)| s < fe && fs < e) {
                None
            } else {
                let value = match shape {
                    Shape::National => national_value(m.as_str()),
                    Shape::FrIntl => fr_intl_value(m.as_str()),
                    Shape::Foreign => foreign_value(m.as_str()),
                };
                value.filter(|_| surroundings_ok(text, s, e))
            };
            match accepted {
                Some(v) => {
                    found.push((s, e, v));
                    pos = e;
                }
                // Retry one character further: a rejected candidate must not
                // hide a valid one that overlaps it.
                None => pos = s + text[s..].chars().next().map_or(1, char::len_utf8),
            }
        }
    }
    found.sort_by_key(|&(s, e, _)| (s, e));

    let mut out = Vec::with_capacity(found.len());
    for (i, (s, e, value)) in found.iter().enumerate() {
        let limit = found.get(i + 1).map_or(text.len(), |n| n.0);
        let mut class = classify(value);
        if cost_mention_after(text, *e, limit) {
            class = PhoneClass::Surcharged;
        }
        out.push(Phone {
            hit: Hit {
                start: *s,
                end: *e,
                value: value.clone(),
            },
            class,
        });
    }
    out
}

/// The number of a `tel:` href (hit offsets span the whole href).
pub fn from_tel(href: &str) -> Option<Phone> {
    let trimmed = href.trim();
    let rest = strip_prefix_ci(trimmed, "tel:").or_else(|| strip_prefix_ci(trimmed, "callto:"))?;
    let rest = rest.trim_start_matches('/');
    let decoded = percent_decode_str(rest).decode_utf8().ok()?;
    // RFC 3966 parameters (";ext=12") and any query are not part of the number.
    let number = decoded.split([';', '?', '#']).next()?.trim();
    let value = normalize_loose(number)?;
    let class = classify(&value);
    Some(Phone {
        hit: Hit {
            start: 0,
            end: href.len(),
            value,
        },
        class,
    })
}

/// Classifies an E.164 number.
///
/// `+33` followed by 1–5 → geographic, 6/7 → mobile, 9 → non-geographic,
/// 80 → freephone, 81–89 → surcharged. Anything else (including a malformed
/// `+330…`) is [`PhoneClass::Foreign`].
pub fn classify(e164: &str) -> PhoneClass {
    let Some(national) = e164.trim().strip_prefix("+33") else {
        return PhoneClass::Foreign;
    };
    let b = national.as_bytes();
    match b.first() {
        Some(b'1'..=b'5') => PhoneClass::Geographic,
        Some(b'6' | b'7') => PhoneClass::Mobile,
        Some(b'9') => PhoneClass::NonGeographic,
        Some(b'8') if b.get(1) == Some(&b'0') => PhoneClass::Freephone,
        Some(b'8') => PhoneClass::Surcharged,
        _ => PhoneClass::Foreign,
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

/// Separator class: the three spaces count as one.
fn sep_class(c: char) -> char {
    match c {
        '\u{A0}' | '\u{202F}' => ' ',
        other => other,
    }
}

fn digits_of(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// `0X XX XX XX XX` and the other accepted national groupings.
fn national_value(m: &str) -> Option<String> {
    let mut groups: Vec<usize> = vec![0];
    let mut sep: Option<char> = None;
    for c in m.chars() {
        if c.is_ascii_digit() {
            *groups.last_mut().expect("non-empty") += 1;
        } else {
            let class = sep_class(c);
            if sep.is_some_and(|s| s != class) {
                return None; // mixed separators: "01.23-45…"
            }
            sep = Some(class);
            groups.push(0);
        }
    }
    let digits = digits_of(m);
    let premium = matches!(digits.as_bytes()[1], b'8' | b'9');
    let ok = match groups.as_slice() {
        [10] | [2, 2, 2, 2, 2] => true,
        // 0 892 68 00 00, 0892 68 00 00, 0 800 123 456, 0800 123 456
        [1, 3, 2, 2, 2] | [4, 2, 2, 2] | [1, 3, 3, 3] | [4, 3, 3] => premium,
        _ => false,
    };
    ok.then(|| format!("+33{}", &digits[1..]))
}

fn fr_intl_value(m: &str) -> Option<String> {
    let without_zero = m.replacen("(0)", "", 1);
    let digits = digits_of(&without_zero);
    // digits = 33 [0] NNNNNNNNN, or 0033 [0] NNNNNNNNN
    let rest = digits.strip_prefix("0033").or_else(|| digits.strip_prefix("33"))?;
    let national = if rest.len() == 10 {
        rest.strip_prefix('0')?
    } else {
        rest
    };
    (national.len() == 9 && !national.starts_with('0')).then(|| format!("+33{national}"))
}

fn foreign_value(m: &str) -> Option<String> {
    let digits = digits_of(&m.replacen("(0)", "", 1));
    let (cc, national) = split_country_code(&digits)?;
    if cc == "33" {
        return None; // handled (or rejected) by the French shapes
    }
    let leading_zero_ok = cc == "39"; // Italian landlines keep their 0
    if national.starts_with('0') && !leading_zero_ok {
        return None;
    }
    let len_ok = match cc {
        "1" | "7" => national.len() == 10,
        _ => (6..=13).contains(&national.len()),
    };
    (len_ok && digits.len() <= 15).then(|| format!("+{digits}"))
}

/// Splits E.164 digits into (country code, national number) using the ITU
/// zone structure: 1 and 7 are one digit; the assigned two-digit codes are
/// listed; every other prefix is a three-digit code.
fn split_country_code(digits: &str) -> Option<(&str, &str)> {
    const TWO_DIGIT: &[&str] = &[
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
        "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84",
        "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    let first = *digits.as_bytes().first()?;
    let len = if first == b'1' || first == b'7' {
        1
    } else if digits.len() >= 2 && TWO_DIGIT.contains(&&digits[..2]) {
        2
    } else if first == b'0' {
        return None;
    } else {
        3
    };
    (digits.len() > len).then(|| digits.split_at(len))
}

/// Loose normalisation for `tel:` hrefs: any visual separators, `+`/`00`
/// international prefix, or a French national number.
fn normalize_loose(s: &str) -> Option<String> {
    let s = s.replacen("(0)", "", 1);
    let mut plus = false;
    let mut digits = String::new();
    for (i, c) in s.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => plus = true,
            ' ' | '.' | '-' | '(' | ')' | '/' | '\u{A0}' | '\u{202F}' | '\t' => {}
            _ => return None,
        }
    }
    let international = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if digits.len() == 10 && digits.starts_with('0') {
        format!("33{}", &digits[1..])
    } else {
        return None;
    };
    if let Some(rest) = international.strip_prefix("33") {
        let national = if rest.len() == 10 {
            rest.strip_prefix('0')?
        } else {
            rest
        };
        return (national.len() == 9 && !national.starts_with('0')).then(|| format!("+33{national}"));
    }
    let (_, national) = split_country_code(&international)?;
    ((8..=15).contains(&international.len()) && national.len() >= 6).then(|| format!("+{international}"))
}

/// Context checks around a candidate at `start..end`.
fn surroundings_ok(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    let after = &text[end..];
    let mut prev = before.chars().rev();
    let mut next = after.chars();
    let p1 = prev.next();
    let p2 = prev.next();
    let n1 = next.next();
    let n2 = next.next();

    // Glued to a word or number: "A0123456789", "N°0123…", "0123456789X".
    // A capitalised word glued after it ("…67 89Email") is extraction glue,
    // not part of a code.
    let glued_word = n1.is_some_and(char::is_uppercase) && n2.is_some_and(char::is_lowercase);
    if p1.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '+')
        || (n1.is_some_and(|c| c.is_alphanumeric() || c == '_') && !glued_word)
    {
        return false;
    }
    // Continued through punctuation: dates, decimals, IBAN-ish runs.
    let punct = |c: Option<char>| c.is_some_and(|c| matches!(c, '.' | ',' | '/' | '-' | ':'));
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if (punct(p1) && digit(p2)) || (punct(n1) && digit(n2)) {
        return false;
    }
    // Code suffix or prefix: "0612345678-A", "X-0612345678".
    if (p1 == Some('-') && alnum(p2)) || (n1 == Some('-') && alnum(n2)) {
        return false;
    }
    // A short digit group next to the number through a space: the number is
    // part of a longer figure ("75008 01 23 45 67 89", "0 123 456 789 01").
    // A following decimal ("0,34 €/min") is a separate price.
    if let Some(n) = adjacent_digits_before(before)
        && n < 9
    {
        return false;
    }
    if let Some((n, decimal)) = adjacent_digits_after(after)
        && n < 9
        && !decimal
    {
        return false;
    }
    // Currency next to it: a price.
    let prev_sig = before.trim_end_matches(is_space).chars().next_back();
    if prev_sig.is_some_and(|c| matches!(c, '€' | '$' | '£')) {
        return false;
    }
    let next_sig = after.trim_start_matches(is_space);
    if next_sig.starts_with(['€', '$', '£', '%'])
        || strip_prefix_ci(next_sig, "eur")
            .is_some_and(|r| !r.starts_with(char::is_alphabetic) || r.starts_with(['o', 'O']))
    {
        return false;
    }
    // Identifier keyword shortly before, not superseded by a phone keyword.
    let window = &text[char_back(text, start, CONTEXT_BEFORE)..start];
    if let Some(reject) = REJECT_KEYWORD.find_iter(window).last() {
        let rescued = PHONE_KEYWORD.find_iter(window).any(|m| m.start() >= reject.end());
        if !rescued {
            return false;
        }
    }
    true
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\t')
}

/// Digits (counted up to 9) in the run of digits/single spaces that ends
/// right before a single space preceding the match; `None` if there is no
/// such run.
fn adjacent_digits_before(before: &str) -> Option<usize> {
    let mut it = before.chars().rev().peekable();
    let c = it.next()?;
    if !is_space(c) || !it.peek().is_some_and(char::is_ascii_digit) {
        return None;
    }
    let mut n = 0;
    // Only "fewer than 9" matters to callers: stop counting there.
    while let Some(&c) = it.peek()
        && n < 9
    {
        if c.is_ascii_digit() {
            n += 1;
            it.next();
        } else if is_space(c) {
            it.next();
            if !it.peek().is_some_and(char::is_ascii_digit) {
                break;
            }
        } else {
            break;
        }
    }
    Some(n)
}

/// Like [`adjacent_digits_before`], after the match; also tells whether the
/// run ends in a decimal part (`0,34`).
fn adjacent_digits_after(after: &str) -> Option<(usize, bool)> {
    let mut it = after.chars().peekable();
    let c = it.next()?;
    if !is_space(c) || !it.peek().is_some_and(char::is_ascii_digit) {
        return None;
    }
    let mut n = 0;
    let mut decimal = false;
    // Only "fewer than 9" matters to callers: stop counting there.
    while let Some(&c) = it.peek()
        && n < 9
    {
        if c.is_ascii_digit() {
            n += 1;
            it.next();
        } else if is_space(c) {
            it.next();
            if !it.peek().is_some_and(char::is_ascii_digit) {
                break;
            }
        } else {
            if matches!(c, ',' | '.') {
                it.next();
                decimal = it.peek().is_some_and(char::is_ascii_digit);
            }
            break;
        }
    }
    Some((n, decimal))
}

/// Whether a non-zero cost mention follows `end` within [`COST_AFTER`]
/// characters (and before `limit`, the next number).
fn cost_mention_after(text: &str, end: usize, limit: usize) -> bool {
    let rest = &text[end..limit.max(end)];
    let cut = rest.char_indices().nth(COST_AFTER).map_or(rest.len(), |(i, _)| i);
    COST.captures_iter(&rest[..cut]).any(|c| {
        c.name("amt")
            .is_none_or(|a| a.as_str().replace(',', ".").parse::<f64>().map_or(true, |v| v > 0.0))
    })
}

/// Byte offset `n` characters before `pos` (or 0).
fn char_back(text: &str, pos: usize, n: usize) -> usize {
    text[..pos].char_indices().rev().take(n).last().map_or(pos, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        find(text).into_iter().map(|p| p.hit.value).collect()
    }

    fn one(text: &str) -> Phone {
        let mut v = find(text);
        assert_eq!(v.len(), 1, "expected one number in {text:?}, got {v:?}");
        v.remove(0)
    }

    fn none(text: &str) {
        let v = find(text);
        assert!(v.is_empty(), "expected no number in {text:?}, got {v:?}");
    }

    // ---- classify ----

    #[test]
    fn classify_plan() {
        use PhoneClass::*;
        for (n, c) in [
            ("+33123456789", Geographic),
            ("+33223456789", Geographic),
            ("+33323456789", Geographic),
            ("+33423456789", Geographic),
            ("+33523456789", Geographic),
            ("+33612345678", Mobile),
            ("+33712345678", Mobile),
            ("+33912345678", NonGeographic),
            ("+33800123456", Freephone),
            ("+33805123456", Freephone),
            ("+33810123456", Surcharged),
            ("+33820123456", Surcharged),
            ("+33892680000", Surcharged),
            ("+33899123456", Surcharged),
            ("+4930123456", Foreign),
            ("+441234567890", Foreign),
            ("+3312345678", Geographic),
            ("+33", Foreign),
            ("+33012345678", Foreign),
            ("", Foreign),
        ] {
            assert_eq!(classify(n), c, "{n}");
        }
    }

    // ---- national forms ----

    #[test]
    fn national_groupings() {
        for t in [
            "01 23 45 67 89",
            "01.23.45.67.89",
            "01-23-45-67-89",
            "0123456789",
            "01\u{A0}23\u{A0}45\u{A0}67\u{A0}89",
            "01\u{202F}23\u{202F}45\u{202F}67\u{202F}89",
            "01 23\u{A0}45 67 89",
        ] {
            let p = one(t);
            assert_eq!(p.hit.value, "+33123456789", "{t}");
            assert_eq!(p.class, PhoneClass::Geographic);
            assert_eq!((p.hit.start, p.hit.end), (0, t.len()), "{t}");
        }
    }

    #[test]
    fn premium_groupings() {
        for (t, v, c) in [
            ("0 892 68 00 00", "+33892680000", PhoneClass::Surcharged),
            ("0892 68 00 00", "+33892680000", PhoneClass::Surcharged),
            ("08 92 68 00 00", "+33892680000", PhoneClass::Surcharged),
            ("0 800 123 456", "+33800123456", PhoneClass::Freephone),
            ("0800 123 456", "+33800123456", PhoneClass::Freephone),
            ("0 969 32 15 15", "+33969321515", PhoneClass::NonGeographic),
        ] {
            let p = one(t);
            assert_eq!(p.hit.value, v, "{t}");
            assert_eq!(p.class, c, "{t}");
        }
        // Those groupings only for 08/09 numbers.
        none("0 123 45 67 89");
        none("0123 45 67 89");
        none("0 123 456 789");
    }

    #[test]
    fn mixed_or_odd_grouping_rejected() {
        none("01.23-45.67.89");
        none("012 345 67 89");
        none("01 2345 6789");
    }

    #[test]
    fn in_sentences() {
        let t = "Tél : 01 23 45 67 89";
        let p = one(t);
        assert_eq!(&t[p.hit.start..p.hit.end], "01 23 45 67 89");
        one("Service client : 01 23 45 67 89");
        one("Retours produits : 01 23 45 67 89");
        one("Service commandes : 01 23 45 67 89");
        one("Appelez-nous au 06 12 34 56 78 du lundi au vendredi.");
        assert_eq!(one("Mobile: 07.12.34.56.78").class, PhoneClass::Mobile);
        one("(01 23 45 67 89)");
        one("Tél.:0123456789");
        one("Pour toute question sur votre commande, appelez le 01 23 45 67 89");
        one("Une question sur votre commande ? Tél : 01 23 45 67 89");
        let t = "Tél : 01 23 45 67 89Email : contact@shop.fr";
        let p = one(t);
        assert_eq!(&t[p.hit.start..p.hit.end], "01 23 45 67 89");
    }

    #[test]
    fn two_numbers() {
        assert_eq!(
            values("Tél 01 23 45 67 89 / Fax 01 23 45 67 90"),
            vec!["+33123456789", "+33123456790"]
        );
        assert_eq!(
            values("01 23 45 67 89 06 12 34 56 78"),
            vec!["+33123456789", "+33612345678"]
        );
        assert_eq!(
            values("Tél : 01 23 45 67 89 ou 01 23 45 67 89"),
            vec!["+33123456789", "+33123456789"]
        );
    }

    // ---- international ----

    #[test]
    fn french_international() {
        for t in [
            "+33 1 23 45 67 89",
            "+33 (0)1 23 45 67 89",
            "+33(0)123456789",
            "+33 (0) 1 23 45 67 89",
            "+33123456789",
            "0033 1 23 45 67 89",
            "0033123456789",
            "+33 01 23 45 67 89",
            "+33 123 456 789",
            "(+33) 1 23 45 67 89",
            "+33.1.23.45.67.89",
        ] {
            let p = one(t);
            assert_eq!(p.hit.value, "+33123456789", "{t}");
            assert_eq!(p.class, PhoneClass::Geographic, "{t}");
            assert_eq!((p.hit.start, p.hit.end), (0, t.len()), "{t}");
        }
        assert_eq!(one("+33 6 12 34 56 78").class, PhoneClass::Mobile);
        assert_eq!(one("+33 8 92 68 00 00").class, PhoneClass::Surcharged);
        none("+33 1 23 45 67 8");
        none("+33 1 23 45 67 89 0");
    }

    #[test]
    fn foreign_numbers() {
        for (t, v) in [
            ("+49 30 1234567", "+49301234567"),
            ("+44 20 7946 0958", "+442079460958"),
            ("+44 (0)20 7946 0958", "+442079460958"),
            ("+32 2 123 45 67", "+3221234567"),
            ("+41 22 123 45 67", "+41221234567"),
            ("+352 12 34 56", "+352123456"),
            ("+39 06 1234 5678", "+390612345678"),
            ("+1 (555) 123-4567", "+15551234567"),
            ("+34 912 345 678", "+34912345678"),
        ] {
            let p = one(t);
            assert_eq!(p.hit.value, v, "{t}");
            assert_eq!(p.class, PhoneClass::Foreign, "{t}");
        }
    }

    #[test]
    fn foreign_false_positives() {
        none("+10 000 000 de produits");
        none("+1 000 000 clients");
        none("+20 000 avis");
        none("+12 345 678 clients");
        none("+5 %");
        none("+49 30");
        none("+100 000 €");
    }

    // ---- must not match ----

    #[test]
    fn prices() {
        none("1 234,56 €");
        none("€ 12 345");
        none("12,99 €");
        none("Prix : 0 123 456 789 €");
        none("0123456789 €");
        none("€ 0123456789");
        none("0123456789 EUR");
        none("0123456789 euros");
        none("Total 1 0123456789");
    }

    #[test]
    fn dates_and_times() {
        none("01.02.2024");
        none("2024-01-02");
        none("12/03/2024");
        none("le 01/02/2024 à 10:30");
        none("10:30 - 12:00");
        none("01.02.2024.01.02");
        none("01/23/45/67/89");
        none("12.03.2024 01.23.45.67");
    }

    #[test]
    fn long_runs_and_refs() {
        none("00123456789");
        none("01234567890");
        none("1234567890123");
        none("3760123456789"); // EAN-13
        none("EAN : 3 760123 456789");
        none("Réf. 0123456789");
        none("ref: 01 23 45 67 89");
        none("Commande n° 0123456789");
        none("Order #0123456789");
        none("N° de suivi : 0123456789");
        none("Numéro de suivi 0612345678");
        none("GTIN 0123456789");
        none("Code article A0123456789");
        none("0123456789ABC");
        none("0123456789A");
        none("0123456789abc");
        none("ID 0612345678-A");
        none("X-0612345678");
        none("12 01 23 45 67 89");
        none("01 23 45 67 89 12");
        none("75008 01 23 45 67 89");
        none("1 01 23 45 67 89 2");
    }

    #[test]
    fn identifiers_not_phones() {
        none("SIRET : 732 829 320 00074");
        none("SIREN 732 829 320");
        none("SIRET : 0732829320");
        none("IBAN FR76 3000 6000 0112 3456 7890 189");
        none("FR76 3000 6000 0112 3456 7890 189");
        none("FR7630006000011234567890189");
        none("RCS Paris B 732 829 320");
        none("RCS Paris 0123456789");
        none("TVA FR 40 303 265 045");
        none("FR 40 303 265 045");
        none("FR 08 123 456 789");
        none("BIC 0123456789");
        none("SIREN 0 800 123 456");
    }

    // ---- cost mentions ----

    #[test]
    fn surcharged_by_cost_mention() {
        for t in [
            "01 23 45 67 89 (0,15 €/min)",
            "01 23 45 67 89 - 0,15 € / min",
            "01 23 45 67 89 0,15 € TTC/min",
            "01 23 45 67 89 : 0,15 euros/min",
            "01 23 45 67 89 (0,80 €/appel)",
            "01 23 45 67 89 (€/appel)",
            "01 23 45 67 89 — service 0,15 €/min + prix appel",
            "01 23 45 67 89 (15 cts / min)",
            "09 69 32 15 15 (0,05 € la minute)",
            "0 892 68 02 02 0,34 €/min",
            "+49 30 1234567 (0,14 €/min)",
            "01 23 45 67 89 (tarif / min)",
            "01 23 45 67 89 (0,15eur/min)",
            "01 23 45 67 89 (15cts par minute)",
        ] {
            let p = one(t);
            assert_eq!(p.class, PhoneClass::Surcharged, "{t}");
        }
    }

    #[test]
    fn cost_mention_limits() {
        // Free or zero cost: not surcharged.
        assert_eq!(one("01 23 45 67 89 (appel gratuit)").class, PhoneClass::Geographic);
        assert_eq!(one("01 23 45 67 89 (0 €/min)").class, PhoneClass::Geographic);
        assert_eq!(one("0 800 123 456 (0,00 € / min)").class, PhoneClass::Freephone);
        // Too far away.
        let t = format!("01 23 45 67 89 {} 0,15 €/min", "x".repeat(45));
        assert_eq!(one(&t).class, PhoneClass::Geographic);
        // The mention belongs to the next number.
        let v = find("01 23 45 67 89 (appel local) / 0892 68 00 00 (0,35 €/min)");
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].class, PhoneClass::Geographic);
        assert_eq!(v[1].class, PhoneClass::Surcharged);
        // Price after the number unrelated to minutes.
        assert_eq!(one("01 23 45 67 89 livraison 4,99 €").class, PhoneClass::Geographic);
    }

    // ---- tel: ----

    #[test]
    fn tel_links() {
        for href in [
            "tel:+33123456789",
            "tel:01 23 45 67 89",
            "tel:0033123456789",
            "tel:01%2023%2045%2067%2089",
            "TEL:+33 (0)1 23 45 67 89",
            "tel:+33-1-23-45-67-89",
            "tel://0123456789",
            "tel:+33123456789;ext=12",
            "tel:%2B33123456789",
            "tel:+330123456789",
            " tel:0123456789 ",
        ] {
            let p = from_tel(href).unwrap_or_else(|| panic!("{href}"));
            assert_eq!(p.hit.value, "+33123456789", "{href}");
            assert_eq!((p.hit.start, p.hit.end), (0, href.len()));
            assert_eq!(p.class, PhoneClass::Geographic);
        }
        let p = from_tel("tel:+442079460958").unwrap();
        assert_eq!(p.class, PhoneClass::Foreign);
        assert_eq!(p.hit.value, "+442079460958");
        assert_eq!(from_tel("tel:0049301234567").unwrap().hit.value, "+49301234567");
        assert_eq!(from_tel("tel:0892680000").unwrap().class, PhoneClass::Surcharged);
    }

    #[test]
    fn tel_garbage() {
        for href in [
            "tel:",
            "tel:abc",
            "tel:0123",
            "tel:012345678",
            "tel:01234567890",
            "tel:+33 1 23",
            "tel:+3312345678901",
            "tel:+1234567890123456",
            "tel:123456789",
            "tel:0012",
            "mailto:01 23 45 67 89",
            "0123456789",
            "tel:01 23 45 67 89x",
            "tel:%ZZ",
            "tel:%FF%FE",
        ] {
            assert!(from_tel(href).is_none(), "{href}");
        }
    }

    // ---- offsets ----

    #[test]
    fn offsets_with_multibyte_text() {
        let t = "Société — Tél\u{A0}: 01\u{A0}23\u{A0}45\u{A0}67\u{A0}89 — été";
        let p = one(t);
        assert!(t.is_char_boundary(p.hit.start) && t.is_char_boundary(p.hit.end));
        assert_eq!(digits_of(&t[p.hit.start..p.hit.end]), "0123456789");
    }

    proptest::proptest! {
        #[test]
        fn find_never_panics(s in "\\PC{0,60}") {
            for p in find(&s) {
                proptest::prop_assert!(s.is_char_boundary(p.hit.start) && s.is_char_boundary(p.hit.end));
                proptest::prop_assert!(p.hit.value.starts_with('+'));
            }
            let _ = from_tel(&s);
            let _ = classify(&s);
        }

        #[test]
        fn grouped_national_roundtrip(d in "[1-7][0-9]{8}") {
            let t = format!("Tél : 0{} {} {} {} {}", &d[..1], &d[1..3], &d[3..5], &d[5..7], &d[7..]);
            let v = values(&t);
            proptest::prop_assert_eq!(v, vec![format!("+33{d}")]);
        }

        #[test]
        fn structured_fuzz(s in "[0-9 +()./,:€%a-zA-Z\u{a0}\u{202f}é-]{0,50}") {
            for p in find(&s) {
                proptest::prop_assert!(s.is_char_boundary(p.hit.start) && s.is_char_boundary(p.hit.end));
                let digits = digits_of(&p.hit.value);
                proptest::prop_assert!((8..=15).contains(&digits.len()), "{:?}", p);
            }
            if let Some(p) = from_tel(&format!("tel:{s}")) {
                proptest::prop_assert!(p.hit.value.starts_with('+'));
            }
        }
    }
}
