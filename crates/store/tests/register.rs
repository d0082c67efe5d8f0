//! The register on fictional documents with hand-made extractions: idempotence, updates,
//! near-duplicates, search, people, directives, tasks.

use chidao_extract::Extraction;
use chidao_extract::date::PartialDate;
use chidao_extract::docref::DocRef;
use chidao_extract::meta::Meta;
use chidao_extract::org::Org;
use chidao_extract::person::{Person, Role};
use chidao_extract::task::{Confidence, Task, TaskKind, Tier};
use chidao_store::{SearchQuery, Signature, Store, TaskQuery, TaskState, content_hash};
use chidao_text::{Document, Span};

/// Span of the first occurrence of `needle` (panics in the test when absent: a fixture bug).
fn at(doc: &Document, needle: &str) -> Span {
    let s = doc.text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in fixture"));
    Span::new(s, s + needle.len())
}

fn ymd(y: i32, m: u8, d: u8) -> PartialDate {
    PartialDate::ymd(y, m, d)
}

/// A fictional extraction built by hand (tuples keep the fixtures one line each).
#[derive(Default, Clone)]
#[allow(clippy::type_complexity)]
struct Fx {
    date: Option<PartialDate>,
    people: Vec<(&'static str, Vec<&'static str>)>,
    docrefs: Vec<(&'static str, &'static str, Option<&'static str>, Option<&'static str>, Option<PartialDate>, &'static str)>,
    tasks: Vec<(&'static str, Option<&'static str>, Option<PartialDate>, Vec<usize>)>,
    orgs: Vec<(&'static str, Vec<&'static str>)>,
    /// The tasks' tiers, in order (high when not given).
    tiers: Vec<Tier>,
    /// Events: kind (its words in the text), date, chair (index into `people`).
    events: Vec<(&'static str, PartialDate, Option<usize>)>,
}

fn extraction<'d>(doc: &'d Document, fx: &Fx) -> Extraction<'d> {
    Extraction {
        doc,
        meta: Meta { date: fx.date, published: fx.date, source: None, author: None },
        dates: Vec::new(),
        orgs: fx
            .orgs
            .iter()
            .map(|(n, al)| Org { name: n.to_string(), aliases: al.iter().map(|s| s.to_string()).collect(), mentions: vec![at(doc, n)] })
            .collect(),
        people: fx
            .people
            .iter()
            .map(|(n, roles)| Person {
                name: n.to_string(),
                rank: None,
                roles: roles.iter().map(|r| Role { text: r.to_string(), span: at(doc, r) }).collect(),
                mentions: vec![at(doc, n)],
            })
            .collect(),
        docrefs: fx
            .docrefs
            .iter()
            .map(|(kind, number, code, issuer, date, mention)| DocRef {
                kind: kind.to_string(),
                number: number.to_string(),
                code: code.map(str::to_string),
                issuer: issuer.map(str::to_string),
                date: *date,
                title: None,
                mentions: vec![at(doc, mention)],
            })
            .collect(),
        events: fx
            .events
            .iter()
            .map(|(kind, date, chair)| chidao_extract::event::Event {
                kind: kind.to_string(),
                date: *date,
                chair: *chair,
                place: None,
                span: at(doc, kind),
                date_span: Span::default(),
            })
            .collect(),
        figures: Vec::new(),
        tasks: fx
            .tasks
            .iter()
            .enumerate()
            .map(|(i, (text, assignee, deadline, refs))| Task {
                span: at(doc, text),
                kind: TaskKind::Directive,
                issuer: None,
                issuer_person: None,
                assignee: assignee.map(str::to_string),
                deadline: *deadline,
                refs: refs.clone(),
                confidence: match fx.tiers.get(i).copied().unwrap_or(Tier::High) {
                    Tier::High => Confidence { score: 0.9, tier: Tier::High, reasons: Vec::new() },
                    tier => Confidence { score: if tier == Tier::Low { 0.2 } else { 0.6 }, tier, reasons: vec![format!("+0.0 fixture: {}", tier.code())] },
                },
            })
            .collect(),
        header: None,
    }
}

/// Puts one document in its own batch; returns (written, outcome).
fn put(store: &mut Store, id: &str, text: &str, fx: &Fx) -> Option<chidao_store::PutOutcome> {
    let hash = content_hash(text);
    let mut b = store.batch().unwrap();
    if !b.needs_write(id, hash).unwrap() {
        return None;
    }
    let doc = Document::new(id, text.to_string());
    let x = extraction(&doc, fx);
    let out = b.put(&doc, hash, Signature::of(text).as_ref(), &x).unwrap();
    b.commit().unwrap();
    Some(out)
}

const A: &str = "Tỉnh ủy Hòa Lạc sơ kết Chỉ thị 27-CT/TU\n\
Sáng 12/3/2019, Tỉnh ủy Hòa Lạc tổ chức hội nghị sơ kết 3 năm thực hiện Chỉ thị 27-CT/TU về công tác phòng cháy chữa cháy. \
Đồng chí Lê Văn Tâm, Bí thư Tỉnh ủy Hòa Lạc chủ trì hội nghị. Báo cáo cho biết Công an tỉnh Hòa Lạc đã tổ chức 1.200 buổi \
tuyên truyền, kiểm tra 350 cơ sở, phát hiện và xử lý 42 trường hợp vi phạm. Đồng chí Lê Văn Tâm yêu cầu Công an tỉnh hoàn thành \
việc rà soát các cơ sở trước ngày 30/6/2019 và đề nghị các huyện báo cáo kết quả trong tháng 9/2019.";

fn fx_a() -> Fx {
    Fx {
        date: Some(ymd(2019, 3, 12)),
        people: vec![("Lê Văn Tâm", vec!["Bí thư Tỉnh ủy Hòa Lạc"])],
        docrefs: vec![("Chỉ thị", "27", Some("27-CT/TU"), Some("Tỉnh ủy Hòa Lạc"), None, "Chỉ thị 27-CT/TU")],
        tasks: vec![
            ("yêu cầu Công an tỉnh hoàn thành việc rà soát các cơ sở trước ngày 30/6/2019", Some("Công an tỉnh Hòa Lạc"), Some(ymd(2019, 6, 30)), vec![0]),
            ("đề nghị các huyện báo cáo kết quả trong tháng 9/2019", Some("các huyện"), Some(PartialDate { year: Some(2019), month: Some(9), day: None }), vec![0]),
        ],
        orgs: vec![("Công an tỉnh Hòa Lạc", vec!["Công an tỉnh"]), ("Tỉnh ủy Hòa Lạc", vec![])],
        tiers: Vec::new(),
        events: Vec::new(),
    }
}

fn count(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn same_document_twice_changes_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let out = put(&mut s, "a.txt", A, &fx_a()).expect("first time is written");
    assert!(!out.updated && out.duplicate_of.is_none() && out.facts > 0);
    let before = s.stats(Some("2020-01-01")).unwrap();
    assert!(put(&mut s, "a.txt", A, &fx_a()).is_none(), "same id + same hash is skipped");
    let after = s.stats(Some("2020-01-01")).unwrap();
    assert_eq!(serde_json::to_string(&before).unwrap(), serde_json::to_string(&after).unwrap());
}

