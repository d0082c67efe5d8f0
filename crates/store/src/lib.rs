//! # chidao-store
//!
//! The register: one SQLite file (WAL mode, FTS5) holding every ingested document and the facts
//! extracted from it, merged across documents — people with their role history, cited documents
//! by canonical code, organisations with their aliases, events, tasks with their tracking state —
//! each fact keeping its provenance (document and byte span).
//!
//! Writing goes through [`Batch`]: one transaction per batch of documents, so a killed ingest
//! leaves the register as it was after the last whole batch, and running it again finishes the job
//! (documents already stored with the same content hash are skipped without extraction).
//!
//! ```
//! use chidao_store::{Store, content_hash};
//! use chidao_text::Document;
//! let mut store = Store::open_in_memory().unwrap();
//! let text = "Sáng 12/3, Tỉnh ủy Hòa Lạc tổ chức hội nghị.".to_string();
//! let hash = content_hash(&text);
//! let mut batch = store.batch().unwrap();
//! assert!(batch.needs_write("a.txt", hash).unwrap());
//! let doc = Document::new("a.txt", text);
//! let facts = chidao_extract::extract(&doc);
//! batch.put(&doc, hash, None, &facts).unwrap();
//! batch.commit().unwrap();
//! let hits = store.search(&chidao_store::SearchQuery::text("tinh uy hoa lac")).unwrap();
//! assert_eq!(hits.len(), 1);
//! ```
#![warn(missing_docs)]

pub mod bench;
pub mod cascade;
pub mod codes;
pub mod confidence;
pub mod db;
pub mod dates;
pub mod error;
mod ingest;
pub mod migrations;
mod open;
mod rank;
mod resolve;
mod search_index;
mod search_file;
pub use search_file::Synced;
pub mod minhash;
pub mod people;
mod query;
pub mod browse;
pub mod corrections;
pub mod identity;
pub mod sources;
pub mod users;
pub mod office;
pub mod location;
pub mod pg;
pub mod transfer;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use db::{Db, Tx, args};

pub use error::{Result, StoreError};
pub use location::{Location, PgUrl};
pub use open::{APPLICATION_ID, Access};
pub use search_index::{Rebuilt, Report, SearchText, report_on_stderr};
pub use ingest::{Batch, PutOutcome};
pub use minhash::Signature;
pub use query::*;
pub use cascade::{CascadeNode, CascadeTree, CitedDocument, NodeRole, StoredHeader, TaskCounts};
pub use browse::{AssigneeCount, SUMMARY_CAP, TaskSummary, DocRange, DocSummary, DocView, EventQuery, EventRow, FacetValue, Facets, FactView};
pub use corrections::{Action, Correction, NewCorrection};
pub use users::{Role, User};
pub use sources::{Original, Source, SourcePage};

/// The content hash of a decoded text (xxh3-128), as stored.
pub fn content_hash(text: &str) -> [u8; 16] {
    xxhash_rust::xxh3::xxh3_128(text.as_bytes()).to_le_bytes()
}

/// The longest document id, in characters.
pub const MAX_ID_CHARS: usize = 200;

/// Checks a document id as every way in (files, corpus lines, uploads) must: trimmed, 1 to 200
/// characters, no control characters. Returns the trimmed id.
pub fn check_doc_id(id: &str) -> Result<String> {
    let id = id.trim();
    let n = id.chars().count();
    if n == 0 || n > MAX_ID_CHARS {
        return Err(StoreError::Invalid(format!("an id has 1 to {MAX_ID_CHARS} characters (this one has {n})")));
    }
    if id.chars().any(char::is_control) {
        return Err(StoreError::Invalid("control characters are not allowed in an id".into()));
    }
    Ok(id.to_string())
}

/// The register.
pub struct Store {
    conn: Conn,
    path: Option<PathBuf>,
    read_only: bool,
    /// `doc_fts` has its `pairs` column (schema 11; a read-only register may be older).
    pairs: bool,
    /// A documents' index is there to search (see [`search_file::attach`]).
    searchable: bool,
    /// The search file's writers: the thread of a bulk ingest ([`Store::bulk_writer`]), and the
    /// numbers of the queue known written.
    search: search_file::Upkeep,
    /// What opening the register to write did to its search file.
    synced: Option<Synced>,
}

/// The register's connection, on its backend.
enum Conn {
    Lite(Connection),
    Pg(Box<db::PgConn>),
}

