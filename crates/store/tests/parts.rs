//! A document read in parts (`document_parts`, `document_range`): the parts tile the text and
//! start paragraphs, the ranges' facts are the document's facts each once, a range reads only
//! its part, a start inside a character is refused, a long fact's quote is cut.

use std::collections::BTreeSet;

use chidao_store::{Action, DocRange, NewCorrection, Store, StoreError};

/// A fictional report, a few hundred bytes with people, a directive, an event and tasks.
const REPORT: &str = "Sáng 12/3/2024, Ban Thường vụ Tỉnh ủy Hòa Lạc tổ chức hội nghị sơ kết 2 năm thực hiện Chỉ thị 08-CT/TU. Đồng chí Lê Văn Tâm, Bí thư Tỉnh ủy chủ trì hội nghị.

Kết luận hội nghị, đồng chí Lê Văn Tâm yêu cầu Sở Nội vụ hoàn thành đề án sắp xếp bộ máy trước ngày 30/6/2024. Đồng chí đề nghị Công an tỉnh tăng cường tuần tra trong dịp lễ.";

/// The report over and over: about 60 KB.
fn long_text() -> String {
    let mut s = (0..120).map(|_| REPORT).collect::<Vec<_>>().join("\n\n");
    s.push('\n');
    s
}

fn store() -> (tempfile::TempDir, Store, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("r.db")).unwrap();
    let text = long_text();
    s.ingest_one("dai.txt", text.as_bytes()).unwrap();
    let stored = s.document_text("dai.txt").unwrap().unwrap();
    (dir, s, stored)
}

fn all(start: usize, end: usize) -> DocRange {
    DocRange { start, end: Some(end), kind: None, offset: 0, limit: usize::MAX }
}

#[test]
fn parts_tile_the_text_at_paragraphs_and_their_facts_are_the_documents() {
    let (_dir, s, text) = store();
    let parts = s.document_parts("dai.txt", 8 * 1024).unwrap().unwrap();
    assert!(parts.len() >= 6, "{parts:?}");
    assert_eq!(parts[0].0, 0);
    assert_eq!(parts.last().unwrap().1, text.len());
    for w in parts.windows(2) {
        assert_eq!(w[0].1, w[1].0, "no gap, no overlap");
    }
    for &(a, b) in &parts {
        assert!(b > a && b - a <= 8 * 1024 + 4096, "{a}..{b}");
        assert!(a == 0 || text.as_bytes()[a - 1] == b'\n', "part at {a} starts a paragraph");
    }
    let whole = s.document("dai.txt").unwrap().unwrap();
    assert_eq!((whole.range, whole.length, whole.facts_total), ((0, text.len()), text.len(), whole.facts.len()));
    let mut got = String::new();
    let mut facts = Vec::new();
    for &(a, b) in &parts {
        let v = s.document_range("dai.txt", &all(a, b)).unwrap().unwrap();
        assert_eq!(v.range, (a, b));
        assert_eq!(v.counts, whole.counts, "counts are the whole document's");
        got.push_str(&v.text);
        for f in &v.facts {
            assert!(f.span.0 >= a && f.span.0 < b);
            assert_eq!(f.quote, text[f.span.0..f.span.1]);
        }
        facts.extend(v.facts.iter().map(|f| (f.kind.clone(), f.span)));
    }
    assert_eq!(got, text);
    let want: Vec<_> = whole.facts.iter().map(|f| (f.kind.clone(), f.span)).collect();
    assert_eq!(facts, want, "every fact once, in order");
    // A document in one part, and none.
    let one = s.document_parts("dai.txt", text.len()).unwrap().unwrap();
    assert_eq!(one, vec![(0, text.len())]);
    assert!(s.document_parts("nope.txt", 1024).unwrap().is_none());
    assert!(s.document_range("nope.txt", &all(0, 10)).unwrap().is_none());
}

