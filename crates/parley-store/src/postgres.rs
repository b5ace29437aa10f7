//! The PostgreSQL store, for several workers (processes or machines) sharing one record.
//!
//! Same tables as SQLite, in PostgreSQL's dialect (`migrations/postgres/`), versioned in
//! the `parley_schema` table. Concurrency, and why:
//!
//! - **Nothing stored twice.** `documents.id` and `documents.url` are unique and a
//!   document is inserted with `ON CONFLICT DO NOTHING`; mentions are unique per
//!   `(doc_id, ordinal)`, feed items per `(feed, item)`.
//! - **Merges consistent.** Merging a mention reads candidate events and then updates
//!   one or inserts one; two workers doing that at once could both start the same event.
//!   Every write transaction therefore first takes one transaction-level advisory lock
//!   (`pg_advisory_xact_lock`, keyed by the schema), so writers commit one after another
//!   and each sees everything committed before it. This is simpler and cheaper than
//!   SERIALIZABLE with retries (merge reads would conflict constantly) and cannot
//!   deadlock, since it is the first lock a writer takes. It serialises only the
//!   database write, a few milliseconds per document; reading, cleaning and extracting,
//!   where the time goes, stay parallel across workers. Readers never wait (MVCC).
//! - **Nothing lost.** A batch is one transaction with a savepoint per document, as in
//!   SQLite; a transaction that fails on a transient conflict (serialization failure,
//!   deadlock) is retried whole.
//!
//! Search has the meaning of SQLite's (Chinese substrings of any length, whole words,
//! traditional and simplified folded) and uses an index: `documents.search_vector`, a
//! `tsvector` parley builds itself ([`fts::pg_index`]) under a GIN index, finds the
//! documents that have every bigram, character and word of the query; `LIKE` patterns
//! over `documents.search_tokens` ([`fts::pg_query`]) then check that the bigrams are
//! consecutive. Hits are ranked with `ts_rank`, then in storage order.

use crate::rows::{
    events_sql, granularity_str, read_document, read_event, read_feed_state, read_hit,
    read_mention, searchable_text, Arg, Columns, DOCUMENT_COLUMNS, EVENT_COLUMNS, FEED_COLUMNS,
    HIT_COLUMNS, MENTION_COLUMNS,
};
use crate::write::{put_document, WriteTx};
use crate::{
    fts, ChangeMark, Counts, EventQuery, FeedState, Item, PutOutcome, SearchHit, Store, StoreError,
    StoredDocument, SCHEMA_VERSION,
};
use chrono::{DateTime, NaiveDate, Utc};
use parley_core::{Document, Event, EventMention, EventMode, TimeInterval};
use parley_extract::merge::{Geography, NoGeography};
use postgres::error::SqlState;
use postgres::types::{ToSql, Type};
use postgres::{Client, GenericClient, NoTls, Row, Transaction};
use std::cell::{RefCell, RefMut};
use std::collections::{HashMap, HashSet};

/// Every PostgreSQL migration, in order; as many as [`crate::MIGRATIONS`] (the same
/// schema versions).
pub const POSTGRES_MIGRATIONS: &[&str] = &[
    include_str!("../migrations/postgres/0001_initial.sql"),
    include_str!("../migrations/postgres/0002_feeds.sql"),
    include_str!("../migrations/postgres/0003_search_index.sql"),
    include_str!("../migrations/postgres/0004_event_revisions.sql"),
];

/// First key of parley's advisory locks (the second is the schema's hash).
const LOCK_CLASS: i32 = 0x7061_726c; // "parl"
/// Second-level key for migrations, kept apart from the write lock.
const MIGRATION_LOCK: &str =
    "SELECT pg_advisory_xact_lock($1, hashtext(current_schema() || '/migrate'))";
