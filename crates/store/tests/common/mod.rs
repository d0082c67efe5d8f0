//! Fixtures shared by the store's tests: fictional documents of the genre, and the same register
//! on both backends.
#![allow(dead_code)]

use std::path::Path;

use chidao_store::{Access, Action, Location, NewCorrection, Role, Store};
use chidao_testkit::PgDatabase;

/// A district's meeting (three tasks: two with a deadline, one without) and a party committee's
/// review of a directive (tasks implementing it).
pub const DISTRICT_DOCS: [(&str, &str); 2] = [
    (
        "hop-ubnd.txt",
        "UBND huyện Tân Lộc họp bàn phòng chống thiên tai

Sáng 4/3/2024, UBND huyện Tân Lộc họp bàn công tác phòng chống thiên tai năm 2024. Chủ tịch UBND huyện Tân Lộc Phạm Minh Đức yêu cầu Phòng Nông nghiệp và Phát triển nông thôn hoàn thành kế hoạch ứng phó bão lũ trước ngày 31/3/2024. Ông đề nghị UBND các xã rà soát các hộ dân sống ven sông. Ban Chỉ huy quân sự huyện phải báo cáo phương án sơ tán trước ngày 15/6/2024.
",
    ),
    (
        "so-ket.txt",
        "Sơ kết Chỉ thị 12-CT/HU của Huyện ủy Tân Lộc

Ngày 6/3/2024, Ban Thường vụ Huyện ủy Tân Lộc sơ kết một năm thực hiện Chỉ thị 12-CT/HU. Bí thư Huyện ủy Tân Lộc Trần Thị Hoa yêu cầu các chi bộ tiếp tục quán triệt Chỉ thị 12-CT/HU. Đồng chí đề nghị Ủy ban Kiểm tra Huyện ủy tăng cường kiểm tra việc thực hiện chỉ thị.
",
    ),
];

/// A user's edit of a task's field (no note).
pub fn task_edit(doc: &str, span: (usize, usize), field: &str, value: &str) -> NewCorrection {
    NewCorrection { doc: doc.into(), kind: "task".into(), span, action: Action::Edit, field: Some(field.into()), value: Some(value.into()), note: None }
}

/// A register with rows in as many tables as an office's work fills, at `path`: the district's
/// documents and the cascade's official texts (headers, relations), a task's status and log, a
/// correction, a user with a session and a token.
pub fn office_register(path: &Path) -> Store {
    let mut s = Store::open(path).unwrap();
    for (id, text) in DISTRICT_DOCS {
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

/// The same register on both backends: built in SQLite by `fill`, then moved into a database of
/// its own on the test server (`CHIDAO_TEST_PG`) with `chidao migrate`'s code. `None`, after
/// reporting the skip, without a server.
pub struct Both {
    /// The SQLite register.
    pub lite: Store,
    /// The same register on PostgreSQL.
    pub pg: Store,
    /// Its database (dropped with this).
    pub db: PgDatabase,
    _dir: tempfile::TempDir,
}

impl Both {
    /// The pair, or `None` without a server.
    pub fn new(test: &str, fill: impl FnOnce(&Path) -> Store) -> Option<Both> {
        let admin = chidao_testkit::postgres(test)?;
        let name: String = test.rsplit("::").next().unwrap_or(test).chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(40).collect();
        let db = PgDatabase::new(&admin, &name);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        drop(fill(&path));
        let pg = Location::parse(db.url.as_ref());
        chidao_store::transfer::migrate(&Location::File(path.clone()), &pg, &mut |_| {}).unwrap();
        let lite = Store::open(&path).unwrap();
        let pg = Store::open_location(&pg, Access::Write).unwrap();
        Some(Both { lite, pg, db, _dir: dir })
    }

    /// Both stores, SQLite first: `for s in both.stores() { … }`.
    pub fn stores(&mut self) -> [&mut Store; 2] {
        [&mut self.lite, &mut self.pg]
    }
}
