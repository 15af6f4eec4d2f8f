//! One HTML page → a [`Page`]: visible text with regions, links with their
//! region and kind, title, language, and what the detectors find in it.
//!
//! Pure and synchronous (`scraper::Html` is not `Send`): parse, extract owned
//! data, drop the DOM.

use ego_tree::NodeRef;
use scraper::{Html, Node};
use url::Url;

use crate::detect::{email, ident, phone};
use crate::site::{Finding, IdFinding, Link, Page, PhoneFinding, Region};
use crate::text::{excerpt, squash_spaces};
use crate::vocab::Vocabulary;

/// Elements whose content is never visible text.
const INVISIBLE: &[&str] = &[
    "script", "style", "template", "head", "svg", "math", "iframe", "object", "canvas", "noscript", "select",
];

/// Elements that break the text flow (a newline is inserted around them).
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "button",
    "label",
    "option",
    "center",
];

/// Fewer visible letters or digits than this, with scripts present, means the
/// page is an empty JavaScript shell.
const JS_SHELL_MAX_CHARS: usize = 40;

/// Parses `html` fetched from `url` and runs every detector on it.
pub fn analyze(url: &Url, html: &str, vocab: &Vocabulary) -> Page {
    let doc = Html::parse_document(html);
    let base = base_url(&doc, url);
    let mut walk = Walk::new(&base, vocab);
    walk.run(doc.tree.root());

    let title = squash_spaces(&walk.title);
    let h1 = squash_spaces(&walk.h1);
    let mut kinds = vocab.kinds_of_phrase(&title);
    for k in vocab.kinds_of_phrase(&h1).into_iter().chain(vocab.kinds_of_url(url)) {
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    let visible = walk.text.chars().filter(|c| c.is_alphanumeric()).count();
    let mut page = Page {
        url: url.clone(),
        status: 200,
        depth: 0,
        title: if title.is_empty() { h1 } else { title },
        lang: walk
            .lang
            .map(|l| l.trim().to_ascii_lowercase())
            .filter(|l| !l.is_empty()),
        js_shell: visible < JS_SHELL_MAX_CHARS && walk.scripts > 0,
        meta_refresh: walk.meta_refresh,
        noscript: squash_spaces(&walk.noscript),
        links: walk.links,
        kinds,
        emails: Vec::new(),
        phones: Vec::new(),
        ids: Vec::new(),
        bytes: html.len(),
        truncated: false,
        fetch_ms: 0,
        found_via: Default::default(),
        text: walk.text,
        regions: walk.regions,
    };
    detect_all(&mut page, &walk.hrefs, &walk.cfemails);
    page
}

/// Runs the detectors over the page text and its `mailto:` / `tel:` / Cloudflare links.
fn detect_all(page: &mut Page, hrefs: &[(String, String, Region)], cfemails: &[(String, Region)]) {
    let found = |page: &Page, start: usize, end: usize, value: String| Finding {
        excerpt: excerpt(&page.text, start, end),
        region: page.region_at(start),
        value,
    };
    let mut emails: Vec<Finding> = email::find(&page.text)
        .into_iter()
        .map(|h| found(page, h.start, h.end, h.value))
        .collect();
    let mut phones: Vec<PhoneFinding> = phone::find(&page.text)
        .into_iter()
        .map(|p| PhoneFinding {
            found: found(page, p.hit.start, p.hit.end, p.hit.value),
            class: p.class,
        })
        .collect();
    let ids = ident::find(&page.text)
        .into_iter()
        .map(|i| IdFinding {
            found: found(page, i.hit.start, i.hit.end, i.hit.value),
            kind: i.kind,
            valid: i.valid,
        })
        .collect();

    let link_finding = |value: String, href: &str, text: &str, region: Region| Finding {
        excerpt: if text.is_empty() {
            href.to_string()
        } else {
            format!("{text} ({href})")
        },
        region,
        value,
    };
    for (href, text, region) in hrefs {
        let lower = href.trim_start().to_ascii_lowercase();
        if lower.starts_with("mailto:") {
            if let Some(addr) = email::from_mailto(href.trim()) {
                emails.push(link_finding(addr, href.trim(), text, *region));
            }
        } else if lower.starts_with("tel:") {
            if let Some(p) = phone::from_tel(href.trim()) {
                phones.push(PhoneFinding {
                    found: link_finding(p.hit.value, href.trim(), text, *region),
                    class: p.class,
                });
            }
        } else if let Some((_, hex)) = href.split_once("/cdn-cgi/l/email-protection#")
            && let Some(addr) = email::decode_cfemail(hex).filter(|a| email::is_plausible(a))
        {
            emails.push(link_finding(
                addr.to_lowercase(),
                "Cloudflare-protected link",
                text,
                *region,
            ));
        }
    }
    for (hex, region) in cfemails {
        if let Some(addr) = email::decode_cfemail(hex).filter(|a| email::is_plausible(a)) {
            emails.push(Finding {
                excerpt: format!("{addr} (Cloudflare-protected)"),
                region: *region,
                value: addr.to_lowercase(),
            });
        }
    }
    page.emails = dedup_by_value(emails, |f| &f.value);
    page.phones = dedup_by_value(phones, |f| &f.found.value);
    page.ids = ids;
}

/// Keeps the first finding of each value (text hits come before link hits).
fn dedup_by_value<T>(items: Vec<T>, key: impl Fn(&T) -> &String) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    items.into_iter().filter(|i| seen.insert(key(i).clone())).collect()
}