/// The lock every write transaction takes first.
const WRITE_LOCK: &str = "SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))";
/// Transactions retried after a serialization failure or deadlock.
const RETRIES: usize = 3;
/// Events loaded per query by [`Store::for_each_event`].
const PAGE: i64 = 500;
/// The schema version that adds the search index (0003_search_index.sql); its columns
/// are filled for stored documents right after its SQL runs.
const SEARCH_INDEX_VERSION: usize = 3;
/// Documents indexed per query when migration 3 fills the search columns.
const BACKFILL_PAGE: i64 = 200;

/// A [`Store`] in a PostgreSQL database, safe to share between many workers.
pub struct PostgresStore {
    client: RefCell<Client>,
    geography: Box<dyn Geography + Send + Sync>,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore").finish_non_exhaustive()
    }
}

impl PostgresStore {
    /// Connects to the server `url` names (`postgres://user:password@host:port/db`,
    /// libpq's URL form, without TLS) and brings the schema up to date; several workers
    /// may do this at once.
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        let mut client = Client::connect(url, NoTls)?;
        migrate(&mut client)?;
        Ok(PostgresStore {
            client: RefCell::new(client),
            geography: Box::new(NoGeography),
        })
    }

    /// Uses `geography` to tell which country a place or an actor belongs to (see
    /// [`crate::SqliteStore::with_geography`]).
    pub fn with_geography(mut self, geography: Box<dyn Geography + Send + Sync>) -> Self {
        self.geography = geography;
        self
    }

    /// The schema version of the database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        let row = self
            .conn()?
            .query_one("SELECT version FROM parley_schema", &[])?;
        Ok(i64::from(row.try_get::<_, i32>(0)?))
    }

    fn conn(&self) -> Result<RefMut<'_, Client>, StoreError> {
        self.client
            .try_borrow_mut()
            .map_err(|_| StoreError::Invalid("the store was used from inside a callback".into()))
    }

    /// Writes a batch in one transaction; `indexes` are the items' search columns,
    /// computed before the write lock is taken.
    fn put_batch_once(
        client: &mut Client,
        geo: &dyn Geography,
        items: &[Item<'_>],
        indexes: &[fts::PgIndex],
    ) -> Result<Vec<Result<PutOutcome, StoreError>>, StoreError> {
        let mut tx = client.transaction()?;
        tx.execute(WRITE_LOCK, &[&LOCK_CLASS])?;
        let mut results = Vec::with_capacity(items.len());
        for ((doc, mentions), index) in items.iter().zip(indexes) {
            let mut savepoint = tx.transaction()?;
            let mut write = PgWrite {
                tx: &mut savepoint,
                index,
            };
            match put_document(&mut write, geo, doc, mentions) {
                Ok(outcome) => {
                    savepoint.commit()?;
                    results.push(Ok(outcome));
                }
                Err(err) if is_transient(&err) => return Err(err),
                Err(err) => {
                    savepoint.rollback()?; // this document only
                    results.push(Err(err));
                }
            }
        }
        tx.commit()?;
        Ok(results)
    }
}

/// True for errors after which the whole transaction may simply be run again.
fn is_transient(err: &StoreError) -> bool {
    match err {
        StoreError::Postgres(e) => matches!(
            e.code(),
            Some(&SqlState::T_R_SERIALIZATION_FAILURE) | Some(&SqlState::T_R_DEADLOCK_DETECTED)
        ),
        _ => false,
    }
}

/// Brings the database to [`SCHEMA_VERSION`] under an advisory lock, so workers starting
/// together migrate once; refuses a database from a newer build.
fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let mut tx = client.transaction()?;
    tx.execute(MIGRATION_LOCK, &[&LOCK_CLASS])?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS parley_schema (version INTEGER NOT NULL)")?;
    let found = match tx.query_opt("SELECT version FROM parley_schema", &[])? {
        Some(row) => i64::from(row.try_get::<_, i32>(0)?),
        None => {
            tx.execute("INSERT INTO parley_schema (version) VALUES (0)", &[])?;
            0
        }
    };
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found,
            known: SCHEMA_VERSION,
        });
    }
    for (index, sql) in POSTGRES_MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(found).unwrap_or(0))
    {
        tx.batch_execute(sql)?;
        if index + 1 == SEARCH_INDEX_VERSION {
            index_existing_documents(&mut tx)?;
        }
        let version = i32::try_from(index + 1).unwrap_or(i32::MAX);
        tx.execute("UPDATE parley_schema SET version = $1", &[&version])?;
    }
    tx.commit()?;
    Ok(())
}