#[test]
fn ranges_are_checked_paged_and_filtered() {
    let (_dir, s, text) = store();
    let inside = text.char_indices().find(|(_, c)| c.len_utf8() > 1).unwrap().0 + 1;
    for r in [all(inside, inside + 10), all(text.len() + 1, text.len() + 2)] {
        assert!(matches!(s.document_range("dai.txt", &r), Err(StoreError::Invalid(_))), "{r:?}");
    }
    let r = DocRange { kind: Some("weather".into()), ..all(0, 100) };
    assert!(matches!(s.document_range("dai.txt", &r), Err(StoreError::Invalid(_))));
    // An end inside a character is cut back.
    let v = s.document_range("dai.txt", &all(0, inside)).unwrap().unwrap();
    assert_eq!(v.range, (0, inside - 1));
    // The end of the text: empty.
    let v = s.document_range("dai.txt", &all(text.len(), text.len() + 100)).unwrap().unwrap();
    assert_eq!((v.text.as_str(), v.facts.len()), ("", 0));
    // One kind, a page of it.
    let tasks = s.document_range("dai.txt", &DocRange { kind: Some("task".into()), ..all(0, text.len()) }).unwrap().unwrap();
    assert!(tasks.facts.len() > 10 && tasks.facts.iter().all(|f| f.kind == "task"));
    assert_eq!(tasks.facts_total, tasks.facts.len());
    assert_eq!(tasks.counts["task"], tasks.facts.len(), "the count of a kind");
    let page = s.document_range("dai.txt", &DocRange { kind: Some("task".into()), offset: 3, limit: 4, ..all(0, text.len()) }).unwrap().unwrap();
    assert_eq!(page.facts_total, tasks.facts_total);
    let spans: Vec<_> = page.facts.iter().map(|f| f.span).collect();
    assert_eq!(spans, tasks.facts[3..7].iter().map(|f| f.span).collect::<Vec<_>>());
}

#[test]
fn corrections_and_added_facts_are_in_their_range() {
    let (_dir, mut s, text) = store();
    let parts = s.document_parts("dai.txt", 8 * 1024).unwrap().unwrap();
    let (a, b) = parts[2];
    let task = s.document_range("dai.txt", &DocRange { kind: Some("task".into()), ..all(a, b) }).unwrap().unwrap().facts[0].clone();
    s.add_correction(&NewCorrection { doc: "dai.txt".into(), kind: "task".into(), span: task.span, action: Action::Reject, field: None, value: None, note: None }, "tester").unwrap();
    let q = "Công an tỉnh tăng cường tuần tra";
    let at = a + text[a..b].find(q).unwrap();
    let add = NewCorrection {
        doc: "dai.txt".into(),
        kind: "task".into(),
        span: (at, at + q.len()),
        action: Action::Add,
        field: None,
        value: Some(serde_json::json!({"assignee": "Công an tỉnh"})),
        note: None,
    };
    s.add_correction(&add, "tester").unwrap();
    let v = s.document_range("dai.txt", &all(a, b)).unwrap().unwrap();
    assert!(v.facts.iter().any(|f| f.span == task.span && f.rejected), "the rejection, in its part");
    assert!(v.facts.iter().any(|f| f.added && f.span == (at, at + q.len())), "the added task, in its part");
    let other = s.document_range("dai.txt", &all(parts[0].0, parts[0].1)).unwrap().unwrap();
    assert!(!other.facts.iter().any(|f| f.added), "not in another part");
    let whole = s.document("dai.txt").unwrap().unwrap();
    assert_eq!(v.counts, whole.counts);
    let distinct: BTreeSet<_> = whole.facts.iter().map(|f| (&f.kind, f.span, f.added)).collect();
    assert_eq!(distinct.len(), whole.facts.len());
}

#[test]
fn a_long_facts_quote_is_cut() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("r.db")).unwrap();
    // One sentence of about 6 KB: a task whose quote would be all of it.
    let long = format!("Đồng chí Lê Văn Tâm yêu cầu Sở Nội vụ hoàn thành {} trước ngày 30/6/2024.\n", "việc rà soát hồ sơ cán bộ, ".repeat(200));
    s.ingest_one("mot-cau.txt", long.as_bytes()).unwrap();
    let v = s.document("mot-cau.txt").unwrap().unwrap();
    let task = v.facts.iter().find(|f| f.kind == "task" && f.span.1 - f.span.0 > chidao_store::browse::QUOTE_MAX).expect("a long task");
    assert!(task.quote.ends_with('…') && task.quote.len() <= chidao_store::browse::QUOTE_MAX + '…'.len_utf8(), "{}", task.quote.len());
    assert!(long.contains(task.quote.trim_end_matches('…')));
}
