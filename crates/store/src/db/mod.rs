//! The seam between the register's logic and its database: [`Db`] runs one SQL text on SQLite
//! or on PostgreSQL, binds [`Arg`]s and hands rows out as [`Row`]s whose columns read as the same
//! Rust values from either backend.
//!
//! The store's SQL is written once, in the SQL both engines speak (`?1` parameters, `RETURNING`,
//! `ON CONFLICT … DO …`, `string_agg`, `CAST`). [`PgConn`] turns the parameters into PostgreSQL's
//! `$1` and keeps each prepared statement, as SQLite's statement cache does. Where the engines
//! differ (full text, JSON arrays, settings) a module asks [`Db::backend`] and says both.
//!
//! ```
//! use chidao_store::db::{Db, args};
//! let conn = rusqlite::Connection::open_in_memory().unwrap();
//! let db = Db::Lite(&conn);
//! db.batch("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)").unwrap();
//! let id: i64 = db.row("INSERT INTO t (name) VALUES (?1) RETURNING id", args!["Hà Nội"], |r| r.get(0)).unwrap();
//! let name: Option<String> = db.row_opt("SELECT name FROM t WHERE id = ?1", args![id], |r| r.get(0)).unwrap();
//! assert_eq!(name.as_deref(), Some("Hà Nội"));
//! ```

mod pg;
mod value;

pub use pg::{PgConn, translate};
pub use value::{Arg, FromValue, Owned, ToArg, Value};

use crate::error::{Result, StoreError};

