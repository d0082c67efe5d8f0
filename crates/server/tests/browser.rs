//! End-to-end tests of the web app in a real browser: headless Chromium driven through
//! chromedriver (WebDriver) by `fantoccini`.
//!
//! Each test builds a register from the bundled fictional `examples/` in a temporary folder,
//! serves it in process on a free loopback port, starts `chromedriver` on another free port (its
//! process group is killed when the test ends, passing or not) and drives Chromium with a fresh
//! profile. The tests run one at a time (a lock), so a 2-core machine runs one browser at once.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`/usr/bin/chromium`, `/usr/bin/chromedriver`;
//! `CHIDAO_CHROMIUM` and `CHIDAO_CHROMEDRIVER` name others). Without them every test says so and
//! passes, so a machine without a browser still passes `cargo test`.
//!
//! The screenshots of `docs/screenshots/` come from the ignored test `screenshots`:
//! `cargo test --release -p chidao-server --test browser -- --ignored screenshots`; the directive
//! page with its implementation cascade (`cascade.png`) from `-- --ignored cascade_screenshot`.

mod common;

use std::error::Error;
use std::future::Future;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chidao_store::{Signature, Store, content_hash};
use common::{examples, repo};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

type R<T = ()> = Result<T, Box<dyn Error + Send + Sync>>;

/// The access token of the test server.
const TOKEN: &str = "browser-test-token-5f1e9a";

/// Chromium's switches: headless, and no background traffic (which a closed network refuses).
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,800",
];

/// One browser test at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// How often and how many times a wait looks again (a bound, not a timing assertion).
const POLL: Duration = Duration::from_millis(50);
const POLLS: usize = 600;

/// The text of one example.
fn example_text(id: &str) -> String {
    String::from_utf8(std::fs::read(repo().join("examples").join(id)).unwrap()).unwrap()
}

/// chromedriver and Chromium, or why not.
fn browser_paths() -> Result<(PathBuf, PathBuf), String> {
    let pick = |var: &str, default: &str| std::env::var_os(var).filter(|v| !v.is_empty()).map_or_else(|| PathBuf::from(default), PathBuf::from);
    let driver = pick("CHIDAO_CHROMEDRIVER", "/usr/bin/chromedriver");
    let chromium = pick("CHIDAO_CHROMIUM", "/usr/bin/chromium");
    for p in [&driver, &chromium] {
        if !p.is_file() {
            return Err(format!("{} is absent (install Debian's chromium and chromium-driver)", p.display()));
        }
    }
    Ok((driver, chromium))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free loopback port")
}

/// Retries `check` until it holds (bounded).
async fn wait_until<F, Fut>(what: &str, mut check: F) -> R
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    for _ in 0..POLLS {
        if check().await {
            return Ok(());
        }
        tokio::time::sleep(POLL).await;
    }
    Err(format!("gave up waiting: {what}").into())
}

/// chromedriver, in its own process group: the group (driver and browser) is killed on drop.
struct Driver {
    child: Child,
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Ok(group) = libc::pid_t::try_from(self.child.id()) {
            // SAFETY: kill(2) with a negative pid signals that process group: the one made for
            // this chromedriver (process_group(0) at spawn), whose leader we still hold unreaped.
            unsafe {
                libc::kill(-group, libc::SIGKILL);
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A served register and a browser on it.
struct Session {
    client: Client,
    base: String,
    db: PathBuf,
    _driver: Driver,
    _dir: tempfile::TempDir,
    _lock: tokio::sync::MutexGuard<'static, ()>,
}

impl Session {
    /// Builds the register, serves it and opens a browser; `None` (with a message) when there
    /// is no browser here.
    async fn start(test: &str) -> R<Option<Session>> {
        let (driver, chromium) = match browser_paths() {
            Ok(p) => p,
            Err(why) => {
                chidao_testkit::skip(&format!("browser test {test}"), &why);
                return Ok(None);
            }
        };
        let lock = ONE_AT_A_TIME.lock().await;
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("register.db");
        {
            let mut store = Store::open(&db)?;
            for (id, bytes) in examples() {
                store.ingest_one(&id, &bytes)?;
            }
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let state = chidao_server::AppState::open(&db, TOKEN.into(), false)?;
        tokio::spawn(async move {
            let _ = axum::serve(listener, chidao_server::app(state)).await;
        });

        let port = free_port();
        let child = Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|e| format!("{}: {e}", driver.display()))?;
        let mut driver_proc = Driver { child };
        let up = wait_until("chromedriver to listen", || async { std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() }).await;
        if let Some(status) = driver_proc.child.try_wait()? {
            return Err(format!("chromedriver exited: {status}").into());
        }
        up?;

        let profile = dir.path().join("chromium-profile");
        std::fs::create_dir_all(&profile)?;
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("goog:chromeOptions".into(), json!({ "binary": chromium, "args": args }));
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .map_err(|e| format!("could not start Chromium through chromedriver: {e}"))?;
        Ok(Some(Session { client, base: format!("http://{addr}"), db, _driver: driver_proc, _dir: dir, _lock: lock }))
    }

    /// Ends the browser session politely (the driver's group is killed on drop anyway).
    async fn finish(self) -> R {
        self.client.clone().close().await?;
        Ok(())
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn goto(&self, path: &str) -> R {
        self.client.goto(&self.url(path)).await?;
        Ok(())
    }

    async fn path(&self) -> R<String> {
        let u = self.client.current_url().await?;
        Ok(match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        })
    }

    async fn find(&self, css: &str) -> R<Element> {
        self.client.find(Locator::Css(css)).await.map_err(|e| format!("{css}: {e}").into())
    }

    async fn all(&self, css: &str) -> R<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(css)).await?)
    }

    async fn text(&self, css: &str) -> R<String> {
        Ok(self.find(css).await?.text().await?)
    }

    async fn js(&self, script: &str, args: Vec<Value>) -> R<Value> {
        Ok(self.client.execute(script, args).await?)
    }

    /// The text of the whole page as a reader sees it.
    async fn body_text(&self) -> R<String> {
        self.text("body").await
    }

    /// Clicks something that loads a new page (a link, a form's button) and waits for it. The
    /// element is clicked once it stands still: a card opened a moment before scrolls into view
    /// smoothly, and a click computed while it moves lands beside it (a load never came).
    async fn click_and_load(&self, el: &Element) -> R {
        let mut last = None;
        for polls in 0.. {
            let now = el.rectangle().await.ok();
            if now.is_some() && now == last {
                break;
            }
            if polls == POLLS {
                return Err("gave up waiting: the element to stand still".into());
            }
            last = now;
            tokio::time::sleep(POLL).await;
        }
        self.js("window.__chidaoOld = true;", vec![]).await?;
        el.click().await?;
        let c = &self.client;
        wait_until("the next page to load", || async move {
            matches!(
                c.execute("return window.__chidaoOld === undefined && document.readyState === 'complete';", vec![]).await,
                Ok(Value::Bool(true))
            )
        })
        .await
    }

