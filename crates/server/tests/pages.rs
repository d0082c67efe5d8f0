//! The pages without a browser: every page answers, hostile text is escaped, bad parameters give
//! a 4xx page, the task export is a safe CSV, person corrections reach the person's page.

mod common;

use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chidao_server::AppState;
use chidao_store::{Action, NewCorrection, Store};
use http_body_util::BodyExt;
use tower::ServiceExt;

const TOKEN: &str = "pages-token-0123456789abcdef";

use common::App;

fn app() -> App {
    common::app(TOKEN, false, |store| {
        // A hostile document: markup and a spreadsheet formula in a task sentence.
        let hostile = "UBND huyện Sơn Bình họp về <script>alert(1)</script> an ninh\n\nSáng 3/4/2024, UBND huyện Sơn Bình họp. \
                       Chủ tịch UBND huyện Lê Văn Tâm yêu cầu Phòng Nội vụ =HYPERLINK(\"x\") <img src=x onerror=alert(2)> hoàn thành báo cáo trước ngày 30/4/2024.\n";
        store.ingest_one("hostile.txt", hostile.as_bytes()).unwrap();
    })
}

async fn get(app: &Router, path: &str) -> (StatusCode, String, String) {
    let res = app.clone().oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let ty = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    (status, ty, body)
}

#[tokio::test]
async fn every_page_answers_in_both_languages() {
    let a = app();
    let person: i64 = Store::open(&a.db).unwrap().connection().query_row("SELECT MIN(id) FROM persons", [], |r| r.get(0)).unwrap();
    let directive: i64 = Store::open(&a.db).unwrap().connection().query_row("SELECT MIN(id) FROM directives", [], |r| r.get(0)).unwrap();
    for lang in ["", "?lang=en"] {
        for path in [
            "/".to_string(),
            "/?q=cong+an".into(),
            "/?q=&person=L%C3%AA%20V%C4%83n%20T%C3%A2m".into(),
            "/doc/kiem-tra-tinh-uy.txt".into(),
            "/tasks".into(),
            "/tasks?overdue=true&assignee=cong+an".into(),
            format!("/person/{person}"),
            format!("/directive/{directive}"),
            "/events".into(),
            "/events?org=T%E1%BB%89nh%20%E1%BB%A7y".into(),
            "/upload".into(),
            "/corrections".into(),
            "/login".into(),
        ] {
            let sep = if path.contains('?') { lang.replace('?', "&") } else { lang.to_string() };
            let (s, ty, body) = get(&a.app, &format!("{path}{sep}")).await;
            assert_eq!(s, StatusCode::OK, "{path}{sep}");
            assert!(ty.starts_with("text/html"), "{path}: {ty}");
            assert!(body.contains(if lang.is_empty() { "<html lang=\"vi\">" } else { "<html lang=\"en\">" }), "{path}{sep}");
        }
    }
}

#[tokio::test]
async fn bad_parameters_give_a_4xx_page() {
    let a = app();
    for (path, want) in [
        ("/doc/nope.txt", StatusCode::NOT_FOUND),
        ("/person/999999", StatusCode::NOT_FOUND),
        ("/person/abc", StatusCode::BAD_REQUEST),
        ("/directive/999999", StatusCode::NOT_FOUND),
        ("/tasks?limit=abc", StatusCode::BAD_REQUEST),
        ("/tasks?due_before=someday", StatusCode::BAD_REQUEST),
        ("/tasks?status=finished", StatusCode::BAD_REQUEST),
        ("/?from=yesterday&q=x", StatusCode::BAD_REQUEST),
        ("/?kind=weather&q=x", StatusCode::BAD_REQUEST),
        ("/events?to=soon", StatusCode::BAD_REQUEST),
        ("/no-such-page", StatusCode::NOT_FOUND),
        ("/assets/secret.txt", StatusCode::NOT_FOUND),
    ] {
        let (s, _, body) = get(&a.app, path).await;
        assert_eq!(s, want, "{path}: {body}");
    }
    // Outside the API's version, still a JSON error.
    let (s, ty, _) = get(&a.app, "/api/v2/tasks").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(ty.starts_with("application/json"), "{ty}");
}

