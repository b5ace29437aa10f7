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
//! Search runs over `documents.search_text` ([`fts::plain_text`]) with `LIKE` patterns
//! ([`fts::like_patterns`]): Chinese substrings of any length and whole English words,
//! traditional and simplified folded; hits come in storage order.

use crate::sqlite::{granularity_str, interval, normalise, parse, timestamp};
use crate::{
    fts, Counts, EventQuery, FeedState, Item, PutOutcome, SearchHit, Store, StoreError,
    StoredDocument, SCHEMA_VERSION,
};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use parley_core::{Document, Event, EventMention, Evidence};
use parley_extract::merge::{self, Geography, NoGeography};
use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, GenericClient, NoTls, Row, Transaction};
use std::cell::{RefCell, RefMut};
use std::collections::{HashMap, HashSet};

/// Every PostgreSQL migration, in order; as many as [`crate::MIGRATIONS`] (the same
/// schema versions).
pub const POSTGRES_MIGRATIONS: &[&str] = &[
    include_str!("../migrations/postgres/0001_initial.sql"),
    include_str!("../migrations/postgres/0002_feeds.sql"),
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
/// Characters of context either side of a search hit.
const SNIPPET_CONTEXT: usize = 40;

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

    fn put_batch_once(
        client: &mut Client,
        geo: &dyn Geography,
        items: &[Item<'_>],
    ) -> Result<Vec<Result<PutOutcome, StoreError>>, StoreError> {
        let mut tx = client.transaction()?;
        tx.execute(WRITE_LOCK, &[&LOCK_CLASS])?;
        let mut results = Vec::with_capacity(items.len());
        for (doc, mentions) in items {
            let mut savepoint = tx.transaction()?;
            match put_one(&mut savepoint, geo, doc, mentions) {
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
        let version = i32::try_from(index + 1).unwrap_or(i32::MAX);
        tx.execute("UPDATE parley_schema SET version = $1", &[&version])?;
    }
    tx.commit()?;
    Ok(())
}

fn put_one(
    tx: &mut Transaction<'_>,
    geo: &dyn Geography,
    doc: &Document,
    mentions: &[EventMention],
) -> Result<PutOutcome, StoreError> {
    let exists = tx.query_opt(
        "SELECT 1 FROM documents WHERE id = $1 OR ($2::text IS NOT NULL AND url = $2)",
        &[&doc.id, &doc.url],
    )?;
    if exists.is_some() {
        return Ok(PutOutcome::default());
    }
    if doc.id.trim().is_empty() {
        return Err(StoreError::Invalid(format!(
            "{}: document without an id",
            doc.origin
        )));
    }
    let mentions = mentions
        .iter()
        .map(|m| normalise(doc, m))
        .collect::<Result<Vec<_>, _>>()?;
    let mut text = doc.title.clone().unwrap_or_default();
    for part in std::iter::once(&doc.body).chain(&doc.captions) {
        text.push('\n');
        text.push_str(part);
    }
    let inserted = tx.query_opt(
        "INSERT INTO documents (id, url, origin, title, published, source, author, body, captions,
           ingested_at, search_text)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, now(), $10)
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
            &fts::plain_text(&text),
        ],
    )?;
    if inserted.is_none() {
        return Ok(PutOutcome::default());
    }
    let mut outcome = PutOutcome {
        new_document: true,
        ..PutOutcome::default()
    };
    for (ordinal, mention) in mentions.iter().enumerate() {
        let candidates = candidates(tx, mention)?;
        let decision = merge::decide(mention, &candidates, geo);
        let event_id = match decision
            .merge_into
            .and_then(|id| candidates.iter().find(|e| e.id == id))
        {
            Some(event) => {
                let (when, location) = merge::absorb(event, mention, geo);
                tx.execute(
                    "UPDATE events SET start_date = $2, end_date = $3, granularity = $4,
                       location = $5, location_country = $6 WHERE id = $1",
                    &[
                        &event.id,
                        &when.start,
                        &when.end,
                        &granularity_str(when.granularity),
                        &location,
                        &location.as_deref().and_then(|l| geo.country_of(l)),
                    ],
                )?;
                outcome.events_merged += 1;
                event.id
            }
            None => {
                let id = insert_event(tx, geo, mention)?;
                outcome.events_new += 1;
                id
            }
        };
        if let Some(partner) = decision.link {
            tx.execute(
                "UPDATE events SET linked = $2 WHERE id = $1",
                &[&event_id, &partner],
            )?;
            tx.execute(
                "UPDATE events SET linked = $2 WHERE id = $1 AND linked IS NULL",
                &[&partner, &event_id],
            )?;
            outcome.links += 1;
        }
        tx.execute(
            "INSERT INTO mentions (event_id, doc_id, ordinal, mode, actors, start_date, end_date,
               granularity, location, status, evidence)
             VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9, $10, $11::text::jsonb)",
            &[
                &event_id,
                &doc.id,
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
    }
    Ok(outcome)
}

