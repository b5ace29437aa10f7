//! `parley events`: list stored events with filters, as a table, JSON or CSV. Also the
//! pieces every record command shares: the `--db` option, opening the store with the
//! knowledge base as its geography, resolving actor names, and the printed event record.

use crate::output::SpanRecord;
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use parley_core::{Event, EventMode, EventStatus};
use parley_extract::merge::{is_country_code, Geography};
use parley_nlp::kb::{KnowledgeBase, MentionKind};
use parley_store::{EventQuery, Store};
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

/// The store: `--db FILE|URL`, else `$PARLEY_DB`, else `parley.db` here.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArg {
    /// The store: an SQLite file, or a PostgreSQL server as `postgres://user@host/db`
    /// [default: $PARLEY_DB, else parley.db in the current directory].
    #[arg(long, value_name = "FILE|URL")]
    pub db: Option<String>,
}

impl DbArg {
    /// The `--db` value to use.
    pub fn target(&self) -> String {
        self.db
            .clone()
            .filter(|v| !v.is_empty())
            .or_else(|| std::env::var("PARLEY_DB").ok().filter(|v| !v.is_empty()))
            .unwrap_or_else(|| "parley.db".to_string())
    }

    /// The store as messages name it: a file's path, or a server URL without its password.
    pub fn describe(&self) -> String {
        super::describe_db(&self.target())
    }

    /// Opens an existing store for reading; a missing SQLite file is an error, not a new
    /// database.
    pub fn open_existing(&self) -> Result<Box<dyn Store + Send>> {
        let target = self.target();
        if !parley_store::is_postgres_url(&target)
            && target != ":memory:"
            && !std::path::Path::new(&target).exists()
        {
            bail!("no database at {target} (run `parley ingest` first, or pass --db)");
        }
        super::open_store(&target, None)
    }

    /// Opens (creating if needed) the store for writing, with the knowledge base as the
    /// geography that merging and country queries use.
    pub fn open_for_writing(&self, kb: Arc<KnowledgeBase>) -> Result<Box<dyn Store + Send>> {
        super::open_store(&self.target(), Some(Box::new(KbGeography(kb))))
    }
}

/// The bundled knowledge base, shared.
pub fn knowledge_base() -> Result<Arc<KnowledgeBase>> {
    Ok(Arc::new(
        KnowledgeBase::bundled().context("cannot load the bundled knowledge base")?,
    ))
}

/// The knowledge base answering which country a place, person or country id belongs to.
pub struct KbGeography(pub Arc<KnowledgeBase>);

impl Geography for KbGeography {
    fn country_of(&self, id: &str) -> Option<String> {
        if let Some(place) = self.0.place(id) {
            return Some(place.country.clone());
        }
        if let Some(person) = self.0.person(id) {
            // The country of their latest office held for a country (not an organisation).
            return person
                .offices
                .iter()
                .filter(|o| is_country_code(&o.country))
                .max_by_key(|o| o.from)
                .map(|o| o.country.clone());
        }
        is_country_code(id).then(|| id.to_string())
    }
}

