//! `parley export`: every stored event, as JSON Lines, CSV, or PLOVER records.
//!
//! The PLOVER form follows the field names of the PLOVER manual's "JSON Data Fields"
//! chapter (one JSON object per line): `id`, `date` and `enddate` (YYYY-MM-DD), `event`
//! (a list of categories), `mode`, `quad_code`, `source` and `recipient` (lists of actor
//! objects with `code` = alpha-3 country, `identifier_id` = our actor id,
//! `actor_text` = the display name), `event_loc`, `event_text` (the evidence
//! sentences), `link`, `cite_info` (one per reporting document), `coder`, `coded_date`;
//! our own fields go in a `parley` object (providers may add fields).
//!
//! Our modes map onto PLOVER's CONSULT modes (visit, third-party, multilateral, phone):
//!
//! | parley | PLOVER |
//! | --- | --- |
//! | `phone`, `video` | CONSULT / `phone` ("via phone or some other remote medium") |
//! | `visit` | CONSULT / `visit`: the traveller is the source, the host country the recipient |
//! | `meet`, 3 or more actors | CONSULT / `multilateral`, all actors as source |
//! | `meet`, 2 actors, held in the country of exactly one | CONSULT / `visit`: the other is the source, the host the recipient |
//! | `meet`, 2 actors, held in a country of neither | CONSULT / `third-party` |
//! | `meet`, otherwise | CONSULT, no mode, both actors as source (PLOVER's reciprocal form) |
//! | any `planned` event | AGREE (an expressed intent to meet, CAMEO 036), no mode |
//!
//! CONSULT and AGREE are both verbal cooperation: `quad_code` 1.

use super::events::{
    knowledge_base, write_csv_header, write_csv_row, DbArg, EventRecord, KbGeography,
};
use anyhow::Result;
use parley_core::{Event, EventMode, EventStatus};
use parley_extract::merge::{is_country_code, Geography};
use parley_nlp::kb::KnowledgeBase;
use parley_store::{Store, StoreError, StoredDocument};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One event per line with all its mentions and evidence.
    Jsonl,
    /// One event per row.
    Csv,
    /// One PLOVER record per line.
    Plover,
}

/// Arguments of `parley export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    #[command(flatten)]
    db: DbArg,
}

