//! What an outside review found (issue 9), each with the request that showed it: a long
//! document read whole (memory), a page of another site reading the register through a name of
//! its own (DNS rebinding), bodies past the limit and unauthenticated form posts answered with
//! the wrong kind of error, answers without `nosniff`, the raw token in the cookie, the `bearer`
//! scheme refused in lower case.
//!
//! The register: the bundled fictional examples and `long.txt`, the examples over and over
//! (about 200 KB), served in process on loopback.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use chidao_server::AppState;
use chidao_store::Store;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

const TOKEN: &str = "hardening-token-0123456789";
const LONG: &str = "long.txt";

struct App {
    _dir: tempfile::TempDir,
    db: PathBuf,
    app: Router,
}

fn register() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let mut store = Store::open(&db).unwrap();
    for (id, bytes) in common::examples() {
        store.ingest_one(&id, &bytes).unwrap();
    }
    store.ingest_one(LONG, common::long_document(200_000).as_bytes()).unwrap();
    (dir, db)
}

/// On loopback (reads open), or beyond it (every request needs the token).
fn app(beyond_loopback: bool) -> App {
    let (dir, db) = register();
    let app = chidao_server::app(AppState::open(&db, TOKEN.into(), beyond_loopback).unwrap());
    App { _dir: dir, db, app }
}

