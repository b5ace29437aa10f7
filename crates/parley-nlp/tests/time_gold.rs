//! Checks against the annotated articles in `../shared/gold` (skipped when absent): for
//! every event the analysts did not mark optional, some time expression of its article,
//! resolved against the publication date as a report (Past) or an announcement (Future),
//! lies inside the gold date. This is the recall the event extractor can build on.

use chrono::NaiveDate;
use parley_nlp::time::{find_times, Direction};
use serde_json::Value;
use std::path::PathBuf;

fn shared() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.join("gold").is_dir().then_some(dir)
}

/// `2025-02-20`, `2025-02`, `2025` or `A/B` as (first day, last day).
fn gold_interval(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    if let Some((a, b)) = value.split_once('/') {
        return Some((gold_interval(a)?.0, gold_interval(b)?.1));
    }
    let parts: Vec<u32> = value
        .split('-')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let y = i32::try_from(*parts.first()?).ok()?;
    match parts[..] {
        [_, m, d] => NaiveDate::from_ymd_opt(y, m, d).map(|day| (day, day)),
        [_, m] => {
            let t = parley_core::TimeInterval::month(y, m)?;
            Some((t.start, t.end))
        }
        [_] => {
            let t = parley_core::TimeInterval::year(y)?;
            Some((t.start, t.end))
        }
        _ => None,
    }
}

#[test]
fn gold_dates_are_found() {
    let Some(shared) = shared() else {
        eprintln!("../shared/gold not found: skipping the gold date check");
        return;
    };
    let mut checked = 0;
    let mut misses = Vec::new();
    for (docs_dir, file) in [("seeds", "gold/seeds.json"), ("gold/dev", "gold/dev.json")] {
        let Ok(json) = std::fs::read_to_string(shared.join(file)) else {
            continue;
        };
        let gold: Value = serde_json::from_str(&json).expect("gold file is JSON");
        for doc in gold.as_array().into_iter().flatten() {
            let name = doc["doc"].as_str().unwrap_or_default();
            let Some(published) = doc["published"].as_str() else {
                continue;
            };
            let Some(anchor) = published
                .get(..10)
                .and_then(|d| d.parse::<NaiveDate>().ok())
            else {
                continue;
            };
            let Ok(text) = std::fs::read_to_string(shared.join(docs_dir).join(name)) else {
                continue;
            };
            let past = find_times(&text, anchor, Direction::Past);
            let future = find_times(&text, anchor, Direction::Future);
            for event in doc["events"].as_array().into_iter().flatten() {
                if event["optional"].as_bool() == Some(true) {
                    continue;
                }
                let Some((start, end)) = event["date"].as_str().and_then(gold_interval) else {
                    continue;
                };
                checked += 1;
                let inside = past
                    .iter()
                    .chain(&future)
                    .any(|m| start <= m.interval.start && m.interval.end <= end);
                if !inside {
                    misses.push(format!("{name}: {} ({})", event["date"], event["note"]));
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} gold events read");
    assert!(
        misses.is_empty(),
        "{} of {checked} gold dates missed:\n{}",
        misses.len(),
        misses.join("\n")
    );
}