/// Fills the search columns of documents stored before schema version 3, and then makes
/// `search_tokens` required (see migrations/postgres/0003_search_index.sql).
fn index_existing_documents(tx: &mut Transaction<'_>) -> Result<(), StoreError> {
    let mut after = i64::MIN;
    loop {
        let rows = tx.query(
            "SELECT seq, title, body, captions::text FROM documents
             WHERE seq > $1 AND search_tokens IS NULL ORDER BY seq LIMIT $2",
            &[&after, &BACKFILL_PAGE],
        )?;
        let Some(last) = rows.last() else { break };
        after = last.try_get(0)?;
        for row in &rows {
            let document = Document {
                title: row.try_get(1)?,
                body: row.try_get(2)?,
                captions: serde_json::from_str(&row.try_get::<_, String>(3)?)?,
                id: String::new(),
                origin: String::new(),
                url: None,
                published: None,
                source: None,
                author: None,
            };
            let index = fts::pg_index(&searchable_text(&document));
            tx.execute(
                "UPDATE documents SET search_tokens = $2, search_vector = $3::text::tsvector
                 WHERE seq = $1",
                &[&row.try_get::<_, i64>(0)?, &index.tokens, &index.vector],
            )?;
        }
    }
    tx.batch_execute("ALTER TABLE documents ALTER COLUMN search_tokens SET NOT NULL")?;
    Ok(())
}

/// Fills in the mentions of `events` with one query.
fn with_mentions(client: &mut impl GenericClient, events: &mut [Event]) -> Result<(), StoreError> {
    if events.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    let rows = client.query(
        &format!(
            "SELECT event_id, {MENTION_COLUMNS} FROM mentions WHERE event_id = ANY($1)
             ORDER BY event_id, id"
        ),
        &[&ids],
    )?;
    let mut by_event: HashMap<i64, Vec<EventMention>> = HashMap::new();
    for row in rows {
        let mention = read_mention(&row, 1)?;
        by_event.entry(row.int(0)?).or_default().push(mention);
    }
    for event in events {
        event.mentions = by_event.remove(&event.id).unwrap_or_default();
    }
    Ok(())
}

