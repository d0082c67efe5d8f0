//! The task board, people, directives, statistics and the office's views read the same from a
//! register on PostgreSQL as from the SQLite file it was moved from (issue 14). Needs a
//! PostgreSQL server (`CHIDAO_TEST_PG`); skipped with a message without one.

use chidao_store::office::{ListQuery, Resolved, Scope};
use chidao_store::{Store, TaskQuery};
use serde::Serialize;

mod common;
use common::{Both, office_register};

const AS_OF: &str = "2024-05-01";

/// A value as JSON, to compare what both backends give.
fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

/// The same call on both stores gives the same, non-empty (when `nonempty`) JSON.
fn same<T: Serialize>(both: &Both, what: &str, nonempty: bool, f: impl Fn(&Store) -> T) -> String {
    let (a, b) = (json(&f(&both.lite)), json(&f(&both.pg)));
    assert_eq!(a, b, "{what}: SQLite and PostgreSQL differ");
    if nonempty {
        assert!(!["[]", "null", "{}", "\"\""].contains(&a.as_str()), "{what}: the fixture gives something to compare");
    }
    a
}

fn q(f: impl FnOnce(&mut TaskQuery)) -> TaskQuery {
    let mut q = TaskQuery { as_of: Some(AS_OF.into()), ..TaskQuery::default() };
    f(&mut q);
    q
}

#[test]
fn the_board_reads_the_same_on_both() {
    let Some(both) = Both::new("store::pg_tasks::the_board_reads_the_same_on_both", office_register) else { return };
    let all = same(&both, "tasks", true, |s| s.tasks(&q(|_| {})).unwrap());
    let tasks = both.lite.tasks(&q(|q| q.doubtful = true)).unwrap();
    assert!(tasks.len() >= 3, "{all}");
    let with_due = tasks.iter().find(|t| t.due.is_some()).expect("a task with a deadline");
    let assignee = tasks.iter().find_map(|t| t.assignee.clone()).expect("a task with an assignee");
    let doc = tasks[0].doc.clone();
    let queries: Vec<(&str, bool, TaskQuery)> = vec![
        ("doubtful", true, q(|q| q.doubtful = true)),
        ("reposts", true, q(|q| q.reposts = true)),
        ("due before", true, q(|q| q.due_before = Some("2024-12-31".into()))),
        ("overdue", true, q(|q| (q.overdue, q.as_of) = (true, Some("2025-01-01".into())))),
        ("state open overdue", true, q(|q| (q.state, q.as_of) = (Some("open_overdue".into()), Some("2025-01-01".into())))),
        ("an as-of day before every deadline", true, q(|q| q.as_of = Some("2024-01-02".into()))),
        ("state", true, q(|q| q.state = Some("no_deadline".into()))),
        ("state open in time", false, q(|q| q.state = Some("open_in_time".into()))),
        ("assignee", true, q(|q| q.assignee = Some(assignee.clone()))),
        ("exact assignee", true, q(|q| q.assignee = Some(format!("\"{assignee}\"")))),
        ("assignee folded", true, q(|q| q.assignee = Some(chidao_text::ascii_fold::ascii_fold(&assignee)))),
        ("directive", true, q(|q| q.directive = Some("12-CT/HU".into()))),
        ("status done", false, q(|q| q.status = Some("done".into()))),
        ("status open", true, q(|q| q.status = Some("open".into()))),
        ("kind", true, q(|q| q.kind = Some("directive".into()))),
        ("document", true, q(|q| q.doc = Some(doc.clone()))),
        ("paged", true, q(|q| (q.offset, q.limit) = (Some(1), Some(2)))),
    ];
    for (what, nonempty, tq) in &queries {
        same(&both, what, *nonempty, |s| s.tasks(tq).unwrap());
        same(&both, &format!("summary: {what}"), true, |s| s.task_summary(tq, 10).unwrap());
    }
    same(&both, "summary capped", true, |s| s.task_summary_at_most(&q(|_| {}), 10, 2).unwrap());
    same(&both, "one task", true, |s| s.task(&with_due.id, Some(AS_OF)).unwrap());
    same(&both, "one task by a prefix", true, |s| s.task(&with_due.id[..6], Some(AS_OF)).unwrap());
    for doubtful in [false, true] {
        same(&both, "assignees", true, |s| s.task_assignees(Some(AS_OF), doubtful, 10).unwrap());
    }
}