#[test]
fn changed_document_replaces_its_own_facts() {
    let mut s = Store::open_in_memory().unwrap();
    put(&mut s, "a.txt", A, &fx_a()).unwrap();
    let b = "Tin vắn\nChiều 4/5/2019, đồng chí Trần Thị Mai, Giám đốc Sở Tư pháp tỉnh Hòa Lạc làm việc tại huyện Bình Sơn.";
    let fx = Fx { date: Some(ymd(2019, 5, 4)), people: vec![("Trần Thị Mai", vec!["Giám đốc Sở Tư pháp tỉnh Hòa Lạc"])], ..Default::default() };
    let out = put(&mut s, "a.txt", b, &fx).expect("new content is written");
    assert!(out.updated);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM documents"), 1);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM persons"), 1, "the old person, left without mention, is gone");
    assert_eq!(s.person("Tran Thi Mai").unwrap().len(), 1);
    assert!(s.person("Lê Văn Tâm").unwrap().is_empty());
    assert_eq!(count(&s, "SELECT COUNT(*) FROM tasks"), 0);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM directives"), 0);
    // The old text is no longer found, the new one is.
    assert!(s.search(&SearchQuery::text("phong chay chua chay")).unwrap().is_empty());
    assert_eq!(s.search(&SearchQuery::text("binh son")).unwrap().len(), 1);
}

#[test]
fn the_search_index_is_rebuilt_after_deletions_only() {
    let mut s = Store::open_in_memory().unwrap();
    put(&mut s, "a.txt", A, &fx_a()).unwrap();
    assert_eq!(s.maintain_search(false).unwrap(), chidao_store::Rebuilt::default(), "nothing deleted: nothing to rebuild");
    let b = "Tin vắn\nChiều 4/5/2019, đoàn công tác của tỉnh Hòa Lạc làm việc tại huyện Bình Sơn.";
    put(&mut s, "a.txt", b, &Fx::default()).expect("new content is written");
    let rebuilt = s.maintain_search(false).unwrap();
    assert_eq!(rebuilt.documents, 1, "one document's old text deleted of one: past the threshold");
    assert_eq!(s.maintain_search(false).unwrap(), chidao_store::Rebuilt::default(), "the counters start again from zero");
    assert_eq!(s.search(&SearchQuery::text("binh son")).unwrap().len(), 1);
    assert!(s.search(&SearchQuery::text("phong chay chua chay")).unwrap().is_empty());
}

#[test]
fn near_duplicates_are_found_in_either_index_of_bands() {
    // A new document's bands go to the index of recent bands; a batch moves them to the large
    // index later (schema 13). A copy is found whichever holds the original's.
    for moved in [false, true] {
        let mut s = Store::open_in_memory().unwrap();
        put(&mut s, "orig.txt", A, &fx_a()).unwrap();
        let recent = count(&s, "SELECT COUNT(*) FROM doc_bands WHERE merged = 0");
        assert!(recent > 0 && recent == count(&s, "SELECT COUNT(*) FROM doc_bands"), "new bands are recent");
        if moved {
            s.connection().execute("UPDATE doc_bands SET merged = 1", []).unwrap();
        }
        let copy = format!("{}\nNguồn: Báo Bình Sơn điện tử", A.replace(" Báo cáo cho biết", " Theo báo cáo,"));
        let mut fx_copy = fx_a();
        fx_copy.date = Some(ymd(2019, 3, 13));
        assert!(put(&mut s, "copy.txt", &copy, &fx_copy).unwrap().duplicate_of.is_some(), "moved: {moved}");
        let dup: Option<String> = s
            .connection()
            .query_row("SELECT o.ext_id FROM documents d JOIN documents o ON o.id = d.dup_of WHERE d.ext_id = 'copy.txt'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(dup.as_deref(), Some("orig.txt"), "moved: {moved}");
    }
}

#[test]
fn near_duplicates_link_to_the_earliest_and_count_once() {
    let mut s = Store::open_in_memory().unwrap();
    // The same report syndicated: another outlet's footer, a tone style changed, one sentence cut.
    let copy = format!("{}\nNguồn: Báo Bình Sơn điện tử", A.replace("Hòa Lạc", "Hoà Lạc").replace(" Báo cáo cho biết", " Theo báo cáo,"));
    let mut fx_copy = fx_a();
    fx_copy.date = Some(ymd(2019, 3, 13));
    fx_copy.people = vec![("Lê Văn Tâm", vec!["Bí thư Tỉnh ủy Hoà Lạc"])];
    fx_copy.orgs.clear();
    fx_copy.docrefs[0].3 = Some("Tỉnh ủy Hoà Lạc");
    fx_copy.tasks.clear();
    // The copy arrives first but is dated later: the original takes over when it arrives.
    assert!(put(&mut s, "copy.txt", &copy, &fx_copy).unwrap().duplicate_of.is_none());
    let out = put(&mut s, "orig.txt", A, &fx_a()).unwrap();
    assert_eq!(out.duplicate_of, None, "the earlier-dated document is the original");
    let dup: Option<String> = s
        .connection()
        .query_row("SELECT o.ext_id FROM documents d JOIN documents o ON o.id = d.dup_of WHERE d.ext_id = 'copy.txt'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(dup.as_deref(), Some("orig.txt"));
    let st = s.stats(None).unwrap();
    assert_eq!((st.documents, st.duplicates), (2, 1));
    // Facts counted once: one person, cited by one (original) document.
    let p = s.person("Lê Văn Tâm").unwrap();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].documents, vec!["orig.txt".to_string()]);
    let d = s.directive("27-CT/TU").unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].cited_by.iter().filter(|c| c.duplicate_of.is_none()).count(), 1);
    // Each copy stays searchable.
    let hits = s.search(&SearchQuery::text("hoa lac")).unwrap();
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().any(|h| h.duplicate_of.as_deref() == Some("orig.txt")));
    // A different text is not a copy.
    let other = "Công an huyện Bình Sơn ra quân bảo đảm trật tự an toàn giao thông dịp lễ, lập 25 tổ công tác, \
        xử lý 140 trường hợp vi phạm nồng độ cồn và tạm giữ 38 phương tiện các loại trong tuần đầu tháng.";
    assert_eq!(put(&mut s, "other.txt", other, &Fx::default()).unwrap().duplicate_of, None);
}

