//! The office's dashboard, due list, feed and report rows are read from the register by scope,
//! streamed (issue 15): a scope's directive, unit and period are conditions of the SQL, the
//! counts are kept as the tasks go by, and they equal what counting every listed task by hand
//! gives — reposts once, a user's deadline and status applied.

use chidao_store::office::{Dashboard, OfficeTask, Resolved, Scope};
use chidao_store::{Store, TaskState};

const AS_OF: &str = "2024-05-01";

mod common;

const DOCS: [(&str, &str); 4] = [
    common::DISTRICT_DOCS[0],
    common::DISTRICT_DOCS[1],
    (
        "cau-a.txt",
        "Hòa Lạc sửa cầu Tân Lộc

Ngày 12/3/2024, UBND tỉnh Hòa Lạc họp bàn việc sửa chữa các cầu yếu trên tỉnh lộ 9. Chủ tịch UBND tỉnh Hòa Lạc Lê Văn Tâm yêu cầu Sở Giao thông vận tải hoàn thành việc sửa chữa cầu Tân Lộc trước ngày 30/6/2024.
",
    ),
    (
        "cau-b.txt",
        "Cầu Tân Lộc xuống cấp nghiêm trọng

Nhiều năm nay, người dân hai xã ven sông phải đi vòng hơn mười cây số mỗi khi nước lên. Chủ tịch UBND tỉnh Hòa Lạc Lê Văn Tâm yêu cầu Sở Giao thông vận tải hoàn thành việc sửa chữa cầu Tân Lộc trước ngày 30-6-2024.
",
    ),
];

fn store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    for (id, text) in DOCS {
        s.ingest_one(id, text.as_bytes()).unwrap();
    }
    s
}

fn scope(directive: Option<&str>, unit: Option<&str>, from: Option<&str>, to: Option<&str>) -> Scope {
    let o = |v: Option<&str>| v.map(str::to_string);
    Scope { directive: o(directive), unit: o(unit), from: o(from), to: o(to) }
}

fn ids(tasks: &[OfficeTask]) -> Vec<String> {
    tasks.iter().map(|o| o.task.id.clone()).collect()
}

/// The dashboard's figures as one comparable value.
fn figures(d: &Dashboard) -> String {
    let units: Vec<_> = d.units.iter().map(|u| (u.unit.clone(), u.counts.by_state)).collect();
    let late: Vec<_> = d.most_overdue.iter().map(|o| (o.task.id.clone(), o.days)).collect();
    let months: Vec<_> = d.months.iter().map(|(m, c)| (m.clone(), c.by_state)).collect();
    format!("{:?} {units:?} {late:?} {months:?} {}", d.counts.by_state, d.undated)
}

#[test]
fn a_scopes_dashboard_and_rows_are_those_of_filtering_every_task_by_hand() {
    let mut s = store();
    let all = s.office_tasks(&Resolved::default(), Some(AS_OF)).unwrap();
    assert!(all.len() >= 5, "the fixture gives tasks: {all:#?}");
    let bridge: Vec<_> = all.iter().filter(|o| o.task.text.contains("cầu Tân Lộc trước")).collect();
    assert_eq!(bridge.len(), 1, "the reposted order is one task: {bridge:#?}");
    // A user's status and deadline.
    let dated = all.iter().find(|o| o.task.due.as_deref() == Some("2024-03-31")).expect("a task due 31/3").task.clone();
    s.set_task_status(&dated.id, "done", None, Some("2024-04-10"), "cv").unwrap();
    let undated = all.iter().find(|o| o.task.due.is_none()).expect("a task without a deadline").task.clone();
    let c = common::task_edit(&undated.doc, undated.span, "deadline", "20/4/2024");
    s.add_correction(&c, "cv").unwrap();

    let all = s.office_tasks(&Resolved::default(), Some(AS_OF)).unwrap();
    let moved = all.iter().find(|o| o.task.id == undated.id).expect("the corrected task");
    assert_eq!((moved.task.due.as_deref(), moved.task.state), (Some("2024-04-20"), TaskState::OpenOverdue));
    assert!(all.iter().any(|o| o.task.id == dated.id && o.task.state == TaskState::DoneLate));
    for sc in [
        scope(None, None, None, None),
        scope(None, Some("Sở Giao thông vận tải"), None, None),
        scope(None, Some("\"Phòng Nông nghiệp và Phát triển nông thôn\""), None, None),
        scope(None, Some("huyện"), None, None),
        scope(Some("12-CT/HU"), None, None, None),
        scope(None, None, Some("1/4/2024"), Some("30/4/2024")),
        scope(None, None, Some("2024-06"), None),
        scope(None, None, None, Some("3/2024")),
        scope(None, Some("ủy ban"), Some("2024"), Some("2024")),
    ] {
        let r = s.resolve_scope(&sc).unwrap();
        let by_hand: Vec<OfficeTask> = all.iter().filter(|o| r.holds(o)).cloned().collect();
        let streamed = s.office_tasks(&r, Some(AS_OF)).unwrap();
        assert_eq!(ids(&streamed), ids(&by_hand), "{sc:?}");
        let d = s.dashboard(&r, Some(AS_OF), 2).unwrap();
        assert_eq!(figures(&d), figures(&Dashboard::compute(by_hand.iter(), AS_OF, 2)), "{sc:?}");
        assert_eq!(d.counts.total() as usize, by_hand.len());
        for o in &d.most_overdue {
            let full = by_hand.iter().find(|b| b.task.id == o.task.id).unwrap();
            assert_eq!((&o.task.reasons, &o.task.refs), (&full.task.reasons, &full.task.refs), "the listed tasks have their reasons and directives");
        }
    }
    // The period's filter is the corrected deadline, not the machine's none.
    let april = s.office_tasks(&s.resolve_scope(&scope(None, None, Some("1/4/2024"), Some("30/4/2024"))).unwrap(), Some(AS_OF)).unwrap();
    assert!(april.iter().any(|o| o.task.id == undated.id), "{april:#?}");
}

