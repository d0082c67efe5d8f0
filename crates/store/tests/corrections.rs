//! The user's side of the register: corrections and task statuses are kept apart from machine
//! output and survive re-ingest, re-extraction and updates of other documents.

use chidao_store::{Action, NewCorrection, Store, TaskQuery};

mod common;

const DOC: &str = "Hội nghị sơ kết Chỉ thị 08-CT/TU của Tỉnh ủy Hòa Lạc

Sáng 12/3/2024, Ban Thường vụ Tỉnh ủy Hòa Lạc tổ chức hội nghị sơ kết 2 năm thực hiện Chỉ thị 08-CT/TU. Đồng chí Lê Văn Tâm, Bí thư Tỉnh ủy chủ trì hội nghị.

Kết luận hội nghị, đồng chí Lê Văn Tâm yêu cầu Sở Nội vụ hoàn thành đề án sắp xếp bộ máy trước ngày 30/6/2024. Đồng chí đề nghị Công an tỉnh tăng cường tuần tra, kiểm soát trong dịp lễ.
Các huyện ủy rà soát cán bộ diện quy hoạch trong quý II/2024.
";

fn store_with_doc() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("r.db")).unwrap();
    s.ingest_one("sokết.txt", DOC.as_bytes()).unwrap();
    (dir, s)
}

fn reextract(s: &mut Store) {
    let doc = chidao_text::Document::new("sokết.txt", DOC.to_string());
    let x = chidao_extract::extract(&doc);
    let mut b = s.batch().unwrap();
    b.reextract(true);
    let out = b.put(&doc, chidao_store::content_hash(&doc.text), chidao_store::Signature::of(&doc.text).as_ref(), &x).unwrap();
    b.commit().unwrap();
    assert!(out.updated, "re-extraction replaces the machine facts");
}

fn span_of(needle: &str) -> (usize, usize) {
    let s = DOC.find(needle).unwrap();
    (s, s + needle.len())
}

fn all_tasks(s: &Store) -> Vec<chidao_store::TaskRow> {
    s.tasks(&TaskQuery { as_of: Some("2024-05-01".into()), ..Default::default() }).unwrap()
}

#[test]
fn corrections_survive_reextraction() {
    let (_d, mut s) = store_with_doc();
    let tasks = all_tasks(&s);
    assert!(tasks.len() >= 2, "the fixture gives tasks: {tasks:#?}");
    let first = tasks.iter().find(|t| t.text.contains("Sở Nội vụ")).expect("task of Sở Nội vụ").clone();
    let second = tasks.iter().find(|t| t.text.contains("Công an tỉnh")).expect("task of Công an tỉnh").clone();

    // Edit an assignee, reject a task, add a missed one.
    let edit = NewCorrection { note: Some("tên đầy đủ".into()), ..common::task_edit(&first.doc, first.span, "assignee", "Sở Nội vụ tỉnh Hòa Lạc") };
    let c = s.add_correction(&edit, "Chánh Văn phòng").unwrap();
    assert_eq!(c.author, "Chánh Văn phòng");
    s.add_correction(&NewCorrection { action: Action::Reject, field: None, value: None, span: second.span, ..edit.clone() }, "cv").unwrap();
    let added_span = span_of("Các huyện ủy rà soát cán bộ diện quy hoạch trong quý II/2024.");
    let add = NewCorrection {
        span: added_span,
        action: Action::Add,
        field: None,
        value: Some(serde_json::json!({"assignee": "Các huyện ủy", "deadline": "30/6/2024"})),
        ..edit.clone()
    };
    s.add_correction(&add, "cv").unwrap();

    let check = |s: &Store| {
        let tasks = all_tasks(s);
        let t = tasks.iter().find(|t| t.span == first.span).expect("edited task kept");
        assert_eq!(t.assignee.as_deref(), Some("Sở Nội vụ tỉnh Hòa Lạc"));
        assert_eq!(t.corrected, vec!["assignee".to_string()]);
        assert!(!tasks.iter().any(|t| t.span == second.span), "rejected task hidden");
        let a = tasks.iter().find(|t| t.added_by.is_some()).expect("added task listed");
        assert_eq!(a.assignee.as_deref(), Some("Các huyện ủy"));
        assert_eq!(a.deadline.as_deref(), Some("2024-06-30"));
        assert_eq!(a.due.as_deref(), Some("2024-06-30"));
        let view = s.document(&first.doc).unwrap().unwrap();
        let f = view.facts.iter().find(|f| f.kind == "task" && f.span == second.span).unwrap();
        assert!(f.rejected);
        assert!(view.facts.iter().any(|f| f.added && f.attrs.get("assignee").map(String::as_str) == Some("Các huyện ủy")));
    };
    check(&s);
    // Same content again: nothing is re-extracted, nothing lost.
    let (out, _) = s.ingest_one("sokết.txt", DOC.as_bytes()).unwrap();
    assert!(out.unchanged);
    check(&s);
    // Re-extraction drops and rebuilds every machine fact; the corrections still apply.
    reextract(&mut s);
    check(&s);

    // A status on the added task, and on a machine task, with their log.
    let added = all_tasks(&s).into_iter().find(|t| t.added_by.is_some()).unwrap();
    s.set_task_status(&added.id, "in_progress", Some("đang tổng hợp"), None, "cv").unwrap();
    s.set_task_status(&first.id, "done", Some("đã trình"), Some("2024-06-20"), "cv").unwrap();
    reextract(&mut s);
    let tasks = all_tasks(&s);
    let a = tasks.iter().find(|t| t.id == added.id).unwrap();
    assert_eq!((a.status.as_str(), a.note.as_deref()), ("in_progress", Some("đang tổng hợp")));
    let t = tasks.iter().find(|t| t.id == first.id).unwrap();
    assert_eq!(t.status, "done");
    assert_eq!(t.completed_on.as_deref(), Some("2024-06-20"));
    assert_eq!(t.state, chidao_store::TaskState::OpenInTime, "on 2024-05-01 the completion of 2024-06-20 is not known yet");
    assert_eq!(s.task_log(&first.id).unwrap().len(), 1);

    // Withdrawing the rejection brings the task back.
    let rej = s.corrections(Some(&first.doc), false, 100).unwrap().into_iter().find(|c| c.action == Action::Reject).unwrap();
    s.withdraw_correction(rej.id).unwrap();
    assert!(all_tasks(&s).iter().any(|t| t.span == second.span));
}

