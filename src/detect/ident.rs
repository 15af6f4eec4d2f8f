//! French company identifiers: SIREN, SIRET (Luhn), RCS mentions, VAT numbers.
use super::Hit;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdKind {
    /// 9 digits (also from an "RCS <ville> B 123 456 789" mention).
    Siren,
    /// 14 digits.
    Siret,
    /// FR + 2-character key + SIREN.
    VatFr,
}

/// An identifier found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    /// `value` is the compact form (digits, or `FR` + key + digits).
    pub hit: Hit,
    pub kind: IdKind,
    /// Checksum result (Luhn; La Poste exception; VAT key).
    pub valid: bool,
}

/// Identifiers introduced by a keyword (SIREN, SIRET, RCS, TVA, VAT…) or in VAT form.
pub fn find(text: &str) -> Vec<Identifier> {
    let _ = text;
    todo!()
}