    async fn sign_in(&self) -> R {
        self.goto(&format!("/login?token={TOKEN}")).await?;
        assert!(
            self.all("header.top form.inline[action='/logout']").await?.len() == 1,
            "signed in: the header offers to sign out"
        );
        Ok(())
    }

    /// Ids (`t-…`) of the task board's rows.
    async fn task_rows(&self) -> R<Vec<String>> {
        let v = self.js("return [...document.querySelectorAll('table.tasks tbody tr')].map(r => r.id);", vec![]).await?;
        Ok(v.as_array().into_iter().flatten().filter_map(|x| x.as_str().map(String::from)).collect())
    }

    /// The fact cards of the document shown: (card id, kind class, task id if a task).
    async fn cards(&self) -> R<Vec<(String, String, Option<String>)>> {
        let v = self
            .js(
                "return [...document.querySelectorAll('details.fact')].map(d => {
                   const kind = [...d.classList].find(c => c.startsWith('k-')) || '';
                   const a = d.querySelector('a[href*=\"#t-\"]');
                   const task = a ? a.getAttribute('href').split('#t-')[1] : null;
                   return [d.id, kind, task];
                 });",
                vec![],
            )
            .await?;
        Ok(v.as_array()
            .into_iter()
            .flatten()
            .map(|c| (c[0].as_str().unwrap_or("").to_string(), c[1].as_str().unwrap_or("").to_string(), c[2].as_str().map(String::from)))
            .collect())
    }
}

/// Starts a session or returns from the test (skipped).
macro_rules! session {
    ($name:expr) => {
        match Session::start($name).await? {
            Some(s) => s,
            None => return Ok(()),
        }
    };
}

/// Raw interface keys (`attr.xxx`, `kind.xxx`…) that leaked into a page's text.
fn raw_keys(text: &str) -> Vec<String> {
    const PREFIXES: &[&str] = &[
        "nav", "lang", "auth", "footer", "err", "search", "f", "facet", "kind", "home", "doc", "fact", "attr", "corr", "task",
        "tasks", "status", "state", "pager", "dir", "person", "events", "upload", "flash", "role", "users",
    ];
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
        .filter(|w| {
            w.split_once('.').is_some_and(|(p, rest)| {
                PREFIXES.contains(&p) && !rest.is_empty() && rest.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            })
        })
        .map(String::from)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// a. Search without diacritics.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_without_diacritics_highlights_and_facets() -> R {
    let s = session!("search_without_diacritics_highlights_and_facets");
    s.goto("/").await?;
    let q = s.find("form.search input[name=q]").await?;
    q.send_keys("cong an tinh").await?;
    let go = s.find("form.search button[type=submit]").await?;
    s.click_and_load(&go).await?;
    assert!(s.path().await?.starts_with("/?q=cong"), "the query is in the address: {}", s.path().await?);

    let hits = s.all("section.hits li.hit").await?;
    assert!(!hits.is_empty(), "hits for a query without diacritics");
    let mut marks = Vec::new();
    for m in s.all("li.hit p.snippet mark").await? {
        marks.push(m.text().await?);
    }
    assert!(
        marks.iter().any(|m| m.to_lowercase().contains("công an tỉnh")),
        "a <mark> holds the words as written, with diacritics: {marks:?}"
    );
    assert!(marks.iter().all(|m| !m.is_empty()));

    // Facets: years, people, organisations, directives…, each a link narrowing the search.
    let facet_links = s.all("aside.facets section.facet li > a:first-child").await?;
    assert!(facet_links.len() >= 3, "facet links");
    let people = s.all("aside.facets section.facet a[href*='person=']").await?;
    assert!(!people.is_empty(), "a person facet");
    let name = people[0].text().await?;
    s.click_and_load(&people[0]).await?;
    assert!(s.path().await?.contains("person="), "the facet narrows by person");
    let narrowed = s.all("section.hits li.hit").await?;
    assert!(!narrowed.is_empty() && narrowed.len() <= hits.len(), "narrowing keeps some hits and adds none");
    assert!(s.find("details.filters").await?.prop("open").await?.as_deref() == Some("true"), "the filter a facet set is shown");
    let person_filter = s.find("details.filters input[name=person]").await?.prop("value").await?;
    assert_eq!(person_filter.as_deref(), Some(name.as_str()));
    s.finish().await
}

// ---------------------------------------------------------------------------------------------
// b. A document from a hit: highlighted facts, a click opens the fact's card.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn document_highlights_facts_and_opens_cards() -> R {
    let s = session!("document_highlights_facts_and_opens_cards");
    s.goto("/?q=trinh+quoc+vuong+doan+kiem+tra").await?;
    let hit = s.find("li.hit a.title").await?;
    s.click_and_load(&hit).await?;
    assert!(s.path().await?.starts_with("/doc/kiem-tra-tinh-uy.txt"), "the hit opens its document: {}", s.path().await?);

    for kind in ["person", "task", "directive", "org", "event"] {
        assert!(!s.all(&format!("#doctext span.seg.k-{kind}")).await?.is_empty(), "highlighted {kind}");
    }
    // The text shown is the document's text, whole.
    let shown = s.text("#doctext").await?;
    assert!(shown.contains("Đại tá Lê Văn Tâm, Bí thư Đảng ủy"));

    // A highlighted name whose innermost fact is a person: the click opens that card.
    let pick = s
        .js(
            "for (const seg of document.querySelectorAll('#doctext span.seg.k-person')) {
               const ids = seg.dataset.f.split(' ').filter(Boolean);
               const card = document.getElementById('f' + ids[ids.length - 1]);
               if (card && card.classList.contains('k-person') && seg.textContent.includes('Lê Văn Tâm'))
                 return [seg.dataset.s, card.id];
             }
             return null;",
            vec![],
        )
        .await?;
    let (start, card_id) = (pick[0].as_str().ok_or("a person segment")?.to_string(), pick[1].as_str().ok_or("its card")?.to_string());
    let card = s.find(&format!("aside#facts details.fact#{card_id}")).await?;
    assert_ne!(card.prop("open").await?.as_deref(), Some("true"), "cards start closed");
    let seg = s.find(&format!("#doctext span.seg.k-person[data-s='{start}']")).await?;
    seg.click().await?;
    let c = &card;
    wait_until("the person's card to open", || async move { c.prop("open").await.ok().flatten().as_deref() == Some("true") }).await?;
    assert!(card.is_displayed().await?, "the open card is visible");
    let summary = card.find(Locator::Css("summary")).await?.text().await?;
    assert!(summary.contains("Lê Văn Tâm"), "the card is the person's: {summary}");
    let body = card.text().await?;
    assert!(body.contains("Đại tá"), "the card shows the rank: {body}");
    // Its register page link.
    let link = card.find(Locator::Css("a[href^='/person/']")).await?;
    s.click_and_load(&link).await?;
    assert!(s.path().await?.starts_with("/person/"));
    assert!(s.body_text().await?.contains("Lê Văn Tâm"));
    s.finish().await
}