#[test]
fn search_without_diacritics_ranks_exact_first() {
    let mut s = Store::open_in_memory().unwrap();
    put(&mut s, "exact.txt", "Công an Hà Nội họp bàn. Công an Hà Nội triển khai kế hoạch tuần tra ở xã Đồng Tâm.", &Fx { date: Some(ymd(2017, 4, 2)), ..Default::default() }).unwrap();
    // Same letters, other marks: matches only without diacritics; more occurrences, so bm25 alone
    // would put it first.
    put(&mut s, "folded.txt", "Cộng an hà nói. Cộng an hà nói cộng an hà nói, cộng an hà nói.", &Fx { date: Some(ymd(2017, 8, 9)), ..Default::default() }).unwrap();
    let hits = s.search(&SearchQuery::text("cong an ha noi")).unwrap();
    assert_eq!(hits.len(), 2, "typed without diacritics, both match");
    let hits = s.search(&SearchQuery::text("Công an Hà Nội")).unwrap();
    assert_eq!(hits.iter().map(|h| (h.doc.as_str(), h.exact)).collect::<Vec<_>>(), [("exact.txt", true), ("folded.txt", false)]);
    // đ folds to d (SQLite's remove_diacritics would not).
    let hits = s.search(&SearchQuery::text("dong tam")).unwrap();
    assert_eq!(hits.len(), 1);
    let h = &hits[0];
    let marked: Vec<&str> = h.highlights.iter().map(|&(a, b)| &h.snippet[a..b]).collect();
    assert_eq!(marked, ["Đồng Tâm"], "the words of a query are highlighted as the phrase they form");
    // Syllables of the query in order (one Vietnamese word or name) rank before scattered ones.
    put(&mut s, "scattered.txt", "Hà Giang có nội dung mới; nội bộ công ty an toàn, hà tiện, nội quy công khai, an ninh, hà khắc, công an.", &Fx::default()).unwrap();
    let hits = s.search(&SearchQuery::text("cong an ha noi")).unwrap();
    assert_eq!(hits.last().map(|h| h.doc.as_str()), Some("scattered.txt"));
    // Phrases: the words in order.
    assert_eq!(s.search(&SearchQuery::text("\"ha noi trien khai\"")).unwrap().len(), 1);
    assert_eq!(s.search(&SearchQuery::text("\"trien khai ha noi\"")).unwrap().len(), 0);
    // Date filters.
    let q = |from: &str, to: &str| SearchQuery { text: "cong an".into(), from: Some(from.into()), to: Some(to.into()), ..Default::default() };
    assert_eq!(s.search(&q("2017-04", "2017-04")).unwrap().len(), 1);
    assert_eq!(s.search(&q("2017", "2017")).unwrap().len(), 2);
    assert_eq!(s.search(&q("1/9/2017", "31/12/2017")).unwrap().len(), 0);
    // Filters alone list documents, latest first.
    let listed = s.search(&SearchQuery { from: Some("2017-01".into()), ..Default::default() }).unwrap();
    assert_eq!(listed.iter().map(|h| h.doc.as_str()).collect::<Vec<_>>(), ["folded.txt", "exact.txt"]);
    // Hostile queries are words, never FTS syntax errors.
    for bad in ["\"", "AND OR NOT", "*", "NEAR(a b", "col:x", "\u{0}", "(((", "-"] {
        s.search(&SearchQuery::text(bad)).unwrap();
    }
    assert!(s.search(&SearchQuery { text: "x".into(), kind: Some("nonsense".into()), ..Default::default() }).is_err());
    assert!(s.search(&SearchQuery { text: "x".into(), from: Some("hôm qua".into()), ..Default::default() }).is_err());
}

#[test]
fn filters_by_person_org_directive_and_kind() {
    let mut s = Store::open_in_memory().unwrap();
    put(&mut s, "a.txt", A, &fx_a()).unwrap();
    put(&mut s, "b.txt", "Huyện Bình Sơn tổ chức hội nghị tổng kết công tác năm, đồng chí Phạm Quốc Hưng phát biểu.", &Fx {
        people: vec![("Phạm Quốc Hưng", vec![])],
        ..Default::default()
    })
    .unwrap();
    let q = |person: Option<&str>, org: Option<&str>, directive: Option<&str>| SearchQuery {
        text: "hoi nghi".into(),
        person: person.map(Into::into),
        org: org.map(Into::into),
        directive: directive.map(Into::into),
        ..Default::default()
    };
    let docs = |q: SearchQuery| s.search(&q).unwrap().into_iter().map(|h| h.doc).collect::<Vec<_>>();
    assert_eq!(docs(q(None, None, None)).len(), 2);
    assert_eq!(docs(q(Some("le van tam"), None, None)), ["a.txt"]);
    assert_eq!(docs(q(Some("Phạm Quốc Hưng"), None, None)), ["b.txt"]);
    assert_eq!(docs(q(None, Some("cong an tinh hoa lac"), None)), ["a.txt"]);
    assert_eq!(docs(q(None, None, Some("27-CT/TU"))), ["a.txt"]);
    assert_eq!(docs(q(None, None, Some("Chỉ thị 27"))), ["a.txt"]);
    let tasks = s.search(&SearchQuery { text: "ra soat".into(), kind: Some("task".into()), ..Default::default() }).unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].kind, "task");
    let span = tasks[0].span.unwrap();
    assert!(A[span.0..span.1].starts_with("yêu cầu Công an tỉnh"));
    let people = s.search(&SearchQuery { text: "bi thu".into(), kind: Some("person".into()), ..Default::default() }).unwrap();
    assert_eq!(people.len(), 1);
}

#[test]
fn person_timeline_merges_roles_and_splits_namesakes() {
    let mut s = Store::open_in_memory().unwrap();
    let t1 = "Ngày 5/1/2016, đồng chí Lê Văn Tâm, Phó Bí thư Tỉnh ủy Hòa Lạc dự lễ khánh thành cầu Sông Mây.";
    let t2 = "Ngày 8/9/2018, đồng chí Lê Văn Tâm, Bí thư Tỉnh ủy Hòa Lạc kiểm tra tiến độ dự án đường ven biển.";
    let t3 = "Ngày 2/3/2019, ông Lê Văn Tâm, Bí thư Tỉnh ủy Hòa Lạc tiếp đoàn công tác của bộ.";
    let t4 = "Ngày 7/7/2018, ông Lê Văn Tâm, Giám đốc Sở Y tế tỉnh Bình Sơn kiểm tra bệnh viện huyện.";
    put(&mut s, "t1.txt", t1, &Fx { date: Some(ymd(2016, 1, 5)), people: vec![("Lê Văn Tâm", vec!["Phó Bí thư Tỉnh ủy Hòa Lạc"])], ..Default::default() });
    put(&mut s, "t2.txt", t2, &Fx { date: Some(ymd(2018, 9, 8)), people: vec![("Lê Văn Tâm", vec!["Bí thư Tỉnh ủy Hòa Lạc"])], ..Default::default() });
    put(&mut s, "t3.txt", t3, &Fx { date: Some(ymd(2019, 3, 2)), people: vec![("Lê Văn Tâm", vec!["Bí thư Tỉnh ủy Hòa Lạc"])], ..Default::default() });
    put(&mut s, "t4.txt", t4, &Fx { date: Some(ymd(2018, 7, 7)), people: vec![("Lê Văn Tâm", vec!["Giám đốc Sở Y tế tỉnh Bình Sơn"])], ..Default::default() });
    let cards = s.person("le van tam").unwrap();
    assert_eq!(cards.len(), 2, "two namesakes");
    let hl = &cards[0];
    assert_eq!(hl.documents.len(), 3);
    let roles: Vec<(&str, Option<&str>, Option<&str>, usize)> =
        hl.roles.iter().map(|r| (r.role.as_str(), r.first_seen.as_deref(), r.last_seen.as_deref(), r.documents.len())).collect();
    assert_eq!(roles, [("Phó Bí thư Tỉnh ủy Hòa Lạc", Some("2016-01-05"), Some("2016-01-05"), 1), ("Bí thư Tỉnh ủy Hòa Lạc", Some("2018-09-08"), Some("2019-03-02"), 2)]);
    assert_eq!(hl.roles[1].org.as_deref(), Some("Tỉnh ủy Hòa Lạc"));
    let bs = &cards[1];
    assert_eq!(bs.documents, ["t4.txt"]);
    assert!(bs.rules.iter().any(|(r, _)| r == "namesake_split"));
    assert!(bs.evidence.iter().any(|e| e.contains("binh") && e.contains("hoa")), "{:?}", bs.evidence);
}