/// The events a query selects (in [`EVENT_COLUMNS`]), with their mentions.
fn query_events(
    client: &mut impl GenericClient,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<Event>, StoreError> {
    let rows = client.query(sql, params)?;
    let mut events = rows.iter().map(read_event).collect::<Result<Vec<_>, _>>()?;
    with_mentions(client, &mut events)?;
    Ok(events)
}

impl Store for PostgresStore {
    fn put_batch(
        &mut self,
        items: &[Item<'_>],
    ) -> Result<Vec<Result<PutOutcome, StoreError>>, StoreError> {
        let geo: &dyn Geography = self.geography.as_ref();
        // Indexing text takes time: done before the write lock, so workers do it in
        // parallel.
        let indexes: Vec<fts::PgIndex> = items
            .iter()
            .map(|(doc, _)| fts::pg_index(&searchable_text(doc)))
            .collect();
        let client = self.client.get_mut();
        let mut attempt = 0;
        loop {
            match Self::put_batch_once(client, geo, items, &indexes) {
                Err(err) if is_transient(&err) && attempt < RETRIES => attempt += 1,
                other => return other,
            }
        }
    }

    fn event(&self, id: i64) -> Result<Option<Event>, StoreError> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = $1");
        Ok(query_events(&mut *self.conn()?, &sql, &[&id])?.pop())
    }

    fn events(&self, query: &EventQuery) -> Result<Vec<Event>, StoreError> {
        let (sql, args) = events_sql(query, |n| format!("${n}"));
        let args: Vec<Box<dyn ToSql + Sync>> = args
            .into_iter()
            .map(|arg| -> Box<dyn ToSql + Sync> {
                match arg {
                    Arg::Text(s) => Box::new(s),
                    Arg::Day(d) => Box::new(d),
                    Arg::Int(i) => Box::new(i),
                }
            })
            .collect();
        let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a.as_ref()).collect();
        query_events(&mut *self.conn()?, &sql, &params)
    }

    fn document(&self, id: &str) -> Result<Option<StoredDocument>, StoreError> {
        self.conn()?
            .query_opt(
                &format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = $1"),
                &[&id],
            )?
            .map(|row| read_document(&row))
            .transpose()
    }

    fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(query) = fts::pg_query(text) else {
            return Ok(Vec::new());
        };
        let terms = fts::query_terms(text);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&limit];
        // The index finds documents with every lexeme (those without a vector are
        // tested by their tokens alone); the patterns decide.
        let (index_test, order) = match &query.tsquery {
            Some(tsquery) => {
                params.push(tsquery);
                (
                    "(d.search_vector @@ $2::text::tsquery OR d.search_vector IS NULL)",
                    "ts_rank(d.search_vector, $2::text::tsquery, 1) DESC NULLS LAST, d.seq",
                )
            }
            None => ("TRUE", "d.seq"),
        };
        let mut sql = format!("SELECT {HIT_COLUMNS} FROM documents d WHERE {index_test}");
        for pattern in &query.patterns {
            params.push(pattern);
            sql.push_str(&format!(" AND d.search_tokens LIKE ${}", params.len()));
        }
        sql.push_str(&format!(" ORDER BY {order} LIMIT $1"));
        let rows = self.conn()?.query(&sql, &params)?;
        rows.iter().map(|row| read_hit(row, &terms)).collect()
    }

    fn for_each_event(
        &self,
        visit: &mut dyn FnMut(Event) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let sql =
            format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id > $1 ORDER BY e.id LIMIT $2");
        let mut after = i64::MIN;
        loop {
            // One page at a time, the connection released before `visit` runs.
            let events = query_events(&mut *self.conn()?, &sql, &[&after, &PAGE])?;
            let Some(last) = events.last().map(|e| e.id) else {
                return Ok(());
            };
            after = last;
            for event in events {
                visit(event)?;
            }
        }
    }

    fn change_mark(&self) -> Result<ChangeMark, StoreError> {
        // Every transaction still running, or not yet started, has an id at or above the
        // oldest one this snapshot sees as running; events carry the id of the
        // transaction that last changed them (migrations/postgres/0004_event_revisions.sql).
        let row = self.conn()?.query_one(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
            &[],
        )?;
        Ok(ChangeMark(row.try_get(0)?))
    }

    fn for_each_event_changed_since(
        &self,
        mark: ChangeMark,
        visit: &mut dyn FnMut(Event) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e
             WHERE e.written_by >= $3::bigint::text::xid8 AND e.id > $1 ORDER BY e.id LIMIT $2"
        );
        let mut after = i64::MIN;
        loop {
            // One page at a time, the connection released before `visit` runs.
            let events = query_events(&mut *self.conn()?, &sql, &[&after, &PAGE, &mark.0])?;
            let Some(last) = events.last().map(|e| e.id) else {
                return Ok(());
            };
            after = last;
            for event in events {
                visit(event)?;
            }
        }
    }

    fn counts(&self) -> Result<Counts, StoreError> {
        let row = self.conn()?.query_one(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM mentions),
               (SELECT count(*) FROM events)",
            &[],
        )?;
        let n = |i: usize| -> Result<usize, StoreError> {
            Ok(usize::try_from(row.int(i)?).unwrap_or(0))
        };
        Ok(Counts {
            documents: n(0)?,
            mentions: n(1)?,
            events: n(2)?,
        })
    }

    fn feed_state(&self, url: &str) -> Result<Option<FeedState>, StoreError> {
        self.conn()?
            .query_opt(
                &format!("SELECT {FEED_COLUMNS} FROM feeds WHERE url = $1"),
                &[&url],
            )?
            .map(|row| read_feed_state(&row, url))
            .transpose()
    }

    fn save_feed_state(&mut self, state: &FeedState) -> Result<(), StoreError> {
        self.client.get_mut().execute(
            "INSERT INTO feeds (url, etag, last_modified, next_poll, failures, last_error)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,
               last_modified = excluded.last_modified, next_poll = excluded.next_poll,
               failures = excluded.failures, last_error = excluded.last_error",
            &[
                &state.url,
                &state.etag,
                &state.last_modified,
                &state.next_poll,
                &i32::try_from(state.failures).unwrap_or(i32::MAX),
                &state.last_error,
            ],
        )?;
        Ok(())
    }

    fn seen_feed_items(&self, feed: &str, items: &[String]) -> Result<HashSet<String>, StoreError> {
        let rows = self.conn()?.query(
            "SELECT item FROM feed_items WHERE feed = $1 AND item = ANY($2)",
            &[&feed, &items],
        )?;
        rows.iter().map(|row| row.text(0)).collect()
    }

    fn mark_feed_item(&mut self, feed: &str, item: &str) -> Result<bool, StoreError> {
        let n = self.client.get_mut().execute(
            "INSERT INTO feed_items (feed, item, seen_at) VALUES ($1, $2, now())
             ON CONFLICT (feed, item) DO NOTHING",
            &[&feed, &item],
        )?;
        Ok(n == 1)
    }
}

