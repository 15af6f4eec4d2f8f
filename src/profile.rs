//! Profiles: which rule catalogue applies to a shop.

use crate::rules::Rule;

/// Profiles the CLI accepts.
pub const PROFILES: &[&str] = &["auto", "fr", "eu", "de", "uk"];

/// Picks the rules of a profile. Returns (profile name, reason, rules).
///
/// `auto` falls back to `fr` until the multi-profile catalogue exists; user
/// rules (profile `user`) always apply.
pub fn select(choice: &str, rules: Vec<Rule>) -> Result<(String, String, Vec<Rule>), String> {
    let (name, reason) = match choice {
        "auto" => (
            "fr".to_string(),
            "auto: the French catalogue is the only complete one so far".to_string(),
        ),
        other => (other.to_string(), "chosen with --profile".to_string()),
    };
    let selected: Vec<Rule> = rules
        .into_iter()
        .filter(|r| r.profile == name || r.profile == "user")
        .collect();
    if !selected.iter().any(|r| r.profile == name) {
        return Err(format!(
            "profile {name:?} has no rules yet; available: fr (or add your own with --rules DIR)"
        ));
    }
    Ok((name, reason, selected))
}
