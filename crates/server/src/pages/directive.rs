//! A directive's page: what it is, then one timeline of its issue, every document citing it and
//! the tasks implementing it (by their deadlines).

use axum::extract::State;
use chidao_store::{CascadeNode, CascadeTree, NodeRole};
use maud::{Markup, html};

use serde::Deserialize;

use super::{Ctx, F, PageResult, S, doc_href, layout, page_err, see_other, show_date, state_label, url};
use super::P;
use crate::error::AppError;

/// One entry of the timeline.
enum Entry<'a> {
    Issued,
    Cited(&'a chidao_store::Citation, bool),
    Task(&'a chidao_store::TaskRow),
}

/// `GET /directive/{id}`.
pub async fn page(State(st): State<S>, ctx: Ctx, P(id): P<i64>) -> PageResult {
    let err = page_err(ctx.lang);
    let (card, tree) = st.read(move |s| Ok((s.directive_by_id(id)?, s.directive_tree(id, None)?))).await.map_err(&err)?;
    let card = card.ok_or_else(|| err(AppError::NotFound(format!("directive {id}: not in the register"))))?;
    let name = format!("{} {}", card.kind, card.code.clone().unwrap_or_else(|| card.number.clone()));
    // Dated entries in order; undated ones after.
    let mut entries: Vec<(Option<String>, Entry)> = Vec::new();
    if card.date.is_some() {
        entries.push((card.date.clone(), Entry::Issued));
    }
    for c in &card.cited_by {
        entries.push((c.date.clone(), Entry::Cited(c, false)));
    }
    for c in &card.maybe_cited_by {
        entries.push((c.date.clone(), Entry::Cited(c, true)));
    }
    for t in &card.tasks {
        entries.push((t.due.clone().or_else(|| t.doc_date.clone()), Entry::Task(t)));
    }
    entries.sort_by(|a, b| {
        let k = |d: &Option<String>| (d.is_none() || d.as_deref().is_some_and(|d| d.starts_with('X')), d.clone());
        k(&a.0).cmp(&k(&b.0))
    });
    let body = html! {
        header.card {
            h1 { (name) @if card.doubtful { " " span.tier.tier-low title=(ctx.t("dir.doubtful_why")) { (ctx.t("tier.low")) } } }
            dl {
                dt { (ctx.t("attr.issuer")) } dd { (card.issuer.clone().unwrap_or_else(|| "—".into())) }
                dt { (ctx.t("attr.date")) } dd { (show_date(ctx.lang, card.date.as_deref())) }
                dt { (ctx.t("attr.title")) } dd { (card.title.clone().unwrap_or_else(|| "—".into())) }
                dt { (ctx.t("dir.citations")) } dd { (card.cited_by.len()) @if !card.maybe_cited_by.is_empty() { " (+" (card.maybe_cited_by.len()) " " (ctx.t("dir.ambiguous")) ")" } }
                dt { (ctx.t("dir.tasks")) } dd {
                    @if card.tasks.is_empty() { "0" } @else { a href=(url("/tasks", &[("directive", card.code.as_deref())])) { (card.tasks.len()) } }
                    @if card.doubtful_tasks > 0 {
                        " (+" a href=(url("/tasks", &[("directive", card.code.as_deref()), ("doubtful", Some("1"))])) { (card.doubtful_tasks) " " (ctx.t("tasks.doubtful_hidden")) } ")"
                    }
                }
            }
            (super::corrected_note(&ctx, &card.corrected))
            p { a href=(url("/", &[("directive", Some(&card.code.clone().unwrap_or_else(|| format!("{} {}", card.kind, card.number))))])) { (ctx.t("dir.search_citing")) " →" }
                " · " a href=(url("/dashboard", &[("directive", Some(&card.code.clone().unwrap_or_else(|| format!("{} {}", card.kind, card.number))))])) { (ctx.t("nav.dashboard")) " →" } }
            (super::dashboard::downloads(&ctx, &super::dashboard::ScopeParams { directive: Some(card.code.clone().unwrap_or_else(|| format!("{} {}", card.kind, card.number))), ..Default::default() }, Some(format!("/calendar/directive/{}.ics", card.id))))
        }
        @if let Some(tree) = &tree { (cascade(&ctx, tree)) }
        h2 { (ctx.t("dir.timeline")) }
        ol.timeline {
            @for (date, e) in &entries {
                @match e {
                    Entry::Issued => li.issued {
                        span.when { (show_date(ctx.lang, date.as_deref())) }
                        span.what { b { (ctx.t("dir.issued")) } @if let Some(i) = &card.issuer { " — " (i) } }
                    },
                    Entry::Cited(c, maybe) => li.cited.maybe[*maybe] {
                        span.when { (show_date(ctx.lang, date.as_deref())) }
                        span.what {
                            (ctx.t(if *maybe { "dir.maybe_cited" } else { "dir.cited" })) ": "
                            a href=(doc_href(&c.doc, Some(c.span))) { (c.headline.clone().unwrap_or_else(|| c.doc.clone())) }
                            @if c.duplicate_of.is_some() { " " span.dup { (ctx.t("dir.copy")) } }
                            @if ctx.can_edit && !*maybe && card.cited_by.len() > 1 {
                                form.split method="post" action=(format!("/directive/{}/split", card.id)) {
                                    input type="hidden" name="doc" value=(c.doc);
                                    button type="submit" title=(ctx.t("dir.split_help")) { (ctx.t("dir.split")) }
                                }
                            }
                        }
                    },
                    Entry::Task(t) => li.task.overdue[t.state == chidao_store::TaskState::OpenOverdue] {
                        span.when { (show_date(ctx.lang, date.as_deref())) }
                        span.what {
                            span.state { (state_label(&ctx, t.state)) } (super::tasks::tier_badge(&ctx, t)) " "
                            @if let Some(a) = &t.assignee { b { (a) } ": " }
                            a href=(doc_href(&t.doc, Some(t.span))) { (t.text) }
                        }
                    },
                }
            }
        }
        @if ctx.can_edit {
            section.card {
                h2 { (ctx.t("dir.merge")) }
                p.sub { (ctx.t("dir.merge_help")) }
                form.merge method="post" action=(format!("/directive/{}/merge", card.id)) {
                    label { (ctx.t("dir.merge_into")) " " input type="number" name="into" min="1" required; }
                    " " input type="text" name="note" placeholder=(ctx.t("tasks.note")) aria-label=(ctx.t("tasks.note"));
                    " " button type="submit" { (ctx.t("dir.merge")) }
                }
            }
        }
    };
    Ok(layout(&ctx, &name, "", body))
}

/// The implementation cascade: the directive, then the documents implementing it level by
/// level, as nested lists (server-rendered, no script), each with its tasks by state and a link
/// to its text.
fn cascade(ctx: &Ctx, tree: &CascadeTree) -> Markup {
    html! {
        section.card #cascade {
            h2 { (ctx.t("dir.tree")) }
            p.sub { (ctx.t("dir.tree_help")) " " (show_date(ctx.lang, Some(&tree.as_of))) "." }
            @if tree.root.children.is_empty() {
                p { (ctx.t("dir.tree_empty")) }
            } @else {
                ul.cascade.top { (node(ctx, &tree.root, true)) }
                @if tree.truncated { p.sub { (ctx.t("dir.tree_truncated")) } }
            }
        }
    }
}