/// PostgreSQL's columns: typed dates and times; integers of either width.
impl Columns for Row {
    fn text(&self, i: usize) -> Result<String, StoreError> {
        Ok(self.try_get(i)?)
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        Ok(self.try_get(i)?)
    }
    fn int(&self, i: usize) -> Result<i64, StoreError> {
        self.opt_int(i)?
            .ok_or_else(|| StoreError::Corrupt(format!("an unexpected NULL in column {i}")))
    }
    fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        let narrow = self
            .columns()
            .get(i)
            .is_some_and(|c| matches!(*c.type_(), Type::INT4 | Type::INT2));
        Ok(if narrow {
            self.try_get::<_, Option<i32>>(i)?.map(i64::from)
        } else {
            self.try_get(i)?
        })
    }
    fn date(&self, i: usize) -> Result<NaiveDate, StoreError> {
        Ok(self.try_get(i)?)
    }
    fn opt_time(&self, i: usize) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(self.try_get(i)?)
    }
}

/// A document's write in PostgreSQL: its transaction (savepoint) and its search columns.
struct PgWrite<'a, 't> {
    tx: &'a mut Transaction<'t>,
    index: &'a fts::PgIndex,
}

/// The statements of [`put_document`] in PostgreSQL's dialect.
impl WriteTx for PgWrite<'_, '_> {
    fn document_stored(&mut self, doc: &Document) -> Result<bool, StoreError> {
        Ok(self
            .tx
            .query_opt(
                "SELECT 1 FROM documents WHERE id = $1 OR ($2::text IS NOT NULL AND url = $2)",
                &[&doc.id, &doc.url],
            )?
            .is_some())
    }

