//! A register moved into PostgreSQL and back (issue 14): every row of every table comes back as it
//! was, the full-text index is rebuilt on each side, and a move that cannot be done leaves the
//! destination as it was. Needs a PostgreSQL server (`CHIDAO_TEST_PG`, which `.ci/run` sets);
//! skipped with a message without one.

use std::path::Path;

use chidao_store::transfer::{self, TABLES};
use chidao_store::{Action, Location, NewCorrection, Role, SearchQuery, Store, StoreError};
use chidao_testkit::PgDatabase;

fn location(db: &PgDatabase) -> Location {
    Location::parse(db.url.as_ref())
}

const DOCS: [(&str, &str); 2] = [
    (
        "hop-ubnd.txt",
        "UBND huyện Tân Lộc họp bàn phòng chống thiên tai

Sáng 4/3/2024, UBND huyện Tân Lộc họp bàn công tác phòng chống thiên tai năm 2024. Chủ tịch UBND huyện Tân Lộc Phạm Minh Đức yêu cầu Phòng Nông nghiệp và Phát triển nông thôn hoàn thành kế hoạch ứng phó bão lũ trước ngày 31/3/2024 theo Chỉ thị 12-CT/HU. Ông đề nghị UBND các xã rà soát các hộ dân sống ven sông. Ban Chỉ huy quân sự huyện phải báo cáo phương án sơ tán trước ngày 15/6/2024.
",
    ),
    (
        "so-ket.txt",
        "Sơ kết Chỉ thị 12-CT/HU của Huyện ủy Tân Lộc

Ngày 6/3/2024, Ban Thường vụ Huyện ủy Tân Lộc sơ kết một năm thực hiện Chỉ thị 12-CT/HU. Bí thư Huyện ủy Tân Lộc Trần Thị Hoa yêu cầu các chi bộ tiếp tục quán triệt Chỉ thị 12-CT/HU. Đồng chí đề nghị Ủy ban Kiểm tra Huyện ủy tăng cường kiểm tra việc thực hiện chỉ thị.
",
    ),
];

/// A register with rows in as many tables as an office's work fills: documents of both kinds
/// (news and the cascade's official texts with their headers and relations), a task's status and
/// log, a correction, a user with a session and a token.
fn register(path: &Path) -> Store {
    let mut s = Store::open(path).unwrap();
    for (id, text) in DOCS {
        s.ingest_one(id, text.as_bytes()).unwrap();
    }
    for (id, bytes) in chidao_testkit::cascade_fixtures() {
        s.ingest_one(&id, &bytes).unwrap();
    }
    let task = s.tasks(&Default::default()).unwrap().into_iter().next().expect("the fixtures give tasks");
    s.set_task_status(&task.id, "done", Some("đã nộp kế hoạch"), Some("2024-03-20"), "van_thu").unwrap();
    let c = NewCorrection {
        doc: "hop-ubnd.txt".into(),
        kind: "task".into(),
        span: (task.span.0, task.span.1),
        action: Action::Reject,
        field: None,
        value: None,
        note: Some("không phải nhiệm vụ".into()),
    };
    let _ = s.add_correction(&c, "van_thu");
    s.add_user("Lê Văn Tâm", Role::Editor, Some("UBND huyện Tân Lộc"), "mat-khau-dai-du").unwrap();
    s.create_session(None).unwrap();
    s.issue_token("Lê Văn Tâm").unwrap();
    s
}

/// Every row of a table, its implicit rowid included where SQLite has one, as text, sorted.
fn rows(conn: &rusqlite::Connection, table: &str) -> Vec<String> {
    let without_rowid: bool = conn
        .query_row("SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE name = ?1", [table], |r| r.get(0))
        .unwrap();
    let keyed: bool = conn.query_row("SELECT count(*) > 0 FROM pragma_table_info(?1) WHERE pk > 0", [table], |r| r.get(0)).unwrap();
    let cols = if without_rowid || keyed { "*".to_string() } else { "rowid, *".to_string() };
    let mut st = conn.prepare(&format!("SELECT {cols} FROM {table}")).unwrap();
    let n = st.column_count();
    let mut out: Vec<String> = st
        .query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    out.sort();
    out
}

fn hits(s: &Store, q: &str) -> Vec<(String, Option<(usize, usize)>)> {
    s.search(&SearchQuery::text(q)).unwrap().into_iter().map(|h| (h.doc, h.span)).collect()
}

