//! Measures the extraction stage alone: reads and analyses every document first, then
//! runs [`extract`] over all of them `ROUNDS` times (default 20) and prints the CPU
//! time per document and the number of events (a checksum for before/after runs).
//! Pair it with `valgrind --tool=callgrind` for instruction counts.
//!
//! `cargo run --release -p parley-extract --example speed -- DIR_OR_FILE...`

use parley_core::RawDocument;
use parley_extract::{extract, Rules};
use parley_ingest::ReadOptions;
use parley_nlp::analyze::analyze;
use parley_nlp::kb::KnowledgeBase;
use std::path::PathBuf;
use std::time::Instant;

fn files(arg: &str) -> Vec<PathBuf> {
    let path = PathBuf::from(arg);
    if !path.is_dir() {
        return vec![path];
    }
    let mut out: Vec<PathBuf> = std::fs::read_dir(&path)
        .map(|dir| dir.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

fn main() {
    let kb = KnowledgeBase::bundled().expect("bundled knowledge base loads");
    let rules = Rules::bundled().expect("bundled rules load");
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    let mut docs = Vec::new();
    for arg in std::env::args().skip(1) {
        for path in files(&arg) {
            let Ok(bytes) = std::fs::read(&path) else {
                eprintln!("cannot read {}", path.display());
                continue;
            };
            let raw = RawDocument::new(path.display().to_string(), bytes);
            for doc in parley_ingest::read(&raw, &ReadOptions::default())
                .into_iter()
                .flatten()
            {
                let analyzed = analyze(&doc, &kb);
                docs.push((doc, analyzed));
            }
        }
    }
    let started = Instant::now();
    let mut events = 0usize;
    for _ in 0..rounds {
        for (doc, analyzed) in &docs {
            events += extract(analyzed, doc, &kb, &rules).len();
        }
    }
    let elapsed = started.elapsed();
    let runs = (rounds * docs.len()).max(1);
    println!(
        "{} documents x {rounds} rounds: {:.1} µs per document, {} events per round",
        docs.len(),
        elapsed.as_secs_f64() * 1e6 / runs as f64,
        events / rounds.max(1)
    );
}
