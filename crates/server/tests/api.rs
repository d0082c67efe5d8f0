//! The JSON API against its description: every answer of every test — successes and errors — is
//! validated against the schema that the served OpenAPI document (`GET /api/openapi.json`) gives
//! for that operation and status code, so an undocumented status (a 500 above all) or a field
//! that drifted from the description fails the test. Bad input of every sort must give a 4xx
//! with the JSON error shape. Writes need the token; corrections survive re-ingest and
//! re-extraction.
//!
//! The register is built in a temp dir from the bundled fictional examples (`examples/`).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use chidao_server::AppState;
use chidao_store::Store;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use common::examples as example_files;
use tower::ServiceExt;

const TOKEN: &str = "test-token-0123456789abcdef";
const HOST: &str = "chidao.test";
const KT: &str = "kiem-tra-tinh-uy.txt";

// ---------------------------------------------------------------------------------------------
// Fixture

/// How the test server is served: on loopback or beyond, reached by the name [`HOST`] (a
/// public name, as behind a reverse proxy).
fn options(reads_need_token: bool) -> chidao_server::Options {
    chidao_server::Options { reads_need_token, public_hosts: vec![HOST.into()], ..chidao_server::Options::new(TOKEN.into()) }
}

/// A register of the bundled examples, ingested as `chidao ingest` does.
fn build_register(dir: &Path) -> PathBuf {
    let db = dir.join("register.db");
    let mut store = Store::open(&db).unwrap();
    for (id, bytes) in example_files() {
        let (out, _) = store.ingest_one(&id, &bytes).unwrap();
        assert!(!out.unchanged && !out.updated, "{id}: ingested once");
    }
    db
}

/// How a request proves (or fails to prove) it holds the token.
#[derive(Debug, Clone, Copy)]
enum Auth<'a> {
    None,
    Bearer(&'a str),
    Cookie { token: &'a str, origin: Option<&'a str>, site: Option<&'a str> },
}

const BEARER: Auth<'static> = Auth::Bearer(TOKEN);
const SAME_ORIGIN_COOKIE: Auth<'static> = Auth::Cookie { token: TOKEN, origin: Some("http://chidao.test"), site: Some("same-origin") };

struct Api {
    _dir: tempfile::TempDir,
    db: PathBuf,
    app: Router,
    spec: Value,
    /// The session `/login` gave for the token (what a signed-in browser's cookie holds).
    session: String,
}

struct Resp {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Resp {
    fn ok(&self) -> &Value {
        assert!(self.status.is_success(), "expected a success, got {} {}", self.status, self.body);
        &self.body
    }
    fn arr(&self) -> &Vec<Value> {
        self.ok().as_array().unwrap_or_else(|| panic!("not an array: {}", self.body))
    }
    fn error(&self, status: u16) -> &str {
        assert_eq!(self.status.as_u16(), status, "{}", self.body);
        error_message(&self.body, status)
    }
}

/// The JSON error shape, exactly: `{"error": {"status": N, "message": "…"}}`.
fn error_message(body: &Value, status: u16) -> &str {
    let o = body.as_object().unwrap_or_else(|| panic!("error body not an object: {body}"));
    assert_eq!(o.len(), 1, "{body}");
    let e = o["error"].as_object().unwrap_or_else(|| panic!("no error object: {body}"));
    assert_eq!(e.len(), 2, "{body}");
    assert_eq!(e["status"], json!(status), "{body}");
    let m = e["message"].as_str().unwrap_or_else(|| panic!("no message: {body}"));
    assert!(!m.is_empty());
    m
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Api {
    async fn new() -> Api {
        Api::with(false).await
    }

    async fn with(reads_need_token: bool) -> Api {
        let dir = tempfile::tempdir().unwrap();
        let db = build_register(dir.path());
        let app = chidao_server::app(AppState::open_with(&db, options(reads_need_token)).unwrap());
        let mut api = Api { _dir: dir, db, app, spec: Value::Null, session: String::new() };
        let r = api.raw("POST", "/login", Auth::None, Some(format!("token={TOKEN}")), &[("content-type", "application/x-www-form-urlencoded")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "signed in");
        let set = r.headers[header::SET_COOKIE].to_str().unwrap();
        api.session = set.strip_prefix("chidao_session=").and_then(|c| c.split(';').next()).unwrap_or_else(|| panic!("{set}")).to_string();
        let r = api.raw("GET", "/api/openapi.json", BEARER, None, &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.headers.get(header::CONTENT_TYPE).unwrap(), "application/json");
        api.spec = r.body;
        assert_eq!(api.spec["openapi"], "3.1.0");
        api
    }

    /// A fresh app over the same register (as after a restart: sessions are gone, the token
    /// is kept; signed in again).
    async fn restart(&mut self) {
        self.app = chidao_server::app(AppState::open_with(&self.db, options(false)).unwrap());
        let r = self.raw("POST", "/login", Auth::None, Some(format!("token={TOKEN}")), &[("content-type", "application/x-www-form-urlencoded")]).await;
        let set = r.headers[header::SET_COOKIE].to_str().unwrap().to_string();
        self.session = set["chidao_session=".len()..set.find(';').unwrap()].to_string();
    }

    /// Sends a request; the body, when given, is sent as JSON unless `extra` sets a content type.
    async fn raw(&self, method: &str, uri: &str, auth: Auth<'_>, body: Option<String>, extra: &[(&str, &str)]) -> Resp {
        let mut b = Request::builder().method(method).uri(uri);
        if !extra.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            b = b.header(header::HOST, HOST);
        }
        match auth {
            Auth::None => {}
            Auth::Bearer(t) => b = b.header(header::AUTHORIZATION, format!("Bearer {t}")),
            Auth::Cookie { token, origin, site } => {
                // The token's own session, as a signed-in browser holds it; anything else as given.
                let session = if token == TOKEN { self.session.as_str() } else { token };
                b = b.header(header::COOKIE, format!("lang=vi; chidao_session={session}"));
                if let Some(o) = origin {
                    b = b.header(header::ORIGIN, o);
                }
                if let Some(s) = site {
                    b = b.header("sec-fetch-site", s);
                }
            }
        }
        if body.is_some() && !extra.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
            b = b.header(header::CONTENT_TYPE, "application/json");
        }
        for (k, v) in extra {
            b = b.header(*k, *v);
        }
        let req = b.body(body.map_or_else(Body::empty, Body::from)).unwrap();
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else if headers.get(header::CONTENT_TYPE).is_some_and(|c| c.to_str().unwrap().starts_with("application/json")) {
            serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{method} {uri}: not JSON ({e}): {}", String::from_utf8_lossy(&bytes)))
        } else {
            Value::String(String::from_utf8_lossy(&bytes).into_owned())
        };
        Resp { status, headers, body }
    }

    /// Calls the API and checks the answer against the description of the operation.
    async fn call(&self, method: &str, uri: &str, auth: Auth<'_>, body: Option<Value>) -> Resp {
        self.call_raw(method, uri, auth, body.map(|b| b.to_string()), &[]).await
    }

    async fn call_raw(&self, method: &str, uri: &str, auth: Auth<'_>, body: Option<String>, extra: &[(&str, &str)]) -> Resp {
        let r = self.raw(method, uri, auth, body, extra).await;
        self.check(method, uri, &r);
        r
    }

    async fn get(&self, uri: &str) -> Resp {
        self.call("GET", uri, Auth::None, None).await
    }

    async fn post(&self, uri: &str, body: Value) -> Resp {
        self.call("POST", uri, BEARER, Some(body)).await
    }

    /// The operation of the spec a request path falls under: (path template, operation).
    fn operation(&self, method: &str, path: &str) -> Option<(String, &Value)> {
        let path = path.strip_prefix("/api/v1")?;
        let segs: Vec<&str> = path.split('/').collect();
        for (tpl, item) in self.spec["paths"].as_object().unwrap() {
            let t: Vec<&str> = tpl.split('/').collect();
            if t.len() == segs.len() && t.iter().zip(&segs).all(|(a, b)| a == b || (a.starts_with('{') && !b.is_empty())) {
                return item.get(method.to_ascii_lowercase()).map(|op| (tpl.clone(), op));
            }
        }
        None
    }

    fn resolve<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let ptr = r.strip_prefix('#').expect("local $ref");
                self.spec.pointer(ptr).unwrap_or_else(|| panic!("{r}: dangling $ref"))
            }
            None => v,
        }
    }

    /// Validates `instance` against `schema` (which may `$ref` the spec's components).
    fn validate(&self, schema: &Value, instance: &Value) -> Result<(), String> {
        let root = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": self.spec["components"],
            "allOf": [schema],
        });
        let v = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&root)
            .map_err(|e| format!("schema does not compile: {e}"))?;
        let errors: Vec<String> = v.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        if errors.is_empty() { Ok(()) } else { Err(errors.join("\n")) }
    }

    fn schema(&self, name: &str) -> Value {
        json!({ "$ref": format!("#/components/schemas/{name}") })
    }

    /// Every answer: JSON, never a 5xx; under a described operation its status must be described
    /// and its body must match the described schema; elsewhere (unknown routes) a JSON error.
    fn check(&self, method: &str, uri: &str, r: &Resp) {
        assert!(!r.status.is_server_error(), "{method} {uri}: {} {}", r.status, r.body);
        let ct = r.headers.get(header::CONTENT_TYPE).map(|c| c.to_str().unwrap().to_string()).unwrap_or_default();
        assert!(ct.starts_with("application/json"), "{method} {uri}: {} with content type {ct:?}: {}", r.status, r.body);
        let path = uri.split('?').next().unwrap();
        let Some((tpl, op)) = self.operation(method, path) else {
            if !r.status.is_success() {
                error_message(&r.body, r.status.as_u16());
            }
            return;
        };
        let resp = op["responses"]
            .get(r.status.as_str())
            .unwrap_or_else(|| panic!("{method} {uri}: status {} is not described for {method} {tpl}: {}", r.status, r.body));
        let schema = &self.resolve(resp)["content"]["application/json"]["schema"];
        assert!(schema.is_object(), "{method} {tpl} {}: no schema", r.status);
        if let Err(e) = self.validate(schema, &r.body) {
            panic!("{method} {uri} → {}: the answer does not match the description of {method} {tpl}:\n{e}\nbody: {}", r.status, r.body);
        }
        if !r.status.is_success() {
            error_message(&r.body, r.status.as_u16());
        }
    }

    async fn doc(&self, id: &str) -> Value {
        self.get(&format!("/api/v1/documents/{}", enc(id))).await.ok().clone()
    }

    async fn tasks_of(&self, doc: &str) -> Vec<Value> {
        self.get(&format!("/api/v1/tasks?doc={}", enc(doc))).await.arr().clone()
    }

    /// A fact of a document: the first of this kind satisfying `f`.
    async fn fact(&self, doc: &str, kind: &str, f: impl Fn(&Value) -> bool) -> Value {
        let d = self.doc(doc).await;
        d["facts"].as_array().unwrap().iter().find(|x| x["kind"] == kind && f(x)).cloned().unwrap_or_else(|| panic!("{doc}: no such {kind}"))
    }
}

