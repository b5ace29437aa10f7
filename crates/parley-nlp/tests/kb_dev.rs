//! Recall of the knowledge base on the annotated articles: every person the gold events
//! name must be findable in the article, by name or through a role resolved as of the
//! event's date (with the article's countries as context).

use chrono::NaiveDate;
use parley_nlp::kb::{KnowledgeBase, MentionKind};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// First day of a gold date (`YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `START/END`).
fn first_day(date: &str) -> Option<NaiveDate> {
    let start = date.split('/').next()?;
    let padded = match start.len() {
        4 => format!("{start}-01-01"),
        7 => format!("{start}-01"),
        _ => start.to_string(),
    };
    NaiveDate::parse_from_str(&padded, "%Y-%m-%d").ok()
}

/// (people findable, people wanted, misses) over one gold file.
fn recall(kb: &KnowledgeBase, gold: &Path, docs: &Path) -> Option<(usize, usize, Vec<String>)> {
    let text = std::fs::read_to_string(gold).ok()?;
    let records: serde_json::Value = serde_json::from_str(&text).ok()?;
    let (mut found, mut wanted, mut misses) = (0, 0, Vec::new());
    for record in records.as_array()? {
        let name = record["doc"].as_str()?;
        let Ok(body) = std::fs::read_to_string(docs.join(name)) else {
            continue;
        };
        let mentions = kb.find_mentions(&body);
        let countries: Vec<String> = mentions
            .iter()
            .filter_map(|m| match &m.kind {
                MentionKind::Country(c) => Some(c.clone()),
                _ => None,
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for event in record["events"].as_array()? {
            if event["optional"].as_bool() == Some(true) {
                continue;
            }
            let Some(date) = event["date"].as_str().and_then(first_day) else {
                continue;
            };
            let mut people = BTreeSet::new();
            for m in &mentions {
                match &m.kind {
                    MentionKind::Person(id) => {
                        people.insert(id.clone());
                    }
                    MentionKind::Role(role) => {
                        people.extend(kb.resolve_role(role, date, &countries))
                    }
                    _ => {}
                }
            }
            for actor in event["actors"]
                .as_array()?
                .iter()
                .filter_map(|a| a.as_str())
            {
                if actor.chars().all(|c| c.is_ascii_uppercase()) {
                    continue;
                }
                wanted += 1;
                if people.contains(actor) {
                    found += 1;
                } else {
                    misses.push(format!("{name} {date}: {actor}"));
                }
            }
        }
    }
    Some((found, wanted, misses))
}

#[test]
fn gold_people_are_found_in_their_articles() {
    let shared = shared();
    if !shared.is_dir() {
        eprintln!("{} absent: skipping", shared.display());
        return;
    }
    let kb = KnowledgeBase::bundled().expect("bundled knowledge base parses");
    let mut total = (0, 0);
    let mut all_misses = Vec::new();
    for (gold, docs) in [("gold/dev.json", "gold/dev"), ("gold/seeds.json", "seeds")] {
        if let Some((found, wanted, misses)) = recall(&kb, &shared.join(gold), &shared.join(docs)) {
            total.0 += found;
            total.1 += wanted;
            all_misses.extend(misses);
        }
    }
    eprintln!(
        "people found {} of {}; misses: {all_misses:#?}",
        total.0, total.1
    );
    assert!(total.1 > 0, "no gold people read");
    assert!(
        total.0 * 100 >= total.1 * 97,
        "found {} of {}: {all_misses:#?}",
        total.0,
        total.1
    );
}