#[test]
fn directive_merges_code_variants_and_keeps_ambiguity_visible() {
    let mut s = Store::open_in_memory().unwrap();
    let d = |code: Option<&'static str>, issuer: Option<&'static str>, date: Option<PartialDate>, mention: &'static str| Fx {
        docrefs: vec![("Chỉ thị", "35", code, issuer, date, mention)],
        ..Default::default()
    };
    put(&mut s, "c1.txt", "Các cấp ủy quán triệt Chỉ thị 35-CT/TW về đại hội đảng bộ các cấp.", &d(Some("35-CT/TW"), None, Some(ymd(2019, 5, 30)), "Chỉ thị 35-CT/TW"));
    put(&mut s, "c2.txt", "Thực hiện Chỉ thị 35-CT/TƯ, Đảng ủy xã Tân Lộc chuẩn bị đại hội.", &d(Some("35-CT/TƯ"), None, None, "Chỉ thị 35-CT/TƯ"));
    put(&mut s, "c3.txt", "Theo Chỉ thị số 35 của Bộ Chính trị, nhân sự phải được chuẩn bị kỹ.", &d(None, Some("Bộ Chính trị"), None, "Chỉ thị số 35"));
    let cards = s.directive("35-CT/TƯ").unwrap();
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].code.as_deref(), Some("35-CT/TW"));
    assert_eq!(cards[0].era.as_deref(), Some("T2016"));
    assert_eq!(cards[0].cited_by.iter().map(|c| c.doc.as_str()).collect::<Vec<_>>(), ["c1.txt", "c2.txt", "c3.txt"]);
    assert_eq!(s.directive("Chỉ thị 35").unwrap().len(), 1);

    // Party numbers restart each term: 05-CT/TW of 2016 and of 2021 are two directives.
    let e = |date: Option<PartialDate>| Fx { docrefs: vec![("Chỉ thị", "05", Some("05-CT/TW"), None, date, "Chỉ thị 05-CT/TW")], ..Default::default() };
    put(&mut s, "e1.txt", "Học tập theo Chỉ thị 05-CT/TW ngày 15/5/2016 của Bộ Chính trị.", &e(Some(ymd(2016, 5, 15))));
    put(&mut s, "e2.txt", "Chỉ thị 05-CT/TW ngày 10/6/2021 về công tác cán bộ được triển khai.", &e(Some(ymd(2021, 6, 10))));
    put(&mut s, "e3.txt", "Cơ quan tiếp tục thực hiện Chỉ thị 05-CT/TW trong năm nay.", &e(None));
    let cards = s.directive("05-CT/TW").unwrap();
    assert_eq!(cards.len(), 2);
    for c in &cards {
        assert_eq!(c.cited_by.len(), 1);
        assert_eq!(c.maybe_cited_by.iter().map(|m| m.doc.as_str()).collect::<Vec<_>>(), ["e3.txt"], "the undated mention stays ambiguous");
    }
    assert_eq!(s.stats(None).unwrap().ambiguous_citations, 1);
}

#[test]
fn task_states_and_user_status_survive_reingest() {
    let mut s = Store::open_in_memory().unwrap();
    put(&mut s, "a.txt", A, &fx_a()).unwrap();
    let tq = |as_of: &str, overdue: bool| TaskQuery { as_of: Some(as_of.into()), overdue, ..Default::default() };
    let all = s.tasks(&tq("2019-07-15", false)).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].due.as_deref(), Some("2019-06-30"));
    assert_eq!(all[1].due.as_deref(), Some("2019-09-30"), "a month deadline allows the whole month");
    assert_eq!(all.iter().map(|t| t.state).collect::<Vec<_>>(), [TaskState::OpenOverdue, TaskState::OpenInTime]);
    assert_eq!(all[0].refs, ["27-CT/TU"]);
    assert_eq!(s.tasks(&tq("2019-07-15", true)).unwrap().len(), 1);
    assert_eq!(s.tasks(&TaskQuery { assignee: Some("cong an".into()), ..tq("2019-07-15", false) }).unwrap().len(), 1);
    assert_eq!(s.tasks(&TaskQuery { due_before: Some("2019-07-01".into()), ..tq("2019-07-15", false) }).unwrap().len(), 1);
    // The user records completion: late for the first, on time for the second.
    let (k0, k1) = (all[0].id.clone(), all[1].id.clone());
    s.set_task_done(&k0, Some("2019-07-10"), Some("báo cáo số 12")).unwrap();
    s.set_task_done(&k1[..6], Some("20/9/2019"), None).unwrap();
    let states = |s: &Store, as_of| s.tasks(&tq(as_of, false)).unwrap().iter().map(|t| t.state).collect::<Vec<_>>();
    assert_eq!(states(&s, "2019-12-31"), [TaskState::DoneLate, TaskState::DoneOnTime]);
    assert_eq!(states(&s, "2019-07-05"), [TaskState::OpenOverdue, TaskState::OpenInTime], "completion not yet known on that day");
    // Re-ingesting a corrected version of the document keeps the status (the task key is stable).
    put(&mut s, "a.txt", &A.replace("42 trường hợp", "43 trường hợp"), &fx_a()).unwrap();
    assert_eq!(states(&s, "2019-12-31"), [TaskState::DoneLate, TaskState::DoneOnTime]);
    let d = s.directive("27-CT/TU").unwrap();
    assert_eq!(d[0].tasks.len(), 2);
    assert!(s.set_task_done("zzzz", None, None).is_err());
    let st = s.stats(Some("2019-12-31")).unwrap();
    assert_eq!(st.tasks, 2);
}

#[test]
fn hostile_spans_and_text_do_not_panic() {
    let mut s = Store::open_in_memory().unwrap();
    let text = "Đ\u{0}\u{FFFD}ại hội ".repeat(2000);
    let doc = Document::new("junk.txt", text.clone());
    let mut x = extraction(&doc, &Fx::default());
    x.people.push(Person { name: "  ".into(), rank: None, roles: vec![], mentions: vec![Span::new(1, 2)] });
    x.people.push(Person {
        name: "Nguyễn Văn A".into(),
        rank: Some("Đại úy".into()),
        roles: vec![Role { text: "Trưởng".into(), span: Span::new(999_999, 1_000_000) }],
        mentions: vec![Span::new(5, 1)],
    });
    x.tasks.push(Task {
        span: Span::new(1, 3),
        kind: TaskKind::Commitment,
        issuer: None,
        issuer_person: None,
        assignee: None,
        deadline: Some(PartialDate::ymd(2020, 2, 31)),
        refs: vec![7],
        confidence: Confidence::default(),
    });
    x.docrefs.push(DocRef { kind: "".into(), number: "".into(), code: Some("///--".into()), issuer: None, date: None, title: None, mentions: vec![] });
    let mut b = s.batch().unwrap();
    b.put(&doc, content_hash(&text), Signature::of(&text).as_ref(), &x).unwrap();
    b.commit().unwrap();
    assert_eq!(s.search(&SearchQuery::text("ai hoi")).unwrap().len(), 1);
}

#[test]
fn file_store_is_wal_and_versioned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/chidao.db");
    {
        let mut s = Store::open(&path).unwrap();
        put(&mut s, "a.txt", A, &fx_a()).unwrap();
    }
    let s = Store::open(&path).unwrap();
    let mode: String = s.connection().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(s.stats(None).unwrap().schema_version, chidao_store::migrations::LATEST);
    assert_eq!(s.stats(None).unwrap().documents, 1);
    // A newer schema is refused, not misread.
    s.connection().pragma_update(None, "user_version", 99).unwrap();
    drop(s);
    assert!(matches!(Store::open(&path), Err(chidao_store::StoreError::NewerSchema { found: 99, .. })));
}

const T: &str = "Ủy ban nhân dân huyện Tân Phong họp về phòng chống thiên tai\n\
Chiều 4/5/2021, Ủy ban nhân dân huyện Tân Phong tổ chức họp trực tuyến với các xã về công tác phòng chống thiên tai \
theo Chỉ thị 09-CT/HU. Chủ tịch UBND huyện Nguyễn Thị Lan yêu cầu Phòng Nông nghiệp hoàn thành phương án trước ngày 30/6/2021. \
Các xã tiếp tục rà soát những điểm sạt lở. Người dân nên chuẩn bị đèn pin và nước uống.";

