//! Email addresses: plain, `mailto:`, obfuscated, Cloudflare-protected.
//!
//! [`find`] locates every "at" separator (`@`, `[at]`, `(at)`, `{at}`,
//! `(@)`, ` arobase `, or an upper-case ` AT `), then reads the user part
//! leftwards and the domain rightwards (labels joined by `.`, `[dot]`,
//! `(point)`, ` dot `, ` point `…). An address written with any obfuscation
//! must end in a known top-level domain; bare-word separators are only
//! accepted after an obfuscated "at" (so prose such as "meet at home dot com"
//! never matches), and the bare upper-case ` AT ` only for lower-case
//! addresses. Every result must pass [`is_plausible`].
use super::Hit;
use percent_encoding::percent_decode_str;
use regex::Regex;
use std::sync::LazyLock;

/// The "at" separator. Groups tell which kind matched.
static AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<bracket>[\x20\t\u{A0}\u{202F}]*[\[({<][\x20\t\u{A0}\u{202F}]*(?i:at|@|arobase|arrobase|arobas|chez)[\x20\t\u{A0}\u{202F}]*[\])}>][\x20\t\u{A0}\u{202F}]*)
      | (?P<word>[\x20\t\u{A0}\u{202F}]+(?i:arobase|arrobase|arobas)[\x20\t\u{A0}\u{202F}]+)
      | (?P<upper>[\x20\t\u{A0}\u{202F}]+AT[\x20\t\u{A0}\u{202F}]+)
      | (?P<plain>@)
        ",
    )
    .expect("valid regex")
});

/// A dot separator, anchored at the start of the haystack.
static DOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:
        (?P<bracket>[\x20\t\u{A0}\u{202F}]*[\[({<][\x20\t\u{A0}\u{202F}]*(?i:dot|point|\.)[\x20\t\u{A0}\u{202F}]*[\])}>][\x20\t\u{A0}\u{202F}]*)
      | (?P<word>[\x20\t\u{A0}\u{202F}]+(?i:dot|point)[\x20\t\u{A0}\u{202F}]+)
      | (?P<plain>\.)
        )",
    )
    .expect("valid regex")
});

/// A domain label, anchored.
static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?").expect("valid regex"));

/// Top-level domains accepted for obfuscated addresses (plain addresses
/// accept any alphabetic TLD of two letters or more).
const KNOWN_TLDS: &[&str] = &[
    "com", "net", "org", "info", "biz", "eu", "fr", "be", "ch", "lu", "mc", "de", "at", "nl", "it", "es", "pt", "uk",
    "ie", "dk", "se", "no", "fi", "pl", "cz", "sk", "hu", "ro", "bg", "gr", "hr", "si", "ee", "lv", "lt", "mt", "cy",
    "is", "li", "ad", "sm", "co", "io", "me", "tv", "ca", "us", "re", "gp", "mq", "gf", "yt", "pf", "nc", "pm", "wf",
    "ma", "tn", "dz", "sn", "ci", "cm", "bzh", "paris", "alsace", "corsica", "shop", "store", "boutique", "online",
    "site", "website", "tech", "app", "dev", "email", "fashion", "bio", "eco", "pro", "immo", "name", "mobi", "asia",
    "xyz", "art", "cloud", "studio", "design", "agency",
];

/// File extensions that show `x@2x.png`-style asset names.
const ASSET_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "ico", "tif", "tiff", "heic", "css", "scss", "js",
    "mjs", "cjs", "ts", "jsx", "tsx", "map", "json", "xml", "txt", "pdf", "woff", "woff2", "ttf", "eot", "otf", "mp4",
    "webm", "mp3", "ogg", "wav", "php", "html", "htm", "aspx",
];

/// User parts that are obviously form placeholders.
const PLACEHOLDER_USERS: &[&str] = &[
    "your",
    "you",
    "votre",
    "vous",
    "youremail",
    "your.email",
    "your-email",
    "your_email",
    "yourname",
    "your.name",
    "yourmail",
    "votremail",
    "votreemail",
    "votre.email",
    "votre-email",
    "votre_email",
    "votre.mail",
    "votreadresse",
    "votre.adresse",
    "votrenom",
    "nom",
    "prenom",
    "prenom.nom",
    "prenom-nom",
    "prenom_nom",
    "prenomnom",
    "nom.prenom",
    "name",
    "firstname",
    "lastname",
    "firstname.lastname",
    "first.last",
    "john.doe",
    "jane.doe",
    "johndoe",
    "jean.dupont",
    "username",
    "user.name",
    "utilisateur",
];

