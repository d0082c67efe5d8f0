//! The search page (the home page): a query with filters, facet counts to narrow it, hits with
//! highlighted snippets; without a query, the register's figures and the latest documents.

use axum::extract::State;
use maud::{Markup, html};

use super::{Ctx, PageResult, S, doc_href, layout, page_err, show_date, url};
use crate::api::SearchParams;
use super::Q;

/// Kinds of fact a search can be narrowed to.
const KINDS: &[&str] = &["person", "directive", "event", "org", "task", "figure"];

/// Marks the highlighted ranges of a snippet.
pub fn marked(text: &str, ranges: &[(usize, usize)]) -> Markup {
    let mut parts: Vec<(bool, &str)> = Vec::new();
    let mut at = 0;
    for &(s, e) in ranges {
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        parts.push((false, &text[at..s]));
        parts.push((true, &text[s..e]));
        at = e;
    }
    parts.push((false, &text[at..]));
    html! {
        @for (m, p) in parts {
            @if m { mark { (p) } } @else { (p) }
        }
    }
}

fn facet_link(p: &SearchParams, key: &str, value: &str) -> String {
    let mut pairs: Vec<(&str, Option<&str>)> = vec![
        ("q", p.q.as_deref()),
        ("from", p.from.as_deref()),
        ("to", p.to.as_deref()),
        ("person", p.person.as_deref()),
        ("org", p.org.as_deref()),
        ("directive", p.directive.as_deref()),
        ("kind", p.kind.as_deref()),
    ];
    for (k, v) in pairs.iter_mut() {
        if *k == key {
            *v = Some(value);
        }
    }
    if key == "year" {
        for (k, v) in pairs.iter_mut() {
            if *k == "from" || *k == "to" {
                *v = Some(value);
            }
        }
    }
    url("/", &pairs)
}

