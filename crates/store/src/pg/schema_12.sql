-- Schema 12 (SQLite's migration V12): what the resolver keeps of a person and of an
-- organisation, to place the mentions a batch adds without reading all the earlier ones; the
-- mentions that give a person a rank; the events newest first.
ALTER TABLE persons ADD COLUMN memo text COLLATE "C";
ALTER TABLE orgs ADD COLUMN first_at text COLLATE "C";
CREATE INDEX person_mentions_ranked ON person_mentions(person) WHERE rank IS NOT NULL;
CREATE INDEX events_newest ON events((date IS NULL), date DESC, id DESC);
