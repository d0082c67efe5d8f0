//! Moving a register between its two backends: an SQLite file into a PostgreSQL database, and
//! back (`chidao migrate FROM TO`).
//!
//! Both ends must be at the same schema version. The source is read in one snapshot (a read
//! transaction), and the destination is written in one transaction: a move that fails or is
//! killed leaves the destination as it was, and running it again does the whole move. The
//! destination must hold no register yet (an empty database or file, or a register with no
//! rows). Every table is copied row for row, its row ids included; the full-text indexes are not
//! copied but built on the destination from the stored texts and facts, in its own kind. Before
//! the commit, every table's rows are counted on both sides; one difference and nothing is kept.

use std::time::Instant;

use bytes::BytesMut;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use rusqlite::types::{ToSqlOutput, ValueRef};

use crate::error::{Result, StoreError};
use crate::location::Location;
use crate::open::Access;
use crate::pg::{self, Pg};
use crate::search_index;
use crate::Store;

/// The register's tables, in an order where each comes after the tables it refers to.
pub const TABLES: [&str; 29] = [
    "documents",
    "doc_texts",
    "doc_sigs",
    "doc_bands",
    "orgs",
    "org_aliases",
    "org_mentions",
    "persons",
    "person_mentions",
    "person_roles",
    "directives",
    "directive_mentions",
    "directive_candidates",
    "events",
    "event_mentions",
    "tasks",
    "task_refs",
    "task_status",
    "figures",
    "facts",
    "corrections",
    "task_log",
    "meta",
    "doc_sources",
    "doc_headers",
    "doc_relations",
    "users",
    "user_sessions",
    "user_tokens",
];

/// The SQLite tables that are not the register's rows: the full-text indexes, rebuilt on the
/// destination, with the queue of the search file's rows and what ties that file to the register
/// (`search_file`), and SQLite's own.
fn derived(table: &str) -> bool {
    table.starts_with("doc_fts") || table.starts_with("fact_fts") || table.starts_with("sqlite_") || table.starts_with("search_")
}

/// Where a move has got to, for a progress display.
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    /// The table being copied (or `"search"` while the full-text index is built).
    pub table: &'a str,
    /// Rows copied so far, all tables together.
    pub done: u64,
    /// Rows to copy, all tables together.
    pub total: u64,
}

/// What a move did.
#[derive(Debug, Clone, Default)]
pub struct Moved {
    /// Each table and its rows, counted on both sides (equal, or the move failed).
    pub tables: Vec<(&'static str, u64)>,
    /// Documents and facts put in the destination's full-text index.
    pub indexed: (u64, u64),
    /// Seconds the move took.
    pub seconds: f64,
}

/// Moves the register at `from` into `to` (one is an SQLite file, the other a PostgreSQL
/// database), reporting progress after each batch of rows.
pub fn migrate(from: &Location, to: &Location, progress: &mut dyn FnMut(Step<'_>)) -> Result<Moved> {
    let started = Instant::now();
    let mut moved = match (from, to) {
        (Location::File(src), Location::Postgres(url)) => {
            let store = Store::open_as(src, Access::Read)?;
            let mut dest = Pg::connect(url)?;
            sqlite_to_pg(&store, &mut dest, progress)?
        }
        (Location::Postgres(url), Location::File(dest)) => {
            let mut src = Pg::connect(url)?;
            let created = !dest.exists();
            let moved = pg_to_sqlite(&mut src, dest, progress);
            if moved.is_err() && created {
                // Nothing of a failed move stays behind: not even the new, empty file.
                for f in [dest.to_path_buf(), crate::open::wal_path(dest), std::path::PathBuf::from(format!("{}-shm", dest.display()))] {
                    let _ = std::fs::remove_file(f);
                }
            }
            moved.map_err(|e| e.at(dest))?
        }
        (Location::File(_), Location::File(_)) => {
            return Err(StoreError::Invalid("both registers are SQLite files: copy the file itself (with the register closed) or use `sqlite3 FROM \".backup TO\"`".into()));
        }
        (Location::Postgres(_), Location::Postgres(_)) => {
            return Err(StoreError::Invalid("both registers are PostgreSQL databases: use `pg_dump` and `pg_restore` (or `CREATE DATABASE … TEMPLATE …`)".into()));
        }
    };
    moved.seconds = started.elapsed().as_secs_f64();
    Ok(moved)
}

/// A column's type, as SQLite declares it and PostgreSQL stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Real,
    Text,
    Blob,
}

impl Kind {
    fn of_sqlite(declared: &str) -> Kind {
        let d = declared.to_ascii_uppercase();
        if d.contains("INT") {
            Kind::Int
        } else if d.contains("CHAR") || d.contains("CLOB") || d.contains("TEXT") {
            Kind::Text
        } else if d.contains("REAL") || d.contains("FLOA") || d.contains("DOUB") {
            Kind::Real
        } else {
            Kind::Blob
        }
    }

