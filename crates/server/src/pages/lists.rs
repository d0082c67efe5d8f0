//! The lists an office looks things up in: `/directives` (code, kind, issuer, date, citing
//! documents, tasks by state) and `/people` (name, latest title and organisation, documents),
//! both searchable (diacritics optional), sortable by column and paged.

use axum::extract::State;
use maud::{Markup, html};
use serde::Deserialize;

use super::{Ctx, PageResult, Q, S, layout, page_err, show_date, url};
use crate::error::AppError;
use chidao_store::TaskState;
use chidao_store::office::{ListQuery, select_directives, select_people};

/// Rows a page shows.
pub const PAGE: usize = 50;

/// A list's query string.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Words to find.
    pub q: Option<String>,
    /// Column to sort by.
    pub sort: Option<String>,
    /// `asc` or `desc`.
    pub order: Option<String>,
    /// Rows to skip.
    pub offset: Option<usize>,
    /// Most rows (API; pages show [`PAGE`]).
    pub limit: Option<usize>,
    /// Also the doubtful rows (people without an official role or rank, directives named by a
    /// bare kind and number once); `1` or `true`.
    #[serde(default, deserialize_with = "crate::api::flag")]
    pub doubtful: Option<bool>,
    /// Page language (handled by the language extractor).
    #[allow(dead_code)]
    pub lang: Option<String>,
}

impl ListParams {
    /// The store's query (at most `max` rows).
    pub fn query(&self, max: usize) -> Result<ListQuery, AppError> {
        if self.q.as_deref().is_some_and(|q| q.len() > 500) {
            return Err(AppError::BadRequest("q: at most 500 bytes".into()));
        }
        Ok(ListQuery {
            q: self.q.clone(),
            sort: self.sort.clone(),
            order: self.order.clone(),
            offset: self.offset.unwrap_or(0),
            limit: self.limit.unwrap_or(max).clamp(1, 1_000),
            doubtful: self.doubtful.unwrap_or(false),
        })
    }
}

/// A column head that sorts by it (a second click reverses).
fn head(ctx: &Ctx, path: &str, p: &ListParams, col: &str, label_key: &str) -> Markup {
    let active = p.sort.as_deref() == Some(col);
    let next = if active && p.order.as_deref() != Some("asc") { "asc" } else if active { "desc" } else { "" };
    let href = url(path, &[("q", p.q.as_deref()), ("sort", Some(col)), ("order", (!next.is_empty()).then_some(next)), ("doubtful", doubtful(p))]);
    let mark = match (active, p.order.as_deref()) {
        (true, Some("asc")) => " ▲",
        (true, _) => " ▼",
        _ => "",
    };
    html! { th { a href=(href) aria-sort=[active.then(|| if p.order.as_deref() == Some("asc") { "ascending" } else { "descending" })] { (ctx.t(label_key)) (mark) } } }
}

/// The doubtful switch as a query value (`Some("1")` when on).
fn doubtful(p: &ListParams) -> Option<&'static str> {
    p.doubtful.unwrap_or(false).then_some("1")
}

/// The search box and the box that reveals the doubtful rows (`show_key`: its label).
fn search_form(ctx: &Ctx, path: &str, p: &ListParams, placeholder: &str, show_key: &str) -> Markup {
    html! {
        form.filters method="get" action=(path) {
            input type="search" name="q" value=(p.q.clone().unwrap_or_default()) placeholder=(placeholder) aria-label=(ctx.t("search.go")) size="40";
            @if let Some(s) = &p.sort { input type="hidden" name="sort" value=(s); }
            @if let Some(o) = &p.order { input type="hidden" name="order" value=(o); }
            label.doubtful { input type="checkbox" name="doubtful" value="1" checked[p.doubtful.unwrap_or(false)]; " " (ctx.t(show_key)) }
            button type="submit" { (ctx.t("search.go")) }
        }
    }
}

/// A badge for a doubtful row (nothing for a confident one).
fn doubtful_badge(ctx: &Ctx, doubtful: bool, why_key: &str) -> Markup {
    html! { @if doubtful { " " span.tier.tier-low title=(ctx.t(why_key)) { (ctx.t("tier.low")) } } }
}

fn pager_link(path: &str, p: &ListParams) -> impl Fn(usize) -> String {
    let (path, q, sort, order, doubtful) = (path.to_string(), p.q.clone(), p.sort.clone(), p.order.clone(), doubtful(p));
    move |offset| {
        url(
            &path,
            &[("q", q.as_deref()), ("sort", sort.as_deref()), ("order", order.as_deref()), ("doubtful", doubtful), ("offset", (offset > 0).then(|| offset.to_string()).as_deref())],
        )
    }
}

