//! Versioned schema migrations: SQL files under `migrations/`, applied in order, each in
//! its own transaction, with `PRAGMA user_version` recording how many have run.

use crate::StoreError;
use rusqlite::{Connection, TransactionBehavior};

/// Every migration, in order; migration `i` brings the schema to version `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_feeds.sql"),
    include_str!("../migrations/0003_postgres_search.sql"),
    include_str!("../migrations/0004_event_revisions.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database to [`SCHEMA_VERSION`]; refuses a database from a newer build.
///
/// Several processes may open a new store at once (an ingest and a query, say): each step
/// reads the version again inside a write-locked transaction, so a migration another
/// process has just applied is never applied twice.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let mut found = version(conn)?;
    while found < SCHEMA_VERSION {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        found = version(&tx)?;
        let applied = found.max(0);
        if let Some(sql) = MIGRATIONS.get(applied as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", applied + 1)?;
            found = applied + 1;
        }
        tx.commit()?;
    }
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// The schema version recorded in the database (0 for a new one).
fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}
