-- parley store, schema version 4: event revisions, so a reader (the server's summary of
-- the record) can fetch only the events changed since it last looked.
--
-- `revision` grows with every change: a new event, a change of its date, place, status
-- or link, a new mention. Writers are serialised by SQLite, so each change takes the
-- highest revision plus one, and Store::change_mark is the highest revision.

ALTER TABLE events ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
UPDATE events SET revision = id;
CREATE INDEX events_revision ON events(revision);

CREATE TRIGGER events_revised_on_insert AFTER INSERT ON events
BEGIN
    UPDATE events SET revision = (SELECT max(revision) FROM events) + 1 WHERE id = NEW.id;
END;

-- `revision` is not among the columns watched, so the trigger's own update does not fire it.
CREATE TRIGGER events_revised_on_update
AFTER UPDATE OF mode, actors, start_date, end_date, granularity, location, location_country,
    status, linked ON events
BEGIN
    UPDATE events SET revision = (SELECT max(revision) FROM events) + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER events_revised_by_mention AFTER INSERT ON mentions
BEGIN
    UPDATE events SET revision = (SELECT max(revision) FROM events) + 1 WHERE id = NEW.event_id;
END;
