//! The store's errors.

use std::path::PathBuf;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database file could not be opened or created.
    #[error("{path}: cannot open the register: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// A folder for the database could not be created.
    #[error("{path}: cannot create folder: {source}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
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
    #[error("{id}: {source}")]
    Decode {
        /// The document.
        id: String,
        /// Why.
        source: chidao_formats::FormatError,
    },
    /// A document of that id exists and the caller did not ask to replace it.
    #[error("{0}")]
    Exists(String),
    /// Nothing matched a lookup that needs one (a task id …).
    #[error("{0}")]
    NotFound(String),
}

/// Result with [`StoreError`].
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