const EVENT_COLUMNS: &str = "e.id, e.mode, e.actors::text, e.start_date, e.end_date, e.granularity, e.location, e.status, e.linked";

/// Reads an event row (without mentions).
fn event_row(row: &Row) -> Result<Event, StoreError> {
    let start: NaiveDate = row.try_get(3)?;
    let end: NaiveDate = row.try_get(4)?;
    let granularity: String = row.try_get(5)?;
    Ok(Event {
        id: row.try_get(0)?,
        mode: parse(&row.try_get::<_, String>(1)?)?,
        actors: serde_json::from_str(&row.try_get::<_, String>(2)?)?,
        when: interval(
            &start.format("%Y-%m-%d").to_string(),
            &end.format("%Y-%m-%d").to_string(),
            &granularity,
        )?,
        location: row.try_get(6)?,
        status: parse(&row.try_get::<_, String>(7)?)?,
        linked: row.try_get(8)?,
        mentions: Vec::new(),
    })
}

/// Events that `mention` might join or link with (see the SQLite store's `candidates`).
fn candidates(tx: &mut Transaction<'_>, mention: &EventMention) -> Result<Vec<Event>, StoreError> {
    let wide = merge::widen(&mention.when, merge::NEAR_DAYS);
    let rows = tx.query(
        &format!(
            "SELECT {EVENT_COLUMNS} FROM events e
             WHERE e.mode = $1 AND e.start_date <= $3 AND e.end_date >= $2
               AND e.id IN (SELECT event_id FROM event_actors WHERE actor = ANY($4))
             ORDER BY e.id"
        ),
        &[
            &mention.mode.as_str(),
            &wide.start,
            &wide.end,
            &mention.actors,
        ],
    )?;
    rows.iter().map(event_row).collect()
}

fn insert_event(
    tx: &mut Transaction<'_>,
    geo: &dyn Geography,
    m: &EventMention,
) -> Result<i64, StoreError> {
    let row = tx.query_one(
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
            &m.location.as_deref().and_then(|l| geo.country_of(l)),
            &m.status.as_str(),
        ],
    )?;
    let id: i64 = row.try_get(0)?;
    let stmt =
        tx.prepare("INSERT INTO event_actors (event_id, actor, country) VALUES ($1, $2, $3)")?;
    for actor in &m.actors {
        tx.execute(&stmt, &[&id, actor, &geo.country_of(actor)])?;
    }
    Ok(id)
}

