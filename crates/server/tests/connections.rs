//! What one client can hold, over real sockets (`serve_on` on a loopback port, short limits so
//! the tests are quick): a half-sent request head, a silent or idle connection, a trickled head,
//! a stalled body are closed within their timeouts; connections past the cap are answered 503;
//! an upload past the document limit is refused with 413 (announced or chunked), and a request
//! being handled is never cut by the clocks.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chidao_server::{Config, Limits};
use chidao_store::Store;

const TOKEN: &str = "connections-token-0123456789";

/// A server on a free loopback port, stopped when dropped.
struct Server {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

fn serve(max_doc_bytes: u64, limits: Limits) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db: PathBuf = dir.path().join("r.db");
    let mut store = Store::open(&db).unwrap();
    for (id, bytes) in common::examples() {
        store.ingest_one(&id, &bytes).unwrap();
    }
    drop(store);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let config = Config { token: Some(TOKEN.into()), max_doc_bytes, limits, ..Config::new(db, addr) };
    std::thread::spawn(move || {
        rt.block_on(async move {
            chidao_server::serve_on(listener, config, async move {
                let _ = rx.await;
            })
            .await
            .unwrap();
        });
        rt.shutdown_timeout(Duration::from_millis(100));
    });
    Server { addr, stop: Some(tx), _dir: dir }
}

fn limits(header_ms: u64, idle_ms: u64, max_connections: usize) -> Limits {
    Limits { header_timeout: Duration::from_millis(header_ms), idle_timeout: Duration::from_millis(idle_ms), max_connections }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(8))).unwrap();
    s
}

/// Waits until the server closes the connection (end of stream or reset); what it sent, and
/// how long it took. Panics when it stays open (the read times out).
fn until_closed(s: &mut TcpStream) -> (String, Duration) {
    let t = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => break,
            Err(e) => panic!("the connection is still open after {:?} ({e}); read: {}", t.elapsed(), String::from_utf8_lossy(&got)),
        }
    }
    (String::from_utf8_lossy(&got).into_owned(), t.elapsed())
}

/// One request (`Connection: close`): status and the whole answer.
fn request(addr: SocketAddr, head: &str, body: &[u8]) -> (u16, String) {
    let mut s = connect(addr);
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let (answer, _) = until_closed(&mut s);
    let status = answer.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("no status: {answer}"));
    (status, answer)
}

fn post(path: &str, ty: &str, len: usize) -> String {
    format!("POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: {ty}\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n")
}

fn within(d: Duration, lo_ms: u64, hi_ms: u64, what: &str) {
    assert!(d >= Duration::from_millis(lo_ms) && d <= Duration::from_millis(hi_ms), "{what}: closed after {d:?}, expected {lo_ms}–{hi_ms} ms");
}

#[test]
fn a_half_sent_or_silent_request_is_closed_within_the_header_timeout() {
    let srv = serve(1 << 20, limits(500, 2000, 64));
    // Half a head.
    let mut s = connect(srv.addr);
    s.write_all(b"GET /api/v1/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n").unwrap();
    let (_, took) = until_closed(&mut s);
    within(took, 350, 1500, "a half-sent head");
    // Nothing at all.
    let mut s = connect(srv.addr);
    let (_, took) = until_closed(&mut s);
    within(took, 350, 1500, "a silent connection");
    // A head trickled a line at a time: the clock does not restart with each byte.
    let mut s = connect(srv.addr);
    s.set_read_timeout(Some(Duration::from_millis(1))).unwrap();
    let t = Instant::now();
    s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
    let closed = loop {
        std::thread::sleep(Duration::from_millis(100));
        if s.write_all(b"X-Slow: 1\r\n").is_err() {
            break t.elapsed();
        }
        match s.read(&mut [0u8; 64]) {
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            _ => break t.elapsed(),
        }
        assert!(t.elapsed() < Duration::from_secs(5), "a trickled head is still being read after 5 s");
    };
    within(closed, 350, 1800, "a trickled head");
}

#[test]
fn an_idle_connection_is_closed_after_the_idle_timeout() {
    let srv = serve(1 << 20, limits(300, 1500, 64));
    let mut s = connect(srv.addr);
    s.write_all(b"GET /api/v1/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    // The answer, then the connection kept alive and idle.
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    while !String::from_utf8_lossy(&got).contains("\"task_states\"") || !got.ends_with(b"}") {
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "closed before answering");
        got.extend_from_slice(&buf[..n]);
    }
    assert!(got.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&got));
    let (_, idle) = until_closed(&mut s);
    // Longer than the header timeout: the idle timeout is its own.
    within(idle, 1200, 3000, "an idle kept-alive connection");
}

