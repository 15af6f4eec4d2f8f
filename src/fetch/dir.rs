//! The directory fetcher: a static build output read as if it were served,
//! with the usual static-host resolution rules and no way out of the root.

use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use tokio::io::AsyncReadExt;
use url::Url;

use super::{FetchError, Fetched, Fetcher};

/// Serves files of `root` under the URL `base`.
#[derive(Debug, Clone)]
pub struct DirFetcher {
    root: PathBuf,
    base: Url,
    body_cap: usize,
}

/// The origin a local directory is served under when none is given.
pub const DEFAULT_DIR_BASE: &str = "http://localhost/";

impl DirFetcher {
    /// `root` must be an existing directory.
    pub fn new(root: &Path, base: Url, body_cap: usize) -> std::io::Result<DirFetcher> {
        let root = root.canonicalize()?;
        if !root.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                format!("{} is not a directory", root.display()),
            ));
        }
        Ok(DirFetcher { root, base, body_cap })
    }

    pub fn base(&self) -> &Url {
        &self.base
    }

    /// The file a URL maps to: `/x/` → `x/index.html`, `/x` → `x.html`,
    /// `x/index.html` or `x`. `None` when off-base, escaping or missing.
    pub fn resolve(&self, url: &Url) -> Option<PathBuf> {
        if url.origin() != self.base.origin() {
            return None;
        }
        let path = url
            .path()
            .strip_prefix(self.base.path())
            .or_else(|| url.path().strip_prefix('/'))?;
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
        let rel = Path::new(&*decoded);
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return None;
        }
        let joined = self.root.join(rel);
        let candidates: Vec<PathBuf> = if decoded.is_empty() || decoded.ends_with('/') {
            vec![joined.join("index.html")]
        } else {
            let mut html = joined.clone().into_os_string();
            html.push(".html");
            vec![PathBuf::from(html), joined.join("index.html"), joined]
        };
        candidates
            .into_iter()
            .filter(|c| c.is_file())
            .find_map(|c| c.canonicalize().ok().filter(|c| c.starts_with(&self.root)))
    }
}

/// Content type implied by a file extension.
fn content_type_of(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html",
        Some("xhtml") => "application/xhtml+xml",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("pdf") => "application/pdf",
        Some("png" | "jpg" | "jpeg" | "gif" | "webp" | "svg" | "ico") => "image/*",
        _ => "application/octet-stream",
    }
}

impl Fetcher for DirFetcher {
    async fn fetch(&self, url: &Url) -> Result<Fetched, FetchError> {
        let started = Instant::now();
        let Some(path) = self.resolve(url) else {
            return Ok(Fetched {
                final_url: url.clone(),
                status: 404,
                content_type: Some("text/html".into()),
                body: Vec::new(),
                truncated: false,
                elapsed: started.elapsed(),
            });
        };
        let content_type = content_type_of(&path);
        let mut body = Vec::new();
        let mut truncated = false;
        if super::decode::is_text_type(Some(content_type)) {
            let file = tokio::fs::File::open(&path)
                .await
                .map_err(|e| FetchError::Other(format!("{}: {e}", path.display())))?;
            file.take(self.body_cap as u64 + 1)
                .read_to_end(&mut body)
                .await
                .map_err(|e| FetchError::Other(format!("{}: {e}", path.display())))?;
            if body.len() > self.body_cap {
                body.truncate(self.body_cap);
                truncated = true;
            }
        }
        Ok(Fetched {
            final_url: url.clone(),
            status: 200,
            content_type: Some(content_type.to_string()),
            body,
            truncated,
            elapsed: started.elapsed(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, DirFetcher) {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        std::fs::create_dir_all(r.join("cgv")).unwrap();
        std::fs::create_dir_all(r.join("shop")).unwrap();
        std::fs::write(r.join("index.html"), "home").unwrap();
        std::fs::write(r.join("cgv/index.html"), "cgv").unwrap();
        std::fs::write(r.join("contact.html"), "contact").unwrap();
        std::fs::write(r.join("robots.txt"), "User-agent: *").unwrap();
        std::fs::write(r.join("shop/index.html"), "shop").unwrap();
        let f = DirFetcher::new(r, Url::parse(DEFAULT_DIR_BASE).unwrap(), 4).unwrap();
        (dir, f)
    }

    fn file(f: &DirFetcher, u: &str) -> Option<String> {
        let p = f.resolve(&Url::parse(u).unwrap())?;
        Some(
            p.file_name().unwrap().to_string_lossy().into_owned()
                + "@"
                + p.parent().unwrap().file_name().unwrap().to_str().unwrap(),
        )
    }

    #[test]
    fn static_host_resolution() {
        let (dir, f) = site();
        let root = dir.path().canonicalize().unwrap();
        let rootname = root.file_name().unwrap().to_str().unwrap();
        assert_eq!(file(&f, "http://localhost/").unwrap(), format!("index.html@{rootname}"));
        assert_eq!(file(&f, "http://localhost/cgv/").unwrap(), "index.html@cgv");
        assert_eq!(file(&f, "http://localhost/cgv").unwrap(), "index.html@cgv");
        assert_eq!(
            file(&f, "http://localhost/contact").unwrap(),
            format!("contact.html@{rootname}")
        );
        assert_eq!(
            file(&f, "http://localhost/contact?utm=1").unwrap(),
            format!("contact.html@{rootname}")
        );
        assert_eq!(
            file(&f, "http://localhost/robots.txt").unwrap(),
            format!("robots.txt@{rootname}")
        );
        assert!(file(&f, "http://localhost/nope").is_none());
    }

    #[test]
    fn never_reads_outside_the_root() {
        let (_dir, f) = site();
        assert!(file(&f, "http://localhost/../etc/passwd").is_none());
        assert!(file(&f, "http://localhost/%2e%2e/%2e%2e/etc/passwd").is_none());
        assert!(file(&f, "http://localhost/..%2f..%2fetc%2fpasswd").is_none());
        assert!(file(&f, "http://elsewhere/index.html").is_none());
    }

    #[tokio::test]
    async fn bodies_are_capped() {
        let (_dir, f) = site();
        let got = f.fetch(&Url::parse("http://localhost/contact").unwrap()).await.unwrap();
        assert_eq!(
            (got.status, got.body.as_slice(), got.truncated),
            (200, &b"cont"[..], true)
        );
        let missing = f.fetch(&Url::parse("http://localhost/missing").unwrap()).await.unwrap();
        assert_eq!(missing.status, 404);
    }
}
