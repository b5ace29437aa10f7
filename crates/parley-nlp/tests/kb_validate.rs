//! The bundled knowledge base loads and validates clean, and covers what the scorer
//! expects (every person id of the dev annotations).

use parley_nlp::kb::{KnowledgeBase, OfficeKind};
use std::path::PathBuf;

#[test]
fn bundled_knowledge_base_validates_clean() {
    let kb = KnowledgeBase::bundled().expect("bundled knowledge base parses");
    let problems = kb.validate();
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn bundled_knowledge_base_is_broad() {
    let kb = KnowledgeBase::bundled().expect("bundled knowledge base parses");
    assert!(
        kb.countries().len() >= 193,
        "countries: {}",
        kb.countries().len()
    );
    assert!(kb.people().len() >= 300, "people: {}", kb.people().len());
    assert!(kb.places().len() >= 100, "places: {}", kb.places().len());
    for org in [
        "un",
        "un-security-council",
        "sco",
        "brics",
        "g20",
        "g7",
        "nato",
        "eu",
        "european-commission",
        "european-council",
        "asean",
        "apec",
        "african-union",
        "arab-league",
        "gcc",
        "opec",
        "who",
        "iaea",
    ] {
        assert!(kb.organisation(org).is_some(), "missing organisation {org}");
    }
}

#[test]
fn every_g20_member_has_a_head_of_state_or_government_in_2024() {
    let kb = KnowledgeBase::bundled().expect("bundled knowledge base parses");
    let date = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).expect("valid date");
    for iso in [
        "ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX",
        "RUS", "SAU", "ZAF", "TUR", "GBR", "USA", "UKR", "IRN", "ISR", "PRK", "PAK",
    ] {
        let leaders = kb.office_holders(iso, OfficeKind::Leader, date);
        assert_eq!(leaders.len(), 1, "{iso}: leader {leaders:?}");
        let fm = kb.office_holders(iso, OfficeKind::ForeignMinister, date);
        assert_eq!(fm.len(), 1, "{iso}: foreign minister {fm:?}");
    }
}

/// Every person id the dev annotations use exists (the scorer expects these ids).
#[test]
fn dev_actor_ids_exist() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let path = shared.join("gold/dev-actors.md");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("{} absent: skipping", path.display());
        return;
    };
    let kb = KnowledgeBase::bundled().expect("bundled knowledge base parses");
    let mut missing = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("- `")) {
        let id = line
            .trim_start_matches("- `")
            .split('`')
            .next()
            .unwrap_or_default();
        if kb.person(id).is_none() {
            missing.push(id.to_string());
        }
    }
    assert!(missing.is_empty(), "missing person ids: {missing:?}");
}