/// The key of the advisory lock a writing transaction takes on PostgreSQL, so that writers take
/// turns as they do on SQLite's write lock (and entity resolution never runs twice at once).
const WRITE_LOCK: i64 = 0x6368_6964_7772; // "chidwr"

/// Checks a PostgreSQL register's schema for what a command may do to it ([`Access`]), creating
/// or upgrading it under the schema lock where allowed.
fn pg_setup(url: &PgUrl, access: Access) -> Result<()> {
    let mut setup = pg::Pg::connect(url)?;
    let at = setup.at.clone();
    {
        let err = pg::error(&at);
        let mut tx = setup.client.transaction().map_err(err)?;
        let found = match access {
            Access::Create | Access::Upgrade => pg::migrate(&mut tx, &at)?,
            Access::Read | Access::Write => match pg::inspect(&mut tx, &at)? {
                pg::Found::Register(v) => v,
                pg::Found::Empty => 0,
                pg::Found::Other => return Err(StoreError::PgRefused { at: at.clone(), why: "the database holds another program's tables".into() }),
            },
        };
        if found == 0 && access != Access::Create {
            return Err(StoreError::PgRefused { at: at.clone(), why: "no register in this database (build one with `chidao ingest --db URL`, or move one there with `chidao migrate`)".into() });
        }
        if found > pg::LATEST {
            return Err(StoreError::NewerSchema { found, known: pg::LATEST });
        }
        if found < pg::LATEST && matches!(access, Access::Read | Access::Write) {
            return Err(StoreError::PgRefused { at: at.clone(), why: format!("the register has schema version {found}, older than this chidao's ({}); `chidao ingest` or `chidao serve` upgrades it", pg::LATEST) });
        }
        tx.commit().map_err(err)?;
    }
    Ok(())
}

/// [`Store::write`] on the register's connection (apart from the store, so that a batch can hold
/// the search file's writer too).
fn write_on<'c>(conn: &'c mut Conn, read_only: bool, path: Option<&Path>) -> Result<Tx<'c>> {
    if read_only {
        return Err(StoreError::ReadOnly(path.map(Path::to_path_buf).unwrap_or_default()));
    }
    Ok(match conn {
        Conn::Lite(c) => Tx::Lite(c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?),
        Conn::Pg(c) => {
            let tx = c.begin()?;
            let db = Db::Pg(tx.conn());
            db.exec("SELECT pg_advisory_xact_lock(?1)", args![WRITE_LOCK])?;
            // What data_version reads: it moves when this transaction commits.
            db.queue("UPDATE chidao_register SET writes = writes + 1", args![])?;
            Tx::Pg(tx)
        }
    })
}

/// Where the register lives when `--db` is not given: `$CHIDAO_DB`, else `./chidao.db` (a
/// register belongs to the folder of the corpus it was built from, like a `.git`).
pub fn default_path() -> PathBuf {
    std::env::var_os("CHIDAO_DB").filter(|v| !v.is_empty()).map_or_else(|| PathBuf::from("chidao.db"), PathBuf::from)
}

/// How often a bulk writer folds the write-ahead log into the register: every 64 MB of 4 KB pages
/// (SQLite's default is 1,000 pages), a log small beside the writer's page cache for readers to
/// look through. Measured with [`search_index::BULK_AUTOMERGE`] (see there).
const WRITER_CHECKPOINT_PAGES: u32 = 16_384;

/// A connection's page cache when opened (MB); a long ingest sets its own ([`Store::cache_mb`]).
pub const OPEN_CACHE_MB: u32 = 64;

