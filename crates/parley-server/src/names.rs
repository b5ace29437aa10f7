//! What the knowledge base says about an actor or a place: its kind, its names in English
//! and Chinese, its country and its offices. Everything works without a knowledge base
//! too; ids then stand for themselves.

use parley_nlp::kb::{KnowledgeBase, MentionKind};
use serde::Serialize;
use std::sync::Arc;

/// Display names of an actor in the page's two languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// English display name (the id when the knowledge base does not know it).
    pub en: String,
    /// Chinese display name (the English one when there is none).
    pub zh: String,
}

/// The knowledge base, if any, as the server uses it.
#[derive(Debug, Clone, Default)]
pub struct Names {
    kb: Option<Arc<KnowledgeBase>>,
}

/// True for an ISO 3166 alpha-3 code as actor ids spell them.
pub fn is_country_code(id: &str) -> bool {
    id.len() == 3 && id.bytes().all(|b| b.is_ascii_uppercase())
}

/// True for what already is an actor id: an alpha-3 code or a lower-case ASCII slug.
fn looks_like_id(s: &str) -> bool {
    is_country_code(s)
        || (!s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))
}

impl Names {
    /// Names from `kb`; `None` for ids only.
    pub fn new(kb: Option<Arc<KnowledgeBase>>) -> Self {
        Names { kb }
    }

    /// The knowledge base, when there is one.
    pub fn kb(&self) -> Option<&KnowledgeBase> {
        self.kb.as_deref()
    }

    /// `person`, `country`, `organisation`, `place` or `unknown`.
    pub fn kind(&self, id: &str) -> &'static str {
        match self.kb() {
            Some(kb) if kb.person(id).is_some() => "person",
            Some(kb) if kb.country(id).is_some() => "country",
            Some(kb) if kb.organisation(id).is_some() => "organisation",
            Some(kb) if kb.place(id).is_some() => "place",
            _ if is_country_code(id) => "country",
            _ => "unknown",
        }
    }

    /// True when the knowledge base knows `id` as an actor or a place.
    pub fn knows(&self, id: &str) -> bool {
        self.kind(id) != "unknown"
    }

    /// English and Chinese display names of an actor or place id.
    pub fn label(&self, id: &str) -> Label {
        let (en, zh): (Option<&str>, Option<&str>) = match self.kb() {
            Some(kb) => {
                if let Some(p) = kb.person(id) {
                    (Some(p.name()), p.zh.first().map(String::as_str))
                } else if let Some(c) = kb.country(id) {
                    (Some(c.name()), c.zh.first().map(String::as_str))
                } else if let Some(o) = kb.organisation(id) {
                    (Some(o.name()), o.zh.first().map(String::as_str))
                } else if let Some(p) = kb.place(id) {
                    (Some(p.name()), p.zh.first().map(String::as_str))
                } else {
                    (None, None)
                }
            }
            None => (None, None),
        };
        let en = en.unwrap_or(id).to_string();
        let zh = zh.map_or_else(|| en.clone(), str::to_string);
        Label { en, zh }
    }

    /// The country an actor or place belongs to: a country is its own, a place its
    /// country, a person the country of their latest office held for a country.
    pub fn country_of(&self, id: &str) -> Option<String> {
        if let Some(kb) = self.kb() {
            if let Some(place) = kb.place(id) {
                return Some(place.country.clone());
            }
            if let Some(person) = kb.person(id) {
                return person
                    .offices
                    .iter()
                    .filter(|o| is_country_code(&o.country))
                    .max_by_key(|o| o.from)
                    .map(|o| o.country.clone());
            }
        }
        is_country_code(id).then(|| id.to_string())
    }

    /// Resolves an actor given as an id (`wang-yi`, `RUS`) or a whole name the knowledge
    /// base knows (王毅, Lavrov, 俄罗斯); `None` when it names nothing known.
    pub fn resolve_actor(&self, given: &str) -> Option<String> {
        let given = given.trim();
        if looks_like_id(given) {
            return Some(given.to_string());
        }
        let kb = self.kb()?;
        let mentions = kb.find_mentions(given);
        let whole: Vec<&MentionKind> = mentions
            .iter()
            .filter(|m| m.span.start == 0 && m.span.end == given.len())
            .map(|m| &m.kind)
            .collect();
        match whole.as_slice() {
            [MentionKind::Person(id)]
            | [MentionKind::Country(id)]
            | [MentionKind::Organisation(id)] => Some(id.clone()),
            _ => None,
        }
    }

    /// Resolves a country given as an alpha-3 code in any case or as a name.
    pub fn resolve_country(&self, given: &str) -> Option<String> {
        let upper = given.trim().to_ascii_uppercase();
        if is_country_code(&upper) {
            return Some(upper);
        }
        self.resolve_actor(given).filter(|id| is_country_code(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names::new(Some(Arc::new(
            KnowledgeBase::bundled().expect("bundled knowledge base"),
        )))
    }

    #[test]
    fn labels_and_kinds_come_from_the_knowledge_base() {
        let names = names();
        assert_eq!(names.kind("wang-yi"), "person");
        assert_eq!(names.kind("RUS"), "country");
        assert_eq!(names.label("wang-yi").zh, "王毅");
        assert_eq!(names.label("CHN").en, "China");
        assert_eq!(names.country_of("wang-yi").as_deref(), Some("CHN"));
        assert_eq!(names.kind("no-such-person"), "unknown");
        assert!(!names.knows("no-such-person"));
        assert_eq!(names.label("no-such-person").zh, "no-such-person");
    }

    #[test]
    fn actors_and_countries_resolve_from_names() {
        let names = names();
        assert_eq!(names.resolve_actor("王毅").as_deref(), Some("wang-yi"));
        assert_eq!(names.resolve_actor("wang-yi").as_deref(), Some("wang-yi"));
        assert_eq!(names.resolve_actor("不存在的人"), None);
        assert_eq!(names.resolve_country("rus").as_deref(), Some("RUS"));
        assert_eq!(names.resolve_country("俄罗斯").as_deref(), Some("RUS"));
        assert_eq!(names.resolve_country("王毅"), None);
    }

    #[test]
    fn without_a_knowledge_base_ids_stand_for_themselves() {
        let names = Names::default();
        assert_eq!(names.label("wang-yi").en, "wang-yi");
        assert_eq!(names.kind("FRA"), "country");
        assert!(names.knows("FRA"));
        assert!(!names.knows("wang-yi"));
        assert_eq!(names.resolve_actor("王毅"), None);
        assert_eq!(names.country_of("FRA").as_deref(), Some("FRA"));
    }
}