#[test]
fn a_register_moved_to_postgres_and_back_is_the_same() {
    let Some(admin) = chidao_testkit::postgres("store::postgres::a_register_moved_to_postgres_and_back_is_the_same") else { return };
    let db = PgDatabase::new(&admin, "roundtrip");
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let original = register(&a);
    drop(original);
    let mut steps = 0;
    let there = transfer::migrate(&Location::File(a.clone()), &location(&db), &mut |_| steps += 1).unwrap();
    assert!(steps > TABLES.len(), "progress is reported for each table");
    let count = |t: &str| there.tables.iter().find(|(n, _)| *n == t).unwrap().1;
    for t in ["documents", "tasks", "task_status", "task_log", "users", "user_sessions", "user_tokens", "doc_headers", "doc_relations", "person_mentions"] {
        assert!(count(t) > 0, "{t} has rows to move");
    }
    assert_eq!(there.indexed.0, count("documents"));
    assert_eq!(there.indexed.1, count("facts"));
    // PostgreSQL holds them, numbered to go on after the moved rows.
    let mut c = db.client();
    let docs: i64 = c.query_one("SELECT count(*) FROM documents", &[]).unwrap().get(0);
    assert_eq!(docs as u64, count("documents"));
    let next: i64 = c.query_one("INSERT INTO task_log (key, status, author, at) VALUES ('k', 'open', 'x', 'now') RETURNING id", &[]).unwrap().get(0);
    let max: i64 = Store::open(&a).unwrap().connection().query_row("SELECT max(id) FROM task_log", [], |r| r.get(0)).unwrap();
    assert_eq!(next, max + 1);
    c.batch_execute("DELETE FROM task_log WHERE key = 'k'").unwrap();
    // A phrase and a folded word, in PostgreSQL's own index.
    let found: i64 = c
        .query_one("SELECT count(*) FROM doc_search WHERE folded @@ phraseto_tsquery('simple', 'phong chong thien tai')", &[])
        .unwrap()
        .get(0);
    assert_eq!(found, 1);
    let found: i64 = c.query_one("SELECT count(*) FROM doc_search WHERE pairs @@ 'phongǁchong & chongǁthien & thienǁtai'::tsquery", &[]).unwrap().get(0);
    assert_eq!(found, 1, "the phrase as the AND of its word pairs");

    let back = transfer::migrate(&location(&db), &Location::File(b.clone()), &mut |_| {}).unwrap();
    assert_eq!(back.tables, there.tables);
    let (sa, sb) = (Store::open(&a).unwrap(), Store::open(&b).unwrap());
    for t in TABLES {
        assert_eq!(rows(sa.connection(), t), rows(sb.connection(), t), "table {t}");
    }
    for q in ["chi thi 12-CT/HU", "\"phòng chống thiên tai\"", "tan loc", "Trần Thị Hoa"] {
        assert_eq!(hits(&sa, q), hits(&sb, q), "search {q}");
        assert!(!hits(&sb, q).is_empty(), "search {q} finds something");
    }
}

#[test]
fn a_move_that_cannot_be_done_leaves_the_destination_as_it_was() {
    let Some(admin) = chidao_testkit::postgres("store::postgres::a_move_that_cannot_be_done_leaves_the_destination_as_it_was") else { return };
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    drop(register(&a));

    // A value SQLite took that PostgreSQL's column cannot: nothing is created, the place is named.
    let bad = dir.path().join("bad.db");
    std::fs::copy(&a, &bad).unwrap();
    Store::open(&bad).unwrap().connection().execute("UPDATE tasks SET start = 'đầu' WHERE id = (SELECT min(id) FROM tasks)", []).unwrap();
    let db = PgDatabase::new(&admin, "refusals");
    let e = transfer::migrate(&Location::File(bad), &location(&db), &mut |_| {}).unwrap_err();
    assert!(e.to_string().contains("tasks.start"), "{e}");
    let tables: i64 = db.client().query_one("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", &[]).unwrap().get(0);
    assert_eq!(tables, 0, "the failed move created nothing");

    // A register already there is not added to.
    transfer::migrate(&Location::File(a.clone()), &location(&db), &mut |_| {}).unwrap();
    let e = transfer::migrate(&Location::File(a.clone()), &location(&db), &mut |_| {}).unwrap_err();
    assert!(e.to_string().contains("holds a register already"), "{e}");

    // Nor is an SQLite register with rows; a new file that cannot be filled is not left behind.
    let e = transfer::migrate(&location(&db), &Location::File(a.clone()), &mut |_| {}).unwrap_err();
    assert!(e.to_string().contains("holds a register already"), "{e}");
    db.client().batch_execute("UPDATE chidao_register SET version = 999").unwrap();
    let c = dir.path().join("c.db");
    let e = transfer::migrate(&location(&db), &Location::File(c.clone()), &mut |_| {}).unwrap_err();
    assert!(matches!(e, StoreError::NewerSchema { found: 999, .. }), "{e}");
    assert!(!c.exists());

    // Another program's database is refused untouched.
    let other = PgDatabase::new(&admin, "other");
    other.client().batch_execute("CREATE TABLE so_cong_van (id int)").unwrap();
    let e = transfer::migrate(&Location::File(a), &location(&other), &mut |_| {}).unwrap_err();
    assert!(e.to_string().contains("another program's tables"), "{e}");
    let tables: i64 = other.client().query_one("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", &[]).unwrap().get(0);
    assert_eq!(tables, 1);
}