impl Store {
    /// Opens (creating if needed) the register at `path` and brings its schema up to date: what
    /// `chidao ingest` does. Another program's file is refused untouched ([`Access`]).
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_as(path, Access::Create)
    }

    /// Opens the register at `path` for what a command may do to it ([`Access`]): only
    /// [`Access::Create`] makes a new file, only it and [`Access::Upgrade`] migrate, and
    /// [`Access::Read`] never writes (it works on a read-only file or folder).
    pub fn open_as(path: &Path, access: Access) -> Result<Store> {
        Store::open_file(path, access, &|_, _| {})
    }

    fn open_file(path: &Path, access: Access, report: Report<'_>) -> Result<Store> {
        let (conn, read_only) = open::open(path, access)?;
        Store::setup(conn, Some(path.to_path_buf()), read_only, report).map_err(|e| e.at(path))
    }

    /// Opens the register at a [`Location`]: a file as [`Store::open_as`] does, or a PostgreSQL
    /// database, whose schema is created ([`Access::Create`]) or brought up to date
    /// ([`Access::Upgrade`]) under an advisory lock; the other accesses need it current.
    pub fn open_location(at: &Location, access: Access) -> Result<Store> {
        Store::open_reporting(at, access, &|_, _| {})
    }

    /// [`Store::open_location`], telling `report` how far it has got when opening a register in
    /// a file to write makes its search file again from the stored texts (a file missing or
    /// another register's, or a register of a schema before 17: minutes at a million documents).
    pub fn open_reporting(at: &Location, access: Access, report: Report<'_>) -> Result<Store> {
        match at {
            Location::File(path) => Store::open_file(path, access, report),
            Location::Postgres(url) => {
                // The schema is checked (and made) on a connection of its own, then let go; on a
                // thread of its own too, since the synchronous client refuses to run inside an
                // async runtime (the web app opens its stores there).
                std::thread::scope(|sc| sc.spawn(|| pg_setup(url, access)).join())
                    .map_err(|_| StoreError::Invalid(format!("{url}: the schema check failed (a bug: please report it)")))??;
                let conn = db::PgConn::connect(url)?;
                Ok(Store { conn: Conn::Pg(Box::new(conn)), path: None, read_only: access == Access::Read, pairs: true, searchable: true, search: Default::default(), synced: None })
            }
        }
    }

    /// A register in memory (tests, examples).
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, None, false, &|_, _| {})
    }

    fn setup(mut conn: Connection, path: Option<PathBuf>, read_only: bool, report: Report<'_>) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        rank::register(&conn)?;
        // Connection settings only: none of these writes to the file.
        conn.execute_batch(&format!(
            "PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -{};",
            u64::from(OPEN_CACHE_MB) * 1024
        ))?;
        if !read_only {
            // The stamp first: on a new file it lands in the main file's header at once, before
            // the switch to WAL, so another process can tell a register being created.
            let id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
            if id != open::APPLICATION_ID {
                conn.pragma_update(None, "application_id", open::APPLICATION_ID)?;
            }
            if path.is_some() {
                let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            }
            migrations::migrate(&mut conn)?;
        }
        let searchable = search_file::attach(&conn, path.as_deref(), read_only)?;
        let synced = if read_only { None } else { Some(search_file::sync(&mut conn, report)?) };
        let pairs = searchable && conn.query_row("SELECT count(*) FROM pragma_table_xinfo('doc_fts') WHERE name = 'pairs'", [], |r| r.get::<_, i64>(0))? > 0;
        Ok(Store { conn: Conn::Lite(conn), path, read_only, pairs, searchable, search: Default::default(), synced })
    }

    /// What opening the register to write did to its search file (`None`: opened read-only, or
    /// on PostgreSQL): rebuilt from the stored texts (a register of an older schema, a file
    /// missing or another register's), or the rows an interrupted ingest left out written again.
    pub fn search_synced(&self) -> Option<Synced> {
        self.synced
    }

    /// True when opened with [`Access::Read`]: every write is refused.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The file, when not in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The register's bytes on disk, the file and its search file with their write-ahead logs
    /// (on PostgreSQL, the database's size); `None` in memory.
    pub fn disk_bytes(&self) -> Option<u64> {
        if self.db().is_pg() {
            return self.db().one::<i64>("SELECT pg_database_size(current_database())", args![]).ok().map(|n| n as u64);
        }
        self.path.as_deref().map(|p| {
            let search = search_file::path_of(p);
            [p.to_path_buf(), open::wal_path(p), open::wal_path(&search), search].iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum()
        })
    }

    /// The register's database, on either backend.
    pub fn db(&self) -> Db<'_> {
        match &self.conn {
            Conn::Lite(c) => Db::Lite(c),
            Conn::Pg(c) => Db::Pg(c),
        }
    }

    /// The SQLite connection, to begin a transaction on it (refused on PostgreSQL).
    pub(crate) fn lite_mut(&mut self) -> Result<&mut Connection> {
        match &mut self.conn {
            Conn::Lite(c) => Ok(c),
            Conn::Pg(c) => Err(StoreError::NotOnPostgres(c.at.clone())),
        }
    }

    /// A transaction that writes: SQLite's immediate one (the write lock at once), or on
    /// PostgreSQL one holding the writers' advisory lock, so that writers take turns on either.
    pub fn write(&mut self) -> Result<Tx<'_>> {
        write_on(&mut self.conn, self.read_only, self.path.as_deref())
    }

    /// False when a document with this id and content hash is stored already (as committed; a
    /// [`Batch::put`] of a document stored meanwhile is a no-op, so a stale answer is harmless).
    pub fn needs_write(&self, id: &str, hash: [u8; 16]) -> Result<bool> {
        let old: Option<Vec<u8>> = self.db().row_opt("SELECT hash FROM documents WHERE ext_id = ?1", args![id], |r| r.get(0))?;
        Ok(old.as_deref() != Some(&hash[..]))
    }

    /// Ingests one document exactly as `chidao ingest` does each of its inputs: read it in its
    /// format (`chidao-formats`: PDF, DOCX, DOC, RTF, HTML, images, text), skip when stored with the same
    /// content, else prepare, extract, link near-duplicates and merge into the register — in one
    /// transaction.
    pub fn ingest_one(&mut self, id: &str, bytes: &[u8]) -> Result<(PutOutcome, Vec<String>)> {
        self.ingest_one_with(id, bytes, true)
    }

    /// [`Store::ingest_one`], refusing ([`StoreError::Exists`]) to replace a stored document of the
    /// same id and other content unless `replace` (an upload from the web must say so).
    pub fn ingest_one_with(&mut self, id: &str, bytes: &[u8], replace: bool) -> Result<(PutOutcome, Vec<String>)> {
        self.ingest_one_info(id, bytes, replace, &chidao_text::DocInfo::default())
    }

    /// [`Store::ingest_one_with`] with what the user knows of the document (its date, publication
    /// date, source, address: an upload form's fields), completed by what the file says.
    pub fn ingest_one_info(&mut self, id: &str, bytes: &[u8], replace: bool, given: &chidao_text::DocInfo) -> Result<(PutOutcome, Vec<String>)> {
        let id = &check_doc_id(id)?;
        let read = chidao_formats::read(bytes, &chidao_formats::Options::default()).map_err(|error| StoreError::Decode { id: id.to_string(), error })?;
        let source = Source::of(id, bytes, &read);
        let mut warnings: Vec<String> = read.notes.clone();
        if read.ocr_pages() > 0 {
            warnings.push(format!("{} page(s) read by OCR: facts from them are less certain", read.ocr_pages()));
        }
        let info = read.info(given);
        let text = read.text;
        if text.trim().is_empty() {
            return Err(StoreError::Invalid(format!("{id}: no text in the input")));
        }
        let hash = content_hash(&text);
        let mut batch = self.batch()?;
        match batch.stored(id)? {
            Some((doc, old)) if old[..] == hash[..] => {
                return Ok((PutOutcome { doc, unchanged: true, ..Default::default() }, warnings));
            }
            Some(_) if !replace => {
                return Err(StoreError::Exists(format!("{id}: a document with this id and other content is stored; replace it explicitly")));
            }
            _ => {}
        }
        let sig = Signature::of(&text);
        let doc = chidao_text::Document::new(id, text).with_info(info);
        let x = chidao_extract::extract(&doc);
        let out = batch.put(&doc, hash, sig.as_ref(), &x)?;
        if !out.unchanged && source.worth_keeping() {
            let original = (source.format != "text").then_some(bytes);
            batch.put_source(out.doc, &source, original)?;
        }
        batch.commit()?;
        Ok((out, warnings))
    }

    /// Sets this connection up for a long run of batches (`chidao ingest`). On SQLite: a page cache of
    /// `cache_mb` megabytes instead of 64, so that the indexes every document reaches at random
    /// (near-duplicate bands, names, keys) stay in memory as the register grows; the write-ahead
    /// log folded into the file every [`WRITER_CHECKPOINT_PAGES`] pages instead of 1,000, so
    /// that a page every batch changes (an index's upper levels) is copied once for several
    /// batches; and the full-text indexes' memory for the terms of a transaction and their
    /// merging (`search_index::bulk_write`), settings written to the file (FTS5 keeps them in
    /// its configuration table), once. A register in a file then writes its search file on a
    /// thread of its own (`search_file`), until [`Store::finish_search`].
    pub fn bulk_writer(&mut self, cache_mb: u32) -> Result<()> {
        let conn = match &self.conn {
            Conn::Lite(c) => c,
            // PostgreSQL, in this session only: the full-text indexes gather new entries in a
            // pending list of up to 64 MB (4 MB by default) that autovacuum merges beside the
            // writer, or the writer merges in 64 MB of memory (work_mem, 4 MB by default) when
            // it is full. A search reads a pending list whole: the ingest merges what is left
            // when it ends (Store::maintain_search).
            Conn::Pg(_) => return self.db().batch("SET gin_pending_list_limit = '64MB'; SET work_mem = '64MB'"),
        };
        self.cache_mb(cache_mb)?;
        conn.execute_batch(&format!("PRAGMA wal_autocheckpoint = {WRITER_CHECKPOINT_PAGES};"))?;
        search_index::bulk_write(conn)?;
        // A register in a file opened to write has its search file attached (`Store::setup`).
        if let Some(path) = &self.path
            && self.search.thread.is_none()
        {
            conn.execute("DETACH DATABASE search", [])?;
            self.search.thread = Some(search_file::SearchWriter::start(path)?);
        }
        Ok(())
    }

    /// Waits for the search file's writer ([`Store::bulk_writer`]) to write what it was handed,
    /// stops it and attaches the file again: what a search needs. Nothing to do otherwise.
    pub fn finish_search(&mut self) -> Result<()> {
        let Some(w) = self.search.thread.take() else { return Ok(()) };
        self.search.written.extend(w.into_done()?);
        let Conn::Lite(c) = &mut self.conn else { return Ok(()) };
        search_file::attach(c, self.path.as_deref(), false)?;
        // What the thread wrote leaves the queue now, not when the register is next written.
        let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        self.search.forget_written(Db::Lite(&tx))?;
        tx.commit()?;
        Ok(())
    }

    /// Sets this connection's page cache to `mb` megabytes ([`OPEN_CACHE_MB`] when opened). On SQLite the cache
    /// is the connection's own, allocated as pages are read, up to that size: it is most of the
    /// memory a long ingest takes. PostgreSQL's buffers are the server's: nothing to set.
    pub fn cache_mb(&self, mb: u32) -> Result<()> {
        if let Conn::Lite(c) = &self.conn {
            c.execute_batch(&format!("PRAGMA cache_size = -{};", u64::from(mb) * 1024))?;
        }
        Ok(())
    }

    /// Starts a batch: one transaction, which takes the register's write lock at once (an
    /// immediate transaction: a deferred one that reads first cannot upgrade to a write while
    /// another process writes, and fails without waiting). While another process holds the lock,
    /// this waits up to the busy timeout (10 s), then fails with [`StoreError::is_busy`].
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        Batch::new(write_on(&mut self.conn, self.read_only, self.path.as_deref())?, &mut self.search)
    }

    /// Rebuilds the full-text indexes when the rows deleted from them (by updates and
    /// re-extraction) have grown enough to skew ranking — or whenever any were, with `force` —
    /// so that ranking does not depend on the register's history. One transaction.
    pub fn maintain_search(&mut self, force: bool) -> Result<Rebuilt> {
        self.finish_search()?;
        // PostgreSQL's GIN indexes need no such rebuild (VACUUM cleans them); the entries a bulk
        // writer left in their pending lists are merged into them, so that a search reads
        // the indexes alone.
        let Conn::Lite(conn) = &mut self.conn else {
            search_index::pg_merge_pending(self.db())?;
            return Ok(Rebuilt::default());
        };
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = search_index::maintain(&tx, force)?;
        tx.commit()?;
        Ok(out)
    }

    /// A number that changes whenever another connection commits to the register (SQLite's
    /// `data_version`; on PostgreSQL the count of write transactions, which every process and
    /// server sees), so that a cache of a summary can tell it is stale without recomputing it.
    pub fn data_version(&self) -> Result<i64> {
        match &self.conn {
            Conn::Lite(c) => Ok(c.query_row("PRAGMA data_version", [], |r| r.get(0))?),
            // The count of write transactions, kept by Store::write.
            Conn::Pg(_) => self.db().one("SELECT writes FROM chidao_register", args![]),
        }
    }

    /// The underlying SQLite connection (read-only uses: benchmarks, tests). A PostgreSQL
    /// register has none: this panics there (use [`Store::db`]).
    pub fn connection(&self) -> &Connection {
        match &self.conn {
            Conn::Lite(c) => c,
            Conn::Pg(c) => panic!("{}: Store::connection is SQLite's; use Store::db", c.at),
        }
    }
}
