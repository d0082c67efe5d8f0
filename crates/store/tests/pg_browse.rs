//! Browsing, the cascade, corrections, task statuses, users and sources on both backends (issue
//! 14): the same register in SQLite and moved into PostgreSQL answers every question the same
//! way, and writes made on each leave the same rows. Sessions and tokens live in the database, so
//! two stores opened on one PostgreSQL register (two `chidao serve` instances) share them.
//! Needs a PostgreSQL server (`CHIDAO_TEST_PG`); skipped with a message without one.

use std::path::Path;

use chidao_store::{Access, Action, DocRange, EventQuery, Location, NewCorrection, Role, Store, StoreError};
use serde::Serialize;

mod common;
use common::Both;

/// A fictional report of a province's meeting, repeated into a long document.
const REPORT: &str = "Sáng 12/3/2024, Ban Thường vụ Tỉnh ủy Hòa Lạc tổ chức hội nghị sơ kết 2 năm thực hiện Chỉ thị 08-CT/TU. Đồng chí Lê Văn Tâm, Bí thư Tỉnh ủy chủ trì hội nghị.

Kết luận hội nghị, đồng chí Lê Văn Tâm yêu cầu Sở Nội vụ hoàn thành đề án sắp xếp bộ máy trước ngày 30/6/2024. Đồng chí đề nghị Công an tỉnh tăng cường tuần tra trong dịp lễ.";

/// A fictional notice as a web page: its original is kept.
const PAGE: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Thông báo kết luận của Chủ tịch UBND huyện Tân Lộc</title></head>
<body><h1>Thông báo kết luận của Chủ tịch UBND huyện Tân Lộc</h1>
<p>Ngày 20/3/2024, Chủ tịch UBND huyện Tân Lộc Phạm Minh Đức chủ trì họp giao ban. Chủ tịch yêu cầu Phòng Tài nguyên và Môi trường hoàn thành rà soát đất công trước ngày 30/5/2024.</p>
</body></html>";

fn long_text() -> String {
    let mut s = (0..60).map(|_| REPORT).collect::<Vec<_>>().join("\n\n");
    s.push('\n');
    s
}

/// The office's register, a long report, a web page, a task a clerk added (with a status) and
/// edits of an event and a person.
fn fill(path: &Path) -> Store {
    let mut s = common::office_register(path);
    s.ingest_one("dai.txt", long_text().as_bytes()).unwrap();
    s.ingest_one("thong-bao.html", PAGE.as_bytes()).unwrap();
    let text = s.document_text("hop-ubnd.txt").unwrap().unwrap();
    let sentence = "Ông đề nghị UBND các xã rà soát các hộ dân sống ven sông.";
    let at = text.find(sentence).expect("the sentence");
    let added = s
        .add_correction(
            &NewCorrection {
                doc: "hop-ubnd.txt".into(),
                kind: "task".into(),
                span: (at, at + sentence.len()),
                action: Action::Add,
                field: None,
                value: Some(serde_json::json!({"assignee": "UBND các xã", "deadline": "30/4/2024"})),
                note: Some("bổ sung".into()),
            },
            "van_thu",
        )
        .unwrap();
    s.set_task_status(&format!("user-{}", added.id), "in_progress", Some("đang rà soát"), None, "van_thu").unwrap();
    let view = s.document("hop-ubnd.txt").unwrap().unwrap();
    for (kind, field, value) in [("event", "place", "Hội trường UBND huyện"), ("person", "rank", "Đại tá")] {
        let f = view.facts.iter().find(|f| f.kind == kind).unwrap_or_else(|| panic!("a {kind} in hop-ubnd.txt"));
        let c = NewCorrection {
            doc: "hop-ubnd.txt".into(),
            kind: kind.into(),
            span: f.span,
            action: Action::Edit,
            field: Some(field.into()),
            value: Some(serde_json::Value::String(value.into())),
            note: None,
        };
        s.add_correction(&c, "van_thu").unwrap();
    }
    s
}

fn both(test: &str) -> Option<Both> {
    Both::new(test, fill)
}

/// As JSON, to compare values that do not derive `PartialEq`.
fn json<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap()
}