fn fx_t() -> Fx {
    Fx {
        date: Some(ymd(2021, 5, 4)),
        docrefs: vec![("Chỉ thị", "09", Some("09-CT/HU"), Some("Huyện ủy Tân Phong"), None, "Chỉ thị 09-CT/HU")],
        tasks: vec![
            ("yêu cầu Phòng Nông nghiệp hoàn thành phương án trước ngày 30/6/2021", Some("Phòng Nông nghiệp"), Some(ymd(2021, 6, 30)), vec![0]),
            ("Các xã tiếp tục rà soát những điểm sạt lở", Some("Các xã"), None, vec![0]),
            ("Người dân nên chuẩn bị đèn pin và nước uống", Some("Người dân"), None, vec![0]),
        ],
        tiers: vec![Tier::High, Tier::Medium, Tier::Low],
        ..Default::default()
    }
}

#[test]
fn doubtful_tasks_are_kept_and_hidden_by_default() {
    let mut s = Store::open_in_memory().unwrap();
    put(&mut s, "t.txt", T, &fx_t()).unwrap();
    let q = |doubtful: bool| TaskQuery { as_of: Some("2021-06-01".into()), doubtful, ..Default::default() };
    let shown = s.tasks(&q(false)).unwrap();
    assert_eq!(shown.iter().map(|t| t.tier.as_deref()).collect::<Vec<_>>(), [Some("high"), Some("medium")]);
    assert_eq!(shown[1].reasons, ["+0.0 fixture: medium"], "the judgement's reasons are kept");
    assert_eq!(shown[1].confidence, Some(0.6));
    let all = s.tasks(&q(true)).unwrap();
    assert_eq!(all.len(), 3);
    let low = all.iter().find(|t| t.tier.as_deref() == Some("low")).expect("the doubtful task");
    assert!(low.text.starts_with("Người dân") && !low.listed());
    // The stats, the board's counts and the directive card follow the same default.
    let st = s.stats(Some("2021-06-01")).unwrap();
    assert_eq!((st.tasks, st.doubtful_tasks), (2, 1));
    assert_eq!(st.task_tiers.iter().map(|(t, n)| format!("{t}={n}")).collect::<Vec<_>>(), ["high=1", "medium=1", "low=1", "unjudged=0"]);
    let who: Vec<String> = s.task_assignees(Some("2021-06-01"), false, 10).unwrap().into_iter().map(|a| a.assignee).collect();
    assert_eq!(who, ["Các xã", "Phòng Nông nghiệp"]);
    assert_eq!(s.task_assignees(Some("2021-06-01"), true, 10).unwrap().len(), 3);
    let card = s.directive("09-CT/HU").unwrap().remove(0);
    assert_eq!((card.tasks.len(), card.doubtful_tasks), (2, 1));
    // An assignee filter does not reveal doubtful tasks either.
    assert!(s.tasks(&TaskQuery { assignee: Some("nguoi dan".into()), ..q(false) }).unwrap().is_empty());
    assert_eq!(s.tasks(&TaskQuery { assignee: Some("nguoi dan".into()), ..q(true) }).unwrap().len(), 1);
    // A person who edits a doubtful task vouches for it: it is shown.
    s.add_correction(
        &chidao_store::NewCorrection {
            doc: low.doc.clone(),
            kind: "task".into(),
            span: low.span,
            action: chidao_store::Action::Edit,
            field: Some("assignee".into()),
            value: Some("UBND các xã".into()),
            note: None,
        },
        "cv",
    )
    .unwrap();
    let shown = s.tasks(&q(false)).unwrap();
    assert_eq!(shown.len(), 3);
    assert!(shown.iter().any(|t| t.assignee.as_deref() == Some("UBND các xã") && t.listed()));
    // A register written before tiers (NULL) shows its tasks.
    s.connection().execute("UPDATE tasks SET tier = NULL, confidence = NULL, reasons = NULL", []).unwrap();
    assert_eq!(s.tasks(&q(false)).unwrap().len(), 3);
    assert_eq!(s.stats(Some("2021-06-01")).unwrap().task_tiers.last().unwrap(), &("unjudged".to_string(), 3));
}

#[test]
fn a_task_without_deadline_is_no_deadline_not_in_time() {
    let mut s = Store::open_in_memory().unwrap();
    put(&mut s, "t.txt", T, &fx_t()).unwrap();
    let q = |state: Option<&str>| TaskQuery { as_of: Some("2021-06-01".into()), state: state.map(str::to_string), ..Default::default() };
    let rows = s.tasks(&q(None)).unwrap();
    assert_eq!(rows.iter().map(|t| t.state).collect::<Vec<_>>(), [TaskState::OpenInTime, TaskState::NoDeadline]);
    assert_eq!(s.tasks(&q(Some("no_deadline"))).unwrap().len(), 1);
    assert_eq!(s.tasks(&q(Some("open_in_time"))).unwrap().len(), 1);
    assert!(s.tasks(&q(Some("soon"))).unwrap_err().to_string().contains("no_deadline"));
    let st = s.stats(Some("2021-06-01")).unwrap();
    let n = |state: TaskState| st.task_states.iter().find(|(s, _)| *s == state).unwrap().1;
    assert_eq!((n(TaskState::OpenInTime), n(TaskState::NoDeadline)), (1, 1), "counted apart");
    // Done without a deadline: done on time.
    let id = rows[1].id.clone();
    s.set_task_done(&id, Some("2021-05-20"), None).unwrap();
    assert_eq!(s.tasks(&q(Some("done_on_time"))).unwrap()[0].id, id);
}

#[test]
fn an_event_reported_by_copies_of_one_article_is_one_row() {
    let mut s = Store::open_in_memory().unwrap();
    let head = "Huyện ủy Sơn Bình sơ kết công tác dân vận\n\n";
    let one = "Sáng 3/4/2024, Huyện ủy Sơn Bình tổ chức hội nghị sơ kết công tác dân vận quý I năm 2024. Báo cáo cho biết toàn huyện \
               đã vận động nhân dân hiến 12.000 m2 đất làm đường giao thông nông thôn, xây dựng 45 nhà đại đoàn kết cho hộ nghèo.\n";
    let two = "(Báo Sơn Bình) Sáng 3/4/2024, Huyện ủy Sơn Bình tổ chức hội nghị sơ kết công tác dân vận. Trong quý I, các tổ chức đoàn thể \
               của huyện phối hợp vận động nhân dân góp hơn 2 tỷ đồng xây dựng nông thôn mới và trao tặng 45 căn nhà cho hộ nghèo.\n";
    let other = "Huyện đoàn Sơn Bình ra quân tình nguyện hè\n\nSáng 3/4/2024, Huyện đoàn Sơn Bình tổ chức hội nghị triển khai chiến dịch \
                 thanh niên tình nguyện hè năm 2024 với 20 công trình măng non.\n";
    s.ingest_one("mot.txt", format!("{head}{one}").as_bytes()).unwrap();
    s.ingest_one("hai.txt", format!("{head}{two}").as_bytes()).unwrap();
    s.ingest_one("khac.txt", other.as_bytes()).unwrap();
    assert_eq!(count(&s, "SELECT COUNT(*) FROM documents WHERE dup_of IS NOT NULL"), 0, "reworded: not near-duplicates by signature");
    let all = s.events(&Default::default()).unwrap();
    assert_eq!(all.len(), 2, "{all:#?}");
    let docs = |e: &chidao_store::EventRow| e.evidence.iter().map(|v| v.doc.clone()).collect::<std::collections::BTreeSet<_>>();
    let copied = all.iter().find(|e| e.evidence.len() == 2).expect("the copied report is one row");
    assert_eq!(docs(copied), ["hai.txt".to_string(), "mot.txt".into()].into());
    // Paging counts the merged row once.
    let q = |offset, limit| chidao_store::EventQuery { offset: Some(offset), limit: Some(limit), ..Default::default() };
    let (p1, p2) = (s.events(&q(0, 1)).unwrap(), s.events(&q(1, 1)).unwrap());
    assert_eq!((p1.len(), p2.len()), (1, 1));
    assert_eq!(docs(&p1[0]).len() + docs(&p2[0]).len(), 3);
    assert!(s.events(&q(2, 1)).unwrap().is_empty());
}