    fn pg(self) -> Type {
        match self {
            Kind::Int => Type::INT8,
            Kind::Real => Type::FLOAT8,
            Kind::Text => Type::TEXT,
            Kind::Blob => Type::BYTEA,
        }
    }

    fn pg_name(self) -> &'static str {
        match self {
            Kind::Int => "bigint",
            Kind::Real => "double precision",
            Kind::Text => "text",
            Kind::Blob => "bytea",
        }
    }
}

/// A table as both backends hold it.
struct Table {
    name: &'static str,
    /// Its columns; a table whose rows SQLite tells apart by an implicit rowid has `rowid` first.
    columns: Vec<(String, Kind)>,
    /// The column that numbers the rows (the `INTEGER PRIMARY KEY`, or `rowid`).
    identity: Option<String>,
}

impl Table {
    fn list(&self) -> String {
        self.columns.iter().map(|(c, _)| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")
    }

    fn order(&self) -> String {
        self.identity.as_ref().map_or_else(String::new, |id| format!(" ORDER BY \"{id}\""))
    }
}

/// Reads a table's columns from the SQLite register (the schema both backends follow).
fn describe(conn: &rusqlite::Connection, name: &'static str) -> Result<Table> {
    let mut st = conn.prepare("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid")?;
    let cols: Vec<(String, String, i64)> = st.query_map([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    if cols.is_empty() {
        return Err(StoreError::Invalid(format!("the register has no table {name}")));
    }
    let sql: String = conn.query_row("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1", [name], |r| r.get(0))?;
    let pks: Vec<&(String, String, i64)> = cols.iter().filter(|c| c.2 > 0).collect();
    let mut columns: Vec<(String, Kind)> = cols.iter().map(|(n, t, _)| (n.clone(), Kind::of_sqlite(t))).collect();
    // A row is known by its INTEGER PRIMARY KEY (SQLite's rowid under another name), by another
    // primary key, or, with none, by its implicit rowid, which is then moved as a column.
    let identity = if pks.len() == 1 && pks[0].1.eq_ignore_ascii_case("INTEGER") {
        Some(pks[0].0.clone())
    } else if !pks.is_empty() || sql.to_ascii_uppercase().contains("WITHOUT ROWID") {
        None
    } else {
        columns.insert(0, ("rowid".into(), Kind::Int));
        Some("rowid".into())
    };
    Ok(Table { name, columns, identity })
}

/// Checks that the SQLite register has no table this move would leave behind, and that the
/// PostgreSQL schema has each table's columns in the same types.
fn check_schemas(conn: &rusqlite::Connection, tables: &[Table], pg: &mut postgres::Transaction<'_>, at: &str) -> Result<()> {
    let mut st = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
    let names: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    if let Some(extra) = names.iter().find(|n| !derived(n) && !TABLES.contains(&n.as_str())) {
        return Err(StoreError::Invalid(format!("the SQLite register has a table this chidao does not move ({extra}); nothing was moved")));
    }
    let err = pg::error(at);
    for t in tables {
        let rows = pg
            .query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1", &[&t.name])
            .map_err(err)?;
        let theirs: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        for (c, k) in &t.columns {
            if !theirs.iter().any(|(n, ty)| n == c && ty == k.pg_name()) {
                return Err(StoreError::Invalid(format!(
                    "the PostgreSQL schema lacks {}.{c} ({}) of the SQLite register's schema; nothing was moved",
                    t.name,
                    k.pg_name()
                )));
            }
        }
        if theirs.len() != t.columns.len() {
            return Err(StoreError::Invalid(format!("the PostgreSQL table {} has columns the SQLite register lacks; nothing was moved", t.name)));
        }
    }
    Ok(())
}

/// One value on its way between the backends.
#[derive(Debug)]
enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Cell {
    /// A value read from SQLite for a column of `kind`; a value of another type is refused (the
    /// move would change it), naming where it is.
    fn from_sqlite(v: ValueRef<'_>, kind: Kind, at: impl Fn() -> String) -> Result<Cell> {
        Ok(match (v, kind) {
            (ValueRef::Null, _) => Cell::Null,
            (ValueRef::Integer(i), Kind::Int) => Cell::Int(i),
            (ValueRef::Integer(i), Kind::Real) => Cell::Real(i as f64),
            (ValueRef::Real(r), Kind::Real) => Cell::Real(r),
            (ValueRef::Text(t), Kind::Text) => Cell::Text(String::from_utf8(t.to_vec()).map_err(|_| StoreError::Invalid(format!("{}: text that is not UTF-8", at())))?),
            (ValueRef::Blob(b), Kind::Blob) => Cell::Blob(b.to_vec()),
            (v, k) => return Err(StoreError::Invalid(format!("{}: a value of type {:?} in a column of type {}; nothing was moved", at(), v.data_type(), k.pg_name()))),
        })
    }

    /// A value read from PostgreSQL for a column of `kind`.
    fn from_pg(row: &postgres::Row, i: usize, kind: Kind) -> std::result::Result<Cell, postgres::Error> {
        Ok(match kind {
            Kind::Int => row.try_get::<_, Option<i64>>(i)?.map_or(Cell::Null, Cell::Int),
            Kind::Real => row.try_get::<_, Option<f64>>(i)?.map_or(Cell::Null, Cell::Real),
            Kind::Text => row.try_get::<_, Option<String>>(i)?.map_or(Cell::Null, Cell::Text),
            Kind::Blob => row.try_get::<_, Option<Vec<u8>>>(i)?.map_or(Cell::Null, Cell::Blob),
        })
    }
}

impl ToSql for Cell {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match (self, ty) {
            (Cell::Null, _) => Ok(IsNull::Yes),
            (Cell::Int(v), &Type::INT8) => v.to_sql(ty, out),
            (Cell::Real(v), &Type::FLOAT8) => v.to_sql(ty, out),
            (Cell::Text(v), &Type::TEXT) => v.to_sql(ty, out),
            (Cell::Blob(v), &Type::BYTEA) => v.to_sql(ty, out),
            (v, ty) => Err(format!("{v:?} cannot be written to a column of type {ty}").into()),
        }
    }

    fn accepts(ty: &Type) -> bool {
        [Type::INT8, Type::FLOAT8, Type::TEXT, Type::BYTEA].contains(ty)
    }

    to_sql_checked!();
}

impl rusqlite::ToSql for Cell {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Cell::Null => ValueRef::Null,
            Cell::Int(v) => ValueRef::Integer(*v),
            Cell::Real(v) => ValueRef::Real(*v),
            Cell::Text(v) => ValueRef::Text(v.as_bytes()),
            Cell::Blob(v) => ValueRef::Blob(v),
        }))
    }
}