/// Fills in the mentions of `events` with one query.
fn with_mentions(client: &mut impl GenericClient, events: &mut [Event]) -> Result<(), StoreError> {
    if events.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    let rows = client.query(
        "SELECT event_id, doc_id, mode, actors::text, start_date, end_date, granularity, location,
           status, evidence::text
         FROM mentions WHERE event_id = ANY($1) ORDER BY event_id, id",
        &[&ids],
    )?;
    let mut by_event: HashMap<i64, Vec<EventMention>> = HashMap::new();
    for row in rows {
        let start: NaiveDate = row.try_get(4)?;
        let end: NaiveDate = row.try_get(5)?;
        let mention = EventMention {
            doc: row.try_get(1)?,
            mode: parse(&row.try_get::<_, String>(2)?)?,
            actors: serde_json::from_str(&row.try_get::<_, String>(3)?)?,
            when: interval(
                &start.format("%Y-%m-%d").to_string(),
                &end.format("%Y-%m-%d").to_string(),
                &row.try_get::<_, String>(6)?,
            )?,
            location: row.try_get(7)?,
            status: parse(&row.try_get::<_, String>(8)?)?,
            evidence: serde_json::from_str::<Vec<Evidence>>(&row.try_get::<_, String>(9)?)?,
        };
        by_event.entry(row.try_get(0)?).or_default().push(mention);
    }
    for event in events {
        event.mentions = by_event.remove(&event.id).unwrap_or_default();
    }
    Ok(())
}