#[test]
fn people_directives_and_statistics_read_the_same_on_both() {
    let Some(both) = Both::new("store::pg_tasks::people_directives_and_statistics_read_the_same_on_both", office_register) else { return };
    let people = both.lite.people_list().unwrap();
    assert!(!people.is_empty());
    same(&both, "people list", true, |s| s.people_list().unwrap());
    for p in &people {
        same(&both, "person by id", true, |s| s.person_by_id(p.id).unwrap());
        same(&both, "person by name", true, |s| s.people(&p.name, true).unwrap());
        same(&both, "person by a word", false, |s| s.people(p.name.rsplit(' ').next().unwrap(), true).unwrap());
        same(&both, "tasks directed", false, |s| s.tasks_directed_by(p.id, usize::MAX).unwrap());
        same(&both, "events chaired", false, |s| s.events_chaired_by(p.id).unwrap());
    }
    assert!(people.iter().any(|p| !both.lite.tasks_directed_by(p.id, usize::MAX).unwrap().0.is_empty()), "someone directed a task");
    same(&both, "nobody", false, |s| s.person_by_id(999_999).unwrap());
    let directives = both.lite.directive_list(Some(AS_OF)).unwrap();
    assert!(!directives.is_empty());
    same(&both, "directive list", true, |s| s.directive_list(Some(AS_OF)).unwrap());
    let page = |s: &Store| chidao_store::office::select_directives(&s.directive_list(Some(AS_OF)).unwrap(), &ListQuery { limit: 50, doubtful: true, ..ListQuery::default() }).unwrap();
    same(&both, "a page of directives", true, page);
    for d in &directives {
        same(&both, "directive by id", true, |s| s.directive_by_id(d.id).unwrap());
        same(&both, "directive by code", false, |s| s.directives(&d.filter_value(), true).unwrap());
    }
    assert!(directives.iter().any(|d| !both.lite.directive_by_id(d.id).unwrap().unwrap().tasks.is_empty()), "a directive with tasks");
    // Statistics, but the bytes on disk (a file and a database server differ).
    let stats = |s: &Store| {
        let mut st = s.stats(Some(AS_OF)).unwrap();
        st.bytes = None;
        st
    };
    same(&both, "stats", true, stats);
    let docs = both.lite.tasks(&q(|q| q.doubtful = true)).unwrap();
    same(&both, "document text", true, |s| s.document_text(&docs[0].doc).unwrap());
    same(&both, "no document", false, |s| s.document_text("no-such-doc").unwrap());
}

#[test]
fn the_office_reads_the_same_on_both() {
    let Some(both) = Both::new("store::pg_tasks::the_office_reads_the_same_on_both", office_register) else { return };
    let unit = both.lite.office_tasks(&Resolved::default(), Some(AS_OF)).unwrap().into_iter().find_map(|o| o.task.assignee).expect("a task with a unit");
    let scopes = [
        ("all", Scope::default()),
        ("a unit", Scope { unit: Some(unit.clone()), ..Scope::default() }),
        ("a unit exactly", Scope { unit: Some(format!("\"{unit}\"")), ..Scope::default() }),
        ("a directive", Scope { directive: Some("12-CT/HU".into()), ..Scope::default() }),
        ("a period", Scope { from: Some("1/3/2024".into()), to: Some("30/6/2024".into()), ..Scope::default() }),
    ];
    for (what, scope) in &scopes {
        let r = |s: &Store| s.resolve_scope(scope).unwrap();
        same(&both, &format!("office tasks of {what}"), true, |s| s.office_tasks(&r(s), Some(AS_OF)).unwrap());
        same(&both, &format!("dashboard of {what}"), true, |s| s.dashboard(&r(s), Some(AS_OF), 5).unwrap());
        same(&both, &format!("due within of {what}"), false, |s| s.due_within(&r(s), Some("2024-03-01"), 120).unwrap());
    }
    same(&both, "due within", true, |s| s.due_within(&Resolved::default(), Some("2024-03-01"), 120).unwrap());
    same(&both, "a dashboard with overdue tasks", true, |s| s.dashboard(&Resolved::default(), Some("2025-01-01"), 5).unwrap().most_overdue);
    same(&both, "newest tasks", true, |s| s.newest_tasks(Some(AS_OF), 3, 2, 50).unwrap());
    same(&both, "newest tasks, one document", true, |s| s.newest_tasks(Some(AS_OF), 1, 0, 1).unwrap());
    let t = both.lite.office_tasks(&Resolved::default(), Some(AS_OF)).unwrap().remove(0);
    same(&both, "office task by id", true, |s| s.office_task_by_id(&t.task.id, Some(AS_OF)).unwrap());
}

