//! The JSON API, `/api/v1`: documents with their facts, search with facets, people, directives,
//! tasks (with status changes), events, corrections, upload, statistics. Described by
//! `data/openapi.json`; `tests/api.rs` checks every answer against it.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use chidao_store::{EventQuery, NewCorrection, SearchQuery, TaskQuery};
use serde::{Deserialize, Serialize};

use crate::auth::{Who, Writer};
use crate::error::{AppError, J, P, Payload, Q};
use crate::state::AppState;

type S = Arc<AppState>;
type R<T> = Result<Json<T>, AppError>;

/// The routes under `/api/v1`.
pub fn routes() -> Router<S> {
    Router::new()
        .route("/search", get(search))
        .route("/documents", get(documents).post(upload))
        .route("/documents/{id}", get(document))
        .route("/people", get(people))
        .route("/people/{id}", get(person))
        .route("/directives", get(directives))
        .route("/directives/{id}", get(directive))
        .route("/directives/{id}/tree", get(directive_tree))
        .route("/directives/{id}/split", post(split_directive))
        .route("/directives/{id}/merge", post(merge_directive))
        .route("/tasks", get(tasks))
        .route("/tasks/{id}/status", post(set_status))
        .route("/tasks/status", post(set_statuses))
        .route("/tasks/{id}/log", get(task_log))
        .route("/events", get(events))
        .route("/corrections", get(corrections).post(correct))
        .route("/corrections/{id}", axum::routing::delete(withdraw))
        .route("/stats", get(stats))
        .route("/lists/directives", get(directive_list))
        .route("/lists/people", get(people_list))
        .route("/dashboard", get(dashboard))
        .fallback(not_found)
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed("this endpoint does not take this method (see /api/openapi.json)".into()) })
}

/// Any path under `/api` that is no endpoint.
pub async fn not_found() -> AppError {
    AppError::NotFound("no such API endpoint (the API is under /api/v1, see /api/openapi.json)".into())
}

/// Paging limits.
pub const MAX_LIMIT: usize = 1000;

/// Largest paging offset accepted (far beyond any register; keeps `offset + limit` and the
/// store's conversion to SQLite integers from overflowing).
pub const MAX_OFFSET: usize = 1_000_000_000;

fn offset(o: Option<usize>) -> Result<Option<usize>, AppError> {
    match o {
        Some(n) if n > MAX_OFFSET => Err(AppError::BadRequest(format!("offset: at most {MAX_OFFSET}"))),
        o => Ok(o),
    }
}

fn limit(l: Option<usize>, default: usize) -> Result<usize, AppError> {
    match l {
        None => Ok(default),
        Some(0) => Err(AppError::BadRequest("limit: at least 1".into())),
        Some(n) if n > MAX_LIMIT => Err(AppError::BadRequest(format!("limit: at most {MAX_LIMIT}"))),
        Some(n) => Ok(n),
    }
}

/// The query of an endpoint that takes no parameters: any parameter is a 400, as on the others
/// (a misspelt or misplaced parameter is not ignored silently).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoParams {}

/// A yes/no parameter of a query string: `1`, `true`, `on`, `yes` (a checkbox) or `0`, `false`,
/// `off`, `no`, empty.
pub(crate) fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let v: Option<String> = Deserialize::deserialize(d)?;
    match v.as_deref().map(str::trim) {
        None => Ok(None),
        Some("1" | "true" | "on" | "yes") => Ok(Some(true)),
        Some("" | "0" | "false" | "off" | "no") => Ok(Some(false)),
        Some(x) => Err(serde::de::Error::custom(format!("{x:?}: expected 1 or 0 (true or false)"))),
    }
}

fn blank(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

/// Search parameters (query string).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    /// Words and "phrases", diacritics optional.
    #[serde(default)]
    pub q: Option<String>,
    /// From date.
    pub from: Option<String>,
    /// To date.
    pub to: Option<String>,
    /// Person named.
    pub person: Option<String>,
    /// Organisation named.
    pub org: Option<String>,
    /// Directive cited.
    pub directive: Option<String>,
    /// Kind of fact (none: documents).
    pub kind: Option<String>,
    /// Most hits.
    pub limit: Option<usize>,
    /// Add facet counts (documents only).
    #[serde(default)]
    pub facets: Option<bool>,
    /// Page language: accepted so that a page's URL works on the API too; ignored.
    #[allow(dead_code)]
    pub lang: Option<String>,
}

