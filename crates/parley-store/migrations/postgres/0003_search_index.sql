-- parley store on PostgreSQL, schema version 3: indexed full-text search with the same
-- meaning as SQLite's (see src/fts.rs, pg_index and pg_query).
--
-- `search_tokens` holds the normalised tokens of title, body and captions in order,
-- between spaces (CJK runs as overlapping character bigrams, words lower-cased without
-- Latin diacritics); a search's exact test is a set of LIKE patterns over it.
-- `search_vector` holds the same tokens (with positions, for ranking) and the last
-- character of each CJK run as lexemes (a one-character query matches by prefix),
-- built by parley itself rather than by a text-search parser; its GIN index finds the
-- candidate documents. It is NULL only for a document too large for a
-- tsvector (1 MiB); those are found through the partial index below and tested by their
-- tokens alone.
--
-- The columns of existing documents are filled by src/postgres.rs right after this file
-- runs, in the same transaction (the tokens need parley's normalisation), which then
-- makes `search_tokens` NOT NULL.

ALTER TABLE documents DROP COLUMN search_text;
ALTER TABLE documents ADD COLUMN search_tokens TEXT;
ALTER TABLE documents ADD COLUMN search_vector TSVECTOR;
CREATE INDEX documents_search ON documents USING GIN (search_vector);
CREATE INDEX documents_search_unindexed ON documents (seq) WHERE search_vector IS NULL;