/// True for what is already an actor id: an alpha-3 code or a lower-case ASCII slug.
fn looks_like_id(s: &str) -> bool {
    is_country_code(s)
        || (!s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
}

/// Resolves actors given on the command line as ids (`wang-yi`, `RUS`) or names in any
/// script the knowledge base knows (王毅, 普京, "Lavrov", 俄罗斯). The knowledge base is
/// loaded only when a name needs it.
pub fn resolve_actors(given: &[&str]) -> Result<Vec<String>> {
    let mut kb: Option<Arc<KnowledgeBase>> = None;
    let mut ids = Vec::new();
    for name in given {
        let name = name.trim();
        if looks_like_id(name) {
            ids.push(name.to_string());
            continue;
        }
        let kb = match &kb {
            Some(kb) => kb.clone(),
            None => kb.insert(knowledge_base()?).clone(),
        };
        ids.push(resolve_name(&kb, name)?);
    }
    Ok(ids)
}

/// When a query found nothing, says which ids the knowledge base does not know, and the
/// id a name like `putin` probably meant.
fn hint_unknown_ids(ids: &[String]) {
    let Ok(kb) = knowledge_base() else { return };
    for id in ids {
        if kb.person(id).is_some() || kb.country(id).is_some() || kb.organisation(id).is_some() {
            continue;
        }
        match resolve_name(&kb, id).or_else(|_| resolve_name(&kb, &title_case(id))) {
            Ok(known) => eprintln!("note: {id:?} is not an actor id; did you mean {known}?"),
            Err(_) => eprintln!("note: {id:?} is not an actor id the knowledge base knows"),
        }
    }
}

/// `vladimir putin` → `Vladimir Putin`, for names typed in lower case.
fn title_case(s: &str) -> String {
    s.split(['-', ' '])
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The id of the one person, country or organisation the whole of `name` names.
fn resolve_name(kb: &KnowledgeBase, name: &str) -> Result<String> {
    let mentions = kb.find_mentions(name);
    let whole: Vec<&MentionKind> = mentions
        .iter()
        .filter(|m| m.span.start == 0 && m.span.end == name.len())
        .map(|m| &m.kind)
        .collect();
    match whole.as_slice() {
        [MentionKind::Person(id)]
        | [MentionKind::Country(id)]
        | [MentionKind::Organisation(id)] => Ok(id.clone()),
        _ => bail!(
            "unknown actor {name:?}: give an id (wang-yi, RUS) or a name the knowledge base knows"
        ),
    }
}

/// Output formats of `parley events`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns.
    Table,
    /// One JSON array of events with their mentions.
    Json,
    /// Comma-separated values with a header.
    Csv,
}

/// Arguments of `parley events`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// An actor taking part: id or name.
    #[arg(long)]
    actor: Option<String>,
    /// Another actor that must take part too (repeatable).
    #[arg(long = "with", value_name = "ACTOR")]
    with: Vec<String>,
    /// A country involved (alpha-3): as an actor, an actor's country, or the place.
    #[arg(long, value_name = "ISO3")]
    country: Option<String>,
    /// meet, phone, video or visit.
    #[arg(long)]
    mode: Option<EventMode>,
    /// occurred or planned.
    #[arg(long)]
    status: Option<EventStatus>,
    /// Events ending on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<NaiveDate>,
    /// Events starting on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    until: Option<NaiveDate>,
    /// At most this many events.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    #[command(flatten)]
    db: DbArg,
}

