//! The documents' full-text index (`doc_fts`) in a file of its own beside the register, so that
//! a long ingest writes it on a thread of its own while the register's writer goes on.
//!
//! FTS5's work for a document (its three columns' terms gathered in memory, sorted, written as a
//! segment and merged again and again) was most of the register writer's work: measured with
//! `chidao bench-scale` at 100,000 documents on two cores, 128.3 s with the index and 67.8 s
//! without it. One SQLite file takes one writer at a time, so the index has its own file,
//! `<register>-search`, attached to every connection as the schema `search` (statements name
//! `doc_fts` alone: the register's schema has none since version 17, so SQLite finds it there).
//!
//! Two writers keep it:
//! - **Inline** (every batch but a bulk ingest's): a batch writes its rows in its own
//!   transaction, which spans both files.
//! - **Deferred** ([`SearchWriter`], `chidao ingest`): a batch hands its rows, after it commits,
//!   to a thread with its own connection to the file, which writes them in a transaction of its
//!   own; the writer's connection has the file detached meanwhile (an immediate transaction
//!   takes the write lock of every attached file).
//!
//! Neither spans the two files atomically (SQLite commits a WAL file at a time). What makes them
//! agree is the register's queue (`search_queue`, written in the batch's transaction): each row
//! written to the index or deleted from it is numbered there, and a number is deleted from the
//! queue only once the writer that had it knows it written (the next batch of the same
//! connection deletes the numbers of the last inline batch and those the thread reported). So
//! the queue holds every number the file may lack; opening the register to write ([`sync`])
//! writes each again from the stored texts, idempotently ([`write`]), and empties it. A file that
//! is missing, belongs to another register (`search_id`, kept in both: the register's
//! `search_state`, the file's `search_meta`) or holds a number the register never gave
//! (`search_meta.applied`, the largest written) is rebuilt from the stored texts.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use rusqlite::{Connection, OptionalExtension, params};

use crate::SearchText;
use crate::db::Db;
use crate::error::{Result, StoreError};

/// The index and what the file knows of the register, created when absent.
const TABLES: &str = "
CREATE VIRTUAL TABLE IF NOT EXISTS search.doc_fts USING fts5(
    exact, folded, pairs, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
);
CREATE TABLE IF NOT EXISTS search.search_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
";

/// The search file of a register: its path with `-search` appended (beside SQLite's `-wal`).
pub(crate) fn path_of(register: &Path) -> PathBuf {
    let mut s = register.as_os_str().to_owned();
    s.push("-search");
    s.into()
}

/// Whether the register's own schema has `doc_fts` (schema 16 and older, opened read-only).
fn register_has_index(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT count(*) FROM main.sqlite_master WHERE name = 'doc_fts'", [], |r| r.get::<_, i64>(0))? > 0)
}

/// Attaches the search file (for a register in memory, an index in memory) as the schema `search`,
/// creating its tables unless `read_only`. Returns whether an index is there to search: a
/// read-only register of an older schema has its own, and a read-only register whose file is
/// missing has none (until the register is next opened to write).
pub(crate) fn attach(conn: &Connection, register: Option<&Path>, read_only: bool) -> Result<bool> {
    if register_has_index(conn)? {
        return Ok(true);
    }
    match register {
        None => {
            conn.execute("ATTACH DATABASE ':memory:' AS search", [])?;
        }
        Some(reg) => {
            let file = path_of(reg);
            if read_only {
                if !file.exists() {
                    return Ok(false);
                }
                attach_read_only(conn, &file)?;
                return Ok(conn.query_row("SELECT count(*) FROM search.sqlite_master WHERE name = 'doc_fts'", [], |r| r.get::<_, i64>(0))? > 0);
            }
            conn.execute("ATTACH DATABASE ?1 AS search", [crate::open::uri(&file, "")])
                .map_err(|error| StoreError::Open { path: file.clone(), error })?;
            let _: String = conn.query_row("PRAGMA search.journal_mode = WAL", [], |r| r.get(0))?;
            conn.execute_batch("PRAGMA search.synchronous = NORMAL;")?;
        }
    }
    if !read_only {
        conn.execute_batch(TABLES)?;
    }
    Ok(true)
}

/// Attaches the search file read-only; in a folder this process cannot write (no shared-memory
/// file can be made), immutable, as the register itself is opened there.
fn attach_read_only(conn: &Connection, file: &Path) -> Result<()> {
    let open = |params: &str| -> Result<()> {
        conn.execute("ATTACH DATABASE ?1 AS search", [crate::open::uri(file, params)])
            .map_err(|error| StoreError::Open { path: file.to_path_buf(), error })?;
        Ok(())
    };
    if open("mode=ro").is_ok() {
        if conn.query_row("SELECT count(*) FROM search.sqlite_master", [], |r| r.get::<_, i64>(0)).is_ok() {
            return Ok(());
        }
        conn.execute("DETACH DATABASE search", [])?;
    }
    // Immutable ignores a write-ahead log: only when none is pending, as for the register.
    if std::fs::metadata(crate::open::wal_path(file)).is_ok_and(|m| m.len() > 0) {
        return Err(StoreError::PendingWal(file.to_path_buf()));
    }
    open("mode=ro&immutable=1")
}

