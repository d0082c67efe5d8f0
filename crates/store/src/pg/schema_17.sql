-- Schema 17 (SQLite's migration V17): SQLite's register moved its documents' full-text index to a
-- file of its own, with a queue numbering its rows. PostgreSQL's index (`doc_search`) stays in the
-- database, written in the batch's transaction: nothing changes here.
SELECT 1;
