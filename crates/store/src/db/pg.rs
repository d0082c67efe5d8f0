//! The PostgreSQL side of [`super::Db`]: one client, its prepared statements by SQL text, and
//! transactions begun and ended by statements (so that a transaction borrows the connection
//! the way an SQLite one does).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::{Client, Statement};

use super::Arg;
use crate::error::{Result, StoreError};
use crate::location::PgUrl;

/// A connection to a register on PostgreSQL.
pub struct PgConn {
    client: RefCell<Client>,
    statements: RefCell<HashMap<String, Statement>>,
    /// In a transaction begun by [`PgConn::begin`].
    in_tx: Cell<bool>,
    /// The URL, for messages (without its password).
    pub at: String,
}

impl PgConn {
    /// Connects to the database at `url` (no TLS: see [`crate::pg::Pg::connect`]).
    pub fn connect(url: &PgUrl) -> Result<PgConn> {
        let pg = crate::pg::Pg::connect(url)?;
        Ok(PgConn::from_client(pg.client, pg.at))
    }

    /// Wraps a client connected to the register at `at`.
    pub fn from_client(client: Client, at: String) -> PgConn {
        PgConn { client: RefCell::new(client), statements: RefCell::new(HashMap::new()), in_tx: Cell::new(false), at }
    }

    /// The client itself (COPY, the schema's migrations).
    pub fn client(&self) -> std::cell::RefMut<'_, Client> {
        self.client.borrow_mut()
    }

    fn err(&self, error: postgres::Error) -> StoreError {
        StoreError::Postgres { at: self.at.clone(), error }
    }

    /// Statements without parameters.
    pub(super) fn batch(&self, sql: &str) -> Result<()> {
        self.client.borrow_mut().batch_execute(sql).map_err(|e| self.err(e))
    }

    fn statement(&self, sql: &str) -> Result<Statement> {
        if let Some(st) = self.statements.borrow().get(sql) {
            return Ok(st.clone());
        }
        let st = self.client.borrow_mut().prepare(&translate(sql)).map_err(|e| self.err(e))?;
        self.statements.borrow_mut().insert(sql.to_string(), st.clone());
        Ok(st)
    }

    pub(super) fn exec(&self, sql: &str, args: &[Arg<'_>]) -> Result<usize> {
        let st = self.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
        let n = self.client.borrow_mut().execute(&st, &params).map_err(|e| self.err(e))?;
        Ok(n as usize)
    }

    pub(super) fn query(&self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<postgres::Row>> {
        let st = self.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
        self.client.borrow_mut().query(&st, &params).map_err(|e| self.err(e))
    }

    /// Begins a transaction; it ends with [`PgTx::commit`], or rolls back when dropped.
    pub fn begin(&self) -> Result<PgTx<'_>> {
        if self.in_tx.get() {
            return Err(StoreError::Invalid(format!("{}: a transaction is open on this connection already", self.at)));
        }
        self.batch("BEGIN")?;
        self.in_tx.set(true);
        Ok(PgTx { conn: self, done: false })
    }
}

/// A transaction on a [`PgConn`].
pub struct PgTx<'c> {
    conn: &'c PgConn,
    done: bool,
}

impl<'c> PgTx<'c> {
    /// The connection it runs on.
    pub fn conn(&self) -> &'c PgConn {
        self.conn
    }

    /// Commits.
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn.in_tx.set(false);
        self.conn.batch("COMMIT")
    }
}

impl Drop for PgTx<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.conn.in_tx.set(false);
            // A connection that is gone has rolled back already; nothing else to do with its error.
            let _ = self.conn.batch("ROLLBACK");
        }
    }
}

/// SQLite's parameters (`?1`, `?`) as PostgreSQL's (`$1`), outside string literals, quoted
/// names and comments; a bare `?` takes the number after the highest so far, as in SQLite.
pub fn translate(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.char_indices().peekable();
    let mut highest = 0u32;
    while let Some((_, c)) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                while let Some((_, d)) = chars.next() {
                    out.push(d);
                    if d == c {
                        if chars.peek().map(|p| p.1) == Some(c) {
                            out.push(chars.next().unwrap().1);
                        } else {
                            break;
                        }
                    }
                }
            }
            '-' if chars.peek().map(|p| p.1) == Some('-') => {
                out.push(c);
                for (_, d) in chars.by_ref() {
                    out.push(d);
                    if d == '\n' {
                        break;
                    }
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some(&(_, d)) = chars.peek() {
                    if d.is_ascii_digit() {
                        digits.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                let n = if digits.is_empty() { highest + 1 } else { digits.parse().unwrap_or(u32::MAX) };
                highest = highest.max(n);
                out.push('$');
                out.push_str(&n.to_string());
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn parameters_are_renumbered_outside_literals() {
        assert_eq!(translate("SELECT a FROM t WHERE b = ?1 AND c = ?2"), "SELECT a FROM t WHERE b = $1 AND c = $2");
        assert_eq!(translate("INSERT INTO t VALUES (?, ?, ?)"), "INSERT INTO t VALUES ($1, $2, $3)");
        assert_eq!(translate("SELECT ?2, ?"), "SELECT $2, $3");
        assert_eq!(translate("SELECT 'what?', \"col?\" FROM t WHERE x = ?1 -- why?\nAND y = ?"), "SELECT 'what?', \"col?\" FROM t WHERE x = $1 -- why?\nAND y = $2");
        assert_eq!(translate("SELECT 'it''s ?' || ?1"), "SELECT 'it''s ?' || $1");
        assert_eq!(translate("SELECT 'Hà Nội ?' WHERE đ = ?12"), "SELECT 'Hà Nội ?' WHERE đ = $12");
    }
}
