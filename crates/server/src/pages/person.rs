//! A person's page: rank and the role history on a timeline, each entry linked to the passages
//! it was read from. Public roles only: what the documents say an official did in office.

use axum::extract::State;
use maud::html;

use super::{Ctx, PageResult, S, doc_href, event_kind, layout, page_err, show_date, state_label, url};
use super::P;
use crate::error::AppError;

/// Tasks a person directed shown on the page (the earliest due first).
const DIRECTED_SHOWN: usize = 100;

/// Passages shown under each role, and meetings chaired shown: an official named in tens of
/// thousands of documents (an archive of a million) would make a page of megabytes. The
/// documents are all one search away (the count at the top links to it).
const EVIDENCE_SHOWN: usize = 20;
const CHAIRED_SHOWN: usize = 100;

/// `GET /person/{id}`.
pub async fn page(State(st): State<S>, ctx: Ctx, P(id): P<i64>) -> PageResult {
    let err = page_err(ctx.lang);
    let card = st.read(move |s| s.person_by_id(id)).await.map_err(&err)?.ok_or_else(|| err(AppError::NotFound(format!("person {id}: not in the register"))))?;
    let ((directed, directed_total), chaired) = st.read(move |s| Ok((s.tasks_directed_by(id, DIRECTED_SHOWN)?, s.events_chaired_by(id)?))).await.map_err(&err)?;
    let title = match &card.rank {
        Some(r) => format!("{r} {}", card.name),
        None => card.name.clone(),
    };
    let body = html! {
        header.card {
            h1 { (title) @if card.doubtful { " " span.tier.tier-low title=(ctx.t("person.doubtful_why")) { (ctx.t("tier.low")) } } }
            dl {
                dt { (ctx.t("person.seen")) } dd { (show_date(ctx.lang, card.first_seen.as_deref())) " – " (show_date(ctx.lang, card.last_seen.as_deref())) }
                dt { (ctx.t("person.documents")) } dd { a href=(url("/", &[("person", Some(&card.name))])) { (card.documents.len()) } }
            }
            (super::corrected_note(&ctx, &card.corrected))
            @if !card.evidence.is_empty() {
                details.why {
                    summary { (ctx.t("person.namesakes")) }
                    ul { @for e in &card.evidence { li { (e) } } }
                }
            }
        }
        h2 { (ctx.t("person.roles")) }
        @if card.roles.is_empty() { p.empty { (ctx.t("person.no_roles")) } }
        ol.timeline {
            @for r in &card.roles {
                li.role {
                    span.when { (show_date(ctx.lang, r.first_seen.as_deref())) @if r.last_seen != r.first_seen { " – " (show_date(ctx.lang, r.last_seen.as_deref())) } }
                    span.what {
                        b { (r.role) }
                        @if let Some(o) = &r.org { " · " a href=(url("/", &[("org", Some(o))])) { (o) } }
                        ul.evidence {
                            @for e in r.evidence.iter().take(EVIDENCE_SHOWN) {
                                li {
                                    span.date { (show_date(ctx.lang, e.date.as_deref())) } " "
                                    a href=(doc_href(&e.doc, Some(e.span))) { (e.headline.clone().unwrap_or_else(|| e.doc.clone())) }
                                    @if e.corrected { " " span.byperson { "✎" } }
                                }
                            }
                            @if r.evidence.len() > EVIDENCE_SHOWN {
                                li.sub { a href=(url("/", &[("person", Some(&card.name))])) { (ctx.t("person.more_evidence")) " " (r.evidence.len() - EVIDENCE_SHOWN) } }
                            }
                        }
                    }
                }
            }
        }
        h2 { (ctx.t("person.directed")) " (" (directed_total) ")" }
        @if directed.is_empty() { p.empty { (ctx.t("person.no_directed")) } } @else {
            table.tasks.directed {
                thead { tr { th { (ctx.t("attr.deadline")) } th { (ctx.t("tasks.state")) } th { (ctx.t("attr.assignee")) } th { (ctx.t("tasks.task")) } } }
                tbody {
                    @for t in &directed {
                        tr.overdue[t.state == chidao_store::TaskState::OpenOverdue] {
                            td.due { (show_date(ctx.lang, t.deadline.as_deref())) }
                            td { span.state { (state_label(&ctx, t.state)) } }
                            td { (t.assignee.clone().unwrap_or_else(|| "—".into())) }
                            td { a href=(doc_href(&t.doc, Some(t.span))) { (t.text) } div.sub { span.date { (show_date(ctx.lang, t.doc_date.as_deref())) } } }
                        }
                    }
                }
            }
        }
        @if directed_total > directed.len() { p.sub { (ctx.t("person.more_directed")) " " (directed_total - directed.len()) } }
        h2 { (ctx.t("person.chaired")) " (" (chaired.len()) ")" }
        @if chaired.is_empty() { p.empty { (ctx.t("person.no_chaired")) } } @else {
            ol.timeline.chaired {
                @for e in chaired.iter().take(CHAIRED_SHOWN) {
                    li.event {
                        span.when { (show_date(ctx.lang, e.date.as_deref())) }
                        span.what {
                            b { (event_kind(&ctx, &e.kind)) } @if let Some(p) = &e.place { " · " (p) }
                            ul.evidence { @for v in e.evidence.iter().take(EVIDENCE_SHOWN) { li { a href=(doc_href(&v.doc, Some(v.span))) { (v.headline.clone().unwrap_or_else(|| v.doc.clone())) } } } }
                        }
                    }
                }
            }
        }
        @if chaired.len() > CHAIRED_SHOWN { p.sub { (ctx.t("person.more_chaired")) " " (chaired.len() - CHAIRED_SHOWN) } }
    };
    Ok(layout(&ctx, &title, "", body))
}
