-- chidao's register on PostgreSQL, schema 11: the tables of the SQLite register at its schema 11,
-- column for column, in PostgreSQL's types (INTEGER → bigint, REAL → double precision,
-- BLOB → bytea). Differences, each for a reason:
--   * a table whose SQLite rows are told apart only by their implicit rowid gets that rowid as a
--     real column (`rowid`), so the SQL that names it runs on both backends;
--   * a new row's id is the largest plus one, as SQLite gives it (`chidao_next_TABLE()`), not a
--     sequence's next value: a sequence does not give back the values of a transaction that
--     rolled back, so the ids of a register would depend on its history (an ingest killed and
--     run again, a failed batch). Writers take turns (an advisory lock, `Store::write`), and
--     no statement of the store inserts several rows that take a default id;
--   * `end` is a reserved word here and is quoted;
--   * the full-text indexes are `doc_search` and `fact_search` (tsvector + GIN, positions kept for
--     phrases) instead of FTS5's contentless tables; like those, they are rebuilt from the stored
--     texts and facts, never copied;
--   * text columns compare and sort in byte order (COLLATE "C"), as SQLite's do, whatever the
--     database's locale: the same query lists the same rows in the same order on both.
-- `chidao_register` says whose database this is and at which schema (SQLite keeps both in its
-- file header: application_id, user_version).

-- The id a new row takes: one more than the largest (SQLite's rule; see above). One function per
-- table, in PL/pgSQL, whose plan is kept for the session (a query built per call costs 3x).
CREATE FUNCTION chidao_next_documents() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(id), 0) + 1 FROM documents); END $$;
CREATE FUNCTION chidao_next_doc_bands() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(rowid), 0) + 1 FROM doc_bands); END $$;
CREATE FUNCTION chidao_next_orgs() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(id), 0) + 1 FROM orgs); END $$;
CREATE FUNCTION chidao_next_org_mentions() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(rowid), 0) + 1 FROM org_mentions); END $$;
CREATE FUNCTION chidao_next_persons() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(id), 0) + 1 FROM persons); END $$;
CREATE FUNCTION chidao_next_person_mentions() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(rowid), 0) + 1 FROM person_mentions); END $$;
CREATE FUNCTION chidao_next_person_roles() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(rowid), 0) + 1 FROM person_roles); END $$;
CREATE FUNCTION chidao_next_directives() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(id), 0) + 1 FROM directives); END $$;
CREATE FUNCTION chidao_next_directive_mentions() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(id), 0) + 1 FROM directive_mentions); END $$;
CREATE FUNCTION chidao_next_events() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(id), 0) + 1 FROM events); END $$;
CREATE FUNCTION chidao_next_event_mentions() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(rowid), 0) + 1 FROM event_mentions); END $$;
CREATE FUNCTION chidao_next_tasks() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(id), 0) + 1 FROM tasks); END $$;
CREATE FUNCTION chidao_next_task_refs() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(rowid), 0) + 1 FROM task_refs); END $$;
CREATE FUNCTION chidao_next_figures() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(rowid), 0) + 1 FROM figures); END $$;
CREATE FUNCTION chidao_next_facts() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(id), 0) + 1 FROM facts); END $$;
CREATE FUNCTION chidao_next_corrections() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(id), 0) + 1 FROM corrections); END $$;
CREATE FUNCTION chidao_next_task_log() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(id), 0) + 1 FROM task_log); END $$;
CREATE FUNCTION chidao_next_doc_relations() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(rowid), 0) + 1 FROM doc_relations); END $$;
CREATE FUNCTION chidao_next_users() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT coalesce(max(id), 0) + 1 FROM users); END $$;

CREATE TABLE chidao_register (
    application text COLLATE "C" NOT NULL CHECK (application = 'chidao'),
    version     bigint NOT NULL,
    -- Write transactions committed: what Store::data_version reads (SQLite's PRAGMA
    -- data_version), so that the caches of every server on the register follow its changes.
    writes      bigint NOT NULL DEFAULT 0
);

CREATE TABLE documents (
    id          bigint PRIMARY KEY DEFAULT chidao_next_documents(),
    ext_id      text COLLATE "C" NOT NULL UNIQUE,
    hash        bytea NOT NULL,
    date        text COLLATE "C",
    published   text COLLATE "C",
    source      text COLLATE "C",
    author      text COLLATE "C",
    dup_of      bigint REFERENCES documents(id) ON DELETE SET NULL DEFERRABLE,  -- a copy may be moved in before its original
    similarity  double precision,
    ingested_at text COLLATE "C" NOT NULL,
    headline    text COLLATE "C",
    url         text COLLATE "C"
);
CREATE INDEX documents_date ON documents(date);
CREATE INDEX documents_dup ON documents(dup_of);
CREATE INDEX documents_ingested ON documents(ingested_at);

