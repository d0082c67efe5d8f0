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

/// A served register in a temporary folder.
pub struct App {
    pub _dir: tempfile::TempDir,
    pub db: PathBuf,
    pub app: axum::Router,
}

/// A register of the bundled examples and whatever `more` adds (users, further documents),
/// served with the access token `token`, on loopback or beyond it.
pub fn app(token: &str, beyond_loopback: bool, more: impl FnOnce(&mut chidao_store::Store)) -> App {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let mut store = chidao_store::Store::open(&db).unwrap();
    for (id, bytes) in examples() {
        store.ingest_one(&id, &bytes).unwrap();
    }
    more(&mut store);
    drop(store);
    let app = chidao_server::app(chidao_server::AppState::open(&db, token.into(), beyond_loopback).unwrap());
    App { _dir: dir, db, app }
}