// ---------------------------------------------------------------------------------------------
// c. Task status: signed in, change it with a note; it stays after a reload.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn task_status_change_persists() -> R {
    let s = session!("task_status_change_persists");
    s.goto("/tasks").await?;
    assert!(s.all("form.status").await?.is_empty(), "not signed in: no status forms");
    s.sign_in().await?;
    s.goto("/tasks").await?;
    let rows = s.task_rows().await?;
    assert!(rows.len() >= 5, "the examples' tasks: {rows:?}");
    let row = rows[0].clone();
    let note = "Đã giao Phòng Tham mưu soạn dự thảo báo cáo";
    let form = format!("tr#{row} form.status");
    s.find(&format!("{form} select[name=status]")).await?.select_by_value("in_progress").await?;
    let input = s.find(&format!("{form} input[name=note]")).await?;
    input.clear().await?;
    input.send_keys(note).await?;
    let save = s.find(&format!("{form} button[type=submit]")).await?;
    s.click_and_load(&save).await?;
    assert!(s.path().await?.starts_with("/tasks"), "back on the board");

    s.client.refresh().await?;
    let status = s.find(&format!("{form} select[name=status]")).await?.prop("value").await?;
    assert_eq!(status.as_deref(), Some("in_progress"));
    let kept = s.find(&format!("{form} input[name=note]")).await?.prop("value").await?;
    assert_eq!(kept.as_deref(), Some(note));

    // Then done; a reader who is not signed in sees it too.
    s.find(&format!("{form} select[name=status]")).await?.select_by_value("done").await?;
    let save = s.find(&format!("{form} button[type=submit]")).await?;
    s.click_and_load(&save).await?;
    let out = s.find("header.top form.inline[action='/logout'] button").await?;
    s.click_and_load(&out).await?;
    s.goto("/tasks").await?;
    let cell = s.text(&format!("tr#{row} td.status")).await?;
    assert!(cell.contains("Đã xong") && cell.contains(note), "the status and note, read-only: {cell}");
    let state = s.text(&format!("tr#{row} span.state")).await?;
    assert!(state.starts_with("Hoàn thành"), "a done task's state: {state}");

    // The register has it (the status log too).
    let id = row.trim_start_matches("t-").to_string();
    let db = s.db.clone();
    let log = tokio::task::spawn_blocking(move || Store::open(&db)?.task_log(&id)).await??;
    assert!(log.len() >= 2, "two changes logged");
    s.finish().await
}

/// A doubtful task revealed by the board's box: ticked, the filter form brings the tasks the
/// extractor doubts, each with its badge; the box stays ticked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_board_reveals_doubtful_tasks_on_request() -> R {
    let s = session!("the_board_reveals_doubtful_tasks_on_request");
    let db = s.db.clone();
    tokio::task::spawn_blocking(move || -> R {
        let text = "UBND huyện Tân Phong họp bàn phòng chống thiên tai\n\nSáng 4/5/2024, UBND huyện Tân Phong tổ chức hội nghị. \
                    Chủ tịch UBND huyện Nguyễn Văn Bình yêu cầu Phòng Nông nghiệp hoàn thành phương án ứng phó trước ngày 30/6/2024.\n\n\
                    Theo bác sĩ Trần Minh, mỗi gia đình nên chuẩn bị đèn pin, nước uống và thuốc men.\n";
        Store::open(&db)?.ingest_one("thien-tai.txt", text.as_bytes())?;
        Ok(())
    })
    .await??;
    s.goto("/tasks").await?;
    let shown = s.task_rows().await?.len();
    assert!(s.all("table.tasks span.tier-low").await?.is_empty(), "confident tasks by default");
    s.find("form.filters input[name=doubtful]").await?.click().await?;
    let go = s.find("form.filters button[type=submit]").await?;
    s.click_and_load(&go).await?;
    assert!(s.path().await?.contains("doubtful=1"), "the address keeps the choice: {}", s.path().await?);
    assert!(s.task_rows().await?.len() > shown, "more rows with the doubtful ones");
    assert!(!s.all("table.tasks span.tier-low").await?.is_empty(), "a doubtful task shows its badge");
    assert_eq!(s.find("form.filters input[name=doubtful]").await?.prop("checked").await?.as_deref(), Some("true"));
    s.finish().await
}

// ---------------------------------------------------------------------------------------------
// d. Corrections survive re-extraction and show as made by a person.

