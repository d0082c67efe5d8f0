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
    assert!(signed.contains("chidao_session="), "sets the session cookie");
    assert!(!signed.contains(&link["/login?token=".len()..]), "the cookie is not the token");
    assert!(signed.contains("HttpOnly") && signed.contains("SameSite=Strict"));
}

/// Sends `raw` and reads until the server closes: the answer and how long it took.
fn exchange(addr: &str, raw: &[u8]) -> (String, std::time::Duration) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    let t = std::time::Instant::now();
    s.write_all(raw).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    (String::from_utf8_lossy(&out).into_owned(), t.elapsed())
}

#[test]
fn serve_flags_limit_uploads_host_names_and_half_sent_requests() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let token = "flags-token-0123456789";
    let mut child = Command::new(env!("CARGO_BIN_EXE_chidao"))
        .args(["serve", "--db"])
        .arg(dir.path().join("r.db"))
        .args(["--addr", &addr, "--token", token, "--max-doc-size", "2000", "--header-timeout", "1", "--public-host", "chidao.example"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let _server = Server(child);
    assert!(lines.by_ref().map_while(Result::ok).any(|l| l.contains(&format!("at http://{addr}/"))), "the server listens");
    // A document past --max-doc-size: 413, naming the size and the limit.
    let body = format!("{{\"id\": \"a.txt\", \"text\": \"{}\"}}", "Tỉnh ủy họp. ".repeat(200));
    let (answer, _) = exchange(
        &addr,
        format!("POST /api/v1/documents HTTP/1.1\r\nHost: {addr}\r\nAuthorization: bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).as_bytes(),
    );
    assert!(answer.starts_with("HTTP/1.1 413") && answer.contains("2,000 bytes"), "{answer}");
    // Host names: loopback and --public-host, nothing else.
    for (host, status) in [("evil.example", "421"), ("chidao.example", "200"), ("localhost", "200")] {
        let (answer, _) = exchange(&addr, format!("GET /api/v1/stats HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes());
        assert!(answer.starts_with(&format!("HTTP/1.1 {status}")), "{host}: {answer}");
    }
    // A half-sent request: closed after --header-timeout.
    let (_, took) = exchange(&addr, format!("GET / HTTP/1.1\r\nHost: {addr}\r\n").as_bytes());
    assert!(took >= std::time::Duration::from_millis(800) && took < std::time::Duration::from_secs(4), "closed after {took:?}");
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
