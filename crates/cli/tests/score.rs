//! Score floors: the binary's records for the seeds, the dev articles, 60 random articles and
//! four real official documents, scored by
//! `../shared/eval/score.py` against the gold, must reach the floors in `tests/floors.txt`.
//! Skips (with a message) when `../shared` or python3 is absent.

mod common;

use std::ffi::OsStr;
use std::path::Path;

use common::{chidao, python, python3, shared};

/// The `--min FIELD=F1` arguments of one set, from floors.txt.
fn floors(set: &str) -> Vec<String> {
    let text = include_str!("floors.txt");
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        assert!(f.len() == 3 && f[2].parse::<f64>().is_ok(), "floors.txt:{}: expected `SET FIELD MIN`, got {line:?}", n + 1);
        if f[0] == set {
            out.push(format!("--min={}={}", f[1], f[2]));
        }
    }
    assert!(!out.is_empty(), "floors.txt has no floors for {set}");
    out
}

/// Extracts every `*.txt` of `docs`, scores it against `gold`, and checks the floors of `set`.
fn check(set: &str, gold: &Path, docs: &Path, scorer: &Path) {
    check_fields(set, gold, docs, scorer, None);
}

/// [`check`], scoring only some fields (`--fields tasks`).
fn check_fields(set: &str, gold: &Path, docs: &Path, scorer: &Path, fields: Option<&str>) {
    let a = chidao().args(["extract", "--format", "jsonl"]).arg(docs).assert().success();
    let tmp = tempfile::tempdir().unwrap();
    let pred = tmp.path().join("pred.jsonl");
    std::fs::write(&pred, &a.get_output().stdout).unwrap();
    let mut args: Vec<&OsStr> = vec![scorer.as_os_str(), gold.as_os_str(), pred.as_os_str(), OsStr::new("--docs"), docs.as_os_str()];
    let mins = floors(set);
    args.extend(mins.iter().map(OsStr::new));
    if let Some(f) = fields {
        args.extend([OsStr::new("--fields"), OsStr::new(f)]);
    }
    // `python` fails the test, with the scorer's table, when a floor is missed.
    let table = python(&args);
    println!("{set}:\n{table}");
}

#[test]
fn seeds_reach_their_floors() {
    let Some(shared) = shared("score seeds") else { return };
    if !python3("score seeds") {
        return;
    }
    check("seeds", &shared.join("eval/gold/seeds.jsonl"), &shared.join("seeds"), &shared.join("eval/score.py"));
}

#[test]
fn dev_articles_reach_their_floors() {
    let Some(shared) = shared("score dev") else { return };
    if !python3("score dev") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let gold = tmp.path().join("dev.jsonl");
    let mut all = String::new();
    for part in ["dev-a.jsonl", "dev-b.jsonl"] {
        let text = std::fs::read_to_string(shared.join("eval/gold").join(part)).unwrap();
        all.push_str(text.trim_end());
        all.push('\n');
    }
    std::fs::write(&gold, all).unwrap();
    let docs = tmp.path().join("docs");
    python(&[shared.join("eval/materialize.py").as_os_str(), gold.as_os_str(), docs.as_os_str()]);
    check("dev", &gold, &docs, &shared.join("eval/score.py"));
}

#[test]
fn random_articles_reach_their_floors() {
    let Some(shared) = shared("score random") else { return };
    if !python3("score random") {
        return;
    }
    let gold = shared.join("eval/gold/random-a.jsonl");
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    python(&[shared.join("eval/materialize.py").as_os_str(), gold.as_os_str(), docs.as_os_str()]);
    check_fields("random", &gold, &docs, &shared.join("eval/score.py"), Some("tasks"));
}

#[test]
fn official_documents_reach_their_floors() {
    let Some(shared) = shared("score official") else { return };
    if !python3("score official") {
        return;
    }
    check("official", &shared.join("eval/gold/official.jsonl"), &shared.join("realdocs/expected"), &shared.join("eval/score.py"));
}