/// `chidao ingest --reextract examples/`, through the store: every example's facts extracted
/// again and replaced.
fn reextract_examples(db: &Path) -> R<usize> {
    let mut store = Store::open(db)?;
    let mut b = store.batch()?;
    b.reextract(true);
    let mut updated = 0;
    for (id, bytes) in examples() {
        let (text, _) = chidao_text::decode(&bytes, chidao_text::DecodeOptions::default())?;
        let hash = content_hash(&text);
        assert!(b.needs_write(&id, hash)?, "re-extraction writes every document");
        let sig = Signature::of(&text);
        let doc = chidao_text::Document::new(id, text);
        let x = chidao_extract::extract(&doc);
        let out = b.put(&doc, hash, sig.as_ref(), &x)?;
        updated += usize::from(out.updated);
    }
    b.commit()?;
    Ok(updated)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corrections_survive_reextraction() -> R {
    let s = session!("corrections_survive_reextraction");
    s.sign_in().await?;
    let doc = "/doc/kiem-tra-tinh-uy.txt";
    s.goto(doc).await?;
    let tasks: Vec<_> = s.cards().await?.into_iter().filter(|c| c.1 == "k-task").collect();
    assert!(tasks.len() >= 2, "two task cards: {tasks:?}");
    let (edit_card, edit_task) = (tasks[0].0.clone(), tasks[0].2.clone().ok_or("a task id")?);
    let (reject_card, reject_task) = (tasks[1].0.clone(), tasks[1].2.clone().ok_or("a task id")?);
    let new_assignee = "Văn phòng Đảng ủy Công an tỉnh";

    // Edit the first task's assignee in its card.
    s.find(&format!("details#{edit_card} > summary")).await?.click().await?;
    let form = format!("details#{edit_card} form.correct:has(select[name=field])");
    s.find(&format!("{form} select[name=field]")).await?.select_by_value("assignee").await?;
    s.find(&format!("{form} input[name=value]")).await?.send_keys(new_assignee).await?;
    s.find(&format!("{form} input[name=note]")).await?.send_keys("Văn bản giao cho Văn phòng").await?;
    let go = s.find(&format!("{form} button[type=submit]")).await?;
    s.click_and_load(&go).await?;
    assert!(s.path().await?.starts_with(doc), "back on the document: {}", s.path().await?);

    // Reject the second.
    s.find(&format!("details#{reject_card} > summary")).await?.click().await?;
    let form = format!("details#{reject_card} form.correct:has(input[name=action][value=reject])");
    s.find(&format!("{form} input[name=note]")).await?.send_keys("Đây là cam kết trùng, không phải nhiệm vụ mới").await?;
    let go = s.find(&format!("{form} button[type=submit]")).await?;
    s.click_and_load(&go).await?;

    // Re-extract everything, as `chidao ingest --reextract` does.
    let db = s.db.clone();
    let updated = tokio::task::spawn_blocking(move || reextract_examples(&db)).await?.map_err(|e| e.to_string())?;
    assert_eq!(updated, examples().len(), "every example re-extracted");

    s.goto(doc).await?;
    let cards = s.cards().await?;
    let edited = cards.iter().find(|c| c.2.as_deref() == Some(edit_task.as_str())).ok_or("the edited task's card after re-extraction")?;
    let card = s.find(&format!("details#{}", edited.0)).await?;
    let text = card.html(true).await?;
    assert!(text.contains(new_assignee), "the edit still applies");
    assert!(!card.find_all(Locator::Css("ul.corrections span.byperson")).await?.is_empty(), "shown as made by a person");
    assert!(!card.find_all(Locator::Css("dd span.byperson")).await?.is_empty(), "the edited value is marked");
    let rejected = cards.iter().find(|c| c.2.as_deref() == Some(reject_task.as_str())).ok_or("the rejected task's card")?;
    let card = s.find(&format!("details#{}", rejected.0)).await?;
    let class = card.attr("class").await?.unwrap_or_default();
    assert!(class.contains("rejected"), "still rejected: {class}");
    assert!(!card.find_all(Locator::Css("span.badge.rej")).await?.is_empty());
    assert!(!card.find_all(Locator::Css("ul.corrections span.byperson")).await?.is_empty());
    let idx = rejected.0.trim_start_matches('f').to_string();
    let still_marked = s.js("return [...document.querySelectorAll('#doctext span.seg')].some(x => x.dataset.f.split(' ').includes(arguments[0]));", vec![json!(idx)]).await?;
    assert_eq!(still_marked, Value::Bool(false), "a rejected fact is not highlighted");

    // The board: the rejected task is gone, the edited one has its new assignee, marked.
    s.goto("/tasks").await?;
    let rows = s.task_rows().await?;
    assert!(!rows.contains(&format!("t-{reject_task}")), "the rejected task left the board");
    let cell = s.find(&format!("tr#t-{edit_task} td.assignee")).await?;
    assert!(cell.text().await?.contains(new_assignee));
    assert!(!cell.find_all(Locator::Css("span.byperson")).await?.is_empty(), "the corrected assignee is marked");
    s.finish().await
}

// ---------------------------------------------------------------------------------------------
// e. A missed task added from the document view.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missed_task_added_from_document() -> R {
    let s = session!("missed_task_added_from_document");
    s.sign_in().await?;
    let id = "so-ket-cong-an.txt";
    s.goto(&format!("/doc/{id}")).await?;
    let text = example_text(id);
    let quote = "phối hợp với các xã, thị trấn hoàn thành việc cấp căn cước cho 100% công dân đủ điều kiện trước ngày 31/12/2024";
    assert!(text.contains(quote), "the quote is the example's own words");
    let assignee = "Đội Cảnh sát quản lý hành chính về trật tự xã hội";
    let form = "form#addtask";
    s.find(&format!("{form} textarea[name=quote]")).await?.send_keys(quote).await?;
    s.find(&format!("{form} input[name=assignee]")).await?.send_keys(assignee).await?;
    s.find(&format!("{form} input[name=deadline]")).await?.send_keys("31/12/2024").await?;
    s.find(&format!("{form} input[name=issuer]")).await?.send_keys("Nguyễn Thị Thu Hà").await?;
    s.find(&format!("{form} select[name=task_kind]")).await?.select_by_value("directive").await?;
    let go = s.find(&format!("{form} button[type=submit]")).await?;
    s.click_and_load(&go).await?;
    assert!(s.path().await?.starts_with(&format!("/doc/{id}")), "back on the document: {}", s.path().await?);
    let added = s.all("details.fact.k-task span.badge.add").await?;
    assert_eq!(added.len(), 1, "the added task's card, marked as added by a person");

    s.goto("/tasks").await?;
    let body = s.body_text().await?;
    assert!(body.contains(quote), "the added task is on the board");
    let row = s
        .js(
            "return [...document.querySelectorAll('table.tasks tbody tr')].find(r => r.querySelector('td.text > a').textContent.trim() === arguments[0])?.id ?? null;",
            vec![json!(quote)],
        )
        .await?;
    let row = row.as_str().ok_or("its row")?.to_string();
    let who = s.text(&format!("tr#{row} td.assignee")).await?;
    assert!(who.contains(assignee), "the assignee given: {who:?}");
    let due = s.text(&format!("tr#{row} td.due")).await?;
    assert!(due.contains("31/12/2024"), "the deadline given: {due:?}");
    assert!(!s.all(&format!("tr#{row} td.text span.byperson")).await?.is_empty(), "marked as added by a person");
    s.finish().await
}

