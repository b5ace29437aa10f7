//! `parley serve`: the read-only HTTP API and web page (timeline, actor network,
//! evidence) over a stored record.

use super::events::{knowledge_base, DbArg};
use anyhow::Result;
use std::net::SocketAddr;
use std::process::ExitCode;

/// Arguments of `parley serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on. Loopback by default; another address serves other machines.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    #[command(flatten)]
    db: DbArg,
}

/// Runs the command: serves until Ctrl-C.
pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let kb = knowledge_base()?;
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "parley: warning: listening on {}, reachable from other machines",
            args.addr
        );
    }
    parley_server::run(store, Some(kb), args.addr, |addr| {
        eprintln!("parley: serving http://{addr}/ (API under /api, Ctrl-C stops)");
    })?;
    Ok(ExitCode::SUCCESS)
}