fn span(v: &Value) -> (usize, usize) {
    (v["span"][0].as_u64().unwrap() as usize, v["span"][1].as_u64().unwrap() as usize)
}

// ---------------------------------------------------------------------------------------------
// The description itself

fn walk<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(o) => {
            out.push((at.clone(), v));
            for (k, x) in o {
                walk(x, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn the_description_is_served_whole_and_strict() {
    let api = Api::new().await;
    let spec = &api.spec;
    assert_eq!(spec, &serde_json::from_str::<Value>(chidao_server::OPENAPI).unwrap());
    assert_eq!(spec["servers"][0]["url"], "/api/v1");
    let mut all = Vec::new();
    walk(spec, String::new(), &mut all);
    for (at, v) in &all {
        // Every $ref resolves.
        if let Some(r) = v.get("$ref").and_then(Value::as_str) {
            assert!(spec.pointer(r.strip_prefix('#').unwrap()).is_some(), "{at}: dangling {r}");
        }
        // Every object schema is closed and names what it always has.
        if v.get("properties").is_some_and(Value::is_object) && !at.contains("/properties/properties") {
            assert_eq!(v["additionalProperties"], json!(false), "{at}: additionalProperties: false");
            let props = v["properties"].as_object().unwrap();
            for r in v["required"].as_array().unwrap_or_else(|| panic!("{at}: no required")) {
                assert!(props.contains_key(r.as_str().unwrap()), "{at}: required {r} is not a property");
            }
        }
    }
    // Every component schema compiles.
    for name in spec["components"]["schemas"].as_object().unwrap().keys() {
        if let Err(e) = api.validate(&api.schema(name), &Value::Null) {
            assert!(!e.contains("does not compile"), "{name}: {e}");
        }
    }
    // Every operation: 400 and 401 described with the Error schema; writes need a token and
    // describe 403.
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let rs = &op["responses"];
            for code in ["400", "401"] {
                let r = api.resolve(&rs[code]);
                assert_eq!(r["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/Error", "{method} {path} {code}");
            }
            assert!(rs.as_object().unwrap().keys().any(|k| k.starts_with('2')), "{method} {path}: no success");
            if method != "get" {
                assert_eq!(op["security"], json!([{ "bearer": [] }, { "cookie": [] }]), "{method} {path}");
                assert!(rs.get("403").is_some(), "{method} {path}: 403");
            }
            if path.contains('{') {
                assert!(rs.get("404").is_some(), "{method} {path}: 404");
            }
        }
    }
    assert_eq!(spec["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
}

#[tokio::test]
async fn schemas_reject_drift() {
    // The schemas are tight enough to catch a field that drifts.
    let api = Api::new().await;
    let stats = api.get("/api/v1/stats").await.ok().clone();
    let s = api.schema("Stats");
    assert!(api.validate(&s, &stats).is_ok());
    let mut extra = stats.clone();
    extra["new_field"] = json!(1);
    assert!(api.validate(&s, &extra).is_err(), "an unknown field");
    let mut missing = stats.clone();
    missing.as_object_mut().unwrap().remove("as_of");
    assert!(api.validate(&s, &missing).is_err(), "a missing field");
    let mut bad_state = stats.clone();
    bad_state["task_states"][0][0] = json!("finished");
    assert!(api.validate(&s, &bad_state).is_err(), "a state outside the enum");
    let task = api.get("/api/v1/tasks?limit=1").await.arr()[0].clone();
    let t = api.schema("TaskRow");
    assert!(api.validate(&t, &task).is_ok());
    let mut three = task.clone();
    three["span"] = json!([1, 2, 3]);
    assert!(api.validate(&t, &three).is_err(), "a span of three");
    let mut nullspan = task.clone();
    nullspan["span"] = Value::Null;
    assert!(api.validate(&t, &nullspan).is_err(), "a task's span is never null");
    let mut row = task.clone();
    row["row"] = json!(5);
    assert!(api.validate(&t, &row).is_err(), "serde(skip) fields are not emitted");
    let ev = api.get("/api/v1/events?limit=1").await.arr()[0].clone();
    let e = api.schema("EventRow");
    assert!(api.validate(&e, &ev).is_ok());
    let mut chair = ev.clone();
    chair["chair"] = json!({"id": 1, "name": "x"});
    assert!(api.validate(&e, &chair).is_err(), "chair is a pair");
    chair["chair"] = json!(["1", "x"]);
    assert!(api.validate(&e, &chair).is_err(), "chair is [integer, string]");
}

// ---------------------------------------------------------------------------------------------
// Every operation, once, successfully

#[tokio::test]
async fn every_operation_in_the_description_is_exercised() {
    let api = Api::new().await;
    let task = api.tasks_of(KT).await[0]["id"].as_str().unwrap().to_string();
    let person = api.get("/api/v1/search?facets=true").await.ok()["facets"]["people"][0]["id"].as_i64().unwrap();
    let directive = api.get("/api/v1/directives?code=12-CT%2FTU").await.arr()[0]["id"].as_i64().unwrap();
    let fact = api.fact(KT, "task", |_| true).await;
    let (s, e) = span(&fact);
    let correction = api.post("/api/v1/corrections", json!({"doc": KT, "kind": "task", "span": [s, e], "action": "reject"})).await;
    assert_eq!(correction.status, StatusCode::CREATED);
    let cid = correction.body["id"].as_i64().unwrap();
    // A plan cited by two documents, split apart: the merge below joins them again, the split
    // after it parts them once more.
    let plan = api.get("/api/v1/directives?code=27-KH%2FTU").await.arr()[0]["id"].as_i64().unwrap();
    let split = api.post(&format!("/api/v1/directives/{plan}/split"), json!({"doc": "so-ket-ke-hoach-27.txt"})).await;
    let other = split.ok()["directive"].as_i64().unwrap();
    assert_ne!(other, plan);

    // (method, path template, a request that must succeed, its body)
    let table: Vec<(&str, &str, String, Option<Value>)> = vec![
        ("get", "/search", "/api/v1/search?q=c%C3%B4ng+an&facets=true".into(), None),
        ("get", "/documents", "/api/v1/documents".into(), None),
        ("post", "/documents", "/api/v1/documents".into(), Some(json!({"id": "moi.txt", "text": "Sáng 3/4/2024, Huyện ủy Sơn Bình tổ chức hội nghị."}))),
        ("get", "/documents/{id}", format!("/api/v1/documents/{KT}"), None),
        ("get", "/people", "/api/v1/people?name=L%C3%AA+V%C4%83n+T%C3%A2m".into(), None),
        ("get", "/people/{id}", format!("/api/v1/people/{person}"), None),
        ("get", "/directives", "/api/v1/directives?code=12-CT%2FTU".into(), None),
        ("get", "/directives/{id}", format!("/api/v1/directives/{directive}"), None),
        ("get", "/directives/{id}/tree", format!("/api/v1/directives/{directive}/tree?as_of=2024-06-30"), None),
        ("post", "/directives/{id}/merge", format!("/api/v1/directives/{other}/merge"), Some(json!({"into": plan, "note": "cùng một kế hoạch"}))),
        ("post", "/directives/{id}/split", format!("/api/v1/directives/{plan}/split"), Some(json!({"doc": "so-ket-ke-hoach-27.txt"}))),
        ("get", "/tasks", "/api/v1/tasks".into(), None),
        ("post", "/tasks/{id}/status", format!("/api/v1/tasks/{task}/status"), Some(json!({"status": "in_progress", "note": "đang làm"}))),
        ("post", "/tasks/status", "/api/v1/tasks/status".into(), Some(json!({"ids": [task], "status": "done", "completed_on": "2024-07-01", "note": "cả loạt"}))),
        ("get", "/tasks/{id}/log", format!("/api/v1/tasks/{task}/log"), None),
        ("get", "/events", "/api/v1/events".into(), None),
        ("get", "/corrections", "/api/v1/corrections".into(), None),
        ("post", "/corrections", "/api/v1/corrections".into(), Some(json!({"doc": KT, "kind": "task", "span": [s, e], "action": "edit", "field": "deadline", "value": "31/7/2024"}))),
        ("delete", "/corrections/{id}", format!("/api/v1/corrections/{cid}"), None),
        ("get", "/stats", "/api/v1/stats".into(), None),
        ("get", "/lists/directives", "/api/v1/lists/directives?q=ke+hoach&sort=date&order=asc".into(), None),
        ("get", "/lists/people", "/api/v1/lists/people?q=tam&sort=name".into(), None),
        ("get", "/dashboard", "/api/v1/dashboard?directive=27-KH%2FTU".into(), None),
    ];
    let described: BTreeSet<(String, String)> = api.spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(p, item)| item.as_object().unwrap().keys().map(move |m| (m.clone(), p.clone())))
        .collect();
    let exercised: BTreeSet<(String, String)> = table.iter().map(|(m, p, _, _)| (m.to_string(), p.to_string())).collect();
    assert_eq!(described, exercised, "the description and the tests must cover the same operations");
    for (method, tpl, uri, body) in table {
        let auth = if method == "get" { Auth::None } else { BEARER };
        let r = api.call(&method.to_ascii_uppercase(), &uri, auth, body).await;
        assert!(r.status.is_success(), "{method} {uri}: {} {}", r.status, r.body);
        assert_eq!(api.operation(&method.to_ascii_uppercase(), uri.split('?').next().unwrap()).unwrap().0, tpl);
        // Not empty: the fixture has something for each.
        if let Some(a) = r.body.as_array() {
            assert!(!a.is_empty(), "{method} {uri}: empty");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Successes, per endpoint

#[tokio::test]
async fn search_with_facets_and_filters() {
    let api = Api::new().await;
    let r = api.get("/api/v1/search?q=c%C3%B4ng+an&facets=true").await;
    let hits = r.ok()["hits"].as_array().unwrap();
    assert!(hits.len() >= 2);
    assert!(hits.iter().all(|h| h["kind"] == "document"));
    let f = &r.body["facets"];
    assert!(f["documents"].as_u64().unwrap() >= 2);
    assert_eq!(f["years"][0]["value"], "2024");
    assert!(f["years"][0]["id"].is_null());
    assert!(f["people"].as_array().unwrap().iter().all(|p| p["id"].is_i64()));
    // Diacritics optional; phrases; filters.
    assert!(!api.get("/api/v1/search?q=cong+an").await.ok()["hits"].as_array().unwrap().is_empty());
    assert!(!api.get("/api/v1/search?q=%22Tr%E1%BB%8Bnh+Qu%E1%BB%91c+V%C6%B0%E1%BB%A3ng%22").await.ok()["hits"].as_array().unwrap().is_empty());
    let r = api.get("/api/v1/search?q=hoi+nghi&from=2024-06&to=2024-12&limit=1").await;
    assert_eq!(r.ok()["hits"].as_array().unwrap().len(), 1);
    assert!(r.body["facets"].is_null());
    let r = api.get("/api/v1/search?directive=12-CT%2FTU").await;
    assert_eq!(r.ok()["hits"][0]["doc"], KT);
    let r = api.get("/api/v1/search?org=C%C3%B4ng+an+t%E1%BB%89nh&person=L%C3%AA+V%C4%83n+T%C3%A2m").await;
    assert!(r.ok()["hits"].as_array().unwrap().iter().any(|h| h["doc"] == KT));
    // Facts of a kind: their spans; facets are for documents only (null with a kind).
    for kind in ["person", "task", "directive", "event", "org", "figure", "document"] {
        let r = api.get(&format!("/api/v1/search?kind={kind}&facets=true")).await;
        let hits = r.ok()["hits"].as_array().unwrap();
        assert!(!hits.is_empty(), "{kind}");
        assert!(hits.iter().all(|h| h["kind"] == kind), "{kind}");
        if kind != "document" {
            assert!(r.body["facets"].is_null());
            assert!(hits.iter().all(|h| h["span"].is_array()));
        }
    }
    // lang is accepted (a page's URL works on the API).
    api.get("/api/v1/search?q=tinh+uy&lang=en").await.ok();
}

/// An upload may say what the text does not: its date, publication date, source and address
/// (issue 10); a date that is none is refused naming the field.
#[tokio::test]
async fn an_upload_carries_what_its_text_does_not_say() {
    let api = Api::new().await;
    let body = json!({"id": "khong-ngay.txt", "text": "Đảng ủy xã Tân Lộc họp bàn công tác cán bộ và giao Văn phòng chuẩn bị đề án.",
        "date": "14/5/2024", "published": "2024-05-15", "source": "Báo Hòa Lạc", "url": "https://bao.example/tan-loc"});
    let r = api.post("/api/v1/documents", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let d = api.doc("khong-ngay.txt").await;
    assert_eq!(d["date"], "2024-05-14", "{d}");
    assert_eq!(d["source"], "Báo Hòa Lạc");
    let bad = api.post("/api/v1/documents", json!({"id": "sai-ngay.txt", "text": "Huyện ủy Tân Lộc họp.", "date": "hôm qua"})).await;
    assert!(bad.error(400).contains("\"date\""), "{}", bad.body);
}

#[tokio::test]
async fn documents_list_view_and_upload() {
    let api = Api::new().await;
    let all = api.get("/api/v1/documents").await.arr().clone();
    assert_eq!(all.len(), example_files().len());
    let page = api.get("/api/v1/documents?offset=1&limit=2").await.arr().clone();
    assert_eq!(page, all[1..3].to_vec());
    assert!(api.get("/api/v1/documents?offset=1000000000").await.arr().is_empty());
    for d in &all {
        let v = api.doc(d["id"].as_str().unwrap()).await;
        let text = v["text"].as_str().unwrap();
        for f in v["facts"].as_array().unwrap() {
            let (s, e) = span(f);
            assert_eq!(&text[s..e], f["quote"].as_str().unwrap());
        }
    }
    let kt = api.doc(KT).await;
    assert_eq!(kt["author"], "Minh Khang");
    let kinds: BTreeSet<&str> = kt["facts"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect();
    for k in ["person", "role", "org", "directive", "event", "task", "figure"] {
        assert!(kinds.contains(k), "{k}");
    }
    // Upload: new (201), the same again (200 unchanged), changed (200 updated), default id.
    let text = "Chiều 3/4/2024, Đảng ủy Công an huyện Sơn Bình tổ chức hội nghị. Đồng chí Hoàng Văn Định yêu cầu Đội Cảnh sát giao thông hoàn thành kế hoạch trước ngày 30/4/2024.";
    let r = api.post("/api/v1/documents", json!({"id": "son-binh.txt", "text": text})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.body["outcome"], "new");
    assert!(r.body["facts"].as_u64().unwrap() > 0);
    let r = api.post("/api/v1/documents", json!({"id": "son-binh.txt", "text": text})).await;
    assert_eq!((r.status, &r.body["outcome"]), (StatusCode::OK, &json!("unchanged")));
    // Other text under a stored id: refused unless the client says to replace.
    let changed = format!("{text}\n\nBáo Hòa Lạc");
    let r = api.post("/api/v1/documents", json!({"id": "son-binh.txt", "text": changed})).await;
    assert!(r.error(409).contains("replace"));
    assert_eq!(api.doc("son-binh.txt").await["text"].as_str().unwrap().trim_end(), text, "the stored text is untouched");
    let r = api.post("/api/v1/documents", json!({"id": "son-binh.txt", "text": changed, "replace": true})).await;
    assert_eq!((r.status, &r.body["outcome"]), (StatusCode::OK, &json!("updated")));
    let r = api.post("/api/v1/documents", json!({"id": null, "text": "Sáng 5/4, UBND huyện Sơn Bình họp."})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let id = r.body["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("upload-"));
    assert_eq!(api.doc(&id).await["id"], json!(id));
    // HTML is turned into text; a UTF-8 BOM is dropped.
    let r = api.post("/api/v1/documents", json!({"id": "trang.html", "text": "<html><body><h1>Tỉnh ủy Hòa Lạc</h1><p>Sáng 6/4, Tỉnh ủy Hòa Lạc họp.</p></body></html>"})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert!(!api.doc("trang.html").await["text"].as_str().unwrap().contains("<p>"));
    assert_eq!(api.get("/api/v1/documents").await.arr().len(), example_files().len() + 3);
    // Near-copy.
    let kt_text = kt["text"].as_str().unwrap().to_string();
    let r = api.post("/api/v1/documents", json!({"id": "zz-ban-sao.txt", "text": format!("{kt_text}\nNguồn: Báo Hòa Lạc")})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.body["duplicate_of"], KT);
    // Of two copies of one date, the original is the one of the smaller id, whatever came first
    // (the register does not depend on the order of ingest).
    let r = api.post("/api/v1/documents", json!({"id": "a-ban-sao.txt", "text": format!("{kt_text}\nNguồn: Báo Sơn Bình")})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.body["duplicate_of"], json!(null));
    assert_eq!(api.doc(KT).await["duplicate_of"], json!("a-ban-sao.txt"));
}

#[tokio::test]
async fn people_and_directives() {
    let api = Api::new().await;
    let people = api.get("/api/v1/people?name=L%C3%AA+V%C4%83n+T%C3%A2m").await.arr().clone();
    assert_eq!(people.len(), 1);
    let p = &people[0];
    assert_eq!(p["rank"], "Đại tá");
    assert!(p["roles"].as_array().unwrap().iter().any(|r| r["role"] == "Giám đốc Công an tỉnh"));
    assert!(p["rules"].as_array().unwrap().iter().all(|r| r[0].is_string() && r[1].is_u64()));
    let id = p["id"].as_i64().unwrap();
    assert_eq!(&api.get(&format!("/api/v1/people/{id}")).await.ok().clone(), p);
    assert!(api.get("/api/v1/people?name=Kh%C3%B4ng+C%C3%B3+Ai").await.arr().is_empty());
    let ds = api.get("/api/v1/directives?code=12-CT%2FTU").await.arr().clone();
    assert_eq!(ds.len(), 1);
    assert_eq!(ds[0]["code"], "12-CT/TU");
    assert_eq!(ds[0]["cited_by"][0]["doc"], KT);
    let id = ds[0]["id"].as_i64().unwrap();
    assert_eq!(&api.get(&format!("/api/v1/directives/{id}")).await.ok().clone(), &ds[0]);
    // By kind and number, too.
    assert!(!api.get("/api/v1/directives?code=Ch%E1%BB%89+th%E1%BB%8B+12").await.arr().is_empty());
    // A directive with tasks implementing it.
    let ds = api.get("/api/v1/directives?code=412%2FQ%C4%90-UBND").await.arr().clone();
    assert!(!ds[0]["tasks"].as_array().unwrap().is_empty());
}

/// The implementation cascade of the fictional fixtures (`crates/extract/tests/fixtures/cascade_*`:
/// a Tỉnh ủy's Chỉ thị, a Huyện ủy's plan, a commune's report, a UBND's plan), uploaded.
#[tokio::test]
async fn the_cascade_of_a_directive() {
    let api = Api::new().await;
    let files = common::cascade();
    let names: Vec<String> = files.iter().map(|f| f.0.clone()).collect();
    for (n, bytes) in &files {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let r = api.post("/api/v1/documents", json!({"id": n, "text": text})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{n}: {}", r.body);
    }
    let id = api.get("/api/v1/directives?code=07-CT%2FTU").await.arr()[0]["id"].as_i64().unwrap();
    let tree = api.get(&format!("/api/v1/directives/{id}/tree?as_of=10/4/2026")).await.ok().clone();
    assert_eq!(tree["as_of"], "2026-04-10");
    assert_eq!(tree["documents"], 4);
    let root = &tree["root"];
    assert_eq!((&root["role"], &root["code"], &root["doc"]), (&json!("directive"), &json!("07-CT/TU"), &json!(names[0])));
    let codes = |n: &Value| n["children"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(codes(root), ["15-KH/HU", "45/KH-UBND"]);
    let plan = &root["children"][0];
    assert_eq!(codes(plan), ["45/KH-UBND", "32-BC/ĐU"]);
    assert_eq!(plan["children"][1]["role"], "report");
    assert_eq!(plan["issuer"], "Huyện ủy Tân Lĩnh");
    assert_eq!(plan["tasks"], json!({"total": 3, "done": 0, "overdue": 2, "open_in_time": 1, "no_deadline": 0}));
    // A bad day is a 400 naming it; an unknown directive a 404.
    assert!(api.get(&format!("/api/v1/directives/{id}/tree?as_of=mai")).await.error(400).contains("mai"));
    api.get("/api/v1/directives/999999/tree").await.error(404);
    api.get(&format!("/api/v1/directives/{id}/tree?depth=3")).await.error(400);
}

#[tokio::test]
async fn tasks_filters_status_and_log() {
    let api = Api::new().await;
    let all = api.get("/api/v1/tasks").await.arr().clone();
    assert!(all.len() >= 8);
    assert!(all.iter().any(|t| t["kind"] == "commitment"));
    let a = &api;
    let q = |uri: &'static str| async move { a.get(uri).await.arr().clone() };
    assert!(q("/api/v1/tasks?overdue=true&as_of=2024-12-31").await.iter().all(|t| t["state"] == "open_overdue"));
    let early = q("/api/v1/tasks?as_of=2024-01-01").await;
    assert!(early.iter().all(|t| if t["due"].is_null() { t["state"] == "no_deadline" } else { t["state"] == "open_in_time" }));
    assert!(early.iter().any(|t| t["state"] == "no_deadline"), "a task without a deadline is not in time");
    assert!(q("/api/v1/tasks?state=no_deadline").await.iter().all(|t| t["due"].is_null()));
    assert!(all.iter().all(|t| t["tier"] == "high" || t["tier"] == "medium"), "confident tasks by default");
    assert!(q("/api/v1/tasks?kind=commitment").await.iter().all(|t| t["kind"] == "commitment"));
    let due = q("/api/v1/tasks?due_before=2024-05-01").await;
    assert!(!due.is_empty() && due.iter().all(|t| t["due"].as_str().unwrap() < "2024-05-01"));
    let ass = q("/api/v1/tasks?assignee=so+tai+chinh").await;
    assert!(!ass.is_empty() && ass.iter().all(|t| t["assignee"] == "Sở Tài chính"));
    assert!(!q("/api/v1/tasks?directive=412%2FQ%C4%90-UBND").await.is_empty());
    assert_eq!(q("/api/v1/tasks?offset=1&limit=2").await, all[1..3].to_vec());
    assert!(q("/api/v1/tasks?offset=1000000000").await.is_empty());
    // Status: by full id and by prefix; the log; the status filter; done on a day.
    let id = all[0]["id"].as_str().unwrap().to_string();
    assert!(api.get(&format!("/api/v1/tasks/{id}/log")).await.arr().is_empty());
    let r = api.post(&format!("/api/v1/tasks/{}/status", &id[..4]), json!({"status": "in_progress", "author": "Phòng Tổng hợp"})).await;
    assert_eq!(r.ok()["id"], json!(id));
    let r = api.post(&format!("/api/v1/tasks/{id}/status"), json!({"status": "done", "completed_on": "1/4/2024", "note": "Đã gửi báo cáo"})).await;
    assert_eq!(r.ok()["status"], "done");
    let log = r.body["log"].as_array().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0]["author"], "Phòng Tổng hợp");
    assert_eq!(log[1]["author"], "user");
    assert_eq!(log[1]["note"], "Đã gửi báo cáo");
    assert_eq!(api.get(&format!("/api/v1/tasks/{id}/log")).await.arr(), log);
    assert_eq!(api.get(&format!("/api/v1/tasks/{}/log", &id[..6])).await.arr(), log);
    let done = q("/api/v1/tasks?status=done").await;
    assert_eq!(done.len(), 1);
    assert_eq!(done[0]["completed_on"], "2024-04-01");
    assert!(done[0]["state"].as_str().unwrap().starts_with("done_"));
    assert_eq!(done[0]["note"], "Đã gửi báo cáo");
}

#[tokio::test]
async fn events_and_stats() {
    let api = Api::new().await;
    let all = api.get("/api/v1/events").await.arr().clone();
    assert_eq!(all.len(), example_files().len(), "one event per example");
    assert!(all.iter().all(|e| e["chair"].is_null() || (e["chair"][0].is_i64() && e["chair"][1].is_string())));
    let dates: Vec<&str> = all.iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let k = api.get("/api/v1/events?kind=kiem+tra").await.arr().clone();
    assert_eq!(k.len(), 1);
    assert_eq!(k[0]["kind"], "kiểm tra");
    let f = api.get("/api/v1/events?from=2024-06-01&to=30%2F9%2F2024").await.arr().clone();
    assert!(f.iter().all(|e| ("2024-06-01".."2024-10-01").contains(&e["date"].as_str().unwrap())));
    assert!(!f.is_empty());
    assert!(!api.get("/api/v1/events?org=C%C3%B4ng+an").await.arr().is_empty());
    assert_eq!(api.get("/api/v1/events?offset=1&limit=2").await.arr(), &all[1..3].to_vec());
    let s = api.get("/api/v1/stats").await.ok().clone();
    assert_eq!(s["documents"], example_files().len());
    assert!(s["bytes"].as_u64().unwrap() > 0);
    let states: i64 = s["task_states"].as_array().unwrap().iter().map(|p| p[1].as_i64().unwrap()).sum();
    assert_eq!(states, s["tasks"].as_i64().unwrap());
}

#[tokio::test]
async fn doubtful_tasks_are_revealed_on_request() {
    let api = Api::new().await;
    let text = "Ủy ban nhân dân huyện Tân Phong họp bàn phòng chống thiên tai\n\n\
        Sáng 4/5/2024, UBND huyện Tân Phong tổ chức hội nghị triển khai công tác phòng chống thiên tai năm 2024. \
        Chủ tịch UBND huyện Nguyễn Văn Bình yêu cầu Phòng Nông nghiệp hoàn thành phương án ứng phó trước ngày 30/6/2024.\n\n\
        Theo bác sĩ Trần Minh, mỗi gia đình nên chuẩn bị đèn pin, nước uống và thuốc men.\n";
    let before = api.get("/api/v1/stats").await.ok().clone();
    assert_eq!(api.post("/api/v1/documents", json!({"id": "thien-tai.txt", "text": text})).await.status, StatusCode::CREATED);
    let shown = api.tasks_of("thien-tai.txt").await;
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0]["tier"], "high");
    assert!(shown[0]["confidence"].as_f64().unwrap() > 0.5);
    for flag in ["1", "true"] {
        let all = api.get(&format!("/api/v1/tasks?doc=thien-tai.txt&doubtful={flag}")).await.arr().clone();
        assert_eq!(all.len(), 2, "doubtful={flag}");
        let low = all.iter().find(|t| t["tier"] == "low").expect("the doubtful task");
        assert!(low["reasons"].as_array().unwrap().iter().any(|r| r.as_str().unwrap().contains("private person")), "{low}");
    }
    assert_eq!(api.get("/api/v1/tasks?doc=thien-tai.txt&doubtful=0").await.arr().len(), 1);
    let after = api.get("/api/v1/stats").await.ok().clone();
    assert_eq!(after["tasks"].as_i64().unwrap(), before["tasks"].as_i64().unwrap() + 1);
    assert_eq!(after["doubtful_tasks"].as_i64().unwrap(), before["doubtful_tasks"].as_i64().unwrap() + 1);
    let tiers: i64 = after["task_tiers"].as_array().unwrap().iter().map(|p| p[1].as_i64().unwrap()).sum();
    assert_eq!(tiers, after["tasks"].as_i64().unwrap() + after["reposts"].as_i64().unwrap() + after["doubtful_tasks"].as_i64().unwrap());
}

#[tokio::test]
async fn a_bare_name_read_once_is_found_only_on_request() {
    let api = Api::new().await;
    let text = "UBND huyện Tân Phong họp bàn phòng chống thiên tai\n\nSáng 4/5/2024, UBND huyện Tân Phong tổ chức hội nghị triển khai \
        công tác phòng chống thiên tai năm 2024.\n\nAnh Đỗ Văn Khoa ở thôn Đông cho biết nước lên rất nhanh.\n";
    assert_eq!(api.post("/api/v1/documents", json!({"id": "thon-dong.txt", "text": text})).await.status, StatusCode::CREATED);
    assert!(api.get("/api/v1/people?name=Do+Van+Khoa").await.arr().is_empty(), "no role, no rank, one document");
    let all = api.get("/api/v1/people?name=Do+Van+Khoa&doubtful=1").await.arr().clone();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["doubtful"], true);
    let known = api.get("/api/v1/people?name=L%C3%AA+V%C4%83n+T%C3%A2m").await.arr().clone();
    assert!(!known.is_empty() && known.iter().all(|p| p["doubtful"] == false), "a person with a role");
}

// ---------------------------------------------------------------------------------------------
// Bad input: a 4xx with the JSON error shape, never a 500

#[tokio::test]
async fn bad_query_parameters() {
    let api = Api::new().await;
    let lists = ["/api/v1/search", "/api/v1/documents", "/api/v1/tasks", "/api/v1/events", "/api/v1/corrections"];
    for l in lists {
        for bad in ["limit=abc", "limit=0", "limit=100000", "limit=-1", "limit=1.5", "limit=", "nonsense=1", "LIMIT=5"] {
            let m = api.get(&format!("{l}?{bad}")).await.error(400).to_string();
            if bad.starts_with("nonsense") {
                assert!(m.contains("nonsense"), "{l}?{bad}: {m}");
            }
        }
        api.get(&format!("{l}?limit=1000")).await.ok();
    }
    for l in ["/api/v1/documents", "/api/v1/tasks", "/api/v1/events"] {
        for bad in ["offset=abc", "offset=-1", "offset=1000000001", "offset=18446744073709551615", "offset=99999999999999999999999"] {
            api.get(&format!("{l}?{bad}")).await.error(400);
        }
    }
    for bad in [
        "/api/v1/tasks?due_before=notadate",
        "/api/v1/tasks?due_before=2024-13-45",
        "/api/v1/tasks?as_of=yesterday",
        "/api/v1/tasks?overdue=yes",
        "/api/v1/tasks?overdue=1",
        "/api/v1/tasks?status=finished",
        "/api/v1/tasks?kind=wish",
        "/api/v1/tasks?state=soon",
        "/api/v1/tasks?doubtful=maybe",
        "/api/v1/events?from=notadate",
        "/api/v1/events?to=31%2F2%2F2024",
        "/api/v1/search?from=notadate",
        "/api/v1/search?to=2024-00",
        "/api/v1/search?facets=1",
        "/api/v1/search?kind=bogus",
        "/api/v1/search?directive=%22%28",
        "/api/v1/corrections?withdrawn=maybe",
        "/api/v1/people",
        "/api/v1/people?name=",
        "/api/v1/people?name=%20%20",
        "/api/v1/people?name=a&x=1",
        "/api/v1/directives",
        "/api/v1/directives?code=",
        "/api/v1/directives?code=%22",
        "/api/v1/stats?x=1",
        "/api/v1/documents/kiem-tra-tinh-uy.txt?x=1",
    ] {
        let r = api.get(bad).await;
        assert!(r.status.is_client_error(), "{bad}: {} {}", r.status, r.body);
        r.error(r.status.as_u16());
    }
    assert!(api.get("/api/v1/tasks?due_before=notadate").await.error(400).contains("notadate"));
}

#[tokio::test]
async fn bad_paths_and_unknown_things() {
    let api = Api::new().await;
    for (uri, status) in [
        ("/api/v1/documents/nope.txt", 404),
        ("/api/v1/documents/%00", 404),
        ("/api/v1/documents/a%2Fb", 404),
        ("/api/v1/people/abc", 400),
        ("/api/v1/people/1.5", 400),
        ("/api/v1/people/99999999999999999999", 400),
        ("/api/v1/people/99999", 404),
        ("/api/v1/people/-1", 404),
        ("/api/v1/directives/x", 400),
        ("/api/v1/directives/99999", 404),
        ("/api/v1/tasks/ffffffff/log", 404),
        ("/api/v1/tasks/user-999/log", 404),
        ("/api/v1/tasks/zz/log", 400),
        ("/api/v1/tasks/user-x/log", 400),
        ("/api/v1/nope", 404),
        ("/api/v1/documents/a/b", 404),
    ] {
        api.get(uri).await.error(status);
    }
    let long = "x".repeat(5000);
    api.get(&format!("/api/v1/documents/{long}")).await.error(404);
    // Wrong method: a JSON error too.
    for (m, uri) in [("PUT", "/api/v1/stats"), ("DELETE", "/api/v1/documents"), ("POST", "/api/v1/tasks/abcd/log"), ("PATCH", "/api/v1/corrections/1")] {
        let r = api.call(m, uri, BEARER, None).await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{m} {uri}");
        error_message(&r.body, 405);
    }
}

/// Strings a hostile or careless client sends.
fn hostile() -> Vec<String> {
    let mut v: Vec<String> = [
        "\" OR * NEAR(",
        "\"",
        "\"\"",
        "*",
        "NEAR(a b, 2)",
        "a AND OR NOT b",
        "^công",
        "text:an",
        "{headline text}: x",
        "(((",
        ")",
        "'; DROP TABLE documents; --",
        "%",
        "_",
        "\\",
        "\u{0}",
        "a\u{0}b",
        "\u{1}\u{7}\u{1b}[2J",
        "\r\n",
        "\u{202e}ủy",
        "\u{301}\u{301}",
        "\u{feff}",
        "🙂 công an",
        "Chỉ thị",
        "35-CT/TW",
        "-",
        "/",
        "0",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("\"a\" OR ".repeat(70));
    v.push("công an ".repeat(62));
    v
}

#[tokio::test]
async fn hostile_strings_in_every_string_parameter() {
    let api = Api::new().await;
    let params: &[(&str, &[&str])] = &[
        ("/api/v1/search", &["q", "person", "org", "directive", "from", "to", "kind", "lang"]),
        ("/api/v1/tasks", &["assignee", "due_before", "status", "kind", "directive", "doc", "as_of"]),
        ("/api/v1/events", &["org", "kind", "from", "to"]),
        ("/api/v1/corrections", &["doc"]),
        ("/api/v1/people", &["name"]),
        ("/api/v1/directives", &["code"]),
    ];
    let mut strings = hostile();
    strings.push("x".repeat(10_000));
    for (path, names) in params {
        for name in *names {
            for s in &strings {
                let uri = format!("{path}?{name}={}", enc(s));
                // `call` fails on a 5xx, an undescribed status or an answer off the description.
                let r = api.get(&uri).await;
                assert!(r.status.is_success() || r.status.is_client_error(), "{uri}: {}", r.status);
                if *name == "q" && s.chars().count() > 500 {
                    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
                }
            }
        }
    }
    // FTS syntax in q is taken as words, not as syntax.
    for q in ["\" OR * NEAR(", "NEAR(a b, 2)", "a AND OR NOT b", "text:an", "{headline text}: x", "\"a\" OR ".repeat(70).as_str()] {
        api.get(&format!("/api/v1/search?q={}&facets=true", enc(q))).await.ok();
    }
    assert!(api.get(&format!("/api/v1/search?q={}", "a".repeat(501))).await.error(400).contains("500"));
    api.get(&format!("/api/v1/search?q={}", "a".repeat(500))).await.ok();
    // Path parameters.
    for s in &strings {
        for p in ["documents/", "tasks/"] {
            let suffix = if p == "tasks/" { "/log" } else { "" };
            let r = api.get(&format!("/api/v1/{p}{}{suffix}", enc(s))).await;
            assert!(r.status.is_client_error(), "{p}{s:?}: {}", r.status);
        }
    }
}

#[tokio::test]
async fn bad_json_bodies() {
    let api = Api::new().await;
    let task = api.tasks_of(KT).await[0]["id"].as_str().unwrap().to_string();
    let status_uri = format!("/api/v1/tasks/{task}/status");
    let fact = api.fact(KT, "task", |_| true).await;
    let (s, e) = span(&fact);
    let ok_corr = json!({"doc": KT, "kind": "task", "span": [s, e], "action": "reject"});
    let writes: Vec<(&str, &str)> = vec![("/api/v1/documents", "documents"), (&status_uri, "status"), ("/api/v1/corrections", "corrections")];
    for (uri, _) in &writes {
        for raw in ["{", "{\"status\":", "[]", "null", "", "\"text\"", "{\"a\":1,}", "\u{0}", "{\"text\": \"\\ud800\"}"] {
            api.call_raw("POST", uri, BEARER, Some(raw.into()), &[]).await.error(400);
        }
        // Not declared as JSON.
        api.call_raw("POST", uri, BEARER, Some(ok_corr.to_string()), &[("content-type", "text/plain")]).await.error(400);
        api.call_raw("POST", uri, BEARER, None, &[]).await.error(400);
    }
    // Wrong types, missing and unknown fields.
    for b in [
        json!({"text": 5}),
        json!({"id": 5, "text": "Tỉnh ủy họp."}),
        json!({"id": "a.txt"}),
        json!({"id": "a.txt", "text": "Tỉnh ủy họp.", "lang": "vi"}),
        json!({"text": ["Tỉnh ủy họp."]}),
    ] {
        api.post("/api/v1/documents", b).await.error(400);
    }
    for b in [
        json!({"status": 5}),
        json!({}),
        json!({"status": "done", "completed_on": 20240401}),
        json!({"status": "done", "note": ["a"]}),
        json!({"status": "open", "zz": 1}),
        json!({"status": "finished"}),
        json!({"status": "done", "completed_on": "notadate"}),
        json!({"status": "done", "note": "a\u{1}b"}),
        json!({"status": "done", "note": "x".repeat(2001)}),
        json!({"status": "done", "author": "\u{7}"}),
    ] {
        api.post(&status_uri, b).await.error(400);
    }
    let mut bads = Vec::new();
    for (k, v) in [
        ("doc", json!(1)),
        ("kind", json!(null)),
        ("span", json!("1-2")),
        ("span", json!([1, 2, 3])),
        ("span", json!([-1, 3])),
        ("span", json!([1.5, 3])),
        ("span", json!({"start": 1, "end": 3})),
        ("action", json!("destroy")),
        ("action", json!(1)),
        ("note", json!(5)),
        ("author", json!(false)),
        ("extra", json!(1)),
        ("notes", json!("a misspelt field is not dropped silently")),
    ] {
        let mut b = ok_corr.clone();
        b[k] = v;
        bads.push(b);
    }
    let mut no_span = ok_corr.clone();
    no_span.as_object_mut().unwrap().remove("span");
    bads.push(no_span);
    for b in bads {
        let r = api.post("/api/v1/corrections", b.clone()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{b}: {}", r.body);
        r.error(400);
    }
    // Nothing was written by any of these.
    assert!(api.get("/api/v1/corrections?withdrawn=true").await.arr().is_empty());
    assert!(api.get(&format!("/api/v1/tasks/{task}/log")).await.arr().is_empty());
    assert_eq!(api.get("/api/v1/documents").await.arr().len(), example_files().len());
}

#[tokio::test]
async fn bad_task_ids() {
    let api = Api::new().await;
    for (id, status) in [("ffffffff", 404), ("user-999", 404), ("ab", 400), ("not-hex!", 400), ("user-x", 400), ("%20", 400)] {
        api.post(&format!("/api/v1/tasks/{id}/status"), json!({"status": "done"})).await.error(status);
        api.get(&format!("/api/v1/tasks/{id}/log")).await.error(status);
    }
}

#[tokio::test]
async fn bad_corrections() {
    let api = Api::new().await;
    let d = api.doc(KT).await;
    let text = d["text"].as_str().unwrap().to_string();
    let task = api.fact(KT, "task", |_| true).await;
    let (s, e) = span(&task);
    let person = api.fact(KT, "person", |_| true).await;
    let (ps, pe) = span(&person);
    // Inside a multi-byte letter of the task's sentence.
    let mid = text[s..].char_indices().find(|(_, c)| c.len_utf8() > 1).map(|(i, _)| s + i + 1).unwrap();
    assert!(!text.is_char_boundary(mid) && mid < e);
    assert_eq!(&text[e - 1..e], ".");
    let cases: Vec<(Value, u16, &str)> = vec![
        (json!({"doc": KT, "kind": "task", "span": [s, text.len() + 1], "action": "reject"}), 400, "span outside the text"),
        (json!({"doc": KT, "kind": "task", "span": [text.len(), text.len() + 10], "action": "reject"}), 400, "span past the end"),
        (json!({"doc": KT, "kind": "task", "span": [18446744073709551615u64, 18446744073709551615u64], "action": "reject"}), 400, "huge span"),
        (json!({"doc": KT, "kind": "task", "span": [e, s], "action": "reject"}), 400, "reversed span"),
        (json!({"doc": KT, "kind": "task", "span": [s, s], "action": "reject"}), 400, "empty span"),
        (json!({"doc": KT, "kind": "task", "span": [mid, e], "action": "reject"}), 400, "span not on a char boundary"),
        (json!({"doc": KT, "kind": "task", "span": [s, mid], "action": "add", "value": {"assignee": "Sở Y tế"}}), 400, "added span not on a char boundary"),
        (json!({"doc": KT, "kind": "task", "span": [s, e - 1], "action": "reject"}), 404, "no task at that span"),
        (json!({"doc": KT, "kind": "task", "span": [ps, pe], "action": "reject"}), 404, "no task at a person's span"),
        (json!({"doc": "nope.txt", "kind": "task", "span": [s, e], "action": "reject"}), 404, "unknown document"),
        (json!({"doc": KT, "kind": "wish", "span": [s, e], "action": "reject"}), 400, "unknown kind"),
        (json!({"doc": KT, "kind": "task", "span": [s, e], "action": "edit", "field": "text", "value": "x"}), 400, "a non-editable field"),
        (json!({"doc": KT, "kind": "task", "span": [s, e], "action": "edit", "field": "id", "value": "x"}), 400, "the id is not editable"),
        (json!({"doc": KT, "kind": "task", "span": [s, e], "action": "edit", "value": "x"}), 400, "edit without a field"),
        (json!({"doc": KT, "kind": "task", "span": [s, e], "action": "edit", "field": "assignee"}), 400, "edit without a value"),
        (json!({"doc": KT, "kind": "task", "span": [s, e], "action": "edit", "field": "assignee", "value": "   "}), 400, "blank value"),
        (json!({"doc": KT, "kind": "task", "span": [s, e], "action": "edit", "field": "assignee", "value": {"a": 1}}), 400, "value an object"),
        (json!({"doc": KT, "kind": "task", "span": [s, e], "action": "edit", "field": "assignee", "value": "x".repeat(2001)}), 400, "value too long"),
        (json!({"doc": KT, "kind": "task", "span": [s, e], "action": "edit", "field": "assignee", "value": "Sở\u{0}Y tế"}), 400, "NUL in value"),
        (json!({"doc": KT, "kind": "task", "span": [s, e], "action": "edit", "field": "deadline", "value": "notadate"}), 400, "bad date"),
        (json!({"doc": KT, "kind": "task", "span": [s, e], "action": "edit", "field": "kind", "value": "wish"}), 400, "bad task kind"),
        (json!({"doc": KT, "kind": "person", "span": [ps, pe], "action": "edit", "field": "age", "value": "50"}), 400, "not a person's attribute"),
        (json!({"doc": KT, "kind": "task", "span": [s, e], "action": "reject", "note": "a\u{1b}b"}), 400, "control character in note"),
        (json!({"doc": KT, "kind": "task", "span": [s, e], "action": "reject", "author": "\u{7}"}), 400, "control character in author"),
        (json!({"doc": KT, "kind": "person", "span": [ps, pe], "action": "add", "value": {"name": "A"}}), 400, "only tasks can be added"),
        (json!({"doc": KT, "kind": "task", "span": [s, e], "action": "add", "value": "Sở Y tế"}), 400, "added task's value not an object"),
        (json!({"doc": KT, "kind": "task", "span": [s, e], "action": "add", "value": {"text": "x"}}), 400, "added task with an unknown attribute"),
        (json!({"doc": KT, "kind": "task", "span": [s, e], "action": "add", "value": {"assignee": 5}}), 400, "added task's attribute not a string"),
        (json!({"doc": KT, "kind": "task", "span": [s, e], "action": "add", "value": {"deadline": "tomorrow"}}), 400, "added task's bad deadline"),
    ];
    for (b, status, what) in cases {
        let r = api.post("/api/v1/corrections", b.clone()).await;
        assert_eq!(r.status.as_u16(), status, "{what}: {}", r.body);
        r.error(status);
    }
    let figure = api.fact(KT, "figure", |_| true).await;
    for v in ["1e999", "NaN", "inf", "mười"] {
        api.post("/api/v1/corrections", json!({"doc": KT, "kind": "figure", "span": figure["span"], "action": "edit", "field": "value", "value": v}))
            .await
            .error(400);
    }
    assert!(api.get("/api/v1/corrections?withdrawn=true").await.arr().is_empty(), "nothing was recorded");
    // Withdrawing: unknown, malformed.
    api.call("DELETE", "/api/v1/corrections/99999", BEARER, None).await.error(404);
    api.call("DELETE", "/api/v1/corrections/abc", BEARER, None).await.error(400);
    api.call("DELETE", "/api/v1/corrections/99999999999999999999", BEARER, None).await.error(400);
}

#[tokio::test]
async fn bad_uploads() {
    let api = Api::new().await;
    for (b, status) in [
        (json!({"id": "a.txt", "text": ""}), 400),
        (json!({"id": "a.txt", "text": "  \n\t "}), 400),
        (json!({"id": "x\u{1}", "text": "Tỉnh ủy họp."}), 400),
        (json!({"id": "x\u{0}y", "text": "Tỉnh ủy họp."}), 400),
        (json!({"id": "x".repeat(201), "text": "Tỉnh ủy họp."}), 400),
        (json!({"id": "bin.txt", "text": "\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{e}\u{f}\u{10}\u{11}\u{12}\u{13}\u{14}\u{15}abc"}), 422),
    ] {
        let r = api.post("/api/v1/documents", b.clone()).await;
        assert_eq!(r.status.as_u16(), status, "{b}: {}", r.body);
        r.error(status);
    }
    // A body beyond the limit: 413, naming the size and the limit.
    let big = "a ".repeat(chidao_server::SMALL_BODY as usize);
    let r = api.post("/api/v1/corrections", json!({"doc": KT, "kind": "task", "span": [0, 1], "action": "reject", "note": big})).await;
    assert!(r.error(413).contains("262,144 bytes"), "{}", r.body);
    let r = api.call_raw("POST", "/api/v1/documents", BEARER, Some(format!("{{\"text\": \"{}\"}}", "a".repeat(57 << 20))), &[]).await;
    assert!(r.error(413).contains("this server takes documents of up to 52,428,800 bytes (50.0 MB)"), "{}", r.body);
    assert_eq!(api.get("/api/v1/documents").await.arr().len(), example_files().len(), "nothing stored");
    // A blank id falls back to the default.
    let r = api.post("/api/v1/documents", json!({"id": "  ", "text": "Sáng 7/4, Huyện ủy Sơn Bình họp."})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert!(r.body["id"].as_str().unwrap().starts_with("upload-"));
}

// ---------------------------------------------------------------------------------------------
// The token

#[tokio::test]
async fn writes_need_the_token() {
    let api = Api::new().await;
    let task = api.tasks_of(KT).await[0]["id"].as_str().unwrap().to_string();
    let fact = api.fact(KT, "task", |_| true).await;
    let corr = json!({"doc": KT, "kind": "task", "span": fact["span"], "action": "reject", "note": "trùng"});
    let cid = api.post("/api/v1/corrections", corr.clone()).await.ok()["id"].as_i64().unwrap();
    let mut n = 0;
    let writes = |n: &mut i32| -> Vec<(&'static str, String, Option<Value>)> {
        *n += 1;
        vec![
            ("POST", "/api/v1/documents".into(), Some(json!({"id": format!("w{n}.txt"), "text": format!("Sáng {n}/5/2024, Huyện ủy Sơn Bình họp.")}))),
            ("POST", format!("/api/v1/tasks/{task}/status"), Some(json!({"status": "in_progress"}))),
            ("POST", "/api/v1/corrections".into(), Some(corr.clone())),
            ("DELETE", format!("/api/v1/corrections/{cid}"), None),
        ]
    };
    let wrong = "test-token-0123456789abcdeX";
    let refused: Vec<(Auth, u16)> = vec![
        (Auth::None, 401),
        (Auth::Bearer(wrong), 401),
        (Auth::Bearer(""), 401),
        (Auth::Cookie { token: wrong, origin: Some("http://chidao.test"), site: Some("same-origin") }, 401),
        (Auth::Cookie { token: TOKEN, origin: Some("http://evil.example"), site: None }, 403),
        (Auth::Cookie { token: TOKEN, origin: None, site: Some("cross-site") }, 403),
        (Auth::Cookie { token: TOKEN, origin: Some("http://evil.example"), site: Some("same-site") }, 403),
        (Auth::Cookie { token: TOKEN, origin: Some("http://chidao.test.evil.example"), site: None }, 403),
        (Auth::Cookie { token: TOKEN, origin: Some("null"), site: None }, 403),
    ];
    for (auth, status) in &refused {
        for (m, uri, body) in writes(&mut n) {
            let r = api.call(m, &uri, *auth, body).await;
            assert_eq!(r.status.as_u16(), *status, "{m} {uri} with {auth:?}: {}", r.body);
            r.error(*status);
        }
    }
    // Nothing was written.
    assert_eq!(api.get("/api/v1/documents").await.arr().len(), example_files().len());
    assert!(api.get(&format!("/api/v1/tasks/{task}/log")).await.arr().is_empty());
    let cs = api.get("/api/v1/corrections?withdrawn=true").await.arr().clone();
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0]["withdrawn"], false);
    // The token as a bearer, and the cookie from the app's own pages.
    for auth in [
        BEARER,
        SAME_ORIGIN_COOKIE,
        Auth::Cookie { token: TOKEN, origin: Some("http://chidao.test"), site: None },
        Auth::Cookie { token: TOKEN, origin: None, site: Some("same-origin") },
    ] {
        for (m, uri, body) in writes(&mut n) {
            let r = api.call(m, &uri, auth, body).await;
            assert!(r.status.is_success(), "{m} {uri} with {auth:?}: {} {}", r.status, r.body);
        }
    }
    assert_eq!(api.get("/api/v1/documents").await.arr().len(), example_files().len() + 4);
    assert_eq!(api.get(&format!("/api/v1/tasks/{task}/log")).await.arr().len(), 4);
    // Reads stay open on loopback, with or without a token.
    api.get("/api/v1/stats").await.ok();
    api.call("GET", "/api/v1/stats", Auth::Bearer(wrong), None).await.ok();
}

#[tokio::test]
async fn beyond_loopback_reads_need_the_token_too() {
    let api = Api::with(true).await;
    let reads = [
        "/api/v1/stats",
        "/api/v1/search?q=cong+an",
        "/api/v1/documents",
        "/api/v1/documents/kiem-tra-tinh-uy.txt",
        "/api/v1/tasks",
        "/api/v1/events",
        "/api/v1/corrections",
        "/api/v1/people?name=L%C3%AA+V%C4%83n+T%C3%A2m",
        "/api/v1/nope",
        "/api/openapi.json",
    ];
    for uri in reads {
        for auth in [Auth::None, Auth::Bearer("test-token-0123456789abcdeX")] {
            api.call("GET", uri, auth, None).await.error(401);
        }
        let r = api.call("GET", uri, BEARER, None).await;
        if uri.ends_with("/nope") {
            r.error(404);
        } else {
            assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        }
        let r = api.call("GET", uri, Auth::Cookie { token: TOKEN, origin: None, site: None }, None).await;
        assert!(r.status.is_success() || uri.ends_with("/nope"), "{uri}: {}", r.status);
    }
    api.call("POST", "/api/v1/corrections", Auth::None, Some(json!({}))).await.error(401);
    // The sign-in page stays open.
    let r = api.raw("GET", "/login", Auth::None, None, &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.as_str().unwrap().contains("name=\"token\""));
    let r = api.raw("POST", "/login", Auth::None, Some(format!("token={TOKEN}")), &[("content-type", "application/x-www-form-urlencoded")]).await;
    assert!(r.status.is_redirection(), "{}", r.status);
    let set = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    assert!(set.starts_with("chidao_session=") && !set.contains(TOKEN) && set.contains("; Secure"), "{set}");
}

#[tokio::test]
async fn the_description_covers_part_reads_and_host_refusals() {
    let api = Api::new().await;
    // A document read in parts: every answer checked against DocView.
    let kt = api.get(&format!("/api/v1/documents/{KT}?start=0&end=200&limit=3")).await.ok().clone();
    let end = kt["range"][1].as_u64().unwrap();
    assert!(kt["range"][0] == 0 && (197..=200).contains(&end), "cut back to a character boundary: {}", kt["range"]);
    assert!(kt["length"].as_u64().unwrap() > 200);
    assert!(kt["facts"].as_array().unwrap().len() <= 3);
    let next = kt["next"].as_str().unwrap().to_string();
    let more = api.get(&next).await.ok().clone();
    assert!(more["range"][0].as_u64().unwrap() <= end);
    let whole = api.doc(KT).await;
    assert_eq!(whole["range"], json!([0, whole["length"]]), "a short document in one answer");
    assert_eq!(whole["next"], Value::Null);
    assert_eq!(whole["facts_total"], json!(whole["facts"].as_array().unwrap().len()));
    api.get(&format!("/api/v1/documents/{KT}?kind=person")).await.ok();
    api.get(&format!("/api/v1/documents/{KT}?start=999999")).await.error(400);
    api.get(&format!("/api/v1/documents/{KT}?kind=weather")).await.error(400);
    // The public name is answered; a name built on it is not (421, described).
    let r = api.raw("GET", "/api/v1/stats", Auth::None, None, &[("host", "chidao.test.evil.example")]).await;
    api.check("GET", "/api/v1/stats", &r);
    assert!(r.error(421).contains("chidao.test.evil.example"));
    let r = api.raw("GET", "/api/v1/stats", Auth::None, None, &[("host", "CHIDAO.TEST:443")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

// ---------------------------------------------------------------------------------------------
// Corrections: made, shown, withdrawn, and kept over re-ingest and re-extraction

/// Re-extracts every example into the register, as `chidao ingest --reextract` does.
fn reextract(db: &Path) {
    let mut store = Store::open(db).unwrap();
    let mut b = store.batch().unwrap();
    let mut facts = 0;
    b.reextract(true);
    for (id, bytes) in example_files() {
        let (text, _) = chidao_text::decode(&bytes, chidao_text::DecodeOptions::default()).unwrap();
        let hash = chidao_store::content_hash(&text);
        assert!(b.needs_write(&id, hash).unwrap());
        let sig = chidao_store::Signature::of(&text);
        let doc = chidao_text::Document::new(id.clone(), text);
        let x = chidao_extract::extract(&doc);
        let out = b.put(&doc, hash, sig.as_ref(), &x).unwrap();
        assert!(!out.unchanged, "{id}: re-extracted");
        facts += out.facts;
    }
    b.commit().unwrap();
    assert!(facts > 0, "the machine's facts were written again");
}

/// Ingests every example again as an upload or `chidao ingest` does (same content: unchanged).
fn reingest(db: &Path) {
    let mut store = Store::open(db).unwrap();
    for (id, bytes) in example_files() {
        let (out, _) = store.ingest_one(&id, &bytes).unwrap();
        assert!(out.unchanged, "{id}");
    }
}

/// What the corrections of [`corrections_show_and_survive_reingest_and_reextraction`] must show.
struct Expected {
    rejected: Value,
    edited_id: String,
    added_id: String,
    fig_span: Value,
}

async fn check_corrections(api: &Api, x: &Expected, when: &str) {
    let tasks = api.tasks_of(KT).await;
    assert!(!tasks.iter().any(|t| t["id"] == x.rejected["id"]), "{when}: the rejected task is gone from /tasks");
    let e = tasks.iter().find(|t| t["id"] == json!(x.edited_id)).unwrap_or_else(|| panic!("{when}: edited task"));
    assert_eq!(e["assignee"], "Công an tỉnh Hòa Lạc", "{when}");
    assert_eq!(e["deadline"], "2024-08-15", "{when}");
    assert_eq!(e["due"], "2024-08-15", "{when}");
    assert_eq!(e["status"], "done", "{when}");
    assert_eq!(e["state"], "done_on_time", "{when}");
    let mut c: Vec<&str> = e["corrected"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    c.sort();
    assert_eq!(c, ["assignee", "deadline"], "{when}");
    let a = tasks.iter().find(|t| t["id"] == json!(x.added_id)).unwrap_or_else(|| panic!("{when}: added task"));
    assert_eq!(a["assignee"], "Văn phòng Đảng ủy Công an tỉnh", "{when}");
    assert_eq!(a["added_by"], "Phòng Tổng hợp", "{when}");
    assert_eq!(a["status"], "in_progress", "{when}");
    assert!(a["text"].as_str().unwrap().starts_with("Tiếp đoàn có"), "{when}");
    // The board filters by corrected values.
    let by = api.get("/api/v1/tasks?assignee=cong+an+tinh+hoa+lac").await.arr().clone();
    assert!(by.iter().any(|t| t["id"] == json!(x.edited_id)), "{when}");
    assert!(!api.get("/api/v1/tasks?status=done").await.arr().iter().any(|t| t["id"] == x.rejected["id"]), "{when}");
    // The document view.
    let d = api.doc(KT).await;
    let facts = d["facts"].as_array().unwrap();
    let f = facts.iter().find(|f| f["kind"] == "task" && f["span"] == x.rejected["span"]).unwrap();
    assert_eq!(f["rejected"], true, "{when}");
    assert_eq!(f["corrections"][0]["note"], "Không phải nhiệm vụ", "{when}");
    let f = facts.iter().find(|f| f["kind"] == "task" && f["attrs"]["id"] == json!(x.edited_id)).unwrap();
    assert_eq!(f["attrs"]["assignee"], "Công an tỉnh Hòa Lạc", "{when}");
    assert_eq!(f["attrs"]["deadline"], "2024-08-15", "{when}");
    assert_eq!(f["rejected"], false, "{when}");
    let f = facts.iter().find(|f| f["added"] == true).unwrap_or_else(|| panic!("{when}: added fact"));
    assert_eq!(f["attrs"]["id"], json!(x.added_id), "{when}");
    assert_eq!(f["attrs"]["assignee"], "Văn phòng Đảng ủy Công an tỉnh", "{when}");
    assert_eq!(f["attrs"]["due"], "2024-09-30", "{when}");
    assert!(f["quote"].as_str().unwrap().starts_with("Tiếp đoàn có"), "{when}");
    let f = facts.iter().find(|f| f["kind"] == "figure" && f["span"] == x.fig_span).unwrap();
    assert_ne!(f["attrs"]["value"], "4", "{when}: a withdrawn correction is not applied");
    // The log of corrections.
    let cs = api.get(&format!("/api/v1/corrections?doc={KT}")).await.arr().clone();
    assert_eq!(cs.len(), 4, "{when}");
    let ids: Vec<i64> = cs.iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first");
    assert_eq!(api.get("/api/v1/corrections?withdrawn=true").await.arr().len(), 5, "{when}");
    assert!(api.get("/api/v1/corrections?doc=so-ket-cong-an.txt").await.arr().is_empty());
    assert_eq!(api.get("/api/v1/corrections?limit=1").await.arr().len(), 1);
    // Stats count the tasks the machine read.
    api.get("/api/v1/stats").await.ok();
}

#[tokio::test]
async fn corrections_show_and_survive_reingest_and_reextraction() {
    let mut api = Api::new().await;
    let tasks = api.tasks_of(KT).await;
    assert!(tasks.len() >= 3);
    let (rejected, edited) = (tasks[0].clone(), tasks[1].clone());
    let r = api.post("/api/v1/corrections", json!({"doc": KT, "kind": "task", "span": rejected["span"], "action": "reject", "note": "Không phải nhiệm vụ", "author": "Chánh Văn phòng"})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.body["author"], "Chánh Văn phòng");
    let rid = r.body["id"].as_i64().unwrap();
    let r = api.post("/api/v1/corrections", json!({"doc": KT, "kind": "task", "span": edited["span"], "action": "edit", "field": "assignee", "value": "Công an tỉnh Hòa Lạc"})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!((&r.body["field"], &r.body["value"]), (&json!("assignee"), &json!("Công an tỉnh Hòa Lạc")));
    let r = api.post("/api/v1/corrections", json!({"doc": KT, "kind": "task", "span": edited["span"], "action": "edit", "field": "deadline", "value": "15/8/2024"})).await;
    assert_eq!(r.body["value"], "2024-08-15", "stored as ISO");
    // A task the machine missed: the passage stating it.
    let d = api.doc(KT).await;
    let text = d["text"].as_str().unwrap();
    let start = text.find("Tiếp đoàn có").unwrap();
    let end = start + text[start..].find('.').unwrap() + 1;
    let r = api
        .post(
            "/api/v1/corrections",
            json!({"doc": KT, "kind": "task", "span": [start, end], "action": "add", "value": {"assignee": "Văn phòng Đảng ủy Công an tỉnh", "deadline": "30/9/2024", "issuer": "Trịnh Quốc Vượng", "kind": "directive"}, "author": "Phòng Tổng hợp"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let added_id = format!("user-{}", r.body["id"]);
    // The added task takes a status like any other.
    api.post(&format!("/api/v1/tasks/{added_id}/status"), json!({"status": "in_progress"})).await.ok();
    let edited_id = edited["id"].as_str().unwrap().to_string();
    api.post(&format!("/api/v1/tasks/{edited_id}/status"), json!({"status": "done", "completed_on": "2024-08-01"})).await.ok();
    // A correction withdrawn stays withdrawn.
    let fig = api.fact(KT, "figure", |_| true).await;
    let w = api.post("/api/v1/corrections", json!({"doc": KT, "kind": "figure", "span": fig["span"], "action": "edit", "field": "value", "value": "4"})).await.ok()["id"].as_i64().unwrap();
    let r = api.call("DELETE", &format!("/api/v1/corrections/{w}"), BEARER, None).await;
    assert_eq!(r.ok()["withdrawn"], true);

    let x = Expected { rejected: rejected.clone(), edited_id: edited_id.clone(), added_id: added_id.clone(), fig_span: fig["span"].clone() };
    check_corrections(&api, &x, "after the corrections").await;
    reingest(&api.db);
    check_corrections(&api, &x, "after re-ingest").await;
    reextract(&api.db);
    check_corrections(&api, &x, "after re-extraction").await;
    api.restart().await;
    check_corrections(&api, &x, "after a restart").await;
    // The rejection withdrawn: the task is back.
    api.call("DELETE", &format!("/api/v1/corrections/{rid}"), BEARER, None).await.ok();
    assert!(api.tasks_of(KT).await.iter().any(|t| t["id"] == rejected["id"]));
}