/// The same answer on both, and not an error; returns SQLite's. A question whose code is not on
/// PostgreSQL yet (another part of the port: the task list, the directive look-up, the
/// organisation look-up) says so and is skipped on PostgreSQL, so that this test follows that
/// work when it lands.
fn same<T: Serialize>(what: &str, lite: chidao_store::Result<T>, pg: chidao_store::Result<T>) -> Option<T> {
    let lite = lite.unwrap_or_else(|e| panic!("{what} on SQLite: {e}"));
    match pg {
        Err(StoreError::NotOnPostgres(_)) => {
            eprintln!("{what}: not on PostgreSQL yet, compared on SQLite only");
            None
        }
        Err(e) => panic!("{what} on PostgreSQL: {e}"),
        Ok(pg) => {
            assert_eq!(json(&lite), json(&pg), "{what}");
            Some(lite)
        }
    }
}

/// A JSON value without its timestamps (rows written now on each backend).
fn untimed(mut v: serde_json::Value) -> serde_json::Value {
    match &mut v {
        serde_json::Value::Object(m) => {
            for k in ["created_at", "at", "updated_at"] {
                m.remove(k);
            }
            for x in m.values_mut() {
                *x = untimed(x.take());
            }
        }
        serde_json::Value::Array(a) => {
            for x in a.iter_mut() {
                *x = untimed(x.take());
            }
        }
        _ => {}
    }
    v
}

#[test]
fn documents_read_the_same() {
    let Some(b) = both("store::pg_browse::documents_read_the_same") else { return };
    let (l, p) = (&b.lite, &b.pg);
    let docs = same("documents", l.documents(0, 100), p.documents(0, 100)).unwrap();
    assert!(docs.len() >= 6, "{docs:?}");
    same("documents page", l.documents(2, 3), p.documents(2, 3));
    let mut orgs = Vec::new();
    for d in &docs {
        let v = same(&format!("document {}", d.id), l.document(&d.id), p.document(&d.id)).unwrap().unwrap();
        assert!(!v.facts.is_empty() && !v.text.is_empty(), "{}", d.id);
        orgs.extend(v.facts.iter().filter(|f| f.kind == "org").filter_map(|f| f.entity));
        same(&format!("header of {}", d.id), l.document_header(&d.id), p.document_header(&d.id));
        same(&format!("source of {}", d.id), l.source(&d.id), p.source(&d.id));
    }
    let view = l.document("hop-ubnd.txt").unwrap().unwrap();
    assert!(view.facts.iter().any(|f| f.added && f.attrs.get("status").map(String::as_str) == Some("in_progress")), "the added task and its status");
    assert!(view.facts.iter().any(|f| f.kind == "event" && !f.corrections.is_empty()), "the edited event");
    assert!(view.facts.iter().any(|f| f.kind == "task" && f.attrs.contains_key("confidence") && f.attrs.contains_key("reasons")));
    assert!(docs.iter().any(|d| l.document_header(&d.id).unwrap().is_some_and(|h| !h.implements.is_empty() || !h.basis.is_empty())), "a header with relations");
    assert!(!orgs.is_empty());
    for id in orgs.iter().take(5).copied().chain([-1]) {
        same(&format!("org {id}"), l.org_name(id), p.org_name(id));
    }
    assert!(same("missing document", l.document("nope.txt"), p.document("nope.txt")).unwrap().is_none());

    // The web page's original.
    let src = same("source", l.source("thong-bao.html"), p.source("thong-bao.html")).unwrap();
    assert_eq!(src.map(|s| s.format).as_deref(), Some("html"));
    let (lo, po) = (l.original("thong-bao.html").unwrap().unwrap(), p.original("thong-bao.html").unwrap().unwrap());
    assert_eq!((lo.name, lo.media_type, lo.bytes), (po.name, po.media_type, po.bytes));
    assert!(p.original("dai.txt").unwrap().is_none());
}

#[test]
fn a_batch_records_an_original_on_both() {
    let Some(mut b) = both("store::pg_browse::a_batch_records_an_original_on_both") else { return };
    // Row ids moved as they were.
    let row: i64 = b.lite.connection().query_row("SELECT id FROM documents WHERE ext_id = 'thong-bao.html'", [], |r| r.get(0)).unwrap();
    let mut src = b.lite.source("thong-bao.html").unwrap().expect("the page's original");
    src.name = "thong-bao-moi.html".into();
    for s in b.stores() {
        let mut batch = s.batch().unwrap();
        batch.put_source(row, &src, Some(PAGE.as_bytes())).unwrap();
        batch.put_source(row, &src, Some(b"<html><body><p>Ban sao.</p></body></html>")).unwrap();
        match batch.commit() {
            // Committing resolves entities, which the ingest's port brings to PostgreSQL.
            Err(StoreError::NotOnPostgres(_)) => {
                eprintln!("a batch's commit: not on PostgreSQL yet (the original was written, then rolled back)");
                continue;
            }
            r => r.unwrap(),
        }
        assert_eq!(s.source("thong-bao.html").unwrap().map(|x| x.name).as_deref(), Some("thong-bao-moi.html"));
        assert_eq!(s.original("thong-bao.html").unwrap().unwrap().bytes, b"<html><body><p>Ban sao.</p></body></html>");
    }
}

