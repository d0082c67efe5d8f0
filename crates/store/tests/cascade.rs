//! The implementation cascade (issue 12): a Tỉnh ủy's Chỉ thị, a Huyện ủy's plan implementing it,
//! a commune Đảng ủy's report on the plan and a UBND's plan implementing both — the fictional
//! fixtures of `crates/extract/tests/fixtures/cascade_*.txt` — ingested into a register: the
//! headers are stored, the documents that are directives join their citations, the tree has the
//! right nodes, edges and task counts, re-ingest changes nothing, and an older register migrates.

use chidao_store::{CascadeNode, NodeRole, Store, TaskQuery};

fn fixtures() -> Vec<(String, Vec<u8>)> {
    chidao_testkit::cascade_fixtures()
}

fn ingest(s: &mut Store, order: &[usize]) {
    let fx = fixtures();
    for &i in order {
        s.ingest_one(&fx[i].0, &fx[i].1).unwrap();
    }
}

/// The tree as indented lines: role, code, document, counts (total/done/overdue/in time/none).
fn outline(n: &CascadeNode, depth: usize, out: &mut Vec<String>) {
    let t = n.tasks;
    out.push(format!(
        "{}{:?} {} {} [{}/{}/{}/{}/{}]{}",
        "  ".repeat(depth),
        n.role,
        n.code.as_deref().unwrap_or("-"),
        n.doc.as_deref().unwrap_or("-"),
        t.total,
        t.done,
        t.overdue,
        t.open_in_time,
        t.no_deadline,
        if n.cycle { " cycle" } else { "" }
    ));
    for c in &n.children {
        outline(c, depth + 1, out);
    }
}

fn tree_lines(s: &Store) -> Vec<String> {
    let trees = s.directive_trees("07-CT/TU", Some("2026-04-10"), false).unwrap();
    assert_eq!(trees.len(), 1, "one directive 07-CT/TU: {trees:#?}");
    let mut out = Vec::new();
    outline(&trees[0].root, 0, &mut out);
    out
}