#[test]
fn a_person_without_an_official_role_is_doubtful() {
    let mut s = Store::open_in_memory().unwrap();
    put(&mut s, "a.txt", A, &fx_a()).unwrap();
    let b = "Tin vắn\nChiều 4/5/2019, anh Đỗ Văn Khoa cùng Lê Văn Tâm đi kiểm tra công trình ở huyện Bình Sơn.";
    let fx = Fx { date: Some(ymd(2019, 5, 4)), people: vec![("Đỗ Văn Khoa", vec![]), ("Lê Văn Tâm", vec![])], ..Default::default() };
    put(&mut s, "b.txt", b, &fx).unwrap();
    // No role, no rank: left out of lookups unless asked.
    assert!(s.person("Đỗ Văn Khoa").unwrap().is_empty());
    let all = s.people("Đỗ Văn Khoa", true).unwrap();
    assert_eq!(all.len(), 1);
    assert!(all[0].doubtful);
    // A role in one document is enough.
    let tam = s.person("Lê Văn Tâm").unwrap();
    assert_eq!(tam.len(), 1);
    assert!(!tam[0].doubtful);
    // Facets count confident people only.
    let f = s.facets(&SearchQuery::text("huyện Bình Sơn")).unwrap();
    let names: Vec<&str> = f.people.iter().map(|p| p.value.as_str()).collect();
    assert!(names.contains(&"Lê Văn Tâm") && !names.contains(&"Đỗ Văn Khoa"), "{names:?}");
    // Named again in a second document, still without an office, or with a title cut short
    // ("trưởng" of "đội trưởng"): still doubtful — being named often makes no public person.
    let c = "Giải bóng đá phong trào\nChiều 9/5/2019, đội trưởng Đỗ Văn Khoa ghi hai bàn cho đội bóng của xóm Bình Sơn.";
    let fx = Fx { date: Some(ymd(2019, 5, 9)), people: vec![("Đỗ Văn Khoa", vec!["trưởng"])], ..Default::default() };
    put(&mut s, "c.txt", c, &fx).unwrap();
    assert!(s.person("Đỗ Văn Khoa").unwrap().is_empty());
    let list = s.people_list().unwrap();
    let khoa = list.iter().find(|p| p.name == "Đỗ Văn Khoa").expect("kept in the list's rows");
    assert!(khoa.doubtful && khoa.documents == 2);
    let shown = |doubtful| {
        let q = chidao_store::office::ListQuery { limit: 50, doubtful, ..Default::default() };
        chidao_store::office::select_people(&list, &q).unwrap().rows.into_iter().map(|p| p.name).collect::<Vec<_>>()
    };
    assert_eq!(shown(false), ["Lê Văn Tâm"]);
    assert_eq!(shown(true).len(), 2);
}

#[test]
fn the_list_shows_the_fullest_form_of_a_cut_title() {
    let role = |k: &str, r: &str, o: Option<&str>| (k.to_string(), r.to_string(), o.map(str::to_string));
    // Latest first: a bare "Trưởng" is shown as the longer role it begins.
    let rs = [role("trưởng", "Trưởng", None), role("trưởng đơn vị mắt", "Trưởng đơn vị Mắt", None), role("trưởng đơn vị mắt bệnh viện bình sơn", "Trưởng đơn vị Mắt Bệnh viện Bình Sơn", Some("Bệnh viện Bình Sơn"))];
    assert_eq!(chidao_store::office::fullest_role(&rs).unwrap().0, "Trưởng đơn vị Mắt Bệnh viện Bình Sơn");
    // A role naming its organisation is kept; a promotion is not undone.
    let rs = [role("chủ tịch ubnd tỉnh", "Chủ tịch UBND tỉnh", Some("UBND tỉnh")), role("chủ tịch ubnd tỉnh hòa lạc cũ", "Chủ tịch UBND tỉnh Hòa Lạc cũ", Some("UBND tỉnh Hòa Lạc cũ"))];
    assert_eq!(chidao_store::office::fullest_role(&rs).unwrap().0, "Chủ tịch UBND tỉnh");
    let rs = [role("chủ tịch", "Chủ tịch", None), role("phó chủ tịch ubnd huyện", "Phó Chủ tịch UBND huyện", Some("UBND huyện"))];
    assert_eq!(chidao_store::office::fullest_role(&rs).unwrap().0, "Chủ tịch");
}

#[test]
fn a_bare_kind_and_number_cited_once_is_a_doubtful_directive() {
    let mut s = Store::open_in_memory().unwrap();
    put(&mut s, "a.txt", A, &fx_a()).unwrap();
    let b = "Huyện Bình Sơn triển khai Quyết định 153\nSáng 4/5/2019, UBND huyện Bình Sơn họp triển khai Quyết định 153 về chỉnh trang đô thị.";
    let fx = Fx { date: Some(ymd(2019, 5, 4)), docrefs: vec![("Quyết định", "153", None, None, None, "Quyết định 153")], ..Default::default() };
    put(&mut s, "b.txt", b, &fx).unwrap();
    // Which body's Quyết định 153? Kept, hidden from look-ups, the list and facets unless asked.
    assert!(s.directive("Quyết định 153").unwrap().is_empty());
    let all = s.directives("Quyết định 153", true).unwrap();
    assert_eq!(all.len(), 1);
    assert!(all[0].doubtful);
    assert!(s.directive_by_id(all[0].id).unwrap().unwrap().doubtful, "its page still works, marked");
    assert!(!s.directive("27-CT/TU").unwrap()[0].doubtful, "a code with its series");
    let list = s.directive_list(None).unwrap();
    let shown = |doubtful| {
        let q = chidao_store::office::ListQuery { limit: 50, doubtful, ..Default::default() };
        chidao_store::office::select_directives(&list, &q).unwrap().total
    };
    assert_eq!((shown(false), shown(true)), (1, 2));
    let f = s.facets(&SearchQuery::text("Bình Sơn")).unwrap();
    assert!(f.directives.is_empty(), "{:?}", f.directives);
    // A second document citing it makes it a document of the register's own sources.
    let c = "Bình Sơn chỉnh trang đô thị\nChiều 9/5/2019, các xã của huyện Bình Sơn ra quân thực hiện Quyết định 153.";
    let fx = Fx { date: Some(ymd(2019, 5, 9)), docrefs: vec![("Quyết định", "153", None, None, None, "Quyết định 153")], ..Default::default() };
    put(&mut s, "c.txt", c, &fx).unwrap();
    assert_eq!(s.directive("Quyết định 153").unwrap().len(), 1);
}

