//! `parley extract`: read documents, print each cleaned story with its events.

use crate::inputs;
use crate::output::DocumentRecord;
use crate::pipeline::{Pipeline, Processed};
use anyhow::Result;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Output formats of `parley extract`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per document (the scorer's contract).
    Jsonl,
    /// A readable summary per document.
    Text,
}

/// Arguments of `parley extract`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Largest document accepted, in bytes.
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    max_bytes: u64,
    /// Files, directories (read recursively) or `-` for standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// How many documents are read at once; bounds memory to the documents in flight.
const BATCH: usize = 256;

/// Runs the command; exit status 1 when any document failed.
pub fn run(args: Args) -> Result<ExitCode> {
    let inputs = inputs::collect(&args.paths)?;
    let pipeline = Pipeline::new()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    pipeline.run(&inputs, BATCH, args.max_bytes, &mut |results, _| {
        for result in results {
            match result {
                Ok(processed) => write_one(&mut out, &processed, args.format)?,
                Err(diagnostic) => {
                    failed = true;
                    out.flush()?;
                    eprintln!("{diagnostic}");
                }
            }
        }
        Ok(true)
    })?;
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_one(out: &mut impl Write, processed: &Processed, format: Format) -> Result<()> {
    let record = DocumentRecord::new(processed);
    match format {
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, &record)?;
            writeln!(out)?;
        }
        Format::Text => {
            writeln!(out, "== {}", record.doc)?;
            for (label, value) in [
                ("title", record.title.map(str::to_string)),
                ("published", record.published.clone()),
                ("source", record.source.map(str::to_string)),
                ("url", record.url.map(str::to_string)),
                ("author", record.author.map(str::to_string)),
            ] {
                if let Some(value) = value {
                    writeln!(out, "{label}: {value}")?;
                }
            }
            writeln!(out, "\n{}\n", record.body)?;
            for caption in record.captions {
                writeln!(out, "caption: {caption}")?;
            }
            for event in &record.events {
                writeln!(
                    out,
                    "event: {} {} {} {} {}\n  evidence: {}",
                    event.mode,
                    event.actors.join(","),
                    event.date,
                    event.location.unwrap_or("-"),
                    event.status,
                    event.evidence
                )?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}
