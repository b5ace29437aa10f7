//! HTML cleaning: arbitrary bytes decoded as UTF-8 (lossily) and cleaned by
//! `parley_ingest::html::extract_article`; the same bytes also go through charset
//! detection (`charset::decode`) as a page of unknown encoding would.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parley_ingest::ReadOptions;
use std::sync::OnceLock;

static OPTIONS: OnceLock<ReadOptions> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let options = OPTIONS.get_or_init(ReadOptions::default);
    let text = String::from_utf8_lossy(data);
    let _ = parley_ingest::html::extract_article(&text, options);
    let _ = parley_ingest::charset::decode(data, None);
});
