//! The PostgreSQL side of [`super::Db`]: one connection (the asynchronous client, driven by a
//! runtime of its own), its prepared statements by SQL text, a queue of statements whose results
//! nobody waits for, and transactions begun and ended by statements (so that a transaction
//! borrows the connection the way an SQLite one does).
//!
//! Every statement is a round trip to the server. Writing a document is a hundred small inserts,
//! most of which return nothing the writer needs: [`PgConn::queue`] keeps those, and the next
//! statement that returns something (or the commit) sends them first, pipelined — one round trip
//! for the lot, in their order.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use postgres::types::ToSql;
use tokio_postgres::{Client, NoTls, Statement};

use super::Arg;
use crate::error::{Result, StoreError};
use crate::location::PgUrl;

/// Queued statements sent in one go at most (a pipeline's requests and answers stay in the
/// sockets' buffers).
const PIPELINE: usize = 64;

/// A connection to a register on PostgreSQL.
pub struct PgConn {
    /// Drives the connection (one worker thread); the calls wait for their answers on their own
    /// thread ([`wait`]), so a store works the same from async code and from plain threads.
    runtime: Option<tokio::runtime::Runtime>,
    client: Client,
    statements: RefCell<HashMap<String, Statement>>,
    /// Statements queued by [`PgConn::queue`]: sent before anything else is.
    queued: RefCell<Vec<(Statement, Vec<Arg<'static>>)>>,
    /// In a transaction begun by [`PgConn::begin`].
    in_tx: Cell<bool>,
    /// The URL, for messages (without its password).
    pub at: String,
}

impl PgConn {
    /// Connects to the database at `url` (no TLS: see [`crate::pg::Pg::connect`]).
    pub fn connect(url: &PgUrl) -> Result<PgConn> {
        let at = url.to_string();
        let err = |error| StoreError::Postgres { at: at.clone(), error };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("chidao-pg")
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| StoreError::Invalid(format!("{at}: cannot start the connection's runtime: {e}")))?;
        let secret = url.secret().to_string();
        let connected = wait(runtime.spawn(async move { tokio_postgres::connect(&secret, NoTls).await }))
            .map_err(|e| StoreError::Invalid(format!("{at}: the connection's task failed: {e}")))?;
        let (client, connection) = connected.map_err(err)?;
        runtime.spawn(connection);
        Ok(PgConn { runtime: Some(runtime), client, statements: RefCell::new(HashMap::new()), queued: RefCell::new(Vec::new()), in_tx: Cell::new(false), at })
    }

    fn err(&self, error: tokio_postgres::Error) -> StoreError {
        StoreError::Postgres { at: self.at.clone(), error }
    }

    /// Statements without parameters.
    pub(super) fn batch(&self, sql: &str) -> Result<()> {
        self.flush()?;
        wait(self.client.batch_execute(sql)).map_err(|e| self.err(e))
    }

    fn statement(&self, sql: &str) -> Result<Statement> {
        if let Some(st) = self.statements.borrow().get(sql) {
            return Ok(st.clone());
        }
        let st = wait(self.client.prepare(&translate(sql))).map_err(|e| self.err(e))?;
        self.statements.borrow_mut().insert(sql.to_string(), st.clone());
        Ok(st)
    }

    pub(super) fn exec(&self, sql: &str, args: &[Arg<'_>]) -> Result<usize> {
        self.flush()?;
        let st = self.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
        let n = wait(self.client.execute(&st, &params)).map_err(|e| self.err(e))?;
        Ok(n as usize)
    }

    pub(super) fn query(&self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<tokio_postgres::Row>> {
        self.flush()?;
        let st = self.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
        wait(self.client.query(&st, &params)).map_err(|e| self.err(e))
    }

    /// Queues a statement whose result is not needed; it is sent, with the others queued, before
    /// the next statement that is not queued, or at the commit. Its error (if any) is reported
    /// then.
    pub(super) fn queue(&self, sql: &str, args: &[Arg<'_>]) -> Result<()> {
        let st = self.statement(sql)?;
        let full = {
            let mut q = self.queued.borrow_mut();
            q.push((st, args.iter().map(|a| a.clone().into_owned()).collect()));
            q.len() >= PIPELINE
        };
        if full { self.flush() } else { Ok(()) }
    }

    /// Sends the queued statements, pipelined, in order; the first error stops the rest.
    pub(super) fn flush(&self) -> Result<()> {
        let queued = std::mem::take(&mut *self.queued.borrow_mut());
        if queued.is_empty() {
            return Ok(());
        }
        let client = &self.client;
        let calls = queued.iter().map(|(st, args)| async move {
            let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
            client.execute(st, &params).await
        });
        // join_all polls (and so sends) them in order; the server answers in order.
        let results = wait(futures_util::future::join_all(calls));
        results.into_iter().find_map(|r| r.err()).map_or(Ok(()), |e| Err(self.err(e)))
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

/// Waits for a future on this thread (it needs no runtime: the connection's task, on the
/// connection's runtime, does the input and output).
fn wait<F: std::future::Future>(f: F) -> F::Output {
    futures_executor::block_on(f)
}

impl Drop for PgConn {
    fn drop(&mut self) {
        // Without waiting: a store may be dropped inside async code, where blocking is refused.
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
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

    /// Commits (sending what is queued first).
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
            self.conn.queued.borrow_mut().clear();
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