#[tokio::test]
async fn document_text_is_escaped_everywhere() {
    let a = app();
    for path in ["/doc/hostile.txt", "/?q=an+ninh", "/tasks?assignee=noi+vu", "/events"] {
        let (s, _, body) = get(&a.app, path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(!body.contains("<script>alert"), "{path}: raw script tag");
        assert!(!body.contains("<img src=x"), "{path}: raw img tag");
    }
    let (_, _, body) = get(&a.app, "/doc/hostile.txt").await;
    assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text");
}

#[tokio::test]
async fn pages_send_a_strict_content_security_policy() {
    let a = app();
    let res = a.app.clone().oneshot(Request::get("/").body(Body::empty()).unwrap()).await.unwrap();
    let csp = res.headers().get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
}

#[tokio::test]
async fn task_export_is_a_safe_csv_under_the_filters() {
    let a = app();
    let (s, ty, body) = get(&a.app, "/tasks.csv").await;
    assert_eq!(s, StatusCode::OK);
    assert!(ty.starts_with("text/csv"), "{ty}");
    assert!(body.starts_with('\u{feff}'), "a BOM, for spreadsheets");
    let mut r = csv::Reader::from_reader(body.trim_start_matches('\u{feff}').as_bytes());
    let head = r.headers().unwrap().clone();
    assert_eq!(&head[0], "id");
    let text = head.iter().position(|h| h == "text").unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert!(rows.len() >= 5, "{}", rows.len());
    let hostile = rows.iter().find(|r| r[text].contains("HYPERLINK")).expect("the hostile task is exported");
    assert!(!hostile[text].starts_with('='));
    let (_, _, few) = get(&a.app, "/tasks.csv?assignee=noi+vu").await;
    assert_eq!(few.lines().count(), 2, "header and the one task: {few}");
    let (s, _, _) = get(&a.app, "/tasks.csv?overdue=maybe").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn person_corrections_reach_the_person_page_and_the_record() {
    let a = app();
    let mut store = Store::open(&a.db).unwrap();
    let (pid, doc, s, e): (i64, String, i64, i64) = store
        .connection()
        .query_row(
            "SELECT m.person, d.ext_id, m.start, m.end FROM person_mentions m JOIN documents d ON d.id = m.doc WHERE m.end > m.start ORDER BY m.rowid LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let c = NewCorrection {
        doc,
        kind: "person".into(),
        span: (s as usize, e as usize),
        action: Action::Edit,
        field: Some("rank".into()),
        value: Some("Thượng tá".into()),
        note: Some("theo quyết định thăng cấp".into()),
    };
    store.add_correction(&c, "Chánh Văn phòng").unwrap();
    let card = store.person_by_id(pid).unwrap().unwrap();
    assert_eq!(card.rank.as_deref(), Some("Thượng tá"));
    assert_eq!(card.corrected.len(), 1);
    let (_, _, page) = get(&a.app, &format!("/person/{pid}")).await;
    assert!(page.contains("Thượng tá") && page.contains("Chánh Văn phòng"), "shown, and as made by a person");
    let (_, _, record) = get(&a.app, "/corrections").await;
    assert!(record.contains("Chánh Văn phòng") && record.contains("theo quyết định thăng cấp"));
}

/// Signs in with the token as the login form does: the session cookie (`name=value`).
async fn session(app: &Router) -> String {
    let req = Request::post("/login").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from(format!("token={TOKEN}"))).unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let set = res.headers()[header::SET_COOKIE].to_str().unwrap();
    set.split(';').next().unwrap().to_string()
}

async fn post_form(app: &Router, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let body = form.iter().map(|(k, v)| format!("{k}={}", urlencode(v))).collect::<Vec<_>>().join("&");
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, session(app).await)
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let loc = res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    (status, loc)
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// The spans of the tasks people added to `doc`.
fn added_spans(db: &Path, doc: &str) -> Vec<(usize, usize)> {
    let store = Store::open(db).unwrap();
    let mut st = store.connection().prepare("SELECT start, end FROM corrections WHERE doc = ?1 AND action = 'add' AND withdrawn = 0 ORDER BY id").unwrap();
    st.query_map([doc], |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize))).unwrap().map(Result::unwrap).collect()
}

