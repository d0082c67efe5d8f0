//! What the server's test files share: the bundled fictional examples.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The bundled fictional examples (`examples/*.txt`): (id, bytes), by name.
pub fn examples() -> Vec<(String, Vec<u8>)> {
    let dir = repo().join("examples");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "the bundled examples are missing");
    files
}

/// A long fictional document: the bundled examples' texts, over and over (blank lines between),
/// to at least `bytes` bytes.
pub fn long_document(bytes: usize) -> String {
    let one: Vec<String> = examples().into_iter().map(|(_, b)| String::from_utf8(b).unwrap().trim().to_string()).collect();
    let one = one.join("\n\n");
    let mut s = String::with_capacity(bytes + one.len());
    while s.len() < bytes {
        if !s.is_empty() {
            s.push_str("\n\n");
        }
        s.push_str(&one);
    }
    s.push('\n');
    s
}

/// The fictional cascade fixtures: (id, bytes), by name (see `chidao_testkit::cascade_fixtures`).
pub fn cascade() -> Vec<(String, Vec<u8>)> {
    chidao_testkit::cascade_fixtures()
}
