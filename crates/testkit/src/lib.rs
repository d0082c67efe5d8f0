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
