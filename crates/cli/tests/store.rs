//! The register through the binary: ingest idempotence, kill -9 and resume, search, the corpus.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{chidao, shared};

/// A fictional report: varied enough that two of them are never near-copies.
fn fictional(i: usize) -> String {
    const FAMILY: [&str; 8] = ["Lê", "Trần", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ"];
    const MIDDLE: [&str; 6] = ["Văn", "Thị", "Quốc", "Minh", "Đức", "Thanh"];
    const GIVEN: [&str; 10] = ["Tâm", "Mai", "Hưng", "Lan", "Sơn", "Hà", "Khoa", "Yến", "Toàn", "Nga"];
    const PLACE: [&str; 6] = ["Hòa Lạc", "Bình Sơn", "Tân Lộc", "Mây Xanh", "Đông Phú", "Vân Hồ"];
    const TOPIC: [&str; 8] = [
        "phòng cháy chữa cháy", "an toàn giao thông", "cải cách hành chính", "phòng chống ma túy",
        "xây dựng nông thôn mới", "chuyển đổi số", "bảo vệ môi trường", "phòng chống thiên tai",
    ];
    let mut x = i.wrapping_mul(2_654_435_761) ^ 0x5bd1_e995;
    let mut pick = |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    let name = format!("{} {} {}", FAMILY[pick(8)], MIDDLE[pick(6)], GIVEN[pick(10)]);
    let place = PLACE[pick(6)];
    let mut s = format!(
        "Bản tin số {i}: {place} triển khai công tác {}\nSáng {}/{}/2019, Ủy ban nhân dân huyện {place} tổ chức hội nghị \
         về công tác {}. Đồng chí {name}, Chủ tịch UBND huyện {place} chủ trì hội nghị.",
        TOPIC[pick(8)],
        1 + pick(28),
        1 + pick(12),
        TOPIC[pick(8)]
    );
    for _ in 0..6 {
        s.push_str(&format!(
            " Năm qua, huyện đã tổ chức {} buổi tuyên truyền về {}, kiểm tra {} cơ sở và xử lý {} trường hợp vi phạm tại xã {}.",
            10 + pick(900),
            TOPIC[pick(8)],
            5 + pick(300),
            pick(90),
            PLACE[pick(6)]
        ));
    }
    s.push_str(&format!(" Đồng chí {name} yêu cầu các phòng, ban hoàn thành kế hoạch trước ngày {}/12/2019.", 1 + pick(28)));
    s
}

fn write_corpus(path: &Path, n: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        writeln!(f, "{}", serde_json::json!({ "id": format!("tin-{i:05}.txt"), "text": fictional(i) })).unwrap();
    }
}

fn stats(db: &Path) -> serde_json::Value {
    let out = chidao().args(["stats", "--json", "--as-of", "2020-01-01", "--db"]).arg(db).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_object_mut().unwrap().remove("bytes");
    v
}

#[test]
fn bench_scale_builds_the_register_step_by_step() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    write_corpus(&corpus, 30);
    let db = dir.path().join("scale.db");
    let out = chidao()
        .args(["bench-scale", "--docs", "70", "--steps", "30", "--runs", "1", "--json", "--corpus"])
        .arg(&corpus)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let steps: Vec<serde_json::Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(steps.iter().map(|s| s["documents"].as_u64().unwrap()).collect::<Vec<_>>(), [30, 70]);
    assert!(steps.iter().all(|s| s["register_mb"].as_f64().unwrap() > 0.0 && s["search_p99_ms"].as_f64().is_some()));
    assert_eq!(stats(&db)["documents"].as_i64(), Some(70), "{}", stats(&db));
    // The register it built is kept; a second run refuses to build over it.
    let again = chidao().args(["bench-scale", "--docs", "10", "--corpus"]).arg(&corpus).arg("--db").arg(&db).output().unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));
    // The same documents written out (--emit) and ingested give the same register.
    let emitted = chidao().args(["bench-scale", "--docs", "70", "--emit", "--corpus"]).arg(&corpus).output().unwrap();
    assert!(emitted.status.success(), "{}", String::from_utf8_lossy(&emitted.stderr));
    assert_eq!(String::from_utf8_lossy(&emitted.stdout).lines().count(), 70);
    let other = dir.path().join("emitted.db");
    chidao().args(["ingest", "--quiet", "--stdin-format", "jsonl", "-", "--db"]).arg(&other).write_stdin(emitted.stdout).assert().success();
    assert_eq!(stats(&db), stats(&other));
}

