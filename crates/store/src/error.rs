//! The store's errors.

use std::path::PathBuf;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error (its message once; the command names the register's path).
    #[error("{}", sqlite_message(.0))]
    Sqlite(rusqlite::Error),
    /// SQLite reported an error on the register at a known path.
    #[error("{}: {}", .path.display(), sqlite_message(.error))]
    SqliteAt {
        /// The register.
        path: PathBuf,
        /// What SQLite said.
        error: rusqlite::Error,
    },
    /// The database file could not be opened or created.
    #[error("{}: cannot open the register: {}", .path.display(), sqlite_message(.error))]
    Open {
        /// The file.
        path: PathBuf,
        /// Why (not a `source`: its message is in this one's, printed once).
        error: rusqlite::Error,
    },
    /// A folder for the database could not be created.
    #[error("{}: cannot create folder: {error}", .path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// The register's file could not be read.
    #[error("{}: cannot read: {error}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// No register at the path, and the command may not create one.
    #[error("{}: no register here (build one with `chidao ingest PATH…`, or give --db)", .0.display())]
    NoRegister(PathBuf),
    /// The file is not a chidao register; it was left untouched.
    #[error("{}: not a chidao register ({why}); the file was left untouched", .path.display())]
    NotARegister {
        /// The file.
        path: PathBuf,
        /// What it is instead.
        why: String,
    },
    /// The register was written by an older chidao and this command may not upgrade it.
    #[error("{}: the register has schema version {found}, older than this chidao's ({known}); `chidao ingest` or `chidao serve` upgrades it", .path.display())]
    OlderSchema {
        /// The file.
        path: PathBuf,
        /// Version in the file.
        found: i64,
        /// Newest version this build knows.
        known: i64,
    },
    /// The command needs to write, and the register (its file or its folder) is read-only.
    #[error("{}: the register is read-only (its file or folder cannot be written): this command needs to write", .0.display())]
    ReadOnly(PathBuf),
    /// The register's folder is read-only and a write-ahead log holds changes not yet in it.
    #[error("{}: the folder is read-only and the register's write-ahead log ({}-wal) holds changes: open it once where it can be written (e.g. `chidao stats` as its owner) to fold them in", .0.display(), .0.display())]
    PendingWal(PathBuf),
    /// The database was written by a newer chidao.
    #[error("the register has schema version {found}, newer than this chidao knows ({known}); upgrade chidao")]
    NewerSchema {
        /// Version in the file.
        found: i64,
        /// Newest version this build knows.
        known: i64,
    },
    /// A user-supplied value could not be understood (a date, a task id …).
    #[error("{0}")]
    Invalid(String),
    /// A document's bytes could not be read (not text, a broken file, a scan without OCR).
    #[error("{id}: {error}")]
    Decode {
        /// The document.
        id: String,
        /// Why (its message is in this one's).
        error: chidao_formats::FormatError,
    },
    /// A document of that id exists and the caller did not ask to replace it.
    #[error("{0}")]
    Exists(String),
    /// Nothing matched a lookup that needs one (a task id …).
    #[error("{0}")]
    NotFound(String),
    /// PostgreSQL reported an error, or could not be reached, on the register at `at` (its URL
    /// without the password).
    #[error("{at}: {}", pg_message(.error))]
    Postgres {
        /// The database.
        at: String,
        /// What PostgreSQL (or the connection) said.
        error: postgres::Error,
    },
    /// A PostgreSQL database that chidao may not use as asked; it was left untouched.
    #[error("{at}: {why}; the database was left untouched")]
    PgRefused {
        /// The database.
        at: String,
        /// Why.
        why: String,
    },
    /// A column's value is not what the store reads from it (a database edited by hand, or a
    /// query and its reader out of step).
    #[error("column {column}: {why}")]
    Column {
        /// Its index and name.
        column: String,
        /// What was found instead.
        why: String,
    },
    /// What was asked does not run on a PostgreSQL register yet.
    #[error("{0}: this does not run on a PostgreSQL register yet (an SQLite register does it: `chidao migrate URL FILE`)")]
    NotOnPostgres(String),
    /// A query that must return a row returned none.
    #[error("no row for: {0}")]
    NoRow(String),
    /// The change is not this user's to make (a task of another unit than their scope).
    #[error("{0}")]
    Forbidden(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Sqlite(e)
    }
}

impl StoreError {
    /// An SQLite error on the register at `path`.
    pub fn sqlite_at(path: &std::path::Path, error: rusqlite::Error) -> StoreError {
        StoreError::SqliteAt { path: path.to_path_buf(), error }
    }

    /// True when another process held the register's write lock for longer than the wait.
    pub fn is_busy(&self) -> bool {
        let e = match self {
            StoreError::Sqlite(e) | StoreError::SqliteAt { error: e, .. } => e,
            _ => return false,
        };
        matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DatabaseBusy)
    }

    /// The same error naming the register's path, when it is an SQLite error that does not yet.
    pub fn at(self, path: &std::path::Path) -> StoreError {
        match self {
            StoreError::Sqlite(error) => StoreError::SqliteAt { path: path.to_path_buf(), error },
            e => e,
        }
    }
}

/// SQLite's own message, once: its text when it gave one, else the code's description.
fn sqlite_message(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(f, Some(m)) if f.code == rusqlite::ErrorCode::DatabaseBusy => format!("{m} (another process is writing the register)"),
        rusqlite::Error::SqliteFailure(_, Some(m)) => m.clone(),
        rusqlite::Error::SqliteFailure(f, None) => f.to_string(),
        e => e.to_string(),
    }
}

/// PostgreSQL's message with its detail and hint, or the connection's error.
fn pg_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut m = format!("{} (SQLSTATE {})", db.message(), db.code().code());
            if let Some(d) = db.detail() {
                m.push_str(&format!("; {d}"));
            }
            if let Some(h) = db.hint() {
                m.push_str(&format!("; hint: {h}"));
            }
            m
        }
        None => {
            let mut m = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(s) = src {
                m.push_str(&format!(": {s}"));
                src = s.source();
            }
            m
        }
    }
}

/// Result with [`StoreError`].
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