#[test]
fn a_task_is_marked_done_on_either_backend() {
    let Some(mut both) = Both::new("store::pg_tasks::a_task_is_marked_done_on_either_backend", office_register) else { return };
    let open = both.lite.tasks(&q(|q| q.status = Some("open".into()))).unwrap();
    let id = open.iter().find(|t| t.due.is_some()).expect("an open task with a deadline").id.clone();
    for s in both.stores() {
        assert_eq!(s.set_task_done(&id[..8], Some("2024-04-02"), Some("xong")).unwrap(), id);
    }
    let done = same(&both, "after done", true, |s| s.task(&id, Some(AS_OF)).unwrap());
    assert!(done.contains("\"status\":\"done\"") && done.contains("2024-04-02") && done.contains("xong"), "{done}");
    same(&both, "stats after done", true, |s| {
        let mut st = s.stats(Some(AS_OF)).unwrap();
        st.bytes = None;
        st
    });
    for s in both.stores() {
        s.set_task_done(&id, None, None).unwrap();
    }
    let open = same(&both, "open again", true, |s| s.task(&id, Some(AS_OF)).unwrap());
    assert!(open.contains("\"status\":\"open\""), "{open}");
    same(&both, "the status done", false, |s| s.tasks(&q(|q| q.status = Some("done".into()))).unwrap());
}

/// A register of a year's plan: 300 reports ordered, each by its own day — more tasks than the
/// first page PostgreSQL's board reads (256), so the board goes on to the next pages.
fn many_tasks(path: &std::path::Path) -> Store {
    let mut s = Store::open(path).unwrap();
    let mut text = String::from("UBND huyện Tân Lộc ban hành kế hoạch năm\n\nNgày 2/1/2024, UBND huyện Tân Lộc ban hành kế hoạch công tác năm.");
    for i in 0..300 {
        let (day, month, year) = (1 + i % 28, 1 + (i / 28) % 12, 2024 + i / (28 * 12));
        text += &format!(" Chủ tịch UBND huyện Tân Lộc yêu cầu Phòng Tài chính - Kế hoạch hoàn thành báo cáo quyết toán trước ngày {day}/{month}/{year}.");
    }
    text.push('\n');
    s.ingest_one("ke-hoach.txt", text.as_bytes()).unwrap();
    s
}

#[test]
fn a_long_board_reads_the_same_on_both() {
    let Some(both) = Both::new("store::pg_tasks::a_long_board_reads_the_same_on_both", many_tasks) else { return };
    let all = both.lite.tasks(&q(|q| q.limit = Some(1000))).unwrap();
    assert!(all.len() >= 300, "{}", all.len());
    same(&both, "every task", true, |s| s.tasks(&q(|q| q.limit = Some(1000))).unwrap());
    same(&both, "a page past the first 256", true, |s| s.tasks(&q(|q| (q.offset, q.limit) = (Some(250), Some(20)))).unwrap());
    same(&both, "summary", true, |s| s.task_summary(&q(|_| {}), 5).unwrap());
    same(&both, "stats", true, |s| {
        let mut st = s.stats(Some(AS_OF)).unwrap();
        st.bytes = None;
        st
    });
    same(&both, "office tasks", true, |s| s.office_tasks(&Resolved::default(), Some(AS_OF)).unwrap());
    same(&both, "newest tasks", true, |s| s.newest_tasks(Some(AS_OF), 280, 10, 1000).unwrap());
    same(&both, "assignees", true, |s| s.task_assignees(Some(AS_OF), false, 5).unwrap());
}