#[test]
fn a_long_document_reads_in_parts_the_same() {
    let Some(b) = both("store::pg_browse::a_long_document_reads_in_parts_the_same") else { return };
    let (l, p) = (&b.lite, &b.pg);
    let parts = same("parts", l.document_parts("dai.txt", 4 * 1024), p.document_parts("dai.txt", 4 * 1024)).unwrap().unwrap();
    assert!(parts.len() > 3, "{parts:?}");
    assert!(same("no parts", l.document_parts("nope.txt", 1024), p.document_parts("nope.txt", 1024)).unwrap().is_none());
    let text = l.document_text("dai.txt").unwrap().unwrap();
    // A multi-byte character: a range ending inside it is cut back, one starting inside it refused.
    let inside = text.char_indices().find(|(i, c)| *i > 300 && c.len_utf8() > 1).map(|(i, _)| i + 1).unwrap();
    let ranges = [
        DocRange { start: parts[1].0, end: Some(parts[1].1), kind: None, offset: 0, limit: usize::MAX },
        DocRange { start: parts[2].0, end: Some(parts[2].1), kind: Some("person".into()), offset: 1, limit: 3 },
        DocRange { start: 0, end: Some(inside), kind: None, offset: 0, limit: 5 },
        DocRange { start: parts[3].0, end: None, kind: Some("task".into()), offset: 0, limit: 10 },
    ];
    for r in &ranges {
        let v = same(&format!("range {r:?}"), l.document_range("dai.txt", r), p.document_range("dai.txt", r)).unwrap().unwrap();
        assert!(!v.text.is_empty() && v.facts_total > 0, "{r:?}");
    }
    for r in [
        DocRange { start: inside, end: None, kind: None, offset: 0, limit: 5 },
        DocRange { start: text.len() + 1, end: None, kind: None, offset: 0, limit: 5 },
        DocRange { start: 0, end: None, kind: Some("nothing".into()), offset: 0, limit: 5 },
    ] {
        for s in [l, p] {
            assert!(matches!(s.document_range("dai.txt", &r), Err(StoreError::Invalid(_))), "{r:?}");
        }
    }
}

#[test]
fn events_and_the_cascade_are_the_same() {
    let Some(b) = both("store::pg_browse::events_and_the_cascade_are_the_same") else { return };
    let (l, p) = (&b.lite, &b.pg);
    let all = same("events", l.events(&EventQuery::default()), p.events(&EventQuery::default())).unwrap();
    assert!(all.len() >= 2, "{all:?}");
    assert!(all.iter().any(|e| e.evidence.iter().any(|v| v.corrected)), "the edited event");
    let queries = [
        EventQuery { kind: Some("họp".into()), ..Default::default() },
        EventQuery { from: Some("1/3/2024".into()), to: Some("10/3/2024".into()), ..Default::default() },
        EventQuery { reposts: true, ..Default::default() },
        EventQuery { offset: Some(1), limit: Some(1), ..Default::default() },
        EventQuery { org: Some("Huyện ủy Tân Lộc".into()), ..Default::default() },
    ];
    for q in &queries {
        same(&format!("events {q:?}"), l.events(q), p.events(q));
    }
    let trees = same("cascade", l.directive_trees("07-CT/TU", Some("2026-04-10"), false), p.directive_trees("07-CT/TU", Some("2026-04-10"), false));
    if let Some(trees) = trees {
        assert!(!trees.is_empty() && !trees[0].root.children.is_empty(), "{trees:?}");
    }
    let id = l.directive("07-CT/TU").unwrap().first().map(|c| c.id).expect("the directive");
    same("one tree", l.directive_tree(id, Some("2026-04-10")), p.directive_tree(id, Some("2026-04-10")));
}