/// Runs the command.
pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    // Only PLOVER records need the knowledge base (actor names and countries).
    let plover = match args.format {
        Format::Plover => {
            let kb = knowledge_base()?;
            Some(Plover {
                kb: kb.clone(),
                geo: KbGeography(kb),
                coded_date: chrono::Utc::now().date_naive().to_string(),
            })
        }
        Format::Jsonl | Format::Csv => None,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut documents: HashMap<String, Option<StoredDocument>> = HashMap::new();
    if args.format == Format::Csv {
        write_csv_header(&mut out)?;
    }
    let io = |e: std::io::Error| StoreError::Invalid(format!("cannot write: {e}"));
    store.for_each_event(&mut |event| {
        match (args.format, &plover) {
            (Format::Plover, Some(plover)) => {
                for mention in &event.mentions {
                    if !documents.contains_key(&mention.doc) {
                        documents.insert(mention.doc.clone(), store.document(&mention.doc)?);
                    }
                }
                serde_json::to_writer(&mut out, &plover.record(&event, &documents))?;
                writeln!(out).map_err(io)?;
            }
            (Format::Jsonl | Format::Plover, _) => {
                serde_json::to_writer(&mut out, &EventRecord::new(&event))?;
                writeln!(out).map_err(io)?;
            }
            (Format::Csv, _) => write_csv_row(&mut out, &event)
                .map_err(|e| StoreError::Invalid(format!("{e:#}")))?,
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Builds PLOVER records.
struct Plover {
    kb: Arc<KnowledgeBase>,
    geo: KbGeography,
    coded_date: String,
}

/// Who the PLOVER record names as source and recipient, and its mode.
#[derive(Debug, PartialEq, Eq)]
struct Roles<'a> {
    category: &'static str,
    mode: Option<&'static str>,
    source: Vec<&'a str>,
    recipient: Vec<&'a str>,
}

impl Plover {
    fn record(&self, e: &Event, documents: &HashMap<String, Option<StoredDocument>>) -> Value {
        let roles = plover_roles(e, &self.geo);
        let actor = |id: &str| {
            let name = self
                .kb
                .person(id)
                .map(|p| p.name().to_string())
                .or_else(|| self.kb.country(id).map(|c| c.name().to_string()))
                .or_else(|| self.kb.organisation(id).map(|o| o.name().to_string()));
            json!({ "code": self.geo.country_of(id), "identifier_id": id, "actor_text": name })
        };
        let event_text: Vec<&str> = e
            .mentions
            .iter()
            .flat_map(|m| &m.evidence)
            .map(|ev| ev.text.as_str())
            .collect();
        let mut cited: Vec<&str> = Vec::new();
        let cite_info: Vec<Value> = e
            .mentions
            .iter()
            .filter(|m| {
                let first = !cited.contains(&m.doc.as_str());
                cited.push(&m.doc);
                first
            })
            .map(|m| match documents.get(&m.doc).and_then(Option::as_ref) {
                Some(stored) => {
                    let d = &stored.document;
                    json!({
                        "doc_id": d.id,
                        "url": d.url,
                        "title": d.title,
                        "source": d.source,
                        "published": d.published.map(|p| p.to_string()),
                        "origin": d.origin,
                    })
                }
                None => json!({ "doc_id": m.doc }),
            })
            .collect();
        let location = e.location.as_deref().map(|l| {
            let country = self.geo.country_of(l);
            let name = (self.kb.place(l).map(|p| p.name().to_string()))
                .or_else(|| self.kb.country(l).map(|c| c.name().to_string()));
            json!({ "placename": name.unwrap_or_else(|| l.to_string()), "place_id": l, "country": country })
        });
        let mut record = json!({
            "id": format!("parley-{}", e.id),
            "date": e.when.start.to_string(),
            "event": [roles.category],
            "mode": roles.mode,
            "quad_code": 1,
            "source": roles.source.iter().map(|a| actor(a)).collect::<Vec<_>>(),
            "recipient": roles.recipient.iter().map(|a| actor(a)).collect::<Vec<_>>(),
            "event_loc": location,
            "event_text": event_text,
            "link": e.linked.map(|l| format!("parley-{l}")),
            "cite_info": cite_info,
            "coder": concat!("parley ", env!("CARGO_PKG_VERSION")),
            "coded_date": self.coded_date,
            "parley": {
                "mode": e.mode.as_str(),
                "status": e.status.as_str(),
                "date": e.when.to_string(),
                "actors": e.actors,
            },
        });
        if e.when.end != e.when.start {
            record["enddate"] = json!(e.when.end.to_string());
        }
        record
    }
}

/// The PLOVER category, mode, source and recipient of an event (see the module docs).
fn plover_roles<'a>(e: &'a Event, geo: &dyn Geography) -> Roles<'a> {
    let all: Vec<&str> = e.actors.iter().map(String::as_str).collect();
    if e.status == EventStatus::Planned {
        return Roles {
            category: "AGREE",
            mode: None,
            source: all,
            recipient: Vec::new(),
        };
    }
    let place_country = e.location.as_deref().and_then(|l| geo.country_of(l));
    let consult = |mode, source, recipient| Roles {
        category: "CONSULT",
        mode,
        source,
        recipient,
    };
    match e.mode {
        EventMode::Phone | EventMode::Video => consult(Some("phone"), all, Vec::new()),
        EventMode::Visit => {
            // The host: the actor that is the place's country, else the one country actor.
            let countries: Vec<&str> = all.iter().copied().filter(|a| is_country_code(a)).collect();
            let host = all
                .iter()
                .copied()
                .find(|a| place_country.as_deref() == Some(*a))
                .or(if countries.len() == 1 {
                    Some(countries[0])
                } else {
                    None
                });
            match host {
                Some(host) => consult(
                    Some("visit"),
                    all.iter().copied().filter(|a| *a != host).collect(),
                    vec![host],
                ),
                None => consult(Some("visit"), all, Vec::new()),
            }
        }
        EventMode::Meet if all.len() >= 3 => consult(Some("multilateral"), all, Vec::new()),
        EventMode::Meet => {
            let Some(place_country) = place_country else {
                return consult(None, all, Vec::new());
            };
            let home: Vec<&str> = all
                .iter()
                .copied()
                .filter(|a| geo.country_of(a).as_deref() == Some(place_country.as_str()))
                .collect();
            match home.as_slice() {
                [] if all.iter().all(|a| geo.country_of(a).is_some()) => {
                    consult(Some("third-party"), all, Vec::new())
                }
                [host] => consult(
                    Some("visit"),
                    all.iter().copied().filter(|a| a != host).collect(),
                    vec![*host],
                ),
                _ => consult(None, all, Vec::new()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parley_core::TimeInterval;

    struct Geo;
    impl Geography for Geo {
        fn country_of(&self, id: &str) -> Option<String> {
            let c = match id {
                "wang-yi" | "beijing" => "CHN",
                "sergey-lavrov" | "moscow" => "RUS",
                "marco-rubio" => "USA",
                "riyadh" => "SAU",
                other if is_country_code(other) => other,
                _ => return None,
            };
            Some(c.to_string())
        }
    }

    fn event(
        mode: EventMode,
        actors: &[&str],
        location: Option<&str>,
        status: EventStatus,
    ) -> Event {
        Event {
            id: 1,
            mode,
            actors: actors.iter().map(|s| s.to_string()).collect(),
            when: TimeInterval::day(chrono::NaiveDate::from_ymd_opt(2025, 2, 20).unwrap()),
            location: location.map(str::to_string),
            status,
            linked: None,
            mentions: Vec::new(),
        }
    }

    fn roles(e: &Event) -> (&'static str, Option<&'static str>, Vec<&str>, Vec<&str>) {
        let r = plover_roles(e, &Geo);
        (r.category, r.mode, r.source, r.recipient)
    }

    #[test]
    fn modes_map_onto_plover_consult_modes() {
        use EventMode::*;
        use EventStatus::*;
        let pair = &["sergey-lavrov", "wang-yi"];
        assert_eq!(
            roles(&event(Video, pair, None, Occurred)),
            ("CONSULT", Some("phone"), pair.to_vec(), vec![])
        );
        assert_eq!(roles(&event(Phone, pair, None, Occurred)).1, Some("phone"));
        assert_eq!(
            roles(&event(Visit, &["RUS", "wang-yi"], Some("moscow"), Occurred)),
            ("CONSULT", Some("visit"), vec!["wang-yi"], vec!["RUS"])
        );
        assert_eq!(
            roles(&event(Meet, pair, Some("moscow"), Occurred)),
            (
                "CONSULT",
                Some("visit"),
                vec!["wang-yi"],
                vec!["sergey-lavrov"]
            )
        );
        assert_eq!(
            roles(&event(Meet, pair, Some("riyadh"), Occurred)).1,
            Some("third-party")
        );
        assert_eq!(
            roles(&event(Meet, pair, None, Occurred)),
            ("CONSULT", None, pair.to_vec(), vec![])
        );
        let three = &["marco-rubio", "sergey-lavrov", "wang-yi"];
        assert_eq!(
            roles(&event(Meet, three, Some("beijing"), Occurred)).1,
            Some("multilateral")
        );
        assert_eq!(
            roles(&event(Visit, &["CHN", "sergey-lavrov"], None, Planned)),
            ("AGREE", None, vec!["CHN", "sergey-lavrov"], vec![])
        );
    }
}
