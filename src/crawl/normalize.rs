//! URL normalisation for deduplication, and the same-site test.

use url::{Host, Url};

/// Query parameters that track visitors or sessions and never change content.
const NOISE_PARAMS: &[&str] = &[
    "gclid",
    "fbclid",
    "dclid",
    "msclkid",
    "yclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "ref",
    "ref_src",
    "srsltid",
    "sid",
    "sessionid",
    "session_id",
    "phpsessid",
    "jsessionid",
    "oscsid",
    "zenid",
];

fn is_noise(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("utm_") || NOISE_PARAMS.contains(&lower.as_str())
}

/// The identity of a page for deduplication: no fragment, no tracking or
/// session parameters, sorted query, no `;jsessionid=` path parameter, no
/// trailing slash or `index.html`, `www.` folded into the bare host.
pub fn key(url: &Url) -> String {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let mut path = url.path().to_string();
    if let Some(i) = path.to_ascii_lowercase().find(";jsessionid=") {
        path.truncate(i);
    }
    for index in ["index.html", "index.htm", "index.php"] {
        if path.ends_with(&format!("/{index}")) {
            path.truncate(path.len() - index.len());
        }
    }
    let path = path.trim_end_matches('/');
    let mut params: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_noise(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    params.sort();
    let query: Vec<String> = params
        .into_iter()
        .map(|(k, v)| if v.is_empty() { k } else { format!("{k}={v}") })
        .collect();
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let q = if query.is_empty() {
        String::new()
    } else {
        format!("?{}", query.join("&"))
    };
    format!("{}://{host}{port}{path}{q}", url.scheme())
}

/// A copy of `url` without fragment and without tracking parameters: what we fetch.
pub fn clean(url: &Url) -> Url {
    let mut out = url.clone();
    out.set_fragment(None);
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !is_noise(k))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            out.set_query(None);
        } else {
            out.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    out
}

/// The registrable domain (`shop.example.co.uk` for `www.shop.example.co.uk`),
/// or the host itself for IP addresses and single-label names.
pub fn site_of(url: &Url) -> Option<String> {
    match url.host()? {
        Host::Domain(d) => {
            let d = d.to_ascii_lowercase();
            let d = d.trim_end_matches('.');
            Some(psl::domain_str(d).unwrap_or(d).to_string())
        }
        Host::Ipv4(ip) => Some(ip.to_string()),
        Host::Ipv6(ip) => Some(ip.to_string()),
    }
}

/// True when both URLs belong to the same registrable domain (and, for IPs
/// and single-label hosts, the same host and port).
pub fn same_site(a: &Url, b: &Url) -> bool {
    if !matches!(b.scheme(), "http" | "https") {
        return false;
    }
    match (site_of(a), site_of(b)) {
        (Some(x), Some(y)) if x == y => {
            let is_name = matches!(a.host(), Some(Host::Domain(d)) if d.contains('.'));
            is_name || a.port_or_known_default() == b.port_or_known_default()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> String {
        key(&Url::parse(s).unwrap())
    }

    #[test]
    fn equivalent_urls_share_a_key() {
        assert_eq!(k("https://Shop.fr/cgv/"), k("https://shop.fr/cgv"));
        assert_eq!(k("https://shop.fr/cgv#art-3"), k("https://www.shop.fr/cgv"));
        assert_eq!(k("https://shop.fr/cgv?utm_source=x&gclid=1"), k("https://shop.fr/cgv"));
        assert_eq!(k("https://shop.fr/p?b=2&a=1"), k("https://shop.fr/p?a=1&b=2"));
        assert_eq!(k("https://shop.fr/cgv;jsessionid=ABC"), k("https://shop.fr/cgv"));
        assert_eq!(k("https://shop.fr/index.html"), k("https://shop.fr/"));
        assert_eq!(k("https://shop.fr/?PHPSESSID=1"), k("https://shop.fr"));
    }

    #[test]
    fn different_pages_keep_different_keys() {
        assert_ne!(k("https://shop.fr/cgv"), k("https://shop.fr/cgu"));
        assert_ne!(k("https://shop.fr/p?id=1"), k("https://shop.fr/p?id=2"));
        assert_ne!(k("http://127.0.0.1:80/"), k("http://127.0.0.1:81/"));
    }

    #[test]
    fn clean_drops_fragment_and_tracking() {
        let u = clean(&Url::parse("https://shop.fr/a?utm_medium=m&id=3#x").unwrap());
        assert_eq!(u.as_str(), "https://shop.fr/a?id=3");
    }

    #[test]
    fn same_site_uses_the_public_suffix_list() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert!(same_site(
            &u("https://www.shop.co.uk/"),
            &u("https://help.shop.co.uk/x")
        ));
        assert!(!same_site(&u("https://a.co.uk/"), &u("https://b.co.uk/")));
        assert!(same_site(&u("https://boutique.fr/"), &u("http://boutique.fr/cgv")));
        assert!(!same_site(
            &u("https://boutique.fr/"),
            &u("https://facebook.com/boutique")
        ));
        assert!(same_site(&u("http://127.0.0.1:8080/"), &u("http://127.0.0.1:8080/cgv")));
        assert!(!same_site(&u("http://127.0.0.1:8080/"), &u("http://127.0.0.1:9090/")));
        assert!(!same_site(&u("https://boutique.fr/"), &u("mailto:a@boutique.fr")));
    }
}
