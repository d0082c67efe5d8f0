//! One unit's tasks count together however the texts spell it (issue 10): the board's assignees
//! and the assignee filter compare unit keys, and a register written by an older build gets its
//! keys recomputed when it is next opened for writing.

use chidao_store::{Store, TaskQuery};

const A: &str = "Ngày 12/3/2024, Chủ tịch UBND tỉnh Hòa Lạc Lê Văn Tâm yêu cầu UBND huyện Tân Lộc hoàn thành việc giải phóng mặt bằng trước ngày 30/6/2024.\n";
const B: &str = "Ngày 20/3/2024, Phó Chủ tịch UBND tỉnh Hòa Lạc Trần Thị Mai yêu cầu Ủy ban nhân dân huyện Tân Lộc báo cáo kết quả kiểm tra trước ngày 15/4/2024.\n";

fn register(dir: &std::path::Path) -> Store {
    let mut s = Store::open(&dir.join("r.db")).unwrap();
    s.ingest_one("a.txt", A.as_bytes()).unwrap();
    s.ingest_one("b.txt", B.as_bytes()).unwrap();
    s
}

fn check(s: &Store) {
    let top = s.task_assignees(Some("2024-05-01"), false, 10).unwrap();
    let tan_loc: Vec<_> = top.iter().filter(|a| a.assignee.contains("Tân Lộc")).collect();
    assert_eq!(tan_loc.len(), 1, "one row for the district's People's Committee: {top:#?}");
    assert_eq!(tan_loc[0].total, 2);
    let q = |a: &str| TaskQuery { assignee: Some(a.into()), as_of: Some("2024-05-01".into()), ..Default::default() };
    assert_eq!(s.tasks(&q("\"UBND huyện Tân Lộc\"")).unwrap().len(), 2);
    assert_eq!(s.tasks(&q("ủy ban nhân dân huyện tân lộc")).unwrap().len(), 2);
}

#[test]
fn spellings_of_one_unit_count_together() {
    let dir = tempfile::tempdir().unwrap();
    let s = register(dir.path());
    check(&s);
}

#[test]
fn an_older_registers_keys_are_recomputed() {
    let dir = tempfile::tempdir().unwrap();
    drop(register(dir.path()));
    // As an older build wrote them: the folded spelling, no record of the key version.
    let c = rusqlite::Connection::open(dir.path().join("r.db")).unwrap();
    c.execute_batch("UPDATE tasks SET assignee_key = lower(assignee); DELETE FROM meta WHERE key = 'unit_keys';").unwrap();
    drop(c);
    let s = Store::open(&dir.path().join("r.db")).unwrap();
    check(&s);
}