#[test]
fn the_cascade_of_a_directive() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("r.db")).unwrap();
    ingest(&mut s, &[0, 1, 2, 3]);

    // The Chỉ thị's own text is the directive's entry: every citation of 07-CT/TU joins it.
    let cards = s.directive("07-CT/TU").unwrap();
    assert_eq!(cards.len(), 1, "{cards:#?}");
    let card = &cards[0];
    assert_eq!(card.issuer.as_deref(), Some("Tỉnh ủy Bắc Vân"));
    assert_eq!(card.date.as_deref(), Some("2026-01-15"));
    let citing: Vec<&str> = card.cited_by.iter().map(|c| c.doc.as_str()).collect();
    assert_eq!(citing, ["cascade_1_chi_thi_tinh_uy.txt", "cascade_2_ke_hoach_huyen_uy.txt", "cascade_4_ke_hoach_ubnd_huyen.txt", "cascade_3_bao_cao_dang_uy_xa.txt"]);
    // "Chỉ thị số 07" by kind and number finds it too.
    assert_eq!(s.directive("Chỉ thị 07").unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), [card.id]);

    // The header, stored with the document and its directive.
    let h = s.document_header("cascade_4_ke_hoach_ubnd_huyen.txt").unwrap().expect("a header");
    assert_eq!((h.kind.as_str(), h.code.as_deref(), h.issuer.as_deref()), ("Kế hoạch", Some("45/KH-UBND"), Some("Ủy ban nhân dân huyện Tân Lĩnh")));
    assert_eq!(h.date.as_deref(), Some("2026-02-25"));
    assert_eq!((h.signer_name.as_deref(), h.signer_title.as_deref()), (Some("Đinh Văn Khải"), Some("Phó Chủ tịch")));
    assert_eq!(h.signer_forms, ["TM. Ủy ban nhân dân", "KT. Chủ tịch"]);
    assert_eq!(h.recipients, ["Ban Thường vụ Huyện ủy (b/c)", "Ủy ban nhân dân các xã", "Lưu: VT"]);
    assert_eq!(h.implements.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(), ["07-CT/TU", "15-KH/HU"]);
    assert_eq!(h.implements[0].directive, Some(card.id));
    assert_eq!(h.basis.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(), ["58/2025/NĐ-CP"]);
    assert!(h.directive.is_some());
    let chi_thi = s.document_header("cascade_1_chi_thi_tinh_uy.txt").unwrap().expect("a header");
    assert_eq!(chi_thi.directive, Some(card.id), "the Chỉ thị's text is its directive's entry");
    assert!(chi_thi.implements.is_empty());

    // One task of the Huyện ủy's plan done.
    let plan_tasks = s.tasks(&TaskQuery { doc: Some("cascade_2_ke_hoach_huyen_uy.txt".into()), as_of: Some("2026-04-10".into()), ..TaskQuery::default() }).unwrap();
    let first = plan_tasks.iter().find(|t| t.due.as_deref() == Some("2026-03-15")).expect("the task due 15/3");
    s.set_task_done(&first.id, Some("2026-03-10"), None).unwrap();

    let lines = tree_lines(&s);
    assert_eq!(
        lines,
        [
            "Directive 07-CT/TU cascade_1_chi_thi_tinh_uy.txt [5/0/1/1/3]",
            "  Implementing 15-KH/HU cascade_2_ke_hoach_huyen_uy.txt [3/1/1/1/0]",
            "    Implementing 45/KH-UBND cascade_4_ke_hoach_ubnd_huyen.txt [2/0/1/0/1]",
            "    Report 32-BC/ĐU cascade_3_bao_cao_dang_uy_xa.txt [2/0/0/2/0]",
            "  Implementing 45/KH-UBND cascade_4_ke_hoach_ubnd_huyen.txt [2/0/1/0/1]",
        ],
        "{lines:#?}"
    );
    let tree = &s.directive_trees("07-CT/TU", Some("2026-04-10"), false).unwrap()[0];
    assert_eq!(tree.documents, 4);
    assert!(!tree.truncated);
    let plan = &tree.root.children[0];
    assert_eq!((plan.issuer.as_deref(), plan.date.as_deref()), (Some("Huyện ủy Tân Lĩnh"), Some("2026-02-10")));
    assert_eq!(plan.children[1].role, NodeRole::Report);
    // The JSON the API serves.
    let v = serde_json::to_value(tree).unwrap();
    assert_eq!(v["root"]["children"][0]["children"][1]["role"], "report");
    assert_eq!(v["root"]["children"][0]["tasks"]["done"], 1);

    // Re-ingest: the same files again change nothing; re-extracting them gives the same tree.
    ingest(&mut s, &[3, 2, 1, 0]);
    assert_eq!(tree_lines(&s), lines);
    let fx = fixtures();
    for (id, bytes) in &fx {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let doc = chidao_text::Document::new(id.clone(), text);
        let x = chidao_extract::extract(&doc);
        let mut b = s.batch().unwrap();
        b.reextract(true);
        b.put(&doc, chidao_store::content_hash(&doc.text), None, &x).unwrap();
        b.commit().unwrap();
    }
    assert_eq!(tree_lines(&s), lines);
    let count = |sql: &str| -> i64 { s.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT COUNT(*) FROM doc_headers"), 4);
    assert_eq!(count("SELECT COUNT(*) FROM doc_relations"), 5, "07 ← 15, 45; 15 ← 45, 32; 45 rests on 58/2025");
}

#[test]
fn the_register_is_the_same_whatever_the_order_of_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Store::open(&dir.path().join("a.db")).unwrap();
    ingest(&mut a, &[0, 1, 2, 3]);
    let mut b = Store::open(&dir.path().join("b.db")).unwrap();
    ingest(&mut b, &[3, 2, 1, 0]);
    assert_eq!(tree_lines(&a), tree_lines(&b));
}

