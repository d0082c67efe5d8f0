//! Helpers shared by the whole-pipeline tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `chidao` binary built for these tests.
pub fn chidao() -> assert_cmd::Command {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_chidao"))
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The bundled example documents, sorted.
pub fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ folder")
        .map(|e| e.expect("examples entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

/// `../shared` beside the workspace (or where `CHIDAO_SHARED` points), or `None` with a visible
/// SKIP line when it is absent.
pub fn shared(test: &str) -> Option<PathBuf> {
    chidao_testkit::shared(test)
}

/// Whether `python3` runs (with a visible SKIP line when it does not).
pub fn python3(test: &str) -> bool {
    let ok = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        chidao_testkit::skip(test, "python3 is not available");
    }
    ok
}

/// Runs a python3 script, failing the test with its output when it fails.
pub fn python(args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new("python3").args(args).output().expect("run python3");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "python3 {args:?} failed:\n{text}");
    text
}

/// Asserts that a run's stderr shows no panic.
pub fn assert_no_panic(what: &str, code: Option<i32>, stderr: &str) {
    assert_ne!(code, Some(101), "{what}: chidao panicked:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{what}: chidao panicked:\n{stderr}");
}
