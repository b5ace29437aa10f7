//! Reading stored rows back into parley's values, once for both backends.
//!
//! The two dialects keep the same columns in different types (SQLite: dates and times as
//! text; PostgreSQL: `DATE`, `TIMESTAMPTZ`, `JSONB` selected as text). [`Columns`] hides
//! that: each backend says how to read one column as text, an integer, a date or a time,
//! and the functions here build events, mentions, documents, feed states and search hits
//! from the columns in the order the backends select them.

use crate::{fts, EventQuery, FeedState, SearchHit, StoreError, StoredDocument};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use parley_core::{Document, Event, EventMention, Evidence, Granularity, TimeInterval, Timestamp};

/// Characters of context either side of a search hit.
const SNIPPET_CONTEXT: usize = 40;

/// The columns of an event, as both backends select them (table alias `e`); JSON as
/// text. Read by [`read_event`].
pub(crate) const EVENT_COLUMNS: &str = "e.id, e.mode, CAST(e.actors AS TEXT), e.start_date, e.end_date, e.granularity, e.location, e.status, e.linked";

/// The columns of a mention read by [`read_mention`], in order.
pub(crate) const MENTION_COLUMNS: &str = "doc_id, mode, CAST(actors AS TEXT), start_date, end_date, granularity, location, status, CAST(evidence AS TEXT)";

/// The columns of a document read by [`read_document`], in order.
pub(crate) const DOCUMENT_COLUMNS: &str =
    "id, origin, url, title, published, source, author, body, CAST(captions AS TEXT), ingested_at";

/// The columns of a document read by [`read_hit`], in order (table alias `d`).
pub(crate) const HIT_COLUMNS: &str =
    "d.id, d.origin, d.title, d.url, d.published, d.body, CAST(d.captions AS TEXT)";

/// The columns of a feed read by [`read_feed_state`], in order.
pub(crate) const FEED_COLUMNS: &str = "etag, last_modified, next_poll, failures, last_error";

/// One result row of either backend, read column by column (0-based).
pub(crate) trait Columns {
    /// A text column (`NULL` is an error).
    fn text(&self, i: usize) -> Result<String, StoreError>;
    /// A text column that may be `NULL`.
    fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError>;
    /// An integer column (`NULL` is an error).
    fn int(&self, i: usize) -> Result<i64, StoreError>;
    /// An integer column that may be `NULL`.
    fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError>;
    /// A calendar day.
    fn date(&self, i: usize) -> Result<NaiveDate, StoreError>;
    /// A moment that may be `NULL`.
    fn opt_time(&self, i: usize) -> Result<Option<DateTime<Utc>>, StoreError>;
}

/// An event without its mentions, from [`EVENT_COLUMNS`].
pub(crate) fn read_event(row: &impl Columns) -> Result<Event, StoreError> {
    Ok(Event {
        id: row.int(0)?,
        mode: parse(&row.text(1)?)?,
        actors: serde_json::from_str(&row.text(2)?)?,
        when: interval(row.date(3)?, row.date(4)?, &row.text(5)?)?,
        location: row.opt_text(6)?,
        status: parse(&row.text(7)?)?,
        linked: row.opt_int(8)?,
        mentions: Vec::new(),
    })
}

/// A mention from [`MENTION_COLUMNS`], starting at column `first`.
pub(crate) fn read_mention(row: &impl Columns, first: usize) -> Result<EventMention, StoreError> {
    let at = |i: usize| first + i;
    Ok(EventMention {
        doc: row.text(at(0))?,
        mode: parse(&row.text(at(1))?)?,
        actors: serde_json::from_str(&row.text(at(2))?)?,
        when: interval(row.date(at(3))?, row.date(at(4))?, &row.text(at(5))?)?,
        location: row.opt_text(at(6))?,
        status: parse(&row.text(at(7))?)?,
        evidence: serde_json::from_str::<Vec<Evidence>>(&row.text(at(8))?)?,
    })
}

/// A stored document from [`DOCUMENT_COLUMNS`].
pub(crate) fn read_document(row: &impl Columns) -> Result<StoredDocument, StoreError> {
    let published = row.opt_text(4)?;
    let ingested_at = row
        .opt_time(9)?
        .ok_or_else(|| StoreError::Corrupt("a document without ingested_at".into()))?;
    Ok(StoredDocument {
        document: Document {
            id: row.text(0)?,
            origin: row.text(1)?,
            url: row.opt_text(2)?,
            title: row.opt_text(3)?,
            published: published.as_deref().map(timestamp).transpose()?,
            source: row.opt_text(5)?,
            author: row.opt_text(6)?,
            body: row.text(7)?,
            captions: serde_json::from_str(&row.text(8)?)?,
        },
        ingested_at: ingested_at.to_rfc3339_opts(SecondsFormat::Secs, true),
    })
}

/// A search hit from [`HIT_COLUMNS`]: the snippet comes from the first text that has one
/// of `terms` (the body, a caption, or only the title).
pub(crate) fn read_hit(row: &impl Columns, terms: &[String]) -> Result<SearchHit, StoreError> {
    let title = row.opt_text(2)?;
    let body = row.text(5)?;
    let captions: Vec<String> = serde_json::from_str(&row.text(6)?)?;
    let snippet = std::iter::once(body.as_str())
        .chain(captions.iter().map(String::as_str))
        .chain(title.as_deref())
        .map(|t| fts::snippet(t, terms, SNIPPET_CONTEXT))
        .find(|s| s.contains('【'))
        .unwrap_or_else(|| fts::snippet(&body, terms, SNIPPET_CONTEXT));
    Ok(SearchHit {
        doc: row.text(0)?,
        origin: row.text(1)?,
        title,
        url: row.opt_text(3)?,
        published: row.opt_text(4)?,
        snippet,
    })
}

