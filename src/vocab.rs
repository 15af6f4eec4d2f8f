//! The page-kind vocabulary (`rules/vocabulary.toml`) and the classifier that
//! applies it to link texts, URLs and titles.

use serde::Deserialize;
use url::Url;

use regex::Regex;

use crate::text::fold;

/// The built-in vocabulary, embedded at build time.
pub const BUILTIN: &str = include_str!("../rules/vocabulary.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVocabulary {
    #[serde(default)]
    exclude: Vec<String>,
    kind: Vec<RawKind>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    name: String,
    phrases: Vec<String>,
    #[serde(default)]
    slugs: Vec<String>,
}

#[derive(Debug, Clone)]
struct Kind {
    name: String,
    /// Any phrase, on word boundaries of folded text.
    phrases: Regex,
    slugs: Regex,
}

/// Page kinds and the words that name them.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    kinds: Vec<Kind>,
    exclude: Regex,
}

/// One regex matching any of the folded phrases as whole words: a single
/// pass over the text instead of one search per phrase.
fn any_phrase(phrases: &[String]) -> Regex {
    let alternatives: Vec<String> = phrases
        .iter()
        .map(|p| fold(p))
        .filter(|p| !p.is_empty())
        .map(|p| regex::escape(&p))
        .collect();
    let pattern = if alternatives.is_empty() {
        // Matches nothing.
        r"[^\s\S]".to_string()
    } else {
        format!("(?:^| )(?:{})(?: |$)", alternatives.join("|"))
    };
    Regex::new(&pattern).expect("escaped phrases form a valid regex")
}

impl Vocabulary {
    /// The vocabulary shipped with shopaudit.
    pub fn builtin() -> Vocabulary {
        Vocabulary::parse(BUILTIN).expect("built-in vocabulary is valid (tested)")
    }

    /// Parses a vocabulary file; phrases are folded once here.
    pub fn parse(src: &str) -> Result<Vocabulary, toml::de::Error> {
        let raw: RawVocabulary = toml::from_str(src)?;
        Ok(Vocabulary {
            exclude: any_phrase(&raw.exclude),
            kinds: raw
                .kind
                .into_iter()
                .map(|k| Kind {
                    name: k.name,
                    phrases: any_phrase(&k.phrases),
                    slugs: any_phrase(&k.slugs),
                })
                .collect(),
        })
    }

    /// Names of every kind, in file order.
    pub fn kind_names(&self) -> impl Iterator<Item = &str> {
        self.kinds.iter().map(|k| k.name.as_str())
    }

    pub fn has_kind(&self, name: &str) -> bool {
        self.kinds.iter().any(|k| k.name == name)
    }

    /// Kinds named by a phrase (link text, title, heading).
    pub fn kinds_of_phrase(&self, phrase: &str) -> Vec<String> {
        let folded = fold(phrase);
        if folded.is_empty() || folded.len() > 120 || self.is_excluded(&folded) {
            return Vec::new();
        }
        self.kinds
            .iter()
            .filter(|k| k.phrases.is_match(&folded))
            .map(|k| k.name.clone())
            .collect()
    }

    /// Kinds named by the words of a URL path (`/content/2-mentions-legales`).
    pub fn kinds_of_url(&self, url: &Url) -> Vec<String> {
        let path = percent_encoding::percent_decode_str(url.path()).decode_utf8_lossy();
        // Strip a file extension so `cgv.html` reads as `cgv`.
        let path = path
            .rsplit_once('.')
            .filter(|(_, ext)| ext.len() <= 5 && !ext.contains('/'))
            .map_or(&*path, |(p, _)| p);
        let folded = fold(path);
        if folded.is_empty() || self.is_excluded(&folded) {
            return Vec::new();
        }
        self.kinds
            .iter()
            .filter(|k| k.slugs.is_match(&folded))
            .map(|k| k.name.clone())
            .collect()
    }

    /// Kinds suggested by a link: its text first, then its URL.
    pub fn kinds_of_link(&self, text: &str, url: &Url) -> Vec<String> {
        if self.is_excluded(&fold(text)) {
            return Vec::new();
        }
        let mut kinds = self.kinds_of_phrase(text);
        for k in self.kinds_of_url(url) {
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
        kinds
    }

    fn is_excluded(&self, folded: &str) -> bool {
        self.exclude.is_match(folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn builtin_vocabulary_parses() {
        let v = Vocabulary::builtin();
        assert!(v.has_kind("legal-notice"));
        assert!(v.kind_names().count() >= 8);
    }

    #[test]
    fn link_texts_in_three_languages() {
        let v = Vocabulary::builtin();
        assert_eq!(v.kinds_of_phrase("Mentions légales"), ["legal-notice"]);
        assert_eq!(v.kinds_of_phrase("IMPRESSUM"), ["legal-notice"]);
        assert_eq!(v.kinds_of_phrase("Terms and Conditions"), ["terms"]);
        assert_eq!(v.kinds_of_phrase("Nos CGV"), ["terms"]);
        assert_eq!(v.kinds_of_phrase("Droit de rétractation"), ["withdrawal"]);
        assert_eq!(v.kinds_of_phrase("Widerrufsbelehrung"), ["withdrawal"]);
    }

    #[test]
    fn combined_links_get_every_kind() {
        let v = Vocabulary::builtin();
        let kinds = v.kinds_of_phrase("CGV / Mentions légales");
        assert!(kinds.contains(&"terms".to_string()) && kinds.contains(&"legal-notice".to_string()));
    }

    #[test]
    fn look_alikes_are_not_legal_pages() {
        let v = Vocabulary::builtin();
        let u = url("https://s.fr/#top");
        assert!(v.kinds_of_link("Retour en haut", &u).is_empty());
        assert!(v.kinds_of_link("Cookies widerrufen", &u).is_empty());
        assert!(
            v.kinds_of_link("Retour à la liste", &url("https://s.fr/retours"))
                .is_empty()
        );
    }

    #[test]
    fn url_slugs_are_classified() {
        let v = Vocabulary::builtin();
        assert_eq!(
            v.kinds_of_url(&url("https://s.fr/content/2-mentions-legales")),
            ["legal-notice"]
        );
        assert_eq!(v.kinds_of_url(&url("https://s.fr/cgv.html")), ["terms"]);
        assert_eq!(
            v.kinds_of_url(&url("https://s.fr/policies/terms-of-service")),
            ["terms"]
        );
        assert!(v.kinds_of_url(&url("https://s.fr/produits/the-vert")).is_empty());
    }
}
