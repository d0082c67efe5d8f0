//! A register moved into PostgreSQL and back (issue 14): every row of every table comes back as it
//! was, the full-text index is rebuilt on each side, and a move that cannot be done leaves the
//! destination as it was. Needs a PostgreSQL server (`CHIDAO_TEST_PG`, which `.ci/run` sets);
//! skipped with a message without one.


use chidao_store::transfer::{self, TABLES};
use chidao_store::{Location, SearchQuery, Store, StoreError};
use chidao_testkit::PgDatabase;

mod common;
use common::office_register as register;

fn location(db: &PgDatabase) -> Location {
    Location::parse(db.url.as_ref())
}

/// A connection of the seam to the database.
fn connect(db: &PgDatabase) -> chidao_store::db::PgConn {
    let Location::Postgres(url) = location(db) else { unreachable!("a PostgreSQL URL") };
    chidao_store::db::PgConn::connect(&url).unwrap()
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

/// A table's rows are the same in two registers (the first difference is shown, not the tables).
fn same_rows(a: &rusqlite::Connection, b: &rusqlite::Connection, table: &str) {
    let (ra, rb) = (rows(a, table), rows(b, table));
    if let Some(i) = (0..ra.len().max(rb.len())).find(|&i| ra.get(i) != rb.get(i)) {
        panic!("table {table}: {} rows and {}; row {i} differs:\n{:?}\n{:?}", ra.len(), rb.len(), ra.get(i), rb.get(i));
    }
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

#[test]
fn the_seam_reads_the_same_values_from_postgres() {
    use chidao_store::db::{Db, args};
    let Some(admin) = chidao_testkit::postgres("store::postgres::the_seam_reads_the_same_values_from_postgres") else { return };
    let pgdb = PgDatabase::new(&admin, "seam");
    let conn = connect(&pgdb);
    let db = Db::Pg(&conn);
    db.batch("CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name text, n integer, small smallint, hash bytea, ok boolean)").unwrap();
    let a: i64 = db.one("INSERT INTO t (name, n, small, hash, ok) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id", args!["Sơn La", 3i64, 2i64, [1u8, 2], true]).unwrap();
    db.exec("INSERT INTO t (name, n) VALUES (?, ?)", args![None::<String>, 4i32]).unwrap();
    let rows = db.rows("SELECT id, name, n, small FROM t ORDER BY id", args![], |r| Ok((r.get::<i64>(0)?, r.get::<Option<String>>(1)?, r.get::<u32>(2)?, r.get::<Option<i64>>(3)?))).unwrap();
    assert_eq!(rows, vec![(a, Some("Sơn La".to_string()), 3, Some(2)), (a + 1, None, 4, None)]);
    let hash: [u8; 2] = db.one("SELECT hash FROM t WHERE id = ?1", args![a]).unwrap();
    assert_eq!(hash, [1, 2]);
    // sum() is numeric, a comparison boolean, count() bigint: all read as SQLite gives them.
    let (sum, ok, n): (i64, bool, i64) = db.row("SELECT sum(n), bool_or(ok), count(*) FROM t", args![], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    assert_eq!((sum, ok, n), (7, true, 2));
    let avg: f64 = db.one("SELECT avg(n) FROM t", args![]).unwrap();
    assert_eq!(avg, 3.5);
    assert_eq!(db.one::<i64>("SELECT n > 3 FROM t WHERE id = ?1", args![a + 1]).unwrap(), 1);
    let e = db.one::<i64>("SELECT name FROM t WHERE id = ?1", args![a + 1]).unwrap_err().to_string();
    assert!(e.contains("name") && e.contains("NULL"), "{e}");
    // A transaction dropped rolls back; one committed stays.
    {
        let tx = conn.begin().unwrap();
        Db::Pg(tx.conn()).exec("DELETE FROM t", args![]).unwrap();
    }
    assert_eq!(db.one::<i64>("SELECT count(*) FROM t", args![]).unwrap(), 2);
    let tx = conn.begin().unwrap();
    assert!(conn.begin().is_err(), "one transaction at a time on a connection");
    Db::Pg(tx.conn()).exec("DELETE FROM t WHERE id = ?1", args![a]).unwrap();
    tx.commit().unwrap();
    assert_eq!(db.one::<i64>("SELECT count(*) FROM t", args![]).unwrap(), 1);
}

#[test]
fn queued_statements_are_answered_in_order_and_their_errors_reported() {
    use chidao_store::db::{Arg, Db, args};
    let Some(admin) = chidao_testkit::postgres("store::postgres::queued_statements_are_answered_in_order_and_their_errors_reported") else { return };
    let pgdb = PgDatabase::new(&admin, "queue");
    let conn = connect(&pgdb);
    let db = Db::Pg(&conn);
    db.batch("CREATE TABLE q (id bigint PRIMARY KEY, v text NOT NULL)").unwrap();
    // More statements than are kept unanswered at once, each depending on the one before.
    db.queue("INSERT INTO q VALUES (0, 'đầu')", args![]).unwrap();
    for i in 1..6_000i64 {
        db.queue("INSERT INTO q SELECT CAST(?1 AS bigint), v || '.' FROM q WHERE id = CAST(?1 AS bigint) - 1", args![i]).unwrap();
    }
    // Arrays: many rows in one statement, any text in them.
    let texts = vec!["Hà Giang".to_string(), "a \"quoted\", {braced} \\ text".to_string()];
    db.queue(
        "INSERT INTO q SELECT 6000 + u.o, u.v FROM unnest(CAST(?1 AS text[])) WITH ORDINALITY AS u(v, o) WHERE u.o = ANY(CAST(?2 AS bigint[]))",
        &[Arg::Texts(texts.clone()), Arg::Ints(vec![1, 2])],
    )
    .unwrap();
    assert_eq!(db.one::<i64>("SELECT count(*) FROM q", args![]).unwrap(), 6_002);
    assert_eq!(db.one::<i64>("SELECT length(v) FROM q WHERE id = 5999", args![]).unwrap(), "đầu".chars().count() as i64 + 5_999);
    assert_eq!(db.rows("SELECT v FROM q WHERE id > 6000 ORDER BY id", args![], |r| r.get::<String>(0)).unwrap(), texts);
    // A queued statement's error comes with the next statement that waits; the transaction is
    // then rolled back.
    {
        let tx = conn.begin().unwrap();
        let t = Db::Pg(tx.conn());
        t.queue("INSERT INTO q VALUES (9000, 'mới')", args![]).unwrap();
        t.queue("INSERT INTO q VALUES (1, 'again')", args![]).unwrap();
        let e = t.one::<i64>("SELECT count(*) FROM q", args![]).unwrap_err().to_string();
        assert!(e.contains("q_pkey"), "{e}");
    }
    assert_eq!(db.one::<i64>("SELECT count(*) FROM q", args![]).unwrap(), 6_002);
    let tx = conn.begin().unwrap();
    Db::Pg(tx.conn()).queue("INSERT INTO q VALUES (2, 'again')", args![]).unwrap();
    assert!(tx.commit().unwrap_err().to_string().contains("q_pkey"));
    // The failed commit rolled the transaction back: the connection goes on.
    assert_eq!(db.one::<i64>("SELECT count(*) FROM q", args![]).unwrap(), 6_002);
    let tx = conn.begin().unwrap();
    Db::Pg(tx.conn()).queue("INSERT INTO q VALUES (7000, 'sau')", args![]).unwrap();
    tx.commit().unwrap();
    assert_eq!(db.one::<i64>("SELECT count(*) FROM q", args![]).unwrap(), 6_003);
    // SQLite takes no arrays, and says so.
    let lite = rusqlite::Connection::open_in_memory().unwrap();
    let e = Db::Lite(&lite).one::<i64>("SELECT ?1", &[Arg::Ints(vec![1])]).unwrap_err().to_string();
    assert!(e.contains("PostgreSQL"), "{e}");
}

#[test]
fn a_snapshot_reads_the_database_as_its_first_statement_saw_it() {
    use chidao_store::db::{Db, args};
    let Some(admin) = chidao_testkit::postgres("store::postgres::a_snapshot_reads_the_database_as_its_first_statement_saw_it") else { return };
    let pgdb = PgDatabase::new(&admin, "snapshot");
    let (reader, writer) = (connect(&pgdb), connect(&pgdb));
    let (r, w) = (Db::Pg(&reader), Db::Pg(&writer));
    r.batch("CREATE TABLE t (id bigint PRIMARY KEY)").unwrap();
    let count = || r.one::<i64>("SELECT count(*) FROM t", args![]);
    let seen = r
        .snapshot(|| {
            let before = count()?;
            w.exec("INSERT INTO t VALUES (1)", args![])?;
            Ok((before, count()?))
        })
        .unwrap();
    assert_eq!(seen, (0, 0), "a row committed by another connection meanwhile is not seen");
    assert_eq!(count().unwrap(), 1, "after the snapshot it is");
    // Reads only, and nested snapshots are the one snapshot.
    assert!(r.snapshot(|| r.exec("INSERT INTO t VALUES (2)", args![])).is_err());
    assert_eq!(r.snapshot(|| r.snapshot(count)).unwrap(), 1);
    // SQLite: the closure runs as it is.
    let lite = rusqlite::Connection::open_in_memory().unwrap();
    assert_eq!(Db::Lite(&lite).snapshot(|| Db::Lite(&lite).one::<i64>("SELECT 41 + 1", args![])).unwrap(), 42);
}

#[test]
fn a_register_moved_to_postgres_opens_there() {
    let Some(mut both) = common::Both::new("store::postgres::a_register_moved_to_postgres_opens_there", register) else { return };
    let hash = chidao_store::content_hash("không có");
    for s in both.stores() {
        assert!(s.needs_write("hop-ubnd.txt", hash).unwrap());
        assert!(s.disk_bytes().unwrap() > 0);
    }
    assert_eq!(both.pg.db().backend(), chidao_store::db::Backend::Postgres);
}

#[test]
fn the_seams_fragments_mean_the_same_on_both() {
    use chidao_store::db::{Db, args};
    let Some(admin) = chidao_testkit::postgres("store::postgres::the_seams_fragments_mean_the_same_on_both") else { return };
    let pgdb = PgDatabase::new(&admin, "fragments");
    let conn = connect(&pgdb);
    let lite = rusqlite::Connection::open_in_memory().unwrap();
    for db in [Db::Lite(&lite), Db::Pg(&conn)] {
        db.batch("CREATE TABLE t (id bigint PRIMARY KEY, name text)").unwrap();
        db.exec("INSERT INTO t VALUES (1, 'Tân Lộc'), (2, 'Hòa Lạc'), (3, 'Tân Hòa')", args![]).unwrap();
        let ids = db.rows(&format!("SELECT id FROM t WHERE id IN ({}) ORDER BY id", db.ints_in("?1")), args!["[1,3]"], |r| r.get::<i64>(0)).unwrap();
        assert_eq!(ids, [1, 3], "{db:?}");
        let ids = db.rows(&format!("SELECT id FROM t WHERE name IN ({}) ORDER BY id", db.texts_in("?1")), args![r#"["Hòa Lạc","x"]"#], |r| r.get::<i64>(0)).unwrap();
        assert_eq!(ids, [2], "{db:?}");
        let ids = db.rows(&format!("SELECT id FROM t WHERE {} ORDER BY id", db.contains("name", "?1")), args!["Tân"], |r| r.get::<i64>(0)).unwrap();
        assert_eq!(ids, [1, 3], "{db:?}");
    }
}

/// Ingests the same documents, in the same order, into a register: the district's documents and
/// the cascade's, a near-copy of one, then a new version of one (its facts replaced).
fn ingest_all(s: &mut Store) {
    for (id, text) in common::DISTRICT_DOCS {
        s.ingest_one(id, text.as_bytes()).unwrap();
    }
    for (id, bytes) in chidao_testkit::cascade_fixtures() {
        s.ingest_one(&id, &bytes).unwrap();
    }
    // Undated, and dated by month only: the canonical order puts them after the dated ones, the
    // undated first (SQLite's NULL first, which PostgreSQL must be told).
    s.ingest_one("khong-ngay.txt", "Ông Phạm Minh Đức, Phó Chủ tịch UBND xã Tân Hòa, yêu cầu các thôn rà soát hộ nghèo theo Chỉ thị 12-CT/HU.".as_bytes()).unwrap();
    s.ingest_one("thang-sau.txt", "Tháng 6, ông Phạm Minh Đức, Bí thư Đảng ủy xã Tân Hòa, chủ trì hội nghị quán triệt Chỉ thị 12-CT/HU.".as_bytes()).unwrap();
    let (id, text) = common::DISTRICT_DOCS[0];
    s.ingest_one("ban-sao.txt", format!("{text}\nNguồn: Cổng thông tin huyện.").as_bytes()).unwrap();
    let changed = text.replace("trước ngày 15/6/2024", "trước ngày 30/6/2024");
    let (out, _) = s.ingest_one_with(id, changed.as_bytes(), true).unwrap();
    assert!(out.updated);
}

#[test]
fn ingest_into_postgres_gives_the_register_sqlite_gives() {
    let Some(admin) = chidao_testkit::postgres("store::postgres::ingest_into_postgres_gives_the_register_sqlite_gives") else { return };
    let db = PgDatabase::new(&admin, "ingest");
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    ingest_all(&mut Store::open(&a).unwrap());
    {
        let mut pg = Store::open_location(&location(&db), chidao_store::Access::Create).unwrap();
        pg.bulk_writer(64).unwrap();
        ingest_all(&mut pg);
        let copies: i64 = pg.db().one("SELECT count(*) FROM documents WHERE dup_of IS NOT NULL", chidao_store::db::args![]).unwrap();
        assert_eq!(copies, 1, "the near-copy is linked on PostgreSQL too");
        // What the bulk writer left in the full-text indexes' pending lists is merged when the
        // ingest ends: nothing is left to merge.
        pg.maintain_search(false).unwrap();
        let left: i64 = pg
            .db()
            .one(
                "SELECT coalesce(sum(gin_clean_pending_list(c.oid)), 0) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                 JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'gin'",
                chidao_store::db::args![],
            )
            .unwrap();
        assert_eq!(left, 0);
    }
    // Back into a file, where every table compares with SQLite's own register.
    transfer::migrate(&location(&db), &Location::File(b.clone()), &mut |_| {}).unwrap();
    let (sa, sb) = (Store::open(&a).unwrap(), Store::open(&b).unwrap());
    for s in [&sa, &sb] {
        s.connection().execute("UPDATE documents SET ingested_at = ''", []).unwrap();
        // FTS5's upkeep counters (PostgreSQL's index has none).
        s.connection().execute("DELETE FROM meta WHERE key LIKE 'fts_deleted_%'", []).unwrap();
    }
    for t in TABLES {
        same_rows(sa.connection(), sb.connection(), t);
    }
    for t in ["documents", "persons", "directives", "events", "tasks", "orgs", "figures"] {
        assert!(!rows(sa.connection(), t).is_empty(), "{t} has rows");
    }
}

/// A register's content without its ids: each table's row count, and what the entities are.
fn content(s: &Store) -> Vec<String> {
    let db = s.db();
    let mut out = Vec::new();
    for t in TABLES {
        out.push(format!("{t}: {}", db.one::<i64>(&format!("SELECT count(*) FROM {t}"), chidao_store::db::args![]).unwrap()));
    }
    for sql in [
        "SELECT d.ext_id || ' ' || coalesce(o.ext_id, '-') FROM documents d LEFT JOIN documents o ON o.id = d.dup_of",
        "SELECT t.key || ' ' || d.ext_id || ' ' || coalesce(t.assignee, '') || ' ' || coalesce(t.due, '') FROM tasks t JOIN documents d ON d.id = t.doc",
        "SELECT p.key || ' ' || p.name || ' ' || (SELECT count(*) FROM person_mentions m WHERE m.person = p.id) FROM persons p",
        "SELECT coalesce(code, number) || ' ' || (SELECT count(*) FROM directive_mentions m WHERE m.directive = r.id) FROM directives r",
        "SELECT o.key || ' ' || o.name FROM orgs o",
        "SELECT e.kind || ' ' || coalesce(e.date, '') || ' ' || (SELECT count(*) FROM event_mentions m WHERE m.event = e.id) FROM events e",
    ] {
        let mut rows: Vec<String> = db.rows(sql, chidao_store::db::args![], |r| r.get(0)).unwrap();
        rows.sort();
        out.extend(rows);
    }
    out
}

#[test]
fn two_ingests_at_once_give_the_register_one_gives() {
    let Some(admin) = chidao_testkit::postgres("store::postgres::two_ingests_at_once_give_the_register_one_gives") else { return };
    let (one, two) = (PgDatabase::new(&admin, "ingest_one"), PgDatabase::new(&admin, "ingest_two"));
    let mut docs: Vec<(String, Vec<u8>)> = common::DISTRICT_DOCS.iter().map(|(id, t)| (id.to_string(), t.as_bytes().to_vec())).collect();
    docs.extend(chidao_testkit::cascade_fixtures());
    let mut single = Store::open_location(&location(&one), chidao_store::Access::Create).unwrap();
    for (id, bytes) in &docs {
        single.ingest_one(id, bytes).unwrap();
    }
    // The schema first, then two writers, each with half the documents, at once.
    drop(Store::open_location(&location(&two), chidao_store::Access::Create).unwrap());
    let halves: Vec<Vec<(String, Vec<u8>)>> = vec![docs.iter().step_by(2).cloned().collect(), docs.iter().skip(1).step_by(2).cloned().collect()];
    std::thread::scope(|sc| {
        for half in &halves {
            let at = location(&two);
            sc.spawn(move || {
                let mut s = Store::open_location(&at, chidao_store::Access::Write).unwrap();
                for (id, bytes) in half {
                    s.ingest_one(id, bytes).unwrap();
                }
            });
        }
    });
    let both = Store::open_location(&location(&two), chidao_store::Access::Read).unwrap();
    assert_eq!(content(&single), content(&both));
    assert!(content(&single).iter().any(|l| l.starts_with("tasks: ") && l != "tasks: 0"));
}
