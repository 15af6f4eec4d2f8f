//! What the user asked to audit: a URL, a bare host, or a local directory.

use std::path::{Path, PathBuf};

use url::Url;

/// An audit target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Url(Url),
    Dir(PathBuf),
}

/// Why a target string is unusable (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("{0:?} is not a valid URL: {1}")]
    BadUrl(String, String),
    #[error("{0:?}: only http and https URLs can be audited")]
    Scheme(String),
    #[error("directory {0:?} does not exist")]
    NoDir(String),
    #[error("{0:?} is a file; give the directory of the site (or an http(s) URL)")]
    File(String),
    #[error("{0:?} is neither a URL, a host name nor an existing directory")]
    Unrecognised(String),
}

/// Parses a TARGET argument. An existing directory wins over a host name;
/// `shop.example` means `https://shop.example/`.
pub fn parse(arg: &str) -> Result<Target, TargetError> {
    let arg = arg.trim();
    let lower = arg.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        let url = Url::parse(arg).map_err(|e| TargetError::BadUrl(arg.into(), e.to_string()))?;
        if url.host_str().is_none_or(str::is_empty) {
            return Err(TargetError::BadUrl(arg.into(), "no host".into()));
        }
        return Ok(Target::Url(url));
    }
    if arg.contains("://") {
        return Err(TargetError::Scheme(arg.into()));
    }
    let path = Path::new(arg);
    if path.is_dir() {
        return Ok(Target::Dir(path.to_path_buf()));
    }
    if path.is_file() {
        return Err(TargetError::File(arg.into()));
    }
    let looks_like_path = arg.starts_with(['.', '/', '~']) || arg.contains('\\') || arg.is_empty();
    if looks_like_path {
        return Err(TargetError::NoDir(arg.into()));
    }
    let host = arg.split(['/', ':']).next().unwrap_or("");
    let host_ok = (host.contains('.') || host == "localhost")
        && host
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
    if !host_ok {
        return Err(TargetError::Unrecognised(arg.into()));
    }
    let url = Url::parse(&format!("https://{arg}")).map_err(|e| TargetError::BadUrl(arg.into(), e.to_string()))?;
    Ok(Target::Url(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_hosts_and_directories() {
        assert_eq!(
            parse("https://shop.example/fr").unwrap(),
            Target::Url(Url::parse("https://shop.example/fr").unwrap())
        );
        assert_eq!(
            parse("shop.example").unwrap(),
            Target::Url(Url::parse("https://shop.example/").unwrap())
        );
        assert_eq!(
            parse("boutique.fr:8443/x").unwrap(),
            Target::Url(Url::parse("https://boutique.fr:8443/x").unwrap())
        );
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            parse(dir.path().to_str().unwrap()).unwrap(),
            Target::Dir(dir.path().to_path_buf())
        );
    }

    #[test]
    fn bad_targets_say_why() {
        assert!(matches!(parse("ftp://shop.example"), Err(TargetError::Scheme(_))));
        assert!(matches!(parse("http://"), Err(TargetError::BadUrl(..))));
        assert!(matches!(parse("./no/such/dir"), Err(TargetError::NoDir(_))));
        assert!(matches!(parse("not a url"), Err(TargetError::Unrecognised(_))));
        assert!(matches!(parse("shop"), Err(TargetError::Unrecognised(_))));
        assert!(matches!(parse("Cargo.toml"), Err(TargetError::File(_))));
    }
}
