//! `chidao directive CODE --split DOC | --merge-into N`: a user's word on which citations are one
//! directive, kept by the register (issue 10).

mod common;

use common::chidao;
use predicates::str::contains;

#[test]
fn a_citation_is_split_off_and_merged_back_from_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, "Ngày 5/5/2024, Đảng ủy Công an tỉnh Hòa Lạc họp triển khai Kế hoạch số 27-KH/TU ngày 2/4/2024 của Tỉnh ủy Hòa Lạc về công tác cán bộ.\n").unwrap();
    std::fs::write(&b, "Ngày 9/6/2024, Huyện ủy Tân Lộc quán triệt Kế hoạch số 27-KH/TU của Tỉnh ủy Hòa Lạc về chuyển đổi số.\n").unwrap();
    let db = dir.path().join("r.db");
    chidao().arg("ingest").arg("--db").arg(&db).arg(&a).arg(&b).assert().success();
    let count = || {
        let out = chidao().args(["directive", "27-KH/TU", "--json", "--db"]).arg(&db).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_array().unwrap().len()
    };
    assert_eq!(count(), 1);
    chidao().args(["directive", "27-KH/TU", "--split", "b.txt", "--note", "kế hoạch khác", "--db"]).arg(&db).assert().success().stdout(contains("Đã tách"));
    assert_eq!(count(), 2);
    // Two match now: the command asks which one.
    chidao().args(["directive", "27-KH/TU", "--split", "b.txt", "--db"]).arg(&db).assert().failure().stderr(contains("--id"));
    // Re-ingesting (re-extracting) keeps the user's word.
    chidao().arg("ingest").arg("--reextract").arg("--db").arg(&db).arg(&a).arg(&b).assert().success();
    assert_eq!(count(), 2);
    let out = chidao().args(["directive", "27-KH/TU", "--json", "--db"]).arg(&db).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<i64> = v.as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    chidao()
        .args(["directive", "27-KH/TU", "--id", &ids[1].to_string(), "--merge-into", &ids[0].to_string(), "--db"])
        .arg(&db)
        .assert()
        .success();
    assert_eq!(count(), 1);
}