fn base_url(doc: &Html, url: &Url) -> Url {
    let sel = scraper::Selector::parse("base[href]").expect("static selector");
    doc.select(&sel)
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|h| url.join(h.trim()).ok())
        .unwrap_or_else(|| url.clone())
}

/// Resolves an `href` into an absolute http(s) link target without fragment.
pub fn resolve_link(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let mut url = base.join(href).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    url.set_fragment(None);
    Some(url)
}

/// Depth-first walk state. An explicit stack keeps pathological nesting from
/// overflowing the call stack.
struct Walk<'a> {
    base: &'a Url,
    vocab: &'a Vocabulary,
    text: String,
    regions: Vec<(std::ops::Range<usize>, Region)>,
    noscript: String,
    title: String,
    h1: String,
    lang: Option<String>,
    scripts: usize,
    meta_refresh: Option<Url>,
    links: Vec<Link>,
    /// (href, link text, region) of every `<a href>`, for mailto/tel/Cloudflare.
    hrefs: Vec<(String, String, Region)>,
    cfemails: Vec<(String, Region)>,
}

/// What the walk is inside of, inherited by descendants.
#[derive(Clone, Copy)]
struct Ctx {
    region: Region,
    in_footer: bool,
    /// Inside main, article, section or aside: a `<header>` there heads content.
    in_content: bool,
    invisible: bool,
    in_title: bool,
    in_h1: bool,
    in_noscript: bool,
}

enum Step<'a> {
    Enter(NodeRef<'a, Node>, Ctx),
    /// Closes a block element, or records a link once its text is known.
    Leave {
        block: bool,
        link: Option<(String, usize, Region)>,
    },
}

