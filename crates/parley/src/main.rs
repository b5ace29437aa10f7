//! The `parley` command: reads news, extracts diplomatic contact events, stores and
//! serves them. Each subcommand lives in its own module under `commands/`.

mod commands;
mod inputs;
mod output;
mod pipeline;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// mimalloc instead of the system allocator: the pipeline makes many small, short-lived
/// allocations (lines, sentences, spans, evidence strings), and glibc's malloc spends a
/// tenth of a document's time on them.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns news about diplomacy into a record of who met, phoned, video-called or visited
/// whom, when, where, and which sentence says so.
#[derive(Debug, Parser)]
#[command(name = "parley", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read documents and print each cleaned story with its events.
    Extract(commands::extract::Args),
    /// Read, extract and store documents, merging their events into the record.
    Ingest(commands::ingest::Args),
    /// List stored events, filtered by actor, country, mode, status and dates.
    Events(commands::events::Args),
    /// Show one stored event with every source and evidence sentence.
    Event(commands::event::Args),
    /// Find stored documents by words (Chinese or English) with snippets.
    Search(commands::search::Args),
    /// Write every stored event as JSON Lines, CSV or PLOVER records.
    Export(commands::export::Args),
    /// Serve the record over HTTP: a JSON API and a web page with timeline, network and evidence.
    Serve(commands::serve::Args),
    /// Follow RSS/Atom feeds: poll, fetch new articles, extract and store them, log events.
    Follow(commands::follow::Args),
    /// List what the knowledge base knows about people, countries, organisations and places.
    Actors(commands::actors::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => commands::extract::run(args),
        Command::Ingest(args) => commands::ingest::run(args),
        Command::Events(args) => commands::events::run(args),
        Command::Event(args) => commands::event::run(args),
        Command::Search(args) => commands::search::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Follow(args) => commands::follow::run(args),
        Command::Actors(args) => commands::actors::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("parley: {err:#}");
            ExitCode::from(2)
        }
    }
}