#[test]
fn corrections_and_task_statuses_are_the_same() {
    let Some(mut b) = both("store::pg_browse::corrections_and_task_statuses_are_the_same") else { return };
    let listed = same("corrections", b.lite.corrections(None, true, 100), b.pg.corrections(None, true, 100)).unwrap();
    assert!(listed.len() >= 3, "{listed:?}");
    same("corrections of a document", b.lite.corrections(Some("hop-ubnd.txt"), false, 2), b.pg.corrections(Some("hop-ubnd.txt"), false, 2));
    let overlay = |s: &Store, kind: Option<&str>| {
        let ov = s.overlay(None, kind).unwrap();
        let mut docs: Vec<String> = ov.docs().map(str::to_string).collect();
        docs.sort();
        let mut added: Vec<i64> = ov.added().map(|c| c.id).collect();
        added.sort();
        let of: Vec<Vec<i64>> = listed.iter().map(|c| ov.of(&c.doc, &c.kind, c.span).map(|c| c.id).collect()).collect();
        (docs, added, of)
    };
    for kind in [None, Some("event"), Some("task")] {
        let (a, z) = (overlay(&b.lite, kind), overlay(&b.pg, kind));
        assert_eq!(a, z, "overlay of {kind:?}");
        assert!(!a.0.is_empty());
    }

    // A correction added and withdrawn on each: the same rows.
    let person = b.lite.document("so-ket.txt").unwrap().unwrap().facts.into_iter().find(|f| f.kind == "person").expect("a person");
    let c = NewCorrection {
        doc: "so-ket.txt".into(),
        kind: "person".into(),
        span: person.span,
        action: Action::Reject,
        field: None,
        value: None,
        note: Some("không phải cán bộ".into()),
    };
    let made = b.stores().map(|s| s.add_correction(&c, "van_thu").unwrap());
    assert_eq!(untimed(json(&made[0])), untimed(json(&made[1])));
    let gone = b.stores().map(|s| s.withdraw_correction(made[0].id).unwrap());
    assert_eq!(untimed(json(&gone[0])), untimed(json(&gone[1])));
    assert!(gone[1].withdrawn);
    for s in b.stores() {
        assert!(matches!(s.withdraw_correction(999_999), Err(StoreError::NotFound(_))));
        let wrong = NewCorrection { span: (0, 1), ..c.clone() };
        assert!(matches!(s.add_correction(&wrong, "van_thu"), Err(StoreError::NotFound(_))), "no person there");
    }
    let after = same("corrections after", b.lite.corrections(None, true, 100), b.pg.corrections(None, true, 100)).unwrap();
    assert_eq!(after.len(), listed.len() + 1);

    // A task's status set twice on each, and its log.
    let key = machine_task(&b.lite);
    let keys = b.stores().map(|s| s.task_key_of(&key[..8]).unwrap());
    assert_eq!(keys[0], keys[1]);
    for s in b.stores() {
        s.set_task_status(&key, "in_progress", Some("đang làm"), None, "ke_toan").unwrap();
        s.set_task_status(&key, "done", None, Some("2024-04-02"), "ke_toan").unwrap();
        assert!(matches!(s.set_task_status(&key, "paused", None, None, "ke_toan"), Err(StoreError::Invalid(_))));
        assert!(matches!(s.task_key_of("ffffffff"), Err(StoreError::NotFound(_))));
        assert!(matches!(s.task_key_of("user-999999"), Err(StoreError::NotFound(_))));
    }
    let (a, z) = (b.lite.task_log(&key).unwrap(), b.pg.task_log(&key).unwrap());
    assert!(a.len() >= 2, "{a:?}");
    assert_eq!(untimed(json(&a)), untimed(json(&z)));
    same("tasks updated by", b.lite.tasks_updated_by("ke_toan"), b.pg.tasks_updated_by("ke_toan"));
    assert!(!b.pg.tasks_updated_by("van_thu").unwrap().is_empty());
    same("assignee", b.lite.task_assignee(&key), b.pg.task_assignee(&key));
    let user_task = listed.iter().find(|c| c.action == Action::Add).map(|c| format!("user-{}", c.id)).expect("the added task");
    assert_eq!(same("added task's assignee", b.lite.task_assignee(&user_task), b.pg.task_assignee(&user_task)).unwrap().as_deref(), Some("UBND các xã"));
    same("added task's key", b.lite.task_key_of(&user_task), b.pg.task_key_of(&user_task));
}

/// The key of the machine-read task whose status the fixture set.
fn machine_task(s: &Store) -> String {
    s.tasks_updated_by("van_thu").unwrap().into_iter().find(|k| !k.starts_with("user-")).expect("a machine task in the log")
}

