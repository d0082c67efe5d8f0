//! Schema versions. `PRAGMA user_version` holds the number of migrations applied; each migration
//! runs in its own transaction, so a crash leaves the schema at a whole version.
//!
//! Append new migrations at the end; never edit one that has shipped.

use rusqlite::Connection;

use crate::error::{Result, StoreError};
use crate::people::ROLE_ORGS;

/// The migrations, in order. Migration `i` brings the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13, V14, V15, V16, V17];

/// The newest schema version this build knows.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Brings the database to [`LATEST`].
pub fn migrate(conn: &mut Connection) -> Result<i64> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > LATEST {
        return Err(StoreError::NewerSchema { found, known: LATEST });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        // Immediate: two processes upgrading at once take turns, and the second sees the first's
        // work (the version is read again under the lock).
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > i as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        if i + 1 == 11 {
            // The remade full-text index, filled in the migration's transaction.
            crate::search_index::maintain(&tx, false)?;
        }
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    rekey(conn)?;
    Ok(LATEST)
}

/// The version of the keys computed in Rust that group the register's rows: 1 = assignees by
/// [`chidao_extract::unit::unit_key`] (abbreviations expanded, "các" left out) instead of their
/// folded spelling; 2 = an abbreviation's parts written apart ("GD-ĐT", "GD & ĐT") expanded as
/// the whole ("GD&ĐT"). Kept in `meta` (`unit_keys`).
pub(crate) const UNIT_KEYS: i64 = 2;

