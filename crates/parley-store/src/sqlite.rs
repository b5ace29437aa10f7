//! The SQLite store: one connection, WAL journal for files, foreign keys on, a
//! transaction per batch and a savepoint per document.

use crate::rows::{
    events_sql, granularity_str, parse_day, parse_time, read_document, read_event, read_feed_state,
    read_hit, read_mention, searchable_text, Arg, Columns, DOCUMENT_COLUMNS, EVENT_COLUMNS,
    FEED_COLUMNS, HIT_COLUMNS, MENTION_COLUMNS,
};
use crate::write::{put_document, WriteTx};
use crate::{
    fts, migrations, ChangeMark, Counts, EventQuery, FeedState, Item, PutOutcome, SearchHit, Store,
    StoreError, StoredDocument,
};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use parley_core::{Document, Event, EventMention, EventMode, TimeInterval};
use parley_extract::merge::{Geography, NoGeography};
use rusqlite::types::Value;
use rusqlite::{params, Connection, Row};
use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

/// How long a write waits for another process's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A [`Store`] in an SQLite database.
pub struct SqliteStore {
    conn: Connection,
    geography: Box<dyn Geography + Send + Sync>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.conn.path())
            .finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database file at `path` and brings its schema up
    /// to date.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        // Switching a new file to WAL, or reading it while another process does, can
        // answer "busy" without waiting on the busy handler: such an open is tried again
        // for as long as the busy timeout, so processes started together all get in.
        let started = std::time::Instant::now();
        loop {
            match Self::open_once(path) {
                Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy
                        && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Self::init(conn)
    }

    /// A private database in memory, through the same code as files.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Self, StoreError> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrations::migrate(&mut conn)?;
        Ok(SqliteStore {
            conn,
            geography: Box::new(NoGeography),
        })
    }

    /// Uses `geography` to tell which country a place or an actor belongs to: for
    /// location compatibility when merging, and for `--country` queries. Without it only
    /// alpha-3 ids are known to be countries. Applies to what is stored from now on.
    pub fn with_geography(mut self, geography: Box<dyn Geography + Send + Sync>) -> Self {
        self.geography = geography;
        self
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    fn load_mentions(&self, event_id: i64) -> Result<Vec<EventMention>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {MENTION_COLUMNS} FROM mentions WHERE event_id = ?1 ORDER BY id"
        ))?;
        let mut rows = stmt.query([event_id])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(read_mention(row, 0)?);
        }
        Ok(out)
    }

    fn with_mentions(&self, mut event: Event) -> Result<Event, StoreError> {
        event.mentions = self.load_mentions(event.id)?;
        Ok(event)
    }

    /// The events a query with `args` selects (in [`EVENT_COLUMNS`]), with their mentions.
    fn query_events(
        &self,
        sql: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<Event>, StoreError> {
        let mut stmt = self.conn.prepare(sql)?;
        let mut rows = stmt.query(args)?;
        let mut events = Vec::new();
        while let Some(row) = rows.next()? {
            events.push(self.with_mentions(read_event(row)?)?);
        }
        Ok(events)
    }
}

impl Store for SqliteStore {
    fn put_batch(
        &mut self,
        items: &[Item<'_>],
    ) -> Result<Vec<Result<PutOutcome, StoreError>>, StoreError> {
        let geo: &dyn Geography = self.geography.as_ref();
        let mut tx = self.conn.transaction()?;
        let mut results = Vec::with_capacity(items.len());
        for (doc, mentions) in items {
            let savepoint = tx.savepoint()?;
            let result = put_document(&mut SqliteTx(&savepoint), geo, doc, mentions);
            match result {
                Ok(outcome) => {
                    savepoint.commit()?;
                    results.push(Ok(outcome));
                }
                Err(err) => {
                    drop(savepoint); // rolls back this document only
                    results.push(Err(err));
                }
            }
        }
        tx.commit()?;
        Ok(results)
    }

    fn event(&self, id: i64) -> Result<Option<Event>, StoreError> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = ?1");
        Ok(self.query_events(&sql, [id])?.pop())
    }

    fn events(&self, query: &EventQuery) -> Result<Vec<Event>, StoreError> {
        let (sql, args) = events_sql(query, |n| format!("?{n}"));
        let args = args.into_iter().map(|arg| match arg {
            Arg::Text(s) => Value::Text(s),
            Arg::Day(d) => Value::Text(day(d)),
            Arg::Int(i) => Value::Integer(i),
        });
        self.query_events(&sql, rusqlite::params_from_iter(args))
    }