/// Rows between two progress reports.
const REPORT_EVERY: u64 = 2_000;

fn describe_all(conn: &rusqlite::Connection) -> Result<Vec<Table>> {
    TABLES.iter().map(|t| describe(conn, t)).collect()
}

fn sqlite_counts(conn: &rusqlite::Connection, tables: &[Table]) -> Result<Vec<u64>> {
    tables.iter().map(|t| Ok(conn.query_row(&format!("SELECT count(*) FROM {}", t.name), [], |r| r.get::<_, i64>(0))? as u64)).collect()
}

fn pg_counts(tx: &mut postgres::Transaction<'_>, tables: &[Table], at: &str) -> Result<Vec<u64>> {
    tables
        .iter()
        .map(|t| {
            let n: i64 = tx.query_one(&format!("SELECT count(*) FROM {}", t.name), &[]).map_err(pg::error(at))?.get(0);
            Ok(n as u64)
        })
        .collect()
}

/// Refuses a destination that holds rows already (`meta` aside: a new register writes its own).
fn check_empty(tables: &[Table], counts: &[u64], at: &str) -> Result<()> {
    match tables.iter().zip(counts).find(|(t, n)| **n > 0 && t.name != "meta") {
        Some((t, n)) => Err(StoreError::Invalid(format!("{at}: the destination holds a register already ({n} rows in {}): `chidao migrate` moves a register only into an empty database or a new file", t.name))),
        None => Ok(()),
    }
}

