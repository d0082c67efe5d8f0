//! A task several papers printed is listed once (issue 10): the same sentence with its date
//! written another way, or the same order retold in other words with the same due day, in
//! articles that differ around it (no near-duplicate link). `reposts` lists every copy; a
//! document's own tasks are all listed.

use chidao_store::{Store, TaskQuery};

const A: &str = "Hòa Lạc sửa cầu Tân Lộc\n\nNgày 12/3/2024, UBND tỉnh Hòa Lạc họp bàn việc sửa chữa các cầu yếu trên tỉnh lộ 9. Chủ tịch UBND tỉnh Hòa Lạc Lê Văn Tâm yêu cầu Sở Giao thông vận tải hoàn thành việc sửa chữa cầu Tân Lộc trước ngày 30/6/2024.\n\nMinh Anh\n";
const B: &str = "Cầu Tân Lộc xuống cấp nghiêm trọng\n\nNhiều năm nay, người dân hai xã ven sông phải đi vòng hơn mười cây số mỗi khi nước lên. Chủ tịch UBND tỉnh Hòa Lạc Lê Văn Tâm yêu cầu Sở Giao thông vận tải hoàn thành việc sửa chữa cầu Tân Lộc trước ngày 30-6-2024.\n\nThu Hà\n";
const C: &str = "Tỉnh Hòa Lạc chỉ đạo khắc phục cầu yếu\n\nTheo báo cáo của huyện Tân Lộc, mùa mưa năm ngoái nước lũ đã làm hư hỏng trụ cầu. Lãnh đạo UBND tỉnh Hòa Lạc đã giao Sở Giao thông vận tải hoàn thành việc sửa chữa cầu Tân Lộc trước ngày 30/6/2024.\n\nQuốc Bảo\n";

fn q(reposts: bool, doc: Option<&str>) -> TaskQuery {
    TaskQuery { as_of: Some("2024-05-01".into()), reposts, doc: doc.map(str::to_string), ..Default::default() }
}

#[test]
fn a_reposted_task_is_listed_once() {
    let mut s = Store::open_in_memory().unwrap();
    for (id, text) in [("a.txt", A), ("b.txt", B), ("c.txt", C)] {
        s.ingest_one(id, text.as_bytes()).unwrap();
    }
    let bridge = |rows: Vec<chidao_store::TaskRow>| rows.into_iter().filter(|t| t.text.contains("cầu Tân Lộc trước")).collect::<Vec<_>>();
    let all = bridge(s.tasks(&q(true, None)).unwrap());
    assert_eq!(all.len(), 3, "three articles, three tasks: {all:#?}");
    let once = bridge(s.tasks(&q(false, None)).unwrap());
    assert_eq!(once.len(), 1, "{once:#?}");
    for doc in ["a.txt", "b.txt", "c.txt"] {
        assert_eq!(bridge(s.tasks(&q(false, Some(doc))).unwrap()).len(), 1, "{doc}: its own task");
    }
    let st = s.stats(Some("2024-05-01")).unwrap();
    assert_eq!(st.reposts, 2);
    assert_eq!(st.task_states.iter().map(|(_, n)| n).sum::<i64>(), st.tasks);
    let top = s.task_assignees(Some("2024-05-01"), false, 10).unwrap();
    let so: Vec<_> = top.iter().filter(|a| a.assignee.contains("Giao thông")).collect();
    assert_eq!((so.len(), so.first().map(|a| a.total)), (1, Some(1)), "{top:#?}");
    let summary = s.task_summary(&q(false, None), 10).unwrap();
    assert_eq!(summary.total, st.tasks as usize);
}

#[test]
fn tasks_alike_in_one_document_or_due_apart_are_kept() {
    let mut s = Store::open_in_memory().unwrap();
    s.ingest_one("a.txt", A.as_bytes()).unwrap();
    // The same order with another due day is another task.
    let later = B.replace("30-6-2024", "30-9-2024");
    s.ingest_one("b.txt", later.as_bytes()).unwrap();
    let rows: Vec<_> = s.tasks(&q(false, None)).unwrap().into_iter().filter(|t| t.text.contains("cầu Tân Lộc trước")).collect();
    assert_eq!(rows.len(), 2, "{rows:#?}");
}
