//! The readers against the annotated articles in `../shared/gold` (seeds and dev set):
//! what each cleaned body must and must not contain, and the metadata, checked the way
//! `../shared/eval/score.py` checks them. Skipped with a message when `../shared` is
//! not beside the workspace.

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use parley_core::{Document, RawDocument, Timestamp};
use parley_ingest::{read, ReadOptions};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

/// Width, quotes and white space do not count (the scorer's NFKC, for the characters
/// news text uses).
fn norm(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            _ => c,
        })
        .collect()
}

fn published_ok(answer: Option<Timestamp>, gold: &str) -> bool {
    let Some(answer) = answer else { return false };
    if gold.len() == 10 {
        return NaiveDate::parse_from_str(gold, "%Y-%m-%d").is_ok_and(|d| d == answer.date());
    }
    let Timestamp::Instant(a) = answer else {
        return false;
    };
    if let Ok(g) = DateTime::parse_from_rfc3339(&gold.replace('Z', "+00:00")) {
        return (a - g).num_seconds().abs() <= 60;
    }
    NaiveDateTime::parse_from_str(gold, "%Y-%m-%dT%H:%M:%S").is_ok_and(|g| g == a.naive_local())
}

/// Checks every gold document; returns (body hits, body checks, meta hits, meta checks).
fn score(gold_file: &Path, docs_dir: &Path) -> (usize, usize, usize, usize) {
    let gold: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(gold_file).expect("gold file"))
            .expect("gold JSON");
    let options = ReadOptions::default();
    let (mut body_ok, mut body_all, mut meta_ok, mut meta_all) = (0, 0, 0, 0);
    for entry in &gold {
        let name = entry["doc"].as_str().expect("doc name");
        let bytes = std::fs::read(docs_dir.join(name)).expect("gold document");
        let doc: Document = read(&RawDocument::new(name, bytes), &options)
            .into_iter()
            .next()
            .and_then(Result::ok)
            .unwrap_or_else(|| panic!("{name}: no document"));
        let body = norm(&doc.body);
        for frag in entry["body_must_contain"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            body_all += 1;
            let hit = body.contains(&norm(frag));
            body_ok += usize::from(hit);
            if !hit {
                eprintln!("{name}: body lacks {frag:?}");
            }
        }
        for frag in entry["body_must_not_contain"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            body_all += 1;
            let hit = !body.contains(&norm(frag));
            body_ok += usize::from(hit);
            if !hit {
                eprintln!("{name}: body still has {frag:?}");
            }
        }
        let text_fields = [
            ("title", doc.title.as_deref()),
            ("source", doc.source.as_deref()),
        ];
        for (field, answer) in text_fields {
            if let Some(g) = entry[field].as_str() {
                meta_all += 1;
                let hit = answer.is_some_and(|a| norm(a) == norm(g));
                meta_ok += usize::from(hit);
                if !hit {
                    eprintln!("{name}: {field} {answer:?}, gold {g:?}");
                }
            }
        }
        if let Some(g) = entry["published"].as_str() {
            meta_all += 1;
            let hit = published_ok(doc.published, g);
            meta_ok += usize::from(hit);
            if !hit {
                eprintln!(
                    "{name}: published {:?}, gold {g:?}",
                    doc.published.map(|p| p.to_string())
                );
            }
        }
        if let Some(g) = entry["url"].as_str() {
            meta_all += 1;
            meta_ok += usize::from(doc.url.as_deref() == Some(g));
        }
    }
    (body_ok, body_all, meta_ok, meta_all)
}

#[test]
fn seeds_bodies_and_metadata_are_all_right() {
    let Some(shared) = shared() else { return };
    let (body_ok, body_all, meta_ok, meta_all) =
        score(&shared.join("gold/seeds.json"), &shared.join("seeds"));
    assert!(body_all > 0 && meta_all > 0);
    assert_eq!(body_ok, body_all, "seed body checks");
    assert_eq!(meta_ok, meta_all, "seed metadata checks");
}

#[test]
fn dev_set_bodies_and_metadata() {
    let Some(shared) = shared() else { return };
    let (body_ok, body_all, meta_ok, meta_all) =
        score(&shared.join("gold/dev.json"), &shared.join("gold/dev"));
    let body = body_ok as f64 / body_all.max(1) as f64;
    let meta = meta_ok as f64 / meta_all.max(1) as f64;
    eprintln!(
        "dev: body {body:.3} ({body_ok}/{body_all}), metadata {meta:.3} ({meta_ok}/{meta_all})"
    );
    assert!(body >= 0.97, "dev body checks {body:.3}");
    assert!(meta >= 0.97, "dev metadata checks {meta:.3}");
}
