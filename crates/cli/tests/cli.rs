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
    // The examples and copies of them under other names (the same id twice is read once).
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = examples();
    for p in examples() {
        let copy = dir.path().join(format!("copy-{}", p.file_name().unwrap().to_string_lossy()));
        std::fs::copy(&p, &copy).unwrap();
        inputs.push(copy);
    }
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

// ---- Inputs that are not documents (issue 9): refused by name, never read without a bound. ----

#[cfg(unix)]
#[test]
fn devices_and_fifos_given_by_name_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for path in [std::path::Path::new("/dev/zero"), fifo.as_path()] {
        let a = chidao().arg("extract").arg(path).arg(&examples()[0]).timeout(std::time::Duration::from_secs(20)).assert();
        a.code(2).stderr(contains(path.display().to_string())).stderr(contains("not a file"));
    }
}

#[cfg(unix)]
#[test]
fn folders_skip_what_is_not_a_file_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), DOC).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(dir.path().join("pipe.txt")).status().unwrap().success());
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), dir.path().join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("loop.txt"), dir.path().join("loop.txt")).unwrap();
    let a = chidao().arg("extract").arg(dir.path()).timeout(std::time::Duration::from_secs(20)).assert().success();
    assert_eq!(ids(&stdout_of(&a)), vec!["a.txt"]);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    for name in ["pipe.txt", "dangling.txt", "loop.txt"] {
        assert!(err.lines().any(|l| l.contains(name) && l.contains("warning") && l.contains("skipped")), "{name}: {err}");
    }
}

#[test]
fn a_document_over_the_size_limit_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, DOC.repeat(20_000)).unwrap(); // ~2 MB
    let a = chidao().args(["extract", "--max-doc-size", "1M"]).arg(&big).arg(&examples()[0]).assert().code(1);
    let size = std::fs::metadata(&big).unwrap().len() as f64 / f64::from(1u32 << 20);
    a.stderr(contains(format!("big.txt: {size:.1} MB is more than the limit of 1.0 MB"))).stderr(contains("1 of 2 documents failed"));
    // The same limit on standard input and on a corpus line.
    chidao().args(["extract", "--max-doc-size", "1K", "-"]).write_stdin(DOC.repeat(30)).assert().code(1).stderr(contains("stdin: more than the limit"));
    let corpus = dir.path().join("c.jsonl");
    std::fs::write(&corpus, format!("{}\n{}\n", serde_json::json!({"id": "big", "text": DOC.repeat(30)}), serde_json::json!({"id": "small", "text": DOC}))).unwrap();
    let a = chidao().args(["extract", "--max-doc-size", "1K"]).arg(&corpus).assert().code(1);
    assert_eq!(ids(&stdout_of(&a)), vec!["small"]);
    chidao().args(["extract", "--max-doc-size", "lots", "-"]).assert().code(2).stderr(contains("not a size"));
}

#[test]
fn corpus_ids_are_checked_and_unique() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.jsonl");
    let long = "x".repeat(100_000);
    let lines = [
        serde_json::json!({"id": "a", "text": DOC}),
        serde_json::json!({"id": "", "text": DOC}),
        serde_json::json!({"id": null, "text": DOC}),
        serde_json::json!({"id": long, "text": DOC}),
        serde_json::json!({"id": "a", "text": "Chiều 6/4, Huyện ủy Vân Hồ họp."}),
        serde_json::json!({"id": "a", "text": DOC}),
        serde_json::json!({"id": "b", "text": DOC}),
    ];
    std::fs::write(&corpus, lines.iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap();
    let a = chidao().arg("extract").arg(&corpus).assert().code(1);
    assert_eq!(ids(&stdout_of(&a)), vec!["a", "b"]);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(err.contains("c.jsonl:2: \"id\": an id has 1 to 200 characters (this one has 0)"), "{err}");
    assert!(err.contains("c.jsonl:3: \"id\" must be a string or a whole number, not null"), "{err}");
    assert!(err.contains("c.jsonl:4: \"id\": an id has 1 to 200 characters (this one has 100000)"), "{err}");
    assert!(err.contains("c.jsonl:5 (id a): id a was given already by") && err.contains("c.jsonl:1 (id a)"), "{err}");
    assert!(err.contains("c.jsonl:6 (id a): warning: the same document as"), "{err}");
    assert!(err.contains("4 of 6 documents failed"), "{err}");
    // Ingest refuses the same, and stores each good document once.
    let db = dir.path().join("r.db");
    let a = chidao().arg("ingest").arg("--db").arg(&db).arg(&corpus).assert().code(1);
    a.stderr(contains("2 new, 0 unchanged, 0 updated, 4 failed"));
}