/// Domain labels that are obviously placeholders.
const PLACEHOLDER_LABELS: &[&str] = &[
    "example",
    "exemple",
    "domain",
    "domaine",
    "yourdomain",
    "your-domain",
    "votredomaine",
    "votre-domaine",
    "mondomaine",
    "mon-domaine",
    "yoursite",
    "votresite",
    "yourcompany",
    "societe",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Sep {
    Plain,
    Bracket,
    Word,
    Upper,
}

/// Every plausible email address in `text`, including obfuscated forms
/// (`contact [at] shop [dot] fr`, `(at)`, ` arobase `, `(point)`).
/// `value` is the de-obfuscated, lower-cased address.
pub fn find(text: &str) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::new();
    for caps in AT.captures_iter(text) {
        let at = caps.get(0).expect("group 0");
        let at_kind = if caps.name("plain").is_some() {
            Sep::Plain
        } else if caps.name("bracket").is_some() {
            Sep::Bracket
        } else if caps.name("word").is_some() {
            Sep::Word
        } else {
            Sep::Upper
        };
        let Some(hit) = address_around(text, at.start(), at.end(), at_kind) else {
            continue;
        };
        if out.last().is_some_and(|h| hit.start < h.end) {
            continue; // overlapping ("a@b@c"): keep the first
        }
        out.push(hit);
    }
    out
}

/// Reads the user part before `at_start` and the domain after `at_end`.
fn address_around(text: &str, at_start: usize, at_end: usize, at_kind: Sep) -> Option<Hit> {
    // ---- user part ----
    let before = &text[..at_start];
    let local_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-'))
        .last()
        .map(|(i, _)| i)?;
    let raw_local = &before[local_start..];
    // Leading punctuation is not part of the address ("…-contact@").
    let trimmed = raw_local.trim_start_matches(['.', '_', '+', '-']);
    let start = at_start - trimmed.len();
    if trimmed.is_empty() {
        return None;
    }
    // "josé.martin@…", "andré@…": the user part would be cut off.
    if text[..local_start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '@')
    {
        return None;
    }
    // Credentials in a URL ("https://user:pass@host.com").
    let token_start = text[..local_start]
        .char_indices()
        .rev()
        .take(256)
        .take_while(|&(_, c)| !c.is_whitespace())
        .last()
        .map_or(local_start, |(i, _)| i);
    if text[token_start..local_start].contains("://") {
        return None;
    }
    let local = trimmed;

    // ---- domain ----
    let mut labels: Vec<(usize, usize)> = Vec::new();
    let mut seps: Vec<Sep> = Vec::new();
    let mut pos = at_end;
    let first = LABEL.find(&text[pos..])?;
    labels.push((pos, pos + first.end()));
    pos += first.end();
    while labels.len() < 10 {
        let Some(dc) = DOT.captures(&text[pos..]) else {
            break;
        };
        let dm = dc.get(0).expect("group 0");
        let Some(lm) = LABEL.find(&text[pos + dm.end()..]) else {
            break;
        };
        let kind = if dc.name("plain").is_some() {
            Sep::Plain
        } else if dc.name("bracket").is_some() {
            Sep::Bracket
        } else if dm.as_str().trim().starts_with(|c: char| c.is_ascii_uppercase())
            && dm.as_str().trim().chars().all(|c| c.is_ascii_uppercase())
        {
            Sep::Upper
        } else {
            Sep::Word
        };
        let ls = pos + dm.end();
        // Bare words ("point de vente") end the domain once it has a TLD.
        if kind == Sep::Word || kind == Sep::Upper {
            let last = &text[labels.last().expect("non-empty").0..labels.last().expect("non-empty").1];
            let next = &text[ls..ls + lm.end()];
            if labels.len() >= 2 && is_known_tld(last) && !is_second_level(last, next) {
                break;
            }
        }
        seps.push(kind);
        labels.push((ls, ls + lm.end()));
        pos = ls + lm.end();
    }

    // Glued text: "contact@shop.fr.Merci" / "contact@shop.frTél".
    let mut camel_cut = false;
    if let Some(i) = (1..labels.len()).find(|&i| {
        i >= 2
            && text[labels[i].0..].starts_with(|c: char| c.is_ascii_uppercase())
            && text[labels[0].0..labels[i - 1].1]
                .chars()
                .all(|c| !c.is_ascii_uppercase())
    }) {
        labels.truncate(i);
        seps.truncate(i - 1);
        camel_cut = true;
    }
    if let Some(&(ls, le)) = labels.last() {
        let label = &text[ls..le];
        let domain_lower = text[labels[0].0..ls].chars().all(|c| !c.is_ascii_uppercase());
        if domain_lower
            && let Some(cut) = label
                .char_indices()
                .zip(label.chars().skip(1))
                .find(|&((_, a), b)| a.is_ascii_lowercase() && b.is_ascii_uppercase())
                .map(|((i, a), _)| i + a.len_utf8())
        {
            let n = labels.len();
            labels[n - 1].1 = ls + cut;
            camel_cut = true;
        }
    }
    if labels.len() < 2 {
        return None;
    }
    let end = labels.last().expect("non-empty").1;
    if !camel_cut {
        let next = text[end..].chars().next();
        if next.is_some_and(|c| c.is_alphanumeric() || matches!(c, '@' | '_' | '-')) {
            return None;
        }
    }

    // ---- obfuscation rules ----
    let obfuscated = at_kind != Sep::Plain || seps.iter().any(|&s| s != Sep::Plain);
    match at_kind {
        Sep::Plain => {
            if seps.iter().any(|&s| s == Sep::Word || s == Sep::Upper) {
                return None;
            }
        }
        Sep::Upper => {
            let all_lower = local.chars().all(|c| !c.is_ascii_uppercase())
                && labels
                    .iter()
                    .all(|&(s, e)| text[s..e].chars().all(|c| !c.is_ascii_uppercase()));
            if !all_lower || seps.contains(&Sep::Word) {
                return None;
            }
        }
        Sep::Bracket | Sep::Word => {}
    }
    let domain: Vec<String> = labels.iter().map(|&(s, e)| text[s..e].to_ascii_lowercase()).collect();
    if obfuscated && !is_known_tld(domain.last().expect("non-empty")) {
        return None;
    }
    let value = format!("{}@{}", local.to_ascii_lowercase(), domain.join("."));
    is_plausible(&value).then_some(Hit { start, end, value })
}

