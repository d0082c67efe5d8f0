-- Schema 14 (SQLite's migration V14): the index of near-duplicate links holds the copies only
-- (the originals, nearly every document, are never looked up by it).
DROP INDEX documents_dup;
CREATE INDEX documents_dup ON documents(dup_of) WHERE dup_of IS NOT NULL;
