//! Matching throughput of the knowledge base over the shared articles (run with
//! `cargo test --release -p parley-nlp --test kb_speed -- --ignored --nocapture`).

use parley_nlp::kb::KnowledgeBase;
use std::path::PathBuf;
use std::time::Instant;

#[test]
#[ignore = "timing; run in release"]
fn matching_throughput() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let mut corpus = String::new();
    for dir in ["gold/dev", "seeds"] {
        let Ok(entries) = std::fs::read_dir(shared.join(dir)) else {
            eprintln!("{} absent: skipping", shared.display());
            return;
        };
        for entry in entries.flatten() {
            corpus.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
    }
    let started = Instant::now();
    let kb = KnowledgeBase::bundled().expect("bundled knowledge base parses");
    let built = started.elapsed();
    let rounds = 20;
    let started = Instant::now();
    let mut found = 0;
    for _ in 0..rounds {
        found += kb.find_mentions(&corpus).len();
    }
    let secs = started.elapsed().as_secs_f64();
    let mb = (corpus.len() * rounds) as f64 / 1e6;
    eprintln!(
        "built in {built:?}; {found} mentions; {:.1} MB/s",
        mb / secs
    );
}