#[test]
fn one_meeting_reported_by_several_papers_is_one_row() {
    let mut s = Store::open_in_memory().unwrap();
    // Three papers on one meeting, worded apart: one names its chair, the others name him as
    // the official who spoke there. A fourth: another meeting that day, chaired by another.
    let one = "Hòa Lạc sơ kết phòng cháy\nSáng 12/3/2019, đồng chí Lê Văn Tâm, Bí thư Tỉnh ủy Hòa Lạc chủ trì hội nghị sơ kết công tác phòng cháy.";
    let two = "Bí thư Tỉnh ủy yêu cầu siết chặt phòng cháy\nTại hội nghị ngày 12/3/2019, Bí thư Tỉnh ủy Hòa Lạc Lê Văn Tâm yêu cầu các huyện rà soát cơ sở.";
    let three = "Phòng cháy chữa cháy: còn nhiều cơ sở vi phạm\nPhát biểu tại hội nghị sáng 12/3/2019, ông Lê Văn Tâm nhấn mạnh trách nhiệm của người đứng đầu.";
    let four = "Huyện Bình Sơn tổng kết năm học\nChiều 12/3/2019, đồng chí Trần Thị Mai, Chủ tịch UBND huyện Bình Sơn chủ trì hội nghị tổng kết năm học.";
    let tam = ("Lê Văn Tâm", vec!["Bí thư Tỉnh ủy Hòa Lạc"]);
    let d = ymd(2019, 3, 12);
    put(&mut s, "mot.txt", one, &Fx { date: Some(d), people: vec![tam.clone()], events: vec![("hội nghị", d, Some(0))], ..Default::default() });
    put(&mut s, "hai.txt", two, &Fx { date: Some(d), people: vec![tam.clone()], events: vec![("hội nghị", d, None)], ..Default::default() });
    put(&mut s, "ba.txt", three, &Fx { date: Some(d), people: vec![("Lê Văn Tâm", vec![])], events: vec![("hội nghị", d, None)], ..Default::default() });
    let mai = ("Trần Thị Mai", vec!["Chủ tịch UBND huyện Bình Sơn"]);
    put(&mut s, "bon.txt", four, &Fx { date: Some(d), people: vec![mai], events: vec![("hội nghị", d, Some(0))], ..Default::default() });
    let docs = |e: &chidao_store::EventRow| e.evidence.iter().map(|v| v.doc.clone()).collect::<std::collections::BTreeSet<_>>();
    let rows = s.events(&Default::default()).unwrap();
    assert_eq!(rows.len(), 2, "{rows:#?}");
    let tam_row = rows.iter().find(|e| e.chair.as_ref().is_some_and(|c| c.1 == "Lê Văn Tâm")).expect("the Tỉnh ủy's meeting");
    assert_eq!(docs(tam_row), ["ba.txt".to_string(), "hai.txt".into(), "mot.txt".into()].into());
    assert_eq!(tam_row.also.len(), 2);
    // Every report its own row when asked.
    let all = s.events(&chidao_store::EventQuery { reposts: true, ..Default::default() }).unwrap();
    assert_eq!(all.len(), 4);
}

/// A register of `docs` (id, text, extraction), one batch a document, in `order`.
fn one_by_one(docs: &[(String, String, Fx)], order: &[usize]) -> Store {
    let mut s = Store::open_in_memory().unwrap();
    for &i in order {
        put(&mut s, &docs[i].0, &docs[i].1, &docs[i].2);
    }
    s
}

/// A register of `docs` written in one batch.
fn in_one_batch(docs: &[(String, String, Fx)]) -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let mut b = s.batch().unwrap();
    for (id, text, fx) in docs {
        let doc = Document::new(id.as_str(), text.clone());
        b.put(&doc, content_hash(text), Signature::of(text).as_ref(), &extraction(&doc, fx)).unwrap();
    }
    b.commit().unwrap();
    s
}