    fn document(&self, id: &str) -> Result<Option<StoredDocument>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?1"
        ))?;
        let mut rows = stmt.query([id])?;
        rows.next()?.map(read_document).transpose()
    }

    fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(expression) = fts::match_expression(text) else {
            return Ok(Vec::new());
        };
        let terms = fts::query_terms(text);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {HIT_COLUMNS}
             FROM document_text t JOIN documents d ON d.seq = t.rowid
             WHERE document_text MATCH ?1 ORDER BY t.rank, d.seq LIMIT ?2"
        ))?;
        let mut rows = stmt.query(params![
            expression,
            i64::try_from(limit).unwrap_or(i64::MAX)
        ])?;
        let mut hits = Vec::new();
        while let Some(row) = rows.next()? {
            hits.push(read_hit(row, &terms)?);
        }
        Ok(hits)
    }

    fn for_each_event(
        &self,
        visit: &mut dyn FnMut(Event) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {EVENT_COLUMNS} FROM events e ORDER BY e.id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            visit(self.with_mentions(read_event(row)?)?)?;
        }
        Ok(())
    }

    fn change_mark(&self) -> Result<ChangeMark, StoreError> {
        // Writers are serialised and each change takes the highest revision plus one
        // (migrations/0004_event_revisions.sql), so every later change is above this.
        let top: i64 =
            self.conn
                .query_row("SELECT coalesce(max(revision), 0) FROM events", [], |row| {
                    row.get(0)
                })?;
        Ok(ChangeMark(top))
    }

    fn for_each_event_changed_since(
        &self,
        mark: ChangeMark,
        visit: &mut dyn FnMut(Event) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {EVENT_COLUMNS} FROM events e WHERE e.revision > ?1 ORDER BY e.id"
        ))?;
        let mut rows = stmt.query([mark.0])?;
        while let Some(row) = rows.next()? {
            visit(self.with_mentions(read_event(row)?)?)?;
        }
        Ok(())
    }

    fn counts(&self) -> Result<Counts, StoreError> {
        let count = |table: &str| -> Result<usize, StoreError> {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                        row.get(0)
                    })?;
            Ok(usize::try_from(n).unwrap_or(0))
        };
        Ok(Counts {
            documents: count("documents")?,
            mentions: count("mentions")?,
            events: count("events")?,
        })
    }

    fn feed_state(&self, url: &str) -> Result<Option<FeedState>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {FEED_COLUMNS} FROM feeds WHERE url = ?1"))?;
        let mut rows = stmt.query([url])?;
        rows.next()?
            .map(|row| read_feed_state(row, url))
            .transpose()
    }

    fn save_feed_state(&mut self, state: &FeedState) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO feeds (url, etag, last_modified, next_poll, failures, last_error)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,
               last_modified = excluded.last_modified, next_poll = excluded.next_poll,
               failures = excluded.failures, last_error = excluded.last_error",
            params![
                state.url,
                state.etag,
                state.last_modified,
                state
                    .next_poll
                    .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
                i64::from(state.failures),
                state.last_error,
            ],
        )?;
        Ok(())
    }

    fn seen_feed_items(&self, feed: &str, items: &[String]) -> Result<HashSet<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM feed_items WHERE feed = ?1 AND item = ?2")?;
        let mut seen = HashSet::new();
        for item in items {
            if stmt.exists(params![feed, item])? {
                seen.insert(item.clone());
            }
        }
        Ok(seen)
    }

    fn mark_feed_item(&mut self, feed: &str, item: &str) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "INSERT INTO feed_items (feed, item, seen_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (feed, item) DO NOTHING",
            params![
                feed,
                item,
                Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
            ],
        )?;
        Ok(n == 1)
    }
}

/// SQLite's columns: dates and times are stored as text.
impl Columns for Row<'_> {
    fn text(&self, i: usize) -> Result<String, StoreError> {
        Ok(self.get(i)?)
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        Ok(self.get(i)?)
    }
    fn int(&self, i: usize) -> Result<i64, StoreError> {
        Ok(self.get(i)?)
    }
    fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        Ok(self.get(i)?)
    }
    fn date(&self, i: usize) -> Result<NaiveDate, StoreError> {
        parse_day(&self.get::<_, String>(i)?)
    }
    fn opt_time(&self, i: usize) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.get::<_, Option<String>>(i)?
            .as_deref()
            .map(parse_time)
            .transpose()
    }
}

/// The statements of [`put_document`] in SQLite's dialect, on a transaction or savepoint.
struct SqliteTx<'a>(&'a Connection);