fn is_known_tld(label: &str) -> bool {
    KNOWN_TLDS.iter().any(|t| t.eq_ignore_ascii_case(label))
}

/// `co` in `shop point co point uk`: a second-level label before a ccTLD.
fn is_second_level(label: &str, next: &str) -> bool {
    ["co", "com", "org", "net", "gouv", "ac", "asso"]
        .iter()
        .any(|s| s.eq_ignore_ascii_case(label))
        && next.len() == 2
        && is_known_tld(next)
}

/// The address of a `mailto:` href (percent-decoded, query dropped), if plausible.
pub fn from_mailto(href: &str) -> Option<String> {
    let href = href.trim();
    let head = href.get(..7)?;
    if !head.eq_ignore_ascii_case("mailto:") {
        return None;
    }
    let rest = &href[7..];
    let rest = rest.split('#').next().unwrap_or("");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut candidates: Vec<String> = vec![decode(path)];
    // RFC 6068: "mailto:?to=a@b.fr".
    for pair in query.split('&') {
        if let Some((k, v)) = pair.split_once('=')
            && k.eq_ignore_ascii_case("to")
        {
            candidates.push(decode(v));
        }
    }
    let first = candidates
        .iter()
        .flat_map(|c| c.split([',', ';']))
        .map(str::trim)
        .find(|s| !s.is_empty())?;
    // "Name <addr>"
    let addr = match (first.rfind('<'), first.rfind('>')) {
        (Some(a), Some(b)) if a < b => &first[a + 1..b],
        _ => first,
    };
    let addr = addr.trim().to_lowercase();
    is_plausible(&addr).then_some(addr)
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Decodes a Cloudflare `data-cfemail` hex string (or the fragment of a
/// `/cdn-cgi/l/email-protection#…` href).
///
/// The first byte is the XOR key for every following byte. Accepts the bare
/// hex, a leading `#`, or a whole href (the part after the last `#`). Returns
/// the decoded text trimmed and lower-cased; `None` for bad hex, an empty
/// payload, non-UTF-8 output or control characters. Plausibility is left to
/// the caller ([`is_plausible`]).
pub fn decode_cfemail(hex: &str) -> Option<String> {
    let hex = hex.trim();
    let hex = hex.rsplit_once('#').map_or(hex, |(_, frag)| frag);
    if hex.len() < 4 || !hex.len().is_multiple_of(2) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16))
        .collect::<Result<_, _>>()
        .ok()?;
    let key = bytes[0];
    let decoded: Vec<u8> = bytes[1..].iter().map(|b| b ^ key).collect();
    let s = String::from_utf8(decoded).ok()?;
    let s = s.trim();
    if s.is_empty() || s.chars().any(char::is_control) {
        return None;
    }
    Some(s.to_lowercase())
}

