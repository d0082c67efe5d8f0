//! The register on PostgreSQL: connecting, telling a chidao database from another, and the
//! schema's versions.
//!
//! The schema is versioned with the SQLite register's numbers: PostgreSQL's schema `n` holds what
//! SQLite's schema `n` holds, so a register moves between the two only at the same version
//! ([`crate::transfer`]). The first PostgreSQL schema is SQLite's 11, whole (`schema_11.sql`);
//! each later SQLite migration gets its PostgreSQL counterpart here, under the same number.
//!
//! A database holds chidao's register when it has the `chidao_register` table (chidao's name and
//! the schema version: what an SQLite register keeps in its file header). A database with other
//! tables and no such table is another program's and is refused untouched.

use postgres::{Client, NoTls, Transaction};

use crate::error::{Result, StoreError};
use crate::location::PgUrl;

/// The PostgreSQL migrations: (the schema version it brings the register to, its SQL). The
/// first creates the whole schema at SQLite's version 11.
pub const MIGRATIONS: &[(i64, &str)] = &[(11, include_str!("schema_11.sql")), (12, include_str!("schema_12.sql")), (13, include_str!("schema_13.sql")), (14, include_str!("schema_14.sql")), (15, include_str!("schema_15.sql")), (16, include_str!("schema_16.sql")), (17, include_str!("schema_17.sql"))];

/// The newest PostgreSQL schema: always the SQLite register's [`crate::migrations::LATEST`]
/// (a test holds them equal).
pub const LATEST: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// The key of the advisory lock that schema changes and moves into a database take, so that two
/// processes doing either at once take turns ("chid" in ASCII, as SQLite's application id).
const SCHEMA_LOCK: i64 = crate::open::APPLICATION_ID as i64;

/// A connection to a register's database, with the URL it was reached by.
pub struct Pg {
    /// The client.
    pub client: Client,
    /// The URL, for messages (without its password).
    pub at: String,
}

impl Pg {
    /// Connects to the database at `url` (no TLS: a register's database is reached on the same
    /// host or a private network; put a TLS proxy or an SSH tunnel in front of a remote one).
    pub fn connect(url: &PgUrl) -> Result<Pg> {
        let at = url.to_string();
        let client = Client::connect(url.secret(), NoTls).map_err(error(&at))?;
        Ok(Pg { client, at })
    }
}

/// Names the database `at` (its URL without the password) in PostgreSQL's errors on it.
pub(crate) fn error(at: &str) -> impl Fn(postgres::Error) -> StoreError + Copy + '_ {
    move |error| StoreError::Postgres { at: at.to_string(), error }
}

/// What a database holds, as far as chidao is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// No table at all in the schema chidao would use.
    Empty,
    /// A chidao register at this schema version.
    Register(i64),
    /// Tables, but not chidao's.
    Other,
}

/// Reads what the database holds (in the current schema of its search path).
pub fn inspect(tx: &mut Transaction<'_>, at: &str) -> Result<Found> {
    let err = error(at);
    let tables: i64 = tx
        .query_one("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()", &[])
        .map_err(err)?
        .get(0);
    if tables == 0 {
        return Ok(Found::Empty);
    }
    let ours: bool = tx
        .query_one("SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'chidao_register')", &[])
        .map_err(err)?
        .get(0);
    if !ours {
        return Ok(Found::Other);
    }
    let row = tx.query_opt("SELECT version FROM chidao_register WHERE application = 'chidao'", &[]).map_err(err)?;
    Ok(row.map_or(Found::Other, |r| Found::Register(r.get(0))))
}

/// Brings the database to [`LATEST`] in the caller's transaction, creating the register in an
/// empty database. Refuses another program's database and a register of a newer chidao.
/// Returns the version found (0 for an empty database).
pub fn migrate(tx: &mut Transaction<'_>, at: &str) -> Result<i64> {
    let err = error(at);
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK]).map_err(err)?;
    let found = match inspect(tx, at)? {
        Found::Empty => 0,
        Found::Register(v) => v,
        Found::Other => {
            return Err(StoreError::PgRefused {
                at: at.to_string(),
                why: "the database holds another program's tables (give chidao a database of its own: `createdb chidao`)".into(),
            });
        }
    };
    if found > LATEST {
        return Err(StoreError::NewerSchema { found, known: LATEST });
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > found) {
        tx.batch_execute(sql).map_err(err)?;
        if found == 0 && *version == MIGRATIONS[0].0 {
            tx.execute("INSERT INTO chidao_register (application, version) VALUES ('chidao', $1)", &[version]).map_err(err)?;
            // A new register's keys are this build's (SQLite's migrations note it the same way).
            tx.execute("INSERT INTO meta (key, value) VALUES ('unit_keys', $1)", &[&crate::migrations::UNIT_KEYS]).map_err(err)?;
        } else {
            tx.execute("UPDATE chidao_register SET version = $1", &[version]).map_err(err)?;
        }
    }
    rekey_role_orgs(tx, at)?;
    Ok(found)
}

/// The organisations of people's roles read again when an earlier build wrote them (see
/// [`crate::people::ROLE_ORGS`]); a new register notes that its are this build's.
fn rekey_role_orgs(tx: &mut Transaction<'_>, at: &str) -> Result<()> {
    let err = error(at);
    let have: i64 = tx.query_opt("SELECT value FROM meta WHERE key = 'role_orgs'", &[]).map_err(err)?.map_or(0, |r| r.get(0));
    if have >= crate::people::ROLE_ORGS {
        return Ok(());
    }
    let rows = tx.query("SELECT rowid, role, org FROM person_roles", &[]).map_err(err)?;
    let changes = crate::people::role_org_changes(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))));
    let st = tx.prepare("UPDATE person_roles SET org = $2 WHERE rowid = $1").map_err(err)?;
    for (id, org) in changes {
        tx.execute(&st, &[&id, &org]).map_err(err)?;
    }
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('role_orgs', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&crate::people::ROLE_ORGS],
    )
    .map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_schema_follows_sqlite() {
        assert_eq!(super::LATEST, crate::migrations::LATEST, "each SQLite migration needs its PostgreSQL counterpart in pg::MIGRATIONS");
        assert!(super::MIGRATIONS.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
