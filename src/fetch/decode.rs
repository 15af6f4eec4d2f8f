//! Bytes → text: is it HTML, and in which charset (header, BOM, `<meta>`).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// True when a content type is one we parse as HTML (missing counts: sniffed later).
pub fn is_html_type(content_type: Option<&str>) -> bool {
    match content_type {
        None => true,
        Some(ct) => {
            let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            mime == "text/html" || mime == "application/xhtml+xml"
        }
    }
}

/// True when a content type carries text worth reading (robots.txt, sitemaps, HTML).
pub fn is_text_type(content_type: Option<&str>) -> bool {
    match content_type {
        None => true,
        Some(ct) => {
            let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            mime.starts_with("text/") || mime.ends_with("/xml") || mime.ends_with("+xml")
        }
    }
}

/// True when the bytes look binary rather than text: NULs or many control bytes.
pub fn looks_binary(body: &[u8]) -> bool {
    let sample = &body[..body.len().min(8192)];
    if sample.is_empty() {
        return false;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b))
        .count();
    sample.contains(&0) || controls * 100 / sample.len() > 5
}

/// Decodes a body: charset from the BOM, else the `Content-Type` header, else
/// a `<meta charset>` in the first 1024 bytes, else UTF-8 when valid, else
/// windows-1252 (the web's default for Western pages).
pub fn decode(body: &[u8], content_type: Option<&str>) -> String {
    let encoding = Encoding::for_bom(body)
        .map(|(e, _)| e)
        .or_else(|| {
            content_type
                .and_then(charset_param)
                .and_then(|c| Encoding::for_label(c.as_bytes()))
        })
        .or_else(|| meta_charset(&body[..body.len().min(1024)]))
        .unwrap_or_else(|| {
            if std::str::from_utf8(body).is_ok() {
                UTF_8
            } else {
                WINDOWS_1252
            }
        });
    // A page declaring UTF-16 in a meta tag is ASCII-compatible bytes; HTML's rule.
    let encoding = if encoding.is_ascii_compatible() || Encoding::for_bom(body).is_some() {
        encoding
    } else {
        UTF_8
    };
    let (text, _, _) = encoding.decode(body);
    text.into_owned()
}

fn charset_param(ct: &str) -> Option<String> {
    ct.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// A simplified HTML prescan: `<meta charset=…>` or `<meta http-equiv content="…; charset=…">`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let text = String::from_utf8_lossy(&lower);
    let mut rest = &text[..];
    while let Some(i) = rest.find("<meta") {
        rest = &rest[i + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(j) = tag.find("charset") {
            let value = tag[j + 7..].trim_start().strip_prefix('=')?.trim_start();
            let value = value.trim_start_matches(['"', '\'']);
            let end = value
                .find(|c: char| c == '"' || c == '\'' || c == ';' || c == '/' || c.is_whitespace())
                .unwrap_or(value.len());
            if let Some(e) = Encoding::for_label(&value.as_bytes()[..end]) {
                return Some(e);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_from_header_wins_over_guessing() {
        assert_eq!(decode(b"caf\xe9", Some("text/html; charset=ISO-8859-1")), "café");
    }

    #[test]
    fn charset_from_meta() {
        let html = b"<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=iso-8859-1\"></head><body>l\xe9gales</body>";
        assert!(decode(html, Some("text/html")).contains("légales"));
        let html = b"<meta charset='windows-1252'><p>\x80</p>";
        assert!(decode(html, None).contains('€'));
    }

    #[test]
    fn bom_wins() {
        assert_eq!(
            decode(b"\xef\xbb\xbfh\xc3\xa9", Some("text/html; charset=iso-8859-1")),
            "hé"
        );
    }

    #[test]
    fn undeclared_invalid_utf8_falls_back_to_windows_1252() {
        assert_eq!(decode(b"r\xe9tractation", None), "rétractation");
        assert_eq!(decode("rétractation".as_bytes(), None), "rétractation");
    }

    #[test]
    fn content_types() {
        assert!(is_html_type(Some("text/html; charset=utf-8")));
        assert!(is_html_type(Some("application/xhtml+xml")));
        assert!(!is_html_type(Some("application/pdf")));
        assert!(is_text_type(Some("application/xml")));
        assert!(!is_text_type(Some("image/png")));
    }

    #[test]
    fn binary_detection() {
        assert!(looks_binary(&[0x89, b'P', b'N', b'G', 0, 0, 1]));
        assert!(!looks_binary("<html>é</html>\n\t".as_bytes()));
    }
}
