//! Storage of documents, event mentions and merged events.
//!
//! [`Store`] is the narrow interface the rest of parley uses; [`SqliteStore`] implements
//! it over SQLite (a file in WAL mode, or `:memory:` through the same code) and
//! [`PostgresStore`] over PostgreSQL, for many workers sharing one store; [`open`] picks
//! the backend from a `--db` value. Putting a
//! document stores it with its mentions and merges each mention into an event with
//! [`parley_extract::merge`]; the same document (by fingerprint or URL) put twice
//! changes nothing.

mod fts;
mod migrations;
mod postgres;
mod rows;
mod sqlite;
mod write;

pub use crate::postgres::{PostgresStore, POSTGRES_MIGRATIONS};
pub use migrations::{MIGRATIONS, SCHEMA_VERSION};
pub use sqlite::SqliteStore;

use chrono::{DateTime, NaiveDate, Utc};
use parley_core::{Document, Event, EventMention, EventMode, EventStatus};
use parley_extract::merge::Geography;

/// What can go wrong in a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database reported an error.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The PostgreSQL server or connection reported an error.
    #[error("postgres: {0}")]
    Postgres(#[from] ::postgres::Error),
    /// A stored JSON column could not be read or written.
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A document or mention handed to the store is not acceptable.
    #[error("invalid input: {0}")]
    Invalid(String),
    /// A stored value is not what this version of parley wrote.
    #[error("corrupt store: {0}")]
    Corrupt(String),
    /// The database was written by a newer parley.
    #[error("database schema version {found} is newer than this parley knows ({known})")]
    TooNew {
        /// The database's `user_version`.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
}

/// The result of putting one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PutOutcome {
    /// False when the document (same fingerprint or URL) was already stored; nothing
    /// was changed then.
    pub new_document: bool,
    /// Mentions that started a new event.
    pub events_new: usize,
    /// Mentions that joined an existing event.
    pub events_merged: usize,
    /// Planned/occurred pairs linked.
    pub links: usize,
}

/// A stored document and when it was stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDocument {
    /// The document as it was put.
    pub document: Document,
    /// When it was stored, RFC 3339 in UTC.
    pub ingested_at: String,
}

/// A filter over events; every field that is set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventQuery {
    /// Actor ids that must all take part.
    pub actors: Vec<String>,
    /// A country (alpha-3) involved: as an actor, as the country of an actor, or as the
    /// place (or the place's country) where the event happened.
    pub country: Option<String>,
    /// Only this mode.
    pub mode: Option<EventMode>,
    /// Only this status.
    pub status: Option<EventStatus>,
    /// Only events whose interval ends on or after this day.
    pub since: Option<NaiveDate>,
    /// Only events whose interval starts on or before this day.
    pub until: Option<NaiveDate>,
    /// At most this many, earliest first.
    pub limit: Option<usize>,
}

/// One document found by [`Store::search`].
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The document's id.
    pub doc: String,
    /// Where it was read from.
    pub origin: String,
    /// Its headline.
    pub title: Option<String>,
    /// Its URL.
    pub url: Option<String>,
    /// Its publication time as stored.
    pub published: Option<String>,
    /// A passage around the first hit, the hit marked with 【】.
    pub snippet: String,
}

/// How much a store holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Documents.
    pub documents: usize,
    /// Mentions.
    pub mentions: usize,
    /// Events.
    pub events: usize,
}

/// A point in a store's history of event changes, from [`Store::change_mark`]: every
/// event inserted or changed (a new mention, a narrower date, a link) after the mark was
/// taken is visited by [`Store::for_each_event_changed_since`] with that mark. Its value
/// means something only to the store that made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct ChangeMark(pub i64);

/// What `parley follow` remembers about one feed between polls and across restarts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedState {
    /// The feed's URL, its key.
    pub url: String,
    /// The `ETag` of the last successful response, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last successful response, sent back as
    /// `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// When the feed is due to be polled again.
    pub next_poll: Option<DateTime<Utc>>,
    /// Polls in a row that failed (0 after a success); drives the backoff.
    pub failures: u32,
    /// What went wrong on the last failed poll.
    pub last_error: Option<String>,
}

/// A document with the event mentions extracted from it, as handed to [`Store::put_batch`].
pub type Item<'a> = (&'a Document, &'a [EventMention]);

