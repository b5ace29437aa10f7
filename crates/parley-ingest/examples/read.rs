//! Prints what the readers make of files, one JSON object per document, in the shape
//! `parley extract --format jsonl` prints (without events), so the scorers in
//! `../shared/eval` can check the readers alone:
//!
//! ```text
//! cargo run -p parley-ingest --example read -- FILE... > out.jsonl
//! ```

use parley_core::RawDocument;
use parley_ingest::{read, ReadOptions};

fn main() {
    let options = ReadOptions::default();
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: {path}: {e}");
                continue;
            }
        };
        for result in read(&RawDocument::new(path.clone(), bytes), &options) {
            match result {
                Ok(d) => {
                    let record = serde_json::json!({
                        "doc": d.origin, "id": d.id, "title": d.title,
                        "published": d.published.map(|p| p.to_string()),
                        "source": d.source, "url": d.url, "author": d.author,
                        "body": d.body, "captions": d.captions, "events": [],
                    });
                    println!("{record}");
                }
                Err(diag) => eprintln!("{diag}"),
            }
        }
    }
}