#[test]
fn ingest_twice_changes_nothing_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.jsonl");
    write_corpus(&corpus, 30);
    let db = dir.path().join("r.db");
    let first = chidao().arg("ingest").arg("--db").arg(&db).arg(&corpus).output().unwrap();
    assert!(first.status.success());
    let err = String::from_utf8_lossy(&first.stderr);
    assert!(err.contains("30 new, 0 unchanged, 0 updated, 0 failed"), "{err}");
    let before = stats(&db);
    let again = chidao().arg("ingest").arg("--db").arg(&db).arg(&corpus).output().unwrap();
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("0 new, 30 unchanged, 0 updated") && err.contains("nothing changed"), "{err}");
    assert_eq!(before, stats(&db));
    // One changed document is an update, the rest unchanged.
    let mut lines: Vec<String> = std::fs::read_to_string(&corpus).unwrap().lines().map(str::to_string).collect();
    lines[3] = serde_json::json!({ "id": "tin-00003.txt", "text": "Tin đính chính: hội nghị ở huyện Vân Hồ hoãn đến tuần sau." }).to_string();
    std::fs::write(&corpus, lines.join("\n")).unwrap();
    let upd = chidao().arg("ingest").arg("--db").arg(&db).arg(&corpus).output().unwrap();
    let err = String::from_utf8_lossy(&upd.stderr);
    assert!(err.contains("0 new, 29 unchanged, 1 updated"), "{err}");
    // Search, as a user types it.
    let out = chidao().args(["search", "hoan den tuan sau", "--json", "--db"]).arg(&db).output().unwrap();
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert_eq!(hits[0]["doc"], "tin-00003.txt");
    let out = chidao().args(["search", "xyzzy", "--lang", "vi", "--db"]).arg(&db).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "Không tìm thấy.");
    // No register: a clear error, not a new empty file.
    let none = dir.path().join("none.db");
    let out = chidao().args(["stats", "--db"]).arg(&none).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!none.exists());
}

