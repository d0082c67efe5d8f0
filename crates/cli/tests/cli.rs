//! The `chidao` command's behaviours: formats, inputs, errors and exit statuses.

mod common;

use std::io::Write;

use common::{chidao, examples};
use predicates::str::contains;
use serde_json::Value;

const DOC: &str = "Sáng 5/4/2024, UBND tỉnh Hòa Lạc họp. Ông Lê Văn Tâm, Chủ tịch UBND tỉnh, chủ trì.\n";

fn ids(jsonl: &[u8]) -> Vec<String> {
    std::str::from_utf8(jsonl)
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line")["id"].as_str().expect("string id").to_string())
        .collect()
}

fn stdout_of(a: &assert_cmd::assert::Assert) -> Vec<u8> {
    a.get_output().stdout.clone()
}

#[test]
fn jsonl_is_one_record_per_line_with_the_contract_fields() {
    let a = chidao().arg("extract").args(examples()).assert().success();
    let out = stdout_of(&a);
    let names: Vec<String> = examples().iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(ids(&out), names);
    for line in std::str::from_utf8(&out).unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        for field in ["id", "date", "published", "source", "author", "people", "documents", "events", "tasks", "figures"] {
            assert!(v.get(field).is_some(), "field {field} missing in {line}");
        }
    }
}

#[test]
fn json_is_one_array_and_pretty_is_a_stream_of_records() {
    let a = chidao().args(["extract", "--format", "json"]).args(examples()).assert().success();
    let v: Value = serde_json::from_slice(&stdout_of(&a)).expect("one JSON document");
    assert_eq!(v.as_array().expect("an array").len(), examples().len());

    let a = chidao().args(["extract", "--format", "pretty"]).args(examples()).assert().success();
    let out = String::from_utf8(stdout_of(&a)).unwrap();
    let recs: Vec<Value> = serde_json::Deserializer::from_str(&out).into_iter().collect::<Result<_, _>>().expect("JSON values");
    assert_eq!(recs.len(), examples().len());
    assert!(out.lines().count() > recs.len() * 5, "pretty output is indented");

    let a = chidao().args(["extract", "--format", "json"]).arg(tempfile::tempdir().unwrap().path()).assert().success();
    assert_eq!(stdout_of(&a), b"[]\n");
}

#[test]
fn folder_gives_its_txt_files_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["b.txt", "a.txt", "notes.md", "c.jsonl"] {
        std::fs::write(dir.path().join(name), DOC).unwrap();
    }
    std::fs::create_dir(dir.path().join("sub.txt")).unwrap();
    let a = chidao().arg("extract").arg(dir.path()).assert().success();
    assert_eq!(ids(&stdout_of(&a)), ["a.txt", "b.txt"]);
}

#[test]
fn stdin_is_one_document() {
    let a = chidao().args(["extract", "-"]).write_stdin(DOC).assert().success();
    assert_eq!(ids(&stdout_of(&a)), ["stdin"]);
}

fn corpus_lines() -> String {
    let mut s = String::new();
    for (id, text) in [("10.txt", DOC), ("11.txt", "Tỉnh ủy Hòa Lạc ban hành Kế hoạch 27-KH/TU.\nNội dung."), ("12.txt", "")] {
        s.push_str(&serde_json::json!({"id": id, "text": text}).to_string());
        s.push('\n');
    }
    s
}

#[test]
fn jsonl_corpus_gives_one_document_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.jsonl");
    std::fs::write(&p, corpus_lines() + "\n  \n").unwrap();
    let a = chidao().arg("extract").arg(&p).assert().success();
    assert_eq!(ids(&stdout_of(&a)), ["10.txt", "11.txt", "12.txt"]);
}

#[test]
fn gzipped_jsonl_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(std::fs::File::create(&p).unwrap(), flate2::Compression::default());
    gz.write_all(corpus_lines().as_bytes()).unwrap();
    gz.finish().unwrap();
    let a = chidao().arg("extract").arg(&p).assert().success();
    assert_eq!(ids(&stdout_of(&a)), ["10.txt", "11.txt", "12.txt"]);
}

#[test]
fn bad_corpus_line_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.jsonl");
    let lines = corpus_lines();
    let mut it = lines.lines();
    let text = format!("{}\n{{\"id\": \"x\", \"text\": \n{}\n", it.next().unwrap(), it.next().unwrap());
    std::fs::write(&p, text).unwrap();
    let a = chidao().arg("extract").arg(&p).assert().code(1).stderr(contains("c.jsonl:2: not a {\"id\",\"text\"} JSON line"));
    assert_eq!(ids(&stdout_of(&a)), ["10.txt", "11.txt"]);
    a.stderr(contains("chidao: 1 of 3 documents failed"));
}

#[test]
fn invalid_utf8_is_refused_naming_the_file_and_the_rest_is_extracted() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("hong.txt");
    std::fs::write(&bad, b"T\xe1\xbb\x89nh \xff\xfe u\xe1\xbb\xb7 H\xc3\xb2a L\xe1\xba\xa1c\n").unwrap();
    let good = dir.path().join("tot.txt");
    std::fs::write(&good, DOC).unwrap();
    let a = chidao()
        .arg("extract")
        .args([&bad, &good])
        .assert()
        .code(1)
        .stderr(contains("hong.txt: invalid UTF-8 at byte 7"))
        .stderr(contains("chidao: 1 of 2 documents failed"));
    assert_eq!(ids(&stdout_of(&a)), ["tot.txt"]);
}

#[test]
fn lossy_replaces_warns_and_extracts() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("hong.txt");
    std::fs::write(&bad, b"T\xe1\xbb\x89nh \xff u\xe1\xbb\xb7 H\xc3\xb2a L\xe1\xba\xa1c\n").unwrap();
    let a = chidao()
        .args(["extract", "--lossy"])
        .arg(&bad)
        .assert()
        .success()
        .stderr(contains("hong.txt: warning: 1 invalid UTF-8 sequence(s) replaced by U+FFFD"));
    assert_eq!(ids(&stdout_of(&a)), ["hong.txt"]);
}

#[test]
fn missing_path_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("khong-co.txt");
    chidao()
        .arg("extract")
        .arg(&examples()[0])
        .arg(&missing)
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("khong-co.txt: no such file or folder"));
}

#[test]
fn bad_command_lines_exit_2() {
    chidao().args(["extract", "--format", "xml", "a.txt"]).assert().code(2).stderr(contains("xml"));
    chidao().args(["extract"]).assert().code(2);
    chidao().args(["frobnicate"]).assert().code(2);
    chidao().args(["extract", "--jobs", "many", "a.txt"]).assert().code(2);
}

#[test]
fn output_does_not_depend_on_jobs() {
    let mut inputs = examples();
    inputs.extend(examples());
    let one = chidao().args(["extract", "--jobs", "1"]).args(&inputs).assert().success();
    let two = chidao().args(["extract", "--jobs", "2"]).args(&inputs).assert().success();
    assert_eq!(stdout_of(&one), stdout_of(&two));
    assert_eq!(ids(&stdout_of(&two)).len(), inputs.len());
}

#[test]
fn bench_reports_throughput_and_peak_rss() {
    chidao()
        .args(["bench", "--jobs", "2"])
        .args(examples())
        .assert()
        .success()
        .stdout(contains("MB/s"))
        .stdout(contains("peak RSS"))
        .stdout(contains(format!("documents  {} (0 failed)", examples().len())));
}
