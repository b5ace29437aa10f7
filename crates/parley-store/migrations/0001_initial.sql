-- parley store, schema version 1.
-- Applied by crates/parley-store/src/migrations.rs when PRAGMA user_version < 1.

-- One row per cleaned story. `id` is the content fingerprint; `seq` is the integer key
-- the full-text index uses as its rowid.
CREATE TABLE documents (
    seq          INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    url          TEXT    UNIQUE,
    origin       TEXT    NOT NULL,
    title        TEXT,
    published    TEXT,             -- RFC 3339 with offset, or YYYY-MM-DD
    source       TEXT,
    author       TEXT,
    body         TEXT    NOT NULL,
    captions     TEXT    NOT NULL, -- JSON array of strings
    ingested_at  TEXT    NOT NULL  -- RFC 3339, UTC
);

-- One row per real-world event, merged from its mentions.
CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    mode             TEXT    NOT NULL CHECK (mode IN ('meet', 'phone', 'video', 'visit')),
    actors           TEXT    NOT NULL, -- JSON array of sorted actor ids
    start_date       TEXT    NOT NULL, -- YYYY-MM-DD, inclusive
    end_date         TEXT    NOT NULL, -- YYYY-MM-DD, inclusive
    granularity      TEXT    NOT NULL CHECK (granularity IN ('day', 'range', 'month', 'season', 'year')),
    location         TEXT,
    location_country TEXT,             -- alpha-3 of the location, when known
    status           TEXT    NOT NULL CHECK (status IN ('occurred', 'planned')),
    linked           INTEGER REFERENCES events(id) ON DELETE SET NULL,
    CHECK (start_date <= end_date)
);
CREATE INDEX events_mode_dates ON events(mode, start_date, end_date);
CREATE INDEX events_start ON events(start_date);

-- The actors of each event, for actor and country queries.
CREATE TABLE event_actors (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    actor    TEXT    NOT NULL,
    country  TEXT,                     -- alpha-3 the actor belongs to, when known
    PRIMARY KEY (event_id, actor)
) WITHOUT ROWID;
CREATE INDEX event_actors_actor ON event_actors(actor, event_id);
CREATE INDEX event_actors_country ON event_actors(country, event_id);

-- What one document says about one event.
CREATE TABLE mentions (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    doc_id      TEXT    NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,      -- position among the document's mentions
    mode        TEXT    NOT NULL,
    actors      TEXT    NOT NULL,      -- JSON array
    start_date  TEXT    NOT NULL,
    end_date    TEXT    NOT NULL,
    granularity TEXT    NOT NULL,
    location    TEXT,
    status      TEXT    NOT NULL,
    evidence    TEXT    NOT NULL,      -- JSON array of {field, span: {start, end}, text}
    UNIQUE (doc_id, ordinal)
);
CREATE INDEX mentions_event ON mentions(event_id);

-- Full-text index over title, body and captions (rowid = documents.seq). Text is
-- rewritten before indexing (see src/fts.rs): runs of CJK characters become
-- overlapping character bigrams in `grams` and single characters in `chars`; other
-- words pass through to `grams` for the unicode61 tokenizer.
CREATE VIRTUAL TABLE document_text USING fts5(
    grams,
    chars,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