CREATE TABLE doc_texts (
    doc  bigint PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    text text COLLATE "C" NOT NULL
);

CREATE TABLE doc_sigs (
    doc bigint PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    sig bytea NOT NULL
);

CREATE TABLE doc_bands (
    rowid bigint PRIMARY KEY DEFAULT chidao_next_doc_bands(),
    band  bigint NOT NULL,
    doc   bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE
);
CREATE INDEX doc_bands_band ON doc_bands(band);
CREATE INDEX doc_bands_doc ON doc_bands(doc);

CREATE TABLE orgs (
    id    bigint PRIMARY KEY DEFAULT chidao_next_orgs(),
    name  text COLLATE "C" NOT NULL,
    key   text COLLATE "C" NOT NULL UNIQUE,
    ascii text COLLATE "C" NOT NULL
);

CREATE TABLE org_aliases (
    org   bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    alias text COLLATE "C" NOT NULL,
    key   text COLLATE "C" NOT NULL,
    ascii text COLLATE "C" NOT NULL,
    doc   bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (org, key, doc)
);
CREATE INDEX org_aliases_key ON org_aliases(key);
CREATE INDEX org_aliases_doc ON org_aliases(doc);
CREATE INDEX org_aliases_org ON org_aliases(org);

CREATE TABLE org_mentions (
    rowid bigint PRIMARY KEY DEFAULT chidao_next_org_mentions(),
    org   bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    doc   bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start bigint NOT NULL,
    "end" bigint NOT NULL,
    name  text COLLATE "C"
);
CREATE INDEX org_mentions_org ON org_mentions(org);
CREATE INDEX org_mentions_doc ON org_mentions(doc, start, "end");

CREATE TABLE persons (
    id    bigint PRIMARY KEY DEFAULT chidao_next_persons(),
    name  text COLLATE "C" NOT NULL,
    key   text COLLATE "C" NOT NULL,
    ascii text COLLATE "C" NOT NULL,
    rank  text COLLATE "C"
);
CREATE INDEX persons_key ON persons(key);
CREATE INDEX persons_ascii ON persons(ascii);

CREATE TABLE person_mentions (
    rowid    bigint PRIMARY KEY DEFAULT chidao_next_person_mentions(),
    person   bigint NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    doc      bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start    bigint NOT NULL,
    "end"    bigint NOT NULL,
    name     text COLLATE "C" NOT NULL,
    rank     text COLLATE "C",
    rule     text COLLATE "C" NOT NULL,
    evidence text COLLATE "C",
    key      text COLLATE "C",
    occ      bigint
);
CREATE INDEX person_mentions_person ON person_mentions(person);
CREATE INDEX person_mentions_key ON person_mentions(key);
CREATE INDEX person_mentions_occ ON person_mentions(doc, occ);
CREATE INDEX person_mentions_doc ON person_mentions(doc, start, "end");

CREATE TABLE person_roles (
    rowid  bigint PRIMARY KEY DEFAULT chidao_next_person_roles(),
    person bigint NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    doc    bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    role   text COLLATE "C" NOT NULL,
    key    text COLLATE "C" NOT NULL,
    org    text COLLATE "C",
    start  bigint NOT NULL,
    "end"  bigint NOT NULL,
    date   text COLLATE "C",
    occ    bigint
);
CREATE INDEX person_roles_person ON person_roles(person);
CREATE INDEX person_roles_occ ON person_roles(doc, occ);
CREATE INDEX person_roles_doc ON person_roles(doc, start, "end");

CREATE TABLE directives (
    id         bigint PRIMARY KEY DEFAULT chidao_next_directives(),
    kind       text COLLATE "C" NOT NULL,
    number     text COLLATE "C" NOT NULL,
    code       text COLLATE "C",
    number_key text COLLATE "C" NOT NULL,
    kind_key   text COLLATE "C" NOT NULL,
    series     text COLLATE "C",
    party      bigint NOT NULL DEFAULT 0,
    era        text COLLATE "C",
    issuer     text COLLATE "C",
    issuer_key text COLLATE "C",
    date       text COLLATE "C",
    title      text COLLATE "C"
);
CREATE INDEX directives_lookup ON directives(number_key, kind_key);

CREATE TABLE directive_mentions (
    id         bigint PRIMARY KEY DEFAULT chidao_next_directive_mentions(),
    directive  bigint REFERENCES directives(id) ON DELETE SET NULL,
    doc        bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start      bigint NOT NULL,
    "end"      bigint NOT NULL,
    kind       text COLLATE "C" NOT NULL,
    number     text COLLATE "C" NOT NULL,
    code       text COLLATE "C",
    issuer     text COLLATE "C",
    date       text COLLATE "C",
    title      text COLLATE "C",
    rule       text COLLATE "C" NOT NULL,
    number_key text COLLATE "C",
    kind_key   text COLLATE "C",
    primary_id bigint
);
CREATE INDEX directive_mentions_directive ON directive_mentions(directive);
CREATE INDEX directive_mentions_key ON directive_mentions(number_key, kind_key);
CREATE INDEX directive_mentions_primary ON directive_mentions(primary_id);
CREATE INDEX directive_mentions_doc ON directive_mentions(doc, start, "end");

