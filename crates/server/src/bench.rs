//! Server time of the pages (`chidao bench-serve`): every request goes through the whole app —
//! routing, the query, rendering — in process, without the network, and is timed from request
//! to the last byte of the body.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use serde::Serialize;
use tower::ServiceExt;

use chidao_store::db::args;

use crate::pages::enc;
use crate::state::AppState;
use crate::{ServerError, app, new_token};

/// Figures of one group of pages.
#[derive(Debug, Clone, Serialize)]
pub struct PageTimes {
    /// The group ("search page", "task board" …).
    pub page: String,
    /// Requests timed.
    pub requests: usize,
    /// Median, milliseconds.
    pub p50_ms: f64,
    /// 95th percentile, milliseconds.
    pub p95_ms: f64,
    /// Slowest, milliseconds.
    pub max_ms: f64,
    /// Mean body size, bytes.
    pub mean_bytes: usize,
    /// Answers other than 200 (should be 0).
    pub errors: usize,
}

/// The URLs timed, by group: search pages built from the store's benchmark queries (with their
/// facets), task board pages with the board's filters, and one of each register page.
pub fn urls(ids: &Ids) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    for q in chidao_store::bench::queries() {
        let mut u = format!("/?q={}", enc(&q.text));
        for (k, x) in [("from", &q.from), ("to", &q.to), ("person", &q.person), ("org", &q.org), ("directive", &q.directive), ("kind", &q.kind)] {
            if let Some(x) = x {
                u += &format!("&{k}={}", enc(x));
            }
        }
        v.push(("search page", u));
    }
    for u in [
        "/tasks",
        "/tasks?offset=50",
        "/tasks?offset=500",
        "/tasks?overdue=true",
        "/tasks?status=open",
        "/tasks?status=done",
        "/tasks?kind=commitment",
        "/tasks?assignee=cong%20an",
        "/tasks?assignee=S%E1%BB%9F",
        "/tasks?assignee=ubnd",
        "/tasks?due_before=2017-06-30",
        "/tasks?directive=05-CT%2FTW",
        "/tasks?overdue=true&assignee=huyen",
        "/tasks?kind=directive&offset=1000",
    ] {
        v.push(("task board", u.to_string()));
    }
    // The same pages with the doubtful tasks revealed (every candidate, as before tiers), and
    // the fifth state.
    for u in ["/tasks?doubtful=1", "/tasks?doubtful=1&offset=50", "/tasks?doubtful=1&offset=500", "/tasks?doubtful=1&assignee=cong%20an", "/tasks?state=no_deadline"] {
        v.push(("task board, doubtful too", u.to_string()));
    }
    v.push(("home page", "/".to_string()));
    for e in ["/events", "/events?org=t%E1%BB%89nh%20%E1%BB%A7y", "/events?kind=h%E1%BB%99i%20ngh%E1%BB%8B", "/events?offset=200"] {
        v.push(("events timeline", e.to_string()));
    }
    // The office's pages (issue 13): the dashboard of the whole register, of the most cited
    // directives, of units and of a period; the lists; the due-soon view.
    v.push(("dashboard", "/dashboard".to_string()));
    for c in &ids.codes {
        v.push(("dashboard", format!("/dashboard?directive={}", enc(c))));
    }
    for u in ["/dashboard?unit=cong%20an", "/dashboard?unit=ubnd", "/dashboard?from=2017-01-01&to=2017-06-30", "/dashboard?unit=huyen&from=2017"] {
        v.push(("dashboard", u.to_string()));
    }
    for u in ["/directives", "/directives?q=chi%20thi", "/directives?sort=tasks", "/directives?offset=100", "/people", "/people?q=nguyen", "/people?sort=name&offset=200"] {
        v.push(("lists", u.to_string()));
    }
    for u in ["/due?days=7", "/due?days=30"] {
        v.push(("due soon", u.to_string()));
    }
    for d in &ids.docs {
        v.push(("document view", format!("/doc/{}", enc(d))));
    }
    for p in &ids.people {
        v.push(("person page", format!("/person/{p}")));
    }
    for d in &ids.directives {
        v.push(("directive page", format!("/directive/{d}")));
    }
    v
}

/// Register ids the register pages are timed on: the most cited directives, the most named
/// people, the documents with the most facts.
#[derive(Debug, Default)]
pub struct Ids {
    /// Documents.
    pub docs: Vec<String>,
    /// People.
    pub people: Vec<i64>,
    /// Directives.
    pub directives: Vec<i64>,
    /// Codes of the most cited directives that have tasks (dashboards).
    pub codes: Vec<String>,
}

fn ids(store: &chidao_store::Store) -> Result<Ids, chidao_store::StoreError> {
    let db = store.db();
    Ok(Ids {
        docs: db.rows(
            "SELECT d.ext_id FROM facts f JOIN documents d ON d.id = f.doc GROUP BY d.id, d.ext_id ORDER BY COUNT(*) DESC LIMIT 5",
            args![],
            |r| r.get(0),
        )?,
        people: db.rows("SELECT person FROM person_mentions GROUP BY person ORDER BY COUNT(DISTINCT doc) DESC LIMIT 5", args![], |r| r.get(0))?,
        directives: db.rows(
            "SELECT directive FROM directive_mentions WHERE directive IS NOT NULL GROUP BY directive ORDER BY COUNT(DISTINCT doc) DESC LIMIT 5",
            args![],
            |r| r.get(0),
        )?,
        codes: db.rows(
            "SELECT d.code FROM task_refs r JOIN directives d ON d.id = r.directive WHERE d.code IS NOT NULL
             GROUP BY d.id, d.code ORDER BY COUNT(*) DESC LIMIT 3",
            args![],
            |r| r.get(0),
        )?,
    })
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Times every URL `runs` times (after one untimed warm-up pass) and reports each group.
/// The register is a file or a PostgreSQL database ([`chidao_store::Location`]).
pub async fn run(db: &chidao_store::Location, runs: usize) -> Result<Vec<PageTimes>, ServerError> {
    let state: Arc<AppState> = AppState::open_location(db, crate::state::Options::new(new_token()?))?;
    let ids = {
        let s = chidao_store::Store::open_location(db, chidao_store::Access::Read)?;
        ids(&s)?
    };
    let urls = urls(&ids);
    let app = app(state);
    let mut groups: Vec<(&'static str, Vec<f64>, usize, usize)> = Vec::new();
    for pass in 0..=runs.max(1) {
        for (group, u) in &urls {
            let req = Request::get(u.as_str()).body(Body::empty()).expect("a valid request");
            let t = Instant::now();
            let res = app.clone().oneshot(req).await.expect("infallible");
            let ok = res.status().is_success();
            let bytes = res.into_body().collect().await.map(|b| b.to_bytes().len()).unwrap_or(0);
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            if pass == 0 {
                continue;
            }
            let g = match groups.iter().position(|g| g.0 == *group) {
                Some(i) => &mut groups[i],
                None => {
                    groups.push((group, Vec::new(), 0, 0));
                    groups.last_mut().expect("just pushed")
                }
            };
            g.1.push(ms);
            g.2 += bytes;
            g.3 += usize::from(!ok);
        }
    }
    Ok(groups
        .into_iter()
        .map(|(page, mut t, bytes, errors)| {
            t.sort_by(f64::total_cmp);
            PageTimes {
                page: page.to_string(),
                requests: t.len(),
                p50_ms: pct(&t, 50.0),
                p95_ms: pct(&t, 95.0),
                max_ms: t.last().copied().unwrap_or(0.0),
                mean_bytes: bytes / t.len().max(1),
                errors,
            }
        })
        .collect())
}