    fn insert_document(&mut self, doc: &Document) -> Result<bool, StoreError> {
        let inserted = self.tx.query_opt(
            "INSERT INTO documents (id, url, origin, title, published, source, author, body,
               captions, ingested_at, search_tokens, search_vector)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, now(), $10,
               $11::text::tsvector)
             ON CONFLICT DO NOTHING RETURNING seq",
            &[
                &doc.id,
                &doc.url,
                &doc.origin,
                &doc.title,
                &doc.published.map(|p| p.to_string()),
                &doc.source,
                &doc.author,
                &doc.body,
                &serde_json::to_string(&doc.captions)?,
                &self.index.tokens,
                &self.index.vector,
            ],
        )?;
        Ok(inserted.is_some())
    }

    fn candidates(
        &mut self,
        mode: EventMode,
        from: NaiveDate,
        to: NaiveDate,
        actors: &[String],
    ) -> Result<Vec<Event>, StoreError> {
        let rows = self.tx.query(
            &format!(
                "SELECT {EVENT_COLUMNS} FROM events e
                 WHERE e.mode = $1 AND e.start_date <= $3 AND e.end_date >= $2
                   AND e.id IN (SELECT event_id FROM event_actors WHERE actor = ANY($4))
                 ORDER BY e.id"
            ),
            &[&mode.as_str(), &from, &to, &actors],
        )?;
        rows.iter().map(read_event).collect()
    }

    fn update_event(
        &mut self,
        id: i64,
        when: &TimeInterval,
        location: Option<&str>,
        location_country: Option<&str>,
    ) -> Result<(), StoreError> {
        self.tx.execute(
            "UPDATE events SET start_date = $2, end_date = $3, granularity = $4,
               location = $5, location_country = $6 WHERE id = $1",
            &[
                &id,
                &when.start,
                &when.end,
                &granularity_str(when.granularity),
                &location,
                &location_country,
            ],
        )?;
        Ok(())
    }

    fn insert_event(
        &mut self,
        m: &EventMention,
        location_country: Option<&str>,
    ) -> Result<i64, StoreError> {
        let row = self.tx.query_one(
            "INSERT INTO events (mode, actors, start_date, end_date, granularity, location,
               location_country, status)
             VALUES ($1, $2::text::jsonb, $3, $4, $5, $6, $7, $8) RETURNING id",
            &[
                &m.mode.as_str(),
                &serde_json::to_string(&m.actors)?,
                &m.when.start,
                &m.when.end,
                &granularity_str(m.when.granularity),
                &m.location,
                &location_country,
                &m.status.as_str(),
            ],
        )?;
        row.int(0)
    }

    fn insert_event_actor(
        &mut self,
        event: i64,
        actor: &str,
        country: Option<&str>,
    ) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO event_actors (event_id, actor, country) VALUES ($1, $2, $3)",
            &[&event, &actor, &country],
        )?;
        Ok(())
    }

    fn set_link(
        &mut self,
        event: i64,
        partner: i64,
        only_if_unlinked: bool,
    ) -> Result<(), StoreError> {
        let sql = if only_if_unlinked {
            "UPDATE events SET linked = $2 WHERE id = $1 AND linked IS NULL"
        } else {
            "UPDATE events SET linked = $2 WHERE id = $1"
        };
        self.tx.execute(sql, &[&event, &partner])?;
        Ok(())
    }

    fn insert_mention(
        &mut self,
        event: i64,
        ordinal: usize,
        mention: &EventMention,
    ) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO mentions (event_id, doc_id, ordinal, mode, actors, start_date, end_date,
               granularity, location, status, evidence)
             VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9, $10, $11::text::jsonb)",
            &[
                &event,
                &mention.doc,
                &i32::try_from(ordinal).unwrap_or(i32::MAX),
                &mention.mode.as_str(),
                &serde_json::to_string(&mention.actors)?,
                &mention.when.start,
                &mention.when.end,
                &granularity_str(mention.when.granularity),
                &mention.location,
                &mention.status.as_str(),
                &serde_json::to_string(&mention.evidence)?,
            ],
        )?;
        Ok(())
    }
}
