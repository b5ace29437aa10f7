-- parley store, schema version 2: what `parley follow` remembers about each feed, so a
-- restart resumes where it stopped. Applied by src/migrations.rs.

-- One row per feed URL: the validators for conditional GET, when to poll next, and how
-- many polls in a row have failed (for exponential backoff).
CREATE TABLE feeds (
    url           TEXT    PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    next_poll     TEXT,                -- RFC 3339, UTC
    failures      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT
);

-- Items already handled (fetched, stored or given up on), by the item's id: its guid,
-- else its link.
CREATE TABLE feed_items (
    feed     TEXT NOT NULL,
    item     TEXT NOT NULL,
    seen_at  TEXT NOT NULL,            -- RFC 3339, UTC
    PRIMARY KEY (feed, item)
) WITHOUT ROWID;
