//! Phone numbers: French national / international forms, `tel:` links, other
//! EU numbers in `+CC` form; French numbering-plan classification.
use super::Hit;
use serde::Serialize;

/// Cost class of a number, from the ARCEP numbering plan for +33.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PhoneClass {
    /// 01–05.
    Geographic,
    /// 06, 07.
    Mobile,
    /// 09.
    NonGeographic,
    /// 080x.
    Freephone,
    /// 081x–089x, or a "€/min"-style cost mention next to the number.
    Surcharged,
    /// Not a +33 number.
    Foreign,
}

/// A phone number found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// `value` is E.164 (`+33123456789`).
    pub hit: Hit,
    pub class: PhoneClass,
}

/// Every phone number in `text`; not prices, dates, order numbers, SIRET/IBAN fragments.
pub fn find(text: &str) -> Vec<Phone> {
    let _ = text;
    todo!()
}

/// The number of a `tel:` href (hit offsets span the whole href).
pub fn from_tel(href: &str) -> Option<Phone> {
    let _ = href;
    todo!()
}

/// Classifies an E.164 number.
pub fn classify(e164: &str) -> PhoneClass {
    let _ = e164;
    todo!()
}
