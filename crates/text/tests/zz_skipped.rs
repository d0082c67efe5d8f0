//! The summary of what this `cargo test` run skipped and why (tests that need `../shared`,
//! Chromium, Tesseract … report through `chidao_testkit::skip`). Cargo runs the workspace's test
//! binaries by package name and then by file name, so this one, in the last package, runs last.

use std::io::Write;

#[test]
fn skipped_tests_summary() {
    let skipped = chidao_testkit::take_skipped();
    let mut err = std::io::stderr().lock();
    if skipped.is_empty() {
        let _ = writeln!(err, "\nchidao: no test was skipped in this run");
    } else {
        let _ = writeln!(err, "\nchidao: {} tests were skipped in this run (they passed without checking anything):", skipped.len());
        for s in skipped {
            let _ = writeln!(err, "  {s}");
        }
    }
}