/// What opening the register to write did to its search file ([`sync`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Synced {
    /// The queue held this many numbers no writer had marked as written (0: the file was
    /// current): each written again from the stored texts.
    Replayed(usize),
    /// It was missing, another register's or ahead of the register: rebuilt from the stored texts
    /// (this many).
    Rebuilt(usize),
}

fn meta(conn: &Connection, table: &str, key: &str) -> Result<Option<i64>> {
    Ok(conn.query_row(&format!("SELECT value FROM {table} WHERE key = ?1"), [key], |r| r.get(0)).optional()?)
}

fn set_meta(conn: &Connection, table: &str, key: &str, value: i64) -> Result<()> {
    conn.execute(&format!("INSERT INTO {table} (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value"), params![key, value])?;
    Ok(())
}

/// The last number the queue gave (0 when none yet).
fn queue_top(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT seq FROM sqlite_sequence WHERE name = 'search_queue'", [], |r| r.get(0)).optional()?.unwrap_or(0))
}

/// Brings the attached search file to the register's state (see the module's comment), in one
/// transaction over both files. For a register opened to write.
pub(crate) fn sync(conn: &mut Connection, report: crate::search_index::Report<'_>) -> Result<Synced> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let ours = meta(&tx, "main.search_state", "search_id")?;
    let theirs = meta(&tx, "search.search_meta", "search_id")?;
    let applied = meta(&tx, "search.search_meta", "applied")?.unwrap_or(0);
    let top = queue_top(&tx)?;
    if ours.is_none() || ours != theirs || applied > top {
        let n = crate::search_index::rebuild_documents(&tx, report)?;
        adopt(&tx)?;
        tx.commit()?;
        return Ok(Synced::Rebuilt(n));
    }
    // Every number left: those of a writer killed before it marked them written, and perhaps
    // those of another process's writer not yet marked (written again alike: [`write`]).
    let ops: Vec<(i64, i64)> =
        tx.prepare("SELECT doc, op FROM search_queue ORDER BY seq")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    for &(doc, op) in &ops {
        let text = if op == 0 { None } else { tx.query_row("SELECT text FROM doc_texts WHERE doc = ?1", [doc], |r| r.get::<_, String>(0)).optional()? };
        write(Db::Lite(&tx), doc, text.map(|t| (t, None)).as_ref())?;
    }
    set_meta(&tx, "search.search_meta", "applied", top)?;
    tx.execute("DELETE FROM search_queue", [])?;
    tx.commit()?;
    Ok(Synced::Replayed(ops.len()))
}

/// Makes the attached search file, just rebuilt from every stored text in the caller's
/// transaction, the register's (a new `search_id` on both, the queue emptied): a register moved
/// in from PostgreSQL brings its `meta`, another register's id among it.
pub(crate) fn adopt(conn: &Connection) -> Result<()> {
    if register_has_index(conn)? {
        return Ok(());
    }
    let id: i64 = conn.query_row("SELECT random()", [], |r| r.get(0))?;
    set_meta(conn, "main.search_state", "search_id", id)?;
    set_meta(conn, "search.search_meta", "search_id", id)?;
    set_meta(conn, "search.search_meta", "applied", queue_top(conn)?)?;
    conn.execute("DELETE FROM search_queue", [])?;
    Ok(())
}

/// A document's row for the index: its text, and its search text when computed already.
pub(crate) type Row = (String, Option<SearchText>);

/// Makes a document's row of the index (SQLite's) what `row` says (`None`: no row), whatever the
/// row was: a number may be written twice (replayed by [`sync`] while another process's writer
/// still had it in hand), and FTS5 keeps no unique row ids of its own.
pub(crate) fn write(db: Db<'_>, doc: i64, row: Option<&Row>) -> Result<()> {
    let there: Option<i64> = db.row_opt("SELECT 1 FROM doc_fts_docsize WHERE id = ?1", crate::db::args![doc], |r| r.get(0))?;
    if there.is_some() {
        crate::search_index::unindex_document(db, doc)?;
    }
    if let Some((text, search)) = row {
        crate::search_index::index_document(db, doc, text, search.as_ref())?;
    }
    Ok(())
}

/// Numbers a row written to the index or deleted from it (`written`) in the register's queue, in
/// the batch's transaction; returns its number.
pub(crate) fn enqueue(db: Db<'_>, doc: i64, written: bool) -> Result<i64> {
    db.one("INSERT INTO search_queue (doc, op) VALUES (?1, ?2) RETURNING seq", crate::db::args![doc, i64::from(written)])
}

/// Records in the search file the last number it holds, if the largest yet (through the batch's
/// transaction, or the thread's): what tells a search file ahead of its register ([`sync`]).
pub(crate) fn set_applied(db: Db<'_>, seq: i64) -> Result<()> {
    db.queue("UPDATE search_meta SET value = max(value, ?1) WHERE key = 'applied'", crate::db::args![seq])
}

