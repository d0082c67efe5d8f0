//! The task board: tasks by deadline with their assignee, overdue marked, filters, the
//! assignees with the most work, and a status change (open / in progress / done) with a note.

use axum::extract::State;
use maud::html;
use serde::Deserialize;

use super::{Ctx, PageResult, S, doc_href, layout, page_err, safe_back, see_other, show_date, state_label, url};
use crate::api::{StatusChange, TaskParams, change_status};
use super::{F, P, Q};

/// Rows a page shows.
const PAGE: usize = 50;

/// `GET /tasks`.
pub async fn page(State(st): State<S>, ctx: Ctx, Q(p): Q<TaskParams>) -> PageResult {
    let err = page_err(ctx.lang);
    let q = p.query(PAGE).map_err(&err)?;
    let offset = q.offset.unwrap_or(0);
    let as_of = q.as_of.clone();
    let doubtful = q.doubtful;
    let who = st.assignees(as_of, doubtful).await.map_err(&err)?;
    let rows = st.read(move |s| s.tasks(&chidao_store::TaskQuery { limit: Some(PAGE + 1), ..q })).await.map_err(&err)?;
    let more = rows.len() > PAGE;
    let rows = &rows[..rows.len().min(PAGE)];
    let val = |v: &Option<String>| v.clone().unwrap_or_default();
    let link = |offset: usize| {
        url(
            "/tasks",
            &[
                ("assignee", p.assignee.as_deref()),
                ("status", p.status.as_deref()),
                ("kind", p.kind.as_deref()),
                ("directive", p.directive.as_deref()),
                ("due_before", p.due_before.as_deref()),
                ("doc", p.doc.as_deref()),
                ("as_of", p.as_of.as_deref()),
                ("overdue", p.overdue.filter(|o| *o).map(|_| "true")),
                ("state", p.state.as_deref()),
                ("doubtful", doubtful.then_some("1")),
                ("offset", (offset > 0).then(|| offset.to_string()).as_deref()),
            ],
        )
    };
    let statuses = ["open", "in_progress", "done"];
    let body = html! {
        h1 { (ctx.t("tasks.title")) }
        form.filters method="get" action="/tasks" {
            label { (ctx.t("attr.assignee")) " " input type="text" name="assignee" value=(val(&p.assignee)); }
            label { (ctx.t("tasks.status")) " "
                select name="status" {
                    option value="" { (ctx.t("tasks.any")) }
                    @for s in statuses { option value=(s) selected[p.status.as_deref() == Some(s)] { (ctx.t(&format!("status.{s}"))) } }
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
            @if let Some(d) = &p.doc { input type="hidden" name="doc" value=(d); }
            button type="submit" { (ctx.t("tasks.filter")) }
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
                        @for a in &who {
                            tr {
                                td { a href=(url("/tasks", &[("assignee", Some(&exactly(&a.assignee))), ("doubtful", doubtful.then_some("1"))])) { (a.assignee) } }
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
                table.tasks {
                    thead { tr {
                        th { (ctx.t("attr.deadline")) } th { (ctx.t("tasks.state")) } th { (ctx.t("attr.assignee")) }
                        th { (ctx.t("tasks.task")) } th { (ctx.t("tasks.status")) }
                    } }
                    tbody {
                        @for t in rows {
                            @let overdue = t.state == chidao_store::TaskState::OpenOverdue;
                            tr id=(format!("t-{}", t.id)) class=(format!("state-{:?}{}{}", t.state, if overdue { " overdue" } else { "" }, if t.listed() { "" } else { " doubtful" })) {
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
                                    }
                                }
                                td.status {
                                    @if ctx.signed_in {
                                        form.status method="post" action=(format!("/tasks/{}/status", t.id)) {
                                            input type="hidden" name="back" value=(format!("{}#t-{}", ctx.here.split('#').next().unwrap_or("/tasks"), t.id));
                                            select name="status" aria-label=(ctx.t("tasks.status")) {
                                                @for s in statuses { option value=(s) selected[t.status == s] { (ctx.t(&format!("status.{s}"))) } }
                                            }
                                            input type="text" name="note" placeholder=(ctx.t("tasks.note")) value=(t.note.clone().unwrap_or_default()) aria-label=(ctx.t("tasks.note"));
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
    Ok(layout(&ctx, ctx.t("tasks.title"), "tasks", body))
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

/// `POST /tasks/{id}/status` (the board's form).
pub async fn set_status(State(st): State<S>, ctx: Ctx, _w: super::W, P(id): P<String>, F(f): F<StatusForm>) -> PageResult {
    let err = page_err(ctx.lang);
    let author = f.author.clone().filter(|a| !a.trim().is_empty()).unwrap_or_else(|| ctx.t("corr.default_author").to_string());
    let back = safe_back(f.back.as_deref(), "/tasks");
    change_status(&st, id, StatusChange { status: f.status, note: f.note, completed_on: f.completed_on, author: Some(author) }).await.map_err(&err)?;
    Ok(see_other(&back))
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
    let q = chidao_store::TaskQuery { offset: None, limit: Some(EXPORT_MAX), ..TaskParams { limit: None, ..p }.query(PAGE).map_err(&err)? };
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
