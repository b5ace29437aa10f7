-- parley store on PostgreSQL, schema version 1: the tables of ../0001_initial.sql in
-- PostgreSQL's dialect. Applied by src/postgres.rs; `parley_schema.version` records how
-- many migrations have run.

CREATE TABLE documents (
    seq          BIGSERIAL   PRIMARY KEY,
    id           TEXT        NOT NULL UNIQUE,
    url          TEXT        UNIQUE,
    origin       TEXT        NOT NULL,
    title        TEXT,
    published    TEXT,                 -- RFC 3339 with offset, or YYYY-MM-DD
    source       TEXT,
    author       TEXT,
    body         TEXT        NOT NULL,
    captions     JSONB       NOT NULL, -- array of strings
    ingested_at  TIMESTAMPTZ NOT NULL,
    -- Title, body and captions normalised for search: CJK runs and lower-cased words,
    -- each between spaces. Replaced in version 3 (0003_search_index.sql).
    search_text  TEXT        NOT NULL
);

CREATE TABLE events (
    id               BIGSERIAL PRIMARY KEY,
    mode             TEXT  NOT NULL CHECK (mode IN ('meet', 'phone', 'video', 'visit')),
    actors           JSONB NOT NULL,   -- array of sorted actor ids
    start_date       DATE  NOT NULL,
    end_date         DATE  NOT NULL,
    granularity      TEXT  NOT NULL CHECK (granularity IN ('day', 'range', 'month', 'season', 'year')),
    location         TEXT,
    location_country TEXT,
    status           TEXT  NOT NULL CHECK (status IN ('occurred', 'planned')),
    linked           BIGINT REFERENCES events(id) ON DELETE SET NULL,
    CHECK (start_date <= end_date)
);
CREATE INDEX events_mode_dates ON events(mode, start_date, end_date);
CREATE INDEX events_start ON events(start_date);

CREATE TABLE event_actors (
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    actor    TEXT   NOT NULL,
    country  TEXT,
    PRIMARY KEY (event_id, actor)
);
CREATE INDEX event_actors_actor ON event_actors(actor, event_id);
CREATE INDEX event_actors_country ON event_actors(country, event_id);

CREATE TABLE mentions (
    id          BIGSERIAL PRIMARY KEY,
    event_id    BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    doc_id      TEXT   NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    mode        TEXT   NOT NULL,
    actors      JSONB  NOT NULL,
    start_date  DATE   NOT NULL,
    end_date    DATE   NOT NULL,
    granularity TEXT   NOT NULL,
    location    TEXT,
    status      TEXT   NOT NULL,
    evidence    JSONB  NOT NULL,       -- array of {field, span: {start, end}, text}
    UNIQUE (doc_id, ordinal)
);
CREATE INDEX mentions_event ON mentions(event_id);