/// Numbers of the queue, first and last, as a batch takes them (one after the other: the batch
/// holds the register's write lock).
pub(crate) type Numbers = (i64, i64);

/// What a register's writing connection keeps of the search file: the bulk ingest's thread, and
/// the numbers known to be written, which the next batch forgets.
#[derive(Default)]
pub(crate) struct Upkeep {
    pub(crate) thread: Option<SearchWriter>,
    pub(crate) written: Vec<Numbers>,
}

impl Upkeep {
    /// Deletes from the queue (in the batch's transaction) the numbers known to be written: this
    /// connection's inline batches' and its thread's. Another process's are left to it.
    pub(crate) fn forget_written(&mut self, db: Db<'_>) -> Result<()> {
        if let Some(t) = &self.thread {
            self.written.append(&mut t.done.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        }
        for (first, last) in self.written.drain(..) {
            db.queue("DELETE FROM search_queue WHERE seq BETWEEN ?1 AND ?2", crate::db::args![first, last])?;
        }
        Ok(())
    }
}

/// A row for the index: its number in the queue, the document, and its row (`None`: delete the
/// document's row).
pub(crate) type Work = (i64, i64, Option<Row>);

/// The thread that writes the search file during a bulk ingest (see the module's comment).
pub(crate) struct SearchWriter {
    send: Option<SyncSender<Vec<Work>>>,
    thread: Option<JoinHandle<Result<()>>>,
    /// The numbers the thread has committed, not yet forgotten by the queue.
    done: Arc<Mutex<Vec<Numbers>>>,
    file: PathBuf,
}

impl SearchWriter {
    /// Opens the register's search file on a connection of its own and starts the thread. The
    /// file must be current ([`sync`]) and detached from the register's writing connection.
    pub(crate) fn start(register: &Path) -> Result<SearchWriter> {
        let file = path_of(register);
        let at = |error| StoreError::Open { path: file.clone(), error };
        let conn = Connection::open(&file).map_err(at)?;
        conn.busy_timeout(std::time::Duration::from_secs(60))?;
        // FTS5 appends its segments and reads them back to merge them: a small cache does
        // (measured at 100,000 documents: 32 MB against 128 MB, the same time, 167 MB less RSS).
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768;")?;
        let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        // Two batches in flight at most: the writer waits for the index beyond that.
        let (send, recv) = sync_channel::<Vec<Work>>(1);
        let done: Arc<Mutex<Vec<Numbers>>> = Arc::default();
        let marks = done.clone();
        let thread = std::thread::Builder::new()
            .name("search-writer".into())
            .spawn(move || write_batches(conn, recv, &marks))
            .map_err(|e| StoreError::Invalid(format!("cannot start the search index's writer: {e}")))?;
        Ok(SearchWriter { send: Some(send), thread: Some(thread), done, file })
    }

    /// Hands a committed batch's rows to the thread (waiting while it is a batch behind).
    pub(crate) fn send(&mut self, work: Vec<Work>) -> Result<()> {
        if work.is_empty() {
            return Ok(());
        }
        let sent = self.send.as_ref().is_some_and(|s| s.send(work).is_ok());
        if sent {
            return Ok(());
        }
        // The thread stopped: its error says why.
        self.finish()?;
        Err(StoreError::Invalid(format!("{}: the search index's writer stopped", self.file.display())))
    }

    /// Waits for the thread to write what it was given, and stops it.
    pub(crate) fn finish(&mut self) -> Result<()> {
        self.send = None;
        match self.thread.take().map(JoinHandle::join) {
            None => Ok(()),
            Some(Ok(r)) => r,
            Some(Err(_)) => Err(StoreError::Invalid(format!("{}: the search index's writer panicked", self.file.display()))),
        }
    }

    /// The numbers committed and not yet forgotten, once the thread has stopped.
    pub(crate) fn into_done(mut self) -> Result<Vec<Numbers>> {
        self.finish()?;
        Ok(std::mem::take(&mut *self.done.lock().unwrap_or_else(std::sync::PoisonError::into_inner)))
    }
}

impl Drop for SearchWriter {
    fn drop(&mut self) {
        // What was handed over is written before the register closes; an error here was also
        // the next batch's (the writer sees it when it sends) or is replayed when it next opens.
        let _ = self.finish();
    }
}

/// The thread: a transaction per batch, recording its numbers' last with its rows.
fn write_batches(mut conn: Connection, recv: Receiver<Vec<Work>>, done: &Mutex<Vec<Numbers>>) -> Result<()> {
    for work in recv {
        let (Some(first), Some(last)) = (work.first().map(|w| w.0), work.last().map(|w| w.0)) else { continue };
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for (_, doc, row) in &work {
            write(Db::Lite(&tx), *doc, row.as_ref())?;
        }
        set_applied(Db::Lite(&tx), last)?;
        tx.commit()?;
        done.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((first, last));
    }
    Ok(())
}
