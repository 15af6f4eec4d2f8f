//! robots.txt: which pages we may read, and where the sitemaps are.

use texting_robots::Robot;
use url::Url;

/// The robots.txt rules for our user agent; allows everything when absent.
pub struct Robots {
    robot: Option<Robot>,
}

impl Robots {
    /// No robots.txt, or one we could not read: everything is allowed.
    pub fn allow_all() -> Robots {
        Robots { robot: None }
    }

    /// Parses a robots.txt body for the agent token (`shopaudit`).
    pub fn parse(agent: &str, body: &[u8]) -> Robots {
        Robots {
            robot: Robot::new(agent, body).ok(),
        }
    }

    pub fn allowed(&self, url: &Url) -> bool {
        self.robot.as_ref().is_none_or(|r| r.allowed(url.as_str()))
    }

    /// `Sitemap:` lines, resolved against the site.
    pub fn sitemaps(&self, base: &Url) -> Vec<Url> {
        self.robot.as_ref().map_or_else(Vec::new, |r| {
            r.sitemaps.iter().filter_map(|s| base.join(s.trim()).ok()).collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disallow_applies_to_our_agent_and_to_star() {
        let r = Robots::parse("shopaudit", b"User-agent: *\nDisallow: /cgv\nSitemap: /sitemap.xml\n");
        let base = Url::parse("https://s.fr/").unwrap();
        assert!(!r.allowed(&base.join("/cgv").unwrap()));
        assert!(r.allowed(&base.join("/contact").unwrap()));
        assert_eq!(r.sitemaps(&base)[0].as_str(), "https://s.fr/sitemap.xml");
        let r = Robots::parse(
            "shopaudit",
            b"User-agent: shopaudit\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
        );
        assert!(!r.allowed(&base.join("/x").unwrap()));
        assert!(Robots::allow_all().allowed(&base));
    }
}
