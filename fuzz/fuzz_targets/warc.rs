//! WARC reading: arbitrary bytes, behind a `WARC/1.0` version line when the first byte is
//! even (plain archives) or as they are when it is odd (so gzip members are reached too),
//! through the record iterator `parley_ingest::warc::records`, through the streaming
//! reader `parley_ingest::warc::open` with a small record size limit (so records are
//! passed over as an archive larger than `--max-bytes` is read), and through
//! `parley_ingest::read`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parley_core::RawDocument;
use parley_ingest::ReadOptions;
use std::sync::OnceLock;

static OPTIONS: OnceLock<ReadOptions> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let options = OPTIONS.get_or_init(ReadOptions::default);
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let mut bytes = Vec::with_capacity(rest.len() + 10);
    if pick % 2 == 0 {
        bytes.extend_from_slice(b"WARC/1.0\r\n");
    }
    bytes.extend_from_slice(rest);
    let mut errors = 0;
    for record in parley_ingest::warc::records(&bytes) {
        if record.is_err() {
            errors += 1;
        }
    }
    assert!(errors <= 1, "reading goes on after a malformed record");
    // Streamed, with a limit of 0 to 1,020 bytes: records over it are passed over and
    // reading goes on; the records read are the same as without a limit, in order.
    let limit = u64::from(pick) * 4;
    let unlimited: Vec<_> = parley_ingest::warc::records(&bytes)
        .filter_map(Result::ok)
        .filter(|r| r.content.len() as u64 <= limit)
        .collect();
    let limited: Vec<_> = parley_ingest::warc::open(bytes.as_slice())
        .with_limit(limit)
        .filter_map(Result::ok)
        .collect();
    assert_eq!(limited, unlimited, "a limit only passes over records");
    let _ = parley_ingest::read(&RawDocument::new("fuzz.warc", bytes), options);
});
