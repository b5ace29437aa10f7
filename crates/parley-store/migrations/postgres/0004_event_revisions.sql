-- parley store on PostgreSQL, schema version 4: event revisions (see
-- ../0004_event_revisions.sql).
--
-- Many workers write at once here, so a counter would not do: a change numbered 9 may
-- commit after a reader has seen 10. Each event instead carries the id of the
-- transaction that last changed it (`written_by`), and Store::change_mark is the oldest
-- transaction id still running in the reader's snapshot: every change the reader has not
-- seen comes from a transaction at or above it.

ALTER TABLE events ADD COLUMN written_by xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX events_written_by ON events(written_by);

CREATE FUNCTION parley_event_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.written_by := pg_current_xact_id();
    RETURN NEW;
END;
$$;

CREATE TRIGGER events_written BEFORE UPDATE ON events
    FOR EACH ROW EXECUTE FUNCTION parley_event_written();

CREATE FUNCTION parley_mention_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE events SET written_by = pg_current_xact_id() WHERE id = NEW.event_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER mentions_written AFTER INSERT ON mentions
    FOR EACH ROW EXECUTE FUNCTION parley_mention_written();
