//! Directive identity across documents for local series (-KH/TU): the organ that issued in a
//! committee's name is the committee; a vague issuer takes the place a later mention gives; other
//! provinces stay apart.

use chidao_store::Store;

fn ingest(s: &mut Store, id: &str, text: &str) {
    s.ingest_one(id, text.as_bytes()).unwrap();
}

#[test]
fn organs_merge_and_provinces_stay_apart() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("r.db")).unwrap();
    ingest(&mut s, "a.txt", "Sáng 5/5/2024, Đảng ủy Công an tỉnh họp triển khai Kế hoạch số 27-KH/TU của Tỉnh ủy về công tác cán bộ.\n");
    ingest(
        &mut s,
        "b.txt",
        "Ngày 8/11/2024, Tỉnh ủy Hòa Lạc sơ kết Kế hoạch số 27-KH/TU ngày 2/4/2024 của Ban Thường vụ Tỉnh ủy Hòa Lạc về công tác cán bộ.\n",
    );
    ingest(
        &mut s,
        "c.txt",
        "Ngày 9/11/2024, Tỉnh ủy Bình Sơn sơ kết Kế hoạch số 27-KH/TU ngày 6/3/2024 của Ban Thường vụ Tỉnh ủy Bình Sơn về chuyển đổi số.\n",
    );
    let cards = s.directive("27-KH/TU").unwrap();
    assert_eq!(cards.len(), 2, "{cards:#?}");
    let hoa_lac = cards.iter().find(|c| c.date.as_deref() == Some("2024-04-02")).expect("Hòa Lạc's plan");
    let docs: Vec<&str> = hoa_lac.cited_by.iter().map(|c| c.doc.as_str()).collect();
    assert_eq!(docs, ["a.txt", "b.txt"]);
    let binh_son = cards.iter().find(|c| c.date.as_deref() == Some("2024-03-06")).expect("Bình Sơn's plan");
    assert_eq!(binh_son.cited_by.iter().map(|c| c.doc.as_str()).collect::<Vec<_>>(), ["c.txt"]);
}

/// Party numbers restart each term: an undated citation in a 2017 text is not the directive of
/// the same number issued in 1951 that a history article dated, whatever the order of ingest.
#[test]
fn an_undated_citation_does_not_reach_a_directive_of_another_age() {
    let texts = [
        (
            "history.txt",
            "Ngày 3/2/2017, Bảo tàng tỉnh Hòa Lạc khai mạc triển lãm về lịch sử Đảng bộ tỉnh. Triển lãm giới thiệu Chỉ thị số 05-CT/TW ngày 12/5/1951 của Ban Chấp hành Trung ương về công tác dân vận.\n",
        ),
        (
            "study.txt",
            "Ngày 20/4/2017, Đảng ủy Công an huyện Tân Lộc sơ kết một năm thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.\n",
        ),
    ];
    for order in [[0, 1], [1, 0]] {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("r.db")).unwrap();
        for i in order {
            ingest(&mut s, texts[i].0, texts[i].1);
        }
        let cards = s.directive("05-CT/TW").unwrap();
        assert_eq!(cards.len(), 2, "{cards:#?}");
        let old = cards.iter().find(|c| c.date.as_deref() == Some("1951-05-12")).expect("the directive of 1951");
        assert_eq!(old.cited_by.iter().map(|c| c.doc.as_str()).collect::<Vec<_>>(), ["history.txt"]);
        assert!(old.maybe_cited_by.is_empty(), "{:?}", old.maybe_cited_by);
    }
}
