//! The full-text indexes' upkeep.
//!
//! `doc_fts` and `fact_fts` are contentless FTS5 tables (the texts are stored once, in
//! `doc_texts` and `facts`). Deleting a row from such a table removes its tokens but leaves its
//! share of the statistics that bm25 weighs (row count, token totals), so after many updates
//! the ranking of a register would depend on its history. Deletions are counted in `meta`; when
//! they exceed a small share of the rows, [`maintain`] rebuilds the index from the stored texts
//! and facts — the ranking is then that of a register built in one run.

use chidao_text::ascii_fold::ascii_fold;
use rusqlite::{Connection, OptionalExtension, params};

use crate::db::{Arg, Db, args};
use crate::error::Result;

/// Joins the two words of a pair token: a letter (so FTS5's `unicode61` keeps the pair one
/// token) that folded Vietnamese text does not contain.
pub(crate) const PAIR_JOIN: char = 'ǁ';

/// The `pairs` column of `doc_fts`: every two consecutive words of a folded text as one token
/// ("chi thi tinh uy" → "chiǁthi thiǁtinh tinhǁuy"). A Vietnamese word is several syllables, and
/// the syllables of the genre are few and common ("chỉ", "thị" are each in three documents of
/// four): a phrase of them is found by walking every document holding all its syllables, most
/// of which hold them apart. Its pairs are rare tokens, found through their own short lists.
pub(crate) fn pairs(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len() * 2);
    let mut prev: Option<&str> = None;
    for w in folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if let Some(p) = prev {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(p);
            out.push(PAIR_JOIN);
            out.push_str(w);
        }
        prev = Some(w);
    }
    out
}

/// What a document's row of `doc_fts` holds besides its text: the folded text and its word
/// pairs. Computed where the document is prepared ([`SearchText::of`], in parallel with other
/// documents), so that the writer only writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchText {
    folded: String,
    pairs: String,
}

impl SearchText {
    /// The folded text and word pairs of a document's text.
    pub fn of(text: &str) -> SearchText {
        let folded = ascii_fold(text);
        let pairs = pairs(&folded);
        SearchText { folded, pairs }
    }
}

/// Writes a document's row of the full-text index (`search`: [`SearchText::of`] its text, when
/// computed already): `doc_fts` on SQLite, `doc_search` on PostgreSQL (replacing the row a
/// re-ingested document had).
pub(crate) fn index_document(db: Db<'_>, id: i64, text: &str, search: Option<&SearchText>) -> Result<()> {
    let own;
    let s = match search {
        Some(s) => s,
        None => {
            own = SearchText::of(text);
            &own
        }
    };
    match db {
        Db::Lite(_) => db.queue("INSERT INTO doc_fts (rowid, exact, folded, pairs) VALUES (?1, ?2, ?3, ?4)", args![id, text, s.folded, s.pairs])?,
        Db::Pg(_) => {
            let (exact, folded, pairs) = pg_doc_vectors(text, &s.folded);
            db.queue(
                "INSERT INTO doc_search (doc, exact, folded, pairs) VALUES (?1, CAST(CAST(?2 AS text) AS tsvector), CAST(CAST(?3 AS text) AS tsvector), CAST(CAST(?4 AS text) AS tsvector))
                 ON CONFLICT (doc) DO UPDATE SET exact = excluded.exact, folded = excluded.folded, pairs = excluded.pairs",
                args![id, exact, folded, pairs],
            )?;
        }
    }
    Ok(())
}

