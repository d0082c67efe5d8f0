//! The task board's filters read only the tasks they can select (issue 15), and give the same
//! rows as filtering every task by hand: states, workflow statuses, a document, a deadline
//! a user set on a task the machine found none for; its figures count at most a cap, and say so.

use chidao_store::{Store, TaskQuery, TaskRow, TaskState};

mod common;
use common::DISTRICT_DOCS as DOCS;

const AS_OF: &str = "2024-05-01";

fn store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    for (id, text) in DOCS {
        s.ingest_one(id, text.as_bytes()).unwrap();
    }
    s
}

fn q() -> TaskQuery {
    TaskQuery { as_of: Some(AS_OF.into()), doubtful: true, ..Default::default() }
}

fn ids(rows: &[TaskRow]) -> Vec<String> {
    let mut v: Vec<String> = rows.iter().map(|t| t.id.clone()).collect();
    v.sort();
    v
}

#[test]
fn each_filter_gives_the_rows_of_filtering_by_hand() {
    let mut s = store();
    let all = s.tasks(&q()).unwrap();
    assert!(all.len() >= 5, "the fixture gives tasks: {all:#?}");
    let done = all.iter().find(|t| t.due.is_some()).expect("a task with a deadline").clone();
    s.set_task_status(&done.id, "done", None, Some("2024-03-20"), "cv").unwrap();
    let all = s.tasks(&q()).unwrap();
    for state in TaskState::ALL {
        let got = s.tasks(&TaskQuery { state: Some(state.code().into()), ..q() }).unwrap();
        let want: Vec<TaskRow> = all.iter().filter(|t| t.state == state).cloned().collect();
        assert_eq!(ids(&got), ids(&want), "state {}", state.code());
    }
    for status in ["open", "in_progress", "done"] {
        let got = s.tasks(&TaskQuery { status: Some(status.into()), ..q() }).unwrap();
        let want: Vec<TaskRow> = all.iter().filter(|t| t.status == status).cloned().collect();
        assert_eq!(ids(&got), ids(&want), "status {status}");
    }
    assert_eq!(s.tasks(&TaskQuery { status: Some("done".into()), ..q() }).unwrap().len(), 1);
    let overdue = s.tasks(&TaskQuery { overdue: true, ..q() }).unwrap();
    assert_eq!(ids(&overdue), ids(&all.iter().filter(|t| t.state == TaskState::OpenOverdue).cloned().collect::<Vec<_>>()));
    for (doc, _) in DOCS {
        let got = s.tasks(&TaskQuery { doc: Some(doc.into()), ..q() }).unwrap();
        assert_eq!(ids(&got), ids(&all.iter().filter(|t| t.doc == doc).cloned().collect::<Vec<_>>()), "{doc}");
    }
}

#[test]
fn a_deadline_a_user_sets_moves_a_task_onto_the_overdue_list() {
    let mut s = store();
    let open = s.tasks(&q()).unwrap().into_iter().find(|t| t.due.is_none()).expect("a task without a deadline");
    s.add_correction(&common::task_edit(&open.doc, open.span, "deadline", "15/4/2024"), "cv").unwrap();
    let overdue = s.tasks(&TaskQuery { overdue: true, ..q() }).unwrap();
    assert!(overdue.iter().any(|t| t.span == open.span && t.doc == open.doc), "{overdue:#?}");
    let none = s.tasks(&TaskQuery { state: Some("no_deadline".into()), ..q() }).unwrap();
    assert!(!none.iter().any(|t| t.span == open.span && t.doc == open.doc), "{none:#?}");
}

#[test]
fn the_figures_say_when_they_count_only_the_first_tasks() {
    let s = store();
    let full = s.task_summary(&q(), 10).unwrap();
    assert!(!full.partial);
    assert_eq!(full.total, s.tasks(&q()).unwrap().len());
    assert_eq!(full.by_state.iter().map(|(_, n)| n).sum::<usize>(), full.total);
    let part = s.task_summary_at_most(&q(), 10, 2).unwrap();
    assert!(part.partial);
    assert_eq!(part.total, 2);
    assert_eq!(part.by_state.iter().map(|(_, n)| n).sum::<usize>(), 2);
    let exact = s.task_summary_at_most(&q(), 10, full.total).unwrap();
    assert!(!exact.partial, "as many as the cap is not more");
}
