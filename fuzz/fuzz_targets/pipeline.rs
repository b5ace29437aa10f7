//! The whole path of `parley extract` for one document: read (any format, sniffed),
//! analyse, extract events, with the bundled knowledge base and trigger rules.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parley_core::RawDocument;
use parley_extract::Rules;
use parley_ingest::ReadOptions;
use parley_nlp::kb::KnowledgeBase;
use std::sync::OnceLock;

struct Setup {
    options: ReadOptions,
    kb: KnowledgeBase,
    rules: Rules,
}

static SETUP: OnceLock<Setup> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let setup = SETUP.get_or_init(|| Setup {
        options: ReadOptions::default(),
        kb: KnowledgeBase::bundled().expect("the bundled knowledge base loads"),
        rules: Rules::bundled().expect("the bundled rules load"),
    });
    let raw = RawDocument::new("fuzz", data.to_vec());
    for document in parley_ingest::read(&raw, &setup.options).into_iter().flatten() {
        let analyzed = parley_nlp::analyze::analyze(&document, &setup.kb);
        let _ = parley_extract::extract(&analyzed, &document, &setup.kb, &setup.rules);
    }
});