CREATE TABLE directive_candidates (
    mention   bigint NOT NULL REFERENCES directive_mentions(id) ON DELETE CASCADE,
    directive bigint NOT NULL REFERENCES directives(id) ON DELETE CASCADE,
    PRIMARY KEY (mention, directive)
);
CREATE INDEX directive_candidates_directive ON directive_candidates(directive);

CREATE TABLE events (
    id    bigint PRIMARY KEY DEFAULT chidao_next_events(),
    kind  text COLLATE "C" NOT NULL,
    date  text COLLATE "C",
    chair bigint REFERENCES persons(id) ON DELETE SET NULL,
    place text COLLATE "C",
    key   text COLLATE "C" UNIQUE
);
CREATE INDEX events_chair ON events(chair);

CREATE TABLE event_mentions (
    rowid      bigint PRIMARY KEY DEFAULT chidao_next_event_mentions(),
    event      bigint NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    doc        bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start      bigint NOT NULL,
    "end"      bigint NOT NULL,
    date_start bigint NOT NULL,
    date_end   bigint NOT NULL,
    key        text COLLATE "C",
    kind       text COLLATE "C",
    date       text COLLATE "C",
    place      text COLLATE "C",
    chair_occ  bigint
);
CREATE INDEX event_mentions_event ON event_mentions(event);
CREATE INDEX event_mentions_key ON event_mentions(key);
CREATE INDEX event_mentions_doc ON event_mentions(doc, start, "end");

CREATE TABLE tasks (
    id           bigint PRIMARY KEY DEFAULT chidao_next_tasks(),
    key          text COLLATE "C" NOT NULL,
    doc          bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start        bigint NOT NULL,
    "end"        bigint NOT NULL,
    kind         text COLLATE "C" NOT NULL,
    text         text COLLATE "C" NOT NULL,
    issuer       text COLLATE "C",
    assignee     text COLLATE "C",
    assignee_key text COLLATE "C",
    deadline     text COLLATE "C",
    due          text COLLATE "C",
    tier         text COLLATE "C",
    confidence   double precision,
    reasons      text COLLATE "C",
    recurrence   text COLLATE "C"
);
CREATE INDEX tasks_key ON tasks(key);
CREATE INDEX tasks_due ON tasks(due);
CREATE INDEX tasks_doc ON tasks(doc, start, "end");

CREATE TABLE task_refs (
    rowid     bigint PRIMARY KEY DEFAULT chidao_next_task_refs(),
    task      bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    directive bigint REFERENCES directives(id) ON DELETE SET NULL,
    ref       text COLLATE "C" NOT NULL,
    mention   bigint
);
CREATE INDEX task_refs_task ON task_refs(task);
CREATE INDEX task_refs_directive ON task_refs(directive);
CREATE INDEX task_refs_mention ON task_refs(mention);

CREATE TABLE task_status (
    key          text COLLATE "C" PRIMARY KEY,
    completed_on text COLLATE "C",
    note         text COLLATE "C",
    updated_at   text COLLATE "C" NOT NULL,
    status       text COLLATE "C" NOT NULL DEFAULT 'open'
);

CREATE TABLE figures (
    rowid     bigint PRIMARY KEY DEFAULT chidao_next_figures(),
    doc       bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    value     double precision NOT NULL,
    qualifier text COLLATE "C",
    unit      text COLLATE "C" NOT NULL,
    start     bigint NOT NULL,
    "end"     bigint NOT NULL
);
CREATE INDEX figures_doc ON figures(doc, start, "end");

CREATE TABLE facts (
    id    bigint PRIMARY KEY DEFAULT chidao_next_facts(),
    kind  text COLLATE "C" NOT NULL,
    doc   bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start bigint NOT NULL,
    "end" bigint NOT NULL,
    text  text COLLATE "C" NOT NULL
);
CREATE INDEX facts_doc ON facts(doc);

CREATE TABLE corrections (
    id         bigint PRIMARY KEY DEFAULT chidao_next_corrections(),
    doc        text COLLATE "C" NOT NULL,
    kind       text COLLATE "C" NOT NULL,
    start      bigint NOT NULL,
    "end"      bigint NOT NULL,
    action     text COLLATE "C" NOT NULL CHECK (action IN ('reject', 'edit', 'add')),
    field      text COLLATE "C",
    value      text COLLATE "C",
    note       text COLLATE "C",
    author     text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    withdrawn  bigint NOT NULL DEFAULT 0
);
CREATE INDEX corrections_doc ON corrections(doc);
CREATE INDEX corrections_kind ON corrections(kind, action);

