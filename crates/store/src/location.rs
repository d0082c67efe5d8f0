//! Where a register lives: an SQLite file (the default) or a PostgreSQL database, as `--db` and
//! `$CHIDAO_DB` name it.

use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};

/// A register's place.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// One SQLite file.
    File(PathBuf),
    /// A PostgreSQL database, by its connection URL (`postgres://user@host/dbname`).
    Postgres(PgUrl),
}

/// A PostgreSQL connection URL. Its password never reaches a message: [`fmt::Display`] and
/// [`fmt::Debug`] print the URL without it.
#[derive(Clone, PartialEq, Eq)]
pub struct PgUrl(String);

impl PgUrl {
    /// The URL as given, password included: for connecting only.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PgUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.0))
    }
}

impl fmt::Debug for PgUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PgUrl({self})")
    }
}

/// The URL with the password of its user part replaced by `***`.
fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else { return url.to_string() };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else { return url.to_string() };
    match rest[..at].find(':') {
        Some(colon) => format!("{}{}:***{}", &url[..scheme_end], &rest[..colon], &rest[at..]),
        None => url.to_string(),
    }
}

impl Location {
    /// Reads `--db`'s value: a `postgres://` or `postgresql://` URL is a PostgreSQL database,
    /// anything else a file path.
    pub fn parse(value: &OsStr) -> Location {
        match value.to_str() {
            Some(s) if s.starts_with("postgres://") || s.starts_with("postgresql://") => Location::Postgres(PgUrl(s.to_string())),
            _ => Location::File(PathBuf::from(value)),
        }
    }

    /// The file, for an SQLite register.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Location::File(p) => Some(p),
            Location::Postgres(_) => None,
        }
    }
}

impl From<&Path> for Location {
    fn from(p: &Path) -> Location {
        Location::parse(p.as_os_str())
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(p) => write!(f, "{}", p.display()),
            Location::Postgres(u) => write!(f, "{u}"),
        }
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Location({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_databases_and_the_rest_files() {
        assert!(matches!(Location::parse(OsStr::new("postgres://chidao@localhost/sodh")), Location::Postgres(_)));
        assert!(matches!(Location::parse(OsStr::new("postgresql:///sodh?host=/run/postgresql")), Location::Postgres(_)));
        assert_eq!(Location::parse(OsStr::new("so-noi-vu/chidao.db")), Location::File(PathBuf::from("so-noi-vu/chidao.db")));
        // A folder named like a scheme is still a path.
        assert!(matches!(Location::parse(OsStr::new("postgres/chidao.db")), Location::File(_)));
    }

    #[test]
    fn passwords_never_print() {
        let l = Location::parse(OsStr::new("postgres://van_phong:mat-khau@db.tinh.local:5432/chidao"));
        assert_eq!(l.to_string(), "postgres://van_phong:***@db.tinh.local:5432/chidao");
        assert!(!format!("{l:?}").contains("mat-khau"));
        let Location::Postgres(u) = &l else { unreachable!() };
        assert!(u.secret().contains("mat-khau"));
        // No password, no user, an @ in the path: left as they are.
        assert_eq!(redact("postgres://van_phong@db/chidao"), "postgres://van_phong@db/chidao");
        assert_eq!(redact("postgres://db/chidao?options=a@b"), "postgres://db/chidao?options=a@b");
    }
}
