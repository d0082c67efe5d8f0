//! Opening a register: what a command may do to the file it is given.
//!
//! Only `chidao ingest` creates a register, and only `ingest` and `serve` upgrade one; the query
//! commands open it read-only. Before SQLite writes anything — a pragma, a journal, a migration —
//! the file is checked: it must be a regular file holding a chidao register (or, where creating is
//! allowed, be absent or empty). Another program's database, a device or a FIFO is refused
//! untouched: the check reads the file's 100-byte SQLite header itself, and when that is not
//! enough (a register made before chidao stamped its application id), reads the schema through an
//! immutable read-only connection, which creates no journal, WAL or shared-memory file.

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::{Result, StoreError};
use crate::migrations::LATEST;

/// `PRAGMA application_id` of a chidao register: "chid" in ASCII.
pub const APPLICATION_ID: i32 = 0x6368_6964;

/// Tables every chidao register has had since its first schema version (`doc_fts` too, until
/// version 17 moved it to the search file, `search_file`).
const CORE_TABLES: [&str; 4] = ["documents", "doc_texts", "facts", "tasks"];

/// What a command may do to the register it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Create the file when absent (or empty) and bring the schema up to date (`chidao ingest`).
    Create,
    /// The register must exist; bring its schema up to date (`chidao serve`).
    Upgrade,
    /// The register must exist at the current schema; read and write (`chidao task-done`).
    Write,
    /// The register must exist at the current schema; read only (queries, benchmarks). Works on a
    /// read-only file or folder.
    Read,
}

/// What the file at a path is, read from its header without SQLite.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// No file there.
    Absent,
    /// A file of 0 bytes (what SQLite takes for an empty database).
    Empty,
    /// An SQLite database with these header fields.
    Sqlite { user_version: i64, application_id: i32 },
}

fn not_register(path: &Path, why: impl Into<String>) -> StoreError {
    StoreError::NotARegister { path: path.to_path_buf(), why: why.into() }
}

/// Reads what is at `path`: refuses anything but an absent path or a regular file that is empty or
/// starts with an SQLite header.
fn inspect(path: &Path) -> Result<Found> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Absent),
        Err(error) => return Err(StoreError::Io { path: path.to_path_buf(), error }),
    };
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "a device, FIFO or socket, not a regular file" };
        return Err(not_register(path, format!("it is {what}")));
    }
    if meta.len() == 0 {
        return Ok(Found::Empty);
    }
    let mut header = [0u8; 100];
    let mut f = std::fs::File::open(path).map_err(|error| StoreError::Io { path: path.to_path_buf(), error })?;
    let n = read_full(&mut f, &mut header).map_err(|error| StoreError::Io { path: path.to_path_buf(), error })?;
    if n < 100 || &header[..16] != b"SQLite format 3\0" {
        return Err(not_register(path, "it is not an SQLite database"));
    }
    let be = |at: usize| i32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]);
    Ok(Found::Sqlite { user_version: i64::from(be(60)), application_id: be(68) })
}

fn read_full(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// `file:` URI of a path with SQLite's query parameters (`?`, `#` and `%` escaped).
pub(crate) fn uri(path: &Path, params: &str) -> String {
    let mut s = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '?' => s.push_str("%3f"),
            '#' => s.push_str("%23"),
            '%' => s.push_str("%25"),
            c => s.push(c),
        }
    }
    s.push('?');
    s.push_str(params);
    s
}

/// Whether an SQLite database not stamped as chidao's in its file header is a chidao register:
/// one made before the stamp (it has a schema version and chidao's core tables), or one whose
/// stamp is still in its write-ahead log (a register being created by another process).
fn check_identity(path: &Path, user_version: i64, application_id: i32) -> Result<()> {
    if application_id == APPLICATION_ID {
        return Ok(());
    }
    if application_id != 0 {
        return Err(not_register(path, format!("it is another program's SQLite database (application id {application_id:#x})")));
    }
    // The main file as it is, without reading (or creating) a write-ahead log.
    if user_version >= 1 && has_core_tables(path, "mode=ro&immutable=1")? {
        return Ok(());
    }
    // Pages still in a write-ahead log that exists already: read through it (opening adds no file).
    let wal = wal_path(path);
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) && has_core_tables(path, "mode=ro")? {
        return Ok(());
    }
    Err(not_register(path, "it is an SQLite database without chidao's tables"))
}

