//! `parley event ID`: one event with every source that reports it and each evidence
//! sentence, and the plan or occurrence it is linked to.

use super::events::{DbArg, EventRecord};
use anyhow::{bail, Result};
use parley_core::Event;
use parley_store::Store;
use std::io::Write;
use std::process::ExitCode;

/// Output formats of `parley event`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For reading.
    Text,
    /// The event as one JSON object.
    Json,
}

/// Arguments of `parley event`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The event's id (as `parley events` lists it).
    id: i64,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    #[command(flatten)]
    db: DbArg,
}

/// Runs the command; an unknown id is an error.
pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let Some(event) = store.event(args.id)? else {
        bail!("no event {} in {}", args.id, args.db.describe());
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &EventRecord::new(&event))?;
            writeln!(out)?;
        }
        Format::Text => write_text(&mut out, &store, &event)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_text(out: &mut impl Write, store: &impl Store, e: &Event) -> Result<()> {
    writeln!(
        out,
        "event {}: {} {} {}",
        e.id,
        e.status,
        e.mode,
        e.actors.join(", ")
    )?;
    writeln!(out, "date: {}", e.when)?;
    writeln!(out, "location: {}", e.location.as_deref().unwrap_or("-"))?;
    if let Some(linked) = e.linked {
        match store.event(linked)? {
            Some(other) => writeln!(
                out,
                "linked: event {} ({} {}, {})",
                other.id, other.status, other.mode, other.when
            )?,
            None => writeln!(out, "linked: event {linked}")?,
        }
    }
    writeln!(out, "sources: {}", e.mentions.len())?;
    for mention in &e.mentions {
        writeln!(out)?;
        match store.document(&mention.doc)? {
            Some(stored) => {
                let d = &stored.document;
                writeln!(out, "== {}", d.title.as_deref().unwrap_or("(untitled)"))?;
                let published = d.published.map(|p| p.to_string());
                for (label, value) in [
                    ("source", d.source.as_deref()),
                    ("published", published.as_deref()),
                    ("url", d.url.as_deref()),
                    ("origin", Some(d.origin.as_str())),
                ] {
                    if let Some(value) = value {
                        writeln!(out, "   {label}: {value}")?;
                    }
                }
            }
            None => writeln!(out, "== document {} (not stored)", mention.doc)?,
        }
        writeln!(
            out,
            "   says: {} {}{}",
            mention.status,
            mention.when,
            mention
                .location
                .as_deref()
                .map(|l| format!(" at {l}"))
                .unwrap_or_default()
        )?;
        for evidence in &mention.evidence {
            writeln!(
                out,
                "   > {}",
                evidence
                    .text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            )?;
        }
    }
    Ok(())
}