/// False for image names (`logo@2x.png`), version strings, placeholders.
pub fn is_plausible(address: &str) -> bool {
    let a = address.trim().to_ascii_lowercase();
    let Some((local, domain)) = a.split_once('@') else {
        return false;
    };
    // ---- syntax ----
    if local.is_empty()
        || local.len() > 64
        || domain.len() > 253
        || domain.contains('@')
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
        || !local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-'))
    {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2
        || labels.iter().any(|l| {
            l.is_empty()
                || l.len() > 63
                || l.starts_with('-')
                || l.ends_with('-')
                || !l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
    {
        return false;
    }
    let tld = labels[labels.len() - 1];
    if tld.len() < 2 || tld.len() > 24 || !tld.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    // ---- assets and versions ----
    if ASSET_EXTENSIONS.contains(&tld) {
        return false;
    }
    let first = labels[0];
    // "logo@2x.webp", "icon@1.5x.png"
    if first.ends_with('x') && first[..first.len() - 1].bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    // "react@18.2.0", "pkg@1.2.beta"
    if labels.len() >= 3
        && labels[0].bytes().all(|b| b.is_ascii_digit())
        && labels[1].bytes().all(|b| b.is_ascii_digit())
    {
        return false;
    }
    // ---- placeholders ----
    if PLACEHOLDER_USERS.contains(&local) {
        return false;
    }
    if local.len() >= 2 && local.bytes().all(|b| b == b'x') {
        return false;
    }
    if labels[..labels.len() - 1]
        .iter()
        .any(|l| PLACEHOLDER_LABELS.contains(l) || (l.len() >= 2 && l.bytes().all(|b| b == b'x')))
    {
        return false;
    }
    // "test@test.com", "email@email.com"
    if matches!(local, "test" | "email" | "mail" | "user") && first == local {
        return false;
    }
    // ---- error-tracking ingest addresses ----
    if labels.iter().any(|l| l.contains("sentry")) || domain.ends_with("wixpress.com") {
        return false;
    }
    if local.len() >= 20 && local.bytes().all(|b| b.is_ascii_hexdigit()) && local.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        find(text).into_iter().map(|h| h.value).collect()
    }

    fn one(text: &str) -> Hit {
        let mut v = find(text);
        assert_eq!(v.len(), 1, "expected one address in {text:?}, got {v:?}");
        v.remove(0)
    }

    fn none(text: &str) {
        let v = find(text);
        assert!(v.is_empty(), "expected no address in {text:?}, got {v:?}");
    }

    /// Cloudflare-style encoding, for round-trip tests.
    fn cf_encode(key: u8, s: &str) -> String {
        std::iter::once(key)
            .chain(s.bytes().map(|b| b ^ key))
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    // ---- plain ----

    #[test]
    fn plain_addresses() {
        let t = "Écrivez-nous à Contact@Shop.fr pour toute question.";
        let h = one(t);
        assert_eq!(h.value, "contact@shop.fr");
        assert_eq!(&t[h.start..h.end], "Contact@Shop.fr");
        for (t, v) in [
            ("service.client@ma-boutique.co.uk", "service.client@ma-boutique.co.uk"),
            ("info+shop@sub.domain-x.paris", "info+shop@sub.domain-x.paris"),
            ("(contact@shop.fr)", "contact@shop.fr"),
            ("<contact@shop.fr>", "contact@shop.fr"),
            ("Email:contact@shop.fr.", "contact@shop.fr"),
            ("« contact@shop.fr »", "contact@shop.fr"),
            ("first_last@shop.fr,", "first_last@shop.fr"),
            ("-contact@shop.fr", "contact@shop.fr"),
            ("contact@shop.fr\u{A0}—", "contact@shop.fr"),
            ("sav@123boutique.fr", "sav@123boutique.fr"),
        ] {
            assert_eq!(values(t), vec![v.to_string()], "{t}");
        }
    }

    #[test]
    fn plain_rejects() {
        none("contact@shop");
        none("contact@shop.f");
        none("contact@shop.fr2");
        none("contact@shop.123");
        none("@shop.fr");
        none("contact @ shop.fr");
        none("josé.martin@shop.fr");
        none("andré@shop.fr");
        none("a@b@c.fr");
        none("contact@-shop.fr");
        none("contact@shop.frédéric");
        none("contact.@shop.fr");
        none("https://user:secret@shop.fr/path");
        none("voir https://cdn.shop.fr/img/logo@shop.fr");
    }

    #[test]
    fn glued_text_is_cut() {
        let t = "contact@shop.frTél : 01 23 45 67 89";
        let h = one(t);
        assert_eq!(h.value, "contact@shop.fr");
        assert_eq!(&t[h.start..h.end], "contact@shop.fr");
        let t = "contact@shop.fr.Merci";
        let h = one(t);
        assert_eq!(h.value, "contact@shop.fr");
        assert_eq!(&t[h.start..h.end], "contact@shop.fr");
    }

    #[test]
    fn several_and_duplicates() {
        assert_eq!(
            values("contact@shop.fr, sav@shop.fr ou contact@shop.fr"),
            vec!["contact@shop.fr", "sav@shop.fr", "contact@shop.fr"]
        );
        let hits = find("a@shop.fr b@shop.fr");
        assert_eq!(hits.len(), 2);
        assert!(hits[0].end <= hits[1].start);
    }

    // ---- obfuscated ----

    #[test]
    fn obfuscated_forms() {
        for t in [
            "contact [at] shop [dot] fr",
            "contact(at)shop(dot)fr",
            "contact (at) shop (point) fr",
            "contact arobase shop point fr",
            "contact {at} shop {dot} fr",
            "contact [AT] shop [DOT] fr",
            "contact [@] shop [.] fr",
            "contact(@)shop.fr",
            "contact@shop[dot]fr",
            "contact [at] shop.fr",
            "contact [at] shop dot fr",
            "contact AT shop DOT fr",
            "contact AT shop.fr",
            "contact <at> shop <dot> fr",
            "contact ARROBASE shop POINT fr",
            "contact\u{A0}[at]\u{A0}shop\u{A0}[dot]\u{A0}fr",
        ] {
            let h = one(t);
            assert_eq!(h.value, "contact@shop.fr", "{t}");
            assert_eq!((h.start, h.end), (0, t.len()), "{t}");
        }
        assert_eq!(
            values("Écrivez à service.client [at] ma-boutique [dot] co [dot] uk merci"),
            vec!["service.client@ma-boutique.co.uk"]
        );
        assert_eq!(
            values("contact arobase shop point co point uk"),
            vec!["contact@shop.co.uk"]
        );
    }

    #[test]
    fn obfuscated_stops_at_prose() {
        let t = "contact arobase shop point fr point de vente";
        let h = one(t);
        assert_eq!(h.value, "contact@shop.fr");
        assert_eq!(&t[h.start..h.end], "contact arobase shop point fr");
        let t = "Écrivez à contact (at) shop (dot) fr.";
        let h = one(t);
        assert_eq!(&t[h.start..h.end], "contact (at) shop (dot) fr");
    }

    #[test]
    fn obfuscated_rejects() {
        none("meet at home dot com");
        none("Meet at home dot com");
        none("contact at shop dot fr");
        none("MEET AT HOME DOT COM");
        none("Contact AT Shop DOT fr");
        none("contact AT shop dot fr");
        none("contact (at) the point of sale");
        none("contact [at] shop [dot] xyzw");
        none("contact [at] shop");
        none("nous (at) 10 (dot) 30");
        none("contact@shop point fr");
        none("info@shop point de vente");
        none("votre (at) email (dot) fr");
    }

    // ---- plausibility ----

    #[test]
    fn plausible_rejects_assets_and_versions() {
        for a in [
            "logo@2x.png",
            "icon@3x.webp",
            "photo@2x.jpg",
            "photo@2x.jpeg",
            "anim@2x.gif",
            "sprite@2x.svg",
            "style@main.css",
            "bundle@chunk.js",
            "bundle@chunk.min.js",
            "banner@2x.avif",
            "hero@1.5x.png",
            "package@1.2.3",
            "react@18.2.0",
            "lodash@4.17.21",
            "jquery@3.6.beta",
        ] {
            assert!(!is_plausible(a), "{a}");
        }
        none("<img src=\"logo@2x.png\"> react@18.2.0 icon@3x.webp");
    }

    #[test]
    fn plausible_rejects_placeholders() {
        for a in [
            "your@email.com",
            "votre@email.fr",
            "name@domain.com",
            "email@example.com",
            "email@example.org",
            "contact@example.fr",
            "jean@exemple.fr",
            "xxx@xxx.com",
            "xx@shop.fr",
            "contact@xxx.fr",
            "test@test.com",
            "email@email.com",
            "youremail@gmail.com",
            "nom@domaine.fr",
            "prenom.nom@entreprise.fr",
            "nom@entreprise.fr",
            "votre.email@gmail.com",
            "john.doe@gmail.com",
            "contact@votredomaine.fr",
            "abc@mail.example.com",
            "605a7baede844d278b89dc95ae0a9123@sentry-next.wixpress.com",
            "abc123@o12345.ingest.sentry.io",
            "e7b4a1c2d3f4e5a6b7c8d9e0f1a2b3c4@o1.ingest.us.sentry.io",
            "0123456789abcdef0123@shop.fr",
        ] {
            assert!(!is_plausible(a), "{a}");
        }
    }

    #[test]
    fn plausible_accepts_real() {
        for a in [
            "contact@shop.fr",
            "Contact@Shop.FR",
            "service-client@la-boutique.paris",
            "sav@shop.co.uk",
            "info@email.com",
            "test@shop.fr",
            "hello@example-shop.fr",
            "contact@domaine-de-la-vigne.fr",
            "x@shop.fr",
            "deadbeef@shop.fr",
            "commandes@123boutique.fr",
            "user@shop.fr",
        ] {
            assert!(is_plausible(a), "{a}");
        }
    }

    #[test]
    fn plausible_syntax() {
        for a in [
            "",
            "@shop.fr",
            "contact@",
            "contact",
            "contact@shop",
            "contact@shop.f",
            "contact@shop.f1",
            "contact@shop..fr",
            "contact@-shop.fr",
            "contact@shop-.fr",
            ".contact@shop.fr",
            "contact.@shop.fr",
            "con..tact@shop.fr",
            "con tact@shop.fr",
            "contact@sh op.fr",
            "a@b@shop.fr",
            "andré@shop.fr",
            "contact@shöp.fr",
        ] {
            assert!(!is_plausible(a), "{a:?}");
        }
        let long_local = format!("{}@shop.fr", "a".repeat(65));
        assert!(!is_plausible(&long_local));
    }

    // ---- mailto ----

    #[test]
    fn mailto() {
        assert_eq!(
            from_mailto("mailto:Contact%40Shop.fr?subject=x"),
            Some("contact@shop.fr".into())
        );
        assert_eq!(from_mailto("MAILTO:contact@shop.fr"), Some("contact@shop.fr".into()));
        assert_eq!(
            from_mailto("MailTo:contact@shop.fr#top"),
            Some("contact@shop.fr".into())
        );
        assert_eq!(
            from_mailto("mailto:contact@shop.fr,sav@shop.fr"),
            Some("contact@shop.fr".into())
        );
        assert_eq!(
            from_mailto("mailto:contact@shop.fr;sav@shop.fr"),
            Some("contact@shop.fr".into())
        );
        assert_eq!(
            from_mailto("mailto:%20contact@shop.fr%2C%20sav@shop.fr"),
            Some("contact@shop.fr".into())
        );
        assert_eq!(
            from_mailto("mailto:?to=sav@shop.fr&subject=x"),
            Some("sav@shop.fr".into())
        );
        assert_eq!(
            from_mailto("mailto:Service%20client%20%3Csav@shop.fr%3E"),
            Some("sav@shop.fr".into())
        );
        assert_eq!(from_mailto(" mailto:contact@shop.fr "), Some("contact@shop.fr".into()));
        assert_eq!(from_mailto("mailto:"), None);
        assert_eq!(from_mailto("mailto:?subject=x"), None);
        assert_eq!(from_mailto("mailto:your@email.com"), None);
        assert_eq!(from_mailto("mailto:contact"), None);
        assert_eq!(from_mailto("contact@shop.fr"), None);
        assert_eq!(from_mailto("https://shop.fr"), None);
        assert_eq!(from_mailto("mail"), None);
        assert_eq!(from_mailto("mailto:%FF@shop.fr"), None);
    }

    // ---- Cloudflare ----

    #[test]
    fn cfemail() {
        let hex = cf_encode(0x5a, "contact@shop.fr");
        assert_eq!(decode_cfemail(&hex), Some("contact@shop.fr".into()));
        assert_eq!(decode_cfemail(&format!("#{hex}")), Some("contact@shop.fr".into()));
        assert_eq!(
            decode_cfemail(&format!("/cdn-cgi/l/email-protection#{hex}")),
            Some("contact@shop.fr".into())
        );
        assert_eq!(decode_cfemail(&hex.to_uppercase()), Some("contact@shop.fr".into()));
        assert_eq!(
            decode_cfemail(&cf_encode(0x00, "Sav@Shop.fr")),
            Some("sav@shop.fr".into())
        );
        // A hand-checked value: key 0x42, 'a' = 0x61 ^ 0x42 = 0x23, '@' = 0x40 ^ 0x42 = 0x02.
        assert_eq!(decode_cfemail("422302236c2430"), Some("a@a.fr".into()));
    }

    #[test]
    fn cfemail_invalid() {
        assert_eq!(decode_cfemail(""), None);
        assert_eq!(decode_cfemail("#"), None);
        assert_eq!(decode_cfemail("42"), None);
        assert_eq!(decode_cfemail("4223022"), None); // odd length
        assert_eq!(decode_cfemail("42zz0223"), None);
        assert_eq!(decode_cfemail("42é30223"), None);
        assert_eq!(decode_cfemail("4242"), None); // decodes to NUL
        assert_eq!(decode_cfemail("00ff"), None); // not UTF-8
    }

    #[test]
    fn offsets_with_multibyte_text() {
        let t = "Société — écrivez‑nous : contact\u{202F}(at)\u{202F}boutique\u{202F}(point)\u{202F}fr — été";
        let h = one(t);
        assert_eq!(h.value, "contact@boutique.fr");
        assert!(t.is_char_boundary(h.start) && t.is_char_boundary(h.end));
        assert!(t[h.start..h.end].starts_with("contact") && t[h.start..h.end].ends_with("fr"));
    }

    proptest::proptest! {
        #[test]
        fn cfemail_roundtrip(key in proptest::num::u8::ANY, local in "[a-z0-9._-]{1,20}", dom in "[a-z]{2,10}") {
            let addr = format!("{local}@{dom}.fr");
            let hex = cf_encode(key, &addr);
            proptest::prop_assert_eq!(decode_cfemail(&hex), Some(addr.clone()));
            proptest::prop_assert_eq!(decode_cfemail(&format!("#{hex}")), Some(addr));
        }

        #[test]
        fn find_never_panics(s in "\\PC{0,60}") {
            for h in find(&s) {
                proptest::prop_assert!(s.is_char_boundary(h.start) && s.is_char_boundary(h.end));
                proptest::prop_assert!(is_plausible(&h.value));
            }
            let _ = from_mailto(&s);
            let _ = decode_cfemail(&s);
        }

        #[test]
        fn plain_address_found(local in "[a-z][a-z0-9]{2,10}", dom in "[a-z][a-z0-9-]{1,10}[a-z0-9]", tld in "(fr|com|eu|paris)") {
            let addr = format!("{local}@{dom}.{tld}");
            proptest::prop_assume!(is_plausible(&addr));
            let text = format!("Contact : {addr} — merci");
            proptest::prop_assert_eq!(values(&text), vec![addr]);
        }

        #[test]
        fn structured_fuzz(s in "[a-zA-Z0-9 .@()\\[\\]{}<>_+:/é\u{a0}-]{0,50}") {
            for h in find(&s) {
                proptest::prop_assert!(s.is_char_boundary(h.start) && s.is_char_boundary(h.end));
                proptest::prop_assert!(is_plausible(&h.value), "{:?}", h);
            }
        }
    }
}
