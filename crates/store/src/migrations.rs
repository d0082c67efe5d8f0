//! Schema versions. `PRAGMA user_version` holds the number of migrations applied; each migration
//! runs in its own transaction, so a crash leaves the schema at a whole version.
//!
//! Append new migrations at the end; never edit one that has shipped.

use rusqlite::Connection;

use crate::error::{Result, StoreError};

/// The migrations, in order. Migration `i` brings the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3];

/// The newest schema version this build knows.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Brings the database to [`LATEST`].
pub fn migrate(conn: &mut Connection) -> Result<i64> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > LATEST {
        return Err(StoreError::NewerSchema { found, known: LATEST });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(LATEST)
}

/// Version 1: documents, near-duplicate signatures, full-text indexes and the register.
const V1: &str = r#"
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    ext_id      TEXT NOT NULL UNIQUE,          -- the input's id (file name, corpus id)
    hash        BLOB NOT NULL,                 -- xxh3-128 of the decoded (NFC) text
    date        TEXT,                          -- ISO (maybe partial) date of the main event / publication
    published   TEXT,
    source      TEXT,
    author      TEXT,
    dup_of      INTEGER REFERENCES documents(id) ON DELETE SET NULL,  -- near-duplicate of (the earliest copy)
    similarity  REAL,                          -- estimated Jaccard with dup_of
    ingested_at TEXT NOT NULL,
    headline    TEXT
);
-- The texts apart, so that `documents` stays narrow (filters on dates touch few pages).
CREATE TABLE doc_texts (
    doc  INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL                         -- decoded (NFC) text; every span is a byte range into it
);
CREATE INDEX documents_date ON documents(date);
CREATE INDEX documents_dup ON documents(dup_of);

CREATE TABLE doc_sigs (
    doc INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    sig BLOB NOT NULL                          -- MinHash signature, little-endian u32s
);
CREATE TABLE doc_bands (
    band INTEGER NOT NULL,                     -- hash of (band number, rows of the signature)
    doc  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
);
CREATE INDEX doc_bands_band ON doc_bands(band);
CREATE INDEX doc_bands_doc ON doc_bands(doc);

-- Full text: the text as written (diacritics kept) and folded (lower case, no marks, đ→d).
CREATE VIRTUAL TABLE doc_fts USING fts5(
    exact, folded, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
);

CREATE TABLE orgs (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    key  TEXT NOT NULL UNIQUE,                 -- chidao_text::fold(name)
    ascii TEXT NOT NULL                        -- ascii_fold(name)
);
CREATE TABLE org_aliases (
    org   INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    key   TEXT NOT NULL,
    ascii TEXT NOT NULL,
    doc   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (org, key, doc)
) WITHOUT ROWID;
CREATE INDEX org_aliases_key ON org_aliases(key);
CREATE INDEX org_aliases_doc ON org_aliases(doc);
CREATE TABLE org_mentions (
    org   INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    doc   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL
);
CREATE INDEX org_mentions_org ON org_mentions(org);
CREATE INDEX org_mentions_doc ON org_mentions(doc);

CREATE TABLE persons (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    key   TEXT NOT NULL,                       -- chidao_text::fold(name): namesakes share it
    ascii TEXT NOT NULL,                       -- ascii_fold(name), for names typed without marks
    rank  TEXT
);
CREATE INDEX persons_key ON persons(key);
CREATE INDEX persons_ascii ON persons(ascii);
CREATE TABLE person_mentions (
    person INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    doc    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL,
    name   TEXT NOT NULL,                      -- as written in this document
    rank   TEXT,
    rule   TEXT NOT NULL,                      -- why this document's person is this entity
    evidence TEXT
);
CREATE INDEX person_mentions_person ON person_mentions(person);
CREATE INDEX person_mentions_doc ON person_mentions(doc);
CREATE TABLE person_roles (
    person INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    doc    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    role   TEXT NOT NULL,                      -- as written ("Bí thư Tỉnh ủy Hòa Lạc")
    key    TEXT NOT NULL,                      -- chidao_text::fold(role): the timeline groups on it
    org    TEXT,                               -- its organisation part ("Tỉnh ủy Hòa Lạc")
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL,
    date   TEXT                                -- the document's date
);
CREATE INDEX person_roles_person ON person_roles(person);
CREATE INDEX person_roles_doc ON person_roles(doc);

CREATE TABLE directives (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,                  -- "Chỉ thị"
    number     TEXT NOT NULL,                  -- as first written
    code       TEXT,                           -- canonical display code ("35-CT/TW")
    number_key TEXT NOT NULL,                  -- number without leading zeros
    kind_key   TEXT NOT NULL,                  -- "CT", "NQ", "ND" …
    series     TEXT,                           -- issuer part of the code ("TW", "CP", "TU")
    party      INTEGER NOT NULL DEFAULT 0,     -- Party numbering (restarts each term) vs state (each year)
    era        TEXT,                           -- "T2016" (term) or "Y2020" (year) when known
    issuer     TEXT,
    issuer_key TEXT,
    date       TEXT,
    title      TEXT
);
CREATE INDEX directives_lookup ON directives(number_key, kind_key);
CREATE TABLE directive_mentions (
    id        INTEGER PRIMARY KEY,
    directive INTEGER REFERENCES directives(id) ON DELETE SET NULL,  -- NULL when ambiguous
    doc       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    number    TEXT NOT NULL,
    code      TEXT,
    issuer    TEXT,
    date      TEXT,
    title     TEXT,
    rule      TEXT NOT NULL                    -- how it was resolved
);
CREATE INDEX directive_mentions_directive ON directive_mentions(directive);
CREATE INDEX directive_mentions_doc ON directive_mentions(doc);
CREATE TABLE directive_candidates (
    mention   INTEGER NOT NULL REFERENCES directive_mentions(id) ON DELETE CASCADE,
    directive INTEGER NOT NULL REFERENCES directives(id) ON DELETE CASCADE,
    PRIMARY KEY (mention, directive)
) WITHOUT ROWID;
CREATE INDEX directive_candidates_directive ON directive_candidates(directive);