/// Longest search text, in characters.
pub const MAX_QUERY: usize = 500;

impl SearchParams {
    /// Whether the search text is longer than [`MAX_QUERY`].
    pub fn too_long(&self) -> bool {
        self.q.as_ref().is_some_and(|q| q.chars().count() > MAX_QUERY)
    }

    /// The store's query.
    pub fn query(&self, default_limit: usize) -> Result<SearchQuery, AppError> {
        let text = self.q.clone().unwrap_or_default();
        if self.too_long() {
            return Err(AppError::BadRequest(format!("q: at most {MAX_QUERY} characters")));
        }
        Ok(SearchQuery {
            text,
            from: blank(self.from.clone()),
            to: blank(self.to.clone()),
            person: blank(self.person.clone()),
            org: blank(self.org.clone()),
            directive: blank(self.directive.clone()),
            kind: blank(self.kind.clone()),
            limit: Some(limit(self.limit, default_limit)?),
        })
    }
}

/// A search's answer.
#[derive(Debug, Serialize)]
pub struct SearchAnswer {
    /// The hits, best first.
    pub hits: Vec<chidao_store::Hit>,
    /// Facet counts, when asked for.
    pub facets: Option<chidao_store::Facets>,
}

async fn search(st: axum::extract::State<S>, Q(p): Q<SearchParams>) -> R<SearchAnswer> {
    let q = p.query(20)?;
    let want_facets = p.facets.unwrap_or(false);
    let ans = st
        .read(move |s| {
            let hits = s.search(&q)?;
            let facets = if want_facets && q.kind.is_none() { Some(s.facets(&q)?) } else { None };
            Ok(SearchAnswer { hits, facets })
        })
        .await?;
    Ok(Json(ans))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Page {
    offset: Option<usize>,
    limit: Option<usize>,
}

async fn documents(st: axum::extract::State<S>, Q(p): Q<Page>) -> R<Vec<chidao_store::DocSummary>> {
    let l = limit(p.limit, 50)?;
    let o = offset(p.offset)?.unwrap_or(0);
    Ok(Json(st.read(move |s| s.documents(o, l)).await?))
}

/// Most text one answer of `GET /documents/{id}` holds, in bytes.
pub const TEXT_CAP: usize = 64 * 1024;

/// Which part of a document to read.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocParams {
    start: Option<usize>,
    end: Option<usize>,
    kind: Option<String>,
    offset: Option<usize>,
    limit: Option<usize>,
}

/// A part of a document, and where the rest is.
#[derive(Debug, Serialize)]
struct DocAnswer {
    #[serde(flatten)]
    view: chidao_store::DocView,
    /// The request for what follows: the next page of facts of this range, else the next range
    /// of the text; null at the end.
    next: Option<String>,
}

async fn document(st: axum::extract::State<S>, P(id): P<String>, Q(p): Q<DocParams>) -> R<DocAnswer> {
    let start = p.start.unwrap_or(0);
    if start > MAX_OFFSET || p.end.is_some_and(|e| e > MAX_OFFSET) {
        return Err(AppError::BadRequest(format!("start, end: at most {MAX_OFFSET}")));
    }
    let end = start.saturating_add(TEXT_CAP).min(p.end.unwrap_or(usize::MAX));
    if p.end.is_some_and(|e| e < start) {
        return Err(AppError::BadRequest("end: before start".into()));
    }
    let kind = blank(p.kind);
    let range = chidao_store::DocRange { start, end: Some(end), kind: kind.clone(), offset: offset(p.offset)?.unwrap_or(0), limit: limit(p.limit, MAX_LIMIT)? };
    let id2 = id.clone();
    let r2 = range.clone();
    let view = st.read(move |s| s.document_range(&id2, &r2)).await?.ok_or_else(|| AppError::NotFound(format!("{id}: no such document")))?;
    let kind = kind.map(|k| format!("&kind={}", crate::pages::enc(&k))).unwrap_or_default();
    let path = format!("/api/v1/documents/{}", crate::pages::enc(&id));
    let lim = p.limit.map(|l| format!("&limit={l}")).unwrap_or_default();
    let shown = range.offset + view.facts.len();
    let next = if shown < view.facts_total {
        Some(format!("{path}?start={}&end={}{kind}&offset={shown}{lim}", view.range.0, view.range.1))
    } else if view.range.1 < view.length {
        Some(format!("{path}?start={}{kind}{lim}", view.range.1))
    } else {
        None
    };
    Ok(Json(DocAnswer { view, next }))
}

