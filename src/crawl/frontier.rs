//! The best-first frontier: candidate pages scored by how likely they hold
//! what the rules still need.

use std::collections::HashMap;

use url::Url;

use crate::site::{FoundVia, Region};

/// A page the crawl may read.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub url: Url,
    pub depth: u32,
    /// Page kinds suggested by the links (or sitemap entry) pointing here.
    pub kinds: Vec<String>,
    pub via: FoundVia,
}

impl Candidate {
    /// Score against the kinds still wanted; 0 means "not worth a request".
    pub fn score(&self, wanted: &[String]) -> i32 {
        let matches = self.kinds.iter().filter(|k| wanted.contains(k)).count() as i32;
        if matches == 0 {
            return 0;
        }
        let region = match &self.via {
            FoundVia::Link {
                region: Region::Footer, ..
            } => 30,
            FoundVia::Link {
                region: Region::Nav | Region::Header,
                ..
            } => 15,
            FoundVia::Link { .. } => 5,
            FoundVia::Sitemap | FoundVia::Start => 0,
        };
        // Query strings are where endless spaces live (calendars, filters).
        let query = if self.url.query().is_some() { 40 } else { 0 };
        (100 * matches + region - 10 * self.depth as i32 - query).max(1)
    }

    /// Score when nothing wanted is left to follow: site-wide navigation
    /// links (footer first) may lead to a hub page ("Informations", "Aide")
    /// that links the legal pages. Never query strings, never deep pages.
    pub fn explore_score(&self) -> i32 {
        if self.url.query().is_some() || self.depth > MAX_EXPLORE_DEPTH {
            return 0;
        }
        match &self.via {
            FoundVia::Link {
                region: Region::Footer, ..
            } => 3,
            FoundVia::Link {
                region: Region::Nav, ..
            } => 2,
            FoundVia::Link {
                region: Region::Header, ..
            } => 1,
            _ => 0,
        }
    }
}

/// Exploration follows navigation links at most this many clicks deep.
const MAX_EXPLORE_DEPTH: u32 = 2;

/// Candidates not yet read, deduplicated by normalised URL.
#[derive(Debug, Default)]
pub struct Frontier {
    queued: HashMap<String, Candidate>,
    /// Keys ever queued or read: a page is never read twice.
    seen: std::collections::HashSet<String>,
}

impl Frontier {
    /// Marks a key as read (the start page, a redirect target).
    pub fn mark_seen(&mut self, key: String) {
        self.queued.remove(&key);
        self.seen.insert(key);
    }

    /// Adds a candidate; a second link to a queued page adds its kinds.
    pub fn push(&mut self, key: String, cand: Candidate) {
        if let Some(q) = self.queued.get_mut(&key) {
            for k in cand.kinds {
                if !q.kinds.contains(&k) {
                    q.kinds.push(k);
                }
            }
            if cand.depth < q.depth {
                q.depth = cand.depth;
            }
            return;
        }
        if self.seen.insert(key.clone()) {
            self.queued.insert(key, cand);
        }
    }

    /// Takes the best candidate for the wanted kinds; ties go to the
    /// shallower, then the lexicographically smaller URL (deterministic).
    pub fn pop_best(&mut self, wanted: &[String]) -> Option<Candidate> {
        self.pop_by(|c| c.score(wanted))
    }

    /// Takes the best exploration candidate (see [`Candidate::explore_score`]).
    pub fn pop_explore(&mut self) -> Option<Candidate> {
        self.pop_by(Candidate::explore_score)
    }

    fn pop_by(&mut self, score: impl Fn(&Candidate) -> i32) -> Option<Candidate> {
        let key = self
            .queued
            .iter()
            .map(|(k, c)| (score(c), c.depth, k))
            .filter(|(s, _, _)| *s > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(b.2.cmp(a.2)))
            .map(|(_, _, k)| k.clone())?;
        self.queued.remove(&key)
    }

    /// Candidates still worth reading for these kinds, best first.
    pub fn remaining(&self, wanted: &[String]) -> Vec<&Candidate> {
        let mut v: Vec<&Candidate> = self.queued.values().filter(|c| c.score(wanted) > 0).collect();
        v.sort_by(|a, b| {
            b.score(wanted)
                .cmp(&a.score(wanted))
                .then(a.url.as_str().cmp(b.url.as_str()))
        });
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(path: &str, kinds: &[&str], region: Region, depth: u32) -> Candidate {
        let from = Url::parse("https://s.fr/").unwrap();
        Candidate {
            url: from.join(path).unwrap(),
            depth,
            kinds: kinds.iter().map(|k| k.to_string()).collect(),
            via: FoundVia::Link {
                from,
                text: String::new(),
                region,
            },
        }
    }

    #[test]
    fn footer_legal_links_come_first_and_irrelevant_links_never() {
        let wanted = vec!["legal-notice".to_string(), "terms".to_string()];
        let mut f = Frontier::default();
        f.push("a".into(), cand("/produit", &[], Region::Main, 1));
        f.push("b".into(), cand("/cgv", &["terms"], Region::Main, 1));
        f.push("c".into(), cand("/mentions", &["legal-notice"], Region::Footer, 1));
        f.push("d".into(), cand("/agenda?m=1", &["terms"], Region::Footer, 1));
        assert_eq!(f.pop_best(&wanted).unwrap().url.path(), "/mentions");
        assert_eq!(f.pop_best(&wanted).unwrap().url.path(), "/cgv");
        assert_eq!(f.pop_best(&wanted).unwrap().url.path(), "/agenda");
        assert!(f.pop_best(&wanted).is_none());
        assert_eq!(f.remaining(&["other".into()]).len(), 0);
        assert!(
            f.pop_explore().is_none(),
            "a product link in the main content is not explored"
        );
    }

    #[test]
    fn exploration_prefers_footer_and_skips_query_strings_and_main_links() {
        let mut f = Frontier::default();
        f.push("a".into(), cand("/catalogue?couleur=rouge", &[], Region::Footer, 1));
        f.push("b".into(), cand("/produit", &[], Region::Main, 1));
        f.push("c".into(), cand("/a-propos", &[], Region::Nav, 1));
        f.push("d".into(), cand("/informations", &[], Region::Footer, 1));
        f.push("e".into(), cand("/plus-loin", &[], Region::Footer, 3));
        assert_eq!(f.pop_explore().unwrap().url.path(), "/informations");
        assert_eq!(f.pop_explore().unwrap().url.path(), "/a-propos");
        assert!(f.pop_explore().is_none());
    }

    #[test]
    fn a_page_is_queued_once_and_merges_kinds() {
        let mut f = Frontier::default();
        f.push("k".into(), cand("/cgv", &["terms"], Region::Main, 2));
        f.push("k".into(), cand("/cgv", &["withdrawal"], Region::Footer, 1));
        let c = f.pop_best(&["withdrawal".into()]).unwrap();
        assert_eq!((c.kinds.len(), c.depth), (2, 1));
        f.push("k".into(), cand("/cgv", &["terms"], Region::Main, 1));
        assert!(f.pop_best(&["terms".into()]).is_none());
    }
}
