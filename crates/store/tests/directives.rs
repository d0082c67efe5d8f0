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

/// Re-extracts every document of the register (as `chidao ingest --reextract` does).
fn reextract_all(s: &mut Store, texts: &[(&str, &str)]) {
    let mut b = s.batch().unwrap();
    b.reextract(true);
    for (id, text) in texts {
        let doc = chidao_text::Document::new(*id, text.to_string());
        let x = chidao_extract::extract(&doc);
        b.put(&doc, chidao_store::content_hash(&doc.text), chidao_store::Signature::of(&doc.text).as_ref(), &x).unwrap();
    }
    b.commit().unwrap();
}

fn citing(s: &Store, code: &str) -> Vec<Vec<String>> {
    let mut v: Vec<Vec<String>> =
        s.directive(code).unwrap().iter().map(|c| c.cited_by.iter().map(|x| x.doc.clone()).collect()).collect();
    v.sort();
    v
}

/// A user splits a wrongly merged citation off and merges two entries of one plan; both survive
/// re-extraction, and withdrawing them gives the machine's clusters back.
#[test]
fn users_split_and_merge_directives_and_it_survives_reextraction() {
    let texts = [
        ("a.txt", "Ngày 5/5/2024, Đảng ủy Công an tỉnh Hòa Lạc họp triển khai Kế hoạch số 27-KH/TU ngày 2/4/2024 của Tỉnh ủy Hòa Lạc về công tác cán bộ.\n"),
        ("b.txt", "Ngày 9/6/2024, Huyện ủy Tân Lộc quán triệt Kế hoạch số 27-KH/TU của Tỉnh ủy Hòa Lạc về chuyển đổi số.\n"),
        // The same plan, its date mistyped by the newspaper: another era for the rules.
        ("c.txt", "Ngày 8/11/2024, Tỉnh ủy Hòa Lạc sơ kết Kế hoạch số 27-KH/TU ngày 2/4/2019 của Tỉnh ủy Hòa Lạc về công tác cán bộ.\n"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("r.db")).unwrap();
    for (id, t) in &texts {
        ingest(&mut s, id, t);
    }
    assert_eq!(citing(&s, "27-KH/TU"), [vec!["a.txt", "b.txt"], vec!["c.txt"]]);
    let cards = s.directive("27-KH/TU").unwrap();
    let ab = cards.iter().find(|c| c.cited_by.len() == 2).unwrap().id;
    let c = cards.iter().find(|c| c.cited_by.len() == 1).unwrap().id;

    // b.txt cites another plan of the same number: split it off.
    let b = s.split_directive(ab, "b.txt", Some("kế hoạch khác về chuyển đổi số"), "Biên tập viên").unwrap();
    assert_ne!(b, ab);
    assert_eq!(citing(&s, "27-KH/TU"), [vec!["a.txt"], vec!["b.txt"], vec!["c.txt"]]);
    // c.txt's date was a typo: merge its entry into a.txt's.
    let into = s.merge_directives(c, ab, None, "Biên tập viên").unwrap();
    assert_eq!(into, ab);
    let after = citing(&s, "27-KH/TU");
    assert_eq!(after, [vec!["a.txt", "c.txt"], vec!["b.txt"]]);
    let merged = s.directive_by_id(ab).unwrap().unwrap();
    assert_eq!(merged.date.as_deref(), Some("2024-04-02"), "the anchor's attributes win");

    reextract_all(&mut s, &texts);
    assert_eq!(citing(&s, "27-KH/TU"), after, "the user's word survives re-extraction");

    // Errors name what is wrong.
    let ab = s.directive("27-KH/TU").unwrap().iter().find(|c| c.cited_by.len() == 2).unwrap().id;
    let err = s.merge_directives(ab, ab, None, "Biên tập viên").unwrap_err().to_string();
    assert!(err.contains("itself"), "{err}");
    let err = s.split_directive(ab, "nowhere.txt", None, "Biên tập viên").unwrap_err().to_string();
    assert!(err.contains("nowhere.txt"), "{err}");

    // Withdrawn, the machine's clusters come back.
    for c in s.corrections(None, false, 10).unwrap() {
        s.withdraw_correction(c.id).unwrap();
    }
    assert_eq!(citing(&s, "27-KH/TU"), [vec!["a.txt", "b.txt"], vec!["c.txt"]]);
}
