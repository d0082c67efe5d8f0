//! Hostile inputs and a slice of the real corpus, through the whole pipeline.
//! Both need `../shared` beside the workspace and skip (with a message) without it.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::time::{Duration, Instant};

use common::{assert_no_panic, chidao, python, python3, shared};

/// Time allowed for one input: a base plus a rate far below the pipeline's, so that only a hang or
/// super-linear work fails (the debug build is much slower than release).
fn bound(bytes: u64) -> Duration {
    let bytes_per_sec: u64 = if cfg!(debug_assertions) { 200_000 } else { 1_000_000 };
    Duration::from_secs(30 + bytes / bytes_per_sec)
}

/// Every hostile file of `make_nasty.py` is extracted or refused with an error naming it; no panic, no hang.
#[test]
fn nasty_inputs_are_extracted_or_refused_by_name() {
    let Some(shared) = shared("nasty_inputs") else { return };
    if !python3("nasty_inputs") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    python(&[shared.join("corpus/make_nasty.py").as_os_str(), dir.path().as_os_str()]);
    let mut files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 20, "make_nasty.py wrote {} files", files.len());
    // Every file is tried; all problems are listed at the end.
    let mut report = Vec::new();
    let mut problems = Vec::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let size = std::fs::metadata(f).unwrap().len();
        match try_one(f, &name, size) {
            Ok(line) => report.push(line),
            Err(problem) => {
                report.push(format!("{name:34} {size:>9} B  PROBLEM"));
                problems.push(problem);
            }
        }
    }
    println!("{}", report.join("\n"));
    assert!(problems.is_empty(), "{} of {} hostile inputs went wrong:\n{}", problems.len(), files.len(), problems.join("\n"));
}

/// Runs one hostile file; `Ok` with a report line, or `Err` with what went wrong.
fn try_one(f: &std::path::Path, name: &str, size: u64) -> Result<String, String> {
    let limit = bound(size);
    let start = Instant::now();
    let out = chidao().arg("extract").arg(f).timeout(limit).output().map_err(|e| format!("{name}: cannot run chidao: {e}"))?;
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    if code.is_none() || took >= limit {
        return Err(format!("{name}: no result within {limit:?} (killed)"));
    }
    if code == Some(101) || stderr.contains("panicked") || stderr.contains("internal error") {
        return Err(format!("{name}: chidao panicked: {}", stderr.lines().find(|l| l.contains("panicked") || l.contains("internal error")).unwrap_or("")));
    }
    match code {
        Some(0) => {
            let rec: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| format!("{name}: bad record: {e}"))?;
            if rec["id"] != name {
                return Err(format!("{name}: record has id {}", rec["id"]));
            }
            Ok(format!("{name:34} {size:>9} B  extracted  {took:.2?}"))
        }
        Some(1) => {
            let line = stderr.lines().next().unwrap_or("");
            if !out.stdout.is_empty() {
                return Err(format!("{name}: refused but printed a record"));
            }
            if !(line.contains(name) && line.len() > name.len() + 20) {
                return Err(format!("{name}: refusal does not name the file and the reason: {stderr}"));
            }
            Ok(format!("{name:34} {size:>9} B  refused    {took:.2?}  {}", line.rsplit(name).next().unwrap_or("")))
        }
        other => Err(format!("{name}: unexpected exit status {other:?}: {stderr}")),
    }
}

/// The first 2,000 corpus articles: every one extracted, and the output identical for 1 and 2 jobs.
#[test]
fn corpus_slice_is_extracted_identically_with_one_and_two_jobs() {
    let Some(shared) = shared("corpus_slice") else { return };
    let corpus = shared.join("corpus/baomoi-2017.jsonl.gz");
    let dir = tempfile::tempdir().unwrap();
    let slice = dir.path().join("first-2000.jsonl");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&slice).unwrap());
    let lines = BufReader::new(flate2::read::MultiGzDecoder::new(std::fs::File::open(&corpus).unwrap())).split(b'\n').take(2000);
    for line in lines {
        w.write_all(&line.unwrap()).unwrap();
        w.write_all(b"\n").unwrap();
    }
    w.flush().unwrap();
    drop(w);
    let size = std::fs::metadata(&slice).unwrap().len();
    let run = |jobs: &str| {
        let start = Instant::now();
        let out = chidao().args(["extract", "--jobs", jobs]).arg(&slice).timeout(bound(size)).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_no_panic(&format!("--jobs {jobs}"), out.status.code(), &stderr);
        assert!(out.status.success(), "--jobs {jobs}: exit {:?}:\n{stderr}", out.status.code());
        println!("--jobs {jobs}: {:.1} MB in {:.2?}", size as f64 / 1e6, start.elapsed());
        out.stdout
    };
    let one = run("1");
    let two = run("2");
    assert_eq!(one.iter().filter(|&&b| b == b'\n').count(), 2000, "one record per article");
    assert!(one == two, "output differs between --jobs 1 and --jobs 2");
}