/// Recomputes, once, keys that this build computes differently from the one that wrote them (the
/// SQL migrations cannot: the rules live in Rust): the tasks' unit keys ([`UNIT_KEYS`]) and the
/// organisations of people's roles ([`ROLE_ORGS`]).
fn rekey(conn: &mut Connection) -> Result<()> {
    use rusqlite::OptionalExtension;
    let have = |c: &Connection, name: &str| -> Result<i64> {
        Ok(c.query_row("SELECT value FROM meta WHERE key = ?1", [name], |r| r.get(0)).optional()?.unwrap_or(0))
    };
    if have(conn, "unit_keys")? >= UNIT_KEYS && have(conn, "role_orgs")? >= ROLE_ORGS {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if have(&tx, "unit_keys")? < UNIT_KEYS {
        rekey_units(&tx, "tasks", "assignee", "assignee_key")?;
        // An editor's unit scope compares with the tasks' keys.
        rekey_units(&tx, "users", "unit", "unit_key")?;
        set(&tx, "unit_keys", UNIT_KEYS)?;
    }
    if have(&tx, "role_orgs")? < ROLE_ORGS {
        let rows: Vec<(i64, String, Option<String>)> =
            tx.prepare("SELECT rowid, role, org FROM person_roles")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        let mut st = tx.prepare("UPDATE person_roles SET org = ?2 WHERE rowid = ?1")?;
        for (id, org) in crate::people::role_org_changes(rows) {
            st.execute(rusqlite::params![id, org])?;
        }
        drop(st);
        set(&tx, "role_orgs", ROLE_ORGS)?;
    }
    tx.commit()?;
    Ok(())
}

/// Notes in `meta` that the keys `name` are those of `version`.
fn set(tx: &rusqlite::Transaction<'_>, name: &str, version: i64) -> rusqlite::Result<()> {
    tx.execute("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", rusqlite::params![name, version])?;
    Ok(())
}

/// Writes `key_col` of every row of `table` from its unit name in `name_col` (our own table and
/// column names, never input).
fn rekey_units(tx: &rusqlite::Transaction<'_>, table: &str, name_col: &str, key_col: &str) -> rusqlite::Result<()> {
    let rows: Vec<(i64, String)> = tx
        .prepare(&format!("SELECT id, {name_col} FROM {table} WHERE {name_col} IS NOT NULL"))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = tx.prepare(&format!("UPDATE {table} SET {key_col} = ?2 WHERE id = ?1"))?;
    for (id, name) in rows {
        st.execute(rusqlite::params![id, chidao_extract::unit::unit_key(&name)])?;
    }
    Ok(())
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

/// Version 3: what the resolver needs to rebuild the register's entities from their mentions in
/// a canonical order (so that the register does not depend on the order or history of ingest):
/// each mention says which occurrence of the document's extraction it belongs to and what it
/// said, not only which entity it was merged into. Registers of version 2 are filled in from
/// their entities (an occurrence there is a (document, entity) pair).
const V3: &str = r#"
ALTER TABLE person_mentions ADD COLUMN key TEXT;      -- fold(name): the resolver's unit
ALTER TABLE person_mentions ADD COLUMN occ INTEGER;   -- the person's index in the document's extraction
ALTER TABLE person_roles ADD COLUMN occ INTEGER;
UPDATE person_mentions SET key = (SELECT p.key FROM persons p WHERE p.id = person_mentions.person), occ = person;
UPDATE person_roles SET occ = person;
CREATE INDEX person_mentions_key ON person_mentions(key);
CREATE INDEX person_mentions_occ ON person_mentions(doc, occ);
CREATE INDEX person_roles_occ ON person_roles(doc, occ);

ALTER TABLE org_mentions ADD COLUMN name TEXT;        -- the name as written in this document
UPDATE org_mentions SET name = (SELECT o.name FROM orgs o WHERE o.id = org_mentions.org);

ALTER TABLE directive_mentions ADD COLUMN number_key TEXT;
ALTER TABLE directive_mentions ADD COLUMN kind_key TEXT;
ALTER TABLE directive_mentions ADD COLUMN primary_id INTEGER;  -- for a further mention in the same text: the first
UPDATE directive_mentions SET number_key = (SELECT d.number_key FROM directives d WHERE d.id = directive_mentions.directive),
    kind_key = (SELECT d.kind_key FROM directives d WHERE d.id = directive_mentions.directive);
UPDATE directive_mentions SET number_key = (SELECT d.number_key FROM directive_candidates c JOIN directives d ON d.id = c.directive WHERE c.mention = directive_mentions.id),
    kind_key = (SELECT d.kind_key FROM directive_candidates c JOIN directives d ON d.id = c.directive WHERE c.mention = directive_mentions.id)
    WHERE number_key IS NULL;
UPDATE directive_mentions SET primary_id = (SELECT MIN(p.id) FROM directive_mentions p WHERE p.doc = directive_mentions.doc
    AND p.number_key IS directive_mentions.number_key AND p.kind_key IS directive_mentions.kind_key AND p.rule <> 'same_text')
    WHERE rule = 'same_text';
CREATE INDEX directive_mentions_key ON directive_mentions(number_key, kind_key);
CREATE INDEX directive_mentions_primary ON directive_mentions(primary_id);
ALTER TABLE task_refs ADD COLUMN mention INTEGER;     -- the citation (directive_mentions.id) in the task's document
UPDATE task_refs SET mention = (SELECT MIN(m.id) FROM directive_mentions m JOIN tasks t ON t.doc = m.doc
    WHERE t.id = task_refs.task AND m.directive IS task_refs.directive AND m.rule <> 'same_text');
CREATE INDEX task_refs_mention ON task_refs(mention);

ALTER TABLE event_mentions ADD COLUMN key TEXT;       -- fold(kind)|day|chair occurrence's person; NULL: an event of its own
ALTER TABLE event_mentions ADD COLUMN kind TEXT;
ALTER TABLE event_mentions ADD COLUMN date TEXT;
ALTER TABLE event_mentions ADD COLUMN place TEXT;
ALTER TABLE event_mentions ADD COLUMN chair_occ INTEGER;  -- the chair's occurrence in this document
UPDATE event_mentions SET kind = (SELECT e.kind FROM events e WHERE e.id = event_mentions.event),
    date = (SELECT e.date FROM events e WHERE e.id = event_mentions.event),
    place = (SELECT e.place FROM events e WHERE e.id = event_mentions.event),
    key = (SELECT e.key FROM events e WHERE e.id = event_mentions.event),
    chair_occ = (SELECT e.chair FROM events e WHERE e.id = event_mentions.event);
CREATE INDEX event_mentions_key ON event_mentions(key);

-- Where a document was published, when its input said (a feed's "url").
ALTER TABLE documents ADD COLUMN url TEXT;

-- The register's own bookkeeping (counters of the search index's deletions …).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"#;

/// Version 4: a document's facts indexed by position (document, start, end) instead of by
/// document alone, so that a part of a long document — the web app's document view and API read
/// one byte range at a time — is read without scanning all of its facts, and counted from the
/// index alone. The new indexes still serve every look-up by document.
const V4: &str = r#"
DROP INDEX person_mentions_doc;
CREATE INDEX person_mentions_doc ON person_mentions(doc, start, end);
DROP INDEX person_roles_doc;
CREATE INDEX person_roles_doc ON person_roles(doc, start, end);
DROP INDEX org_mentions_doc;
CREATE INDEX org_mentions_doc ON org_mentions(doc, start, end);
DROP INDEX directive_mentions_doc;
CREATE INDEX directive_mentions_doc ON directive_mentions(doc, start, end);
DROP INDEX event_mentions_doc;
CREATE INDEX event_mentions_doc ON event_mentions(doc, start, end);
DROP INDEX tasks_doc;
CREATE INDEX tasks_doc ON tasks(doc, start, end);
DROP INDEX figures_doc;
CREATE INDEX figures_doc ON figures(doc, start, end);
"#;

/// Version 5: the originals of documents read from files (see `sources.rs`).
const V5: &str = r#"
CREATE TABLE doc_sources (
    doc       INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    info      TEXT NOT NULL,                   -- JSON: name, format, media type, size, hash, encoding, pages, notes
    ocr_pages INTEGER NOT NULL DEFAULT 0,      -- pages read by OCR: facts from them are less certain
    original  BLOB                             -- the file's bytes (NULL for plain text: the text is the original)
);
"#;

/// Version 6: every task candidate with the extractor's judgement of it — its tier (high and
/// medium are listed by default, low is kept so that a user can reveal it), its score and the
/// reasons that explain it. Registers written before have NULL there: their tasks were written
/// without a judgement and are shown as listed (hiding every old task would empty an old
/// register's board; re-ingesting the documents judges them).
const V6: &str = r#"
ALTER TABLE tasks ADD COLUMN tier TEXT;            -- high | medium | low; NULL: not judged (listed)
ALTER TABLE tasks ADD COLUMN confidence REAL;      -- 0..1
ALTER TABLE tasks ADD COLUMN reasons TEXT;         -- JSON array of the judgement's reasons
"#;

/// Version 7 (issue 12): an official document's own header — kind, number and code, issuer,
/// place and date, excerpt, urgency, security marking, signer with title and signing forms,
/// recipients — attached to the document, and through its own entry among its citations
/// (`own_mention`) to the directive it is; and what it implements or rests on (`doc_relations`,
/// each a citation of the document: the edge implementing document → implemented directive).
/// Registers written before have no rows here: re-ingesting a document (`chidao ingest
/// --reextract`) fills them; the rest of the register is untouched.
const V7: &str = r#"
CREATE TABLE doc_headers (
    doc          INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,                -- "Kế hoạch", "Chỉ thị", "Báo cáo" …
    number       TEXT,
    code         TEXT,                         -- "15-KH/HU"
    issuer       TEXT,
    superior     TEXT,                         -- the organ line above the issuer
    place        TEXT,
    date         TEXT,                         -- issue date (ISO, maybe partial)
    subject      TEXT,                         -- "V/v …"
    excerpt      TEXT,                         -- the title under the kind heading
    urgency      TEXT,
    security     TEXT,
    signer_name  TEXT,
    signer_title TEXT,
    signer_rank  TEXT,
    signer_forms TEXT NOT NULL DEFAULT '[]',   -- JSON array: "TM. Ủy ban nhân dân", "KT. Chủ tịch"
    recipients   TEXT NOT NULL DEFAULT '[]',   -- JSON array, as written
    own_mention  INTEGER REFERENCES directive_mentions(id) ON DELETE SET NULL  -- the document's own entry: the directive it is
);
CREATE INDEX doc_headers_own ON doc_headers(own_mention);
CREATE TABLE doc_relations (
    doc      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    mention  INTEGER NOT NULL REFERENCES directive_mentions(id) ON DELETE CASCADE,  -- the cited document
    relation TEXT NOT NULL CHECK (relation IN ('implements', 'basis')),
    start    INTEGER NOT NULL,                 -- the lead-in ("Thực hiện", "Căn cứ")
    end      INTEGER NOT NULL
);
CREATE INDEX doc_relations_doc ON doc_relations(doc);
CREATE INDEX doc_relations_mention ON doc_relations(mention);
-- The cascade's edges: a document (and the directive it is, when it has a number) implements
-- (or rests on) a directive of the register.
CREATE VIEW directive_edges AS
    SELECT r.doc AS doc, own.directive AS from_directive, cited.directive AS to_directive, r.relation AS relation
    FROM doc_relations r
    JOIN directive_mentions cited ON cited.id = r.mention
    LEFT JOIN doc_headers h ON h.doc = r.doc
    LEFT JOIN directive_mentions own ON own.id = h.own_mention;
"#;

/// Version 8: named users and their roles, the browsers signed in (by the hash of their session
/// id: the register never holds an id that would sign anyone in) and per-user API tokens (also
/// by hash). See `users.rs`.
const V8: &str = r#"
CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,                    -- as typed
    name_key   TEXT NOT NULL UNIQUE,             -- lower case (Vietnamese letters too): the sign-in name
    role       TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    unit       TEXT,                             -- an editor's unit scope, as typed
    unit_key   TEXT,                             -- its unit key (tasks.assignee_key)
    password   TEXT NOT NULL,                    -- argon2id, PHC string
    created_at TEXT NOT NULL
);
CREATE TABLE user_sessions (
    id_hash    TEXT PRIMARY KEY,                 -- SHA-256 of the session id, hex
    user_id    INTEGER REFERENCES users(id) ON DELETE CASCADE,  -- NULL: signed in with the access token
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE user_tokens (
    hash       TEXT PRIMARY KEY,                 -- SHA-256 of the token, hex
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
) WITHOUT ROWID;
"#;

/// Version 9: what the office's reminders need — a task's recurring deadline ("định kỳ hằng quý
/// báo cáo trước ngày 15 …"), as the extractor's RRULE-like value (`FREQ=MONTHLY;INTERVAL=3;…`),
/// read from an official document's items; NULL elsewhere and in registers written before
/// (re-ingesting the documents fills it). The calendar feeds write it as an RRULE.
const V9: &str = r#"
ALTER TABLE tasks ADD COLUMN recurrence TEXT;
"#;

/// Version 10: the references to a person or an organisation that had no index of their own.
/// Deleting a person (the resolver deletes the provisional person of every occurrence that joins
/// an earlier one) set the events it chaired to no chair by scanning every event, once for the
/// statement and once for the foreign key; an organisation's aliases were found the same way.
const V10: &str = r#"
CREATE INDEX IF NOT EXISTS events_chair ON events(chair);
CREATE INDEX IF NOT EXISTS org_aliases_org ON org_aliases(org);
"#;

/// Version 11: `doc_fts` gains a `pairs` column (every two consecutive folded words as one
/// token, `search_index::pairs`), through which a phrase is found without walking every document
/// holding its syllables. FTS5 cannot add a column: the table is made again, and refilled from
/// the stored texts when the migration commits (`fts_deleted_docs` set past any threshold makes
/// `search_index::maintain` rebuild it; see [`migrate`]).
const V11: &str = r#"
DROP TABLE doc_fts;
CREATE VIRTUAL TABLE doc_fts USING fts5(
    exact, folded, pairs, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
);
INSERT INTO meta (key, value) VALUES ('fts_deleted_docs', 1000000000000)
    ON CONFLICT(key) DO UPDATE SET value = excluded.value;
"#;

/// Version 12: what the resolver keeps of an entity, to place the mentions a batch adds without
/// reading all the earlier ones: each person's memo (`resolve::Memo`, JSON: where its first, last
/// and last ranked occurrences stand in the canonical order, and where each distinctive word of
/// its roles first came), and where each organisation's first mention (the one that names it)
/// stands; NULL until the name is next resolved from all its mentions. And two indexes that a
/// register of a million documents needs: the mentions that give a person a rank (whether a
/// person is confident, `confidence::person_confident_sql`, read all of a doubtful person's
/// mentions to learn it had none), and the events newest first (the timeline's order).
const V12: &str = r#"
ALTER TABLE persons ADD COLUMN memo TEXT;
ALTER TABLE orgs ADD COLUMN first_at TEXT;
CREATE INDEX person_mentions_ranked ON person_mentions(person) WHERE rank IS NOT NULL;
CREATE INDEX events_newest ON events(date IS NULL, date DESC, id DESC);
"#;

/// Version 13: the index of signature bands in two parts. A band is a hash: a document's twenty
/// bands went to twenty random places of one index, and at a million documents that index took
/// 11,136 of the 18,110 pages a batch of 512 documents wrote. New bands now go to a small index
/// (`merged = 0`), whose pages a batch mostly finds dirty already; when it holds
/// [`crate::ingest::BANDS_MERGED_AT`] rows a batch moves them to the large one (`merged = 1`) in
/// the order of their bands, writing each of its pages once. A look-up reads both.
const V13: &str = r#"
ALTER TABLE doc_bands ADD COLUMN merged INTEGER NOT NULL DEFAULT 1;
DROP INDEX doc_bands_band;
CREATE INDEX doc_bands_merged ON doc_bands(band) WHERE merged = 1;
CREATE INDEX doc_bands_recent ON doc_bands(band) WHERE merged = 0;
"#;

/// Version 14: the index of near-duplicate links holds the copies only. SQLite keeps no
/// statistics here, and took the whole index's `dup_of IS NULL` (every original: nearly all the
/// documents) for a selective look-up: a query for a few events' or a person's mentions "in
/// original documents" walked the million originals and looked each one's mentions up (the
/// event timeline at a million documents: 0.23–0.7 s a page). A partial index cannot serve
/// `IS NULL`; `dup_of = ?` (the copies of a document) still reads it.
const V14: &str = r#"
DROP INDEX documents_dup;
CREATE INDEX documents_dup ON documents(dup_of) WHERE dup_of IS NOT NULL;
"#;

/// Version 15: the indexes a person's page reads hold what it asks of them. The tasks a person
/// directed are those whose issuer is the name a document gives them: the page read every one of
/// their mentions' rows for the document and the name (99,890 rows for the most named person of
/// a register of 1.2 million), then every task row of those documents for its issuer. The
/// mentions' index by person now holds the document and the name, and the tasks' index by
/// document the issuer, so that only the tasks directed are read.
const V15: &str = r#"
DROP INDEX person_mentions_person;
CREATE INDEX person_mentions_person ON person_mentions(person, doc, name);
DROP INDEX tasks_doc;
CREATE INDEX tasks_doc ON tasks(doc, start, end, issuer);
"#;

/// Version 16: what the resolver keeps of a cited document (`resolve::CiteMemo`, JSON): where
/// the last citation of its number and kind stands in the canonical order, and the first and last
/// years of the documents that cited it without its era. A batch whose citations of a number all
/// come after that place clusters them among the directives the register has, without reading the
/// number's earlier citations (the most cited number has thousands at a million documents). NULL
/// until the number is next clustered from all its citations, and while a user's pin bears on it.
const V16: &str = r#"
ALTER TABLE directives ADD COLUMN memo TEXT;
"#;

/// Version 17: the documents' full-text index moves to a file of its own beside the register
/// (`search_file`: written on a thread of its own during a bulk ingest), made from the stored
/// texts when the register is next opened to write. The queue numbers each row written to it or
/// deleted from it in the batch's transaction, so that the file, committed apart, can be brought
/// to the register's state after a crash (AUTOINCREMENT: a number is never given twice, even once
/// the queue is emptied). `search_state` holds what ties the file to this register (`search_id`):
/// not in `meta`, whose rows a move to PostgreSQL and back carries, while the search file is
/// made again at each end.
const V17: &str = r#"
DROP TABLE doc_fts;
CREATE TABLE search_queue (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc INTEGER NOT NULL,
    op INTEGER NOT NULL
);
CREATE TABLE search_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
"#;
