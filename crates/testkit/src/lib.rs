//! # chidao-testkit
//!
//! What chidao's test suites share (a dev-dependency only): where the shared material is, and a
//! skip that a newcomer sees.
//!
//! A test that cannot run here — `../shared` is not beside the checkout, Chromium or Tesseract is
//! not installed — calls [`skip`]. The line goes straight to the terminal (libtest captures only
//! `print!`-style output, so `SKIP …` is visible in a plain `cargo test`), and into this run's
//! skip log; the workspace's last test binary (`crates/text/tests/zz_skipped.rs`) prints the
//! log as a summary at the end of `cargo test --workspace`. The log is keyed by the process that
//! runs the test binaries (cargo), so two runs never mix.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// This run's skip log: one file per `cargo test` process.
pub fn skip_log() -> PathBuf {
    std::env::temp_dir().join(format!("chidao-skipped-{}.log", parent_id()))
}

#[cfg(unix)]
fn parent_id() -> u32 {
    std::os::unix::process::parent_id()
}

#[cfg(not(unix))]
fn parent_id() -> u32 {
    0
}

/// Reports that `test` did not run, and why: on the terminal now, in the summary at the end.
pub fn skip(test: &str, why: &str) {
    let line = format!("SKIP {test}: {why}");
    let _ = writeln!(std::io::stderr().lock(), "{line}");
    if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(skip_log()) {
        let _ = writeln!(f, "{line}");
    }
}

/// The skips logged so far in this run, in order, and the log emptied.
pub fn take_skipped() -> Vec<String> {
    let log = skip_log();
    let lines = std::fs::read_to_string(&log).map(|s| s.lines().map(str::to_string).collect()).unwrap_or_default();
    let _ = std::fs::remove_file(&log);
    lines
}

/// `../shared` beside the workspace (or where `CHIDAO_SHARED` points, e.g. from a git worktree), or
/// `None` after reporting the skip of `test` when it is absent.
pub fn shared(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("CHIDAO_SHARED").map_or_else(|| root().join("../shared"), PathBuf::from);
    if dir.join("README.md").is_file() {
        Some(dir)
    } else {
        skip(test, &format!("the shared material (corpus, gold, real documents) is not at {}", dir.display()));
        None
    }
}

/// The PostgreSQL server the tests may use: `CHIDAO_TEST_PG`, a URL of a database on it whose
/// role may create databases (`.ci/run` starts one and sets it), or `None` after reporting the
/// skip of `test` when it is not set.
pub fn postgres(test: &str) -> Option<String> {
    match std::env::var("CHIDAO_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            skip(test, "no PostgreSQL server for the tests (set CHIDAO_TEST_PG=postgres://USER:PASSWORD@HOST/postgres, a role that may create databases; .ci/run does)");
            None
        }
    }
}

/// A database of its own for one test on the server of [`postgres`], dropped (with its
/// connections) when this is dropped.
pub struct PgDatabase {
    admin: String,
    name: String,
    /// Its URL: the server and role of `CHIDAO_TEST_PG`, this database.
    pub url: String,
}

impl PgDatabase {
    /// A new, empty database named after the test and this process (one left by an earlier,
    /// killed run of the same name is dropped first).
    pub fn new(admin: &str, test: &str) -> PgDatabase {
        let name = format!("chidao_test_{}_{test}", std::process::id());
        let mut c = postgres::Client::connect(admin, postgres::NoTls).unwrap_or_else(|e| panic!("CHIDAO_TEST_PG: cannot connect: {e}"));
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).unwrap_or_else(|e| panic!("drop {name}: {e}"));
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap_or_else(|e| panic!("CHIDAO_TEST_PG's role must be allowed to create databases: {e}"));
        // The same server and role: the URL's path replaced by the new database.
        let (base, query) = admin.split_once('?').map_or((admin, None), |(b, q)| (b, Some(q)));
        let at = base.find("://").map_or(0, |i| i + 3);
        let host_end = base[at..].find('/').map_or(base.len(), |i| at + i);
        let url = format!("{}/{name}{}", &base[..host_end], query.map(|q| format!("?{q}")).unwrap_or_default());
        PgDatabase { admin: admin.to_string(), name, url }
    }

    /// A connection to it.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap_or_else(|e| panic!("{}: {e}", self.name))
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

/// The fictional official documents of an implementation cascade
/// (`crates/extract/tests/fixtures/cascade_*.txt`: a Tỉnh ủy's Chỉ thị 07-CT/TU, a Huyện ủy's
/// plan implementing it, a commune Đảng ủy's report on the plan, a UBND's plan implementing
/// both): (file name, bytes), by name. The extraction's snapshots, the register's, the CLI's and
/// the server's tests all read them.
pub fn cascade_fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = root().join("crates/extract/tests/fixtures");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("cascade_")))
        .map(|p| (p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))))
        .collect();
    files.sort();
    assert_eq!(files.len(), 4, "the four cascade fixtures in {}", dir.display());
    files
}