/// A document to add.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Upload {
    /// Its id (a file name); default: `upload-` and a hash of the text.
    pub id: Option<String>,
    /// The text.
    #[serde(default)]
    pub text: Option<String>,
    /// Or a file of any format, in base64.
    #[serde(default)]
    pub file_base64: Option<String>,
    /// Replace a stored document of the same id and other content (default: refuse, 409).
    #[serde(default)]
    pub replace: bool,
    /// The date of what it reports, when the text does not say (2024-05-14, 2024-05, 14/5/2024).
    #[serde(default)]
    pub date: Option<String>,
    /// When it was published.
    #[serde(default)]
    pub published: Option<String>,
    /// Who published it.
    #[serde(default)]
    pub source: Option<String>,
    /// Where it was published.
    #[serde(default)]
    pub url: Option<String>,
}

impl Upload {
    /// What the uploader says of the document, checked.
    pub fn info(&self) -> Result<chidao_text::DocInfo, AppError> {
        info_of(self.date.as_deref(), self.published.as_deref(), self.source.as_deref(), self.url.as_deref())
    }
}

/// Checks an upload's metadata fields (a 400 naming the field that is wrong).
pub fn info_of(date: Option<&str>, published: Option<&str>, source: Option<&str>, url: Option<&str>) -> Result<chidao_text::DocInfo, AppError> {
    chidao_text::DocInfo::new(date, published, source, url).map_err(|e| AppError::BadRequest(e.to_string()))
}

/// What an upload did.
#[derive(Debug, Serialize)]
pub struct Uploaded {
    /// The document's id.
    pub id: String,
    /// new, updated or unchanged.
    pub outcome: &'static str,
    /// Fact rows written.
    pub facts: usize,
    /// The earlier document it nearly copies.
    pub duplicate_of: Option<String>,
    /// Decoding warnings.
    pub warnings: Vec<String>,
}

/// Checks an uploaded document's id.
pub fn check_doc_id(id: &str) -> Result<String, AppError> {
    chidao_store::check_doc_id(id).map_err(|e| AppError::BadRequest(format!("id: {e}")))
}

/// Ingests an uploaded document exactly as `chidao ingest` does.
pub async fn ingest(st: &S, id: Option<String>, bytes: Vec<u8>, replace: bool, info: chidao_text::DocInfo) -> Result<Uploaded, AppError> {
    if bytes.len() as u64 > st.max_doc_bytes {
        return Err(AppError::TooLarge { what: Payload::Document, size: Some(bytes.len() as u64), limit: st.max_doc_bytes });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(AppError::BadRequest("the document is empty".into()));
    }
    let id = match blank(id) {
        Some(i) => check_doc_id(&i)?,
        None => format!("upload-{:016x}", u128::from_le_bytes(chidao_store::content_hash(&String::from_utf8_lossy(&bytes))) as u64),
    };
    let id2 = id.clone();
    let (out, warnings) = st
        .write(move |s| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| s.ingest_one_info(&id2, &bytes, replace, &info)))
                .unwrap_or_else(|_| Err(chidao_store::StoreError::Invalid(format!("{id2}: extraction failed (a bug: please report it)"))))
        })
        .await?;
    let dup = match out.duplicate_of {
        Some(d) => st.read(move |s| Ok(s.connection().query_row("SELECT ext_id FROM documents WHERE id = ?1", [d], |r| r.get(0))?)).await.ok(),
        None => None,
    };
    Ok(Uploaded {
        id,
        outcome: if out.unchanged {
            "unchanged"
        } else if out.updated {
            "updated"
        } else {
            "new"
        },
        facts: out.facts,
        duplicate_of: dup,
        warnings,
    })
}

