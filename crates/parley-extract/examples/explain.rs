//! Shows what extraction sees in each sentence of a document: actor, place and role
//! mentions, time expressions, trigger words, and the events found. For tuning the
//! rules in `data/triggers.toml` and the knowledge base.
//!
//! `cargo run -p parley-extract --example explain -- FILE...`

use parley_core::RawDocument;
use parley_extract::{extract, Rules};
use parley_ingest::ReadOptions;
use parley_nlp::analyze::analyze;
use parley_nlp::kb::{KnowledgeBase, MentionKind};

fn main() {
    let kb = KnowledgeBase::bundled().expect("bundled knowledge base loads");
    let rules = Rules::bundled().expect("bundled rules load");
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("cannot read {path}");
            continue;
        };
        for doc in parley_ingest::read(
            &RawDocument::new(path.clone(), bytes),
            &ReadOptions::default(),
        )
        .into_iter()
        .flatten()
        {
            let analyzed = analyze(&doc, &kb);
            println!(
                "== {path}  anchor {:?}  dateline {:?}",
                analyzed.anchor, analyzed.dateline
            );
            for field in &analyzed.fields {
                let text = doc.text(field.field).unwrap_or("");
                for s in &field.sentences {
                    let triggers = rules.find_triggers(&s.norm.text);
                    if triggers.is_empty() && std::env::var_os("EXPLAIN_ALL").is_none() {
                        continue;
                    }
                    println!("-- {:?} p{} {}", field.field, s.paragraph, s.text(text));
                    let actors: Vec<String> = s
                        .actors
                        .iter()
                        .map(|a| {
                            let what = match &a.mention.kind {
                                MentionKind::Person(id) => id.clone(),
                                MentionKind::Country(c) => c.clone(),
                                MentionKind::Organisation(o) => format!("org:{o}"),
                                MentionKind::Place { id, .. } => format!("place:{id}"),
                                MentionKind::Role(r) => format!(
                                    "role:{}{:?}{}",
                                    r.office,
                                    r.countries,
                                    if r.plural { "+" } else { "" }
                                ),
                            };
                            format!("{}={what}", &s.norm.text[a.local.range()])
                        })
                        .collect();
                    let times: Vec<String> = s
                        .times
                        .iter()
                        .map(|t| {
                            format!("{}={}", &s.norm.text[t.local.range()], t.mention.interval)
                        })
                        .collect();
                    let words: Vec<String> = triggers
                        .iter()
                        .map(|t| format!("{}:{}", t.value.word, t.value.mode))
                        .collect();
                    println!("   actors {actors:?}\n   times {times:?}\n   triggers {words:?}");
                }
            }
            for e in extract(&analyzed, &doc, &kb, &rules) {
                println!(
                    "=> {} {} {} {:?} {}",
                    e.mode,
                    e.actors.join(","),
                    e.when,
                    e.location,
                    e.status
                );
            }
        }
    }
}
