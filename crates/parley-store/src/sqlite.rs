//! The SQLite store: one connection, WAL journal for files, foreign keys on, a
//! transaction per batch and a savepoint per document.

use crate::{
    fts, migrations, Counts, EventQuery, FeedState, Item, PutOutcome, SearchHit, Store, StoreError,
    StoredDocument,
};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use parley_core::{Document, Event, EventMention, Evidence, Granularity, TimeInterval, Timestamp};
use parley_extract::merge::{self, Geography, NoGeography};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

/// Characters of context either side of a search hit.
const SNIPPET_CONTEXT: usize = 40;

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
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
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

    fn put_one(
        tx: &Connection,
        geo: &dyn Geography,
        doc: &Document,
        mentions: &[EventMention],
    ) -> Result<PutOutcome, StoreError> {
        let exists: Option<i64> = tx
            .query_row(
                "SELECT seq FROM documents WHERE id = ?1 OR (?2 IS NOT NULL AND url = ?2)",
                params![doc.id, doc.url],
                |row| row.get(0),
            )
            .optional()?;
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

        tx.execute(
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
        let seq = tx.last_insert_rowid();
        let mut text = doc.title.clone().unwrap_or_default();
        for part in std::iter::once(&doc.body).chain(&doc.captions) {
            text.push('\n');
            text.push_str(part);
        }
        let (grams, chars) = fts::index_columns(&text);
        tx.execute(
            "INSERT INTO document_text (rowid, grams, chars) VALUES (?1, ?2, ?3)",
            params![seq, grams, chars],
        )?;

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
                        "UPDATE events SET start_date = ?2, end_date = ?3, granularity = ?4, location = ?5,
                         location_country = ?6 WHERE id = ?1",
                        params![
                            event.id,
                            day(when.start),
                            day(when.end),
                            granularity_str(when.granularity),
                            location,
                            location.as_deref().and_then(|l| geo.country_of(l)),
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
                    "UPDATE events SET linked = ?2 WHERE id = ?1",
                    params![event_id, partner],
                )?;
                tx.execute(
                    "UPDATE events SET linked = ?2 WHERE id = ?1 AND linked IS NULL",
                    params![partner, event_id],
                )?;
                outcome.links += 1;
            }
            tx.execute(
                "INSERT INTO mentions (event_id, doc_id, ordinal, mode, actors, start_date, end_date, granularity,
                 location, status, evidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    event_id,
                    doc.id,
                    ordinal as i64,
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
        }
        Ok(outcome)
    }

    fn load_mentions(&self, event_id: i64) -> Result<Vec<EventMention>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT doc_id, mode, actors, start_date, end_date, granularity, location, status, evidence
             FROM mentions WHERE event_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([event_id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, Option<String>>(6)?,
                row.get::<_, String>(7)?,
                row.get::<_, String>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (doc, mode, actors, start, end, granularity, location, status, evidence) = row?;
            out.push(EventMention {
                doc,
                mode: parse(&mode)?,
                actors: serde_json::from_str(&actors)?,
                when: interval(&start, &end, &granularity)?,
                location,
                status: parse(&status)?,
                evidence: serde_json::from_str::<Vec<Evidence>>(&evidence)?,
            });
        }
        Ok(out)
    }

    fn with_mentions(&self, mut event: Event) -> Result<Event, StoreError> {
        event.mentions = self.load_mentions(event.id)?;
        Ok(event)
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
            let result = Self::put_one(&savepoint, geo, doc, mentions);
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
        let event = self
            .conn
            .query_row(
                &format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = ?1"),
                [id],
                event_row,
            )
            .optional()?;
        match event {
            Some(event) => Ok(Some(self.with_mentions(event?)?)),
            None => Ok(None),
        }
    }

    fn events(&self, query: &EventQuery) -> Result<Vec<Event>, StoreError> {
        let mut sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE 1 = 1");
        let mut args: Vec<Value> = Vec::new();
        for actor in &query.actors {
            args.push(Value::Text(actor.clone()));
            sql.push_str(&format!(
                " AND e.id IN (SELECT event_id FROM event_actors WHERE actor = ?{})",
                args.len()
            ));
        }
        if let Some(country) = &query.country {
            args.push(Value::Text(country.clone()));
            let n = args.len();
            sql.push_str(&format!(
                " AND (e.id IN (SELECT event_id FROM event_actors WHERE actor = ?{n} OR country = ?{n})
                   OR e.location = ?{n} OR e.location_country = ?{n})"
            ));
        }
        if let Some(mode) = query.mode {
            args.push(Value::Text(mode.as_str().into()));
            sql.push_str(&format!(" AND e.mode = ?{}", args.len()));
        }
        if let Some(status) = query.status {
            args.push(Value::Text(status.as_str().into()));
            sql.push_str(&format!(" AND e.status = ?{}", args.len()));
        }
        if let Some(since) = query.since {
            args.push(Value::Text(day(since)));
            sql.push_str(&format!(" AND e.end_date >= ?{}", args.len()));
        }
        if let Some(until) = query.until {
            args.push(Value::Text(day(until)));
            sql.push_str(&format!(" AND e.start_date <= ?{}", args.len()));
        }
        sql.push_str(" ORDER BY e.start_date, e.end_date, e.id");
        if let Some(limit) = query.limit {
            args.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
            sql.push_str(&format!(" LIMIT ?{}", args.len()));
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), event_row)?;
        let mut events = Vec::new();
        for row in rows {
            events.push(self.with_mentions(row??)?);
        }
        Ok(events)
    }

    fn document(&self, id: &str) -> Result<Option<StoredDocument>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT id, origin, url, title, published, source, author, body, captions, ingested_at
                 FROM documents WHERE id = ?1",
                [id],
                |row| {
                    Ok((
                        (row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, Option<String>>(2)?),
                        (row.get::<_, Option<String>>(3)?, row.get::<_, Option<String>>(4)?),
                        (row.get::<_, Option<String>>(5)?, row.get::<_, Option<String>>(6)?),
                        (row.get::<_, String>(7)?, row.get::<_, String>(8)?, row.get::<_, String>(9)?),
                    ))
                },
            )
            .optional()?;
        let Some((
            (id, origin, url),
            (title, published),
            (source, author),
            (body, captions, ingested_at),
        )) = row
        else {
            return Ok(None);
        };
        let published = published.as_deref().map(timestamp).transpose()?;
        Ok(Some(StoredDocument {
            document: Document {
                id,
                origin,
                url,
                title,
                published,
                source,
                author,
                body,
                captions: serde_json::from_str(&captions)?,
            },
            ingested_at,
        }))
    }

    fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(expression) = fts::match_expression(text) else {
            return Ok(Vec::new());
        };
        let terms = fts::query_terms(text);
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.origin, d.title, d.url, d.published, d.body, d.captions
             FROM document_text t JOIN documents d ON d.seq = t.rowid
             WHERE document_text MATCH ?1 ORDER BY t.rank, d.seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(
            params![expression, i64::try_from(limit).unwrap_or(i64::MAX)],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, String>(6)?,
                ))
            },
        )?;
        let mut hits = Vec::new();
        for row in rows {
            let (doc, origin, title, url, published, body, captions) = row?;
            // The hit may be in the body, a caption or only the title: show the first
            // text that has it.
            let captions: Vec<String> = serde_json::from_str(&captions)?;
            let texts: Vec<&str> = std::iter::once(body.as_str())
                .chain(captions.iter().map(String::as_str))
                .chain(title.as_deref())
                .collect();
            let snippet = texts
                .iter()
                .map(|t| fts::snippet(t, &terms, SNIPPET_CONTEXT))
                .find(|s| s.contains('【'))
                .unwrap_or_else(|| fts::snippet(&body, &terms, SNIPPET_CONTEXT));
            hits.push(SearchHit {
                doc,
                origin,
                title,
                url,
                published,
                snippet,
            });
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
        let rows = stmt.query_map([], event_row)?;
        for row in rows {
            visit(self.with_mentions(row??)?)?;
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
        let row = self
            .conn
            .query_row(
                "SELECT etag, last_modified, next_poll, failures, last_error FROM feeds WHERE url = ?1",
                [url],
                |row| {
                    Ok((
                        row.get::<_, Option<String>>(0)?,
                        row.get::<_, Option<String>>(1)?,
                        row.get::<_, Option<String>>(2)?,
                        row.get::<_, i64>(3)?,
                        row.get::<_, Option<String>>(4)?,
                    ))
                },
            )
            .optional()?;
        let Some((etag, last_modified, next_poll, failures, last_error)) = row else {
            return Ok(None);
        };
        let next_poll = next_poll
            .map(|t| {
                DateTime::parse_from_rfc3339(&t)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|e| StoreError::Corrupt(format!("next_poll {t:?}: {e}")))
            })
            .transpose()?;
        Ok(Some(FeedState {
            url: url.to_string(),
            etag,
            last_modified,
            next_poll,
            failures: u32::try_from(failures).unwrap_or(0),
            last_error,
        }))
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

const EVENT_COLUMNS: &str = "e.id, e.mode, e.actors, e.start_date, e.end_date, e.granularity, e.location, e.status, e.linked";

/// Reads an event row (without mentions); the inner error is a value this build cannot
/// read.
fn event_row(row: &Row<'_>) -> rusqlite::Result<Result<Event, StoreError>> {
    let id: i64 = row.get(0)?;
    let mode: String = row.get(1)?;
    let actors: String = row.get(2)?;
    let (start, end, granularity): (String, String, String) =
        (row.get(3)?, row.get(4)?, row.get(5)?);
    let location: Option<String> = row.get(6)?;
    let status: String = row.get(7)?;
    let linked: Option<i64> = row.get(8)?;
    Ok((|| {
        Ok(Event {
            id,
            mode: parse(&mode)?,
            actors: serde_json::from_str(&actors)?,
            when: interval(&start, &end, &granularity)?,
            location,
            status: parse(&status)?,
            linked,
            mentions: Vec::new(),
        })
    })())
}

/// Events that `mention` might join or link with: same mode, at least one shared actor,
/// dates overlapping the mention's widened by [`merge::NEAR_DAYS`].
fn candidates(tx: &Connection, mention: &EventMention) -> Result<Vec<Event>, StoreError> {
    let wide = merge::widen(&mention.when, merge::NEAR_DAYS);
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM events e
         WHERE e.mode = ?1 AND e.start_date <= ?3 AND e.end_date >= ?2
           AND e.id IN (SELECT event_id FROM event_actors WHERE actor IN (SELECT value FROM json_each(?4)))
         ORDER BY e.id"
    ))?;
    let rows = stmt.query_map(
        params![
            mention.mode.as_str(),
            day(wide.start),
            day(wide.end),
            serde_json::to_string(&mention.actors)?
        ],
        event_row,
    )?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

