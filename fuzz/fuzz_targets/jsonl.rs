//! JSON Lines: a valid first record (so the content sniffs as JSON Lines) followed by
//! arbitrary bytes as further lines, through `parley_ingest::read`. Every line must give
//! at most one document or one diagnostic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parley_core::RawDocument;
use parley_ingest::ReadOptions;
use std::sync::OnceLock;

static OPTIONS: OnceLock<ReadOptions> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let options = OPTIONS.get_or_init(ReadOptions::default);
    let mut bytes = br#"{"url": "https://example.com/a", "title": "t", "text": "x"}"#.to_vec();
    bytes.push(b'\n');
    bytes.extend_from_slice(data);
    let lines = bytes.split(|b| *b == b'\n').count();
    let results = parley_ingest::read(&RawDocument::new("fuzz.jsonl", bytes), options);
    assert!(results.len() <= lines, "more results than lines");
});