async fn upload(st: axum::extract::State<S>, Writer(w): Writer, _q: Q<NoParams>, J(u): J<Upload>) -> Result<impl IntoResponse, AppError> {
    need_admin_to_replace(&w, u.replace)?;
    let info = u.info()?;
    let bytes = match (u.text, u.file_base64) {
        (Some(t), None) => t.into_bytes(),
        (None, Some(b)) => {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .map_err(|e| AppError::BadRequest(format!("file_base64: not base64 ({e})")))?
        }
        _ => return Err(AppError::BadRequest("give the text or file_base64, one of the two".into())),
    };
    let up = ingest(&st, u.id, bytes, u.replace, info).await?;
    let code = if up.outcome == "new" { StatusCode::CREATED } else { StatusCode::OK };
    Ok((code, Json(up)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NameParam {
    name: String,
    /// Also the doubtful people.
    #[serde(default, deserialize_with = "flag")]
    doubtful: Option<bool>,
}

async fn people(st: axum::extract::State<S>, Q(p): Q<NameParam>) -> R<Vec<chidao_store::PersonCard>> {
    if p.name.trim().is_empty() {
        return Err(AppError::BadRequest("name: give a name".into()));
    }
    Ok(Json(st.read(move |s| s.people(&p.name, p.doubtful.unwrap_or(false))).await?))
}

async fn person(st: axum::extract::State<S>, P(id): P<i64>, _q: Q<NoParams>) -> R<chidao_store::PersonCard> {
    st.read(move |s| s.person_by_id(id)).await?.map(Json).ok_or_else(|| AppError::NotFound(format!("person {id}: not in the register")))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeParam {
    code: String,
    /// Also the doubtful directives (a bare kind and number cited once).
    #[serde(default, deserialize_with = "flag")]
    doubtful: Option<bool>,
}

async fn directives(st: axum::extract::State<S>, Q(p): Q<CodeParam>) -> R<Vec<chidao_store::DirectiveCard>> {
    Ok(Json(st.read(move |s| s.directives(&p.code, p.doubtful.unwrap_or(false))).await?))
}

async fn directive(st: axum::extract::State<S>, P(id): P<i64>, _q: Q<NoParams>) -> R<chidao_store::DirectiveCard> {
    st.read(move |s| s.directive_by_id(id)).await?.map(Json).ok_or_else(|| AppError::NotFound(format!("directive {id}: not in the register")))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TreeParams {
    as_of: Option<String>,
    #[allow(dead_code)]
    lang: Option<String>,
}

async fn directive_tree(st: axum::extract::State<S>, P(id): P<i64>, Q(p): Q<TreeParams>) -> R<chidao_store::CascadeTree> {
    let as_of = p.as_of.filter(|d| !d.trim().is_empty());
    st.read(move |s| s.directive_tree(id, as_of.as_deref()))
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("directive {id}: not in the register")))
}

/// Task filters (query string).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskParams {
    /// Assignee contains; in double quotes, exactly this assignee.
    pub assignee: Option<String>,
    /// Due before.
    pub due_before: Option<String>,
    /// Only overdue.
    #[serde(default)]
    pub overdue: Option<bool>,
    /// Workflow status.
    pub status: Option<String>,
    /// directive | commitment.
    pub kind: Option<String>,
    /// Implementing this directive.
    pub directive: Option<String>,
    /// Of this document.
    pub doc: Option<String>,
    /// Only tasks in this state (done_on_time, done_late, open_in_time, open_overdue, no_deadline).
    pub state: Option<String>,
    /// Also the doubtful tasks (tier low); `1` or `true`.
    #[serde(default, deserialize_with = "flag")]
    pub doubtful: Option<bool>,
    /// Also every repost (the same sentence and due day in another article); `1` or `true`.
    #[serde(default, deserialize_with = "flag")]
    pub reposts: Option<bool>,
    /// States as of this day.
    pub as_of: Option<String>,
    /// Skip.
    pub offset: Option<usize>,
    /// Most.
    pub limit: Option<usize>,
    /// Page language: accepted so that a page's URL works on the API too; ignored.
    #[allow(dead_code)]
    pub lang: Option<String>,
}

impl TaskParams {
    /// The store's query; states as of `today` (the offices' day) unless `as_of` says.
    pub fn query(&self, default_limit: usize, today: &str) -> Result<TaskQuery, AppError> {
        Ok(TaskQuery {
            assignee: blank(self.assignee.clone()),
            due_before: blank(self.due_before.clone()),
            overdue: self.overdue.unwrap_or(false),
            as_of: blank(self.as_of.clone()).or_else(|| Some(today.to_string())),
            directive: blank(self.directive.clone()),
            status: blank(self.status.clone()),
            kind: blank(self.kind.clone()),
            doc: blank(self.doc.clone()),
            doubtful: self.doubtful.unwrap_or(false),
            reposts: self.reposts.unwrap_or(false),
            state: blank(self.state.clone()),
            offset: offset(self.offset)?,
            limit: Some(limit(self.limit, default_limit)?),
        })
    }
}

async fn tasks(st: axum::extract::State<S>, Q(p): Q<TaskParams>) -> R<Vec<chidao_store::TaskRow>> {
    let q = p.query(100, &crate::clock::today(&st.tz))?;
    Ok(Json(st.read(move |s| s.tasks(&q)).await?))
}

/// A user's split of a directive: the citation in `doc` is another directive.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitBody {
    /// The citing document whose citation is split off.
    pub doc: String,
    /// Why.
    #[serde(default)]
    pub note: Option<String>,
    /// Who (default "user").
    #[serde(default)]
    pub author: Option<String>,
}

/// A user's merge of a directive into another.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    /// The directive it is the same as.
    pub into: i64,
    /// Why.
    #[serde(default)]
    pub note: Option<String>,
    /// Who (default "user").
    #[serde(default)]
    pub author: Option<String>,
}