/// Writes a fact's row of the full-text index: `fact_fts` on SQLite, `fact_search` on PostgreSQL.
pub(crate) fn index_fact(db: Db<'_>, id: i64, text: &str, kind: &str) -> Result<()> {
    let folded = ascii_fold(text);
    match db {
        Db::Lite(_) => db.queue("INSERT INTO fact_fts (rowid, exact, folded, kind) VALUES (?1, ?2, ?3, ?4)", args![id, text, folded, kind])?,
        Db::Pg(_) => {
            let (exact, folded) = pg_fact_vectors(text, &folded);
            db.queue(
                "INSERT INTO fact_search (fact, kind, exact, folded) VALUES (?1, ?2, CAST(CAST(?3 AS text) AS tsvector), CAST(CAST(?4 AS text) AS tsvector))
                 ON CONFLICT (fact) DO UPDATE SET kind = excluded.kind, exact = excluded.exact, folded = excluded.folded",
                args![id, kind, exact, folded],
            )?;
        }
    }
    Ok(())
}

/// A document's facts waiting to be written on PostgreSQL with their rows of the full-text index
/// ([`put_fact`], [`write_facts`]): one statement for all instead of one a fact.
#[derive(Debug, Default)]
pub(crate) struct PendingFacts {
    doc: i64,
    kinds: Vec<String>,
    starts: Vec<i64>,
    ends: Vec<i64>,
    texts: Vec<String>,
    exact: Vec<String>,
    folded: Vec<String>,
}

/// Writes a fact (`facts`) with its row of the full-text index. SQLite's row is written later
/// (FTS5 writes best in a run at the end of the batch, [`crate::Batch`]): the fact's id is
/// returned for it. PostgreSQL's fact waits in `pending` for [`write_facts`]: `None`.
pub(crate) fn put_fact(db: Db<'_>, pending: &mut PendingFacts, kind: &str, doc: i64, (start, end): (i64, i64), text: &str) -> Result<Option<i64>> {
    if db.is_pg() {
        pending.doc = doc;
        let (exact, folded) = pg_fact_vectors(text, &ascii_fold(text));
        pending.kinds.push(kind.to_string());
        pending.starts.push(start);
        pending.ends.push(end);
        pending.texts.push(text.to_string());
        pending.exact.push(exact);
        pending.folded.push(folded);
        return Ok(None);
    }
    Ok(Some(db.one("INSERT INTO facts (kind, doc, start, \"end\", text) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id", args![kind, doc, start, end, text])?))
}