/// Runs the command.
pub fn run(args: Args) -> Result<ExitCode> {
    let given: Vec<&str> = args
        .actor
        .iter()
        .chain(&args.with)
        .map(String::as_str)
        .collect();
    let actors = resolve_actors(&given)?;
    let country = match args.country {
        Some(c) => match resolve_actors(&[c.to_ascii_uppercase().as_str()])
            .or_else(|_| resolve_actors(&[c.as_str()]))
        {
            Ok(ids) if ids.iter().all(|id| is_country_code(id)) => ids.into_iter().next(),
            _ => bail!("--country wants a country (alpha-3 code or name), got {c:?}"),
        },
        None => None,
    };
    let query = EventQuery {
        actors,
        country,
        mode: args.mode,
        status: args.status,
        since: args.since,
        until: args.until,
        limit: args.limit,
    };
    let store = args.db.open_existing()?;
    let events = store.events(&query)?;
    if events.is_empty() && !query.actors.is_empty() {
        hint_unknown_ids(&query.actors);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Table => write_table(&mut out, &events)?,
        Format::Json => {
            let records: Vec<EventRecord<'_>> = events.iter().map(EventRecord::new).collect();
            serde_json::to_writer_pretty(&mut out, &records)?;
            writeln!(out)?;
        }
        Format::Csv => {
            write_csv_header(&mut out)?;
            for event in &events {
                write_csv_row(&mut out, event)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One event as printed in JSON and JSON Lines.
#[derive(Debug, Serialize)]
pub struct EventRecord<'a> {
    /// Store id.
    pub id: i64,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub event_type: &'static str,
    /// meet, phone, video or visit.
    pub mode: &'static str,
    /// Sorted actor ids.
    pub actors: &'a [String],
    /// In the gold files' forms.
    pub date: String,
    /// Place id.
    pub location: Option<&'a str>,
    /// occurred or planned.
    pub status: &'static str,
    /// The linked plan or occurrence.
    pub linked: Option<i64>,
    /// Every report.
    pub mentions: Vec<MentionRecord<'a>>,
}

/// One mention as printed.
#[derive(Debug, Serialize)]
pub struct MentionRecord<'a> {
    /// Document id.
    pub doc: &'a str,
    /// The date this document gives.
    pub date: String,
    /// The place this document gives.
    pub location: Option<&'a str>,
    /// The evidence sentences.
    pub evidence: Vec<SpanRecord<'a>>,
}

impl<'a> EventRecord<'a> {
    /// The printed form of an event.
    pub fn new(e: &'a Event) -> Self {
        EventRecord {
            id: e.id,
            event_type: parley_core::EVENT_TYPE_CONSULT,
            mode: e.mode.as_str(),
            actors: &e.actors,
            date: e.when.to_string(),
            location: e.location.as_deref(),
            status: e.status.as_str(),
            linked: e.linked,
            mentions: e
                .mentions
                .iter()
                .map(|m| MentionRecord {
                    doc: &m.doc,
                    date: m.when.to_string(),
                    location: m.location.as_deref(),
                    evidence: m.evidence.iter().map(SpanRecord::new).collect(),
                })
                .collect(),
        }
    }
}

/// The first evidence sentence of an event, on one line.
pub fn first_evidence(e: &Event) -> String {
    let text = e
        .mentions
        .iter()
        .flat_map(|m| &m.evidence)
        .map(|ev| ev.text.as_str())
        .next()
        .unwrap_or("");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn write_table(out: &mut impl Write, events: &[Event]) -> Result<()> {
    let header = [
        "ID", "DATE", "MODE", "STATUS", "ACTORS", "LOCATION", "SOURCES", "LINKED",
    ];
    let rows: Vec<[String; 8]> = events
        .iter()
        .map(|e| {
            let mut docs: Vec<&str> = e.mentions.iter().map(|m| m.doc.as_str()).collect();
            docs.sort_unstable();
            docs.dedup();
            [
                e.id.to_string(),
                e.when.to_string(),
                e.mode.to_string(),
                e.status.to_string(),
                e.actors.join(", "),
                e.location.clone().unwrap_or_else(|| "-".into()),
                docs.len().to_string(),
                e.linked.map_or_else(|| "-".into(), |l| l.to_string()),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for row in &rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    if events.is_empty() {
        writeln!(out, "(no events)")?;
    }
    Ok(())
}

/// The CSV header shared by `events --format csv` and `export --format csv`.
pub fn write_csv_header(out: &mut impl Write) -> Result<()> {
    writeln!(
        out,
        "id,type,mode,status,date,start,end,actors,location,linked,sources,evidence"
    )?;
    Ok(())
}

/// One event as a CSV row (actors joined with `;`, the first evidence sentence).
pub fn write_csv_row(out: &mut impl Write, e: &Event) -> Result<()> {
    let mut docs: Vec<&str> = e.mentions.iter().map(|m| m.doc.as_str()).collect();
    docs.sort_unstable();
    docs.dedup();
    let fields = [
        e.id.to_string(),
        parley_core::EVENT_TYPE_CONSULT.to_string(),
        e.mode.to_string(),
        e.status.to_string(),
        e.when.to_string(),
        e.when.start.to_string(),
        e.when.end.to_string(),
        e.actors.join(";"),
        e.location.clone().unwrap_or_default(),
        e.linked.map(|l| l.to_string()).unwrap_or_default(),
        docs.join(";"),
        first_evidence(e),
    ];
    let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    writeln!(out, "{}", row.join(","))?;
    Ok(())
}

/// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("两行\n文字"), "\"两行\n文字\"");
    }

    #[test]
    fn ids_pass_through_without_the_knowledge_base() {
        assert!(looks_like_id("wang-yi") && looks_like_id("RUS") && looks_like_id("g20"));
        assert!(!looks_like_id("王毅") && !looks_like_id("Lavrov") && !looks_like_id(""));
        assert_eq!(
            resolve_actors(&["wang-yi", " RUS "]).unwrap(),
            ["wang-yi", "RUS"]
        );
    }

    #[test]
    fn lower_case_names_are_title_cased() {
        assert_eq!(title_case("putin"), "Putin");
        assert_eq!(title_case("sergey-lavrov"), "Sergey Lavrov");
    }

    #[test]
    fn the_db_flag_wins_over_the_environment() {
        let arg = DbArg {
            db: Some("/tmp/x.db".into()),
        };
        assert_eq!(arg.target(), "/tmp/x.db");
        let arg = DbArg {
            db: Some("postgres://u:secret@db.example/parley".into()),
        };
        assert_eq!(arg.describe(), "postgres://u:***@db.example/parley");
    }
}
