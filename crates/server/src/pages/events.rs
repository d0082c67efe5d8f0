//! The events timeline: meetings, inspections, reviews, newest first, by month; filter by
//! organisation, kind and dates.

use axum::extract::State;
use maud::html;

use super::{Ctx, PageResult, S, doc_href, layout, page_err, show_date, url};
use crate::api::EventParams;
use super::Q;

const PAGE: usize = 50;

/// `GET /events`.
pub async fn page(State(st): State<S>, ctx: Ctx, Q(p): Q<EventParams>) -> PageResult {
    let err = page_err(ctx.lang);
    let q = p.query(PAGE).map_err(&err)?;
    let offset = q.offset.unwrap_or(0);
    let reposts = q.reposts;
    let rows = st.read(move |s| s.events(&chidao_store::EventQuery { limit: Some(PAGE + 1), ..q })).await.map_err(&err)?;
    let more = rows.len() > PAGE;
    let rows = &rows[..rows.len().min(PAGE)];
    let val = |v: &Option<String>| v.clone().unwrap_or_default();
    let link = |offset: usize| {
        url(
            "/events",
            &[
                ("org", p.org.as_deref()),
                ("kind", p.kind.as_deref()),
                ("from", p.from.as_deref()),
                ("to", p.to.as_deref()),
                ("reposts", reposts.then_some("1")),
                ("offset", (offset > 0).then(|| offset.to_string()).as_deref()),
            ],
        )
    };
    let month = |d: &Option<String>| d.as_deref().filter(|d| d.len() >= 7 && !d.starts_with('X')).map(|d| d[..7].to_string());
    let body = html! {
        h1 { (ctx.t("events.title")) }
        form.filters method="get" action="/events" {
            label { (ctx.t("f.org")) " " input type="text" name="org" value=(val(&p.org)) placeholder=(ctx.t("events.org_hint")); }
            label { (ctx.t("attr.kind")) " " input type="text" name="kind" value=(val(&p.kind)) placeholder=(ctx.t("events.kind_hint")); }
            label { (ctx.t("f.from")) " " input type="text" name="from" value=(val(&p.from)) size="10"; }
            label { (ctx.t("f.to")) " " input type="text" name="to" value=(val(&p.to)) size="10"; }
            label.doubtful { input type="checkbox" name="reposts" value="1" checked[reposts]; " " (ctx.t("events.show_reposts")) }
            button type="submit" { (ctx.t("tasks.filter")) }
        }
        @if p.org.is_some() { p.hint { (ctx.t("events.org_note")) } }
        @if rows.is_empty() { p.empty { (ctx.t("events.none")) } }
        ol.timeline.events {
            @for (i, e) in rows.iter().enumerate() {
                @if i == 0 || month(&rows[i - 1].date) != month(&e.date) {
                    li.month { (month(&e.date).map_or_else(|| ctx.t("events.undated").to_string(), |m| show_date(ctx.lang, Some(&m)))) }
                }
                li.event {
                    span.when { (show_date(ctx.lang, e.date.as_deref())) }
                    span.what {
                        b { (super::event_kind(&ctx, &e.kind)) }
                        @if let Some((pid, name)) = &e.chair { " · " (ctx.t("attr.chair")) ": " a href=(format!("/person/{pid}")) { (name) } }
                        @if let Some(pl) = &e.place { " · " (pl) }
                        @let (own, others) = reports(e);
                        ul.evidence {
                            @for ev in own {
                                li {
                                    a href=(doc_href(&ev.doc, Some(ev.span))) { (ev.headline.clone().unwrap_or_else(|| ev.doc.clone())) }
                                    @if ev.corrected { " " span.byperson { "✎" } }
                                }
                            }
                        }
                        @if !others.is_empty() {
                            details.also {
                                summary { (ctx.t("events.also_reported")) " " (others.len()) " " (ctx.t("events.other_reports")) }
                                ul.evidence {
                                    @for ev in &others {
                                        li {
                                            a href=(doc_href(&ev.doc, Some(ev.span))) { (ev.headline.clone().unwrap_or_else(|| ev.doc.clone())) }
                                            @if ev.corrected { " " span.byperson { "✎" } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        (super::pager(&ctx, offset, PAGE, rows.len(), more, link))
    };
    Ok(layout(&ctx, ctx.t("events.title"), "events", body))
}

/// An event's passages from its first document, and one passage of each other document
/// reporting it (another paper's report grouped into the row).
fn reports(e: &chidao_store::EventRow) -> (Vec<&chidao_store::Evidence>, Vec<&chidao_store::Evidence>) {
    let first = e.evidence.first().map(|v| v.doc.as_str());
    let own = e.evidence.iter().filter(|v| Some(v.doc.as_str()) == first).collect();
    let mut seen = std::collections::BTreeSet::new();
    let others = e.evidence.iter().filter(|v| Some(v.doc.as_str()) != first && seen.insert(v.doc.as_str())).collect();
    (own, others)
}
