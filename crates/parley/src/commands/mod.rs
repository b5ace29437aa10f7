//! One module per subcommand; each exposes its clap `Args` and a `run` function.

pub mod event;
pub mod events;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod search;
pub mod serve;