/// The counts of both sides, compared; the first difference is the error.
fn compare(tables: &[Table], source: &[u64], dest: &[u64]) -> Result<Vec<(&'static str, u64)>> {
    for ((t, s), d) in tables.iter().zip(source).zip(dest) {
        if s != d {
            return Err(StoreError::Invalid(format!("{}: {s} rows in the source, {d} in the destination; nothing was moved", t.name)));
        }
    }
    Ok(tables.iter().zip(source).map(|(t, n)| (t.name, *n)).collect())
}

fn sqlite_to_pg(store: &Store, dest: &mut Pg, progress: &mut dyn FnMut(Step<'_>)) -> Result<Moved> {
    let at = dest.at.clone();
    let err = pg::error(&at);
    // One snapshot of the source for the counts and the rows.
    let src = store.db().sqlite()?.unchecked_transaction()?;
    let tables = describe_all(&src)?;
    let source = sqlite_counts(&src, &tables)?;
    let total: u64 = source.iter().sum::<u64>();
    let mut tx = dest.client.transaction().map_err(err)?;
    pg::migrate(&mut tx, &at)?;
    check_schemas(&src, &tables, &mut tx, &at)?;
    let before = pg_counts(&mut tx, &tables, &at)?;
    check_empty(&tables, &before, &at)?;
    tx.batch_execute("SET CONSTRAINTS ALL DEFERRED; DELETE FROM meta").map_err(err)?;
    let mut done = 0u64;
    for t in &tables {
        progress(Step { table: t.name, done, total });
        let types: Vec<Type> = t.columns.iter().map(|(_, k)| k.pg()).collect();
        let writer = tx.copy_in(&format!("COPY {} ({}) FROM STDIN (FORMAT binary)", t.name, t.list())).map_err(err)?;
        let mut writer = BinaryCopyInWriter::new(writer, &types);
        let mut st = src.prepare(&format!("SELECT {} FROM {}{}", t.list(), t.name, t.order()))?;
        let mut rows = st.query([])?;
        let mut cells: Vec<Cell> = Vec::with_capacity(t.columns.len());
        let mut n = 0u64;
        while let Some(r) = rows.next()? {
            cells.clear();
            for (i, (c, k)) in t.columns.iter().enumerate() {
                cells.push(Cell::from_sqlite(r.get_ref(i)?, *k, || format!("{}.{c}, row {}", t.name, n + 1))?);
            }
            let refs: Vec<&(dyn ToSql + Sync)> = cells.iter().map(|c| c as &(dyn ToSql + Sync)).collect();
            writer.write(&refs).map_err(err)?;
            n += 1;
            if n.is_multiple_of(REPORT_EVERY) {
                progress(Step { table: t.name, done: done + n, total });
            }
        }
        writer.finish().map_err(err)?;
        done += n;
        // The next row's id follows the last one moved in by itself (chidao_next_TABLE()).
    }
    progress(Step { table: "search", done, total });
    let indexed = pg_search_index(&src, &mut tx, &at)?;
    let dest_counts = pg_counts(&mut tx, &tables, &at)?;
    let tables_moved = compare(&tables, &source, &dest_counts)?;
    tx.commit().map_err(err)?;
    drop(src);
    Ok(Moved { tables: tables_moved, indexed, seconds: 0.0 })
}

/// Fills `doc_search` and `fact_search` from the moved texts and facts: the vectors are those
/// ingest writes ([`search_index::pg_doc_vectors`], [`search_index::pg_fact_vectors`]: chidao's
/// words and fold, đ → d), copied in as text and cast by PostgreSQL.
fn pg_search_index(src: &rusqlite::Connection, tx: &mut postgres::Transaction<'_>, at: &str) -> Result<(u64, u64)> {
    let err = pg::error(at);
    tx.batch_execute("CREATE TEMP TABLE search_vectors (id bigint PRIMARY KEY, exact text NOT NULL, folded text NOT NULL, pairs text NOT NULL) ON COMMIT DROP").map_err(err)?;
    let mut counts = [0u64; 2];
    for (i, (sql, insert)) in [
        (
            "SELECT doc, text FROM doc_texts ORDER BY doc",
            "INSERT INTO doc_search (doc, exact, folded, pairs) SELECT v.id, CAST(v.exact AS tsvector), CAST(v.folded AS tsvector), CAST(v.pairs AS tsvector) FROM search_vectors v",
        ),
        (
            "SELECT id, text FROM facts ORDER BY id",
            "INSERT INTO fact_search (fact, kind, exact, folded) SELECT t.id, t.kind, CAST(v.exact AS tsvector), CAST(v.folded AS tsvector) FROM facts t JOIN search_vectors v ON v.id = t.id",
        ),
    ]
    .iter()
    .enumerate()
    {
        tx.batch_execute("TRUNCATE search_vectors").map_err(err)?;
        let writer = tx.copy_in("COPY search_vectors (id, exact, folded, pairs) FROM STDIN (FORMAT binary)").map_err(err)?;
        let mut writer = BinaryCopyInWriter::new(writer, &[Type::INT8, Type::TEXT, Type::TEXT, Type::TEXT]);
        let mut st = src.prepare(sql)?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let text: String = r.get(1)?;
            let folded = chidao_text::ascii_fold::ascii_fold(&text);
            let (exact, folded, pairs) = if i == 0 {
                search_index::pg_doc_vectors(&text, &folded)
            } else {
                let (e, f) = search_index::pg_fact_vectors(&text, &folded);
                (e, f, String::new())
            };
            writer.write(&[&id, &exact, &folded, &pairs]).map_err(err)?;
        }
        writer.finish().map_err(err)?;
        counts[i] = tx.execute(*insert, &[]).map_err(err)?;
    }
    Ok((counts[0], counts[1]))
}

