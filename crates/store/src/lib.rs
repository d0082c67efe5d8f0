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
pub mod codes;
pub mod dates;
pub mod error;
mod ingest;
pub mod migrations;
pub mod minhash;
pub mod people;
mod query;
pub mod browse;
pub mod corrections;
pub mod sources;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};

pub use error::{Result, StoreError};
pub use ingest::{Batch, PutOutcome};
pub use minhash::Signature;
pub use query::*;
pub use browse::{AssigneeCount, DocSummary, DocView, EventQuery, EventRow, FacetValue, Facets, FactView};
pub use corrections::{Action, Correction, NewCorrection};
pub use sources::{Original, Source, SourcePage};

/// The content hash of a decoded text (xxh3-128), as stored.
pub fn content_hash(text: &str) -> [u8; 16] {
    xxhash_rust::xxh3::xxh3_128(text.as_bytes()).to_le_bytes()
}

/// The register.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

/// Where the register lives when `--db` is not given: `$CHIDAO_DB`, else `./chidao.db` (a
/// register belongs to the folder of the corpus it was built from, like a `.git`).
pub fn default_path() -> PathBuf {
    std::env::var_os("CHIDAO_DB").filter(|v| !v.is_empty()).map_or_else(|| PathBuf::from("chidao.db"), PathBuf::from)
}

impl Store {
    /// Opens (creating if needed) the register at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Folder { path: dir.to_path_buf(), source })?;
        }
        let conn = Connection::open(path).map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
        Store::setup(conn, Some(path.to_path_buf()))
    }

    /// A register in memory (tests, examples).
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, None)
    }

    fn setup(mut conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        if path.is_some() {
            let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        }
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -65536;",
        )?;
        migrations::migrate(&mut conn)?;
        Ok(Store { conn, path })
    }

    /// The file, when not in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// False when a document with this id and content hash is stored already (as committed; a
    /// [`Batch::put`] of a document stored meanwhile is a no-op, so a stale answer is harmless).
    pub fn needs_write(&self, id: &str, hash: [u8; 16]) -> Result<bool> {
        let mut st = self.conn.prepare_cached("SELECT hash FROM documents WHERE ext_id = ?1")?;
        let old: Option<Vec<u8>> = st.query_row([id], |r| r.get(0)).optional()?;
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
        let read = chidao_formats::read(bytes, &chidao_formats::Options::default()).map_err(|source| StoreError::Decode { id: id.to_string(), source })?;
        let source = Source::of(id, bytes, &read);
        let mut warnings: Vec<String> = read.notes.clone();
        if read.ocr_pages() > 0 {
            warnings.push(format!("{} page(s) read by OCR: facts from them are less certain", read.ocr_pages()));
        }
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
        let doc = chidao_text::Document::new(id, text);
        let x = chidao_extract::extract(&doc);
        let out = batch.put(&doc, hash, sig.as_ref(), &x)?;
        if !out.unchanged && source.worth_keeping() {
            let original = (source.format != "text").then_some(bytes);
            batch.put_source(out.doc, &source, original)?;
        }
        batch.commit()?;
        Ok((out, warnings))
    }

    /// Starts a batch: one transaction.
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        Batch::new(self.conn.transaction()?)
    }

    /// SQLite's `data_version`: changes whenever another connection commits to the register, so
    /// a cache of a summary can tell it is stale without recomputing it.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The underlying connection (read-only uses: benchmarks, tests).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
