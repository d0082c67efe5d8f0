//! Golden tests: the contract record of every `fixtures/*.txt` document, as pretty JSON, against its
//! insta snapshot in `snapshots/`.
//!
//! Snapshots are written with `INSTA_UPDATE=always cargo test -p chidao-extract --test golden`
//! (or `cargo insta test`) and reviewed as diffs. Until the first snapshots are committed (no
//! `snapshots/` folder) the comparison is skipped with a message, so a missing set does not fail CI;
//! once the folder exists, a fixture without a snapshot fails as insta reports it.

use std::path::Path;

use chidao_extract::record::Record;
use chidao_text::{DecodeOptions, Document, decode};

fn record(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("fixture readable");
    let (text, _) = decode(&bytes, DecodeOptions::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let id = path.file_name().expect("file name").to_string_lossy().into_owned();
    let doc = Document::new(id, text);
    let facts = chidao_extract::extract(&doc);
    serde_json::to_string_pretty(&Record::new(&facts)).expect("record serialises")
}

/// Whether snapshots are to be compared (or written) at all.
fn snapshots_wanted() -> bool {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let updating = std::env::var("INSTA_UPDATE").is_ok_and(|v| v != "no") || std::env::var_os("INSTA_FORCE_UPDATE").is_some();
    if !dir.is_dir() && !updating {
        chidao_testkit::skip("golden comparison", "no snapshots yet; write them with INSTA_UPDATE=always cargo test -p chidao-extract --test golden");
        return false;
    }
    true
}

#[test]
fn fixtures() {
    let compare = snapshots_wanted();
    insta::glob!("fixtures/*.txt", |path| {
        // Extraction runs (and must not panic) on every fixture, compared or not.
        let json = record(path);
        if compare {
            insta::assert_snapshot!("record", json);
        }
    });
}