#[test]
fn killed_ingest_resumes_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.jsonl");
    let n = 1200;
    write_corpus(&corpus, n);
    // The first run reads the corpus from standard input fed slowly, so that it is surely still
    // running (reading, extracting or inside a transaction) when it is killed, in a debug build or
    // a release one alike.
    let db = dir.path().join("killed.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_chidao"))
        .args(["ingest", "--batch", "25", "-j", "1", "--quiet", "--stdin-format", "jsonl", "--db"])
        .arg(&db)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let feeder = {
        let mut pipe = child.stdin.take().unwrap();
        let corpus = corpus.clone();
        std::thread::spawn(move || {
            for (i, line) in std::fs::read_to_string(&corpus).unwrap().lines().enumerate() {
                if writeln!(pipe, "{line}").is_err() {
                    return; // the reader was killed
                }
                if i % 20 == 19 {
                    let _ = pipe.flush();
                    std::thread::sleep(Duration::from_millis(15));
                }
            }
        })
    };
    // Kill -9 once some batches are committed.
    let t = Instant::now();
    let mut committed = 0;
    while t.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
        assert!(child.try_wait().unwrap().is_none(), "the ingest ended before it was killed");
        if db.exists() {
            let out = chidao().args(["stats", "--json", "--db"]).arg(&db).output().unwrap();
            if out.status.success() {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                committed = v["documents"].as_i64().unwrap_or(0);
                if committed >= 100 {
                    break;
                }
            }
        }
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    feeder.join().unwrap();
    let at_kill = stats(&db)["documents"].as_i64().unwrap();
    assert!(at_kill >= committed && (at_kill as usize) < n, "killed mid-ingest: {at_kill} of {n} stored");
    assert_eq!(at_kill % 25, 0, "only whole batches are committed");
    let resumed = chidao().args(["ingest", "--quiet", "--db"]).arg(&db).arg(&corpus).output().unwrap();
    assert!(resumed.status.success());
    let err = String::from_utf8_lossy(&resumed.stderr);
    assert!(err.contains(&format!("{} new, {at_kill} unchanged", n - at_kill as usize)), "{err}");
    // Same register as one uninterrupted run.
    let clean = dir.path().join("clean.db");
    assert!(chidao().args(["ingest", "--quiet", "--db"]).arg(&clean).arg(&corpus).output().unwrap().status.success());
    assert_eq!(stats(&db), stats(&clean));
    // The search file (committed after the register, by a thread of its own) finds the same
    // documents, whether the kill left it a batch behind or not.
    let found = |db: &Path, q: &str| -> Vec<String> {
        let out = chidao().args(["search", q, "--json", "--limit", "5000", "--db"]).arg(db).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut ids: Vec<String> = hits.as_array().unwrap().iter().map(|h| h["doc"].as_str().unwrap().to_string()).collect();
        ids.sort();
        ids
    };
    for q in ["chuyển đổi số", "hoa lac", "UBND"] {
        let (a, b) = (found(&db, q), found(&clean, q));
        assert!(!b.is_empty(), "{q}");
        assert_eq!(a, b, "{q}");
    }
}

#[test]
fn first_2000_corpus_articles() {
    let Some(shared) = shared("first_2000_corpus_articles") else { return };
    let gz = shared.join("corpus/baomoi-2017.jsonl.gz");
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("first.jsonl");
    {
        use std::io::BufRead;
        let r = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(std::fs::File::open(&gz).unwrap()));
        let mut w = std::io::BufWriter::new(std::fs::File::create(&corpus).unwrap());
        for line in r.lines().take(2000) {
            writeln!(w, "{}", line.unwrap()).unwrap();
        }
    }
    let db = dir.path().join("corpus.db");
    let out = chidao().args(["ingest", "--quiet", "--db"]).arg(&db).arg(&corpus).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    common::assert_no_panic("ingest", out.status.code(), &err);
    let s = stats(&db);
    assert_eq!(s["documents"].as_i64().unwrap(), 2000 - failed(&err), "{err}");
    let again = chidao().args(["ingest", "--quiet", "--db"]).arg(&db).arg(&corpus).output().unwrap();
    assert!(String::from_utf8_lossy(&again.stderr).contains("nothing changed"));
    for q in ["cong an", "\"hội nghị\"", "ha noi"] {
        let out = chidao().args(["search", q, "--json", "--db"]).arg(&db).output().unwrap();
        assert!(out.status.success());
        let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(!hits.as_array().unwrap().is_empty(), "{q}");
    }
}

