//! The record of what people corrected: every correction, newest first, with who, when, what
//! and a link to the fact in its document; withdrawn ones on request.

use axum::extract::State;
use chidao_store::Action;
use maud::html;
use serde::Deserialize;

use super::{Ctx, PageResult, S, doc_href, layout, page_err, url};
use super::Q;

#[derive(Debug, Deserialize)]
pub struct Params {
    doc: Option<String>,
    withdrawn: Option<bool>,
}

/// `GET /corrections`.
pub async fn page(State(st): State<S>, ctx: Ctx, Q(p): Q<Params>) -> PageResult {
    let err = page_err(ctx.lang);
    let (doc, withdrawn) = (p.doc.clone().filter(|d| !d.is_empty()), p.withdrawn.unwrap_or(false));
    let rows = st.read(move |s| s.corrections(doc.as_deref(), withdrawn, 500)).await.map_err(&err)?;
    let body = html! {
        h1 { (ctx.t("corrlist.title")) }
        p.hint { (ctx.t("corrlist.explain")) }
        p {
            @if withdrawn {
                a href=(url("/corrections", &[("doc", p.doc.as_deref())])) { (ctx.t("corrlist.hide_withdrawn")) }
            } @else {
                a href=(url("/corrections", &[("doc", p.doc.as_deref()), ("withdrawn", Some("true"))])) { (ctx.t("corrlist.show_withdrawn")) }
            }
        }
        @if rows.is_empty() { p.empty { (ctx.t("corrlist.none")) } }
        table.tasks {
            thead { tr {
                th { (ctx.t("corrlist.when")) } th { (ctx.t("corrlist.who")) } th { (ctx.t("corrlist.what")) }
                th { (ctx.t("kind.document")) } th { (ctx.t("corr.note")) }
            } }
            tbody {
                @for c in &rows {
                    tr.withdrawn[c.withdrawn] {
                        td.due { (ctx.local(&c.created_at)) }
                        td { span.byperson { "✎ " (c.author) } }
                        td {
                            (ctx.t(&format!("corr.{}_done", c.action.as_str()))) " · " (ctx.t(&format!("kind.{}", c.kind)))
                            @if c.action == Action::Edit {
                                @if let (Some(f), Some(v)) = (&c.field, &c.value) { " · " (ctx.t(&format!("attr.{f}"))) " = " q { (v) } }
                            }
                            @if c.withdrawn { " " span.badge.rej { (ctx.t("corrlist.withdrawn")) } }
                        }
                        td { a href=(doc_href(&c.doc, Some(c.span))) { (c.doc) } details.internal { summary { (ctx.t("task.internal")) } (ctx.t("attr.span")) ": " code { (c.span.0) "–" (c.span.1) } } }
                        td { (c.note.clone().unwrap_or_default()) }
                    }
                }
            }
        }
    };
    Ok(layout(&ctx, ctx.t("corrlist.title"), "corrections", body))
}
