//! `parley search TEXT`: documents whose title, body or captions contain every term,
//! Chinese substrings included, with a snippet around the first hit.

use super::events::DbArg;
use anyhow::Result;
use parley_store::Store;
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `parley search`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to look for: Chinese of any length, English words; every term must occur.
    #[arg(required = true, num_args = 1..)]
    text: Vec<String>,
    /// At most this many documents.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Print one JSON object per hit.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    db: DbArg,
}

/// Runs the command; exit status 1 when nothing was found.
pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let hits = store.search(&args.text.join(" "), args.limit)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for hit in &hits {
        if args.json {
            let record = serde_json::json!({
                "doc": hit.doc,
                "origin": hit.origin,
                "title": hit.title,
                "url": hit.url,
                "published": hit.published,
                "snippet": hit.snippet,
            });
            serde_json::to_writer(&mut out, &record)?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "{}  {}",
                hit.title.as_deref().unwrap_or("(untitled)"),
                hit.published.as_deref().unwrap_or("")
            )?;
            writeln!(out, "   {}", hit.url.as_deref().unwrap_or(&hit.origin))?;
            writeln!(out, "   {}", hit.snippet)?;
        }
    }
    out.flush()?;
    if hits.is_empty() && !args.json {
        eprintln!("no documents match");
    }
    Ok(if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
