//! Prints the trigger and cue words found in each argument (normalised first), for
//! checking `data/triggers.toml`: `cargo run -p parley-extract --example cues -- TEXT...`

use parley_extract::Rules;
use parley_nlp::text::normalize;

fn main() {
    let rules = Rules::bundled().expect("bundled rules load");
    for arg in std::env::args().skip(1) {
        let norm = normalize(&arg);
        let text = &norm.text;
        for t in rules.find_triggers(text) {
            println!(
                "trigger {:?} {} at {}",
                &text[t.span.range()],
                t.value.mode,
                t.span.start
            );
        }
        for c in rules.find_cues(text) {
            println!(
                "cue {:?} {:?} at {}",
                &text[c.span.range()],
                c.value,
                c.span.start
            );
        }
    }
}
