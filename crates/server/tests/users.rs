//! Named users and roles through the pages and the API: a viewer changes nothing (403, no form),
//! an editor changes a task (who and when in its log), an editor scoped to a unit only that
//! unit's tasks, an admin manages users; sessions outlive the server; sign-out revokes; the
//! access token still acts as an admin; the board counts follow the filter; bulk changes.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chidao_server::AppState;
use chidao_store::{Role, Store};
use http_body_util::BodyExt;
use tower::ServiceExt;

const TOKEN: &str = "users-token-0123456789abcdef";

use common::App;

fn app(users: bool) -> App {
    common::app(TOKEN, false, |store| {
        if users {
            store.add_user("quantri", Role::Admin, None, "mật khẩu quản trị").unwrap();
            store.add_user("canbo", Role::Editor, None, "mật khẩu cán bộ").unwrap();
            store.add_user("khach", Role::Viewer, None, "mật khẩu khách").unwrap();
        }
    })
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, Vec<String>, String) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let cookies = res.headers().get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let loc = res.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_string());
    let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    (status, cookies, loc.unwrap_or(body))
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", enc(v))).collect::<Vec<_>>().join("&")
}

fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

async fn post(app: &Router, path: &str, cookie: Option<&str>, body: String) -> (StatusCode, Vec<String>, String) {
    let mut r = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    send(app, r.body(Body::from(body)).unwrap()).await
}

async fn get(app: &Router, path: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut r = Request::get(path);
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    let (s, _, b) = send(app, r.body(Body::empty()).unwrap()).await;
    (s, b)
}

/// Signs in; the session cookie.
async fn sign_in(app: &Router, name: &str, password: &str) -> String {
    let (s, cookies, _) = post(app, "/login", None, form(&[("name", name), ("password", password), ("back", "/tasks")])).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{name} signs in");
    cookies.iter().find(|c| c.starts_with("chidao_session=")).unwrap().split(';').next().unwrap().to_string()
}

fn first_task(db: &std::path::Path) -> String {
    Store::open(db).unwrap().tasks(&chidao_store::TaskQuery { limit: Some(1), ..Default::default() }).unwrap()[0].id.clone()
}

