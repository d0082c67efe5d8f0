//! The documents' search index in its own file beside the register (`<register>-search`):
//! written inline or by a bulk ingest's thread, made again when missing or another register's,
//! brought up to date when the register committed rows it lacks.

use std::path::{Path, PathBuf};

use chidao_store::{Access, SearchQuery, Store, content_hash};
use chidao_text::Document;

/// Fictional documents, each with a word of its own ("hồ sơ số 0", "hồ sơ số 1" …).
fn text(i: usize) -> String {
    format!("Sáng 12/3, Ủy ban nhân dân huyện Sông Lam họp về hồ sơ mã {i}x. Chủ tịch yêu cầu Phòng Nội vụ hoàn thành trước 30/4.")
}

fn put(store: &mut Store, docs: &[(String, String)]) {
    let mut b = store.batch().unwrap();
    for (id, t) in docs {
        let doc = Document::new(id, t.clone());
        let x = chidao_extract::extract(&doc);
        b.put(&doc, content_hash(t), None, &x).unwrap();
    }
    b.commit().unwrap();
}

fn docs(range: std::ops::Range<usize>) -> Vec<(String, String)> {
    range.map(|i| (format!("d{i}.txt"), text(i))).collect()
}

fn found(store: &Store, q: &str) -> Vec<String> {
    store.search(&SearchQuery::text(q)).unwrap().into_iter().map(|h| h.doc).collect()
}

fn search_file(reg: &Path) -> PathBuf {
    let mut s = reg.as_os_str().to_owned();
    s.push("-search");
    s.into()
}

fn remove_search_file(reg: &Path) {
    let f = search_file(reg);
    for suffix in ["", "-wal", "-shm"] {
        let mut p = f.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

#[test]
fn the_index_lives_beside_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let reg = dir.path().join("r.db");
    let mut store = Store::open(&reg).unwrap();
    put(&mut store, &docs(0..3));
    assert_eq!(found(&store, "ma 1x"), ["d1.txt"]);
    assert!(search_file(&reg).exists());
    let in_register: i64 = store.connection().query_row("SELECT count(*) FROM main.sqlite_master WHERE name = 'doc_fts'", [], |r| r.get(0)).unwrap();
    assert_eq!(in_register, 0);
    // The register's size counts the search file.
    let own = std::fs::metadata(&reg).unwrap().len();
    assert!(store.disk_bytes().unwrap() > own);
}

#[test]
fn a_missing_index_is_named_and_made_again() {
    let dir = tempfile::tempdir().unwrap();
    let reg = dir.path().join("r.db");
    put(&mut Store::open(&reg).unwrap(), &docs(0..3));
    remove_search_file(&reg);
    let read = Store::open_as(&reg, Access::Read).unwrap();
    let err = read.search(&SearchQuery::text("ma 2x")).unwrap_err().to_string();
    assert!(err.contains("r.db-search") && err.contains("missing"), "{err}");
    drop(read);
    let store = Store::open_as(&reg, Access::Write).unwrap();
    assert_eq!(found(&store, "ma 2x"), ["d2.txt"]);
}

#[test]
fn making_the_index_again_reports_how_far_it_has_got() {
    let dir = tempfile::tempdir().unwrap();
    let reg = dir.path().join("r.db");
    put(&mut Store::open(&reg).unwrap(), &docs(0..2_500));
    remove_search_file(&reg);
    let seen = std::cell::RefCell::new(Vec::new());
    let open = || Store::open_reporting(&chidao_store::Location::File(reg.clone()), Access::Write, &|done, total| seen.borrow_mut().push((done, total))).unwrap();
    let store = open();
    // Every thousand texts, then at the end; a current index reports nothing.
    assert_eq!(*seen.borrow(), [(1_000, 2_500), (2_000, 2_500), (2_500, 2_500)]);
    assert_eq!(found(&store, "ma 2345x"), ["d2345.txt"]);
    drop(store);
    seen.borrow_mut().clear();
    drop(open());
    assert!(seen.borrow().is_empty());
}

#[test]
fn another_registers_index_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    put(&mut Store::open(&a).unwrap(), &docs(0..2));
    put(&mut Store::open(&b).unwrap(), &docs(5..7));
    std::fs::copy(search_file(&a), search_file(&b)).unwrap();
    let store = Store::open(&b).unwrap();
    assert_eq!(found(&store, "ma 6x"), ["d6.txt"]);
    assert!(found(&store, "ma 1x").is_empty());
}

#[test]
fn rows_the_register_committed_and_the_index_lacks_are_written_again() {
    let dir = tempfile::tempdir().unwrap();
    let reg = dir.path().join("r.db");
    put(&mut Store::open(&reg).unwrap(), &docs(0..3));
    // As if killed between the register's commit and the search file's: the file lacks the
    // last document's row, which the register's queue still numbers.
    {
        let conn = rusqlite::Connection::open(&reg).unwrap();
        let doc: i64 = conn.query_row("SELECT id FROM documents WHERE ext_id = 'd2.txt'", [], |r| r.get(0)).unwrap();
        conn.execute("INSERT INTO search_queue (doc, op) VALUES (?1, 1)", [doc]).unwrap();
        let search = rusqlite::Connection::open(search_file(&reg)).unwrap();
        search.execute("DELETE FROM doc_fts WHERE rowid = ?1", [doc]).unwrap();
        // And a number another process's writer may still have had in hand when the register
        // was opened: its row is there already, and is written again, not twice.
        let d1: i64 = conn.query_row("SELECT id FROM documents WHERE ext_id = 'd1.txt'", [], |r| r.get(0)).unwrap();
        conn.execute("INSERT INTO search_queue (doc, op) VALUES (?1, 1)", [d1]).unwrap();
    }
    assert!(found(&Store::open_as(&reg, Access::Read).unwrap(), "ma 2x").is_empty());
    let store = Store::open_as(&reg, Access::Write).unwrap();
    assert_eq!(found(&store, "ma 2x"), ["d2.txt"]);
    assert_eq!(found(&store, "ma 1x"), ["d1.txt"]);
    let count = |sql: &str| -> i64 { store.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM search_queue"), 0);
    assert_eq!(count("SELECT count(*) FROM doc_fts_docsize"), 3);
}

#[test]
fn a_bulk_writer_indexes_on_its_thread_replacements_included() {
    let dir = tempfile::tempdir().unwrap();
    let reg = dir.path().join("r.db");
    let mut store = Store::open(&reg).unwrap();
    store.bulk_writer(16).unwrap();
    put(&mut store, &docs(0..4));
    put(&mut store, &docs(4..8));
    // d3.txt replaced by another text: its old words go.
    put(&mut store, &[("d3.txt".into(), "Chiều 5/6, Sở Giao thông Hồ Xanh họp về hồ sơ mã 99x.".into())]);
    store.finish_search().unwrap();
    assert_eq!(found(&store, "ma 7x"), ["d7.txt"]);
    assert_eq!(found(&store, "ma 99x"), ["d3.txt"]);
    assert!(found(&store, "ma 3x").is_empty());
    // The numbers the thread wrote have left the queue; one row a document.
    let count = |sql: &str| -> i64 { store.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM search_queue"), 0);
    assert_eq!(count("SELECT count(*) FROM doc_fts_docsize"), 8);
}

#[test]
fn a_register_in_memory_has_its_index_in_memory() {
    let mut store = Store::open_in_memory().unwrap();
    put(&mut store, &docs(0..2));
    assert_eq!(found(&store, "ma 1x"), ["d1.txt"]);
}