fn pg_to_sqlite(src: &mut Pg, dest: &std::path::Path, progress: &mut dyn FnMut(Step<'_>)) -> Result<Moved> {
    let at = src.at.clone();
    let err = pg::error(&at);
    let mut ptx = src.client.build_transaction().isolation_level(postgres::IsolationLevel::RepeatableRead).read_only(true).start().map_err(err)?;
    match pg::inspect(&mut ptx, &at)? {
        pg::Found::Register(v) if v == pg::LATEST => {}
        pg::Found::Register(found) if found > pg::LATEST => return Err(StoreError::NewerSchema { found, known: pg::LATEST }),
        pg::Found::Register(found) => {
            return Err(StoreError::PgRefused { at: at.clone(), why: format!("the register has schema version {found}, older than this chidao's ({}): `chidao migrate` upgrades it when moving it in", pg::LATEST) });
        }
        pg::Found::Empty | pg::Found::Other => return Err(StoreError::PgRefused { at: at.clone(), why: "no chidao register in this database".into() }),
    }
    let mut store = Store::open(dest)?;
    let tx = store.lite_mut()?.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let tables = describe_all(&tx)?;
    check_schemas(&tx, &tables, &mut ptx, &at)?;
    let source = pg_counts(&mut ptx, &tables, &at)?;
    let before = sqlite_counts(&tx, &tables)?;
    check_empty(&tables, &before, &dest.display().to_string())?;
    let total: u64 = source.iter().sum();
    tx.execute_batch("PRAGMA defer_foreign_keys = ON; DELETE FROM meta;")?;
    let mut done = 0u64;
    for t in &tables {
        progress(Step { table: t.name, done, total });
        let marks = (1..=t.columns.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        let mut ins = tx.prepare(&format!("INSERT INTO {} ({}) VALUES ({marks})", t.name, t.list()))?;
        let select = format!("SELECT {} FROM {}{}", t.list(), t.name, t.order());
        let mut rows = ptx.query_raw(&select, std::iter::empty::<&(dyn ToSql + Sync)>()).map_err(err)?;
        let mut cells: Vec<Cell> = Vec::with_capacity(t.columns.len());
        let mut n = 0u64;
        while let Some(r) = rows.next().map_err(err)? {
            cells.clear();
            for (i, (_, k)) in t.columns.iter().enumerate() {
                cells.push(Cell::from_pg(&r, i, *k).map_err(err)?);
            }
            ins.execute(rusqlite::params_from_iter(cells.iter()))?;
            n += 1;
            if n.is_multiple_of(REPORT_EVERY) {
                progress(Step { table: t.name, done: done + n, total });
            }
        }
        done += n;
    }
    progress(Step { table: "search", done, total });
    let rebuilt = crate::search_index::rebuild_all(&tx)?;
    let dest = sqlite_counts(&tx, &tables)?;
    let moved = compare(&tables, &source, &dest)?;
    tx.commit()?;
    ptx.commit().map_err(err)?;
    Ok(Moved { tables: moved, indexed: (rebuilt.documents as u64, rebuilt.facts as u64), seconds: 0.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_of_a_new_register_is_moved() {
        let store = Store::open_in_memory().unwrap();
        let mut st = store.connection().prepare("SELECT name FROM sqlite_master WHERE type = 'table'").unwrap();
        let names: Vec<String> = st.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap();
        for n in &names {
            assert!(derived(n) || TABLES.contains(&n.as_str()), "{n}: a table `chidao migrate` would not move");
        }
        for t in TABLES {
            assert!(names.iter().any(|n| n == t), "{t}: listed but not in the schema");
        }
        // Tables whose rows only an implicit rowid tells apart carry it as a column.
        let tables = describe_all(store.connection()).unwrap();
        let by = |n: &str| tables.iter().find(|t| t.name == n).unwrap();
        assert_eq!(by("event_mentions").columns[0].0, "rowid");
        assert_eq!(by("documents").identity.as_deref(), Some("id"));
        assert_eq!(by("org_aliases").identity, None);
    }

    #[test]
    fn mismatched_values_are_refused_with_their_place() {
        let e = Cell::from_sqlite(ValueRef::Text(b"12"), Kind::Int, || "tasks.start, row 3".into()).unwrap_err();
        assert!(e.to_string().contains("tasks.start, row 3"), "{e}");
        assert!(matches!(Cell::from_sqlite(ValueRef::Integer(2), Kind::Real, String::new).unwrap(), Cell::Real(v) if v == 2.0));
    }
}
