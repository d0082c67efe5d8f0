//! `chidao directive CODE --tree`: the implementation cascade of the fictional fixtures
//! (`crates/extract/tests/fixtures/cascade_*.txt`: a Tỉnh ủy's Chỉ thị, a Huyện ủy's plan, a
//! commune's report, a UBND's plan), in Vietnamese, in English and as JSON.

mod common;

use std::path::PathBuf;

use common::chidao;
use predicates::str::contains;

/// The fixtures, written out to files (ingested by path, as a user would).
fn fixtures(dir: &std::path::Path) -> Vec<PathBuf> {
    chidao_testkit::cascade_fixtures()
        .into_iter()
        .map(|(name, bytes)| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect()
}

fn register() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    chidao().args(["ingest", "-q", "--db"]).arg(&db).args(fixtures(dir.path())).assert().success();
    (dir, db)
}

#[test]
fn the_tree_in_vietnamese() {
    let (_dir, db) = register();
    let a = chidao().args(["directive", "07-CT/TU", "--tree", "--as-of", "2026-04-10", "--lang", "vi", "--db"]).arg(&db).assert().success();
    let out = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    let heads: Vec<&str> = out.lines().filter(|l| l.contains('[')).map(str::trim_end).collect();
    assert_eq!(
        heads,
        [
            "[Văn bản gốc] Chỉ thị 07-CT/TU  cơ quan ban hành Tỉnh ủy Bắc Vân  ngày 15/01/2026",
            "  └ [Văn bản thực hiện] Kế hoạch 15-KH/HU  cơ quan ban hành Huyện ủy Tân Lĩnh  ngày 10/02/2026",
            "    └ [Văn bản thực hiện] Kế hoạch 45/KH-UBND  cơ quan ban hành Ủy ban nhân dân huyện Tân Lĩnh  ngày 25/02/2026",
            "    └ [Báo cáo thực hiện] Báo cáo 32-BC/ĐU  cơ quan ban hành Đảng ủy xã Đông Vân  ngày 20/06/2026",
            "  └ [Văn bản thực hiện] Kế hoạch 45/KH-UBND  cơ quan ban hành Ủy ban nhân dân huyện Tân Lĩnh  ngày 25/02/2026",
        ],
        "{out}"
    );
    assert!(out.contains("5 nhiệm vụ: 0 hoàn thành, 1 quá hạn, 1 trong hạn, 3 chưa có hạn"), "{out}");
    assert!(out.contains("3 nhiệm vụ: 0 hoàn thành, 2 quá hạn, 1 trong hạn, 0 chưa có hạn"), "{out}");
    assert!(out.contains("văn bản: cascade_3_bao_cao_dang_uy_xa.txt"), "{out}");
    assert!(out.starts_with("#") && out.lines().next().unwrap().contains("4 văn bản trong cây"), "{out}");
}

#[test]
fn the_tree_in_english_and_as_json() {
    let (_dir, db) = register();
    chidao()
        .args(["directive", "Chỉ thị 07", "--tree", "--as-of", "2026-04-10", "--lang", "en", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(contains("[Report] Báo cáo 32-BC/ĐU"))
        .stdout(contains("3 tasks: 0 done, 2 overdue, 1 in time, 0 no deadline"));
    let a = chidao().args(["directive", "07-CT/TU", "--tree", "--as-of", "2026-04-10", "--json", "--db"]).arg(&db).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let root = &v[0]["root"];
    assert_eq!(root["code"], "07-CT/TU");
    assert_eq!(root["children"][0]["code"], "15-KH/HU");
    assert_eq!(root["children"][0]["children"][1]["role"], "report");
    assert_eq!(root["children"][0]["tasks"]["overdue"], 2);
    assert_eq!(v[0]["as_of"], "2026-04-10");
}

#[test]
fn no_such_directive_and_tree_with_split_are_refused() {
    let (_dir, db) = register();
    chidao().args(["directive", "99-CT/TU", "--tree", "--lang", "vi", "--db"]).arg(&db).assert().code(1).stdout(contains("Không có văn bản nào khớp"));
    chidao().args(["directive", "07-CT/TU", "--tree", "--split", "a.txt", "--db"]).arg(&db).assert().code(2);
    chidao().args(["directive", "07-CT/TU", "--as-of", "2026-01-01", "--db"]).arg(&db).assert().code(2);
}
