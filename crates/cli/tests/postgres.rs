//! `--db postgres://…` (issue 14): `chidao migrate` moves the bundled examples' register into
//! PostgreSQL and back with the same answers; the examples ingested there answer as in a file and
//! serve every page; the one command that takes a file only (`bench-scale`) says so, and what to
//! do; no message prints the password.

mod common;

use common::{chidao, examples};
use predicates::str::contains;

#[test]
fn a_command_given_a_postgres_register_says_what_to_do() {
    let url = "postgres://van_thu:mat-khau-bi-mat@db.tinh.local/chidao";
    let out = chidao().args(["bench-scale", "--corpus", "x.jsonl", "--docs", "10", "--db", url]).assert().code(2).get_output().clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("chidao migrate"), "{err}");
    assert!(!err.contains("mat-khau-bi-mat"), "bench-scale prints the password: {err}");
    // $CHIDAO_DB is taken as --db is.
    chidao().env("CHIDAO_DB", url).arg("stats").assert().failure().stderr(contains("van_thu:***@db.tinh.local"));
    // A server that cannot be reached is named, without the password.
    for args in [vec!["stats", "--db", url], vec!["ingest", "--db", url, "-"], vec!["serve", "--db", url]] {
        let out = chidao().args(&args).write_stdin("").assert().failure().get_output().clone();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("van_thu:***@db.tinh.local"), "{args:?}: {err}");
        assert!(!err.contains("mat-khau-bi-mat"), "{args:?} prints the password: {err}");
    }
    // Two files, or two databases: not a move between backends.
    let dir = tempfile::tempdir().unwrap();
    chidao().args(["migrate"]).arg(dir.path().join("a.db")).arg(dir.path().join("b.db")).assert().failure().stderr(contains("SQLite files"));
}

#[test]
fn migrate_moves_the_examples_to_postgres_and_back() {
    let Some(admin) = chidao_testkit::postgres("cli::postgres::migrate_moves_the_examples_to_postgres_and_back") else { return };
    let db = chidao_testkit::PgDatabase::new(&admin, "cli_examples");
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    chidao().arg("ingest").arg("--db").arg(&a).args(examples()).assert().success();
    chidao().arg("migrate").arg(&a).arg(&db.url).assert().success().stdout(contains("documents")).stdout(contains("full-text index built"));
    chidao().arg("migrate").arg(&db.url).arg(&b).assert().success();
    for args in [vec!["stats"], vec!["tasks"], vec!["search", "chi thi"], vec!["search", "ủy ban nhân dân"]] {
        let run = |db: &std::path::Path| chidao().args(&args).arg("--db").arg(db).assert().success().get_output().stdout.clone();
        assert_eq!(String::from_utf8_lossy(&run(&a)), String::from_utf8_lossy(&run(&b)), "{args:?}");
    }
}

#[test]
fn the_examples_ingested_into_postgres_answer_as_in_a_file() {
    let Some(admin) = chidao_testkit::postgres("cli::postgres::the_examples_ingested_into_postgres_answer_as_in_a_file") else { return };
    let db = chidao_testkit::PgDatabase::new(&admin, "cli_ingest");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.db");
    chidao().arg("ingest").arg("--db").arg(&file).args(examples()).assert().success();
    chidao().arg("ingest").arg("--db").arg(&db.url).args(examples()).assert().success().stderr(contains(":***@"));
    // Again: nothing to do, as with a file.
    chidao().arg("ingest").arg("--db").arg(&db.url).args(examples()).assert().success().stderr(contains("nothing changed"));
    for args in [vec!["stats"], vec!["tasks"], vec!["tasks", "--json"], vec!["search", "chi thi"], vec!["search", "\"ủy ban nhân dân\""], vec!["person", "Trịnh Quốc"], vec!["directive", "27-KH/TU"]] {
        // The register's size on disk is the one line that may differ.
        let run = |db: &std::ffi::OsStr| {
            let out = chidao().args(&args).arg("--db").arg(db).assert().success().get_output().stdout.clone();
            String::from_utf8_lossy(&out).lines().filter(|l| !l.contains(" MB")).collect::<Vec<_>>().join("\n")
        };
        assert_eq!(run(file.as_os_str()), run(db.url.as_ref()), "{args:?}");
    }
    // The pages' server times, on the same register: every page answered.
    chidao().args(["bench-serve", "--runs", "1", "--db"]).arg(&db.url).assert().success().stdout(contains("task board"));
}
