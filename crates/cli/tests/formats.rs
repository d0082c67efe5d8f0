//! Documents in every format through the command: `chidao text`, `extract` and `ingest` on the
//! fixtures of crates/formats (made by real producers from fictional texts), a scan without
//! Tesseract, and the Công điện of ../shared/realdocs extracted from its PDF and from its reference
//! text.

mod common;

use std::path::PathBuf;

use serde_json::json;

use common::{chidao, root, shared};

fn fixture(name: &str) -> PathBuf {
    root().join("crates/formats/tests/fixtures").join(name)
}

#[test]
fn text_prints_what_chidao_reads() {
    let out = chidao().arg("text").arg(fixture("ke-hoach.docx")).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("1. Công an tỉnh chủ trì"), "{text}");

    let out = chidao().args(["text", "--format", "json"]).arg(fixture("cong-dien.pdf")).arg(fixture("cong-dien-html.doc")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["format"], "pdf");
    assert_eq!(lines[0]["pages"][0]["source"], "text-layer");
    assert_eq!(lines[0]["map"][0]["kind"], "page");
    assert_eq!(lines[1]["format"], "html", "a .doc that is HTML");
}

#[test]
fn a_scan_without_tesseract_is_named_and_the_others_go_on() {
    let out = chidao()
        .env("CHIDAO_TESSERACT", "/nonexistent/tesseract")
        .arg("text")
        .arg(fixture("cong-dien-scan.pdf"))
        .arg(fixture("ke-hoach.rtf"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cong-dien-scan.pdf") && err.contains("Tesseract is not installed"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("KẾ HOẠCH"));
}

#[test]
fn folders_of_every_format_are_ingested_with_their_originals() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["ke-hoach.docx", "ke-hoach.doc", "cong-dien.pdf", "src/tin-tuc.html", "legacy-tcvn3.txt", "legacy-vntime.doc"] {
        std::fs::copy(fixture(name), dir.path().join(name.trim_start_matches("src/"))).unwrap();
    }
    std::fs::write(dir.path().join("notes.md"), "not taken: not a document extension").unwrap();
    let db = dir.path().join("r.db");
    let out = chidao().arg("ingest").arg("--db").arg(&db).arg(dir.path()).arg("-q").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("6 documents") && err.contains("6 new"), "{err}");
    let out = chidao().args(["search", "--json", "cong an tinh chu tri"]).arg("--db").arg(&db).output().unwrap();
    let hits = String::from_utf8_lossy(&out.stdout);
    assert!(hits.contains("ke-hoach.docx") && hits.contains("cong-dien.pdf"), "{hits}");
    let out = chidao().args(["extract", "--format", "jsonl"]).arg(fixture("legacy-vntime.doc")).output().unwrap();
    let rec = String::from_utf8_lossy(&out.stdout);
    assert!(rec.contains("Công an huyện"), "TCVN3 runs converted before extraction: {rec}");
}

#[test]
fn cong_dien_facts_from_its_pdf_equal_those_from_its_reference_text() {
    let Some(shared) = shared("cong_dien_facts_from_its_pdf_equal_those_from_its_reference_text") else { return };
    let record = |path: PathBuf| -> serde_json::Value {
        let out = chidao().arg("extract").arg(path).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let pdf = record(shared.join("realdocs/files/pdf_cd58_vpcp_2026.pdf"));
    let txt = record(shared.join("realdocs/expected/pdf_cd58_vpcp_2026.txt"));
    let codes = |r: &serde_json::Value| -> Vec<String> {
        r["documents"].as_array().unwrap().iter().map(|d| format!("{} {} {}", d["code"], d["issuer"], d["date"])).collect()
    };
    assert!(codes(&pdf).iter().any(|c| c.contains("58/CĐ-VPCP")), "{:?}", codes(&pdf));
    assert!(codes(&pdf).iter().any(|c| c.contains("2764/QĐ-TTg")), "the code broken at a line end: {:?}", codes(&pdf));
    assert_eq!(codes(&pdf), codes(&txt));
    assert_eq!(pdf["date"], txt["date"]);
    assert_eq!(pdf["tasks"], txt["tasks"]);
    let names = |r: &serde_json::Value| -> Vec<String> { r["people"].as_array().unwrap().iter().map(|p| p["name"].to_string()).collect() };
    assert_eq!(names(&pdf), names(&txt));
    // Its own header (issue 12): the first entry of documents, read the same from both.
    let own = |r: &serde_json::Value| {
        let d = &r["documents"][0];
        (d["kind"].clone(), d["code"].clone(), d["issuer"].clone(), d["date"].clone())
    };
    assert_eq!(own(&pdf), (json!("Công điện"), json!("58/CĐ-VPCP"), json!("Văn phòng Chính phủ"), json!("2026-01-10")));
    assert_eq!(own(&pdf), own(&txt));
    assert_eq!(pdf["date"], json!("2026-01-10"));
    let header = |r: &serde_json::Value| {
        let h = &r["header"];
        // (The recipients' count: the reference text lost spaces inside one of them.)
        (h["kind"].clone(), h["code"].clone(), h["issuer"].clone(), h["date"].clone(), h["signer"]["name"].clone(), h["signer"]["title"].clone(), h["recipients"].as_array().map(Vec::len))
    };
    assert_eq!(header(&pdf), header(&txt));
    // Its numbered assignments: each a task of the issuing organ with its unit.
    let tasks = pdf["tasks"].as_array().unwrap();
    assert!(tasks.len() >= 3, "{tasks:?}");
    assert!(tasks.iter().all(|t| t["issuer"] == json!("Văn phòng Chính phủ") && !t["assignee"].is_null()), "{tasks:?}");
}