#[test]
fn a_stalled_body_is_given_up_but_a_slow_request_is_not_cut() {
    let srv = serve(4 << 20, limits(100, 1000, 64));
    // A body announced and never finished.
    let mut s = connect(srv.addr);
    s.write_all(post("/api/v1/corrections", "application/json", 1000).as_bytes()).unwrap();
    s.write_all(b"{\"doc\": \"a").unwrap();
    let (answer, took) = until_closed(&mut s);
    within(took, 800, 3000, "a stalled body");
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 4"), "{answer}");
    // A request the server takes longer than the header timeout to handle (a 1 MB document
    // ingested) is answered.
    let text = common::long_document(1_000_000);
    let body = serde_json::json!({ "id": "long.txt", "text": text }).to_string();
    let t = Instant::now();
    let (status, answer) = request(srv.addr, &post("/api/v1/documents", "application/json", body.len()), body.as_bytes());
    assert_eq!(status, 201, "{answer}");
    eprintln!("a 1 MB upload took {:?} (header timeout 100 ms)", t.elapsed());
}

#[test]
fn connections_past_the_cap_are_answered_503() {
    let srv = serve(1 << 20, limits(3000, 3000, 3));
    let held: Vec<TcpStream> = (0..3).map(|_| connect(srv.addr)).collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut extra = connect(srv.addr);
    let (answer, took) = until_closed(&mut extra);
    assert!(answer.starts_with("HTTP/1.1 503") && answer.contains("too many connections"), "{answer}");
    assert!(took < Duration::from_secs(1), "refused at once: {took:?}");
    // Once the held connections close, there is room again.
    drop(held);
    let t = Instant::now();
    loop {
        let (status, answer) = request(srv.addr, "GET /api/v1/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", b"");
        if status == 200 {
            break;
        }
        assert_eq!(status, 503, "{answer}");
        assert!(t.elapsed() < Duration::from_secs(3), "no room after the connections closed");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn uploads_past_the_document_limit_answer_413() {
    let srv = serve(10_000, Limits::default());
    let text = "a".repeat(12_000);
    // The document itself: JSON from the API, a page in the page's language.
    let body = serde_json::json!({ "id": "lon.txt", "text": text }).to_string();
    let (status, answer) = request(srv.addr, &post("/api/v1/documents", "application/json", body.len()), body.as_bytes());
    assert_eq!(status, 413, "{answer}");
    assert!(answer.contains("The document is 12,000 bytes; this server takes documents of up to 10,000 bytes"), "{answer}");
    let b = "chidaoBoundaryX";
    let form = format!("--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lon.txt\"\r\nContent-Type: text/plain\r\n\r\n{text}\r\n--{b}--\r\n");
    for (path, words) in [("/upload", "Văn bản dài 12.000 byte; máy chủ này nhận văn bản đến 10.000 byte"), ("/upload?lang=en", "The document is 12,000 bytes")] {
        let (status, answer) = request(srv.addr, &post(path, &format!("multipart/form-data; boundary={b}"), form.len()), form.as_bytes());
        assert_eq!(status, 413, "{answer}");
        assert!(answer.contains("text/html") && answer.contains(words), "{path}: {answer}");
    }
    // A body past the upload's limit, announced: refused before it is read.
    let big = format!("{{\"id\": \"lon.txt\", \"text\": \"{}\"}}", "a".repeat(100_000));
    let (status, answer) = request(srv.addr, &post("/api/v1/documents", "application/json", big.len()), big.as_bytes());
    assert_eq!(status, 413, "{answer}");
    assert!(answer.contains(&format!("The upload is 100,{:03} bytes", big.len() - 100_000)) && answer.contains("up to 10,000 bytes"), "{answer}");
    // The same, chunked (no length announced): cut at the limit.
    let head = format!("POST /api/v1/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    let mut chunked = Vec::new();
    for piece in big.as_bytes().chunks(8192) {
        chunked.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        chunked.extend_from_slice(piece);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let (status, answer) = request(srv.addr, &head, &chunked);
    assert_eq!(status, 413, "{answer}");
    assert!(answer.contains("larger than this server takes (documents of up to 10,000 bytes)"), "{answer}");
    // Nothing was stored.
    let (_, answer) = request(srv.addr, "GET /api/v1/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", b"");
    assert!(!answer.contains("lon.txt"), "{answer}");
}
