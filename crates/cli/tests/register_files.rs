//! What a command may do to the register file it is given (issue 9): only `ingest` creates and
//! migrates; another program's file, a device or an empty file is refused untouched; a read-only
//! register can be queried and served; two ingests at once take turns.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{chidao, examples};
use predicates::str::contains;

/// A file's bytes and the names in its folder: what "untouched" compares.
fn snapshot(path: &Path) -> (Vec<u8>, Vec<String>) {
    let mut names: Vec<String> = std::fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    (std::fs::read(path).unwrap(), names)
}

fn python_sqlite(path: &Path, sql: &str) -> bool {
    Command::new("python3")
        .args(["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit(); c.close()"])
        .arg(path)
        .arg(sql)
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn another_programs_database_is_refused_untouched() {
    if !common::python3("another_programs_database_is_refused_untouched") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("plain.db", "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');"),
        ("wal.db", "PRAGMA journal_mode = WAL; CREATE TABLE notes (body TEXT);"),
        ("versioned.db", "PRAGMA user_version = 2; CREATE TABLE documents (id INTEGER);"),
        ("stamped.db", "PRAGMA application_id = 1234; CREATE TABLE t (x);"),
    ];
    for (name, sql) in cases {
        let db = dir.path().join(name);
        assert!(python_sqlite(&db, sql), "{name}");
        let before = snapshot(&db);
        for cmd in [&["stats"][..], &["search", "x"], &["tasks"], &["ingest", "-q"], &["task-done", "x"]] {
            let mut c = chidao();
            c.args(cmd).arg("--db").arg(&db);
            if cmd[0] == "ingest" {
                c.arg(&examples()[0]);
            }
            c.assert().code(2).stderr(contains(format!("{}: not a chidao register", db.display()))).stderr(contains("left untouched"));
            assert_eq!(snapshot(&db), before, "{name} after {cmd:?}");
        }
    }
}

#[test]
fn devices_and_non_databases_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "Biên bản họp chi bộ").unwrap();
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, "").unwrap();
    // What is beside /dev/null before (an older chidao left a journal there), to compare after.
    let beside = || ["/dev/null-journal", "/dev/null-wal", "/dev/null-shm"].map(|p| std::fs::metadata(p).ok().and_then(|m| m.modified().ok()));
    let before = beside();
    for (db, why) in [(PathBuf::from("/dev/null"), "a device"), (text.clone(), "not an SQLite database"), (empty.clone(), "empty")] {
        chidao().args(["stats", "--db"]).arg(&db).assert().code(2).stderr(contains("not a chidao register")).stderr(contains(why));
    }
    assert_eq!(beside(), before, "nothing written beside /dev/null");
    assert_eq!(std::fs::read(&text).unwrap(), "Biên bản họp chi bộ".as_bytes());
    // An empty file is where `ingest` may build a register.
    chidao().args(["ingest", "-q", "--db"]).arg(&empty).args(examples()).assert().success();
    chidao().args(["stats", "--db"]).arg(&empty).assert().success();
}

#[test]
fn queries_neither_create_nor_migrate() {
    let dir = tempfile::tempdir().unwrap();
    let none = dir.path().join("none.db");
    for cmd in ["stats", "tasks", "search", "bench-serve"] {
        chidao().arg(cmd).arg("--db").arg(&none).assert().code(2).stderr(contains("no register here"));
        assert!(!none.exists(), "{cmd} created a file");
    }
    // A register of an older schema is read by nothing but ingest and serve.
    let db = dir.path().join("r.db");
    chidao().args(["ingest", "-q", "--db"]).arg(&db).args(examples()).assert().success();
    if common::python3("queries_neither_create_nor_migrate (older schema)") {
        assert!(python_sqlite(&db, "PRAGMA user_version = 1;"));
        chidao().args(["stats", "--db"]).arg(&db).assert().code(2).stderr(contains("schema version 1, older"));
    }
}

/// Runs chidao as an unprivileged user when this is root (root writes anything, so a read-only
/// register is read-only only for others); `None` when that cannot be done here.
fn as_other_user(args: &[&std::ffi::OsStr]) -> Option<std::process::Output> {
    let mut c = other_user_chidao();
    c.args(args);
    c.output().ok().filter(|o| !String::from_utf8_lossy(&o.stderr).contains("setpriv:"))
}

/// The chidao command, run as `nobody` through `setpriv` when this is root, in `/`.
fn other_user_chidao() -> Command {
    let root = Command::new("id").arg("-u").output().ok().is_some_and(|o| o.stdout.starts_with(b"0"));
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_chidao"));
    let mut c = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
        c
    } else {
        Command::new(&bin)
    };
    c.current_dir("/");
    c
}

