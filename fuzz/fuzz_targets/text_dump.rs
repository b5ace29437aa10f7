//! The text-dump reader: arbitrary bytes after a title line, so the content sniffs as a
//! plain-text page dump (unless the bytes themselves look like a page), through
//! `parley_ingest::read` (charset detection, junk check, dump cleaning).
#![no_main]

use libfuzzer_sys::fuzz_target;
use parley_core::RawDocument;
use parley_ingest::ReadOptions;
use std::sync::OnceLock;

static OPTIONS: OnceLock<ReadOptions> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let options = OPTIONS.get_or_init(ReadOptions::default);
    let mut bytes = "外交部发言人答记者问\n\n".as_bytes().to_vec();
    bytes.extend_from_slice(data);
    for result in parley_ingest::read(&RawDocument::new("fuzz.txt", bytes), options) {
        if let Ok(doc) = result {
            assert!(doc.body.len() <= data.len() * 4 + 1024, "body grew unboundedly");
        }
    }
});
