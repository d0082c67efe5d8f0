//! The PostgreSQL side of [`super::Db`]: one connection (the asynchronous client, driven by a
//! runtime of its own), its prepared statements by SQL text, a queue of statements whose results
//! nobody waits for, and transactions begun and ended by statements (so that a transaction
//! borrows the connection the way an SQLite one does).
//!
//! Every statement is a round trip to the server. Writing a document is a hundred small inserts,
//! most of which return nothing the writer needs: [`PgConn::queue`] sends such a statement at once
//! and does not wait for its answer, so that the server works on it while the writer prepares the
//! next. The answers are read later, in order: the next statement that returns something (or the
//! commit) waits for them first.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use postgres::types::ToSql;
use tokio_postgres::{Client, NoTls, Statement};

use super::Arg;
use crate::error::{Result, StoreError};
use crate::location::PgUrl;

/// Statements sent whose answers are not read yet, at most: the writer waits for the oldest
/// beyond that (the answers wait in memory meanwhile).
const PIPELINE: usize = 4096;

/// A statement sent whose answer is not read yet.
type Sent = Pin<Box<dyn Future<Output = std::result::Result<u64, tokio_postgres::Error>> + Send>>;

/// A connection to a register on PostgreSQL.
pub struct PgConn {
    /// Drives the connection (one worker thread); the calls wait for their answers on their own
    /// thread ([`wait`]), so a store works the same from async code and from plain threads.
    runtime: Option<tokio::runtime::Runtime>,
    client: Arc<Client>,
    statements: RefCell<HashMap<String, Statement>>,
    /// Statements sent by [`PgConn::queue`] whose answers are not read yet, oldest first.
    sent: RefCell<VecDeque<Sent>>,
    /// The first error among the answers read from `sent` but not reported yet.
    failed: RefCell<Option<tokio_postgres::Error>>,
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
        Ok(PgConn {
            runtime: Some(runtime),
            client: Arc::new(client),
            statements: RefCell::new(HashMap::new()),
            sent: RefCell::new(VecDeque::new()),
            failed: RefCell::new(None),
            in_tx: Cell::new(false),
            at,
        })
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
        let n = wait(self.client.execute(&st, &params(args))).map_err(|e| self.err(e))?;
        Ok(n as usize)
    }

    pub(super) fn query(&self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<tokio_postgres::Row>> {
        self.flush()?;
        let st = self.statement(sql)?;
        wait(self.client.query(&st, &params(args))).map_err(|e| self.err(e))
    }

    /// Sends a statement whose result is not needed, without waiting for its answer: the
    /// statements that wait (and the commit) read the answers first, in order, and report the
    /// first error then.
    pub(super) fn queue(&self, sql: &str, args: &[Arg<'_>]) -> Result<()> {
        let st = self.statement(sql)?;
        let args: Vec<Arg<'static>> = args.iter().map(|a| a.clone().into_owned()).collect();
        let client = Arc::clone(&self.client);
        let mut call: Sent = Box::pin(async move { client.execute(&st, &params(&args)).await });
        // The first poll sends the request (tokio-postgres hands it to the connection's task
        // before it waits for the answer); the answer is polled again when it is read.
        let mut cx = Context::from_waker(futures_util::task::noop_waker_ref());
        match call.as_mut().poll(&mut cx) {
            Poll::Ready(r) => self.note(r),
            Poll::Pending => self.sent.borrow_mut().push_back(call),
        }
        self.reap(&mut cx);
        if self.sent.borrow().len() >= PIPELINE {
            let oldest = self.sent.borrow_mut().pop_front();
            if let Some(call) = oldest {
                self.note(wait(call));
            }
        }
        Ok(())
    }

    /// Reads the answers that have arrived, oldest first, up to the first still awaited.
    fn reap(&self, cx: &mut Context<'_>) {
        loop {
            let ready = {
                let mut sent = self.sent.borrow_mut();
                let Some(front) = sent.front_mut() else { return };
                match front.as_mut().poll(cx) {
                    Poll::Ready(r) => {
                        sent.pop_front();
                        r
                    }
                    Poll::Pending => return,
                }
            };
            self.note(ready);
        }
    }

    /// Keeps the first error of an answer.
    fn note(&self, answer: std::result::Result<u64, tokio_postgres::Error>) {
        if let Err(e) = answer {
            self.failed.borrow_mut().get_or_insert(e);
        }
    }

    /// Reads every answer not read yet, in order; reports the first error among them.
    pub(super) fn flush(&self) -> Result<()> {
        let sent = std::mem::take(&mut *self.sent.borrow_mut());
        for call in sent {
            self.note(wait(call));
        }
        match self.failed.borrow_mut().take() {
            Some(e) => Err(self.err(e)),
            None => Ok(()),
        }
    }

    /// Runs `f` on one snapshot of the database. Inside a transaction, in it (a writer holds the
    /// write lock: nobody else commits meanwhile); else in a read-only `REPEATABLE READ`
    /// transaction of its own, so that the statements of `f` all see the database as the first
    /// one saw it.
    pub(super) fn snapshot<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        if self.in_tx.get() {
            return f();
        }
        self.batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
        self.in_tx.set(true);
        let out = f().and_then(|v| self.batch("COMMIT").map(|()| v));
        self.in_tx.set(false);
        if out.is_err() {
            self.abandon();
        }
        out
    }

    /// Ends a transaction that failed: the answers not read are dropped (the connection's task
    /// discards them) and it is rolled back, whether or not its commit was sent (a rollback
    /// outside a transaction only warns).
    fn abandon(&self) {
        self.sent.borrow_mut().clear();
        self.failed.borrow_mut().take();
        // A connection that is gone has rolled back already; nothing else to do with its error.
        let _ = self.batch("ROLLBACK");
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

/// Arguments as tokio-postgres takes them.
fn params<'a>(args: &'a [Arg<'_>]) -> Vec<&'a (dyn ToSql + Sync)> {
    args.iter().map(|a| a as &(dyn ToSql + Sync)).collect()
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

    /// Commits, once the answers of the statements sent before are read (the first error among
    /// them, or the commit's, rolls the transaction back and is returned).
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn.in_tx.set(false);
        let out = self.conn.batch("COMMIT");
        if out.is_err() {
            // An error of a statement sent earlier stopped the commit from being sent.
            self.conn.abandon();
        }
        out
    }
}

impl Drop for PgTx<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.conn.in_tx.set(false);
            self.conn.abandon();
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
