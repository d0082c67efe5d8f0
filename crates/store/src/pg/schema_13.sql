-- Schema 13 (SQLite's migration V13): the index of signature bands in two parts, the bands of
-- recent documents apart (merged = 0) until a batch moves them to the large index in one pass.
ALTER TABLE doc_bands ADD COLUMN merged bigint NOT NULL DEFAULT 1;
DROP INDEX doc_bands_band;
CREATE INDEX doc_bands_merged ON doc_bands(band) WHERE merged = 1;
CREATE INDEX doc_bands_recent ON doc_bands(band) WHERE merged = 0;