/// The people of one name and an organisation spelled two ways, whatever the order the documents
/// came in and however they were batched: the resolver places a later document's person among
/// the people it has (from their memos), and one that comes before others places the name again
/// from all its occurrences; an organisation is named by its earliest mention, whose place its
/// row keeps. The register must be the one the canonical order gives either way.
#[test]
fn people_are_the_same_whatever_the_order_and_batching_of_ingest() {
    let roles: [(Option<PartialDate>, &str); 9] = [
        (Some(ymd(2016, 1, 5)), "Phó Bí thư Tỉnh ủy Hòa Lạc"),
        (Some(ymd(2018, 9, 8)), "Bí thư Tỉnh ủy Hòa Lạc"),
        (Some(ymd(2019, 3, 2)), "Bí thư Tỉnh ủy Hòa Lạc"),
        (Some(ymd(2018, 7, 7)), "Giám đốc Sở Y tế tỉnh Bình Sơn"),
        (Some(ymd(2020, 1, 1)), ""),
        (None, "Chủ tịch UBND tỉnh Hòa Lạc"),
        (Some(ymd(2017, 5, 5)), "Phó Giám đốc Sở Y tế tỉnh Bình Sơn"),
        (Some(ymd(2015, 2, 2)), ""),
        (Some(ymd(2021, 4, 4)), "Hiệu trưởng Trường THPT Tân Lộc"),
    ];
    let docs: Vec<(String, String, Fx)> = roles
        .iter()
        .enumerate()
        .map(|(i, (date, role))| {
            // One organisation, spelled two ways (one folded name): the first spelling names it.
            let org = if i % 3 == 0 { "Công an tỉnh Hòa Lạc" } else { "Công An Tỉnh Hòa Lạc" };
            let text = if role.is_empty() {
                format!("Đồng chí Lê Văn Tâm dự hội nghị của {org} lần thứ {i}.")
            } else {
                format!("Đồng chí Lê Văn Tâm, {role} dự hội nghị của {org} lần thứ {i}.")
            };
            let roles = if role.is_empty() { vec![] } else { vec![*role] };
            (format!("p{i}.txt"), text, Fx { date: *date, people: vec![("Lê Văn Tâm", roles)], orgs: vec![(org, vec![])], ..Default::default() })
        })
        .collect();
    // Each person by what it is: its name, rank and memo, and its occurrences with their rules.
    let people = |s: &Store| -> Vec<String> {
        let mut st = s
            .connection()
            .prepare(
                "SELECT p.name, p.rank, p.memo, d.ext_id, m.rule, m.evidence FROM persons p JOIN person_mentions m ON m.person = p.id
                 JOIN documents d ON d.id = m.doc ORDER BY p.memo, d.ext_id",
            )
            .unwrap();
        let rows = st.query_map([], |r| Ok(format!("{:?}", (r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?, r.get::<_, Option<String>>(5)?))));
        let mut out: Vec<String> = rows.unwrap().map(Result::unwrap).collect();
        let mut st = s.connection().prepare("SELECT name, first_at FROM orgs ORDER BY key").unwrap();
        let orgs = st.query_map([], |r| Ok(format!("org {:?}", (r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))).unwrap();
        out.extend(orgs.map(Result::unwrap));
        out
    };
    let orders: [[usize; 9]; 5] =
        [[0, 1, 2, 3, 4, 5, 6, 7, 8], [8, 7, 6, 5, 4, 3, 2, 1, 0], [4, 0, 8, 2, 6, 1, 7, 3, 5], [7, 3, 5, 1, 8, 0, 6, 2, 4], [0, 3, 1, 2, 6, 4, 8, 5, 7]];
    let mut seen = Vec::new();
    for order in orders {
        seen.push((format!("one batch each, in the order {order:?}"), people(&one_by_one(&docs, &order))));
    }
    let s = in_one_batch(&docs);
    seen.push(("all in one batch".to_string(), people(&s)));
    let (first, expected) = &seen[0];
    assert_eq!(count(&s, "SELECT COUNT(*) FROM persons"), 3, "Hòa Lạc, Bình Sơn, Tân Lộc: {expected:#?}");
    assert!(expected.iter().all(|p| p.contains("first") || p.contains("2015-02-02")), "every person has its memo: {expected:#?}");
    assert!(expected.iter().any(|p| p.starts_with("org (\"Công An Tỉnh Hòa Lạc\"")), "named by the earliest document's spelling (p7, 2015): {expected:#?}");
    for (how, got) in &seen[1..] {
        assert_eq!(got, expected, "{how} vs {first}");
    }
}

/// The citations of one number, whatever the order the documents came in and however they were
/// batched: a batch whose citations come after all the number's earlier ones places them among
/// the directives the register has (from their rows and memos), one that comes before others
/// clusters the number again from all its citations. Eras, local issuers, undated documents
/// (one too early for the era its directive starts), ambiguity and a user's pin: the register
/// must be the one the canonical order gives either way.
#[test]
fn cited_documents_are_the_same_whatever_the_order_and_batching_of_ingest() {
    type Cite = (Option<PartialDate>, &'static str, Option<&'static str>, Option<&'static str>, Option<PartialDate>);
    let cites: [Cite; 12] = [
        (Some(ymd(2017, 3, 1)), "Chỉ thị 12-CT/TW", Some("12-CT/TW"), None, None),
        (Some(ymd(2022, 5, 1)), "Chỉ thị 12-CT/TW ngày 3/2/2022", Some("12-CT/TW"), None, Some(ymd(2022, 2, 3))),
        (None, "Chỉ thị 12-CT/TW", Some("12-CT/TW"), None, None),
        (Some(ymd(2019, 4, 9)), "Chỉ thị 12/CT-UBND của UBND tỉnh Bình Sơn", Some("12/CT-UBND"), Some("UBND tỉnh Bình Sơn"), None),
        (Some(ymd(2020, 6, 2)), "Chỉ thị 12/CT-UBND của UBND tỉnh Hòa Lạc", Some("12/CT-UBND"), Some("UBND tỉnh Hòa Lạc"), None),
        (Some(ymd(2021, 8, 8)), "Chỉ thị 12/CT-UBND", Some("12/CT-UBND"), None, None),
        (Some(ymd(1999, 1, 5)), "Chỉ thị số 12-CT/TW", Some("12-CT/TW"), None, None),
        (Some(ymd(2000, 2, 6)), "Chỉ thị 12-CT/TW về đất đai", Some("12-CT/TW"), None, None),
        (Some(ymd(2023, 9, 9)), "Chỉ thị 12/CT-UBND ngày 1/3/2023 của UBND tỉnh Bình Sơn", Some("12/CT-UBND"), Some("UBND tỉnh Bình Sơn"), Some(ymd(2023, 3, 1))),
        (Some(ymd(2024, 1, 2)), "Chỉ thị 12-CT/TW", Some("12-CT/TW"), None, None),
        // A directive first cited without its issuer, who is named a year later; a citation
        // between the two that names the issuer teaches it the issuer earlier.
        (Some(ymd(2018, 2, 2)), "Chỉ thị 12/CT-UBND về phòng cháy", Some("12/CT-UBND"), None, None),
        (Some(ymd(2018, 8, 8)), "Chỉ thị 12/CT-UBND của UBND tỉnh Bình Sơn về phòng cháy", Some("12/CT-UBND"), Some("UBND tỉnh Bình Sơn"), None),
    ];
    let docs: Vec<(String, String, Fx)> = cites
        .iter()
        .enumerate()
        .map(|(i, (date, mention, code, issuer, cited_date))| {
            let text = format!("Hội nghị lần thứ {i} quán triệt {mention} tới cán bộ chủ chốt.");
            let fx = Fx { date: *date, docrefs: vec![("Chỉ thị", "12", *code, *issuer, *cited_date, mention)], ..Default::default() };
            (format!("c{i}.txt"), text, fx)
        })
        .collect();
    // Each directive by what it is, with its citations (document, rule) and its candidacies.
    let directives = |s: &Store| -> Vec<String> {
        let mut st = s
            .connection()
            .prepare(
                "SELECT r.code, r.series, r.era, r.issuer, r.date, r.memo, d.ext_id, m.rule,
                        (SELECT group_concat(e) FROM (SELECT x.ext_id AS e FROM directive_candidates c JOIN directive_mentions cm ON cm.id = c.mention
                         JOIN documents x ON x.id = cm.doc WHERE c.directive = r.id ORDER BY x.ext_id))
                 FROM directives r LEFT JOIN directive_mentions m ON m.directive = r.id LEFT JOIN documents d ON d.id = m.doc
                 ORDER BY r.memo, r.date, r.issuer, r.era, d.ext_id",
            )
            .unwrap();
        let rows = st.query_map([], |r| {
            Ok(format!(
                "{:?}",
                (
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                )
            ))
        });
        let mut out: Vec<String> = rows.unwrap().map(Result::unwrap).collect();
        let mut st = s.connection().prepare("SELECT d.ext_id, m.rule FROM directive_mentions m JOIN documents d ON d.id = m.doc WHERE m.directive IS NULL ORDER BY d.ext_id").unwrap();
        out.extend(st.query_map([], |r| Ok(format!("ambiguous {:?}", (r.get::<_, String>(0)?, r.get::<_, String>(1)?)))).unwrap().map(Result::unwrap));
        out
    };
    // By date (each batch after all the others: placed from the memos), the reverse, and three
    // shuffles.
    let by_date = [6, 7, 0, 10, 11, 3, 4, 5, 1, 8, 9, 2];
    let orders: [[usize; 12]; 6] = [
        by_date,
        [2, 9, 8, 1, 5, 4, 3, 11, 10, 0, 7, 6],
        [4, 0, 8, 2, 10, 6, 1, 7, 3, 5, 9, 11],
        [9, 3, 5, 1, 8, 0, 6, 2, 4, 7, 10, 11],
        [0, 3, 1, 2, 6, 4, 8, 5, 7, 9, 11, 10],
        [6, 7, 0, 10, 3, 4, 5, 1, 8, 9, 2, 11],
    ];
    let mut seen = Vec::new();
    for order in orders {
        seen.push((format!("one batch each, in the order {order:?}"), directives(&one_by_one(&docs, &order))));
    }
    let s = in_one_batch(&docs);
    seen.push(("all in one batch".to_string(), directives(&s)));
    let (first, expected) = &seen[0];
    assert!(expected.iter().filter(|d| !d.starts_with("ambiguous")).all(|d| d.contains("last")), "every directive has its memo: {expected:#?}");
    assert!(expected.iter().any(|d| d.starts_with("ambiguous")), "an undated citation stays ambiguous: {expected:#?}");
    assert!(count(&s, "SELECT COUNT(*) FROM directives") >= 4, "two eras, two provinces and the directive of 1999: {expected:#?}");
    for (how, got) in &seen[1..] {
        assert_eq!(got, expected, "{how} vs {first}");
    }

    // A user's pin: the number loses its memos, and the documents that come after are clustered
    // with the pin, as from all the citations.
    let pinned = |later: &[usize]| -> Vec<String> {
        let mut s = one_by_one(&docs, &by_date[..7]);
        let cards = s.directive("12-CT/TW").unwrap();
        let old = cards.iter().find(|c| c.cited_by.iter().any(|x| x.doc == "c0.txt")).unwrap().id;
        s.split_directive(old, "c0.txt", None, "Biên tập viên").unwrap();
        assert_eq!(count(&s, "SELECT COUNT(*) FROM directives WHERE number_key IS NOT NULL AND memo IS NOT NULL"), 0);
        for &i in later {
            put(&mut s, &docs[i].0, &docs[i].1, &docs[i].2);
        }
        directives(&s)
    };
    assert_eq!(pinned(&by_date[7..]), pinned(&[9, 2, 8, 1, 5]));
}