/// `GET /`.
pub async fn page(State(st): State<S>, ctx: Ctx, Q(p): Q<SearchParams>) -> PageResult {
    let err = page_err(ctx.lang);
    if p.too_long() {
        let msg = ctx.t("err.long_query").replace("{n}", &crate::api::MAX_QUERY.to_string());
        return Err(err(crate::error::AppError::BadRequest(msg)));
    }
    let q = p.query(20).map_err(&err)?;
    let empty = q.text.trim().is_empty() && q.from.is_none() && q.to.is_none() && q.person.is_none() && q.org.is_none() && q.directive.is_none() && q.kind.is_none();
    let stats = if empty { Some(st.stats().await.map_err(&err)?) } else { None };
    let (hits, facets, recent) = st
        .read(move |s| {
            if empty {
                return Ok((Vec::new(), None, s.documents(0, 15)?));
            }
            let hits = s.search(&q)?;
            let facets = if q.kind.is_none() { Some(s.facets(&q)?) } else { None };
            Ok((hits, facets, Vec::new()))
        })
        .await
        .map_err(&err)?;
    let val = |v: &Option<String>| v.clone().unwrap_or_default();
    let body = html! {
        form.search method="get" action="/" role="search" {
            input type="search" name="q" value=(val(&p.q)) placeholder=(ctx.t("search.placeholder")) autofocus aria-label=(ctx.t("nav.search"));
            button type="submit" { (ctx.t("search.go")) }
            details.filters open[p.from.is_some() || p.to.is_some() || p.person.is_some() || p.org.is_some() || p.directive.is_some()] {
                summary { (ctx.t("search.filters")) }
                label { (ctx.t("f.from")) " " input type="text" name="from" value=(val(&p.from)) placeholder="2017-01-01" size="10"; }
                label { (ctx.t("f.to")) " " input type="text" name="to" value=(val(&p.to)) placeholder="31/12/2017" size="10"; }
                label { (ctx.t("f.person")) " " input type="text" name="person" value=(val(&p.person)); }
                label { (ctx.t("f.org")) " " input type="text" name="org" value=(val(&p.org)); }
                label { (ctx.t("f.directive")) " " input type="text" name="directive" value=(val(&p.directive)) placeholder="35-CT/TW"; }
                label { (ctx.t("f.kind")) " "
                    select name="kind" {
                        option value="" { (ctx.t("kind.document")) }
                        @for k in KINDS {
                            option value=(k) selected[p.kind.as_deref() == Some(*k)] { (ctx.t(&format!("kind.{k}"))) }
                        }
                    }
                }
            }
        }
        @if let Some(s) = stats {
            section.stats {
                h2 { (ctx.t("home.register")) }
                ul.figures {
                    li { b { (s.documents) } " " (ctx.t("home.documents")) }
                    li { b { (s.persons) } " " (ctx.t("home.people")) }
                    li { b { (s.directives) } " " (ctx.t("home.directives")) }
                    li { b { (s.events) } " " (ctx.t("home.events")) }
                    li { a href="/tasks" { b { (s.tasks) } " " (ctx.t("home.tasks")) } }
                }
                ul.states {
                    @for (state, n) in &s.task_states {
                        li { a href=(url("/tasks", &[("state", Some(state.code()))])) { b { (n) } " " (super::state_label(&ctx, *state)) } }
                    }
                    @if s.doubtful_tasks > 0 {
                        li.doubtful { a href="/tasks?doubtful=1" { b { (s.doubtful_tasks) } " " (ctx.t("tasks.doubtful_hidden")) } }
                    }
                    @if s.reposts > 0 {
                        li.doubtful { a href="/tasks?reposts=1" { b { (s.reposts) } " " (ctx.t("tasks.reposts_hidden")) } }
                    }
                }
                h2 { (ctx.t("home.recent")) }
                @if recent.is_empty() {
                    p.empty { (ctx.t("home.empty")) " " a href="/upload" { (ctx.t("nav.upload")) } }
                }
                ul.docs {
                    @for d in &recent {
                        li {
                            span.date { (show_date(ctx.lang, d.date.as_deref())) }
                            " "
                            a href=(doc_href(&d.id, None)) { (d.headline.clone().unwrap_or_else(|| d.id.clone())) }
                            @if let Some(src) = &d.source { " " span.src { (src) } }
                        }
                    }
                }
            }
        } @else {
            div.results {
                @if let Some(f) = &facets {
                    aside.facets aria-label=(ctx.t("search.facets")) {
                        p.count {
                            (ctx.t("search.facet_note")) " " (f.documents)
                            @if f.partial { " " (ctx.t("search.facet_partial")) }
                        }
                        (facet_block(&ctx, &p, "facet.years", "year", &f.years))
                        (facet_block(&ctx, &p, "facet.people", "person", &f.people))
                        (facet_block(&ctx, &p, "facet.orgs", "org", &f.orgs))
                        (facet_block(&ctx, &p, "facet.directives", "directive", &f.directives))
                        (facet_block(&ctx, &p, "facet.kinds", "kind", &f.kinds))
                    }
                }
                section.hits {
                    @if hits.is_empty() {
                        p.empty { (ctx.t("search.none")) }
                    }
                    ol {
                        @for h in &hits {
                            li.hit {
                                div.meta {
                                    span.kind { (ctx.t(&format!("kind.{}", h.kind))) }
                                    " " span.date { (show_date(ctx.lang, h.date.as_deref())) }
                                    @if h.exact { " " span.badge title=(ctx.t("search.exact_title")) { (ctx.t("search.exact")) } }
                                    @if let Some(d) = &h.duplicate_of {
                                        " " span.dup { (ctx.t("search.copy_of")) " " a href=(doc_href(d, None)) { (d) } }
                                    }
                                }
                                a.title href=(doc_href(&h.doc, h.span)) { (h.headline.clone().unwrap_or_else(|| h.doc.clone())) }
                                p.snippet { (marked(&h.snippet, &h.highlights)) }
                            }
                        }
                    }
                }
            }
        }
    };
    let title = match p.q.as_deref().filter(|q| !q.trim().is_empty()) {
        Some(q) => format!("{} — {}", q, ctx.t("nav.search")),
        None => ctx.t("nav.search").to_string(),
    };
    Ok(layout(&ctx, &title, "search", body))
}

fn facet_block(ctx: &Ctx, p: &SearchParams, title: &str, key: &str, values: &[chidao_store::FacetValue]) -> Markup {
    html! {
        @if !values.is_empty() {
            section.facet {
                h3 { (ctx.t(title)) }
                ul {
                    @for v in values {
                        li {
                            @if key == "kind" {
                                a href=(facet_link(p, key, &v.value)) { (ctx.t(&format!("kind.{}", v.value))) }
                            } @else {
                                a href=(facet_link(p, key, &v.value)) { (v.value) }
                            }
                            " " span.n { (v.count) }
                            @if key == "person" && let Some(id) = v.id {
                                " " a.entity href=(format!("/person/{id}")) title=(ctx.t("facet.open")) { "↗" }
                            }
                            @if key == "directive" && let Some(id) = v.id {
                                " " a.entity href=(format!("/directive/{id}")) title=(ctx.t("facet.open")) { "↗" }
                            }
                        }
                    }
                }
            }
        }
    }
}