/// Which directive the citations belong to after a split or a merge.
#[derive(Debug, Serialize)]
pub struct IdentityAnswer {
    /// The directive's register id.
    pub directive: i64,
}

async fn split_directive(st: axum::extract::State<S>, Writer(w): Writer, P(id): P<i64>, _q: Q<NoParams>, J(b): J<SplitBody>) -> R<IdentityAnswer> {
    let author = w.author(b.author.as_deref(), "user");
    let d = st.write(move |s| s.split_directive(id, &b.doc, b.note.as_deref(), &author)).await?;
    Ok(Json(IdentityAnswer { directive: d }))
}

async fn merge_directive(st: axum::extract::State<S>, Writer(w): Writer, P(id): P<i64>, _q: Q<NoParams>, J(b): J<MergeBody>) -> R<IdentityAnswer> {
    let author = w.author(b.author.as_deref(), "user");
    let d = st.write(move |s| s.merge_directives(id, b.into, b.note.as_deref(), &author)).await?;
    Ok(Json(IdentityAnswer { directive: d }))
}

/// A status change.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// open | in_progress | done.
    pub status: String,
    /// A note.
    pub note: Option<String>,
    /// For done: the completion day (default today, in the offices' time zone).
    pub completed_on: Option<String>,
    /// Who, when the access token is used (a user's change records the user's name).
    pub author: Option<String>,
}

/// A task's status after a change, with its log.
#[derive(Debug, Serialize)]
pub struct StatusAnswer {
    /// The task's id.
    pub id: String,
    /// Its status.
    pub status: String,
    /// The completion day recorded (done only).
    pub completed_on: Option<String>,
    /// Every change, oldest first.
    pub log: Vec<chidao_store::corrections::StatusChange>,
}

/// A status change of several tasks at once.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkStatusChange {
    /// The tasks' ids.
    pub ids: Vec<String>,
    /// open | in_progress | done.
    pub status: String,
    /// A note.
    pub note: Option<String>,
    /// For done: the completion day (default today).
    pub completed_on: Option<String>,
    /// Who, when the access token is used.
    pub author: Option<String>,
}

/// Most tasks one bulk change takes.
pub const BULK_MAX: usize = 500;

/// Replacing a document (re-ingesting it) is an admin's.
pub fn need_admin_to_replace(who: &Who, replace: bool) -> Result<(), AppError> {
    if replace && who.role() < chidao_store::Role::Admin {
        return Err(AppError::Forbidden("replacing a document (re-ingest) needs the admin role".into()));
    }
    Ok(())
}