impl Store for PostgresStore {
    fn put_batch(
        &mut self,
        items: &[Item<'_>],
    ) -> Result<Vec<Result<PutOutcome, StoreError>>, StoreError> {
        let geo: &dyn Geography = self.geography.as_ref();
        let client = self.client.get_mut();
        let mut attempt = 0;
        loop {
            match Self::put_batch_once(client, geo, items) {
                Err(err) if is_transient(&err) && attempt < RETRIES => attempt += 1,
                other => return other,
            }
        }
    }

    fn event(&self, id: i64) -> Result<Option<Event>, StoreError> {
        let mut client = self.conn()?;
        let Some(row) = client.query_opt(
            &format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = $1"),
            &[&id],
        )?
        else {
            return Ok(None);
        };
        let mut events = [event_row(&row)?];
        with_mentions(&mut *client, &mut events)?;
        let [event] = events;
        Ok(Some(event))
    }

    fn events(&self, query: &EventQuery) -> Result<Vec<Event>, StoreError> {
        let mut sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE 1 = 1");
        let mut args: Vec<Box<dyn ToSql + Sync>> = Vec::new();
        for actor in &query.actors {
            args.push(Box::new(actor.clone()));
            sql.push_str(&format!(
                " AND e.id IN (SELECT event_id FROM event_actors WHERE actor = ${})",
                args.len()
            ));
        }
        if let Some(country) = &query.country {
            args.push(Box::new(country.clone()));
            let n = args.len();
            sql.push_str(&format!(
                " AND (e.id IN (SELECT event_id FROM event_actors WHERE actor = ${n} OR country = ${n})
                   OR e.location = ${n} OR e.location_country = ${n})"
            ));
        }
        if let Some(mode) = query.mode {
            args.push(Box::new(mode.as_str().to_string()));
            sql.push_str(&format!(" AND e.mode = ${}", args.len()));
        }
        if let Some(status) = query.status {
            args.push(Box::new(status.as_str().to_string()));
            sql.push_str(&format!(" AND e.status = ${}", args.len()));
        }
        if let Some(since) = query.since {
            args.push(Box::new(since));
            sql.push_str(&format!(" AND e.end_date >= ${}", args.len()));
        }
        if let Some(until) = query.until {
            args.push(Box::new(until));
            sql.push_str(&format!(" AND e.start_date <= ${}", args.len()));
        }
        sql.push_str(" ORDER BY e.start_date, e.end_date, e.id");
        if let Some(limit) = query.limit {
            args.push(Box::new(i64::try_from(limit).unwrap_or(i64::MAX)));
            sql.push_str(&format!(" LIMIT ${}", args.len()));
        }
        let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a.as_ref()).collect();
        let mut client = self.conn()?;
        let rows = client.query(&sql, &params)?;
        let mut events = rows.iter().map(event_row).collect::<Result<Vec<_>, _>>()?;
        with_mentions(&mut *client, &mut events)?;
        Ok(events)
    }

    fn document(&self, id: &str) -> Result<Option<StoredDocument>, StoreError> {
        let Some(row) = self.conn()?.query_opt(
            "SELECT id, origin, url, title, published, source, author, body, captions::text,
               ingested_at
             FROM documents WHERE id = $1",
            &[&id],
        )?
        else {
            return Ok(None);
        };
        let published: Option<String> = row.try_get(4)?;
        let ingested_at: DateTime<Utc> = row.try_get(9)?;
        Ok(Some(StoredDocument {
            document: Document {
                id: row.try_get(0)?,
                origin: row.try_get(1)?,
                url: row.try_get(2)?,
                title: row.try_get(3)?,
                published: published.as_deref().map(timestamp).transpose()?,
                source: row.try_get(5)?,
                author: row.try_get(6)?,
                body: row.try_get(7)?,
                captions: serde_json::from_str(&row.try_get::<_, String>(8)?)?,
            },
            ingested_at: ingested_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        }))
    }

    fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(patterns) = fts::like_patterns(text) else {
            return Ok(Vec::new());
        };
        let terms = fts::query_terms(text);
        let mut sql = String::from(
            "SELECT id, origin, title, url, published, body, captions::text FROM documents WHERE 1 = 1",
        );
        for n in 1..=patterns.len() {
            sql.push_str(&format!(" AND search_text LIKE ${n}"));
        }
        sql.push_str(&format!(" ORDER BY seq LIMIT ${}", patterns.len() + 1));
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut params: Vec<&(dyn ToSql + Sync)> =
            patterns.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        params.push(&limit);
        let rows = self.conn()?.query(&sql, &params)?;
        let mut hits = Vec::with_capacity(rows.len());
        for row in rows {
            let title: Option<String> = row.try_get(2)?;
            let body: String = row.try_get(5)?;
            let captions: Vec<String> = serde_json::from_str(&row.try_get::<_, String>(6)?)?;
            let snippet = std::iter::once(body.as_str())
                .chain(captions.iter().map(String::as_str))
                .chain(title.as_deref())
                .map(|t| fts::snippet(t, &terms, SNIPPET_CONTEXT))
                .find(|s| s.contains('【'))
                .unwrap_or_else(|| fts::snippet(&body, &terms, SNIPPET_CONTEXT));
            hits.push(SearchHit {
                doc: row.try_get(0)?,
                origin: row.try_get(1)?,
                title,
                url: row.try_get(3)?,
                published: row.try_get(4)?,
                snippet,
            });
        }
        Ok(hits)
    }

    fn for_each_event(
        &self,
        visit: &mut dyn FnMut(Event) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut after = i64::MIN;
        loop {
            // One page at a time, the connection released before `visit` runs.
            let events = {
                let mut client = self.conn()?;
                let rows = client.query(
                    &format!(
                        "SELECT {EVENT_COLUMNS} FROM events e WHERE e.id > $1 ORDER BY e.id LIMIT $2"
                    ),
                    &[&after, &PAGE],
                )?;
                let mut events = rows.iter().map(event_row).collect::<Result<Vec<_>, _>>()?;
                with_mentions(&mut *client, &mut events)?;
                events
            };
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
            Ok(usize::try_from(row.try_get::<_, i64>(i)?).unwrap_or(0))
        };
        Ok(Counts {
            documents: n(0)?,
            mentions: n(1)?,
            events: n(2)?,
        })
    }

    fn feed_state(&self, url: &str) -> Result<Option<FeedState>, StoreError> {
        let Some(row) = self.conn()?.query_opt(
            "SELECT etag, last_modified, next_poll, failures, last_error FROM feeds WHERE url = $1",
            &[&url],
        )?
        else {
            return Ok(None);
        };
        Ok(Some(FeedState {
            url: url.to_string(),
            etag: row.try_get(0)?,
            last_modified: row.try_get(1)?,
            next_poll: row.try_get(2)?,
            failures: u32::try_from(row.try_get::<_, i32>(3)?).unwrap_or(0),
            last_error: row.try_get(4)?,
        }))
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
        rows.iter()
            .map(|row| row.try_get::<_, String>(0).map_err(StoreError::from))
            .collect()
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
