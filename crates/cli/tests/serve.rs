//! `chidao serve` and `chidao bench-serve` as a user runs them.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use common::{chidao, examples};
use predicates::str::contains;

#[test]
fn serving_beyond_loopback_needs_a_token() {
    chidao()
        .env_remove("CHIDAO_TOKEN")
        .args(["serve", "--db"])
        .arg(tempfile::tempdir().unwrap().path().join("r.db"))
        .args(["--addr", "0.0.0.0:0"])
        .assert()
        .failure()
        .stderr(contains("needs an access token"));
    chidao()
        .env_remove("CHIDAO_TOKEN")
        .args(["serve", "--addr", "0.0.0.0:0", "--token", "short"])
        .assert()
        .failure()
        .stderr(contains("at least 16 characters"));
}

/// Kills the server when the test ends, however it ends.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn serve_prints_its_sign_in_link_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    chidao().arg("ingest").arg("--db").arg(&db).arg("-q").args(examples()).assert().success();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let child = Command::new(env!("CARGO_BIN_EXE_chidao"))
        .env_remove("CHIDAO_TOKEN")
        .args(["serve", "--db"])
        .arg(&db)
        .args(["--addr", &addr])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let mut lines = BufReader::new(server.0.stderr.take().unwrap()).lines();
    let mut link = None;
    for _ in 0..5 {
        let Some(Ok(l)) = lines.next() else { break };
        if let Some(i) = l.find("/login?token=") {
            link = Some(l[i..].trim().to_string());
            break;
        }
    }
    let link = link.expect("a sign-in link on stderr");
    assert!(link.len() > "/login?token=".len() + 16, "{link}");
    let home = get(&addr, "/");
    assert!(home.starts_with("HTTP/1.1 200"), "{home}");
    assert!(home.contains("Tìm kiếm"), "Vietnamese by default");
    let api = get(&addr, "/api/v1/tasks?limit=1");
    assert!(api.starts_with("HTTP/1.1 200"), "{api}");
    let denied = get(&addr, "/login?token=wrong-token-0000000000");
    assert!(denied.starts_with("HTTP/1.1 401"), "{denied}");
    let signed = get(&addr, &link);
    assert!(signed.starts_with("HTTP/1.1 303"), "{signed}");
    assert!(signed.contains("chidao_token="), "sets the cookie");
    assert!(signed.contains("HttpOnly") && signed.contains("SameSite=Strict"));
}

#[test]
fn bench_serve_reports_pages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    chidao().arg("ingest").arg("--db").arg(&db).arg("-q").args(examples()).assert().success();
    chidao()
        .args(["bench-serve", "--runs", "1", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(contains("search page"))
        .stdout(contains("task board"))
        .stdout(contains("p95 ms"));
    chidao().args(["bench-serve", "--db"]).arg(dir.path().join("none.db")).assert().failure().stderr(contains("no register here"));
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_chidao"))
        .args(["serve", "--db"])
        .arg(dir.path().join("r.db"))
        .args(["--addr", &format!("127.0.0.1:{port}"), "--token", "term-token-0123456789"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    // Wait until it listens (the line with its address is printed after the bind).
    assert!(lines.by_ref().map_while(Result::ok).any(|l| l.contains(&format!("at http://127.0.0.1:{port}/"))));
    let ok = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(ok.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(lines.map_while(Result::ok).any(|l| l.contains("stopping")));
}
