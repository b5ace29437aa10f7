//! Feed parsing: arbitrary bytes after an RSS or Atom opening (the first byte picks which),
//! so the content sniffs as a feed, through `parley_ingest::read`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parley_core::RawDocument;
use parley_ingest::ReadOptions;
use std::sync::OnceLock;

static OPTIONS: OnceLock<ReadOptions> = OnceLock::new();

const RSS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>";
const ATOM: &str = "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">";

fuzz_target!(|data: &[u8]| {
    let options = OPTIONS.get_or_init(ReadOptions::default);
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let mut bytes = if pick % 2 == 0 { RSS } else { ATOM }.as_bytes().to_vec();
    bytes.extend_from_slice(rest);
    let _ = parley_ingest::read(&RawDocument::new("fuzz.xml", bytes), options);
});
