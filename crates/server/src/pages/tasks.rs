//! The task board: tasks by deadline with their assignee, overdue marked, filters, the
//! assignees with the most work, and a status change (open / in progress / done) with a note.

use axum::extract::State;
use maud::html;
use serde::Deserialize;

use super::{Ctx, PageResult, S, doc_href, enc, flash, layout_with, page_err, safe_back, see_other_with, show_date, state_label, url};
use crate::error::AppError;
use crate::api::{StatusChange, TaskParams, change_status};
use super::{F, P, Q};

/// Rows a page shows.
const PAGE: usize = 50;

/// `GET /tasks`.
pub async fn page(State(st): State<S>, ctx: Ctx, Q(p): Q<TaskParams>) -> PageResult {
    let err = page_err(ctx.lang);
    let q = p.query(PAGE, &ctx.today()).map_err(&err)?;
    let offset = q.offset.unwrap_or(0);
    let doubtful = q.doubtful;
    let reposts = q.reposts;
    let summary = st.board(chidao_store::TaskQuery { offset: None, limit: None, ..q.clone() }).await.map_err(&err)?;
    let who = &summary.by_assignee;
    let rows = st.read(move |s| s.tasks(&chidao_store::TaskQuery { limit: Some(PAGE + 1), ..q })).await.map_err(&err)?;
    let more = rows.len() > PAGE;
    let rows = &rows[..rows.len().min(PAGE)];
    let shown: Vec<&str> = rows.iter().map(|t| t.id.as_str()).collect();
    let val = |v: &Option<String>| v.clone().unwrap_or_default();
    // One address of the board: the filter, with an assignee or a state in place of the
    // filter's own (the side panel and the state counts follow the filter), and a page offset.
    let board = |assignee: Option<&str>, state: Option<&str>, offset: usize| {
        url(
            "/tasks",
            &[
                ("assignee", assignee),
                ("status", p.status.as_deref()),
                ("kind", p.kind.as_deref()),
                ("directive", p.directive.as_deref()),
                ("due_before", p.due_before.as_deref()),
                ("doc", p.doc.as_deref()),
                ("as_of", p.as_of.as_deref()),
                ("overdue", p.overdue.filter(|o| *o).map(|_| "true")),
                ("state", state),
                ("doubtful", doubtful.then_some("1")),
                ("reposts", reposts.then_some("1")),
                ("offset", (offset > 0).then(|| offset.to_string()).as_deref()),
            ],
        )
    };
    let link = |offset: usize| board(p.assignee.as_deref(), p.state.as_deref(), offset);
    let filtered = |assignee: Option<&str>, state: Option<&str>| board(assignee.or(p.assignee.as_deref()), state.or(p.state.as_deref()), 0);
    let back = ctx.here.split('#').next().unwrap_or("/tasks").to_string();
    let today = ctx.today();
    let body = html! {
        h1 { (ctx.t("tasks.title")) }
        (flash(&ctx, Some(&shown)))
        form.filters method="get" action="/tasks" {
            label { (ctx.t("attr.assignee")) " " input type="text" name="assignee" value=(val(&p.assignee)); }
            label { (ctx.t("tasks.status")) " "
                select name="status" {
                    option value="" { (ctx.t("tasks.any")) }
                    @for s in STATUSES { option value=(s) selected[p.status.as_deref() == Some(s)] { (ctx.t(&format!("status.{s}"))) } }
                }
            }
            label { (ctx.t("attr.kind")) " "
                select name="kind" {
                    option value="" { (ctx.t("tasks.any")) }
                    option value="directive" selected[p.kind.as_deref() == Some("directive")] { (ctx.t("task.directive")) }
                    option value="commitment" selected[p.kind.as_deref() == Some("commitment")] { (ctx.t("task.commitment")) }
                }
            }
            label { (ctx.t("f.directive")) " " input type="text" name="directive" value=(val(&p.directive)) placeholder="35-CT/TW" size="12"; }
            label { (ctx.t("tasks.due_before")) " " input type="text" name="due_before" value=(val(&p.due_before)) size="10"; }
            label { (ctx.t("tasks.state")) " "
                select name="state" {
                    option value="" { (ctx.t("tasks.any")) }
                    @for s in chidao_store::TaskState::ALL { option value=(s.code()) selected[p.state.as_deref() == Some(s.code())] { (state_label(&ctx, s)) } }
                }
            }
            label { input type="checkbox" name="overdue" value="true" checked[p.overdue == Some(true)]; " " (ctx.t("tasks.overdue_only")) }
            label.doubtful { input type="checkbox" name="doubtful" value="1" checked[doubtful]; " " (ctx.t("tasks.show_doubtful")) }
            label.reposts { input type="checkbox" name="reposts" value="1" checked[reposts]; " " (ctx.t("tasks.show_reposts")) }
            @if let Some(d) = &p.doc { input type="hidden" name="doc" value=(d); }
            button type="submit" { (ctx.t("tasks.filter")) }
        }
        p.counts {
            @if summary.partial {
                strong title=(ctx.t("tasks.count_partial_why")) { (ctx.t("tasks.count_partial").replace("{n}", &summary.total.to_string())) }
            } @else {
                strong { (ctx.t("tasks.count_total").replace("{n}", &summary.total.to_string())) }
            }
            @for (s, n) in &summary.by_state {
                " · " a class=(format!("count state-{}", s.code())) href=(filtered(None, Some(s.code()))) { (state_label(&ctx, *s)) ": " (n) }
            }
        }
        p.export { a href=(ctx.here.replacen("/tasks", "/tasks.csv", 1)) download { (ctx.t("tasks.export")) } }
        @if let Some(d) = &p.doc {
            p.note { (ctx.t("tasks.of_doc")) " " a href=(doc_href(d, None)) { (d) } " · " a href="/tasks" { (ctx.t("tasks.all")) } }
        }
        div.board {
            aside.assignees {
                h2 { (ctx.t("tasks.by_assignee")) }
                table {
                    thead { tr { th { (ctx.t("attr.assignee")) } th { (ctx.t("tasks.total")) } th { (ctx.t("tasks.overdue")) } } }
                    tbody {
                        @for a in who {
                            tr {
                                td { a href=(filtered(Some(&exactly(&a.assignee)), None)) { (a.assignee) } }
                                td.n { (a.total) }
                                td.n.overdue[a.overdue > 0] { (a.overdue) }
                            }
                        }
                    }
                }
            }
            section.tasklist {
                @if rows.is_empty() { p.empty { (ctx.t("tasks.none")) } }
                @if !ctx.signed_in && !rows.is_empty() {
                    p.hint { a href=(url("/login", &[("back", Some(&ctx.here))])) { (ctx.t("auth.sign_in")) } " " (ctx.t("tasks.sign_in_to_change")) }
                }
                @if ctx.can_edit && !rows.is_empty() {
                    form #bulk .bulk method="post" action="/tasks/status" {
                        input type="hidden" name="back" value=(back);
                        span { (ctx.t("tasks.bulk")) }
                        " " (status_fields(&ctx, "open", &today, None))
                        button type="submit" { (ctx.t("tasks.bulk_save")) }
                    }
                }
                table.tasks {
                    thead { tr {
                        @if ctx.can_edit { th { span.visually-hidden { (ctx.t("tasks.select")) } } }
                        th { (ctx.t("attr.deadline")) } th { (ctx.t("tasks.state")) } th { (ctx.t("attr.assignee")) }
                        th { (ctx.t("tasks.task")) } th { (ctx.t("tasks.status")) }
                    } }
                    tbody {
                        @for t in rows {
                            @let overdue = t.state == chidao_store::TaskState::OpenOverdue;
                            tr id=(format!("t-{}", t.id)) class=(format!("state-{:?}{}{}", t.state, if overdue { " overdue" } else { "" }, if t.listed() { "" } else { " doubtful" })) {
                                @if ctx.can_edit {
                                    td.pick { input type="checkbox" name="ids" value=(t.id) form="bulk" aria-label=(ctx.t("tasks.select")); }
                                }
                                td.due {
                                    (show_date(ctx.lang, t.deadline.as_deref()))
                                    @if t.corrected.iter().any(|c| c == "deadline") { " " span.byperson { "✎" } }
                                }
                                td {
                                    span.state { (state_label(&ctx, t.state)) }
                                    (tier_badge(&ctx, t))
                                }
                                td.assignee {
                                    @if let Some(a) = &t.assignee {
                                        a href=(url("/tasks", &[("assignee", Some(&exactly(a))), ("doubtful", doubtful.then_some("1"))])) { (a) }
                                        @if t.corrected.iter().any(|c| c == "assignee") { " " span.byperson { "✎" } }
                                    } @else { "—" }
                                }
                                td.text {
                                    a href=(doc_href(&t.doc, Some(t.span))) { (t.text) }
                                    div.sub {
                                        span.kind { (ctx.t(&format!("task.{}", t.kind))) }
                                        @if let Some(i) = &t.issuer { " · " (ctx.t("attr.issuer")) ": " (i) }
                                        @for r in &t.refs { " · " a href=(url("/", &[("directive", Some(r))])) { (r) } }
                                        " · " span.date { (show_date(ctx.lang, t.doc_date.as_deref())) }
                                        @if let Some(who) = &t.added_by { " · " span.byperson { "✎ " (ctx.t("corr.added")) ": " (who) } }
                                        " · " a.tasklink href=(format!("/tasks/{}", enc(&t.id))) { (ctx.t("tasks.open_task")) }
                                    }
                                }
                                td.status {
                                    @if ctx.can_edit {
                                        form.status method="post" action=(format!("/tasks/{}/status", enc(&t.id))) {
                                            input type="hidden" name="back" value=(format!("{back}#t-{}", t.id));
                                            (status_fields(&ctx, &t.status, t.completed_on.as_deref().unwrap_or(&today), t.note.as_deref()))
                                            button type="submit" { (ctx.t("tasks.save")) }
                                        }
                                    } @else {
                                        span.status { (ctx.t(&format!("status.{}", t.status))) }
                                        @if let Some(n) = &t.note { div.sub { (n) } }
                                    }
                                }
                            }
                        }
                    }
                }
                (super::pager(&ctx, offset, PAGE, rows.len(), more, link))
            }
        }
    };
    Ok(layout_with(&ctx, ctx.t("tasks.title"), "tasks", body))
}

