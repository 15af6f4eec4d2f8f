//! Email addresses: plain, `mailto:`, obfuscated, Cloudflare-protected.
use super::Hit;

/// Every plausible email address in `text`, including obfuscated forms
/// (`contact [at] shop [dot] fr`, `(at)`, ` arobase `, `(point)`).
/// `value` is the de-obfuscated, lower-cased address.
pub fn find(text: &str) -> Vec<Hit> {
    let _ = text;
    todo!()
}

/// The address of a `mailto:` href (percent-decoded, query dropped), if plausible.
pub fn from_mailto(href: &str) -> Option<String> {
    let _ = href;
    todo!()
}

/// Decodes a Cloudflare `data-cfemail` hex string (or the fragment of a
/// `/cdn-cgi/l/email-protection#…` href).
pub fn decode_cfemail(hex: &str) -> Option<String> {
    let _ = hex;
    todo!()
}

/// False for image names (`logo@2x.png`), version strings, placeholders.
pub fn is_plausible(address: &str) -> bool {
    let _ = address;
    todo!()
}