impl WriteTx for SqliteTx<'_> {
    fn document_stored(&mut self, doc: &Document) -> Result<bool, StoreError> {
        let mut stmt = self.0.prepare_cached(
            "SELECT 1 FROM documents WHERE id = ?1 OR (?2 IS NOT NULL AND url = ?2)",
        )?;
        Ok(stmt.exists(params![doc.id, doc.url])?)
    }

    fn insert_document(&mut self, doc: &Document) -> Result<bool, StoreError> {
        self.0.execute(
            "INSERT INTO documents (id, url, origin, title, published, source, author, body, captions, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                doc.id,
                doc.url,
                doc.origin,
                doc.title,
                doc.published.map(|p| p.to_string()),
                doc.source,
                doc.author,
                doc.body,
                serde_json::to_string(&doc.captions)?,
                Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
            ],
        )?;
        let seq = self.0.last_insert_rowid();
        let (grams, chars) = fts::index_columns(&searchable_text(doc));
        self.0.execute(
            "INSERT INTO document_text (rowid, grams, chars) VALUES (?1, ?2, ?3)",
            params![seq, grams, chars],
        )?;
        Ok(true)
    }

    fn candidates(
        &mut self,
        mode: EventMode,
        from: NaiveDate,
        to: NaiveDate,
        actors: &[String],
    ) -> Result<Vec<Event>, StoreError> {
        let mut stmt = self.0.prepare_cached(&format!(
            // EXISTS looks each event up in event_actors' primary key; `e.id IN (SELECT
            // event_id …)` built the list of every event of the mention's actors on each
            // call (thousands for a head of state), 6 times slower on a store of 13k events.
            "SELECT {EVENT_COLUMNS} FROM events e
             WHERE e.mode = ?1 AND e.start_date <= ?3 AND e.end_date >= ?2
               AND EXISTS (SELECT 1 FROM event_actors a
                           WHERE a.event_id = e.id AND a.actor IN (SELECT value FROM json_each(?4)))
             ORDER BY e.id"
        ))?;
        let mut rows = stmt.query(params![
            mode.as_str(),
            day(from),
            day(to),
            serde_json::to_string(actors)?
        ])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(read_event(row)?);
        }
        Ok(out)
    }

    fn update_event(
        &mut self,
        id: i64,
        when: &TimeInterval,
        location: Option<&str>,
        location_country: Option<&str>,
    ) -> Result<(), StoreError> {
        self.0.execute(
            "UPDATE events SET start_date = ?2, end_date = ?3, granularity = ?4, location = ?5,
             location_country = ?6 WHERE id = ?1",
            params![
                id,
                day(when.start),
                day(when.end),
                granularity_str(when.granularity),
                location,
                location_country,
            ],
        )?;
        Ok(())
    }

    fn insert_event(
        &mut self,
        m: &EventMention,
        location_country: Option<&str>,
    ) -> Result<i64, StoreError> {
        self.0.execute(
            "INSERT INTO events (mode, actors, start_date, end_date, granularity, location, location_country, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                m.mode.as_str(),
                serde_json::to_string(&m.actors)?,
                day(m.when.start),
                day(m.when.end),
                granularity_str(m.when.granularity),
                m.location,
                location_country,
                m.status.as_str(),
            ],
        )?;
        Ok(self.0.last_insert_rowid())
    }

    fn insert_event_actor(
        &mut self,
        event: i64,
        actor: &str,
        country: Option<&str>,
    ) -> Result<(), StoreError> {
        self.0
            .prepare_cached(
                "INSERT INTO event_actors (event_id, actor, country) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![event, actor, country])?;
        Ok(())
    }

    fn set_link(
        &mut self,
        event: i64,
        partner: i64,
        only_if_unlinked: bool,
    ) -> Result<(), StoreError> {
        let sql = if only_if_unlinked {
            "UPDATE events SET linked = ?2 WHERE id = ?1 AND linked IS NULL"
        } else {
            "UPDATE events SET linked = ?2 WHERE id = ?1"
        };
        self.0.execute(sql, params![event, partner])?;
        Ok(())
    }

    fn insert_mention(
        &mut self,
        event: i64,
        ordinal: usize,
        mention: &EventMention,
    ) -> Result<(), StoreError> {
        self.0.execute(
            "INSERT INTO mentions (event_id, doc_id, ordinal, mode, actors, start_date, end_date, granularity,
             location, status, evidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                event,
                mention.doc,
                i64::try_from(ordinal).unwrap_or(i64::MAX),
                mention.mode.as_str(),
                serde_json::to_string(&mention.actors)?,
                day(mention.when.start),
                day(mention.when.end),
                granularity_str(mention.when.granularity),
                mention.location,
                mention.status.as_str(),
                serde_json::to_string(&mention.evidence)?,
            ],
        )?;
        Ok(())
    }
}

/// A day as SQLite stores it.
fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}
