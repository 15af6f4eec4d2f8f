//! Sitemaps: candidate URLs when the pages read do not link a legal page.

use std::sync::LazyLock;

use regex::Regex;
use url::Url;

static LOC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<loc>\s*(?:<!\[CDATA\[)?\s*(.*?)\s*(?:\]\]>)?\s*</loc>").expect("static regex"));

/// The `<loc>` entries of a sitemap or sitemap index, resolved against `base`.
pub fn locs(xml: &str, base: &Url) -> Vec<Url> {
    LOC.captures_iter(xml)
        .filter_map(|c| base.join(&c[1].replace("&amp;", "&")).ok())
        .collect()
}

/// True when the document is a sitemap index (its locs are sitemaps).
pub fn is_index(xml: &str) -> bool {
    xml.contains("<sitemapindex")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_locs_with_cdata_entities_and_relative_paths() {
        let base = Url::parse("https://s.fr/").unwrap();
        let xml = "<urlset><url><loc>https://s.fr/cgv</loc></url><url><loc><![CDATA[/mentions-legales]]></loc></url><url><loc>https://s.fr/p?a=1&amp;b=2</loc></url></urlset>";
        let got: Vec<String> = locs(xml, &base).iter().map(|u| u.to_string()).collect();
        assert_eq!(
            got,
            [
                "https://s.fr/cgv",
                "https://s.fr/mentions-legales",
                "https://s.fr/p?a=1&b=2"
            ]
        );
        assert!(!is_index(xml));
        assert!(is_index(
            "<sitemapindex><sitemap><loc>/s1.xml</loc></sitemap></sitemapindex>"
        ));
    }
}