#[cfg(unix)]
#[test]
fn a_read_only_register_can_be_queried() {
    use std::os::unix::fs::PermissionsExt;
    // A folder the unprivileged user can enter (the test's temporary folder may be private).
    let dir = tempfile::Builder::new().prefix("chidao-ro-").tempdir_in(std::env::temp_dir()).unwrap();
    let db = dir.path().join("r.db");
    chidao().args(["ingest", "-q", "--db"]).arg(&db).args(examples()).assert().success();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(dir.path().join("r.db-search"), std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let restore = || std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = |args: &[&str]| {
        let mut v: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
        v.push("--db".as_ref());
        v.push(db.as_os_str());
        as_other_user(&v)
    };
    let Some(stats) = run(&["stats", "--json"]) else {
        restore();
        chidao_testkit::skip("a_read_only_register_can_be_queried", "cannot run as another user here (setpriv)");
        return;
    };
    let err = String::from_utf8_lossy(&stats.stderr).into_owned();
    assert!(stats.status.success(), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(v["documents"].as_u64(), Some(examples().len() as u64));
    let search = run(&["search", "hoa lac", "--json"]).unwrap();
    assert!(search.status.success(), "{}", String::from_utf8_lossy(&search.stderr));
    let done = run(&["task-done", "x"]).unwrap();
    assert_eq!(done.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&done.stderr).contains("the register is read-only"));
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    restore();
    // The register and its search index's file, nothing else (no log, no shared memory).
    assert_eq!(names.len(), 2, "nothing beside the register: {names:?}");
}

#[test]
fn two_ingests_at_once_take_turns() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let half = |k: usize| {
        let p = dir.path().join(format!("half{k}.jsonl"));
        let lines: String = (0..600)
            .map(|i| {
                let text = format!(
                    "Bản tin {k}-{i}: Sáng {}/{}/2019, UBND xã Tân Lộc {i} họp về công tác dân số. Đồng chí Lê Văn Tâm, Chủ tịch UBND xã, yêu cầu các thôn hoàn thành kế hoạch trước ngày 30/{}/2019.",
                    1 + i % 28,
                    1 + i % 12,
                    1 + (i + k) % 12
                );
                format!("{}\n", serde_json::json!({"id": format!("h{k}-{i:04}"), "text": text.repeat(1 + i % 5)}))
            })
            .collect();
        std::fs::write(&p, lines).unwrap();
        p
    };
    let (a, b) = (half(1), half(2));
    chidao().args(["ingest", "-q", "--db"]).arg(&db).arg(&examples()[0]).assert().success();
    let spawn = |p: &Path| Command::new(env!("CARGO_BIN_EXE_chidao")).args(["ingest", "-q", "--batch", "20", "--db"]).arg(&db).arg(p).output().unwrap();
    let (oa, ob) = std::thread::scope(|s| {
        let ha = s.spawn(|| spawn(&a));
        let hb = s.spawn(|| spawn(&b));
        (ha.join().unwrap(), hb.join().unwrap())
    });
    for o in [&oa, &ob] {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stderr).contains("600 new"), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let out = chidao().args(["stats", "--json", "--db"]).arg(&db).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"].as_u64(), Some(1201));
}

#[cfg(unix)]
#[test]
fn a_read_only_register_is_served_and_refuses_changes() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::Builder::new().prefix("chidao-ro-").tempdir_in(std::env::temp_dir()).unwrap();
    let db = dir.path().join("r.db");
    chidao().args(["ingest", "-q", "--db"]).arg(&db).args(examples()).assert().success();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(dir.path().join("r.db-search"), std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let token = "read-only-register-test-token";
    let mut child = other_user_chidao()
        .args(["serve", "--addr", &addr, "--token", token, "--db"])
        .arg(&db)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut said = String::new();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    for _ in 0..4 {
        match lines.next() {
            Some(Ok(l)) => {
                said.push_str(&l);
                said.push('\n');
                if l.contains("sign in") {
                    break;
                }
            }
            _ => break,
        }
    }
    let request = |req: String| -> String {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        s.write_all(req.as_bytes()).unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    };
    let result = std::panic::catch_unwind(|| {
        if said.contains("setpriv:") {
            return Err(said.clone());
        }
        assert!(said.contains("serving") && said.contains("read-only"), "{said}");
        let home = request(format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"));
        assert!(home.starts_with("HTTP/1.1 200"), "{home}");
        let body = r#"{"status":"done"}"#;
        let post = request(format!(
            "POST /api/v1/tasks/x/status HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ));
        assert!(post.starts_with("HTTP/1.1 403") && post.contains("read-only"), "{post}");
        Ok(())
    });
    let _ = child.kill();
    let _ = child.wait();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    match result {
        Ok(Ok(())) => {}
        Ok(Err(said)) => chidao_testkit::skip("a_read_only_register_is_served_and_refuses_changes", &format!("cannot serve as another user here: {said}")),
        Err(p) => std::panic::resume_unwind(p),
    }
}

#[test]
fn sqlite_errors_are_printed_once_naming_the_register() {
    if !common::python3("sqlite_errors_are_printed_once_naming_the_register") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    chidao().args(["ingest", "-q", "--db"]).arg(&db).args(examples()).assert().success();
    let id = {
        let out = chidao().args(["tasks", "--json", "--db"]).arg(&db).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v[0]["id"].as_str().unwrap().to_string()
    };
    // Another process holds the write lock for longer than chidao waits (10 s).
    let mut holder = Command::new("python3")
        .args(["-c", "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(30)"])
        .arg(&db)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(holder.stdout.as_mut().unwrap()), &mut line).unwrap();
    assert_eq!(line.trim(), "locked");
    let out = chidao().args(["task-done", &id, "--db"]).arg(&db).output().unwrap();
    let _ = holder.kill();
    let _ = holder.wait();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with(&format!("chidao: {}: ", db.display())), "{err}");
    assert_eq!(err.matches("database is locked").count(), 1, "{err}");
    assert!(err.contains("another process is writing the register"), "{err}");
}