#[tokio::test]
async fn viewer_editor_admin() {
    let a = app(true);
    let task = first_task(&a.db);
    // A wrong password: the form again, with the name typed, 401.
    let (s, _, body) = post(&a.app, "/login", None, form(&[("name", "canbo"), ("password", "sai mật khẩu")])).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(body.contains("value=\"canbo\"") && body.contains("không đúng"), "{body}");

    // The viewer: no status form, no checkbox, and a 403 when posting anyway.
    let viewer = sign_in(&a.app, "khach", "mật khẩu khách").await;
    let (s, board) = get(&a.app, "/tasks", Some(&viewer)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!board.contains("form class=\"status\"") && !board.contains("name=\"ids\""), "a viewer sees no form");
    assert!(board.contains("khach"), "the page says who is signed in");
    let (s, _) = get(&a.app, &format!("/tasks/{task}"), Some(&viewer)).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _, _) = post(&a.app, &format!("/tasks/{task}/status"), Some(&viewer), form(&[("status", "done")])).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = get(&a.app, "/users", Some(&viewer)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The editor marks the task done on a day; the log says who; the flash says where it went.
    let editor = sign_in(&a.app, "canbo", "mật khẩu cán bộ").await;
    let (s, cookies, loc) =
        post(&a.app, &format!("/tasks/{task}/status"), Some(&editor), form(&[("status", "done"), ("completed_on", "2026-06-30"), ("note", "đã báo cáo"), ("back", "/tasks?status=open")])).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(loc, "/tasks?status=open");
    let flash = cookies.iter().find(|c| c.starts_with("chidao_flash=")).unwrap().split(';').next().unwrap().to_string();
    let (_, board) = get(&a.app, "/tasks?status=open", Some(&format!("{editor}; {flash}"))).await;
    assert!(board.contains("Đã xong") && board.contains("không còn khớp bộ lọc"), "the flash says where the task went");
    let (_, page) = get(&a.app, &format!("/tasks/{task}"), Some(&editor)).await;
    assert!(page.contains("canbo") && page.contains("đã báo cáo") && page.contains("30/6/2026"), "the log: who, what, the day");
    assert!(page.contains("<details class=\"internal\""), "ids and offsets in a details element");
    let log = Store::open(&a.db).unwrap().task_log(&task).unwrap();
    assert_eq!(log.last().unwrap().author, "canbo");
    // The editor cannot manage users.
    let (s, _, _) = post(&a.app, "/users", Some(&editor), form(&[("name", "x"), ("password", "12345678"), ("role", "admin")])).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The admin adds a user, who can sign in.
    let admin = sign_in(&a.app, "quantri", "mật khẩu quản trị").await;
    let (s, _, _) = post(&a.app, "/users", Some(&admin), form(&[("name", "congan"), ("password", "mật khẩu công an"), ("role", "editor"), ("unit", "Công an tỉnh")])).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, users) = get(&a.app, "/users", Some(&admin)).await;
    assert!(users.contains("congan") && users.contains("Công an tỉnh"));
    sign_in(&a.app, "congan", "mật khẩu công an").await;

    // Sign-out revokes the session on the server.
    let (s, _, _) = post(&a.app, "/logout", Some(&editor), String::new()).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _, _) = post(&a.app, &format!("/tasks/{task}/status"), Some(&editor), form(&[("status", "open")])).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // A restart signs nobody out: the session is in the register.
    let again = chidao_server::app(AppState::open(&a.db, TOKEN.into(), false).unwrap());
    let (s, _, _) = post(&again, &format!("/tasks/{task}/status"), Some(&admin), form(&[("status", "in_progress")])).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn unit_scope_and_api_tokens() {
    let a = app(true);
    let mut s = Store::open(&a.db).unwrap();
    let rows = s.tasks(&chidao_store::TaskQuery { doubtful: true, limit: Some(1000), ..Default::default() }).unwrap();
    let mine = rows.iter().find(|t| t.assignee.is_some()).expect("a task with an assignee");
    let unit = mine.assignee.clone().unwrap();
    let other = rows.iter().find(|t| t.assignee.as_deref().is_some_and(|x| chidao_extract::unit::unit_key(x) != chidao_extract::unit::unit_key(&unit))).expect("a task of another unit");
    s.add_user("donvi", Role::Editor, Some(&unit), "mật khẩu đơn vị").unwrap();
    let (_, token) = s.issue_token("donvi").unwrap();
    let (_, viewer_token) = s.issue_token("khach").unwrap();
    drop(s);
    let api = |id: &str, tok: &str, body: &str| {
        Request::post(format!("/api/v1/tasks/{id}/status"))
            .header(header::AUTHORIZATION, format!("Bearer {tok}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let (st, _, body) = send(&a.app, api(&mine.id, &token, r#"{"status":"done","completed_on":"2026-05-01","author":"ignored"}"#)).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert!(body.contains("\"author\":\"donvi\""), "a user's token records the user: {body}");
    let (st, _, body) = send(&a.app, api(&other.id, &token, r#"{"status":"done"}"#)).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "another unit's task: {body}");
    let (st, _, _) = send(&a.app, api(&mine.id, &viewer_token, r#"{"status":"open"}"#)).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "a viewer's token reads only");
    // The access token acts as an admin; the author it gives is recorded.
    let (st, _, body) = send(&a.app, api(&other.id, TOKEN, r#"{"status":"in_progress","author":"script"}"#)).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert!(body.contains("\"author\":\"script\""));
    // Bulk: every task checked before any changes.
    let bulk = |ids: &[&str], tok: &str| {
        Request::post("/api/v1/tasks/status")
            .header(header::AUTHORIZATION, format!("Bearer {tok}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(serde_json::json!({"ids": ids, "status": "open", "note": "mở lại"}).to_string()))
            .unwrap()
    };
    let (st, _, _) = send(&a.app, bulk(&[&mine.id, &other.id], &token)).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let log = Store::open(&a.db).unwrap().task_log(&mine.id).unwrap();
    assert_eq!(log.last().unwrap().status, "done", "nothing changed when one task was refused");
    let (st, _, body) = send(&a.app, bulk(&[&mine.id, &other.id], TOKEN)).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&body).unwrap().as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn without_users_the_token_works_as_before_and_the_board_counts_follow_the_filter() {
    let a = app(false);
    let (s, cookies, _) = send(&a.app, Request::get(format!("/login?token={TOKEN}")).body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let c = cookies.iter().find(|c| c.starts_with("chidao_session=")).unwrap().split(';').next().unwrap().to_string();
    let (_, board) = get(&a.app, "/tasks", Some(&c)).await;
    assert!(board.contains("name=\"ids\"") && board.contains("id=\"bulk\""), "the token's holder gets the bulk form");
    let count = |page: &str| -> usize {
        let i = page.find("class=\"counts\"").unwrap();
        let tail = &page[i..];
        let s = tail.find("<strong>").unwrap() + 8;
        tail[s..].split_whitespace().next().unwrap().parse().unwrap()
    };
    let all = count(&board);
    let (_, open) = get(&a.app, "/tasks?state=open_overdue", Some(&c)).await;
    assert!(count(&open) <= all);
    // Bulk from the page: two tasks done.
    let ids: Vec<String> = Store::open(&a.db).unwrap().tasks(&chidao_store::TaskQuery { limit: Some(2), ..Default::default() }).unwrap().into_iter().map(|t| t.id).collect();
    let body = format!("ids={}&ids={}&status=done&completed_on=2026-01-15&note=&back=%2Ftasks", ids[0], ids[1]);
    let (s, _, loc) = post(&a.app, "/tasks/status", Some(&c), body).await;
    assert_eq!((s, loc.as_str()), (StatusCode::SEE_OTHER, "/tasks"));
    let (_, done) = get(&a.app, "/tasks?status=done", Some(&c)).await;
    assert_eq!(count(&done), 2);
    let (s, _, _) = post(&a.app, "/tasks/status", Some(&c), "status=done".into()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "no task ticked");
}

#[tokio::test]
async fn forms_that_forgive() {
    let a = app(false);
    let (s, cookies, _) = send(&a.app, Request::get(format!("/login?token={TOKEN}")).body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let c = cookies.iter().find(|c| c.starts_with("chidao_session=")).unwrap().split(';').next().unwrap().to_string();
    let (doc, quote) = {
        let s = Store::open(&a.db).unwrap();
        let (id, _) = common::examples().into_iter().next().unwrap();
        let text = s.document_text(&id).unwrap().unwrap();
        let line = text.lines().find(|l| l.chars().count() > 40).unwrap().trim().to_string();
        (id, line)
    };
    let add = |deadline: &str| {
        form(&[("doc", &doc), ("kind", "task"), ("action", "add"), ("quote", &quote), ("assignee", "Phòng Nội vụ"), ("deadline", deadline), ("task_kind", "directive"), ("note", "ghi chú của tôi")])
    };
    // A deadline that is no date: the form again, in Vietnamese, with what was typed.
    let (s, _, page) = post(&a.app, "/corrections", Some(&c), add("hôm kia kìa")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(page.contains("Không đọc được hạn") && page.contains("value=\"hôm kia kìa\"") && page.contains("value=\"Phòng Nội vụ\"") && page.contains("ghi chú của tôi"), "{page}");
    // Deadlines as offices write them.
    for (typed, iso) in [("quý III/2024", "2024-09"), ("trước 15/12/2026", "2026-12-15")] {
        let (s, _, _) = post(&a.app, "/corrections", Some(&c), add(typed)).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{typed}");
        let added = Store::open(&a.db).unwrap().corrections(Some(&doc), false, 100).unwrap();
        assert!(added.iter().any(|x| x.value.as_deref().is_some_and(|v| v.contains(iso))), "{typed} → {iso}");
    }
    // Words that are not in the document: said in Vietnamese, the form kept.
    let body = form(&[("doc", &doc), ("kind", "task"), ("action", "add"), ("quote", "những chữ không có trong văn bản"), ("deadline", "30/6")]);
    let (s, _, page) = post(&a.app, "/corrections", Some(&c), body).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(page.contains("Không tìm thấy những chữ này") && page.contains("những chữ không có trong văn bản"));
    // A long search and a bad parameter: the app's page, in Vietnamese.
    let (s, page) = get(&a.app, &format!("/?q={}", "a".repeat(600)), None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(page.contains("<html lang=\"vi\">") && page.contains("quá dài"), "{page}");
    let (s, page) = get(&a.app, "/tasks?offset=abc", None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(page.contains("tham số không hợp lệ"), "{page}");
}

#[tokio::test]
async fn a_user_calendar_holds_their_units_tasks_and_the_tasks_they_updated() {
    let a = app(true);
    let mut s = Store::open(&a.db).unwrap();
    let rows = s.tasks(&chidao_store::TaskQuery { doubtful: true, limit: Some(1000), ..Default::default() }).unwrap();
    let dated: Vec<_> = rows.iter().filter(|t| t.due.is_some() && t.assignee.is_some()).collect();
    let unit_task = dated.first().expect("a dated task with an assignee");
    let unit = unit_task.assignee.clone().unwrap();
    let key = chidao_extract::unit::unit_key(&unit);
    let other = dated.iter().find(|t| chidao_extract::unit::unit_key(t.assignee.as_deref().unwrap()) != key).expect("a dated task of another unit");
    s.add_user("donvi", Role::Editor, Some(&unit), "mật khẩu đơn vị").unwrap();
    s.set_task_status(&other.id, "in_progress", Some("đang làm"), None, "canbo").unwrap();
    drop(s);
    let uid = |t: &str| format!("UID:task-{t}@chidao");
    // A unit-scoped editor: the unit's dated tasks.
    let (st, ics) = get(&a.app, "/calendar/user/donvi.ics", None).await;
    assert_eq!(st, StatusCode::OK, "{ics}");
    let cal: icalendar::Calendar = ics.parse().expect("the feed parses");
    assert!(!cal.components.is_empty());
    assert!(ics.contains(&uid(&unit_task.id)) && !ics.contains(&uid(&other.id)), "{ics}");
    // An editor without a scope: the tasks they updated.
    let (_, ics) = get(&a.app, "/calendar/user/canbo.ics", None).await;
    assert!(ics.contains(&uid(&other.id)) && ics.matches("BEGIN:VEVENT").count() == 1, "{ics}");
    // Neither: an empty calendar that still parses; an unknown user: 404.
    let (st, ics) = get(&a.app, "/calendar/user/khach.ics", None).await;
    assert_eq!(st, StatusCode::OK);
    assert!(ics.contains("BEGIN:VCALENDAR") && !ics.contains("BEGIN:VEVENT"));
    assert_eq!(get(&a.app, "/calendar/user/khong-ai.ics", None).await.0, StatusCode::NOT_FOUND);
}