/// The byte span the add-task form holds after `select` (a script making a selection, which
/// returns the selected text) and that text.
async fn selection_span(s: &Session, select: &str) -> R<(usize, usize, String)> {
    s.js("const f = document.getElementById('addtask'); f.elements.start.value = ''; f.elements.end.value = ''; getSelection().removeAllRanges();", vec![]).await?;
    let sel = s.js(select, vec![]).await?.as_str().ok_or("the selected text")?.to_string();
    let c = &s.client;
    wait_until("the form to take the selection's span", || async move {
        matches!(c.execute("return document.getElementById('addtask').elements.end.value !== '';", vec![]).await, Ok(Value::Bool(true)))
    })
    .await?;
    let v = s.js("const f = document.getElementById('addtask'); return [f.elements.start.value, f.elements.end.value];", vec![]).await?;
    let n = |i: usize| v[i].as_str().and_then(|x| x.parse::<usize>().ok()).ok_or("a byte offset");
    Ok((n(0)?, n(1)?, sel))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn selection_span_is_the_selected_words_at_element_boundaries() -> R {
    let s = session!("selection_span_is_the_selected_words_at_element_boundaries");
    s.sign_in().await?;
    let id = "so-ket-cong-an.txt";
    s.goto(&format!("/doc/{id}")).await?;
    let text = example_text(id);
    // Text node to text node (a drag), whole runs by their elements (a triple click ends at an
    // element), and points of the text's own box (a drag past the last word).
    for (what, select) in [
        ("text nodes", "const sp = [...document.querySelectorAll('#doctext span[data-s]')]; const r = document.createRange(); r.setStart(sp[3].firstChild, 2); r.setEnd(sp[9].firstChild, Math.min(5, sp[9].firstChild.data.length)); getSelection().addRange(r); return String(getSelection());"),
        ("element ends", "const sp = [...document.querySelectorAll('#doctext span[data-s]')]; const r = document.createRange(); r.setStart(sp[4], 0); r.setEnd(sp[6], 1); getSelection().addRange(r); return String(getSelection());"),
        ("whole run", "const sp = [...document.querySelectorAll('#doctext span[data-s]')]; const r = document.createRange(); r.selectNode(sp[5]); getSelection().addRange(r); return String(getSelection());"),
        ("text box", "const t = document.getElementById('doctext'); const r = document.createRange(); r.setStart(t, 2); r.setEnd(t, 5); getSelection().addRange(r); return String(getSelection());"),
    ] {
        let (a, b, sel) = selection_span(&s, select).await?;
        assert_eq!(text.get(a..b), Some(sel.as_str()), "{what}: the span {a}-{b} holds the selected words");
    }
    s.finish().await
}

// ---------------------------------------------------------------------------------------------
// f. Upload by pasting a text.

/// A fictional report to upload.
const NEW_DOC: &str = "Ban Thường vụ Huyện ủy Sơn Bình kiểm tra công tác cải cách hành chính\n\n\
Sáng 12/8/2024, Đoàn kiểm tra của Ban Thường vụ Huyện ủy Sơn Bình do đồng chí Hà Văn Lực, Phó Bí thư Huyện ủy làm Trưởng đoàn đã làm việc với Đảng ủy xã Tân Lập về việc thực hiện Kế hoạch 41-KH/HU của Huyện ủy.\n\n\
Kết luận buổi làm việc, đồng chí Hà Văn Lực yêu cầu Đảng ủy xã Tân Lập hoàn thành việc số hóa hồ sơ một cửa trước ngày 30/9/2024.\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_lands_on_the_document() -> R {
    let s = session!("upload_lands_on_the_document");
    s.goto("/upload").await?;
    assert!(s.find("form.upload button[type=submit]").await?.attr("disabled").await?.is_some(), "signed out: upload disabled");
    s.sign_in().await?;
    s.goto("/upload").await?;
    s.find("form.upload input[name=id]").await?.send_keys("kiem-tra-cchc-son-binh.txt").await?;
    s.find("form.upload textarea[name=text]").await?.send_keys(NEW_DOC).await?;
    let go = s.find("form.upload button[type=submit]").await?;
    s.click_and_load(&go).await?;
    assert_eq!(s.path().await?, "/doc/kiem-tra-cchc-son-binh.txt", "lands on the new document");
    for kind in ["person", "task", "directive"] {
        assert!(!s.all(&format!("#doctext span.seg.k-{kind}")).await?.is_empty(), "the upload's {kind} is highlighted");
    }
    assert!(s.text("#doctext").await?.contains("Hà Văn Lực"));
    assert!(s.body_text().await?.contains("Kế hoạch 41-KH/HU"));
    // It is searchable at once, without diacritics.
    s.goto("/?q=so+hoa+ho+so").await?;
    let hrefs = s.js("return [...document.querySelectorAll('li.hit a.title')].map(a => a.getAttribute('href'));", vec![]).await?;
    assert!(hrefs.to_string().contains("kiem-tra-cchc-son-binh.txt"), "the new document is found: {hrefs}");
    s.finish().await
}

