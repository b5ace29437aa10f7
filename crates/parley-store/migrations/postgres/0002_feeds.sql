-- parley store on PostgreSQL, schema version 2: feed state for `parley follow` (see
-- ../0002_feeds.sql).

CREATE TABLE feeds (
    url           TEXT        PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    next_poll     TIMESTAMPTZ,
    failures      INTEGER     NOT NULL DEFAULT 0,
    last_error    TEXT
);

CREATE TABLE feed_items (
    feed     TEXT        NOT NULL,
    item     TEXT        NOT NULL,
    seen_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (feed, item)
);