struct Resp {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Resp {
    fn json(&self) -> Value {
        assert!(self.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"), "{} {}", self.status, self.body);
        serde_json::from_str(&self.body).unwrap()
    }
    fn html(&self) -> &str {
        assert!(self.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"), "{} {}", self.status, self.body);
        &self.body
    }
    fn cookie(&self) -> String {
        self.headers.get(header::SET_COOKIE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
    }
}

async fn send(app: &Router, req: Request<Body>) -> Resp {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    Resp { status, headers, body }
}

async fn get(app: &Router, path: &str) -> Resp {
    send(app, Request::get(path).header(header::HOST, "127.0.0.1:8080").body(Body::empty()).unwrap()).await
}

fn form_post(path: &str) -> axum::http::request::Builder {
    Request::post(path).header(header::HOST, "127.0.0.1:8080").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").header("sec-fetch-site", "same-origin")
}

/// Signs in with the token as the login form does; the cookie's `name=value`.
async fn sign_in(app: &Router, host: &str) -> (String, String) {
    let req = Request::post("/login")
        .header(header::HOST, host)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("token={TOKEN}&back=/tasks")))
        .unwrap();
    let r = send(app, req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let set = r.cookie();
    (set.split(';').next().unwrap().to_string(), set)
}

fn stored_text(db: &Path, id: &str) -> String {
    Store::open(db).unwrap().document_text(id).unwrap().unwrap()
}

/// The `data-s` of the document view's text box: where the part shown starts.
fn part_start(page: &str) -> usize {
    let at = page.find("id=\"doctext\"").or_else(|| page.find("class=\"doctext\"")).expect("the text box");
    let tag = &page[page[..at].rfind('<').unwrap()..];
    let tag = &tag[..tag.find('>').unwrap()];
    let s = tag.split("data-s=\"").nth(1).expect("the part's start (data-s)");
    s[..s.find('"').unwrap()].parse().unwrap()
}

// ---------------------------------------------------------------------------------------------
// 2. A long document is read in parts: bounded pages and API answers.

#[tokio::test]
async fn a_long_document_page_is_shown_in_parts() {
    let a = app(false);
    let text = stored_text(&a.db, LONG);
    let first = get(&a.app, "/doc/long.txt").await;
    assert_eq!(first.status, StatusCode::OK);
    let page = first.html();
    // The whole document's page weighed about 2.5 MB; a part weighs a small fraction.
    assert!(page.len() < 600_000, "one part of the document, not all of it: {} bytes", page.len());
    let n: usize = {
        let i = page.find("Phần 1/").expect("part 1 of n");
        page[i + "Phần 1/".len()..].split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap()
    };
    assert!(n >= 5, "{n} parts");
    assert!(page.contains("href=\"/doc/long.txt?part=2\""), "a link to the next part");
    assert_eq!(part_start(page), 0);
    // Every part: its start follows a line break of the text, parts in order, links both ways.
    let mut starts = vec![0];
    for k in 2..=n {
        let r = get(&a.app, &format!("/doc/long.txt?part={k}")).await;
        assert_eq!(r.status, StatusCode::OK, "part {k}");
        let page = r.html();
        assert!(page.contains(&format!("Phần {k}/{n}")), "part {k}");
        assert!(page.contains(&format!("href=\"/doc/long.txt?part={}\"", k - 1)), "part {k}: back");
        let s = part_start(page);
        assert!(s > *starts.last().unwrap() && text.as_bytes()[s - 1] == b'\n', "part {k} starts a paragraph at {s}");
        starts.push(s);
    }
    // A span to bring into view opens its part.
    let s = text.len() - 40;
    let s = (s..).find(|&i| text.is_char_boundary(i)).unwrap();
    let r = get(&a.app, &format!("/doc/long.txt?hl={s}-{}#hl", s + 5)).await;
    assert!(r.html().contains(&format!("Phần {n}/{n}")) && r.body.contains("id=\"hl\""), "the last part, the span marked");
    // Only one kind of fact, and the language.
    let r = get(&a.app, "/doc/long.txt?kind=task&lang=en").await;
    let page = r.html();
    assert!(page.contains(&format!("Part 1 of {n}")), "English");
    assert!(page.contains("details class=\"fact k-task"), "tasks listed");
    assert!(!page.contains("details class=\"fact k-person"), "only tasks");
    assert!(page.contains("href=\"/doc/long.txt?part=2&amp;kind=task\""), "the next part keeps the filter");
    // A part that does not exist, a bad number.
    assert_eq!(get(&a.app, &format!("/doc/long.txt?part={}", n + 1)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&a.app, "/doc/long.txt?part=0").await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&a.app, "/doc/long.txt?part=x").await.status, StatusCode::BAD_REQUEST);
    // A short document is one part: no pager.
    let r = get(&a.app, "/doc/kiem-tra-tinh-uy.txt").await;
    assert!(!r.html().contains("Phần 1/"), "one part");
}

#[tokio::test]
async fn the_api_reads_a_long_document_in_capped_answers() {
    let a = app(false);
    let text = stored_text(&a.db, LONG);
    let whole = Store::open(&a.db).unwrap().document(LONG).unwrap().unwrap();
    let mut url = format!("/api/v1/documents/{LONG}");
    let (mut got, mut facts, mut answers) = (String::new(), Vec::new(), 0);
    loop {
        let r = get(&a.app, &url).await;
        assert_eq!(r.status, StatusCode::OK, "{url}: {}", r.body);
        assert!(r.body.len() < 1_000_000, "{url}: {} bytes", r.body.len());
        let v = r.json();
        assert_eq!(v["length"], text.len());
        let (s, e) = (v["range"][0].as_u64().unwrap() as usize, v["range"][1].as_u64().unwrap() as usize);
        assert!(e - s <= 65_536, "{url}: at most 64 KiB of text");
        assert!(v["facts"].as_array().unwrap().len() <= 1000);
        if s == got.len() {
            got.push_str(v["text"].as_str().unwrap());
        }
        for f in v["facts"].as_array().unwrap() {
            let span = (f["span"][0].as_u64().unwrap() as usize, f["span"][1].as_u64().unwrap() as usize);
            assert!(span.0 >= s && span.0 < e, "a fact starting in the range");
            facts.push((f["kind"].as_str().unwrap().to_string(), span));
        }
        answers += 1;
        match v["next"].as_str() {
            Some(n) => url = n.to_string(),
            None => break,
        }
    }
    assert!(answers >= 4, "{answers} answers");
    assert_eq!(got, text, "the ranges, end to end, are the text");
    let want: Vec<(String, (usize, usize))> = whole.facts.iter().map(|f| (f.kind.clone(), f.span)).collect();
    assert_eq!(facts.len(), want.len(), "each fact once");
    assert_eq!(facts.iter().collect::<BTreeSet<_>>(), want.iter().collect::<BTreeSet<_>>());
    // Pages of facts of one kind; a range's bounds.
    let v = get(&a.app, &format!("/api/v1/documents/{LONG}?kind=task&limit=5")).await.json();
    assert_eq!(v["facts"].as_array().unwrap().len(), 5);
    assert!(v["facts"].as_array().unwrap().iter().all(|f| f["kind"] == "task"));
    assert!(v["facts_total"].as_u64().unwrap() > 5);
    assert!(v["next"].as_str().unwrap().contains("offset=5"), "{}", v["next"]);
    let inside = text.char_indices().find(|(_, c)| c.len_utf8() > 1).unwrap().0 + 1;
    for bad in [format!("start={inside}"), format!("start={}", text.len() + 1), "start=10&end=5".into(), "kind=weather".into()] {
        let r = get(&a.app, &format!("/api/v1/documents/{LONG}?{bad}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
    }
    let v = get(&a.app, &format!("/api/v1/documents/{LONG}?start={}", text.len())).await.json();
    assert_eq!((v["text"].as_str().unwrap(), &v["next"]), ("", &Value::Null), "the end");
}

// ---------------------------------------------------------------------------------------------
// 7. DNS rebinding: on loopback, only loopback names.

#[tokio::test]
async fn requests_for_another_host_are_refused_on_loopback() {
    let a = app(false);
    let with_host = |path: &str, host: &str| Request::get(path).header(header::HOST, host).body(Body::empty()).unwrap();
    for host in ["evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost.evil.example", "0.0.0.0:8080", "192.168.1.20:8080"] {
        let r = send(&a.app, with_host("/api/v1/stats", host)).await;
        assert_eq!(r.status, StatusCode::MISDIRECTED_REQUEST, "{host}: {}", r.body);
        let m = r.json()["error"]["message"].as_str().unwrap().to_string();
        assert!(m.contains("localhost") && m.contains(host.split(':').next().unwrap()), "{m}");
        let r = send(&a.app, with_host("/doc/kiem-tra-tinh-uy.txt", host)).await;
        assert_eq!(r.status, StatusCode::MISDIRECTED_REQUEST, "{host}");
        assert!(r.html().contains("<html lang=\"vi\">") && r.body.contains("Sai tên máy chủ"), "a page, in Vietnamese");
        assert!(!r.body.contains("Kiểm tra"), "nothing of the register");
    }
    for host in ["localhost:8080", "LOCALHOST", "127.0.0.1", "127.0.0.1:8080", "[::1]:8080", "chidao.localhost:8080"] {
        let r = send(&a.app, with_host("/api/v1/stats", host)).await;
        assert_eq!(r.status, StatusCode::OK, "{host}: {}", r.body);
    }
    // Beyond loopback every request needs the token: no name is needed to keep others out.
    let b = app(true);
    let req = Request::get("/api/v1/stats").header(header::HOST, "chidao.example").header(header::AUTHORIZATION, format!("Bearer {TOKEN}")).body(Body::empty()).unwrap();
    assert_eq!(send(&b.app, req).await.status, StatusCode::OK);
}

// ---------------------------------------------------------------------------------------------
// 11. The right error, in the right form.

#[tokio::test]
async fn unauthenticated_form_posts_get_the_error_page() {
    let a = app(false);
    for (path, body) in [
        ("/tasks/abcd/status", "status=done"),
        ("/corrections", "doc=long.txt&kind=task&action=reject&start=0&end=5"),
        ("/corrections/1/withdraw", "back=/"),
        ("/upload", "text=x"),
    ] {
        for (lang, title) in [("", "Cần đăng nhập"), ("?lang=en", "Sign-in needed")] {
            let r = send(&a.app, form_post(&format!("{path}{lang}")).body(Body::from(body)).unwrap()).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}{lang}: {}", r.body);
            assert!(r.html().contains(title) && r.body.contains("href=\"/login\""), "{path}{lang}: the error page");
        }
    }
}

#[tokio::test]
async fn bodies_past_the_limit_answer_413() {
    let a = app(false);
    let big = "x".repeat(300 * 1024);
    // The API: JSON naming the size and the limit.
    let body = format!("{{\"status\": \"done\", \"note\": \"{big}\"}}");
    let size = format!("{},{:03} bytes", body.len() / 1000, body.len() % 1000);
    let req = Request::post("/api/v1/tasks/abcd/status")
        .header(header::HOST, "127.0.0.1")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    let r = send(&a.app, req).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    let m = r.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(m.contains(&size) && m.contains("262,144 bytes"), "{m}");
    // A page: the error page, in its language.
    let (cookie, _) = sign_in(&a.app, "127.0.0.1").await;
    for (lang, words) in [("", "262.144 byte"), ("?lang=en", "262,144 bytes")] {
        let req = form_post(&format!("/corrections{lang}")).header(header::COOKIE, &cookie).body(Body::from(format!("doc=long.txt&note={big}"))).unwrap();
        let r = send(&a.app, req).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
        assert!(r.html().contains(words), "{lang}: {}", r.body);
    }
}

// ---------------------------------------------------------------------------------------------
// 12. Hardening: nosniff, the session cookie, the bearer scheme.

#[tokio::test]
async fn every_answer_says_nosniff() {
    let a = app(false);
    for path in [
        "/api/v1/stats",
        "/api/openapi.json",
        "/api/v1/nope",
        "/assets/app.js",
        "/assets/app.css",
        "/assets/nope.txt",
        "/tasks.csv",
        "/",
        "/nope",
        "/lang?to=en",
        &format!("/login?token={TOKEN}"),
    ] {
        let r = get(&a.app, path).await;
        assert_eq!(r.headers.get(header::X_CONTENT_TYPE_OPTIONS).map(|v| v.to_str().unwrap()), Some("nosniff"), "{path}: {}", r.status);
    }
    let r = send(&a.app, Request::get("/").header(header::HOST, "evil.example").body(Body::empty()).unwrap()).await;
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "a refusal too");
}

#[tokio::test]
async fn the_session_cookie_is_not_the_token_and_sign_out_revokes_it() {
    let a = app(false);
    let (cookie, set) = sign_in(&a.app, "127.0.0.1:8080").await;
    assert!(!set.contains(TOKEN), "the token is not in the cookie: {set}");
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && !set.contains("Secure"), "{set}");
    let change = |cookie: &str| form_post("/tasks/user-999/status").header(header::COOKIE, cookie).body(Body::from("status=done")).unwrap();
    // The session signs the change in (the task does not exist: 404, not 401).
    assert_eq!(send(&a.app, change(&cookie)).await.status, StatusCode::NOT_FOUND);
    for raw in [format!("chidao_session={TOKEN}"), format!("chidao_token={TOKEN}")] {
        assert_eq!(send(&a.app, change(&raw)).await.status, StatusCode::UNAUTHORIZED, "{raw}: the raw token is no session");
    }
    // Sign-out revokes the session: the same cookie, sent again, signs nothing in.
    let out = send(&a.app, form_post("/logout").header(header::COOKIE, &cookie).body(Body::empty()).unwrap()).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out.cookie().contains("Max-Age=0"));
    assert_eq!(send(&a.app, change(&cookie)).await.status, StatusCode::UNAUTHORIZED, "revoked");
    // Beyond loopback the cookie is Secure.
    let b = app(true);
    let (_, set) = sign_in(&b.app, "chidao.example").await;
    assert!(set.contains("; Secure"), "{set}");
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let a = app(false);
    for scheme in ["Bearer", "bearer", "BEARER", "BeArEr"] {
        let req = Request::post("/api/v1/corrections")
            .header(header::HOST, "127.0.0.1")
            .header(header::AUTHORIZATION, format!("{scheme} {TOKEN}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"doc": "nope.txt", "kind": "task", "span": [0, 5], "action": "reject"}"#))
            .unwrap();
        let r = send(&a.app, req).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{scheme}: signed in (the document does not exist): {}", r.body);
    }
}