impl<'a> Walk<'a> {
    fn new(base: &'a Url, vocab: &'a Vocabulary) -> Walk<'a> {
        Walk {
            base,
            vocab,
            text: String::new(),
            regions: Vec::new(),
            noscript: String::new(),
            title: String::new(),
            h1: String::new(),
            lang: None,
            scripts: 0,
            meta_refresh: None,
            links: Vec::new(),
            hrefs: Vec::new(),
            cfemails: Vec::new(),
        }
    }

    fn run(&mut self, root: NodeRef<'_, Node>) {
        let start = Ctx {
            region: Region::Main,
            in_footer: false,
            in_content: false,
            invisible: false,
            in_title: false,
            in_h1: false,
            in_noscript: false,
        };
        let mut stack = vec![Step::Enter(root, start)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Leave { block, link } => {
                    if block {
                        self.text.push('\n');
                    }
                    if let Some((href, from, region)) = link {
                        self.finish_link(href, from, region);
                    }
                }
                Step::Enter(node, ctx) => match node.value() {
                    Node::Text(t) => self.on_text(t, ctx),
                    Node::Element(el) => {
                        let Some(child_ctx) = self.on_element(el, ctx) else {
                            continue;
                        };
                        let name = el.name();
                        let block = BLOCKS.contains(&name);
                        if block {
                            self.text.push('\n');
                        }
                        let link = (name == "a" || name == "area")
                            .then(|| el.attr("href"))
                            .flatten()
                            .map(|h| (h.to_string(), self.text.len(), child_ctx.region));
                        stack.push(Step::Leave { block, link });
                        for child in node.children().rev() {
                            stack.push(Step::Enter(child, child_ctx));
                        }
                    }
                    Node::Document | Node::Fragment => {
                        for child in node.children().rev() {
                            stack.push(Step::Enter(child, ctx));
                        }
                    }
                    _ => {}
                },
            }
        }
    }

    fn on_text(&mut self, t: &scraper::node::Text, ctx: Ctx) {
        if ctx.in_title {
            self.title.push_str(t);
            return;
        }
        if ctx.in_noscript {
            self.noscript.push_str(t);
            self.noscript.push(' ');
            return;
        }
        if ctx.invisible {
            return;
        }
        if ctx.in_h1 {
            self.h1.push_str(t);
            self.h1.push(' ');
        }
        let start = self.text.len();
        self.text.push_str(t);
        let end = self.text.len();
        match self.regions.last_mut() {
            Some((range, region)) if *region == ctx.region && range.end == start => range.end = end,
            // Newlines pushed between two texts of one region join them too.
            Some((range, region)) if *region == ctx.region && self.text[range.end..start].trim().is_empty() => {
                range.end = end
            }
            _ => self.regions.push((start..end, ctx.region)),
        }
    }

    /// Updates state for an element; `None` skips its subtree entirely.
    fn on_element(&mut self, el: &scraper::node::Element, ctx: Ctx) -> Option<Ctx> {
        let name = el.name();
        let mut c = ctx;
        match name {
            "html" => self.lang = el.attr("lang").or(el.attr("xml:lang")).map(str::to_string),
            "title" => {
                if !self.title.is_empty() {
                    return None;
                }
                c.in_title = true;
            }
            "h1" => c.in_h1 = true,
            "script" => {
                self.scripts += 1;
                return None;
            }
            "noscript" => c.in_noscript = true,
            "meta" => {
                if el.attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh")) {
                    self.meta_refresh = el.attr("content").and_then(|c| refresh_target(self.base, c));
                }
                return None;
            }
            _ => {}
        }
        if INVISIBLE.contains(&name) && name != "noscript" {
            c.invisible = true;
        }
        if el.attr("hidden").is_some() || el.attr("style").is_some_and(hides) {
            c.invisible = true;
        }
        if let Some(hex) = el.attr("data-cfemail") {
            self.cfemails.push((hex.to_string(), c.region));
        }
        c.region = region_of(el, ctx);
        c.in_footer = c.in_footer || c.region == Region::Footer;
        c.in_content = c.in_content || matches!(name, "main" | "article" | "section" | "aside");
        Some(c)
    }

    fn finish_link(&mut self, href: String, from: usize, region: Region) {
        let text = squash_spaces(&self.text[from..]);
        if let Some(url) = resolve_link(self.base, &href) {
            let kinds = self.vocab.kinds_of_link(&text, &url);
            self.links.push(Link {
                url,
                text: text.clone(),
                region,
                kinds,
                href: href.clone(),
            });
        }
        self.hrefs.push((href, text, region));
    }
}

/// The region an element opens, given the region around it. Footer is sticky:
/// a `<nav>` inside the footer is still the footer.
fn region_of(el: &scraper::node::Element, ctx: Ctx) -> Region {
    if ctx.in_footer {
        return Region::Footer;
    }
    let role = el.attr("role").unwrap_or("");
    let marks = |word: &str| {
        el.attr("id").is_some_and(|v| names(v, word))
            || el
                .attr("class")
                .is_some_and(|v| v.split_whitespace().any(|c| names(c, word)))
    };
    match el.name() {
        "footer" => Region::Footer,
        "nav" => Region::Nav,
        "main" => Region::Main,
        // A <header> inside an article or section heads that content, not the page.
        "header" if !ctx.in_content || role == "banner" => Region::Header,
        _ if role == "contentinfo" || marks("footer") || marks("pied") => Region::Footer,
        _ if role == "navigation" => Region::Nav,
        _ if role == "banner" || (!ctx.in_content && (marks("masthead") || el.attr("id") == Some("header"))) => {
            Region::Header
        }
        _ if role == "main" => Region::Main,
        _ => ctx.region,
    }
}