fn node(ctx: &Ctx, n: &CascadeNode, root: bool) -> Markup {
    let (class, role) = match n.role {
        NodeRole::Directive => ("directive", "dir.tree_directive"),
        NodeRole::Implementing => ("implementing", "dir.tree_implementing"),
        NodeRole::Report => ("report", "dir.tree_report"),
    };
    let name = format!("{} {}", n.kind, n.code.as_deref().unwrap_or(""));
    let t = n.tasks;
    html! {
        li class=(class) {
            span.role { (ctx.t(role)) } " "
            @match &n.doc {
                Some(d) => a href=(doc_href(d, None)) { b { (name.trim_end()) } },
                None => b { (name.trim_end()) },
            }
            " — " (n.issuer.as_deref().unwrap_or("—")) ", " (show_date(ctx.lang, n.date.as_deref()))
            @if let (false, Some(d)) = (root, n.directive) { " · " a href=(format!("/directive/{d}")) { (ctx.t("dir.tree_page")) } }
            @if let Some(title) = &n.title { div.sub { (title) } }
            div.counts {
                @if t.total == 0 { (ctx.t("dir.tree_no_tasks")) } @else {
                    (t.total) " " (ctx.t("dir.tree_tasks")) ": "
                    span.done { (t.done) " " (ctx.t("dir.tree_done")) } " · "
                    span.overdue[t.overdue > 0] { (t.overdue) " " (ctx.t("dir.tree_overdue")) } " · "
                    (t.open_in_time) " " (ctx.t("dir.tree_in_time")) " · "
                    (t.no_deadline) " " (ctx.t("dir.tree_no_deadline"))
                }
                @if n.doc.is_none() { " " span.sub { (ctx.t("dir.tree_no_text")) } }
            }
            @if n.cycle { div.sub { "↑ " (ctx.t("dir.tree_cycle")) } }
            @if !n.children.is_empty() {
                ul.cascade { @for c in &n.children { (node(ctx, c, false)) } }
            }
        }
    }
}

/// The form of a split.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitForm {
    doc: String,
    note: Option<String>,
}

/// The form of a merge.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeForm {
    into: i64,
    note: Option<String>,
}

/// `POST /directive/{id}/split`: a document's citation is another directive (kept on re-ingest);
/// goes to the directive it now is.
pub async fn split(State(st): State<S>, ctx: Ctx, super::W(who): super::W, P(id): P<i64>, F(f): F<SplitForm>) -> PageResult {
    let err = page_err(ctx.lang);
    let author = who.author(None, ctx.t("corr.default_author"));
    let d = st.write(move |s| s.split_directive(id, &f.doc, f.note.as_deref(), &author)).await.map_err(&err)?;
    Ok(see_other(&format!("/directive/{d}")))
}

/// `POST /directive/{id}/merge`: the directive is the same as another (kept on re-ingest).
pub async fn merge(State(st): State<S>, ctx: Ctx, super::W(who): super::W, P(id): P<i64>, F(f): F<MergeForm>) -> PageResult {
    let err = page_err(ctx.lang);
    let author = who.author(None, ctx.t("corr.default_author"));
    let d = st.write(move |s| s.merge_directives(id, f.into, f.note.as_deref(), &author)).await.map_err(&err)?;
    Ok(see_other(&format!("/directive/{d}")))
}
