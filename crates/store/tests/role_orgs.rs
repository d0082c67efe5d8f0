//! The organisation of a person's role is read again when a register written by an earlier build
//! is next opened for writing (its rules changed: a bracket the name opened is kept, "Tổng công
//! ty" begins an organisation), on SQLite and on PostgreSQL; a register of this build is left
//! as it is.

use chidao_store::{Access, Location, Store};

mod common;

const DOC: &str = "Tổng công ty Xây lắp Hòa Lạc tổng kết năm 2024

Ngày 10/1/2025, Chủ tịch Tổng công ty Xây lắp Hòa Lạc (HLC) Đỗ Văn Khải chủ trì hội nghị tổng kết. Ông yêu cầu các đơn vị thành viên hoàn thành quyết toán trước ngày 31/3/2025.
";

/// The organisation this build reads from the role.
const ORG: &str = "Tổng công ty Xây lắp Hòa Lạc (HLC)";
/// What an earlier build wrote: the name cut at its bracket, no "Tổng".
const OLD: &str = "Công ty Xây lắp Hòa Lạc (HLC";

fn register(path: &std::path::Path) -> Store {
    let mut s = Store::open(path).unwrap();
    s.ingest_one("tong-ket.txt", DOC.as_bytes()).unwrap();
    s
}

fn orgs(c: &rusqlite::Connection) -> Vec<Option<String>> {
    c.prepare("SELECT org FROM person_roles ORDER BY rowid").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn an_older_registers_role_organisations_are_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    drop(register(&path));
    let c = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(orgs(&c), [Some(ORG.to_string())]);
    // As an earlier build left it: the old reading, no record of the rules' version.
    c.execute_batch(&format!("UPDATE person_roles SET org = '{OLD}'; DELETE FROM meta WHERE key = 'role_orgs';")).unwrap();
    drop(c);
    // Read-only, nothing changes; opened to write, the organisations are read again, once.
    drop(Store::open_as(&path, Access::Read).unwrap());
    assert_eq!(orgs(&rusqlite::Connection::open(&path).unwrap()), [Some(OLD.to_string())]);
    drop(Store::open(&path).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(orgs(&c), [Some(ORG.to_string())]);
    let version: i64 = c.query_row("SELECT value FROM meta WHERE key = 'role_orgs'", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 1);
    // A register of this build: a value set by hand stays (nothing is read again).
    c.execute_batch("UPDATE person_roles SET org = 'x'").unwrap();
    drop(c);
    drop(Store::open(&path).unwrap());
    assert_eq!(orgs(&rusqlite::Connection::open(&path).unwrap()), [Some("x".to_string())]);
}

#[test]
fn an_older_postgresql_registers_role_organisations_are_read_again() {
    let Some(both) = common::Both::new("store::role_orgs::postgresql", register) else { return };
    let common::Both { pg, db, .. } = both;
    drop(pg);
    let pg_orgs = || -> Vec<Option<String>> { db.client().query("SELECT org FROM person_roles ORDER BY rowid", &[]).unwrap().iter().map(|r| r.get(0)).collect() };
    assert_eq!(pg_orgs(), [Some(ORG.to_string())]);
    db.client().batch_execute(&format!("UPDATE person_roles SET org = '{OLD}'; DELETE FROM meta WHERE key = 'role_orgs';")).unwrap();
    drop(Store::open_location(&Location::parse(db.url.as_ref()), Access::Upgrade).unwrap());
    assert_eq!(pg_orgs(), [Some(ORG.to_string())]);
}