/// The "N failed" count of an ingest summary.
fn failed(summary: &str) -> i64 {
    summary
        .split(" failed;")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The register's content, independent of row ids: what two registers of the same documents
/// must share whatever the order of ingest (issue 9).
fn content(db: &Path) -> Vec<String> {
    let store = chidao_store::Store::open_as(db, chidao_store::Access::Read).unwrap();
    let c = store.connection();
    let rows = |sql: &str| -> Vec<String> {
        let mut st = c.prepare(sql).unwrap();
        let n = st.column_count();
        let mut out: Vec<String> = st
            .query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join(" | ")))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out.sort();
        out
    };
    let mut all = Vec::new();
    for (what, sql) in [
        ("document", "SELECT d.ext_id, d.date, (SELECT ext_id FROM documents o WHERE o.id = d.dup_of) FROM documents d"),
        (
            "person",
            "SELECT p.name, p.rank, (SELECT group_concat(x, ';') FROM (SELECT d.ext_id || '@' || m.start || ':' || m.rule AS x FROM person_mentions m
               JOIN documents d ON d.id = m.doc WHERE m.person = p.id ORDER BY x)) FROM persons p",
        ),
        (
            "directive",
            "SELECT k.kind, k.number, k.code, k.series, k.era, k.issuer, k.date, k.title, (SELECT group_concat(x, ';') FROM (SELECT d.ext_id || '@' || m.start || ':' || m.rule AS x
               FROM directive_mentions m JOIN documents d ON d.id = m.doc WHERE m.directive = k.id ORDER BY x)) FROM directives k",
        ),
        (
            "ambiguous",
            "SELECT d.ext_id, m.start, (SELECT group_concat(x, ';') FROM (SELECT k.code || '/' || k.issuer AS x FROM directive_candidates c JOIN directives k ON k.id = c.directive
               WHERE c.mention = m.id ORDER BY x)) FROM directive_mentions m JOIN documents d ON d.id = m.doc WHERE m.directive IS NULL",
        ),
        ("org", "SELECT o.name, (SELECT COUNT(*) FROM org_mentions m WHERE m.org = o.id) FROM orgs o"),
        (
            "event",
            "SELECT e.kind, e.date, (SELECT name FROM persons p WHERE p.id = e.chair), e.place, (SELECT group_concat(x, ';') FROM (SELECT d.ext_id || '@' || m.start AS x
               FROM event_mentions m JOIN documents d ON d.id = m.doc WHERE m.event = e.id ORDER BY x)) FROM events e",
        ),
        (
            "task",
            "SELECT d.ext_id, t.start, t.kind, t.issuer, t.assignee, t.deadline, (SELECT group_concat(x, ';') FROM (SELECT r.ref || '→' || COALESCE(k.code, k.number, '-') AS x
               FROM task_refs r LEFT JOIN directives k ON k.id = r.directive WHERE r.task = t.id ORDER BY x)) FROM tasks t JOIN documents d ON d.id = t.doc",
        ),
    ] {
        all.extend(rows(sql).into_iter().map(|r| format!("{what}: {r}")));
    }
    for q in ["cong an", "\"hội nghị\"", "ke hoach", "chi thi", "uy ban nhan dan"] {
        for kind in [None, Some("task")] {
            let hits = store.search(&chidao_store::SearchQuery { limit: Some(50), kind: kind.map(str::to_string), ..chidao_store::SearchQuery::text(q) }).unwrap();
            // Equal scores cut by the limit may differ (the index breaks such ties by row id):
            // the last group of equal scores is left out when the limit was reached.
            let last = hits.last().map(|h| format!("{:.9}", h.score));
            let shown: Vec<String> = hits
                .iter()
                .map(|h| (format!("{:.9}", h.score), h))
                .filter(|(s, _)| hits.len() < 50 || Some(s) != last.as_ref())
                .map(|(s, h)| format!("{s} {}@{:?}", h.doc, h.span))
                .collect();
            all.push(format!("search {q} {kind:?}: {}", shown.join(" ")));
        }
    }
    all
}

fn assert_same(a: &[String], b: &[String], what: &str) {
    let only_a: Vec<&String> = a.iter().filter(|x| !b.contains(x)).take(8).collect();
    let only_b: Vec<&String> = b.iter().filter(|x| !a.contains(x)).take(8).collect();
    assert!(only_a.is_empty() && only_b.is_empty() && a.len() == b.len(), "{what}: registers differ\nonly in the first: {only_a:#?}\nonly in the second: {only_b:#?}");
}