/// Writes the facts [`put_fact`] kept (PostgreSQL), in their order, numbered as SQLite numbers
/// rows (one more than the largest), with their rows of the full-text index: one statement.
pub(crate) fn write_facts(db: Db<'_>, pending: &mut PendingFacts) -> Result<()> {
    if pending.kinds.is_empty() {
        return Ok(());
    }
    let p = std::mem::take(pending);
    db.queue(
        "WITH n AS (SELECT coalesce(max(id), 0) AS top FROM facts),
         r AS (SELECT n.top + u.o AS id, u.kind, u.s, u.e, u.text, u.exact, u.folded FROM n,
               unnest(CAST(?2 AS text[]), CAST(?3 AS bigint[]), CAST(?4 AS bigint[]), CAST(?5 AS text[]), CAST(?6 AS text[]), CAST(?7 AS text[]))
               WITH ORDINALITY AS u(kind, s, e, text, exact, folded, o)),
         f AS (INSERT INTO facts (id, kind, doc, start, \"end\", text) SELECT id, kind, ?1, s, e, text FROM r)
         INSERT INTO fact_search (fact, kind, exact, folded) SELECT id, kind, CAST(exact AS tsvector), CAST(folded AS tsvector) FROM r",
        &[Arg::Int(p.doc), Arg::Texts(p.kinds), Arg::Ints(p.starts), Arg::Ints(p.ends), Arg::Texts(p.texts), Arg::Texts(p.exact), Arg::Texts(p.folded)],
    )
}

/// Merges the pending lists of PostgreSQL's full-text indexes into the indexes: a search reads a
/// pending list whole, and those a bulk ingest left (up to 64 MB an index) made searches twenty
/// times slower until they were merged.
pub(crate) fn pg_merge_pending(db: Db<'_>) -> Result<()> {
    db.rows(
        "SELECT gin_clean_pending_list(c.oid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
         WHERE a.amname = 'gin' AND i.indrelid IN (CAST('doc_search' AS regclass), CAST('fact_search' AS regclass))",
        args![],
        |r| r.get::<i64>(0),
    )?;
    Ok(())
}

/// Removes a document's facts from the index, before they are deleted: returns the rows removed
/// that [`count_deleted`] counts (FTS5's upkeep; 0 on PostgreSQL). Its text's row goes through
/// [`crate::Batch`]'s pending rows, on either backend.
pub(crate) fn forget_facts(db: Db<'_>, doc: i64) -> Result<i64> {
    let facts: i64 = if db.is_pg() { 0 } else { db.one("SELECT COUNT(*) FROM facts WHERE doc = ?1", args![doc])? };
    unindex_facts(db, doc)?;
    Ok(facts)
}

/// Removes a document's row from the full-text index (its text is replaced).
pub(crate) fn unindex_document(db: Db<'_>, id: i64) -> Result<()> {
    db.exec(db.pick("DELETE FROM doc_fts WHERE rowid = ?1", "DELETE FROM doc_search WHERE doc = ?1"), args![id])?;
    Ok(())
}

/// Removes the rows of a document's facts from the full-text index (before the facts are).
pub(crate) fn unindex_facts(db: Db<'_>, doc: i64) -> Result<()> {
    db.exec(
        db.pick(
            "DELETE FROM fact_fts WHERE rowid IN (SELECT id FROM facts WHERE doc = ?1)",
            "DELETE FROM fact_search WHERE fact IN (SELECT id FROM facts WHERE doc = ?1)",
        ),
        args![doc],
    )?;
    Ok(())
}

/// PostgreSQL's limits on a `tsvector`: a lexeme of at most 2,047 bytes, a position at most
/// 16,383 (later words share it), 256 positions a lexeme, a vector of less than 1 MB. A longer
/// lexeme is left out; a vector stops before the size limit (its document's later words are then
/// found through the other columns, or not at all).
pub(crate) const PG_LEXEME_MAX: usize = 2_047;
const PG_POSITION_MAX: usize = 16_383;
const PG_POSITIONS: usize = 256;
pub(crate) const PG_VECTOR_MAX: usize = 900_000;

/// The words of a text as the indexes cut them (runs of letters and digits).
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// A lexeme quoted for `tsvector` and `tsquery` input.
pub(crate) fn pg_quote(out: &mut String, lexeme: &str) {
    out.push('\'');
    for c in lexeme.chars() {
        if c == '\'' || c == '\\' {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
}

/// A `tsvector` (input form) of words with their positions, built by chidao, not by
/// PostgreSQL's parser: the words are cut and lower-cased as FTS5's columns are on SQLite
/// (PostgreSQL's parser would cut "35-CT/TW" as a path, and its lower-casing follows the
/// database's locale), so both backends find the same documents.
pub(crate) fn pg_vector<'a>(words: impl Iterator<Item = std::borrow::Cow<'a, str>>) -> String {
    let mut at: std::collections::BTreeMap<std::borrow::Cow<'a, str>, Vec<usize>> = std::collections::BTreeMap::new();
    for (i, w) in words.enumerate() {
        if w.len() > PG_LEXEME_MAX {
            continue;
        }
        let p = at.entry(w).or_default();
        if p.len() < PG_POSITIONS {
            p.push((i + 1).min(PG_POSITION_MAX));
        }
    }
    use std::fmt::Write as _;
    let mut out = String::new();
    for (w, mut p) in at {
        p.dedup();
        // Written in place, and taken back if it would pass the limit (counted with a separator).
        let start = out.len();
        if start > 0 {
            out.push(' ');
        }
        pg_quote(&mut out, &w);
        for (k, x) in p.iter().enumerate() {
            out.push(if k == 0 { ':' } else { ',' });
            let _ = write!(out, "{x}");
        }
        if out.len() + usize::from(start == 0) > PG_VECTOR_MAX {
            out.truncate(start);
            break;
        }
    }
    out
}

/// The exact column's vector: the text's words lower-cased, diacritics kept.
fn pg_exact(text: &str) -> String {
    pg_vector(words(text).map(|w| std::borrow::Cow::Owned(w.to_lowercase())))
}

/// A document's `pairs` lexemes as `tsvector` input: distinct pairs of its folded words, within
/// PostgreSQL's limits, without positions (a phrase is the AND of its pairs).
pub(crate) fn pg_pairs(folded: &str) -> String {
    let all = pairs(folded);
    let mut seen: Vec<&str> = all.split(' ').filter(|p| !p.is_empty() && p.len() <= PG_LEXEME_MAX).collect();
    seen.sort_unstable();
    seen.dedup();
    let mut out = String::with_capacity(all.len().min(PG_VECTOR_MAX));
    for p in seen {
        if out.len() + p.len() + 1 > PG_VECTOR_MAX {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// A document's three vectors on PostgreSQL (exact, folded, pairs), as `tsvector` input, from its
/// text and folded text: what `index_document` and `chidao migrate` write.
pub(crate) fn pg_doc_vectors(text: &str, folded: &str) -> (String, String, String) {
    (pg_exact(text), pg_vector(words(folded).map(std::borrow::Cow::Borrowed)), pg_pairs(folded))
}

/// A fact's two vectors on PostgreSQL (exact, folded).
pub(crate) fn pg_fact_vectors(text: &str, folded: &str) -> (String, String) {
    (pg_exact(text), pg_vector(words(folded).map(std::borrow::Cow::Borrowed)))
}

/// The memory (bytes) each full-text index gathers the terms of a transaction in before it
/// writes them as a segment. FTS5's default (1 MB) is the terms of a few dozen documents (three
/// columns, the third of word pairs, nearly all distinct): a batch of 512 wrote some twenty
/// small segments, each sorted and written apart and then merged again and again. At 64 MB a
/// batch of corpus documents is one segment (measured: the writer's instructions for the first
/// 1,000 corpus documents 3.98 G → 2.71 G); the memory is bounded, a batch of long documents
/// writes a segment per 64 MB of terms.
pub(crate) const BULK_HASH_BYTES: i64 = 64 << 20;

/// How many segments of one size each full-text index gathers before it merges them into one
/// of the next size (FTS5's default: 4). Every term of the register is written again at each
/// size it passes; at 8 there are a third fewer sizes, and a search reads at most 8 segments
/// of each (measured on `bench-scale` at 100,000 documents, with [`crate::Store::bulk_writer`]'s
/// checkpoint: the step from 35,440 to 100,000 documents 86.6 s → 73.3 s; search p50 4.30 →
/// 4.36 ms).
pub(crate) const BULK_AUTOMERGE: i64 = 8;

/// Sets [`BULK_HASH_BYTES`] and [`BULK_AUTOMERGE`] on both full-text indexes, unless they have
/// them (FTS5 keeps its settings in its `_config` table: one write, the first time).
pub(crate) fn bulk_write(conn: &Connection) -> Result<()> {
    for t in ["doc_fts", "fact_fts"] {
        for (k, v) in [("hashsize", BULK_HASH_BYTES), ("automerge", BULK_AUTOMERGE)] {
            let now: Option<i64> = conn.query_row(&format!("SELECT v FROM {t}_config WHERE k = ?1"), [k], |r| r.get(0)).optional()?;
            if now != Some(v) {
                conn.execute(&format!("INSERT INTO {t} ({t}, rank) VALUES (?1, ?2)"), params![k, v])?;
            }
        }
    }
    Ok(())
}

/// Deleted rows beyond this share of the rows (per mille) make the index be rebuilt.
const REBUILD_PER_MILLE: i64 = 20;

fn get(conn: &Connection, key: &str) -> Result<i64> {
    Ok(conn.prepare_cached("SELECT value FROM meta WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()?.unwrap_or(0))
}

fn add(conn: &Connection, key: &str, n: i64) -> Result<()> {
    conn.prepare_cached("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = value + excluded.value")?
        .execute(params![key, n])?;
    Ok(())
}

/// Counts deleted (document, fact) rows (SQLite: see [`maintain`]; PostgreSQL's GIN indexes need
/// no such count).
pub(crate) fn count_deleted(db: Db<'_>, (docs, facts): (i64, i64)) -> Result<()> {
    let Db::Lite(conn) = db else { return Ok(()) };
    add(conn, "fts_deleted_docs", docs)?;
    add(conn, "fts_deleted_facts", facts)
}

/// What [`maintain`] rebuilt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rebuilt {
    /// Documents re-indexed (0: the document index was left as it was).
    pub documents: usize,
    /// Facts re-indexed.
    pub facts: usize,
}

/// One full-text index and where its rows come from.
struct Index {
    /// The FTS5 table.
    table: &'static str,
    /// Its deletion counter in `meta`.
    counter: &'static str,
    /// The rows it indexes: (rowid, text, kind or NULL), in rowid order.
    source: &'static str,
    /// The table whose row count the deletions are compared with.
    rows: &'static str,
}

const INDEXES: [Index; 2] = [
    Index { table: "doc_fts", counter: "fts_deleted_docs", source: "SELECT doc, text, NULL FROM doc_texts ORDER BY doc", rows: "documents" },
    Index { table: "fact_fts", counter: "fts_deleted_facts", source: "SELECT id, text, kind FROM facts ORDER BY id", rows: "facts" },
];

/// Rebuilds an index whose deleted rows exceed the threshold (or any that has deletions when
/// `force`), in the caller's transaction.
pub(crate) fn maintain(conn: &Connection, force: bool) -> Result<Rebuilt> {
    let mut out = Rebuilt::default();
    for (i, ix) in INDEXES.iter().enumerate() {
        let deleted = get(conn, ix.counter)?;
        // Counting the rows reads a whole index through the page cache (213 MB of SQLite's
        // memory at 1.3 million documents, measured): only when some were deleted.
        if deleted == 0 {
            continue;
        }
        let rows: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM {}", ix.rows), [], |r| r.get(0))?;
        if !(force || deleted * 1000 > rows.max(1) * REBUILD_PER_MILLE) {
            continue;
        }
        let n = rebuild(conn, ix, None)?;
        conn.execute("INSERT INTO meta (key, value) VALUES (?1, 0) ON CONFLICT(key) DO UPDATE SET value = 0", [ix.counter])?;
        if i == 0 {
            out.documents = n;
        } else {
            out.facts = n;
        }
    }
    Ok(out)
}

/// Rebuilds both indexes from the stored texts and facts, whatever their state (a register moved
/// in from another backend has rows and no index), and zeroes their deletion counters where
/// they are kept. In the caller's transaction.
pub(crate) fn rebuild_all(conn: &Connection) -> Result<Rebuilt> {
    let documents = rebuild(conn, &INDEXES[0], None)?;
    let facts = rebuild(conn, &INDEXES[1], None)?;
    for ix in &INDEXES {
        conn.execute("UPDATE meta SET value = 0 WHERE key = ?1", [ix.counter])?;
    }
    crate::search_file::adopt(conn)?;
    Ok(Rebuilt { documents, facts })
}

/// Told how far making the documents' index again has gone: (texts indexed, documents stored).
/// At a million documents it takes minutes, on opening a register to write ([`crate::Store::open_reporting`]).
pub type Report<'a> = &'a dyn Fn(usize, usize);

/// A [`Report`] for command-line programs: once the work has taken 2 seconds, a line on stderr,
/// then one at every tenth (a small register's index is made again without a word).
pub fn report_on_stderr() -> impl Fn(usize, usize) {
    let start = std::time::Instant::now();
    let shown = std::cell::Cell::new(None::<usize>);
    move |done, total| {
        if start.elapsed() < std::time::Duration::from_secs(2) {
            return;
        }
        let tenth = (done * 10).checked_div(total).unwrap_or(10);
        if shown.get().is_none() {
            eprintln!("chidao: making the search index again from the stored texts of {total} documents (once)");
        }
        if shown.get() != Some(tenth) {
            eprintln!("chidao: search index: {}% ({done} of {total})", tenth * 10);
            shown.set(Some(tenth));
        }
    }
}

/// Texts indexed between two [`Report`]s.
const REPORT_EVERY: usize = 1_000;

/// Rebuilds the documents' index from the stored texts and zeroes its deletion counter: the
/// search file made again ([`crate::search_file::sync`]). In the caller's transaction.
pub(crate) fn rebuild_documents(conn: &Connection, report: Report<'_>) -> Result<usize> {
    let n = rebuild(conn, &INDEXES[0], Some(report))?;
    conn.execute("UPDATE meta SET value = 0 WHERE key = ?1", [INDEXES[0].counter])?;
    Ok(n)
}

/// Empties one index and fills it again from its source; returns the rows indexed. `report` is
/// told the rows indexed every [`REPORT_EVERY`], and at the end, with the rows of `ix.rows`.
fn rebuild(conn: &Connection, ix: &Index, report: Option<Report<'_>>) -> Result<usize> {
    conn.execute(&format!("INSERT INTO {t} ({t}) VALUES ('delete-all')", t = ix.table), [])?;
    let total = match report {
        Some(_) => conn.query_row(&format!("SELECT count(*) FROM {}", ix.rows), [], |r| r.get::<_, i64>(0))?.max(0) as usize,
        None => 0,
    };
    let mut st = conn.prepare(ix.source)?;
    let mut it = st.query([])?;
    let mut n = 0;
    while let Some(r) = it.next()? {
        let (id, text, kind): (i64, String, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
        match kind {
            Some(k) => index_fact(Db::Lite(conn), id, &text, &k)?,
            None => index_document(Db::Lite(conn), id, &text, None)?,
        };
        n += 1;
        if let Some(report) = report
            && n % REPORT_EVERY == 0
        {
            report(n, total.max(n));
        }
    }
    if let Some(report) = report {
        report(n, total.max(n));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_for_postgres_are_distinct_and_within_its_limits() {
        assert_eq!(pg_pairs("chi thi so chi thi"), "chiǁthi soǁchi thiǁso");
        let long = "a".repeat(PG_LEXEME_MAX);
        assert_eq!(pg_pairs(&format!("{long} b c")), "bǁc");
        let many: String = (0..300_000).map(|i| format!("w{i} ")).collect();
        assert!(pg_pairs(&many).len() <= PG_VECTOR_MAX);
    }

    #[test]
    fn vectors_for_postgres_cut_words_as_the_search_does() {
        let (exact, folded, pairs) = pg_doc_vectors("Chỉ thị 35-CT/TW của Tỉnh ủy; chỉ thị", "chi thi 35 ct tw cua tinh uy chi thi");
        assert_eq!(exact, "'35':3 'chỉ':1,9 'ct':4 'của':6 'thị':2,10 'tw':5 'tỉnh':7 'ủy':8");
        assert_eq!(folded, "'35':3 'chi':1,9 'ct':4 'cua':6 'thi':2,10 'tinh':7 'tw':5 'uy':8");
        assert!(pairs.contains("35ǁct") && pairs.contains("uyǁchi"));
        let mut q = String::new();
        pg_quote(&mut q, "it's");
        assert_eq!(q, "'it''s'");
    }
}
