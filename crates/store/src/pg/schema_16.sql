-- Schema 16 (SQLite's migration V16): what the resolver keeps of a cited document, to cluster
-- the citations a batch adds after all the others without reading the earlier ones.
ALTER TABLE directives ADD COLUMN memo text COLLATE "C";
