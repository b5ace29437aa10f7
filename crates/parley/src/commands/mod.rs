//! One module per subcommand; each exposes its clap `Args` and a `run` function.

pub mod actors;
pub mod event;
pub mod events;
pub mod export;
pub mod extract;
pub mod follow;
pub mod ingest;
pub mod search;
pub mod serve;

use anyhow::Context;
use parley_extract::merge::{Geography, NoGeography};
use parley_store::Store;

/// Opens the store a `--db` value names (see [`parley_store::open`]): a `postgres://`
/// URL, `:memory:`, or an SQLite file (created when missing); `geography` defaults to
/// knowing only country codes.
pub fn open_store(
    db: &str,
    geography: Option<Box<dyn Geography + Send + Sync>>,
) -> anyhow::Result<Box<dyn Store + Send>> {
    parley_store::open(db, geography.unwrap_or_else(|| Box::new(NoGeography)))
        .with_context(|| format!("cannot open {}", describe_db(db)))
}

/// A `--db` value fit for messages: a PostgreSQL URL's password is masked.
pub fn describe_db(db: &str) -> String {
    if !parley_store::is_postgres_url(db) {
        return db.to_string();
    }
    let Some((scheme, rest)) = db.split_once("://") else {
        return db.to_string();
    };
    let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split(':').next().unwrap_or("");
            format!("{scheme}://{name}:***@{host}{tail}")
        }
        _ => db.to_string(),
    }
}