CREATE TABLE task_log (
    id     bigint PRIMARY KEY DEFAULT chidao_next_task_log(),
    key    text COLLATE "C" NOT NULL,
    status text COLLATE "C" NOT NULL,
    note   text COLLATE "C",
    author text COLLATE "C" NOT NULL,
    at     text COLLATE "C" NOT NULL
);
CREATE INDEX task_log_key ON task_log(key);

CREATE TABLE meta (
    key   text COLLATE "C" PRIMARY KEY,
    value bigint NOT NULL
);

CREATE TABLE doc_sources (
    doc       bigint PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    info      text COLLATE "C" NOT NULL,
    ocr_pages bigint NOT NULL DEFAULT 0,
    original  bytea
);

CREATE TABLE doc_headers (
    doc          bigint PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    kind         text COLLATE "C" NOT NULL,
    number       text COLLATE "C",
    code         text COLLATE "C",
    issuer       text COLLATE "C",
    superior     text COLLATE "C",
    place        text COLLATE "C",
    date         text COLLATE "C",
    subject      text COLLATE "C",
    excerpt      text COLLATE "C",
    urgency      text COLLATE "C",
    security     text COLLATE "C",
    signer_name  text COLLATE "C",
    signer_title text COLLATE "C",
    signer_rank  text COLLATE "C",
    signer_forms text COLLATE "C" NOT NULL DEFAULT '[]',
    recipients   text COLLATE "C" NOT NULL DEFAULT '[]',
    own_mention  bigint REFERENCES directive_mentions(id) ON DELETE SET NULL
);
CREATE INDEX doc_headers_own ON doc_headers(own_mention);

CREATE TABLE doc_relations (
    rowid    bigint PRIMARY KEY DEFAULT chidao_next_doc_relations(),
    doc      bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    mention  bigint NOT NULL REFERENCES directive_mentions(id) ON DELETE CASCADE,
    relation text COLLATE "C" NOT NULL CHECK (relation IN ('implements', 'basis')),
    start    bigint NOT NULL,
    "end"    bigint NOT NULL
);
CREATE INDEX doc_relations_doc ON doc_relations(doc);
CREATE INDEX doc_relations_mention ON doc_relations(mention);

CREATE VIEW directive_edges AS
    SELECT r.doc AS doc, own.directive AS from_directive, cited.directive AS to_directive, r.relation AS relation
    FROM doc_relations r
    JOIN directive_mentions cited ON cited.id = r.mention
    LEFT JOIN doc_headers h ON h.doc = r.doc
    LEFT JOIN directive_mentions own ON own.id = h.own_mention;

CREATE TABLE users (
    id         bigint PRIMARY KEY DEFAULT chidao_next_users(),
    name       text COLLATE "C" NOT NULL,
    name_key   text COLLATE "C" NOT NULL UNIQUE,
    role       text COLLATE "C" NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    unit       text COLLATE "C",
    unit_key   text COLLATE "C",
    password   text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL
);

CREATE TABLE user_sessions (
    id_hash    text COLLATE "C" PRIMARY KEY,
    user_id    bigint REFERENCES users(id) ON DELETE CASCADE,
    created_at text COLLATE "C" NOT NULL,
    expires_at text COLLATE "C" NOT NULL
);

CREATE TABLE user_tokens (
    hash       text COLLATE "C" PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at text COLLATE "C" NOT NULL
);

-- Full text. `exact` keeps the words as written (lower-cased), `folded` the words without marks
-- (đ → d, chidao_text's ascii_fold, computed by chidao, not by PostgreSQL), both with positions.
-- `pairs` holds every two consecutive folded words as one lexeme, without positions (the FTS5
-- index's `pairs` column): a phrase is the AND of its pairs, which GIN answers without reading
-- the rows (measured in crates/store/README.md).
CREATE TABLE doc_search (
    doc    bigint PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    exact  tsvector NOT NULL,
    folded tsvector NOT NULL,
    pairs  tsvector NOT NULL
);
CREATE INDEX doc_search_exact ON doc_search USING gin (exact);
CREATE INDEX doc_search_folded ON doc_search USING gin (folded);
CREATE INDEX doc_search_pairs ON doc_search USING gin (pairs);

CREATE TABLE fact_search (
    fact   bigint PRIMARY KEY REFERENCES facts(id) ON DELETE CASCADE,
    kind   text COLLATE "C" NOT NULL,
    exact  tsvector NOT NULL,
    folded tsvector NOT NULL
);
CREATE INDEX fact_search_exact ON fact_search USING gin (exact);
CREATE INDEX fact_search_folded ON fact_search USING gin (folded);