#[tokio::test]
async fn an_added_task_is_where_its_quoted_words_are() {
    let a = app();
    let doc = "so-ket-cong-an.txt";
    let text = String::from_utf8(std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples").join(doc)).unwrap()).unwrap();
    // Words with Vietnamese letters, across a paragraph break.
    let brk = text.find("\n\n").unwrap();
    let (qa, qb) = (text[..brk].char_indices().rev().nth(20).unwrap().0, text[brk..].char_indices().nth(22).unwrap().0 + brk);
    let qa = qa + (text[qa..qb].len() - text[qa..qb].trim_start().len());
    let qb = qa + text[qa..qb].trim_end().len();
    let quote = &text[qa..qb];
    assert!(quote.contains('\n') && !quote.is_ascii());
    // A span that does not hold the quoted words (a selection measured wrong) is not trusted;
    // the textarea's line breaks come as CR LF.
    let sent = quote.replace('\n', "\r\n");
    let (wrong_a, wrong_b) = (qa, qa + text[qa..].char_indices().nth(5).unwrap().0);
    let (s, loc) = post_form(
        &a.app,
        "/corrections",
        &[("doc", doc), ("kind", "task"), ("action", "add"), ("start", &wrong_a.to_string()), ("end", &wrong_b.to_string()), ("quote", &sent), ("assignee", "Đội Cảnh sát giao thông"), ("back", "/doc/so-ket-cong-an.txt")],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{loc}");
    assert_eq!(added_spans(&a.db, doc), vec![(qa, qb)], "the span of the quoted words");
    // Without a span, the quote is found (line breaks as the browser sends them).
    let (s, _) = post_form(&a.app, "/corrections", &[("doc", doc), ("kind", "task"), ("action", "add"), ("start", ""), ("end", ""), ("quote", &sent)]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(added_spans(&a.db, doc).last(), Some(&(qa, qb)));
    // Words not in the text: refused, with a page.
    let (s, _) = post_form(&a.app, "/corrections", &[("doc", doc), ("kind", "task"), ("action", "add"), ("start", "0"), ("end", "5"), ("quote", "Tỉnh ủy Hòa Lạc họp bất thường")]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

/// The links of the board's "by assignee" table with the count each shows.
fn assignee_links(page: &str) -> Vec<(String, usize)> {
    let table = &page[page.find("<aside class=\"assignees\">").unwrap()..];
    let table = &table[..table.find("</aside>").unwrap()];
    table
        .split("<td><a href=\"")
        .skip(1)
        .map(|row| {
            let href = row[..row.find('"').unwrap()].replace("&amp;", "&");
            let n = row.split("<td class=\"n\">").nth(1).unwrap();
            (href, n[..n.find('<').unwrap()].parse().unwrap())
        })
        .collect()
}

#[tokio::test]
async fn an_assignee_link_shows_as_many_tasks_as_it_counts() {
    let a = app();
    let (_, _, page) = get(&a.app, "/tasks").await;
    let links = assignee_links(&page);
    assert!(links.len() >= 5, "{links:?}");
    // "Công an tỉnh" is also part of "Đảng ủy Công an tỉnh": its link must not bring both.
    for (href, n) in links {
        let (s, _, csv) = get(&a.app, &href.replacen("/tasks", "/tasks.csv", 1)).await;
        assert_eq!(s, StatusCode::OK, "{href}");
        assert_eq!(csv.lines().count() - 1, n, "{href}: the tasks counted");
        let (_, _, board) = get(&a.app, &href).await;
        assert_eq!(board.matches("<tr id=\"t-").count(), n, "{href}: the board's rows");
    }
    // Without quotes, still every assignee containing the words ("Đảng ủy Công an tỉnh" too).
    let (_, _, any) = get(&a.app, "/tasks.csv?assignee=cong+an+tinh").await;
    let (_, _, exact) = get(&a.app, "/tasks.csv?assignee=%22C%C3%B4ng+an+t%E1%BB%89nh%22").await;
    assert!(exact.lines().count() > 1, "{exact}");
    assert!(any.lines().count() > exact.lines().count(), "{any}");
    assert!(any.contains("Đảng ủy Công an tỉnh") && !exact.contains("Đảng ủy Công an tỉnh"));
}

#[tokio::test]
async fn page_errors_are_pages_not_json() {
    let a = app();
    for (method, path, want) in [
        ("GET", "/person/abc", StatusCode::BAD_REQUEST),
        ("GET", "/doc/%FF", StatusCode::BAD_REQUEST),
        ("GET", "/tasks?offset=-1", StatusCode::BAD_REQUEST),
        ("GET", "/tasks?overdue=yes", StatusCode::BAD_REQUEST),
        ("GET", "/events?offset=99999999999999999999", StatusCode::BAD_REQUEST),
        ("GET", "/corrections?withdrawn=maybe", StatusCode::BAD_REQUEST),
        ("GET", "/lang", StatusCode::BAD_REQUEST),
        ("GET", "/tasks.csv?offset=x", StatusCode::BAD_REQUEST),
        ("GET", "/tasks/abc/status", StatusCode::METHOD_NOT_ALLOWED),
        ("GET", "/logout", StatusCode::METHOD_NOT_ALLOWED),
        ("PUT", "/tasks", StatusCode::METHOD_NOT_ALLOWED),
        ("POST", "/upload", StatusCode::BAD_REQUEST),
        ("POST", "/corrections", StatusCode::BAD_REQUEST),
    ] {
        let req = Request::builder()
            .method(method)
            .uri(format!("{path}{}lang=en", if path.contains('?') { '&' } else { '?' }))
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("x=1"))
            .unwrap();
        let res = a.app.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), want, "{method} {path}");
        let ty = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        assert!(ty.starts_with("text/html"), "{method} {path}: {ty}");
        let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
        assert!(body.contains("<html lang=\"en\">") && body.contains("section class=\"error\""), "{method} {path}: {body}");
    }
    // The API keeps its JSON.
    let (s, ty, _) = get(&a.app, "/api/v1/people/abc").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(ty.starts_with("application/json"), "{ty}");
}

#[tokio::test]
async fn paging_beyond_the_last_row_leads_back_to_the_first_page() {
    let a = app();
    for (page, first) in [("/tasks?offset=5000", "/tasks\""), ("/events?offset=5000", "/events\""), ("/tasks?assignee=cong+an&offset=5000", "/tasks?assignee=cong%20an\"")] {
        let (s, _, body) = get(&a.app, page).await;
        assert_eq!(s, StatusCode::OK);
        let pager = &body[body.find("<nav class=\"pager\">").unwrap()..];
        let pager = &pager[..pager.find("</nav>").unwrap()];
        assert!(pager.contains(&format!("href=\"{first}")), "{page}: {pager}");
        assert!(!pager.contains("offset=4950"), "{page}: no link to another empty page: {pager}");
    }
    // Within the rows, "previous" steps back one page.
    let (_, _, body) = get(&a.app, "/tasks?offset=2").await;
    assert!(body.contains("href=\"/tasks\">← Trang trước"), "offset 2 steps back to the start");
}

#[tokio::test]
async fn event_kinds_are_translated_in_english() {
    let a = app();
    let kinds: Vec<String> = {
        let store = Store::open(&a.db).unwrap();
        let mut st = store.connection().prepare("SELECT DISTINCT kind FROM events").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert!(kinds.iter().any(|k| k == "hội nghị"), "{kinds:?}");
    let (_, _, en) = get(&a.app, "/events?lang=en").await;
    let (_, _, vi) = get(&a.app, "/events").await;
    for k in &kinds {
        assert!(!en.contains(&format!("<b>{k}</b>")), "English timeline shows {k:?} untranslated");
        assert!(vi.contains(&format!("<b>{k}</b>")), "Vietnamese timeline shows {k:?}");
    }
    assert!(en.contains("<b>conference</b>"), "hội nghị in English");
    // The event cards of the document view too.
    let (_, _, doc) = get(&a.app, "/doc/hoi-nghi-dang-uy-khoi.txt?lang=en").await;
    assert!(doc.contains("<dd>conference"), "an event card's kind in English");
}

#[tokio::test]
async fn a_correction_returns_to_its_fact_card() {
    let a = app();
    let req = Request::get("/doc/kiem-tra-tinh-uy.txt").header(header::COOKIE, session(&a.app).await).body(Body::empty()).unwrap();
    let page = String::from_utf8(a.app.clone().oneshot(req).await.unwrap().into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(page.contains("name=\"back\" value=\"/doc/kiem-tra-tinh-uy.txt#f"), "signed in, each card's forms come back to the card");
    let store = Store::open(&a.db).unwrap();
    let (s, e): (i64, i64) = store
        .connection()
        .query_row(
            "SELECT t.start, t.end FROM tasks t JOIN documents d ON d.id = t.doc WHERE d.ext_id = 'kiem-tra-tinh-uy.txt' ORDER BY t.start LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let (st, loc) = post_form(
        &a.app,
        "/corrections",
        &[
            ("doc", "kiem-tra-tinh-uy.txt"),
            ("kind", "task"),
            ("start", &s.to_string()),
            ("end", &e.to_string()),
            ("action", "reject"),
            ("back", "/doc/kiem-tra-tinh-uy.txt#f7"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    assert_eq!(loc, "/doc/kiem-tra-tinh-uy.txt#f7");
}

#[tokio::test]
async fn sign_out_from_another_site_is_refused() {
    let a = app();
    let req = |site: &str| Request::post("/logout").header("sec-fetch-site", site).body(Body::empty()).unwrap();
    assert_eq!(a.app.clone().oneshot(req("cross-site")).await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(a.app.clone().oneshot(req("same-origin")).await.unwrap().status(), StatusCode::SEE_OTHER);
}

async fn upload(app: &Router, fields: &[(&str, &str)]) -> StatusCode {
    let b = "chidaoBoundary7MA4YWxk";
    let mut body = String::new();
    for (k, v) in fields {
        body += &format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n");
    }
    body += &format!("--{b}--\r\n");
    let req = Request::post("/upload")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={b}"))
        .header(header::COOKIE, session(app).await)
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap();
    app.clone().oneshot(req).await.unwrap().status()
}

#[tokio::test]
async fn an_upload_over_another_document_needs_the_replace_box() {
    let a = app();
    let text = "Sáng 2/4/2024, UBND huyện Sơn Bình họp giao ban. Chủ tịch UBND huyện yêu cầu Phòng Tài chính hoàn thành báo cáo trước ngày 15/4/2024.";
    assert_eq!(upload(&a.app, &[("id", "giao-ban.txt"), ("text", text)]).await, StatusCode::SEE_OTHER);
    assert_eq!(upload(&a.app, &[("id", "giao-ban.txt"), ("text", text)]).await, StatusCode::SEE_OTHER, "the same text: nothing to do");
    let other = format!("{text} Phòng Nội vụ báo cáo trong tháng 4/2024.");
    assert_eq!(upload(&a.app, &[("id", "giao-ban.txt"), ("text", &other)]).await, StatusCode::CONFLICT);
    assert_eq!(upload(&a.app, &[("id", "giao-ban.txt"), ("text", &other), ("replace", "true")]).await, StatusCode::SEE_OTHER);
    let stored = Store::open(&a.db).unwrap().document_text("giao-ban.txt").unwrap().unwrap();
    assert!(stored.contains("Phòng Nội vụ"));
}

/// A fictional report with one confident task and two doubtful ones (an expert's advice to
/// families): the register keeps all three, the board shows the confident one by default.
const DOUBTFUL: &str = "Ủy ban nhân dân huyện Tân Phong họp bàn phòng chống thiên tai\n\n\
Sáng 4/5/2024, UBND huyện Tân Phong tổ chức hội nghị triển khai công tác phòng chống thiên tai năm 2024. \
Chủ tịch UBND huyện Nguyễn Văn Bình yêu cầu Phòng Nông nghiệp hoàn thành phương án ứng phó trước ngày 30/6/2024.\n\n\
Theo bác sĩ Trần Minh, mỗi gia đình nên chuẩn bị đèn pin, nước uống và thuốc men. Mình phải để đồ đạc lên cao trước khi nước lên.\n";

fn app_with_doubtful() -> App {
    let a = app();
    let mut store = Store::open(&a.db).unwrap();
    store.ingest_one("thien-tai.txt", DOUBTFUL.as_bytes()).unwrap();
    a
}

#[tokio::test]
async fn the_board_shows_confident_tasks_and_reveals_the_doubtful() {
    let a = app_with_doubtful();
    let (_, _, board) = get(&a.app, "/tasks?doc=thien-tai.txt").await;
    assert_eq!(board.matches("<tr id=\"t-").count(), 1, "the confident task only");
    assert!(board.contains("Phòng Nông nghiệp") && !board.contains("đèn pin"));
    assert!(board.contains("Hiện cả nhiệm vụ chưa chắc chắn"), "the way to reveal the rest");
    assert!(board.contains("tier tier-high"), "each row shows its tier");
    let (_, _, all) = get(&a.app, "/tasks?doc=thien-tai.txt&doubtful=1").await;
    assert_eq!(all.matches("<tr id=\"t-").count(), 3);
    assert!(all.contains("tier tier-low") && all.contains("đèn pin"));
    assert!(all.contains("name=\"doubtful\" value=\"1\" checked"), "the box stays ticked");
    let (_, _, en) = get(&a.app, "/tasks?lang=en").await;
    assert!(en.contains("Show doubtful tasks too"));
    // The assignees' counts follow the same default.
    let (_, _, page) = get(&a.app, "/tasks").await;
    assert!(!assignee_links(&page).iter().any(|(h, _)| h.contains("gia%20%C4%91%C3%ACnh") || h.contains("gia+%C4%91")), "{:?}", assignee_links(&page));
    let (_, _, page) = get(&a.app, "/tasks?doubtful=1").await;
    assert!(page.contains("mỗi gia đình"));
    // Revealed, an assignee's link keeps revealing: it shows as many tasks as it counts.
    for (href, n) in assignee_links(&page) {
        assert!(href.contains("doubtful=1"), "{href}");
        let (_, _, board) = get(&a.app, &href).await;
        assert_eq!(board.matches("<tr id=\"t-").count(), n, "{href}");
    }
    // The CSV too, with the tier and the score.
    let (_, _, csv) = get(&a.app, "/tasks.csv?doc=thien-tai.txt").await;
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.lines().next().unwrap().contains("tier,confidence"));
    let (_, _, csv) = get(&a.app, "/tasks.csv?doc=thien-tai.txt&doubtful=1").await;
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.contains(",low,0.0"), "{csv}");
    // The document's task cards show the confidence and the reasons of the judgement.
    let (_, _, doc) = get(&a.app, "/doc/thien-tai.txt").await;
    assert!(doc.contains("Lý do đánh giá") && doc.contains("assignee private person"), "the reasons");
    assert!(doc.contains("tier tier-low") && doc.contains("tier tier-high"));
}

#[tokio::test]
async fn no_deadline_is_a_state_of_its_own() {
    let a = app();
    let (_, _, board) = get(&a.app, "/tasks?state=no_deadline").await;
    let n = board.matches("<tr id=\"t-").count();
    assert!(n >= 1, "the examples have tasks without a deadline");
    assert_eq!(board.matches("Chưa có hạn").count(), n + 2, "each row's state, the filter's option and the count by state");
    assert!(board.contains(&format!("Chưa có hạn: {n}")), "the count by state follows the filter");
    assert_eq!(board.matches("<td class=\"due\">—").count(), n, "no row with a deadline");
    let (_, _, home) = get(&a.app, "/").await;
    assert!(home.contains("state=no_deadline") && home.contains("Chưa có hạn"), "the home page counts it apart");
    let (_, _, en) = get(&a.app, "/tasks?state=no_deadline&lang=en").await;
    assert!(en.contains("No deadline"));
    let (s, _, _) = get(&a.app, "/tasks?state=soon").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn dates_are_shown_as_known_never_with_a_question_mark() {
    let a = app();
    let store = Store::open(&a.db).unwrap();
    let c = store.connection();
    let person: i64 = c.query_row("SELECT person FROM person_roles ORDER BY person LIMIT 1", [], |r| r.get(0)).unwrap();
    // The person's documents dated on a day of an unknown year.
    c.execute("UPDATE documents SET date = 'XXXX-02-06' WHERE id IN (SELECT doc FROM person_roles WHERE person = ?1)", [person]).unwrap();
    drop(store);
    let (s, _, page) = get(&a.app, &format!("/person/{person}")).await;
    assert_eq!(s, StatusCode::OK);
    let q = page.find("/?<").or(page.find("/? ")).or(page.find("????")).map(|i| &page[i.saturating_sub(200)..(i + 100).min(page.len())]);
    assert!(q.is_none(), "no question marks for what is unknown: {q:?}");
    assert!(page.contains("6/2, năm chưa rõ"), "the dates as known");
    let (_, _, en) = get(&a.app, &format!("/person/{person}?lang=en")).await;
    assert!(en.contains("6 Feb, year unknown"), "in English too");
}

/// The directive page shows the implementation cascade as nested lists with counts and links.
#[tokio::test]
async fn the_directive_page_shows_the_cascade() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let mut store = Store::open(&db).unwrap();
    for (id, bytes) in common::cascade() {
        store.ingest_one(&id, &bytes).unwrap();
    }
    let id = store.directive("07-CT/TU").unwrap()[0].id;
    let plan = store.directive("15-KH/HU").unwrap()[0].id;
    drop(store);
    let app = chidao_server::app(AppState::open(&db, TOKEN.into(), false).unwrap());
    let (status, _, page) = get(&app, &format!("/directive/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let tree = &page[page.find("id=\"cascade\"").expect("the cascade section")..];
    let tree = &tree[..tree.find("</section>").unwrap()];
    assert!(tree.contains("Cây triển khai thực hiện"), "{tree}");
    assert_eq!(tree.matches("<ul class=\"cascade").count(), 3, "the root, its children, the plan's children: {tree}");
    assert_eq!(tree.matches("<li class=\"implementing\"").count(), 3, "{tree}");
    assert_eq!(tree.matches("<li class=\"report\"").count(), 1, "{tree}");
    for doc in ["cascade_1_chi_thi_tinh_uy.txt", "cascade_2_ke_hoach_huyen_uy.txt", "cascade_3_bao_cao_dang_uy_xa.txt", "cascade_4_ke_hoach_ubnd_huyen.txt"] {
        assert!(tree.contains(&format!("href=\"/doc/{doc}\"")), "{doc}: {tree}");
    }
    assert!(tree.contains(&format!("href=\"/directive/{plan}\"")), "{tree}");
    assert!(tree.contains("Huyện ủy Tân Lĩnh") && tree.contains("Đảng ủy xã Đông Vân"), "{tree}");
    assert!(tree.contains("nhiệm vụ") && tree.contains("quá hạn"), "{tree}");
    let (_, _, en) = get(&app, &format!("/directive/{id}?lang=en")).await;
    assert!(en.contains("Implementation cascade") && en.contains("Report"), "{en}");
    // A directive nothing implements says so.
    let (_, _, leaf) = get(&app, &format!("/directive/{}", {
        let s = Store::open(&db).unwrap();
        s.directive("32-BC/ĐU").unwrap()[0].id
    }))
    .await;
    assert!(leaf.contains("Chưa có văn bản nào trong sổ triển khai văn bản này."), "{leaf}");
}