CREATE TABLE events (
    id    INTEGER PRIMARY KEY,
    kind  TEXT NOT NULL,
    date  TEXT,
    chair INTEGER REFERENCES persons(id) ON DELETE SET NULL,
    place TEXT,
    key   TEXT UNIQUE                          -- kind|day|chair: the same meeting reported twice
);
CREATE TABLE event_mentions (
    event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    doc   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL,
    date_start INTEGER NOT NULL,
    date_end   INTEGER NOT NULL
);
CREATE INDEX event_mentions_event ON event_mentions(event);
CREATE INDEX event_mentions_doc ON event_mentions(doc);

CREATE TABLE tasks (
    id        INTEGER PRIMARY KEY,
    key       TEXT NOT NULL,                   -- stable id: survives re-ingest; joins task_status
    doc       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    kind      TEXT NOT NULL,                   -- directive | commitment
    text      TEXT NOT NULL,
    issuer    TEXT,
    assignee  TEXT,
    assignee_key TEXT,                         -- ascii_fold(assignee)
    deadline  TEXT,                            -- as extracted (ISO, maybe partial)
    due       TEXT                             -- last day the deadline allows (YYYY-MM-DD)
);
CREATE INDEX tasks_doc ON tasks(doc);
CREATE INDEX tasks_key ON tasks(key);
CREATE INDEX tasks_due ON tasks(due);
CREATE TABLE task_refs (
    task      INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    directive INTEGER REFERENCES directives(id) ON DELETE SET NULL,
    ref       TEXT NOT NULL
);
CREATE INDEX task_refs_task ON task_refs(task);
CREATE INDEX task_refs_directive ON task_refs(directive);
-- Completion, kept by the user (`chidao task-done`); never touched by ingest.
CREATE TABLE task_status (
    key          TEXT PRIMARY KEY,
    completed_on TEXT,
    note         TEXT,
    updated_at   TEXT NOT NULL
);

CREATE TABLE figures (
    doc       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    value     REAL NOT NULL,
    qualifier TEXT,
    unit      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL
);
CREATE INDEX figures_doc ON figures(doc);

-- Facts as search rows (`chidao search --kind`).
CREATE TABLE facts (
    id    INTEGER PRIMARY KEY,
    kind  TEXT NOT NULL,                       -- person | directive | event | org | task | figure
    doc   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL,
    text  TEXT NOT NULL
);
CREATE INDEX facts_doc ON facts(doc);
-- `kind` is indexed too, so `--kind task` is an index intersection, not a filter over every match.
CREATE VIRTUAL TABLE fact_fts USING fts5(
    exact, folded, kind, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
);
"#;

/// Version 2: the user's side of the register, kept apart from machine output so that no ingest
/// touches it — corrections of facts, and a workflow status (open / in progress / done) for tasks
/// with a log of every change and its note.
const V2: &str = r#"
CREATE TABLE corrections (
    id         INTEGER PRIMARY KEY,
    doc        TEXT NOT NULL,                  -- documents.ext_id (kept as text: survives re-ingest)
    kind       TEXT NOT NULL,                  -- person | role | org | directive | event | task | figure
    start      INTEGER NOT NULL,               -- the fact's byte span (for `add`, the evidence span)
    end        INTEGER NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('reject', 'edit', 'add')),
    field      TEXT,                           -- the attribute edited (edit)
    value      TEXT,                           -- its new value (edit); the added fact as JSON (add)
    note       TEXT,
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    withdrawn  INTEGER NOT NULL DEFAULT 0      -- undone by a user; kept for the record
);
CREATE INDEX corrections_doc ON corrections(doc);
CREATE INDEX corrections_kind ON corrections(kind, action);
ALTER TABLE task_status ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
UPDATE task_status SET status = 'done' WHERE completed_on IS NOT NULL;
CREATE TABLE task_log (
    id     INTEGER PRIMARY KEY,
    key    TEXT NOT NULL,
    status TEXT NOT NULL,
    note   TEXT,
    author TEXT NOT NULL,
    at     TEXT NOT NULL
);
CREATE INDEX task_log_key ON task_log(key);
-- The latest documents (the web app's home page).
CREATE INDEX documents_ingested ON documents(ingested_at);
"#;

/// Version 3: the originals of documents read from files (see `sources.rs`).
const V3: &str = r#"
CREATE TABLE doc_sources (
    doc       INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    info      TEXT NOT NULL,                   -- JSON: name, format, media type, size, hash, encoding, pages, notes
    ocr_pages INTEGER NOT NULL DEFAULT 0,      -- pages read by OCR: facts from them are less certain
    original  BLOB                             -- the file's bytes (NULL for plain text: the text is the original)
);
"#;