/// `GET /directives`.
pub async fn directives(State(st): State<S>, ctx: Ctx, Q(p): Q<ListParams>) -> PageResult {
    let err = page_err(ctx.lang);
    let q = p.query(PAGE).map_err(&err)?;
    let all = st.directive_list().await.map_err(&err)?;
    let page = select_directives(&all, &ListQuery { limit: PAGE, ..q.clone() }).map_err(|e| err(e.into()))?;
    let body = html! {
        h1 { (ctx.t("list.directives")) }
        (search_form(&ctx, "/directives", &p, ctx.t("list.directives_find"), "list.show_doubtful_directives"))
        p.sub { (page.total) " " (ctx.t("list.found")) }
        table.list.directives {
            thead { tr {
                (head(&ctx, "/directives", &p, "code", "list.code"))
                (head(&ctx, "/directives", &p, "kind", "attr.kind"))
                (head(&ctx, "/directives", &p, "issuer", "attr.issuer"))
                (head(&ctx, "/directives", &p, "date", "attr.date"))
                (head(&ctx, "/directives", &p, "citing", "list.citing"))
                (head(&ctx, "/directives", &p, "tasks", "dir.tasks"))
                (head(&ctx, "/directives", &p, "overdue", "state.open_overdue"))
                th { (ctx.t("list.by_state")) }
            } }
            tbody {
                @for d in &page.rows {
                    tr.doubtful[d.doubtful] {
                        td { a href=(format!("/directive/{}", d.id)) { (d.code.clone().unwrap_or_else(|| d.number.clone())) } (doubtful_badge(&ctx, d.doubtful, "dir.doubtful_why")) @if let Some(t) = &d.title { div.sub { (t) } } }
                        td { (d.kind) }
                        td { (d.issuer.clone().unwrap_or_else(|| "—".into())) }
                        td.due { (show_date(ctx.lang, d.date.as_deref())) }
                        td.n { @if d.citing > 0 { a href=(url("/", &[("directive", Some(&d.filter_value()))])) { (d.citing) } } @else { "0" } }
                        td.n { @if d.task_total() > 0 { a href=(url("/tasks", &[("directive", Some(&d.filter_value()))])) { (d.task_total()) } } @else { "0" } }
                        td.n.overdue[d.tasks[3] > 0] { (d.tasks[3]) }
                        td { (state_bar(&ctx, &d.tasks)) @if d.task_total() > 0 { " " a.sub href=(url("/dashboard", &[("directive", Some(&d.filter_value()))])) { (ctx.t("nav.dashboard")) } } }
                    }
                }
            }
        }
        @if page.rows.is_empty() { p.empty { (ctx.t("search.none")) } }
        (super::pager(&ctx, q.offset, PAGE, page.rows.len(), q.offset + page.rows.len() < page.total, pager_link("/directives", &p)))
    };
    Ok(layout(&ctx, ctx.t("list.directives"), "directives", body))
}

/// Tasks by state as a small inline bar (server-rendered SVG) with the counts as its title.
pub fn state_bar(ctx: &Ctx, counts: &[i64; 5]) -> Markup {
    let total: i64 = counts.iter().sum();
    let title = TaskState::ALL.iter().zip(counts).map(|(s, n)| format!("{}: {n}", super::state_label(ctx, *s))).collect::<Vec<_>>().join("\n");
    let mut x = 0.0;
    let mut rects = Vec::new();
    for (i, n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
        let w = 120.0 * *n as f64 / total.max(1) as f64;
        rects.push((i, x, w));
        x += w;
    }
    html! {
        @if total > 0 {
            svg.statebar width="120" height="12" viewBox="0 0 120 12" role="img" aria-label=(title) {
                title { (title) }
                @for (i, x, w) in &rects {
                    rect class=(format!("s{i}")) x=(format!("{x:.1}")) y="0" width=(format!("{w:.1}")) height="12" {}
                }
            }
        }
    }
}

/// `GET /people`.
pub async fn people(State(st): State<S>, ctx: Ctx, Q(p): Q<ListParams>) -> PageResult {
    let err = page_err(ctx.lang);
    let q = p.query(PAGE).map_err(&err)?;
    let all = st.people_list().await.map_err(&err)?;
    let page = select_people(&all, &ListQuery { limit: PAGE, ..q.clone() }).map_err(|e| err(e.into()))?;
    let body = html! {
        h1 { (ctx.t("list.people")) }
        (search_form(&ctx, "/people", &p, ctx.t("list.people_find"), "list.show_doubtful_people"))
        p.sub { (page.total) " " (ctx.t("list.found")) }
        table.list.people {
            thead { tr {
                (head(&ctx, "/people", &p, "name", "list.name"))
                (head(&ctx, "/people", &p, "title", "list.title"))
                (head(&ctx, "/people", &p, "org", "list.org"))
                (head(&ctx, "/people", &p, "documents", "person.documents"))
            } }
            tbody {
                @for r in &page.rows {
                    tr.doubtful[r.doubtful] {
                        td { a href=(format!("/person/{}", r.id)) { @if let Some(k) = &r.rank { (k) " " } (r.name) } (doubtful_badge(&ctx, r.doubtful, "person.doubtful_why")) }
                        td { (r.title.clone().unwrap_or_else(|| "—".into())) }
                        td { @if let Some(o) = &r.org { a href=(url("/", &[("org", Some(o))])) { (o) } } @else { "—" } }
                        td.n { a href=(url("/", &[("person", Some(&r.name))])) { (r.documents) } }
                    }
                }
            }
        }
        @if page.rows.is_empty() { p.empty { (ctx.t("search.none")) } }
        (super::pager(&ctx, q.offset, PAGE, page.rows.len(), q.offset + page.rows.len() < page.total, pager_link("/people", &p)))
    };
    Ok(layout(&ctx, ctx.t("list.people"), "people", body))
}
