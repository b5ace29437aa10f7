//! Simplified ↔ traditional character mapping for names, from `script.toml`.
//!
//! Names are written once in simplified script; their traditional spelling is derived
//! character by character, and the other way round for names given only in traditional
//! script. Usages that differ beyond characters (普京 / 普欽) are listed explicitly.

use std::collections::HashMap;

/// A character-level mapping between scripts.
#[derive(Debug, Default)]
pub(crate) struct Script {
    to_hant: HashMap<char, char>,
    to_hans: HashMap<char, char>,
}

impl Script {
    /// Adds pairs written as consecutive `simplified traditional` characters
    /// (whitespace ignored): `"国國 长長"`.
    pub fn add_pairs(&mut self, pairs: &str) -> Result<(), String> {
        let chars: Vec<char> = pairs.chars().filter(|c| !c.is_whitespace()).collect();
        if !chars.len().is_multiple_of(2) {
            return Err(format!("odd number of characters in pair list `{pairs}`"));
        }
        for pair in chars.chunks(2) {
            let (s, t) = (pair[0], pair[1]);
            self.to_hant.entry(s).or_insert(t);
            self.to_hans.entry(t).or_insert(s);
        }
        Ok(())
    }

    /// `text` in traditional script.
    pub fn hant(&self, text: &str) -> String {
        text.chars()
            .map(|c| *self.to_hant.get(&c).unwrap_or(&c))
            .collect()
    }

    /// `text` in simplified script.
    pub fn hans(&self, text: &str) -> String {
        text.chars()
            .map(|c| *self.to_hans.get(&c).unwrap_or(&c))
            .collect()
    }

    /// Adds to `hant` the traditional spelling of every name of `hans` and to `hans` the
    /// simplified spelling of every name of `hant`.
    pub fn complete(&self, hans: &mut Vec<String>, hant: &mut Vec<String>) {
        let derived_hant: Vec<String> = hans.iter().map(|s| self.hant(s)).collect();
        let derived_hans: Vec<String> = hant.iter().map(|s| self.hans(s)).collect();
        for t in derived_hant {
            if !hans.contains(&t) && !hant.contains(&t) {
                hant.push(t);
            }
        }
        for s in derived_hans {
            if !hans.contains(&s) && !hant.contains(&s) {
                hans.push(s);
            }
        }
    }

    /// Adds to `hans` the form analysis gives every name of `hant` (NFKC and OpenCC
    /// traditional-to-simplified, [`crate::text::normalize`]): text is normalised before
    /// matching, so a traditional-only alias (艾爾段) must be found as 艾尔段 too, even
    /// where the pair table lacks one of its characters.
    pub fn add_normalized(hans: &mut Vec<String>, hant: &[String]) {
        for t in hant {
            let s = crate::text::normalize(t).text;
            if !hans.contains(&s) && !hant.contains(&s) {
                hans.push(s);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_both_directions() {
        let mut script = Script::default();
        script.add_pairs("习習 国國 钦欽").expect("even pairs");
        let mut hans = vec!["习近平".to_string()];
        let mut hant = vec!["普欽".to_string()];
        script.complete(&mut hans, &mut hant);
        assert_eq!(hans, ["习近平", "普钦"]);
        assert_eq!(hant, ["普欽", "習近平"]);
    }

    #[test]
    fn traditional_aliases_get_their_normalised_form() {
        let mut hans = vec!["埃尔多安".to_string()];
        Script::add_normalized(&mut hans, &["艾爾段".to_string(), "埃爾多安".to_string()]);
        assert_eq!(hans, ["埃尔多安", "艾尔段"]);
    }

    #[test]
    fn odd_pair_list_is_an_error() {
        assert!(Script::default().add_pairs("习習国").is_err());
    }
}