/// The state of the feed at `url` from [`FEED_COLUMNS`].
pub(crate) fn read_feed_state(row: &impl Columns, url: &str) -> Result<FeedState, StoreError> {
    Ok(FeedState {
        url: url.to_string(),
        etag: row.opt_text(0)?,
        last_modified: row.opt_text(1)?,
        next_poll: row.opt_time(2)?,
        failures: u32::try_from(row.int(3)?).unwrap_or(0),
        last_error: row.opt_text(4)?,
    })
}

/// A value bound to a statement [`events_sql`] builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Arg {
    /// Text.
    Text(String),
    /// A calendar day (SQLite binds it as `YYYY-MM-DD` text).
    Day(NaiveDate),
    /// An integer.
    Int(i64),
}

/// The statement selecting the events `query` asks for (in [`EVENT_COLUMNS`], earliest
/// first) and the values to bind; `mark(n)` writes the dialect's n-th placeholder.
pub(crate) fn events_sql(query: &EventQuery, mark: fn(usize) -> String) -> (String, Vec<Arg>) {
    let mut sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE 1 = 1");
    let mut args: Vec<Arg> = Vec::new();
    let bind = |args: &mut Vec<Arg>, arg: Arg| {
        args.push(arg);
        mark(args.len())
    };
    for actor in &query.actors {
        let p = bind(&mut args, Arg::Text(actor.clone()));
        sql.push_str(&format!(
            " AND e.id IN (SELECT event_id FROM event_actors WHERE actor = {p})"
        ));
    }
    if let Some(country) = &query.country {
        let p = bind(&mut args, Arg::Text(country.clone()));
        sql.push_str(&format!(
            " AND (e.id IN (SELECT event_id FROM event_actors WHERE actor = {p} OR country = {p})
               OR e.location = {p} OR e.location_country = {p})"
        ));
    }
    if let Some(mode) = query.mode {
        let p = bind(&mut args, Arg::Text(mode.as_str().into()));
        sql.push_str(&format!(" AND e.mode = {p}"));
    }
    if let Some(status) = query.status {
        let p = bind(&mut args, Arg::Text(status.as_str().into()));
        sql.push_str(&format!(" AND e.status = {p}"));
    }
    if let Some(since) = query.since {
        let p = bind(&mut args, Arg::Day(since));
        sql.push_str(&format!(" AND e.end_date >= {p}"));
    }
    if let Some(until) = query.until {
        let p = bind(&mut args, Arg::Day(until));
        sql.push_str(&format!(" AND e.start_date <= {p}"));
    }
    sql.push_str(" ORDER BY e.start_date, e.end_date, e.id");
    if let Some(limit) = query.limit {
        let p = bind(
            &mut args,
            Arg::Int(i64::try_from(limit).unwrap_or(i64::MAX)),
        );
        sql.push_str(&format!(" LIMIT {p}"));
    }
    (sql, args)
}

/// The title, body and captions of a document as one text, for indexing.
pub(crate) fn searchable_text(doc: &Document) -> String {
    let mut text = doc.title.clone().unwrap_or_default();
    for part in std::iter::once(&doc.body).chain(&doc.captions) {
        text.push('\n');
        text.push_str(part);
    }
    text
}

/// A granularity as stored.
pub(crate) fn granularity_str(g: Granularity) -> &'static str {
    match g {
        Granularity::Day => "day",
        Granularity::Range => "range",
        Granularity::Month => "month",
        Granularity::Season => "season",
        Granularity::Year => "year",
    }
}

/// A stored interval.
pub(crate) fn interval(
    start: NaiveDate,
    end: NaiveDate,
    granularity: &str,
) -> Result<TimeInterval, StoreError> {
    let granularity = match granularity {
        "day" => Granularity::Day,
        "range" => Granularity::Range,
        "month" => Granularity::Month,
        "season" => Granularity::Season,
        "year" => Granularity::Year,
        other => return Err(StoreError::Corrupt(format!("granularity {other:?}"))),
    };
    Ok(TimeInterval {
        start,
        end,
        granularity,
    })
}

/// A stored day, `YYYY-MM-DD`.
pub(crate) fn parse_day(s: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| StoreError::Corrupt(format!("date {s:?}: {e}")))
}

/// A stored moment, RFC 3339.
pub(crate) fn parse_time(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("time {s:?}: {e}")))
}

/// A stored publication time: RFC 3339 with offset, or a day.
fn timestamp(s: &str) -> Result<Timestamp, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(Timestamp::Instant)
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d").map(Timestamp::Day))
        .map_err(|e| StoreError::Corrupt(format!("published {s:?}: {e}")))
}

/// A stored mode or status.
fn parse<T: std::str::FromStr<Err = String>>(s: &str) -> Result<T, StoreError> {
    s.parse().map_err(StoreError::Corrupt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_values_that_this_build_did_not_write_are_corrupt() {
        let day = parse_day("2025-02-20").expect("day");
        assert!(matches!(
            interval(day, day, "fortnight"),
            Err(StoreError::Corrupt(_))
        ));
        assert!(matches!(
            parse_day("20.2.2025"),
            Err(StoreError::Corrupt(_))
        ));
        assert!(matches!(
            parse_time("yesterday"),
            Err(StoreError::Corrupt(_))
        ));
        assert!(matches!(
            parse::<parley_core::EventMode>("wrestle"),
            Err(StoreError::Corrupt(_))
        ));
        assert_eq!(timestamp("2025-02-20").expect("day"), Timestamp::Day(day));
    }
}
