//! The `parley` command: reads news, extracts diplomatic contact events, stores and
//! serves them. Each subcommand lives in its own module under `commands/`.

mod commands;
mod inputs;
mod output;
mod pipeline;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => commands::extract::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("parley: {err:#}");
            ExitCode::from(2)
        }
    }
}