/// Applies a status change to tasks, as `who`: every task is checked (it exists; a unit-scoped
/// editor's task is of their unit) before any is changed. `done` without a day is done today in
/// the offices' time zone.
pub async fn change_statuses(st: &S, who: &Who, ids: Vec<String>, c: StatusChange) -> Result<Vec<StatusAnswer>, AppError> {
    if ids.is_empty() {
        return Err(AppError::BadRequest("no task chosen: give at least one task id".into()));
    }
    if ids.len() > BULK_MAX {
        return Err(AppError::BadRequest(format!("{} tasks: at most {BULK_MAX} are changed at once", ids.len())));
    }
    let author = who.author(c.author.as_deref(), "user");
    let status = c.status.trim().to_string();
    let day = match blank(c.completed_on) {
        Some(d) => Some(d),
        None if status == "done" => Some(crate::clock::today(&st.tz)),
        None => None,
    };
    let who = who.clone();
    st.write(move |s| {
        let mut keys = Vec::with_capacity(ids.len());
        for id in &ids {
            let key = s.task_key_of(id)?;
            if who.user.as_ref().is_some_and(|u| u.unit_key.is_some()) {
                let assignee = s.task_assignee(&key)?;
                if !who.may_change_task_of(assignee.as_deref()) {
                    let u = who.user.as_ref().map_or("", |u| u.name.as_str());
                    let unit = who.user.as_ref().and_then(|u| u.unit.as_deref()).unwrap_or("");
                    return Err(chidao_store::StoreError::Forbidden(format!(
                        "{u}: task {id} is assigned to {}, not to {unit} (the unit this user may change)",
                        assignee.as_deref().unwrap_or("no unit")
                    )));
                }
            }
            keys.push(key);
        }
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            let key = s.set_task_status(&key, &status, c.note.as_deref(), day.as_deref(), &author)?;
            let log = s.task_log(&key)?;
            out.push(StatusAnswer { id: key, status: status.clone(), completed_on: (status == "done").then(|| day.clone()).flatten(), log });
        }
        Ok(out)
    })
    .await
}

/// Applies a status change to one task, as `who`.
pub async fn change_status(st: &S, who: &Who, id: String, c: StatusChange) -> Result<StatusAnswer, AppError> {
    let mut out = change_statuses(st, who, vec![id], c).await?;
    out.pop().ok_or_else(|| AppError::Internal("a status change answered nothing".into()))
}

async fn set_status(st: axum::extract::State<S>, Writer(w): Writer, P(id): P<String>, _q: Q<NoParams>, J(c): J<StatusChange>) -> R<StatusAnswer> {
    Ok(Json(change_status(&st, &w, id, c).await?))
}

async fn set_statuses(st: axum::extract::State<S>, Writer(w): Writer, _q: Q<NoParams>, J(b): J<BulkStatusChange>) -> R<Vec<StatusAnswer>> {
    let c = StatusChange { status: b.status, note: b.note, completed_on: b.completed_on, author: b.author };
    Ok(Json(change_statuses(&st, &w, b.ids, c).await?))
}

async fn task_log(st: axum::extract::State<S>, P(id): P<String>, _q: Q<NoParams>) -> R<Vec<chidao_store::corrections::StatusChange>> {
    Ok(Json(
        st.read(move |s| {
            let key = s.task_key_of(&id)?;
            s.task_log(&key)
        })
        .await?,
    ))
}

/// Event filters.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventParams {
    /// Organisation named.
    pub org: Option<String>,
    /// Kind.
    pub kind: Option<String>,
    /// From.
    pub from: Option<String>,
    /// To.
    pub to: Option<String>,
    /// Skip.
    pub offset: Option<usize>,
    /// Most.
    pub limit: Option<usize>,
    /// Every report its own row (the reports of one event are grouped by default).
    #[serde(default, deserialize_with = "flag")]
    pub reposts: Option<bool>,
    /// Page language: accepted so that a page's URL works on the API too; ignored.
    #[allow(dead_code)]
    pub lang: Option<String>,
}

impl EventParams {
    /// The store's query.
    pub fn query(&self, default_limit: usize) -> Result<EventQuery, AppError> {
        Ok(EventQuery {
            org: blank(self.org.clone()),
            kind: blank(self.kind.clone()),
            from: blank(self.from.clone()),
            to: blank(self.to.clone()),
            offset: offset(self.offset)?,
            limit: Some(limit(self.limit, default_limit)?),
            reposts: self.reposts.unwrap_or(false),
        })
    }
}