#[test]
fn a_repost_given_the_same_due_day_by_a_user_is_counted_once() {
    let mut s = store();
    // The same order printed later with another deadline: two tasks, until a user corrects the
    // second's deadline to the first's. The stream has passed that day when it reads the
    // second (due later by the machine), and must still see the first.
    let later = DOCS[3].1.replace("30-6-2024", "30-9-2024");
    s.ingest_one("cau-b.txt", later.as_bytes()).unwrap();
    let count = |s: &Store| s.office_tasks(&Resolved::default(), Some(AS_OF)).unwrap().iter().filter(|o| o.task.text.contains("cầu Tân Lộc trước")).count();
    assert_eq!(count(&s), 2);
    let second = s.office_tasks(&Resolved::default(), Some(AS_OF)).unwrap().into_iter().find(|o| o.task.doc == "cau-b.txt" && o.task.text.contains("cầu Tân Lộc")).unwrap().task;
    let c = common::task_edit(&second.doc, second.span, "deadline", "30/6/2024");
    s.add_correction(&c, "cv").unwrap();
    assert_eq!(count(&s), 1);
    let d = s.dashboard(&Resolved::default(), Some(AS_OF), 10).unwrap();
    assert_eq!(d.counts.total() as usize, s.office_tasks(&Resolved::default(), Some(AS_OF)).unwrap().len());
}

#[test]
fn due_soon_and_calendars_read_their_tasks_by_index() {
    let s = store();
    let all = s.office_tasks(&Resolved::default(), Some(AS_OF)).unwrap();
    for days in [7, 30, 60, 366] {
        let got = s.due_within(&Resolved::default(), Some(AS_OF), days).unwrap();
        let end = chidao_store::dates::day_iso(chidao_store::dates::day_number(AS_OF).unwrap() + days);
        let mut want: Vec<&OfficeTask> = all
            .iter()
            .filter(|o| o.task.state == TaskState::OpenInTime && o.task.due.as_deref().is_some_and(|d| d >= AS_OF && d <= end.as_str()))
            .collect();
        want.sort_by(|a, b| a.task.due.cmp(&b.task.due).then(a.task.id.cmp(&b.task.id)));
        assert_eq!(ids(&got), want.iter().map(|o| o.task.id.clone()).collect::<Vec<_>>(), "{days} days");
    }
    assert!(!s.due_within(&Resolved::default(), Some(AS_OF), 366).unwrap().is_empty());
    let unit = all.iter().find_map(|o| o.task.assignee.clone()).unwrap();
    let key = chidao_store::office::unit_path_key(&unit);
    let got = s.office_tasks(&Resolved::unit_key(&key), Some(AS_OF)).unwrap();
    let want: Vec<OfficeTask> = all.iter().filter(|o| o.task.assignee.as_deref().is_some_and(|a| chidao_store::office::unit_path_key(a) == key)).cloned().collect();
    assert_eq!(ids(&got), ids(&want));
    let dir = all.iter().find_map(|o| o.directives.first().copied()).expect("a task implementing a directive");
    let got = s.office_tasks(&Resolved::directive(dir), Some(AS_OF)).unwrap();
    let want: Vec<OfficeTask> = all.iter().filter(|o| o.directives.contains(&dir)).cloned().collect();
    assert_eq!(ids(&got), ids(&want));
}