// ---------------------------------------------------------------------------------------------
// g. English, and markup in a document shown as text.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_labels_and_markup_shown_as_text() -> R {
    let s = session!("english_labels_and_markup_shown_as_text");
    s.goto("/tasks").await?;
    assert_eq!(s.find("html").await?.attr("lang").await?.as_deref(), Some("vi"), "Vietnamese by default");
    assert_eq!(s.text("main h1").await?, "Bảng theo dõi nhiệm vụ");
    let switch = s.find("header.top a.lang").await?;
    assert_eq!(switch.text().await?, "English");
    s.click_and_load(&switch).await?;
    assert_eq!(s.path().await?, "/tasks", "the switch comes back to the same page");
    assert_eq!(s.find("html").await?.attr("lang").await?.as_deref(), Some("en"));
    assert_eq!(s.text("main h1").await?, "Task board");
    let nav = s.text("header.top nav").await?;
    for label in ["Search", "Tasks", "Events", "Add a document"] {
        assert!(nav.contains(label), "English navigation: {nav}");
    }
    assert_eq!(s.text("header.top a.lang").await?, "Tiếng Việt");
    // Other pages keep English (a cookie), with no raw interface keys.
    for path in ["/", "/?q=cong+an+tinh", "/doc/kiem-tra-tinh-uy.txt", "/events", "/upload", "/tasks"] {
        s.goto(path).await?;
        assert_eq!(s.find("html").await?.attr("lang").await?.as_deref(), Some("en"), "{path} in English");
        let raw = raw_keys(&s.body_text().await?);
        assert!(raw.is_empty(), "{path} shows raw interface keys: {raw:?}");
    }
    s.goto("/?q=cong+an+tinh").await?;
    assert!(s.body_text().await?.contains("Narrow") || s.body_text().await?.contains("Documents counted"), "English facet labels");

    // Markup typed into a document is shown as text: no script runs, no element is made.
    s.sign_in().await?;
    s.goto("/upload").await?;
    let hostile = "Công an tỉnh Hòa Lạc <script>alert(1)</script> nhận báo cáo\n\nĐồng chí Lê Văn Tâm đề nghị kiểm tra <img src=x onerror=alert(2)> trước ngày 30/6/2024 và \"trích dẫn\" & ký hiệu <b>đậm</b>.\n";
    s.find("form.upload input[name=id]").await?.send_keys("xss-<i>id</i>.txt").await?;
    s.find("form.upload textarea[name=text]").await?.send_keys(hostile).await?;
    let go = s.find("form.upload button[type=submit]").await?;
    s.click_and_load(&go).await?;
    assert!(s.client.get_alert_text().await.is_err(), "no alert opened");
    assert!(s.path().await?.starts_with("/doc/"), "on the uploaded document: {}", s.path().await?);
    let shown = s.text("#doctext").await?;
    for literal in ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "<b>đậm</b>", "\"trích dẫn\" & ký hiệu"] {
        assert!(shown.contains(literal), "{literal:?} shown literally: {shown}");
    }
    let made = s
        .js("return document.querySelectorAll('main script, main img, main b, #doctext i').length + document.querySelectorAll('script:not([src])').length;", vec![])
        .await?;
    assert_eq!(made, json!(0), "no element made from the document's text");
    assert!(s.text("main h1").await?.contains("xss-<i>id</i>.txt") || s.body_text().await?.contains("xss-<i>id</i>.txt"), "the id is shown as text");
    // The same text in search snippets.
    s.goto("/?q=alert").await?;
    assert!(s.client.get_alert_text().await.is_err(), "no alert on the search page");
    let snippets = s.text("section.hits").await?;
    assert!(snippets.contains("<script>") || snippets.contains("alert"), "the snippet shows the words: {snippets}");
    let made = s.js("return document.querySelectorAll('section.hits script, section.hits img').length;", vec![]).await?;
    assert_eq!(made, json!(0));
    s.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_draws_its_charts_and_links_the_lists() -> R {
    let s = session!("the_dashboard_draws_its_charts_and_links_the_lists");
    s.goto("/dashboard").await?;
    // The charts are drawn (server-side SVG with a size), in both languages, without raw keys.
    let drawn = s.js("return [...document.querySelectorAll('svg.chart')].map(e => e.getBoundingClientRect().width * e.querySelectorAll('rect').length);", vec![]).await?;
    let drawn = drawn.as_array().ok_or("charts")?;
    assert!(!drawn.is_empty() && drawn.iter().all(|w| w.as_f64().unwrap_or(0.0) > 0.0), "{drawn:?}");
    assert!(raw_keys(&s.body_text().await?).is_empty());
    // The nav bar leads to the lists; a column head sorts.
    let link = s.find("header.top nav a[href='/directives']").await?;
    s.click_and_load(&link).await?;
    assert_eq!(s.path().await?, "/directives");
    let head = s.find("table.list th a[href*='sort=date']").await?;
    s.click_and_load(&head).await?;
    assert!(s.path().await?.contains("sort=date"));
    s.goto("/people?lang=en").await?;
    assert!(raw_keys(&s.body_text().await?).is_empty());
    s.finish().await
}

// ---------------------------------------------------------------------------------------------
// The implementation cascade on a directive's page

