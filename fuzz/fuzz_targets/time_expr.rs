//! Time-expression normalisation: `parley_nlp::time::fuzz::check` runs `find_times` on
//! arbitrary bytes and asserts its contract (spans ordered, on character boundaries,
//! intervals well formed).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    parley_nlp::time::fuzz::check(data);
});
