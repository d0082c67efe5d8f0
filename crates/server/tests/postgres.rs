//! The web app on a PostgreSQL register (issue 14): the same register served from a file and
//! from PostgreSQL gives the same pages, and two servers on one PostgreSQL register share users,
//! sessions and what the register holds. Needs `CHIDAO_TEST_PG` (`.ci/run` sets it); skipped
//! with a message without it.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chidao_server::{AppState, Options};
use chidao_store::{Access, Location, Role, Store};
use http_body_util::BodyExt;
use tower::ServiceExt;

const TOKEN: &str = "mot-ma-thu-rat-dai-0123456789";

async fn get(app: &Router, path: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut req = Request::get(path);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = app.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    (status, body)
}

fn fill(s: &mut Store) {
    for (id, bytes) in common::examples().into_iter().chain(common::cascade()) {
        s.ingest_one(&id, &bytes).unwrap();
    }
    // One arrival time for every document, so that "newest" means the same in both registers.
    s.db().exec("UPDATE documents SET ingested_at = '2026-11-30T08:00:00+07:00'", chidao_store::db::args![]).unwrap();
}

/// A page without what depends on where the register is (its size on disk).
fn comparable(page: &str) -> String {
    let mut out = page.lines().filter(|l| !l.contains(" MB")).collect::<Vec<_>>().join("\n");
    if let Some(i) = out.find("\"bytes\":") {
        let end = out[i + 8..].find(|c: char| !c.is_ascii_digit()).map_or(out.len(), |j| i + 8 + j);
        out.replace_range(i..end, "\"bytes\":_");
    }
    out
}

/// Runs a test's async part on a runtime of its own: the test database is made and dropped
/// outside it (its client is the synchronous one).
fn run(f: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap().block_on(f);
}

/// The documents a search page or answer links to, sorted.
fn hits(page: &str) -> String {
    let json = page.starts_with('{') || page.starts_with('[');
    let mark = if json { "\"doc\":\"" } else { "/doc/" };
    let mut v: Vec<&str> = page.split(mark).skip(1).filter_map(|s| s.split(['?', '"', '#']).next()).collect();
    v.sort_unstable();
    assert!(!v.is_empty(), "the search finds something");
    v.join(" ")
}

#[test]
fn a_register_on_postgres_serves_the_pages_a_file_serves() {
    let Some(admin) = chidao_testkit::postgres("server::postgres::a_register_on_postgres_serves_the_pages_a_file_serves") else { return };
    let pg = chidao_testkit::PgDatabase::new(&admin, "server_pages");
    run(pages(&pg));
}

async fn pages(pg: &chidao_testkit::PgDatabase) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.db");
    let at = Location::parse(pg.url.as_ref());
    let (lite, post) = tokio::task::spawn_blocking({
        let (file, at) = (file.clone(), at.clone());
        move || {
            fill(&mut Store::open(&file).unwrap());
            fill(&mut Store::open_location(&at, Access::Create).unwrap());
            let options = || Options { reads_need_token: false, ..Options::new(TOKEN.into()) };
            (AppState::open_with(&file, options()).unwrap(), AppState::open_location(&at, options()).unwrap())
        }
    })
    .await
    .unwrap();
    let (lite, post) = (chidao_server::app(lite), chidao_server::app(post));
    for path in ["/", "/?q=cong+an", "/?q=%22%E1%BB%A7y+ban+nh%C3%A2n+d%C3%A2n%22", "/tasks", "/tasks?overdue=true", "/events", "/directives", "/people", "/dashboard", "/due", "/corrections", "/doc/kiem-tra-tinh-uy.txt", "/tasks.csv", "/feed/tasks.atom", "/api/v1/tasks", "/api/v1/stats", "/api/v1/search?q=chi+thi"] {
        let (a, b) = (get(&lite, path, None).await, get(&post, path, None).await);
        assert_eq!(a.0, b.0, "{path}");
        assert!(a.0.is_success(), "{path}: {}", a.0);
        // Search ranks by bm25 on SQLite and ts_rank on PostgreSQL: the same hits, maybe in
        // another order.
        let (ca, cb) = if path.contains("q=") { (hits(&a.1), hits(&b.1)) } else { (comparable(&a.1), comparable(&b.1)) };
        if ca != cb {
            let i = ca.bytes().zip(cb.bytes()).take_while(|(x, y)| x == y).count();
            let at = |s: &str| s.get(i.saturating_sub(150)..(i + 150).min(s.len())).unwrap_or("").to_string();
            panic!("{path}: the pages differ at byte {i}:\n{}\n{}", at(&ca), at(&cb));
        }
    }
}

#[test]
fn two_servers_on_one_postgres_register_share_users_and_sessions() {
    let Some(admin) = chidao_testkit::postgres("server::postgres::two_servers_on_one_postgres_register_share_users_and_sessions") else { return };
    let pg = chidao_testkit::PgDatabase::new(&admin, "server_two");
    run(two_servers(&pg));
}

async fn two_servers(pg: &chidao_testkit::PgDatabase) {
    let at = Location::parse(pg.url.as_ref());
    let (one, two, session) = tokio::task::spawn_blocking({
        let at = at.clone();
        move || {
            let mut s = Store::open_location(&at, Access::Create).unwrap();
            fill(&mut s);
            let user = s.add_user("Đỗ Thu Hà", Role::Editor, None, "mat-khau-dai-du").unwrap();
            let session = s.create_session(Some(user.id)).unwrap();
            let options = || Options { reads_need_token: true, ..Options::new(TOKEN.into()) };
            (AppState::open_location(&at, options()).unwrap(), AppState::open_location(&at, options()).unwrap(), session)
        }
    })
    .await
    .unwrap();
    let (one, two) = (chidao_server::app(one), chidao_server::app(two));
    let cookie = format!("chidao_session={session}");
    for app in [&one, &two] {
        let (status, page) = get(app, "/tasks", Some(&cookie)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Đỗ Thu Hà"), "the session's user is known to both servers");
        assert!(!get(app, "/tasks", None).await.0.is_success(), "reads need a user here");
    }
}