fn insert_event(tx: &Connection, geo: &dyn Geography, m: &EventMention) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO events (mode, actors, start_date, end_date, granularity, location, location_country, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            m.mode.as_str(),
            serde_json::to_string(&m.actors)?,
            day(m.when.start),
            day(m.when.end),
            granularity_str(m.when.granularity),
            m.location,
            m.location.as_deref().and_then(|l| geo.country_of(l)),
            m.status.as_str(),
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO event_actors (event_id, actor, country) VALUES (?1, ?2, ?3)",
    )?;
    for actor in &m.actors {
        stmt.execute(params![id, actor, geo.country_of(actor)])?;
    }
    Ok(id)
}

/// Checks a mention against its document and puts its actors in canonical form.
pub(crate) fn normalise(doc: &Document, m: &EventMention) -> Result<EventMention, StoreError> {
    let invalid = |why: String| Err(StoreError::Invalid(format!("{}: {why}", doc.origin)));
    if m.doc != doc.id {
        return invalid(format!(
            "a mention names document {:?}, not this one ({})",
            m.doc, doc.id
        ));
    }
    let mut actors: Vec<String> = m.actors.iter().map(|a| a.trim().to_string()).collect();
    actors.sort();
    actors.dedup();
    if actors.is_empty() || actors.iter().any(String::is_empty) {
        return invalid("a mention without actors".into());
    }
    for date in [m.when.start, m.when.end] {
        if !(1..=9999).contains(&chrono::Datelike::year(&date)) {
            return invalid(format!("a mention dated outside years 1-9999: {date}"));
        }
    }
    if m.when.start > m.when.end {
        return invalid(format!(
            "a mention whose interval ends before it starts: {}",
            m.when
        ));
    }
    Ok(EventMention {
        actors,
        ..m.clone()
    })
}

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub(crate) fn granularity_str(g: Granularity) -> &'static str {
    match g {
        Granularity::Day => "day",
        Granularity::Range => "range",
        Granularity::Month => "month",
        Granularity::Season => "season",
        Granularity::Year => "year",
    }
}

pub(crate) fn interval(
    start: &str,
    end: &str,
    granularity: &str,
) -> Result<TimeInterval, StoreError> {
    let date = |s: &str| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|e| StoreError::Corrupt(format!("date {s:?}: {e}")))
    };
    let granularity = match granularity {
        "day" => Granularity::Day,
        "range" => Granularity::Range,
        "month" => Granularity::Month,
        "season" => Granularity::Season,
        "year" => Granularity::Year,
        other => return Err(StoreError::Corrupt(format!("granularity {other:?}"))),
    };
    Ok(TimeInterval {
        start: date(start)?,
        end: date(end)?,
        granularity,
    })
}

pub(crate) fn timestamp(s: &str) -> Result<Timestamp, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(Timestamp::Instant)
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d").map(Timestamp::Day))
        .map_err(|e| StoreError::Corrupt(format!("published {s:?}: {e}")))
}

pub(crate) fn parse<T: std::str::FromStr<Err = String>>(s: &str) -> Result<T, StoreError> {
    s.parse().map_err(StoreError::Corrupt)
}
