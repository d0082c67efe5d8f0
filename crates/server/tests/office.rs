//! The office's pages and files (issue 13): the lists of directives and people, a person's
//! directed tasks and chaired events, the dashboard, the calendar and Atom feeds (parsed back by
//! `icalendar`'s parser and `atom_syndication`), the due-soon view, and the report sent upward —
//! the DOCX converted to PDF by LibreOffice (skipped without `soffice`) and the XLSX read back by
//! `calamine`. Over the bundled fictional examples and a fictional plan with recurring reports.

mod common;

use std::io::Cursor;
use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chidao_store::Store;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

const TOKEN: &str = "office-token-0123456789abcdef";
/// A fictional plan whose items carry recurring report deadlines.
const PLAN: &str = include_str!("fixtures/ke-hoach-so-noi-vu.txt");

use common::App;

fn app() -> App {
    common::app(TOKEN, false, |store| {
        store.ingest_one("ke-hoach-so-noi-vu.txt", PLAN.as_bytes()).unwrap();
    })
}

struct Got {
    status: StatusCode,
    ty: String,
    body: Vec<u8>,
}

impl Got {
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

async fn get(app: &Router, path: &str) -> Got {
    let req = Request::get(path).header(header::HOST, "127.0.0.1:8080").body(Body::empty()).unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let ty = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    Got { status, ty, body }
}

async fn json(app: &Router, path: &str) -> Value {
    let g = get(app, path).await;
    assert_eq!(g.status, StatusCode::OK, "{path}: {}", g.text());
    serde_json::from_slice(&g.body).unwrap()
}

fn id_of(db: &Path, sql: &str) -> i64 {
    Store::open(db).unwrap().connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[tokio::test]
async fn lists_search_without_diacritics_sort_and_page() {
    let a = app();
    let page = get(&a.app, "/directives?q=ke+hoach+27").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("27-KH/TU"), "{html}");
    assert!(!html.contains("412/QĐ-UBND"), "the search narrows the list");
    // Sorting by date ascending puts the resolution of January before the plan of April.
    let all = json(&a.app, "/api/v1/lists/directives?sort=date&order=asc").await;
    let dated: Vec<&str> = all["rows"].as_array().unwrap().iter().filter_map(|r| r["date"].as_str()).collect();
    let mut sorted = dated.clone();
    sorted.sort();
    assert_eq!(dated, sorted);
    assert_eq!(all["total"].as_u64().unwrap() as usize, all["rows"].as_array().unwrap().len());
    // Paging: one row at a time, the second page is the list's second row.
    let second = json(&a.app, "/api/v1/lists/directives?sort=code&limit=1&offset=1").await;
    let both = json(&a.app, "/api/v1/lists/directives?sort=code&limit=2").await;
    assert_eq!(second["rows"][0], both["rows"][1]);
    // Tasks by state add up.
    let plan = all["rows"].as_array().unwrap().iter().find(|r| r["code"] == "412/QĐ-UBND").unwrap();
    assert_eq!(plan["tasks"].as_array().unwrap().iter().map(|n| n.as_i64().unwrap()).sum::<i64>(), 2);

    let people = get(&a.app, "/people?q=tam").await.text();
    assert!(people.contains("Lê Văn Tâm"), "folded search finds the name");
    let by_name = json(&a.app, "/api/v1/lists/people?sort=name").await;
    assert!(by_name["total"].as_u64().unwrap() >= 4);
    assert_eq!(get(&a.app, "/people?sort=shoe").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(get(&a.app, "/api/v1/lists/directives?order=up").await.status, StatusCode::BAD_REQUEST);
    // The nav bar links them.
    for link in ["href=\"/directives\"", "href=\"/people\"", "href=\"/dashboard\"", "href=\"/due\""] {
        assert!(people.contains(link), "{link}");
    }
}

#[tokio::test]
async fn a_person_page_lists_tasks_directed_and_events_chaired() {
    let a = app();
    let id = id_of(&a.db, "SELECT id FROM persons WHERE name = 'Trịnh Quốc Vượng'");
    let html = get(&a.app, &format!("/person/{id}")).await.text();
    assert!(html.contains("Nhiệm vụ do người này chỉ đạo (4)"), "{html}");
    assert!(html.contains("Ban Tổ chức Tỉnh ủy"));
    assert!(html.contains("Sự kiện do người này chủ trì (2)"));
    // A person who directed nothing says so.
    let id = id_of(&a.db, "SELECT id FROM persons WHERE name = 'Vũ Thị Lan Anh'");
    let html = get(&a.app, &format!("/person/{id}?lang=en")).await.text();
    assert!(html.contains("Events this person chaired (1)"), "{html}");
}

#[tokio::test]
async fn the_dashboard_counts_what_the_board_lists() {
    let a = app();
    let d = json(&a.app, "/api/v1/dashboard").await;
    let board = json(&a.app, "/api/v1/tasks?limit=1000").await;
    let total: i64 = d["counts"]["by_state"].as_array().unwrap().iter().map(|n| n.as_i64().unwrap()).sum();
    assert_eq!(total as usize, board.as_array().unwrap().len());
    let units: i64 = d["units"].as_array().unwrap().iter().map(|u| u["counts"]["by_state"].as_array().unwrap().iter().map(|n| n.as_i64().unwrap()).sum::<i64>()).sum();
    assert_eq!(units, total, "every task is in one unit's row");
    // Scoped to a directive and a unit.
    let d = json(&a.app, "/api/v1/dashboard?directive=412%2FQ%C4%90-UBND&unit=so+tai+chinh").await;
    assert_eq!(d["counts"]["by_state"].as_array().unwrap().iter().map(|n| n.as_i64().unwrap()).sum::<i64>(), 1);
    // The page: charts as inline SVG, the thresholds explained, the downloads.
    let page = get(&a.app, "/dashboard?directive=27-KH%2FTU").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("<svg class=\"chart\""), "server-drawn chart");
    assert!(html.contains("Từ 80% trở lên: xanh"), "thresholds explained");
    assert!(html.contains("mặc định của chidao"), "and where they come from");
    assert!(html.contains("/report?directive=27-KH%2FTU&amp;format=docx"));
    assert!(html.contains("rag rag-red"), "the plan's one task is overdue: red");
    assert!(!html.contains("<script>"), "no inline script");
    // A period and bad input.
    assert_eq!(get(&a.app, "/dashboard?from=1%2F1%2F2024&to=31%2F12%2F2024").await.status, StatusCode::OK);
    assert_eq!(get(&a.app, "/dashboard?from=ngay+mai").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(get(&a.app, "/dashboard?directive=99-XX%2FYY").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(get(&a.app, "/dashboard?lang=en").await.status, StatusCode::OK);
}

/// Every content line of an iCalendar stream: at most 75 octets, CRLF-terminated.
fn check_folding(ics: &str) {
    assert!(ics.ends_with("\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets: {line:?}", line.len());
    }
}

#[tokio::test]
async fn calendars_parse_back_with_stable_uids_links_and_recurrences() {
    use icalendar::{Calendar, Component};
    let a = app();
    // A unit's calendar is named by the register's key of the unit (the due view links it).
    let key = chidao_store::office::unit_path_key("Phòng Xây dựng chính quyền");
    let ics = get(&a.app, &format!("/calendar/unit/{}.ics", key.replace(' ', "%20"))).await;
    assert_eq!(ics.status, StatusCode::OK, "{}", ics.text());
    assert!(ics.ty.starts_with("text/calendar"));
    let text = ics.text();
    check_folding(&text);
    let cal: Calendar = text.parse().expect("the feed parses");
    let events: Vec<_> = cal.components.iter().filter_map(|c| c.as_event()).collect();
    assert_eq!(events.len(), 1, "{text}");
    let e = events[0];
    assert_eq!(e.property_value("RRULE"), Some("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15;BYMONTH=3,6,9,12"));
    assert!(e.get_summary().unwrap().starts_with("Hạn: Phòng Xây dựng chính quyền"));
    assert!(e.get_url().unwrap().starts_with("http://127.0.0.1:8080/tasks/"), "the link opens the task's page");
    assert!(e.get_uid().unwrap().starts_with("task-"));
    assert!(e.get_timestamp().is_some(), "DTSTAMP");
    // The plan is dated 10/1/2025: the quarterly report's first occurrence is 15/3/2025, so
    // the event starts there (a start the rule does not produce would be an extra occurrence).
    assert!(text.contains("DTSTART;VALUE=DATE:20250315"), "{text}");
    assert_eq!(text.matches("\nPRODID:").count(), 1, "one PRODID (RFC 5545): {text}");
    assert_eq!(text.matches("\nVERSION:2.0").count(), 1);

    // A directive's calendar: every dated task of it, the same UIDs on every fetch.
    let id = id_of(&a.db, "SELECT id FROM directives WHERE code = '412/QĐ-UBND'");
    let one = get(&a.app, &format!("/calendar/directive/{id}.ics")).await.text();
    let two = get(&a.app, &format!("/calendar/directive/{id}.ics")).await.text();
    assert_eq!(one, two, "stable: UIDs and stamps do not change between fetches");
    check_folding(&one);
    let cal: Calendar = one.parse().unwrap();
    let events: Vec<_> = cal.components.iter().filter_map(|c| c.as_event()).collect();
    assert_eq!(events.len(), 1, "the task without a deadline or recurrence has no event");
    assert!(one.contains("DTSTART;VALUE=DATE:20240430"), "{one}");
    assert!(one.contains("DTEND;VALUE=DATE:20240501"));
    // Text is escaped: a comma in a summary is written \, and read back whole.
    assert!(one.contains("\\,"), "commas escaped: {one}");
    assert_eq!(get(&a.app, "/calendar/directive/999999.ics").await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&a.app, "/calendar/unit/khong-co-don-vi-nay.ics").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_atom_feed_is_valid_atom_with_new_and_overdue_tasks() {
    let a = app();
    let got = get(&a.app, "/feed/tasks.atom").await;
    assert_eq!(got.status, StatusCode::OK);
    assert!(got.ty.starts_with("application/atom+xml"));
    let feed = atom_syndication::Feed::read_from(Cursor::new(&got.body)).expect("valid Atom");
    assert_eq!(feed.id, "urn:chidao:feed:tasks");
    assert!(feed.links.iter().any(|l| l.rel == "self"));
    assert!(!feed.entries.is_empty());
    for e in &feed.entries {
        assert!(e.id.starts_with("urn:chidao:task:"));
        assert!(e.links.iter().any(|l| l.href.starts_with("http://127.0.0.1:8080/tasks/")));
        assert!(e.updated <= feed.updated);
    }
    assert!(feed.entries.iter().any(|e| e.title.value.starts_with("Quá hạn")), "overdue tasks are in it");
    assert!(feed.entries.iter().any(|e| e.title.value.starts_with("Nhiệm vụ mới")), "new tasks are in it");
}

#[tokio::test]
async fn the_due_view_takes_7_or_30_days() {
    let a = app();
    for d in ["/due", "/due?days=30", "/due?days=7&unit=cong+an", "/due?lang=en"] {
        let g = get(&a.app, d).await;
        assert_eq!(g.status, StatusCode::OK, "{d}");
        assert!(g.text().contains("<nav class=\"tabs\">"));
    }
    assert_eq!(get(&a.app, "/due?days=0").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(get(&a.app, "/due?days=abc").await.status, StatusCode::BAD_REQUEST);
}

/// The tasks of a directive, as the API lists them.
async fn directive_tasks(app: &Router, code: &str) -> Vec<Value> {
    json(app, &format!("/api/v1/tasks?limit=1000&directive={}", code.replace('/', "%2F").replace('Đ', "%C4%90"))).await.as_array().unwrap().clone()
}

/// Vietnamese state names as the reports write them.
fn state_vi(code: &str) -> &'static str {
    match code {
        "done_on_time" => "Hoàn thành đúng hạn",
        "done_late" => "Hoàn thành quá hạn",
        "open_in_time" => "Trong hạn",
        "open_overdue" => "Quá hạn",
        _ => "Chưa có hạn",
    }
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[tokio::test]
async fn the_xlsx_report_reads_back_with_vietnamese_headers_and_states() {
    use calamine::{Reader, Xlsx};
    let a = app();
    let tasks = directive_tasks(&a.app, "412/QĐ-UBND").await;
    assert_eq!(tasks.len(), 2);
    let got = get(&a.app, "/report?directive=412%2FQ%C4%90-UBND&format=xlsx").await;
    assert_eq!(got.status, StatusCode::OK);
    assert!(got.ty.contains("spreadsheetml"));
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(got.body)).expect("an XLSX");
    let names = book.sheet_names().to_vec();
    assert_eq!(names, ["Nhiệm vụ", "Theo đơn vị"]);
    let sheet = book.worksheet_range("Nhiệm vụ").unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0][..3], ["STT", "Nội dung nhiệm vụ", "Đơn vị, người thực hiện"]);
    assert!(rows[0].contains(&"Văn bản giao nhiệm vụ".to_string()) && rows[0].contains(&"Liên kết".to_string()));
    assert_eq!(rows.len(), 1 + tasks.len());
    let state_col = rows[0].iter().position(|h| h == "Tình trạng").unwrap();
    for t in &tasks {
        let row = rows.iter().find(|r| r[1] == t["text"].as_str().unwrap()).unwrap_or_else(|| panic!("{t}"));
        assert_eq!(row[state_col], state_vi(t["state"].as_str().unwrap()));
    }
    for r in &rows[1..] {
        assert!(!r.iter().any(|c| c.contains("open_") || c.contains("done_") || c == "no_deadline"), "no state codes: {r:?}");
    }
}

#[tokio::test]
async fn the_docx_report_converts_to_pdf_holding_every_task_and_its_state() {
    let test = "the_docx_report_converts_to_pdf_holding_every_task_and_its_state";
    let a = app();
    let tasks = directive_tasks(&a.app, "412/QĐ-UBND").await;
    let got = get(&a.app, "/report?directive=412%2FQ%C4%90-UBND&format=docx").await;
    assert_eq!(got.status, StatusCode::OK);
    assert!(got.ty.contains("wordprocessingml"));
    // Without LibreOffice: the file is at least a zip with the document part in Times New Roman.
    let mut zip = zip_entries(&got.body);
    let xml = zip.remove("word/document.xml").expect("word/document.xml");
    assert!(xml.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && xml.contains("Độc lập - Tự do - Hạnh phúc"));
    assert!(xml.contains("BÁO CÁO"));
    let styles = zip.remove("word/styles.xml").unwrap_or_default();
    assert!(styles.contains("Times New Roman"), "the default font");
    let (soffice, pdftotext) = (which("soffice"), which("pdftotext"));
    let (Some(soffice), Some(pdftotext)) = (soffice, pdftotext) else {
        chidao_testkit::skip(test, "soffice (libreoffice-writer) or pdftotext (poppler-utils) is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let pdf = libreoffice_convert(&soffice, dir.path(), "bao-cao.docx", &got.body, "pdf", "pdf");
    // -raw: the content stream's order, a table cell after another (the layout mode interleaves columns).
    let text = std::process::Command::new(pdftotext).arg("-raw").arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let flat = squeeze(&text);
    assert!(text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), "{text}");
    assert!(flat.contains(&squeeze("Tình hình thực hiện nhiệm vụ")));
    for t in &tasks {
        let sentence: String = t["text"].as_str().unwrap().chars().take(60).collect();
        assert!(flat.contains(&squeeze(&sentence)), "task {sentence:?} not in the PDF:\n{text}");
        assert!(flat.contains(&squeeze(state_vi(t["state"].as_str().unwrap()))));
    }
}

/// Writes `bytes` as `name` in `dir` and converts it with LibreOffice headless (`filter`: what
/// `--convert-to` takes); the converted file, whose extension is `ext`.
fn libreoffice_convert(soffice: &Path, dir: &Path, name: &str, bytes: &[u8], filter: &str, ext: &str) -> std::path::PathBuf {
    let input = dir.join(name);
    std::fs::write(&input, bytes).unwrap();
    let out = std::process::Command::new(soffice)
        .args(["--headless", "--norestore", &format!("-env:UserInstallation=file://{}/profile", dir.display()), "--convert-to", filter, "--outdir"])
        .arg(dir)
        .arg(&input)
        .output()
        .unwrap();
    let converted = input.with_extension(ext);
    assert!(converted.exists(), "LibreOffice converted nothing: {}", String::from_utf8_lossy(&out.stderr));
    converted
}

#[tokio::test]
async fn the_xlsx_report_opens_in_libreoffice_calc_holding_every_task_and_its_state() {
    let test = "the_xlsx_report_opens_in_libreoffice_calc_holding_every_task_and_its_state";
    let a = app();
    let tasks = directive_tasks(&a.app, "412/QĐ-UBND").await;
    let got = get(&a.app, "/report?directive=412%2FQ%C4%90-UBND&format=xlsx").await;
    assert_eq!(got.status, StatusCode::OK);
    // Calc is its own package (libreoffice-calc-nogui): its core library beside soffice.
    let soffice = which("soffice").and_then(|p| std::fs::canonicalize(p).ok());
    let Some(soffice) = soffice.filter(|p| p.with_file_name("libsclo.so").exists()) else {
        chidao_testkit::skip(test, "LibreOffice Calc (libreoffice-calc-nogui) is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // The first sheet as CSV: comma, double quote, UTF-8 (76).
    let csv = libreoffice_convert(&soffice, dir.path(), "bao-cao.xlsx", &got.body, "csv:Text - txt - csv (StarCalc):44,34,76", "csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("STT,Nội dung nhiệm vụ"), "Vietnamese headers: {text}");
    for t in &tasks {
        let line = text.lines().find(|l| l.contains(t["text"].as_str().unwrap())).unwrap_or_else(|| panic!("task not in Calc's view: {t}\n{text}"));
        assert!(line.contains(state_vi(t["state"].as_str().unwrap())), "{line}");
    }
}

fn which(cmd: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|p| std::env::split_paths(&p).map(|d| d.join(cmd)).find(|f| f.is_file()))
}

/// The text parts of a zip (a DOCX).
fn zip_entries(bytes: &[u8]) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let mut s = String::new();
        if std::io::Read::read_to_string(&mut f, &mut s).is_ok() {
            out.insert(name, s);
        }
    }
    out
}
