//! Detectors: pure functions over a page's text and links.
//!
//! Each detector takes plain text (already visible-text, entities decoded) and
//! returns hits with byte offsets into that text, so callers can cut an
//! excerpt and attribute the hit to a page region.

pub mod email;
pub mod ident;
pub mod phone;

/// A detector hit inside a text: byte range and the normalised value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte offset of the first byte of the match in the searched text.
    pub start: usize,
    /// Byte offset one past the match.
    pub end: usize,
    /// Normalised value (lower-case address, E.164 number, bare digits…).
    pub value: String,
}