/// True when a class or id names `word` as a whole part: `site-footer`,
/// `footer__content`, `footer-container` name "footer"; `footerless` does not.
fn names(value: &str, word: &str) -> bool {
    value
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|part| part == word)
}

fn hides(style: &str) -> bool {
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

/// The URL of `<meta http-equiv="refresh" content="0; url=/x">`.
fn refresh_target(base: &Url, content: &str) -> Option<Url> {
    let (_, rest) = content.split_once(';').or_else(|| content.split_once(','))?;
    let rest = rest.trim();
    let target = if rest.len() >= 4 && rest[..4].eq_ignore_ascii_case("url=") {
        &rest[4..]
    } else {
        rest
    };
    resolve_link(base, target.trim().trim_matches(|c| c == '\'' || c == '"'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> Page {
        analyze(
            &Url::parse("https://boutique.fr/").unwrap(),
            html,
            &Vocabulary::builtin(),
        )
    }

    #[test]
    fn visible_text_skips_scripts_styles_templates_and_hidden() {
        let p = page(
            "<html><head><title>T</title><style>.a{}</style></head><body><p>Bonjour</p>\
             <script>var x='secret';</script><template><p>tpl</p></template>\
             <div hidden>caché</div><div style='display: none'>aussi</div><noscript>Activez JS</noscript></body></html>",
        );
        assert_eq!(squash_spaces(&p.text), "Bonjour");
        assert_eq!(p.noscript, "Activez JS");
        assert_eq!(p.title, "T");
    }

    #[test]
    fn regions_come_from_landmarks_roles_and_class_names() {
        let p = page(
            "<body><header>Logo</header><nav><a href='/a'>A</a></nav><main><article><header>Titre</header></article></main>\
             <div class='site-footer'><nav><a href='/mentions-legales'>Mentions légales</a></nav></div></body>",
        );
        let regions: Vec<_> = p.links.iter().map(|l| l.region).collect();
        assert_eq!(regions, [Region::Nav, Region::Footer]);
        assert_eq!(p.region_at(p.text.find("Logo").unwrap()), Region::Header);
        assert_eq!(p.region_at(p.text.find("Titre").unwrap()), Region::Main);
        assert_eq!(p.links[1].kinds, ["legal-notice"]);
    }

    #[test]
    fn links_resolve_against_base_href_and_drop_fragments() {
        let p = page(
            "<head><base href='https://boutique.fr/fr/'></head><body><a href='cgv#art3'>CGV</a><a href='javascript:void(0)'>x</a><a href='#top'>haut</a></body>",
        );
        assert_eq!(p.links.len(), 1);
        assert_eq!(p.links[0].url.as_str(), "https://boutique.fr/fr/cgv");
    }

    #[test]
    fn link_text_falls_back_to_nothing_but_keeps_url_kind() {
        let p = page("<footer><a href='/mentions-legales'><img src='x.png'></a></footer>");
        assert_eq!(p.links[0].kinds, ["legal-notice"]);
    }

    #[test]
    fn spa_shell_is_flagged() {
        let p = page(
            "<html><body><div id='root'></div><noscript>You need to enable JavaScript to run this app.</noscript><script src='/main.js'></script></body></html>",
        );
        assert!(p.js_shell);
        let p = page(
            "<html><body><p>Une vraie page avec assez de texte visible pour un humain.</p><script src='/main.js'></script></body></html>",
        );
        assert!(!p.js_shell);
    }

    #[test]
    fn meta_refresh_target_is_read() {
        let p = page("<head><meta http-equiv='Refresh' content=\"0; URL='/accueil'\"></head>");
        assert_eq!(p.meta_refresh.unwrap().as_str(), "https://boutique.fr/accueil");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(3_000) + "fin";
        let p = page(&html);
        assert!(p.text.contains("fin"));
    }

    #[test]
    fn lang_is_read() {
        assert_eq!(
            page("<html lang='fr-FR'><body>x</body></html>").lang.as_deref(),
            Some("fr-fr")
        );
    }
}