/// The workflow statuses a person sets.
const STATUSES: [&str; 3] = ["open", "in_progress", "done"];

/// A status form's fields: the status, the completion day (used when done; today by default, in
/// the offices' time zone), a note.
fn status_fields(ctx: &Ctx, status: &str, day: &str, note: Option<&str>) -> maud::Markup {
    html! {
        select name="status" aria-label=(ctx.t("tasks.status")) {
            @for s in STATUSES { option value=(s) selected[status == s] { (ctx.t(&format!("status.{s}"))) } }
        }
        " " label.day { (ctx.t("tasks.completed_on")) " " input type="date" name="completed_on" value=(day); }
        " " input type="text" name="note" placeholder=(ctx.t("tasks.note")) value=(note.unwrap_or_default()) aria-label=(ctx.t("tasks.note"));
        " "
    }
}

/// `GET /tasks/{id}`: one task — its sentence and document, deadline, assignee, state — with
/// the status form (status, completion day, note) and its log: who changed what, when (local
/// time). The task's internal id and byte span sit in a details element.
pub async fn task_page(State(st): State<S>, ctx: Ctx, P(id): P<String>) -> PageResult {
    let err = page_err(ctx.lang);
    let id2 = id.clone();
    let today = ctx.today();
    let (task, log) = st
        .read(move |s| {
            let t = s.task(&id2, Some(&today))?;
            let log = match &t {
                Some(t) => s.task_log(&t.id)?,
                None => Vec::new(),
            };
            Ok((t, log))
        })
        .await
        .map_err(&err)?;
    let Some(t) = task else {
        return Err(err(AppError::NotFound(format!("{id}: no such task on the board"))));
    };
    let today = ctx.today();
    let body = html! {
        (flash(&ctx, None))
        p.crumbs { a href="/tasks" { "← " (ctx.t("tasks.title")) } }
        h1 { (ctx.t("task.title")) }
        blockquote.tasktext { (t.text) }
        dl.facts {
            dt { (ctx.t("tasks.state")) } dd { span.state { (state_label(&ctx, t.state)) } (tier_badge(&ctx, &t)) }
            dt { (ctx.t("attr.deadline")) } dd { (show_date(ctx.lang, t.deadline.as_deref())) }
            dt { (ctx.t("attr.assignee")) } dd { (t.assignee.as_deref().unwrap_or("—")) }
            @if let Some(i) = &t.issuer { dt { (ctx.t("attr.issuer")) } dd { (i) } }
            dt { (ctx.t("tasks.status")) } dd {
                (ctx.t(&format!("status.{}", t.status)))
                @if let Some(d) = &t.completed_on { " · " (ctx.t("tasks.completed_on")) " " (show_date(ctx.lang, Some(d))) }
                @if let Some(n) = &t.note { " · " (n) }
            }
            dt { (ctx.t("task.document")) } dd { a href=(doc_href(&t.doc, Some(t.span))) { (ctx.t("task.see_in_document")) } " · " (show_date(ctx.lang, t.doc_date.as_deref())) }
        }
        @if ctx.can_edit {
            form.status.task method="post" action=(format!("/tasks/{}/status", enc(&t.id))) {
                input type="hidden" name="back" value=(format!("/tasks/{}", enc(&t.id)));
                (status_fields(&ctx, &t.status, t.completed_on.as_deref().unwrap_or(&today), t.note.as_deref()))
                button type="submit" { (ctx.t("tasks.save")) }
            }
        } @else if !ctx.signed_in {
            p.hint { a href=(url("/login", &[("back", Some(&ctx.here))])) { (ctx.t("auth.sign_in")) } " " (ctx.t("tasks.sign_in_to_change")) }
        } @else {
            p.hint { (ctx.t("auth.viewer_only")) }
        }
        h2 { (ctx.t("task.log")) }
        @if log.is_empty() { p.empty { (ctx.t("task.no_log")) } } @else {
            table.log {
                thead { tr { th { (ctx.t("task.when")) } th { (ctx.t("task.who")) } th { (ctx.t("tasks.status")) } th { (ctx.t("tasks.note")) } } }
                tbody {
                    @for c in log.iter().rev() {
                        tr {
                            td.due { (ctx.local(&c.at)) }
                            td { span.byperson { "✎ " (c.author) } }
                            td { (ctx.t(&format!("status.{}", c.status))) }
                            td { (c.note.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
        }
        details.internal {
            summary { (ctx.t("task.internal")) }
            p { (ctx.t("task.id")) ": " code { (t.id) } " · " (ctx.t("task.doc_id")) ": " code { (t.doc) } " · " (ctx.t("task.span")) ": " code { (t.span.0) "–" (t.span.1) } }
        }
    };
    Ok(layout_with(&ctx, ctx.t("task.title"), "tasks", body))
}

/// A task's confidence as a small badge (high, medium, low — "doubtful"); nothing for a task a
/// person added, or one written before tiers.
pub fn tier_badge(ctx: &Ctx, t: &chidao_store::TaskRow) -> maud::Markup {
    html! {
        @if let Some(tier) = &t.tier {
            " " span class=(format!("tier tier-{tier}")) title=(t.reasons.join("\n")) { (ctx.t(&format!("tier.{tier}"))) }
        }
    }
}

/// An assignee filter that matches this assignee only (not every one containing the words):
/// the board's counts are by whole assignee.
fn exactly(assignee: &str) -> String {
    format!("\"{}\"", assignee.trim())
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    status: String,
    note: Option<String>,
    completed_on: Option<String>,
    author: Option<String>,
    back: Option<String>,
}

/// The message a status change leaves: where the task went.
fn moved(id: &str, status: &str, day: Option<&str>) -> String {
    format!("task|{id}|{status}|{}", day.unwrap_or(""))
}

/// `POST /tasks/{id}/status` (the forms of the board and of the task's page): back where the
/// form was, with a message saying where the task went (and that it left the list, when the
/// list no longer shows it).
pub async fn set_status(State(st): State<S>, ctx: Ctx, super::W(who): super::W, P(id): P<String>, F(f): F<StatusForm>) -> PageResult {
    let err = page_err(ctx.lang);
    let back = safe_back(f.back.as_deref(), "/tasks");
    let c = StatusChange { status: f.status, note: f.note, completed_on: f.completed_on, author: f.author.or_else(|| Some(ctx.t("corr.default_author").into())) };
    let a = change_status(&st, &who, id, c).await.map_err(&err)?;
    Ok(see_other_with(&back, &moved(&a.id, &a.status, a.completed_on.as_deref())))
}

/// `POST /tasks/status` (the board's bulk form): the tasks ticked (`ids`, repeated), one status,
/// day and note for all.
pub async fn set_statuses(State(st): State<S>, ctx: Ctx, super::W(who): super::W, F(pairs): F<Vec<(String, String)>>) -> PageResult {
    let err = page_err(ctx.lang);
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let ids: Vec<String> = pairs.iter().filter(|(n, _)| n == "ids").map(|(_, v)| v.clone()).collect();
    if ids.is_empty() {
        return Err(err(AppError::BadRequest(ctx.t("tasks.bulk_none").into())));
    }
    let back = safe_back(get("back").as_deref(), "/tasks");
    let status = get("status").unwrap_or_default();
    let c = StatusChange { status: status.clone(), note: get("note"), completed_on: get("completed_on"), author: Some(ctx.t("corr.default_author").into()) };
    let done = crate::api::change_statuses(&st, &who, ids, c).await.map_err(&err)?;
    Ok(see_other_with(&back, &format!("bulk|{}|{}", done.len(), status.trim())))
}

/// Most rows an export writes.
const EXPORT_MAX: usize = 100_000;

/// A spreadsheet cell: text that a spreadsheet would run as a formula is quoted with `'`
/// (document text is untrusted).
fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() }
}

/// `GET /tasks.csv`: the board's tasks under the same filters, every column, as CSV (UTF-8 with
/// a BOM, so spreadsheets read the diacritics).
pub async fn csv(State(st): State<S>, ctx: Ctx, Q(p): Q<TaskParams>) -> Result<axum::response::Response, super::PageError> {
    use axum::response::IntoResponse;
    let err = page_err(ctx.lang);
    let q = chidao_store::TaskQuery { offset: None, limit: Some(EXPORT_MAX), ..TaskParams { limit: None, ..p }.query(PAGE, &ctx.today()).map_err(&err)? };
    let rows = st.read(move |s| s.tasks(&q)).await.map_err(&err)?;
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let head = [
        "id", "state", "tier", "confidence", "status", "kind", "deadline", "due", "assignee", "issuer", "text", "implements", "document", "document_date",
        "span_start", "span_end", "completed_on", "note", "corrected_by_user", "added_by",
    ];
    let bad = |e: csv::Error| err(crate::error::AppError::Internal(format!("csv: {e}")));
    w.write_record(head).map_err(bad)?;
    for t in &rows {
        let state = t.state.code().to_string();
        let o = |v: &Option<String>| cell(v.as_deref().unwrap_or(""));
        w.write_record([
            t.id.clone(),
            state,
            o(&t.tier),
            t.confidence.map(|c| format!("{c:.2}")).unwrap_or_default(),
            t.status.clone(),
            t.kind.clone(),
            o(&t.deadline),
            o(&t.due),
            o(&t.assignee),
            o(&t.issuer),
            cell(&t.text),
            cell(&t.refs.join("; ")),
            cell(&t.doc),
            o(&t.doc_date),
            t.span.0.to_string(),
            t.span.1.to_string(),
            o(&t.completed_on),
            o(&t.note),
            t.corrected.join("; "),
            o(&t.added_by),
        ])
        .map_err(bad)?;
    }
    let body = w.into_inner().map_err(|e| err(crate::error::AppError::Internal(format!("csv: {e}"))))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (axum::http::header::CONTENT_DISPOSITION, "attachment; filename=\"chidao-tasks.csv\""),
        ],
        body,
    )
        .into_response())
}