/// Where parley keeps what it has read.
pub trait Store {
    /// Stores a batch of documents with their mentions in one transaction. Each document
    /// is all or nothing: the result for a document that fails is its error, and neither
    /// it nor any of its mentions is stored; the others are. The outer error is for a
    /// failure of the whole batch (nothing stored).
    fn put_batch(
        &mut self,
        items: &[Item<'_>],
    ) -> Result<Vec<Result<PutOutcome, StoreError>>, StoreError>;

    /// Stores one document with its mentions (see [`Store::put_batch`]).
    fn put(
        &mut self,
        document: &Document,
        mentions: &[EventMention],
    ) -> Result<PutOutcome, StoreError> {
        self.put_batch(&[(document, mentions)])?
            .pop()
            .unwrap_or_else(|| {
                Err(StoreError::Corrupt(
                    "a batch of one returned no result".into(),
                ))
            })
    }

    /// One event with all its mentions.
    fn event(&self, id: i64) -> Result<Option<Event>, StoreError>;

    /// The events matching `query`, earliest first, each with its mentions.
    fn events(&self, query: &EventQuery) -> Result<Vec<Event>, StoreError>;

    /// One document by id.
    fn document(&self, id: &str) -> Result<Option<StoredDocument>, StoreError>;

    /// Documents whose title, body or captions contain every term of `text` (Chinese
    /// substrings of any length, English words), best first.
    fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError>;

    /// Calls `visit` with every event (with its mentions) in id order; stops at the
    /// first error `visit` returns.
    fn for_each_event(
        &self,
        visit: &mut dyn FnMut(Event) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// The store's current [`ChangeMark`]. Take it before reading what it should follow:
    /// a later [`Store::for_each_event_changed_since`] with it then misses nothing.
    fn change_mark(&self) -> Result<ChangeMark, StoreError>;

    /// Calls `visit`, in id order, with every event (with its mentions) inserted or changed
    /// since `mark` was taken, and perhaps a few more; stops at the first error `visit`
    /// returns. What lets a reader keep a summary of the store up to date without reading
    /// every event again.
    fn for_each_event_changed_since(
        &self,
        mark: ChangeMark,
        visit: &mut dyn FnMut(Event) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// How many documents, mentions and events are stored.
    fn counts(&self) -> Result<Counts, StoreError>;

    /// The remembered state of the feed at `url`, if it was ever polled.
    fn feed_state(&self, url: &str) -> Result<Option<FeedState>, StoreError>;

    /// Remembers `state` (replacing what was kept for the same URL).
    fn save_feed_state(&mut self, state: &FeedState) -> Result<(), StoreError>;

    /// Which of `items` (item ids of the feed at `feed`) were already handled.
    fn seen_feed_items(
        &self,
        feed: &str,
        items: &[String],
    ) -> Result<std::collections::HashSet<String>, StoreError>;

    /// Records that `item` of the feed at `feed` was handled; true when it was not
    /// recorded before (false means another worker or an earlier run has it).
    fn mark_feed_item(&mut self, feed: &str, item: &str) -> Result<bool, StoreError>;
}

/// A boxed store is a store, so `Box<dyn Store + Send>` from [`open`] goes wherever an
/// `impl Store` is expected.
impl<S: Store + ?Sized> Store for Box<S> {
    fn put_batch(
        &mut self,
        items: &[Item<'_>],
    ) -> Result<Vec<Result<PutOutcome, StoreError>>, StoreError> {
        (**self).put_batch(items)
    }
    fn event(&self, id: i64) -> Result<Option<Event>, StoreError> {
        (**self).event(id)
    }
    fn events(&self, query: &EventQuery) -> Result<Vec<Event>, StoreError> {
        (**self).events(query)
    }
    fn document(&self, id: &str) -> Result<Option<StoredDocument>, StoreError> {
        (**self).document(id)
    }
    fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        (**self).search(text, limit)
    }
    fn for_each_event(
        &self,
        visit: &mut dyn FnMut(Event) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        (**self).for_each_event(visit)
    }
    fn change_mark(&self) -> Result<ChangeMark, StoreError> {
        (**self).change_mark()
    }
    fn for_each_event_changed_since(
        &self,
        mark: ChangeMark,
        visit: &mut dyn FnMut(Event) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        (**self).for_each_event_changed_since(mark, visit)
    }
    fn counts(&self) -> Result<Counts, StoreError> {
        (**self).counts()
    }
    fn feed_state(&self, url: &str) -> Result<Option<FeedState>, StoreError> {
        (**self).feed_state(url)
    }
    fn save_feed_state(&mut self, state: &FeedState) -> Result<(), StoreError> {
        (**self).save_feed_state(state)
    }
    fn seen_feed_items(
        &self,
        feed: &str,
        items: &[String],
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        (**self).seen_feed_items(feed, items)
    }
    fn mark_feed_item(&mut self, feed: &str, item: &str) -> Result<bool, StoreError> {
        (**self).mark_feed_item(feed, item)
    }
}

/// Opens the store a `--db` value names: a `postgres://` or `postgresql://` URL
/// (connection string as libpq understands it), `:memory:` for a private in-memory
/// SQLite database, else the path of an SQLite file (created when missing). `geography`
/// tells merging and country queries which country a place or actor belongs to.
pub fn open(
    db: &str,
    geography: Box<dyn Geography + Send + Sync>,
) -> Result<Box<dyn Store + Send>, StoreError> {
    if is_postgres_url(db) {
        Ok(Box::new(
            PostgresStore::connect(db)?.with_geography(geography),
        ))
    } else if db == ":memory:" {
        Ok(Box::new(
            SqliteStore::open_in_memory()?.with_geography(geography),
        ))
    } else {
        Ok(Box::new(
            SqliteStore::open(std::path::Path::new(db))?.with_geography(geography),
        ))
    }
}

/// True when `db` names a PostgreSQL server rather than an SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    let lower = db.trim_start().to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}
