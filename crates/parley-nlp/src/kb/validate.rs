//! Consistency checks over a loaded knowledge base.

use super::{KnowledgeBase, MentionKind, OfficeKind};

/// Every problem found: load problems (duplicate ids, name collisions), dangling
/// references, disordered or overlapping terms, and names that do not resolve to
/// their own record when matched alone.
pub(crate) fn validate(kb: &KnowledgeBase) -> Vec<String> {
    let mut problems = kb.load_problems.clone();
    let known = |id: &str| kb.country(id).is_some() || kb.organisation(id).is_some();
    for p in &kb.people {
        if !is_slug(&p.id) {
            problems.push(format!(
                "person id `{}` is not a lower-case ascii slug",
                p.id
            ));
        }
        if p.en.is_empty() {
            problems.push(format!("person `{}` has no English name", p.id));
        }
        for o in &p.offices {
            if !known(&o.country) {
                problems.push(format!(
                    "person `{}`: unknown country or organisation `{}`",
                    p.id, o.country
                ));
            }
            if let Some(to) = o.to {
                if to <= o.from {
                    problems.push(format!(
                        "person `{}`: {} of {} ends {} before it starts {}",
                        p.id, o.kind, o.country, to, o.from
                    ));
                }
            }
            if o.kind == OfficeKind::Other && o.title.is_none() {
                problems.push(format!(
                    "person `{}`: office `other` of {} needs a title",
                    p.id, o.country
                ));
            }
        }
    }
    for ((country, kind), terms) in &kb.terms {
        if !kind.is_exclusive() {
            continue;
        }
        for (a, &(pa, oa)) in terms.iter().enumerate() {
            for &(pb, ob) in &terms[a + 1..] {
                let (x, y) = (&kb.people[pa].offices[oa], &kb.people[pb].offices[ob]);
                let x_before_y = x.to.is_some_and(|t| t <= y.from);
                let y_before_x = y.to.is_some_and(|t| t <= x.from);
                if !x_before_y && !y_before_x {
                    problems.push(format!(
                        "{kind} of {country}: terms of `{}` (from {}) and `{}` (from {}) overlap",
                        kb.people[pa].id, x.from, kb.people[pb].id, y.from
                    ));
                }
            }
        }
    }
    for c in &kb.countries {
        if c.iso3.len() != 3 || !c.iso3.bytes().all(|b| b.is_ascii_uppercase()) {
            problems.push(format!("country code `{}` is not ISO 3166 alpha-3", c.iso3));
        }
        if let Some(r) = &c.region_of {
            if kb.country(r).is_none() {
                problems.push(format!("region {} of unknown country `{r}`", c.iso3));
            }
        }
        for s in &c.short {
            if s.chars().count() != 1 {
                problems.push(format!(
                    "short form `{s}` of {} is not one character",
                    c.iso3
                ));
            }
        }
    }
    for p in &kb.places {
        if kb.country(&p.country).is_none() {
            problems.push(format!("place `{}`: unknown country `{}`", p.id, p.country));
        }
        if !is_slug(&p.id) {
            problems.push(format!(
                "place id `{}` is not a lower-case ascii slug",
                p.id
            ));
        }
    }
    for o in &kb.organisations {
        if let Some(parent) = &o.parent {
            if kb.organisation(parent).is_none() {
                problems.push(format!(
                    "organisation `{}`: unknown parent `{parent}`",
                    o.id
                ));
            }
        }
    }
    for t in &kb.roles.title {
        if let Some(c) = &t.country {
            if !known(c) {
                problems.push(format!(
                    "title {:?}: unknown country `{c}`",
                    t.zh.first().or(t.en.first())
                ));
            }
        }
    }
    // Every name, matched alone, must come back as its own record.
    let check = |name: &str, want: &MentionKind, problems: &mut Vec<String>| {
        let found = kb.find_mentions(name);
        let whole = found.len() == 1 && found[0].span.start == 0 && found[0].span.end == name.len();
        if !whole || found[0].kind != *want {
            problems.push(format!(
                "name `{name}` does not resolve to {want:?} (found {found:?})"
            ));
        }
    };
    for p in &kb.people {
        let want = MentionKind::Person(p.id.clone());
        for name in p.en.iter().chain(&p.zh).chain(&p.zh_hant).chain(&p.ru) {
            check(name, &want, &mut problems);
        }
    }
    for c in &kb.countries {
        let want = MentionKind::Country(c.iso3.clone());
        for name in
            c.en.iter()
                .chain(&c.zh)
                .chain(&c.zh_hant)
                .chain(&c.demonyms)
                .chain(&c.sides)
        {
            check(name, &want, &mut problems);
        }
    }
    for o in &kb.organisations {
        let want = MentionKind::Organisation(o.id.clone());
        for name in o.en.iter().chain(&o.zh).chain(&o.zh_hant) {
            check(name, &want, &mut problems);
        }
    }
    for p in &kb.places {
        let want = MentionKind::Place {
            id: p.id.clone(),
            country: p.country.clone(),
        };
        for name in p.en.iter().chain(&p.zh).chain(&p.zh_hant) {
            // A city-state's city is its country.
            if kb
                .countries
                .iter()
                .any(|c| c.en.contains(name) || c.zh.contains(name) || c.zh_hant.contains(name))
            {
                continue;
            }
            check(name, &want, &mut problems);
        }
    }
    problems
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}