#[test]
fn a_register_of_schema_6_migrates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut s = Store::open(&path).unwrap();
        ingest(&mut s, &[0, 1]);
    }
    // Back to schema 6, as a register written before V7 (cascade), V8 (users), V9 (recurrence)
    // V12 (what the resolver keeps of people and organisations, two indexes), V13 (the band
    // index in two parts), V16 (what it keeps of cited documents) and V17 (the documents' index
    // in a file of its own).
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "DROP VIEW directive_edges; DROP TABLE doc_relations; DROP TABLE doc_headers;
             DROP TABLE user_tokens; DROP TABLE user_sessions; DROP TABLE users;
             ALTER TABLE tasks DROP COLUMN recurrence; ALTER TABLE persons DROP COLUMN memo; ALTER TABLE orgs DROP COLUMN first_at; ALTER TABLE directives DROP COLUMN memo;
             DROP INDEX person_mentions_ranked; DROP INDEX events_newest;
             DROP INDEX doc_bands_merged; DROP INDEX doc_bands_recent; ALTER TABLE doc_bands DROP COLUMN merged; CREATE INDEX doc_bands_band ON doc_bands(band);
             DROP TABLE search_queue; DROP TABLE search_state;
             CREATE VIRTUAL TABLE doc_fts USING fts5(exact, folded, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
             PRAGMA user_version = 6;",
        )
        .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert!(s.stats(None).unwrap().schema_version >= 7);
    // Its documents are there, without headers until re-extracted; new ones get theirs.
    assert!(s.document_header("cascade_1_chi_thi_tinh_uy.txt").unwrap().is_none());
    assert_eq!(s.directive("07-CT/TU").unwrap().len(), 1);
    ingest(&mut s, &[2, 3]);
    assert!(s.document_header("cascade_4_ke_hoach_ubnd_huyen.txt").unwrap().is_some());
    let tree = &s.directive_trees("07-CT/TU", Some("2026-04-10"), false).unwrap()[0];
    assert_eq!(tree.root.children.iter().map(|c| c.code.as_deref().unwrap_or("-")).collect::<Vec<_>>(), ["45/KH-UBND"]);
}

#[test]
fn cycles_and_unknown_directives_are_harmless() {
    // Two plans that each say they implement the other: each shows the other once, no loop.
    let a = "ỦY BAN NHÂN DÂN\nHUYỆN TÂN LĨNH\nSố: 5/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTân Lĩnh, ngày 5 tháng 3 năm 2026\nKẾ HOẠCH\nPhòng chống dịch\n\nThực hiện Kế hoạch số 6/KH-UBND ngày 6/3/2026 của Ủy ban nhân dân huyện Tân Lĩnh, Ủy ban nhân dân huyện ban hành Kế hoạch như sau:\n\n1. Phòng Y tế tổ chức tiêm chủng, hoàn thành trước ngày 30/4/2026.\n";
    let b = a.replace("Số: 5/KH-UBND", "Số: 6/KH-UBND").replace("Kế hoạch số 6/KH-UBND ngày 6/3/2026", "Kế hoạch số 5/KH-UBND ngày 5/3/2026").replace("ngày 5 tháng 3", "ngày 6 tháng 3");
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("r.db")).unwrap();
    s.ingest_one("a.txt", a.as_bytes()).unwrap();
    s.ingest_one("b.txt", b.as_bytes()).unwrap();
    let trees = s.directive_trees("5/KH-UBND", Some("2026-04-10"), false).unwrap();
    assert_eq!(trees.len(), 1);
    let mut lines = Vec::new();
    outline(&trees[0].root, 0, &mut lines);
    assert_eq!(lines, ["Directive 5/KH-UBND a.txt [1/0/0/1/0]", "  Implementing 6/KH-UBND b.txt [1/0/0/1/0]", "    Implementing 5/KH-UBND a.txt [1/0/0/1/0] cycle"]);
    assert!(s.directive_tree(999_999, None).unwrap().is_none());
}
