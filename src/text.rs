//! Text helpers shared by the snapshot, the classifier and the engine:
//! accent/case folding for vocabulary matching, and excerpts for evidence.

use unicode_normalization::UnicodeNormalization;

/// Folds text for vocabulary matching: lower case, accents removed, every run
/// of non-alphanumeric characters turned into one space, trimmed.
///
/// `"Mentions  légales"` and `"mentions-legales"` both fold to `"mentions legales"`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Collapses whitespace runs (including no-break spaces) into single spaces.
pub fn squash_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Width of context kept on each side of a match in an excerpt, in characters.
const EXCERPT_CONTEXT: usize = 50;

/// A short, single-line excerpt of `text` around the byte range `start..end`,
/// with `…` where it was cut.
pub fn excerpt(text: &str, start: usize, end: usize) -> String {
    let start = floor_boundary(text, start.min(text.len()));
    let end = floor_boundary(text, end.min(text.len())).max(start);
    let before: String = {
        let chars: Vec<char> = text[..start].chars().rev().take(EXCERPT_CONTEXT + 1).collect();
        let cut = chars.len() > EXCERPT_CONTEXT;
        let mut s: String = chars
            .into_iter()
            .take(EXCERPT_CONTEXT)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if cut {
            s.insert(0, '…');
        }
        s
    };
    let after: String = {
        let mut it = text[end..].chars();
        let mut s: String = it.by_ref().take(EXCERPT_CONTEXT).collect();
        if it.next().is_some() {
            s.push('…');
        }
        s
    };
    squash_spaces(&format!("{before}{}{after}", &text[start..end]))
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_strips_accents_case_and_punctuation() {
        assert_eq!(fold("  Mentions  Légales "), "mentions legales");
        assert_eq!(fold("/content/2-mentions-legales"), "content 2 mentions legales");
        assert_eq!(fold("Conditions d’utilisation"), "conditions d utilisation");
        assert_eq!(fold("Rückgabe & Umtausch"), "ruckgabe umtausch");
    }

    #[test]
    fn excerpt_cuts_long_text_on_char_boundaries() {
        let text = format!("{}contact@shop.fr{}", "é".repeat(80), "à".repeat(80));
        let start = text.find("contact").unwrap();
        let e = excerpt(&text, start, start + "contact@shop.fr".len());
        assert!(e.starts_with('…') && e.ends_with('…'));
        assert!(e.contains("contact@shop.fr"));
        assert_eq!(e.chars().count(), 50 + 15 + 50 + 2);
    }

    #[test]
    fn excerpt_of_short_text_has_no_ellipsis() {
        assert_eq!(excerpt("Tél :\u{a0}01 23\n45", 6, 11), "Tél : 01 23 45");
    }
}