async fn events(st: axum::extract::State<S>, Q(p): Q<EventParams>) -> R<Vec<chidao_store::EventRow>> {
    let q = p.query(50)?;
    Ok(Json(st.read(move |s| s.events(&q)).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CorrectionParams {
    doc: Option<String>,
    #[serde(default)]
    withdrawn: Option<bool>,
    limit: Option<usize>,
}

async fn corrections(st: axum::extract::State<S>, Q(p): Q<CorrectionParams>) -> R<Vec<chidao_store::Correction>> {
    let l = limit(p.limit, 200)?;
    Ok(Json(st.read(move |s| s.corrections(p.doc.as_deref(), p.withdrawn.unwrap_or(false), l)).await?))
}

/// A correction, as the API takes it: [`NewCorrection`]'s fields and the author, spelled out
/// (serde cannot deny unknown fields beside a flattened struct, and a misspelt field must not be
/// dropped silently).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionBody {
    /// The document.
    pub doc: String,
    /// Kind of fact.
    pub kind: String,
    /// The fact's byte span, or the evidence of an added fact.
    pub span: (usize, usize),
    /// Reject, edit or add.
    pub action: chidao_store::Action,
    /// The attribute to edit.
    #[serde(default)]
    pub field: Option<String>,
    /// The new value (edit), or for `add` a JSON object of the fact's attributes.
    #[serde(default)]
    pub value: Option<serde_json::Value>,
    /// Why.
    #[serde(default)]
    pub note: Option<String>,
    /// Who (default "user").
    #[serde(default)]
    pub author: Option<String>,
}

impl CorrectionBody {
    /// The store's correction.
    pub fn correction(self) -> (NewCorrection, Option<String>) {
        let c = NewCorrection { doc: self.doc, kind: self.kind, span: self.span, action: self.action, field: self.field, value: self.value, note: self.note };
        (c, self.author)
    }
}

async fn correct(st: axum::extract::State<S>, Writer(w): Writer, _q: Q<NoParams>, J(b): J<CorrectionBody>) -> Result<impl IntoResponse, AppError> {
    let (c, author) = b.correction();
    let author = w.author(author.as_deref(), "user");
    let c = st.write(move |s| s.add_correction(&c, &author)).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

async fn withdraw(st: axum::extract::State<S>, _w: Writer, P(id): P<i64>, _q: Q<NoParams>) -> R<chidao_store::Correction> {
    Ok(Json(st.write(move |s| s.withdraw_correction(id)).await?))
}

async fn stats(st: axum::extract::State<S>, _q: Q<NoParams>) -> R<chidao_store::Stats> {
    Ok(Json(st.stats().await?))
}

/// `GET /api/v1/lists/directives`: the list of directives, searched, sorted and paged.
async fn directive_list(st: axum::extract::State<S>, Q(p): Q<crate::pages::lists::ListParams>) -> R<chidao_store::office::ListPage<chidao_store::office::DirectiveSummary>> {
    let q = p.query(100)?;
    let all = st.directive_list().await?;
    Ok(Json(chidao_store::office::select_directives(&all, &q)?))
}

/// `GET /api/v1/lists/people`: the list of people, searched, sorted and paged.
async fn people_list(st: axum::extract::State<S>, Q(p): Q<crate::pages::lists::ListParams>) -> R<chidao_store::office::ListPage<chidao_store::office::PersonSummary>> {
    let q = p.query(100)?;
    let all = st.people_list().await?;
    Ok(Json(chidao_store::office::select_people(&all, &q)?))
}

/// `GET /api/v1/dashboard`: the dashboard of a directive, a unit or a period.
async fn dashboard(st: axum::extract::State<S>, Q(p): Q<crate::pages::dashboard::ScopeParams>) -> R<chidao_store::office::Dashboard> {
    if p.format.is_some() {
        return Err(AppError::BadRequest("format: only /report takes a format".into()));
    }
    let d = crate::pages::dashboard::compute(&st, p.scope()?).await?;
    Ok(Json(chidao_store::office::Dashboard::clone(&d)))
}