#[test]
fn bad_corrections_are_refused_with_a_reason() {
    let (_d, mut s) = store_with_doc();
    let t = all_tasks(&s).into_iter().next().unwrap();
    let base = common::task_edit(&t.doc, t.span, "assignee", "X");
    let mut err = |c: NewCorrection| s.add_correction(&c, "cv").unwrap_err().to_string();
    assert!(err(NewCorrection { doc: "nope.txt".into(), ..base.clone() }).contains("no such document"));
    assert!(err(NewCorrection { kind: "weather".into(), ..base.clone() }).contains("unknown kind"));
    assert!(err(NewCorrection { field: Some("text".into()), ..base.clone() }).contains("not an attribute"));
    assert!(err(NewCorrection { span: (0, 100_000), ..base.clone() }).contains("not a passage"));
    // Inside "Hội" ("ộ" is bytes 1..4): byte 2 is not a character boundary.
    assert!(err(NewCorrection { span: (2, 5), ..base.clone() }).contains("not a passage"));
    assert!(err(NewCorrection { span: (0, 4), ..base.clone() }).contains("no task at"));
    assert!(err(NewCorrection { field: Some("deadline".into()), value: Some("someday".into()), ..base.clone() }).contains("not a date"));
    assert!(err(NewCorrection { value: Some("   ".into()), ..base.clone() }).contains("empty"));
    assert!(err(NewCorrection { value: Some("a\u{7}b".into()), ..base.clone() }).contains("control"));
    assert!(err(NewCorrection { action: Action::Add, kind: "person".into(), ..base.clone() }).contains("only these can be added"));
    assert!(s.set_task_status(&t.id, "finished", None, None, "cv").unwrap_err().to_string().contains("one of"));
    assert!(s.set_task_status("zzzz", "done", None, None, "cv").is_err());
    assert!(s.withdraw_correction(999).is_err());
}

/// The board's query narrows on the machine's values, each condition on a task's own columns
/// tested before the task is joined (see `TaskFilter::sql`): a task whose corrected assignee
/// passes a filter that its machine value fails, and the other way round, is judged on the
/// corrected value.
#[test]
fn a_corrected_task_is_filtered_on_its_corrected_values() {
    let (_d, mut s) = store_with_doc();
    let tasks = all_tasks(&s);
    let police = tasks.iter().find(|t| t.text.contains("Công an tỉnh")).expect("task of Công an tỉnh").clone();
    let by = |s: &Store, who: &str| -> Vec<(usize, usize)> {
        s.tasks(&TaskQuery { as_of: Some("2024-05-01".into()), assignee: Some(who.into()), ..Default::default() })
            .unwrap()
            .into_iter()
            .map(|t| t.span)
            .collect()
    };
    assert!(by(&s, "cong an").contains(&police.span), "the machine's assignee is found");
    assert!(!by(&s, "tuyen giao").contains(&police.span));
    s.add_correction(&common::task_edit(&police.doc, police.span, "assignee", "Ban Tuyên giáo Tỉnh ủy"), "cv").unwrap();
    assert!(by(&s, "tuyen giao").contains(&police.span), "found by its corrected assignee");
    assert!(by(&s, "\"Ban Tuyên giáo Tỉnh ủy\"").contains(&police.span), "and by the whole of it");
    assert!(!by(&s, "cong an").contains(&police.span), "no longer by the machine's");
}