#[test]
fn the_feed_reads_the_newest_documents_and_lists_each_sentence_once() {
    let mut s = store();
    // A document entering later: its tasks come first.
    s.ingest_one(
        "moi.txt",
        "Tân Lộc ra quân làm đường giao thông nông thôn

Sáng 20/4/2024, huyện Tân Lộc ra quân làm đường giao thông nông thôn. Phó Chủ tịch UBND huyện Tân Lộc Vũ Văn Nam yêu cầu UBND các xã hoàn thành việc bê tông hóa đường thôn trước ngày 31/12/2024.
"
        .as_bytes(),
    )
    .unwrap();
    let feed = s.newest_tasks(Some(AS_OF), 50, 50, 100).unwrap();
    assert!(!feed.is_empty());
    for (o, late) in &feed {
        assert_eq!(*late, o.task.state == TaskState::OpenOverdue);
    }
    let bridge = feed.iter().filter(|(o, _)| o.task.text.contains("cầu Tân Lộc trước")).count();
    assert_eq!(bridge, 1, "{feed:#?}");
    let all = s.office_tasks(&Resolved::default(), Some(AS_OF)).unwrap();
    assert_eq!(feed.len(), all.len(), "a small register: every task once");
    // Two entries at most of each kind: the newest.
    let few = s.newest_tasks(Some(AS_OF), 1, 1, 100).unwrap();
    assert!(few.len() <= 2);
    let newest = few.iter().find(|(_, late)| !late).map(|(o, _)| o.ingested_at.clone());
    assert_eq!(newest, all.iter().filter(|o| o.task.state != TaskState::OpenOverdue).map(|o| o.ingested_at.clone()).max());
}

/// A person's page lists the first tasks they directed and counts the rest: the first `limit`
/// are the full list's first, and the count is its length, a rejected task left out and a
/// doubtful one a user corrected counted, whatever the limit.
#[test]
fn a_persons_directed_tasks_are_listed_to_a_limit_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let directed_before = people_tasks(&common::office_register(&path));
    assert!(directed_before.len() >= 2, "the fixtures' leaders direct tasks");
    // Two of them made doubtful (low tier: not listed); a user corrects the first, which lists
    // it again.
    let low: Vec<(String, usize, usize)> = directed_before.iter().rev().take(2).map(|t| (t.doc.clone(), t.span.0, t.span.1)).collect();
    let c = rusqlite::Connection::open(&path).unwrap();
    for (doc, start, end) in &low {
        c.execute("UPDATE tasks SET tier = 'low' WHERE start = ?2 AND \"end\" = ?3 AND doc = (SELECT id FROM documents WHERE ext_id = ?1)", rusqlite::params![doc, start, end]).unwrap();
    }
    drop(c);
    let mut s = Store::open(&path).unwrap();
    let (doc, start, end) = low[0].clone();
    s.add_correction(&common::task_edit(&doc, (start, end), "assignee", "UBND huyện Tân Lộc"), "van_thu").unwrap();
    let json = |t: &[chidao_store::TaskRow]| serde_json::to_string(t).unwrap();
    let people: Vec<i64> = s.db().rows("SELECT id FROM persons ORDER BY id", chidao_store::db::args![], |r| r.get(0)).unwrap();
    let mut directed = 0;
    for p in people {
        let (all, total) = s.tasks_directed_by(p, usize::MAX).unwrap();
        assert_eq!(total, all.len());
        directed += total;
        for limit in 0..=all.len() + 1 {
            let (first, n) = s.tasks_directed_by(p, limit).unwrap();
            assert_eq!(n, total, "person {p}, limit {limit}");
            assert_eq!(json(&first), json(&all[..limit.min(all.len())]), "person {p}, limit {limit}");
        }
    }
    // The corrected doubtful task is listed, the other is not.
    let listed: Vec<(String, (usize, usize))> = people_tasks(&s).into_iter().map(|t| (t.doc, t.span)).collect();
    assert!(listed.contains(&(low[0].0.clone(), (low[0].1, low[0].2))));
    assert!(!listed.contains(&(low[1].0.clone(), (low[1].1, low[1].2))));
    assert!(directed >= 2);
}

/// Every task each person directed, all listed.
fn people_tasks(s: &Store) -> Vec<chidao_store::TaskRow> {
    let people: Vec<i64> = s.db().rows("SELECT id FROM persons", chidao_store::db::args![], |r| r.get(0)).unwrap();
    people.into_iter().flat_map(|p| s.tasks_directed_by(p, usize::MAX).unwrap().0).collect()
}