/// Ingests `lines` in their order, in reverse order (in small batches, so that the resolution
/// runs many times), in their order again in transactions of several chunks, and re-extracts
/// the first: the four registers are the same.
fn same_register_whatever_the_order(lines: &[String], what: &str) {
    let dir = tempfile::tempdir().unwrap();
    let forward = dir.path().join("forward.jsonl");
    let backward = dir.path().join("backward.jsonl");
    std::fs::write(&forward, lines.join("\n")).unwrap();
    std::fs::write(&backward, lines.iter().rev().cloned().collect::<Vec<_>>().join("\n")).unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    chidao().args(["ingest", "-q", "--db"]).arg(&a).arg(&forward).assert().success();
    chidao().args(["ingest", "-q", "--batch", "7", "--db"]).arg(&b).arg(&backward).assert().success();
    let first = content(&a);
    assert_same(&first, &content(&b), &format!("{what}: forward and backward"));
    // One transaction of several chunks extracted one after another.
    let c = dir.path().join("c.db");
    chidao().args(["ingest", "-q", "-j", "1", "--batch", "100000", "--db"]).arg(&c).arg(&forward).assert().success();
    assert_same(&first, &content(&c), &format!("{what}: in transactions of several chunks"));
    chidao().args(["ingest", "-q", "--reextract", "--batch", "13", "--db"]).arg(&a).arg(&backward).assert().success();
    assert_same(&first, &content(&a), &format!("{what}: after --reextract"));
}

#[test]
fn register_does_not_depend_on_ingest_order() {
    // Namesakes in several provinces, people named with and without roles, plans of one number
    // from several committees: what order-dependent merging gets wrong.
    let lines: Vec<String> = (0..240).map(|i| serde_json::json!({ "id": format!("tin-{i:05}.txt"), "text": fictional(i) }).to_string()).collect();
    same_register_whatever_the_order(&lines, "fictional reports");
}

#[test]
fn corpus_register_does_not_depend_on_ingest_order() {
    let Some(shared) = shared("corpus_register_does_not_depend_on_ingest_order") else { return };
    use std::io::BufRead;
    let gz = shared.join("corpus/baomoi-2017.jsonl.gz");
    let r = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(std::fs::File::open(&gz).unwrap()));
    let lines: Vec<String> = r.lines().take(1500).map(Result::unwrap).collect();
    same_register_whatever_the_order(&lines, "1,500 corpus articles");
}

#[test]
fn tasks_show_the_confident_and_reveal_the_doubtful() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("thien-tai.txt");
    std::fs::write(
        &doc,
        "UBND huyện Tân Phong họp bàn phòng chống thiên tai\n\nSáng 4/5/2024, UBND huyện Tân Phong tổ chức hội nghị triển khai công tác \
         phòng chống thiên tai. Chủ tịch UBND huyện Nguyễn Văn Bình yêu cầu Phòng Nông nghiệp hoàn thành phương án ứng phó.\n\n\
         Theo bác sĩ Trần Minh, mỗi gia đình nên chuẩn bị đèn pin, nước uống và thuốc men.\n",
    )
    .unwrap();
    let db = dir.path().join("r.db");
    assert!(chidao().arg("ingest").arg("--db").arg(&db).arg(&doc).output().unwrap().status.success());
    let tasks = |extra: &[&str]| -> serde_json::Value {
        let out = chidao().args(["tasks", "--json", "--db"]).arg(&db).args(extra).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let shown = tasks(&[]);
    assert_eq!(shown.as_array().unwrap().len(), 1);
    assert_eq!((shown[0]["tier"].as_str(), shown[0]["state"].as_str()), (Some("high"), Some("no_deadline")));
    let all = tasks(&["--doubtful"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert!(all.as_array().unwrap().iter().any(|t| t["tier"] == "low"));
    assert_eq!(tasks(&["--state", "no_deadline", "--doubtful"]).as_array().unwrap().len(), 2);
    // The table names the state and the tier in the user's language.
    let out = chidao().args(["tasks", "--doubtful", "--lang", "vi", "--db"]).arg(&db).output().unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("chưa có hạn") && table.contains("chưa chắc chắn") && table.contains("chắc chắn"), "{table}");
    let s = stats(&db);
    assert_eq!((s["tasks"].as_i64(), s["doubtful_tasks"].as_i64()), (Some(1), Some(1)));
}