/// Adds the fictional cascade fixtures to the session's register; the id of 07-CT/TU.
async fn add_cascade(s: &Session) -> R<i64> {
    let db = s.db.clone();
    tokio::task::spawn_blocking(move || -> R<i64> {
        let mut store = Store::open(&db)?;
        for (id, bytes) in common::cascade() {
            store.ingest_one(&id, &bytes)?;
        }
        Ok(store.directive("07-CT/TU")?.first().map(|d| d.id).ok_or("07-CT/TU")?)
    })
    .await?
    .map_err(|e| e.to_string().into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_directive_page_shows_its_cascade() -> R {
    let s = session!("the_directive_page_shows_its_cascade");
    let id = add_cascade(&s).await?;
    s.goto(&format!("/directive/{id}")).await?;
    let nodes = s.all("#cascade ul.cascade li").await?;
    assert_eq!(nodes.len(), 5, "the directive, two plans under it, a plan and a report under the Huyện ủy's plan");
    assert_eq!(s.all("#cascade ul.cascade ul.cascade ul.cascade > li").await?.len(), 2, "the third level");
    let text = s.text("#cascade").await?;
    assert!(text.contains("Báo cáo thực hiện") && text.contains("Đảng ủy xã Đông Vân"), "{text}");
    assert!(raw_keys(&text).is_empty(), "{text}");
    // The report's link opens its text.
    let link = s.find("#cascade li.report > a").await?;
    s.click_and_load(&link).await?;
    assert_eq!(s.path().await?, "/doc/cascade_3_bao_cao_dang_uy_xa.txt");
    s.finish().await
}

/// Sets the window so that the viewport (what a screenshot shows) is `width`×`height`.
async fn set_viewport(s: &Session, width: u32, height: u32) -> R {
    let inner = s.js("return [window.innerWidth, window.innerHeight, window.outerWidth, window.outerHeight];", vec![]).await?;
    if let [Some(iw), Some(ih), Some(ow), Some(oh)] = [0, 1, 2, 3].map(|i| inner[i].as_u64()) {
        let (w, h) = (u32::try_from(ow + u64::from(width) - iw)?, u32::try_from(oh + u64::from(height) - ih)?);
        s.client.set_window_size(w, h).await?;
    }
    Ok(())
}

/// `docs/screenshots/cascade.png`: a directive's page with its implementation cascade
/// (`cargo test --release -p chidao-server --test browser -- --ignored cascade_screenshot`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "writes docs/screenshots/cascade.png; run with --ignored cascade_screenshot"]
async fn cascade_screenshot() -> R {
    let s = session!("cascade_screenshot");
    set_viewport(&s, 1280, 800).await?;
    let id = add_cascade(&s).await?;
    s.goto(&format!("/directive/{id}")).await?;
    // The tree under the card: scrolled so that the tree's heading is near the top.
    s.js("const t = document.getElementById('cascade'); window.scrollTo(0, Math.max(0, t.offsetTop - 180));", vec![]).await?;
    let png = s.client.screenshot().await?;
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let out = repo().join("docs/screenshots/cascade.png");
    std::fs::write(&out, &png)?;
    eprintln!("wrote {} ({} bytes)", out.display(), png.len());
    s.finish().await
}

// ---------------------------------------------------------------------------------------------
/// The named users of the browser tests: an admin, an editor, a viewer.
const USERS: &[(&str, chidao_store::Role, &str)] = &[
    ("quantri", chidao_store::Role::Admin, "mật khẩu quản trị"),
    ("canbo", chidao_store::Role::Editor, "mật khẩu cán bộ"),
    ("khach", chidao_store::Role::Viewer, "mật khẩu khách"),
];

impl Session {
    /// Adds [`USERS`] to the register being served.
    async fn add_users(&self) -> R {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || -> Result<(), chidao_store::StoreError> {
            let mut store = Store::open(&db)?;
            for (name, role, password) in USERS {
                store.add_user(name, *role, None, password)?;
            }
            Ok(())
        })
        .await??;
        Ok(())
    }

    /// Signs in with a name and password through the form.
    /// The dashboard's count of tasks done, on time and late.
    async fn dashboard_done(&self) -> R<u64> {
        self.goto("/dashboard").await?;
        let mut done = 0;
        for css in ["section.kpis span.big.k0", "section.kpis span.big.k1"] {
            done += self.text(css).await?.trim().parse::<u64>()?;
        }
        Ok(done)
    }

    async fn sign_in_as(&self, name: &str) -> R {
        let password = USERS.iter().find(|u| u.0 == name).map(|u| u.2).ok_or("a test user")?;
        self.goto("/login").await?;
        self.find("form.login input[name=name]").await?.send_keys(name).await?;
        self.find("form.login input[name=password]").await?.send_keys(password).await?;
        let go = self.find("form.login button[type=submit]").await?;
        self.click_and_load(&go).await?;
        let who = self.text("header.top .whoami").await?;
        assert!(who.contains(name), "signed in as {name}: {who}");
        Ok(())
    }

    /// What sticks out of the window sideways (nothing, at phone width): the outermost elements
    /// whose right edge is past it, as `tag.class`.
    async fn too_wide(&self) -> R<Vec<String>> {
        let v = self
            .js(
                "if (document.documentElement.scrollWidth <= window.innerWidth) return [];
                 const w = window.innerWidth;
                 return [...document.querySelectorAll('body *')]
                   .filter(e => e.getBoundingClientRect().right > w + 1 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 1))
                   .slice(0, 10).map(e => e.tagName.toLowerCase() + '.' + e.className + (e.name ? '[' + e.name + ']' : '') + ' ' + Math.round(e.getBoundingClientRect().right));",
                vec![],
            )
            .await?;
        Ok(v.as_array().into_iter().flatten().filter_map(|x| x.as_str().map(String::from)).collect())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editor_marks_a_task_done_with_a_date_and_sees_it_in_the_log() -> R {
    let s = session!("editor_marks_a_task_done_with_a_date_and_sees_it_in_the_log");
    s.add_users().await?;
    s.sign_in_as("canbo").await?;
    let done_before = s.dashboard_done().await?;
    s.goto("/tasks").await?;
    let rows = s.task_rows().await?;
    let row = rows.first().ok_or("a task")?.clone();
    let link = s.find(&format!("tr#{row} a.tasklink")).await?;
    s.click_and_load(&link).await?;
    let id = row.trim_start_matches("t-").to_string();
    assert_eq!(s.path().await?, format!("/tasks/{id}"));
    // Today (local time) is the default day; the clerk sets another.
    let today = s.find("form.status.task input[name=completed_on]").await?.prop("value").await?.unwrap_or_default();
    assert_eq!(today.len(), 10, "a default completion day: {today:?}");
    s.find("form.status.task select[name=status]").await?.select_by_value("done").await?;
    s.js("document.querySelector('form.status.task input[name=completed_on]').value = '2026-06-30';", vec![]).await?;
    let note = s.find("form.status.task input[name=note]").await?;
    note.clear().await?;
    note.send_keys("Đã gửi báo cáo lên Văn phòng").await?;
    let save = s.find("form.status.task button[type=submit]").await?;
    s.click_and_load(&save).await?;
    let flash = s.text("p.flash").await?;
    assert!(flash.contains("Đã xong") && flash.contains("30/6/2026"), "the confirmation says where the task went: {flash}");
    let log = s.text("table.log").await?;
    assert!(log.contains("canbo") && log.contains("Đã gửi báo cáo lên Văn phòng") && log.contains("Đã xong"), "the log: {log}");
    assert!(raw_keys(&s.body_text().await?).is_empty(), "no raw interface keys");
    // The flash is shown once.
    s.client.refresh().await?;
    assert!(s.all("p.flash").await?.is_empty(), "the message is gone after it was shown");
    let db = s.db.clone();
    let task_id = id.clone();
    let stored = tokio::task::spawn_blocking(move || Store::open(&db)?.task_log(&task_id)).await??;
    assert_eq!(stored.last().map(|c| c.author.as_str()), Some("canbo"));
    // The dashboard counts it among the tasks done (on time or late).
    assert_eq!(s.dashboard_done().await?, done_before + 1, "the dashboard counts the task done");
    // At phone width the task page, the board and the office's pages fit the screen (wide
    // tables scroll inside).
    s.client.set_window_size(390, 844).await?;
    for page in [format!("/tasks/{id}"), "/tasks".into(), "/dashboard".into(), "/due".into(), "/directives".into(), "/people".into()] {
        s.goto(&page).await?;
        let wide = s.too_wide().await?;
        assert!(wide.is_empty(), "{page} fits 390 px: {wide:?}");
    }
    s.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewer_cannot_change_anything() -> R {
    let s = session!("a_viewer_cannot_change_anything");
    s.add_users().await?;
    s.sign_in_as("khach").await?;
    s.goto("/tasks").await?;
    assert!(s.all("form.status").await?.is_empty() && s.all("input[name=ids]").await?.is_empty(), "no form for a viewer");
    let row = s.task_rows().await?.first().ok_or("a task")?.clone();
    let id = row.trim_start_matches("t-");
    s.goto(&format!("/tasks/{id}")).await?;
    assert!(s.all("form.status").await?.is_empty(), "no status form on the task page");
    // Posting anyway (from the app's own page): 403.
    let status = s
        .js(
            "const r = await fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'status=done'}); return r.status;",
            vec![json!(format!("/tasks/{id}/status"))],
        )
        .await?;
    assert_eq!(status.as_u64(), Some(403));
    s.goto("/users").await?;
    let body = s.body_text().await?;
    assert!(body.contains("Không được phép"), "the users page is an admin's: {body}");
    s.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_adds_a_user() -> R {
    let s = session!("an_admin_adds_a_user");
    s.add_users().await?;
    s.sign_in_as("quantri").await?;
    s.goto("/users").await?;
    s.find("form.adduser input[name=name]").await?.send_keys("congantinh").await?;
    s.find("form.adduser input[name=password]").await?.send_keys("mật khẩu công an").await?;
    s.find("form.adduser select[name=role]").await?.select_by_value("editor").await?;
    s.find("form.adduser input[name=unit]").await?.send_keys("Công an tỉnh").await?;
    let add = s.find("form.adduser button[type=submit]").await?;
    s.click_and_load(&add).await?;
    let table = s.text("table.users").await?;
    assert!(table.contains("congantinh") && table.contains("Công an tỉnh") || s.text("p.flash").await?.contains("congantinh"), "{table}");
    assert!(s.text("p.flash").await?.contains("congantinh"));
    let db = s.db.clone();
    let u = tokio::task::spawn_blocking(move || Store::open(&db)?.user("congantinh")).await??.ok_or("the new user")?;
    assert_eq!((u.role, u.unit.as_deref()), (chidao_store::Role::Editor, Some("Công an tỉnh")));
    s.finish().await
}

// Screenshots of every page for docs/screenshots/ (run by hand; see the module doc).

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "writes docs/screenshots/*.png; run with --ignored screenshots"]
async fn screenshots() -> R {
    let s = session!("screenshots");
    let out = repo().join("docs/screenshots");
    std::fs::create_dir_all(&out)?;
    let (width, height) = (1280u32, 800u32);
    set_viewport(&s, width, height).await?;
    let shot = |name: &'static str| {
        let s = &s;
        let out = out.clone();
        async move {
            s.js("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur();", vec![]).await?;
            let png = s.client.screenshot().await?;
            std::fs::write(out.join(name), &png)?;
            eprintln!("wrote docs/screenshots/{name} ({} bytes)", png.len());
            R::Ok(())
        }
    };
    s.sign_in().await?;

    // Ids with content, from the register.
    let db = s.db.clone();
    let (person, directive) = tokio::task::spawn_blocking(move || -> R<(i64, i64)> {
        let store = Store::open(&db)?;
        let person = store.person("Lê Văn Tâm")?.first().map(|p| p.id).ok_or("the person")?;
        let directive = store.directive("27-KH/TU")?.first().map(|d| d.id).ok_or("the directive")?;
        Ok((person, directive))
    })
    .await?
    .map_err(|e| e.to_string())?;

    s.goto("/?q=cong+an+tinh").await?;
    shot("search.png").await?;

    s.goto("/doc/kiem-tra-tinh-uy.txt").await?;
    let seg = s
        .js(
            "for (const seg of document.querySelectorAll('#doctext span.seg.k-person')) {
               const ids = seg.dataset.f.split(' ').filter(Boolean);
               const card = document.getElementById('f' + ids[ids.length - 1]);
               if (card && card.classList.contains('k-person')) return seg.dataset.s;
             }
             return null;",
            vec![],
        )
        .await?;
    let seg = s.find(&format!("#doctext span.seg.k-person[data-s='{}']", seg.as_str().ok_or("a person")?)).await?;
    seg.click().await?;
    // Let the smooth scroll of the panel settle, then put the page top back.
    tokio::time::sleep(Duration::from_millis(600)).await;
    s.js("window.scrollTo(0, 0);", vec![]).await?;
    let png = s.client.screenshot().await?;
    std::fs::write(out.join("document.png"), &png)?;
    eprintln!("wrote docs/screenshots/document.png ({} bytes)", png.len());

    // A task in progress with a note, so the board shows a worked-on task.
    s.goto("/tasks").await?;
    let rows = s.task_rows().await?;
    if let Some(row) = rows.get(1) {
        let form = format!("tr#{row} form.status");
        s.find(&format!("{form} select[name=status]")).await?.select_by_value("in_progress").await?;
        s.find(&format!("{form} input[name=note]")).await?.send_keys("Đang soạn dự thảo").await?;
        let save = s.find(&format!("{form} button[type=submit]")).await?;
        s.click_and_load(&save).await?;
    }
    s.goto("/tasks").await?;
    shot("tasks.png").await?;

    s.goto(&format!("/directive/{directive}")).await?;
    shot("directive.png").await?;
    s.goto(&format!("/person/{person}")).await?;
    shot("person.png").await?;
    s.goto("/events").await?;
    shot("events.png").await?;
    s.goto("/upload").await?;
    shot("upload.png").await?;
    // The office's pages (issue 13).
    s.goto("/dashboard").await?;
    shot("dashboard.png").await?;
    s.goto("/directives").await?;
    shot("directives.png").await?;
    s.goto("/people").await?;
    shot("people.png").await?;
    s.goto("/due?days=30").await?;
    shot("due.png").await?;

    // The new pages: a task with its log, the users (as an admin), the sign-in form.
    s.goto("/tasks").await?;
    let rows = s.task_rows().await?;
    s.add_users().await?;
    if let Some(row) = rows.get(1) {
        s.goto(&format!("/tasks/{}", row.trim_start_matches("t-"))).await?;
        shot("task.png").await?;
    }
    let out_btn = s.find("header.top form.inline[action='/logout'] button").await?;
    s.click_and_load(&out_btn).await?;
    s.goto("/login").await?;
    shot("login.png").await?;
    s.sign_in_as("quantri").await?;
    s.goto("/users").await?;
    shot("users.png").await?;
    // At phone width (390 px): the board.
    s.client.set_window_size(390, 844).await?;
    s.goto("/tasks").await?;
    s.js("window.scrollTo(0, 0);", vec![]).await?;
    let png = s.client.screenshot().await?;
    std::fs::write(out.join("tasks-390.png"), &png)?;
    eprintln!("wrote docs/screenshots/tasks-390.png ({} bytes)", png.len());

    for name in ["search.png", "document.png", "tasks.png", "directive.png", "person.png", "events.png", "upload.png", "task.png", "login.png", "users.png", "dashboard.png", "directives.png", "people.png", "due.png"] {
        let png = std::fs::read(out.join(name))?;
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{name} is a PNG");
        let (w, h) = (u32::from_be_bytes(png[16..20].try_into()?), u32::from_be_bytes(png[20..24].try_into()?));
        assert_eq!((w, h), (width, height), "{name} is {width}×{height}");
    }
    s.finish().await
}

#[test]
fn raw_key_detection() {
    assert_eq!(raw_keys("Task board attr.assignee kind.task"), vec!["attr.assignee", "kind.task"]);
    assert!(raw_keys("Chỉ thị 12-CT/TU, 1.850 tỷ đồng, file.txt, e.g. x").is_empty());
}