/// Whether the database read through `params` has chidao's core tables and no foreign stamp.
fn has_core_tables(path: &Path, params: &str) -> Result<bool> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let at = |e| StoreError::sqlite_at(path, e);
    let conn = Connection::open_with_flags(uri(path, params), flags).map_err(at)?;
    let id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(at)?;
    let mut st = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").map_err(at)?;
    let names: Vec<String> = st.query_map([], |r| r.get(0)).and_then(|rows| rows.collect::<rusqlite::Result<_>>()).map_err(at)?;
    Ok((id == 0 || id == APPLICATION_ID) && CORE_TABLES.iter().all(|t| names.iter().any(|n| n == t)))
}

/// Opens the register at `path` for `access`; see [`Access`]. Returns the connection and whether
/// it is read-only. Nothing is written before the file is known to be a register (or absent).
pub(crate) fn open(path: &Path, access: Access) -> Result<(Connection, bool)> {
    let found = inspect(path)?;
    match (&found, access) {
        (Found::Absent, Access::Create) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|error| StoreError::Folder { path: dir.to_path_buf(), error })?;
            }
        }
        (Found::Empty, Access::Create) => {}
        (Found::Absent, _) => return Err(StoreError::NoRegister(path.to_path_buf())),
        (Found::Empty, _) => return Err(not_register(path, "the file is empty (build a register with `chidao ingest`)")),
        (Found::Sqlite { user_version, application_id }, _) => check_identity(path, *user_version, *application_id)?,
    }
    let (conn, read_only) = if access == Access::Read { (open_read_only(path)?, true) } else { (open_read_write(path)?, false) };
    // The schema version through SQLite (the file's header may be behind its write-ahead log).
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| StoreError::sqlite_at(path, e))?;
    if version > LATEST {
        return Err(StoreError::NewerSchema { found: version, known: LATEST });
    }
    if version < LATEST && matches!(access, Access::Read | Access::Write) {
        return Err(StoreError::OlderSchema { path: path.to_path_buf(), found: version, known: LATEST });
    }
    Ok((conn, read_only))
}

/// A connection that may write: refused when the file or its folder is read-only.
fn open_read_write(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|error| StoreError::Open { path: path.to_path_buf(), error })?;
    if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
        return Err(StoreError::ReadOnly(path.to_path_buf()));
    }
    // A writable file in a folder that is not: the first read fails (no WAL index can be made).
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => Ok(conn),
        Err(e) if is_readonly_folder(&e) => Err(StoreError::ReadOnly(path.to_path_buf())),
        Err(e) => Err(StoreError::sqlite_at(path, e)),
    }
}

/// A read-only connection. In a folder this process cannot write, SQLite cannot create the
/// shared-memory file a WAL register needs; when no write-ahead log is pending (no `-wal` file
/// with content), the register is then opened immutable — nothing can be writing it.
fn open_read_only(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(uri(path, "mode=ro"), flags).map_err(|error| StoreError::Open { path: path.to_path_buf(), error })?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => Ok(conn),
        Err(e) if is_readonly_folder(&e) => {
            let wal = wal_path(path);
            if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
                return Err(StoreError::PendingWal(path.to_path_buf()));
            }
            Connection::open_with_flags(uri(path, "mode=ro&immutable=1"), flags).map_err(|error| StoreError::Open { path: path.to_path_buf(), error })
        }
        Err(e) => Err(StoreError::sqlite_at(path, e)),
    }
}

/// The register's write-ahead log: its file name with `-wal` appended.
pub(crate) fn wal_path(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", path.display()))
}

fn is_readonly_folder(e: &rusqlite::Error) -> bool {
    use rusqlite::ffi;
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == ffi::SQLITE_READONLY_DIRECTORY
            || f.extended_code == ffi::SQLITE_READONLY_CANTINIT
            || f.extended_code == ffi::SQLITE_CANTOPEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_escape_query_characters() {
        assert_eq!(uri(Path::new("/a b/c?d#e%f.db"), "mode=ro"), "file:/a b/c%3fd%23e%25f.db?mode=ro");
    }

    #[test]
    fn inspect_refuses_what_is_not_a_database() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(inspect(&dir.path().join("none.db")).unwrap(), Found::Absent);
        let empty = dir.path().join("empty.db");
        std::fs::write(&empty, b"").unwrap();
        assert_eq!(inspect(&empty).unwrap(), Found::Empty);
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "Biên bản họp chi bộ tháng 3").unwrap();
        assert!(matches!(inspect(&text), Err(StoreError::NotARegister { .. })));
        assert!(matches!(inspect(dir.path()), Err(StoreError::NotARegister { .. })));
        #[cfg(unix)]
        assert!(matches!(inspect(Path::new("/dev/null")), Err(StoreError::NotARegister { .. })));
    }
}