#[test]
fn users_sessions_and_tokens_are_the_same() {
    let Some(mut b) = both("store::pg_browse::users_sessions_and_tokens_are_the_same") else { return };
    let listed = same("users", b.lite.users(), b.pg.users()).unwrap();
    assert_eq!(listed.len(), 1);
    same("user count", b.lite.user_count(), b.pg.user_count());
    same("user", b.lite.user("LÊ VĂN TÂM"), b.pg.user("lê văn tâm"));
    for s in b.stores() {
        let a = s.add_user("Quản trị", Role::Admin, None, "mật khẩu dài").unwrap();
        assert!(s.add_user("quản trị", Role::Viewer, None, "mật khẩu dài").is_err(), "names are unique in any case");
        let e = s.set_role("Lê Văn Tâm", Role::Viewer, Some("Phòng Nội vụ")).unwrap();
        assert_eq!(e.role, Role::Viewer);
        assert!(s.set_role("quản trị", Role::Editor, None).is_err(), "the last admin stays");
        assert_eq!(s.check_password("quản trị", "mật khẩu dài").unwrap().map(|u| u.id), Some(a.id));
        assert!(s.check_password("quản trị", "sai").unwrap().is_none());
        assert!(s.check_password("không ai", "mật khẩu dài").unwrap().is_none());

        let sid = s.create_session(Some(a.id)).unwrap();
        assert_eq!(s.session(&sid).unwrap().flatten().map(|u| u.name).as_deref(), Some("Quản trị"));
        let anon = s.create_session(None).unwrap();
        assert_eq!(s.session(&anon).unwrap(), Some(None));
        s.revoke_session(&anon).unwrap();
        assert!(s.session(&anon).unwrap().is_none());
        s.set_password("quản trị", "mật khẩu mới dài").unwrap();
        assert!(s.session(&sid).unwrap().is_none(), "a new password ends the sessions");

        let (_, tok) = s.issue_token("Lê Văn Tâm").unwrap();
        assert_eq!(s.token_user(&tok).unwrap().map(|u| u.name).as_deref(), Some("Lê Văn Tâm"));
        assert!(s.token_user("chidao_0000").unwrap().is_none());
        s.remove_user("lê văn tâm").unwrap();
        assert!(s.token_user(&tok).unwrap().is_none(), "tokens go with their user");
        assert!(s.remove_user("quản trị").is_ok(), "the last user may go");
    }
    let (a, z) = (b.lite.users().unwrap(), b.pg.users().unwrap());
    assert_eq!(untimed(json(&a)), untimed(json(&z)));
    assert!(a.is_empty());
    same("user count after", b.lite.user_count(), b.pg.user_count());
}

#[test]
fn sessions_are_shared_by_the_stores_of_one_register() {
    let Some(b) = both("store::pg_browse::sessions_are_shared_by_the_stores_of_one_register") else { return };
    let at = Location::parse(b.db.url.as_ref());
    let mut one = Store::open_location(&at, Access::Write).unwrap();
    let mut two = Store::open_location(&at, Access::Write).unwrap();
    let user = one.user("Lê Văn Tâm").unwrap().expect("the fixture's user");

    // A session made by one server is seen by the other; signing out on either ends it.
    let sid = one.create_session(Some(user.id)).unwrap();
    assert_eq!(two.session(&sid).unwrap().flatten().map(|u| u.id), Some(user.id));
    two.revoke_session(&sid).unwrap();
    assert!(one.session(&sid).unwrap().is_none());

    // A new password set through one ends the sessions the other sees.
    let sid = two.create_session(Some(user.id)).unwrap();
    assert!(one.session(&sid).unwrap().is_some());
    one.set_password("Lê Văn Tâm", "mật khẩu thứ hai").unwrap();
    assert!(two.session(&sid).unwrap().is_none());
    assert!(two.check_password("Lê Văn Tâm", "mật khẩu thứ hai").unwrap().is_some());

    // A token issued by one signs in on the other, until its user is removed there.
    let (_, tok) = two.issue_token("Lê Văn Tâm").unwrap();
    assert_eq!(one.token_user(&tok).unwrap().map(|u| u.id), Some(user.id));
    let admin = one.add_user("Quản trị", Role::Admin, None, "mật khẩu dài").unwrap();
    assert_eq!(two.user("quản trị").unwrap().map(|u| u.id), Some(admin.id));
    two.remove_user("Lê Văn Tâm").unwrap();
    assert!(one.token_user(&tok).unwrap().is_none());
    drop(b);
}