/// The parameters of a query, as a slice of [`Arg`]s: `args![id, name, None::<i64>]`.
#[doc(hidden)]
#[macro_export]
macro_rules! __store_args {
    () => { &[] as &[$crate::db::Arg<'_>] };
    ($($x:expr),+ $(,)?) => { &[$($crate::db::ToArg::to_arg(&$x)),+] as &[$crate::db::Arg<'_>] };
}
pub use crate::__store_args as args;

/// Which engine holds the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file (or memory).
    Sqlite,
    /// A PostgreSQL database.
    Postgres,
}

/// A connection to the register, on either backend. Cheap to copy: it borrows the connection
/// (or the transaction: an SQLite transaction is its connection, a PostgreSQL one is begun on it).
#[derive(Clone, Copy)]
pub enum Db<'c> {
    /// SQLite.
    Lite(&'c rusqlite::Connection),
    /// PostgreSQL.
    Pg(&'c PgConn),
}

impl std::fmt::Debug for Db<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Db::Lite(_) => f.write_str("Db::Lite"),
            Db::Pg(c) => write!(f, "Db::Pg({})", c.at),
        }
    }
}

/// A row of a result.
pub enum Row<'r> {
    /// From SQLite.
    Lite(&'r rusqlite::Row<'r>),
    /// From PostgreSQL.
    Pg(&'r postgres::Row),
}

impl Row<'_> {
    /// Column `i` (from 0) as a `T`; a value that is not one is an error naming the column.
    pub fn get<T: FromValue>(&self, i: usize) -> Result<T> {
        let v = match self {
            Row::Lite(r) => Value::from_lite(r.get_ref(i)?),
            Row::Pg(r) => r.try_get::<_, Value<'_>>(i).map_err(|e| e.to_string()),
        };
        // The column's name only for the error: looking it up for every value read was a
        // twentieth of a deep board page.
        v.and_then(T::from_value).map_err(|why| StoreError::Column { column: format!("{i} ({})", self.column_name(i)), why })
    }

    /// The name of column `i` ("?" when there is none).
    fn column_name(&self, i: usize) -> &str {
        match self {
            Row::Lite(r) => r.as_ref().column_name(i).unwrap_or("?"),
            Row::Pg(r) => r.columns().get(i).map_or("?", |c| c.name()),
        }
    }

    /// The number of columns.
    pub fn len(&self) -> usize {
        match self {
            Row::Lite(r) => r.as_ref().column_count(),
            Row::Pg(r) => r.len(),
        }
    }

    /// True when the row has no column.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<'c> Db<'c> {
    /// The engine.
    pub fn backend(&self) -> Backend {
        match self {
            Db::Lite(_) => Backend::Sqlite,
            Db::Pg(_) => Backend::Postgres,
        }
    }

    /// True on PostgreSQL.
    pub fn is_pg(&self) -> bool {
        matches!(self, Db::Pg(_))
    }

    /// Runs `f`, whose statements read the register, on one snapshot of it. On PostgreSQL
    /// outside a transaction that is a read-only `REPEATABLE READ` transaction (so that pages
    /// read one after another neither repeat nor skip a row another process moved meanwhile); on
    /// SQLite, and inside a transaction, `f` runs as it is (a statement of SQLite reads one
    /// snapshot; a transaction's writer holds the write lock).
    pub fn snapshot<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        match self {
            Db::Lite(_) => f(),
            Db::Pg(c) => c.snapshot(f),
        }
    }

    /// The SQLite connection, for code that does not run on PostgreSQL yet (an error there).
    pub fn sqlite(&self) -> Result<&'c rusqlite::Connection> {
        match self {
            Db::Lite(c) => Ok(c),
            Db::Pg(c) => Err(StoreError::NotOnPostgres(c.at.clone())),
        }
    }

    /// One of two SQL texts, by backend (where the dialects differ).
    pub fn pick<'s>(&self, sqlite: &'s str, postgres: &'s str) -> &'s str {
        match self {
            Db::Lite(_) => sqlite,
            Db::Pg(_) => postgres,
        }
    }

    /// A subquery of the integers of a JSON array parameter (`"[3,5]"`), for `x IN (…)`:
    /// `db.ints_in("?1")`.
    pub fn ints_in(&self, param: &str) -> String {
        match self {
            Db::Lite(_) => format!("SELECT value FROM json_each({param})"),
            Db::Pg(_) => format!("SELECT unnest(CAST(translate(CAST({param} AS text), '[]', '{{}}') AS bigint[]))"),
        }
    }

    /// A subquery of the strings of a JSON array parameter (`"[\"a\",\"b\"]"`), for `x IN (…)`.
    pub fn texts_in(&self, param: &str) -> String {
        match self {
            Db::Lite(_) => format!("SELECT value FROM json_each({param})"),
            Db::Pg(_) => format!("SELECT json_array_elements_text(CAST({param} AS json))"),
        }
    }

    /// A condition: `needle` occurs in `haystack` (two SQL expressions), case and marks as given.
    pub fn contains(&self, haystack: &str, needle: &str) -> String {
        match self {
            Db::Lite(_) => format!("instr({haystack}, {needle}) > 0"),
            Db::Pg(_) => format!("strpos({haystack}, {needle}) > 0"),
        }
    }

    /// Runs statements without parameters or results (schema, settings).
    pub fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Db::Lite(c) => Ok(c.execute_batch(sql)?),
            Db::Pg(c) => c.batch(sql),
        }
    }

    /// Runs one statement; returns the rows it changed.
    pub fn exec(&self, sql: &str, args: &[Arg<'_>]) -> Result<usize> {
        match self {
            Db::Lite(c) => Ok(c.prepare_cached(sql)?.execute(rusqlite::params_from_iter(args))?),
            Db::Pg(c) => c.exec(sql, args),
        }
    }

    /// Runs one statement whose result is not needed: on PostgreSQL it is sent at once and its
    /// answer read later, before the next statement that returns something, or at the commit;
    /// its error, if any, comes from that statement. SQLite runs it at once.
    pub fn queue(&self, sql: &str, args: &[Arg<'_>]) -> Result<()> {
        match self {
            Db::Lite(c) => {
                c.prepare_cached(sql)?.execute(rusqlite::params_from_iter(args))?;
                Ok(())
            }
            Db::Pg(c) => c.queue(sql, args),
        }
    }

    /// Every row of a query, each made a `T` by `f`.
    pub fn rows<T>(&self, sql: &str, args: &[Arg<'_>], mut f: impl FnMut(&Row<'_>) -> Result<T>) -> Result<Vec<T>> {
        match self {
            Db::Lite(c) => {
                let mut st = c.prepare_cached(sql)?;
                let mut rows = st.query(rusqlite::params_from_iter(args))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    out.push(f(&Row::Lite(r))?);
                }
                Ok(out)
            }
            Db::Pg(c) => c.query(sql, args)?.iter().map(|r| f(&Row::Pg(r))).collect(),
        }
    }

    /// Calls `f` on every row of a query in turn (without collecting them first on SQLite).
    pub fn each(&self, sql: &str, args: &[Arg<'_>], mut f: impl FnMut(&Row<'_>) -> Result<()>) -> Result<()> {
        self.rows(sql, args, |r| f(r)).map(drop)
    }

    /// The first row of a query, or `None`.
    pub fn row_opt<T>(&self, sql: &str, args: &[Arg<'_>], f: impl FnOnce(&Row<'_>) -> Result<T>) -> Result<Option<T>> {
        match self {
            Db::Lite(c) => {
                let mut st = c.prepare_cached(sql)?;
                let mut rows = st.query(rusqlite::params_from_iter(args))?;
                rows.next()?.map(|r| f(&Row::Lite(r))).transpose()
            }
            Db::Pg(c) => c.query(sql, args)?.first().map(|r| f(&Row::Pg(r))).transpose(),
        }
    }

    /// The first row of a query, which must have one.
    pub fn row<T>(&self, sql: &str, args: &[Arg<'_>], f: impl FnOnce(&Row<'_>) -> Result<T>) -> Result<T> {
        self.row_opt(sql, args, f)?.ok_or_else(|| StoreError::NoRow(first_words(sql)))
    }

    /// The first column of the first row (a count, an id).
    pub fn one<T: FromValue>(&self, sql: &str, args: &[Arg<'_>]) -> Result<T> {
        self.row(sql, args, |r| r.get(0))
    }
}

/// The start of a statement, to name it in an error.
fn first_words(sql: &str) -> String {
    let s: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// A transaction on either backend: SQLite's, or one begun on a PostgreSQL connection. Dropped
/// without [`Tx::commit`], it rolls back.
pub enum Tx<'c> {
    /// SQLite.
    Lite(rusqlite::Transaction<'c>),
    /// PostgreSQL.
    Pg(pg::PgTx<'c>),
}

impl<'c> Tx<'c> {
    /// Statements in the transaction.
    pub fn db(&self) -> Db<'_> {
        match self {
            Tx::Lite(t) => Db::Lite(t),
            Tx::Pg(t) => Db::Pg(t.conn()),
        }
    }

    /// Commits.
    pub fn commit(self) -> Result<()> {
        match self {
            Tx::Lite(t) => Ok(t.commit()?),
            Tx::Pg(t) => t.commit(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_calls_read_and_write_sqlite() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let db = Db::Lite(&conn);
        db.batch("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER, hash BLOB)").unwrap();
        let a: i64 = db.one("INSERT INTO t (name, n, hash) VALUES (?1, ?2, ?3) RETURNING id", args!["Sơn La", 3, [1u8, 2]]).unwrap();
        db.exec("INSERT INTO t (name, n) VALUES (?, ?)", args![None::<String>, 4i32]).unwrap();
        let rows = db.rows("SELECT id, name, n FROM t ORDER BY id", args![], |r| Ok((r.get::<i64>(0)?, r.get::<Option<String>>(1)?, r.get::<u32>(2)?))).unwrap();
        assert_eq!(rows, vec![(a, Some("Sơn La".to_string()), 3), (a + 1, None, 4)]);
        let hash: [u8; 2] = db.one("SELECT hash FROM t WHERE id = ?1", args![a]).unwrap();
        assert_eq!(hash, [1, 2]);
        assert_eq!(db.row_opt("SELECT id FROM t WHERE id = 99", args![], |r| r.get::<i64>(0)).unwrap(), None);
        let e = db.one::<i64>("SELECT name FROM t WHERE id = ?1", args![a + 1]).unwrap_err().to_string();
        assert!(e.contains("name") && e.contains("NULL"), "{e}");
        assert!(matches!(db.one::<i64>("SELECT id FROM t WHERE id = 99", args![]), Err(StoreError::NoRow(_))));
    }

    #[test]
    fn a_transaction_dropped_rolls_back() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        Db::Lite(&conn).batch("CREATE TABLE t (x INTEGER)").unwrap();
        {
            let tx = Tx::Lite(conn.transaction().unwrap());
            tx.db().exec("INSERT INTO t VALUES (1)", args![]).unwrap();
        }
        assert_eq!(Db::Lite(&conn).one::<i64>("SELECT count(*) FROM t", args![]).unwrap(), 0);
        let tx = Tx::Lite(conn.transaction().unwrap());
        tx.db().exec("INSERT INTO t VALUES (1)", args![]).unwrap();
        tx.commit().unwrap();
        assert_eq!(Db::Lite(&conn).one::<i64>("SELECT count(*) FROM t", args![]).unwrap(), 1);
    }
}
